//! Building the graph with hnsw_rs, the only file that imports it. Its graph
//! is copied into minwon's own [`Graph`] and dropped: hnsw_rs keeps a copy
//! of every vector, and its own file loader panics on bad files, prints to
//! stdout and returns a graph borrowing the loader.

use hnsw_rs::anndists::dist::distances::Distance;
use hnsw_rs::hnsw::Hnsw;

use super::graph::{Adjacency, Graph, UpperLayer};
use super::{dot, HnswParams};

/// hnsw_rs' own limit on layers.
const LAYERS: usize = 16;

/// From this many vectors they are inserted on every core (hnsw_rs advises
/// about a thousand per thread); fewer go one by one, which gives the same
/// graph on every run.
const PARALLEL_MIN: usize = 2_000;

/// `1 - dot` for unit vectors, clamped at 0: rounding can push a vector's
/// dot with itself above 1, which makes hnsw_rs' own `DistDot` panic.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitDistance;

impl Distance<f32> for UnitDistance {
    fn eval(&self, a: &[f32], b: &[f32]) -> f32 {
        (1.0 - dot(a, b)).max(0.0)
    }
}

/// The graph of `data` (`dimension` floats per vector); `None` when there
/// are no vectors, or more than `u32` positions can name.
pub(super) fn graph(dimension: usize, data: &[f32], params: HnswParams) -> Option<Graph> {
    let count = data.len() / dimension;
    if count == 0 || u32::try_from(count).is_err() {
        return None;
    }
    let hnsw = Hnsw::<f32, UnitDistance>::new(
        // hnsw_rs exits the process above 256.
        params.max_connections.clamp(2, 255),
        count,
        LAYERS,
        params.ef_construction.max(1),
        UnitDistance,
    );
    let rows: Vec<(&[f32], usize)> = data.chunks_exact(dimension).zip(0..).collect();
    if count >= PARALLEL_MIN {
        hnsw.parallel_insert_slice(&rows);
    } else {
        rows.into_iter().for_each(|row| hnsw.insert_slice(row));
    }
    Some(copy(&hnsw, count))
}

/// hnsw_rs' graph of vectors `0..count` as a [`Graph`].
fn copy(hnsw: &Hnsw<f32, UnitDistance>, count: usize) -> Graph {
    let points = hnsw.get_point_indexation();
    let top = usize::from(hnsw.get_max_level_observed());
    // Each vector's top layer and its neighbours in every layer up to it.
    let mut level = vec![0; count];
    let mut lists: Vec<Vec<Vec<u32>>> = vec![Vec::new(); count];
    for layer in 0..=top {
        for point in points.get_layer_iterator(layer) {
            let id = point.get_origin_id();
            level[id] = layer;
            lists[id] = point
                .get_neighborhood_id()
                .into_iter()
                .take(layer + 1)
                .map(|around| around.iter().map(|n| n.d_id as u32).collect())
                .collect();
        }
    }
    let in_layer = |id: u32, layer: usize| level[id as usize] >= layer;
    let links_in = |id: u32, layer: usize| -> Vec<u32> {
        lists[id as usize]
            .get(layer)
            .map_or_else(Vec::new, |around| {
                around
                    .iter()
                    .copied()
                    .filter(|&n| in_layer(n, layer))
                    .collect()
            })
    };
    let all = 0..count as u32;
    let bottom = Adjacency::from_lists(all.clone().map(|id| links_in(id, 0)));
    let upper = (1..=top)
        .map(|layer| {
            let members: Vec<u32> = all.clone().filter(|&id| in_layer(id, layer)).collect();
            let adjacency = Adjacency::from_lists(members.iter().map(|&id| links_in(id, layer)));
            UpperLayer { members, adjacency }
        })
        .collect();
    let entry = points
        .get_layer_iterator(top)
        .next()
        .map_or(0, |point| point.get_origin_id() as u32);
    Graph {
        bottom,
        upper,
        entry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::vector::tests::{clustered, unit};

    #[test]
    fn distance_never_goes_negative() {
        let v = unit(&[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
        assert!(UnitDistance.eval(&v, &v) >= 0.0);
    }

    #[test]
    fn the_copied_graph_keeps_its_promises() {
        for count in [1, 2, 700, 2_500] {
            let graph = graph(8, &clustered(count, 8, 21), HnswParams::default()).unwrap();
            assert_eq!(graph.len(), count);
            let mut below: Vec<u32> = (0..count as u32).collect();
            for layer in &graph.upper {
                assert!(layer.members.windows(2).all(|w| w[0] < w[1]));
                assert!(layer.members.iter().all(|m| below.binary_search(m).is_ok()));
                assert!(layer
                    .adjacency
                    .links
                    .iter()
                    .all(|n| layer.members.binary_search(n).is_ok()));
                below = layer.members.clone();
            }
            assert!(below.contains(&graph.entry));
            assert!(graph.bottom.links.iter().all(|&n| (n as usize) < count));
        }
        assert_eq!(graph(8, &[], HnswParams::default()), None);
    }
}
