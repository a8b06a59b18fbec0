#!/usr/bin/python3
"""Settlement benchmark, the store's side (bench/settlement_bench.sh runs it):

  settlement_load.py load DATA LEDGER_DIR   the scale ledger (gen_demo --scale: 1,000,000 orders of b_scale
                                            split up 20,000 distributors' chains) written into the store in
                                            DATA, as the order path would have left it: orders, their shares
                                            (ledger_shares) and their deliveries, refunds and cancellations
                                            (order_status, received when they happened)
  settlement_load.py sql DATA CUTOFF MIN    the first payout batch as of CUTOFF computed by one SQL query in
                                            SQLite: prints {"ms", "lines", "total"} (the core's batch must
                                            be the same)

The orders are inserted directly (not through POST /api/orders: a million placements through the
store's rules take ten minutes, and what is measured here is settling them, not placing them).
Their contact, record and response are placeholders no settlement path reads."""
import json
import os
import sqlite3
import sys
import time

DAY_MS = 86_400_000


def load(data, ledger_dir):
    meta = json.load(open(os.path.join(ledger_dir, "ledger.json")))
    brand, currency, freeze = meta["brand"], meta["currency"], meta.get("freeze_days", 7)
    conn = sqlite3.connect(os.path.join(data, "dynshop.sqlite3"), isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    if conn.execute("SELECT COUNT(*) FROM orders WHERE brand = ?", (brand,)).fetchone()[0]:
        print(json.dumps({"loaded": False, "why": "already loaded"}))
        return
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    orders, shares, statuses = [], [], []
    n = 0
    placeholder = json.dumps({"name": "", "phone": "", "address": ""})

    def flush():
        conn.executemany(
            "INSERT INTO orders (seq, id, number, token, idem_key, body_sha256, brand, shop, shop_distributor, distributor, "
            "customer, visitor, currency, total, client_total, total_matched, release_version, placed_ms, contact, record, "
            "response) VALUES (?, ?, ?, '', ?, '', ?, '', ?, ?, ?, '', ?, ?, NULL, 1, 1, ?, ?, '{}', '{}')", orders)
        conn.executemany("INSERT INTO ledger_shares (order_seq, brand, distributor, level, amount, freeze_days) "
                         "VALUES (?, ?, ?, ?, ?, ?)", shares)
        conn.executemany("INSERT INTO order_status (brand, order_id, status, at_ms, received_ms) VALUES (?, ?, ?, ?, ?)",
                         statuses)
        del orders[:], shares[:], statuses[:]

    base = (conn.execute("SELECT MAX(seq) FROM orders").fetchone()[0] or 0) + 1
    with open(os.path.join(ledger_dir, "orders.ndjson")) as f:
        for line in f:
            o = json.loads(line)
            seq = base + n
            n += 1
            payees = o["payees"]
            seller = payees[0][0] if payees else ""
            total = sum(a for _, a in payees) * 5  # a placeholder order total (no settlement path reads it)
            orders.append((seq, o["id"], "S%08d" % n, "bench%012d" % n, brand, seller, seller, "ph2:bench%d" % n, currency,
                           total, o["placed"], placeholder))
            for level, (d, amount) in enumerate(payees):
                if amount > 0:
                    shares.append((seq, brand, d, level, amount, freeze))
            statuses.append((brand, o["id"], "placed", o["placed"], o["placed"]))
            if o["delivered"]:
                statuses.append((brand, o["id"], "delivered", o["delivered"], o["delivered"]))
            if o["voided"]:
                statuses.append((brand, o["id"], "refunded" if o["delivered"] else "cancelled", o["voided"], o["voided"]))
            if len(orders) >= 20000:
                flush()
    flush()
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('ledger_backfilled', '1')")
    conn.execute("COMMIT")
    print(json.dumps({"loaded": True, "orders": n, "seconds": round(time.perf_counter() - t0, 1)}))


SQL_BATCH = """
WITH times AS (
  SELECT o.seq AS seq,
         (SELECT MIN(MAX(s.at_ms, s.received_ms)) FROM order_status s WHERE s.brand = o.brand AND s.order_id = o.id AND s.status = 'delivered') AS delivered,
         (SELECT MIN(MAX(s.at_ms, s.received_ms)) FROM order_status s WHERE s.brand = o.brand AND s.order_id = o.id
            AND s.status IN ('refunded', 'cancelled')) AS voided
  FROM orders o WHERE o.brand = :brand)
SELECT ls.distributor, SUM(ls.amount) AS gross, COUNT(*) AS shares
FROM ledger_shares ls JOIN times t ON t.seq = ls.order_seq
WHERE ls.brand = :brand AND t.delivered IS NOT NULL AND t.delivered + ls.freeze_days * 86400000 <= :cutoff
  AND (t.voided IS NULL OR t.voided > :cutoff)
GROUP BY ls.distributor HAVING SUM(ls.amount) >= :min
ORDER BY ls.distributor
"""


def sql(data, cutoff, minimum, brand="b_scale"):
    conn = sqlite3.connect("file:%s?mode=ro" % os.path.join(data, "dynshop.sqlite3"), uri=True)
    runs = []
    rows = []
    for _ in range(3):
        t0 = time.perf_counter()
        rows = conn.execute(SQL_BATCH, {"brand": brand, "cutoff": cutoff, "min": minimum}).fetchall()
        runs.append((time.perf_counter() - t0) * 1000)
    runs.sort()
    print(json.dumps({"ms": round(runs[len(runs) // 2], 1), "runs_ms": [round(r, 1) for r in runs], "lines": len(rows),
                      "total": sum(r[1] for r in rows), "query": " ".join(SQL_BATCH.split())}))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "load":
        load(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "sql":
        sql(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)
