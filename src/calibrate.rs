//! Calibration: sweeps of the fusion weights and the decision thresholds
//! over labelled questions whose channel scores were computed once, so the
//! defaults in docs/QUALITY.md can be re-derived for a new model or corpus.
//! Pure: the same `retrieve::ranked` and `answer::decide` the product uses.

use rayon::prelude::*;

use crate::answer::{decide, Hit, Outcome};
use crate::config::{FusionWeights, LangThresholds, LongQuestions, Thresholds};
use crate::eval::{Judged, Tally};
use crate::lang::Lang;
#[cfg(test)]
use crate::retrieve::Scope;
use crate::retrieve::{ranked, Channels, Ranking};

/// The index's entry ids, in entry order, and how many are answerable.
pub type Entries<'a> = (&'a [String], usize);

/// One labelled question with its channel scores.
pub struct Sample<'a> {
    /// The question as searched (the Hangul it was read as, if any), so
    /// its bars are the ones `ask` would hold it to.
    pub query: &'a str,
    pub expected: &'a [String],
    pub lang: Lang,
    pub style: &'a str,
    /// Which labelled file it came from (out-of-scope rejection is
    /// reported per file: near misses and generic requests differ).
    pub file: usize,
    pub channels: Channels,
}

/// Ranking quality (top-1, MRR) of one weight setting, by language.
pub struct WeightRow {
    pub weights: FusionWeights,
    pub english: Tally,
    pub korean: Tally,
}

/// The settings a weight sweep tries beside each pair of dense weights.
pub struct SweepGrid<'a> {
    /// Dense weights, for each language (its lexical weight is 1 − it).
    pub dense: &'a [f32],
    pub hub_penalties: &'a [f32],
    pub second_vectors: &'a [f32],
    /// As configured.
    pub popularity: f32,
}

/// Top-1 and MRR for every pair of dense weights, hub penalty and
/// second-vector weight of `grid`.
pub fn weight_sweep(samples: &[Sample], entries: Entries, grid: &SweepGrid) -> Vec<WeightRow> {
    let mut rows = Vec::new();
    let pairs = grid
        .dense
        .iter()
        .flat_map(|&en| grid.dense.iter().map(move |&ko| (en, ko)));
    let settings = pairs.flat_map(|pair| {
        grid.hub_penalties
            .iter()
            .flat_map(move |&p| grid.second_vectors.iter().map(move |&s| (pair, p, s)))
    });
    for ((dense_en, dense_ko), hub_penalty, second_vector) in settings {
        let weights = FusionWeights {
            dense_en,
            lexical_en: 1.0 - dense_en,
            dense_ko,
            lexical_ko: 1.0 - dense_ko,
            hub_penalty,
            second_vector,
            popularity: grid.popularity,
        };
        let (mut english, mut korean) = (Tally::default(), Tally::default());
        for sample in samples.iter().filter(|s| !s.expected.is_empty()) {
            let ranking = ranked(entries.0, entries.1, &sample.channels, &weights);
            let tally = match sample.lang {
                Lang::En => &mut english,
                Lang::Ko => &mut korean,
            };
            tally.add(&judged(sample, &Outcome::NoMatch, &ranking.hits));
        }
        rows.push(WeightRow {
            weights,
            english,
            korean,
        });
    }
    rows
}

/// What one threshold setting does: overall, per language, and per file.
pub struct ThresholdRow {
    pub thresholds: Thresholds,
    pub overall: Tally,
    pub by_lang: [Tally; 2],
    pub by_file: Vec<Tally>,
}

/// Every combination of answer bar, margin and choice bar (choice ≤ answer)
/// on the candidate lists, with `weights` fixed, no lower bar for long
/// questions, and the rest of the `configured` thresholds as they are.
pub fn threshold_sweep(
    samples: &[&Sample],
    entries: Entries,
    weights: &FusionWeights,
    answers: &[f32],
    margins: &[f32],
    configured: &Thresholds,
) -> Vec<ThresholdRow> {
    let settings: Vec<LangThresholds> = answers
        .iter()
        .flat_map(|&answer| margins.iter().map(move |&margin| (answer, margin)))
        .flat_map(|(answer, margin)| {
            answers
                .iter()
                .filter(move |&&choice| choice <= answer)
                .map(move |&choice| LangThresholds {
                    answer,
                    margin,
                    choice,
                    long: LongQuestions::default(),
                })
        })
        .collect();
    judge_settings(samples, entries, weights, settings, configured)
}

