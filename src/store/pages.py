"""Pages: the index.html template filled with a first paint for each URL.

[SECTION] Pages      index.html template: meta, Open Graph, first-paint summary, boot JSON
[SECTION] Endpoints  the route table's handlers (routes.py): base_url, serve_page, first_fonts, preload_html
[SECTION] Fonts      which font files a page's app needs before its first frame
"""
import hashlib
import html
import json
import os
import re
import urllib.parse

from .config import COLOR_RE, DEFAULT_THEME, FONT_NAME_RE, LOCAL_IMG_RE, SUMMARY_PRODUCTS
from .errors import is_id, is_int, is_slug
from .shops import ShopView, brand_list, directory
from .static import not_built, packed
from .core import CORE, REPO
from .trust import head_row, payload_of


# [SECTION] Pages ----------------------------------------------------------------------------------

def esc(value):
    return html.escape("" if value is None else str(value), quote=True)


def script_json(obj):
    """JSON safe inside an inline <script>: no '</script>' breakout, no HTML-significant characters."""
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Prices as the shop shows them ("¥128.00") and as product:price:amount wants them ("68.00"): the core's.
format_money = CORE.format_money
decimal_amount = CORE.decimal_amount


def html_lang(locale):
    return "zh-CN" if isinstance(locale, str) and locale.lower().startswith("zh") else "en"


def theme_color(value):
    return value.upper() if isinstance(value, str) and COLOR_RE.fullmatch(value) else DEFAULT_THEME


def first_sentence(text, limit=120):
    text = " ".join((text or "").split())
    for i, ch in enumerate(text):
        if ch in "。！？" or (ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " ")):
            text = text[:i + 1]
            break
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text


def clip(text, limit=200):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def image_url(ref, absolute_base=None):
    """A safe URL for an image reference: our own /img/<sha>.<ext>, or an http(s) URL. None otherwise."""
    src = ref.get("src") if isinstance(ref, dict) else ref
    if not isinstance(src, str):
        return None
    if LOCAL_IMG_RE.fullmatch(src):
        return (absolute_base or "") + src
    if re.fullmatch(r"https?://[^\s\"'<>\\`]{1,2000}", src):
        parts = urllib.parse.urlsplit(src)
        if parts.netloc:
            return src
    return None


def size_attrs(ref):
    """' width="W" height="H"' of a signed image reference (the page keeps its place while the
    picture loads: no layout shift), or ""."""
    w, h = (ref.get("w"), ref.get("h")) if isinstance(ref, dict) else (None, None)
    if all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 16384 for v in (w, h)):
        return ' width="%d" height="%d"' % (w, h)
    return ""


def product_image(prod):
    imgs = prod.get("images") if isinstance(prod.get("images"), list) else []
    for ref in imgs + [prod.get("thumb")]:
        if image_url(ref):
            return ref
    return None


def path_quote(segment):
    return urllib.parse.quote(segment, safe="")


class Page:
    def __init__(self, path, base):
        self.path = path
        self.base = base
        self.status = 200
        self.lang = "en"
        self.theme = DEFAULT_THEME
        self.title = "Dynamic shops"
        self.description = "Shops of independent distributors, with products their brands sign and lock."
        self.og_type = "website"
        self.og_title = None         # the card's title when it is not the page's (an article's own title)
        self.site_name = "Dynamic shops"
        self.image = None            # absolute URL
        self.canonical = path
        self.price = None            # (amount text, currency)
        self.robots = None
        self.summary = ""
        self.prefetch = ["/trust.json"]

    def meta(self):
        url = self.base + self.canonical
        card_title = self.og_title or self.title
        og = [("og:type", self.og_type), ("og:title", card_title), ("og:description", self.description),
              ("og:url", url), ("og:site_name", self.site_name),
              ("og:locale", "zh_CN" if self.lang == "zh-CN" else "en_US")]
        if self.image:
            og.append(("og:image", self.image))
        if self.price:
            og += [("product:price:amount", self.price[0]), ("product:price:currency", self.price[1])]
        tw = [("twitter:card", "summary_large_image" if self.image else "summary"),
              ("twitter:title", card_title), ("twitter:description", self.description)]
        if self.image:
            tw.append(("twitter:image", self.image))
        lines = ['<meta property="%s" content="%s">' % (esc(k), esc(v)) for k, v in og]
        lines += ['<meta name="%s" content="%s">' % (esc(k), esc(v)) for k, v in tw]
        if self.robots:
            lines.append('<meta name="robots" content="%s">' % esc(self.robots))
        lines.append('<link rel="canonical" href="%s">' % esc(url))
        return "\n".join(lines)


