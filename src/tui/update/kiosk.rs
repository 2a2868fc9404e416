//! The kiosk's input: numbered options (a number and Enter, a tap, or the
//! keypad's `*` and `#`), typing a question, scrolling an answer, the
//! staff PIN. What a number means comes from [`options`] alone.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::{is_ctrl, push_input, read_aloud, reset, search, Effect, Event};
use crate::layout::Detail;
use crate::log::LogEvent;
use crate::tui::app::{App, Screen, TILES_PER_PAGE};
use crate::tui::options::{self, Action, Key, LISTEN, VOICE};

/// Results asked for a kiosk question: the outcome shows up to 3, the
/// rest wait in case the answer was not what the citizen needed.
pub const TOP_K: usize = 8;

pub fn input(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Choose(key) => choose(app, key),
        Event::Scroll(lines) => {
            scroll(app, lines);
            Vec::new()
        }
        Event::Paste(text) => {
            push_input(app, &text);
            Vec::new()
        }
        Event::Key(key) if key.kind != KeyEventKind::Release => on_key(app, key),
        _ => Vec::new(),
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if app.pin.is_some() {
        return pin_key(app, key);
    }
    // q, Esc, Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys (raw mode) and do nothing.
    if is_ctrl(&key) {
        return Vec::new();
    }
    match key.code {
        KeyCode::F(12) if !app.config.staff_pin.is_empty() && app.pin_guard.open(app.now) => {
            app.pin = Some(String::new());
            Vec::new()
        }
        KeyCode::Char('*') | KeyCode::F(5) => choose(app, LISTEN),
        KeyCode::Char('#') => choose(app, VOICE),
        // Digits are typed like any letter: "65세 어르신" is a question, and
        // a number alone chooses its option when Enter is pressed.
        KeyCode::Char(c) => {
            push_input(app, &c.to_string());
            Vec::new()
        }
        KeyCode::Backspace => {
            app.input.pop();
            Vec::new()
        }
        KeyCode::Enter => enter(app),
        KeyCode::Down => scrolled(app, 1),
        KeyCode::Up => scrolled(app, -1),
        KeyCode::PageDown => scrolled(app, 10),
        KeyCode::PageUp => scrolled(app, -10),
        _ => Vec::new(),
    }
}

fn pin_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(pin) = &mut app.pin else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Char(c) if c.is_ascii_digit() && pin.len() < 12 => pin.push(c),
        KeyCode::Backspace => {
            pin.pop();
        }
        KeyCode::Enter => {
            let right = !app.config.staff_pin.is_empty() && *pin == app.config.staff_pin;
            app.pin = None;
            if right {
                app.pin_guard.passed();
                return vec![Effect::Quit];
            }
            let tries = app.pin_guard.failed(app.now);
            return vec![Effect::Log(LogEvent::WrongPin { tries })];
        }
        _ => app.pin = None,
    }
    Vec::new()
}

/// Enter: a number alone that the screen offers chooses it; anything
/// else is a question.
fn enter(app: &mut App) -> Vec<Effect> {
    let typed = app.input.trim();
    if typed.is_empty() {
        return Vec::new();
    }
    if let Some(key) = lone_number(typed).filter(|&k| options::chosen(app, k).is_some()) {
        app.input.clear();
        return choose(app, key);
    }
    app.screen = Screen::Searching;
    let effects = search(app, TOP_K);
    // The question moves to "You asked"; the input is free for the next one.
    app.input.clear();
    effects
}

/// `"3"`, `"03"`, `"３"`: the number of an option, if that is all there is.
fn lone_number(typed: &str) -> Option<Key> {
    let digits: String = typed
        .chars()
        .map(|c| c.to_digit(10).map(|d| char::from(b'0' + d as u8)))
        .collect::<Option<String>>()?;
    digits.parse::<u8>().ok().filter(|_| digits.len() <= 2)
}

fn scrolled(app: &mut App, lines: i16) -> Vec<Effect> {
    scroll(app, lines);
    Vec::new()
}

fn scroll(app: &mut App, lines: i16) {
    if let Screen::Answer { scroll, .. } = &mut app.screen {
        *scroll = scroll.saturating_add_signed(lines).min(500);
    }
}

fn open_answer(app: &mut App, id: String) -> Vec<Effect> {
    app.screen = Screen::answer(id.clone());
    vec![Effect::Log(LogEvent::Chosen { id })]
}

/// An option, by its key or a tap: whatever [`options`] says it does.
fn choose(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(action) = options::chosen(app, key) else {
        return Vec::new();
    };
    match action {
        Action::Listen => return read_aloud::toggle(app),
        Action::Voice => {
            let back = Box::new(app.screen.clone());
            app.screen = Screen::Voice { back };
        }
        Action::Language => app.lang = app.lang.other(),
        Action::Home => reset(app),
        Action::Topic(tile) => {
            // Browsed, not asked: "not what I needed" has no next best.
            app.alternatives.clear();
            app.screen = Screen::Browse { tile, page: 0 };
        }
        Action::MoreServices => {
            if let Screen::Browse { tile, page } = app.screen {
                let next = (page + 1) % app.service_pages(tile);
                app.screen = Screen::Browse { tile, page: next };
            }
        }
        Action::MoreTopics => {
            let next = |page: usize| (page + 1) % app.page_count();
            app.screen = match app.screen {
                Screen::NoMatch { page } => Screen::NoMatch { page: next(page) },
                Screen::Home { page } => Screen::Home { page: next(page) },
                _ => Screen::Home { page: 0 },
            };
        }
        Action::Open(id) => return open_answer(app, id),
        Action::NoneOfThese => app.screen = Screen::NoMatch { page: 0 },
        Action::ShowAll => {
            if let Screen::Answer { detail, .. } = &mut app.screen {
                *detail = Detail::Full;
            }
        }
        Action::Helpful(helpful) => return rated(app, helpful),
        // Any key ends the warning; the option says so out loud.
        Action::MoreTime => {}
        Action::Slower | Action::Faster | Action::Louder | Action::Softer => {
            return read_aloud::tune(app, &action)
        }
        Action::Back => {
            if let Screen::Voice { back } = &app.screen {
                app.screen = (**back).clone();
            }
        }
    }
    Vec::new()
}

/// "Was this what you needed?": yes thanks; no offers the next best
/// services (or, with none, the no-match screen and its pointer to staff).
fn rated(app: &mut App, helpful: bool) -> Vec<Effect> {
    let Screen::Answer { id, feedback, .. } = &mut app.screen else {
        return Vec::new();
    };
    *feedback = Some(helpful);
    let id = id.clone();
    if !helpful {
        let ids: Vec<String> = app
            .alternatives
            .iter()
            .filter(|other| **other != id)
            .take(TILES_PER_PAGE)
            .cloned()
            .collect();
        app.screen = match ids.is_empty() {
            true => Screen::NoMatch { page: 0 },
            false => Screen::Others { ids },
        };
    }
    vec![Effect::Log(LogEvent::Helpful { id, helpful })]
}
