//! The language of a question measured on the labelled questions: Korean
//! ones typed with the keyboard left in English mode come back as the very
//! same Hangul (so they are searched and answered exactly as typed in
//! Korean), and no English question is taken for mistyped Hangul or stops
//! counting as English. `cargo test --lib lang::measured -- --nocapture`
//! prints the figures.

use std::path::Path;

use super::{mistyped_hangul, Lang};
use crate::corpus::devset::{self, LabelledQuestion};
use crate::keyboard::to_keys;

fn questions(files: &[&str], lang: Lang) -> Vec<LabelledQuestion> {
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/eval");
    files
        .iter()
        .flat_map(|file| devset::load(&eval.join(file)).expect("a labelled set"))
        .filter(|q| q.lang == lang)
        .collect()
}

#[test]
fn korean_questions_typed_in_english_mode_come_back_as_typed() {
    let sets = ["dev.jsonl", "blind.jsonl", "personas.jsonl"];
    let korean = questions(&sets, Lang::Ko);
    let missed: Vec<(&str, String)> = korean
        .iter()
        .map(|q| (q.q.as_str(), to_keys(&q.q)))
        .filter(|(hangul, keys)| mistyped_hangul(keys).as_deref() != Some(*hangul))
        .collect();
    let recovered = korean.len() - missed.len();
    eprintln!(
        "Korean questions of {} typed in English mode: {recovered} of {} recovered exactly ({:.1} %)",
        sets.join(", "),
        korean.len(),
        100.0 * recovered as f64 / korean.len() as f64
    );
    for (hangul, keys) in &missed {
        eprintln!("  missed: {hangul} ({keys})");
    }
    assert!(korean.len() > 700, "{} Korean questions", korean.len());
    assert!(
        recovered * 100 >= korean.len() * 95,
        "{recovered} of {}",
        korean.len()
    );
}

#[test]
fn english_questions_are_never_converted_and_stay_english() {
    let sets = [
        "dev.jsonl",
        "blind.jsonl",
        "clinc150/calibration.jsonl",
        "catalogue.jsonl",
        "blind-uncovered.jsonl",
        "personas.jsonl",
    ];
    let english = questions(&sets, Lang::En);
    let converted: Vec<&str> = english
        .iter()
        .filter(|q| mistyped_hangul(&q.q).is_some())
        .map(|q| q.q.as_str())
        .collect();
    let not_english: Vec<&str> = english
        .iter()
        .filter(|q| Lang::of_question(&q.q) != Some(Lang::En))
        .map(|q| q.q.as_str())
        .collect();
    eprintln!(
        "English questions of {}: {}; taken for mistyped Hangul: {}; not counted as English: {}",
        sets.join(", "),
        english.len(),
        converted.len(),
        not_english.len()
    );
    assert!(english.len() > 1850, "{} English questions", english.len());
    assert!(converted.is_empty(), "converted: {converted:?}");
    assert!(not_english.is_empty(), "not English: {not_english:?}");
}
