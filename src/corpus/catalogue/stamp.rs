//! `corpus/catalogue/IMPORTED`: the day of the last import and where it
//! came from, written by every import, so that `minwon check` can tell how
//! old the catalogue is (without it, from the newest 수정일시 it holds).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::values::Date;
use super::Catalogue;

/// The stamp's file name in the catalogue folder.
pub const STAMP_FILE: &str = "IMPORTED";

/// What an import records about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The day of the import.
    pub imported: Date,
    /// `api <base URL>` or `files <names>`.
    pub source: String,
    pub services: usize,
    /// The newest 수정일시 among the services imported.
    pub newest_change: Option<Date>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StampFile {
    imported: String,
    source: String,
    services: usize,
    newest_change: Option<String>,
}

impl Stamp {
    pub fn new(imported: Date, source: String, catalogue: &Catalogue) -> Stamp {
        Stamp {
            imported,
            source,
            services: catalogue.len(),
            newest_change: newest_change(catalogue),
        }
    }

    /// The file's text (TOML).
    pub fn render(&self) -> String {
        let file = StampFile {
            imported: self.imported.to_string(),
            source: self.source.clone(),
            services: self.services,
            newest_change: self.newest_change.map(|d| d.to_string()),
        };
        let body = toml::to_string(&file).unwrap_or_default();
        format!("# Written by `minwon import gov24`; `minwon check` reads it (import.max_age_days).\n{body}")
    }

    pub fn parse(text: &str) -> Result<Stamp, String> {
        let file: StampFile = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let date =
            |text: &str| Date::parse(text).ok_or(format!("{text:?} is not a YYYY-MM-DD day"));
        Ok(Stamp {
            imported: date(&file.imported)?,
            source: file.source,
            services: file.services,
            newest_change: file.newest_change.as_deref().map(date).transpose()?,
        })
    }
}

/// The newest 수정일시 of a catalogue.
pub fn newest_change(catalogue: &Catalogue) -> Option<Date> {
    catalogue
        .services()
        .iter()
        .filter_map(|s| s.updated())
        .max()
}

#[derive(Debug, thiserror::Error)]
pub enum StampError {
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
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

/// The stamp of the catalogue folder `dir`, if it has one.
pub fn read(dir: &Path) -> Result<Option<Stamp>, StampError> {
    let path = dir.join(STAMP_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Stamp::parse(&text)
            .map(Some)
            .map_err(|message| StampError::Invalid { path, message }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StampError::Read { path, source }),
    }
}

/// Writes the stamp atomically (a temporary file renamed into place).
pub fn write(dir: &Path, stamp: &Stamp) -> Result<(), StampError> {
    let path = dir.join(STAMP_FILE);
    super::replace::write_synced(&path, stamp.render().as_bytes())
        .map_err(|source| StampError::Write { path, source })
}

/// How old the catalogue is, and by what measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Age {
    /// Days since the import its stamp records.
    Imported { days: i64, stamp: Stamp },
    /// No stamp: days since the newest 수정일시 it holds.
    NewestChange { days: i64, date: Date },
}

impl Age {
    /// The stamp's day, else the newest 수정일시; none for an empty,
    /// unstamped catalogue.
    pub fn of(stamp: Option<Stamp>, newest: Option<Date>, today: Date) -> Option<Age> {
        match (stamp, newest) {
            (Some(stamp), _) => Some(Age::Imported {
                days: today.days() - stamp.imported.days(),
                stamp,
            }),
            (None, Some(date)) => Some(Age::NewestChange {
                days: today.days() - date.days(),
                date,
            }),
            (None, None) => None,
        }
    }

    pub fn days(&self) -> i64 {
        match self {
            Age::Imported { days, .. } | Age::NewestChange { days, .. } => *days,
        }
    }

    /// What to warn of when the catalogue is older than `max_days` (0: never).
    pub fn warning(&self, max_days: u32) -> Option<String> {
        (max_days > 0 && self.days() > i64::from(max_days)).then(|| {
            format!(
                "the catalogue is older than import.max_age_days ({max_days}): {self}; refresh it with `minwon import gov24 --api`"
            )
        })
    }
}

/// `imported 2026-12-06 from files services-2025-08-15.jsonl.gz, 3 days ago
/// (IMPORTED; newest 수정일시 2025-08-14)`
impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let days = |n: i64| format!("{n} day{} ago", if n == 1 { "" } else { "s" });
        match self {
            Age::Imported { days: n, stamp } => {
                write!(
                    f,
                    "imported {} from {}, {} ({STAMP_FILE}",
                    stamp.imported,
                    stamp.source,
                    days(*n)
                )?;
                if let Some(newest) = stamp.newest_change {
                    write!(f, "; newest 수정일시 {newest}")?;
                }
                f.write_str(")")
            }
            Age::NewestChange { days: n, date } => write!(
                f,
                "newest 수정일시 {date}, {} (no {STAMP_FILE} stamp)",
                days(*n)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn a_stamp_reads_back_as_written() {
        let stamp = Stamp {
            imported: day("2026-12-06"),
            source: "files services-2025-08-15.jsonl.gz".into(),
            services: 10_160,
            newest_change: Some(day("2025-08-14")),
        };
        let text = stamp.render();
        assert!(text.contains("imported = \"2026-12-06\"\n"), "{text}");
        assert_eq!(Stamp::parse(&text), Ok(stamp));
        assert!(
            Stamp::parse("imported = \"yesterday\"\nsource = \"x\"\nservices = 1\n")
                .unwrap_err()
                .contains("not a YYYY-MM-DD day")
        );
    }

    #[test]
    fn age_comes_from_the_stamp_else_the_newest_change() {
        let stamp = Stamp {
            imported: day("2026-12-01"),
            source: "api https://api.odcloud.kr/api/gov24/v3".into(),
            services: 3,
            newest_change: None,
        };
        let today = day("2026-12-06");
        let age = Age::of(Some(stamp), Some(day("2025-08-14")), today).unwrap();
        assert_eq!(age.days(), 5);
        assert_eq!(
            age.to_string(),
            "imported 2026-12-01 from api https://api.odcloud.kr/api/gov24/v3, 5 days ago (IMPORTED)"
        );
        let age = Age::of(None, Some(day("2025-08-14")), today).unwrap();
        assert_eq!(age.days(), 479);
        assert_eq!(
            age.to_string(),
            "newest 수정일시 2025-08-14, 479 days ago (no IMPORTED stamp)"
        );
        assert_eq!(Age::of(None, None, today), None);
        assert_eq!(age.warning(480), None);
        assert_eq!(age.warning(0), None);
        assert_eq!(
            age.warning(365).unwrap(),
            "the catalogue is older than import.max_age_days (365): newest 수정일시 2025-08-14, 479 days ago (no IMPORTED stamp); refresh it with `minwon import gov24 --api`"
        );
    }
}
