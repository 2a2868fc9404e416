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
/// four or more digits (ID, phone, card and account numbers, also when
/// split by spaces or dashes) and e-mail addresses.
pub fn scrub(text: &str) -> String {
    let words: Vec<String> = for_display(text)
        .split(' ')
        .map(|word| {
            if word.contains('@') && word.contains('.') {
                "[email]".to_string()
            } else {
                word.to_string()
            }
        })
        .collect();
    mask_digit_runs(&words.join(" "))
}

fn mask_digit_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // A run of digits, allowing single separators between digit groups.
        let start = i;
        let mut end = i;
        let mut digits = 0;
        let mut j = i;
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                digits += 1;
                end = j + 1;
                j += 1;
            } else if matches!(chars[j], '-' | ' ' | '.')
                && chars.get(j + 1).is_some_and(char::is_ascii_digit)
            {
                j += 1;
            } else {
                break;
            }
        }
        if digits >= 4 {
            out.push_str("[number]");
        } else {
            out.extend(&chars[start..end]);
        }
        i = end;
    }
    out
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
        ];
        for (raw, scrubbed) in cases {
            assert_eq!(scrub(raw), scrubbed, "{raw}");
        }
    }
}
