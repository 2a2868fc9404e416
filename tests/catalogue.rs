//! The national catalogue on the real 2025-08-15 snapshot (committed in
//! `corpus/catalogue/snapshot/`) — reading, the committed stored
//! form, regions, sections — and, in [`import`], on small generated files
//! with broken records.

mod age;
mod all_or_nothing;
mod api;
mod import;
mod server;

use std::path::PathBuf;
use std::sync::OnceLock;

use minwon::corpus::catalogue::agency::{agencies, region_of, Evidence, RegionCounts};
use minwon::corpus::catalogue::read::{read_files, Inputs};
use minwon::corpus::catalogue::sections::{sections, SectionKind};
use minwon::corpus::catalogue::{store, Catalogue, Region};
use unicode_normalization::is_nfc;

use crate::common::repo;

/// The official snapshot the committed catalogue was imported from.
fn snapshot() -> PathBuf {
    repo().join("corpus/catalogue/snapshot/services-2025-08-15.jsonl.gz")
}

/// The snapshot read once for the whole test binary.
fn real() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| read_files(&[snapshot()]).expect("read the snapshot"))
}

fn real_catalogue() -> Catalogue {
    Catalogue::new(real().services.clone())
}

#[test]
fn the_snapshot_imports_but_one_record() {
    assert_eq!(real().services.len(), 10_160);
    let problems: Vec<String> = real().problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [format!(
            "{}:8542: 서비스ID B55353000220: 온라인신청사이트URL \"ets2025@energy.or.kr\" is not a web address",
            snapshot().display()
        )]
    );
}

#[test]
fn the_committed_catalogue_is_the_snapshot_byte_for_byte() {
    let committed = repo().join("corpus/catalogue");
    assert_eq!(store::load(&committed).unwrap(), real_catalogue());
    let fresh = tempfile::tempdir().unwrap();
    store::save(fresh.path(), &real_catalogue()).unwrap();
    let shards = |dir: &std::path::Path| -> Vec<(std::ffi::OsString, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir.join(store::SERVICES_DIR))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(shards(fresh.path()), shards(&committed));
}

#[test]
fn reimporting_the_snapshot_rewrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let options = minwon::corpus::catalogue::Options::default();
    let first = minwon::corpus::catalogue::import(dir.path(), &[snapshot()], &options).unwrap();
    assert_eq!(first.changes.added.len(), 10_160);
    assert_eq!(first.saved.written.len(), 100);
    let shard = dir.path().join("services/90.json");
    let modified = std::fs::metadata(&shard).unwrap().modified().unwrap();
    let again = minwon::corpus::catalogue::import(dir.path(), &[snapshot()], &options).unwrap();
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    assert!(again.saved.written.is_empty() && again.saved.removed.is_empty());
    assert_eq!(again.saved.unchanged, 100);
    assert_eq!(
        std::fs::metadata(&shard).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn every_agency_of_the_snapshot_has_a_region_with_evidence() {
    let agencies = agencies(&real_catalogue());
    assert_eq!(agencies.len(), 700);
    let unclassified: Vec<String> = agencies
        .iter()
        .filter_map(|a| a.region.as_ref().err().map(ToString::to_string))
        .collect();
    assert!(unclassified.is_empty(), "{unclassified:#?}");
    let tabled = agencies
        .iter()
        .filter(|a| matches!(a.region, Ok(ref c) if matches!(c.evidence, Evidence::Table(_))))
        .count();
    assert_eq!(
        tabled, 19,
        "every table entry names an agency of the snapshot"
    );

    let counts = RegionCounts::of(&real_catalogue());
    let (mut provinces, mut districts) = (0, 0);
    for region in Region::all() {
        match region {
            Region::District(_) => districts += counts.own(&region),
            _ => provinces += counts.own(&region),
        }
    }
    let national = counts.own(&Region::National);
    assert_eq!((national, provinces, districts), (1511, 1866, 6783));
    assert_eq!(national + provinces + districts, 10_160);
    let jongno = Region::parse("서울특별시 종로구").unwrap();
    assert_eq!(counts.covered(Some(&jongno)), 1511 + 88 + 62);
}

#[test]
fn a_national_bodys_service_named_for_one_place_is_that_places() {
    let catalogue = real_catalogue();
    let placed: Vec<(String, String)> = catalogue
        .services()
        .iter()
        .filter_map(|service| {
            let found = region_of(service).ok()?;
            (found.evidence == Evidence::ServiceName)
                .then(|| (service.name().to_string(), found.region.name()))
        })
        .collect();
    let placed_as = |name: &str| {
        placed
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.as_str())
    };
    assert_eq!(
        placed_as("입소 이용서비스(김해보훈요양원)"),
        Some("경상남도 김해시")
    );
    assert_eq!(placed_as("의료 서비스(대구보훈병원)"), Some("대구광역시"));
    assert_eq!(
        placed_as("발전소주변지역 장학금 지원(보령발전본부)"),
        Some("충청남도 보령시")
    );
    // 광주 is 광주광역시 or 경기도 광주시: the phone (062-…) tells.
    assert_eq!(placed_as("의료 서비스(광주보훈병원)"), Some("광주광역시"));
    // Brackets that name no place leave a service national.
    assert_eq!(placed_as("무료 소송대리 서비스(의사상자)"), None);
    assert_eq!(placed.len(), 29, "{placed:#?}");
}

/// What may not start a bullet: the markers of the raw texts.
fn starts_with_marker(bullet: &str) -> bool {
    const MARKERS: &[char] = &[
        '○', '●', '◎', '❍', '□', '■', '◆', '▶', '☞', '※', '*', '＊', '-', '–', 'ㆍ', '·', '•', '∙',
        '◦', '→', ':',
    ];
    let numbered = |s: &str| {
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        (1..=2).contains(&digits)
            && s[digits..].starts_with([')', '.'])
            && s[digits + 1..].starts_with(' ')
    };
    // `① 신청서` is an item; `①번과 ②번 중 택 1` refers to items.
    let circled = bullet.starts_with(|c| ('①'..='⑳').contains(&c)) && bullet[3..].starts_with(' ');
    bullet.starts_with(MARKERS)
        || bullet.starts_with("ㅇ ")
        || bullet.starts_with("o ")
        || numbered(bullet)
        || circled
}

#[test]
fn every_service_reads_as_clean_sections() {
    let mut bullets = 0;
    for service in real().services.iter() {
        let sections = sections(service);
        for kind in [SectionKind::Who, SectionKind::What] {
            assert!(
                sections.iter().any(|s| s.kind == kind),
                "{} has no {kind:?}",
                service.id()
            );
        }
        for section in &sections {
            assert!(!section.bullets.is_empty());
            for bullet in &section.bullets {
                bullets += 1;
                let id = service.id();
                assert!(
                    !bullet.is_empty() && bullet.trim() == bullet,
                    "{id}: {bullet:?}"
                );
                assert!(!bullet.chars().any(char::is_control), "{id}: {bullet:?}");
                assert!(!starts_with_marker(bullet), "{id}: {bullet:?}");
                assert!(is_nfc(bullet), "{id}: {bullet:?}");
            }
        }
    }
    assert!(bullets > 150_000, "{bullets} bullets");
}
