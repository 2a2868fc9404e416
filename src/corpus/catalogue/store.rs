//! The stored form, `corpus/catalogue/services/NN.json`: services sharded
//! by the last two digits of their 서비스ID, sorted by id within a shard,
//! one field per line as the API gave it. [`super::replace`] writes it
//! whole; loading checks every record again.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

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

/// Loads `dir/services/`, checking every record as an import would and that
/// each sits in its own shard in id order. No folder is an empty catalogue.
pub fn load(dir: &Path) -> Result<Catalogue, StoreError> {
    let Some(shard_dir) = live_folder(dir)? else {
        return Ok(Catalogue::default());
    };
    let paths = shard_files(&shard_dir)?;
    // Shards parse independently: spread them over the cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = paths.len().div_ceil(threads).max(1);
    let loaded: Vec<Result<Vec<Service>, StoreError>> = std::thread::scope(|scope| {
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
    for shard in loaded {
        services.extend(shard?);
    }
    services.sort_by(|a, b| a.id().cmp(b.id()));
    Ok(Catalogue { services })
}

fn load_shard(path: &Path) -> Result<Vec<Service>, StoreError> {
    let invalid = |message: String| StoreError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    })?;
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
    Ok(services)
}
