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

/// Removes builds that a killed process left behind.
pub fn remove_stale_builds(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(".build-") {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes every version folder but the live one.
pub fn remove_old_versions(dir: &Path, live: &str) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("v-") && name != live {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
