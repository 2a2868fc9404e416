//! What `minwon check` says of the plain-language layer: services of the
//! layer's scope without one, layers written from an official text that has
//! since changed, numbers the official text does not have, summaries that
//! copy the official one, and fields out of bounds. Pure: the caller reads
//! the files and turns the findings into problems with paths.

use std::collections::BTreeSet;

use super::catalogue::{Field, Service};
use super::plain::{source_hash, Plain, PlainText, SOURCE_FIELDS};

/// Marks of the official texts that must not reach a screen or a voice.
const MARKERS: [char; 14] = [
    '○', '●', '◦', '▪', '■', '□', '※', '❶', '❷', '❸', '❹', '❺', '①', '②',
];

/// Everything wrong with one service's layer, one message each.
pub fn findings(service: &Service, plain: &Plain) -> Vec<String> {
    let mut found = Vec::new();
    let now = source_hash(service);
    if plain.source != now {
        found.push(format!(
            "stale: written from an official text that has changed since (hash {} -> {now}); review it against the official fields and rewrite what changed",
            plain.source
        ));
    }
    let official = official_numbers(service);
    for (lang, text) in [("ko", &plain.ko), ("en", &plain.en)] {
        found.extend(bounds(lang, text));
        for field_text in field_texts(text) {
            for number in numbers_in(field_text) {
                // A date or a version (2025.3.31) may be written apart.
                let parts_known = number
                    .split('.')
                    .all(|part| official.contains(&canonical(part)));
                if !official.contains(&number) && !parts_known {
                    found.push(format!(
                        "{lang}: the number {number} in \"{}\" is not in the official text",
                        short(field_text)
                    ));
                }
            }
        }
    }
    if let Some(official) = service.text(Field::Summary) {
        if similarity(&plain.ko.summary, official) >= 0.8 {
            found.push(format!(
                "ko.summary copies the official 서비스목적요약 (\"{}\"): say it in everyday words",
                short(official)
            ));
        }
    }
    found
}

fn field_texts(text: &PlainText) -> impl Iterator<Item = &str> {
    [&text.name, &text.summary, &text.who, &text.get, &text.apply]
        .into_iter()
        .chain(&text.asks)
        .map(String::as_str)
}

