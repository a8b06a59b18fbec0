"""Trust: nothing is believed because it came from a client, the seed or the database.

[SECTION] Trust  envelopes, Ed25519 via nacl, canonical JSON of request bodies,
                 stored documents checked again when read against the platform root key
"""
import base64
import binascii
import json
import sys
import threading
from collections import OrderedDict

try:
    import nacl.exceptions
    import nacl.signing
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write("serve.py needs python3-nacl: apt-get install python3-nacl, and run it with /usr/bin/python3\n")
    sys.exit(2)

from .errors import ApiError, bad_document, parse_json_text


# [SECTION] Trust ----------------------------------------------------------------------------------

def b64_bytes(text, length):
    """Standard base64 with padding, decoded strictly; None unless it is exactly `length` bytes."""
    if not isinstance(text, str) or len(text) > 4 * ((length + 2) // 3):
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None
    return raw if len(raw) == length else None


def b64_text(raw):
    return base64.b64encode(raw).decode("ascii")


class Opened:
    """An envelope whose signature checked out against the key it names (not yet its authority)."""

    def __init__(self, envelope, payload, key):
        self.envelope = envelope  # {"payload", "key", "sig"} exactly as received
        self.payload = payload    # parsed payload object
        self.key = key            # signer's 32 key bytes


def open_envelope(env):
    if not isinstance(env, dict) or not all(isinstance(env.get(k), str) for k in ("payload", "key", "sig")):
        raise ApiError(400, "not_an_envelope",
                       'The document is not a signed envelope: send {"payload": "<exact JSON text>", '
                       '"key": "<base64 public key>", "sig": "<base64 signature>"}.')
    key = b64_bytes(env["key"], 32)
    if key is None:
        raise ApiError(422, "bad_signature", "The envelope's key is not a base64 Ed25519 public key (32 bytes).")
    sig = b64_bytes(env["sig"], 64)
    if sig is None:
        raise ApiError(422, "bad_signature", "The envelope's signature is not a base64 Ed25519 signature (64 bytes).")
    try:
        message = env["payload"].encode("utf-8")
    except UnicodeEncodeError:
        raise bad_document("The payload is not valid UTF-8 text.")
    try:
        nacl.signing.VerifyKey(key).verify(message, sig)
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise ApiError(422, "bad_signature",
                       "The signature does not match the payload and key: the document was changed after it "
                       "was signed, or signed with another key. Sign the exact payload text again.")
    try:
        payload = parse_json_text(env["payload"])
    except ValueError:
        raise bad_document("The signed payload is not valid JSON.")
    if not isinstance(payload, dict):
        raise bad_document("The signed payload is not a JSON object.")
    return Opened({"payload": env["payload"], "key": env["key"], "sig": env["sig"]}, payload, key)


def canonical_json(value):
    """nlohmann's dump(): keys sorted, no spaces, UTF-8 kept as is (matches core::dump_json)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def envelope_text(env):
    return json.dumps({"payload": env["payload"], "key": env["key"], "sig": env["sig"]},
                      ensure_ascii=False, separators=(",", ":"))


class ParsedCache:
    """Small LRU of parsed payloads; documents are immutable, so (seq) is a perfect key."""

    def __init__(self, size):
        self.size = size
        self.items = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, make):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


PAYLOADS = ParsedCache(4096)   # certificates, policies, manifests: small


RELEASES = ParsedCache(8)      # parsed releases can be tens of MB each in memory


def head_row(conn, kind, brand, subject):
    return conn.execute(
        "SELECT d.seq, d.version, d.envelope, d.signer FROM heads h JOIN documents d ON d.brand = h.brand AND d.seq = h.seq "
        "WHERE h.kind = ? AND h.brand = ? AND h.subject = ?", (kind, brand, subject)).fetchone()


def payload_of(seq, envelope, big=False):
    return (RELEASES if big else PAYLOADS).get(seq, lambda: json.loads(json.loads(envelope)["payload"]))


# What a page or a price is made from is checked again when it is read, not only when it was written:
# a store edited or damaged behind serve.py's back (the SQLite file is just a file) must not put a
# forged name, price or description into a page, an Open Graph card or an order. The platform root
# key is the anchor, as in the browser; results are cached per document (documents are immutable).
ROOT_KEY = None  # set by main() to the key serve.py was started with, before anything is read


def signed_payload(seq, envelope, signer, big=False):
    """The stored document's payload only if its envelope's Ed25519 signature checks and it was signed
    by `signer` (32 bytes), else None. envelope: its text, or a function that reads it (a release is
    megabytes: read only when not cached)."""
    def load():
        try:
            env = json.loads(envelope() if callable(envelope) else envelope)
            key, sig = b64_bytes(env.get("key"), 32), b64_bytes(env.get("sig"), 64)
            if key is None or sig is None:
                return None, None
            nacl.signing.VerifyKey(key).verify(env["payload"].encode("utf-8"), sig)
            payload = json.loads(env["payload"])
            return (key, payload) if isinstance(payload, dict) else (None, None)
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeEncodeError, nacl.exceptions.CryptoError):
            return None, None
    if signer is None:
        return None
    key, payload = (RELEASES if big else PAYLOADS).get(("signed", seq), load)
    return payload if key is not None and key == signer else None


def trusted_cert(conn, brand):
    """(payload, key bytes) of the brand's current certificate if the platform root key signed it."""
    row = head_row(conn, "brand", brand, brand)
    if not row:
        return None
    cert = signed_payload(row[0], row[2], ROOT_KEY)
    key = b64_bytes(cert.get("key"), 32) if cert else None
    return (cert, key) if key else None
