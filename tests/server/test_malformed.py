"""Every write path turns every malformed value into a 4xx JSON error (issue 9, item 2).

One store for the whole walk. For each body a client can write (the five document kinds of POST
/api/documents and that body itself, an invite inside an enrollment, POST /api/orders, the order
lookup, events, brand-signed order status changes, payout batches and line marks), every field is
walked recursively (the first element of each list only) and its value replaced, one at a time, by
each of MUTATIONS: a lone UTF-16 surrogate (sent as the JSON escape "\\ud800"), integers beyond 64
bits, floats (1e308, and the raw JSON texts 1e999 and NaN), wrong types, 100k characters, markup,
and no value at all. A signed body is signed again with the right key, so the signature holds and
the store must judge the content.

Each (path, mutation) is a subTest that asserts: the status is below 500; a 4xx answers
{"error": {"code", "message"}} in JSON; a 2xx leaves a store that still reads back (the shop, brand,
release, order, activity or payouts it touched answer below 500, and the HTML pages carry no markup
unescaped); a body signed again is never refused for its signature; and the server wrote no traceback
while handling it. About 3,100 cases, 20-35 s on a busy two-core machine."""
import base64
import copy
import hashlib
import itertools
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
from store import config, core  # noqa: E402
import fixtures  # noqa: E402
from fixtures import T0, pub  # noqa: E402

CORE = core.CORE

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW_MARK = "__malformed_raw_json__"
REMOVE = object()


class Raw(str):
    """A JSON text sent as it is (no JSON encoder writes it): 1e999, NaN."""


MUTATIONS = (
    ("surrogate", "\ud800"),
    ("2**70", 2 ** 70),
    ("-2**70", -2 ** 70),
    ("1e308", 1e308),
    ("raw 1e999", Raw("1e999")),
    ("raw NaN", Raw("NaN")),
    ("null", None),
    ("true", True),
    ("[]", []),
    ("{}", {}),
    ("string", "string"),
    ("0", 0),
    ("100k chars", "x" * 100_000),
    ("script", SCRIPT),
    ("img", IMG),
    ("removed", REMOVE),
)

_seq = itertools.count(1)


def paths(value, prefix=()):
    """Every field under value, depth first: dict keys, and the first element of each list."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield prefix + (k,)
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list) and value:
        yield prefix + (0,)
        yield from paths(value[0], prefix + (0,))


def mutated(obj, path, value):
    out = copy.deepcopy(obj)
    parent = out
    for p in path[:-1]:
        parent = parent[p]
    last = path[-1]
    if value is REMOVE:
        del parent[last]
    else:
        parent[last] = RAW_MARK if isinstance(value, Raw) else copy.deepcopy(value)
    return out


def json_text(obj, value=None):
    """The JSON text of obj (ASCII: a lone surrogate goes as its escape), a raw token put in place."""
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    if isinstance(value, Raw):
        text = text.replace('"%s"' % RAW_MARK, value)
    return text


def sign_text(text, sk):
    sig = sk.sign(text.encode("utf-8")).signature
    return {"payload": text, "key": pub(sk), "sig": base64.b64encode(sig).decode("ascii")}


def enveloped(env, value=None):
    """The body {"envelope": env}; a raw token in place when the envelope's own field is replaced."""
    return json_text({"envelope": env}, value).encode("utf-8")


