//! The `[import]` table: where `minwon import gov24 --api` fetches the
//! national catalogue, with which key, how patiently, and when `minwon
//! check` calls the imported catalogue old.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

/// The public data portal's 대한민국 공공서비스(혜택) 정보 API (odcloud).
pub const DEFAULT_API_URL: &str = "https://api.odcloud.kr/api/gov24/v3";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportConfig {
    /// The API's base URL; `/serviceList`, `/serviceDetail` and
    /// `/supportConditions` are appended.
    pub api_url: String,
    /// A file holding the data.go.kr service key (relative to the config
    /// file); the environment's MINWON_GOV24_KEY wins over it.
    pub service_key_file: Option<PathBuf>,
    /// `minwon check` warns when the catalogue is older than this; 0: never.
    pub max_age_days: u32,
    /// Records asked for per page.
    pub per_page: usize,
    /// Seconds to wait for a connection, and for each response.
    pub timeout_seconds: f64,
    /// Tries per page before the fetch stops (the next run resumes).
    pub tries: u32,
    /// The first wait between tries, in seconds, doubled after each (with
    /// jitter); a server's Retry-After is honoured instead.
    pub backoff_seconds: f64,
}

impl Default for ImportConfig {
    fn default() -> Self {
        Self {
            api_url: DEFAULT_API_URL.into(),
            service_key_file: None,
            max_age_days: 365,
            per_page: 1000,
            timeout_seconds: 30.0,
            tries: 5,
            backoff_seconds: 1.0,
        }
    }
}

/// The most records a page may ask for.
const MAX_PER_PAGE: usize = 10_000;

impl ImportConfig {
    pub fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.timeout_seconds)
    }

    pub fn backoff(&self) -> Duration {
        Duration::from_secs_f64(self.backoff_seconds)
    }

    /// The rules of [`super::Config::check`] for `[import]`: the field and why.
    pub(super) fn check_rules(&self) -> Result<(), (&'static str, String)> {
        if !(self.api_url.starts_with("https://") || self.api_url.starts_with("http://")) {
            return Err((
                "import.api_url",
                format!("{:?} is not an http(s):// address", self.api_url),
            ));
        }
        if !(1..=MAX_PER_PAGE).contains(&self.per_page) {
            return Err((
                "import.per_page",
                format!("{} is not between 1 and {MAX_PER_PAGE}", self.per_page),
            ));
        }
        let seconds = |field, value: f64, least: f64| {
            if (least..=3600.0).contains(&value) {
                Ok(())
            } else {
                Err((
                    field,
                    format!("{value} is not between {least} and 3600 seconds"),
                ))
            }
        };
        seconds("import.timeout_seconds", self.timeout_seconds, 0.001)?;
        seconds("import.backoff_seconds", self.backoff_seconds, 0.0)?;
        if !(1..=20).contains(&self.tries) {
            return Err((
                "import.tries",
                format!("{} is not between 1 and 20", self.tries),
            ));
        }
        Ok(())
    }
}
