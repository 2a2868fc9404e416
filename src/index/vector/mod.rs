//! The vector index: unit vectors with an exact search and an HNSW graph
//! beside it, searchable whole or within the vectors a kiosk's region allows.
//!
//! - [`graph`]: the graph as minwon keeps it (plain neighbour lists) and its search.
//! - [`construct`]: building the graph with hnsw_rs (the only file that imports it).
//! - [`graph_file`]: the graph's file, read without trusting it.
//!
//! The graph is built once, with the index, and stored beside the vectors
//! (it refers to them by position and holds no copy of them), so opening an
//! index reads neighbour lists instead of rebuilding the graph.

mod construct;
mod dot;
mod graph;
mod graph_file;

use serde::{Deserialize, Serialize};

pub use construct::UnitDistance;
pub use dot::dot;
use graph::Graph;
pub use graph_file::GraphError;

/// Below this many vectors to search, scanning them all is preferred to
/// the graph: [`VectorIndex::build`] builds no graph for fewer, and
/// [`VectorIndex::should_scan`] tells a search to scan. Measured on the
/// catalogue's 20,315 vectors with its 514 questions (`cargo bench --bench
/// retrieval`): the graph holds recall@10 0.99 only at ef_search 512, where
/// it is slower than the scan up to ~12,000 vectors and saves ~0.5 ms a
/// question at 20,000 (1.5 vs 2.0 ms, beside ~15 ms of embedding), while
/// its build takes 7-20 s of the index's budget on two cores. What counts
/// is the most vectors one search covers: a kiosk searches national
/// services and its own province's and district's, at most 22,800 of the
/// 31,639 vectors (서울특별시 종로구, whose services all have a
/// plain-language layer), so every search scans and the index holds no
/// graph; the graph is for a corpus beyond that.
pub const GRAPH_MIN_VECTORS: usize = 30_000;

/// HNSW construction and search parameters, measured on the catalogue's
/// vectors: M barely matters there (hnsw_rs prunes layer 0 to ~16
/// neighbours whatever M is), and questions embedded as queries sit apart
/// from the passages, so the search needs a wide beam (recall@10 0.94 at
/// ef_search 64, 0.984 at 256, 0.99 at 512; hnswlib's own HNSW measures the
/// same). ef_construction 100 rather than 200 halves the build of the whole
/// index's 40,423 vectors (15.6 → 7.9 s on two cores) for recall@10 0.9957
/// instead of 0.9980 on 992 tune questions (0.9987 with 40 % of vectors
/// allowed); 80 keeps 0.9925 (docs/PERFORMANCE.md).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HnswParams {
    /// Neighbours kept per node and layer (M; twice as many in layer 0).
    pub max_connections: usize,
    pub ef_construction: usize,
    pub ef_search: usize,
}

impl Default for HnswParams {
    fn default() -> Self {
        Self {
            max_connections: 24,
            ef_construction: 100,
            ef_search: 512,
        }
    }
}

/// A nearest vector: its position in the index and its cosine similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    pub vector: usize,
    pub similarity: f32,
}

/// The vectors a search may return (those of the entries a kiosk's region
/// covers), made once per region and reused for every question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedVectors {
    /// Ascending, each once, all below the index's length.
    ids: Vec<usize>,
    /// Bit `i` set when vector `i` is allowed.
    bits: Vec<u64>,
}

impl AllowedVectors {
    /// The vectors of `ids` that an index of `len` vectors has.
    pub fn new(len: usize, ids: impl IntoIterator<Item = usize>) -> Self {
        let mut bits = vec![0u64; len.div_ceil(64)];
        for id in ids.into_iter().filter(|&id| id < len) {
            bits[id / 64] |= 1 << (id % 64);
        }
        let ids = (0..len)
            .filter(|&id| bits[id / 64] & (1 << (id % 64)) != 0)
            .collect();
        Self { ids, bits }
    }

