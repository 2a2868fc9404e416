//! `minwon import gov24 FILE...` and `minwon import gov24 --api`: bring the
//! national catalogue of services into the corpus, all or nothing, and
//! report what changed.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::config::Settings;
use crate::corpus::catalogue::read::Intake;
use crate::corpus::catalogue::{self, Bars, Changed, ImportError, ImportReport, Options, Refusal};
use crate::fetch::http::Retry;
use crate::fetch::key::{ServiceKey, KEY_VAR};
use crate::fetch::{self, Api, Progress};
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
    /// From FILEs (the snapshot's JSON lines and/or the API's page JSON,
    /// gzip or plain, together one complete snapshot), or with --api from
    /// the portal's API: serviceList, serviceDetail and supportConditions,
    /// joined on 서비스ID (the key comes from $MINWON_GOV24_KEY or the
    /// config's import.service_key_file). Each fetched page is saved in the
    /// download folder; a run that stopped part-way continues from there.
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
        #[arg(required_unless_present = "api", conflicts_with = "api")]
        files: Vec<PathBuf>,
        /// Fetch the catalogue from the public data portal's API (the
        /// config's import.api_url).
        #[arg(long)]
        api: bool,
        /// With --api: delete the pages an earlier run saved and start over.
        #[arg(long, requires = "api")]
        fresh: bool,
        /// With --api: where pages are saved until they are imported
        /// [default: <corpus>/catalogue/.download].
        #[arg(long, requires = "api", value_name = "DIR")]
        download_dir: Option<PathBuf>,
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
        api,
        fresh,
        download_dir,
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
    let result = if api {
        let download_dir = download_dir.unwrap_or_else(|| dir.join(fetch::DOWNLOAD_DIR));
        from_api(settings, &dir, &download_dir, fresh, &options)?
    } else {
        catalogue::import(&dir, &files, &options)
    };
    report(&dir, &options.bars, result)
}

/// Fetches every page (or continues), joins them and imports the records.
/// The saved pages are deleted once imported, kept when the import is
/// refused (a second run with the bar lifted needs no network).
fn from_api(
    settings: &Settings,
    dir: &Path,
    download_dir: &Path,
    fresh: bool,
    options: &Options,
) -> anyhow::Result<Result<ImportReport, ImportError>> {
    let config = &settings.config.import;
    let key = ServiceKey::find(
        std::env::var(KEY_VAR).ok(),
        settings.paths.service_key_file.as_deref(),
    )?;
    let api = Api {
        base_url: config.api_url.clone(),
        key,
        per_page: config.per_page,
        retry: Retry {
            tries: config.tries,
            backoff: config.backoff(),
            max_wait: fetch::MAX_WAIT,
            timeout: config.timeout(),
        },
        max_page_bytes: options.limits.max_page_bytes,
    };
    let shown = |text: String| for_display(&api.key.mask(&text));
    let mut progress = |p: Progress| eprintln!("minwon: {}", shown(p.to_string()));
    let download = fetch::fetch(&api, download_dir, fresh, options.today, &mut progress)
        .map_err(|err| anyhow::anyhow!(shown(format!("{:#}", anyhow::Error::new(err)))))?;
    let mut intake = Intake::new(options.limits.clone());
    let joined = download.records(&mut intake)?;
    eprintln!(
        "minwon: joined {} services ({} without serviceDetail, {} without supportConditions)",
        thousands(joined.services),
        thousands(joined.without_detail),
        thousands(joined.without_conditions)
    );
    let source = format!("api {}", api.base_url);
    let result = catalogue::import::import_inputs(dir, intake.finish(), source, options);
    if result.is_ok() {
        download.remove()?;
    } else {
        eprintln!(
            "minwon: the fetched pages stay in {} for the next run",
            download_dir.display()
        );
    }
    Ok(result)
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
