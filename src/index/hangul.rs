//! Hangul typed the way people type: syllables broken into their letters
//! (jamo), with the spellings people confuse made equal, so a misspelt word
//! still shares most of its letter trigrams with the right one
//! (기초년금 ~ 기초연금, 출생싱고 ~ 출생신고, 제발급 ~ 재발급, 안되요 ~ 안돼요).

const SYLLABLE_BASE: u32 = 0xAC00;
const SYLLABLE_LAST: u32 = 0xD7A3;

/// Initial consonants, with tense ones folded into plain ones where typing
/// slips (ㄲ→ㄱ, ㄸ→ㄷ, ㅃ→ㅂ, ㅆ→ㅅ, ㅉ→ㅈ) and ㄴ/ㄹ read as ㅇ at a word's
/// start (년금/연금, 래일/내일 are one sound to many writers).
const INITIAL: [char; 19] = [
    'ㄱ', 'ㄱ', 'ㄴ', 'ㄷ', 'ㄷ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅂ', 'ㅅ', 'ㅅ', 'ㅇ', 'ㅈ', 'ㅈ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

/// Vowels, with the pairs that sound alike made one: ㅐ=ㅔ, ㅒ=ㅖ,
/// ㅙ=ㅚ=ㅞ (되/돼/뒈), ㅢ=ㅣ.
const MEDIAL: [char; 21] = [
    'ㅏ', 'ㅔ', 'ㅑ', 'ㅖ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅘ', 'ㅚ', 'ㅚ', 'ㅛ', 'ㅜ', 'ㅝ', 'ㅚ',
    'ㅟ', 'ㅠ', 'ㅡ', 'ㅣ', 'ㅣ',
];

/// Final consonants as they sound (the seven 받침 sounds), since 받침 are
/// where spelling goes wrong (잃어버렸 / 일어버렷, 없어 / 업서); no final is '\0'.
const FINAL: [char; 28] = [
    '\0', 'ㄱ', 'ㄱ', 'ㄱ', 'ㄴ', 'ㄴ', 'ㄴ', 'ㄷ', 'ㄹ', 'ㄱ', 'ㅁ', 'ㄹ', 'ㄹ', 'ㄹ', 'ㅂ', 'ㄹ',
    'ㅁ', 'ㅂ', 'ㅂ', 'ㄷ', 'ㄷ', 'ㅇ', 'ㄷ', 'ㄷ', 'ㄱ', 'ㄷ', 'ㅂ', 'ㄷ',
];

/// The letters of a run of Hangul syllables as they sound, confusions folded.
fn letters(run: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(run.len() * 3);
    for (i, &c) in run.iter().enumerate() {
        let code = c as u32;
        if !(SYLLABLE_BASE..=SYLLABLE_LAST).contains(&code) {
            continue;
        }
        let index = (code - SYLLABLE_BASE) as usize;
        let (initial, medial, last) = (index / 588, (index % 588) / 28, index % 28);
        let mut first = INITIAL[initial];
        if i == 0 && matches!(first, 'ㄴ' | 'ㄹ') {
            first = 'ㅇ';
        }
        out.push(first);
        out.push(MEDIAL[medial]);
        if FINAL[last] != '\0' {
            out.push(FINAL[last]);
        }
    }
    out
}

/// Letter trigrams of a run of Hangul syllables, each marked with `~` so they
/// never meet a syllable term.
pub fn letter_trigrams(run: &[char]) -> Vec<String> {
    let letters = letters(run);
    letters
        .windows(3)
        .map(|w| std::iter::once('~').chain(w.iter().copied()).collect())
        .collect()
}

/// Whether an index term is a letter trigram.
pub fn is_letter_trigram(term: &str) -> bool {
    term.starts_with('~')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(a: &str, b: &str) -> f32 {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let (ta, tb) = (letter_trigrams(&a), letter_trigrams(&b));
        let common = ta.iter().filter(|t| tb.contains(t)).count();
        common as f32 / ta.len().max(tb.len()) as f32
    }

    #[test]
    fn confusable_spellings_become_the_same_letters() {
        let same = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            assert_eq!(letters(&a), letters(&b), "{a:?} {b:?}");
        };
        same("재발급", "제발급");
        same("안되요", "안돼요");
        same("잃어버렷", "일어버렸");
        same("연금", "년금");
        same("의사", "이사");
    }

    #[test]
    fn a_typo_keeps_most_trigrams_and_other_words_share_few() {
        assert!(shared("출생신고", "출생싱고") >= 0.6);
        assert!(shared("주민센터", "주민센타") >= 0.6);
        assert!(shared("출생신고", "여권발급") < 0.1);
    }

    #[test]
    fn trigrams_are_marked_and_skip_what_is_not_a_syllable() {
        let run: Vec<char> = "가ㅠ나".chars().collect();
        assert_eq!(letter_trigrams(&run), ["~ㄱㅏㄴ", "~ㅏㄴㅏ"]);
    }
}
