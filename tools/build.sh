#!/usr/bin/env bash
# Builds everything from a fresh clone: installs what is missing (tools/setup.sh), then the native
# build (domain library, tests, demo generator, benchmarks), the seeded demo data, the font
# subsets, and the wasm app, assembled into build/site for serve.py.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# DYNSHOP_BUILD picks the build folder (default build/): parallel work can use separate ones.
B="${DYNSHOP_BUILD:-build}"
./tools/setup.sh
export NODE_PATH=/usr/share/nodejs
log() { printf '[build] %s\n' "$*" >&2; }

# ninja's output goes to a log; a failed step shows its tail (the compiler's error) and stops.
mkdir -p "$B"
run_ninja() {  # $1 = build dir
  if ! ninja -C "$1" > "$B/ninja.log" 2>&1; then
    grep -E "error|FAILED" -A6 "$B/ninja.log" | head -60 >&2
    log "the build in $1 failed (whole log: $B/ninja.log)"
    exit 1
  fi
}

log "native build"
cmake -S . -B "$B/native" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
run_ninja "$B/native"

# The demo is deterministic; regenerate only when the generator or its content (assets/demo) changed.
if [ ! -f "$B/demo/"documents.jsonl ] || [ "$B/native"/gen_demo -nt "$B/demo/"documents.jsonl ] ||
   [ -n "$(find assets/demo -newer "$B/demo/"documents.jsonl -print -quit)" ]; then
  log "generating the seeded demo (keys, signed documents, images)"
  rm -rf "$B/demo.tmp"
  "$B/native"/gen_demo --out "$B/demo.tmp"
  rm -rf "$B/demo" && mv "$B/demo.tmp" "$B/demo"
fi

log "font subsets"
mkdir -p "$B/site/fonts"
/usr/bin/python3 tools/make_fonts.py --charset "$B/demo/"charset.txt --src src --out "$B/site/fonts" >/dev/null

log "wasm build"
# The app is built with the platform's root key pinned (the demo's): it trusts no key a host sends.
# A changed key (a regenerated demo) reconfigures the build, which rebuilds what includes it.
ROOT_KEY=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["root_key"])' "$B/demo/trust.json")
if [ ! -f "$B/wasm/build.ninja" ]; then
  emcmake cmake -S . -B "$B/wasm" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDYNSHOP_ROOT_KEY="$ROOT_KEY" >/dev/null
elif ! grep -qxF "DYNSHOP_ROOT_KEY:STRING=$ROOT_KEY" "$B/wasm/CMakeCache.txt"; then
  log "the platform root key changed: reconfiguring the wasm build"
  emcmake cmake -S . -B "$B/wasm" -DDYNSHOP_ROOT_KEY="$ROOT_KEY" >/dev/null
fi
run_ninja "$B/wasm"

log "assembling $B/site"
cp web/index.html web/shell.js web/render.js web/style.css "$B/site/"
# Both builds of the app (src/app/workspace.h): shop.* for consumers, app.* with the editor and console.
cp "$B/wasm/web/"app.js "$B/wasm/web/"app.wasm "$B/wasm/web/"shop.js "$B/wasm/web/"shop.wasm "$B/site/"
# Brotli forms made once here (serve.py sends them to browsers that accept br, gzip otherwise), each
# with the sha256 of what it was made from, so that serve.py never sends one for other bytes. Only
# redone when the file changed.
for f in "$B/site/"{app.js,app.wasm,shop.js,shop.wasm,shell.js,render.js,style.css} "$B/site/fonts/"*.{otf,ttf}; do
  [ -f "$f" ] || continue
  sum=$(sha256sum "$f" | cut -d' ' -f1)
  if [ -f "$f.br" ] && [ "$(cat "$f.br.sha256" 2>/dev/null)" = "$sum" ]; then continue; fi
  brotli -q 11 -f -o "$f.br.tmp" "$f" && mv "$f.br.tmp" "$f.br" && printf '%s' "$sum" > "$f.br.sha256"
done
log "done: $(du -sh "$B/site" | cut -f1) in $B/site"
