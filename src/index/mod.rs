//! The search index: every entry's texts as vectors ([`vector`]) and as BM25
//! documents ([`lexical`]), persisted in one folder with a [`manifest`] of
//! what it was built from.
//!
//! Layout of the index folder (default `index/`):
//! ```text
//! CURRENT            name of the live version folder (replaced atomically)
//! v-<time>/          manifest.json, vectors.bin, vectors.json, lexical.json
//! embed-cache.bin    embeddings keyed by (model, text) hashes
//! .build-<pid>/      a build under way (a stale one is removed by the next build)
//! ```
//! A build writes a new version folder and only then points `CURRENT` at
//! it, so an interrupted build leaves the previous index in use.

mod cache;
pub mod lexical;
pub mod manifest;
pub mod vector;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, ServiceEntry};
use crate::embed::{EmbedError, Embedder, Role};
use cache::{text_key, EmbeddingCache};
use lexical::{Bm25Params, LexicalIndex};
use manifest::{FileRecord, Manifest};
use vector::{HnswParams, VectorIndex};

/// Below this many vectors an exact scan beats the HNSW graph (measured by
/// `cargo bench --bench retrieval`; see docs/PERFORMANCE.md), so no graph is built.
pub const GRAPH_MIN_VECTORS: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index in {}: run `minwon index`", dir.display())]
    Missing { dir: PathBuf },
    #[error("the index in {} is out of date: {reason}; run `minwon index`", dir.display())]
    Stale { dir: PathBuf, reason: String },
    #[error("{}: {problem}; run `minwon index` to rebuild it", file.display())]
    Corrupt { file: PathBuf, problem: String },
    #[error("{}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Embed(#[from] EmbedError),
}

/// Which part of an entry a vector was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    Title,
    Summary,
    Question,
    QuestionKo,
    Keywords,
}

/// One indexed text: whose it is, what it is, and the text itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexedText {
    pub entry: u32,
    pub kind: TextKind,
    pub text: String,
}

#[derive(Serialize, Deserialize)]
struct VectorsFile {
    entries: Vec<String>,
    texts: Vec<IndexedText>,
}

/// A loaded index, checked against the corpus and model it serves.
pub struct SearchIndex {
    /// Service ids; entry `i` of the lexical index and of `texts`.
    pub entries: Vec<String>,
    /// What each vector was made from, in vector order.
    pub texts: Vec<IndexedText>,
    pub vectors: VectorIndex,
    pub lexical: LexicalIndex,
    pub manifest: Manifest,
}

/// The texts of an entry that get their own vector.
pub fn dense_texts(entry: &ServiceEntry) -> Vec<(TextKind, String)> {
    let mut texts = vec![
        (TextKind::Title, entry.title.clone()),
        (TextKind::Summary, entry.summary.clone()),
    ];
    texts.extend(
        entry
            .questions
            .iter()
            .map(|q| (TextKind::Question, q.clone())),
    );
    texts.extend(
        entry
            .questions_ko
            .iter()
            .map(|q| (TextKind::QuestionKo, q.clone())),
    );
    texts.push((TextKind::Keywords, entry.keywords.join(", ")));
    texts
}

/// The texts of an entry that make its BM25 document.
fn lexical_texts(entry: &ServiceEntry) -> Vec<&str> {
    let mut texts = vec![
        entry.title.as_str(),
        entry.title_ko.as_str(),
        entry.summary.as_str(),
        entry.summary_ko.as_str(),
    ];
    texts.extend(entry.questions.iter().map(String::as_str));
    texts.extend(entry.questions_ko.iter().map(String::as_str));
    texts.extend(entry.keywords.iter().map(String::as_str));
    texts
}

/// What the index must match: the model's files and every entry's file hash.
pub struct Fingerprint {
    pub model: Vec<FileRecord>,
    pub entries: BTreeMap<String, String>,
}

