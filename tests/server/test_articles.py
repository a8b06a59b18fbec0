"""Brand articles (issue 15) in the store: published through POST /api/documents (signed by the brand,
read by the core against the brand's current release, every picture one the store holds, versioned per
article id), listed by GET /api/brands/<brand>/articles, drawn as a first paint with an Open Graph card
at /s/<shop>/a/<article> under the distributor's shop, listed on the shop's home, counted by
"article_view" events; the demo seed's brands each have two.

The fixture world (fixtures.World): acme (zh-CN, CNY) sells p-tea (a hostile title), p-cup and p-pot;
bolt (en, USD) sells b-bolt. alice-tea carries acme and bolt, bob-shop acme (p-tea and p-cup only),
carol acme."""
import html
import json
import os
import re
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
import fixtures  # noqa: E402
from commerce import auth_header, event, now_ms, visitor_id  # noqa: E402
from fixtures import T0, pub, sign  # noqa: E402

HOST = "shop.example.com"
HOSTILE_BUT_ALLOWED = 'Tea maths: 5 < 6 & "quotes" > \'apostrophes\''
UNKNOWN_SHA = "ab" * 32


def meta(body, attr, name):
    m = re.search(r'<meta %s="%s" content="([^"]*)">' % (attr, re.escape(name)), body)
    return html.unescape(m.group(1)) if m else None


def article(w, aid, brand="acme", version=1, created=T0 + 1000, **changes):
    """A good article of the fixture world: every kind of block and two share materials."""
    a = {"type": "article", "brand": brand, "id": aid, "version": version, "created_ms": created,
         "title": "Spring tea is in", "summary": "Why the first leaves of the year taste the way they do.",
         "cover": w.banner, "share_text": "The spring harvest is here: read why it is worth the wait.",
         "blocks": [{"kind": "p", "text": "The first flush is picked in the three weeks before Qingming."},
                    {"kind": "h", "text": "How to brew it"},
                    {"kind": "img", "image": w.tea_img, "alt": "Leaves in a glass"},
                    {"kind": "p", "text": "Use water at 80 degrees and a glass, so you can watch the leaves."},
                    {"kind": "product", "product": "p-tea" if brand == "acme" else "b-bolt"}],
         "materials": [{"text": "New spring tea in my shop today.", "image": w.tea_img, "product": ""},
                       {"text": "A cup worth sharing.", "image": w.cup_img,
                        "product": "p-cup" if brand == "acme" else "b-bolt"}]}
    if brand != "acme":
        a["title"], a["summary"] = "Bolts, explained", "What holds a bolt together."
    a.update(changes)
    return a


