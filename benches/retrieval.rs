//! Retrieval speed: a warm query end to end against the embedding alone,
//! then the vector index on the national catalogue's own vectors (every
//! service's 서비스명 and 서비스목적요약, embedded by minwon) and the
//! catalogue questions of `corpus/eval/catalogue.jsonl`, each searched as
//! its kiosk's region allows: exact scan vs graph by size, recall@10 and
//! latency (whole and filtered), graph build, file size, open time and
//! memory, with hnsw_rs's own search, filter and file loader as the peer.
//!
//!     cargo bench --bench retrieval
//!     MINWON_BENCH_SWEEP=1 cargo bench --bench retrieval     # also M, ef_construction, serial build
//!     MINWON_BENCH_SCALE=100000 cargo bench --bench retrieval # also perturbed copies up to that many
//!
//! Needs the model (models/fetch.sh). The catalogue's vectors are embedded
//! on the first run (a few minutes) and cached in the temp folder.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use hnsw_rs::api::AnnT;
use hnsw_rs::hnsw::Hnsw;
use hnsw_rs::hnswio::HnswIo;
use minwon::config::{Env, Flags, Settings};
use minwon::corpus::catalogue::{agency::region_of, covers, Catalogue, Field, Region};
use minwon::corpus::devset;
use minwon::embed::{Embedder, Role};
use minwon::engine::{Engine, Rebuild};
use minwon::index::vector::{
    dot, AllowedVectors, Floats, HnswParams, Neighbour, UnitDistance, VectorIndex,
    GRAPH_MIN_VECTORS,
};
use sha2::{Digest, Sha256};

/// What retrieval asks the dense channel for.
const K: usize = 64;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
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
    end_to_end(&settings);

    let embedder = minwon::embed::load(&settings.paths.model).expect("model");
    let set = catalogue_vectors(&settings, embedder.as_ref());
    let params = HnswParams::default();
    println!(
        "\n{} catalogue vectors x {}, {} questions; {params:?}",
        set.len(),
        set.dimension,
        set.queries.len()
    );
    crossover(&set, params);
    let index = whole(&set, params);
    filtered(&set, &index);
    drop(index);
    peer(
        &set,
        params,
        std::env::var_os("MINWON_BENCH_SWEEP").is_some(),
    );
    if std::env::var_os("MINWON_BENCH_SWEEP").is_some() {
        sweep(&set);
    }
    if let Some(scale) = std::env::var("MINWON_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        let scaled = set.perturbed(scale);
        println!("\nperturbed copies of the catalogue vectors, {scale} in all:");
        let index = whole(&scaled, params);
        filtered(&scaled, &index);
    }
}

/// The bundled corpus's index, built, then a warm question end to end
/// against its embedding alone.
fn end_to_end(settings: &Settings) {
    let started = Instant::now();
    let searcher = Engine::open(
        settings,
        minwon::embed::load(&settings.paths.model).expect("model"),
        Rebuild::Allowed,
        &mut |_| {},
    )
    .expect("engine");
    println!(
        "index of the bundled corpus built and opened in {:.2} s",
        started.elapsed().as_secs_f64()
    );
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
    let embed_ms = p50(queries
        .iter()
        .map(|q| timed(|| embedder.embed(q, Role::Query).unwrap()).1));
    let ask_ms = p50(queries
        .iter()
        .map(|q| timed(|| searcher.ask(q, 3).unwrap()).1));
    println!(
        "warm query over {} questions: embedding alone p50 {embed_ms:.2} ms, end to end p50 {ask_ms:.2} ms, ratio {:.2}x (target <= 1.2)",
        queries.len(),
        ask_ms / embed_ms
    );
}

/// Stored vectors, questions, and what each question's kiosk may return.
struct VectorSet {
    dimension: usize,
    data: Vec<f32>,
    queries: Vec<Vec<f32>>,
    /// Per question, an index into `regions`.
    region_of_query: Vec<usize>,
    regions: Vec<(String, AllowedVectors)>,
}

