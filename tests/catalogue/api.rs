//! `minwon import gov24 --api` against a local server ([`super::server`])
//! that serves 300 records of the official snapshot as the portal's API
//! does: through 429s, 500s, dropped connections and slow answers to the
//! same catalogue as the snapshot's, a rejected key stopped at once, and an
//! interrupted fetch that a second run finishes with only the pages missing.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use minwon::corpus::catalogue::read::{Intake, Limits};
use minwon::corpus::catalogue::{self, Catalogue, Options, Service};
use minwon::fetch::http::Retry;
use minwon::fetch::key::ServiceKey;
use minwon::fetch::{self, Api, FetchError, Progress};
use serde_json::Value;

use super::server::{Fault, Server, KEY};
use crate::common::minwon_in;

const PER_PAGE: usize = 50;

/// The first 300 records of the official snapshot.
fn records() -> &'static [Value] {
    static RECORDS: OnceLock<Vec<Value>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        let file = std::fs::File::open(super::snapshot()).unwrap();
        std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file))
            .lines()
            .take(300)
            .map(|line| serde_json::from_str(&line.unwrap()).unwrap())
            .collect()
    })
}

/// The catalogue those records make.
fn expected() -> Catalogue {
    let services = records()
        .iter()
        .map(|r| Service::from_json(r.clone()).unwrap());
    Catalogue::new(services.collect())
}

fn api(server: &Server, key: &str) -> Api {
    Api {
        base_url: server.url.clone(),
        key: ServiceKey::find(Some(key.to_string()), None).unwrap(),
        per_page: PER_PAGE,
        retry: Retry {
            tries: 4,
            backoff: Duration::from_millis(10),
            max_wait: Duration::from_secs(2),
            timeout: Duration::from_millis(500),
        },
        max_page_bytes: Limits::default().max_page_bytes,
    }
}

fn today() -> catalogue::Date {
    catalogue::Date::today()
}

#[test]
fn a_fetch_through_failures_joins_into_the_snapshots_catalogue() {
    let server = Server::start(records(), PER_PAGE);
    let retry_after = Fault::Answer {
        status: 429,
        retry_after: Some(1),
        body: "{}".into(),
    };
    server.fault("serviceList", 2, Fault::status(500));
    server.fault("serviceList", 2, Fault::status(503));
    server.fault("serviceList", 4, retry_after);
    server.fault("serviceDetail", 1, Fault::Drop);
    server.fault(
        "supportConditions",
        3,
        Fault::Slow(Duration::from_millis(1500)),
    );
    let dir = tempfile::tempdir().unwrap();
    let mut events = Vec::new();
    let started = Instant::now();
    let download = fetch::fetch(
        &api(&server, KEY),
        &dir.path().join("download"),
        false,
        today(),
        &mut |p| events.push(p),
    )
    .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 is waited for"
    );
    let retries: Vec<String> = events
        .iter()
        .filter_map(|p| match p {
            Progress::Retrying { what, reason, .. } => Some(format!("{what}: {reason}")),
            _ => None,
        })
        .collect();
    let page = |endpoint: &str, n| {
        format!(
            "{endpoint} page {n} ({}/{endpoint}?page={n}&perPage={PER_PAGE}&serviceKey=***)",
            server.url
        )
    };
    // Each fault was met and tried again (a loaded machine may add a retry).
    let retried = |what: String, reason: &str| {
        retries
            .iter()
            .any(|r| r.starts_with(&format!("{what}: ")) && r.contains(reason))
    };
    assert!(retried(page("serviceList", 2), "HTTP 500"), "{retries:#?}");
    assert!(retried(page("serviceList", 2), "HTTP 503"), "{retries:#?}");
    assert!(retried(page("serviceList", 4), "HTTP 429"), "{retries:#?}");
    assert!(retried(page("serviceDetail", 1), ""), "{retries:#?}");
    assert!(
        retried(page("supportConditions", 3), "imeout"),
        "{retries:#?}"
    );
    let waited = events.iter().find_map(|p| match p {
        Progress::Retrying { wait, reason, .. } if reason == "HTTP 429" => Some(*wait),
        _ => None,
    });
    assert_eq!(waited, Some(Duration::from_secs(1)));
    assert!(events.iter().all(|p| !p.to_string().contains("test+key")));

    let mut intake = Intake::new(Limits::default());
    let joined = download.records(&mut intake).unwrap();
    assert_eq!(joined.services, 300);
    assert_eq!(joined.without_detail, 0);
    let inputs = intake.finish();
    assert!(inputs.problems.is_empty(), "{:?}", inputs.problems);
    let corpus = dir.path().join("corpus");
    let report = catalogue::import::import_inputs(
        &catalogue::dir(&corpus),
        inputs,
        format!("api {}", server.url),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(report.services, 300);
    assert_eq!(Catalogue::load(&corpus).unwrap(), expected());
}

