//! Retrieval: a question (its text and its vector) to every entry ranked,
//! best first, by fusing the dense and lexical channels of the index. Pure:
//! no model, no files; the engine brings the vector.

pub mod fusion;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::FusionWeights;
use crate::index::vector::{AllowedVectors, Neighbour};
use crate::index::SearchIndex;
use crate::lang::hangul_share;
use fusion::fuse;

/// One entry and how well it matches, in `[0, 1]`, higher is better.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub score: f32,
}

/// Which of an index's entries a question may find: a kiosk searches the
/// entries of its region (and always the topics minwon does not answer).
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// Entry order.
    allowed: Arc<[bool]>,
    /// The vectors of allowed entries; `None` when every entry is allowed.
    vectors: Option<Arc<AllowedVectors>>,
}

impl Scope {
    /// The entries `allowed` says (entry order) of `index`.
    pub fn new(index: &SearchIndex, allowed: Vec<bool>) -> Self {
        let vectors = (!allowed.iter().all(|&a| a)).then(|| {
            let count = index.vector_entries.len();
            let ids = (0..count).filter(|&v| allowed[index.vector_entries[v] as usize]);
            Arc::new(AllowedVectors::new(count, ids))
        });
        Self {
            allowed: allowed.into(),
            vectors,
        }
    }

    /// Every one of `entries` entries.
    pub fn all(entries: usize) -> Self {
        Self {
            allowed: vec![true; entries].into(),
            vectors: None,
        }
    }

    fn allows(&self, entry: usize) -> bool {
        self.allowed.get(entry).copied().unwrap_or(false)
    }
}

/// What each channel says of every entry (entry order), before fusion.
#[derive(Debug, Clone, PartialEq)]
pub struct Channels {
    /// The best cosine similarity of any of the entry's vectors.
    pub dense: Vec<f32>,
    /// The second best (after a graph search that brought back only one of
    /// the entry's vectors, the farthest similarity it brought back): a
    /// second way of asking that also fits is evidence.
    pub dense_second: Vec<f32>,
    /// The BM25 score, divided by the most the query's terms could score.
    pub lexical: Vec<f32>,
    /// The query's share of Hangul letters, which sets the fusion weights.
    pub hangul: f32,
    /// How much of a hub each entry is (the index's, shared).
    pub hubness: Arc<[f32]>,
    /// How often each entry is looked up (the index's, shared).
    pub popularity: Arc<[f32]>,
    /// The entries the question may find.
    pub scope: Scope,
}

/// How many nearest vectors a graph search brings back (a scan scores them
/// all). Enough for the choices and the entries a lexical hit lifts.
const GRAPH_NEIGHBOURS: usize = 64;

/// Both channels' scores of every entry in `scope` for one question.
pub fn channels(index: &SearchIndex, query: &str, vector: &[f32], scope: &Scope) -> Channels {
    let mut dense = vec![0.0f32; index.entries.len()];
    let mut dense_second = vec![0.0f32; index.entries.len()];
    let vectors = &index.vectors;
    let allowed = scope.vectors.as_deref();
    let searched = allowed.map_or(vectors.len(), AllowedVectors::len);
    let mut keep = |n: Neighbour| {
        let entry = index.vector_entries[n.vector] as usize;
        let (best, second) = (&mut dense[entry], &mut dense_second[entry]);
        if n.similarity > *best {
            *second = *best;
            *best = n.similarity;
        } else if n.similarity > *second {
            *second = n.similarity;
        }
    };
    if vectors.should_scan(searched) {
        // Every vector is scored anyway: keep each entry's best, unsorted.
        vectors.scan(vector, allowed).for_each(&mut keep);
    } else {
        let nearest = match allowed {
            Some(allowed) => vectors.approximate_filtered(vector, GRAPH_NEIGHBOURS, allowed),
            None => vectors.approximate(vector, GRAPH_NEIGHBOURS),
        };
        let farthest = nearest
            .iter()
            .map(|n| n.similarity)
            .fold(f32::MAX, f32::min);
        nearest.into_iter().for_each(&mut keep);
        assume_unseen_seconds(&dense, &mut dense_second, farthest);
    }
    Channels {
        dense,
        dense_second,
        lexical: index.lexical.search(query),
        hangul: hangul_share(query),
        hubness: index.hubness.clone(),
        popularity: index.popularity.clone(),
        scope: scope.clone(),
    }
}

