//! `minwon index`: build the search index from the corpus.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::{embedder, Outcome};
use crate::config::Settings;
use crate::engine::{Engine, Loading};

/// Build the search index from the corpus (only changed texts are embedded
/// again), replacing the previous index atomically.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(settings: &Settings, _args: Args) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(0).with_style(
            ProgressStyle::with_template("embedding {bar:30} {pos}/{len} texts, {eta} left")
                .expect("valid template"),
        )
    } else {
        ProgressBar::hidden()
    };
    let (_, report) = Engine::build(settings, embedder(settings)?, &mut |loading| {
        if let Loading::Embedded { done, total } = loading {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    })?;
    bar.finish_and_clear();
    eprintln!(
        "indexed {} entries, {} vectors ({} embedded, {} from cache) in {:.2} s ({:.2} s embedding) -> {}",
        report.entries,
        report.vectors,
        report.embedded,
        report.vectors - report.embedded,
        started.elapsed().as_secs_f64(),
        report.embedding.as_secs_f64(),
        settings.paths.index.display()
    );
    Ok(Outcome::Ok)
}