fn short(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// Empty fields, too many or too few ways to ask, overlong names and
/// summaries, official markers.
fn bounds(lang: &str, text: &PlainText) -> Vec<String> {
    let mut found = Vec::new();
    for (field, value, max) in [
        ("name", &text.name, 40),
        ("summary", &text.summary, 120),
        ("who", &text.who, 200),
        ("get", &text.get, 240),
        ("apply", &text.apply, 200),
    ] {
        let chars = value.chars().count();
        if value.trim().is_empty() {
            found.push(format!("{lang}.{field} is empty"));
        } else if chars > max {
            found.push(format!(
                "{lang}.{field} has {chars} characters (at most {max})"
            ));
        }
    }
    let asks = if lang == "ko" { 3..=7 } else { 2..=5 };
    if !asks.contains(&text.asks.len()) {
        found.push(format!(
            "{lang}.asks has {} ways to ask ({}–{} wanted)",
            text.asks.len(),
            asks.start(),
            asks.end()
        ));
    }
    if text.asks.iter().any(|a| a.trim().is_empty()) {
        found.push(format!("{lang}.asks has an empty one"));
    }
    if let Some(marker) = field_texts(text)
        .flat_map(str::chars)
        .find(|c| MARKERS.contains(c))
    {
        found.push(format!(
            "{lang}: the official marker {marker} must not be shown"
        ));
    }
    if field_texts(text).any(|t| t.contains("||") || t.contains('\n')) {
        found.push(format!("{lang}: a `||` or a line break must not be shown"));
    }
    found
}

/// Every number the official fields (and its web addresses) hold, as
/// written (commas dropped) and as amounts with their Korean units worked
/// out (30만 -> 300000, 1억6천5백만 -> 165000000, 65~75만 -> 650000 too).
pub fn official_numbers(service: &Service) -> BTreeSet<String> {
    let mut numbers = BTreeSet::new();
    let fields = SOURCE_FIELDS
        .iter()
        .chain(&[Field::OnlineUrl, Field::DetailUrl]);
    for &field in fields {
        let Some(text) = service.text(field) else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        for (start, end) in number_spans(&chars, false) {
            let written: String = chars[start..end].iter().filter(|&&c| c != ',').collect();
            numbers.insert(canonical(&written));
            numbers.extend(written.split('.').map(canonical));
        }
        numbers.extend(korean_amounts(&chars).into_iter().map(format_number));
    }
    numbers
}

/// The value of each amount written with Korean units (억, 만, 천, 백, 십)
/// in `chars`; a bare number before a range mark takes the unit of the
/// amount after it (65~75만원).
fn korean_amounts(chars: &[char]) -> Vec<f64> {
    let is_unit = |c: char| matches!(c, '억' | '만' | '천' | '백' | '십');
    let in_amount = |c: char| c.is_ascii_digit() || c == ',' || c == '.' || is_unit(c);
    let mut amounts = Vec::new();
    let mut i = 0;
    // A number with no unit that ended just before a range mark.
    let mut range_start: Option<(f64, usize)> = None;
    while i < chars.len() {
        if !in_amount(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        // A space may part the groups of one amount (1억 3천만원).
        let spaced = |i: usize| {
            chars[i] == ' '
                && i > start
                && is_unit(chars[i - 1])
                && chars
                    .get(i + 1)
                    .is_some_and(|&c| c.is_ascii_digit() || is_unit(c))
        };
        while i < chars.len() && (in_amount(chars[i]) || spaced(i)) {
            i += 1;
        }
        let run = &chars[start..i];
        let has_digit = run.iter().any(char::is_ascii_digit);
        let bare_unit = !has_digit && run.len() >= 2 && matches!(run[0], '천' | '백');
        if !has_digit && !bare_unit {
            continue;
        }
        let (value, last_unit) = evaluate(run);
        if last_unit > 1.0 {
            amounts.push(value);
            if let Some((first, at)) = range_start.take() {
                if start <= at + 2 {
                    amounts.push(first * last_unit);
                }
            }
        } else if matches!(chars.get(i), Some('~' | '-' | '–')) {
            range_start = Some((value, i));
        }
    }
    amounts
}

/// The value of a run of digits and Korean units, and the multiplier of its
/// last unit (1 when it has none): 1억6천5백만 is (165000000, 10000).
fn evaluate(run: &[char]) -> (f64, f64) {
    let (mut total, mut section, mut current) = (0.0, 0.0, 0.0);
    let mut digits = String::new();
    let mut last_unit = 1.0;
    let flush = |digits: &mut String, current: &mut f64| {
        if !digits.is_empty() {
            *current = digits.replace(',', "").parse().unwrap_or(0.0);
            digits.clear();
        }
    };
    for &c in run.iter().filter(|&&c| c != ' ') {
        let small = match c {
            '천' => 1e3,
            '백' => 1e2,
            '십' => 1e1,
            _ => 0.0,
        };
        if c.is_ascii_digit() || c == '.' || c == ',' {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut current);
        let number = if current == 0.0 { 1.0 } else { current };
        if small > 0.0 {
            section += number * small;
            last_unit = small;
        } else {
            let big = if c == '억' { 1e8 } else { 1e4 };
            let group = section + current;
            total += if group == 0.0 { 1.0 } else { group } * big;
            section = 0.0;
            last_unit = big;
        }
        current = 0.0;
    }
    flush(&mut digits, &mut current);
    (total + section + current, last_unit)
}

/// The numbers a layer text holds, as [`official_numbers`] writes them.
pub fn numbers_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    number_spans(&chars, true)
        .into_iter()
        .map(|(start, end)| {
            let written: String = chars[start..end].iter().filter(|&&c| c != ',').collect();
            canonical(&written)
        })
        .collect()
}

/// Spans of `1,234.5`-like numbers; with `skip_names`, digits joined to
/// Latin letters are taken for a name, not a number (sbiz24.kr, d4u).
fn number_spans(chars: &[char], skip_names: bool) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let after_letter = i > 0 && chars[i - 1].is_ascii_alphabetic();
        let start = i;
        while i < chars.len() {
            let joins = matches!(chars[i], ',' | '.')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                && i > start;
            if chars[i].is_ascii_digit() || joins {
                i += 1;
            } else {
                break;
            }
        }
        let before_letter = chars.get(i).is_some_and(char::is_ascii_alphabetic);
        if !skip_names || (!after_letter && !before_letter) {
            spans.push((start, i));
        }
    }
    spans
}

