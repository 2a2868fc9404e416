//! The stored form, `corpus/catalogue/services/NN.json`: services sharded
//! by the last two digits of their 서비스ID, sorted by id within a shard,
//! one field per line as the API gave it. [`super::replace`] writes it
//! whole; loading checks every record again, unless the [`compact`] form
//! made from exactly these shards can be read instead.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::compact::{self, ShardStamp};
use super::decode::Stored;
use super::replace::{is_aside, ASIDE_PREFIX, STAGING_PREFIX};
pub use super::replace::{save, Saved};
use super::service::Service;
use super::values::ServiceId;
use super::Catalogue;

/// The folder under the catalogue folder that holds the shards.
pub const SERVICES_DIR: &str = "services";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: cannot read", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: cannot write", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The stored form is not what [`save`] writes (a bad hand edit or merge).
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("{}: another import is running", path.display())]
    Busy { path: PathBuf },
}

/// The shard a service is stored in: the last two digits of its id.
pub fn shard_name(id: &ServiceId) -> String {
    format!("{}.json", &id.as_str()[10..])
}

/// One shard's text: a JSON array, one service object per block, one
/// field per line, so a diff shows the services and fields that changed.
pub fn render(services: &[&Service]) -> String {
    let mut out = String::from("[\n");
    for (i, service) in services.iter().enumerate() {
        out.push_str("  {\n");
        let fields = service.fields();
        for (j, (key, value)) in fields.iter().enumerate() {
            let comma = if j + 1 < fields.len() { "," } else { "" };
            let key = Value::from(*key);
            let value = value.to_json();
            let _ = writeln!(out, "    {key}: {value}{comma}");
        }
        out.push_str(if i + 1 < services.len() {
            "  },\n"
        } else {
            "  }\n"
        });
    }
    out.push_str("]\n");
    out
}

/// The `*.json` shard files of a shard folder, sorted; none when it is
/// missing.
pub(super) fn shard_files(shard_dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let read_err = |source| StoreError::Read {
        path: shard_dir.to_path_buf(),
        source,
    };
    let entries = match std::fs::read_dir(shard_dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(read_err(err)),
    };
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(read_err)?.path();
        if path.extension().is_some_and(|e| e == "json") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// The staging and set-aside folders of imports in the catalogue folder
/// `dir`, sorted (see [`super::replace`]).
pub(super) fn leftovers(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let read_err = |source| StoreError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(read_err(err)),
    };
    let mut folders = Vec::new();
    for entry in entries {
        let path = entry.map_err(read_err)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(STAGING_PREFIX) || name.starts_with(ASIDE_PREFIX) {
            folders.push(path);
        }
    }
    folders.sort();
    Ok(folders)
}

/// The folder holding the catalogue: `services/`, else (an import is
/// between its two renames, or was killed there) the whole catalogue it
/// set aside, else `services/` once more (the swap may have just ended).
fn live_folder(dir: &Path) -> Result<Option<PathBuf>, StoreError> {
    let live = dir.join(SERVICES_DIR);
    if live.is_dir() {
        return Ok(Some(live));
    }
    let aside = leftovers(dir)?.into_iter().find(|p| is_aside(p));
    Ok(aside.or_else(|| live.is_dir().then_some(live)))
}

/// Loads the catalogue of the catalogue folder `dir`: from its compact form
/// when that is whole and made from exactly the shards in `services/` (see
/// [`compact`]), else from the shards themselves (see [`load_shards`]).
pub fn load(dir: &Path) -> Result<Catalogue, StoreError> {
    let paths = live_shards(dir)?;
    match compact::read(dir, &paths) {
        Ok(catalogue) => Ok(catalogue),
        Err(_) => Ok(load_json(&paths)?.0),
    }
}

