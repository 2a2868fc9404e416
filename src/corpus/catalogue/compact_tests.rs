//! The compact form: the real catalogue round-trips exactly, and a
//! damaged, truncated or stale file is never used.

use std::path::Path;

use serde_json::json;

use super::super::store::{self, Refreshed};
use super::*;

fn service(id: &str, name: &str) -> Service {
    Service::from_json(json!({"서비스ID": id, "서비스명": name, "조회수": 7})).unwrap()
}

fn catalogue(services: &[(&str, &str)]) -> Catalogue {
    Catalogue::new(services.iter().map(|(id, n)| service(id, n)).collect())
}

/// A catalogue folder holding `catalogue` as JSON shards and its compact form.
fn folder(catalogue: &Catalogue) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    store::save(dir.path(), catalogue).unwrap();
    assert!(matches!(
        store::refresh(dir.path()).unwrap(),
        Refreshed::Written {
            why: Unusable::Missing { .. }
        }
    ));
    dir
}

fn unusable(dir: &Path) -> Option<Unusable> {
    store::compact_unusable(dir).unwrap()
}

#[test]
fn the_real_catalogue_round_trips_to_the_same_services() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/catalogue");
    let json = store::load_shards(&real).unwrap();
    assert_eq!(json.len(), 10_160);
    let (stamps, read) = decode(&encode(&[], &json)).unwrap();
    assert!(stamps.is_empty());
    assert_eq!(read, json);
    for (compact, from_json) in read.services().iter().zip(json.services()) {
        assert_eq!(compact.digest(), from_json.digest());
        assert_eq!(compact.compute_digest(), compact.digest_bytes());
        assert_eq!(compact.fields(), from_json.fields());
    }
}

#[test]
fn every_field_kind_round_trips() {
    let full = Service::from_json(json!({
        "서비스ID": "AA0000000012",
        "서비스명": "이름",
        "서비스목적요약": "",
        "상세조회URL": "https://www.gov.kr/x",
        "수정일시": "20250722101010",
        "조회수": 0,
        "supportConditions": {"JA0110": 19, "JA0111": 64, "JA0101": "Y"},
        "지원유형": ["현금", {"a": null}],
        "소관기관유형": "중앙행정기관"
    }))
    .unwrap();
    let sparse = Service::from_json(json!({"서비스ID": "000000000013", "서비스명": "둘"})).unwrap();
    let catalogue = Catalogue::new(vec![full, sparse]);
    assert_eq!(decode(&encode(&[], &catalogue)).unwrap().1, catalogue);
}

#[test]
fn loading_reads_the_compact_form_made_from_these_shards() {
    let json = catalogue(&[("000000000001", "하나"), ("000000000002", "둘")]);
    let dir = folder(&json);
    assert_eq!(unusable(dir.path()), None);
    assert_eq!(store::refresh(dir.path()).unwrap(), Refreshed::Fresh);
    // Another catalogue's services under these shards' stamps: what is
    // loaded is what the compact form holds, so it is what is read.
    let (stamps, _) = decode(&std::fs::read(dir.path().join(COMPACT_FILE)).unwrap()).unwrap();
    let other = catalogue(&[("000000000001", "다른")]);
    write(dir.path(), &stamps, &other).unwrap();
    assert_eq!(store::load(dir.path()).unwrap(), other);
}

#[test]
fn a_damaged_or_truncated_compact_form_is_detected_and_the_json_used() {
    let json = catalogue(&[("000000000001", "하나"), ("000000000002", "둘")]);
    let dir = folder(&json);
    let path = dir.path().join(COMPACT_FILE);
    let good = std::fs::read(&path).unwrap();
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x10;
    for (bytes, problem) in [
        (flipped, "checksum mismatch"),
        (good[..good.len() - 9].to_vec(), "checksum mismatch"),
        (good[..3].to_vec(), "truncated"),
    ] {
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            unusable(dir.path()),
            Some(Unusable::Damaged {
                path: path.clone(),
                problem: problem.into()
            })
        );
        assert_eq!(store::load(dir.path()).unwrap(), json);
    }
    assert!(matches!(
        store::refresh(dir.path()).unwrap(),
        Refreshed::Written {
            why: Unusable::Damaged { .. }
        }
    ));
    assert_eq!(std::fs::read(&path).unwrap(), good);
}

#[test]
fn a_compact_form_of_other_shards_is_stale_and_the_json_used() {
    let dir = folder(&catalogue(&[
        ("000000000001", "하나"),
        ("000000000002", "둘"),
    ]));
    let stale = |dir: &Path| matches!(unusable(dir), Some(Unusable::Stale { .. }));

    // A shard edited by hand, the same size: the hash tells.
    let shard = dir.path().join("services/01.json");
    let text = std::fs::read_to_string(&shard).unwrap();
    std::fs::write(&shard, text.replace("하나", "한나")).unwrap();
    assert!(stale(dir.path()));
    let edited = catalogue(&[("000000000001", "한나"), ("000000000002", "둘")]);
    assert_eq!(store::load(dir.path()).unwrap(), edited);

    // Written again, then a shard touched with the same bytes: still used.
    store::refresh(dir.path()).unwrap();
    std::fs::write(&shard, std::fs::read(&shard).unwrap()).unwrap();
    assert_eq!(unusable(dir.path()), None);

    // A shard added, or removed.
    let added = dir.path().join("services/03.json");
    std::fs::copy(&shard, &added).unwrap();
    assert!(stale(dir.path()));
    std::fs::remove_file(&added).unwrap();
    assert_eq!(unusable(dir.path()), None);
    std::fs::remove_file(&shard).unwrap();
    assert!(stale(dir.path()));
    assert_eq!(
        store::load(dir.path()).unwrap(),
        catalogue(&[("000000000002", "둘")])
    );
}

#[test]
fn a_compact_form_of_another_version_is_not_read() {
    let json = catalogue(&[("000000000001", "하나")]);
    let mut bytes = encode(&[], &json);
    bytes[MAGIC.len()] = 9;
    let body = bytes.len() - 4;
    let crc = crc32fast::hash(&bytes[..body]);
    bytes[body..].copy_from_slice(&crc.to_le_bytes());
    assert_eq!(
        decode(&bytes).unwrap_err(),
        "version 9 (this minwon reads 1)"
    );
}
