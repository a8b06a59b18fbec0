#!/usr/bin/env bash
# The brand's integrity audit over the scale world (issue 16's figures): 200 shops carrying b_scale,
# each bundle with the brand's 3,000-product release in it, checked against the platform root:
#   - from a terminal: dynshop audit, the first run after the store started (its answers not cached
#     yet) and warm, with 1 and 4 connections
#   - in the brand console (headless Chromium, tests/browser/bench_audit.js): the Audit tab checking
#     every shop of b_scale, 6 fetches at a time, verified in wasm
# Prints shops per second with the load average next to each figure; writes $B/bench/audit.json.
#
#   DYNSHOP_BUILD=build bench/audit_bench.sh     (needs ./tools/build.sh first)
#   SCALE=dir: the scale world (default build/scale; made by gen_demo --scale --activity 0 when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
B="${DYNSHOP_BUILD:-build}"
SCALE="${SCALE:-build/scale}"
CACHE="${DYNSHOP_CACHE:-$HOME/.cache/dynshop}"
log() { printf '[audit] %s\n' "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
if [ ! -f "$SCALE/scale.json" ]; then
  log "generating the scale world into $SCALE"
  rm -rf "$SCALE.tmp"
  "$B/native/gen_demo" --scale --activity 0 --out "$SCALE.tmp" >&2
  rm -rf "$SCALE" && mv "$SCALE.tmp" "$SCALE"
fi
DATA="$B/bench/audit-data"
if [ ! -f "$DATA/.loaded" ] || [ "$SCALE/scale.json" -nt "$DATA/.loaded" ]; then
  log "a store with the scale seed ($DATA)"
  rm -rf "$DATA" && mkdir -p "$DATA"
  /usr/bin/python3 serve.py --site "$B/site" --seed "$SCALE" --data "$DATA" --import-only --quiet >&2
  touch "$DATA/.loaded"
fi
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
DYNSHOP_BUILD="$B" /usr/bin/python3 serve.py --site "$B/site" --seed "$SCALE" --data "$DATA" --host 127.0.0.1 --port "$PORT" --quiet >&2 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -sf "$URL/api/directory?brand=b_scale" -o /dev/null && break
  sleep 0.1
done
ROOT=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["root_key"])' "$SCALE/scale.json")
SHOPS=$(curl -sf "$URL/api/directory?brand=b_scale" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["shops"]))')
log "$SHOPS shops carry b_scale; the store at $URL"

cli() {  # run label jobs -> one JSON object
  local label=$1 jobs=$2 before out status
  before=$(load)
  set +e
  out=$("$B/native/dynshop" audit --url "$URL" --root-key "$ROOT" --brand b_scale --jobs "$jobs" | tail -1)
  status=$?
  set -e
  log "terminal, $label, $jobs connection(s): $(echo "$out" | /usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin); print("%s shops/s (%d shops, %d ok, %d refused, %d unchecked, %.2f s)" % (j["shops_per_s"], j["shops"], j["ok"], j["refused"], j["unchecked"], j["seconds"]))')  | load average $before -> $(load)"
  printf '{"run": "%s", "jobs": %s, "load_before": "%s", "load_after": "%s", "result": %s}' "$label" "$jobs" "$before" "$(load)" "$out"
}
C1=$(cli cold 4)
C2=$(cli warm 1)
C3=$(cli warm 4)
log "the console in headless Chromium (load average $(load))"
WEB=$(DYNSHOP_BUILD="$B" NODE_PATH="$CACHE/npm/node_modules" node tests/browser/bench_audit.js --url "$URL")
mkdir -p "$B/bench"
printf '{"shops": %s, "cli": [%s, %s, %s], "console": %s}\n' "$SHOPS" "$C1" "$C2" "$C3" "$WEB" | tee "$B/bench/audit.json"
