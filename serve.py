#!/usr/bin/python3
"""dynshop store: a thin, distrustful server for the WebAssembly app.

It serves the built app, fills the page template with a first paint for each URL, and keeps
signed documents (brand certificates, policies, catalog releases, brand articles, enrollments, shop manifests)
and content-addressed images in SQLite. Every document is checked here, by kind, before it is
stored: the signature over the exact payload text, and that the signer is the one allowed to
sign it. Nothing is trusted because it came from a client, from the seed, or from the database.

Run (Debian's python3, stdlib + python3-nacl only):
    /usr/bin/python3 serve.py --site build/site --seed build/demo --data build/data --port 8000

API (JSON; every error is {"error": {"code", "message", ...}} with its HTTP status):
  POST /api/documents                 {"envelope", "replaces"}: brand, policy, release, article, enrollment, manifest
                                      (an article: signed by its brand, read by the core against the brand's
                                      current release, its pictures uploaded here first, versioned per article
                                      id; "retired": true in a new version takes it off every shop)
  POST /api/images                    raw JPEG or PNG bytes, signed by a distributor or a brand (a quota of
                                      unused pictures per key; unused ones are deleted after IMAGE_GRACE_MS)
  Limits: RATE_LIMITS (Config) per client address and per target; over one: 429 + Retry-After.
  A signed request works once (409 replayed_request).
  GET  /api/shops/<slug>  /api/directory  /api/slugs/<slug>  /api/releases/<brand>[/<v>]  /api/brands/<brand>
  GET  /api/brands/<brand>/articles   {"articles": [envelope, ...]}: the current version of each of the brand's
                                      articles, retired ones included, newest created first (core::open_articles)
  POST /api/events                    {"events": [...]} -> {"stored", "duplicates", "rejected": [{"id", "reason"}]}
                                      types: EVENT_TYPES; an "article_view" carries the article id in "product"
  POST /api/orders                    {"key", "shop", "brand", "lines", "contact", "visitor", "touch",
                                      "client_total", "payment"?: "cod|bank|link", "self"?} -> 201 {"order",
                                      "token", "lookup"}; a retry 200. The order carries the chosen method's
                                      details ("payment": {"kind", ..., "reference": number}); a kind the
                                      brand's policy does not list: 422 payment_not_accepted
  GET  /api/orders/<id>?t=<token>     the order with its status history (and its payment details)
  POST /api/orders/lookup             {"number", "phone"} -> {"id", "token"}
  POST /api/orders/<id>/status        {"envelope": brand-signed {"type": "order_status", ...}}
  GET  /api/orders/<id>/provenance    signed request (the brand, or a distributor on the order's chain)
  GET  /api/shops/<slug>/activity     signed by the shop's distributor: their team's events and orders
  GET  /api/shops/<slug>/team         signed by the shop's distributor: their team tree with order counts, sales
  POST /api/shops/<slug>/devices      {"visitor"} signed by the shop's distributor: this browser is theirs (orders
                                      from it, credited to them, are self-purchases under the brand's policy)
  GET  /api/brands/<brand>/activity   signed by the brand: all of its events and orders
  --import-activity DIR               generated events and orders (gen_demo --scale) through the same rules

[SECTION] Config        limits, reserved slugs, patterns
[SECTION] Errors        ApiError -> {"error": {"code", "message"}}
[SECTION] Trust         envelopes, Ed25519 via nacl, canonical product hashes
[SECTION] Schema        SQLite tables (documents append-only, projections, images, events, orders)
[SECTION] Store         connections, one transaction per write, group commit, generation counter for caches
[SECTION] Documents     kind-specific authority and validation (the one write path)
[SECTION] Queries       shop bundle, directory, brands, releases
[SECTION] Referral      mirrors of the C++ rules: referral cleaning, phone key, contact, binding, split
[SECTION] Events        POST /api/events: cleaned, resolved to shop/distributor/brands, each id once
[SECTION] Orders        POST /api/orders: idempotent, priced from the signed release, bound, split
[SECTION] Auth          signed requests (Authorization: Dynshop key=, ts=, sig=), each accepted once
[SECTION] Limits        token buckets per client address and per target (429 + Retry-After)
[SECTION] Activity      events, orders and status changes for the dashboards, paged by cursor
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
import hmac
import html
import http.server
import json
import os
import queue
import re
import secrets
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

try:
    import brotli  # Debian's python3-brotli: pages and JSON answers a sixth smaller than gzip
except ImportError:  # pragma: no cover - depends on the machine; gzip only then
    brotli = None

# The domain's rules come from the core (src/core) as a Python module the native build makes:
# dynshop_core in <build>/native (DYNSHOP_BUILD, default build/; or DYNSHOP_CORE naming the folder).
# A rule is never written a second time here. main() refuses to start without it.
HERE = os.path.dirname(os.path.abspath(__file__))
CORE_DIR = os.environ.get("DYNSHOP_CORE") or os.path.join(HERE, os.environ.get("DYNSHOP_BUILD") or "build", "native")
try:
    sys.path.insert(0, CORE_DIR)
    import dynshop_core as CORE
    CORE_MISSING = None
except ImportError as e:  # pragma: no cover - depends on the build
    CORE, CORE_MISSING = None, str(e)
finally:
    if sys.path and sys.path[0] == CORE_DIR:
        sys.path.pop(0)

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
official platform root system null undefined join
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

KINDS = ("brand", "policy", "release", "article", "enrollment", "manifest")
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
APP_FILES = {"app.js", "app.wasm", "shop.js", "shop.wasm", "shell.js", "style.css"}

# Rate limits, per client address or per target: name -> (burst, refill per second). A token bucket
# each: a request spends one token (an event batch one per event, a failed lookup one), an empty
# bucket answers 429 with Retry-After. The figures are far above what a person does and far below
# what a script does; `--limit NAME=BURST/PER_SECOND` (or NAME=off) changes one for a deployment
# (a carrier NAT puts thousands of phones behind one address).
RATE_LIMITS = {
    "lookup_address": (20, 1 / 30),      # failed order lookups from one address: 20, then 1 per 30 s
    "lookup_order":   (5, 1 / 180),      # failed lookups of one order number: 5, then 1 per 3 minutes
    "write_address":  (240, 4.0),        # orders, documents, status changes, payouts from one address
    "event_address":  (6000, 300.0),     # events from one address (many phones share a carrier's)
    "event_visitor":  (600, 2.0),        # events of one visitor: a full offline outbox, then 2 a second
    "upload_key":     (60, 1 / 30),      # image uploads per signing key: 60, then 1 per 30 s
}
RATE_BUCKETS_MAX = 200_000               # buckets kept in memory; the fullest are forgotten first
UPLOAD_PENDING_IMAGES = 40               # images a key may hold that no document uses yet
UPLOAD_PENDING_BYTES = 64 * 1024 * 1024  # ... and their bytes
IMAGE_GRACE_MS = 48 * 3600 * 1000        # an uploaded image no document uses is deleted after this
IMAGE_SWEEP_EVERY_MS = 3600 * 1000       # how often the store looks for such images

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


INT64_MIN, INT64_MAX = -2 ** 63, 2 ** 63 - 1


def is_int(v):
    # A whole number as the core (nlohmann reads JSON integers as 64-bit) and SQLite know one: Python's
    # json gives 2**70 as an int too, which the core would read as a float and SQLite cannot store
    # (OverflowError: a 500 at the INSERT). Beyond 64 bits it is not a whole number here either.
    return isinstance(v, int) and not isinstance(v, bool) and INT64_MIN <= v <= INT64_MAX


def is_id(v):
    return isinstance(v, str) and ID_RE.fullmatch(v) is not None


def is_slug(v):
    return isinstance(v, str) and SLUG_RE.fullmatch(v) is not None


def _reject_constant(name):
    raise ValueError("not JSON: " + name)


class LoneSurrogate(ValueError):
    """JSON text with a "\\ud800"-style escape that is not half of a pair."""


SURROGATE_ESCAPE_RE = re.compile(r"\\u[dD][89a-fA-F]")


def parse_json_text(text):
    """Strict JSON (no NaN/Infinity, no lone UTF-16 surrogate, which the C++ side would refuse).
    Raises ValueError (LoneSurrogate for a lone surrogate)."""
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError("nested too deeply")
    # Python keeps "\\ud800" with no partner as a lone surrogate, which nlohmann (the core, every browser)
    # refuses and no UTF-8 answer, SQLite row or page can hold: it failed wherever it landed (a 500, or a
    # dropped connection when an error message quoted it). A pair becomes one character when parsed, so
    # only a lone one fails to encode; the full check runs only when the text has such an escape.
    if SURROGATE_ESCAPE_RE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise LoneSurrogate("a lone UTF-16 surrogate")
        except RecursionError:
            raise ValueError("nested too deeply")
    return value


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
-- subject = the brand id (brand, policy, release), the article id (article) or the distributor id
-- (enrollment, manifest). version: the payload's version for policy/release/article/manifest;
-- assigned 1, 2, ... per subject for brand certificates and enrollments.
CREATE TABLE IF NOT EXISTS documents (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  kind           TEXT    NOT NULL CHECK (kind IN ('brand','policy','release','article','enrollment','manifest')),
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
  stored_ms INTEGER NOT NULL,
  uploader  TEXT    NOT NULL DEFAULT ''  -- the key that signed the upload ('' for the seed's)
);
CREATE INDEX IF NOT EXISTS images_uploader ON images (uploader, stored_ms);
-- Every image some stored document mentions (any version: history keeps its pictures). An image
-- not here is an upload nobody published; it is deleted after IMAGE_GRACE_MS.
CREATE TABLE IF NOT EXISTS image_refs (
  sha256 TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Append-only events (visits, product views, carts, checkouts, orders placed, shares), each id once.
-- Fields are stored cleaned: an unknown channel is 'direct', a bad campaign '', a bad hop 0.
-- brands: JSON array (the product's brand for product events, else the shop's brands).
CREATE TABLE IF NOT EXISTS events (
  seq         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
  type        TEXT    NOT NULL,
  shop        TEXT    NOT NULL,
  distributor TEXT    NOT NULL,
  brands      TEXT    NOT NULL,
  product     TEXT    NOT NULL DEFAULT '',
  visitor     TEXT    NOT NULL DEFAULT '',
  channel     TEXT    NOT NULL DEFAULT 'direct',
  campaign    TEXT    NOT NULL DEFAULT '',
  hop         INTEGER NOT NULL DEFAULT 0,
  at_ms       INTEGER NOT NULL,
  received_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_visitor ON events (visitor, at_ms);
CREATE INDEX IF NOT EXISTS events_distributor ON events (distributor, seq);
-- Brand -> events, filled by a trigger for each event actually inserted (never for an ignored duplicate).
CREATE TABLE IF NOT EXISTS event_brands (
  brand TEXT    NOT NULL,
  seq   INTEGER NOT NULL,
  PRIMARY KEY (brand, seq)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_index_brands AFTER INSERT ON events
  BEGIN INSERT OR IGNORE INTO event_brands (brand, seq) SELECT value, NEW.seq FROM json_each(NEW.brands); END;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Append-only orders. idem_key + body_sha256: a retried submit gets the stored answer (response),
-- another body under the same key is refused. distributor = the credited distributor (the bound one,
-- or the shop's own when no binding applies); customer = phone_key of the contact's phone. record =
-- order, binding, chain, touches, split and policy as decided at placement (the provenance).
CREATE TABLE IF NOT EXISTS orders (
  seq              INTEGER PRIMARY KEY,
  id               TEXT    NOT NULL UNIQUE,
  number           TEXT    NOT NULL UNIQUE,
  token            TEXT    NOT NULL,
  idem_key         TEXT    NOT NULL UNIQUE,
  body_sha256      TEXT    NOT NULL,
  brand            TEXT    NOT NULL,
  shop             TEXT    NOT NULL,
  shop_distributor TEXT    NOT NULL,
  distributor      TEXT    NOT NULL DEFAULT '',
  customer         TEXT    NOT NULL,
  visitor          TEXT    NOT NULL DEFAULT '',
  currency         TEXT    NOT NULL,
  total            INTEGER NOT NULL CHECK (total >= 0),
  client_total     INTEGER,
  total_matched    INTEGER NOT NULL,
  release_version  INTEGER NOT NULL,
  placed_ms        INTEGER NOT NULL,
  contact          TEXT    NOT NULL,
  record           TEXT    NOT NULL,
  response         TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_brand ON orders (brand, seq);
CREATE INDEX IF NOT EXISTS orders_shop_distributor ON orders (shop_distributor, seq);
CREATE INDEX IF NOT EXISTS orders_distributor ON orders (distributor, seq);
CREATE INDEX IF NOT EXISTS orders_customer ON orders (brand, customer);
-- An order's life: 'placed' at placement, then brand-signed changes (envelope kept).
CREATE TABLE IF NOT EXISTS order_status (
  seq         INTEGER PRIMARY KEY,
  order_id    TEXT    NOT NULL REFERENCES orders(id),
  status      TEXT    NOT NULL CHECK (status IN ('placed','paid','delivered','refunded','cancelled')),
  at_ms       INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  envelope    TEXT    NOT NULL DEFAULT ''
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

-- The authoritative binding of a customer (phone key) to a distributor, per brand: a projection
-- the order path updates under the brand's policy (apply_touch, then record_order).
CREATE TABLE IF NOT EXISTS bindings (
  brand         TEXT    NOT NULL,
  customer      TEXT    NOT NULL,
  distributor   TEXT    NOT NULL,
  shop          TEXT    NOT NULL,
  bound_ms      INTEGER NOT NULL,
  last_order_ms INTEGER NOT NULL,
  updated_ms    INTEGER NOT NULL,
  made_by       TEXT    NOT NULL DEFAULT '',  -- the order that made this binding (kept orders do not)
  replaced      TEXT    NOT NULL DEFAULT '',  -- JSON of the binding it replaced, '' for none
  PRIMARY KEY (brand, customer)
) WITHOUT ROWID;

-- The money each order owes each payee, as split at placement: what settlement reads (the split in
-- orders.record is its provenance). freeze_days: the refund window of the policy it was placed under.
CREATE TABLE IF NOT EXISTS ledger_shares (
  order_seq   INTEGER NOT NULL REFERENCES orders(seq),
  brand       TEXT    NOT NULL,
  distributor TEXT    NOT NULL,
  level       INTEGER NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount > 0),
  freeze_days INTEGER NOT NULL,
  PRIMARY KEY (order_seq, level)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ledger_shares_brand ON ledger_shares (brand, order_seq);
CREATE INDEX IF NOT EXISTS ledger_shares_payee ON ledger_shares (distributor, brand, order_seq);
CREATE TRIGGER IF NOT EXISTS ledger_shares_no_update BEFORE UPDATE ON ledger_shares
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_shares_no_delete BEFORE DELETE ON ledger_shares
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- Payout batches as the brand signed them (the store recomputed each from its ledger before storing
-- it), and the brand-signed marks on their lines: paid or failed, once per line.
CREATE TABLE IF NOT EXISTS payout_batches (
  seq       INTEGER PRIMARY KEY,
  brand     TEXT    NOT NULL,
  id        TEXT    NOT NULL UNIQUE,
  cutoff    INTEGER NOT NULL,
  total     INTEGER NOT NULL,
  lines     INTEGER NOT NULL,
  envelope  TEXT    NOT NULL,
  stored_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS payout_batches_brand ON payout_batches (brand, cutoff);
CREATE TABLE IF NOT EXISTS payout_marks (
  seq       INTEGER PRIMARY KEY,
  brand     TEXT    NOT NULL,
  batch     TEXT    NOT NULL REFERENCES payout_batches(id),
  payee     TEXT    NOT NULL,
  status    TEXT    NOT NULL CHECK (status IN ('paid','failed')),
  envelope  TEXT    NOT NULL,
  stored_ms INTEGER NOT NULL,
  UNIQUE (batch, payee)
);
CREATE INDEX IF NOT EXISTS payout_marks_brand ON payout_marks (brand, seq);
CREATE TRIGGER IF NOT EXISTS payout_batches_no_update BEFORE UPDATE ON payout_batches
  BEGIN SELECT RAISE(ABORT, 'payout batches are append-only'); END;
CREATE TRIGGER IF NOT EXISTS payout_batches_no_delete BEFORE DELETE ON payout_batches
  BEGIN SELECT RAISE(ABORT, 'payout batches are append-only'); END;
CREATE TRIGGER IF NOT EXISTS payout_marks_no_update BEFORE UPDATE ON payout_marks
  BEGIN SELECT RAISE(ABORT, 'payout marks are append-only'); END;
CREATE TRIGGER IF NOT EXISTS payout_marks_no_delete BEFORE DELETE ON payout_marks
  BEGIN SELECT RAISE(ABORT, 'payout marks are append-only'); END;

-- The devices (visitor ids) a distributor signed in on (POST /api/shops/<slug>/devices, signed): an
-- order from one of them, credited to that distributor, is their own purchase.
CREATE TABLE IF NOT EXISTS distributor_devices (
  distributor TEXT    NOT NULL,
  visitor     TEXT    NOT NULL,
  first_ms    INTEGER NOT NULL,
  last_ms     INTEGER NOT NULL,
  PRIMARY KEY (visitor, distributor)
) WITHOUT ROWID;

-- Each use of a signed invite (signer key + invite id) by an enrollment; counted against max_uses.
CREATE TABLE IF NOT EXISTS invite_uses (
  signer      TEXT    NOT NULL,
  invite      TEXT    NOT NULL,
  brand       TEXT    NOT NULL,
  parent      TEXT    NOT NULL,
  distributor TEXT    NOT NULL,
  used_ms     INTEGER NOT NULL,
  PRIMARY KEY (signer, invite, distributor)
);
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
        self.reshape_placeholders()
        self.widen_document_kinds()
        cols = [r[1] for r in self.writer.execute("PRAGMA table_info(images)")]
        if cols and "uploader" not in cols:  # stores made before uploads were signed
            self.writer.execute("ALTER TABLE images ADD COLUMN uploader TEXT NOT NULL DEFAULT ''")
        self.writer.executescript(SCHEMA)
        self.backfill_image_refs()
        cols = [r[1] for r in self.writer.execute("PRAGMA table_info(bindings)")]
        for col in ("made_by", "replaced"):  # stores made before a void order could undo its binding
            if col not in cols:
                self.writer.execute("ALTER TABLE bindings ADD COLUMN %s TEXT NOT NULL DEFAULT ''" % col)
        self.rekey_customers()
        self.note_unconsented_enrollments()
        self.write_lock = threading.Lock()
        self.readers = queue.LifoQueue()
        self.generation = 0  # bumped after every document commit; caches key on it
        self.group = GroupWriter(self)

    def backfill_image_refs(self):
        """Stores made before image_refs: every stored document's images, once."""
        conn = self.writer
        if self.meta(conn, "image_refs") == "1":
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for (text,) in conn.execute("SELECT envelope FROM documents").fetchall():
                note_image_refs(conn, text)
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('image_refs', '1')")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def reshape_placeholders(self):
        """Data folders made before events and orders were built have empty placeholder tables of
        another shape: drop them (only when empty) so SCHEMA creates the real ones."""
        conn = self.writer
        for table, column, also in (("events", "shop", ()), ("orders", "idem_key", ("order_status",))):
            cols = [r[1] for r in conn.execute("PRAGMA table_info(%s)" % table)]
            if not cols or column in cols:
                continue
            for t in (table,) + also:
                if conn.execute("SELECT COUNT(*) FROM %s" % t).fetchone()[0]:
                    raise RuntimeError("%s holds rows in an old table layout (%s); move it aside and start "
                                       "with a fresh --data folder" % (self.path, t))
            for t in also + (table,):
                conn.execute("DROP TABLE IF EXISTS %s" % t)

    def widen_document_kinds(self):
        """Stores made before articles: the documents table's CHECK names only the first five kinds, and
        SQLite cannot change a CHECK in place. The table is made again under SCHEMA's (the same rows
        with the same seq, so every reference to them holds), in one transaction; SCHEMA then puts
        back its append-only guards, which went with the old table."""
        conn = self.writer
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'").fetchone()
        if not row or "'article'" in row[0]:
            return
        create = SCHEMA[SCHEMA.index("CREATE TABLE IF NOT EXISTS documents ("):]
        create = create[:create.index("\n);") + 3].replace("IF NOT EXISTS documents (", "documents_widened (")
        columns = "seq, kind, brand, subject, version, signer, payload_sha256, envelope, stored_ms"
        conn.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction; heads etc. refer to documents
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(create)
                conn.execute("INSERT INTO documents_widened (%s) SELECT %s FROM documents" % (columns, columns))
                conn.execute("DROP TABLE documents")
                conn.execute("ALTER TABLE documents_widened RENAME TO documents")
                if conn.execute("PRAGMA foreign_key_check").fetchone():
                    raise RuntimeError("%s: a row refers to a document that is not there" % self.path)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
        log("store: the documents table now takes brand articles too")

    def note_unconsented_enrollments(self):
        """A store made before an enrollment needed its recruit's own consent (issue 9, "Recruiting
        without consent"; core::check_consent) may hold enrollments the parent (or the brand) signed
        alone. They were accepted under the old rule and are kept as they are: the store goes on
        serving them (their shops, their chains, the orders that credit them). But every new
        enrollment needs consent, and a browser's chain check (core::verify_chain) refuses a link
        without it: the shop of such a distributor, and of everyone under them, no longer opens in a
        browser. The way out for each: their parent sends them an invite; their enrollment under it,
        signed with their own key, replaces the old one (apply_enrollment allows that only while the
        stored one lacks consent). Found once, kept in meta "unconsented_enrollments", and named in a
        warning at every start until none is left. (The demo, tools/demo.sh, starts a fresh store
        when its seed changed.)"""
        conn = self.writer
        if self.meta(conn, "enrollment_consent") == "required":
            listed = json.loads(self.meta(conn, "unconsented_enrollments") or "[]")
        else:  # not looked at yet (an empty store has nothing to look at)
            listed = [list(r) for r in conn.execute("SELECT brand, distributor FROM enrollments "
                                                    "ORDER BY brand, distributor")]
        left = [[b, d] for b, d in listed if not stored_enrollment_consented(conn, b, d)]
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('enrollment_consent', 'required')")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('unconsented_enrollments', ?)",
                     (json.dumps(left),))
        if left:
            shown = ", ".join("%s/%s" % (b, d) for b, d in left[:50])
            log("serve.py: warning: %d enrollment%s in %s lack%s the recruit's own consent (made before it was "
                "required): %s%s. The store keeps serving them, but browsers refuse their shops' chains, and "
                "new enrollments without consent are refused. Each parent (the brand for level 1) can send the "
                "distributor an invite; their enrollment under it replaces the old one."
                % (len(left), "" if len(left) == 1 else "s", self.path, "s" if len(left) == 1 else "", shown,
                   "" if len(left) <= 50 else " and %d more" % (len(left) - 50)))

    def rekey_customers(self):
        """Orders and bindings of a store made before customer keys were the core's E.164 ones ("ph1:"
        over the number as typed) get the new key, from the phone each order kept: one customer however
        they wrote their number. Two old keys of one person, both bound, keep the binding made first
        (the one a permanent binding would have kept). Orders are append-only; this once-only upgrade
        lifts the guard inside its own transaction and puts it back."""
        conn = self.writer
        if self.meta(conn, "customer_keys") == "e164":
            return  # done once; an order with no phone kept keeps its old key, and is not looked at again
        rows = conn.execute("SELECT seq, brand, customer, contact FROM orders WHERE customer LIKE 'ph1:%'").fetchall()
        if not rows:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('customer_keys', 'e164')")
            return
        locales, new_keys = {}, {}
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DROP TRIGGER IF EXISTS orders_no_update")
            for seq, brand, old, contact in rows:
                try:
                    phone = json.loads(contact).get("phone")
                except (ValueError, AttributeError):
                    phone = None
                if not isinstance(phone, str):
                    continue  # no phone kept: the old key stays (an order lookup still finds it)
                if brand not in locales:
                    locales[brand] = brand_locale(conn, brand)
                new = customer_key(phone, locales[brand])
                conn.execute("UPDATE orders SET customer = ? WHERE seq = ?", (new, seq))
                new_keys[(brand, old)] = new
            for (brand, old), new in new_keys.items():
                b = conn.execute("SELECT distributor, shop, bound_ms, last_order_ms, updated_ms FROM bindings "
                                 "WHERE brand = ? AND customer = ?", (brand, old)).fetchone()
                if not b:
                    continue
                have = conn.execute("SELECT bound_ms, last_order_ms FROM bindings WHERE brand = ? AND customer = ?",
                                    (brand, new)).fetchone()
                conn.execute("DELETE FROM bindings WHERE brand = ? AND customer = ?", (brand, old))
                if have and have[0] <= b[2]:
                    conn.execute("UPDATE bindings SET last_order_ms = MAX(last_order_ms, ?) WHERE brand = ? AND "
                                 "customer = ?", (b[3], brand, new))
                    continue
                last = max(b[3], have[1]) if have else b[3]
                conn.execute("INSERT OR REPLACE INTO bindings (brand, customer, distributor, shop, bound_ms, last_order_ms, "
                             "updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)", (brand, new, b[0], b[1], b[2], last, b[4]))
            conn.execute("CREATE TRIGGER orders_no_update BEFORE UPDATE ON orders "
                         "BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END")
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('customer_keys', 'e164')")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")  # the guard's removal is rolled back with the rest
            raise
        log("store: %d orders re-keyed to one customer key per phone number (E.164)" % len(new_keys))

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

    def write(self, fn, bump=True):
        """Runs fn(conn) in one IMMEDIATE transaction; committed (and synced) before returning.
        bump=False for writes no cached page or document answer depends on (events, orders)."""
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
            if bump:
                self.generation += 1
            return result

    def meta(self, conn, key):
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def is_empty(self):
        with self.reader() as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


