"""Shops: what the app reads about shops and brands (public, cached per store generation).

[SECTION] Shops      shop bundle, directory, brands, releases, slugs, a shop's devices
[SECTION] Endpoints  the route table's handlers (routes.py): slug_status, own_shop, get_shop, get_directory,
                     get_slug, get_release, get_brand
"""
import json
import urllib.parse

from .articles import newest_first, verified_articles
from .config import DEFAULT_THEME
from .core import CORE
from .errors import ApiError, is_reserved_slug, is_slug
from .trust import RELEASES, b64_bytes, head_row, payload_of, signed_payload, trusted_cert


# [SECTION] Shops ----------------------------------------------------------------------------------

def packed_release(envelope_text):
    """A release envelope for a shop's first visit: its products' content hashes left out on the way
    (the browser puts them back before checking the signature; core::leave_out_content_hashes), marked
    "hashes":"left_out"; the envelope as stored when it cannot be packed."""
    env = json.loads(envelope_text)
    packed = CORE.leave_out_content_hashes(env.get("payload", ""))
    if packed is None:
        return envelope_text
    return json.dumps({"hashes": "left_out", "key": env["key"], "payload": packed, "sig": env["sig"]},
                      ensure_ascii=False, separators=(",", ":"))


def shop_bundle_text(conn, slug, hashes_left_out=False):
    row = conn.execute("SELECT distributor, seq FROM shops WHERE slug = ?", (slug,)).fetchone()
    if not row:
        raise ApiError(404, "unknown_shop",
                       'There is no shop at "%s". Check the link, or find shops in the directory '
                       '(/api/directory).' % slug)
    distributor, seq = row
    env = conn.execute("SELECT envelope FROM documents WHERE seq = ?", (seq,)).fetchone()[0]
    brands = json.loads(json.loads(env)["payload"])["brands"]
    parts = {"enrollments": [], "brands": [], "releases": [], "policies": []}
    for b in brands:
        key = json.dumps(b, ensure_ascii=False)
        chain, cur, seen = [], distributor, set()
        while cur and cur not in seen and len(seen) < 16:
            seen.add(cur)
            r = conn.execute("SELECT e.parent, d.envelope FROM enrollments e JOIN documents d ON d.brand = e.brand AND d.seq = e.seq "
                             "WHERE e.brand = ? AND e.distributor = ?", (b, cur)).fetchone()
            if not r:
                break
            chain.append(json.dumps(cur, ensure_ascii=False) + ":" + r[1])
            cur = r[0]
        parts["enrollments"].append(key + ":{" + ",".join(chain) + "}")
        for kind, field in (("brand", "brands"), ("release", "releases"), ("policy", "policies")):
            h = head_row(conn, kind, b, b)
            if h:
                text = h[2]
                if field == "releases" and hashes_left_out:
                    # Every shop of a brand carries its one release: packed once per document (immutable).
                    text = RELEASES.get(("packed", h[0]), lambda: packed_release(h[2]))
                parts[field].append(key + ":" + text)
    return ('{"manifest":' + env + "," + ",".join('"%s":{%s}' % (k, ",".join(v)) for k, v in parts.items()) + "}")


def brand_list(conn):
    rows = conn.execute("SELECT d.seq, d.envelope FROM heads h JOIN documents d ON d.brand = h.brand AND d.seq = h.seq "
                        "WHERE h.kind = 'brand' ORDER BY h.subject").fetchall()
    return [payload_of(seq, env) for seq, env in rows]


