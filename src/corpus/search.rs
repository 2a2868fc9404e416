//! What of each entry is searchable: the texts that get their own vector
//! (typed, so the index knows which are sample questions) and the texts of
//! its lexical (BM25) document. The corpus decides; the index only stores.
//!
//! A catalogue service is found by its official name and summary, and, where
//! its plain-language layer is written, by the layer's everyday names,
//! summaries and ways of asking in Korean and English: so an English
//! question reaches a Korean-only service, and "산후도우미" reaches
//! 산모·신생아 건강관리 지원.

use serde::{Deserialize, Serialize};

use super::catalogue::{Field, Service};
use super::plain::Plain;
use super::{Corpus, Entry, OutsideTopic};

/// How often citizens open an entry's service (see [`Corpus::views`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Views {
    /// The portal's count (조회수).
    Counted(u64),
    /// No count, but one of the requests a counter handles every day.
    Everyday,
    /// No count.
    Unknown,
}

/// Which part of an entry a vector was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    Title,
    Summary,
    /// A sample question in English.
    Question,
    /// A sample question in Korean.
    QuestionKo,
    Keywords,
}

impl TextKind {
    /// Whether the text is a question a citizen would ask (matched to a
    /// citizen's question like with like); the rest describe the service.
    pub fn is_question(self) -> bool {
        matches!(self, TextKind::Question | TextKind::QuestionKo)
    }
}

impl Corpus {
    /// The texts of an entry that get their own vector. A curated entry's
    /// names are also questions: citizens type a service's name ("긴급복지지원",
    /// "emergency welfare support"), and a question lies closer to another
    /// question than to a description (the layer's name-like ways of asking
    /// had given catalogue services that edge over their curated twins).
    pub fn dense_texts(&self, entry: &Entry) -> Vec<(TextKind, String)> {
        match entry {
            Entry::Curated(e) => {
                let mut texts = vec![
                    (TextKind::Title, e.en.title.clone()),
                    (TextKind::Summary, e.en.summary.clone()),
                    (TextKind::Question, e.en.title.clone()),
                    (TextKind::QuestionKo, e.ko.title.clone()),
                ];
                texts.extend(e.questions.iter().map(|q| (TextKind::Question, q.clone())));
                texts.extend(
                    e.questions_ko
                        .iter()
                        .map(|q| (TextKind::QuestionKo, q.clone())),
                );
                texts.push((TextKind::Keywords, e.keywords.join(", ")));
                for twin in self.twins.get(&e.id).into_iter().flatten() {
                    texts.extend(catalogue_texts(&twin.service, twin.plain.as_ref()));
                }
                texts
            }
            Entry::Catalogue(e) => catalogue_texts(&e.service, e.plain.as_ref()),
        }
    }

    /// How often citizens open the entry's service on the portal: a
    /// catalogue service's count, or a curated entry's catalogue twins'
    /// highest. A curated entry without one is a counter's everyday
    /// request (a certificate, a move, a passport) that the catalogue does
    /// not list.
    pub fn views(&self, entry: &Entry) -> Views {
        let count = match entry {
            Entry::Curated(e) => self
                .twins
                .get(&e.id)
                .into_iter()
                .flatten()
                .filter_map(|twin| twin.service.views())
                .max(),
            Entry::Catalogue(e) => e.service.views(),
        };
        match (count, entry) {
            (Some(count), _) => Views::Counted(count),
            (None, Entry::Curated(_)) => Views::Everyday,
            (None, Entry::Catalogue(_)) => Views::Unknown,
        }
    }

    /// The texts of an entry that make its BM25 document.
    pub fn lexical_texts<'a>(&'a self, entry: &'a Entry) -> Vec<&'a str> {
        match entry {
            Entry::Curated(e) => {
                let mut texts = vec![
                    e.en.title.as_str(),
                    e.ko.title.as_str(),
                    e.en.summary.as_str(),
                    e.ko.summary.as_str(),
                ];
                texts.extend(e.questions.iter().map(String::as_str));
                texts.extend(e.questions_ko.iter().map(String::as_str));
                texts.extend(e.keywords.iter().map(String::as_str));
                for twin in self.twins.get(&e.id).into_iter().flatten() {
                    texts.extend(catalogue_lexical(&twin.service, twin.plain.as_ref()));
                }
                texts
            }
            Entry::Catalogue(e) => catalogue_lexical(&e.service, e.plain.as_ref()),
        }
    }
}

/// The texts of a topic minwon does not answer: its titles and questions,
/// so a question near one of them is recognised.
pub fn outside_dense_texts(topic: &OutsideTopic) -> Vec<(TextKind, String)> {
    [
        (TextKind::Title, &topic.title),
        (TextKind::Title, &topic.title_ko),
    ]
    .into_iter()
    .map(|(kind, text)| (kind, text.clone()))
    .chain(
        topic
            .questions
            .iter()
            .map(|q| (TextKind::Question, q.clone())),
    )
    .chain(
        topic
            .questions_ko
            .iter()
            .map(|q| (TextKind::QuestionKo, q.clone())),
    )
    .collect()
}

/// The BM25 document of a topic minwon does not answer.
pub fn outside_lexical_texts(topic: &OutsideTopic) -> Vec<&str> {
    [&topic.title, &topic.title_ko]
        .into_iter()
        .chain(&topic.questions)
        .chain(&topic.questions_ko)
        .map(String::as_str)
        .collect()
}

/// The texts of a catalogue service that get their own vector: its official
/// name with its summary; with a layer, its everyday name with its one line
/// in each language, and each way of asking. (Also reading the official
/// who-can-get-it and what-you-get, 160 characters each, was measured: top-1
/// 0.604 -> 0.618 on the catalogue's tune questions for 2.5 times the vectors
/// and build time. The official name alone, a vector of its own until
/// 2026-12-07, changed one tune question of 882 and cost a quarter of the
/// vectors: docs/QUALITY.md.)
fn catalogue_texts(service: &Service, plain: Option<&Plain>) -> Vec<(TextKind, String)> {
    let name = service.name();
    let summary = service.text(Field::Summary).unwrap_or_default();
    let mut texts = vec![(TextKind::Summary, format!("{name}: {summary}"))];
    if let Some(plain) = plain {
        for (text, ask) in [
            (&plain.ko, TextKind::QuestionKo),
            (&plain.en, TextKind::Question),
        ] {
            texts.push((
                TextKind::Summary,
                format!("{}: {}", text.name, text.summary),
            ));
            texts.extend(text.asks.iter().map(|a| (ask, a.clone())));
        }
    }
    texts
}

/// The fields of a catalogue service that go into its BM25 document.
const CATALOGUE_LEXICAL: [Field; 4] = [Field::Name, Field::Summary, Field::Purpose, Field::Who];

fn catalogue_lexical<'a>(service: &'a Service, plain: Option<&'a Plain>) -> Vec<&'a str> {
    let mut texts: Vec<&str> = CATALOGUE_LEXICAL
        .iter()
        .filter_map(|&field| service.text(field))
        .collect();
    if let Some(plain) = plain {
        for text in [&plain.ko, &plain.en] {
            texts.extend([&text.name, &text.summary, &text.who].map(String::as_str));
            texts.extend(text.asks.iter().map(String::as_str));
        }
    }
    texts
}
