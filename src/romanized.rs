//! Korean written in Latin letters, the way foreign residents learn the
//! names of services ("gichoyeongeum", "jumin deungbon", "bumo geubyeo"),
//! read back into the Hangul it names.
//!
//! Revised Romanization writes sounds, not spelling, and people write it
//! loosely, so one Latin word has many readings (geubyeo: 그벼 or 급여;
//! jangae: 잔개 or 장애). The corpus chooses: a reading is kept only when
//! every pair of its neighbouring syllables occurs in the corpus's Korean
//! text, so an English word that happens to spell syllables ("meaning" →
//! 메아닝) stays English.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::keyboard::{jamo_of, syllable};

/// The commonest English words (provenance and licence at the file's head):
/// "japan", "hello" and "mail" spell syllables the corpus knows (자판, 헬로,
/// 마일) but are English; no romanised name of a service is among them.
const ENGLISH_WORDS: &str = include_str!("romanized/english_words.txt");

fn is_common_english(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            ENGLISH_WORDS
                .lines()
                .filter(|line| !line.starts_with('#'))
                .collect()
        })
        .contains(word.to_ascii_lowercase().as_str())
}

/// Spellings of an initial consonant and the jamo each may stand for; ""
/// is a syllable that starts with its vowel. Besides Revised Romanization:
/// k, t, p, ch for their plain sounds (the older McCune–Reischauer way),
/// n for ㄹ after a final consonant (등록 is said and written "deungnok").
const ONSETS: &[(&str, &[char])] = &[
    ("kk", &['ㄲ']),
    ("tt", &['ㄸ']),
    ("pp", &['ㅃ']),
    ("ss", &['ㅆ']),
    ("jj", &['ㅉ']),
    ("ch", &['ㅊ', 'ㅈ']),
    ("sh", &['ㅅ']),
    ("g", &['ㄱ']),
    ("k", &['ㅋ', 'ㄱ']),
    ("n", &['ㄴ', 'ㄹ']),
    ("d", &['ㄷ']),
    ("t", &['ㅌ', 'ㄷ']),
    ("r", &['ㄹ']),
    ("l", &['ㄹ']),
    ("m", &['ㅁ']),
    ("b", &['ㅂ']),
    ("p", &['ㅍ', 'ㅂ']),
    ("s", &['ㅅ', 'ㅆ']),
    ("j", &['ㅈ']),
    ("h", &['ㅎ']),
    ("", &['ㅇ']),
];

/// Spellings of a vowel; o, yo and u also stand for the vowels the older
/// system wrote ŏ, yŏ and ŭ (people drop the breve).
const VOWELS: &[(&str, &[char])] = &[
    ("yeo", &['ㅕ']),
    ("yae", &['ㅒ']),
    ("wae", &['ㅙ']),
    ("ae", &['ㅐ']),
    ("ya", &['ㅑ']),
    ("eo", &['ㅓ']),
    ("ye", &['ㅖ']),
    ("wa", &['ㅘ']),
    ("oe", &['ㅚ']),
    ("yo", &['ㅛ', 'ㅕ']),
    ("wo", &['ㅝ']),
    ("we", &['ㅞ']),
    ("wi", &['ㅟ']),
    ("yu", &['ㅠ']),
    ("eu", &['ㅡ']),
    ("ui", &['ㅢ']),
    ("oo", &['ㅜ']),
    ("ee", &['ㅣ']),
    ("a", &['ㅏ']),
    ("e", &['ㅔ']),
    ("o", &['ㅗ', 'ㅓ']),
    ("u", &['ㅜ', 'ㅡ']),
    ("i", &['ㅣ']),
];

/// Spellings of a final consonant. Finals are written as they sound, so t
/// may be any of the finals said ㄷ (첫 is "cheot"), and g, b as finals
/// are how people spell a final before a vowel ("geub-yeo" 급여).
const FINALS: &[(&str, &[char])] = &[
    ("ng", &['ㅇ']),
    ("k", &['ㄱ', 'ㄲ']),
    ("g", &['ㄱ']),
    ("n", &['ㄴ']),
    ("t", &['ㅅ', 'ㄷ', 'ㅈ', 'ㅊ', 'ㅌ', 'ㅆ']),
    ("l", &['ㄹ']),
    ("m", &['ㅁ']),
    ("p", &['ㅂ', 'ㅍ']),
    ("b", &['ㅂ']),
    ("", &[]),
];

/// Words shorter than this are left as they are: too many English words of
/// three letters spell syllables ("son", "man").
const MIN_LETTERS: usize = 4;

/// Words longer than this are not read: no name of a service is this long,
/// and the work grows with the square of the length.
const MAX_LETTERS: usize = 40;

