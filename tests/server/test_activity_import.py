"""serve.py --import-activity: the generated scale activity (gen_demo --scale, at a tiny size) goes
into the store through the API's rules, each event, order and status change once, and comes back out
of the brand's activity pages.

The generator is the native one tools/build.sh builds: $DYNSHOP_BUILD/native/gen_demo (default build/).
"""
import base64
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest

import nacl.pwhash
import nacl.signing

from tests.server import fixtures

BUILD = os.environ.get("DYNSHOP_BUILD", "build")
GEN_DEMO = os.path.join(fixtures.REPO, BUILD, "native", "gen_demo")
EVENTS = 3000


def passphrase_key(passphrase, salt):
    """core::derive_keypair (Argon2id, libsodium's interactive limits)."""
    salt16 = hashlib.sha256(("dynshop-key-v1:" + salt).encode("utf-8")).digest()[:16]
    return nacl.signing.SigningKey(nacl.pwhash.argon2id.kdf(
        32, passphrase.encode("utf-8"), salt16, opslimit=nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
        memlimit=nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE))


def signed_get(srv, sk, path):
    ts = int(time.time() * 1000)
    text = "GET %s\n%d\n%s" % (path, ts, hashlib.sha256(b"").hexdigest())
    sig = base64.b64encode(sk.sign(text.encode("utf-8")).signature).decode()
    auth = "Dynshop key=%s, ts=%d, sig=%s" % (base64.b64encode(bytes(sk.verify_key)).decode(), ts, sig)
    status, _, body = srv.get(path, headers={"Authorization": auth})
    return status, json.loads(body.decode("utf-8"))


def read_lines(path):
    with open(path, "rb") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_import(scale, data, activity, site):
    """serve.py's import into `data` (on PostgreSQL: the database named in that folder)."""
    os.makedirs(data, exist_ok=True)
    db = fixtures.test_database(data)
    return subprocess.run([fixtures.PYTHON, fixtures.SERVE, "--site", site, "--seed", scale, "--data", data,
                           "--import-activity", activity, "--import-only"] + (["--db", db] if db else []),
                          capture_output=True, text=True, timeout=300)


class ActivityImportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(GEN_DEMO):
            raise unittest.SkipTest("%s is not built (run tools/build.sh)" % GEN_DEMO)
        cls.tmp = tempfile.mkdtemp(prefix="dynshop-activity-")
        cls.scale = os.path.join(cls.tmp, "scale")
        cls.activity = os.path.join(cls.scale, "activity")
        cls.site = os.path.join(cls.tmp, "site")
        fixtures.write_site(cls.site)
        gen = subprocess.run([GEN_DEMO, "--scale", "--out", cls.scale, "--products", "60", "--distributors", "40",
                              "--shops", "4", "--activity", str(EVENTS), "--image-scale", "0.05"],
                             capture_output=True, text=True, timeout=300)
        if gen.returncode != 0:
            raise AssertionError("gen_demo failed: %s%s" % (gen.stdout, gen.stderr))
        cls.gen_out = gen.stdout
        cls.events = read_lines(os.path.join(cls.activity, "events.ndjson"))
        cls.orders = read_lines(os.path.join(cls.activity, "orders.ndjson"))
        with open(os.path.join(cls.scale, "scale.json")) as f:
            cls.world = json.load(f)
        cls.data = os.path.join(cls.tmp, "data")
        cls.first = run_import(cls.scale, cls.data, cls.activity, cls.site)
        cls.second = run_import(cls.scale, cls.data, cls.activity, cls.site)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def db(self, data=None):
        url = fixtures.test_database(data or self.data)
        if url:
            from store import postgres
            conn = postgres.Connection(url)
        else:
            conn = sqlite3.connect(os.path.join(data or self.data, "dynshop.sqlite3"))
        self.addCleanup(conn.close)
        return conn

    def test_generator_reports_its_sizes_and_time(self):
        self.assertRegex(self.gen_out, r"activity: %d events \+ %d orders = %d \(\d+ brand-signed status changes\)"
                         % (EVENTS, len(self.orders), EVENTS + len(self.orders)))
        self.assertRegex(self.gen_out, r"\[generate\+sign [\d.]+s, write [\d.]+s\]")
        self.assertEqual(len(self.events), EVENTS)
        self.assertGreater(len(self.orders), 10)
        with open(os.path.join(self.activity, "activity.json")) as f:
            summary = json.load(f)
        self.assertEqual((summary["events"], summary["orders"]), (EVENTS, len(self.orders)))

    def test_every_event_stored_once_resolved_to_its_shop(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        self.assertIn("activity: imported %d events (0 already stored, 0 refused)" % EVENTS, self.first.stderr)
        conn = self.db()
        self.assertEqual(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0], EVENTS)
        self.assertEqual(conn.execute("SELECT COUNT(*) FROM events WHERE brand = 'b_scale'").fetchone()[0], EVENTS)
        owner = {s["slug"]: s["distributor"] for s in self.world["shops"]}
        rows = {r[0]: r[1:] for r in conn.execute(
            "SELECT id, type, shop, distributor, product, visitor, channel, campaign, hop, at_ms FROM events")}
        for ev in self.events:
            self.assertEqual(rows[ev["id"]], (ev["type"], ev["shop"], owner[ev["shop"]], ev["product"], ev["visitor"],
                                              ev["channel"], ev["campaign"], ev["hop"], ev["at"]))

    def test_every_order_placed_at_its_time_priced_from_the_release_with_its_statuses(self):
        self.assertIn("activity: imported %d events" % EVENTS, self.first.stderr)
        self.assertRegex(self.first.stderr, r"%d orders \(0 already stored, 0 refused\) with \d+ status changes \(0 "
                                            r"already stored, 0 refused\)" % len(self.orders))
        conn = self.db()
        stored = {r[0]: r[1:] for r in conn.execute(
            "SELECT id, idem_key, placed_ms, total, total_matched, shop, visitor, record FROM orders")}
        self.assertEqual(len(stored), len(self.orders))
        for line in self.orders:
            key, placed, total, matched, shop, visitor, record = stored[line["id"]]
            body = line["order"]
            self.assertEqual((key, placed, total, matched, shop, visitor),
                             (body["key"], line["placed_ms"], body["client_total"], 1, body["shop"], body["visitor"]))
            rec = json.loads(record)
            self.assertEqual(rec["last_touch"]["channel"], body["touch"]["channel"])
            self.assertEqual(sum(p["amount"] for p in rec["split"]["payees"]) + rec["split"]["brand"], total)
            history = [s for s, in conn.execute("SELECT status FROM order_status WHERE order_id = ? ORDER BY seq",
                                                (line["id"],))]
            want = ["placed"] + [json.loads(st["envelope"]["payload"])["status"] for st in line["statuses"]]
            self.assertEqual(history, want)
        # One customer per phone, bound by an order that stands: a buyer whose every order was
        # cancelled or refunded is bound to nobody, and every binding's making order stands.
        last = {oid: st for oid, st in conn.execute(
            "SELECT order_id, status FROM order_status s WHERE seq = (SELECT MAX(seq) FROM order_status t "
            "WHERE t.order_id = s.order_id)")}
        standing = {cust for oid, cust in conn.execute("SELECT id, customer FROM orders")
                    if last[oid] not in ("cancelled", "refunded")}
        customers = {c for c, in conn.execute("SELECT DISTINCT customer FROM orders")}
        bound = dict(conn.execute("SELECT customer, made_by FROM bindings"))
        buyers = {line["order"]["contact"]["phone"] for line in self.orders}
        self.assertEqual(len(customers), len(buyers))
        self.assertTrue(set(bound) <= standing, "a customer with no order standing is bound")
        self.assertGreater(len(bound), len(buyers) // 2)
        for made_by in bound.values():
            if made_by:
                self.assertNotIn(last[made_by], ("cancelled", "refunded"))
        self.assertLess(len(standing), len(customers), "the history has buyers whose only order was void")
        statuses = {s for s, in conn.execute("SELECT DISTINCT status FROM order_status")}
        self.assertTrue({"placed", "paid", "delivered"} <= statuses, statuses)

    def test_importing_again_adds_nothing(self):
        self.assertEqual(self.second.returncode, 0, self.second.stderr)
        changes = sum(len(line["statuses"]) for line in self.orders)
        self.assertIn("activity: imported 0 events (%d already stored, 0 refused)" % EVENTS, self.second.stderr)
        self.assertIn("0 orders (%d already stored, 0 refused) with 0 status changes (%d already stored, 0 refused)"
                      % (len(self.orders), changes), self.second.stderr)
        self.assertNotIn("seed: imported", self.second.stderr)
        conn = self.db()
        self.assertEqual(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0], EVENTS)
        self.assertEqual(conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0], len(self.orders))
        self.assertEqual(conn.execute("SELECT COUNT(*) FROM order_status").fetchone()[0], len(self.orders) + changes)

    def test_bad_lines_are_refused_and_reported_the_rest_imported(self):
        bad = os.path.join(self.tmp, "bad-activity")
        os.makedirs(bad, exist_ok=True)
        events = [dict(e) for e in self.events[:200]]
        events[3]["shop"] = "no-such-shop"
        events[5]["type"] = "teleport"
        orders = [json.loads(json.dumps(o)) for o in self.orders[:8]]
        orders[0]["order"]["lines"] = [{"product": "p_not_sold_here", "qty": 1}]
        stranger = nacl.signing.SigningKey(b"\x07" * 32)
        self.assertTrue(orders[1]["statuses"])  # the generator's second order was paid at least
        env = orders[1]["statuses"][0]["envelope"]
        sig = base64.b64encode(stranger.sign(env["payload"].encode()).signature).decode()
        orders[1]["statuses"] = [{"envelope": {"payload": env["payload"], "sig": sig,
                                               "key": base64.b64encode(bytes(stranger.verify_key)).decode()}}]
        orders[2]["placed_ms"] = int(time.time() * 1000) + 86_400_000  # tomorrow
        with open(os.path.join(bad, "events.ndjson"), "w") as f:
            f.write("".join(json.dumps(e) + "\n" for e in events[:100]) + "{not json\n" +
                    "".join(json.dumps(e) + "\n" for e in events[100:]))
        with open(os.path.join(bad, "orders.ndjson"), "w") as f:
            f.write("".join(json.dumps(o) + "\n" for o in orders))
        data = os.path.join(self.tmp, "bad-data")
        run = run_import(self.scale, data, bad, self.site)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("activity: imported 198 events (0 already stored, 3 refused)", run.stderr)
        self.assertIn("refused event on line 4: unknown_shop", run.stderr)
        self.assertIn("refused event on line 101: not_an_object", run.stderr)
        self.assertIn("refused order on line 1: unavailable_products", run.stderr)
        self.assertIn("refused order on line 3: bad_time", run.stderr)
        self.assertIn("refused status on line 2: wrong_signer", run.stderr)
        self.assertIn("6 orders (0 already stored, 2 refused)", run.stderr)
        conn = self.db(data)
        self.assertEqual(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0], 198)
        ids = {r[0] for r in conn.execute("SELECT id FROM orders")}
        self.assertEqual(ids, {o["id"] for i, o in enumerate(orders) if i not in (0, 2)})
        # The order whose status was forged is stored, still placed.
        self.assertEqual([s for s, in conn.execute("SELECT status FROM order_status WHERE order_id = ?",
                                                  (orders[1]["id"],))], ["placed"])

    def test_the_brand_reads_it_all_back_through_its_activity_pages(self):
        srv = fixtures.Server(tmp=self.tmp, seed=False)
        srv.seed, srv.data, srv.site = self.scale, self.data, self.site
        srv.db_url = fixtures.test_database(self.data)
        srv.start()
        self.addCleanup(srv.stop)
        sk = passphrase_key(self.world["brand"]["passphrase"], "b_scale")
        cursor, more, events, orders, pages = "0.0.0", True, [], [], 0
        while more:
            status, page = signed_get(srv, sk, "/api/brands/b_scale/activity?cursor=" + cursor)
            self.assertEqual(status, 200, page)
            events += page["events"]
            orders += page["orders"]
            cursor, more, pages = page["cursor"], page["more"], pages + 1
            self.assertLess(pages, 10)
        self.assertEqual([e["id"] for e in events], [e["id"] for e in self.events])  # time order = store order
        self.assertEqual(sorted(o["id"] for o in orders), sorted(o["id"] for o in self.orders))
        by_id = {o["id"]: o for o in orders}
        for line in self.orders:
            o = by_id[line["id"]]
            last = json.loads(line["statuses"][-1]["envelope"]["payload"]) if line["statuses"] else None
            self.assertEqual(o["status"], last["status"] if last else "placed")
            self.assertEqual(o["placed_ms"], line["placed_ms"])


if __name__ == "__main__":
    unittest.main()
