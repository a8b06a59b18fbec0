"""HTTP: one request, from its first byte to its last (routing itself is routes.py's table).

[SECTION] HTTP  the request handler: body reading, JSON errors, logging, compression, sending
"""
import gzip
import hashlib
import http.server
import json
import socket
import sys
import time
import traceback
import urllib.parse

from . import config, routes
from .auth import check_request_auth
from .config import (CONTROL_RE, GZIP_MIN_BYTES, MAX_IMAGE_BYTES, MAX_RELEASE_BYTES, MAX_SMALL_BODY_BYTES,
    log, now_ms)
from .errors import ApiError, Unavailable, parse_json_text, store_unavailable
from .limits import address_key
from .static import packed


# [SECTION] HTTP -----------------------------------------------------------------------------------

def accepts_gzip(header):
    return accepts_encoding(header, ("gzip", "x-gzip", "*"))


def accepts_brotli(header):
    return accepts_encoding(header, ("br",))


def accepts_encoding(header, tokens):
    for part in (header or "").split(","):
        token, _, params = part.strip().partition(";")
        if token.strip().lower() not in tokens:
            continue
        q = 1.0
        for param in params.split(";"):
            k, _, v = param.strip().partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if q > 0:
            return True
    return False


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dynshop"
    sys_version = ""
    timeout = 30
    disable_nagle_algorithm = True  # keep-alive answers must not wait for the client's delayed ACK
    app = None  # set in main (an App)

    # -- plumbing ----------------------------------------------------------------------------------
    # -- plumbing ----------------------------------------------------------------------------------
    def log_request(self, code="-", size="-"):
        pass  # one line per request is written by dispatch()

    def log_message(self, fmt, *args):
        if not config.QUIET:
            log("%s - %s" % (self.address_string(), fmt % args))

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def send_error(self, code, message=None, explain=None):
        # Called by BaseHTTPRequestHandler for malformed requests: answer in JSON like everything else.
        self.close_connection = True
        codes = {400: "bad_request", 404: "not_found", 408: "timeout", 414: "uri_too_long",
                 431: "headers_too_large", 501: "method_not_allowed", 505: "bad_http_version"}
        status = 405 if code == 501 else code
        msg = {400: "The request is malformed.", 414: "The address is too long.",
               431: "The request headers are too large.", 501: "This method is not supported here."}.get(
            code, message or "The request could not be handled.")
        self.method = "HEAD" if getattr(self, "command", None) == "HEAD" else "GET"
        self._reset_body_state(0)
        try:
            self.send_json_error(ApiError(status, codes.get(code, "bad_request"), msg))
        except OSError:
            pass
        if not getattr(self, "_in_dispatch", False):
            self._log_line(getattr(self, "command", None) or "-", getattr(self, "path", None) or "-", status, 0)

    def handle_expect_100(self):
        limit = self.body_limit()
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = 0
        if length > limit:
            self.method = "GET"
            self._reset_body_state(0)  # the client waits for our word before sending the body
            self.close_connection = True
            self.send_json_error(self.too_large(limit))
            return False
        return super().handle_expect_100()

    def _log_line(self, method, path, status, ms):
        if not config.QUIET:
            log("%s %s %s %dms" % (method, CONTROL_RE.sub("?", path[:300]), status, ms))

    def do_GET(self):
        self.dispatch("GET")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_OPTIONS(self):
        self.dispatch("OPTIONS")

    def dispatch(self, method):
        t0 = time.monotonic()
        self._status = 0
        self._reset_body_state()
        self._in_dispatch = True
        self.method = method
        try:
            self.route(method)
        except ApiError as e:
            if self._status:  # an answer already started: nothing more can be said on this connection
                self.close_connection = True
            else:
                self.send_json_error(e)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Unavailable as e:  # the database (PostgreSQL) went away: nothing of this was stored
            log("serve.py: the database failed on %s %s: %s" % (method, self.path, e))
            self.close_connection = True
            if not self._status:
                try:
                    self.send_json_error(store_unavailable())
                except OSError:
                    pass
        except Exception:
            log("serve.py: internal error on %s %s\n%s" % (method, self.path, traceback.format_exc()))
            self.close_connection = True
            if self._status:
                return
            try:
                self.send_json_error(ApiError(500, "internal_error",
                                              "Something went wrong on the server. Try again; if it keeps "
                                              "failing, tell the platform operator."))
            except OSError:
                pass
        finally:
            self._in_dispatch = False
            self._log_line(method, self.path, self._status, int((time.monotonic() - t0) * 1000))
            if self._discard:
                self.linger(self._discard)

    def _reset_body_state(self, declared=None):
        """What the request says about its body, so an answer sent before reading it can close the
        connection (the unread bytes must never be taken for the next request)."""
        if declared is None:
            cl = self.headers.get("Content-Length") if self.headers else None
            try:
                declared = int(cl) if cl is not None else 0
            except ValueError:
                declared = -1
            if self.headers and self.headers.get("Transfer-Encoding"):
                declared = -1
        self._declared = declared
        self._body_read = declared == 0
        self._discard = 0

    def linger(self, remaining):
        """After refusing a body unread: stop writing, then read and throw away what the client is still
        sending (a few seconds and 64 MB at most). Closing with unread data would reset the connection
        and many clients would lose the answer before reading it."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(2)
            remaining = min(remaining, 64 * 1024 * 1024)
            deadline = time.monotonic() + 5
            while remaining > 0 and time.monotonic() < deadline:
                chunk = self.rfile.read1(min(1 << 16, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
        except (OSError, ValueError):
            pass

    # -- responses ---------------------------------------------------------------------------------
    def send_bytes(self, status, body, ctype, headers=None, gz=None, etag=None, compressible=False, br=None):
        head_only = self.method == "HEAD"
        if not getattr(self, "_body_read", True):
            self.close_connection = True
            self._discard = max(getattr(self, "_declared", 0), 0)
        if etag and status == 200:
            inm = self.headers.get("If-None-Match")
            if inm and (inm.strip() == "*" or etag in [t.strip() for t in inm.split(",")]):
                self.send_response(304)
                self.send_header("ETag", etag)
                for k, v in (headers or {}).items():
                    if k in ("Cache-Control", "Vary"):
                        self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        use_gz = use_br = False
        # Brotli where the build made it (a quarter smaller than gzip for the wasm), else gzip.
        brotli_body = (br() if callable(br) and compressible and len(body) >= GZIP_MIN_BYTES and
                       accepts_brotli(self.headers.get("Accept-Encoding")) else None)
        if brotli_body is not None:
            body = brotli_body
            use_br = True
        elif compressible and len(body) >= GZIP_MIN_BYTES and accepts_gzip(self.headers.get("Accept-Encoding")):
            body = gz() if callable(gz) else (gz if gz is not None else gzip.compress(body, 6, mtime=0))
            use_gz = True
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if compressible:
            self.send_header("Vary", "Accept-Encoding")
        if use_gz:
            self.send_header("Content-Encoding", "gzip")
        elif use_br:
            self.send_header("Content-Encoding", "br")
        if etag:
            self.send_header("ETag", etag)
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        # Headers and body in one write (BaseHTTPRequestHandler buffers the headers until flushed).
        self._headers_buffer.append(b"\r\n")
        if not head_only:
            self._headers_buffer.append(body)
        self.flush_headers()

    def send_json_error(self, err):
        if not hasattr(self, "method"):
            self.method = "GET"
        body = err.body()
        headers = dict(err.headers)
        headers["Cache-Control"] = "no-store"
        self.send_bytes(err.status, body, "application/json; charset=utf-8", headers)

    def send_json(self, status, obj_or_text, cache="no-cache", etag=True, extra=None):
        text = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text, ensure_ascii=False)
        body = text.encode("utf-8")
        headers = {"Cache-Control": cache}
        headers.update(extra or {})
        tag = '"%s"' % hashlib.sha256(body).hexdigest()[:32] if etag else None
        self.send_bytes(status, body, "application/json; charset=utf-8", headers, etag=tag, compressible=True)

    def send_cached_json(self, key, make, cache="no-cache"):
        """GET answers keyed on the store generation: built and gzipped once per change."""
        app = self.app

        def build():
            body = make().encode("utf-8")
            return {"body": body, "etag": '"%s"' % hashlib.sha256(body).hexdigest()[:32], "gz": None}

        item = app.cached((key, app.store.generation), build)
        gz, br = packed(item)
        self.send_bytes(200, item["body"], "application/json; charset=utf-8", {"Cache-Control": cache},
                        gz=gz, etag=item["etag"], compressible=True, br=br)

    def too_large(self, limit):
        return ApiError(413, "too_large", "The request body is larger than %d KB, the limit here. Send less." %
                        (limit // 1024), limit_bytes=limit)

    # -- routing -----------------------------------------------------------------------------------
    def split_path(self):
        raw = self.path
        if raw.startswith(("http://", "https://")):
            raw = urllib.parse.urlsplit(raw).path or "/"
        raw = raw.split("#", 1)[0]
        path, _, query = raw.partition("?")
        if not path.startswith("/"):
            raise ApiError(400, "bad_request", "The request path must start with '/'.")
        segs = path.split("/")[1:]
        if segs and segs[-1] == "" and len(segs) > 1:
            segs = segs[:-1]
        if segs == [""]:
            segs = []
        decoded = []
        for s in segs:
            try:
                d = urllib.parse.unquote(s, errors="strict")
            except UnicodeDecodeError:
                raise self.not_found()
            if d in ("", ".", "..") or "/" in d or "\\" in d or "\x00" in d:
                raise self.not_found()
            decoded.append(d)
        return path, decoded, query

    def not_found(self):
        return ApiError(404, "not_found", "There is nothing at this address. Check the link.")

    def body_limit(self):
        path = self.path.split("?", 1)[0]
        if path == "/api/images":
            return MAX_IMAGE_BYTES
        if path == "/api/documents":
            return MAX_RELEASE_BYTES
        return MAX_SMALL_BODY_BYTES

    def read_body(self, limit):
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise ApiError(411, "length_required", "Send the body with a Content-Length header (no chunked "
                                                   "transfer encoding).")
        cl = self.headers.get("Content-Length")
        if cl is None:
            self.close_connection = True
            raise ApiError(411, "length_required", "Send the body with a Content-Length header.")
        try:
            length = int(cl)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise ApiError(400, "bad_request", "The Content-Length header is not a number.")
        if length > limit:
            # Not read: the answer closes the connection, then drains what the client still sends.
            raise self.too_large(limit)
        data = self.rfile.read(length) if length else b""
        self._body_read = True
        if len(data) != length:
            self.close_connection = True
            raise ApiError(400, "bad_request", "The body ended before its Content-Length.")
        return data

    def route(self, method):
        self.url_path, self.segs, self.query = self.split_path()
        return routes.answer(self, method)

    # -- events and orders -------------------------------------------------------------------------
    def json_body(self, what):
        data = self.read_body(MAX_SMALL_BODY_BYTES)
        try:
            return parse_json_text(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "malformed_json", "The body is not valid JSON. Send %s." % what)

    def signer(self, body=b""):
        return check_request_auth(self.method if self.method != "HEAD" else "GET", self.path, body,
                                  self.headers.get("Authorization"), now_ms(), self.app.seen_requests)

    def client_key(self):
        """Who the rate limits count: the peer's address, or with --client-address-header (a reverse
        proxy in front) the last address that header names, which is the one the proxy saw."""
        addr = self.client_address[0] if self.client_address else ""
        if self.app.client_header:
            named = (self.headers.get(self.app.client_header) or "").split(",")[-1].strip()
            if named and len(named) <= 64:
                addr = named
        return address_key(addr)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A client that hangs up mid-answer is not worth a traceback.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, socket.timeout, TimeoutError)):
            return
        log("serve.py: error serving %s: %s" % (client_address[0], exc))
