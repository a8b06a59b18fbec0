#!/usr/bin/python3
"""dynshop store: a thin, distrustful server for the WebAssembly app.

It serves the built app, fills the page template with a first paint for each URL, and keeps
signed documents (brand certificates, policies, catalog releases, enrollments, shop manifests)
and content-addressed images in SQLite. Every document is checked here, by kind, before it is
stored: the signature over the exact payload text, and that the signer is the one allowed to
sign it. Nothing is trusted because it came from a client, from the seed, or from the database.

Run (Debian's python3, stdlib + python3-nacl only):
    /usr/bin/python3 serve.py --site build/site --seed build/demo --data build/data --port 8000

[SECTION] Config        limits, reserved slugs, patterns
[SECTION] Errors        ApiError -> {"error": {"code", "message"}}
[SECTION] Trust         envelopes, Ed25519 via nacl, canonical product hashes
[SECTION] Schema        SQLite tables (documents append-only, projections, images, events, orders)
[SECTION] Store         connections, one transaction per write, generation counter for caches
[SECTION] Documents     kind-specific authority and validation (the one write path)
[SECTION] Queries       shop bundle, directory, brands, releases
[SECTION] Images        PNG/JPEG header sniffing, content-addressed storage
[SECTION] Seed          import through the same write path
[SECTION] Pages         index.html template: meta, Open Graph, first-paint summary, boot JSON
[SECTION] Static        app files with ETag and cached gzip
[SECTION] HTTP          routing, limits, JSON errors, logging
[SECTION] Main
"""
import argparse
import base64
import binascii
import fcntl
import gzip
import hashlib
import html
import http.server
import json
import os
import queue
import re
import signal
import socket
import sqlite3
import struct
import sys
import threading
import time
import traceback
import urllib.parse
from collections import OrderedDict

try:
    import nacl.exceptions
    import nacl.signing
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write("serve.py needs python3-nacl: apt-get install python3-nacl, and run it with /usr/bin/python3\n")
    sys.exit(2)

# [SECTION] Config ---------------------------------------------------------------------------------

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024          # a POST /api/documents body
MAX_RELEASE_BYTES = 8 * 1024 * 1024           # a release may carry thousands of products
MAX_SMALL_BODY_BYTES = 256 * 1024             # events / orders (later) and anything else
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_SIDE = 8192
MAX_LEVELS_DEFAULT = 3
MAX_GREETING_BYTES = 400
MAX_NOTE_BYTES = 600
MAX_NAME_CHARS = 120
SUMMARY_PRODUCTS = 24
DEFAULT_THEME = "#C2410C"
GZIP_MIN_BYTES = 512
RESPONSE_CACHE_BYTES = 192 * 1024 * 1024      # built pages and API answers kept in memory
BUILD_HINT = ("run tools/build.sh (it builds the wasm app and fills the site folder), "
              "then start serve.py with --site pointing at that folder (build/site)")

# Addresses the platform keeps (its own routes and words that would pass for the platform).
RESERVED_SLUGS = frozenset("""
admin api s b d o console img fonts static www help support app assets login logout signin signup
official platform root system null undefined
""".split())

ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
SLUG_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{1,30}[a-z0-9])")
HEX64_RE = re.compile(r"[0-9a-f]{64}")
COLOR_RE = re.compile(r"#[0-9A-Fa-f]{6}")
IMG_NAME_RE = re.compile(r"([0-9a-f]{64})\.(jpg|png)")
LOCAL_IMG_RE = re.compile(r"/img/[0-9a-f]{64}\.(?:jpg|png)")
FONT_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
HOST_RE = re.compile(r"(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")

KINDS = ("brand", "policy", "release", "enrollment", "manifest")
MANIFEST_KEYS = frozenset(["type", "distributor", "slug", "version", "updated_ms", "identity", "theme",
                           "brands", "products", "featured", "notes"])
IDENTITY_KEYS = frozenset(["name", "greeting", "contact", "avatar", "banner"])

STATIC_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".otf": "font/otf",
    ".ttf": "font/ttf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".html": "text/html; charset=utf-8",
}
COMPRESSIBLE = frozenset([".js", ".wasm", ".css", ".json", ".otf", ".ttf", ".html", ".svg", ".txt"])
APP_FILES = {"app.js", "app.wasm", "shell.js", "style.css"}

QUIET = False


def now_ms():
    return int(time.time() * 1000)


def log(line):
    sys.stderr.write(line.rstrip("\n") + "\n")
    sys.stderr.flush()


# [SECTION] Errors ---------------------------------------------------------------------------------

