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
            "[thresholds.ko]\nanswer = 0.3\nmargin = 0.04\nchoice = 0.5\n",
            "`thresholds.ko.choice`: 0.5 is above thresholds.ko.answer (0.3)",
        ),
        (
            "[ui]\nidle_seconds = -5\n",
            ":2: -5 seconds: must be 1 or more",
        ),
        (
            "[ui]\nidle_seconds = 0\n",
            ":2: 0 seconds: must be 1 or more",
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

/// The most memory (VmHWM, in MB) a `minwon` process reached while
/// `seconds` of endless input (`line` over and over) arrived on its stdin
/// and its answers were read as they came; and how many answers came.
fn peak_mb_on_endless_input(args: &[&str], line: &str, seconds: u64) -> (u64, usize) {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_minwon"))
        .args(args)
        .current_dir(crate::common::repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let chunk = format!("{line}\n").repeat(4096);
    std::thread::spawn(move || while stdin.write_all(chunk.as_bytes()).is_ok() {});
    let stdout = child.stdout.take().unwrap();
    let answers = std::thread::spawn(move || BufReader::new(stdout).lines().count());
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let start = std::time::Instant::now();
    while start.elapsed().as_secs() < seconds {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let Ok(text) = std::fs::read_to_string(&status) else {
            break;
        };
        let hwm = text
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
        peak = peak.max(hwm / 1024);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    (peak, answers.join().unwrap())
}

#[test]
fn endless_stdin_keeps_memory_flat() {
    let index = crate::retrieve::shared_index().to_str().unwrap();
    let (ask, answered) = peak_mb_on_endless_input(
        &["--index", index, "ask", "--json", "--no-rebuild"],
        "여권",
        8,
    );
    assert!(answered > 10, "ask answered only {answered} lines");
    assert!(ask < 400, "`yes 여권 | minwon ask --json` reached {ask} MB");
    let (embed, embedded) = peak_mb_on_endless_input(&["embed"], "여권", 6);
    assert!(embedded > 10, "embed answered only {embedded} lines");
    assert!(embed < 400, "`yes 여권 | minwon embed` reached {embed} MB");
    // Lines of 300 KB are cut at the cap, not kept whole.
    let (long, _) = peak_mb_on_endless_input(&["embed"], &"가".repeat(100_000), 4);
    assert!(long < 400, "300 KB lines reached {long} MB");
}

#[test]
fn the_ui_without_a_terminal_exits_2_with_one_line() {
    let (line, code) = refused(&["ui", "--mode", "kiosk"]);
    assert_eq!(code, Some(2));
    assert!(line.contains("needs a terminal"), "{line}");
    let output = minwon(&["ui", "--mode", "clerk"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
}

#[test]
fn check_calls_the_default_or_an_empty_staff_pin_an_error_for_a_deployment() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = repo().join("corpus");
    let corpus = corpus.to_str().unwrap();
    for (pin, finding) in [("0000", true), ("", true), ("730514", false)] {
        let config = dir.path().join("minwon.toml");
        fs::write(
            &config,
            format!("[ui]\nstaff_pin = \"{pin}\"\n[speech]\nenabled = false\n"),
        )
        .unwrap();
        let output = minwon(
            &[
                "--config",
                config.to_str().unwrap(),
                "--corpus",
                corpus,
                "check",
            ],
            b"",
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        let pin_line = stdout.lines().last().unwrap_or_default();
        if finding {
            assert_eq!(output.status.code(), Some(1), "PIN {pin:?}: {stdout}");
            assert!(pin_line.contains("error: ui.staff_pin"), "{pin_line}");
        } else {
            assert!(pin_line.contains("staff PIN set"), "{pin_line}");
        }
    }
}
