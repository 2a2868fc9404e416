//! The service corpus: entries parsed from `corpus/services/<id>.md` and the
//! categories and life events of `corpus/categories.toml`.

pub mod devset;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub steps: Vec<String>,
    pub good_to_know: Vec<String>,
    pub path: PathBuf,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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
    source: Source,
    reviewed: toml::value::Datetime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub title: String,
    pub title_ko: String,
    pub order: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifeEvent {
    pub id: String,
    pub title: String,
    pub title_ko: String,
    pub services: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    category: Vec<Category>,
    life_event: Vec<LifeEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Corpus {
    pub categories: Vec<Category>,
    pub life_events: Vec<LifeEvent>,
    pub services: Vec<ServiceEntry>,
}

impl Corpus {
    pub fn load(dir: &Path) -> Result<Corpus, CorpusError> {
        let categories_path = dir.join("categories.toml");
        let text = read(&categories_path)?;
        let mut file: CategoriesFile =
            toml::from_str(&text).map_err(|err| CorpusError::Invalid {
                path: categories_path.clone(),
                line: 1,
                message: err.message().to_string(),
            })?;
        file.category.sort_by_key(|c| c.order);
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
        let services = paths
            .iter()
            .map(|path| parse_entry(path, &read(path)?))
            .collect::<Result<_, _>>()?;
        Ok(Corpus {
            categories: file.category,
            life_events: file.life_event,
            services,
        })
    }

    pub fn get(&self, id: &str) -> Option<&ServiceEntry> {
        self.services.iter().find(|e| e.id == id)
    }
}

fn read(path: &Path) -> Result<String, CorpusError> {
    std::fs::read_to_string(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn parse_entry(path: &Path, text: &str) -> Result<ServiceEntry, CorpusError> {
    let invalid = |line: usize, message: String| CorpusError::Invalid {
        path: path.to_path_buf(),
        line,
        message,
    };
    let rest = text
        .strip_prefix("+++\n")
        .ok_or_else(|| invalid(1, "expected `+++` front matter".into()))?;
    let end = rest
        .find("\n+++")
        .ok_or_else(|| invalid(1, "front matter is not closed with `+++`".into()))?;
    let front: FrontMatter =
        toml::from_str(&rest[..end]).map_err(|err| invalid(2, err.message().to_string()))?;
    let body = &rest[end + 4..];
    let (steps, good_to_know) = parse_body(body);
    Ok(ServiceEntry {
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
        source: front.source,
        reviewed: front.reviewed.to_string(),
        steps,
        good_to_know,
        path: path.to_path_buf(),
    })
}

fn parse_body(body: &str) -> (Vec<String>, Vec<String>) {
    let (mut steps, mut notes) = (Vec::new(), Vec::new());
    let mut section = "";
    for line in body.lines().map(str::trim) {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim();
        } else if section == "What to do" {
            if let Some((number, step)) = line.split_once(". ") {
                if number.chars().all(|c| c.is_ascii_digit()) && !number.is_empty() {
                    steps.push(step.trim().to_string());
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
