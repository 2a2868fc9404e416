//! Sentence embeddings: the [`Embedder`] trait and its two backends,
//! multilingual-e5-small from 4-bit weights ([`e5`], the default) and any
//! BERT sentence-transformers folder on candle ([`bert`]).
//!
//! Only [`bert`] imports candle and tokenizers; everything else sees vectors.

mod bert;
pub mod e5;
mod folder;

use std::path::{Path, PathBuf};

pub use bert::BertEmbedder;
pub use e5::E5Embedder;

/// What went wrong loading or running a model. Each message names the file
/// and, where a person can fix it, the command to run.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("model folder {} not found: run `models/fetch.sh` to download and verify it", dir.display())]
    ModelMissing { dir: PathBuf },
    #[error("{}: missing from the model folder: run `models/fetch.sh` to download and verify it", file.display())]
    FileMissing { file: PathBuf },
    #[error("{}: {problem}", file.display())]
    Invalid { file: PathBuf, problem: String },
    #[error("{}: unsupported architecture {found:?}: minwon runs BERT-family sentence-transformers models", file.display())]
    UnsupportedArchitecture { file: PathBuf, found: String },
    #[error("{}: {problem}: run `models/fetch.sh` to download and verify it again", file.display())]
    Corrupt { file: PathBuf, problem: String },
    #[error("cannot start the embedding threads: {0}")]
    Threads(String),
    #[error("embedding failed: {0}")]
    Inference(String),
}

/// How to run a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedOptions {
    /// Threads for one embedding call; 0 means one per core. (The e5
    /// backend only: candle's BERT uses rayon's global pool.)
    pub threads: usize,
    /// Whether the e5 backend puts `query: ` / `passage: ` before each text,
    /// as the model card asks.
    pub prefixes: bool,
    /// How the e5 backend multiplies (its fastest kernel of that kind).
    pub arithmetic: Arithmetic,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        Self {
            threads: 0,
            prefixes: true,
            arithmetic: Arithmetic::Int8,
        }
    }
}

/// How the e5 backend's matmuls multiply: with 8-bit activations and
/// integer dot products (the default: about twice as fast, cosine ≥ 0.998
/// to f32), or in f32 from the exactly decoded weights (the reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Arithmetic {
    Int8,
    F32,
}

/// What a text is for. Some models (the e5 family) are trained to embed a
/// citizen's question and a stored text differently; others ignore this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A question typed by a person.
    Query,
    /// A text stored in the index (a title, summary or sample question).
    Passage,
}

/// Turns texts into L2-normalised vectors of one fixed dimension.
pub trait Embedder: Send + Sync {
    /// Length of every vector this embedder returns.
    fn dimension(&self) -> usize;

    /// What, beyond the model's files, decides the vectors (such as e5's
    /// prefixes); an index built with other settings is out of date.
    fn settings(&self) -> String {
        String::new()
    }

    /// Embeds one batch; the result has one vector per text, in order.
    fn embed_batch(&self, texts: &[&str], role: Role) -> Result<Vec<Vec<f32>>, EmbedError>;

    /// Embeds one text.
    fn embed(&self, text: &str, role: Role) -> Result<Vec<f32>, EmbedError> {
        let mut vectors = self.embed_batch(&[text], role)?;
        vectors
            .pop()
            .ok_or_else(|| EmbedError::Inference("model returned no vector".into()))
    }

    /// Embeds many texts in batches of `batch_size`, grouping texts of similar
    /// length so little time goes into padding; results come back in input order.
    fn embed_many(
        &self,
        texts: &[&str],
        role: Role,
        batch_size: usize,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(texts[i].len()));
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(batch_size.max(1)) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            for (&i, vector) in chunk.iter().zip(self.embed_batch(&batch, role)?) {
                out[i] = vector;
            }
        }
        Ok(out)
    }
}

/// Loads the model in `dir`, whichever supported kind it is, with default options.
pub fn load(dir: &Path) -> Result<Box<dyn Embedder>, EmbedError> {
    load_with(dir, &EmbedOptions::default())
}

/// Loads the model in `dir`: e5 when it holds `e5-small-q4.bin`, BERT
/// (sentence-transformers) when it holds `config.json`, and otherwise e5,
/// whose error names the missing weights file.
pub fn load_with(dir: &Path, options: &EmbedOptions) -> Result<Box<dyn Embedder>, EmbedError> {
    Ok(match Backend::of(dir) {
        Backend::E5 => Box::new(E5Embedder::load(dir, options)?),
        Backend::Bert => Box::new(BertEmbedder::load(dir)?),
    })
}

/// The files of the model in `dir` whose bytes decide what a vector means
/// (the index records their hashes, so a changed model means a rebuild).
pub fn model_files(dir: &Path) -> &'static [&'static str] {
    match Backend::of(dir) {
        Backend::E5 => e5::MODEL_FILES,
        Backend::Bert => bert::MODEL_FILES,
    }
}

enum Backend {
    E5,
    Bert,
}

impl Backend {
    fn of(dir: &Path) -> Self {
        if !dir.join(e5::WEIGHTS_FILE).exists() && dir.join("config.json").exists() {
            Self::Bert
        } else {
            Self::E5
        }
    }
}

/// Cosine similarity of two vectors (a dot product when both are normalised).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (norm(a) * norm(b)).max(f32::MIN_POSITIVE)
}
