#!/usr/bin/env bash
# The console's Insight tab over the scale world's 1,000,000-event activity (issue 16's figures), in
# headless Chromium (tests/browser/bench_insight.js) against serve.py:
#   - from opening the tab to the first drawn chart, transfer included (goal: under 3 s on
#     localhost): the store's first answer after it started (cold: it builds the brand's activity
#     from SQLite), warm (its copy in memory, a browser with no copy), and a reload (the browser
#     revalidates its copy); the bytes on the wire
#   - frame CPU while changing the date range, round and round (goal: under 16 ms a frame)
# at 1280x800 and 390x844. Prints the figures with the load average next to each; writes
# $B/bench/insight_web.json.
#
#   DYNSHOP_BUILD=build bench/insight_bench.sh     (needs ./tools/build.sh first)
#
# The scale world here is gen_demo --scale --ledger 0 with its 1,000,000 events ending now
# (--activity-end: the tab's ranges end today, so "the last 7 days" hold traffic), in
# $B/bench/insight-scale, made again when the generator changed or its activity ended before today;
# the store with that activity imported is $B/bench/insight-data (both take a few minutes the first
# time). Environment: INSIGHT_RUNS (warm opens, default 3), INSIGHT_ROUNDS (rounds of the four
# ranges, default 8), PORT (default: a free one).
set -euo pipefail
cd "$(dirname "$0")/.."
B="${DYNSHOP_BUILD:-build}"
CACHE="${DYNSHOP_CACHE:-$HOME/.cache/dynshop}"
SCALE="$B/bench/insight-scale"
DATA="$B/bench/insight-data"
log() { printf '[insight] %s\n' "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
mkdir -p "$B/bench"

today=$(( $(date +%s) / 86400 ))
end_day=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["end_ms"] // 86400000)' "$SCALE/activity/activity.json" 2>/dev/null || echo none)
if [ "$end_day" != "$today" ] || [ "$B/native/gen_demo" -nt "$SCALE/activity/activity.json" ]; then
  end_ms=$(( ($(date +%s) / 3600) * 3600000 ))  # this hour: the activity ends before now
  log "generating the scale world with 1,000,000 events ending $(date -u -d "@$((end_ms / 1000))" '+%F %H:%M') UTC into $SCALE"
  rm -rf "$SCALE.tmp"
  "$B/native/gen_demo" --scale --ledger 0 --activity 1000000 --activity-end "$end_ms" --out "$SCALE.tmp" >&2
  rm -rf "$SCALE" && mv "$SCALE.tmp" "$SCALE"
fi
if [ ! -f "$DATA/.loaded" ] || [ "$SCALE/activity/activity.json" -nt "$DATA/.loaded" ]; then
  log "importing the scale world and its activity into $DATA (load average $(load))"
  rm -rf "$DATA" && mkdir -p "$DATA"
  t0=$(date +%s)
  /usr/bin/python3 serve.py --site "$B/site" --seed "$SCALE" --data "$DATA" --import-activity "$SCALE/activity" --import-only --quiet >&2
  log "imported in $(( $(date +%s) - t0 )) s"
  touch "$DATA/.loaded"
fi

PORT="${PORT:-$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
URL="http://127.0.0.1:$PORT"
SERVER_LOG="$B/bench/insight-serve.log"
started=$(date +%s.%N)
DYNSHOP_BUILD="$B" /usr/bin/python3 serve.py --site "$B/site" --seed "$SCALE" --data "$DATA" --host 127.0.0.1 --port "$PORT" --quiet 2> "$SERVER_LOG" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "$URL/api/directory?brand=b_scale" -o /dev/null && break
  sleep 0.1
done
log "$(/usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print("%d events + %d orders from %s" % (j["events"], j["orders"], sys.argv[2]))' "$SCALE/activity/activity.json" "$SCALE/activity") at $URL; load average $(load)"
DYNSHOP_BUILD="$B" NODE_PATH="$CACHE/npm/node_modules" node tests/browser/bench_insight.js --url "$URL" \
  --runs "${INSIGHT_RUNS:-3}" --rounds "${INSIGHT_ROUNDS:-8}" --out "$B/bench/insight_web.json" > /dev/null
# The store reads the brand's activity from SQLite in the background from its start (serve.py logs
# how long when it takes more than a second): the time a tab opened at the store's start waits.
grep -h "activity read for Insight" "$SERVER_LOG" >&2 || log "(the store read the activity within a second)"
/usr/bin/python3 - "$B/bench/insight_web.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
s = j["summary"]
print("open Insight -> first chart drawn, desktop: cold %s ms, warm %s ms (median), after a new visit %s ms, reload %s ms; phone warm %s ms; %.2f MB on the wire"
      % (s["open_cold_ms"], s["open_warm_ms"], s["open_new_visit_ms"], s["open_reload_ms"], s["open_phone_warm_ms"], (s["wire_bytes"] or 0) / 1e6))
for r in j["range"]:
    f = r["frame_task_cpu_ms"]
    print("range changes, %s: main-thread CPU per frame task median %s / p95 %s / max %s ms; app frame (wall) median %s / p95 %s / max %s ms; "
          "report %s / max %s ms (load %s -> %s)"
          % (r["size"], f["median"], f["p95"], f["max"], r["app_frame_ms"]["median"], r["app_frame_ms"]["p95"], r["app_frame_ms"]["max"],
             r["report_ms"]["median"], r["report_ms"]["max"], r["load_before"], r["load_after"]))
print("goal open under 3 s: %s (slowest %d ms); goal frame CPU under 16 ms: %s (max %s ms; the app's frames in wall-clock time at most %s ms)"
      % ("met" if s["goal_open_3s"] else "MISSED", max(o["open_to_chart_ms"] for o in j["open"]),
         "met" if s["goal_frame_16ms"] else "MISSED", s["frame_cpu_max_ms"], s["frame_wall_max_ms"]))
EOF
