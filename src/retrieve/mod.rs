//! Retrieval: a question (its text and its vector) to every entry ranked,
//! best first, by fusing the dense and lexical channels of the index. Pure:
//! no model, no files; the engine brings the vector.

pub mod fusion;

use serde::{Deserialize, Serialize};

use crate::config::FusionWeights;
use crate::index::SearchIndex;
use crate::lang::hangul_share;
use fusion::fuse;

/// One entry and how well it matches, in `[0, 1]`, higher is better.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub score: f32,
}

/// Every entry with its fused score, best first (ties by id, so the order
/// is the same on every run).
pub fn rank(index: &SearchIndex, query: &str, vector: &[f32], weights: &FusionWeights) -> Vec<Hit> {
    let mut dense = vec![0.0f32; index.entries.len()];
    let neighbours = if index.vectors.has_graph() {
        index.vectors.approximate(vector, 64)
    } else {
        index.vectors.exact(vector, index.vectors.len())
    };
    for n in neighbours {
        let entry = index.texts[n.vector].entry as usize;
        dense[entry] = dense[entry].max(n.similarity);
    }
    let lexical = index.lexical.search(query);
    let fused = fuse(&dense, &lexical, hangul_share(query), weights);
    let mut hits: Vec<Hit> = index
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