class GroupWriter:
    """Group commit for the small, frequent writes (event batches, orders).

    Request threads hand in jobs, fn(conn) -> result; one writer thread takes every job waiting,
    runs each in its own SAVEPOINT inside one IMMEDIATE transaction, COMMITs once (synchronous=FULL:
    on disk), and only then wakes the request threads, which answer. So an acknowledged job is
    committed, a job that fails (an ApiError, say) is rolled back alone and leaves nothing behind,
    and one fsync serves many requests. If the COMMIT itself fails, every job of the group fails and
    its client is told to retry (nothing of it was stored)."""

    MAX_JOBS = 512

    def __init__(self, store):
        self.store = store
        self.jobs = queue.Queue()
        self.thread = threading.Thread(target=self.run, name="group-writer", daemon=True)
        self.thread.start()

    def submit(self, fn):
        job = {"fn": fn, "done": threading.Event(), "result": None, "error": None}
        self.jobs.put(job)
        job["done"].wait()
        if job["error"] is not None:
            raise job["error"]
        return job["result"]

    def run(self):
        while True:
            group = [self.jobs.get()]
            while len(group) < self.MAX_JOBS:
                try:
                    group.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            try:
                self.run_group(group)
            finally:
                for job in group:
                    job["done"].set()

    def run_group(self, group):
        store = self.store
        with store.write_lock:
            conn = store.writer
            try:
                conn.execute("BEGIN IMMEDIATE")
                for job in group:
                    conn.execute("SAVEPOINT job")
                    try:
                        job["result"] = job["fn"](conn)
                        conn.execute("RELEASE job")
                    except Exception as e:  # this job alone is undone; a bug is reported as a 500
                        conn.execute("ROLLBACK TO job")
                        conn.execute("RELEASE job")
                        job["error"] = e
                conn.execute("COMMIT")
            except BaseException as e:  # the transaction is lost: nobody in this group was stored
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                log("serve.py: a group write failed (%d jobs, none stored): %s" % (len(group), e))
                failure = ApiError(503, "store_unavailable", "The store could not save this just now; nothing "
                                                             "was stored. Send it again in a moment.",
                                   headers={"Retry-After": "1"})
                for job in group:
                    job["result"] = None
                    if not isinstance(job["error"], ApiError):
                        job["error"] = failure


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


IMAGE_REF_RE = re.compile(r"/img/([0-9a-f]{64})\.(?:jpg|png)|sha256\\?\"\s*:\s*\\?\"([0-9a-f]{64})")


def note_image_refs(conn, text):
    """Marks the images a document's text mentions (as /img/<sha>.<ext> or "sha256": "<sha>") as used."""
    shas = {a or b for a, b in IMAGE_REF_RE.findall(text)}
    if shas:
        conn.executemany("INSERT OR IGNORE INTO image_refs (sha256) VALUES (?)", [(x,) for x in shas])


def insert_document(conn, kind, brand, subject, version, opened, now):
    text = envelope_text(opened.envelope)
    note_image_refs(conn, opened.envelope["payload"])
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
    problems = CORE.policy_problems(opened.envelope["payload"])
    if problems:
        raise ApiError(400, "bad_document", problems[0][1] + ("" if len(problems) == 1 else
                       " (and %d more problems)" % (len(problems) - 1)),
                       problems=[{"field": f, "message": m} for f, m in problems])
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
    # The core reads the release as every browser will (titles, prices up to kMaxPrice, list prices):
    # what it refuses, no shop could show.
    problem = CORE.release_problem(opened.envelope["payload"])
    if problem:
        raise bad_document(problem)
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


def article_images(article):
    """(what, image ref) of every picture an article (the core's JSON of it) names: cover, pictures,
    share materials."""
    out = [("The cover", article["cover"])] if article.get("cover") else []
    for i, b in enumerate(article.get("blocks", [])):
        if b.get("kind") == "img":
            out.append(("Picture %d" % (i + 1), b["image"]))
    for i, m in enumerate(article.get("materials", [])):
        if m.get("image"):
            out.append(("The picture of share material %d" % (i + 1), m["image"]))
    return out


def apply_article(conn, opened, replaces, now):
    p = opened.payload
    brand = need_str(p, "brand", "article")
    cert, key = require_brand(conn, brand)
    require_signer(opened, key, "the brand's key (from its certificate)", "A brand article")
    # The core reads the article as every browser will (markup, limits, ids, pictures' form), and checks
    # the products it names against the brand's current release (none yet: it may name no product).
    rel = head_row(conn, "release", brand, brand)
    try:
        article = CORE.publishable_article(opened.envelope["payload"], json.loads(rel[2])["payload"] if rel else None)
    except CORE.CoreError as e:
        raise core_error(e, {"bad_article": 422, "unknown_product": 422, "no_release": 422})
    for what, ref in article_images(article):
        row = conn.execute("SELECT ext FROM images WHERE sha256 = ?", (ref["sha256"],)).fetchone()
        if not row or ref["src"] != "/img/%s.%s" % (ref["sha256"], row[0]):
            raise ApiError(422, "unknown_image",
                           "%s (%s) is not a picture this store holds. Upload it first (POST /api/images), then "
                           "sign the article again with the address the upload answered." % (what, ref["src"]))
    aid = article["id"]
    stored, _ = check_version(conn, "article", brand, aid, replaces, article["version"],
                              'article "%s" of %s' % (aid, brand))
    if not article.get("retired"):
        current = 0
        for seq, env in conn.execute("SELECT d.seq, d.envelope FROM heads h JOIN documents d ON d.seq = h.seq "
                                     "WHERE h.kind = 'article' AND h.brand = ? AND h.subject != ?", (brand, aid)):
            current += 0 if payload_of(seq, env).get("retired") is True else 1
        if current >= CORE.MAX_ARTICLES_PER_BRAND:
            raise ApiError(422, "too_many_articles",
                           "Brand %s already has %d current articles, the most a brand may have. Retire one (publish "
                           "it again with \"retired\": true) before publishing another." % (brand, current))
    insert_document(conn, "article", brand, aid, stored, opened, now)
    return {"kind": "article", "id": aid, "brand": brand, "version": stored}


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
    # Whose key the recruit's consent is checked against: the parent's current enrollment key, or the
    # brand's for level 1.
    if parent == "":
        parent_key, parent_level, parent_active = brand_key, 0, True
    else:
        row = enrollment_row(conn, brand, parent)
        if not row:
            raise ApiError(422, "unknown_parent",
                           'The recruiting distributor "%s" is not enrolled with %s; they must be enrolled '
                           'first.' % (parent, brand_name))
        parent_level, parent_active, parent_key = row[1], bool(row[2]), b64_bytes(row[3], 32)
    # The recruit's own consent, by the core's rule (the one the browser's chain check applies):
    # "invited" (the recruit signed it under the parent's invite) or "carried" (the parent signed an
    # update carrying the recruit's invited enrollment). A parent's signature alone is refused.
    how = enrollment_consent(opened.envelope, parent_key)
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
    if how == "carried" and not existing:
        raise ApiError(422, "consent_required",
                       "An enrollment needs the recruit's own signature: send them an invite link; they accept it "
                       "with their own key. (A carried \"consent\" only lets the recruiter change an existing "
                       "enrollment.)")
    if how == "invited":
        if existing and enrollment_consented(conn, brand, distributor, parent_key):
            raise ApiError(422, "invite_for_new_only",
                           "An invite enrolls a new distributor; a change to an existing enrollment must be "
                           "signed by the one who recruited them, carrying the distributor's enrollment as "
                           "\"consent\".")
        # (An enrollment stored before consent was required may be replaced by the recruit's own,
        # under an invite of the same parent: that is how an old store's enrollments get consent.)
        invite_use = count_invite_use(conn, p["invite"], parent_key, brand, parent, distributor,
                                      min(now, issued) if replaces is ANY_VERSION else now)
        conn.execute("INSERT OR IGNORE INTO invite_uses (signer, invite, brand, parent, distributor, used_ms) "
                     "VALUES (?, ?, ?, ?, ?, ?)", invite_use + (distributor, now))
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


def enrollment_consent(envelope, parent_key):
    """'invited' or 'carried': how the enrollment carries its recruit's consent under the parent whose
    key is given (core::check_consent, the browser's rule too); 422 with the core's code otherwise."""
    try:
        return CORE.enrollment_consent(envelope["payload"], envelope["key"], envelope["sig"], b64_text(parent_key))
    except CORE.CoreError as e:
        code, message = e.args
        raise ApiError(422, code, message)


def stored_enrollment_consented(conn, brand, distributor):
    """Whether the stored enrollment carries its recruit's consent under its parent's current key."""
    row = enrollment_row(conn, brand, distributor)
    if not row:
        return True  # nothing stored, nothing to consent to
    if row[0] == "":
        cert = brand_cert(conn, brand)
        parent_key = cert[1] if cert else None
    else:
        prow = enrollment_row(conn, brand, row[0])
        parent_key = b64_bytes(prow[3], 32) if prow else None
    return parent_key is not None and enrollment_consented(conn, brand, distributor, parent_key)


def enrollment_consented(conn, brand, distributor, parent_key):
    """Whether the stored enrollment of the distributor carries its recruit's consent (one stored
    before consent was required may not)."""
    cur = head(conn, "enrollment", brand, distributor)
    if not cur:
        return False
    try:
        enrollment_consent(json.loads(cur[2]), parent_key)
        return True
    except ApiError:
        return False


def count_invite_use(conn, invite, parent_key, brand, parent, distributor, at):
    """The store's part of an invited enrollment (the core checked the invite's signer, brand, parent,
    level and form): the invite unexpired at `at` (now; for a seed line, when the enrollment says it
    was made, as history) and with uses left. Returns the use to record (signer, id, brand, parent)."""
    ip = parse_json_text(invite["payload"])
    if ip["expires_ms"] <= at:
        raise ApiError(422, "invite_expired", "This invite expired; ask for a new one.")
    signer = b64_text(parent_key)  # the invite's signer, as the core checked
    if conn.execute("SELECT 1 FROM invite_uses WHERE signer = ? AND invite = ? AND distributor = ?",
                    (signer, ip["id"], distributor)).fetchone() is None:
        used = conn.execute("SELECT COUNT(*) FROM invite_uses WHERE signer = ? AND invite = ?",
                            (signer, ip["id"])).fetchone()[0]
        if used >= ip["max_uses"]:
            raise ApiError(422, "invite_used_up",
                           "This invite has been used %d time%s, all it allows; ask for a new one." %
                           (used, "" if used == 1 else "s"))
    return (signer, ip["id"], brand, parent)


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
    if kind == "article":
        return apply_article(conn, opened, replaces, now)
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


# What a page or a price is made from is checked again when it is read, not only when it was written:
# a store edited or damaged behind serve.py's back (the SQLite file is just a file) must not put a
# forged name, price or description into a page, an Open Graph card or an order. The platform root
# key is the anchor, as in the browser; results are cached per document (documents are immutable).
ROOT_KEY = None  # set by main() to the key serve.py was started with, before anything is read


def signed_payload(seq, envelope, signer, big=False):
    """The stored document's payload only if its envelope's Ed25519 signature checks and it was signed
    by `signer` (32 bytes), else None. envelope: its text, or a function that reads it (a release is
    megabytes: read only when not cached)."""
    def load():
        try:
            env = json.loads(envelope() if callable(envelope) else envelope)
            key, sig = b64_bytes(env.get("key"), 32), b64_bytes(env.get("sig"), 64)
            if key is None or sig is None:
                return None, None
            nacl.signing.VerifyKey(key).verify(env["payload"].encode("utf-8"), sig)
            payload = json.loads(env["payload"])
            return (key, payload) if isinstance(payload, dict) else (None, None)
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeEncodeError, nacl.exceptions.CryptoError):
            return None, None
    if signer is None:
        return None
    key, payload = (RELEASES if big else PAYLOADS).get(("signed", seq), load)
    return payload if key is not None and key == signer else None


def trusted_cert(conn, brand):
    """(payload, key bytes) of the brand's current certificate if the platform root key signed it."""
    row = head_row(conn, "brand", brand, brand)
    if not row:
        return None
    cert = signed_payload(row[0], row[2], ROOT_KEY)
    key = b64_bytes(cert.get("key"), 32) if cert else None
    return (cert, key) if key else None


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


def article_rows(conn, brand):
    return conn.execute("SELECT d.seq, d.envelope FROM heads h JOIN documents d ON d.seq = h.seq "
                        "WHERE h.kind = 'article' AND h.brand = ?", (brand,)).fetchall()


def newest_first(created_ms, article_id):
    """The order of a brand's articles everywhere (the API's answer, pages): newest created first."""
    return (-created_ms if is_int(created_ms) else 0, article_id if isinstance(article_id, str) else "")


def articles_answer(conn, brand):
    """GET /api/brands/<brand>/articles: the current envelope of each of the brand's articles, retired
    ones included (a browser that follows an old link says the article was withdrawn), newest first.
    The browser checks each on its own (core::open_articles)."""
    rows = article_rows(conn, brand)
    def order(row):
        p = payload_of(*row)  # one lookup a row (parsed once, cached by seq)
        return newest_first(p.get("created_ms"), p.get("id"))
    rows.sort(key=order)
    return '{"articles":[' + ",".join(env for _, env in rows) + "]}"


def read_article(envelope):
    try:
        return CORE.article(json.loads(envelope)["payload"])
    except (CORE.CoreError, ValueError, KeyError, TypeError):
        return None


def verified_articles(conn, brand, cert_key):
    """The brand's current articles as a browser reads them (core::open_article): signed by the key of
    the brand's current certificate, naming this brand, read by the core; newest first. Retired ones
    are kept (their "retired" is true): a page for one says it was withdrawn."""
    out = []
    for seq, env in article_rows(conn, brand):
        payload = signed_payload(seq, env, cert_key)
        if payload is None or payload.get("brand") != brand:
            continue
        article = PAYLOADS.get(("article", seq), lambda: read_article(env))
        if article is not None:
            out.append(article)
    out.sort(key=lambda a: newest_first(a["created_ms"], a["id"]))
    return out


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
        # Signed by the distributor's key (from their enrollment) and naming this address, or refused.
        dist = conn.execute("SELECT key FROM distributors WHERE distributor = ?", (row[0],)).fetchone()
        manifest = signed_payload(row[1], env, b64_bytes(dist[0], 32) if dist else None)
        self.refused = manifest is None or manifest.get("slug") != slug
        self.manifest = {} if self.refused else manifest
        ident = self.manifest.get("identity", {})
        if not isinstance(ident, dict):
            ident = {}
        self.name = ident.get("name") or slug
        self.greeting = ident.get("greeting", "")
        self.avatar = ident.get("avatar")
        self.banner = ident.get("banner")
        self.notes = self.manifest.get("notes", {})
        self.theme = self.manifest.get("theme", {}).get("primary", DEFAULT_THEME)
        self.brands = []   # (cert payload, release payload or None)
        self.cert_keys = {}  # brand -> the key of its current certificate
        for b in self.manifest.get("brands", []):
            cert = trusted_cert(conn, b) if isinstance(b, str) else None
            if not cert:
                continue
            cert_payload, cert_key = cert
            self.cert_keys[b] = cert_key
            rel = head_row(conn, "release", b, b)
            # Current *verified* release: signed by the key in the brand's current certificate.
            release = signed_payload(rel[0], rel[2], cert_key, big=True) if rel else None
            if release is not None and release.get("brand") != b:
                release = None
            self.brands.append((cert_payload, release))
        self.locale = self.brands[0][0].get("locale", "en") if self.brands else "en"
        self.items = []  # (product, cert, release)
        index = {}
        for cert, rel in self.brands:
            if rel:
                for prod in rel.get("products", []):
                    index.setdefault(prod.get("id"), (prod, cert, rel))
        # A stored manifest passed the write rules, but a damaged store must not take pages down:
        # ids are strings, anything else is skipped (the app refuses such a shop on its own).
        selection = [p for p in (self.manifest.get("products") or []) if isinstance(p, str)]
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
        featured = [pid for pid in self.manifest.get("featured", []) if isinstance(pid, str) and pid in index]
        if featured:  # featured first, in the distributor's order, then the rest
            fset = set(featured)
            first = [it for pid in featured for it in self.items if it[0].get("id") == pid]
            self.items = first + [it for it in self.items if it[0].get("id") not in fset]

    def find(self, pid):
        for item in self.items:
            if item[0].get("id") == pid:
                return item
        return None

    def articles(self, conn):
        """[(article, cert, release)]: the articles of the brands the shop carries, each checked as a
        browser checks it (verified_articles), newest first; retired ones included."""
        out = []
        for cert, rel in self.brands:
            key = self.cert_keys.get(cert.get("brand"))
            if key is not None:
                out += [(a, cert, rel) for a in verified_articles(conn, cert["brand"], key)]
        out.sort(key=lambda x: newest_first(x[0]["created_ms"], x[0]["id"]))
        return out


# [SECTION] Referral -------------------------------------------------------------------------------
# Python mirrors of rules the browser runs in C++; tests/vectors/*.json hold the cases both run:
#   clean_referral   core::parse_referral (src/core/referral/link.cpp)
#   normalize_phone, phone_key, validate_contact   src/core/orders/checkout.cpp  (vectors/phone.json)
#   apply_touch, binding_lapsed, record_order      src/core/referral/binding.cpp (vectors/binding.json)
#   split_order                                    src/core/ledger/commission.cpp (vectors/commission.json)

