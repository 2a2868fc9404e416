//! `minwon report`: summarise the UI's log for maintainers.

use std::path::PathBuf;

use anyhow::Context;

use super::Outcome;
use crate::config::Settings;
use crate::log::summarise;

/// Summarise the UI's log: the decision mix, failed questions, the most
/// frequent unanswered questions, and the entries marked not helpful.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The log file [default: the config's `ui.log_path`].
    log: Option<PathBuf>,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    let path = args
        .log
        .or_else(|| settings.paths.log.clone())
        .context("no log: `ui.log_path` is empty in the config; name a log file")?;
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    print!("{}", summarise(&text));
    Ok(Outcome::Ok)
}
