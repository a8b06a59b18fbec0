#!/usr/bin/python3
"""serve.py's activity paging over the generated scale store (run through bench/activity_bench.sh).

Starts serve.py on a store that already holds the scale world and its generated activity (gen_demo
--scale, serve.py --import-activity), then reads every page, as a dashboard does on first open:

  brand   GET /api/brands/<brand>/activity, signed by the brand's key (derived from its passphrase
          with Argon2id, as the browser does), from cursor 0.0.0 until "more" is false
  shop    GET /api/shops/<slug>/activity, signed by the shop's distributor (the scale world's keys are
          KeyPair::from_label("scale-d-<n>")): the team's events and orders

Prints time per page (median, p90, max), pages, events, orders, status changes and MB per read, and
checks the brand read against the store (every event and order exactly once). --pages FILE and
--shop-pages FILE keep the pages, one per line, as bench_dashboard --pages reads them.
"""
import argparse
import base64
import hashlib
import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time

import nacl.pwhash
import nacl.signing

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def say(line=""):
    print(line, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def passphrase_key(passphrase, salt):
    """core::derive_keypair: Argon2id (libsodium interactive limits) over SHA-256("dynshop-key-v1:" + salt)[:16]."""
    salt16 = hashlib.sha256(("dynshop-key-v1:" + salt).encode("utf-8")).digest()[:16]
    seed = nacl.pwhash.argon2id.kdf(32, passphrase.encode("utf-8"), salt16,
                                    opslimit=nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
                                    memlimit=nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE)
    return nacl.signing.SigningKey(seed)


def label_key(label):
    return nacl.signing.SigningKey(hashlib.sha256(label.encode("utf-8")).digest())


def auth_header(sk, method, path):
    ts = int(time.time() * 1000)
    text = "%s %s\n%d\n%s" % (method, path, ts, hashlib.sha256(b"").hexdigest())
    sig = sk.sign(text.encode("utf-8")).signature
    return "Dynshop key=%s, ts=%d, sig=%s" % (base64.b64encode(bytes(sk.verify_key)).decode(), ts,
                                              base64.b64encode(sig).decode())


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p / 100))] if v else 0.0


