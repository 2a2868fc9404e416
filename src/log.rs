//! The maintainers' log (JSON Lines): what the UI writes and `minwon
//! report`'s summary of it. Questions are scrubbed of personal data before
//! they are stored.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::answer::Decision;
use crate::config::Mode;
use crate::lang::Lang;
use crate::sanitize::scrub;

/// What the log records (the question is scrubbed when written).
#[derive(Debug, Clone, PartialEq)]
pub enum LogEvent {
    Asked {
        query: String,
        decision: Decision,
        shown: Vec<String>,
    },
    Chosen {
        id: String,
    },
    Helpful {
        id: String,
        helpful: bool,
    },
    /// A question that could not be answered because something broke.
    Failed {
        query: String,
        error: String,
    },
    /// Reading aloud is not offered: why (engine missing, failed, off).
    SpeechOff {
        reason: String,
    },
    /// A wrong staff PIN, the `tries`th in a row.
    WrongPin {
        tries: u32,
    },
    /// Something a maintainer must fix (the default staff PIN).
    Unsafe {
        reason: String,
    },
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    /// Seconds since the Unix epoch.
    pub time: u64,
    pub mode: Mode,
    pub lang: Lang,
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl LogLine {
    pub fn new(event: &LogEvent, mode: Mode, lang: Lang, time: u64) -> Self {
        let mut line = LogLine {
            time,
            mode,
            lang,
            event: String::new(),
            query: None,
            decision: None,
            shown: Vec::new(),
            chosen: None,
            helpful: None,
            error: None,
        };
        match event {
            LogEvent::Asked {
                query,
                decision,
                shown,
            } => {
                line.event = "asked".into();
                line.query = Some(scrub(query));
                line.decision = Some(*decision);
                line.shown = shown.clone();
            }
            LogEvent::Chosen { id } => {
                line.event = "chosen".into();
                line.chosen = Some(id.clone());
            }
            LogEvent::Helpful { id, helpful } => {
                line.event = "helpful".into();
                line.chosen = Some(id.clone());
                line.helpful = Some(*helpful);
            }
            LogEvent::Failed { query, error } => {
                line.event = "failed".into();
                line.query = Some(scrub(query));
                line.error = Some(error.clone());
            }
            LogEvent::SpeechOff { reason } => {
                line.event = "speech_off".into();
                line.error = Some(reason.clone());
            }
            LogEvent::WrongPin { tries } => {
                line.event = "wrong_pin".into();
                line.error = Some(format!("wrong staff PIN, {tries} in a row"));
            }
            LogEvent::Unsafe { reason } => {
                line.event = "unsafe".into();
                line.error = Some(reason.clone());
            }
        }
        line
    }
}

/// Where the log goes and how much of it is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct LogFile {
    pub path: std::path::PathBuf,
    /// The file is rotated (to `<path>.1`, `.2` …) once it reaches this size.
    pub max_bytes: u64,
    /// Rotated files kept; older ones are deleted.
    pub keep: u32,
}

impl LogFile {
    /// Appends a line; a log that cannot be written never stops the kiosk.
    /// The file is readable by its owner only (it holds what citizens asked,
    /// masked, but still theirs).
    pub fn append(&self, line: &LogLine) {
        let Ok(json) = serde_json::to_string(line) else {
            return;
        };
        self.rotate_if_full();
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let Ok(mut file) = options.open(&self.path) else {
            return;
        };
        // A log created by an older version (or by hand) is made private too.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
        }
        let _ = writeln!(file, "{json}");
    }

    /// The name of the `n`th rotated file.
    pub fn rotated(&self, n: u32) -> std::path::PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        name.into()
    }

    fn rotate_if_full(&self) {
        let full = std::fs::metadata(&self.path).is_ok_and(|m| m.len() >= self.max_bytes);
        if !full {
            return;
        }
        let _ = std::fs::remove_file(self.rotated(self.keep.max(1)));
        for n in (1..self.keep).rev() {
            let _ = std::fs::rename(self.rotated(n), self.rotated(n + 1));
        }
        if self.keep == 0 {
            let _ = std::fs::remove_file(&self.path);
        } else {
            let _ = std::fs::rename(&self.path, self.rotated(1));
        }
    }
}

