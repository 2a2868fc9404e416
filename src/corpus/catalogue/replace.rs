//! Replacing the stored catalogue whole. The new shards are written into a
//! staging folder beside `services/` (`.services-new-<pid>`) and synced;
//! then `services/` is renamed aside (`.services-old-<pid>`), the staging
//! folder renamed to `services/`, and the old one deleted. Loading never
//! sees half a catalogue (between the renames it reads the one set aside),
//! and the next import cleans up after one killed part-way.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::service::Service;
use super::store::{self, render, shard_name, StoreError, SERVICES_DIR};
use super::Catalogue;

/// The names of the folders an import works in beside `services/`.
pub const STAGING_PREFIX: &str = ".services-new-";
pub const ASIDE_PREFIX: &str = ".services-old-";

/// What replacing the catalogue did to the shard files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    /// Shards whose bytes are new.
    pub written: Vec<PathBuf>,
    /// Shards no longer needed.
    pub removed: Vec<PathBuf>,
    /// Shards whose bytes did not change (linked, not written again).
    pub unchanged: usize,
}

/// What an import found left over by one killed part-way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovered {
    /// `services/` was missing: the catalogue set aside was put back.
    Restored(PathBuf),
    /// A staging or set-aside folder was deleted.
    Removed(PathBuf),
}

impl std::fmt::Display for Recovered {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Recovered::Restored(path) => write!(
                f,
                "an earlier import was killed while swapping: restored the catalogue from {}",
                path.display()
            ),
            Recovered::Removed(path) => write!(
                f,
                "removed {}, left by an earlier import that was killed",
                path.display()
            ),
        }
    }
}

/// The catalogue folder, locked against other imports for as long as this
/// lives, after cleaning up what a killed import left.
#[derive(Debug)]
pub struct Lock {
    dir: PathBuf,
    _handle: File,
    pub recovered: Vec<Recovered>,
}

/// Locks the catalogue folder `dir` (creating it) and recovers.
pub fn lock(dir: &Path) -> Result<Lock, StoreError> {
    let write_err = |source| StoreError::Write {
        path: dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(write_err)?;
    let handle = File::open(dir).map_err(write_err)?;
    handle.try_lock().map_err(|err| match err {
        std::fs::TryLockError::WouldBlock => StoreError::Busy {
            path: dir.to_path_buf(),
        },
        std::fs::TryLockError::Error(source) => write_err(source),
    })?;
    let recovered = recover(dir)?;
    Ok(Lock {
        dir: dir.to_path_buf(),
        _handle: handle,
        recovered,
    })
}

/// Replaces the catalogue of `dir` in one go (see the module comment).
pub fn save(dir: &Path, catalogue: &Catalogue) -> Result<Saved, StoreError> {
    lock(dir)?.save(catalogue)
}

impl Lock {
    pub fn save(&self, catalogue: &Catalogue) -> Result<Saved, StoreError> {
        self.stage(catalogue)?.commit()
    }

    /// Writes the new shards into a staging folder (unchanged ones linked
    /// from `services/`) and syncs them; nothing is staged when no shard
    /// would change.
    pub fn stage(&self, catalogue: &Catalogue) -> Result<Staged<'_>, StoreError> {
        let live = self.dir.join(SERVICES_DIR);
        let old = store::shard_files(&live)?;
        let shards = shards(catalogue);
        let mut saved = Saved::default();
        let mut same = Vec::new();
        for (name, text) in &shards {
            let path = live.join(name);
            if old.contains(&path) && std::fs::read(&path).is_ok_and(|b| b == text.as_bytes()) {
                saved.unchanged += 1;
                same.push(name);
            } else {
                saved.written.push(path);
            }
        }
        saved.removed = old
            .into_iter()
            .filter(|p| !shards.contains_key(&file_name(p)))
            .collect();
        if saved.written.is_empty() && saved.removed.is_empty() {
            return Ok(Staged {
                lock: self,
                folder: None,
                saved,
            });
        }
        let folder = self
            .dir
            .join(format!("{STAGING_PREFIX}{}", std::process::id()));
        let staged = write_folder(&folder, &live, &shards, &same);
        if staged.is_err() {
            let _ = std::fs::remove_dir_all(&folder);
        }
        staged?;
        Ok(Staged {
            lock: self,
            folder: Some(folder),
            saved,
        })
    }
}

