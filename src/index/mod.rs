//! The search index: every entry's texts as vectors ([`vector`]) and as BM25
//! documents ([`lexical`]), persisted in one folder with a [`manifest`] of
//! what it was built from.
//!
//! Layout of the index folder (default `index/`):
//! ```text
//! CURRENT            name of the live version folder (replaced atomically)
//! v-<time>/          manifest.json, vectors.bin, vectors.json, lexical.bin
//! embed-cache.bin    embeddings keyed by (model, text) hashes, each record checksummed
//! .build-<pid>/      a build under way (a stale one is removed by the next writer)
//! .lock              held by the one process writing the folder (see `lock`)
//! ```
//! A build writes a new version folder and only then points `CURRENT` at
//! it, so an interrupted build leaves the previous index in use; a version
//! a reader holds is never deleted under it.

mod build;
pub mod bundle;
mod cache;
mod hangul;
mod hubness;
pub mod lexical;
mod lock;
pub mod manifest;
mod popularity;
pub mod signature;
mod store;
pub mod vector;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::corpus::search::TextKind;
use crate::corpus::Corpus;
use crate::embed::{EmbedError, Role};
pub use build::{build, BuildReport};
use lexical::LexicalIndex;
pub use lock::wait_for_writer;
use manifest::{FileRecord, Manifest};
use vector::VectorIndex;

/// The HNSW graph's file in an index version, present only when the index
/// has enough vectors for a graph (see [`vector::GRAPH_MIN_VECTORS`]).
const GRAPH_FILE: &str = "graph.bin";

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index in {}: run `minwon index`", dir.display())]
    Missing { dir: PathBuf },
    #[error("the index in {} is out of date: {reason}; run `minwon index`", dir.display())]
    Stale { dir: PathBuf, reason: String },
    #[error("{}: {problem}; run `minwon index` to rebuild it", file.display())]
    Corrupt { file: PathBuf, problem: String },
    #[error("the model gave a vector that is not finite or not of unit length for \"{text}\": its files may be damaged (models/fetch.sh verifies them)")]
    NotAnEmbedding { text: String },
    #[error("another minwon is writing the index in {} (a build or a bundle install); wait for it to finish and try again", dir.display())]
    Busy { dir: PathBuf },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Embed(#[from] EmbedError),
}

impl IndexError {
    /// Whether building the index again would cure this.
    pub fn rebuild_cures(&self) -> bool {
        matches!(
            self,
            IndexError::Missing { .. } | IndexError::Stale { .. } | IndexError::Corrupt { .. }
        )
    }
}

/// Whether a vector can be trusted as an embedding: every component finite
/// and length 1 (the models' vectors are L2-normalised). Checked wherever
/// vectors enter: the cache, a build, an index read from disk, a bundle.
pub fn is_unit_vector(vector: &[f32]) -> bool {
    // Eight running sums, which the compiler keeps in one SIMD register (one
    // sum cannot be reordered: 18 ms over the index at every start).
    let mut lanes = [0f32; 8];
    let chunks = vector.chunks_exact(8);
    let rest: f32 = chunks.remainder().iter().map(|x| x * x).sum();
    for chunk in chunks {
        lanes
            .iter_mut()
            .zip(chunk)
            .for_each(|(lane, x)| *lane += x * x);
    }
    let norm2 = lanes.iter().sum::<f32>() + rest;
    // A component that is NaN or infinite makes the sum so: never near 1.
    (norm2 - 1.0).abs() < 1e-3
}

/// The first vector in `data` (rows of `dimension`) that is not a unit vector.
fn first_bad_vector(data: &[f32], dimension: usize) -> Option<usize> {
    data.chunks(dimension.max(1))
        .position(|v| v.len() != dimension || !is_unit_vector(v))
}

/// How a text is embedded: a sample question is matched to a citizen's
/// question like with like (as a query); the rest are passages.
fn role(kind: TextKind) -> Role {
    if kind.is_question() {
        Role::Query
    } else {
        Role::Passage
    }
}

/// One indexed text: whose it is, what it is, and the text itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexedText {
    pub entry: u32,
    pub kind: TextKind,
    pub text: String,
}