impl Fingerprint {
    /// Hashes the corpus files and the model, reusing the live index's model
    /// hashes for files whose size and modification time are unchanged.
    pub fn current(
        corpus: &Corpus,
        model_dir: &Path,
        index_dir: &Path,
    ) -> Result<Self, IndexError> {
        let known = live_manifest(index_dir)
            .map(|m| m.model)
            .unwrap_or_default();
        let model =
            manifest::model_records(model_dir, &known).map_err(|source| IndexError::Io {
                path: model_dir.to_path_buf(),
                source,
            })?;
        let mut entries = BTreeMap::new();
        for entry in &corpus.services {
            let bytes = std::fs::read(&entry.path).map_err(|source| IndexError::Io {
                path: entry.path.clone(),
                source,
            })?;
            entries.insert(entry.id.clone(), manifest::sha256_hex(&bytes));
        }
        Ok(Self { model, entries })
    }
}

/// Reads the live manifest only (to reuse its model hashes before checking).
fn live_manifest(dir: &Path) -> Option<Manifest> {
    let version = live_version(dir)?;
    let text = std::fs::read_to_string(version.join("manifest.json")).ok()?;
    serde_json::from_str(&text).ok()
}

fn live_version(dir: &Path) -> Option<PathBuf> {
    let name = std::fs::read_to_string(dir.join("CURRENT")).ok()?;
    let name = name.trim();
    let valid = name.starts_with("v-") && !name.contains(['/', '\\']);
    valid.then(|| dir.join(name))
}

/// What a build did, for its summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub entries: usize,
    pub vectors: usize,
    pub embedded: usize,
}

