//! The UI's state: what screen is showing, what the person typed, and the
//! clock readings behind the idle reset. No I/O here; only `update` changes it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::answer::Hit;
use crate::config::{Mode, UiConfig};
use crate::corpus::catalogue::Field;
use crate::corpus::{Corpus, Entry};
use crate::lang::Lang;
use crate::layout::Detail;
use crate::region::{covers, Region};
use crate::strings::{strings, FIELDS};
use crate::tui::say::ReadAloud;

/// A browse tile: a life event or a category and the services under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    pub title: String,
    pub title_ko: String,
    pub services: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// Greeting, input line and a page of topic tiles.
    Home { page: usize },
    /// A question is on its way to the searcher.
    Searching,
    /// One entry, shortened until the citizen asks for everything;
    /// `scroll` is in lines.
    Answer {
        id: String,
        scroll: u16,
        feedback: Option<bool>,
        detail: Detail,
    },
    /// "Did you mean…" with a few entries.
    Choices { ids: Vec<String> },
    /// The answer was not what the citizen needed ("아니요"): the next
    /// best services, and where to find a person.
    Others { ids: Vec<String> },
    /// Slower, faster, louder, softer; `back` is the screen it came from.
    Voice { back: Box<Screen> },
    /// The services under a tile, a page of [`TILES_PER_PAGE`] at a time.
    Browse { tile: usize, page: usize },
    /// Nothing fits: say so, point to staff, offer the tiles.
    NoMatch { page: usize },
    /// The question could not be answered because something broke: apologise
    /// and point to staff; the kiosk goes on.
    Failed,
}

impl Screen {
    /// A new answer: shortened, at the top, not yet rated.
    pub fn answer(id: String) -> Self {
        Screen::Answer {
            id,
            scroll: 0,
            feedback: None,
            detail: Detail::Short,
        }
    }
}

/// Results the clerk's list shows.
pub const CLERK_RESULTS: usize = 10;

/// Results asked of the engine while a filter is on, so that
/// [`CLERK_RESULTS`] of them usually pass it.
pub const FILTERED_TOP_K: usize = 300;

/// The clerk's side: ranked results and which one is selected.
#[derive(Debug, Clone, PartialEq)]
pub struct Clerk {
    /// The engine's ranking for the last search (or the related entries
    /// jumped to), more than the list shows while a filter is on.
    pub ranked: Vec<Hit>,
    /// What the list shows: `ranked` through the filters, at most
    /// [`CLERK_RESULTS`].
    pub results: Vec<Hit>,
    /// The ids the kiosk would show for this search (the outcome).
    pub shown: Vec<String>,
    pub selected: usize,
    pub scroll: u16,
    /// When the search line last changed and has not been searched yet.
    pub typed_at: Option<Instant>,
    pub status: String,
    /// 서비스분야 (F6) and 사용자구분 (F7).
    pub filters: [Filter; 2],
}

impl Clerk {
    /// No search yet, with these filters.
    pub fn new(filters: [Filter; 2]) -> Self {
        Self {
            ranked: Vec::new(),
            results: Vec::new(),
            shown: Vec::new(),
            selected: 0,
            scroll: 0,
            typed_at: None,
            status: String::new(),
            filters,
        }
    }

    /// Whether `entry` passes every filter that is on.
    pub fn passes(&self, entry: &Entry) -> bool {
        self.filters.iter().all(|f| f.passes(entry))
    }

    /// How many results to ask the engine for.
    pub fn top_k(&self) -> usize {
        match self.filters.iter().any(|f| f.chosen.is_some()) {
            true => FILTERED_TOP_K,
            false => CLERK_RESULTS,
        }
    }
}

/// A filter on one field of the catalogue: the values the corpus has,
/// most common first, and the one chosen (`None`: off). Curated entries
/// have no such fields, so they pass only while it is off.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub field: Field,
    pub values: Vec<String>,
    pub chosen: Option<usize>,
}

impl Filter {
    fn new(corpus: &Corpus, field: Field) -> Self {
        let mut counts: std::collections::HashMap<&str, usize> = Default::default();
        for value in corpus.entries().iter().flat_map(|e| e.values(field)) {
            *counts.entry(value).or_default() += 1;
        }
        let mut values: Vec<(&str, usize)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        Self {
            field,
            values: values.into_iter().map(|(v, _)| v.to_string()).collect(),
            chosen: None,
        }
    }

