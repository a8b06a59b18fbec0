"""Schema: the store's tables, once, and where SQLite and PostgreSQL differ, each difference named once.

[SECTION] Dialects  the phrases the two read differently (queries are written in SQLite's; the
                    PostgreSQL connection puts in its own: POSTGRESQL_PHRASES)
[SECTION] Schema    the tables (documents append-only, projections, images, events, orders), written
                    for SQLite; postgresql_schema() writes the same tables for PostgreSQL
"""
import re


# [SECTION] Dialects -------------------------------------------------------------------------------

# A store setting, written or replaced: standard SQL (SQLite 3.24+ and PostgreSQL read it alike).
SET_META = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
# "column IN" a list handed in as one parameter, a JSON array of strings (json.dumps of the list): the
# one place the dialects differ on it (PostgreSQL: json_array_elements_text(?::json)).
IN_JSON_LIST = "IN (SELECT value FROM json_each(?))"
# A join whose order the query fixes: SQLite keeps a CROSS JOIN's tables in the order written (with
# ON, it is an inner join); PostgreSQL's CROSS JOIN takes no ON, and its planner needs no hint.
ORDERED_JOIN = "CROSS JOIN"
# A write transaction: SQLite takes its one writer's lock at BEGIN IMMEDIATE. On PostgreSQL writers
# queue on one transaction-scoped advisory lock, so the stores' read-then-write rules (a binding, a
# document's next version) see what the last writer committed, whichever process wrote it.
BEGIN_WRITE = "BEGIN IMMEDIATE"

POSTGRESQL_PHRASES = {
    IN_JSON_LIST: "IN (SELECT json_array_elements_text(?::json))",
    ORDERED_JOIN: "JOIN",
    # READ COMMITTED whatever the database's default: each statement sees what the writer before
    # committed while this one waited for the lock (a snapshot taken at the lock would not).
    BEGIN_WRITE: "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(1853270)",
}


# [SECTION] Schema ---------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Every accepted document, forever (history is never rewritten). brand = '' for manifests;
-- subject = the brand id (brand, policy, release), the article id (article) or the distributor id
-- (enrollment, manifest). version: the payload's version for policy/release/article/manifest;
-- assigned 1, 2, ... per subject for brand certificates and enrollments.
CREATE TABLE IF NOT EXISTS documents (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  kind           TEXT    NOT NULL CHECK (kind IN ('brand','policy','release','article','enrollment','manifest')),
  brand          TEXT    NOT NULL,
  subject        TEXT    NOT NULL,
  version        INTEGER NOT NULL CHECK (version >= 1),
  signer         TEXT    NOT NULL,
  payload_sha256 TEXT    NOT NULL,
  envelope       TEXT    NOT NULL,
  stored_ms      INTEGER NOT NULL,
  UNIQUE (brand, kind, subject, version),
  UNIQUE (brand, seq)
);
CREATE TRIGGER IF NOT EXISTS documents_no_update BEFORE UPDATE ON documents
  BEGIN SELECT RAISE(ABORT, 'documents are append-only'); END;
CREATE TRIGGER IF NOT EXISTS documents_no_delete BEFORE DELETE ON documents
  BEGIN SELECT RAISE(ABORT, 'documents are append-only'); END;

-- The current version of each (kind, brand, subject): a projection of documents.
CREATE TABLE IF NOT EXISTS heads (
  kind    TEXT    NOT NULL,
  brand   TEXT    NOT NULL,
  subject TEXT    NOT NULL,
  version INTEGER NOT NULL,
  seq     INTEGER NOT NULL,
  PRIMARY KEY (brand, kind, subject),
  FOREIGN KEY (brand, seq) REFERENCES documents (brand, seq)
);

-- One identity per distributor across the platform: the slug is unique, the key is theirs.
CREATE TABLE IF NOT EXISTS distributors (
  distributor TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  key         TEXT NOT NULL,
  created_ms  INTEGER NOT NULL
);

-- Current enrollment per brand + distributor (projection; parent and level never change).
CREATE TABLE IF NOT EXISTS enrollments (
  brand       TEXT    NOT NULL,
  distributor TEXT    NOT NULL REFERENCES distributors(distributor),
  parent      TEXT    NOT NULL,
  level       INTEGER NOT NULL CHECK (level >= 1),
  active      INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  issued_ms   INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  PRIMARY KEY (brand, distributor),
  FOREIGN KEY (brand, seq) REFERENCES documents (brand, seq)
);
CREATE INDEX IF NOT EXISTS enrollments_parent ON enrollments (brand, parent);

