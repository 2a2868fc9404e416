//! The command line's edges: arguments checked once with one clear line and
//! exit 2, and data found from anywhere through `MINWON_HOME`.

use std::fs;

use crate::common::{minwon, minwon_in, repo, stdout_lines};

/// The first stderr line and the exit code of a run that must fail.
fn refused(args: &[&str]) -> (String, Option<i32>) {
    let output = minwon(args, b"");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (
        stderr.lines().next().unwrap_or("").to_string(),
        output.status.code(),
    )
}

#[test]
fn bad_arguments_get_one_clear_line_and_exit_2() {
    let (line, code) = refused(&["ask", "--top-k", "0", "i lost my id card"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        line,
        "error: invalid value '0' for '--top-k <TOP_K>': must be 1 or more"
    );

    let (line, code) = refused(&["ask", "--lang", "fr", "passport"]);
    assert_eq!(code, Some(2));
    assert!(
        line.contains("unknown language `fr` (use `ko` or `en`)"),
        "{line}"
    );

    let (line, code) = refused(&["ui", "--mode", "admin"]);
    assert_eq!(code, Some(2));
    assert!(line.contains("unknown mode `admin`"), "{line}");
}

#[test]
fn a_bad_config_file_gets_one_clear_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[thresholds]\nanswer = 0.3\nchoice = 0.5\n",
            "`thresholds.choice`: 0.5 is above thresholds.answer (0.3)",
        ),
        (
            "[ui]\nidle_seconds = -5\n",
            ":2: -5 seconds: must be 0 or more",
        ),
        (
            "[ui]\nlanguage = \"fr\"\n",
            ":2: unknown variant `fr`, expected `ko` or `en`",
        ),
    ];
    for (text, expected) in cases {
        let path = dir.path().join("minwon.toml");
        fs::write(&path, text).unwrap();
        let output = minwon(
            &["--config", path.to_str().unwrap(), "ask", "passport"],
            b"",
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(
            stderr.starts_with(&format!("minwon: {}", path.display())),
            "{stderr}"
        );
    }
}

#[test]
fn minwon_home_finds_the_data_from_any_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = minwon_in(elsewhere.path(), &[], &["check"], b"");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("the corpus not found; looked in")
            && stderr.contains("(the current directory)"),
        "{stderr}"
    );

    let output = minwon_in(
        elsewhere.path(),
        &[("MINWON_HOME", repo())],
        &["check"],
        b"",
    );
    let stdout = stdout_lines(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout:?}");
    assert!(
        super::check::checks_the_whole_corpus(&stdout[0]),
        "{stdout:?}"
    );
}