    /// The value chosen, if the filter is on.
    pub fn value(&self) -> Option<&str> {
        self.chosen
            .and_then(|i| self.values.get(i))
            .map(String::as_str)
    }

    pub fn passes(&self, entry: &Entry) -> bool {
        self.value()
            .is_none_or(|wanted| entry.values(self.field).any(|v| v == wanted))
    }
}

/// How far the first start's index build has got: texts embedded, of how
/// many (0 of 0 until the count is known).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Building {
    pub done: usize,
    pub total: usize,
}

pub struct App {
    pub mode: Mode,
    pub lang: Lang,
    pub screen: Screen,
    pub input: String,
    pub corpus: Arc<Corpus>,
    pub tiles: Vec<Tile>,
    pub config: UiConfig,
    /// The searcher has loaded (model and index).
    pub ready: bool,
    /// While not ready: the index is being built, this far.
    pub building: Option<Building>,
    pub failed: Option<String>,
    pub now: Instant,
    pub last_input: Instant,
    /// Staff exit: `Some` while the PIN is being typed.
    pub pin: Option<String>,
    /// Wrong PINs: a wait before the next try, then a lockout. Never reset
    /// by the idle reset (waiting must not buy more guesses).
    pub pin_guard: PinGuard,
    /// Numbers the last search; replies to older searches are ignored.
    pub search_seq: u64,
    pub last_query: String,
    /// The Hangul the last question spells when it was typed with the
    /// keyboard left in English mode (`wjsdlqtlsrh` → 전입신고).
    pub understood: Option<String>,
    /// The services ranked after the one shown for the last question,
    /// offered when the answer was not what the citizen needed.
    pub alternatives: Vec<String>,
    pub clerk: Clerk,
    pub speech: ReadAloud,
}

/// Wrong staff PINs before the exit locks for [`PIN_LOCKOUT`].
pub const PIN_TRIES: u32 = 5;
/// The wait after the first wrong PIN; it doubles with each one after.
pub const PIN_FIRST_WAIT: Duration = Duration::from_secs(2);
pub const PIN_LOCKOUT: Duration = Duration::from_secs(15 * 60);

/// Slows down guessing the staff PIN: 2, 4, 8, 16 s after each wrong one,
/// then 15 minutes per try (10,000 PINs would take years).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinGuard {
    failures: u32,
    blocked_until: Option<Instant>,
}

impl PinGuard {
    /// Whether a PIN may be typed now.
    pub fn open(&self, now: Instant) -> bool {
        self.blocked_until.is_none_or(|until| now >= until)
    }

    /// Records a wrong PIN; returns how many in a row.
    pub fn failed(&mut self, now: Instant) -> u32 {
        self.failures += 1;
        let wait = if self.failures >= PIN_TRIES {
            PIN_LOCKOUT
        } else {
            PIN_FIRST_WAIT * 2u32.pow(self.failures - 1)
        };
        self.blocked_until = Some(now + wait);
        self.failures
    }

    pub fn passed(&mut self) {
        *self = Self::default();
    }
}

/// The catalogue's fields (서비스분야) as topics, in the order of
/// [`crate::strings::FIELDS`]: every service of the kiosk's region under
/// its field, by name, so the whole catalogue can be browsed with a keypad.
fn field_tiles(corpus: &Corpus, region: Option<&Region>) -> Vec<Tile> {
    let (en, ko) = (strings(Lang::En), strings(Lang::Ko));
    FIELDS
        .iter()
        .map(|(field_ko, field_en)| {
            let mut services: Vec<&Entry> = corpus
                .entries()
                .iter()
                .filter(|e| covers(region, &e.region()))
                .filter(|e| e.values(Field::Category).any(|v| v == *field_ko))
                .collect();
            services.sort_by(|a, b| a.title(Lang::Ko).cmp(b.title(Lang::Ko)));
            Tile {
                title: format!("{} {field_en}", en.all_services),
                title_ko: format!("{} {field_ko}", ko.all_services),
                services: services.iter().map(|e| e.id().to_string()).collect(),
            }
        })
        .filter(|tile| !tile.services.is_empty())
        .collect()
}

