//! Reading aloud without audio: what each screen says in both languages,
//! the Listen option and key, speech that stops when the screen changes,
//! auto mode, and an engine that is missing or fails.

use super::*;
use crate::speech::Utterance;
use crate::tui::options::LISTEN;
use crate::tui::say::utterance;

/// A kiosk whose speech engine passed its start-up test.
fn speaking_app(mode: Mode) -> (App, Instant) {
    let (mut app, start) = app(mode);
    update(&mut app, Event::SpeechChecked(Ok(())));
    (app, start)
}

fn said(app: &App) -> String {
    utterance(app).map(|u| u.text).unwrap_or_default()
}

/// The utterance the Listen key asks for, if any.
fn spoken(effects: &[Effect]) -> Option<&Utterance> {
    effects.iter().find_map(|e| match e {
        Effect::Speak { utterance, .. } => Some(utterance),
        _ => None,
    })
}

#[test]
fn each_screen_says_what_it_shows_in_both_languages() {
    type Setup = fn(&mut App);
    let screens: [(&str, Setup, &str, &str); 6] = [
        (
            "home",
            |_| {},
            "안녕하세요. 궁금한 민원을 물어보세요. 궁금한 것을 글자로 쓰고 Enter를 누르세요. 또는 주제를 고르세요: 1번, ",
            "Hello. Ask about a public service. Type your question with the keyboard and press Enter. Or choose a topic: Number 1, ",
        ),
        (
            "answer",
            |app| {
                ask(app, "baby", reply(Decision::Answer, &["birth-registration"]));
            },
            "출생신고. 부모가 아기가 태어나고 한 달 안에",
            "Reporting a baby's birth, birth registration. In Korean: 출생신고. Parents report",
        ),
        (
            "choices",
            |app| {
                ask(app, "card", reply(Decision::Choices, &["id-card-reissue", "mobile-id"]));
            },
            "이 중에 찾는 것이 있나요? 1번, 주민등록증 재발급. 2번, 모바일 신분증, 모바일 주민등록증, 운전면허증. 3번, 여기에 없어요.",
            "Did you mean. Number 1, Replacing your resident registration card, ID card reissue. Number 2, Mobile ID on your phone, mobile resident card and driver's licence. Number 3, None of these.",
        ),
        (
            "no_match",
            |app| {
                ask(app, "weather", reply(Decision::NoMatch, &[]));
            },
            "미안해요. 그 질문의 답을 찾지 못했어요. 창구 직원에게 물어보세요. 또는 주제를 고르세요: 1번,",
            "Sorry, I do not know the answer to that. Please ask staff at the counter. Or choose a topic: Number 1,",
        ),
        (
            "browse",
            |app| {
                press(app, 1);
            },
            "이런 민원이 있어요: ",
            "Services for ",
        ),
        (
            "failed",
            |app| app.screen = Screen::Failed,
            "문제가 생겼어요. 창구 직원에게 물어보세요. 또는 주제를 고르세요: 1번,",
            "Something went wrong. Please ask staff. Or choose a topic: Number 1,",
        ),
    ];
    for (name, setup, ko, en) in screens {
        for (lang, expected) in [(Lang::Ko, ko), (Lang::En, en)] {
            let (mut app, _) = speaking_app(Mode::Kiosk);
            setup(&mut app);
            app.lang = lang;
            let text = said(&app);
            assert!(text.starts_with(expected), "{name} {lang:?}: {text}");
            // Every reading ends with what to press next.
            let how = crate::strings::strings(lang).how_to_choose;
            assert!(text.ends_with(how), "{name} {lang:?}: {text}");
            assert_eq!(utterance(&app).unwrap().lang, lang);
        }
    }
    let (mut app, _) = speaking_app(Mode::Kiosk);
    let tiles = said(&app);
    let first = &app.tiles[0].title_ko;
    assert!(tiles.contains(&format!("1번, {first}.")), "{tiles}");
    assert!(
        tiles.ends_with("8번, 다른 주제. 샵, 소리 조절. 9번, English. 고르려면 번호를 누르고 Enter를 누르세요. 다시 들으려면 별표를 누르세요."),
        "{tiles}"
    );
    app.screen = Screen::Searching;
    assert_eq!(utterance(&app), None);
}

#[test]
fn the_clerk_screen_says_the_selected_entry() {
    let (mut app, _) = speaking_app(Mode::Clerk);
    assert_eq!(utterance(&app), None);
    type_text(&mut app, "passport");
    update(&mut app, key(KeyCode::Enter));
    let seq = app.search_seq;
    update(
        &mut app,
        Event::Replied {
            seq,
            reply: reply(Decision::Answer, &["passport-issue", "id-card-reissue"]),
        },
    );
    update(&mut app, key(KeyCode::Down));
    let effects = update(&mut app, key(KeyCode::F(5)));
    let text = &spoken(&effects).expect("F5 speaks").text;
    assert!(text.starts_with("주민등록증 재발급."), "{text}");
    // Another selection stops it.
    assert_eq!(update(&mut app, key(KeyCode::Up)), [Effect::StopSpeech]);
}

