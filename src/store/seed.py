"""Seed: a new store's documents and images, and generated activity, imported through the write path.

[SECTION] Seed  import through the same write path: the seed folder and generated activity
"""
import hashlib
import json
import os
import re
import time

from .config import IMG_NAME_RE, MAX_IMAGE_BYTES, log, now_ms
from .documents import ANY_VERSION, apply_document
from .errors import ApiError, IntegrityError, bad_document, is_int, parse_json_text
from .events import ShopIndex, clean_event, store_events
from .images import image_info, store_image_file
from .orders import apply_status, place_order
from .payouts import Ledgers, apply_batch, apply_line_mark
from .referral import EVENT_FUTURE_SLACK_MS, EVENT_MIN_AT_MS, ORDER_KEY_RE
from .schema import SET_META
from .trust import b64_bytes, canonical_json, open_envelope


# [SECTION] Seed -----------------------------------------------------------------------------------

def load_root_key(seed_dir):
    path = os.path.join(seed_dir, "trust.json")
    try:
        with open(path, "rb") as f:
            doc = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        raise SystemExit("serve.py: cannot read %s (%s); it must hold {\"root_key\": \"<base64>\"}" % (path, e))
    key = b64_bytes(doc.get("root_key") if isinstance(doc, dict) else None, 32)
    if key is None:
        raise SystemExit("serve.py: %s has no valid \"root_key\" (base64 Ed25519 public key)" % path)
    return key


