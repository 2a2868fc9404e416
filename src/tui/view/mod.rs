//! Drawing: the state in, a frame out, never a change to the state. Returns
//! where each numbered option was drawn, so a click or tap can choose it.
//! [`kiosk`] and [`clerk`] draw their screens, the kiosk's answer in
//! [`answer`]; [`entry`] turns an entry's layout into lines and [`qr`] its
//! page into a QR code; the widgets both modes share are here.

mod answer;
mod clerk;
mod entry;
mod kiosk;
mod qr;

use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, LineGauge, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::app::{App, Building};
use super::options::{options, Place, LISTEN, VOICE};
use super::theme::Theme;
use crate::config::Mode;
use crate::strings::strings;

/// Where a numbered option is on screen.
pub type Targets = Vec<(Rect, u8)>;

/// What drawing needs at hand: the frame, the styles, and the click targets
/// collected so far.
pub struct Canvas<'a, 'f> {
    pub frame: &'a mut Frame<'f>,
    pub theme: &'a Theme,
    pub targets: Targets,
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame) -> Targets {
    let area = frame.area();
    frame.render_widget(Block::new().style(theme.base()), area);
    let mut canvas = Canvas {
        frame,
        theme,
        targets: Targets::new(),
    };
    match app.mode {
        Mode::Kiosk => kiosk::draw(app, &mut canvas, area),
        Mode::Clerk => clerk::draw(app, &mut canvas, area),
    }
    let s = strings(app.lang);
    if let Some(seconds) = app.idle_countdown() {
        let lines = vec![
            Line::styled(s.still_there, theme.warning()),
            Line::raw(format!("{} {seconds} {}", s.clearing_in, s.seconds)),
        ];
        let keep: Vec<(u8, String)> = options(app)
            .into_iter()
            .filter(|c| c.place == Place::Warning)
            .map(|c| (c.key, c.label))
            .collect();
        popup(&mut canvas, area, lines, &keep);
    } else if let Some(pin) = &app.pin {
        let text = format!("{} {}", s.staff_pin, "•".repeat(pin.len()));
        popup(&mut canvas, area, vec![Line::raw(text)], &[]);
    }
    canvas.targets
}

/// A box in the middle of the screen: a message and its buttons.
fn popup(canvas: &mut Canvas, area: Rect, lines: Vec<Line>, buttons: &[(u8, String)]) {
    let width = area.width.saturating_sub(4).min(60);
    let button_rows = match buttons.is_empty() {
        true => 0,
        false => flow_height(width.saturating_sub(2), buttons) + 1,
    };
    let height = (lines.len() as u16 + 4 + button_rows).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    );
    canvas.frame.render_widget(Clear, rect);
    canvas.frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().border_style(canvas.theme.warning()))
            .style(canvas.theme.base()),
        rect,
    );
    let inner = rect.inner(Margin::new(1, 1));
    let buttons_area = Rect {
        y: (inner.y + inner.height).saturating_sub(button_rows),
        height: button_rows.min(inner.height),
        ..inner
    };
    flow_buttons(canvas, buttons_area, buttons);
}

/// One large numbered option (boxed when there is room), clickable; a
/// label too long for it ends in "…".
fn numbered_box(canvas: &mut Canvas, area: Rect, (n, label): (u8, &str), boxed: bool) {
    let room = area.width.saturating_sub(if boxed { 6 } else { 4 });
    let line = Line::from(vec![
        key_span(canvas.theme, n),
        Span::raw(format!(" {}", fit(label, room as usize))),
    ]);
    let block = if boxed {
        Block::bordered()
    } else {
        Block::new()
    };
    canvas
        .frame
        .render_widget(Paragraph::new(line).block(block), area);
    canvas.targets.push((area, n));
}

fn key_span(theme: &Theme, n: u8) -> Span<'static> {
    let key = match n {
        LISTEN | VOICE => (n as char).to_string(),
        n => n.to_string(),
    };
    Span::styled(format!(" {key} "), theme.key())
}

fn button_width(label: &str) -> u16 {
    label.width() as u16 + 6
}

/// Rows needed to flow these buttons across `width` columns.
fn flow_height(width: u16, buttons: &[(u8, String)]) -> u16 {
    let (mut rows, mut x) = (0u16, width);
    for (_, label) in buttons {
        let w = button_width(label).min(width.max(1));
        if x + w > width {
            rows += 1;
            x = 0;
        }
        x += w;
    }
    rows
}

/// Buttons laid left to right, wrapping to the next row.
fn flow_buttons(canvas: &mut Canvas, area: Rect, buttons: &[(u8, String)]) {
    let (mut x, mut y) = (area.x, area.y);
    for (n, label) in buttons {
        let w = button_width(label).min(area.width);
        if x + w > area.x + area.width {
            x = area.x;
            y += 1;
        }
        if y >= area.y + area.height || w == 0 {
            break;
        }
        let rect = Rect::new(x, y, w, 1);
        let room = w.saturating_sub(6) as usize;
        let line = Line::from(vec![
            key_span(canvas.theme, *n),
            Span::raw(format!(" {}  ", fit(label, room))),
        ]);
        canvas.frame.render_widget(Paragraph::new(line), rect);
        canvas.targets.push((rect, *n));
        x += w;
    }
}