def shop_header_html(view, banner=True):
    parts = []
    banner = image_url(view.banner) if view.banner and banner else None
    if banner and LOCAL_IMG_RE.fullmatch(banner):
        # An <img>, not a CSS background: the browser finds it in the HTML and fetches it first
        # (the largest paint of a shop link on a phone), before the app's download.
        parts.append('<header class="fp-hero"><img src="%s" alt=""%s fetchpriority="high" elementtiming="first-paint"></header>' %
                     (esc(banner), size_attrs(view.banner)))
    else:
        # A product or article link: a slim band of the shop's colour (the picture below is the page).
        parts.append('<header class="fp-hero%s"></header>' % ("" if banner is not None or not view.banner else " fp-slim"))
    parts.append('<section class="fp-shop">')
    avatar = image_url(view.avatar) if view.avatar else None
    if avatar:
        parts.append('<img class="fp-avatar" src="%s" alt="%s" width="80" height="80">' % (esc(avatar), esc(view.name)))
    parts.append("<h1>%s</h1>" % esc(view.name))
    if view.greeting:
        parts.append("<p>%s</p>" % esc(view.greeting))
    parts.append("</section>")
    return "\n".join(parts)


# The words a shop says in this first paint and again in the app over it: written once, in the core
# (core::shop_words), so the two drawings read the same.
STRINGS = {lang: CORE.shop_words(lang) for lang in ("en", "zh-CN")}


def words(lang, key, **values):
    return STRINGS.get(lang, STRINGS["en"])[key].format(**values)


def product_list_html(view):
    items = []
    for prod, cert, rel in view.items[:SUMMARY_PRODUCTS]:
        href = "/s/%s/p/%s" % (path_quote(view.slug), path_quote(prod.get("id", "")))
        price = format_money(prod.get("price", 0), rel.get("currency") or cert.get("currency", ""))
        items.append('<li><a href="%s">%s <span>%s</span></a></li>' % (esc(href), esc(prod.get("title", "")), esc(price)))
    if not items:
        return "<p>%s</p>" % esc(words(html_lang(view.locale), "no_products"))
    return '<ul class="fp-list">\n%s\n</ul>' % "\n".join(items)


def picture_html(ref, alt, css=None):
    """<img> of an image reference with its width, height and alt text ("" when it is no safe picture)."""
    url = image_url(ref) if isinstance(ref, dict) else None
    if not url:
        return ""
    size = "".join(' %s="%d"' % (attr, ref[k]) for attr, k in (("width", "w"), ("height", "h"))
                   if is_int(ref.get(k)) and ref[k] > 0)
    return '<img%s src="%s" alt="%s"%s loading="lazy">' % (' class="%s"' % css if css else "", esc(url), esc(alt), size)


def article_list_html(view, articles):
    """The shop home's list of the current articles of its brands, each opening in this shop."""
    items = []
    for a, cert, rel in articles:
        if a.get("retired"):
            continue
        href = "/s/%s/a/%s" % (path_quote(view.slug), path_quote(a["id"]))
        summary = ' <span>%s</span>' % esc(clip(a["summary"])) if a["summary"] else ""
        items.append('<li><a href="%s"><strong>%s</strong>%s</a></li>' % (esc(href), esc(a["title"]), summary))
    if not items:
        return ""
    return ('<section class="fp-shop fp-articles"><h2>%s</h2></section>\n<ul class="fp-list">\n%s\n</ul>\n' %
            (esc(words(html_lang(view.locale), "articles")), "\n".join(items)))


