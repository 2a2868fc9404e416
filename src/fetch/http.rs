//! One request over HTTP(S) with timeouts, tried again with exponential
//! backoff and jitter on 429, 5xx and connection failures (a server's
//! Retry-After is honoured), a bounded number of times. Rejected keys and
//! other client errors are not tried again.

use std::cell::Cell;
use std::time::Duration;

use super::key::ServiceKey;
use super::{FetchError, Progress};

/// How patiently a request is tried.
#[derive(Debug, Clone, PartialEq)]
pub struct Retry {
    /// Tries in all, the first included.
    pub tries: u32,
    /// The wait after the first failure, doubled after each.
    pub backoff: Duration,
    /// No wait is longer, a server's Retry-After included.
    pub max_wait: Duration,
    /// For connecting, for the response to start, and for each read.
    pub timeout: Duration,
}

/// What one try came to.
pub enum Attempt<T> {
    Done(T),
    /// Worth another try: why, and how long the server asked to wait.
    Again {
        reason: String,
        after: Option<Duration>,
    },
    Fail(FetchError),
}

/// The wait before try `failed + 1`: the server's Retry-After when it gave
/// one, else `backoff × 2^(failed−1)`, half of it fixed and half random
/// (`random` is any number), never above `max_wait`.
pub fn wait(retry: &Retry, failed: u32, after: Option<Duration>, random: u64) -> Duration {
    if let Some(after) = after {
        return after.min(retry.max_wait);
    }
    let doubled = 2u32.saturating_pow(failed.saturating_sub(1));
    let full = retry.backoff.saturating_mul(doubled).min(retry.max_wait);
    let half = full / 2;
    let spread = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
    half + Duration::from_nanos(random % spread.saturating_add(1))
}

/// A Retry-After header in seconds (its date form is left to the backoff).
pub fn retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

pub struct Client {
    agent: ureq::Agent,
    retry: Retry,
    seed: Cell<u64>,
}

/// A response body as read, with its status.
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
    pub retry_after: Option<Duration>,
}

impl Client {
    pub fn new(retry: Retry) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(retry.timeout))
            .timeout_recv_response(Some(retry.timeout))
            .timeout_per_read(Some(retry.timeout))
            .user_agent(concat!("minwon/", env!("CARGO_PKG_VERSION")))
            .build();
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id()).rotate_left(32);
        Client {
            agent: config.new_agent(),
            retry,
            seed: Cell::new(seed | 1),
        }
    }

    /// GETs `url`, reading at most `max_body` bytes of the answer. A
    /// transport failure (no connection, a timeout, a connection dropped
    /// mid-answer) is tried again; so is what `judge` says to.
    pub fn get<T>(
        &self,
        url: &str,
        key: &ServiceKey,
        max_body: u64,
        what: &str,
        judge: &mut dyn FnMut(Response) -> Attempt<T>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<T, FetchError> {
        let mut failed = 0;
        loop {
            let attempt = match self.once(url, max_body) {
                Ok(response) => judge(response),
                Err(err) => Attempt::Again {
                    reason: key.mask(&err.to_string()),
                    after: None,
                },
            };
            let (reason, after) = match attempt {
                Attempt::Done(value) => return Ok(value),
                Attempt::Fail(err) => return Err(err),
                Attempt::Again { reason, after } => (reason, after),
            };
            failed += 1;
            if failed >= self.retry.tries {
                return Err(FetchError::GaveUp {
                    what: what.to_string(),
                    reason,
                    tries: failed,
                });
            }
            let wait = wait(&self.retry, failed, after, self.random());
            progress(Progress::Retrying {
                what: what.to_string(),
                reason,
                wait,
                next: failed + 1,
                tries: self.retry.tries,
            });
            std::thread::sleep(wait);
        }
    }

    fn once(&self, url: &str, max_body: u64) -> Result<Response, ureq::Error> {
        let mut response = self.agent.get(url).call()?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(retry_after);
        let body = response
            .body_mut()
            .with_config()
            .limit(max_body)
            .read_to_vec()?;
        Ok(Response {
            status,
            body,
            retry_after,
        })
    }

    /// xorshift64: jitter needs no better.
    fn random(&self) -> u64 {
        let mut x = self.seed.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.seed.set(x);
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_with_jitter_and_honour_retry_after_up_to_the_cap() {
        let retry = Retry {
            tries: 5,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(60),
            timeout: Duration::from_secs(30),
        };
        let secs = |d: Duration| d.as_secs_f64();
        assert_eq!(secs(wait(&retry, 1, None, 0)), 0.5);
        assert_eq!(secs(wait(&retry, 1, None, 500_000_000)), 1.0);
        assert_eq!(secs(wait(&retry, 3, None, 0)), 2.0);
        assert!(secs(wait(&retry, 3, None, u64::MAX)) <= 4.0);
        assert_eq!(secs(wait(&retry, 30, None, 0)), 30.0);
        let after = Some(Duration::from_secs(7));
        assert_eq!(secs(wait(&retry, 1, after, 99)), 7.0);
        assert_eq!(
            secs(wait(&retry, 1, Some(Duration::from_secs(3600)), 0)),
            60.0
        );
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        assert_eq!(retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(retry_after("Wed, 21 Oct 2026 07:28:00 GMT"), None);
    }
}
