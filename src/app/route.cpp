#include "app/route.h"

namespace app {

using core::percent_encode;

Route parse_route(const std::string& text) {
    Route r;
    r.path = text.empty() ? "/" : text;
    core::Url url = core::parse_url(r.path);
    const auto& s = url.segments;
    r.referral = core::parse_referral(url);
    if (s.empty()) return r;
    const std::string& head = s[0];
    if (head == "s" && s.size() >= 2) {
        r.shop = s[1];
        if (!core::is_valid_slug(r.shop)) {
            r.screen = Screen::NotFound;
            return r;
        }
        r.screen = Screen::ShopHome;
        if (s.size() >= 4 && s[2] == "p") {
            r.screen = Screen::Product;
            r.product = s[3];
        } else if (s.size() >= 4 && s[2] == "c") {
            r.category = s[3];
        } else if (s.size() >= 4 && s[2] == "b") {
            r.brand = s[3];
        } else if (s.size() >= 3 && s[2] == "search") {
            r.query = url.param("q");
        } else if (s.size() >= 3 && s[2] == "cart") {
            r.screen = Screen::Cart;
        } else if (s.size() >= 3 && s[2] == "checkout") {
            r.screen = Screen::Checkout;
        } else if (s.size() >= 3) {
            r.screen = Screen::NotFound;
        }
        if (r.screen == Screen::ShopHome && r.query.empty()) r.query = url.param("q");
        return r;
    }
    if (head == "b" && s.size() >= 2) {
        r.screen = Screen::Brand;
        r.brand = s[1];
        return r;
    }
    if (head == "o" && s.size() >= 2) {
        r.screen = s.size() >= 3 && s[2] == "why" ? Screen::Provenance : Screen::Order;
        r.order = s[1];
        r.token = url.param("t");
        r.as = url.param("as");
        if (!core::is_valid_id(r.order)) r.screen = Screen::NotFound;
        return r;
    }
    if (head == "d") {
        r.screen = Screen::Editor;
        r.rest = r.path;
        return r;
    }
    if (head == "console") {
        r.screen = Screen::Console;
        if (s.size() >= 2) r.brand = s[1];
        r.rest = r.path;
        return r;
    }
    r.screen = Screen::NotFound;
    return r;
}

const char* screen_name(Screen s) {
    switch (s) {
        case Screen::Home: return "home";
        case Screen::Brand: return "brand";
        case Screen::ShopHome: return "shop";
        case Screen::Product: return "product";
        case Screen::Cart: return "cart";
        case Screen::Checkout: return "checkout";
        case Screen::Order: return "order";
        case Screen::Provenance: return "provenance";
        case Screen::Editor: return "editor";
        case Screen::Console: return "console";
        case Screen::NotFound: return "not_found";
    }
    return "home";
}

std::string shop_path(const std::string& shop) { return "/s/" + percent_encode(shop); }
std::string product_path(const std::string& shop, const std::string& product) {
    return shop_path(shop) + "/p/" + percent_encode(product);
}
std::string article_path(const std::string& shop, const std::string& article) {
    return shop_path(shop) + "/a/" + percent_encode(article);
}
std::string category_path(const std::string& shop, const std::string& category) {
    return shop_path(shop) + "/c/" + percent_encode(category);
}
std::string shop_brand_path(const std::string& shop, const std::string& brand) {
    return shop_path(shop) + "/b/" + percent_encode(brand);
}
std::string search_path(const std::string& shop, const std::string& query) {
    return shop_path(shop) + "/search?q=" + percent_encode(query);
}
std::string cart_path(const std::string& shop) { return shop_path(shop) + "/cart"; }
std::string checkout_path(const std::string& shop) { return shop_path(shop) + "/checkout"; }
std::string order_path(const std::string& order, const std::string& token) {
    return "/o/" + percent_encode(order) + (token.empty() ? "" : "?t=" + percent_encode(token));
}

std::string provenance_path(const std::string& order, const std::string& as) {
    return "/o/" + percent_encode(order) + "/why?as=" + percent_encode(as);
}

}  // namespace app
