//! `minwon import gov24 FILE...`: bring the national catalogue of services
//! into the corpus, all or nothing, and report what changed.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::config::Settings;
use crate::corpus::catalogue::{self, Bars, Changed, ImportError, ImportReport, Options, Refusal};
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
    /// it whole.
    ///
    /// FILEs are the snapshot's JSON lines and/or the API's page JSON, gzip
    /// or plain, together one complete snapshot.
    ///
    /// Each skipped record is printed as `path:line: 서비스ID …: problem`,
    /// then the services added, changed (with the fields) and removed. All
    /// or nothing: the new catalogue is written beside the old one and
    /// swapped in whole. It is refused, and nothing changes, when more than
    /// 5 % of the records would be skipped or more than 5 % of the stored
    /// services removed (see --max-skipped-share and --accept-removals).
    ///
    /// Exit codes: 0 imported, no record skipped; 1 imported, some records
    /// skipped; 2 error, nothing changed; 4 refused by a bar, nothing
    /// changed.
    Gov24 {
        /// Snapshot (.jsonl, .jsonl.gz) or API page (.json, .json.gz) files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Accept up to N removed services, past the 5 % bar.
        #[arg(long, value_name = "N")]
        accept_removals: Option<usize>,
        /// The largest share of records (0 to 1) that may be skipped
        /// [default: 0.05].
        #[arg(long, value_name = "X", value_parser = share)]
        max_skipped_share: Option<f64>,
    },
}

fn share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err("must be a number from 0 to 1, e.g. 0.1 for 10 %".into()),
    }
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<Outcome> {
    let Source::Gov24 {
        files,
        accept_removals,
        max_skipped_share,
    } = args.source;
    let dir = catalogue::dir(&settings.paths.corpus);
    let defaults = Bars::default();
    let options = Options {
        bars: Bars {
            max_skipped_share: max_skipped_share.unwrap_or(defaults.max_skipped_share),
            accept_removals,
            ..defaults
        },
        ..Options::default()
    };
    let result = catalogue::import(&dir, &files, &options);
    report(&dir, &options.bars, result)
}

/// Prints what the import did (or would have done) and chooses the outcome.
fn report(
    dir: &Path,
    bars: &Bars,
    result: Result<ImportReport, ImportError>,
) -> anyhow::Result<Outcome> {
    let report = match result {
        Ok(report) => report,
        Err(ImportError::Refused {
            refusals,
            problems,
            recovered,
        }) => {
            for note in &recovered {
                eprintln!("minwon: {note}");
            }
            for problem in &problems {
                println!("{problem}");
            }
            for refusal in &refusals {
                eprintln!("minwon: {}", refusal_line(refusal, bars));
            }
            eprintln!("minwon: nothing changed in {}", dir.display());
            return Ok(Outcome::Refused);
        }
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
    for note in &report.recovered {
        eprintln!("minwon: {note}");
    }
    for problem in &report.problems {
        println!("{problem}");
    }
    print_changes(dir, &report);
    Ok(if report.problems.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}

fn print_changes(dir: &Path, report: &ImportReport) {
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
}

/// `would remove 10,155 of 10,160 services: refused; if this is right, run
/// again with --accept-removals 10155`
fn refusal_line(refusal: &Refusal, bars: &Bars) -> String {
    let advice = "refused; if this is right, run again with";
    match *refusal {
        Refusal::Removed { removed, current } => format!(
            "would remove {} of {} services: {advice} --accept-removals {removed}",
            thousands(removed),
            thousands(current)
        ),
        Refusal::Skipped { skipped, records } => {
            let share = skipped as f64 / records.max(1) as f64;
            format!(
                "would skip {} of {} records ({}, more than {}): {advice} --max-skipped-share {}",
                thousands(skipped),
                thousands(records),
                percent(share),
                percent(bars.max_skipped_share),
                (share * 1000.0).ceil() / 1000.0
            )
        }
    }
}

/// `12 %`, `0.6 %`
fn percent(share: f64) -> String {
    format!("{} %", (share * 1000.0).round() / 10.0)
}

/// `10,160`
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_would_have_happened_and_how_to_go_ahead() {
        let bars = Bars::default();
        let removed = Refusal::Removed {
            removed: 10_155,
            current: 10_160,
        };
        assert_eq!(
            refusal_line(&removed, &bars),
            "would remove 10,155 of 10,160 services: refused; if this is right, run again with --accept-removals 10155"
        );
        let skipped = Refusal::Skipped {
            skipped: 1,
            records: 3,
        };
        assert_eq!(
            refusal_line(&skipped, &bars),
            "would skip 1 of 3 records (33.3 %, more than 5 %): refused; if this is right, run again with --max-skipped-share 0.334"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
