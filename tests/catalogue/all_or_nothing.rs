//! Imports are all or nothing: what would skip or remove too much is
//! refused with exit 4 and changes nothing, the official snapshot imports
//! with exit 1 and its one bad record named, an import killed part-way
//! leaves a catalogue that loads, and inputs past the limits stop early.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use minwon::corpus::catalogue::replace::{self, STAGING_PREFIX};
use minwon::corpus::catalogue::{self, Catalogue, Options, Service};
use serde_json::json;

use crate::common::minwon;

/// The official snapshot's lines, unpacked once.
fn snapshot_lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        let file = std::fs::File::open(super::snapshot()).unwrap();
        std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file))
            .lines()
            .map(Result::unwrap)
            .collect()
    })
}

/// A corpus folder whose catalogue is the whole snapshot.
fn corpus_with_snapshot() -> tempfile::TempDir {
    let corpus = tempfile::tempdir().unwrap();
    let dir = catalogue::dir(corpus.path());
    catalogue::import(&dir, &[super::snapshot()], &Options::default()).unwrap();
    corpus
}

/// Every file under the catalogue folder with its bytes.
fn files(corpus: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![corpus.join("catalogue")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn gzip_file(path: &Path, lines: impl Iterator<Item = String>) {
    let file = std::fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    for line in lines {
        writeln!(gz, "{line}").unwrap();
    }
    gz.finish().unwrap();
}

fn import(corpus: &Path, file: &Path) -> Output {
    let args = [
        "--corpus",
        corpus.to_str().unwrap(),
        "import",
        "gov24",
        file.to_str().unwrap(),
    ];
    minwon(&args, b"")
}

#[test]
fn five_good_lines_would_remove_nearly_everything_and_are_refused() {
    let corpus = corpus_with_snapshot();
    let before = files(corpus.path());
    let five = corpus.path().join("five.jsonl");
    std::fs::write(&five, snapshot_lines()[..5].join("\n")).unwrap();
    let output = import(corpus.path(), &five);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "minwon: would remove 10,155 of 10,160 services: refused; if this is right, run again with --accept-removals 10155\n\
             minwon: nothing changed in {}\n",
            corpus.path().join("catalogue").display()
        )
    );
    assert!(output.stdout.is_empty());
    assert_eq!(files(corpus.path()), before, "nothing changed");
}

#[test]
fn a_renamed_id_field_is_refused() {
    let corpus = corpus_with_snapshot();
    let before = files(corpus.path());
    let drift = corpus.path().join("drift.jsonl.gz");
    let renamed = snapshot_lines()
        .iter()
        .map(|l| l.replacen("\"서비스ID\"", "\"serviceId\"", 1));
    gzip_file(&drift, renamed);
    let output = import(corpus.path(), &drift);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "minwon: would skip 10,161 of 10,161 records (100 %, more than 5 %): refused; if this is right, run again with --max-skipped-share 1",
            "minwon: would remove 10,160 of 10,160 services: refused; if this is right, run again with --accept-removals 10160",
        ]
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.lines().count(),
        10_161,
        "each skipped record is named"
    );
    assert!(stdout.lines().all(|l| l.contains(": 서비스ID is missing")));
    assert_eq!(files(corpus.path()), before, "nothing changed");
}

#[test]
fn the_official_snapshot_imports_with_its_one_bad_record_named() {
    let corpus = tempfile::tempdir().unwrap();
    let output = import(corpus.path(), &super::snapshot());
    assert_eq!(output.status.code(), Some(1));
    let stdout = crate::common::stdout_lines(&output);
    assert_eq!(
        stdout[0],
        format!(
            "{}:8542: 서비스ID B55353000220: 온라인신청사이트URL \"ets2025@energy.or.kr\" is not a web address",
            super::snapshot().display()
        )
    );
    assert_eq!(
        stdout.last().unwrap(),
        "imported 10160 services (10160 added, 0 changed, 0 removed), 1 problem skipped"
    );
    let stamp = std::fs::read_to_string(corpus.path().join("catalogue/IMPORTED")).unwrap();
    assert!(
        stamp.contains("source = \"files services-2025-08-15.jsonl.gz\""),
        "{stamp}"
    );
    assert!(stamp.contains("newest_change = \"2025-08-14\""), "{stamp}");
}

