//! The rules for one curated entry, including those that need the rest of
//! the corpus (ids, categories, questions seen in other entries).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::Report;
use crate::corpus::bilingual;
use crate::corpus::entry::{sentences, word_count, Lines, NOTES, STEPS};
use crate::corpus::{CuratedEntry, Problem};

/// What the rules know of the whole corpus while checking one entry.
pub struct Context<'a> {
    pub ids: &'a HashSet<&'a str>,
    /// `None` when categories.toml itself did not parse.
    pub category_ids: Option<&'a HashSet<&'a str>>,
    pub first_file_of_id: HashMap<String, PathBuf>,
    /// Normalised question -> (entry id, file) where it was first seen.
    pub first_question: HashMap<String, (String, PathBuf)>,
}

pub fn entry_problems(
    entry: &CuratedEntry,
    lines: &Lines,
    context: &mut Context,
    problems: &mut Vec<Problem>,
) {
    let path = entry.path.as_path();
    let mut report = Report::new(path, problems);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if entry.id != stem {
        report.error(
            lines.of_key("id"),
            format!("id `{}` does not match the file name `{stem}.md`", entry.id),
        );
    }
    if let Some(other) = context
        .first_file_of_id
        .insert(entry.id.clone(), path.to_path_buf())
    {
        report.error(
            lines.of_key("id"),
            format!("duplicate id `{}` (also in {})", entry.id, other.display()),
        );
    }
    if context
        .category_ids
        .is_some_and(|ids| !ids.contains(entry.category.as_str()))
    {
        report.error(
            lines.of_key("category"),
            format!("unknown category `{}`", entry.category),
        );
    }
    for related in &entry.related {
        if related == &entry.id {
            report.warning(
                lines.of_value("related", related),
                "`related` lists the entry itself".into(),
            );
        } else if !context.ids.contains(related.as_str()) {
            report.error(
                lines.of_value("related", related),
                format!("`related` names unknown service `{related}`"),
            );
        }
    }
    for (field, value) in [("title", &entry.en.title), ("title_ko", &entry.ko.title)] {
        if value.trim().is_empty() {
            report.error(lines.of_key(field), format!("`{field}` is empty"));
        }
    }
    let strings = [
        ("summary", &entry.en.summary),
        ("summary_ko", &entry.ko.summary),
        ("fee", &entry.en.fee),
        ("time", &entry.en.time),
        ("who", &entry.en.who),
        ("source", &entry.source.agency),
    ];
    for (field, value) in strings {
        if value.trim().is_empty() {
            report.warning(lines.of_key(field), format!("`{field}` is empty"));
        }
    }
    if entry.source.agency_ko.is_none() {
        report.warning(
            lines.of_key("source"),
            "`source` has no `agency_ko`: Korean readers see the English agency".into(),
        );
    }
    if entry
        .en
        .deadline
        .as_ref()
        .is_some_and(|d| d.trim().is_empty())
    {
        report.warning(
            lines.of_key("deadline"),
            "`deadline` is empty (leave it out instead)".into(),
        );
    }
    let lists = [
        ("questions", &entry.questions),
        ("questions_ko", &entry.questions_ko),
        ("keywords", &entry.keywords),
        ("bring", &entry.en.bring),
        ("where", &entry.en.where_),
    ];
    for (field, list) in lists {
        if list.is_empty() {
            report.warning(lines.of_key(field), format!("`{field}` is empty"));
        } else if let Some(blank) = list.iter().find(|item| item.trim().is_empty()) {
            report.warning(
                lines.of_value(field, &format!("{blank:?}")),
                format!("`{field}` has an empty item"),
            );
        }
    }
    for (field, list, least) in [
        ("questions", &entry.questions, 6),
        ("questions_ko", &entry.questions_ko, 3),
    ] {
        if !list.is_empty() && list.len() < least {
            report.warning(
                lines.of_key(field),
                format!("`{field}` has {} items (at least {least})", list.len()),
            );
        }
    }
    let words = word_count(&entry.en.summary);
    if words > 25 {
        report.warning(
            lines.of_key("summary"),
            format!("summary has {words} words (at most 25)"),
        );
    }
    if sentences(&entry.en.summary).len() > 1 {
        report.warning(
            lines.of_key("summary"),
            "summary is more than one sentence".into(),
        );
    }
    if !entry.source.url.starts_with("https://") {
        report.warning(
            lines.of_key("source"),
            format!(
                "source url `{}` does not start with https://",
                entry.source.url
            ),
        );
    }
    for question in entry.questions.iter().chain(&entry.questions_ko) {
        let key = normalise_question(question);
        let line = lines.of_value("questions", question);
        match context.first_question.get(&key) {
            Some((id, _)) if *id == entry.id => {
                report.warning(line, format!("question {question:?} is listed twice"));
            }
            Some((id, other)) => report.warning(
                line,
                format!(
                    "question {question:?} is also in `{id}` ({})",
                    other.display()
                ),
            ),
            None => {
                context
                    .first_question
                    .insert(key, (entry.id.clone(), path.to_path_buf()));
            }
        }
    }
    same_facts_in_both_languages(entry, lines, &mut report);
}

/// Each English part and its Korean part: the same number of items, and
/// the same numbers in each pair.
fn same_facts_in_both_languages(entry: &CuratedEntry, lines: &Lines, report: &mut Report) {
    let (en, ko) = (&entry.en, &entry.ko);
    let lists = [
        ("bring", lines.of_key("bring_ko"), &en.bring, &ko.bring),
        ("where", lines.of_key("where_ko"), &en.where_, &ko.where_),
        ("steps", lines.of_heading(STEPS[1]), &en.steps, &ko.steps),
        ("notes", lines.of_heading(NOTES[1]), &en.notes, &ko.notes),
    ];
    let mut pairs: Vec<(String, usize, &str, &str)> = Vec::new();
    for (part, line, english, korean) in lists {
        if english.len() != korean.len() {
            report.warning(
                line,
                format!(
                    "Korean {part} has {} items, English has {}: they must say the same",
                    korean.len(),
                    english.len()
                ),
            );
            continue;
        }
        for (i, (e, k)) in english.iter().zip(korean).enumerate() {
            pairs.push((format!("{part} item {}", i + 1), line, e, k));
        }
    }
    let deadline = en.deadline.as_deref().zip(ko.deadline.as_deref());
    for (part, e, k) in [
        ("summary", en.summary.as_str(), ko.summary.as_str()),
        ("fee", &en.fee, &ko.fee),
        ("time", &en.time, &ko.time),
        ("who", &en.who, &ko.who),
    ]
    .into_iter()
    .chain(deadline.map(|(e, k)| ("deadline", e, k)))
    {
        pairs.push((part.to_string(), lines.of_key(&format!("{part}_ko")), e, k));
    }
    for (part, line, english, korean) in pairs {
        if let Some((only_en, only_ko)) = bilingual::mismatch(english, korean) {
            let side = |numbers: &[String], language: &str| {
                (!numbers.is_empty()).then(|| format!("{} only in {language}", numbers.join(", ")))
            };
            let sides: Vec<String> = [side(&only_en, "English"), side(&only_ko, "Korean")]
                .into_iter()
                .flatten()
                .collect();
            report.warning(
                line,
                format!("{part}: numbers differ ({})", sides.join("; ")),
            );
        }
    }
}

/// Questions compare equal ignoring case, spacing and punctuation.
pub fn normalise_question(question: &str) -> String {
    question
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
