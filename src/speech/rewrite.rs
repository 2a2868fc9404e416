//! What every rewrite of the text uses: built-in patterns compiled once, and
//! a replacement that sees the text around each match.

use regex::{Captures, Regex};

pub fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid built-in pattern")
}

/// `pattern!(NAME = "...")`: a pattern compiled on first use.
macro_rules! pattern {
    ($name:ident = $pattern:expr) => {
        static $name: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| $crate::speech::rewrite::regex(&$pattern));
    };
}
pub(super) use pattern;

/// Like `Regex::replace_all`, but `f` also sees the text before and after
/// each match, and returns `None` to keep the match as it is.
pub fn replace_in_context(
    re: &Regex,
    text: &str,
    f: impl Fn(&Captures, &str, &str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for caps in re.captures_iter(text) {
        let whole = caps.get(0).expect("group 0 is the match");
        out.push_str(&text[last..whole.start()]);
        match f(&caps, &text[..whole.start()], &text[whole.end()..]) {
            Some(replacement) => out.push_str(&replacement),
            None => out.push_str(whole.as_str()),
        }
        last = whole.end();
    }
    out.push_str(&text[last..]);
    out
}
