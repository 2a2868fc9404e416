//! The only code that changes the UI's state: an event in, the state
//! updated, and the effects the event loop must carry out (search, log,
//! slip, speech, quit) handed back. [`read_aloud`] has the speech part.

mod read_aloud;

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{App, Screen, MAX_INPUT, TILES_PER_PAGE};
use crate::answer::{Hit, Outcome};
use crate::config::Mode;
use crate::engine::Reply;
use crate::log::LogEvent;
use crate::sanitize::for_display;
use crate::speech::Utterance;
use crate::strings::strings;
use crate::tui::say::LISTEN;

/// Something that happened: a key, a click on a numbered option, time
/// passing, or the searcher answering.
#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    /// A click or tap on the option with this number.
    Choose(u8),
    /// Mouse wheel: positive is down.
    Scroll(i16),
    Paste(String),
    Tick(Instant),
    /// The engine finished loading.
    Ready,
    /// The engine could not load: the UI cannot answer anything.
    LoadFailed(String),
    /// The answer to search number `seq`.
    Replied {
        seq: u64,
        reply: Reply,
    },
    /// Search number `seq` failed; the UI apologises and goes on.
    QueryFailed {
        seq: u64,
        query: String,
        error: String,
    },
    /// A line for the clerk's status bar (e.g. where a slip went).
    Status(String),
    /// The speech engine's start-up test: `Err` says why speech is off.
    SpeechChecked(Result<(), String>),
    /// Utterance `seq` was said, stopped, or failed (why).
    SpeechEnded {
        seq: u64,
        failure: Option<String>,
    },
}

/// Work for the event loop: the state never does I/O itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Search {
        seq: u64,
        query: String,
        top_k: usize,
    },
    /// A line for the maintainers' log.
    Log(LogEvent),
    Slip {
        id: String,
    },
    /// Say this (stopping whatever is being said).
    Speak {
        seq: u64,
        utterance: Utterance,
    },
    StopSpeech,
    Quit,
}

/// How long the clerk's search waits after the last keystroke.
pub const DEBOUNCE: Duration = Duration::from_millis(120);

pub fn update(app: &mut App, event: Event) -> Vec<Effect> {
    let watch = read_aloud::Watch::new(app, &event);
    let mut effects = handle(app, event);
    if let Some(watch) = watch {
        effects.extend(watch.done(app));
    }
    effects
}

fn handle(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Tick(now) => tick(app, now),
        Event::Ready => {
            app.ready = true;
            Vec::new()
        }
        Event::LoadFailed(message) => {
            app.failed = Some(message);
            Vec::new()
        }
        Event::Replied { seq, reply } => replied(app, seq, reply),
        Event::QueryFailed { seq, query, error } => query_failed(app, seq, query, error),
        Event::Status(text) => {
            app.clerk.status = text;
            Vec::new()
        }
        Event::SpeechChecked(result) => read_aloud::checked(app, result),
        Event::SpeechEnded { seq, failure } => read_aloud::ended(app, seq, failure),
        other => {
            // Any input while "Are you still there?" shows only dismisses it.
            let dismissing = app.idle_countdown().is_some();
            app.last_input = app.now;
            if dismissing {
                return Vec::new();
            }
            match app.mode {
                Mode::Kiosk => kiosk_input(app, other),
                Mode::Clerk => clerk_input(app, other),
            }
        }
    }
}

fn tick(app: &mut App, now: Instant) -> Vec<Effect> {
    app.now = now;
    if app.idle_expired() {
        reset(app);
    }
    if let Some(typed_at) = app.clerk.typed_at {
        if now.saturating_duration_since(typed_at) >= DEBOUNCE {
            app.clerk.typed_at = None;
            return search(app, 10);
        }
    }
    Vec::new()
}

/// Clears everything a citizen typed or saw: the next person starts fresh.
pub fn reset(app: &mut App) {
    app.screen = Screen::Home { page: 0 };
    app.input.clear();
    app.lang = app.config.language;
    app.pin = None;
    app.last_query.clear();
    app.search_seq += 1;
    app.last_input = app.now;
}

fn search(app: &mut App, top_k: usize) -> Vec<Effect> {
    app.search_seq += 1;
    app.last_query = app.input.clone();
    vec![Effect::Search {
        seq: app.search_seq,
        query: app.input.clone(),
        top_k,
    }]
}

fn replied(app: &mut App, seq: u64, reply: Reply) -> Vec<Effect> {
    if seq != app.search_seq {
        return Vec::new();
    }
    let shown: Vec<String> = reply.outcome.shown().iter().map(|h| h.id.clone()).collect();
    let log = Effect::Log(LogEvent::Asked {
        query: reply.query.clone(),
        decision: reply.outcome.decision(),
        shown: shown.clone(),
    });
    if app.mode == Mode::Clerk {
        app.clerk.results = reply.ranked;
        app.clerk.shown = shown;
        app.clerk.selected = 0;
        app.clerk.scroll = 0;
        return vec![log];
    }
    if app.screen != Screen::Searching {
        return Vec::new();
    }
    // The citizen's language wins: a question in Hangul is answered in Korean.
    if let Some(lang) = reply.lang {
        app.lang = lang;
    }
    app.screen = match reply.outcome {
        Outcome::Answer(hit) => Screen::Answer {
            id: hit.id,
            scroll: 0,
            feedback: None,
        },
        Outcome::Choices(hits) => Screen::Choices {
            ids: hits.into_iter().map(|h| h.id).collect(),
        },
        Outcome::NoMatch => Screen::NoMatch { page: 0 },
    };
    vec![log]
}

