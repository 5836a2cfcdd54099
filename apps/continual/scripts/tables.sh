#!/usr/bin/env bash
# The README's tables: every benchmark with all methods over SEEDS seeds (default 10), each into
# docs/results/<benchmark>/, resumed where a folder already holds results (run it again to continue).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${SEEDS:-10}
for b in ${BENCHMARKS:-split-mnist split-fashion-mnist permuted-mnist}; do
  dir=docs/results/$b
  echo "== $b ($(uptime | sed 's/.*load average/load average/'))"
  if [ -f "$dir/results.json" ]; then
    node dist/cli.js --resume "$dir" --seeds "$seeds" --no-progress
  else
    node dist/cli.js --benchmark "$b" --seeds "$seeds" --out "$dir" --no-progress
  fi
done
