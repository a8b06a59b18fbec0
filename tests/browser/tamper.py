"""Simulates a compromised store for the browser tests: rewrites the current document of a kind
in a stopped serve.py's SQLite file so that its payload no longer matches its signature (or is
re-signed by a stranger). The app must refuse what it is handed.

usage: tamper.py DATA_DIR release BRAND        (a price in the payload changes, signature kept)
       tamper.py DATA_DIR manifest SLUG        (the shop name changes, signature kept)
       tamper.py DATA_DIR manifest-resign SLUG (re-signed by a key that is not the distributor's)
       tamper.py DATA_DIR swap SLUG,OTHER      (each address answers with the other shop's valid documents)
       tamper.py DATA_DIR enrollment SLUG      (the distributor's enrollment name changes, signature kept)
       tamper.py DATA_DIR article BRAND/ID     (a brand article's title changes, signature kept)
       tamper.py DATA_DIR damage SLUG          (the shop's manifest loses its signature field: a damaged document)
       tamper.py DATA_DIR drop-product SLUG    (the brand publishes its next release, properly signed, without a
                                                product this shop lists: the shop names a product no longer sold)
       tamper.py DATA_DIR multi "WHAT=SUBJECT;WHAT=SUBJECT..."   (several of the above, in order)
Prints one line per change; drop-product prints {"brand", "product", "version"} as JSON.
"""
import base64
import hashlib
import json
import os
import re
import sqlite3
import sys
import time

import nacl.signing

HERE = os.path.dirname(os.path.abspath(__file__))


def core_module():
    """The core's Python module (derive_seed), found as the store finds it (src/store/trust.py)."""
    root = os.path.dirname(os.path.dirname(HERE))
    folder = os.environ.get("DYNSHOP_CORE") or os.path.join(root, os.environ.get("DYNSHOP_BUILD") or "build", "native")
    sys.path.insert(0, folder)
    import dynshop_core
    return dynshop_core


def manifest_of(db, slug):
    dist = db.execute("SELECT distributor FROM distributors WHERE slug = ?", (slug,)).fetchone()[0]
    seq, envelope = db.execute("SELECT d.seq, d.envelope FROM heads h JOIN documents d ON d.seq = h.seq "
                               "WHERE h.kind = 'manifest' AND h.subject = ?", (dist,)).fetchone()
    return dist, seq, json.loads(envelope)


def damage(db, slug):
    """The manifest's envelope loses its "sig": what is served is no longer a signed document."""
    _, seq, env = manifest_of(db, slug)
    del env["sig"]
    with db:
        triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents'").fetchall()
        for name, _ in triggers:
            db.execute('DROP TRIGGER "%s"' % name)
        db.execute("UPDATE documents SET envelope = ? WHERE seq = ?", (json.dumps(env, ensure_ascii=False), seq))
        for _, sql in triggers:
            db.execute(sql)
    print("damaged manifest of", slug)


def drop_product(db, slug):
    """The brand (its key from the demo passphrase, as the console derives it) signs its next release
    without one of the products this shop lists, the one the fewest other shops list."""
    _, _, env = manifest_of(db, slug)
    manifest = json.loads(env["payload"])
    brand = manifest["brands"][0]
    _, rel_env_text, version = db.execute(
        "SELECT d.seq, d.envelope, h.version FROM heads h JOIN documents d ON d.seq = h.seq "
        "WHERE h.kind = 'release' AND h.brand = ? AND h.subject = ?", (brand, brand)).fetchone()
    release = json.loads(json.loads(rel_env_text)["payload"])
    ids = {p["id"] for p in release["products"]}
    listed = {}
    for (text,) in db.execute("SELECT d.envelope FROM heads h JOIN documents d ON d.seq = h.seq WHERE h.kind = 'manifest'"):
        for pid in set(json.loads(json.loads(text)["payload"]).get("products", [])):
            listed[pid] = listed.get(pid, 0) + 1
    mine = [p for p in manifest.get("products", []) if p in ids]
    assert mine, "the shop lists none of its brand's products"
    product = min(mine, key=lambda p: (listed.get(p, 0), mine.index(p)))
    release["products"] = [p for p in release["products"] if p["id"] != product]
    release["version"] = version + 1
    release["created_ms"] = int(time.time() * 1000)
    payload = json.dumps(release, ensure_ascii=False, separators=(",", ":"))
    key = nacl.signing.SigningKey(core_module().derive_seed("demo-%s-2026" % brand, brand))
    cert = json.loads(json.loads(db.execute("SELECT d.envelope FROM heads h JOIN documents d ON d.seq = h.seq WHERE "
                                            "h.kind = 'brand' AND h.brand = ?", (brand,)).fetchone()[0])["payload"])
    key_b64 = base64.b64encode(bytes(key.verify_key)).decode()
    assert cert["key"] == key_b64, "the demo passphrase does not give the brand's key"
    signed = {"payload": payload, "key": key_b64,
              "sig": base64.b64encode(key.sign(payload.encode()).signature).decode()}
    with db:
        seq = db.execute("INSERT INTO documents (kind, brand, subject, version, signer, payload_sha256, envelope, stored_ms) "
                         "VALUES ('release', ?, ?, ?, ?, ?, ?, ?)",
                         (brand, brand, version + 1, key_b64, hashlib.sha256(payload.encode()).hexdigest(),
                          json.dumps(signed, ensure_ascii=False), release["created_ms"])).lastrowid
        db.execute("UPDATE heads SET seq = ?, version = ? WHERE kind = 'release' AND brand = ? AND subject = ?",
                   (seq, version + 1, brand, brand))
    print(json.dumps({"brand": brand, "product": product, "version": version + 1}))


