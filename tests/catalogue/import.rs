//! `minwon import gov24` on small generated inputs: every kind of broken
//! record is reported with its place and skipped, the rest imports, a
//! re-import reports what changed, and nothing panics on garbage.

use std::io::Write;
use std::path::{Path, PathBuf};

use minwon::corpus::catalogue::read::read_files;
use minwon::corpus::catalogue::{import, Bars, ImportError, Options, Refusal};
use serde_json::{json, Value};

use crate::common::{minwon, stdout_lines};

/// A valid record in the snapshot's shape.
fn record(id: &str, name: &str) -> Value {
    json!({
        "서비스ID": id, "서비스명": name, "서비스목적요약": "요약", "서비스목적": null,
        "지원대상": "○ 누구나", "선정기준": null, "지원내용": "○ 무엇이든", "신청방법": "방문신청",
        "신청기한": "상시신청", "구비서류": "- 신분증", "접수기관명": null,
        "전화문의": "교육부/02-6222-6060", "소관기관명": "교육부", "부서명": "영유아재정과",
        "사용자구분": "개인", "서비스분야": "보육·교육",
        "상세조회URL": format!("https://www.gov.kr/portal/rcvfvrSvc/dtlEx/{id}"),
        "온라인신청사이트URL": null, "법령": null, "조회수": 1,
        "등록일시": "20201217142613", "수정일시": "20250805161216", "supportConditions": null
    })
}

fn jsonl(records: &[Value]) -> String {
    records.iter().map(|r| format!("{r}\n")).collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Runs `minwon import gov24` into a corpus folder; stdout lines and exit code.
fn run_import(corpus: &Path, files: &[&Path]) -> (Vec<String>, Option<i32>) {
    run_import_with(corpus, files, &[])
}

/// [`run_import`] with more arguments, e.g. `--max-skipped-share 1`.
fn run_import_with(corpus: &Path, files: &[&Path], more: &[&str]) -> (Vec<String>, Option<i32>) {
    let mut args = vec!["--corpus", corpus.to_str().unwrap(), "import", "gov24"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(more);
    let output = minwon(&args, b"");
    (stdout_lines(&output), output.status.code())
}

/// Options that let every record be skipped.
fn lenient() -> Options {
    Options {
        bars: Bars {
            max_skipped_share: 1.0,
            ..Bars::default()
        },
        ..Options::default()
    }
}

#[test]
fn broken_records_are_reported_in_place_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut wrong_type = record("000000000003", "셋");
    wrong_type["지원대상"] = json!(42);
    let mut bad_id = record("x", "넷");
    bad_id["서비스ID"] = json!("\u{1b}[31m0000");
    let mut control = record("000000000006", "제어\u{7}문자\u{1b}[2J");
    control["지원내용"] = json!("가".repeat(30_000));
    let lines = [
        record("000000000001", "하나").to_string(),
        record("000000000002", "둘").to_string()[..50].to_string(),
        "garbage {{{".to_string(),
        wrong_type.to_string(),
        String::new(),
        bad_id.to_string(),
        record("000000000001", "하나 again").to_string(),
        control.to_string(),
        "[1,2,3]".to_string(),
        format!("\"{}\"", "x".repeat(2 << 20)),
    ];
    let snapshot = write(dir.path(), "s.jsonl", lines.join("\n").as_bytes());
    let page = json!({"page": 2, "perPage": 3, "totalCount": 9, "currentCount": 2, "matchCount": 9,
        "data": [record("000000000007", "일곱"), {"서비스ID": "000000000008", "서비스명": ""}]});
    let page = write(dir.path(), "p.json.gz", &gzip(page.to_string().as_bytes()));
    let corpus = dir.path().join("corpus");
    let (out, code) = run_import(&corpus, &[&snapshot, &page]);
    assert_eq!(
        code,
        Some(4),
        "9 of 11 records skipped passes the bar: {out:?}"
    );
    assert!(!corpus.exists());
    let (out, code) = run_import_with(&corpus, &[&snapshot, &page], &["--max-skipped-share", "1"]);
    let s = snapshot.display();
    let p = page.display();
    assert_eq!(
        out,
        [
            format!("{s}:2: not valid JSON: EOF while parsing a string at line 1 column 50"),
            format!("{s}:3: not valid JSON: expected value at line 1 column 1"),
            format!("{s}:4: 서비스ID 000000000003: 지원대상 should be a string or null, not a number"),
            format!("{s}:6: 서비스ID \"\\u{{1b}}[31m0000\" is not an id like 000000465790 or B55353000220 (12 characters: up to 3 capital letters, then digits)"),
            format!("{s}:7: 서비스ID 000000000001: duplicate 서비스ID, first at {s}:1 (this one skipped)"),
            format!("{s}:8: 서비스ID 000000000006: 지원내용 is 30000 characters long (at most 20000)"),
            format!("{s}:9: the record is not a JSON object"),
            format!("{s}:10: a line of 2097154 bytes (at most 1048576)"),
            format!("{p}: page 2, record 2: 서비스ID 000000000008: 서비스명 is empty"),
            "added 000000000001 하나".to_string(),
            "added 000000000007 일곱".to_string(),
            format!("{}: 2 files written, 0 unchanged, 0 removed", corpus.join("catalogue/services").display()),
            "imported 2 services (2 added, 0 changed, 0 removed), 9 problems skipped".to_string(),
        ]
    );
    assert_eq!(code, Some(1));
}

#[test]
fn a_reimport_reports_added_changed_and_removed_services() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let before = [
        record("000000000001", "하나"),
        record("000000000002", "둘"),
        record("000000000003", "셋"),
    ];
    let first = write(dir.path(), "a.jsonl", jsonl(&before).as_bytes());
    assert_eq!(run_import(&corpus, &[&first]).1, Some(0));

    let mut changed = record("000000000002", "둘");
    changed["지원내용"] = json!("○ 더 많이");
    changed["수정일시"] = json!("20250901090000");
    changed["지원유형"] = json!("현금");
    let after = [
        record("000000000001", "하나"),
        changed,
        record("B00000000004", "넷"),
    ];
    let second = write(dir.path(), "b.jsonl", jsonl(&after).as_bytes());
    let catalogue = corpus.join("catalogue");
    let refused = import(
        &catalogue,
        std::slice::from_ref(&second),
        &Options::default(),
    );
    assert!(
        matches!(refused, Err(ImportError::Refused { ref refusals, .. })
            if refusals == &[Refusal::Removed { removed: 1, current: 3 }]),
        "{refused:?}"
    );
    let accepting = Options {
        bars: Bars {
            accept_removals: Some(1),
            ..Bars::default()
        },
        ..Options::default()
    };
    let report = import(&catalogue, &[second], &accepting).unwrap();
    let ids = |list: &[minwon::corpus::catalogue::Changed]| -> Vec<String> {
        list.iter().map(|c| c.id.to_string()).collect()
    };
    assert_eq!(ids(&report.changes.added), ["B00000000004"]);
    assert_eq!(ids(&report.changes.changed), ["000000000002"]);
    assert_eq!(
        report.changes.changed[0].fields,
        ["지원내용", "수정일시", "지원유형"]
    );
    assert_eq!(ids(&report.changes.removed), ["000000000003"]);
    assert_eq!(report.saved.written.len(), 2, "{:?}", report.saved);
    assert_eq!(report.saved.removed.len(), 1, "shard 03 is gone");
}

