//! Property-based fuzzing of what reads outside input: the mE5 tokenizer
//! (its ids against the `tokenizers` crate's on random Unicode), the config
//! file, the catalogue importer's reader and the bundle reader. None may
//! panic; the readers must refuse bad input with a message that names
//! where, and a refused bundle must leave the kiosk's index untouched. Runs
//! in CI; the case counts keep the whole module under a minute.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use minwon::config::Config;
use minwon::corpus::catalogue::read::read_files;
use minwon::embed::e5::{Tokenizer, Words};
use minwon::index::bundle::install;
use minwon::index::signature::SecretKey;
use minwon::index::Fingerprint;
use proptest::prelude::*;
use tokenizers::Tokenizer as Reference;

use crate::common::repo;
use crate::embed::e5::e5_dir;

fn tokenizers() -> &'static (Tokenizer, Reference) {
    static BOTH: OnceLock<(Tokenizer, Reference)> = OnceLock::new();
    BOTH.get_or_init(|| {
        let json = std::fs::read_to_string(e5_dir().join("tokenizer.json")).unwrap();
        let mut reference: Reference = json.parse().unwrap();
        reference
            .with_truncation(Some(tokenizers::TruncationParams {
                max_length: 512,
                ..Default::default()
            }))
            .unwrap();
        (Tokenizer::load(&e5_dir()).unwrap(), reference)
    })
}

/// Text as kiosks receive it: Hangul (whole syllables and loose letters),
/// Latin, digits, punctuation, emoji, controls and any other character.
fn kiosk_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[가-힣ㄱ-ㅣ a-zA-Z0-9.,?!~()-]{0,60}",
        any::<String>(),
        prop::collection::vec(any::<char>(), 0..80).prop_map(|c| c.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn the_tokenizer_gives_the_reference_ids_on_any_text(text in kiosk_text()) {
        let (ours, reference) = tokenizers();
        let want = reference.encode(text.as_str(), true).unwrap().get_ids().to_vec();
        prop_assert_eq!(ours.encode(&text, Words::TokenizerJson), want, "{:?}", text);
    }
}

/// Config lines built from real keys with values of any type.
fn config_text() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "region",
        "model_dir",
        "[ui]",
        "[speech]",
        "[bundle]",
        "[thresholds]",
        "[fusion]",
        "[embedding]",
        "idle_seconds",
        "countdown_seconds",
        "staff_pin",
        "language",
        "mode",
        "answer",
        "margin",
        "choice",
        "max_choices",
        "choice_spread",
        "dense_ko",
        "hub_penalty",
        "popularity",
        "threads",
        "trusted_keys",
        "log_keep",
        "log_max_bytes",
        "command",
        "rate",
        "enabled",
    ]);
    let values = prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1e400".to_string()),
        Just("\"서울특별시 종로구\"".to_string()),
        Just("[\"ed25519:AAAA\"]".to_string()),
        Just("true".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        "\"[^\"\\\\]{0,12}\"".prop_map(|s| s),
        any::<String>(),
    ];
    prop::collection::vec((keys, values), 0..8).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(k, v)| {
                if k.starts_with('[') {
                    format!("{k}\n")
                } else {
                    format!("{k} = {v}\n")
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn any_config_file_is_read_or_refused_with_its_path(text in config_text()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("minwon.toml");
        std::fs::write(&path, &text).unwrap();
        match Config::from_file(&path) {
            Ok(config) => { let _ = config.check("config: "); }
            Err(err) => prop_assert!(err.to_string().contains("minwon.toml"), "{}", err),
        }
    }
}

/// One real record of the snapshot (its first line), as JSON.
fn real_record() -> serde_json::Value {
    static RECORD: OnceLock<serde_json::Value> = OnceLock::new();
    RECORD
        .get_or_init(|| {
            let path = repo().join("corpus/catalogue/services/00.json");
            let shard: Vec<serde_json::Value> =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            shard[0].clone()
        })
        .clone()
}

/// A record with some fields removed, replaced by other JSON or by odd text.
fn mutated_record() -> impl Strategy<Value = String> {
    let field = prop::sample::select(vec![
        "서비스ID",
        "서비스명",
        "지원대상",
        "지원내용",
        "신청방법",
        "소관기관명",
        "상세조회URL",
        "수정일시",
        "조회수",
        "supportConditions",
        "온라인신청사이트URL",
    ]);
    let value = prop_oneof![
        Just(serde_json::Value::Null),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::from),
        Just(serde_json::json!([1, 2])),
        Just(serde_json::json!({"a": "b"})),
    ];
    prop::collection::vec((field, prop::option::of(value)), 0..5).prop_map(|edits| {
        let mut record = real_record();
        for (field, value) in edits {
            match value {
                Some(value) => record[field] = value,
                None => {
                    record.as_object_mut().unwrap().remove(field);
                }
            }
        }
        record.to_string()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn the_importer_reads_or_names_every_bad_record(
        lines in prop::collection::vec(prop_oneof![mutated_record(), any::<String>()], 1..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.jsonl");
        std::fs::write(&path, lines.join("\n")).unwrap();
        if let Ok(inputs) = read_files(std::slice::from_ref(&path)) {
            for problem in &inputs.problems {
                prop_assert!(problem.to_string().contains("page.jsonl:"), "{}", problem);
            }
        }
    }
}

fn signer() -> &'static SecretKey {
    static KEY: OnceLock<SecretKey> = OnceLock::new();
    KEY.get_or_init(|| SecretKey::generate().unwrap())
}

/// A bundle body: the format line and anything after it.
fn bundle_body() -> impl Strategy<Value = Vec<u8>> {
    let header = prop_oneof![
        any::<String>(),
        Just(r#"{"manifest": 1, "files": []}"#.to_string()),
        Just(
            r#"{"files": [{"name": "vectors.bin", "size": 18446744073709551615, "sha256": "x"}]}"#
                .to_string()
        ),
    ];
    (header, prop::collection::vec(any::<u8>(), 0..200)).prop_map(|(header, rest)| {
        let mut body = format!("minwon-bundle 2\n{header}\n").into_bytes();
        body.extend(rest);
        body
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// Signed by the trusted key, so the reader past the signature is
    /// fuzzed too: anything it cannot use is refused and nothing changes.
    #[test]
    fn any_bundle_is_installed_or_refused_without_a_trace(
        body in bundle_body(),
        raw in prop::collection::vec(any::<u8>(), 0..300),
        sign in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.bundle");
        let bytes = if sign {
            let mut bytes = body.clone();
            let digest = minwon::index::manifest::sha256_hex(&bytes);
            bytes.extend(format!("sha256 {digest}\n").into_bytes());
            let signature = signer().sign(&bytes);
            bytes.extend(format!("signed {} {signature}\n", signer().public()).into_bytes());
            bytes
        } else {
            raw
        };
        std::fs::write(&path, &bytes).unwrap();
        let kiosk = dir.path().join("index");
        let fingerprint = Fingerprint {
            model: Vec::new(),
            embedding: String::new(),
            entries: BTreeMap::new(),
        };
        let result = install(&path, &kiosk, &fingerprint, &[signer().public()]);
        prop_assert!(result.is_err());
        prop_assert!(!kiosk.join("CURRENT").exists());
    }
}
