//! The graph's file: neighbour lists as little-endian `u32`s, read without
//! trusting them. Reading checks everything [`Graph`]'s search relies on,
//! so any bytes give a graph that searches safely or a [`GraphError`]:
//! this file cannot panic (its lints forbid indexing, unwrapping and
//! unchecked arithmetic) and never allocates more than the bytes it holds.
//!
//! ```text
//! "MWGRAPH\0"  format: u32  vectors: u32  entry: u32  upper layers: u32
//! layer 0:     vectors × degree: u32, then every neighbour: u32
//! each upper:  members: u32, members × u32 (ascending),
//!              members × degree: u32, then every neighbour: u32
//! ```
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use super::graph::{Adjacency, Graph, UpperLayer};

const MAGIC: &[u8; 8] = b"MWGRAPH\0";

/// Bumped whenever the layout above changes.
const FORMAT: u32 = 1;

/// Why stored graph bytes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error("not a minwon vector graph")]
    NotAGraph,
    #[error("vector graph format {found} (this minwon reads {FORMAT})")]
    Format { found: u32 },
    #[error("vector graph cut short at byte {at}")]
    Truncated { at: usize },
    #[error("vector graph is damaged: {problem}")]
    Damaged { problem: &'static str },
    #[error("vector graph links {nodes} vectors, but the index has {floats} floats of dimension {dimension}")]
    WrongSize {
        nodes: usize,
        floats: usize,
        dimension: usize,
    },
}

/// The graph's bytes.
pub(super) fn write(graph: &Graph) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    let header = [graph.len(), graph.entry as usize, graph.upper.len()];
    put(
        &mut out,
        [FORMAT].into_iter().chain(header.map(|n| n as u32)),
    );
    put_adjacency(&mut out, &graph.bottom);
    for layer in &graph.upper {
        put(&mut out, [layer.members.len() as u32]);
        put(&mut out, layer.members.iter().copied());
        put_adjacency(&mut out, &layer.adjacency);
    }
    out
}

fn put(out: &mut Vec<u8>, values: impl IntoIterator<Item = u32>) {
    for value in values {
        out.extend_from_slice(&value.to_le_bytes());
    }
}

fn put_adjacency(out: &mut Vec<u8>, adjacency: &Adjacency) {
    let starts = &adjacency.starts;
    let degrees = starts.iter().zip(starts.iter().skip(1));
    put(out, degrees.map(|(start, end)| end.wrapping_sub(*start)));
    put(out, adjacency.links.iter().copied());
}

/// The graph in `bytes`, checked.
pub(super) fn read(bytes: &[u8]) -> Result<Graph, GraphError> {
    let damaged = |problem| Err(GraphError::Damaged { problem });
    let mut input = Input { rest: bytes, at: 0 };
    if input.take(MAGIC.len()).ok() != Some(MAGIC.as_slice()) {
        return Err(GraphError::NotAGraph);
    }
    let found = input.u32()?;
    if found != FORMAT {
        return Err(GraphError::Format { found });
    }
    let len = input.u32()?;
    let entry = input.u32()?;
    let layers = input.u32()?;
    if len == 0 {
        return damaged("no vectors");
    }
    let bottom = input.adjacency(len as usize, |id| id < len)?;
    let mut upper: Vec<UpperLayer> = Vec::new();
    for _ in 0..layers {
        let count = input.u32()? as usize;
        let members = input.u32s(count)?;
        let ascending = members
            .iter()
            .zip(members.iter().skip(1))
            .all(|(a, b)| a < b);
        let in_layer_below = |id: &u32| match upper.last() {
            Some(below) => below.members.binary_search(id).is_ok(),
            None => *id < len,
        };
        if members.is_empty() || !ascending || !members.iter().all(in_layer_below) {
            return damaged("a layer's members are not a sorted part of the layer below");
        }
        let adjacency = input.adjacency(count, |id| members.binary_search(&id).is_ok())?;
        upper.push(UpperLayer { members, adjacency });
    }
    let entry_on_top = match upper.last() {
        Some(top) => top.members.binary_search(&entry).is_ok(),
        None => entry < len,
    };
    if !entry_on_top {
        return damaged("the entry point is not on the top layer");
    }
    if !input.rest.is_empty() {
        return damaged("bytes after the last layer");
    }
    Ok(Graph {
        bottom,
        upper,
        entry,
    })
}

