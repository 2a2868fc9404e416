//! Whole-corpus validation: every rule over every file, never stopping at
//! the first problem. Pure: it sees texts, not the file system.

mod rules;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};
use unicode_normalization::is_nfc;

use super::devset::{self, LabelledQuestion};
use super::entry;
use super::{Category, Corpus, Entry, LifeEvent, OutsideTopic, Problem, Severity};
pub use rules::normalise_question;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutsideFile {
    topic: Vec<OutsideTopic>,
}

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
    /// `outside.toml`, the topics minwon does not answer, if there is one.
    pub outside: Option<(PathBuf, String)>,
    pub services: Vec<(PathBuf, String)>,
    pub dev_set: Option<(PathBuf, String)>,
}

/// What a check found: the corpus when it has no errors, every problem
/// (errors and warnings), and the dev set's size.
pub struct Checked {
    pub corpus: Option<Corpus>,
    pub problems: Vec<Problem>,
    pub dev_questions: usize,
}

/// Problems found in one file.
pub(super) struct Report<'a> {
    path: &'a Path,
    problems: &'a mut Vec<Problem>,
}

impl<'a> Report<'a> {
    pub(super) fn new(path: &'a Path, problems: &'a mut Vec<Problem>) -> Self {
        Self { path, problems }
    }

    fn push(&mut self, line: usize, severity: Severity, message: String) {
        self.problems.push(Problem {
            path: self.path.to_path_buf(),
            line,
            severity,
            message,
        });
    }

    pub(super) fn error(&mut self, line: usize, message: String) {
        self.push(line, Severity::Error, message);
    }

