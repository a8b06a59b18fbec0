"""Two serve.py processes on one PostgreSQL database behave as one store (issue 12): an order retried
on the other process is the same order; two processes publishing over the same document version give
one winner and one clear conflict; events sent to both are stored once; a document written through
one is what the other serves at once; a signed request replayed to the other is refused; one of them
killed during an order burst loses no acknowledged order. Real processes, raced; in both passes of
the suite (the pass's cluster, or one of their own)."""
import json
import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
import fixtures  # noqa: E402
from commerce import auth_header  # noqa: E402
from fixtures import sign  # noqa: E402
from store import core  # noqa: E402


def race(*calls):
    """Runs the calls at once (each on its own thread, released together); their answers in order."""
    start = threading.Barrier(len(calls))
    out = [None] * len(calls)

    def run(i, call):
        start.wait()
        out[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


class TwoProcesses(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.admin, (cls.a, cls.b) = fixtures.postgres_servers(cls, 2)
        cls.w = cls.a.world

    def rows(self, sql, *args):
        conn = commerce.db(self.a)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def test_an_order_retried_on_the_other_process_is_the_same_order(self):
        body = commerce.order(shop="carol", phone="138 0013 8555")
        st_a, doc_a = commerce.Client(self.a).place(body)
        self.assertEqual(st_a, 201, doc_a)
        st_b, doc_b = commerce.Client(self.b).place(body)  # the answer was lost: sent again, elsewhere
        self.assertIn(st_b, (200, 201), doc_b)
        self.assertEqual(doc_b["order"]["id"], doc_a["order"]["id"])
        self.assertEqual(doc_b["order"]["number"], doc_a["order"]["number"])
        self.assertEqual(self.rows("SELECT COUNT(*) FROM orders WHERE idem_key = ?", body["key"])[0][0], 1)
        # Raced: the same new order to both at once, one order.
        body = commerce.order(shop="bob-shop", phone="138 0013 8556")
        answers = race(lambda: commerce.Client(self.a).place(body), lambda: commerce.Client(self.b).place(body))
        self.assertTrue(all(st in (200, 201) for st, _ in answers), answers)
        self.assertEqual(len({doc["order"]["id"] for _, doc in answers}), 1)
        self.assertEqual(self.rows("SELECT COUNT(*) FROM orders WHERE idem_key = ?", body["key"])[0][0], 1)

    def test_two_processes_publishing_over_one_version_give_one_winner(self):
        _, before = self.b.get_json("/api/shops/alice-tea")  # b has it cached now
        v = json.loads(before["manifest"]["payload"])["version"]
        mine = sign(self.w.manifest("alice", "alice-tea", v + 1, ["acme"], name="Alice from A"), self.w.alice)
        theirs = sign(self.w.manifest("alice", "alice-tea", v + 1, ["acme"], name="Alice from B"), self.w.alice)
        answers = race(lambda: self.a.post_doc(mine, v), lambda: self.b.post_doc(theirs, v))
        statuses = sorted(st for st, _ in answers)
        self.assertEqual(statuses, [201, 409], answers)
        loser = next(doc for st, doc in answers if st == 409)
        self.assertIn(loser["error"]["code"], ("stale_version", "conflict"))
        self.assertTrue(loser["error"]["message"])
        winner = mine if answers[0][0] == 201 else theirs
        # Both processes serve the winner at once (their caches follow the database's generation).
        for srv in (self.a, self.b):
            st, shop = srv.get_json("/api/shops/alice-tea")
            self.assertEqual(st, 200)
            self.assertEqual(shop["manifest"]["payload"], winner["payload"])

    def test_events_sent_to_both_processes_are_stored_once(self):
        batch = [commerce.event("carol") for _ in range(40)]
        answers = race(lambda: commerce.Client(self.a).events(batch), lambda: commerce.Client(self.b).events(batch))
        self.assertEqual([st for st, _ in answers], [200, 200], answers)
        self.assertEqual(sum(doc["stored"] for _, doc in answers), 40)
        self.assertEqual(sum(doc["duplicates"] for _, doc in answers), 40)
        ids = [e["id"] for e in batch]
        self.assertEqual(sum(self.rows(commerce.ONCE_PER_BRAND, i)[0][0] for i in ids), 40)

    def test_a_payout_batch_sent_to_both_processes_is_stored_once(self):
        # Settlement needs delivered orders past the refund window: a policy with none, one order.
        api = commerce.Client(self.a)
        policy = dict(self.w.policy_acme, version=2, freeze_days=0, min_payout=100)
        api.policy(self.w.acme, policy, 1)
        o = api.placed(commerce.order(shop="carol", phone="13900000091", lines=[{"product": "p-pot", "qty": 1}]))["order"]
        for status in ("paid", "delivered"):
            st, doc = commerce.Client(self.b).status(commerce.status_envelope(self.w.acme, o["id"], status), o["id"])
            self.assertIn(st, (200, 201), doc)
        cutoff = commerce.now_ms() + 1
        while commerce.now_ms() <= cutoff:
            pass
        path = "/api/brands/acme/ledger"
        st, _, raw = self.b.request("GET", path, headers={"Authorization": auth_header(self.w.acme, "GET", path)})
        self.assertEqual(st, 200, raw[:200])
        ledger = core.CORE.Ledger.decode(raw)
        batch = json.loads(ledger.make_batch([], [], json.dumps(policy), cutoff, commerce.now_ms()))
        self.assertTrue(batch["lines"], batch)
        env = sign(batch, self.w.acme)
        answers = race(lambda: commerce.Client(self.a).call("POST", "/api/brands/acme/payouts", {"envelope": env}),
                       lambda: commerce.Client(self.b).call("POST", "/api/brands/acme/payouts", {"envelope": env}))
        self.assertIn(201, [st for st, _ in answers], answers)
        self.assertTrue(all(st in (200, 201, 409) for st, _ in answers), answers)
        self.assertEqual(self.rows("SELECT COUNT(*) FROM payout_batches")[0][0], 1)
        # The other process knows it too: the same batch again is not a second one.
        for srv in (self.a, self.b):
            st, doc = commerce.Client(srv).call("POST", "/api/brands/acme/payouts", {"envelope": env})
            self.assertIn(st, (200, 409), doc)
        self.assertEqual(self.rows("SELECT COUNT(*) FROM payout_batches")[0][0], 1)

    def test_a_signed_request_replayed_to_the_other_process_is_refused(self):
        path = "/api/shops/carol/team"
        header = {"Authorization": auth_header(self.w.carol, "GET", path)}
        st, _, body = self.a.get(path, headers=header)
        self.assertEqual(st, 200, body)
        st, _, body = self.b.get(path, headers=header)
        self.assertEqual((st, json.loads(body)["error"]["code"]), (409, "replayed_request"))


class OneProcessKilled(unittest.TestCase):
    def test_sigkill_of_one_process_during_an_order_burst_loses_no_acknowledged_order(self):
        admin, stop_cluster = fixtures.postgres_cluster()
        self.addCleanup(stop_cluster)
        a = fixtures.Server(sqlite_only=True)
        a.db_url = fixtures.new_database(admin)
        a.start()
        self.addCleanup(a.cleanup)
        b = fixtures.Server(world=a.world, tmp=a.tmp, sqlite_only=True)
        b.db_url = a.db_url
        b.start()
        self.addCleanup(b.stop)

        bodies = [commerce.order(shop="carol", phone="138 0013 %04d" % (7000 + i)) for i in range(60)]
        acked, lock = {}, threading.Lock()

        def send(srv, part):
            api = commerce.Client(srv)
            for body in part:
                try:
                    st, doc = api.place(body)
                except OSError:  # the process is gone: this one is retried on the other below
                    continue
                if st == 201:
                    with lock:
                        acked[body["key"]] = doc["order"]["id"]

        threads = [threading.Thread(target=send, args=(srv, bodies[i::2])) for i, srv in enumerate((a, b))]
        for t in threads:
            t.start()
        deadline = time.time() + 60
        while len(acked) < 10 and any(t.is_alive() for t in threads) and time.time() < deadline:
            threads[0].join(0.01)
        self.assertGreaterEqual(len(acked), 10, "orders were acknowledged before the kill")
        a.kill()  # SIGKILL, mid-burst
        for t in threads:
            t.join(120)
        # What was not acknowledged is sent again to the survivor, as a client would.
        api = commerce.Client(b)
        for body in bodies:
            st, doc = api.place(body)
            self.assertIn(st, (200, 201), doc)
            if body["key"] in acked:
                self.assertEqual(doc["order"]["id"], acked[body["key"]])  # the same order, not a second one
        conn = commerce.db(b)
        try:
            counts = [conn.execute("SELECT COUNT(*) FROM orders WHERE idem_key = ?", (body["key"],)).fetchone()[0]
                      for body in bodies]
        finally:
            conn.close()
        self.assertGreaterEqual(len(acked), 10)
        self.assertEqual(counts, [1] * len(bodies))


if __name__ == "__main__":
    unittest.main()
