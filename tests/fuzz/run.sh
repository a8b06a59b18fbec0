#!/usr/bin/env bash
# Builds the fuzz targets (clang, libFuzzer, ASan + UBSan) and runs each for a time budget.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]    default 5 s, every target (names: json, release, ...)
#   tests/fuzz/run.sh --seeds                             rewrites tests/fuzz/corpus with make_seeds
#
# Per target: the regressions (tests/fuzz/regressions/<target>/, inputs that once crashed) are
# replayed, then libFuzzer runs for the budget on a temporary copy of the seed corpus
# (tests/fuzz/corpus/<target>/): nothing under tests/fuzz is written during a run. A target passes
# when the replay and the run end with no crash, leak, timeout or out-of-memory; a new crash's input
# is kept in $DYNSHOP_BUILD/fuzz/crashes/<target>/ (fix it, then copy it into regressions/).
# Prints per target: executions, executions per second, new crashes; ends with one line
# "fuzz: N passed, N failed". $DYNSHOP_BUILD/fuzz/summary.tsv has the figures (bench/fuzz_bench.sh).
#
# DYNSHOP_BUILD picks the build folder (default build); DYNSHOP_FUZZ_JOBS the build's parallel jobs
# (default: ninja's own); DYNSHOP_FUZZ_TIMEOUT the seconds one input may take (default 10).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
B="${DYNSHOP_BUILD:-build}"
OUT="$B/fuzz"
SRC=tests/fuzz
log() { printf '[fuzz] %s\n' "$*" >&2; }
give_up() { log "$1"; echo "fuzz: 0 passed, 1 failed"; exit 1; }

SEEDS=0
if [ "${1:-}" = "--seeds" ]; then SEEDS=1; shift; fi
SECONDS_PER_TARGET="${1:-5}"
[ $# -gt 0 ] && shift
case "$SECONDS_PER_TARGET" in ''|*[!0-9]*) give_up "usage: tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...] | --seeds" ;; esac

# What the build needs, from Debian (tools/setup.sh installs the same when the whole project is set
# up; this keeps run.sh working on its own). libclang-rt-dev has libFuzzer and the sanitizers'
# runtimes (only recommended by clang, so named here); llvm has llvm-symbolizer for readable traces.
PKGS=(clang libclang-rt-dev llvm cmake ninja-build pkg-config libsodium-dev nlohmann-json3-dev libstb-dev)
source "$ROOT/tools/debian_packages.sh"
need_debian_packages "${PKGS[@]}" || give_up "could not install the Debian packages: ${PKGS[*]}"

# Build (incremental: a rebuild after a change to the core takes what changed).
mkdir -p "$OUT"
if [ ! -f "$OUT/build.ninja" ]; then
  cmake -S "$SRC" -B "$OUT" -G Ninja -DCMAKE_CXX_COMPILER=clang++ > "$OUT/cmake.log" 2>&1 ||
    { tail -20 "$OUT/cmake.log" >&2; give_up "configuring the fuzz build failed (log: $OUT/cmake.log)"; }
fi
t0=$(date +%s)
if ! ninja -C "$OUT" ${DYNSHOP_FUZZ_JOBS:+-j "$DYNSHOP_FUZZ_JOBS"} > "$OUT/ninja.log" 2>&1; then
  grep -E "error|FAILED" -A6 "$OUT/ninja.log" | head -60 >&2
  give_up "the fuzz build failed (whole log: $OUT/ninja.log)"
fi
log "built in $(( $(date +%s) - t0 )) s"

if [ "$SEEDS" = 1 ]; then
  rm -rf "$SRC/corpus.new" && "$OUT/make_seeds" "$SRC/corpus.new" || give_up "make_seeds failed"
  rm -rf "$SRC/corpus" && mv "$SRC/corpus.new" "$SRC/corpus"
  log "seed corpora written to $SRC/corpus"
  exit 0
fi

