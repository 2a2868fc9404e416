//! `minwon embed`: print embeddings as JSON arrays, one per text.

use std::io::Write;

use anyhow::Context;

use super::{for_each_stdin_line, Outcome};
use crate::config::Config;
use crate::embed::{self, Role};

/// Print the embedding of TEXT as one JSON array of floats. Without TEXT,
/// read lines from stdin and print one JSON array per line, in order.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to embed; omit to read lines from stdin.
    text: Option<String>,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<Outcome> {
    let embedder = embed::load(&config.model_dir)?;
    let mut out = std::io::stdout().lock();
    let mut print = |text: &str| -> anyhow::Result<()> {
        let vector = embedder.embed(text, Role::Query)?;
        serde_json::to_writer(&mut out, &vector)?;
        writeln!(out)?;
        out.flush().context("writing stdout")
    };
    match args.text {
        Some(text) => print(&text)?,
        None => for_each_stdin_line(print)?,
    }
    Ok(Outcome::Ok)
}
