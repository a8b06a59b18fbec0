"""Static: the built app's files, served with ETags and compressed once.

[SECTION] Static     app files with ETag and cached gzip/brotli, fonts, trust.json, robots.txt
[SECTION] Endpoints  the route table's handlers (routes.py): not_built, serve_site_file, serve_trust,
                     serve_app_file, serve_font, serve_robots
"""
import gzip
import hashlib
import json
import os
import threading

try:
    import brotli  # Debian's python3-brotli: pages and JSON answers a sixth smaller than gzip
except ImportError:  # pragma: no cover - depends on the machine; gzip only then
    brotli = None

from .config import BUILD_HINT, COMPRESSIBLE, STATIC_TYPES
from .trust import b64_text


# [SECTION] Static ---------------------------------------------------------------------------------

class FileCache:
    """Bytes, ETag and gzip of small served files, refreshed when the file changes on disk."""

    def __init__(self):
        self.items = {}
        self.lock = threading.Lock()

    def get(self, path):
        try:
            st = os.stat(path)
        except OSError:
            return None
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        with self.lock:
            item = self.items.get(path)
        if item and item["stamp"] == stamp:
            return item
        with open(path, "rb") as f:
            data = f.read()
        digest = hashlib.sha256(data).hexdigest()
        item = {"stamp": stamp, "data": data, "etag": '"%s"' % digest[:32], "gz": None, "path": path, "sha256": digest,
                "br": None}
        with self.lock:
            self.items[path] = item
        return item

    def gzipped(self, item):
        if item["gz"] is None:
            item["gz"] = gzip.compress(item["data"], 6, mtime=0)
        return item["gz"]

    def brotli(self, item):
        """The file's brotli form made at build time, or None. tools/build.sh writes <file>.br and
        <file>.br.sha256 (the sha256 of what it compressed) beside it; one made from other bytes (a
        file copied in by hand after the build) is never served. Looked for again until found."""
        if item["br"] is None:
            try:
                with open(item["path"] + ".br.sha256", "rb") as f:
                    made_from = f.read(64).decode("ascii", "replace")
                if made_from == item["sha256"]:
                    with open(item["path"] + ".br", "rb") as f:
                        item["br"] = f.read() or None
            except OSError:
                pass
        return item["br"]


def inside(root, path):
    """True when path (symlinks resolved) is a regular file inside root (resolved)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real.startswith(real_root + os.sep) and os.path.isfile(real)


# A big cached answer (the 3,000-product shop's, 3 MB of JSON) is sent at brotli quality 9 at once
# (0.1 s) and made again at quality 11 beside the requests (5 s here; the codec lets go of the
# interpreter's lock meanwhile), which every later visitor gets: 192 KB -> 167 KB for that shop on a
# phone's first visit. One answer at a time; the same bytes whichever one a visitor gets.
BEST_BROTLI_FROM = 64 * 1024
_best_brotli = threading.Lock()
_best_brotli_queue = []  # the newest few answers waiting (older ones are for older store generations)
_best_brotli_running = [False]


def _make_best_brotli():
    while True:
        with _best_brotli:
            if not _best_brotli_queue:
                _best_brotli_running[0] = False
                return
            item = _best_brotli_queue.pop()
        item["br"] = brotli.compress(item["body"], quality=11)


def _queue_best_brotli(item):
    with _best_brotli:
        _best_brotli_queue.append(item)
        del _best_brotli_queue[:-4]
        if _best_brotli_running[0]:
            return
        _best_brotli_running[0] = True
    threading.Thread(target=_make_best_brotli, name="best-brotli", daemon=True).start()


def packed(item):
    """(gzip, brotli) of a cached answer's body, each made once, on first use. Brotli needs Debian's
    python3-brotli (tools/setup.sh installs it); without it, gzip only."""
    def gz():
        if item.get("gz") is None:
            item["gz"] = gzip.compress(item["body"], 6, mtime=0)
        return item["gz"]

    def br():
        if brotli is None:
            return None
        if item.get("br") is None:
            item["br"] = brotli.compress(item["body"], quality=9)
            if len(item["body"]) >= BEST_BROTLI_FROM:
                _queue_best_brotli(item)
        return item["br"]
    return gz, br


# [SECTION] Endpoints ------------------------------------------------------------------------------

def not_built(req, what):
    body = ("The app is not built: %s is missing from the site folder (%s).\n\nTo build it, %s.\n" %
            (what, req.app.site, BUILD_HINT)).encode("utf-8")
    return req.send_bytes(503, body, "text/plain; charset=utf-8", {"Cache-Control": "no-store", "Retry-After": "30"})


def serve_site_file(req, rel, app_file):
    item = req.app.site_file(rel)
    if item is None:
        if app_file:
            return not_built(req, rel)
        raise req.not_found()
    ext = os.path.splitext(rel)[1].lower()
    ctype = STATIC_TYPES.get(ext, "application/octet-stream")
    return req.send_bytes(200, item["data"], ctype, {"Cache-Control": "no-cache"},
                           gz=lambda: req.app.files.gzipped(item), etag=item["etag"],
                           compressible=ext in COMPRESSIBLE, br=lambda: req.app.files.brotli(item))


def serve_trust(req):
    # The root key this store's documents were verified with. The app does not take its key from
    # here (it is built in): it compares, and refuses a store of another platform by name.
    data = json.dumps({"root_key": b64_text(req.app.root_key)}).encode("utf-8")
    item = {"data": data, "etag": '"%s"' % hashlib.sha256(data).hexdigest()[:32], "gz": None}
    return req.send_bytes(200, item["data"], "application/json; charset=utf-8", {"Cache-Control": "no-cache"},
                           gz=lambda: req.app.files.gzipped(item), etag=item["etag"], compressible=True)


def serve_app_file(req, name):
    return serve_site_file(req, name, app_file=True)


def serve_font(req, name):
    if ".." in name:
        raise req.not_found()
    return serve_site_file(req, os.path.join("fonts", name), app_file=False)


ROBOTS_TXT = b"User-agent: *\nDisallow: /api/\nDisallow: /d/\nDisallow: /console/\nDisallow: /o/\n"


def serve_robots(req):
    return req.send_bytes(200, ROBOTS_TXT, "text/plain; charset=utf-8", {"Cache-Control": "no-cache"})