def read_all(port, base, sk, keep=None):
    """Every page of base (.../activity) from the start: (pages, events, orders, statuses, bytes, [seconds])."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    cursor, more = "0.0.0", True
    times, totals = [], {"pages": 0, "events": 0, "orders": 0, "statuses": 0, "bytes": 0}
    event_ids, order_ids = set(), set()
    while more:
        path = "%s?cursor=%s" % (base, cursor)
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Authorization": auth_header(sk, "GET", path)})
        resp = conn.getresponse()
        data = resp.read()
        times.append(time.perf_counter() - t0)
        if resp.status != 200:
            raise SystemExit("activity_bench: %s answered %d: %s" % (path, resp.status, data[:300]))
        page = json.loads(data)
        if keep is not None:
            keep.write(data.rstrip(b"\n") + b"\n")
        totals["pages"] += 1
        totals["bytes"] += len(data)
        totals["events"] += len(page["events"])
        totals["orders"] += len(page["orders"])
        totals["statuses"] += len(page["statuses"])
        event_ids.update(e["id"] for e in page["events"])
        order_ids.update(o["id"] for o in page["orders"])
        cursor, more = page["cursor"], page["more"]
    conn.close()
    totals["distinct_events"], totals["distinct_orders"] = len(event_ids), len(order_ids)
    return totals, times


def report(name, totals, times):
    total = sum(times)
    say("   %-6s %d pages in %.1f s (%.0f events/s): %d events, %d orders, %d status changes, %.1f MB" %
        (name, totals["pages"], total, totals["events"] / max(total, 1e-9), totals["events"], totals["orders"],
         totals["statuses"], totals["bytes"] / 1e6))
    say("          per page: median %.0f ms, p90 %.0f ms, max %.0f ms (first page %.0f ms)" %
        (pct(times, 50) * 1000, pct(times, 90) * 1000, max(times) * 1000, times[0] * 1000))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", required=True, help="the gen_demo --scale folder (scale.json: brand and passphrase)")
    ap.add_argument("--store", required=True, help="serve.py --data folder holding the imported activity")
    ap.add_argument("--site", default=os.path.join(REPO, "build", "site"))
    ap.add_argument("--shop", default="scale-all", help="the shop whose team activity is read too")
    ap.add_argument("--pages", default=None, help="write the brand's pages here, one per line")
    ap.add_argument("--shop-pages", default=None, help="write the shop's pages here, one per line")
    ap.add_argument("--json", default=None, help="write the figures here")
    args = ap.parse_args()

    with open(os.path.join(args.scale, "scale.json")) as f:
        scale = json.load(f)
    brand = scale["brand"]["id"]
    shop = next((s for s in scale["shops"] if s["slug"] == args.shop), None)
    if shop is None:
        raise SystemExit("activity_bench: no shop %s in %s/scale.json" % (args.shop, args.scale))
    brand_key = passphrase_key(scale["brand"]["passphrase"], brand)
    dist_key = label_key("scale-d-%d" % int(shop["distributor"].split("_")[1]))

    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(args.store, "dynshop.sqlite3"), uri=True)
    stored_events = db.execute("SELECT COUNT(*) FROM events WHERE brand = ?", (brand,)).fetchone()[0]
    stored_orders = db.execute("SELECT COUNT(*) FROM orders WHERE brand = ?", (brand,)).fetchone()[0]
    db.close()

    port = free_port()
    log_path = os.path.join(args.store, "activity_bench.log")
    with open(log_path, "wb") as log:
        srv = subprocess.Popen(["/usr/bin/python3", os.path.join(REPO, "serve.py"), "--site", args.site, "--data",
                                args.store, "--port", str(port), "--quiet"], stderr=log)
    try:
        for _ in range(600):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/api/directory")
                c.getresponse().read()
                c.close()
                break
            except OSError:
                if srv.poll() is not None:
                    raise SystemExit("activity_bench: serve.py stopped: see %s" % log_path)
                time.sleep(0.2)
        say("== serve.py activity paging over %s (%d events, %d orders of %s stored)" %
            (args.store, stored_events, stored_orders, brand))
        keep = open(args.pages, "wb") if args.pages else None
        try:
            b_totals, b_times = read_all(port, "/api/brands/%s/activity" % brand, brand_key, keep)
        finally:
            if keep:
                keep.close()
        report("brand", b_totals, b_times)
        keep = open(args.shop_pages, "wb") if args.shop_pages else None
        try:
            s_totals, s_times = read_all(port, "/api/shops/%s/activity" % args.shop, dist_key, keep)
        finally:
            if keep:
                keep.close()
        report("shop", s_totals, s_times)
        say("          (%s: the team of %s, level %d)" % (args.shop, shop["distributor"], shop["level"]))
    finally:
        srv.terminate()
        srv.wait(timeout=60)
    ok = (b_totals["events"] == b_totals["distinct_events"] == stored_events and
          b_totals["orders"] == b_totals["distinct_orders"] == stored_orders)
    say("   check: %s" % ("OK (the brand's pages hold every stored event and order exactly once)" if ok else
                         "FAILED: pages %d events (%d distinct), %d orders (%d distinct); store %d, %d" %
                         (b_totals["events"], b_totals["distinct_events"], b_totals["orders"],
                          b_totals["distinct_orders"], stored_events, stored_orders)))
    if args.json:
        def fig(t, times):
            return dict(t, seconds=sum(times), page_ms={"median": pct(times, 50) * 1000, "p90": pct(times, 90) * 1000,
                                                        "max": max(times) * 1000})
        with open(args.json, "w") as f:
            json.dump({"brand": fig(b_totals, b_times), "shop": dict(fig(s_totals, s_times), slug=args.shop),
                       "ok": ok}, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
