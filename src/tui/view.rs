//! Drawing: the state in, a frame out, never a change to the state. Returns
//! where each numbered option was drawn, so a click or tap can choose it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::app::{App, Mode, Screen, TILES_PER_PAGE};
use super::sanitize::for_display;
use super::strings::{strings, Lang, Strings};
use super::theme::Theme;
use crate::corpus::ServiceEntry;

/// Where a numbered option is on screen.
pub type Targets = Vec<(Rect, u8)>;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame) -> Targets {
    let area = frame.area();
    frame.render_widget(Block::new().style(theme.base()), area);
    let mut targets = Targets::new();
    match app.mode {
        Mode::Kiosk => kiosk(app, theme, frame, area, &mut targets),
        Mode::Clerk => clerk(app, theme, frame, area),
    }
    if let Some(seconds) = app.idle_countdown() {
        idle_warning(app, theme, frame, area, seconds);
    } else if let Some(pin) = &app.pin {
        let s = strings(app.lang);
        let text = format!("{} {}", s.staff_pin, "•".repeat(pin.len()));
        popup(frame, theme, area, vec![Line::raw(text)]);
    }
    targets
}

fn kiosk(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, targets: &mut Targets) {
    let s = strings(app.lang);
    let [top, input, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);

    // Title bar: the language switch is always there; start again off home.
    let mut buttons = vec![(9, s.switch_language.to_string())];
    if !matches!(app.screen, Screen::Home { page: 0 }) {
        buttons.push((0, s.start_again.to_string()));
    }
    let width: u16 = buttons.iter().map(|(_, l)| button_width(l)).sum();
    let [title_area, buttons_area] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(width)]).areas(top);
    frame.render_widget(
        Paragraph::new(Span::styled(s.app_title, theme.title())),
        title_area,
    );
    flow_buttons(frame, theme, buttons_area, &buttons, targets);

    match &app.screen {
        Screen::Home { page } => home(app, theme, frame, body, *page, None, targets),
        Screen::NoMatch { page } => {
            let hint = match app.lang {
                Lang::En => &app.config.staff_hint,
                Lang::Ko => &app.config.staff_hint_ko,
            };
            let message = vec![
                Line::styled(s.no_match, theme.title()),
                Line::raw(for_display(hint)),
            ];
            home(app, theme, frame, body, *page, Some(message), targets)
        }
        Screen::Searching => {
            let text = if app.ready { s.searching } else { s.loading };
            frame.render_widget(
                Paragraph::new(format!("{} {text}", spinner(app))).style(theme.title()),
                body,
            );
        }
        Screen::Answer {
            id,
            scroll,
            feedback,
        } => answer(app, theme, frame, body, id, *scroll, *feedback, targets),
        Screen::Choices { ids } => {
            let mut options: Vec<(u8, String)> = ids
                .iter()
                .enumerate()
                .filter_map(|(i, id)| Some((i as u8 + 1, entry_title(app, app.corpus.get(id)?))))
                .collect();
            options.push((ids.len() as u8 + 1, s.none_of_these.to_string()));
            option_list(frame, theme, body, s.did_you_mean, &options, targets);
        }
        Screen::Browse { tile } => {
            let tile = &app.tiles[*tile];
            let name = match app.lang {
                Lang::En => &tile.title,
                Lang::Ko => &tile.title_ko,
            };
            let options: Vec<(u8, String)> = tile
                .services
                .iter()
                .enumerate()
                .filter_map(|(i, id)| Some((i as u8 + 1, entry_title(app, app.corpus.get(id)?))))
                .collect();
            let heading = format!("{} {}", s.services_for, for_display(name));
            option_list(frame, theme, body, &heading, &options, targets);
        }
    }

    let shown = visible_tail(&app.input, input.width.saturating_sub(4) as usize);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(shown, theme.input()),
            Span::styled("█", theme.dim()),
        ]))
        .block(Block::bordered().title(Span::styled(s.type_question, theme.label()))),
        input,
    );
    let status = match &app.failed {
        Some(_) => s.failed.to_string(),
        None if !app.ready => format!("{} {}", spinner(app), s.loading),
        None if !app.last_query.is_empty() && !matches!(app.screen, Screen::Home { .. }) => {
            format!("{} {}", s.you_asked, for_display(&app.last_query))
        }
        None => String::new(),
    };
    frame.render_widget(Paragraph::new(status).style(theme.dim()), footer);
}