/// `bars` with every lower choice bar for long questions on a small grid
/// (and none), to be chosen after the bars themselves.
pub fn long_question_sweep(
    samples: &[&Sample],
    entries: Entries,
    weights: &FusionWeights,
    bars: LangThresholds,
    configured: &Thresholds,
) -> Vec<ThresholdRow> {
    let mut settings = vec![LangThresholds {
        long: LongQuestions::default(),
        ..bars
    }];
    for after_words in [4, 6, 8, 10, 12] {
        for per_word in [0.001, 0.002, 0.003, 0.004, 0.005] {
            for max_drop in [0.02, 0.04, 0.06, 0.08, 0.1] {
                let long = LongQuestions {
                    after_words,
                    per_word,
                    max_drop,
                };
                settings.push(LangThresholds { long, ..bars });
            }
        }
    }
    judge_settings(samples, entries, weights, settings, configured)
}

/// How many entries past the choices a calibration keeps of each ranking.
const HEAD_PAST_CHOICES: usize = 12;

/// What each setting does to every sample: tens of thousands of settings,
/// shared among the cores.
fn judge_settings(
    samples: &[&Sample],
    entries: Entries,
    weights: &FusionWeights,
    settings: Vec<LangThresholds>,
    configured: &Thresholds,
) -> Vec<ThresholdRow> {
    let files = samples.iter().map(|s| s.file + 1).max().unwrap_or(0);
    // Only the head of each ranking matters to a decision: the choices, and
    // the closest entries, which popularity moves by a few places at most.
    let heads: Vec<Ranking> = samples
        .iter()
        .map(|s| {
            let mut ranking = ranked(entries.0, entries.1, &s.channels, weights);
            ranking
                .hits
                .truncate(configured.max_choices.max(2) + HEAD_PAST_CHOICES);
            ranking
        })
        .collect();
    settings
        .into_par_iter()
        .map(|bars| {
            let thresholds = Thresholds {
                ko: bars,
                en: bars,
                ..configured.clone()
            };
            let mut row = ThresholdRow {
                thresholds: thresholds.clone(),
                overall: Tally::default(),
                by_lang: [Tally::default(), Tally::default()],
                by_file: vec![Tally::default(); files],
            };
            for (sample, head) in samples.iter().zip(&heads) {
                let outcome = decide(sample.query, head, &thresholds);
                let judged = judged(sample, &outcome, &head.hits);
                row.overall.add(&judged);
                row.by_lang[usize::from(sample.lang == Lang::Ko)].add(&judged);
                row.by_file[sample.file].add(&judged);
            }
            row
        })
        .collect()
}

fn judged<'a>(sample: &'a Sample, outcome: &'a Outcome, ranking: &'a [Hit]) -> Judged<'a> {
    Judged {
        expected: sample.expected,
        lang: sample.lang,
        style: sample.style,
        outcome,
        ranking,
    }
}