DAY_MS = 86_400_000
MAX_HOP = 99
REFERRAL_CHANNELS = frozenset(["qr", "share", "link"])
# An event's "product" is the product it is about; for "article_view" (a brand article opened in a
# shop, /s/<shop>/a/<article>) it is the article's id, and the event counts for that article's brand.
EVENT_TYPES = frozenset(["visit", "product_view", "article_view", "add_to_cart", "checkout_start", "order_placed",
                         "share"])
EVENT_ID_RE = re.compile(r"e_[A-Za-z0-9_-]{8,64}")
VISITOR_RE = re.compile(r"v_[A-Za-z0-9_-]{1,64}")
ORDER_KEY_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_EVENTS_PER_BATCH = 500
MAX_PRODUCT_ID_CHARS = 128
EVENT_MIN_AT_MS = 1_500_000_000_000           # 2017: a client clock before this is wrong
EVENT_FUTURE_SLACK_MS = 10 * 60 * 1000         # a client clock ahead by more than this is wrong
EVENT_PAST_WINDOW_MS = 7 * DAY_MS              # an outbox older than this is not believed: stored as received
MAX_ORDER_LINES = 50
MAX_LINE_QTY = 99
REQUEST_AUTH_WINDOW_MS = 5 * 60 * 1000
ACTIVITY_EVENTS_CAP = 5000
ACTIVITY_ORDERS_CAP = 1000
ACTIVITY_STATUS_CAP = 5000
STATUS_FLOW = {"placed": ("paid", "cancelled"), "paid": ("delivered", "refunded"), "delivered": ("refunded",),
               "refunded": (), "cancelled": ()}


def clean_referral(channel, campaign, hop):
    """(channel, campaign, hop) as core::parse_referral keeps them: a missing, unknown or direct
    channel is ("direct", "", 0); with a valid channel, a malformed campaign is "" and a malformed hop
    is 0, each checked on its own. Never an error: a forged referral is simply a direct visit."""
    if not isinstance(channel, str) or channel not in REFERRAL_CHANNELS:
        return "direct", "", 0
    return (channel, campaign if is_id(campaign) else "",
            hop if is_int(hop) and 0 <= hop <= MAX_HOP else 0)


# The customer key is the core's (src/core/orders/checkout.cpp, vectors/phone.json): the number in
# E.164 in the brand's region, hashed ("ph2:"); "ph1:" keys of older stores are re-keyed at start
# (Store.rekey_customers) and still match an order lookup.
normalize_phone = CORE.normalize_phone
phone_key = CORE.phone_key


def customer_key(phone, brand_locale):
    return CORE.customer_key(phone, brand_locale or "")


def brand_locale(conn, brand):
    cert = head(conn, "brand", brand, brand)
    return (cert[1].get("locale") if cert and isinstance(cert[1].get("locale"), str) else "") or ""


def count_chars(text):
    return sum(1 for ch in text if ch not in " \t\n\u3000")


def validate_contact(contact):
    """{field: message} for what is wrong (empty when fine), word for word as the checkout screen says."""
    errors = {}
    name, phone, address = (contact.get(k) if isinstance(contact, dict) else None for k in ("name", "phone", "address"))
    for k, v in (("name", name), ("phone", phone), ("address", address)):
        if v is not None and not isinstance(v, str):
            errors[k] = "This must be text."
    name = name if isinstance(name, str) else ""
    phone = phone if isinstance(phone, str) else ""
    address = address if isinstance(address, str) else ""
    if "name" not in errors:
        if count_chars(name) == 0:
            errors["name"] = "Enter the name the parcel should be addressed to."
        elif len(name.encode("utf-8", "surrogatepass")) > 80:
            errors["name"] = "That name is too long (80 bytes at most)."
    if "phone" not in errors:
        norm = normalize_phone(phone)
        digits = len(norm) - (1 if norm.startswith("+") else 0)
        if phone == "":
            errors["phone"] = "Enter a phone number so the courier can reach you."
        elif digits < 6 or digits > 15:
            errors["phone"] = "That does not look like a phone number: use 6 to 15 digits."
    if "address" not in errors:
        n = count_chars(address)
        if n == 0:
            errors["address"] = "Enter the delivery address."
        elif n < 5:
            errors["address"] = "Add more detail to the address (street, building, city)."
        elif len(address.encode("utf-8", "surrogatepass")) > 400:
            errors["address"] = "That address is too long (400 bytes at most)."
    return errors


def policy_of(payload, brand=""):
    """A brand policy as the rules read it (core::parse_policy, every default filled in; "text" is the
    normalised policy the core's split and settlement take back). No policy, or one the core refuses,
    reads as the defaults."""
    text = ""
    if isinstance(payload, dict):
        payload = dict(payload)
        payload.setdefault("type", "policy")
        text = json.dumps(payload, ensure_ascii=False)
    try:
        p = CORE.policy(text)
    except CORE.CoreError:
        p = CORE.policy("")
    if not p.get("brand"):
        p["brand"] = brand
    return p


def binding_lapsed(b, policy, now):
    if policy["mode"] != "window":
        return False
    anchor = b["last_order_ms"] if b["last_order_ms"] > b["bound_ms"] else b["bound_ms"]
    return now - anchor > policy["days"] * DAY_MS


def fresh_binding(touch):
    return {"brand": touch["brand"], "distributor": touch["distributor"], "shop": touch.get("shop", ""),
            "bound_ms": touch["at"], "last_order_ms": 0}


def apply_touch(current, touch, policy):
    """core::apply_touch. current: {"brand","distributor","shop","bound_ms","last_order_ms"} or None;
    touch: {"brand","distributor","shop","channel","at","self","active"}. Returns
    (binding or None, rule, explanation)."""
    if not touch.get("active", True):
        return current, "inactive_distributor", "The link's distributor is not active, so it binds no one."
    if touch.get("self", False) and not policy["allow_self_purchase"]:
        return current, "self_referral", ("A distributor visiting their own shop is not bound to themselves "
                                          "(the brand does not allow self-referral).")
    if current is None:
        return fresh_binding(touch), "bound", "First visit through this distributor: the customer is bound to them."
    if binding_lapsed(current, policy, touch["at"]):
        return fresh_binding(touch), "renewed_after_lapse", ("The earlier binding lapsed after %d days without an "
                                                             "order; this visit binds the customer anew." % policy["days"])
    if current["distributor"] == touch["distributor"]:
        return current, "kept", "The customer is already bound to this distributor."
    if policy["mode"] == "last" and touch.get("channel", "direct") != "direct":
        return fresh_binding(touch), "rebound", "The brand binds customers to the last referral link they followed."
    return current, "kept", ("Existing customers stay with the distributor who first brought them (permanent "
                             "binding)." if policy["mode"] == "permanent" else
                             "The customer's binding is still within its window, so it stays.")


def record_order(b, at):
    if at > b["last_order_ms"]:
        b["last_order_ms"] = at


def split_order(lines, chain, policy, self_purchase):
    """core::split_order. lines: [{"product","unit_price","qty"}]; chain: distributor ids, seller first."""
    return CORE.split_order([(line["product"], line["unit_price"], line["qty"]) for line in lines], list(chain),
                            policy["text"], bool(self_purchase))


def resolve_bindings(touches, policy, inactive=frozenset()):
    """Replays touches (visitor, distributor, shop, channel, at_ms) through apply_touch: the binding
    each visitor ends with, i.e. what the browser shows before any order, for every visitor at once
    (bench/server_bench.sh times it over 1,000,000 events). Each visitor's touches must come in time
    order; a global time order will do. Returns ({visitor: binding}, {rule: count})."""
    bindings = {}
    rules = {}
    touch = {"brand": policy["brand"]}  # one dict, refilled per touch (apply_touch copies what it keeps)
    for visitor, distributor, shop, channel, at in touches:
        current = bindings.get(visitor)
        touch["distributor"], touch["shop"], touch["channel"], touch["at"] = distributor, shop, channel, at
        touch["active"] = distributor not in inactive
        binding, rule, _ = apply_touch(current, touch, policy)
        rules[rule] = rules.get(rule, 0) + 1
        if binding is not current:
            bindings[visitor] = binding
    return bindings, rules


# [SECTION] Events ---------------------------------------------------------------------------------

def verified_release(conn, brand):
    """(release payload, release seq, brand cert payload): the brand's current release only if it is
    signed by the key in the brand's current certificate; (None, None, cert or None) otherwise."""
    cert = trusted_cert(conn, brand)
    if not cert:
        return None, None, None
    cert_payload, cert_key = cert
    # A release can be megabytes of text (3,000 SKUs: 2.8 MB): read it only when its checked parse is
    # not cached, not on every order.
    rel = conn.execute("SELECT d.seq FROM heads h JOIN documents d ON d.seq = h.seq WHERE h.kind = "
                       "'release' AND h.brand = ? AND h.subject = ?", (brand, brand)).fetchone()
    if rel:
        seq = rel[0]
        release = signed_payload(seq, lambda: conn.execute("SELECT envelope FROM documents WHERE seq = ?",
                                                           (seq,)).fetchone()[0], cert_key, big=True)
        if release is not None and release.get("brand") == brand:
            return release, seq, cert_payload
    return None, None, cert_payload


PRODUCT_INDEXES = ParsedCache(16)  # release seq -> {product id: product}


def product_index(seq, release):
    return PRODUCT_INDEXES.get(seq, lambda: {p.get("id"): p for p in release.get("products", [])
                                             if isinstance(p, dict)})


def verified_policy(conn, brand, cert_payload):
    """The brand's current policy if signed by its current certificate's key, else the defaults."""
    row = head_row(conn, "policy", brand, brand)
    policy = signed_payload(row[0], row[2], b64_bytes(cert_payload.get("key"), 32)) if row and cert_payload else None
    return policy_of(policy if policy and policy.get("brand") == brand else None, brand)


class ShopIndex:
    """slug -> (distributor, brands, brands JSON, [(brand, [brand] JSON, product ids, article ids)]) for
    the event path, so a batch resolves its shops without touching SQLite. Rebuilt when documents change."""

    MAX_SHOPS = 50000

    def __init__(self, store):
        self.store = store
        self.lock = threading.Lock()
        self.gen = None
        self.shops = {}
        self.brands = {}

    def get(self, slug):
        gen = self.store.generation
        if gen != self.gen:
            with self.lock:
                if gen != self.gen:
                    self.shops, self.brands, self.gen = {}, {}, gen
        shops, brands = self.shops, self.brands
        if slug in shops:
            return shops[slug]
        with self.store.reader() as conn:
            row = conn.execute("SELECT distributor, brands FROM shops WHERE slug = ?", (slug,)).fetchone()
            info = None
            if row:
                ids = json.loads(row[1])
                parts = []
                for b in ids:
                    if b not in brands:
                        rel, seq, _ = verified_release(conn, b)
                        brands[b] = (frozenset(product_index(seq, rel)) if rel else frozenset(),
                                     frozenset(r[0] for r in conn.execute(
                                         "SELECT subject FROM heads WHERE kind = 'article' AND brand = ?", (b,))))
                    parts.append((b, json.dumps([b], ensure_ascii=False)) + brands[b])
                info = (row[0], ids, json.dumps(ids, ensure_ascii=False), parts)
        if len(shops) >= self.MAX_SHOPS:
            shops.clear()
        shops[slug] = info
        return info


INSERT_EVENT = ("INSERT OR IGNORE INTO events (id, type, shop, distributor, brands, product, visitor, channel, "
                "campaign, hop, at_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def clean_event(ev, shops, received, past_window_ms=EVENT_PAST_WINDOW_MS):
    """(row, None) for an event that can be stored, cleaned; (None, {"id", "reason"}) otherwise.
    past_window_ms None: the operator's --import-activity, whose history keeps its times."""
    if not isinstance(ev, dict):
        return None, {"id": "", "reason": "not_an_object"}
    eid = ev.get("id")
    if not isinstance(eid, str) or EVENT_ID_RE.fullmatch(eid) is None:
        return None, {"id": eid[:80] if isinstance(eid, str) else "", "reason": "bad_id"}
    typ = ev.get("type")
    if not isinstance(typ, str) or typ not in EVENT_TYPES:
        return None, {"id": eid, "reason": "unknown_type"}
    slug = ev.get("shop")
    info = shops.get(slug) if is_slug(slug) else None
    if info is None:
        return None, {"id": eid, "reason": "unknown_shop"}
    distributor, _, brands_json, parts = info
    product = ev.get("product", "")
    if not isinstance(product, str) or len(product) > MAX_PRODUCT_ID_CHARS or CONTROL_RE.search(product):
        product = ""
    if product:
        try:
            product.encode("utf-8")
        except UnicodeEncodeError:
            product = ""
    if product:
        for _, one_json, products, articles in parts:
            if product in (articles if typ == "article_view" else products):
                brands_json = one_json
                break
    visitor = ev.get("visitor")
    if not isinstance(visitor, str) or VISITOR_RE.fullmatch(visitor) is None:
        visitor = ""
    channel, campaign, hop = clean_referral(ev.get("channel"), ev.get("campaign"), ev.get("hop"))
    at = ev.get("at")
    # The phone's clock is believed within a window (an outbox kept offline for days); outside it the
    # event happened when it arrived. A year-old "visit" sent today would rewrite the past charts.
    oldest = EVENT_MIN_AT_MS if past_window_ms is None else max(EVENT_MIN_AT_MS, received - past_window_ms)
    if not is_int(at) or at < oldest or \
            at > received + EVENT_FUTURE_SLACK_MS:
        at = received
    return (eid, typ, slug, distributor, brands_json, product, visitor, channel, campaign, hop, at, received), None


def event_json(row):
    seq, eid, typ, shop, distributor, brands, product, visitor, channel, campaign, hop, at, received = row
    return {"id": eid, "type": typ, "shop": shop, "distributor": distributor, "brands": json.loads(brands),
            "product": product, "visitor": visitor, "channel": channel, "campaign": campaign, "hop": hop,
            "at": at, "received": received}


EVENT_COLUMNS = "e.seq, e.id, e.type, e.shop, e.distributor, e.brands, e.product, e.visitor, e.channel, " \
                "e.campaign, e.hop, e.at_ms, e.received_ms"


# [SECTION] Orders ---------------------------------------------------------------------------------

B32 = "abcdefghijklmnopqrstuvwxyz234567"


def random_id(prefix):
    """prefix + 16 base32 characters (80 random bits), like core::random_id."""
    n = int.from_bytes(os.urandom(10), "big")
    return prefix + "".join(B32[(n >> (5 * i)) & 31] for i in range(16))


def order_number(conn, placed_ms):
    day = time.strftime("%Y%m%d", time.gmtime(placed_ms // 1000))
    for _ in range(50):
        number = "DS-%s-%06d" % (day, secrets.randbelow(1000000))
        if conn.execute("SELECT 1 FROM orders WHERE number = ?", (number,)).fetchone() is None:
            return number
    raise ApiError(503, "store_busy", "No free order number was found just now; send the order again.")


def text_ok(value):
    try:
        value.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def order_body(data):
    """Parses POST /api/orders: (body, canonical SHA-256). 400 for what no retry can fix."""
    try:
        body = parse_json_text(data.decode("utf-8"))
    except LoneSurrogate:
        raise ApiError(400, "bad_text", "The order holds text that is not valid Unicode.")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "malformed_json", "The body is not valid JSON. Send {\"key\", \"shop\", \"brand\", "
                                              "\"lines\", \"contact\", \"visitor\", \"touch\"}.")
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "Send the order as a JSON object.")
    key = body.get("key")
    if not isinstance(key, str) or ORDER_KEY_RE.fullmatch(key) is None:
        raise ApiError(400, "bad_key", "The order needs an idempotency \"key\": 16-64 letters, digits, '_' or '-', "
                                       "made once per order and sent again with every retry of it.")
    try:
        digest = hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
    except (UnicodeEncodeError, ValueError):
        raise ApiError(400, "bad_text", "The order holds text that is not valid Unicode.")
    return body, digest


def enrollment_chain(conn, brand, distributor):
    """The distributor's enrollment chain up to level 1: [{"distributor","slug","name","level","active"}],
    the distributor first. Stops at a missing link or a loop."""
    chain, seen, cur = [], set(), distributor
    while cur and cur not in seen and len(seen) < 16:
        seen.add(cur)
        row = conn.execute("SELECT e.parent, e.level, e.active, e.name, d.slug FROM enrollments e JOIN distributors d "
                           "ON d.distributor = e.distributor WHERE e.brand = ? AND e.distributor = ?",
                           (brand, cur)).fetchone()
        if not row:
            break
        chain.append({"distributor": cur, "slug": row[4], "name": row[3], "level": row[1], "active": bool(row[2])})
        cur = row[0]
    return chain


def first_touch_of(conn, visitor, brand):
    if not visitor:
        return None
    # First as the store received them, never by the time a client wrote on them: an event sent
    # today dated last year must not become the touch that came first.
    rows = conn.execute("SELECT id, shop, distributor, brands, channel, campaign, hop, at_ms FROM events "
                        "WHERE visitor = ? ORDER BY seq LIMIT 2000", (visitor,)).fetchall()
    for eid, shop, distributor, brands, channel, campaign, hop, at in rows:
        if brand in json.loads(brands):
            return {"shop": shop, "distributor": distributor, "channel": channel, "campaign": campaign, "hop": hop,
                    "at": at, "source": "event", "event": eid}
    return None


MAX_DEVICES_PER_DISTRIBUTOR = 50


def own_purchase(conn, distributor, visitor, customer, locale):
    """How the store tells that the buyer is the distributor themselves, though they did not say so:
    "device" (the order came from a device they signed in on), "phone" (the number is one their
    shop publishes as its contact, read by core::contact_phones), or "" (not theirs, as far as the
    store can tell)."""
    if not distributor:
        return ""
    if visitor and conn.execute("SELECT 1 FROM distributor_devices WHERE visitor = ? AND distributor = ?",
                                (visitor, distributor)).fetchone():
        return "device"
    row = conn.execute("SELECT seq FROM shops WHERE distributor = ?", (distributor,)).fetchone()
    if row:
        env = conn.execute("SELECT envelope FROM documents WHERE seq = ?", (row[0],)).fetchone()[0]
        identity = payload_of(row[0], env).get("identity") or {}
        contact = identity.get("contact") if isinstance(identity.get("contact"), str) else ""
        if contact and any(customer_key(p, locale) == customer for p in CORE.contact_phones(contact, locale)):
            return "phone"
    return ""


def record_device(conn, distributor, visitor, now):
    conn.execute("INSERT INTO distributor_devices (distributor, visitor, first_ms, last_ms) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (visitor, distributor) DO UPDATE SET last_ms = excluded.last_ms",
                 (distributor, visitor, now, now))
    # The most recent ones are kept: a key used on a hundred browsers keeps its last fifty.
    conn.execute("DELETE FROM distributor_devices WHERE distributor = ? AND visitor NOT IN (SELECT visitor FROM "
                 "distributor_devices WHERE distributor = ? ORDER BY last_ms DESC LIMIT ?)",
                 (distributor, distributor, MAX_DEVICES_PER_DISTRIBUTOR))


def check_self_claim(conn, claim, key):
    """The distributor id whose key signed "self-purchase\\n<key>\\n<ts>", or an ApiError."""
    if not isinstance(claim, dict) or not is_id(claim.get("distributor")) or not is_int(claim.get("ts")):
        raise ApiError(400, "bad_self", "\"self\" must be {\"distributor\", \"ts\", \"sig\"} signed by that "
                                        "distributor's key over \"self-purchase\\n<key>\\n<ts>\".")
    row = conn.execute("SELECT key FROM distributors WHERE distributor = ?", (claim["distributor"],)).fetchone()
    sig = b64_bytes(claim.get("sig"), 64)
    ok = False
    if row and sig is not None:
        try:
            nacl.signing.VerifyKey(b64_bytes(row[0], 32)).verify(
                ("self-purchase\n%s\n%d" % (key, claim["ts"])).encode("utf-8"), sig)
            ok = True
        except (nacl.exceptions.CryptoError, ValueError, TypeError):
            ok = False
    if not ok:
        raise ApiError(422, "bad_self_signature",
                       "The self-purchase statement is not signed by that distributor's key; sign "
                       "\"self-purchase\\n<order key>\\n<ts>\" with it, or leave \"self\" out.")
    return claim["distributor"]


PAYMENT_WORDS = {"cod": "pay on delivery (cod)", "bank": "bank transfer (bank)", "link": "the brand's payment link (link)"}


def payment_method(policy, kind, brand_name):
    """The method of the brand's policy (as the core read it) an order is paid by: the first of `kind`;
    no "payment" (older clients) is the policy's first. 422 payment_not_accepted for a kind it does not list."""
    methods = [m for m in policy.get("payment") or [] if isinstance(m, dict)] or [{"kind": "cod"}]
    if kind is None:
        return methods[0]
    for m in methods:
        if isinstance(kind, str) and m.get("kind") == kind:
            return m
    accepted = []
    for m in methods:
        if m.get("kind") not in accepted:
            accepted.append(m.get("kind"))
    words = [PAYMENT_WORDS.get(k, k) for k in accepted]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    raise ApiError(422, "payment_not_accepted", "%s does not accept %s; it accepts %s. Choose one of them." % (
        brand_name, ('"%s"' % kind[:20]) if isinstance(kind, str) else "that payment", listed), accepted=accepted)


def place_order(conn, body, digest, now, app, order_id=None):
    """The whole order in the caller's transaction: ("replay"|"new", response text). order_id: the id
    to store it under (the activity import's own, so its signed status changes can name it)."""
    key = body["key"]
    row = conn.execute("SELECT body_sha256, response FROM orders WHERE idem_key = ?", (key,)).fetchone()
    if row:
        if row[0] != digest:
            raise ApiError(409, "idempotency_conflict",
                           "An order with this key was already placed with other contents. A retry must send the "
                           "very same order; a new order needs a new key.")
        return "replay", row[1]
    slug = body.get("shop")
    shop = conn.execute("SELECT distributor, seq FROM shops WHERE slug = ?", (slug,)).fetchone() \
        if is_slug(slug) else None
    if not shop:
        raise ApiError(404, "unknown_shop", "There is no shop at this address, so it cannot take the order.")
    shop_dist, manifest_seq = shop
    manifest = payload_of(manifest_seq, conn.execute("SELECT envelope FROM documents WHERE seq = ?",
                                                     (manifest_seq,)).fetchone()[0])
    brand = body.get("brand")
    if not isinstance(brand, str) or brand not in manifest.get("brands", []):
        raise ApiError(422, "brand_not_in_shop", "This shop does not carry that brand.")
    enr = enrollment_row(conn, brand, shop_dist)
    if not enr or not enr[2]:
        raise ApiError(422, "shop_inactive", "This shop's distributor is no longer active with the brand, so the "
                                             "shop cannot take orders for it.")
    release, release_seq, cert = verified_release(conn, brand)
    if release is None:
        raise ApiError(422, "no_release", "The brand has no verified catalog here, so no price can be given.")
    index = product_index(release_seq, release)
    selection = manifest.get("products") or []
    lines = body.get("lines")
    if not isinstance(lines, list) or not 1 <= len(lines) <= MAX_ORDER_LINES:
        raise ApiError(400, "bad_lines", "\"lines\" must list 1-%d products: [{\"product\", \"qty\"}]." %
                       MAX_ORDER_LINES)
    seen, wanted = set(), []
    for line in lines:
        if not isinstance(line, dict) or not isinstance(line.get("product"), str) or not is_int(line.get("qty")) \
                or not 1 <= line["qty"] <= MAX_LINE_QTY:
            raise ApiError(400, "bad_lines", "Each line is {\"product\": id, \"qty\": 1-%d}." % MAX_LINE_QTY)
        if line["product"] in seen:
            raise ApiError(400, "bad_lines", 'Product "%s" is on two lines; send it once with the total quantity.'
                           % line["product"][:MAX_PRODUCT_ID_CHARS])
        seen.add(line["product"])
        wanted.append((line["product"], line["qty"]))
    errors = validate_contact(body.get("contact"))
    if errors:
        raise ApiError(422, "invalid_contact", "Some contact details need fixing: " +
                       " ".join(errors[k] for k in ("name", "phone", "address") if k in errors), fields=errors)
    unavailable = [pid for pid, _ in wanted if pid not in index or (selection and pid not in selection)]
    if unavailable:
        raise ApiError(422, "unavailable_products", "Some products are not (or no longer) sold in this shop: "
                       "remove them and try again.", products=[p[:MAX_PRODUCT_ID_CHARS] for p in unavailable])
    priced = []
    for pid, qty in wanted:
        prod = index[pid]
        priced.append({"product": pid, "title": prod.get("title", ""), "unit_price": prod["price"], "qty": qty,
                       "total": prod["price"] * qty})
    total = sum(line["total"] for line in priced)
    client_total = body.get("client_total") if is_int(body.get("client_total")) else None
    visitor = body.get("visitor") if isinstance(body.get("visitor"), str) and \
        VISITOR_RE.fullmatch(body["visitor"]) else ""
    touch_in = body.get("touch") if isinstance(body.get("touch"), dict) else {}
    channel, campaign, hop = clean_referral(touch_in.get("channel"), touch_in.get("campaign"), touch_in.get("hop"))
    buyer_distributor = check_self_claim(conn, body["self"], key) if body.get("self") is not None else ""
    contact = body["contact"]
    locale = (cert or {}).get("locale") or ""
    customer = customer_key(contact["phone"], locale)
    # The buyer is the shop's distributor when they say so (a signed claim), or when the store can
    # tell: their device or their published number. Either way the brand's policy decides what a
    # self-purchase earns (core split_order) and whether their own visit binds (core apply_touch).
    self_seen = "claim" if buyer_distributor == shop_dist else own_purchase(conn, shop_dist, visitor, customer, locale)
    self_touch = bool(self_seen)
    policy = verified_policy(conn, brand, cert)
    method = payment_method(policy, body.get("payment"), (cert or {}).get("name") or brand)

    # Binding: the customer's authoritative binding with this brand, under its policy.
    released = None
    current = current_binding(conn, brand, customer)
    if current:
        bound_enr = enrollment_row(conn, brand, current["distributor"])
        if not bound_enr or not bound_enr[2]:
            released = ('The customer was bound to "%s", who is no longer an active distributor of this brand, so '
                        'that binding was released.' % current["distributor"])
            current = None
    touch = {"brand": brand, "distributor": shop_dist, "shop": slug, "channel": channel, "at": now,
             "self": self_touch, "active": True}
    binding, rule, explanation = apply_touch(current, touch, policy)
    if released:
        explanation = released + " " + explanation
    order_id = order_id or random_id("o_")
    if binding is not None:
        binding = dict(binding)
        record_order(binding, now)
    pending = None
    if binding is not None and binding_made(binding, current) and policy["bind_on_paid"]:
        # The brand binds on payment: this order is credited as the binding would have it, but the
        # number is tied to nobody until the brand marks the order paid (bind_when_paid); an order
        # nobody pays binds no one.
        pending = touch
        explanation += (" %s binds a customer only once their order is paid: this order binds them when it is." %
                        ((cert or {}).get("name") or brand))
    if binding is not None and pending is None:
        store_binding(conn, brand, customer, binding, current, order_id, now)
    if binding is not None:
        credited, credited_shop = binding["distributor"], binding["shop"]
    else:
        credited, credited_shop = shop_dist, slug  # self-purchase with no binding: the seller's own chain
    if credited == shop_dist:
        self_by = self_seen
    else:  # bound elsewhere: is the buyer the distributor credited?
        self_by = "claim" if buyer_distributor == credited else own_purchase(conn, credited, visitor, customer, locale)
    self_purchase = bool(self_by)

    # Chain: the credited distributor up to level 1; nobody from the first inactive member up is paid.
    chain = enrollment_chain(conn, brand, credited)
    payable, chain_note = [], ""
    for member in chain:
        if not member["active"]:
            chain_note = ('"%s" (level %d) is not an active distributor, so the chain is not credited from them '
                          'up.' % (member["name"] or member["distributor"], member["level"]))
            break
        payable.append(member)
    if not chain:
        chain_note = "The credited distributor has no enrollment with this brand, so the brand keeps the order."
    split = split_order(priced, [m["distributor"] for m in payable], policy, self_purchase)
    names = {m["distributor"]: m["name"] for m in chain}
    for p in split["payees"]:
        p["name"] = names.get(p["distributor"], "")

    last_touch = {"shop": slug, "distributor": shop_dist, "channel": channel, "campaign": campaign, "hop": hop,
                  "at": now, "source": "order"}
    first_touch = first_touch_of(conn, visitor, brand) or dict(last_touch)

    number = order_number(conn, now)
    token = secrets.token_urlsafe(24)
    currency = release.get("currency") or (cert or {}).get("currency", "")
    # The method's details as the policy gives them now: the receipt stays right when it changes later.
    payment = {"kind": method.get("kind", "cod"), "account_name": method.get("account_name", ""),
               "account": method.get("account", ""), "bank": method.get("bank", ""), "url": method.get("url", ""),
               "label": method.get("label", ""), "reference": number}
    order = {"id": order_id, "number": number, "status": "placed", "brand": brand, "shop": slug,
             "currency": currency, "lines": priced, "total": total, "placed_ms": now, "payment": payment,
             "locale": (cert or {}).get("locale", "")}  # the receipt speaks the brand's language
    # The customer's binding as the store now holds it: the browser adopts it (the server is
    # authoritative at order time; an order also renews a window binding).
    held = current if pending else binding  # what the store holds now
    bound = ({"distributor": held["distributor"], "shop": held["shop"], "bound_ms": held["bound_ms"],
              "last_order_ms": held["last_order_ms"]} if held else None)
    response = json.dumps({"order": order, "token": token, "lookup": "/o/%s?t=%s" % (order_id, token),
                           "binding": bound}, ensure_ascii=False)
    record = {
        "order": order,
        "binding": {"mode": policy["mode"], "days": policy["days"], "rule": rule, "explanation": explanation,
                    "bound_distributor": binding["distributor"] if binding else "",
                    "bound_shop": binding["shop"] if binding else "", "bound_ms": binding["bound_ms"] if binding else 0,
                    "shop_distributor": shop_dist, "credited_distributor": credited, "credited_shop": credited_shop,
                    "pending_until_paid": pending},
        "chain": chain, "chain_note": chain_note,
        "first_touch": first_touch, "last_touch": last_touch,
        "split": {"payees": split["payees"], "brand": split["brand"], "rule": split["rule"],
                  "self_purchase": self_purchase, "self_purchase_by": self_by},
        "policy": {"version": policy["version"], "mode": policy["mode"], "days": policy["days"],
                   "levels": policy["levels"], "overrides": policy["overrides"],
                   "allow_self_purchase": policy["allow_self_purchase"]},
        "buyer_distributor": buyer_distributor, "release_version": release.get("version", 0),
        "hashes": {pid: index[pid].get("hash", "") for pid, _ in wanted},
        "client_total": client_total, "total_matched": client_total == total,
    }
    conn.execute(
        "INSERT INTO orders (id, number, token, idem_key, body_sha256, brand, shop, shop_distributor, distributor, "
        "customer, visitor, currency, total, client_total, total_matched, release_version, placed_ms, contact, "
        "record, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (order_id, number, token, key, digest, brand, slug, shop_dist, credited, customer,
         visitor, currency, total, client_total, 1 if client_total == total else 0, release.get("version", 0), now,
         json.dumps({k: contact[k] for k in ("name", "phone", "address")}, ensure_ascii=False),
         json.dumps(record, ensure_ascii=False), response))
    order_seq = conn.execute("SELECT seq FROM orders WHERE id = ?", (order_id,)).fetchone()[0]
    record_shares(conn, order_seq, brand, split["payees"], policy["freeze_days"])
    conn.execute("INSERT INTO order_status (order_id, status, at_ms, received_ms) VALUES (?, 'placed', ?, ?)",
                 (order_id, now, now))
    return "new", response


