"""Activity: the dashboards' events, orders and status changes.

[SECTION] Activity   events, orders and status changes for the dashboards, paged by cursor; a distributor's
                     team
[SECTION] Endpoints  the route table's handlers (routes.py): shop_activity, shop_team, brand_activity
"""
import hashlib
import hmac
import json
import re
import urllib.parse

from .config import now_ms
from .documents import brand_cert
from .errors import ApiError, is_id
from .events import EVENT_COLUMNS, event_json, verified_policy
from .referral import ACTIVITY_EVENTS_CAP, ACTIVITY_ORDERS_CAP, ACTIVITY_STATUS_CAP, binding_lapsed
from .schema import IN_JSON_LIST
from .shops import own_shop
from .trust import trusted_cert


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
        for oid, s, at in conn.execute("SELECT order_id, status, at_ms FROM order_status WHERE order_id " + IN_JSON_LIST +
                                       " ORDER BY seq", (json.dumps(ids),)):
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
        ev_rows = conn.execute("SELECT " + EVENT_COLUMNS + " FROM events e "
                               "WHERE e.brand = ? AND e.seq > ? AND e.received_ms >= ? ORDER BY e.seq LIMIT ?",
                               (brand, ev_after, since, ACTIVITY_EVENTS_CAP)).fetchall()
        or_rows = conn.execute("SELECT id, seq, brand, customer, contact, record FROM orders WHERE brand = ? AND "
                               "seq > ? AND placed_ms >= ? ORDER BY seq LIMIT ?",
                               (brand, or_after, since, ACTIVITY_ORDERS_CAP)).fetchall()
        st_rows = conn.execute("SELECT s.seq, s.order_id, s.status, s.at_ms FROM order_status s "
                               "WHERE s.brand = ? AND s.seq > ? AND s.received_ms >= ? "
                               "ORDER BY s.seq LIMIT ?", (brand, st_after, since, ACTIVITY_STATUS_CAP)).fetchall()
        events = [event_json(r) for r in ev_rows]
        orders = activity_orders(conn, or_rows, salt, True)
        scanned = or_rows
    else:
        members = json.dumps(sorted({d for _, d in team}))
        ev_rows = conn.execute("SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.distributor " + IN_JSON_LIST +
                               " AND e.seq > ? AND e.received_ms >= ? ORDER BY e.seq LIMIT ?",
                               (members, ev_after, since, ACTIVITY_EVENTS_CAP)).fetchall()
        # An event is a row per brand it names (all of them in each row's brands, in one order): it
        # is sent once, as the row of the first of its brands the member is in the team for. Each
        # row decides alone, so an event whose rows fall on two pages is not sent twice.
        events = []
        for r in ev_rows:
            first = next((b for b in json.loads(r[6]) if (b, r[5]) in team), None)
            if first is not None and first == r[1]:
                events.append(event_json(r))
        or_rows = conn.execute("SELECT id, seq, brand, customer, contact, record FROM orders WHERE seq > ? AND "
                               "placed_ms >= ? AND (shop_distributor " + IN_JSON_LIST + " OR "
                               "distributor " + IN_JSON_LIST + ") ORDER BY seq LIMIT ?",
                               (or_after, since, members, members, ACTIVITY_ORDERS_CAP)).fetchall()
        scanned = or_rows
        or_rows = []
        for r in scanned:
            b = json.loads(r[5])["binding"]
            if (r[2], b["shop_distributor"]) in team or (r[2], b["credited_distributor"]) in team:
                or_rows.append(r)
        st_rows = conn.execute("SELECT s.seq, s.order_id, s.status, s.at_ms FROM order_status s JOIN orders o ON "
                               "o.brand = s.brand AND o.id = s.order_id WHERE s.seq > ? AND s.received_ms >= ? AND "
                               "(o.shop_distributor " + IN_JSON_LIST + " OR o.distributor " + IN_JSON_LIST +
                               ") ORDER BY s.seq LIMIT ?",
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
                        "JOIN distributors d ON d.distributor = e.distributor WHERE e.distributor " + IN_JSON_LIST +
                        " ORDER BY e.brand, e.level, e.name, e.distributor", (members,)).fetchall()
    sales = {}
    for brand, dist, currency, n, total in conn.execute(
            "SELECT o.brand, o.shop_distributor, o.currency, COUNT(*), SUM(o.total) FROM orders o WHERE "
            "o.shop_distributor " + IN_JSON_LIST + " AND NOT EXISTS (SELECT 1 FROM order_status s "
            "WHERE s.brand = o.brand AND s.order_id = o.id AND s.status IN ('cancelled', 'refunded')) GROUP BY 1, 2, 3", (members,)):
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


# [SECTION] Endpoints ------------------------------------------------------------------------------

def shop_activity(req, slug):
    query = req.query
    key = req.signer()
    since, *cursors = parse_activity_query(query)
    with req.app.store.reader() as conn:
        distributor = own_shop(conn, slug, key, "activity")
        out = activity(conn, since, cursors, req.app.customer_salt, team=team_of(conn, distributor),
                       requester=distributor)
    return req.send_json(200, out, cache="no-store", etag=False)


def shop_team(req, slug):
    key = req.signer()
    with req.app.store.reader() as conn:
        distributor = own_shop(conn, slug, key, "team")
        out = {"distributor": distributor, "members": team_members(conn, team_of(conn, distributor))}
    return req.send_json(200, out, cache="no-store", etag=False)


def brand_activity(req, brand):
    query = req.query
    key = req.signer()
    since, *cursors = parse_activity_query(query)
    with req.app.store.reader() as conn:
        cert = brand_cert(conn, brand) if is_id(brand) else None
        if not cert:
            raise ApiError(404, "unknown_brand", "There is no such brand.")
        if cert[1] != key:
            raise ApiError(403, "not_allowed", "Only the brand's own key can see the brand's activity.")
        out = activity(conn, since, cursors, req.app.customer_salt, brand=brand)
    return req.send_json(200, out, cache="no-store", etag=False)
