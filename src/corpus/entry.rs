//! One curated service file: TOML front matter between `+++` lines and a
//! Markdown body, parsed into a [`CuratedEntry`] with every problem found on
//! the way, each at the line of the offending field.
//!
//! Every part a citizen reads exists in English (`fee`) and Korean
//! (`fee_ko`); the body has `## What to do` / `## 이렇게 하세요` steps and
//! `## Good to know` / `## 알아 두세요` notes.

use std::path::Path;

use serde::Deserialize;
use toml::Table;

use super::{CuratedEntry, EntryText, Problem, Severity, Source};

/// Fields a service file may have; [`OPTIONAL`] lists those it may leave out.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "title_ko",
    "category",
    "summary",
    "summary_ko",
    "questions",
    "questions_ko",
    "keywords",
    "bring",
    "bring_ko",
    "where",
    "where_ko",
    "fee",
    "fee_ko",
    "time",
    "time_ko",
    "who",
    "who_ko",
    "deadline",
    "deadline_ko",
    "related",
    "same_as",
    "source",
    "reviewed",
];

/// `deadline` only where the law sets one. A missing Korean part is a
/// warning (Korean readers see the English part instead), not an error.
const OPTIONAL: &[&str] = &[
    "same_as",
    "deadline",
    "deadline_ko",
    "bring_ko",
    "where_ko",
    "fee_ko",
    "time_ko",
    "who_ko",
];

/// The body's sections: English and Korean steps, English and Korean notes.
pub const STEPS: [&str; 2] = ["What to do", "이렇게 하세요"];
pub const NOTES: [&str; 2] = ["Good to know", "알아 두세요"];

#[derive(Deserialize)]
struct FrontMatter {
    id: String,
    title: String,
    title_ko: String,
    category: String,
    summary: String,
    summary_ko: String,
    questions: Vec<String>,
    questions_ko: Vec<String>,
    keywords: Vec<String>,
    bring: Vec<String>,
    bring_ko: Option<Vec<String>>,
    #[serde(rename = "where")]
    where_: Vec<String>,
    where_ko: Option<Vec<String>>,
    fee: String,
    fee_ko: Option<String>,
    time: String,
    time_ko: Option<String>,
    who: String,
    who_ko: Option<String>,
    deadline: Option<String>,
    deadline_ko: Option<String>,
    related: Vec<String>,
    #[serde(default)]
    same_as: Vec<String>,
    source: SourceField,
    reviewed: toml::value::Datetime,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceField {
    agency: String,
    agency_ko: Option<String>,
    url: String,
}

/// Where each front-matter key and each line of the file is, for messages.
pub struct Lines<'a> {
    text: &'a str,
}

