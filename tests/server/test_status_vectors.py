"""Order status flow, run against the store's STATUS_FLOW (the core's next_statuses) from the same vectors the C++ doctests
run (tests/core/test_status_change.cpp): the brand console never offers a change the store refuses,
and the store never accepts one the console would not offer."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: E402
import commerce  # noqa: E402
from store import referral  # noqa: E402

VECTORS = os.path.join(commerce.fixtures.REPO, "tests", "vectors")


class StatusVectors(unittest.TestCase):
    def test_status_flow_vectors(self):
        with open(os.path.join(VECTORS, "order_status.json"), encoding="utf-8") as f:
            cases = json.load(f)["cases"]
        self.assertEqual(len(cases), 25)
        self.assertEqual(set(referral.STATUS_FLOW), {"placed", "paid", "delivered", "refunded", "cancelled"})
        for c in cases:
            with self.subTest(frm=c["from"], to=c["to"]):
                self.assertEqual(c["to"] in referral.STATUS_FLOW[c["from"]], c["allowed"])
        allowed = sum(len(v) for v in referral.STATUS_FLOW.values())
        self.assertEqual(allowed, sum(1 for c in cases if c["allowed"]))


if __name__ == "__main__":
    unittest.main()
