"""Shared fixtures for the serve.py tests: keys, signed documents, a seed folder, a site folder and
a running serve.py subprocess. Keys match the C++ KeyPair::from_label(label): seed = SHA-256(label).

The demo world built here:
  platform root key "root"
  brand "acme" (zh-CN, CNY) with policy v1 (max_levels 3) and release v1 (3 products, one with a
    hostile title), brand "bolt" (en, USD) with release v1 (1 product)
  enrollment chain in acme: alice (level 1, by the brand) -> bob (2, by alice) -> carol (3, by bob);
    alice is also enrolled in bolt. Each made the consented way (World.invited): the parent (the
    brand for level 1) signs an invite, the recruit signs their enrollment, the invite in it.
  manifests: alice (acme + bolt), bob (acme, a selection with a note), carol (acme, a greeting that
    looks like a template placeholder)
  one forged seed line (an enrollment of "mallory" signed by a stranger), which must be refused
"""
import atexit
import base64
import hashlib
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib

import nacl.signing

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SERVE = os.path.join(REPO, "serve.py")
sys.path.insert(0, os.path.join(REPO, "src"))  # the store package (src/store): its rules and limits
PYTHON = "/usr/bin/python3"

HOSTILE_TITLE = "Tea <script>alert(\"x\")</script> & 'friends'"
T0 = 1_700_000_000_000
FAR_FUTURE = 4_000_000_000_000  # an invite's expiry that no test outlives (2096)


def key(label):
    return nacl.signing.SigningKey(hashlib.sha256(label.encode("utf-8")).digest())


def pub(sk):
    return base64.b64encode(bytes(sk.verify_key)).decode("ascii")


def sign(payload_obj, sk, text=None):
    """Envelope over the exact payload text (json.dumps of the object unless text is given)."""
    payload = text if text is not None else json.dumps(payload_obj, ensure_ascii=False, separators=(",", ":"))
    sig = sk.sign(payload.encode("utf-8")).signature
    return {"payload": payload, "key": pub(sk), "sig": base64.b64encode(sig).decode("ascii")}


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def with_hash(product):
    p = dict(product)
    p.pop("hash", None)
    p["hash"] = hashlib.sha256(canonical(p).encode("utf-8")).hexdigest()
    return p


# -- images -----------------------------------------------------------------------------------------

