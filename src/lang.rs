//! The two languages minwon speaks, and which one a question is written in
//! (Hangul typed with the keyboard left in English mode is Korean).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::keyboard::{keyboard_mash, spelled_hangul};

/// A language of the screen and of the answers. Korean comes first: it is
/// the language of the counters minwon serves.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language a question is written in: Korean when at least as many
    /// of its words hold Hangul as hold Latin letters, or when its Latin
    /// letters are Hangul typed in English mode ([`mistyped_hangul`]);
    /// English only when it is clearly English (more Latin words than
    /// Hangul ones, reading like English); `None` when it has no words to
    /// tell (digits, emoji, blanks, keyboard mashing such as "asdfgh" or
    /// "zzz", Latin letters that read like neither), so the caller keeps
    /// the language it had.
    pub fn of_question(text: &str) -> Option<Lang> {
        if mistyped_hangul(text).is_some() {
            return Some(Lang::Ko);
        }
        let (mut korean, mut latin) = (0usize, 0usize);
        let mut runs = Vec::new();
        for word in text.split_whitespace() {
            if word.chars().any(is_hangul) {
                korean += 1;
                continue;
            }
            let said: Vec<&str> = letter_runs(word).filter(|r| !keyboard_mash(r)).collect();
            if !said.is_empty() {
                latin += 1;
                runs.extend(said);
            }
        }
        match (korean, latin) {
            (0, 0) => None,
            (k, l) if k >= l => Some(Lang::Ko),
            _ => (english_share(runs) >= CLEARLY_ENGLISH).then_some(Lang::En),
        }
    }
}

/// Letter pairs that make up most of written English: the 200 most frequent
/// pairs inside words of the corpus's English text (curated entries and the
/// plain-language layer, web addresses left out), 95 % of all its pairs.
const ENGLISH_PAIRS: [&str; 200] = [
    "ab", "ac", "ad", "af", "ag", "ai", "al", "am", "an", "ap", "ar", "as", "at", "ay", "ba", "be",
    "bi", "bl", "bo", "bu", "by", "ca", "ce", "ch", "ci", "ck", "cl", "co", "cr", "ct", "cu", "da",
    "de", "di", "do", "dr", "ds", "du", "ea", "ec", "ed", "ee", "ef", "eg", "el", "em", "en", "eo",
    "ep", "er", "es", "et", "ev", "ew", "ex", "fa", "fe", "ff", "fi", "fo", "fr", "fu", "ga", "ge",
    "gi", "gn", "go", "gr", "ha", "he", "hi", "ho", "ia", "ic", "id", "ie", "if", "ig", "il", "im",
    "in", "io", "ip", "ir", "is", "it", "iv", "jo", "ke", "ki", "ko", "la", "ld", "le", "li", "ll",
    "lo", "lp", "ls", "lt", "ly", "ma", "me", "mi", "mm", "mo", "mp", "ms", "na", "nc", "nd", "ne",
    "ng", "ni", "nl", "no", "ns", "nt", "ny", "oa", "ob", "oc", "od", "of", "ol", "om", "on", "oo",
    "op", "or", "os", "ot", "ou", "ov", "ow", "pa", "pe", "pi", "pl", "po", "pp", "pr", "ps", "qu",
    "ra", "rd", "re", "rg", "ri", "rk", "rm", "rn", "ro", "rs", "rt", "ru", "rv", "ry", "sa", "sc",
    "se", "sh", "si", "sm", "so", "sp", "ss", "st", "su", "ta", "te", "th", "ti", "to", "tr", "ts",
    "tu", "ty", "ua", "ub", "uc", "ud", "ui", "ul", "um", "un", "up", "ur", "us", "ut", "ve", "vi",
    "wa", "we", "wh", "wi", "wo", "ye", "yo", "ys",
];

/// English questions have at least this share of English letter pairs (the
/// lowest of the labelled English questions is 0.5, "haengbok jutaek");
/// keyboard gibberish ("asdfgh" 0.2) and Korean typed in English mode
/// (median 0.3) mostly have less.
const CLEARLY_ENGLISH: f32 = 0.4;

/// Hangul typed in English mode has fewer English letter pairs than this,
/// English that happens to spell whole syllables ("doctor" → 앷색, 1.0)
/// more.
const MISTYPED_BELOW: f32 = 0.6;