def order_history(conn, order_id):
    return [{"status": s, "at": at} for s, at in conn.execute(
        "SELECT status, at_ms FROM order_status WHERE order_id = ? ORDER BY seq", (order_id,))]


def mask_phone(phone):
    digits = normalize_phone(phone)
    return digits[:3] + "*" * max(0, len(digits) - 7) + digits[-4:] if len(digits) > 7 else "*" * len(digits)


def load_order(conn, order_id):
    """(row dict, record) or None."""
    if not is_id(order_id):
        return None
    row = conn.execute("SELECT id, number, token, brand, shop, shop_distributor, distributor, customer, contact, "
                       "record FROM orders WHERE id = ?", (order_id,)).fetchone()
    if not row:
        return None
    keys = ("id", "number", "token", "brand", "shop", "shop_distributor", "distributor", "customer", "contact")
    return dict(zip(keys, row[:9])), json.loads(row[9])


def apply_status(conn, order_id, opened, now):
    p = opened.payload
    status = p.get("status")
    # A status that is not text ([] or {}) cannot even be looked up in STATUS_FLOW (unhashable: a 500).
    if p.get("type") != "order_status" or p.get("order") != order_id or not isinstance(status, str) \
            or status not in STATUS_FLOW or status == "placed" or not is_int(p.get("at")):
        raise ApiError(400, "bad_status", "Sign {\"type\": \"order_status\", \"order\": \"%s\", \"status\": "
                                          "\"paid|delivered|refunded|cancelled\", \"at\": <UTC ms>}." % order_id)
    row = conn.execute("SELECT brand FROM orders WHERE id = ?", (order_id,)).fetchone()
    if not row:
        raise ApiError(404, "unknown_order", "There is no such order.")
    cert = brand_cert(conn, row[0])
    if not cert or opened.key != cert[1]:
        raise ApiError(422, "wrong_signer", "An order's status is changed only by its brand: sign it with the "
                                            "brand's key (from its certificate).")
    text = envelope_text(opened.envelope)
    hist = conn.execute("SELECT status, envelope FROM order_status WHERE order_id = ? ORDER BY seq",
                        (order_id,)).fetchall()
    if any(env == text for _, env in hist):
        return "replay"  # the same signed change again: already applied
    current = hist[-1][0]
    if status not in STATUS_FLOW[current]:
        allowed = STATUS_FLOW[current]
        raise ApiError(409, "bad_transition", "The order is %s; %s." % (
            current, "it can become %s" % " or ".join(allowed) if allowed else "nothing follows that"),
            current=current)
    conn.execute("INSERT INTO order_status (order_id, status, at_ms, received_ms, envelope) VALUES (?, ?, ?, ?, ?)",
                 (order_id, status, p["at"], now, text))
    if status in ("cancelled", "refunded"):
        void_binding(conn, order_id, now)
    elif status == "paid":
        bind_when_paid(conn, order_id, now)
    return "new"


def bind_when_paid(conn, order_id, now):
    """Under a policy that binds on payment, the binding an order was to make is made when it is paid:
    its touch (the shop and time it was placed) goes through the core's apply_touch against the
    binding the customer has now (another order may have been paid first: under "permanent" the
    first paid keeps them)."""
    brand, customer, record = conn.execute("SELECT brand, customer, record FROM orders WHERE id = ?",
                                           (order_id,)).fetchone()
    touch = json.loads(record).get("binding", {}).get("pending_until_paid")
    if not touch:
        return
    cert = trusted_cert(conn, brand)
    policy = verified_policy(conn, brand, cert[0] if cert else None)
    current = current_binding(conn, brand, customer)
    binding, _, _ = apply_touch(current, touch, policy)
    if binding is None:
        return
    binding = dict(binding)
    record_order(binding, touch["at"])
    store_binding(conn, brand, customer, binding, current, order_id, now)


def current_binding(conn, brand, customer):
    row = conn.execute("SELECT distributor, shop, bound_ms, last_order_ms FROM bindings WHERE brand = ? AND "
                       "customer = ?", (brand, customer)).fetchone()
    return ({"brand": brand, "distributor": row[0], "shop": row[1], "bound_ms": row[2], "last_order_ms": row[3]}
            if row else None)


def binding_made(binding, current):
    """The order made this binding (a first one, a rebinding, one renewed after it lapsed), rather
    than keeping the one there was."""
    return current is None or (binding["distributor"], binding["bound_ms"]) != (current["distributor"],
                                                                              current["bound_ms"])


def store_binding(conn, brand, customer, binding, current, order_id, now):
    """Writes the binding an order leaves (after apply_touch and record_order). One the order made
    stands with that order (made_by, replaced: binding_after_void undoes it when the order is
    cancelled or refunded); a kept one only moves its last order, never back (an order paid late)."""
    made = binding_made(binding, current)
    conn.execute("INSERT INTO bindings (brand, customer, distributor, shop, bound_ms, last_order_ms, updated_ms, made_by, "
                 "replaced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand, customer) DO UPDATE SET "
                 "distributor = excluded.distributor, shop = excluded.shop, bound_ms = excluded.bound_ms, "
                 "updated_ms = excluded.updated_ms, " +
                 ("last_order_ms = excluded.last_order_ms, made_by = excluded.made_by, replaced = excluded.replaced"
                  if made else "last_order_ms = MAX(bindings.last_order_ms, excluded.last_order_ms)"),
                 (brand, customer, binding["distributor"], binding["shop"], binding["bound_ms"], binding["last_order_ms"],
                  now, order_id if made else "", json.dumps(current, sort_keys=True) if made and current else ""))


def void_binding(conn, order_id, now):
    """The order is cancelled or refunded: the binding it made stands only with another order of the
    customer under it that still stands (core binding_after_void), placed in the bound distributor's own
    shop: an order the customer placed elsewhere, credited to them only by this binding, is no proof
    the customer ever came to them."""
    brand, customer = conn.execute("SELECT brand, customer FROM orders WHERE id = ?", (order_id,)).fetchone()
    b = conn.execute("SELECT distributor, bound_ms, made_by, replaced FROM bindings WHERE brand = ? AND customer = ?",
                     (brand, customer)).fetchone()
    if not b:
        return
    other = conn.execute(
        "SELECT o.id FROM orders o WHERE o.brand = ? AND o.customer = ? AND o.id != ? AND o.shop_distributor = ? AND "
        "o.placed_ms >= ? AND (SELECT s.status FROM order_status s WHERE s.order_id = o.id ORDER BY s.seq DESC LIMIT 1) "
        "NOT IN ('cancelled', 'refunded') ORDER BY o.placed_ms LIMIT 1", (brand, customer, order_id, b[0], b[1])).fetchone()
    outcome = CORE.binding_after_void(b[2] == order_id, other is not None, bool(b[3]))
    if outcome == "keep":
        if b[2] == order_id:  # another order carries it now
            conn.execute("UPDATE bindings SET made_by = ?, updated_ms = ? WHERE brand = ? AND customer = ?",
                         (other[0], now, brand, customer))
    elif outcome == "restore":
        was = json.loads(b[3])
        conn.execute("UPDATE bindings SET distributor = ?, shop = ?, bound_ms = ?, last_order_ms = ?, updated_ms = ?, "
                     "made_by = '', replaced = '' WHERE brand = ? AND customer = ?",
                     (was["distributor"], was["shop"], was["bound_ms"], was["last_order_ms"], now, brand, customer))
    else:
        conn.execute("DELETE FROM bindings WHERE brand = ? AND customer = ?", (brand, customer))


# [SECTION] Auth -----------------------------------------------------------------------------------
# Signed requests (src/core/trust/request_auth.h): Authorization: Dynshop key=<b64>, ts=<ms>, sig=<b64>
# over "<METHOD> <path?query>\n<ts>\n<sha256 hex of the body>", within five minutes of our clock.

AUTH_RE = re.compile(r"\s*Dynshop\s+key=([A-Za-z0-9+/=]{40,48})\s*,\s*ts=(\d{1,16})\s*,\s*sig=([A-Za-z0-9+/=]{80,96})\s*")


def check_request_auth(method, path_and_query, body, header, now, seen=None):
    """The signer's 32 key bytes, or ApiError 401 saying what is wrong. With seen (a SeenRequests),
    a request whose signature was already accepted is refused: a signed request works once."""
    def refuse(message):
        return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": "Dynshop"})
    if not header:
        raise refuse("This needs a signed request: Authorization: Dynshop key=<public key>, ts=<UTC ms>, "
                     "sig=<signature over \"<METHOD> <path?query>\\n<ts>\\n<sha256 hex of the body>\">.")
    m = AUTH_RE.fullmatch(header)
    key = b64_bytes(m.group(1), 32) if m else None
    sig = b64_bytes(m.group(3), 64) if m else None
    if key is None or sig is None:
        raise refuse("The Authorization header is malformed: Dynshop key=<base64>, ts=<UTC ms>, sig=<base64>.")
    ts = int(m.group(2))
    if abs(now - ts) > REQUEST_AUTH_WINDOW_MS:
        raise refuse("The signed request's time is more than five minutes from the server's clock; sign it again "
                     "now (and check the device's clock).")
    text = "%s %s\n%d\n%s" % (method, path_and_query, ts, hashlib.sha256(body).hexdigest())
    try:
        nacl.signing.VerifyKey(key).verify(text.encode("utf-8"), sig)
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise refuse("The request's signature does not match: sign \"<METHOD> <path?query>\\n<ts>\\n<sha256 hex of "
                     "the body>\" exactly as sent.")
    if seen is not None and not seen.first_use(sig, ts, now):
        raise ApiError(409, "replayed_request", "This signed request was already used; sign it again (a new time "
                                                "stamp) to send it once more.")
    return key


class SeenRequests:
    """The signatures of signed requests accepted within the clock window: a request captured on the
    way (a proxy's log, a shared screen) cannot be sent again. Ed25519 signatures are deterministic,
    so the same request signed at the same millisecond is the same request. Kept in memory: a store
    restarted within the window forgets, and a request older than the window is refused anyway."""

    def __init__(self, window_ms):
        self.window_ms = window_ms
        self.seen = {}  # sig -> expiry ms
        self.lock = threading.Lock()
        self.next_sweep = 0

    def first_use(self, sig, ts, now):
        with self.lock:
            if now >= self.next_sweep:
                self.seen = {k: v for k, v in self.seen.items() if v > now}
                self.next_sweep = now + self.window_ms // 5
            if sig in self.seen:
                return False
            self.seen[sig] = ts + self.window_ms + 1
            return True


# [SECTION] Limits ---------------------------------------------------------------------------------
# Token buckets (RATE_LIMITS in Config): lookups, writes and events per client address and per
# target, uploads per key. Real people never meet them; a script meets them within seconds.

