"""The store on PostgreSQL when the database fails (issue 12): down at start, a clear sentence and a
non-zero exit; lost in the middle of requests, 503 JSON answers that acknowledge nothing, and the
store working again once the database is back. Runs in both passes of the suite against a real
PostgreSQL: the pass's cluster (DYNSHOP_TEST_PG), or one of its own (tools/pg_cluster.sh)."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
import fixtures  # noqa: E402


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    return port


class DatabaseDownAtStart(unittest.TestCase):
    def test_an_unreachable_database_is_named_and_serve_py_exits_non_zero(self):
        tmp = tempfile.mkdtemp(prefix="dynshop-pgdown-")
        self.addCleanup(shutil.rmtree, tmp, True)
        site, seed = os.path.join(tmp, "site"), os.path.join(tmp, "seed")
        fixtures.write_site(site)
        fixtures.World().write_seed(seed)
        url = "postgresql://dynshop:secret@127.0.0.1:%d/nowhere" % closed_port()
        run = subprocess.run([fixtures.PYTHON, fixtures.SERVE, "--site", site, "--seed", seed, "--data",
                              os.path.join(tmp, "data"), "--port", "0", "--db", url],
                             capture_output=True, text=True, timeout=60)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("serve.py: cannot reach the database at postgresql://dynshop:***@127.0.0.1:", run.stderr)
        self.assertNotIn("secret", run.stderr)  # the password is never printed
        self.assertNotIn("Traceback", run.stderr)
        # The same through DYNSHOP_DB.
        env = dict(os.environ, DYNSHOP_DB=url)
        run = subprocess.run([fixtures.PYTHON, fixtures.SERVE, "--site", site, "--seed", seed, "--data",
                              os.path.join(tmp, "data2"), "--port", "0"], capture_output=True, text=True,
                             timeout=60, env=env)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("cannot reach the database", run.stderr)


class DatabaseLostMidway(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.admin, (cls.srv,) = fixtures.postgres_servers(cls)
        cls.db = cls.srv.db_url.rsplit("/", 1)[1]
        cls.api = commerce.Client(cls.srv)

    def cut_connections(self):
        """What a database restart or a dropped network does to the store's open connections."""
        import psycopg
        with psycopg.connect(self.admin, autocommit=True) as conn:
            cut = conn.execute("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
                               (self.db,)).fetchone()[0]
        self.assertGreater(cut, 0)

    def count_events(self, ids):
        conn = commerce.db(self.srv)
        try:
            return sum(conn.execute(commerce.ONCE_PER_BRAND, (i,)).fetchone()[0] for i in ids)
        finally:
            conn.close()

    def test_a_lost_database_answers_503_stores_nothing_and_the_store_recovers(self):
        st, doc = self.srv.get_json("/api/shops/carol")
        self.assertEqual(st, 200)
        first = [commerce.event("carol") for _ in range(3)]
        st, doc = self.api.events(first)
        self.assertEqual((st, doc["stored"]), (200, 3))

        self.cut_connections()
        lost = [commerce.event("carol") for _ in range(3)]
        st, doc = self.api.events(lost)
        self.assertEqual(st, 503, doc)
        self.assertEqual(doc["error"]["code"], "store_unavailable")
        self.assertEqual(self.count_events([e["id"] for e in lost]), 0)  # nothing acknowledged, nothing stored

        # The next request works: the store made its connection again. The retried batch is stored once.
        st, doc = self.api.events(lost)
        self.assertEqual((st, doc["stored"]), (200, 3), doc)
        self.assertEqual(self.count_events([e["id"] for e in lost]), 3)

        # Reads too: a cut reader answers 503 at most once, then the shop is served again.
        self.cut_connections()
        statuses = [self.srv.get("/api/directory")[0] for _ in range(3)]
        self.assertIn(statuses[0], (200, 503))
        self.assertEqual(statuses[1:], [200, 200])
        # And a document write after a cut: 503, then stored on the retry.
        self.cut_connections()
        w = self.srv.world
        manifest = fixtures.sign(w.manifest("alice", "alice-tea", 2, ["acme"], name="Alice Again"), w.alice)
        st, res = self.srv.post_doc(manifest, 1)
        self.assertIn(st, (201, 503), res)
        if st == 503:
            self.assertEqual(res["error"]["code"], "store_unavailable")
            st, res = self.srv.post_doc(manifest, 1)
        self.assertEqual(st, 201, res)
        self.assertNotIn("Traceback", self.srv.stderr())

    def test_a_write_that_gives_up_waiting_leaves_the_store_working(self):
        """A writer that times out waiting for the lock (lock_timeout: another process holds it too
        long) answers 503 and leaves no aborted transaction behind: the next write goes through."""
        import psycopg
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute("ALTER DATABASE %s SET lock_timeout = '300ms'" % self.db)
        try:
            self.cut_connections()  # new connections take the setting
            for _ in range(3):  # the store's connections are made again (at most one 503 each kind)
                st, doc = self.api.events([commerce.event("carol")])
            self.assertEqual(st, 200, doc)
            holder = psycopg.connect(self.srv.db_url, autocommit=True)
            try:
                holder.execute("SELECT pg_advisory_lock(1853270)")  # what a long write elsewhere holds
                waited = [commerce.event("carol") for _ in range(2)]
                st, doc = self.api.events(waited)
                self.assertEqual((st, doc["error"]["code"]), (503, "store_unavailable"), doc)
            finally:
                holder.close()  # the lock goes with the session
            self.assertEqual(self.count_events([e["id"] for e in waited]), 0)
            st, doc = self.api.events(waited)
            self.assertEqual((st, doc["stored"]), (200, 2), doc)
            manifest = fixtures.sign(self.srv.world.manifest("bob", "bob-shop", 2, ["acme"], name="Bob Waited"),
                                     self.srv.world.bob)
            st, res = self.srv.post_doc(manifest, 1)
            self.assertEqual(st, 201, res)
        finally:
            with psycopg.connect(self.admin, autocommit=True) as conn:
                conn.execute("ALTER DATABASE %s RESET lock_timeout" % self.db)


if __name__ == "__main__":
    unittest.main()
