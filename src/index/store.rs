//! The index folder on disk: the `CURRENT` pointer, version folders, and
//! writes that are either whole or absent.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::vector::Floats;
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

/// A file of little-endian `f32`s as floats, and its CRC-32: mapped where
/// the machine is little-endian (nothing copied or converted), else read
/// and converted.
pub fn read_floats(path: &Path) -> std::io::Result<(Floats, u32)> {
    let map = crate::mapped::map_path(path)?;
    if !map.len().is_multiple_of(4) {
        return Err(std::io::Error::other("not a whole number of floats"));
    }
    let crc = crc32fast::hash(&map);
    let floats = if cfg!(target_endian = "little") && !map.is_empty() {
        Floats::Mapped(map)
    } else {
        let floats = map
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        Floats::Owned(floats.collect())
    };
    Ok((floats, crc))
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