    pub fn contains(&self, id: usize) -> bool {
        self.bits
            .get(id / 64)
            .is_some_and(|word| word & (1 << (id % 64)) != 0)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Vectors' floats: mapped from an index's file on every open (on
/// little-endian machines, where the file's bytes are the floats), owned
/// after a build.
pub enum Floats {
    Mapped(crate::mapped::Mmap),
    Owned(Vec<f32>),
}

impl std::ops::Deref for Floats {
    type Target = [f32];

    fn deref(&self) -> &[f32] {
        match self {
            // A map starts on a page and was checked to hold whole floats.
            Floats::Mapped(map) => bytemuck::cast_slice(map),
            Floats::Owned(floats) => floats,
        }
    }
}

/// Unit vectors of one dimension, searchable exactly or through HNSW.
pub struct VectorIndex {
    dimension: usize,
    data: Floats,
    graph: Option<Graph>,
    params: HnswParams,
}

impl VectorIndex {
    /// Holds `data` (row-major, `dimension` floats per vector), with a graph
    /// when a search may cover enough vectors for it to pay
    /// ([`GRAPH_MIN_VECTORS`]): `searched_at_most` is the most any one
    /// search covers (a kiosk searches its region's share), since a search
    /// over fewer scans whatever the index holds.
    pub fn build(
        dimension: usize,
        data: Vec<f32>,
        params: HnswParams,
        searched_at_most: usize,
    ) -> Self {
        let with_graph = searched_at_most >= GRAPH_MIN_VECTORS;
        Self::new(dimension, data, params, with_graph)
    }

    /// Holds `data`, with a graph when `with_graph` is set whatever the
    /// size (tests and benchmarks; an index uses [`VectorIndex::build`]).
    pub fn new(dimension: usize, data: Vec<f32>, params: HnswParams, with_graph: bool) -> Self {
        let graph = (with_graph && dimension > 0)
            .then(|| construct::graph(dimension, &data, params))
            .flatten();
        Self {
            dimension,
            data: Floats::Owned(data),
            graph,
            params,
        }
    }

    /// Holds `data` with the graph [`VectorIndex::graph_bytes`] gave, if it
    /// had one. The bytes are checked before use: whatever they hold, this
    /// returns an error rather than panicking, and prints nothing.
    pub fn open(
        dimension: usize,
        data: Floats,
        params: HnswParams,
        graph: Option<&[u8]>,
    ) -> Result<Self, GraphError> {
        let graph = match graph {
            None => None,
            Some(bytes) => {
                let graph = graph_file::read(bytes)?;
                let nodes = graph.len();
                let fits = dimension > 0 && nodes.checked_mul(dimension) == Some(data.len());
                if !fits {
                    return Err(GraphError::WrongSize {
                        nodes,
                        floats: data.len(),
                        dimension,
                    });
                }
                Some(graph)
            }
        };
        Ok(Self {
            dimension,
            data,
            graph,
            params,
        })
    }

    /// The graph as a file's bytes, to store beside the vectors and hand
    /// back to [`VectorIndex::open`]; `None` when there is no graph.
    pub fn graph_bytes(&self) -> Option<Vec<u8>> {
        self.graph.as_ref().map(graph_file::write)
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

    fn vector(&self, id: usize) -> &[f32] {
        &self.data[id * self.dimension..(id + 1) * self.dimension]
    }

    /// Every vector (or every allowed one) with its similarity to `query`,
    /// in position order: a whole scan, for callers that keep them all.
    pub fn scan<'a>(
        &'a self,
        query: &'a [f32],
        allowed: Option<&'a AllowedVectors>,
    ) -> impl Iterator<Item = Neighbour> + 'a {
        let ids: Box<dyn Iterator<Item = usize>> = match allowed {
            Some(allowed) => Box::new(allowed.ids.iter().copied().filter(|&v| v < self.len())),
            None => Box::new(0..self.len()),
        };
        ids.map(move |vector| Neighbour {
            vector,
            similarity: dot(query, self.vector(vector)),
        })
    }

    /// The `k` nearest vectors by brute force, best first.
    pub fn exact(&self, query: &[f32], k: usize) -> Vec<Neighbour> {
        best(k, self.scan(query, None))
    }

    /// The `k` nearest of the allowed vectors by brute force, best first.
    pub fn exact_filtered(
        &self,
        query: &[f32],
        k: usize,
        allowed: &AllowedVectors,
    ) -> Vec<Neighbour> {
        best(k, self.scan(query, Some(allowed)))
    }

    /// Whether scanning `searched` vectors (all of them, or the ones a
    /// region allows) beats searching the graph: always without a graph,
    /// and below [`GRAPH_MIN_VECTORS`] with one.
    pub fn should_scan(&self, searched: usize) -> bool {
        self.graph.is_none() || searched < GRAPH_MIN_VECTORS
    }

    /// The `k` nearest vectors through the graph, best first; exact when
    /// there is no graph.
    pub fn approximate(&self, query: &[f32], k: usize) -> Vec<Neighbour> {
        self.through_graph(query, k, None)
            .unwrap_or_else(|| self.exact(query, k))
    }

    /// The `k` nearest of the allowed vectors through the graph, best
    /// first; exact when there is no graph.
    pub fn approximate_filtered(
        &self,
        query: &[f32],
        k: usize,
        allowed: &AllowedVectors,
    ) -> Vec<Neighbour> {
        self.through_graph(query, k, Some(allowed))
            .unwrap_or_else(|| self.exact_filtered(query, k, allowed))
    }

    fn through_graph(
        &self,
        query: &[f32],
        k: usize,
        allowed: Option<&AllowedVectors>,
    ) -> Option<Vec<Neighbour>> {
        let graph = self.graph.as_ref()?;
        let ef = self.params.ef_search.max(k);
        let found = graph.search(|id| dot(query, self.vector(id)), k, ef, allowed);
        Some(
            found
                .into_iter()
                .map(|(vector, similarity)| Neighbour { vector, similarity })
                .collect(),
        )
    }
}

/// The `k` most similar, best first (ties by position, so results repeat).
fn best(k: usize, scored: impl Iterator<Item = Neighbour>) -> Vec<Neighbour> {
    let order = |a: &Neighbour, b: &Neighbour| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.vector.cmp(&b.vector))
    };
    let mut all: Vec<Neighbour> = scored.collect();
    let k = k.min(all.len());
    if k == 0 {
        return Vec::new();
    }
    all.select_nth_unstable_by(k - 1, order);
    all.truncate(k);
    all.sort_by(order);
    all
}

#[cfg(test)]
pub(crate) mod tests;
