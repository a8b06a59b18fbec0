"""The shared vectors, run through the store's functions (the core's rules, through dynshop_core): the same files the C++ doctests run
(tests/core/test_binding.cpp, test_commission.cpp, test_vectors_phone.cpp), so the store and the
browser cannot drift apart on binding, commission or customer keys."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
import fixtures  # noqa: E402
import nacl.signing  # noqa: E402
from store import core, documents, pages, referral  # noqa: E402
from store.errors import ApiError  # noqa: E402

VECTORS = os.path.join(commerce.fixtures.REPO, "tests", "vectors")


def case_payload(base, c):
    """A document case: "base" with the case's "set" replacing fields and "drop" removing them."""
    payload = json.loads(json.dumps(base))
    payload.update(c["set"])
    for k in c["drop"]:
        payload.pop(k, None)
    return payload


def load(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)["cases"]


class SharedVectors(unittest.TestCase):
    def check_document_vectors(self, name, at_least, problem_of):
        """A document vector file (manifest, release, brand; see check_document_vectors in
        tests/core/test_vectors_rules.cpp): problem_of(payload text) is None, or the refusal as
        (code, sentence) or as its sentence alone."""
        with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
            doc = json.load(f)
        self.assertGreaterEqual(len(doc["cases"]), at_least)
        for c in doc["cases"]:
            with self.subTest(c["name"]):
                payload = case_payload(doc["base"], c)
                if c.get("product_set") or c.get("product_drop"):
                    payload["products"][0].update(c["product_set"])
                    for k in c["product_drop"]:
                        payload["products"][0].pop(k, None)
                problem = problem_of(json.dumps(payload, ensure_ascii=False))
                if c["expect"].get("ok"):
                    self.assertIsNone(problem)
                    continue
                self.assertIsNotNone(problem)
                code, sentence = problem if isinstance(problem, tuple) else ("bad_document", problem)
                self.assertEqual(code, c["expect"].get("code", "bad_document"))
                self.assertIn(c["expect"]["says"], sentence)

    def test_manifest_vectors(self):
        self.check_document_vectors("manifest.json", 30, core.CORE.manifest_problem)

    def test_release_vectors(self):
        self.check_document_vectors("release.json", 40, core.CORE.release_problem)

    def test_brand_vectors(self):
        self.check_document_vectors("brand.json", 30, core.CORE.brand_problem)

    def test_enrollment_vectors(self):
        self.check_document_vectors("enrollment.json", 30, core.CORE.enrollment_problem)

    def test_policy_vectors(self):
        """tests/vectors/policy.json: the store's reading of a policy (dynshop_core.policy, every default
        filled in) and its check when a brand publishes one (policy_problems' first sentence)."""
        def problem(text):
            found = core.CORE.policy_problems(text)
            try:
                core.CORE.policy(text)
            except core.CORE.CoreError as e:
                self.assertTrue(found, "policy() refused what policy_problems() let through: %s" % (e.args,))
                self.assertEqual(found[0][1], e.args[1])  # one rule, one sentence, for reading and publishing
                return tuple(e.args)
            self.assertEqual(found, [])
            return None
        self.check_document_vectors("policy.json", 45, problem)
        with open(os.path.join(VECTORS, "policy.json"), encoding="utf-8") as f:
            doc = json.load(f)
        read = 0
        for c in doc["cases"]:
            want = c["expect"].get("reads")
            if not want:
                continue
            with self.subTest(c["name"]):
                payload = case_payload(doc["base"], c)
                p = core.CORE.policy(json.dumps(payload))
                got = {k: p[k] for k in ("mode", "days", "bind_on_paid", "levels", "overrides", "cap", "freeze_days",
                                          "min_payout", "allow_self_purchase", "max_levels", "lost_after_days")}
                got["payment"] = [m["kind"] for m in p["payment"]]
                self.assertEqual(got, want)
                read += 1
        self.assertGreaterEqual(read, 10)

    def invite_vectors(self):
        with open(os.path.join(VECTORS, "invite.json"), encoding="utf-8") as f:
            return json.load(f)

    def consent_under(self, invite_payload, parent, recruit, issued_ms, named):
        """The store's own check of a recruit's enrollment under this invite (documents.enrollment_consent:
        the core's check_consent), made at issued_ms; for the brand, parent and level the invite names
        when `named`, else the base's (an enrollment must read as one before its invite is asked about)."""
        who = invite_payload if named else {"brand": "b_tea", "parent": "d_lily", "level": 2}
        enrollment = {"type": "enrollment", "brand": who["brand"], "distributor": "d_new", "slug": "new-tea", "name": "New Tea",
                      "key": fixtures.pub(recruit), "parent": who["parent"], "level": who["level"], "issued_ms": issued_ms,
                      "active": True, "invite": fixtures.sign(invite_payload, parent)}
        try:
            return documents.enrollment_consent(fixtures.sign(enrollment, recruit), bytes(parent.verify_key)), None
        except ApiError as e:
            return None, e

    def test_invite_vectors(self):
        """tests/vectors/invite.json: the form of an invite, as the store reads it in an enrollment (the
        C++ doctests run the same cases through the join link, tests/core/test_invites.cpp)."""
        doc = self.invite_vectors()
        parent, recruit = nacl.signing.SigningKey(b"\x11" * 32), nacl.signing.SigningKey(b"\x22" * 32)
        self.assertGreaterEqual(len(doc["cases"]), 30)
        refused = 0
        for c in doc["cases"]:
            with self.subTest(c["name"]):
                payload = case_payload(doc["base"], c)
                ok = bool(c["expect"].get("ok"))
                expires = payload.get("expires_ms")
                issued = expires - 1 if type(expires) is int else 1899999999999
                how, err = self.consent_under(payload, parent, recruit, issued, named=ok)
                if ok:
                    self.assertIsNone(err, err and err.message)
                    self.assertEqual(how, "invited")
                    continue
                refused += 1
                self.assertIsNotNone(err)
                self.assertEqual((err.status, err.code), (422, "bad_invite"), err.message)
                self.assertIn(c["expect"]["says"], err.message)
        self.assertGreaterEqual(refused, 25)

    def test_invite_expiry_vectors(self):
        """An invite has expired at the moment it names: for the store's count of its uses
        (invite_expired) and for an enrollment made under it (its issued_ms), as in the browser."""
        doc = self.invite_vectors()
        parent, recruit = nacl.signing.SigningKey(b"\x11" * 32), nacl.signing.SigningKey(b"\x22" * 32)
        self.assertGreaterEqual(len(doc["expiry"]), 5)
        for c in doc["expiry"]:
            with self.subTest(c["name"]):
                self.assertEqual(core.CORE.invite_expired(c["expires_ms"], c["at"]), c["expired"])
                payload = dict(doc["base"], expires_ms=c["expires_ms"])
                how, err = self.consent_under(payload, parent, recruit, c["at"], named=True)
                if c["expired"]:
                    self.assertEqual(err and err.code, "invite_expired")
                else:
                    self.assertEqual(how, "invited")

    def test_binding_vectors(self):
        cases = load("binding.json")
        self.assertGreaterEqual(len(cases), 10)
        for c in cases:
            with self.subTest(c["name"]):
                pj = c["policy"]
                policy = referral.policy_of({"binding": {"mode": pj.get("mode", "permanent"), "days": pj.get("days", 0)},
                                          "allow_self_purchase": pj.get("allow_self_purchase", False)}, "b")
                current = None
                if isinstance(c["current"], dict):
                    current = {"brand": "b", "distributor": c["current"]["distributor"], "shop": "",
                               "bound_ms": c["current"].get("bound_ms", 0),
                               "last_order_ms": c["current"].get("last_order_ms", 0)}
                tj = c["touch"]
                channel, _, _ = referral.clean_referral(tj.get("channel", "direct"), "", 0)
                touch = {"brand": "b", "distributor": tj["distributor"], "shop": "", "channel": channel,
                         "at": tj.get("at", 0), "self": tj.get("self", False), "active": tj.get("active", True)}
                binding, rule, explanation = referral.apply_touch(current, touch, policy)
                self.assertEqual(rule, c["expect"]["rule"])
                want = c["expect"]["distributor"]
                if want is None:
                    self.assertIsNone(binding)
                else:
                    self.assertEqual(binding["distributor"], want)
                self.assertTrue(explanation)

    def test_commission_vectors(self):
        cases = load("commission.json")
        self.assertGreaterEqual(len(cases), 8)
        for c in cases:
            with self.subTest(c["name"]):
                policy = referral.policy_of({"commission": {"levels": c["levels"], "overrides": c["overrides"]},
                                          "allow_self_purchase": c.get("allow_self", False)})
                split = referral.split_order(c["lines"], c["chain"], policy, c.get("self", False))
                self.assertEqual([p["amount"] for p in split["payees"]], c["expect"]["payees"])
                self.assertEqual([p["distributor"] for p in split["payees"]], c["chain"][:len(c["expect"]["payees"])])
                self.assertEqual(split["brand"], c["expect"]["brand"])
                self.assertEqual(split["brand"] + sum(p["amount"] for p in split["payees"]), split["order_total"])
                self.assertTrue(split["rule"])

    def test_phone_vectors(self):
        cases = load("phone.json")
        self.assertGreaterEqual(len(cases), 15)
        outcomes = set()
        for c in cases:
            with self.subTest(c["name"]):
                self.assertEqual(referral.normalize_phone(c["phone"]), c["normalized"])
                self.assertEqual(referral.phone_key(c["phone"]), c["key"])
                errors = referral.validate_contact({"name": "Li Lei", "phone": c["phone"],
                                                 "address": "1 Tea Road, Hangzhou"})
                self.assertEqual("phone" not in errors, c["valid"])
                self.assertNotIn("name", errors)
                outcomes.add(c["valid"])
        self.assertEqual(outcomes, {True, False})

    def test_customer_key_vectors(self):
        # One customer however the number is written: the store's key is the core's, over E.164.
        with open(os.path.join(VECTORS, "phone.json"), encoding="utf-8") as f:
            cases = json.load(f)["customers"]
        self.assertGreaterEqual(len(cases), 10)
        for c in cases:
            with self.subTest(c["name"]):
                self.assertEqual(core.CORE.e164_phone(c["phone"], c["locale"]), c["e164"])
                self.assertEqual(referral.customer_key(c["phone"], c["locale"]), c["key"])
        # The ways of writing one mainland number are one key.
        self.assertEqual(len({c["key"] for c in cases if c["e164"] == "+8613800138000"}), 1)

    def test_contact_phone_vectors(self):
        # A distributor's own numbers, as the store reads them from a shop's contact: the core's rule.
        with open(os.path.join(VECTORS, "phone.json"), encoding="utf-8") as f:
            cases = json.load(f)["contacts"]
        self.assertGreaterEqual(len(cases), 8)
        for c in cases:
            with self.subTest(c["name"]):
                self.assertEqual(core.CORE.contact_phones(c["text"], c["locale"]), c["e164"])

    def test_split_rule_text_matches_the_cpp_wording(self):
        # commission.cpp builds the sentence from the plan's levels; the provenance view shows it as is.
        policy = referral.policy_of({"commission": {"levels": [1000, 305], "overrides": {"p2": [0]}}})
        split = referral.split_order([{"product": "p2", "unit_price": 100, "qty": 1}], ["a", "b"], policy, True)
        self.assertEqual(split["rule"], "Plan 10% / 3.05% by level, with product overrides; each line and level "
                                        "rounded down to the minor unit, the rest to the brand; self-purchase: the "
                                        "seller's own share withheld.")

    def test_referral_cleaning_matches_parse_referral(self):
        clean = referral.clean_referral
        self.assertEqual(clean("qr", "spring-2024", 3), ("qr", "spring-2024", 3))
        self.assertEqual(clean("direct", "spring", 3), ("direct", "", 0))   # direct carries nothing
        self.assertEqual(clean("QR", "spring", 3), ("direct", "", 0))       # case matters, as in C++
        self.assertEqual(clean(None, None, None), ("direct", "", 0))
        self.assertEqual(clean(["qr"], "x", 1), ("direct", "", 0))
        # With a valid channel each part is checked on its own.
        self.assertEqual(clean("share", "bad campaign!", 2), ("share", "", 2))
        self.assertEqual(clean("share", "c" * 65, 2), ("share", "", 2))
        self.assertEqual(clean("link", "ok", 100), ("link", "ok", 0))
        self.assertEqual(clean("link", "ok", -1), ("link", "ok", 0))
        self.assertEqual(clean("link", "ok", "7"), ("link", "ok", 0))
        self.assertEqual(clean("link", "ok", True), ("link", "ok", 0))
        self.assertEqual(clean("link", "营销", 99), ("link", "", 99))

    def test_referral_vectors(self):
        # The text form of the same rule (a link's ch / c / h), the cases the C++ doctests run; a visit's
        # or an order's JSON fields reach it through clean_referral (above).
        cases = load("referral.json")
        self.assertGreaterEqual(len(cases), 10)
        for c in cases:
            with self.subTest(c):
                want = c["expect"]
                self.assertEqual(core.CORE.referral(c["channel"], c["campaign"], c["hop"]),
                                 (want["channel"], want["campaign"], want["hop"]))
                if c["hop"].isdigit() and c["hop"] == str(int(c["hop"])):  # a hop a JSON number can carry
                    self.assertEqual(referral.clean_referral(c["channel"], c["campaign"], int(c["hop"])),
                                     (want["channel"], want["campaign"], want["hop"]))

    def test_shop_listing_vectors(self):
        # What the store's HTML first paint lists (ShopView) is core::shop_listing, as in every browser.
        cases = load("shop_listing.json")
        self.assertGreaterEqual(len(cases), 10)
        for c in cases:
            with self.subTest(c["name"]):
                items, featured = core.CORE.shop_listing(c["selection"], c["featured"], c["catalogs"])
                self.assertEqual([list(i) for i in items], c["expect"]["items"])
                self.assertEqual(list(featured), c["expect"]["featured"])

    def test_packed_release_vectors(self):
        """The store packs releases for a shop's first visit with the core's rule; these are the
        vectors the browser's side (tests/core/test_packed_release.cpp) runs too."""
        with open(os.path.join(VECTORS, "packed_release.json"), encoding="utf-8") as f:
            doc = json.load(f)
        self.assertGreaterEqual(len(doc["cases"]), 10)
        for c in doc["cases"]:
            with self.subTest(c["name"]):
                self.assertEqual(core.CORE.leave_out_content_hashes(c["payload"]), c["packed"])
                if c["packed"] is not None:
                    self.assertEqual(core.CORE.put_back_content_hashes(c["packed"]), c["payload"])
        for c in doc["put_back"]:
            with self.subTest(c["name"]):
                self.assertEqual(core.CORE.put_back_content_hashes(c["packed"]), c["whole"])

    def test_money_vectors(self):
        # What a product page's first paint and Open Graph tags show (the store's pages call these).
        cases = load("money.json")
        self.assertGreaterEqual(len(cases), 8)
        for c in cases:
            with self.subTest(c):
                self.assertEqual(pages.format_money(c["amount"], c["currency"]), c["format"])
                self.assertEqual(pages.decimal_amount(c["amount"], c["currency"]), c["decimal"])


if __name__ == "__main__":
    unittest.main()