/// `vectors.json`: whose each vector is.
#[derive(Serialize, Deserialize)]
struct VectorsFile {
    entries: Vec<String>,
    answerable: usize,
    /// The entry of each vector, in vector order.
    vector_entries: Vec<u32>,
    /// How much of a hub each entry is (see `hubness`), entry order.
    hubness: Vec<f32>,
    /// How often each entry is looked up (see `popularity`), entry order.
    popularity: Vec<f32>,
}

/// A loaded index, checked against the corpus and model it serves.
pub struct SearchIndex {
    /// Entry ids; entry `i` of the lexical index and of `texts`. The first
    /// `answerable` are the corpus's entries; the rest are the topics minwon
    /// does not answer (`outside:<id>`).
    pub entries: Vec<String>,
    pub answerable: usize,
    /// The entry of each vector, in vector order.
    pub vector_entries: Vec<u32>,
    /// How much of a hub each entry is: its typical best cosine to questions
    /// about other entries, above the average entry's (entry order).
    pub hubness: std::sync::Arc<[f32]>,
    /// How often citizens look each entry up, as `log10(1 + views)` above
    /// the median service's (entry order; see `popularity`).
    pub popularity: std::sync::Arc<[f32]>,
    pub vectors: VectorIndex,
    pub lexical: LexicalIndex,
}

/// What the index must match: the model's files and settings, and every
/// entry's hash.
pub struct Fingerprint {
    pub model: Vec<FileRecord>,
    /// The embedder's settings that change vectors (`Embedder::settings`).
    pub embedding: String,
    pub entries: BTreeMap<String, String>,
}

impl Fingerprint {
    /// The corpus's entry hashes and the model's file hashes, reusing
    /// `known` hashes for model files whose size and modification time are
    /// unchanged (so 70 MB of weights are not read again on every start).
    pub fn current(
        corpus: &Corpus,
        model_dir: &Path,
        embedding: String,
        known: &[FileRecord],
    ) -> Result<Self, IndexError> {
        let model = manifest::model_records(model_dir, known).map_err(|source| IndexError::Io {
            path: model_dir.to_path_buf(),
            source,
        })?;
        Ok(Self {
            model,
            embedding,
            entries: corpus.hashes.clone(),
        })
    }
}

/// The live index of a folder as found on disk: its version folder and
/// manifest, read once.
pub struct Live {
    dir: PathBuf,
    found: Result<(PathBuf, Manifest), IndexError>,
    /// The version's files, if already read by [`Live::preload`].
    read: Option<Result<SearchIndex, IndexError>>,
    /// Keeps writers from deleting the version while it is read.
    _reading: Option<lock::ReadLock>,
}

/// Reads the folder's `CURRENT` pointer and the manifest it names, holding
/// that version for reading (if a writer replaced it meanwhile, looks again).
pub fn live(dir: &Path) -> Live {
    let mut reading = None;
    let mut version = store::live_version(dir);
    for _ in 0..5 {
        let Some(found) = &version else { break };
        reading = lock::hold_version(found);
        if reading.is_some() {
            break;
        }
        version = store::live_version(dir);
    }
    let found = version
        .ok_or_else(|| IndexError::Missing {
            dir: dir.to_path_buf(),
        })
        .and_then(|version| {
            let path = version.join("manifest.json");
            let corrupt = |problem: String| IndexError::Corrupt {
                file: path.clone(),
                problem,
            };
            let text = std::fs::read_to_string(&path)
                .map_err(|err| corrupt(format!("cannot read: {err}")))?;
            let manifest = serde_json::from_str(&text)
                .map_err(|err| corrupt(format!("not a minwon manifest: {err}")))?;
            Ok((version, manifest))
        });
    Live {
        dir: dir.to_path_buf(),
        found,
        read: None,
        _reading: reading,
    }
}

impl Live {
    /// The model hashes the live index recorded (empty if there is none).
    pub fn model_records(&self) -> &[FileRecord] {
        self.found.as_ref().map_or(&[], |(_, m)| m.model.as_slice())
    }

