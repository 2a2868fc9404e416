#!/usr/bin/env python3
"""Where a whole `minwon ask` spends its CPU, from a perf profile with call
graphs (docs/PERFORMANCE.md, "Loading the catalogue fast"):

    perf record -F 2000 --call-graph dwarf,16384 -o ask.perf \
        target/release/minwon --region "서울특별시 종로구" ask "아기 낳았어요"
    perf script -i ask.perf | python3 benches/perf_phases.py 2000

Each sample counts for the first phase below any of whose functions is on
its stack; prints a Markdown table of CPU milliseconds (samples / rate)."""
import sys, re, collections
freq = float(sys.argv[1])
# (label, regex over the stack's function names), tried in this order.
PHASES = [
    ("catalogue: JSON shards parsed", r"catalogue::store::load_shard"),
    ("catalogue: compact form read", r"catalogue::compact|catalogue::store::load\b"),
    ("catalogue: service digests", r"Service::digest"),
    ("catalogue: regions, entries", r"Corpus::add_catalogue"),
    ("curated entries checked", r"corpus::check::check"),
    ("plain layer read", r"corpus::plain::load"),
    ("corpus: other", r"Corpus::load"),
    ("tokenizer", r"Tokenizer::new|tokenizer::read_tokenizer_json"),
    ("model weights read", r"Encoder::load|WeightsFile"),
    ("embedder: other", r"load_with_kernels|embed::load_with"),
    ("index: vectors read + checked", r"index::store::read_floats|first_bad_vector|VectorMap|vectors::"),
    ("index: lexical read", r"lexical::file::from_bytes"),
    ("index: other files + checks", r"index::load|Live::open|index::live|sha256"),
    ("index: fingerprint", r"Fingerprint::current|live_index|manifest::staleness"),
    ("the question (embed, search, decide)", r"Engine::ask|Engine::reply|cli::ask::"),
    ("freeing at exit", r"drop_in_place<minwon::engine::Engine>|drop_in_place"),
    ("process start, exit, other", r"."),
]
pat = [(l, re.compile(p)) for l, p in PHASES]
counts = collections.Counter()
stack = []
def flush():
    if not stack: return
    for label, rx in pat:
        if any(rx.search(f) for f in stack):
            counts[label] += 1
            return
for line in sys.stdin:
    if not line.strip():
        flush(); stack = []; continue
    if line[0] in " \t":
        stack.append(line.strip())
    # header lines are ignored
flush()
total = sum(counts.values())
for label, _ in PHASES:
    if counts[label]:
        print(f"| {label} | {counts[label]/freq*1000:.0f} ms | {100*counts[label]/total:.0f} % |")
print(f"| total CPU | {total/freq*1000:.0f} ms | |")
