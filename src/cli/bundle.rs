//! `minwon bundle pack|install`: build the index once, run it on many kiosks.

use std::path::PathBuf;

use super::{embedder, Outcome};
use crate::config::Settings;
use crate::corpus::Corpus;
use crate::index::{self, bundle, Fingerprint};

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
    let dir = &settings.paths.index;
    let live = index::live(dir);
    let fingerprint = Fingerprint::current(
        &corpus,
        &settings.paths.model,
        embedder(settings)?.settings(),
        live.model_records(),
    )?;
    let (verb, file, done) = match &args.action {
        Action::Pack { file } => ("packed", file, bundle::pack(dir, &fingerprint, file)?),
        Action::Install { file } => ("installed", file, bundle::install(file, dir, &fingerprint)?),
    };
    println!(
        "{verb} {} entries, {} vectors ({:.1} MB, sha256 {}) {} {}",
        done.entries,
        done.vectors,
        done.bytes as f64 / 1e6,
        done.sha256,
        if verb == "packed" { "into" } else { "from" },
        file.display()
    );
    Ok(Outcome::Ok)
}
