#!/usr/bin/env bash
# The generated scale activity, measured (issue 2 item 6): gen_demo --scale writes 1,000,000 events
# and the orders they lead to over the scale world (3,000 SKUs, 20,000 distributors, 200 shops);
# this script imports them into a serve.py store, then prints:
#   generation   gen_demo's own timing line (when it has to generate)
#   import       serve.py --import-activity: events through the POST /api/events rules, orders
#                through place_order at their time, brand-signed status changes (events/s, orders/s)
#   paging       GET /api/brands/<brand>/activity and /api/shops/scale-all/activity, every page
#   dashboard    parse + compute_dashboard over the brand's pages (all 1,000,000 events) and over
#                scale-all's team pages (what its editor loads), native and wasm under node
#   bindings     binding resolution over the store's events: the store's (the core through dynshop_core, from SQLite) and core::apply_touch natively
#
#   DYNSHOP_BUILD=build/<you> bench/activity_bench.sh      (after tools/build.sh)
# Environment: BENCH_ACTIVITY (events, default 1000000), BENCH_DASH_RUNS (5), BENCH_DASH_WASM_RUNS (3).
# Heavy (minutes, ~1 GB of disk in $B/bench): run it once, not in a loop. Not part of tools/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
B="${DYNSHOP_BUILD:-build}"
OUT="$B/bench"
EVENTS="${BENCH_ACTIVITY:-1000000}"
export NODE_PATH=/usr/share/nodejs
log() { printf '[activity] %s\n' "$*" >&2; }
mkdir -p "$OUT"

for f in "$B/native/gen_demo" "$B/native/bench_dashboard" "$B/native/binding_bench" "$B/wasm/bench_dashboard.js"; do
  [ -f "$f" ] || { log "$f is missing: run DYNSHOP_BUILD=$B tools/build.sh first"; exit 1; }
done

# The scale data with its activity (the same folder tools/bench.sh uses): regenerated when the
# generator changed or the activity size differs.
have=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"])' "$B/scale/activity/activity.json" 2>/dev/null || echo none)
if [ "$have" != "$EVENTS" ] || [ "$B/native/gen_demo" -nt "$B/scale/activity/activity.json" ]; then
  log "generating the scale data with $EVENTS events into $B/scale"
  rm -rf "$B/scale.tmp"
  "$B/native/gen_demo" --scale --activity "$EVENTS" --out "$B/scale.tmp"
  rm -rf "$B/scale" && mv "$B/scale.tmp" "$B/scale"
else
  log "the scale data in $B/scale is current: $(cat "$B/scale/activity/activity.json" | head -c 160)..."
fi
du -sh "$B/scale/activity"/*.ndjson | sed 's/^/   /'

STORE="$OUT/activity-data"
if [ ! -f "$STORE/.imported" ] || [ "$B/scale/activity/events.ndjson" -nt "$STORE/.imported" ]; then
  log "importing the scale world and its activity into $STORE"
  rm -rf "$STORE" && mkdir -p "$STORE"
  t0=$(date +%s%N)
  /usr/bin/python3 serve.py --site "$B/site" --seed "$B/scale" --data "$STORE" --import-activity "$B/scale/activity" \
    --import-only 2>&1 | grep -E '^(seed|activity):' | sed 's/^/   /'
  t1=$(date +%s%N)
  echo "   import wall time (seed + activity): $(awk "BEGIN { printf \"%.1f\", ($t1 - $t0) / 1e9 }") s; store $(du -sh "$STORE" | cut -f1)"
  touch "$STORE/.imported"
fi

log "paging the activity through serve.py"
/usr/bin/python3 bench/activity_bench.py --scale "$B/scale" --store "$STORE" --site "$B/site" \
  --pages "$OUT/activity_pages.ndjson" --shop-pages "$OUT/activity_pages_shop.ndjson" --json "$OUT/activity_paging.json"

for part in brand shop; do
  pages="$OUT/activity_pages.ndjson"
  [ "$part" = shop ] && pages="$OUT/activity_pages_shop.ndjson"
  log "dashboard over the generated $part pages, native"
  "$B/native/bench_dashboard" --pages "$pages" --distributor sd_00001 --runs "${BENCH_DASH_RUNS:-5}" \
    > "$OUT/dashboard_generated_${part}_native.json"
  log "dashboard over the generated $part pages, wasm under node"
  node --no-experimental-fetch "$B/wasm/bench_dashboard.js" --pages "$pages" --distributor sd_00001 \
    --runs "${BENCH_DASH_WASM_RUNS:-3}" > "$OUT/dashboard_generated_${part}_wasm.json"
done

log "binding resolution over the store's events"
/usr/bin/python3 bench/server_bench.py --only bindings --store "$STORE" --native "$B/native/binding_bench"
