"""Durability: acknowledged writes survive SIGKILL; a restart on the same data folder keeps
everything and does not import the seed twice; a second server on the same folder is refused."""
import json
import os
import sqlite3
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import fixtures  # noqa: E402
import commerce  # noqa: E402
from commerce import auth_header  # noqa: E402
from store import referral  # noqa: E402
from fixtures import sign


class Restart(unittest.TestCase):
    def test_everything_survives_sigkill_and_restart(self):
        srv = fixtures.Server().start()
        try:
            w = srv.world
            # Acknowledged writes: a manifest v2, a new distributor, an image.
            st, res = srv.post_doc(sign(w.manifest("alice", "alice-tea", 2, ["acme"], name="Alice Again"), w.alice), 1)
            self.assertEqual(st, 201, res)
            jay = fixtures.key("dist:jay")
            st, res = srv.post_doc(w.invited(fixtures.World.enrollment("acme", "jay", "jay", jay, "alice", 2), w.alice, jay))
            self.assertEqual(st, 201, res)
            png = fixtures.png_bytes(5, 7)
            st, headers, body = srv.request("POST", "/api/images", png, {
                "Content-Type": "image/png", "Authorization": auth_header(w.alice, "POST", "/api/images", png)})
            self.assertEqual(st, 201)
            img = json.loads(body)
            _, before_dir = srv.get_json("/api/directory")
            _, before_bob = srv.get_json("/api/shops/bob-shop")
            srv.kill()  # SIGKILL: no shutdown code runs
            self.assertEqual(srv.proc.returncode, -9)

            srv.start(quiet=False)  # this time with the request log
            self.assertNotIn("seed: imported", srv.stderr())
            st, b = srv.get_json("/api/shops/alice-tea")
            self.assertEqual(st, 200)
            self.assertEqual(json.loads(b["manifest"]["payload"])["identity"]["name"], "Alice Again")
            self.assertEqual(set(b["brands"]), {"acme"})
            st, s = srv.get_json("/api/slugs/jay")
            self.assertFalse(s["available"])
            st, headers, body = srv.get(img["src"])
            self.assertEqual((st, body), (200, png))
            _, after_bob = srv.get_json("/api/shops/bob-shop")
            self.assertEqual(after_bob, before_bob)
            _, after_dir = srv.get_json("/api/directory")
            self.assertEqual(after_dir, before_dir)
            conn = commerce.db(srv)
            try:
                self.assertEqual(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0], 14)
            finally:
                conn.close()
            # Versions continue where they were: v2 is stale now, v3 goes in.
            st, res = srv.post_doc(sign(w.manifest("alice", "alice-tea", 2, ["acme"]), w.alice), 1)
            self.assertEqual((st, res["error"]["code"]), (409, "stale_version"))
            st, res = srv.post_doc(sign(w.manifest("alice", "alice-tea", 3, ["acme"]), w.alice), 2)
            self.assertEqual(st, 201, res)
            # One line per request: method, path, status, milliseconds.
            log = srv.stderr()
            self.assertRegex(log, r"(?m)^GET /api/shops/alice-tea 200 \d+ms$")
            self.assertRegex(log, r"(?m)^POST /api/documents 409 \d+ms$")
            self.assertNotIn("Traceback", log)

            # A second server on the same data folder is refused while the first runs.
            second = subprocess.run([fixtures.PYTHON, fixtures.SERVE, "--site", srv.site, "--seed", srv.seed,
                                     "--data", srv.data, "--port", "0", "--quiet"],
                                    capture_output=True, timeout=15)
            self.assertNotEqual(second.returncode, 0)
            self.assertIn(b"already using", second.stderr)
        finally:
            srv.cleanup()

    def test_other_root_key_on_existing_data_is_refused(self):
        srv = fixtures.Server().start()
        try:
            srv.stop()
            with open(os.path.join(srv.seed, "trust.json"), "w") as f:
                json.dump({"root_key": fixtures.pub(fixtures.key("another root"))}, f)
            run = subprocess.run([fixtures.PYTHON, fixtures.SERVE, "--site", srv.site, "--seed", srv.seed,
                                  "--data", srv.data, "--port", "0", "--quiet"] + (["--db", srv.db_url] if srv.db_url else []),
                                 capture_output=True, timeout=15)
            self.assertNotEqual(run.returncode, 0)
            self.assertIn(b"another platform root key", run.stderr)
        finally:
            srv.cleanup()


if __name__ == "__main__":
    unittest.main()


