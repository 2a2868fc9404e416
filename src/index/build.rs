//! Building an index: which texts of each entry are embedded and indexed,
//! embedding only what the cache lacks, and writing the version folder.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::cache::{text_key, EmbeddingCache};
use super::hubness;
use super::lexical::{self, Bm25Params, LexicalIndex};
use super::manifest::{self, Manifest};
use super::store::{self, io_error, write_atomic, write_synced};
use super::vector::{HnswParams, VectorIndex};
use super::{Fingerprint, IndexError, IndexedText, SearchIndex, TextKind, VectorsFile, GRAPH_FILE};
use crate::corpus::catalogue::{Field, Service};
use crate::corpus::{Corpus, Entry, OutsideTopic};
use crate::embed::{Embedder, Role};

/// Texts embedded per batch.
const BATCH: usize = 32;

/// What a build did, for its summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub entries: usize,
    pub vectors: usize,
    pub embedded: usize,
}

/// The texts of a topic minwon does not answer: its titles and questions,
/// so a question near one of them is recognised.
fn outside_texts(topic: &OutsideTopic) -> Vec<(TextKind, String)> {
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

/// The texts of an entry that get their own vector.
pub fn dense_texts(corpus: &Corpus, entry: &Entry) -> Vec<(TextKind, String)> {
    match entry {
        Entry::Curated(e) => {
            let mut texts = vec![
                (TextKind::Title, e.en.title.clone()),
                (TextKind::Summary, e.en.summary.clone()),
            ];
            texts.extend(e.questions.iter().map(|q| (TextKind::Question, q.clone())));
            texts.extend(
                e.questions_ko
                    .iter()
                    .map(|q| (TextKind::QuestionKo, q.clone())),
            );
            texts.push((TextKind::Keywords, e.keywords.join(", ")));
            for twin in corpus.twins.get(&e.id).into_iter().flatten() {
                texts.extend(catalogue_texts(twin));
            }
            texts
        }
        Entry::Catalogue(e) => catalogue_texts(&e.service),
    }
}

/// The texts of a catalogue service that get their own vector: its name,
/// and its name with its summary. (Also reading who can get it and what
/// they get, 160 characters each, was measured: top-1 0.604 -> 0.618 on the
/// catalogue's tune questions for 2.5 times the vectors and build time.)
fn catalogue_texts(service: &Service) -> Vec<(TextKind, String)> {
    let name = service.name();
    let summary = service.text(Field::Summary).unwrap_or_default();
    vec![
        (TextKind::Title, name.to_string()),
        (TextKind::Summary, format!("{name}: {summary}")),
    ]
}

/// The fields of a catalogue service that go into its BM25 document.
const CATALOGUE_LEXICAL: [Field; 4] = [Field::Name, Field::Summary, Field::Purpose, Field::Who];

/// The texts of an entry that make its BM25 document.
fn lexical_texts<'a>(corpus: &'a Corpus, entry: &'a Entry) -> Vec<&'a str> {
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
            for twin in corpus.twins.get(&e.id).into_iter().flatten() {
                texts.extend(CATALOGUE_LEXICAL.iter().filter_map(|&f| twin.text(f)));
            }
            texts
        }
        Entry::Catalogue(e) => CATALOGUE_LEXICAL
            .iter()
            .filter_map(|&field| e.service.text(field))
            .collect(),
    }
}

