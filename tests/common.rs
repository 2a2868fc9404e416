//! Shared test helpers: the real model loaded once, paths, and running the binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use minwon::embed::BertEmbedder;

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn model_dir() -> PathBuf {
    repo().join("models/all-MiniLM-L6-v2")
}

/// The real model, loaded once for the whole test binary.
pub fn embedder() -> &'static BertEmbedder {
    static EMBEDDER: OnceLock<BertEmbedder> = OnceLock::new();
    EMBEDDER.get_or_init(|| {
        BertEmbedder::load(&model_dir())
            .unwrap_or_else(|err| panic!("{err} (the test command runs models/fetch.sh first)"))
    })
}

/// Runs the `minwon` binary from the repository root with `stdin` as input.
pub fn minwon(args: &[&str], stdin: &[u8]) -> Output {
    minwon_in(repo(), &[], args, stdin)
}

/// Runs the `minwon` binary from `dir` with extra environment variables.
pub fn minwon_in(dir: &Path, env: &[(&str, &Path)], args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minwon"))
        .args(args)
        .env_remove("MINWON_HOME")
        .env_remove("MINWON_CONFIG")
        .envs(env.iter().copied())
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minwon");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("run minwon")
}

pub fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8(output.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}