fn small(ids: &[&str]) -> Catalogue {
    let service = |id: &&str| Service::from_json(json!({"서비스ID": id, "서비스명": id})).unwrap();
    Catalogue::new(ids.iter().map(service).collect())
}

#[test]
fn an_import_killed_between_staging_and_swap_leaves_a_loadable_catalogue() {
    let corpus = tempfile::tempdir().unwrap();
    let dir = corpus.path().join("catalogue");
    let old = small(&["000000000001", "000000000002"]);
    replace::save(&dir, &old).unwrap();
    // Staged and synced, then killed before the swap.
    let lock = replace::lock(&dir).unwrap();
    std::mem::forget(lock.stage(&small(&["000000000003"])).unwrap());
    drop(lock);
    assert_eq!(Catalogue::load(corpus.path()).unwrap(), old);
    // Killed between the two renames: `services/` set aside, not replaced.
    std::fs::rename(dir.join("services"), dir.join(".services-old-1")).unwrap();
    assert_eq!(Catalogue::load(corpus.path()).unwrap(), old);

    let next = corpus.path().join("next.jsonl");
    let ids = ["000000000001", "000000000002", "000000000004"];
    let lines: Vec<String> = ids
        .iter()
        .map(|id| json!({"서비스ID": id, "서비스명": id}).to_string())
        .collect();
    std::fs::write(&next, lines.join("\n")).unwrap();
    let output = import(corpus.path(), &next);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let staging = dir.join(format!("{STAGING_PREFIX}{}", std::process::id()));
    assert_eq!(
        stderr,
        format!(
            "minwon: an earlier import was killed while swapping: restored the catalogue from {}\n\
             minwon: removed {}, left by an earlier import that was killed\n",
            dir.join(".services-old-1").display(),
            staging.display()
        )
    );
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    // The import wrote the compact form of what it swapped in.
    assert_eq!(left, ["IMPORTED", "services", "services.bin"]);
    assert_eq!(Catalogue::load(corpus.path()).unwrap(), small(&ids));
}

/// Runs `minwon` with its address space limited to `kib` KiB.
fn minwon_limited(kib: u64, args: &[&str]) -> Output {
    let script = format!("ulimit -v {kib} && exec \"$0\" \"$@\"");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_minwon"))
        .args(args)
        .current_dir(crate::common::repo())
        .env_remove("MINWON_HOME")
        .env_remove("MINWON_CONFIG")
        .output()
        .unwrap()
}

#[test]
fn a_gzip_bomb_of_one_character_lines_stops_early_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.jsonl.gz");
    let file = std::fs::File::create(&bomb).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    let chunk = "x\n".repeat(1 << 20);
    for _ in 0..40 {
        gz.write_all(chunk.as_bytes()).unwrap();
    }
    gz.finish().unwrap();
    let size = std::fs::metadata(&bomb).unwrap().len();
    assert!(size < 100_000, "{size} bytes packed, 80 MiB unpacked");
    let corpus = dir.path().join("corpus");
    // 1 GiB of address space; reading every line used to take 7 GB.
    let output = minwon_limited(
        1 << 20,
        &[
            "--corpus",
            corpus.to_str().unwrap(),
            "import",
            "gov24",
            bomb.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "minwon: importing into {}: {}: more than 100000 records (the live catalogue holds about 11,000): not a catalogue snapshot\n",
            corpus.join("catalogue").display(),
            bomb.display()
        )
    );
    assert!(output.stdout.is_empty());
    assert!(!corpus.exists());
}
