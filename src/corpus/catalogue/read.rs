//! Reading catalogue inputs: the snapshot's JSON lines and the API's page
//! JSON, gzip or plain, in any mix, streamed with bounded memory. Every
//! record is checked; a bad one becomes a [`Problem`] and the rest still
//! import. Inputs past the [`Limits`] stop the import with a clear error.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::problem::{Issue, Origin, Problem};
use super::service::Service;
use super::values::ServiceId;

/// How much an import reads at most. The defaults leave room for many
/// times the live catalogue (about 11,000 services, 30 MB unpacked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The longest JSON line read (the snapshot's longest is 7,228 bytes);
    /// a longer one is a problem, skipped without being kept in memory.
    pub max_line_bytes: usize,
    /// Records, good and bad, of all inputs together.
    pub max_records: usize,
    /// Bytes of all inputs together, unpacked.
    pub max_bytes: u64,
    /// Bytes of one API page file (read whole), unpacked.
    pub max_page_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line_bytes: 1 << 20,
            max_records: 100_000,
            max_bytes: 512 << 20,
            max_page_bytes: 64 << 20,
        }
    }
}

/// A file that could not be read, or inputs past the [`Limits`]: the
/// import stops before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: cannot read", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the inputs unpack to more than {} (the live catalogue is about 30 MB): not a catalogue snapshot", path.display(), size(*max))]
    TooLarge { path: PathBuf, max: u64 },
    #[error("{}: an API page of more than {} unpacked: not a catalogue page", path.display(), size(*max))]
    PageTooLarge { path: PathBuf, max: u64 },
    #[error("{}: more than {max} records (the live catalogue holds about 11,000): not a catalogue snapshot", path.display())]
    TooManyRecords { path: PathBuf, max: usize },
}

/// `512 MiB`, or `1000 bytes` below a mebibyte.
fn size(bytes: u64) -> String {
    match bytes >> 20 {
        0 => format!("{bytes} bytes"),
        mib => format!("{mib} MiB"),
    }
}

/// What the inputs held: the good services (sorted by id, unique), a
/// problem for every record or file that was skipped, in input order, and
/// how many records there were in all.
#[derive(Debug, Default)]
pub struct Inputs {
    pub services: Vec<Service>,
    pub problems: Vec<Problem>,
    pub records: usize,
}

/// Checks records one by one as they are read. The first service with an
/// id wins; a later one with the same id is a problem naming both places.
#[derive(Debug)]
pub struct Intake {
    limits: Limits,
    inputs: Inputs,
    seen: HashMap<ServiceId, Origin>,
}

impl Intake {
    pub fn new(limits: Limits) -> Intake {
        Intake {
            limits,
            inputs: Inputs::default(),
            seen: HashMap::new(),
        }
    }

    /// Checks one record (or takes the issue that kept it from being read).
    pub fn add(&mut self, origin: Origin, record: Result<Value, Issue>) -> Result<(), ReadError> {
        self.inputs.records += 1;
        if self.inputs.records > self.limits.max_records {
            return Err(ReadError::TooManyRecords {
                path: origin.path().to_path_buf(),
                max: self.limits.max_records,
            });
        }
        let checked = record
            .map_err(|issue| (None, vec![issue]))
            .and_then(Service::from_json);
        let problem = match checked {
            Ok(service) => match self.seen.get(service.id()) {
                Some(first) => Problem {
                    origin,
                    id: Some(service.id().clone()),
                    issues: vec![Issue::Duplicate {
                        first: first.clone(),
                    }],
                },
                None => {
                    self.seen.insert(service.id().clone(), origin);
                    self.inputs.services.push(service);
                    return Ok(());
                }
            },
            Err((id, issues)) => Problem { origin, id, issues },
        };
        self.inputs.problems.push(problem);
        Ok(())
    }

    /// The services sorted by id, with the problems in input order.
    pub fn finish(self) -> Inputs {
        let mut inputs = self.inputs;
        inputs.services.sort_by(|a, b| a.id().cmp(b.id()));
        inputs
    }
}

/// [`read_files_with`] the default [`Limits`].
pub fn read_files(paths: &[PathBuf]) -> Result<Inputs, ReadError> {
    read_files_with(paths, &Limits::default())
}

