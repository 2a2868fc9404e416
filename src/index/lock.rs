//! One writer at a time on an index folder, and readers that keep the
//! version they are reading: a writer (a build, a bundle install) holds an
//! exclusive lock on `<dir>/.lock`; a reader holds a shared lock on the
//! version folder's `.readers` file while it reads, and a writer deletes an
//! old version only when it can lock that file exclusively itself. The
//! locks are the operating system's (flock), so a killed process never
//! leaves one behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use super::store::io_error;
use super::IndexError;

const WRITER_LOCK: &str = ".lock";
const READERS_LOCK: &str = ".readers";

/// Held while a process writes an index folder.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

fn open_lock_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// Takes the folder's writer lock, or says that another process holds it.
pub fn try_write(dir: &Path) -> Result<WriteLock, IndexError> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let path = dir.join(WRITER_LOCK);
    let file = open_lock_file(&path).map_err(io_error(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(WriteLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(IndexError::Busy {
            dir: dir.to_path_buf(),
        }),
        Err(TryLockError::Error(err)) => Err(io_error(&path)(err)),
    }
}

/// Waits until no other process writes the folder (then lets go at once:
/// the caller looks again at what the other writer left).
pub fn wait_for_writer(dir: &Path) -> Result<(), IndexError> {
    let path = dir.join(WRITER_LOCK);
    let file = open_lock_file(&path).map_err(io_error(&path))?;
    file.lock().map_err(io_error(&path))?;
    Ok(())
}

/// Held while a process reads a version folder: no writer deletes it.
#[derive(Debug)]
pub struct ReadLock {
    _file: File,
}

/// Locks `version` for reading; `None` if it is gone (deleted by a writer
/// before the lock was had: read `CURRENT` again).
pub fn hold_version(version: &Path) -> Option<ReadLock> {
    let file = open_lock_file(&version.join(READERS_LOCK)).ok()?;
    file.lock_shared().ok()?;
    // A writer may have deleted the folder while this waited for the lock.
    version
        .join("manifest.json")
        .is_file()
        .then_some(ReadLock { _file: file })
}

/// Removes every version folder but `live` that no reader holds, and what
/// interrupted writers left (`.build-*` folders, `*.tmp-*` files). Call
/// only with the writer lock held.
pub fn remove_unused(dir: &Path, live: &str, _writer: &WriteLock) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with(".build-") {
            let _ = std::fs::remove_dir_all(&path);
        } else if name.contains(".tmp-") {
            let _ = std::fs::remove_file(&path);
        } else if name.starts_with("v-") && name != live {
            remove_if_unread(&path);
        }
    }
}

fn remove_if_unread(version: &Path) {
    let Ok(file) = open_lock_file(&version.join(READERS_LOCK)) else {
        return;
    };
    if file.try_lock().is_ok() {
        let _ = std::fs::remove_dir_all(version);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_and_a_held_version_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = try_write(dir.path()).unwrap();
        assert!(matches!(
            try_write(dir.path()),
            Err(IndexError::Busy { .. })
        ));

        for name in ["v-old", "v-held", "v-live"] {
            std::fs::create_dir_all(dir.path().join(name)).unwrap();
            std::fs::write(dir.path().join(name).join("manifest.json"), "{}").unwrap();
        }
        std::fs::create_dir_all(dir.path().join(".build-123")).unwrap();
        std::fs::write(dir.path().join("embed-cache.tmp-123"), "x").unwrap();
        let reader = hold_version(&dir.path().join("v-held")).unwrap();
        remove_unused(dir.path(), "v-live", &first);
        let left: Vec<String> = {
            let mut names: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != WRITER_LOCK)
                .collect();
            names.sort();
            names
        };
        assert_eq!(left, ["v-held", "v-live"]);

        drop(reader);
        remove_unused(dir.path(), "v-live", &first);
        assert!(!dir.path().join("v-held").exists());
        drop(first);
        assert!(try_write(dir.path()).is_ok());
        assert!(hold_version(&dir.path().join("v-held")).is_none());
    }
}
