//! The index folder on disk: the `CURRENT` pointer, version folders, and
//! writes that are either whole or absent.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::IndexError;

/// The version folder `CURRENT` names, if it names a plausible one.
pub fn live_version(dir: &Path) -> Option<PathBuf> {
    let name = std::fs::read_to_string(dir.join("CURRENT")).ok()?;
    let name = name.trim();
    let valid = name.starts_with("v-") && !name.contains(['/', '\\']);
    valid.then(|| dir.join(name))
}

/// A name no other build (earlier, or in another process) has used.
pub fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos}-{}", std::process::id())
}

pub fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError {
    let path = path.to_path_buf();
    move |source| IndexError::Io { path, source }
}

/// Reads a file of little-endian `f32`s straight into one vector (no copy
/// of the bytes is kept) and its SHA-256 (hex), computed on the way.
pub fn read_floats(path: &Path) -> std::io::Result<(Vec<f32>, String)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len() as usize;
    if !len.is_multiple_of(4) {
        return Err(std::io::Error::other("not a whole number of floats"));
    }
    let mut floats = Vec::with_capacity(len / 4);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut pending = 0;
    loop {
        let n = file.read(&mut buf[pending..])?;
        if n == 0 {
            break;
        }
        let filled = pending + n;
        hasher.update(&buf[pending..filled]);
        let whole = filled - filled % 4;
        floats.extend(
            buf[..whole]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().expect("chunks of 4"))),
        );
        buf.copy_within(whole..filled, 0);
        pending = filled - whole;
    }
    let digest = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((floats, digest))
}

/// Writes a file and flushes it to disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let mut file = std::fs::File::create(path).map_err(io_error(path))?;
    file.write_all(bytes).map_err(io_error(path))?;
    file.sync_all().map_err(io_error(path))
}

/// Replaces a file atomically: write a temporary file beside it, then rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    write_synced(&tmp, bytes)?;
    std::fs::rename(&tmp, path).map_err(io_error(path))
}
