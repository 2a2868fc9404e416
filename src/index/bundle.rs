//! Build once, run on many kiosks: a built index packed into one signed,
//! checksummed file, and installed on a kiosk only after its signature (by
//! a key the kiosk pins), every byte, its list of files and its vectors are
//! verified and the bundle is shown to fit the kiosk's own model and corpus.
//!
//! Layout (format 2): the line `minwon-bundle 2`, one line of JSON (the
//! manifest and each file's name, size and SHA-256), the files' bytes in
//! that order, a newline, the line `sha256 <hex>` over everything before
//! it, and a last line `signed ed25519:<public key> <signature>`: the
//! maintainer's ed25519 signature of everything before that line (base64).
//! Format 1 (unsigned) bundles are refused.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::manifest::{self, Manifest};
use super::signature::{KeyError, PublicKey, SecretKey};
use super::store::{self, io_error, write_atomic, write_synced};
use super::{build, lock};
use super::{Fingerprint, IndexError};

const MAGIC: &str = "minwon-bundle 2\n";
const OLD_MAGIC: &str = "minwon-bundle 1\n";
const SIGNED: &str = "signed ";

#[derive(Serialize, Deserialize)]
struct Header {
    manifest: Manifest,
    files: Vec<PackedFile>,
}

#[derive(Serialize, Deserialize)]
struct PackedFile {
    name: String,
    size: u64,
    sha256: String,
}

/// Why a bundle was refused.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{}: not a minwon bundle ({problem})", path.display())]
    Damaged { path: PathBuf, problem: String },
    #[error("{}: built for another {what}: {reason}", path.display())]
    Foreign {
        path: PathBuf,
        what: &'static str,
        reason: String,
    },
    #[error("{}: unsigned bundle ({reason}); a kiosk installs only bundles signed with a key in its bundle.trusted_keys", path.display())]
    Unsigned { path: PathBuf, reason: String },
    #[error("{}: signed by {key}, which this kiosk does not trust (bundle.trusted_keys)", path.display())]
    Untrusted { path: PathBuf, key: String },
    #[error("{}: the signature does not match the bundle: it was changed after it was signed", path.display())]
    BadSignature { path: PathBuf },
    #[error("this kiosk trusts no bundle key: set bundle.trusted_keys in its config to the maintainer's public key (`minwon bundle keygen` prints it)")]
    NoTrustedKeys,
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// What a pack or an install did, for its summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    pub entries: usize,
    pub vectors: usize,
    pub bytes: u64,
    /// The bundle's own SHA-256 (its last line).
    pub sha256: String,
}

/// Packs the live index of `dir` into `out` (written atomically), signed
/// with `key`. The index must be the one `fingerprint` (this corpus and
/// model) asks for.
pub fn pack(
    dir: &Path,
    fingerprint: &Fingerprint,
    out: &Path,
    key: &SecretKey,
) -> Result<Packed, BundleError> {
    let live = super::live(dir);
    let (version, manifest) = live.found?;
    if let Some(reason) = manifest::staleness(&manifest, fingerprint) {
        return Err(IndexError::Stale {
            dir: dir.to_path_buf(),
            reason,
        }
        .into());
    }
    let mut files = Vec::new();
    let mut contents = Vec::new();
    for (name, sha256) in &manifest.files {
        let path = version.join(name);
        let bytes = std::fs::read(&path).map_err(io_error(&path))?;
        if manifest::sha256_hex(&bytes) != *sha256 {
            return Err(IndexError::Corrupt {
                file: path,
                problem: "checksum mismatch (damaged or foreign file)".into(),
            }
            .into());
        }
        files.push(PackedFile {
            name: name.clone(),
            size: bytes.len() as u64,
            sha256: sha256.clone(),
        });
        contents.push(bytes);
    }
    let header = Header {
        manifest: manifest.clone(),
        files,
    };
    let mut bundle = MAGIC.as_bytes().to_vec();
    serde_json::to_writer(&mut bundle, &header).expect("a bundle header serialises");
    bundle.push(b'\n');
    for bytes in &contents {
        bundle.extend_from_slice(bytes);
    }
    // The files end anywhere; the checksum line starts on a line of its own.
    bundle.push(b'\n');
    let digest = manifest::sha256_hex(&bundle);
    writeln!(bundle, "sha256 {digest}").expect("writing to memory");
    let signature = key.sign(&bundle);
    writeln!(bundle, "{SIGNED}{} {signature}", key.public()).expect("writing to memory");
    write_atomic(out, &bundle)?;
    Ok(Packed {
        entries: manifest.entries.len(),
        vectors: manifest.vectors,
        bytes: bundle.len() as u64,
        sha256: digest,
    })
}

