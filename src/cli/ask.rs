//! `minwon ask`: answer questions from the command line or stdin, as text
//! for a person or as one JSON object per question for other programs.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use super::{for_each_stdin_line, Outcome};
use crate::answer::{Decision, Reply};
use crate::config::Config;
use crate::corpus::{Corpus, ServiceEntry};
use crate::retrieve::{Rebuild, Searcher};

/// Answer a question. Without QUESTION, answer each stdin line in order
/// (every line, an empty one too, gets exactly one answer).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The question; omit to read one question per line from stdin.
    question: Option<String>,
    /// Print one JSON object per question:
    /// {"query", "decision": "answer"|"choices"|"no_match", "results": [{"id", "title", "score"}]}.
    #[arg(long)]
    json: bool,
    /// How many nearest entries to report.
    #[arg(long, default_value_t = 3)]
    top_k: usize,
    /// Refuse to rebuild a missing or out-of-date index (exit 2 instead).
    #[arg(long)]
    no_rebuild: bool,
}

/// The stable `--json` schema (one line per question).
#[derive(Serialize)]
struct JsonReply<'a> {
    query: &'a str,
    decision: Decision,
    results: Vec<JsonHit<'a>>,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    title: &'a str,
    score: f32,
}

impl Default for Args {
    /// What plain `minwon` runs: an interactive prompt, three results.
    fn default() -> Self {
        Self {
            question: None,
            json: false,
            top_k: 3,
            no_rebuild: false,
        }
    }
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<Outcome> {
    let rebuild = if args.no_rebuild {
        Rebuild::Refused
    } else {
        Rebuild::Allowed
    };
    let searcher = Searcher::open(config, rebuild, &|notice| eprintln!("{notice}"))?;
    let mut out = std::io::stdout().lock();
    let interactive = args.question.is_none() && !args.json && std::io::stdin().is_terminal();
    let mut answer = |reply: &Reply| -> anyhow::Result<()> {
        if args.json {
            serde_json::to_writer(&mut out, &json_reply(reply, &searcher.corpus))?;
            writeln!(out)?;
        } else {
            write!(out, "{}", render_text(reply, &searcher))?;
        }
        out.flush()?;
        Ok(())
    };
    let prompt = || {
        if interactive {
            eprint!("\nYour question (Ctrl-D to finish): ");
        }
    };
    match &args.question {
        Some(question) => answer(&searcher.ask(question, args.top_k)?)?,
        None => {
            prompt();
            // Lines already waiting are answered as one batch (embedding in
            // batches is several times faster); a lone line is answered at once.
            let lines = stdin_lines();
            while let Ok(first) = lines.recv() {
                let mut batch = vec![first?];
                while batch.len() < 32 {
                    match lines.try_recv() {
                        Ok(line) => batch.push(line?),
                        Err(_) => break,
                    }
                }
                let questions: Vec<&str> = batch.iter().map(String::as_str).collect();
                for reply in searcher.ask_many(&questions, args.top_k)? {
                    answer(&reply)?;
                }
                prompt();
            }
        }
    }
    Ok(Outcome::Ok)
}

/// Stdin lines, in order, from a reader thread (so waiting lines can be batched).
fn stdin_lines() -> std::sync::mpsc::Receiver<anyhow::Result<String>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let sent = for_each_stdin_line(|line| {
            tx.send(Ok(line.to_string()))
                .map_err(|_| anyhow::anyhow!("stdin reader stopped"))
        });
        if let Err(err) = sent {
            let _ = tx.send(Err(err));
        }
    });
    rx
}

fn json_reply<'a>(reply: &'a Reply, corpus: &'a Corpus) -> JsonReply<'a> {
    JsonReply {
        query: &reply.query,
        decision: reply.decision,
        results: reply
            .hits
            .iter()
            .map(|hit| JsonHit {
                id: &hit.id,
                title: corpus.get(&hit.id).map_or("", |e| e.title.as_str()),
                score: (hit.score * 10_000.0).round() / 10_000.0,
            })
            .collect(),
    }
}

/// What a person needs to read, as plain text.
fn render_text(reply: &Reply, searcher: &Searcher) -> String {
    let corpus = &searcher.corpus;
    match reply.decision {
        Decision::Answer => match corpus.get(&reply.hits[0].id) {
            Some(entry) => render_entry(entry),
            None => String::new(),
        },
        Decision::Choices => {
            let mut text = String::from("Did you mean one of these?\n");
            for (i, hit) in reply.choices(&searcher.thresholds).iter().enumerate() {
                if let Some(entry) = corpus.get(&hit.id) {
                    text.push_str(&format!(
                        "  {}. {} — {}\n",
                        i + 1,
                        entry.title,
                        entry.summary
                    ));
                }
            }
            text.push_str("Ask again with more words, or ask staff at the counter.\n");
            text
        }
        Decision::NoMatch => {
            "Sorry, I do not know the answer to that. Please ask staff at the counter.\n".into()
        }
    }
}

fn render_entry(entry: &ServiceEntry) -> String {
    let mut text = format!("{}\n{}\n\n", entry.title, entry.summary);
    let list = |items: &[String]| items.join("; ");
    let mut row = |label: &str, value: &str| text.push_str(&format!("{label:<9} {value}\n"));
    row("Bring:", &list(&entry.bring));
    row("Where:", &list(&entry.where_));
    row("Fee:", &entry.fee);
    row("Time:", &entry.time);
    if let Some(deadline) = &entry.deadline {
        row("Deadline:", deadline);
    }
    text.push_str("\nWhat to do:\n");
    for (i, step) in entry.steps.iter().enumerate() {
        text.push_str(&format!("  {}. {step}\n", i + 1));
    }
    text
}