-- Current manifest per distributor (projection for the directory and the pages). seq: the manifest's
-- document (brand ''); no foreign key, as this platform-wide table does not refer into per-brand ones.
CREATE TABLE IF NOT EXISTS shops (
  distributor TEXT    PRIMARY KEY REFERENCES distributors(distributor),
  slug        TEXT    NOT NULL UNIQUE,
  name        TEXT    NOT NULL,
  greeting    TEXT    NOT NULL,
  avatar      TEXT,
  brands      TEXT    NOT NULL,
  level       INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  updated_ms  INTEGER NOT NULL,
  seq         INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS shop_brands (
  brand       TEXT NOT NULL,
  distributor TEXT NOT NULL REFERENCES shops(distributor),
  PRIMARY KEY (brand, distributor)
);

-- Content-addressed images; the bytes live in DATA/images/<sha256>.<ext>.
CREATE TABLE IF NOT EXISTS images (
  sha256    TEXT    PRIMARY KEY,
  ext       TEXT    NOT NULL CHECK (ext IN ('jpg','png')),
  w         INTEGER NOT NULL,
  h         INTEGER NOT NULL,
  bytes     INTEGER NOT NULL,
  stored_ms INTEGER NOT NULL,
  uploader  TEXT    NOT NULL DEFAULT ''  -- the key that signed the upload ('' for the seed's)
);
CREATE INDEX IF NOT EXISTS images_uploader ON images (uploader, stored_ms);
-- Every image some stored document mentions (any version: history keeps its pictures). An image
-- not here is an upload nobody published; it is deleted after IMAGE_GRACE_MS.
CREATE TABLE IF NOT EXISTS image_refs (
  sha256 TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Append-only events (visits, product views, carts, checkouts, orders placed, shares), each id once
-- per brand: one row for each brand the event names (brand: the product's brand for product events,
-- else each of the shop's brands; '' for a shop that carries none), so each brand reads its own rows.
-- brands: the JSON array of them all, as the event's context. Fields are stored cleaned: an unknown
-- channel is 'direct', a bad campaign '', a bad hop 0. On PostgreSQL, partitioned by day of at_ms.
CREATE TABLE IF NOT EXISTS events (
  seq         INTEGER PRIMARY KEY,
  brand       TEXT    NOT NULL,
  id          TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  shop        TEXT    NOT NULL,
  distributor TEXT    NOT NULL,
  brands      TEXT    NOT NULL,
  product     TEXT    NOT NULL DEFAULT '',
  visitor     TEXT    NOT NULL DEFAULT '',
  channel     TEXT    NOT NULL DEFAULT 'direct',
  campaign    TEXT    NOT NULL DEFAULT '',
  hop         INTEGER NOT NULL DEFAULT 0,
  at_ms       INTEGER NOT NULL,
  received_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_brand ON events (brand, seq);
CREATE INDEX IF NOT EXISTS events_visitor ON events (brand, visitor, seq);
CREATE INDEX IF NOT EXISTS events_distributor ON events (distributor, seq);
-- Each (brand, event id) stored: a retried event meets its first copy here, whatever day the retry
-- is dated (events itself is partitioned by day, and a partitioned table's unique keys must hold the
-- day). events_once skips the row of an id already stored; events_note_id notes each row stored.
CREATE TABLE IF NOT EXISTS event_ids (
  brand TEXT NOT NULL,
  id    TEXT NOT NULL,
  PRIMARY KEY (brand, id)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_once BEFORE INSERT ON events
  WHEN EXISTS (SELECT 1 FROM event_ids WHERE brand = NEW.brand AND id = NEW.id)
  BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER IF NOT EXISTS events_note_id AFTER INSERT ON events
  BEGIN INSERT INTO event_ids (brand, id) VALUES (NEW.brand, NEW.id); END;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Append-only orders. idem_key + body_sha256: a retried submit gets the stored answer (response),
-- another body under the same key is refused. distributor = the credited distributor (the bound one,
-- or the shop's own when no binding applies); customer = phone_key of the contact's phone. record =
-- order, binding, chain, touches, split and policy as decided at placement (the provenance).
CREATE TABLE IF NOT EXISTS orders (
  seq              INTEGER PRIMARY KEY,
  id               TEXT    NOT NULL,
  number           TEXT    NOT NULL,
  token            TEXT    NOT NULL,
  idem_key         TEXT    NOT NULL,
  body_sha256      TEXT    NOT NULL,
  brand            TEXT    NOT NULL,
  shop             TEXT    NOT NULL,
  shop_distributor TEXT    NOT NULL,
  distributor      TEXT    NOT NULL DEFAULT '',
  customer         TEXT    NOT NULL,
  visitor          TEXT    NOT NULL DEFAULT '',
  currency         TEXT    NOT NULL,
  total            INTEGER NOT NULL CHECK (total >= 0),
  client_total     INTEGER,
  total_matched    INTEGER NOT NULL,
  release_version  INTEGER NOT NULL,
  placed_ms        INTEGER NOT NULL,
  contact          TEXT    NOT NULL,
  record           TEXT    NOT NULL,
  response         TEXT    NOT NULL,
  UNIQUE (brand, seq),
  UNIQUE (brand, id),
  UNIQUE (brand, number),
  UNIQUE (brand, idem_key)
);
CREATE INDEX IF NOT EXISTS orders_shop_distributor ON orders (shop_distributor, seq);
CREATE INDEX IF NOT EXISTS orders_distributor ON orders (distributor, seq);
CREATE INDEX IF NOT EXISTS orders_customer ON orders (brand, customer);
-- Lookups by what a caller holds without the brand (an order's page by id, a lookup by number, a
-- retried submit by its key): plain indexes, as unique keys hold the brand (schema: DISTRIBUTED).
CREATE INDEX IF NOT EXISTS orders_id ON orders (id);
CREATE INDEX IF NOT EXISTS orders_number ON orders (number);
CREATE INDEX IF NOT EXISTS orders_idem_key ON orders (idem_key);
-- An order's life: 'placed' at placement, then brand-signed changes (envelope kept).
CREATE TABLE IF NOT EXISTS order_status (
  seq         INTEGER PRIMARY KEY,
  brand       TEXT    NOT NULL,
  order_id    TEXT    NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('placed','paid','delivered','refunded','cancelled')),
  at_ms       INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  envelope    TEXT    NOT NULL DEFAULT '',
  FOREIGN KEY (brand, order_id) REFERENCES orders (brand, id)
);
CREATE INDEX IF NOT EXISTS order_status_order ON order_status (order_id, seq);
CREATE INDEX IF NOT EXISTS order_status_brand ON order_status (brand, seq);
CREATE INDEX IF NOT EXISTS order_status_brand_order ON order_status (brand, order_id, seq);
CREATE TRIGGER IF NOT EXISTS orders_no_update BEFORE UPDATE ON orders
  BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END;
CREATE TRIGGER IF NOT EXISTS orders_no_delete BEFORE DELETE ON orders
  BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END;
CREATE TRIGGER IF NOT EXISTS order_status_no_update BEFORE UPDATE ON order_status
  BEGIN SELECT RAISE(ABORT, 'order status is append-only'); END;
CREATE TRIGGER IF NOT EXISTS order_status_no_delete BEFORE DELETE ON order_status
  BEGIN SELECT RAISE(ABORT, 'order status is append-only'); END;

-- The authoritative binding of a customer (phone key) to a distributor, per brand: a projection
-- the order path updates under the brand's policy (apply_touch, then record_order).
CREATE TABLE IF NOT EXISTS bindings (
  brand         TEXT    NOT NULL,
  customer      TEXT    NOT NULL,
  distributor   TEXT    NOT NULL,
  shop          TEXT    NOT NULL,
  bound_ms      INTEGER NOT NULL,
  last_order_ms INTEGER NOT NULL,
  updated_ms    INTEGER NOT NULL,
  made_by       TEXT    NOT NULL DEFAULT '',  -- the order that made this binding (kept orders do not)
  replaced      TEXT    NOT NULL DEFAULT '',  -- JSON of the binding it replaced, '' for none
  PRIMARY KEY (brand, customer)
) WITHOUT ROWID;

-- The money each order owes each payee, as split at placement: what settlement reads (the split in
-- orders.record is its provenance). freeze_days: the refund window of the policy it was placed under.
CREATE TABLE IF NOT EXISTS ledger_shares (
  order_seq   INTEGER NOT NULL,
  brand       TEXT    NOT NULL,
  distributor TEXT    NOT NULL,
  level       INTEGER NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount > 0),
  freeze_days INTEGER NOT NULL,
  PRIMARY KEY (brand, order_seq, level),
  FOREIGN KEY (brand, order_seq) REFERENCES orders (brand, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ledger_shares_payee ON ledger_shares (distributor, brand, order_seq);
CREATE TRIGGER IF NOT EXISTS ledger_shares_no_update BEFORE UPDATE ON ledger_shares
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_shares_no_delete BEFORE DELETE ON ledger_shares
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- Payout batches as the brand signed them (the store recomputed each from its ledger before storing
-- it), and the brand-signed marks on their lines: paid or failed, once per line.
CREATE TABLE IF NOT EXISTS payout_batches (
  seq       INTEGER PRIMARY KEY,
  brand     TEXT    NOT NULL,
  id        TEXT    NOT NULL,
  cutoff    INTEGER NOT NULL,
  total     INTEGER NOT NULL,
  lines     INTEGER NOT NULL,
  envelope  TEXT    NOT NULL,
  stored_ms INTEGER NOT NULL,
  UNIQUE (brand, id)
);
CREATE INDEX IF NOT EXISTS payout_batches_brand ON payout_batches (brand, cutoff);
CREATE TABLE IF NOT EXISTS payout_marks (
  seq       INTEGER PRIMARY KEY,
  brand     TEXT    NOT NULL,
  batch     TEXT    NOT NULL,
  payee     TEXT    NOT NULL,
  status    TEXT    NOT NULL CHECK (status IN ('paid','failed')),
  envelope  TEXT    NOT NULL,
  stored_ms INTEGER NOT NULL,
  UNIQUE (brand, batch, payee),
  FOREIGN KEY (brand, batch) REFERENCES payout_batches (brand, id)
);
CREATE INDEX IF NOT EXISTS payout_marks_brand ON payout_marks (brand, seq);
CREATE TRIGGER IF NOT EXISTS payout_batches_no_update BEFORE UPDATE ON payout_batches
  BEGIN SELECT RAISE(ABORT, 'payout batches are append-only'); END;
CREATE TRIGGER IF NOT EXISTS payout_batches_no_delete BEFORE DELETE ON payout_batches
  BEGIN SELECT RAISE(ABORT, 'payout batches are append-only'); END;
CREATE TRIGGER IF NOT EXISTS payout_marks_no_update BEFORE UPDATE ON payout_marks
  BEGIN SELECT RAISE(ABORT, 'payout marks are append-only'); END;
CREATE TRIGGER IF NOT EXISTS payout_marks_no_delete BEFORE DELETE ON payout_marks
  BEGIN SELECT RAISE(ABORT, 'payout marks are append-only'); END;

-- The devices (visitor ids) a distributor signed in on (POST /api/shops/<slug>/devices, signed): an
-- order from one of them, credited to that distributor, is their own purchase.
CREATE TABLE IF NOT EXISTS distributor_devices (
  distributor TEXT    NOT NULL,
  visitor     TEXT    NOT NULL,
  first_ms    INTEGER NOT NULL,
  last_ms     INTEGER NOT NULL,
  PRIMARY KEY (visitor, distributor)
) WITHOUT ROWID;

-- Each use of a signed invite (signer key + invite id) by an enrollment; counted against max_uses.
CREATE TABLE IF NOT EXISTS invite_uses (
  signer      TEXT    NOT NULL,
  invite      TEXT    NOT NULL,
  brand       TEXT    NOT NULL,
  parent      TEXT    NOT NULL,
  distributor TEXT    NOT NULL,
  used_ms     INTEGER NOT NULL,
  PRIMARY KEY (brand, signer, invite, distributor)
);
"""


# What several store processes on one PostgreSQL database share besides the tables (SQLite has one
# process, which keeps these in memory): the generation their response caches key on, bumped in
# every transaction that changes a cached answer, and the signed requests already accepted (a
# request replayed to another process is refused as it is by the first).
POSTGRESQL_SHARED = """
CREATE TABLE IF NOT EXISTS store_generation (
  one BIGINT PRIMARY KEY CHECK (one = 1),
  n   BIGINT NOT NULL
);
INSERT INTO store_generation (one, n) VALUES (1, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS seen_requests (
  sig        TEXT   PRIMARY KEY,
  expires_ms BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS seen_requests_expiry ON seen_requests (expires_ms);
"""


# [SECTION] Distribution ---------------------------------------------------------------------------
# How the tables spread over several machines (Citus, YugabyteDB: POSTGRESQL.md). A table whose every
# query is scoped to one brand is distributed by its brand column: its primary key on PostgreSQL is
# the one given here, and every unique key and foreign key it has holds the brand (a key without it
# could not be checked on one machine). The other tables are small, platform-wide reference tables
# (a copy on each machine); none refers into a distributed one. Every table is named in one of the
# two: tests/server/test_distribution.py reads PostgreSQL's catalogue and checks all of it.
DISTRIBUTED = {
    "documents": "brand, seq",
    "heads": "brand, kind, subject",
    "enrollments": "brand, distributor",
    "shop_brands": "brand, distributor",
    "events": "brand, at_ms, seq",        # partitioned by day: the day (at_ms) is in every key
    "event_ids": "brand, id",
    "orders": "brand, seq",
    "order_status": "brand, seq",
    "bindings": "brand, customer",
    "ledger_shares": "brand, order_seq, level",
    "payout_batches": "brand, seq",
    "payout_marks": "brand, seq",
    "invite_uses": "brand, signer, invite, distributor",
}
REFERENCE = ("meta", "distributors", "shops", "images", "image_refs", "distributor_devices",
             "store_generation", "seen_requests")
# PostgreSQL's declarative partitioning of events by day of at_ms: a partition per UTC day, made by
# the store before the first event of that day is written (PostgresStore.make_event_days).
DAY_MS = 86400000
EVENTS_DAY_PARTITION = "CREATE TABLE IF NOT EXISTS events_d%d PARTITION OF events FOR VALUES FROM (%d) TO (%d)"


def events_day_partition(day):
    """The statement making the partition of events for one UTC day (days since 1970-01-01)."""
    return EVENTS_DAY_PARTITION % (day, day * DAY_MS, (day + 1) * DAY_MS)


def postgresql_schema(schema=SCHEMA):
    """SCHEMA for PostgreSQL. Row ids become identities, integers 64-bit (times are UTC ms), each
    distributed table's primary key the one DISTRIBUTED names (events partitioned by day), SQLite's
    trigger bodies the kinds it uses: an append-only refusal and the events' one-copy-per-brand."""
    funcs = (
        "CREATE OR REPLACE FUNCTION dynshop_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;\n"
        # events_once and events_note_id in one: the row goes in only if its (brand, id) is new.
        "CREATE OR REPLACE FUNCTION dynshop_event_once() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN INSERT INTO event_ids (brand, id) VALUES (NEW.brand, NEW.id) ON CONFLICT DO NOTHING; "
        "IF NOT FOUND THEN RETURN NULL; END IF; RETURN NEW; END $$;\n")

    def trigger(m):
        name, when, event, table, body = m.groups()
        refusal = re.fullmatch(r"SELECT RAISE\(ABORT, '([^']*)'\)", body.strip())
        if refusal:
            return ("CREATE OR REPLACE TRIGGER %s %s %s ON %s FOR EACH ROW EXECUTE FUNCTION dynshop_refuse('%s');"
                    % (name, when, event, table, refusal.group(1)))
        if name == "events_once":
            return ("CREATE OR REPLACE TRIGGER %s BEFORE INSERT ON events FOR EACH ROW "
                    "EXECUTE FUNCTION dynshop_event_once();" % name)
        if name == "events_note_id":
            return ""  # dynshop_event_once notes the id
        raise ValueError("postgresql_schema: no PostgreSQL form for trigger " + name)

    def table(m):
        name, body, _ = m.groups()
        if name in DISTRIBUTED:
            key = DISTRIBUTED[name]
            body = re.sub(r"INTEGER PRIMARY KEY( AUTOINCREMENT)?,", "BIGINT GENERATED BY DEFAULT AS IDENTITY,", body)
            body = re.sub(r",\n  (PRIMARY KEY|UNIQUE) \(%s\)" % key, "", body)
            if "PRIMARY KEY" not in body:
                body += ",\n  PRIMARY KEY (%s)" % key
        elif name not in REFERENCE:
            raise ValueError("postgresql_schema: table %s is neither DISTRIBUTED nor REFERENCE" % name)
        tail = " PARTITION BY RANGE (at_ms)" if name == "events" else ""
        return "CREATE TABLE IF NOT EXISTS %s (%s\n)%s;" % (name, body, tail)

    out = re.sub(r"CREATE TRIGGER IF NOT EXISTS (\w+) (BEFORE|AFTER) (UPDATE|DELETE|INSERT) ON (\w+)\s+"
                 r"(?:WHEN .*?\s+)?BEGIN (.*?); END;", trigger, schema, flags=re.S)
    out = re.sub(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\)( WITHOUT ROWID)?;", table, out, flags=re.S)
    out = re.sub(r"INTEGER PRIMARY KEY( AUTOINCREMENT)?", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", out)
    out = re.sub(r"\bINTEGER\b", "BIGINT", out)
    return funcs + out + POSTGRESQL_SHARED
