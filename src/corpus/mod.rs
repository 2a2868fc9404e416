//! The corpus: every entry minwon can show, behind one [`Entry`] type.
//! Curated entries are hand-written bilingual files (`corpus/services/<id>.md`)
//! with the categories and life events of `corpus/categories.toml`; [`check`]
//! validates them as a whole. Catalogue entries are the national catalogue
//! of public services ([`catalogue`], `corpus/catalogue/`), each with the
//! region it applies to and, where one is written, its plain-language layer
//! ([`plain`], `corpus/plain/`), and its related services ([`related`]);
//! the records that are not services are left out ([`left_out`]).
//! What of each entry is searchable is decided here too ([`search`]); the
//! index only stores it.
//!
//! Problems have a [`Severity`]: errors make the corpus unusable (an entry
//! that does not parse, a duplicate id, a reference to nothing) and stop
//! `ask` and the UI; warnings are for maintainers (style, coverage, the
//! dev set) and only `minwon check` reports them.

mod bilingual;
pub mod catalogue;
mod check;
pub mod devset;
mod entry;
mod left_out;
pub mod plain;
mod plain_check;
mod related;
pub mod search;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::region::Region;
use catalogue::{Catalogue, Field, Service};
pub use check::{Checked, Sources};
use plain::Plain;

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}{}", first_problem(problems), if problems.len() > 1 { format!(" (and {} more; run `minwon check`)", problems.len() - 1) } else { String::new() })]
    Invalid { problems: Vec<Problem> },
    #[error("{0}; run `minwon import gov24 FILE` to write it again")]
    Catalogue(#[from] catalogue::StoreError),
    #[error("{}:{line}: error: {message}", path.display())]
    Plain {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

fn first_problem(problems: &[Problem]) -> String {
    problems.first().map(Problem::to_string).unwrap_or_default()
}

/// How bad a problem is (see the module comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a corpus file, shown as `path:line: error: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}: {severity}: {}",
            self.path.display(),
            self.line,
            self.message
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub agency: String,
    /// The agency in Korean, for Korean readers (the English one when left out).
    pub agency_ko: Option<String>,
    pub url: String,
}

impl Source {
    /// The agency as a reader of `lang` reads it.
    pub fn agency(&self, lang: Lang) -> &str {
        match (lang, &self.agency_ko) {
            (Lang::Ko, Some(korean)) => korean,
            _ => &self.agency,
        }
    }
}

/// What a citizen reads about a curated service, in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryText {
    pub title: String,
    pub summary: String,
    pub bring: Vec<String>,
    pub where_: Vec<String>,
    pub fee: String,
    pub time: String,
    pub who: String,
    pub deadline: Option<String>,
    /// The numbered steps, without their numbers.
    pub steps: Vec<String>,
    /// The "good to know" bullets.
    pub notes: Vec<String>,
}

/// One hand-written public service, in English and Korean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CuratedEntry {
    pub id: String,
    pub category: String,
    pub en: EntryText,
    pub ko: EntryText,
    pub questions: Vec<String>,
    pub questions_ko: Vec<String>,
    pub keywords: Vec<String>,
    pub related: Vec<String>,
    /// Catalogue services (`gov24-…`) that are this very service: they are
    /// not shown beside it; their texts help find it, and a question that
    /// wants one of them is answered by this entry.
    pub same_as: Vec<String>,
    pub source: Source,
    pub reviewed: String,
    pub path: PathBuf,
}

impl CuratedEntry {
    pub fn text(&self, lang: Lang) -> &EntryText {
        match lang {
            Lang::En => &self.en,
            Lang::Ko => &self.ko,
        }
    }
}

/// One service of the national catalogue and the place it applies to. Its
/// official texts exist only in Korean; its plain-language layer, where
/// one is written, in Korean and English.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueEntry {
    /// `gov24-<서비스ID>`, a stable id.
    pub id: String,
    pub service: Service,
    pub region: Region,
    pub plain: Option<Plain>,
    /// Catalogue services a person of the same need usually looks at next,
    /// shown wherever this one is (see [`related`]); found by
    /// [`Corpus::relate_catalogue`], empty before.
    pub related: Vec<String>,
}

impl CatalogueEntry {
    /// The name a reader of `lang` knows it by: in English the layer's,
    /// where there is one; otherwise the official (Korean) 서비스명.
    pub fn name(&self, lang: Lang) -> &str {
        match (&self.plain, lang) {
            (Some(plain), Lang::En) => &plain.en.name,
            _ => self.service.name(),
        }
    }
}