if [ $# -gt 0 ]; then TARGETS=("$@"); else
  TARGETS=()
  for f in "$SRC"/fuzz_*.cpp; do n=$(basename "$f" .cpp); TARGETS+=("${n#fuzz_}"); done
fi

# Symbolized traces when llvm-symbolizer is there; leaks are checked (libFuzzer's default with ASan).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
command -v llvm-symbolizer >/dev/null && export ASAN_SYMBOLIZER_PATH="$(command -v llvm-symbolizer)"

# The targets whose input is JSON text get a dictionary of its tokens and edge numbers.
JSON_TARGETS=" json envelope brand_cert policy release manifest enrollment shop_bundle activity_page payout ledger_line invite "

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dynshop-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
LOGS="$OUT/logs"
mkdir -p "$LOGS"
printf 'target\tseconds\texecs\texec_per_s\tcorpus_in\tcorpus_out\tregressions\tnew_crashes\tresult\tload1\n' > "$OUT/summary.tsv"
passed=0
failed=0
printf '%-16s %12s %10s %8s %12s  %s\n' target executions exec/s crashes regressions result
for t in "${TARGETS[@]}"; do
  bin="$OUT/fuzz_$t"
  if [ ! -x "$bin" ]; then
    printf '%-16s %s\n' "$t" "no such target ($bin)"
    failed=$((failed + 1))
    continue
  fi
  ok=1
  # Every input that once crashed, replayed once each.
  regs=()
  [ -d "$SRC/regressions/$t" ] && while IFS= read -r -d '' f; do regs+=("$f"); done < <(find "$SRC/regressions/$t" -type f -print0 | sort -z)
  if ((${#regs[@]})); then
    if ! "$bin" -rss_limit_mb=2048 -timeout="${DYNSHOP_FUZZ_TIMEOUT:-10}" "${regs[@]}" > "$LOGS/$t.regressions.log" 2>&1; then
      ok=0
      log "$t: a regression input fails again (log: $LOGS/$t.regressions.log)"
    fi
  fi
  # The run, on a copy of the seeds; crashes, leaks, timeouts and OOMs land in $WORK/$t-artifacts.
  corpus="$WORK/$t-corpus"
  art="$WORK/$t-artifacts"
  mkdir -p "$corpus" "$art"
  [ -d "$SRC/corpus/$t" ] && cp -r "$SRC/corpus/$t/." "$corpus/"
  n_in=$(find "$corpus" -type f | wc -l)
  dict=()
  [[ "$JSON_TARGETS" == *" $t "* ]] && dict=(-dict="$SRC/json.dict")
  "$bin" "$corpus" -max_total_time="$SECONDS_PER_TARGET" -timeout="${DYNSHOP_FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
    "${dict[@]}" -print_final_stats=1 -artifact_prefix="$art/" > "$LOGS/$t.log" 2>&1
  rc=$?
  execs=$(grep -E '^stat::number_of_executed_units:' "$LOGS/$t.log" | tail -1 | awk '{print $2}')
  eps=$(grep -E '^stat::average_exec_per_sec:' "$LOGS/$t.log" | tail -1 | awk '{print $2}')
  n_out=$(find "$corpus" -type f | wc -l)
  rm -rf "$corpus"
  crashes=$(find "$art" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [ "$crashes" -gt 0 ] || [ $rc -ne 0 ]; then
    ok=0
    mkdir -p "$OUT/crashes/$t"
    cp "$art"/* "$OUT/crashes/$t/" 2>/dev/null
    log "$t: libFuzzer stopped (exit $rc); input kept in $OUT/crashes/$t/, log: $LOGS/$t.log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz check failed|.*runtime error)' "$LOGS/$t.log" | head -4 >&2
    [ "$crashes" -eq 0 ] && crashes=1
  fi
  if [ $ok = 1 ]; then result=passed; passed=$((passed + 1)); else result=FAILED; failed=$((failed + 1)); fi
  printf '%-16s %12s %10s %8s %12s  %s\n' "$t" "${execs:-?}" "${eps:-?}" "$crashes" "${#regs[@]}" "$result"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$SECONDS_PER_TARGET" "${execs:-0}" "${eps:-0}" "$n_in" "$n_out" \
    "${#regs[@]}" "$crashes" "$result" "$(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/summary.tsv"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