def import_seed(store, seed_dir, root_key):
    """Imports the images, then documents.jsonl through apply_document (the API's write path) in one
    transaction, each line in its own savepoint so a refused line is reported and skipped. Images come
    first: an article may name only pictures the store holds."""
    docs_path = os.path.join(seed_dir, "documents.jsonl")
    report = {"imported": 0, "refused": 0, "images": 0, "images_refused": 0}
    lines = []
    if os.path.isfile(docs_path):
        with open(docs_path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
    now = now_ms()

    def tx(conn):
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            kind = "?"
            conn.execute("SAVEPOINT seed_line")
            try:
                try:
                    item = parse_json_text(line)
                except ValueError:
                    raise bad_document("The line is not valid JSON.")
                if not isinstance(item, dict):
                    raise bad_document("The line is not a {\"kind\", \"envelope\"} object.")
                kind = item.get("kind", "?")
                try:
                    apply_document(conn, item.get("envelope"), ANY_VERSION, root_key, now, expect_kind=kind)
                except IntegrityError as e:
                    raise ApiError(409, "conflict", "It conflicts with a stored document (%s)." % e)
                conn.execute("RELEASE seed_line")
                report["imported"] += 1
            except ApiError as e:
                conn.execute("ROLLBACK TO seed_line")
                conn.execute("RELEASE seed_line")
                report["refused"] += 1
                log("seed: refused line %d (%s): %s: %s" % (n, kind, e.code, e.message))
        conn.execute(SET_META, ("seed_imported_ms", str(now)))

    img_dir = os.path.join(seed_dir, "images")
    if os.path.isdir(img_dir):
        rows = []
        for name in sorted(os.listdir(img_dir)):
            m = IMG_NAME_RE.fullmatch(name)
            path = os.path.join(img_dir, name)
            if not m or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                data = f.read(MAX_IMAGE_BYTES + 1)
            sha = hashlib.sha256(data).hexdigest()
            try:
                if len(data) > MAX_IMAGE_BYTES:
                    raise ApiError(413, "too_large", "larger than 8 MB")
                if sha != m.group(1):
                    raise ApiError(422, "bad_image", "its content does not match the SHA-256 in its name")
                ext, w, h = image_info(data, "image/png" if m.group(2) == "png" else "image/jpeg")
                if ext != m.group(2):
                    raise ApiError(422, "bad_image", "its content does not match its extension")
            except ApiError as e:
                report["images_refused"] += 1
                log("seed: refused image %s: %s" % (name, e.message))
                continue
            store_image_file(store.images_dir, sha, ext, source=path)
            rows.append((sha, ext, w, h, len(data), now))
        if rows:
            store.write(lambda conn: conn.executemany(
                "INSERT INTO images (sha256, ext, w, h, bytes, stored_ms) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (sha256) DO NOTHING", rows))
        report["images"] = len(rows)
    store.write(tx)
    log("seed: imported %d documents (%d refused) and %d images (%d refused) from %s" %
        (report["imported"], report["refused"], report["images"], report["images_refused"], seed_dir))
    return report


# Generated activity (gen_demo --scale writes DIR/activity; see tools/demo/scale_activity.h), imported with
# --import-activity DIR through the API's own rules: each event through clean_event (as POST
# /api/events), each order through place_order at its placed_ms (as POST /api/orders: priced from the
# signed release, bound, split), each status change through apply_status (brand-signed, in the flow).
# Events by id once, orders by key once, status changes by envelope once: importing again adds nothing.

ACTIVITY_EVENTS_PER_TX = 20000


ACTIVITY_ORDERS_PER_TX = 1000


IMPORT_ORDER_ID_RE = re.compile(r"o_[a-z2-7]{16}")


def read_ndjson(path):
    """(line number, object or None when the line is not JSON) for each non-empty line, streamed."""
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                yield n, parse_json_text(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                yield n, None


def import_activity(store, folder):
    """Imports folder/events.ndjson, then folder/orders.ndjson (and folder/payouts.ndjson when there), in
    bulk transactions. Returns the report (counts, refusals by reason, seconds); every refused line is
    counted and the first few logged."""
    return ActivityImport(store, folder).run()


class ActivityImport:
    """One import of an activity folder, in its steps: the events, then the orders with their status
    changes (each order and each change in a savepoint of its batch's transaction), then payouts."""

    def __init__(self, store, folder):
        self.store, self.folder = store, folder
        self.paths = [os.path.join(folder, name) for name in ("events.ndjson", "orders.ndjson")]
        missing = [p for p in self.paths if not os.path.isfile(p)]
        if missing:
            raise SystemExit("serve.py: %s is not an activity folder (no %s); gen_demo --scale --out DIR writes "
                             "one into DIR/activity" % (folder, ", ".join(os.path.basename(p) for p in missing)))
        self.report = {"events": 0, "event_duplicates": 0, "events_refused": 0, "orders": 0, "order_replays": 0,
                       "orders_refused": 0, "status_changes": 0, "status_replays": 0, "statuses_refused": 0,
                       "refused": {}}
        self.logged = 0

    def refuse(self, what, n, reason, detail=""):
        self.report[{"event": "events", "order": "orders", "status": "statuses"}[what] + "_refused"] += 1
        self.report["refused"][reason] = self.report["refused"].get(reason, 0) + 1
        if self.logged < 10:
            self.logged += 1
            log("activity: refused %s on line %d: %s%s" % (what, n, reason, (": " + detail) if detail else ""))

    def run(self):
        t0 = time.perf_counter()
        self.import_events()
        t1 = time.perf_counter()
        self.import_orders()
        import_payouts(self.store, os.path.join(self.folder, "payouts.ndjson"), self.report, self.refuse)
        t2 = time.perf_counter()
        r = self.report
        r["events_seconds"], r["orders_seconds"], r["seconds"] = t1 - t0, t2 - t1, t2 - t0
        log("activity: imported %d events (%d already stored, %d refused) in %.1f s (%.0f/s); %d orders (%d already "
            "stored, %d refused) with %d status changes (%d already stored, %d refused) in %.1f s (%.0f orders/s); "
            "%.1f s in all, from %s" % (
                r["events"], r["event_duplicates"], r["events_refused"], t1 - t0,
                (r["events"] + r["event_duplicates"]) / max(t1 - t0, 1e-9), r["orders"],
                r["order_replays"], r["orders_refused"], r["status_changes"], r["status_replays"],
                r["statuses_refused"], t2 - t1, (r["orders"] + r["order_replays"]) / max(t2 - t1, 1e-9),
                t2 - t0, self.folder))
        return r

    # [SECTION] Events: cleaned as the live endpoint cleans them (no window on their age), stored once

    def import_events(self):
        shops = ShopIndex(self.store).sync()  # the import writes no documents: one generation throughout
        rows = []

        def flush():
            if rows:
                stored = self.store.write(lambda conn: store_events(self.store, conn, rows), bump=False)
                self.report["events"] += stored
                self.report["event_duplicates"] += len(rows) - stored
                del rows[:]

        received = now_ms()
        for n, ev in read_ndjson(self.paths[0]):
            row, why = clean_event(ev, shops, received, past_window_ms=None)
            if row is None:
                self.refuse("event", n, why["reason"])
                continue
            rows.append(row)
            if len(rows) >= ACTIVITY_EVENTS_PER_TX:
                flush()
                received = now_ms()
        flush()

    # [SECTION] Orders: each line's form, then place_order and apply_status as the live endpoints do

    def import_orders(self):
        batch = []
        for n, item in read_ndjson(self.paths[1]):
            line = self.order_line(n, item)
            if line is None:
                continue
            batch.append(line)
            if len(batch) >= ACTIVITY_ORDERS_PER_TX:
                self.store.write(lambda conn, b=batch: self.place_batch(conn, b), bump=False)
                batch = []
        if batch:
            self.store.write(lambda conn: self.place_batch(conn, batch), bump=False)

    def order_line(self, n, item):
        """(n, id, placed_ms, order, its digest, statuses), or None (refused, with the reason)."""
        body = item.get("order") if isinstance(item, dict) else None
        oid = item.get("id") if isinstance(item, dict) else None
        placed = item.get("placed_ms") if isinstance(item, dict) else None
        statuses = item.get("statuses", []) if isinstance(item, dict) else None
        if not isinstance(body, dict) or not isinstance(oid, str) or IMPORT_ORDER_ID_RE.fullmatch(oid) is None \
                or not isinstance(statuses, list):
            return self.refuse("order", n, "bad_line", '{"id": "o_<16 base32>", "placed_ms", "order": {...}, "statuses": [...]}')
        if not is_int(placed) or placed < EVENT_MIN_AT_MS or placed > now_ms() + EVENT_FUTURE_SLACK_MS:
            return self.refuse("order", n, "bad_time", "placed_ms is not a plausible UTC time in ms")
        key = body.get("key")
        if not isinstance(key, str) or ORDER_KEY_RE.fullmatch(key) is None:
            return self.refuse("order", n, "bad_key")
        try:
            digest = hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
        except (UnicodeEncodeError, ValueError):
            return self.refuse("order", n, "bad_text")
        return (n, oid, placed, body, digest, statuses)

    def place_batch(self, conn, batch):
        now = now_ms()
        for n, oid, placed, body, digest, statuses in batch:
            conn.execute("SAVEPOINT activity_order")
            try:
                kind, _ = place_order(conn, body, digest, placed, None, order_id=oid)
                conn.execute("RELEASE activity_order")
            except (ApiError,) + IntegrityError as e:
                conn.execute("ROLLBACK TO activity_order")
                conn.execute("RELEASE activity_order")
                if isinstance(e, ApiError):
                    self.refuse("order", n, e.code, e.message)
                else:
                    self.refuse("order", n, "id_taken", "another order is stored under %s" % oid)
                continue
            self.report["orders" if kind == "new" else "order_replays"] += 1
            for st in statuses:
                self.apply_status_line(conn, n, oid, placed, st, now)

    def apply_status_line(self, conn, n, oid, placed, st, now):
        conn.execute("SAVEPOINT activity_status")
        try:
            opened = open_envelope(st.get("envelope") if isinstance(st, dict) else None)
            # History: the store learned of each change when it happened (settlement counts from the
            # store's time), never before the order, never in the future.
            at = opened.payload.get("at")
            done = apply_status(conn, oid, opened, min(now, max(placed, at)) if is_int(at) else now)
            conn.execute("RELEASE activity_status")
            self.report["status_changes" if done == "new" else "status_replays"] += 1
        except ApiError as e:
            conn.execute("ROLLBACK TO activity_status")
            conn.execute("RELEASE activity_status")
            self.refuse("status", n, e.code, e.message)


def import_payouts(store, path, report, refuse):
    """folder/payouts.ndjson (optional): brand-signed payout batches and line marks, in the order they
    were made, through the same checks as POST /api/brands/<b>/payouts (each batch recomputed by the
    core over the store's ledger as of then)."""
    if not os.path.isfile(path):
        return
    report.update(batches=0, batch_replays=0, marks=0, mark_replays=0, payouts_refused=0)
    ledgers = Ledgers()
    for n, item in read_ndjson(path):
        kind = "batch" if isinstance(item, dict) and "batch" in item else "mark"
        try:
            opened = open_envelope(item.get(kind) if isinstance(item, dict) else None)
            p = opened.payload
            brand = p.get("brand") if isinstance(p.get("brand"), str) else ""
            if kind == "batch":
                at = p.get("created_ms") if is_int(p.get("created_ms")) else now_ms()
                done, _ = store.write(lambda conn: apply_batch(conn, ledgers, brand, opened, min(at, now_ms())), bump=False)
            else:
                at = p.get("at") if is_int(p.get("at")) else now_ms()
                done, _ = store.write(lambda conn: apply_line_mark(conn, brand, p.get("batch"), opened, min(at, now_ms())),
                                      bump=False)
            key = ("batches" if kind == "batch" else "marks") if done == "new" else \
                ("batch_replays" if kind == "batch" else "mark_replays")
            report[key] += 1
        except ApiError as e:
            report["payouts_refused"] += 1
            refuse("order", n, e.code, "payouts.ndjson: " + e.message)
    log("activity: %d payout batches and %d line marks imported (%d already stored, %d refused)" % (
        report["batches"], report["marks"], report["batch_replays"] + report["mark_replays"], report["payouts_refused"]))
