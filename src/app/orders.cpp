#include "app/orders.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "core/orders/cart.h"
#include "app/store_answer.h"
#include "core/trust/request_auth.h"
#include "core/trust/trust.h"

namespace app {

using core::Json;

namespace {
constexpr std::size_t kMaxBatch = 200;
constexpr std::size_t kMaxOutbox = 5000;  // a very long offline session keeps its newest events
constexpr std::size_t kMaxReceipts = 50;

double backoff_ms(int failures) { return std::min(30000.0, 1000.0 * std::pow(2.0, std::min(failures, 5))); }

Json event_json(const QueuedEvent& e, const std::string& visitor) {
    return Json{{"id", e.id},          {"type", e.type}, {"shop", e.shop}, {"product", e.product}, {"visitor", visitor},
                {"channel", e.channel}, {"campaign", e.campaign}, {"hop", e.hop}, {"at", e.at}};
}

Receipt receipt_from(const Json& o, const std::string& token) {
    Receipt r;
    r.id = core::string_or(o, "id", "");
    r.number = core::string_or(o, "number", "");
    r.token = token.empty() ? core::string_or(o, "token", "") : token;
    r.shop = core::string_or(o, "shop", "");
    r.brand = core::string_or(o, "brand", "");
    r.currency = core::string_or(o, "currency", "");
    r.locale = core::string_or(o, "locale", "");
    r.status = core::string_or(o, "status", "placed");
    r.total = core::int_or(o, "total", 0);
    r.placed_ms = core::int_or(o, "placed_ms", 0);
    if (const Json* lines = core::get_array(o, "lines"))
        for (const auto& l : *lines)
            r.lines.push_back({core::string_or(l, "product", ""), core::string_or(l, "title", ""), core::int_or(l, "unit_price", 0),
                               core::int_or(l, "total", 0), static_cast<int>(core::int_or(l, "qty", 0))});
    if (const Json* hist = core::get_array(o, "history"))
        for (const auto& h : *hist) r.history.push_back({core::string_or(h, "status", ""), core::int_or(h, "at", 0)});
    if (r.history.empty()) r.history.push_back({"placed", r.placed_ms});
    r.payment = core::order_payment_from_json(o);
    return r;
}

Json receipt_json(const Receipt& r) {
    Json lines = Json::array();
    for (const auto& l : r.lines)
        lines.push_back({{"product", l.product}, {"title", l.title}, {"unit_price", l.unit_price}, {"total", l.total}, {"qty", l.quantity}});
    Json hist = Json::array();
    for (const auto& h : r.history) hist.push_back({{"status", h.status}, {"at", h.at}});
    Json j = Json{{"id", r.id},       {"number", r.number}, {"token", r.token},     {"shop", r.shop},
                  {"brand", r.brand}, {"currency", r.currency}, {"status", r.status}, {"total", r.total},
                  {"placed_ms", r.placed_ms}, {"lines", lines}, {"history", hist}};
    if (r.payment) j["payment"] = core::order_payment_to_json(*r.payment);
    if (!r.locale.empty()) j["locale"] = r.locale;
    return j;
}

std::string error_message(const platform::Response& r, const std::string& fallback) {
    if (auto doc = core::parse_json(r.view(), "error"); doc)
        if (const Json* e = core::get_object(*doc, "error")) return core::string_or(*e, "message", fallback);
    return fallback;
}
}  // namespace

void OrderController::changed() { platform::request_frame(); }

void for_each_order_text(const AppState& s, const std::function<void(const std::string&, bool)>& fn) {
    auto method = [&](const core::PaymentMethod& m) {
        fn(m.account_name, false);
        fn(m.bank, false);
        fn(m.account, false);
        fn(m.label, false);
        fn(m.url, false);
    };
    auto receipt = [&](const Receipt& r) {
        for (const auto& l : r.lines) fn(l.title, false);
        if (r.payment) method(r.payment->method);
    };
    if (s.shop.view)
        for (const auto& b : s.shop.view->brands)
            if (b.policy)
                for (const auto& m : b.policy->payment) method(m);
    receipt(s.orders.viewing);
    for (const auto& r : s.orders.receipts) receipt(r);
    // The provenance page: the chain's names, the shops, the rule's words (every string it holds).
    std::function<void(const core::Json&)> walk = [&](const core::Json& j) {
        if (j.is_string()) fn(j.get_ref<const std::string&>(), false);
        else if (j.is_array() || j.is_object())
            for (const auto& v : j) walk(v);
    };
    walk(s.orders.provenance);
}

// [SECTION] Events -------------------------------------------------------------------------------

void OrderController::start() {
    platform::storage_get("outbox", [this](std::optional<std::string> text) {
        if (text)
            if (auto doc = core::parse_json(*text, "event queue"); doc && doc->is_array())
                for (const auto& e : *doc) {
                    QueuedEvent q{core::string_or(e, "id", ""), core::string_or(e, "type", ""), core::string_or(e, "shop", ""),
                                  core::string_or(e, "product", ""), core::string_or(e, "channel", "direct"),
                                  core::string_or(e, "campaign", ""), static_cast<int>(core::int_or(e, "hop", 0)),
                                  core::int_or(e, "at", 0)};
                    if (!q.id.empty()) s_.orders.outbox.insert(s_.orders.outbox.begin(), q);
                }
        flush_events();
    });
    platform::storage_get("pending_orders", [this](std::optional<std::string> text) {
        if (text)
            if (auto doc = core::parse_json(*text, "pending orders"); doc && doc->is_array())
                for (const auto& p : *doc)
                    s_.orders.pending.push_back({core::string_or(p, "key", ""), core::string_or(p, "shop", ""),
                                                 core::string_or(p, "brand", ""), core::string_or(p, "body", ""), 0, ""});
        flush_orders();
    });
    platform::storage_get("receipts", [this](std::optional<std::string> text) {
        if (text)
            if (auto doc = core::parse_json(*text, "receipts"); doc && doc->is_array())
                for (const auto& r : *doc) s_.orders.receipts.push_back(receipt_from(r, ""));
        ++s_.orders.data_version;
        loaded_ = true;
        changed();
    });
}

void OrderController::track(const std::string& type, const std::string& shop, const std::string& product) {
    if (shop.empty()) return;
    const core::Referral ref = s_.session.arrival_shop == shop ? s_.session.arrival : core::Referral{};
    QueuedEvent e{core::random_id("e_"), type, shop, product, core::channel_name(ref.channel), ref.campaign, ref.hop,
                  platform::utc_ms()};
    auto& box = s_.orders.outbox;
    box.push_back(std::move(e));
    if (box.size() > kMaxOutbox) box.erase(box.begin(), box.begin() + (box.size() - kMaxOutbox));
    save_outbox();
    // Send soon, together with whatever else happens in the next moment.
    if (!s_.orders.sending_events && s_.orders.event_failures == 0) s_.orders.next_event_try = platform::now_ms() + 400;
    platform::request_frame_in(450);
}

void OrderController::save_outbox() {
    Json arr = Json::array();
    for (const auto& e : s_.orders.outbox) arr.push_back(event_json(e, s_.session.visitor));
    platform::storage_put("outbox", core::dump_json(arr));
}

void OrderController::flush_events() {
    OrderState& o = s_.orders;
    if (o.sending_events || o.outbox.empty()) return;
    o.sending_events = true;
    const std::size_t n = std::min(kMaxBatch, o.outbox.size());
    Json batch = Json::array();
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(event_json(o.outbox[i], s_.session.visitor));
        ids.push_back(o.outbox[i].id);
    }
    platform::fetch("POST", "/api/events", core::dump_json(Json{{"events", batch}}), [this, ids](platform::Response r) {
        OrderState& o = s_.orders;
        o.sending_events = false;
        // Stored, duplicate, or refused for good (4xx): either way these ids are done. A missing
        // answer, a server error or "too many from this network" (429) keeps them for the next try,
        // not before the store said.
        if (r.status != 0 && r.status < 500 && r.status != 429) {
            o.outbox.erase(std::remove_if(o.outbox.begin(), o.outbox.end(),
                                          [&](const QueuedEvent& e) { return std::find(ids.begin(), ids.end(), e.id) != ids.end(); }),
                           o.outbox.end());
            o.events_sent += static_cast<long>(ids.size());
            o.event_failures = 0;
            save_outbox();
            if (!o.outbox.empty()) flush_events();
        } else {
            ++o.event_failures;
            const double wait = std::max(backoff_ms(o.event_failures), retry_after_ms(r));
            o.next_event_try = platform::now_ms() + wait;
            platform::request_frame_in(static_cast<int>(wait) + 20);
        }
        changed();
    });
}

