//! What a fetch reports as it goes, one line each (the command prints them
//! on stderr).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// Pages of an earlier run of the same parameters are there.
    Resuming { dir: PathBuf, started: String },
    /// Pages of another run (or `--fresh`) were deleted.
    StartingOver { reason: String },
    Fetched {
        endpoint: &'static str,
        page: usize,
        pages: usize,
        rows: usize,
    },
    /// Pages of an endpoint that were saved already and checked out.
    Kept {
        endpoint: &'static str,
        kept: usize,
        pages: usize,
    },
    /// A saved page did not check out.
    Refetching {
        endpoint: &'static str,
        page: usize,
        reason: String,
    },
    Retrying {
        what: String,
        reason: String,
        wait: Duration,
        next: u32,
        tries: u32,
    },
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Progress::Resuming { dir, started } => write!(
                f,
                "continuing the download begun {started} in {} (--fresh starts over)",
                dir.display()
            ),
            Progress::StartingOver { reason } => {
                write!(f, "starting the download over ({reason})")
            }
            Progress::Fetched {
                endpoint,
                page,
                pages,
                rows,
            } => write!(
                f,
                "{endpoint}: page {page} of {pages} fetched ({rows} records)"
            ),
            Progress::Kept {
                endpoint,
                kept,
                pages,
            } => write!(f, "{endpoint}: {kept} of {pages} pages were saved already"),
            Progress::Refetching {
                endpoint,
                page,
                reason,
            } => write!(
                f,
                "{endpoint}: the saved page {page} does not check out ({reason}); fetching it again"
            ),
            Progress::Retrying {
                what,
                reason,
                wait,
                next,
                tries,
            } => write!(
                f,
                "{what}: {reason}; trying again in {:.1} s (try {next} of {tries})",
                wait.as_secs_f64()
            ),
        }
    }
}
