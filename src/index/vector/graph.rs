//! The HNSW graph as minwon keeps it: for each layer, each member's
//! neighbours by vector position, and the search over them. It holds no
//! vectors: the search is handed the similarity of the query to a vector.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::AllowedVectors;

/// Neighbour lists of one layer, flattened: member `i`'s neighbours are
/// `links[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Adjacency {
    pub starts: Vec<u32>,
    pub links: Vec<u32>,
}

impl Adjacency {
    /// From each member's neighbours, in member order.
    pub fn from_lists(lists: impl IntoIterator<Item = Vec<u32>>) -> Self {
        let mut starts = vec![0];
        let mut links = Vec::new();
        for list in lists {
            links.extend(list);
            starts.push(links.len() as u32);
        }
        Self { starts, links }
    }

    /// How many members have lists.
    pub fn members(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn of(&self, slot: usize) -> &[u32] {
        &self.links[self.starts[slot] as usize..self.starts[slot + 1] as usize]
    }
}

/// A layer above the bottom one: the vectors in it and their neighbours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UpperLayer {
    /// Ascending.
    pub members: Vec<u32>,
    pub adjacency: Adjacency,
}

impl UpperLayer {
    fn neighbours(&self, id: u32) -> &[u32] {
        match self.members.binary_search(&id) {
            Ok(slot) => self.adjacency.of(slot),
            Err(_) => &[],
        }
    }
}

/// A layered proximity graph over vectors `0..len`. What
/// [`super::graph_file::read`] accepts, and [`super::construct`] makes,
/// always holds: every neighbour and member is below `len`; each upper
/// layer's members are in the layer below and its neighbours are members;
/// `entry` is a member of the top layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Graph {
    /// Layer 0, where every vector is: vector `i`'s neighbours are slot `i`.
    pub bottom: Adjacency,
    /// Layers 1 and up, each smaller than the one below.
    pub upper: Vec<UpperLayer>,
    pub entry: u32,
}

/// A vector and its similarity to the query, ordered by similarity (then by
/// position, so equal scores order the same way on every run).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scored {
    similarity: f32,
    id: u32,
}

impl Eq for Scored {}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.similarity
            .total_cmp(&other.similarity)
            .then(other.id.cmp(&self.id))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Graph {
    /// How many vectors the graph links.
    pub fn len(&self) -> usize {
        self.bottom.members()
    }

    /// The `k` vectors most similar to the query (as `similarity` scores
    /// them), best first, among the `allowed` ones if given: a greedy walk
    /// down the upper layers, then a best-first search of the bottom layer
    /// keeping the `ef` best. Disallowed vectors are walked through but
    /// never kept, so the search goes on until it holds `ef` allowed ones.
    pub fn search(
        &self,
        similarity: impl Fn(usize) -> f32,
        k: usize,
        ef: usize,
        allowed: Option<&AllowedVectors>,
    ) -> Vec<(usize, f32)> {
        if k == 0 {
            return Vec::new();
        }
        let score = |id: u32| Scored {
            similarity: similarity(id as usize),
            id,
        };
        let mut nearest = score(self.entry);
        for layer in self.upper.iter().rev() {
            loop {
                let better = layer
                    .neighbours(nearest.id)
                    .iter()
                    .map(|&id| score(id))
                    .max()
                    .filter(|best| *best > nearest);
                match better {
                    Some(best) => nearest = best,
                    None => break,
                }
            }
        }

        let keeps = |id: u32| allowed.is_none_or(|a| a.contains(id as usize));
        // A beam wider than the graph finds nothing more (and a manifest's
        // parameters are not to be trusted with an allocation).
        let ef = ef.max(k).min(self.len());
        let mut visited = vec![0u64; self.len().div_ceil(64)];
        let mut visit = |id: u32| {
            let (word, bit) = (id as usize / 64, 1u64 << (id % 64));
            let fresh = visited[word] & bit == 0;
            visited[word] |= bit;
            fresh
        };
        visit(nearest.id);
        let mut candidates = BinaryHeap::from([nearest]);
        // The kept vectors, worst on top.
        let mut kept: BinaryHeap<Reverse<Scored>> = BinaryHeap::with_capacity(ef + 1);
        if keeps(nearest.id) {
            kept.push(Reverse(nearest));
        }
        while let Some(candidate) = candidates.pop() {
            let worst = kept.peek().map(|Reverse(w)| *w);
            if kept.len() >= ef && worst.is_some_and(|w| candidate < w) {
                break;
            }
            for &id in self.bottom.of(candidate.id as usize) {
                if !visit(id) {
                    continue;
                }
                let next = score(id);
                let worst = kept.peek().map(|Reverse(w)| *w);
                if kept.len() < ef || worst.is_some_and(|w| next > w) {
                    candidates.push(next);
                    if keeps(id) {
                        kept.push(Reverse(next));
                        if kept.len() > ef {
                            kept.pop();
                        }
                    }
                }
            }
        }
        let mut found: Vec<Scored> = kept.into_iter().map(|Reverse(s)| s).collect();
        found.sort_by(|a, b| b.cmp(a));
        found.truncate(k);
        found
            .into_iter()
            .map(|s| (s.id as usize, s.similarity))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path 0 - 1 - 2 - 3 - 4 in the bottom layer, with 0 and 4 linked
    /// above it; the query is most similar to vector 3.
    fn path() -> Graph {
        Graph {
            bottom: Adjacency::from_lists([vec![1], vec![0, 2], vec![1, 3], vec![2, 4], vec![3]]),
            upper: vec![UpperLayer {
                members: vec![0, 4],
                adjacency: Adjacency::from_lists([vec![4], vec![0]]),
            }],
            entry: 0,
        }
    }

    fn closeness_to_3(id: usize) -> f32 {
        1.0 - (id as f32 - 3.0).abs() / 4.0
    }

    #[test]
    fn search_walks_down_and_keeps_the_best() {
        let found = path().search(closeness_to_3, 3, 8, None);
        let ids: Vec<usize> = found.iter().map(|&(id, _)| id).collect();
        assert_eq!(ids, [3, 2, 4], "equal scores by position");
        assert_eq!(found[0].1, 1.0);
    }

    #[test]
    fn search_walks_through_disallowed_vectors_without_keeping_them() {
        let allowed = AllowedVectors::new(5, [0, 1]);
        let found = path().search(closeness_to_3, 3, 8, Some(&allowed));
        let ids: Vec<usize> = found.iter().map(|&(id, _)| id).collect();
        assert_eq!(ids, [1, 0]);
        let none = AllowedVectors::new(5, []);
        assert!(path().search(closeness_to_3, 3, 8, Some(&none)).is_empty());
        let everything = path().search(closeness_to_3, usize::MAX, usize::MAX, None);
        assert_eq!(everything.len(), 5);
    }
}