/// What `minwon report` prints.
pub fn summarise(text: &str) -> String {
    let lines: Vec<LogLine> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let mut decisions: BTreeMap<String, usize> = BTreeMap::new();
    let mut unanswered: BTreeMap<String, usize> = BTreeMap::new();
    let mut not_helpful: BTreeMap<String, usize> = BTreeMap::new();
    let mut helpful = 0;
    let failed = lines.iter().filter(|l| l.event == "failed").count();
    for line in &lines {
        if let Some(decision) = line.decision {
            let name = serde_json::to_value(decision)
                .ok()
                .and_then(|v| v.as_str().map(String::from));
            *decisions.entry(name.unwrap_or_default()).or_default() += 1;
            if decision == Decision::NoMatch {
                if let Some(q) = &line.query {
                    *unanswered.entry(q.to_lowercase()).or_default() += 1;
                }
            }
        }
        match (line.helpful, &line.chosen) {
            (Some(false), Some(id)) => *not_helpful.entry(id.clone()).or_default() += 1,
            (Some(true), _) => helpful += 1,
            _ => {}
        }
    }
    let asked: usize = decisions.values().sum();
    let mut out = format!(
        "{} log lines, {asked} questions\n\nDecisions:\n",
        lines.len()
    );
    for (decision, count) in &decisions {
        out.push_str(&format!(
            "  {decision:<9} {count:>6}  {:>5.1}%\n",
            100.0 * *count as f64 / asked.max(1) as f64
        ));
    }
    out.push_str("\nMost frequent unanswered questions:\n");
    for (q, count) in top(&unanswered, 15) {
        out.push_str(&format!("  {count:>5}  {q}\n"));
    }
    out.push_str(&format!(
        "\nFailed (something broke; see the log's `error`): {failed}\nMarked helpful: {helpful}\nEntries marked not helpful:\n"
    ));
    for (id, count) in top(&not_helpful, 15) {
        out.push_str(&format!("  {count:>5}  {id}\n"));
    }
    out
}

fn top(counts: &BTreeMap<String, usize>, n: usize) -> Vec<(&String, usize)> {
    let mut all: Vec<_> = counts.iter().map(|(k, v)| (k, *v)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    all.truncate(n);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_question_is_scrubbed() {
        let event = LogEvent::Asked {
            query: "my phone 010-9876-5432 and mail lee@example.com, lost id".into(),
            decision: Decision::Answer,
            shown: vec!["id-card-reissue".into()],
        };
        let line = LogLine::new(&event, Mode::Kiosk, Lang::En, 0);
        assert_eq!(
            line.query.as_deref(),
            Some("my phone [number] and mail [email] lost id")
        );
    }

    #[test]
    fn the_log_is_private_and_rotated_by_size_keeping_the_newest() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let log = LogFile {
            path: dir.path().join("log.jsonl"),
            max_bytes: 200,
            keep: 2,
        };
        // A log left world-readable by an older version becomes private.
        std::fs::write(&log.path, "").unwrap();
        std::fs::set_permissions(&log.path, std::fs::Permissions::from_mode(0o644)).unwrap();
        for time in 0..20 {
            log.append(&LogLine::new(
                &LogEvent::Chosen {
                    id: "passport-issue".into(),
                },
                Mode::Kiosk,
                Lang::En,
                time,
            ));
        }
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&log.path), 0o600);
        assert_eq!(mode(&log.rotated(1)), 0o600);
        assert!(log.rotated(2).exists());
        assert!(!log.rotated(3).exists(), "only `keep` rotated files stay");
        for path in [&log.path, &log.rotated(1), &log.rotated(2)] {
            assert!(std::fs::metadata(path).unwrap().len() < 200 + 120);
        }
        let newest = std::fs::read_to_string(&log.path).unwrap();
        assert!(newest.contains("\"time\":19"), "{newest}");
    }

    #[test]
    fn report_counts_decisions_unanswered_and_not_helpful() {
        let lines = [
            LogLine::new(
                &LogEvent::Asked {
                    query: "weather".into(),
                    decision: Decision::NoMatch,
                    shown: vec![],
                },
                Mode::Kiosk,
                Lang::En,
                1,
            ),
            LogLine::new(
                &LogEvent::Asked {
                    query: "Weather".into(),
                    decision: Decision::NoMatch,
                    shown: vec![],
                },
                Mode::Kiosk,
                Lang::En,
                2,
            ),
            LogLine::new(
                &LogEvent::Asked {
                    query: "passport".into(),
                    decision: Decision::Answer,
                    shown: vec!["passport-issue".into()],
                },
                Mode::Kiosk,
                Lang::En,
                3,
            ),
            LogLine::new(
                &LogEvent::Helpful {
                    id: "passport-issue".into(),
                    helpful: false,
                },
                Mode::Kiosk,
                Lang::En,
                4,
            ),
        ];
        let text: String = lines
            .iter()
            .map(|l| serde_json::to_string(l).unwrap() + "\n")
            .collect();
        let report = summarise(&text);
        assert!(report.contains("4 log lines, 3 questions"), "{report}");
        assert!(report.contains("no_match       2   66.7%"), "{report}");
        assert!(report.contains("    2  weather"), "{report}");
        assert!(report.contains("    1  passport-issue"), "{report}");
    }
}
