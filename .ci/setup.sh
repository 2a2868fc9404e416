#!/usr/bin/env bash
# Sets up everything minwon needs beyond Rust and Python/pip, on a fresh
# clone: the machine packages it uses (installed with apt-get when missing)
# and the models (fetched and checksum-verified by models/fetch.sh).
# Safe to run again: it does nothing that is already done.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages: command they provide -> package.
packages=()
for pair in "espeak-ng:espeak-ng"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || packages+=("${pair#*:}")
done
if [ ${#packages[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if command -v apt-get >/dev/null 2>&1 && { [ -z "$sudo" ] || command -v sudo >/dev/null 2>&1; }; then
        echo "installing ${packages[*]} with apt-get..."
        $sudo apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
    else
        echo ".ci/setup.sh: cannot install ${packages[*]} (no apt-get or no root); read-aloud will be off" >&2
    fi
fi

"$here/models/fetch.sh"
