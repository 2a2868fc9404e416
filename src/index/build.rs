//! Building an index: which texts of each entry are embedded and indexed,
//! embedding only what the cache lacks, and writing the version folder.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::cache::{text_key, EmbeddingCache};
use super::hubness;
use super::lexical::{self, Bm25Params, LexicalIndex};
use super::lock;
use super::manifest::{self, Manifest};
use super::popularity;
use super::store::{self, io_error, write_atomic, write_synced};
use super::vector::{HnswParams, VectorIndex};
use super::{
    is_unit_vector, role, Fingerprint, IndexError, IndexedText, SearchIndex, VectorsFile,
    GRAPH_FILE,
};
use crate::corpus::search::{outside_dense_texts, outside_lexical_texts, Views};
use crate::corpus::Corpus;
use crate::embed::{Embedder, Role};
use crate::region::{covers, Region};

/// Texts embedded per batch.
const BATCH: usize = 32;

/// What a build did, for its summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub entries: usize,
    pub vectors: usize,
    pub embedded: usize,
    /// Time spent embedding (the rest of a build is reading the corpus,
    /// the lexical index, the graph and writing).
    pub embedding: std::time::Duration,
}

/// The name of the folder's live version ("" when there is none).
pub(super) fn live_name(dir: &Path) -> String {
    store::live_version(dir)
        .and_then(|v| v.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// The most vectors one kiosk searches (`vector_entries`: each vector's
/// entry, in the corpus's order, then the outside topics, which every
/// kiosk searches): national entries and its province's and district's
/// services, as [`covers`] decides; no region configured, national ones.
fn largest_search(corpus: &Corpus, vector_entries: &[u32]) -> usize {
    let entries = corpus.entries();
    // Vectors per region of their entry; `None` for outside topics.
    let mut per_region: HashMap<Option<Region>, usize> = HashMap::new();
    for &entry in vector_entries {
        let region = entries.get(entry as usize).map(|e| e.region());
        *per_region.entry(region).or_default() += 1;
    }
    std::iter::once(None)
        .chain(Region::all().map(Some))
        .map(|kiosk| {
            per_region
                .iter()
                .filter(|(region, _)| region.is_none_or(|r| covers(kiosk.as_ref(), &r)))
                .map(|(_, count)| count)
                .sum()
        })
        .max()
        .unwrap_or(0)
}

/// Builds the index for `corpus` into `dir` atomically and returns it.
/// Another process writing `dir` makes it fail with [`IndexError::Busy`].
/// `progress` is told how many of the texts that need embedding are done,
/// and of how many.
pub fn build(
    corpus: &Corpus,
    embedder: &dyn Embedder,
    fingerprint: &Fingerprint,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(SearchIndex, BuildReport), IndexError> {
    let writer = lock::try_write(dir)?;
    lock::remove_unused(dir, &live_name(dir), &writer);

    // The corpus's entries, then the topics it does not answer.
    let answerable = corpus.entries().len();
    let entries: Vec<String> = corpus
        .entries()
        .iter()
        .map(|e| e.id().to_string())
        .chain(corpus.outside.iter().map(|t| format!("outside:{}", t.id)))
        .collect();
    let texts: Vec<IndexedText> = corpus
        .entries()
        .iter()
        .map(|entry| corpus.dense_texts(entry))
        .chain(corpus.outside.iter().map(outside_dense_texts))
        .enumerate()
        .flat_map(|(i, texts)| {
            texts.into_iter().map(move |(kind, text)| IndexedText {
                entry: i as u32,
                kind,
                text,
            })
        })
        .collect();

    let dimension = embedder.dimension();
    let cache_path = dir.join("embed-cache.bin");
    let mut cache = EmbeddingCache::load(
        &cache_path,
        manifest::model_digest(&fingerprint.model, &fingerprint.embedding),
        dimension,
    );
    let keys: Vec<[u8; 32]> = texts
        .iter()
        .map(|t| text_key(role(t.kind), &t.text))
        .collect();
    let mut missing: Vec<usize> = (0..texts.len())
        .filter(|&i| cache.get(&keys[i]).is_none())
        .collect();
    missing.sort_by_key(|&i| keys[i]);
    missing.dedup_by_key(|&mut i| keys[i]);
    // By role (a batch shares one), then longest first, so each batch pads
    // its texts to similar lengths.
    missing.sort_by_key(|&i| {
        (
            role(texts[i].kind) == Role::Query,
            std::cmp::Reverse(texts[i].text.len()),
        )
    });
    progress(0, missing.len());
    let embedding = std::time::Instant::now();
    let mut done = 0;
    for group in missing.chunk_by(|&a, &b| role(texts[a].kind) == role(texts[b].kind)) {
        let role = role(texts[group[0]].kind);
        for chunk in group.chunks(BATCH) {
            let chunk_texts: Vec<&str> = chunk.iter().map(|&i| texts[i].text.as_str()).collect();
            for (&i, vector) in chunk.iter().zip(embedder.embed_batch(&chunk_texts, role)?) {
                if !is_unit_vector(&vector) {
                    return Err(IndexError::NotAnEmbedding {
                        text: texts[i].text.chars().take(60).collect(),
                    });
                }
                cache.insert(keys[i], vector);
            }
            done += chunk.len();
            progress(done, missing.len());
        }
    }
    let embedding = embedding.elapsed();
    let mut data = Vec::with_capacity(texts.len() * dimension);
    for key in &keys {
        data.extend_from_slice(cache.get(key).expect("every text was embedded above"));
    }

    let vector_entries: Vec<u32> = texts.iter().map(|t| t.entry).collect();
    let references: Vec<usize> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind.is_question())
        .map(|(v, _)| v)
        .collect();
    let hubness = hubness::excess(
        &data,
        dimension,
        &vector_entries,
        entries.len(),
        &references,
    );

    let views: Vec<Views> = corpus
        .entries()
        .iter()
        .map(|entry| corpus.views(entry))
        .chain(corpus.outside.iter().map(|_| Views::Unknown))
        .collect();
    let popularity = popularity::above_median(&views);

    let documents: Vec<Vec<&str>> = corpus
        .entries()
        .iter()
        .map(|entry| corpus.lexical_texts(entry))
        .chain(corpus.outside.iter().map(outside_lexical_texts))
        .collect();
    let lexical = LexicalIndex::build(&documents, Bm25Params::default());

    let staging = dir.join(format!(".build-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(io_error(&staging))?;
    let vectors_bin: Vec<u8> = data.iter().flat_map(|x| x.to_le_bytes()).collect();
    let vectors_file = VectorsFile {
        entries,
        answerable,
        vector_entries,
        hubness,
        popularity,
    };
    let vectors_json = serde_json::to_vec(&vectors_file).expect("index texts serialise");
    let lexical_bin = lexical::file::to_bytes(&lexical);
    let searched_at_most = largest_search(corpus, &vectors_file.vector_entries);
    let vectors = VectorIndex::build(dimension, data, HnswParams::default(), searched_at_most);
    let graph_bin = vectors.graph_bytes();
    let (mut files, mut crc32) = (BTreeMap::new(), BTreeMap::new());
    for (name, bytes) in [
        ("vectors.bin", Some(&vectors_bin)),
        ("vectors.json", Some(&vectors_json)),
        ("lexical.bin", Some(&lexical_bin)),
        (GRAPH_FILE, graph_bin.as_ref()),
    ] {
        let Some(bytes) = bytes else { continue };
        write_synced(&staging.join(name), bytes)?;
        files.insert(name.to_string(), manifest::sha256_hex(bytes));
        crc32.insert(name.to_string(), crc32fast::hash(bytes));
    }
    let vector_count = texts.len();
    let manifest = Manifest {
        format: manifest::FORMAT,
        minwon_version: env!("CARGO_PKG_VERSION").to_string(),
        model: fingerprint.model.clone(),
        embedding: fingerprint.embedding.clone(),
        entries: fingerprint.entries.clone(),
        dimension,
        vectors: vector_count,
        hnsw: HnswParams::default(),
        bm25: lexical.params(),
        files,
        crc32,
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).expect("manifest serialises");
    write_synced(&staging.join("manifest.json"), &manifest_json)?;

    let version = format!("v-{}", store::unique_suffix());
    std::fs::rename(&staging, dir.join(&version)).map_err(io_error(&staging))?;
    write_atomic(&dir.join("CURRENT"), version.as_bytes())?;
    lock::remove_unused(dir, &version, &writer);

    let keep: HashSet<[u8; 32]> = keys.iter().copied().collect();
    cache.retain(&keep);
    write_atomic(&cache_path, &cache.to_bytes())?;

    let report = BuildReport {
        entries: answerable,
        vectors: vector_count,
        embedded: missing.len(),
        embedding,
    };
    let index = SearchIndex {
        entries: vectors_file.entries,
        answerable,
        vector_entries: vectors_file.vector_entries,
        hubness: vectors_file.hubness.into(),
        popularity: vectors_file.popularity.into(),
        vectors,
        lexical,
    };
    Ok((index, report))
}
