//! Embedding speed of the default model (multilingual-e5-small, 4-bit, int8
//! activations; and its f32 reference path) against ONNX Runtime running
//! the same weights in f32 and quantised to int8 (`quantize_dynamic`, what
//! an engineer would deploy), and sentence-transformers in f32, in one run,
//! at 1 and 2 threads:
//! - single query: 200 real short questions (the dev set's 92 Korean and 58
//!   English, 50 CLINC150 requests), one at a time with `query: `, after
//!   warm-up; p50 and p90;
//! - batch: 2,000 sentences (1,000 gov24 service summaries in Korean, 1,000
//!   CLINC150 requests) with `passage: `, batch 32, longest first;
//! - the whole `minwon embed "<Korean text>"` process: wall time and peak
//!   RSS (`/usr/bin/time -f "%e %M"`), median of 5.
//!
//!     benches/peer-setup.sh && cargo bench --bench embed
//!
//! The peers (benches/peer_e5.py) need numpy, torch, transformers,
//! sentence-transformers, onnx and onnxruntime: benches/peer-setup.sh puts
//! them in target/peer-venv, which the bench uses (MINWON_PEER_PYTHON names
//! another interpreter). Each peer is skipped, with a note, when it cannot
//! run. Texts come from corpus/ (the catalogue snapshot, CLINC150, the dev set).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use minwon::embed::{Arithmetic, E5Embedder, EmbedOptions, Embedder, Role};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
struct Figures {
    p50_ms: f64,
    p90_ms: f64,
    sentences_per_s: f64,
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (queries, sentences) = texts(root);
    let texts_file = root.join("target/bench-embed-texts.json");
    std::fs::write(
        &texts_file,
        json!({"queries": queries, "sentences": sentences}).to_string(),
    )
    .unwrap();
    let model = root.join("models/multilingual-e5-small");
    let python = std::env::var("MINWON_PEER_PYTHON").unwrap_or_else(|_| {
        let venv = root.join("target/peer-venv/bin/python");
        if venv.is_file() {
            venv.display().to_string()
        } else {
            "python3".into()
        }
    });
    println!(
        "{} queries, {} sentences; machine: {} threads",
        queries.len(),
        sentences.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    for threads in [1, 2] {
        let load = |arithmetic| {
            let options = EmbedOptions {
                threads,
                arithmetic,
                ..EmbedOptions::default()
            };
            E5Embedder::load(&model, &options).expect("model (run models/fetch.sh)")
        };
        let ours = measure(&load(Arithmetic::Int8), &queries, &sentences);
        report(&format!("minwon (int8), {threads} thread(s)"), &ours);
        let reference = measure(&load(Arithmetic::F32), &queries, &sentences);
        report(&format!("minwon (f32), {threads} thread(s)"), &reference);
        // The targets: ONNX Runtime's int8 model is what an engineer deploys.
        for (peer, p50_target, throughput_target) in [
            ("onnx-int8", 0.8, 1.2),
            ("onnx", 1.0, 1.0),
            ("sentence-transformers", 1.0, 1.0),
        ] {
            match run_peer(&python, root, peer, &texts_file, threads) {
                Ok(theirs) => {
                    report(&format!("{peer}, {threads} thread(s)"), &theirs);
                    println!(
                        "    minwon/{peer}: p50 {:.2}x (target <= {p50_target}), throughput {:.2}x (target >= {throughput_target})",
                        ours.p50_ms / theirs.p50_ms,
                        ours.sentences_per_s / theirs.sentences_per_s
                    );
                }
                Err(why) => println!("{peer} skipped: {why}"),
            }
        }
    }
    whole_process(root);
}

/// The single queries and the batch sentences described at the top.
fn texts(root: &Path) -> (Vec<String>, Vec<String>) {
    let lines = |path: &Path| -> Vec<Value> {
        std::fs::read_to_string(path)
            .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    };
    let field = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    let dev = lines(&root.join("corpus/eval/dev.jsonl"));
    let clinc = lines(&root.join("corpus/eval/clinc150/calibration.jsonl"));
    let lang = |l: &'static str| {
        dev.iter()
            .filter(move |v| v["lang"] == l)
            .map(|v| field(v, "q"))
    };
    let mut queries: Vec<String> = lang("ko").take(92).chain(lang("en").take(58)).collect();
    queries.extend(clinc.iter().take(50).map(|v| field(v, "q")));

