//! Numbers that are not plain quantities, written the way a person says
//! them: dates (2025.8.15 → 2025년 8월 15일 / 15th August 2025), list
//! markers (①, ❷, (3), 4) → 1번 / number 1) and ranges (19세 ~ 34세 →
//! 19세에서 34세, 120~270일, ①~④, 3-5 days → 3 to 5 days).

use regex::Captures;

use super::korean;
use super::rewrite::{pattern, replace_in_context};
use crate::lang::{is_syllable, Lang};

// 2025.8.15, 2025. 8. 15., 2025.01, 2025-08-15, 2025/08/15.
pattern!(DOTTED_DATE = r"(?-u:\b)((?:19|20)\d{2})\.\s?(\d{1,2})(?:\.\s?(\d{1,2}))?\.?");
pattern!(DASHED_DATE = r"(?-u:\b)((?:19|20)\d{2})([-/])(\d{1,2})[-/](\d{1,2})(?-u:\b)");
pattern!(
    MARKER = r"[\u{2460}-\u{249B}\u{24EB}-\u{24FF}\u{2776}-\u{2793}\u{3251}-\u{325F}\u{32B1}-\u{32BF}]|\((\d{1,2})\)|(?-u:\b)(\d{1,2})\)"
);
pattern!(STRONG_RANGE = r"\s*[~～〜∼–—]\s*");
pattern!(WEEKDAY_RANGE = r"([월화수목금토일])(?:요일)?\s*[~～〜∼-]\s*([월화수목금토일])(?:요일)?");
pattern!(HYPHEN_RANGE = r"(\d(?:[\d,.]*\d)?)\s*-\s*(\d(?:[\d,.]*\d)?)");

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Dates with a year, month and maybe a day, as words; what is not a real
/// month or day is left alone.
pub fn dates(text: &str, lang: Lang) -> String {
    let text = replace_in_context(&DOTTED_DATE, text, |caps, _, after| {
        let day = caps.get(3).map(|d| d.as_str());
        (!after.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| date(&caps[1], &caps[2], day, lang))
            .flatten()
    });
    DASHED_DATE
        .replace_all(&text, |caps: &Captures| {
            date(&caps[1], &caps[3], Some(&caps[4]), lang).unwrap_or_else(|| caps[0].to_string())
        })
        .into_owned()
}

fn date(year: &str, month: &str, day: Option<&str>, lang: Lang) -> Option<String> {
    let month: usize = month.parse().ok().filter(|m| (1..=12).contains(m))?;
    let day: Option<u32> = match day {
        Some(d) => Some(d.parse().ok().filter(|d| (1..=31).contains(d))?),
        None => None,
    };
    Some(match (lang, day) {
        (Lang::Ko, Some(d)) => format!("{year}년 {month}월 {d}일"),
        (Lang::Ko, None) => format!("{year}년 {month}월"),
        (Lang::En, Some(d)) => format!("{d}{} {} {year}", ordinal(d), MONTHS[month - 1]),
        (Lang::En, None) => format!("{} {year}", MONTHS[month - 1]),
    })
}

