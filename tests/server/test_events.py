"""POST /api/events: each event id stored exactly once, resolved to its shop's distributor and
brands; bad referral values cleaned to direct instead of refusing anything; only events that cannot
be stored at all are rejected, one by one; batch limits answered with JSON errors."""
import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
from commerce import event, event_id, visitor_id  # noqa: E402


class Events(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = commerce.fixtures.Server().start()
        cls.api = commerce.Client(cls.srv)

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def stored(self, *ids):
        conn = commerce.db(self.srv)
        try:
            rows = conn.execute("SELECT id, type, shop, distributor, brands, product, visitor, channel, campaign, hop, "
                                "at_ms, received_ms FROM events WHERE id IN (SELECT value FROM json_each(?))",
                                (json.dumps(ids),)).fetchall()
        finally:
            conn.close()
        keys = ("id", "type", "shop", "distributor", "brands", "product", "visitor", "channel", "campaign", "hop",
                "at", "received")
        return {r[0]: dict(zip(keys, r), brands=json.loads(r[4])) for r in rows}

    def count(self, sql, *args):
        conn = commerce.db(self.srv)
        try:
            return conn.execute(sql, args).fetchone()[0]
        finally:
            conn.close()

    def post(self, events, status=200):
        st, doc = self.api.events(events)
        self.assertEqual(st, status, doc)
        return doc

    def test_events_stored_with_their_shop_distributor_and_brands(self):
        v = visitor_id()
        evs = [event("alice-tea", visitor=v, channel="qr", campaign="spring", hop=0),
               event("alice-tea", "product_view", product="b-bolt", visitor=v, channel="qr", campaign="spring"),
               event("bob-shop", "add_to_cart", product="p-tea", visitor=v, channel="share", hop=3),
               event("carol", "share", visitor=v)]
        self.assertEqual(self.post(evs), {"stored": 4, "duplicates": 0, "rejected": []})
        got = self.stored(*[e["id"] for e in evs])
        self.assertEqual(len(got), 4)
        a, b, c, d = (got[e["id"]] for e in evs)
        self.assertEqual((a["distributor"], a["brands"], a["channel"], a["campaign"]), ("alice", ["acme", "bolt"], "qr",
                                                                                         "spring"))
        self.assertEqual(b["brands"], ["bolt"])  # a product event belongs to the product's brand
        self.assertEqual((c["distributor"], c["brands"], c["product"], c["hop"]), ("bob", ["acme"], "p-tea", 3))
        self.assertEqual((d["distributor"], d["type"], d["visitor"]), ("carol", "share", v))
        self.assertEqual(a["at"], evs[0]["at"])
        self.assertGreaterEqual(a["received"], a["at"] - 1000)

    def test_a_retry_dated_another_day_is_still_the_same_event(self):
        """Stored by (brand, id), not by day: events are partitioned by day on PostgreSQL, and a retry
        the store dates otherwise (sent again after the window in which a phone's clock is believed,
        it is dated when it arrives) lands on another day, where it must meet its first copy."""
        first = event("alice-tea", at=commerce.now_ms() - 6 * 86400000)   # an outbox six days old
        self.assertEqual(self.post([first])["stored"], 1)
        again = dict(first, at=commerce.now_ms() - 30 * 86400000)         # dated today by the store
        self.assertEqual(self.post([again]), {"stored": 0, "duplicates": 1, "rejected": []})
        kept = self.stored(first["id"])[first["id"]]
        self.assertEqual(kept["at"], first["at"])
        self.assertEqual(self.count(commerce.ONCE_PER_BRAND, first["id"]), 1)
        self.assertEqual(self.count("SELECT COUNT(*) FROM events WHERE id = ?", first["id"]), 2)  # acme, bolt

    def test_duplicate_event_ids_stored_once(self):
        evs = [event("carol", visitor=visitor_id()) for _ in range(5)]
        self.assertEqual(self.post(evs)["stored"], 5)
        # The same batch again (a retry after a lost answer): nothing new.
        self.assertEqual(self.post(evs), {"stored": 0, "duplicates": 5, "rejected": []})
        # A batch holding one id twice, one already stored, and one new event.
        fresh = event("carol")
        changed = dict(evs[0], type="add_to_cart", shop="bob-shop")  # same id, other content: the first stays
        doc = self.post([fresh, fresh, changed])
        self.assertEqual((doc["stored"], doc["duplicates"]), (1, 2))
        ids = [e["id"] for e in evs] + [fresh["id"]]
        self.assertEqual(self.count("SELECT COUNT(DISTINCT id) FROM events WHERE id IN (SELECT value FROM json_each(?))",
                                    json.dumps(ids)), 6)
        self.assertEqual(self.stored(evs[0]["id"])[evs[0]["id"]]["shop"], "carol")
        # Each stored event is one row per brand it names, and no more (schema: events).
        named = sum(len(e["brands"]) for e in self.stored(*ids).values())
        self.assertGreaterEqual(named, 6)
        self.assertEqual(self.count("SELECT COUNT(*) FROM events WHERE id IN (SELECT value FROM json_each(?))",
                                    json.dumps(ids)), named)

    def test_forged_referral_params_counted_direct(self):
        forged = [
            event("carol", channel="admin"), event("carol", channel="QR", campaign="x", hop=2),
            event("carol", channel="", campaign="spring", hop=3), event("carol", channel=None, hop=1),
            event("carol", channel={"$ne": 1}), event("carol", channel="direct", campaign="spring", hop=9),
        ]
        truncated = [
            dict(event("carol", channel="qr"), campaign="spr ing"), dict(event("carol", channel="share"), hop=-1),
            dict(event("carol", channel="share"), hop=100), dict(event("carol", channel="link"), hop="3"),
            dict(event("carol", channel="link"), campaign="c" * 65), dict(event("carol", channel="qr"), hop=2.5),
        ]
        missing = event("carol", channel="qr")
        for k in ("channel", "campaign", "hop"):
            missing.pop(k)
        doc = self.post(forged + truncated + [missing])
        self.assertEqual((doc["stored"], doc["rejected"]), (13, []))  # nothing refused for a bad referral
        got = self.stored(*[e["id"] for e in forged + truncated + [missing]])
        for e in forged + [missing]:
            self.assertEqual((got[e["id"]]["channel"], got[e["id"]]["campaign"], got[e["id"]]["hop"]), ("direct", "", 0))
        # A valid channel keeps its own value; the malformed part alone is dropped.
        self.assertEqual([(got[e["id"]]["channel"], got[e["id"]]["campaign"], got[e["id"]]["hop"]) for e in truncated],
                         [("qr", "", 0), ("share", "", 0), ("share", "", 0), ("link", "", 0), ("link", "", 0),
                          ("qr", "", 0)])

    def test_unicode_and_huge_slugs(self):
        ok = event("carol")
        weird = [event("茶店"), event("ｃａｒｏｌ"), event("carol\u0000"), event("CAROL"), event("../carol"),
                 event("a" * 20000), event("店" * 5000), event("carol/../../etc"), event("")]
        weird.append(dict(event("carol"), shop=["carol"]))
        doc = self.post(weird + [ok])
        self.assertEqual(doc["stored"], 1)
        self.assertEqual(sorted(r["reason"] for r in doc["rejected"]), ["unknown_shop"] * len(weird))
        self.assertEqual(self.count("SELECT COUNT(*) FROM events WHERE shop <> 'carol' AND shop NOT IN "
                                    "('alice-tea', 'bob-shop')"), 0)
        # Unicode in the other fields: product ids are kept as text, odd visitor ids dropped.
        odd = dict(event("carol", "product_view", product="茶-1号"), visitor="v_茶")
        self.assertEqual(self.post([odd])["stored"], 1)
        got = self.stored(odd["id"])[odd["id"]]
        self.assertEqual((got["product"], got["visitor"], got["brands"]), ("茶-1号", "", ["acme"]))

    def test_only_unstorable_events_are_rejected(self):
        good = event("bob-shop")
        bad = [{"type": "visit", "shop": "carol"}, dict(event("carol"), id="x_123456789"), dict(event("carol"), id="e_1"),
               dict(event("carol"), id="e_" + "a" * 65), dict(event("carol"), id=12345678),
               dict(event("carol"), type="purchase"), dict(event("carol"), type=None), "visit", None, [1, 2]]
        doc = self.post(bad + [good])
        self.assertEqual(doc["stored"], 1)
        reasons = [r["reason"] for r in doc["rejected"]]
        self.assertEqual(reasons, ["bad_id"] * 5 + ["unknown_type"] * 2 + ["not_an_object"] * 3)
        self.assertEqual(doc["rejected"][5]["id"], bad[5]["id"])  # the client can drop exactly that one
        # Odd extra fields and a client clock far off are not reasons to refuse: the time is the server's.
        future = dict(event("carol", at=commerce.now_ms() + 86400000), extra={"nested": [1, 2]})
        past = event("carol", at=5)
        self.assertEqual(self.post([future, past])["stored"], 2)
        got = self.stored(future["id"], past["id"])
        for e in (future, past):
            self.assertEqual(got[e["id"]]["at"], got[e["id"]]["received"])

    def test_batch_limits_and_malformed_bodies(self):
        st, doc = self.api.events([event("carol") for _ in range(501)])
        self.assertEqual((st, doc["error"]["code"]), (413, "too_many_events"))
        st, doc = self.api.events([event("carol", product="p" * 100) for _ in range(500)])
        self.assertEqual(st, 200, doc)  # 500 is allowed
        big = {"events": [event("carol", campaign="x" * 1000) for _ in range(300)]}
        st, doc = self.api.call("POST", "/api/events", json.dumps(big).encode())
        self.assertEqual((st, doc["error"]["code"]), (413, "too_large"))
        for raw, code in ((b"{", "malformed_json"), (b'{"events": 5}', "bad_request"), (b"[]", "bad_request"),
                          (b'{"events": [], "x": NaN}', "malformed_json"), (b"\xff\xfe", "malformed_json")):
            st, doc = self.api.call("POST", "/api/events", raw)
            self.assertEqual((st, doc["error"]["code"]), (400, code), raw)
            self.assertTrue(doc["error"]["message"])
        st, doc = self.api.call("GET", "/api/events")
        self.assertEqual(st, 405)
        self.assertEqual(self.post([]), {"stored": 0, "duplicates": 0, "rejected": []})

    def test_concurrent_batches_store_each_id_once(self):
        ids = [event_id() for _ in range(400)]
        results = []

        def worker(offset):
            # Overlapping slices: every id is sent by two or three threads.
            mine = ids[offset:offset + 200]
            for i in range(0, len(mine), 20):
                st, doc = self.api.events([event("alice-tea", id_=x) for x in mine[i:i + 20]])
                results.append((st, doc))

        threads = [threading.Thread(target=worker, args=(o,)) for o in (0, 50, 100, 150, 200)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertTrue(all(st == 200 for st, _ in results), results[:3])
        self.assertEqual(sum(d["stored"] for _, d in results), 400)
        self.assertEqual(sum(d["stored"] + d["duplicates"] for _, d in results), 1000)
        self.assertEqual(self.count("SELECT COUNT(DISTINCT id) FROM events WHERE id IN (SELECT value FROM json_each(?))",
                                    json.dumps(ids)), 400)
        self.assertEqual(self.count("SELECT COUNT(*) FROM (SELECT brand, id FROM events GROUP BY brand, id "
                                    "HAVING COUNT(*) > 1) x"), 0)

    def test_events_do_not_invalidate_cached_pages(self):
        st, h1, _ = self.srv.get("/api/shops/carol")
        self.post([event("carol")])
        st, h2, _ = self.srv.request("GET", "/api/shops/carol", headers={"If-None-Match": h1["ETag"]})
        self.assertEqual(st, 304)


if __name__ == "__main__":
    unittest.main()
