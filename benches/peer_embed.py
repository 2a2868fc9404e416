"""The peer for benches/embed.rs: the same measurements through
sentence-transformers on PyTorch (CPU). Prints one JSON object.

    python3 benches/peer_embed.py CALIBRATION_JSONL MODEL_DIR THREADS
"""

import json
import sys
import time

import torch
from sentence_transformers import SentenceTransformer


def main() -> None:
    data, model_dir, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(threads)
    texts = [json.loads(line)["q"] for line in open(data, encoding="utf-8")]
    queries = texts[:200]
    sentences = [texts[i % len(texts)] for i in range(2000)]
    model = SentenceTransformer(model_dir, device="cpu")
    for q in queries[:20]:
        model.encode(q, normalize_embeddings=True)
    times = []
    for q in queries:
        start = time.perf_counter()
        model.encode(q, normalize_embeddings=True)
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    pct = lambda p: times[round((len(times) - 1) * p)]
    start = time.perf_counter()
    model.encode(sentences, batch_size=32, normalize_embeddings=True)
    rate = len(sentences) / (time.perf_counter() - start)
    print(json.dumps({"p50_ms": pct(0.5), "p90_ms": pct(0.9), "p99_ms": pct(0.99), "sentences_per_s": rate}))


if __name__ == "__main__":
    main()
