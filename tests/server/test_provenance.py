"""Who may read what: an order's provenance (the brand, and the distributors on its chain or its
shop), a shop's activity with its team (that shop's distributor), a brand's activity (the brand
key), all behind signed requests (Authorization: Dynshop key=, ts=, sig=)."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
import fixtures  # noqa: E402
from commerce import auth_header, event, order, visitor_id  # noqa: E402


class Provenance(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = commerce.fixtures.Server().start()
        cls.w = cls.srv.world
        cls.api = commerce.Client(cls.srv)
        cls.visitor = visitor_id()
        cls.api.events([event("alice-tea", visitor=cls.visitor, channel="qr", campaign="spring"),
                        event("bob-shop", "product_view", product="p-cup", visitor=cls.visitor, channel="share", hop=1),
                        event("carol", "visit", visitor=cls.visitor),
                        event("alice-tea", "product_view", product="b-bolt", visitor=cls.visitor)])
        # carol's customer; then a bob-shop order by the same customer is still carol's (permanent).
        cls.carol_order = cls.api.placed(order(shop="carol", phone="13900000001", visitor=cls.visitor,
                                               channel="share", hop=2))["order"]
        cls.bob_shop_order = cls.api.placed(order(shop="bob-shop", phone="13900000001"))["order"]
        cls.alice_order = cls.api.placed(order(shop="alice-tea", phone="13900000002",
                                               lines=[{"product": "p-pot", "qty": 1}]))["order"]
        cls.bolt_order = cls.api.placed(order(shop="alice-tea", brand="bolt", phone="13900000002",
                                              lines=[{"product": "b-bolt", "qty": 2}]))["order"]

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def test_provenance_shows_who_earns_and_why(self):
        st, prov = self.api.provenance(self.w.acme, self.bob_shop_order["id"])
        self.assertEqual(st, 200, prov)
        self.assertEqual(prov["order"]["id"], self.bob_shop_order["id"])
        b = prov["binding"]
        self.assertEqual({k: b[k] for k in ("mode", "days", "rule", "bound_distributor", "bound_shop",
                                             "shop_distributor")},
                         {"mode": "permanent", "days": 0, "rule": "kept", "bound_distributor": "carol",
                          "bound_shop": "carol", "shop_distributor": "bob"})
        self.assertTrue(b["explanation"])
        self.assertEqual([{k: m[k] for k in ("distributor", "slug", "name", "level", "active")} for m in prov["chain"]],
                         [{"distributor": "carol", "slug": "carol", "name": "Carol", "level": 3, "active": True},
                          {"distributor": "bob", "slug": "bob-shop", "name": "Bob", "level": 2, "active": True},
                          {"distributor": "alice", "slug": "alice-tea", "name": "Alice", "level": 1, "active": True}])
        self.assertEqual(prov["first_touch"], prov["last_touch"])     # no visitor named on this order
        self.assertEqual((prov["last_touch"]["shop"], prov["last_touch"]["channel"]), ("bob-shop", "direct"))
        self.assertEqual(prov["split"]["brand"] + sum(p["amount"] for p in prov["split"]["payees"]),
                         prov["order"]["total"])
        self.assertTrue(all(set(p) >= {"distributor", "name", "level", "amount"} for p in prov["split"]["payees"]))
        self.assertEqual((prov["policy"]["version"], prov["policy"]["levels"]), (1, [1000, 300]))
        self.assertEqual(prov["viewer"], "brand")
        self.assertEqual(prov["contact"]["phone"], "13900000001")     # the brand ships the order
        st, prov = self.api.provenance(self.w.acme, self.carol_order["id"])
        self.assertEqual((prov["first_touch"]["shop"], prov["first_touch"]["campaign"]), ("alice-tea", "spring"))
        self.assertEqual((prov["last_touch"]["shop"], prov["last_touch"]["channel"], prov["last_touch"]["hop"]),
                         ("carol", "share", 2))

    def test_provenance_readable_by_the_chain_and_the_shop(self):
        oid = self.bob_shop_order["id"]
        for sk in (self.w.carol, self.w.bob, self.w.alice):   # carol, bob, alice: chain; bob: also the shop
            st, prov = self.api.provenance(sk, oid)
            self.assertEqual((st, prov["viewer"]), (200, "distributor"))
            self.assertNotIn("contact", prov)                   # a distributor never sees the customer's details
            self.assertNotIn("13900000001", str(prov))
        # alice's own order: bob and carol are below her, not on its chain.
        for sk in (self.w.bob, self.w.carol):
            st, doc = self.api.provenance(sk, self.alice_order["id"])
            self.assertEqual((st, doc["error"]["code"]), (403, "not_allowed"))

    def test_provenance_refused_to_other_signers(self):
        for sk in (self.w.stranger, self.w.bolt, self.w.root):
            st, doc = self.api.provenance(sk, self.carol_order["id"])
            self.assertEqual((st, doc["error"]["code"]), (403, "not_allowed"))
        st, doc = self.api.provenance(self.w.acme, self.bolt_order["id"])   # another brand's order
        self.assertEqual(st, 403)
        st, doc = self.api.provenance(self.w.bolt, self.bolt_order["id"])
        self.assertEqual(st, 200)
        st, doc = self.api.provenance(self.w.acme, "o_nosuchorder0000")
        self.assertEqual((st, doc["error"]["code"]), (404, "no_such_order"))

    def test_provenance_requires_a_valid_signed_request(self):
        path = "/api/orders/%s/provenance" % self.carol_order["id"]
        now = commerce.now_ms()
        good = auth_header(self.w.acme, "GET", path)
        bad = [
            None, "", "Bearer abc", good.replace("Dynshop", "Dynshop2"),
            auth_header(self.w.acme, "GET", path, ts=now - 6 * 60 * 1000),            # too old
            auth_header(self.w.acme, "GET", path, ts=now + 6 * 60 * 1000),            # from the future
            auth_header(self.w.acme, "POST", path),                                    # another method
            auth_header(self.w.acme, "GET", path + "?x=1"),                            # another path
            auth_header(self.w.acme, "GET", path, body=b"x"),                          # another body
            good.replace("sig=", "sig=A").replace("==", "="),                          # a mangled signature
            good.replace("key=" + commerce.pub(self.w.acme), "key=" + commerce.pub(self.w.stranger)),  # key swap
            good[:-10],
        ]
        for header in bad:
            st, doc = self.api.call("GET", path, headers={"Authorization": header} if header is not None else {})
            self.assertEqual((st, doc["error"]["code"]), (401, "unauthorized"), header)
            self.assertTrue(doc["error"]["message"])
        st, doc = self.api.call("GET", path, headers={"Authorization": good})
        self.assertEqual(st, 200)
        # Within the window, a few minutes of clock skew are fine.
        st, doc = self.api.call("GET", path, headers={"Authorization": auth_header(self.w.acme, "GET", path,
                                                                                     ts=now - 4 * 60 * 1000)})
        self.assertEqual(st, 200)

    def test_shop_activity_covers_the_team(self):
        st, act = self.api.signed_get(self.w.alice, "/api/shops/alice-tea/activity?since=0")
        self.assertEqual(st, 200, act)
        shops = {e["shop"] for e in act["events"]}
        self.assertEqual(shops, {"alice-tea", "bob-shop", "carol"})     # alice's own and her downline's
        self.assertLessEqual({self.carol_order["id"], self.bob_shop_order["id"], self.alice_order["id"],
                              self.bolt_order["id"]}, {o["id"] for o in act["orders"]})
        one = next(o for o in act["orders"] if o["id"] == self.bob_shop_order["id"])
        self.assertEqual((one["status"], one["distributor"], one["shop_distributor"]), ("placed", "carol", "bob"))
        self.assertEqual(one["split"]["brand"] + sum(p["amount"] for p in one["split"]["payees"]), one["total"])
        self.assertRegex(one["customer"], r"^c_[0-9a-f]{20}$")
        self.assertNotIn("contact", one)
        same = next(o for o in act["orders"] if o["id"] == self.carol_order["id"])
        self.assertEqual(same["customer"], one["customer"])             # one customer, one id
        # carol sees only her own shop's traffic, and the orders credited to her.
        st, act = self.api.signed_get(self.w.carol, "/api/shops/carol/activity")
        self.assertEqual({e["shop"] for e in act["events"]}, {"carol"})
        ids = {o["id"] for o in act["orders"]}
        self.assertLessEqual({self.carol_order["id"], self.bob_shop_order["id"]}, ids)
        self.assertFalse({self.alice_order["id"], self.bolt_order["id"]} & ids)
        # bob's team has no bolt enrollments: alice-tea's bolt traffic is not his to see.
        st, act = self.api.signed_get(self.w.bob, "/api/shops/bob-shop/activity")
        self.assertTrue(all(e["shop"] in ("bob-shop", "carol") for e in act["events"]))
        self.assertNotIn(self.bolt_order["id"], {o["id"] for o in act["orders"]})
        for sk, slug in ((self.w.bob, "alice-tea"), (self.w.acme, "carol"), (self.w.stranger, "carol")):
            st, doc = self.api.signed_get(sk, "/api/shops/%s/activity" % slug)
            self.assertEqual((st, doc["error"]["code"]), (403, "not_allowed"))
        st, doc = self.api.call("GET", "/api/shops/carol/activity")
        self.assertEqual(st, 401)
        st, doc = self.api.signed_get(self.w.carol, "/api/shops/nobody-here/activity")
        self.assertEqual(st, 404)

    def test_an_event_of_two_brands_is_in_the_team_activity_once_on_any_page(self):
        """alice-tea carries acme and bolt, and alice is in both: each of her shop's events is two rows
        (one a brand), stored far apart in one batch; her activity sends each event once, whichever
        page each row falls on."""
        srv = fixtures.Server().start()  # a store of its own: the class's counts its events
        self.addCleanup(srv.cleanup)
        api = commerce.Client(srv)
        evs = [event("alice-tea", visitor=visitor_id()) for _ in range(6)]
        st, doc = api.events(evs)
        self.assertEqual((st, doc["stored"]), (200, 6), doc)
        ids = [e["id"] for e in evs]
        conn = commerce.db(srv)
        try:
            rows = conn.execute("SELECT seq, brand, id FROM events WHERE id IN (SELECT value FROM json_each(?)) "
                                "ORDER BY seq", (json.dumps(ids),)).fetchall()
        finally:
            conn.close()
        self.assertEqual(sorted({r[1] for r in rows}), ["acme", "bolt"])
        self.assertEqual(len(rows), 12)
        seen = []
        cut = rows[5][0]  # a page ends in the middle of them
        for cursor in ("%d.0.0" % (rows[0][0] - 1), "%d.0.0" % cut):
            path = "/api/shops/alice-tea/activity?since=0&cursor=" + cursor
            st, act = api.signed_get(srv.world.alice, path)
            self.assertEqual(st, 200, act)
            got = [e["id"] for e in act["events"] if e["id"] in ids]
            self.assertEqual(len(got), len(set(got)))
            seen.append(got)
        self.assertEqual(sorted(seen[0]), sorted(ids))                      # the whole: each once
        first_page = {r[2] for r in rows if r[0] <= cut}
        self.assertEqual(set(seen[0]) - set(seen[1]) | set(seen[1]), set(ids))
        self.assertFalse(first_page & set(seen[1]))                        # none sent again after the cut

    def test_shop_team_tree_with_sales(self):
        st, team = self.api.signed_get(self.w.alice, "/api/shops/alice-tea/team")
        self.assertEqual(st, 200, team)
        self.assertEqual(team["distributor"], "alice")
        by = {(m["brand"], m["distributor"]): m for m in team["members"]}
        self.assertEqual(set(by), {("acme", "alice"), ("acme", "bob"), ("acme", "carol"), ("bolt", "alice")})
        self.assertEqual({k: by[("acme", "bob")][k] for k in ("parent", "name", "slug", "level", "active", "orders",
                                                               "sales")},
                         {"parent": "alice", "name": "Bob", "slug": "bob-shop", "level": 2, "active": True, "orders": 1,
                          "sales": {"CNY": 13600}})
        self.assertEqual((by[("acme", "alice")]["sales"], by[("bolt", "alice")]["sales"]), ({"CNY": 100000}, {"USD": 500}))
        # A cancelled order is not a sale.
        carol_before = by[("acme", "carol")]
        doc = self.api.placed(order(shop="carol", phone="13900000009"))["order"]
        self.assertEqual(self.api.status(commerce.status_envelope(self.w.acme, doc["id"], "cancelled"), doc["id"])[0], 201)
        st, team = self.api.signed_get(self.w.carol, "/api/shops/carol/team")
        self.assertEqual([(m["distributor"], m["orders"], m["sales"]) for m in team["members"]],
                         [("carol", carol_before["orders"], carol_before["sales"])])
        for sk in (self.w.bob, self.w.acme):
            st, doc = self.api.signed_get(sk, "/api/shops/alice-tea/team")
            self.assertEqual((st, doc["error"]["code"]), (403, "not_allowed"))
        self.assertEqual(self.api.call("GET", "/api/shops/alice-tea/team")[0], 401)

    def test_brand_activity_and_its_cursor(self):
        st, act = self.api.signed_get(self.w.acme, "/api/brands/acme/activity?since=0")
        self.assertEqual(st, 200, act)
        self.assertFalse(act["more"])
        self.assertEqual(act["caps"], {"events": 5000, "orders": 1000, "statuses": 5000})
        self.assertTrue(all("acme" in e["brands"] for e in act["events"]))
        self.assertEqual(len(act["events"]), 3)                         # the bolt product view is not acme's
        ids = {o["id"] for o in act["orders"]}
        self.assertTrue({self.carol_order["id"], self.bob_shop_order["id"], self.alice_order["id"]} <= ids)
        self.assertNotIn(self.bolt_order["id"], ids)
        self.assertIn("contact", act["orders"][0])
        # Polling with the cursor brings exactly what arrived since: nothing, then one event, one order, one status.
        path = "/api/brands/acme/activity?cursor=" + act["cursor"]
        st, again = self.api.signed_get(self.w.acme, path)
        self.assertEqual((again["events"], again["orders"], again["statuses"]), ([], [], []))
        self.api.events([event("carol", visitor=visitor_id())])
        new = self.api.placed(order(shop="carol", phone="13900000003"))["order"]
        self.assertEqual(self.api.status(commerce.status_envelope(self.w.acme, self.carol_order["id"], "paid"),
                                         self.carol_order["id"])[0], 201)
        st, later = self.api.signed_get(self.w.acme, path)
        self.assertEqual(len(later["events"]), 1)
        self.assertEqual([o["id"] for o in later["orders"]], [new["id"]])
        self.assertEqual([(s["order"], s["status"]) for s in later["statuses"]],
                         [(new["id"], "placed"), (self.carol_order["id"], "paid")])
        self.assertNotEqual(later["cursor"], act["cursor"])
        # since (received time in ms) filters too; a malformed query is a 400.
        st, none = self.api.signed_get(self.w.acme, "/api/brands/acme/activity?since=%d" % (commerce.now_ms() + 60000))
        self.assertEqual((st, none["events"], none["orders"]), (200, [], []))
        for q in ("since=abc", "cursor=1.2", "cursor=x.y.z"):
            st, doc = self.api.signed_get(self.w.acme, "/api/brands/acme/activity?" + q)
            self.assertEqual(st, 400, q)
        st, doc = self.api.signed_get(self.w.bolt, "/api/brands/acme/activity")
        self.assertEqual(st, 403)
        st, doc = self.api.signed_get(self.w.acme, "/api/brands/nobrand/activity")
        self.assertEqual(st, 404)


if __name__ == "__main__":
    unittest.main()
