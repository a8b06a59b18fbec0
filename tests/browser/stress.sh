#!/usr/bin/env bash
# Runs the browser suite N times in a row under extra CPU load, to catch tests that pass only by
# chance (a test that waits for the wrong thing passes on a quiet machine and fails on a busy one).
#
#   tests/browser/stress.sh [RUNS] [BUSY]     default: 5 runs, 2 busy processes (one per core here)
#
# Needs a finished build (./tools/build.sh). BROWSER_TEST_FILTER and file arguments after `--` are
# passed on to run.js. Each run's log and the failure artefacts (screenshots, app state) are kept in
# $DYNSHOP_BUILD/test-logs/stress/run-K/. Ends with one line "stress: K of N runs passed ..." and
# exits non-zero if any run failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
BUSY="${2:-2}"
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
B="${DYNSHOP_BUILD:-build}"
CACHE="${DYNSHOP_CACHE:-$HOME/.cache/dynshop}"
OUT="$B/test-logs/stress"
rm -rf "$OUT"; mkdir -p "$OUT"

# The load: plain CPU loops at normal priority, as another build or a second CI job would be.
busy=()
for ((i = 0; i < BUSY; i++)); do
  /usr/bin/python3 -c 'while True: pass' &
  busy+=($!)
done
cleanup() { for p in "${busy[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT INT TERM

passed_runs=0
failed_tests=()
start_all=$(date +%s)
for ((k = 1; k <= RUNS; k++)); do
  dir="$OUT/run-$k"; mkdir -p "$dir"
  t0=$(date +%s)
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  DYNSHOP_FAILURES="$dir/failures" NODE_PATH="$CACHE/npm/node_modules" node tests/browser/run.js "$@" > "$dir/browser.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - t0 ))
  line=$(grep -E '^browser: [0-9]+ passed, [0-9]+ failed' "$dir/browser.log" | tail -1)
  [ -z "$line" ] && line="browser: no summary (exit $rc)"
  printf 'run %d/%d: %s in %d s (load average at start %s, busy processes %d)\n' "$k" "$RUNS" "$line" "$secs" "$load0" "$BUSY"
  if [ $rc -eq 0 ]; then
    passed_runs=$((passed_runs + 1))
  else
    while IFS= read -r f; do
      printf '    %s\n' "$f"
      failed_tests+=("run $k: $f")
    done < <(grep -E '^  FAIL  ' "$dir/browser.log" | sed -E 's/^  FAIL  //')
  fi
done
printf 'stress: %d of %d runs passed, %d failed tests in all, %d s, %d busy processes\n' \
  "$passed_runs" "$RUNS" "${#failed_tests[@]}" "$(( $(date +%s) - start_all ))" "$BUSY"
[ "$passed_runs" -eq "$RUNS" ]