/// Builds the index for `corpus` into `dir` atomically. `progress` is told
/// how many of the texts that need embedding are done, and of how many.
pub fn build(
    corpus: &Corpus,
    embedder: &dyn Embedder,
    fingerprint: &Fingerprint,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildReport, IndexError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    remove_stale_builds(dir);

    let entries: Vec<String> = corpus.services.iter().map(|e| e.id.clone()).collect();
    let texts: Vec<IndexedText> = corpus
        .services
        .iter()
        .enumerate()
        .flat_map(|(i, entry)| {
            dense_texts(entry)
                .into_iter()
                .map(move |(kind, text)| IndexedText {
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
        manifest::model_digest(&fingerprint.model),
        dimension,
    );
    let keys: Vec<[u8; 32]> = texts.iter().map(|t| text_key(&t.text)).collect();
    let mut missing: Vec<usize> = (0..texts.len())
        .filter(|&i| cache.get(&keys[i]).is_none())
        .collect();
    missing.sort_by_key(|&i| keys[i]);
    missing.dedup_by_key(|&mut i| keys[i]);
    // Longest first, so each batch pads its texts to similar lengths.
    missing.sort_by_key(|&i| std::cmp::Reverse(texts[i].text.len()));
    let batch = 32;
    progress(0, missing.len());
    for (done, chunk) in missing.chunks(batch).enumerate() {
        let chunk_texts: Vec<&str> = chunk.iter().map(|&i| texts[i].text.as_str()).collect();
        for (&i, vector) in
            chunk
                .iter()
                .zip(embedder.embed_many(&chunk_texts, Role::Passage, batch)?)
        {
            cache.insert(keys[i], vector);
        }
        progress(
            (done * batch + chunk.len()).min(missing.len()),
            missing.len(),
        );
    }
    let mut data = Vec::with_capacity(texts.len() * dimension);
    for key in &keys {
        data.extend_from_slice(cache.get(key).expect("every text was embedded above"));
    }

    let documents: Vec<Vec<&str>> = corpus.services.iter().map(lexical_texts).collect();
    let lexical = LexicalIndex::build(&documents, Bm25Params::default());

    let staging = dir.join(format!(".build-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(io(&staging))?;
    let vectors_bin: Vec<u8> = data.iter().flat_map(|x| x.to_le_bytes()).collect();
    let vectors_json = serde_json::to_vec(&VectorsFile {
        entries,
        texts: texts.clone(),
    })
    .expect("index texts serialise");
    let lexical_json = serde_json::to_vec(&lexical).expect("lexical index serialises");
    let mut files = BTreeMap::new();
    for (name, bytes) in [
        ("vectors.bin", &vectors_bin),
        ("vectors.json", &vectors_json),
        ("lexical.json", &lexical_json),
    ] {
        write_synced(&staging.join(name), bytes)?;
        files.insert(name.to_string(), manifest::sha256_hex(bytes));
    }
    let manifest = Manifest {
        format: manifest::FORMAT,
        minwon_version: env!("CARGO_PKG_VERSION").to_string(),
        model: fingerprint.model.clone(),
        entries: fingerprint.entries.clone(),
        dimension,
        vectors: texts.len(),
        hnsw: HnswParams::default(),
        bm25: lexical.params(),
        files,
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).expect("manifest serialises");
    write_synced(&staging.join("manifest.json"), &manifest_json)?;

    let version = format!("v-{}", unique_suffix());
    std::fs::rename(&staging, dir.join(&version)).map_err(io(&staging))?;
    write_atomic(&dir.join("CURRENT"), version.as_bytes())?;
    remove_old_versions(dir, &version);

    let keep: HashSet<[u8; 32]> = keys.iter().copied().collect();
    cache.retain(&keep);
    write_atomic(&cache_path, &cache.to_bytes())?;

    Ok(BuildReport {
        entries: corpus.services.len(),
        vectors: texts.len(),
        embedded: missing.len(),
    })
}

/// Opens the live index, verifying its files' checksums before reading them
/// and that it was built from exactly this corpus and model.
pub fn open(dir: &Path, fingerprint: &Fingerprint) -> Result<SearchIndex, IndexError> {
    let version = live_version(dir).ok_or_else(|| IndexError::Missing {
        dir: dir.to_path_buf(),
    })?;
    let manifest_path = version.join("manifest.json");
    let corrupt = |file: &Path, problem: String| IndexError::Corrupt {
        file: file.to_path_buf(),
        problem,
    };
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|err| corrupt(&manifest_path, format!("cannot read: {err}")))?;
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|err| corrupt(&manifest_path, format!("not a minwon manifest: {err}")))?;
    if let Some(reason) = manifest::staleness(&manifest, &fingerprint.model, &fingerprint.entries) {
        return Err(IndexError::Stale {
            dir: dir.to_path_buf(),
            reason,
        });
    }

    let read_checked = |name: &str| -> Result<Vec<u8>, IndexError> {
        let path = version.join(name);
        let expected = manifest
            .files
            .get(name)
            .ok_or_else(|| corrupt(&manifest_path, format!("lists no checksum for {name}")))?;
        let bytes =
            std::fs::read(&path).map_err(|err| corrupt(&path, format!("cannot read: {err}")))?;
        if manifest::sha256_hex(&bytes) != *expected {
            return Err(corrupt(
                &path,
                "checksum mismatch (damaged or foreign file)".into(),
            ));
        }
        Ok(bytes)
    };
    let vectors_bin = read_checked("vectors.bin")?;
    let vectors_file: VectorsFile = serde_json::from_slice(&read_checked("vectors.json")?)
        .map_err(|err| corrupt(&version.join("vectors.json"), err.to_string()))?;
    let lexical: LexicalIndex = serde_json::from_slice(&read_checked("lexical.json")?)
        .map_err(|err| corrupt(&version.join("lexical.json"), err.to_string()))?;

    let dimension = manifest.dimension;
    let consistent = vectors_bin.len() == manifest.vectors * dimension * 4
        && vectors_file.texts.len() == manifest.vectors
        && vectors_file
            .texts
            .iter()
            .all(|t| (t.entry as usize) < vectors_file.entries.len());
    if !consistent || dimension == 0 {
        return Err(corrupt(
            &manifest_path,
            "files disagree with the manifest".into(),
        ));
    }
    let data: Vec<f32> = vectors_bin
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().expect("chunks of 4")))
        .collect();
    let with_graph = manifest.vectors >= GRAPH_MIN_VECTORS;
    let vectors = VectorIndex::new(dimension, data, manifest.hnsw, with_graph);
    Ok(SearchIndex {
        entries: vectors_file.entries,
        texts: vectors_file.texts,
        vectors,
        lexical,
        manifest,
    })
}

fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos}-{}", std::process::id())
}

/// Writes a file and flushes it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    use std::io::Write;
    let io = |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::create(path).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)
}

/// Replaces a file atomically: write a temporary file beside it, then rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    write_synced(&tmp, bytes)?;
    std::fs::rename(&tmp, path).map_err(|source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn remove_stale_builds(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(".build-") {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn remove_old_versions(dir: &Path, live: &str) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("v-") && name != live {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
