//! The clerk's screen: searching after a pause in typing, and the filters:
//! 서비스분야 (F6) and 사용자구분 (F7) cycle through the values the corpus
//! has, the list follows at once, more results are asked for while a filter
//! is on, and each result names its agency and region.

use super::catalogue::RENT;
use super::*;
use crate::tui::app::{CLERK_RESULTS, FILTERED_TOP_K};

fn shift_f(n: u8) -> Event {
    Event::Key(KeyEvent::new(KeyCode::F(n), KeyModifiers::SHIFT))
}

/// Types `query`, lets the debounce pass and delivers `ids` as its ranking.
fn search_for(app: &mut App, start: Instant, query: &str, ids: &[&str]) -> Vec<Effect> {
    type_text(app, query);
    let effects = update(app, Event::Tick(start + DEBOUNCE));
    let seq = app.search_seq;
    update(
        app,
        Event::Replied {
            seq,
            reply: reply(Decision::Choices, ids),
        },
    );
    effects
}

#[test]
fn the_filters_hold_the_values_the_corpus_has() {
    let (app, _) = app(Mode::Clerk);
    let [field, user] = &app.clerk.filters;
    // Most common first.
    assert_eq!(field.values[0], "생활안정");
    for value in ["보건·의료", "임신·출산", "주거·자립", "농림축산어업"] {
        assert!(field.values.iter().any(|v| v == value), "{value}");
    }
    assert_eq!(field.values.len(), 10);
    // `개인||가구` counts for both; no value holds `||`.
    assert_eq!(user.values, ["개인", "법인/시설/단체", "가구", "소상공인"]);
}

#[test]
fn f6_and_f7_cycle_through_the_values_and_back_to_off() {
    let (mut app, _) = app(Mode::Clerk);
    let count = app.clerk.filters[0].values.len();
    update(&mut app, key(KeyCode::F(6)));
    assert_eq!(app.clerk.filters[0].value(), Some("생활안정"));
    for _ in 1..count {
        update(&mut app, key(KeyCode::F(6)));
    }
    assert!(app.clerk.filters[0].value().is_some());
    update(&mut app, key(KeyCode::F(6)));
    assert_eq!(app.clerk.filters[0].value(), None);
    // Shift goes back: from off to the last value.
    update(&mut app, shift_f(6));
    assert_eq!(app.clerk.filters[0].chosen, Some(count - 1));
    update(&mut app, key(KeyCode::F(7)));
    assert_eq!(app.clerk.filters[1].value(), Some("개인"));
    // Nothing typed: nothing to search.
    assert!(update(&mut app, key(KeyCode::F(7))).is_empty());
}

#[test]
fn a_filter_narrows_the_list_at_once_and_asks_for_more_results() {
    let (mut app, start) = app(Mode::Clerk);
    let ranked = [
        RENT[0],
        "passport-issue",
        RENT[1],
        "gov24-300000000108",
        RENT[2],
    ];
    let effects = search_for(&mut app, start, "월세", &ranked);
    assert!(matches!(&effects[..], [Effect::Search { top_k, .. }] if *top_k == CLERK_RESULTS));
    assert_eq!(app.clerk.results.len(), 5);
    app.clerk.selected = 2;

    // 주거·자립: two of the rent services; the curated entry, the birth one
    // (임신·출산) and the third rent one (생활안정) are left out. The search
    // runs again for more.
    let housing = app.clerk.filters[0]
        .values
        .iter()
        .position(|v| v == "주거·자립")
        .unwrap();
    app.clerk.filters[0].chosen = Some(housing - 1);
    let effects = update(&mut app, key(KeyCode::F(6)));
    let ids: Vec<&str> = app.clerk.results.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, [RENT[0], RENT[2]]);
    assert_eq!(app.clerk.selected, 0);
    assert_eq!(
        effects,
        [Effect::Search {
            seq: app.search_seq,
            query: "월세".into(),
            top_k: FILTERED_TOP_K
        }]
    );

    // Typing goes on searching (debounced), with the larger list.
    type_text(&mut app, " 지원");
    let effects = update(&mut app, Event::Tick(start + DEBOUNCE * 2));
    assert!(matches!(&effects[..], [Effect::Search { top_k, .. }] if *top_k == FILTERED_TOP_K));

    // A filter that nothing passes says so; Esc clears the search, then the
    // filters, then quits.
    update(&mut app, key(KeyCode::F(7)));
    update(&mut app, key(KeyCode::F(7)));
    let seq = app.search_seq;
    update(
        &mut app,
        Event::Replied {
            seq,
            reply: reply(Decision::Choices, &ranked),
        },
    );
    assert!(app.clerk.results.is_empty());
    assert!(screen(&app, 120, 40).contains("조건에 맞는 결과가 없어요"));
    update(&mut app, key(KeyCode::Esc));
    assert!(app.input.is_empty() && app.clerk.ranked.is_empty());
    assert_eq!(app.clerk.filters[0].value(), Some("주거·자립"));
    assert!(update(&mut app, key(KeyCode::Esc)).is_empty());
    assert!(app.clerk.filters.iter().all(|f| f.value().is_none()));
    assert_eq!(update(&mut app, key(KeyCode::Esc)), [Effect::Quit]);
}

#[test]
fn ten_results_pass_from_the_larger_list() {
    let (mut app, start) = app(Mode::Clerk);
    update(&mut app, key(KeyCode::F(7)));
    let corpus = app.corpus.clone();
    let people: Vec<&str> = corpus
        .entries()
        .iter()
        .filter(|e| {
            e.values(crate::corpus::catalogue::Field::UserType)
                .any(|v| v == "개인")
        })
        .map(|e| e.id())
        .take(30)
        .collect();
    let ranked: Vec<&str> = people
        .iter()
        .flat_map(|id| [*id, "passport-issue"])
        .collect();
    search_for(&mut app, start, "지원", &ranked);
    assert_eq!(app.clerk.results.len(), CLERK_RESULTS);
    assert!(app.clerk.results.iter().all(|h| h.id != "passport-issue"));
}

#[test]
fn each_result_names_its_agency_and_region() {
    let (mut app, start) = app(Mode::Clerk);
    search_for(
        &mut app,
        start,
        "월세",
        &[RENT[0], RENT[1], "gov24-300000000108", "passport-issue"],
    );
    let text = screen(&app, 120, 40);
    for line in [
        "서울시 청년 월세 지원",
        "서울특별시",
        "보건복지부 · 전국",
        "서울특별시 종로구",
        "F6 분야: 전체  F7 대상: 전체",
    ] {
        assert!(text.contains(line), "{line} not in\n{text}");
    }
    app.lang = Lang::En;
    let text = screen(&app, 120, 40);
    assert!(text.contains("보건복지부 · Nationwide"), "{text}");
    assert!(text.contains("F6 Field: all  F7 For: all"), "{text}");
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