class Articles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = fixtures.Server(extra_args=["--public-url", "http://%s/" % HOST,
                                              "--limit", "write_address=off"]).start()
        cls.w = cls.srv.world
        cls.api = commerce.Client(cls.srv)

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def post(self, payload, sk=None, replaces=None, status=201, code=None):
        st, body = self.srv.post_doc(sign(payload, sk or self.w.acme), replaces)
        self.assertEqual(st, status, body)
        if code:
            self.assertEqual(body["error"]["code"], code, body)
            self.assertTrue(body["error"]["message"].endswith("."), body)
        return body

    def listed(self, brand="acme"):
        st, body = self.srv.get_json("/api/brands/%s/articles" % brand)
        self.assertEqual(st, 200, body)
        return [json.loads(env["payload"]) for env in body["articles"]]

    def page(self, path, status=200):
        st, headers, body = self.srv.get(path)
        self.assertEqual(st, status, path)
        self.assertEqual(headers["Content-Type"], "text/html; charset=utf-8")
        return body.decode("utf-8")

    # -- publishing and reading back --------------------------------------------------------------
    def test_publish_and_read_back(self):
        a = article(self.w, "read-back", created=T0 + 5000)
        env = sign(a, self.w.acme)
        st, res = self.srv.post_doc(env, None)
        self.assertEqual((st, res), (201, {"ok": True, "kind": "article", "id": "read-back", "brand": "acme",
                                          "version": 1}))
        st, headers, raw = self.srv.get("/api/brands/acme/articles")
        self.assertEqual(st, 200)
        self.assertEqual(headers["Content-Type"], "application/json; charset=utf-8")
        body = json.loads(raw)
        self.assertIn(env, body["articles"])  # the envelope as signed, byte for byte
        # Cached like the other document reads: an ETag, and 304 for the same one.
        st, _, _ = self.srv.get("/api/brands/acme/articles", {"If-None-Match": headers["ETag"]})
        self.assertEqual(st, 304)
        st, body = self.srv.get_json("/api/brands/nobody/articles")
        self.assertEqual((st, body["error"]["code"]), (404, "unknown_brand"))
        st, body = self.srv.get_json("/api/brands/bolt/articles")
        self.assertEqual(st, 200)
        self.assertTrue(all(json.loads(e["payload"])["brand"] == "bolt" for e in body["articles"]))

    def test_newest_first(self):
        self.post(article(self.w, "order-old", created=T0 + 10))
        self.post(article(self.w, "order-new", created=T0 + 10_000_000))
        ids = [a["id"] for a in self.listed()]
        self.assertLess(ids.index("order-new"), ids.index("order-old"))
        created = [a["created_ms"] for a in self.listed()]
        self.assertEqual(created, sorted(created, reverse=True))

    def test_versions_and_stale_writes(self):
        self.post(article(self.w, "versioned"))
        # A second first version, or a second version that does not name the one it replaces: 409.
        self.post(article(self.w, "versioned"), status=409, code="stale_version")
        self.post(article(self.w, "versioned", version=2, title="Spring tea, again"), status=409, code="stale_version")
        self.post(article(self.w, "versioned", version=5), replaces=1, status=409, code="stale_version")
        self.assertEqual(self.post(article(self.w, "versioned", version=2, title="Spring tea, again"),
                                   replaces=1)["version"], 2)
        self.post(article(self.w, "versioned", version=3), replaces=1, status=409, code="stale_version")
        mine = [a for a in self.listed() if a["id"] == "versioned"]
        self.assertEqual([(a["version"], a["title"]) for a in mine], [(2, "Spring tea, again")])

    # -- refusals ---------------------------------------------------------------------------------
    def test_signed_by_anyone_but_the_brand(self):
        a = article(self.w, "forged")
        for sk in (self.w.alice, self.w.bob, self.w.bolt, self.w.stranger, self.w.root):
            self.post(a, sk, status=422, code="wrong_signer")
        tampered = sign(a, self.w.acme)
        tampered["payload"] = tampered["payload"].replace("Spring", "Autumn")
        st, body = self.srv.post_doc(tampered, None)
        self.assertEqual((st, body["error"]["code"]), (422, "bad_signature"))
        self.assertNotIn("forged", [x["id"] for x in self.listed()])

    def test_products_must_be_in_the_brands_release(self):
        blocks = article(self.w, "x")["blocks"]
        for name, changes in (
                ("card", {"blocks": blocks + [{"kind": "product", "product": "p-nope"}]}),
                ("other-brand", {"blocks": blocks + [{"kind": "product", "product": "b-bolt"}]}),
                ("material", {"materials": [{"text": "Look at this.", "product": "p-nope"}]})):
            body = self.post(article(self.w, "unknown-" + name, **changes), status=422, code="unknown_product")
            self.assertIn("catalog", body["error"]["message"])
        self.assertFalse([a for a in self.listed() if a["id"].startswith("unknown-")])

    def test_markup_and_scripts_refused_in_every_text(self):
        a = article(self.w, "markup")
        cases = {
            "title": dict(title="<script>alert(1)</script>"),
            "summary": dict(summary="Read <a href=x>this</a>"),
            "share_text": dict(share_text="javascript:alert(document.cookie)"),
            "paragraph": dict(blocks=[{"kind": "p", "text": "Hello <b>world</b>"}]),
            "heading": dict(blocks=[{"kind": "h", "text": "<!-- hidden -->"}, {"kind": "p", "text": "Text."}]),
            "alt": dict(blocks=[{"kind": "img", "image": self.w.tea_img, "alt": "<img src=x onerror=alert(1)>"}]),
            "material": dict(materials=[{"text": "Share <script src=//evil.example></script>"}]),
        }
        for field, changes in cases.items():
            with self.subTest(field=field):
                body = self.post(dict(a, **changes), status=422, code="bad_article")
                self.assertIn("markup", body["error"]["message"])
        self.assertNotIn("markup", [x["id"] for x in self.listed()])

    def test_pictures_must_be_pictures_of_this_store(self):
        a = article(self.w, "pictures")
        unknown = {"src": "/img/%s.jpg" % UNKNOWN_SHA, "sha256": UNKNOWN_SHA, "w": 800, "h": 600}
        wrong_ext = dict(self.w.tea_img, src=self.w.tea_img["src"].replace(".jpg", ".png"))
        for what, changes in (("cover", dict(cover=unknown)), ("cover-ext", dict(cover=wrong_ext)),
                              ("picture", dict(blocks=[{"kind": "img", "image": unknown, "alt": "x"}])),
                              ("material", dict(materials=[{"text": "Share it.", "image": unknown}]))):
            with self.subTest(what=what):
                body = self.post(dict(a, **changes), status=422, code="unknown_image")
                self.assertIn("Upload it first", body["error"]["message"])
        # Not a picture at all (another site's address, no size): the core's rule.
        for cover in ({"src": "https://evil.example/x.jpg", "sha256": UNKNOWN_SHA, "w": 1, "h": 1},
                      dict(self.w.tea_img, w=0), "cover.jpg"):
            self.post(dict(a, cover=cover), status=422, code="bad_article")

    def test_size_limits(self):
        a = article(self.w, "limits")
        for field, changes in (
                ("title", dict(title="t" * 161)),
                ("summary", dict(summary="s" * 401)),
                ("share_text", dict(share_text="x" * 601)),
                ("paragraph", dict(blocks=[{"kind": "p", "text": "茶" * 1334}])),  # 4,002 bytes
                ("blocks", dict(blocks=[{"kind": "p", "text": "Short."}] * 121)),
                ("materials", dict(materials=[{"text": "Share."}] * 31)),
                ("empty", dict(blocks=[])),
                ("id", dict(id="Not An Id")),
                ("long id", dict(id="a" * 49))):
            with self.subTest(field=field):
                self.post(dict(a, **changes), status=422, code="bad_article")
        # At the limits: accepted.
        self.post(dict(a, title="t" * 160, blocks=[{"kind": "p", "text": "x" * 4000}] * 3))

    def test_a_brand_without_a_catalog_has_no_products_to_name(self):
        cedar = fixtures.key("brand:cedar-arts")
        st, body = self.srv.post_doc(sign({"type": "brand", "brand": "cedar-arts", "name": "Cedar Arts", "key": pub(cedar),
                                           "locale": "en", "currency": "USD", "issued_ms": T0}, self.w.root), None)
        self.assertEqual(st, 201, body)
        self.post(article(self.w, "no-catalog", brand="cedar-arts"), cedar, status=422, code="unknown_product")
        words_only = article(self.w, "words-only", brand="cedar-arts", blocks=[{"kind": "p", "text": "Just words."}],
                             materials=[{"text": "Share these words."}])
        self.post(words_only, cedar)

    def test_at_most_fifty_current_articles_a_brand(self):
        oak = fixtures.key("brand:oak")
        st, body = self.srv.post_doc(sign({"type": "brand", "brand": "oak", "name": "Oak", "key": pub(oak),
                                           "locale": "en", "currency": "USD", "issued_ms": T0}, self.w.root), None)
        self.assertEqual(st, 201, body)
        base = dict(brand="oak", blocks=[{"kind": "p", "text": "Words."}], materials=[])
        for n in range(50):
            self.post(article(self.w, "oak-%d" % n, created=T0 + n, **base), oak)
        body = self.post(article(self.w, "oak-50", **base), oak, status=422, code="too_many_articles")
        self.assertIn("Retire one", body["error"]["message"])
        # A new version of one of the fifty is no new article; a retired one does not count.
        self.post(article(self.w, "oak-7", version=2, **base), oak, replaces=1)
        self.post(article(self.w, "oak-3", version=2, retired=True, **base), oak, replaces=1)
        self.post(article(self.w, "oak-50", **base), oak)
        self.post(article(self.w, "oak-51", retired=True, **base), oak)  # published retired: counts for nothing
        self.assertEqual(len(self.listed("oak")), 52)

    # -- retiring ---------------------------------------------------------------------------------
    def test_a_retired_article_leaves_the_shops_but_stays_in_the_list(self):
        self.post(article(self.w, "retiring", title="Soon gone"))
        self.page("/s/carol/a/retiring")
        self.assertIn("/s/carol/a/retiring", self.page("/s/carol"))
        self.post(article(self.w, "retiring", version=2, title="Soon gone", retired=True), replaces=1)
        listed = [a for a in self.listed() if a["id"] == "retiring"]
        self.assertEqual([(a["version"], a.get("retired")) for a in listed], [(2, True)])
        body = self.page("/s/carol/a/retiring", status=404)
        self.assertIn("这篇文章已撤下", body)  # carol sells acme: the page speaks its language
        self.assertIn('<a href="/s/carol">', body)
        self.assertIn('<meta name="robots" content="noindex">', body)
        self.assertNotIn("Soon gone", body)
        self.assertNotIn("/s/carol/a/retiring", self.page("/s/carol"))

    # -- pages ------------------------------------------------------------------------------------
    def test_article_page_open_graph_and_first_paint(self):
        a = article(self.w, "og-card", title=HOSTILE_BUT_ALLOWED, summary="Less < more & that's \"fine\".",
                    blocks=[{"kind": "p", "text": "First <3 paragraph & more."},
                            {"kind": "h", "text": "Brewing > boiling"},
                            {"kind": "img", "image": self.w.tea_img, "alt": "Leaves & \"steam\""},
                            {"kind": "product", "product": "p-tea"},
                            {"kind": "product", "product": "p-pot"}])
        self.post(a)
        body = self.page("/s/alice-tea/a/og-card")
        self.assertEqual(meta(body, "property", "og:type"), "article")
        self.assertEqual(meta(body, "property", "og:title"), HOSTILE_BUT_ALLOWED)
        self.assertEqual(meta(body, "property", "og:description"), a["summary"])
        self.assertEqual(meta(body, "property", "og:image"), "http://%s%s" % (HOST, self.w.banner["src"]))
        self.assertEqual(meta(body, "property", "og:site_name"), "Alice's Tea House")
        self.assertEqual(meta(body, "property", "og:url"), "http://%s/s/alice-tea/a/og-card" % HOST)
        self.assertEqual(meta(body, "name", "twitter:title"), HOSTILE_BUT_ALLOWED)
        self.assertIn('<link rel="canonical" href="http://%s/s/alice-tea/a/og-card">' % HOST, body)
        self.assertIn("<title>%s · Alice&#x27;s Tea House</title>" % html.escape(HOSTILE_BUT_ALLOWED), body)
        self.assertIn('<html lang="zh-CN">', body)  # acme's language
        # Escaped everywhere: no raw "<" of the brand's text reaches the page.
        self.assertNotIn("5 < 6", body)
        self.assertNotIn("<3 paragraph", body)
        self.assertIn("<h2>Tea maths: 5 &lt; 6 &amp; &quot;quotes&quot; &gt; &#x27;apostrophes&#x27;</h2>", body)
        self.assertIn('<p class="fp-summary">Less &lt; more &amp; that&#x27;s &quot;fine&quot;.</p>', body)
        self.assertIn("<p>First &lt;3 paragraph &amp; more.</p>", body)
        self.assertIn("<h3>Brewing &gt; boiling</h3>", body)
        # The distributor's shop around it; the brand named as the author.
        self.assertIn("<h1>Alice&#x27;s Tea House</h1>", body)
        self.assertIn("Acme Tea 茶", body)
        # Pictures with their size and description.
        self.assertIn('<img class="fp-cover" src="%s" alt="%s" width="1200" height="400" loading="lazy">'
                      % (self.w.banner["src"], html.escape(HOSTILE_BUT_ALLOWED)), body)
        self.assertIn('<figure><img src="%s" alt="Leaves &amp; &quot;steam&quot;" width="800" height="800" '
                      'loading="lazy"></figure>' % self.w.tea_img["src"], body)
        # Product cards open the product in this shop, with the verified release's title and price.
        card = re.search(r'<a class="fp-card" href="/s/alice-tea/p/p-tea">(.*?)</a>', body)
        self.assertIsNotNone(card)
        self.assertIn("<strong>%s</strong>" % html.escape(fixtures.HOSTILE_TITLE), card.group(1))
        self.assertIn("¥68.00", card.group(1))
        self.assertIn('href="/s/alice-tea/p/p-pot"', body)
        self.assertNotIn("<script>alert", body)
        boot = json.loads(re.search(r"<script>window\.dynshopBoot = (.*?);</script>", body).group(1))
        self.assertIn("/api/brands/acme/articles", boot["prefetch"])

    def test_product_cards_follow_the_shops_selection(self):
        self.post(article(self.w, "selection", blocks=[{"kind": "p", "text": "Two things."},
                                                       {"kind": "product", "product": "p-cup"},
                                                       {"kind": "product", "product": "p-pot"}]))
        body = self.page("/s/bob-shop/a/selection")  # bob sells p-tea and p-cup only
        self.assertIn('<a class="fp-card" href="/s/bob-shop/p/p-cup">', body)
        self.assertNotIn("/s/bob-shop/p/p-pot", body)
        self.assertIn('<p class="fp-card"><strong>Clay pot</strong> <span class="fp-price">¥1,000.00</span></p>', body)
        self.assertIn("<title>Spring tea is in · Bob 的茶铺</title>", body)

    def test_the_distributors_note_above_the_article(self):
        # Carol writes a note on an article in her manifest (the core's key for it): the article's first
        # paint shows it apart from the brand's text, escaped, under her name (in the brand's language,
        # zh-CN for acme); other shops do not.
        self.post(article(self.w, "noted"))
        key = "article:noted"
        note = "Read this before you buy <b>anything</b> & tell me what you think"
        m = self.w.manifest("carol", "carol", 2, ["acme"], name="Carol", notes={key: note})
        st, body = self.srv.post_doc(sign(m, self.w.carol), 1)
        self.assertEqual(st, 201, body)
        page = self.page("/s/carol/a/noted")
        self.assertIn('<aside aria-label="Carol的推荐语"><h3>Carol的推荐语</h3><p>%s</p></aside>' % html.escape(note, quote=True), page)
        self.assertNotIn("<b>anything</b>", page)
        self.assertLess(page.index("Carol的推荐语"), page.index("The first flush is picked"))
        self.assertNotIn("<aside", self.page("/s/alice-tea/a/noted"))

    def test_shop_home_lists_the_brands_articles(self):
        self.post(article(self.w, "home-list", title="On the home page", summary="Listed & linked.",
                          created=T0 + 20_000_000))
        body = self.page("/s/carol")
        self.assertIn('<li><a href="/s/carol/a/home-list"><strong>On the home page</strong> '
                      '<span>Listed &amp; linked.</span></a></li>', body)
        links = re.findall(r'href="/s/carol/a/([a-z0-9-]+)"', body)
        self.assertEqual(links[0], "home-list")  # the newest first
        self.assertIn("/s/carol/p/p-tea", body)  # the products are still there

    def test_an_article_of_a_brand_the_shop_does_not_carry(self):
        self.post(article(self.w, "bolt-news", brand="bolt", created=T0 + 7), self.w.bolt)
        self.page("/s/alice-tea/a/bolt-news")  # alice carries bolt
        body = self.page("/s/bob-shop/a/bolt-news", status=404)  # bob does not
        self.assertNotIn("Bolts, explained", body)
        self.assertIn('<a href="/s/bob-shop">', body)
        self.page("/s/bob-shop/a/never-written", status=404)
        self.page("/s/no-such-shop/a/bolt-news", status=404)
        self.assertNotIn("/s/bob-shop/a/bolt-news", self.page("/s/bob-shop"))

    def test_a_forged_article_in_the_store_is_not_shown(self):
        self.post(article(self.w, "tampered-later", title="The real title"))
        conn = commerce.write_db(self.srv)
        try:
            # Edited behind serve.py's back: the signature no longer covers the payload.
            env = json.loads(conn.execute("SELECT envelope FROM documents WHERE kind = 'article' AND subject = "
                                          "'tampered-later'").fetchone()[0])
            env["payload"] = env["payload"].replace("The real title", "A forged title")
            forge = ("UPDATE documents SET envelope = ? WHERE kind = 'article' AND subject = 'tampered-later'",
                     (json.dumps(env),))
            if self.srv.db_url:  # PostgreSQL: the append-only guard set aside, then back
                conn.execute("ALTER TABLE documents DISABLE TRIGGER documents_no_update")
                conn.execute(*forge)
                conn.execute("ALTER TABLE documents ENABLE TRIGGER documents_no_update")
            else:
                conn.execute("DROP TRIGGER documents_no_update")
                conn.execute(*forge)
                conn.execute("CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents "
                             "BEGIN SELECT RAISE(ABORT, 'documents are append-only'); END")
        finally:
            conn.close()
        # A later write makes the store read again (pages are cached per generation).
        self.post(article(self.w, "after-tamper"))
        body = self.page("/s/carol/a/tampered-later", status=404)
        self.assertNotIn("A forged title", body)
        self.assertNotIn("A forged title", self.page("/s/carol"))

    # -- events -----------------------------------------------------------------------------------
    def test_article_views_are_events_of_the_articles_brand(self):
        self.post(article(self.w, "viewed"))
        self.post(article(self.w, "bolt-viewed", brand="bolt"), self.w.bolt)
        v = visitor_id()
        evs = [event("alice-tea", "visit", visitor=v, channel="share", campaign="viewed", hop=1),
               event("alice-tea", "article_view", product="viewed", visitor=v, channel="share", campaign="viewed", hop=1),
               event("alice-tea", "article_view", product="bolt-viewed", visitor=v, channel="qr", campaign="bolt-viewed"),
               event("bob-shop", "article_view", product="viewed", visitor=v, channel="link", campaign="viewed")]
        st, doc = self.api.events(evs)
        self.assertEqual((st, doc), (200, {"stored": 4, "duplicates": 0, "rejected": []}))
        conn = commerce.db(self.srv)
        try:
            rows = {r[0]: r[1:] for r in conn.execute(
                "SELECT id, type, product, brands, campaign, hop FROM events WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps([e["id"] for e in evs]),))}
        finally:
            conn.close()
        self.assertEqual(rows[evs[1]["id"]], ("article_view", "viewed", '["acme"]', "viewed", 1))
        self.assertEqual(rows[evs[2]["id"]], ("article_view", "bolt-viewed", '["bolt"]', "bolt-viewed", 0))
        # The brand's and the distributor's activity pass them on like any other event.
        st, acme = self.api.signed_get(self.w.acme, "/api/brands/acme/activity")
        self.assertEqual(st, 200, acme)
        seen = {e["id"]: e for e in acme["events"]}
        self.assertEqual((seen[evs[1]["id"]]["type"], seen[evs[1]["id"]]["product"]), ("article_view", "viewed"))
        self.assertIn(evs[3]["id"], seen)
        self.assertNotIn(evs[2]["id"], seen)  # bolt's article
        st, bolt = self.api.signed_get(self.w.bolt, "/api/brands/bolt/activity")
        self.assertIn(evs[2]["id"], {e["id"] for e in bolt["events"]})
        st, mine = self.api.signed_get(self.w.alice, "/api/shops/alice-tea/activity")
        self.assertEqual(st, 200, mine)
        self.assertTrue({evs[1]["id"], evs[2]["id"]} <= {e["id"] for e in mine["events"]})
        st, team = self.api.signed_get(self.w.bob, "/api/shops/bob-shop/activity")
        self.assertIn(evs[3]["id"], {e["id"] for e in team["events"]})
        # The console's compact activity (the core reads it) takes them too.
        path = "/api/brands/acme/insight"
        st, _, raw = self.srv.request("GET", path, headers={"Authorization": auth_header(self.w.acme, "GET", path)})
        self.assertEqual(st, 200, raw[:200])


class ArticleImages(unittest.TestCase):
    def test_pictures_an_article_names_are_never_swept(self):
        srv = fixtures.Server().start()
        try:
            w = srv.world
            pngs = [fixtures.png_bytes(6, 4, c) for c in ((9, 1, 1), (1, 9, 1), (1, 1, 9), (9, 9, 1))]
            got = []
            for data in pngs:
                st, _, body = srv.request("POST", "/api/images", data, {
                    "Content-Type": "image/png", "Authorization": auth_header(w.acme, "POST", "/api/images", data)})
                self.assertEqual(st, 201, body)
                got.append(json.loads(body))
            cover, picture, material, unused = got
            a = article(w, "pictured", cover=cover, blocks=[{"kind": "img", "image": picture, "alt": "A picture"},
                                                             {"kind": "p", "text": "Words."}],
                        materials=[{"text": "Share this.", "image": material}])
            st, body = srv.post_doc(sign(a, w.acme), None)
            self.assertEqual(st, 201, body)
            srv.stop()
            conn = commerce.write_db(srv)
            conn.execute("UPDATE images SET stored_ms = ? WHERE uploader = ?", (now_ms() - 49 * 3600 * 1000, pub(w.acme)))
            conn.commit()
            conn.close()
            srv.start(quiet=False)
            self.assertIn("deleted 1 uploaded image", srv.stderr())
            self.assertEqual(srv.get(unused["src"])[0], 404)
            for ref in (cover, picture, material):
                self.assertEqual(srv.get(ref["src"])[0], 200)
        finally:
            srv.cleanup()


class OlderStore(unittest.TestCase):
    def test_a_store_made_before_articles_takes_them(self):
        """The documents table's CHECK of an older store names five kinds: it is widened at start,
        every stored document kept with its seq."""
        srv = fixtures.Server(sqlite_only=True).start()  # an older SQLite store's upgrade
        try:
            srv.stop()
            path = os.path.join(srv.data, "dynshop.sqlite3")
            conn = sqlite3.connect(path, isolation_level=None)
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
            before = conn.execute("SELECT seq, kind, subject, envelope FROM documents ORDER BY seq").fetchall()
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("BEGIN")
            conn.execute(sql.replace("'article',", "").replace("documents", "documents_old", 1))
            conn.execute("INSERT INTO documents_old SELECT * FROM documents")
            conn.execute("DROP TABLE documents")
            conn.execute("ALTER TABLE documents_old RENAME TO documents")
            conn.execute("COMMIT")
            self.assertNotIn("'article'", conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents'").fetchone()[0])
            conn.close()
            srv.start(quiet=False)
            self.assertIn("the documents table now takes brand articles too", srv.stderr())
            st, body = srv.post_doc(sign(article(srv.world, "after-upgrade"), srv.world.acme), None)
            self.assertEqual(st, 201, body)
            conn = sqlite3.connect(path)
            after = conn.execute("SELECT seq, kind, subject, envelope FROM documents ORDER BY seq").fetchall()
            guards = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            conn.close()
            self.assertEqual(after[:len(before)], before)
            self.assertEqual(after[-1][1:3], ("article", "after-upgrade"))
            self.assertTrue({"documents_no_update", "documents_no_delete"} <= guards)
            self.assertEqual(srv.get("/s/carol/a/after-upgrade")[0], 200)
            srv.stop()
            srv.start(quiet=False)  # once only
            self.assertNotIn("now takes brand articles", srv.stderr())
        finally:
            srv.cleanup()


DEMO = os.path.join(fixtures.REPO, os.environ.get("DYNSHOP_BUILD") or "build", "demo")


class DemoArticles(unittest.TestCase):
    """The seeded demo (tools/gen_demo.cpp writes it): each brand has two articles, accepted by the
    store, with real pictures, product cards of its own release, a share text and share materials."""

    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(os.path.join(DEMO, "documents.jsonl")):
            raise unittest.SkipTest("%s is not built (run tools/build.sh)" % DEMO)
        cls.srv = fixtures.Server(seed_dir=DEMO).start(quiet=False)
        with open(os.path.join(DEMO, "demo.json")) as f:
            cls.demo = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def test_each_brand_has_two_articles_every_shop_of_it_shows(self):
        self.assertRegex(self.srv.stderr(), r"seed: imported \d+ documents \(0 refused\)")
        for brand in self.demo["brands"]:
            st, body = self.srv.get_json("/api/brands/%s/articles" % brand["id"])
            self.assertEqual(st, 200)
            articles = [json.loads(e["payload"]) for e in body["articles"]]
            self.assertEqual(len(articles), 2, brand["id"])
            st, rel = self.srv.get_json("/api/releases/%s" % brand["id"])
            products = {p["id"] for p in json.loads(rel["payload"])["products"]}
            for a in articles:
                self.assertFalse(a.get("retired"))
                self.assertTrue(a["title"] and a["summary"] and a["share_text"])
                self.assertGreaterEqual(len(a["materials"]), 2)
                self.assertLessEqual(len(a["materials"]), 3)
                cards = [b["product"] for b in a["blocks"] if b["kind"] == "product"]
                self.assertTrue(cards)
                self.assertTrue(set(cards) <= products)
                pictures = [a["cover"]] + [b["image"] for b in a["blocks"] if b["kind"] == "img"]
                pictures += [m["image"] for m in a["materials"] if "image" in m]
                for ref in pictures:
                    self.assertEqual(self.srv.get(ref["src"])[0], 200, ref)
                shop = next(s for s in self.demo["shops"] if brand["id"] in s["brands"])
                st, _, page = self.srv.get("/s/%s/a/%s" % (shop["slug"], a["id"]))
                self.assertEqual(st, 200)
                self.assertIn(html.escape(a["title"]), page.decode("utf-8"))


if __name__ == "__main__":
    unittest.main()
