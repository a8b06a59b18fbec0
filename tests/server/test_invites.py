"""Invites: a brand or distributor signs an invite; the new distributor enrolls with it, signing the
enrollment with their own key. The store checks the invite's signer (the parent's current key), its
brand, parent and level, its expiry, and counts its uses in the same transaction."""
import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
from commerce import T0, invite, sign  # noqa: E402

World = commerce.fixtures.World
key = commerce.fixtures.key


def enrollment(who, parent, level, inv=None, brand="acme", slug=None, **kw):
    p = World.enrollment(brand, who, slug or who + "-shop", key("dist:" + who), parent, level, **kw)
    if inv is not None:
        p["invite"] = inv
    return p


class Invites(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = commerce.fixtures.Server().start()
        cls.w = cls.srv.world

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def enroll(self, payload, signer, status=201, code=None, replaces=None):
        st, doc = self.srv.post_doc(sign(payload, signer), replaces)
        self.assertEqual(st, status, doc)
        if code:
            self.assertEqual(doc["error"]["code"], code, doc)
            self.assertTrue(doc["error"]["message"])
        return doc

    def uses(self, inv):
        conn = commerce.db(self.srv)
        try:
            return conn.execute("SELECT COUNT(*) FROM invite_uses WHERE invite = ?",
                                (json.loads(inv["payload"])["id"],)).fetchone()[0]
        finally:
            conn.close()

    def test_brand_invite_enrolls_a_level_one_distributor_who_signs_for_themselves(self):
        inv = invite(self.w.acme, "acme", "", 1, max_uses=5)
        self.enroll(enrollment("dan", "", 1, inv), key("dist:dan"))
        self.assertEqual(self.uses(inv), 1)
        # The new distributor opens a shop right away; the bundle carries the invited enrollment.
        m = self.w.manifest("dan", "dan-shop", 1, ["acme"], name="Dan's")
        self.assertEqual(self.srv.post_doc(sign(m, key("dist:dan")))[0], 201)
        st, bundle = self.srv.get_json("/api/shops/dan-shop")
        self.assertEqual(st, 200)
        link = json.loads(bundle["enrollments"]["acme"]["dan"]["payload"])
        self.assertEqual(link["invite"], inv)
        self.assertEqual(bundle["enrollments"]["acme"]["dan"]["key"], commerce.pub(key("dist:dan")))

    def test_distributor_invite_enrolls_under_them(self):
        inv = invite(self.w.alice, "acme", "alice", 2)
        self.enroll(enrollment("erin", "alice", 2, inv), key("dist:erin"))
        # erin's customers' orders credit erin, then alice: the invited link is a real chain link.
        m = self.w.manifest("erin", "erin-shop", 1, ["acme"])
        self.assertEqual(self.srv.post_doc(sign(m, key("dist:erin")))[0], 201)
        api = commerce.Client(self.srv)
        doc = api.placed(commerce.order(shop="erin-shop", phone="13700000001"))
        st, prov = api.provenance(self.w.alice, doc["order"]["id"])
        self.assertEqual([m_["distributor"] for m_ in prov["chain"]], ["erin", "alice"])

    def test_invite_signed_by_a_stranger_is_refused(self):
        for signer, parent, level in ((self.w.stranger, "", 1), (self.w.stranger, "alice", 2), (self.w.bob, "alice", 2),
                                      (self.w.acme, "alice", 2)):
            inv = invite(signer, "acme", parent, level)
            self.enroll(enrollment("fay", parent, level, inv), key("dist:fay"), status=422, code="forged_invite")
        self.assertEqual(self.srv.get_json("/api/slugs/fay-shop")[1]["available"], True)

    def test_invite_for_another_level_brand_or_parent_is_refused(self):
        cases = [invite(self.w.alice, "acme", "alice", 3),          # another level
                 invite(self.w.alice, "bolt", "alice", 2),          # another brand
                 invite(self.w.alice, "acme", "", 2),               # another parent
                 sign({"type": "enrollment", "brand": "acme", "parent": "alice", "level": 2, "id": "x1",
                       "expires_ms": commerce.now_ms() + 10000, "max_uses": 1}, self.w.alice),   # not an invite
                 invite(self.w.alice, "acme", "alice", 2, max_uses=0)]
        for inv in cases:
            self.enroll(enrollment("gus", "alice", 2, inv), key("dist:gus"), status=422, code="bad_invite")
        tampered = invite(self.w.alice, "acme", "alice", 2)
        tampered["payload"] = tampered["payload"].replace('"max_uses":1', '"max_uses":9')
        self.enroll(enrollment("gus", "alice", 2, tampered), key("dist:gus"), status=422, code="bad_invite")
        self.enroll(enrollment("gus", "alice", 2, {"payload": "x"}), key("dist:gus"), status=422, code="bad_invite")

    def test_enrollment_with_an_invite_signed_by_someone_else_is_refused(self):
        inv = invite(self.w.alice, "acme", "alice", 2)
        for signer in (self.w.stranger, self.w.bob, key("dist:someone")):
            self.enroll(enrollment("hal", "alice", 2, inv), signer, status=422, code="wrong_signer")
        self.assertEqual(self.uses(inv), 0)
        # The parent itself may still sign it (the invite is then not needed, and not used up).
        self.enroll(enrollment("hal", "alice", 2, inv), self.w.alice)
        self.assertEqual(self.uses(inv), 0)

    def test_expired_invite_is_refused(self):
        inv = invite(self.w.alice, "acme", "alice", 2, expires_ms=commerce.now_ms() - 1)
        self.enroll(enrollment("ivy", "alice", 2, inv), key("dist:ivy"), status=422, code="invite_expired")

    def test_invite_uses_are_counted(self):
        inv = invite(self.w.bob, "acme", "bob", 3, max_uses=2)
        self.enroll(enrollment("jon", "bob", 3, inv), key("dist:jon"))
        self.enroll(enrollment("kim", "bob", 3, inv), key("dist:kim"))
        doc = self.enroll(enrollment("lea", "bob", 3, inv), key("dist:lea"), status=422, code="invite_used_up")
        self.assertIn("2 times", doc["error"]["message"])
        self.assertEqual(self.uses(inv), 2)

    def test_last_use_of_an_invite_goes_to_one_of_two_racing_enrollees(self):
        inv = invite(self.w.bob, "acme", "bob", 3, max_uses=1)
        results = []

        def go(name):
            results.append(self.srv.post_doc(sign(enrollment(name, "bob", 3, inv), key("dist:" + name)))[0])

        threads = [threading.Thread(target=go, args=(n,)) for n in ("mia", "ned", "oli", "pam")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(results), [201, 422, 422, 422])
        self.assertEqual(self.uses(inv), 1)

    def test_invite_cannot_rewrite_an_existing_enrollment(self):
        inv = invite(self.w.acme, "acme", "", 1, max_uses=5)
        self.enroll(enrollment("quinn", "", 1, inv), key("dist:quinn"))
        # quinn cannot re-sign their own enrollment (say, to stay active) with the invite again...
        again = enrollment("quinn", "", 1, inv, issued=T0 + 10, name="Quinn Again")
        self.enroll(again, key("dist:quinn"), status=422, code="invite_for_new_only", replaces=1)
        # ...but the brand, their parent, can change it.
        self.enroll(enrollment("quinn", "", 1, None, issued=T0 + 20, active=False), self.w.acme, replaces=1)
        self.assertEqual(self.uses(inv), 1)


if __name__ == "__main__":
    unittest.main()
