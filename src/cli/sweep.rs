//! `minwon eval --sweep`: the calibration tables behind the defaults of
//! `[fusion]` and `[thresholds]` (docs/QUALITY.md).

use std::path::PathBuf;

use super::eval::per_region;
use crate::calibrate::{
    candidate_bars, long_question_sweep, threshold_sweep, weight_sweep, Sample, SweepGrid,
    ThresholdRow,
};
use crate::config::Settings;
use crate::corpus::devset::LabelledQuestion;
use crate::engine::Engine;
use crate::eval::Tally;
use crate::lang::Lang;

/// The bars a threshold setting must meet to be recommended.
pub struct Bars {
    pub max_wrong: f64,
    /// One bar per labelled file, in order; the last repeats.
    pub min_oos_rejection: Vec<f64>,
}

impl Bars {
    fn oos_bar(&self, file: usize) -> f64 {
        let bars = &self.min_oos_rejection;
        bars.get(file).or(bars.last()).copied().unwrap_or(0.0)
    }
}

pub fn run(
    engine: &Engine,
    settings: &Settings,
    files: &[PathBuf],
    questions: &[(usize, LabelledQuestion)],
    bars: &Bars,
) -> anyhow::Result<()> {
    // Each question judged as `ask` judges it: as the Hangul it was read as.
    let searched: Vec<String> = questions
        .iter()
        .map(|(_, q)| engine.searched(&q.q))
        .collect();
    let labelled: Vec<LabelledQuestion> = questions
        .iter()
        .zip(&searched)
        .map(|((_, q), searched)| LabelledQuestion {
            q: searched.clone(),
            ..q.clone()
        })
        .collect();
    let channels = per_region(engine, settings, &labelled, |texts, scope| {
        Ok(engine.channels_many(texts, scope)?)
    })?;
    let samples: Vec<Sample> = questions
        .iter()
        .zip(&searched)
        .zip(channels)
        .map(|(((file, q), searched), channels)| Sample {
            query: searched,
            expected: &q.ids,
            lang: q.lang,
            style: &q.style,
            file: *file,
            channels,
        })
        .collect();
    let entries = engine.entry_ids();

    println!("Fusion weights (lexical = 1 - dense), ranking of in-scope questions:");
    println!(
        "{:>8} {:>8} {:>7} {:>7}  {:>7} {:>7}  {:>7} {:>7}",
        "dense_en", "dense_ko", "hub", "second", "top1 en", "MRR en", "top1 ko", "MRR ko"
    );
    let dense: Vec<f32> = (0..=10).map(|i| i as f32 / 10.0).collect();
    let grid = SweepGrid {
        dense: &dense,
        hub_penalties: &[0.0, 0.5, 1.0],
        second_vectors: &[0.0, 0.15, 0.25, 0.35, 0.45, 0.55],
        popularity: settings.config.fusion.popularity,
    };
    let mut rows = weight_sweep(&samples, entries, &grid);
    rows.sort_by(|a, b| {
        let key = |r: &crate::calibrate::WeightRow| r.english.mrr() + r.korean.mrr();
        key(b).total_cmp(&key(a))
    });
    for row in rows.iter().take(20) {
        let w = &row.weights;
        println!(
            "{:>8.1} {:>8.1} {:>7.1} {:>7.2}  {:>7.3} {:>7.3}  {:>7.3} {:>7.3}",
            w.dense_en,
            w.dense_ko,
            w.hub_penalty,
            w.second_vector,
            row.english.top1_rate(),
            row.english.mrr(),
            row.korean.top1_rate(),
            row.korean.mrr()
        );
    }

    let weights = &settings.config.fusion;
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    // Each language gets its own bars: the answer's language decides which.
    for lang in [Lang::Ko, Lang::En] {
        let of_lang: Vec<&Sample> = samples
            .iter()
            .filter(|s| Lang::of_question(s.query).unwrap_or(Lang::Ko) == lang)
            .collect();
        threshold_table(lang, &of_lang, entries, weights, settings, bars, &names);
    }
    Ok(())
}

