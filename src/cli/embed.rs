//! `minwon embed`: print embeddings as JSON arrays, one per text.

use std::io::Write;

use anyhow::Context;

use super::{embedder, for_each_stdin_batch, Outcome};
use crate::config::Settings;
use crate::embed::Role;

/// Print the embedding of TEXT as one JSON array of floats. Without TEXT,
/// read lines from stdin and print one JSON array per line, in order
/// (lines already waiting are embedded together, which is much faster).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to embed; omit to read lines from stdin.
    text: Option<String>,
    /// Embed as stored passages rather than as questions (matters for
    /// models that tell them apart, such as multilingual-e5).
    #[arg(long)]
    passage: bool,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    let embedder = embedder(settings)?;
    let role = if args.passage {
        Role::Passage
    } else {
        Role::Query
    };
    let mut out = std::io::stdout().lock();
    let mut print = |texts: &[&str]| -> anyhow::Result<()> {
        for vector in embedder.embed_many(texts, role, 32)? {
            serde_json::to_writer(&mut out, &vector)?;
            writeln!(out)?;
        }
        out.flush().context("writing stdout")
    };
    match &args.text {
        Some(text) => print(&[text])?,
        None => for_each_stdin_batch(256, |batch| {
            print(&batch.iter().map(String::as_str).collect::<Vec<_>>())
        })?,
    }
    Ok(Outcome::Ok)
}