/// The share of a text's letter pairs (inside its Latin letter runs) that
/// are common in English, in `[0, 1]`.
fn english_share<'a>(runs: impl IntoIterator<Item = &'a str>) -> f32 {
    let (mut english, mut pairs) = (0usize, 0usize);
    for run in runs {
        for pair in run.to_ascii_lowercase().as_bytes().windows(2) {
            pairs += 1;
            english += usize::from(ENGLISH_PAIRS.iter().any(|p| p.as_bytes() == pair));
        }
    }
    if pairs == 0 {
        0.0
    } else {
        english as f32 / pairs as f32
    }
}

/// The runs of Latin letters in a text.
fn letter_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|run| !run.is_empty())
}

/// The Hangul a question meant, when it was typed with the keyboard left in
/// English mode: it has Latin letters and no Hangul, does not read like
/// English, and on the two-set layout spells whole syllables, at least two
/// ("wjsdlqtlsrh" → 전입신고, but "lost", "asdfgh" or "go" → `None`).
pub fn mistyped_hangul(text: &str) -> Option<String> {
    if text.chars().any(is_hangul) || letter_runs(text).next().is_none() {
        return None;
    }
    if english_share(letter_runs(text)) >= MISTYPED_BELOW {
        return None;
    }
    let hangul = spelled_hangul(text)?;
    (hangul.chars().filter(|&c| is_syllable(c)).count() >= 2).then_some(hangul)
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Lang::En),
            "ko" => Ok(Lang::Ko),
            other => Err(format!("unknown language `{other}` (use `ko` or `en`)")),
        }
    }
}

/// Hangul syllables, jamo and compatibility jamo (what people type when a
/// syllable is left unfinished: ㅠㅠ, ㅇㅇ).
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// A Hangul syllable (가 to 힣), not a loose letter.
pub fn is_syllable(c: char) -> bool {
    ('가'..='힣').contains(&c)
}

/// The share of Hangul among a text's letters, in `[0, 1]`.
pub fn hangul_share(text: &str) -> f32 {
    let (mut hangul, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        hangul += usize::from(is_hangul(c));
    }
    if letters == 0 {
        0.0
    } else {
        hangul as f32 / letters as f32
    }
}

#[cfg(test)]
mod measured;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_in_the_language_of_most_of_its_words() {
        let cases = [
            ("아기 낳았어요", Some(Lang::Ko)),
            ("등본뗄라면", Some(Lang::Ko)),
            ("lost my id card", Some(Lang::En)),
            ("need 연금", Some(Lang::Ko)),
            ("lost my 주민등록증", Some(Lang::En)),
            ("ㅠㅠ", Some(Lang::Ko)),
            ("010 1234", None),
            ("wjsdlqtlsrh", Some(Lang::Ko)),
            ("asdfgh", None),
            ("zzz", None),
            ("qwerty!!", None),
            ("doctor", Some(Lang::En)),
            ("jumin deungbon", Some(Lang::En)),
            ("  👶 ?! ", None),
            ("", None),
        ];
        for (text, lang) in cases {
            assert_eq!(Lang::of_question(text), lang, "{text:?}");
        }
    }

    #[test]
    fn hangul_typed_in_english_mode_is_recovered() {
        let cases = [
            ("wjsdlqtlsrh", Some("전입신고")),
            ("dkssudgktpdy", Some("안녕하세요")),
            ("emdqhs djeltj qkedkdy?", Some("등본 어디서 받아요?")),
            ("WJSDLQTLSRH", Some("전입신고")),
            // English words that spell whole syllables read like English.
            ("doctor", None),
            ("do ducks sleep", None),
            // One syllable says too little ("go" → 해).
            ("go", None),
            ("lost my id card", None),
            ("zzz", None),
            ("등본 emdqhs", None),
        ];
        for (text, hangul) in cases {
            assert_eq!(mistyped_hangul(text).as_deref(), hangul, "{text:?}");
        }
    }

    #[test]
    fn script_share() {
        assert_eq!(hangul_share("lost my id card"), 0.0);
        assert_eq!(hangul_share("여권 재발급"), 1.0);
        assert_eq!(hangul_share("12345 !!"), 0.0);
        assert!((hangul_share("need 연금") - 2.0 / 6.0).abs() < 1e-6);
    }

    #[test]
    fn codes_parse_and_print() {
        assert_eq!("ko".parse::<Lang>(), Ok(Lang::Ko));
        assert_eq!(Lang::En.to_string(), "en");
        assert_eq!(
            "fr".parse::<Lang>().unwrap_err(),
            "unknown language `fr` (use `ko` or `en`)"
        );
    }
}
