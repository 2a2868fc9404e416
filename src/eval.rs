//! Quality metrics over labelled questions: top-1, top-3, MRR, how often
//! minwon helped, was confidently wrong, wrongly refused, or rightly refused.

use std::collections::BTreeMap;

use crate::answer::{Decision, Hit, Thresholds};

/// One labelled question and what minwon did with it.
pub struct Judged<'a> {
    /// The right service id, or `None` when no service covers the question.
    pub expected: Option<&'a str>,
    pub lang: &'a str,
    pub style: &'a str,
    pub decision: Decision,
    /// Every entry ranked, best first.
    pub ranking: &'a [Hit],
    pub choices: usize,
}

/// Counts behind the metrics of one group of questions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub in_scope: usize,
    pub top1: usize,
    pub top3: usize,
    pub reciprocal_rank: f64,
    pub helped: usize,
    pub confidently_wrong: usize,
    pub false_rejections: usize,
    pub out_of_scope: usize,
    pub rejected_out_of_scope: usize,
    pub answered_out_of_scope: usize,
}

impl Tally {
    fn add(&mut self, judged: &Judged) {
        let Some(expected) = judged.expected else {
            self.out_of_scope += 1;
            match judged.decision {
                Decision::NoMatch => self.rejected_out_of_scope += 1,
                Decision::Answer => self.answered_out_of_scope += 1,
                Decision::Choices => {}
            }
            return;
        };
        self.in_scope += 1;
        let rank = judged.ranking.iter().position(|hit| hit.id == expected);
        self.top1 += usize::from(rank == Some(0));
        self.top3 += usize::from(rank.is_some_and(|r| r < 3));
        self.reciprocal_rank += rank.map_or(0.0, |r| 1.0 / (r + 1) as f64);
        match judged.decision {
            Decision::Answer if rank == Some(0) => self.helped += 1,
            Decision::Answer => self.confidently_wrong += 1,
            Decision::Choices if rank.is_some_and(|r| r < judged.choices) => self.helped += 1,
            Decision::Choices => {}
            Decision::NoMatch => self.false_rejections += 1,
        }
    }

    pub fn rate(count: usize, of: usize) -> f64 {
        if of == 0 {
            0.0
        } else {
            count as f64 / of as f64
        }
    }

    pub fn top1_rate(&self) -> f64 {
        Self::rate(self.top1, self.in_scope)
    }
    pub fn top3_rate(&self) -> f64 {
        Self::rate(self.top3, self.in_scope)
    }
    pub fn mrr(&self) -> f64 {
        if self.in_scope == 0 {
            0.0
        } else {
            self.reciprocal_rank / self.in_scope as f64
        }
    }
    pub fn confidently_wrong_rate(&self) -> f64 {
        Self::rate(self.confidently_wrong, self.in_scope)
    }
    pub fn out_of_scope_rejection_rate(&self) -> f64 {
        Self::rate(self.rejected_out_of_scope, self.out_of_scope)
    }
}

/// Metrics overall and by style and by language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub overall: Tally,
    pub by_style: BTreeMap<String, Tally>,
    pub by_lang: BTreeMap<String, Tally>,
}

impl Report {
    pub fn add(&mut self, judged: &Judged) {
        self.overall.add(judged);
        self.by_style
            .entry(judged.style.to_string())
            .or_default()
            .add(judged);
        self.by_lang
            .entry(judged.lang.to_string())
            .or_default()
            .add(judged);
    }
}

/// How many of the ranking the decision offers as choices.
pub fn offered_choices(ranking: &[Hit], thresholds: &Thresholds) -> usize {
    crate::answer::Reply {
        query: String::new(),
        decision: Decision::Choices,
        hits: ranking.to_vec(),
    }
    .choices(thresholds)
    .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranking(ids: &[&str]) -> Vec<Hit> {
        ids.iter()
            .map(|id| Hit {
                id: id.to_string(),
                score: 0.5,
            })
            .collect()
    }

    #[test]
    fn tallies_each_outcome() {
        let r = ranking(&["a", "b", "c", "d"]);
        let judged = |expected, decision| Judged {
            expected,
            lang: "en",
            style: "plain",
            decision,
            ranking: &r,
            choices: 2,
        };
        let mut report = Report::default();
        report.add(&judged(Some("a"), Decision::Answer)); // helped
        report.add(&judged(Some("b"), Decision::Answer)); // confidently wrong
        report.add(&judged(Some("b"), Decision::Choices)); // helped
        report.add(&judged(Some("d"), Decision::NoMatch)); // false rejection
        report.add(&judged(None, Decision::NoMatch)); // rejected
        report.add(&judged(None, Decision::Answer)); // answered out of scope
        let t = &report.overall;
        assert_eq!((t.in_scope, t.top1, t.top3), (4, 1, 3));
        assert_eq!(
            (t.helped, t.confidently_wrong, t.false_rejections),
            (2, 1, 1)
        );
        assert_eq!(
            (
                t.out_of_scope,
                t.rejected_out_of_scope,
                t.answered_out_of_scope
            ),
            (2, 1, 1)
        );
        assert!((t.mrr() - (1.0 + 0.5 + 0.5 + 0.25) / 4.0).abs() < 1e-9);
    }
}