/// Words of a text read at most (a question is far shorter; the rest of a
/// 64 KB line is kept as it is, so reading stays well under a millisecond a
/// word times this).
const MAX_WORDS: usize = 64;

/// Syllables in a word read as Korean, at least: one syllable alone has no
/// neighbour for the corpus to vouch for.
const MIN_SYLLABLES: usize = 2;

/// What the corpus says of words: which pairs of Hangul syllables occur in
/// it, and which Latin words it uses as English (beside the commonest
/// English words, which are always English).
pub trait Words {
    fn knows_pair(&self, pair: &str) -> bool;
    fn is_english(&self, word: &str) -> bool;
}

/// A reading that ends in this syllable is an English word with a silent e
/// ("joke" → 족에, "bake" → 박에): 에 is the particle "at", which the corpus
/// knows after almost every noun, and no name of a service ends in it.
const PARTICLE: char = '에';

/// `text` with each word of romanised Korean written in Hangul, when there
/// is at least one. Words already in Hangul, English words, digits and
/// punctuation are kept.
pub fn read_romanized(text: &str, words: &dyn Words) -> Option<String> {
    let mut out = String::with_capacity(text.len() * 2);
    let mut word = String::new();
    let mut changed = false;
    let mut read = 0;
    let mut flush = |word: &mut String, out: &mut String| {
        let worth_reading = !word.is_empty() && read < MAX_WORDS;
        read += usize::from(worth_reading);
        let reading = (worth_reading && !is_common_english(word) && !words.is_english(word))
            .then(|| hangul_of(word, words))
            .flatten();
        match reading {
            Some(hangul) => {
                out.push_str(&hangul);
                changed = true;
            }
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    changed.then_some(out)
}

/// The Hangul reading of one Latin word every neighbouring pair of whose
/// syllables the corpus knows, if there is one.
fn hangul_of(word: &str, words: &dyn Words) -> Option<String> {
    if !(MIN_LETTERS..=MAX_LETTERS).contains(&word.len()) {
        return None;
    }
    let word = word.to_ascii_lowercase();
    // readings[i]: readings of word[..i] that end where a syllable ends,
    // the best one per last syllable (all that matters to what follows).
    let mut readings: Vec<Vec<Reading>> = vec![Vec::new(); word.len() + 1];
    readings[0].push(Reading::default());
    for start in 0..word.len() {
        if readings[start].is_empty() {
            continue;
        }
        let befores = readings[start].clone();
        for candidate in syllables_at(&word, start) {
            for before in &befores {
                if candidate.after_final_only && !before.ends_in_final() {
                    continue;
                }
                let next = before.then(candidate, words);
                let slot = &mut readings[candidate.end];
                match slot.iter_mut().find(|r| r.last() == Some(candidate.block)) {
                    Some(held) if held.rank() <= next.rank() => {}
                    Some(held) => *held = next,
                    None => slot.push(next),
                }
            }
        }
    }
    readings[word.len()]
        .iter()
        .filter(|r| r.syllables() >= MIN_SYLLABLES && r.known + 1 == r.syllables())
        .filter(|r| r.last() != Some(PARTICLE))
        .min_by_key(|r| (r.rank(), r.text.clone()))
        .map(|r| r.text.clone())
}

/// A reading of the start of a word: its syllables, and how many of its
/// neighbouring pairs the corpus knows.
#[derive(Debug, Clone, Default)]
struct Reading {
    text: String,
    known: usize,
    loose: usize,
}

impl Reading {
    /// Better readings first: more pairs the corpus knows, then fewer
    /// loose letters.
    fn rank(&self) -> (std::cmp::Reverse<usize>, usize) {
        (std::cmp::Reverse(self.known), self.loose)
    }

    fn last(&self) -> Option<char> {
        self.text.chars().last()
    }

    fn syllables(&self) -> usize {
        self.text.chars().count()
    }

    /// Whether the last syllable has a final consonant.
    fn ends_in_final(&self) -> bool {
        self.last()
            .and_then(jamo_of)
            .is_some_and(|(_, _, last)| last.is_some())
    }

    fn then(&self, next: Candidate, words: &dyn Words) -> Reading {
        let pair_known = self
            .last()
            .is_some_and(|last| words.knows_pair(&format!("{last}{}", next.block)));
        let mut text = self.text.clone();
        text.push(next.block);
        Reading {
            text,
            known: self.known + usize::from(pair_known),
            loose: self.loose + next.loose,
        }
    }
}

/// One way to read the letters at a place in a word.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Where its letters end.
    end: usize,
    block: char,
    /// It may only follow a final consonant (n read as ㄹ: 등록 is
    /// "deungnok", but "uni" is not 우리).
    after_final_only: bool,
    /// How many of its letters are read another way than Revised
    /// Romanization's first (k as ㄱ, o as ㅓ, a final g or b): among
    /// readings the corpus knows equally, the strictest wins.
    loose: usize,
}

/// Every syllable block a spelling starting at `start` may be.
fn syllables_at(word: &str, start: usize) -> Vec<Candidate> {
    let rest = &word[start..];
    let mut found = Vec::new();
    for (onset, initials) in ONSETS {
        let Some(after_onset) = rest.strip_prefix(onset) else {
            continue;
        };
        for (vowel, medials) in VOWELS {
            let Some(after_vowel) = after_onset.strip_prefix(vowel) else {
                continue;
            };
            for (last, finals) in FINALS {
                let Some(after) = after_vowel.strip_prefix(last) else {
                    continue;
                };
                let end = word.len() - after.len();
                let finals: Vec<Option<char>> = if last.is_empty() {
                    vec![None]
                } else {
                    finals.iter().copied().map(Some).collect()
                };
                let loose_last = usize::from(matches!(*last, "g" | "b"));
                for (a, &i) in initials.iter().enumerate() {
                    for (b, &v) in medials.iter().enumerate() {
                        for (c, &f) in finals.iter().enumerate() {
                            let Some(block) = syllable(i, v, f) else {
                                continue;
                            };
                            found.push(Candidate {
                                end,
                                block,
                                after_final_only: *onset == "n" && i == 'ㄹ',
                                loose: usize::from(a > 0)
                                    + usize::from(b > 0)
                                    + usize::from(c > 0)
                                    + loose_last,
                            });
                        }
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs of syllables the corpus of these tests knows.
    const KNOWN: &[&str] = &[
        "기초", "초연", "연금", "주민", "등본", "급여", "부모", "장애", "애인", "신청", "출생",
        "신고", "전입", "외국", "국인", "등록", "록증", "첫만", "만남", "가족", "관계", "마케",
        "팀에", "우리", "리언", "족에", "자판", "부머",
    ];

    /// English words of these tests' corpus.
    const ENGLISH: &[&str] = &["make", "time"];

    struct Test;

    impl Words for Test {
        fn knows_pair(&self, pair: &str) -> bool {
            KNOWN.contains(&pair)
        }
        fn is_english(&self, word: &str) -> bool {
            ENGLISH.contains(&word.to_lowercase().as_str())
        }
    }

    fn read(text: &str) -> Option<String> {
        read_romanized(text, &Test)
    }

    #[test]
    fn revised_romanization_reads_back_as_the_hangul_it_names() {
        assert_eq!(read("gichoyeongeum").as_deref(), Some("기초연금"));
        assert_eq!(read("jumin deungbon").as_deref(), Some("주민 등본"));
        assert_eq!(read("chulsaeng singo").as_deref(), Some("출생 신고"));
        assert_eq!(read("jeonip singo").as_deref(), Some("전입 신고"));
        assert_eq!(read("gajok gwangye").as_deref(), Some("가족 관계"));
    }

    #[test]
    fn the_corpus_chooses_among_readings() {
        // 급여 is written geubyeo (as said) or geupyeo; 장애 jangae, which
        // also reads 잔개; 외국인 등록증 as said, deungnokjeung.
        // 부머 is known too (베이비부머), but reads o as ㅓ, the older way.
        assert_eq!(read("bumo geubyeo").as_deref(), Some("부모 급여"));
        assert_eq!(read("bumo geupyeo").as_deref(), Some("부모 급여"));
        assert_eq!(read("jangaein").as_deref(), Some("장애인"));
        assert_eq!(
            read("oegugin deungnokjeung").as_deref(),
            Some("외국인 등록증")
        );
        assert_eq!(read("cheotmannam").as_deref(), Some("첫만남"));
        // n is ㄹ only after a final consonant: "union" is not 우리언.
        assert_eq!(read("union"), None);
    }

    #[test]
    fn english_words_and_other_text_are_kept() {
        assert_eq!(read("lost my id card"), None);
        assert_eq!(read("meaning of life"), None);
        assert_eq!(read("song time"), None);
        // 마케 and 팀에 would read, but the corpus uses them as English;
        // 자판 is known too, but "Japan" is a common English word.
        assert_eq!(read("make time"), None);
        assert_eq!(read("going to Japan"), None);
        assert_eq!(read("joke"), None);
        assert_eq!(read(""), None);
        assert_eq!(
            read("how to apply GICHO yeongeum? 2번").as_deref(),
            Some("how to apply 기초 연금? 2번")
        );
        // Base64 and the like are not read at all, nor words past the 64th
        // (bounded work).
        assert_eq!(read(&"gicho".repeat(1000)), None);
        let long = format!("{}gicho", "word ".repeat(MAX_WORDS));
        assert_eq!(read(&long), None);
    }
}
