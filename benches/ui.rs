//! UI responsiveness: keystroke to redrawn frame, start to first frame, and
//! how soon the clerk sees results after typing stops.
//!
//!     cargo bench --bench ui
//!
//! Frames are drawn into ratatui's `TestBackend` (the same widgets and
//! layout as on a terminal, without the terminal's own write time).

use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use minwon::config::{Env, Flags, Mode, Settings, UiConfig};
use minwon::corpus::Corpus;
use minwon::engine::{Engine, Rebuild};
use minwon::tui::app::App;
use minwon::tui::theme::Theme;
use minwon::tui::update::{update, Event, DEBOUNCE};
use minwon::tui::view::render;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let theme = Theme { color: true };

    let start = Instant::now();
    let corpus = std::sync::Arc::new(Corpus::load(&root.join("corpus")).expect("corpus"));
    let app = App::new(
        Mode::Kiosk,
        corpus.clone(),
        UiConfig::default(),
        Instant::now(),
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| {
            render(&app, &theme, f);
        })
        .unwrap();
    println!("start to first frame (corpus load + state + draw): {:.1} ms (target <= 300 ms; the model loads after, on a worker thread)", start.elapsed().as_secs_f64() * 1e3);

    for (mode, width, height) in [
        (Mode::Kiosk, 80, 24),
        (Mode::Kiosk, 120, 40),
        (Mode::Clerk, 120, 40),
    ] {
        let mut app = App::new(mode, corpus.clone(), UiConfig::default(), Instant::now());
        app.ready = true;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let mut times = Vec::new();
        for i in 0..2000 {
            let c = if i % 40 == 39 {
                KeyCode::Backspace
            } else {
                KeyCode::Char((b'a' + (i % 26) as u8) as char)
            };
            let t = Instant::now();
            update(&mut app, Event::Key(KeyEvent::new(c, KeyModifiers::NONE)));
            terminal
                .draw(|f| {
                    render(&app, &theme, f);
                })
                .unwrap();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        println!("keystroke to redrawn frame, {mode:?} {width}x{height}: p50 {:.3} ms, max {:.3} ms (target <= 16 ms)", median(times.clone()), times.iter().cloned().fold(0.0, f64::max));
    }

    let index = tempfile::tempdir().unwrap();
    let flags = Flags {
        index: Some(index.path().to_path_buf()),
        ..Flags::default()
    };
    let env = Env {
        home: Some(root.to_path_buf()),
        cwd: root.to_path_buf(),
    };
    let settings = Settings::load(&flags, &env).expect("settings");
    let embedder = minwon::embed::load(&settings.paths.model).expect("model");
    let searcher =
        Engine::open(&settings, embedder, Rebuild::Allowed, &mut |_| {}).expect("engine");
    let queries = [
        "passport",
        "lost my id card",
        "vaccine for my baby",
        "parking ticket pay",
        "여권 재발급",
        "bulky waste sofa",
    ];
    for q in queries {
        searcher.ask(q, 10).unwrap();
    }
    let search = median(
        (0..60)
            .map(|i| {
                let t = Instant::now();
                searcher.ask(queries[i % queries.len()], 10).unwrap();
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );
    let total = DEBOUNCE + Duration::from_secs_f64(search / 1e3);
    println!(
        "clerk results after typing stops: debounce {} ms + search p50 {search:.1} ms + one frame = {:.0} ms (target <= 150 ms)",
        DEBOUNCE.as_millis(),
        total.as_secs_f64() * 1e3
    );
}
