//! The decision: from ranked hits to an answer, a short list of choices, or
//! no match. This is the only place that decides; `ask`, `eval`, the kiosk
//! and the clerk screen all show the [`Outcome`] as it is.
//!
//! A confidently wrong answer sends a citizen on a wasted trip, so minwon
//! answers only when the best entry is both close enough and clearly ahead of
//! the next one; when the top entries are close it offers those that pass
//! the choice bar.

use serde::{Deserialize, Serialize};

use crate::config::Thresholds;
pub use crate::retrieve::Hit;

/// The kind of outcome, for JSON output and the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Answer,
    Choices,
    NoMatch,
}

/// What minwon does with a question, complete: nothing downstream decides more.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Show this entry as the answer.
    Answer(Hit),
    /// "Did you mean…": these entries, best first, each past the choice bar.
    Choices(Vec<Hit>),
    /// Nothing is close enough: say so and point to a person.
    NoMatch,
}

impl Outcome {
    pub fn decision(&self) -> Decision {
        match self {
            Outcome::Answer(_) => Decision::Answer,
            Outcome::Choices(_) => Decision::Choices,
            Outcome::NoMatch => Decision::NoMatch,
        }
    }

    /// The entries a person is shown: the answer, the choices, or none.
    pub fn shown(&self) -> &[Hit] {
        match self {
            Outcome::Answer(hit) => std::slice::from_ref(hit),
            Outcome::Choices(hits) => hits,
            Outcome::NoMatch => &[],
        }
    }
}

/// Decides from `ranked` (best first) for `query`. A query with no letters
/// or digits (blank, punctuation, emoji) is never answered.
pub fn decide(query: &str, ranked: &[Hit], thresholds: &Thresholds) -> Outcome {
    if !query.chars().any(char::is_alphanumeric) {
        return Outcome::NoMatch;
    }
    let score = |i: usize| ranked.get(i).map_or(0.0, |hit| hit.score);
    let (best, second) = (score(0), score(1));
    if best >= thresholds.answer && best - second >= thresholds.margin {
        return Outcome::Answer(ranked[0].clone());
    }
    let choices: Vec<Hit> = ranked
        .iter()
        .take(thresholds.max_choices)
        .take_while(|hit| hit.score >= thresholds.choice)
        .cloned()
        .collect();
    if choices.is_empty() {
        Outcome::NoMatch
    } else {
        Outcome::Choices(choices)
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
        let cases: &[(&[f32], Decision, usize)] = &[
            (&[0.9, 0.5, 0.4], Decision::Answer, 1),
            (&[0.9, 0.88, 0.4], Decision::Choices, 2),
            (&[0.9, 0.88, 0.87, 0.86], Decision::Choices, 3),
            (&[0.5, 0.3], Decision::Choices, 1),
            (&[0.3, 0.2], Decision::NoMatch, 0),
            (&[0.9], Decision::Answer, 1),
            (&[], Decision::NoMatch, 0),
        ];
        for (scores, expected, shown) in cases {
            let outcome = decide("question", &hits(scores), &t);
            assert_eq!(outcome.decision(), *expected, "{scores:?}");
            assert_eq!(outcome.shown().len(), *shown, "{scores:?}");
        }
    }

    #[test]
    fn choices_never_include_an_entry_below_the_bar() {
        let outcome = decide("q", &hits(&[0.58, 0.56, 0.44, 0.43]), &thresholds());
        let ids: Vec<&str> = outcome.shown().iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["s0", "s1"]);
    }

    #[test]
    fn a_question_without_letters_or_digits_is_never_answered() {
        for query in ["", "   ", "?!", "👶"] {
            assert_eq!(
                decide(query, &hits(&[0.99]), &thresholds()),
                Outcome::NoMatch
            );
        }
    }
}
