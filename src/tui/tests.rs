//! The UI without a terminal: keys and events in, state and effects out, and
//! whole-screen snapshots on a `TestBackend`. States are built from the real
//! corpus; replies are injected so no model is needed.

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::app::{App, Screen, MAX_INPUT, PIN_FIRST_WAIT, PIN_TRIES};
use super::theme::Theme;
use super::update::{update, Effect, Event, DEBOUNCE};
use super::view::render;
use crate::answer::{Decision, Hit, Outcome};
use crate::config::{Mode, UiConfig};
use crate::corpus::Corpus;
use crate::engine::{Loading, Reply};
use crate::lang::Lang;
use crate::log::LogEvent;

mod answers;
mod catalogue;
mod clerk;
mod half_size;
mod kiosk;
mod speech;

/// The bundled corpus, loaded once for every test (the catalogue makes it
/// slow to load).
fn corpus() -> Arc<Corpus> {
    static CORPUS: OnceLock<Arc<Corpus>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
            let mut corpus = Corpus::load(&dir).expect("the bundled corpus loads");
            corpus.relate_catalogue();
            Arc::new(corpus)
        })
        .clone()
}

fn app(mode: Mode) -> (App, Instant) {
    let start = Instant::now();
    // The deployed kiosk's region: its catalogue is browsed by field.
    let region = crate::region::Region::parse("서울특별시 종로구").unwrap();
    let mut app = App::new(mode, corpus(), UiConfig::default(), Some(&region), start);
    app.ready = true;
    (app, start)
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(app, key(KeyCode::Char(c))))
        .collect()
}

/// Chooses an option the way the keypad does: its number, then Enter.
fn press(app: &mut App, n: u32) -> Vec<Effect> {
    type_text(app, &n.to_string());
    update(app, key(KeyCode::Enter))
}

/// A reply as the engine would make it: `ids` ranked, and the outcome
/// `decision` over them (an answer shows the first, choices show them all).
fn reply(decision: Decision, ids: &[&str]) -> Reply {
    let ranked: Vec<Hit> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| Hit {
            id: id.to_string(),
            score: 0.8 - i as f32 * 0.1,
        })
        .collect();
    let outcome = match decision {
        Decision::Answer => Outcome::Answer(ranked[0].clone()),
        Decision::Choices => Outcome::Choices(ranked.clone()),
        Decision::NoMatch => Outcome::NoMatch,
    };
    Reply {
        query: "q".into(),
        lang: None,
        outcome,
        ranked,
        understood: None,
    }
}

/// Types a question, presses Enter and delivers `reply` for it.
fn ask(app: &mut App, question: &str, answer: Reply) -> Vec<Effect> {
    type_text(app, question);
    let effects = update(app, key(KeyCode::Enter));
    let Some(Effect::Search { seq, .. }) = effects.first() else {
        panic!("Enter did not search: {effects:?}");
    };
    update(
        app,
        Event::Replied {
            seq: *seq,
            reply: answer,
        },
    )
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            render(app, &Theme { color: false }, frame);
        })
        .unwrap();
    terminal.backend().to_string()
}

/// Every screen at both sizes and in both languages.
#[test]
fn snapshots() {
    type Setup = fn(&mut App, Instant);
    let setups: [(&str, Mode, Setup); 13] = [
        ("home", Mode::Kiosk, |_, _| {}),
        ("answer", Mode::Kiosk, |app, _| {
            ask(
                app,
                "we had a baby",
                reply(Decision::Answer, &["birth-registration"]),
            );
        }),
        ("choices", Mode::Kiosk, |app, _| {
            ask(
                app,
                "card",
                reply(
                    Decision::Choices,
                    &["id-card-reissue", "mobile-id", "alien-registration"],
                ),
            );
        }),
        ("no_match", Mode::Kiosk, |app, _| {
            ask(
                app,
                "weather tomorrow",
                reply(Decision::NoMatch, &["civil-complaint"]),
            );
        }),
        ("browse", Mode::Kiosk, |app, _| {
            press(app, 3);
        }),
        ("idle_warning", Mode::Kiosk, |app, start| {
            ask(
                app,
                "passport",
                reply(Decision::Answer, &["passport-issue"]),
            );
            update(app, Event::Tick(start + Duration::from_secs(65)));
        }),
        ("catalogue_choices", Mode::Kiosk, |app, _| {
            ask(app, "청년 월세", reply(Decision::Choices, &catalogue::RENT));
        }),
        ("catalogue_answer", Mode::Kiosk, |app, _| {
            ask(
                app,
                "청년 월세",
                reply(Decision::Answer, &[catalogue::LONG]),
            );
        }),
        ("catalogue_everything", Mode::Kiosk, |app, _| {
            ask(
                app,
                "청년 월세",
                reply(Decision::Answer, &[catalogue::LONG]),
            );
            update(app, Event::Choose(3));
            update(app, key(KeyCode::PageDown));
        }),
        ("preparing", Mode::Kiosk, |app, _| {
            app.ready = false;
            let (done, total) = (3200, 20_000);
            update(app, Event::Loading(Loading::Embedded { done, total }));
        }),
        ("clerk_preparing", Mode::Clerk, |app, _| {
            app.ready = false;
            let (done, total) = (3200, 20_000);
            update(app, Event::Loading(Loading::Embedded { done, total }));
        }),
        ("clerk_filtered", Mode::Clerk, |app, _| {
            update(app, key(KeyCode::F(7)));
            type_text(app, "월세");
            let seq = app.search_seq + 1;
            update(app, key(KeyCode::Enter));
            let ranked = [
                catalogue::RENT[1],
                "passport-issue",
                catalogue::RENT[0],
                "gov24-300000000108",
                catalogue::RENT[2],
            ];
            let reply = reply(Decision::Choices, &ranked);
            update(app, Event::Replied { seq, reply });
        }),
        ("clerk", Mode::Clerk, |app, _| {
            type_text(app, "passport");
            let seq = app.search_seq + 1;
            update(app, key(KeyCode::Enter));
            update(
                app,
                Event::Replied {
                    seq,
                    reply: reply(
                        Decision::Answer,
                        &[
                            "passport-issue",
                            "id-card-reissue",
                            "driver-license-renewal",
                        ],
                    ),
                },
            );
        }),
    ];
    for (name, mode, setup) in setups {
        for lang in [Lang::En, Lang::Ko] {
            for (width, height) in [(80, 24), (120, 40)] {
                let (mut app, start) = app(mode);
                app.speech.available = true;
                setup(&mut app, start);
                app.lang = lang;
                let snapshot = format!("{name}_{}_{width}x{height}", lang.code());
                insta::assert_snapshot!(snapshot, screen(&app, width, height));
            }
        }
    }
}

#[test]
fn tiny_and_odd_terminal_sizes_never_panic() {
    for (width, height) in [(1, 1), (2, 3), (10, 5), (20, 8), (40, 12), (300, 100)] {
        for mode in [Mode::Kiosk, Mode::Clerk] {
            let (mut app, start) = app(mode);
            screen(&app, width, height);
            ask(
                &mut app,
                "passport",
                reply(Decision::Answer, &["passport-issue", "id-card-reissue"]),
            );
            screen(&app, width, height);
            ask(
                &mut app,
                "card",
                reply(
                    Decision::Choices,
                    &["id-card-reissue", "mobile-id", "alien-registration"],
                ),
            );
            screen(&app, width, height);
            update(&mut app, Event::Tick(start + Duration::from_secs(70)));
            screen(&app, width, height);
        }
    }
}
