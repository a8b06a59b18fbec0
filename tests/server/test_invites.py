"""Invites: a brand or distributor signs an invite; the new distributor enrolls with it, signing the
enrollment with their own key, the only way to enroll anyone (issue 9; RecruitingWithoutConsent).
The core (core::check_consent, through dynshop_core) checks the invite's signer (the parent's
current key), its brand, parent and level; the store its expiry by its clock, and counts its uses in
the same transaction. A change the parent signs carries the recruit's own enrollment as "consent"."""
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


class InviteCase(unittest.TestCase):
    """A store seeded with fixtures.World, and the calls these tests make."""

    @classmethod
    def setUpClass(cls):
        cls.srv = commerce.fixtures.Server().start()
        cls.w = cls.srv.world

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def enroll(self, payload, signer, status=201, code=None, replaces=None):
        """payload signed by signer; or, signer None, payload is an envelope already."""
        st, doc = self.srv.post_doc(sign(payload, signer) if signer is not None else payload, replaces)
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


class Invites(InviteCase):
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
        # Nor may the parent sign it themselves: the invite is theirs, the consent must be hal's.
        self.enroll(enrollment("hal", "alice", 2, inv), self.w.alice, status=422, code="consent_required")
        self.assertEqual(self.uses(inv), 0)
        self.assertEqual(self.srv.get_json("/api/slugs/hal-shop")[1]["available"], True)

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
        # ...but the brand, their parent, can change it, carrying quinn's own enrollment as consent.
        first = sign(enrollment("quinn", "", 1, inv), key("dist:quinn"))
        off = World.carried(enrollment("quinn", "", 1, None, issued=T0 + 20, active=False), first, self.w.acme)
        self.enroll(off, None, replaces=1)
        self.assertEqual(self.uses(inv), 1)


