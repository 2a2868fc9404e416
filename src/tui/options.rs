//! The kiosk's numbered options: one list per screen, built from the state,
//! that the view draws, speech reads and the keys and taps choose from, so
//! a number always means the same thing on screen, aloud and under a key.

use crate::config::Mode;
use crate::lang::Lang;
use crate::layout::{layout, Detail};
use crate::sanitize::for_display;
use crate::strings::strings;
use crate::tui::app::{App, Screen, TILES_PER_PAGE};

/// What chooses an option: its number (typed then Enter, or tapped), or one
/// of the keypad's own keys, [`LISTEN`] and [`VOICE`].
pub type Key = u8;

/// Read the screen aloud (or stop): the keypad's `*`.
pub const LISTEN: Key = b'*';
/// The voice settings (slower, faster, louder, softer): the keypad's `#`.
pub const VOICE: Key = b'#';
/// Start again, on every screen but the first.
pub const HOME: Key = 0;
/// The other language.
pub const LANGUAGE: Key = 9;
/// Options a screen numbers itself run from 1 to this (0 and 9 are taken).
pub const LAST_NUMBER: Key = 8;

/// What choosing an option does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Listen,
    Voice,
    Language,
    Home,
    /// Browse the services under a topic tile.
    Topic(usize),
    /// The next page of topic tiles.
    MoreTopics,
    /// The next page of a topic's services.
    MoreServices,
    /// Show this entry.
    Open(String),
    /// None of the choices fits: say so and point to staff.
    NoneOfThese,
    /// The whole of a shortened answer.
    ShowAll,
    /// "Was this what you needed?"
    Helpful(bool),
    /// "Are you still there?" answered: keep the screen.
    MoreTime,
    Slower,
    Faster,
    Louder,
    Softer,
    /// Leave the voice settings for the screen they were opened from.
    Back,
}

/// Where the view draws an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The title bar: read aloud, voice, language, start again.
    Bar,
    /// The screen's own list: tiles, choices, services, settings.
    List,
    /// Under an answer: show everything.
    More,
    /// Under an answer: yes / no.
    Feedback,
    /// Under an answer: related services.
    Related,
    /// In the "are you still there?" box.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub key: Key,
    /// Clean for the screen and for speech.
    pub label: String,
    /// The agency beside a catalogue service's name, kept whole on screen.
    pub agency: Option<String>,
    pub action: Action,
    pub place: Place,
}

impl Choice {
    fn new(key: Key, label: &str, action: Action, place: Place) -> Self {
        Self {
            key,
            label: for_display(label),
            agency: None,
            action,
            place,
        }
    }
}

/// The options of the kiosk's current screen (none in clerk mode).
pub fn options(app: &App) -> Vec<Choice> {
    if app.mode != Mode::Kiosk {
        return Vec::new();
    }
    let s = strings(app.lang);
    if app.idle_countdown().is_some() {
        return vec![
            Choice::new(1, s.more_time, Action::MoreTime, Place::Warning),
            Choice::new(HOME, s.start_again, Action::Home, Place::Warning),
        ];
    }
    let mut all = bar(app);
    all.extend(screen_options(app));
    all
}

/// The option `key` chooses on the current screen.
pub fn chosen(app: &App, key: Key) -> Option<Action> {
    options(app)
        .into_iter()
        .find(|c| c.key == key)
        .map(|c| c.action)
}

/// Whether the screen has something to read aloud.
fn listen_offered(app: &App) -> bool {
    app.speech.available && app.screen != Screen::Searching
}

fn bar(app: &App) -> Vec<Choice> {
    let s = strings(app.lang);
    let mut bar = Vec::new();
    if listen_offered(app) {
        let label = app.speech.listen_label(app.lang);
        bar.push(Choice::new(LISTEN, label, Action::Listen, Place::Bar));
    }
    if app.speech.available {
        bar.push(Choice::new(VOICE, s.voice, Action::Voice, Place::Bar));
    }
    bar.push(Choice::new(
        LANGUAGE,
        s.switch_language,
        Action::Language,
        Place::Bar,
    ));
    if app.screen != (Screen::Home { page: 0 }) {
        bar.push(Choice::new(HOME, s.start_again, Action::Home, Place::Bar));
    }
    bar
}

