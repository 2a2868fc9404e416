//! Catalogue answers a citizen can act on, over the real catalogue and its
//! plain-language layer: every service a 종로구 kiosk shows answers on its
//! first screen in plain words, in Korean and English; the QR code of its
//! page reads back from a screenshot; slips carry what staff elsewhere need.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::*;
use crate::corpus::catalogue::facts::Facts;
use crate::corpus::plain::SCOPE;
use crate::corpus::{CatalogueEntry, Entry};
use crate::layout::slip::slip;
use crate::layout::{layout, Body, Detail};
use crate::qr::tests::decode;
use crate::region::{covers, Region};
use crate::sanitize::for_display;
use crate::tui::options::{chosen, Action};

/// 청년도약계좌 (서민금융진흥원, online), 저소득어르신급식지원 (서울특별시,
/// in person with no office named).
const YOUTH_SAVINGS: &str = "gov24-B55370100023";
const SENIOR_MEALS: &str = "gov24-611000000145";

fn buffer(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            render(app, &Theme { color: true }, frame);
        })
        .unwrap();
    terminal.backend().buffer().clone()
}

/// Whether a cell is part of a QR code (drawn dark on light).
fn is_code(buffer: &Buffer, x: u16, y: u16) -> bool {
    buffer[(x, y)].bg == Color::White
}

/// The answer's text as read on screen, left of a QR code beside it (and
/// without one after it), with every space taken out (lines wrap at
/// spaces).
fn answer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let code_left = (0..area.width)
        .find(|&x| (0..area.height).any(|y| is_code(buffer, x, y)))
        .filter(|&x| x > 0)
        .unwrap_or(area.width);
    // Below the title bar and the question line.
    (4..area.height)
        .flat_map(|y| (0..code_left).map(move |x| (x, y)))
        .filter(|&(x, y)| !is_code(buffer, x, y))
        .map(|(x, y)| buffer[(x, y)].symbol().to_string())
        .collect::<String>()
        .split_whitespace()
        .collect()
}

fn squeezed(text: &str) -> String {
    for_display(text).split_whitespace().collect()
}

/// An answer screen for `id` in `lang`.
fn answered(id: &str, lang: Lang) -> App {
    let (mut app, _) = app(Mode::Kiosk);
    app.screen = Screen::answer(id.to_string());
    app.lang = lang;
    app
}

/// Every catalogue service a kiosk in the layer's scope shows: national,
/// 서울특별시 and 서울특별시 종로구.
fn in_scope(corpus: &Corpus) -> Vec<&CatalogueEntry> {
    let scope = Region::parse(SCOPE).unwrap();
    corpus
        .entries()
        .iter()
        .filter_map(|entry| match entry {
            Entry::Catalogue(e) if covers(Some(&scope), &e.region) => Some(e),
            _ => None,
        })
        .collect()
}

/// The facts the first screen must show, in `lang`, each as it is laid out.
fn key_facts(entry: &CatalogueEntry, lang: Lang) -> Vec<String> {
    let plain = entry.plain.as_ref().expect("a plain-language layer");
    let text = plain.text(lang);
    let shown = layout(&Entry::Catalogue(entry.clone()), lang, Detail::Short);
    let mut facts = vec![
        entry.name(lang).to_string(),
        text.summary.clone(),
        text.who.clone(),
        text.get.clone(),
        text.apply.clone(),
    ];
    facts.extend(shown.korean_name);
    let s = crate::strings::strings(lang);
    for section in shown.sections {
        if section.label == s.where_to_apply || section.label == s.phone {
            let Body::Text(value) = section.body else {
                panic!("{} is one line", section.label);
            };
            facts.push(format!("{}: {value}", section.label));
        }
    }
    facts
}

