//! The same facts in both languages: each English part of a curated entry
//! and its Korean part must carry the same numbers (fees, days, ages, dates).
//! Pure: texts in, the numbers one side has and the other lacks out.

use std::collections::BTreeSet;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The numbers in a text, as plain digit strings: `50,000` is `50000`,
/// `1.5` stays `1.5`. In English, month names count as their number
/// ("31 December" = "12월 31일"; "May" only capitalised inside a sentence
/// or beside a number, since "you may" is no month) and "N million" as
/// N × 1,000,000 ("2 million won" = "2,000,000원").
pub fn numbers(text: &str) -> BTreeSet<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .collect();
    let bare = |i: usize| -> String {
        words.get(i).map_or(String::new(), |w| {
            w.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
        })
    };
    let has_digit = |i: Option<usize>| {
        i.and_then(|i| words.get(i))
            .is_some_and(|w| w.chars().any(|c| c.is_ascii_digit()))
    };
    let mut found = BTreeSet::new();
    for (i, word) in words.iter().enumerate() {
        let name = bare(i);
        if let Some(month) = MONTHS.iter().position(|m| *m == name.to_lowercase()) {
            let beside_number = has_digit(i.checked_sub(1)) || has_digit(Some(i + 1));
            if name != "may" && (name != "May" || i > 0) || beside_number {
                found.insert((month + 1).to_string());
                continue;
            }
        }
        for number in digit_runs(word) {
            let million = bare(i + 1).eq_ignore_ascii_case("million");
            found.insert(match (million, number.parse::<f64>()) {
                (true, Ok(value)) => format!("{}", (value * 1_000_000.0).round() as u64),
                _ => number,
            });
        }
    }
    found
}

/// Runs of digits in a word, with thousands commas dropped and a decimal
/// point kept when digits follow it.
fn digit_runs(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut runs = Vec::new();
    let mut run = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let digit_follows = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            run.push(c);
        } else if !run.is_empty() && c == ',' && digit_follows {
            continue;
        } else if !run.is_empty() && c == '.' && digit_follows && !run.contains('.') {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Numbers in the English text missing from the Korean, and the reverse;
/// `None` when both carry the same numbers.
pub fn mismatch(english: &str, korean: &str) -> Option<(Vec<String>, Vec<String>)> {
    let (en, ko) = (numbers(english), numbers(korean));
    if en == ko {
        return None;
    }
    Some((
        en.difference(&ko).cloned().collect(),
        ko.difference(&en).cloned().collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn numbers_are_read_as_plain_digits() {
        let cases: &[(&str, &[&str])] = &[
            ("up to 50,000 won", &["50000"]),
            ("최대 50,000원", &["50000"]),
            ("Within 1 month (14 days).", &["1", "14"]),
            ("by 31 December", &["12", "31"]),
            ("from May 1", &["1", "5"]),
            ("you may have to pay", &[]),
            ("May I pay later?", &[]),
            ("after the May tax filing", &["5"]),
            ("in November and December", &["11", "12"]),
            ("12월 31일까지", &["12", "31"]),
            ("2 million won", &["2000000"]),
            ("1.5 million won", &["1500000"]),
            ("1.5 km.", &["1.5"]),
            ("gov.kr, 1,000 won.", &["1000"]),
            ("1st floor", &["1"]),
            ("no numbers here", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(numbers(text), set(expected), "{text:?}");
        }
    }

    #[test]
    fn a_mismatch_names_what_each_side_lacks() {
        assert_eq!(mismatch("Free.", "무료예요."), None);
        assert_eq!(
            mismatch(
                "Within 14 days, fine up to 50,000 won.",
                "30일 안에 하세요."
            ),
            Some((vec!["14".into(), "50000".into()], vec!["30".into()]))
        );
    }
}
