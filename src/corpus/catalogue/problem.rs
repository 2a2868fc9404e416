//! What can be wrong with an input record, and where it was: the typed
//! problems an import reports (`path:line: 서비스ID …: problem`) and skips.

use std::fmt;
use std::path::PathBuf;

use super::values::ServiceId;

/// Where a record (or a whole input file) came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A line of a JSON-lines file (1-based).
    Line { path: PathBuf, line: usize },
    /// A record of an API page file: the page number the file states (if
    /// any) and the record's 1-based position in its `data`.
    Record {
        path: PathBuf,
        page: Option<u64>,
        record: usize,
    },
    /// A file as a whole.
    File { path: PathBuf },
}

impl Origin {
    /// The file the record came from.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Origin::Line { path, .. } | Origin::Record { path, .. } | Origin::File { path } => path,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Origin::Line { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::Record {
                path,
                page: Some(page),
                record,
            } => write!(f, "{}: page {page}, record {record}", path.display()),
            Origin::Record {
                path,
                page: None,
                record,
            } => write!(f, "{}: record {record}", path.display()),
            Origin::File { path } => write!(f, "{}", path.display()),
        }
    }
}

/// One thing wrong with a record or file. Values quoted in a message are
/// cut short and escaped, so nothing from the input reaches a terminal raw.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Issue {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("a line of {bytes} bytes (at most {max})")]
    LineTooLong { bytes: u64, max: usize },
    #[error("neither JSON lines nor an API page (an object with a \"data\" array)")]
    NotAPage,
    #[error("the record is not a JSON object")]
    NotAnObject,
    #[error("서비스ID is missing")]
    MissingId,
    #[error("서비스ID {0:?} is not an id like 000000465790 or B55353000220 (12 characters: up to 3 capital letters, then digits)")]
    BadId(String),
    #[error("서비스명 is empty")]
    EmptyName,
    #[error("{key} should be {expected}, not {found}")]
    WrongType {
        key: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("{key} {value:?} is not a date and time (YYYYMMDDhhmmss)")]
    BadDate { key: &'static str, value: String },
    #[error("{key} {value:?} is not a web address")]
    BadUrl { key: &'static str, value: String },
    #[error("{key} is {chars} characters long (at most {max})", max = super::service::MAX_FIELD_CHARS)]
    TooLong { key: String, chars: usize },
    #[error("duplicate 서비스ID, first at {first} (this one skipped)")]
    Duplicate { first: Origin },
}

/// A record (or file) that was skipped, with everything wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub origin: Origin,
    /// The record's id when it had a well-formed one.
    pub id: Option<ServiceId>,
    pub issues: Vec<Issue>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: ", self.origin)?;
        if let Some(id) = &self.id {
            write!(f, "서비스ID {id}: ")?;
        }
        for (i, issue) in self.issues.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

/// A value from the input as it may appear in a message: at most 60
/// characters (its `Debug` form escapes the rest).
pub(super) fn preview(value: &str) -> String {
    const MAX: usize = 60;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_as_place_id_and_issues() {
        let problem = Problem {
            origin: Origin::Line {
                path: "in.jsonl".into(),
                line: 7,
            },
            id: Some(ServiceId::parse("000000465790").unwrap()),
            issues: vec![
                Issue::EmptyName,
                Issue::BadUrl {
                    key: "상세조회URL",
                    value: "\u{1b}[31mx".into(),
                },
            ],
        };
        assert_eq!(
            problem.to_string(),
            "in.jsonl:7: 서비스ID 000000465790: 서비스명 is empty; 상세조회URL \"\\u{1b}[31mx\" is not a web address"
        );
        let page = Origin::Record {
            path: "p.json".into(),
            page: Some(3),
            record: 12,
        };
        assert_eq!(page.to_string(), "p.json: page 3, record 12");
    }

    #[test]
    fn previews_are_cut_at_sixty_characters() {
        assert_eq!(preview("짧다"), "짧다");
        assert_eq!(preview(&"가".repeat(100)).chars().count(), 61);
    }
}
