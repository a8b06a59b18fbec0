#include "app/controller.h"

#include <type_traits>

#include "core/json.h"
#include "core/trust/trust.h"

namespace app {

using core::Json;

namespace {
std::string describe_fetch_failure(const platform::Response& r, const std::string& what) {
    if (r.status == 0) return "You seem to be offline, so " + what + " could not load. It will load when you are back online.";
    if (r.status >= 500) return "The shop's server had a problem loading " + what + ". Try again in a moment.";
    return "Loading " + what + " failed (HTTP " + std::to_string(r.status) + ").";
}
}  // namespace

// [SECTION] Boot ---------------------------------------------------------------------------------

void Controller::start() {
    s_.route = parse_route(platform::location());
    s_.online = platform::online();
    boot_pending_ = 2;
    platform::report_progress(0.1f, "Checking the shop's signatures…");
    platform::fetch("GET", "/trust.json", "", [this](platform::Response r) {
        if (r.ok()) {
            auto doc = core::parse_json(r.text(), "trust root");
            auto key = doc ? core::get_string(*doc, "root_key") : std::nullopt;
            auto pk = key ? core::PublicKey::from_b64(*key) : core::Result<core::PublicKey>(core::make_error("x", "x"));
            if (pk) s_.root = *pk;
        }
        if (!s_.root) s_.boot_error = "The shop could not load its trust settings. " + describe_fetch_failure(r, "them");
        --boot_pending_;
        maybe_finish_boot();
    });
    load_session();
    orders_.on_session_changed = [this] { save_session(); };
    orders_.start();
}

void Controller::maybe_finish_boot() {
    if (boot_pending_ > 0 || s_.booted) return;
    s_.booted = true;
    platform::report_progress(0.5f, "Opening the shop…");
    load_route();
    changed();
}

// [SECTION] Routing ------------------------------------------------------------------------------

void Controller::set_route(const std::string& path, bool push, bool replace) {
    if (push) platform::push_url(path);
    else if (replace) platform::replace_url(path);
    Route next = parse_route(path);
    // A new page starts at the top; returning to one restores where the person was (screens
    // read s_.scroll keyed by path).
    s_.route = next;
    load_route();
    changed();
}

void Controller::load_route() {
    if (!s_.booted) return;
    Route& r = s_.route;
    switch (r.screen) {
        case Screen::Home: {
            // Dynamic shop: a visitor who came through a shop before lands in it again.
            if (!s_.session.last_shop.empty()) {
                set_route(shop_path(s_.session.last_shop), false, true);
                return;
            }
            if (s_.directory.status == LoadStatus::Idle) fetch_directory();
            platform::set_title("Shops");
            break;
        }
        case Screen::Brand: {
            auto b = s_.session.bindings.find(r.brand);
            if (b != s_.session.bindings.end() && !b->second.shop.empty()) {
                set_route(shop_path(b->second.shop), false, true);
                return;
            }
            if (s_.directory.status == LoadStatus::Idle) fetch_directory();
            break;
        }
        case Screen::ShopHome:
        case Screen::Product:
        case Screen::Cart:
        case Screen::Checkout:
            if (s_.shop.slug != r.shop || s_.shop.status == LoadStatus::Failed) fetch_shop(r.shop);
            else after_shop_loaded();
            break;
        case Screen::NotFound:
            if (s_.directory.status == LoadStatus::Idle) fetch_directory();
            break;
        case Screen::Editor: editor_.on_route(); break;
        case Screen::Console: console_.on_route(); break;
        case Screen::Order:
        case Screen::Provenance: orders_.on_route(); break;
    }
}

void Controller::after_shop_loaded() {
    if (s_.shop.status != LoadStatus::Ready || !s_.shop.view) {
        if (s_.shop.status == LoadStatus::NotFound && s_.directory.status == LoadStatus::Idle) fetch_directory();
        return;
    }
    const core::ShopView& view = *s_.shop.view;
    const core::ShopManifest& m = view.shop.manifest;
    platform::set_title(m.identity.name);
    // Which brand decides: the product's on a product page, else the shop's first brand.
    std::string brand = m.brands.empty() ? "" : m.brands.front();
    if (s_.route.screen == Screen::Product)
        if (const core::ShopItem* item = view.find(s_.route.product)) brand = item->product->brand;
    const core::BrandSection* section = view.brand(brand);
    core::Policy policy = section && section->policy ? *section->policy : core::Policy{};
    const auto& chain = view.shop.chains.count(brand) ? view.shop.chains.at(brand) : std::vector<core::Enrollment>{};

    core::Touch touch;
    touch.brand = brand;
    touch.distributor = m.distributor;
    touch.shop = m.slug;
    touch.referral = s_.route.referral;
    touch.at = platform::utc_ms();
    touch.distributor_active = chain.empty() || chain.front().active;
    std::optional<core::Binding> current;
    if (auto it = s_.session.bindings.find(brand); it != s_.session.bindings.end()) current = it->second;
    core::BindingOutcome outcome = core::apply_touch(current, touch, policy);

    if (outcome.binding && outcome.binding->distributor != m.distributor && !outcome.binding->shop.empty() &&
        pending_redirect_from_ != outcome.binding->shop) {
        // The visitor belongs to another distributor for this brand: show that distributor's shop
        // (the same product where it carries it). The binding policy decided, not the link.
        pending_redirect_from_ = m.slug;
        s_.redirect_brand = section ? section->cert.name : std::string("this brand");
        std::string target = s_.route.screen == Screen::Product ? product_path(outcome.binding->shop, s_.route.product)
                                                                : shop_path(outcome.binding->shop);
        set_route(target, false, true);
        return;
    }
    if (pending_redirect_from_.empty()) s_.redirect_brand.clear();
    pending_redirect_from_.clear();
    if (outcome.binding) s_.session.bindings[brand] = *outcome.binding;
    s_.session.last_shop = m.slug;
    // The link a visit arrived by stays its referral while the visitor moves around the shop.
    if (s_.session.arrival_shop != m.slug || s_.route.referral.channel != core::Channel::Direct) {
        s_.session.arrival_shop = m.slug;
        s_.session.arrival = s_.route.referral;
    }
    save_session();
    if (visited_shop_ != m.slug) {
        visited_shop_ = m.slug;
        orders_.track("visit", m.slug);
    }
    if (s_.route.screen == Screen::Product && tracked_path_ != s_.route.path) orders_.track("product_view", m.slug, s_.route.product);
    if (s_.route.screen == Screen::Checkout && tracked_path_ != s_.route.path) orders_.track("checkout_start", m.slug);
    tracked_path_ = s_.route.path;
}

// [SECTION] Loading ------------------------------------------------------------------------------

void Controller::fetch_shop(const std::string& slug) {
    s_.shop = ShopLoad{};
    s_.shop.slug = slug;
    s_.shop.status = LoadStatus::Loading;
    platform::report_progress(0.6f, "Loading the shop…");
    platform::fetch("GET", "/api/shops/" + core::percent_encode(slug), "", [this, slug](platform::Response r) {
        if (s_.shop.slug != slug) return;  // the person moved on
        platform::report_progress(0.9f, "Verifying the brand's content…");
        if (r.status == 404) {
            s_.shop.status = LoadStatus::NotFound;
            s_.shop.error = core::make_error("unknown_shop", "There is no shop at this address.");
        } else if (!r.ok()) {
            s_.shop.status = LoadStatus::Failed;
            s_.shop.error = core::make_error("network", describe_fetch_failure(r, "this shop"));
        } else {
            auto doc = core::parse_json(r.text(), "shop");
            auto bundle = doc ? core::parse_shop_bundle(*doc) : core::Result<core::ShopBundle>(doc.error());
            if (!bundle) {
                s_.shop.status = LoadStatus::Refused;
                s_.shop.error = bundle.error();
            } else {
                auto view = core::compose_shop(*bundle, *s_.root, slug);
                if (!view) {
                    s_.shop.status = LoadStatus::Refused;
                    s_.shop.error = view.error();
                } else {
                    s_.shop.view = std::make_unique<core::ShopView>(std::move(*view));
                    s_.shop.status = LoadStatus::Ready;
                }
            }
        }
        // Nothing the app refused may stay readable in the page's HTML summary.
        if (s_.shop.status == LoadStatus::Refused)
            platform::set_summary("This shop could not be verified", s_.shop.error.message);
        ++data_version_;
        after_shop_loaded();
        changed();
    });
}

void Controller::fetch_directory() {
    s_.directory.status = LoadStatus::Loading;
    platform::fetch("GET", "/api/directory", "", [this](platform::Response r) {
        Directory d;
        if (!r.ok()) {
            d.status = LoadStatus::Failed;
            d.error = core::make_error("network", describe_fetch_failure(r, "the shop directory"));
        } else if (auto doc = core::parse_json(r.text(), "shop directory"); !doc) {
            d.status = LoadStatus::Failed;
            d.error = doc.error();
        } else {
            d.status = LoadStatus::Ready;
            if (const Json* brands = core::get_array(*doc, "brands"))
                for (const auto& b : *brands)
                    d.brands.push_back({core::string_or(b, "id", ""), core::string_or(b, "name", ""),
                                        core::string_or(b, "locale", "en"), core::string_or(b, "currency", ""),
                                        static_cast<int>(core::int_or(b, "shops", 0))});
            if (const Json* shops = core::get_array(*doc, "shops"))
                for (const auto& sh : *shops) {
                    DirectoryShop ds;
                    ds.slug = core::string_or(sh, "slug", "");
                    ds.name = core::string_or(sh, "name", ds.slug);
                    ds.greeting = core::string_or(sh, "greeting", "");
                    ds.level = static_cast<int>(core::int_or(sh, "level", 1));
                    if (const Json* brands = core::get_array(sh, "brands"))
                        for (const auto& b : *brands)
                            if (b.is_string()) ds.brands.push_back(b.get<std::string>());
                    if (const Json* av = core::get_object(sh, "avatar")) {
                        ds.avatar.src = core::string_or(*av, "src", "");
                        ds.avatar.sha256 = core::string_or(*av, "sha256", "");
                    }
                    if (!ds.slug.empty()) d.shops.push_back(std::move(ds));
                }
        }
        s_.directory = std::move(d);
        ++data_version_;
        changed();
    });
}

// [SECTION] Session ------------------------------------------------------------------------------

void Controller::load_session() {
    platform::storage_get("session", [this](std::optional<std::string> text) {
        Session& ses = s_.session;
        if (text) {
            if (auto doc = core::parse_json(*text, "saved session"); doc && doc->is_object()) {
                ses.visitor = core::string_or(*doc, "visitor", "");
                ses.last_shop = core::string_or(*doc, "last_shop", "");
                if (const Json* b = core::get_object(*doc, "bindings"))
                    for (auto it = b->begin(); it != b->end(); ++it) {
                        core::Binding bind;
                        bind.brand = it.key();
                        bind.distributor = core::string_or(it.value(), "distributor", "");
                        bind.shop = core::string_or(it.value(), "shop", "");
                        bind.bound_ms = core::int_or(it.value(), "bound_ms", 0);
                        bind.last_order_ms = core::int_or(it.value(), "last_order_ms", 0);
                        if (!bind.distributor.empty() && core::is_valid_slug(bind.shop)) ses.bindings[bind.brand] = bind;
                    }
                if (const Json* carts = core::get_object(*doc, "carts"))
                    for (auto it = carts->begin(); it != carts->end(); ++it)
                        if (auto cart = core::Cart::from_json(it.value()); cart && core::is_valid_slug(it.key())) {
                            core::Cart& c = ses.cart(it.key());
                            c = *cart;
                            c.shop = it.key();
                        }
            }
        }
        if (!core::is_valid_slug(ses.last_shop)) ses.last_shop.clear();
        const bool fresh = ses.visitor.empty();
        if (fresh) ses.visitor = core::random_id("v_");
        ses.loaded = true;
        if (fresh) save_session();
        --boot_pending_;
        maybe_finish_boot();
    });
}

void Controller::save_session() {
    const Session& ses = s_.session;
    Json bindings = Json::object();
    for (const auto& [brand, b] : ses.bindings)
        bindings[brand] = {{"distributor", b.distributor}, {"shop", b.shop}, {"bound_ms", b.bound_ms},
                           {"last_order_ms", b.last_order_ms}};
    Json carts = Json::object();
    for (const auto& [shop, cart] : ses.carts)
        if (!cart.empty()) carts[shop] = cart.to_json();
    Json doc = {{"visitor", ses.visitor}, {"last_shop", ses.last_shop}, {"bindings", bindings}, {"carts", carts}};
    ++s_.session.writes_started;
    platform::storage_put("session", core::dump_json(doc), [this](bool ok) {
        ++s_.session.writes_done;
        if (!ok) s_.toast = {"This browser is not saving your cart (private mode?).", platform::now_ms() + 3000};
    });
}

// The phone's share sheet where there is one; else the link goes to the clipboard, and we say so.
void Controller::share_or_copy(const std::string& title, const std::string& url) {
    if (platform::share_sheet(title, url)) return;
    platform::clipboard_write(url);
    s_.toast = {"Link copied: paste it in a chat to share", platform::now_ms() + 2200};
}

void Controller::changed() {
    if (on_change) on_change();
}

// [SECTION] Actions ------------------------------------------------------------------------------

void Controller::handle(const Action& action) {
    std::visit(
        [this](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, Navigate>) {
                if (a.path != s_.route.path) set_route(a.path, !a.replace, a.replace);
            } else if constexpr (std::is_same_v<T, GoBack>) {
                // history.back() would leave the app on a first visit; go up within the shop instead.
                if (s_.route.in_shop() && s_.route.screen != Screen::ShopHome) set_route(shop_path(s_.route.shop), true, false);
                else if (!s_.route.in_shop() && !platform::history_back()) set_route("/", true, false);
            } else if constexpr (std::is_same_v<T, AddToCart>) {
                if (s_.route.shop.empty()) return;
                s_.session.cart(s_.route.shop).add(a.brand, a.product, a.quantity);
                s_.toast = {"Added to cart", platform::now_ms() + 1800};
                save_session();
                orders_.track("add_to_cart", s_.route.shop, a.product);
            } else if constexpr (std::is_same_v<T, SetQuantity>) {
                if (s_.route.shop.empty()) return;
                s_.session.cart(s_.route.shop).set_quantity(a.product, a.quantity);
                save_session();
            } else if constexpr (std::is_same_v<T, CopyText>) {
                platform::clipboard_write(a.text);
                s_.toast = {a.confirmation.empty() ? "Copied" : a.confirmation, platform::now_ms() + 1800};
            } else if constexpr (std::is_same_v<T, ShareLink>) {
                orders_.track("share", s_.route.shop, s_.route.product);
                share_or_copy(a.title, a.url);
            } else if constexpr (std::is_same_v<T, ShareShop>) {
                if (!s_.route.in_shop() || s_.shop.status != LoadStatus::Ready || !s_.shop.view) return;
                const std::string& slug = s_.shop.view->shop.manifest.slug;
                // Sharing onward keeps this shop in the link and adds a hop to the link this visit
                // arrived by (not the page's URL: links inside the shop carry no referral).
                const core::Referral arrived = s_.session.arrival_shop == slug ? s_.session.arrival : core::Referral{};
                const std::string path = s_.route.screen == Screen::Product ? product_path(slug, s_.route.product) : shop_path(slug);
                const std::string url = platform::origin() + path + core::format_referral(core::onward(arrived));
                orders_.track("share", slug, s_.route.screen == Screen::Product ? s_.route.product : std::string());
                share_or_copy(s_.shop.view->shop.manifest.identity.name, url);
            } else if constexpr (std::is_same_v<T, SubmitCheckout>) {
                orders_.submit_checkout();
                save_session();
            } else if constexpr (std::is_same_v<T, Retry>) {
                if (s_.route.in_shop()) fetch_shop(s_.route.shop);
                else fetch_directory();
            } else if constexpr (std::is_same_v<T, ShowToast>) {
                s_.toast = {a.text, platform::now_ms() + 1800};
            } else if constexpr (std::is_same_v<T, EditorAction>) {
                editor_.handle(a);
            } else if constexpr (std::is_same_v<T, ConsoleAction>) {
                console_.handle(a);
            } else if constexpr (std::is_same_v<T, OrderAction>) {
                orders_.handle(a);
            }
        },
        action);
    changed();
}

