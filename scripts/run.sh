#!/usr/bin/env bash
# Set up (first time) and launch Essaim on the default data folder. Arguments go to `essaim`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup-venv.sh
exec .venv/bin/essaim "$@"
