//! The clerk's screen: the search line, the ranked list (what the kiosk
//! would show is marked ▶), and the selected entry in full.

use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{entry, input_line, spinner, Canvas};
use crate::layout::{layout, Detail};
use crate::sanitize::for_display;
use crate::strings::strings;
use crate::tui::app::App;
use crate::tui::say;

pub fn draw(app: &App, canvas: &mut Canvas, area: Rect) {
    let s = strings(app.lang);
    let [search, body, footer] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let busy = if app.clerk.typed_at.is_some() || !app.ready {
        spinner(app)
    } else {
        " "
    };
    input_line(
        app,
        canvas,
        search,
        Line::raw(format!("{} {busy}", s.clerk_search)),
    );
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(body);
    let list: Vec<Line> = app
        .clerk
        .results
        .iter()
        .enumerate()
        .map(|(i, hit)| {
            let title = app
                .corpus
                .get(&hit.id)
                .map(|e| for_display(e.title(app.lang)))
                .unwrap_or_default();
            let mark = if app.clerk.shown.contains(&hit.id) {
                "▶"
            } else {
                " "
            };
            let text = format!("{mark}{:>2} {:.2} {} · {title}", i + 1, hit.score, hit.id);
            let style = if i == app.clerk.selected {
                canvas.theme.selected()
            } else {
                Style::new()
            };
            Line::styled(text, style)
        })
        .collect();
    canvas.frame.render_widget(
        Paragraph::new(list).block(
            Block::new()
                .borders(Borders::RIGHT)
                .title(for_display(&app.clerk.status)),
        ),
        list_area,
    );
    if let Some(selected) = app
        .clerk
        .results
        .get(app.clerk.selected)
        .and_then(|h| app.corpus.get(&h.id))
    {
        let mut lines = entry::lines(&layout(selected, app.lang, Detail::Full), canvas.theme);
        lines.push(Line::raw(""));
        lines.push(
            Line::raw(format!("→ {}", selected.related().join(", "))).style(canvas.theme.dim()),
        );
        canvas.frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .scroll((app.clerk.scroll, 0)),
            detail_area.inner(Margin::new(1, 0)),
        );
    }
    let mut keys = s.clerk_keys.to_string();
    if say::offered(app) {
        keys = format!("{keys}  F5 {}", say::listen_label(app));
    }
    canvas
        .frame
        .render_widget(Paragraph::new(keys).style(canvas.theme.dim()), footer);
}
