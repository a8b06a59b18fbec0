"""dynshop settle, the command-line tool linked to the core, against a running store holding the
demo and its history (weeks of deliveries the store learned of back then, and weekly payouts up to
a week ago): the batch as of today made, signed and stored; run again, the same batch and a
byte-identical CSV, which is also exactly what the store serves for that batch. A wrong key, a date
that is not one, a future date and a store that is down each end with the reason and exit status 1,
missing arguments with 2."""
import base64
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import nacl.signing

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
from store import core  # noqa: E402
from commerce import auth_header  # noqa: E402

REPO = commerce.fixtures.REPO
BUILD = os.path.join(REPO, os.environ.get("DYNSHOP_BUILD") or "build")
DYNSHOP = os.path.join(BUILD, "native", "dynshop")
GEN = os.path.join(BUILD, "native", "gen_demo")
DEMO = os.path.join(BUILD, "demo")
PASS = "demo-b_huaxi-2026"


def today():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")


class Settle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="dynshop-cli-")
        history = os.path.join(cls.tmp, "history")
        subprocess.run([GEN, "--history", DEMO, "--out", history], check=True, capture_output=True, timeout=120)
        cls.srv = commerce.fixtures.Server(seed_dir=DEMO, extra_args=["--import-activity", history]).start()
        cls.brand = nacl.signing.SigningKey(core.CORE.derive_seed(PASS, "b_huaxi"))

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def settle(self, cutoff=None, csv="out.csv", url=None, passphrase=PASS, key_file=None):
        args = [DYNSHOP, "settle", "--url", url or self.srv.base, "--brand", "b_huaxi", "--cutoff", cutoff or today(),
                "--csv", os.path.join(self.tmp, csv)]
        if key_file:
            args += ["--key-file", key_file]
        env = dict(os.environ, DYNSHOP_PASSPHRASE=passphrase)
        return subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)

    def test_1_todays_batch_twice_is_one_batch_and_one_csv(self):
        first = self.settle(csv="a.csv")
        self.assertEqual(first.returncode, 0, first.stderr)
        a = json.loads(first.stdout)
        self.assertTrue(a["stored"])
        self.assertGreater(a["lines"], 0)
        self.assertEqual(a["currency"], "CNY")
        again = self.settle(csv="b.csv")
        self.assertEqual(again.returncode, 0, again.stderr)
        b = json.loads(again.stdout)
        self.assertEqual((b["batch"], b["lines"], b["total_minor"], b["stored"]), (a["batch"], a["lines"], a["total_minor"], False))
        with open(os.path.join(self.tmp, "a.csv"), "rb") as f1, open(os.path.join(self.tmp, "b.csv"), "rb") as f2:
            csv_a, csv_b = f1.read(), f2.read()
        self.assertEqual(csv_a, csv_b)
        self.assertEqual(csv_a.count(b"\n"), 1 + a["lines"])
        # The store serves the same bytes for that batch (the console downloads these).
        path = "/api/brands/b_huaxi/payouts/%s.csv" % a["batch"]
        st, _, raw = self.srv.request("GET", path, headers={"Authorization": auth_header(self.brand, "GET", path)})
        self.assertEqual(st, 200, raw)
        self.assertEqual(raw, csv_a)
        # The lines add up to the total, in minor units.
        rows = csv_a.decode("utf-8").strip().split("\n")[1:]
        self.assertEqual(sum(int(r.split(",")[6]) for r in rows), a["total_minor"])

    def test_2_an_earlier_date_than_the_last_batch_is_refused(self):
        week_ago = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=10)).strftime("%Y-%m-%d")
        r = self.settle(cutoff=week_ago)
        # The history paid weekly up to a week ago: a batch ending before the last one would overlap it.
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("already made", r.stderr)

    def test_3_refusals_say_why(self):
        wrong = self.settle(passphrase="not the brand's passphrase")
        self.assertEqual(wrong.returncode, 1)
        self.assertIn("does not open brand b_huaxi", wrong.stderr)
        key = os.path.join(self.tmp, "other.json")
        with open(key, "w") as f:
            json.dump({"type": "dynshop-key", "seed": base64.b64encode(hashlib.sha256(b"x").digest()).decode()}, f)
        self.assertIn("not brand b_huaxi's key", self.settle(key_file=key).stderr)
        # A file that is not a key file (the same rule the editor and the console use: core::read_key_file).
        notes = os.path.join(self.tmp, "notes.json")
        with open(notes, "w") as f:
            json.dump({"seed": base64.b64encode(hashlib.sha256(b"x").digest()).decode()}, f)
        refused = self.settle(key_file=notes)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("not a dynshop key file", refused.stderr)
        self.assertIn("not a date", self.settle(cutoff="2026-02-30").stderr)
        tomorrow = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
        future = self.settle(cutoff=tomorrow)
        self.assertEqual(future.returncode, 1)
        self.assertIn("future", future.stderr)
        down = self.settle(url="http://127.0.0.1:9")
        self.assertEqual(down.returncode, 1)
        self.assertIn("no answer", down.stderr)
        usage = subprocess.run([DYNSHOP, "settle", "--brand", "b_huaxi"], capture_output=True, text=True, timeout=30)
        self.assertEqual(usage.returncode, 2)
        env = {k: v for k, v in os.environ.items() if k != "DYNSHOP_PASSPHRASE"}
        no_pass = subprocess.run([DYNSHOP, "settle", "--url", self.srv.base, "--brand", "b_huaxi", "--cutoff", today(),
                                  "--csv", os.path.join(self.tmp, "x.csv")], capture_output=True, text=True, timeout=30, env=env)
        self.assertEqual(no_pass.returncode, 1)
        self.assertIn("DYNSHOP_PASSPHRASE", no_pass.stderr)


if __name__ == "__main__":
    unittest.main()
