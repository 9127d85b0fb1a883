#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine with Python 3, then run them.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

# Headless Chromium and CJK fonts for the browser test (Debian packages; needs root or sudo).
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
    SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo "sudo")
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium fonts-noto-cjk
fi

python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
# torch==2.13.0 first: a CPU build (an unpinned torch would pull a multi-GB CUDA build).
python -m pip install -q torch==2.13.0
python -m pip install -q -e ".[st,test]"

export GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
ruff check assistant tests benchmarks app.py
python -m pytest "$@"
