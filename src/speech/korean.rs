//! Korean number words a speech engine gets wrong: it reads every number
//! in sino-Korean (일, 이, 삼), but things and people are counted in native
//! Korean (한 장, 두 명, 열두 개, 아홉 시), phone numbers are read digit by
//! digit (일일구), and a particle after a replaced word must match its sound.

/// Counters that take native-Korean numbers (1 to 99), longest first so
/// `시간` is not read as `시`.
pub const NATIVE_COUNTERS: &str = "시간|번째|가지|마리|개|명|장|시|살|곳|권|달|통|부";

/// Whether `n` before `counter` (followed by `next`, the next character)
/// is read in native Korean: not `개월` (sino), not `시청` or `부터`, and
/// clock hours only up to 12 (18시 is 십팔 시).
pub fn takes_native(n: u32, counter: &str, next: Option<char>) -> bool {
    let joined = |syllables: &str| next.is_some_and(|c| syllables.contains(c));
    let word_goes_on = match counter {
        "개" => joined("월"),
        "시" => joined("청내외도설기각작장"),
        "부" => joined("터분족서처"),
        "달" => joined("라러력"),
        "장" => joined("관님애"),
        "통" => joined("장신화계"),
        _ => false,
    };
    (1..=99).contains(&n) && !word_goes_on && !(counter == "시" && n > 12)
}

/// `n` (1 to 99) in native Korean as said before a counter: 한, 두, 세,
/// 네, 스무, 스물한, 열두, 서른다섯; `첫` for the first (`첫 번째`).
pub fn native(n: u32, counter: &str) -> String {
    const TENS: [&str; 10] = [
        "", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔",
    ];
    const ONES: [&str; 10] = [
        "", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉",
    ];
    if n == 1 && counter == "번째" {
        return "첫".into();
    }
    if n == 20 {
        return "스무".into();
    }
    format!(
        "{}{}",
        TENS[(n / 10) as usize % 10],
        ONES[(n % 10) as usize]
    )
}

/// A phone number's digits, one by one, as Koreans say them (0 is 공).
pub fn digits(number: &str) -> String {
    const WORDS: [&str; 10] = ["공", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];
    number
        .chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| WORDS[d as usize])
        .collect()
}

/// Whether `after` starts with a particle or copula (에, 로, 와, 의, 예요,
/// ...), which belongs to the number or sign before it, rather than with a
/// unit or a word of its own.
pub fn particle_follows(after: &str) -> bool {
    after
        .chars()
        .next()
        .is_some_and(|c| "에예이가으로나번과와을를은는도의".contains(c))
}

/// The particles written after a word ending in a consonant (`kr이나`,
/// `kr을`) rewritten for a word ending in a vowel, such as 웹사이트:
/// 이 → 가, 을 → 를, 은 → 는, 과 → 와, 으로 → 로, 이에요 → 예요, and the
/// copula's 이 dropped (이나 → 나, 이고 → 고).
pub fn after_vowel(particles: &str) -> String {
    const SWAPS: [(&str, &str); 6] = [
        ("이에요", "예요"),
        ("으로", "로"),
        ("을", "를"),
        ("은", "는"),
        ("과", "와"),
        ("이", ""),
    ];
    if particles == "이" {
        return "가".into();
    }
    SWAPS
        .iter()
        .find_map(|(from, to)| {
            particles
                .strip_prefix(from)
                .map(|rest| format!("{to}{rest}"))
        })
        .unwrap_or_else(|| particles.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_numbers() {
        let cases = [
            (1, "장", "한"),
            (2, "명", "두"),
            (3, "개", "세"),
            (4, "시", "네"),
            (9, "시", "아홉"),
            (10, "살", "열"),
            (12, "개", "열두"),
            (20, "개", "스무"),
            (24, "시간", "스물네"),
            (35, "명", "서른다섯"),
            (99, "개", "아흔아홉"),
            (1, "번째", "첫"),
            (2, "번째", "두"),
        ];
        for (n, counter, word) in cases {
            assert_eq!(native(n, counter), word, "{n}{counter}");
        }
    }

    #[test]
    fn which_counters_take_native_numbers() {
        assert!(takes_native(1, "개", Some(' ')));
        assert!(!takes_native(1, "개", Some('월')));
        assert!(takes_native(9, "시", None));
        assert!(!takes_native(18, "시", None));
        assert!(!takes_native(3, "시", Some('청')));
        assert!(!takes_native(1, "부", Some('터')));
        assert!(!takes_native(100, "가지", None));
        assert!(!takes_native(0, "명", None));
    }

    #[test]
    fn phone_digits_and_particles() {
        assert_eq!(digits("119"), "일일구");
        assert_eq!(digits("1544-0100"), "일오사사공일공공");
        assert_eq!(after_vowel("이나"), "나");
        assert_eq!(after_vowel("이"), "가");
        assert_eq!(after_vowel("이에요"), "예요");
        assert_eq!(after_vowel("에서"), "에서");
        assert_eq!(after_vowel("으로"), "로");
        assert_eq!(after_vowel("을"), "를");
        assert_eq!(after_vowel(""), "");
    }
}
