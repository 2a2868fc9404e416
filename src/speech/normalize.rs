//! Text as a speech engine should read it: sanitised like the screen, then
//! with web addresses, list markers, symbols and brackets turned into words
//! or pauses, and numbers written the way a person says them. Checked
//! against espeak-ng's reading (`espeak-ng -v ko -q -x TEXT` prints the
//! phonemes); what it already reads well (50,000원 → 오만 원, 30만원, 만
//! 65세, 2025년 8월, 1개월, 50,000 won, 1 month) is left alone.

use regex::Captures;

use super::korean;
use super::numbers::{dates, markers, ranges};
use super::phone::{in_a_number, phone_numbers};
use super::rewrite::{pattern, replace_in_context};
use crate::lang::{is_syllable, Lang};
use crate::sanitize::for_display;
use crate::strings::strings;

/// A web address: optional scheme, dotted labels, a common top-level
/// domain, an optional path.
const WEB_ADDRESS: &str =
    r"(?i)(?:https?://)?(?:[a-z0-9-]+\.)+(?:kr|com|net|org|gov|edu|info|io)(?-u:\b)(?:/[^\s)\]]*)?";

pattern!(BRACKETED_ADDRESS = format!(r"\s*[(\[]\s*{WEB_ADDRESS}\s*[)\]]"));
pattern!(ADDRESS = format!(r"{WEB_ADDRESS}(\p{{Hangul}}*)"));
pattern!(CLOCK = r"(?-u:\b)(\d{1,2}):(\d{2})(?:\s*([aApP])\.?[mM](?:\.|(?-u:\b)))?");
pattern!(WON_SIGN = r"(?:₩|(?-u:\b)KRW)\s*(\d[\d,]*)|(\d[\d,]*)\s*KRW(?-u:\b)");
pattern!(UNIT = r"(\d)\s*(cm|mm|km|kg|m²|㎡|%)");
pattern!(DECIMAL = r"(\d)\.(\d)");
pattern!(COUNTER = format!(r"(\d{{1,2}})\s*({})", korean::NATIVE_COUNTERS));
pattern!(LIST_MARKER = r"^\s*(?:[-*+•‣◦▪]|\d+[.)])\s+");
pattern!(SPACES = r"\s+");
pattern!(COMMAS = r"\s*,[\s,]*");
pattern!(BEFORE_STOP = r"[\s,]+([.:?!])");

/// `text` ready for the engine in `lang`. It never starts with `-`, so it
/// cannot be taken for an option when it is passed as an argument.
pub fn for_speech(text: &str, lang: Lang) -> String {
    let text = for_display(text);
    let text = LIST_MARKER.replace(&text, "");
    let text = web_addresses(&text, lang);
    let text = dates(&text, lang);
    let text = phone_numbers(&text, lang);
    let text = markers(&text, lang);
    let text = ranges(&text, lang);
    let text = clock_times(&text, lang);
    let text = units(&text, lang);
    let text = match lang {
        // Counts first, so 1.5시간 stays a decimal: 일 점 오 시간.
        Lang::Ko => DECIMAL
            .replace_all(&native_counts(&text), "${1}점${2}")
            .into_owned(),
        Lang::En => text,
    };
    tidy(&symbols(&abbreviations(&text, lang), lang))
}

/// A web address in brackets after a name is left out ("복지로
/// (bokjiro.go.kr)"); one on its own becomes "웹사이트" / "the website",
/// with the Korean particle after it made to fit.
fn web_addresses(text: &str, lang: Lang) -> String {
    let text = BRACKETED_ADDRESS.replace_all(text, "");
    let website = strings(lang).website;
    ADDRESS
        .replace_all(&text, |caps: &Captures| {
            format!("{website}{}", korean::after_vowel(&caps[1]))
        })
        .into_owned()
}

/// 9:30 → "9시 30분" / "9:30 a.m."; 18:00 → "18시" / "6 p.m.".
fn clock_times(text: &str, lang: Lang) -> String {
    CLOCK
        .replace_all(text, |caps: &Captures| {
            let (h, m): (u32, u32) = (caps[1].parse().unwrap_or(99), caps[2].parse().unwrap_or(99));
            if h > 24 || m > 59 {
                return caps[0].to_string();
            }
            match lang {
                Lang::Ko if m == 0 => format!("{h}시"),
                Lang::Ko => format!("{h}시 {m}분"),
                Lang::En => {
                    let pm = caps.get(3).map_or((12..24).contains(&h), |p| {
                        p.as_str().eq_ignore_ascii_case("p")
                    });
                    let hour = if h % 12 == 0 { 12 } else { h % 12 };
                    let minutes = if m == 0 {
                        String::new()
                    } else {
                        format!(":{m:02}")
                    };
                    format!("{hour}{minutes} {}", if pm { "p.m." } else { "a.m." })
                }
            }
        })
        .into_owned()
}