    let gov24 = root.join("corpus/catalogue/snapshot/services-2025-08-15.jsonl.gz");
    let out = Command::new("gzip")
        .arg("-dc")
        .arg(&gov24)
        .output()
        .expect("gzip");
    let summaries: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| field(&serde_json::from_str(l).unwrap(), "서비스목적요약"))
        .filter(|s| !s.is_empty())
        .take(1000)
        .collect();
    let mut sentences = summaries;
    sentences.extend(clinc.iter().skip(50).take(1000).map(|v| field(v, "q")));
    (queries, sentences)
}

fn measure(embedder: &E5Embedder, queries: &[String], sentences: &[String]) -> Figures {
    for q in queries.iter().take(20) {
        embedder.embed(q, Role::Query).unwrap();
    }
    let mut times: Vec<f64> = queries
        .iter()
        .map(|q| {
            let start = Instant::now();
            std::hint::black_box(embedder.embed(q, Role::Query).unwrap());
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let start = Instant::now();
    std::hint::black_box(embedder.embed_many(&sentences, Role::Passage, 32).unwrap());
    Figures {
        p50_ms: pct(0.5),
        p90_ms: pct(0.9),
        sentences_per_s: sentences.len() as f64 / start.elapsed().as_secs_f64(),
    }
}

fn run_peer(
    python: &str,
    root: &Path,
    peer: &str,
    texts: &Path,
    threads: usize,
) -> Result<Figures, String> {
    let out = Command::new(python)
        .arg(root.join("benches/peer_e5.py"))
        .args([peer, texts.to_str().unwrap(), &threads.to_string()])
        .arg(root.join("target/bench-embed-peers"))
        .output()
        .map_err(|err| format!("cannot run {python}: {err}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "{python} benches/peer_e5.py failed: {}",
            stderr.lines().last().unwrap_or("")
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|err| format!("peer printed no figures: {err}"))
}

/// Wall time and peak RSS of whole `minwon embed` processes, median of 5.
fn whole_process(root: &Path) {
    let text = "주민등록등본은 어디서 떼나요?";
    let mut runs: Vec<(f64, u64)> = (0..5)
        .filter_map(|_| {
            let out = Command::new("/usr/bin/time")
                .args(["-f", "%e %M", env!("CARGO_BIN_EXE_minwon"), "embed", text])
                .current_dir(root)
                .output()
                .ok()?;
            let stderr = String::from_utf8_lossy(&out.stderr);
            let mut last = stderr.lines().last()?.split(' ');
            Some((last.next()?.parse().ok()?, last.next()?.parse().ok()?))
        })
        .collect();
    if runs.is_empty() {
        println!("whole process skipped: /usr/bin/time not found");
        return;
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (seconds, _) = runs[runs.len() / 2];
    let mut rss: Vec<u64> = runs.iter().map(|r| r.1).collect();
    rss.sort_unstable();
    println!(
        "minwon embed {text:?} (whole process, all cores): {seconds:.2} s, peak RSS {} MB (median of {})",
        rss[rss.len() / 2] / 1024,
        runs.len()
    );
}

fn report(name: &str, f: &Figures) {
    println!(
        "{name:<36} single query p50 {:.2} ms  p90 {:.2} ms  |  batch 32: {:.0} sentences/s",
        f.p50_ms, f.p90_ms, f.sentences_per_s
    );
}
