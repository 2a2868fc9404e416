//! `minwon import gov24 FILE...`: bring the national catalogue of services
//! into the corpus and report what changed.

use std::path::PathBuf;

use super::Outcome;
use crate::config::Settings;
use crate::corpus::catalogue::{self, Changed, ImportError};
use crate::sanitize::for_display;

/// Import services from outside sources into the corpus.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, clap::Subcommand)]
enum Source {
    /// Import the national catalogue of public services (Gov24 / 보조금24,
    /// data.go.kr "공공서비스(혜택) 정보") into <corpus>/catalogue/, replacing
    /// it: FILEs are the snapshot's JSON lines and/or the API's page JSON,
    /// gzip or plain, together one complete snapshot. Each skipped record is
    /// printed as `path:line: 서비스ID …: problem`, then the services
    /// added, changed (with the fields) and removed. Exits 0 when every
    /// record imported, 1 when some were skipped, 2 when nothing could be
    /// imported or a file could not be read.
    Gov24 {
        /// Snapshot (.jsonl, .jsonl.gz) or API page (.json) files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    let Source::Gov24 { files } = args.source;
    let dir = catalogue::dir(&settings.paths.corpus);
    let report = match catalogue::import(&dir, &files) {
        Ok(report) => report,
        Err(ImportError::NothingImportable { problems }) => {
            for problem in &problems {
                println!("{problem}");
            }
            return Err(ImportError::NothingImportable { problems }.into());
        }
        Err(err) => {
            return Err(anyhow::Error::new(err).context(format!("importing into {}", dir.display())))
        }
    };
    for problem in &report.problems {
        println!("{problem}");
    }
    let changes = &report.changes;
    let lines = [
        ("added", &changes.added),
        ("changed", &changes.changed),
        ("removed", &changes.removed),
    ];
    for (what, services) in lines {
        for service in services {
            println!("{what} {}", describe(service));
        }
    }
    let saved = &report.saved;
    println!(
        "{}: {} files written, {} unchanged, {} removed",
        dir.join(catalogue::store::SERVICES_DIR).display(),
        saved.written.len(),
        saved.unchanged,
        saved.removed.len()
    );
    let problems = report.problems.len();
    println!(
        "imported {} services ({} added, {} changed, {} removed), {problems} problem{} skipped",
        report.services,
        changes.added.len(),
        changes.changed.len(),
        changes.removed.len(),
        if problems == 1 { "" } else { "s" },
    );
    Ok(if problems == 0 {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}

/// `000000465790 유아학비 (누리과정) 지원: 지원내용, 수정일시`
fn describe(service: &Changed) -> String {
    let mut line = format!("{} {}", service.id, for_display(&service.name));
    if !service.fields.is_empty() {
        line.push_str(": ");
        line.push_str(&service.fields.join(", "));
    }
    line
}
