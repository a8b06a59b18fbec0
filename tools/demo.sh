#!/usr/bin/env bash
# Sets up and builds everything, then serves the seeded demo on localhost and prints the URLs to
# open. Data lives in build/data (SQLite); delete that folder to start the demo afresh (it starts
# afresh by itself when the seed in build/demo changed: build/data/seed.sha256). With
# DYNSHOP_DB=postgresql://USER@HOST:PORT/DB the store is that (empty, the first time) PostgreSQL
# database instead, and its pictures and the demo's marks live in build/data-pg. A fresh
# store gets six weeks of history ending now (visits, orders in every state, past payouts), so
# the dashboards, the console and the statements show real numbers on first open.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/build.sh
PORT="${PORT:-8000}"
HOST="${HOST:-127.0.0.1}"
BASE="http://localhost:$PORT"
/usr/bin/python3 - "$BASE" <<'PY'
import json, sys
base = sys.argv[1]
demo = json.load(open("build/demo/demo.json"))
shops = demo["shops"]
def shop(slug):
    return next((s for s in shops if s["slug"] == slug), shops[0])
print("\nDynamic shops demo: open these in a browser (phone-sized windows work best)\n")
s3 = next((s for s in shops if s.get("level") == 3), shops[0])
print(f"  Consumer, a QR-code link into a level-3 distributor's shop:\n    {base}/s/{s3['slug']}?ch=qr\n")
for s in shops:
    print(f"  {s['name']:<28} {base}/s/{s['slug']}   (level {s['level']}, {', '.join(s['brands'])})")
print(f"\n  Shop directory (a visitor with no shop yet):  {base}/")
for b in demo["brands"]:
    print(f"  Brand link for {b['name']}:  {base}/b/{b['id']}")
first = shops[0]
print(f"\n  Distributor editor (sign in as {first['slug']}, passphrase {first['passphrase']}):\n    {base}/d/{first['slug']}")
print(f"  A distributor on a new device types their shop's address here:  {base}/d")
for b in demo["brands"]:
    print(f"  Brand console for {b['name']} (passphrase {b['passphrase']}):\n    {base}/console/{b['id']}")
today = __import__("datetime").datetime.utcnow().strftime("%Y-%m-%d")
b = demo["brands"][0]
print(f"\n  Settle from a terminal (the payout batch as of today and its bank CSV):\n"
      f"    DYNSHOP_PASSPHRASE={b['passphrase']} build/native/dynshop settle --url {base} --brand {b['id']} --cutoff {today} --csv payout.csv")
print("\nStop with Ctrl+C. Data is kept in build/data.\n")
PY
# build/data was seeded from build/demo. When the seed changed since (the generator changed: new
# documents, or new rules, such as enrollments that carry the recruit's own consent, which the app
# now requires), that data is no longer the demo's: the store would serve what browsers refuse.
# Start afresh then; the old folder is kept once, as build/data.old.
SEED_SUM=$(sha256sum build/demo/documents.jsonl | cut -d' ' -f1)
if [ -n "${DYNSHOP_DB:-}" ]; then
  # PostgreSQL: the history goes in once, into the database this folder was first used with.
  mkdir -p build/data-pg
  IMPORT=()
  DB_SUM=$(printf '%s' "$DYNSHOP_DB" | sha256sum | cut -d' ' -f1)  # not the URL itself: it may hold a password
  if [ "$(cat build/data-pg/history-imported 2>/dev/null)" != "$DB_SUM" ]; then
    rm -rf build/demo-history
    build/native/gen_demo --history build/demo --out build/demo-history
    IMPORT=(--import-activity build/demo-history)
    echo "$DB_SUM" > build/data-pg/history-imported
  fi
  exec /usr/bin/python3 serve.py --site build/site --seed build/demo --data build/data-pg --db "$DYNSHOP_DB" \
    --host "$HOST" --port "$PORT" ${PUBLIC_URL:+--public-url "$PUBLIC_URL"} "${IMPORT[@]}"
fi
if [ -f build/data/dynshop.sqlite3 ] && [ "$(cat build/data/seed.sha256 2>/dev/null)" != "$SEED_SUM" ]; then
  echo "demo: build/demo changed since build/data was seeded; starting afresh (the old data is in build/data.old)"
  rm -rf build/data.old
  mv build/data build/data.old
fi
mkdir -p build/data
echo "$SEED_SUM" > build/data/seed.sha256
IMPORT=()
if [ ! -f build/data/dynshop.sqlite3 ]; then
  rm -rf build/demo-history
  build/native/gen_demo --history build/demo --out build/demo-history
  IMPORT=(--import-activity build/demo-history)
fi
exec /usr/bin/python3 serve.py --site build/site --seed build/demo --data build/data --host "$HOST" --port "$PORT" \
  ${PUBLIC_URL:+--public-url "$PUBLIC_URL"} "${IMPORT[@]}"