/// Builds the index for `corpus` into `dir` atomically and returns it.
/// `progress` is told how many of the texts that need embedding are done,
/// and of how many.
pub fn build(
    corpus: &Corpus,
    embedder: &dyn Embedder,
    fingerprint: &Fingerprint,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(SearchIndex, BuildReport), IndexError> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    store::remove_stale_builds(dir);

    // The corpus's entries, then the topics it does not answer.
    let answerable = corpus.entries().len();
    let entries: Vec<String> = corpus
        .entries()
        .iter()
        .map(|e| e.id().to_string())
        .chain(corpus.outside.iter().map(|t| format!("outside:{}", t.id)))
        .collect();
    let texts: Vec<IndexedText> = corpus
        .entries()
        .iter()
        .map(|entry| dense_texts(corpus, entry))
        .chain(corpus.outside.iter().map(outside_texts))
        .enumerate()
        .flat_map(|(i, texts)| {
            texts.into_iter().map(move |(kind, text)| IndexedText {
                entry: i as u32,
                kind,
                text,
            })
        })
        .collect();

    let dimension = embedder.dimension();
    let cache_path = dir.join("embed-cache.bin");
    let mut cache = EmbeddingCache::load(
        &cache_path,
        manifest::model_digest(&fingerprint.model, &fingerprint.embedding),
        dimension,
    );
    let keys: Vec<[u8; 32]> = texts
        .iter()
        .map(|t| text_key(t.kind.role(), &t.text))
        .collect();
    let mut missing: Vec<usize> = (0..texts.len())
        .filter(|&i| cache.get(&keys[i]).is_none())
        .collect();
    missing.sort_by_key(|&i| keys[i]);
    missing.dedup_by_key(|&mut i| keys[i]);
    // By role (a batch shares one), then longest first, so each batch pads
    // its texts to similar lengths.
    missing.sort_by_key(|&i| {
        (
            texts[i].kind.role() == Role::Query,
            std::cmp::Reverse(texts[i].text.len()),
        )
    });
    progress(0, missing.len());
    let mut done = 0;
    for group in missing.chunk_by(|&a, &b| texts[a].kind.role() == texts[b].kind.role()) {
        let role = texts[group[0]].kind.role();
        for chunk in group.chunks(BATCH) {
            let chunk_texts: Vec<&str> = chunk.iter().map(|&i| texts[i].text.as_str()).collect();
            for (&i, vector) in chunk.iter().zip(embedder.embed_batch(&chunk_texts, role)?) {
                cache.insert(keys[i], vector);
            }
            done += chunk.len();
            progress(done, missing.len());
        }
    }
    let mut data = Vec::with_capacity(texts.len() * dimension);
    for key in &keys {
        data.extend_from_slice(cache.get(key).expect("every text was embedded above"));
    }

    let vector_entries: Vec<u32> = texts.iter().map(|t| t.entry).collect();
    let references: Vec<usize> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, TextKind::Question | TextKind::QuestionKo))
        .map(|(v, _)| v)
        .collect();
    let hubness = hubness::excess(
        &data,
        dimension,
        &vector_entries,
        entries.len(),
        &references,
    );

    let documents: Vec<Vec<&str>> = corpus
        .entries()
        .iter()
        .map(|entry| lexical_texts(corpus, entry))
        .chain(corpus.outside.iter().map(|t| {
            [&t.title, &t.title_ko]
                .into_iter()
                .chain(&t.questions)
                .chain(&t.questions_ko)
                .map(String::as_str)
                .collect()
        }))
        .collect();
    let lexical = LexicalIndex::build(&documents, Bm25Params::default());

    let staging = dir.join(format!(".build-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(io_error(&staging))?;
    let vectors_bin: Vec<u8> = data.iter().flat_map(|x| x.to_le_bytes()).collect();
    let vectors_file = VectorsFile {
        entries,
        answerable,
        vector_entries,
        hubness,
    };
    let vectors_json = serde_json::to_vec(&vectors_file).expect("index texts serialise");
    let lexical_bin = lexical::file::to_bytes(&lexical);
    let vectors = VectorIndex::build(dimension, data, HnswParams::default());
    let graph_bin = vectors.graph_bytes();
    let mut files = BTreeMap::new();
    for (name, bytes) in [
        ("vectors.bin", Some(&vectors_bin)),
        ("vectors.json", Some(&vectors_json)),
        ("lexical.bin", Some(&lexical_bin)),
        (GRAPH_FILE, graph_bin.as_ref()),
    ] {
        let Some(bytes) = bytes else { continue };
        write_synced(&staging.join(name), bytes)?;
        files.insert(name.to_string(), manifest::sha256_hex(bytes));
    }
    let vector_count = texts.len();
    let manifest = Manifest {
        format: manifest::FORMAT,
        minwon_version: env!("CARGO_PKG_VERSION").to_string(),
        model: fingerprint.model.clone(),
        embedding: fingerprint.embedding.clone(),
        entries: fingerprint.entries.clone(),
        dimension,
        vectors: vector_count,
        hnsw: HnswParams::default(),
        bm25: lexical.params(),
        files,
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).expect("manifest serialises");
    write_synced(&staging.join("manifest.json"), &manifest_json)?;

    let version = format!("v-{}", store::unique_suffix());
    std::fs::rename(&staging, dir.join(&version)).map_err(io_error(&staging))?;
    write_atomic(&dir.join("CURRENT"), version.as_bytes())?;
    store::remove_old_versions(dir, &version);

    let keep: HashSet<[u8; 32]> = keys.iter().copied().collect();
    cache.retain(&keep);
    write_atomic(&cache_path, &cache.to_bytes())?;

    let report = BuildReport {
        entries: answerable,
        vectors: vector_count,
        embedded: missing.len(),
    };
    let index = SearchIndex {
        entries: vectors_file.entries,
        answerable,
        vector_entries: vectors_file.vector_entries,
        hubness: vectors_file.hubness.into(),
        vectors,
        lexical,
    };
    Ok((index, report))
}
