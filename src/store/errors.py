"""Errors: what a client is told when a request fails, and the strict JSON reading behind many of them.

[SECTION] Errors  ApiError -> {"error": {"code", "message"}}; strict JSON; core errors
"""
import json
import re
import sqlite3

from .core import CORE

# What a database raises, whichever the store runs on (SQLite, or PostgreSQL through psycopg when
# it is installed): a unique key or check refused (IntegrityError); the database gone or failing
# (Unavailable: answered 503, nothing acknowledged).
try:
    import psycopg
    IntegrityError = (sqlite3.IntegrityError, psycopg.IntegrityError)
    DatabaseError = (sqlite3.Error, psycopg.Error)
    Unavailable = (psycopg.OperationalError,)
except ImportError:  # SQLite alone needs nothing more
    IntegrityError = (sqlite3.IntegrityError,)
    DatabaseError = (sqlite3.Error,)
    Unavailable = ()


def store_unavailable():
    return ApiError(503, "store_unavailable", "The store could not reach its database just now; nothing was "
                                              "stored. Send it again in a moment.", headers={"Retry-After": "1"})


# [SECTION] Errors ---------------------------------------------------------------------------------

class ApiError(Exception):
    """An answer to the client in plain words: {"error": {"code", "message", ...extra}}."""

    def __init__(self, status, code, message, headers=None, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra

    def body(self):
        err = {"code": self.code, "message": self.message}
        err.update(self.extra)
        return json.dumps({"error": err}, ensure_ascii=False).encode("utf-8")


def bad_document(message):
    return ApiError(400, "bad_document", message)


INT64_MIN, INT64_MAX = -2 ** 63, 2 ** 63 - 1


def is_int(v):
    # A whole number as the core (nlohmann reads JSON integers as 64-bit) and SQLite know one: Python's
    # json gives 2**70 as an int too, which the core would read as a float and SQLite cannot store
    # (OverflowError: a 500 at the INSERT). Beyond 64 bits it is not a whole number here either.
    return isinstance(v, int) and not isinstance(v, bool) and INT64_MIN <= v <= INT64_MAX


def is_id(v):
    """An id in a path (core::is_valid_id)."""
    return isinstance(v, str) and CORE.is_valid_id(v)


def is_slug(v):
    """A shop address (core::is_valid_slug)."""
    return isinstance(v, str) and CORE.is_valid_slug(v)


def is_reserved_slug(v):
    """An address the platform keeps for itself (core::is_reserved_slug)."""
    return isinstance(v, str) and CORE.is_reserved_slug(v)


def _reject_constant(name):
    raise ValueError("not JSON: " + name)


class LoneSurrogate(ValueError):
    """JSON text with a "\\ud800"-style escape that is not half of a pair."""


SURROGATE_ESCAPE_RE = re.compile(r"\\u[dD][89a-fA-F]")


def parse_json_text(text):
    """Strict JSON (no NaN/Infinity, no lone UTF-16 surrogate, which the C++ side would refuse).
    Raises ValueError (LoneSurrogate for a lone surrogate)."""
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError("nested too deeply")
    # Python keeps "\\ud800" with no partner as a lone surrogate, which nlohmann (the core, every browser)
    # refuses and no UTF-8 answer, SQLite row or page can hold: it failed wherever it landed (a 500, or a
    # dropped connection when an error message quoted it). A pair becomes one character when parsed, so
    # only a lone one fails to encode; the full check runs only when the text has such an escape.
    if SURROGATE_ESCAPE_RE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise LoneSurrogate("a lone UTF-16 surrogate")
        except RecursionError:
            raise ValueError("nested too deeply")
    return value


def core_error(e, statuses):
    code, message = e.args if len(e.args) == 2 else ("bad_request", str(e))
    return ApiError(statuses.get(code, 400), code, message)
