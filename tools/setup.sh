#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian 12 machine, and is safe to
# run again: Debian packages, the Debian source packages of Dear ImGui, qrcodegen and libsodium,
# libsodium built for wasm, and the npm packages the browser tests use.
#
# Third-party sources and builds live in a cache outside the clone ($DYNSHOP_CACHE, default
# ~/.cache/dynshop) so a fresh clone on a machine that already has them does no work twice.
#
# Sections: [1] Debian packages  [2] Debian source packages  [3] libsodium for wasm  [4] npm
set -euo pipefail

CACHE="${DYNSHOP_CACHE:-$HOME/.cache/dynshop}"
DEPS="$CACHE/deps"
mkdir -p "$DEPS"
log() { printf '[setup] %s\n' "$*" >&2; }

# [1] Debian packages -----------------------------------------------------------------------------
PKGS=(
  build-essential cmake pkg-config ninja-build
  emscripten nlohmann-json3-dev libstb-dev doctest-dev libsodium-dev
  autoconf automake libtool
  python3 python3-nacl python3-fonttools python3-dev pybind11-dev python3-pybind11 python3-brotli
  libcurl4-openssl-dev
  clang libclang-rt-dev llvm
  fonts-droid-fallback fonts-inter
  chromium wrk gzip brotli
  postgresql python3-psycopg
)
source "$(dirname "$0")/debian_packages.sh"
need_debian_packages "${PKGS[@]}"

# [2] Debian source packages ------------------------------------------------------------------------
# No deb-src line is configured on these machines: derive one from the machine's own Debian entry
# into a private apt directory, so nothing system-wide changes and no host name is written here.
fetch_source() {  # $1 = source package, $2 = orig tarball glob, $3 = unpacked dir name
  local pkg="$1" glob="$2" dir="$3"
  [ -d "$DEPS/$dir" ] && return 0
  local apt="$CACHE/apt-src"
  mkdir -p "$apt/lists/partial" "$apt/dl"
  if [ ! -f "$apt/src.sources" ] || [ -z "$(ls -A "$apt/lists" 2>/dev/null | grep -v partial)" ]; then
    local srcfile=/etc/apt/sources.list.d/debian.sources
    [ -f "$srcfile" ] || { log "no $srcfile: cannot derive a deb-src entry"; exit 1; }
    sed 's/^Types:.*deb.*$/Types: deb-src/' "$srcfile" > "$apt/src.sources"
    apt-get -qq -o Dir::Etc::sourcelist="$apt/src.sources" -o Dir::Etc::sourceparts=- \
      -o Dir::State::Lists="$apt/lists" update
  fi
  log "fetching Debian source package $pkg"
  # The Debian diff tarball of some packages 404s; only the orig tarball is needed, so a failed
  # download of the rest is tolerated as long as the orig tarball arrived.
  (cd "$apt/dl" && apt-get -qq -o Dir::Etc::sourcelist="$apt/src.sources" -o Dir::Etc::sourceparts=- \
      -o Dir::State::Lists="$apt/lists" source --download-only "$pkg" >/dev/null 2>&1 || true)
  local orig
  orig=$(ls "$apt/dl"/$glob 2>/dev/null | head -1 || true)
  [ -n "$orig" ] || { log "could not download the source of $pkg"; exit 1; }
  tar -xf "$orig" -C "$DEPS"
  [ -d "$DEPS/$dir" ] || { log "unexpected layout in $orig (no $dir)"; exit 1; }
}
fetch_source imgui 'imgui_1.86*.orig.tar.*' imgui-1.86
fetch_source qr-code-generator 'qr-code-generator_1.8.0*.orig.tar.*' QR-Code-generator-1.8.0
fetch_source libsodium 'libsodium_1.0.18*.orig.tar.*' libsodium-1.0.18

# [3] libsodium for wasm ----------------------------------------------------------------------------
export NODE_PATH=/usr/share/nodejs
SODIUM_WASM="$DEPS/libsodium-wasm"
if [ ! -f "$SODIUM_WASM/lib/libsodium.a" ]; then
  log "building libsodium for wasm (about 3 minutes on 2 cores; cached afterwards)"
  work="$DEPS/libsodium-wasm-build"
  rm -rf "$work"; cp -r "$DEPS/libsodium-1.0.18" "$work"
  (
    cd "$work"
    ./autogen.sh -s >/dev/null 2>&1
    emconfigure ./configure --host=wasm32-unknown-emscripten --prefix="$SODIUM_WASM" \
      --disable-shared --enable-static --without-pthreads --disable-ssp --disable-asm \
      --enable-minimal CFLAGS="-O2" >/dev/null
    emmake make -j"$(nproc)" >/dev/null 2>&1
    emmake make install >/dev/null
  )
  rm -rf "$work"
  [ -f "$SODIUM_WASM/lib/libsodium.a" ] || { log "libsodium wasm build failed"; exit 1; }
fi

# [4] npm packages for the browser tests -------------------------------------------------------------
# playwright-core drives Debian's chromium (never a downloaded browser); jsqr decodes the QR codes
# the app draws; pngjs reads screenshots; axe-core audits the pages' accessibility (the semantics mirror).
# (The marker's version goes up when the list grows: a machine set up before installs the new ones.)
NPM="$CACHE/npm"
if [ ! -f "$NPM/.installed-v2" ]; then
  log "installing npm packages for the browser tests"
  mkdir -p "$NPM"
  (cd "$NPM" && [ -f package.json ] || echo '{"name":"dynshop-test-deps","private":true}' > "$NPM/package.json")
  (cd "$NPM" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent \
      playwright-core@1 jsqr@1 pngjs@7 axe-core@4 >/dev/null)
  touch "$NPM/.installed-v2"
fi

log "ready (cache: $CACHE)"