def main():
    data, what, subject = sys.argv[1], sys.argv[2], sys.argv[3]
    if what == "multi":
        for part in subject.split(";"):
            w, s = part.split("=", 1)
            tamper(data, w, s)
        return
    tamper(data, what, subject)


def tamper(data, what, subject):
    db = sqlite3.connect(f"{data}/dynshop.sqlite3")
    if what == "damage":
        return damage(db, subject)
    if what == "drop-product":
        return drop_product(db, subject)
    if what == "swap":
        a, b = subject.split(",")
        with db:
            db.execute("UPDATE shops SET slug = '~swap' WHERE slug = ?", (a,))
            db.execute("UPDATE shops SET slug = ? WHERE slug = ?", (a, b))
            db.execute("UPDATE shops SET slug = ? WHERE slug = '~swap'", (b,))
        print("swapped", a, b)
        return
    if what == "enrollment":
        dist = db.execute("SELECT distributor FROM distributors WHERE slug = ?", (subject,)).fetchone()[0]
        seq, envelope = db.execute("SELECT d.seq, d.envelope FROM enrollments e JOIN documents d ON d.seq = e.seq "
                                   "WHERE e.distributor = ? LIMIT 1", (dist,)).fetchone()
        env = json.loads(envelope)
        doc = json.loads(env["payload"])
        payload = env["payload"].replace(json.dumps(doc["name"], ensure_ascii=False)[1:-1], "Someone Else", 1)
        assert payload != env["payload"], "nothing was tampered"
        env["payload"] = payload
        with db:
            triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents'").fetchall()
            for name, _ in triggers:
                db.execute('DROP TRIGGER "%s"' % name)
            db.execute("UPDATE documents SET envelope = ? WHERE seq = ?", (json.dumps(env, ensure_ascii=False), seq))
            for _, sql in triggers:
                db.execute(sql)
        print("tampered enrollment of", subject)
        return
    if what == "release":
        row = db.execute("SELECT h.kind, h.brand, h.subject, h.version, d.envelope FROM heads h JOIN documents d ON d.seq = h.seq "
                         "WHERE h.kind = 'release' AND h.brand = ?", (subject,)).fetchone()
    elif what == "article":
        brand_id, article_id = subject.split("/", 1)
        row = db.execute("SELECT h.kind, h.brand, h.subject, h.version, d.envelope FROM heads h JOIN documents d ON d.seq = h.seq "
                         "WHERE h.kind = 'article' AND h.brand = ? AND h.subject = ?", (brand_id, article_id)).fetchone()
    else:
        dist = db.execute("SELECT distributor FROM distributors WHERE slug = ?", (subject,)).fetchone()[0]
        row = db.execute("SELECT h.kind, h.brand, h.subject, h.version, d.envelope FROM heads h JOIN documents d ON d.seq = h.seq "
                         "WHERE h.kind = 'manifest' AND h.subject = ?", (dist,)).fetchone()
    kind, brand, subj, version, envelope = row
    env = json.loads(envelope)
    payload = env["payload"]
    if what == "release":
        # Someone cuts every price to 1 (minor unit) and keeps the brand's signature.
        payload = re.sub(r'"price":\d+', '"price":1', payload)
    elif what == "article":
        # Someone puts words in the brand's mouth and keeps its signature.
        doc = json.loads(payload)
        payload = payload.replace(json.dumps(doc["title"], ensure_ascii=False)[1:-1], "Miracle cure, buy now", 1)
    else:
        doc = json.loads(payload)
        payload = payload.replace(json.dumps(doc["identity"]["name"], ensure_ascii=False)[1:-1], "Totally Legit Shop", 1)
        if what == "manifest-resign":
            key = nacl.signing.SigningKey(hashlib.sha256(b"mallory").digest())
            env["key"] = base64.b64encode(bytes(key.verify_key)).decode()
            env["sig"] = base64.b64encode(key.sign(payload.encode()).signature).decode()
    assert payload != env["payload"], "nothing was tampered"
    env["payload"] = payload
    text = json.dumps(env, ensure_ascii=False)
    with db:
        cur = db.execute("INSERT INTO documents (kind, brand, subject, version, signer, payload_sha256, envelope, stored_ms) "
                         "SELECT kind, brand, subject, version + 1000, signer, ?, ?, stored_ms FROM documents WHERE seq = "
                         "(SELECT seq FROM heads WHERE kind = ? AND brand = ? AND subject = ?)",
                         (hashlib.sha256(payload.encode()).hexdigest(), text, kind, brand, subj))
        db.execute("UPDATE heads SET seq = ?, version = version + 1000 WHERE kind = ? AND brand = ? AND subject = ?",
                   (cur.lastrowid, kind, brand, subj))
        if kind == "manifest":  # the shop projection points at its manifest too
            db.execute("UPDATE shops SET seq = ? WHERE distributor = ?", (cur.lastrowid, subj))
    print("tampered", what, subject)


if __name__ == "__main__":
    main()