class RecruitingWithoutConsent(InviteCase):
    """Issue 9: an enrollment is valid only with the recruit's own signature over it. Each case is
    what an attacker signs: a distributor (or the brand) enrolling a key that never agreed, or
    changing an enrollment with a consent that is not that recruit's under them. The store's decision
    is the core's (core::check_consent, through dynshop_core), the one every browser's chain check
    makes; a refused enrollment leaves nothing behind (the slug stays free, the shop unserved)."""

    def assert_refused(self, env, code, replaces=None, slug=None):
        st, doc = self.srv.post_doc(env, replaces)
        self.assertEqual((st, doc.get("error", {}).get("code")), (422, code), doc)
        self.assertTrue(doc["error"]["message"])
        if slug:
            self.assertTrue(self.srv.get_json("/api/slugs/" + slug)[1]["available"], slug)
        return doc

    def test_a_distributor_cannot_sign_a_strangers_key_under_themselves(self):
        victim = key("dist:victim")
        doc = self.assert_refused(sign(enrollment("victim", "bob", 3), self.w.bob), "consent_required",
                                  slug="victim-shop")
        self.assertIn("invite", doc["error"]["message"])  # it says what to do
        # Nor by carrying an invite they signed themselves, nor one they made look like the recruit's.
        inv = invite(self.w.bob, "acme", "bob", 3)
        self.assert_refused(sign(enrollment("victim", "bob", 3, inv), self.w.bob), "consent_required", slug="victim-shop")
        # The real recruit accepting their real upline's invite is not blocked by any of that.
        st, _ = self.srv.post_doc(World.invited(enrollment("victim", "alice", 2), self.w.alice, victim))
        self.assertEqual(st, 201)

    def test_a_distributor_cannot_enroll_another_brands_distributor_under_themselves(self):
        # zed is bolt's level-1 distributor, enrolled there by their own consent.
        zed = key("dist:zed")
        st, _ = self.srv.post_doc(World.invited(enrollment("zed", "", 1, brand="bolt"), self.w.bolt, zed))
        self.assertEqual(st, 201)
        # bob signs zed (same id, slug and key as in bolt) under himself in acme; carol tries too.
        self.assert_refused(sign(enrollment("zed", "bob", 3), self.w.bob), "consent_required")
        self.assert_refused(sign(enrollment("zed", "carol", 4), self.w.carol), "consent_required")
        # Carrying zed's real enrollment (bolt's) as "consent" does not make it zed's consent to acme.
        zed_bolt = World.invited(enrollment("zed", "", 1, brand="bolt"), self.w.bolt, zed)
        self.assert_refused(World.carried(enrollment("zed", "bob", 3), zed_bolt, self.w.bob), "bad_consent")
        conn = commerce.db(self.srv)
        try:
            rows = conn.execute("SELECT brand, parent FROM enrollments WHERE distributor = 'zed'").fetchall()
        finally:
            conn.close()
        self.assertEqual(rows, [("bolt", "")])
        # zed's real upline (bolt) still can change zed's enrollment.
        st, doc = self.srv.post_doc(World.carried(enrollment("zed", "", 1, brand="bolt", issued=T0 + 5, name="Zed Z"),
                                                  zed_bolt, self.w.bolt), 1)
        self.assertEqual(st, 201, doc)

    def test_the_brand_cannot_enroll_a_key_that_never_accepted(self):
        self.assert_refused(sign(enrollment("yan", "", 1), self.w.acme), "consent_required", slug="yan-shop")
        # Nor with its own invite inside, signed by the brand rather than by yan.
        inv = invite(self.w.acme, "acme", "", 1)
        self.assert_refused(sign(enrollment("yan", "", 1, inv), self.w.acme), "consent_required", slug="yan-shop")
        self.assertEqual(self.uses(inv), 0)

    def test_a_consented_enrollment_is_taken_and_its_parent_can_deactivate_it(self):
        xia = key("dist:xia")
        own = World.invited(enrollment("xia", "alice", 2), self.w.alice, xia)
        self.assertEqual(self.srv.post_doc(own)[0], 201)
        self.assertEqual(self.srv.post_doc(sign(self.w.manifest("xia", "xia-shop", 1, ["acme"], name="Xia"), xia))[0],
                         201)
        self.assertEqual(self.srv.get_json("/api/shops/xia-shop")[0], 200)
        directory = lambda: [s_["slug"] for s_ in self.srv.get_json("/api/directory")[1]["shops"]]
        self.assertIn("xia-shop", directory())
        # A carried consent does not enroll anyone new: only an invite does.
        wu = key("dist:wu")
        wu_own = World.invited(enrollment("wu", "alice", 2), self.w.alice, wu)
        self.assert_refused(World.carried(enrollment("wu", "alice", 2, issued=T0 + 1), wu_own, self.w.alice),
                            "consent_required", slug="wu-shop")
        # alice deactivates xia, carrying xia's own enrollment: taken, and the shop is no longer served as active.
        off = World.carried(enrollment("xia", "alice", 2, active=False, issued=T0 + 10), own, self.w.alice)
        st, doc = self.srv.post_doc(off, 1)
        self.assertEqual(st, 201, doc)
        self.assertNotIn("xia-shop", directory())
        st, b = self.srv.get_json("/api/shops/xia-shop")
        self.assertFalse(json.loads(b["enrollments"]["acme"]["xia"]["payload"])["active"])
        st, doc = commerce.Client(self.srv).place(commerce.order(shop="xia-shop", phone="13700000077"))
        self.assertEqual((st, doc["error"]["code"]), (422, "shop_inactive"))
        # And reactivates xia the same way.
        on = World.carried(enrollment("xia", "alice", 2, issued=T0 + 20), own, self.w.alice)
        self.assertEqual(self.srv.post_doc(on, 2)[0], 201)
        self.assertIn("xia-shop", directory())

    def test_an_update_with_consent_taken_from_another_distributor_is_refused(self):
        # The seed's bob (alice's recruit) consented; carol (bob's) consented. alice "updates" carol's
        # enrollment under herself, or bob's with carol's consent: neither is the recruit's own, here.
        carol_own = self.w.enrolled[("acme", "carol")]
        bob_own = self.w.enrolled[("acme", "bob")]
        self.assert_refused(World.carried(enrollment("bob", "alice", 2, slug="bob-shop", issued=T0 + 30, active=False),
                                          carol_own, self.w.alice), "bad_consent", replaces=1)
        # Someone else's consent under the same parent (vic, also alice's recruit) for bob's enrollment.
        vic = key("dist:vic")
        vic_own = World.invited(enrollment("vic", "alice", 2), self.w.alice, vic)
        self.assertEqual(self.srv.post_doc(vic_own)[0], 201)
        self.assert_refused(World.carried(enrollment("bob", "alice", 2, slug="bob-shop", issued=T0 + 30, active=False),
                                          vic_own, self.w.alice), "bad_consent", replaces=1)
        # bob's own consent, but with another key put in: the parent cannot swap who is enrolled.
        self.assert_refused(World.carried(dict(enrollment("bob", "alice", 2, slug="bob-shop", issued=T0 + 30),
                                               key=commerce.pub(self.w.stranger)), bob_own, self.w.alice),
                            "bad_consent", replaces=1)
        # bob's real consent, carried by a stranger.
        self.assert_refused(World.carried(enrollment("bob", "alice", 2, slug="bob-shop", issued=T0 + 30, active=False),
                                          bob_own, self.w.stranger), "wrong_signer", replaces=1)
        st, b = self.srv.get_json("/api/shops/bob-shop")
        self.assertTrue(json.loads(b["enrollments"]["acme"]["bob"]["payload"])["active"])
        self.assertEqual(b["enrollments"]["acme"]["bob"], bob_own)

    def test_an_update_whose_consent_names_another_parent_or_level_is_refused(self):
        uma = key("dist:uma")
        own = World.invited(enrollment("uma", "bob", 3), self.w.bob, uma)
        self.assertEqual(self.srv.post_doc(own)[0], 201)
        off = enrollment("uma", "bob", 3, issued=T0 + 10, active=False)
        # uma's consent to a place under alice (level 2), carried by bob; and one under bob at level 2.
        for parent, level, inviter in (("alice", 2, self.w.alice), ("bob", 2, self.w.bob), ("", 1, self.w.acme)):
            elsewhere = World.invited(enrollment("uma", parent, level), inviter, uma)
            self.assert_refused(World.carried(off, elsewhere, self.w.bob), "bad_consent", replaces=1)
        # A consent that is only a parent-signed enrollment (the old way) is no consent.
        self.assert_refused(World.carried(off, sign(enrollment("uma", "bob", 3), self.w.bob), self.w.bob), "bad_consent",
                            replaces=1)
        # The real one is taken.
        self.assertEqual(self.srv.post_doc(World.carried(off, own, self.w.bob), 1)[0], 201)


