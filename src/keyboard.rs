//! The standard Korean two-set (두벌식) keyboard: Latin keystrokes typed
//! while the keyboard was left in English mode, composed into the Hangul
//! they spell ("wjsdlqtlsrh" → 전입신고), and back (Hangul → keystrokes).

/// Each key's jamo, unshifted, on the two-set layout (a–z).
const KEYS: [char; 26] = [
    'ㅁ', 'ㅠ', 'ㅊ', 'ㅇ', 'ㄷ', 'ㄹ', 'ㅎ', 'ㅗ', 'ㅑ', 'ㅓ', 'ㅏ', 'ㅣ', 'ㅡ', 'ㅜ', 'ㅐ', 'ㅔ',
    'ㅂ', 'ㄱ', 'ㄴ', 'ㅅ', 'ㅕ', 'ㅍ', 'ㅈ', 'ㅌ', 'ㅛ', 'ㅋ',
];
/// The keys that give another jamo with shift; every other key gives the
/// same jamo either way.
const SHIFTED: [(char, char); 7] = [
    ('Q', 'ㅃ'),
    ('W', 'ㅉ'),
    ('E', 'ㄸ'),
    ('R', 'ㄲ'),
    ('T', 'ㅆ'),
    ('O', 'ㅒ'),
    ('P', 'ㅖ'),
];
/// Syllable blocks are numbered by initial, vowel and final (or none), in
/// this order, from 가.
const FIRST_SYLLABLE: u32 = 0xAC00;
const PER_INITIAL: u32 = 21 * 28;
const PER_VOWEL: u32 = 28;
const INITIALS: &str = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
const VOWELS: &str = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ";
const FINALS: &str = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";
/// Vowels typed as two keys.
const COMPOUND_VOWELS: [(char, char, char); 7] = [
    ('ㅗ', 'ㅏ', 'ㅘ'),
    ('ㅗ', 'ㅐ', 'ㅙ'),
    ('ㅗ', 'ㅣ', 'ㅚ'),
    ('ㅜ', 'ㅓ', 'ㅝ'),
    ('ㅜ', 'ㅔ', 'ㅞ'),
    ('ㅜ', 'ㅣ', 'ㅟ'),
    ('ㅡ', 'ㅣ', 'ㅢ'),
];
/// Final consonants typed as two keys.
const COMPOUND_FINALS: [(char, char, char); 11] = [
    ('ㄱ', 'ㅅ', 'ㄳ'),
    ('ㄴ', 'ㅈ', 'ㄵ'),
    ('ㄴ', 'ㅎ', 'ㄶ'),
    ('ㄹ', 'ㄱ', 'ㄺ'),
    ('ㄹ', 'ㅁ', 'ㄻ'),
    ('ㄹ', 'ㅂ', 'ㄼ'),
    ('ㄹ', 'ㅅ', 'ㄽ'),
    ('ㄹ', 'ㅌ', 'ㄾ'),
    ('ㄹ', 'ㅍ', 'ㄿ'),
    ('ㄹ', 'ㅎ', 'ㅀ'),
    ('ㅂ', 'ㅅ', 'ㅄ'),
];
/// Jamo typed alone and repeated to laugh or cry (ㅋㅋ, ㅎㅎ, ㅠㅠ, ㅜㅜ).
const EMOTICON_JAMO: [char; 4] = ['ㅋ', 'ㅎ', 'ㅠ', 'ㅜ'];
const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/// The jamo a Latin key gives, if it is a letter.
fn jamo(key: char) -> Option<char> {
    if let Some(&(_, shifted)) = SHIFTED.iter().find(|(k, _)| *k == key) {
        return Some(shifted);
    }
    let lower = key.to_ascii_lowercase();
    lower
        .is_ascii_lowercase()
        .then(|| KEYS[(lower as u8 - b'a') as usize])
}

fn is_vowel(jamo: char) -> bool {
    VOWELS.contains(jamo)
}

fn index(set: &str, jamo: char) -> Option<u32> {
    set.chars().position(|c| c == jamo).map(|i| i as u32)
}

fn combine(pairs: &[(char, char, char)], first: char, second: char) -> Option<char> {
    pairs
        .iter()
        .find(|(a, b, _)| *a == first && *b == second)
        .map(|&(_, _, both)| both)
}

fn split(pairs: &[(char, char, char)], both: char) -> Option<(char, char)> {
    pairs
        .iter()
        .find(|(_, _, c)| *c == both)
        .map(|&(a, b, _)| (a, b))
}

/// The syllable block of an initial consonant, a vowel and a final (or
/// none), if they are jamo of those kinds (ㄱ, ㅏ, Some(ㄴ) → 간).
pub fn syllable(initial: char, vowel: char, last: Option<char>) -> Option<char> {
    let (i, v) = (index(INITIALS, initial)?, index(VOWELS, vowel)?);
    let f = match last {
        Some(f) => index(FINALS, f)? + 1,
        None => 0,
    };
    char::from_u32(FIRST_SYLLABLE + i * PER_INITIAL + v * PER_VOWEL + f)
}

