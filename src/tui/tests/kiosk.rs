//! The kiosk's state: questions and replies, the language, numbered
//! options, feedback, what a citizen cannot do, the idle reset.

use super::*;
use crate::tui::app::TILES_PER_PAGE;

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
            top_k: 8
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
    press(&mut app, 9);
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
    press(&mut app, 1);
    assert_eq!(app.screen, Screen::Browse { tile: 0, page: 0 });
    let first = app.tiles[0].services[0].clone();
    let effects = press(&mut app, 1);
    assert_eq!(
        effects,
        [Effect::Log(LogEvent::Chosen { id: first.clone() })]
    );
    assert!(matches!(&app.screen, Screen::Answer { id, .. } if *id == first));
    press(&mut app, 9);
    assert_eq!(app.lang, Lang::En);
    press(&mut app, 0);
    assert!(app.is_pristine());

    // 8 pages through more topics.
    press(&mut app, 8);
    assert_eq!(app.screen, Screen::Home { page: 1 });

    // Choices: one past the last is "None of these".
    ask(
        &mut app,
        "x",
        reply(Decision::Choices, &["vaccination", "health-checkup"]),
    );
    press(&mut app, 3);
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
    // Nothing else was found: "no" leads to the staff hint and the topics.
    assert_eq!(app.screen, Screen::NoMatch { page: 0 });
    assert!(screen(&app, 100, 30).contains(&app.config.staff_hint_ko));

    ask(
        &mut app,
        "birth",
        reply(Decision::Answer, &["birth-registration"]),
    );
    assert_eq!(press(&mut app, 1).len(), 1);
    let related = app.corpus.get("birth-registration").unwrap().related()[0].clone();
    update(&mut app, Event::Choose(3));
    assert!(matches!(&app.screen, Screen::Answer { id, feedback: None, .. } if *id == related));
}

#[test]
fn not_what_i_needed_offers_the_next_best_and_the_staff_hint() {
    let (mut app, _) = app(Mode::Kiosk);
    let ranked = ["birth-registration", "childbirth-support", "vaccination"];
    ask(&mut app, "아기 낳았어요", reply(Decision::Answer, &ranked));
    press(&mut app, 2);
    let others = ranked[1..].iter().map(|id| id.to_string()).collect();
    assert_eq!(app.screen, Screen::Others { ids: others });
    let shown = screen(&app, 100, 30);
    assert!(shown.contains(&app.config.staff_hint_ko), "{shown}");
    assert!(
        shown.contains("1  행복출산") && shown.contains("3  여기에 없어요"),
        "{shown}"
    );
    press(&mut app, 1);
    assert!(matches!(&app.screen, Screen::Answer { id, .. } if id == "childbirth-support"));
}

#[test]
fn a_question_that_starts_with_a_number_is_a_question() {
    for question in [
        "65세 어르신 혜택",
        "90세 어머니 요양",
        "2024년 출산",
        "1인 가구 지원",
    ] {
        let (mut app, _) = app(Mode::Kiosk);
        type_text(&mut app, question);
        assert_eq!(app.input, question);
        assert_eq!(app.lang, Lang::Ko, "{question}");
        let effects = update(&mut app, key(KeyCode::Enter));
        let Some(Effect::Search { query, .. }) = effects.first() else {
            panic!("{question}: no search: {effects:?}");
        };
        assert_eq!(query, question);
    }
    // A number alone chooses (Enter), by keypad; a tap chooses at once.
    let (mut app, _) = app(Mode::Kiosk);
    press(&mut app, 6);
    assert_eq!(app.screen, Screen::Browse { tile: 5, page: 0 });
    press(&mut app, 0);
    assert_eq!(app.screen, Screen::Home { page: 0 });
    update(&mut app, Event::Choose(6));
    assert_eq!(app.screen, Screen::Browse { tile: 5, page: 0 });
    // A number no option has is asked as a question (a phone number, 1365…).
    press(&mut app, 0);
    let effects = press(&mut app, 1365);
    assert!(matches!(effects.first(), Some(Effect::Search { query, .. }) if query == "1365"));
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

    // Staff: F12, a wrong PIN closes the prompt (and is logged); the right
    // one quits.
    update(&mut app, key(KeyCode::Esc));
    app.input.clear();
    update(&mut app, key(KeyCode::F(12)));
    type_text(&mut app, "1234");
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        [Effect::Log(LogEvent::WrongPin { tries: 1 })]
    );
    assert_eq!(app.pin, None);
    let later = app.now + PIN_FIRST_WAIT;
    update(&mut app, Event::Tick(later));
    update(&mut app, key(KeyCode::F(12)));
    type_text(&mut app, "0000");
    assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::Quit]);
}

