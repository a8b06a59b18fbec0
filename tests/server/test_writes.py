"""POST /api/documents: each kind accepted when signed by the one allowed to sign it, refused when
forged or signed by someone else; stale and duplicate versions refused with 409 and nothing
changed; concurrent writers of one version: exactly one wins; body limits and malformed bodies."""
import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import fixtures  # noqa: E402
from fixtures import T0, sign, pub


class Writes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = fixtures.Server().start()
        cls.w = cls.srv.world

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def post(self, env, replaces=None, status=201, code=None):
        st, body = self.srv.post_doc(env, replaces)
        self.assertEqual(st, status, body)
        if code:
            self.assertEqual(body["error"]["code"], code, body)
            self.assertTrue(body["error"]["message"])
        return body

    def current(self, path):
        st, body = self.srv.get_json(path)
        self.assertEqual(st, 200)
        return body

    # -- brand certificates -----------------------------------------------------------------------
    def test_brand_cert(self):
        cedar = fixtures.key("brand:cedar")
        cert = {"type": "brand", "brand": "cedar", "name": "Cedar", "key": pub(cedar), "locale": "en",
                "currency": "USD", "issued_ms": T0}
        self.post(sign(cert, self.w.stranger), status=422, code="wrong_signer")
        self.post(sign(cert, self.w.acme), status=422, code="wrong_signer")  # a brand cannot certify a brand
        tampered = sign(cert, self.w.root)
        tampered["payload"] = tampered["payload"].replace("Cedar", "Cedor")
        self.post(tampered, status=422, code="bad_signature")
        st, body = self.srv.get_json("/api/brands/cedar")
        self.assertEqual(st, 404)
        res = self.post(sign(cert, self.w.root))
        self.assertEqual(res, {"ok": True, "kind": "brand", "id": "cedar", "version": 1})
        self.assertEqual(self.current("/api/brands/cedar")["brand"]["key"], pub(self.w.root))
        # Re-issue: must name the version it replaces, and be newer than the stored one.
        newer = dict(cert, name="Cedar & Co", issued_ms=T0 + 10)
        self.post(sign(newer, self.w.root), replaces=None, status=409, code="stale_version")
        self.post(sign(dict(cert, issued_ms=T0 - 1), self.w.root), replaces=1, status=409, code="stale_version")
        self.assertEqual(self.post(sign(newer, self.w.root), replaces=1)["version"], 2)
        payload = json.loads(self.current("/api/brands/cedar")["brand"]["payload"])
        self.assertEqual(payload["name"], "Cedar & Co")

    # -- policies ---------------------------------------------------------------------------------
    def test_policy(self):
        v2 = dict(self.w.policy_acme, version=2, freeze_days=14)
        self.post(sign(v2, self.w.bolt), replaces=1, status=422, code="wrong_signer")
        self.post(sign(dict(v2, brand="nope"), self.w.acme), replaces=1, status=422, code="unknown_brand")
        self.post(sign(dict(v2, commission={"levels": [9000, 2000]}), self.w.acme), replaces=1, status=400,
                  code="bad_document")
        # The core's rules, every problem listed: more than three levels, a rate above 100%, a cap
        # below the plan, a payment link that is not the brand's https page.
        body = self.post(sign(dict(v2, commission={"levels": [500, 300, 200, 100]}, payment=[{"kind": "link", "url": "http://x"}]),
                              self.w.acme), replaces=1, status=400, code="bad_document")
        fields = [p["field"] for p in body["error"]["problems"]]
        self.assertIn("levels", fields)
        self.assertIn("payment.0", fields)
        self.assertIn("at most 3", body["error"]["problems"][0]["message"])
        body = self.post(sign(dict(v2, commission={"levels": [12000]}), self.w.acme), replaces=1, status=400, code="bad_document")
        self.assertIn("between 0% and 100%", body["error"]["message"])
        body = self.post(sign(dict(v2, commission={"levels": [1000, 300], "cap": 1000}), self.w.acme), replaces=1, status=400,
                         code="bad_document")
        self.assertIn("cap", body["error"]["message"])
        self.assertEqual(self.post(sign(v2, self.w.acme), replaces=1)["version"], 2)
        before = self.current("/api/brands/acme")["policy"]
        # The same version again (a duplicate, or a second writer who read version 1): 409, nothing lost.
        body = self.post(sign(dict(v2, freeze_days=3), self.w.acme), replaces=1, status=409, code="stale_version")
        self.assertEqual(body["error"]["current"], 2)
        self.post(sign(dict(v2, freeze_days=3), self.w.acme), replaces=2, status=409, code="stale_version")
        self.assertEqual(self.current("/api/brands/acme")["policy"], before)
        self.assertEqual(json.loads(before["payload"])["freeze_days"], 14)

    # -- releases ---------------------------------------------------------------------------------
    def test_release(self):
        rel = dict(self.w.release_bolt, version=2,
                   products=[fixtures.with_hash({"id": "b-nut", "category": "gear", "title": "Nut", "price": 99})])
        self.post(sign(rel, self.w.acme), replaces=1, status=422, code="wrong_signer")    # another brand's key
        self.post(sign(rel, self.w.stranger), replaces=1, status=422, code="wrong_signer")
        forged = sign(rel, self.w.bolt)
        forged["sig"] = sign(dict(rel, version=3), self.w.bolt)["sig"]
        self.post(forged, replaces=1, status=422, code="bad_signature")
        bad_hash = dict(rel, products=[dict(rel["products"][0], price=1)])  # changed after hashing
        self.post(sign(bad_hash, self.w.bolt), replaces=1, status=422, code="bad_content_hash")
        self.post(sign(dict(rel, version=3), self.w.bolt), replaces=1, status=409, code="stale_version")
        self.post(sign(dict(rel, products=[{"id": "x", "price": 1}]), self.w.bolt), replaces=1, status=400,
                  code="bad_document")
        # Prices no browser would show (the core refuses them as every browser does): beyond 64 bits,
        # beyond belief, a list price that is not a number. Refused with the reason, nothing stored.
        for price, where in ((2 ** 70, "price"), (10 ** 11, "price"), (10 ** 11, "list_price"), ("a lot", "list_price")):
            prod = {"id": "b-nut", "category": "gear", "title": "Nut", "price": 99}
            prod[where] = price
            body = self.post(sign(dict(rel, products=[fixtures.with_hash(prod)]), self.w.bolt), replaces=1, status=400,
                             code="bad_document")
            self.assertIn("b-nut", body["error"]["message"])
        self.assertEqual(self.current("/api/brands/bolt")["release_version"], 1)
        res = self.post(sign(rel, self.w.bolt), replaces=1)
        self.assertEqual(res, {"ok": True, "kind": "release", "id": "bolt", "version": 2})
        env = self.current("/api/releases/bolt")
        self.assertEqual(json.loads(env["payload"])["products"][0]["id"], "b-nut")
        self.assertEqual(json.loads(self.current("/api/releases/bolt/1")["payload"])["version"], 1)
        # The new price shows on the pages (the release is the only source of prices).
        st, _, page = self.srv.get("/s/alice-tea/p/b-nut")
        self.assertEqual(st, 200)
        self.assertIn('content="0.99"', page.decode())
        self.post(sign(rel, self.w.bolt), replaces=2, status=409, code="stale_version")  # replayed

    # -- enrollments ------------------------------------------------------------------------------
    def test_enrollment_authority_levels_and_slugs(self):
        dave, erin = fixtures.key("dist:dave"), fixtures.key("dist:erin")
        E = fixtures.World.enrollment
        I = fixtures.World.invited  # the recruit's own enrollment under their parent's invite
        # Signed by someone who is neither the recruit nor the parent, or by the recruit without an invite.
        self.post(sign(E("acme", "dave", "dave", dave, "bob", 3), self.w.alice), status=422, code="wrong_signer")
        self.post(sign(E("acme", "dave", "dave", dave, "bob", 3), dave), status=422, code="consent_required")
        self.post(sign(E("acme", "dave", "dave", dave, "", 1), self.w.bolt), status=422, code="wrong_signer")
        # The parent's signature alone: the recruit never agreed (test_invites.RecruitingWithoutConsent).
        self.post(sign(E("acme", "dave", "dave", dave, "bob", 3), self.w.bob), status=422, code="consent_required")
        self.post(I(E("acme", "dave", "dave", dave, "ghost", 2), self.w.bob, dave), status=422, code="unknown_parent")
        self.post(I(E("acme", "dave", "dave", dave, "bob", 2), self.w.bob, dave), status=422, code="bad_level")
        self.post(I(E("acme", "dave", "dave", dave, "carol", 4), self.w.carol, dave), status=422, code="too_deep")
        self.post(I(E("acme", "dave", "carol", dave, "bob", 3), self.w.bob, dave), status=409, code="slug_taken")
        self.post(I(E("acme", "dave", "admin", dave, "bob", 3), self.w.bob, dave), status=422, code="reserved_slug")
        self.post(I(E("acme", "dave", "Dave!", dave, "bob", 3), self.w.bob, dave), status=422, code="bad_slug")
        self.post(I(E("nope", "dave", "dave", dave, "", 1), self.w.acme, dave), status=422, code="unknown_brand")
        st, body = self.srv.get_json("/api/slugs/dave")
        self.assertTrue(body["available"])
        res = self.post(I(E("acme", "dave", "dave", dave, "bob", 3), self.w.bob, dave))
        self.assertEqual(res, {"ok": True, "kind": "enrollment", "id": "dave", "brand": "acme", "version": 1})
        st, body = self.srv.get_json("/api/slugs/dave")
        self.assertFalse(body["available"])
        # The same distributor in another brand keeps their slug and key.
        self.post(I(E("bolt", "dave", "dave-2", dave, "", 1), self.w.bolt, dave), status=422, code="identity_mismatch")
        self.post(I(E("bolt", "dave", "dave", erin, "", 1), self.w.bolt, erin), status=422, code="identity_mismatch")
        self.post(I(E("bolt", "dave", "dave", dave, "", 1), self.w.bolt, dave))
        # A manifest by dave for both brands, then the chain in the bundle.
        m = self.w.manifest("dave", "dave", 1, ["acme", "bolt"], name="Dave")
        self.post(sign(m, dave))
        st, b = self.srv.get_json("/api/shops/dave")
        self.assertEqual(set(b["enrollments"]["acme"]), {"dave", "bob", "alice"})
        self.assertEqual(set(b["enrollments"]["bolt"]), {"dave"})

    def test_enrollment_updates_deactivation_and_replay(self):
        gus = fixtures.key("dist:gus")
        E = fixtures.World.enrollment
        first = fixtures.World.invited(E("acme", "gus", "gus-shop", gus, "alice", 2), self.w.alice, gus)
        self.post(first)
        self.post(sign(self.w.manifest("gus", "gus-shop", 1, ["acme"], name="Gus"), gus))
        st, d = self.srv.get_json("/api/directory")
        self.assertIn("gus-shop", [s["slug"] for s in d["shops"]])
        self.post(first, status=409, code="stale_version")   # duplicate
        # An upline change is refused even when gus accepts the new "parent"'s invite.
        self.post(fixtures.World.invited(E("acme", "gus", "gus-shop", gus, "bob", 3, issued=T0 + 5), self.w.bob, gus),
                  replaces=1, status=422, code="upline_change")
        # The parent deactivates gus, carrying gus's own enrollment as consent.
        off = fixtures.World.carried(E("acme", "gus", "gus-shop", gus, "alice", 2, active=False, issued=T0 + 10), first,
                                     self.w.alice)
        self.post(off, replaces=None, status=409, code="stale_version")
        self.assertEqual(self.post(off, replaces=1)["version"], 2)
        st, d = self.srv.get_json("/api/directory")
        self.assertNotIn("gus-shop", [s["slug"] for s in d["shops"]])
        # Replaying the old (active) enrollment cannot bring gus back, whatever "replaces" says.
        self.post(first, replaces=2, status=409, code="stale_version")
        st, b = self.srv.get_json("/api/shops/gus-shop")
        self.assertFalse(json.loads(b["enrollments"]["acme"]["gus"]["payload"])["active"])
        # An inactive distributor cannot recruit, nor publish a new shop page.
        hal = fixtures.key("dist:hal")
        self.post(fixtures.World.invited(E("acme", "hal", "hal", hal, "gus", 3), gus, hal), status=422,
                  code="inactive_parent")
        self.post(sign(self.w.manifest("gus", "gus-shop", 2, ["acme"]), gus), replaces=1, status=422,
                  code="not_enrolled")

    # -- manifests --------------------------------------------------------------------------------
    def test_manifest_must_hold_ids_only(self):
        base = self.w.manifest("bob", "bob-shop", 2, ["acme"], name="Bob")
        cases = [
            dict(base, price=1),                                          # a top-level field outside the list
            dict(base, products=[{"id": "p-tea", "title": "Cheap tea", "price": 1}]),
            dict(base, featured=["p-tea", 7]),
            dict(base, notes={"p-tea": {"title": "Better title"}}),
            dict(base, identity=dict(base["identity"], description="<b>content</b>")),
            dict(base, products="p-tea"),
        ]
        for m in cases:
            self.post(sign(m, self.w.bob), replaces=1, status=422, code="manifest_has_content")
        st, b = self.srv.get_json("/api/shops/bob-shop")
        self.assertEqual(json.loads(b["manifest"]["payload"])["version"], 1)

    def test_manifest_signer_slug_brands(self):
        base = self.w.manifest("bob", "bob-shop", 2, ["acme"], name="Bob v2")
        self.post(sign(base, self.w.alice), replaces=1, status=422, code="wrong_signer")   # the parent is not bob
        self.post(sign(base, self.w.acme), replaces=1, status=422, code="wrong_signer")    # nor is the brand
        tampered = sign(base, self.w.bob)
        tampered["payload"] = tampered["payload"].replace("Bob v2", "Bob v3")
        self.post(tampered, replaces=1, status=422, code="bad_signature")
        self.post(sign(dict(base, slug="alice-tea"), self.w.bob), replaces=1, status=422, code="wrong_slug")
        self.post(sign(dict(base, brands=["acme", "bolt"]), self.w.bob), replaces=1, status=422, code="not_enrolled")
        self.post(sign(dict(base, distributor="zed"), self.w.bob), replaces=1, status=422, code="not_enrolled")
        self.post(sign(dict(base, theme={"primary": "red"}), self.w.bob), replaces=1, status=400, code="bad_document")
        self.post(sign(base, self.w.bob), replaces=None, status=409, code="stale_version")
        self.post(sign(dict(base, version=3), self.w.bob), replaces=1, status=409, code="stale_version")
        st, b = self.srv.get_json("/api/shops/bob-shop")
        self.assertEqual(json.loads(b["manifest"]["payload"])["version"], 1)
        res = self.post(sign(base, self.w.bob), replaces=1)
        self.assertEqual(res, {"ok": True, "kind": "manifest", "id": "bob", "slug": "bob-shop", "version": 2})
        st, b = self.srv.get_json("/api/shops/bob-shop")
        self.assertEqual(json.loads(b["manifest"]["payload"])["identity"]["name"], "Bob v2")
        stored = b["manifest"]
        self.post(sign(dict(base, identity=dict(base["identity"], name="Lost")), self.w.bob), replaces=1,
                  status=409, code="stale_version")
        st, b = self.srv.get_json("/api/shops/bob-shop")
        self.assertEqual(b["manifest"], stored)

    def test_concurrent_writers_of_one_version_exactly_one_wins(self):
        ivy = fixtures.key("dist:ivy")
        self.post(fixtures.World.invited(fixtures.World.enrollment("acme", "ivy", "ivy-shop", ivy, "", 1), self.w.acme, ivy))
        self.post(sign(self.w.manifest("ivy", "ivy-shop", 1, ["acme"], name="Ivy"), ivy))
        for round_no in range(5):
            version = round_no + 2
            writers = 6
            envs = [sign(self.w.manifest("ivy", "ivy-shop", version, ["acme"], name="Ivy %d/%d" % (version, i)), ivy)
                    for i in range(writers)]
            barrier = threading.Barrier(writers)
            results = [None] * writers

            def write(i):
                barrier.wait()
                results[i] = self.srv.post_doc(envs[i], replaces=version - 1)

            threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(20)
            statuses = sorted(r[0] for r in results)
            self.assertEqual(statuses, [201] + [409] * (writers - 1), results)
            winner = [i for i, r in enumerate(results) if r[0] == 201][0]
            st, b = self.srv.get_json("/api/shops/ivy-shop")
            self.assertEqual(b["manifest"], envs[winner])

    # -- bodies -----------------------------------------------------------------------------------
    def test_malformed_bodies(self):
        cases = [
            (b"{not json", "malformed_json"),
            (b"\xff\xfe", "malformed_json"),
            (b'{"envelope": {"payload": "x", "key": "y", "sig": "z"}, "replaces": NaN}', "malformed_json"),
            (b"[]", "bad_request"),
            (b'{"replaces": null}', "bad_request"),
            (b'{"envelope": {"payload": "{}"}, "replaces": null}', "not_an_envelope"),
            (json.dumps({"envelope": sign(self.w.brand_acme, self.w.root), "replaces": "1"}).encode(), "bad_request"),
        ]
        for body, code in cases:
            st, headers, raw = self.srv.request("POST", "/api/documents", body, {"Content-Type": "application/json"})
            self.assertEqual(st, 400, body)
            self.assertEqual(json.loads(raw)["error"]["code"], code, body)
        # A correctly signed payload that is not JSON, or not a known kind.
        self.post(sign(None, self.w.root, text="not json"), status=400, code="bad_document")
        self.post(sign({"type": "coupon"}, self.w.root), status=400, code="bad_document")
        env = sign(self.w.brand_acme, self.w.root)
        env["key"] = "not base64!"
        self.post(env, status=422, code="bad_signature")

    def test_oversized_bodies_413(self):
        big = self.w.manifest("bob", "bob-shop", 2, ["acme"], greeting="x" * 100)
        big["theme"]["pad"] = "y" * 50
        env = sign(big, self.w.bob)
        env["padding"] = "z" * (2 * 1024 * 1024 + 10)
        st, headers, raw = self.srv.request("POST", "/api/documents", {"envelope": env, "replaces": 1})
        self.assertEqual(st, 413)
        self.assertEqual(json.loads(raw)["error"]["code"], "too_large")
        # Above the hard limit the body is never read: the answer comes from the Content-Length alone.
        raw = self.srv.raw(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 50000000\r\n\r\n{")
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertIn(b" 413 ", head.split(b"\r\n")[0])
        self.assertEqual(json.loads(body)["error"]["code"], "too_large")
        raw = self.srv.raw(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertIn(b" 411 ", raw.split(b"\r\n")[0])
        # A client that asks first (Expect: 100-continue) hears "too large" instead of "continue".
        raw = self.srv.raw(b"POST /api/images HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                           b"Content-Length: 9000000\r\nExpect: 100-continue\r\n\r\n")
        self.assertNotIn(b"100 Continue", raw)
        self.assertIn(b" 413 ", raw.split(b"\r\n")[0])


if __name__ == "__main__":
    unittest.main()
