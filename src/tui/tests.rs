//! The UI without a terminal: keys and events in, state and effects out, and
//! whole-screen snapshots on a `TestBackend`. States are built from the real
//! corpus; replies are injected so no model is needed.

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::app::{App, Screen, MAX_INPUT};
use super::theme::Theme;
use super::update::{update, Effect, Event, DEBOUNCE};
use super::view::render;
use crate::answer::{Decision, Hit, Outcome};
use crate::config::{Mode, UiConfig};
use crate::corpus::Corpus;
use crate::engine::{Loading, Reply};
use crate::lang::Lang;
use crate::log::LogEvent;

mod catalogue;
mod clerk;
mod speech;

/// The bundled corpus, loaded once for every test (the catalogue makes it
/// slow to load).
fn corpus() -> Arc<Corpus> {
    static CORPUS: OnceLock<Arc<Corpus>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
            Arc::new(Corpus::load(&dir).expect("the bundled corpus loads"))
        })
        .clone()
}

fn app(mode: Mode) -> (App, Instant) {
    let start = Instant::now();
    let mut app = App::new(mode, corpus(), UiConfig::default(), start);
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

#[test]
fn enter_sends_the_question_and_clears_the_input() {
    let (mut app, _) = app(Mode::Kiosk);
    type_text(&mut app, "lost my passport");
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(
        effects,
        [Effect::Search {
            seq: 1,
            query: "lost my passport".into(),
            top_k: 3
        }]
    );
    assert_eq!(app.screen, Screen::Searching);
    assert!(app.input.is_empty());
    assert_eq!(app.last_query, "lost my passport");
}

#[test]
fn replies_pick_the_screen_and_stale_ones_are_ignored() {
    let (mut app, _) = app(Mode::Kiosk);
    type_text(&mut app, "passport");
    update(&mut app, key(KeyCode::Enter));
    assert!(update(
        &mut app,
        Event::Replied {
            seq: 99,
            reply: reply(Decision::Answer, &["passport-issue"])
        }
    )
    .is_empty());
    assert_eq!(app.screen, Screen::Searching);

    let effects = update(
        &mut app,
        Event::Replied {
            seq: 1,
            reply: reply(Decision::Answer, &["passport-issue"]),
        },
    );
    assert!(matches!(
        &effects[0],
        Effect::Log(LogEvent::Asked {
            decision: Decision::Answer,
            ..
        })
    ));
    assert!(matches!(&app.screen, Screen::Answer { id, .. } if id == "passport-issue"));

    ask(
        &mut app,
        "hm",
        reply(Decision::Choices, &["vaccination", "health-checkup"]),
    );
    assert!(matches!(&app.screen, Screen::Choices { ids } if ids.len() == 2));
    ask(
        &mut app,
        "weather",
        reply(Decision::NoMatch, &["vaccination"]),
    );
    assert_eq!(app.screen, Screen::NoMatch { page: 0 });
}

#[test]
fn the_answer_comes_in_the_language_of_the_question() {
    let (mut app, _) = app(Mode::Kiosk);
    update(&mut app, key(KeyCode::Char('9')));
    assert_eq!(app.lang, Lang::En);
    let mut korean = reply(Decision::Answer, &["birth-registration"]);
    korean.lang = Some(Lang::Ko);
    ask(&mut app, "아기 낳았어요", korean);
    assert_eq!(app.lang, Lang::Ko);
    // A question with no words to tell keeps the language on screen.
    ask(&mut app, "??", reply(Decision::NoMatch, &[]));
    assert_eq!(app.lang, Lang::Ko);
}

#[test]
fn a_failed_question_apologises_and_the_kiosk_goes_on() {
    let (mut app, _) = app(Mode::Kiosk);
    type_text(&mut app, "passport");
    let effects = update(&mut app, key(KeyCode::Enter));
    let Some(Effect::Search { seq, .. }) = effects.first() else {
        panic!("no search: {effects:?}");
    };
    let effects = update(
        &mut app,
        Event::QueryFailed {
            seq: *seq,
            query: "passport".into(),
            error: "embedding failed: boom".into(),
        },
    );
    assert_eq!(app.screen, Screen::Failed);
    assert_eq!(
        effects,
        [Effect::Log(LogEvent::Failed {
            query: "passport".into(),
            error: "embedding failed: boom".into()
        })]
    );
    assert!(screen(&app, 80, 24).contains("문제가 생겼어요"));
    ask(
        &mut app,
        "passport",
        reply(Decision::Answer, &["passport-issue"]),
    );
    assert!(matches!(&app.screen, Screen::Answer { id, .. } if id == "passport-issue"));
}

#[test]
fn numbers_choose_options_on_every_screen() {
    let (mut app, _) = app(Mode::Kiosk);
    // Home: 1 opens the first life event; 9 switches language; 0 starts again.
    update(&mut app, key(KeyCode::Char('1')));
    assert_eq!(app.screen, Screen::Browse { tile: 0 });
    let first = app.tiles[0].services[0].clone();
    let effects = update(&mut app, key(KeyCode::Char('1')));
    assert_eq!(
        effects,
        [Effect::Log(LogEvent::Chosen { id: first.clone() })]
    );
    assert!(matches!(&app.screen, Screen::Answer { id, .. } if *id == first));
    update(&mut app, key(KeyCode::Char('9')));
    assert_eq!(app.lang, Lang::En);
    update(&mut app, key(KeyCode::Char('0')));
    assert!(app.is_pristine());

    // 8 pages through more topics.
    update(&mut app, key(KeyCode::Char('8')));
    assert_eq!(app.screen, Screen::Home { page: 1 });

    // Choices: one past the last is "None of these".
    ask(
        &mut app,
        "x",
        reply(Decision::Choices, &["vaccination", "health-checkup"]),
    );
    update(&mut app, key(KeyCode::Char('3')));
    assert_eq!(app.screen, Screen::NoMatch { page: 0 });
}

#[test]
fn feedback_and_related_entries_on_an_answer() {
    let (mut app, _) = app(Mode::Kiosk);
    ask(
        &mut app,
        "birth",
        reply(Decision::Answer, &["birth-registration"]),
    );
    let effects = update(&mut app, Event::Choose(2));
    assert_eq!(
        effects,
        [Effect::Log(LogEvent::Helpful {
            id: "birth-registration".into(),
            helpful: false
        })]
    );
    let related = app.corpus.get("birth-registration").unwrap().related()[0].clone();
    update(&mut app, Event::Choose(3));
    assert!(matches!(&app.screen, Screen::Answer { id, feedback: None, .. } if *id == related));
}

#[test]
fn a_citizen_cannot_quit_or_suspend_the_kiosk() {
    let (mut app, _) = app(Mode::Kiosk);
    let attempts = [
        key(KeyCode::Esc),
        key(KeyCode::Char('q')),
        ctrl('c'),
        ctrl('z'),
        ctrl('\\'),
        ctrl('d'),
        key(KeyCode::F(4)),
    ];
    for attempt in attempts {
        assert!(!update(&mut app, attempt).contains(&Effect::Quit));
    }

    // Staff: F12, a wrong PIN closes the prompt; the right one quits.
    update(&mut app, key(KeyCode::Esc));
    app.input.clear();
    update(&mut app, key(KeyCode::F(12)));
    type_text(&mut app, "1234");
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert_eq!(app.pin, None);
    update(&mut app, key(KeyCode::F(12)));
    type_text(&mut app, "0000");
    assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::Quit]);
}