impl<'a> Lines<'a> {
    /// The 1-based line of the first `key = ...` in the front matter (1 if absent).
    pub fn of_key(&self, key: &str) -> usize {
        self.text
            .lines()
            .position(|line| {
                line.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map_or(1, |i| i + 1)
    }

    /// The 1-based line where `needle` first appears after `key`'s line.
    pub fn of_value(&self, key: &str, needle: &str) -> usize {
        let start = self.of_key(key) - 1;
        self.text
            .lines()
            .enumerate()
            .skip(start)
            .find(|(_, line)| line.contains(needle))
            .map_or(start + 1, |(i, _)| i + 1)
    }

    /// The 1-based line of a `## heading` (1 if absent).
    pub fn of_heading(&self, heading: &str) -> usize {
        self.text
            .lines()
            .position(|line| line.trim().strip_prefix("## ") == Some(heading))
            .map_or(1, |i| i + 1)
    }

    fn of_offset(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }
}

/// A parsed file: the entry if its front matter has the right shape, the
/// problems found in it alone, and line lookups for later cross-file checks.
pub struct ParsedEntry<'a> {
    pub entry: Option<CuratedEntry>,
    pub problems: Vec<Problem>,
    pub lines: Lines<'a>,
}

pub fn parse<'a>(path: &Path, text: &'a str) -> ParsedEntry<'a> {
    let lines = Lines { text };
    let mut problems = Vec::new();
    let mut problem = |line: usize, severity: Severity, message: String| {
        problems.push(Problem {
            path: path.to_path_buf(),
            line,
            severity,
            message,
        })
    };
    let failed = |problems| ParsedEntry {
        entry: None,
        problems,
        lines: Lines { text },
    };

    let Some((front, body, body_line)) = split(text) else {
        problem(
            1,
            Severity::Error,
            "missing `+++` front matter at the top of the file".into(),
        );
        return failed(problems);
    };
    // Front matter starts on line 2, after the opening `+++`.
    let table: Table = match toml::from_str(front) {
        Ok(table) => table,
        Err(err) => {
            let line = err.span().map_or(2, |span| lines.of_offset(4 + span.start));
            problem(
                line,
                Severity::Error,
                format!("TOML syntax: {}", err.message()),
            );
            return failed(problems);
        }
    };
    for key in table.keys() {
        if !FIELDS.contains(&key.as_str()) {
            problem(
                lines.of_key(key),
                Severity::Error,
                format!("unknown field `{key}`"),
            );
        }
    }
    for field in FIELDS {
        if table.contains_key(*field) {
            continue;
        }
        if !OPTIONAL.contains(field) {
            problem(
                1,
                Severity::Error,
                format!("missing required field `{field}`"),
            );
        } else if let Some(english) = field.strip_suffix("_ko") {
            if table.contains_key(english) {
                problem(
                    lines.of_key(english),
                    Severity::Warning,
                    format!("missing `{field}`: Korean readers see the English `{english}`"),
                );
            }
        }
    }
    // Unknown fields were reported above and are ignored here.
    let front: FrontMatter = match toml::from_str(front) {
        Ok(front) => front,
        Err(err) => {
            // Missing fields were reported above; anything else is a wrong type.
            if !err.message().starts_with("missing field") {
                let line = err.span().map_or(2, |span| lines.of_offset(4 + span.start));
                problem(line, Severity::Error, err.message().to_string());
            }
            return failed(problems);
        }
    };
    let sections = parse_body(body);
    for heading in [STEPS[0], STEPS[1]] {
        let found = sections.iter().find(|s| s.heading == heading);
        if found.is_none() {
            problem(
                body_line,
                Severity::Warning,
                format!("missing `## {heading}` section"),
            );
        } else if found.is_some_and(|s| s.items.is_empty()) {
            problem(
                lines.of_heading(heading),
                Severity::Warning,
                format!("`## {heading}` has no numbered steps"),
            );
        }
    }
    let items = |heading: &str| -> Vec<(usize, String)> {
        sections
            .iter()
            .find(|s| s.heading == heading)
            .map(|s| s.items.clone())
            .unwrap_or_default()
    };
    let (steps, steps_ko) = (items(STEPS[0]), items(STEPS[1]));
    let (notes, notes_ko) = (items(NOTES[0]), items(NOTES[1]));
    let text_of = |items: &[(usize, String)]| items.iter().map(|(_, s)| s.clone()).collect();
    let en = EntryText {
        title: front.title,
        summary: front.summary,
        bring: front.bring,
        where_: front.where_,
        fee: front.fee,
        time: front.time,
        who: front.who,
        deadline: front.deadline,
        steps: text_of(&steps),
        notes: text_of(&notes),
    };
    // A Korean part left out shows its English part (reported above).
    let or_english = |ko: Vec<(usize, String)>, english: &Vec<String>| {
        if ko.is_empty() {
            english.clone()
        } else {
            text_of(&ko)
        }
    };
    let ko = EntryText {
        title: front.title_ko,
        summary: front.summary_ko,
        bring: front.bring_ko.unwrap_or_else(|| en.bring.clone()),
        where_: front.where_ko.unwrap_or_else(|| en.where_.clone()),
        fee: front.fee_ko.unwrap_or_else(|| en.fee.clone()),
        time: front.time_ko.unwrap_or_else(|| en.time.clone()),
        who: front.who_ko.unwrap_or_else(|| en.who.clone()),
        deadline: front.deadline_ko.or_else(|| en.deadline.clone()),
        steps: or_english(steps_ko.clone(), &en.steps),
        notes: or_english(notes_ko, &en.notes),
    };
    for (line, step) in &steps {
        for sentence in sentences(step) {
            let words = word_count(sentence);
            if words > 20 {
                problem(
                    body_line + line,
                    Severity::Warning,
                    format!("step sentence has {words} words (at most 20)"),
                );
            }
        }
    }
    for (line, step) in &steps_ko {
        for sentence in sentences(step) {
            let chars = sentence.chars().count();
            if chars > 60 {
                problem(
                    body_line + line,
                    Severity::Warning,
                    format!("Korean step sentence has {chars} characters (at most 60)"),
                );
            }
        }
    }
    if steps.len() > 8 {
        problem(
            body_line,
            Severity::Warning,
            format!("{} steps (at most 8)", steps.len()),
        );
    }
    let entry = CuratedEntry {
        id: front.id,
        category: front.category,
        en,
        ko,
        questions: front.questions,
        questions_ko: front.questions_ko,
        keywords: front.keywords,
        related: front.related,
        same_as: front.same_as,
        source: Source {
            agency: front.source.agency,
            agency_ko: front.source.agency_ko,
            url: front.source.url,
        },
        reviewed: front.reviewed.to_string(),
        path: path.to_path_buf(),
    };
    ParsedEntry {
        entry: Some(entry),
        problems,
        lines,
    }
}