def render_article(page, view, header, articles, aid):
    """/s/<shop>/a/<article>: a brand's article under the distributor's shop, its product cards opening
    in this shop. An article the shop's brands do not have, or one retired: 404, with the way to the shop."""
    found = next((x for x in articles if x[0]["id"] == aid), None)
    if not found or found[0].get("retired"):
        page.status = 404
        page.robots = "noindex"
        page.title = words(page.lang, "article_gone_title", shop=view.name)
        page.description = words(page.lang, "article_gone")
        page.summary = (header + '\n<section class="fp-shop"><p>%s</p><p><a href="/s/%s">%s</a></p></section>\n' %
                        (esc(page.description), esc(path_quote(view.slug)),
                         esc(words(page.lang, "back_to_shop", shop=view.name))) + product_list_html(view))
        return page
    a, cert, rel = found
    brand = cert.get("brand", "")
    page.lang = html_lang((rel or {}).get("locale") or cert.get("locale"))
    page.og_type = "article"
    page.canonical = "/s/%s/a/%s" % (view.slug, path_quote(aid))
    page.og_title = a["title"]
    page.title = "%s · %s" % (a["title"], view.name)
    first_paragraph = next((b["text"] for b in a["blocks"] if b["kind"] == "p"), "")
    page.description = clip(a["summary"] or first_paragraph) or page.description
    if a.get("cover"):
        page.image = image_url(a["cover"], page.base) or page.image
    page.prefetch = ["/api/shops/%s?hashes=left_out" % view.slug, "/api/brands/%s/articles" % path_quote(brand), "/trust.json"]
    currency = (rel or {}).get("currency") or cert.get("currency", "")
    def in_release(pid):  # a product the shop does not sell, from the brand's verified release
        return next((p for p in (rel or {}).get("products", []) if isinstance(p, dict) and p.get("id") == pid), None)
    parts = ['<article class="fp-article">']
    if a.get("cover"):
        parts.append(picture_html(a["cover"], a["title"], "fp-cover"))
    parts.append("<h2>%s</h2>" % esc(a["title"]))
    if a["summary"]:
        parts.append('<p class="fp-summary">%s</p>' % esc(a["summary"]))
    parts.append('<p class="fp-byline">%s</p>' % esc(words(page.lang, "article_by", brand=cert.get("name", brand),
                                                                shop=view.name)))
    # The distributor's own words above the article, apart from the brand's (as on product pages).
    note = view.notes.get(CORE.article_note_key(aid)) if isinstance(view.notes, dict) else None
    if isinstance(note, str) and note:
        label = words(page.lang, "note_from", shop=view.name)
        parts.append('<aside aria-label="%s"><h3>%s</h3><p>%s</p></aside>' % (esc(label), esc(label), esc(note)))
    for b in a["blocks"]:
        kind = b["kind"]
        if kind == "p":
            parts.append("<p>%s</p>" % esc(b["text"]))
        elif kind == "h":
            parts.append("<h3>%s</h3>" % esc(b["text"]))
        elif kind == "img":
            parts.append("<figure>%s</figure>" % picture_html(b["image"], b.get("alt", "")))
        elif kind == "product":
            item = view.find(b["product"])
            prod = item[0] if item else in_release(b["product"])
            if not isinstance(prod, dict):
                continue  # no longer in the brand's catalog: the card is left out
            title = prod.get("title", "")
            img = product_image(prod)
            inner = '%s<strong>%s</strong> <span class="fp-price">%s</span>' % (
                picture_html(img, "") if img else "", esc(title), esc(format_money(prod.get("price", 0), currency)))
            if item:  # the shop sells it: the card opens it here
                href = "/s/%s/p/%s" % (path_quote(view.slug), path_quote(b["product"]))
                parts.append('<a class="fp-card" href="%s">%s</a>' % (esc(href), inner))
            else:
                parts.append('<p class="fp-card">%s</p>' % inner)
    parts.append("</article>")
    page.summary = header + "\n" + "\n".join(parts)
    return page