/// A catalogue service folded into the curated entry that is the same
/// service (its `same_as`), with its layer: both help find that entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Twin {
    pub service: Service,
    pub plain: Option<Plain>,
}

/// The prefix of catalogue entries' ids.
pub const CATALOGUE_PREFIX: &str = "gov24-";

/// Anything minwon can show as an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Curated(CuratedEntry),
    Catalogue(CatalogueEntry),
}

impl Entry {
    pub fn id(&self) -> &str {
        match self {
            Entry::Curated(e) => &e.id,
            Entry::Catalogue(e) => &e.id,
        }
    }

    /// The entry's name as a person reads it in `lang` (a catalogue
    /// service without a plain-language layer has its Korean name only).
    pub fn title(&self, lang: Lang) -> &str {
        match self {
            Entry::Curated(e) => &e.text(lang).title,
            Entry::Catalogue(e) => e.name(lang),
        }
    }

    pub fn summary(&self, lang: Lang) -> &str {
        match self {
            Entry::Curated(e) => &e.text(lang).summary,
            Entry::Catalogue(e) => match &e.plain {
                Some(plain) => &plain.text(lang).summary,
                None => e.service.text(Field::Summary).unwrap_or_default(),
            },
        }
    }

    /// Ids of the entries a person usually needs next.
    pub fn related(&self) -> &[String] {
        match self {
            Entry::Curated(e) => &e.related,
            Entry::Catalogue(e) => &e.related,
        }
    }

    /// The place the entry applies to: curated entries apply everywhere.
    pub fn region(&self) -> Region {
        match self {
            Entry::Curated(_) => Region::National,
            Entry::Catalogue(e) => e.region,
        }
    }

    /// The values of a catalogue field that may hold several (서비스분야,
    /// 사용자구분: `개인||가구`); curated entries have none.
    pub fn values(&self, field: Field) -> impl Iterator<Item = &str> {
        let raw = match self {
            Entry::Curated(_) => None,
            Entry::Catalogue(e) => e.service.text(field),
        };
        raw.unwrap_or_default()
            .split("||")
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    /// The agency responsible, where the entry names one apart from its text.
    pub fn agency(&self) -> Option<&str> {
        match self {
            Entry::Curated(_) => None,
            Entry::Catalogue(e) => e.service.text(Field::Agency),
        }
    }
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

/// A topic minwon does not answer (`corpus/outside.toml`): a question
/// closest to one of these gets "ask staff", never the nearest service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutsideTopic {
    pub id: String,
    pub title: String,
    pub title_ko: String,
    /// Who handles it instead ("" for matters no office handles).
    pub handled_by: String,
    pub questions: Vec<String>,
    pub questions_ko: Vec<String>,
}

/// Every entry, checked and in id order, with the categories, life events
/// and the topics minwon does not answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    pub categories: Vec<Category>,
    pub life_events: Vec<LifeEvent>,
    pub outside: Vec<OutsideTopic>,
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    /// Entry id -> SHA-256 of the text it was read from: what an index
    /// built from this corpus must match.
    pub hashes: BTreeMap<String, String>,
    /// Catalogue services folded into the curated entry that is the same
    /// service (its `same_as`), by that entry's id.
    pub twins: HashMap<String, Vec<Twin>>,
    /// A folded catalogue service's id -> the curated entry's id.
    aliases: HashMap<String, String>,
}

impl Corpus {
    fn new(
        categories: Vec<Category>,
        life_events: Vec<LifeEvent>,
        outside: Vec<OutsideTopic>,
        entries: Vec<Entry>,
        hashes: BTreeMap<String, String>,
    ) -> Self {
        let mut corpus = Self {
            categories,
            life_events,
            outside,
            entries,
            by_id: HashMap::new(),
            hashes,
            twins: HashMap::new(),
            aliases: HashMap::new(),
        };
        corpus.index_ids();
        corpus
    }

