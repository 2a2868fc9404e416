//! The repository stands alone: a user's clone has nothing beside it, so no
//! tracked file may read data from outside the checkout or name a path of
//! one particular machine.

use std::process::Command;

use crate::common::repo;

/// Paths that would only exist beside this checkout or on one machine.
const OUTSIDE: [&str; 3] = ["../shared", "/work/", "/root/"];

#[test]
fn no_tracked_file_reaches_outside_the_repository() {
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(repo())
        .output()
        .expect("git ls-files");
    assert!(listed.status.success(), "git ls-files failed");
    let mut found = Vec::new();
    for path in listed.stdout.split(|&b| b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).into_owned();
        // This file names the patterns; the snapshot's own README tells where
        // the data came from, not where to read it.
        // The imported catalogue is official text (web addresses), not paths.
        if path == "tests/standalone.rs"
            || path.ends_with(".gz")
            || path.starts_with("corpus/catalogue/services/")
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(repo().join(&path)) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if OUTSIDE.iter().any(|p| line.contains(p)) {
                found.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "outside paths:\n{}", found.join("\n"));
}

#[test]
fn the_data_the_tests_use_is_committed_with_its_licence() {
    for (data, readme, licence) in [
        (
            "corpus/catalogue/snapshot/services-2025-08-15.jsonl.gz",
            "corpus/catalogue/snapshot/README.md",
            "이용허락범위 제한 없음",
        ),
        (
            "corpus/eval/clinc150/calibration.jsonl",
            "corpus/eval/clinc150/README.md",
            "CC BY 3.0",
        ),
    ] {
        assert!(repo().join(data).is_file(), "{data} is missing");
        let readme = std::fs::read_to_string(repo().join(readme)).unwrap();
        assert!(readme.contains(licence), "{data}: no licence in its README");
    }
}