/// The most helpful thresholds for the questions of one language that keep
/// within the bars, printed as a table; then, for the most helpful of them,
/// the most helpful lower choice bar for long questions.
fn threshold_table(
    lang: Lang,
    samples: &[&Sample],
    entries: crate::calibrate::Entries,
    weights: &crate::config::FusionWeights,
    settings: &Settings,
    bars: &Bars,
    names: &[String],
) {
    let answers = candidate_bars(samples, entries, weights, 80);
    let margins = [0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.06, 0.08];
    let configured = &settings.config.thresholds;
    let rows = threshold_sweep(samples, entries, weights, &answers, &margins, configured);
    let good = most_helpful(&rows, bars);
    println!(
        "\n[thresholds.{}] with the configured weights, {} questions: {} settings tried, {} keep confidently wrong <= {:.3} and out-of-scope rejection >= {:?} (per file); the most helpful:",
        lang.code(),
        samples.len(),
        rows.len(),
        good.len(),
        bars.max_wrong,
        bars.min_oos_rejection
    );
    print_rows(lang, &good, names, false);
    let Some(best) = good.first() else { return };
    let best = *best.thresholds.of(lang);
    let rows = long_question_sweep(samples, entries, weights, best, configured);
    let good = most_helpful(&rows, bars);
    println!(
        "\n[thresholds.{}.long] with those bars: {} settings tried, {} keep within the same bars; the most helpful:",
        lang.code(),
        rows.len(),
        good.len(),
    );
    print_rows(lang, &good, names, true);
}

/// The rows that keep within `bars`, the most helpful first, then the
/// fewest refused, then the most out-of-scope questions rejected (among
/// settings that help as much, the safest), then the order tried.
fn most_helpful<'a>(rows: &'a [ThresholdRow], bars: &Bars) -> Vec<&'a ThresholdRow> {
    let passes = |row: &ThresholdRow| {
        row.overall.confidently_wrong_rate() <= bars.max_wrong
            && row
                .by_file
                .iter()
                .enumerate()
                .filter(|(_, t)| t.out_of_scope > 0)
                .all(|(i, t)| t.out_of_scope_rejection_rate() >= bars.oos_bar(i))
    };
    let mut good: Vec<&ThresholdRow> = rows.iter().filter(|r| passes(r)).collect();
    let key = |row: &ThresholdRow| {
        let t = &row.overall;
        (
            t.helped,
            t.in_scope - t.false_rejections,
            t.rejected_out_of_scope,
        )
    };
    good.sort_by_key(|row| std::cmp::Reverse(key(row)));
    good
}

fn print_rows(lang: Lang, rows: &[&ThresholdRow], names: &[String], long: bool) {
    print!("{:>7} {:>7} {:>7}", "answer", "margin", "choice");
    if long {
        print!(" {:>6} {:>8} {:>8}", "after", "per_word", "max_drop");
    }
    print!(
        "  {:>7} {:>8} {:>7} {:>7}",
        "helped", "direct", "wrong", "refused"
    );
    for name in names {
        print!("  {:>16}", format!("oos-rej {}", truncate(name, 8)));
    }
    println!();
    for row in rows.iter().take(15) {
        let t = row.thresholds.of(lang);
        print!("{:>7.3} {:>7.3} {:>7.3}", t.answer, t.margin, t.choice);
        if long {
            let l = &t.long;
            print!(
                " {:>6} {:>8.3} {:>8.3}",
                l.after_words, l.per_word, l.max_drop
            );
        }
        print!(
            "  {:>7.3} {:>8.3} {:>7.3} {:>7.3}",
            row.overall.helped_rate(),
            Tally::rate(row.overall.answered_right, row.overall.in_scope),
            row.overall.confidently_wrong_rate(),
            row.overall.refused_rate(),
        );
        for tally in &row.by_file {
            print!("  {:>16.3}", tally.out_of_scope_rejection_rate());
        }
        println!();
    }
}

fn truncate(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}