/// Greeting (or the no-match message) and a page of topic tiles.
fn home(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    page: usize,
    message: Option<Vec<Line>>,
    targets: &mut Targets,
) {
    let s = strings(app.lang);
    let mut head = message.unwrap_or_else(|| vec![Line::styled(s.greeting, theme.title())]);
    head.push(Line::raw(s.or_choose));
    let head_height = head.len() as u16;
    let [head_area, tiles_area] =
        Layout::vertical([Constraint::Length(head_height), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), head_area);

    let mut tiles: Vec<(u8, String)> = app
        .page_tiles(page)
        .map(|(n, tile)| {
            let title = match app.lang {
                Lang::En => &tile.title,
                Lang::Ko => &tile.title_ko,
            };
            (n, for_display(title))
        })
        .collect();
    if app.page_count() > 1 {
        tiles.push((TILES_PER_PAGE as u8 + 1, format!("{} ▸", s.more_topics)));
    }
    let rows = tiles.len().div_ceil(2) as u16;
    let tall = tiles_area.height >= rows * 3;
    let row_height = if tall { 3 } else { 1 };
    let grid =
        Layout::vertical(vec![Constraint::Length(row_height); rows as usize]).split(tiles_area);
    for (row, pair) in grid.iter().zip(tiles.chunks(2)) {
        let cells =
            Layout::horizontal([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)]).split(*row);
        for (cell, (n, label)) in cells.iter().zip(pair) {
            numbered_box(frame, theme, *cell, (*n, label), tall, targets);
        }
    }
}

/// A heading and one large numbered option per row.
fn option_list(
    frame: &mut Frame,
    theme: &Theme,
    area: Rect,
    heading: &str,
    options: &[(u8, String)],
    targets: &mut Targets,
) {
    let [head, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(heading.to_string(), theme.title())),
        head,
    );
    let tall = list.height >= options.len() as u16 * 3;
    let height = if tall { 3 } else { 1 };
    let rows = Layout::vertical(vec![Constraint::Length(height); options.len()]).split(list);
    for (row, (n, label)) in rows.iter().zip(options) {
        numbered_box(frame, theme, *row, (*n, label), tall, targets);
    }
}

/// One large numbered option (boxed when there is room), clickable.
fn numbered_box(
    frame: &mut Frame,
    theme: &Theme,
    area: Rect,
    (n, label): (u8, &str),
    boxed: bool,
    targets: &mut Targets,
) {
    let line = Line::from(vec![key_span(theme, n), Span::raw(format!(" {label}"))]);
    let block = if boxed {
        Block::bordered()
    } else {
        Block::new()
    };
    frame.render_widget(Paragraph::new(line).block(block), area);
    targets.push((area, n));
}

#[allow(clippy::too_many_arguments)]
fn answer(
    app: &App,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    id: &str,
    scroll: u16,
    feedback: Option<bool>,
    targets: &mut Targets,
) {
    let s = strings(app.lang);
    let Some(entry) = app.corpus.get(id) else {
        return;
    };
    let mut buttons: Vec<(u8, String)> = Vec::new();
    for (i, related) in app.related_shown(id).into_iter().enumerate() {
        if let Some(other) = app.corpus.get(related) {
            buttons.push((i as u8 + 3, entry_title(app, other)));
        }
    }
    let options_height = 2 + flow_height(area.width, &buttons);
    let [text_area, more_area, options_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(options_height),
    ])
    .areas(area);
    let paragraph =
        Paragraph::new(entry_lines(entry, app.lang, s, theme)).wrap(Wrap { trim: true });
    let total = paragraph.line_count(text_area.width) as u16;
    let scroll = scroll.min(total.saturating_sub(text_area.height));
    frame.render_widget(paragraph.scroll((scroll, 0)), text_area);
    if scroll + text_area.height < total {
        frame.render_widget(
            Paragraph::new(Span::styled(s.more_below, theme.warning())),
            more_area,
        );
    }

    let [helpful_area, related_label, related_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(options_area);
    match feedback {
        None => {
            let label_width = s.helpful.width() as u16 + 1;
            let [label, buttons_area] =
                Layout::horizontal([Constraint::Length(label_width), Constraint::Min(0)])
                    .areas(helpful_area);
            frame.render_widget(
                Paragraph::new(Span::styled(s.helpful, theme.label())),
                label,
            );
            let yes_no = [(1, s.yes.to_string()), (2, s.no.to_string())];
            flow_buttons(frame, theme, buttons_area, &yes_no, targets);
        }
        Some(_) => frame.render_widget(Paragraph::new(s.thanks), helpful_area),
    }
    if !buttons.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(s.related, theme.label())),
            related_label,
        );
        flow_buttons(frame, theme, related_area, &buttons, targets);
    }
}