void Controller::on_event(const platform::InputEvent& e) {
    using platform::EventKind;
    editor_.on_event(e);
    console_.on_event(e);
    orders_.on_event(e);
    if (e.kind == EventKind::PopState) {
        s_.route = parse_route(e.text);
        load_route();
        changed();
    } else if (e.kind == EventKind::Online || e.kind == EventKind::Offline) {
        s_.online = e.kind == EventKind::Online;
        if (s_.online && s_.shop.status == LoadStatus::Failed) fetch_shop(s_.shop.slug);
        changed();
    }
}

void Controller::tick(double now_ms) {
    editor_.tick(now_ms);
    console_.tick(now_ms);
    orders_.tick(now_ms);
    if (!s_.toast.text.empty()) {
        if (now_ms > s_.toast.until_ms) {
            s_.toast.text.clear();
            changed();
        } else {
            // Wake up once to take the toast down; no frames in between.
            platform::request_frame_in(static_cast<int>(s_.toast.until_ms - now_ms) + 20);
        }
    }
}

const core::Cart* Controller::current_cart() const {
    auto it = s_.session.carts.find(s_.route.shop);
    return it == s_.session.carts.end() ? nullptr : &it->second;
}

// [SECTION] Test state ---------------------------------------------------------------------------

core::Json Controller::test_state() const {
    const char* status_names[] = {"idle", "loading", "ready", "not_found", "refused", "failed"};
    Json shop = {{"status", status_names[static_cast<int>(s_.shop.status)]}, {"slug", s_.shop.slug}};
    if (s_.shop.view) {
        const auto& m = s_.shop.view->shop.manifest;
        shop["name"] = m.identity.name;
        shop["distributor"] = m.distributor;
        shop["items"] = s_.shop.view->items.size();
        Json brands = Json::array();
        for (const auto& b : s_.shop.view->brands)
            brands.push_back({{"id", b.cert.brand}, {"verified", b.release.has_value()}, {"error", b.release_error.code}});
        shop["brands"] = brands;
    }
    if (!s_.shop.error.code.empty()) shop["error"] = {{"code", s_.shop.error.code}, {"message", s_.shop.error.message}};
    Json cart = {{"count", 0}, {"lines", Json::array()}};
    if (const core::Cart* c = current_cart()) {
        cart["count"] = c->count();
        for (const auto& l : c->lines) cart["lines"].push_back({{"product", l.product}, {"qty", l.quantity}});
    }
    Json bindings = Json::object();
    for (const auto& [brand, b] : s_.session.bindings) bindings[brand] = {{"distributor", b.distributor}, {"shop", b.shop}, {"bound_ms", b.bound_ms}, {"last_order_ms", b.last_order_ms}};
    Json j = Json{{"booted", s_.booted},
                                {"boot_error", s_.boot_error},
                                {"screen", screen_name(s_.route.screen)},
                                {"path", s_.route.path},
                                {"route", {{"shop", s_.route.shop}, {"product", s_.route.product},
                                           {"category", s_.route.category}, {"query", s_.route.query}, {"brand", s_.route.brand},
                                           {"channel", core::channel_name(s_.route.referral.channel)},
                                           {"campaign", s_.route.referral.campaign}, {"hop", s_.route.referral.hop}}},
                                {"shop", shop},
                                {"cart", cart},
                                {"visitor", s_.session.visitor},
                                {"session_saved", s_.session.writes_done == s_.session.writes_started},
                                {"bindings", bindings},
                                {"redirect_brand", s_.redirect_brand},
                                {"online", s_.online},
                                {"checkout", {{"attempted", s_.checkout.attempted}, {"valid", s_.checkout.errors.ok()},
                                              {"errors", {{"name", s_.checkout.errors.name}, {"phone", s_.checkout.errors.phone},
                                                          {"address", s_.checkout.errors.address}}},
                                              // What this person typed, on their own page (tests read it back).
                                              {"form", {{"name", s_.checkout.form.name}, {"phone", s_.checkout.form.phone},
                                                        {"address", s_.checkout.form.address}}}}}};
    j["editor"] = editor_.test_state();
    j["console"] = console_.test_state();
    j["orders"] = orders_.test_state();
    return j;
}

}  // namespace app