/// The ending of an English ordinal: 1st, 2nd, 3rd, 11th, 21st.
fn ordinal(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// ①, ❷, ⑶, (4) and 5) as "1번" / "number 1"; one that starts the next
/// item of a list written on one line gets a pause before it.
pub fn markers(text: &str, lang: Lang) -> String {
    replace_in_context(&MARKER, text, |caps, before, after| {
        let n = marker_number(caps, before, after)?;
        let next_item =
            MARKER.is_match(before) && before.trim_end().ends_with(char::is_alphanumeric);
        let pause = if next_item { ", " } else { "" };
        let space = if after.starts_with(char::is_alphabetic) && !korean::particle_follows(after) {
            " "
        } else {
            ""
        };
        // "⑥번" is already said with its counter.
        let counter = if after.starts_with('번') { "" } else { "번" };
        Some(match lang {
            Lang::Ko => format!("{pause}{n}{counter}{space}"),
            Lang::En => format!("{pause}number {n}{space}"),
        })
    })
}

/// The number of a list marker; a bracketed number is one only before a
/// word (in "50,000 won (2)," it is a count), and "5)" only after a space.
fn marker_number(caps: &Captures, before: &str, after: &str) -> Option<u32> {
    let word_follows = after.trim_start().starts_with(char::is_alphabetic);
    match (caps.get(1), caps.get(2)) {
        (Some(n), _) if word_follows => n.as_str().parse().ok(),
        (_, Some(n))
            if word_follows && (before.is_empty() || before.ends_with(char::is_whitespace)) =>
        {
            n.as_str().parse().ok()
        }
        (None, None) => enclosed(caps[0].chars().next()?),
        _ => None,
    }
}

/// The number an enclosed character stands for: circled, parenthesised,
/// with a full stop, double circled, negative circled (①, ⑴, ⒈, ⓵, ❶, ➊).
fn enclosed(c: char) -> Option<u32> {
    const BLOCKS: [(char, char, u32); 9] = [
        ('\u{2460}', '\u{2473}', 1),
        ('\u{2474}', '\u{2487}', 1),
        ('\u{2488}', '\u{249B}', 1),
        ('\u{24EB}', '\u{24F4}', 11),
        ('\u{24F5}', '\u{24FE}', 1),
        ('\u{2776}', '\u{277F}', 1),
        ('\u{2780}', '\u{2789}', 1),
        ('\u{278A}', '\u{2793}', 1),
        ('\u{3251}', '\u{325F}', 21),
    ];
    if c == '\u{24FF}' {
        return Some(0);
    }
    if ('\u{32B1}'..='\u{32BF}').contains(&c) {
        return Some(36 + (c as u32 - 0x32B1));
    }
    BLOCKS
        .iter()
        .find(|(first, last, _)| (*first..=*last).contains(&c))
        .map(|(first, _, value)| value + (c as u32 - *first as u32))
}

/// A tilde or dash between two numbers, each maybe with its unit (19세 ~
/// 34세, 1번~4번, 2024년 1월~12월), becomes "에서" / "to", and so does one
/// between days of the week (월~금 → 월요일에서 금요일); so does a hyphen
/// between bare numbers, in Korean only before a unit (60-64세; 844-13 is
/// an address), and never in a date or code (2026-11-20, F-4, I60-69).
pub fn ranges(text: &str, lang: Lang) -> String {
    let word = match lang {
        Lang::Ko => "에서 ",
        Lang::En => " to ",
    };
    let text = replace_in_context(&STRONG_RANGE, text, |_, before, after| {
        let after = after.strip_prefix('만').unwrap_or(after).trim_start();
        (ends_in_a_number(before) && after.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| word.to_string())
    });
    let text = replace_in_context(&WEEKDAY_RANGE, &text, |caps, before, after| {
        let alone = !before.ends_with(|c: char| c.is_alphanumeric())
            && !after.starts_with(|c: char| c.is_alphanumeric());
        alone.then(|| format!("{}요일{word}{}요일", &caps[1], &caps[2]))
    });
    replace_in_context(&HYPHEN_RANGE, &text, |caps, before, after| {
        let chained = before.ends_with(['-', '/']) || after.starts_with(['-', '/']);
        let code = before.ends_with(|c: char| c.is_ascii_alphabetic());
        let unit_follows = after.starts_with(|c: char| c == '%' || c == ':' || is_syllable(c));
        let range = !chained && !code && (lang == Lang::En || unit_follows);
        range.then(|| format!("{}{word}{}", &caps[1], &caps[2]))
    })
}

/// Whether one of the last two words before a range sign holds a number
/// (19세, 65% 초과, 9:00).
fn ends_in_a_number(before: &str) -> bool {
    before
        .split_whitespace()
        .rev()
        .take(2)
        .any(|word| word.contains(|c: char| c.is_ascii_digit()))
}
