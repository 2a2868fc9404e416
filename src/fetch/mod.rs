//! The national catalogue fetched from the public data portal's API
//! (odcloud `gov24/v3`, 대한민국 공공서비스(혜택) 정보): every page of
//! `serviceList`, `serviceDetail` and `supportConditions`, each saved as it
//! arrives so that an interrupted run resumes, then joined on 서비스ID into
//! the records a snapshot holds, for [`crate::corpus::catalogue::import`].
//! - [`key`]: the service key, never shown.
//! - [`http`]: one request with timeouts, retries and backoff.
//! - [`pages`]: the download folder: saved pages, checked, resumed.
//! - [`join`]: the three endpoints' rows as one record per service.

pub mod http;
pub mod join;
pub mod key;
pub mod pages;

mod progress;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::corpus::catalogue::read::{Intake, ReadError};
use crate::corpus::catalogue::{Date, Origin};
use http::{Attempt, Client, Response, Retry};
use key::ServiceKey;
use pages::{check_page, BadPage, Folder, Opened, PageInfo, Run};
pub use progress::Progress;

/// The API's three endpoints, in the order they are fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    List,
    Detail,
    Conditions,
}

impl Endpoint {
    pub const ALL: [Endpoint; 3] = [Endpoint::List, Endpoint::Detail, Endpoint::Conditions];

    pub fn name(self) -> &'static str {
        match self {
            Endpoint::List => "serviceList",
            Endpoint::Detail => "serviceDetail",
            Endpoint::Conditions => "supportConditions",
        }
    }
}

/// The download folder's name inside the catalogue folder (gitignored).
pub const DOWNLOAD_DIR: &str = ".download";

/// The wait no retry exceeds, a server's Retry-After included.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// Where and how to fetch.
#[derive(Debug, Clone)]
pub struct Api {
    /// e.g. `https://api.odcloud.kr/api/gov24/v3`
    pub base_url: String,
    pub key: ServiceKey,
    pub per_page: usize,
    pub retry: Retry,
    /// The most bytes one page may hold.
    pub max_page_bytes: u64,
}

impl Api {
    fn url(&self, endpoint: Endpoint, page: usize, key: &str) -> String {
        format!(
            "{}/{}?page={page}&perPage={}&serviceKey={key}",
            self.base_url.trim_end_matches('/'),
            endpoint.name(),
            self.per_page
        )
    }