/// Candidate bars: `count` values spread over the samples' best scores
/// (their quantiles), and for each out-of-scope sample the bar just above
/// its best score, where it starts to be refused. A bar that keeps a
/// rejection rate can lie between two quantiles: with quantiles alone the
/// English bar had to jump from 0.768 to 0.775, past a fifth of the
/// questions it had helped, to refuse one more out-of-scope question.
pub fn candidate_bars(
    samples: &[&Sample],
    entries: Entries,
    weights: &FusionWeights,
    count: usize,
) -> Vec<f32> {
    // Each sample ranked once: its best score, and whether it is out of scope.
    let firsts: Vec<(f32, bool)> = samples
        .iter()
        .filter_map(|s| {
            let ranking = ranked(entries.0, entries.1, &s.channels, weights);
            ranking
                .hits
                .first()
                .map(|h| (h.score, s.expected.is_empty()))
        })
        .collect();
    let mut best: Vec<f32> = firsts.iter().map(|&(score, _)| score).collect();
    best.sort_by(f32::total_cmp);
    if best.is_empty() {
        return Vec::new();
    }
    let thousandths = |x: f32| (x * 1000.0).round() / 1000.0;
    let quantiles = (0..count)
        .map(|i| best[i * (best.len() - 1) / count.saturating_sub(1).max(1)])
        .map(thousandths);
    let just_above = firsts
        .iter()
        .filter(|&&(_, out_of_scope)| out_of_scope)
        .map(|&(x, _)| ((x * 1000.0).floor() + 1.0) / 1000.0);
    let mut bars: Vec<f32> = quantiles
        .chain(just_above)
        .filter(|&x| x >= best[0] && x <= best[best.len() - 1])
        .collect();
    bars.sort_by(f32::total_cmp);
    bars.dedup();
    bars
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample<'a>(expected: &'a [String], dense: Vec<f32>, lexical: Vec<f32>) -> Sample<'a> {
        Sample {
            query: "question",
            expected,
            lang: Lang::En,
            style: "plain",
            file: 0,
            channels: Channels {
                scope: Scope::all(dense.len()),
                hubness: vec![0.0; dense.len()].into(),
                popularity: vec![0.0; dense.len()].into(),
                dense_second: vec![0.0; dense.len()],
                dense,
                lexical,
                hangul: 0.0,
            },
        }
    }

    /// Fused scores equal to the dense ones.
    fn dense_only() -> FusionWeights {
        FusionWeights {
            dense_en: 1.0,
            lexical_en: 0.0,
            dense_ko: 1.0,
            lexical_ko: 0.0,
            hub_penalty: 0.0,
            second_vector: 0.0,
            popularity: 0.0,
        }
    }

    #[test]
    fn candidate_bars_include_the_one_just_above_each_out_of_scope_question() {
        let ids: Vec<String> = vec!["a".into(), "b".into()];
        let (want_a, none) = (vec!["a".to_string()], Vec::new());
        let samples = [
            sample(&want_a, vec![0.70, 0.1], vec![0.0, 0.0]),
            sample(&want_a, vec![0.80, 0.1], vec![0.0, 0.0]),
            sample(&none, vec![0.7681, 0.1], vec![0.0, 0.0]),
        ];
        let refs: Vec<&Sample> = samples.iter().collect();
        // Two quantiles (the lowest and highest best score) and 0.769, the
        // lowest bar in thousandths that refuses the out-of-scope question.
        let bars = candidate_bars(&refs, (&ids, 2), &dense_only(), 2);
        assert_eq!(bars, vec![0.70, 0.769, 0.80]);
    }

    #[test]
    fn the_weight_sweep_finds_the_channel_that_ranks_right() {
        let ids: Vec<String> = vec!["a".into(), "b".into()];
        let want_a = vec!["a".to_string()];
        // The dense channel prefers b, the lexical one a (the right one).
        let samples = [sample(&want_a, vec![0.9, 0.95], vec![0.8, 0.1])];
        let grid = SweepGrid {
            dense: &[0.0, 1.0],
            hub_penalties: &[0.0],
            second_vectors: &[0.0],
            popularity: 0.0,
        };
        let rows = weight_sweep(&samples, (&ids, 2), &grid);
        let top1 = |dense_en: f32| {
            rows.iter()
                .find(|r| r.weights.dense_en == dense_en)
                .unwrap()
                .english
                .top1
        };
        assert_eq!((top1(0.0), top1(1.0)), (1, 0));
    }

    #[test]
    fn the_threshold_sweep_counts_each_outcome() {
        let ids: Vec<String> = vec!["a".into(), "b".into()];
        let (want_a, none) = (vec!["a".to_string()], Vec::new());
        let samples = [
            sample(&want_a, vec![0.9, 0.2], vec![0.0, 0.0]),
            sample(&none, vec![0.3, 0.2], vec![0.0, 0.0]),
        ];
        let rows = threshold_sweep(
            &samples.iter().collect::<Vec<_>>(),
            (&ids, 2),
            &dense_only(),
            &[0.5, 0.25],
            &[0.1],
            &Thresholds::default(),
        );
        let strict = rows
            .iter()
            .find(|r| r.thresholds.ko.answer == 0.5 && r.thresholds.ko.choice == 0.5)
            .unwrap();
        assert_eq!(
            (strict.overall.helped, strict.overall.rejected_out_of_scope),
            (1, 1)
        );
        let loose = rows
            .iter()
            .find(|r| r.thresholds.ko.answer == 0.25)
            .unwrap();
        assert_eq!(loose.overall.answered_out_of_scope, 1);
    }
}
