"""The store on PostgreSQL (issue 12): db.Store's surface (reader, write, group, meta, is_empty,
generation, images_dir) over psycopg 3, for `serve.py --db postgresql://USER@HOST:PORT/DB`.

[SECTION] Connection  psycopg in sqlite3's shape: ? placeholders, the dialect's phrases
                      (schema.POSTGRESQL_PHRASES), integers both ways
[SECTION] Store       the schema at open (schema.postgresql_schema), readers, one write path, group
                      commit (db.GroupWriter, the same as on SQLite)

The queries are the store's own, written once (schema.py names where the dialects differ). The
pictures stay files in the data folder; the database holds everything else.
"""
import os
import re
import threading
from decimal import Decimal

import psycopg
from psycopg.adapt import Dumper, Loader
from psycopg.pq import TransactionStatus

from .config import log
from .db import GroupWriter, ReaderPool, StoreReads
from .errors import store_unavailable
from .schema import BEGIN_WRITE, POSTGRESQL_PHRASES, events_day_partition, postgresql_schema


# [SECTION] Connection -----------------------------------------------------------------------------

class _BoolAsInt(Dumper):
    """True/False into the 0/1 integer columns SQLite has (PostgreSQL would send a boolean)."""
    oid = psycopg.adapters.types["int8"].oid

    def dump(self, obj):
        return b"1" if obj else b"0"


class _NumericAsInt(Loader):
    """SUM() of integers answers numeric in PostgreSQL: back to int (money is integer minor units)."""

    def load(self, data):
        d = Decimal(bytes(data).decode("ascii"))
        return int(d) if d == d.to_integral_value() else float(d)


class SeenInDatabase:
    """auth.SeenRequests for several processes: the signatures accepted within the clock window, in
    the database (seen_requests), so a request replayed to another process is refused too."""

    def __init__(self, store, window_ms):
        self.store = store
        self.window_ms = window_ms
        self.next_sweep = 0

    def first_use(self, sig, ts, now):
        sweep = now >= self.next_sweep
        if sweep:
            self.next_sweep = now + self.window_ms // 5

        def tx(conn):
            if sweep:
                conn.execute("DELETE FROM seen_requests WHERE expires_ms <= ?", (now,))
            return conn.execute("INSERT INTO seen_requests (sig, expires_ms) VALUES (?, ?) ON CONFLICT (sig) DO NOTHING",
                                (sig, ts + self.window_ms + 1)).rowcount == 1
        return self.store.write(tx, bump=False)


def safe_url(url):
    """The URL as it may be printed: no password."""
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", url)


class Connection:
    """A psycopg connection that reads like the store's sqlite3 ones: autocommit unless a BEGIN
    says otherwise, `?` placeholders, cursors with fetchone/fetchall/rowcount and iteration."""

    def __init__(self, url):
        self.raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
        self.raw.adapters.register_dumper(bool, _BoolAsInt)
        self.raw.adapters.register_loader("numeric", _NumericAsInt)
        self._texts = {}

    def _text(self, sql, with_params):
        key = (sql, with_params)
        text = self._texts.get(key)
        if text is None:
            text = sql
            for sqlite_form, pg_form in POSTGRESQL_PHRASES.items():
                text = text.replace(sqlite_form, pg_form)
            if with_params:
                text = text.replace("%", "%%").replace("?", "%s")
            self._texts[key] = text
        return text

    def execute(self, sql, params=None):
        if params:
            return self.raw.execute(self._text(sql, True), params)
        return self.raw.execute(self._text(sql, False))

    def executemany(self, sql, rows):
        cur = self.raw.cursor()
        cur.executemany(self._text(sql, True), rows)
        return cur

    def executescript(self, script):
        self.raw.execute(script)

    @property
    def in_transaction(self):
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    @property
    def broken(self):
        return self.raw.closed or self.raw.broken

    def rollback(self):
        self.raw.rollback()

    def commit(self):
        self.raw.commit()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        self.raw.close()


# [SECTION] Store ----------------------------------------------------------------------------------

class PostgresStore(StoreReads):
    def __init__(self, data_dir, url):
        self.data_dir = data_dir
        self.images_dir = os.path.join(data_dir, "images")
        os.makedirs(self.images_dir, exist_ok=True)
        self.url = url
        self.path = safe_url(url)
        try:
            self.writer = Connection(url)
        except psycopg.Error as e:
            raise SystemExit("serve.py: cannot reach the database at %s: %s" % (self.path, str(e).strip()))
        # Two processes starting at once: one makes the tables, the other waits for it.
        conn = self.writer
        conn.execute(BEGIN_WRITE)
        try:
            conn.executescript(postgresql_schema())
            conn.execute("COMMIT")
        except BaseException:
            conn.rollback()
            raise
        self.write_lock = threading.Lock()
        # A cut reader takes the pool's others with it: one 503 per loss of the database, not one each.
        self.readers = ReaderPool(self.new_reader)
        self.group = GroupWriter(self)
        log("store: PostgreSQL at %s" % self.path)

    def begin_write(self):
        """The writer, in a write transaction (under write_lock). A writer the database dropped (a
        restart, the network) is made again: a BEGIN that fails has done nothing, so it is tried
        once more on a new connection; the database still away is a 503."""
        for attempt in (1, 2):
            try:
                if self.writer.broken:
                    self.writer = Connection(self.url)
                elif self.writer.in_transaction:  # left aborted by an error that kept the connection
                    self.writer.rollback()
                self.writer.execute(BEGIN_WRITE)
                return self.writer
            except psycopg.Error as e:
                self._settle(self.writer)
                if attempt == 2 or not self.writer.broken or not isinstance(e, psycopg.OperationalError):
                    raise store_unavailable() from e

    @staticmethod
    def _settle(conn):
        """After an error: a connection that is still there leaves no transaction open (an aborted one
        would refuse every later statement, and hold nothing but trouble)."""
        try:
            if not conn.broken and conn.in_transaction:
                conn.rollback()
        except psycopg.Error:
            pass

    def reader(self):
        return self.readers.borrow()

    def new_reader(self):
        try:
            return Connection(self.url)
        except psycopg.Error as e:
            raise store_unavailable() from e

    def write(self, fn, bump=True):
        """Runs fn(conn) in one transaction (writers queue on one lock: see schema.BEGIN_WRITE);
        committed before returning. bump=False for writes no cached answer depends on."""
        with self.write_lock:
            conn = self.begin_write()
            try:
                result = fn(conn)
                if bump:  # every process's caches see it (schema.POSTGRESQL_SHARED)
                    conn.execute("UPDATE store_generation SET n = n + 1")
                conn.execute("COMMIT")
            except BaseException as e:
                self._settle(conn)
                if isinstance(e, psycopg.OperationalError):  # lost, cancelled, timed out: nothing stored
                    raise store_unavailable() from e
                raise
            return result

    @property
    def generation(self):
        """The store's generation, as every process on the database sees it: a document written
        through another process changes the cached answers here at once."""
        with self.reader() as conn:
            return conn.execute("SELECT n FROM store_generation").fetchone()[0]

    def make_event_days(self, conn, days):
        """The partitions of events for these UTC days (schema.events_day_partition), made in the
        writer's transaction if they are not there yet. Asked each time rather than remembered: a
        partition made in a transaction that was then rolled back is not there. (Days are few: the
        store believes an event's time only within a window of days; an import's history is one
        batch per day or so.) Writers hold the store's lock, so two processes never race to make one."""
        for day in sorted(days):
            conn.execute(events_day_partition(day))

    def seen_requests(self, window_ms):
        return SeenInDatabase(self, window_ms)
