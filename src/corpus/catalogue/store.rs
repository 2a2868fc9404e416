//! The stored form, `corpus/catalogue/services/NN.json`: services sharded
//! by the last two digits of their 서비스ID, sorted by id within a shard,
//! one field per line as the API gave it. Writing is atomic per file and
//! leaves unchanged files untouched; loading checks every record again.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::decode::Stored;
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
}

/// What [`save`] did to the shard files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    pub written: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    pub unchanged: usize,
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

/// Writes the catalogue into `dir/services/`, replacing what was there:
/// shards whose bytes would not change are left alone, the others are
/// written to a temporary file and renamed into place, and shards no
/// longer needed are removed.
pub fn save(dir: &Path, catalogue: &Catalogue) -> Result<Saved, StoreError> {
    let shard_dir = dir.join(SERVICES_DIR);
    std::fs::create_dir_all(&shard_dir).map_err(|source| StoreError::Write {
        path: shard_dir.clone(),
        source,
    })?;
    let mut shards: std::collections::BTreeMap<String, Vec<&Service>> = Default::default();
    for service in catalogue.services() {
        shards
            .entry(shard_name(service.id()))
            .or_default()
            .push(service);
    }
    let mut saved = Saved::default();
    for (name, services) in &shards {
        let path = shard_dir.join(name);
        let text = render(services);
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            saved.unchanged += 1;
        } else {
            write_atomically(&path, text.as_bytes())?;
            saved.written.push(path);
        }
    }
    for path in shard_files(&shard_dir)? {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let stale = !shards.contains_key(name);
        if stale {
            std::fs::remove_file(&path).map_err(|source| StoreError::Write {
                path: path.clone(),
                source,
            })?;
            saved.removed.push(path);
        }
    }
    Ok(saved)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    use std::io::Write;
    let tmp = path.with_extension("json.tmp");
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        StoreError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// The `*.json` and leftover `*.json.tmp` files of the shard folder, sorted.
fn shard_files(shard_dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let read_err = |source| StoreError::Read {
        path: shard_dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(shard_dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".json") || name.ends_with(".json.tmp") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Loads `dir/services/`, checking every record as an import would and that
/// each sits in its own shard in id order. No folder is an empty catalogue.
pub fn load(dir: &Path) -> Result<Catalogue, StoreError> {
    let shard_dir = dir.join(SERVICES_DIR);
    if !shard_dir.is_dir() {
        return Ok(Catalogue::default());
    }
    let paths: Vec<PathBuf> = shard_files(&shard_dir)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
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
