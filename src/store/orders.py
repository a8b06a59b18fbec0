"""Orders: placing, looking up, changing the status of and explaining an order.

[SECTION] Orders     POST /api/orders: idempotent, priced from the signed release, bound, split; lookups,
                     status, provenance
[SECTION] Endpoints  the route table's handlers (routes.py): post_order, lookup_order, get_order, post_status,
                     provenance, post_device
"""
import hashlib
import hmac
import json
import os
import secrets
import sys
import time
import types
import urllib.parse

try:
    import nacl.exceptions
    import nacl.signing
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write("serve.py needs python3-nacl: apt-get install python3-nacl, and run it with /usr/bin/python3\n")
    sys.exit(2)

from .config import MAX_SMALL_BODY_BYTES, now_ms
from .documents import brand_cert, enrollment_row
from .errors import ApiError, LoneSurrogate, is_id, is_int, is_slug, parse_json_text
from .events import product_index, verified_policy, verified_release
from .limits import too_many
from .payouts import record_shares
from .referral import (MAX_LINE_QTY, MAX_ORDER_LINES, MAX_PRODUCT_ID_CHARS, ORDER_KEY_RE, STATUS_FLOW,
    VISITOR_RE, apply_touch, brand_locale, clean_referral, customer_key, normalize_phone, phone_key,
    record_order, split_order, validate_contact)
