#!/usr/bin/env bash
# Creates the Python environment the embedding benchmark's peers run in
# (ONNX Runtime, sentence-transformers, PyTorch on CPU), inside the
# repository's target/ folder: `cargo bench --bench embed` uses it when
# it exists (or whatever MINWON_PEER_PYTHON names). Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$here/target/peer-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip="$venv/bin/pip"
"$pip" install -q --upgrade pip
# torch from PyPI without its CUDA wheels: the benchmark runs on the CPU.
"$pip" install -q --no-deps torch
"$pip" install -q filelock sympy networkx jinja2 fsspec typing_extensions \
    numpy onnx onnxruntime transformers sentence-transformers safetensors
echo "peer environment ready: $venv/bin/python"
