//! What an index was built from: format and program version, the model files'
//! SHA-256, a hash of every entry's file, parameters, and checksums of the
//! index's own files.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::lexical::Bm25Params;
use super::vector::HnswParams;
use super::Fingerprint;

/// Bumped whenever the files an index consists of change shape or what
/// their terms mean (2: Hangul letter trigrams in the lexical index; 3: embedding settings; 4: topics minwon does not answer;
/// 5: the lexical index in binary, vectors.json without texts; 6: hubness;
/// 7: CRC-32s of the files, checked on every open).
pub const FORMAT: u32 = 8;

/// One model file as it was when hashed. Size and modification time let a
/// later run reuse the hash without reading 90 MB again (as git does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub name: String,
    pub size: u64,
    pub modified_ns: u128,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub minwon_version: String,
    pub model: Vec<FileRecord>,
    /// The embedder's settings that change vectors (e5's prefixes).
    pub embedding: String,
    /// Entry id -> SHA-256 of the text it was read from.
    pub entries: BTreeMap<String, String>,
    pub dimension: usize,
    pub vectors: usize,
    pub hnsw: HnswParams,
    pub bm25: Bm25Params,
    /// Index file name -> SHA-256 of its bytes: what a bundle carries and
    /// checks.
    pub files: BTreeMap<String, String>,
    /// Index file name -> CRC-32 of its bytes: what every open checks. It
    /// catches damage and truncation as surely as the SHA-256 does (neither
    /// stops someone who can rewrite the manifest beside the file; signed
    /// bundles do) in a tenth of the time: the 62 MB of an index took 44 ms
    /// of every `ask` to SHA-256.
    pub crc32: BTreeMap<String, u32>,
}

/// Hashes the model folder's files, reusing a `known` record's hash when the
/// file's size and modification time are unchanged.
pub fn model_records(dir: &Path, known: &[FileRecord]) -> std::io::Result<Vec<FileRecord>> {
    let mut records = Vec::new();
    for name in crate::embed::model_files(dir) {
        let path = dir.join(name);
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => return Err(err),
        };
        let modified_ns = meta
            .modified()?
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let size = meta.len();
        let reused = known
            .iter()
            .find(|r| r.name == *name && r.size == size && r.modified_ns == modified_ns);
        let sha256 = match reused {
            Some(record) => record.sha256.clone(),
            None => sha256_file(&path)?,
        };
        records.push(FileRecord {
            name: name.to_string(),
            size,
            modified_ns,
            sha256,
        });
    }
    Ok(records)
}

/// One hash standing for the whole model and its settings (for
/// embedding-cache keys).
pub fn model_digest(records: &[FileRecord], embedding: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(embedding.as_bytes());
    for record in records {
        hasher.update(record.name.as_bytes());
        hasher.update(record.sha256.as_bytes());
    }
    hasher.finalize().into()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buf[..n]);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why an index no longer fits the corpus and model, for the user; `None`
/// when it fits.
pub fn staleness(manifest: &Manifest, now: &Fingerprint) -> Option<String> {
    if manifest.format != FORMAT {
        return Some(format!(
            "index format {} (this minwon reads {FORMAT})",
            manifest.format
        ));
    }
    let model_hashes = |records: &[FileRecord]| -> Vec<(String, String)> {
        records
            .iter()
            .map(|r| (r.name.clone(), r.sha256.clone()))
            .collect()
    };
    if model_hashes(&manifest.model) != model_hashes(&now.model) {
        return Some("the model changed".into());
    }
    if manifest.embedding != now.embedding {
        return Some(format!(
            "the embedding settings changed ({:?}, now {:?})",
            manifest.embedding, now.embedding
        ));
    }
    let entries = &now.entries;
    let changed = entries
        .iter()
        .filter(|(id, hash)| manifest.entries.get(*id).is_some_and(|old| old != *hash))
        .count();
    let added = entries
        .keys()
        .filter(|id| !manifest.entries.contains_key(*id))
        .count();
    let removed = manifest
        .entries
        .keys()
        .filter(|id| !entries.contains_key(*id))
        .count();
    if changed + added + removed == 0 {
        return None;
    }
    Some(format!(
        "the corpus changed ({changed} edited, {added} added, {removed} removed)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(entries: &[(&str, &str)]) -> Manifest {
        Manifest {
            format: FORMAT,
            minwon_version: "test".into(),
            model: vec![],
            embedding: "prefixes".into(),
            entries: entries
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            dimension: 4,
            vectors: 0,
            hnsw: HnswParams::default(),
            bm25: Bm25Params::default(),
            files: BTreeMap::new(),
            crc32: BTreeMap::new(),
        }
    }

    fn now(model: Vec<FileRecord>, embedding: &str, entries: &[(&str, &str)]) -> Fingerprint {
        Fingerprint {
            model,
            embedding: embedding.into(),
            entries: manifest(entries).entries,
        }
    }

    #[test]
    fn staleness_names_what_changed() {
        let m = manifest(&[("a", "1"), ("b", "2")]);
        let same = [("a", "1"), ("b", "2")];
        assert_eq!(staleness(&m, &now(vec![], "prefixes", &same)), None);
        assert_eq!(
            staleness(&m, &now(vec![], "prefixes", &[("a", "9"), ("c", "3")])).unwrap(),
            "the corpus changed (1 edited, 1 added, 1 removed)"
        );
        let record = FileRecord {
            name: "e5-small-q4.bin".into(),
            size: 1,
            modified_ns: 1,
            sha256: "x".into(),
        };
        assert_eq!(
            staleness(&m, &now(vec![record], "prefixes", &same)).unwrap(),
            "the model changed"
        );
        assert_eq!(
            staleness(&m, &now(vec![], "none", &same)).unwrap(),
            "the embedding settings changed (\"prefixes\", now \"none\")"
        );
    }
}