class ApiError(Exception):
    """An answer to the client in plain words: {"error": {"code", "message", ...extra}}."""

    def __init__(self, status, code, message, headers=None, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra

    def body(self):
        err = {"code": self.code, "message": self.message}
        err.update(self.extra)
        return json.dumps({"error": err}, ensure_ascii=False).encode("utf-8")


def bad_document(message):
    return ApiError(400, "bad_document", message)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_id(v):
    return isinstance(v, str) and ID_RE.fullmatch(v) is not None


def is_slug(v):
    return isinstance(v, str) and SLUG_RE.fullmatch(v) is not None


def _reject_constant(name):
    raise ValueError("not JSON: " + name)


def parse_json_text(text):
    """Strict JSON (no NaN/Infinity, which the C++ side would refuse). Raises ValueError."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError("nested too deeply")


# [SECTION] Trust ----------------------------------------------------------------------------------

def b64_bytes(text, length):
    """Standard base64 with padding, decoded strictly; None unless it is exactly `length` bytes."""
    if not isinstance(text, str) or len(text) > 4 * ((length + 2) // 3):
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None
    return raw if len(raw) == length else None


def b64_text(raw):
    return base64.b64encode(raw).decode("ascii")


class Opened:
    """An envelope whose signature checked out against the key it names (not yet its authority)."""

    def __init__(self, envelope, payload, key):
        self.envelope = envelope  # {"payload", "key", "sig"} exactly as received
        self.payload = payload    # parsed payload object
        self.key = key            # signer's 32 key bytes


def open_envelope(env):
    if not isinstance(env, dict) or not all(isinstance(env.get(k), str) for k in ("payload", "key", "sig")):
        raise ApiError(400, "not_an_envelope",
                       'The document is not a signed envelope: send {"payload": "<exact JSON text>", '
                       '"key": "<base64 public key>", "sig": "<base64 signature>"}.')
    key = b64_bytes(env["key"], 32)
    if key is None:
        raise ApiError(422, "bad_signature", "The envelope's key is not a base64 Ed25519 public key (32 bytes).")
    sig = b64_bytes(env["sig"], 64)
    if sig is None:
        raise ApiError(422, "bad_signature", "The envelope's signature is not a base64 Ed25519 signature (64 bytes).")
    try:
        message = env["payload"].encode("utf-8")
    except UnicodeEncodeError:
        raise bad_document("The payload is not valid UTF-8 text.")
    try:
        nacl.signing.VerifyKey(key).verify(message, sig)
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise ApiError(422, "bad_signature",
                       "The signature does not match the payload and key: the document was changed after it "
                       "was signed, or signed with another key. Sign the exact payload text again.")
    try:
        payload = parse_json_text(env["payload"])
    except ValueError:
        raise bad_document("The signed payload is not valid JSON.")
    if not isinstance(payload, dict):
        raise bad_document("The signed payload is not a JSON object.")
    return Opened({"payload": env["payload"], "key": env["key"], "sig": env["sig"]}, payload, key)


def canonical_json(value):
    """nlohmann's dump(): keys sorted, no spaces, UTF-8 kept as is (matches core::dump_json)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def product_content_hash(product):
    copy = dict(product)
    copy.pop("hash", None)
    return hashlib.sha256(canonical_json(copy).encode("utf-8")).hexdigest()


def envelope_text(env):
    return json.dumps({"payload": env["payload"], "key": env["key"], "sig": env["sig"]},
                      ensure_ascii=False, separators=(",", ":"))


# [SECTION] Schema ---------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Every accepted document, forever (history is never rewritten). brand = '' for manifests;
-- subject = the brand id (brand, policy, release) or the distributor id (enrollment, manifest).
-- version: the payload's version for policy/release/manifest; assigned 1, 2, ... per subject
-- for brand certificates and enrollments.
CREATE TABLE IF NOT EXISTS documents (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  kind           TEXT    NOT NULL CHECK (kind IN ('brand','policy','release','enrollment','manifest')),
  brand          TEXT    NOT NULL,
  subject        TEXT    NOT NULL,
  version        INTEGER NOT NULL CHECK (version >= 1),
  signer         TEXT    NOT NULL,
  payload_sha256 TEXT    NOT NULL,
  envelope       TEXT    NOT NULL,
  stored_ms      INTEGER NOT NULL,
  UNIQUE (kind, brand, subject, version)
);
CREATE TRIGGER IF NOT EXISTS documents_no_update BEFORE UPDATE ON documents
  BEGIN SELECT RAISE(ABORT, 'documents are append-only'); END;
CREATE TRIGGER IF NOT EXISTS documents_no_delete BEFORE DELETE ON documents
  BEGIN SELECT RAISE(ABORT, 'documents are append-only'); END;

-- The current version of each (kind, brand, subject): a projection of documents.
CREATE TABLE IF NOT EXISTS heads (
  kind    TEXT    NOT NULL,
  brand   TEXT    NOT NULL,
  subject TEXT    NOT NULL,
  version INTEGER NOT NULL,
  seq     INTEGER NOT NULL REFERENCES documents(seq),
  PRIMARY KEY (kind, brand, subject)
);

-- One identity per distributor across the platform: the slug is unique, the key is theirs.
CREATE TABLE IF NOT EXISTS distributors (
  distributor TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  key         TEXT NOT NULL,
  created_ms  INTEGER NOT NULL
);

-- Current enrollment per brand + distributor (projection; parent and level never change).
CREATE TABLE IF NOT EXISTS enrollments (
  brand       TEXT    NOT NULL,
  distributor TEXT    NOT NULL REFERENCES distributors(distributor),
  parent      TEXT    NOT NULL,
  level       INTEGER NOT NULL CHECK (level >= 1),
  active      INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  issued_ms   INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  seq         INTEGER NOT NULL REFERENCES documents(seq),
  PRIMARY KEY (brand, distributor)
);
CREATE INDEX IF NOT EXISTS enrollments_parent ON enrollments (brand, parent);

-- Current manifest per distributor (projection for the directory and the pages).
CREATE TABLE IF NOT EXISTS shops (
  distributor TEXT    PRIMARY KEY REFERENCES distributors(distributor),
  slug        TEXT    NOT NULL UNIQUE,
  name        TEXT    NOT NULL,
  greeting    TEXT    NOT NULL,
  avatar      TEXT,
  brands      TEXT    NOT NULL,
  level       INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  updated_ms  INTEGER NOT NULL,
  seq         INTEGER NOT NULL REFERENCES documents(seq)
);
CREATE TABLE IF NOT EXISTS shop_brands (
  brand       TEXT NOT NULL,
  distributor TEXT NOT NULL REFERENCES shops(distributor),
  PRIMARY KEY (brand, distributor)
);

-- Content-addressed images; the bytes live in DATA/images/<sha256>.<ext>.
CREATE TABLE IF NOT EXISTS images (
  sha256    TEXT    PRIMARY KEY,
  ext       TEXT    NOT NULL CHECK (ext IN ('jpg','png')),
  w         INTEGER NOT NULL,
  h         INTEGER NOT NULL,
  bytes     INTEGER NOT NULL,
  stored_ms INTEGER NOT NULL
);

-- Append-only events (visits, product views, carts, checkouts): partition by brand and day later.
CREATE TABLE IF NOT EXISTS events (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT    NOT NULL UNIQUE,
  brand       TEXT    NOT NULL,
  distributor TEXT    NOT NULL DEFAULT '',
  visitor     TEXT    NOT NULL DEFAULT '',
  type        TEXT    NOT NULL,
  channel     TEXT    NOT NULL DEFAULT 'direct',
  campaign    TEXT    NOT NULL DEFAULT '',
  hop         INTEGER NOT NULL DEFAULT 0,
  product     TEXT    NOT NULL DEFAULT '',
  at_ms       INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  body        TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS events_brand_time ON events (brand, at_ms);
CREATE INDEX IF NOT EXISTS events_distributor_time ON events (distributor, at_ms);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Append-only orders; their life (paid, delivered, refunded, settled) is a list of status rows.
CREATE TABLE IF NOT EXISTS orders (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT    NOT NULL UNIQUE,
  brand         TEXT    NOT NULL,
  distributor   TEXT    NOT NULL DEFAULT '',
  customer_hash TEXT    NOT NULL DEFAULT '',
  currency      TEXT    NOT NULL,
  total         INTEGER NOT NULL CHECK (total >= 0),
  placed_ms     INTEGER NOT NULL,
  received_ms   INTEGER NOT NULL,
  body          TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_brand_time ON orders (brand, placed_ms);
CREATE INDEX IF NOT EXISTS orders_distributor_time ON orders (distributor, placed_ms);
CREATE TABLE IF NOT EXISTS order_status (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT    NOT NULL REFERENCES orders(id),
  status   TEXT    NOT NULL,
  at_ms    INTEGER NOT NULL,
  body     TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS order_status_order ON order_status (order_id, seq);
CREATE TRIGGER IF NOT EXISTS orders_no_update BEFORE UPDATE ON orders
  BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END;
CREATE TRIGGER IF NOT EXISTS orders_no_delete BEFORE DELETE ON orders
  BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END;
CREATE TRIGGER IF NOT EXISTS order_status_no_update BEFORE UPDATE ON order_status
  BEGIN SELECT RAISE(ABORT, 'order status is append-only'); END;
CREATE TRIGGER IF NOT EXISTS order_status_no_delete BEFORE DELETE ON order_status
  BEGIN SELECT RAISE(ABORT, 'order status is append-only'); END;
"""


# [SECTION] Store ----------------------------------------------------------------------------------

def connect(path):
    conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before the response that acknowledges it is sent.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Store:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.images_dir = os.path.join(data_dir, "images")
        os.makedirs(self.images_dir, exist_ok=True)
        self.path = os.path.join(data_dir, "dynshop.sqlite3")
        self.writer = connect(self.path)
        mode = self.writer.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            raise RuntimeError("SQLite refused WAL mode on " + self.path)
        self.writer.executescript(SCHEMA)
        self.write_lock = threading.Lock()
        self.readers = queue.LifoQueue()
        self.generation = 0  # bumped after every commit; caches key on it

    def reader(self):
        store = self

        class _Borrow:
            def __enter__(self):
                try:
                    self.conn = store.readers.get_nowait()
                except queue.Empty:
                    self.conn = connect(store.path)
                return self.conn

            def __exit__(self, *exc):
                if self.conn.in_transaction:
                    self.conn.rollback()
                store.readers.put(self.conn)
                return False

        return _Borrow()

    def write(self, fn):
        """Runs fn(conn) in one IMMEDIATE transaction; committed (and synced) before returning."""
        with self.write_lock:
            conn = self.writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self.generation += 1
            return result

    def meta(self, conn, key):
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def is_empty(self):
        with self.reader() as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


# [SECTION] Documents ------------------------------------------------------------------------------
# The one write path: API writes and the seed both go through apply_document().

ANY_VERSION = object()  # seed import: no lost-update guard needed, ordering still enforced


def head(conn, kind, brand, subject):
    """(version, payload, envelope_text, signer) of the current document, or None."""
    row = conn.execute(
        "SELECT d.version, d.envelope, d.signer FROM heads h JOIN documents d ON d.seq = h.seq "
        "WHERE h.kind = ? AND h.brand = ? AND h.subject = ?", (kind, brand, subject)).fetchone()
    if not row:
        return None
    env = json.loads(row[1])
    return row[0], json.loads(env["payload"]), row[1], row[2]


def check_version(conn, kind, brand, subject, replaces, new_version, what):
    """Returns the version to store. 409 unless the write names the version it replaces."""
    cur = head(conn, kind, brand, subject)
    cur_version = cur[0] if cur else None
    if replaces is not ANY_VERSION and replaces != cur_version:
        if cur_version is None:
            msg = ("There is no %s yet, so this write cannot replace version %s. Send \"replaces\": null "
                   "for the first version." % (what, replaces))
        else:
            msg = ("The stored %s is version %d, but this write replaces %s. Someone else changed it first: "
                   "reload version %d, re-apply your change and sign version %d." %
                   (what, cur_version, "nothing" if replaces is None else "version %s" % replaces,
                    cur_version, cur_version + 1))
        raise ApiError(409, "stale_version", msg, current=cur_version)
    expected = (cur_version or 0) + 1
    if new_version is not None and new_version != expected:
        raise ApiError(409, "stale_version",
                       "This %s says version %d, but the next version is %d (the stored one is %s). Sign it "
                       "again as version %d." % (what, new_version, expected,
                                                  "none" if cur_version is None else cur_version, expected),
                       current=cur_version)
    return expected, cur


def insert_document(conn, kind, brand, subject, version, opened, now):
    text = envelope_text(opened.envelope)
    seq = conn.execute(
        "INSERT INTO documents (kind, brand, subject, version, signer, payload_sha256, envelope, stored_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, brand, subject, version, b64_text(opened.key),
         hashlib.sha256(opened.envelope["payload"].encode("utf-8")).hexdigest(), text, now)).lastrowid
    conn.execute(
        "INSERT INTO heads (kind, brand, subject, version, seq) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, brand, subject) DO UPDATE SET version = excluded.version, seq = excluded.seq",
        (kind, brand, subject, version, seq))
    return seq


def require_signer(opened, key, who, what):
    if opened.key != key:
        raise ApiError(422, "wrong_signer",
                       "%s must be signed by %s, but this one was signed by another key. Sign it with %s." %
                       (what, who, who))


def brand_cert(conn, brand):
    """(payload, key bytes) of the brand's current certificate, or None."""
    cur = head(conn, "brand", brand, brand)
    if not cur:
        return None
    return cur[1], b64_bytes(cur[1].get("key"), 32)


def require_brand(conn, brand):
    cert = brand_cert(conn, brand)
    if not cert:
        raise ApiError(422, "unknown_brand",
                       'There is no brand "%s" on this platform. The platform must publish its brand '
                       'certificate first.' % brand)
    return cert


def need_str(p, key, what, required=True, max_len=None, allow_empty=False):
    v = p.get(key)
    if v is None and not required:
        return None
    if not isinstance(v, str) or (not allow_empty and v == ""):
        raise bad_document("The %s lacks \"%s\" (a text)." % (what, key))
    if max_len is not None and len(v) > max_len:
        raise bad_document("The %s's \"%s\" is longer than %d characters." % (what, key, max_len))
    return v


def need_int(p, key, what, default=None, minimum=None):
    v = p.get(key, default)
    if not is_int(v):
        raise bad_document("The %s's \"%s\" must be a whole number." % (what, key))
    if minimum is not None and v < minimum:
        raise bad_document("The %s's \"%s\" must be at least %d." % (what, key, minimum))
    return v


def check_image_ref(ref, what):
    if not isinstance(ref, dict) or not isinstance(ref.get("src"), str) or not isinstance(ref.get("sha256"), str) \
            or len(ref["sha256"]) != 64:
        raise bad_document("%s is not an image reference {\"src\", \"sha256\", \"w\", \"h\"}." % what)
    for k in ("w", "h"):
        if k in ref and not is_int(ref[k]):
            raise bad_document("%s has a %s that is not a whole number." % (what, k))


def check_rates(rates, what):
    if not isinstance(rates, list) or len(rates) > 3 or not all(is_int(r) and 0 <= r <= 10000 for r in rates) \
            or sum(rates) > 10000:
        raise bad_document("%s must be 0-3 rates in basis points (0-10000) adding up to at most 10000." % what)


def apply_brand(conn, opened, replaces, root_key, now):
    p = opened.payload
    brand = need_str(p, "brand", "brand certificate")
    if not is_id(brand):
        raise bad_document("A brand id is 1-64 letters, digits, '_' or '-'.")
    if b64_bytes(p.get("key"), 32) is None:
        raise bad_document("The brand certificate's \"key\" is not a base64 Ed25519 public key.")
    need_str(p, "name", "brand certificate", max_len=MAX_NAME_CHARS)
    need_str(p, "locale", "brand certificate", max_len=16)
    currency = need_str(p, "currency", "brand certificate", max_len=3)
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise bad_document("The brand's currency must be an ISO 4217 code such as CNY or USD.")
    issued = need_int(p, "issued_ms", "brand certificate", minimum=0)
    require_signer(opened, root_key, "the platform root key", "A brand certificate")
    version, cur = check_version(conn, "brand", brand, brand, replaces, None, "certificate of brand " + brand)
    if cur and issued <= cur[1].get("issued_ms", 0):
        raise ApiError(409, "stale_version",
                       "This brand certificate was issued at or before the stored one (version %d); an old "
                       "certificate cannot replace a newer one." % cur[0], current=cur[0])
    insert_document(conn, "brand", brand, brand, version, opened, now)
    return {"kind": "brand", "id": brand, "version": version}


def apply_policy(conn, opened, replaces, now):
    p = opened.payload
    brand = need_str(p, "brand", "policy")
    version = need_int(p, "version", "policy", minimum=1)
    cert, key = require_brand(conn, brand)
    require_signer(opened, key, "the brand's key (from its certificate)", "A brand policy")
    binding = p.get("binding", {"mode": "permanent"})
    if not isinstance(binding, dict) or binding.get("mode", "permanent") not in ("permanent", "window", "last"):
        raise bad_document("The policy's binding mode must be permanent, window or last.")
    if binding.get("mode") == "window" and not (is_int(binding.get("days")) and binding["days"] > 0):
        raise bad_document("A window binding needs a number of days above zero.")
    commission = p.get("commission", {})
    if not isinstance(commission, dict):
        raise bad_document("The policy's commission must be an object {levels, overrides}.")
    if "levels" in commission:
        check_rates(commission["levels"], "Commission levels")
    overrides = commission.get("overrides", {})
    if not isinstance(overrides, dict):
        raise bad_document("Commission overrides must map product ids to rates.")
    for pid, rates in overrides.items():
        check_rates(rates, "The commission override for " + pid)
    need_int(p, "freeze_days", "policy", default=7, minimum=0)
    need_int(p, "min_payout", "policy", default=5000, minimum=0)
    need_int(p, "max_levels", "policy", default=MAX_LEVELS_DEFAULT, minimum=1)
    need_int(p, "lost_after_days", "policy", default=30, minimum=1)
    if not isinstance(p.get("allow_self_purchase", False), bool):
        raise bad_document("The policy's allow_self_purchase must be true or false.")
    stored, _ = check_version(conn, "policy", brand, brand, replaces, version, "policy of " + brand)
    insert_document(conn, "policy", brand, brand, stored, opened, now)
    return {"kind": "policy", "id": brand, "version": stored}


def apply_release(conn, opened, replaces, now):
    p = opened.payload
    brand = need_str(p, "brand", "release")
    version = need_int(p, "version", "release", minimum=1)
    cert, key = require_brand(conn, brand)
    require_signer(opened, key, "the brand's key (from its certificate)", "A catalog release")
    need_int(p, "created_ms", "release", default=0, minimum=0)
    cats = p.get("categories", [])
    if not isinstance(cats, list) or not all(isinstance(c, dict) and isinstance(c.get("id"), str) for c in cats):
        raise bad_document("The release's categories must be a list of {\"id\", \"name\"}.")
    products = p.get("products")
    if not isinstance(products, list):
        raise bad_document("The release has no product list.")
    seen = set()
    for prod in products:
        if not isinstance(prod, dict):
            raise bad_document("A product in the release is not an object.")
        pid = prod.get("id")
        if not isinstance(pid, str) or not pid or len(pid) > 128:
            raise bad_document("A product lacks an id.")
        if pid in seen:
            raise bad_document('Product id "%s" appears twice in the release.' % pid)
        seen.add(pid)
        if not isinstance(prod.get("title"), str) or not is_int(prod.get("price")) or prod["price"] < 0:
            raise bad_document('Product "%s" lacks a title or a valid price (whole minor units).' % pid)
        if "list_price" in prod and not is_int(prod["list_price"]):
            raise bad_document('Product "%s" has a list price that is not whole minor units.' % pid)
        images = prod.get("images", [])
        if not isinstance(images, list):
            raise bad_document('Product "%s" has images that are not a list.' % pid)
        for img in images:
            check_image_ref(img, 'An image of product "%s"' % pid)
        if "thumb" in prod:
            check_image_ref(prod["thumb"], 'The thumbnail of product "%s"' % pid)
        if "specs" in prod and not (isinstance(prod["specs"], list) and all(isinstance(s, dict) for s in prod["specs"])):
            raise bad_document('Product "%s" has specs that are not a list of {"name", "value"}.' % pid)
        try:
            expected = product_content_hash(prod)
        except (ValueError, UnicodeEncodeError):
            raise bad_document('Product "%s" cannot be hashed (invalid text or numbers).' % pid)
        if prod.get("hash") != expected:
            raise ApiError(422, "bad_content_hash",
                           'Product "%s" does not match its content hash (SHA-256 of its canonical JSON without '
                           '"hash"). Recompute the hash and sign the release again.' % pid)
    stored, _ = check_version(conn, "release", brand, brand, replaces, version, "catalog release of " + brand)
    insert_document(conn, "release", brand, brand, stored, opened, now)
    return {"kind": "release", "id": brand, "version": stored}


def max_levels_of(conn, brand):
    pol = head(conn, "policy", brand, brand)
    if pol and is_int(pol[1].get("max_levels")) and pol[1]["max_levels"] >= 1:
        return pol[1]["max_levels"]
    return MAX_LEVELS_DEFAULT


def enrollment_row(conn, brand, distributor):
    return conn.execute(
        "SELECT e.parent, e.level, e.active, d.key, d.slug, e.issued_ms FROM enrollments e "
        "JOIN distributors d ON d.distributor = e.distributor WHERE e.brand = ? AND e.distributor = ?",
        (brand, distributor)).fetchone()


def apply_enrollment(conn, opened, replaces, now):
    p = opened.payload
    what = "enrollment"
    brand = need_str(p, "brand", what)
    distributor = need_str(p, "distributor", what)
    if not is_id(distributor):
        raise bad_document("A distributor id is 1-64 letters, digits, '_' or '-'.")
    slug = need_str(p, "slug", what)
    name = need_str(p, "name", what, max_len=MAX_NAME_CHARS, allow_empty=True)
    key_text = need_str(p, "key", what)
    key = b64_bytes(key_text, 32)
    if key is None:
        raise bad_document("The enrollment's \"key\" is not a base64 Ed25519 public key.")
    parent = p.get("parent", "")
    if not isinstance(parent, str):
        raise bad_document("The enrollment's \"parent\" must be a distributor id, or \"\" when the brand enrolls.")
    if parent == distributor:
        raise ApiError(422, "bad_parent", "A distributor cannot recruit themselves.")
    level = need_int(p, "level", what, minimum=1)
    issued = need_int(p, "issued_ms", what, minimum=0)
    active = p.get("active", True)
    if not isinstance(active, bool):
        raise bad_document("The enrollment's \"active\" must be true or false.")
    if not is_slug(slug):
        raise ApiError(422, "bad_slug",
                       'The shop address "%s" is not valid: use 3-32 lowercase letters, digits or dashes, not '
                       'starting or ending with a dash.' % slug)
    if slug in RESERVED_SLUGS:
        raise ApiError(422, "reserved_slug", 'The shop address "%s" is reserved for the platform; pick another.' % slug)
    cert, brand_key = require_brand(conn, brand)
    brand_name = cert.get("name", brand)
    # Who may sign: the parent (its current enrollment key), or the brand for level 1.
    if parent == "":
        require_signer(opened, brand_key, "the brand's key", "An enrollment without a parent (level 1)")
        parent_level = 0
        parent_active = True
    else:
        row = enrollment_row(conn, brand, parent)
        if not row:
            raise ApiError(422, "unknown_parent",
                           'The recruiting distributor "%s" is not enrolled with %s; they must be enrolled '
                           'first.' % (parent, brand_name))
        parent_level, parent_active, parent_key = row[1], bool(row[2]), b64_bytes(row[3], 32)
        require_signer(opened, parent_key, "the recruiting distributor (the parent)", "An enrollment")
    if active and not parent_active:
        raise ApiError(422, "inactive_parent",
                       'The recruiting distributor "%s" is no longer active with %s and cannot recruit.' %
                       (parent, brand_name))
    if level != parent_level + 1:
        raise ApiError(422, "bad_level",
                       "This enrollment says level %d, but its parent is at level %d, so it must be level %d." %
                       (level, parent_level, parent_level + 1))
    limit = max_levels_of(conn, brand)
    if level > limit:
        raise ApiError(422, "too_deep",
                       "%s allows at most %d levels of distributors; this enrollment would be level %d." %
                       (brand_name, limit, level))
    # One identity per distributor: same slug and key in every brand; a slug belongs to one distributor.
    ident = conn.execute("SELECT slug, key FROM distributors WHERE distributor = ?", (distributor,)).fetchone()
    if ident:
        if ident[0] != slug:
            raise ApiError(422, "identity_mismatch",
                           'Distributor "%s" already has the shop address "%s"; an enrollment must use the same '
                           'address.' % (distributor, ident[0]))
        if b64_bytes(ident[1], 32) != key:
            raise ApiError(422, "identity_mismatch",
                           'Distributor "%s" is enrolled with another key; an enrollment must carry the same '
                           'key as their other enrollments.' % distributor)
    else:
        owner = conn.execute("SELECT distributor FROM distributors WHERE slug = ?", (slug,)).fetchone()
        if owner:
            raise ApiError(409, "slug_taken",
                           'The shop address "%s" is already taken by another distributor; pick another.' % slug)
    existing = enrollment_row(conn, brand, distributor)
    if existing and (existing[0] != parent or existing[1] != level):
        raise ApiError(422, "upline_change",
                       "An enrollment cannot move a distributor to another parent or level; the chain stays "
                       "as it was first signed.")
    version, cur = check_version(conn, "enrollment", brand, distributor, replaces, None,
                                 'enrollment of "%s" with %s' % (distributor, brand_name))
    if existing and issued <= existing[5]:
        raise ApiError(409, "stale_version",
                       "This enrollment was issued at or before the stored one (version %d); an older "
                       "enrollment cannot replace a newer one." % cur[0], current=cur[0])
    if not ident:
        conn.execute("INSERT INTO distributors (distributor, slug, key, created_ms) VALUES (?, ?, ?, ?)",
                     (distributor, slug, b64_text(key), now))
    seq = insert_document(conn, "enrollment", brand, distributor, version, opened, now)
    conn.execute(
        "INSERT INTO enrollments (brand, distributor, parent, level, active, name, issued_ms, version, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand, distributor) DO UPDATE SET "
        "active = excluded.active, name = excluded.name, issued_ms = excluded.issued_ms, "
        "version = excluded.version, seq = excluded.seq",
        (brand, distributor, parent, level, 1 if active else 0, name, issued, version, seq))
    return {"kind": "enrollment", "id": distributor, "brand": brand, "version": version}


def content_error(detail):
    return ApiError(422, "manifest_has_content",
                    "This shop manifest carries product content (%s). A manifest may only hold product ids; "
                    "titles, images, descriptions, specs and prices come from the brand's release." % detail)


def validate_manifest(p):
    for k in p:
        if k not in MANIFEST_KEYS:
            raise content_error('unexpected field "%s"' % k)
    distributor = need_str(p, "distributor", "manifest")
    slug = need_str(p, "slug", "manifest")
    version = need_int(p, "version", "manifest", minimum=1)
    need_int(p, "updated_ms", "manifest", default=0, minimum=0)
    identity = p.get("identity", {})
    if not isinstance(identity, dict):
        raise bad_document("The manifest's identity must be an object.")
    for k, v in identity.items():
        if k not in IDENTITY_KEYS:
            raise content_error('unexpected identity field "%s"' % k)
        if k in ("avatar", "banner"):
            check_image_ref(v, "The shop's " + k)
        elif not isinstance(v, str):
            raise bad_document('The shop\'s "%s" must be text.' % k)
    if len(identity.get("name", "")) > MAX_NAME_CHARS:
        raise bad_document("The shop name is longer than %d characters." % MAX_NAME_CHARS)
    if len(identity.get("greeting", "").encode("utf-8", "replace")) > MAX_GREETING_BYTES:
        raise bad_document("The shop's greeting is longer than %d bytes." % MAX_GREETING_BYTES)
    if len(identity.get("contact", "")) > 200:
        raise bad_document("The shop's contact is longer than 200 characters.")
    theme = p.get("theme", {})
    if not isinstance(theme, dict):
        raise bad_document("The manifest's theme must be an object.")
    for k, v in theme.items():
        if not isinstance(v, str) or len(v) > 64:
            raise content_error('theme field "%s" is not a short text' % k)
        if k in ("primary", "accent", "background", "surface", "text") and not COLOR_RE.fullmatch(v):
            raise bad_document('The theme colour "%s" is not of the form #RRGGBB.' % k)
    for k in ("brands", "products", "featured"):
        lst = p.get(k, [])
        if not isinstance(lst, list) or not all(isinstance(x, str) for x in lst):
            raise content_error('"%s" must be a list of ids' % k)
        if any(len(x) > 128 for x in lst):
            raise bad_document('An id in "%s" is longer than 128 characters.' % k)
    notes = p.get("notes", {})
    if not isinstance(notes, dict) or not all(isinstance(v, str) for v in notes.values()):
        raise content_error("notes must map product ids to plain text")
    for pid, text in notes.items():
        if len(text.encode("utf-8", "replace")) > MAX_NOTE_BYTES:
            raise bad_document('The note on "%s" is longer than %d bytes.' % (pid, MAX_NOTE_BYTES))
    brands = p.get("brands", [])
    if not brands:
        raise bad_document("The shop carries no brand: list at least one brand id in \"brands\".")
    if len(set(brands)) != len(brands):
        raise bad_document("A brand is listed twice in the manifest.")
    return distributor, slug, version, identity, brands


def apply_manifest(conn, opened, replaces, now):
    p = opened.payload
    distributor, slug, version, identity, brands = validate_manifest(p)
    ident = conn.execute("SELECT slug, key FROM distributors WHERE distributor = ?", (distributor,)).fetchone()
    if not ident:
        raise ApiError(422, "not_enrolled",
                       'Distributor "%s" is not enrolled with any brand; a shop needs an enrollment first.' %
                       distributor)
    require_signer(opened, b64_bytes(ident[1], 32), "the distributor's own key (from their enrollment)",
                   "A shop manifest")
    if ident[0] != slug:
        raise ApiError(422, "wrong_slug",
                       'This manifest claims the address "%s", but the distributor was given "%s".' % (slug, ident[0]))
    level = None
    for b in brands:
        row = enrollment_row(conn, b, distributor)
        if not row:
            cert = brand_cert(conn, b)
            raise ApiError(422, "not_enrolled",
                           'The shop lists %s, but its distributor is not enrolled with that brand.' %
                           (cert[0].get("name", b) if cert else '"%s"' % b))
        if not row[2]:
            raise ApiError(422, "not_enrolled", 'The distributor is no longer active with brand "%s".' % b)
        if level is None:
            level = row[1]
    stored, _ = check_version(conn, "manifest", "", distributor, replaces, version, "shop manifest of " + slug)
    seq = insert_document(conn, "manifest", "", distributor, stored, opened, now)
    avatar = identity.get("avatar")
    conn.execute(
        "INSERT INTO shops (distributor, slug, name, greeting, avatar, brands, level, version, updated_ms, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (distributor) DO UPDATE SET name = excluded.name, "
        "greeting = excluded.greeting, avatar = excluded.avatar, brands = excluded.brands, level = excluded.level, "
        "version = excluded.version, updated_ms = excluded.updated_ms, seq = excluded.seq",
        (distributor, slug, identity.get("name", ""), identity.get("greeting", ""),
         json.dumps(avatar, ensure_ascii=False) if avatar else None, json.dumps(brands, ensure_ascii=False),
         level, stored, p.get("updated_ms", 0), seq))
    conn.execute("DELETE FROM shop_brands WHERE distributor = ?", (distributor,))
    conn.executemany("INSERT INTO shop_brands (brand, distributor) VALUES (?, ?)", [(b, distributor) for b in brands])
    return {"kind": "manifest", "id": distributor, "slug": slug, "version": stored}


def apply_document(conn, env, replaces, root_key, now, expect_kind=None):
    opened = open_envelope(env)
    kind = opened.payload.get("type")
    if kind not in KINDS:
        raise bad_document('The payload\'s "type" must be one of %s.' % ", ".join(KINDS))
    if expect_kind is not None and kind != expect_kind:
        raise bad_document('The line says kind "%s" but the payload is a "%s".' % (expect_kind, kind))
    if kind == "brand":
        return apply_brand(conn, opened, replaces, root_key, now)
    if kind == "policy":
        return apply_policy(conn, opened, replaces, now)
    if kind == "release":
        return apply_release(conn, opened, replaces, now)
    if kind == "enrollment":
        return apply_enrollment(conn, opened, replaces, now)
    return apply_manifest(conn, opened, replaces, now)


# [SECTION] Queries --------------------------------------------------------------------------------

class ParsedCache:
    """Small LRU of parsed payloads; documents are immutable, so (seq) is a perfect key."""

    def __init__(self, size):
        self.size = size
        self.items = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, make):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


PAYLOADS = ParsedCache(4096)   # certificates, policies, manifests: small
RELEASES = ParsedCache(8)      # parsed releases can be tens of MB each in memory


def head_row(conn, kind, brand, subject):
    return conn.execute(
        "SELECT d.seq, d.version, d.envelope, d.signer FROM heads h JOIN documents d ON d.seq = h.seq "
        "WHERE h.kind = ? AND h.brand = ? AND h.subject = ?", (kind, brand, subject)).fetchone()


def payload_of(seq, envelope, big=False):
    return (RELEASES if big else PAYLOADS).get(seq, lambda: json.loads(json.loads(envelope)["payload"]))


def shop_bundle_text(conn, slug):
    row = conn.execute("SELECT distributor, seq FROM shops WHERE slug = ?", (slug,)).fetchone()
    if not row:
        raise ApiError(404, "unknown_shop",
                       'There is no shop at "%s". Check the link, or find shops in the directory '
                       '(/api/directory).' % slug)
    distributor, seq = row
    env = conn.execute("SELECT envelope FROM documents WHERE seq = ?", (seq,)).fetchone()[0]
    brands = json.loads(json.loads(env)["payload"])["brands"]
    parts = {"enrollments": [], "brands": [], "releases": [], "policies": []}
    for b in brands:
        key = json.dumps(b, ensure_ascii=False)
        chain, cur, seen = [], distributor, set()
        while cur and cur not in seen and len(seen) < 16:
            seen.add(cur)
            r = conn.execute("SELECT e.parent, d.envelope FROM enrollments e JOIN documents d ON d.seq = e.seq "
                             "WHERE e.brand = ? AND e.distributor = ?", (b, cur)).fetchone()
            if not r:
                break
            chain.append(json.dumps(cur, ensure_ascii=False) + ":" + r[1])
            cur = r[0]
        parts["enrollments"].append(key + ":{" + ",".join(chain) + "}")
        for kind, field in (("brand", "brands"), ("release", "releases"), ("policy", "policies")):
            h = head_row(conn, kind, b, b)
            if h:
                parts[field].append(key + ":" + h[2])
    return ('{"manifest":' + env + "," + ",".join('"%s":{%s}' % (k, ",".join(v)) for k, v in parts.items()) + "}")


def brand_list(conn):
    rows = conn.execute("SELECT d.seq, d.envelope FROM heads h JOIN documents d ON d.seq = h.seq "
                        "WHERE h.kind = 'brand' ORDER BY h.subject").fetchall()
    return [payload_of(seq, env) for seq, env in rows]


def directory(conn, brand=None):
    counts = dict(conn.execute("SELECT brand, COUNT(*) FROM shop_brands GROUP BY brand").fetchall())
    brands = [{"id": c["brand"], "name": c.get("name", c["brand"]), "locale": c.get("locale", "en"),
               "currency": c.get("currency", ""), "shops": counts.get(c["brand"], 0)} for c in brand_list(conn)]
    if brand is None:
        rows = conn.execute("SELECT distributor, slug, name, brands, greeting, avatar, level FROM shops "
                            "ORDER BY slug").fetchall()
    else:
        rows = conn.execute("SELECT s.distributor, s.slug, s.name, s.brands, s.greeting, s.avatar, s.level "
                            "FROM shops s JOIN shop_brands sb ON sb.distributor = s.distributor "
                            "WHERE sb.brand = ? ORDER BY s.slug", (brand,)).fetchall()
    inactive = set(conn.execute("SELECT brand, distributor FROM enrollments WHERE active = 0").fetchall())
    shops = []
    for dist, slug, name, brands_json, greeting, avatar, level in rows:
        shop_brands = json.loads(brands_json)
        if any((b, dist) in inactive for b in shop_brands):
            continue  # a shop with an inactive distributor would not open; do not advertise it
        shops.append({"slug": slug, "name": name, "brands": shop_brands, "greeting": greeting,
                      "avatar": json.loads(avatar) if avatar else None, "level": level})
    return {"brands": brands, "shops": shops}


class ShopView:
    """What the first paint of a shop needs: manifest, brands, current verified releases, items."""

    def __init__(self, conn, slug):
        self.found = False
        row = conn.execute("SELECT distributor, seq FROM shops WHERE slug = ?", (slug,)).fetchone()
        if not row:
            return
        env = conn.execute("SELECT envelope FROM documents WHERE seq = ?", (row[1],)).fetchone()[0]
        self.found = True
        self.slug = slug
        self.manifest = payload_of(row[1], env)
        ident = self.manifest.get("identity", {})
        self.name = ident.get("name") or slug
        self.greeting = ident.get("greeting", "")
        self.avatar = ident.get("avatar")
        self.banner = ident.get("banner")
        self.notes = self.manifest.get("notes", {})
        self.theme = self.manifest.get("theme", {}).get("primary", DEFAULT_THEME)
        self.brands = []   # (cert payload, release payload or None)
        for b in self.manifest.get("brands", []):
            cert = head_row(conn, "brand", b, b)
            if not cert:
                continue
            cert_payload = payload_of(cert[0], cert[2])
            rel = head_row(conn, "release", b, b)
            release = None
            # Current *verified* release: signed by the key in the brand's current certificate.
            if rel and b64_bytes(rel[3], 32) == b64_bytes(cert_payload.get("key"), 32):
                release = payload_of(rel[0], rel[2], big=True)
            self.brands.append((cert_payload, release))
        self.locale = self.brands[0][0].get("locale", "en") if self.brands else "en"
        self.items = []  # (product, cert, release)
        index = {}
        for cert, rel in self.brands:
            if rel:
                for prod in rel.get("products", []):
                    index.setdefault(prod.get("id"), (prod, cert, rel))
        selection = self.manifest.get("products") or []
        if selection:
            seen = set()
            for pid in selection:
                if pid in index and pid not in seen:
                    seen.add(pid)
                    self.items.append(index[pid])
        else:
            for cert, rel in self.brands:
                if rel:
                    self.items.extend((prod, cert, rel) for prod in rel.get("products", []))
        featured = [pid for pid in self.manifest.get("featured", []) if pid in index]
        if featured:  # featured first, in the distributor's order, then the rest
            fset = set(featured)
            first = [it for pid in featured for it in self.items if it[0].get("id") == pid]
            self.items = first + [it for it in self.items if it[0].get("id") not in fset]

    def find(self, pid):
        for item in self.items:
            if item[0].get("id") == pid:
                return item
        return None


# [SECTION] Images ---------------------------------------------------------------------------------

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SOF_MARKERS = frozenset([0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF])


def png_size(data):
    if len(data) < 24 or data[:8] != PNG_MAGIC or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def jpeg_size(data):
    if len(data) < 4 or data[:3] != b"\xff\xd8\xff":
        return None
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            return None
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:
            continue  # standalone markers
        if marker in (0xD9, 0xDA):
            return None  # end of image or scan data before any frame header
        if i + 2 > n:
            return None
        seglen = (data[i] << 8) | data[i + 1]
        if seglen < 2:
            return None
        if marker in SOF_MARKERS:
            if seglen < 7 or i + 7 > n:
                return None
            h = (data[i + 3] << 8) | data[i + 4]
            w = (data[i + 5] << 8) | data[i + 6]
            return w, h
        i += seglen
    return None


def image_info(data, declared):
    """(ext, w, h) or raises ApiError 422."""
    if declared == "image/png":
        if data[:8] != PNG_MAGIC:
            raise ApiError(422, "bad_image", "The file is not a PNG image (its first bytes say otherwise).")
        size, ext = png_size(data), "png"
    else:
        if data[:3] != b"\xff\xd8\xff":
            raise ApiError(422, "bad_image", "The file is not a JPEG image (its first bytes say otherwise).")
        size, ext = jpeg_size(data), "jpg"
    if not size:
        raise ApiError(422, "bad_image", "The image's header cannot be read, so its size is unknown. Export it "
                                         "again as JPEG or PNG.")
    w, h = size
    if w < 1 or h < 1 or w > MAX_IMAGE_SIDE or h > MAX_IMAGE_SIDE:
        raise ApiError(422, "bad_image", "The image is %d x %d pixels; each side must be 1-%d pixels. Resize it "
                                         "and upload again." % (w, h, MAX_IMAGE_SIDE))
    return ext, w, h


def fsync_dir(path):
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def store_image_file(images_dir, sha, ext, data=None, source=None):
    """Writes DATA/images/<sha>.<ext> durably (temp file, fsync, rename). Never a symlink."""
    final = os.path.join(images_dir, "%s.%s" % (sha, ext))
    if os.path.isfile(final) and not os.path.islink(final):
        return final
    tmp = os.path.join(images_dir, ".tmp-%s-%d-%d" % (sha[:16], os.getpid(), threading.get_ident()))
    if source is not None:
        try:
            os.link(source, tmp)  # same file system: a hard link, no copy
        except OSError:
            shutil_copy(source, tmp)
    else:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    os.replace(tmp, final)
    fsync_dir(images_dir)
    return final


def shutil_copy(src, dst):
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        while True:
            chunk = fi.read(1 << 20)
            if not chunk:
                break
            fo.write(chunk)
        fo.flush()
        os.fsync(fo.fileno())


def record_image(store, sha, ext, w, h, size):
    def tx(conn):
        conn.execute("INSERT OR IGNORE INTO images (sha256, ext, w, h, bytes, stored_ms) VALUES (?, ?, ?, ?, ?, ?)",
                     (sha, ext, w, h, size, now_ms()))
    store.write(tx)


# [SECTION] Seed -----------------------------------------------------------------------------------

def load_root_key(seed_dir):
    path = os.path.join(seed_dir, "trust.json")
    try:
        with open(path, "rb") as f:
            doc = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        raise SystemExit("serve.py: cannot read %s (%s); it must hold {\"root_key\": \"<base64>\"}" % (path, e))
    key = b64_bytes(doc.get("root_key") if isinstance(doc, dict) else None, 32)
    if key is None:
        raise SystemExit("serve.py: %s has no valid \"root_key\" (base64 Ed25519 public key)" % path)
    return key


def import_seed(store, seed_dir, root_key):
    """Imports documents.jsonl through apply_document (the API's write path) in one transaction,
    each line in its own savepoint so a refused line is reported and skipped; then the images."""
    docs_path = os.path.join(seed_dir, "documents.jsonl")
    report = {"imported": 0, "refused": 0, "images": 0, "images_refused": 0}
    lines = []
    if os.path.isfile(docs_path):
        with open(docs_path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
    now = now_ms()

    def tx(conn):
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            kind = "?"
            conn.execute("SAVEPOINT seed_line")
            try:
                try:
                    item = parse_json_text(line)
                except ValueError:
                    raise bad_document("The line is not valid JSON.")
                if not isinstance(item, dict):
                    raise bad_document("The line is not a {\"kind\", \"envelope\"} object.")
                kind = item.get("kind", "?")
                try:
                    apply_document(conn, item.get("envelope"), ANY_VERSION, root_key, now, expect_kind=kind)
                except sqlite3.IntegrityError as e:
                    raise ApiError(409, "conflict", "It conflicts with a stored document (%s)." % e)
                conn.execute("RELEASE seed_line")
                report["imported"] += 1
            except ApiError as e:
                conn.execute("ROLLBACK TO seed_line")
                conn.execute("RELEASE seed_line")
                report["refused"] += 1
                log("seed: refused line %d (%s): %s: %s" % (n, kind, e.code, e.message))
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seed_imported_ms', ?)", (str(now),))

    store.write(tx)
    img_dir = os.path.join(seed_dir, "images")
    if os.path.isdir(img_dir):
        rows = []
        for name in sorted(os.listdir(img_dir)):
            m = IMG_NAME_RE.fullmatch(name)
            path = os.path.join(img_dir, name)
            if not m or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                data = f.read(MAX_IMAGE_BYTES + 1)
            sha = hashlib.sha256(data).hexdigest()
            try:
                if len(data) > MAX_IMAGE_BYTES:
                    raise ApiError(413, "too_large", "larger than 8 MB")
                if sha != m.group(1):
                    raise ApiError(422, "bad_image", "its content does not match the SHA-256 in its name")
                ext, w, h = image_info(data, "image/png" if m.group(2) == "png" else "image/jpeg")
                if ext != m.group(2):
                    raise ApiError(422, "bad_image", "its content does not match its extension")
            except ApiError as e:
                report["images_refused"] += 1
                log("seed: refused image %s: %s" % (name, e.message))
                continue
            store_image_file(store.images_dir, sha, ext, source=path)
            rows.append((sha, ext, w, h, len(data), now))
        if rows:
            store.write(lambda conn: conn.executemany(
                "INSERT OR IGNORE INTO images (sha256, ext, w, h, bytes, stored_ms) VALUES (?, ?, ?, ?, ?, ?)", rows))
        report["images"] = len(rows)
    log("seed: imported %d documents (%d refused) and %d images (%d refused) from %s" %
        (report["imported"], report["refused"], report["images"], report["images_refused"], seed_dir))
    return report


# [SECTION] Pages ----------------------------------------------------------------------------------

def esc(value):
    return html.escape("" if value is None else str(value), quote=True)


def script_json(obj):
    """JSON safe inside an inline <script>: no '</script>' breakout, no HTML-significant characters."""
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def format_money(amount, currency):
    """Mirrors core::format_money: "¥128.00", "$12.50", "EUR 1.00" style for others."""
    symbol = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency)
    neg = amount < 0
    mag = -amount if neg else amount
    no_minor = currency == "JPY"
    whole = "{:,}".format(mag if no_minor else mag // 100)
    out = ("-" if neg else "") + (symbol if symbol else currency + " ") + whole
    if not no_minor:
        out += ".%02d" % (mag % 100)
    return out


def decimal_amount(amount, currency):
    """Minor units -> "68.00" (no thousands separators, for product:price:amount)."""
    neg = amount < 0
    mag = -amount if neg else amount
    text = str(mag) if currency == "JPY" else "%d.%02d" % (mag // 100, mag % 100)
    return ("-" if neg else "") + text


def html_lang(locale):
    return "zh-CN" if isinstance(locale, str) and locale.lower().startswith("zh") else "en"


def theme_color(value):
    return value.upper() if isinstance(value, str) and COLOR_RE.fullmatch(value) else DEFAULT_THEME


def first_sentence(text, limit=120):
    text = " ".join((text or "").split())
    for i, ch in enumerate(text):
        if ch in "。！？" or (ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " ")):
            text = text[:i + 1]
            break
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text


def clip(text, limit=200):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def image_url(ref, absolute_base=None):
    """A safe URL for an image reference: our own /img/<sha>.<ext>, or an http(s) URL. None otherwise."""
    src = ref.get("src") if isinstance(ref, dict) else ref
    if not isinstance(src, str):
        return None
    if LOCAL_IMG_RE.fullmatch(src):
        return (absolute_base or "") + src
    if re.fullmatch(r"https?://[^\s\"'<>\\`]{1,2000}", src):
        parts = urllib.parse.urlsplit(src)
        if parts.netloc:
            return src
    return None


def product_image(prod):
    imgs = prod.get("images") if isinstance(prod.get("images"), list) else []
    for ref in imgs + [prod.get("thumb")]:
        if image_url(ref):
            return ref
    return None


def path_quote(segment):
    return urllib.parse.quote(segment, safe="")


class Page:
    def __init__(self, path, base):
        self.path = path
        self.base = base
        self.status = 200
        self.lang = "en"
        self.theme = DEFAULT_THEME
        self.title = "Dynamic shops"
        self.description = "Shops of independent distributors, with products their brands sign and lock."
        self.og_type = "website"
        self.site_name = "Dynamic shops"
        self.image = None            # absolute URL
        self.canonical = path
        self.price = None            # (amount text, currency)
        self.robots = None
        self.summary = ""
        self.prefetch = ["/trust.json"]

    def meta(self):
        url = self.base + self.canonical
        og = [("og:type", self.og_type), ("og:title", self.title), ("og:description", self.description),
              ("og:url", url), ("og:site_name", self.site_name),
              ("og:locale", "zh_CN" if self.lang == "zh-CN" else "en_US")]
        if self.image:
            og.append(("og:image", self.image))
        if self.price:
            og += [("product:price:amount", self.price[0]), ("product:price:currency", self.price[1])]
        tw = [("twitter:card", "summary_large_image" if self.image else "summary"),
              ("twitter:title", self.title), ("twitter:description", self.description)]
        if self.image:
            tw.append(("twitter:image", self.image))
        lines = ['<meta property="%s" content="%s">' % (esc(k), esc(v)) for k, v in og]
        lines += ['<meta name="%s" content="%s">' % (esc(k), esc(v)) for k, v in tw]
        if self.robots:
            lines.append('<meta name="robots" content="%s">' % esc(self.robots))
        lines.append('<link rel="canonical" href="%s">' % esc(url))
        return "\n".join(lines)


def shop_header_html(view):
    parts = []
    banner = image_url(view.banner) if view.banner else None
    if banner and LOCAL_IMG_RE.fullmatch(banner):  # only our own paths go into CSS
        parts.append('<header class="fp-hero" style="background-image:url(\'%s\')"></header>' % esc(banner))
    else:
        parts.append('<header class="fp-hero"></header>')
    parts.append('<section class="fp-shop">')
    avatar = image_url(view.avatar) if view.avatar else None
    if avatar:
        parts.append('<img class="fp-avatar" src="%s" alt="%s" width="80" height="80">' % (esc(avatar), esc(view.name)))
    parts.append("<h1>%s</h1>" % esc(view.name))
    if view.greeting:
        parts.append("<p>%s</p>" % esc(view.greeting))
    parts.append("</section>")
    return "\n".join(parts)


STRINGS = {
    "en": {
        "no_products": "No products yet.",
        "not_in_shop_title": "This product isn't in {shop}'s shop (any more)",
        "not_in_shop": "This product isn't in this shop (any more). Here is what the shop has:",
        "sold_by": "Sold by {shop}, content verified by {brand}.",
        "note_from": "A note from {shop}",
        "shop_description": "{shop}'s shop",
        "brand_title": "{brand} — shops and products",
        "brand_description": "Shops of {brand}'s distributors, with products {brand} signs and locks.",
        "brand_count": "{n} shops carry {brand}.",
    },
    "zh-CN": {
        "no_products": "店里暂时还没有商品。",
        "not_in_shop_title": "这件商品不在{shop}（或已下架）",
        "not_in_shop": "这件商品不在这家店里（或已下架）。看看店里现有的商品：",
        "sold_by": "由{shop}销售，商品内容经{brand}签名验证。",
        "note_from": "{shop}的推荐",
        "shop_description": "{shop}的小店",
        "brand_title": "{brand} — 店铺与商品",
        "brand_description": "{brand}的分销店铺，商品内容由{brand}签名锁定。",
        "brand_count": "共有 {n} 家店铺销售{brand}。",
    },
}


def words(lang, key, **values):
    return STRINGS.get(lang, STRINGS["en"])[key].format(**values)


def product_list_html(view):
    items = []
    for prod, cert, rel in view.items[:SUMMARY_PRODUCTS]:
        href = "/s/%s/p/%s" % (path_quote(view.slug), path_quote(prod.get("id", "")))
        price = format_money(prod.get("price", 0), rel.get("currency") or cert.get("currency", ""))
        items.append('<li><a href="%s">%s <span>%s</span></a></li>' % (esc(href), esc(prod.get("title", "")), esc(price)))
    if not items:
        return "<p>%s</p>" % esc(words(html_lang(view.locale), "no_products"))
    return '<ul class="fp-list">\n%s\n</ul>' % "\n".join(items)


def brand_directory_html(brands):
    if not brands:
        return ""
    lis = ['<li><a href="/b/%s">%s</a></li>' % (esc(path_quote(b["brand"])), esc(b.get("name", b["brand"])))
           for b in brands]
    return '<ul class="fp-list">\n%s\n</ul>' % "\n".join(lis)


def render_shop(conn, page, slug, rest):
    view = ShopView(conn, slug) if is_slug(slug) else None
    if not view or not view.found:
        page.status = 404
        page.robots = "noindex"
        page.title = "This shop doesn't exist (any more)"
        page.description = "The link may be old or mistyped. Find a shop in the brand directory."
        page.prefetch = ["/api/directory", "/trust.json"]
        page.summary = ('<section class="fp-shop">\n<h1>This shop doesn\'t exist (any more)</h1>\n'
                        '<p>The link may be old or mistyped. These brands have shops you can open:</p>\n'
                        '</section>\n' + brand_directory_html(brand_list(conn)))
        return page
    page.prefetch = ["/api/shops/%s" % slug, "/trust.json"]
    page.lang = html_lang(view.locale)
    page.theme = theme_color(view.theme)
    page.site_name = view.name
    page.canonical = "/s/%s" % slug
    sentence = first_sentence(view.greeting)
    page.title = "%s — %s" % (view.name, sentence) if sentence else view.name
    page.description = clip(view.greeting) or words(page.lang, "shop_description", shop=view.name)
    cover = view.banner or view.avatar
    if not image_url(cover) and view.items:
        cover = product_image(view.items[0][0])
    page.image = image_url(cover, page.base) if cover else None
    header = shop_header_html(view)
    if len(rest) == 2 and rest[0] == "p":
        item = view.find(rest[1])
        if not item:
            page.status = 404
            page.robots = "noindex"
            page.title = words(page.lang, "not_in_shop_title", shop=view.name)
            page.summary = (header + '\n<section class="fp-shop"><p>%s</p></section>\n' %
                            esc(words(page.lang, "not_in_shop")) + product_list_html(view))
            return page
        prod, cert, rel = item
        page.lang = html_lang(rel.get("locale") or cert.get("locale"))  # the product's own brand
        currency = rel.get("currency") or cert.get("currency", "")
        price_text = format_money(prod.get("price", 0), currency)
        title = prod.get("title", "")
        page.og_type = "product"
        page.canonical = "/s/%s/p/%s" % (slug, path_quote(prod.get("id", "")))
        page.title = "%s · %s · %s" % (title, price_text, view.name)
        page.description = clip(prod.get("subtitle") or prod.get("description") or title)
        page.price = (decimal_amount(prod.get("price", 0), currency), currency)
        img = product_image(prod)
        if img:
            page.image = image_url(img, page.base)
        parts = ['<article class="fp-product">']
        if img:
            parts.append('<img src="%s" alt="%s">' % (esc(image_url(img)), esc(title)))
        parts.append("<div>")
        parts.append("<h2>%s</h2>" % esc(title))
        if prod.get("subtitle"):
            parts.append("<p>%s</p>" % esc(prod["subtitle"]))
        parts.append('<p class="fp-price">%s</p>' % esc(price_text))
        if prod.get("description"):
            parts.append("<p>%s</p>" % esc(prod["description"]))
        specs = [s for s in prod.get("specs", []) if isinstance(s, dict)]
        if specs:
            parts.append("<dl>")
            for s in specs:
                parts.append("<dt>%s</dt><dd>%s</dd>" % (esc(s.get("name", "")), esc(s.get("value", ""))))
            parts.append("</dl>")
        parts.append("<p>%s</p>" % esc(words(page.lang, "sold_by", shop=view.name, brand=cert.get("name", ""))))
        parts.append("</div>")
        note = view.notes.get(prod.get("id")) if isinstance(view.notes, dict) else None
        if note:
            label = words(page.lang, "note_from", shop=view.name)
            parts.append('<aside aria-label="%s"><h3>%s</h3><p>%s</p></aside>' % (esc(label), esc(label), esc(note)))
        parts.append("</article>")
        page.summary = header + "\n" + "\n".join(parts)
        return page
    if len(rest) == 2 and rest[0] == "c":
        for cert, rel in view.brands:
            for cat in (rel or {}).get("categories", []):
                if isinstance(cat, dict) and cat.get("id") == rest[1]:
                    page.title = "%s · %s" % (cat.get("name") or cat["id"], view.name)
                    page.canonical = "/s/%s/c/%s" % (slug, path_quote(rest[1]))
    page.summary = header + "\n" + product_list_html(view)
    return page


def render_brand(conn, page, brand):
    row = head_row(conn, "brand", brand, brand) if is_id(brand) else None
    if not row:
        page.status = 404
        page.robots = "noindex"
        page.title = "This brand isn't here (any more)"
        page.prefetch = ["/api/directory", "/trust.json"]
        page.summary = ('<section class="fp-shop">\n<h1>This brand isn\'t here (any more)</h1>\n'
                        '<p>These brands have shops you can open:</p>\n</section>\n' + brand_directory_html(brand_list(conn)))
        return page
    cert = payload_of(row[0], row[2])
    name = cert.get("name", brand)
    page.lang = html_lang(cert.get("locale"))
    page.site_name = name
    page.canonical = "/b/%s" % brand
    page.title = words(page.lang, "brand_title", brand=name)
    page.description = words(page.lang, "brand_description", brand=name)
    page.prefetch = ["/api/brands/%s" % brand, "/api/directory", "/trust.json"]
    shops = directory(conn, brand)["shops"]
    parts = ['<section class="fp-shop">', "<h1>%s</h1>" % esc(name),
             "<p>%s</p>" % esc(words(page.lang, "brand_count", n=len(shops), brand=name)), "</section>"]
    shops = shops[:SUMMARY_PRODUCTS]
    if shops:
        parts.append('<ul class="fp-list">')
        parts += ['<li><a href="/s/%s">%s</a></li>' % (esc(s["slug"]), esc(s["name"] or s["slug"])) for s in shops]
        parts.append("</ul>")
    page.summary = "\n".join(parts)
    return page


def render_home(conn, page):
    page.title = "Dynamic shops — brands and their distributors' shops"
    page.prefetch = ["/api/directory", "/trust.json"]
    page.summary = ('<section class="fp-shop">\n<h1>Dynamic shops</h1>\n<p>Open a distributor\'s shop from their '
                    'link, or pick a brand:</p>\n</section>\n' + brand_directory_html(brand_list(conn)))
    return page


def render_app(page, segs):
    area = segs[0]
    page.robots = "noindex"
    if area == "o":
        order = segs[1] if len(segs) > 1 else ""
        page.title = "Order %s" % order if order else "Your order"
        page.description = "The status of an order."
        page.summary = '<section class="fp-shop">\n<h1>%s</h1>\n<p>Loading the order status…</p>\n</section>' % esc(page.title)
    elif area == "d":
        page.title = "Distributor studio"
        page.description = "Open, customise and share your shop."
        page.summary = ('<section class="fp-shop">\n<h1>Distributor studio</h1>\n<p>Open your shop, make it yours, '
                        'share it and see what it earns.</p>\n</section>')
    else:
        page.title = "Brand console"
        page.description = "Publish signed catalogs, see and settle your distributor network."
        page.summary = ('<section class="fp-shop">\n<h1>Brand console</h1>\n<p>Publish signed catalogs, preview '
                        'shops, see and settle your network.</p>\n</section>')
    return page


PLACEHOLDER_RE = re.compile(r"\{\{([a-z_]+)\}\}")


def fill_template(template, values):
    # One pass: text that came from documents can never be read as another placeholder.
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template)


# [SECTION] Static ---------------------------------------------------------------------------------

class FileCache:
    """Bytes, ETag and gzip of small served files, refreshed when the file changes on disk."""

    def __init__(self):
        self.items = {}
        self.lock = threading.Lock()

    def get(self, path):
        try:
            st = os.stat(path)
        except OSError:
            return None
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        with self.lock:
            item = self.items.get(path)
        if item and item["stamp"] == stamp:
            return item
        with open(path, "rb") as f:
            data = f.read()
        item = {"stamp": stamp, "data": data, "etag": '"%s"' % hashlib.sha256(data).hexdigest()[:32], "gz": None}
        with self.lock:
            self.items[path] = item
        return item

    def gzipped(self, item):
        if item["gz"] is None:
            item["gz"] = gzip.compress(item["data"], 6, mtime=0)
        return item["gz"]


def inside(root, path):
    """True when path (symlinks resolved) is a regular file inside root (resolved)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real.startswith(real_root + os.sep) and os.path.isfile(real)


# [SECTION] HTTP -----------------------------------------------------------------------------------

def accepts_gzip(header):
    for part in (header or "").split(","):
        token, _, params = part.strip().partition(";")
        if token.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = 1.0
        for param in params.split(";"):
            k, _, v = param.strip().partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if q > 0:
            return True
    return False


class App:
    """Everything the handler needs: store, folders, caches."""

    def __init__(self, args, store, root_key):
        self.site = os.path.realpath(args.site)
        self.seed = os.path.realpath(args.seed) if args.seed else None
        self.store = store
        self.root_key = root_key
        self.public_url = args.public_url.rstrip("/") if args.public_url else None
        self.files = FileCache()
        self.responses = OrderedDict()  # key -> {"body", "etag", "gz", ...}
        self.responses_bytes = 0
        self.responses_lock = threading.Lock()
        self.port = args.port
        self.lookups = {}  # rel path -> (checked at, file item or None)

    def site_file(self, rel, root=None):
        """The cached file item for rel inside the site folder (or root), or None. The containment
        check (symlinks resolved) and the stat are reused for one second, then done again."""
        root = root or self.site
        now = time.monotonic()
        hit = self.lookups.get((root, rel))
        if hit and now - hit[0] < 1.0:
            return hit[1]
        full = os.path.join(root, rel)
        item = self.files.get(os.path.realpath(full)) if inside(root, full) else None
        if len(self.lookups) > 256:
            self.lookups = {}
        self.lookups[(root, rel)] = (now, item)
        return item

    def cached(self, key, make):
        with self.responses_lock:
            if key in self.responses:
                self.responses.move_to_end(key)
                return self.responses[key]
        value = make()
        cost = len(value["body"]) * 5 // 4 + 256  # the body and, once asked for, its gzip
        if cost > RESPONSE_CACHE_BYTES // 4:
            return value  # too big to keep
        with self.responses_lock:
            old = self.responses.pop(key, None)
            if old is not None:
                self.responses_bytes -= old["cost"]
            value["cost"] = cost
            self.responses[key] = value
            self.responses_bytes += cost
            while self.responses_bytes > RESPONSE_CACHE_BYTES and self.responses:
                self.responses_bytes -= self.responses.popitem(last=False)[1]["cost"]
        return value


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dynshop"
    sys_version = ""
    timeout = 30
    disable_nagle_algorithm = True  # keep-alive answers must not wait for the client's delayed ACK
    app = None  # set in main

    # -- plumbing ----------------------------------------------------------------------------------
    def log_request(self, code="-", size="-"):
        pass  # one line per request is written by dispatch()

    def log_message(self, fmt, *args):
        if not QUIET:
            log("%s - %s" % (self.address_string(), fmt % args))

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def send_error(self, code, message=None, explain=None):
        # Called by BaseHTTPRequestHandler for malformed requests: answer in JSON like everything else.
        self.close_connection = True
        codes = {400: "bad_request", 404: "not_found", 408: "timeout", 414: "uri_too_long",
                 431: "headers_too_large", 501: "method_not_allowed", 505: "bad_http_version"}
        status = 405 if code == 501 else code
        msg = {400: "The request is malformed.", 414: "The address is too long.",
               431: "The request headers are too large.", 501: "This method is not supported here."}.get(
            code, message or "The request could not be handled.")
        self.method = "HEAD" if getattr(self, "command", None) == "HEAD" else "GET"
        self._reset_body_state(0)
        try:
            self.send_json_error(ApiError(status, codes.get(code, "bad_request"), msg))
        except OSError:
            pass
        if not getattr(self, "_in_dispatch", False):
            self._log_line(getattr(self, "command", None) or "-", getattr(self, "path", None) or "-", status, 0)

    def handle_expect_100(self):
        limit = self.body_limit()
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = 0
        if length > limit:
            self.method = "GET"
            self._reset_body_state(0)  # the client waits for our word before sending the body
            self.close_connection = True
            self.send_json_error(self.too_large(limit))
            return False
        return super().handle_expect_100()

    def _log_line(self, method, path, status, ms):
        if not QUIET:
            log("%s %s %s %dms" % (method, CONTROL_RE.sub("?", path[:300]), status, ms))

    def do_GET(self):
        self.dispatch("GET")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_OPTIONS(self):
        self.dispatch("OPTIONS")

    def dispatch(self, method):
        t0 = time.monotonic()
        self._status = 0
        self._reset_body_state()
        self._in_dispatch = True
        self.method = method
        try:
            self.route(method)
        except ApiError as e:
            if self._status:  # an answer already started: nothing more can be said on this connection
                self.close_connection = True
            else:
                self.send_json_error(e)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            log("serve.py: internal error on %s %s\n%s" % (method, self.path, traceback.format_exc()))
            self.close_connection = True
            if self._status:
                return
            try:
                self.send_json_error(ApiError(500, "internal_error",
                                              "Something went wrong on the server. Try again; if it keeps "
                                              "failing, tell the platform operator."))
            except OSError:
                pass
        finally:
            self._in_dispatch = False
            self._log_line(method, self.path, self._status, int((time.monotonic() - t0) * 1000))
            if self._discard:
                self.linger(self._discard)

    def _reset_body_state(self, declared=None):
        """What the request says about its body, so an answer sent before reading it can close the
        connection (the unread bytes must never be taken for the next request)."""
        if declared is None:
            cl = self.headers.get("Content-Length") if self.headers else None
            try:
                declared = int(cl) if cl is not None else 0
            except ValueError:
                declared = -1
            if self.headers and self.headers.get("Transfer-Encoding"):
                declared = -1
        self._declared = declared
        self._body_read = declared == 0
        self._discard = 0

    def linger(self, remaining):
        """After refusing a body unread: stop writing, then read and throw away what the client is still
        sending (a few seconds and 64 MB at most). Closing with unread data would reset the connection
        and many clients would lose the answer before reading it."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(2)
            remaining = min(remaining, 64 * 1024 * 1024)
            deadline = time.monotonic() + 5
            while remaining > 0 and time.monotonic() < deadline:
                chunk = self.rfile.read1(min(1 << 16, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
        except (OSError, ValueError):
            pass

    # -- responses ---------------------------------------------------------------------------------
    def send_bytes(self, status, body, ctype, headers=None, gz=None, etag=None, compressible=False):
        head_only = self.method == "HEAD"
        if not getattr(self, "_body_read", True):
            self.close_connection = True
            self._discard = max(getattr(self, "_declared", 0), 0)
        if etag and status == 200:
            inm = self.headers.get("If-None-Match")
            if inm and (inm.strip() == "*" or etag in [t.strip() for t in inm.split(",")]):
                self.send_response(304)
                self.send_header("ETag", etag)
                for k, v in (headers or {}).items():
                    if k in ("Cache-Control", "Vary"):
                        self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        use_gz = False
        if compressible and len(body) >= GZIP_MIN_BYTES and accepts_gzip(self.headers.get("Accept-Encoding")):
            body = gz() if callable(gz) else (gz if gz is not None else gzip.compress(body, 6, mtime=0))
            use_gz = True
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if compressible:
            self.send_header("Vary", "Accept-Encoding")
        if use_gz:
            self.send_header("Content-Encoding", "gzip")
        if etag:
            self.send_header("ETag", etag)
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        # Headers and body in one write (BaseHTTPRequestHandler buffers the headers until flushed).
        self._headers_buffer.append(b"\r\n")
        if not head_only:
            self._headers_buffer.append(body)
        self.flush_headers()

    def send_json_error(self, err):
        if not hasattr(self, "method"):
            self.method = "GET"
        body = err.body()
        headers = dict(err.headers)
        headers["Cache-Control"] = "no-store"
        self.send_bytes(err.status, body, "application/json; charset=utf-8", headers)

    def send_json(self, status, obj_or_text, cache="no-cache", etag=True, extra=None):
        text = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text, ensure_ascii=False)
        body = text.encode("utf-8")
        headers = {"Cache-Control": cache}
        headers.update(extra or {})
        tag = '"%s"' % hashlib.sha256(body).hexdigest()[:32] if etag else None
        self.send_bytes(status, body, "application/json; charset=utf-8", headers, etag=tag, compressible=True)

    def send_cached_json(self, key, make, cache="no-cache"):
        """GET answers keyed on the store generation: built and gzipped once per change."""
        app = self.app

        def build():
            body = make().encode("utf-8")
            return {"body": body, "etag": '"%s"' % hashlib.sha256(body).hexdigest()[:32], "gz": None}

        item = app.cached((key, app.store.generation), build)

        def gz():
            if item["gz"] is None:
                item["gz"] = gzip.compress(item["body"], 6, mtime=0)
            return item["gz"]

        self.send_bytes(200, item["body"], "application/json; charset=utf-8", {"Cache-Control": cache},
                        gz=gz, etag=item["etag"], compressible=True)

    def too_large(self, limit):
        return ApiError(413, "too_large", "The request body is larger than %d KB, the limit here. Send less." %
                        (limit // 1024), limit_bytes=limit)

    # -- routing -----------------------------------------------------------------------------------
    def split_path(self):
        raw = self.path
        if raw.startswith(("http://", "https://")):
            raw = urllib.parse.urlsplit(raw).path or "/"
        raw = raw.split("#", 1)[0]
        path, _, query = raw.partition("?")
        if not path.startswith("/"):
            raise ApiError(400, "bad_request", "The request path must start with '/'.")
        segs = path.split("/")[1:]
        if segs and segs[-1] == "" and len(segs) > 1:
            segs = segs[:-1]
        if segs == [""]:
            segs = []
        decoded = []
        for s in segs:
            try:
                d = urllib.parse.unquote(s, errors="strict")
            except UnicodeDecodeError:
                raise self.not_found()
            if d in ("", ".", "..") or "/" in d or "\\" in d or "\x00" in d:
                raise self.not_found()
            decoded.append(d)
        return path, decoded, query

    def not_found(self):
        return ApiError(404, "not_found", "There is nothing at this address. Check the link.")

    def body_limit(self):
        path = self.path.split("?", 1)[0]
        if path == "/api/images":
            return MAX_IMAGE_BYTES
        if path == "/api/documents":
            return MAX_RELEASE_BYTES
        return MAX_SMALL_BODY_BYTES

    def read_body(self, limit):
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise ApiError(411, "length_required", "Send the body with a Content-Length header (no chunked "
                                                   "transfer encoding).")
        cl = self.headers.get("Content-Length")
        if cl is None:
            self.close_connection = True
            raise ApiError(411, "length_required", "Send the body with a Content-Length header.")
        try:
            length = int(cl)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise ApiError(400, "bad_request", "The Content-Length header is not a number.")
        if length > limit:
            # Not read: the answer closes the connection, then drains what the client still sends.
            raise self.too_large(limit)
        data = self.rfile.read(length) if length else b""
        self._body_read = True
        if len(data) != length:
            self.close_connection = True
            raise ApiError(400, "bad_request", "The body ended before its Content-Length.")
        return data

    def method_not_allowed(self, allowed):
        return ApiError(405, "method_not_allowed", "Use %s for this address." % " or ".join(allowed),
                        headers={"Allow": ", ".join(allowed)})

    def route(self, method):
        path, segs, query = self.split_path()
        first = segs[0] if segs else ""
        if first == "api":
            return self.route_api(method, segs[1:], query)
        if method not in ("GET", "HEAD"):
            raise self.method_not_allowed(["GET", "HEAD"])
        if len(segs) == 1 and first in APP_FILES:
            return self.serve_site_file(first, app_file=True)
        if first == "fonts" and len(segs) == 2 and FONT_NAME_RE.fullmatch(segs[1]) and ".." not in segs[1]:
            return self.serve_site_file(os.path.join("fonts", segs[1]), app_file=False)
        if segs == ["trust.json"]:
            return self.serve_trust()
        if first == "img":
            return self.serve_image(segs)
        if segs == ["robots.txt"]:
            body = b"User-agent: *\nDisallow: /api/\nDisallow: /d/\nDisallow: /console/\nDisallow: /o/\n"
            return self.send_bytes(200, body, "text/plain; charset=utf-8", {"Cache-Control": "no-cache"})
        if not segs or first in ("s", "b", "o", "d", "console"):
            if first in ("s", "b") and len(segs) < 2:
                raise self.not_found()
            return self.serve_page(path, segs)
        raise self.not_found()

    def route_api(self, method, segs, query):
        app = self.app
        name = segs[0] if segs else ""
        get = ("GET", "HEAD")
        if name == "documents" and len(segs) == 1:
            if method != "POST":
                raise self.method_not_allowed(["POST"])
            return self.post_document()
        if name == "images" and len(segs) == 1:
            if method != "POST":
                raise self.method_not_allowed(["POST"])
            return self.post_image()
        routes_get = (
            (name == "shops" and len(segs) == 2),
            (name == "directory" and len(segs) == 1),
            (name == "slugs" and len(segs) == 2),
            (name == "releases" and len(segs) in (2, 3)),
            (name == "brands" and len(segs) == 2),
        )
        if not any(routes_get):
            raise ApiError(404, "not_found", "There is no API at this address.")
        if method not in get:
            raise self.method_not_allowed(["GET", "HEAD"])
        if name == "shops":
            slug = segs[1]
            if not is_slug(slug):
                raise ApiError(404, "unknown_shop", 'There is no shop at "%s". Check the link.' % slug)

            def make():
                with app.store.reader() as conn:
                    return shop_bundle_text(conn, slug)
            return self.send_cached_json(("shop", slug), make)
        if name == "directory":
            params = urllib.parse.parse_qs(query)
            brand = params.get("brand", [None])[0]

            def make_dir():
                with app.store.reader() as conn:
                    return json.dumps(directory(conn, brand), ensure_ascii=False)
            return self.send_cached_json(("directory", brand), make_dir)
        if name == "slugs":
            return self.send_json(200, self.slug_status(segs[1]), etag=False, cache="no-store")
        if name == "releases":
            brand = segs[1]
            with app.store.reader() as conn:
                if len(segs) == 2:
                    row = head_row(conn, "release", brand, brand)
                    if not row:
                        raise ApiError(404, "unknown_release", 'Brand "%s" has not published a catalog here.' % brand)
                    return self.send_json(200, row[2])
                if not segs[2].isdigit() or len(segs[2]) > 12:
                    raise ApiError(404, "unknown_release", "A release version is a whole number.")
                row = conn.execute("SELECT envelope FROM documents WHERE kind = 'release' AND brand = ? AND "
                                   "subject = ? AND version = ?", (brand, brand, int(segs[2]))).fetchone()
            if not row:
                raise ApiError(404, "unknown_release", 'Brand "%s" has no release version %s.' % (brand, segs[2]))
            return self.send_json(200, row[0], cache="public, max-age=31536000, immutable")
        # brands
        brand = segs[1]
        with app.store.reader() as conn:
            cert = head_row(conn, "brand", brand, brand)
            if not cert:
                raise ApiError(404, "unknown_brand", 'There is no brand "%s" on this platform.' % brand)
            pol = head_row(conn, "policy", brand, brand)
            rel = head_row(conn, "release", brand, brand)
        text = '{"brand":%s,"policy":%s,"release_version":%s}' % (
            cert[2], pol[2] if pol else "null", rel[1] if rel else "null")
        return self.send_json(200, text)

    def slug_status(self, slug):
        if not is_slug(slug):
            reason = ("A shop address is 3-32 lowercase letters, digits or dashes, not starting or ending with "
                      "a dash.")
            return {"slug": slug, "available": False, "reason": reason}
        if slug in RESERVED_SLUGS:
            return {"slug": slug, "available": False, "reason": '"%s" is reserved for the platform; pick another.' % slug}
        with self.app.store.reader() as conn:
            taken = conn.execute("SELECT 1 FROM distributors WHERE slug = ?", (slug,)).fetchone()
        if taken:
            return {"slug": slug, "available": False, "reason": "Another shop already uses this address."}
        return {"slug": slug, "available": True, "reason": "This address is free."}

    # -- writes ------------------------------------------------------------------------------------
    def post_document(self):
        data = self.read_body(MAX_RELEASE_BYTES)
        try:
            body = parse_json_text(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "malformed_json", "The body is not valid JSON. Send "
                                                  "{\"envelope\": {...}, \"replaces\": <version or null>}.")
        if not isinstance(body, dict) or "envelope" not in body:
            raise ApiError(400, "bad_request", "Send {\"envelope\": {...}, \"replaces\": <version or null>}.")
        replaces = body.get("replaces")
        if replaces is not None and not is_int(replaces):
            raise ApiError(400, "bad_request", "\"replaces\" must be the version number this write replaces, or "
                                               "null for the first version.")
        env = body["envelope"]
        # Only releases may use the large limit: everything else stays within MAX_DOCUMENT_BYTES.
        if len(data) > MAX_DOCUMENT_BYTES:
            kind = None
            if isinstance(env, dict) and isinstance(env.get("payload"), str):
                m = re.search(r'"type"\s*:\s*"([a-z]+)"', env["payload"][:4096])
                kind = m.group(1) if m else None
            if kind != "release":
                self.close_connection = True
                raise self.too_large(MAX_DOCUMENT_BYTES)
        app = self.app
        try:
            result = app.store.write(lambda conn: apply_document(conn, env, replaces, app.root_key, now_ms()))
        except sqlite3.IntegrityError:
            raise ApiError(409, "conflict", "This document conflicts with one stored at the same time (the same "
                                            "version or shop address). Reload and try again.")
        result = {"ok": True, **result}
        return self.send_json(201, result, cache="no-store", etag=False)

    def post_image(self):
        ctype = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if ctype not in ("image/jpeg", "image/png"):
            raise ApiError(415, "unsupported_media_type",
                           "Upload the image as the raw body with Content-Type image/jpeg or image/png.")
        data = self.read_body(MAX_IMAGE_BYTES)
        if not data:
            raise ApiError(400, "bad_request", "The upload is empty.")
        ext, w, h = image_info(data, ctype)
        sha = hashlib.sha256(data).hexdigest()
        store_image_file(self.app.store.images_dir, sha, ext, data=data)
        record_image(self.app.store, sha, ext, w, h, len(data))
        src = "/img/%s.%s" % (sha, ext)
        return self.send_json(201, {"src": src, "sha256": sha, "w": w, "h": h}, cache="no-store", etag=False)

    # -- static ------------------------------------------------------------------------------------
    def not_built(self, what):
        body = ("The app is not built: %s is missing from the site folder (%s).\n\nTo build it, %s.\n" %
                (what, self.app.site, BUILD_HINT)).encode("utf-8")
        return self.send_bytes(503, body, "text/plain; charset=utf-8", {"Cache-Control": "no-store", "Retry-After": "30"})

    def serve_site_file(self, rel, app_file):
        item = self.app.site_file(rel)
        if item is None:
            if app_file:
                return self.not_built(rel)
            raise self.not_found()
        ext = os.path.splitext(rel)[1].lower()
        ctype = STATIC_TYPES.get(ext, "application/octet-stream")
        return self.send_bytes(200, item["data"], ctype, {"Cache-Control": "no-cache"},
                               gz=lambda: self.app.files.gzipped(item), etag=item["etag"],
                               compressible=ext in COMPRESSIBLE)

    def serve_trust(self):
        item = self.app.site_file("trust.json", root=self.app.seed) if self.app.seed else None
        if item is None:  # no seed folder this run: the root key the data was verified with
            data = json.dumps({"root_key": b64_text(self.app.root_key)}).encode("utf-8")
            item = {"data": data, "etag": '"%s"' % hashlib.sha256(data).hexdigest()[:32], "gz": None}
        return self.send_bytes(200, item["data"], "application/json; charset=utf-8", {"Cache-Control": "no-cache"},
                               gz=lambda: self.app.files.gzipped(item), etag=item["etag"], compressible=True)

    def serve_image(self, segs):
        m = IMG_NAME_RE.fullmatch(segs[1]) if len(segs) == 2 else None
        if not m:
            raise ApiError(404, "not_found", "Images live at /img/<sha256>.jpg or .png.")
        images = self.app.store.images_dir
        full = os.path.join(images, segs[1])
        if not inside(images, full):
            raise ApiError(404, "not_found", "There is no such image.")
        with open(full, "rb") as f:
            data = f.read()
        ctype = "image/png" if m.group(2) == "png" else "image/jpeg"
        return self.send_bytes(200, data, ctype, {"Cache-Control": "public, max-age=31536000, immutable"},
                               etag='"%s"' % m.group(1))

    # -- pages -------------------------------------------------------------------------------------
    def base_url(self):
        if self.app.public_url:
            return self.app.public_url
        host = (self.headers.get("Host") or "").strip()
        if not HOST_RE.fullmatch(host):
            host = "localhost:%d" % self.app.port
        proto = (self.headers.get("X-Forwarded-Proto") or "").strip().lower()
        return "%s://%s" % ("https" if proto == "https" else "http", host)

    def serve_page(self, path, segs):
        app = self.app
        template = app.site_file("index.html")
        if template is None:
            return self.not_built("index.html")
        wasm = app.site_file("app.wasm")
        wasm_size = len(wasm["data"]) if wasm else 0
        base = self.base_url()
        key = ("page", path, base, template["etag"], wasm_size)

        def build():
            page = Page(path, base)
            with app.store.reader() as conn:
                if not segs:
                    render_home(conn, page)
                elif segs[0] == "s":
                    render_shop(conn, page, segs[1], segs[2:])
                elif segs[0] == "b":
                    render_brand(conn, page, segs[1])
                else:
                    render_app(page, segs)
            html_text = fill_template(template["data"].decode("utf-8"), {
                "lang": esc(page.lang),
                "theme_color": esc(page.theme),
                "title": esc(page.title),
                "description": esc(page.description),
                "meta": page.meta(),
                "preload": self.preload_html(),
                "summary": page.summary,
                "boot": script_json({"prefetch": page.prefetch, "wasmBytes": wasm_size, "route": path}),
            })
            body = html_text.encode("utf-8")
            return {"status": page.status, "body": body, "etag": '"%s"' % hashlib.sha256(body).hexdigest()[:32],
                    "gz": None}

        item = app.cached(key + (app.store.generation,), build)

        def gz():
            if item["gz"] is None:
                item["gz"] = gzip.compress(item["body"], 6, mtime=0)
            return item["gz"]

        return self.send_bytes(item["status"], item["body"], "text/html; charset=utf-8",
                               {"Cache-Control": "no-cache"}, gz=gz, etag=item["etag"], compressible=True)

    def preload_html(self):
        site = self.app.site
        links = ['<link rel="preload" href="/app.wasm" as="fetch" type="application/wasm" crossorigin>']
        fonts = os.path.join(site, "fonts")
        try:
            names = sorted(os.listdir(fonts))
        except OSError:
            names = []
        types = {".otf": "font/otf", ".ttf": "font/ttf", ".woff2": "font/woff2", ".woff": "font/woff"}
        count = 0
        for name in names:
            ext = os.path.splitext(name)[1].lower()
            # The extended CJK subset loads only when needed: never preload it.
            if ext in types and FONT_NAME_RE.fullmatch(name) and "ext" not in name.lower() and count < 4:
                links.append('<link rel="preload" href="/fonts/%s" as="font" type="%s" crossorigin>' %
                             (esc(path_quote(name)), types[ext]))
                count += 1
        return "\n".join(links)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A client that hangs up mid-answer is not worth a traceback.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, socket.timeout, TimeoutError)):
            return
        log("serve.py: error serving %s: %s" % (client_address[0], exc))


# [SECTION] Main -----------------------------------------------------------------------------------

def main(argv=None):
    global QUIET
    ap = argparse.ArgumentParser(description="dynshop store: serves the app, keeps signed documents.")
    ap.add_argument("--site", default="build/site", help="the built app (index.html template, app.js, app.wasm...)")
    ap.add_argument("--seed", default=None, help="trust.json, documents.jsonl and images/ to import into an empty store")
    ap.add_argument("--data", default="build/data", help="where the SQLite file and images live")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--public-url", default=None, help="absolute base for links in pages (default: from Host)")
    ap.add_argument("--quiet", action="store_true", help="no per-request log lines")
    args = ap.parse_args(argv)
    QUIET = args.quiet

    os.makedirs(args.data, exist_ok=True)
    lock_file = open(os.path.join(args.data, ".lock"), "a+")
    try:
        fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise SystemExit("serve.py: another serve.py is already using %s" % args.data)
    store = Store(args.data)

    with store.reader() as conn:
        stored_root = store.meta(conn, "root_key")
    if args.seed:
        root_key = load_root_key(args.seed)
        if stored_root and b64_bytes(stored_root, 32) != root_key:
            raise SystemExit("serve.py: %s/trust.json names another platform root key than the one the data in %s "
                             "was verified with; use a fresh --data folder for this seed." % (args.seed, args.data))
    elif stored_root:
        root_key = b64_bytes(stored_root, 32)
    else:
        raise SystemExit("serve.py: no --seed folder and no stored root key: give --seed DIR holding trust.json")
    if not stored_root:
        store.write(lambda conn: conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('root_key', ?)",
                                              (b64_text(root_key),)))
    if args.seed and store.is_empty():
        import_seed(store, args.seed, root_key)
    if not os.path.isfile(os.path.join(args.site, "index.html")):
        log("serve.py: warning: %s has no index.html; pages answer 503 until the app is built (%s)" %
            (args.site, BUILD_HINT))

    httpd = Server((args.host, args.port), Handler)
    Handler.app = App(args, store, root_key)
    Handler.app.port = httpd.server_address[1]

    def stop(*_):
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log("serve.py: listening on http://%s:%d (data %s, site %s)" %
        (args.host, httpd.server_address[1], os.path.abspath(args.data), os.path.abspath(args.site)))
    try:
        httpd.serve_forever(poll_interval=0.25)
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
