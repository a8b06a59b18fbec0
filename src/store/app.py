"""App: the state the request handler shares across requests.

[SECTION] App  everything a request needs: the store, folders, caches, limits
"""
import os
import secrets
import threading
import time
from collections import OrderedDict

from .config import RATE_LIMITS, RESPONSE_CACHE_BYTES
from .events import ShopIndex
from .insight import Insights
from .limits import RateLimits
from .payouts import Ledgers
from .referral import REQUEST_AUTH_WINDOW_MS
from .static import FileCache, inside


# [SECTION] App ------------------------------------------------------------------------------------

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
        self.seen_requests = store.seen_requests(REQUEST_AUTH_WINDOW_MS)
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
                conn.execute("INSERT INTO meta (key, value) VALUES ('customer_salt', ?) ON CONFLICT (key) DO NOTHING",
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
