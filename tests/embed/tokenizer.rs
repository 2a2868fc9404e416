//! minwon's lean e5 tokenizer gives the same ids as the `tokenizers` crate
//! reading the model's tokenizer.json, on real Korean and English text and
//! on odd text; and, in the whitespace mode the embedder uses, the same ids
//! as sentence-transformers' pipeline (transformers 5 rebuilds the
//! tokenizer with the charsmap alone and a whitespace split before Metaspace).

use std::path::Path;
use std::process::Command;

use minwon::embed::e5::{Tokenizer, Words};
use serde_json::{json, Value};
use tokenizers::{Tokenizer as Reference, TruncationParams};

use super::e5::e5_dir;
use crate::common::repo;

/// The real text this test runs: administrative Korean (gov24 service
/// descriptions, whole fields and their lines), English requests (CLINC150),
/// the dev set's questions and the corpus's markdown lines, then odd text.
fn texts() -> Vec<String> {
    let mut texts = Vec::new();

    let gov24 = repo().join("corpus/catalogue/snapshot/services-2025-08-15.jsonl.gz");
    let unzipped = Command::new("gzip")
        .arg("-dc")
        .arg(&gov24)
        .output()
        .unwrap_or_else(|err| panic!("gzip -dc {}: {err}", gov24.display()));
    assert!(unzipped.status.success(), "gzip -dc {}", gov24.display());
    let gov24 = String::from_utf8(unzipped.stdout).unwrap();
    for record in gov24.lines().take(1500) {
        let record: serde_json::Map<String, Value> = serde_json::from_str(record).unwrap();
        for field in record.values().filter_map(Value::as_str) {
            texts.push(field.to_string());
            texts.extend(
                field
                    .lines()
                    .filter(|l| l.trim().len() > 1)
                    .map(str::to_string),
            );
        }
    }
    texts.extend(json_lines(
        &repo().join("corpus/eval/clinc150/calibration.jsonl"),
        "q",
    ));
    texts.extend(json_lines(&repo().join("corpus/eval/dev.jsonl"), "q"));
    for entry in std::fs::read_dir(repo().join("corpus/services")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        texts.extend(text.lines().map(str::to_string));
    }
    texts.extend(odd_texts());
    texts
}

fn json_lines(path: &Path, key: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()[key]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn odd_texts() -> Vec<String> {
    let mut odd: Vec<String> = [
        "",
        " ",
        "   leading and trailing   ",
        "query: ",
        "passage:  \t ",
        "tab\there\nnewline\r\nwindows\u{b}vtab\u{c}ff",
        "\u{0}\u{1}\u{2}\u{7f}\u{1b}[31mred\u{1b}[0m\u{7}",
        "😭😭 help 👶🏽 👨‍👩‍👧‍👦 🇰🇷 flags",
        "\u{1100}\u{1161}\u{11a8} NFD 한글: \u{1112}\u{1161}\u{11ab}\u{1100}\u{1173}\u{11af}",
        "ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ １２３ ＜ｓ＞ ｶﾀｶﾅ",
        "<s>special</s> tokens <pad><unk> in <mask> text <s",
        "x <mask> y",
        "①②③ ㈜ ㎏ ℡ ﬁ Ⅻ ½",
        "e\u{301}le\u{300}ve c\u{327}a",
        "\u{200b}zero\u{200b}width\u{feff}bom\u{200d}joiner",
        "a\u{3000}b\u{a0}c\u{2028}d\u{85}e\u{1680}f",
        "▁already▁marked ▁▁ text",
        "\u{fffd}\u{fffd} replacement",
        "ÅΩ Ελληνικά русский العربية עברית हिन्दी ไทย 中文 日本語",
        "𝓤𝓷𝓲𝓬𝓸𝓭𝓮 math 𝟘𝟙𝟚",
        "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
        "주민등록등본 발급은 어디서 하나요?",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    odd.push("여권 재발급 신청 ".repeat(400));
    odd.push("lost my id card ".repeat(65_536));
    odd
}

fn reference(json: &str) -> Reference {
    let mut tokenizer: Reference = json.parse().unwrap();
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: 512,
            ..Default::default()
        }))
        .unwrap();
    tokenizer
}

/// tokenizer.json rebuilt as transformers 5 loads it for sentence-transformers.
fn sentence_transformers_json(json: &str) -> String {
    let mut value: Value = serde_json::from_str(json).unwrap();
    value["normalizer"] = value["normalizer"]["normalizers"][0].clone();
    value["pre_tokenizer"] = json!({"type": "Sequence", "pretokenizers": [
        {"type": "WhitespaceSplit"},
        {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
    ]});
    value.to_string()
}

#[test]
fn ids_equal_tokenizer_json_and_sentence_transformers_on_real_and_odd_text() {
    let texts = texts();
    assert!(texts.len() >= 10_000, "{} texts", texts.len());
    let korean = texts
        .iter()
        .filter(|t| t.contains(|c| ('가'..='힣').contains(&c)))
        .count();
    assert!(korean >= 5_000, "{korean} Korean texts");

    println!("{} texts, {korean} with Korean", texts.len());
    let ours = Tokenizer::load(&e5_dir()).unwrap();
    let json = std::fs::read_to_string(e5_dir().join("tokenizer.json")).unwrap();
    for (words, reference) in [
        (Words::TokenizerJson, reference(&json)),
        (
            Words::SentenceTransformers,
            reference(&sentence_transformers_json(&json)),
        ),
    ] {
        let mut differ = Vec::new();
        for text in &texts {
            let want = reference
                .encode(text.as_str(), true)
                .unwrap()
                .get_ids()
                .to_vec();
            if ours.encode(text, words) != want {
                differ.push(text);
            }
        }
        assert!(
            differ.is_empty(),
            "{words:?}: {} of {} texts differ, e.g. {:?}",
            differ.len(),
            texts.len(),
            &differ[..differ.len().min(5)]
        );
    }
}
