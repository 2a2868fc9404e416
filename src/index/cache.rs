//! The embedding cache: vectors keyed by (model, text) hashes, so editing one
//! entry re-embeds only its changed texts. Every record carries its own
//! checksum, and a vector must be finite and of unit length: a damaged
//! record (or a whole damaged cache) is dropped and embedded again, never
//! trusted; it only costs time.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::is_unit_vector;
use crate::embed::Role;

const MAGIC: &[u8; 8] = b"MWCACHE3";

/// Bytes of a record's checksum (the start of SHA-256 over key and vector).
const CHECK: usize = 8;

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
        let record = 32 + 4 * self.dimension + CHECK;
        let mut out = Vec::with_capacity(48 + self.vectors.len() * record);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.model);
        out.extend_from_slice(&(self.dimension as u32).to_le_bytes());
        out.extend_from_slice(&(self.vectors.len() as u32).to_le_bytes());
        let mut keys: Vec<_> = self.vectors.keys().collect();
        keys.sort();
        for key in keys {
            let start = out.len();
            out.extend_from_slice(key);
            for x in &self.vectors[key] {
                out.extend_from_slice(&x.to_le_bytes());
            }
            let check = record_check(&out[start..]);
            out.extend_from_slice(&check);
        }
        out
    }
}

fn record_check(record: &[u8]) -> [u8; CHECK] {
    Sha256::digest(record)[..CHECK]
        .try_into()
        .expect("a digest is longer than the check")
}

/// The records of a cache file made with this model and dimension; records
/// whose checksum or vector is wrong are left out.
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
    let body = 32 + 4 * dimension;
    let record = body + CHECK;
    if bytes.len() != header + count.checked_mul(record)? {
        return None;
    }
    let vectors = bytes[header..]
        .chunks_exact(record)
        .filter(|chunk| record_check(&chunk[..body]) == chunk[body..])
        .filter_map(|chunk| {
            let key: [u8; 32] = chunk[..32].try_into().unwrap();
            let vector: Vec<f32> = chunk[32..body]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
                .collect();
            is_unit_vector(&vector).then_some((key, vector))
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

    #[test]
    fn one_flipped_bit_drops_only_its_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let mut cache = EmbeddingCache::load(&path, [1; 32], 2);
        let (a, b) = (text_key(Role::Passage, "a"), text_key(Role::Passage, "b"));
        cache.insert(a, vec![0.6, 0.8]);
        cache.insert(b, vec![0.8, 0.6]);
        let clean = cache.to_bytes();
        // Every bit of every record: its record goes, the other stays.
        for byte in 48..clean.len() {
            let mut bytes = clean.clone();
            bytes[byte] ^= 0x40;
            std::fs::write(&path, &bytes).unwrap();
            let loaded = EmbeddingCache::load(&path, [1; 32], 2);
            let kept = [a, b].iter().filter(|k| loaded.get(k).is_some()).count();
            assert_eq!(kept, 1, "byte {byte}");
        }
    }

    #[test]
    fn vectors_that_are_not_finite_or_not_unit_length_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let mut cache = EmbeddingCache::load(&path, [1; 32], 2);
        for (text, vector) in [
            ("nan", [f32::NAN, 0.0]),
            ("long", [3.0, 4.0]),
            ("ok", [1.0, 0.0]),
        ] {
            cache.insert(text_key(Role::Passage, text), vector.to_vec());
        }
        std::fs::write(&path, cache.to_bytes()).unwrap();
        let loaded = EmbeddingCache::load(&path, [1; 32], 2);
        let kept: Vec<_> = ["nan", "long", "ok"]
            .into_iter()
            .filter(|t| loaded.get(&text_key(Role::Passage, t)).is_some())
            .collect();
        assert_eq!(kept, ["ok"]);
    }
}
