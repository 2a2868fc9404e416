//! The command line: one subcommand per file; doc comments are the `--help`
//! text. What the user typed becomes checked [`Settings`] here, once;
//! nothing downstream second-guesses them.

mod ask;
mod bundle;
mod check;
mod embed;
mod eval;
mod import;
mod index;
mod plain;
mod regions;
mod report;
mod sweep;
mod ui;

use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::{Env, Flags, Settings};
use crate::corpus::catalogue::read::read_line;
use crate::corpus::Corpus;
use crate::embed::Embedder;
use crate::engine::{Engine, Loading, Rebuild};

/// What a successful run found, for the exit code (0 ok, 1 findings, 4
/// refused; errors are 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Ok,
    Findings,
    /// `import` held its inputs against a bar and changed nothing.
    Refused,
}

/// minwon: offline answers to citizens' questions about public services.
///
/// Data is found by flag, then the config file, then $MINWON_HOME (a folder
/// holding corpus/, index/ and models/), then the current directory.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// A TOML config file (see docs/minwon.example.toml) [default: $MINWON_HOME/minwon.toml if present].
    #[arg(long, global = true, env = "MINWON_CONFIG")]
    config: Option<PathBuf>,
    /// The embedding model folder: multilingual-e5-small, or a BERT sentence-transformers folder such as models/all-MiniLM-L6-v2 [default: models/multilingual-e5-small].
    #[arg(long, global = true)]
    model: Option<PathBuf>,
    /// The corpus folder [default: corpus].
    #[arg(long, global = true)]
    corpus: Option<PathBuf>,
    /// The search index folder [default: index, beside the corpus].
    #[arg(long, global = true)]
    index: Option<PathBuf>,
    /// The place the kiosk serves, e.g. "서울특별시 종로구" (see `minwon
    /// regions`): national services plus that province's and district's
    /// [default: the config's `region`, else national services only].
    #[arg(long, global = true)]
    region: Option<String>,
    /// Without a subcommand, minwon opens the UI in the configured mode (or,
    /// when not on a terminal, answers stdin like `ask`).
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    Ask(ask::Args),
    Bundle(bundle::Args),
    Check(check::Args),
    Embed(embed::Args),
    Eval(eval::Args),
    Import(import::Args),
    Index(index::Args),
    Plain(plain::Args),
    Regions(regions::Args),
    Report(report::Args),
    Ui(ui::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let flags = Flags {
        config: cli.config,
        model: cli.model,
        corpus: cli.corpus,
        index: cli.index,
        region: cli.region,
    };
    let settings = Settings::load(&flags, &Env::from_process())?;
    match cli.command.unwrap_or_default() {
        Command::Ask(args) => ask::run(&settings, args),
        Command::Bundle(args) => bundle::run(&settings, args),
        Command::Check(args) => check::run(&settings, args),
        Command::Embed(args) => embed::run(&settings, args),
        Command::Eval(args) => eval::run(&settings, args),
        Command::Import(args) => import::run(&settings, args),
        Command::Index(args) => index::run(&settings, args),
        Command::Plain(args) => plain::run(&settings, args),
        Command::Regions(args) => regions::run(&settings, args),
        Command::Report(args) => report::run(&settings, args),
        Command::Ui(args) => ui::run(&settings, args),
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

/// Loads the model the settings name.
fn embedder(settings: &Settings) -> anyhow::Result<Box<dyn Embedder>> {
    Ok(crate::engine::load_embedder(settings)?)
}

/// Opens the engine for a command, saying on stderr why the index is
/// rebuilt. The model and the index's files load on threads of their own
/// beside the corpus: each takes about as long, and a whole `ask` is mostly
/// loading.
fn open_engine(settings: &Settings, rebuild: Rebuild) -> anyhow::Result<Engine> {
    let (embedder, live, corpus) = std::thread::scope(|scope| {
        let model = scope.spawn(|| embedder(settings));
        let live = scope.spawn(|| {
            let mut live = crate::index::live(&settings.paths.index);
            live.preload();
            live
        });
        let corpus = Corpus::load(&settings.paths.corpus);
        let resume = std::panic::resume_unwind;
        (
            model.join().unwrap_or_else(|panic| resume(panic)),
            live.join().unwrap_or_else(|panic| resume(panic)),
            corpus,
        )
    });
    let (embedder, corpus) = (embedder?, Arc::new(corpus?));
    let engine = Engine::open_live(settings, corpus, embedder, live, rebuild, &mut |loading| {
        if let Loading::Building { reason } = loading {
            eprintln!("minwon: {reason}; rebuilding it now");
        }
    })?;
    Ok(engine)
}

/// A `--top-k`-style count: 1 or more.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err("must be a whole number, 1 or more".into()),
    }
}

/// The longest stdin line kept, in bytes; the rest of a longer line is read
/// and dropped (the model reads 512 tokens at most), so one endless line
/// cannot fill memory either.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Stdin lines in order, from a reader thread, so that lines already
/// waiting can be handled as one batch (embedding in batches is several
/// times faster); invalid UTF-8 is read lossily, line endings are dropped.
/// The channel holds at most `ahead` lines: the reader waits for the work,
/// so endless input keeps memory flat.
fn stdin_lines(ahead: usize) -> Receiver<anyhow::Result<String>> {
    let (tx, rx) = std::sync::mpsc::sync_channel(ahead);
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buf = Vec::new();
        loop {
            let line =
                match read_line(&mut stdin, &mut buf, MAX_LINE_BYTES).context("reading stdin") {
                    Ok(None) => return,
                    Ok(Some(_)) => Ok(String::from_utf8_lossy(&buf)
                        .trim_end_matches(['\n', '\r'])
                        .to_string()),
                    Err(err) => Err(err),
                };
            let failed = line.is_err();
            if tx.send(line).is_err() || failed {
                return;
            }
        }
    });
    rx
}

/// Calls `each` with every batch of stdin lines: the first line waited for,
/// plus those already waiting behind it (at most `max`), in input order.
fn for_each_stdin_batch(
    max: usize,
    mut each: impl FnMut(&[String]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let lines = stdin_lines(max);
    while let Ok(first) = lines.recv() {
        let mut batch = vec![first?];
        while batch.len() < max {
            match lines.try_recv() {
                Ok(line) => batch.push(line?),
                Err(_) => break,
            }
        }
        each(&batch)?;
    }
    Ok(())
}