/// The initial, vowel and final (or none) of a syllable block, if it is
/// one (간 → ㄱ, ㅏ, Some(ㄴ)): the inverse of [`syllable`].
pub fn jamo_of(block: char) -> Option<(char, char, Option<char>)> {
    let n = u32::from(block)
        .checked_sub(FIRST_SYLLABLE)
        .filter(|n| *n < 19 * PER_INITIAL)?;
    let nth = |set: &str, k: u32| set.chars().nth(k as usize);
    let last = (n % PER_VOWEL).checked_sub(1).and_then(|f| nth(FINALS, f));
    Some((
        nth(INITIALS, n / PER_INITIAL)?,
        nth(VOWELS, n % PER_INITIAL / PER_VOWEL)?,
        last,
    ))
}

/// The syllable being typed: what a Korean input method holds before the
/// next key decides where its last consonant belongs.
#[derive(Default)]
struct Syllable {
    initial: Option<char>,
    vowel: Option<char>,
    last: Option<char>,
}

impl Syllable {
    /// The block, or the loose jamo typed so far.
    fn write(&self, out: &mut String) {
        match (self.initial, self.vowel) {
            (Some(i), Some(v)) => {
                out.extend(syllable(i, v, self.last.filter(|&f| FINALS.contains(f))))
            }
            (initial, vowel) => out.extend(initial.into_iter().chain(vowel)),
        }
    }

    /// Adds a consonant; returns the syllable it starts, if it does not
    /// fit this one as its final.
    fn consonant(&mut self, c: char) -> Option<Syllable> {
        let last = match (self.initial, self.vowel, self.last) {
            (Some(_), Some(_), None) => FINALS.contains(c).then_some(c),
            (Some(_), Some(_), Some(f)) => combine(&COMPOUND_FINALS, f, c),
            _ => None,
        };
        match last {
            Some(last) => {
                self.last = Some(last);
                None
            }
            None => Some(Syllable::starting(Some(c), None)),
        }
    }

    /// Adds a vowel; returns the syllable it starts, taking this one's
    /// last consonant as its initial ("rksk": 간 + ㅏ → 가나).
    fn vowel(&mut self, v: char) -> Option<Syllable> {
        if let Some(last) = self.last.take() {
            let (stays, moves) =
                split(&COMPOUND_FINALS, last).map_or((None, last), |(a, b)| (Some(a), b));
            self.last = stays;
            return Some(Syllable::starting(Some(moves), Some(v)));
        }
        let vowel = match (self.initial, self.vowel) {
            (Some(_), None) => Some(v),
            (_, Some(w)) => combine(&COMPOUND_VOWELS, w, v),
            (None, None) => None,
        };
        match vowel {
            Some(vowel) => {
                self.vowel = Some(vowel);
                None
            }
            None => Some(Syllable::starting(None, Some(v))),
        }
    }

    fn starting(initial: Option<char>, vowel: Option<char>) -> Syllable {
        Syllable {
            initial,
            vowel,
            last: None,
        }
    }
}

/// What Latin keystrokes spell on the two-set layout, composed as a Korean
/// input method composes them; whatever is not a Latin letter (digits,
/// spaces, punctuation, Hangul) passes through and ends a syllable.
pub fn to_hangul(keys: &str) -> String {
    let mut out = String::with_capacity(keys.len() * 2);
    let mut typing = Syllable::default();
    for key in keys.chars() {
        let next = match jamo(key) {
            Some(v) if is_vowel(v) => typing.vowel(v),
            Some(c) => typing.consonant(c),
            None => {
                typing.write(&mut out);
                typing = Syllable::default();
                out.push(key);
                None
            }
        };
        if let Some(next) = next {
            typing.write(&mut out);
            typing = next;
        }
    }
    typing.write(&mut out);
    out
}

/// The keystrokes that type `text` on the two-set layout (전입신고 →
/// "wjsdlqtlsrh"); what is not Hangul passes through.
pub fn to_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for c in text.chars() {
        match jamo_of(c) {
            Some((initial, vowel, last)) => [Some(initial), Some(vowel), last]
                .into_iter()
                .flatten()
                .for_each(|j| type_jamo(j, &mut out)),
            None => type_jamo(c, &mut out),
        }
    }
    out
}

/// One jamo's keys (a compound one takes two); anything else as it is.
fn type_jamo(j: char, out: &mut String) {
    let key = |j: char| {
        SHIFTED
            .iter()
            .find(|(_, s)| *s == j)
            .map(|&(k, _)| k)
            .or_else(|| {
                KEYS.iter()
                    .position(|&k| k == j)
                    .map(|i| (b'a' + i as u8) as char)
            })
    };
    let pair = split(&COMPOUND_VOWELS, j).or_else(|| split(&COMPOUND_FINALS, j));
    match (key(j), pair) {
        (Some(k), _) => out.push(k),
        (None, Some((a, b))) => out.extend(key(a).into_iter().chain(key(b))),
        (None, None) => out.push(j),
    }
}