void OrderController::tick(double now_ms) {
    OrderState& o = s_.orders;
    if (!o.outbox.empty() && !o.sending_events && now_ms >= o.next_event_try && s_.online) flush_events();
    if (!o.pending.empty() && !o.sending_order && now_ms >= o.next_order_try && s_.online) flush_orders();
}

void OrderController::on_event(const platform::InputEvent& e) {
    if (e.kind == platform::EventKind::Online || e.kind == platform::EventKind::Visible) {
        // Back online: send what waited, now.
        s_.orders.next_event_try = 0;
        s_.orders.next_order_try = 0;
        s_.orders.event_failures = 0;
        flush_events();
        flush_orders();
    }
}

// [SECTION] Orders -------------------------------------------------------------------------------

void OrderController::submit_checkout() {
    CheckoutState& c = s_.checkout;
    c.attempted = true;
    c.errors = core::validate_contact(c.form);
    c.notice.clear();
    const std::string shop = s_.route.shop;
    if (!c.errors.ok() || !s_.shop.view || s_.shop.slug != shop) return;
    // A second tap while the first is still on its way places nothing new.
    for (const auto& p : s_.orders.pending)
        if (p.shop == shop) {
            flush_orders();
            return;
        }
    auto cart_it = s_.session.carts.find(shop);
    if (cart_it == s_.session.carts.end() || cart_it->second.empty() || s_.orders.preparing) return;
    // A distributor buying in their own shop says so with their key (the brand decides whether
    // such a purchase earns them anything); anyone else orders as a customer.
    s_.orders.preparing = true;
    platform::storage_get("key:" + shop, [this, shop](std::optional<std::string> seed_b64) {
        s_.orders.preparing = false;
        place_cart(shop, seed_b64 ? core::key_from_seed_b64(*seed_b64) : std::nullopt);
    });
}