fn screen_options(app: &App) -> Vec<Choice> {
    let s = strings(app.lang);
    match &app.screen {
        Screen::Home { page } | Screen::NoMatch { page } => tiles(app, *page),
        Screen::Failed => tiles(app, 0),
        Screen::Searching => Vec::new(),
        Screen::Choices { ids } | Screen::Others { ids } => {
            let mut list = entries(app, ids, 1, Place::List);
            let next = list.len() as Key + 1;
            list.push(Choice::new(
                next,
                s.none_of_these,
                Action::NoneOfThese,
                Place::List,
            ));
            list
        }
        Screen::Browse { tile, page } => services(app, *tile, *page),
        Screen::Answer {
            id,
            feedback,
            detail,
            ..
        } => answer(app, id, *feedback, *detail),
        Screen::Voice { .. } => [
            (s.slower, Action::Slower),
            (s.faster, Action::Faster),
            (s.louder, Action::Louder),
            (s.softer, Action::Softer),
            (s.back, Action::Back),
        ]
        .into_iter()
        .zip(1..)
        .map(|((label, action), n)| Choice::new(n, label, action, Place::List))
        .collect(),
    }
}

/// A page of topic tiles, and "more topics" when there are more pages.
fn tiles(app: &App, page: usize) -> Vec<Choice> {
    let mut list: Vec<Choice> = app
        .tiles
        .iter()
        .enumerate()
        .skip(page * TILES_PER_PAGE)
        .take(TILES_PER_PAGE)
        .zip(1..)
        .map(|((i, tile), n)| {
            let title = match app.lang {
                Lang::En => &tile.title,
                Lang::Ko => &tile.title_ko,
            };
            Choice::new(n, title, Action::Topic(i), Place::List)
        })
        .collect();
    if app.page_count() > 1 {
        let more = strings(app.lang).more_topics;
        let key = TILES_PER_PAGE as Key + 1;
        list.push(Choice::new(key, more, Action::MoreTopics, Place::List));
    }
    list
}

/// A page of a topic's services, and "next page" when there are more.
fn services(app: &App, tile: usize, page: usize) -> Vec<Choice> {
    let Some(tile_services) = app.tiles.get(tile).map(|t| &t.services) else {
        return Vec::new();
    };
    let on_page: Vec<String> = tile_services
        .iter()
        .skip(page * TILES_PER_PAGE)
        .take(TILES_PER_PAGE)
        .cloned()
        .collect();
    let mut list = entries(app, &on_page, 1, Place::List);
    if app.service_pages(tile) > 1 {
        let next = strings(app.lang).next_page;
        let key = TILES_PER_PAGE as Key + 1;
        list.push(Choice::new(key, next, Action::MoreServices, Place::List));
    }
    list
}

/// Entries numbered from `first`, by their names (and agencies), as many
/// as the numbers allow.
fn entries(app: &App, ids: &[String], first: Key, place: Place) -> Vec<Choice> {
    let room = (LAST_NUMBER + 1).saturating_sub(first) as usize;
    ids.iter()
        .filter_map(|id| {
            let (title, agency) = app.entry_name(id)?;
            Some(Choice {
                agency: agency.map(for_display),
                ..Choice::new(0, title, Action::Open(id.clone()), place)
            })
        })
        .take(room)
        .zip(first..)
        .map(|(choice, key)| Choice { key, ..choice })
        .collect()
}

/// Under an answer: yes / no until answered (1, 2), "show everything"
/// while shortened, then the related services; the numbers stay put when
/// yes / no is answered.
fn answer(app: &App, id: &str, feedback: Option<bool>, detail: Detail) -> Vec<Choice> {
    let s = strings(app.lang);
    let mut list = Vec::new();
    if feedback.is_none() {
        list.push(Choice::new(
            1,
            s.yes,
            Action::Helpful(true),
            Place::Feedback,
        ));
        list.push(Choice::new(
            2,
            s.no,
            Action::Helpful(false),
            Place::Feedback,
        ));
    }
    let Some(entry) = app.corpus.get(id) else {
        return list;
    };
    let mut next = 3;
    if detail == Detail::Short && layout(entry, app.lang, Detail::Short).shortened {
        list.push(Choice::new(next, s.show_all, Action::ShowAll, Place::More));
        next += 1;
    }
    list.extend(entries(app, entry.related(), next, Place::Related));
    list
}
