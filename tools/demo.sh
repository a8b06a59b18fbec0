#!/usr/bin/env bash
# Sets up and builds everything, then serves the seeded demo on localhost and prints the URLs to
# open. Data lives in build/data (SQLite); delete that folder to start the demo afresh.
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
print("\nStop with Ctrl+C. Data is kept in build/data.\n")
PY
exec /usr/bin/python3 serve.py --site build/site --seed build/demo --data build/data --host "$HOST" --port "$PORT"