/// Longest question kept; a huge paste is cut here, never allowed to hang the UI.
pub const MAX_INPUT: usize = 300;

/// Tiles per page on the home screen; the last number shows more topics.
pub const TILES_PER_PAGE: usize = 7;

impl App {
    /// `region` is the kiosk's: its catalogue services are browsed by field.
    pub fn new(
        mode: Mode,
        corpus: Arc<Corpus>,
        config: UiConfig,
        region: Option<&Region>,
        now: Instant,
    ) -> Self {
        let tiles = corpus
            .life_events
            .iter()
            .map(|e| Tile {
                title: e.title.clone(),
                title_ko: e.title_ko.clone(),
                services: e.services.clone(),
            })
            .chain(corpus.categories.iter().map(|c| {
                Tile {
                    title: c.title.clone(),
                    title_ko: c.title_ko.clone(),
                    services: corpus
                        .curated()
                        .filter(|s| s.category == c.id)
                        .map(|s| s.id.clone())
                        .collect(),
                }
            }))
            .chain(field_tiles(&corpus, region))
            .collect();
        let clerk = Clerk::new([
            Filter::new(&corpus, Field::Category),
            Filter::new(&corpus, Field::UserType),
        ]);
        Self {
            mode,
            lang: config.language,
            screen: Screen::Home { page: 0 },
            input: String::new(),
            corpus,
            tiles,
            config,
            ready: false,
            building: None,
            failed: None,
            now,
            last_input: now,
            pin: None,
            pin_guard: PinGuard::default(),
            search_seq: 0,
            last_query: String::new(),
            understood: None,
            alternatives: Vec::new(),
            clerk,
            speech: ReadAloud::default(),
        }
    }

    pub fn page_count(&self) -> usize {
        self.tiles.len().div_ceil(TILES_PER_PAGE).max(1)
    }

    /// What a page of a topic's services is headed with, on screen and
    /// aloud: the topic, and which page of how many.
    pub fn browse_heading(&self, tile: usize, page: usize) -> Option<String> {
        let s = strings(self.lang);
        let tile_shown = self.tiles.get(tile)?;
        let name = match self.lang {
            Lang::En => &tile_shown.title,
            Lang::Ko => &tile_shown.title_ko,
        };
        let pages = self.service_pages(tile);
        let heading = format!("{} {name}", s.services_for);
        Some(match pages > 1 {
            false => heading,
            true => {
                let which = s.page_of.replace("{n}", &(page + 1).to_string());
                format!("{heading} {}", which.replace("{total}", &pages.to_string()))
            }
        })
    }

    /// Pages of services under a tile.
    pub fn service_pages(&self, tile: usize) -> usize {
        self.tiles
            .get(tile)
            .map_or(1, |t| t.services.len().div_ceil(TILES_PER_PAGE).max(1))
    }

    /// Nothing a citizen typed or saw is on screen.
    pub fn is_pristine(&self) -> bool {
        self.screen == Screen::Home { page: 0 }
            && self.input.is_empty()
            && self.lang == self.config.language
            && self.pin.is_none()
    }

    fn idle(&self) -> Duration {
        self.now.saturating_duration_since(self.last_input)
    }

    /// Seconds left before the kiosk clears itself, while the warning shows.
    pub fn idle_countdown(&self) -> Option<u64> {
        if self.mode != Mode::Kiosk || self.is_pristine() {
            return None;
        }
        let warn_at = Duration::from_secs(self.config.idle_seconds);
        let idle = self.idle();
        (idle >= warn_at).then(|| {
            let total = self.config.idle_seconds + self.config.countdown_seconds;
            total.saturating_sub(idle.as_secs())
        })
    }

    pub fn idle_expired(&self) -> bool {
        self.idle_countdown() == Some(0)
    }

    /// What an entry is called in a list: its title, and for a catalogue
    /// service the agency, so a national benefit and a district's one of
    /// the same name can be told apart.
    pub fn entry_name(&self, id: &str) -> Option<(&str, Option<&str>)> {
        let entry = self.corpus.get(id)?;
        let agency = entry.agency().map(str::trim).filter(|a| !a.is_empty());
        Some((entry.title(self.lang), agency))
    }
}
