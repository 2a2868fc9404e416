//! 200 %: at half the columns and rows of the deployed 100×30 (50×15),
//! every kiosk screen in both languages still shows its title and every
//! option it offers (drawn where a tap reaches it), with anything cut
//! ending in "…"; and so at 60×20, 80×24 and 100×30.

use super::*;
use crate::tui::options::options;

type Setup = fn(&mut App);

fn screens() -> [(&'static str, Setup); 10] {
    [
        ("home", |_| {}),
        ("answer", |app| {
            ask(
                app,
                "baby",
                reply(Decision::Answer, &["birth-registration"]),
            );
        }),
        ("catalogue answer", |app| {
            ask(app, "x", reply(Decision::Answer, &[super::catalogue::LONG]));
        }),
        ("choices", |app| {
            let ids = ["id-card-reissue", "mobile-id", "passport-issue"];
            ask(app, "card", reply(Decision::Choices, &ids));
        }),
        ("others", |app| {
            let ids = ["birth-registration", "childbirth-support", "vaccination"];
            ask(app, "baby", reply(Decision::Answer, &ids));
            press(app, 2);
        }),
        ("browse", |app| {
            press(app, 7);
        }),
        ("no match", |app| {
            ask(app, "weather", reply(Decision::NoMatch, &[]));
        }),
        ("failed", |app| app.screen = Screen::Failed),
        ("voice", |app| {
            update(app, key(KeyCode::Char('#')));
        }),
        ("idle warning", |app| {
            ask(
                app,
                "baby",
                reply(Decision::Answer, &["birth-registration"]),
            );
            let now = app.now + Duration::from_secs(61);
            update(app, Event::Tick(now));
        }),
    ]
}

#[test]
fn every_screen_at_half_size_shows_its_title_and_every_option() {
    let sizes = [(50, 15), (60, 20), (80, 24), (100, 30)];
    for ((name, setup), (width, height)) in
        screens().into_iter().flat_map(|s| sizes.map(|z| (s, z)))
    {
        for lang in [Lang::Ko, Lang::En] {
            let (mut app, _) = app(Mode::Kiosk);
            app.speech.available = true;
            app.lang = lang;
            setup(&mut app);
            app.lang = lang;
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            let mut targets = Vec::new();
            terminal
                .draw(|frame| targets = render(&app, &Theme { color: false }, frame))
                .unwrap();
            let shown = terminal.backend().to_string();
            let title = crate::strings::strings(lang).app_title;
            // The warning box may cover the title bar; it is the screen then.
            if name != "idle warning" {
                assert!(
                    shown.contains(title),
                    "{name} {lang:?} {width}×{height}: no title\n{shown}"
                );
            }
            let offered = options(&app);
            assert!(!offered.is_empty(), "{name} {lang:?} {width}×{height}");
            for option in offered {
                assert!(
                    targets.iter().any(|(_, key)| *key == option.key),
                    "{name} {lang:?} {width}×{height}: option {} {:?} not drawn\n{shown}",
                    option.key,
                    option.label
                );
                let start: String = option.label.chars().take(2).collect();
                assert!(
                    shown.contains(&start),
                    "{name} {lang:?} {width}×{height}: {:?} not shown\n{shown}",
                    option.label
                );
            }
        }
    }
}
