"""Articles: a brand's articles as the shops and the console read them.

[SECTION] Articles   a brand's articles, verified when read, newest first
[SECTION] Endpoints  the route table's handlers (routes.py): brand_articles
"""
import json

from .errors import ApiError, is_id, is_int
from .core import CORE
from .trust import PAYLOADS, head_row, payload_of, signed_payload


# [SECTION] Articles -------------------------------------------------------------------------------

def article_rows(conn, brand):
    return conn.execute("SELECT d.seq, d.envelope FROM heads h JOIN documents d ON d.brand = h.brand AND d.seq = h.seq "
                        "WHERE h.kind = 'article' AND h.brand = ?", (brand,)).fetchall()


def newest_first(created_ms, article_id):
    """The order of a brand's articles everywhere (the API's answer, pages): newest created first."""
    return (-created_ms if is_int(created_ms) else 0, article_id if isinstance(article_id, str) else "")


def articles_answer(conn, brand):
    """GET /api/brands/<brand>/articles: the current envelope of each of the brand's articles, retired
    ones included (a browser that follows an old link says the article was withdrawn), newest first.
    The browser checks each on its own (core::open_articles)."""
    rows = article_rows(conn, brand)
    def order(row):
        p = payload_of(*row)  # one lookup a row (parsed once, cached by seq)
        return newest_first(p.get("created_ms"), p.get("id"))
    rows.sort(key=order)
    return '{"articles":[' + ",".join(env for _, env in rows) + "]}"


def read_article(envelope):
    try:
        return CORE.article(json.loads(envelope)["payload"])
    except (CORE.CoreError, ValueError, KeyError, TypeError):
        return None


def verified_articles(conn, brand, cert_key):
    """The brand's current articles as a browser reads them (core::open_article): signed by the key of
    the brand's current certificate, naming this brand, read by the core; newest first. Retired ones
    are kept (their "retired" is true): a page for one says it was withdrawn."""
    out = []
    for seq, env in article_rows(conn, brand):
        payload = signed_payload(seq, env, cert_key)
        if payload is None or payload.get("brand") != brand:
            continue
        article = PAYLOADS.get(("article", seq), lambda: read_article(env))
        if article is not None:
            out.append(article)
    out.sort(key=lambda a: newest_first(a["created_ms"], a["id"]))
    return out


# [SECTION] Endpoints ------------------------------------------------------------------------------

def brand_articles(req, brand):
    app = req.app
    with app.store.reader() as conn:
        if not is_id(brand) or not head_row(conn, "brand", brand, brand):
            raise ApiError(404, "unknown_brand", 'There is no brand "%s" on this platform. Check the link, or '
                                                 'find brands in the directory (/api/directory).' % brand)

    def make():
        with app.store.reader() as conn:
            return articles_answer(conn, brand)
    return req.send_cached_json(("articles", brand), make)
