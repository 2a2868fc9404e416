//! Embedding speed against the reference implementation, in one run:
//! single-query latency over 200 short questions (batch 1, after warm-up;
//! p50/p90/p99) and throughput over 2,000 sentences at batch 32, for
//! minwon's candle backend and for sentence-transformers on PyTorch (CPU,
//! same thread count), run as a subprocess so the ratio is one run's.
//!
//!     cargo bench --bench embed
//!
//! Texts: CLINC150 requests from ../shared/data/clinc150/calibration.jsonl.
//! The peer runs with `$MINWON_PEER_PYTHON` (default `python3`); it is
//! skipped, with a note, when sentence-transformers is not importable.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use minwon::embed::{BertEmbedder, Embedder, Role};
use serde::Deserialize;

#[derive(Deserialize)]
struct Line {
    q: String,
}

#[derive(Debug, Deserialize)]
struct Figures {
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    sentences_per_s: f64,
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data/clinc150/calibration.jsonl");
    let texts: Vec<String> = std::fs::read_to_string(&data)
        .unwrap_or_else(|err| panic!("{}: {err}", data.display()))
        .lines()
        .map(|l| serde_json::from_str::<Line>(l).expect("a JSON line").q)
        .collect();
    let queries: Vec<&str> = texts.iter().take(200).map(String::as_str).collect();
    let sentences: Vec<&str> = texts
        .iter()
        .cycle()
        .take(2000)
        .map(String::as_str)
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let model_dir = root.join("models/all-MiniLM-L6-v2");
    let embedder = BertEmbedder::load(&model_dir).expect("model (run models/fetch.sh)");
    let ours = measure(&embedder, &queries, &sentences);
    println!("machine: {threads} threads");
    report("minwon (candle)", &ours);

    let python = std::env::var("MINWON_PEER_PYTHON").unwrap_or_else(|_| "python3".into());
    let peer = Command::new(&python)
        .arg(root.join("benches/peer_embed.py"))
        .arg(&data)
        .arg(&model_dir)
        .arg(threads.to_string())
        .output();
    match peer {
        Ok(out) if out.status.success() => {
            let theirs: Figures = serde_json::from_slice(&out.stdout).expect("peer prints JSON");
            report("sentence-transformers (PyTorch)", &theirs);
            println!(
                "ratio minwon/peer: single-query p50 {:.2}x (target <= 0.5), throughput {:.2}x (target >= 1.0)",
                ours.p50_ms / theirs.p50_ms,
                ours.sentences_per_s / theirs.sentences_per_s
            );
        }
        Ok(out) => println!(
            "peer skipped: {python} benches/peer_embed.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ),
        Err(err) => println!("peer skipped: cannot run {python}: {err}"),
    }
}

fn measure(embedder: &BertEmbedder, queries: &[&str], sentences: &[&str]) -> Figures {
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
    let start = Instant::now();
    std::hint::black_box(embedder.embed_many(sentences, Role::Query, 32).unwrap());
    let sentences_per_s = sentences.len() as f64 / start.elapsed().as_secs_f64();
    Figures {
        p50_ms: pct(0.5),
        p90_ms: pct(0.9),
        p99_ms: pct(0.99),
        sentences_per_s,
    }
}

fn report(name: &str, f: &Figures) {
    println!(
        "{name:<32} single query p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  |  batch 32: {:.0} sentences/s",
        f.p50_ms, f.p90_ms, f.p99_ms, f.sentences_per_s
    );
}
