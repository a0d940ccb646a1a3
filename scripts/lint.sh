#!/usr/bin/env bash
# Set up (first time) and run the linters: ruff on the whole project, mypy on the code.
# Both run even when the first one finds something; the exit status says whether either did.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh test || exit 1
status=0
.venv/bin/ruff check . || status=1
.venv/bin/mypy app || status=1
exit "$status"
