//! `minwon bundle pack|install`: build the index once, run it on many kiosks.

use std::path::PathBuf;

use super::{embedder, Outcome};
use crate::config::Settings;
use crate::corpus::Corpus;
use crate::engine::live_index;
use crate::index::bundle;

/// Pack the built index into one checksummed file, or install such a file
/// on a kiosk (so a fleet never embeds the whole catalogue on every kiosk).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Pack the live index (built from this corpus with this model; run
    /// `minwon index` first) into FILE.
    Pack { file: PathBuf },
    /// Verify FILE (every checksum, and that it was built with this kiosk's
    /// model from this kiosk's corpus) and make it the live index. A bundle
    /// that fails any check is refused and nothing changes.
    Install { file: PathBuf },
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    let corpus = Corpus::load(&settings.paths.corpus)?;
    let (_, fingerprint) = live_index(settings, &corpus, embedder(settings)?.as_ref())?;
    let dir = &settings.paths.index;
    let (did, preposition, file, done) = match &args.action {
        Action::Pack { file } => (
            "packed",
            "into",
            file,
            bundle::pack(dir, &fingerprint, file)?,
        ),
        Action::Install { file } => (
            "installed",
            "from",
            file,
            bundle::install(file, dir, &fingerprint)?,
        ),
    };
    println!(
        "{did} {} entries, {} vectors ({:.1} MB, sha256 {}) {preposition} {}",
        done.entries,
        done.vectors,
        done.bytes as f64 / 1e6,
        done.sha256,
        file.display()
    );
    Ok(Outcome::Ok)
}
