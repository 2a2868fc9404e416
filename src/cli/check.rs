//! `minwon check`: validate the whole corpus and report every problem.

use std::collections::BTreeSet;

use super::Outcome;
use crate::config::Settings;
use crate::corpus::{self, Severity};

/// Validate the corpus (service files, categories.toml and the dev set) and
/// print every problem as `path:line: error|warning: message`, then a
/// summary. Errors make the corpus unusable (the kiosk will not start);
/// warnings are for maintainers. Exits 0 when clean, 1 when anything was
/// found, 2 when it could not run.
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
    if checked.problems.is_empty() {
        println!("{what}: no problems");
        return Ok(Outcome::Ok);
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
    Ok(Outcome::Findings)
}
