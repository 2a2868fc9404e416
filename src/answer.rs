//! The decision: from ranked hits to an answer, a short list of choices, or
//! no match. This is the only place that decides; `ask`, `eval`, the kiosk
//! and the clerk screen all show the [`Outcome`] as it is.
//!
//! A confidently wrong answer sends a citizen on a wasted trip, so minwon
//! answers only when the best entry is both close enough and clearly ahead of
//! the next one; when the top entries are close it offers those that pass
//! the choice bar, or lie close behind the closest entry when it does.

use serde::{Deserialize, Serialize};

use crate::config::Thresholds;
use crate::lang::Lang;
pub use crate::retrieve::{Hit, Ranking};

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

/// Decides from a question's ranking. A question with no letters or digits
/// (blank, punctuation, emoji, or only loose Hangul letters such as "ㅋㅋ" or
/// a keyboard mash "ㅁㄴㅇㄹ") is never answered; nor is one closer to a
/// topic minwon does not answer than to any entry. Such a topic close
/// behind the closest entry also counts as a rival for the margin, and no
/// entry further than it is offered.
///
/// The ranking's order weighs popularity, so the closest entry need not be
/// first: whether anything is offered is judged on the closest score, which
/// the order does not change. The first entry is the answer only if it
/// passes the answer bar and leads every other by the margin. Otherwise the
/// first few are offered as choices if they pass the choice bar or lie
/// within `choice_spread` of the closest.
pub fn decide(query: &str, ranking: &Ranking, thresholds: &Thresholds) -> Outcome {
    let hits = &ranking.hits;
    let (Some(first), true) = (hits.first(), says_something(query)) else {
        return Outcome::NoMatch;
    };
    let highest = |hits: &[Hit]| {
        hits.iter()
            .map(|h| h.score)
            .fold(f32::NEG_INFINITY, f32::max)
    };
    let closest = highest(hits);
    let outside = ranking
        .outside
        .as_ref()
        .map_or(f32::NEG_INFINITY, |h| h.score);
    if outside >= closest {
        return Outcome::NoMatch;
    }
    let rival = highest(&hits[1..]).max(0.0).max(outside);
    // A question of digits or emoji only is held to the Korean bars.
    let bars = thresholds.of(Lang::of_question(query).unwrap_or(Lang::Ko));
    if first.score >= bars.answer && first.score - rival >= bars.margin {
        return Outcome::Answer(first.clone());
    }
    let choice = bars.choice_for(query.split_whitespace().count());
    if closest < choice {
        return Outcome::NoMatch;
    }
    let close = closest - thresholds.choice_spread;
    let choices: Vec<Hit> = hits
        .iter()
        .take(thresholds.max_choices)
        .filter(|hit| (hit.score >= choice || hit.score >= close) && hit.score > outside)
        .cloned()
        .collect();
    if choices.is_empty() {
        Outcome::NoMatch
    } else {
        Outcome::Choices(choices)
    }
}

