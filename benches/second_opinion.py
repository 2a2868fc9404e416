"""A probe, not the product: would a second, English-only model's opinion
on minwon's first ten candidates order English questions better?

For each English in-scope question of the files given, minwon ranks the
entries (`ask --json --top-k 10`, in the question's region if it has one);
all-MiniLM-L6-v2 (the repository's BERT alternative, run by
sentence-transformers) then scores each candidate by its best cosine to the
candidate's English texts (a curated entry's title, summary and questions; a
catalogue service's layer "name: summary" and ways to ask). The candidates
are reordered by minwon's score + λ × that cosine, for each λ; top-1 and
top-3 are printed overall and per style. A curated entry counts as its
catalogue twins (`same_as`), as in `minwon eval`.

    benches/peer-setup.sh && cargo build --release
    target/peer-venv/bin/python benches/second_opinion.py tune corpus/eval/personas.jsonl corpus/eval/dev.jsonl corpus/eval/catalogue.jsonl
    target/peer-venv/bin/python benches/second_opinion.py heldout corpus/eval/dev.jsonl corpus/eval/catalogue.jsonl
    target/peer-venv/bin/python benches/second_opinion.py any corpus/eval/blind.jsonl

SPLIT is `tune`, `heldout` or `any` (a line without a split counts as tune).
Choose λ on `tune` only.
"""

import collections, glob, json, pathlib, subprocess, sys

from sentence_transformers import SentenceTransformer

from baseline import curated_entries

ROOT = pathlib.Path(__file__).resolve().parents[1]
LAMBDAS = [0, 0.05, 0.1, 0.15, 0.2, 0.3]


def english_texts():
    """Each entry's English texts, and each curated entry's catalogue twins."""
    texts, twins = {}, {}
    for entry in curated_entries():
        texts[entry["id"]] = [entry["title"], entry["summary"], *entry.get("questions", [])]
        twins[entry["id"]] = set(entry.get("same_as", []))
    for path in glob.glob(str(ROOT / "corpus/plain/*.json")):
        for layer in json.load(open(path)):
            en = layer["en"]
            texts["gov24-" + layer["id"]] = [f"{en['name']}: {en['summary']}", *en["asks"]]
    return texts, twins


def questions(split, files):
    for path in files:
        for line in open(path):
            q = json.loads(line)
            gold = q.get("ids") or ([q["id"]] if q.get("id") not in (None, "none") else [])
            if q["lang"] != "en" or q["style"] == "oos" or not gold:
                continue
            if split != "any" and q.get("split", "tune") != split:
                continue
            yield q, set(gold)


def ranked(qs):
    """minwon's first ten for each question, asked in its region."""
    by_region = collections.defaultdict(list)
    for i, (q, _) in enumerate(qs):
        by_region[q.get("region")].append(i)
    out = [None] * len(qs)
    for region, idx in by_region.items():
        args = [str(ROOT / "target/release/minwon")] + (["--region", region] if region else [])
        stdin = "".join(qs[i][0]["q"] + "\n" for i in idx)
        lines = subprocess.run(args + ["ask", "--json", "--top-k", "10"], input=stdin,
                               capture_output=True, text=True, cwd=ROOT).stdout.splitlines()
        for i, line in zip(idx, lines):
            out[i] = json.loads(line)["results"]
    return out


def main():
    split, files = sys.argv[1], sys.argv[2:]
    texts, twins = english_texts()
    qs = list(questions(split, files))
    model = SentenceTransformer(str(ROOT / "models/all-MiniLM-L6-v2"), device="cpu")
    cache = {}

    def best_cosine(query_vector, entry):
        entry_texts = texts.get(entry, [])
        missing = [t for t in entry_texts if t not in cache]
        if missing:
            cache.update(zip(missing, model.encode(missing, normalize_embeddings=True)))
        return max((float(cache[t] @ query_vector) for t in entry_texts), default=0.0)

    rows = []
    for (q, gold), results in zip(qs, ranked(qs)):
        qv = model.encode([q["q"]], normalize_embeddings=True)[0]
        right = lambda entry: entry in gold or bool(twins.get(entry, set()) & gold)
        rows.append((q["style"], [(r["score"], best_cosine(qv, r["id"]), right(r["id"])) for r in results]))
    for lam in LAMBDAS:
        hits = collections.Counter()
        for style, cands in rows:
            order = sorted(cands, key=lambda c: -(c[0] + lam * c[1]))
            for cell in ("all", style):
                hits[cell, "n"] += 1
                hits[cell, 1] += order[0][2] if order else 0
                hits[cell, 3] += any(c[2] for c in order[:3])
        cells = ["all"] + sorted({s for s, _ in rows})
        print(f"λ {lam:<4}", " | ".join(
            f"{c} {hits[c, 'n']}: {hits[c, 1] / hits[c, 'n']:.3f} / {hits[c, 3] / hits[c, 'n']:.3f}"
            for c in cells))


if __name__ == "__main__":
    main()
