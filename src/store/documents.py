"""Documents: every signed document is checked here, by kind, before it is stored.

[SECTION] Documents  kind-specific authority and validation (the one write path)
[SECTION] Endpoints  the route table's handlers (routes.py): post_document
"""
import hashlib
import json
import re
import types

from .config import KINDS, MAX_DOCUMENT_BYTES, MAX_LEVELS_DEFAULT, MAX_RELEASE_BYTES, now_ms
from .errors import ApiError, IntegrityError, bad_document, core_error, is_int, is_reserved_slug, parse_json_text
from .core import CORE
from .trust import b64_bytes, b64_text, envelope_text, head_row, open_envelope, payload_of


# [SECTION] Documents ------------------------------------------------------------------------------

# The one write path: API writes and the seed both go through apply_document().

ANY_VERSION = object()  # seed import: no lost-update guard needed, ordering still enforced


def head(conn, kind, brand, subject):
    """(version, payload, envelope_text, signer) of the current document, or None."""
    row = conn.execute(
        "SELECT d.version, d.envelope, d.signer FROM heads h JOIN documents d ON d.brand = h.brand AND d.seq = h.seq "
        "WHERE h.kind = ? AND h.brand = ? AND h.subject = ?", (kind, brand, subject)).fetchone()
    if not row:
        return None
    env = json.loads(row[1])
    return row[0], json.loads(env["payload"]), row[1], row[2]


def check_version(conn, kind, brand, subject, replaces, new_version, what):
    """Returns the version to store. 409 unless the write names the version it replaces."""
    cur = head(conn, kind, brand, subject)
    cur_version = cur[0] if cur else None
    if replaces is not ANY_VERSION and replaces != cur_version:
        if cur_version is None:
            msg = ("There is no %s yet, so this write cannot replace version %s. Send \"replaces\": null "
                   "for the first version." % (what, replaces))
        else:
            msg = ("The stored %s is version %d, but this write replaces %s. Someone else changed it first: "
                   "reload version %d, re-apply your change and sign version %d." %
                   (what, cur_version, "nothing" if replaces is None else "version %s" % replaces,
                    cur_version, cur_version + 1))
        raise ApiError(409, "stale_version", msg, current=cur_version)
    expected = (cur_version or 0) + 1
    if new_version is not None and new_version != expected:
        raise ApiError(409, "stale_version",
                       "This %s says version %d, but the next version is %d (the stored one is %s). Sign it "
                       "again as version %d." % (what, new_version, expected,
                                                  "none" if cur_version is None else cur_version, expected),
                       current=cur_version)
    return expected, cur


IMAGE_REF_RE = re.compile(r"/img/([0-9a-f]{64})\.(?:jpg|png)|sha256\\?\"\s*:\s*\\?\"([0-9a-f]{64})")


def note_image_refs(conn, text):
    """Marks the images a document's text mentions (as /img/<sha>.<ext> or "sha256": "<sha>") as used."""
    shas = {a or b for a, b in IMAGE_REF_RE.findall(text)}
    if shas:
        conn.executemany("INSERT INTO image_refs (sha256) VALUES (?) ON CONFLICT (sha256) DO NOTHING", [(x,) for x in shas])


def insert_document(conn, kind, brand, subject, version, opened, now):
    text = envelope_text(opened.envelope)
    note_image_refs(conn, opened.envelope["payload"])
    seq = conn.execute(
        "INSERT INTO documents (kind, brand, subject, version, signer, payload_sha256, envelope, stored_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
        (kind, brand, subject, version, b64_text(opened.key),
         hashlib.sha256(opened.envelope["payload"].encode("utf-8")).hexdigest(), text, now)).fetchall()[0][0]
    conn.execute(
        "INSERT INTO heads (kind, brand, subject, version, seq) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, brand, subject) DO UPDATE SET version = excluded.version, seq = excluded.seq",
        (kind, brand, subject, version, seq))
    return seq


