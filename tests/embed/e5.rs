//! The e5 backend (multilingual-e5-small, 4-bit) against sentence-transformers
//! running the same weights in f32, each matmul kernel against the portable
//! one, its error messages, and odd input.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use minwon::embed::e5::Kernels;
use minwon::embed::{
    self, cosine, Arithmetic, E5Embedder, EmbedError, EmbedOptions, Embedder, Role,
};
use serde::Deserialize;

use crate::common::repo;

pub fn e5_dir() -> PathBuf {
    repo().join("models/multilingual-e5-small")
}

/// The e5 model with default options, loaded once for the whole test binary.
pub fn e5() -> &'static E5Embedder {
    static EMBEDDER: OnceLock<E5Embedder> = OnceLock::new();
    EMBEDDER.get_or_init(|| load(&EmbedOptions::default(), Kernels::best()))
}

fn load(options: &EmbedOptions, kernels: Kernels) -> E5Embedder {
    E5Embedder::load_with_kernels(&e5_dir(), options, kernels)
        .unwrap_or_else(|err| panic!("{err} (the test command runs models/fetch.sh first)"))
}

/// Made by tests/fixtures/make_e5_reference.py with sentence-transformers on PyTorch.
#[derive(Deserialize)]
struct Reference {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    prefix: String,
    text: String,
    ids: Vec<u32>,
    embedding: Vec<f32>,
}

impl Entry {
    /// The role whose prefix the reference used; `None` for no prefix.
    fn role(&self) -> Option<Role> {
        match self.prefix.as_str() {
            "query: " => Some(Role::Query),
            "passage: " => Some(Role::Passage),
            "" => None,
            other => panic!("unknown prefix {other:?}"),
        }
    }
}

fn reference() -> &'static [Entry] {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    let path = repo().join("tests/fixtures/e5_reference.json");
    &REFERENCE
        .get_or_init(|| serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap())
        .entries
}

/// Embeds each reference text as the reference did, with `kernels`; the
/// portable kernels (~50x slower) skip the texts over 64 tokens.
fn embed_reference(kernels: Kernels) -> Vec<Option<Vec<f32>>> {
    let with = load(&EmbedOptions::default(), kernels);
    let without = load(
        &EmbedOptions {
            prefixes: false,
            ..EmbedOptions::default()
        },
        kernels,
    );
    reference()
        .iter()
        .map(|e| {
            let skip = kernels.is_portable() && e.ids.len() > 64;
            (!skip).then(|| match e.role() {
                Some(role) => with.embed(&e.text, role).unwrap(),
                None => without.embed(&e.text, Role::Query).unwrap(),
            })
        })
        .collect()
}

