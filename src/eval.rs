//! Quality metrics over labelled questions: how often minwon helped (the
//! right entry as the answer, or among the choices), was confidently wrong,
//! refused a question it covers, or rightly refused one it does not; and
//! where the right entry ranked. Judged on the same [`Outcome`] the kiosk shows.

use std::collections::BTreeMap;

use crate::answer::{Hit, Outcome};
use crate::lang::Lang;

/// One labelled question and what minwon did with it.
pub struct Judged<'a> {
    /// Every acceptable entry id; empty when no entry covers the question.
    pub expected: &'a [String],
    pub lang: Lang,
    pub style: &'a str,
    pub outcome: &'a Outcome,
    /// Entries ranked, best first.
    pub ranking: &'a [Hit],
}

impl Judged<'_> {
    fn is_right(&self, id: &str) -> bool {
        self.expected.iter().any(|e| e == id)
    }

    /// Whether the citizen was served: helped in scope, refused out of scope.
    pub fn served(&self) -> bool {
        match self.outcome {
            Outcome::NoMatch => self.expected.is_empty(),
            Outcome::Answer(hit) => self.is_right(&hit.id),
            Outcome::Choices(hits) => hits.iter().any(|h| self.is_right(&h.id)),
        }
    }
}

/// Counts behind the metrics of one group of questions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub in_scope: usize,
    pub top1: usize,
    pub top3: usize,
    pub reciprocal_rank: f64,
    pub helped: usize,
    /// Helped with the right entry as the answer (not among choices).
    pub answered_right: usize,
    pub confidently_wrong: usize,
    pub false_rejections: usize,
    pub out_of_scope: usize,
    pub rejected_out_of_scope: usize,
    pub answered_out_of_scope: usize,
}

impl Tally {
    pub fn add(&mut self, judged: &Judged) {
        if judged.expected.is_empty() {
            self.out_of_scope += 1;
            match judged.outcome {
                Outcome::NoMatch => self.rejected_out_of_scope += 1,
                Outcome::Answer(_) => self.answered_out_of_scope += 1,
                Outcome::Choices(_) => {}
            }
            return;
        }
        self.in_scope += 1;
        let rank = judged
            .ranking
            .iter()
            .position(|hit| judged.is_right(&hit.id));
        self.top1 += usize::from(rank == Some(0));
        self.top3 += usize::from(rank.is_some_and(|r| r < 3));
        self.reciprocal_rank += rank.map_or(0.0, |r| 1.0 / (r + 1) as f64);
        if judged.served() {
            self.helped += 1;
        }
        match judged.outcome {
            Outcome::Answer(hit) if judged.is_right(&hit.id) => self.answered_right += 1,
            Outcome::Answer(_) => self.confidently_wrong += 1,
            Outcome::NoMatch => self.false_rejections += 1,
            _ => {}
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
    pub fn helped_rate(&self) -> f64 {
        Self::rate(self.helped, self.in_scope)
    }
    pub fn refused_rate(&self) -> f64 {
        Self::rate(self.false_rejections, self.in_scope)
    }
    pub fn confidently_wrong_rate(&self) -> f64 {
        Self::rate(self.confidently_wrong, self.in_scope)
    }
    pub fn out_of_scope_rejection_rate(&self) -> f64 {
        Self::rate(self.rejected_out_of_scope, self.out_of_scope)
    }
    pub fn out_of_scope_answered_rate(&self) -> f64 {
        Self::rate(self.answered_out_of_scope, self.out_of_scope)
    }
}

/// Metrics overall, by language, by style and by language × style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub overall: Tally,
    pub by_lang: BTreeMap<Lang, Tally>,
    pub by_style: BTreeMap<String, Tally>,
    pub by_cell: BTreeMap<(Lang, String), Tally>,
}

impl Report {
    pub fn add(&mut self, judged: &Judged) {
        self.overall.add(judged);
        self.by_lang.entry(judged.lang).or_default().add(judged);
        self.by_style
            .entry(judged.style.to_string())
            .or_default()
            .add(judged);
        self.by_cell
            .entry((judged.lang, judged.style.to_string()))
            .or_default()
            .add(judged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: &str) -> Hit {
        Hit {
            id: id.to_string(),
            score: 0.5,
        }
    }

    #[test]
    fn tallies_each_outcome() {
        let ranking: Vec<Hit> = ["a", "b", "c", "d"].into_iter().map(hit).collect();
        let ids = |ids: &[&str]| -> Vec<String> { ids.iter().map(|s| s.to_string()).collect() };
        let cases: Vec<(Vec<String>, Outcome)> = vec![
            (ids(&["a"]), Outcome::Answer(hit("a"))), // helped
            (ids(&["b"]), Outcome::Answer(hit("a"))), // confidently wrong
            (ids(&["b"]), Outcome::Choices(vec![hit("a"), hit("b")])), // helped
            (ids(&["x", "c"]), Outcome::Choices(vec![hit("a")])), // not helped, not refused
            (ids(&["d"]), Outcome::NoMatch),          // false rejection
            (ids(&[]), Outcome::NoMatch),             // rejected
            (ids(&[]), Outcome::Answer(hit("a"))),    // answered out of scope
            (ids(&[]), Outcome::Choices(vec![hit("a")])), // offered out of scope
        ];
        let mut report = Report::default();
        for (expected, outcome) in &cases {
            report.add(&Judged {
                expected,
                lang: Lang::En,
                style: "plain",
                outcome,
                ranking: &ranking,
            });
        }
        let t = &report.overall;
        assert_eq!((t.in_scope, t.top1, t.top3), (5, 1, 4));
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
            (3, 1, 1)
        );
        assert!((t.mrr() - (1.0 + 0.5 + 0.5 + 1.0 / 3.0 + 0.25) / 5.0).abs() < 1e-9);
        assert_eq!(report.by_cell[&(Lang::En, "plain".to_string())], *t);
    }
}
