//! Text made safe to draw: no control characters or escape sequences from
//! the corpus or the keyboard ever reach the terminal, text is NFC, and
//! personal data is masked before a question is logged.

use unicode_normalization::UnicodeNormalization;

/// Removes escape sequences (CSI, OSC and other ESC forms) and control
/// characters; tabs and newlines become spaces. The result is NFC.
pub fn for_display(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI: the same sequences introduced without ESC.
            '\u{9b}' => skip_until_final(&mut chars),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            // Bidirectional overrides can make text read differently than stored.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out.nfc().collect()
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars>) {
    match chars.next() {
        Some('[') => skip_until_final(chars),
        // OSC, DCS, PM, APC: until BEL or ESC \ (string terminator).
        Some(']' | 'P' | '^' | '_') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                    chars.next();
                    break;
                }
            }
        }
        _ => {}
    }
}

/// CSI parameters and intermediates run until a final byte in `@`..=`~`.
fn skip_until_final(chars: &mut std::iter::Peekable<std::str::Chars>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// Like [`for_display`], line by line, keeping the line breaks.
pub fn for_display_lines(text: &str) -> String {
    text.lines().map(|line| for_display(line) + "\n").collect()
}

/// Masks what could identify a person before a question is stored: runs of
/// four or more digits (ID, phone, card and account numbers) in any script
/// (full-width ９, Arabic-Indic ٣ …), also when split by spaces or dashes,
/// or spelled out in Korean (공일공 일이삼사); and e-mail addresses.
pub fn scrub(text: &str) -> String {
    // NFKC folds full-width digits, dashes and ＠ into their plain forms.
    let folded: String = for_display(text).nfkc().collect();
    let words: Vec<String> = folded
        .split(' ')
        .map(|word| {
            if is_email(word) {
                "[email]".to_string()
            } else {
                word.to_string()
            }
        })
        .collect();
    mask_digit_runs(&words.join(" "))
}

fn is_email(word: &str) -> bool {
    let Some((user, domain)) = word.split_once('@') else {
        return false;
    };
    !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
}

/// How a character counts in a number: a digit of any script, a Korean
/// digit word (일, 이, 삼 … 공, 영), a separator, or neither.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Digit,
    SpelledDigit,
    Separator,
    Other,
}

fn part(c: char) -> Part {
    if c.is_numeric() {
        Part::Digit
    } else if "공영빵일이삼사오육륙칠팔구".contains(c) {
        Part::SpelledDigit
    } else if matches!(c, '-' | ' ' | '.' | '/' | '_' | '‐' | '‑' | '–' | '—' | '−') {
        Part::Separator
    } else {
        Part::Other
    }
}

/// Separators allowed between two groups of one number ("010 - 1234").
const MAX_SEPARATORS: usize = 3;

fn mask_digit_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let parts: Vec<Part> = chars.iter().map(|&c| part(c)).collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !matches!(parts[i], Part::Digit | Part::SpelledDigit) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let (end, digits) = number_at(&parts, i);
        if digits >= 4 {
            out.push_str("[number]");
        } else {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    out
}

/// Where the number starting at `start` ends, and how many digits it has:
/// groups of digits joined by a few separators. A digit word straight
/// after a written digit is a unit, not a digit ("15일" is a day); a group
/// of fewer than 3 digit words is a word ("이사", "오일"), never part of a
/// longer number.
fn number_at(parts: &[Part], start: usize) -> (usize, usize) {
    let group = |from: usize| -> (usize, usize, bool) {
        let mut j = from;
        while j < parts.len() {
            let unit = parts[j] == Part::SpelledDigit && j > from && parts[j - 1] == Part::Digit;
            if unit || !matches!(parts[j], Part::Digit | Part::SpelledDigit) {
                break;
            }
            j += 1;
        }
        let words_only = parts[from..j].iter().all(|&p| p == Part::SpelledDigit);
        (j, j - from, words_only && j - from < 3)
    };
    let (mut end, mut digits, word) = group(start);
    if word {
        return (end, 0);
    }
    loop {
        let gap = parts[end..]
            .iter()
            .take_while(|&&p| p == Part::Separator)
            .count();
        let next = end + gap;
        if gap == 0
            || gap > MAX_SEPARATORS
            || !matches!(parts.get(next), Some(Part::Digit | Part::SpelledDigit))
        {
            return (end, digits);
        }
        let (next_end, next_digits, word) = group(next);
        if word {
            return (end, digits);
        }
        end = next_end;
        digits += next_digits;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_are_removed() {
        assert_eq!(
            for_display("\u{1b}[2J\u{1b}[31mred\u{1b}[0m text"),
            "red text"
        );
        assert_eq!(for_display("title\u{1b}]0;pwned\u{7} ok"), "title ok");
        assert_eq!(
            for_display("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b"),
            "alinkb"
        );
        assert_eq!(for_display("bell\u{7}\u{0}\u{8}\u{7f}!"), "bell!");
        assert_eq!(for_display("tab\tand\nnewline"), "tab and newline");
        assert_eq!(for_display("\u{9b}31mred"), "red");
        assert_eq!(for_display("\u{202e}evil"), "evil");
    }

    #[test]
    fn hangul_emoji_and_accents_survive_and_become_nfc() {
        let decomposed: String = "여권".nfd().collect();
        assert_eq!(for_display(&decomposed), "여권");
        assert_eq!(for_display("아기 👶 café"), "아기 👶 café");
    }

    #[test]
    fn personal_numbers_and_emails_are_masked() {
        let cases = [
            ("my id is 850314-1234567 please", "my id is [number] please"),
            ("call 010-1234-5678 now", "call [number] now"),
            ("call 010 1234 5678", "call [number]"),
            ("card 4111 1111 1111 1111 lost", "card [number] lost"),
            (
                "write to kim.minsu@example.co.kr today",
                "write to [email] today",
            ),
            ("account 110.234.567890", "account [number]"),
            (
                "2 kids and 3 dogs, born 1958",
                "2 kids and 3 dogs, born [number]",
            ),
            ("I am 67 years old", "I am 67 years old"),
            (
                "주민번호 ９００１０１－１２３４５６７ 이에요",
                "주민번호 [number] 이에요",
            ),
            ("번호 ٠١٠١٢٣٤٥٦٧٨", "번호 [number]"),
            ("전화 공일공 일이삼사 오육칠팔", "전화 [number]"),
            ("010 - 1234 - 5678", "[number]"),
            ("메일 kim＠example.com 으로", "메일 [email] 으로"),
            ("3월 15일 이사 예정", "3월 15일 이사 예정"),
            ("육아휴직 이사 오일", "육아휴직 이사 오일"),
            ("일이삼사 오육칠팔", "[number]"),
            ("2024년 출산", "[number]년 출산"),
        ];
        for (raw, scrubbed) in cases {
            assert_eq!(scrub(raw), scrubbed, "{raw}");
        }
    }
}
