#!/usr/bin/env bash
# serve.py's write paths, measured: wrk against POST /api/events (requests/s, p99, errors, and the
# exact count of stored events), order placement throughput, and binding resolution over 1,000,000
# events (the store's resolve_bindings, the core through dynshop_core, and core::apply_touch natively, same data, same checksum).
#
#   DYNSHOP_BUILD=build/prov bench/server_bench.sh [--only events,orders,bindings] [--seconds 10]
# Environment: BENCH_SECONDS (wrk duration), BENCH_ORDERS, BENCH_EVENTS.
set -euo pipefail
cd "$(dirname "$0")/.."
B="${DYNSHOP_BUILD:-build}"
command -v wrk >/dev/null || { echo "wrk is missing: run tools/setup.sh (it installs Debian's wrk)"; exit 1; }
NATIVE="$B/native/binding_bench"
if [ -f "$B/native/build.ninja" ]; then
  ninja -C "$B/native" binding_bench >/dev/null
else
  echo "($B/native is not configured: the native binding figure is skipped; run tools/build.sh first)"
fi
exec /usr/bin/python3 bench/server_bench.py --native "$NATIVE" "$@"
