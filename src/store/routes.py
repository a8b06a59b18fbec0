"""Routes: the store's one table of addresses (method, pattern, handler), like datasette's routes().

API (JSON; every error is {"error": {"code", "message", ...}} with its HTTP status):
  POST /api/documents                 {"envelope", "replaces"}: brand, policy, release, article, enrollment, manifest
                                      (an article: signed by its brand, read by the core against the brand's
                                      current release, its pictures uploaded here first, versioned per article
                                      id; "retired": true in a new version takes it off every shop)
  POST /api/images                    raw JPEG or PNG bytes, signed by a distributor or a brand (a quota of
                                      unused pictures per key; unused ones are deleted after IMAGE_GRACE_MS)
  Limits: RATE_LIMITS (config.py) per client address and per target; over one: 429 + Retry-After.
  A signed request works once (409 replayed_request).
  GET  /api/shops/<slug>  /api/directory  /api/slugs/<slug>  /api/releases/<brand>[/<v>]  /api/brands/<brand>
  GET  /api/shops/<slug>?hashes=left_out  the storefront's first visit: each release in dump_json's form comes
                                      without its products' content hashes ("hashes":"left_out"; the app puts
                                      them back before checking the signature: core::leave_out_content_hashes)
  GET  /api/brands/<brand>/articles   {"articles": [envelope, ...]}: the current version of each of the brand's
                                      articles, retired ones included, newest created first (core::open_articles)
  POST /api/events                    {"events": [...]} -> {"stored", "duplicates", "rejected": [{"id", "reason"}]}
                                      types: EVENT_TYPES; an "article_view" carries the article id in "product"
  POST /api/orders                    {"key", "shop", "brand", "lines", "contact", "visitor", "touch",
                                      "client_total", "payment"?: "cod|bank|link", "self"?} -> 201 {"order",
                                      "token", "lookup"}; a retry 200. The order carries the chosen method's
                                      details ("payment": {"kind", ..., "reference": number}); a kind the
                                      brand's policy does not list: 422 payment_not_accepted
  GET  /api/orders/<id>?t=<token>     the order with its status history (and its payment details)
  POST /api/orders/lookup             {"number", "phone"} -> {"id", "token"}
  POST /api/orders/<id>/status        {"envelope": brand-signed {"type": "order_status", ...}}
  GET  /api/orders/<id>/provenance    signed request (the brand, or a distributor on the order's chain)
  GET  /api/shops/<slug>/activity     signed by the shop's distributor: their team's events and orders
  GET  /api/shops/<slug>/team         signed by the shop's distributor: their team tree with order counts, sales
  POST /api/shops/<slug>/devices      {"visitor"} signed by the shop's distributor: this browser is theirs (orders
                                      from it, credited to them, are self-purchases under the brand's policy)
  GET  /api/brands/<brand>/activity   signed by the brand: all of its events and orders
  --import-activity DIR               generated events and orders (gen_demo --scale) through the same rules

[SECTION] Route     one line of the table: a pattern, a handler per method, whether a POST spends the write budget
[SECTION] Table     every address, first match wins; the last lines answer 404 (API or page)
[SECTION] Dispatch  find the line, spend the write budget, 405 with Allow, call the handler
"""
import re

from . import activity, articles, documents, events, images, insight, orders, pages, payouts, shops, static
from .config import APP_FILES, FONT_NAME_RE
from .errors import ApiError


# [SECTION] Route ----------------------------------------------------------------------------------

class Route:
    """One line of the table: an address pattern and what answers each method there."""

    def __init__(self, pattern, get=None, post=None, any=None, writes=None):
        self.pattern = re.compile(pattern, re.DOTALL)
        self.handlers = {}
        if get:
            self.handlers["GET"] = self.handlers["HEAD"] = get  # HEAD wherever GET: send_bytes drops the body
        if post:
            self.handlers["POST"] = post
        self.any = any          # answers every method (the "nothing here" lines)
        # A POST here spends the per-network write budget (write_address): every API address unless
        # the line says otherwise; the app's files and pages take no POST.
        self.writes = pattern.startswith("/api") if writes is None else writes

    def allowed(self):
        return [m for m in METHODS if m in self.handlers]


METHODS = ("GET", "HEAD", "POST")  # the order the Allow header lists them in


def no_api(req):
    raise ApiError(404, "not_found", "There is no API at this address.")


def no_page(req):
    raise req.not_found()


def method_not_allowed(allowed):
    return ApiError(405, "method_not_allowed", "Use %s for this address." % " or ".join(allowed),
                    headers={"Allow": ", ".join(allowed)})


SEG = r"[^/]+"  # one path segment (decoded; never "/", "", "." or "..": split_path refuses those)
APP_NAMES = "|".join(re.escape(name) for name in sorted(APP_FILES))

