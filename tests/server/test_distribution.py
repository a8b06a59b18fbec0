"""A schema ready to distribute (issue 12, item 4; src/store/POSTGRESQL.md): the brand is the
distribution column of every table a brand's queries read, events are partitioned by day, and no query
joins across brands.

[SECTION] Catalogue   PostgreSQL's own catalogue (pg_constraint, pg_index, pg_partitioned_table) read
                      back from a real store: every key of a distributed table holds the brand; the
                      platform-wide tables refer to nothing distributed; one partition per day
[SECTION] Queries     the store's SQL, read from its source: a join of two distributed tables matches
                      their brands
[SECTION] Upgrade     a SQLite store made before (events one row for all brands, statuses without
                      their brand) is reshaped at start, its history kept

The catalogue tests run in both passes of the suite against a real PostgreSQL: the pass's cluster
(DYNSHOP_TEST_PG), or one of their own (tools/pg_cluster.sh)."""
import ast
import json
import os
import re
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
import fixtures  # noqa: E402
from store import schema  # noqa: E402

DAY_MS = schema.DAY_MS


# [SECTION] Catalogue ------------------------------------------------------------------------------

class Catalogue(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.admin, (cls.srv,) = fixtures.postgres_servers(cls)
        cls.api = commerce.Client(cls.srv)

    def rows(self, sql, *args):
        import psycopg
        with psycopg.connect(self.srv.db_url) as conn:
            return conn.execute(sql, args).fetchall()

    def tables(self):
        """Every table of the store, partitions left out (they are the events table's)."""
        return {r[0] for r in self.rows("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                                        "AND relkind IN ('r', 'p') AND NOT relispartition")}

    def columns(self, table, attnums):
        names = dict(self.rows("SELECT attnum, attname FROM pg_attribute WHERE attrelid = %s::regclass "
                               "AND attnum > 0", table))
        return [names[n] for n in attnums]

    def test_every_table_is_named_distributed_or_reference(self):
        self.assertEqual(self.tables(), set(schema.DISTRIBUTED) | set(schema.REFERENCE))
        self.assertFalse(set(schema.DISTRIBUTED) & set(schema.REFERENCE))

    def test_every_key_of_a_distributed_table_holds_the_brand(self):
        seen, refs_to_reference = 0, 0
        for table in schema.DISTRIBUTED:
            cons = self.rows("SELECT conname, contype, conkey, confrelid::regclass::text, confkey FROM pg_constraint "
                             "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f')", table)
            kinds = {c[1] for c in cons}
            self.assertIn("p", kinds, "%s has no primary key" % table)
            for name, kind, key, target, target_key in cons:
                cols = self.columns(table, key)
                if kind == "f" and target in schema.REFERENCE:
                    # A platform-wide table has a copy on every machine (Citus allows these keys).
                    refs_to_reference += 1
                    continue
                self.assertIn("brand", cols, "%s's %s (%s) lacks the brand" % (table, name, cols))
                if kind == "p":  # led by the brand: YugabyteDB shards on a primary key's first column
                    self.assertEqual(", ".join(cols), schema.DISTRIBUTED[table], table)
                    self.assertEqual(cols[0], "brand", table)
                if kind == "f" and target in schema.DISTRIBUTED:
                    # brand refers to brand: the row and the one it names live on the same machine.
                    target_cols = self.columns(target, target_key)
                    self.assertEqual(target_cols[cols.index("brand")], "brand", "%s's %s" % (table, name))
                seen += 1
            for name, key in self.rows("SELECT i.indexrelid::regclass::text, i.indkey::int2[] FROM pg_index i "
                                       "WHERE i.indrelid = %s::regclass AND i.indisunique", table):
                self.assertIn("brand", self.columns(table, list(key)), "%s's unique index %s" % (table, name))
        self.assertGreater(seen, 20)  # the catalogue was read, not empty
        self.assertEqual(refs_to_reference, 2)  # enrollments -> distributors, shop_brands -> shops

    def test_reference_tables_refer_to_no_distributed_table(self):
        for table in schema.REFERENCE:
            for name, target in self.rows("SELECT conname, confrelid::regclass::text FROM pg_constraint "
                                          "WHERE conrelid = %s::regclass AND contype = 'f'", table):
                self.assertIn(target, schema.REFERENCE, "%s's %s refers to %s" % (table, name, target))

    def test_events_are_partitioned_by_day_one_partition_each(self):
        self.assertEqual(self.rows("SELECT p.partstrat, a.attname FROM pg_partitioned_table p JOIN pg_attribute a "
                                   "ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
                                   "WHERE p.partrelid = 'events'::regclass"), [("r", "at_ms")])
        now = commerce.now_ms()
        evs = [commerce.event("carol", at=now - d * DAY_MS) for d in (0, 1, 2)]
        st, doc = self.api.events(evs)
        self.assertEqual((st, doc["stored"]), (200, 3), doc)
        placed = dict(self.rows("SELECT e.id, e.tableoid::regclass::text FROM events e WHERE e.id = ANY(%s)",
                                [e["id"] for e in evs]))
        bounds = dict(self.rows("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                                "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass"))
        for ev in evs:
            day = ev["at"] // DAY_MS
            self.assertEqual(placed[ev["id"]], "events_d%d" % day)
            self.assertEqual(bounds["events_d%d" % day],
                             "FOR VALUES FROM ('%d') TO ('%d')" % (day * DAY_MS, (day + 1) * DAY_MS))
        # Each partition is a day's and no more: no default partition takes what has no day.
        self.assertTrue(all(re.fullmatch(r"events_d\d+", name) for name in bounds), bounds)

    def test_the_design_note_names_the_tables_as_the_schema_does(self):
        with open(os.path.join(fixtures.REPO, "src", "store", "POSTGRESQL.md"), encoding="utf-8") as f:
            note = f.read()
        rows = [line for line in note.splitlines() if line.startswith("| ")]
        named = {}
        for line in rows:
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) < 2:
                continue
            kind = "distributed" if "distributed by `brand`" in cells[1] else \
                "reference" if "reference" in cells[1] else None
            for t in re.findall(r"[a-z_]+", cells[0]) if kind else ():
                named[t] = kind
        self.assertEqual({t for t, k in named.items() if k == "distributed"}, set(schema.DISTRIBUTED))
        self.assertEqual({t for t, k in named.items() if k == "reference"}, set(schema.REFERENCE))


# [SECTION] Queries --------------------------------------------------------------------------------

# Code that serves no request and never runs on PostgreSQL: the SQLite file's one-time upgrade, which
# gives each old status its order's brand (the join that brand is for is what it makes possible).
NOT_SERVING = {("db.py", "carry_brands")}


def sql_texts():
    """Every SQL text in the store's modules: string constants, adjacent ones and `+` chains joined
    (a name or a call between them stands as `?`)."""
    folder = os.path.join(fixtures.REPO, "src", "store")
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            tree = ast.parse(f.read())

        def flat(node):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                return node.value
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                left, right = flat(node.left), flat(node.right)
                return (left if left is not None else " ? ") + (right if right is not None else " ? ")
            return None

        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

        def function_of(node):
            while node is not None and not isinstance(node, ast.FunctionDef):
                node = parents.get(node)
            return node.name if node is not None else ""

        for node in ast.walk(tree):
            text = flat(node)
            if text is None or isinstance(parents.get(node), ast.BinOp) or (name, function_of(node)) in NOT_SERVING:
                continue
            if re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\b", text) and re.search(r"\bFROM\b|\bINTO\b", text):
                out.append((name, node.lineno, text))
    return out


class Queries(unittest.TestCase):
    def test_no_query_joins_two_brands(self):
        """Two distributed tables in one statement (a join, or a subquery naming the outer row) meet on
        their brands: `a.brand = b.brand`. On Citus such a join runs on one machine."""
        checked = 0
        for module, line, text in sql_texts():
            aliases = dict((alias, table) for table, alias in re.findall(
                r"\b(?:FROM|JOIN)\s+(\w+)\s+(?!ON\b|WHERE\b|ORDER\b|GROUP\b|LIMIT\b|JOIN\b|LEFT\b|CROSS\b)(\w+)", text))
            spread = sorted(a for a, t in aliases.items() if t in schema.DISTRIBUTED)
            if len(spread) < 2:
                continue
            checked += 1
            for a in spread[1:]:
                b = spread[0]
                self.assertTrue(re.search(r"\b%s\.brand = %s\.brand\b|\b%s\.brand = %s\.brand\b" % (a, b, b, a), text),
                                "%s:%d joins %s and %s without matching their brands: %s"
                                % (module, line, aliases[a], aliases[b], text))
        self.assertGreater(checked, 10)  # the store's joins were found and read


    def test_lookups_without_the_brand_use_an_index(self):
        """Unique keys hold the brand, so a lookup by an order's id, number or key alone needs an index
        of its own (without one, every order placed scanned every order: 3x slower at 3,000)."""
        conn = sqlite3.connect(":memory:")
        conn.executescript(schema.SCHEMA)
        for sql in ("SELECT seq FROM orders WHERE id = ?", "SELECT 1 FROM orders WHERE number = ?",
                    "SELECT body_sha256 FROM orders WHERE idem_key = ?",
                    "SELECT status FROM order_status WHERE order_id = ? ORDER BY seq",
                    "SELECT status, envelope FROM order_status WHERE brand = ? AND order_id = ? ORDER BY seq",
                    "SELECT o.id FROM orders o WHERE o.brand = ? AND o.customer = ? AND (SELECT s.status FROM "
                    "order_status s WHERE s.brand = o.brand AND s.order_id = o.id ORDER BY s.seq DESC LIMIT 1) = ?",
                    "SELECT id FROM events WHERE brand = ? AND visitor = ? ORDER BY seq LIMIT 1",
                    "SELECT 1 FROM event_ids WHERE brand = ? AND id = ?"):
            plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, ("x",) * sql.count("?"))]
            searches = [p for p in plan if p.startswith(("SEARCH", "SCAN"))]
            # Each table found by as many columns as the query names (order_status by brand alone
            # was a walk through the brand's every status, once per status change: 645 -> 90 orders/s).
            self.assertTrue(all(p.startswith("SEARCH") and ("AND" in p or "=?)" in p) for p in searches), (sql, plan))
            self.assertFalse(any("TEMP B-TREE" in p for p in plan), (sql, plan))
            if "order_status" in sql and "brand" in sql:
                self.assertTrue(any("order_id=?" in p for p in searches if "order_status" in p or " s " in p), (sql, plan))


# [SECTION] Upgrade --------------------------------------------------------------------------------

OLD_EVENTS = """
CREATE TABLE events (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, shop TEXT NOT NULL,
  distributor TEXT NOT NULL, brands TEXT NOT NULL, product TEXT NOT NULL DEFAULT '', visitor TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT 'direct', campaign TEXT NOT NULL DEFAULT '', hop INTEGER NOT NULL DEFAULT 0,
  at_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL);
CREATE TABLE event_brands (brand TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (brand, seq)) WITHOUT ROWID;
CREATE TRIGGER events_index_brands AFTER INSERT ON events
  BEGIN INSERT OR IGNORE INTO event_brands (brand, seq) SELECT value, NEW.seq FROM json_each(NEW.brands); END;
CREATE TABLE order_status (
  seq INTEGER PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders(id),
  status TEXT NOT NULL CHECK (status IN ('placed','paid','delivered','refunded','cancelled')),
  at_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL, envelope TEXT NOT NULL DEFAULT '');
"""


class Upgrade(unittest.TestCase):
    def test_a_store_made_before_is_reshaped_at_start_its_history_kept(self):
        srv = fixtures.Server(sqlite_only=True).start()  # an older SQLite store's upgrade
        self.addCleanup(srv.cleanup)
        api, w = commerce.Client(srv), srv.world
        evs = [commerce.event("alice-tea"), commerce.event("carol"), commerce.event("alice-tea", "share")]
        self.assertEqual(api.events(evs)[1]["stored"], 3)
        placed = api.placed(commerce.order(shop="carol", phone="138 0013 8777"))
        oid = placed["order"]["id"]
        self.assertEqual(api.status(commerce.status_envelope(w.acme, oid, "paid"), oid)[0], 201)
        srv.stop()
        # The store as it was made before: events one row each (their brands in event_brands), statuses
        # without their brand.
        path = os.path.join(srv.data, "dynshop.sqlite3")
        conn = sqlite3.connect(path, isolation_level=None)
        cols = "id, type, shop, distributor, brands, product, visitor, channel, campaign, hop, at_ms, received_ms"
        old_events = conn.execute("SELECT DISTINCT %s FROM events ORDER BY seq" % cols).fetchall()
        old_status = conn.execute("SELECT seq, order_id, status, at_ms, received_ms, envelope FROM order_status "
                                  "ORDER BY seq").fetchall()
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.executescript("DROP TABLE events; DROP TABLE event_ids; DROP TABLE order_status;" + OLD_EVENTS)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO events (%s) VALUES (%s)" % (cols, ", ".join("?" * 12)), old_events)
        conn.executemany("INSERT INTO order_status (seq, order_id, status, at_ms, received_ms, envelope) "
                         "VALUES (?, ?, ?, ?, ?, ?)", old_status)
        conn.execute("COMMIT")
        self.assertEqual(conn.execute("SELECT COUNT(*) FROM event_brands").fetchone()[0], 5)  # alice-tea's twice
        conn.close()
        self.assertEqual(len(old_events), 3)
        srv.start(quiet=False)
        log = srv.stderr()
        self.assertIn("each order status now carries its order's brand", log)
        self.assertIn("events are now kept one row per brand", log)
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute("SELECT brand, %s FROM events ORDER BY seq" % cols).fetchall()
            self.assertEqual(sorted({r[1:] for r in rows}), sorted(old_events))
            self.assertEqual(sorted((r[0], r[1]) for r in rows),
                             sorted((b, e[0]) for e in old_events for b in json.loads(e[4])))
            self.assertEqual(sorted(conn.execute("SELECT brand, id FROM event_ids").fetchall()),
                             sorted((r[0], r[1]) for r in rows))
            self.assertEqual(conn.execute("SELECT seq, order_id, status, at_ms, received_ms, envelope FROM order_status "
                                          "ORDER BY seq").fetchall(), old_status)
            self.assertEqual({r[0] for r in conn.execute("SELECT brand FROM order_status")}, {"acme"})
            self.assertIsNone(conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_brands'").fetchone())
            guards = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            self.assertTrue({"events_once", "events_note_id", "events_no_update", "order_status_no_update"} <= guards)
        finally:
            conn.close()
        # The upgraded store goes on: a retried event is a duplicate, a new one is stored, the order moves on.
        self.assertEqual(api.events(evs + [commerce.event("bob-shop")])[1],
                         {"stored": 1, "duplicates": 3, "rejected": []})
        st, doc = api.status(commerce.status_envelope(w.acme, oid, "delivered"), oid)
        self.assertEqual(st, 201, doc)
        st, act = api.signed_get(w.bolt, "/api/brands/bolt/activity")
        self.assertEqual(st, 200, act)
        self.assertEqual({e["id"] for e in act["events"]}, {evs[0]["id"], evs[2]["id"]})  # alice-tea's, bolt's too
        srv.stop()
        srv.start(quiet=False)  # once only
        self.assertNotIn("one row per brand", srv.stderr())
