//! `minwon bundle keygen|pack|install`: build the index once, run it on
//! many kiosks, installing only what the maintainer signed.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{embedder, Outcome};
use crate::config::Settings;
use crate::corpus::{catalogue, Corpus};
use crate::engine::live_index;
use crate::index::bundle;
use crate::index::signature::{PublicKey, SecretKey};

/// Pack the built index into one signed, checksummed file, or install such
/// a file on a kiosk (so a fleet never embeds the whole catalogue on every
/// kiosk, and installs only what its maintainer built).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Make a new signing key: the secret key goes into FILE (readable by
    /// you only; never overwritten), the public key is printed for the
    /// kiosks' `bundle.trusted_keys`.
    Keygen { file: PathBuf },
    /// Pack the live index (built from this corpus with this model; run
    /// `minwon index` first) into FILE, signed with the maintainer's key.
    Pack {
        file: PathBuf,
        /// The secret key file [default: the config's `bundle.signing_key`].
        #[arg(long)]
        key: Option<PathBuf>,
    },
    /// Verify FILE (signed by a key in `bundle.trusted_keys`, every
    /// checksum, its list of files, its vectors, and that it was built with
    /// this kiosk's model from this kiosk's corpus) and make it the live
    /// index. A bundle that fails any check is refused and nothing changes.
    Install { file: PathBuf },
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    if let Action::Keygen { file } = &args.action {
        let key = SecretKey::generate()?;
        key.write_new(file)?;
        println!(
            "secret key written to {} (keep it off the kiosks)",
            file.display()
        );
        println!("public key for the kiosks' config:");
        println!("[bundle]\ntrusted_keys = [\"{}\"]", key.public());
        return Ok(Outcome::Ok);
    }
    let corpus = Corpus::load(&settings.paths.corpus)?;
    let (_, fingerprint) = live_index(settings, &corpus, embedder(settings)?.as_ref())?;
    let dir = &settings.paths.index;
    let (did, preposition, file, done) = match &args.action {
        Action::Keygen { .. } => unreachable!("handled above"),
        Action::Pack { file, key } => {
            let key = signing_key(settings, key.as_deref())?;
            (
                "packed",
                "into",
                file,
                bundle::pack(dir, &fingerprint, file, &key)?,
            )
        }
        Action::Install { file } => {
            let trusted = trusted_keys(settings)?;
            let done = bundle::install(file, dir, &fingerprint, &trusted)?;
            // The kiosk's first start then reads the catalogue's compact form.
            catalogue::store::refresh(&catalogue::dir(&settings.paths.corpus))?;
            ("installed", "from", file, done)
        }
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

/// The key `pack` signs with: `--key`, else the config's, relative to it.
fn signing_key(settings: &Settings, flag: Option<&Path>) -> anyhow::Result<SecretKey> {
    let from_config = settings.config.bundle.signing_key.as_ref().map(|path| {
        let dir = settings.config_file.as_ref().and_then(|f| f.parent());
        dir.map_or_else(|| path.clone(), |dir| dir.join(path))
    });
    let path = flag.map(Path::to_path_buf).or(from_config).context(
        "no signing key: pass --key FILE or set bundle.signing_key (make one with `minwon bundle keygen FILE`)",
    )?;
    Ok(SecretKey::read(&path)?)
}

fn trusted_keys(settings: &Settings) -> anyhow::Result<Vec<PublicKey>> {
    let keys = &settings.config.bundle.trusted_keys;
    keys.iter()
        .map(|key| PublicKey::parse(key).context("bundle.trusted_keys"))
        .collect()
}