/// The Hangul a question spells when each of its words, typed on the
/// two-set layout, makes whole syllables (a trailing ㅋㅋ or ㅠㅠ allowed);
/// `None` when a word leaves a loose jamo, as English words almost always
/// do ("lost" → ㅣㅐㄴㅅ). Caps lock is undone (a question with no lower
/// case letter is read in lower case); otherwise a word in capitals is an
/// abbreviation and kept (QR), and a capital Q W E R T O P is a shifted key.
pub fn spelled_hangul(text: &str) -> Option<String> {
    let caps_lock = !text.chars().any(|c| c.is_ascii_lowercase());
    let mut out = String::with_capacity(text.len() * 2);
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        out.push_str(&spelled_word(word, caps_lock)?);
        out.push_str(&piece[word.len()..]);
    }
    Some(out)
}

fn spelled_word(word: &str, caps_lock: bool) -> Option<String> {
    let letters: Vec<char> = word.chars().filter(char::is_ascii_alphabetic).collect();
    let abbreviation = letters.len() >= 2 && letters.iter().all(char::is_ascii_uppercase);
    if abbreviation && !caps_lock {
        return Some(word.to_string());
    }
    let hangul = if caps_lock {
        to_hangul(&word.to_ascii_lowercase())
    } else {
        to_hangul(word)
    };
    let loose = hangul
        .trim_end_matches(EMOTICON_JAMO)
        .chars()
        .any(|c| ('\u{3131}'..='\u{318E}').contains(&c));
    (!loose).then_some(hangul)
}

/// Whether a word is a run along one row of the keyboard, or one key held
/// (asdf, qwerty, hjkl, zzz): typed to fill the box, not to say something.
pub fn keyboard_mash(word: &str) -> bool {
    let keys: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let place = |c: char| {
        ROWS.iter()
            .enumerate()
            .find_map(|(row, keys)| keys.find(c).map(|col| (row, col)))
    };
    keys.len() >= 3
        && keys
            .windows(2)
            .all(|pair| match (place(pair[0]), place(pair[1])) {
                (Some((r1, c1)), Some((r2, c2))) => r1 == r2 && c1.abs_diff(c2) <= 1,
                _ => false,
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystrokes_spell_hangul() {
        let cases = [
            ("dkssudgktpdy", "안녕하세요"),
            ("wjsdlqtlsrh", "전입신고"),
            ("emdqhs", "등본"),
            ("rkwhrrhksrPwmdaudtj", "가족관계증명서"),
            ("Rkrwlsms", "깍지는"),
            ("ehlsms", "되는"),
            ("dnjsgkqslek", "원합니다"),
            ("dmlwk", "의자"),
            ("skfWk", "날짜"),
            ("dlTsk", "있나"),
            ("Ekfrl", "딸기"),
            ("ekfr", "닭"),
            ("ekfrdl", "닭이"),
            ("djqtdjdy", "없어요"),
            ("dkswdk", "앉아"),
            ("rkqt", "값"),
            ("rkfql", "갈비"),
            ("gkf rp dlTskdy?", "할 게 있나요?"),
            ("10sus 3rodnjf", "10년 3개월"),
            ("lost", "ㅣㅐㄴㅅ"),
            ("rk", "가"),
            ("r", "ㄱ"),
            ("bb", "ㅠㅠ"),
        ];
        for (keys, hangul) in cases {
            assert_eq!(to_hangul(keys), hangul, "{keys}");
        }
    }

    #[test]
    fn hangul_is_typed_back() {
        for text in [
            "안녕하세요",
            "전입신고 어디서 해요?",
            "닭이 값 없어요",
            "의자 ㅠㅠ",
            "10년 3개월",
            "깍지는 빨리",
        ] {
            let keys = to_keys(text);
            assert_eq!(to_hangul(&keys), text, "{keys}");
        }
        assert_eq!(to_keys("전입신고"), "wjsdlqtlsrh");
        assert_eq!(to_keys("가족관계"), "rkwhrrhksrP");
        assert_eq!(to_keys("앉아"), "dkswdk");
    }

    #[test]
    fn a_question_spells_hangul_only_in_whole_syllables() {
        let cases = [
            ("wjsdlqtlsrh", Some("전입신고")),
            ("WJSDLQTLSRH", Some("전입신고")),
            (
                "ahqkdlf dnswjsausgj QR qkfrmq",
                Some("모바일 운전면허 QR 발급"),
            ),
            (
                "durnjs aksfyehoTdma bb rmqgka",
                Some("여권 만료됐음 ㅠㅠ 급함"),
            ),
            ("dkssudzzz", Some("안녕ㅋㅋㅋ")),
            ("  emdqhs  ", Some("  등본  ")),
            ("lost my id card", None),
            ("asdfgh", None),
            ("jumin deungbon", None),
        ];
        for (text, hangul) in cases {
            assert_eq!(spelled_hangul(text).as_deref(), hangul, "{text}");
        }
    }

    #[test]
    fn keyboard_mashing() {
        for word in ["asdf", "asdfgh", "qwerty", "hjkl", "zzz", "FDSA", "ㅁㄴㅇ"] {
            assert_eq!(keyboard_mash(word), word != "ㅁㄴㅇ", "{word}");
        }
        for word in ["lost", "as", "card", "jumin", "help"] {
            assert!(!keyboard_mash(word), "{word}");
        }
    }
}