#[test]
fn every_service_of_a_jongno_kiosk_answers_first_in_plain_words() {
    let corpus = corpus();
    let services = in_scope(&corpus);
    assert!(services.len() > 1000, "{}", services.len());
    let mut wrong = Vec::new();
    for entry in &services {
        for lang in [Lang::Ko, Lang::En] {
            let seen = answer_text(&buffer(&answered(&entry.id, lang), 100, 30));
            let missing: Vec<String> = key_facts(entry, lang)
                .into_iter()
                .filter(|fact| !seen.contains(&squeezed(fact)))
                .collect();
            let markers: Vec<char> = seen.chars().filter(|c| "○※❶❷①".contains(*c)).collect();
            if !missing.is_empty() || !markers.is_empty() {
                wrong.push(format!("{} {lang:?}: {missing:?} {markers:?}", entry.id));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} services:\n{}",
        wrong.len(),
        services.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_qr_code_on_screen_reads_back_as_the_services_page() {
    let corpus = corpus();
    for id in [YOUTH_SAVINGS, SENIOR_MEALS, catalogue::LONG] {
        let Some(Entry::Catalogue(entry)) = corpus.get(id) else {
            panic!("{id} is a catalogue service");
        };
        let page = Facts::of(&entry.service).page;
        for (lang, width, height) in [(Lang::Ko, 100, 30), (Lang::En, 120, 40), (Lang::Ko, 80, 30)]
        {
            let mut app = answered(id, lang);
            // On a narrow screen the code follows the answer: scroll to it.
            if width < 100 {
                update(&mut app, Event::Scroll(100));
            }
            let shot = buffer(&app, width, height);
            assert_eq!(
                screenshot_code(&shot).as_deref(),
                Some(page.as_str()),
                "{id} {lang:?} {width}x{height}"
            );
        }
    }
}

#[test]
fn a_screen_too_low_for_the_whole_code_shows_none() {
    let mut app = answered(YOUTH_SAVINGS, Lang::Ko);
    update(&mut app, Event::Scroll(100));
    let shot = buffer(&app, 80, 24);
    let area = shot.area;
    let cells = (0..area.width).flat_map(|x| (0..area.height).map(move |y| (x, y)));
    assert!(!cells.into_iter().any(|(x, y)| is_code(&shot, x, y)));
    assert!(answer_text(&shot).contains("dtlEx/B55370100023"));
}

/// What a phone camera sees in a screenshot: the code's cells as its
/// modules (dark on light), everything else the screen's dark background.
fn screenshot_code(buffer: &Buffer) -> Option<String> {
    let area = buffer.area;
    let lines: Vec<String> = (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| match is_code(buffer, x, y) {
                    true => buffer[(x, y)].symbol().chars().next().unwrap_or(' '),
                    false => '█',
                })
                .collect()
        })
        .collect();
    decode(&lines, 3)
}

#[test]
fn slips_carry_the_korean_name_the_day_and_whom_to_contact() {
    let corpus = corpus();
    let s = |lang| crate::strings::strings(lang);
    for id in [YOUTH_SAVINGS, SENIOR_MEALS, "birth-registration"] {
        let entry = corpus.get(id).unwrap();
        for lang in [Lang::Ko, Lang::En] {
            // As written to the slip file.
            let text = crate::sanitize::for_display_lines(&slip(entry, lang));
            let korean = match entry {
                Entry::Curated(e) => e.ko.title.clone(),
                Entry::Catalogue(e) => e.service.name().to_string(),
            };
            assert!(text.contains(&korean), "{id} {lang:?}:\n{text}");
            assert!(text.contains(s(lang).as_of), "{id} {lang:?}:\n{text}");
            assert!(
                text.contains(&format!("{}: ", s(lang).phone)),
                "{id} {lang:?}:\n{text}"
            );
            if let Entry::Catalogue(e) = entry {
                let page = Facts::of(&e.service).page;
                let code: Vec<String> = text
                    .lines()
                    .filter(|l| l.contains(['█', '▀', '▄']) || l.is_empty())
                    .map(str::to_string)
                    .collect();
                assert_eq!(decode(&code, 3).as_deref(), Some(page.as_str()), "{id}");
                assert!(text.contains(s(lang).where_to_apply), "{id} {lang:?}");
            }
        }
    }
    // In Korean, the source is Korean too.
    let birth = slip(corpus.get("birth-registration").unwrap(), Lang::Ko);
    assert!(birth.contains("출처: 대법원"), "{birth}");
    assert!(!birth.contains("Supreme Court"), "{birth}");
}

#[test]
fn catalogue_answers_offer_related_services_every_kiosk_showing_them_shows() {
    let corpus = corpus();
    let services = in_scope(&corpus);
    let related = services.iter().filter(|e| !e.related.is_empty()).count();
    assert!(
        related * 2 > services.len(),
        "{related} of {}",
        services.len()
    );
    let kiosks: Vec<Option<Region>> = std::iter::once(None)
        .chain(Region::all().map(Some))
        .collect();
    for entry in corpus.entries() {
        for id in entry.related() {
            let other = corpus.get(id).expect("a related entry exists");
            assert_ne!(other.id(), entry.id());
            for kiosk in &kiosks {
                assert!(
                    !covers(kiosk.as_ref(), &entry.region())
                        || covers(kiosk.as_ref(), &other.region()),
                    "{} offers {id}, which {kiosk:?} does not show",
                    entry.id()
                );
            }
        }
    }
    // 주거안정 월세대출: other housing loans, as numbered options after
    // "full details".
    let rent = corpus.get(catalogue::RENT[2]).unwrap();
    assert!(rent.related().iter().any(|id| id == "gov24-161300000076"));
    let app = answered(catalogue::RENT[2], Lang::Ko);
    let text = screen(&app, 100, 30);
    assert_eq!(chosen(&app, 3), Some(Action::ShowAll));
    assert!(text.contains("3  자세히 보기"), "{text}");
    let first = rent
        .related()
        .iter()
        .position(|id| id == "gov24-161300000076");
    let key = 4 + first.unwrap() as u8;
    assert!(
        text.contains(&format!("{key}  버팀목전세자금대출")),
        "{text}"
    );
    assert_eq!(
        chosen(&app, key),
        Some(Action::Open("gov24-161300000076".into()))
    );
}
