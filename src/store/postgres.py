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
import queue
import re
import threading
from decimal import Decimal

import psycopg
from psycopg.adapt import Dumper, Loader
from psycopg.pq import TransactionStatus

from .config import log
from .errors import store_unavailable
from .schema import BEGIN_WRITE, POSTGRESQL_PHRASES, postgresql_schema


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

class PostgresStore:
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
        self.readers = queue.LifoQueue()
        self.generation = 0  # bumped after every document commit; caches key on it
        from .db import GroupWriter  # noqa: E402 (db imports the store's modules; so does this file's user)
        self.group = GroupWriter(self)
        log("store: PostgreSQL at %s" % self.path)

    def connection(self):
        """The writer, made again when the database dropped it (the next write after it is back works)."""
        if self.writer.broken:
            try:
                self.writer = Connection(self.url)
            except psycopg.Error:
                raise store_unavailable()
        return self.writer

    def reader(self):
        store = self

        class _Borrow:
            def __enter__(self):
                try:
                    self.conn = store.readers.get_nowait()
                except queue.Empty:
                    self.conn = None
                if self.conn is None or self.conn.broken:
                    try:
                        self.conn = Connection(store.url)
                    except psycopg.Error:
                        raise store_unavailable()
                return self.conn

            def __exit__(self, *exc):
                if self.conn.broken:
                    # The database went away (restarted, or the network): every pooled connection
                    # went with it, so the next reads start afresh (one 503 per loss, not one each).
                    while True:
                        try:
                            store.readers.get_nowait().close()
                        except queue.Empty:
                            break
                    return False
                if self.conn.in_transaction:
                    try:
                        self.conn.rollback()
                    except psycopg.Error:
                        return False
                store.readers.put(self.conn)
                return False

        return _Borrow()

    def write(self, fn, bump=True):
        """Runs fn(conn) in one transaction (writers queue on one lock: see schema.BEGIN_WRITE);
        committed before returning. bump=False for writes no cached answer depends on."""
        with self.write_lock:
            conn = self.connection()
            try:
                conn.execute(BEGIN_WRITE)
                result = fn(conn)
                conn.execute("COMMIT")
            except psycopg.OperationalError:
                raise store_unavailable()
            except BaseException:
                if not conn.broken and conn.in_transaction:
                    conn.rollback()
                raise
            if bump:
                self.generation += 1
            return result

    def meta(self, conn, key):
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def is_empty(self):
        with self.reader() as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0