fn query_failed(app: &mut App, seq: u64, query: String, error: String) -> Vec<Effect> {
    if seq != app.search_seq {
        return Vec::new();
    }
    match app.mode {
        Mode::Clerk => app.clerk.status = strings(app.lang).failed.to_string(),
        Mode::Kiosk if app.screen == Screen::Searching => app.screen = Screen::Failed,
        Mode::Kiosk => {}
    }
    vec![Effect::Log(LogEvent::Failed { query, error })]
}

fn is_ctrl(key: &KeyEvent) -> bool {
    key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn push_input(app: &mut App, text: &str) {
    let clean = for_display(text);
    let room = MAX_INPUT.saturating_sub(app.input.chars().count());
    app.input.extend(clean.chars().take(room));
}

fn kiosk_input(app: &mut App, event: Event) -> Vec<Effect> {
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
        Event::Key(key) if key.kind != KeyEventKind::Release => kiosk_key(app, key),
        _ => Vec::new(),
    }
}

fn kiosk_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
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
                    return vec![Effect::Quit];
                }
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
        KeyCode::F(12) if !app.config.staff_pin.is_empty() => {
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
    app.screen = Screen::Answer {
        id: id.clone(),
        scroll: 0,
        feedback: None,
    };
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
            id,
            feedback: None,
            scroll,
        } if n == 1 || n == 2 => {
            let helpful = n == 1;
            app.screen = Screen::Answer {
                id: id.clone(),
                scroll,
                feedback: Some(helpful),
            };
            return vec![Effect::Log(LogEvent::Helpful { id, helpful })];
        }
        _ => {}
    }
    Vec::new()
}

fn clerk_input(app: &mut App, event: Event) -> Vec<Effect> {
    let typed = |app: &mut App| app.clerk.typed_at = Some(app.now);
    match event {
        Event::Paste(text) => {
            push_input(app, &text);
            typed(app);
        }
        Event::Scroll(lines) => {
            app.clerk.scroll = app.clerk.scroll.saturating_add_signed(lines);
        }
        Event::Choose(n) => {
            let n = n as usize;
            if (1..=app.clerk.results.len()).contains(&n) {
                app.clerk.selected = n - 1;
                app.clerk.scroll = 0;
            }
        }
        Event::Key(key) if key.kind != KeyEventKind::Release => return clerk_key(app, key),
        _ => {}
    }
    Vec::new()
}

fn clerk_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let selected_id = app
        .clerk
        .results
        .get(app.clerk.selected)
        .map(|h| h.id.clone());
    match key.code {
        KeyCode::Char('c' | 'q') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            return vec![Effect::Quit];
        }
        KeyCode::Esc if app.input.is_empty() => return vec![Effect::Quit],
        KeyCode::Esc => {
            app.input.clear();
            app.clerk = Default::default();
        }
        KeyCode::Char(c) if !is_ctrl(&key) => {
            push_input(app, &c.to_string());
            app.clerk.typed_at = Some(app.now);
        }
        KeyCode::Backspace => {
            app.input.pop();
            app.clerk.typed_at = Some(app.now);
        }
        KeyCode::Enter => {
            app.clerk.typed_at = None;
            return search(app, 10);
        }
        KeyCode::Down if app.clerk.selected + 1 < app.clerk.results.len() => {
            app.clerk.selected += 1;
            app.clerk.scroll = 0;
        }
        KeyCode::Up => {
            app.clerk.selected = app.clerk.selected.saturating_sub(1);
            app.clerk.scroll = 0;
        }
        KeyCode::PageDown => app.clerk.scroll = app.clerk.scroll.saturating_add(10),
        KeyCode::PageUp => app.clerk.scroll = app.clerk.scroll.saturating_sub(10),
        KeyCode::F(2) => app.lang = app.lang.other(),
        KeyCode::F(3) => {
            // Jump: the selected entry's related services become the list.
            if let Some(entry) = selected_id.as_deref().and_then(|id| app.corpus.get(id)) {
                app.clerk.results = entry
                    .related()
                    .iter()
                    .map(|id| Hit {
                        id: id.clone(),
                        score: 0.0,
                    })
                    .collect();
                app.clerk.shown.clear();
                app.clerk.status = format!("{} {}", strings(app.lang).related_to, entry.id());
                app.clerk.selected = 0;
                app.clerk.scroll = 0;
            }
        }
        KeyCode::F(4) => {
            if let Some(id) = selected_id {
                return vec![Effect::Slip { id }];
            }
        }
        KeyCode::F(5) => return read_aloud::toggle(app),
        _ => {}
    }
    Vec::new()
}
