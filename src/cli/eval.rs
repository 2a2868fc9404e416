//! `minwon eval`: measure answer quality on labelled questions.

use std::path::PathBuf;

use std::collections::BTreeMap;

use super::{open_engine, sweep, Outcome};
use crate::config::Settings;
use crate::corpus::devset::{self, LabelledQuestion, Split};
use crate::engine::Engine;
use crate::engine::Rebuild;
use crate::eval::{Judged, Report, Tally};
use crate::region::Region;
use crate::retrieve::Scope;

/// Measure quality on labelled questions (JSON Lines: q, id or ids, lang,
/// style, optional region and split): top-1, top-3, MRR, helped, confidently
/// wrong, refused, and out-of-scope rejection — overall, by language and for
/// every language × style cell — judged on exactly what the kiosk would show.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labelled questions [default: <corpus>/eval/dev.jsonl]; several files are pooled.
    files: Vec<PathBuf>,
    /// Only this part of the set: tune or heldout [default: both].
    #[arg(long)]
    split: Option<SplitArg>,
    /// Exit 1 if top-1 of in-scope questions is below this.
    #[arg(long)]
    min_top1: Option<f64>,
    /// Exit 1 if top-3 of in-scope questions is below this.
    #[arg(long)]
    min_top3: Option<f64>,
    /// Exit 1 if less than this share of in-scope questions is helped.
    #[arg(long)]
    min_helped: Option<f64>,
    /// Exit 1 if more than this share of in-scope questions is answered wrongly.
    #[arg(long)]
    max_confidently_wrong: Option<f64>,
    /// Exit 1 if less than this share of out-of-scope questions is rejected.
    /// With --sweep, one value per file in order (the last one repeats).
    #[arg(long, num_args = 1.., value_delimiter = ',')]
    min_oos_rejection: Vec<f64>,
    /// Print every question minwon did not serve.
    #[arg(long)]
    verbose: bool,
    /// Instead of one evaluation, sweep the fusion weights and the decision
    /// thresholds (on the files given, usually the tune split) and print the
    /// settings that help most within --max-wrong and --min-oos-rejection.
    #[arg(long)]
    sweep: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SplitArg {
    Tune,
    Heldout,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    let files = if args.files.is_empty() {
        vec![settings.paths.corpus.join("eval/dev.jsonl")]
    } else {
        args.files.clone()
    };
    let wanted = args.split.map(|s| match s {
        SplitArg::Tune => Split::Tune,
        SplitArg::Heldout => Split::Heldout,
    });
    let mut questions: Vec<(usize, LabelledQuestion)> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        questions.extend(devset::load(file)?.into_iter().map(|q| (i, q)));
    }
    let mut questions: Vec<(usize, LabelledQuestion)> = questions
        .into_iter()
        .filter(|(_, q)| wanted.is_none_or(|split| q.split == split))
        .collect();
    let engine = open_engine(settings, Rebuild::Allowed)?;
    // A catalogue service folded into a curated entry is answered by it.
    for (_, question) in &mut questions {
        let mut ids: Vec<String> = Vec::new();
        for id in &question.ids {
            let id = engine.corpus().canonical(id).to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        question.ids = ids;
    }
    if args.sweep {
        let bars = sweep::Bars {
            max_wrong: args.max_confidently_wrong.unwrap_or(0.02),
            min_oos_rejection: if args.min_oos_rejection.is_empty() {
                vec![0.85]
            } else {
                args.min_oos_rejection.clone()
            },
        };
        sweep::run(&engine, settings, &files, &questions, &bars)?;
        return Ok(Outcome::Ok);
    }
    let questions: Vec<LabelledQuestion> = questions.drain(..).map(|(_, q)| q).collect();
    let replies = per_region(&engine, settings, &questions, |texts, scope| {
        Ok(engine.ask_many_in(texts, usize::MAX, scope)?)
    })?;
    let mut report = Report::default();
    for (question, reply) in questions.iter().zip(&replies) {
        let judged = Judged {
            expected: &question.ids,
            lang: question.lang,
            style: &question.style,
            outcome: &reply.outcome,
            ranking: &reply.ranked,
        };
        if args.verbose && !judged.served() {
            let shown: Vec<String> = reply
                .outcome
                .shown()
                .iter()
                .map(|h| format!("{} {:.3}", h.id, h.score))
                .collect();
            let top = reply
                .ranked
                .first()
                .map_or("-".into(), |h| format!("{} {:.3}", h.id, h.score));
            println!(
                "{:?} expected={:?} {:?} shown={shown:?} top={top}",
                question.q,
                question.ids,
                reply.outcome.decision(),
            );
        }
        report.add(&judged);
    }
    print_report(&report, questions.len());

    let overall = &report.overall;
    let mut failed = Vec::new();
    let mut bar = |name: &str, value: f64, bar: Option<f64>, higher_is_better: bool| {
        if let Some(bar) = bar {
            if (higher_is_better && value < bar) || (!higher_is_better && value > bar) {
                failed.push(format!("{name} {value:.3} is past the bar {bar:.3}"));
            }
        }
    };
    bar("top-1", overall.top1_rate(), args.min_top1, true);
    bar("top-3", overall.top3_rate(), args.min_top3, true);
    bar("helped", overall.helped_rate(), args.min_helped, true);
    bar(
        "confidently wrong",
        overall.confidently_wrong_rate(),
        args.max_confidently_wrong,
        false,
    );
    bar(
        "out-of-scope rejection",
        overall.out_of_scope_rejection_rate(),
        args.min_oos_rejection.first().copied(),
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

/// Runs `each` over the questions asked at each region (a question's own
/// `region`, else `--region` or the config's) and returns the results in
/// question order.
pub(super) fn per_region<T>(
    engine: &Engine,
    settings: &Settings,
    questions: &[LabelledQuestion],
    mut each: impl FnMut(&[&str], &Scope) -> anyhow::Result<Vec<T>>,
) -> anyhow::Result<Vec<T>> {
    let mut groups: BTreeMap<Option<Region>, Vec<usize>> = BTreeMap::new();
    for (i, question) in questions.iter().enumerate() {
        let region = match &question.region {
            Some(name) => Some(Region::parse(name)?),
            None => settings.region,
        };
        groups.entry(region).or_default().push(i);
    }
    let mut results: Vec<Option<T>> = (0..questions.len()).map(|_| None).collect();
    for (region, members) in groups {
        let texts: Vec<&str> = members.iter().map(|&i| questions[i].q.as_str()).collect();
        let scope = engine.scope(region.as_ref());
        for (i, result) in members.into_iter().zip(each(&texts, &scope)?) {
            results[i] = Some(result);
        }
    }
    Ok(results.into_iter().flatten().collect())
}

fn print_report(report: &Report, total: usize) {
    println!("{total} questions");
    println!(
        "{:<16} {:>5} {:>6} {:>6} {:>6} {:>7} {:>6} {:>7} {:>5} {:>8} {:>9}",
        "group",
        "n",
        "top1",
        "top3",
        "MRR",
        "helped",
        "wrong",
        "refused",
        "oos",
        "oos-rej",
        "oos-answ"
    );
    let row = |name: &str, t: &Tally| {
        println!(
            "{:<16} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>7.3} {:>6.3} {:>7.3} {:>5} {:>8.3} {:>9.3}",
            name,
            t.in_scope,
            t.top1_rate(),
            t.top3_rate(),
            t.mrr(),
            t.helped_rate(),
            t.confidently_wrong_rate(),
            t.refused_rate(),
            t.out_of_scope,
            t.out_of_scope_rejection_rate(),
            t.out_of_scope_answered_rate(),
        );
    };
    row("overall", &report.overall);
    for (lang, tally) in &report.by_lang {
        row(&format!("lang:{lang}"), tally);
    }
    for (style, tally) in &report.by_style {
        row(&format!("style:{style}"), tally);
    }
    for ((lang, style), tally) in &report.by_cell {
        row(&format!("{lang}:{style}"), tally);
    }
}
