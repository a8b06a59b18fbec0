"""Referral: the store's limits on what visits and orders carry, and the core's rules it applies to
them (src/core through dynshop_core: each rule exists once, in C++, pinned by tests/vectors).

[SECTION] Referral  limits, and the core's referral, phone key, contact, binding, status and split rules
"""
import json
import re

from .documents import head
from .errors import is_int
from .core import CORE


# [SECTION] Referral -------------------------------------------------------------------------------

# The rules are the core's, called through dynshop_core; tests/vectors/*.json pin them (the C++
# doctests, the wasm build and tests/server/test_vectors.py run the same cases):
#   clean_referral   core::referral_from (src/core/referral/link.cpp)
#   normalize_phone, phone_key, validate_contact   src/core/orders/checkout.cpp  (vectors/phone.json)
#   apply_touch, binding_lapsed, record_order, resolve_bindings   src/core/referral/binding.cpp (vectors/binding.json)
#   STATUS_FLOW                                    src/core/orders/status_change.cpp (vectors/order_status.json)
#   split_order                                    src/core/ledger/commission.cpp (vectors/commission.json)

DAY_MS = 86_400_000


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


# Which status a brand may move an order to from which (the statuses an order can have).
STATUS_FLOW = {s: tuple(CORE.next_statuses(s)) for s in ("placed", "paid", "delivered", "refunded", "cancelled")}


def clean_referral(channel, campaign, hop):
    """(channel, campaign, hop) as the core reads a shared link's ch / c / h, from JSON fields of any
    type. Never an error: a forged referral is simply a direct visit."""
    return CORE.referral(channel if isinstance(channel, str) else "", campaign if isinstance(campaign, str) else "",
                         str(hop) if is_int(hop) else "")


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


def validate_contact(contact):
    """{field: message} for what is wrong (empty when fine), word for word as the checkout screen says:
    a field that is not text here, the core's checks (core::validate_contact) for the rest."""
    errors = {}
    values = {}
    for k in ("name", "phone", "address"):
        v = contact.get(k) if isinstance(contact, dict) else None
        if v is not None and not isinstance(v, str):
            errors[k] = "This must be text."
        values[k] = v if isinstance(v, str) else ""
    for k, message in CORE.contact_problems(values["name"], values["phone"], values["address"]).items():
        errors.setdefault(k, message)
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
    return CORE.binding_lapsed(b, policy["text"], now)


def apply_touch(current, touch, policy):
    """core::apply_touch. current: {"brand","distributor","shop","bound_ms","last_order_ms"} or None;
    touch: {"brand","distributor","shop","channel","at","self","active"}. Returns
    (binding or None, rule, explanation); the binding is `current` itself when it is kept."""
    return CORE.apply_touch(current, touch, policy["text"])


record_order = CORE.record_order  # an order renews a binding (its last order time, in place)


def split_order(lines, chain, policy, self_purchase):
    """core::split_order. lines: [{"product","unit_price","qty"}]; chain: distributor ids, seller first."""
    return CORE.split_order([(line["product"], line["unit_price"], line["qty"]) for line in lines], list(chain),
                            policy["text"], bool(self_purchase))


def resolve_bindings(touches, policy, inactive=frozenset()):
    """Replays touches (visitor, distributor, shop, channel, at_ms) through the core's apply_touch: the
    binding each visitor ends with, i.e. what the browser shows before any order, for every visitor at
    once (bench/server_bench.sh times it over 1,000,000 events). Each visitor's touches must come in
    time order; a global time order will do. Returns ({visitor: binding}, {rule: count})."""
    return CORE.resolve_bindings(touches, policy["brand"], policy["text"], list(inactive))