    /// Reads and checks the version's files now, before [`Live::open`]
    /// knows whether they are fresh: on a thread of its own, this overlaps
    /// reading the index with loading the corpus and the model, whose
    /// hashes the freshness check needs. Read for nothing if stale.
    pub fn preload(&mut self) {
        if let Ok((version, manifest)) = &self.found {
            self.read = Some(load(version, manifest));
        }
    }

    /// Opens the live index, verifying its files' checksums before reading
    /// them and that it was built from exactly this corpus and model.
    pub fn open(self, fingerprint: &Fingerprint) -> Result<SearchIndex, IndexError> {
        let (version, manifest) = self.found?;
        if let Some(reason) = manifest::staleness(&manifest, fingerprint) {
            return Err(IndexError::Stale {
                dir: self.dir,
                reason,
            });
        }
        self.read.unwrap_or_else(|| load(&version, &manifest))
    }
}

/// Reads a version folder's files, checking each against the manifest.
fn load(version: &Path, manifest: &Manifest) -> Result<SearchIndex, IndexError> {
    let manifest_path = version.join("manifest.json");
    let corrupt = |file: &Path, problem: String| IndexError::Corrupt {
        file: file.to_path_buf(),
        problem,
    };
    let expected = |name: &str| {
        manifest
            .crc32
            .get(name)
            .copied()
            .ok_or_else(|| corrupt(&manifest_path, format!("lists no checksum for {name}")))
    };
    let mismatch =
        |path: &Path| corrupt(path, "checksum mismatch (damaged or foreign file)".into());
    let read_checked = |name: &str| -> Result<Vec<u8>, IndexError> {
        let path = version.join(name);
        let bytes =
            std::fs::read(&path).map_err(|err| corrupt(&path, format!("cannot read: {err}")))?;
        if crc32fast::hash(&bytes) != expected(name)? {
            return Err(mismatch(&path));
        }
        Ok(bytes)
    };
    let vectors_path = version.join("vectors.bin");
    let (data, crc) = store::read_floats(&vectors_path)
        .map_err(|err| corrupt(&vectors_path, format!("cannot read: {err}")))?;
    if crc != expected("vectors.bin")? {
        return Err(mismatch(&vectors_path));
    }
    let vectors_file: VectorsFile = serde_json::from_slice(&read_checked("vectors.json")?)
        .map_err(|err| corrupt(&version.join("vectors.json"), err.to_string()))?;
    let lexical = lexical::file::from_bytes(&read_checked("lexical.bin")?)
        .map_err(|problem| corrupt(&version.join("lexical.bin"), problem))?;

    let dimension = manifest.dimension;
    let consistent = data.len() == manifest.vectors * dimension
        && vectors_file.answerable <= vectors_file.entries.len()
        && vectors_file.vector_entries.len() == manifest.vectors
        && vectors_file.hubness.len() == vectors_file.entries.len()
        && vectors_file.popularity.len() == vectors_file.entries.len()
        && vectors_file
            .vector_entries
            .iter()
            .all(|&e| (e as usize) < vectors_file.entries.len());
    if !consistent || dimension == 0 {
        return Err(corrupt(
            &manifest_path,
            "files disagree with the manifest".into(),
        ));
    }
    if let Some(bad) = first_bad_vector(&data, dimension) {
        return Err(corrupt(
            &vectors_path,
            format!("vector {bad} is not finite or not of unit length"),
        ));
    }
    let graph = match manifest.crc32.contains_key(GRAPH_FILE) {
        true => Some(read_checked(GRAPH_FILE)?),
        false => None,
    };
    let graph_path = version.join(GRAPH_FILE);
    let vectors = VectorIndex::open(dimension, data, manifest.hnsw, graph.as_deref())
        .map_err(|err| corrupt(&graph_path, err.to_string()))?;
    Ok(SearchIndex {
        entries: vectors_file.entries,
        answerable: vectors_file.answerable,
        vector_entries: vectors_file.vector_entries,
        hubness: vectors_file.hubness.into(),
        popularity: vectors_file.popularity.into(),
        vectors,
        lexical,
    })
}
