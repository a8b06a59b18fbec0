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

log "native build"
cmake -S . -B "$B/native" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$B/native" >/dev/null

# The demo is deterministic; regenerate only when the generator changed.
if [ ! -f "$B/demo/"documents.jsonl ] || [ "$B/native"/gen_demo -nt "$B/demo/"documents.jsonl ]; then
  log "generating the seeded demo (keys, signed documents, images)"
  rm -rf "$B/demo.tmp"
  "$B/native"/gen_demo --out "$B/demo.tmp"
  rm -rf "$B/demo" && mv "$B/demo.tmp" "$B/demo"
fi

log "font subsets"
mkdir -p "$B/site/fonts"
/usr/bin/python3 tools/make_fonts.py --charset "$B/demo/"charset.txt --src src --out "$B/site/fonts" >/dev/null

log "wasm build"
if [ ! -f "$B/wasm/build.ninja" ]; then
  emcmake cmake -S . -B "$B/wasm" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C "$B/wasm" >/dev/null

log "assembling $B/site"
cp web/index.html web/shell.js web/style.css "$B/site/"
cp "$B/wasm/web/"app.js "$B/wasm/web/"app.wasm "$B/site/"
log "done: $(du -sh "$B/site" | cut -f1) in $B/site"
