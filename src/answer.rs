//! The decision: from ranked hits to an answer, a short choice, or no match.
//!
//! A confidently wrong answer sends a citizen on a wasted trip, so minwon
//! answers only when the best entry is both close enough and clearly ahead of
//! the next one; when the top entries are close it offers them as choices.

use serde::{Deserialize, Serialize};

/// What minwon does with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Show the first hit as the answer.
    Answer,
    /// Offer the first [`Thresholds::max_choices`] hits (at most) as numbered choices.
    Choices,
    /// Nothing is close enough: say so and point to a person.
    NoMatch,
}

/// One service entry and how well it matches, in `[0, 1]`, higher is better.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub score: f32,
}

/// A question, the decision taken, and the nearest entries best first
/// (always the top-k, whatever the decision).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub query: String,
    pub decision: Decision,
    pub hits: Vec<Hit>,
}

impl Reply {
    /// The hits to show as choices when the decision is [`Decision::Choices`].
    pub fn choices(&self, thresholds: &Thresholds) -> &[Hit] {
        let close = self
            .hits
            .iter()
            .take(thresholds.max_choices)
            .take_while(|hit| hit.score >= thresholds.choice)
            .count()
            .max(2.min(self.hits.len()));
        &self.hits[..close]
    }
}

/// Score thresholds behind the decision, calibrated on the dev set (see
/// docs/QUALITY.md for the numbers behind the defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// The best score must reach this to be given as the answer.
    pub answer: f32,
    /// ... and lead the second by at least this much.
    pub margin: f32,
    /// Entries scoring below this are never offered, as answer or choice.
    pub choice: f32,
    /// At most this many choices are offered.
    pub max_choices: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            answer: 0.42,
            margin: 0.06,
            choice: 0.40,
            max_choices: 3,
        }
    }
}

/// Decides from hits sorted best first.
pub fn decide(hits: &[Hit], thresholds: &Thresholds) -> Decision {
    let score = |i: usize| hits.get(i).map_or(0.0, |hit| hit.score);
    let (best, second) = (score(0), score(1));
    if best >= thresholds.answer && best - second >= thresholds.margin {
        Decision::Answer
    } else if best >= thresholds.choice {
        Decision::Choices
    } else {
        Decision::NoMatch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(scores: &[f32]) -> Vec<Hit> {
        scores
            .iter()
            .enumerate()
            .map(|(i, &score)| Hit {
                id: format!("s{i}"),
                score,
            })
            .collect()
    }

    /// Round numbers, so the table reads easily; the defaults are calibrated.
    fn thresholds() -> Thresholds {
        Thresholds {
            answer: 0.6,
            margin: 0.05,
            choice: 0.45,
            max_choices: 3,
        }
    }

    #[test]
    fn decision_table() {
        let t = thresholds();
        let cases: &[(&[f32], Decision)] = &[
            (&[0.9, 0.5, 0.4], Decision::Answer),
            (&[0.9, 0.88, 0.4], Decision::Choices),
            (&[0.5, 0.3], Decision::Choices),
            (&[0.3, 0.2], Decision::NoMatch),
            (&[0.9], Decision::Answer),
            (&[], Decision::NoMatch),
        ];
        for (scores, expected) in cases {
            assert_eq!(decide(&hits(scores), &t), *expected, "{scores:?}");
        }
    }

    #[test]
    fn choices_are_the_close_ones_but_at_least_two() {
        let t = thresholds();
        let reply = |scores: &[f32]| Reply {
            query: String::new(),
            decision: Decision::Choices,
            hits: hits(scores),
        };
        assert_eq!(reply(&[0.7, 0.69, 0.68, 0.6]).choices(&t).len(), 3);
        assert_eq!(reply(&[0.7, 0.3, 0.2]).choices(&t).len(), 2);
        assert_eq!(reply(&[0.7]).choices(&t).len(), 1);
    }
}