/// Every service's name and summary as passages, shuffled (the catalogue's
/// order follows agencies), and the catalogue questions.
fn catalogue_vectors(settings: &Settings, embedder: &dyn Embedder) -> VectorSet {
    let catalogue = Catalogue::load(&settings.paths.corpus).expect("catalogue");
    let mut texts = Vec::new();
    let mut service_of = Vec::new();
    for (i, service) in catalogue.services().iter().enumerate() {
        for field in [Field::Name, Field::Summary] {
            if let Some(text) = service.text(field).filter(|t| !t.trim().is_empty()) {
                texts.push(text.to_string());
                service_of.push(i);
            }
        }
    }
    let mut order: Vec<usize> = (0..texts.len()).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in (1..order.len()).rev() {
        order.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    let texts: Vec<String> = order.iter().map(|&i| texts[i].clone()).collect();
    let service_of: Vec<usize> = order.iter().map(|&i| service_of[i]).collect();
    let distinct: HashSet<&String> = texts.iter().collect();
    println!(
        "\n{} of the catalogue's {} texts repeat another's word for word",
        texts.len() - distinct.len(),
        texts.len()
    );
    let model = model_key(&settings.paths.model);
    let data = embed_cached(embedder, &model, &texts, Role::Passage, "catalogue");

    let path = settings.paths.corpus.join("eval/catalogue.jsonl");
    let text = std::fs::read_to_string(&path).expect("catalogue questions");
    let (questions, _) = devset::parse(&path, &text);
    let asked: Vec<String> = questions.iter().map(|(_, q)| q.q.clone()).collect();
    let queries = embed_cached(embedder, &model, &asked, Role::Query, "questions")
        .chunks_exact(embedder.dimension())
        .map(<[f32]>::to_vec)
        .collect();

    let service_regions: Vec<Option<Region>> = catalogue
        .services()
        .iter()
        .map(|s| region_of(s).ok().map(|c| c.region))
        .collect();
    // A kiosk with no region set (national services only), then the questions' kiosks.
    let mut names = vec![String::new()];
    let region_of_query = questions
        .iter()
        .map(|(_, q)| {
            let name = q.region.clone().unwrap_or_default();
            names.iter().position(|n| *n == name).unwrap_or_else(|| {
                names.push(name);
                names.len() - 1
            })
        })
        .collect();
    let regions = names
        .into_iter()
        .map(|name| {
            let kiosk = Region::parse(&name).ok();
            let allowed = (0..texts.len()).filter(|&v| {
                service_regions[service_of[v]]
                    .as_ref()
                    .is_some_and(|r| covers(kiosk.as_ref(), r))
            });
            let allowed = AllowedVectors::new(texts.len(), allowed);
            (name, allowed)
        })
        .collect();
    VectorSet {
        dimension: embedder.dimension(),
        data,
        queries,
        region_of_query,
        regions,
    }
}

impl VectorSet {
    fn len(&self) -> usize {
        self.data.len() / self.dimension
    }

    fn allowed(&self, query: usize) -> &AllowedVectors {
        &self.regions[self.region_of_query[query]].1
    }

    /// `count` vectors: the stored ones, then noisy copies of them; regions
    /// become random sets of the same share.
    fn perturbed(&self, count: usize) -> VectorSet {
        let mut rng = Rng(7);
        let mut data = self.data.clone();
        while data.len() < count * self.dimension {
            let at = (rng.next_u64() as usize % self.len()) * self.dimension;
            let mut v: Vec<f32> = self.data[at..at + self.dimension]
                .iter()
                .map(|x| x + 0.02 * rng.normal())
                .collect();
            normalise(&mut v);
            data.extend(v);
        }
        data.truncate(count * self.dimension);
        let regions = self
            .regions
            .iter()
            .map(|(name, allowed)| {
                let share = allowed.len() as f64 / self.len() as f64;
                (name.clone(), random_subset(count, share, &mut rng))
            })
            .collect();
        VectorSet {
            dimension: self.dimension,
            data,
            queries: self.queries.clone(),
            region_of_query: self.region_of_query.clone(),
            regions,
        }
    }
}

fn random_subset(len: usize, share: f64, rng: &mut Rng) -> AllowedVectors {
    let threshold = (share * u32::MAX as f64) as u64;
    AllowedVectors::new(len, (0..len).filter(|_| rng.next_u64() >> 32 < threshold))
}

/// What identifies the model's vectors: its files' names and sizes.
fn model_key(dir: &Path) -> String {
    minwon::embed::model_files(dir)
        .iter()
        .map(|name| {
            let size = std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
            format!("{name}:{size};")
        })
        .collect()
}

/// The texts' vectors, from the temp folder's cache when it has them.
fn embed_cached(
    embedder: &dyn Embedder,
    model: &str,
    texts: &[String],
    role: Role,
    what: &str,
) -> Vec<f32> {
    let mut hasher = Sha256::new();
    hasher.update(format!("{model}{}{role:?}", embedder.settings()));
    for text in texts {
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let key: String = hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let path = std::env::temp_dir().join(format!("minwon-bench-{what}-{key}.f32"));
    let dimension = embedder.dimension();
    if let Ok(bytes) = std::fs::read(&path) {
        if bytes.len() == texts.len() * dimension * 4 {
            return bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
                .collect();
        }
    }
    // Longest first, so each batch pads to similar lengths (as the index build does).
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(texts[i].len()));
    let started = Instant::now();
    let mut data = vec![0.0f32; texts.len() * dimension];
    for batch in order.chunks(32) {
        let batch_texts: Vec<&str> = batch.iter().map(|&i| texts[i].as_str()).collect();
        for (&i, v) in batch
            .iter()
            .zip(embedder.embed_batch(&batch_texts, role).unwrap())
        {
            data[i * dimension..(i + 1) * dimension].copy_from_slice(&v);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "embedded {} {what} texts in {seconds:.1} s ({:.0} a second); cached in {}",
        texts.len(),
        texts.len() as f64 / seconds,
        path.display()
    );
    let bytes: Vec<u8> = data.iter().flat_map(|x| x.to_le_bytes()).collect();
    std::fs::write(&path, bytes).expect("cache");
    data
}

/// One question, searched within what its kiosk allows (or everything).
#[derive(Clone, Copy)]
struct Probe<'a> {
    query: &'a [f32],
    allowed: Option<&'a AllowedVectors>,
}

impl VectorSet {
    fn probes(&self, filtered: bool) -> Vec<Probe<'_>> {
        (0..self.queries.len())
            .map(|i| Probe {
                query: &self.queries[i],
                allowed: filtered.then(|| self.allowed(i)),
            })
            .collect()
    }
}

