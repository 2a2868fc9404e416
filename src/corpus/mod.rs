//! The service corpus: entries parsed from `corpus/services/<id>.md` and the
//! categories and life events of `corpus/categories.toml`, validated as a
//! whole by [`check`]; and the imported national [`catalogue`] of services.

pub mod catalogue;
mod check;
pub mod devset;
mod entry;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use check::{Checked, Sources};

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}{}", first_problem(problems), if problems.len() > 1 { format!(" (and {} more problems; run `minwon check`)", problems.len() - 1) } else { String::new() })]
    Invalid { problems: Vec<Problem> },
}

fn first_problem(problems: &[Problem]) -> String {
    problems.first().map(Problem::to_string).unwrap_or_default()
}

/// One problem in a corpus file, shown as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub agency: String,
    pub url: String,
}

/// One public service, as a citizen needs to read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceEntry {
    pub id: String,
    pub title: String,
    pub title_ko: String,
    pub category: String,
    pub summary: String,
    pub summary_ko: String,
    pub questions: Vec<String>,
    pub questions_ko: Vec<String>,
    pub keywords: Vec<String>,
    pub bring: Vec<String>,
    pub where_: Vec<String>,
    pub fee: String,
    pub time: String,
    pub who: String,
    pub deadline: Option<String>,
    pub related: Vec<String>,
    pub source: Source,
    pub reviewed: String,
    /// The numbered steps of `## What to do`, without their numbers.
    pub steps: Vec<String>,
    /// The bullets of `## Good to know`.
    pub good_to_know: Vec<String>,
    pub path: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub title: String,
    pub title_ko: String,
    pub order: u32,
}

/// A kiosk tile for people who cannot type well ("I had a baby").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifeEvent {
    pub id: String,
    pub title: String,
    pub title_ko: String,
    pub services: Vec<String>,
}

/// The whole corpus, checked: categories in display order, services by id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Corpus {
    pub categories: Vec<Category>,
    pub life_events: Vec<LifeEvent>,
    pub services: Vec<ServiceEntry>,
}

impl Corpus {
    /// Loads and checks the corpus in `dir`; any problem is an error.
    pub fn load(dir: &Path) -> Result<Corpus, CorpusError> {
        let checked = check_dir(dir)?;
        match checked.corpus {
            Some(corpus) => Ok(corpus),
            None => Err(CorpusError::Invalid {
                problems: checked.problems,
            }),
        }
    }

    pub fn get(&self, id: &str) -> Option<&ServiceEntry> {
        self.services.iter().find(|e| e.id == id)
    }
}

/// Reads the corpus folder and checks everything in it (the dev set too).
/// Fails only when the folder cannot be read at all.
pub fn check_dir(dir: &Path) -> Result<Checked, CorpusError> {
    let read = |path: PathBuf| -> Result<(PathBuf, String), CorpusError> {
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok((path, text)),
            Err(source) => Err(CorpusError::Io { path, source }),
        }
    };
    let services_dir = dir.join("services");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&services_dir)
        .map_err(|source| CorpusError::Io {
            path: services_dir.clone(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    let dev_path = dir.join("eval/dev.jsonl");
    let sources = Sources {
        categories: read(dir.join("categories.toml"))?,
        services: paths.into_iter().map(read).collect::<Result<_, _>>()?,
        dev_set: dev_path.exists().then(|| read(dev_path)).transpose()?,
    };
    Ok(check::check(&sources))
}
