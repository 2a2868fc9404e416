//! The kiosk's answer: one entry, shortened or in full, scrollable, with
//! its page's QR code beside it when the whole answer still fits beside
//! the code, after it otherwise; under it "full details" (while shortened)
//! and "helpful?", on one row where they fit, then the related entries,
//! their names cut with "…" to the width, or so that two fit a row.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::qr::Code;
use super::{button_width, entry, fit, flow_buttons, flow_height, Canvas};
use crate::layout::{layout, Detail};
use crate::strings::{strings, Strings};
use crate::tui::app::App;

/// How the answer is shown: scrolled down, "helpful?" answered, in full.
pub type Shown = (u16, Option<bool>, Detail);

/// The answer's numbered options, by where they go: "full details" (while
/// shortened), yes / no to "helpful?", related entries.
pub struct Options {
    pub more: Vec<(u8, String)>,
    pub feedback: Vec<(u8, String)>,
    pub related: Vec<(u8, String)>,
}

/// Draws the answer `id` with its `options`.
pub fn draw(app: &App, canvas: &mut Canvas, area: Rect, id: &str, shown: Shown, options: &Options) {
    let (scroll, feedback, detail) = shown;
    let s = strings(app.lang);
    let Some(entry) = app.corpus.get(id) else {
        return;
    };
    // Names cut to the screen's width (a button's key and spaces take 6
    // columns), or to half of it when that saves rows.
    let fitted = |room: u16| -> Vec<(u8, String)> {
        let room = usize::from(room.saturating_sub(6).max(12));
        options
            .related
            .iter()
            .map(|(n, t)| (*n, fit(t, room)))
            .collect()
    };
    let related = match fitted(area.width) {
        whole if flow_height(area.width, &whole) <= 2 => whole,
        _ => fitted(area.width / 2),
    };
    let show_all: Vec<(u8, String)> = options
        .more
        .iter()
        .map(|(n, label)| (*n, format!("{label} ▾")))
        .collect();
    let first_row = Row::new(s, (&show_all, &options.feedback), feedback, area.width);
    let related_height = match related.is_empty() {
        true => 0,
        false => 1 + flow_height(area.width, &related),
    };
    let [text_area, more_area, first_area, related_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(first_row.height()),
        Constraint::Length(related_height),
    ])
    .areas(area);
    let more = text(
        canvas,
        text_area,
        &layout(entry, app.lang, detail),
        (s, scroll),
    );
    if more {
        canvas.frame.render_widget(
            Paragraph::new(Span::styled(
                fit(s.more_below, usize::from(more_area.width)),
                canvas.theme.warning(),
            )),
            more_area,
        );
    }
    first_row.draw(canvas, first_area, (&show_all, &options.feedback));
    if !related.is_empty() {
        let [label, buttons] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(related_area);
        canvas.frame.render_widget(
            Paragraph::new(Span::styled(s.related, canvas.theme.label())),
            label,
        );
        flow_buttons(canvas, buttons, &related);
    }
}

/// The answer's text scrolled to `scroll`, with its QR code; whether more
/// of it is below.
fn text(
    canvas: &mut Canvas,
    area: Rect,
    shown: &crate::layout::Layout,
    (s, scroll): (&Strings, u16),
) -> bool {
    let code = shown
        .link
        .as_deref()
        .and_then(|link| Code::new(canvas, link, s.scan_code));
    let beside = code
        .as_ref()
        .and_then(|code| code.beside(area))
        .filter(|(text, _)| {
            entry::lines(shown, canvas.theme, text.width).len() <= usize::from(text.height)
        });
    let (area, code) = match (beside, code) {
        (Some((text, code_area)), Some(code)) => {
            code.draw(canvas, code_area);
            (text, None)
        }
        (_, code) => (area, code),
    };
    let mut lines = entry::lines(shown, canvas.theme, area.width);
    // Never a cut code: a screen too low for it has the address as text.
    if let Some(code) = code.filter(|code| code.fits_in(area.height)) {
        lines.push(Line::raw(""));
        lines.extend(code.lines);
    }
    let total = lines.len() as u16;
    let scroll = scroll.min(total.saturating_sub(area.height));
    canvas
        .frame
        .render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
    scroll + area.height < total
}

/// "Full details" and "helpful?" (or the thanks for answering it): one
/// row when both fit, else one each.
struct Row<'a> {
    s: &'a Strings,
    feedback: Option<bool>,
    show_all_width: u16,
    one_row: bool,
}

/// The "full details" and yes / no buttons.
type RowButtons<'b> = (&'b [(u8, String)], &'b [(u8, String)]);

impl<'a> Row<'a> {
    fn new(
        s: &'a Strings,
        (show_all, yes_no): RowButtons,
        feedback: Option<bool>,
        width: u16,
    ) -> Self {
        let widths = |buttons: &[(u8, String)]| -> u16 {
            buttons.iter().map(|(_, l)| button_width(l)).sum()
        };
        let show_all_width = widths(show_all);
        let helpful_width = match feedback {
            None => s.helpful.width() as u16 + 1 + widths(yes_no),
            Some(_) => s.thanks.width() as u16,
        };
        Row {
            s,
            feedback,
            show_all_width,
            one_row: show_all_width + helpful_width <= width,
        }
    }

    fn height(&self) -> u16 {
        match self.one_row || self.show_all_width == 0 {
            true => 1,
            false => 2,
        }
    }

    fn draw(&self, canvas: &mut Canvas, area: Rect, (show_all, yes_no): RowButtons) {
        let [show_all_area, helpful_area] = match self.height() {
            1 => Layout::horizontal([Constraint::Length(self.show_all_width), Constraint::Min(0)])
                .areas(area),
            _ => Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area),
        };
        flow_buttons(canvas, show_all_area, show_all);
        let s = self.s;
        match self.feedback {
            None => {
                let label_width = s.helpful.width() as u16 + 1;
                let [label, buttons_area] =
                    Layout::horizontal([Constraint::Length(label_width), Constraint::Min(0)])
                        .areas(helpful_area);
                canvas.frame.render_widget(
                    Paragraph::new(Span::styled(s.helpful, canvas.theme.label())),
                    label,
                );
                flow_buttons(canvas, buttons_area, yes_no);
            }
            Some(_) => canvas
                .frame
                .render_widget(Paragraph::new(s.thanks), helpful_area),
        }
    }
}
