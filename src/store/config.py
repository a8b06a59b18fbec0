"""Configuration: the store's limits and the patterns every module checks against.

[SECTION] Config  limits, patterns, rate limits; now_ms and log
"""
import re
import sys
import time


# [SECTION] Config ---------------------------------------------------------------------------------

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024          # a POST /api/documents body


MAX_RELEASE_BYTES = 8 * 1024 * 1024           # a release may carry thousands of products


MAX_SMALL_BODY_BYTES = 256 * 1024             # events / orders (later) and anything else


MAX_IMAGE_BYTES = 8 * 1024 * 1024


MAX_IMAGE_SIDE = 8192


MAX_LEVELS_DEFAULT = 3


SUMMARY_PRODUCTS = 24


DEFAULT_THEME = "#C2410C"


GZIP_MIN_BYTES = 512


RESPONSE_CACHE_BYTES = 192 * 1024 * 1024      # built pages and API answers kept in memory


BUILD_HINT = ("run tools/build.sh (it builds the wasm app and fills the site folder), "
              "then start serve.py with --site pointing at that folder (build/site)")




HEX64_RE = re.compile(r"[0-9a-f]{64}")


COLOR_RE = re.compile(r"#[0-9A-Fa-f]{6}")


IMG_NAME_RE = re.compile(r"([0-9a-f]{64})\.(jpg|png)")


LOCAL_IMG_RE = re.compile(r"/img/[0-9a-f]{64}\.(?:jpg|png)")


FONT_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")


CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


HOST_RE = re.compile(r"(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")


KINDS = ("brand", "policy", "release", "article", "enrollment", "manifest")


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


APP_FILES = {"app.js", "app.wasm", "shop.js", "shop.wasm", "shell.js", "render.js", "style.css"}


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
