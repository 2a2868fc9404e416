//! Reading inputs line by line within the limits.

use std::io::Write;

use super::*;

fn lines_of(input: &[u8], cap: usize) -> Vec<(Vec<u8>, u64)> {
    // A tiny buffer, so lines and the cap straddle refills.
    let mut reader = std::io::BufReader::with_capacity(3, input);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    while let Some(length) = read_line(&mut reader, &mut buf, cap).unwrap() {
        out.push((buf.clone(), length));
    }
    out
}

#[test]
fn a_long_line_keeps_its_length_but_only_the_cap_in_memory() {
    assert_eq!(
        lines_of(b"abcdefgh\nxy\n\nlast", 4),
        [
            (b"abcd".to_vec(), 8),
            (b"xy".to_vec(), 2),
            (Vec::new(), 0),
            (b"last".to_vec(), 4)
        ]
    );
    assert_eq!(lines_of(b"", 4), []);
    assert_eq!(lines_of(b"\n", 4), [(Vec::new(), 0)]);
}

const RECORD: &str = r#"{"서비스ID": "000000000001", "서비스명": "하나"}"#;

fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn records_are_counted_and_capped_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = file(dir.path(), "a.jsonl", format!("{RECORD}\n\nx\n").as_bytes());
    let b = file(dir.path(), "b.jsonl.gz", &gzip(b"y\nz\n"));
    let inputs = read_files(&[a.clone(), b.clone()]).unwrap();
    assert_eq!((inputs.records, inputs.services.len()), (4, 1));
    let limits = Limits {
        max_records: 3,
        ..Limits::default()
    };
    let err = read_files_with(&[a, b.clone()], &limits).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: more than 3 records (the live catalogue holds about 11,000): not a catalogue snapshot",
            b.display()
        )
    );
}

#[test]
fn unpacked_bytes_are_capped_across_files_and_pages_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let a = file(dir.path(), "a.jsonl", &[b' '; 600]);
    let b = file(dir.path(), "b.jsonl.gz", &gzip(&[b'\n'; 600]));
    let limits = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    assert!(read_files_with(std::slice::from_ref(&a), &limits).is_ok());
    let err = read_files_with(&[a, b.clone()], &limits).unwrap_err();
    assert!(
        matches!(err, ReadError::TooLarge { ref path, max: 1000 } if *path == b),
        "{err}"
    );
    assert!(err.to_string().contains("more than 1000 bytes"), "{err}");

    let page = file(
        dir.path(),
        "p.json",
        format!("{{\"data\": [{RECORD}]}}").as_bytes(),
    );
    let limits = Limits {
        max_page_bytes: 20,
        ..Limits::default()
    };
    assert!(matches!(
        read_files_with(std::slice::from_ref(&page), &limits),
        Err(ReadError::PageTooLarge { max: 20, .. })
    ));
    assert_eq!(read_files(&[page]).unwrap().services.len(), 1);
}

#[test]
fn a_line_past_the_cap_is_a_problem_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{RECORD}\n\"{}\"\n", "x".repeat(100));
    let path = file(dir.path(), "long.jsonl", long.as_bytes());
    let limits = Limits {
        max_line_bytes: 80,
        ..Limits::default()
    };
    let inputs = read_files_with(std::slice::from_ref(&path), &limits).unwrap();
    let problems: Vec<String> = inputs.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [format!(
            "{}:2: a line of 102 bytes (at most 80)",
            path.display()
        )]
    );
    assert_eq!(inputs.services.len(), 1);
}
