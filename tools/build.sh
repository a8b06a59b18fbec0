#!/usr/bin/env bash
# Builds everything from a fresh clone: installs what is missing (tools/setup.sh), then the native
# build (domain library, tests, demo generator, benchmarks), the seeded demo data, the font
# subsets, and the wasm app, assembled into build/site for serve.py.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
./tools/setup.sh
export NODE_PATH=/usr/share/nodejs
log() { printf '[build] %s\n' "$*" >&2; }

log "native build"
cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/native >/dev/null

# The demo is deterministic; regenerate only when the generator changed.
if [ ! -f build/demo/documents.jsonl ] || [ build/native/gen_demo -nt build/demo/documents.jsonl ]; then
  log "generating the seeded demo (keys, signed documents, images)"
  rm -rf build/demo.tmp
  build/native/gen_demo --out build/demo.tmp
  rm -rf build/demo && mv build/demo.tmp build/demo
fi

log "font subsets"
mkdir -p build/site/fonts
/usr/bin/python3 tools/make_fonts.py --charset build/demo/charset.txt --src src --out build/site/fonts >/dev/null

log "wasm build"
if [ ! -f build/wasm/build.ninja ]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C build/wasm >/dev/null

log "assembling build/site"
cp web/index.html web/shell.js web/style.css build/site/
cp build/wasm/web/app.js build/wasm/web/app.wasm build/site/
log "done: $(du -sh build/site | cut -f1) in build/site"
