//! `minwon check`: validate the whole corpus and report every problem, then
//! report the configuration (whether the kiosk can read aloud).

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::Outcome;
use crate::config::Settings;
use crate::corpus::catalogue::stamp::{self, Age, StampError};
use crate::corpus::catalogue::{self, Catalogue, Date};
use crate::corpus::{self, Problem, Severity};
use crate::sanitize::for_display;
use crate::speech::{self, SpeechError};

/// Validate the corpus (service files, categories.toml and the dev set) and
/// print every problem as `path:line: error|warning: message`, then a
/// summary. Errors make the corpus unusable (the kiosk will not start);
/// warnings are for maintainers. A catalogue older than the config's
/// import.max_age_days (by its IMPORTED stamp, else its newest 수정일시) is
/// a warning; a line says how old it is. A last line reports the configuration:
/// whether speech works, or why it is off (a missing or failing engine is
/// a finding). Exits 0 when clean, 1 when anything was found, 2 when it
/// could not run.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(settings: &Settings, _args: Args) -> anyhow::Result<Outcome> {
    let mut checked = corpus::check_dir(&settings.paths.corpus)?;
    let age = catalogue_age(settings, &mut checked.problems);
    for problem in &checked.problems {
        println!("{problem}");
    }
    let count = |severity| {
        checked
            .problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let files: BTreeSet<_> = checked.problems.iter().map(|p| &p.path).collect();
    let what = match &checked.corpus {
        Some(corpus) => format!(
            "checked {} entries, {} dev questions",
            corpus.entries().len(),
            checked.dev_questions
        ),
        None => format!("checked {}", settings.paths.corpus.display()),
    };
    let speech = configuration(settings);
    let pin = staff_pin(settings);
    if checked.problems.is_empty() {
        println!("{what}: no problems");
        age.iter()
            .for_each(|line| println!("{}", for_display(line)));
        println!("{}", for_display(&speech.line));
        println!("{}", for_display(&pin.line));
        return Ok(speech.outcome.max(pin.outcome));
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    println!(
        "{what}: {}, {} in {}{}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files.len(), "file"),
        if errors > 0 {
            " (errors stop `ask` and the UI)"
        } else {
            ""
        }
    );
    age.iter()
        .for_each(|line| println!("{}", for_display(line)));
    println!("{}", for_display(&speech.line));
    println!("{}", for_display(&pin.line));
    Ok(Outcome::Findings)
}

/// Whether staff can leave the kiosk with a PIN of their own. A deployment
/// (a config file) with the default or an empty PIN is an error; without a
/// config file minwon is being tried out, and the line only says so.
fn staff_pin(settings: &Settings) -> Report {
    let problem = settings.config.ui.staff_pin_problem();
    match (problem, &settings.config_file) {
        (None, _) => Report {
            line: "configuration: staff PIN set".into(),
            outcome: Outcome::Ok,
        },
        (Some(problem), Some(file)) => Report {
            line: format!("{}: error: {problem}", file.display()),
            outcome: Outcome::Findings,
        },
        (Some(problem), None) => Report {
            line: format!(
                "configuration: no config file (fine for a try, not for a kiosk): {problem}"
            ),
            outcome: Outcome::Ok,
        },
    }
}

/// How old the catalogue is, as a line (none without a catalogue), with a
/// warning among the problems past `import.max_age_days`: from the stamp
/// the last import wrote, else from the newest 수정일시.
fn catalogue_age(settings: &Settings, problems: &mut Vec<Problem>) -> Option<String> {
    let dir = catalogue::dir(&settings.paths.corpus);
    let stamp_path = dir.join(stamp::STAMP_FILE);
    let warn = |path: PathBuf, message: String| Problem {
        path,
        line: 1,
        severity: Severity::Warning,
        message,
    };
    let stamp = stamp::read(&dir).unwrap_or_else(|err| {
        let reason = match &err {
            StampError::Invalid { message, .. } => message.clone(),
            other => {
                std::error::Error::source(other).map_or(other.to_string(), ToString::to_string)
            }
        };
        problems.push(warn(
            stamp_path.clone(),
            format!("not a stamp of `minwon import gov24`: {reason}"),
        ));
        None
    });
    let newest = match stamp {
        Some(_) => None,
        None => Catalogue::load(&settings.paths.corpus)
            .ok()
            .and_then(|c| stamp::newest_change(&c)),
    };
    let stamped = stamp.is_some();
    let age = Age::of(stamp, newest, Date::today())?;
    if let Some(message) = age.warning(settings.config.import.max_age_days) {
        let path = if stamped {
            stamp_path
        } else {
            dir.join(catalogue::store::SERVICES_DIR)
        };
        problems.push(warn(path, message));
    }
    Some(format!("catalogue: {age}"))
}

/// The configuration report: one line, and whether it is a finding.
struct Report {
    line: String,
    outcome: Outcome,
}

/// Whether the kiosk will read aloud, and if not, why. Switched off in the
/// config is a choice; an engine that is missing or fails is a finding.
fn configuration(settings: &Settings) -> Report {
    let config = &settings.config.speech;
    match speech::check(config) {
        Ok(()) => Report {
            line: format!(
                "configuration: speech on (`{}`, voices {} and {}, {} words per minute{})",
                config.command.join(" "),
                config.voice_ko,
                config.voice_en,
                config.rate,
                if config.auto { ", automatic" } else { "" }
            ),
            outcome: Outcome::Ok,
        },
        Err(err) => Report {
            line: format!("configuration: speech off: {err}"),
            outcome: match err {
                SpeechError::Disabled => Outcome::Ok,
                _ => Outcome::Findings,
            },
        },
    }
}