from .schema import IN_JSON_LIST
from .shops import own_shop
from .core import CORE
from .trust import b64_bytes, canonical_json, envelope_text, open_envelope, payload_of, trusted_cert


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
    row = conn.execute("SELECT id, shop, distributor, channel, campaign, hop, at_ms FROM events "
                       "WHERE brand = ? AND visitor = ? ORDER BY seq LIMIT 1", (brand, visitor)).fetchone()
    if row:
        eid, shop, distributor, channel, campaign, hop, at = row
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
    to store it under (the activity import's own, so its signed status changes can name it).
    The steps, in the order their checks answer: a retry, the shop and brand, the signed release,
    the lines, the contact, the prices; then the buyer, the binding, the chain's split, the rows."""
    replayed = replayed_order(conn, body["key"], digest)
    if replayed is not None:
        return "replay", replayed
    o = types.SimpleNamespace(key=body["key"], now=now)
    order_shop(conn, body, o)
    order_catalog(conn, o)
    o.wanted = order_lines(body)
    errors = validate_contact(body.get("contact"))
    if errors:
        raise ApiError(422, "invalid_contact", "Some contact details need fixing: " +
                       " ".join(errors[k] for k in ("name", "phone", "address") if k in errors), fields=errors)
    price_lines(o)
    order_buyer(conn, body, o)
    o.id = bind_customer(conn, o, order_id)
    split_commission(conn, o)
    response = order_answer(conn, o)
    write_order(conn, o, digest, response)
    return "new", response


def replayed_order(conn, key, digest):
    """The stored answer when this idempotency key was used for the very same order, else None."""
    # The key is unique per brand (schema: orders); looked up whatever the brand, so a key used for
    # one brand's order is not taken again for another's.
    rows = conn.execute("SELECT body_sha256, response FROM orders WHERE idem_key = ?", (key,)).fetchall()
    for row in rows:
        if row[0] == digest:
            return row[1]
    if rows:
        raise ApiError(409, "idempotency_conflict",
                       "An order with this key was already placed with other contents. A retry must send the "
                       "very same order; a new order needs a new key.")
    return None


def order_shop(conn, body, o):
    """The shop (slug, its distributor, manifest), the brand it carries, the distributor still active."""
    o.slug = body.get("shop")
    shop = conn.execute("SELECT distributor, seq FROM shops WHERE slug = ?", (o.slug,)).fetchone() \
        if is_slug(o.slug) else None
    if not shop:
        raise ApiError(404, "unknown_shop", "There is no shop at this address, so it cannot take the order.")
    o.shop_dist, manifest_seq = shop
    o.manifest = payload_of(manifest_seq, conn.execute("SELECT envelope FROM documents WHERE seq = ?",
                                                       (manifest_seq,)).fetchone()[0])
    o.brand = body.get("brand")
    if not isinstance(o.brand, str) or o.brand not in o.manifest.get("brands", []):
        raise ApiError(422, "brand_not_in_shop", "This shop does not carry that brand.")
    enr = enrollment_row(conn, o.brand, o.shop_dist)
    if not enr or not enr[2]:
        raise ApiError(422, "shop_inactive", "This shop's distributor is no longer active with the brand, so the "
                                             "shop cannot take orders for it.")


def order_catalog(conn, o):
    """The brand's verified release (prices come from it only), its product index, the shop's selection."""
    o.release, release_seq, o.cert = verified_release(conn, o.brand)
    if o.release is None:
        raise ApiError(422, "no_release", "The brand has no verified catalog here, so no price can be given.")
    o.index = product_index(release_seq, o.release)
    o.selection = o.manifest.get("products") or []


def order_lines(body):
    """[(product id, qty)] from the body's lines, each product once."""
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
    return wanted


def price_lines(o):
    """Each line priced from the signed release, when the shop sells it; the total."""
    unavailable = [pid for pid, _ in o.wanted if pid not in o.index or (o.selection and pid not in o.selection)]
    if unavailable:
        raise ApiError(422, "unavailable_products", "Some products are not (or no longer) sold in this shop: "
                       "remove them and try again.", products=[p[:MAX_PRODUCT_ID_CHARS] for p in unavailable])
    o.priced = []
    for pid, qty in o.wanted:
        prod = o.index[pid]
        o.priced.append({"product": pid, "title": prod.get("title", ""), "unit_price": prod["price"], "qty": qty,
                         "total": prod["price"] * qty})
    o.total = sum(line["total"] for line in o.priced)


def order_buyer(conn, body, o):
    """Who buys, through which referral, under which policy and payment method."""
    o.client_total = body.get("client_total") if is_int(body.get("client_total")) else None
    o.visitor = body.get("visitor") if isinstance(body.get("visitor"), str) and \
        VISITOR_RE.fullmatch(body["visitor"]) else ""
    touch_in = body.get("touch") if isinstance(body.get("touch"), dict) else {}
    o.channel, o.campaign, o.hop = clean_referral(touch_in.get("channel"), touch_in.get("campaign"),
                                                  touch_in.get("hop"))
    o.buyer_distributor = check_self_claim(conn, body["self"], o.key) if body.get("self") is not None else ""
    o.contact = body["contact"]
    o.locale = (o.cert or {}).get("locale") or ""
    o.customer = customer_key(o.contact["phone"], o.locale)
    # The buyer is the shop's distributor when they say so (a signed claim), or when the store can
    # tell: their device or their published number. Either way the brand's policy decides what a
    # self-purchase earns (core split_order) and whether their own visit binds (core apply_touch).
    o.self_seen = "claim" if o.buyer_distributor == o.shop_dist else \
        own_purchase(conn, o.shop_dist, o.visitor, o.customer, o.locale)
    o.policy = verified_policy(conn, o.brand, o.cert)
    o.method = payment_method(o.policy, body.get("payment"), (o.cert or {}).get("name") or o.brand)


def bind_customer(conn, o, order_id):
    """The customer's authoritative binding with this brand, under its policy, after this order's touch;
    who is credited, and whether the buyer is that distributor. The order's id (given, or a new one)."""
    released = None
    current = current_binding(conn, o.brand, o.customer)
    if current:
        bound_enr = enrollment_row(conn, o.brand, current["distributor"])
        if not bound_enr or not bound_enr[2]:
            released = ('The customer was bound to "%s", who is no longer an active distributor of this brand, so '
                        'that binding was released.' % current["distributor"])
            current = None
    touch = {"brand": o.brand, "distributor": o.shop_dist, "shop": o.slug, "channel": o.channel, "at": o.now,
             "self": bool(o.self_seen), "active": True}
    binding, o.rule, o.explanation = apply_touch(current, touch, o.policy)
    if released:
        o.explanation = released + " " + o.explanation
    order_id = order_id or random_id("o_")
    if binding is not None:
        binding = dict(binding)
        record_order(binding, o.now)
    o.pending = None
    if binding is not None and binding_made(binding, current) and o.policy["bind_on_paid"]:
        # The brand binds on payment: this order is credited as the binding would have it, but the
        # number is tied to nobody until the brand marks the order paid (bind_when_paid); an order
        # nobody pays binds no one.
        o.pending = touch
        o.explanation += (" %s binds a customer only once their order is paid: this order binds them when it is." %
                          ((o.cert or {}).get("name") or o.brand))
    if binding is not None and o.pending is None:
        store_binding(conn, o.brand, o.customer, binding, current, order_id, o.now)
    if binding is not None:
        o.credited, o.credited_shop = binding["distributor"], binding["shop"]
    else:
        o.credited, o.credited_shop = o.shop_dist, o.slug  # self-purchase with no binding: the seller's own chain
    if o.credited == o.shop_dist:
        o.self_by = o.self_seen
    else:  # bound elsewhere: is the buyer the distributor credited?
        o.self_by = "claim" if o.buyer_distributor == o.credited else \
            own_purchase(conn, o.credited, o.visitor, o.customer, o.locale)
    o.self_purchase = bool(o.self_by)
    o.binding, o.current = binding, current
    return order_id


def split_commission(conn, o):
    """The chain: the credited distributor up to level 1; nobody from the first inactive member up is
    paid. The split of the priced lines among the payable (core split_order)."""
    o.chain = enrollment_chain(conn, o.brand, o.credited)
    payable, o.chain_note = [], ""
    for member in o.chain:
        if not member["active"]:
            o.chain_note = ('"%s" (level %d) is not an active distributor, so the chain is not credited from them '
                            'up.' % (member["name"] or member["distributor"], member["level"]))
            break
        payable.append(member)
    if not o.chain:
        o.chain_note = "The credited distributor has no enrollment with this brand, so the brand keeps the order."
    o.split = split_order(o.priced, [m["distributor"] for m in payable], o.policy, o.self_purchase)
    names = {m["distributor"]: m["name"] for m in o.chain}
    for p in o.split["payees"]:
        p["name"] = names.get(p["distributor"], "")


def order_answer(conn, o):
    """The order as the buyer sees it (number, payment details, their binding): the response text."""
    o.last_touch = {"shop": o.slug, "distributor": o.shop_dist, "channel": o.channel, "campaign": o.campaign,
                    "hop": o.hop, "at": o.now, "source": "order"}
    o.first_touch = first_touch_of(conn, o.visitor, o.brand) or dict(o.last_touch)

    number = order_number(conn, o.now)
    o.token = secrets.token_urlsafe(24)
    o.currency = o.release.get("currency") or (o.cert or {}).get("currency", "")
    method = o.method
    # The method's details as the policy gives them now: the receipt stays right when it changes later.
    payment = {"kind": method.get("kind", "cod"), "account_name": method.get("account_name", ""),
               "account": method.get("account", ""), "bank": method.get("bank", ""), "url": method.get("url", ""),
               "label": method.get("label", ""), "reference": number}
    o.order = {"id": o.id, "number": number, "status": "placed", "brand": o.brand, "shop": o.slug,
               "currency": o.currency, "lines": o.priced, "total": o.total, "placed_ms": o.now, "payment": payment,
               "locale": (o.cert or {}).get("locale", "")}  # the receipt speaks the brand's language
    # The customer's binding as the store now holds it: the browser adopts it (the server is
    # authoritative at order time; an order also renews a window binding).
    held = o.current if o.pending else o.binding  # what the store holds now
    bound = ({"distributor": held["distributor"], "shop": held["shop"], "bound_ms": held["bound_ms"],
              "last_order_ms": held["last_order_ms"]} if held else None)
    return json.dumps({"order": o.order, "token": o.token, "lookup": "/o/%s?t=%s" % (o.id, o.token),
                       "binding": bound}, ensure_ascii=False)


def order_record(o):
    """What the order's provenance shows later: binding, chain, touches, split, policy, release."""
    binding, policy = o.binding, o.policy
    return {
        "order": o.order,
        "binding": {"mode": policy["mode"], "days": policy["days"], "rule": o.rule, "explanation": o.explanation,
                    "bound_distributor": binding["distributor"] if binding else "",
                    "bound_shop": binding["shop"] if binding else "", "bound_ms": binding["bound_ms"] if binding else 0,
                    "shop_distributor": o.shop_dist, "credited_distributor": o.credited,
                    "credited_shop": o.credited_shop, "pending_until_paid": o.pending},
        "chain": o.chain, "chain_note": o.chain_note,
        "first_touch": o.first_touch, "last_touch": o.last_touch,
        "split": {"payees": o.split["payees"], "brand": o.split["brand"], "rule": o.split["rule"],
                  "self_purchase": o.self_purchase, "self_purchase_by": o.self_by},
        "policy": {"version": policy["version"], "mode": policy["mode"], "days": policy["days"],
                   "levels": policy["levels"], "overrides": policy["overrides"],
                   "allow_self_purchase": policy["allow_self_purchase"]},
        "buyer_distributor": o.buyer_distributor, "release_version": o.release.get("version", 0),
        "hashes": {pid: o.index[pid].get("hash", "") for pid, _ in o.wanted},
        "client_total": o.client_total, "total_matched": o.client_total == o.total,
    }


def write_order(conn, o, digest, response):
    """The order's row, its commission shares and its first status."""
    record = order_record(o)
    contact = o.contact
    conn.execute(
        "INSERT INTO orders (id, number, token, idem_key, body_sha256, brand, shop, shop_distributor, distributor, "
        "customer, visitor, currency, total, client_total, total_matched, release_version, placed_ms, contact, "
        "record, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (o.id, o.order["number"], o.token, o.key, digest, o.brand, o.slug, o.shop_dist, o.credited, o.customer,
         o.visitor, o.currency, o.total, o.client_total, 1 if o.client_total == o.total else 0,
         o.release.get("version", 0), o.now,
         json.dumps({k: contact[k] for k in ("name", "phone", "address")}, ensure_ascii=False),
         json.dumps(record, ensure_ascii=False), response))
    order_seq = conn.execute("SELECT seq FROM orders WHERE brand = ? AND id = ?", (o.brand, o.id)).fetchone()[0]
    record_shares(conn, order_seq, o.brand, o.split["payees"], o.policy["freeze_days"])
    conn.execute("INSERT INTO order_status (brand, order_id, status, at_ms, received_ms) VALUES (?, ?, 'placed', ?, ?)",
                 (o.brand, o.id, o.now, o.now))


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
    hist = conn.execute("SELECT status, envelope FROM order_status WHERE brand = ? AND order_id = ? ORDER BY seq",
                        (row[0], order_id)).fetchall()
    if any(env == text for _, env in hist):
        return "replay"  # the same signed change again: already applied
    current = hist[-1][0]
    if status not in STATUS_FLOW[current]:
        allowed = STATUS_FLOW[current]
        raise ApiError(409, "bad_transition", "The order is %s; %s." % (
            current, "it can become %s" % " or ".join(allowed) if allowed else "nothing follows that"),
            current=current)
    conn.execute("INSERT INTO order_status (brand, order_id, status, at_ms, received_ms, envelope) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (row[0], order_id, status, p["at"], now, text))
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
                  if made else "last_order_ms = CASE WHEN excluded.last_order_ms > bindings.last_order_ms "
                  "THEN excluded.last_order_ms ELSE bindings.last_order_ms END"),
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
        "o.placed_ms >= ? AND (SELECT s.status FROM order_status s WHERE s.brand = o.brand AND s.order_id = o.id "
        "ORDER BY s.seq DESC LIMIT 1) "
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