#[test]
fn the_listen_key_speaks_and_pressing_it_again_stops() {
    for press in [
        key(KeyCode::Char('*')),
        key(KeyCode::F(5)),
        Event::Choose(LISTEN),
    ] {
        let (mut app, _) = speaking_app(Mode::Kiosk);
        ask(
            &mut app,
            "baby",
            reply(Decision::Answer, &["birth-registration"]),
        );
        let effects = update(&mut app, press.clone());
        let Some(Effect::Speak { seq, utterance, .. }) = effects.first() else {
            panic!("{press:?} did not speak: {effects:?}");
        };
        assert_eq!(Some(utterance.clone()), super::super::say::utterance(&app));
        assert_eq!(app.speech.speaking, Some(*seq));
        assert!(screen(&app, 80, 24).contains("🔇 멈추기"));
        assert_eq!(update(&mut app, press), [Effect::StopSpeech]);
        assert_eq!(app.speech.speaking, None);
        assert!(screen(&app, 80, 24).contains("🔊 듣기"));
    }
    // `*` is never typed into the question.
    let (mut app, _) = speaking_app(Mode::Kiosk);
    type_text(&mut app, "passport*");
    assert_eq!(app.input, "passport");
}

#[test]
fn a_new_screen_question_or_language_stops_speech_or_reads_on() {
    type Change = fn(&mut App) -> Vec<Effect>;
    let changes: [(&str, Change); 4] = [
        ("start again", |app| update(app, Event::Choose(0))),
        ("language", |app| update(app, Event::Choose(9))),
        ("related entry", |app| update(app, Event::Choose(3))),
        ("new question", |app| {
            type_text(app, "passport");
            update(app, key(KeyCode::Enter))
        }),
    ];
    for (name, change) in changes {
        // Speech nobody asked for (the welcome) stops with the screen.
        let (mut app, _) = speaking_app(Mode::Kiosk);
        ask(
            &mut app,
            "baby",
            reply(Decision::Answer, &["birth-registration"]),
        );
        app.speech.welcome = true;
        update(&mut app, key(KeyCode::PageDown));
        assert!(app.speech.speaking.is_some(), "{name}: no welcome");
        let effects = change(&mut app);
        assert!(effects.contains(&Effect::StopSpeech), "{name}: {effects:?}");
        assert_eq!(app.speech.speaking, None, "{name}");

        // After `*`, the visit is read aloud: the new screen is read (a
        // question is read when its answer comes).
        let (mut app, _) = speaking_app(Mode::Kiosk);
        ask(
            &mut app,
            "baby",
            reply(Decision::Answer, &["birth-registration"]),
        );
        update(&mut app, key(KeyCode::Char('*')));
        let effects = change(&mut app);
        match utterance(&app) {
            Some(now) => assert_eq!(spoken(&effects), Some(&now), "{name}"),
            None => assert!(effects.contains(&Effect::StopSpeech), "{name}: {effects:?}"),
        }
    }
    // Scrolling and answering "helpful?" keep the same words on screen.
    let (mut app, _) = speaking_app(Mode::Kiosk);
    ask(
        &mut app,
        "baby",
        reply(Decision::Answer, &["birth-registration"]),
    );
    update(&mut app, key(KeyCode::Char('*')));
    assert!(update(&mut app, key(KeyCode::PageDown)).is_empty());
    assert_eq!(update(&mut app, Event::Choose(1)).len(), 1);
    assert!(app.speech.speaking.is_some());
    // `*` again stops, and the next screens are quiet.
    assert_eq!(
        update(&mut app, key(KeyCode::Char('*'))),
        [Effect::StopSpeech]
    );
    assert!(spoken(&update(&mut app, Event::Choose(3))).is_none());
}

#[test]
fn auto_mode_speaks_each_new_screen_but_not_the_idle_reset() {
    let (mut app, start) = speaking_app(Mode::Kiosk);
    app.speech.auto = true;
    let effects = ask(
        &mut app,
        "baby",
        reply(Decision::Answer, &["birth-registration"]),
    );
    let text = &spoken(&effects).expect("the answer is spoken").text;
    assert!(text.starts_with("출생신고."), "{text}");
    let effects = update(&mut app, Event::Choose(3));
    assert!(spoken(&effects).is_some(), "{effects:?}");
    let seq = app
        .speech
        .speaking
        .expect("the related entry is being said");
    update(&mut app, Event::SpeechEnded { seq, failure: None });
    // The warning is said; the reset then stops it and says nothing new.
    let effects = update(&mut app, Event::Tick(start + Duration::from_secs(60)));
    assert!(spoken(&effects).is_some(), "{effects:?}");
    let effects = update(&mut app, Event::Tick(start + Duration::from_secs(80)));
    assert!(app.is_pristine());
    assert_eq!(effects, [Effect::StopSpeech]);
}

