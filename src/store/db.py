"""Store: the SQLite file (or PostgreSQL: postgres.py), its connections and its one write path.

[SECTION] Store  connections, one transaction per write, group commit, generation counter for caches;
                 open_store picks the backend
"""
import contextlib
import json
import os
import queue
import sqlite3
import threading

from .auth import SeenRequests
from .config import log
from .documents import note_image_refs, stored_enrollment_consented
from .errors import ApiError, DatabaseError
from .referral import brand_locale, customer_key
from .schema import BEGIN_WRITE, SCHEMA, SET_META


# [SECTION] Store ----------------------------------------------------------------------------------

def table_ddl(name, as_name=None):
    """SCHEMA's CREATE TABLE statement of one table (under another name: as_name), for the upgrades
    that make a table again."""
    start = "CREATE TABLE IF NOT EXISTS %s (" % name
    body = SCHEMA[SCHEMA.index(start):]
    end = body.index("\n)") + 2
    create = body[:end] + (" WITHOUT ROWID" if body[end:].startswith(" WITHOUT ROWID") else "")
    return create if as_name is None else create.replace(start, "CREATE TABLE %s (" % as_name)


def open_store(data_dir, db_url=None):
    """The store: SQLite in data_dir (the default), or PostgreSQL at db_url (postgresql://...; the
    pictures stay in data_dir)."""
    if db_url:
        from .postgres import PostgresStore  # psycopg is needed only then
        return PostgresStore(data_dir, db_url)
    return Store(data_dir)


def connect(path):
    conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before the response that acknowledges it is sent.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class StoreReads:
    """What both stores (SQLite here, PostgreSQL in postgres.py) read the same way."""

    def meta(self, conn, key):
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def is_empty(self):
        with self.reader() as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


