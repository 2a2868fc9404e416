//! Build once, run on many kiosks: a bundle packed from the real index
//! installs on a fresh kiosk folder, and damaged or foreign bundles are
//! refused without touching the kiosk's index.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{minwon, stdout_lines};
use crate::retrieve::{corpus_copy, shared_index};

fn run(args: &[&str]) -> (String, String, Option<i32>) {
    let output = minwon(args, b"");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

/// Packs the shared index into `minwon.bundle` in `work`.
fn pack(work: &Path) -> PathBuf {
    let path = work.join("minwon.bundle");
    let (stdout, stderr, code) = run(&[
        "--index",
        shared_index().to_str().unwrap(),
        "bundle",
        "pack",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("packed "), "{stdout}");
    path
}

#[test]
fn a_bundle_installs_on_a_fresh_kiosk_and_answers_there() {
    let work = tempfile::tempdir().unwrap();
    let path = pack(work.path());
    let file = path.to_str().unwrap();

    let kiosk = work.path().join("kiosk-index");
    let kiosk = kiosk.to_str().unwrap();
    let (stdout, stderr, code) = run(&["--index", kiosk, "bundle", "install", file]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("installed "), "{stdout}");
    let output = minwon(
        &[
            "--index",
            kiosk,
            "ask",
            "--json",
            "--no-rebuild",
            "여권 재발급",
        ],
        b"",
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout_lines(&output)[0].contains("passport-issue"));
}

#[test]
fn damaged_or_foreign_bundles_are_refused_and_change_nothing() {
    let work = tempfile::tempdir().unwrap();
    let path = pack(work.path());
    let file = path.to_str().unwrap();
    let kiosk = work.path().join("kiosk-index");
    let kiosk_arg = kiosk.to_str().unwrap();

    let mut bytes = fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    let damaged = work.path().join("damaged.bundle");
    fs::write(&damaged, &bytes).unwrap();
    let (_, stderr, code) = run(&[
        "--index",
        kiosk_arg,
        "bundle",
        "install",
        damaged.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("not a minwon bundle (checksum mismatch"),
        "{stderr}"
    );
    assert!(!kiosk.join("CURRENT").exists());

    let truncated = work.path().join("truncated.bundle");
    fs::write(&truncated, &fs::read(&path).unwrap()[..1000]).unwrap();
    let (_, stderr, code) = run(&[
        "--index",
        kiosk_arg,
        "bundle",
        "install",
        truncated.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not a minwon bundle"), "{stderr}");

    // A kiosk whose corpus differs (one entry edited) refuses the bundle.
    let corpus = corpus_copy();
    let entry = corpus.path().join("services/passport-issue.md");
    let text = fs::read_to_string(&entry).unwrap();
    fs::write(&entry, text.replace("## What to do", "## What to do\n")).unwrap();
    let (_, stderr, code) = run(&[
        "--corpus",
        corpus.path().to_str().unwrap(),
        "--index",
        kiosk_arg,
        "bundle",
        "install",
        file,
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "built for another corpus: the corpus changed (1 edited, 0 added, 0 removed)"
        ),
        "{stderr}"
    );
    assert!(!kiosk.join("CURRENT").exists());
}
