"""HTML routes: the index.html template filled with meta, Open Graph/Twitter tags, a first-paint
summary and boot JSON, everything escaped; plus the 503 page when the app is not built."""
import gzip
import html
import json
import os
import re
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import fixtures  # noqa: E402

HOST = "shop.example.com"


def meta(body, attr, name):
    m = re.search(r'<meta %s="%s" content="([^"]*)">' % (attr, re.escape(name)), body)
    return html.unescape(m.group(1)) if m else None


def boot(body):
    m = re.search(r"<script>window\.dynshopBoot = (.*?);</script>", body)
    return json.loads(m.group(1)) if m else None


class Pages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = fixtures.Server(extra_args=["--public-url", "http://%s/" % HOST]).start()
        cls.w = cls.srv.world

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def page(self, path, status=200, host=HOST):
        st, headers, body = self.srv.get(path, {"Host": host})
        self.assertEqual(st, status, path)
        self.assertEqual(headers["Content-Type"], "text/html; charset=utf-8")
        text = body.decode("utf-8")
        self.assertNotIn("{{", text.replace("{{boot}}", ""), "a placeholder was left unfilled")
        return text

    # -- a shop -----------------------------------------------------------------------------------
    def test_shop_page_meta_and_open_graph(self):
        body = self.page("/s/alice-tea?ch=qr&c=spring")
        self.assertIn('<html lang="zh-CN">', body)  # the first brand (acme) is zh-CN
        self.assertIn('<meta name="theme-color" content="#0F766E">', body)
        self.assertIn('style="--brand: #0F766E"', body)
        self.assertIn("<title>Alice&#x27;s Tea House — Welcome to my tea house!</title>", body)
        self.assertEqual(meta(body, "property", "og:type"), "website")
        self.assertEqual(meta(body, "property", "og:title"), "Alice's Tea House — Welcome to my tea house!")
        self.assertEqual(meta(body, "property", "og:site_name"), "Alice's Tea House")
        self.assertEqual(meta(body, "property", "og:url"), "http://%s/s/alice-tea" % HOST)
        self.assertEqual(meta(body, "property", "og:image"), "http://%s%s" % (HOST, self.w.banner["src"]))
        self.assertEqual(meta(body, "name", "twitter:card"), "summary_large_image")
        self.assertEqual(meta(body, "name", "twitter:image"), "http://%s%s" % (HOST, self.w.banner["src"]))
        self.assertEqual(meta(body, "name", "twitter:title"), meta(body, "property", "og:title"))
        self.assertIn('<link rel="canonical" href="http://%s/s/alice-tea">' % HOST, body)
        self.assertIsNone(meta(body, "property", "product:price:amount"))

    def test_shop_page_summary(self):
        body = self.page("/s/alice-tea")
        # The banner is an <img> the browser fetches first, with its size (no shift when it arrives).
        self.assertIn('<header class="fp-hero"><img src="%s" alt="" width="1200" height="400" fetchpriority="high" elementtiming="first-paint"></header>'
                      % self.w.banner["src"], body)
        self.assertIn('<section class="fp-shop">', body)
        self.assertIn('<img class="fp-avatar" src="%s" alt="Alice&#x27;s Tea House"' % self.w.avatar["src"], body)
        self.assertIn("<h1>Alice&#x27;s Tea House</h1>", body)
        self.assertIn("<p>Welcome to my tea house! Every leaf is picked in spring.</p>", body)
        items = re.findall(r'<li><a href="([^"]+)">(.*?) <span>(.*?)</span></a></li>', body)
        # Every product of both brands (no selection), with prices from minor units.
        self.assertEqual([(h, p) for h, _, p in items], [
            ("/s/alice-tea/p/p-tea", "¥68.00"), ("/s/alice-tea/p/p-cup", "¥123.45"),
            ("/s/alice-tea/p/p-pot", "¥1,000.00"), ("/s/alice-tea/p/b-bolt", "$2.50")])
        self.assertEqual(html.unescape(items[0][1]), fixtures.HOSTILE_TITLE)

    def test_shop_selection_and_english_locale_boot(self):
        body = self.page("/s/bob-shop")
        items = re.findall(r'<li><a href="([^"]+)">', body)
        self.assertEqual(items, ["/s/bob-shop/p/p-tea", "/s/bob-shop/p/p-cup"])  # bob's selection only
        self.assertIn("<title>Bob 的茶铺 — 欢迎光临。</title>", body)
        b = boot(body)
        # The fixture's site has only the full app (no shop.wasm): every page loads it.
        self.assertEqual(b, {"prefetch": ["/api/shops/bob-shop?hashes=left_out", "/trust.json"], "app": "app",
                             "wasmBytes": len(fixtures.WASM_BYTES), "route": "/s/bob-shop"})

    def test_which_build_a_page_loads(self):
        # The consumer's pages load the shop's build; the editor, the console and the page of who
        # earns from an order (theirs, signed) the full app; a site with no shop build, the full app.
        from store import pages
        for path, build in (("/s/bob-shop", "shop"), ("/s/bob-shop/p/p-tea", "shop"), ("/o/ord1", "shop"),
                            ("/o/ord1/why", "app"), ("/d/bob-shop", "app"), ("/console/b1", "app"), ("/", "shop"),
                            ("/o/why", "shop")):
            self.assertEqual(pages.app_build_for(path.split("/")[1:], True), build, path)
        self.assertEqual(pages.app_build_for(["s", "bob-shop"], False), "app")

    def test_preload_links(self):
        body = self.page("/s/bob-shop")
        self.assertIn('<link rel="preload" href="/app.wasm" as="fetch" type="application/wasm" crossorigin>', body)
        self.assertIn('<link rel="preload" href="/fonts/inter-core.ttf" as="font" type="font/ttf" crossorigin>', body)
        self.assertNotIn("cjk-extended.ttf", body)  # the extended subset loads only when needed
        # Bob's shop has Chinese words in its first paint: the core CJK subset comes with Inter.
        self.assertIn('<link rel="preload" href="/fonts/cjk-core.ttf" as="font" type="font/ttf" crossorigin>', body)

    def test_a_page_without_chinese_words_does_not_ask_for_the_cjk_font(self):
        # The app loads the CJK font only once text needs it (src/ui/fonts.h); an English page must
        # not make a phone download it anyway.
        body = self.page("/console/acme")
        self.assertIn('<link rel="preload" href="/fonts/inter-core.ttf" as="font" type="font/ttf" crossorigin>', body)
        self.assertNotIn("cjk-core.ttf", body)
        self.assertNotIn("cjk-extended.ttf", body)

    # -- a product --------------------------------------------------------------------------------
    def test_product_page_open_graph_price_and_escaping(self):
        body = self.page("/s/bob-shop/p/p-tea?ch=share&h=2")
        hostile = fixtures.HOSTILE_TITLE
        self.assertNotIn(hostile, body)
        self.assertNotIn("<script>alert", body)
        self.assertIn(html.escape(hostile, quote=True), body)
        title = "%s · ¥68.00 · Bob 的茶铺" % hostile
        self.assertIn("<title>%s</title>" % html.escape(title, quote=True), body)
        self.assertEqual(meta(body, "property", "og:type"), "product")
        self.assertEqual(meta(body, "property", "og:title"), title)
        self.assertEqual(meta(body, "property", "product:price:amount"), "68.00")
        self.assertEqual(meta(body, "property", "product:price:currency"), "CNY")
        self.assertEqual(meta(body, "property", "og:description"), "Spring harvest")
        self.assertEqual(meta(body, "property", "og:image"), "http://%s%s" % (HOST, self.w.tea_img["src"]))
        self.assertEqual(meta(body, "property", "og:url"), "http://%s/s/bob-shop/p/p-tea" % HOST)
        self.assertEqual(meta(body, "name", "twitter:card"), "summary_large_image")

    def test_product_page_summary(self):
        body = self.page("/s/bob-shop/p/p-tea")
        # No banner on a product link: the product's picture is what the page shows first.
        self.assertIn('<header class="fp-hero fp-slim"></header>', body)
        art = body[body.index('<article class="fp-product">'):body.index("</article>")]
        self.assertIn('<img src="%s" alt="%s" width="800" height="800" fetchpriority="high" elementtiming="first-paint">'
                      % (self.w.tea_img["src"], html.escape(fixtures.HOSTILE_TITLE)), art)
        self.assertIn("<h2>%s</h2>" % html.escape(fixtures.HOSTILE_TITLE), art)
        self.assertIn('<p class="fp-price">¥68.00</p>', art)
        self.assertIn("<p>Hand-picked &lt;b&gt;green&lt;/b&gt; tea.</p>", art)
        self.assertIn("<dl>\n<dt>Weight</dt><dd>250 g</dd>\n</dl>", art)
        # The distributor's note: its own labelled aside, apart from the brand's text, escaped.
        aside = re.search(r'<aside aria-label="Bob 的茶铺的推荐语">(.*?)</aside>', art)  # a zh-CN page
        self.assertIsNotNone(aside)
        self.assertIn("My favourite &lt;i&gt;tea&lt;/i&gt; &amp; yours", aside.group(1))
        self.assertNotIn("My favourite", art[:art.index("<aside")])

    def test_price_with_thousands_and_usd(self):
        body = self.page("/s/alice-tea/p/p-pot")
        self.assertEqual(meta(body, "property", "product:price:amount"), "1000.00")
        self.assertIn('<p class="fp-price">¥1,000.00</p>', body)
        body = self.page("/s/alice-tea/p/b-bolt")
        self.assertEqual(meta(body, "property", "product:price:amount"), "2.50")
        self.assertEqual(meta(body, "property", "product:price:currency"), "USD")
        # alice's shop is zh-CN (its first brand), but Bolt's product page speaks its brand's language.
        self.assertIn('<html lang="en">', body)
        self.assertEqual(meta(body, "property", "og:locale"), "en_US")
        self.assertEqual(meta(self.page("/s/alice-tea"), "property", "og:locale"), "zh_CN")
        self.assertIn("<p>Sold by Alice&#x27;s Tea House, content verified by Bolt Gear.</p>", body)

    def test_product_outside_the_selection_is_404_page(self):
        body = self.page("/s/bob-shop/p/p-pot", status=404)
        self.assertIn("这件商品不在这家店里", body)  # bob's shop and the product are zh-CN
        self.assertIn('<meta name="robots" content="noindex">', body)
        self.assertNotIn("Clay pot", body)

    def test_script_breakout_in_route_is_escaped(self):
        path = "/s/bob-shop/p/</script><script>alert(1)</script>"
        raw = self.srv.raw(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (path, HOST)).encode())
        head, _, body = raw.partition(b"\r\n\r\n")
        text = body.decode("utf-8")
        self.assertIn(b" 200 ", head.split(b"\r\n")[0])  # '/' splits it: a route below the shop
        self.assertNotIn("<script>alert(1)", text)
        self.assertNotIn("</script><script>", text)
        b = boot(text)
        self.assertEqual(b["route"], path)
        self.assertIn("\\u003c/script\\u003e", text)

    def test_greeting_that_looks_like_a_placeholder_stays_text(self):
        body = self.page("/s/carol")
        self.assertEqual(body.count("window.dynshopBoot = "), 1)
        self.assertIn("<p>I sell tea {{boot}} here. Come in.</p>", body)
        self.assertIn("<title>Carol — I sell tea {{boot}} here.</title>", body)

    def test_hostile_host_header_is_not_reflected(self):
        evil = 'evil.com"><script>alert(2)</script>'
        raw = self.srv.raw(("GET /s/bob-shop HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % evil).encode())
        text = raw.partition(b"\r\n\r\n")[2].decode("utf-8")
        self.assertNotIn("alert(2)", text)
        self.assertIn('content="http://%s/s/bob-shop"' % HOST, text)

    def test_the_canonical_origin_is_the_configured_one_never_the_host_header(self):
        # A well-formed Host of someone else's (a poisoned cache, a preview fetched through a proxy)
        # changes nothing: og:url, the canonical link and image URLs name the configured origin.
        for host in ("evil.example.net", "localhost:1", "[::1]:8000"):
            body = self.page("/s/alice-tea", host=host)
            self.assertEqual(meta(body, "property", "og:url"), "http://%s/s/alice-tea" % HOST, host)
            self.assertNotIn(host, body)
        srv = fixtures.Server(world=self.w).start()  # no --public-url: this machine, never the Host
        try:
            st, _, body = srv.get("/s/alice-tea", {"Host": "evil.example.net"})
            self.assertEqual(meta(body.decode(), "property", "og:url"), "http://localhost:%d/s/alice-tea" % srv.port)
        finally:
            srv.cleanup()

    # -- other routes -----------------------------------------------------------------------------
    def test_unknown_shop_page(self):
        body = self.page("/s/no-such-shop", status=404)
        self.assertIn("This shop doesn't exist (any more)", body)
        self.assertIn('<a href="/b/acme">Acme Tea 茶</a>', body)
        self.assertIn('<a href="/b/bolt">Bolt Gear</a>', body)
        self.assertIn('<meta name="robots" content="noindex">', body)
        self.assertEqual(boot(body)["prefetch"], ["/api/directory", "/trust.json"])
        body = self.page("/s/NOT_A_SLUG/p/x", status=404)
        self.assertIn("This shop doesn't exist (any more)", body)

    def test_shop_subroutes_serve_the_app(self):
        for sub in ("/search", "/cart", "/checkout", "/c/ware"):
            body = self.page("/s/bob-shop" + sub)
            self.assertIn("<h1>Bob 的茶铺</h1>", body, sub)
            self.assertEqual(boot(body)["route"], "/s/bob-shop" + sub)
        body = self.page("/s/bob-shop/c/ware")
        self.assertIn("<title>Teaware · Bob 的茶铺</title>", body)
        body = self.page("/s/alice-tea/b/bolt")
        self.assertEqual(boot(body)["route"], "/s/alice-tea/b/bolt")
        self.assertIn("<title>Bolt Gear · Alice&#x27;s Tea House</title>", body)

    def test_brand_home_and_app_pages(self):
        body = self.page("/b/acme")
        self.assertIn('<html lang="zh-CN">', body)
        self.assertIn("共有 3 家店铺销售Acme Tea 茶。", body)
        self.assertIn("<h1>Acme Tea 茶</h1>", body)
        self.assertEqual(re.findall(r'<a href="/s/([^"]+)">', body), ["alice-tea", "bob-shop", "carol"])
        self.page("/b/nope", status=404)
        body = self.page("/")
        self.assertIn('<a href="/b/bolt">Bolt Gear</a>', body)
        self.assertIn('<html lang="en">', body)
        for path in ("/o/ORD-123", "/d/", "/d/join", "/console", "/console/acme/settle"):
            body = self.page(path)
            self.assertIn('<meta name="robots" content="noindex">', body, path)
            self.assertEqual(boot(body)["route"], path)
        body = self.page("/o/%3Cb%3Ex")
        self.assertIn("Order &lt;b&gt;x", body)
        self.assertNotIn("<b>x", body)

    def test_pages_gzip(self):
        status, headers, plain = self.srv.get("/s/alice-tea")
        status, headers, packed = self.srv.get("/s/alice-tea", {"Accept-Encoding": "gzip"})
        self.assertEqual(headers["Content-Encoding"], "gzip")
        self.assertEqual(gzip.decompress(packed), plain)

    def test_page_reflects_a_new_manifest(self):
        # Pages are cached per store generation: a write must show up at once.
        m = self.w.manifest("carol", "carol", 2, ["acme"], name="Carol Two", greeting="Fresh.")
        status, res = self.srv.post_doc(fixtures.sign(m, self.w.carol), replaces=1)
        self.assertEqual(status, 201, res)
        body = self.page("/s/carol")
        self.assertIn("<h1>Carol Two</h1>", body)
        m = self.w.manifest("carol", "carol", 3, ["acme"], name="Carol", greeting="I sell tea {{boot}} here. Come in.")
        self.assertEqual(self.srv.post_doc(fixtures.sign(m, self.w.carol), replaces=2)[0], 201)


class DamagedStore(unittest.TestCase):
    """The SQLite file edited behind serve.py's back, signatures kept: pages, cards and prices are
    made only from documents whose signatures check, as the browser makes its screens."""

    @classmethod
    def setUpClass(cls):
        cls.srv = fixtures.Server(sqlite_only=True).start()  # documents edited in the SQLite file by hand
        cls.srv.stop()
        db = sqlite3.connect(os.path.join(cls.srv.data, "dynshop.sqlite3"))

        def edit(kind, brand, subject, change):
            seq, envelope = db.execute("SELECT d.seq, d.envelope FROM heads h JOIN documents d ON d.seq = h.seq "
                                       "WHERE h.kind = ? AND h.brand = ? AND h.subject = ?", (kind, brand, subject)).fetchone()
            env = json.loads(envelope)
            payload = change(env["payload"])
            assert payload != env["payload"]
            env["payload"] = payload
            db.execute("UPDATE documents SET envelope = ? WHERE seq = ?", (json.dumps(env, ensure_ascii=False), seq))

        triggers = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents'").fetchall()
        with db:
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents'").fetchall():
                db.execute('DROP TRIGGER "%s"' % name)
            dist = db.execute("SELECT distributor FROM shops WHERE slug = 'bob-shop'").fetchone()[0]
            edit("manifest", "", dist, lambda t: t.replace("Bob 的茶铺", "Totally Legit Shop", 1))
            edit("release", "acme", "acme", lambda t: re.sub(r'"price":\d+', '"price":1', t))
            for (sql,) in triggers:
                db.execute(sql)
        db.close()
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def get(self, path):
        st, _, body = self.srv.get(path, {"Host": HOST})
        return st, body.decode("utf-8")

    def test_a_forged_manifest_puts_nothing_of_it_in_the_page(self):
        st, body = self.get("/s/bob-shop")
        self.assertNotIn("Totally Legit Shop", body)
        self.assertIn("This shop could not be verified", body)
        self.assertEqual(meta(body, "property", "og:title"), "This shop could not be verified")
        self.assertIn('content="noindex"', body)

    def test_a_forged_release_shows_no_product_price_and_takes_no_order(self):
        st, body = self.get("/s/alice-tea/p/p-tea")
        self.assertNotIn("¥0.01", body)
        self.assertNotIn(fixtures.HOSTILE_TITLE, body)   # none of that brand's content
        self.assertNotIn('property="product:price:amount"', body)
        st, _, answer = self.srv.request("POST", "/api/orders", {
            "key": "k" * 20, "shop": "alice-tea", "brand": "acme", "lines": [{"product": "p-tea", "qty": 1}],
            "contact": {"name": "Mia", "phone": "13800138000", "address": "1 Road"}})
        self.assertEqual(st, 422, answer)
        self.assertEqual(json.loads(answer)["error"]["code"], "no_release")


class NotBuilt(unittest.TestCase):
    def test_missing_site_files_answer_503_with_the_build_command(self):
        srv = fixtures.Server(site_with_index=False).start()
        try:
            for path in ("/", "/s/alice-tea", "/app.wasm", "/app.js"):
                status, headers, body = srv.get(path)
                self.assertEqual(status, 503, path)
                self.assertTrue(headers["Content-Type"].startswith("text/plain"))
                text = body.decode()
                self.assertIn("not built", text)
                self.assertIn("tools/build.sh", text)
            status, _, _ = srv.get("/api/shops/alice-tea")  # the API works without the app
            self.assertEqual(status, 200)
        finally:
            srv.cleanup()


if __name__ == "__main__":
    unittest.main()
