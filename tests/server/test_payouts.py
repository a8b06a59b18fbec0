"""Settlement through the store: the brand's compact ledger, payout batches the brand signs and the
store recomputes with the core before storing (same cutoff, same batch; nothing paid twice; no batch
that disagrees with the ledger, comes from anyone but the brand or ends in the future), the bank CSV,
lines marked paid or failed once (a failed transfer goes back to the balance for the next batch),
refunds after payout clawed back, and each distributor's statements.

Time cannot be made to pass here, so the brand first publishes a policy with no refund window
(freeze_days 0): orders placed after it settle as soon as they are delivered."""
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
from store import core  # noqa: E402
from commerce import order, sign, status_envelope  # noqa: E402

CORE = core.CORE


class Payouts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = commerce.fixtures.Server().start()
        cls.w = cls.srv.world
        cls.api = commerce.Client(cls.srv)
        cls.policy = dict(cls.w.policy_acme, version=2, freeze_days=0, min_payout=100)
        cls.api.policy(cls.w.acme, cls.policy, 1)
        # carol sells twice (carol 10%, bob 3%), alice once (alice 10%).
        cls.o1 = cls.deliver(order(shop="carol", phone="13900000011", lines=[{"product": "p-pot", "qty": 1}]))
        cls.o2 = cls.deliver(order(shop="carol", phone="13900000012", lines=[{"product": "p-cup", "qty": 2}]))
        cls.o3 = cls.deliver(order(shop="alice-tea", phone="13900000013", lines=[{"product": "p-tea", "qty": 3}]))
        time.sleep(0.01)
        cls.cutoff1 = commerce.now_ms()

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    @classmethod
    def deliver(cls, body):
        o = cls.api.placed(body)["order"]
        for status in ("paid", "delivered"):
            st, doc = cls.api.status(status_envelope(cls.w.acme, o["id"], status), o["id"])
            assert st in (200, 201), (st, doc)
        return o

    # -- helpers ------------------------------------------------------------------------------------
    def ledger(self):
        st, hdrs, raw = self.srv.request("GET", "/api/brands/acme/ledger", headers={
            "Authorization": commerce.auth_header(self.w.acme, "GET", "/api/brands/acme/ledger")})
        self.assertEqual(st, 200, raw[:200])
        return CORE.Ledger.decode(raw), hdrs

    def payouts(self):
        st, doc = self.api.signed_get(self.w.acme, "/api/brands/acme/payouts")
        self.assertEqual(st, 200, doc)
        return doc

    def made(self, cutoff):
        """The batch the brand's console would make: over the ledger the store sent."""
        ledger, _ = self.ledger()
        texts = [json.dumps(b) for b in self.stored_payloads()]
        marks = self.stored_marks()
        return json.loads(ledger.make_batch(texts, marks, json.dumps(self.policy), cutoff, commerce.now_ms()))

    def stored_payloads(self):
        conn = commerce.db(self.srv)
        try:
            return [json.loads(json.loads(r[0])["payload"]) for r in
                    conn.execute("SELECT envelope FROM payout_batches WHERE brand = 'acme' ORDER BY cutoff")]
        finally:
            conn.close()

    def stored_marks(self):
        conn = commerce.db(self.srv)
        try:
            return [json.loads(r[0])["payload"] for r in
                    conn.execute("SELECT envelope FROM payout_marks WHERE brand = 'acme' ORDER BY seq")]
        finally:
            conn.close()

    def post_batch(self, payload, sk=None, text=None):
        return self.api.call("POST", "/api/brands/acme/payouts", {"envelope": sign(payload, sk or self.w.acme, text)})

    def mark(self, batch, payee, status, at=None, sk=None, note=""):
        env = sign({"type": "payout_line", "brand": "acme", "batch": batch, "payee": payee, "status": status,
                    "at": at or commerce.now_ms(), "note": note}, sk or self.w.acme)
        return self.api.call("POST", "/api/brands/acme/payouts/%s/lines" % batch, {"envelope": env}), env

    # -- the tests, in the order a brand goes ------------------------------------------------------
    def test_1_ledger_and_first_batch(self):
        ledger, hdrs = self.ledger()
        self.assertEqual(int(hdrs["X-Ledger-Orders"]), 3)
        # 100000 x 10% to carol and 3% to bob; 24690 x 10% / 3%; 20400 x 10% to alice (level 1, no upline).
        bal = ledger.balances([], [], json.dumps(self.policy), commerce.now_ms())
        self.assertEqual(bal["carol"]["settleable"], 10000 + 2469)
        self.assertEqual(bal["bob"]["settleable"], 3000 + 740)
        self.assertEqual(bal["alice"]["settleable"], 2040)
        # Nobody but the brand reads its ledger.
        st, _ = self.api.signed_get(self.w.bob, "/api/brands/acme/ledger")
        self.assertEqual(st, 403)
        st, doc = self.api.call("GET", "/api/brands/acme/ledger")
        self.assertEqual(st, 401, doc)

        batch = self.made(self.cutoff1)
        self.assertEqual([line["payee"] for line in batch["lines"]], ["alice", "bob", "carol"])
        self.assertEqual(batch["total"], 12469 + 3740 + 2040)
        st, doc = self.post_batch(batch)
        self.assertEqual(st, 201, doc)
        self.assertTrue(doc["stored"])
        # Asked again (a retry, a second console, the CLI): the same batch, nothing new stored.
        st, doc = self.post_batch(batch)
        self.assertEqual((st, doc["stored"]), (200, False))
        again = self.made(self.cutoff1)
        self.assertEqual(again["lines"], batch["lines"])
        self.assertEqual(len(self.stored_payloads()), 1)

    def test_2_bad_batches_are_refused_and_change_nothing(self):
        self.deliver(order(shop="alice-tea", phone="13900000016", lines=[{"product": "p-cup", "qty": 1}]))
        time.sleep(0.01)
        cutoff = commerce.now_ms() - 1
        good = self.made(cutoff)
        self.assertEqual([(line["payee"], line["amount"]) for line in good["lines"]], [("alice", 1234)])
        # Signed by anyone but the brand (another brand's key, a distributor's).
        for sk in (self.w.bolt, self.w.carol):
            st, doc = self.post_batch(good, sk=sk)
            self.assertEqual((st, doc["error"]["code"]), (422, "wrong_signer"), doc)
        # Lines that do not match the ledger: the store recomputes and says whose line differs.
        forged = json.loads(json.dumps(good))
        forged["lines"][0]["gross"] += 5000
        forged["lines"][0]["amount"] += 5000
        forged["total"] += 5000
        st, doc = self.post_batch(forged)
        self.assertEqual((st, doc["error"]["code"]), (409, "batch_mismatch"), doc)
        self.assertIn("alice", doc["error"]["message"])
        # Someone paid who is owed nothing.
        extra = json.loads(json.dumps(good))
        extra["lines"].append({"payee": "zed", "gross": 9999, "clawback": 0, "amount": 9999, "shares": 1})
        extra["total"] += 9999
        st, doc = self.post_batch(extra)
        self.assertEqual((st, doc["error"]["code"]), (409, "batch_mismatch"), doc)
        # A cutoff in the future.
        future = self.made(commerce.now_ms() - 1)
        future["cutoff"] = commerce.now_ms() + 86400000
        future["id"] = "pb_acme_%d" % future["cutoff"]
        st, doc = self.post_batch(future)
        self.assertEqual((st, doc["error"]["code"]), (422, "future_cutoff"), doc)
        # A batch overlapping the first: a cutoff before it.
        early = dict(good, cutoff=self.cutoff1 - 1000, id="pb_acme_%d" % (self.cutoff1 - 1000))
        st, doc = self.post_batch(early)
        self.assertEqual((st, doc["error"]["code"]), (409, "stale_cutoff"), doc)
        # The first batch's cutoff with other lines: that batch exists.
        first = self.stored_payloads()[0]
        other = dict(first, created_ms=first["created_ms"] + 1)
        st, doc = self.post_batch(other)
        self.assertEqual((st, doc["error"]["code"]), (409, "batch_exists"), doc)
        # Not a batch; not JSON.
        st, doc = self.post_batch({"type": "payout_batch", "brand": "acme", "id": "x"})
        self.assertEqual(st, 400, doc)
        st, _, raw = self.srv.request("POST", "/api/brands/acme/payouts", b'{"envelope": ', {"Content-Type": "application/json"})
        self.assertEqual(st, 400, raw)
        self.assertEqual(len(self.stored_payloads()), 1)

    def test_3_csv_is_the_cores_and_formula_safe(self):
        first = self.stored_payloads()[0]
        path = "/api/brands/acme/payouts/%s.csv" % first["id"]
        st, hdrs, raw = self.srv.request("GET", path, headers={
            "Authorization": commerce.auth_header(self.w.acme, "GET", path)})
        self.assertEqual(st, 200, raw)
        self.assertTrue(hdrs["Content-Type"].startswith("text/csv"))
        csv = raw.decode("utf-8")
        lines = csv.strip().split("\n")
        self.assertEqual(lines[0], "batch,line,payee,name,account,currency,amount_minor,amount,gross_minor,clawback_minor,shares")
        self.assertEqual(len(lines), 1 + len(first["lines"]))
        self.assertIn("%s,%s:3,carol,Carol,wechat: x,CNY,12469,124.69" % (first["id"], first["id"]), csv)
        expected = CORE.payout_csv(json.dumps(first), {"alice": ("Alice", "wechat: x"), "bob": ("Bob", "wechat: x"),
                                                       "carol": ("Carol", "wechat: x")})
        self.assertEqual(csv, expected)
        st, _ = self.api.signed_get(self.w.carol, path)
        self.assertEqual(st, 403)
        st, _, _ = self.srv.request("GET", "/api/brands/acme/payouts/pb_acme_1.csv", headers={
            "Authorization": commerce.auth_header(self.w.acme, "GET", "/api/brands/acme/payouts/pb_acme_1.csv")})
        self.assertEqual(st, 404)

    def test_4_marks_once_and_a_failed_line_is_paid_next_time(self):
        first = self.stored_payloads()[0]
        bid = first["id"]
        (st, doc), env = self.mark(bid, "carol", "paid", note="bank ref 88")
        self.assertEqual(st, 201, doc)
        # The same signed mark again: already applied. A second, different mark: refused.
        st, doc = self.api.call("POST", "/api/brands/acme/payouts/%s/lines" % bid, {"envelope": env})
        self.assertEqual((st, doc["stored"]), (200, False))
        (st, doc), _ = self.mark(bid, "carol", "paid", at=commerce.now_ms() + 5)
        self.assertEqual((st, doc["error"]["code"]), (409, "line_already_marked"), doc)
        (st, doc), _ = self.mark(bid, "bob", "failed", note="account closed")
        self.assertEqual(st, 201, doc)
        (st, doc), _ = self.mark(bid, "bob", "paid")
        self.assertEqual((st, doc["error"]["code"]), (409, "line_already_marked"), doc)
        (st, doc), _ = self.mark(bid, "zed", "paid")
        self.assertEqual((st, doc["error"]["code"]), (404, "unknown_line"), doc)
        (st, doc), _ = self.mark(bid, "alice", "paid", sk=self.w.alice)
        self.assertEqual((st, doc["error"]["code"]), (422, "wrong_signer"), doc)
        (st, doc), _ = self.mark("pb_acme_5", "alice", "paid")
        self.assertEqual(st, 404, doc)
        view = self.payouts()
        lines = {line["payee"]: line for line in view["batches"][0]["lines"]}
        self.assertEqual((lines["carol"]["status"], lines["carol"]["note"]), ("paid", "bank ref 88"))
        self.assertEqual(lines["bob"]["status"], "failed")
        self.assertEqual(lines["alice"]["status"], "sent")
        # The next batch pays bob what bounced, and carol and alice nothing twice.
        time.sleep(0.01)
        second = self.made(commerce.now_ms() - 1)
        self.assertEqual([(line["payee"], line["amount"]) for line in second["lines"]], [("alice", 1234), ("bob", 3740)])
        st, doc = self.post_batch(second)
        self.assertEqual(st, 201, doc)

    def test_5_refund_after_payout_is_clawed_back_from_the_next_one(self):
        # o1 (carol 10000, bob 3000) was paid to carol in the first batch; refunded now.
        st, doc = self.api.status(status_envelope(self.w.acme, self.o1["id"], "refunded"), self.o1["id"])
        self.assertIn(st, (200, 201), doc)
        ledger, _ = self.ledger()
        texts = [json.dumps(b) for b in self.stored_payloads()]
        bal = ledger.balances(texts, self.stored_marks(), json.dumps(self.policy), commerce.now_ms())
        self.assertEqual(bal["carol"]["clawback"], 10000)
        self.assertEqual(bal["carol"]["paid"], 12469)
        self.assertEqual(bal["carol"]["settleable"], 0)
        # New sales that do not cover it: carol is held back, what she owes carries forward.
        self.deliver(order(shop="carol", phone="13900000014", lines=[{"product": "p-tea", "qty": 1}]))
        time.sleep(0.01)
        b = self.made(commerce.now_ms() - 1)
        self.assertNotIn("carol", [line["payee"] for line in b["lines"]])
        self.assertGreaterEqual(b["held_back"], 1)
        # Nobody else is due either: there is no batch to make, and the store says so.
        self.assertEqual(b["lines"], [])
        st, doc = self.post_batch(b)
        self.assertEqual((st, doc["error"]["code"]), (422, "empty_batch"), doc)
        # A big sale covers it: the next line nets the clawback out.
        self.deliver(order(shop="carol", phone="13900000015", lines=[{"product": "p-pot", "qty": 2}]))
        time.sleep(0.01)
        b = self.made(commerce.now_ms() - 1)
        line = next(x for x in b["lines"] if x["payee"] == "carol")
        self.assertEqual((line["gross"], line["clawback"], line["amount"]), (680 + 20000, 10000, 10680))
        st, doc = self.post_batch(b)
        self.assertEqual(st, 201, doc)
        self.__class__.clawed_batch = b["id"]

    def test_6_distributor_statements(self):
        st, doc = self.api.signed_get(self.w.carol, "/api/shops/carol/statements")
        self.assertEqual(st, 200, doc)
        acme = next(b for b in doc["brands"] if b["brand"] == "acme")
        self.assertEqual(acme["currency"], "CNY")
        ids = [p["batch"] for p in acme["payouts"]]
        self.assertEqual(ids[0], self.clawed_batch)          # newest first
        latest = acme["payouts"][0]
        self.assertEqual(latest["line"]["amount"], 10680)
        kinds = [(e["kind"], e["amount"]) for e in latest["entries"]]
        self.assertIn(("clawback", 10000), kinds)
        self.assertIn(("share", 20000), kinds)
        self.assertTrue(all(e["number"] for e in latest["entries"]))
        self.assertIn("clawback,%s,1,-10000,-100.00" % self.o1["id"], latest["csv"])
        first = acme["payouts"][-1]
        self.assertEqual(first["line"]["status"], "paid")
        self.assertEqual(acme["balance"]["clawback"], 0)
        # Bob sees his own: the failed line, then the one that paid it.
        st, doc = self.api.signed_get(self.w.bob, "/api/shops/bob-shop/statements")
        bob = next(b for b in doc["brands"] if b["brand"] == "acme")
        self.assertEqual([p["line"]["status"] for p in bob["payouts"]][-2:], ["sent", "failed"])
        # Nobody reads another distributor's statements.
        st, doc = self.api.signed_get(self.w.bob, "/api/shops/carol/statements")
        self.assertEqual(st, 403, doc)


if __name__ == "__main__":
    unittest.main()