# [SECTION] Endpoints ------------------------------------------------------------------------------

def post_order(req):
    body, digest = order_body(req.read_body(MAX_SMALL_BODY_BYTES))
    app = req.app
    kind, text = app.store.group.submit(lambda conn: place_order(conn, body, digest, now_ms(), app))
    return req.send_json(201 if kind == "new" else 200, text, cache="no-store", etag=False)


def lookup_order(req):
    body = req.json_body('{"number", "phone"}')
    number = body.get("number") if isinstance(body, dict) else None
    phone = body.get("phone") if isinstance(body, dict) else None
    if not isinstance(number, str) or not isinstance(phone, str) or len(number) > 40 or len(phone) > 64:
        raise ApiError(400, "bad_request", 'Send {"number": "DS-...", "phone": "the phone number of the order"}.')
    # A hit gives a name and an address: guesses are limited per network and per order number.
    # Only misses spend (a customer who types it right is never slowed down).
    limits, addr, number = req.app.limits, req.client_key(), number.strip().upper()
    wait = max(limits.wait_s("lookup_address", addr), limits.wait_s("lookup_order", number))
    if wait:
        raise too_many(wait, "Too many order lookups did not match.")
    with req.app.store.reader() as conn:
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
    return req.send_json(200, {"id": row[0], "token": row[1]}, cache="no-store", etag=False)


