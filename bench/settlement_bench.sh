#!/usr/bin/env bash
# Settlement over the scale ledger, through the store and the brand console (issue 8's figures):
#   - from opening the Settlement tab to the balances drawn, transfer and parsing of the compact
#     ledger included (1,000,000 orders, 20,000 distributors), with the store's ledger cold and warm
#   - the first payout batch made by the core in the browser, signed, recomputed by serve.py and
#     stored; its CSV
#   - the same batch by one SQL query in SQLite, same run: the ratio, and that both are the same
# Prints the figures with the load average; writes $B/bench/settlement_web.json.
#
#   DYNSHOP_BUILD=build bench/settlement_bench.sh     (needs ./tools/build.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
B="${DYNSHOP_BUILD:-build}"
CACHE="${DYNSHOP_CACHE:-$HOME/.cache/dynshop}"
log() { printf '[settle] %s\n' "$*" >&2; }
./tools/scale_data.sh --world-only  # the scale world and its 1,000,000-order ledger, once
DATA="$B/bench/settle-data"
if [ ! -f "$DATA/.loaded" ] || [ "$B/scale/ledger/orders.ndjson" -nt "$DATA/.loaded" ]; then
  log "a store with the scale seed and the ledger's orders ($DATA)"
  rm -rf "$DATA" && mkdir -p "$DATA"
  /usr/bin/python3 serve.py --site "$B/site" --seed "$B/scale" --data "$DATA" --import-only --quiet >&2
  /usr/bin/python3 bench/settlement_load.py load "$DATA" "$B/scale/ledger" >&2
  touch "$DATA/.loaded"
fi
log "the console in headless Chromium (load average $(cut -d' ' -f1-3 /proc/loadavg))"
NODE_PATH="$CACHE/npm/node_modules" node tests/browser/bench_settlement.js --data "$DATA" --seed "$B/scale" \
  --out "$B/bench/settlement_web.json"