void OrderController::place_cart(const std::string& shop, const std::optional<core::KeyPair>& own_key) {
    CheckoutState& c = s_.checkout;
    auto cart_it = s_.session.carts.find(shop);
    if (cart_it == s_.session.carts.end() || cart_it->second.empty() || !s_.shop.view || s_.shop.slug != shop) return;
    std::map<std::string, const core::Release*> releases;
    for (const auto& b : s_.shop.view->brands)
        if (b.release) releases[b.cert.brand] = &*b.release;
    const core::Quote quote = core::price_cart(cart_it->second, releases);
    const std::string base = core::random_id("k");
    const core::Referral ref = s_.session.arrival_shop == shop ? s_.session.arrival : core::Referral{};
    for (const auto& bq : quote.brands) {
        // The way to pay this brand: the consumer's pick if the brand's verified policy offers it,
        // else the first way it lists (the store checks it against the policy it holds).
        const core::BrandSection* section = s_.shop.view->brand(bq.brand);
        const core::Policy policy = section && section->policy ? *section->policy : core::Policy{};
        auto chosen = s_.orders.payment_choice.find(bq.brand);
        const core::PaymentMethod pay = core::choose_payment(policy, chosen == s_.orders.payment_choice.end() ? "" : chosen->second);
        Json lines = Json::array();
        for (const auto& l : bq.lines) lines.push_back({{"product", l.product}, {"qty", l.quantity}});
        const std::string key = base + "-" + bq.brand.substr(0, 40);
        Json body = {{"key", key},
                     {"shop", shop},
                     {"brand", bq.brand},
                     {"lines", lines},
                     {"contact", {{"name", c.form.name}, {"phone", c.form.phone}, {"address", c.form.address}}},
                     {"visitor", s_.session.visitor},
                     {"touch", {{"channel", core::channel_name(ref.channel)}, {"campaign", ref.campaign}, {"hop", ref.hop}}},
                     {"client_total", bq.subtotal},
                     {"payment", core::payment_kind_name(pay.kind)}};
        if (own_key) {
            const std::int64_t ts = platform::utc_ms();
            const core::Envelope proof = core::sign_envelope("self-purchase\n" + key + "\n" + std::to_string(ts), *own_key);
            body["self"] = {{"distributor", s_.shop.view->shop.manifest.distributor}, {"ts", ts}, {"sig", proof.sig}};
        }
        s_.orders.pending.push_back({key, shop, bq.brand, core::dump_json(body), 0, ""});
    }
    s_.orders.just_placed.clear();
    save_pending();
    track("checkout_start", shop);
    flush_orders();
}

