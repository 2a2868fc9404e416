//! The two languages minwon speaks, and which one a question is written in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

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
    /// of its words hold Hangul as hold Latin letters, English when it has
    /// Latin words only or more of them, `None` when it has neither (digits,
    /// emoji, blanks), so the caller keeps the language it had.
    pub fn of_question(text: &str) -> Option<Lang> {
        let (mut korean, mut latin) = (0usize, 0usize);
        for word in text.split_whitespace() {
            if word.chars().any(is_hangul) {
                korean += 1;
            } else if word.chars().any(|c| c.is_ascii_alphabetic()) {
                latin += 1;
            }
        }
        match (korean, latin) {
            (0, 0) => None,
            (k, l) if k >= l => Some(Lang::Ko),
            _ => Some(Lang::En),
        }
    }
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
            ("  👶 ?! ", None),
            ("", None),
        ];
        for (text, lang) in cases {
            assert_eq!(Lang::of_question(text), lang, "{text:?}");
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
