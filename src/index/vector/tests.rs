//! The vector index against exact search on generated clustered vectors.

use super::*;

/// A small deterministic generator (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [-1, 1).
    fn signed(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

pub fn unit(v: &[f32]) -> Vec<f32> {
    let n = dot(v, v).sqrt();
    v.iter().map(|x| x / n).collect()
}

/// `count` unit vectors around 20 random centres, like embeddings,
/// which cluster by topic.
pub fn clustered(count: usize, dimension: usize, seed: u64) -> Vec<f32> {
    let mut rng = Rng(seed);
    let centres: Vec<Vec<f32>> = (0..20)
        .map(|_| (0..dimension).map(|_| rng.signed()).collect())
        .collect();
    (0..count)
        .flat_map(|i| {
            let noisy: Vec<f32> = centres[i % centres.len()]
                .iter()
                .map(|x| x + 0.5 * rng.signed())
                .collect();
            unit(&noisy)
        })
        .collect()
}

fn ids(found: &[Neighbour]) -> Vec<usize> {
    found.iter().map(|n| n.vector).collect()
}

/// Share of the exact top ten the graph found, over `queries`.
fn recall_at_10(
    queries: &[&[f32]],
    exact: impl Fn(&[f32]) -> Vec<Neighbour>,
    approximate: impl Fn(&[f32]) -> Vec<Neighbour>,
) -> f64 {
    let found: usize = queries
        .iter()
        .map(|q| {
            let truth = ids(&exact(q));
            ids(&approximate(q))
                .iter()
                .filter(|id| truth.contains(id))
                .count()
        })
        .sum();
    found as f64 / (queries.len() * 10) as f64
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
fn build_makes_a_graph_only_when_a_search_may_pass_the_crossover() {
    let params = HnswParams::default();
    let small = VectorIndex::build(4, clustered(100, 4, 1), params, 100);
    assert!(!small.has_graph());
    assert_eq!(small.graph_bytes(), None);
    // What counts is the most one search covers, not how many are held.
    let searched = VectorIndex::build(4, clustered(100, 4, 1), params, GRAPH_MIN_VECTORS);
    assert!(searched.has_graph());
    let held = VectorIndex::build(4, clustered(100, 4, 1), params, GRAPH_MIN_VECTORS - 1);
    assert!(!held.has_graph());
}

#[test]
fn exact_and_graph_agree_on_clustered_vectors() {
    let index = VectorIndex::new(16, clustered(2_000, 16, 7), HnswParams::default(), true);
    assert!(index.has_graph());
    let queries: Vec<&[f32]> = index.data().chunks_exact(16).step_by(13).collect();
    let recall = recall_at_10(
        &queries,
        |q| index.exact(q, 10),
        |q| index.approximate(q, 10),
    );
    assert!(recall >= 0.99, "recall@10 {recall}");
    for q in &queries {
        let top = index.approximate(q, 1)[0];
        assert!(
            (top.similarity - 1.0).abs() < 1e-5,
            "a stored vector finds itself"
        );
    }
}

#[test]
fn a_stored_graph_opens_to_the_same_answers() {
    let data = clustered(1_500, 16, 11);
    let built = VectorIndex::new(16, data.clone(), HnswParams::default(), true);
    let bytes = built.graph_bytes().unwrap();
    let opened =
        VectorIndex::open(16, Floats::Owned(data), HnswParams::default(), Some(&bytes)).unwrap();
    assert_eq!(opened.graph_bytes().unwrap(), bytes);
    let allowed = AllowedVectors::new(built.len(), (0..built.len()).step_by(3));
    for q in built.data().chunks_exact(16).step_by(29) {
        assert_eq!(built.approximate(q, 10), opened.approximate(q, 10));
        assert_eq!(
            built.approximate_filtered(q, 10, &allowed),
            opened.approximate_filtered(q, 10, &allowed),
        );
    }
}

#[test]
fn a_graph_for_other_vectors_is_refused() {
    let data = clustered(300, 8, 3);
    let bytes = VectorIndex::new(8, data.clone(), HnswParams::default(), true)
        .graph_bytes()
        .unwrap();
    let fewer = data[..299 * 8].to_vec();
    let err = VectorIndex::open(8, Floats::Owned(fewer), HnswParams::default(), Some(&bytes))
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "vector graph links 300 vectors, but the index has 2392 floats of dimension 8"
    );
    assert!(
        VectorIndex::open(0, Floats::Owned(data), HnswParams::default(), Some(&bytes)).is_err()
    );
}

#[test]
fn opening_without_a_graph_searches_exactly() {
    let data = clustered(50, 4, 5);
    let index = VectorIndex::open(4, Floats::Owned(data), HnswParams::default(), None).unwrap();
    assert!(!index.has_graph());
    let q = index.vector(7).to_vec();
    assert_eq!(index.approximate(&q, 3), index.exact(&q, 3));
}

#[test]
fn filtered_search_returns_only_allowed_vectors_and_matches_the_exact_scan() {
    let index = VectorIndex::new(16, clustered(2_000, 16, 13), HnswParams::default(), true);
    let mut rng = Rng(99);
    for share in [2, 6, 20] {
        let allowed = AllowedVectors::new(
            index.len(),
            (0..index.len()).filter(|_| rng.next_u64().is_multiple_of(share)),
        );
        let queries: Vec<&[f32]> = index.data().chunks_exact(16).step_by(17).collect();
        for q in &queries {
            let found = index.approximate_filtered(q, 10, &allowed);
            assert_eq!(found.len(), 10);
            assert!(found.iter().all(|n| allowed.contains(n.vector)));
        }
        let recall = recall_at_10(
            &queries,
            |q| index.exact_filtered(q, 10, &allowed),
            |q| index.approximate_filtered(q, 10, &allowed),
        );
        assert!(recall >= 0.99, "1 in {share} allowed: recall@10 {recall}");
    }
}

#[test]
fn few_vectors_to_search_are_scanned() {
    let data = clustered(500, 8, 17);
    let index = VectorIndex::new(8, data.clone(), HnswParams::default(), true);
    assert!(index.should_scan(GRAPH_MIN_VECTORS - 1));
    assert!(!index.should_scan(GRAPH_MIN_VECTORS));
    let without = VectorIndex::new(8, data, HnswParams::default(), false);
    assert!(without.should_scan(GRAPH_MIN_VECTORS));
    let allowed = AllowedVectors::new(index.len(), [3, 50, 400, 499, 500, 9_999]);
    assert_eq!(allowed.len(), 4);
    let q = index.vector(50).to_vec();
    let found = without.approximate_filtered(&q, 10, &allowed);
    assert_eq!(found, index.exact_filtered(&q, 10, &allowed));
    assert_eq!(found.len(), 4);
    assert_eq!(found[0].vector, 50);
}

#[test]
fn allowed_vectors_know_their_members() {
    let allowed = AllowedVectors::new(130, [129, 0, 64, 64, 200]);
    assert_eq!(allowed.len(), 3);
    assert!(allowed.contains(0) && allowed.contains(64) && allowed.contains(129));
    assert!(!allowed.contains(1) && !allowed.contains(200));
    assert!(AllowedVectors::new(0, [0]).is_empty());
}

#[test]
fn empty_index_and_zero_k_return_nothing() {
    let index = VectorIndex::new(4, Vec::new(), HnswParams::default(), true);
    assert!(!index.has_graph());
    assert!(index.exact(&[1.0, 0.0, 0.0, 0.0], 3).is_empty());
    assert!(index.approximate(&[1.0, 0.0, 0.0, 0.0], 3).is_empty());
    let index = VectorIndex::new(4, clustered(30, 4, 1), HnswParams::default(), true);
    assert!(index.approximate(&[1.0, 0.0, 0.0, 0.0], 0).is_empty());
    let none = AllowedVectors::new(30, []);
    assert!(index
        .approximate_filtered(&[1.0, 0.0, 0.0, 0.0], 3, &none)
        .is_empty());
}
