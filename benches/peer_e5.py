"""The peers for benches/embed.rs: the same measurements on the same texts
with multilingual-e5-small's weights (e5-small-q4.bin dequantised to f32 by
tests/fixtures/dequantize_e5.py), run by

  onnx                   ONNX Runtime (CPU), the model exported with torch.onnx
  onnx-int8              ONNX Runtime (CPU), that file quantised the way an
                         engineer deploys it: onnxruntime.quantization's
                         quantize_dynamic(..., weight_type=QuantType.QInt8)
  sentence-transformers  sentence-transformers on PyTorch (CPU)

at the given thread count. Prints one JSON object.

    python3 benches/peer_e5.py PEER TEXTS_JSON THREADS CACHE_DIR

TEXTS_JSON holds {"queries": [...], "sentences": [...]}; the queries are
embedded one at a time with "query: ", the sentences in batches of 32 with
"passage: ", longest first (as minwon and sentence-transformers do).
CACHE_DIR keeps the dequantised folder and the ONNX files between runs.
"""

import json
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "fixtures"))
import dequantize_e5  # noqa: E402


def folder(cache):
    model = cache / "e5-f32"
    if not (model / "model.safetensors").exists():
        dequantize_e5.write_folder(model)
    return model


def onnx_int8_embedder(cache, threads):
    from onnxruntime.quantization import QuantType, quantize_dynamic

    f32 = onnx_file(cache)
    path = cache / "e5-int8.onnx"
    if not path.exists():
        quantize_dynamic(str(f32), str(path), weight_type=QuantType.QInt8)
    return onnx_session_embedder(cache, path, threads)


def onnx_embedder(cache, threads):
    return onnx_session_embedder(cache, onnx_file(cache), threads)


def onnx_file(cache):
    """The f32 model exported to ONNX (once; kept in the cache)."""
    import torch
    from transformers import AutoModel

    model_dir = folder(cache)
    path = cache / "e5-f32.onnx"
    if not path.exists():
        # Eager attention traces without data-dependent branches on the mask.
        bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

        class Encoder(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.bert = bert

            def forward(self, input_ids, attention_mask):
                return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        ids = torch.tensor([[0, 41, 1294, 12, 10, 2], [0, 41, 1294, 12, 2, 1]])
        mask = torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0]])
        torch.onnx.export(
            Encoder(), (ids, mask), str(path), dynamo=False,
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                          "attention_mask": {0: "batch", 1: "tokens"},
                          "last_hidden_state": {0: "batch", 1: "tokens"}},
            opset_version=17)
    return path


def onnx_session_embedder(cache, path, threads):
    import onnxruntime as ort
    from transformers import AutoTokenizer

    model_dir = folder(cache)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))

    def embed(texts):
        batch = tokenizer(texts, padding=True, truncation=True, max_length=512, return_tensors="np")
        mask = batch["attention_mask"].astype(np.int64)
        (hidden,) = session.run(None, {"input_ids": batch["input_ids"].astype(np.int64), "attention_mask": mask})
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        return summed / np.linalg.norm(summed, axis=1, keepdims=True)

    alone = np.concatenate([embed([t]) for t in ["query: 여권", "query: where do I renew my passport"]])
    together = embed(["query: 여권", "query: where do I renew my passport"])
    # Dynamic quantisation scales each batch's activations by its own range.
    tolerance = 1e-4 if path.name == "e5-f32.onnx" else 5e-2
    assert np.abs(alone - together).max() < tolerance, "the ONNX export mishandles padding"
    return embed


def sentence_transformers_embedder(cache, threads):
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    model = SentenceTransformer(str(folder(cache)), device="cpu")
    return lambda texts: model.encode(texts, batch_size=32, normalize_embeddings=True)


def main() -> None:
    peer, texts_path, threads, cache = sys.argv[1], sys.argv[2], int(sys.argv[3]), pathlib.Path(sys.argv[4])
    cache.mkdir(parents=True, exist_ok=True)
    texts = json.loads(pathlib.Path(texts_path).read_text(encoding="utf-8"))
    queries = ["query: " + q for q in texts["queries"]]
    sentences = sorted(("passage: " + s for s in texts["sentences"]), key=len, reverse=True)
    embed = {
        "onnx": onnx_embedder,
        "onnx-int8": onnx_int8_embedder,
        "sentence-transformers": sentence_transformers_embedder,
    }[peer](cache, threads)
    for q in queries[:20]:
        embed([q])
    times = []
    for q in queries:
        start = time.perf_counter()
        embed([q])
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    pct = lambda p: times[round((len(times) - 1) * p)]
    start = time.perf_counter()
    for i in range(0, len(sentences), 32):
        embed(sentences[i : i + 32])
    rate = len(sentences) / (time.perf_counter() - start)
    print(json.dumps({"p50_ms": pct(0.5), "p90_ms": pct(0.9), "sentences_per_s": rate}))


if __name__ == "__main__":
    main()
