//! An import: read the inputs, hold them against the bars, compare them
//! with the stored catalogue, swap the new one in whole and report what was
//! added, changed, removed and skipped. All or nothing: a refused or failed
//! import leaves the stored catalogue as it was.

use std::path::{Path, PathBuf};

use super::problem::Problem;
use super::read::{read_files_with, Inputs, Limits, ReadError};
use super::replace::{self, Recovered, Saved};
use super::service::Service;
use super::stamp::{self, Stamp, StampError};
use super::store::{self, StoreError};
use super::values::{Date, ServiceId};
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

/// When an import is refused instead of carried out: past either share,
/// something upstream is more likely broken than the catalogue changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// The largest share of records that may be skipped (0 to 1).
    pub max_skipped_share: f64,
    /// The largest share of the stored services that may be removed ...
    pub max_removed_share: f64,
    /// ... unless the maintainer accepts this many removals (or more).
    pub accept_removals: Option<usize>,
}

impl Default for Bars {
    fn default() -> Self {
        Bars {
            max_skipped_share: 0.05,
            max_removed_share: 0.05,
            accept_removals: None,
        }
    }
}

/// A bar an import passed: what it would have done.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// It would skip `skipped` of `records` input records.
    Skipped { skipped: usize, records: usize },
    /// It would remove `removed` of the `current` stored services.
    Removed { removed: usize, current: usize },
}

impl Bars {
    /// The bars that `skipped` of `records` and `removed` of `current` pass.
    pub fn refusals(
        &self,
        (skipped, records): (usize, usize),
        (removed, current): (usize, usize),
    ) -> Vec<Refusal> {
        let share = |part: usize, whole: usize| part as f64 / whole.max(1) as f64;
        let mut refusals = Vec::new();
        if share(skipped, records) > self.max_skipped_share {
            refusals.push(Refusal::Skipped { skipped, records });
        }
        let accepted = self.accept_removals.is_some_and(|n| removed <= n);
        if share(removed, current) > self.max_removed_share && !accepted {
            refusals.push(Refusal::Removed { removed, current });
        }
        refusals
    }
}

/// How an import runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub bars: Bars,
    pub limits: Limits,
    /// The day recorded in the stamp.
    pub today: Date,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            bars: Bars::default(),
            limits: Limits::default(),
            today: Date::today(),
        }
    }
}

/// The outcome of an import that was carried out.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The services now in the catalogue.
    pub services: usize,
    /// Records read, good and bad.
    pub records: usize,
    pub changes: Changes,
    /// Records and files skipped, in input order.
    pub problems: Vec<Problem>,
    pub saved: Saved,
    /// What an earlier, killed import had left and this one cleaned up.
    pub recovered: Vec<Recovered>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("the stored catalogue")]
    Store(#[from] StoreError),
    #[error("the import stamp")]
    Stamp(#[from] StampError),
    /// Not one record was good: nothing is written.
    #[error("nothing to import: {} problem{} and no good record", problems.len(), if problems.len() == 1 { "" } else { "s" })]
    NothingImportable { problems: Vec<Problem> },
    /// A bar was passed: nothing is written.
    #[error("refused by a bar ({} of them): nothing changed", refusals.len())]
    Refused {
        refusals: Vec<Refusal>,
        problems: Vec<Problem>,
        recovered: Vec<Recovered>,
    },
}

/// Replaces the catalogue in `dir` with the services of `files` (a complete
/// snapshot: services absent from it are removed); see [`import_inputs`].
pub fn import(
    dir: &Path,
    files: &[PathBuf],
    options: &Options,
) -> Result<ImportReport, ImportError> {
    let inputs = read_files_with(files, &options.limits)?;
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_name()
                .unwrap_or(f.as_os_str())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    import_inputs(dir, inputs, format!("files {}", names.join(" ")), options)
}

/// Replaces the catalogue in `dir` with the good services of `inputs`,
/// unless a bar refuses it; then stamps it with `source`. Bad records are
/// skipped and reported; an unreadable stored catalogue stops the import
/// before anything is written.
pub fn import_inputs(
    dir: &Path,
    inputs: Inputs,
    source: String,
    options: &Options,
) -> Result<ImportReport, ImportError> {
    // Only an existing folder is locked (and cleaned up) before the bars:
    // a refused first import creates nothing.
    let mut lock = dir.is_dir().then(|| replace::lock(dir)).transpose()?;
    let old = store::load(dir)?;
    let new = Catalogue::new(inputs.services);
    let changes = changes(&old, &new);
    let skipped = inputs.problems.len();
    let refusals = options.bars.refusals(
        (skipped, inputs.records),
        (changes.removed.len(), old.len()),
    );
    let recovered = lock
        .as_mut()
        .map_or_else(Vec::new, |l| std::mem::take(&mut l.recovered));
    if !refusals.is_empty() {
        return Err(ImportError::Refused {
            refusals,
            problems: inputs.problems,
            recovered,
        });
    }
    if new.is_empty() {
        return Err(ImportError::NothingImportable {
            problems: inputs.problems,
        });
    }
    let lock = match lock {
        Some(lock) => lock,
        None => replace::lock(dir)?,
    };
    let saved = lock.save(&new)?;
    stamp::write(dir, &Stamp::new(options.today, source, &new))?;
    store::refresh(dir)?;
    Ok(ImportReport {
        services: new.len(),
        records: inputs.records,
        changes,
        problems: inputs.problems,
        saved,
        recovered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_refuse_past_either_share_unless_accepted() {
        let bars = Bars::default();
        assert_eq!(bars.refusals((5, 100), (5, 100)), []);
        assert_eq!(
            bars.refusals((6, 100), (0, 100)),
            [Refusal::Skipped {
                skipped: 6,
                records: 100
            }]
        );
        let removed = Refusal::Removed {
            removed: 10_155,
            current: 10_160,
        };
        assert_eq!(
            bars.refusals((0, 5), (10_155, 10_160)),
            std::slice::from_ref(&removed)
        );
        let accepting = |n| Bars {
            accept_removals: Some(n),
            ..Bars::default()
        };
        assert_eq!(accepting(10_155).refusals((0, 5), (10_155, 10_160)), []);
        assert_eq!(
            accepting(10_000).refusals((0, 5), (10_155, 10_160)),
            [removed]
        );
        // A first import removes nothing; an empty input skips nothing.
        assert_eq!(bars.refusals((0, 0), (0, 0)), []);
        let lenient = Bars {
            max_skipped_share: 1.0,
            ..Bars::default()
        };
        assert_eq!(lenient.refusals((10, 10), (0, 0)), []);
    }
}
