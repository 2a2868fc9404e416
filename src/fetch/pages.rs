//! The download folder (default `corpus/catalogue/.download/`): the run's
//! parameters in `run.json` and every page as the API gave it, in
//! `<endpoint>/NNNN.json`, each written atomically. A page is checked when
//! it arrives and again when a later run resumes from it.

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Endpoint, FetchError};
use crate::corpus::catalogue::replace;

/// The parameters a saved page was fetched with: pages of another run
/// cannot be mixed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// The API's base URL (the key is never saved).
    pub api_url: String,
    pub per_page: usize,
    /// The day the run began (YYYY-MM-DD).
    pub started: String,
}

const RUN_FILE: &str = "run.json";

/// What a page says of itself, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageInfo {
    /// totalCount: the records of every page together.
    pub total: usize,
    /// The records on this page.
    pub rows: usize,
}

/// Why a page's bytes are not a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadPage {
    /// The portal's error answer, e.g. `{"code": -4, "msg": "등록되지 않은 인증키 입니다."}`.
    Portal {
        code: i64,
        msg: String,
    },
    Malformed(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Head {
    page: Option<u64>,
    per_page: Option<u64>,
    total_count: Option<u64>,
    current_count: Option<u64>,
    data: Option<Vec<serde::de::IgnoredAny>>,
    code: Option<i64>,
    msg: Option<String>,
}

/// Checks that `bytes` are page `page` of `per_page` records, whole.
pub fn check_page(bytes: &[u8], page: usize, per_page: usize) -> Result<PageInfo, BadPage> {
    let head: Head = serde_json::from_slice(bytes)
        .map_err(|e| BadPage::Malformed(format!("not a page: {e}")))?;
    let malformed = |message: String| Err(BadPage::Malformed(message));
    let Some(data) = head.data else {
        return match head.code {
            Some(code) => Err(BadPage::Portal {
                code,
                msg: head.msg.unwrap_or_default(),
            }),
            None => malformed("no \"data\" array".into()),
        };
    };
    let said = |value: Option<u64>| value.map_or("none".to_string(), |v| v.to_string());
    if head.page != Some(page as u64) {
        return malformed(format!("it says page {}, not {page}", said(head.page)));
    }
    if head.per_page != Some(per_page as u64) {
        return malformed(format!(
            "it says perPage {}, not {per_page} (lower import.per_page to what the API allows)",
            said(head.per_page)
        ));
    }
    let Some(total) = head.total_count.map(|t| t as usize) else {
        return malformed("no totalCount".into());
    };
    let expected = total.saturating_sub((page - 1) * per_page).min(per_page);
    let consistent = head.current_count.is_none_or(|c| c as usize == data.len());
    if data.len() != expected || !consistent {
        return malformed(format!(
            "{} records, not {expected} (totalCount {total})",
            data.len()
        ));
    }
    Ok(PageInfo {
        total,
        rows: data.len(),
    })
}

/// The download folder, locked against another download for as long as
/// this lives.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    _lock: File,
}

/// How [`Folder::open`] found the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    New,
    /// Pages of the same run are there: the run continues.
    Resumed {
        started: String,
    },
    /// The pages there were of another run (or `--fresh`): deleted.
    StartedOver {
        reason: String,
    },
}

impl Folder {
    /// Opens (or creates) the folder for `run`; pages of another run, or
    /// any with `fresh`, are deleted first.
    pub fn open(dir: &Path, run: &Run, fresh: bool) -> Result<(Folder, Opened), FetchError> {
        std::fs::create_dir_all(dir).map_err(write_err(dir))?;
        let lock = File::open(dir).map_err(write_err(dir))?;
        lock.try_lock().map_err(|err| match err {
            std::fs::TryLockError::WouldBlock => FetchError::Busy {
                path: dir.to_path_buf(),
            },
            std::fs::TryLockError::Error(source) => write_err(dir)(source),
        })?;
        let folder = Folder {
            dir: dir.to_path_buf(),
            _lock: lock,
        };
        let saved: Option<Run> = std::fs::read(dir.join(RUN_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let opened = match saved {
            Some(_) if fresh => Opened::StartedOver {
                reason: "--fresh".into(),
            },
            Some(saved) if saved.api_url == run.api_url && saved.per_page == run.per_page => {
                return Ok((
                    folder,
                    Opened::Resumed {
                        started: saved.started,
                    },
                ));
            }
            Some(saved) => Opened::StartedOver {
                reason: format!(
                    "the saved pages are of {} with perPage {}",
                    saved.api_url, saved.per_page
                ),
            },
            None => Opened::New,
        };
        folder.clear()?;
        let text = serde_json::to_string_pretty(run).unwrap_or_default();
        write_synced(&dir.join(RUN_FILE), text.as_bytes())?;
        Ok((folder, opened))
    }

    pub fn page_path(&self, endpoint: Endpoint, page: usize) -> PathBuf {
        self.dir
            .join(endpoint.name())
            .join(format!("{page:04}.json"))
    }

    /// A saved page's bytes, none when it was never saved.
    pub fn read(
        &self,
        endpoint: Endpoint,
        page: usize,
        max: u64,
    ) -> Result<Option<Vec<u8>>, FetchError> {
        use std::io::Read;
        let path = self.page_path(endpoint, page);
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(FetchError::Read { path, source }),
        };
        let mut bytes = Vec::new();
        file.take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| FetchError::Read { path, source })?;
        Ok(Some(bytes))
    }

