//! The kiosk's screens: home with topic tiles, the answer, "did you mean",
//! a topic's services, no match, and the apology when something broke.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Canvas;
use super::{
    button_width, flow_buttons, input_line, name_with_agency, numbered_box, preparing, spinner,
    waiting,
};
use crate::lang::Lang;
use crate::layout::Detail;
use crate::sanitize::for_display;
use crate::strings::strings;
use crate::tui::app::{App, Screen, TILES_PER_PAGE};
use crate::tui::say::{self, LISTEN};

pub fn draw(app: &App, canvas: &mut Canvas, area: Rect) {
    let s = strings(app.lang);
    let [top, input, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);

    // Title bar: Listen when there is something to say, the language switch
    // always, start again off home.
    let mut buttons = vec![(9, s.switch_language.to_string())];
    if say::offered(app) {
        buttons.insert(0, (LISTEN, say::listen_label(app).to_string()));
    }
    if !matches!(app.screen, Screen::Home { page: 0 }) {
        buttons.push((0, s.start_again.to_string()));
    }
    let width: u16 = buttons.iter().map(|(_, l)| button_width(l)).sum();
    let [title_area, buttons_area] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(width)]).areas(top);
    canvas.frame.render_widget(
        Paragraph::new(Span::styled(s.app_title, canvas.theme.title())),
        title_area,
    );
    flow_buttons(canvas, buttons_area, &buttons);

    match &app.screen {
        Screen::Home { page } => home(app, canvas, body, *page, None),
        Screen::NoMatch { page } => {
            let hint = match app.lang {
                Lang::En => &app.config.staff_hint,
                Lang::Ko => &app.config.staff_hint_ko,
            };
            let message = vec![
                Line::styled(s.no_match, canvas.theme.title()),
                Line::raw(for_display(hint)),
            ];
            home(app, canvas, body, *page, Some(message))
        }
        Screen::Failed => {
            let message = vec![Line::styled(s.failed, canvas.theme.title())];
            home(app, canvas, body, 0, Some(message))
        }
        Screen::Searching if app.ready => {
            canvas.frame.render_widget(
                Paragraph::new(format!("{} {}", spinner(app), s.searching))
                    .style(canvas.theme.title()),
                body,
            );
        }
        Screen::Searching => waiting(app, canvas, body),
        Screen::Answer {
            id,
            scroll,
            feedback,
            detail,
        } => answer(app, canvas, body, id, (*scroll, *feedback, *detail)),
        Screen::Choices { ids } => {
            let mut options = named_options(app, ids);
            options.push((ids.len() as u8 + 1, (s.none_of_these, None)));
            option_list(canvas, body, s.did_you_mean, &options);
        }
        Screen::Browse { tile } => {
            let tile = &app.tiles[*tile];
            let name = match app.lang {
                Lang::En => &tile.title,
                Lang::Ko => &tile.title_ko,
            };
            let heading = format!("{} {}", s.services_for, for_display(name));
            option_list(canvas, body, &heading, &named_options(app, &tile.services));
        }
    }

    let title = Line::from(Span::styled(s.type_question, canvas.theme.label()));
    input_line(app, canvas, input, title);
    let status = match &app.failed {
        Some(_) => s.failed.to_string(),
        // A waiting question shows how far getting ready has got above.
        None if !app.ready && app.screen != Screen::Searching => {
            return preparing(app, canvas, footer)
        }
        None if !app.last_query.is_empty() && !matches!(app.screen, Screen::Home { .. }) => {
            format!("{} {}", s.you_asked, for_display(&app.last_query))
        }
        None => String::new(),
    };
    canvas
        .frame
        .render_widget(Paragraph::new(status).style(canvas.theme.dim()), footer);
}

/// An option naming an entry: its number, title and (catalogue services)
/// agency, not yet sanitised.
type Named<'a> = (u8, (&'a str, Option<&'a str>));

/// Entries as numbered options 1.., by their names in the screen's language.
fn named_options<'a>(app: &'a App, ids: &[String]) -> Vec<Named<'a>> {
    ids.iter()
        .enumerate()
        .filter_map(|(i, id)| Some((i as u8 + 1, app.entry_name(id)?)))
        .collect()
}

/// Entries as numbered buttons, by their titles.
fn titled_buttons(app: &App, ids: &[String], first: u8) -> Vec<(u8, String)> {
    named_options(app, ids)
        .into_iter()
        .map(|(n, (title, _))| (n - 1 + first, for_display(title)))
        .collect()
}

/// Greeting (or a message such as no match) and a page of topic tiles.
fn home(app: &App, canvas: &mut Canvas, area: Rect, page: usize, message: Option<Vec<Line>>) {
    let s = strings(app.lang);
    let mut head = message.unwrap_or_else(|| vec![Line::styled(s.greeting, canvas.theme.title())]);
    head.push(Line::raw(s.or_choose));
    let head_height = head.len() as u16;
    let [head_area, tiles_area] =
        Layout::vertical([Constraint::Length(head_height), Constraint::Min(0)]).areas(area);
    canvas
        .frame
        .render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), head_area);

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
            numbered_box(canvas, *cell, (*n, label), tall);
        }
    }
}

/// A heading and one large numbered option per row, each name fitted to
/// the row with its agency whole.
fn option_list(canvas: &mut Canvas, area: Rect, heading: &str, options: &[Named]) {
    let [head, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    canvas.frame.render_widget(
        Paragraph::new(Span::styled(heading.to_string(), canvas.theme.title())),
        head,
    );
    let tall = list.height >= options.len() as u16 * 3;
    let height = if tall { 3 } else { 1 };
    let rows = Layout::vertical(vec![Constraint::Length(height); options.len()]).split(list);
    for (row, (n, (title, agency))) in rows.iter().zip(options) {
        // The box's borders, the key and the spaces around it take 6 columns.
        let width = row.width.saturating_sub(if tall { 6 } else { 4 }) as usize;
        let label = name_with_agency(
            &for_display(title),
            agency.map(for_display).as_deref(),
            width,
        );
        numbered_box(canvas, *row, (*n, &label), tall);
    }
}

/// One entry, shortened or in full, with its related entries as options
/// from 3 (drawn by [`super::answer`]).
fn answer(
    app: &App,
    canvas: &mut Canvas,
    area: Rect,
    id: &str,
    (scroll, feedback, detail): (u16, Option<bool>, Detail),
) {
    let related: Vec<String> = app
        .related_shown(id)
        .into_iter()
        .map(str::to_string)
        .collect();
    let buttons = titled_buttons(app, &related, 3);
    super::answer::draw(app, canvas, area, id, (scroll, feedback, detail), &buttons);
}
