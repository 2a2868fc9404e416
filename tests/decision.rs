//! One decision: the kiosk shows exactly what `minwon ask --json` reports,
//! for the same questions, on the real model, corpus and index.

use std::path::PathBuf;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use minwon::config::{Env, Flags, Mode, Settings};
use minwon::engine::{Engine, Rebuild};
use minwon::tui::app::{App, Screen};
use minwon::tui::update::{update, Effect, Event};

use crate::common::{minwon, repo, stdout_lines};
use crate::retrieve::shared_index;

#[derive(serde::Deserialize)]
struct JsonReply {
    decision: String,
    shown: Vec<String>,
}

/// What the kiosk shows for `question`: the decision and the entries on screen.
fn kiosk(engine: &Engine, app: &mut App, question: &str) -> (String, Vec<String>) {
    // Start again (a tap on 0), then the question.
    update(app, Event::Choose(0));
    update(app, Event::Paste(question.to_string()));
    let effects = update(
        app,
        Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let Some(Effect::Search { seq, query, top_k }) = effects.into_iter().next() else {
        panic!("Enter did not search for {question:?}");
    };
    let reply = engine.ask(&query, top_k).expect("ask");
    update(app, Event::Replied { seq, reply });
    match &app.screen {
        Screen::Answer { id, .. } => ("answer".into(), vec![id.clone()]),
        Screen::Choices { ids } => ("choices".into(), ids.clone()),
        Screen::NoMatch { .. } => ("no_match".into(), vec![]),
        other => panic!("{question:?} left the kiosk on {other:?}"),
    }
}

#[test]
fn the_kiosk_shows_exactly_what_ask_reports() {
    let questions: Vec<String> = std::fs::read_to_string(repo().join("corpus/eval/dev.jsonl"))
        .unwrap()
        .lines()
        .step_by(5)
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["q"]
                .as_str()
                .unwrap()
                .to_string()
        })
        // The kiosk's input takes a question on one line; digits alone choose tiles.
        .filter(|q| !q.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert!(questions.len() > 50);

    let index = shared_index().to_str().unwrap().to_string();
    let input: String = questions.iter().map(|q| format!("{q}\n")).collect();
    let output = minwon(
        &["--index", &index, "ask", "--json", "--no-rebuild"],
        input.as_bytes(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let replies: Vec<JsonReply> = stdout_lines(&output)
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();

    let flags = Flags {
        index: Some(PathBuf::from(&index)),
        ..Flags::default()
    };
    let env = Env {
        home: None,
        cwd: repo().to_path_buf(),
    };
    let settings = Settings::load(&flags, &env).unwrap();
    let embedder = minwon::embed::load(&settings.paths.model).unwrap();
    let engine = Engine::open(&settings, embedder, Rebuild::Refused, &mut |_| {}).unwrap();
    let corpus = std::sync::Arc::new(minwon::corpus::Corpus::load(&settings.paths.corpus).unwrap());
    let mut app = App::new(
        Mode::Kiosk,
        corpus,
        settings.config.ui.clone(),
        settings.region.as_ref(),
        Instant::now(),
    );
    app.ready = true;

    let mut kinds = std::collections::BTreeSet::new();
    for (question, reply) in questions.iter().zip(&replies) {
        let shown = kiosk(&engine, &mut app, question);
        assert_eq!(
            shown,
            (reply.decision.clone(), reply.shown.clone()),
            "{question:?}"
        );
        kinds.insert(reply.decision.clone());
    }
    assert_eq!(
        kinds.len(),
        3,
        "the sample covers answers, choices and no match: {kinds:?}"
    );
}
