"""What the distributor's editor relies on: shop addresses checked the same way as core::check_slug
(tests/vectors/slugs.json), and the follow-up contact of a distributor's own customers in their
shop's activity (name and phone, never the address; nobody else's customers)."""
import json
import os
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
from store import core, errors  # noqa: E402
from commerce import order, visitor_id  # noqa: E402

VECTORS = os.path.join(commerce.fixtures.REPO, "tests", "vectors", "slugs.json")


class Slugs(unittest.TestCase):
    def test_reserved_words_match_core(self):
        with open(VECTORS) as f:
            vec = json.load(f)
        # The store asks the core, which the vectors pin (the C++ doctests read the same file).
        self.assertEqual(sorted(vec["reserved"]), sorted(core.CORE.reserved_slugs()))
        for word in vec["reserved"]:
            self.assertTrue(errors.is_reserved_slug(word), word)
        for c in vec.get("cases", []):
            if "slug" in c and "ok" in c:
                self.assertEqual(errors.is_slug(c["slug"]) and not errors.is_reserved_slug(c["slug"]), c["ok"], c)
        self.assertFalse(errors.is_reserved_slug("lily-tea"))


class EditorApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = commerce.fixtures.Server().start()
        cls.w = cls.srv.world
        cls.api = commerce.Client(cls.srv)
        # Customers of carol (level 3) and of alice (level 1).
        cls.carol_order = cls.api.placed(order(shop="carol", phone="13900000111", name="Wang Fang",
                                               address="9 Lake Road", visitor=visitor_id()))["order"]
        cls.alice_order = cls.api.placed(order(shop="alice-tea", phone="13900000222", name="Zhao Lei",
                                               lines=[{"product": "p-pot", "qty": 1}]))["order"]

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def test_slug_answers_agree_with_the_shared_vectors(self):
        with open(VECTORS) as f:
            vec = json.load(f)
        for case in vec["cases"]:
            slug = case["slug"]
            if not slug or "/" in slug:
                continue  # not addressable as /api/slugs/<slug> (the editor checks these locally)
            st, doc = self.api.call("GET", "/api/slugs/" + urllib.parse.quote(slug, safe=""))
            self.assertEqual(st, 200, slug)
            self.assertEqual(doc["available"], case["ok"], slug)
            self.assertEqual(bool(doc["reason"]), True, slug)
        st, doc = self.api.call("GET", "/api/slugs/carol")  # taken by a distributor
        self.assertEqual((doc["available"], doc["reason"]), (False, "Another shop already uses this address."))

    def test_a_distributor_sees_how_to_reach_their_own_customers_only(self):
        st, act = self.api.signed_get(self.w.carol, "/api/shops/carol/activity")
        self.assertEqual(st, 200, act)
        mine = next(o for o in act["orders"] if o["id"] == self.carol_order["id"])
        self.assertEqual(mine["contact"], {"name": "Wang Fang", "phone": "13900000111"})  # no address
        self.assertNotIn("9 Lake Road", json.dumps(act))
        # alice sees her team's orders, but the contact only of the customer credited to her.
        st, act = self.api.signed_get(self.w.alice, "/api/shops/alice-tea/activity")
        carols = next(o for o in act["orders"] if o["id"] == self.carol_order["id"])
        self.assertNotIn("contact", carols)
        hers = next(o for o in act["orders"] if o["id"] == self.alice_order["id"])
        self.assertEqual(hers["contact"]["name"], "Zhao Lei")
        self.assertNotIn("13900000111", json.dumps(act))


if __name__ == "__main__":
    unittest.main()
