//! The vector index: unit vectors with an exact search and an hnsw_rs graph
//! beside it. The only file that imports hnsw_rs.
//!
//! The graph is rebuilt from the stored vectors when an index is opened
//! rather than read with hnsw_rs' own loader, which panics on bad files and
//! returns an index borrowing its loader; rebuilding the bundled corpus's
//! graph takes milliseconds (see docs/PERFORMANCE.md).

use hnsw_rs::anndists::dist::distances::Distance;
use hnsw_rs::hnsw::Hnsw;
use serde::{Deserialize, Serialize};

/// HNSW construction and search parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HnswParams {
    /// Neighbours kept per node and layer (M).
    pub max_connections: usize,
    pub ef_construction: usize,
    pub ef_search: usize,
}

impl Default for HnswParams {
    fn default() -> Self {
        Self {
            max_connections: 24,
            ef_construction: 200,
            ef_search: 64,
        }
    }
}

/// Dot product of two equal-length vectors, in eight lanes so the compiler
/// vectorises it.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// `1 - dot` for unit vectors, clamped at 0: rounding can push a vector's
/// dot with itself above 1, which makes hnsw_rs' own `DistDot` panic.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitDistance;

impl Distance<f32> for UnitDistance {
    fn eval(&self, a: &[f32], b: &[f32]) -> f32 {
        (1.0 - dot(a, b)).max(0.0)
    }
}

/// A nearest vector: its position in the index and its cosine similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    pub vector: usize,
    pub similarity: f32,
}

/// Unit vectors of one dimension, searchable exactly or through HNSW.
pub struct VectorIndex {
    dimension: usize,
    data: Vec<f32>,
    graph: Option<Hnsw<'static, f32, UnitDistance>>,
    params: HnswParams,
}

impl VectorIndex {
    /// Holds `data` (row-major, `dimension` floats per vector). The HNSW
    /// graph is built only when `with_graph` is set.
    pub fn new(dimension: usize, data: Vec<f32>, params: HnswParams, with_graph: bool) -> Self {
        let mut index = Self {
            dimension,
            data,
            graph: None,
            params,
        };
        if with_graph {
            index.graph = Some(index.build_graph());
        }
        index
    }

    /// Serial insertion, so the same vectors always give the same graph.
    fn build_graph(&self) -> Hnsw<'static, f32, UnitDistance> {
        let count = self.len();
        let layers = 16;
        let graph = Hnsw::new(
            self.params.max_connections,
            count.max(1),
            layers,
            self.params.ef_construction,
            UnitDistance,
        );
        for (i, vector) in self.data.chunks_exact(self.dimension).enumerate() {
            graph.insert_slice((vector, i));
        }
        graph
    }

    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.dimension).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn data(&self) -> &[f32] {
        &self.data
    }

    pub fn has_graph(&self) -> bool {
        self.graph.is_some()
    }

    /// Similarity of the query to every vector, in index order.
    pub fn similarities(&self, query: &[f32]) -> Vec<f32> {
        self.data
            .chunks_exact(self.dimension)
            .map(|vector| dot(query, vector))
            .collect()
    }

    /// The `k` nearest vectors by brute force, best first.
    pub fn exact(&self, query: &[f32], k: usize) -> Vec<Neighbour> {
        let mut all: Vec<Neighbour> = self
            .similarities(query)
            .into_iter()
            .enumerate()
            .map(|(vector, similarity)| Neighbour { vector, similarity })
            .collect();
        let k = k.min(all.len());
        if k == 0 {
            return Vec::new();
        }
        all.select_nth_unstable_by(k - 1, |a, b| b.similarity.total_cmp(&a.similarity));
        all.truncate(k);
        all.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        all
    }

    /// Every vector of `among` (vector positions) with its similarity.
    pub fn exact_among(&self, query: &[f32], among: &[usize]) -> Vec<Neighbour> {
        among
            .iter()
            .filter_map(|&vector| {
                let start = vector * self.dimension;
                let row = self.data.get(start..start + self.dimension)?;
                Some(Neighbour {
                    vector,
                    similarity: dot(query, row),
                })
            })
            .collect()
    }

    /// The `k` nearest vectors through the HNSW graph, best first; exact when
    /// no graph was built.
    pub fn approximate(&self, query: &[f32], k: usize) -> Vec<Neighbour> {
        let Some(graph) = &self.graph else {
            return self.exact(query, k);
        };
        if k == 0 || self.is_empty() {
            return Vec::new();
        }
        let ef = self.params.ef_search.max(k);
        graph
            .search(query, k, ef)
            .into_iter()
            .map(|n| Neighbour {
                vector: n.d_id,
                similarity: 1.0 - n.distance,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = dot(v, v).sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn dot_matches_the_plain_sum_for_any_length() {
        for len in [0, 1, 7, 8, 9, 384] {
            let a: Vec<f32> = (0..len).map(|i| i as f32 * 0.5).collect();
            let b: Vec<f32> = (0..len).map(|i| 1.0 - i as f32 * 0.25).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() <= 1e-3 * plain.abs().max(1.0));
        }
    }

    #[test]
    fn distance_never_goes_negative() {
        let v = unit(&[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
        assert!(UnitDistance.eval(&v, &v) >= 0.0);
    }

    #[test]
    fn exact_and_graph_agree_on_a_small_set() {
        let vectors: Vec<Vec<f32>> = (0..200)
            .map(|i| {
                unit(&[
                    (i as f32).sin(),
                    (i as f32 * 0.7).cos(),
                    (i % 7) as f32,
                    1.0,
                ])
            })
            .collect();
        let data: Vec<f32> = vectors.concat();
        let index = VectorIndex::new(4, data, HnswParams::default(), true);
        for query in vectors.iter().step_by(17) {
            let exact = index.exact(query, 5);
            let approx = index.approximate(query, 5);
            assert_eq!(exact[0].vector, approx[0].vector);
            assert!((exact[0].similarity - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn empty_index_and_zero_k_return_nothing() {
        let index = VectorIndex::new(4, Vec::new(), HnswParams::default(), true);
        assert!(index.exact(&[1.0, 0.0, 0.0, 0.0], 3).is_empty());
        assert!(index.approximate(&[1.0, 0.0, 0.0, 0.0], 3).is_empty());
    }
}