/// Installs the bundle at `path` as the live index of `dir`, after checking
/// that a key in `trusted` signed it, its checksums, its list of files, its
/// vectors, and that it was built with this kiosk's model and from this
/// kiosk's corpus (`fingerprint`). Nothing changes unless all of it holds.
pub fn install(
    path: &Path,
    dir: &Path,
    fingerprint: &Fingerprint,
    trusted: &[PublicKey],
) -> Result<Packed, BundleError> {
    let damaged = |problem: &str| BundleError::Damaged {
        path: path.to_path_buf(),
        problem: problem.to_string(),
    };
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    let signed = verify_origin(path, &bytes, trusted)?;
    let (body, trailer) = split_trailer(signed).ok_or_else(|| damaged("no checksum line"))?;
    if manifest::sha256_hex(body) != trailer {
        return Err(damaged("checksum mismatch: damaged or incomplete"));
    }
    let rest = body
        .strip_prefix(MAGIC.as_bytes())
        .ok_or_else(|| damaged("wrong first line"))?;
    let end = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| damaged("no header"))?;
    let header: Header =
        serde_json::from_slice(&rest[..end]).map_err(|err| damaged(&err.to_string()))?;
    let manifest = &header.manifest;
    check_fit(path, manifest, fingerprint)?;
    check_file_list(&header).map_err(|problem| damaged(&problem))?;

    // Every file's bytes, checked, before anything on disk is touched.
    let mut at = end + 1;
    let mut contents = Vec::new();
    for file in &header.files {
        let size = usize::try_from(file.size).map_err(|_| damaged("file too large"))?;
        let bytes = at
            .checked_add(size)
            .and_then(|stop| rest.get(at..stop))
            .ok_or_else(|| damaged("shorter than its header says"))?;
        let crc = manifest.crc32.get(&file.name).copied();
        if manifest::sha256_hex(bytes) != file.sha256 || crc != Some(crc32fast::hash(bytes)) {
            return Err(damaged(&format!("{}: checksum mismatch", file.name)));
        }
        if file.name == "vectors.bin" {
            check_vectors(bytes, manifest.dimension).map_err(|problem| damaged(&problem))?;
        }
        contents.push((file.name.as_str(), bytes));
        at += size;
    }
    if rest.get(at..) != Some(b"\n") {
        return Err(damaged("files and header disagree"));
    }

    let writer = lock::try_write(dir)?;
    lock::remove_unused(dir, &build::live_name(dir), &writer);
    let staging = dir.join(format!(".build-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(io_error(&staging))?;
    for (name, bytes) in contents {
        write_synced(&staging.join(name), bytes)?;
    }
    let manifest_json = serde_json::to_vec_pretty(manifest).expect("a manifest serialises");
    write_synced(&staging.join("manifest.json"), &manifest_json)?;
    let version = format!("v-{}", store::unique_suffix());
    std::fs::rename(&staging, dir.join(&version)).map_err(io_error(&staging))?;
    write_atomic(&dir.join("CURRENT"), version.as_bytes())?;
    lock::remove_unused(dir, &version, &writer);
    Ok(Packed {
        entries: manifest.entries.len(),
        vectors: manifest.vectors,
        bytes: bytes.len() as u64,
        sha256: trailer,
    })
}

/// The signed part of a bundle, once its last line shows that a trusted
/// key signed exactly that part.
fn verify_origin<'a>(
    path: &Path,
    bytes: &'a [u8],
    trusted: &[PublicKey],
) -> Result<&'a [u8], BundleError> {
    if bytes.starts_with(OLD_MAGIC.as_bytes()) {
        return Err(BundleError::Unsigned {
            path: path.to_path_buf(),
            reason: "format 1, made by an older minwon".into(),
        });
    }
    if trusted.is_empty() {
        return Err(BundleError::NoTrustedKeys);
    }
    let unsigned = |reason: &str| BundleError::Unsigned {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let without_newline = bytes
        .strip_suffix(b"\n")
        .ok_or_else(|| unsigned("no signature line"))?;
    let start = without_newline
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    let line = std::str::from_utf8(&without_newline[start..])
        .ok()
        .and_then(|line| line.strip_prefix(SIGNED))
        .ok_or_else(|| unsigned("no signature line"))?;
    let (key, signature) = line
        .split_once(' ')
        .ok_or_else(|| unsigned("no signature on its signature line"))?;
    let key = PublicKey::parse(key).map_err(|_| unsigned("no key on its signature line"))?;
    if !trusted.contains(&key) {
        return Err(BundleError::Untrusted {
            path: path.to_path_buf(),
            key: key.to_string(),
        });
    }
    let signed = &bytes[..start];
    if !key.verifies(signed, signature) {
        return Err(BundleError::BadSignature {
            path: path.to_path_buf(),
        });
    }
    Ok(signed)
}