class OldStore(unittest.TestCase):
    """A store made before consent was required holds enrollments a parent signed alone: they were
    accepted under the old rule and are kept and served, named in a warning at start; new ones
    without consent are refused; the recruit accepting their parent's invite gives theirs consent."""

    def test_old_enrollments_are_served_and_named_until_the_recruit_accepts_an_invite(self):
        srv = commerce.fixtures.Server(sqlite_only=True).start()  # an older SQLite store's upgrade
        try:
            w = srv.world
            srv.stop()
            # bob's enrollment as the old rule took it: the same payload, no invite, signed by alice; and
            # a store that has not looked for such enrollments yet.
            old_payload = enrollment("bob", "alice", 2, slug="bob-shop")
            old = sign(dict(old_payload, key=commerce.pub(w.bob)), w.alice)
            conn = commerce.write_db(srv)
            try:
                with conn:
                    conn.execute("DROP TRIGGER documents_no_update")
                    conn.execute("UPDATE documents SET envelope = ?, signer = ? WHERE seq = (SELECT seq FROM enrollments "
                                 "WHERE brand = 'acme' AND distributor = 'bob')", (json.dumps(old), old["key"]))
                    conn.execute("DELETE FROM meta WHERE key IN ('enrollment_consent', 'unconsented_enrollments')")
            finally:
                conn.close()
            srv.start()
            self.assertIn("1 enrollment in", srv.stderr())
            self.assertIn("acme/bob", srv.stderr())
            st, b = srv.get_json("/api/shops/bob-shop")  # still served, as it was
            self.assertEqual(st, 200)
            self.assertEqual(b["enrollments"]["acme"]["bob"], old)
            # No change to it without consent, and no new enrollment the old way.
            bob_payload = dict(old_payload, key=commerce.pub(w.bob))
            st, doc = srv.post_doc(sign(dict(bob_payload, issued_ms=T0 + 40, name="Bob B"), w.alice), 1)
            self.assertEqual((st, doc["error"]["code"]), (422, "consent_required"))
            st, doc = srv.post_doc(sign(enrollment("newt", "alice", 2), w.alice))
            self.assertEqual((st, doc["error"]["code"]), (422, "consent_required"))
            # bob accepts alice's invite: his own enrollment replaces the old one.
            own = World.invited(dict(bob_payload, issued_ms=T0 + 50), w.alice, w.bob)
            st, doc = srv.post_doc(own, 1)
            self.assertEqual(st, 201, doc)
            st, doc = srv.post_doc(World.invited(dict(bob_payload, issued_ms=T0 + 60), w.alice, w.bob, invite_id="again"), 2)
            self.assertEqual((st, doc["error"]["code"]), (422, "invite_for_new_only"))
            srv.stop()
            srv.start()
            self.assertNotIn("lack", srv.stderr())  # this start's log names none
            st, b = srv.get_json("/api/shops/bob-shop")
            self.assertEqual(b["enrollments"]["acme"]["bob"], own)
        finally:
            srv.cleanup()


if __name__ == "__main__":
    unittest.main()