/// Splits a file into front matter, body, and the body's first line number.
fn split(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let end = rest.find("\n+++")?;
    let front = &rest[..end + 1];
    let after = &rest[end + 4..];
    let body = after.split_once('\n').map_or("", |(_, body)| body);
    let body_line = front.matches('\n').count() + 3;
    Some((front, body, body_line))
}

/// A `## heading` of the body and its numbered steps or `-` bullets, each
/// with its line offset in the body.
struct Section {
    heading: String,
    items: Vec<(usize, String)>,
}

fn parse_body(body: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let line = line.trim();
        if let Some(heading) = line.strip_prefix("## ") {
            sections.push(Section {
                heading: heading.trim().to_string(),
                items: Vec::new(),
            });
            continue;
        }
        let Some(section) = sections.last_mut() else {
            continue;
        };
        let item = if STEPS.contains(&section.heading.as_str()) {
            line.split_once(". ")
                .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                .map(|(_, step)| step)
        } else {
            line.strip_prefix("- ")
        };
        if let Some(item) = item {
            section.items.push((i, item.trim().to_string()));
        }
    }
    sections
}

/// Sentences split at `.`, `!` or `?` followed by a space or the end, so
/// "1.5" or "gov.kr" stay inside their sentence.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if matches!(c, '.' | '!' | '?') && (end == text.len() || text[end..].starts_with(' ')) {
            out.push(text[start..end].trim());
            start = end;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_full_stops_followed_by_space() {
        let got = sentences("Bring your ID. Pay 1.5 won! Done? yes");
        assert_eq!(got, ["Bring your ID.", "Pay 1.5 won!", "Done?", "yes"]);
    }

    #[test]
    fn steps_and_notes_are_read_from_their_sections_in_both_languages() {
        let sections = parse_body(
            "## What to do\n1. Go.\n2. Pay.\n\n## 이렇게 하세요\n1. 가요.\n\n## Good to know\n- Free.\n",
        );
        let items =
            |i: usize| -> Vec<&str> { sections[i].items.iter().map(|(_, s)| s.as_str()).collect() };
        assert_eq!(sections[0].heading, "What to do");
        assert_eq!(items(0), ["Go.", "Pay."]);
        assert_eq!(items(1), ["가요."]);
        assert_eq!(sections[1].items[0].0, 5);
        assert_eq!(items(2), ["Free."]);
    }
}