/// A new catalogue written beside the live one, not yet swapped in.
#[derive(Debug)]
pub struct Staged<'a> {
    lock: &'a Lock,
    folder: Option<PathBuf>,
    saved: Saved,
}

impl Staged<'_> {
    /// Swaps the staged folder in with two renames and deletes the old one.
    pub fn commit(self) -> Result<Saved, StoreError> {
        let Some(folder) = self.folder else {
            return Ok(self.saved);
        };
        let dir = &self.lock.dir;
        let live = dir.join(SERVICES_DIR);
        let aside = dir.join(format!("{ASIDE_PREFIX}{}", std::process::id()));
        let write_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Write { path, source }
        };
        let had_live = live.is_dir();
        if had_live {
            std::fs::rename(&live, &aside).map_err(write_err(&live))?;
        }
        if let Err(source) = std::fs::rename(&folder, &live) {
            if had_live {
                let _ = std::fs::rename(&aside, &live);
            }
            return Err(write_err(&live)(source));
        }
        sync_dir(dir).map_err(write_err(dir))?;
        // The swap is done; an aside folder left behind is removed next time.
        let _ = std::fs::remove_dir_all(&aside);
        Ok(self.saved)
    }
}

/// Each shard's file name and text.
fn shards(catalogue: &Catalogue) -> BTreeMap<String, String> {
    let mut shards: BTreeMap<String, Vec<&Service>> = BTreeMap::new();
    for service in catalogue.services() {
        shards
            .entry(shard_name(service.id()))
            .or_default()
            .push(service);
    }
    shards
        .into_iter()
        .map(|(name, services)| (name, render(&services)))
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string()
}

/// Fills the staging folder: unchanged shards hard-linked from the live
/// folder (their bytes and times kept), the others written and synced.
fn write_folder(
    folder: &Path,
    live: &Path,
    shards: &BTreeMap<String, String>,
    same: &[&String],
) -> Result<(), StoreError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Write { path, source }
    };
    if folder.exists() {
        std::fs::remove_dir_all(folder).map_err(write_err(folder))?;
    }
    std::fs::create_dir(folder).map_err(write_err(folder))?;
    for (name, text) in shards {
        let path = folder.join(name);
        let linked = same.contains(&name) && std::fs::hard_link(live.join(name), &path).is_ok();
        if !linked {
            write_synced(&path, text.as_bytes()).map_err(write_err(&path))?;
        }
    }
    sync_dir(folder).map_err(write_err(folder))
}

/// Writes a file through a temporary one beside it (named for this
/// process, so two writers never share one), synced, then renamed into place.
pub fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let write = || -> std::io::Result<()> {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Cleans up after an import killed part-way: when `services/` is missing,
/// the folder set aside (a whole catalogue) is put back; staging folders
/// (perhaps half written) and other set-aside folders are deleted.
fn recover(dir: &Path) -> Result<Vec<Recovered>, StoreError> {
    let live = dir.join(SERVICES_DIR);
    let mut recovered = Vec::new();
    let mut leftovers = store::leftovers(dir)?;
    if !live.exists() {
        if let Some(at) = leftovers.iter().position(|p| is_aside(p)) {
            let aside = leftovers.remove(at);
            std::fs::rename(&aside, &live).map_err(|source| StoreError::Write {
                path: live.clone(),
                source,
            })?;
            recovered.push(Recovered::Restored(aside));
        }
    }
    for folder in leftovers {
        std::fs::remove_dir_all(&folder).map_err(|source| StoreError::Write {
            path: folder.clone(),
            source,
        })?;
        recovered.push(Recovered::Removed(folder));
    }
    Ok(recovered)
}

pub(super) fn is_aside(path: &Path) -> bool {
    file_name(path).starts_with(ASIDE_PREFIX)
}

#[cfg(test)]
#[path = "replace_tests.rs"]
mod tests;