/// The input line with a block cursor, showing the end that fits: framed
/// under its title, or on a single row ("▸ …") when rows are few.
fn input_line(app: &App, canvas: &mut Canvas, area: Rect, title: Line) {
    let framed = area.height >= 3;
    let inner = match framed {
        true => area.inner(Margin::new(2, 1)),
        false => Rect {
            x: area.x + 2,
            width: area.width.saturating_sub(2),
            ..area
        },
    };
    let shown = visible_tail(&app.input, inner.width.saturating_sub(1) as usize);
    let line = Line::from(vec![
        Span::styled(shown, canvas.theme.input()),
        Span::styled("█", canvas.theme.dim()),
    ]);
    if framed {
        let input = Paragraph::new(line).block(Block::bordered().title(title));
        canvas.frame.render_widget(input, area);
    } else {
        let prompt = Span::styled("▸", canvas.theme.label());
        canvas.frame.render_widget(Paragraph::new(prompt), area);
        canvas.frame.render_widget(Paragraph::new(line), inner);
    }
}

/// The end of the input that fits in `width` columns (so the cursor shows).
fn visible_tail(input: &str, width: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    for c in input.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.iter().rev().collect()
}

fn spinner(app: &App) -> &'static str {
    const FRAMES: [&str; 4] = ["◐", "◓", "◑", "◒"];
    let tick = app
        .now
        .saturating_duration_since(app.last_input)
        .as_millis()
        / 250;
    FRAMES[tick as usize % FRAMES.len()]
}

/// `text` cut to `width` columns, with "…" where it was cut.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1;
    for c in text.chars() {
        used += c.width().unwrap_or(0);
        if used > width {
            break;
        }
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// An entry's name and the agency beside it (`노인 보청기 지원 · 서울특별시
/// 종로구`) in `width` columns: the title is cut first, so the agency that
/// tells two services apart stays whole while the title keeps a few words.
fn name_with_agency(title: &str, agency: Option<&str>, width: usize) -> String {
    let Some(agency) = agency else {
        return fit(title, width);
    };
    let agency = format!(" · {agency}");
    let room = width.saturating_sub(agency.width());
    if title.width() <= room || room >= 12 {
        fit(&format!("{}{agency}", fit(title, room)), width)
    } else {
        fit(&format!("{title}{agency}"), width)
    }
}

/// A count as people write it: 20,000.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "Getting ready…" while the engine loads; once the first start's index
/// build knows how much it has to do, how far it has got and a bar.
fn preparing(app: &App, canvas: &mut Canvas, area: Rect) {
    let label = format!("{} {}", spinner(app), strings(app.lang).loading);
    match app.building {
        Some(Building { done, total }) if total > 0 => {
            let label = format!("{label} {} / {}", thousands(done), thousands(total));
            let width = (label.width() as u16 + 1 + BAR_WIDTH).min(area.width);
            canvas.frame.render_widget(
                LineGauge::default()
                    .ratio((done as f64 / total as f64).clamp(0.0, 1.0))
                    .label(Span::styled(label, canvas.theme.title()))
                    .filled_symbol("█")
                    .unfilled_symbol("░"),
                Rect { width, ..area },
            );
        }
        _ => canvas.frame.render_widget(
            Paragraph::new(Span::styled(label, canvas.theme.title())),
            area,
        ),
    }
}

/// A question waits for the engine: how far getting ready has got, and
/// that the answer follows by itself.
fn waiting(app: &App, canvas: &mut Canvas, area: Rect) {
    let [progress, _, note] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    preparing(app, canvas, progress);
    canvas.frame.render_widget(
        Paragraph::new(strings(app.lang).answer_when_ready).wrap(Wrap { trim: true }),
        note,
    );
}

/// Columns of the progress bar.
const BAR_WIDTH: u16 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut_before_the_agency() {
        let title = "계절 취약계층 어르신 보호·강화를 위한 냉난방물품 지원";
        assert_eq!(
            name_with_agency(title, Some("서울특별시 종로구"), 40),
            "계절 취약계층 어르… · 서울특별시 종로구"
        );
        assert_eq!(
            name_with_agency("노인 보청기 지원", Some("국민건강보험공단"), 80),
            "노인 보청기 지원 · 국민건강보험공단"
        );
        // No room for both: the whole line is cut at the end.
        let cut = name_with_agency(title, Some("서울특별시 종로구"), 20);
        assert!(cut.width() <= 20 && cut.ends_with("…"), "{cut}");
        assert_eq!(fit("passport", 4), "pas…");
        assert_eq!(fit("여권", 3), "여…");
        assert_eq!(fit("", 0), "");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3200), "3,200");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