def require_signer(opened, key, who, what):
    if opened.key != key:
        raise ApiError(422, "wrong_signer",
                       "%s must be signed by %s, but this one was signed by another key. Sign it with %s." %
                       (what, who, who))


def brand_cert(conn, brand):
    """(payload, key bytes) of the brand's current certificate, or None."""
    cur = head(conn, "brand", brand, brand)
    if not cur:
        return None
    return cur[1], b64_bytes(cur[1].get("key"), 32)


def require_brand(conn, brand):
    cert = brand_cert(conn, brand)
    if not cert:
        raise ApiError(422, "unknown_brand",
                       'There is no brand "%s" on this platform. The platform must publish its brand '
                       'certificate first.' % brand)
    return cert


def need_str(p, key, what, required=True, max_len=None, allow_empty=False):
    v = p.get(key)
    if v is None and not required:
        return None
    if not isinstance(v, str) or (not allow_empty and v == ""):
        raise bad_document("The %s lacks \"%s\" (a text)." % (what, key))
    if max_len is not None and len(v) > max_len:
        raise bad_document("The %s's \"%s\" is longer than %d characters." % (what, key, max_len))
    return v


def need_int(p, key, what, default=None, minimum=None):
    v = p.get(key, default)
    if not is_int(v):
        raise bad_document("The %s's \"%s\" must be a whole number." % (what, key))
    if minimum is not None and v < minimum:
        raise bad_document("The %s's \"%s\" must be at least %d." % (what, key, minimum))
    return v


def apply_brand(conn, opened, replaces, root_key, now):
    p = opened.payload
    # The core reads the certificate as every browser will (id, key, name, locale, ISO currency, issue
    # time): tests/vectors/brand.json pins it.
    problem = CORE.brand_problem(opened.envelope["payload"])
    if problem:
        raise bad_document(problem[1])
    brand, issued = p["brand"], p["issued_ms"]
    require_signer(opened, root_key, "the platform root key", "A brand certificate")
    version, cur = check_version(conn, "brand", brand, brand, replaces, None, "certificate of brand " + brand)
    if cur and issued <= cur[1].get("issued_ms", 0):
        raise ApiError(409, "stale_version",
                       "This brand certificate was issued at or before the stored one (version %d); an old "
                       "certificate cannot replace a newer one." % cur[0], current=cur[0])
    insert_document(conn, "brand", brand, brand, version, opened, now)
    return {"kind": "brand", "id": brand, "version": version}


def apply_policy(conn, opened, replaces, now):
    p = opened.payload
    brand = need_str(p, "brand", "policy")
    version = need_int(p, "version", "policy", minimum=1)
    cert, key = require_brand(conn, brand)
    require_signer(opened, key, "the brand's key (from its certificate)", "A brand policy")
    problems = CORE.policy_problems(opened.envelope["payload"])
    if problems:
        raise ApiError(400, "bad_document", problems[0][1] + ("" if len(problems) == 1 else
                       " (and %d more problems)" % (len(problems) - 1)),
                       problems=[{"field": f, "message": m} for f, m in problems])
    stored, _ = check_version(conn, "policy", brand, brand, replaces, version, "policy of " + brand)
    insert_document(conn, "policy", brand, brand, stored, opened, now)
    return {"kind": "policy", "id": brand, "version": stored}


