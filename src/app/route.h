// Route: what a URL asks the app to show. Parsing is total: any path maps to some screen.
//
//   /                         Home: the bound shop if there is one, else the brand directory
//   /b/<brand>                a brand's generic link: the bound shop for that brand, else its shops
//   /s/<shop>                 ShopHome          /s/<shop>/c/<category>   ShopHome filtered
//   /s/<shop>/b/<brand>       ShopHome with one of the brands the shop carries
//   /s/<shop>/search?q=...    ShopHome searched /s/<shop>/p/<product>    Product
//   /s/<shop>/cart            Cart              /s/<shop>/checkout       Checkout
//   /o/<order>?t=<token>      Order status (the token comes with the receipt); /o/lookup to find one
//   /o/<order>/why?as=<who>   Provenance: who earns and why (signed by the brand or a distributor)
//   /d/..., /console/...      Distributor editor and brand console (their own issues)
// Referral parameters (ch, c, h) ride along on any /s/ or /b/ link.
#pragma once
#include <string>

#include "core/referral/link.h"

namespace app {

enum class Screen { Home, Brand, ShopHome, Product, Cart, Checkout, Order, Provenance, Editor, Console, NotFound };

struct Route {
    Screen screen = Screen::Home;
    std::string shop, product, category, query, brand, order, rest;
    std::string token;  // /o/<order>?t=<token>: the receipt's secret
    std::string as;     // /o/<order>/why?as=<slug or brand>: whose key signs the request
    core::Referral referral;
    std::string path;  // as parsed, path + query

    bool in_shop() const {
        return screen == Screen::ShopHome || screen == Screen::Product || screen == Screen::Cart || screen == Screen::Checkout;
    }
};

Route parse_route(const std::string& path_and_query);
const char* screen_name(Screen s);

// Builders keep every link in the app in one place.
std::string shop_path(const std::string& shop);
std::string product_path(const std::string& shop, const std::string& product);
std::string article_path(const std::string& shop, const std::string& article);  // /s/<shop>/a/<article> (issue 15)
std::string category_path(const std::string& shop, const std::string& category);
std::string shop_brand_path(const std::string& shop, const std::string& brand);
std::string search_path(const std::string& shop, const std::string& query);
std::string cart_path(const std::string& shop);
std::string checkout_path(const std::string& shop);
std::string order_path(const std::string& order, const std::string& token);
std::string provenance_path(const std::string& order, const std::string& as);  // as: a shop's slug or a brand id

}  // namespace app
