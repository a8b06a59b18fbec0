"""Faults: serve.py killed with SIGKILL in the middle of a burst of orders (or events) keeps every
write it acknowledged and, when the clients retry with the same keys and ids, stores nothing twice;
a browser that was offline sends its queue later and everything arrives once."""
import json
import os
import random
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
from store.schema import IN_JSON_LIST  # noqa: E402
from commerce import event, event_id, order, order_key, visitor_id  # noqa: E402

SHOPS = [("carol", "acme", "p-tea"), ("bob-shop", "acme", "p-cup"), ("alice-tea", "acme", "p-pot"),
         ("alice-tea", "bolt", "b-bolt")]


def burst(api, items, send, stop_after, on_stop, threads=8):
    """Sends items from several threads; once stop_after were acknowledged, calls on_stop (the kill)
    while the others are still in flight. Returns {item key: answer} for the acknowledged ones."""
    acked, lock, killed = {}, threading.Lock(), threading.Event()
    queue = list(items)

    def worker():
        while not killed.is_set():
            with lock:
                if not queue:
                    return
                item = queue.pop()
            try:
                result = send(item)
            except Exception:   # the server died under us: not acknowledged
                continue
            if result is None:
                continue
            with lock:
                acked[item] = result
                if len(acked) >= stop_after and not killed.is_set():
                    killed.set()
                    on_stop()

    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    return acked


