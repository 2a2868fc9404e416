//! `minwon report`: summarise the UI's log for maintainers.

use std::path::PathBuf;

use anyhow::Context;

use super::Outcome;
use crate::config::Config;
use crate::tui::log::summarise;

/// Summarise the UI's log: the decision mix, the most frequent unanswered
/// questions, and the entries marked not helpful.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The log file [default: the config's `ui.log_path`].
    log: Option<PathBuf>,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<Outcome> {
    let path = args
        .log
        .unwrap_or_else(|| PathBuf::from(&config.ui.log_path));
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    print!("{}", summarise(&text));
    Ok(Outcome::Ok)
}