def brand_directory_html(brands):
    if not brands:
        return ""
    lis = ['<li><a href="/b/%s">%s</a></li>' % (esc(path_quote(b["brand"])), esc(b.get("name", b["brand"])))
           for b in brands]
    return '<ul class="fp-list">\n%s\n</ul>' % "\n".join(lis)


def render_shop(conn, page, slug, rest):
    """A shop's page: its front (/s/<slug>, a category or a brand of it), a product (p/<id>) or an
    article (a/<id>), or why there is none (no such shop, a manifest that fails its signature)."""
    view = ShopView(conn, slug) if is_slug(slug) else None
    if not view or not view.found:
        return shop_missing(conn, page)
    page.prefetch = ["/api/shops/%s?hashes=left_out" % slug, "/trust.json"]
    if view.refused:
        return shop_refused(conn, page)
    page.lang = html_lang(view.locale)
    page.theme = theme_color(view.theme)
    page.site_name = view.name
    page.canonical = "/s/%s" % slug
    sentence = first_sentence(view.greeting)
    page.title = "%s — %s" % (view.name, sentence) if sentence else view.name
    page.description = clip(view.greeting) or words(page.lang, "shop_description", shop=view.name)
    cover = view.banner or view.avatar
    if not image_url(cover) and view.items:
        cover = product_image(view.items[0][0])
    page.image = image_url(cover, page.base) if cover else None
    # The banner only on the shop's front page: on a product or an article link the picture people
    # came for is the largest paint, and the app does not draw the banner there.
    header = shop_header_html(view, banner=not rest)
    articles = view.articles(conn)
    if len(rest) == 2 and rest[0] == "a":
        return render_article(page, view, header, articles, rest[1])
    if len(rest) == 2 and rest[0] == "p":
        return render_product(page, view, header, slug, rest[1])
    if len(rest) == 2 and rest[0] in ("c", "b"):
        title_section(page, view, slug, rest[0], rest[1])
    page.summary = header + "\n" + article_list_html(view, articles) + product_list_html(view)
    return page


def shop_missing(conn, page):
    page.status = 404
    page.robots = "noindex"
    page.title = "This shop doesn't exist (any more)"
    page.description = "The link may be old or mistyped. Find a shop in the brand directory."
    page.prefetch = ["/api/directory", "/trust.json"]
    page.summary = ('<section class="fp-shop">\n<h1>This shop doesn\'t exist (any more)</h1>\n'
                    '<p>The link may be old or mistyped. These brands have shops you can open:</p>\n'
                    '</section>\n' + brand_directory_html(brand_list(conn)))
    return page


def shop_refused(conn, page):
    # The stored manifest fails its signature (or names another address): nothing of it goes into
    # the page; the app says the same on the canvas.
    page.robots = "noindex"
    page.title = "This shop could not be verified"
    page.description = ("Its page was changed after its owner signed it, so none of it is shown. "
                        "Find a shop in the brand directory.")
    page.summary = ('<section class="fp-shop">\n<h1>This shop could not be verified</h1>\n<p>%s</p>\n'
                    '</section>\n' % esc(page.description) + brand_directory_html(brand_list(conn)))
    return page


def title_section(page, view, slug, kind, ident):
    """A category (c) or one of the shop's brands (b): its name in the title, its address canonical."""
    for cert, rel in view.brands:
        if kind == "c":
            for cat in (rel or {}).get("categories", []):
                if isinstance(cat, dict) and cat.get("id") == ident:
                    page.title = "%s · %s" % (cat.get("name") or cat["id"], view.name)
                    page.canonical = "/s/%s/c/%s" % (slug, path_quote(ident))
        elif rel and cert.get("brand") == ident:
            page.title = "%s · %s" % (cert.get("name") or ident, view.name)
            page.canonical = "/s/%s/b/%s" % (slug, path_quote(ident))


