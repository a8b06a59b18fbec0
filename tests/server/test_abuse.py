"""Issue 9, from the attacker's side: the limits and refusals that keep strangers from guessing
orders, filling the disk, replaying signed requests or back-dating their way into provenance.

Each test drives serve.py the way a script would and asserts the store's answer at the limit
(the limits are RATE_LIMITS in src/store/config.py; the tests read them from there, so a
change of a figure is tested as it is). The server here takes the client's address from
X-Test-Client (--client-address-header) so one test can be many networks."""
import hashlib
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
from commerce import auth_header, event, now_ms, order, visitor_id  # noqa: E402
import fixtures  # noqa: E402
from fixtures import sign  # noqa: E402
from store import config, limits, referral  # noqa: E402

LIMITS = config.RATE_LIMITS


class Abuse(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = fixtures.Server(extra_args=("--client-address-header", "X-Test-Client")).start()
        cls.api = commerce.Client(cls.srv)
        cls.w = cls.srv.world
        cls.net = 0

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def network(self):
        """A fresh client address (a network of its own) for one test's requests."""
        type(self).net += 1
        return "10.9.%d.%d" % (self.net // 250, self.net % 250 + 1)

    def call(self, method, path, body=None, addr=None, headers=None):
        h = dict(headers or {})
        h["X-Test-Client"] = addr or "10.0.0.1"
        st, hdrs, raw = self.srv.request(method, path, body, h)
        try:
            doc = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            doc = raw
        return st, dict(hdrs), doc

    def assert_limited(self, st, hdrs, doc, code="rate_limited"):
        self.assertEqual(st, 429, doc)
        self.assertEqual(doc["error"]["code"], code)
        self.assertTrue(int(hdrs["Retry-After"]) >= 1, hdrs)
        self.assertEqual(doc["error"]["retry_after_s"], int(hdrs["Retry-After"]))
        if code == "rate_limited":
            self.assertIn("Try again in", doc["error"]["message"])

    # -- order lookup ------------------------------------------------------------------------------
    def placed(self, phone):
        st, doc = self.api.place(order(shop="carol", phone=phone))
        self.assertEqual(st, 201, doc)
        return doc["order"]["number"]

    def test_lookup_guesses_per_address(self):
        """A script guessing phone numbers for order numbers is stopped after the burst, from its
        address; the customer on another network is not slowed down."""
        number = self.placed("138 0013 9001")
        other = self.placed("138 0013 9002")
        addr = self.network()
        burst = LIMITS["lookup_address"][0]
        misses = 0
        for i in range(burst):  # spread over order numbers so the per-number limit is not the one met
            st, _, doc = self.call("POST", "/api/orders/lookup",
                                   {"number": "DS-20260101-%06d" % i, "phone": "13800000000"}, addr)
            self.assertEqual((st, doc["error"]["code"]), (404, "no_such_order"))
            misses += 1
        self.assertEqual(misses, burst)
        st, hdrs, doc = self.call("POST", "/api/orders/lookup", {"number": number, "phone": "13800139001"}, addr)
        self.assert_limited(st, hdrs, doc)       # even the right answer waits: the address is spent
        self.assertNotIn("token", json.dumps(doc))
        st, _, doc = self.call("POST", "/api/orders/lookup", {"number": other, "phone": "+86 138 0013 9002"},
                               self.network())
        self.assertEqual(st, 200, doc)            # another network, the real customer: found at once
        self.assertTrue(doc["token"])

    def test_lookup_guesses_per_order_number(self):
        """Many addresses guessing one order's phone: the order number itself is limited."""
        number = self.placed("138 0013 9101")
        per_number = LIMITS["lookup_order"][0]
        for i in range(per_number):
            st, _, doc = self.call("POST", "/api/orders/lookup", {"number": number, "phone": "1380000%04d" % i},
                                   self.network())
            self.assertEqual(st, 404, doc)
        st, hdrs, doc = self.call("POST", "/api/orders/lookup", {"number": number.lower(), "phone": "13800000999"},
                                  self.network())
        self.assert_limited(st, hdrs, doc)
        self.assertGreater(int(hdrs["Retry-After"]), 60)  # minutes, not seconds: a guess costs time
        # A right lookup never spends: the customer who types it right may look up again and again.
        number2 = self.placed("138 0013 9102")
        addr = self.network()
        for _ in range(per_number + 3):
            st, _, doc = self.call("POST", "/api/orders/lookup", {"number": number2, "phone": "13800139102"}, addr)
            self.assertEqual(st, 200, doc)

    # -- writes ------------------------------------------------------------------------------------
    def test_writes_per_address(self):
        """Orders, documents and status changes from one network: the burst, then 429 with
        Retry-After, and nothing of the refused request is stored."""
        addr = self.network()
        burst, rate = LIMITS["write_address"]
        t0 = time.monotonic()
        ok = 0
        while True:  # cheap refusals (malformed JSON) still spend: the limit comes before any work
            st, hdrs, doc = self.call("POST", "/api/orders", b"{", addr, {"Content-Type": "application/json"})
            if st == 429:
                break
            self.assertEqual(st, 400, doc)
            ok += 1
            self.assertLess(ok, burst * 2, "no limit met")
        elapsed = time.monotonic() - t0
        self.assertGreaterEqual(ok, burst)
        self.assertLessEqual(ok, burst + rate * elapsed + 1)
        self.assert_limited(st, hdrs, doc)
        body = order(shop="carol", phone="138 0013 9201")
        st, hdrs, doc = self.call("POST", "/api/orders", body, addr)
        self.assert_limited(st, hdrs, doc)
        conn = commerce.db(self.srv)
        try:
            self.assertIsNone(conn.execute("SELECT 1 FROM orders WHERE idem_key = ?", (body["key"],)).fetchone())
        finally:
            conn.close()
        st, _, doc = self.call("POST", "/api/orders", body, self.network())  # the same order from elsewhere
        self.assertEqual(st, 201, doc)
        time.sleep(1.6 / rate)  # the bucket refills: the network may write again
        st, _, doc = self.call("POST", "/api/orders", body, addr)
        self.assertEqual(st, 200, doc)  # the retry of the placed order: its stored answer

    # -- events ------------------------------------------------------------------------------------
    def test_events_per_address_all_or_nothing(self):
        addr = self.network()
        burst, rate = LIMITS["event_address"]
        batch = referral.MAX_EVENTS_PER_BATCH
        sent = 0
        t0 = time.monotonic()
        while True:
            evs = [event("carol", visitor="v_flood%05d" % (sent + k)) for k in range(batch)]
            st, hdrs, doc = self.call("POST", "/api/events", {"events": evs}, addr)
            if st == 429:
                break
            self.assertEqual((st, doc["stored"]), (200, batch), doc)
            sent += batch
            self.assertLess(sent, burst * 3, "no limit met")
        elapsed = time.monotonic() - t0
        self.assertGreaterEqual(sent, burst - batch)
        self.assertLessEqual(sent, burst + rate * elapsed + batch)
        self.assert_limited(st, hdrs, doc)
        conn = commerce.db(self.srv)
        try:  # the refused batch: none of it stored
            self.assertIsNone(conn.execute("SELECT 1 FROM events WHERE id = ?", (evs[0]["id"],)).fetchone())
        finally:
            conn.close()
        # A phone on another network is not affected.
        st, _, doc = self.call("POST", "/api/events", {"events": [event("carol", visitor=visitor_id())]},
                               self.network())
        self.assertEqual((st, doc["stored"]), (200, 1))

    def test_events_per_visitor(self):
        """One visitor id flooding from many networks: its events beyond its bucket are refused one by
        one as rate_limited; a full offline outbox (a batch) always fits."""
        v = visitor_id()
        burst = LIMITS["event_visitor"][0]
        batch = referral.MAX_EVENTS_PER_BATCH
        self.assertGreaterEqual(burst, batch)  # a real outbox is never refused
        stored, limited = 0, 0
        for _ in range(3):
            evs = [event("carol", type_="product_view", product="p-tea", visitor=v) for _ in range(batch)]
            st, _, doc = self.call("POST", "/api/events", {"events": evs}, self.network())
            self.assertEqual(st, 200, doc)
            stored += doc["stored"]
            limited += sum(1 for r in doc["rejected"] if r["reason"] == "rate_limited")
        self.assertGreaterEqual(stored, burst)
        self.assertLess(stored, burst + 50)
        self.assertEqual(stored + limited, 3 * batch)

    def test_events_only_for_existing_shops(self):
        st, _, doc = self.call("POST", "/api/events", {"events": [event("no-such-shop"), event("carol")]},
                               self.network())
        self.assertEqual((st, doc["stored"], [r["reason"] for r in doc["rejected"]]), (200, 1, ["unknown_shop"]))

    def test_backdated_event_is_not_first_touch(self):
        """A visit dated years back, sent after the real first visit, does not become the order's
        first touch; and its date is not believed (stored as received)."""
        v = visitor_id()
        now = now_ms()
        real = event("bob-shop", visitor=v, channel="qr", campaign="real", at=now - 60_000)
        st, _, doc = self.call("POST", "/api/events", {"events": [real]}, self.network())
        self.assertEqual(doc["stored"], 1)
        forged = event("carol", visitor=v, channel="link", campaign="forged", at=now - 3 * 365 * 86_400_000)
        recent = event("carol", visitor=v, campaign="yesterday", at=now - 86_400_000)
        st, _, doc = self.call("POST", "/api/events", {"events": [forged, recent]}, self.network())
        self.assertEqual(doc["stored"], 2)
        conn = commerce.db(self.srv)
        try:
            at = dict(conn.execute("SELECT id, at_ms FROM events WHERE visitor = ?", (v,)).fetchall())
        finally:
            conn.close()
        self.assertGreaterEqual(at[forged["id"]], now - 5_000)          # years back: not believed
        self.assertEqual(at[recent["id"]], recent["at"])                # a day back (an outbox): kept
        self.assertEqual(at[real["id"]], real["at"])
        st, doc = self.api.place(order(shop="carol", phone="138 0013 9301", visitor=v))
        self.assertEqual(st, 201, doc)
        st, prov = self.api.provenance(self.w.acme, doc["order"]["id"])
        self.assertEqual(st, 200, prov)
        self.assertEqual((prov["first_touch"]["shop"], prov["first_touch"]["campaign"]), ("bob-shop", "real"))

    # -- replay ------------------------------------------------------------------------------------
    def test_signed_request_works_once(self):
        path = "/api/shops/carol/team"
        header = auth_header(self.w.carol, "GET", path)
        st, _, doc = self.call("GET", path, headers={"Authorization": header})
        self.assertEqual(st, 200, doc)
        st, _, doc = self.call("GET", path, headers={"Authorization": header})
        self.assertEqual((st, doc["error"]["code"]), (409, "replayed_request"))
        self.assertIn("sign it again", doc["error"]["message"])
        time.sleep(0.002)
        st, _, doc = self.call("GET", path, headers={"Authorization": auth_header(self.w.carol, "GET", path)})
        self.assertEqual(st, 200, doc)  # signed again: a new request
        # A replayed upload is refused too, and stores nothing new.
        png = fixtures.png_bytes(3, 9, (9, 9, 1))
        h = {"Content-Type": "image/png", "Authorization": auth_header(self.w.bob, "POST", "/api/images", png)}
        st, _, doc = self.call("POST", "/api/images", png, self.network(), h)
        self.assertEqual(st, 201, doc)
        st, _, doc = self.call("POST", "/api/images", png, self.network(), h)
        self.assertEqual((st, doc["error"]["code"]), (409, "replayed_request"))

    # -- uploads -----------------------------------------------------------------------------------
    def upload(self, data, sk=None, addr=None):
        h = {"Content-Type": "image/png"}
        if sk is not None:
            h["Authorization"] = auth_header(sk, "POST", "/api/images", data)
        return self.call("POST", "/api/images", data, addr or self.network(), h)

    def test_uploads_only_signed_by_a_distributor_or_brand(self):
        png = fixtures.png_bytes(7, 7, (1, 1, 7))
        st, hdrs, doc = self.upload(png)
        self.assertEqual((st, doc["error"]["code"]), (401, "unauthorized"))
        self.assertEqual(hdrs.get("WWW-Authenticate"), "Dynshop")
        st, _, doc = self.upload(png, self.w.stranger)
        self.assertEqual((st, doc["error"]["code"]), (403, "not_allowed"))
        st, _, doc = self.upload(png, fixtures.key("nobody-at-all"))
        self.assertEqual((st, doc["error"]["code"]), (403, "not_allowed"))
        bad = dict(Authorization=auth_header(self.w.alice, "POST", "/api/images", b"other bytes"))
        bad["Content-Type"] = "image/png"
        st, _, doc = self.call("POST", "/api/images", png, self.network(), bad)   # signed over other bytes
        self.assertEqual((st, doc["error"]["code"]), (401, "unauthorized"))
        sha = hashlib.sha256(png).hexdigest()
        self.assertFalse(os.path.exists(os.path.join(self.srv.data, "images", sha + ".png")))
        st, _, doc = self.upload(png, self.w.acme)   # the brand
        self.assertEqual(st, 201, doc)
        st, _, doc = self.upload(fixtures.png_bytes(7, 8, (1, 1, 7)), self.w.carol)   # a distributor
        self.assertEqual(st, 201, doc)

    def test_upload_quota_per_key_and_publishing_frees_it(self):
        sk = self.w.bob
        quota = config.UPLOAD_PENDING_IMAGES
        conn = commerce.db(self.srv)
        try:
            pending = conn.execute("SELECT COUNT(*) FROM images WHERE uploader = ? AND sha256 NOT IN (SELECT sha256 "
                                   "FROM image_refs)", (fixtures.pub(sk),)).fetchone()[0]
        finally:
            conn.close()
        refs = []
        for i in range(quota - pending):
            st, _, doc = self.upload(fixtures.png_bytes(11, 1 + i, (2, 3, 4)), sk)
            self.assertEqual(st, 201, doc)
            refs.append(doc)
        st, hdrs, doc = self.upload(fixtures.png_bytes(12, 1, (2, 3, 4)), sk)
        self.assert_limited(st, hdrs, doc, code="upload_quota")
        self.assertIn("no published page uses yet", doc["error"]["message"])
        # Bob publishes a manifest that uses one: a slot is free again.
        st, shop = self.srv.get_json("/api/shops/bob-shop")
        cur = json.loads(shop["manifest"]["payload"])["version"]
        m = self.w.manifest("bob", "bob-shop", cur + 1, ["acme"], name="Bob")
        m["identity"]["avatar"] = {k: refs[0][k] for k in ("src", "sha256", "w", "h")}
        st, res = self.srv.post_doc(sign(m, sk), cur)
        self.assertEqual(st, 201, res)
        st, _, doc = self.upload(fixtures.png_bytes(12, 2, (2, 3, 4)), sk)
        self.assertEqual(st, 201, doc)


class SelfPurchase(unittest.TestCase):
    """A distributor buying in their own shop without saying so (no signed claim): the store tells by
    their device or their published number, and the brand's policy (acme: no self-purchase earnings)
    withholds their share. Their real customers are not touched."""

    @classmethod
    def setUpClass(cls):
        cls.srv = fixtures.Server().start()
        cls.api = commerce.Client(cls.srv)
        cls.w = cls.srv.world

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def register(self, sk, slug, visitor):
        body = json.dumps({"visitor": visitor}).encode()
        path = "/api/shops/%s/devices" % slug
        return self.api.call("POST", path, body, {"Content-Type": "application/json",
                                                  "Authorization": auth_header(sk, "POST", path, body)})

    def payees(self, order_doc):
        st, prov = self.api.provenance(self.w.acme, order_doc["order"]["id"])
        self.assertEqual(st, 200, prov)
        return {p["distributor"]: p["amount"] for p in prov["split"]["payees"]}, prov["split"]

    def test_a_customer_of_carol_pays_carol(self):
        doc = self.api.placed(order(shop="carol", phone="138 0013 7001", visitor=visitor_id()))
        payees, split = self.payees(doc)
        self.assertGreater(payees.get("carol", 0), 0)
        self.assertEqual((split["self_purchase"], split["self_purchase_by"]), (False, ""))

    def test_her_own_device(self):
        device = visitor_id()
        st, doc = self.register(self.w.carol, "carol", device)
        self.assertEqual((st, doc), (200, {"distributor": "carol", "visitor": device}))
        doc = self.api.placed(order(shop="carol", phone="138 0013 7002", visitor=device))
        payees, split = self.payees(doc)
        self.assertEqual((split["self_purchase"], split["self_purchase_by"]), (True, "device"))
        self.assertEqual(payees.get("carol", 0), 0)  # acme's policy: no earnings on one's own purchase
        self.assertGreater(payees.get("bob", 0), 0)  # the upline is paid as usual
        # Her own visit does not bind the number to her (acme does not allow self-purchase binding).
        doc2 = self.api.placed(order(shop="bob-shop", phone="138 0013 7002", visitor=visitor_id()))
        st, prov = self.api.provenance(self.w.acme, doc2["order"]["id"])
        self.assertEqual(prov["binding"]["credited_distributor"], "bob")

    def test_only_she_can_say_a_device_is_hers(self):
        device = visitor_id()
        st, doc = self.register(self.w.bob, "carol", device)          # her upline, for her shop
        self.assertEqual((st, doc["error"]["code"]), (403, "not_allowed"))
        st, doc = self.api.call("POST", "/api/shops/carol/devices", json.dumps({"visitor": device}).encode(),
                                {"Content-Type": "application/json"})
        self.assertEqual((st, doc["error"]["code"]), (401, "unauthorized"))
        st, doc = self.register(self.w.carol, "carol", "not a visitor")
        self.assertEqual((st, doc["error"]["code"]), (400, "bad_request"))
        doc = self.api.placed(order(shop="carol", phone="138 0013 7003", visitor=device))
        payees, split = self.payees(doc)
        self.assertEqual((split["self_purchase"], payees.get("carol", 0) > 0), (False, True))

    def test_her_published_number(self):
        st, shop = self.srv.get_json("/api/shops/carol")
        cur = json.loads(shop["manifest"]["payload"])
        m = self.w.manifest("carol", "carol", cur["version"] + 1, ["acme"], name="Carol")
        m["identity"]["contact"] = "WeChat carol_tea · 139 0013 7999"
        st, res = self.srv.post_doc(sign(m, self.w.carol), cur["version"])
        self.assertEqual(st, 201, res)
        # Her number written another way, from a browser the store has never seen.
        doc = self.api.placed(order(shop="carol", phone="+86 139-0013-7999", visitor=visitor_id()))
        payees, split = self.payees(doc)
        self.assertEqual((split["self_purchase"], split["self_purchase_by"]), (True, "phone"))
        self.assertEqual(payees.get("carol", 0), 0)
        # A number that only shares digits with hers is someone else.
        doc = self.api.placed(order(shop="carol", phone="139 0013 7998", visitor=visitor_id()))
        payees, split = self.payees(doc)
        self.assertEqual(split["self_purchase"], False)
        self.assertGreater(payees.get("carol", 0), 0)


class ImageSweep(unittest.TestCase):
    def test_unused_uploads_are_deleted_after_the_grace_period(self):
        srv = fixtures.Server().start()
        try:
            w = srv.world
            used_png, unused_png, fresh_png = (fixtures.png_bytes(5, 5, c) for c in ((1, 0, 0), (0, 1, 0), (0, 0, 1)))
            got = {}
            for name, data in (("used", used_png), ("unused", unused_png), ("fresh", fresh_png)):
                st, _, body = srv.request("POST", "/api/images", data, {
                    "Content-Type": "image/png", "Authorization": auth_header(w.alice, "POST", "/api/images", data)})
                self.assertEqual(st, 201, body)
                got[name] = json.loads(body)
            m = w.manifest("alice", "alice-tea", 2, ["acme", "bolt"], name="Alice")
            m["identity"]["banner"] = {k: got["used"][k] for k in ("src", "sha256", "w", "h")}
            st, res = srv.post_doc(sign(m, w.alice), 1)
            self.assertEqual(st, 201, res)
            srv.stop()
            old = now_ms() - config.IMAGE_GRACE_MS - 60_000
            conn = commerce.write_db(srv)
            conn.execute("UPDATE images SET stored_ms = ? WHERE sha256 IN (?, ?)",
                         (old, got["used"]["sha256"], got["unused"]["sha256"]))
            conn.commit()
            conn.close()
            srv.start(quiet=False)
            self.assertIn("deleted 1 uploaded image", srv.stderr())
            self.assertEqual(srv.get(got["unused"]["src"])[0], 404)       # old and unused: gone, file and row
            self.assertFalse(os.path.exists(os.path.join(srv.data, "images", got["unused"]["sha256"] + ".png")))
            self.assertEqual(srv.get(got["used"]["src"])[0], 200)         # old but published: kept
            self.assertEqual(srv.get(got["fresh"]["src"])[0], 200)        # unused but within the grace: kept
            self.assertEqual(srv.get(w.avatar["src"])[0], 200)            # the seed's pictures: used, kept
        finally:
            srv.cleanup()


class LimitArgs(unittest.TestCase):
    def test_limit_argument(self):
        self.assertEqual(limits.parse_limit_arg("write_address=10/0.5"), ("write_address", (10.0, 0.5)))
        self.assertEqual(limits.parse_limit_arg("event_visitor=off"), ("event_visitor", None))
        for bad in ("nope=1/1", "write_address=x/1", "write_address=0/1", "write_address"):
            with self.assertRaises(Exception):
                limits.parse_limit_arg(bad)

    def test_bucket_arithmetic(self):
        lim = limits.RateLimits({"x": (3, 1.0)})
        self.assertEqual([lim.spend("x", "a", now=100.0) for _ in range(3)], [0, 0, 0])
        self.assertEqual(lim.spend("x", "a", now=100.0), 1)      # empty: one second to the next token
        self.assertEqual(lim.spend("x", "b", now=100.0), 0)      # another key has its own bucket
        self.assertEqual(lim.spend("x", "a", now=101.0), 0)      # refilled one
        self.assertEqual(lim.spend("x", "a", cost=3, now=101.5), 3)
        self.assertEqual(lim.spend("x", "a", now=1000.0), 0)     # full again, never above the burst
        self.assertEqual(lim.spend("x", "a", cost=3, now=1000.0), 1)


if __name__ == "__main__":
    unittest.main()