#[test]
fn nothing_importable_or_unreadable_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let bad = write(dir.path(), "bad.jsonl", b"{\"x\": 1}\nnot json\n");
    let (out, code) = run_import_with(&corpus, &[&bad], &["--max-skipped-share", "1"]);
    assert_eq!(code, Some(2));
    assert_eq!(out.len(), 2, "{out:?}");
    let (_, code) = run_import(&corpus, &[&dir.path().join("missing.jsonl")]);
    assert_eq!(code, Some(2));
    let array = write(dir.path(), "array.json", b"[1, 2]");
    assert!(matches!(
        import(&corpus.join("catalogue"), &[array], &lenient()),
        Err(ImportError::NothingImportable { .. })
    ));
    let empty = write(dir.path(), "empty.jsonl", b"\n\n");
    assert!(matches!(
        import(&corpus.join("catalogue"), &[empty], &Options::default()),
        Err(ImportError::NothingImportable { .. })
    ));
    assert!(!corpus.exists());
}

#[test]
fn a_clean_import_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "ok.jsonl",
        jsonl(&[record("000000000001", "하나")]).as_bytes(),
    );
    let (out, code) = run_import(&dir.path().join("corpus"), &[&file]);
    assert_eq!(code, Some(0), "{out:?}");
    assert_eq!(
        out.last().unwrap(),
        "imported 1 services (1 added, 0 changed, 0 removed), 0 problems skipped"
    );
}

/// A small deterministic generator (xorshift) for fuzzing.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn truncated_and_garbage_input_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x5eed);
    let good = record("000000000001", "하나\r\n○ 둘 - 셋").to_string();
    let pieces = [
        "{",
        "}",
        "[",
        "\"",
        "\\",
        "\\u",
        "\u{1b}[",
        "○",
        "null",
        ",",
        ":",
        "\"서비스ID\"",
        "\n",
        "\u{0}",
    ];
    let mut text = String::new();
    for _ in 0..2000 {
        match rng.below(3) {
            0 => {
                let mut cut = rng.below(good.len());
                while !good.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.push_str(&good[..cut]);
            }
            1 => (0..rng.below(20)).for_each(|_| text.push_str(pieces[rng.below(pieces.len())])),
            _ => text.extend((0..rng.below(40)).map(|_| char::from(rng.below(256) as u8))),
        }
        text.push('\n');
    }
    let file = write(dir.path(), "fuzz.jsonl", text.as_bytes());
    let raw: Vec<u8> = (0..5000).map(|_| rng.below(256) as u8).collect();
    let binary = write(dir.path(), "fuzz.bin", &raw);
    let truncated_gzip = write(dir.path(), "t.gz", &gzip(good.as_bytes())[..20]);
    let inputs = read_files(&[file, binary]).unwrap();
    assert!(inputs.problems.len() > 500);
    assert!(
        read_files(&[truncated_gzip]).is_err(),
        "a broken gzip stream cannot be read"
    );
}
