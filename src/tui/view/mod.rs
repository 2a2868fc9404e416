//! Drawing: the state in, a frame out, never a change to the state. Returns
//! where each numbered option was drawn, so a click or tap can choose it.
//! [`kiosk`] and [`clerk`] draw their screens; [`entry`] turns an entry's
//! layout into lines; the widgets both modes share are here.

mod clerk;
mod entry;
mod kiosk;

use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::app::App;
use super::say::LISTEN;
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
        popup(&mut canvas, area, lines);
    } else if let Some(pin) = &app.pin {
        let text = format!("{} {}", s.staff_pin, "•".repeat(pin.len()));
        popup(&mut canvas, area, vec![Line::raw(text)]);
    }
    canvas.targets
}

fn popup(canvas: &mut Canvas, area: Rect, lines: Vec<Line>) {
    let width = area.width.saturating_sub(4).min(60);
    let height = (lines.len() as u16 + 4).min(area.height);
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
}

/// One large numbered option (boxed when there is room), clickable.
fn numbered_box(canvas: &mut Canvas, area: Rect, (n, label): (u8, &str), boxed: bool) {
    let line = Line::from(vec![
        key_span(canvas.theme, n),
        Span::raw(format!(" {label}")),
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
        LISTEN => (LISTEN as char).to_string(),
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
        let line = Line::from(vec![
            key_span(canvas.theme, *n),
            Span::raw(format!(" {label}  ")),
        ]);
        canvas.frame.render_widget(Paragraph::new(line), rect);
        canvas.targets.push((rect, *n));
        x += w;
    }
}

/// The input line with a block cursor, showing the end that fits.
fn input_line(app: &App, canvas: &mut Canvas, area: Rect, title: Line) {
    let inner = area.inner(Margin::new(2, 1));
    let shown = visible_tail(&app.input, inner.width.saturating_sub(1) as usize);
    canvas.frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(shown, canvas.theme.input()),
            Span::styled("█", canvas.theme.dim()),
        ]))
        .block(Block::bordered().title(title)),
        area,
    );
}

/// The end of the input that fits in `width` columns (so the cursor shows).
fn visible_tail(input: &str, width: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    for c in input.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
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
