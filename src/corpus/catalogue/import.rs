//! An import: read the inputs, compare them with the stored catalogue, save
//! the new one and report what was added, changed, removed and skipped.

use std::path::{Path, PathBuf};

use super::problem::Problem;
use super::read::{read_files, ReadError};
use super::service::Service;
use super::store::{self, Saved, StoreError};
use super::values::ServiceId;
use super::Catalogue;

/// How one catalogue differs from another, in 서비스ID order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<Changed>,
    pub changed: Vec<Changed>,
    pub removed: Vec<Changed>,
}

/// A service added, changed or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub id: ServiceId,
    /// 서비스명 (the new one, or the old one of a removed service), raw.
    pub name: String,
    /// The API names of the fields that differ (e.g. `지원내용`, `수정일시`);
    /// empty for added and removed services.
    pub fields: Vec<String>,
}

impl Changed {
    fn of(service: &Service, fields: Vec<String>) -> Changed {
        Changed {
            id: service.id().clone(),
            name: service.name().to_string(),
            fields,
        }
    }
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// What `new` adds to, changes in and removes from `old`.
pub fn changes(old: &Catalogue, new: &Catalogue) -> Changes {
    let mut changes = Changes::default();
    for service in new.services() {
        match old.get(service.id().as_str()) {
            None => changes.added.push(Changed::of(service, Vec::new())),
            Some(before) => {
                let fields = before.changed_fields(service);
                if !fields.is_empty() {
                    changes.changed.push(Changed::of(service, fields));
                }
            }
        }
    }
    changes.removed = old
        .services()
        .iter()
        .filter(|s| new.get(s.id().as_str()).is_none())
        .map(|s| Changed::of(s, Vec::new()))
        .collect();
    changes
}

/// The outcome of [`import`].
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The services now in the catalogue.
    pub services: usize,
    pub changes: Changes,
    /// Records and files skipped, in input order.
    pub problems: Vec<Problem>,
    pub saved: Saved,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("the stored catalogue")]
    Store(#[from] StoreError),
    /// Not one record was good: nothing is written.
    #[error("nothing to import: {} problem{} and no good record", problems.len(), if problems.len() == 1 { "" } else { "s" })]
    NothingImportable { problems: Vec<Problem> },
}

/// Replaces the catalogue in `dir` with the services of `files` (a complete
/// snapshot: services absent from it are removed). Bad records are skipped
/// and reported; an unreadable file or an unreadable stored catalogue stops
/// the import before anything is written.
pub fn import(dir: &Path, files: &[PathBuf]) -> Result<ImportReport, ImportError> {
    let inputs = read_files(files)?;
    if inputs.services.is_empty() {
        return Err(ImportError::NothingImportable {
            problems: inputs.problems,
        });
    }
    let old = store::load(dir)?;
    let new = Catalogue {
        services: inputs.services,
    };
    let saved = store::save(dir, &new)?;
    Ok(ImportReport {
        services: new.len(),
        changes: changes(&old, &new),
        problems: inputs.problems,
        saved,
    })
}
