//! The clerk's input: the search line (searched after a pause in typing),
//! the filters, moving through the results, related entries, slips.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{is_ctrl, push_input, read_aloud, Effect, Event};
use crate::answer::Hit;
use crate::strings::strings;
use crate::tui::app::{App, Clerk, CLERK_RESULTS};

/// Searches what the clerk typed, asking for more results while a filter
/// is on so that a full list still passes it.
pub fn search(app: &mut App) -> Vec<Effect> {
    let top_k = app.clerk.top_k();
    super::search(app, top_k)
}

/// A new ranking (and what the kiosk would show of it) for the list.
pub fn show(app: &mut App, ranked: Vec<Hit>, shown: Vec<String>) {
    app.clerk.ranked = ranked;
    app.clerk.shown = shown;
    refilter(app);
}

/// The list again from the ranking, through the filters; back at the top.
fn refilter(app: &mut App) {
    let clerk = &mut app.clerk;
    clerk.results = clerk
        .ranked
        .iter()
        .filter(|hit| app.corpus.get(&hit.id).is_some_and(|e| clerk.passes(e)))
        .take(CLERK_RESULTS)
        .cloned()
        .collect();
    clerk.selected = 0;
    clerk.scroll = 0;
}

/// Moves filter `which` to its next value (or back, with Shift): off, each
/// value, off again. The list follows at once, and what was typed is
/// searched again, as many results as the filters now need.
fn cycle(app: &mut App, which: usize, back: bool) -> Vec<Effect> {
    let filter = &mut app.clerk.filters[which];
    let count = filter.values.len();
    filter.chosen = match (filter.chosen, back) {
        (None, false) if count > 0 => Some(0),
        (None, true) if count > 0 => Some(count - 1),
        (Some(i), false) if i + 1 < count => Some(i + 1),
        (Some(i), true) if i > 0 => Some(i - 1),
        _ => None,
    };
    refilter(app);
    if app.input.trim().is_empty() {
        return Vec::new();
    }
    app.clerk.typed_at = None;
    search(app)
}

pub fn input(app: &mut App, event: Event) -> Vec<Effect> {
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
        Event::Key(key) if key.kind != KeyEventKind::Release => return on_key(app, key),
        _ => {}
    }
    Vec::new()
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let selected_id = app
        .clerk
        .results
        .get(app.clerk.selected)
        .map(|h| h.id.clone());
    match key.code {
        KeyCode::Char('c' | 'q') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            return vec![Effect::Quit];
        }
        // Esc clears what was typed, then the filters, then quits.
        KeyCode::Esc if !app.input.is_empty() => {
            app.input.clear();
            app.clerk = Clerk::new(app.clerk.filters.clone());
        }
        KeyCode::Esc if app.clerk.filters.iter().any(|f| f.chosen.is_some()) => {
            for filter in &mut app.clerk.filters {
                filter.chosen = None;
            }
            refilter(app);
        }
        KeyCode::Esc => return vec![Effect::Quit],
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
            return search(app);
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
                // Only curated entries have related ones, and they pass
                // only while the filters are off: no filter hides these.
                let related = entry
                    .related()
                    .iter()
                    .map(|id| Hit {
                        id: id.clone(),
                        score: 0.0,
                    })
                    .collect();
                app.clerk.status = format!("{} {}", strings(app.lang).related_to, entry.id());
                show(app, related, Vec::new());
            }
        }
        KeyCode::F(4) => {
            if let Some(id) = selected_id {
                return vec![Effect::Slip { id }];
            }
        }
        KeyCode::F(5) => return read_aloud::toggle(app),
        KeyCode::F(n @ (6 | 7)) => {
            let back = key.modifiers.contains(KeyModifiers::SHIFT);
            return cycle(app, usize::from(n - 6), back);
        }
        _ => {}
    }
    Vec::new()
}