def png_bytes(w, h, rgb=(200, 80, 20)):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def jpeg_bytes(w, h, salt=b""):
    """A JPEG header the way cameras write it: SOI, APP0 (JFIF), a comment, SOF0 with the size."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    com = b"dynshop test " + salt
    sof = bytes([8]) + struct.pack(">HH", h, w) + bytes([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
    seg = lambda m, d: bytes([0xFF, m]) + struct.pack(">H", len(d) + 2) + d
    return b"\xff\xd8" + seg(0xE0, app0) + seg(0xFE, com) + seg(0xC0, sof) + b"\xff\xd9"


def image_ref(data, ext, w, h):
    sha = hashlib.sha256(data).hexdigest()
    return {"src": "/img/%s.%s" % (sha, ext), "sha256": sha, "w": w, "h": h}


# -- the demo world ---------------------------------------------------------------------------------

class World:
    def __init__(self):
        self.root = key("root")
        self.acme = key("brand:acme")
        self.bolt = key("brand:bolt")
        self.alice = key("dist:alice")
        self.bob = key("dist:bob")
        self.carol = key("dist:carol")
        self.stranger = key("stranger")
        self.images = {}
        self.tea_img = self.add_image(jpeg_bytes(800, 800, b"tea"), "jpg", 800, 800)
        self.cup_img = self.add_image(png_bytes(4, 3), "png", 4, 3)
        self.avatar = self.add_image(png_bytes(2, 2, (10, 20, 30)), "png", 2, 2)
        self.banner = self.add_image(jpeg_bytes(1200, 400, b"banner"), "jpg", 1200, 400)
        self.docs = []  # (kind, envelope)
        self.enrolled = {}  # (brand, distributor) -> the seed's invited enrollment envelope (their consent)

        self.brand_acme = {"type": "brand", "brand": "acme", "name": "Acme Tea 茶", "key": pub(self.acme),
                           "locale": "zh-CN", "currency": "CNY", "issued_ms": T0}
        self.brand_bolt = {"type": "brand", "brand": "bolt", "name": "Bolt Gear", "key": pub(self.bolt),
                           "locale": "en", "currency": "USD", "issued_ms": T0}
        self.policy_acme = {"type": "policy", "brand": "acme", "version": 1,
                            "binding": {"mode": "permanent"}, "commission": {"levels": [1000, 300], "overrides": {}},
                            "freeze_days": 7, "min_payout": 5000, "allow_self_purchase": False, "max_levels": 3,
                            "lost_after_days": 30}
        self.products = [
            with_hash({"id": "p-tea", "category": "tea", "title": HOSTILE_TITLE, "subtitle": "Spring harvest",
                       "description": "Hand-picked <b>green</b> tea.", "specs": [{"name": "Weight", "value": "250 g"}],
                       "price": 6800, "list_price": 8800, "images": [self.tea_img], "thumb": self.tea_img}),
            with_hash({"id": "p-cup", "category": "ware", "title": "Celadon cup 青瓷杯", "subtitle": "",
                       "description": "A cup.", "specs": [], "price": 12345, "list_price": 0,
                       "images": [self.cup_img]}),
            with_hash({"id": "p-pot", "category": "ware", "title": "Clay pot", "subtitle": "",
                       "description": "A pot.", "specs": [], "price": 100000, "list_price": 0, "images": []}),
        ]
        self.release_acme = {"type": "release", "brand": "acme", "version": 1, "created_ms": T0,
                             "currency": "CNY", "locale": "zh-CN",
                             "categories": [{"id": "tea", "name": "Tea"}, {"id": "ware", "name": "Teaware"}],
                             "products": self.products}
        self.release_bolt = {"type": "release", "brand": "bolt", "version": 1, "created_ms": T0,
                             "currency": "USD", "locale": "en", "categories": [{"id": "gear", "name": "Gear"}],
                             "products": [with_hash({"id": "b-bolt", "category": "gear", "title": "Bolt",
                                                     "price": 250, "images": []})]}
        self.add("brand", self.brand_acme, self.root)
        self.add("brand", self.brand_bolt, self.root)
        self.add("policy", self.policy_acme, self.acme)
        self.add("release", self.release_acme, self.acme)
        # Bolt's release is signed in dump_json's form, as the console and the generator sign: the
        # store packs it for a shop's first visit (acme's, signed as json.dumps writes, travels whole).
        self.docs.append(("release", sign(self.release_bolt, self.bolt, canonical(self.release_bolt))))
        for brand, who, slug, sk, parent, level, parent_sk in (
                ("acme", "alice", "alice-tea", self.alice, "", 1, self.acme),
                ("bolt", "alice", "alice-tea", self.alice, "", 1, self.bolt),
                ("acme", "bob", "bob-shop", self.bob, "alice", 2, self.alice),
                ("acme", "carol", "carol", self.carol, "bob", 3, self.bob)):
            env = self.invited(self.enrollment(brand, who, slug, sk, parent, level), parent_sk, sk)
            self.docs.append(("enrollment", env))
            self.enrolled[(brand, who)] = env
        # A forged line: the stranger signs an enrollment as if they were the brand.
        self.add("enrollment", self.enrollment("acme", "mallory", "mallory", self.stranger, "", 1), self.stranger)
        self.add("manifest", self.manifest("alice", "alice-tea", 1, ["acme", "bolt"], name="Alice's Tea House",
                                           greeting="Welcome to my tea house! Every leaf is picked in spring."),
                 self.alice)
        self.add("manifest", self.manifest("bob", "bob-shop", 1, ["acme"], name="Bob 的茶铺",
                                           greeting="欢迎光临。好茶好器。", products=["p-tea", "p-cup"],
                                           notes={"p-tea": "My favourite <i>tea</i> & yours"}), self.bob)
        self.add("manifest", self.manifest("carol", "carol", 1, ["acme"], name="Carol",
                                           greeting="I sell tea {{boot}} here. Come in."), self.carol)

    def add_image(self, data, ext, w, h):
        ref = image_ref(data, ext, w, h)
        self.images["%s.%s" % (ref["sha256"], ext)] = data
        return ref

    def add(self, kind, payload, sk):
        self.docs.append((kind, sign(payload, sk)))

    @staticmethod
    def enrollment(brand, distributor, slug, sk, parent, level, active=True, issued=T0, name=None):
        return {"type": "enrollment", "brand": brand, "distributor": distributor, "slug": slug,
                "name": name or distributor.title(), "key": pub(sk), "parent": parent, "level": level,
                "issued_ms": issued, "active": active}

    @staticmethod
    def invited(payload, parent_sk, recruit_sk, expires_ms=FAR_FUTURE, invite_id=None, max_uses=1):
        """The enrollment as its recruit makes it, the only way a new one is valid: the parent (the
        brand for level 1) signs an invite for its brand, parent and level; the recruit signs the
        enrollment, the invite in it, with their own key."""
        inv = sign({"type": "invite", "brand": payload["brand"], "parent": payload["parent"], "level": payload["level"],
                    "id": invite_id or "inv_%s_%s" % (payload["brand"], payload["distributor"]),
                    "expires_ms": expires_ms, "max_uses": max_uses}, parent_sk)
        return sign(dict(payload, invite=inv), recruit_sk)

    @staticmethod
    def carried(payload, consent, parent_sk):
        """A change the parent signs (deactivate, rename): the payload without an invite, carrying the
        recruit's own invited enrollment envelope as "consent"."""
        p = dict(payload, consent=consent)
        p.pop("invite", None)
        return sign(p, parent_sk)

    def manifest(self, distributor, slug, version, brands, name="Shop", greeting="", products=None,
                 featured=None, notes=None, primary="#0f766e"):
        return {"type": "manifest", "distributor": distributor, "slug": slug, "version": version,
                "updated_ms": T0 + version,
                "identity": {"name": name, "greeting": greeting, "contact": "wechat: x",
                             "avatar": self.avatar, "banner": self.banner},
                "theme": {"primary": primary, "accent": "#0F766E", "background": "#FAF7F2", "surface": "#FFFFFF",
                          "text": "#1F2937", "layout": "grid"},
                "brands": brands, "products": products or [], "featured": featured or [], "notes": notes or {}}

    def write_seed(self, folder):
        os.makedirs(os.path.join(folder, "images"), exist_ok=True)
        with open(os.path.join(folder, "trust.json"), "w") as f:
            json.dump({"root_key": pub(self.root)}, f)
        with open(os.path.join(folder, "documents.jsonl"), "w") as f:
            for kind, env in self.docs:
                f.write(json.dumps({"kind": kind, "envelope": env}, ensure_ascii=False) + "\n")
        for name, data in self.images.items():
            with open(os.path.join(folder, "images", name), "wb") as f:
                f.write(data)
        # A seed image whose bytes do not match its name: must not be imported.
        with open(os.path.join(folder, "images", "0" * 64 + ".jpg"), "wb") as f:
            f.write(jpeg_bytes(10, 10, b"liar"))


