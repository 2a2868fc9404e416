//! The embedders against their reference implementations, their error
//! messages, odd input, and the `minwon embed` interface. This file holds
//! the BERT backend (all-MiniLM-L6-v2) and the command; `e5` and
//! `tokenizer` the default e5 backend.

pub mod e5;
mod tokenizer;

use std::fs;
use std::path::Path;

use minwon::embed::{cosine, BertEmbedder, EmbedError, Embedder, Role};
use serde::Deserialize;

use crate::common::{embedder, minwon, model_dir, stdout_lines};

/// Made by tests/fixtures/make_reference.py with sentence-transformers on PyTorch.
#[derive(Deserialize)]
struct Reference {
    texts: Vec<String>,
    embeddings: Vec<Vec<f32>>,
}

fn reference() -> Reference {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference_embeddings.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
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
fn matches_sentence_transformers_for_every_reference_text() {
    let reference = reference();
    assert!(reference.texts.len() >= 20);
    for (text, expected) in reference.texts.iter().zip(&reference.embeddings) {
        let got = embedder().embed(text, Role::Query).unwrap();
        assert_eq!(got.len(), 384);
        let similarity = cosine(&got, expected);
        assert!(similarity >= 0.9999, "cosine {similarity} for {text:?}");
        assert!(
            (norm(&got) - 1.0).abs() <= 1e-5,
            "norm {} for {text:?}",
            norm(&got)
        );
    }
}

#[test]
fn a_text_alone_equals_the_same_text_in_a_padded_batch() {
    let reference = reference();
    let texts: Vec<&str> = reference.texts.iter().map(String::as_str).collect();
    let batch = embedder().embed_batch(&texts, Role::Query).unwrap();
    for (text, in_batch) in texts.iter().zip(&batch) {
        let alone = embedder().embed(text, Role::Query).unwrap();
        let diff = max_abs_diff(&alone, in_batch);
        assert!(diff <= 1e-5, "max abs diff {diff} for {text:?}");
    }
}

#[test]
fn embed_many_keeps_input_order() {
    let texts = [
        "passport",
        "a much longer question about moving house",
        "",
        "여권",
    ];
    let many = embedder().embed_many(&texts, Role::Query, 2).unwrap();
    for (text, vector) in texts.iter().zip(&many) {
        let alone = embedder().embed(text, Role::Query).unwrap();
        assert!(max_abs_diff(&alone, vector) <= 1e-5, "{text:?}");
    }
}

#[test]
fn odd_text_embeds_without_panicking() {
    let megabyte = "lost my id card ".repeat(65_536);
    let odd = [
        "",
        " \t\n ",
        "\u{1b}[2J\u{1b}[31mred\u{1b}[0m\u{7}",
        "\u{0}\u{1}\u{2}\u{7f}",
        "😭",
        "주민등록등본 발급",
        "\u{FFFD}\u{FFFD}",
        megabyte.as_str(),
    ];
    for text in odd {
        let vector = embedder().embed(text, Role::Query).unwrap();
        assert!((norm(&vector) - 1.0).abs() <= 1e-5);
    }
}

#[test]
fn over_long_text_is_truncated_not_rejected() {
    let long = "where do I register my baby ".repeat(200);
    let prefix = "where do I register my baby ".repeat(100);
    // Both exceed 256 tokens, so both are cut to the same first 256 tokens.
    let a = embedder().embed(&long, Role::Query).unwrap();
    let b = embedder().embed(&prefix, Role::Query).unwrap();
    assert!(max_abs_diff(&a, &b) <= 1e-5);
}

/// A model folder with the real files linked in, so each test can break one.
fn broken_model(break_it: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "config.json",
        "tokenizer.json",
        "model.safetensors",
        "sentence_bert_config.json",
    ] {
        fs::copy(model_dir().join(name), dir.path().join(name)).unwrap();
    }
    fs::create_dir(dir.path().join("1_Pooling")).unwrap();
    fs::copy(
        model_dir().join("1_Pooling/config.json"),
        dir.path().join("1_Pooling/config.json"),
    )
    .unwrap();
    break_it(dir.path());
    dir
}

fn load_error(dir: &Path) -> String {
    match BertEmbedder::load(dir) {
        Ok(_) => panic!("{} loaded", dir.display()),
        Err(err) => err.to_string(),
    }
}

