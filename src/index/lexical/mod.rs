//! The lexical index: BM25 over each service entry's words, with tokenisation
//! that works for English, romanised Korean and Hangul.
//!
//! English words are lower-cased and lightly stemmed; Hangul runs become
//! character bigrams, so a word matches whatever particle follows it
//! (출생신고를 / 출생신고는 both contain 출생, 생신, 신고), and letter
//! trigrams ([`super::hangul`]), so a misspelt word still matches.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::hangul::{is_letter_trigram, letter_trigrams};
use crate::romanized::Words;

/// BM25 parameters: term-frequency saturation, length normalisation, and
/// how much a Hangul letter trigram counts beside a syllable bigram.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bm25Params {
    pub k1: f32,
    pub b: f32,
    pub letter_weight: f32,
}

impl Default for Bm25Params {
    /// `letter_weight` 0.5: on the dev set's Korean questions (lexical
    /// channel alone) it lifts misspelt questions' top-1 from 0.92 to 0.97
    /// and plain ones' from 0.95 to 0.96 (docs/QUALITY.md).
    fn default() -> Self {
        Self {
            k1: 1.2,
            b: 0.75,
            letter_weight: 0.5,
        }
    }
}

/// Words too common in questions to say anything about the service.
const STOPWORDS: &[&str] = &[
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "doe", "for", "from", "get", "got", "had", "have", "he", "her", "hi",
    "his", "how", "i", "if", "in", "is", "it", "its", "just", "me", "my", "need", "of", "on", "or",
    "our", "please", "she", "so", "some", "that", "the", "their", "them", "then", "there", "they",
    "thi", "to", "u", "us", "wa", "want", "we", "what", "when", "where", "which", "who", "will",
    "with", "would", "you", "your",
];

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

/// Splits text into index terms (see the module comment).
pub fn tokenize(text: &str) -> Vec<String> {
    let text: String = text.nfc().flat_map(char::to_lowercase).collect();
    let mut terms = Vec::new();
    let mut run = String::new();
    let mut run_is_hangul = false;
    let flush = |run: &mut String, hangul: bool, terms: &mut Vec<String>| {
        if run.is_empty() {
            return;
        }
        if hangul {
            let chars: Vec<char> = run.chars().collect();
            if chars.len() == 1 {
                terms.push(run.clone());
            }
            terms.extend(chars.windows(2).map(|pair| pair.iter().collect::<String>()));
            terms.extend(letter_trigrams(&chars));
        } else {
            let word = stem(run);
            if !STOPWORDS.contains(&word.as_str()) {
                terms.push(word);
            }
        }
        run.clear();
    };
    for c in text.chars() {
        let hangul = is_hangul(c);
        if hangul || c.is_alphanumeric() {
            if !run.is_empty() && hangul != run_is_hangul {
                flush(&mut run, run_is_hangul, &mut terms);
            }
            run_is_hangul = hangul;
            run.push(c);
        } else if c != '\'' && c != '’' {
            flush(&mut run, run_is_hangul, &mut terms);
        }
    }
    flush(&mut run, run_is_hangul, &mut terms);
    terms
}

/// Light English stemming: plural and common verb endings, so "moving",
/// "moved" and "moves" meet "move". Short words are left alone.
fn stem(word: &str) -> String {
    if !word.is_ascii() || word.len() <= 3 {
        return word.to_string();
    }
    let rules: &[(&str, &str)] = &[
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
    ];
    for (suffix, replacement) in rules {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.len() >= 3 && !(suffix == &"s" && base.ends_with('s')) {
                let mut out = base.to_string();
                out.push_str(replacement);
                return undouble(out, suffix);
            }
        }
    }
    word.to_string()
}

/// "stopped" -> "stopp" -> "stop"; "moving" -> "mov" -> "move".
fn undouble(mut stem: String, suffix: &str) -> String {
    if suffix != "ing" && suffix != "ed" {
        return stem;
    }
    let bytes = stem.as_bytes();
    let n = bytes.len();
    if n >= 2 && bytes[n - 1] == bytes[n - 2] && !matches!(bytes[n - 1], b'l' | b's' | b'z') {
        stem.pop();
    } else if n >= 3
        && !is_vowel(bytes[n - 1])
        && is_vowel(bytes[n - 2])
        && !is_vowel(bytes[n - 3])
        && !matches!(bytes[n - 1], b'w' | b'x' | b'y')
    {
        stem.push('e');
    }
    stem
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

pub mod file;

/// BM25 over one document per service entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LexicalIndex {
    params: Bm25Params,
    /// term -> (document, term frequency)
    postings: HashMap<String, Vec<(u32, u32)>>,
    doc_lengths: Vec<u32>,
    average_length: f32,
}

impl LexicalIndex {
    fn from_parts(
        params: Bm25Params,
        postings: HashMap<String, Vec<(u32, u32)>>,
        doc_lengths: Vec<u32>,
    ) -> Self {
        let average_length =
            doc_lengths.iter().sum::<u32>() as f32 / doc_lengths.len().max(1) as f32;
        Self {
            params,
            postings,
            doc_lengths,
            average_length,
        }
    }

    /// Indexes documents given as lists of texts; document `i` is entry `i`.
    pub fn build(documents: &[Vec<&str>], params: Bm25Params) -> Self {
        let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        let mut doc_lengths = Vec::with_capacity(documents.len());
        for (doc, texts) in documents.iter().enumerate() {
            let mut counts: HashMap<String, u32> = HashMap::new();
            let mut length = 0;
            for term in texts.iter().flat_map(|text| tokenize(text)) {
                *counts.entry(term).or_default() += 1;
                length += 1;
            }
            doc_lengths.push(length);
            for (term, count) in counts {
                postings.entry(term).or_default().push((doc as u32, count));
            }
        }
        for list in postings.values_mut() {
            list.sort_unstable();
        }
        Self::from_parts(params, postings, doc_lengths)
    }

