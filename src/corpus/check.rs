//! Whole-corpus validation: every rule over every file, never stopping at
//! the first problem. Pure: it sees texts, not the file system.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use unicode_normalization::is_nfc;

use super::devset::{self, LabelledQuestion};
use super::entry::{self, sentences, word_count};
use super::{Category, Corpus, LifeEvent, Problem};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    category: Vec<Category>,
    life_event: Vec<LifeEvent>,
}

/// The texts `check` reads: `categories.toml`, each service file, and the
/// dev set if there is one.
pub struct Sources {
    pub categories: (PathBuf, String),
    pub services: Vec<(PathBuf, String)>,
    pub dev_set: Option<(PathBuf, String)>,
}

/// What a check found: the corpus when it parsed, every problem, and the
/// dev set's size.
pub struct Checked {
    pub corpus: Option<Corpus>,
    pub problems: Vec<Problem>,
    pub dev_questions: usize,
}

pub fn check(sources: &Sources) -> Checked {
    let mut problems = Vec::new();
    let (categories_path, categories_text) = &sources.categories;
    let categories = parse_categories(categories_path, categories_text, &mut problems);

    let mut parsed = Vec::new();
    for (path, text) in &sources.services {
        nfc_problems(path, text, &mut problems);
        let file = entry::parse(path, text);
        problems.extend(file.problems.iter().cloned());
        parsed.push(file);
    }
    let entries: Vec<_> = parsed
        .iter()
        .filter_map(|p| p.entry.as_ref().map(|e| (e, &p.lines)))
        .collect();
    // A file that failed to parse still names a service: references to it
    // are not errors of their own.
    let ids: HashSet<&str> = entries
        .iter()
        .map(|(e, _)| e.id.as_str())
        .chain(
            sources
                .services
                .iter()
                .filter_map(|(path, _)| path.file_stem()?.to_str()),
        )
        .collect();
    let category_ids: HashSet<&str> = categories
        .as_ref()
        .map(|c| c.category.iter().map(|c| c.id.as_str()).collect())
        .unwrap_or_default();

    let mut first_file_of_id: HashMap<&str, &Path> = HashMap::new();
    let mut first_question: HashMap<String, (&str, &Path)> = HashMap::new();
    for (entry, lines) in &entries {
        let path = entry.path.as_path();
        let mut problem = |line: usize, message: String| {
            problems.push(Problem {
                path: path.to_path_buf(),
                line,
                message,
            })
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if entry.id != stem {
            problem(
                lines.of_key("id"),
                format!("id `{}` does not match the file name `{stem}.md`", entry.id),
            );
        }
        if let Some(other) = first_file_of_id.insert(&entry.id, path) {
            problem(
                lines.of_key("id"),
                format!("duplicate id `{}` (also in {})", entry.id, other.display()),
            );
        }
        if categories.is_some() && !category_ids.contains(entry.category.as_str()) {
            problem(
                lines.of_key("category"),
                format!("unknown category `{}`", entry.category),
            );
        }
        for related in &entry.related {
            if related == &entry.id {
                problem(
                    lines.of_value("related", related),
                    "`related` lists the entry itself".into(),
                );
            } else if !ids.contains(related.as_str()) {
                problem(
                    lines.of_value("related", related),
                    format!("`related` names unknown service `{related}`"),
                );
            }
        }
        let strings = [
            ("title", &entry.title),
            ("title_ko", &entry.title_ko),
            ("summary", &entry.summary),
            ("summary_ko", &entry.summary_ko),
            ("fee", &entry.fee),
            ("time", &entry.time),
            ("who", &entry.who),
            ("source", &entry.source.agency),
        ];
        for (field, value) in strings {
            if value.trim().is_empty() {
                problem(lines.of_key(field), format!("`{field}` is empty"));
            }
        }
        if entry.deadline.as_ref().is_some_and(|d| d.trim().is_empty()) {
            problem(
                lines.of_key("deadline"),
                "`deadline` is empty (leave it out instead)".into(),
            );
        }
        let lists = [
            ("questions", &entry.questions),
            ("questions_ko", &entry.questions_ko),
            ("keywords", &entry.keywords),
            ("bring", &entry.bring),
            ("where", &entry.where_),
        ];
        for (field, list) in lists {
            if list.is_empty() {
                problem(lines.of_key(field), format!("`{field}` is empty"));
            } else if let Some(blank) = list.iter().find(|item| item.trim().is_empty()) {
                problem(
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
                problem(
                    lines.of_key(field),
                    format!("`{field}` has {} items (at least {least})", list.len()),
                );
            }
        }
        let words = word_count(&entry.summary);
        if words > 25 {
            problem(
                lines.of_key("summary"),
                format!("summary has {words} words (at most 25)"),
            );
        }
        if sentences(&entry.summary).len() > 1 {
            problem(
                lines.of_key("summary"),
                "summary is more than one sentence".into(),
            );
        }
        if !entry.source.url.starts_with("https://") {
            problem(
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
            match first_question.get(&key) {
                Some((id, _)) if *id == entry.id => {
                    problem(line, format!("question {question:?} is listed twice"));
                }
                Some((id, other)) => problem(
                    line,
                    format!(
                        "question {question:?} is also in `{id}` ({})",
                        other.display()
                    ),
                ),
                None => {
                    first_question.insert(key, (&entry.id, path));
                }
            }
        }
    }

    if let Some(file) = &categories {
        life_event_problems(categories_path, categories_text, file, &ids, &mut problems);
    }

    let mut dev_questions = 0;
    if let Some((path, text)) = &sources.dev_set {
        let (questions, mut dev_problems) = devset::parse(path, text);
        dev_questions = questions.len();
        dev_set_problems(path, &questions, &ids, &first_question, &mut dev_problems);
        problems.extend(dev_problems);
    }

    problems.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    let corpus = match categories {
        Some(file) if problems.is_empty() => {
            let mut categories = file.category;
            categories.sort_by_key(|c| c.order);
            let mut services: Vec<_> = parsed.into_iter().filter_map(|p| p.entry).collect();
            services.sort_by(|a, b| a.id.cmp(&b.id));
            Some(Corpus {
                categories,
                life_events: file.life_event,
                services,
            })
        }
        _ => None,
    };
    Checked {
        corpus,
        problems,
        dev_questions,
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

fn nfc_problems(path: &Path, text: &str, problems: &mut Vec<Problem>) {
    if let Some(i) = text.lines().position(|line| !is_nfc(line)) {
        problems.push(Problem {
            path: path.to_path_buf(),
            line: i + 1,
            message:
                "text is not NFC-normalised (decomposed Hangul displays broken); save it as NFC"
                    .into(),
        });
    }
}

fn parse_categories(
    path: &Path,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<CategoriesFile> {
    nfc_problems(path, text, problems);
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    match toml::from_str::<CategoriesFile>(text) {
        Ok(file) => {
            let mut seen = HashSet::new();
            for category in &file.category {
                if !seen.insert(category.id.as_str()) {
                    let line = text
                        .find(&format!("id = \"{}\"", category.id))
                        .map_or(1, line_of);
                    problems.push(Problem {
                        path: path.to_path_buf(),
                        line,
                        message: format!("duplicate category id `{}`", category.id),
                    });
                }
            }
            Some(file)
        }
        Err(err) => {
            problems.push(Problem {
                path: path.to_path_buf(),
                line: err.span().map_or(1, |span| line_of(span.start)),
                message: err.message().to_string(),
            });
            None
        }
    }
}

fn life_event_problems(
    path: &Path,
    text: &str,
    file: &CategoriesFile,
    ids: &HashSet<&str>,
    problems: &mut Vec<Problem>,
) {
    // The line of `needle` within the block of the life event `event`.
    let line_of = |event: &str, needle: &str| {
        let start = text
            .lines()
            .position(|line| line.trim() == format!("id = \"{event}\""))
            .unwrap_or(0);
        text.lines()
            .enumerate()
            .skip(start)
            .find(|(_, line)| line.contains(needle))
            .map_or(1, |(i, _)| i + 1)
    };
    let mut covered = HashSet::new();
    for event in &file.life_event {
        for service in &event.services {
            covered.insert(service.as_str());
            if !ids.contains(service.as_str()) {
                problems.push(Problem {
                    path: path.to_path_buf(),
                    line: line_of(&event.id, &format!("\"{service}\"")),
                    message: format!(
                        "life event `{}` names unknown service `{service}`",
                        event.id
                    ),
                });
            }
        }
    }
    let mut uncovered: Vec<&&str> = ids.iter().filter(|id| !covered.contains(**id)).collect();
    uncovered.sort();
    for id in uncovered {
        problems.push(Problem {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "service `{id}` is in no life event (kiosk users browsing by tile cannot reach it)"
            ),
        });
    }
}

fn dev_set_problems(
    path: &Path,
    questions: &[(usize, LabelledQuestion)],
    ids: &HashSet<&str>,
    corpus_questions: &HashMap<String, (&str, &Path)>,
    problems: &mut Vec<Problem>,
) {
    let mut problem = |line: usize, message: String| {
        problems.push(Problem {
            path: path.to_path_buf(),
            line,
            message,
        })
    };
    let styles = ["plain", "situation", "lowlit", "clerk", "oos"];
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (line, q) in questions {
        if q.id != "none" && !ids.contains(q.id.as_str()) {
            problem(*line, format!("unknown service id `{}`", q.id));
        }
        if q.lang != "en" && q.lang != "ko" {
            problem(*line, format!("lang `{}` is not en or ko", q.lang));
        }
        if !styles.contains(&q.style.as_str()) {
            problem(
                *line,
                format!("style `{}` is not one of {}", q.style, styles.join(", ")),
            );
        }
        let key = normalise_question(&q.q);
        if let Some((id, file)) = corpus_questions.get(&key) {
            problem(
                *line,
                format!(
                    "question {:?} repeats a corpus question of `{id}` ({})",
                    q.q,
                    file.display()
                ),
            );
        }
        if let Some(first) = seen.insert(key, *line) {
            problem(*line, format!("question {:?} repeats line {first}", q.q));
        }
    }
}