/// Reads and checks every file. A file named `*.json` (or `*.json.gz`) is
/// an API page, read whole; any other is JSON lines, read line by line.
pub fn read_files_with(paths: &[PathBuf], limits: &Limits) -> Result<Inputs, ReadError> {
    let mut intake = Intake::new(limits.clone());
    let mut budget = limits.max_bytes;
    for path in paths {
        let mut reader = open(path, budget)?;
        if is_page_file(path) {
            let bytes = read_page(path, &mut reader, limits.max_page_bytes)?;
            for (origin, record) in records(path, &bytes, limits.max_line_bytes) {
                intake.add(origin, record)?;
            }
        } else {
            read_lines(path, &mut reader, limits.max_line_bytes, &mut intake)?;
        }
        budget = spent(path, reader, budget, limits.max_bytes)?;
    }
    Ok(intake.finish())
}

/// A file's unpacked bytes, at most `budget` + 1 of them.
type Unpacked = BufReader<std::io::Take<Box<dyn Read>>>;

/// Opens a file, unpacking it when it starts with gzip's magic bytes.
fn open(path: &Path, budget: u64) -> Result<Unpacked, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = BufReader::new(File::open(path).map_err(io)?);
    let gzip = file.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    let raw: Box<dyn Read> = if gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(BufReader::new(raw.take(budget.saturating_add(1))))
}

/// What is left of the byte budget after a file, or the error for a file
/// that went past it.
fn spent(path: &Path, reader: Unpacked, budget: u64, max: u64) -> Result<u64, ReadError> {
    match reader.into_inner().limit() {
        0 => Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            max,
        }),
        left => Ok(left.min(budget.saturating_add(1)) - 1),
    }
}

fn is_page_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".json") || name.ends_with(".json.gz")
}

fn read_page(path: &Path, reader: &mut Unpacked, max: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > max {
        return Err(ReadError::PageTooLarge {
            path: path.to_path_buf(),
            max,
        });
    }
    Ok(bytes)
}

/// Streams a JSON-lines file into the intake, one line in memory at a time.
fn read_lines(
    path: &Path,
    reader: &mut Unpacked,
    max_line: usize,
    intake: &mut Intake,
) -> Result<(), ReadError> {
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        let length = read_line(reader, &mut buf, max_line).map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let Some(length) = length else {
            return Ok(());
        };
        number += 1;
        let line = if number == 1 {
            buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf)
        } else {
            &buf
        };
        if let Some(record) = line_record(line, length, max_line) {
            let origin = Origin::Line {
                path: path.to_path_buf(),
                line: number,
            };
            intake.add(origin, record)?;
        }
    }
}

/// One line's record: none for a blank line, an issue for a line too long
/// (of which only the first `max` bytes were kept) or not JSON.
fn line_record(line: &[u8], length: u64, max: usize) -> Option<Result<Value, Issue>> {
    if length > max as u64 {
        return Some(Err(Issue::LineTooLong { bytes: length, max }));
    }
    if line.trim_ascii().is_empty() {
        return None;
    }
    Some(serde_json::from_slice(line).map_err(|e| Issue::Json(e.to_string())))
}

/// Reads one line (without its `\n`) into `buf`, keeping at most `cap`
/// bytes and dropping the rest; the line's whole length, or none at the end.
/// (Also how `ask` and `embed` read stdin within bounded memory.)
pub fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Option<u64>> {
    buf.clear();
    let mut length: u64 = 0;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(any.then_some(length));
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (&available[..at], true),
            None => (available, false),
        };
        let room = cap.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        length += chunk.len() as u64;
        let used = chunk.len() + usize::from(done);
        reader.consume(used);
        if done {
            return Ok(Some(length));
        }
    }
}

/// The records of one API page file with where each came from. A file that
/// parses as one JSON object with a `data` array is a page; anything else is
/// read as JSON lines, so one broken line costs only itself.
fn records(path: &Path, bytes: &[u8], max_line: usize) -> Vec<(Origin, Result<Value, Issue>)> {
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
            _ => lines(path, bytes, max_line),
        },
        Err(_) => lines(path, bytes, max_line),
        Ok(_) => vec![(
            Origin::File {
                path: path.to_path_buf(),
            },
            Err(Issue::NotAPage),
        )],
    }
}

fn lines(path: &Path, bytes: &[u8], max_line: usize) -> Vec<(Origin, Result<Value, Issue>)> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter_map(|(i, line)| {
            let origin = Origin::Line {
                path: path.to_path_buf(),
                line: i + 1,
            };
            let kept = &line[..line.len().min(max_line)];
            line_record(kept, line.len() as u64, max_line).map(|record| (origin, record))
        })
        .collect()
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
