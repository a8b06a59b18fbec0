"""Events: what the app reports (visits, views, carts), resolved to shops, distributors and brands.

[SECTION] Events     POST /api/events: cleaned, resolved to shop/distributor/brands, each id once
[SECTION] Endpoints  the route table's handlers (routes.py): post_events
"""
import json
import threading

from .config import CONTROL_RE, now_ms
from .errors import ApiError, is_int, is_slug
from .schema import DAY_MS
from .referral import (EVENT_FUTURE_SLACK_MS, EVENT_ID_RE, EVENT_MIN_AT_MS, EVENT_PAST_WINDOW_MS, EVENT_TYPES,
    MAX_EVENTS_PER_BATCH, MAX_PRODUCT_ID_CHARS, VISITOR_RE, clean_referral, policy_of)
from .trust import ParsedCache, b64_bytes, head_row, signed_payload, trusted_cert


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
    rel = conn.execute("SELECT d.seq FROM heads h JOIN documents d ON d.brand = h.brand AND d.seq = h.seq WHERE h.kind = "
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

    def sync(self):
        """Once per batch: forgets everything when documents changed since (the store's generation is
        a query on PostgreSQL, so it is read once, not once an event)."""
        gen = self.store.generation
        if gen != self.gen:
            with self.lock:
                if gen != self.gen:
                    self.shops, self.brands, self.gen = {}, {}, gen
        return self

    def get(self, slug):
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


INSERT_EVENT = ("INSERT INTO events (brand, id, type, shop, distributor, brands, product, visitor, channel, "
                "campaign, hop, at_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")


def store_events(store, conn, rows):
    """Stores cleaned events (clean_event's rows), one row per brand each names (schema: events), an
    (event id, brand) already stored skipped (events_once). Returns how many events were new. Each
    event's first brand goes in first, so its row counts the event once; its other brands follow
    (an event is new for all its brands or for none: they were stored together)."""
    first, more, days = [], [], set()
    for row in rows:
        brands = json.loads(row[4]) or [""]  # a shop that carries no brand: its events are the platform's
        first.append((brands[0],) + row)
        more.extend((b,) + row for b in brands[1:])
        days.add(row[10] // DAY_MS)
    store.make_event_days(conn, days)
    stored = conn.executemany(INSERT_EVENT, first).rowcount
    if more:
        conn.executemany(INSERT_EVENT, more)
    return stored


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
    """An event as the activity pages send it (EVENT_COLUMNS' row; brand is the row's, brands all of them)."""
    seq, _, eid, typ, shop, distributor, brands, product, visitor, channel, campaign, hop, at, received = row
    return {"id": eid, "type": typ, "shop": shop, "distributor": distributor, "brands": json.loads(brands),
            "product": product, "visitor": visitor, "channel": channel, "campaign": campaign, "hop": hop,
            "at": at, "received": received}


EVENT_COLUMNS = "e.seq, e.brand, e.id, e.type, e.shop, e.distributor, e.brands, e.product, e.visitor, e.channel, " \
                "e.campaign, e.hop, e.at_ms, e.received_ms"


# [SECTION] Endpoints ------------------------------------------------------------------------------

def post_events(req):
    body = req.json_body('{"events": [...]}')
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list):
        raise ApiError(400, "bad_request", 'Send {"events": [{"id", "type", "shop", "product", "visitor", '
                                           '"channel", "campaign", "hop", "at"}, ...]}.')
    if len(events) > MAX_EVENTS_PER_BATCH:
        raise ApiError(413, "too_many_events", "A batch holds at most %d events; this one has %d. Send them in "
                                               "smaller batches." % (MAX_EVENTS_PER_BATCH, len(events)),
                       limit_events=MAX_EVENTS_PER_BATCH)
    received = now_ms()
    limits = req.app.limits
    # A batch spends one token per event from its network's bucket, all or nothing: a 429 keeps
    # the batch on the phone for later (the app waits Retry-After). One visitor's events beyond
    # theirs are refused one by one ("rate_limited"); an outbox's worth always fits.
    limits.take("event_address", req.client_key(), "Too many events were sent from this network.",
                cost=max(1, len(events)))
    shops = req.app.shop_index.sync()
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
    store = req.app.store
    stored = store.group.submit(lambda conn: store_events(store, conn, rows)) if rows else 0
    return req.send_json(200, {"stored": stored, "duplicates": len(rows) - stored, "rejected": rejected},
                          cache="no-store", etag=False)