/// ₩50,000 → "50,000원" / "50,000 won"; 3.5cm → "3.5 센티미터"; 20% →
/// "20 퍼센트" / "20 percent".
fn units(text: &str, lang: Lang) -> String {
    let won = match lang {
        Lang::Ko => "원",
        Lang::En => " won",
    };
    let text = WON_SIGN.replace_all(text, |caps: &Captures| {
        let amount = caps.get(1).or(caps.get(2)).map_or("", |m| m.as_str());
        format!("{amount}{won}")
    });
    replace_in_context(&UNIT, &text, |caps, _, after| {
        if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let (ko, en) = match &caps[2] {
            "cm" => ("센티미터", "centimetres"),
            "mm" => ("밀리미터", "millimetres"),
            "km" => ("킬로미터", "kilometres"),
            "kg" => ("킬로그램", "kilograms"),
            "%" => ("퍼센트", "percent"),
            _ => ("제곱미터", "square metres"),
        };
        let unit = match lang {
            Lang::Ko => ko,
            Lang::En => en,
        };
        Some(format!("{} {unit}", &caps[1]))
    })
}

/// 1장 → "한 장", 12개 → "열두 개", 9시 → "아홉 시".
fn native_counts(text: &str) -> String {
    replace_in_context(&COUNTER, text, |caps, before, after| {
        let n: u32 = caps[1].parse().ok()?;
        let counter = &caps[2];
        (!in_a_number(before, after) && korean::takes_native(n, counter, after.chars().next()))
            .then(|| format!("{} {counter}", korean::native(n, counter)))
    })
}

fn abbreviations(text: &str, lang: Lang) -> String {
    let swaps: &[(&str, &str)] = match lang {
        Lang::Ko => &[("예:", "예를 들면")],
        Lang::En => &[("e.g.", "for example"), ("i.e.", "that is")],
    };
    swaps
        .iter()
        .fold(text.to_string(), |text, (from, to)| text.replace(from, to))
}

/// Brackets, slashes and dots between words become pauses; quotes, bullets,
/// arrows and emoji are left out; × and & become words.
fn symbols(text: &str, lang: Lang) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_letters = || {
            i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
        };
        match c {
            // A particle right after a bracket belongs to the word before it.
            ')' | ']' if chars.get(i + 1).is_some_and(|&n| is_syllable(n)) => {}
            // Middle dots include the Hangul one (ㆍ) and the one-dot leader.
            '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '/' | '–' | '—' | '―' | ';' | '·'
            | 'ㆍ' | '･' | '・' | '․' | '‧' => out.push_str(", "),
            '「' | '」' | '『' | '』' | '【' | '】' | '〈' | '〉' | '《' | '》' => {
                out.push(' ')
            }
            '…' => out.push('.'),
            '×' => out.push_str(if lang == Lang::Ko {
                " 곱하기 "
            } else {
                " by "
            }),
            '&' => out.push_str(if lang == Lang::Ko { ", " } else { " and " }),
            '\'' | '‘' | '’' if between_letters() => out.push('\''),
            '-' if i > 0 && chars[i - 1] == ' ' && chars.get(i + 1) == Some(&' ') => {
                out.push_str(", ")
            }
            '"' | '“' | '”' | '„' | '«' | '»' | '\'' | '‘' | '’' | '`' => {}
            '~' | '～' | '〜' | '*' | '#' | '_' | '|' | '\\' | '^' => out.push(' '),
            c if decoration(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Bullets, arrows, shapes, dingbats and emoji: seen, not said.
fn decoration(c: char) -> bool {
    matches!(c,
        '•' | '‣' | '∙' | '※' | '\u{2190}'..='\u{21FF}' | '\u{2500}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}' | '\u{200D}' | '\u{20E3}')
}

/// One space between words, no empty pauses, nothing before the first word.
fn tidy(text: &str) -> String {
    let text = SPACES.replace_all(text, " ");
    let text = replace_in_context(&COMMAS, &text, |caps, before, after| {
        let thousands = &caps[0] == ","
            && before.ends_with(|c: char| c.is_ascii_digit())
            && after.starts_with(|c: char| c.is_ascii_digit());
        (!thousands).then(|| ", ".to_string())
    });
    let text = BEFORE_STOP.replace_all(&text, "$1");
    text.trim_start_matches(|c: char| c.is_whitespace() || ",.:;-".contains(c))
        .trim_end_matches(|c: char| c.is_whitespace() || c == ',')
        .to_string()
}
