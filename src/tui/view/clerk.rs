//! The clerk's screen: the search line, the filters over the ranked list
//! (what the kiosk would show is marked ▶; each result with its agency and
//! region), and the selected entry in full.

use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{entry, fit, input_line, spinner, waiting, Canvas};
use crate::corpus::Entry;
use crate::layout::{layout, Detail};
use crate::region::Region;
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
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
    let border = Block::new().borders(Borders::RIGHT);
    results(app, canvas, border.inner(list_area));
    canvas.frame.render_widget(border, list_area);
    if let Some(selected) = app
        .clerk
        .results
        .get(app.clerk.selected)
        .and_then(|h| app.corpus.get(&h.id))
    {
        let area = detail_area.inner(Margin::new(1, 0));
        let full = layout(selected, app.lang, Detail::Full);
        let mut lines = entry::lines(&full, canvas.theme, area.width);
        lines.push(Line::raw(""));
        let mut footnote = selected.id().to_string();
        if !selected.related().is_empty() {
            footnote = format!("{footnote}  → {}", selected.related().join(", "));
        }
        lines.push(Line::styled(for_display(&footnote), canvas.theme.dim()));
        canvas
            .frame
            .render_widget(Paragraph::new(lines).scroll((app.clerk.scroll, 0)), area);
    }
    let mut keys = s.clerk_keys.to_string();
    if say::offered(app) {
        keys = format!("{keys}  F5 {}", app.speech.listen_label(app.lang));
    }
    canvas
        .frame
        .render_widget(Paragraph::new(keys).style(canvas.theme.dim()), footer);
}

/// The filters, the status line, then the results, two lines each: rank,
/// score and title; then who runs the service and where it applies. While
/// the engine loads, how far it has got instead.
fn results(app: &App, canvas: &mut Canvas, area: Rect) {
    let s = strings(app.lang);
    let status = (!app.clerk.status.is_empty()) as u16;
    let [header, status_area, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(status),
        Constraint::Min(0),
    ])
    .areas(area);
    let mut spans = Vec::new();
    for ((key, label), filter) in [(6, s.field), (7, s.for_whom)]
        .into_iter()
        .zip(&app.clerk.filters)
    {
        spans.push(Span::styled(format!("F{key}"), canvas.theme.key()));
        spans.push(Span::raw(format!(" {label}: ")));
        spans.push(match filter.value() {
            Some(value) => Span::styled(for_display(value), canvas.theme.selected()),
            None => Span::styled(s.all, canvas.theme.dim()),
        });
        spans.push(Span::raw("  "));
    }
    canvas
        .frame
        .render_widget(Paragraph::new(Line::from(spans)), header);
    canvas.frame.render_widget(
        Paragraph::new(for_display(&app.clerk.status)).style(canvas.theme.dim()),
        status_area,
    );

    if !app.ready {
        return waiting(app, canvas, list);
    }
    if app.clerk.results.is_empty() && !app.clerk.ranked.is_empty() {
        canvas.frame.render_widget(
            Paragraph::new(s.nothing_passes).wrap(Wrap { trim: true }),
            list,
        );
        return;
    }
    let width = list.width as usize;
    let mut lines: Vec<Line> = app
        .clerk
        .results
        .iter()
        .enumerate()
        .flat_map(|(i, hit)| {
            let mark = if app.clerk.shown.contains(&hit.id) {
                "▶"
            } else {
                " "
            };
            let rank = format!("{mark}{:>2} {:.2} ", i + 1, hit.score);
            let indent = rank.width();
            let (title, whose) = match app.corpus.get(&hit.id) {
                Some(entry) => (for_display(entry.title(app.lang)), whose(app, entry)),
                None => (for_display(&hit.id), String::new()),
            };
            let style = if i == app.clerk.selected {
                canvas.theme.selected()
            } else {
                Style::new()
            };
            [
                Line::styled(
                    format!("{rank}{}", fit(&title, width - indent.min(width))),
                    style,
                ),
                Line::styled(
                    format!(
                        "{}{}",
                        " ".repeat(indent),
                        fit(&whose, width - indent.min(width))
                    ),
                    // Grey on the selected row's white would be unreadable.
                    match i == app.clerk.selected {
                        true => style,
                        false => canvas.theme.dim(),
                    },
                ),
            ]
        })
        .collect();
    // The mark says what it means in words, under the list.
    if !app.clerk.shown.is_empty() {
        lines.push(Line::styled(fit(s.clerk_marker, width), canvas.theme.dim()));
    }
    // Two lines a result: keep the selected one in view.
    let bottom = (app.clerk.selected as u16 + 1) * 2;
    let scroll = bottom.saturating_sub(list.height);
    canvas
        .frame
        .render_widget(Paragraph::new(lines).scroll((scroll, 0)), list);
}

/// Who runs an entry and where it applies (`국민건강보험공단 · 전국`),
/// the place once when the agency is the place itself.
fn whose(app: &App, entry: &Entry) -> String {
    let region = match entry.region() {
        Region::National => strings(app.lang).nationwide.to_string(),
        region => region.name(),
    };
    match entry.agency().map(str::trim) {
        Some(agency) if !agency.is_empty() && agency != region => {
            for_display(&format!("{agency} · {region}"))
        }
        _ => region,
    }
}
