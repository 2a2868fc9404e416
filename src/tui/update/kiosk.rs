//! The kiosk's input: numbered options (keys or taps), typing a question,
//! scrolling an answer, the staff PIN.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::{is_ctrl, push_input, read_aloud, reset, search, Effect, Event};
use crate::layout::Detail;
use crate::log::LogEvent;
use crate::tui::app::{App, Screen, TILES_PER_PAGE};
use crate::tui::say::LISTEN;

pub fn input(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Choose(n) => choose(app, n),
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
    if let Some(pin) = &mut app.pin {
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
        return Vec::new();
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
        KeyCode::Char(c) if c.is_ascii_digit() && app.input.is_empty() => {
            choose(app, c as u8 - b'0')
        }
        KeyCode::Char(c) => {
            push_input(app, &c.to_string());
            Vec::new()
        }
        KeyCode::Backspace => {
            app.input.pop();
            Vec::new()
        }
        KeyCode::Enter if !app.input.trim().is_empty() => {
            app.screen = Screen::Searching;
            let effects = search(app, 3);
            // The question moves to "You asked"; numbers choose options again.
            app.input.clear();
            effects
        }
        KeyCode::Down => {
            scroll(app, 1);
            Vec::new()
        }
        KeyCode::Up => {
            scroll(app, -1);
            Vec::new()
        }
        KeyCode::PageDown => {
            scroll(app, 10);
            Vec::new()
        }
        KeyCode::PageUp => {
            scroll(app, -10);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn scroll(app: &mut App, lines: i16) {
    if let Screen::Answer { scroll, .. } = &mut app.screen {
        *scroll = scroll.saturating_add_signed(lines).min(500);
    }
}

fn open_answer(app: &mut App, id: &str) -> Vec<Effect> {
    let id = id.to_string();
    app.screen = Screen::answer(id.clone());
    vec![Effect::Log(LogEvent::Chosen { id })]
}

/// A numbered option, by key or by click.
fn choose(app: &mut App, n: u8) -> Vec<Effect> {
    match n {
        9 => {
            app.lang = app.lang.other();
            return Vec::new();
        }
        0 => {
            reset(app);
            return Vec::new();
        }
        LISTEN => return read_aloud::toggle(app),
        _ => {}
    }
    if Some(n) == app.show_all_option() {
        if let Screen::Answer { detail, .. } = &mut app.screen {
            *detail = Detail::Full;
        }
        return Vec::new();
    }
    if let Some(id) = app.entry_on_screen(n).map(str::to_string) {
        return open_answer(app, &id);
    }
    match app.screen.clone() {
        Screen::Home { page } | Screen::NoMatch { page } => {
            let more = app.page_count() > 1 && n as usize == TILES_PER_PAGE + 1;
            let tile = page * TILES_PER_PAGE + n as usize - 1;
            if more {
                let next = (page + 1) % app.page_count();
                app.screen = match app.screen {
                    Screen::NoMatch { .. } => Screen::NoMatch { page: next },
                    _ => Screen::Home { page: next },
                };
            } else if (n as usize) <= TILES_PER_PAGE && tile < app.tiles.len() {
                app.screen = Screen::Browse { tile };
            }
        }
        Screen::Choices { ids } if n as usize == ids.len() + 1 => {
            app.screen = Screen::NoMatch { page: 0 };
        }
        Screen::Answer {
            id, feedback: None, ..
        } if n == 1 || n == 2 => {
            let helpful = n == 1;
            if let Screen::Answer { feedback, .. } = &mut app.screen {
                *feedback = Some(helpful);
            }
            return vec![Effect::Log(LogEvent::Helpful { id, helpful })];
        }
        _ => {}
    }
    Vec::new()
}