    /// Sorts the entries by id and finds them by id again.
    fn index_ids(&mut self) {
        self.entries.sort_by(|a, b| a.id().cmp(b.id()));
        self.by_id = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id().to_string(), i))
            .collect();
    }

    /// Loads the corpus in `dir`: the curated entries and the catalogue.
    /// Only errors stop it; warnings are for `minwon check`, and the dev set
    /// is not read.
    pub fn load(dir: &Path) -> Result<Corpus, CorpusError> {
        let checked = check::check(&read_sources(dir, false)?);
        let Some(mut corpus) = checked.corpus else {
            return Err(CorpusError::Invalid {
                problems: checked
                    .problems
                    .into_iter()
                    .filter(|p| p.severity == Severity::Error)
                    .collect(),
            });
        };
        let layers = plain::load(dir)?;
        let left_out =
            left_out::load(&catalogue::dir(dir)).map_err(|problem| CorpusError::Invalid {
                problems: vec![problem],
            })?;
        corpus.add_catalogue(Catalogue::load(dir)?, layers, &left_out);
        Ok(corpus)
    }

    /// Adds the catalogue's services as entries: those a curated entry names
    /// in `same_as` are folded into it, those `left_out` names are left out
    /// with their layers, and those whose agency names no place are left
    /// out, with a warning each (for `minwon check`).
    fn add_catalogue(
        &mut self,
        catalogue: Catalogue,
        mut layers: Layers,
        left_out: &BTreeMap<String, String>,
    ) -> Vec<Problem> {
        let path = catalogue::dir(Path::new("corpus"));
        self.aliases = self
            .curated()
            .flat_map(|e| e.same_as.iter().map(|twin| (twin.clone(), e.id.clone())))
            .collect();
        let stale = left_out.keys().filter(|id| catalogue.get(id).is_none());
        let mut problems: Vec<Problem> = stale
            .map(|id| Problem {
                path: path.join(left_out::FILE),
                line: 1,
                severity: Severity::Warning,
                message: format!("{id} is left out but not in the catalogue"),
            })
            .collect();
        for service in catalogue.into_services() {
            let id = format!("{CATALOGUE_PREFIX}{}", service.id());
            let plain = layers.remove(service.id().as_str()).map(|(plain, _)| plain);
            if left_out.contains_key(service.id().as_str()) {
                continue;
            }
            // An index is out of date when the layer it was built with changed.
            let layer_hash = plain
                .as_ref()
                .map_or(String::new(), |p| format!("+plain:{}", p.digest()));
            if let Some(curated) = self.aliases.get(&id) {
                let hash = self.hashes.entry(curated.clone()).or_default();
                *hash = format!("{hash}+{}{layer_hash}", &service.digest()[..16]);
                let twin = Twin { service, plain };
                self.twins.entry(curated.clone()).or_default().push(twin);
                continue;
            }
            match catalogue::agency::region_of(&service) {
                Ok(classified) => {
                    self.hashes
                        .insert(id.clone(), format!("{}{layer_hash}", service.digest()));
                    self.entries.push(Entry::Catalogue(CatalogueEntry {
                        id,
                        service,
                        region: classified.region,
                        plain,
                        related: Vec::new(),
                    }));
                }
                Err(why) => problems.push(Problem {
                    path: path.join(catalogue::store::shard_name(service.id())),
                    line: 1,
                    severity: Severity::Warning,
                    message: format!("{id} left out: {why}"),
                }),
            }
        }
        for entry in self.curated() {
            for twin in &entry.same_as {
                if !self.twins.get(&entry.id).is_some_and(|found| {
                    found.iter().any(|t| {
                        twin.strip_prefix(CATALOGUE_PREFIX) == Some(t.service.id().as_str())
                    })
                }) {
                    problems.push(Problem {
                        path: entry.path.clone(),
                        line: 1,
                        severity: Severity::Warning,
                        message: format!("`same_as` names {twin}, which is not in the catalogue"),
                    });
                }
            }
        }
        for (id, (_, path)) in layers {
            problems.push(Problem {
                path,
                line: 1,
                severity: Severity::Warning,
                message: format!("a plain-language layer for {id}, which is not in the catalogue"),
            });
        }
        self.index_ids();
        problems
    }

    /// Finds every catalogue entry's related services (see [`related`]):
    /// about 0.1 s for the whole catalogue, so only the screens that offer
    /// them call it, once, after loading (`ask` shows none).
    pub fn relate_catalogue(&mut self) {
        related::relate(&mut self.entries);
    }

    /// Every entry, in id order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// The id an entry is shown under: a catalogue service folded into a
    /// curated entry answers as that entry.
    pub fn canonical<'a>(&'a self, id: &'a str) -> &'a str {
        self.aliases.get(id).map_or(id, String::as_str)
    }

    /// The curated entries, in id order.
    pub fn curated(&self) -> impl Iterator<Item = &CuratedEntry> {
        self.entries.iter().filter_map(|entry| match entry {
            Entry::Curated(e) => Some(e),
            Entry::Catalogue(_) => None,
        })
    }
}

