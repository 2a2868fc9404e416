//! The kiosk with catalogue services: choices told apart by their agency,
//! an answer in plain words with the official record behind "full
//! details", English from the plain-language layer with a notice that the
//! official details are Korean, and "getting ready" while the index is
//! built.

use super::*;
use crate::layout::Detail;
use crate::tui::options::{chosen, options, Action};
use crate::tui::say::utterance;

/// 서울시 청년 월세 지원 (서울특별시), 일상돌봄 서비스 (보건복지부),
/// 주거안정 월세대출 (국토교통부).
pub const RENT: [&str; 3] = [
    "gov24-611000000127",
    "gov24-135200005027",
    "gov24-999000000025",
];

/// A long national service, shortened on the kiosk (no related services).
pub const LONG: &str = "gov24-135200005027";

#[test]
fn choices_name_each_service_with_its_agency() {
    let (mut app, _) = app(Mode::Kiosk);
    app.speech.available = true;
    ask(&mut app, "청년 월세 지원", reply(Decision::Choices, &RENT));
    let text = screen(&app, 100, 30);
    for line in [
        "1  서울시 청년 월세 지원 · 서울특별시",
        "2  일상돌봄 서비스 · 보건복지부",
        "3  주거안정 월세대출 · 국토교통부",
        "4  여기에 없어요",
    ] {
        assert!(text.contains(line), "{line} not in\n{text}");
    }
    let said = utterance(&app).unwrap().text;
    assert!(
        said.contains("1번, 서울시 청년 월세 지원, 서울특별시."),
        "{said}"
    );
    // Curated entries have no agency line.
    ask(
        &mut app,
        "card",
        reply(Decision::Choices, &["id-card-reissue", "mobile-id"]),
    );
    assert!(!screen(&app, 100, 30).contains(" · "));
}

#[test]
fn a_long_name_is_cut_before_its_agency() {
    let (mut app, _) = app(Mode::Kiosk);
    // 계절 취약계층 어르신 보호·강화를 위한 냉난방물품 지원 (서울특별시 종로구)
    ask(
        &mut app,
        "냉난방",
        reply(Decision::Choices, &["gov24-300000000174", RENT[1]]),
    );
    let text = screen(&app, 60, 24);
    assert!(text.contains("… · 서울특별시 종로구"), "{text}");
}

#[test]
fn a_shortened_answer_offers_everything_after_the_related_entries() {
    let (mut app, _) = app(Mode::Kiosk);
    ask(&mut app, "청년 월세", reply(Decision::Answer, &[LONG]));
    assert!(matches!(
        &app.screen,
        Screen::Answer {
            detail: Detail::Short,
            ..
        }
    ));
    // It has no related services: 1 and 2 are "helpful?", so "full
    // details" is 3.
    assert_eq!(chosen(&app, 3), Some(Action::ShowAll));
    let short = screen(&app, 80, 24);
    assert!(short.contains("3  자세히 보기"), "{short}");
    assert!(
        short.contains("받을 수 있는 사람: 돌볼 가족이 없는"),
        "{short}"
    );
    assert!(!short.contains("공식 안내 원문"), "{short}");

    update(&mut app, key(KeyCode::PageDown));
    let effects = press(&mut app, 3);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(
        &app.screen,
        Screen::Answer {
            detail: Detail::Full,
            scroll: 10,
            ..
        }
    ));
    assert!(options(&app).iter().all(|c| c.action != Action::ShowAll));
    let full = screen(&app, 80, 24);
    assert!(!full.contains("자세히 보기"), "{full}");
    // Scrolling still works, and so does "helpful?".
    update(&mut app, key(KeyCode::PageDown));
    assert!(matches!(&app.screen, Screen::Answer { scroll: 20, .. }));
    assert_eq!(update(&mut app, Event::Choose(1)).len(), 1);

    // A new answer starts shortened again.
    ask(&mut app, "청년 월세", reply(Decision::Answer, &[LONG]));
    assert!(matches!(
        &app.screen,
        Screen::Answer {
            detail: Detail::Short,
            scroll: 0,
            feedback: None,
            ..
        }
    ));
    // Curated entries are never shortened: 3 stays their first related entry.
    ask(
        &mut app,
        "birth",
        reply(Decision::Answer, &["birth-registration"]),
    );
    assert!(options(&app).iter().all(|c| c.action != Action::ShowAll));
}

