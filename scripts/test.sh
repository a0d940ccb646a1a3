#!/usr/bin/env bash
# Set up (first time) and run the whole test suite, GUI tests included, on Qt's offscreen platform.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup-venv.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