class Crash(unittest.TestCase):
    def setUp(self):
        # The bursts are a script's load from one address by design (the rate limit on writes would
        # answer 429 to them, as it should; test_abuse tests that limit): it is off here.
        self.srv = commerce.fixtures.Server(extra_args=("--limit", "write_address=off")).start()
        self.api = commerce.Client(self.srv)

    def tearDown(self):
        self.srv.cleanup()

    def count(self, sql, *args):
        conn = commerce.db(self.srv)
        try:
            return conn.execute(sql, args).fetchone()[0]
        finally:
            conn.close()

    def test_sigkill_during_order_burst(self):
        rnd = random.Random(7)
        bodies = {}
        for i in range(300):
            shop, brand, product = rnd.choice(SHOPS)
            b = order(shop=shop, brand=brand, lines=[{"product": product, "qty": rnd.randint(1, 5)}],
                      phone="1380000%04d" % rnd.randint(0, 60), visitor=visitor_id(),
                      channel=rnd.choice(["qr", "share", "link", "direct"]), hop=rnd.randint(0, 3))
            bodies[b["key"]] = b

        def send(key):
            st, doc = self.api.place(bodies[key])
            return doc["order"]["id"] if st in (200, 201) else None

        acked = burst(self.api, bodies, send, stop_after=60, on_stop=self.srv.kill)
        self.assertEqual(self.srv.proc.returncode, -9)
        self.assertGreaterEqual(len(acked), 60)
        self.assertLess(len(acked), len(bodies), "the kill must land in the middle of the burst")
        self.srv.start()
        # Every acknowledged order is there, exactly as acknowledged.
        conn = commerce.db(self.srv)
        try:
            stored = dict(conn.execute("SELECT idem_key, id FROM orders").fetchall())
        finally:
            conn.close()
        for key, oid in acked.items():
            self.assertEqual(stored.get(key), oid)
        # The clients retry every order with its key: the acknowledged ones come back as they were,
        # the others are placed now (or found, when they were committed but the answer was lost).
        for key, body in bodies.items():
            st, doc = self.api.place(body)
            self.assertIn(st, (200, 201), doc)
            if key in acked:
                self.assertEqual((st, doc["order"]["id"]), (200, acked[key]))
        self.assertEqual(self.count("SELECT COUNT(*) FROM orders"), len(bodies))
        self.assertEqual(self.count("SELECT COUNT(DISTINCT idem_key) FROM orders"), len(bodies))
        self.assertEqual(self.count("SELECT COUNT(*) FROM order_status"), len(bodies))  # one 'placed' each
        self.assertEqual(self.count("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_status s "
                                    "WHERE s.order_id = o.id)"), 0)
        # Bindings stayed consistent: one per (brand, customer), each naming a distributor who was credited.
        self.assertEqual(self.count("SELECT COUNT(*) FROM bindings b WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE "
                                    "o.brand = b.brand AND o.customer = b.customer AND o.distributor = b.distributor)"),
                         0)

    def test_sigkill_during_event_burst(self):
        batches = {}
        for i in range(150):
            evs = [event(random.choice(["carol", "bob-shop", "alice-tea"]), visitor=visitor_id()) for _ in range(20)]
            batches["b%d" % i] = evs

        def send(name):
            st, doc = self.api.events(batches[name])
            return doc if st == 200 else None

        acked = burst(self.api, batches, send, stop_after=40, on_stop=self.srv.kill)
        self.assertLess(len(acked), len(batches))
        self.srv.start()
        acked_ids = [e["id"] for name in acked for e in batches[name]]
        self.assertEqual(self.count("SELECT COUNT(DISTINCT id) FROM events WHERE id " + IN_JSON_LIST, json.dumps(acked_ids)),
                         len(acked_ids))
        total = 0
        for name, evs in batches.items():
            st, doc = self.api.events(evs)
            self.assertEqual(st, 200)
            total += doc["stored"] + doc["duplicates"]
            if name in acked:
                self.assertEqual(doc["stored"], 0)
        self.assertEqual(total, 150 * 20)
        self.assertEqual(self.count("SELECT COUNT(DISTINCT id) FROM events"), 150 * 20)
        conn = commerce.db(self.srv)
        try:  # one row per brand an event names, each (brand, id) once
            named = sum(len(json.loads(b)) for _, b in conn.execute("SELECT DISTINCT id, brands FROM events").fetchall())
        finally:
            conn.close()
        self.assertEqual(self.count("SELECT COUNT(*) FROM events"), named)
        self.assertEqual(self.count("SELECT COUNT(*) FROM event_ids"), named)

    def test_offline_browsing_then_online_delivers_events_and_order_once(self):
        """The browser's side of the protocol: events queued with ids and times while offline, an
        order queued with its key; sent when back online, some twice (an answer lost on the way)."""
        v = visitor_id()
        self.srv.stop()   # offline: nothing answers
        t0 = commerce.now_ms()
        queue = [event("alice-tea", visitor=v, channel="qr", campaign="autumn", at=t0),
                 event("alice-tea", "product_view", product="p-tea", visitor=v, at=t0 + 1000),
                 event("alice-tea", "add_to_cart", product="p-tea", visitor=v, at=t0 + 2000),
                 event("alice-tea", "checkout_start", visitor=v, at=t0 + 3000)]
        pending = order(shop="alice-tea", visitor=v, phone="13600000001", channel="qr", campaign="autumn")
        with self.assertRaises(Exception):
            self.api.events(queue)
        with self.assertRaises(Exception):
            self.api.place(pending)
        time.sleep(0.3)
        self.srv.start()  # back online
        first = self.api.events(queue)[1]
        again = self.api.events(queue)[1]   # the first answer was lost: the browser sends the batch again
        self.assertEqual((first["stored"], again["stored"], again["duplicates"]), (4, 0, 4))
        st1, o1 = self.api.place(pending)
        st2, o2 = self.api.place(pending)
        self.assertEqual((st1, st2, o1), (201, 200, o2))
        placed = event("alice-tea", "order_placed", visitor=v)
        self.assertEqual(self.api.events([placed, placed])[1], {"stored": 1, "duplicates": 1, "rejected": []})
        self.assertEqual(self.count("SELECT COUNT(DISTINCT id) FROM events WHERE visitor = ?", v), 5)
        self.assertEqual(self.count("SELECT COUNT(*) FROM orders WHERE idem_key = ?", pending["key"]), 1)
        # The offline times are kept, and the order's first touch is the queued visit.
        self.assertEqual(self.count("SELECT MIN(at_ms) FROM events WHERE visitor = ?", v), t0)
        st, prov = self.api.provenance(self.srv.world.acme, o1["order"]["id"])
        self.assertEqual((prov["first_touch"]["at"], prov["first_touch"]["campaign"]), (t0, "autumn"))
        self.assertEqual(prov["binding"]["bound_distributor"], "alice")


if __name__ == "__main__":
    unittest.main()