    pub fn save(&self, endpoint: Endpoint, page: usize, bytes: &[u8]) -> Result<(), FetchError> {
        let path = self.page_path(endpoint, page);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        write_synced(&path, bytes)
    }

    /// Pages saved so far, of every endpoint.
    pub fn saved_pages(&self) -> usize {
        Endpoint::ALL
            .iter()
            .filter_map(|e| std::fs::read_dir(self.dir.join(e.name())).ok())
            .map(|entries| entries.filter(|e| e.is_ok()).count())
            .sum()
    }

    /// Deletes what a run saved (and only that: the folder may be one the
    /// maintainer named), then the folder itself when it is left empty.
    pub fn clear(&self) -> Result<(), FetchError> {
        for endpoint in Endpoint::ALL {
            let sub = self.dir.join(endpoint.name());
            if sub.exists() {
                std::fs::remove_dir_all(&sub).map_err(write_err(&sub))?;
            }
        }
        let run = self.dir.join(RUN_FILE);
        if run.exists() {
            std::fs::remove_file(&run).map_err(write_err(&run))?;
        }
        Ok(())
    }

    /// Clears the folder and removes it when nothing else is in it.
    pub fn remove(self) -> Result<(), FetchError> {
        self.clear()?;
        let _ = std::fs::remove_dir(&self.dir);
        Ok(())
    }
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> FetchError {
    let path = path.to_path_buf();
    move |source| FetchError::Write { path, source }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    replace::write_synced(path, bytes).map_err(write_err(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: u64, per_page: u64, total: u64, rows: usize) -> Vec<u8> {
        let data: Vec<u64> = (0..rows as u64).collect();
        serde_json::json!({"page": page, "perPage": per_page, "totalCount": total,
            "currentCount": rows, "matchCount": total, "data": data})
        .to_string()
        .into_bytes()
    }

    #[test]
    fn a_page_must_be_the_one_asked_for_and_whole() {
        assert_eq!(
            check_page(&page(2, 10, 25, 10), 2, 10),
            Ok(PageInfo {
                total: 25,
                rows: 10
            })
        );
        assert_eq!(
            check_page(&page(3, 10, 25, 5), 3, 10),
            Ok(PageInfo { total: 25, rows: 5 })
        );
        assert_eq!(
            check_page(&page(1, 10, 0, 0), 1, 10),
            Ok(PageInfo { total: 0, rows: 0 })
        );
        let bad = |bytes: &[u8], n, per| match check_page(bytes, n, per) {
            Err(BadPage::Malformed(message)) => message,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            bad(&page(3, 10, 25, 4), 3, 10),
            "4 records, not 5 (totalCount 25)"
        );
        assert_eq!(bad(&page(2, 10, 25, 10), 3, 10), "it says page 2, not 3");
        assert!(bad(&page(1, 5, 25, 5), 1, 10).starts_with("it says perPage 5, not 10"));
        assert!(bad(&page(1, 10, 25, 10)[..40], 1, 10).starts_with("not a page: "));
    }

    #[test]
    fn the_portals_error_answer_is_told_apart() {
        let answer = r#"{"code":-4,"msg":"등록되지 않은 인증키 입니다."}"#;
        assert_eq!(
            check_page(answer.as_bytes(), 1, 10),
            Err(BadPage::Portal {
                code: -4,
                msg: "등록되지 않은 인증키 입니다.".into()
            })
        );
    }

    #[test]
    fn a_run_resumes_only_with_the_same_parameters() {
        let dir = tempfile::tempdir().unwrap();
        let download = dir.path().join(".download");
        let run = Run {
            api_url: "http://127.0.0.1:1/v3".into(),
            per_page: 10,
            started: "2026-12-06".into(),
        };
        let (folder, opened) = Folder::open(&download, &run, false).unwrap();
        assert_eq!(opened, Opened::New);
        folder.save(Endpoint::List, 1, b"{}").unwrap();
        assert!(matches!(
            Folder::open(&download, &run, false),
            Err(FetchError::Busy { .. })
        ));
        drop(folder);
        let later = Run {
            started: "2026-12-07".into(),
            ..run.clone()
        };
        let (folder, opened) = Folder::open(&download, &later, false).unwrap();
        assert_eq!(
            opened,
            Opened::Resumed {
                started: "2026-12-06".into()
            }
        );
        assert_eq!(folder.saved_pages(), 1);
        drop(folder);
        let other = Run {
            per_page: 20,
            ..run.clone()
        };
        let (folder, opened) = Folder::open(&download, &other, false).unwrap();
        assert!(matches!(opened, Opened::StartedOver { .. }), "{opened:?}");
        assert_eq!(folder.saved_pages(), 0);
        std::fs::write(download.join("mine.txt"), "kept").unwrap();
        folder.remove().unwrap();
        assert!(
            download.join("mine.txt").exists(),
            "only the run's files go"
        );
    }
}
