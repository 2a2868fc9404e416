//! multilingual-e5-small run from its 4-bit weights (`e5-small-q4.bin`) with
//! its own lean tokenizer: no candle, no `tokenizers`, a small footprint.

mod attention;
mod charsmap;
mod encoder;
mod file;
mod int8;
mod kernels;
mod piece_table;
mod q4;
mod tokenizer;

use std::path::Path;

use rayon::prelude::*;

use super::{Arithmetic, EmbedError, EmbedOptions, Embedder, Role};
use encoder::Encoder;
use file::WeightsFile;
pub use file::WEIGHTS_FILE;
pub use kernels::Kernels;
pub use tokenizer::{Tokenizer, Words};

/// The files of an e5 folder that decide what a vector means.
pub const MODEL_FILES: &[&str] = &[WEIGHTS_FILE, "tokenizer.json"];

/// A loaded multilingual-e5-small, ready to embed on the CPU.
pub struct E5Embedder {
    tokenizer: Tokenizer,
    encoder: Encoder,
    pool: rayon::ThreadPool,
    prefixes: bool,
    kernels: Kernels,
}

impl E5Embedder {
    /// Loads `e5-small-q4.bin` and `tokenizer.json` from `dir`, to run on the
    /// fastest kernel of the options' arithmetic.
    pub fn load(dir: &Path, options: &EmbedOptions) -> Result<Self, EmbedError> {
        Self::load_with_kernels(dir, options, Kernels::best_for(options.arithmetic))
    }

    /// As [`Self::load`], with a chosen matmul kernel (tests compare them;
    /// the kernel's arithmetic overrides the options').
    pub fn load_with_kernels(
        dir: &Path,
        options: &EmbedOptions,
        kernels: Kernels,
    ) -> Result<Self, EmbedError> {
        if !dir.is_dir() {
            return Err(EmbedError::ModelMissing {
                dir: dir.to_path_buf(),
            });
        }
        let (file, pieces) = WeightsFile::open(&dir.join(WEIGHTS_FILE))?;
        let max_len = file.shape.max_positions;
        let tokenizer = Tokenizer::new(pieces, &dir.join("tokenizer.json"), max_len)?;
        let encoder = Encoder::load(&file, kernels)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads)
            .thread_name(|i| format!("minwon-embed-{i}"))
            .build()
            .map_err(|err| EmbedError::Threads(err.to_string()))?;
        Ok(Self {
            tokenizer,
            encoder,
            pool,
            prefixes: options.prefixes,
            kernels,
        })
    }

    /// The ids this embedder feeds the model for `text`: the role's prefix
    /// (`query: ` or `passage: `, as the model card asks) and the text,
    /// tokenised as sentence-transformers does.
    pub fn token_ids(&self, text: &str, role: Role) -> Vec<u32> {
        let prefix = match (self.prefixes, role) {
            (false, _) => "",
            (true, Role::Query) => "query: ",
            (true, Role::Passage) => "passage: ",
        };
        self.tokenizer
            .encode(&format!("{prefix}{text}"), Words::SentenceTransformers)
    }

    /// Threads used for one call.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }
}

impl Embedder for E5Embedder {
    fn settings(&self) -> String {
        let prefixes = if self.prefixes {
            "query:/passage: prefixes"
        } else {
            "no prefixes"
        };
        match self.kernels.arithmetic() {
            // As before integer kernels, so an f32 index stays current.
            Arithmetic::F32 => prefixes.into(),
            Arithmetic::Int8 => format!("{prefixes}, int8 activations"),
        }
    }

    fn dimension(&self) -> usize {
        self.encoder.hidden()
    }

    fn embed_batch(&self, texts: &[&str], role: Role) -> Result<Vec<Vec<f32>>, EmbedError> {
        let threads = self.threads();
        self.pool.install(|| {
            let ids: Vec<Vec<u32>> = texts.par_iter().map(|t| self.token_ids(t, role)).collect();
            if ids.len() < threads {
                // Few texts: every thread works on each matmul.
                return Ok(self.encoder.embed(&ids, threads));
            }
            // Many texts: each thread encodes its own share, with no hand-offs.
            let groups = balanced_groups(&ids, threads);
            let vectors: Vec<Vec<Vec<f32>>> = groups
                .into_par_iter()
                .map(|group| self.encoder.embed(group, 1))
                .collect();
            Ok(vectors.into_iter().flatten().collect())
        })
    }
}

/// Splits `texts` into at most `parts` consecutive groups of about equal
/// token counts.
fn balanced_groups(texts: &[Vec<u32>], parts: usize) -> Vec<&[Vec<u32>]> {
    let total: usize = texts.iter().map(Vec::len).sum();
    let mut groups = Vec::with_capacity(parts);
    let (mut start, mut seen) = (0, 0);
    for (i, text) in texts.iter().enumerate() {
        seen += text.len();
        let share = total * (groups.len() + 1) / parts;
        if seen >= share && groups.len() + 1 < parts {
            groups.push(&texts[start..=i]);
            start = i + 1;
        }
    }
    if start < texts.len() {
        groups.push(&texts[start..]);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::balanced_groups;

    #[test]
    fn groups_cover_every_text_in_order() {
        let texts: Vec<Vec<u32>> = [9, 1, 1, 1, 5, 3].iter().map(|&n| vec![0; n]).collect();
        for parts in 1..=8 {
            let groups = balanced_groups(&texts, parts);
            assert!(groups.len() <= parts);
            assert_eq!(groups.concat(), texts, "{parts} parts");
        }
        assert_eq!(balanced_groups(&texts, 2).len(), 2);
    }
}