def directory(conn, brand=None):
    counts = dict(conn.execute("SELECT brand, COUNT(*) FROM shop_brands GROUP BY brand").fetchall())
    brands = [{"id": c["brand"], "name": c.get("name", c["brand"]), "locale": c.get("locale", "en"),
               "currency": c.get("currency", ""), "shops": counts.get(c["brand"], 0)} for c in brand_list(conn)]
    if brand is None:
        rows = conn.execute("SELECT distributor, slug, name, brands, greeting, avatar, level FROM shops "
                            "ORDER BY slug").fetchall()
    else:
        rows = conn.execute("SELECT s.distributor, s.slug, s.name, s.brands, s.greeting, s.avatar, s.level "
                            "FROM shops s JOIN shop_brands sb ON sb.distributor = s.distributor "
                            "WHERE sb.brand = ? ORDER BY s.slug", (brand,)).fetchall()
    inactive = set(conn.execute("SELECT brand, distributor FROM enrollments WHERE active = 0").fetchall())
    shops = []
    for dist, slug, name, brands_json, greeting, avatar, level in rows:
        shop_brands = json.loads(brands_json)
        if any((b, dist) in inactive for b in shop_brands):
            continue  # a shop with an inactive distributor would not open; do not advertise it
        shops.append({"slug": slug, "name": name, "brands": shop_brands, "greeting": greeting,
                      "avatar": json.loads(avatar) if avatar else None, "level": level})
    return {"brands": brands, "shops": shops}


class ShopView:
    """What the first paint of a shop needs: manifest, brands, current verified releases, items."""

    def __init__(self, conn, slug):
        self.found = False
        row = conn.execute("SELECT distributor, seq FROM shops WHERE slug = ?", (slug,)).fetchone()
        if not row:
            return
        env = conn.execute("SELECT envelope FROM documents WHERE seq = ?", (row[1],)).fetchone()[0]
        self.found = True
        self.slug = slug
        # Signed by the distributor's key (from their enrollment) and naming this address, or refused.
        dist = conn.execute("SELECT key FROM distributors WHERE distributor = ?", (row[0],)).fetchone()
        manifest = signed_payload(row[1], env, b64_bytes(dist[0], 32) if dist else None)
        self.refused = manifest is None or manifest.get("slug") != slug
        self.manifest = {} if self.refused else manifest
        ident = self.manifest.get("identity", {})
        if not isinstance(ident, dict):
            ident = {}
        self.name = ident.get("name") or slug
        self.greeting = ident.get("greeting", "")
        self.avatar = ident.get("avatar")
        self.banner = ident.get("banner")
        self.notes = self.manifest.get("notes", {})
        self.theme = self.manifest.get("theme", {}).get("primary", DEFAULT_THEME)
        self.brands = []   # (cert payload, release payload or None)
        self.cert_keys = {}  # brand -> the key of its current certificate
        for b in self.manifest.get("brands", []):
            cert = trusted_cert(conn, b) if isinstance(b, str) else None
            if not cert:
                continue
            cert_payload, cert_key = cert
            self.cert_keys[b] = cert_key
            rel = head_row(conn, "release", b, b)
            # Current *verified* release: signed by the key in the brand's current certificate.
            release = signed_payload(rel[0], rel[2], cert_key, big=True) if rel else None
            if release is not None and release.get("brand") != b:
                release = None
            self.brands.append((cert_payload, release))
        self.locale = self.brands[0][0].get("locale", "en") if self.brands else "en"
        # What the shop lists and features is the core's rule (core::shop_listing), as in every browser.
        # A stored manifest passed the write rules, but a damaged store must not take pages down: ids
        # are strings, anything else is skipped (the app refuses such a shop on its own).
        def ids(values):
            return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []
        products = [rel.get("products", []) if rel else [] for _, rel in self.brands]
        catalogs = [[p.get("id") if isinstance(p, dict) and isinstance(p.get("id"), str) else "" for p in prods]
                    for prods in products]
        listed, featured = CORE.shop_listing(ids(self.manifest.get("products")), ids(self.manifest.get("featured")), catalogs)
        items = [(products[b][p], self.brands[b][0], self.brands[b][1]) for b, p in listed]
        # The first paint shows the distributor's featured products first, then the rest, as the
        # app's shop home shows its featured row above the grid.
        first = set(featured)
        self.items = [items[i] for i in featured] + [it for i, it in enumerate(items) if i not in first]

    def find(self, pid):
        for item in self.items:
            if item[0].get("id") == pid:
                return item
        return None

    def articles(self, conn):
        """[(article, cert, release)]: the articles of the brands the shop carries, each checked as a
        browser checks it (verified_articles), newest first; retired ones included."""
        out = []
        for cert, rel in self.brands:
            key = self.cert_keys.get(cert.get("brand"))
            if key is not None:
                out += [(a, cert, rel) for a in verified_articles(conn, cert["brand"], key)]
        out.sort(key=lambda x: newest_first(x[0]["created_ms"], x[0]["id"]))
        return out


