//! The embedding cache: vectors keyed by (model, text) hashes, so editing one
//! entry re-embeds only its changed texts. A damaged cache is ignored, never
//! trusted: it only costs time.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::embed::Role;

const MAGIC: &[u8; 8] = b"MWCACHE2";

pub struct EmbeddingCache {
    model: [u8; 32],
    dimension: usize,
    vectors: HashMap<[u8; 32], Vec<f32>>,
}

/// The key of a text embedded in a role (a question and a passage with the
/// same words can get different vectors).
pub fn text_key(role: Role, text: &str) -> [u8; 32] {
    let role: &[u8] = match role {
        Role::Query => b"q\0",
        Role::Passage => b"p\0",
    };
    let mut hasher = Sha256::new();
    hasher.update(role);
    hasher.update(text.as_bytes());
    hasher.finalize().into()
}

impl EmbeddingCache {
    /// Reads the cache at `path` if it exists, is whole, and was made with
    /// this model and dimension; otherwise starts empty.
    pub fn load(path: &Path, model: [u8; 32], dimension: usize) -> Self {
        let vectors = std::fs::read(path)
            .ok()
            .and_then(|bytes| parse(&bytes, &model, dimension))
            .unwrap_or_default();
        Self {
            model,
            dimension,
            vectors,
        }
    }

    pub fn get(&self, key: &[u8; 32]) -> Option<&Vec<f32>> {
        self.vectors.get(key)
    }

    pub fn insert(&mut self, key: [u8; 32], vector: Vec<f32>) {
        self.vectors.insert(key, vector);
    }

    /// Keeps only the given keys (the texts of the current corpus).
    pub fn retain(&mut self, keep: &std::collections::HashSet<[u8; 32]>) {
        self.vectors.retain(|key, _| keep.contains(key));
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(48 + self.vectors.len() * (32 + 4 * self.dimension));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.model);
        out.extend_from_slice(&(self.dimension as u32).to_le_bytes());
        out.extend_from_slice(&(self.vectors.len() as u32).to_le_bytes());
        let mut keys: Vec<_> = self.vectors.keys().collect();
        keys.sort();
        for key in keys {
            out.extend_from_slice(key);
            for x in &self.vectors[key] {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }
}

fn parse(bytes: &[u8], model: &[u8; 32], dimension: usize) -> Option<HashMap<[u8; 32], Vec<f32>>> {
    let header = 8 + 32 + 4 + 4;
    if bytes.len() < header || &bytes[..8] != MAGIC || &bytes[8..40] != model {
        return None;
    }
    let read_u32 = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    if read_u32(40) != dimension {
        return None;
    }
    let count = read_u32(44);
    let record = 32 + 4 * dimension;
    if bytes.len() != header + count * record {
        return None;
    }
    let vectors = bytes[header..]
        .chunks_exact(record)
        .map(|chunk| {
            let key: [u8; 32] = chunk[..32].try_into().unwrap();
            let vector = chunk[32..]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
                .collect();
            (key, vector)
        })
        .collect();
    Some(vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_a_damaged_or_foreign_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let mut cache = EmbeddingCache::load(&path, [1; 32], 2);
        cache.insert(text_key(Role::Passage, "passport"), vec![0.6, 0.8]);
        std::fs::write(&path, cache.to_bytes()).unwrap();

        let again = EmbeddingCache::load(&path, [1; 32], 2);
        assert_eq!(
            again.get(&text_key(Role::Passage, "passport")),
            Some(&vec![0.6, 0.8])
        );
        assert!(EmbeddingCache::load(&path, [2; 32], 2)
            .get(&text_key(Role::Passage, "passport"))
            .is_none());

        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(EmbeddingCache::load(&path, [1; 32], 2)
            .get(&text_key(Role::Passage, "passport"))
            .is_none());
    }
}