void OrderController::save_pending() {
    Json arr = Json::array();
    for (const auto& p : s_.orders.pending)
        arr.push_back({{"key", p.key}, {"shop", p.shop}, {"brand", p.brand}, {"body", p.body}});
    platform::storage_put("pending_orders", core::dump_json(arr));
}

void OrderController::save_receipts() {
    Json arr = Json::array();
    for (std::size_t i = 0; i < s_.orders.receipts.size() && i < kMaxReceipts; ++i) arr.push_back(receipt_json(s_.orders.receipts[i]));
    platform::storage_put("receipts", core::dump_json(arr));
}

void OrderController::flush_orders() {
    OrderState& o = s_.orders;
    if (o.sending_order || o.pending.empty()) return;
    o.sending_order = true;
    PendingOrder& p = o.pending.front();
    ++p.attempts;
    const std::string key = p.key;
    platform::fetch("POST", "/api/orders", p.body, [this, key](platform::Response r) {
        s_.orders.sending_order = false;
        order_answered(key, r);
        changed();
    });
}

void OrderController::order_answered(const std::string& key, const platform::Response& r) {
    OrderState& o = s_.orders;
    auto it = std::find_if(o.pending.begin(), o.pending.end(), [&](const PendingOrder& p) { return p.key == key; });
    if (it == o.pending.end()) return;
    if (r.status == 0 || r.status >= 500 || r.status == 429) {
        // Not answered (or "too many from this network, wait"): keep it, with its key, for the next
        // try. Nothing is lost and nothing doubles.
        it->error = r.status == 0 ? "offline" : "server";
        const double wait = std::max(backoff_ms(it->attempts), retry_after_ms(r));
        o.next_order_try = platform::now_ms() + wait;
        platform::request_frame_in(static_cast<int>(wait) + 20);
        s_.checkout.notice = r.status == 0 ? "You are offline. Your order is saved on this phone and will be sent when you are back online."
                                           : "The shop's server is busy. Your order is saved and will be sent again shortly.";
        return;
    }
    const PendingOrder done = *it;
    o.pending.erase(it);
    save_pending();
    if (r.status == 200 || r.status == 201) {
        auto doc = core::parse_json(r.view(), "order");
        const Json* order = doc ? core::get_object(*doc, "order") : nullptr;
        if (!order) {
            s_.checkout.notice = "The order was placed, but its receipt could not be read. Look it up with its number.";
            return;
        }
        Receipt rec = receipt_from(*order, core::string_or(*doc, "token", ""));
        o.receipts.erase(std::remove_if(o.receipts.begin(), o.receipts.end(), [&](const Receipt& x) { return x.id == rec.id; }),
                         o.receipts.end());
        o.receipts.insert(o.receipts.begin(), rec);
        ++o.data_version;
        save_receipts();
        o.just_placed.push_back(rec.id);
        // The store is authoritative at order time: the browser now shows the shop the customer is
        // bound to there (renewed by this order under window:N, or an older binding of this phone).
        if (const Json* b = core::get_object(*doc, "binding")) {
            core::Binding bound{done.brand, core::string_or(*b, "distributor", ""), core::string_or(*b, "shop", ""),
                                core::int_or(*b, "bound_ms", 0), core::int_or(*b, "last_order_ms", 0)};
            if (!bound.distributor.empty() && !bound.shop.empty()) s_.session.bindings[done.brand] = bound;
        }
        // The brand's lines leave the cart; other brands' lines stay until their orders land.
        auto cart = s_.session.carts.find(done.shop);
        if (cart != s_.session.carts.end()) {
            auto& lines = cart->second.lines;
            lines.erase(std::remove_if(lines.begin(), lines.end(), [&](const core::CartLine& l) { return l.brand == done.brand; }),
                        lines.end());
        }
        if (on_session_changed) on_session_changed();  // the emptied cart and the binding, into IndexedDB
        track("order_placed", done.shop);
        if (o.pending.empty()) {
            s_.checkout = CheckoutState{};
            s_.checkout.form = {};
            o.payment_choice.clear();
            // Show the receipt of the first order of this checkout.
            const std::string first = o.just_placed.front();
            for (const auto& rc : o.receipts)
                if (rc.id == first) {
                    const std::string path = order_path(rc.id, rc.token);
                    platform::push_url(path);
                    s_.route = parse_route(path);
                    o.viewing = rc;
                    o.page = PageStatus::Ready;
                    load_order();
                    break;
                }
        } else {
            flush_orders();
        }
        return;
    }
    // Refused for good: say why, in the words the server gave.
    if (r.status == 422) {
        if (auto doc = core::parse_json(r.view(), "error"); doc)
            if (const Json* e = core::get_object(*doc, "error"))
                if (const Json* fields = core::get_object(*e, "fields")) {
                    s_.checkout.errors.name = core::string_or(*fields, "name", "");
                    s_.checkout.errors.phone = core::string_or(*fields, "phone", "");
                    s_.checkout.errors.address = core::string_or(*fields, "address", "");
                }
    }
    s_.checkout.notice = error_message(r, "The order could not be placed (HTTP " + std::to_string(r.status) + ").");
    if (r.status == 422)
        if (auto doc = core::parse_json(r.view(), "error"); doc)
            if (const Json* e = core::get_object(*doc, "error"); e && core::string_or(*e, "code", "") == "payment_not_accepted")
                // The brand changed how it accepts payment since this page loaded (the store checks
                // against its current policy): said in the shop's language, with what to do.
                s_.checkout.notice = "The brand no longer accepts the way to pay you chose. Reload the page to see how it accepts payment now.";
    // Anything else of the same checkout is dropped too: the person fixes and submits again.
    o.pending.erase(std::remove_if(o.pending.begin(), o.pending.end(), [&](const PendingOrder& p) { return p.shop == done.shop; }),
                    o.pending.end());
    save_pending();
}

