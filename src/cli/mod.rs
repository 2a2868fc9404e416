//! The command line: one subcommand per file; doc comments are the `--help` text.

mod ask;
mod check;
mod embed;
mod eval;
mod import;
mod index;
mod regions;
mod report;
mod ui;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Config;

/// What a successful run found, for the exit code (0 ok, 1 findings; errors are 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Findings,
}

/// minwon: offline answers to citizens' questions about public services.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// A TOML config file (see docs/minwon.example.toml).
    #[arg(long, global = true, env = "MINWON_CONFIG")]
    config: Option<PathBuf>,
    /// The sentence-transformers model folder [default: models/all-MiniLM-L6-v2].
    #[arg(long, global = true)]
    model: Option<PathBuf>,
    /// The corpus folder [default: corpus].
    #[arg(long, global = true)]
    corpus: Option<PathBuf>,
    /// The search index folder [default: index].
    #[arg(long, global = true)]
    index: Option<PathBuf>,
    /// Without a subcommand, minwon opens the UI in the configured mode (or,
    /// when not on a terminal, answers stdin like `ask`).
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    Ask(ask::Args),
    Check(check::Args),
    Embed(embed::Args),
    Eval(eval::Args),
    Import(import::Args),
    Index(index::Args),
    Regions(regions::Args),
    Report(report::Args),
    Ui(ui::Args),
}

impl Cli {
    /// Turns the config file and flags into one checked `Config`.
    fn config(&self) -> anyhow::Result<Config> {
        let mut config = match &self.config {
            Some(path) => Config::from_file(path)?,
            None => Config::default(),
        };
        if let Some(model) = &self.model {
            config.model_dir = model.clone();
        }
        if let Some(corpus) = &self.corpus {
            config.corpus_dir = corpus.clone();
        }
        if let Some(index) = &self.index {
            config.index_dir = index.clone();
        }
        Ok(config)
    }
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let config = cli.config().context("configuration")?;
    match cli.command.unwrap_or_default() {
        Command::Ask(args) => ask::run(&config, args),
        Command::Check(args) => check::run(&config, args),
        Command::Embed(args) => embed::run(&config, args),
        Command::Eval(args) => eval::run(&config, args),
        Command::Import(args) => import::run(&config, args),
        Command::Index(args) => index::run(&config, args),
        Command::Regions(args) => regions::run(&config, args),
        Command::Report(args) => report::run(&config, args),
        Command::Ui(args) => ui::run(&config, args),
    }
}

/// Reads stdin line by line, decoding invalid UTF-8 lossily and dropping the
/// line ending, and calls `each` for every line in order.
pub(crate) fn for_each_stdin_line(
    mut each: impl FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use std::io::BufRead;
    let mut stdin = std::io::stdin().lock();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if stdin.read_until(b'\n', &mut buf).context("reading stdin")? == 0 {
            return Ok(());
        }
        let line = String::from_utf8_lossy(&buf);
        each(line.trim_end_matches(['\n', '\r']))?;
    }
}

impl Default for Command {
    fn default() -> Self {
        use std::io::IsTerminal;
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            Command::Ui(ui::Args::default())
        } else {
            Command::Ask(ask::Args::default())
        }
    }
}