def render_product(page, view, header, slug, pid):
    item = view.find(pid)
    if not item:
        page.status = 404
        page.robots = "noindex"
        page.title = words(page.lang, "not_in_shop_title", shop=view.name)
        page.summary = (header + '\n<section class="fp-shop"><p>%s</p></section>\n' %
                        esc(words(page.lang, "not_in_shop")) + product_list_html(view))
        return page
    prod, cert, rel = item
    page.lang = html_lang(rel.get("locale") or cert.get("locale"))  # the product's own brand
    currency = rel.get("currency") or cert.get("currency", "")
    price_text = format_money(prod.get("price", 0), currency)
    title = prod.get("title", "")
    page.og_type = "product"
    page.canonical = "/s/%s/p/%s" % (slug, path_quote(prod.get("id", "")))
    page.title = "%s · %s · %s" % (title, price_text, view.name)
    page.description = clip(prod.get("subtitle") or prod.get("description") or title)
    page.price = (decimal_amount(prod.get("price", 0), currency), currency)
    img = product_image(prod)
    if img:
        page.image = image_url(img, page.base)
    page.summary = header + "\n" + product_html(page, view, prod, cert, img, title, price_text)
    return page


def product_html(page, view, prod, cert, img, title, price_text):
    parts = ['<article class="fp-product">']
    if img:
        parts.append('<img src="%s" alt="%s"%s fetchpriority="high" elementtiming="first-paint">' % (esc(image_url(img)), esc(title), size_attrs(img)))
    parts.append("<div>")
    parts.append("<h2>%s</h2>" % esc(title))
    if prod.get("subtitle"):
        parts.append("<p>%s</p>" % esc(prod["subtitle"]))
    parts.append('<p class="fp-price">%s</p>' % esc(price_text))
    if prod.get("description"):
        parts.append("<p>%s</p>" % esc(prod["description"]))
    specs = [s for s in prod.get("specs", []) if isinstance(s, dict)]
    if specs:
        parts.append("<dl>")
        for s in specs:
            parts.append("<dt>%s</dt><dd>%s</dd>" % (esc(s.get("name", "")), esc(s.get("value", ""))))
        parts.append("</dl>")
    parts.append("<p>%s</p>" % esc(words(page.lang, "sold_by", shop=view.name, brand=cert.get("name", ""))))
    parts.append("</div>")
    note = view.notes.get(prod.get("id")) if isinstance(view.notes, dict) else None
    if note:
        label = words(page.lang, "note_from", shop=view.name)
        parts.append('<aside aria-label="%s"><h3>%s</h3><p>%s</p></aside>' % (esc(label), esc(label), esc(note)))
    parts.append("</article>")
    return "\n".join(parts)


def render_brand(conn, page, brand):
    row = head_row(conn, "brand", brand, brand) if is_id(brand) else None
    if not row:
        page.status = 404
        page.robots = "noindex"
        page.title = "This brand isn't here (any more)"
        page.prefetch = ["/api/directory", "/trust.json"]
        page.summary = ('<section class="fp-shop">\n<h1>This brand isn\'t here (any more)</h1>\n'
                        '<p>These brands have shops you can open:</p>\n</section>\n' + brand_directory_html(brand_list(conn)))
        return page
    cert = payload_of(row[0], row[2])
    name = cert.get("name", brand)
    page.lang = html_lang(cert.get("locale"))
    page.site_name = name
    page.canonical = "/b/%s" % brand
    page.title = words(page.lang, "brand_title", brand=name)
    page.description = words(page.lang, "brand_description", brand=name)
    page.prefetch = ["/api/brands/%s" % brand, "/api/directory", "/trust.json"]
    shops = directory(conn, brand)["shops"]
    parts = ['<section class="fp-shop">', "<h1>%s</h1>" % esc(name),
             "<p>%s</p>" % esc(words(page.lang, "brand_count", n=len(shops), brand=name)), "</section>"]
    shops = shops[:SUMMARY_PRODUCTS]
    if shops:
        parts.append('<ul class="fp-list">')
        parts += ['<li><a href="/s/%s">%s</a></li>' % (esc(s["slug"]), esc(s["name"] or s["slug"])) for s in shops]
        parts.append("</ul>")
    page.summary = "\n".join(parts)
    return page