/// How much of the exact top ten a search's first ten hold: by position,
/// and counting any vector as similar as the exact tenth (the catalogue
/// repeats texts, whose vectors tie, and a tie is not a miss).
struct Measured {
    by_id: f64,
    with_ties: f64,
    p50_ms: f64,
}

impl std::fmt::Display for Measured {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "recall@10 {:.4} ({:.4} counting ties), p50 {:.3} ms",
            self.by_id, self.with_ties, self.p50_ms
        )
    }
}

/// Runs `search` (vector positions, best first) on every probe, against
/// the exact scan of `exact`.
fn measure(
    exact: &VectorIndex,
    probes: &[Probe],
    search: impl Fn(&[f32], Option<&AllowedVectors>) -> Vec<usize>,
) -> Measured {
    let dimension = exact.data().len() / exact.len();
    let (mut by_id, mut with_ties, mut asked, mut times) = (0, 0, 0, Vec::new());
    for probe in probes {
        let (found, ms) = timed(|| search(probe.query, probe.allowed));
        times.push(ms);
        let truth = match probe.allowed {
            Some(allowed) => exact.exact_filtered(probe.query, 10, allowed),
            None => exact.exact(probe.query, 10),
        };
        let Some(tenth) = truth.last() else { continue };
        asked += truth.len();
        for &id in found.iter().take(10) {
            by_id += usize::from(truth.iter().any(|n| n.vector == id));
            let vector = &exact.data()[id * dimension..(id + 1) * dimension];
            with_ties += usize::from(dot(probe.query, vector) >= tenth.similarity);
        }
    }
    Measured {
        by_id: by_id as f64 / asked.max(1) as f64,
        with_ties: with_ties as f64 / asked.max(1) as f64,
        p50_ms: p50(times.into_iter()),
    }
}

fn ids(found: &[Neighbour]) -> Vec<usize> {
    found.iter().map(|n| n.vector).collect()
}

/// The exact scan, as a search for [`measure`].
fn scan(index: &VectorIndex) -> impl Fn(&[f32], Option<&AllowedVectors>) -> Vec<usize> + '_ {
    move |q, allowed| match allowed {
        Some(a) => ids(&index.exact_filtered(q, K, a)),
        None => ids(&index.exact(q, K)),
    }
}

/// The graph, as a search for [`measure`].
fn graph(index: &VectorIndex) -> impl Fn(&[f32], Option<&AllowedVectors>) -> Vec<usize> + '_ {
    move |q, allowed| match allowed {
        Some(a) => ids(&index.approximate_filtered(q, K, a)),
        None => ids(&index.approximate(q, K)),
    }
}

