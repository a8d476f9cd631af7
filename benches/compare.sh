#!/usr/bin/env bash
# The performance benchmark (not part of the test run): gsef against DuckDB and sqlite3.
#
#   benches/compare.sh                          # small and large stores, 5 runs each
#   benches/compare.sh --scales small,large,xlarge --runs 3
#
# Installs what it needs: sqlite3 and GNU time from Debian, DuckDB into a throw-away virtual
# environment. Results go to stdout as a Markdown table; docs/performance.md records them.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v sqlite3 >/dev/null || [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq sqlite3 time >/dev/null
fi
venv="${GSEF_BENCH_VENV:-target/bench/venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q duckdb openpyxl
fi
cargo build --release --quiet --bin gsef --example synth
exec "$venv/bin/python" benches/compare.py --python "$venv/bin/python" "$@"
