//! UI responsiveness: keystroke to redrawn frame, start to first frame, and
//! how soon the clerk sees results after typing stops, without and with a
//! filter.
//!
//!     cargo bench --bench ui
//!
//! Needs the model (models/fetch.sh). The first run builds the index in
//! `index/` beside the corpus, as the UI would (minutes); later runs open it.
//! Frames are drawn into ratatui's `TestBackend` (the same widgets and
//! layout as on a terminal, without the terminal's own write time).

use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use minwon::config::{Env, Flags, Mode, Settings, UiConfig};
use minwon::corpus::Corpus;
use minwon::engine::{Engine, Rebuild};
use minwon::region::Region;
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
    let mut corpus = Corpus::load(&root.join("corpus")).expect("corpus");
    corpus.relate_catalogue();
    let corpus = std::sync::Arc::new(corpus);
    let loaded = start.elapsed();
    // The deployed region: its catalogue's fields become topics.
    let region = Region::parse("서울특별시 종로구").expect("a region");
    let app = App::new(
        Mode::Kiosk,
        corpus.clone(),
        UiConfig::default(),
        Some(&region),
        Instant::now(),
    );
    let state = start.elapsed() - loaded;
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| {
            render(&app, &theme, f);
        })
        .unwrap();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "start to first frame: {:.1} ms (corpus load {:.1} ms, state {:.1} ms, the rest drawing; target <= 300 ms; the model loads after, on a worker thread)",
        ms(start.elapsed()),
        ms(loaded),
        ms(state)
    );

    for (mode, width, height) in [
        (Mode::Kiosk, 80, 24),
        (Mode::Kiosk, 120, 40),
        (Mode::Clerk, 120, 40),
    ] {
        let mut app = App::new(
            mode,
            corpus.clone(),
            UiConfig::default(),
            Some(&region),
            Instant::now(),
        );
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

    // The index beside the corpus, as the UI uses it: the first run builds
    // it (the catalogue's ~20,000 texts take minutes), later runs open it.
    let flags = Flags {
        region: Some("서울특별시 종로구".into()),
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
        "청년 월세 지원",
    ];
    for q in queries {
        searcher.ask(q, 10).unwrap();
    }
    // Search, the reply through `update` (filtering it when a filter is
    // on) and a frame: what happens once the debounce has passed.
    for filtered in [false, true] {
        let mut app = App::new(
            Mode::Clerk,
            corpus.clone(),
            UiConfig::default(),
            Some(&region),
            Instant::now(),
        );
        app.ready = true;
        if filtered {
            // 개인: the commonest 사용자구분, so most results pass.
            update(
                &mut app,
                Event::Key(KeyEvent::new(KeyCode::F(7), KeyModifiers::NONE)),
            );
        }
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let search = median(
            (0..60)
                .map(|i| {
                    let t = Instant::now();
                    let reply = searcher
                        .ask(queries[i % queries.len()], app.clerk.top_k())
                        .unwrap();
                    let seq = app.search_seq;
                    update(&mut app, Event::Replied { seq, reply });
                    terminal
                        .draw(|f| {
                            render(&app, &theme, f);
                        })
                        .unwrap();
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        );
        let total = DEBOUNCE + Duration::from_secs_f64(search / 1e3);
        let filter = if filtered {
            format!(
                "filter on (top_k {}, {} shown)",
                app.clerk.top_k(),
                app.clerk.results.len()
            )
        } else {
            "no filter".to_string()
        };
        println!(
            "clerk results after typing stops, {filter}: debounce {} ms + search, update and frame p50 {search:.1} ms = {:.0} ms (target <= 150 ms)",
            DEBOUNCE.as_millis(),
            total.as_secs_f64() * 1e3
        );
    }
}