fn norm(v: &[f32]) -> f32 {
    v.iter().map(|x| x * x).sum::<f32>().sqrt()
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

#[test]
fn every_kernel_matches_sentence_transformers_on_every_reference_text() {
    assert!(reference().len() >= 24);
    for kernels in Kernels::available() {
        let got = embed_reference(kernels);
        let mut lowest = 1.0f32;
        for (entry, got) in reference().iter().zip(&got) {
            let Some(got) = got else { continue };
            assert_eq!(got.len(), 384);
            let similarity = cosine(got, &entry.embedding);
            lowest = lowest.min(similarity);
            // The f32 paths compute from the exact weights; the integer
            // paths round every activation to 8 bits.
            let bar = match kernels.arithmetic() {
                Arithmetic::F32 => 0.9999,
                Arithmetic::Int8 => 0.998,
            };
            assert!(
                similarity >= bar,
                "{kernels:?}: cosine {similarity} for {:?}{:?}",
                entry.prefix,
                entry.text
            );
            assert!((norm(got) - 1.0).abs() <= 1e-5, "norm {}", norm(got));
        }
        println!("{}: lowest cosine {lowest}", kernels.name());
    }
}

#[test]
fn token_ids_are_those_sentence_transformers_fed_the_model() {
    let without = load(
        &EmbedOptions {
            prefixes: false,
            threads: 1,
            ..EmbedOptions::default()
        },
        Kernels::best(),
    );
    for entry in reference() {
        let ids = match entry.role() {
            Some(role) => e5().token_ids(&entry.text, role),
            None => without.token_ids(&entry.text, Role::Query),
        };
        assert_eq!(ids, entry.ids, "{:?}{:?}", entry.prefix, entry.text);
    }
}

#[test]
fn a_text_alone_equals_the_same_text_in_a_batch_at_any_thread_count() {
    let texts: Vec<&str> = reference().iter().map(|e| e.text.as_str()).collect();
    let alone: Vec<Vec<f32>> = texts
        .iter()
        .map(|t| e5().embed(t, Role::Query).unwrap())
        .collect();
    for threads in [1, 2] {
        let embedder = load(
            &EmbedOptions {
                threads,
                ..EmbedOptions::default()
            },
            Kernels::best(),
        );
        let batch = embedder.embed_batch(&texts, Role::Query).unwrap();
        let many = embedder.embed_many(&texts, Role::Query, 5).unwrap();
        for ((text, alone), (in_batch, in_many)) in
            texts.iter().zip(&alone).zip(batch.iter().zip(&many))
        {
            let diff = max_abs_diff(alone, in_batch).max(max_abs_diff(alone, in_many));
            assert!(
                diff <= 1e-4,
                "{threads} threads: max abs diff {diff} for {text:?}"
            );
        }
    }
}

#[test]
fn odd_text_embeds_without_panicking() {
    let megabyte = "주민등록 lost my id card 😭 ".repeat(30_000);
    let controls: String = (0u8..32).map(char::from).collect();
    let odd = [
        "",
        " \t\n ",
        controls.as_str(),
        "\u{1b}[2J\u{1b}[31mred\u{1b}[0m\u{7}",
        "😭👶🏽👨‍👩‍👧‍👦🇰🇷",
        "\u{FFFD}\u{FFFD}",
        "<s></s><pad><unk><mask>",
        megabyte.as_str(),
    ];
    for text in odd {
        for role in [Role::Query, Role::Passage] {
            let vector = e5().embed(text, role).unwrap();
            assert!(
                (norm(&vector) - 1.0).abs() <= 1e-5,
                "{:?}",
                &text[..text.len().min(20)]
            );
        }
    }
}

#[test]
fn load_picks_the_backend_from_the_folder() {
    assert_eq!(
        embed::model_files(&e5_dir()),
        ["e5-small-q4.bin", "tokenizer.json"]
    );
    let minilm = repo().join("models/all-MiniLM-L6-v2");
    assert!(embed::model_files(&minilm).contains(&"model.safetensors"));
    let e5 = embed::load(&e5_dir()).unwrap();
    let query = e5.embed("여권 재발급", Role::Query).unwrap();
    // The default arithmetic is integer: within 0.998 of f32 (see above).
    assert!(cosine(&query, &reference()[0].embedding) >= 0.998);
}

/// A copy of the e5 folder whose weights file `break_it` damages.
fn broken_model(break_it: impl FnOnce(&mut Vec<u8>)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = fs::read(e5_dir().join("e5-small-q4.bin")).unwrap();
    break_it(&mut bytes);
    fs::write(dir.path().join("e5-small-q4.bin"), bytes).unwrap();
    fs::copy(
        e5_dir().join("tokenizer.json"),
        dir.path().join("tokenizer.json"),
    )
    .unwrap();
    dir
}

fn load_error(dir: &Path) -> String {
    match E5Embedder::load(dir, &EmbedOptions::default()) {
        Ok(_) => panic!("{} loaded", dir.display()),
        Err(err) => err.to_string(),
    }
}

/// The one-line message for a damaged weights file in `dir`.
fn corrupt_message(dir: &Path, problem: &str) -> String {
    format!(
        "{}: {problem}: run `models/fetch.sh` to download and verify it again",
        dir.join("e5-small-q4.bin").display()
    )
}

#[test]
fn a_missing_folder_or_weights_file_names_the_fetch_command() {
    let err = embed::load(Path::new("/nonexistent/model")).err().unwrap();
    assert!(matches!(err, EmbedError::ModelMissing { .. }));
    assert!(err
        .to_string()
        .ends_with("run `models/fetch.sh` to download and verify it"));

    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        e5_dir().join("tokenizer.json"),
        dir.path().join("tokenizer.json"),
    )
    .unwrap();
    let err = embed::load(dir.path()).err().unwrap().to_string();
    assert_eq!(
        err,
        format!(
            "{}: missing from the model folder: run `models/fetch.sh` to download and verify it",
            dir.path().join("e5-small-q4.bin").display()
        )
    );
}

#[test]
fn a_damaged_weights_file_is_one_clear_line() {
    let truncated = broken_model(|b| b.truncate(b.len() / 2));
    let err = load_error(truncated.path());
    assert_eq!(
        err,
        corrupt_message(
            truncated.path(),
            "truncated: tensor emb.word runs past the end of the file"
        )
    );

    let header_only = broken_model(|b| b.truncate(1000));
    let err = load_error(header_only.path());
    assert_eq!(
        err,
        corrupt_message(
            header_only.path(),
            "truncated: piece offsets runs past the end of the file"
        )
    );

    let bad_magic = broken_model(|b| b[..4].copy_from_slice(b"GGUF"));
    let err = load_error(bad_magic.path());
    assert_eq!(
        err,
        corrupt_message(bad_magic.path(), "not an e5 weights file (bad magic)")
    );

    let past_end = broken_model(|b| {
        // The word embeddings' entry: name, dtype, element count, then the offset.
        let entry = b
            .windows(10)
            .position(|w| w == b"\x08\x00emb.word")
            .unwrap();
        let offset = entry + 10 + 1 + 4;
        b[offset..offset + 8].copy_from_slice(&(u64::MAX - 10).to_le_bytes());
    });
    let err = load_error(past_end.path());
    assert_eq!(
        err,
        corrupt_message(
            past_end.path(),
            "truncated: tensor emb.word runs past the end of the file"
        )
    );

    let huge_count = broken_model(|b| b[8..12].copy_from_slice(&i32::MAX.to_le_bytes()));
    let err = load_error(huge_count.path());
    assert_eq!(
        err,
        corrupt_message(huge_count.path(), "hidden size 2147483647 is out of range")
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn a_tokenizer_json_that_does_not_parse_names_the_file() {
    let dir = broken_model(|_| {});
    fs::write(dir.path().join("tokenizer.json"), "{ not json").unwrap();
    let err = load_error(dir.path());
    let file = dir.path().join("tokenizer.json");
    assert!(
        err.starts_with(&format!("{}: not a tokenizer: ", file.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}