#[test]
fn the_portals_error_answer_for_a_key_is_a_rejected_key() {
    let server = Server::start(records(), PER_PAGE);
    let answer = r#"{"code":-4,"msg":"등록되지 않은 인증키 입니다."}"#;
    server.fault(
        "serviceList",
        1,
        Fault::Answer {
            status: 200,
            retry_after: None,
            body: answer.into(),
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let err =
        fetch::fetch(&api(&server, KEY), dir.path(), false, today(), &mut |_| {}).unwrap_err();
    assert!(matches!(err, FetchError::RejectedKey { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "the public data portal rejected the service key (HTTP 200: 등록되지 않은 인증키 입니다.): check MINWON_GOV24_KEY or import.service_key_file"
    );
}

/// A config for the server with quick timeouts and backoff, the key in a
/// key file beside it.
fn config(dir: &Path, server: &Server, key: &str) -> PathBuf {
    std::fs::write(dir.join("gov24.key"), format!("{key}\n")).unwrap();
    let path = dir.join("minwon.toml");
    let text = format!(
        "[import]\napi_url = \"{}\"\nservice_key_file = \"gov24.key\"\nper_page = {PER_PAGE}\n\
         timeout_seconds = 5\ntries = 3\nbackoff_seconds = 0.01\n",
        server.url
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `minwon import gov24 --api` with a config into a corpus.
fn import_api(config: &Path, corpus: &Path) -> Output {
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--corpus",
        corpus.to_str().unwrap(),
        "import",
        "gov24",
        "--api",
    ];
    // The model folder is found in the repository, as for every command.
    minwon_in(crate::common::repo(), &[], &args, b"")
}

#[test]
fn a_rejected_key_stops_at_once_with_one_line_and_never_shows_the_key() {
    let server = Server::start(records(), PER_PAGE);
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &server, "wrong+key");
    let corpus = dir.path().join("corpus");
    let output = import_api(&config, &corpus);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "minwon: the public data portal rejected the service key (HTTP 401: 등록되지 않은 인증키 입니다.): check MINWON_GOV24_KEY or import.service_key_file\n"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("wrong"));
    assert!(server.take_served().is_empty());
    assert!(!corpus.join("catalogue/services").exists());
}

#[test]
fn an_interrupted_fetch_resumes_with_only_the_pages_missing() {
    let server = Server::start(records(), PER_PAGE);
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &server, KEY);
    let corpus = dir.path().join("corpus");
    server.go_down_after(Some(8));
    let output = import_api(&config, &corpus);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let last = stderr.lines().last().unwrap();
    let download = corpus.join("catalogue/.download");
    assert!(
        last.starts_with(&format!(
            "minwon: serviceDetail page 3 ({}/serviceDetail?page=3&perPage={PER_PAGE}&serviceKey=***): ",
            server.url
        )) && last.ends_with(&format!(
            "(tried 3 times); 8 pages are saved in {}: run the same command again to continue from there",
            download.display()
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("test+key") && !stderr.contains("test%2Bkey"),
        "{stderr}"
    );
    assert!(
        !corpus.join("catalogue/services").exists(),
        "nothing imported"
    );
    assert_eq!(server.take_served().len(), 8);

    // A damaged saved page is checked, found out and fetched again.
    let damaged = download.join("serviceList/0002.json");
    let bytes = std::fs::read(&damaged).unwrap();
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).unwrap();
    server.go_down_after(None);
    let output = import_api(&config, &corpus);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("minwon: continuing the download begun "),
        "{stderr}"
    );
    assert!(
        stderr.contains("minwon: serviceList: the saved page 2 does not check out"),
        "{stderr}"
    );
    let served = server.take_served();
    let pages = |endpoint: &'static str, range: std::ops::RangeInclusive<usize>| {
        range.map(move |n| (endpoint.to_string(), n))
    };
    let with_conditions = records()
        .iter()
        .filter(|r| r["supportConditions"].is_object())
        .count();
    let mut expected_pages: Vec<(String, usize)> = pages("serviceList", 2..=2)
        .chain(pages("serviceDetail", 3..=6))
        .chain(pages(
            "supportConditions",
            1..=with_conditions.div_ceil(PER_PAGE),
        ))
        .collect();
    expected_pages.sort();
    let mut served_once = served.clone();
    served_once.sort();
    served_once.dedup();
    assert_eq!(served_once, expected_pages, "{served:?}");
    assert_eq!(Catalogue::load(&corpus).unwrap(), expected());
    assert!(!download.exists(), "the pages go once imported");
    let stamp = std::fs::read_to_string(corpus.join("catalogue/IMPORTED")).unwrap();
    assert!(
        stamp.contains(&format!("source = \"api {}\"", server.url)),
        "{stamp}"
    );
}
