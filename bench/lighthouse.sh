#!/usr/bin/env bash
# Lighthouse's mobile profile on the consumer's first visit (issue 10): the demo's QR shop link, a
# product link and the 3,000-SKU shop, median of 3 runs each, beside the targets, with the load.
#
#   DYNSHOP_BUILD=build bench/lighthouse.sh [--runs 3] [--only demo-qr,product,scale] [--json FILE]
#
# Installs lighthouse 12.2.3 from npm into ~/.cache/dynshop/lighthouse (the last release that runs on
# Debian's Node 20) and makes the scale store once (tools/scale_data.sh); needs tools/build.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
export DYNSHOP_BUILD="${DYNSHOP_BUILD:-build}"
LH="${DYNSHOP_CACHE:-$HOME/.cache/dynshop}/lighthouse"
if [ ! -x "$LH/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$LH"
  [ -f "$LH/package.json" ] || echo '{"name":"dynshop-lighthouse","private":true}' > "$LH/package.json"
  (cd "$LH" && npm i -E lighthouse@12.2.3 --no-audit --no-fund >&2)
fi
export LIGHTHOUSE="$LH/node_modules/.bin/lighthouse"
if [[ " $* " != *" --only "* ]] || [[ "$*" == *scale* ]]; then ./tools/scale_data.sh; fi
exec /usr/bin/python3 bench/lighthouse.py "$@"