    /// A page and its address with the key masked, for messages.
    fn what(&self, endpoint: Endpoint, page: usize) -> String {
        format!(
            "{} page {page} ({})",
            endpoint.name(),
            self.url(endpoint, page, key::MASK)
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("no service key: set {} or import.service_key_file (a data.go.kr key for 대한민국 공공서비스(혜택) 정보)", key::KEY_VAR)]
    NoKey,
    #[error("{}: cannot read the service key", path.display())]
    KeyFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the service key in {from} is empty or holds spaces")]
    BadKey { from: String },
    #[error("the public data portal rejected the service key ({detail}): check {} or import.service_key_file", key::KEY_VAR)]
    RejectedKey { detail: String },
    #[error("{what}: the portal answered error {code}: {msg}")]
    Portal {
        what: String,
        code: i64,
        msg: String,
    },
    #[error("{what}: HTTP {status}: {body}")]
    Http {
        what: String,
        status: u16,
        body: String,
    },
    #[error("{what}: {reason} (tried {tries} times)")]
    GaveUp {
        what: String,
        reason: String,
        tries: u32,
    },
    /// A fetch that stopped part-way; the next run resumes it.
    #[error("{cause}; {saved} pages are saved in {}: run the same command again to continue from there", dir.display())]
    Stopped {
        cause: Box<FetchError>,
        saved: usize,
        dir: PathBuf,
    },
    #[error("{}: another download is running", path.display())]
    Busy { path: PathBuf },
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
    #[error("{}: the saved page is damaged ({message}); run again with --fresh", path.display())]
    Damaged { path: PathBuf, message: String },
    #[error(transparent)]
    Intake(#[from] ReadError),
}

/// Every page of every endpoint, saved in the download folder `dir`
/// (continuing a run of the same parameters unless `fresh`).
pub fn fetch(
    api: &Api,
    dir: &Path,
    fresh: bool,
    today: Date,
    progress: &mut dyn FnMut(Progress),
) -> Result<Download, FetchError> {
    let run = Run {
        api_url: api.base_url.clone(),
        per_page: api.per_page,
        started: today.to_string(),
    };
    let (folder, opened) = Folder::open(dir, &run, fresh)?;
    match opened {
        Opened::New => {}
        Opened::Resumed { started } => progress(Progress::Resuming {
            dir: dir.to_path_buf(),
            started,
        }),
        Opened::StartedOver { reason } => progress(Progress::StartingOver { reason }),
    }
    let client = Client::new(api.retry.clone());
    let mut pages = [0; 3];
    for (i, endpoint) in Endpoint::ALL.into_iter().enumerate() {
        pages[i] =
            fetch_endpoint(&client, &folder, api, endpoint, progress).map_err(
                |cause| match cause {
                    FetchError::GaveUp { .. } => FetchError::Stopped {
                        cause: Box::new(cause),
                        saved: folder.saved_pages(),
                        dir: dir.to_path_buf(),
                    },
                    cause => cause,
                },
            )?;
    }
    Ok(Download {
        folder,
        pages,
        per_page: api.per_page,
        max_page_bytes: api.max_page_bytes,
    })
}

/// Every page of one endpoint; how many there are.
fn fetch_endpoint(
    client: &Client,
    folder: &Folder,
    api: &Api,
    endpoint: Endpoint,
    progress: &mut dyn FnMut(Progress),
) -> Result<usize, FetchError> {
    let mut kept = 0;
    let mut page = 1;
    let mut pages = 1;
    while page <= pages {
        let (info, fetched) = ensure_page(client, folder, api, endpoint, page, progress)?;
        if page == 1 {
            pages = info.total.div_ceil(api.per_page).max(1);
        }
        if fetched {
            progress(Progress::Fetched {
                endpoint: endpoint.name(),
                page,
                pages,
                rows: info.rows,
            });
        } else {
            kept += 1;
        }
        page += 1;
    }
    if kept > 0 {
        progress(Progress::Kept {
            endpoint: endpoint.name(),
            kept,
            pages,
        });
    }
    Ok(pages)
}

/// A page from the folder when it is saved and checks out, else from the
/// API (then saved); whether it was fetched.
fn ensure_page(
    client: &Client,
    folder: &Folder,
    api: &Api,
    endpoint: Endpoint,
    page: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<(PageInfo, bool), FetchError> {
    if let Some(bytes) = folder.read(endpoint, page, api.max_page_bytes)? {
        match check_page(&bytes, page, api.per_page) {
            Ok(info) => return Ok((info, false)),
            Err(bad) => progress(Progress::Refetching {
                endpoint: endpoint.name(),
                page,
                reason: describe(&bad),
            }),
        }
    }
    let what = api.what(endpoint, page);
    let url = api.url(endpoint, page, &api.key.query_value());
    let mut verdict = |response: Response| judge(response, page, api.per_page, &what);
    let (bytes, info) = client.get(
        &url,
        &api.key,
        api.max_page_bytes,
        &what,
        &mut verdict,
        progress,
    )?;
    folder.save(endpoint, page, &bytes)?;
    Ok((info, true))
}

fn describe(bad: &BadPage) -> String {
    match bad {
        BadPage::Portal { code, msg } => format!("the portal's error {code}: {msg}"),
        BadPage::Malformed(message) => message.clone(),
    }
}

/// What one answer is: a page, a reason to try again, or the end.
fn judge(
    response: Response,
    page: usize,
    per_page: usize,
    what: &str,
) -> Attempt<(Vec<u8>, PageInfo)> {
    let status = response.status;
    let portal = check_page(&response.body, page, per_page);
    let detail = |text: &str| format!("HTTP {status}: {}", preview(text));
    match (status, portal) {
        (200, Ok(info)) => Attempt::Done((response.body, info)),
        (_, Err(BadPage::Portal { code: -4, msg })) => Attempt::Fail(FetchError::RejectedKey {
            detail: detail(&msg),
        }),
        (401 | 403, _) => Attempt::Fail(FetchError::RejectedKey {
            detail: detail(&String::from_utf8_lossy(&response.body)),
        }),
        (429 | 500..=599, _) => Attempt::Again {
            reason: format!("HTTP {status}"),
            after: response.retry_after,
        },
        (200, Err(BadPage::Portal { code, msg })) => Attempt::Fail(FetchError::Portal {
            what: what.to_string(),
            code,
            msg: preview(&msg),
        }),
        (200, Err(BadPage::Malformed(message))) => Attempt::Again {
            reason: message,
            after: None,
        },
        (_, _) => Attempt::Fail(FetchError::Http {
            what: what.to_string(),
            status,
            body: preview(&String::from_utf8_lossy(&response.body)),
        }),
    }
}

/// At most 200 characters of a server's text, on one line.
fn preview(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(200) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}

/// The saved pages of a finished fetch.
#[derive(Debug)]
pub struct Download {
    folder: Folder,
    /// Pages of each endpoint, in [`Endpoint::ALL`] order.
    pages: [usize; 3],
    per_page: usize,
    max_page_bytes: u64,
}

impl Download {
    /// Feeds the joined records into an import's intake.
    pub fn records(&self, intake: &mut Intake) -> Result<join::Joined, FetchError> {
        let mut details = join::Index::new();
        let mut conditions = join::Index::new();
        for page in 1..=self.pages[1] {
            join::index(&mut details, self.rows(Endpoint::Detail, page)?.1);
        }
        for page in 1..=self.pages[2] {
            join::index(&mut conditions, self.rows(Endpoint::Conditions, page)?.1);
        }
        let mut joined = join::Joined::default();
        for page in 1..=self.pages[0] {
            let (path, rows) = self.rows(Endpoint::List, page)?;
            for (i, row) in rows.into_iter().enumerate() {
                let origin = Origin::Record {
                    path: path.clone(),
                    page: Some(page as u64),
                    record: i + 1,
                };
                let record = join::record(row, &mut details, &mut conditions, &mut joined);
                intake.add(origin, Ok(record))?;
            }
        }
        Ok(joined)
    }

    /// A saved page's rows (checked once more).
    fn rows(&self, endpoint: Endpoint, page: usize) -> Result<(PathBuf, Vec<Value>), FetchError> {
        let path = self.folder.page_path(endpoint, page);
        let damaged = |message: String| FetchError::Damaged {
            path: path.clone(),
            message,
        };
        let bytes = self
            .folder
            .read(endpoint, page, self.max_page_bytes)?
            .ok_or_else(|| damaged("missing".into()))?;
        check_page(&bytes, page, self.per_page).map_err(|bad| damaged(describe(&bad)))?;
        let mut value: Value =
            serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
        let rows = match value.get_mut("data").map(Value::take) {
            Some(Value::Array(rows)) => rows,
            _ => Vec::new(),
        };
        Ok((path, rows))
    }

    /// Deletes the saved pages (after they were imported).
    pub fn remove(self) -> Result<(), FetchError> {
        self.folder.remove()
    }
}
