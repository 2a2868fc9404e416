//! `minwon ui` (and plain `minwon`): the terminal UI.

use super::Outcome;
use crate::config::{Mode, Settings};
use crate::tui;

/// Open the terminal UI: `kiosk` for citizens (large, numbered, resets when
/// idle, cannot be quit without the staff PIN) or `clerk` for the counter.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// The mode, kiosk or clerk [default: the config's `ui.mode`, else kiosk].
    #[arg(long)]
    mode: Option<Mode>,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    tui::run(settings, args.mode.unwrap_or(settings.config.ui.mode))?;
    Ok(Outcome::Ok)
}
