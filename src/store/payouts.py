"""Payouts: what brands owe distributors, and what they paid.

[SECTION] Settlement  the brands' ledgers, payout batches and line marks, distributors' statements
[SECTION] Endpoints   the route table's handlers (routes.py): brand_ledger, brand_payouts, post_payout,
                      payout_csv, post_line_mark, shop_statements
"""
import gzip
import json
import re
import sys
import threading

try:
    import nacl.exceptions
    import nacl.signing
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write("serve.py needs python3-nacl: apt-get install python3-nacl, and run it with /usr/bin/python3\n")
    sys.exit(2)

from .config import log, now_ms
from .errors import ApiError, core_error, is_id, is_int, parse_json_text
from .events import verified_policy
from .referral import EVENT_FUTURE_SLACK_MS
from .schema import ORDERED_JOIN, SET_META
from .shops import own_shop
from .core import CORE
from .trust import PAYLOADS, b64_bytes, envelope_text, open_envelope, payload_of, trusted_cert


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
                store.write(lambda c: c.execute(SET_META, ("ledger_backfilled", "1")), bump=False)
            return

    def tx(conn):
        done = {r[0] for r in conn.execute("SELECT DISTINCT order_seq FROM ledger_shares")}
        for seq, brand, record in conn.execute("SELECT seq, brand, record FROM orders ORDER BY seq").fetchall():
            if seq in done:
                continue
            rec = json.loads(record)
            freeze = (rec.get("policy") or {}).get("freeze_days", 7)
            record_shares(conn, seq, brand, (rec.get("split") or {}).get("payees", []), freeze if is_int(freeze) else 7)
        conn.execute(SET_META, ("ledger_backfilled", "1"))
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
            "JOIN orders o ON o.brand = s.brand AND o.seq = s.order_seq WHERE s.brand = ? AND s.order_seq > ? ORDER BY s.order_seq, s.level",
            (brand, self.order_seq))
        added, last = self.ledger.add_share_rows(cursor)  # grouped into orders by the core, row by row
        if added:
            self.order_seq = last
        # Statuses count from when the store learned of them, never earlier: a late, back-dated
        # delivery or refund cannot rewrite a batch already made. (Only the changes since the last
        # read, by their own sequence, up to the last there was when the read began: the changes
        # that matter not (paid) are passed over once, and one stored meanwhile is read next time.)
        upto = conn.execute("SELECT MAX(seq) FROM order_status WHERE brand = ?", (brand,)).fetchone()[0] or 0
        self.ledger.apply_status_rows(conn.execute(
            "SELECT s.seq, o.seq, s.status, CASE WHEN s.at_ms > s.received_ms THEN s.at_ms ELSE s.received_ms END "
            "FROM order_status s " + ORDERED_JOIN + " orders o ON o.brand = s.brand AND o.id = s.order_id "
            "WHERE s.brand = ? AND s.seq > ? AND s.seq <= ? AND s.status IN ('delivered', 'refunded', 'cancelled') "
            "ORDER BY s.seq", (brand, self.status_seq, upto)))
        self.status_seq = max(self.status_seq, upto)

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
    existing = conn.execute("SELECT envelope FROM payout_batches WHERE brand = ? AND id = ?", (brand, bid)).fetchone()
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
    row = conn.execute("SELECT envelope FROM payout_marks WHERE brand = ? AND batch = ? AND payee = ?",
                       (brand, batch_id, p.get("payee") if isinstance(p.get("payee"), str) else "")).fetchone()
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
                    r = conn.execute("SELECT number FROM orders WHERE brand = ? AND id = ?", (brand, e["order"])).fetchone()
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


# [SECTION] Endpoints ------------------------------------------------------------------------------

def brand_ledger(req, brand):
    key = req.signer()
    app = req.app
    with app.store.reader() as conn:
        cert, _ = brand_for_settlement(conn, brand, key)
        bl = app.ledgers.get(conn, brand, cert.get("currency", ""))
        try:
            body, gz, etag = bl.encoded()
            orders, shares = len(bl.ledger), bl.ledger.share_count
        finally:
            bl.lock.release()
    return req.send_bytes(200, body, "application/octet-stream", {
        "Cache-Control": "no-cache", "X-Ledger-Orders": str(orders), "X-Ledger-Shares": str(shares)},
        gz=gz, etag=etag, compressible=True)


def brand_payouts(req, brand):
    key = req.signer()
    with req.app.store.reader() as conn:
        cert, policy = brand_for_settlement(conn, brand, key)
        batches, marks = stored_batches(conn, brand)
        views = CORE.batch_view(batches, marks)
        payees = sorted({line["payee"] for b in views for line in b["lines"]} |
                        {r[0] for r in conn.execute("SELECT distributor FROM enrollments WHERE brand = ?", (brand,))})
        details = payee_details(conn, brand, payees)
    out = {"brand": brand, "currency": cert.get("currency", ""), "policy_version": policy["version"],
           "min_payout": policy["min_payout"], "freeze_days": policy["freeze_days"], "now": now_ms(),
           "batches": views, "payees": {d: {"name": n, "account": a} for d, (n, a) in details.items()}}
    return req.send_json(200, out, cache="no-store", etag=False)


def post_payout(req, brand):
    data = req.read_body(MAX_BATCH_BYTES)
    try:
        body = parse_json_text(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "malformed_json", "The body is not valid JSON. Send {\"envelope\": {...}}.")
    if not isinstance(body, dict) or "envelope" not in body:
        raise ApiError(400, "bad_request", "Send {\"envelope\": the brand-signed payout batch}.")
    opened = open_envelope(body["envelope"])
    app = req.app
    kind, batch = app.store.write(lambda conn: apply_batch(conn, app.ledgers, brand, opened, now_ms()), bump=False)
    return req.send_json(201 if kind == "new" else 200, {"ok": True, "stored": kind == "new", "batch": batch},
                          cache="no-store", etag=False)


def payout_csv(req, brand, batch_id):
    key = req.signer()
    with req.app.store.reader() as conn:
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
    return req.send_bytes(200, csv, "text/csv; charset=utf-8", {
        "Cache-Control": "no-store", "Content-Disposition": 'attachment; filename="%s.csv"' % batch_id},
        compressible=True)


def post_line_mark(req, brand, batch_id):
    body = req.json_body('{"envelope": the brand-signed payout_line}')
    if not isinstance(body, dict) or "envelope" not in body:
        raise ApiError(400, "bad_request", "Send {\"envelope\": the brand-signed payout_line}.")
    opened = open_envelope(body["envelope"])
    kind, mark = req.app.store.write(lambda conn: apply_line_mark(conn, brand, batch_id, opened, now_ms()), bump=False)
    return req.send_json(201 if kind == "new" else 200, {"ok": True, "stored": kind == "new", "mark": mark},
                          cache="no-store", etag=False)


def shop_statements(req, slug):
    key = req.signer()
    with req.app.store.reader() as conn:
        distributor = own_shop(conn, slug, key, "payouts")
        out = statements_of(conn, req.app.ledgers, distributor)
    return req.send_json(200, out, cache="no-store", etag=False)
