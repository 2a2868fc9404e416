//! The UI's state: what screen is showing, what the person typed, and the
//! clock readings behind the idle reset. No I/O here; only `update` changes it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::answer::Hit;
use crate::config::{Mode, UiConfig};
use crate::corpus::Corpus;
use crate::lang::Lang;
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
    /// One entry in full; `scroll` is in lines.
    Answer {
        id: String,
        scroll: u16,
        feedback: Option<bool>,
    },
    /// "Did you mean…" with a few entries.
    Choices { ids: Vec<String> },
    /// The services under a tile.
    Browse { tile: usize },
    /// Nothing fits: say so, point to staff, offer the tiles.
    NoMatch { page: usize },
    /// The question could not be answered because something broke: apologise
    /// and point to staff; the kiosk goes on.
    Failed,
}

/// The clerk's side: ranked results and which one is selected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clerk {
    pub results: Vec<Hit>,
    /// The ids the kiosk would show for this search (the outcome).
    pub shown: Vec<String>,
    pub selected: usize,
    pub scroll: u16,
    /// When the search line last changed and has not been searched yet.
    pub typed_at: Option<Instant>,
    pub status: String,
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
    pub failed: Option<String>,
    pub now: Instant,
    pub last_input: Instant,
    /// Staff exit: `Some` while the PIN is being typed.
    pub pin: Option<String>,
    /// Numbers the last search; replies to older searches are ignored.
    pub search_seq: u64,
    pub last_query: String,
    pub clerk: Clerk,
    pub speech: ReadAloud,
}

/// Longest question kept; a huge paste is cut here, never allowed to hang the UI.
pub const MAX_INPUT: usize = 300;

/// Tiles per page on the home screen; the last number shows more topics.
pub const TILES_PER_PAGE: usize = 7;

impl App {
    pub fn new(mode: Mode, corpus: Arc<Corpus>, config: UiConfig, now: Instant) -> Self {
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
            .collect();
        Self {
            mode,
            lang: config.language,
            screen: Screen::Home { page: 0 },
            input: String::new(),
            corpus,
            tiles,
            config,
            ready: false,
            failed: None,
            now,
            last_input: now,
            pin: None,
            search_seq: 0,
            last_query: String::new(),
            clerk: Clerk::default(),
            speech: ReadAloud::default(),
        }
    }

    pub fn page_count(&self) -> usize {
        self.tiles.len().div_ceil(TILES_PER_PAGE).max(1)
    }

    /// The tiles on a home page, with the number each is chosen by.
    pub fn page_tiles(&self, page: usize) -> impl Iterator<Item = (u8, &Tile)> {
        self.tiles
            .iter()
            .skip(page * TILES_PER_PAGE)
            .take(TILES_PER_PAGE)
            .enumerate()
            .map(|(i, tile)| (i as u8 + 1, tile))
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

    /// The entry a number picks on the current screen (kiosk).
    pub fn entry_on_screen(&self, n: u8) -> Option<&str> {
        let (ids, first): (&[String], u8) = match &self.screen {
            Screen::Choices { ids } => (ids, 1),
            Screen::Browse { tile } => (&self.tiles[*tile].services, 1),
            Screen::Answer { id, .. } => (self.corpus.get(id)?.related(), 3),
            _ => return None,
        };
        n.checked_sub(first)
            .and_then(|i| ids.get(i as usize))
            .map(String::as_str)
    }

    /// Related entries shown on an answer (numbers 3 upwards).
    pub fn related_shown(&self, id: &str) -> Vec<&str> {
        self.corpus
            .get(id)
            .map(|e| e.related().iter().take(6).map(String::as_str).collect())
            .unwrap_or_default()
    }
}
