#include "app/console_route.h"

#include "core/catalog/article.h"
#include "core/referral/link.h"

namespace app {

namespace {
bool valid_product(const std::string& id) { return !id.empty() && id.size() <= 128; }
}  // namespace

ConsoleRoute parse_console_route(const std::string& text) {
    ConsoleRoute r;
    core::Url url = core::parse_url(text);
    const auto& s = url.segments;
    if (s.size() < 2 || s[0] != "console" || !core::is_valid_id(s[1]) || s.size() > 5) return r;
    if (s.size() == 5 && s[2] != "articles") return r;
    r.brand = s[1];
    if (s.size() == 2) {
        r.page = ConsolePage::Home;
    } else if (s[2] == "preview" && s.size() == 3) {
        r.page = ConsolePage::Preview;
        r.product = url.param("p");
        r.shop = url.param("s");
        r.draft = url.param("draft") == "1";
        if (!valid_product(r.product)) r.product.clear();
        if (!core::is_valid_slug(r.shop)) r.shop.clear();
    } else if (s[2] == "catalog") {
        r.page = ConsolePage::Catalog;
        if (s.size() == 4) {
            if (!valid_product(s[3])) r.page = ConsolePage::NotFound;
            else r.product = s[3];
        }
    } else if (s[2] == "orders" && s.size() == 3) {
        r.page = ConsolePage::Orders;
    } else if (s[2] == "settlement") {
        r.page = ConsolePage::Settlement;
        if (s.size() == 4) {
            if (!core::is_valid_id(s[3]) || s[3].rfind("pb_", 0) != 0) r.page = ConsolePage::NotFound;
            else r.batch = s[3];
        }
    } else if (s[2] == "policy" && s.size() == 3) {
        r.page = ConsolePage::Policy;
    } else if (s[2] == "audit" && s.size() == 3) {
        r.page = ConsolePage::Audit;
    } else if (s[2] == "insight") {
        r.page = ConsolePage::Insight;
        if (s.size() == 4) {
            if (s[3] == "promoters" || s[3] == "reach") r.view = s[3];
            else r.page = ConsolePage::NotFound;
        }
    } else if (s[2] == "articles") {
        r.page = ConsolePage::Articles;
        if (s.size() >= 4) {
            if (!core::is_article_id(s[3])) r.page = ConsolePage::NotFound;
            else r.article = s[3];
        }
        if (s.size() == 5) {
            if (s[4] != "preview") r.page = ConsolePage::NotFound;
            r.view = s[4];
            r.shop = url.param("s");
            if (!core::is_valid_slug(r.shop)) r.shop.clear();
        }
    } else {
        r.page = ConsolePage::NotFound;
    }
    return r;
}

const char* console_page_name(ConsolePage page) {
    switch (page) {
        case ConsolePage::Home: return "home";
        case ConsolePage::Preview: return "preview";
        case ConsolePage::Catalog: return "catalog";
        case ConsolePage::Orders: return "orders";
        case ConsolePage::Settlement: return "settlement";
        case ConsolePage::Policy: return "policy";
        case ConsolePage::Audit: return "audit";
        case ConsolePage::Insight: return "insight";
        case ConsolePage::Articles: return "articles";
        case ConsolePage::NotFound: return "not_found";
    }
    return "not_found";
}

std::string console_path(const std::string& brand, ConsolePage page) {
    const std::string base = "/console/" + core::percent_encode(brand);
    switch (page) {
        case ConsolePage::Preview: return base + "/preview";
        case ConsolePage::Catalog: return base + "/catalog";
        case ConsolePage::Orders: return base + "/orders";
        case ConsolePage::Settlement: return base + "/settlement";
        case ConsolePage::Policy: return base + "/policy";
        case ConsolePage::Audit: return base + "/audit";
        case ConsolePage::Insight: return base + "/insight";
        case ConsolePage::Articles: return base + "/articles";
        default: return base;
    }
}

std::string console_preview_path(const std::string& brand, const std::string& product, const std::string& shop, bool draft) {
    std::string q;
    auto add = [&](const char* k, const std::string& v) {
        if (v.empty()) return;
        q += (q.empty() ? "?" : "&") + std::string(k) + "=" + core::percent_encode(v);
    };
    add("p", product);
    add("s", shop);
    if (draft) q += q.empty() ? "?draft=1" : "&draft=1";
    return console_path(brand, ConsolePage::Preview) + q;
}

std::string console_product_path(const std::string& brand, const std::string& product) {
    return console_path(brand, ConsolePage::Catalog) + (product.empty() ? "" : "/" + core::percent_encode(product));
}

std::string console_batch_path(const std::string& brand, const std::string& batch) {
    return console_path(brand, ConsolePage::Settlement) + (batch.empty() ? "" : "/" + core::percent_encode(batch));
}

std::string console_insight_path(const std::string& brand, const std::string& view) {
    return console_path(brand, ConsolePage::Insight) + (view.empty() ? "" : "/" + view);
}

}  // namespace app

namespace app {

std::string console_article_path(const std::string& brand, const std::string& key, bool preview, const std::string& shop) {
    std::string p = console_path(brand, ConsolePage::Articles);
    if (key.empty()) return p;
    p += "/" + core::percent_encode(key);
    if (preview) p += "/preview" + (shop.empty() ? std::string() : "?s=" + core::percent_encode(shop));
    return p;
}

}  // namespace app
