//! Retrieval speed: a warm query end to end against the embedding alone, the
//! exact-vs-HNSW crossover, and HNSW at scale (recall@10 against exact,
//! latency, build time) on vectors shaped like real data and on uniformly
//! random ones.
//!
//!     cargo bench --bench retrieval            # 100k vectors
//!     MINWON_BENCH_SCALE=1000000 cargo bench --bench retrieval
//!
//! Needs the model (models/fetch.sh); builds the bundled corpus's index into
//! a temporary folder.

use std::time::Instant;

use minwon::config::{Env, Flags, Settings};
use minwon::embed::Role;
use minwon::engine::{Engine, Rebuild};
use minwon::index::vector::{HnswParams, VectorIndex};

/// A small deterministic generator (xorshift64*), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next_f32(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32) / (1u64 << 24) as f32
    }

    /// Standard normal by Box-Muller.
    fn normal(&mut self) -> f32 {
        let (u, v) = (self.next_f32().max(1e-7), self.next_f32());
        (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
    }
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= n);
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let scale: usize = std::env::var("MINWON_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let index_dir = tempfile::tempdir().expect("temp dir");
    let flags = Flags {
        index: Some(index_dir.path().to_path_buf()),
        ..Flags::default()
    };
    let env = Env {
        home: Some(root.to_path_buf()),
        cwd: root.to_path_buf(),
    };
    let settings = Settings::load(&flags, &env).expect("settings");
    let started = Instant::now();
    let searcher = Engine::open(
        &settings,
        minwon::embed::load(&settings.paths.model).expect("model"),
        Rebuild::Allowed,
        &mut |_| {},
    )
    .expect("engine");
    println!(
        "index of the bundled corpus built and opened in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // End to end against the embedding alone, on the corpus's own questions.
    let queries: Vec<String> = searcher
        .corpus()
        .curated()
        .flat_map(|e| e.questions.iter().cloned())
        .collect();
    let embedder = minwon::embed::load(&settings.paths.model).expect("model");
    for q in queries.iter().take(20) {
        searcher.ask(q, 3).unwrap();
        embedder.embed(q, Role::Query).unwrap();
    }
    let time = |f: &dyn Fn(&str)| -> f64 {
        median(
            queries
                .iter()
                .map(|q| {
                    let t = Instant::now();
                    f(q);
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        )
    };
    let embed_ms = time(&|q| {
        std::hint::black_box(embedder.embed(q, Role::Query).unwrap());
    });
    let ask_ms = time(&|q| {
        std::hint::black_box(searcher.ask(q, 3).unwrap());
    });
    println!(
        "warm query over {} questions: embedding alone p50 {embed_ms:.2} ms, end to end p50 {ask_ms:.2} ms, ratio {:.2}x (target <= 1.2)",
        queries.len(),
        ask_ms / embed_ms
    );

    // Real-shaped vectors: the corpus's question embeddings, perturbed.
    let dimension = embedder.dimension();
    let seeds: Vec<Vec<f32>> = queries
        .iter()
        .map(|q| embedder.embed(q, Role::Query).unwrap())
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let perturbed = |n: usize, rng: &mut Rng| -> Vec<f32> {
        let mut data = Vec::with_capacity(n * dimension);
        for i in 0..n {
            let mut v: Vec<f32> = seeds[i % seeds.len()]
                .iter()
                .map(|x| x + 0.04 * rng.normal())
                .collect();
            normalise(&mut v);
            data.extend_from_slice(&v);
        }
        data
    };

    println!("\nexact scan vs HNSW by index size (p50 per query, real-shaped vectors):");
    for n in [1_000, 5_000, 20_000, 50_000] {
        let data = perturbed(n, &mut rng);
        let index = VectorIndex::new(dimension, data, HnswParams::default(), true);
        let probes: Vec<Vec<f32>> = (0..200)
            .map(|i| seeds[(i * 7) % seeds.len()].clone())
            .collect();
        let exact = median(
            probes
                .iter()
                .map(|q| timed(|| index.exact(q, 10)))
                .collect(),
        );
        let hnsw = median(
            probes
                .iter()
                .map(|q| timed(|| index.approximate(q, 10)))
                .collect(),
        );
        println!("  {n:>7} vectors: exact {exact:.3} ms, hnsw {hnsw:.3} ms");
    }

    let uniform = |n: usize, rng: &mut Rng| -> Vec<f32> {
        let mut data = Vec::with_capacity(n * dimension);
        for _ in 0..n {
            let mut v: Vec<f32> = (0..dimension).map(|_| rng.normal()).collect();
            normalise(&mut v);
            data.extend_from_slice(&v);
        }
        data
    };
    for (name, data) in [
        ("real-shaped", perturbed(scale, &mut rng)),
        ("uniform random", uniform(scale, &mut rng)),
    ] {
        scale_report(name, dimension, data, &mut rng);
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> f64 {
    let t = Instant::now();
    std::hint::black_box(f());
    t.elapsed().as_secs_f64() * 1e3
}

fn scale_report(name: &str, dimension: usize, data: Vec<f32>, rng: &mut Rng) {
    let n = data.len() / dimension;
    let started = Instant::now();
    let index = VectorIndex::new(dimension, data, HnswParams::default(), true);
    let build_s = started.elapsed().as_secs_f64();
    // Probes: stored vectors with fresh noise, so neither side is handed an exact hit.
    let probes: Vec<Vec<f32>> = (0..500)
        .map(|i| {
            let at = (i * 7919) % n;
            let mut v: Vec<f32> = index.data()[at * dimension..(at + 1) * dimension]
                .iter()
                .map(|x| x + 0.02 * rng.normal())
                .collect();
            normalise(&mut v);
            v
        })
        .collect();
    let mut found = 0;
    let mut hnsw_ms = Vec::new();
    let mut exact_ms = Vec::new();
    for q in &probes {
        let t = Instant::now();
        let approx = index.approximate(q, 10);
        hnsw_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let exact = index.exact(q, 10);
        exact_ms.push(t.elapsed().as_secs_f64() * 1e3);
        found += approx
            .iter()
            .filter(|a| exact.iter().any(|e| e.vector == a.vector))
            .count();
    }
    println!(
        "\n{name}, {n} vectors x {dimension}: build {build_s:.1} s, recall@10 {:.4} (target >= 0.99), hnsw p50 {:.3} ms (target <= 1), exact p50 {:.3} ms",
        found as f64 / (probes.len() * 10) as f64,
        median(hnsw_ms),
        median(exact_ms)
    );
}