/// An entry as a person reads it: title, summary, labelled rows, steps.
pub fn entry_lines<'a>(
    entry: &'a ServiceEntry,
    lang: Lang,
    s: &Strings,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let (title, summary) = match lang {
        Lang::En => (&entry.title, &entry.summary),
        Lang::Ko => (&entry.title_ko, &entry.summary_ko),
    };
    let mut lines = vec![
        Line::styled(for_display(title), theme.title()),
        Line::raw(for_display(summary)),
        Line::raw(""),
    ];
    for (label, items) in [(s.bring, &entry.bring), (s.where_, &entry.where_)] {
        lines.push(Line::styled(format!("{label}:"), theme.label()));
        lines.extend(
            items
                .iter()
                .map(|item| Line::raw(format!("  • {}", for_display(item)))),
        );
    }
    let mut row = |label: &str, value: &str| {
        lines.push(Line::from(vec![
            Span::styled(format!("{label}: "), theme.label()),
            Span::raw(for_display(value)),
        ]));
    };
    row(s.fee, &entry.fee);
    row(s.time, &entry.time);
    if let Some(deadline) = &entry.deadline {
        row(s.deadline, deadline);
    }
    row(s.who, &entry.who);
    lines.push(Line::raw(""));
    lines.push(Line::styled(s.what_to_do, theme.label()));
    for (i, step) in entry.steps.iter().enumerate() {
        lines.push(Line::raw(format!("{}. {}", i + 1, for_display(step))));
    }
    if !entry.good_to_know.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(s.good_to_know, theme.label()));
        for note in &entry.good_to_know {
            lines.push(Line::raw(format!("• {}", for_display(note))));
        }
    }
    lines
}

fn entry_title(app: &App, entry: &ServiceEntry) -> String {
    for_display(match app.lang {
        Lang::En => &entry.title,
        Lang::Ko => &entry.title_ko,
    })
}

fn key_span(theme: &Theme, n: u8) -> Span<'static> {
    Span::styled(format!(" {n} "), theme.key())
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
fn flow_buttons(
    frame: &mut Frame,
    theme: &Theme,
    area: Rect,
    buttons: &[(u8, String)],
    targets: &mut Targets,
) {
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
        let line = Line::from(vec![key_span(theme, *n), Span::raw(format!(" {label}  "))]);
        frame.render_widget(Paragraph::new(line), rect);
        targets.push((rect, *n));
        x += w;
    }
}

fn clerk(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
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
    let shown = visible_tail(&app.input, search.width.saturating_sub(6) as usize);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(shown, theme.input()),
            Span::styled("█", theme.dim()),
        ]))
        .block(Block::bordered().title(format!("{} {busy}", s.clerk_search))),
        search,
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
                .map(|e| entry_title(app, e))
                .unwrap_or_default();
            let text = format!("{:>2} {:.2} {} · {}", i + 1, hit.score, hit.id, title);
            let style = if i == app.clerk.selected {
                theme.selected()
            } else {
                Style::new()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(list).block(
            Block::new()
                .borders(Borders::RIGHT)
                .title(app.clerk.status.as_str()),
        ),
        list_area,
    );
    if let Some(entry) = app
        .clerk
        .results
        .get(app.clerk.selected)
        .and_then(|h| app.corpus.get(&h.id))
    {
        let mut lines = entry_lines(entry, app.lang, s, theme);
        lines.push(Line::raw(""));
        let related: Vec<&str> = entry.related.iter().map(String::as_str).collect();
        lines.push(Line::raw(format!("→ {}", related.join(", "))).style(theme.dim()));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .scroll((app.clerk.scroll, 0)),
            detail_area.inner(ratatui::layout::Margin::new(1, 0)),
        );
    }
    frame.render_widget(Paragraph::new(s.clerk_keys).style(theme.dim()), footer);
}

fn idle_warning(app: &App, theme: &Theme, frame: &mut Frame, area: Rect, seconds: u64) {
    let s = strings(app.lang);
    let lines = vec![
        Line::styled(s.still_there, theme.warning()),
        Line::raw(format!("{} {seconds} {}", s.clearing_in, s.seconds)),
    ];
    popup(frame, theme, area, lines);
}

fn popup(frame: &mut Frame, theme: &Theme, area: Rect, lines: Vec<Line>) {
    let width = area.width.saturating_sub(4).min(60);
    let height = (lines.len() as u16 + 4).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().border_style(theme.warning()))
            .style(theme.base()),
        rect,
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