def apply_release(conn, opened, replaces, now):
    p = opened.payload
    brand = need_str(p, "brand", "release")
    version = need_int(p, "version", "release", minimum=1)
    cert, key = require_brand(conn, brand)
    require_signer(opened, key, "the brand's key (from its certificate)", "A catalog release")
    # The core reads the release as every browser will (ids, titles, prices up to kMaxPrice, images,
    # specs, each id once): what it refuses, no shop could show. tests/vectors/release.json pins it.
    problem = CORE.release_problem(opened.envelope["payload"])
    if problem:
        raise bad_document(problem[1])
    products = p["products"]
    # Every product's content hash, checked by the core as every browser checks it (from the signed
    # bytes when they are canonical JSON, as the console and the generator write them).
    wrong = CORE.content_hash_mismatch(opened.envelope["payload"])
    if wrong is not None:
        raise ApiError(422, "bad_content_hash",
                       'Product "%s" does not match its content hash (SHA-256 of its canonical JSON without '
                       '"hash"). Recompute the hash and sign the release again.' % products[wrong]["id"])
    stored, _ = check_version(conn, "release", brand, brand, replaces, version, "catalog release of " + brand)
    insert_document(conn, "release", brand, brand, stored, opened, now)
    return {"kind": "release", "id": brand, "version": stored}


def article_images(article):
    """(what, image ref) of every picture an article (the core's JSON of it) names: cover, pictures,
    share materials."""
    out = [("The cover", article["cover"])] if article.get("cover") else []
    for i, b in enumerate(article.get("blocks", [])):
        if b.get("kind") == "img":
            out.append(("Picture %d" % (i + 1), b["image"]))
    for i, m in enumerate(article.get("materials", [])):
        if m.get("image"):
            out.append(("The picture of share material %d" % (i + 1), m["image"]))
    return out


def apply_article(conn, opened, replaces, now):
    p = opened.payload
    brand = need_str(p, "brand", "article")
    cert, key = require_brand(conn, brand)
    require_signer(opened, key, "the brand's key (from its certificate)", "A brand article")
    # The core reads the article as every browser will (markup, limits, ids, pictures' form), and checks
    # the products it names against the brand's current release (none yet: it may name no product).
    rel = head_row(conn, "release", brand, brand)
    try:
        article = CORE.publishable_article(opened.envelope["payload"], json.loads(rel[2])["payload"] if rel else None)
    except CORE.CoreError as e:
        raise core_error(e, {"bad_article": 422, "unknown_product": 422, "no_release": 422})
    for what, ref in article_images(article):
        row = conn.execute("SELECT ext FROM images WHERE sha256 = ?", (ref["sha256"],)).fetchone()
        if not row or ref["src"] != "/img/%s.%s" % (ref["sha256"], row[0]):
            raise ApiError(422, "unknown_image",
                           "%s (%s) is not a picture this store holds. Upload it first (POST /api/images), then "
                           "sign the article again with the address the upload answered." % (what, ref["src"]))
    aid = article["id"]
    stored, _ = check_version(conn, "article", brand, aid, replaces, article["version"],
                              'article "%s" of %s' % (aid, brand))
    if not article.get("retired"):
        current = 0
        for seq, env in conn.execute("SELECT d.seq, d.envelope FROM heads h JOIN documents d ON d.brand = h.brand AND d.seq = h.seq "
                                     "WHERE h.kind = 'article' AND h.brand = ? AND h.subject != ?", (brand, aid)):
            current += 0 if payload_of(seq, env).get("retired") is True else 1
        if current >= CORE.MAX_ARTICLES_PER_BRAND:
            raise ApiError(422, "too_many_articles",
                           "Brand %s already has %d current articles, the most a brand may have. Retire one (publish "
                           "it again with \"retired\": true) before publishing another." % (brand, current))
    insert_document(conn, "article", brand, aid, stored, opened, now)
    return {"kind": "article", "id": aid, "brand": brand, "version": stored}


def max_levels_of(conn, brand):
    pol = head(conn, "policy", brand, brand)
    if pol and is_int(pol[1].get("max_levels")) and pol[1]["max_levels"] >= 1:
        return pol[1]["max_levels"]
    return MAX_LEVELS_DEFAULT


def enrollment_row(conn, brand, distributor):
    return conn.execute(
        "SELECT e.parent, e.level, e.active, d.key, d.slug, e.issued_ms FROM enrollments e "
        "JOIN distributors d ON d.distributor = e.distributor WHERE e.brand = ? AND e.distributor = ?",
        (brand, distributor)).fetchone()


