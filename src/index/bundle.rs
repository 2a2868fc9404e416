//! Build once, run on many kiosks: a built index packed into one checksummed
//! file, and installed on a kiosk only after every byte is verified and the
//! bundle is shown to fit the kiosk's own model and corpus.
//!
//! Layout: the line `minwon-bundle 1`, one line of JSON (the manifest and
//! each file's name, size and SHA-256), the files' bytes in that order, a
//! newline, and a last line `sha256 <hex>` over everything before it.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::manifest::{self, Manifest};
use super::store::{self, io_error, write_atomic, write_synced};
use super::{Fingerprint, IndexError};

const MAGIC: &str = "minwon-bundle 1\n";

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

/// Packs the live index of `dir` into `out` (written atomically). The index
/// must be the one `fingerprint` (this corpus and model) asks for.
pub fn pack(dir: &Path, fingerprint: &Fingerprint, out: &Path) -> Result<Packed, BundleError> {
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
    write_atomic(out, &bundle)?;
    Ok(Packed {
        entries: manifest.entries.len(),
        vectors: manifest.vectors,
        bytes: bundle.len() as u64,
        sha256: digest,
    })
}

/// Installs the bundle at `path` as the live index of `dir`, after checking
/// its checksums and that it was built with this kiosk's model and from this
/// kiosk's corpus (`fingerprint`). Nothing changes unless all of it holds.
pub fn install(path: &Path, dir: &Path, fingerprint: &Fingerprint) -> Result<Packed, BundleError> {
    let damaged = |problem: &str| BundleError::Damaged {
        path: path.to_path_buf(),
        problem: problem.to_string(),
    };
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    let (body, trailer) = split_trailer(&bytes).ok_or_else(|| damaged("no checksum line"))?;
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

    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    store::remove_stale_builds(dir);
    let staging = dir.join(format!(".build-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(io_error(&staging))?;
    let mut at = end + 1;
    for file in &header.files {
        let size = usize::try_from(file.size).map_err(|_| damaged("file too large"))?;
        let bytes = rest
            .get(at..at + size)
            .ok_or_else(|| damaged("shorter than its header says"))?;
        let listed = manifest.files.get(&file.name);
        if manifest::sha256_hex(bytes) != file.sha256 || listed != Some(&file.sha256) {
            return Err(damaged(&format!("{}: checksum mismatch", file.name)));
        }
        if file.name.contains(['/', '\\']) || file.name.starts_with('.') {
            return Err(damaged(&format!("{}: not a file name", file.name)));
        }
        write_synced(&staging.join(&file.name), bytes)?;
        at += size;
    }
    if rest.get(at..) != Some(b"\n") || header.files.len() != manifest.files.len() {
        return Err(damaged("files and header disagree"));
    }
    let manifest_json = serde_json::to_vec_pretty(manifest).expect("a manifest serialises");
    write_synced(&staging.join("manifest.json"), &manifest_json)?;
    let version = format!("v-{}", store::unique_suffix());
    std::fs::rename(&staging, dir.join(&version)).map_err(io_error(&staging))?;
    write_atomic(&dir.join("CURRENT"), version.as_bytes())?;
    store::remove_old_versions(dir, &version);
    Ok(Packed {
        entries: manifest.entries.len(),
        vectors: manifest.vectors,
        bytes: bytes.len() as u64,
        sha256: trailer,
    })
}

/// The bundle's body and the hex digest of its last line.
fn split_trailer(bytes: &[u8]) -> Option<(&[u8], String)> {
    let without_newline = bytes.strip_suffix(b"\n")?;
    let start = without_newline.iter().rposition(|&b| b == b'\n')? + 1;
    let line = std::str::from_utf8(&without_newline[start..]).ok()?;
    let digest = line.strip_prefix("sha256 ")?;
    Some((&bytes[..start], digest.to_string()))
}
