//! `minwon eval`: measure answer quality on labelled questions.

use std::path::PathBuf;

use anyhow::Context;

use super::Outcome;
use crate::config::Config;
use crate::corpus::devset;
use crate::eval::{offered_choices, Judged, Report, Tally};
use crate::retrieve::{Rebuild, Searcher};

/// Measure quality on labelled questions (JSON Lines: q, id, lang, style):
/// top-1, top-3, MRR, helped, confidently wrong, false rejections and
/// out-of-scope rejection, overall and by style and language.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labelled questions [default: <corpus>/eval/dev.jsonl]; several files are pooled.
    files: Vec<PathBuf>,
    /// Exit 1 if top-1 of in-scope questions is below this.
    #[arg(long)]
    min_top1: Option<f64>,
    /// Exit 1 if top-3 of in-scope questions is below this.
    #[arg(long)]
    min_top3: Option<f64>,
    /// Exit 1 if more than this share of in-scope questions is answered wrongly.
    #[arg(long)]
    max_confidently_wrong: Option<f64>,
    /// Exit 1 if less than this share of out-of-scope questions is rejected.
    #[arg(long)]
    min_oos_rejection: Option<f64>,
    /// Print every question minwon got wrong.
    #[arg(long)]
    verbose: bool,
}

pub fn run(config: &Config, args: Args) -> anyhow::Result<Outcome> {
    let files = if args.files.is_empty() {
        vec![config.corpus_dir.join("eval/dev.jsonl")]
    } else {
        args.files.clone()
    };
    let mut questions = Vec::new();
    for file in &files {
        questions.extend(devset::load(file).with_context(|| format!("{}", file.display()))?);
    }
    let searcher = Searcher::open(config, Rebuild::Allowed, &|notice| eprintln!("{notice}"))?;
    let thresholds = &searcher.thresholds;
    let mut report = Report::default();
    let texts: Vec<&str> = questions.iter().map(|q| q.q.as_str()).collect();
    let replies = searcher.ask_many(&texts, usize::MAX)?;
    for (question, reply) in questions.iter().zip(&replies) {
        let expected = (question.id != "none").then_some(question.id.as_str());
        let judged = Judged {
            expected,
            lang: &question.lang,
            style: &question.style,
            decision: reply.decision,
            ranking: &reply.hits,
            choices: offered_choices(&reply.hits, thresholds),
        };
        if args.verbose {
            print_miss(&judged, &question.q);
        }
        report.add(&judged);
    }
    print_report(&report, questions.len());

    let overall = &report.overall;
    let mut failed = Vec::new();
    let mut floor = |name: &str, value: f64, bar: Option<f64>, higher_is_better: bool| {
        if let Some(bar) = bar {
            if (higher_is_better && value < bar) || (!higher_is_better && value > bar) {
                failed.push(format!("{name} {value:.3} is past the bar {bar:.3}"));
            }
        }
    };
    floor("top-1", overall.top1_rate(), args.min_top1, true);
    floor("top-3", overall.top3_rate(), args.min_top3, true);
    floor(
        "confidently wrong",
        overall.confidently_wrong_rate(),
        args.max_confidently_wrong,
        false,
    );
    floor(
        "out-of-scope rejection",
        overall.out_of_scope_rejection_rate(),
        args.min_oos_rejection,
        true,
    );
    for line in &failed {
        println!("FAILED: {line}");
    }
    Ok(if failed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}

fn print_miss(judged: &Judged, question: &str) {
    let top = judged.ranking.first().map_or("-", |h| h.id.as_str());
    let wrong = match judged.expected {
        Some(expected) => top != expected || judged.decision != crate::answer::Decision::Answer,
        None => judged.decision != crate::answer::Decision::NoMatch,
    };
    if wrong {
        let score = judged.ranking.first().map_or(0.0, |h| h.score);
        println!(
            "{:?} expected={} got={top} ({score:.3}) decision={:?}",
            question,
            judged.expected.unwrap_or("none"),
            judged.decision
        );
    }
}

fn print_report(report: &Report, total: usize) {
    println!("{total} questions");
    println!(
        "{:<14} {:>5} {:>6} {:>6} {:>6} {:>7} {:>6} {:>7} {:>5} {:>8}",
        "group", "n", "top1", "top3", "MRR", "helped", "wrong", "refused", "oos", "oos-rej"
    );
    let row = |name: &str, t: &Tally| {
        println!(
            "{:<14} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>7.3} {:>6.3} {:>7.3} {:>5} {:>8.3}",
            name,
            t.in_scope,
            t.top1_rate(),
            t.top3_rate(),
            t.mrr(),
            Tally::rate(t.helped, t.in_scope),
            t.confidently_wrong_rate(),
            Tally::rate(t.false_rejections, t.in_scope),
            t.out_of_scope,
            t.out_of_scope_rejection_rate(),
        );
    };
    row("overall", &report.overall);
    for (style, tally) in &report.by_style {
        row(&format!("style:{style}"), tally);
    }
    for (lang, tally) in &report.by_lang {
        row(&format!("lang:{lang}"), tally);
    }
}
