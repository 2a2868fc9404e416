//! `minwon check`: validate the whole corpus and report every problem, then
//! report the configuration (whether the kiosk can read aloud).

use std::collections::BTreeSet;

use super::Outcome;
use crate::config::Settings;
use crate::corpus::{self, Severity};
use crate::sanitize::for_display;
use crate::speech::{self, SpeechError};

/// Validate the corpus (service files, categories.toml and the dev set) and
/// print every problem as `path:line: error|warning: message`, then a
/// summary. Errors make the corpus unusable (the kiosk will not start);
/// warnings are for maintainers. A last line reports the configuration:
/// whether speech works, or why it is off (a missing or failing engine is
/// a finding). Exits 0 when clean, 1 when anything was found, 2 when it
/// could not run.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(settings: &Settings, _args: Args) -> anyhow::Result<Outcome> {
    let checked = corpus::check_dir(&settings.paths.corpus)?;
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
