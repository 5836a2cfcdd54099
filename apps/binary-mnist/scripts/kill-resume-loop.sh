#!/usr/bin/env bash
# Kill/resume loop: runs the experiment once uninterrupted (the reference), then runs
# it again into another folder, killing it with `kill -9` at random moments KILLS
# times (each restart continues with --resume), lets the last --resume finish, and
# checks that every per-seed record equals the reference's (compute times aside) and
# that nothing temporary is left behind.
#
# usage: scripts/kill-resume-loop.sh [KILLS=10] [WORKDIR=a new temporary folder]
# (run `npm run build` first; `nice -n 10` is advised on a shared machine)
set -euo pipefail
KILLS=${1:-10}
WORK=${2:-$(mktemp -d "${TMPDIR:-/tmp}/kill-resume-XXXXXX")}
CLI="$(cd "$(dirname "$0")/.." && pwd)/dist/cli.js"
SETTINGS=(--no-progress --population 4 --steps 3 --max-generations 6 --threshold 0.95
  --noise 0.1 --seeds 16 --workers 2)
mkdir -p "$WORK"
tmp_before=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'pathnet-task-a-*' 2>/dev/null | wc -l)

start=$(date +%s.%N)
node "$CLI" "${SETTINGS[@]}" --out "$WORK/reference" >"$WORK/reference.log" 2>&1
reference_s=$(echo "$(date +%s.%N) - $start" | bc)
printf 'reference run: %.1f s\n' "$reference_s"

OUT="$WORK/interrupted"
seeds_done() {
  node -e 'try { const r = require(process.argv[1]); console.log(r.seeds.length) } catch { console.log(0) }' \
    "$OUT/results.json"
}
# A fresh run until results.json exists, then --resume.
run_args() {
  if [[ -f "$OUT/results.json" ]]; then args=(--no-progress --resume "$OUT"); else args=("${SETTINGS[@]}" --out "$OUT"); fi
}
for ((i = 1; i <= KILLS; i++)); do
  run_args
  node "$CLI" "${args[@]}" >>"$WORK/interrupted.log" 2>&1 &
  pid=$!
  # A random moment between 10% and 35% of the reference run's duration (start-up included).
  r=$RANDOM # drawn here: $RANDOM in a command substitution repeats the parent's state
  delay=$(echo "scale=2; (0.1 + 0.25 * $r / 32767) * $reference_s" | bc)
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then state="killed"; else state="had finished"; fi
  wait "$pid" 2>/dev/null || true
  printf 'kill %2d after %5.1f s: %s, %s seed(s) recorded, leftovers: %s\n' "$i" "$delay" "$state" \
    "$(seeds_done)" "$(cd "$OUT" 2>/dev/null && ls -A | grep -E '^(run\.lock|\.tmp|results\.json\.[0-9]+)$' | tr '\n' ' ' || true)"
done
run_args
node "$CLI" "${args[@]}" >>"$WORK/interrupted.log" 2>&1
echo "final run: $(seeds_done) seed(s) recorded"

node - "$WORK/reference/results.json" "$OUT/results.json" <<'JS'
const [a, b] = process.argv.slice(2).map((f) => require(f));
const strip = (r) => r.seeds.map(({ wallSeconds, ...rest }) => rest);
const same = require('node:util').isDeepStrictEqual(strip(a), strip(b));
console.log(`records identical to the uninterrupted run: ${same} (${a.seeds.length} vs ${b.seeds.length} seeds, complete: ${a.complete} vs ${b.complete})`);
if (!same || !b.complete) process.exitCode = 1;
JS
left=$(cd "$OUT" && ls -A | grep -E '^(run\.lock|\.tmp|results\.json\.[0-9]+)$' || true)
tmp_after=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'pathnet-task-a-*' 2>/dev/null | wc -l)
echo "left in the results folder: ${left:-nothing}; task-A folders in the system temp folder: $tmp_before before, $tmp_after after"
[[ -z "$left" ]]