/// Exact scan vs graph for the first `n` vectors (unfiltered).
fn crossover(set: &VectorSet, params: HnswParams) {
    println!("\nexact scan vs graph by size, unfiltered, k = {K}, p50 per question:");
    for n in [1_000, 2_500, 5_000, 10_000, set.len()] {
        let data = set.data[..n * set.dimension].to_vec();
        let (index, build) = timed(|| VectorIndex::new(set.dimension, data, params, true));
        let probes = set.probes(false);
        let exact = measure(&index, &probes, scan(&index)).p50_ms;
        println!(
            "  {n:>6} vectors: exact {exact:.3} ms; graph {} (built in {:.2} s)",
            measure(&index, &probes, graph(&index)),
            build / 1e3
        );
    }
    println!("  (GRAPH_MIN_VECTORS = {GRAPH_MIN_VECTORS})");
}

/// Every vector: graph build, its file, opening it, and recall and latency
/// whole and within each question's region, for several ef_search.
fn whole(set: &VectorSet, params: HnswParams) -> VectorIndex {
    let dimension = set.dimension;
    let (built, build) = timed(|| VectorIndex::new(dimension, set.data.clone(), params, true));
    let bytes = built.graph_bytes().expect("a graph");
    drop(built);
    let open = |params| {
        VectorIndex::open(
            dimension,
            Floats::Owned(set.data.clone()),
            params,
            Some(&bytes),
        )
    };
    let opens = (0..20).map(|_| {
        let data = set.data.clone();
        timed(|| VectorIndex::open(dimension, Floats::Owned(data), params, Some(&bytes)).unwrap()).1
    });
    println!(
        "\nall {} vectors: graph built in {:.2} s; its file {:.2} MB, about what it holds in memory (the vectors, stored apart: {:.2} MB); opened in {:.2} ms p50",
        set.len(),
        build / 1e3,
        bytes.len() as f64 / 1e6,
        set.data.len() as f64 * 4.0 / 1e6,
        p50(opens),
    );
    let index = open(params).unwrap();
    for (name, filtered) in [("whole", false), ("each question's region", true)] {
        let probes = set.probes(filtered);
        let exact = measure(&index, &probes, scan(&index)).p50_ms;
        println!("  {name}, k = {K}: exact p50 {exact:.3} ms");
        for ef_search in [64, 128, 256, 512] {
            let index = open(HnswParams {
                ef_search,
                ..params
            })
            .unwrap();
            println!(
                "    graph, ef_search {ef_search:>3}: {}",
                measure(&index, &probes, graph(&index))
            );
        }
    }
    index
}

/// Within random shares of the vectors: scan vs graph.
fn filtered(set: &VectorSet, index: &VectorIndex) {
    println!("\nregions (allowed vectors of {}):", set.len());
    for (i, (name, allowed)) in set.regions.iter().enumerate() {
        let asked = set.region_of_query.iter().filter(|&&r| r == i).count();
        println!(
            "  {:<24} {:>6} ({:.1} %), {asked} questions",
            if name.is_empty() {
                "(none: national only)"
            } else {
                name
            },
            allowed.len(),
            100.0 * allowed.len() as f64 / set.len() as f64
        );
    }
    let mut rng = Rng(3);
    for share in [0.05, 0.17, 0.3, 0.5, 0.75] {
        let allowed = random_subset(set.len(), share, &mut rng);
        let probes: Vec<Probe> = set
            .queries
            .iter()
            .map(|q| Probe {
                query: q,
                allowed: Some(&allowed),
            })
            .collect();
        println!(
            "  random {:>2.0} % ({:>5} vectors): exact p50 {:.3} ms; graph {}",
            share * 100.0,
            allowed.len(),
            measure(index, &probes, scan(index)).p50_ms,
            measure(index, &probes, graph(index)),
        );
    }
}

