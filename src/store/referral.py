"""Referral: the domain's rules as the core (src/core) states them, mirrored for the store's reads.

[SECTION] Referral  mirrors of the C++ rules: referral cleaning, phone key, contact, binding, split
"""
import json
import re

from .documents import head
from .errors import is_id, is_int
from .trust import CORE


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
