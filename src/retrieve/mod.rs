//! Retrieval: one entry point from a question to ranked entries and a
//! decision, used by the CLI, the UI and eval alike.

pub mod fusion;

use crate::answer::{decide, Hit, Reply, Thresholds};
use crate::config::Config;
use crate::corpus::Corpus;
use crate::embed::{self, Embedder, Role};
use crate::index::{self, Fingerprint, IndexError, SearchIndex};
use fusion::{fuse, hangul_share, FusionWeights};

/// Whether opening may rebuild a missing or out-of-date index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuild {
    /// Rebuild it, saying why on stderr.
    Allowed,
    /// Refuse, naming `minwon index`.
    Refused,
}

/// The corpus, the model and the index, loaded and checked against each other.
pub struct Searcher {
    pub corpus: Corpus,
    embedder: Box<dyn Embedder>,
    index: SearchIndex,
    pub thresholds: Thresholds,
    weights: FusionWeights,
}

impl Searcher {
    /// Loads everything `config` names. A missing, stale or damaged index is
    /// rebuilt (unless `rebuild` refuses), and `notice` is told why.
    pub fn open(config: &Config, rebuild: Rebuild, notice: &dyn Fn(&str)) -> anyhow::Result<Self> {
        let corpus = Corpus::load(&config.corpus_dir)?;
        let embedder = embed::load(&config.model_dir)?;
        let fingerprint = Fingerprint::current(&corpus, &config.model_dir, &config.index_dir)?;
        let index = match index::open(&config.index_dir, &fingerprint) {
            Ok(index) => index,
            Err(
                err @ (IndexError::Missing { .. }
                | IndexError::Stale { .. }
                | IndexError::Corrupt { .. }),
            ) => {
                if rebuild == Rebuild::Refused {
                    return Err(err.into());
                }
                notice(&format!("minwon: {err}; rebuilding it now"));
                index::build(
                    &corpus,
                    embedder.as_ref(),
                    &fingerprint,
                    &config.index_dir,
                    &mut |_, _| {},
                )?;
                index::open(&config.index_dir, &fingerprint)?
            }
            Err(err) => return Err(err.into()),
        };
        Ok(Self {
            corpus,
            embedder,
            index,
            thresholds: config.thresholds.clone(),
            weights: config.fusion.clone(),
        })
    }

    /// Every entry with its fused score, best first.
    pub fn rank(&self, query: &str) -> anyhow::Result<Vec<Hit>> {
        let vector = self.embedder.embed(query, Role::Query)?;
        Ok(self.rank_vector(query, &vector))
    }

    fn rank_vector(&self, query: &str, query_vector: &[f32]) -> Vec<Hit> {
        let entries = self.index.entries.len();
        let mut dense = vec![0.0f32; entries];
        let neighbours = if self.index.vectors.has_graph() {
            self.index.vectors.approximate(query_vector, 64)
        } else {
            self.index
                .vectors
                .exact(query_vector, self.index.vectors.len())
        };
        for n in neighbours {
            let entry = self.index.texts[n.vector].entry as usize;
            dense[entry] = dense[entry].max(n.similarity);
        }
        let lexical = self.index.lexical.search(query);
        let fused = fuse(&dense, &lexical, hangul_share(query), &self.weights);
        let mut hits: Vec<Hit> = self
            .index
            .entries
            .iter()
            .zip(fused)
            .map(|(id, score)| Hit {
                id: id.clone(),
                score,
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        hits
    }

    /// Answers one question: the decision and the `top_k` nearest entries.
    pub fn ask(&self, query: &str, top_k: usize) -> anyhow::Result<Reply> {
        let vector = self.embedder.embed(query, Role::Query)?;
        Ok(self.reply(query, &vector, top_k))
    }

    /// Answers several questions, embedding them in batches (much faster
    /// per question than one at a time); replies come back in input order.
    pub fn ask_many(&self, queries: &[&str], top_k: usize) -> anyhow::Result<Vec<Reply>> {
        let vectors = self.embedder.embed_many(queries, Role::Query, 32)?;
        Ok(queries
            .iter()
            .zip(vectors)
            .map(|(query, vector)| self.reply(query, &vector, top_k))
            .collect())
    }

    fn reply(&self, query: &str, vector: &[f32], top_k: usize) -> Reply {
        let mut hits = self.rank_vector(query, vector);
        let decision = if query.chars().any(char::is_alphanumeric) {
            decide(&hits, &self.thresholds)
        } else {
            // Nothing to understand: never answer punctuation, emoji or blanks.
            crate::answer::Decision::NoMatch
        };
        hits.truncate(top_k);
        Reply {
            query: query.to_string(),
            decision,
            hits,
        }
    }
}
