//! `minwon index`: build the search index from the corpus.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::Outcome;
use crate::config::Config;
use crate::corpus::Corpus;
use crate::embed;
use crate::index::{self, Fingerprint};

/// Build the search index from the corpus (only changed texts are embedded
/// again), replacing the previous index atomically.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(config: &Config, _args: Args) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let corpus = Corpus::load(&config.corpus_dir)?;
    let embedder = embed::load(&config.model_dir)?;
    let fingerprint = Fingerprint::current(&corpus, &config.model_dir, &config.index_dir)?;

    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(0).with_style(
            ProgressStyle::with_template("embedding {bar:30} {pos}/{len} texts")
                .expect("valid template"),
        )
    } else {
        ProgressBar::hidden()
    };
    let report = index::build(
        &corpus,
        embedder.as_ref(),
        &fingerprint,
        &config.index_dir,
        &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
    )?;
    bar.finish_and_clear();
    eprintln!(
        "indexed {} entries, {} vectors ({} embedded, {} from cache) in {:.2} s -> {}",
        report.entries,
        report.vectors,
        report.embedded,
        report.vectors - report.embedded,
        started.elapsed().as_secs_f64(),
        config.index_dir.display()
    );
    Ok(Outcome::Ok)
}
