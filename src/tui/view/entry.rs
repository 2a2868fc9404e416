//! An entry's layout as styled lines of a given width, for the kiosk's
//! answer and the clerk's detail pane. Lines are wrapped here, at spaces
//! (Korean separates words with them too), so that a long bullet's or
//! step's next lines stay indented under its text: ratatui's own wrapping
//! cannot indent, and the catalogue's bullets are often long.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::layout::{Body, Layout};
use crate::tui::theme::Theme;

pub fn lines(layout: &Layout, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let plain = Style::new();
    let mut lines = wrap(&[], &layout.title, theme.title(), width);
    if let Some(korean) = &layout.korean_name {
        lines.extend(wrap(&[], korean, theme.label(), width));
    }
    // Right under the title, where it cannot be missed: in English, a
    // catalogue service's details that follow are Korean.
    if let Some(notice) = &layout.notice {
        let mark = [Span::styled("ⓘ ", theme.warning())];
        lines.extend(wrap(&mark, notice, theme.warning(), width));
    }
    lines.extend(wrap(&[], &layout.summary, plain, width));
    let mut after_list = true;
    for section in &layout.sections {
        if after_list && matches!(section.body, Body::Text(_)) {
            lines.push(Line::raw(""));
        }
        after_list = !matches!(section.body, Body::Text(_));
        match &section.body {
            Body::Text(value) => {
                let label = [Span::styled(format!("{}: ", section.label), theme.label())];
                lines.extend(wrap(&label, value, plain, width));
            }
            Body::Items(items) => {
                lines.push(Line::raw(""));
                let label = format!("{}:", section.label);
                lines.extend(wrap(&[], &label, theme.label(), width));
                for item in items {
                    lines.extend(wrap(&[Span::raw("  • ")], item, plain, width));
                }
            }
            Body::Steps(steps) => {
                lines.push(Line::raw(""));
                lines.extend(wrap(&[], section.label, theme.label(), width));
                for (i, step) in steps.iter().enumerate() {
                    let number = [Span::raw(format!("{}. ", i + 1))];
                    lines.extend(wrap(&number, step, plain, width));
                }
            }
            Body::Heading => {
                lines.push(Line::raw(""));
                lines.extend(wrap(&[], section.label, theme.title(), width));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.extend(wrap(&[], &layout.source, theme.dim(), width));
    lines
}

/// `text` in `style` after `lead` (a label, a bullet, a number), wrapped
/// to `width` columns with the next lines indented as far as `lead` goes
/// (no indent when that leaves too little room). A word wider than a line
/// (a web address) is cut where the line ends.
pub fn wrap(lead: &[Span<'static>], text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    let lead_width: usize = lead.iter().map(|s| s.content.width()).sum();
    let indent = if lead_width * 3 <= width {
        lead_width
    } else {
        0
    };
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut spans = lead.to_vec();
    let (mut current, mut used) = (String::new(), lead_width);
    for word in text.split_whitespace() {
        let gap = usize::from(!current.is_empty());
        if used + gap + word.width() > width && (!current.is_empty() || used > indent) {
            spans.push(Span::styled(std::mem::take(&mut current), style));
            lines.push(Line::from(std::mem::take(&mut spans)));
            spans.push(Span::raw(" ".repeat(indent)));
            used = indent;
        } else if gap == 1 {
            current.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > indent {
                spans.push(Span::styled(std::mem::take(&mut current), style));
                lines.push(Line::from(std::mem::take(&mut spans)));
                spans.push(Span::raw(" ".repeat(indent)));
                used = indent;
            }
            current.push(c);
            used += w;
        }
    }
    spans.push(Span::styled(current, style));
    lines.push(Line::from(spans));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn long_bullets_wrap_under_their_text() {
        let bullet = [Span::raw("  • ")];
        let lines = wrap(
            &bullet,
            "임차보증금 5천만원 + 월세 60만원 이하 주택에 거주",
            Style::new(),
            24,
        );
        assert_eq!(
            texts(&lines),
            [
                "  • 임차보증금 5천만원 +",
                "    월세 60만원 이하",
                "    주택에 거주"
            ]
        );
        assert!(lines.iter().all(|l| l.width() <= 24));
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let lines = wrap(
            &[],
            "see https://www.gov.kr/portal/rcvfvrSvc",
            Style::new(),
            16,
        );
        assert_eq!(
            texts(&lines),
            ["see", "https://www.gov.", "kr/portal/rcvfvr", "Svc"]
        );
    }

    #[test]
    fn narrow_lines_drop_the_indent_and_never_loop() {
        let label = [Span::raw("Who can get it: ")];
        let lines = wrap(&label, "청년 누구나", Style::new(), 20);
        assert_eq!(texts(&lines), ["Who can get it: 청년", "누구나"]);
        for width in 0..4 {
            assert!(!wrap(&label, "청년 누구나", Style::new(), width).is_empty());
        }
        assert_eq!(texts(&wrap(&[], "", Style::new(), 10)), [""]);
    }

    /// Every answer a 종로구 kiosk can show, both languages, shortened and
    /// in full, at the narrowest widths it is drawn at (beside a QR code on
    /// a 100-column screen, and a 60-column screen): no line is wider than
    /// the screen and no word of the layout is lost.
    #[test]
    fn no_answer_is_cut_at_any_width_from_60_columns() {
        use crate::corpus::plain::SCOPE;
        use crate::corpus::Corpus;
        use crate::lang::Lang;
        use crate::layout::{layout, Body, Detail};
        use crate::region::{covers, Region};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let corpus = Corpus::load(&dir).expect("the bundled corpus loads");
        let scope = Region::parse(SCOPE).unwrap();
        let theme = Theme { color: false };
        let squeezed = |t: &str| -> String { t.split_whitespace().collect() };
        let mut wrong = Vec::new();
        let entries = corpus
            .entries()
            .iter()
            .filter(|e| covers(Some(&scope), &e.region()));
        for entry in entries {
            for (lang, detail) in [Lang::Ko, Lang::En]
                .into_iter()
                .flat_map(|l| [(l, Detail::Short), (l, Detail::Full)])
            {
                let shown = layout(entry, lang, detail);
                let mut words: Vec<&str> = vec![&shown.title, &shown.summary, &shown.source];
                words.extend(shown.korean_name.as_deref());
                words.extend(shown.notice.as_deref());
                for section in &shown.sections {
                    match &section.body {
                        Body::Text(text) => words.push(text),
                        Body::Items(items) | Body::Steps(items) => {
                            words.extend(items.iter().map(String::as_str))
                        }
                        Body::Heading => words.push(section.label),
                    }
                }
                for width in [60, 66] {
                    let lines = lines(&shown, &theme, width);
                    let wide = lines.iter().any(|l| l.width() > usize::from(width));
                    let all = squeezed(&texts(&lines).concat());
                    let lost: Vec<&&str> = words
                        .iter()
                        .filter(|w| !all.contains(&squeezed(w)))
                        .collect();
                    if wide || !lost.is_empty() {
                        wrong.push(format!("{} {lang:?} {width}: {lost:?}", entry.id()));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