/// The bytes not yet read, and how many were.
struct Input<'a> {
    rest: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], GraphError> {
        let (head, rest) = self
            .rest
            .split_at_checked(count)
            .ok_or(GraphError::Truncated { at: self.at })?;
        self.rest = rest;
        self.at = self.at.saturating_add(count);
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, GraphError> {
        Ok(self.u32s(1)?.pop().unwrap_or_default())
    }

    /// `count` numbers, allocated only once the bytes are known to be there.
    fn u32s(&mut self, count: usize) -> Result<Vec<u32>, GraphError> {
        let bytes = count
            .checked_mul(4)
            .ok_or(GraphError::Truncated { at: self.at })?;
        let (words, _) = self.take(bytes)?.as_chunks::<4>();
        Ok(words.iter().map(|w| u32::from_le_bytes(*w)).collect())
    }

    /// `members` neighbour lists, each neighbour passing `in_layer`.
    fn adjacency(
        &mut self,
        members: usize,
        in_layer: impl Fn(u32) -> bool,
    ) -> Result<Adjacency, GraphError> {
        let degrees = self.u32s(members)?;
        let mut starts = Vec::with_capacity(degrees.len().saturating_add(1));
        let mut total = 0u32;
        starts.push(total);
        for degree in degrees {
            total = total.checked_add(degree).ok_or(GraphError::Damaged {
                problem: "more neighbours than a graph can have",
            })?;
            starts.push(total);
        }
        let links = self.u32s(total as usize)?;
        if !links.iter().all(|&id| in_layer(id)) {
            return Err(GraphError::Damaged {
                problem: "a neighbour outside its layer",
            });
        }
        Ok(Adjacency { starts, links })
    }
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use crate::index::vector::tests::{clustered, Rng};
    use crate::index::vector::{Floats, HnswParams, VectorIndex};

    const DIMENSION: usize = 8;

    fn stored() -> (Vec<f32>, Vec<u8>) {
        let data = clustered(60, DIMENSION, 31);
        let index = VectorIndex::new(DIMENSION, data.clone(), HnswParams::default(), true);
        (data, index.graph_bytes().unwrap())
    }

    /// Opens `bytes` and, if they pass, searches them: neither may panic.
    fn open_and_search(data: &[f32], bytes: &[u8]) -> Result<(), GraphError> {
        let index = VectorIndex::open(
            DIMENSION,
            Floats::Owned(data.to_vec()),
            HnswParams::default(),
            Some(bytes),
        )?;
        for query in data.chunks_exact(DIMENSION).step_by(7) {
            index.approximate(query, 10);
        }
        Ok(())
    }

    #[test]
    fn written_graphs_read_back_whole() {
        let (_, bytes) = stored();
        assert_eq!(write(&read(&bytes).unwrap()), bytes);
    }

    #[test]
    fn every_cut_is_refused() {
        let (data, bytes) = stored();
        for len in 0..bytes.len() {
            let err = open_and_search(&data, &bytes[..len]).unwrap_err();
            assert!(
                matches!(err, GraphError::Truncated { .. } | GraphError::NotAGraph),
                "cut at {len}: {err}"
            );
        }
    }

    #[test]
    fn damaged_bytes_never_panic() {
        let (data, bytes) = stored();
        let mut rng = Rng(5);
        let mut refused = 0;
        for at in 0..bytes.len() {
            for _ in 0..3 {
                let mut damaged = bytes.clone();
                damaged[at] ^= 1 << (rng.next_u64() % 8);
                if at % 4 == 0 && rng.next_u64().is_multiple_of(2) {
                    damaged[at..at + 4.min(bytes.len() - at)].fill(0xff);
                }
                refused += usize::from(open_and_search(&data, &damaged).is_err());
            }
        }
        // Most damage is caught; the rest still makes a safe graph (a
        // neighbour swapped for another vector), and the checksums in the
        // index's manifest catch it before this.
        assert!(refused > bytes.len(), "{refused} of {}", 3 * bytes.len());
    }

    #[test]
    fn garbage_is_refused_without_allocating_what_it_claims() {
        let (data, _) = stored();
        let header = |values: [u32; 4]| -> Vec<u8> {
            let mut bytes = MAGIC.to_vec();
            values.iter().for_each(|v| bytes.extend(v.to_le_bytes()));
            bytes
        };
        assert_eq!(
            open_and_search(&data, b"\x0a\x67\x2a\x00 an hnsw_rs dump"),
            Err(GraphError::NotAGraph)
        );
        assert_eq!(
            open_and_search(&data, &header([2, 60, 0, 0])),
            Err(GraphError::Format { found: 2 })
        );
        assert!(matches!(
            open_and_search(&data, &header([FORMAT, u32::MAX, 0, u32::MAX])),
            Err(GraphError::Truncated { at: 24 })
        ));
        let mut rng = Rng(8);
        for len in [0, 1, 7, 100, 5_000] {
            let mut bytes = header([FORMAT, 60, 0, 1]);
            bytes.extend((0..len).map(|_| rng.next_u64() as u8));
            assert!(open_and_search(&data, &bytes).is_err());
        }
    }
}
