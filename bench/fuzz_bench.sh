#!/usr/bin/env bash
# The fuzz targets' long run (issue 9): every target of tests/fuzz for SECONDS each (default 60),
# one after the other on one core, through tests/fuzz/run.sh (the same build, regressions and
# temporary corpus copies as the test command's short run). Prints, per target, the executions,
# executions per second, the corpus grown from the seeds, the regressions replayed and the new
# crashes, as a Markdown table for bench/FIGURES.md, with the load average before, after each
# target and at the end (the machine's other work slows every figure here).
#
#   bench/fuzz_bench.sh [SECONDS_PER_TARGET] [TARGET...]      DYNSHOP_BUILD as for tools/build.sh
#
# Exits non-zero when a target crashed (its input is in $DYNSHOP_BUILD/fuzz/crashes/<target>/).
set -uo pipefail
cd "$(dirname "$0")/.."
B="${DYNSHOP_BUILD:-build}"
SECS="${1:-60}"
[ $# -gt 0 ] && shift
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "fuzz bench: $SECS s per target, started $(date -u '+%F %H:%M') UTC, load average $(load), $(nproc) cores"
t0=$(date +%s)
# The build's jobs stay at one: the run itself uses one core.
DYNSHOP_FUZZ_JOBS="${DYNSHOP_FUZZ_JOBS:-1}" DYNSHOP_BUILD="$B" tests/fuzz/run.sh "$SECS" "$@"
rc=$?
t1=$(date +%s)
echo "ended after $((t1 - t0)) s, load average $(load)"
echo
echo "| target | executions | exec/s | corpus (seeds -> after) | regressions replayed | new crashes | load (1 min) at its end |"
echo "|---|---:|---:|---|---:|---:|---:|"
/usr/bin/python3 - "$B/fuzz/summary.tsv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
total = 0
for r in rows:
    execs = int(r["execs"] or 0)
    total += execs
    crashes = r["new_crashes"] if r["result"] == "passed" else r["new_crashes"] + " (FAILED)"
    print(f"| {r['target']} | {execs:,} | {int(r['exec_per_s'] or 0):,} | {r['corpus_in']} -> {r['corpus_out']} | "
          f"{r['regressions']} | {crashes} | {r['load1']} |")
print(f"| all {len(rows)} | {total:,} | | | {sum(int(r['regressions']) for r in rows)} | "
      f"{sum(int(r['new_crashes']) for r in rows)} | |")
EOF
exit $rc
