//! A section shortened for the kiosk screen: at most N bullets of at most M
//! characters, cut at a sentence or word boundary with "…", keeping what was
//! cut so the screen can offer 더 보기.

/// The bullets to show and what did not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortened {
    pub shown: Vec<String>,
    /// In reading order: the rest of each bullet cut short, then the
    /// bullets left out. Empty when everything is shown.
    pub cut: Vec<String>,
}

impl Shortened {
    pub fn is_complete(&self) -> bool {
        self.cut.is_empty()
    }
}

/// At most `max_bullets` bullets of at most `max_chars` characters each
/// ("…" included).
pub fn shorten(bullets: &[String], max_bullets: usize, max_chars: usize) -> Shortened {
    let mut shown = Vec::new();
    let mut cut = Vec::new();
    for bullet in bullets.iter().take(max_bullets) {
        let (head, rest) = cut_bullet(bullet, max_chars);
        shown.push(head);
        cut.extend(rest);
    }
    cut.extend(bullets.iter().skip(max_bullets).cloned());
    Shortened { shown, cut }
}

/// A bullet cut to `max_chars` (with "…") and the rest, if any. The cut
/// falls after the last sentence end in the second half of the room, else
/// at the last space in its last two thirds, else mid-word.
fn cut_bullet(bullet: &str, max_chars: usize) -> (String, Option<String>) {
    if bullet.chars().count() <= max_chars {
        return (bullet.to_string(), None);
    }
    let room = max_chars.saturating_sub(1);
    let end = bullet
        .char_indices()
        .nth(room)
        .map_or(bullet.len(), |(i, _)| i);
    let within = &bullet[..end];
    let chars: Vec<(usize, char)> = within.char_indices().collect();
    // Search from the end: (characters before, (byte offset, char)).
    let sentence_end = chars
        .iter()
        .enumerate()
        .rev()
        .find(|&(n, &(i, c))| {
            (n + 1) * 2 >= room
                && matches!(c, '.' | '!' | '?' | ';')
                && within[i + c.len_utf8()..].starts_with(' ')
        })
        .map(|(_, &(i, c))| i + c.len_utf8());
    let space = chars
        .iter()
        .enumerate()
        .rev()
        .find(|&(n, &(_, c))| c == ' ' && n * 3 >= room)
        .map(|(_, &(i, _))| i);
    let at = sentence_end.or(space).unwrap_or(end);
    let head = format!("{}…", bullet[..at].trim_end());
    let rest = bullet[at..].trim_start();
    (head, (!rest.is_empty()).then(|| rest.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn short_sections_are_shown_whole() {
        let bullets = strings(&["방문신청", "온라인신청"]);
        let short = shorten(&bullets, 3, 40);
        assert_eq!(short.shown, bullets);
        assert!(short.is_complete());
    }

    #[test]
    fn bullets_beyond_the_limit_are_cut_whole() {
        let short = shorten(&strings(&["하나", "둘", "셋", "넷"]), 2, 40);
        assert_eq!(short.shown, strings(&["하나", "둘"]));
        assert_eq!(short.cut, strings(&["셋", "넷"]));
    }

    #[test]
    fn long_bullets_are_cut_at_a_sentence_then_a_word() {
        let cases = [
            (
                "소득이 적은 가구에 지급합니다. 자세한 기준은 홈택스에서 확인 바랍니다",
                30,
                "소득이 적은 가구에 지급합니다.…",
                "자세한 기준은 홈택스에서 확인 바랍니다",
            ),
            (
                "국공립 및 사립유치원에 다니는 3~5세 유아에게 유아학비를 지원",
                20,
                "국공립 및 사립유치원에 다니는…",
                "3~5세 유아에게 유아학비를 지원",
            ),
            (
                "가나다라마바사아자차카타파하",
                6,
                "가나다라마…",
                "바사아자차카타파하",
            ),
        ];
        for (bullet, max, head, rest) in cases {
            let short = shorten(&strings(&[bullet]), 5, max);
            assert_eq!(short.shown, strings(&[head]), "{bullet}");
            assert!(short.shown[0].chars().count() <= max);
            assert_eq!(short.cut, strings(&[rest]), "{bullet}");
        }
    }

    #[test]
    fn degenerate_limits_do_not_panic() {
        let bullets = strings(&["가나다", ""]);
        assert_eq!(shorten(&bullets, 0, 10).cut, bullets);
        assert_eq!(shorten(&bullets, 2, 0).shown[0], "…");
        assert_eq!(shorten(&bullets, 2, 1).shown[0], "…");
    }
}
