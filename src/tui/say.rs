//! What each screen says when read aloud — the state in, an [`Utterance`]
//! out, no I/O — and the read-aloud state the app keeps. The kiosk says the
//! answer, the choices, the no-match message or the greeting with its
//! numbered tiles; the clerk screen says the selected entry.

use super::app::{App, Screen, TILES_PER_PAGE};
use crate::config::Mode;
use crate::lang::Lang;
use crate::layout::{layout, Detail};
use crate::speech::Utterance;
use crate::strings::strings;

/// The read-aloud option's "number": `*` (a numeric keypad has it, and
/// the digits are taken). It shares the click targets with the options.
pub const LISTEN: u8 = b'*';

/// Read-aloud state; only `update` changes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadAloud {
    /// The engine passed its start-up test: the Listen option is offered.
    pub available: bool,
    /// Say each new screen without a key press (`speech.auto`, kiosk only).
    pub auto: bool,
    /// The number of the utterance being said.
    pub speaking: Option<u64>,
    /// Numbers utterances, so a late report of an old one is ignored.
    pub seq: u64,
}

/// What is on screen to be said, leaving out what does not change the
/// words (scrolling, the helpful? answer); an answer shortened or in full
/// are different words. Speech stops when it changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Kiosk(Lang, Screen),
    /// The clerk's selected entry.
    Clerk(Lang, String),
}

pub fn subject(app: &App) -> Option<Subject> {
    match app.mode {
        Mode::Clerk => {
            let hit = app.clerk.results.get(app.clerk.selected)?;
            Some(Subject::Clerk(app.lang, hit.id.clone()))
        }
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

/// Whether the Listen option shows: the engine works and the screen has
/// something to say.
pub fn offered(app: &App) -> bool {
    app.speech.available && subject(app).is_some()
}

/// The label of the Listen option: what pressing it does now.
pub fn listen_label(app: &App) -> &'static str {
    let s = strings(app.lang);
    match app.speech.speaking {
        Some(_) => s.stop_listening,
        None => s.listen,
    }
}

/// What the screen says, in the screen's language: the kiosk's answer as
/// it shows it (shortened or in full), the clerk's selected entry in full.
pub fn utterance(app: &App) -> Option<Utterance> {
    let lang = app.lang;
    let s = strings(lang);
    let screen = match subject(app)? {
        Subject::Clerk(_, id) => {
            let entry = app.corpus.get(&id)?;
            return Some(Utterance::entry(&layout(entry, lang, Detail::Full), lang));
        }
        Subject::Kiosk(_, screen) => screen,
    };
    Some(match screen {
        Screen::Answer { id, detail, .. } => {
            let entry = Utterance::entry(&layout(app.corpus.get(&id)?, lang, detail), lang);
            match app.show_all_option() {
                // A shortened answer ends with the way to hear everything.
                Some(n) => {
                    let option = (n, s.show_all.to_string());
                    let show_all = Utterance::options(lang, [""; 0], &[option]);
                    Utterance {
                        text: format!("{} {}", entry.text, show_all.text),
                        ..entry
                    }
                }
                None => entry,
            }
        }
        Screen::Home { page } => tiles(app, page, &[s.greeting, s.or_choose]),
        Screen::NoMatch { page } => {
            let hint = match lang {
                Lang::En => &app.config.staff_hint,
                Lang::Ko => &app.config.staff_hint_ko,
            };
            tiles(app, page, &[s.no_match, hint, s.or_choose])
        }
        Screen::Failed => tiles(app, 0, &[s.failed, s.or_choose]),
        Screen::Choices { ids } => {
            let mut options = titles(app, &ids);
            options.push((ids.len() as u8 + 1, s.none_of_these.to_string()));
            Utterance::options(lang, [s.did_you_mean], &options)
        }
        Screen::Browse { tile } => {
            let tile = app.tiles.get(tile)?;
            let name = match lang {
                Lang::En => &tile.title,
                Lang::Ko => &tile.title_ko,
            };
            let heading = format!("{} {name}", s.services_for);
            Utterance::options(lang, [heading], &titles(app, &tile.services))
        }
        Screen::Searching => return None,
    })
}

/// A heading and the numbered topic tiles of a home page.
fn tiles(app: &App, page: usize, heading: &[&str]) -> Utterance {
    let lang = app.lang;
    let mut options: Vec<(u8, String)> = app
        .page_tiles(page)
        .map(|(n, tile)| {
            let title = match lang {
                Lang::En => &tile.title,
                Lang::Ko => &tile.title_ko,
            };
            (n, title.clone())
        })
        .collect();
    if app.page_count() > 1 {
        options.push((TILES_PER_PAGE as u8 + 1, strings(lang).more_topics.into()));
    }
    Utterance::options(lang, heading, &options)
}

/// Entries as numbered options 1.., by their titles (and agencies, as on
/// screen).
fn titles(app: &App, ids: &[String]) -> Vec<(u8, String)> {
    ids.iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let name = match app.entry_name(id)? {
                (title, Some(agency)) => format!("{title}, {agency}"),
                (title, None) => title.to_string(),
            };
            Some((i as u8 + 1, name))
        })
        .collect()
}