/// Reads the corpus folder and checks everything in it (the catalogue and
/// the dev set too). Fails only when the folder cannot be read at all.
pub fn check_dir(dir: &Path) -> Result<Checked, CorpusError> {
    let mut checked = check::check(&read_sources(dir, true)?);
    let layers = match plain::load(dir) {
        Ok(layers) => layers,
        Err(err) => {
            checked.problems.push(plain_error(err));
            Layers::new()
        }
    };
    // The shards themselves are what is checked, never their compact form;
    // a damaged compact form is worth a warning (every start is slower).
    // Missing or stale is its normal state until the next `minwon index`.
    let compact = catalogue::store::compact_unusable(&catalogue::dir(dir));
    if let Ok(Some(catalogue::compact::Unusable::Damaged { problem, .. })) = compact {
        checked.problems.push(Problem {
            path: catalogue::dir(dir).join(catalogue::compact::COMPACT_FILE),
            line: 1,
            severity: Severity::Warning,
            message: format!(
                "the catalogue's compact form is damaged ({problem}): starts read the JSON \
                 shards until `minwon index` writes it again"
            ),
        });
    }
    let left_out = left_out::load(&catalogue::dir(dir)).unwrap_or_else(|problem| {
        checked.problems.push(problem);
        BTreeMap::new()
    });
    match catalogue::store::load_shards(&catalogue::dir(dir)) {
        Ok(catalogue) => {
            if let Some(corpus) = &mut checked.corpus {
                let problems = corpus.add_catalogue(catalogue, layers, &left_out);
                checked.problems.extend(problems);
                checked.problems.extend(plain_problems(dir, corpus));
            }
        }
        Err(err) => checked.problems.push(Problem {
            path: catalogue::dir(dir),
            line: 1,
            severity: Severity::Error,
            message: err.to_string(),
        }),
    }
    Ok(checked)
}

/// The plain-language layers read, by 서비스ID, with their files.
type Layers = BTreeMap<String, (Plain, PathBuf)>;

/// A layer file that cannot be read, as a problem.
fn plain_error(err: CorpusError) -> Problem {
    match err {
        CorpusError::Plain {
            path,
            line,
            message,
        } => Problem {
            path,
            line,
            severity: Severity::Error,
            message,
        },
        other => Problem {
            path: PathBuf::from(plain::PLAIN_DIR),
            line: 1,
            severity: Severity::Error,
            message: other.to_string(),
        },
    }
}

/// What is wrong with the layers, and the services of the layer's scope
/// (every one a kiosk in [`plain::SCOPE`] shows) that have none.
fn plain_problems(dir: &Path, corpus: &Corpus) -> Vec<Problem> {
    let scope = Region::parse(plain::SCOPE).expect("the layer's scope is a region");
    // Every catalogue service with its region (a twin answers everywhere,
    // as its curated entry does).
    let mut services: Vec<(&Service, Option<&Plain>, Region)> = corpus
        .entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Catalogue(e) => Some((&e.service, e.plain.as_ref(), e.region)),
            Entry::Curated(_) => None,
        })
        .collect();
    services.extend(
        corpus
            .twins
            .values()
            .flatten()
            .map(|t| (&t.service, t.plain.as_ref(), Region::National)),
    );
    let mut problems = Vec::new();
    for (service, plain, region) in services {
        let id = format!("{CATALOGUE_PREFIX}{}", service.id());
        let path = plain::shard_path(dir, service.id().as_str());
        let messages = match plain {
            Some(plain) => plain_check::findings(service, plain),
            None if crate::region::covers(Some(&scope), &region) => vec![format!(
                "no plain-language layer (every service a {} kiosk shows needs one)",
                plain::SCOPE
            )],
            None => Vec::new(),
        };
        problems.extend(messages.into_iter().map(|message| Problem {
            path: path.clone(),
            line: 1,
            severity: Severity::Warning,
            message: format!("{id}: {message}"),
        }));
    }
    problems
}

/// The texts of the corpus folder, with the dev set if asked and present.
fn read_sources(dir: &Path, with_dev_set: bool) -> Result<Sources, CorpusError> {
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
    let outside_path = dir.join("outside.toml");
    Ok(Sources {
        categories: read(dir.join("categories.toml"))?,
        outside: outside_path
            .exists()
            .then(|| read(outside_path))
            .transpose()?,
        services: paths.into_iter().map(read).collect::<Result<_, _>>()?,
        dev_set: (with_dev_set && dev_path.exists())
            .then(|| read(dev_path))
            .transpose()?,
    })
}