    pub(super) fn warning(&mut self, line: usize, message: String) {
        self.push(line, Severity::Warning, message);
    }
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
        parsed.push((file, text));
    }
    // A file that failed to parse still names a service: references to it
    // are not errors of their own.
    let ids: HashSet<&str> = parsed
        .iter()
        .filter_map(|(p, _)| p.entry.as_ref().map(|e| e.id.as_str()))
        .chain(
            sources
                .services
                .iter()
                .filter_map(|(path, _)| path.file_stem()?.to_str()),
        )
        .collect();
    let category_ids: Option<HashSet<&str>> = categories
        .as_ref()
        .map(|c| c.category.iter().map(|c| c.id.as_str()).collect());

    let mut context = rules::Context {
        ids: &ids,
        category_ids: category_ids.as_ref(),
        first_file_of_id: HashMap::new(),
        first_question: HashMap::new(),
    };
    for (file, _) in &parsed {
        if let Some(entry) = &file.entry {
            rules::entry_problems(entry, &file.lines, &mut context, &mut problems);
        }
    }

    if let Some(file) = &categories {
        life_event_problems(categories_path, categories_text, file, &ids, &mut problems);
    }
    let outside = match &sources.outside {
        Some((path, text)) => {
            parse_outside(path, text, &ids, &context.first_question, &mut problems)
        }
        None => Vec::new(),
    };

    let mut dev_questions = 0;
    if let Some((path, text)) = &sources.dev_set {
        let (questions, mut dev_problems) = devset::parse(path, text);
        dev_questions = questions.len();
        dev_set_problems(
            path,
            &questions,
            &ids,
            &context.first_question,
            &mut dev_problems,
        );
        // The dev set is for maintainers: nothing in it stops the kiosk.
        for problem in &mut dev_problems {
            problem.severity = Severity::Warning;
        }
        problems.extend(dev_problems);
    }

    problems.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    let usable = !problems.iter().any(|p| p.severity == Severity::Error);
    let corpus = match categories {
        Some(file) if usable => {
            let mut categories = file.category;
            categories.sort_by_key(|c| c.order);
            let mut hashes: BTreeMap<String, String> = outside
                .iter()
                .map(|topic| {
                    (
                        format!("outside:{}", topic.id),
                        sha256_hex(&serde_json::to_vec(topic).expect("a topic serialises")),
                    )
                })
                .collect();
            let mut entries = Vec::new();
            for (file, text) in parsed {
                if let Some(entry) = file.entry {
                    hashes.insert(entry.id.clone(), sha256_hex(text.as_bytes()));
                    entries.push(Entry::Curated(entry));
                }
            }
            Some(Corpus::new(
                categories,
                file.life_event,
                outside,
                entries,
                hashes,
            ))
        }
        _ => None,
    };
    Checked {
        corpus,
        problems,
        dev_questions,
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn nfc_problems(path: &Path, text: &str, problems: &mut Vec<Problem>) {
    if let Some(i) = text.lines().position(|line| !is_nfc(line)) {
        Report::new(path, problems).warning(
            i + 1,
            "text is not NFC-normalised (decomposed Hangul displays broken); save it as NFC".into(),
        );
    }
}

fn parse_categories(
    path: &Path,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<CategoriesFile> {
    nfc_problems(path, text, problems);
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let mut report = Report::new(path, problems);
    match toml::from_str::<CategoriesFile>(text) {
        Ok(file) => {
            let mut seen = HashSet::new();
            for category in &file.category {
                if !seen.insert(category.id.as_str()) {
                    let line = text
                        .find(&format!("id = \"{}\"", category.id))
                        .map_or(1, line_of);
                    report.error(line, format!("duplicate category id `{}`", category.id));
                }
            }
            Some(file)
        }
        Err(err) => {
            report.error(
                err.span().map_or(1, |span| line_of(span.start)),
                err.message().to_string(),
            );
            None
        }
    }
}

/// Parses `outside.toml`: ids unique and not a service's, every topic with
/// questions in both languages, none repeating a service's question.
fn parse_outside(
    path: &Path,
    text: &str,
    ids: &HashSet<&str>,
    corpus_questions: &HashMap<String, (String, PathBuf)>,
    problems: &mut Vec<Problem>,
) -> Vec<OutsideTopic> {
    nfc_problems(path, text, problems);
    let line_of = |needle: &str| {
        text.lines()
            .position(|line| line.contains(needle))
            .map_or(1, |i| i + 1)
    };
    let mut report = Report::new(path, problems);
    let file: OutsideFile = match toml::from_str(text) {
        Ok(file) => file,
        Err(err) => {
            let line = err
                .span()
                .map_or(1, |span| text[..span.start].matches('\n').count() + 1);
            report.error(line, err.message().to_string());
            return Vec::new();
        }
    };
    let mut seen = HashSet::new();
    for topic in &file.topic {
        let line = line_of(&format!("id = \"{}\"", topic.id));
        if !seen.insert(topic.id.as_str()) {
            report.error(line, format!("duplicate topic id `{}`", topic.id));
        }
        if ids.contains(topic.id.as_str()) {
            report.error(
                line,
                format!("topic id `{}` is also a service id", topic.id),
            );
        }
        if topic.questions.is_empty() || topic.questions_ko.is_empty() {
            report.warning(
                line,
                format!("topic `{}` needs questions in English and Korean", topic.id),
            );
        }
        for question in topic.questions.iter().chain(&topic.questions_ko) {
            if let Some((id, _)) = corpus_questions.get(&normalise_question(question)) {
                report.error(
                    line_of(question),
                    format!("question {question:?} is also a question of the service `{id}`"),
                );
            }
        }
    }
    file.topic
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
    let mut report = Report::new(path, problems);
    let mut covered = HashSet::new();
    for event in &file.life_event {
        for service in &event.services {
            covered.insert(service.as_str());
            if !ids.contains(service.as_str()) {
                report.error(
                    line_of(&event.id, &format!("\"{service}\"")),
                    format!(
                        "life event `{}` names unknown service `{service}`",
                        event.id
                    ),
                );
            }
        }
    }
    let mut uncovered: Vec<&&str> = ids.iter().filter(|id| !covered.contains(**id)).collect();
    uncovered.sort();
    for id in uncovered {
        report.warning(
            1,
            format!(
                "service `{id}` is in no life event (kiosk users browsing by tile cannot reach it)"
            ),
        );
    }
}

fn dev_set_problems(
    path: &Path,
    questions: &[(usize, LabelledQuestion)],
    ids: &HashSet<&str>,
    corpus_questions: &HashMap<String, (String, PathBuf)>,
    problems: &mut Vec<Problem>,
) {
    let mut report = Report::new(path, problems);
    let styles = ["plain", "situation", "lowlit", "clerk", "romanised", "oos"];
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (line, q) in questions {
        for id in &q.ids {
            if !ids.contains(id.as_str()) {
                report.error(*line, format!("unknown service id `{id}`"));
            }
        }
        if !styles.contains(&q.style.as_str()) {
            report.error(
                *line,
                format!("style `{}` is not one of {}", q.style, styles.join(", ")),
            );
        }
        let key = normalise_question(&q.q);
        if let Some((id, file)) = corpus_questions.get(&key) {
            report.error(
                *line,
                format!(
                    "question {:?} repeats a corpus question of `{id}` ({})",
                    q.q,
                    file.display()
                ),
            );
        }
        if let Some(first) = seen.insert(key, *line) {
            report.error(*line, format!("question {:?} repeats line {first}", q.q));
        }
    }
}