/// After a graph search: an entry found whose second vector was not among
/// the nearest has one no nearer than the farthest of them, so that is taken
/// as its second best; a scan, which sees every vector, would not leave it
/// at 0 and so lift the entry above those whose second vector was found.
/// (Every entry has at least two texts, a name and a summary or question.)
fn assume_unseen_seconds(dense: &[f32], second: &mut [f32], farthest: f32) {
    for (best, second) in dense.iter().zip(second) {
        if *best > 0.0 && *second == 0.0 {
            *second = farthest;
        }
    }
}

/// A question's ranking: every entry minwon can answer with, best first,
/// and the nearest of the topics it does not answer, if any is indexed.
/// "Best" is the score plus the entry's popularity prior, but each hit's
/// `score` is the evidence alone, which the decision's bars judge: a
/// popular service comes first among near equals, and is never more
/// confidently offered for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub hits: Vec<Hit>,
    pub outside: Option<Hit>,
}

/// Fuses the channels of `ids` (in entry order; the first `answerable` are
/// entries, the rest topics minwon does not answer) and ranks them, best
/// first (by score and popularity, see [`Ranking`]); ties go by id, so the
/// order is the same on every run.
pub fn ranked(
    ids: &[String],
    answerable: usize,
    channels: &Channels,
    weights: &FusionWeights,
) -> Ranking {
    let fused = fuse(channels, weights);
    let hit = |(id, score): (&String, f32)| Hit {
        id: id.clone(),
        score,
    };
    let by_score = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id));
    let prior = |i: usize| weights.popularity * channels.popularity.get(i).copied().unwrap_or(0.0);
    let mut ranked: Vec<(f32, Hit)> = ids
        .iter()
        .zip(fused.iter().copied())
        .take(answerable)
        .enumerate()
        .filter(|(i, _)| channels.scope.allows(*i))
        .map(|(i, pair)| {
            let hit = hit(pair);
            (hit.score + prior(i), hit)
        })
        .collect();
    ranked.sort_by(|(a, hit_a), (b, hit_b)| b.total_cmp(a).then_with(|| hit_a.id.cmp(&hit_b.id)));
    let hits = ranked.into_iter().map(|(_, hit)| hit).collect();
    let outside = ids
        .iter()
        .zip(fused.iter().copied())
        .skip(answerable)
        .map(hit)
        .min_by(by_score);
    Ranking { hits, outside }
}

/// Every entry in `scope` ranked for one question.
pub fn rank(
    index: &SearchIndex,
    query: &str,
    vector: &[f32],
    scope: &Scope,
    weights: &FusionWeights,
) -> Ranking {
    ranked(
        &index.entries,
        index.answerable,
        &channels(index, query, vector, scope),
        weights,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn popularity_orders_near_equals_but_leaves_their_scores_alone() {
        let ids: Vec<String> = ["rare", "popular", "far"].map(String::from).into();
        let channels = Channels {
            dense: vec![0.84, 0.835, 0.80],
            dense_second: vec![0.0; 3],
            lexical: vec![0.0; 3],
            hangul: 1.0,
            hubness: vec![0.0; 3].into(),
            // log10(1 + views) above the median: 1,000 times the views.
            popularity: vec![-1.5, 1.5, 3.0].into(),
            scope: Scope::all(3),
        };
        let weights = FusionWeights {
            dense_ko: 1.0,
            lexical_ko: 0.0,
            second_vector: 0.0,
            popularity: 0.004,
            ..FusionWeights::default()
        };
        let ranking = ranked(&ids, 3, &channels, &weights);
        let order: Vec<(&str, f32)> = ranking
            .hits
            .iter()
            .map(|h| (h.id.as_str(), h.score))
            .collect();
        // 0.835 + 0.006 beats 0.84 - 0.006; 0.80 + 0.012 is still last.
        assert_eq!(order, [("popular", 0.835), ("rare", 0.84), ("far", 0.80)]);
        let without = ranked(
            &ids,
            3,
            &channels,
            &FusionWeights {
                popularity: 0.0,
                ..weights
            },
        );
        assert_eq!(without.hits[0].id, "rare");
    }

    #[test]
    fn an_unseen_second_vector_is_taken_as_the_farthest_neighbour() {
        // Found with its second; found alone; not found.
        let dense = [0.9, 0.9, 0.0];
        let mut second = [0.8, 0.0, 0.0];
        assume_unseen_seconds(&dense, &mut second, 0.7);
        assert_eq!(second, [0.8, 0.7, 0.0]);
    }
}