#[test]
fn reading_aloud_says_the_answer_as_shown() {
    let (mut app, _) = app(Mode::Kiosk);
    app.speech.available = true;
    ask(&mut app, "청년 월세", reply(Decision::Answer, &[LONG]));
    let short = utterance(&app).unwrap().text;
    assert!(short.contains("2번, 아니요. 3번, 자세히 보기."), "{short}");
    update(&mut app, Event::Choose(3));
    let full = utterance(&app).unwrap().text;
    assert!(
        full.contains("공식 안내 원문") && full.len() > short.len(),
        "{full}"
    );
    // Showing everything is new words: the whole answer is read instead.
    let (mut app, _) = super::app(Mode::Kiosk);
    update(&mut app, Event::SpeechChecked(Ok(())));
    ask(&mut app, "청년 월세", reply(Decision::Answer, &[LONG]));
    update(&mut app, key(KeyCode::Char('*')));
    let effects = update(&mut app, Event::Choose(3));
    let whole = utterance(&app).unwrap();
    assert!(
        matches!(effects.as_slice(), [Effect::Speak { utterance, .. }] if *utterance == whole),
        "{effects:?}"
    );
}

#[test]
fn in_english_a_catalogue_answer_is_english_with_its_korean_name() {
    let (mut app, _) = app(Mode::Kiosk);
    app.speech.available = true;
    let mut answer = reply(Decision::Answer, &[LONG]);
    answer.lang = Some(Lang::En);
    ask(&mut app, "youth rent support", answer);
    assert_eq!(app.lang, Lang::En);
    let text = screen(&app, 100, 30);
    let lines: Vec<&str> = text.lines().collect();
    let title = lines
        .iter()
        .position(|l| l.contains("Daily care for adults and young carers"))
        .expect("the title");
    assert!(
        lines[title + 1].contains("In Korean: 일상돌봄 서비스"),
        "{text}"
    );
    assert!(
        lines[title + 2].contains("ⓘ The official details of this service are in Korean"),
        "{text}"
    );
    assert!(
        text.contains("Who can get it: Sick people aged 19 to 64"),
        "{text}"
    );
    assert!(text.contains("3  Full details"), "{text}");
    let said = utterance(&app).unwrap();
    assert!(
        said.text.starts_with(
            "Daily care for adults and young carers. In Korean: 일상돌봄 서비스. The official details"
        ),
        "{}",
        said.text
    );
    // The Korean name in the Korean voice.
    assert!(said.passages().contains(&(Lang::Ko, "일상돌봄 서비스.")));
    // In Korean there is nothing to warn about.
    press(&mut app, 9);
    assert!(!screen(&app, 100, 30).contains("ⓘ"));
}

#[test]
fn a_service_without_a_layer_says_in_english_that_its_details_are_korean() {
    let corpus = corpus();
    let Some(busan) = corpus.entries().iter().find(|e| {
        matches!(e, crate::corpus::Entry::Catalogue(c) if c.plain.is_none() && e.region().province().is_some())
    }) else {
        panic!("a service outside the layer's scope");
    };
    let (mut app, _) = app(Mode::Kiosk);
    app.screen = Screen::answer(busan.id().to_string());
    app.lang = Lang::En;
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("ⓘ The details of this service are only in Korean."),
        "{text}"
    );
    assert!(text.contains("Who can get it"), "{text}");
    app.lang = Lang::Ko;
    assert!(!screen(&app, 100, 30).contains("ⓘ"));
}

#[test]
fn the_first_start_shows_how_far_getting_ready_has_got() {
    let (mut app, _) = app(Mode::Kiosk);
    app.ready = false;
    assert!(screen(&app, 80, 24).contains("준비하고 있어요…"));
    update(
        &mut app,
        Event::Loading(Loading::Building {
            reason: "no index yet".into(),
        }),
    );
    assert_eq!(app.building, Some(Default::default()));
    update(
        &mut app,
        Event::Loading(Loading::Embedded {
            done: 3200,
            total: 20_000,
        }),
    );
    let home = screen(&app, 80, 24);
    assert!(home.contains("준비하고 있어요… 3,200 / 20,000 █"), "{home}");
    // The tiles still work before the engine is ready.
    press(&mut app, 1);
    assert_eq!(app.screen, Screen::Browse { tile: 0, page: 0 });
    // A question waits, saying so, and is answered once ready.
    let effects = type_text(&mut app, "passport");
    assert!(effects.is_empty());
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(matches!(effects[..], [Effect::Search { .. }]));
    let waiting = screen(&app, 80, 24);
    assert!(
        waiting.contains("준비가 끝나면 바로 답해 드려요."),
        "{waiting}"
    );
    // Above the question's place, not again in the footer.
    assert_eq!(waiting.matches("3,200 / 20,000").count(), 1, "{waiting}");
    update(&mut app, Event::Ready);
    assert_eq!(app.building, None);
    assert!(!screen(&app, 80, 24).contains("3,200"));
    // The clerk's screen shows it too, in English here.
    let (mut clerk, _) = super::app(Mode::Clerk);
    clerk.ready = false;
    clerk.lang = Lang::En;
    update(
        &mut clerk,
        Event::Loading(Loading::Embedded {
            done: 20_000,
            total: 20_000,
        }),
    );
    let text = screen(&clerk, 120, 40);
    assert!(text.contains("Getting ready… 20,000 / 20,000 █"), "{text}");
}