# [SECTION] Table ----------------------------------------------------------------------------------
# First match wins; the patterns are matched against the decoded path, without its trailing slash.
ROUTES = [
    # -- API: writes -------------------------------------------------------------------------------
    Route(r"/api/documents", post=documents.post_document),
    Route(r"/api/images", post=images.post_image, writes=False),   # its own budget per signing key
    Route(r"/api/events", post=events.post_events, writes=False),  # its own budgets per network, visitor
    Route(r"/api/orders", post=orders.post_order),
    Route(r"/api/orders/lookup", post=orders.lookup_order, writes=False),  # its own budget of misses
    # Kept as the nested ifs had them: below /api/orders/lookup/ these two reach the lookup too (an order
    # id is never "lookup"); and the POST spends the write budget.
    Route(r"/api/orders/lookup/status", post=orders.lookup_order),
    Route(r"/api/orders/lookup/provenance", get=orders.lookup_order),
    Route(r"/api/orders/(?P<order_id>%s)/status" % SEG, post=orders.post_status),
    Route(r"/api/orders/(?P<order_id>%s)/provenance" % SEG, get=orders.provenance),
    Route(r"/api/orders/(?P<order_id>%s)" % SEG, get=orders.get_order),
    # -- API: settlement ---------------------------------------------------------------------------
    Route(r"/api/brands/(?P<brand>%s)/ledger" % SEG, get=payouts.brand_ledger),
    Route(r"/api/brands/(?P<brand>%s)/payouts" % SEG, get=payouts.brand_payouts, post=payouts.post_payout),
    Route(r"/api/brands/(?P<brand>%s)/payouts/(?P<batch_id>[^/]*)\.csv" % SEG, get=payouts.payout_csv),
    Route(r"/api/brands/(?P<brand>%s)/payouts/(?P<batch_id>%s)/lines" % (SEG, SEG), post=payouts.post_line_mark),
    Route(r"/api/shops/(?P<slug>%s)/statements" % SEG, get=payouts.shop_statements),
    # -- API: a brand's and a distributor's own views (signed requests) ----------------------------
    Route(r"/api/brands/(?P<brand>%s)/articles" % SEG, get=articles.brand_articles),
    Route(r"/api/brands/(?P<brand>%s)/insight" % SEG, get=insight.brand_insight),
    Route(r"/api/brands/(?P<brand>%s)/activity" % SEG, get=activity.brand_activity),
    Route(r"/api/shops/(?P<slug>%s)/activity" % SEG, get=activity.shop_activity),
    Route(r"/api/shops/(?P<slug>%s)/team" % SEG, get=activity.shop_team),
    Route(r"/api/shops/(?P<slug>%s)/devices" % SEG, post=orders.post_device),
    # -- API: public reads -------------------------------------------------------------------------
    Route(r"/api/shops/(?P<slug>%s)" % SEG, get=shops.get_shop),
    Route(r"/api/directory", get=shops.get_directory),
    Route(r"/api/slugs/(?P<slug>%s)" % SEG, get=shops.get_slug),
    Route(r"/api/releases/(?P<brand>%s)(?:/(?P<version>%s))?" % (SEG, SEG), get=shops.get_release),
    Route(r"/api/brands/(?P<brand>%s)" % SEG, get=shops.get_brand),
    # -- API: nothing here. A POST still spends the write budget first (a script trying addresses is
    # writing), except under events and images, which have budgets of their own.
    Route(r"/api/(?:events|images)/.*", any=no_api, writes=False),
    Route(r"/api(?:/.*)?", any=no_api),
    # -- the app's files and pages (GET and HEAD only) ---------------------------------------------
    Route(r"/(?P<name>%s)" % APP_NAMES, get=static.serve_app_file),
    Route(r"/fonts/(?P<name>%s)" % FONT_NAME_RE.pattern, get=static.serve_font),
    Route(r"/trust\.json", get=static.serve_trust),
    Route(r"/img(?:/.*)?", get=images.serve_image),
    Route(r"/robots\.txt", get=static.serve_robots),
    Route(r"/", get=pages.serve_page),
    Route(r"/(?:s|b)/%s(?:/.*)?" % SEG, get=pages.serve_page),
    Route(r"/(?:o|d|console)(?:/.*)?", get=pages.serve_page),
    Route(r".*", get=no_page),
]

# [SECTION] Dispatch -------------------------------------------------------------------------------

def find(segs):
    """(route, its named groups) for the decoded path segments; the last line matches everything."""
    address = "/" + "/".join(segs)
    for route in ROUTES:
        m = route.pattern.fullmatch(address)
        if m:
            return route, {k: v for k, v in m.groupdict().items() if v is not None}
    raise AssertionError("the route table has no catch-all")  # pragma: no cover


def answer(req, method):
    """Finds req's route and answers it: the write budget first, then 405 for a method the address
    does not take (with Allow), then the route's handler."""
    route, groups = find(req.segs)
    # segs[2:] == ["lookup"]: a POST to /api/<name>/lookup never spends it (today's rule kept as it was;
    # only /api/orders/lookup exists, the others answer 404 or 405).
    if method == "POST" and route.writes and req.segs[2:] != ["lookup"]:
        req.app.limits.take("write_address", req.client_key(), "Too many changes were sent from this network "
                                                               "at once.")
    handler = route.any or route.handlers.get(method)
    if handler is None:
        raise method_not_allowed(route.allowed())
    return handler(req, **groups)
