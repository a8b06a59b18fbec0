#!/usr/bin/env bash
# Prints the figures: app and font sizes, bytes of first visits, time to the first canvas frame,
# frame CPU time idle and while scrolling (demo grid and the 3,000-SKU grid), and the time to
# verify and open a 3,000-SKU release natively and as wasm under node; for the distributor editor, the
# time from an invite to a published shop, editor frame CPU with the 3,000-SKU live preview, and the
# dashboard over 1,000,000 events natively and as wasm; settling the 1,000,000-order scale ledger natively
# and as wasm. Writes every number to
# $B/bench/figures.json and ends with a short summary.
#
#   DYNSHOP_BUILD=build/bench ./tools/bench.sh      (default build folder: build/)
#
# Builds what it needs first (tools/build.sh), then the scale data (gen_demo --scale) once.
# Timings come from a shared 2-core machine: compare runs made under the same load.
set -euo pipefail
cd "$(dirname "$0")/.."
B="${DYNSHOP_BUILD:-build}"
export DYNSHOP_BUILD="$B"
CACHE="${DYNSHOP_CACHE:-$HOME/.cache/dynshop}"
OUT="$B/bench"
RUNS="${BENCH_RUNS:-5}"            # cold page loads per first-frame figure
NATIVE_RUNS="${BENCH_NATIVE_RUNS:-15}"
WASM_RUNS="${BENCH_WASM_RUNS:-9}"
EDITOR_RUNS="${BENCH_EDITOR_RUNS:-5}"   # invite -> published shop runs
log() { printf '[bench] %s\n' "$*" >&2; }
T0=$(date +%s)

log "building ($B)"
./tools/build.sh

mkdir -p "$OUT"
./tools/scale_data.sh
SCALE_DATA="$OUT/scale-data"

log "5: opening the 3,000-SKU release, native ($NATIVE_RUNS runs)"
"$B/native/bench_release" --seed "$B/scale" --runs "$NATIVE_RUNS" --json "$OUT/release_native.json" >/dev/null
# glibc's malloc returns big blocks to the kernel and takes them back with page faults on every
# run (a 2.8 MB JSON string, a tree of 3,000 products); the wasm heap keeps its pages. The same
# native run with those blocks kept shows how much of the native time that is.
log "5: the same, native, glibc malloc keeping freed memory"
MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=67108864 \
  "$B/native/bench_release" --seed "$B/scale" --runs "$NATIVE_RUNS" --json "$OUT/release_native_kept.json" >/dev/null
log "5: opening the 3,000-SKU release, wasm under node ($WASM_RUNS runs)"
node --no-experimental-fetch "$B/wasm/bench_release.js" --seed "$B/scale" --runs "$WASM_RUNS" --json "$OUT/release_wasm.json" >/dev/null

log "2,3,4,6,7: headless Chromium (first visits, first frame x$RUNS, idle and scrolling)"
NODE_PATH="$CACHE/npm/node_modules" node tests/browser/bench_web.js --scale "$B/scale" --scale-data "$SCALE_DATA" \
  --out "$OUT/web.json" --runs "$RUNS"

log "E3: the dashboard over 1,000,000 events, native and wasm under node"
"$B/native/bench_dashboard" --runs "${BENCH_DASH_RUNS:-5}" > "$OUT/dashboard_native.json"
node --no-experimental-fetch "$B/wasm/bench_dashboard.js" --runs "${BENCH_DASH_WASM_RUNS:-3}" > "$OUT/dashboard_wasm.json"

log "S: settling the 1,000,000-order scale ledger, native and wasm under node"
"$B/native/bench_settlement" --ledger "$B/scale/ledger" --runs "${BENCH_SETTLE_RUNS:-5}" > "$OUT/settlement_native.json"
node --no-experimental-fetch "$B/wasm/bench_settlement.js" --ledger "$B/scale/ledger" --runs "${BENCH_SETTLE_WASM_RUNS:-3}" > "$OUT/settlement_wasm.json"

log "E1,E2: the editor in headless Chromium (invite -> published shop x$EDITOR_RUNS, frame CPU with the 3,000-SKU preview)"
NODE_PATH="$CACHE/npm/node_modules" node tests/browser/bench_editor.js --scale "$B/scale" --scale-data "$SCALE_DATA" \
  --out "$OUT/editor.json" --runs "$EDITOR_RUNS"

log "A: the generated scale activity (import, activity paging, dashboard native and wasm, bindings): bench/activity_bench.sh"
if [ "${BENCH_SKIP_ACTIVITY:-0}" != 1 ]; then
  bench/activity_bench.sh
fi

/usr/bin/python3 bench/report.py --build "$B" --out "$OUT/figures.json" --elapsed "$(( $(date +%s) - T0 ))"
