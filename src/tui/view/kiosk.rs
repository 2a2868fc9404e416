//! The kiosk's screens: home with topic tiles, the answer, "did you mean",
//! a topic's services, no match, and the apology when something broke.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Canvas;
use super::{
    button_width, fit, flow_buttons, flow_height, input_line, name_with_agency, numbered_box,
    preparing, spinner, waiting,
};
use crate::lang::Lang;
use crate::layout::Detail;
use crate::sanitize::for_display;
use crate::strings::strings;
use crate::tui::app::{App, Screen};
use crate::tui::options::{options, Action, Choice, Place};

pub fn draw(app: &App, canvas: &mut Canvas, area: Rect) {
    let s = strings(app.lang);
    let options = options(app);
    let on =
        |place: Place| -> Vec<&Choice> { options.iter().filter(|c| c.place == place).collect() };
    // At half size (50×15 for 100×30) the title bar's buttons move to a
    // row of their own and the input loses its frame.
    let bar: Vec<(u8, String)> = on(Place::Bar)
        .iter()
        .map(|c| (c.key, c.label.clone()))
        .collect();
    let bar_width: u16 = bar.iter().map(|(_, l)| button_width(l)).sum();
    let title_width = s.app_title.width() as u16 + 1;
    let bar_rows = match title_width + bar_width <= area.width {
        true => 0,
        false => flow_height(area.width, &bar),
    };
    let input_rows = if area.height >= 20 { 3 } else { 1 };
    let [top, bar_area, input, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(bar_rows),
        Constraint::Length(input_rows),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let (title_area, buttons_area) = match bar_rows {
        0 => {
            let [title, buttons] =
                Layout::horizontal([Constraint::Min(1), Constraint::Length(bar_width)]).areas(top);
            (title, buttons)
        }
        _ => (top, bar_area),
    };
    canvas.frame.render_widget(
        Paragraph::new(Span::styled(
            fit(s.app_title, title_area.width as usize),
            canvas.theme.title(),
        )),
        title_area,
    );
    flow_buttons(canvas, buttons_area, &bar);

    let list = on(Place::List);
    match &app.screen {
        Screen::Home { .. } => home(app, canvas, body, &list, None),
        Screen::NoMatch { .. } => {
            let message = vec![
                Line::styled(s.no_match, canvas.theme.title()),
                Line::raw(for_display(staff_hint(app))),
            ];
            home(app, canvas, body, &list, Some(message))
        }
        Screen::Failed => {
            let message = vec![Line::styled(s.failed, canvas.theme.title())];
            home(app, canvas, body, &list, Some(message))
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
        } => answer(
            app,
            canvas,
            body,
            id,
            (*scroll, *feedback, *detail),
            &options,
        ),
        Screen::Choices { .. } => option_list(canvas, body, &[s.did_you_mean], &list),
        Screen::Others { .. } => {
            option_list(canvas, body, &[s.others_heading, staff_hint(app)], &list)
        }
        Screen::Voice { .. } => option_list(canvas, body, &[s.voice_heading], &list),
        Screen::Browse { tile, page } => {
            let heading = app.browse_heading(*tile, *page).unwrap_or_default();
            option_list(canvas, body, &[&for_display(&heading)], &list);
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
            let asked = for_display(&app.last_query);
            match &app.understood {
                Some(hangul) => format!(
                    "{} {asked} → {} {}",
                    s.you_asked,
                    for_display(hangul),
                    s.read_as_hangul
                ),
                None => format!("{} {asked}", s.you_asked),
            }
        }
        None => String::new(),
    };
    canvas.frame.render_widget(
        Paragraph::new(fit(&status, footer.width as usize)).style(canvas.theme.dim()),
        footer,
    );
}

/// Where to find a person, in the screen's language.
fn staff_hint(app: &App) -> &str {
    match app.lang {
        Lang::En => &app.config.staff_hint,
        Lang::Ko => &app.config.staff_hint_ko,
    }
}

/// Options as flowing buttons: their keys and labels.
fn buttons(options: &[&Choice]) -> Vec<(u8, String)> {
    options.iter().map(|c| (c.key, c.label.clone())).collect()
}

/// Greeting (or a message such as no match) and a page of topic tiles.
fn home(app: &App, canvas: &mut Canvas, area: Rect, tiles: &[&Choice], message: Option<Vec<Line>>) {
    let s = strings(app.lang);
    let mut head = message.unwrap_or_else(|| vec![Line::styled(s.greeting, canvas.theme.title())]);
    head.push(Line::raw(s.or_choose));
    let head_height =
        (head.len() as u16).min(area.height.saturating_sub(tiles.len().div_ceil(2) as u16));
    let [head_area, tiles_area] =
        Layout::vertical([Constraint::Length(head_height), Constraint::Min(0)]).areas(area);
    canvas
        .frame
        .render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), head_area);

    let rows = tiles.len().div_ceil(2) as u16;
    let tall = tiles_area.height >= rows * 3;
    let row_height = if tall { 3 } else { 1 };
    let grid =
        Layout::vertical(vec![Constraint::Length(row_height); rows as usize]).split(tiles_area);
    for (row, pair) in grid.iter().zip(tiles.chunks(2)) {
        let cells =
            Layout::horizontal([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)]).split(*row);
        for (cell, choice) in cells.iter().zip(pair) {
            let label = match choice.action {
                Action::MoreTopics => format!("{} ▸", choice.label),
                _ => choice.label.clone(),
            };
            numbered_box(canvas, *cell, (choice.key, &label), tall);
        }
    }
}

/// Headings and one large numbered option per row, each name fitted to
/// the row with its agency whole.
fn option_list(canvas: &mut Canvas, area: Rect, heading: &[&str], options: &[&Choice]) {
    let head_lines: Vec<Line> = heading
        .iter()
        .enumerate()
        .map(|(i, h)| match i {
            0 => Line::styled(h.to_string(), canvas.theme.title()),
            _ => Line::raw(h.to_string()),
        })
        .collect();
    let head_height =
        (head_lines.len() as u16 + 1).min(area.height.saturating_sub(options.len() as u16));
    let [head, list] =
        Layout::vertical([Constraint::Length(head_height), Constraint::Min(0)]).areas(area);
    canvas
        .frame
        .render_widget(Paragraph::new(head_lines).wrap(Wrap { trim: true }), head);
    let tall = list.height >= options.len() as u16 * 3;
    let height = if tall { 3 } else { 1 };
    let rows = Layout::vertical(vec![Constraint::Length(height); options.len()]).split(list);
    for (row, choice) in rows.iter().zip(options) {
        // The box's borders, the key and the spaces around it take 6 columns.
        let width = row.width.saturating_sub(if tall { 6 } else { 4 }) as usize;
        let label = name_with_agency(&choice.label, choice.agency.as_deref(), width);
        numbered_box(canvas, *row, (choice.key, &label), tall);
    }
}

/// One entry, shortened or in full, with its options below: "full
/// details" while shortened, "helpful?" and related entries (drawn by
/// [`super::answer`]).
fn answer(
    app: &App,
    canvas: &mut Canvas,
    area: Rect,
    id: &str,
    (scroll, feedback, detail): (u16, Option<bool>, Detail),
    options: &[Choice],
) {
    let on =
        |place: Place| -> Vec<&Choice> { options.iter().filter(|c| c.place == place).collect() };
    let options = super::answer::Options {
        more: buttons(&on(Place::More)),
        feedback: buttons(&on(Place::Feedback)),
        related: buttons(&on(Place::Related)),
    };
    super::answer::draw(app, canvas, area, id, (scroll, feedback, detail), &options);
}
