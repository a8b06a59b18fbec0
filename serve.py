#!/usr/bin/python3
"""dynshop store: a thin, distrustful server for the WebAssembly app.

It serves the built app, fills the page template with a first paint for each URL, and keeps
signed documents (brand certificates, policies, catalog releases, brand articles, enrollments, shop manifests)
and content-addressed images in SQLite. Every document is checked here, by kind, before it is
stored: the signature over the exact payload text, and that the signer is the one allowed to
sign it. Nothing is trusted because it came from a client, from the seed, or from the database.

Run (Debian's python3, stdlib + python3-nacl only):
    /usr/bin/python3 serve.py --site build/site --seed build/demo --data build/data --port 8000

The API and its one route table: src/store/routes.py. The store itself is the package src/store
(its __init__.py lists the modules); this file parses the arguments, opens the store and serves.

[SECTION] Startup   src/ on sys.path, the store package (it loads the core's module, dynshop_core)
[SECTION] Main      arguments, the data folder's lock, seed and imports, the server
"""
# [SECTION] Startup --------------------------------------------------------------------------------

import argparse
import fcntl
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

# The core's module first: every rule the store applies is in it, so without it there is no store
# (and the modules below bind some of its functions as they load).
from store.core import CORE, CORE_DIR, CORE_MISSING  # noqa: E402

if CORE is None:
    raise SystemExit("serve.py: the core's Python module (dynshop_core) is missing in %s: %s. Build it with "
                     "./tools/build.sh (or set DYNSHOP_CORE to the folder that holds it)." % (CORE_DIR, CORE_MISSING))

from store import config, trust  # noqa: E402
from store.trust import b64_bytes, b64_text  # noqa: E402
from store.app import App  # noqa: E402
from store.config import BUILD_HINT, log, now_ms  # noqa: E402
from store.db import open_store  # noqa: E402
from store.schema import SET_META  # noqa: E402
from store.http import Handler, Server  # noqa: E402
from store.images import sweep_images  # noqa: E402
from store.limits import parse_limit_arg  # noqa: E402
from store.payouts import backfill_ledger  # noqa: E402
from store.seed import import_activity, import_seed, load_root_key  # noqa: E402


# [SECTION] Main -----------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="dynshop store: serves the app, keeps signed documents.")
    ap.add_argument("--site", default="build/site", help="the built app (index.html template, app.js, app.wasm...)")
    ap.add_argument("--seed", default=None, help="trust.json, documents.jsonl and images/ to import into an empty store")
    ap.add_argument("--data", default="build/data", help="where the SQLite file and images live")
    ap.add_argument("--db", default=os.environ.get("DYNSHOP_DB") or None, metavar="postgresql://USER@HOST:PORT/DB",
                    help="keep the store in PostgreSQL instead of SQLite (default: $DYNSHOP_DB, else SQLite in "
                         "--data; pictures stay in --data either way)"),
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--public-url", default=None, help="the canonical origin of pages, e.g. https://shops.example.com "
                    "(default: http://localhost:PORT); never taken from the Host header")
    ap.add_argument("--quiet", action="store_true", help="no per-request log lines")
    ap.add_argument("--limit", action="append", type=parse_limit_arg, metavar="NAME=BURST/PER_SECOND",
                    help="change one rate limit (or NAME=off); the limits and their defaults: RATE_LIMITS in src/store/config.py")
    ap.add_argument("--client-address-header", default=None, metavar="HEADER",
                    help="behind a reverse proxy: the header it sets to the client's address (e.g. X-Forwarded-For); "
                         "rate limits count that address. Never set it without a proxy: clients could choose it.")
    ap.add_argument("--import-activity", default=None, metavar="DIR",
                    help="import generated events and orders (gen_demo --scale writes DIR/activity); each once")
    ap.add_argument("--import-only", action="store_true", help="exit after importing the seed and the activity")
    args = ap.parse_args(argv)
    config.QUIET = args.quiet

    os.makedirs(args.data, exist_ok=True)
    lock_file = open(os.path.join(args.data, ".lock"), "a+")
    try:
        # SQLite: one process a folder. PostgreSQL: the processes on one database share the folder
        # (its pictures), and none on SQLite may use it meanwhile.
        fcntl.flock(lock_file.fileno(), (fcntl.LOCK_SH if args.db else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        raise SystemExit("serve.py: another serve.py is already using %s" % args.data)
    store = open_store(args.data, args.db)

    with store.reader() as conn:
        stored_root = store.meta(conn, "root_key")
    if args.seed:
        root_key = load_root_key(args.seed)
        if stored_root and b64_bytes(stored_root, 32) != root_key:
            raise SystemExit("serve.py: %s/trust.json names another platform root key than the one the data in %s "
                             "was verified with; use a fresh --data folder for this seed." % (args.seed, args.data))
    elif stored_root:
        root_key = b64_bytes(stored_root, 32)
    else:
        raise SystemExit("serve.py: no --seed folder and no stored root key: give --seed DIR holding trust.json")
    if not stored_root:
        store.write(lambda conn: conn.execute(SET_META, ("root_key", b64_text(root_key))))
    trust.ROOT_KEY = root_key  # reads check documents against it (the seed and activity imports price orders)
    if args.seed and store.is_empty():
        import_seed(store, args.seed, root_key)
    backfill_ledger(store)
    sweep_images(store, now_ms())
    if args.import_activity:
        import_activity(store, args.import_activity)
    if args.import_only:
        return 0
    if not os.path.isfile(os.path.join(args.site, "index.html")):
        log("serve.py: warning: %s has no index.html; pages answer 503 until the app is built (%s)" %
            (args.site, BUILD_HINT))

    httpd = Server((args.host, args.port), Handler)
    Handler.app = App(args, store, root_key)
    Handler.app.set_port(httpd.server_address[1])

    def stop(*_):
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log("serve.py: listening on http://%s:%d (data %s, site %s)" %
        (args.host, httpd.server_address[1], os.path.abspath(args.data), os.path.abspath(args.site)))
    try:
        httpd.serve_forever(poll_interval=0.25)
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