WASM_BYTES = b"\x00asm\x01\x00\x00\x00" + b"\x00" * 5000
APP_JS = ("// dummy app\n" + "window.createDynshop = function () { return Promise.resolve(); };\n" * 200).encode()


def write_site(folder, with_index=True):
    os.makedirs(os.path.join(folder, "fonts"), exist_ok=True)
    if with_index:
        shutil.copy(os.path.join(REPO, "web", "index.html"), os.path.join(folder, "index.html"))
        with open(os.path.join(folder, "app.wasm"), "wb") as f:
            f.write(WASM_BYTES)
        with open(os.path.join(folder, "app.js"), "wb") as f:
            f.write(APP_JS)
    for name in ("shell.js", "render.js", "style.css"):
        shutil.copy(os.path.join(REPO, "web", name), os.path.join(folder, name))
    with open(os.path.join(folder, "fonts", "inter-core.ttf"), "wb") as f:
        f.write(b"\x00\x01\x00\x00" + b"glyphs " * 400)
    with open(os.path.join(folder, "fonts", "cjk-core.ttf"), "wb") as f:
        f.write(b"\x00\x01\x00\x00" + b"hanzi " * 100)
    with open(os.path.join(folder, "fonts", "cjk-extended.ttf"), "wb") as f:
        f.write(b"\x00\x01\x00\x00" + b"hanzi " * 400)


# -- the server -------------------------------------------------------------------------------------

# The server suite runs on SQLite, and again on PostgreSQL when DYNSHOP_TEST_PG names a cluster's
# admin URL (tools/test.sh starts a throwaway one: tools/pg_cluster.sh): each data folder then gets a
# database of its own, made once and named in the folder (a server started again on the folder
# finds its database again).
TEST_PG = os.environ.get("DYNSHOP_TEST_PG") or None


def postgres_cluster():
    """(admin URL, stop): the pass's cluster (DYNSHOP_TEST_PG; stop does nothing), or a throwaway one
    made now (tools/pg_cluster.sh) for the PostgreSQL tests that run in both passes."""
    if TEST_PG:
        return TEST_PG, lambda: None
    folder = tempfile.mkdtemp(prefix="dynshop-pgtest-")
    script = os.path.join(REPO, "tools", "pg_cluster.sh")
    url = subprocess.run([script, "start", folder], capture_output=True, text=True, timeout=120,
                         check=True).stdout.strip()
    return url, lambda: subprocess.run([script, "stop", folder], timeout=60)


def postgres_servers(cls, n=1):
    """For a PostgreSQL test class (its setUpClass): a cluster (postgres_cluster), a fresh database,
    and n serve.py processes started on it, sharing one data folder, as a second process of a store
    does; all stopped by the class's cleanups, which run even if this fails half-way. Returns
    (admin URL, [servers])."""
    admin, stop_cluster = postgres_cluster()
    cls.addClassCleanup(stop_cluster)
    servers = []
    for i in range(n):
        srv = Server(sqlite_only=True) if i == 0 else Server(world=servers[0].world, tmp=servers[0].tmp, sqlite_only=True)
        cls.addClassCleanup(srv.cleanup if i == 0 else srv.stop)
        srv.db_url = new_database(admin) if i == 0 else servers[0].db_url
        servers.append(srv.start())
    return admin, servers