class Store(StoreReads):
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.images_dir = os.path.join(data_dir, "images")
        os.makedirs(self.images_dir, exist_ok=True)
        self.path = os.path.join(data_dir, "dynshop.sqlite3")
        self.writer = connect(self.path)
        mode = self.writer.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            raise RuntimeError("SQLite refused WAL mode on " + self.path)
        self.reshape_placeholders()
        self.widen_document_kinds()
        cols = [r[1] for r in self.writer.execute("PRAGMA table_info(images)")]
        if cols and "uploader" not in cols:  # stores made before uploads were signed
            self.writer.execute("ALTER TABLE images ADD COLUMN uploader TEXT NOT NULL DEFAULT ''")
        self.carry_brands()
        self.writer.executescript(SCHEMA)
        self.backfill_image_refs()
        cols = [r[1] for r in self.writer.execute("PRAGMA table_info(bindings)")]
        for col in ("made_by", "replaced"):  # stores made before a void order could undo its binding
            if col not in cols:
                self.writer.execute("ALTER TABLE bindings ADD COLUMN %s TEXT NOT NULL DEFAULT ''" % col)
        self.rekey_customers()
        self.note_unconsented_enrollments()
        self.write_lock = threading.Lock()
        self.readers = ReaderPool(lambda: connect(self.path))
        self.generation = 0  # bumped after every document commit; caches key on it
        self.group = GroupWriter(self)

    def backfill_image_refs(self):
        """Stores made before image_refs: every stored document's images, once."""
        conn = self.writer
        if self.meta(conn, "image_refs") == "1":
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for (text,) in conn.execute("SELECT envelope FROM documents").fetchall():
                note_image_refs(conn, text)
            conn.execute(SET_META, ("image_refs", "1"))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def reshape_placeholders(self):
        """Data folders made before events and orders were built have empty placeholder tables of
        another shape: drop them (only when empty) so SCHEMA creates the real ones."""
        conn = self.writer
        for table, column, also in (("events", "shop", ()), ("orders", "idem_key", ("order_status",))):
            cols = [r[1] for r in conn.execute("PRAGMA table_info(%s)" % table)]
            if not cols or column in cols:
                continue
            for t in (table,) + also:
                if conn.execute("SELECT COUNT(*) FROM %s" % t).fetchone()[0]:
                    raise RuntimeError("%s holds rows in an old table layout (%s); move it aside and start "
                                       "with a fresh --data folder" % (self.path, t))
            for t in also + (table,):
                conn.execute("DROP TABLE IF EXISTS %s" % t)

    def widen_document_kinds(self):
        """Stores made before articles: the documents table's CHECK names only the first five kinds, and
        SQLite cannot change a CHECK in place: the table is made again under SCHEMA's."""
        row = self.writer.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'").fetchone()
        if not row or "'article'" in row[0]:
            return
        columns = "seq, kind, brand, subject, version, signer, payload_sha256, envelope, stored_ms"
        self.remake_table("documents", "SELECT %s FROM documents" % columns, columns)
        log("store: the documents table now takes brand articles too")

    def carry_brands(self):
        """Stores made before the schema was ready to distribute (issue 12: the brand in every table a
        brand's queries read). Status changes gain their order's brand; events become one row per
        brand they name (the ids they hold noted in event_ids, event_brands' index no longer needed)."""
        conn = self.writer
        cols = [r[1] for r in conn.execute("PRAGMA table_info(order_status)")]
        if cols and "brand" not in cols:
            # The new table refers to orders (brand, id): an old orders table gets that key first.
            conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS orders_brand_id ON orders (brand, id)")
            columns = "seq, brand, order_id, status, at_ms, received_ms, envelope"
            self.remake_table("order_status", "SELECT s.seq, o.brand, s.order_id, s.status, s.at_ms, s.received_ms, "
                              "s.envelope FROM order_status s JOIN orders o ON o.id = s.order_id ORDER BY s.seq", columns)
            log("store: each order status now carries its order's brand")
        cols = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
        if cols and "brand" not in cols:
            columns = ("brand, id, type, shop, distributor, brands, product, visitor, channel, campaign, hop, at_ms, "
                       "received_ms")
            old = "b.value, " + ", ".join("e." + c for c in columns.split(", ")[1:])
            # One row per brand (in the order they were stored), '' for an event that named none.
            self.remake_table("events", "SELECT %s FROM events e, json_each(CASE WHEN e.brands = '[]' THEN '[\"\"]' "
                              "ELSE e.brands END) b ORDER BY e.seq, b.key" % old, columns,
                              then=("DROP TABLE IF EXISTS event_brands", table_ddl("event_ids"),
                                    "INSERT OR IGNORE INTO event_ids (brand, id) SELECT brand, id FROM events"))
            log("store: events are now kept one row per brand")

    def remake_table(self, name, select, columns, then=()):
        """Makes a table again under SCHEMA's definition (SQLite cannot change a table's keys or CHECKs
        in place), with the rows `select` gives for `columns`, in one transaction. Its indexes and
        append-only guards go with the old table; SCHEMA (run next) makes them again."""
        conn = self.writer
        create = table_ddl(name, name + "_remade")
        conn.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction; other tables refer to this one
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(create)
                conn.execute("INSERT INTO %s_remade (%s) %s" % (name, columns, select))
                conn.execute("DROP TABLE %s" % name)
                conn.execute("ALTER TABLE %s_remade RENAME TO %s" % (name, name))
                for statement in then:
                    conn.execute(statement)
                if conn.execute("PRAGMA foreign_key_check").fetchone():
                    raise RuntimeError("%s: a row refers to one that is not there (remaking %s)" % (self.path, name))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.execute("PRAGMA foreign_keys = ON")

    def note_unconsented_enrollments(self):
        """A store made before an enrollment needed its recruit's own consent (issue 9, "Recruiting
        without consent"; core::check_consent) may hold enrollments the parent (or the brand) signed
        alone. They were accepted under the old rule and are kept as they are: the store goes on
        serving them (their shops, their chains, the orders that credit them). But every new
        enrollment needs consent, and a browser's chain check (core::verify_chain) refuses a link
        without it: the shop of such a distributor, and of everyone under them, no longer opens in a
        browser. The way out for each: their parent sends them an invite; their enrollment under it,
        signed with their own key, replaces the old one (apply_enrollment allows that only while the
        stored one lacks consent). Found once, kept in meta "unconsented_enrollments", and named in a
        warning at every start until none is left. (The demo, tools/demo.sh, starts a fresh store
        when its seed changed.)"""
        conn = self.writer
        if self.meta(conn, "enrollment_consent") == "required":
            listed = json.loads(self.meta(conn, "unconsented_enrollments") or "[]")
        else:  # not looked at yet (an empty store has nothing to look at)
            listed = [list(r) for r in conn.execute("SELECT brand, distributor FROM enrollments "
                                                    "ORDER BY brand, distributor")]
        left = [[b, d] for b, d in listed if not stored_enrollment_consented(conn, b, d)]
        conn.execute(SET_META, ("enrollment_consent", "required"))
        conn.execute(SET_META, ("unconsented_enrollments", json.dumps(left)))
        if left:
            shown = ", ".join("%s/%s" % (b, d) for b, d in left[:50])
            log("serve.py: warning: %d enrollment%s in %s lack%s the recruit's own consent (made before it was "
                "required): %s%s. The store keeps serving them, but browsers refuse their shops' chains, and "
                "new enrollments without consent are refused. Each parent (the brand for level 1) can send the "
                "distributor an invite; their enrollment under it replaces the old one."
                % (len(left), "" if len(left) == 1 else "s", self.path, "s" if len(left) == 1 else "", shown,
                   "" if len(left) <= 50 else " and %d more" % (len(left) - 50)))

    def rekey_customers(self):
        """Orders and bindings of a store made before customer keys were the core's E.164 ones ("ph1:"
        over the number as typed) get the new key, from the phone each order kept: one customer however
        they wrote their number. Two old keys of one person, both bound, keep the binding made first
        (the one a permanent binding would have kept). Orders are append-only; this once-only upgrade
        lifts the guard inside its own transaction and puts it back."""
        conn = self.writer
        if self.meta(conn, "customer_keys") == "e164":
            return  # done once; an order with no phone kept keeps its old key, and is not looked at again
        rows = conn.execute("SELECT seq, brand, customer, contact FROM orders WHERE customer LIKE 'ph1:%'").fetchall()
        if not rows:
            conn.execute(SET_META, ("customer_keys", "e164"))
            return
        locales, new_keys = {}, {}
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DROP TRIGGER IF EXISTS orders_no_update")
            for seq, brand, old, contact in rows:
                try:
                    phone = json.loads(contact).get("phone")
                except (ValueError, AttributeError):
                    phone = None
                if not isinstance(phone, str):
                    continue  # no phone kept: the old key stays (an order lookup still finds it)
                if brand not in locales:
                    locales[brand] = brand_locale(conn, brand)
                new = customer_key(phone, locales[brand])
                conn.execute("UPDATE orders SET customer = ? WHERE seq = ?", (new, seq))
                new_keys[(brand, old)] = new
            for (brand, old), new in new_keys.items():
                b = conn.execute("SELECT distributor, shop, bound_ms, last_order_ms, updated_ms FROM bindings "
                                 "WHERE brand = ? AND customer = ?", (brand, old)).fetchone()
                if not b:
                    continue
                have = conn.execute("SELECT bound_ms, last_order_ms FROM bindings WHERE brand = ? AND customer = ?",
                                    (brand, new)).fetchone()
                conn.execute("DELETE FROM bindings WHERE brand = ? AND customer = ?", (brand, old))
                if have and have[0] <= b[2]:
                    conn.execute("UPDATE bindings SET last_order_ms = MAX(last_order_ms, ?) WHERE brand = ? AND "
                                 "customer = ?", (b[3], brand, new))
                    continue
                last = max(b[3], have[1]) if have else b[3]
                conn.execute("INSERT INTO bindings (brand, customer, distributor, shop, bound_ms, last_order_ms, updated_ms) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand, customer) DO UPDATE SET "
                             "distributor = excluded.distributor, shop = excluded.shop, bound_ms = excluded.bound_ms, "
                             "last_order_ms = excluded.last_order_ms, updated_ms = excluded.updated_ms",
                             (brand, new, b[0], b[1], b[2], last, b[4]))
            conn.execute("CREATE TRIGGER orders_no_update BEFORE UPDATE ON orders "
                         "BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END")
            conn.execute(SET_META, ("customer_keys", "e164"))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")  # the guard's removal is rolled back with the rest
            raise
        log("store: %d orders re-keyed to one customer key per phone number (E.164)" % len(new_keys))

    def reader(self):
        return self.readers.borrow()

    def begin_write(self):
        """The writer, in a write transaction (under write_lock)."""
        self.writer.execute(BEGIN_WRITE)
        return self.writer

    def make_event_days(self, conn, days):
        """Nothing: the SQLite file keeps events in one table (PostgreSQL partitions them by day)."""

    def seen_requests(self, window_ms):
        """The signed requests accepted within the window: in memory (one process)."""
        return SeenRequests(window_ms)

    def write(self, fn, bump=True):
        """Runs fn(conn) in one IMMEDIATE transaction; committed (and synced) before returning.
        bump=False for writes no cached page or document answer depends on (events, orders)."""
        with self.write_lock:
            conn = self.begin_write()
            try:
                result = fn(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            if bump:
                self.generation += 1
            return result


class ReaderPool:
    """Read connections, one lent to a request at a time (`with pool.borrow() as conn`) and given back
    after it, its transaction (if any) rolled back. A connection that reports itself `broken` (the
    PostgreSQL one, when the database restarted or the network dropped) is not lent again, and the
    others go with it: they were cut by the same event."""

    def __init__(self, make):
        self.make = make
        self.free = queue.LifoQueue()

    @contextlib.contextmanager
    def borrow(self):
        try:
            conn = self.free.get_nowait()
        except queue.Empty:
            conn = None
        if conn is None or getattr(conn, "broken", False):
            conn = self.make()
        try:
            yield conn
        finally:
            self.give_back(conn)

    def give_back(self, conn):
        try:
            if not getattr(conn, "broken", False):
                if conn.in_transaction:
                    conn.rollback()
                self.free.put(conn)
                return
        except DatabaseError:
            pass
        while True:
            try:
                self.free.get_nowait().close()
            except queue.Empty:
                return
            except DatabaseError:
                pass


class GroupWriter:
    """Group commit for the small, frequent writes (event batches, orders).

    Request threads hand in jobs, fn(conn) -> result; one writer thread takes every job waiting,
    runs each in its own SAVEPOINT inside one IMMEDIATE transaction, COMMITs once (synchronous=FULL:
    on disk), and only then wakes the request threads, which answer. So an acknowledged job is
    committed, a job that fails (an ApiError, say) is rolled back alone and leaves nothing behind,
    and one fsync serves many requests. If the COMMIT itself fails, every job of the group fails and
    its client is told to retry (nothing of it was stored)."""

    MAX_JOBS = 512

    def __init__(self, store):
        self.store = store
        self.jobs = queue.Queue()
        self.thread = threading.Thread(target=self.run, name="group-writer", daemon=True)
        self.thread.start()

    def submit(self, fn):
        job = {"fn": fn, "done": threading.Event(), "result": None, "error": None}
        self.jobs.put(job)
        job["done"].wait()
        if job["error"] is not None:
            raise job["error"]
        return job["result"]

    def run(self):
        while True:
            group = [self.jobs.get()]
            while len(group) < self.MAX_JOBS:
                try:
                    group.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            try:
                self.run_group(group)
            finally:
                for job in group:
                    job["done"].set()

    def run_group(self, group):
        store = self.store
        with store.write_lock:
            conn = None
            try:
                conn = store.begin_write()
                for job in group:
                    conn.execute("SAVEPOINT job")
                    try:
                        job["result"] = job["fn"](conn)
                        conn.execute("RELEASE job")
                    except Exception as e:  # this job alone is undone; a bug is reported as a 500
                        conn.execute("ROLLBACK TO job")
                        conn.execute("RELEASE job")
                        job["error"] = e
                conn.execute("COMMIT")
            except BaseException as e:  # the transaction is lost: nobody in this group was stored
                try:
                    if conn is not None and conn.in_transaction:
                        conn.execute("ROLLBACK")
                except DatabaseError:  # the connection is gone with it
                    pass
                log("serve.py: a group write failed (%d jobs, none stored): %s" % (len(group), e))
                failure = ApiError(503, "store_unavailable", "The store could not save this just now; nothing "
                                                             "was stored. Send it again in a moment.",
                                   headers={"Retry-After": "1"})
                for job in group:
                    job["result"] = None
                    if not isinstance(job["error"], ApiError):
                        job["error"] = failure