def render_home(conn, page):
    page.title = "Dynamic shops — brands and their distributors' shops"
    page.prefetch = ["/api/directory", "/trust.json"]
    page.summary = ('<section class="fp-shop">\n<h1>Dynamic shops</h1>\n<p>Open a distributor\'s shop from their '
                    'link, or pick a brand:</p>\n</section>\n' + brand_directory_html(brand_list(conn)))
    return page


def render_app(page, segs):
    area = segs[0]
    page.robots = "noindex"
    if area == "o":
        order = segs[1] if len(segs) > 1 else ""
        page.title = "Order %s" % order if order else "Your order"
        page.description = "The status of an order."
        page.summary = '<section class="fp-shop">\n<h1>%s</h1>\n<p>Loading the order status…</p>\n</section>' % esc(page.title)
    elif area == "d":
        page.title = "Distributor studio"
        page.description = "Open, customise and share your shop."
        page.summary = ('<section class="fp-shop">\n<h1>Distributor studio</h1>\n<p>Open your shop, make it yours, '
                        'share it and see what it earns.</p>\n</section>')
    else:
        page.title = "Brand console"
        page.description = "Publish signed catalogs, see and settle your distributor network."
        page.summary = ('<section class="fp-shop">\n<h1>Brand console</h1>\n<p>Publish signed catalogs, preview '
                        'shops, see and settle your network.</p>\n</section>')
    return page


PLACEHOLDER_RE = re.compile(r"\{\{([a-z_]+)\}\}")


def fill_template(template, values):
    # One pass: text that came from documents can never be read as another placeholder.
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template)


# Which build of the app a page loads (src/app/workspace.h): the distributor's editor (/d) and the
# brand's console (/console) are in the full app; everything a consumer opens is in the shop's build,
# a smaller first download. A site built before the split has only the full app.
WORKSPACE_PAGES = frozenset(["d", "console"])


def app_build_for(segs, have_shop_build):
    # (/o/<id>/why, who earns from an order, is the brand's and the distributors' page: theirs too)
    signed_in = (segs and segs[0] in WORKSPACE_PAGES) or (len(segs) == 3 and segs[0] == "o" and segs[2] == "why")
    return "app" if signed_in or not have_shop_build else "shop"


# [SECTION] Endpoints ------------------------------------------------------------------------------

def base_url(req):
    # The canonical origin of pages (og:url, the canonical link, absolute image URLs) is the
    # store's configuration, never the request's Host header: a Host chosen by whoever sends the
    # request must not end up in a page a cache or a link preview keeps.
    return req.app.public_url


