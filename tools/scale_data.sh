#!/usr/bin/env bash
# The scale data the benchmarks use, made once per generator: $B/scale (3,000 SKUs, 20,000
# distributors, 200 shops, 1,000,000 events of activity, from gen_demo --scale) and a store that
# imported it, $B/bench/scale-data (serve.py imports a seed only into an empty store, and 20,000
# enrollments take a while on a busy machine: each benchmark starts from a copy of it).
#
#   DYNSHOP_BUILD=build tools/scale_data.sh [--world-only]   (needs tools/build.sh's native and site builds)
# --world-only: only $B/scale (bench/settlement_bench.sh makes a store of its own from it).
set -euo pipefail
cd "$(dirname "$0")/.."
B="${DYNSHOP_BUILD:-build}"
log() { printf '[scale] %s\n' "$*" >&2; }
mkdir -p "$B/bench"
if [ ! -f "$B/scale/documents.jsonl" ] || [ "$B/native/gen_demo" -nt "$B/scale/documents.jsonl" ] ||
   [ -n "$(find assets/demo -newer "$B/scale/documents.jsonl" -print -quit)" ]; then
  log "generating the scale data (3,000 SKUs, 20,000 distributors, 200 shops, 1,000,000 events of activity) into $B/scale"
  rm -rf "$B/scale.tmp"
  "$B/native/gen_demo" --scale --out "$B/scale.tmp" >&2
  rm -rf "$B/scale" && mv "$B/scale.tmp" "$B/scale"
fi
[ "${1:-}" = --world-only ] && exit 0
SCALE_DATA="$B/bench/scale-data"
if [ ! -f "$SCALE_DATA/.imported" ] || [ "$B/scale/documents.jsonl" -nt "$SCALE_DATA/.imported" ]; then
  log "importing the scale data into a store ($SCALE_DATA)"
  rm -rf "$SCALE_DATA" && mkdir -p "$SCALE_DATA"
  /usr/bin/python3 serve.py --site "$B/site" --seed "$B/scale" --data "$SCALE_DATA" --import-only --quiet >&2
  touch "$SCALE_DATA/.imported"
fi
