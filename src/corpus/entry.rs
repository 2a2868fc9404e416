//! One service file: TOML front matter between `+++` lines and a Markdown
//! body, parsed into a [`ServiceEntry`] with every problem found on the way,
//! each at the line of the offending field.

use std::path::Path;

use serde::Deserialize;
use toml::Table;

use super::{Problem, ServiceEntry, Source};

/// Fields a service file may have; all but `deadline` are required.
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
    "where",
    "fee",
    "time",
    "who",
    "deadline",
    "related",
    "source",
    "reviewed",
];

const OPTIONAL: &[&str] = &["deadline"];

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
    #[serde(rename = "where")]
    where_: Vec<String>,
    fee: String,
    time: String,
    who: String,
    deadline: Option<String>,
    related: Vec<String>,
    source: SourceField,
    reviewed: toml::value::Datetime,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceField {
    agency: String,
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
    pub entry: Option<ServiceEntry>,
    pub problems: Vec<Problem>,
    pub lines: Lines<'a>,
}

pub fn parse<'a>(path: &Path, text: &'a str) -> ParsedEntry<'a> {
    let lines = Lines { text };
    let mut problems = Vec::new();
    let mut problem = |line: usize, message: String| {
        problems.push(Problem {
            path: path.to_path_buf(),
            line,
            message,
        })
    };

    let Some((front, body, body_line)) = split(text) else {
        problem(
            1,
            "missing `+++` front matter at the top of the file".into(),
        );
        return ParsedEntry {
            entry: None,
            problems,
            lines,
        };
    };
    // Front matter starts on line 2, after the opening `+++`.
    let table: Table = match toml::from_str(front) {
        Ok(table) => table,
        Err(err) => {
            let line = err.span().map_or(2, |span| lines.of_offset(4 + span.start));
            problem(line, format!("TOML syntax: {}", err.message()));
            return ParsedEntry {
                entry: None,
                problems,
                lines,
            };
        }
    };
    for key in table.keys() {
        if !FIELDS.contains(&key.as_str()) {
            problem(lines.of_key(key), format!("unknown field `{key}`"));
        }
    }
    for field in FIELDS {
        if !OPTIONAL.contains(field) && !table.contains_key(*field) {
            problem(1, format!("missing required field `{field}`"));
        }
    }
    // Unknown fields were reported above and are ignored here.
    let front: FrontMatter = match toml::from_str(front) {
        Ok(front) => front,
        Err(err) => {
            // Missing fields were reported above; anything else is a wrong type.
            if !err.message().starts_with("missing field") {
                let line = err.span().map_or(2, |span| lines.of_offset(4 + span.start));
                problem(line, err.message().to_string());
            }
            return ParsedEntry {
                entry: None,
                problems,
                lines,
            };
        }
    };
    let (steps, good_to_know) = parse_body(body);
    if !body.lines().any(|line| line.trim() == "## What to do") {
        problem(body_line, "missing `## What to do` section".into());
    } else if steps.is_empty() {
        problem(body_line, "`## What to do` has no numbered steps".into());
    }
    let entry = ServiceEntry {
        id: front.id,
        title: front.title,
        title_ko: front.title_ko,
        category: front.category,
        summary: front.summary,
        summary_ko: front.summary_ko,
        questions: front.questions,
        questions_ko: front.questions_ko,
        keywords: front.keywords,
        bring: front.bring,
        where_: front.where_,
        fee: front.fee,
        time: front.time,
        who: front.who,
        deadline: front.deadline,
        related: front.related,
        source: Source {
            agency: front.source.agency,
            url: front.source.url,
        },
        reviewed: front.reviewed.to_string(),
        steps: steps.iter().map(|(_, step)| step.clone()).collect(),
        good_to_know,
        path: path.to_path_buf(),
    };
    for (line, step) in &steps {
        for sentence in sentences(step) {
            let words = word_count(sentence);
            if words > 20 {
                problem(
                    body_line + line,
                    format!("step sentence has {words} words (at most 20)"),
                );
            }
        }
    }
    if steps.len() > 8 {
        problem(body_line, format!("{} steps (at most 8)", steps.len()));
    }
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

/// Numbered steps of `## What to do` (with their line offset in the body)
/// and the bullets of `## Good to know`.
fn parse_body(body: &str) -> (Vec<(usize, String)>, Vec<String>) {
    let (mut steps, mut notes) = (Vec::new(), Vec::new());
    let mut section = "";
    for (i, line) in body.lines().enumerate() {
        let line = line.trim();
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim();
        } else if section == "What to do" {
            if let Some((number, step)) = line.split_once(". ") {
                if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
                    steps.push((i, step.trim().to_string()));
                }
            }
        } else if section == "Good to know" {
            if let Some(note) = line.strip_prefix("- ") {
                notes.push(note.trim().to_string());
            }
        }
    }
    (steps, notes)
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
    fn steps_and_notes_are_read_from_their_sections() {
        let (steps, notes) =
            parse_body("## What to do\n1. Go.\n2. Pay.\n\n## Good to know\n- Free.\n");
        assert_eq!(steps, [(1, "Go.".to_string()), (2, "Pay.".to_string())]);
        assert_eq!(notes, ["Free."]);
    }
}