/// The bundle was made by this format of minwon, for this model and corpus.
fn check_fit(
    path: &Path,
    manifest: &Manifest,
    fingerprint: &Fingerprint,
) -> Result<(), BundleError> {
    if manifest.format != manifest::FORMAT {
        return Err(BundleError::Foreign {
            path: path.to_path_buf(),
            what: "version of minwon",
            reason: format!(
                "index format {} (this minwon reads {})",
                manifest.format,
                manifest::FORMAT
            ),
        });
    }
    if let Some(reason) = manifest::staleness(manifest, fingerprint) {
        let what = if reason.starts_with("the corpus") {
            "corpus"
        } else {
            "model"
        };
        return Err(BundleError::Foreign {
            path: path.to_path_buf(),
            what,
            reason,
        });
    }
    Ok(())
}

/// The header lists exactly the manifest's files, each once, under plain
/// names, with the manifest's checksums.
fn check_file_list(header: &Header) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for file in &header.files {
        if file.name.contains(['/', '\\']) || file.name.starts_with('.') || file.name.is_empty() {
            return Err(format!("{}: not a file name", file.name));
        }
        if !seen.insert(file.name.as_str()) {
            return Err(format!("{} is listed twice", file.name));
        }
        match header.manifest.files.get(&file.name) {
            None => return Err(format!("{} is not in its manifest", file.name)),
            Some(sha256) if *sha256 != file.sha256 => {
                return Err(format!("{}: checksum differs from its manifest", file.name))
            }
            Some(_) => {}
        }
    }
    if let Some(missing) = header
        .manifest
        .files
        .keys()
        .find(|name| !seen.contains(name.as_str()))
    {
        return Err(format!("{missing} is missing"));
    }
    Ok(())
}

/// The packed vectors are embeddings: finite, of unit length.
fn check_vectors(bytes: &[u8], dimension: usize) -> Result<(), String> {
    if dimension == 0 || !bytes.len().is_multiple_of(4 * dimension) {
        return Err("vectors.bin: not a whole number of vectors".into());
    }
    let floats: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().expect("chunks of 4")))
        .collect();
    match super::first_bad_vector(&floats, dimension) {
        Some(bad) => Err(format!(
            "vectors.bin: vector {bad} is not finite or not of unit length"
        )),
        None => Ok(()),
    }
}

/// The bundle's body and the hex digest of its last line.
fn split_trailer(bytes: &[u8]) -> Option<(&[u8], String)> {
    let without_newline = bytes.strip_suffix(b"\n")?;
    let start = without_newline.iter().rposition(|&b| b == b'\n')? + 1;
    let line = std::str::from_utf8(&without_newline[start..]).ok()?;
    let digest = line.strip_prefix("sha256 ")?;
    Some((&bytes[..start], digest.to_string()))
}