/// Numbers written the same way whatever their source: no leading zeros,
/// no trailing decimal zeros ("05" -> "5", "1.50" -> "1.5", "2." -> "2").
fn canonical(written: &str) -> String {
    match written.parse::<f64>() {
        Ok(value) if written.contains('.') => format_number(value),
        _ => {
            let trimmed = written.trim_start_matches('0');
            if trimmed.is_empty() {
                "0".into()
            } else {
                trimmed.to_string()
            }
        }
    }
}

fn format_number(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Shared letter pairs of two texts (Dice's coefficient over character
/// bigrams, spaces dropped): 1 for the same text, 0 for nothing shared.
fn similarity(a: &str, b: &str) -> f64 {
    let pairs = |text: &str| -> BTreeSet<(char, char)> {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (a, b) = (pairs(a), pairs(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ways_to_ask_are_counted_per_language() {
        let text = |asks: usize| PlainText {
            name: "n".into(),
            summary: "s".into(),
            who: "w".into(),
            get: "g".into(),
            apply: "a".into(),
            asks: (0..asks).map(|i| format!("ask {i}")).collect(),
        };
        assert!(bounds("en", &text(5)).is_empty());
        assert_eq!(
            bounds("en", &text(6)),
            ["en.asks has 6 ways to ask (2–5 wanted)"]
        );
        assert_eq!(
            bounds("en", &text(1)),
            ["en.asks has 1 ways to ask (2–5 wanted)"]
        );
        assert!(bounds("ko", &text(7)).is_empty());
        assert_eq!(
            bounds("ko", &text(2)),
            ["ko.asks has 2 ways to ask (3–7 wanted)"]
        );
    }

    #[test]
    fn numbers_are_compared_as_written_and_with_korean_units() {
        assert_eq!(
            numbers_in("한 달에 30만원, 65세, 1,500,000 won, 50%"),
            ["30", "65", "1500000", "50"]
        );
        assert_eq!(numbers_in("2025.3.31까지"), ["2025.3.31"]);
        assert_eq!(canonical("05"), "5");
        assert_eq!(canonical("1.50"), "1.5");
        assert_eq!(numbers_in("sbiz24.kr, d4u, 1ha당"), Vec::<String>::new());
    }

    #[test]
    fn official_amounts_are_read_the_way_korean_writes_them() {
        let amounts = |text: &str| {
            let record = serde_json::json!({
                "서비스ID": "000000000001", "서비스명": "x", "지원대상": "x",
                "지원내용": text, "신청방법": "x", "소관기관명": "x", "부서명": "x",
                "사용자구분": "개인", "서비스분야": "x",
                "상세조회URL": "https://www.gov.kr/portal/rcvfvrSvc/dtlEx/000000000001",
            });
            official_numbers(&Service::from_json(record).expect("a test record"))
        };
        for (text, value) in [
            ("톤당 65~75만원", "650000"),
            ("2억 4천만원", "240000000"),
            ("최대 27만 3천원", "273000"),
            ("월 179만2천원", "1792000"),
            ("5천억원 미만", "500000000000"),
            ("최대 천만원", "10000000"),
            ("300천원", "300000"),
            ("임대보증금 1억6천5백만원 이하", "165000000"),
            ("1억 3천만원 한도", "130000000"),
            ("4천만원 ~ 1억 2천만원", "120000000"),
        ] {
            assert!(amounts(text).contains(value), "{text}: {:?}", amounts(text));
        }
    }

    #[test]
    fn a_summary_that_copies_the_official_one_is_close_to_1() {
        let official = "출산 가정에 산후조리 비용을 지원합니다";
        assert!(similarity("출산 가정에 산후조리 비용을 지원해요", official) >= 0.8);
        assert!(similarity("아기를 낳은 엄마가 몸조리할 돈을 받아요", official) < 0.5);
    }
}
