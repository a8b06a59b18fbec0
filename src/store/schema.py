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
  UNIQUE (kind, brand, subject, version)
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
  seq     INTEGER NOT NULL REFERENCES documents(seq),
  PRIMARY KEY (kind, brand, subject)
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
  seq         INTEGER NOT NULL REFERENCES documents(seq),
  PRIMARY KEY (brand, distributor)
);
CREATE INDEX IF NOT EXISTS enrollments_parent ON enrollments (brand, parent);

-- Current manifest per distributor (projection for the directory and the pages).
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
  seq         INTEGER NOT NULL REFERENCES documents(seq)
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

-- Append-only events (visits, product views, carts, checkouts, orders placed, shares), each id once.
-- Fields are stored cleaned: an unknown channel is 'direct', a bad campaign '', a bad hop 0.
-- brands: JSON array (the product's brand for product events, else the shop's brands).
CREATE TABLE IF NOT EXISTS events (
  seq         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
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
CREATE INDEX IF NOT EXISTS events_visitor ON events (visitor, at_ms);
CREATE INDEX IF NOT EXISTS events_distributor ON events (distributor, seq);
-- Brand -> events, filled by a trigger for each event actually inserted (never for an ignored duplicate).
CREATE TABLE IF NOT EXISTS event_brands (
  brand TEXT    NOT NULL,
  seq   INTEGER NOT NULL,
  PRIMARY KEY (brand, seq)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS events_index_brands AFTER INSERT ON events
  BEGIN INSERT OR IGNORE INTO event_brands (brand, seq) SELECT value, NEW.seq FROM json_each(NEW.brands); END;
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
  id               TEXT    NOT NULL UNIQUE,
  number           TEXT    NOT NULL UNIQUE,
  token            TEXT    NOT NULL,
  idem_key         TEXT    NOT NULL UNIQUE,
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
  response         TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_brand ON orders (brand, seq);
CREATE INDEX IF NOT EXISTS orders_shop_distributor ON orders (shop_distributor, seq);
CREATE INDEX IF NOT EXISTS orders_distributor ON orders (distributor, seq);
CREATE INDEX IF NOT EXISTS orders_customer ON orders (brand, customer);
-- An order's life: 'placed' at placement, then brand-signed changes (envelope kept).
CREATE TABLE IF NOT EXISTS order_status (
  seq         INTEGER PRIMARY KEY,
  order_id    TEXT    NOT NULL REFERENCES orders(id),
  status      TEXT    NOT NULL CHECK (status IN ('placed','paid','delivered','refunded','cancelled')),
  at_ms       INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  envelope    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS order_status_order ON order_status (order_id, seq);
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
  order_seq   INTEGER NOT NULL REFERENCES orders(seq),
  brand       TEXT    NOT NULL,
  distributor TEXT    NOT NULL,
  level       INTEGER NOT NULL,
  amount      INTEGER NOT NULL CHECK (amount > 0),
  freeze_days INTEGER NOT NULL,
  PRIMARY KEY (order_seq, level)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ledger_shares_brand ON ledger_shares (brand, order_seq);
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
  id        TEXT    NOT NULL UNIQUE,
  cutoff    INTEGER NOT NULL,
  total     INTEGER NOT NULL,
  lines     INTEGER NOT NULL,
  envelope  TEXT    NOT NULL,
  stored_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS payout_batches_brand ON payout_batches (brand, cutoff);
CREATE TABLE IF NOT EXISTS payout_marks (
  seq       INTEGER PRIMARY KEY,
  brand     TEXT    NOT NULL,
  batch     TEXT    NOT NULL REFERENCES payout_batches(id),
  payee     TEXT    NOT NULL,
  status    TEXT    NOT NULL CHECK (status IN ('paid','failed')),
  envelope  TEXT    NOT NULL,
  stored_ms INTEGER NOT NULL,
  UNIQUE (batch, payee)
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
  PRIMARY KEY (signer, invite, distributor)
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


def postgresql_schema(schema=SCHEMA):
    """SCHEMA for PostgreSQL. Row ids become identities, integers 64-bit (times are UTC ms), SQLite's
    trigger bodies the two kinds it uses: an append-only refusal and the event -> brands index."""
    funcs = (
        "CREATE OR REPLACE FUNCTION dynshop_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;\n"
        "CREATE OR REPLACE FUNCTION dynshop_event_brands() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN INSERT INTO event_brands (brand, seq) SELECT value, NEW.seq FROM "
        "json_array_elements_text(NEW.brands::json) ON CONFLICT DO NOTHING; RETURN NEW; END $$;\n")

    def trigger(m):
        name, when, event, table, body = m.groups()
        refusal = re.fullmatch(r"SELECT RAISE\(ABORT, '([^']*)'\)", body.strip())
        if refusal:
            return ("CREATE OR REPLACE TRIGGER %s %s %s ON %s FOR EACH ROW EXECUTE FUNCTION dynshop_refuse('%s');"
                    % (name, when, event, table, refusal.group(1)))
        if name == "events_index_brands":
            return ("CREATE OR REPLACE TRIGGER %s %s %s ON %s FOR EACH ROW EXECUTE FUNCTION dynshop_event_brands();"
                    % (name, when, event, table))
        raise ValueError("postgresql_schema: no PostgreSQL form for trigger " + name)

    out = re.sub(r"CREATE TRIGGER IF NOT EXISTS (\w+) (BEFORE|AFTER) (UPDATE|DELETE|INSERT) ON (\w+)\s+BEGIN (.*?); END;",
                 trigger, schema, flags=re.S)
    out = re.sub(r"INTEGER PRIMARY KEY( AUTOINCREMENT)?", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", out)
    out = re.sub(r"\bINTEGER\b", "BIGINT", out)
    out = out.replace(") WITHOUT ROWID;", ");")
    return funcs + out + POSTGRESQL_SHARED
