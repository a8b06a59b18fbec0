"""Images: pictures uploaded by distributors and brands, stored by their SHA-256.

[SECTION] Images     PNG/JPEG header sniffing, content-addressed storage, uploads and their sweep
[SECTION] Endpoints  the route table's handlers (routes.py): post_image, serve_image
"""
import hashlib
import os
import struct
import threading

from .config import (IMAGE_GRACE_MS, IMAGE_SWEEP_EVERY_MS, IMG_NAME_RE, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE,
    UPLOAD_PENDING_BYTES, UPLOAD_PENDING_IMAGES, log, now_ms)
from .documents import brand_cert
from .errors import ApiError
from .referral import DAY_MS
from .static import inside
from .trust import b64_text


# [SECTION] Images ---------------------------------------------------------------------------------

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


SOF_MARKERS = frozenset([0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF])


def png_size(data):
    if len(data) < 24 or data[:8] != PNG_MAGIC or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def jpeg_size(data):
    if len(data) < 4 or data[:3] != b"\xff\xd8\xff":
        return None
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            return None
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:
            continue  # standalone markers
        if marker in (0xD9, 0xDA):
            return None  # end of image or scan data before any frame header
        if i + 2 > n:
            return None
        seglen = (data[i] << 8) | data[i + 1]
        if seglen < 2:
            return None
        if marker in SOF_MARKERS:
            if seglen < 7 or i + 7 > n:
                return None
            h = (data[i + 3] << 8) | data[i + 4]
            w = (data[i + 5] << 8) | data[i + 6]
            return w, h
        i += seglen
    return None


def image_info(data, declared):
    """(ext, w, h) or raises ApiError 422."""
    if declared == "image/png":
        if data[:8] != PNG_MAGIC:
            raise ApiError(422, "bad_image", "The file is not a PNG image (its first bytes say otherwise).")
        size, ext = png_size(data), "png"
    else:
        if data[:3] != b"\xff\xd8\xff":
            raise ApiError(422, "bad_image", "The file is not a JPEG image (its first bytes say otherwise).")
        size, ext = jpeg_size(data), "jpg"
    if not size:
        raise ApiError(422, "bad_image", "The image's header cannot be read, so its size is unknown. Export it "
                                         "again as JPEG or PNG.")
    w, h = size
    if w < 1 or h < 1 or w > MAX_IMAGE_SIDE or h > MAX_IMAGE_SIDE:
        raise ApiError(422, "bad_image", "The image is %d x %d pixels; each side must be 1-%d pixels. Resize it "
                                         "and upload again." % (w, h, MAX_IMAGE_SIDE))
    return ext, w, h


def fsync_dir(path):
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def store_image_file(images_dir, sha, ext, data=None, source=None):
    """Writes DATA/images/<sha>.<ext> durably (temp file, fsync, rename). Never a symlink."""
    final = os.path.join(images_dir, "%s.%s" % (sha, ext))
    if os.path.isfile(final) and not os.path.islink(final):
        return final
    tmp = os.path.join(images_dir, ".tmp-%s-%d-%d" % (sha[:16], os.getpid(), threading.get_ident()))
    if source is not None:
        try:
            os.link(source, tmp)  # same file system: a hard link, no copy
        except OSError:
            shutil_copy(source, tmp)
    else:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    os.replace(tmp, final)
    fsync_dir(images_dir)
    return final


def shutil_copy(src, dst):
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        while True:
            chunk = fi.read(1 << 20)
            if not chunk:
                break
            fo.write(chunk)
        fo.flush()
        os.fsync(fo.fileno())


def record_image(store, sha, ext, w, h, size, uploader=""):
    def tx(conn):
        conn.execute("INSERT INTO images (sha256, ext, w, h, bytes, stored_ms, uploader) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING", (sha, ext, w, h, size, now_ms(), uploader))
    store.write(tx)


def may_upload(conn, key):
    """A distributor's key, or a brand's current key: uploads are theirs only (strangers cannot fill
    the disk with pictures nobody will publish)."""
    text = b64_text(key)
    if conn.execute("SELECT 1 FROM distributors WHERE key = ?", (text,)).fetchone():
        return True
    for (brand,) in conn.execute("SELECT subject FROM heads WHERE kind = 'brand'").fetchall():
        cert = brand_cert(conn, brand)
        if cert and cert[1] == key:
            return True
    return False