# [SECTION] Endpoints ------------------------------------------------------------------------------

def slug_status(req, slug):
    if not is_slug(slug):
        reason = ("A shop address is 3-32 lowercase letters, digits or dashes, not starting or ending with "
                  "a dash.")
        return {"slug": slug, "available": False, "reason": reason}
    if is_reserved_slug(slug):
        return {"slug": slug, "available": False, "reason": '"%s" is reserved for the platform; pick another.' % slug}
    with req.app.store.reader() as conn:
        taken = conn.execute("SELECT 1 FROM distributors WHERE slug = ?", (slug,)).fetchone()
    if taken:
        return {"slug": slug, "available": False, "reason": "Another shop already uses this address."}
    return {"slug": slug, "available": True, "reason": "This address is free."}


def own_shop(conn, slug, key, what):
    """The distributor of the shop at slug, when key is theirs (else 404 / 403)."""
    row = conn.execute("SELECT s.distributor, d.key FROM shops s JOIN distributors d ON d.distributor = "
                       "s.distributor WHERE s.slug = ?", (slug,)).fetchone() if is_slug(slug) else None
    if not row:
        raise ApiError(404, "unknown_shop", "There is no shop at this address.")
    if b64_bytes(row[1], 32) != key:
        raise ApiError(403, "not_allowed", "Only the shop's own distributor can see its %s." % what)
    return row[0]


def get_shop(req, slug):
    app = req.app
    if not is_slug(slug):
        raise ApiError(404, "unknown_shop", 'There is no shop at "%s". Check the link.' % slug)

    # ?hashes=left_out: the releases packed for a consumer's first visit (the app's storefront asks
    # so, and the shop page's prefetch); without it every document comes as signed (editor, console,
    # audits).
    packed = urllib.parse.parse_qs(req.query).get("hashes") == ["left_out"]

    def make():
        with app.store.reader() as conn:
            return shop_bundle_text(conn, slug, packed)
    return req.send_cached_json(("shop", slug, packed), make)


def get_directory(req):
    app = req.app
    params = urllib.parse.parse_qs(req.query)
    brand = params.get("brand", [None])[0]

    def make_dir():
        with app.store.reader() as conn:
            return json.dumps(directory(conn, brand), ensure_ascii=False)
    return req.send_cached_json(("directory", brand), make_dir)


def get_slug(req, slug):
    return req.send_json(200, slug_status(req, slug), etag=False, cache="no-store")


def get_release(req, brand, version=None):
    """The brand's current release, or version <v> (immutable: cached for a year)."""
    with req.app.store.reader() as conn:
        if version is None:
            row = head_row(conn, "release", brand, brand)
            if not row:
                raise ApiError(404, "unknown_release", 'Brand "%s" has not published a catalog here.' % brand)
            return req.send_json(200, row[2])
        if not version.isdigit() or len(version) > 12:
            raise ApiError(404, "unknown_release", "A release version is a whole number.")
        row = conn.execute("SELECT envelope FROM documents WHERE kind = 'release' AND brand = ? AND "
                           "subject = ? AND version = ?", (brand, brand, int(version))).fetchone()
    if not row:
        raise ApiError(404, "unknown_release", 'Brand "%s" has no release version %s.' % (brand, version))
    return req.send_json(200, row[0], cache="public, max-age=31536000, immutable")


def get_brand(req, brand):
    with req.app.store.reader() as conn:
        cert = head_row(conn, "brand", brand, brand)
        if not cert:
            raise ApiError(404, "unknown_brand", 'There is no brand "%s" on this platform.' % brand)
        pol = head_row(conn, "policy", brand, brand)
        rel = head_row(conn, "release", brand, brand)
    text = '{"brand":%s,"policy":%s,"release_version":%s}' % (
        cert[2], pol[2] if pol else "null", rel[1] if rel else "null")
    return req.send_json(200, text)
