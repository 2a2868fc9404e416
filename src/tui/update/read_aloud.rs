//! The read-aloud part of `update`: the Listen option pressed, the voice
//! settings, the welcome and the spoken idle warning, the engine's
//! reports, and speech that stops when what is on screen changes (a new
//! screen, a new question, the idle reset, the other language) — or, in
//! auto mode, moves on to the new screen.

use crossterm::event::KeyCode;

use super::{Effect, Event};
use crate::config::Mode;
use crate::log::LogEvent;
use crate::speech::Utterance;
use crate::strings::strings;
use crate::tui::app::App;
use crate::tui::options::Action;
use crate::tui::say::{self, Subject};

/// Starts saying the screen, or stops if it is being said.
/// Once a person has asked for a screen to be read, each new screen of
/// their visit is read by itself, until they stop it with the same key.
pub fn toggle(app: &mut App) -> Vec<Effect> {
    if app.speech.speaking.take().is_some() {
        app.speech.following = false;
        return vec![Effect::StopSpeech];
    }
    if !app.speech.available {
        return Vec::new();
    }
    app.speech.following = app.mode == Mode::Kiosk;
    speak(app).into_iter().collect()
}

fn speak(app: &mut App) -> Option<Effect> {
    let utterance = say::utterance(app)?;
    Some(say_this(app, utterance))
}

fn say_this(app: &mut App, utterance: Utterance) -> Effect {
    app.speech.seq += 1;
    app.speech.speaking = Some(app.speech.seq);
    app.speech.heard = true;
    Effect::Speak {
        seq: app.speech.seq,
        utterance,
        tuning: app.speech.tuning,
    }
}

/// The first key of a session at the kiosk (but the Listen key, which
/// reads the screen itself) is greeted aloud: what the kiosk is and how to
/// hear it.
pub fn welcome(app: &mut App, event: &Event) -> Vec<Effect> {
    let first_key = matches!(event, Event::Key(key) if key.code != KeyCode::Char('*'))
        || matches!(event, Event::Choose(key) if *key != crate::tui::options::LISTEN);
    let greet = app.mode == Mode::Kiosk
        && app.speech.available
        && app.speech.welcome
        && !app.speech.welcomed
        && app.speech.speaking.is_none()
        && first_key;
    if !greet {
        return Vec::new();
    }
    app.speech.welcomed = true;
    let s = strings(app.lang);
    let welcome = Utterance::new(app.lang, [s.welcome, s.how_to_ask]);
    vec![say_this(app, welcome)]
}

/// "Are you still there?" has just shown: said aloud with the way to keep
/// the screen, when this session has heard the kiosk speak.
pub fn warn(app: &mut App) -> Vec<Effect> {
    if !(app.speech.available && app.speech.heard) {
        return Vec::new();
    }
    say::utterance(app)
        .map(|warning| say_this(app, warning))
        .into_iter()
        .collect()
}

/// Slower, faster, louder or softer by one step, said back at the new
/// speed and volume (or that it goes no further).
pub fn tune(app: &mut App, action: &Action) -> Vec<Effect> {
    let tuning = &mut app.speech.tuning;
    let changed = match action {
        Action::Slower => tuning.change_rate(-1),
        Action::Faster => tuning.change_rate(1),
        Action::Louder => tuning.change_volume(1),
        Action::Softer => tuning.change_volume(-1),
        _ => return Vec::new(),
    };
    if !app.speech.available {
        return Vec::new();
    }
    let s = strings(app.lang);
    let said = match changed {
        true => s.voice_changed,
        false => s.voice_at_limit,
    };
    vec![say_this(app, Utterance::new(app.lang, [said]))]
}

/// The start-up test's verdict; why speech is off goes to the log.
pub fn checked(app: &mut App, result: Result<(), String>) -> Vec<Effect> {
    app.speech.available = result.is_ok();
    match result {
        Ok(()) => Vec::new(),
        Err(reason) => vec![Effect::Log(LogEvent::SpeechOff { reason })],
    }
}

/// An utterance ended; a failed engine is not offered again.
pub fn ended(app: &mut App, seq: u64, failure: Option<String>) -> Vec<Effect> {
    if app.speech.speaking == Some(seq) {
        app.speech.speaking = None;
    }
    match failure {
        None => Vec::new(),
        Some(reason) => {
            app.speech.available = false;
            app.speech.speaking = None;
            vec![Effect::Log(LogEvent::SpeechOff { reason })]
        }
    }
}

/// What was on screen before an event, when speech has to follow it.
pub struct Watch {
    before: Option<Subject>,
    /// The utterance being said before the event.
    speaking: Option<u64>,
    /// The event came from the citizen (or answers their question), so
    /// auto mode may speak; the idle reset never does.
    by_citizen: bool,
}

impl Watch {
    /// `None` when nothing is said and nothing would be said by itself.
    pub fn new(app: &App, event: &Event) -> Option<Self> {
        let auto = (app.speech.auto || app.speech.following)
            && app.speech.available
            && app.mode == Mode::Kiosk;
        (app.speech.speaking.is_some() || auto).then(|| Self {
            before: say::subject(app),
            speaking: app.speech.speaking,
            by_citizen: auto
                && matches!(
                    event,
                    Event::Key(_)
                        | Event::Choose(_)
                        | Event::Paste(_)
                        | Event::Replied { .. }
                        | Event::QueryFailed { .. }
                ),
        })
    }

    /// Stops speech that no longer fits the screen; in auto mode, says the
    /// new screen instead. What the event itself began saying (a welcome,
    /// the warning, a voice setting said back) is left alone.
    pub fn done(self, app: &mut App) -> Vec<Effect> {
        let started_now = app.speech.speaking.is_some() && app.speech.speaking != self.speaking;
        if say::subject(app) == self.before || started_now {
            return Vec::new();
        }
        // Back from "are you still there?" the screen is not read again.
        let warned = matches!(self.before, Some(Subject::Warning(_)));
        if self.by_citizen && !warned {
            if let Some(speak) = speak(app) {
                return vec![speak];
            }
        }
        match app.speech.speaking.take() {
            Some(_) => vec![Effect::StopSpeech],
            None => Vec::new(),
        }
    }
}