def apply_enrollment(conn, opened, replaces, now):
    """A distributor's enrollment with a brand, in steps: its fields, the brand and the recruiting
    parent, the recruit's consent, its place in the chain, one identity per distributor, its version
    and consent history, then the rows."""
    e = enrollment_fields(opened)
    cert, brand_key = require_brand(conn, e.brand)
    brand_name = cert.get("name", e.brand)
    parent_key, parent_level, parent_active = enrollment_parent(conn, e, brand_key, brand_name)
    # The recruit's own consent, by the core's rule (the one the browser's chain check applies):
    # "invited" (the recruit signed it under the parent's invite) or "carried" (the parent signed an
    # update carrying the recruit's invited enrollment). A parent's signature alone is refused.
    how = enrollment_consent(opened.envelope, parent_key)
    check_enrollment_place(conn, e, parent_level, parent_active, brand_name)
    ident = check_distributor_identity(conn, e)
    existing = enrollment_row(conn, e.brand, e.distributor)
    version = enrollment_version(conn, e, existing, replaces, brand_name)
    record_enrollment_consent(conn, e, how, existing, parent_key, replaces, now)
    if not ident:
        conn.execute("INSERT INTO distributors (distributor, slug, key, created_ms) VALUES (?, ?, ?, ?)",
                     (e.distributor, e.slug, b64_text(e.key), now))
    seq = insert_document(conn, "enrollment", e.brand, e.distributor, version, opened, now)
    conn.execute(
        "INSERT INTO enrollments (brand, distributor, parent, level, active, name, issued_ms, version, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand, distributor) DO UPDATE SET "
        "active = excluded.active, name = excluded.name, issued_ms = excluded.issued_ms, "
        "version = excluded.version, seq = excluded.seq",
        (e.brand, e.distributor, e.parent, e.level, 1 if e.active else 0, e.name, e.issued, version, seq))
    return {"kind": "enrollment", "id": e.distributor, "brand": e.brand, "version": version}


def enrollment_fields(opened):
    """The enrollment payload's fields, once the core reads it as every browser will
    (core::parse_enrollment: ids, slug, name, key, level; tests/vectors/enrollment.json)."""
    problem = CORE.enrollment_problem(opened.envelope["payload"])
    if problem:
        code, message = problem
        raise ApiError(400 if code == "bad_document" else 422, code, message)
    p = opened.payload
    if is_reserved_slug(p["slug"]):
        raise ApiError(422, "reserved_slug", 'The shop address "%s" is reserved for the platform; pick another.'
                       % p["slug"])
    e = types.SimpleNamespace(brand=p["brand"], distributor=p["distributor"], slug=p["slug"], name=p["name"],
                              key=b64_bytes(p["key"], 32), parent=p.get("parent", ""), level=p["level"],
                              issued=p["issued_ms"], active=p.get("active", True), payload=p)
    return e


def enrollment_parent(conn, e, brand_key, brand_name):
    """(key, level, active) of the recruiter: whose key the recruit's consent is checked against, the
    parent's current enrollment key, or the brand's for level 1."""
    if e.parent == "":
        return brand_key, 0, True
    row = enrollment_row(conn, e.brand, e.parent)
    if not row:
        raise ApiError(422, "unknown_parent",
                       'The recruiting distributor "%s" is not enrolled with %s; they must be enrolled '
                       'first.' % (e.parent, brand_name))
    return b64_bytes(row[3], 32), row[1], bool(row[2])


