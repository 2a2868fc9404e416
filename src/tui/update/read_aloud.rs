//! The read-aloud part of `update`: the Listen option pressed, the engine's
//! reports, and speech that stops when what is on screen changes (a new
//! screen, a new question, the idle reset, the other language) — or, in
//! auto mode, moves on to the new screen.

use super::{Effect, Event};
use crate::config::Mode;
use crate::log::LogEvent;
use crate::tui::app::App;
use crate::tui::say::{self, Subject};

/// Starts saying the screen, or stops if it is being said.
pub fn toggle(app: &mut App) -> Vec<Effect> {
    if app.speech.speaking.take().is_some() {
        return vec![Effect::StopSpeech];
    }
    if !app.speech.available {
        return Vec::new();
    }
    speak(app).into_iter().collect()
}

fn speak(app: &mut App) -> Option<Effect> {
    let utterance = say::utterance(app)?;
    app.speech.seq += 1;
    app.speech.speaking = Some(app.speech.seq);
    Some(Effect::Speak {
        seq: app.speech.seq,
        utterance,
    })
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
    /// The event came from the citizen (or answers their question), so
    /// auto mode may speak; the idle reset never does.
    by_citizen: bool,
}

impl Watch {
    /// `None` when nothing is said and nothing would be said by itself.
    pub fn new(app: &App, event: &Event) -> Option<Self> {
        let auto = app.speech.auto && app.speech.available && app.mode == Mode::Kiosk;
        (app.speech.speaking.is_some() || auto).then(|| Self {
            before: say::subject(app),
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
    /// new screen instead.
    pub fn done(self, app: &mut App) -> Vec<Effect> {
        if say::subject(app) == self.before {
            return Vec::new();
        }
        if self.by_citizen {
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
