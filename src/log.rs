//! The maintainers' log (JSON Lines): what the UI writes and `minwon
//! report`'s summary of it. Questions are scrubbed of personal data before
//! they are stored.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

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
        }
        line
    }
}

/// Appends a line; a log that cannot be written never stops the kiosk.
pub fn append(path: &Path, line: &LogLine) {
    let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    else {
        return;
    };
    if let Ok(json) = serde_json::to_string(line) {
        let _ = writeln!(file, "{json}");
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
