//! `minwon ui` (and plain `minwon`): the terminal UI.

use super::Outcome;
use crate::config::Config;
use crate::tui::{self, app::Mode};

/// Open the terminal UI: `kiosk` for citizens (large, numbered, resets when
/// idle, cannot be quit without the staff PIN) or `clerk` for the counter.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// The mode [default: the config's `ui.mode`, else kiosk].
    #[arg(long, value_enum)]
    mode: Option<Mode>,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<Outcome> {
    tui::run(config, args.mode.unwrap_or(config.ui.mode))?;
    Ok(Outcome::Ok)
}