/// Loads the shards of `dir/services/` themselves, never the compact form,
/// checking every record as an import would and that each sits in its own
/// shard in id order. No folder is an empty catalogue.
pub fn load_shards(dir: &Path) -> Result<Catalogue, StoreError> {
    Ok(load_json(&live_shards(dir)?)?.0)
}

/// Why the compact form of `dir` would not be used now, if it would not.
pub fn compact_unusable(dir: &Path) -> Result<Option<compact::Unusable>, StoreError> {
    let paths = live_shards(dir)?;
    Ok(compact::read(dir, &paths).err())
}

/// Whether [`refresh`] found the compact form usable or wrote it anew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refreshed {
    Fresh,
    Written { why: compact::Unusable },
}

/// Writes the compact form of the catalogue folder `dir` from its shards
/// unless it is usable as it is (or there are no shards). For the commands
/// that write derived files: `import`, index builds, `bundle install`.
pub fn refresh(dir: &Path) -> Result<Refreshed, StoreError> {
    let paths = live_shards(dir)?;
    if paths.is_empty() {
        return Ok(Refreshed::Fresh);
    }
    let why = match compact::read(dir, &paths) {
        Ok(_) => return Ok(Refreshed::Fresh),
        Err(why) => why,
    };
    let (catalogue, stamps) = load_json(&paths)?;
    compact::write(dir, &stamps, &catalogue).map_err(|source| StoreError::Write {
        path: dir.join(compact::COMPACT_FILE),
        source,
    })?;
    Ok(Refreshed::Written { why })
}

/// The shard files of the live folder, sorted; none without one.
fn live_shards(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    match live_folder(dir)? {
        Some(shard_dir) => shard_files(&shard_dir),
        None => Ok(Vec::new()),
    }
}

/// Loads the shard files `paths`, with the stamp of each as it was read.
fn load_json(paths: &[PathBuf]) -> Result<(Catalogue, Vec<ShardStamp>), StoreError> {
    // Shards parse independently: spread them over the cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = paths.len().div_ceil(threads).max(1);
    type Shard = Result<(Vec<Service>, ShardStamp), StoreError>;
    let loaded: Vec<Shard> = std::thread::scope(|scope| {
        let workers: Vec<_> = paths
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || chunk.iter().map(|p| load_shard(p)).collect::<Vec<_>>())
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut services = Vec::new();
    let mut stamps = Vec::new();
    for shard in loaded {
        let (shard, stamp) = shard?;
        services.extend(shard);
        stamps.push(stamp);
    }
    services.sort_by(|a, b| a.id().cmp(b.id()));
    Ok((Catalogue { services }, stamps))
}

fn load_shard(path: &Path) -> Result<(Vec<Service>, ShardStamp), StoreError> {
    let invalid = |message: String| StoreError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let read_err = |source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    };
    // The time and size before the bytes: a shard written meanwhile is
    // found changed by the next load.
    let meta = std::fs::metadata(path).map_err(read_err)?;
    let bytes = std::fs::read(path).map_err(read_err)?;
    let stamp = ShardStamp::new(path, &meta, &bytes);
    let records: Vec<Stored> =
        serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let mut services: Vec<Service> = Vec::with_capacity(records.len());
    for (i, Stored(record)) in records.into_iter().enumerate() {
        let service = record.map_err(|(id, issues)| {
            let id = id.map_or(String::new(), |id| format!("서비스ID {id}: "));
            let issues: Vec<String> = issues.iter().map(ToString::to_string).collect();
            invalid(format!("service {}: {id}{}", i + 1, issues.join("; ")))
        })?;
        if shard_name(service.id()) != name {
            return Err(invalid(format!(
                "서비스ID {} belongs in {}",
                service.id(),
                shard_name(service.id())
            )));
        }
        if services
            .last()
            .is_some_and(|last| last.id() >= service.id())
        {
            return Err(invalid(format!(
                "서비스ID {} is out of order or repeated",
                service.id()
            )));
        }
        services.push(service);
    }
    Ok((services, stamp))
}
