"""Simulates a compromised store for the browser tests: rewrites the current document of a kind
in a stopped serve.py's SQLite file so that its payload no longer matches its signature (or is
re-signed by a stranger). The app must refuse what it is handed.

usage: tamper.py DATA_DIR release BRAND        (a price in the payload changes, signature kept)
       tamper.py DATA_DIR manifest SLUG        (the shop name changes, signature kept)
       tamper.py DATA_DIR manifest-resign SLUG (re-signed by a key that is not the distributor's)
       tamper.py DATA_DIR swap SLUG,OTHER      (each address answers with the other shop's valid documents)
       tamper.py DATA_DIR enrollment SLUG      (the distributor's enrollment name changes, signature kept)
"""
import base64
import hashlib
import json
import re
import sqlite3
import sys

import nacl.signing


def main():
    data, what, subject = sys.argv[1], sys.argv[2], sys.argv[3]
    db = sqlite3.connect(f"{data}/dynshop.sqlite3")
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