/// Whether a question has a letter or digit that can mean something: loose
/// Hangul letters (compatibility jamo, U+3131-U+318E) are how people laugh,
/// cry or mash the keyboard, not words.
fn says_something(query: &str) -> bool {
    query
        .chars()
        .any(|c| c.is_alphanumeric() && !('\u{3131}'..='\u{318E}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{LangThresholds, LongQuestions};

    fn ranking(scores: &[f32], outside: Option<f32>) -> Ranking {
        Ranking {
            hits: scores
                .iter()
                .enumerate()
                .map(|(i, &score)| Hit {
                    id: format!("s{i}"),
                    score,
                })
                .collect(),
            outside: outside.map(|score| Hit {
                id: "outside:x".into(),
                score,
            }),
        }
    }

    /// Round numbers, so the table reads easily; the defaults are calibrated.
    fn thresholds() -> Thresholds {
        let bars = LangThresholds {
            answer: 0.6,
            margin: 0.05,
            choice: 0.45,
            long: LongQuestions::default(),
        };
        Thresholds {
            ko: bars,
            en: bars,
            max_choices: 3,
            choice_spread: 0.0,
        }
    }

    #[test]
    fn decision_table() {
        let t = thresholds();
        let cases: &[(&[f32], Option<f32>, Decision, usize)] = &[
            (&[0.9, 0.5, 0.4], None, Decision::Answer, 1),
            (&[0.9, 0.88, 0.4], None, Decision::Choices, 2),
            (&[0.9, 0.88, 0.87, 0.86], None, Decision::Choices, 3),
            (&[0.5, 0.3], None, Decision::Choices, 1),
            (&[0.3, 0.2], None, Decision::NoMatch, 0),
            (&[0.9], None, Decision::Answer, 1),
            (&[], None, Decision::NoMatch, 0),
            // Nearest to a topic minwon does not answer: no match.
            (&[0.9, 0.5], Some(0.92), Decision::NoMatch, 0),
            // Such a topic close behind the best: no outright answer, and
            // nothing further than it is offered.
            (&[0.9, 0.5], Some(0.88), Decision::Choices, 1),
            (&[0.9, 0.5], Some(0.6), Decision::Answer, 1),
        ];
        for (scores, outside, expected, shown) in cases {
            let outcome = decide("question", &ranking(scores, *outside), &t);
            assert_eq!(outcome.decision(), *expected, "{scores:?} {outside:?}");
            assert_eq!(outcome.shown().len(), *shown, "{scores:?} {outside:?}");
        }
    }

    #[test]
    fn choices_never_include_an_entry_below_the_bar() {
        let outcome = decide(
            "q",
            &ranking(&[0.58, 0.56, 0.44, 0.43], None),
            &thresholds(),
        );
        let ids: Vec<&str> = outcome.shown().iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["s0", "s1"]);
    }

    #[test]
    fn entries_close_behind_an_offered_best_are_offered_under_the_bar() {
        let t = Thresholds {
            choice_spread: 0.02,
            ..thresholds()
        };
        // The first passes the choice bar (0.45): the second, 0.015 behind
        // it, is offered under the bar; the third, 0.03 behind, is not.
        let close = ranking(&[0.46, 0.445, 0.43], None);
        let ids: Vec<String> = decide("q", &close, &t)
            .shown()
            .iter()
            .map(|h| h.id.clone())
            .collect();
        assert_eq!(ids, ["s0", "s1"]);
        // A best under the bar brings nothing with it.
        assert_eq!(
            decide("q", &ranking(&[0.44, 0.439], None), &t),
            Outcome::NoMatch
        );
        // Nor does the spread reach past a topic minwon does not answer.
        let shown = decide("q", &ranking(&[0.46, 0.445], Some(0.45)), &t);
        assert_eq!(shown.shown().len(), 1);
    }

    #[test]
    fn popularity_reorders_but_the_bars_judge_the_closest_entry() {
        let t = Thresholds {
            choice_spread: 0.02,
            ..thresholds()
        };
        // Popularity put s0 first though s1 is closer: s1 passes the choice
        // bar, so both are offered, the first under the bar but close.
        let shown = decide("q", &ranking(&[0.44, 0.46], None), &t);
        assert_eq!(shown.shown().len(), 2);
        // Well above the answer bar, but behind the second: no answer.
        let behind = decide("q", &ranking(&[0.9, 0.95, 0.3], None), &t);
        assert_eq!(behind.decision(), Decision::Choices);
        // A topic minwon does not answer, closer than the closest: nothing.
        let outside = decide("q", &ranking(&[0.44, 0.46], Some(0.47)), &t);
        assert_eq!(outside, Outcome::NoMatch);
    }

    #[test]
    fn a_long_question_is_offered_choices_under_a_lower_bar_but_never_an_answer() {
        let mut t = thresholds();
        t.ko.long = LongQuestions {
            after_words: 3,
            per_word: 0.01,
            max_drop: 0.05,
        };
        let scores = ranking(&[0.42, 0.30], None);
        let words = |n: usize| vec!["말"; n].join(" ");
        // 3 words: the bar is 0.45; 5 words: 0.43; 7: 0.41; never more than 0.05 lower.
        assert_eq!(decide(&words(3), &scores, &t), Outcome::NoMatch);
        assert_eq!(decide(&words(5), &scores, &t), Outcome::NoMatch);
        assert_eq!(decide(&words(7), &scores, &t).shown().len(), 1);
        assert_eq!(decide(&words(10), &scores, &t).shown().len(), 1);
        assert_eq!(t.ko.choice_for(40), 0.45 - 0.05);
        // Well above the answer bar but long: still an answer, as before.
        let clear = ranking(&[0.9, 0.3], None);
        assert_eq!(decide(&words(12), &clear, &t).decision(), Decision::Answer);
        // Just under the answer bar and long: choices, never an answer.
        let near = ranking(&[0.59, 0.3], None);
        assert_eq!(decide(&words(12), &near, &t).decision(), Decision::Choices);
    }

    #[test]
    fn a_question_without_letters_or_digits_is_never_answered() {
        for query in ["", "   ", "?!", "👶", "ㅁㄴㅇㄹ", "ㅋㅋㅋ ㅠㅠ"] {
            assert_eq!(
                decide(query, &ranking(&[0.99], None), &thresholds()),
                Outcome::NoMatch
            );
        }
        for query in ["ㅇㅇ 출생신고", "id"] {
            assert_ne!(
                decide(query, &ranking(&[0.99], None), &thresholds()),
                Outcome::NoMatch
            );
        }
    }
}
