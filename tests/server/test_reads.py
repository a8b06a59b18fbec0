"""Seed import and the read API: shop bundles, directory, slugs, releases, brands, WAL, append-only."""
import base64
import gzip
import json
import os
import sqlite3
import sys
import time
import unittest

import nacl.signing

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
import fixtures  # noqa: E402
from store import core  # noqa: E402


def verify(env, key_b64=None):
    """True when env's signature checks against its key (and the key is key_b64 when given)."""
    if key_b64 is not None and env["key"] != key_b64:
        return False
    try:
        nacl.signing.VerifyKey(base64.b64decode(env["key"])).verify(env["payload"].encode(), base64.b64decode(env["sig"]))
        return True
    except Exception:
        return False


class SeedAndReads(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = fixtures.Server().start()
        cls.w = cls.srv.world
        cls.seed_env = {}
        for kind, env in cls.w.docs:
            p = json.loads(env["payload"])
            cls.seed_env[(kind, p.get("brand", ""), p.get("distributor", p.get("brand")))] = env

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    # -- seed -------------------------------------------------------------------------------------
    def test_seed_import_refuses_and_reports_forged_line(self):
        log = self.srv.stderr()
        # The stranger enrolled their own key as if the brand had: no invite, no consent to anyone.
        self.assertIn("seed: refused line 10 (enrollment): consent_required", log)
        self.assertIn("imported 12 documents (1 refused)", log)
        status, body = self.srv.get_json("/api/slugs/mallory")
        self.assertEqual(status, 200)
        self.assertTrue(body["available"], "the forged enrollment must not have claimed the slug")

    def test_seed_images_copied_not_linked_and_forged_image_refused(self):
        images = os.path.join(self.srv.data, "images")
        names = sorted(n for n in os.listdir(images) if not n.startswith("."))
        self.assertEqual(names, sorted(self.w.images))
        for n in names:
            self.assertFalse(os.path.islink(os.path.join(images, n)))
        self.assertIn("refused image " + "0" * 64 + ".jpg", self.srv.stderr())
        ref = self.w.tea_img
        status, headers, body = self.srv.get(ref["src"])
        self.assertEqual(status, 200)
        self.assertEqual(body, self.w.images[ref["sha256"] + ".jpg"])
        status, _, _ = self.srv.get("/img/" + "0" * 64 + ".jpg")
        self.assertEqual(status, 404)

    # -- shop bundle ------------------------------------------------------------------------------
    def test_shop_bundle_has_whole_chain_and_current_brand_documents(self):
        status, headers, raw = self.srv.get("/api/shops/carol")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json; charset=utf-8")
        b = json.loads(raw)
        self.assertEqual(set(b), {"manifest", "enrollments", "brands", "releases", "policies"})
        self.assertEqual(b["manifest"], self.seed_env[("manifest", "", "carol")])
        self.assertEqual(set(b["enrollments"]), {"acme"})
        chain = b["enrollments"]["acme"]
        self.assertEqual(set(chain), {"carol", "bob", "alice"})
        # Each link is signed by its recruit, carrying the invite their parent signed (the top one's
        # by the brand): exactly as seeded.
        for who, parent in (("carol", self.w.bob), ("bob", self.w.alice), ("alice", self.w.acme)):
            self.assertEqual(chain[who], self.seed_env[("enrollment", "acme", who)])
            self.assertTrue(verify(chain[who], fixtures.pub(getattr(self.w, who))))
            self.assertTrue(verify(json.loads(chain[who]["payload"])["invite"], fixtures.pub(parent)))
        self.assertTrue(verify(b["brands"]["acme"], fixtures.pub(self.w.root)))
        self.assertEqual(json.loads(b["releases"]["acme"]["payload"])["version"], 1)
        self.assertTrue(verify(b["releases"]["acme"], fixtures.pub(self.w.acme)))
        self.assertEqual(json.loads(b["policies"]["acme"]["payload"])["max_levels"], 3)

    def test_shop_bundle_packed_for_a_first_visit_puts_back_to_what_was_signed(self):
        """?hashes=left_out (the storefront's fetch and the shop page's prefetch): each release without
        its products' content hashes, which put back (dynshop_core, as the browser does) give the
        signed bytes again; every other document as signed; smaller; its own ETag."""
        status, headers, raw = self.srv.get("/api/shops/alice-tea")
        whole = json.loads(raw)
        status_p, headers_p, raw_p = self.srv.get("/api/shops/alice-tea?hashes=left_out")
        self.assertEqual((status, status_p), (200, 200))
        packed = json.loads(raw_p)
        self.assertNotEqual(headers["ETag"], headers_p["ETag"])
        for field in ("manifest", "enrollments", "brands", "policies"):
            self.assertEqual(packed[field], whole[field])
        self.assertEqual(set(packed["releases"]), {"acme", "bolt"})
        # Acme's release is not in dump_json's form (the fixture signs json.dumps' text): whole.
        self.assertEqual(packed["releases"]["acme"], whole["releases"]["acme"])
        self.assertTrue(verify(packed["releases"]["acme"], fixtures.pub(self.w.acme)))
        for brand in ("bolt",):
            rel = packed["releases"][brand]
            signed = whole["releases"][brand]
            self.assertEqual(rel["hashes"], "left_out")
            self.assertEqual((rel["key"], rel["sig"]), (signed["key"], signed["sig"]))
            self.assertFalse(verify(rel), "the packed text is not what was signed")
            products = json.loads(rel["payload"])["products"]
            self.assertTrue(products)
            self.assertEqual([p["id"] for p in products], [p["id"] for p in json.loads(signed["payload"])["products"]])
            self.assertTrue(all("hash" not in p for p in products))
            self.assertEqual(core.CORE.put_back_content_hashes(rel["payload"]), signed["payload"])
            self.assertTrue(verify(dict(rel, payload=core.CORE.put_back_content_hashes(rel["payload"])),
                                   fixtures.pub(getattr(self.w, brand))))
            self.assertLess(len(rel["payload"]), len(signed["payload"]) - 70 * len(products))
        # Any other value is the documents as signed.
        status, _, raw_other = self.srv.get("/api/shops/alice-tea?hashes=zipped")
        self.assertEqual(json.loads(raw_other), whole)

    def test_shop_bundle_covers_exactly_the_listed_brands(self):
        status, b = self.srv.get_json("/api/shops/alice-tea")
        self.assertEqual(status, 200)
        self.assertEqual(set(b["brands"]), {"acme", "bolt"})
        self.assertEqual(set(b["releases"]), {"acme", "bolt"})
        self.assertEqual(set(b["policies"]), {"acme"})  # bolt has published no policy
        self.assertEqual(b["enrollments"]["bolt"], {"alice": self.seed_env[("enrollment", "bolt", "alice")]})
        status, b = self.srv.get_json("/api/shops/bob-shop")
        self.assertEqual(set(b["brands"]), {"acme"})

    def test_payload_text_is_kept_byte_for_byte(self):
        status, b = self.srv.get_json("/api/shops/bob-shop")
        seeded = self.seed_env[("manifest", "", "bob")]
        self.assertEqual(b["manifest"]["payload"], seeded["payload"])
        self.assertIn("的茶铺", b["manifest"]["payload"])

    def test_unknown_shop_is_404_json(self):
        for slug in ("nobody", "mallory", "BAD%20SLUG"):
            status, headers, raw = self.srv.get("/api/shops/" + slug)
            self.assertEqual(status, 404, slug)
            self.assertTrue(headers["Content-Type"].startswith("application/json"))
            err = json.loads(raw)["error"]
            self.assertEqual(err["code"], "unknown_shop")
            self.assertTrue(err["message"])

    # -- directory, slugs -------------------------------------------------------------------------
    def test_directory_lists_brands_and_shops(self):
        status, d = self.srv.get_json("/api/directory")
        self.assertEqual(status, 200)
        brands = {b["id"]: b for b in d["brands"]}
        self.assertEqual(brands["acme"], {"id": "acme", "name": "Acme Tea 茶", "locale": "zh-CN",
                                          "currency": "CNY", "shops": 3})
        self.assertEqual(brands["bolt"]["shops"], 1)
        shops = {s["slug"]: s for s in d["shops"]}
        self.assertEqual(sorted(shops), ["alice-tea", "bob-shop", "carol"])
        self.assertEqual(shops["carol"]["level"], 3)
        self.assertEqual(shops["alice-tea"]["level"], 1)
        self.assertEqual(shops["alice-tea"]["brands"], ["acme", "bolt"])
        self.assertEqual(shops["bob-shop"]["name"], "Bob 的茶铺")
        self.assertEqual(shops["bob-shop"]["avatar"], self.w.avatar)
        self.assertTrue(shops["alice-tea"]["greeting"].startswith("Welcome"))
        status, d = self.srv.get_json("/api/directory?brand=bolt")
        self.assertEqual([s["slug"] for s in d["shops"]], ["alice-tea"])

    def test_slug_availability(self):
        cases = {"alice-tea": False, "admin": False, "console": False, "ab": False, "-abc": False,
                 "abc-": False, "Abc": False, "abc%0A": False, "fresh-shop": True, "a1b": True}
        for slug, available in cases.items():
            status, body = self.srv.get_json("/api/slugs/" + slug)
            self.assertEqual(status, 200, slug)
            self.assertEqual(body["available"], available, slug)
            self.assertTrue(body["reason"], slug)
        status, body = self.srv.get_json("/api/slugs/admin")
        self.assertIn("reserved", body["reason"])
        status, body = self.srv.get_json("/api/slugs/alice-tea")
        self.assertIn("already", body["reason"])

    # -- releases, brands -------------------------------------------------------------------------
    def test_releases_current_and_by_version(self):
        seeded = self.seed_env[("release", "acme", "acme")]
        status, env = self.srv.get_json("/api/releases/acme")
        self.assertEqual((status, env), (200, seeded))
        status, headers, raw = self.srv.get("/api/releases/acme/1")
        self.assertEqual((status, json.loads(raw)), (200, seeded))
        self.assertIn("immutable", headers["Cache-Control"])
        for path in ("/api/releases/acme/2", "/api/releases/acme/x", "/api/releases/nope"):
            status, body = self.srv.get_json(path)
            self.assertEqual(status, 404, path)
            self.assertEqual(body["error"]["code"], "unknown_release")

    def test_brand_endpoint(self):
        status, b = self.srv.get_json("/api/brands/acme")
        self.assertEqual(status, 200)
        self.assertEqual(b["brand"], self.seed_env[("brand", "acme", "acme")])
        self.assertEqual(b["policy"], self.seed_env[("policy", "acme", "acme")])
        self.assertEqual(b["release_version"], 1)
        status, b = self.srv.get_json("/api/brands/bolt")
        self.assertIsNone(b["policy"])
        status, b = self.srv.get_json("/api/brands/nope")
        self.assertEqual((status, b["error"]["code"]), (404, "unknown_brand"))

    # -- HTTP details -----------------------------------------------------------------------------
    def test_api_gzip_negotiation(self):
        status, headers, plain = self.srv.get("/api/shops/alice-tea")
        self.assertIsNone(headers.get("Content-Encoding"))
        status, headers, packed = self.srv.get("/api/shops/alice-tea", {"Accept-Encoding": "gzip, deflate"})
        self.assertEqual(headers["Content-Encoding"], "gzip")
        self.assertEqual(int(headers["Content-Length"]), len(packed))
        self.assertLess(len(packed), len(plain))
        self.assertEqual(gzip.decompress(packed), plain)
        status, headers, body = self.srv.get("/api/shops/alice-tea", {"Accept-Encoding": "gzip;q=0"})
        self.assertIsNone(headers.get("Content-Encoding"))
        self.assertEqual(body, plain)
        # A browser that accepts br gets brotli (Debian's python3-brotli), smaller than gzip; pages too.
        import brotli
        status, headers, br = self.srv.get("/api/shops/alice-tea", {"Accept-Encoding": "gzip, deflate, br"})
        self.assertEqual((headers["Content-Encoding"], headers["Vary"]), ("br", "Accept-Encoding"))
        self.assertEqual(brotli.decompress(br), plain)
        self.assertLess(len(br), len(packed))
        status, headers, page = self.srv.get("/s/alice-tea", {"Accept-Encoding": "br"})
        self.assertEqual((status, headers["Content-Encoding"]), (200, "br"))
        self.assertIn(b"<h1>", brotli.decompress(page))

    def test_big_answers_get_best_brotli_beside_the_requests(self):
        """A big cached answer goes out at quality 9 at once and at quality 11 once made beside the
        requests: the same bytes, fewer of them (the 3,000-product shop's answer, 192 -> 167 KB)."""
        import brotli
        from store.static import BEST_BROTLI_FROM, packed
        products = [{"id": "p_%05d" % i, "title": "Cedar tea %d" % i, "price": 1000 + i * 7,
                     "description": "Hand-picked leaves from the hills, batch %d." % (i * 31 % 977)} for i in range(3000)]
        body = json.dumps({"payload": json.dumps({"products": products})}).encode("utf-8")
        self.assertGreater(len(body), BEST_BROTLI_FROM)
        item = {"body": body}
        _, br = packed(item)
        first = br()
        self.assertEqual(brotli.decompress(first), body)
        for _ in range(600):
            if item["br"] is not first:
                break
            time.sleep(0.1)
        self.assertIsNot(item["br"], first, "the quality 11 form was never made")
        self.assertEqual(brotli.decompress(item["br"]), body)
        self.assertLess(len(item["br"]), len(first))
        self.assertIs(br(), item["br"])  # and sent from then on
        small = {"body": b'{"a":"b"}' * 10}
        _, br_small = packed(small)
        made = br_small()
        time.sleep(0.2)
        self.assertIs(small["br"], made)  # a small answer is made once

    def test_etag_revalidation(self):
        status, headers, _ = self.srv.get("/api/shops/bob-shop")
        status, headers2, body = self.srv.get("/api/shops/bob-shop", {"If-None-Match": headers["ETag"]})
        self.assertEqual(status, 304)
        self.assertEqual(body, b"")

    def test_head_matches_get(self):
        _, headers, body = self.srv.get("/api/directory")
        status, hheaders, hbody = self.srv.request("HEAD", "/api/directory")
        self.assertEqual(status, 200)
        self.assertEqual(hbody, b"")
        self.assertEqual(int(hheaders["Content-Length"]), len(body))

    def test_wrong_method_and_unknown_api(self):
        status, headers, raw = self.srv.request("POST", "/api/shops/alice-tea", b"{}")
        self.assertEqual(status, 405)
        self.assertIn("GET", headers["Allow"])
        self.assertEqual(json.loads(raw)["error"]["code"], "method_not_allowed")
        status, headers, raw = self.srv.request("GET", "/api/documents")
        self.assertEqual((status, headers["Allow"]), (405, "POST"))
        status, headers, raw = self.srv.request("DELETE", "/s/alice-tea")
        self.assertEqual(status, 405)
        self.assertEqual(json.loads(raw)["error"]["code"], "method_not_allowed")
        status, headers, raw = self.srv.get("/api/nothing-here")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(raw)["error"]["code"], "not_found")

    def test_unsupported_method_is_json_not_html(self):
        raw = self.srv.raw(b"BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertIn(b" 405 ", head.split(b"\r\n")[0])
        self.assertEqual(json.loads(body)["error"]["code"], "method_not_allowed")

    def test_unread_body_is_never_taken_for_the_next_request(self):
        inner = b"GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n"
        for head in (b"POST /api/shops/alice-tea HTTP/1.1\r\nHost: x\r\n",              # 405 before reading
                     b"POST /api/images HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"):  # 415 before reading
            raw = self.srv.raw(head + b"Content-Length: %d\r\n\r\n" % len(inner) + inner)
            self.assertEqual(raw.count(b"HTTP/1.1 "), 1, raw)
            self.assertIn(b"Connection: close", raw)
            self.assertNotIn(b"createDynshop", raw)
        # A GET with a body: same rule.
        raw = self.srv.raw(b"GET /api/directory HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(inner) + inner)
        self.assertEqual(raw.count(b"HTTP/1.1 "), 1, raw)

    def test_keep_alive_serves_several_requests(self):
        one = b"GET /api/slugs/fresh-shop HTTP/1.1\r\nHost: x\r\n\r\n"
        raw = self.srv.raw(one * 2 + b"GET /api/slugs/admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertEqual(raw.count(b"HTTP/1.1 200 "), 3)
        self.assertEqual(raw.count(b'"available": true'), 2)

    # -- the database -----------------------------------------------------------------------------
    def test_wal_mode_and_append_only_documents(self):
        if self.srv.db_url:  # PostgreSQL: the same guards, its own catalogue
            import psycopg
            conn = commerce.write_db(self.srv)
            try:
                self.assertEqual(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0], 12)
                for change in ("UPDATE documents SET envelope = '{}' WHERE seq = 1", "DELETE FROM documents"):
                    with self.assertRaises(psycopg.errors.RaiseException):
                        conn.execute(change)
                tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
                self.assertTrue({"documents", "heads", "distributors", "enrollments", "shops", "images", "events",
                                 "orders", "order_status"} <= tables)
            finally:
                conn.close()
            return
        path = os.path.join(self.srv.data, "dynshop.sqlite3")
        conn = sqlite3.connect(path, timeout=5)
        try:
            self.assertEqual(conn.execute("PRAGMA journal_mode").fetchone()[0].lower(), "wal")
            n = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            self.assertEqual(n, 12)
            with self.assertRaises(sqlite3.DatabaseError):
                conn.execute("UPDATE documents SET envelope = '{}' WHERE seq = 1")
            with self.assertRaises(sqlite3.DatabaseError):
                conn.execute("DELETE FROM documents")
            conn.rollback()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            self.assertTrue({"documents", "heads", "distributors", "enrollments", "shops", "images", "events",
                             "orders", "order_status"} <= tables)
        finally:
            conn.close()


if __name__ == "__main__":
    unittest.main()
