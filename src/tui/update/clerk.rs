//! The clerk's input: the search line (searched after a pause in typing),
//! moving through the results, related entries, slips.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{is_ctrl, push_input, read_aloud, search, Effect, Event};
use crate::answer::Hit;
use crate::strings::strings;
use crate::tui::app::App;

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
