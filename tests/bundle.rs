//! Build once, run on many kiosks: a bundle packed from the real index and
//! signed by the maintainer installs on a fresh kiosk that pins the
//! maintainer's key; damaged, unsigned, foreign-signed, resealed or
//! malformed bundles are refused without touching the kiosk's index.

use std::fs;
use std::path::{Path, PathBuf};

use minwon::index::signature::SecretKey;

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

/// A maintainer's key made with `minwon bundle keygen`, and a kiosk config
/// that trusts it.
struct Maintainer {
    key: PathBuf,
    kiosk_config: PathBuf,
}

fn maintainer(work: &Path) -> Maintainer {
    let key = work.join("maintainer.key");
    let (stdout, stderr, code) = run(&["bundle", "keygen", key.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let table = stdout
        .split_once("[bundle]")
        .map(|(_, table)| format!("[bundle]{table}"))
        .expect("keygen prints the config table");
    let kiosk_config = work.join("kiosk.toml");
    fs::write(&kiosk_config, table).unwrap();
    Maintainer { key, kiosk_config }
}

/// Packs the shared index into `name` in `work`, signed with `key`.
fn pack(work: &Path, key: &Path, name: &str) -> PathBuf {
    let path = work.join(name);
    let (stdout, stderr, code) = run(&[
        "--index",
        shared_index().to_str().unwrap(),
        "bundle",
        "pack",
        path.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("packed "), "{stdout}");
    path
}

/// Installs `bundle` into `kiosk` with `config`: (stderr, exit code).
fn install(config: &Path, kiosk: &Path, bundle: &Path) -> (String, Option<i32>) {
    let (_, stderr, code) = run(&[
        "--config",
        config.to_str().unwrap(),
        "--index",
        kiosk.to_str().unwrap(),
        "bundle",
        "install",
        bundle.to_str().unwrap(),
    ]);
    (stderr, code)
}

#[test]
fn a_bundle_installs_on_a_fresh_kiosk_and_answers_there() {
    let work = tempfile::tempdir().unwrap();
    let maintainer = maintainer(work.path());
    let path = pack(work.path(), &maintainer.key, "minwon.bundle");

    let kiosk = work.path().join("kiosk-index");
    let (stderr, code) = install(&maintainer.kiosk_config, &kiosk, &path);
    assert_eq!(code, Some(0), "{stderr}");
    let output = minwon(
        &[
            "--index",
            kiosk.to_str().unwrap(),
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

/// Replaces the bundle's last two lines (checksum and signature) with a
/// fresh checksum of `body` and a signature by `key`.
fn reseal(body: &[u8], key: &SecretKey) -> Vec<u8> {
    let mut bundle = body.to_vec();
    let digest = minwon::index::manifest::sha256_hex(&bundle);
    bundle.extend_from_slice(format!("sha256 {digest}\n").as_bytes());
    let signature = key.sign(&bundle);
    bundle.extend_from_slice(format!("signed {} {signature}\n", key.public()).as_bytes());
    bundle
}

/// The bundle without its checksum and signature lines.
fn body(bundle: &[u8]) -> &[u8] {
    let mut end = bundle.len();
    for _ in 0..2 {
        end = bundle[..end - 1].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    }
    &bundle[..end]
}

#[test]
fn damaged_unsigned_untrusted_or_resealed_bundles_are_refused_and_change_nothing() {
    let work = tempfile::tempdir().unwrap();
    let maintainer = maintainer(work.path());
    let path = pack(work.path(), &maintainer.key, "minwon.bundle");
    let good = fs::read(&path).unwrap();
    let kiosk = work.path().join("kiosk-index");
    let refused = |name: &str, bytes: &[u8], config: &Path, expected: &str| {
        let bundle = work.path().join(name);
        fs::write(&bundle, bytes).unwrap();
        let (stderr, code) = install(config, &kiosk, &bundle);
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(!kiosk.join("CURRENT").exists(), "{name} changed the kiosk");
    };
    let trusted = &maintainer.kiosk_config;

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    refused("flipped", &flipped, trusted, "changed after it was signed");
    refused("truncated", &good[..1000], trusted, "unsigned bundle");

    // An edited bundle with a fresh checksum, re-signed by someone else.
    let attacker = SecretKey::generate().unwrap();
    let mut edited = body(&good).to_vec();
    let middle = edited.len() / 2;
    edited[middle] ^= 0x01;
    refused(
        "resealed",
        &reseal(&edited, &attacker),
        trusted,
        "does not trust",
    );
    // The same with the checksum fixed but the maintainer's old signature.
    let mut old_signature = reseal(&edited, &attacker);
    let cut = old_signature[..old_signature.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    old_signature.truncate(cut);
    let last_line = &good[good[..good.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1..];
    old_signature.extend_from_slice(last_line);
    refused(
        "resigned",
        &old_signature,
        trusted,
        "changed after it was signed",
    );

    // Format 1 (no signature), and a kiosk that pins no key.
    let mut unsigned = body(&good).to_vec();
    unsigned.splice(
        0.."minwon-bundle 2".len(),
        b"minwon-bundle 1".iter().copied(),
    );
    refused("format1", &unsigned, trusted, "unsigned bundle");
    let no_keys = work.path().join("no-keys.toml");
    fs::write(&no_keys, "").unwrap();
    refused("no-keys", &good, &no_keys, "trusts no bundle key");

    // A kiosk whose corpus differs (one entry edited) refuses the bundle.
    let corpus = corpus_copy();
    let entry = corpus.path().join("services/passport-issue.md");
    let text = fs::read_to_string(&entry).unwrap();
    fs::write(&entry, text.replace("## What to do", "## What to do\n")).unwrap();
    let (_, stderr, code) = run(&[
        "--config",
        trusted.to_str().unwrap(),
        "--corpus",
        corpus.path().to_str().unwrap(),
        "--index",
        kiosk.to_str().unwrap(),
        "bundle",
        "install",
        path.to_str().unwrap(),
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

/// The header line of a bundle body, parsed, and where the files start.
fn header(body: &[u8]) -> (serde_json::Value, usize) {
    let start = body.iter().position(|&b| b == b'\n').unwrap() + 1;
    let end = start + body[start..].iter().position(|&b| b == b'\n').unwrap();
    (serde_json::from_slice(&body[start..end]).unwrap(), end + 1)
}

#[test]
fn a_signed_bundle_with_a_wrong_file_list_or_bad_vectors_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let maintainer = maintainer(work.path());
    let key = SecretKey::read(&maintainer.key).unwrap();
    let good = fs::read(pack(work.path(), &maintainer.key, "minwon.bundle")).unwrap();
    let body = body(&good);
    let (header_json, files_at) = header(body);
    let kiosk = work.path().join("kiosk-index");
    let refused = |name: &str, bytes: Vec<u8>, expected: &str| {
        let bundle = work.path().join(name);
        fs::write(&bundle, reseal(&bytes, &key)).unwrap();
        let (stderr, code) = install(&maintainer.kiosk_config, &kiosk, &bundle);
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(!kiosk.join("CURRENT").exists(), "{name} changed the kiosk");
    };

    // The files as packed: (name, bytes).
    let mut at = files_at;
    let files: Vec<(String, Vec<u8>)> = header_json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let size = f["size"].as_u64().unwrap() as usize;
            let bytes = body[at..at + size].to_vec();
            at += size;
            (f["name"].as_str().unwrap().to_string(), bytes)
        })
        .collect();
    let assemble = |listed: &[usize], files: &[(String, Vec<u8>)]| -> Vec<u8> {
        let mut header = header_json.clone();
        header["files"] = listed
            .iter()
            .map(|&i| header_json["files"][i].clone())
            .collect::<Vec<_>>()
            .into();
        let mut out = b"minwon-bundle 2\n".to_vec();
        out.extend_from_slice(&serde_json::to_vec(&header).unwrap());
        out.push(b'\n');
        for &i in listed {
            out.extend_from_slice(&files[i].1);
        }
        out.push(b'\n');
        out
    };
    let position = |name: &str| files.iter().position(|(n, _)| n == name).unwrap();
    let (vectors_json, lexical) = (position("vectors.json"), position("lexical.bin"));
    let twice: Vec<usize> = (0..files.len())
        .map(|i| if i == lexical { vectors_json } else { i })
        .collect();
    refused(
        "twice",
        assemble(&twice, &files),
        "vectors.json is listed twice",
    );
    let missing: Vec<usize> = (0..files.len()).filter(|&i| i != lexical).collect();
    refused(
        "missing",
        assemble(&missing, &files),
        "lexical.bin is missing",
    );

    // Vectors that are not unit vectors, with checksums made to match.
    let vectors = position("vectors.bin");
    let mut poisoned = files.clone();
    poisoned[vectors].1[..4].copy_from_slice(&f32::NAN.to_le_bytes());
    let sha = minwon::index::manifest::sha256_hex(&poisoned[vectors].1);
    let mut header = header_json.clone();
    header["files"][vectors]["sha256"] = sha.clone().into();
    header["manifest"]["files"]["vectors.bin"] = sha.into();
    header["manifest"]["crc32"]["vectors.bin"] = crc32fast::hash(&poisoned[vectors].1).into();
    let mut bytes = b"minwon-bundle 2\n".to_vec();
    bytes.extend_from_slice(&serde_json::to_vec(&header).unwrap());
    bytes.push(b'\n');
    for (_, file) in &poisoned {
        bytes.extend_from_slice(file);
    }
    bytes.push(b'\n');
    refused("nan", bytes, "not finite or not of unit length");
}
