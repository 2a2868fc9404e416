//! `minwon check`: validate the whole corpus and report every problem.

use std::collections::BTreeSet;

use super::Outcome;
use crate::config::Config;
use crate::corpus;

/// Validate the corpus (service files, categories.toml and the dev set) and
/// print every problem as `path:line: message`, then a summary. Exits 0 when
/// clean, 1 when problems were found, 2 when it could not run.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(config: &Config, _args: Args) -> anyhow::Result<Outcome> {
    let checked = corpus::check_dir(&config.corpus_dir)?;
    for problem in &checked.problems {
        println!("{problem}");
    }
    let services = checked.corpus.as_ref().map(|c| c.services.len());
    let files: BTreeSet<_> = checked.problems.iter().map(|p| &p.path).collect();
    let what = match services {
        Some(n) => format!(
            "checked {n} services, {} dev questions",
            checked.dev_questions
        ),
        None => format!("checked {}", config.corpus_dir.display()),
    };
    if checked.problems.is_empty() {
        println!("{what}: no problems");
        Ok(Outcome::Ok)
    } else {
        println!(
            "{what}: {} problem{} in {} file{}",
            checked.problems.len(),
            if checked.problems.len() == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" },
        );
        Ok(Outcome::Findings)
    }
}