#[test]
fn the_idle_clock_waits_while_reading_aloud_and_the_warning_is_said() {
    let (mut app, start) = speaking_app(Mode::Kiosk);
    ask(
        &mut app,
        "baby",
        reply(Decision::Answer, &["birth-registration"]),
    );
    let Some(Effect::Speak { seq, .. }) = update(&mut app, key(KeyCode::Char('*'))).pop() else {
        panic!("* did not speak");
    };
    // 출생신고 read aloud takes minutes: the screen stays and so does the voice.
    for second in (0..=300).step_by(10) {
        update(&mut app, Event::Tick(start + Duration::from_secs(second)));
    }
    assert!(matches!(app.screen, Screen::Answer { .. }));
    assert_eq!(app.speech.speaking, Some(seq));
    assert_eq!(app.idle_countdown(), None);
    // Once it has been said, the usual 60 s run, and the warning is said
    // with the way to keep the screen.
    update(&mut app, Event::SpeechEnded { seq, failure: None });
    let after = start + Duration::from_secs(300);
    assert!(update(&mut app, Event::Tick(after + Duration::from_secs(59))).is_empty());
    let effects = update(&mut app, Event::Tick(after + Duration::from_secs(60)));
    let warning = &spoken(&effects).expect("the warning is said").text;
    assert!(warning.starts_with("계속 쓰고 있나요?"), "{warning}");
    assert!(
        warning.contains("시간을 더 드릴까요? 1번을 누르세요."),
        "{warning}"
    );
    assert!(warning.contains("1번, 시간 더 주세요."), "{warning}");
    assert!(!screen(&app, 100, 30).contains("멈추기"));
    // 1 keeps the screen (and stops the warning).
    let effects = type_text(&mut app, "1");
    assert!(effects.contains(&Effect::StopSpeech), "{effects:?}");
    assert!(matches!(app.screen, Screen::Answer { .. }));
    assert_eq!(app.idle_countdown(), None);
}

#[test]
fn a_missing_or_failing_engine_is_not_offered_and_is_logged() {
    let (mut app, _) = app(Mode::Kiosk);
    let why = "`espeak-ng` is not installed or not on PATH".to_string();
    let effects = update(&mut app, Event::SpeechChecked(Err(why.clone())));
    assert_eq!(effects, [Effect::Log(LogEvent::SpeechOff { reason: why })]);
    assert!(update(&mut app, key(KeyCode::Char('*'))).is_empty());
    assert!(!screen(&app, 80, 24).contains("듣기"));

    let (mut app, _) = speaking_app(Mode::Kiosk);
    let Some(Effect::Speak { seq, .. }) = update(&mut app, key(KeyCode::Char('*'))).pop() else {
        panic!("no speech");
    };
    // A late report of an older utterance changes nothing.
    assert!(update(
        &mut app,
        Event::SpeechEnded {
            seq: seq - 1,
            failure: None
        }
    )
    .is_empty());
    assert_eq!(app.speech.speaking, Some(seq));
    let failure = Some("`espeak-ng` failed with voice `ko` (exit status: 1)".to_string());
    let effects = update(&mut app, Event::SpeechEnded { seq, failure });
    assert!(matches!(
        &effects[..],
        [Effect::Log(LogEvent::SpeechOff { .. })]
    ));
    assert!(!app.speech.available && app.speech.speaking.is_none());
    assert!(!screen(&app, 80, 24).contains("듣기"));
}

#[test]
fn the_listen_option_can_be_tapped() {
    let (mut app, _) = speaking_app(Mode::Kiosk);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut targets = Vec::new();
    terminal
        .draw(|frame| targets = render(&app, &Theme { color: false }, frame))
        .unwrap();
    assert!(targets.iter().any(|(_, n)| *n == LISTEN));
    let effects = update(&mut app, Event::Choose(LISTEN));
    assert!(spoken(&effects).is_some());
    for (lang, width, height) in [(Lang::Ko, 80, 24), (Lang::En, 80, 24)] {
        app.lang = lang;
        let name = format!("listening_{}_{width}x{height}", lang.code());
        insta::assert_snapshot!(name, screen(&app, width, height));
    }
}