    pub fn params(&self) -> Bm25Params {
        self.params
    }

    fn idf(&self, term: &str) -> f32 {
        let n = self.doc_lengths.len() as f32;
        let df = self.postings.get(term).map_or(0, Vec::len) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// Scores every document against `query`, each in `[0, 1]`: the BM25
    /// score divided by the most the query's terms could score. Words the
    /// corpus never uses still count in that maximum, so a question about
    /// something else scores low even when it shares a word or two.
    pub fn search(&self, query: &str) -> Vec<f32> {
        let mut scores = vec![0.0f32; self.doc_lengths.len()];
        let terms = tokenize(query);
        let Bm25Params {
            k1,
            b,
            letter_weight,
        } = self.params;
        let mut ceiling = 0.0;
        for term in &terms {
            let weight = if is_letter_trigram(term) {
                letter_weight
            } else {
                1.0
            };
            let idf = self.idf(term) * weight;
            ceiling += idf * (k1 + 1.0);
            for &(doc, tf) in self.postings.get(term).into_iter().flatten() {
                let tf = tf as f32;
                let length = self.doc_lengths[doc as usize] as f32 / self.average_length;
                scores[doc as usize] += idf * tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * length));
            }
        }
        if ceiling > 0.0 {
            scores.iter_mut().for_each(|s| *s /= ceiling);
        }
        scores
    }
}

/// A Latin word the corpus uses in at least this many entries is English:
/// romanised names are keywords of a few curated entries ("deungnok", the
/// most used, of 6), everyday English words of dozens ("make", "time").
const ENGLISH_DOCUMENTS: usize = 8;

impl Words for LexicalIndex {
    fn knows_pair(&self, pair: &str) -> bool {
        self.postings.contains_key(pair)
    }

    /// A stopword, or a word whose stem is in enough entries' texts.
    fn is_english(&self, word: &str) -> bool {
        let terms = tokenize(word);
        terms.is_empty()
            || terms
                .iter()
                .any(|t| self.postings.get(t).map_or(0, Vec::len) >= ENGLISH_DOCUMENTS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_lowercased_stemmed_and_stripped_of_stopwords() {
        assert_eq!(
            tokenize("How do I renew my Passport?"),
            ["renew", "passport"]
        );
        assert_eq!(tokenize("moving moved moves"), ["move", "move", "move"]);
        assert_eq!(
            tokenize("certificates babies stopped"),
            ["certificate", "baby", "stop"]
        );
        assert_eq!(tokenize("it's the dog's"), ["dog"]);
    }

    /// The terms of a text without its letter trigrams.
    fn words(text: &str) -> Vec<String> {
        let mut terms = tokenize(text);
        terms.retain(|t| !is_letter_trigram(t));
        terms
    }

    #[test]
    fn hangul_becomes_bigrams_so_particles_do_not_matter() {
        assert_eq!(words("출생신고를"), ["출생", "생신", "신고", "고를"]);
        let with_particle = words("출생신고는");
        assert!(with_particle.starts_with(&["출생".into(), "생신".into(), "신고".into()]));
        assert_eq!(words("집"), ["집"]);
    }

    #[test]
    fn hangul_also_becomes_letter_trigrams_so_typos_still_match() {
        let trigrams = |text| -> Vec<String> {
            tokenize(text)
                .into_iter()
                .filter(|t| is_letter_trigram(t))
                .collect()
        };
        assert_eq!(trigrams("신고"), ["~ㅅㅣㄴ", "~ㅣㄴㄱ", "~ㄴㄱㅗ"]);
        let docs = vec![vec!["출생신고"], vec!["사망신고"], vec!["여권 발급"]];
        let index = LexicalIndex::build(&docs, Bm25Params::default());
        let scores = index.search("출생싱고");
        assert!(scores[0] > scores[1] && scores[1] > scores[2], "{scores:?}");
    }

    #[test]
    fn romanised_korean_and_mixed_scripts_are_kept_as_words() {
        assert_eq!(words("jeonip singo"), ["jeonip", "singo"]);
        assert_eq!(
            words("I need 기초연금 info"),
            ["기초", "초연", "연금", "info"]
        );
    }

    #[test]
    fn decomposed_hangul_matches_composed() {
        let decomposed: String = "여권".nfd().collect();
        assert_eq!(tokenize(&decomposed), tokenize("여권"));
    }

    #[test]
    fn odd_text_gives_no_terms_or_plain_terms() {
        assert!(tokenize("").is_empty());
        assert!(tokenize("\u{1b}[31m 😭 \u{7}").iter().all(|t| t == "31m"));
    }

    #[test]
    fn bm25_ranks_the_document_with_the_query_terms_first() {
        let docs = vec![
            vec![
                "Passport issue",
                "new passport for travel abroad",
                "여권 발급",
            ],
            vec!["Birth registration", "report a new baby", "출생신고"],
            vec!["Moving-in report", "report your new address", "전입신고"],
        ];
        let index = LexicalIndex::build(&docs, Bm25Params::default());
        let scores = index.search("baby birth report");
        assert!(scores[1] > scores[0] && scores[1] > scores[2]);
        let korean = index.search("아기 출생신고는 어디서");
        assert!(korean[1] > korean[0] && korean[1] > korean[2]);
        assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
    }

    #[test]
    fn unknown_words_lower_the_score() {
        let docs = vec![vec!["passport"], vec!["baby"]];
        let index = LexicalIndex::build(&docs, Bm25Params::default());
        let focused = index.search("passport")[0];
        let diluted = index.search("passport weather tomorrow paris")[0];
        assert!(focused > diluted);
    }
}
