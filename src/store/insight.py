"""Insight: the brand's activity, encoded for the console.

[SECTION] Insight    the brand's activity (DSA1) for the console's insight tabs
[SECTION] Endpoints  the route table's handlers (routes.py): brand_insight
"""
import gzip
import json
import threading
import time

from .config import log
from .errors import ApiError, is_id, is_int
from .core import CORE
from .trust import trusted_cert


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
            "SELECT e.seq, e.type, e.distributor, e.visitor, e.channel, e.campaign, e.hop, e.at_ms FROM events e "
            "WHERE e.brand = ? AND e.seq > ? ORDER BY e.seq", (brand, self.event_seq)))
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
                "SELECT seq, order_id, status FROM order_status WHERE brand = ? AND seq > ? ORDER BY seq",
                (brand, self.status_seq)):
            self.status_seq = sseq
            i = self.order_index.get(oid)
            if i is not None:
                self.activity.set_order_status(i, status)

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


# [SECTION] Endpoints ------------------------------------------------------------------------------

# GET /api/brands/<b>/insight: the brand's activity (DSA1), signed by the brand
def brand_insight(req, brand):
    key = req.signer()
    app = req.app
    with app.store.reader() as conn:
        cert = trusted_cert(conn, brand) if is_id(brand) else None
        if not cert:
            raise ApiError(404, "unknown_brand", "There is no such brand.")
        if cert[1] != key:
            raise ApiError(403, "not_allowed", "Only the brand's own key can see the brand's activity.")
        body, gz, etag = app.insights.get(conn, brand, cert[0].get("currency", ""), app.store.generation)
    return req.send_bytes(200, body, "application/octet-stream", {"Cache-Control": "no-cache"}, gz=gz, etag=etag,
                           compressible=True)
