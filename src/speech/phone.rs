//! Phone numbers, said digit by digit the way Koreans give them (공이,
//! 일이공 / 0 2, 1 2 0), and only phone numbers: a short public number
//! (112, 120, 129) is a phone number only where the text is about calling,
//! never a count (120일, 120 days), a share (120%) or the end of a range
//! (120~270일, 120 to 270 days).

use regex::Captures;

use super::korean;
use super::rewrite::{pattern, replace_in_context};
use crate::lang::Lang;

// Area and mobile numbers (02-120-1234, (02)2148-1234, 010-1234-5678), an
// area code with a three-digit public number (02-120, 051-120) and the
// 15xx-xxxx kind; not dates or year ranges (2024-2025).
pattern!(
    PHONE = r"(?:\(0\d{1,2}\)\s?|(?-u:\b)0\d{1,2}[-)]\s?)\d{3,4}-\d{4}(?-u:\b)|(?-u:\b)(?:0\d{1,2}-\d{3}|1[5-9]\d{2}-\d{4})(?-u:\b)"
);
// Short public numbers: police 112, fire 119, Dasan 120, welfare 129, ...
pattern!(SERVICE_NUMBER = r"(?-u:\b)(?:110|112|119|120|129|131|182|1345|1350|1382)(?-u:\b)");
// A number right before or after a match makes it one end of a range.
pattern!(RANGE_AFTER = r"^\s*(?:[~～〜∼–—-]|to\s)\s*\d");
pattern!(RANGE_BEFORE = r"\d\s*(?:[~～〜∼–—-]|\sto)\s*$");

/// Words that make a number a quantity, not a phone number.
const EN_UNITS: [&str; 16] = [
    "day", "days", "week", "weeks", "month", "months", "year", "years", "won", "hour", "hours",
    "minute", "minutes", "people", "percent", "times",
];

/// Words that make a short number in English a phone number.
const EN_CALLING: [&str; 7] = [
    "call", "dial", "phone", "ring", "hotline", "helpline", "tel",
];

pub fn phone_numbers(text: &str, lang: Lang) -> String {
    let text = PHONE.replace_all(text, |caps: &Captures| say(&caps[0], lang));
    replace_in_context(&SERVICE_NUMBER, &text, |caps, before, after| {
        let dialled = !in_a_number(before, after)
            && !RANGE_BEFORE.is_match(before)
            && !RANGE_AFTER.is_match(after)
            && match lang {
                Lang::Ko => korean_phone(after),
                Lang::En => english_phone(before, after),
            };
        dialled.then(|| say(&caps[0], lang))
    })
}

/// A number's digits one by one, its groups apart.
fn say(number: &str, lang: Lang) -> String {
    let groups = number
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty());
    let groups: Vec<String> = match lang {
        Lang::Ko => groups.map(korean::digits).collect(),
        Lang::En => groups
            .map(|g| g.chars().map(String::from).collect::<Vec<_>>().join(" "))
            .collect(),
    };
    groups.join(", ")
}

/// Whether a match sits inside a longer number (1,120 or 120,000 or 3.5).
pub fn in_a_number(before: &str, after: &str) -> bool {
    let mut next = after.chars();
    before.ends_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
        || (matches!(next.next(), Some(',' | '.'))
            && next.next().is_some_and(|c| c.is_ascii_digit()))
}

/// In Korean a short number is dialled when a particle, a space or a
/// pause follows it ("112에", "119 신고", "보건복지상담센터/129"), not a unit
/// or a sign ("120일", "120%", "120ℓ").
fn korean_phone(after: &str) -> bool {
    match after.chars().next() {
        None => true,
        Some(c) if c.is_whitespace() || ")],.!?:;/|".contains(c) => true,
        Some(_) => korean::particle_follows(after),
    }
}

/// In English a short number is dialled in a clause about calling ("call
/// 112 for police or 119 for fire"), unless a unit follows it.
fn english_phone(before: &str, after: &str) -> bool {
    let clause = before.rsplit(['.', ';', '!', '?']).next().unwrap_or("");
    let calling = words(clause).any(|w| EN_CALLING.contains(&w.as_str()));
    let unit = words(after)
        .next()
        .is_some_and(|w| EN_UNITS.contains(&w.as_str()));
    calling && !unit && !after.starts_with('%')
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}