#[test]
fn wrong_pins_slow_down_then_lock_the_staff_exit() {
    let (mut app, start) = app(Mode::Kiosk);
    let try_pin = |app: &mut App, pin: &str| -> Vec<Effect> {
        update(app, key(KeyCode::F(12)));
        if app.pin.is_none() {
            return Vec::new();
        }
        type_text(app, pin);
        update(app, key(KeyCode::Enter))
    };
    // A script typing F12 dddd Enter at machine speed gets one guess.
    assert!(!try_pin(&mut app, "1111").is_empty());
    for guess in ["2222", "3333", "0000"] {
        assert!(try_pin(&mut app, guess).is_empty(), "{guess} was tried");
        assert_eq!(app.pin, None);
    }
    // Each wrong PIN doubles the wait; the fifth locks the exit for 15 min,
    // and the idle reset does not lift it.
    let mut now = start;
    for tries in 2..=PIN_TRIES {
        now += PIN_FIRST_WAIT * 2u32.pow(tries - 2);
        update(&mut app, Event::Tick(now));
        assert_eq!(
            try_pin(&mut app, "9999"),
            [Effect::Log(LogEvent::WrongPin { tries })]
        );
    }
    now += Duration::from_secs(14 * 60);
    update(&mut app, Event::Tick(now));
    assert!(app.is_pristine(), "the idle reset ran");
    assert!(try_pin(&mut app, "0000").is_empty(), "locked out");
    update(&mut app, Event::Tick(now + Duration::from_secs(61)));
    assert_eq!(try_pin(&mut app, "0000"), [Effect::Quit]);
}

#[test]
fn idle_kiosk_warns_then_clears_everything() {
    let (mut app, start) = app(Mode::Kiosk);
    ask(
        &mut app,
        "passport",
        reply(Decision::Answer, &["passport-issue"]),
    );
    press(&mut app, 9);
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
fn the_whole_catalogue_can_be_browsed_by_field_with_a_keypad() {
    let (mut app, _) = app(Mode::Kiosk);
    let field = app
        .tiles
        .iter()
        .position(|t| t.title_ko == "모든 민원: 생활안정")
        .expect("a topic for the field 생활안정");
    let services = app.tiles[field].services.clone();
    assert!(services.len() > 20, "{}", services.len());
    assert!(services.iter().all(|id| id.starts_with("gov24-")));
    // Home pages of 7 topics: 8 turns the page, then the topic's number.
    for _ in 0..field / TILES_PER_PAGE {
        press(&mut app, 8);
    }
    press(&mut app, (field % TILES_PER_PAGE) as u32 + 1);
    assert_eq!(
        app.screen,
        Screen::Browse {
            tile: field,
            page: 0
        }
    );
    let pages = services.len().div_ceil(TILES_PER_PAGE);
    let heading = format!("이런 민원이 있어요: 모든 민원: 생활안정 ({pages}쪽 중 1쪽)");
    assert!(
        screen(&app, 100, 30).contains(&heading),
        "{}",
        screen(&app, 100, 30)
    );
    press(&mut app, 8);
    assert_eq!(
        app.screen,
        Screen::Browse {
            tile: field,
            page: 1
        }
    );
    press(&mut app, 1);
    assert!(
        matches!(&app.screen, Screen::Answer { id, .. } if *id == services[TILES_PER_PAGE]),
        "{:?}",
        app.screen
    );
    // Only services of the kiosk's region are listed.
    for tile in &app.tiles {
        for id in &tile.services {
            let entry = app.corpus.get(id).expect("a listed service exists");
            let region = crate::region::Region::parse("서울특별시 종로구").unwrap();
            assert!(
                crate::region::covers(Some(&region), &entry.region()),
                "{id}"
            );
        }
    }
}

#[test]
fn a_question_typed_in_english_mode_or_romanised_says_what_was_understood() {
    let (mut app, _) = app(Mode::Kiosk);
    app.speech.available = true;
    let mut moving = reply(Decision::Answer, &["moving-in-report"]);
    moving.lang = Some(Lang::Ko);
    moving.understood = Some("전입신고".into());
    ask(&mut app, "wjsdlqtlsrh", moving);
    assert_eq!(app.lang, Lang::Ko);
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("물어본 말: wjsdlqtlsrh → 전입신고 (한글로 읽었어요)"),
        "{shown}"
    );
    let said = crate::tui::say::utterance(&app).unwrap().text;
    assert!(said.starts_with("알아들은 말: 전입신고. "), "{said}");
    // Gibberish the engine cannot place keeps the kiosk's language.
    let mut gibberish = reply(Decision::NoMatch, &[]);
    gibberish.lang = None;
    ask(&mut app, "asdfgh", gibberish);
    assert_eq!(app.lang, Lang::Ko);
    assert!(!screen(&app, 100, 30).contains("→")); // Romanised Korean is read as Hangul too, and answered in English.
    let mut pension = reply(Decision::Answer, &["basic-pension"]);
    pension.lang = Some(Lang::En);
    pension.understood = Some("기초연금".into());
    ask(&mut app, "gichoyeongeum", pension);
    assert_eq!(app.lang, Lang::En);
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("You asked: gichoyeongeum → 기초연금 (read as Korean)"),
        "{shown}"
    );
}
