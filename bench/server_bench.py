#!/usr/bin/python3
"""Figures for serve.py's write paths (run through bench/server_bench.sh).

  events    wrk against POST /api/events on loopback (bench/wrk_events.lua: batches of unique ids),
            then the exact count of stored events in SQLite compared with what wrk sent.
  limiter   the rate limiter's cost: the events run with the limits off and on (raised past the
            bench's rate so every request is checked, none refused), alternated twice; on/off ratio.
  orders    order placement throughput: threads with keep-alive connections, distinct keys.
  bindings  binding resolution over 1,000,000 deterministic events in a temp SQLite store, with
            the store's resolve_bindings (core::apply_touch through dynshop_core, from SQLite rows), and natively with core::apply_touch
            (bench/binding_bench.cpp) over the same stream; the two checksums must match.
            With --store DIR: over the events of that store instead (the generated scale activity,
            gen_demo --scale + serve.py --import-activity; bench/activity_bench.sh makes it).

The store is a fresh serve.py subprocess on the test fixtures' world (tests/server/fixtures.py).
"""
import argparse
import hashlib
import http.client
import json
import operator
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tests", "server"))
sys.path.insert(0, os.path.join(REPO, "src"))
import fixtures  # noqa: E402
from store import config, events, limits, referral, schema  # noqa: E402

SHOPS = ["carol", "bob-shop", "alice-tea"]


def say(line=""):
    print(line, flush=True)