/// hnsw_rs on its own, same parameters: its search, its filter, its file
/// and its loader (which keeps its own copy of every vector).
fn peer(set: &VectorSet, params: HnswParams, serial_too: bool) {
    let dimension = set.dimension;
    let rows: Vec<(&[f32], usize)> = set.data.chunks_exact(dimension).zip(0..).collect();
    let new = || {
        Hnsw::<f32, UnitDistance>::new(
            params.max_connections,
            set.len(),
            16,
            params.ef_construction,
            UnitDistance,
        )
    };
    let (hnsw, build) = timed(|| {
        let hnsw = new();
        hnsw.parallel_insert_slice(&rows);
        hnsw
    });
    println!(
        "\npeer: hnsw_rs 0.3.5 alone, {} vectors, {params:?}: built in {:.2} s (parallel_insert)",
        set.len(),
        build / 1e3
    );
    if serial_too {
        let serial = new();
        let (_, seconds) = timed(|| rows.iter().for_each(|&row| serial.insert_slice(row)));
        println!("  the same inserted one by one: {:.2} s", seconds / 1e3);
    }
    let exact = VectorIndex::new(dimension, set.data.clone(), params, false);
    let ef = params.ef_search.max(K);
    let region_ids: Vec<Vec<usize>> = set
        .regions
        .iter()
        .map(|(_, allowed)| (0..set.len()).filter(|&v| allowed.contains(v)).collect())
        .collect();
    let search = |q: &[f32], allowed: Option<&AllowedVectors>| {
        let filter = allowed.map(|a| {
            let at = set.regions.iter().position(|(_, r)| r == a).unwrap();
            &region_ids[at] as &dyn hnsw_rs::filter::FilterT
        });
        let found = hnsw.search_filter(q, K, ef, filter);
        found.iter().map(|n| n.d_id).collect()
    };
    println!(
        "  search, whole: {}",
        measure(&exact, &set.probes(false), search)
    );
    println!(
        "  search_filter, each question's region: {}",
        measure(&exact, &set.probes(true), search)
    );

    let dir = tempfile::tempdir().expect("temp dir");
    hnsw.file_dump(dir.path(), "peer").expect("dump");
    drop(hnsw);
    let size = |ext: &str| {
        let file = dir.path().join(format!("peer.hnsw.{ext}"));
        std::fs::metadata(file).unwrap().len() as f64 / 1e6
    };
    let mut loader = HnswIo::new(dir.path(), "peer");
    let before = rss_kb();
    let (loaded, load) = timed(|| loader.load_hnsw::<f32, UnitDistance>().expect("load"));
    let grown = rss_kb() - before;
    println!(
        "  its dump: graph {:.2} MB + its own copy of the vectors {:.2} MB; load_hnsw {load:.0} ms, RSS growth {:.1} MB",
        size("graph"),
        size("data"),
        grown as f64 / 1e3
    );
    drop(loaded);
}

/// Graph build time and recall for other M and ef_construction.
fn sweep(set: &VectorSet) {
    println!("\nsweep over M and ef_construction (all vectors; k = {K}):");
    for (m, ef_c) in [
        (16, 100),
        (24, 80),
        (24, 100),
        (24, 120),
        (24, 200),
        (32, 100),
    ] {
        let params = HnswParams {
            max_connections: m,
            ef_construction: ef_c,
            ef_search: 64,
        };
        let (index, build) =
            timed(|| VectorIndex::new(set.dimension, set.data.clone(), params, true));
        let bytes = index.graph_bytes().unwrap();
        println!(
            "  M {m:>2}, ef_construction {ef_c}: built in {:.2} s, file {:.2} MB",
            build / 1e3,
            bytes.len() as f64 / 1e6
        );
        for ef_search in [64, 128, 512] {
            let params = HnswParams {
                ef_search,
                ..params
            };
            let index = VectorIndex::open(
                set.dimension,
                Floats::Owned(set.data.clone()),
                params,
                Some(&bytes),
            )
            .unwrap();
            println!(
                "    ef_search {ef_search:>3}: whole {}; region {}",
                measure(&index, &set.probes(false), graph(&index)),
                measure(&index, &set.probes(true), graph(&index)),
            );
        }
    }
}

/// The process's resident memory, in kB.
fn rss_kb() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// What `f` returns and how long it took, in ms.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let out = std::hint::black_box(f());
    (out, t.elapsed().as_secs_f64() * 1e3)
}

fn p50(xs: impl Iterator<Item = f64>) -> f64 {
    let mut xs: Vec<f64> = xs.collect();
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// A small deterministic generator (xorshift64*), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Standard normal by Box-Muller.
    fn normal(&mut self) -> f32 {
        let uniform = |rng: &mut Rng| (rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32;
        let (u, v) = (uniform(self).max(1e-7), uniform(self));
        (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
    }
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= n);
}