def rehash(product):
    """The product's content hash as the store computes it; something else when it cannot be (a lone
    surrogate, a raw token): the store must refuse such a product anyway."""
    if not isinstance(product, dict):
        return
    copy_ = {k: v for k, v in product.items() if k != "hash"}
    text = json.dumps(copy_, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    product["hash"] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def label(path):
    return ".".join(str(p) for p in path)


class Walk(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.t_start = time.monotonic()
        # Thousands of writes from one address: a script, which the rate limits would rightly slow
        # down (test_abuse tests them); off here, where the content of each write is on trial.
        off = [a for name in config.RATE_LIMITS for a in ("--limit", name + "=off")]
        cls.srv = fixtures.Server(extra_args=off).start()
        cls.w = w = cls.srv.world
        cls.api = commerce.Client(cls.srv)
        cls.log_at = 0
        cls.cases = 0
        # acme settles at once (no refund window), so payout batches can be made now.
        cls.acme_policy = dict(w.policy_acme, version=2, freeze_days=0, min_payout=100)
        cls.api.policy(w.acme, cls.acme_policy, 1)
        # cedar: a brand of its own for the certificate walk.
        cls.cedar = fixtures.key("brand:cedar")
        cls.cedar_cert = {"type": "brand", "brand": "cedar", "name": "Cedar", "key": pub(cls.cedar), "locale": "en",
                          "currency": "USD", "issued_ms": T0}
        cls.post_ok(sign_text(json_text(cls.cedar_cert), w.root), None)
        cls.versions = {"brand": 1, "policy": 0, "release": 1, "enrollment": 1, "manifest": 1}
        # dave (acme, level 1) for the enrollment walk, with a shop; erin (acme + bolt) for the manifest walk.
        cls.dave, cls.erin = fixtures.key("dist:dave"), fixtures.key("dist:erin")
        for brand, sk in (("acme", w.acme), ("bolt", w.bolt)):
            cls.post_ok(w.invited(w.enrollment(brand, "erin", "erin-shop", cls.erin, "", 1), sk, cls.erin), None)
        # dave's own enrollment under the brand's invite: the brand's changes to it carry it as consent.
        cls.dave_consent = w.invited(w.enrollment("acme", "dave", "dave-shop", cls.dave, "", 1), w.acme, cls.dave)
        cls.post_ok(cls.dave_consent, None)
        cls.post_ok(sign_text(json_text(w.manifest("dave", "dave-shop", 1, ["acme"], name="Dave")), cls.dave), None)
        cls.erin_manifest = w.manifest("erin", "erin-shop", 1, ["acme", "bolt"], name="Erin's", greeting="Hello.",
                                       products=["p-tea", "b-rich"], featured=["p-tea"], notes={"p-tea": "Good tea."})
        cls.post_ok(sign_text(json_text(cls.erin_manifest), cls.erin), None)

    @classmethod
    def tearDownClass(cls):
        sys.stderr.write("\n[test_malformed] %d (path, mutation) cases in %.1f s\n" %
                         (cls.cases, time.monotonic() - cls.t_start))
        cls.srv.cleanup()

    @classmethod
    def post_ok(cls, env, replaces):
        st, doc = cls.srv.post_doc(env, replaces)
        assert st == 201, (st, doc)
        return doc

    # -- one case -----------------------------------------------------------------------------------
    def new_log(self):
        text = self.srv.stderr()
        out, self.__class__.log_at = text[self.log_at:], len(text)
        return out

    def request(self, method, path, data=None, headers=None):
        """(status, headers, body); a dropped connection fails the case instead of the whole walk."""
        hdrs = dict(headers or {})
        if data is not None:
            hdrs.setdefault("Content-Type", "application/json")
        try:
            return self.srv.request(method, path, data, hdrs)
        except OSError as e:  # urllib's URLError and a reset connection alike
            self.fail("%s %s: no answer (%s)" % (method, path, e))

    def check_answer(self, st, hdrs, raw, what):
        self.assertLess(st, 500, "%s: %s" % (what, raw[:400]))
        if (hdrs.get("Content-Type") or "").startswith("text/html"):
            return raw  # a page (a 404 page too: a product the mutation took out of the shop)
        if st >= 400:
            self.assertTrue((hdrs.get("Content-Type") or "").startswith("application/json"), what)
            try:
                doc = json.loads(raw.decode("utf-8"))
            except ValueError:
                self.fail("%s: the error is not JSON: %r" % (what, raw[:200]))
            err = doc.get("error") if isinstance(doc, dict) else None
            self.assertIsInstance(err, dict, "%s: %r" % (what, raw[:200]))
            self.assertIsInstance(err.get("code"), str, what)
            self.assertIsInstance(err.get("message"), str, what)
            self.assertTrue(err["code"] and err["message"], what)
            return doc
        if hdrs.get("Content-Type", "").startswith("application/json"):
            return json.loads(raw.decode("utf-8"))
        return raw

    def read_back(self, reads):
        """GETs (path, signing key or None); HTML pages must carry no markup unescaped."""
        for path, sk in reads:
            headers = {"Authorization": commerce.auth_header(sk, "GET", path)} if sk else None
            st, hdrs, raw = self.request("GET", path, headers=headers)
            self.check_answer(st, hdrs, raw, "read back %s" % path)
            if (hdrs.get("Content-Type") or "").startswith("text/html"):
                page = raw.decode("utf-8")
                for bad in ("<script>alert(1)", "<img src=x", "onerror=alert(1)>"):
                    self.assertNotIn(bad, page, "%s carries markup unescaped" % path)

    def case(self, name, path, mutation, post, reads=lambda doc: (), resigned=True):
        """post() -> (status, headers, raw); reads(doc) -> what to read back after a 2xx. resigned: the
        body was signed again after the change, so the store must have judged the content, not the
        signature."""
        self.__class__.cases += 1
        st, doc = None, None
        with self.subTest(body=name, field=label(path), value=mutation):
            self.new_log()
            try:
                st, hdrs, raw = post()
                doc = self.check_answer(st, hdrs, raw, "%s %s <- %s" % (name, label(path), mutation))
                if resigned and st >= 400:
                    self.assertNotIn(doc["error"]["code"], ("bad_signature", "wrong_signer"), doc)
                if st < 300:
                    self.read_back(reads(doc))
            finally:
                log = self.new_log()
            self.assertNotIn("Traceback", log, log[-3000:])
        return st, doc

    def walk(self, name, base, post, reads=lambda doc, value: (), resigned=True):
        """Every (path, mutation) of base (or of base(), made afresh for each case) through
        post(obj, value, path) -> (status, headers, raw)."""
        for path in list(paths(base() if callable(base) else base)):
            for mname, value in MUTATIONS:
                obj = mutated(base() if callable(base) else base, path, value)
                self.case(name, path, mname, lambda: post(obj, value, path), lambda doc: reads(doc, value), resigned)

    # -- documents ----------------------------------------------------------------------------------
    def post_document(self, kind, text, sk, replaces):
        body = json.dumps({"envelope": sign_text(text, sk), "replaces": replaces or None}).encode("utf-8")
        out = self.request("POST", "/api/documents", body)
        if out[0] < 300:
            self.versions[kind] = json.loads(out[2])["version"]
        return out

    def doc_walk(self, kind, base_of, sk, reads, after=None):
        """base_of(): the document as the next version would be (fresh stamps)."""
        for path in list(paths(base_of())):
            for mname, value in MUTATIONS:
                obj = mutated(base_of(), path, value)
                if after:
                    after(obj, path)
                text = json_text(obj, value)
                self.case(kind, path, mname, lambda: self.post_document(kind, text, sk, self.versions[kind]),
                          lambda doc: reads)
        # The unchanged document again: the store still takes good writes after all that.
        st, _, raw = self.post_document(kind, json_text(base_of()), sk, self.versions[kind])
        self.assertEqual(st, 201, raw)

    def stamp(self):
        return T0 + 1000 + next(_seq)

    def test_01_brand_certificate(self):
        def base():
            return dict(self.cedar_cert, name="Cedar Goods", issued_ms=self.stamp())
        self.doc_walk("brand", base, self.w.root,
                      [("/api/brands/cedar", None), ("/b/cedar", None), ("/api/directory", None), ("/", None)])

    def test_02_policy(self):
        def base():
            return {"type": "policy", "brand": "bolt", "version": self.versions["policy"] + 1,
                    "binding": {"mode": "window", "days": 30},
                    "commission": {"levels": [1000, 300], "overrides": {"b-bolt": [500]}, "cap": 5000},
                    "freeze_days": 7, "min_payout": 5000, "allow_self_purchase": False, "max_levels": 3,
                    "lost_after_days": 30,
                    "payment": [{"kind": "bank", "account_name": "Bolt Ltd", "account": "12345678", "bank": "First"},
                                {"kind": "link", "url": "https://bolt.example/pay", "label": "Pay now"},
                                {"kind": "cod"}]}
        self.doc_walk("policy", base, self.w.bolt,
                      [("/api/brands/bolt", None), ("/api/shops/alice-tea", None), ("/s/alice-tea", None),
                       ("/api/brands/bolt/payouts", self.w.bolt)])

    def test_03_release(self):
        rich = {"id": "b-rich", "category": "gear", "title": "Rich bolt", "subtitle": "Strong",
                "description": "A bolt with everything.", "specs": [{"name": "Size", "value": "M8"}],
                "price": 1200, "list_price": 1500, "images": [self.w.tea_img], "thumb": self.w.cup_img}
        plain = {"id": "b-bolt", "category": "gear", "title": "Bolt", "price": 250}

        def base():
            return {"type": "release", "brand": "bolt", "version": self.versions["release"] + 1, "created_ms": T0,
                    "currency": "USD", "locale": "en", "categories": [{"id": "gear", "name": "Gear"}],
                    "products": [fixtures.with_hash(rich), fixtures.with_hash(plain)]}

        def after(obj, path):  # a product changed is hashed again: the store must judge the content
            products = obj.get("products")
            if path[0] == "products" and len(path) >= 3 and path[2] != "hash" and isinstance(products, list) \
                    and products:
                rehash(products[0])

        self.doc_walk("release", base, self.w.bolt,
                      [("/api/releases/bolt", None), ("/api/brands/bolt", None), ("/api/shops/alice-tea", None),
                       ("/s/alice-tea", None), ("/s/alice-tea/p/b-rich", None), ("/s/alice-tea/p/b-bolt", None),
                       ("/s/alice-tea/c/gear", None), ("/s/alice-tea/b/bolt", None), ("/s/erin-shop", None)],
                      after=after)

    def test_04_enrollment(self):
        def base():
            return dict(self.w.enrollment("acme", "dave", "dave-shop", self.dave, "", 1, issued=self.stamp(), name="Dave D"),
                        consent=self.dave_consent)
        self.doc_walk("enrollment", base, self.w.acme,
                      [("/api/shops/dave-shop", None), ("/s/dave-shop", None), ("/b/acme", None),
                       ("/api/directory", None), ("/api/brands/acme/insight", self.w.acme),
                       ("/api/brands/acme/payouts", self.w.acme), ("/api/shops/dave-shop/team", self.dave)])

    def test_05_invite(self):
        """An enrollment signed by the new distributor, carrying an invite the brand signed: each case
        a new distributor (an invite enrolls the new only)."""
        def invite_payload():
            return {"type": "invite", "brand": "acme", "parent": "", "level": 1, "id": "inv_walk",
                    "expires_ms": commerce.now_ms() + 86_400_000, "max_uses": 100000}

        def post(payload_obj, value, path, raw_invite=None):
            n = next(_seq)
            sk = fixtures.key("dist:inv%d" % n)
            invite = raw_invite if raw_invite is not None else sign_text(json_text(payload_obj, value), self.w.acme)
            enr = self.w.enrollment("acme", "inv%d" % n, "inv-%d" % n, sk, "", 1, issued=self.stamp())
            enr["invite"] = "__invite__"
            text = json_text(enr).replace('"__invite__"', json_text(invite, value))
            body = json.dumps({"envelope": sign_text(text, sk), "replaces": None}).encode("utf-8")
            return self.request("POST", "/api/documents", body)

        reads = lambda doc, value: [("/b/acme", None), ("/api/brands/acme/insight", self.w.acme)]
        self.walk("invite", invite_payload, post, reads)
        # The invite's envelope itself: its payload, key and signature replaced (not signed again).
        good = sign_text(json_text(invite_payload()), self.w.acme)
        self.walk("invite envelope", good, lambda env, value, path: post(None, value, path, raw_invite=env), reads,
                  resigned=False)

    def test_06_manifest(self):
        def base():
            return dict(copy.deepcopy(self.erin_manifest), version=self.versions["manifest"] + 1)
        self.doc_walk("manifest", base, self.erin,
                      [("/api/shops/erin-shop", None), ("/s/erin-shop", None), ("/s/erin-shop/p/p-tea", None),
                       ("/s/erin-shop/p/b-rich", None), ("/b/acme", None), ("/b/bolt", None),
                       ("/api/directory", None), ("/api/directory?brand=bolt", None), ("/", None),
                       ("/api/shops/erin-shop/statements", self.erin)])

    def test_07_document_body(self):
        """The body of POST /api/documents: {"envelope": {"payload", "key", "sig"}, "replaces"}."""
        def body():
            cert = dict(self.cedar_cert, name="Cedar Body", issued_ms=self.stamp())
            return {"envelope": sign_text(json_text(cert), self.w.root), "replaces": self.versions["brand"]}

        def post(obj, value, path):
            out = self.request("POST", "/api/documents", json_text(obj, value).encode("utf-8"))
            if out[0] < 300:
                self.versions["brand"] = json.loads(out[2])["version"]
            return out
        self.walk("document body", body, post, lambda doc, value: [("/api/brands/cedar", None), ("/b/cedar", None)],
                  resigned=False)

    # -- orders, lookups, events ----------------------------------------------------------------------
    def order_body(self):
        key = commerce.order_key()
        body = commerce.order(shop="carol", key=key, lines=[{"product": "p-tea", "qty": 1}], visitor="v_walker",
                              channel="qr", campaign="spring", hop=1, phone="13900007777")
        body["payment"] = "cod"
        body["self"] = commerce.self_claim(self.w.bob, "bob", key)
        return body

    def order_reads(self, doc, value):
        if not isinstance(doc, dict) or "order" not in doc:
            return []
        oid = doc["order"]["id"]
        return [("/api/orders/%s?t=%s" % (oid, doc["token"]), None), ("/api/orders/%s/provenance" % oid, self.w.acme),
                ("/o/%s" % oid, None), ("/api/brands/acme/activity", self.w.acme),
                ("/api/shops/carol/activity", self.w.carol), ("/api/brands/acme/insight", self.w.acme)]

    def post_json(self, url):
        return lambda obj, value, path: self.request("POST", url, json_text(obj, value).encode("utf-8"))

    def test_08_orders(self):
        self.walk("order", self.order_body, self.post_json("/api/orders"), self.order_reads)

    def test_09_order_lookup(self):
        st, doc = self.api.place(self.order_body())
        self.assertEqual(st, 201, doc)
        body = {"number": doc["order"]["number"], "phone": "13900007777"}
        reads = lambda d, value: ([("/api/orders/%s?t=%s" % (d["id"], d["token"]), None)]
                                  if isinstance(d, dict) and "id" in d else [])
        self.walk("order lookup", body, self.post_json("/api/orders/lookup"), reads)

    def test_10_events(self):
        def body():
            return {"events": [commerce.event("carol", type_="product_view", product="p-tea", visitor="v_walker",
                                              channel="share", campaign="spring", hop=2)]}
        reads = lambda doc, value: [("/api/brands/acme/activity", self.w.acme),
                                    ("/api/shops/carol/activity", self.w.carol),
                                    ("/api/brands/acme/insight", self.w.acme)]
        self.walk("events", body, self.post_json("/api/events"), reads)

    def test_11_order_status(self):
        state = {}

        def fresh():
            st, doc = self.api.place(self.order_body())
            self.assertEqual(st, 201, doc)
            state["order"] = doc

        fresh()

        def payload():
            return {"type": "order_status", "order": state["order"]["order"]["id"], "status": "paid",
                    "at": commerce.now_ms()}

        def reads(doc, value):
            o = state["order"]
            fresh()  # this one changed: the next case starts from a placed order again
            return [("/api/orders/%s?t=%s" % (o["order"]["id"], o["token"]), None),
                    ("/api/orders/%s/provenance" % o["order"]["id"], self.w.acme),
                    ("/api/brands/acme/activity", self.w.acme), ("/api/brands/acme/ledger", self.w.acme),
                    ("/api/brands/acme/insight", self.w.acme)]

        def post(obj, value, path, env=None):
            oid = state["order"]["order"]["id"]
            env = env if env is not None else sign_text(json_text(obj, value), self.w.acme)
            return self.request("POST", "/api/orders/%s/status" % oid, enveloped(env, value))

        self.walk("order status", payload, post, reads)
        # The envelope itself (not signed again).
        self.walk("order status envelope", lambda: sign_text(json_text(payload()), self.w.acme),
                  lambda env, value, path: post(None, value, path, env=env), reads, resigned=False)

    # -- settlement -----------------------------------------------------------------------------------
    def deliver_one(self):
        body = commerce.order(shop="carol", phone="1390000%04d" % next(_seq), lines=[{"product": "p-cup", "qty": 1}])
        o = self.api.placed(body)["order"]
        for status in ("paid", "delivered"):
            st, doc = self.api.status(commerce.status_envelope(self.w.acme, o["id"], status), o["id"])
            self.assertIn(st, (200, 201), doc)
        time.sleep(0.01)  # the batch's cutoff (now - 1) comes after the delivery

    def stored(self, table):
        conn = commerce.db(self.srv)
        try:
            return [json.loads(r[0])["payload"] for r in
                    conn.execute("SELECT envelope FROM %s WHERE brand = 'acme' ORDER BY %s" %
                                 (table, "cutoff" if table == "payout_batches" else "seq"))]
        finally:
            conn.close()

    def make_batch(self):
        """The batch the brand's console would make now, after a new delivered order."""
        self.deliver_one()
        path = "/api/brands/acme/ledger"
        auth = commerce.auth_header(self.w.acme, "GET", path)
        st, _, raw = self.request("GET", path, headers={"Authorization": auth})
        self.assertEqual(st, 200, raw[:200])
        ledger = CORE.Ledger.decode(raw)
        text = ledger.make_batch(self.stored("payout_batches"), self.stored("payout_marks"),
                                 json.dumps(self.acme_policy), commerce.now_ms() - 1, commerce.now_ms())
        return json.loads(text)

    def settlement_reads(self, batch_id):
        csv = "/api/brands/acme/payouts/%s.csv" % batch_id
        return [("/api/brands/acme/payouts", self.w.acme), (csv, self.w.acme), ("/api/brands/acme/ledger", self.w.acme),
                ("/api/shops/carol/statements", self.w.carol), ("/api/shops/bob-shop/statements", self.w.bob)]

    def test_12_payout_batch(self):
        state = {"batch": self.make_batch()}

        def reads(doc, value):
            bid = doc["batch"]["id"] if isinstance(doc, dict) and isinstance(doc.get("batch"), dict) else "x"
            state["batch"] = self.make_batch()  # this one is stored: the next case needs one of its own
            return self.settlement_reads(bid)

        def post(obj, value, path, env=None):
            env = env if env is not None else sign_text(json_text(obj, value), self.w.acme)
            return self.request("POST", "/api/brands/acme/payouts", enveloped(env, value))

        self.assertTrue(state["batch"]["lines"], state["batch"])
        self.walk("payout batch", lambda: state["batch"], post, reads)
        self.walk("payout batch envelope", lambda: sign_text(json_text(state["batch"]), self.w.acme),
                  lambda env, value, path: post(None, value, path, env=env), reads, resigned=False)

    def test_13_line_marks(self):
        state = {"lines": []}

        def refill():
            batch = self.make_batch()
            env = sign_text(json_text(batch), self.w.acme)
            st, _, raw = self.request("POST", "/api/brands/acme/payouts", enveloped(env))
            self.assertEqual(st, 201, raw)
            state["lines"] = [(batch["id"], line["payee"]) for line in batch["lines"]]

        def line():
            if not state["lines"]:
                refill()
            return state["lines"][0]

        def payload():
            bid, payee = line()
            return {"type": "payout_line", "brand": "acme", "batch": bid, "payee": payee, "status": "paid",
                    "at": commerce.now_ms(), "note": "bank ref 1"}

        def reads(doc, value):
            bid, _ = state["lines"].pop(0)  # this line is marked now
            return self.settlement_reads(bid)

        def post(obj, value, path, env=None):
            env = env if env is not None else sign_text(json_text(obj, value), self.w.acme)
            return self.request("POST", "/api/brands/acme/payouts/%s/lines" % line()[0], enveloped(env, value))

        self.walk("line mark", payload, post, reads)
        self.walk("line mark envelope", lambda: sign_text(json_text(payload()), self.w.acme),
                  lambda env, value, path: post(None, value, path, env=env), reads, resigned=False)


if __name__ == "__main__":
    unittest.main()
