//! Reading catalogue inputs: the snapshot's JSON lines and the API's page
//! JSON, gzip or plain, in any mix. Every record is checked; a bad one
//! becomes a [`Problem`] and the rest still import.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::problem::{Issue, Origin, Problem};
use super::service::Service;
use super::values::ServiceId;

/// The longest JSON line read (the snapshot's longest is 7,228 bytes).
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// The most an input file may unpack to (the snapshot is 28 MB).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A file that could not be read at all: the import stops.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: cannot read", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: unpacks to more than {} bytes", path.display(), MAX_FILE_BYTES)]
    TooLarge { path: PathBuf },
}

/// What the inputs held: the good services (sorted by id, unique) and a
/// problem for every record or file that was skipped, in input order.
#[derive(Debug, Default)]
pub struct Inputs {
    pub services: Vec<Service>,
    pub problems: Vec<Problem>,
}

/// Reads and checks every file. The first service with an id wins; a later
/// one with the same id is a problem that names both places.
pub fn read_files(paths: &[PathBuf]) -> Result<Inputs, ReadError> {
    let mut read = Inputs::default();
    let mut seen: HashMap<ServiceId, Origin> = HashMap::new();
    for path in paths {
        let bytes = read_bytes(path)?;
        for (origin, record) in records(path, &bytes) {
            let checked = record
                .map_err(|issue| (None, vec![issue]))
                .and_then(Service::from_json);
            match checked {
                Ok(service) => match seen.get(service.id()) {
                    Some(first) => read.problems.push(Problem {
                        origin,
                        id: Some(service.id().clone()),
                        issues: vec![Issue::Duplicate {
                            first: first.clone(),
                        }],
                    }),
                    None => {
                        seen.insert(service.id().clone(), origin);
                        read.services.push(service);
                    }
                },
                Err((id, issues)) => read.problems.push(Problem { origin, id, issues }),
            }
        }
    }
    read.services.sort_by(|a, b| a.id().cmp(b.id()));
    Ok(read)
}

/// The file's bytes, unpacked when they start with gzip's magic bytes.
fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut head = [0u8; 2];
    let mut raw = file.take(MAX_FILE_BYTES + 1);
    let n = read_up_to(&mut raw, &mut head).map_err(io)?;
    let rest = std::io::Cursor::new(head[..n].to_vec()).chain(raw);
    let mut bytes = Vec::new();
    let mut reader: Box<dyn Read> = if head[..n] == [0x1f, 0x8b] {
        Box::new(flate2::read::MultiGzDecoder::new(rest).take(MAX_FILE_BYTES + 1))
    } else {
        Box::new(rest)
    };
    reader.read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    Ok(bytes)
}

fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..])? {
            0 => break,
            got => n += got,
        }
    }
    Ok(n)
}

/// The records of one file with where each came from. A file that parses
/// as one JSON object with a `data` array is an API page; anything else is
/// read as JSON lines, so one broken line costs only itself.
fn records(path: &Path, bytes: &[u8]) -> Vec<(Origin, Result<Value, Issue>)> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(mut page)) => match page.remove("data") {
            Some(Value::Array(data)) => {
                let number = page.get("page").and_then(Value::as_u64);
                data.into_iter()
                    .enumerate()
                    .map(|(i, record)| {
                        let origin = Origin::Record {
                            path: path.to_path_buf(),
                            page: number,
                            record: i + 1,
                        };
                        (origin, Ok(record))
                    })
                    .collect()
            }
            // A JSON-lines file of a single record.
            _ => lines(path, bytes),
        },
        Err(_) => lines(path, bytes),
        Ok(_) => vec![(
            Origin::File {
                path: path.to_path_buf(),
            },
            Err(Issue::NotAPage),
        )],
    }
}

fn lines(path: &Path, bytes: &[u8]) -> Vec<(Origin, Result<Value, Issue>)> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.trim_ascii().is_empty())
        .map(|(i, line)| {
            let origin = Origin::Line {
                path: path.to_path_buf(),
                line: i + 1,
            };
            let record = if line.len() > MAX_LINE_BYTES {
                Err(Issue::LineTooLong { bytes: line.len() })
            } else {
                serde_json::from_slice(line).map_err(|e| Issue::Json(e.to_string()))
            };
            (origin, record)
        })
        .collect()
}
