"""Auth: requests signed by a brand's or a distributor's key.

[SECTION] Auth  signed requests (Authorization: Dynshop key=, ts=, sig=), each accepted once
"""
import hashlib
import re
import sys
import threading

try:
    import nacl.exceptions
    import nacl.signing
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write("serve.py needs python3-nacl: apt-get install python3-nacl, and run it with /usr/bin/python3\n")
    sys.exit(2)

from .errors import ApiError
from .referral import REQUEST_AUTH_WINDOW_MS
from .trust import b64_bytes


# [SECTION] Auth -----------------------------------------------------------------------------------

# Signed requests (src/core/trust/request_auth.h): Authorization: Dynshop key=<b64>, ts=<ms>, sig=<b64>
# over "<METHOD> <path?query>\n<ts>\n<sha256 hex of the body>", within five minutes of our clock.

AUTH_RE = re.compile(r"\s*Dynshop\s+key=([A-Za-z0-9+/=]{40,48})\s*,\s*ts=(\d{1,16})\s*,\s*sig=([A-Za-z0-9+/=]{80,96})\s*")


def check_request_auth(method, path_and_query, body, header, now, seen=None):
    """The signer's 32 key bytes, or ApiError 401 saying what is wrong. With seen (a SeenRequests),
    a request whose signature was already accepted is refused: a signed request works once."""
    def refuse(message):
        return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": "Dynshop"})
    if not header:
        raise refuse("This needs a signed request: Authorization: Dynshop key=<public key>, ts=<UTC ms>, "
                     "sig=<signature over \"<METHOD> <path?query>\\n<ts>\\n<sha256 hex of the body>\">.")
    m = AUTH_RE.fullmatch(header)
    key = b64_bytes(m.group(1), 32) if m else None
    sig = b64_bytes(m.group(3), 64) if m else None
    if key is None or sig is None:
        raise refuse("The Authorization header is malformed: Dynshop key=<base64>, ts=<UTC ms>, sig=<base64>.")
    ts = int(m.group(2))
    if abs(now - ts) > REQUEST_AUTH_WINDOW_MS:
        raise refuse("The signed request's time is more than five minutes from the server's clock; sign it again "
                     "now (and check the device's clock).")
    text = "%s %s\n%d\n%s" % (method, path_and_query, ts, hashlib.sha256(body).hexdigest())
    try:
        nacl.signing.VerifyKey(key).verify(text.encode("utf-8"), sig)
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise refuse("The request's signature does not match: sign \"<METHOD> <path?query>\\n<ts>\\n<sha256 hex of "
                     "the body>\" exactly as sent.")
    if seen is not None and not seen.first_use(sig, ts, now):
        raise ApiError(409, "replayed_request", "This signed request was already used; sign it again (a new time "
                                                "stamp) to send it once more.")
    return key


class SeenRequests:
    """The signatures of signed requests accepted within the clock window: a request captured on the
    way (a proxy's log, a shared screen) cannot be sent again. Ed25519 signatures are deterministic,
    so the same request signed at the same millisecond is the same request. Kept in memory: a store
    restarted within the window forgets, and a request older than the window is refused anyway."""

    def __init__(self, window_ms):
        self.window_ms = window_ms
        self.seen = {}  # sig -> expiry ms
        self.lock = threading.Lock()
        self.next_sweep = 0

    def first_use(self, sig, ts, now):
        with self.lock:
            if now >= self.next_sweep:
                self.seen = {k: v for k, v in self.seen.items() if v > now}
                self.next_sweep = now + self.window_ms // 5
            if sig in self.seen:
                return False
            self.seen[sig] = ts + self.window_ms + 1
            return True
