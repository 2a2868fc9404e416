//! What each screen says when read aloud — the state in, an [`Utterance`]
//! out, no I/O — and the read-aloud state the app keeps. Every kiosk
//! reading says the screen, then its options from [`options`] (the same
//! list the screen draws and the keys choose from), then how to choose;
//! the clerk screen says the selected entry.

use super::app::{App, Screen};
use super::options::{self, Action, Choice, Place};
use crate::config::Mode;
use crate::lang::Lang;
use crate::layout::{layout, Detail};
use crate::speech::{Tuning, Utterance};
use crate::strings::strings;

/// Read-aloud state; only `update` changes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadAloud {
    /// The engine passed its start-up test: the Listen option is offered.
    pub available: bool,
    /// Say each new screen without a key press (`speech.auto`, kiosk only).
    pub auto: bool,
    /// Greet the first key press of a session (`speech.welcome`).
    pub welcome: bool,
    /// The number of the utterance being said.
    pub speaking: Option<u64>,
    /// Numbers utterances, so a late report of an old one is ignored.
    pub seq: u64,
    /// This session's speed and volume.
    pub tuning: Tuning,
    /// This session has been greeted.
    pub welcomed: bool,
    /// This session has heard the kiosk speak (so the idle warning is said).
    pub heard: bool,
    /// This session asked for a reading (`*`): new screens are read by
    /// themselves until `*` stops one.
    pub following: bool,
}

impl ReadAloud {
    /// The next person starts with the configured voice and a greeting.
    pub fn forget_session(&mut self) {
        self.tuning = Tuning::default();
        self.welcomed = false;
        self.heard = false;
        self.following = false;
    }

    /// The label of the Listen option (the kiosk's `*`, the clerk's F5):
    /// what pressing it does now.
    pub fn listen_label(&self, lang: Lang) -> &'static str {
        let s = strings(lang);
        match self.speaking {
            Some(_) => s.stop_listening,
            None => s.listen,
        }
    }
}

/// What is on screen to be said, leaving out what does not change the
/// words (scrolling, the helpful? answer); an answer shortened or in full
/// are different words. Speech stops when it changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Kiosk(Lang, Screen),
    /// "Are you still there?"
    Warning(Lang),
    /// The clerk's selected entry.
    Clerk(Lang, String),
}

pub fn subject(app: &App) -> Option<Subject> {
    match app.mode {
        Mode::Clerk => {
            let hit = app.clerk.results.get(app.clerk.selected)?;
            Some(Subject::Clerk(app.lang, hit.id.clone()))
        }
        Mode::Kiosk if app.idle_countdown().is_some() => Some(Subject::Warning(app.lang)),
        Mode::Kiosk => match &app.screen {
            Screen::Searching => None,
            Screen::Answer { id, detail, .. } => Some(Subject::Kiosk(
                app.lang,
                Screen::Answer {
                    id: id.clone(),
                    scroll: 0,
                    feedback: None,
                    detail: *detail,
                },
            )),
            screen => Some(Subject::Kiosk(app.lang, screen.clone())),
        },
    }
}

/// Whether Listen is offered (the clerk's F5): the engine works and the
/// screen has something to say.
pub fn offered(app: &App) -> bool {
    app.speech.available && subject(app).is_some()
}

/// What the screen says, in the screen's language: the kiosk's screen and
/// what to press next, the clerk's selected entry in full.
pub fn utterance(app: &App) -> Option<Utterance> {
    let lang = app.lang;
    let s = strings(lang);
    let said = match subject(app)? {
        Subject::Clerk(_, id) => {
            let entry = app.corpus.get(&id)?;
            return Some(Utterance::entry(&layout(entry, lang, Detail::Full), lang));
        }
        // Any key keeps the screen: no "number, then Enter" here.
        Subject::Warning(_) => {
            let seconds = app.idle_countdown().unwrap_or_default();
            let clearing = format!("{} {seconds} {}", s.clearing_in, s.seconds);
            let warning = Utterance::new(lang, [s.still_there, &clearing, s.more_time_question]);
            return Some(warning.then(options_said(app)));
        }
        Subject::Kiosk(_, screen) => understood(app).then(screen_text(app, &screen)?),
    };
    let how = Utterance::new(lang, [s.how_to_choose]);
    Some(said.then(options_said(app)).then(how))
}

/// What the kiosk made of a question typed in English mode or in romanised
/// Korean, said first.
fn understood(app: &App) -> Utterance {
    let s = strings(app.lang);
    let heard = app
        .understood
        .as_ref()
        .filter(|_| !matches!(app.screen, Screen::Home { .. }))
        .map(|hangul| format!("{} {hangul}", s.understood_as));
    Utterance::new(app.lang, heard)
}

/// What a kiosk screen says before its options.
fn screen_text(app: &App, screen: &Screen) -> Option<Utterance> {
    let lang = app.lang;
    let s = strings(lang);
    let hint = match lang {
        Lang::En => app.config.staff_hint.as_str(),
        Lang::Ko => app.config.staff_hint_ko.as_str(),
    };
    let parts: Vec<String> = match screen {
        Screen::Answer { id, detail, .. } => {
            let entry = app.corpus.get(id)?;
            return Some(Utterance::entry(&layout(entry, lang, *detail), lang));
        }
        Screen::Home { .. } => vec![s.greeting.into(), s.how_to_ask.into(), s.or_choose.into()],
        Screen::NoMatch { .. } => vec![s.no_match.into(), hint.into(), s.or_choose.into()],
        Screen::Failed => vec![s.failed.into(), s.or_choose.into()],
        Screen::Choices { .. } => vec![s.did_you_mean.into()],
        Screen::Others { .. } => vec![s.others_heading.into(), hint.into()],
        Screen::Browse { tile, page } => vec![app.browse_heading(*tile, *page)?],
        Screen::Voice { .. } => vec![s.voice_heading.into()],
        Screen::Searching => return None,
    };
    Some(Utterance::new(lang, parts))
}

/// The screen's options in the order they are drawn, the title bar's
/// last, each group under its heading.
fn options_said(app: &App) -> Utterance {
    let lang = app.lang;
    let s = strings(lang);
    let all = options::options(app);
    let groups = [
        (Place::Warning, ""),
        (Place::List, ""),
        (Place::Feedback, s.helpful),
        (Place::More, ""),
        (Place::Related, s.related),
        (Place::Bar, ""),
    ];
    let mut said = Utterance::new(lang, [""; 0]);
    for (place, heading) in groups {
        let group: Vec<(u8, String)> = all
            .iter()
            // Listen is said by the closing hint ("press star to hear
            // this again"): while reading, star stops.
            .filter(|c| c.place == place && c.action != Action::Listen)
            .map(|c| (c.key, spoken_label(c)))
            .collect();
        if !group.is_empty() {
            said = said.then(Utterance::options(lang, [heading], &group));
        }
    }
    said
}

/// An option's label as said: a service's name with its agency.
fn spoken_label(choice: &Choice) -> String {
    match &choice.agency {
        Some(agency) => format!("{}, {agency}", choice.label),
        None => choice.label.clone(),
    }
}
