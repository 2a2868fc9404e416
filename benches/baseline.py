"""The plain baseline minwon's catalogue ranking is measured against: the
same model (multilingual-e5-small, the same 4-bit weights dequantised to f32,
run by sentence-transformers) embedding each service's "name: summary", and
BM25 over Hangul letter bigrams of its name, summary and who-can-get-it;
scores fused 0.7 dense + 0.3 BM25 (each scaled to its best), no tuning, over
the services a kiosk of the question's region shows. A curated entry counts
as its catalogue twins (`same_as`).

    benches/peer-setup.sh
    target/peer-venv/bin/python benches/baseline.py corpus/eval/blind.jsonl [...]

Needs the release binary (for the regions of the agencies) and the peer venv.
"""

import collections, glob, json, math, pathlib, re, subprocess, sys, tempfile, tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def scope_services(region):
    """Catalogue services a kiosk at `region` (e.g. 서울특별시 종로구) shows."""
    listing = subprocess.run([ROOT / "target/release/minwon", "regions", "--agencies"],
                             capture_output=True, text=True, cwd=ROOT).stdout
    agency_region = dict((r.split("\t")[0], r.split("\t")[3]) for r in listing.splitlines()[1:])
    province = region.split()[0]
    shown = {"전국", province, region}
    services = []
    for shard in sorted(glob.glob(str(ROOT / "corpus/catalogue/services/*.json"))):
        for s in json.load(open(shard)):
            if agency_region.get(s["소관기관명"]) in shown:
                services.append(s)
    return services


def bigrams(text):
    return [text[i:i + 2] for i in range(len(text) - 1) if not text[i:i + 2].isspace()]


def bm25_scores(docs, query, k1=1.2, b=0.75):
    n, avg = len(docs), sum(map(len, docs)) / len(docs)
    df = collections.Counter(t for d in docs for t in set(d))
    q = set(bigrams(query))
    scores = []
    for d in docs:
        tf = collections.Counter(d)
        s = sum(math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) * tf[t] * (k1 + 1)
                / (tf[t] + k1 * (1 - b + b * len(d) / avg)) for t in q if t in tf)
        scores.append(s)
    return scores


def curated_entries():
    """The front matter of every curated entry (corpus/services/*.md)."""
    for path in glob.glob(str(ROOT / "corpus/services/*.md")):
        yield tomllib.loads(open(path).read().split("+++")[1])


def main(files):
    import numpy as np
    from sentence_transformers import SentenceTransformer
    model_dir = pathlib.Path(tempfile.mkdtemp()) / "e5-f32"
    subprocess.run([sys.executable, ROOT / "tests/fixtures/dequantize_e5.py", model_dir], check=True)
    model = SentenceTransformer(str(model_dir), device="cpu")
    twins = {entry["id"]: entry.get("same_as", []) for entry in curated_entries()}
    questions = [json.loads(l) for f in files for l in open(f) if l.strip()]
    by_region = collections.defaultdict(list)
    for q in questions:
        by_region[q.get("region", "서울특별시 종로구")].append(q)
    cells = collections.defaultdict(lambda: [0, 0, 0])
    for region, qs in by_region.items():
        services = scope_services(region)
        ids = ["gov24-" + s["서비스ID"] for s in services]
        passages = [f"passage: {s['서비스명']}: {s.get('서비스목적요약') or ''}" for s in services]
        docs = [bigrams(" ".join(s.get(k) or "" for k in ("서비스명", "서비스목적요약", "지원대상"))) for s in services]
        vectors = model.encode(passages, batch_size=64, normalize_embeddings=True)
        queries = model.encode(["query: " + q["q"] for q in qs], normalize_embeddings=True)
        for q, qv in zip(qs, queries):
            gold = set(q.get("ids") or ([q["id"]] if q.get("id", "none") != "none" else []))
            gold |= {t for g in list(gold) for t in twins.get(g, [])}
            if not gold:
                continue
            dense = vectors @ qv
            lexical = np.array(bm25_scores(docs, q["q"]))
            fused = 0.7 * dense / max(dense.max(), 1e-9) + 0.3 * lexical / max(lexical.max(), 1e-9)
            top = [ids[i] for i in np.argsort(-fused)[:3]]
            for cell in ("overall", f"lang:{q['lang']}", f"style:{q['style']}", f"{q['lang']}:{q['style']}"):
                c = cells[cell]
                c[0] += 1
                c[1] += top[0] in gold
                c[2] += any(t in gold for t in top)
    print(f"{'group':<16}{'n':>5}{'top1':>7}{'top3':>7}")
    for cell, (n, t1, t3) in sorted(cells.items(), key=lambda kv: (kv[0] != "overall", kv[0])):
        print(f"{cell:<16}{n:>5}{t1 / n:>7.3f}{t3 / n:>7.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