// [SECTION] Pages --------------------------------------------------------------------------------

void OrderController::on_route() {
    if (s_.route.screen == Screen::Provenance) load_provenance();
    else load_order();
}

void OrderController::load_order() {
    OrderState& o = s_.orders;
    const Route& r = s_.route;
    if (r.order == "lookup") {
        o.page = PageStatus::Idle;
        return;
    }
    std::string token = r.token;
    if (token.empty())
        for (const auto& rc : o.receipts)
            if (rc.id == r.order) token = rc.token;
    if (token.empty()) {
        o.page = PageStatus::NotFound;
        o.page_error = core::make_error("need_token", "Find your order with its number and the phone number you ordered with.");
        return;
    }
    if (o.viewing.id != r.order) o.page = PageStatus::Loading;
    const std::string id = r.order;
    platform::fetch("GET", "/api/orders/" + core::percent_encode(id) + "?t=" + core::percent_encode(token), "",
                    [this, id, token](platform::Response resp) {
                        OrderState& o = s_.orders;
                        if (s_.route.order != id) return;
                        if (resp.ok()) {
                            auto doc = core::parse_json(resp.text(), "order");
                            const Json* order = doc ? (core::get_object(*doc, "order") ? core::get_object(*doc, "order") : &*doc) : nullptr;
                            if (order) {
                                o.viewing = receipt_from(*order, token);
                                o.page = PageStatus::Ready;
                                ++o.data_version;
                                bool updated = false;
                                for (auto& rc : o.receipts)
                                    if (rc.id == id) {
                                        rc.status = o.viewing.status;
                                        rc.history = o.viewing.history;
                                        if (o.viewing.payment) rc.payment = o.viewing.payment;
                                        if (!o.viewing.locale.empty()) rc.locale = o.viewing.locale;
                                        updated = true;
                                    }
                                if (updated) save_receipts();
                            }
                        } else if (resp.status == 404) {
                            o.page = PageStatus::NotFound;
                            o.page_error = core::make_error("unknown_order", "No order matches this link. Check the number and try the lookup.");
                        } else if (o.viewing.id != id) {
                            o.page = PageStatus::Failed;
                            o.page_error = core::make_error("network", resp.status == 0 ? "You are offline; the order's status will show when you are back online."
                                                                                      : "The order could not be loaded. Try again in a moment.");
                        }
                        changed();
                    });
}

