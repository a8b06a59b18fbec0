#!/usr/bin/env bash
# Sets up, builds, and runs every suite: the domain suite natively and as wasm under node, a short
# fuzzing run of the core's parsers (tests/fuzz), serve.py's Python tests (on SQLite, then again on a
# throwaway PostgreSQL cluster: tools/pg_cluster.sh, stopped at the end whatever happened), and the
# browser tests in headless Chromium. Ends with one line "N passed, N failed" summing them all; exits non-zero if
# anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
CACHE="${DYNSHOP_CACHE:-$HOME/.cache/dynshop}"
export NODE_PATH=/usr/share/nodejs
B="${DYNSHOP_BUILD:-build}"
export DYNSHOP_BUILD="$B"

if ! ./tools/build.sh; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

total_pass=0
total_fail=0
add() { total_pass=$((total_pass + $1)); total_fail=$((total_fail + $2)); printf '%-10s %s passed, %s failed\n' "$3:" "$1" "$2"; }

summary_counts() {  # $1 = suite, $2 = log ending with "<suite>: N passed, N failed"; prints "passed failed" (none: "0 1")
  local line
  line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$2" | tail -1)
  if [ -z "$line" ]; then echo "0 1"; return; fi
  echo "$line" | sed -E "s/^$1: ([0-9]+) passed, ([0-9]+) failed.*/\\1 \\2/"
}

doctest_counts() {  # $1 = log file; prints "passed failed"
  local line
  line=$(grep -E '^\[doctest\] test cases:' "$1" | tail -1)
  if [ -z "$line" ]; then echo "0 1"; return; fi
  echo "$line" | sed -E 's/.*\| *([0-9]+) passed *\| *([0-9]+) failed.*/\1 \2/'
}

LOGS="$B/test-logs"
mkdir -p "$LOGS"

echo "== domain suite (native)"
"$B/native/core_tests" --no-colors > "$LOGS/native.log" 2>&1; rc=$?
read -r p f < <(doctest_counts "$LOGS/native.log"); [ $rc -ne 0 ] && [ "$f" = 0 ] && f=1
tail -3 "$LOGS/native.log"; add "$p" "$f" native

echo "== domain suite (wasm under node)"
node --no-experimental-fetch "$B/wasm/core_tests.js" --no-colors > "$LOGS/wasm.log" 2>&1; rc=$?
read -r p f < <(doctest_counts "$LOGS/wasm.log"); [ $rc -ne 0 ] && [ "$f" = 0 ] && f=1
tail -3 "$LOGS/wasm.log"; add "$p" "$f" wasm

echo "== fuzz suite (libFuzzer, a short run per target)"
# Each of the core's parsers under ASan + UBSan for DYNSHOP_FUZZ_SECONDS (default 2; libFuzzer stops
# at the first whole second past it, so about 3 s a target, a minute for all) after its regressions
# are replayed; bench/fuzz_bench.sh is the long run. One test per target.
tests/fuzz/run.sh "${DYNSHOP_FUZZ_SECONDS:-2}" > "$LOGS/fuzz.log" 2>&1
read -r p f < <(summary_counts fuzz "$LOGS/fuzz.log")
grep -vE '^\[fuzz\] built' "$LOGS/fuzz.log"
add "$p" "$f" fuzz

server_suite() {  # $1 = name, $2 = log
  /usr/bin/python3 -m unittest discover -s tests/server -t . > "$2" 2>&1; local rc=$?
  local ran bad skipped
  ran=$(grep -E '^Ran [0-9]+ test' "$2" | tail -1 | sed -E 's/Ran ([0-9]+).*/\1/')
  ran=${ran:-0}
  bad=$(grep -E '^FAILED \(' "$2" | tail -1 | grep -oE '(failures|errors)=[0-9]+' | cut -d= -f2 | awk '{s+=$1} END {print s+0}')
  bad=${bad:-0}
  skipped=$(grep -E '^OK \(skipped=|skipped=' "$2" | grep -oE 'skipped=[0-9]+' | cut -d= -f2 | tail -1)
  skipped=${skipped:-0}
  [ $rc -ne 0 ] && [ "$bad" = 0 ] && bad=1
  tail -3 "$2"
  # A skipped test is not a passed one.
  add "$((ran - bad - skipped))" "$((bad + skipped))" "$1"
}

echo "== serve.py suite (SQLite)"
server_suite server "$LOGS/server.log"

echo "== serve.py suite (PostgreSQL, a throwaway cluster)"
PG_DIR=$(mktemp -d /tmp/dynshop-pg.XXXXXX)
trap './tools/pg_cluster.sh stop "$PG_DIR"' EXIT
if PG_URL=$(./tools/pg_cluster.sh start "$PG_DIR" 2> "$LOGS/pg_cluster.log"); then
  DYNSHOP_TEST_PG="$PG_URL" server_suite server-pg "$LOGS/server-pg.log"
else
  cat "$LOGS/pg_cluster.log"
  add 0 1 server-pg
fi
./tools/pg_cluster.sh stop "$PG_DIR"

echo "== browser suite (headless chromium)"
NODE_PATH="$CACHE/npm/node_modules" node tests/browser/run.js 2>&1 | tee "$LOGS/browser.log"
read -r p f < <(summary_counts browser "$LOGS/browser.log")
add "$p" "$f" browser

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