def check_enrollment_place(conn, e, parent_level, parent_active, brand_name):
    """An active recruiter, the level right below theirs, within the brand's depth."""
    if e.active and not parent_active:
        raise ApiError(422, "inactive_parent",
                       'The recruiting distributor "%s" is no longer active with %s and cannot recruit.' %
                       (e.parent, brand_name))
    if e.level != parent_level + 1:
        raise ApiError(422, "bad_level",
                       "This enrollment says level %d, but its parent is at level %d, so it must be level %d." %
                       (e.level, parent_level, parent_level + 1))
    limit = max_levels_of(conn, e.brand)
    if e.level > limit:
        raise ApiError(422, "too_deep",
                       "%s allows at most %d levels of distributors; this enrollment would be level %d." %
                       (brand_name, limit, e.level))


def check_distributor_identity(conn, e):
    """One identity per distributor: same slug and key in every brand; a slug belongs to one distributor.
    The stored (slug, key) row, or None for a new distributor."""
    ident = conn.execute("SELECT slug, key FROM distributors WHERE distributor = ?", (e.distributor,)).fetchone()
    if ident:
        if ident[0] != e.slug:
            raise ApiError(422, "identity_mismatch",
                           'Distributor "%s" already has the shop address "%s"; an enrollment must use the same '
                           'address.' % (e.distributor, ident[0]))
        if b64_bytes(ident[1], 32) != e.key:
            raise ApiError(422, "identity_mismatch",
                           'Distributor "%s" is enrolled with another key; an enrollment must carry the same '
                           'key as their other enrollments.' % e.distributor)
    else:
        owner = conn.execute("SELECT distributor FROM distributors WHERE slug = ?", (e.slug,)).fetchone()
        if owner:
            raise ApiError(409, "slug_taken",
                           'The shop address "%s" is already taken by another distributor; pick another.' % e.slug)
    return ident


def enrollment_version(conn, e, existing, replaces, brand_name):
    """The version this enrollment is stored as: same parent and level as the stored one, newer."""
    if existing and (existing[0] != e.parent or existing[1] != e.level):
        raise ApiError(422, "upline_change",
                       "An enrollment cannot move a distributor to another parent or level; the chain stays "
                       "as it was first signed.")
    version, cur = check_version(conn, "enrollment", e.brand, e.distributor, replaces, None,
                                 'enrollment of "%s" with %s' % (e.distributor, brand_name))
    if existing and e.issued <= existing[5]:
        raise ApiError(409, "stale_version",
                       "This enrollment was issued at or before the stored one (version %d); an older "
                       "enrollment cannot replace a newer one." % cur[0], current=cur[0])
    return version


