"""Static app files (types, ETag, gzip, HEAD, caching), path traversal in every spelling, and image
uploads (good, corrupt, huge header, wrong type, too large)."""
import gzip
import hashlib
import json
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import fixtures  # noqa: E402
from commerce import auth_header  # noqa: E402

SECRETS = (b"root:x:0:0", b"SQLite format 3", b"root_key", b"import argparse")


class Static(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = fixtures.Server()
        # Symlinks planted in the served folders, pointing outside them.
        os.symlink("/etc/passwd", os.path.join(cls.srv.site, "fonts", "leak.ttf"))
        os.symlink(fixtures.SERVE, os.path.join(cls.srv.site, "fonts", "serve.ttf"))
        os.makedirs(os.path.join(cls.srv.data, "images"), exist_ok=True)
        cls.evil_img = "a" * 64 + ".jpg"
        os.symlink("/etc/passwd", os.path.join(cls.srv.data, "images", cls.evil_img))
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def test_app_files(self):
        site = self.srv.site
        for path, ctype in (("/app.wasm", "application/wasm"), ("/app.js", "text/javascript; charset=utf-8"),
                            ("/shell.js", "text/javascript; charset=utf-8"), ("/render.js", "text/javascript; charset=utf-8"),
                            ("/style.css", "text/css; charset=utf-8"),
                            ("/fonts/inter-core.ttf", "font/ttf")):
            st, headers, body = self.srv.get(path)
            self.assertEqual(st, 200, path)
            self.assertEqual(headers["Content-Type"], ctype, path)
            with open(os.path.join(site, path.lstrip("/")), "rb") as f:
                self.assertEqual(body, f.read(), path)
            self.assertEqual(int(headers["Content-Length"]), len(body))
            self.assertEqual(headers["Cache-Control"], "no-cache")
            self.assertTrue(headers["ETag"].startswith('"'))

    def test_gzip_etag_and_head(self):
        st, headers, plain = self.srv.get("/app.wasm")
        st, gheaders, packed = self.srv.get("/app.wasm", {"Accept-Encoding": "br, gzip"})
        self.assertEqual(gheaders["Content-Encoding"], "gzip")
        self.assertEqual(gheaders["Vary"], "Accept-Encoding")
        self.assertEqual(int(gheaders["Content-Length"]), len(packed))
        self.assertLess(len(packed), len(plain))
        self.assertEqual(gzip.decompress(packed), plain)
        st, h2, body = self.srv.get("/app.wasm", {"Accept-Encoding": "identity"})
        self.assertIsNone(h2.get("Content-Encoding"))
        st, h3, body = self.srv.get("/app.wasm", {"If-None-Match": headers["ETag"]})
        self.assertEqual((st, body), (304, b""))
        st, h4, body = self.srv.request("HEAD", "/app.wasm")
        self.assertEqual((st, body), (200, b""))
        self.assertEqual(int(h4["Content-Length"]), len(fixtures.WASM_BYTES))

    def test_brotli_made_at_build_time(self):
        """The wasm's brotli form, made by tools/build.sh, goes to browsers that accept br; one made
        from other bytes (a file copied in after the build) never does: gzip instead."""
        import subprocess
        site = self.srv.site
        plain = b"\x00asm\x01\x00\x00\x00" + b"consumer shop " * 3000
        for name, made_from in (("shop.wasm", plain), ("shop.js", b"an older build")):
            with open(os.path.join(site, name), "wb") as f:
                f.write(plain)
            packed = subprocess.run(["brotli", "-q", "11", "-c"], input=made_from, capture_output=True, check=True).stdout
            with open(os.path.join(site, name + ".br"), "wb") as f:
                f.write(packed)
            with open(os.path.join(site, name + ".br.sha256"), "w") as f:
                f.write(hashlib.sha256(made_from).hexdigest())
        st, h, body = self.srv.get("/shop.wasm", {"Accept-Encoding": "gzip, deflate, br"})
        self.assertEqual((st, h.get("Content-Encoding"), h["Vary"]), (200, "br", "Accept-Encoding"))
        self.assertLess(len(body), len(gzip.compress(plain, 6)))
        self.assertEqual(subprocess.run(["brotli", "-d", "-c"], input=body, capture_output=True, check=True).stdout, plain)
        st, h, body = self.srv.get("/shop.wasm", {"Accept-Encoding": "gzip"})
        self.assertEqual((h.get("Content-Encoding"), gzip.decompress(body)), ("gzip", plain))
        st, h, body = self.srv.get("/shop.wasm", {"Accept-Encoding": "br;q=0, gzip"})
        self.assertEqual(h.get("Content-Encoding"), "gzip")
        # Made from other bytes: never sent.
        st, h, body = self.srv.get("/shop.js", {"Accept-Encoding": "br, gzip"})
        self.assertEqual((h.get("Content-Encoding"), gzip.decompress(body)), ("gzip", plain))
        # The .br files themselves are not served.
        for path in ("/shop.wasm.br", "/shop.wasm.br.sha256"):
            self.assertEqual(self.srv.get(path)[0], 404, path)
        # Pages: consumers get the shop's build, preloading nothing (their first paint's pictures come
        # first); /d and /console the full app, preloaded.
        for path, build in (("/", "shop"), ("/d/someone", "app"), ("/console/b_x", "app"), ("/o/ABC", "shop")):
            st, h, body = self.srv.get(path)
            html = body.decode("utf-8")
            self.assertIn('"app":"%s"' % build, html, path)
            if build == "app":
                self.assertIn('<link rel="preload" href="/app.wasm"', html, path)
            else:
                self.assertNotIn('rel="preload"', html, path)
        for name in ("shop.wasm", "shop.js"):
            for suffix in ("", ".br", ".br.sha256"):
                os.unlink(os.path.join(site, name + suffix))

    def test_trust_json_from_the_seed(self):
        st, headers, body = self.srv.get("/trust.json")
        self.assertEqual(st, 200)
        self.assertEqual(json.loads(body), {"root_key": fixtures.pub(self.srv.world.root)})
        self.assertTrue(headers["Content-Type"].startswith("application/json"))

    def test_images_are_immutable_and_exact(self):
        ref = self.srv.world.cup_img
        st, headers, body = self.srv.get(ref["src"])
        self.assertEqual(st, 200)
        self.assertEqual(headers["Content-Type"], "image/png")
        self.assertIn("immutable", headers["Cache-Control"])
        self.assertIn("max-age=31536000", headers["Cache-Control"])
        self.assertEqual(hashlib.sha256(body).hexdigest(), ref["sha256"])
        for path in ("/img/" + ref["sha256"].upper() + ".png", "/img/" + ref["sha256"] + ".gif", "/img/x.jpg",
                     "/img/", "/img/" + ref["sha256"] + ".png/x"):
            st, headers, body = self.srv.get(path)
            self.assertEqual(st, 404, path)
            self.assertTrue(headers["Content-Type"].startswith("application/json"))

    def test_path_traversal_never_leaks(self):
        paths = [
            "/../serve.py", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            "/fonts/../../seed/trust.json", "/fonts/..%2f..%2fseed%2ftrust.json", "/fonts/%2e%2e/index.html",
            "/fonts/%2e%2e%2f%2e%2e%2fdata%2fdynshop.sqlite3", "/img/..%2fdynshop.sqlite3", "//etc/passwd",
            "/etc/passwd", "/fonts//etc/passwd", "/fonts/%2Fetc%2Fpasswd", "/app.js/../../etc/passwd",
            "/fonts/leak.ttf", "/fonts/serve.ttf", "/img/" + self.evil_img, "/fonts/..\\..\\etc\\passwd",
            "/fonts/%5c..%5c..%5cetc%5cpasswd", "/data/dynshop.sqlite3", "/seed/trust.json", "/index.html",
            "/fonts/%00", "/s/../../etc/passwd", "/api/releases/..%2f..%2fetc%2fpasswd",
            "http://x/../../etc/passwd",
        ]
        for path in paths:
            raw = self.srv.raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode())
            status_line = raw.split(b"\r\n", 1)[0]
            for secret in SECRETS:
                self.assertNotIn(secret, raw, path)
            self.assertTrue(b" 404 " in status_line or b" 400 " in status_line, (path, status_line))

    # -- uploads ----------------------------------------------------------------------------------
    def upload(self, data, ctype):
        # Signed by an enrolled distributor (uploads are theirs and the brands' only; test_abuse
        # tries it unsigned and with a stranger's key).
        st, headers, body = self.srv.request("POST", "/api/images", data, {
            "Content-Type": ctype, "Authorization": auth_header(self.srv.world.alice, "POST", "/api/images", data)})
        return st, json.loads(body)

    def test_upload_good_png_and_jpeg(self):
        png = fixtures.png_bytes(37, 21, (1, 2, 3))
        st, res = self.upload(png, "image/png")
        sha = hashlib.sha256(png).hexdigest()
        self.assertEqual((st, res), (201, {"src": "/img/%s.png" % sha, "sha256": sha, "w": 37, "h": 21}))
        st, headers, body = self.srv.get(res["src"])
        self.assertEqual((st, body), (200, png))
        self.assertFalse(os.path.islink(os.path.join(self.srv.data, "images", sha + ".png")))
        jpg = fixtures.jpeg_bytes(1920, 1080, b"upload")
        st, res = self.upload(jpg, "image/jpeg; charset=binary")
        self.assertEqual((st, res["w"], res["h"]), (201, 1920, 1080))
        self.assertTrue(res["src"].endswith(".jpg"))
        st, res2 = self.upload(jpg, "image/jpeg")  # the same bytes again: same address
        self.assertEqual((st, res2), (201, res))

    def test_upload_refusals(self):
        st, res = self.upload(b"\x89PNG\r\n\x1a\n" + b"garbage" * 4, "image/png")
        self.assertEqual((st, res["error"]["code"]), (422, "bad_image"))
        st, res = self.upload(fixtures.jpeg_bytes(10, 10), "image/png")          # says PNG, is JPEG
        self.assertEqual((st, res["error"]["code"]), (422, "bad_image"))
        st, res = self.upload(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 10, "image/jpeg")  # no frame header
        self.assertEqual((st, res["error"]["code"]), (422, "bad_image"))
        st, res = self.upload(fixtures.png_bytes(1, 1)[:16] + struct.pack(">II", 9000, 10) + b"\x08\x02\x00\x00\x00",
                              "image/png")
        self.assertEqual((st, res["error"]["code"]), (422, "bad_image"))
        self.assertIn("9000", res["error"]["message"])
        st, res = self.upload(fixtures.jpeg_bytes(100, 60000), "image/jpeg")
        self.assertEqual((st, res["error"]["code"]), (422, "bad_image"))
        st, res = self.upload(b"GIF89a....", "image/gif")
        self.assertEqual((st, res["error"]["code"]), (415, "unsupported_media_type"))
        st, res = self.upload(b"\xff\xd8\xff" + b"\x00" * (8 * 1024 * 1024 + 1), "image/jpeg")
        self.assertEqual((st, res["error"]["code"]), (413, "too_large"))
        names = [n for n in os.listdir(os.path.join(self.srv.data, "images")) if not n.startswith(".")]
        self.assertFalse(any("9000" in n for n in names))
        self.assertFalse([n for n in os.listdir(os.path.join(self.srv.data, "images")) if n.startswith(".tmp")])


if __name__ == "__main__":
    unittest.main()
