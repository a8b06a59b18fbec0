// AppState: everything the screens draw from. Screens read it and emit Actions; only the
// Controller (controller.cpp) changes it.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/console_state.h"
#include "app/editor_state.h"
#include "app/order_notices.h"
#include "app/order_state.h"
#include "app/route.h"
#include "core/catalog/article.h"
#include "core/orders/cart.h"
#include "core/orders/checkout.h"
#include "core/referral/binding.h"
#include "core/shop/shop.h"

namespace app {

enum class LoadStatus { Idle, Loading, Ready, NotFound, Refused, Failed };

struct ShopLoad {
    LoadStatus status = LoadStatus::Idle;
    std::string slug;
    std::unique_ptr<core::ShopView> view;
    core::Error error;  // Refused: verification failed; Failed: network/server
};

// A brand's articles, for the shop being shown (GET /api/brands/<brand>/articles), each opened with
// the brand's key (core::open_articles): a forged one is left out and named in set.refused.
struct BrandArticles {
    LoadStatus status = LoadStatus::Idle;
    core::ArticleSet set;
    core::Error error;  // Failed: network or server
};

struct DirectoryShop {
    std::string slug, name, greeting;
    std::vector<std::string> brands;
    core::ImageRef avatar;
    int level = 1;
};

struct DirectoryBrand {
    std::string id, name, locale, currency;
    int shops = 0;
};

struct Directory {
    LoadStatus status = LoadStatus::Idle;
    std::vector<DirectoryBrand> brands;
    std::vector<DirectoryShop> shops;
    core::Error error;
};

// What the browser remembers between visits (IndexedDB key "session").
struct Session {
    bool loaded = false;
    std::string visitor;                            // random anonymous id
    std::map<std::string, core::Binding> bindings;  // by brand
    std::string last_shop;                          // most recent shop visited
    std::string arrival_shop;                       // the shop the current visit arrived in...
    core::Referral arrival;                         // ...and the referral of the link it arrived by
    std::map<std::string, core::Cart> carts;        // by shop slug: a cart belongs to the shop it was filled in
    int writes_started = 0, writes_done = 0;        // IndexedDB writes in flight (tests wait for them)

    core::Cart& cart(const std::string& shop) {
        core::Cart& c = carts[shop];
        c.shop = shop;
        return c;
    }
};

struct Toast {
    std::string text;
    double until_ms = 0;
};

struct CheckoutState {
    core::ContactForm form;
    core::ContactErrors errors;
    bool attempted = false;
    std::string notice;
};

struct AppState {
    Route route;
    bool booted = false;      // trust root, fonts and session are in
    std::string boot_error;
    std::optional<core::PublicKey> root;  // the platform root key built into the app (core/trust/pin.h)
    // Set when the host's store names another platform's root (its /trust.json): the root it
    // named. Nothing the host sends is shown; the app explains why, full-screen.
    std::string foreign_root;
    ShopLoad shop;
    std::map<std::string, BrandArticles> articles;  // by brand, for the brands of the shop loaded
    Directory directory;
    Session session;
    CheckoutState checkout;
    OrderState orders;    // events, placed orders, provenance (order_state.h)
    EditorState editor;   // the distributor's shop editor (editor_state.h)
    ConsoleState console; // the brand console (console_state.h)
    Toast toast;
    NotifySetting notify;  // "Tell me about new orders" and the browser's permission (order_notices.h)
    bool online = true;
    std::string redirect_brand;  // set when the app showed another shop than the link named: the
                                 // brand whose binding decided (the screen says why)

    // Per-route UI memory the screens keep across navigation (scroll offsets, gallery page).
    std::map<std::string, float> scroll;
};

}  // namespace app