def serve_page(req):
    path, segs = req.url_path, req.segs
    app = req.app
    template = app.site_file("index.html")
    if template is None:
        return not_built(req, "index.html")
    build_name = app_build_for(segs, app.site_file("shop.wasm") is not None)
    wasm = app.site_file(build_name + ".wasm")
    wasm_size = len(wasm["data"]) if wasm else 0
    base = base_url(req)
    key = ("page", path, base, template["etag"], build_name, wasm_size)

    def build():
        page = Page(path, base)
        with app.store.reader() as conn:
            if not segs:
                render_home(conn, page)
            elif segs[0] == "s":
                render_shop(conn, page, segs[1], segs[2:])
            elif segs[0] == "b":
                render_brand(conn, page, segs[1])
            else:
                render_app(page, segs)
        html_text = fill_template(template["data"].decode("utf-8"), {
            "lang": esc(page.lang),
            "theme_color": esc(page.theme),
            "title": esc(page.title),
            "description": esc(page.description),
            "meta": page.meta(),
            "preload": preload_html(req, build_name, page),
            "summary": page.summary,
            # The shop's build fetches its fonts with its data, after the first paint's pictures.
            "boot": script_json({"prefetch": page.prefetch + ([href for href, _ in first_fonts(req, page)] if build_name == "shop" else []),
                                 "app": build_name, "wasmBytes": wasm_size, "route": path}),
        })
        body = html_text.encode("utf-8")
        return {"status": page.status, "body": body, "etag": '"%s"' % hashlib.sha256(body).hexdigest()[:32],
                "gz": None}

    item = app.cached(key + (app.store.generation,), build)
    gz, br = packed(item)
    return req.send_bytes(item["status"], item["body"], "text/html; charset=utf-8",
                           {"Cache-Control": "no-cache"}, gz=gz, etag=item["etag"], compressible=True, br=br)


def first_fonts(req, page):
    """(path, type) of the font files the app loads before its first frame: Inter always, the core CJK
    subset when the page's words need it (needs_cjk), never the extended one (it loads only when text
    needs a character the core subset lacks)."""
    fonts = os.path.join(req.app.site, "fonts")
    try:
        names = sorted(os.listdir(fonts))
    except OSError:
        names = []
    types = {".otf": "font/otf", ".ttf": "font/ttf", ".woff2": "font/woff2", ".woff": "font/woff"}
    cjk = needs_cjk(page)
    out = []
    for name in names:
        ext = os.path.splitext(name)[1].lower()
        if ext not in types or not FONT_NAME_RE.fullmatch(name) or "ext" in name.lower() or len(out) >= 4:
            continue
        if name.lower().startswith("cjk") and not cjk:
            continue
        out.append(("/fonts/" + path_quote(name), types[ext]))
    return out


def preload_html(req, build_name, page):
    # A consumer's page preloads nothing: on a phone network its first paint's pictures come first
    # (shell.js starts the app, its data and its fonts once they are in). The editor and the
    # console start at once.
    if build_name == "shop":
        return ""
    links = ['<link rel="preload" href="/%s.wasm" as="fetch" type="application/wasm" crossorigin>' % build_name]
    for href, ctype in first_fonts(req, page):
        links.append('<link rel="preload" href="%s" as="font" type="%s" crossorigin>' % (esc(href), ctype))
    return "\n".join(links)


# [SECTION] Fonts ----------------------------------------------------------------------------------
# The app loads its CJK font only when text it is about to draw needs a character Inter lacks
# (src/ui/fonts.h): an English shop never downloads it. The page asks for it with its first paint when
# the page's own words (its language, title, description and summary) say the app will need it, so a
# Chinese shop does not wait for its data before its font starts coming.

def _inter_ranges():
    """(first, last) of every INTER line in assets/fonts/base_ranges.inc: what the Latin faces hold
    (one list with tools/make_fonts.py and src/ui/fonts.cpp)."""
    try:
        with open(os.path.join(REPO, "assets", "fonts", "base_ranges.inc"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return [(0x20, 0x7E)]
    return [(int(a, 16), int(b, 16)) for a, b in re.findall(r"^INTER\((0x[0-9A-Fa-f]+),\s*(0x[0-9A-Fa-f]+)\)", text, re.M)]


INTER_RANGES = _inter_ranges()


def needs_cjk(page):
    if page.lang.lower().startswith("zh"):
        return True
    for ch in set(page.title + page.description + page.summary):
        cp = ord(ch)
        if cp >= 0x80 and not any(lo <= cp <= hi for lo, hi in INTER_RANGES):
            return True
    return False