def new_database(admin):
    """A fresh database on the cluster at `admin`; its URL."""
    import psycopg
    name = "t_" + os.urandom(8).hex()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE DATABASE " + name)
    return admin.rsplit("/", 1)[0] + "/" + name


def test_database(tmp):
    """The PostgreSQL URL for the store in `tmp`, made on first use; None on SQLite."""
    if not TEST_PG:
        return None
    named = os.path.join(tmp, "db_url")
    if os.path.isfile(named):
        with open(named) as f:
            return f.read().strip()
    url = new_database(TEST_PG)
    with open(named, "w") as f:
        f.write(url)
    return url


# Every serve.py a test started, killed when the test process ends: a class whose setup failed after
# starting one (unittest then skips tearDownClass) leaves no server running.
_STARTED = []


@atexit.register
def _kill_leftover_servers():
    for proc in _STARTED:
        if proc.poll() is None:
            proc.kill()


class Server:
    """serve.py as a subprocess on a free port, with its own temp folders (or given ones)."""

    def __init__(self, world=None, tmp=None, site_with_index=True, seed=True, seed_dir=None, extra_args=(),
                 sqlite_only=False):
        """seed_dir: another seed folder (the built demo) instead of this World's; extra_args: more
        serve.py arguments (--import-activity DIR); sqlite_only: a test of the SQLite file itself (an
        older store's upgrade, a file edited by hand) runs on SQLite in the PostgreSQL pass too."""
        self.world = world or World()
        self.own_tmp = tmp is None
        self.tmp = tmp or tempfile.mkdtemp(prefix="dynshop-test-")
        self.extra_args = list(extra_args)
        self.seed = seed_dir or os.path.join(self.tmp, "seed")
        self.data = os.path.join(self.tmp, "data")
        self.site = os.path.join(self.tmp, "site")
        if seed and not seed_dir and not os.path.isdir(self.seed):
            self.world.write_seed(self.seed)
        if not os.path.isdir(self.site):
            write_site(self.site, with_index=site_with_index)
        self.proc = None
        self.log_path = None
        self.db_url = None if sqlite_only else test_database(self.tmp)

    def start(self, quiet=True):
        n = len([f for f in os.listdir(self.tmp) if f.startswith("server-")])
        self.log_path = os.path.join(self.tmp, "server-%d.log" % n)
        self.log = open(self.log_path, "wb")
        cmd = [PYTHON, SERVE, "--site", self.site, "--seed", self.seed, "--data", self.data,
               "--port", "0", "--host", "127.0.0.1"]
        if quiet:
            cmd.append("--quiet")
        if self.db_url:
            cmd += ["--db", self.db_url]
        cmd += self.extra_args
        # The store is the one named here: a DYNSHOP_DB the developer exported must not move it.
        env = {k: v for k, v in os.environ.items() if k != "DYNSHOP_DB"}
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.log, cwd=self.tmp, env=env)
        _STARTED.append(self.proc)
        deadline = time.time() + 15
        while time.time() < deadline:
            text = self.stderr()
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", text)
            if m:
                self.port = int(m.group(1))
                self.base = "http://127.0.0.1:%d" % self.port
                return self
            if self.proc.poll() is not None:
                raise RuntimeError("serve.py exited with %s:\n%s" % (self.proc.returncode, text))
            time.sleep(0.05)
        raise RuntimeError("serve.py did not start:\n" + self.stderr())

    def stderr(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        if self.proc:
            self.log.close()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc:
            self.log.close()

    def cleanup(self):
        self.stop()
        if self.own_tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- HTTP -------------------------------------------------------------------------------------
    def request(self, method, path, body=None, headers=None):
        """(status, headers, body bytes) via urllib; error statuses are answers too."""
        data = body
        hdrs = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, bytearray)):
            data = json.dumps(body).encode("utf-8")
            hdrs.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.headers, e.read()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def get_json(self, path):
        status, headers, body = self.get(path)
        return status, json.loads(body.decode("utf-8"))

    def post_doc(self, envelope, replaces=None):
        status, headers, body = self.request("POST", "/api/documents", {"envelope": envelope, "replaces": replaces})
        return status, json.loads(body.decode("utf-8"))

    def raw(self, request_bytes):
        """Sends bytes as they are (paths no client library would send) and returns the whole answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(request_bytes)
            chunks = []
            while True:
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