def record_enrollment_consent(conn, e, how, existing, parent_key, replaces, now):
    """A carried consent only changes an existing enrollment; an invite only enrolls a new one (and
    counts its use)."""
    if how == "carried" and not existing:
        raise ApiError(422, "consent_required",
                       "An enrollment needs the recruit's own signature: send them an invite link; they accept it "
                       "with their own key. (A carried \"consent\" only lets the recruiter change an existing "
                       "enrollment.)")
    if how == "invited":
        if existing and enrollment_consented(conn, e.brand, e.distributor, parent_key):
            raise ApiError(422, "invite_for_new_only",
                           "An invite enrolls a new distributor; a change to an existing enrollment must be "
                           "signed by the one who recruited them, carrying the distributor's enrollment as "
                           "\"consent\".")
        # (An enrollment stored before consent was required may be replaced by the recruit's own,
        # under an invite of the same parent: that is how an old store's enrollments get consent.)
        invite_use = count_invite_use(conn, e.payload["invite"], parent_key, e.brand, e.parent, e.distributor,
                                      min(now, e.issued) if replaces is ANY_VERSION else now)
        conn.execute("INSERT INTO invite_uses (signer, invite, brand, parent, distributor, used_ms) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                     invite_use + (e.distributor, now))


def enrollment_consent(envelope, parent_key):
    """'invited' or 'carried': how the enrollment carries its recruit's consent under the parent whose
    key is given (core::check_consent, the browser's rule too); 422 with the core's code otherwise."""
    try:
        return CORE.enrollment_consent(envelope["payload"], envelope["key"], envelope["sig"], b64_text(parent_key))
    except CORE.CoreError as e:
        code, message = e.args
        raise ApiError(422, code, message)


def stored_enrollment_consented(conn, brand, distributor):
    """Whether the stored enrollment carries its recruit's consent under its parent's current key."""
    row = enrollment_row(conn, brand, distributor)
    if not row:
        return True  # nothing stored, nothing to consent to
    if row[0] == "":
        cert = brand_cert(conn, brand)
        parent_key = cert[1] if cert else None
    else:
        prow = enrollment_row(conn, brand, row[0])
        parent_key = b64_bytes(prow[3], 32) if prow else None
    return parent_key is not None and enrollment_consented(conn, brand, distributor, parent_key)


def enrollment_consented(conn, brand, distributor, parent_key):
    """Whether the stored enrollment of the distributor carries its recruit's consent (one stored
    before consent was required may not)."""
    cur = head(conn, "enrollment", brand, distributor)
    if not cur:
        return False
    try:
        enrollment_consent(json.loads(cur[2]), parent_key)
        return True
    except ApiError:
        return False


def count_invite_use(conn, invite, parent_key, brand, parent, distributor, at):
    """The store's part of an invited enrollment (the core checked the invite's signer, brand, parent,
    level and form): the invite unexpired at `at` (now; for a seed line, when the enrollment says it
    was made, as history) and with uses left. Returns the use to record (signer, id, brand, parent)."""
    ip = parse_json_text(invite["payload"])
    if CORE.invite_expired(ip["expires_ms"], at):
        raise ApiError(422, "invite_expired", "This invite expired; ask for a new one.")
    signer = b64_text(parent_key)  # the invite's signer, as the core checked
    if conn.execute("SELECT 1 FROM invite_uses WHERE brand = ? AND signer = ? AND invite = ? AND distributor = ?",
                    (brand, signer, ip["id"], distributor)).fetchone() is None:
        used = conn.execute("SELECT COUNT(*) FROM invite_uses WHERE brand = ? AND signer = ? AND invite = ?",
                            (brand, signer, ip["id"])).fetchone()[0]
        if used >= ip["max_uses"]:
            raise ApiError(422, "invite_used_up",
                           "This invite has been used %d time%s, all it allows; ask for a new one." %
                           (used, "" if used == 1 else "s"))
    return (signer, ip["id"], brand, parent)


def validate_manifest(opened):
    """The manifest's (distributor, slug, version, identity, brands), once the core reads it as every
    browser will (core::parse_manifest: ids only, lengths, colours, no brand twice)."""
    problem = CORE.manifest_problem(opened.envelope["payload"])
    if problem:
        code, message = problem
        raise ApiError(422 if code == "manifest_has_content" else 400, code, message)
    p = opened.payload
    return p["distributor"], p["slug"], p["version"], p.get("identity", {}), p["brands"]


def apply_manifest(conn, opened, replaces, now):
    p = opened.payload
    distributor, slug, version, identity, brands = validate_manifest(opened)
    ident = conn.execute("SELECT slug, key FROM distributors WHERE distributor = ?", (distributor,)).fetchone()
    if not ident:
        raise ApiError(422, "not_enrolled",
                       'Distributor "%s" is not enrolled with any brand; a shop needs an enrollment first.' %
                       distributor)
    require_signer(opened, b64_bytes(ident[1], 32), "the distributor's own key (from their enrollment)",
                   "A shop manifest")
    if ident[0] != slug:
        raise ApiError(422, "wrong_slug",
                       'This manifest claims the address "%s", but the distributor was given "%s".' % (slug, ident[0]))
    level = None
    for b in brands:
        row = enrollment_row(conn, b, distributor)
        if not row:
            cert = brand_cert(conn, b)
            raise ApiError(422, "not_enrolled",
                           'The shop lists %s, but its distributor is not enrolled with that brand.' %
                           (cert[0].get("name", b) if cert else '"%s"' % b))
        if not row[2]:
            raise ApiError(422, "not_enrolled", 'The distributor is no longer active with brand "%s".' % b)
        if level is None:
            level = row[1]
    stored, _ = check_version(conn, "manifest", "", distributor, replaces, version, "shop manifest of " + slug)
    seq = insert_document(conn, "manifest", "", distributor, stored, opened, now)
    avatar = identity.get("avatar")
    conn.execute(
        "INSERT INTO shops (distributor, slug, name, greeting, avatar, brands, level, version, updated_ms, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (distributor) DO UPDATE SET name = excluded.name, "
        "greeting = excluded.greeting, avatar = excluded.avatar, brands = excluded.brands, level = excluded.level, "
        "version = excluded.version, updated_ms = excluded.updated_ms, seq = excluded.seq",
        (distributor, slug, identity.get("name", ""), identity.get("greeting", ""),
         json.dumps(avatar, ensure_ascii=False) if avatar else None, json.dumps(brands, ensure_ascii=False),
         level, stored, p.get("updated_ms", 0), seq))
    conn.execute("DELETE FROM shop_brands WHERE distributor = ?", (distributor,))
    conn.executemany("INSERT INTO shop_brands (brand, distributor) VALUES (?, ?)", [(b, distributor) for b in brands])
    return {"kind": "manifest", "id": distributor, "slug": slug, "version": stored}


def apply_document(conn, env, replaces, root_key, now, expect_kind=None):
    opened = open_envelope(env)
    kind = opened.payload.get("type")
    if kind not in KINDS:
        raise bad_document('The payload\'s "type" must be one of %s.' % ", ".join(KINDS))
    if expect_kind is not None and kind != expect_kind:
        raise bad_document('The line says kind "%s" but the payload is a "%s".' % (expect_kind, kind))
    if kind == "brand":
        return apply_brand(conn, opened, replaces, root_key, now)
    if kind == "policy":
        return apply_policy(conn, opened, replaces, now)
    if kind == "release":
        return apply_release(conn, opened, replaces, now)
    if kind == "article":
        return apply_article(conn, opened, replaces, now)
    if kind == "enrollment":
        return apply_enrollment(conn, opened, replaces, now)
    return apply_manifest(conn, opened, replaces, now)


# [SECTION] Endpoints ------------------------------------------------------------------------------

def post_document(req):
    data = req.read_body(MAX_RELEASE_BYTES)
    try:
        body = parse_json_text(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "malformed_json", "The body is not valid JSON. Send "
                                              "{\"envelope\": {...}, \"replaces\": <version or null>}.")
    if not isinstance(body, dict) or "envelope" not in body:
        raise ApiError(400, "bad_request", "Send {\"envelope\": {...}, \"replaces\": <version or null>}.")
    replaces = body.get("replaces")
    if replaces is not None and not is_int(replaces):
        raise ApiError(400, "bad_request", "\"replaces\" must be the version number this write replaces, or "
                                           "null for the first version.")
    env = body["envelope"]
    # Only releases may use the large limit: everything else stays within MAX_DOCUMENT_BYTES.
    if len(data) > MAX_DOCUMENT_BYTES:
        kind = None
        if isinstance(env, dict) and isinstance(env.get("payload"), str):
            m = re.search(r'"type"\s*:\s*"([a-z]+)"', env["payload"][:4096])
            kind = m.group(1) if m else None
        if kind != "release":
            req.close_connection = True
            raise req.too_large(MAX_DOCUMENT_BYTES)
    app = req.app
    try:
        result = app.store.write(lambda conn: apply_document(conn, env, replaces, app.root_key, now_ms()))
    except IntegrityError:
        raise ApiError(409, "conflict", "This document conflicts with one stored at the same time (the same "
                                        "version or shop address). Reload and try again.")
    result = {"ok": True, **result}
    return req.send_json(201, result, cache="no-store", etag=False)
