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
/// of the bytes is kept, nothing converted on a little-endian machine) and
/// its SHA-256 (hex).
pub fn read_floats(path: &Path) -> std::io::Result<(Vec<f32>, String)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len() as usize;
    if !len.is_multiple_of(4) {
        return Err(std::io::Error::other("not a whole number of floats"));
    }
    let mut floats = vec![0f32; len / 4];
    file.read_exact(bytemuck::cast_slice_mut(&mut floats))?;
    if file.read(&mut [0])? != 0 {
        return Err(std::io::Error::other("the file grew while it was read"));
    }
    let digest = super::manifest::sha256_hex(bytemuck::cast_slice(&floats));
    if cfg!(target_endian = "big") {
        for x in &mut floats {
            *x = f32::from_bits(x.to_bits().swap_bytes());
        }
    }
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