#[test]
fn idle_kiosk_warns_then_clears_everything() {
    let (mut app, start) = app(Mode::Kiosk);
    ask(
        &mut app,
        "passport",
        reply(Decision::Answer, &["passport-issue"]),
    );
    update(&mut app, key(KeyCode::Char('9')));
    type_text(&mut app, "half a question");

    update(&mut app, Event::Tick(start + Duration::from_secs(59)));
    assert_eq!(app.idle_countdown(), None);
    update(&mut app, Event::Tick(start + Duration::from_secs(60)));
    assert_eq!(app.idle_countdown(), Some(20));

    // A touch dismisses the warning and is not typed.
    update(&mut app, key(KeyCode::Char('x')));
    assert_eq!(app.input, "half a question");
    assert_eq!(app.idle_countdown(), None);

    update(&mut app, Event::Tick(start + Duration::from_secs(125)));
    assert_eq!(app.idle_countdown(), Some(15));
    update(&mut app, Event::Tick(start + Duration::from_secs(140)));
    assert!(app.is_pristine(), "{:?} {:?}", app.screen, app.input);
    assert!(app.last_query.is_empty());
}

#[test]
fn a_pristine_home_never_warns() {
    let (mut app, start) = app(Mode::Kiosk);
    update(&mut app, Event::Tick(start + Duration::from_secs(3600)));
    assert_eq!(app.idle_countdown(), None);
}

#[test]
fn a_huge_paste_is_cut_and_cleaned() {
    let (mut app, _) = app(Mode::Kiosk);
    let paste = format!("\u{1b}[31m{}", "passport ".repeat(12_000));
    update(&mut app, Event::Paste(paste));
    assert_eq!(app.input.chars().count(), MAX_INPUT);
    assert!(app.input.starts_with("passport"));
}

#[test]
fn clerk_search_waits_for_a_pause_in_typing() {
    let (mut app, start) = app(Mode::Clerk);
    update(&mut app, Event::Tick(start));
    type_text(&mut app, "vacc");
    assert!(update(&mut app, Event::Tick(start + DEBOUNCE / 2)).is_empty());
    let effects = update(&mut app, Event::Tick(start + DEBOUNCE));
    assert_eq!(
        effects,
        [Effect::Search {
            seq: 1,
            query: "vacc".into(),
            top_k: 10
        }]
    );
    update(
        &mut app,
        Event::Replied {
            seq: 1,
            reply: reply(Decision::Answer, &["vaccination", "health-checkup"]),
        },
    );
    update(&mut app, key(KeyCode::Down));
    assert_eq!(app.clerk.selected, 1);
    assert_eq!(
        update(&mut app, key(KeyCode::F(4))),
        [Effect::Slip {
            id: "health-checkup".into()
        }]
    );
    update(&mut app, key(KeyCode::Esc));
    assert!(app.input.is_empty() && app.clerk.results.is_empty());
    assert_eq!(update(&mut app, key(KeyCode::Esc)), [Effect::Quit]);
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
            update(app, key(KeyCode::Char('3')));
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