def get_order(req, order_id):
    query = req.query
    token = urllib.parse.parse_qs(query).get("t", [""])[0]
    with req.app.store.reader() as conn:
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
    return req.send_json(200, {"order": order, "contact": contact}, cache="no-store", etag=False)


def post_status(req, order_id):
    body = req.json_body('{"envelope": {"payload", "key", "sig"}}')
    env = body.get("envelope", body) if isinstance(body, dict) else body
    opened = open_envelope(env)
    kind = req.app.store.group.submit(lambda conn: apply_status(conn, order_id, opened, now_ms()))
    with req.app.store.reader() as conn:
        history = order_history(conn, order_id)
    return req.send_json(201 if kind == "new" else 200,
                          {"order": order_id, "status": history[-1]["status"], "history": history},
                          cache="no-store", etag=False)


def provenance(req, order_id):
    key = req.signer()
    with req.app.store.reader() as conn:
        found = load_order(conn, order_id)
        if not found:
            raise ApiError(404, "no_such_order", "There is no such order.")
        row, rec = found
        cert = brand_cert(conn, row["brand"])
        is_brand = cert is not None and cert[1] == key
        allowed = is_brand
        if not allowed:
            members = [m["distributor"] for m in rec["chain"]] + [row["shop_distributor"]]
            keys = [r[0] for r in conn.execute("SELECT key FROM distributors WHERE distributor " + IN_JSON_LIST, (json.dumps(members),))]
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
    return req.send_json(200, out, cache="no-store", etag=False)


def post_device(req, slug):
    """{"visitor"} signed by the shop's distributor: this browser is theirs (the editor says so when
    they sign in). Orders from it, credited to them, are their own purchases."""
    data = req.read_body(MAX_SMALL_BODY_BYTES)
    key = req.signer(data)
    try:
        body = parse_json_text(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        body = None
    visitor = body.get("visitor") if isinstance(body, dict) else None
    if not isinstance(visitor, str) or VISITOR_RE.fullmatch(visitor) is None:
        raise ApiError(400, "bad_request", 'Send {"visitor": "v_..."}, the visitor id of this browser.')

    def tx(conn):
        distributor = own_shop(conn, slug, key, "devices")
        record_device(conn, distributor, visitor, now_ms())
        return distributor
    distributor = req.app.store.write(tx, bump=False)
    return req.send_json(200, {"distributor": distributor, "visitor": visitor}, cache="no-store", etag=False)
