//! The only code that changes the UI's state: an event in, the state
//! updated, and the effects the event loop must carry out (search, log,
//! slip, speech, quit) handed back. [`kiosk`] and [`clerk`] take each
//! mode's input, [`read_aloud`] has the speech part.

mod clerk;
mod kiosk;
mod read_aloud;

use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, KeyModifiers};

use super::app::{App, Building, Screen, MAX_INPUT};
use crate::answer::Outcome;
use crate::config::Mode;
use crate::engine::{Loading, Reply};
use crate::log::LogEvent;
use crate::sanitize::for_display;
use crate::speech::{Tuning, Utterance};
use crate::strings::strings;

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
    /// How far the engine has got while it loads (building its index).
    Loading(Loading),
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
    /// Say this (stopping whatever is being said), at the session's speed
    /// and volume.
    Speak {
        seq: u64,
        utterance: Utterance,
        tuning: Tuning,
    },
    StopSpeech,
    Quit,
}

/// How long the clerk's search waits after the last keystroke.
pub const DEBOUNCE: Duration = Duration::from_millis(120);

pub fn update(app: &mut App, event: Event) -> Vec<Effect> {
    let watch = read_aloud::Watch::new(app, &event);
    let mut effects = read_aloud::welcome(app, &event);
    effects.extend(handle(app, event));
    if let Some(watch) = watch {
        effects.extend(watch.done(app));
    }
    effects
}

fn handle(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Tick(now) => tick(app, now),
        Event::Loading(loading) => {
            app.building = Some(match loading {
                Loading::Building { .. } => Building::default(),
                Loading::Embedded { done, total } => Building { done, total },
            });
            Vec::new()
        }
        Event::Ready => {
            app.ready = true;
            app.building = None;
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
                Mode::Kiosk => kiosk::input(app, other),
                Mode::Clerk => clerk::input(app, other),
            }
        }
    }
}

fn tick(app: &mut App, now: Instant) -> Vec<Effect> {
    let warned = app.idle_countdown().is_some();
    app.now = now;
    // The idle clock stands still while the kiosk reads aloud: a long
    // answer is heard to its end.
    if app.speech.speaking.is_some() && !warned {
        app.last_input = now;
    }
    if app.idle_expired() {
        reset(app);
        // The next person: the configured voice and a new welcome.
        app.speech.forget_session();
    }
    if !warned && app.idle_countdown().is_some() {
        return read_aloud::warn(app);
    }
    if let Some(typed_at) = app.clerk.typed_at {
        if now.saturating_duration_since(typed_at) >= DEBOUNCE {
            app.clerk.typed_at = None;
            return clerk::search(app);
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
    app.understood = None;
    app.alternatives.clear();
    app.search_seq += 1;
    app.last_input = app.now;
}

pub(super) fn search(app: &mut App, top_k: usize) -> Vec<Effect> {
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
    app.alternatives = reply.ranked.iter().map(|h| h.id.clone()).collect();
    app.understood = reply.understood.clone();
    let log = Effect::Log(LogEvent::Asked {
        query: reply.query.clone(),
        decision: reply.outcome.decision(),
        shown: shown.clone(),
    });
    if app.mode == Mode::Clerk {
        clerk::show(app, reply.ranked, shown);
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
        Outcome::Answer(hit) => Screen::answer(hit.id),
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

pub(super) fn is_ctrl(key: &KeyEvent) -> bool {
    key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

pub(super) fn push_input(app: &mut App, text: &str) {
    let clean = for_display(text);
    let room = MAX_INPUT.saturating_sub(app.input.chars().count());
    app.input.extend(clean.chars().take(room));
}