void OrderController::load_provenance() {
    OrderState& o = s_.orders;
    const Route& r = s_.route;
    o.provenance_status = PageStatus::Loading;
    const std::string id = r.order, as = r.as;
    if (as.empty()) {
        o.provenance_status = PageStatus::NeedsKey;
        return;
    }
    platform::storage_get("key:" + as, [this, id, as](std::optional<std::string> seed_b64) {
        OrderState& o = s_.orders;
        const auto key = seed_b64 ? core::key_from_seed_b64(*seed_b64) : std::nullopt;
        if (!key) {
            o.provenance_status = PageStatus::NeedsKey;
            o.provenance_error = core::make_error("no_key", "Sign in as " + as + " on this device to see who earns from this order.");
            changed();
            return;
        }
        const std::string path = "/api/orders/" + core::percent_encode(id) + "/provenance";
        const std::string auth = core::sign_request("GET", path, "", *key, platform::utc_ms());
        platform::fetch("GET", path, "", [this, id](platform::Response resp) {
            OrderState& o = s_.orders;
            if (s_.route.order != id) return;
            if (resp.ok()) {
                auto doc = core::parse_json(resp.text(), "provenance");
                if (doc && doc->is_object()) {
                    o.provenance = *doc;
                    o.provenance_status = PageStatus::Ready;
                    ++o.data_version;  // its names go through the font atlas (for_each_order_text)
                } else {
                    o.provenance_status = PageStatus::Failed;
                    o.provenance_error = doc ? core::make_error("bad", "The answer could not be read.") : doc.error();
                }
            } else {
                o.provenance_status = resp.status == 404 ? PageStatus::NotFound : PageStatus::Failed;
                o.provenance_error = core::make_error(
                    "refused", resp.status == 403 ? "This key is not on this order's chain or its brand, so its provenance stays private."
                                                  : error_message(resp, "The order's provenance could not be loaded."));
            }
            changed();
        }, "application/json", {{"Authorization", auth}});
    });
}

void OrderController::handle(const OrderAction& action) {
    std::visit(
        [this](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, LookupOrder>) {
                OrderState& o = s_.orders;
                o.lookup_error.clear();
                Json body = {{"number", o.lookup_number}, {"phone", o.lookup_phone}};
                platform::fetch("POST", "/api/orders/lookup", core::dump_json(body), [this](platform::Response r) {
                    OrderState& o = s_.orders;
                    auto doc = core::parse_json(r.view(), "lookup");
                    if (r.ok() && doc) {
                        const std::string path = order_path(core::string_or(*doc, "id", ""), core::string_or(*doc, "token", ""));
                        platform::push_url(path);
                        s_.route = parse_route(path);
                        load_order();
                    } else {
                        o.lookup_error = r.status == 0   ? "You are offline. Try again when you are back online."
                                         : r.status == 429 ? server_message(r, "Too many tries. Wait a few minutes and try again.")
                                                           : "No order has that number with that phone number.";
                    }
                    changed();
                });
            } else if constexpr (std::is_same_v<T, RetryPending>) {
                s_.orders.next_order_try = 0;
                flush_orders();
            } else if constexpr (std::is_same_v<T, ChoosePayment>) {
                if (core::parse_payment_kind(a.kind)) s_.orders.payment_choice[a.brand] = a.kind;
            } else if constexpr (std::is_same_v<T, OpenPaymentPage>) {
                // Only the brand's https page: nothing else is opened from a receipt.
                if (a.url.rfind("https://", 0) == 0 && a.url.size() > 8) platform::open_url(a.url);
            }
        },
        action.what);
}

core::Json OrderController::test_state() const {
    const OrderState& o = s_.orders;
    Json receipts = Json::array();
    for (const auto& r : o.receipts)
        receipts.push_back({{"id", r.id}, {"number", r.number}, {"status", r.status}, {"total", r.total},
                            {"payment", r.payment ? core::payment_kind_name(r.payment->method.kind) : ""}});
    Json viewing_payment = o.viewing.payment ? core::order_payment_to_json(*o.viewing.payment) : Json(nullptr);
    const char* pages[] = {"idle", "loading", "ready", "not_found", "failed", "needs_key"};
    return Json{{"outbox", o.outbox.size()},
                {"events_sent", o.events_sent},
                {"pending", o.pending.size()},
                {"receipts", receipts},
                {"page", pages[static_cast<int>(o.page)]},
                {"viewing", {{"id", o.viewing.id}, {"number", o.viewing.number}, {"status", o.viewing.status}, {"total", o.viewing.total},
                             {"payment", viewing_payment}}},
                {"payment_choice", o.payment_choice},
                {"provenance", pages[static_cast<int>(o.provenance_status)]}};
}

}  // namespace app