class RateLimits:
    """Token buckets kept as one number each, the time the bucket is full again (the "theoretical
    arrival time" of GCRA): a bucket holds burst - (full_at - now) * rate tokens, so taking `cost`
    moves full_at on by cost / rate, and a bucket that is full again is the same as none. One float
    a key, not an object: a few hundred thousand buckets (one per visitor on a campaign day) cost
    the garbage collector nothing, and the event path stays within a few percent of the limits-off
    rate (bench/server_bench.sh --only limiter). A limit with no refill (rate 0) keeps the tokens
    spent instead. Buckets live in a dict per limit; past max_buckets the full ones are forgotten,
    then the ones full soonest."""

    def __init__(self, limits, max_buckets=RATE_BUCKETS_MAX):
        self.limits = dict(limits)
        self.buckets = {}  # name -> {key: full_at (monotonic s), or tokens spent when the rate is 0}
        self.count = 0
        self.max_buckets = max_buckets
        self.lock = threading.Lock()

    def _settle(self, name, keys, cost, now, take):
        """For each key in turn: 0 when cost tokens are there (spent when take), else the seconds to
        wait (nothing spent). One lock, one loop: the event path runs this for every event's visitor."""
        burst, rate = self.limits[name]
        waits = []
        with self.lock:
            of_name = self.buckets.get(name)
            if of_name is None:
                of_name = self.buckets[name] = {}
            get = of_name.get
            if rate > 0:
                step = cost / rate
                # Taking is allowed while full_at stays within burst / rate of now (a hair of slack
                # for the float division: 20 lookups at one per 30 s are 20, not 19).
                horizon = burst / rate * (1 + 1e-12) + 1e-9
                # More than a full bucket asked: wait for a full one, say so.
                room = (cost if cost < burst else burst) / rate
                for key in keys:
                    full_at = get(key)
                    start = now if full_at is None or full_at < now else full_at
                    if start + step - now <= horizon:
                        waits.append(0)
                        if take:
                            if full_at is None:
                                self.count += 1
                            of_name[key] = start + step
                    else:
                        waits.append(max(1, int(start - (burst / rate - room) - now + 0.999)))
            else:
                for key in keys:
                    spent = get(key, 0)
                    if burst - spent >= cost:
                        waits.append(0)
                        if take:
                            if spent == 0:
                                self.count += 1
                            of_name[key] = spent + cost
                    else:
                        waits.append(3600)
            if self.count > self.max_buckets:
                self._forget(now)
        return waits

    def _forget(self, now):
        kept = []  # (full_at, name, key) of the buckets not full again
        for name, of_name in self.buckets.items():
            rate = (self.limits.get(name) or (0, 0))[1]
            for key, v in of_name.items():
                if rate <= 0 or v > now:
                    kept.append((v if rate > 0 else now + v, name, key, v))
        if len(kept) > self.max_buckets // 2:  # all busy: the ones full soonest go
            kept.sort(key=lambda k: k[0])
            kept = kept[len(kept) - self.max_buckets // 2:]
        self.buckets = {}
        for _, name, key, v in kept:
            self.buckets.setdefault(name, {})[key] = v
        self.count = len(kept)

    def wait_s(self, name, key, cost=1, now=None):
        """Seconds until cost tokens are there (0: now), without spending any."""
        if self.limits.get(name) is None:
            return 0
        return self._settle(name, (key,), cost, time.monotonic() if now is None else now, False)[0]

    def spend(self, name, key, cost=1, now=None):
        """Takes cost tokens when they are there (0), else spends nothing and gives the seconds to wait."""
        return self.spend_each(name, (key,), cost, now)[0]

    def spend_each(self, name, keys, cost=1, now=None):
        """spend() for each key in turn (a key may repeat), under one lock: the list of waits."""
        if self.limits.get(name) is None:
            return [0] * len(keys)
        return self._settle(name, keys, cost, time.monotonic() if now is None else now, True)

    def take(self, name, key, what, cost=1):
        """spend(), or ApiError 429 with Retry-After saying what was limited."""
        wait = self.spend(name, key, cost)
        if wait:
            raise too_many(wait, what)


def too_many(wait, what):
    when = ("%d seconds" % wait) if wait < 120 else ("%d minutes" % ((wait + 59) // 60))
    return ApiError(429, "rate_limited", "%s Try again in %s." % (what, when), headers={"Retry-After": str(wait)},
                    retry_after_s=wait)


def parse_limit_arg(text):
    """--limit NAME=BURST/PER_SECOND or NAME=off -> (name, (burst, rate) or None)."""
    name, _, value = text.partition("=")
    if name not in RATE_LIMITS:
        raise argparse.ArgumentTypeError("unknown limit %r; the limits are %s" % (name, ", ".join(sorted(RATE_LIMITS))))
    if value == "off":
        return name, None
    burst, _, rate = value.partition("/")
    try:
        burst, rate = float(burst), float(rate)
    except ValueError:
        raise argparse.ArgumentTypeError("a limit is NAME=BURST/PER_SECOND (e.g. write_address=240/4) or NAME=off")
    if burst < 1 or rate < 0:
        raise argparse.ArgumentTypeError("a limit's burst is at least 1 and its rate at least 0")
    return name, (burst, rate)


def address_key(addr):
    """An IPv6 client is its /64 (one subscriber gets a whole /64); IPv4 is its address."""
    if ":" in addr:
        try:
            import ipaddress
            return str(ipaddress.ip_network(addr.split("%", 1)[0] + "/64", strict=False))
        except ValueError:
            return addr
    return addr


# [SECTION] Activity -------------------------------------------------------------------------------
# Dashboards poll GET /api/shops/<slug>/activity and /api/brands/<brand>/activity (signed). Each
# answer holds at most ACTIVITY_EVENTS_CAP events, ACTIVITY_ORDERS_CAP orders and ACTIVITY_STATUS_CAP
# status changes, oldest first, and a "cursor"; "more": true means ask again with that cursor now.
# Keep the last cursor for the next poll: it picks up exactly what arrived since.

def parse_activity_query(query):
    params = urllib.parse.parse_qs(query)
    since = params.get("since", ["0"])[0]
    if not since.isdigit() or len(since) > 16:
        raise ApiError(400, "bad_request", "\"since\" is a UTC time in ms.")
    cursor = params.get("cursor", ["0.0.0"])[0]
    m = re.fullmatch(r"(\d{1,18})\.(\d{1,18})\.(\d{1,18})", cursor)
    if not m:
        raise ApiError(400, "bad_request", "\"cursor\" is the value of \"cursor\" from the previous answer.")
    return int(since), int(m.group(1)), int(m.group(2)), int(m.group(3))


def customer_ref(salt, brand, customer):
    """A stable per-brand customer id for dashboards, not reversible to the phone without the store's salt."""
    return "c_" + hmac.new(salt, (brand + "\n" + customer).encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def activity_orders(conn, rows, salt, with_contact, follow_up_for=None):
    """with_contact: the whole contact (the brand ships). follow_up_for: a distributor who gets the name and
    phone (no address) of the customers credited to them, to follow up with lost customers."""
    out = []
    ids = [r[0] for r in rows]
    status = {}
    if ids:
        for oid, s, at in conn.execute("SELECT order_id, status, at_ms FROM order_status WHERE order_id IN "
                                       "(SELECT value FROM json_each(?)) ORDER BY seq", (json.dumps(ids),)):
            status[oid] = (s, at)
    for oid, seq, brand, customer, contact, record in rows:
        rec = json.loads(record)
        o = rec["order"]
        s = status.get(oid, ("placed", o["placed_ms"]))
        item = {"id": oid, "number": o["number"], "brand": brand, "shop": o["shop"],
                "shop_distributor": rec["binding"]["shop_distributor"],
                "distributor": rec["binding"]["credited_distributor"], "currency": o["currency"], "total": o["total"],
                "lines": [{"product": li["product"], "qty": li["qty"], "total": li["total"]} for li in o["lines"]],
                "placed_ms": o["placed_ms"], "status": s[0], "status_ms": s[1],
                "customer": customer_ref(salt, brand, customer), "binding_rule": rec["binding"]["rule"],
                "first_touch": rec["first_touch"], "last_touch": rec["last_touch"],
                "split": {"payees": rec["split"]["payees"], "brand": rec["split"]["brand"],
                          "rule": rec["split"]["rule"]}}
        if with_contact:
            item["contact"] = json.loads(contact)
        elif follow_up_for is not None and rec["binding"]["credited_distributor"] == follow_up_for:
            c = json.loads(contact)
            item["contact"] = {"name": c.get("name", ""), "phone": c.get("phone", "")}
        out.append(item)
    return out


def activity(conn, since, cursors, salt, brand=None, team=None, requester=None):
    """Events, orders and status changes of a brand (brand=...) or of a team (team = {(brand, distributor)})."""
    ev_after, or_after, st_after = cursors
    if brand is not None:
        ev_rows = conn.execute("SELECT " + EVENT_COLUMNS + " FROM event_brands b JOIN events e ON e.seq = b.seq "
                               "WHERE b.brand = ? AND b.seq > ? AND e.received_ms >= ? ORDER BY b.seq LIMIT ?",
                               (brand, ev_after, since, ACTIVITY_EVENTS_CAP)).fetchall()
        or_rows = conn.execute("SELECT id, seq, brand, customer, contact, record FROM orders WHERE brand = ? AND "
                               "seq > ? AND placed_ms >= ? ORDER BY seq LIMIT ?",
                               (brand, or_after, since, ACTIVITY_ORDERS_CAP)).fetchall()
        st_rows = conn.execute("SELECT s.seq, s.order_id, s.status, s.at_ms FROM order_status s JOIN orders o ON "
                               "o.id = s.order_id WHERE o.brand = ? AND s.seq > ? AND s.received_ms >= ? "
                               "ORDER BY s.seq LIMIT ?", (brand, st_after, since, ACTIVITY_STATUS_CAP)).fetchall()
        events = [event_json(r) for r in ev_rows]
        orders = activity_orders(conn, or_rows, salt, True)
        scanned = or_rows
    else:
        members = json.dumps(sorted({d for _, d in team}))
        ev_rows = conn.execute("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.distributor IN (SELECT value FROM "
                               "json_each(?)) AND e.seq > ? AND e.received_ms >= ? ORDER BY e.seq LIMIT ?",
                               (members, ev_after, since, ACTIVITY_EVENTS_CAP)).fetchall()
        events = [event_json(r) for r in ev_rows]
        events = [e for e in events if any((b, e["distributor"]) in team for b in e["brands"])]
        or_rows = conn.execute("SELECT id, seq, brand, customer, contact, record FROM orders WHERE seq > ? AND "
                               "placed_ms >= ? AND (shop_distributor IN (SELECT value FROM json_each(?)) OR "
                               "distributor IN (SELECT value FROM json_each(?))) ORDER BY seq LIMIT ?",
                               (or_after, since, members, members, ACTIVITY_ORDERS_CAP)).fetchall()
        scanned = or_rows
        or_rows = []
        for r in scanned:
            b = json.loads(r[5])["binding"]
            if (r[2], b["shop_distributor"]) in team or (r[2], b["credited_distributor"]) in team:
                or_rows.append(r)
        st_rows = conn.execute("SELECT s.seq, s.order_id, s.status, s.at_ms FROM order_status s JOIN orders o ON "
                               "o.id = s.order_id WHERE s.seq > ? AND s.received_ms >= ? AND "
                               "(o.shop_distributor IN (SELECT value FROM json_each(?)) OR o.distributor IN "
                               "(SELECT value FROM json_each(?))) ORDER BY s.seq LIMIT ?",
                               (st_after, since, members, members, ACTIVITY_STATUS_CAP)).fetchall()
        orders = activity_orders(conn, or_rows, salt, False, follow_up_for=requester)
    more = len(ev_rows) == ACTIVITY_EVENTS_CAP or len(scanned) == ACTIVITY_ORDERS_CAP or \
        len(st_rows) == ACTIVITY_STATUS_CAP
    cursor = "%d.%d.%d" % (ev_rows[-1][0] if ev_rows else ev_after, scanned[-1][1] if scanned else or_after,
                           st_rows[-1][0] if st_rows else st_after)
    out = {"events": events, "orders": orders,
           "statuses": [{"order": oid, "status": s, "at": at} for _, oid, s, at in st_rows],
           "cursor": cursor, "more": more,
           "caps": {"events": ACTIVITY_EVENTS_CAP, "orders": ACTIVITY_ORDERS_CAP, "statuses": ACTIVITY_STATUS_CAP}}
    if brand is None and requester and not more:
        out["released"] = released_customers(conn, requester, salt, now_ms())
    return out


def released_customers(conn, distributor, salt, now):
    """Customers who bought through `distributor` but whose binding is no longer theirs: rebound to
    another distributor (policy "last", or a released inactive one) or lapsed (window:N). A dashboard
    counts the others as the distributor's bound customers. The whole (short) list on each last page."""
    out, policies = [], {}
    for brand, customer, bound_to, bound_ms, last_order_ms in conn.execute(
            "SELECT DISTINCT o.brand, o.customer, b.distributor, b.bound_ms, b.last_order_ms FROM orders o "
            "LEFT JOIN bindings b ON b.brand = o.brand AND b.customer = o.customer WHERE o.distributor = ?",
            (distributor,)):
        if bound_to == distributor:
            if brand not in policies:
                cert = trusted_cert(conn, brand)
                policies[brand] = verified_policy(conn, brand, cert[0] if cert else None)
            if not binding_lapsed({"bound_ms": bound_ms, "last_order_ms": last_order_ms}, policies[brand], now):
                continue
        out.append({"brand": brand, "customer": customer_ref(salt, brand, customer)})
    return out


def team_members(conn, team):
    """The team as the editor's tree shows it: each (brand, member) with parent, level, activity, and
    the orders placed in their shop (count, and sales by currency without cancelled or refunded ones)."""
    members = json.dumps(sorted({d for _, d in team}))
    rows = conn.execute("SELECT e.brand, e.distributor, e.parent, e.name, d.slug, e.level, e.active FROM enrollments e "
                        "JOIN distributors d ON d.distributor = e.distributor WHERE e.distributor IN (SELECT value "
                        "FROM json_each(?)) ORDER BY e.brand, e.level, e.name, e.distributor", (members,)).fetchall()
    sales = {}
    for brand, dist, currency, n, total in conn.execute(
            "SELECT o.brand, o.shop_distributor, o.currency, COUNT(*), SUM(o.total) FROM orders o WHERE "
            "o.shop_distributor IN (SELECT value FROM json_each(?)) AND NOT EXISTS (SELECT 1 FROM order_status s "
            "WHERE s.order_id = o.id AND s.status IN ('cancelled', 'refunded')) GROUP BY 1, 2, 3", (members,)):
        entry = sales.setdefault((brand, dist), [0, {}])
        entry[0] += n
        entry[1][currency] = total
    out = []
    for brand, dist, parent, name, slug, level, active in rows:
        if (brand, dist) not in team:
            continue
        n, by_currency = sales.get((brand, dist), (0, {}))
        out.append({"brand": brand, "distributor": dist, "parent": parent, "name": name, "slug": slug, "level": level,
                    "active": bool(active), "orders": n, "sales": by_currency})
    return out


def team_of(conn, distributor):
    """{(brand, member)}: the distributor and everyone recruited under them, brand by brand."""
    rows = conn.execute(
        "WITH RECURSIVE team(brand, d) AS (SELECT brand, distributor FROM enrollments WHERE distributor = ? "
        "UNION SELECT e.brand, e.distributor FROM enrollments e JOIN team t ON e.brand = t.brand AND e.parent = t.d) "
        "SELECT brand, d FROM team", (distributor,)).fetchall()
    return set(rows)


# [SECTION] Settlement -----------------------------------------------------------------------------
# The ledger is the orders' shares (ledger_shares, written at placement) with the store's times of
# each order's delivery and refund or cancellation; the rules that settle it are the core's
# (dynshop_core.Ledger: balances, batches, statements, CSV). A batch is signed by the brand in its
# console (or the CLI) and stored only when the core, run here over the store's own ledger, makes the
# very same batch: the same cutoff is the same batch, no share is paid twice, nothing overlaps.

BATCH_ID_RE = re.compile(r"pb_[A-Za-z0-9_-]{1,64}_[0-9]{1,16}")
MAX_BATCH_BYTES = 16 * 1024 * 1024  # a signed batch for 20,000 payees is about 2 MB


def record_shares(conn, order_seq, brand, payees, freeze_days):
    conn.executemany("INSERT INTO ledger_shares (order_seq, brand, distributor, level, amount, freeze_days) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     [(order_seq, brand, p["distributor"], p["level"], p["amount"], freeze_days)
                      for p in payees if p["amount"] > 0 and p["distributor"]])


def backfill_ledger(store):
    """Data folders made before ledger_shares existed: their orders' shares, once, from the split each
    order recorded at placement."""
    with store.reader() as conn:
        if store.meta(conn, "ledger_backfilled") or not conn.execute("SELECT 1 FROM orders LIMIT 1").fetchone():
            if not store.meta(conn, "ledger_backfilled"):
                store.write(lambda c: c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES "
                                                "('ledger_backfilled', '1')"), bump=False)
            return

    def tx(conn):
        done = {r[0] for r in conn.execute("SELECT DISTINCT order_seq FROM ledger_shares")}
        for seq, brand, record in conn.execute("SELECT seq, brand, record FROM orders ORDER BY seq").fetchall():
            if seq in done:
                continue
            rec = json.loads(record)
            freeze = (rec.get("policy") or {}).get("freeze_days", 7)
            record_shares(conn, seq, brand, (rec.get("split") or {}).get("payees", []), freeze if is_int(freeze) else 7)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('ledger_backfilled', '1')")
    store.write(tx, bump=False)


class BrandLedger:
    """One brand's ledger in memory, kept up to date by reading only what was added since (new orders'
    shares, new status changes): a million orders are read once, not on every request. Thread-safe."""

    def __init__(self, brand, currency):
        self.lock = threading.Lock()
        self.ledger = CORE.Ledger(brand, currency)
        self.order_seq = 0      # last order seq read
        self.status_seq = 0     # last status change read
        self.encoded_for, self.encoded_cache = None, None

    def refresh(self, conn):
        brand = self.ledger_brand
        cursor = conn.execute(
            "SELECT s.order_seq, o.id, o.placed_ms, s.distributor, s.level, s.amount, s.freeze_days FROM ledger_shares s "
            "JOIN orders o ON o.seq = s.order_seq WHERE s.brand = ? AND s.order_seq > ? ORDER BY s.order_seq, s.level",
            (brand, self.order_seq))
        added, last = self.ledger.add_share_rows(cursor)  # grouped into orders by the core, row by row
        if added:
            self.order_seq = last
        # Statuses count from when the store learned of them, never earlier: a late, back-dated
        # delivery or refund cannot rewrite a batch already made. (Only the changes since the last
        # read, by their own sequence: the CROSS JOIN keeps SQLite from scanning the brand's orders.)
        last_read = self.ledger.apply_status_rows(conn.execute(
            "SELECT s.seq, o.seq, s.status, MAX(s.at_ms, s.received_ms) FROM order_status s CROSS JOIN orders o ON "
            "o.id = s.order_id WHERE s.seq > ? AND o.brand = ? AND s.status IN ('delivered', 'refunded', 'cancelled') "
            "ORDER BY s.seq", (self.status_seq, brand)))
        if last_read >= 0:
            self.status_seq = last_read
        last = conn.execute("SELECT MAX(seq) FROM order_status").fetchone()[0] or 0
        self.status_seq = max(self.status_seq, last)

    def encoded(self):
        """(compact bytes, gzip of them, etag) of the ledger as it is now; made once per version (a
        million orders: 20 MB, about a second to compress)."""
        key = (self.order_seq, self.status_seq, len(self.ledger))
        if self.encoded_for != key:
            raw = self.ledger.encode()
            self.encoded_cache = (raw, gzip.compress(raw, 6, mtime=0), '"l%d-%d-%d"' % key)
            self.encoded_for = key
        return self.encoded_cache


class Ledgers:
    """The brands' ledgers (BrandLedger), made on first use."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_brand = {}

    def get(self, conn, brand, currency):
        with self.lock:
            bl = self.by_brand.get(brand)
            if bl is None:
                bl = self.by_brand[brand] = BrandLedger(brand, currency)
                bl.ledger_brand = brand
        bl.lock.acquire()
        try:
            bl.refresh(conn)
        except BaseException:
            bl.lock.release()
            raise
        return bl  # locked: the caller releases bl.lock

    def warm_up(self, store):
        """Builds every brand's ledger in the background once the store starts, so the first brand to
        open its Settlement tab does not wait for a million orders to be read."""
        def run():
            try:
                with store.reader() as conn:
                    brands = [r[0] for r in conn.execute("SELECT DISTINCT brand FROM ledger_shares")]
                    for brand in brands:
                        cert = trusted_cert(conn, brand)
                        if cert:
                            bl = self.get(conn, brand, cert[0].get("currency", ""))
                            try:
                                bl.encoded()
                            finally:
                                bl.lock.release()
            except Exception as e:  # pragma: no cover - a warm-up failure only costs the first request time
                log("serve.py: ledger warm-up stopped: %s" % e)
        threading.Thread(target=run, name="ledger-warm-up", daemon=True).start()


def brand_for_settlement(conn, brand, key):
    """(cert payload, policy) of a brand whose key signed this request; 404/403 otherwise."""
    cert = trusted_cert(conn, brand) if is_id(brand) else None
    if not cert:
        raise ApiError(404, "unknown_brand", "There is no such brand.")
    if cert[1] != key:
        raise ApiError(403, "not_allowed", "Only the brand's own key can see or settle the brand's payouts.")
    return cert[0], verified_policy(conn, brand, cert[0])


def stored_batches(conn, brand):
    """(batch payload texts oldest first, mark payload texts in order), each signature checked again."""
    cert = trusted_cert(conn, brand)
    key = cert[1] if cert else None
    batches, marks = [], []
    for seq, env in conn.execute("SELECT seq, envelope FROM payout_batches WHERE brand = ? ORDER BY cutoff", (brand,)):
        text = signed_text(("batch", seq), env, key)
        if text is None:
            raise ApiError(500, "damaged_store", "A stored payout batch no longer checks against the brand's key.")
        batches.append(text)
    for seq, env in conn.execute("SELECT seq, envelope FROM payout_marks WHERE brand = ? ORDER BY seq", (brand,)):
        text = signed_text(("mark", seq), env, key)
        if text is None:
            raise ApiError(500, "damaged_store", "A stored payout mark no longer checks against the brand's key.")
        marks.append(text)
    return batches, marks


def signed_text(cache_key, envelope, signer):
    """The envelope's payload text if its signature checks and `signer` (32 bytes) made it; cached."""
    def load():
        try:
            env = json.loads(envelope)
            key, sig = b64_bytes(env.get("key"), 32), b64_bytes(env.get("sig"), 64)
            if key is None or sig is None:
                return None, None
            nacl.signing.VerifyKey(key).verify(env["payload"].encode("utf-8"), sig)
            return key, env["payload"]
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeEncodeError, nacl.exceptions.CryptoError):
            return None, None
    if signer is None:
        return None
    key, text = PAYLOADS.get(("text",) + cache_key, load)
    return text if key == signer else None


def payee_details(conn, brand, payees):
    """{distributor: (name, account)} for the CSV: the enrolled name, and the contact the distributor
    publishes in their shop (no bank account is kept here; the brand pays to what they agreed)."""
    out = {}
    for d in payees:
        row = conn.execute("SELECT e.name, s.seq FROM enrollments e LEFT JOIN shops s ON s.distributor = e.distributor "
                           "WHERE e.brand = ? AND e.distributor = ?", (brand, d)).fetchone()
        name, account = (row[0] if row else ""), ""
        if row and row[1]:
            env = conn.execute("SELECT envelope FROM documents WHERE seq = ?", (row[1],)).fetchone()[0]
            identity = payload_of(row[1], env).get("identity") or {}
            account = identity.get("contact", "") if isinstance(identity.get("contact", ""), str) else ""
        out[d] = (name, account)
    return out


def core_error(e, statuses):
    code, message = e.args if len(e.args) == 2 else ("bad_request", str(e))
    return ApiError(statuses.get(code, 400), code, message)


def apply_batch(conn, ledgers, brand, opened, now):
    """Stores a brand-signed payout batch if it is the one the ledger gives. ("new"|"replay", batch dict)."""
    p = opened.payload
    text = opened.envelope["payload"]
    if p.get("type") != "payout_batch" or p.get("brand") != brand:
        raise ApiError(400, "bad_batch", "Sign {\"type\": \"payout_batch\", \"brand\": \"%s\", ...} as the console "
                                         "or `dynshop settle` makes it." % brand)
    cert = trusted_cert(conn, brand)
    if not cert or opened.key != cert[1]:
        raise ApiError(422, "wrong_signer", "A payout batch is signed by its brand's key (from its certificate), "
                                            "no one else's.")
    bid = p.get("id")
    if not isinstance(bid, str) or not BATCH_ID_RE.fullmatch(bid):
        raise ApiError(400, "bad_batch", "A batch id is pb_<brand>_<cutoff ms>.")
    cutoff = p.get("cutoff")
    if not is_int(cutoff) or cutoff < 0:
        raise ApiError(400, "bad_batch", "The batch's cutoff is a UTC time in milliseconds.")
    if cutoff > now:
        raise ApiError(422, "future_cutoff", "A batch can only settle what is settleable by now: pick a cutoff in "
                                             "the past (today or earlier).", now=now)
    existing = conn.execute("SELECT envelope FROM payout_batches WHERE id = ?", (bid,)).fetchone()
    if existing:
        stored = json.loads(existing[0])
        if stored["payload"] == text:
            return "replay", json.loads(text)
        raise ApiError(409, "batch_exists", "A batch for this cutoff was already made, with other contents: fetch "
                                            "it instead (the same cutoff is the same batch).", batch=json.loads(stored["payload"]))
    if not isinstance(p.get("lines"), list) or not p["lines"]:
        raise ApiError(422, "empty_batch", "Nobody is due a payout as of this cutoff (nothing settleable reaches the "
                                           "minimum payout): there is no batch to make. Try a later cutoff.")
    policy = verified_policy(conn, brand, cert[0])
    batches, marks = stored_batches(conn, brand)
    bl = ledgers.get(conn, brand, cert[0].get("currency", ""))
    try:
        checked = bl.ledger.check_batch(batches, marks, policy["text"], text)
    except CORE.CoreError as e:
        raise core_error(e, {"batch_mismatch": 409, "stale_cutoff": 409, "bad_batch": 400})
    finally:
        bl.lock.release()
    conn.execute("INSERT INTO payout_batches (brand, id, cutoff, total, lines, envelope, stored_ms) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?)", (brand, bid, cutoff, checked["total"], len(checked["lines"]),
                                          envelope_text(opened.envelope), now))
    return "new", checked


def apply_line_mark(conn, brand, batch_id, opened, now):
    p = opened.payload
    if p.get("type") != "payout_line" or p.get("brand") != brand or p.get("batch") != batch_id:
        raise ApiError(400, "bad_line_mark", "Sign {\"type\": \"payout_line\", \"brand\": \"%s\", \"batch\": \"%s\", "
                                             "\"payee\", \"status\": \"paid|failed\", \"at\", \"note\"}." % (brand, batch_id))
    cert = trusted_cert(conn, brand)
    if not cert or opened.key != cert[1]:
        raise ApiError(422, "wrong_signer", "A payout line is marked by its brand's key, no one else's.")
    text = opened.envelope["payload"]
    row = conn.execute("SELECT envelope FROM payout_marks WHERE batch = ? AND payee = ?",
                       (batch_id, p.get("payee") if isinstance(p.get("payee"), str) else "")).fetchone()
    if row and json.loads(row[0])["payload"] == text:
        return "replay", json.loads(text)
    batches, marks = stored_batches(conn, brand)
    try:
        mark = CORE.check_line_mark(batches, marks, text)
    except CORE.CoreError as e:
        raise core_error(e, {"unknown_batch": 404, "unknown_line": 404, "line_already_marked": 409})
    if mark["at"] > now + EVENT_FUTURE_SLACK_MS:
        raise ApiError(422, "future_mark", "A line is marked paid or failed when it happened, not in the future.")
    conn.execute("INSERT INTO payout_marks (brand, batch, payee, status, envelope, stored_ms) VALUES (?, ?, ?, ?, ?, ?)",
                 (brand, batch_id, mark["payee"], mark["status"], envelope_text(opened.envelope), now))
    return "new", mark


def statements_of(conn, ledgers, distributor):
    """A distributor's payouts with every brand they are enrolled with: each batch line that paid (or
    tried to pay) them, with the statement behind it (shares, levels, clawbacks) and its CSV, and their
    balance now. Computed by the core over the brand's ledger."""
    out = []
    now = now_ms()
    for (brand,) in conn.execute("SELECT brand FROM enrollments WHERE distributor = ? ORDER BY brand", (distributor,)):
        cert = trusted_cert(conn, brand)
        if not cert:
            continue
        policy = verified_policy(conn, brand, cert[0])
        batches, marks = stored_batches(conn, brand)
        bl = ledgers.get(conn, brand, cert[0].get("currency", ""))
        try:
            balances = bl.ledger.balances(batches, marks, policy["text"], now)
            views = CORE.batch_view(batches, marks)
            lines = []
            for i, b in enumerate(views):
                line = next((x for x in b["lines"] if x["payee"] == distributor), None)
                if line is None:
                    continue
                st = bl.ledger.statement(batches, marks, policy["text"], i, distributor)
                for e in st["entries"]:
                    r = conn.execute("SELECT number FROM orders WHERE id = ?", (e["order"],)).fetchone()
                    e["number"] = r[0] if r else ""
                lines.append({"batch": b["id"], "cutoff": b["cutoff"], "created_ms": b["created_ms"], "line": line,
                              "entries": st["entries"], "gross": st["gross"], "clawback": st["clawback"], "csv": st["csv"]})
        finally:
            bl.lock.release()
        zero = {"pending": 0, "settleable": 0, "paid": 0, "clawback": 0, "cancelled": 0}
        out.append({"brand": brand, "name": cert[0].get("name", brand), "currency": cert[0].get("currency", ""),
                    "min_payout": policy["min_payout"], "freeze_days": policy["freeze_days"],
                    "balance": balances.get(distributor, zero), "payouts": lines[::-1]})
    return {"distributor": distributor, "brands": out, "now": now}


# [SECTION] Insight --------------------------------------------------------------------------------
# A brand's whole activity (events and orders in its shops) for the console's Analytics, Promoters
# and Reach, sent in the core's compact form (DSA1) and reported on by the core in the browser: the
# JSON activity pages of a million events are 300 MB; this is about 9 MB. Kept per brand in memory
# and brought up to date from what was added since, like the ledger.

class BrandInsight:
    def __init__(self, brand, currency):
        self.lock = threading.Lock()
        self.activity = CORE.BrandActivity(brand, currency)
        self.brand = brand
        self.event_seq = 0
        self.order_seq = 0
        self.status_seq = 0
        self.documents = -1       # the store's document generation the distributors were read at
        self.order_index = {}     # order id -> index in the activity's orders
        self.encoded_for, self.encoded_cache = None, None

    def refresh(self, conn, generation):
        brand = self.brand
        if generation != self.documents:
            self.activity.set_distributors(conn.execute(
                "SELECT e.distributor, e.name, d.slug, e.parent, e.level, e.issued_ms, "
                "EXISTS (SELECT 1 FROM shop_brands s WHERE s.brand = e.brand AND s.distributor = e.distributor) "
                "FROM enrollments e JOIN distributors d ON d.distributor = e.distributor WHERE e.brand = ?", (brand,)))
            self.documents = generation
        last = self.activity.add_event_rows(conn.execute(
            "SELECT e.seq, e.type, e.distributor, e.visitor, e.channel, e.campaign, e.hop, e.at_ms FROM event_brands b "
            "JOIN events e ON e.seq = b.seq WHERE b.brand = ? AND b.seq > ? ORDER BY b.seq", (brand, self.event_seq)))
        if last >= 0:
            self.event_seq = last
        for seq, oid, placed, shop_dist, visitor, record in conn.execute(
                "SELECT seq, id, placed_ms, shop_distributor, visitor, record FROM orders WHERE brand = ? AND seq > ? "
                "ORDER BY seq", (brand, self.order_seq)):
            rec = json.loads(record)
            touch = rec.get("last_touch") or {}
            total = (rec.get("order") or {}).get("total", 0)
            self.order_index[oid] = self.activity.add_order(
                placed, shop_dist, visitor or "", "placed", touch.get("channel", "direct"), touch.get("campaign", ""),
                touch.get("hop", 0) if is_int(touch.get("hop", 0)) else 0, total if is_int(total) else 0)
            self.order_seq = seq
        for sseq, oid, status in conn.execute(
                "SELECT s.seq, s.order_id, s.status FROM order_status s CROSS JOIN orders o ON o.id = s.order_id "
                "WHERE s.seq > ? AND o.brand = ? ORDER BY s.seq", (self.status_seq, brand)):
            self.status_seq = sseq
            i = self.order_index.get(oid)
            if i is not None:
                self.activity.set_order_status(i, status)
        self.status_seq = max(self.status_seq, conn.execute("SELECT MAX(seq) FROM order_status").fetchone()[0] or 0)

    def encoded(self):
        key = (self.event_seq, self.order_seq, self.status_seq, self.documents)
        if self.encoded_for != key:
            raw = self.activity.encode()
            self.encoded_cache = (raw, gzip.compress(raw, 6, mtime=0), '"a%d-%d-%d-%d"' % key)
            self.encoded_for = key
        return self.encoded_cache


class Insights:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_brand = {}

    def get(self, conn, brand, currency, generation):
        with self.lock:
            bi = self.by_brand.get(brand)
            if bi is None:
                bi = self.by_brand[brand] = BrandInsight(brand, currency)
        with bi.lock:
            bi.refresh(conn, generation)
            return bi.encoded()

    def warm_up(self, store):
        """Reads every brand's activity in the background once the store starts (a million events take
        seconds from SQLite), so the first brand to open its Insight tab does not wait for it; a request
        that comes before then waits for the same read instead of starting another."""
        def run():
            try:
                with store.reader() as conn:
                    brands = [r[0] for r in conn.execute("SELECT DISTINCT brand FROM enrollments")]
                    for brand in brands:
                        cert = trusted_cert(conn, brand)
                        if cert:
                            started = time.monotonic()
                            body = self.get(conn, brand, cert[0].get("currency", ""), store.generation)[0]
                            took = time.monotonic() - started
                            if took > 1:
                                log("serve.py: %s's activity read for Insight in %.1f s (%.1f MB)" % (brand, took, len(body) / 1e6))
            except Exception as e:  # pragma: no cover - a warm-up failure only costs the first request time
                log("serve.py: insight warm-up stopped: %s" % e)
        threading.Thread(target=run, name="insight-warm-up", daemon=True).start()


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


def record_image(store, sha, ext, w, h, size, uploader=""):
    def tx(conn):
        conn.execute("INSERT OR IGNORE INTO images (sha256, ext, w, h, bytes, stored_ms, uploader) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", (sha, ext, w, h, size, now_ms(), uploader))
    store.write(tx)


def may_upload(conn, key):
    """A distributor's key, or a brand's current key: uploads are theirs only (strangers cannot fill
    the disk with pictures nobody will publish)."""
    text = b64_text(key)
    if conn.execute("SELECT 1 FROM distributors WHERE key = ?", (text,)).fetchone():
        return True
    for (brand,) in conn.execute("SELECT subject FROM heads WHERE kind = 'brand'").fetchall():
        cert = brand_cert(conn, brand)
        if cert and cert[1] == key:
            return True
    return False


def pending_uploads(conn, uploader):
    """(count, bytes) of this key's uploads that no stored document uses yet."""
    row = conn.execute("SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM images WHERE uploader = ? AND sha256 NOT IN "
                       "(SELECT sha256 FROM image_refs)", (uploader,)).fetchone()
    return row[0], row[1]


def sweep_images(store, now):
    """Deletes the images no document uses that are older than IMAGE_GRACE_MS (row, then file).
    Returns how many went."""
    with store.reader() as conn:
        rows = conn.execute("SELECT sha256, ext FROM images WHERE stored_ms < ? AND sha256 NOT IN "
                            "(SELECT sha256 FROM image_refs)", (now - IMAGE_GRACE_MS,)).fetchall()
    if not rows:
        return 0

    def tx(conn):  # checked again inside the write: a document stored meanwhile keeps its picture
        gone = []
        for sha, ext in rows:
            if conn.execute("DELETE FROM images WHERE sha256 = ? AND sha256 NOT IN (SELECT sha256 FROM image_refs)",
                            (sha,)).rowcount:
                gone.append((sha, ext))
        return gone
    gone = store.write(tx, bump=False)
    for sha, ext in gone:
        try:
            os.unlink(os.path.join(store.images_dir, "%s.%s" % (sha, ext)))
        except OSError:
            pass
    if gone:
        log("store: deleted %d uploaded image%s no document used for %d hours" %
            (len(gone), "" if len(gone) == 1 else "s", IMAGE_GRACE_MS // 3600000))
    return len(gone)


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
    """Imports the images, then documents.jsonl through apply_document (the API's write path) in one
    transaction, each line in its own savepoint so a refused line is reported and skipped. Images come
    first: an article may name only pictures the store holds."""
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
    store.write(tx)
    log("seed: imported %d documents (%d refused) and %d images (%d refused) from %s" %
        (report["imported"], report["refused"], report["images"], report["images_refused"], seed_dir))
    return report


# Generated activity (gen_demo --scale writes DIR/activity; see tools/demo/scale_activity.h), imported with
# --import-activity DIR through the API's own rules: each event through clean_event (as POST
# /api/events), each order through place_order at its placed_ms (as POST /api/orders: priced from the
# signed release, bound, split), each status change through apply_status (brand-signed, in the flow).
# Events by id once, orders by key once, status changes by envelope once: importing again adds nothing.

ACTIVITY_EVENTS_PER_TX = 20000
ACTIVITY_ORDERS_PER_TX = 1000
IMPORT_ORDER_ID_RE = re.compile(r"o_[a-z2-7]{16}")


def read_ndjson(path):
    """(line number, object or None when the line is not JSON) for each non-empty line, streamed."""
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                yield n, parse_json_text(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                yield n, None


def import_activity(store, folder):
    """Imports folder/events.ndjson, then folder/orders.ndjson, in bulk transactions. Returns the report
    (counts, refusals by reason, seconds); every refused line is counted and the first few logged."""
    paths = [os.path.join(folder, name) for name in ("events.ndjson", "orders.ndjson")]
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        raise SystemExit("serve.py: %s is not an activity folder (no %s); gen_demo --scale --out DIR writes "
                         "one into DIR/activity" % (folder, ", ".join(os.path.basename(p) for p in missing)))
    report = {"events": 0, "event_duplicates": 0, "events_refused": 0, "orders": 0, "order_replays": 0,
              "orders_refused": 0, "status_changes": 0, "status_replays": 0, "statuses_refused": 0, "refused": {}}
    logged = [0]

    def refuse(what, n, reason, detail=""):
        report[{"event": "events", "order": "orders", "status": "statuses"}[what] + "_refused"] += 1
        report["refused"][reason] = report["refused"].get(reason, 0) + 1
        if logged[0] < 10:
            logged[0] += 1
            log("activity: refused %s on line %d: %s%s" % (what, n, reason, (": " + detail) if detail else ""))

    t0 = time.perf_counter()
    shops = ShopIndex(store)
    rows = []

    def flush_events():
        if rows:
            stored = store.write(lambda conn: conn.executemany(INSERT_EVENT, rows).rowcount, bump=False)
            report["events"] += stored
            report["event_duplicates"] += len(rows) - stored
            del rows[:]

    received = now_ms()
    for n, ev in read_ndjson(paths[0]):
        row, why = clean_event(ev, shops, received, past_window_ms=None)
        if row is None:
            refuse("event", n, why["reason"])
            continue
        rows.append(row)
        if len(rows) >= ACTIVITY_EVENTS_PER_TX:
            flush_events()
            received = now_ms()
    flush_events()
    t1 = time.perf_counter()

    def place_batch(batch):
        now = now_ms()

        def tx(conn):
            for n, oid, placed, body, digest, statuses in batch:
                conn.execute("SAVEPOINT activity_order")
                try:
                    kind, _ = place_order(conn, body, digest, placed, None, order_id=oid)
                    conn.execute("RELEASE activity_order")
                except (ApiError, sqlite3.IntegrityError) as e:
                    conn.execute("ROLLBACK TO activity_order")
                    conn.execute("RELEASE activity_order")
                    if isinstance(e, ApiError):
                        refuse("order", n, e.code, e.message)
                    else:
                        refuse("order", n, "id_taken", "another order is stored under %s" % oid)
                    continue
                report["orders" if kind == "new" else "order_replays"] += 1
                for st in statuses:
                    conn.execute("SAVEPOINT activity_status")
                    try:
                        opened = open_envelope(st.get("envelope") if isinstance(st, dict) else None)
                        # History: the store learned of each change when it happened (settlement
                        # counts from the store's time), never before the order, never in the future.
                        at = opened.payload.get("at")
                        done = apply_status(conn, oid, opened, min(now, max(placed, at)) if is_int(at) else now)
                        conn.execute("RELEASE activity_status")
                        report["status_changes" if done == "new" else "status_replays"] += 1
                    except ApiError as e:
                        conn.execute("ROLLBACK TO activity_status")
                        conn.execute("RELEASE activity_status")
                        refuse("status", n, e.code, e.message)

        store.write(tx, bump=False)

    batch = []
    for n, item in read_ndjson(paths[1]):
        body = item.get("order") if isinstance(item, dict) else None
        oid = item.get("id") if isinstance(item, dict) else None
        placed = item.get("placed_ms") if isinstance(item, dict) else None
        statuses = item.get("statuses", []) if isinstance(item, dict) else None
        if not isinstance(body, dict) or not isinstance(oid, str) or IMPORT_ORDER_ID_RE.fullmatch(oid) is None \
                or not isinstance(statuses, list):
            refuse("order", n, "bad_line", '{"id": "o_<16 base32>", "placed_ms", "order": {...}, "statuses": [...]}')
            continue
        if not is_int(placed) or placed < EVENT_MIN_AT_MS or placed > now_ms() + EVENT_FUTURE_SLACK_MS:
            refuse("order", n, "bad_time", "placed_ms is not a plausible UTC time in ms")
            continue
        key = body.get("key")
        if not isinstance(key, str) or ORDER_KEY_RE.fullmatch(key) is None:
            refuse("order", n, "bad_key")
            continue
        try:
            digest = hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
        except (UnicodeEncodeError, ValueError):
            refuse("order", n, "bad_text")
            continue
        batch.append((n, oid, placed, body, digest, statuses))
        if len(batch) >= ACTIVITY_ORDERS_PER_TX:
            place_batch(batch)
            batch = []
    if batch:
        place_batch(batch)
    import_payouts(store, os.path.join(folder, "payouts.ndjson"), report, refuse)
    t2 = time.perf_counter()
    report["events_seconds"], report["orders_seconds"], report["seconds"] = t1 - t0, t2 - t1, t2 - t0
    log("activity: imported %d events (%d already stored, %d refused) in %.1f s (%.0f/s); %d orders (%d already "
        "stored, %d refused) with %d status changes (%d already stored, %d refused) in %.1f s (%.0f orders/s); "
        "%.1f s in all, from %s" % (
            report["events"], report["event_duplicates"], report["events_refused"], t1 - t0,
            (report["events"] + report["event_duplicates"]) / max(t1 - t0, 1e-9), report["orders"],
            report["order_replays"], report["orders_refused"], report["status_changes"], report["status_replays"],
            report["statuses_refused"], t2 - t1, (report["orders"] + report["order_replays"]) / max(t2 - t1, 1e-9),
            t2 - t0, folder))
    return report


def import_payouts(store, path, report, refuse):
    """folder/payouts.ndjson (optional): brand-signed payout batches and line marks, in the order they
    were made, through the same checks as POST /api/brands/<b>/payouts (each batch recomputed by the
    core over the store's ledger as of then)."""
    if not os.path.isfile(path):
        return
    report.update(batches=0, batch_replays=0, marks=0, mark_replays=0, payouts_refused=0)
    ledgers = Ledgers()
    for n, item in read_ndjson(path):
        kind = "batch" if isinstance(item, dict) and "batch" in item else "mark"
        try:
            opened = open_envelope(item.get(kind) if isinstance(item, dict) else None)
            p = opened.payload
            brand = p.get("brand") if isinstance(p.get("brand"), str) else ""
            if kind == "batch":
                at = p.get("created_ms") if is_int(p.get("created_ms")) else now_ms()
                done, _ = store.write(lambda conn: apply_batch(conn, ledgers, brand, opened, min(at, now_ms())), bump=False)
            else:
                at = p.get("at") if is_int(p.get("at")) else now_ms()
                done, _ = store.write(lambda conn: apply_line_mark(conn, brand, p.get("batch"), opened, min(at, now_ms())),
                                      bump=False)
            key = ("batches" if kind == "batch" else "marks") if done == "new" else \
                ("batch_replays" if kind == "batch" else "mark_replays")
            report[key] += 1
        except ApiError as e:
            report["payouts_refused"] += 1
            refuse("order", n, e.code, "payouts.ndjson: " + e.message)
    log("activity: %d payout batches and %d line marks imported (%d already stored, %d refused)" % (
        report["batches"], report["marks"], report["batch_replays"] + report["mark_replays"], report["payouts_refused"]))


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


def size_attrs(ref):
    """' width="W" height="H"' of a signed image reference (the page keeps its place while the
    picture loads: no layout shift), or ""."""
    w, h = (ref.get("w"), ref.get("h")) if isinstance(ref, dict) else (None, None)
    if all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 16384 for v in (w, h)):
        return ' width="%d" height="%d"' % (w, h)
    return ""


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
        self.og_title = None         # the card's title when it is not the page's (an article's own title)
        self.site_name = "Dynamic shops"
        self.image = None            # absolute URL
        self.canonical = path
        self.price = None            # (amount text, currency)
        self.robots = None
        self.summary = ""
        self.prefetch = ["/trust.json"]

    def meta(self):
        url = self.base + self.canonical
        card_title = self.og_title or self.title
        og = [("og:type", self.og_type), ("og:title", card_title), ("og:description", self.description),
              ("og:url", url), ("og:site_name", self.site_name),
              ("og:locale", "zh_CN" if self.lang == "zh-CN" else "en_US")]
        if self.image:
            og.append(("og:image", self.image))
        if self.price:
            og += [("product:price:amount", self.price[0]), ("product:price:currency", self.price[1])]
        tw = [("twitter:card", "summary_large_image" if self.image else "summary"),
              ("twitter:title", card_title), ("twitter:description", self.description)]
        if self.image:
            tw.append(("twitter:image", self.image))
        lines = ['<meta property="%s" content="%s">' % (esc(k), esc(v)) for k, v in og]
        lines += ['<meta name="%s" content="%s">' % (esc(k), esc(v)) for k, v in tw]
        if self.robots:
            lines.append('<meta name="robots" content="%s">' % esc(self.robots))
        lines.append('<link rel="canonical" href="%s">' % esc(url))
        return "\n".join(lines)


def shop_header_html(view, banner=True):
    parts = []
    banner = image_url(view.banner) if view.banner and banner else None
    if banner and LOCAL_IMG_RE.fullmatch(banner):
        # An <img>, not a CSS background: the browser finds it in the HTML and fetches it first
        # (the largest paint of a shop link on a phone), before the app's download.
        parts.append('<header class="fp-hero"><img src="%s" alt=""%s fetchpriority="high"></header>' %
                     (esc(banner), size_attrs(view.banner)))
    else:
        # A product or article link: a slim band of the shop's colour (the picture below is the page).
        parts.append('<header class="fp-hero%s"></header>' % ("" if banner is not None or not view.banner else " fp-slim"))
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
        "articles": "Articles",
        "article_by": "Written by {brand}, shared by {shop}.",
        "article_gone_title": "This article isn't in {shop}'s shop (any more)",
        "article_gone": "This article was withdrawn, or the link is mistyped.",
        "back_to_shop": "Go to {shop}'s shop",
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
        "articles": "文章",
        "article_by": "{brand}撰文，{shop}分享。",
        "article_gone_title": "这篇文章不在{shop}（或已撤下）",
        "article_gone": "这篇文章已撤下，或链接有误。",
        "back_to_shop": "去{shop}逛逛",
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


def picture_html(ref, alt, css=None):
    """<img> of an image reference with its width, height and alt text ("" when it is no safe picture)."""
    url = image_url(ref) if isinstance(ref, dict) else None
    if not url:
        return ""
    size = "".join(' %s="%d"' % (attr, ref[k]) for attr, k in (("width", "w"), ("height", "h"))
                   if is_int(ref.get(k)) and ref[k] > 0)
    return '<img%s src="%s" alt="%s"%s loading="lazy">' % (' class="%s"' % css if css else "", esc(url), esc(alt), size)


def article_list_html(view, articles):
    """The shop home's list of the current articles of its brands, each opening in this shop."""
    items = []
    for a, cert, rel in articles:
        if a.get("retired"):
            continue
        href = "/s/%s/a/%s" % (path_quote(view.slug), path_quote(a["id"]))
        summary = ' <span>%s</span>' % esc(clip(a["summary"])) if a["summary"] else ""
        items.append('<li><a href="%s"><strong>%s</strong>%s</a></li>' % (esc(href), esc(a["title"]), summary))
    if not items:
        return ""
    return ('<section class="fp-shop fp-articles"><h2>%s</h2></section>\n<ul class="fp-list">\n%s\n</ul>\n' %
            (esc(words(html_lang(view.locale), "articles")), "\n".join(items)))


def render_article(page, view, header, articles, aid):
    """/s/<shop>/a/<article>: a brand's article under the distributor's shop, its product cards opening
    in this shop. An article the shop's brands do not have, or one retired: 404, with the way to the shop."""
    found = next((x for x in articles if x[0]["id"] == aid), None)
    if not found or found[0].get("retired"):
        page.status = 404
        page.robots = "noindex"
        page.title = words(page.lang, "article_gone_title", shop=view.name)
        page.description = words(page.lang, "article_gone")
        page.summary = (header + '\n<section class="fp-shop"><p>%s</p><p><a href="/s/%s">%s</a></p></section>\n' %
                        (esc(page.description), esc(path_quote(view.slug)),
                         esc(words(page.lang, "back_to_shop", shop=view.name))) + product_list_html(view))
        return page
    a, cert, rel = found
    brand = cert.get("brand", "")
    page.lang = html_lang((rel or {}).get("locale") or cert.get("locale"))
    page.og_type = "article"
    page.canonical = "/s/%s/a/%s" % (view.slug, path_quote(aid))
    page.og_title = a["title"]
    page.title = "%s · %s" % (a["title"], view.name)
    first_paragraph = next((b["text"] for b in a["blocks"] if b["kind"] == "p"), "")
    page.description = clip(a["summary"] or first_paragraph) or page.description
    if a.get("cover"):
        page.image = image_url(a["cover"], page.base) or page.image
    page.prefetch = ["/api/shops/%s" % view.slug, "/api/brands/%s/articles" % path_quote(brand), "/trust.json"]
    currency = (rel or {}).get("currency") or cert.get("currency", "")
    def in_release(pid):  # a product the shop does not sell, from the brand's verified release
        return next((p for p in (rel or {}).get("products", []) if isinstance(p, dict) and p.get("id") == pid), None)
    parts = ['<article class="fp-article">']
    if a.get("cover"):
        parts.append(picture_html(a["cover"], a["title"], "fp-cover"))
    parts.append("<h2>%s</h2>" % esc(a["title"]))
    if a["summary"]:
        parts.append('<p class="fp-summary">%s</p>' % esc(a["summary"]))
    parts.append('<p class="fp-byline">%s</p>' % esc(words(page.lang, "article_by", brand=cert.get("name", brand),
                                                                shop=view.name)))
    # The distributor's own words above the article, apart from the brand's (as on product pages).
    note = view.notes.get(CORE.article_note_key(aid)) if isinstance(view.notes, dict) else None
    if isinstance(note, str) and note:
        label = words(page.lang, "note_from", shop=view.name)
        parts.append('<aside aria-label="%s"><h3>%s</h3><p>%s</p></aside>' % (esc(label), esc(label), esc(note)))
    for b in a["blocks"]:
        kind = b["kind"]
        if kind == "p":
            parts.append("<p>%s</p>" % esc(b["text"]))
        elif kind == "h":
            parts.append("<h3>%s</h3>" % esc(b["text"]))
        elif kind == "img":
            parts.append("<figure>%s</figure>" % picture_html(b["image"], b.get("alt", "")))
        elif kind == "product":
            item = view.find(b["product"])
            prod = item[0] if item else in_release(b["product"])
            if not isinstance(prod, dict):
                continue  # no longer in the brand's catalog: the card is left out
            title = prod.get("title", "")
            img = product_image(prod)
            inner = '%s<strong>%s</strong> <span class="fp-price">%s</span>' % (
                picture_html(img, "") if img else "", esc(title), esc(format_money(prod.get("price", 0), currency)))
            if item:  # the shop sells it: the card opens it here
                href = "/s/%s/p/%s" % (path_quote(view.slug), path_quote(b["product"]))
                parts.append('<a class="fp-card" href="%s">%s</a>' % (esc(href), inner))
            else:
                parts.append('<p class="fp-card">%s</p>' % inner)
    parts.append("</article>")
    page.summary = header + "\n" + "\n".join(parts)
    return page


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
    if view.refused:
        # The stored manifest fails its signature (or names another address): nothing of it goes
        # into the page; the app says the same on the canvas.
        page.robots = "noindex"
        page.title = "This shop could not be verified"
        page.description = ("Its page was changed after its owner signed it, so none of it is shown. "
                            "Find a shop in the brand directory.")
        page.summary = ('<section class="fp-shop">\n<h1>This shop could not be verified</h1>\n<p>%s</p>\n'
                        '</section>\n' % esc(page.description) + brand_directory_html(brand_list(conn)))
        return page
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
    # The banner only on the shop's front page: on a product or an article link the picture people
    # came for is the largest paint, and the app does not draw the banner there.
    header = shop_header_html(view, banner=not rest)
    articles = view.articles(conn)
    if len(rest) == 2 and rest[0] == "a":
        return render_article(page, view, header, articles, rest[1])
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
            parts.append('<img src="%s" alt="%s"%s fetchpriority="high">' % (esc(image_url(img)), esc(title), size_attrs(img)))
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
    if len(rest) == 2 and rest[0] == "b":  # one of the brands the shop carries
        for cert, rel in view.brands:
            if rel and cert.get("brand") == rest[1]:
                page.title = "%s · %s" % (cert.get("name") or rest[1], view.name)
                page.canonical = "/s/%s/b/%s" % (slug, path_quote(rest[1]))
    page.summary = header + "\n" + article_list_html(view, articles) + product_list_html(view)
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
        digest = hashlib.sha256(data).hexdigest()
        item = {"stamp": stamp, "data": data, "etag": '"%s"' % digest[:32], "gz": None, "path": path, "sha256": digest,
                "br": None}
        with self.lock:
            self.items[path] = item
        return item

    def gzipped(self, item):
        if item["gz"] is None:
            item["gz"] = gzip.compress(item["data"], 6, mtime=0)
        return item["gz"]

    def brotli(self, item):
        """The file's brotli form made at build time, or None. tools/build.sh writes <file>.br and
        <file>.br.sha256 (the sha256 of what it compressed) beside it; one made from other bytes (a
        file copied in by hand after the build) is never served. Looked for again until found."""
        if item["br"] is None:
            try:
                with open(item["path"] + ".br.sha256", "rb") as f:
                    made_from = f.read(64).decode("ascii", "replace")
                if made_from == item["sha256"]:
                    with open(item["path"] + ".br", "rb") as f:
                        item["br"] = f.read() or None
            except OSError:
                pass
        return item["br"]


def inside(root, path):
    """True when path (symlinks resolved) is a regular file inside root (resolved)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real.startswith(real_root + os.sep) and os.path.isfile(real)


# [SECTION] HTTP -----------------------------------------------------------------------------------

# Which build of the app a page loads (src/app/workspace.h): the distributor's editor (/d) and the
# brand's console (/console) are in the full app; everything a consumer opens is in the shop's build,
# a smaller first download. A site built before the split has only the full app.
WORKSPACE_PAGES = frozenset(["d", "console"])


def app_build_for(segs, have_shop_build):
    return "app" if (segs and segs[0] in WORKSPACE_PAGES) or not have_shop_build else "shop"


def packed(item):
    """(gzip, brotli) of a cached answer's body, each made once, on first use. Brotli needs Debian's
    python3-brotli (tools/setup.sh installs it); without it, gzip only."""
    def gz():
        if item.get("gz") is None:
            item["gz"] = gzip.compress(item["body"], 6, mtime=0)
        return item["gz"]

    def br():
        if brotli is None:
            return None
        if item.get("br") is None:
            item["br"] = brotli.compress(item["body"], quality=9)
        return item["br"]
    return gz, br


def accepts_gzip(header):
    return accepts_encoding(header, ("gzip", "x-gzip", "*"))


def accepts_brotli(header):
    return accepts_encoding(header, ("br",))


def accepts_encoding(header, tokens):
    for part in (header or "").split(","):
        token, _, params = part.strip().partition(";")
        if token.strip().lower() not in tokens:
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
        self.public_url = args.public_url.rstrip("/") if args.public_url else None  # set_port fills the default
        self.listen_host = args.host
        self.files = FileCache()
        self.responses = OrderedDict()  # key -> {"body", "etag", "gz", ...}
        self.responses_bytes = 0
        self.responses_lock = threading.Lock()
        self.port = args.port
        self.lookups = {}  # rel path -> (checked at, file item or None)
        self.shop_index = ShopIndex(store)
        self.customer_salt = self.load_salt()
        self.insights = Insights()  # the brands' activity for the console's insight tabs, likewise
        self.ledgers = Ledgers()  # the brands' settlement ledgers, kept up to date incrementally
        self.ledgers.warm_up(store)
        self.insights.warm_up(store)
        limits = dict(RATE_LIMITS)
        limits.update(dict(args.limit or []))
        self.limits = RateLimits(limits)
        self.seen_requests = SeenRequests(REQUEST_AUTH_WINDOW_MS)
        self.client_header = (args.client_address_header or "").strip()
        self.next_image_sweep = 0

    def set_port(self, port):
        """The port bound (--port 0 picks one); without --public-url the canonical origin is this machine's."""
        self.port = port
        if not self.public_url:
            host = self.listen_host if self.listen_host not in ("127.0.0.1", "0.0.0.0", "::", "") else "localhost"
            self.public_url = "http://%s:%d" % ("[%s]" % host if ":" in host else host, port)

    def load_salt(self):
        """A random secret of this store, made once: dashboards get per-brand customer ids from it."""
        with self.store.reader() as conn:
            salt = self.store.meta(conn, "customer_salt")
        if salt is None:
            def tx(conn):
                conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('customer_salt', ?)",
                             (secrets.token_hex(32),))
                return self.store.meta(conn, "customer_salt")
            salt = self.store.write(tx, bump=False)
        return bytes.fromhex(salt)

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
    def send_bytes(self, status, body, ctype, headers=None, gz=None, etag=None, compressible=False, br=None):
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
        use_gz = use_br = False
        # Brotli where the build made it (a quarter smaller than gzip for the wasm), else gzip.
        brotli_body = (br() if callable(br) and compressible and len(body) >= GZIP_MIN_BYTES and
                       accepts_brotli(self.headers.get("Accept-Encoding")) else None)
        if brotli_body is not None:
            body = brotli_body
            use_br = True
        elif compressible and len(body) >= GZIP_MIN_BYTES and accepts_gzip(self.headers.get("Accept-Encoding")):
            body = gz() if callable(gz) else (gz if gz is not None else gzip.compress(body, 6, mtime=0))
            use_gz = True
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if compressible:
            self.send_header("Vary", "Accept-Encoding")
        if use_gz:
            self.send_header("Content-Encoding", "gzip")
        elif use_br:
            self.send_header("Content-Encoding", "br")
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
        gz, br = packed(item)
        self.send_bytes(200, item["body"], "application/json; charset=utf-8", {"Cache-Control": cache},
                        gz=gz, etag=item["etag"], compressible=True, br=br)

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
        if method == "POST" and name not in ("events", "images") and segs[1:] != ["lookup"]:
            # Every other write (orders, documents, status changes, payouts, marks): per network.
            app.limits.take("write_address", self.client_key(), "Too many changes were sent from this network "
                                                                 "at once.")
        if name == "documents" and len(segs) == 1:
            if method != "POST":
                raise self.method_not_allowed(["POST"])
            return self.post_document()
        if name == "images" and len(segs) == 1:
            if method != "POST":
                raise self.method_not_allowed(["POST"])
            return self.post_image()
        if name == "events" and len(segs) == 1:
            if method != "POST":
                raise self.method_not_allowed(["POST"])
            return self.post_events()
        if name == "orders" and 1 <= len(segs) <= 3:
            sub = segs[2] if len(segs) == 3 else None
            posts = len(segs) == 1 or segs[1:] == ["lookup"] or sub == "status"
            if len(segs) == 3 and sub not in ("status", "provenance"):
                raise ApiError(404, "not_found", "There is no API at this address.")
            if posts and method != "POST":
                raise self.method_not_allowed(["POST"])
            if not posts and method not in get:
                raise self.method_not_allowed(["GET", "HEAD"])
            if len(segs) == 1:
                return self.post_order()
            if segs[1] == "lookup":
                return self.lookup_order()
            if sub == "status":
                return self.post_status(segs[1])
            if sub == "provenance":
                return self.provenance(segs[1])
            return self.get_order(segs[1], query)
        if name == "brands" and len(segs) >= 3 and segs[2] in ("ledger", "payouts"):
            return self.route_settlement(method, segs)
        if name == "brands" and len(segs) == 3 and segs[2] == "articles":
            if method not in get:
                raise self.method_not_allowed(["GET", "HEAD"])
            return self.brand_articles(segs[1])
        if name == "brands" and len(segs) == 3 and segs[2] == "insight":
            if method not in get:
                raise self.method_not_allowed(["GET", "HEAD"])
            return self.brand_insight(segs[1])
        if name == "shops" and len(segs) == 3 and segs[2] == "statements":
            if method not in get:
                raise self.method_not_allowed(["GET", "HEAD"])
            return self.shop_statements(segs[1])
        if name == "shops" and len(segs) == 3 and segs[2] == "devices":
            if method != "POST":
                raise self.method_not_allowed(["POST"])
            return self.post_device(segs[1])
        if (name in ("shops", "brands") and len(segs) == 3 and segs[2] == "activity") or \
                (name == "shops" and len(segs) == 3 and segs[2] == "team"):
            if method not in get:
                raise self.method_not_allowed(["GET", "HEAD"])
            if segs[2] == "team":
                return self.shop_team(segs[1])
            if name == "shops":
                return self.shop_activity(segs[1], query)
            return self.brand_activity(segs[1], query)
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

    def brand_articles(self, brand):
        app = self.app
        with app.store.reader() as conn:
            if not is_id(brand) or not head_row(conn, "brand", brand, brand):
                raise ApiError(404, "unknown_brand", 'There is no brand "%s" on this platform. Check the link, or '
                                                     'find brands in the directory (/api/directory).' % brand)

        def make():
            with app.store.reader() as conn:
                return articles_answer(conn, brand)
        return self.send_cached_json(("articles", brand), make)

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
        if not self.headers.get("Authorization"):
            raise ApiError(401, "unauthorized", "Pictures are uploaded by a shop's distributor or a brand: sign the "
                                                "upload (Authorization: Dynshop key=, ts=, sig= over \"POST "
                                                "/api/images\\n<ts>\\n<sha256 hex of the body>\").",
                           headers={"WWW-Authenticate": "Dynshop"})
        data = self.read_body(MAX_IMAGE_BYTES)
        if not data:
            raise ApiError(400, "bad_request", "The upload is empty.")
        key = self.signer(data)
        app = self.app
        uploader = b64_text(key)
        with app.store.reader() as conn:
            if not may_upload(conn, key):
                raise ApiError(403, "not_allowed", "Only a distributor enrolled here or a brand may upload pictures; "
                                                   "this key is neither.")
            count, size = pending_uploads(conn, uploader)
        if count >= UPLOAD_PENDING_IMAGES or size + len(data) > UPLOAD_PENDING_BYTES:
            raise ApiError(429, "upload_quota",
                           "This key has %d pictures (%.1f MB) that no published page uses yet, all it may keep. "
                           "Publish the changes that use them, or wait: unused pictures are removed after %d "
                           "days." % (count, size / 1048576, IMAGE_GRACE_MS // DAY_MS),
                           headers={"Retry-After": "3600"}, retry_after_s=3600)
        app.limits.take("upload_key", uploader, "Too many pictures were uploaded with this key.")
        ext, w, h = image_info(data, ctype)
        sha = hashlib.sha256(data).hexdigest()
        store_image_file(app.store.images_dir, sha, ext, data=data)
        record_image(app.store, sha, ext, w, h, len(data), uploader)
        now = now_ms()
        if now >= app.next_image_sweep:
            app.next_image_sweep = now + IMAGE_SWEEP_EVERY_MS
            sweep_images(app.store, now)
        src = "/img/%s.%s" % (sha, ext)
        return self.send_json(201, {"src": src, "sha256": sha, "w": w, "h": h}, cache="no-store", etag=False)

    # -- events and orders -------------------------------------------------------------------------
    def json_body(self, what):
        data = self.read_body(MAX_SMALL_BODY_BYTES)
        try:
            return parse_json_text(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "malformed_json", "The body is not valid JSON. Send %s." % what)

    def post_events(self):
        body = self.json_body('{"events": [...]}')
        events = body.get("events") if isinstance(body, dict) else None
        if not isinstance(events, list):
            raise ApiError(400, "bad_request", 'Send {"events": [{"id", "type", "shop", "product", "visitor", '
                                               '"channel", "campaign", "hop", "at"}, ...]}.')
        if len(events) > MAX_EVENTS_PER_BATCH:
            raise ApiError(413, "too_many_events", "A batch holds at most %d events; this one has %d. Send them in "
                                                   "smaller batches." % (MAX_EVENTS_PER_BATCH, len(events)),
                           limit_events=MAX_EVENTS_PER_BATCH)
        received = now_ms()
        limits = self.app.limits
        # A batch spends one token per event from its network's bucket, all or nothing: a 429 keeps
        # the batch on the phone for later (the app waits Retry-After). One visitor's events beyond
        # theirs are refused one by one ("rate_limited"); an outbox's worth always fits.
        limits.take("event_address", self.client_key(), "Too many events were sent from this network.",
                    cost=max(1, len(events)))
        shops = self.app.shop_index
        cleaned, rejected = [], []
        for ev in events:
            row, why = clean_event(ev, shops, received)
            if row is None:
                rejected.append(why)
            else:
                cleaned.append(row)
        waits = iter(limits.spend_each("event_visitor", [row[6] for row in cleaned if row[6]]))
        rows = []
        for row in cleaned:
            if row[6] and next(waits):
                rejected.append({"id": row[0], "reason": "rate_limited"})
            else:
                rows.append(row)
        stored = self.app.store.group.submit(lambda conn: conn.executemany(INSERT_EVENT, rows).rowcount) if rows else 0
        return self.send_json(200, {"stored": stored, "duplicates": len(rows) - stored, "rejected": rejected},
                              cache="no-store", etag=False)

    def post_order(self):
        body, digest = order_body(self.read_body(MAX_SMALL_BODY_BYTES))
        app = self.app
        kind, text = app.store.group.submit(lambda conn: place_order(conn, body, digest, now_ms(), app))
        return self.send_json(201 if kind == "new" else 200, text, cache="no-store", etag=False)

    def lookup_order(self):
        body = self.json_body('{"number", "phone"}')
        number = body.get("number") if isinstance(body, dict) else None
        phone = body.get("phone") if isinstance(body, dict) else None
        if not isinstance(number, str) or not isinstance(phone, str) or len(number) > 40 or len(phone) > 64:
            raise ApiError(400, "bad_request", 'Send {"number": "DS-...", "phone": "the phone number of the order"}.')
        # A hit gives a name and an address: guesses are limited per network and per order number.
        # Only misses spend (a customer who types it right is never slowed down).
        limits, addr, number = self.app.limits, self.client_key(), number.strip().upper()
        wait = max(limits.wait_s("lookup_address", addr), limits.wait_s("lookup_order", number))
        if wait:
            raise too_many(wait, "Too many order lookups did not match.")
        with self.app.store.reader() as conn:
            row = conn.execute("SELECT id, token, customer, brand FROM orders WHERE number = ?",
                               (number,)).fetchone()
            want = None
            if row:  # the key the order was kept under: the core's, or an old store's not yet re-keyed
                want = phone_key(phone) if row[2].startswith("ph1:") else customer_key(phone, brand_locale(conn, row[3]))
        if not row or not hmac.compare_digest(row[2], want):
            limits.spend("lookup_address", addr)
            limits.spend("lookup_order", number)
            raise ApiError(404, "no_such_order", "No order matches this number and phone number. Check both and try "
                                                 "again.")
        return self.send_json(200, {"id": row[0], "token": row[1]}, cache="no-store", etag=False)

    def get_order(self, order_id, query):
        token = urllib.parse.parse_qs(query).get("t", [""])[0]
        with self.app.store.reader() as conn:
            found = load_order(conn, order_id)
            if not found or not token or not hmac.compare_digest(found[0]["token"].encode(), token.encode("utf-8")):
                raise ApiError(404, "no_such_order", "There is no order at this address. Check the link, or look the "
                                                     "order up with its number and your phone number.")
            row, rec = found
            history = order_history(conn, order_id)
            if "locale" not in rec["order"]:  # placed before orders carried it
                cert = trusted_cert(conn, row["brand"])
                rec["order"]["locale"] = cert[0].get("locale", "") if cert else ""
        order = dict(rec["order"], status=history[-1]["status"], history=history)
        contact = json.loads(row["contact"])
        contact["phone"] = mask_phone(contact["phone"])
        return self.send_json(200, {"order": order, "contact": contact}, cache="no-store", etag=False)

    def post_status(self, order_id):
        body = self.json_body('{"envelope": {"payload", "key", "sig"}}')
        env = body.get("envelope", body) if isinstance(body, dict) else body
        opened = open_envelope(env)
        kind = self.app.store.group.submit(lambda conn: apply_status(conn, order_id, opened, now_ms()))
        with self.app.store.reader() as conn:
            history = order_history(conn, order_id)
        return self.send_json(201 if kind == "new" else 200,
                              {"order": order_id, "status": history[-1]["status"], "history": history},
                              cache="no-store", etag=False)

    def signer(self, body=b""):
        return check_request_auth(self.method if self.method != "HEAD" else "GET", self.path, body,
                                  self.headers.get("Authorization"), now_ms(), self.app.seen_requests)

    def client_key(self):
        """Who the rate limits count: the peer's address, or with --client-address-header (a reverse
        proxy in front) the last address that header names, which is the one the proxy saw."""
        addr = self.client_address[0] if self.client_address else ""
        if self.app.client_header:
            named = (self.headers.get(self.app.client_header) or "").split(",")[-1].strip()
            if named and len(named) <= 64:
                addr = named
        return address_key(addr)

    def provenance(self, order_id):
        key = self.signer()
        with self.app.store.reader() as conn:
            found = load_order(conn, order_id)
            if not found:
                raise ApiError(404, "no_such_order", "There is no such order.")
            row, rec = found
            cert = brand_cert(conn, row["brand"])
            is_brand = cert is not None and cert[1] == key
            allowed = is_brand
            if not allowed:
                members = [m["distributor"] for m in rec["chain"]] + [row["shop_distributor"]]
                keys = [r[0] for r in conn.execute("SELECT key FROM distributors WHERE distributor IN (SELECT value "
                                                   "FROM json_each(?))", (json.dumps(members),))]
                allowed = any(b64_bytes(k, 32) == key for k in keys)
            if not allowed:
                raise ApiError(403, "not_allowed", "Only the order's brand and the distributors on its chain can see "
                                                   "its provenance.")
            history = order_history(conn, order_id)
        out = {"order": dict(rec["order"], status=history[-1]["status"], history=history),
               "binding": rec["binding"], "chain": rec["chain"], "chain_note": rec["chain_note"],
               "first_touch": rec["first_touch"], "last_touch": rec["last_touch"], "split": rec["split"],
               "policy": rec["policy"], "client_total": rec["client_total"], "total_matched": rec["total_matched"],
               "release_version": rec["release_version"], "viewer": "brand" if is_brand else "distributor"}
        if is_brand:
            out["contact"] = json.loads(row["contact"])
        return self.send_json(200, out, cache="no-store", etag=False)

    def own_shop(self, conn, slug, key, what):
        """The distributor of the shop at slug, when key is theirs (else 404 / 403)."""
        row = conn.execute("SELECT s.distributor, d.key FROM shops s JOIN distributors d ON d.distributor = "
                           "s.distributor WHERE s.slug = ?", (slug,)).fetchone() if is_slug(slug) else None
        if not row:
            raise ApiError(404, "unknown_shop", "There is no shop at this address.")
        if b64_bytes(row[1], 32) != key:
            raise ApiError(403, "not_allowed", "Only the shop's own distributor can see its %s." % what)
        return row[0]

    def shop_activity(self, slug, query):
        key = self.signer()
        since, *cursors = parse_activity_query(query)
        with self.app.store.reader() as conn:
            distributor = self.own_shop(conn, slug, key, "activity")
            out = activity(conn, since, cursors, self.app.customer_salt, team=team_of(conn, distributor),
                           requester=distributor)
        return self.send_json(200, out, cache="no-store", etag=False)

    def post_device(self, slug):
        """{"visitor"} signed by the shop's distributor: this browser is theirs (the editor says so when
        they sign in). Orders from it, credited to them, are their own purchases."""
        data = self.read_body(MAX_SMALL_BODY_BYTES)
        key = self.signer(data)
        try:
            body = parse_json_text(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            body = None
        visitor = body.get("visitor") if isinstance(body, dict) else None
        if not isinstance(visitor, str) or VISITOR_RE.fullmatch(visitor) is None:
            raise ApiError(400, "bad_request", 'Send {"visitor": "v_..."}, the visitor id of this browser.')

        def tx(conn):
            distributor = self.own_shop(conn, slug, key, "devices")
            record_device(conn, distributor, visitor, now_ms())
            return distributor
        distributor = self.app.store.write(tx, bump=False)
        return self.send_json(200, {"distributor": distributor, "visitor": visitor}, cache="no-store", etag=False)

    def shop_team(self, slug):
        key = self.signer()
        with self.app.store.reader() as conn:
            distributor = self.own_shop(conn, slug, key, "team")
            out = {"distributor": distributor, "members": team_members(conn, team_of(conn, distributor))}
        return self.send_json(200, out, cache="no-store", etag=False)

    # -- settlement --------------------------------------------------------------------------------
    # GET  /api/brands/<b>/ledger                  the compact ledger (DSL1), signed by the brand
    # GET  /api/brands/<b>/payouts                 batches with their lines' marks, payee names
    # POST /api/brands/<b>/payouts                 {"envelope": brand-signed payout_batch}
    # GET  /api/brands/<b>/payouts/<id>.csv        the bank CSV of a batch (core::payout_csv)
    # POST /api/brands/<b>/payouts/<id>/lines      {"envelope": brand-signed payout_line}
    def route_settlement(self, method, segs):
        brand = segs[1]
        get = ("GET", "HEAD")
        if segs[2] == "ledger" and len(segs) == 3:
            if method not in get:
                raise self.method_not_allowed(["GET", "HEAD"])
            return self.brand_ledger(brand)
        if segs[2] == "payouts" and len(segs) == 3:
            if method == "POST":
                return self.post_payout(brand)
            if method not in get:
                raise self.method_not_allowed(["GET", "HEAD", "POST"])
            return self.brand_payouts(brand)
        if segs[2] == "payouts" and len(segs) == 4 and segs[3].endswith(".csv"):
            if method not in get:
                raise self.method_not_allowed(["GET", "HEAD"])
            return self.payout_csv(brand, segs[3][:-4])
        if segs[2] == "payouts" and len(segs) == 5 and segs[4] == "lines":
            if method != "POST":
                raise self.method_not_allowed(["POST"])
            return self.post_line_mark(brand, segs[3])
        raise ApiError(404, "not_found", "There is no API at this address.")

    def brand_ledger(self, brand):
        key = self.signer()
        app = self.app
        with app.store.reader() as conn:
            cert, _ = brand_for_settlement(conn, brand, key)
            bl = app.ledgers.get(conn, brand, cert.get("currency", ""))
            try:
                body, gz, etag = bl.encoded()
                orders, shares = len(bl.ledger), bl.ledger.share_count
            finally:
                bl.lock.release()
        return self.send_bytes(200, body, "application/octet-stream", {
            "Cache-Control": "no-cache", "X-Ledger-Orders": str(orders), "X-Ledger-Shares": str(shares)},
            gz=gz, etag=etag, compressible=True)

    # GET /api/brands/<b>/insight: the brand's activity (DSA1), signed by the brand
    def brand_insight(self, brand):
        key = self.signer()
        app = self.app
        with app.store.reader() as conn:
            cert = trusted_cert(conn, brand) if is_id(brand) else None
            if not cert:
                raise ApiError(404, "unknown_brand", "There is no such brand.")
            if cert[1] != key:
                raise ApiError(403, "not_allowed", "Only the brand's own key can see the brand's activity.")
            body, gz, etag = app.insights.get(conn, brand, cert[0].get("currency", ""), app.store.generation)
        return self.send_bytes(200, body, "application/octet-stream", {"Cache-Control": "no-cache"}, gz=gz, etag=etag,
                               compressible=True)

    def brand_payouts(self, brand):
        key = self.signer()
        with self.app.store.reader() as conn:
            cert, policy = brand_for_settlement(conn, brand, key)
            batches, marks = stored_batches(conn, brand)
            views = CORE.batch_view(batches, marks)
            payees = sorted({line["payee"] for b in views for line in b["lines"]} |
                            {r[0] for r in conn.execute("SELECT distributor FROM enrollments WHERE brand = ?", (brand,))})
            details = payee_details(conn, brand, payees)
        out = {"brand": brand, "currency": cert.get("currency", ""), "policy_version": policy["version"],
               "min_payout": policy["min_payout"], "freeze_days": policy["freeze_days"], "now": now_ms(),
               "batches": views, "payees": {d: {"name": n, "account": a} for d, (n, a) in details.items()}}
        return self.send_json(200, out, cache="no-store", etag=False)

    def post_payout(self, brand):
        data = self.read_body(MAX_BATCH_BYTES)
        try:
            body = parse_json_text(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "malformed_json", "The body is not valid JSON. Send {\"envelope\": {...}}.")
        if not isinstance(body, dict) or "envelope" not in body:
            raise ApiError(400, "bad_request", "Send {\"envelope\": the brand-signed payout batch}.")
        opened = open_envelope(body["envelope"])
        app = self.app
        kind, batch = app.store.write(lambda conn: apply_batch(conn, app.ledgers, brand, opened, now_ms()), bump=False)
        return self.send_json(201 if kind == "new" else 200, {"ok": True, "stored": kind == "new", "batch": batch},
                              cache="no-store", etag=False)

    def payout_csv(self, brand, batch_id):
        key = self.signer()
        with self.app.store.reader() as conn:
            brand_for_settlement(conn, brand, key)
            row = conn.execute("SELECT seq, envelope FROM payout_batches WHERE brand = ? AND id = ?",
                               (brand, batch_id)).fetchone()
            if not row:
                raise ApiError(404, "unknown_batch", "There is no payout batch %s." % batch_id[:80])
            text = signed_text(("batch", row[0]), row[1], trusted_cert(conn, brand)[1])
            if text is None:
                raise ApiError(500, "damaged_store", "The stored batch no longer checks against the brand's key.")
            lines = json.loads(text).get("lines", [])
            details = payee_details(conn, brand, [line["payee"] for line in lines])
        csv = CORE.payout_csv(text, details).encode("utf-8")
        return self.send_bytes(200, csv, "text/csv; charset=utf-8", {
            "Cache-Control": "no-store", "Content-Disposition": 'attachment; filename="%s.csv"' % batch_id},
            compressible=True)

    def post_line_mark(self, brand, batch_id):
        body = self.json_body('{"envelope": the brand-signed payout_line}')
        if not isinstance(body, dict) or "envelope" not in body:
            raise ApiError(400, "bad_request", "Send {\"envelope\": the brand-signed payout_line}.")
        opened = open_envelope(body["envelope"])
        kind, mark = self.app.store.write(lambda conn: apply_line_mark(conn, brand, batch_id, opened, now_ms()), bump=False)
        return self.send_json(201 if kind == "new" else 200, {"ok": True, "stored": kind == "new", "mark": mark},
                              cache="no-store", etag=False)

    def shop_statements(self, slug):
        key = self.signer()
        with self.app.store.reader() as conn:
            distributor = self.own_shop(conn, slug, key, "payouts")
            out = statements_of(conn, self.app.ledgers, distributor)
        return self.send_json(200, out, cache="no-store", etag=False)

    def brand_activity(self, brand, query):
        key = self.signer()
        since, *cursors = parse_activity_query(query)
        with self.app.store.reader() as conn:
            cert = brand_cert(conn, brand) if is_id(brand) else None
            if not cert:
                raise ApiError(404, "unknown_brand", "There is no such brand.")
            if cert[1] != key:
                raise ApiError(403, "not_allowed", "Only the brand's own key can see the brand's activity.")
            out = activity(conn, since, cursors, self.app.customer_salt, brand=brand)
        return self.send_json(200, out, cache="no-store", etag=False)

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
                               compressible=ext in COMPRESSIBLE, br=lambda: self.app.files.brotli(item))

    def serve_trust(self):
        # The root key this store's documents were verified with. The app does not take its key from
        # here (it is built in): it compares, and refuses a store of another platform by name.
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
        # The canonical origin of pages (og:url, the canonical link, absolute image URLs) is the
        # store's configuration, never the request's Host header: a Host chosen by whoever sends the
        # request must not end up in a page a cache or a link preview keeps.
        return self.app.public_url

    def serve_page(self, path, segs):
        app = self.app
        template = app.site_file("index.html")
        if template is None:
            return self.not_built("index.html")
        build_name = app_build_for(segs, app.site_file("shop.wasm") is not None)
        wasm = app.site_file(build_name + ".wasm")
        wasm_size = len(wasm["data"]) if wasm else 0
        base = self.base_url()
        key = ("page", path, base, template["etag"], build_name, wasm_size)

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
                "preload": self.preload_html(build_name),
                "summary": page.summary,
                # The shop's build fetches its fonts with its data, after the first paint's pictures.
                "boot": script_json({"prefetch": page.prefetch + ([href for href, _ in self.first_fonts()] if build_name == "shop" else []),
                                     "app": build_name, "wasmBytes": wasm_size, "route": path}),
            })
            body = html_text.encode("utf-8")
            return {"status": page.status, "body": body, "etag": '"%s"' % hashlib.sha256(body).hexdigest()[:32],
                    "gz": None}

        item = app.cached(key + (app.store.generation,), build)
        gz, br = packed(item)
        return self.send_bytes(item["status"], item["body"], "text/html; charset=utf-8",
                               {"Cache-Control": "no-cache"}, gz=gz, etag=item["etag"], compressible=True, br=br)

    def first_fonts(self):
        """(path, type) of the font files the app loads before its first frame (never the extended CJK
        subset: it loads only when text needs it)."""
        fonts = os.path.join(self.app.site, "fonts")
        try:
            names = sorted(os.listdir(fonts))
        except OSError:
            names = []
        types = {".otf": "font/otf", ".ttf": "font/ttf", ".woff2": "font/woff2", ".woff": "font/woff"}
        out = []
        for name in names:
            ext = os.path.splitext(name)[1].lower()
            if ext in types and FONT_NAME_RE.fullmatch(name) and "ext" not in name.lower() and len(out) < 4:
                out.append(("/fonts/" + path_quote(name), types[ext]))
        return out

    def preload_html(self, build_name):
        # A consumer's page preloads nothing: on a phone network its first paint's pictures come first
        # (shell.js starts the app, its data and its fonts once they are in). The editor and the
        # console start at once.
        if build_name == "shop":
            return ""
        links = ['<link rel="preload" href="/%s.wasm" as="fetch" type="application/wasm" crossorigin>' % build_name]
        for href, ctype in self.first_fonts():
            links.append('<link rel="preload" href="%s" as="font" type="%s" crossorigin>' % (esc(href), ctype))
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
    ap.add_argument("--public-url", default=None, help="the canonical origin of pages, e.g. https://shops.example.com "
                    "(default: http://localhost:PORT); never taken from the Host header")
    ap.add_argument("--quiet", action="store_true", help="no per-request log lines")
    ap.add_argument("--limit", action="append", type=parse_limit_arg, metavar="NAME=BURST/PER_SECOND",
                    help="change one rate limit (or NAME=off); the limits and their defaults: RATE_LIMITS in serve.py")
    ap.add_argument("--client-address-header", default=None, metavar="HEADER",
                    help="behind a reverse proxy: the header it sets to the client's address (e.g. X-Forwarded-For); "
                         "rate limits count that address. Never set it without a proxy: clients could choose it.")
    ap.add_argument("--import-activity", default=None, metavar="DIR",
                    help="import generated events and orders (gen_demo --scale writes DIR/activity); each once")
    ap.add_argument("--import-only", action="store_true", help="exit after importing the seed and the activity")
    args = ap.parse_args(argv)
    QUIET = args.quiet
    if CORE is None:
        raise SystemExit("serve.py: the core's Python module (dynshop_core) is missing in %s: %s. Build it with "
                         "./tools/build.sh (or set DYNSHOP_CORE to the folder that holds it)." % (CORE_DIR, CORE_MISSING))

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
    global ROOT_KEY
    ROOT_KEY = root_key  # reads check documents against it (the seed and activity imports price orders)
    if args.seed and store.is_empty():
        import_seed(store, args.seed, root_key)
    backfill_ledger(store)
    sweep_images(store, now_ms())
    if args.import_activity:
        import_activity(store, args.import_activity)
    if args.import_only:
        return 0
    if not os.path.isfile(os.path.join(args.site, "index.html")):
        log("serve.py: warning: %s has no index.html; pages answer 503 until the app is built (%s)" %
            (args.site, BUILD_HINT))

    httpd = Server((args.host, args.port), Handler)
    Handler.app = App(args, store, root_key)
    Handler.app.set_port(httpd.server_address[1])

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
