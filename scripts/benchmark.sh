#!/usr/bin/env bash
# The performance benchmark (takes about 10 minutes): bash scripts/benchmark.sh [bench.py options]
# Results: printed as Markdown tables and written to build/benchmark/results.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
export PATH="$root/.venv/bin:$PATH"
exec python "$root/tests/benchmark/bench.py" "$@"
