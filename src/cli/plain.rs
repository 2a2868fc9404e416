//! `minwon plain add FILE...`: bring newly written plain-language layers
//! into the corpus, each stamped with the official text it was written from.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use serde::Deserialize;

use super::Outcome;
use crate::config::Settings;
use crate::corpus::catalogue::Catalogue;
use crate::corpus::plain::{self, Plain, PlainText};

/// The plain-language layer over catalogue services (corpus/plain/).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Add (or replace) layers from JSON-lines FILEs, one service a line:
    /// `{"id": "<서비스ID>", "ko": {name, summary, who, get, apply, asks},
    /// "en": {…}}`. Each is stamped with a hash of the catalogue's official
    /// fields as they are now, so `minwon check` can tell when the official
    /// text changes. Run it right after writing them from that text. Every
    /// line is checked first; one bad line (its file and line are named)
    /// and nothing is written.
    Add {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// A layer as written, before its stamp.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    id: String,
    ko: PlainText,
    en: PlainText,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    let Action::Add { files } = args.action;
    let dir = &settings.paths.corpus;
    let catalogue = Catalogue::load(dir)?;
    let services: BTreeMap<&str, _> = catalogue
        .services()
        .iter()
        .map(|s| (s.id().as_str(), s))
        .collect();
    let mut layers: BTreeMap<String, Plain> = plain::load(dir)?
        .into_iter()
        .map(|(id, (plain, _))| (id, plain))
        .collect();
    let mut added = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).with_context(|| file.display().to_string())?;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let at = || format!("{}:{}", file.display(), n + 1);
            let written: Written = serde_json::from_str(line).with_context(at)?;
            let service = services
                .get(written.id.as_str())
                .with_context(|| format!("{}: {} is not in the catalogue", at(), written.id))?;
            let layer = Plain {
                id: written.id.clone(),
                source: plain::source_hash(service),
                ko: written.ko,
                en: written.en,
            };
            layers.insert(written.id, layer);
            added += 1;
        }
    }
    let all: Vec<Plain> = layers.into_values().collect();
    plain::save(dir, &all).with_context(|| dir.join(plain::PLAIN_DIR).display().to_string())?;
    println!(
        "added {added} layers; {} services have one (run `minwon check`)",
        all.len()
    );
    Ok(Outcome::Ok)
}
