"""Limits: rate limits per network and per target.

[SECTION] Limits  token buckets per client address and per target (429 + Retry-After)
"""
import argparse
import threading
import time

from .config import RATE_BUCKETS_MAX, RATE_LIMITS
from .errors import ApiError


# [SECTION] Limits ---------------------------------------------------------------------------------

# Token buckets (RATE_LIMITS in Config): lookups, writes and events per client address and per
# target, uploads per key. Real people never meet them; a script meets them within seconds.

class RateLimits:
    """Token buckets kept as one number each, the time the bucket is full again (the "theoretical
    arrival time" of GCRA): a bucket holds burst - (full_at - now) * rate tokens, so taking `cost`
    moves full_at on by cost / rate, and a bucket that is full again is the same as none. One float
    a key, not an object: a few hundred thousand buckets (one per visitor on a campaign day) cost
    the garbage collector nothing, and the event path stays within a few percent of the limits-off
    rate (bench/server_bench.sh --only limiter). A limit with no refill (rate 0) keeps the tokens
    spent instead. Buckets live in a dict per limit; past max_buckets the full ones are forgotten,
    then the ones full soonest."""

    def __init__(self, limits, max_buckets=RATE_BUCKETS_MAX):
        self.limits = dict(limits)
        self.buckets = {}  # name -> {key: full_at (monotonic s), or tokens spent when the rate is 0}
        self.count = 0
        self.max_buckets = max_buckets
        self.lock = threading.Lock()

    def _settle(self, name, keys, cost, now, take):
        """For each key in turn: 0 when cost tokens are there (spent when take), else the seconds to
        wait (nothing spent). One lock, one loop: the event path runs this for every event's visitor."""
        burst, rate = self.limits[name]
        waits = []
        with self.lock:
            of_name = self.buckets.get(name)
            if of_name is None:
                of_name = self.buckets[name] = {}
            get = of_name.get
            if rate > 0:
                step = cost / rate
                # Taking is allowed while full_at stays within burst / rate of now (a hair of slack
                # for the float division: 20 lookups at one per 30 s are 20, not 19).
                horizon = burst / rate * (1 + 1e-12) + 1e-9
                # More than a full bucket asked: wait for a full one, say so.
                room = (cost if cost < burst else burst) / rate
                for key in keys:
                    full_at = get(key)
                    start = now if full_at is None or full_at < now else full_at
                    if start + step - now <= horizon:
                        waits.append(0)
                        if take:
                            if full_at is None:
                                self.count += 1
                            of_name[key] = start + step
                    else:
                        waits.append(max(1, int(start - (burst / rate - room) - now + 0.999)))
            else:
                for key in keys:
                    spent = get(key, 0)
                    if burst - spent >= cost:
                        waits.append(0)
                        if take:
                            if spent == 0:
                                self.count += 1
                            of_name[key] = spent + cost
                    else:
                        waits.append(3600)
            if self.count > self.max_buckets:
                self._forget(now)
        return waits

    def _forget(self, now):
        kept = []  # (full_at, name, key) of the buckets not full again
        for name, of_name in self.buckets.items():
            rate = (self.limits.get(name) or (0, 0))[1]
            for key, v in of_name.items():
                if rate <= 0 or v > now:
                    kept.append((v if rate > 0 else now + v, name, key, v))
        if len(kept) > self.max_buckets // 2:  # all busy: the ones full soonest go
            kept.sort(key=lambda k: k[0])
            kept = kept[len(kept) - self.max_buckets // 2:]
        self.buckets = {}
        for _, name, key, v in kept:
            self.buckets.setdefault(name, {})[key] = v
        self.count = len(kept)

    def wait_s(self, name, key, cost=1, now=None):
        """Seconds until cost tokens are there (0: now), without spending any."""
        if self.limits.get(name) is None:
            return 0
        return self._settle(name, (key,), cost, time.monotonic() if now is None else now, False)[0]

    def spend(self, name, key, cost=1, now=None):
        """Takes cost tokens when they are there (0), else spends nothing and gives the seconds to wait."""
        return self.spend_each(name, (key,), cost, now)[0]

    def spend_each(self, name, keys, cost=1, now=None):
        """spend() for each key in turn (a key may repeat), under one lock: the list of waits."""
        if self.limits.get(name) is None:
            return [0] * len(keys)
        return self._settle(name, keys, cost, time.monotonic() if now is None else now, True)

    def take(self, name, key, what, cost=1):
        """spend(), or ApiError 429 with Retry-After saying what was limited."""
        wait = self.spend(name, key, cost)
        if wait:
            raise too_many(wait, what)


def too_many(wait, what):
    when = ("%d seconds" % wait) if wait < 120 else ("%d minutes" % ((wait + 59) // 60))
    return ApiError(429, "rate_limited", "%s Try again in %s." % (what, when), headers={"Retry-After": str(wait)},
                    retry_after_s=wait)


def parse_limit_arg(text):
    """--limit NAME=BURST/PER_SECOND or NAME=off -> (name, (burst, rate) or None)."""
    name, _, value = text.partition("=")
    if name not in RATE_LIMITS:
        raise argparse.ArgumentTypeError("unknown limit %r; the limits are %s" % (name, ", ".join(sorted(RATE_LIMITS))))
    if value == "off":
        return name, None
    burst, _, rate = value.partition("/")
    try:
        burst, rate = float(burst), float(rate)
    except ValueError:
        raise argparse.ArgumentTypeError("a limit is NAME=BURST/PER_SECOND (e.g. write_address=240/4) or NAME=off")
    if burst < 1 or rate < 0:
        raise argparse.ArgumentTypeError("a limit's burst is at least 1 and its rate at least 0")
    return name, (burst, rate)


def address_key(addr):
    """An IPv6 client is its /64 (one subscriber gets a whole /64); IPv4 is its address."""
    if ":" in addr:
        try:
            import ipaddress
            return str(ipaddress.ip_network(addr.split("%", 1)[0] + "/64", strict=False))
        except ValueError:
            return addr
    return addr
