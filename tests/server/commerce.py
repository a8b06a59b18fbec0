"""Helpers for the events, orders, provenance and invite tests: request bodies, signed requests,
brand-signed status changes, and a direct (read-only) look into the store's SQLite file.

The fixture world (fixtures.World): brand acme (CNY, policy v1 permanent, levels 10% / 3%,
self-purchase not allowed) with the chain alice (1) -> bob (2) -> carol (3); brand bolt (USD) with
alice only. Shops: alice-tea (acme + bolt, every product), bob-shop (acme, selection p-tea + p-cup),
carol (acme, every product). Prices: p-tea 6800, p-cup 12345, p-pot 100000, b-bolt 250.
"""
import base64
import hashlib
import itertools
import json
import os
import secrets
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import fixtures  # noqa: E402  (it puts src/ on sys.path: the store package)
from fixtures import T0, pub, sign  # noqa: E402,F401
from store import referral  # noqa: E402  (the server's own rules, for the shared vectors)


PRICES = {"p-tea": 6800, "p-cup": 12345, "p-pot": 100000, "b-bolt": 250}
_counter = itertools.count(1)


# 1 when the event with this id is stored once (one row for each brand it names), 0 when it is not
# stored, more when some brand holds it twice.
ONCE_PER_BRAND = "SELECT COUNT(DISTINCT id) + COUNT(*) - COUNT(DISTINCT brand) FROM events WHERE id = ?"


def now_ms():
    return int(time.time() * 1000)


def event_id():
    return "e_%s" % secrets.token_hex(8)


def visitor_id():
    return "v_%s" % secrets.token_hex(6)


def order_key():
    return "k%s" % secrets.token_hex(10)


def event(shop, type_="visit", product="", visitor="", channel="direct", campaign="", hop=0, at=None, id_=None):
    return {"id": id_ or event_id(), "type": type_, "shop": shop, "product": product, "visitor": visitor,
            "channel": channel, "campaign": campaign, "hop": hop, "at": at if at is not None else now_ms()}


def order(shop="carol", brand="acme", lines=None, phone="138 0013 8000", key=None, visitor="", channel="direct",
          campaign="", hop=0, client_total=None, name="Li Lei", address="1 Tea Road, Xihu, Hangzhou", self_claim=None):
    lines = [{"product": "p-tea", "qty": 2}] if lines is None else lines
    body = {"key": key or order_key(), "shop": shop, "brand": brand, "lines": lines,
            "contact": {"name": name, "phone": phone, "address": address}, "visitor": visitor,
            "touch": {"channel": channel, "campaign": campaign, "hop": hop},
            "client_total": client_total if client_total is not None else
            sum(PRICES.get(li["product"], 0) * li["qty"] for li in lines)}
    if self_claim is not None:
        body["self"] = self_claim
    return body


def self_claim(sk, distributor, key, ts=None):
    ts = ts or now_ms()
    sig = sk.sign(("self-purchase\n%s\n%d" % (key, ts)).encode("utf-8")).signature
    return {"distributor": distributor, "ts": ts, "sig": base64.b64encode(sig).decode("ascii")}


def auth_header(sk, method, path, body=b"", ts=None):
    ts = ts if ts is not None else now_ms()
    text = "%s %s\n%d\n%s" % (method, path, ts, hashlib.sha256(body).hexdigest())
    sig = base64.b64encode(sk.sign(text.encode("utf-8")).signature).decode("ascii")
    return "Dynshop key=%s, ts=%d, sig=%s" % (pub(sk), ts, sig)


def status_envelope(sk, order_id, status, at=None):
    return sign({"type": "order_status", "order": order_id, "status": status, "at": at or now_ms()}, sk)


def invite(sk, brand, parent, level, id_=None, expires_ms=None, max_uses=1):
    return sign({"type": "invite", "brand": brand, "parent": parent, "level": level,
                 "id": id_ or "inv_%s" % secrets.token_hex(6), "expires_ms": expires_ms or now_ms() + 86400000,
                 "max_uses": max_uses}, sk)


class Client:
    """The API calls the tests make, on a running fixtures.Server."""

    def __init__(self, srv):
        self.srv = srv

    def call(self, method, path, body=None, headers=None):
        st, hdrs, raw = self.srv.request(method, path, body, headers)
        try:
            doc = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            doc = raw
        return st, doc

    def events(self, events):
        return self.call("POST", "/api/events", {"events": events})

    def place(self, body):
        return self.call("POST", "/api/orders", body)

    def placed(self, body):
        st, doc = self.place(body)
        assert st == 201, (st, doc)
        return doc

    def signed_get(self, sk, path, ts=None):
        return self.call("GET", path, headers={"Authorization": auth_header(sk, "GET", path, ts=ts)})

    def provenance(self, sk, order_id):
        return self.signed_get(sk, "/api/orders/%s/provenance" % order_id)

    def status(self, env, order_id):
        return self.call("POST", "/api/orders/%s/status" % order_id, {"envelope": env})

    def policy(self, sk, payload, replaces):
        st, doc = self.srv.post_doc(sign(payload, sk), replaces)
        assert st == 201, (st, doc)
        return doc


def db(srv):
    """A read-only connection to the running server's store (WAL lets readers in at any time); on
    PostgreSQL a connection to its database (read as sqlite3's: `?` placeholders)."""
    if srv.db_url:
        from store import postgres
        return postgres.Connection(srv.db_url)
    conn = sqlite3.connect("file:%s?mode=ro" % os.path.join(srv.data, "dynshop.sqlite3"), uri=True, timeout=10)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def write_db(srv):
    """A writable connection, for the tests that stand in for the passing of time (ageing a binding)."""
    if srv.db_url:
        from store import postgres
        return postgres.Connection(srv.db_url)
    conn = sqlite3.connect(os.path.join(srv.data, "dynshop.sqlite3"), timeout=10, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def customer(brand, phone):
    """The store's key for this phone at a fixture brand (acme sells in zh-CN, bolt in en)."""
    return referral.customer_key(phone, {"acme": "zh-CN", "bolt": "en"}.get(brand, ""))


def binding_of(srv, brand, phone):
    conn = db(srv)
    try:
        row = conn.execute("SELECT distributor, shop, bound_ms, last_order_ms FROM bindings WHERE brand = ? AND "
                           "customer = ?", (brand, customer(brand, phone))).fetchone()
    finally:
        conn.close()
    return row


def age_binding(srv, brand, phone, days_bound, days_since_order=None):
    """Moves a binding's clock back, as if it had been made days_bound days ago (and its last order
    days_since_order days ago): the store's only notion of elapsed time is these two stamps."""
    conn = write_db(srv)
    try:
        now = now_ms()
        last = 0 if days_since_order is None else now - days_since_order * referral.DAY_MS
        cur = conn.execute("UPDATE bindings SET bound_ms = ?, last_order_ms = ? WHERE brand = ? AND customer = ?",
                           (now - days_bound * referral.DAY_MS, last, brand, customer(brand, phone)))
        assert cur.rowcount == 1
    finally:
        conn.close()


def policy(world, version, **changes):
    p = dict(world.policy_acme, version=version)
    p.update(changes)
    return p
