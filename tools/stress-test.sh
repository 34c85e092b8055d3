#!/usr/bin/env bash
# Runs the whole suite (`npm test`) while a CPU hog holds both cores, RUNS times in a row
# (default 1); fails on the first run that fails. The suite must not depend on how fast the
# machine is: this is how we check that it waits for conditions, never for time.
#
#   tools/stress-test.sh        # once (what .ci/run does)
#   tools/stress-test.sh 3      # three times in a row
#
# The hog is two busy loops (one per core on these 2-core machines; HOG_LOOPS to change), each
# bounded by `timeout` (HOG_SECONDS, default 1200) so that nothing outlives a killed script,
# and stopped as soon as the run ends.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-1}
loops=${HOG_LOOPS:-2}
seconds=${HOG_SECONDS:-1200}
hogs=()

stop_hogs() {
  for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${hogs[@]}"; do wait "$pid" 2>/dev/null || true; done
  hogs=()
}
trap stop_hogs EXIT

for run in $(seq 1 "$runs"); do
  for _ in $(seq 1 "$loops"); do
    timeout "$seconds" bash -c 'while :; do :; done' &
    hogs+=($!)
  done
  echo "stress-test: run $run/$runs: npm test with $loops busy loops (at most ${seconds}s)" >&2
  started=$(date +%s)
  if ! npm test; then
    echo "stress-test: run $run/$runs FAILED after $(( $(date +%s) - started ))s" >&2
    exit 1
  fi
  stop_hogs
  echo "stress-test: run $run/$runs passed in $(( $(date +%s) - started ))s" >&2
done
echo "stress-test: $runs/$runs runs passed under load" >&2