def pending_uploads(conn, uploader):
    """(count, bytes) of this key's uploads that no stored document uses yet."""
    row = conn.execute("SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM images WHERE uploader = ? AND sha256 NOT IN "
                       "(SELECT sha256 FROM image_refs)", (uploader,)).fetchone()
    return row[0], row[1]


def sweep_images(store, now):
    """Deletes the images no document uses that are older than IMAGE_GRACE_MS (row, then file).
    Returns how many went."""
    with store.reader() as conn:
        rows = conn.execute("SELECT sha256, ext FROM images WHERE stored_ms < ? AND sha256 NOT IN "
                            "(SELECT sha256 FROM image_refs)", (now - IMAGE_GRACE_MS,)).fetchall()
    if not rows:
        return 0

    def tx(conn):  # checked again inside the write: a document stored meanwhile keeps its picture
        gone = []
        for sha, ext in rows:
            if conn.execute("DELETE FROM images WHERE sha256 = ? AND sha256 NOT IN (SELECT sha256 FROM image_refs)",
                            (sha,)).rowcount:
                gone.append((sha, ext))
        return gone
    gone = store.write(tx, bump=False)
    for sha, ext in gone:
        try:
            os.unlink(os.path.join(store.images_dir, "%s.%s" % (sha, ext)))
        except OSError:
            pass
    if gone:
        log("store: deleted %d uploaded image%s no document used for %d hours" %
            (len(gone), "" if len(gone) == 1 else "s", IMAGE_GRACE_MS // 3600000))
    return len(gone)


# [SECTION] Endpoints ------------------------------------------------------------------------------

def post_image(req):
    ctype = (req.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    if ctype not in ("image/jpeg", "image/png"):
        raise ApiError(415, "unsupported_media_type",
                       "Upload the image as the raw body with Content-Type image/jpeg or image/png.")
    if not req.headers.get("Authorization"):
        raise ApiError(401, "unauthorized", "Pictures are uploaded by a shop's distributor or a brand: sign the "
                                            "upload (Authorization: Dynshop key=, ts=, sig= over \"POST "
                                            "/api/images\\n<ts>\\n<sha256 hex of the body>\").",
                       headers={"WWW-Authenticate": "Dynshop"})
    data = req.read_body(MAX_IMAGE_BYTES)
    if not data:
        raise ApiError(400, "bad_request", "The upload is empty.")
    key = req.signer(data)
    app = req.app
    uploader = b64_text(key)
    with app.store.reader() as conn:
        if not may_upload(conn, key):
            raise ApiError(403, "not_allowed", "Only a distributor enrolled here or a brand may upload pictures; "
                                               "this key is neither.")
        count, size = pending_uploads(conn, uploader)
    if count >= UPLOAD_PENDING_IMAGES or size + len(data) > UPLOAD_PENDING_BYTES:
        raise ApiError(429, "upload_quota",
                       "This key has %d pictures (%.1f MB) that no published page uses yet, all it may keep. "
                       "Publish the changes that use them, or wait: unused pictures are removed after %d "
                       "days." % (count, size / 1048576, IMAGE_GRACE_MS // DAY_MS),
                       headers={"Retry-After": "3600"}, retry_after_s=3600)
    app.limits.take("upload_key", uploader, "Too many pictures were uploaded with this key.")
    ext, w, h = image_info(data, ctype)
    sha = hashlib.sha256(data).hexdigest()
    store_image_file(app.store.images_dir, sha, ext, data=data)
    record_image(app.store, sha, ext, w, h, len(data), uploader)
    now = now_ms()
    if now >= app.next_image_sweep:
        app.next_image_sweep = now + IMAGE_SWEEP_EVERY_MS
        sweep_images(app.store, now)
    src = "/img/%s.%s" % (sha, ext)
    return req.send_json(201, {"src": src, "sha256": sha, "w": w, "h": h}, cache="no-store", etag=False)


def serve_image(req):
    segs = req.segs
    m = IMG_NAME_RE.fullmatch(segs[1]) if len(segs) == 2 else None
    if not m:
        raise ApiError(404, "not_found", "Images live at /img/<sha256>.jpg or .png.")
    images = req.app.store.images_dir
    full = os.path.join(images, segs[1])
    if not inside(images, full):
        raise ApiError(404, "not_found", "There is no such image.")
    with open(full, "rb") as f:
        data = f.read()
    ctype = "image/png" if m.group(2) == "png" else "image/jpeg"
    return req.send_bytes(200, data, ctype, {"Cache-Control": "public, max-age=31536000, immutable"},
                           etag='"%s"' % m.group(1))