class CustomerKeys(unittest.TestCase):
    def test_a_store_with_old_customer_keys_is_rekeyed_at_start_one_customer_per_number(self):
        """A store made when the key was the number as typed ("ph1:"): one person had two keys, each
        with a binding. At start every order gets the core's E.164 key and the person one binding, the
        first one made; their old orders are still found by number and phone."""
        srv = fixtures.Server(sqlite_only=True).start()  # an older SQLite store's upgrade
        try:
            api = commerce.Client(srv)
            placed = []
            for shop, typed in (("carol", "13800138111"), ("alice-tea", "+86 138 0013 8111"), ("bob-shop", "139 0000 2222")):
                st, doc = api.place(commerce.order(shop=shop, phone=typed, channel="qr"))
                self.assertEqual(st, 201, doc)
                placed.append((doc, typed))
            srv.stop()
            # Back to what an older serve.py wrote: "ph1:" keys, and carol's binding made before alice's.
            conn = sqlite3.connect(os.path.join(srv.data, "dynshop.sqlite3"), isolation_level=None)
            try:
                conn.execute("DROP TRIGGER orders_no_update")
                conn.execute("DELETE FROM meta WHERE key = 'customer_keys'")  # an older store never wrote it
                conn.execute("DELETE FROM bindings")
                for i, (doc, typed) in enumerate(placed):
                    old = referral.phone_key(typed)
                    conn.execute("UPDATE orders SET customer = ? WHERE id = ?", (old, doc["order"]["id"]))
                    dist = doc["order"]["shop"].split("-")[0]
                    conn.execute("INSERT INTO bindings (brand, customer, distributor, shop, bound_ms, last_order_ms, "
                                 "updated_ms) VALUES ('acme', ?, ?, ?, ?, ?, ?)",
                                 (old, dist, doc["order"]["shop"], 1000 + i, 2000 + i, 2000 + i))
                conn.execute("CREATE TRIGGER orders_no_update BEFORE UPDATE ON orders "
                             "BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END")
            finally:
                conn.close()
            srv.start(quiet=False)
            self.assertIn("re-keyed", srv.stderr())
            conn = sqlite3.connect(os.path.join(srv.data, "dynshop.sqlite3"))
            try:
                keys = [r[0] for r in conn.execute("SELECT customer FROM orders ORDER BY seq")]
                bindings = conn.execute("SELECT customer, distributor FROM bindings ORDER BY distributor").fetchall()
                with self.assertRaises(sqlite3.DatabaseError):  # the append-only guard is back
                    conn.execute("UPDATE orders SET customer = 'x'")
            finally:
                conn.close()
            self.assertTrue(all(k.startswith("ph2:") for k in keys), keys)
            self.assertEqual(keys[0], keys[1])  # one person
            self.assertNotEqual(keys[0], keys[2])
            self.assertEqual(bindings, sorted([(keys[2], "bob"), (keys[0], "carol")], key=lambda b: b[1]))
            # Her next order, however written, is carol's; old orders are found by number and phone.
            st, doc = api.place(commerce.order(shop="alice-tea", phone="0086 13800138111"))
            self.assertEqual(st, 201, doc)
            st, prov = api.provenance(srv.world.acme, doc["order"]["id"])
            self.assertEqual(prov["binding"]["bound_distributor"], "carol")
            for doc_, typed in placed:
                st, found = api.call("POST", "/api/orders/lookup", {"number": doc_["order"]["number"], "phone": typed})
                self.assertEqual(st, 200, found)
            # A second start has nothing left to re-key.
            srv.stop()
            srv.start(quiet=False)
            self.assertNotIn("re-keyed", srv.stderr())
        finally:
            srv.cleanup()


class Startup(unittest.TestCase):
    def test_without_the_cores_module_the_store_says_so_and_exits_non_zero(self):
        # Every rule the store applies is the core's: a store that cannot load it must not start
        # half-way (or die in a traceback), whatever it was asked to do.
        env = dict(os.environ, DYNSHOP_CORE=os.path.join(fixtures.REPO, "no-such-folder"))
        for args in (["--help"], ["--data", "/nonexistent/data", "--port", "0"]):
            run = subprocess.run([sys.executable, os.path.join(fixtures.REPO, "serve.py")] + args, env=env,
                                 capture_output=True, text=True, timeout=60)
            self.assertNotEqual(run.returncode, 0, args)
            self.assertIn("the core's Python module (dynshop_core) is missing", run.stderr, args)
            self.assertIn("./tools/build.sh", run.stderr, args)
            self.assertNotIn("Traceback", run.stderr, args)