#[test]
fn a_missing_model_folder_names_the_fetch_command() {
    let err = BertEmbedder::load(Path::new("/nonexistent/model"))
        .err()
        .unwrap();
    assert!(matches!(err, EmbedError::ModelMissing { .. }));
    assert_eq!(
        err.to_string(),
        "model folder /nonexistent/model not found: run `models/fetch.sh` to download and verify it"
    );
}

#[test]
fn a_truncated_safetensors_names_the_file() {
    let dir = broken_model(|dir| {
        let path = dir.join("model.safetensors");
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    });
    let err = load_error(dir.path());
    let file = dir.path().join("model.safetensors");
    assert!(
        err.starts_with(&format!("{}: tensor ", file.display())),
        "{err}"
    );
    assert!(
        err.ends_with("truncated: data runs past the end of the file"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn a_corrupt_safetensors_header_names_the_file() {
    let dir = broken_model(|dir| {
        fs::write(
            dir.join("model.safetensors"),
            b"\xff\xff\xff\xff\xff\xff\xff\x7fgarbage",
        )
        .unwrap()
    });
    let err = load_error(dir.path());
    let file = dir.path().join("model.safetensors");
    assert!(
        err.starts_with(&format!(
            "{}: corrupt or truncated: header claims",
            file.display()
        )),
        "{err}"
    );
}

#[test]
fn a_tokenizer_that_does_not_parse_names_the_file() {
    let dir = broken_model(|dir| fs::write(dir.join("tokenizer.json"), "{ not json").unwrap());
    let err = load_error(dir.path());
    let file = dir.path().join("tokenizer.json");
    assert!(
        err.starts_with(&format!("{}: not a tokenizer: ", file.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn an_unsupported_architecture_names_the_file() {
    let dir = broken_model(|dir| {
        let path = dir.join("config.json");
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("\"bert\"", "\"xlm-roberta\"");
        fs::write(path, text).unwrap();
    });
    let err = load_error(dir.path());
    let file = dir.path().join("config.json");
    assert_eq!(
        err,
        format!("{}: unsupported architecture \"xlm-roberta\": minwon runs BERT-family sentence-transformers models", file.display())
    );
}

#[test]
fn a_missing_weights_file_names_the_fetch_command() {
    let dir = broken_model(|dir| fs::remove_file(dir.join("model.safetensors")).unwrap());
    let err = load_error(dir.path());
    assert!(err.ends_with("model.safetensors: missing from the model folder: run `models/fetch.sh` to download and verify it"), "{err}");
}

/// `minwon embed` runs the default model, multilingual-e5-small.
#[test]
fn embed_prints_one_array_for_a_text() {
    let output = minwon(&["embed", "lost my id card"], b"");
    assert!(output.status.success());
    let lines = stdout_lines(&output);
    assert_eq!(lines.len(), 1);
    let vector: Vec<f32> = serde_json::from_str(&lines[0]).unwrap();
    let expected = e5::e5().embed("lost my id card", Role::Query).unwrap();
    assert!(max_abs_diff(&vector, &expected) <= 1e-6);
}

#[test]
fn embed_reads_stdin_one_array_per_line_in_order() {
    // Includes an empty line, CRLF, and invalid UTF-8 (read lossily).
    let input = b"passport\n\nmoving house\r\n\xff\xfe broken bytes\nlast line without newline";
    let output = minwon(&["embed"], input);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = stdout_lines(&output);
    let texts = [
        "passport",
        "",
        "moving house",
        "\u{FFFD}\u{FFFD} broken bytes",
        "last line without newline",
    ];
    assert_eq!(lines.len(), texts.len());
    for (line, text) in lines.iter().zip(texts) {
        let vector: Vec<f32> = serde_json::from_str(line).unwrap();
        let expected = e5::e5().embed(text, Role::Query).unwrap();
        assert!(max_abs_diff(&vector, &expected) <= 1e-6, "{text:?}");
    }
}

#[test]
fn embed_without_a_model_exits_2_and_says_what_to_run() {
    let output = minwon(&["--model", "/nonexistent/model", "embed", "hi"], b"");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("run `models/fetch.sh`"), "{stderr}");
    assert!(output.stdout.is_empty());
}