def pct(sorted_values, p):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def db(srv):
    """The store's database: SQLite, or PostgreSQL when DYNSHOP_TEST_PG names a cluster (the
    fixtures then give each store a database of its own)."""
    if srv.db_url:
        from store import postgres
        return postgres.Connection(srv.db_url)
    conn = sqlite3.connect("file:%s?mode=ro" % os.path.join(srv.data, "dynshop.sqlite3"), uri=True, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


# -- events (wrk) -----------------------------------------------------------------------------------

def process_cpu_s(pid):
    """User + system CPU seconds a process has used (its threads included): what a request costs the
    store, whatever else the machine runs (wall-clock rates move with the load, this hardly does)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def events_of_run(conn, prefix):
    """(events stored, copies beyond one per brand) of the events whose ids start with prefix: an
    event is a row for each brand it names (schema: events), and no (brand, id) is there twice."""
    return conn.execute("SELECT COUNT(DISTINCT id), COUNT(*) - COUNT(DISTINCT brand || ' ' || id) FROM events "
                        "WHERE substr(id, 1, ?) = ?", (len(prefix), prefix)).fetchone()


def bench_events(srv, seconds, threads, connections, batch, title=""):
    lua = os.path.join(REPO, "bench", "wrk_events.lua")
    url = "http://127.0.0.1:%d/api/events" % srv.port
    results = {}
    for label, secs in (("warmup", 2), ("run", seconds)):
        run = "%s%d" % (label[0], int(time.time() * 1000) % 10 ** 9)
        cpu0 = process_cpu_s(srv.proc.pid)
        env = dict(os.environ, WRK_RUN=run, WRK_BATCH=str(batch), WRK_SHOPS=",".join(SHOPS))
        out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % secs, "--latency", "-s", lua,
                              url], capture_output=True, text=True, env=env, timeout=secs + 120)
        m = re.search(r"WRK_RESULT (.*)", out.stdout)
        if out.returncode != 0 or not m:
            raise SystemExit("wrk failed:\n%s\n%s" % (out.stdout, out.stderr))
        r = {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
        time.sleep(1.0)  # requests in flight when wrk stopped are answered (or dropped) by now
        conn = db(srv)
        try:
            stored, twice = events_of_run(conn, "e_%s_" % run)
        finally:
            conn.close()
        r.update(stored=stored, twice=twice, wrk_stdout=out.stdout,
                 cpu_us=(process_cpu_s(srv.proc.pid) - cpu0) * 1e6 / max(1, r["answered_batches"]))
        results[label] = r
    r = results["run"]
    errors = r["err_connect"] + r["err_read"] + r["err_write"] + r["err_status"] + r["err_timeout"] + r["other_answers"]
    acked = r["answered_batches"] * batch
    in_flight = r["sent_batches"] - r["answered_batches"]
    say("== POST /api/events with wrk (%d threads, %d connections, %d s, %d events per request, loopback)%s" %
        (threads, connections, seconds, batch, title))
    say("   requests/s:          %.0f  (%.0f events/s)" % (r["requests"] / (r["duration_us"] / 1e6),
                                                          r["requests"] * batch / (r["duration_us"] / 1e6)))
    say("   latency p50/p90/p99: %.1f / %.1f / %.1f ms   (max %.1f ms)" %
        (r["p50_us"] / 1000, r["p90_us"] / 1000, r["p99_us"] / 1000, r["max_us"] / 1000))
    say("   errors:              %d  (connect %d, read %d, write %d, status %d, timeout %d, other answers %d)" %
        (errors, r["err_connect"], r["err_read"], r["err_write"], r["err_status"], r["err_timeout"], r["other_answers"]))
    say("   sent:                %d requests = %d events; %d answered \"stored\": %d = %d events acknowledged" %
        (r["sent_batches"], r["sent_batches"] * batch, r["answered_batches"], batch, acked))
    say("   in the database:     %d events of this run (%d stored twice for a brand); acknowledged %d + %d from the "
        "%d request%s still in flight when wrk stopped" % (r["stored"], r["twice"], acked, r["stored"] - acked, in_flight,
                                                           "" if in_flight == 1 else "s"))
    say("   server CPU:          %.0f us per request (user + system time of the serve.py process)" % r["cpu_us"])
    srv.last_cpu_us = r["cpu_us"]
    ok = (errors == 0 and r["twice"] == 0 and acked <= r["stored"] <= r["sent_batches"] * batch
          and r["stored"] % batch == 0)
    say("   check:               %s" % ("OK (no error, every acknowledged event stored once, whole batches only)"
                                         if ok else "FAILED"))
    return ok, r["requests"] * batch / (r["duration_us"] / 1e6)


def bench_events_processes(srvs, seconds, threads, connections, batch):
    """POST /api/events with one wrk per store process (the connections split between them), all
    processes on one PostgreSQL database: summed rates, and every acknowledged event stored once."""
    lua = os.path.join(REPO, "bench", "wrk_events.lua")
    per = max(1, connections // len(srvs))
    for label, secs in (("warmup", 2), ("run", seconds)):
        stamp = int(time.time() * 1000) % 10 ** 9
        runs = ["%s%d%s" % (label[0], stamp, chr(ord("a") + i)) for i in range(len(srvs))]
        cpu0 = sum(process_cpu_s(srv.proc.pid) for srv in srvs)
        procs = [subprocess.Popen(["wrk", "-t%d" % max(1, threads // len(srvs)), "-c%d" % per, "-d%ds" % secs,
                                   "--latency", "-s", lua, "http://127.0.0.1:%d/api/events" % srv.port],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=dict(os.environ, WRK_RUN=run, WRK_BATCH=str(batch), WRK_SHOPS=",".join(SHOPS)))
                 for srv, run in zip(srvs, runs)]
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=secs + 120)
            m = re.search(r"WRK_RESULT (.*)", out)
            if proc.returncode != 0 or not m:
                raise SystemExit("wrk failed:\n%s\n%s" % (out, err))
            results.append({k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())})
        cpu_s = sum(process_cpu_s(srv.proc.pid) for srv in srvs) - cpu0
    time.sleep(1.0)
    conn = db(srvs[0])
    try:
        stored = twice = 0
        for run in runs:
            n, copies = events_of_run(conn, "e_%s_" % run)
            stored += n
            twice += copies
    finally:
        conn.close()
    total = lambda k: sum(r[k] for r in results)  # noqa: E731
    duration = max(r["duration_us"] for r in results) / 1e6
    errors = sum(total(k) for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout", "other_answers"))
    acked = total("answered_batches") * batch
    say("== POST /api/events with wrk, %d store processes on one database (%d connections each, %d s, %d events "
        "per request, loopback)" % (len(srvs), per, seconds, batch))
    say("   requests/s:          %.0f  (%.0f events/s), summed over the processes" %
        (total("requests") / duration, total("requests") * batch / duration))
    say("   latency p99:         %s ms (per process)" % " / ".join("%.1f" % (r["p99_us"] / 1000) for r in results))
    say("   errors:              %d" % errors)
    say("   in the database:     %d events of this run (%d stored twice for a brand); %d acknowledged" % (stored, twice, acked))
    say("   server CPU:          %.0f us per request (the processes together)" % (cpu_s * 1e6 / max(1, total("answered_batches"))))
    ok = errors == 0 and twice == 0 and acked <= stored <= total("sent_batches") * batch and stored % batch == 0
    say("   check:               %s" % ("OK (no error, every acknowledged event stored once, whole batches only)"
                                         if ok else "FAILED"))
    return ok


# The rate limiter's cost per request (issue 9: no more than 5% slower): the same wrk run against a
# store with the event limits off and one with them on, raised for the address so the bench's one
# address is checked on every request and never refused (the per-visitor buckets stay as
# configured: the bench's 10,000 visitors stay far below them). Two rounds, alternated.
LIMITS_OFF = ("--limit", "event_address=off", "--limit", "event_visitor=off", "--limit", "write_address=off")
LIMITS_ON = ("--limit", "event_address=1000000000/1000000000", "--limit", "write_address=1000000000/1000000000")


def bench_limiter(args):
    ok, rates, cpu = True, {"off": [], "on": []}, {"off": [], "on": []}
    for rnd in (1, 2):
        for mode, extra in (("off", LIMITS_OFF), ("on", LIMITS_ON)):
            srv = fixtures.Server(extra_args=extra).start()
            try:
                good, rate = bench_events(srv, args.seconds, args.threads, args.connections, args.batch,
                                          ", rate limits %s, round %d" % (mode, rnd))
                ok = ok and good
                rates[mode].append(rate)
                cpu[mode].append(srv.last_cpu_us)
            finally:
                srv.cleanup()
    off, on = sum(rates["off"]) / 2, sum(rates["on"]) / 2
    # The same work measured alone, in this process: what post_events asks of the limiter for one
    # request of `batch` events (the address's bucket, then each event's visitor), over the bench's
    # 10,000 visitors. Its share of a request's time is steadier than the wrk ratio on a busy machine.
    lim = limits.RateLimits(dict(config.RATE_LIMITS, event_address=(1e9, 1e9)))
    visitors = ["v_bench_%d_%d" % (t, n) for t in (1, 2) for n in range(5000)]
    n = 20000
    t0 = time.perf_counter()
    for i in range(n):
        lim.take("event_address", "127.0.0.1", "", cost=args.batch)
        lim.spend_each("event_visitor", [visitors[(i * args.batch + k) % len(visitors)] for k in range(args.batch)])
    per_request_us = (time.perf_counter() - t0) / n * 1e6
    request_us = 1e6 / (off / args.batch)
    say("== rate limiter alone: %.1f us per request of %d events = %.1f%% of a request's %.0f us at the limits-off rate" %
        (per_request_us, args.batch, per_request_us / request_us * 100, request_us))
    say("== rate limiter cost on POST /api/events: limits on %.0f events/s, off %.0f events/s (mean of 2 rounds "
        "each): on/off = %.3f (%.1f%% %s); load average %s" %
        (on, off, on / off, abs(1 - on / off) * 100, "slower" if on < off else "faster",
         open("/proc/loadavg").read().split()[:3]))
    cpu_on, cpu_off = sum(cpu["on"]) / 2, sum(cpu["off"]) / 2
    say("== server CPU per request: limits on %.0f us, off %.0f us (mean of 2 rounds each): on/off = %.3f (%.1f%% %s)" %
        (cpu_on, cpu_off, cpu_on / cpu_off, abs(cpu_on / cpu_off - 1) * 100, "more" if cpu_on > cpu_off else "less"))
    return ok


# -- orders -----------------------------------------------------------------------------------------

ORDER_LINES = {"carol": [("p-tea", "acme"), ("p-pot", "acme")], "bob-shop": [("p-tea", "acme"), ("p-cup", "acme")],
               "alice-tea": [("p-cup", "acme"), ("b-bolt", "bolt")]}


def bench_orders(srv, count, threads, others=()):
    """Orders from `threads` clients; with `others` (more store processes on the same database) the
    clients are spread over all of them."""
    srvs = [srv] + list(others)
    bodies = []
    for i in range(count):
        shop = SHOPS[i % 3]
        product, brand = ORDER_LINES[shop][(i // 3) % 2]
        bodies.append(json.dumps({
            "key": "bench-%d-%08d" % (srv.port, i), "shop": shop, "brand": brand,
            "lines": [{"product": product, "qty": 1 + i % 3}],
            "contact": {"name": "Bench Buyer", "phone": "138%08d" % (i % 5000), "address": "1 Bench Road, Hangzhou"},
            "visitor": "v_bench%d" % (i % 5000), "touch": {"channel": ["qr", "share", "link", "direct"][i % 4],
                                                           "campaign": "bench", "hop": i % 3},
            "client_total": 0}).encode())
    latencies, failures, lock = [], [], threading.Lock()
    chunks = [bodies[t::threads] for t in range(threads)]

    def worker(chunk, port):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for body in chunk:
            t0 = time.perf_counter()
            conn.request("POST", "/api/orders", body, {"Content-Type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
            mine.append(time.perf_counter() - t0)
            if resp.status != 201:
                with lock:
                    failures.append((resp.status, data[:200]))
        conn.close()
        with lock:
            latencies.extend(mine)

    ts = [threading.Thread(target=worker, args=(c, srvs[i % len(srvs)].port)) for i, c in enumerate(chunks)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    elapsed = time.perf_counter() - t0
    conn = db(srv)
    try:
        prefix = "bench-%d-" % srv.port
        stored = conn.execute("SELECT COUNT(*) FROM orders WHERE substr(idem_key, 1, ?) = ?",
                              (len(prefix), prefix)).fetchone()[0]
    finally:
        conn.close()
    latencies.sort()
    say("== POST /api/orders (%d orders, %d client threads with keep-alive, distinct keys, 5,000 customers%s)" %
        (count, threads, ", %d store processes on one database" % len(srvs) if len(srvs) > 1 else ""))
    say("   orders/s:            %.0f" % (count / elapsed))
    say("   latency p50/p99:     %.1f / %.1f ms" % (pct(latencies, 50) * 1000, pct(latencies, 99) * 1000))
    say("   errors:              %d%s" % (len(failures), (" e.g. %s" % (failures[0],)) if failures else ""))
    say("   in the database:     %d orders (each priced, bound, split and committed before its 201)" % stored)
    return not failures and stored == count


# -- bindings ---------------------------------------------------------------------------------------

MASK = (1 << 64) - 1
BASE_MS = 1_700_000_000_000
SPAN_MS = 120 * referral.DAY_MS
CHANNELS = ("direct", "qr", "share", "link")
RULE_ORDER = ("bound", "kept", "rebound", "renewed_after_lapse", "self_referral", "inactive_distributor")


def gen_events(n, visitors, distributors, seed):
    """Keep in step with generate() in bench/binding_bench.cpp (splitmix64)."""
    state = seed
    for i in range(n):
        out = []
        for _ in range(3):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            out.append(z ^ (z >> 31))
        visitor = out[0] % visitors
        home = (visitor * 2654435761) % distributors
        dist = home if out[1] % 10 < 7 else (out[1] >> 8) % distributors
        yield i, visitor, dist, CHANNELS[out[2] % 4], BASE_MS + i * SPAN_MS // n


def bench_bindings(n, visitors, distributors, seed, native):
    tmp = tempfile.mkdtemp(prefix="dynshop-bindings-")
    path = os.path.join(tmp, "events.sqlite3")
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(schema.SCHEMA)
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(events.INSERT_EVENT, (
            ("bench", "e_b%07d" % i, "visit", "s%04d" % d, "d%04d" % d, '["bench"]', "", "v_%06d" % v, ch, "", 0, at, at)
            for i, v, d, ch, at in gen_events(n, visitors, distributors, seed)))
        conn.execute("COMMIT")
        gen_s = time.perf_counter() - t0
        stored = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        say("== Binding resolution over %d events (%d visitors, %d distributors, 5%% of them inactive)" %
            (stored, visitors, distributors))
        say("   generated into a temp SQLite store (real schema, indexes, brand trigger) in %.1f s" % gen_s)
        inactive = frozenset("d%04d" % d for d in range(distributors) if d % 20 == 7)
        results = {}
        for name, mode, days in (("permanent", "permanent", 0), ("window30", "window", 30), ("last", "last", 0)):
            policy = referral.policy_of({"binding": {"mode": mode, "days": days}}, "bench")
            t0 = time.perf_counter()
            # A plain scan, then a sort by time in Python: faster than SQLite walking an index.
            rows = conn.execute("SELECT visitor, distributor, shop, channel, at_ms FROM events").fetchall()
            rows.sort(key=operator.itemgetter(4))
            t1 = time.perf_counter()
            bindings, rules = referral.resolve_bindings(rows, policy, inactive)
            t2 = time.perf_counter()
            lines = "".join("%s %s\n" % (v, b["distributor"]) for v, b in sorted(bindings.items()))
            checksum = hashlib.sha256(lines.encode()).hexdigest()
            rule_text = ",".join("%s:%d" % (r, rules[r]) for r in RULE_ORDER if rules.get(r))
            results[name] = (len(bindings), rule_text, checksum)
            say("   store  %-9s  read+sort %.2f s + resolve %.2f s = %.2f s (%.0f events/s); %d visitors bound; %s" %
                (name, t1 - t0, t2 - t1, t2 - t0, stored / (t2 - t0), len(bindings), rule_text))
        conn.close()
        agree = True
        if native and os.path.exists(native):
            out = subprocess.run([native, str(n), str(visitors), str(distributors), str(seed)], capture_output=True,
                                 text=True, timeout=300)
            for line in out.stdout.splitlines():
                m = re.match(r"BINDING_CPP mode=(\S+) events=(\d+) ms=([\d.]+) visitors_bound=(\d+) rules=(\S+) "
                             r"checksum=(\S+)", line)
                if not m:
                    continue
                name, ms, bound, rule_text, checksum = m.group(1), float(m.group(3)), int(m.group(4)), m.group(5), m.group(6)
                same = results.get(name) == (bound, rule_text, checksum)
                agree = agree and same
                say("   native %-9s  resolve %.3f s (%.0f events/s, in memory, core::apply_touch); %s" %
                    (name, ms / 1000, n / (ms / 1000), "same bindings as serve.py (checksum %s...)" % checksum[:12]
                     if same else "DIFFERENT from serve.py: %s vs %s" % ((bound, rule_text, checksum), results.get(name))))
        else:
            say("   native: %s not built (ninja -C <build>/native binding_bench); skipped" % native)
        return agree
    finally:
        for f in os.listdir(tmp):
            os.remove(os.path.join(tmp, f))
        os.rmdir(tmp)


def bench_store_bindings(store_dir, native, db_url=None):
    """Binding resolution over the events already in a store (the generated scale activity): its
    SQLite file, or with db_url its PostgreSQL database."""
    if db_url:
        from store import postgres
        conn = postgres.Connection(db_url)
        store_dir = postgres.safe_url(db_url)
    else:
        conn = sqlite3.connect("file:%s?mode=ro" % os.path.join(store_dir, "dynshop.sqlite3"), uri=True)
    tmp = tempfile.mkdtemp(prefix="dynshop-bindings-")
    touches_path = os.path.join(tmp, "touches.tsv")
    try:
        stored = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        visitors = conn.execute("SELECT COUNT(DISTINCT visitor) FROM events").fetchone()[0]
        distributors = conn.execute("SELECT COUNT(DISTINCT distributor) FROM events").fetchone()[0]
        inactive = frozenset(r[0] for r in conn.execute("SELECT distributor FROM enrollments WHERE active = 0"))
        say("== Binding resolution over the %d events of %s (%d visitors, %d distributors with a shop, %d of the "
            "store's distributors inactive)" % (stored, store_dir, visitors, distributors, len(inactive)))
        results = {}
        for name, mode, days in (("permanent", "permanent", 0), ("window30", "window", 30), ("last", "last", 0)):
            policy = referral.policy_of({"binding": {"mode": mode, "days": days}}, "bench")
            t0 = time.perf_counter()
            rows = conn.execute("SELECT visitor, distributor, shop, channel, at_ms FROM events").fetchall()
            rows.sort(key=operator.itemgetter(4))
            t1 = time.perf_counter()
            bindings, rules = referral.resolve_bindings(rows, policy, inactive)
            t2 = time.perf_counter()
            lines = "".join("%s %s\n" % (v, b["distributor"]) for v, b in sorted(bindings.items()))
            checksum = hashlib.sha256(lines.encode()).hexdigest()
            rule_text = ",".join("%s:%d" % (r, rules[r]) for r in RULE_ORDER if rules.get(r))
            results[name] = (len(bindings), rule_text, checksum)
            say("   store  %-9s  read+sort %.2f s + resolve %.2f s = %.2f s (%.0f events/s); %d visitors bound; %s" %
                (name, t1 - t0, t2 - t1, t2 - t0, stored / (t2 - t0), len(bindings), rule_text))
            if name == "permanent":
                with open(touches_path, "w") as f:
                    f.writelines("%s\t%s\t%s\t%s\t%d\n" % r for r in rows)
            del rows
        agree = True
        if inactive:
            say("   native: the store has inactive distributors, which binding_bench --touches does not model; skipped")
        elif native and os.path.exists(native):
            out = subprocess.run([native, "--touches", touches_path], capture_output=True, text=True, timeout=600)
            for line in out.stdout.splitlines():
                m = re.match(r"BINDING_CPP mode=(\S+) events=(\d+) ms=([\d.]+) visitors_bound=(\d+) rules=(\S+) "
                             r"checksum=(\S+)", line)
                if not m:
                    continue
                name, ms, bound, rule_text, checksum = m.group(1), float(m.group(3)), int(m.group(4)), m.group(5), m.group(6)
                same = results.get(name) == (bound, rule_text, checksum)
                agree = agree and same
                say("   native %-9s  resolve %.3f s (%.0f events/s, in memory, core::apply_touch); %s" %
                    (name, ms / 1000, stored / (ms / 1000), "same bindings as serve.py (checksum %s...)" % checksum[:12]
                     if same else "DIFFERENT from serve.py: %s vs %s" % ((bound, rule_text, checksum), results.get(name))))
            if len([ln for ln in out.stdout.splitlines() if ln.startswith("BINDING_CPP")]) != 3:
                say("   native: binding_bench --touches gave no result: %s" % out.stderr[-500:])
                agree = False
        else:
            say("   native: %s not built (ninja -C <build>/native binding_bench); skipped" % native)
        return agree
    finally:
        conn.close()
        for f in os.listdir(tmp):
            os.remove(os.path.join(tmp, f))
        os.rmdir(tmp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--orders", type=int, default=int(os.environ.get("BENCH_ORDERS", "3000")))
    ap.add_argument("--order-threads", type=int, default=8)
    ap.add_argument("--events", type=int, default=int(os.environ.get("BENCH_EVENTS", "1000000")))
    ap.add_argument("--native", default=None, help="path of the binding_bench executable")
    ap.add_argument("--only", default="events,limiter,orders,bindings")
    ap.add_argument("--store", default=None, help="bindings over the events of this serve.py --data folder")
    ap.add_argument("--store-db", default=None, metavar="postgresql://...",
                    help="bindings over the events of the store in this PostgreSQL database")
    ap.add_argument("--processes", type=int, default=1,
                    help="events and orders through this many store processes on one database (PostgreSQL: "
                         "DYNSHOP_TEST_PG names the cluster)")
    args = ap.parse_args()
    only = set(args.only.split(","))
    ok = True
    if fixtures.TEST_PG:
        say("serve.py write paths on %s (%d cores), PostgreSQL (a throwaway cluster: %s), synchronous_commit=on" %
            (os.uname().nodename, os.cpu_count(), fixtures.TEST_PG))
    else:
        say("serve.py write paths on %s (%d cores), SQLite %s, WAL, synchronous=FULL" %
            (os.uname().nodename, os.cpu_count(), sqlite3.sqlite_version))
    if "limiter" in only:
        ok = bench_limiter(args) and ok
    if only & {"events", "orders"}:
        # One address sends everything here: the per-address limits are raised past the bench's rate
        # (still checked on every request); a real store sees thousands of addresses.
        srv = fixtures.Server(extra_args=LIMITS_ON).start()
        others = []
        try:
            if args.processes > 1:
                if not srv.db_url:
                    raise SystemExit("--processes needs PostgreSQL: set DYNSHOP_TEST_PG (tools/pg_cluster.sh start DIR)")
                for _ in range(args.processes - 1):
                    other = fixtures.Server(world=srv.world, tmp=srv.tmp, extra_args=LIMITS_ON)
                    other.db_url = srv.db_url
                    others.append(other.start())
            if "events" in only:
                if others:
                    ok = bench_events_processes([srv] + others, args.seconds, args.threads, args.connections,
                                                args.batch) and ok
                else:
                    ok = bench_events(srv, args.seconds, args.threads, args.connections, args.batch)[0] and ok
            if "orders" in only:
                ok = bench_orders(srv, args.orders, args.order_threads, others) and ok
            log = srv.stderr() + "".join(o.stderr() for o in others)
            if "Traceback" in log:
                say("serve.py logged a traceback:\n" + log[-3000:])
                ok = False
        finally:
            for other in others:
                other.stop()
            srv.cleanup()
    if "bindings" in only and (args.store or args.store_db):
        ok = bench_store_bindings(args.store, args.native, args.store_db) and ok
    elif "bindings" in only:
        ok = bench_bindings(args.events, 100000, 2000, 42, args.native) and ok
    say("server_bench: %s" % ("OK" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
