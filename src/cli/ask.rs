//! `minwon ask`: answer questions from the command line or stdin, as text
//! for a person or as one JSON object per question for other programs.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use super::{at_least_one, for_each_stdin_batch, open_engine, Outcome};
use crate::answer::{Decision, Outcome as Decided};
use crate::config::Settings;
use crate::corpus::Corpus;
use crate::engine::{Engine, Rebuild, Reply};
use crate::lang::Lang;
use crate::layout::{layout, plain_text, Detail};
use crate::sanitize::for_display;
use crate::strings::strings;

/// Answer a question, in the language it is written in. Without QUESTION,
/// answer each stdin line in order (every line, an empty one too, gets
/// exactly one answer).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The question; omit to read one question per line from stdin.
    question: Option<String>,
    /// Print one JSON object per question:
    /// {"query", "lang", "decision": "answer"|"choices"|"no_match",
    /// "shown": [ids], "results": [{"id", "title", "score"}]}, and
    /// "understood" (the Hangul searched) when the question was Hangul typed
    /// with the keyboard in English mode, or named services in romanised
    /// Korean ("gichoyeongeum" → 기초연금).
    #[arg(long)]
    json: bool,
    /// How many nearest entries to report (1 or more).
    #[arg(long, default_value_t = 3, value_parser = at_least_one)]
    top_k: usize,
    /// Answer in this language (ko or en) whatever the question is written in.
    #[arg(long)]
    lang: Option<Lang>,
    /// Refuse to rebuild a missing or out-of-date index (exit 2 instead).
    #[arg(long)]
    no_rebuild: bool,
}

impl Default for Args {
    /// What plain `minwon` runs when not on a terminal.
    fn default() -> Self {
        Self {
            question: None,
            json: false,
            top_k: 3,
            lang: None,
            no_rebuild: false,
        }
    }
}

/// The stable `--json` schema (one line per question).
#[derive(Serialize)]
struct JsonReply<'a> {
    query: &'a str,
    lang: Lang,
    decision: Decision,
    /// The ids the person is shown: the answer, the choices, or none.
    shown: Vec<&'a str>,
    results: Vec<JsonHit<'a>>,
    /// The Hangul searched when the question was typed in English mode or
    /// in romanised Korean.
    #[serde(skip_serializing_if = "Option::is_none")]
    understood: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    title: &'a str,
    score: f32,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    let rebuild = if args.no_rebuild {
        Rebuild::Refused
    } else {
        Rebuild::Allowed
    };
    let engine = open_engine(settings, rebuild)?;
    let fallback = settings.config.ui.language;
    let lang_of = |reply: &Reply| args.lang.or(reply.lang).unwrap_or(fallback);
    let mut out = std::io::stdout().lock();
    let interactive = args.question.is_none() && !args.json && std::io::stdin().is_terminal();
    let mut answer = |reply: &Reply| -> anyhow::Result<()> {
        let lang = lang_of(reply);
        if args.json {
            serde_json::to_writer(&mut out, &json_reply(reply, lang, engine.corpus()))?;
            writeln!(out)?;
        } else {
            write!(out, "{}", render_text(reply, lang, &engine, settings))?;
        }
        out.flush()?;
        Ok(())
    };
    let prompt = || {
        if interactive {
            eprint!("\n? ");
        }
    };
    match &args.question {
        Some(question) => answer(&engine.ask(question, args.top_k)?)?,
        None => {
            prompt();
            for_each_stdin_batch(32, |batch| {
                let questions: Vec<&str> = batch.iter().map(String::as_str).collect();
                for reply in engine.ask_many(&questions, args.top_k)? {
                    answer(&reply)?;
                }
                prompt();
                Ok(())
            })?;
        }
    }
    // The process ends here and the system takes back the model, vectors
    // and corpus at once; dropping them piece by piece took ~40 ms.
    std::mem::forget(engine);
    Ok(Outcome::Ok)
}

fn json_reply<'a>(reply: &'a Reply, lang: Lang, corpus: &'a Corpus) -> JsonReply<'a> {
    JsonReply {
        query: &reply.query,
        lang,
        decision: reply.outcome.decision(),
        shown: reply
            .outcome
            .shown()
            .iter()
            .map(|h| h.id.as_str())
            .collect(),
        results: reply
            .ranked
            .iter()
            .map(|hit| JsonHit {
                id: &hit.id,
                title: corpus.get(&hit.id).map_or("", |e| e.title(lang)),
                score: (hit.score * 10_000.0).round() / 10_000.0,
            })
            .collect(),
        understood: reply.understood.as_deref(),
    }
}

/// What a person needs to read, as plain text, in `lang`.
fn render_text(reply: &Reply, lang: Lang, engine: &Engine, settings: &Settings) -> String {
    let s = strings(lang);
    let corpus = engine.corpus();
    match &reply.outcome {
        Decided::Answer(hit) => corpus
            .get(&hit.id)
            .map(|entry| plain_text(&layout(entry, lang, Detail::Full)))
            .unwrap_or_default(),
        Decided::Choices(hits) => {
            let mut text = format!("{}\n", s.did_you_mean);
            for (i, hit) in hits.iter().enumerate() {
                if let Some(entry) = corpus.get(&hit.id) {
                    text.push_str(&format!(
                        "  {}. {} — {}\n",
                        i + 1,
                        for_display(entry.title(lang)),
                        for_display(entry.summary(lang))
                    ));
                }
            }
            text.push_str(&format!("{}\n", s.choose_or_ask_again));
            text
        }
        Decided::NoMatch => {
            let hint = match lang {
                Lang::En => &settings.config.ui.staff_hint,
                Lang::Ko => &settings.config.ui.staff_hint_ko,
            };
            format!("{}\n{}\n", s.no_match, for_display(hint))
        }
    }
}
