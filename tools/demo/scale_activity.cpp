// Scale activity (see scale_activity.h), part of the demo library.
#include "scale_activity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>

#include "core/orders/status_change.h"
#include "scale_random.h"
#if !defined(__EMSCRIPTEN__)
#include <thread>
#endif

namespace demo {

namespace {

const char* const kEventTypeNames[] = {"visit", "product_view", "add_to_cart", "checkout_start", "order_placed", "share"};
const char* const kCampaigns[] = {"spring-sale", "wechat-group", "moments", "newsletter", "live-stream", "gift-guide",
                                  "flash-deal", "vip-club", "back-to-school", "weekend", "new-arrivals", "holiday"};
const char* const kBuyerFirst[] = {"Ava", "Liam", "Mei", "Oscar", "Priya", "Jonas", "Chloe", "Mateo", "Hannah", "Kenji",
                                   "Lucia", "Samir", "Emma", "Wen", "Olga", "Ethan", "Nadia", "Felix", "Rosa", "Arjun"};
const char* const kBuyerLast[] = {"Miller", "Wang", "Johnson", "Sato", "Fischer", "Duarte", "Ahmed", "Park", "Ivanova", "Reyes",
                                  "Clarke", "Mendes", "Osei", "Larsen", "Gupta", "Hughes", "Zhou", "Bianchi", "Quinn", "Dubois"};
const char* const kStreets[] = {"Maple", "Harbor", "Elm", "Station", "Willow", "Church", "Park", "Mill", "River", "Orchard"};
const char* const kCities[] = {"Portland", "Austin", "Denver", "Madison", "Raleigh", "Tucson", "Boise", "Richmond"};

std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// "o_" + 16 base32 characters like the store's own ids; the first 64 bits are a bijection of the
// index, so no two orders share an id.
std::string order_id_for(std::size_t i, std::uint64_t seed) {
    static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::uint64_t hi = mix64(static_cast<std::uint64_t>(i) + 0x6F72646572000000ull), lo = mix64(hi ^ seed);
    std::string id = "o_";
    for (int k = 0; k < 12; ++k) id += b32[(hi >> (5 * k)) & 31];  // 60 bits
    for (int k = 0; k < 4; ++k) id += b32[(lo >> (5 * k)) & 31];
    return id;
}

template <class T, std::size_t N>
const T& pick_of(Mix& r, const T (&arr)[N]) {
    return arr[r.below(static_cast<int>(N))];
}

struct Referral {
    core::Channel channel = core::Channel::Direct;
    std::uint8_t hop = 0, campaign = 0;
};

Referral arrival(Mix& r, bool returning) {
    Referral ref;
    const double u = r.f();
    if (returning && u < 0.5) return ref;  // typed the address or opened a bookmark
    const double v = returning ? (u - 0.5) * 2 : u;
    ref.channel = v < 0.25 ? core::Channel::Qr : v < 0.60 ? core::Channel::Share : v < 0.85 ? core::Channel::Link : core::Channel::Direct;
    if (ref.channel == core::Channel::Direct) return ref;
    if (r.f() < 0.55) ref.campaign = static_cast<std::uint8_t>(1 + r.below(static_cast<int>(std::size(kCampaigns))));
    const double h = r.f();
    if (ref.channel == core::Channel::Share)
        ref.hop = h < 0.5 ? 0 : h < 0.8 ? 1 : h < 0.95 ? 2 : 3;
    else
        ref.hop = h < 0.85 ? 0 : 1;
    return ref;
}

void sign_statuses(std::vector<GenOrder>& orders, const core::KeyPair& brand_key) {
    auto work = [&](std::size_t from, std::size_t step) {
        for (std::size_t i = from; i < orders.size(); i += step) {
            GenOrder& o = orders[i];
            core::OrderStatus cur = core::OrderStatus::Placed;
            for (std::size_t k = 0; k < o.statuses.size(); ++k) {
                auto payload = core::status_change_payload(o.id, cur, o.statuses[k], o.status_at[k]);
                o.envelopes.push_back(core::sign_envelope(payload.ok() ? *payload : std::string(), brand_key));
                cur = o.statuses[k];
            }
        }
    };
#if defined(__EMSCRIPTEN__)
    work(0, 1);
#else
    const unsigned n = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < n; ++t) pool.emplace_back(work, t, n);
    for (auto& t : pool) t.join();
#endif
}

}  // namespace

// [SECTION] Activity

std::string ScaleActivity::event_id(std::size_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "e_sc%08zu", i);
    return buf;
}

std::string ScaleActivity::visitor_id(std::uint32_t v) const {
    char buf[24];
    std::snprintf(buf, sizeof buf, "v_sc%07u", v);
    return buf;
}

void ScaleActivity::append_event_line(std::string& out, std::size_t i) const {
    const GenEvent& e = events[i];
    char buf[512];
    const std::string& shop = shops[e.shop];
    const char* product = e.product ? products[e.product - 1].c_str() : "";
    const int n = std::snprintf(buf, sizeof buf,
                                "{\"id\":\"e_sc%08zu\",\"type\":\"%s\",\"shop\":\"%s\",\"product\":\"%s\",\"visitor\":\"v_sc%07u\","
                                "\"channel\":\"%s\",\"campaign\":\"%s\",\"hop\":%u,\"at\":%lld}\n",
                                i, kEventTypeNames[static_cast<int>(e.type)], shop.c_str(), product, e.visitor,
                                core::channel_name(e.channel), e.campaign ? kCampaigns[e.campaign - 1] : "",
                                static_cast<unsigned>(e.hop), static_cast<long long>(e.at));
    out.append(buf, static_cast<std::size_t>(std::clamp(n, 0, static_cast<int>(sizeof buf) - 1)));
}

std::string ScaleActivity::order_line(std::size_t i) const {
    const GenOrder& o = orders[i];
    // One customer per visitor: the same name, phone and address on every order they place.
    Mix who(0xC0FFEEull + o.visitor);
    char phone[24], address[96];
    std::snprintf(phone, sizeof phone, "+1 555 %07u", o.visitor % 10000000u);
    const int house = 1 + who.below(980);
    const char* street = pick_of(who, kStreets);
    const char* city = pick_of(who, kCities);
    std::snprintf(address, sizeof address, "%d %s Street, %s", house, street, city);
    const std::string name = std::string(pick_of(who, kBuyerFirst)) + " " + pick_of(who, kBuyerLast);
    core::Json lines = core::Json::array();
    for (const auto& l : o.lines) lines.push_back({{"product", products[l.product]}, {"qty", l.qty}});
    core::Json body = {{"key", o.key},
                       {"shop", shops[o.shop]},
                       {"brand", brand},
                       {"lines", lines},
                       {"contact", {{"name", name}, {"phone", phone}, {"address", address}}},
                       {"visitor", visitor_id(o.visitor)},
                       {"touch", {{"channel", core::channel_name(o.channel)}, {"campaign", o.campaign ? kCampaigns[o.campaign - 1] : ""}, {"hop", o.hop}}},
                       {"client_total", o.total}};
    core::Json statuses = core::Json::array();
    for (const auto& env : o.envelopes) statuses.push_back({{"envelope", env.to_json()}});
    return core::dump_json(core::Json{{"id", o.id}, {"placed_ms", o.placed}, {"order", body}, {"statuses", statuses}}) + "\n";
}

core::Json ScaleActivity::summary() const {
    std::map<std::string, long> by_type, by_channel, by_status;
    for (const auto& e : events) {
        by_type[kEventTypeNames[static_cast<int>(e.type)]]++;
        if (e.type == core::EventType::Visit) by_channel[core::channel_name(e.channel)]++;
    }
    core::Minor revenue = 0;
    long changes = 0, lines = 0;
    for (const auto& o : orders) {
        by_status[core::order_status_name(o.statuses.empty() ? core::OrderStatus::Placed : o.statuses.back())]++;
        revenue += o.total;
        changes += static_cast<long>(o.statuses.size());
        lines += static_cast<long>(o.lines.size());
    }
    return core::Json{{"brand", brand},
                      {"currency", currency},
                      {"events", events.size()},
                      {"orders", orders.size()},
                      {"order_lines", lines},
                      {"status_changes", changes},
                      {"visitors", visitors},
                      {"sessions", sessions},
                      {"shops", shops.size()},
                      {"start_ms", start},
                      {"end_ms", end},
                      {"revenue", revenue},
                      {"events_by_type", by_type},
                      {"visits_by_channel", by_channel},
                      {"orders_by_status", by_status}};
}

// [SECTION] Builder

core::Result<ScaleActivity> build_scale_activity(const World& w, const Options& opt, const ActivityOptions& a) {
    ScaleActivity out;
    if (w.brands.empty()) return core::make_error("no_brand", "The scale world has no brand.");
    if (a.events < 0) return core::make_error("bad_size", "The number of events cannot be negative.");
    out.brand = w.brands[0].id;
    out.end = a.end;
    out.start = a.end - static_cast<core::UtcMs>(std::max(1, a.days)) * kDayMs;

    // The signed release: ids and prices (integer minor units).
    std::map<std::string, std::uint32_t> product_index;
    for (const auto& d : w.documents) {
        if (d.kind != "release") continue;
        auto p = core::parse_json(d.envelope.payload, "release");
        if (!p || core::string_or(*p, "brand", "") != out.brand) continue;
        out.currency = core::string_or(*p, "currency", "");
        if (const core::Json* arr = core::get_array(*p, "products"))
            for (const auto& prod : *arr) {
                const std::string id = core::string_or(prod, "id", "");
                if (id.empty()) continue;
                product_index[id] = static_cast<std::uint32_t>(out.products.size());
                out.products.push_back(id);
                out.prices.push_back(core::int_or(prod, "price", 0));
            }
    }
    if (out.products.empty()) return core::make_error("no_release", "The scale world has no release for " + out.brand + ".");

    // The shops that sell the brand, each with its selection (manifest order).
    std::vector<std::vector<std::uint32_t>> selection;
    for (const auto& s : w.shops) {
        auto it = w.bundles.find(s.slug);
        if (it == w.bundles.end() || std::find(s.brands.begin(), s.brands.end(), out.brand) == s.brands.end()) continue;
        auto p = core::parse_json(it->second.manifest.payload, "manifest");
        std::vector<std::uint32_t> sel;
        if (p)
            if (const core::Json* arr = core::get_array(*p, "products"))
                for (const auto& id : *arr)
                    if (id.is_string())
                        if (auto f = product_index.find(id.get<std::string>()); f != product_index.end()) sel.push_back(f->second);
        if (sel.empty())  // no selection: the shop sells the whole release
            for (std::uint32_t k = 0; k < out.products.size(); ++k) sel.push_back(k);
        out.shops.push_back(s.slug);
        selection.push_back(std::move(sel));
    }
    if (out.shops.empty()) return core::make_error("no_shops", "The scale world has no shop for " + out.brand + ".");
    if (out.shops.size() > 65535) return core::make_error("too_many_shops", "At most 65,535 shops.");

    const Zipf shop_weights(out.shops.size());
    Mix rng(a.seed);
    const core::UtcMs last_start = out.end - 2 * 3600'000;  // a session fits before the window closes
    const auto target = static_cast<std::size_t>(a.events);
    out.events.reserve(target);
    std::vector<GenEvent> session;
    std::uint32_t visitor = 0;
    struct Pending {
        GenOrder order;
        std::size_t event;  // the order_placed event's position in generation order
    };
    std::vector<Pending> pending;
    while (out.events.size() < target) {
        const std::uint32_t v = visitor++;
        const std::uint16_t home = shop_weights.pick(rng);
        core::UtcMs t = rng.between(out.start, last_start);
        for (int k = 0; out.events.size() < target && t < last_start; ++k) {
            ++out.sessions;
            // Most sessions are in the visitor's own shop; now and then a friend's link leads elsewhere.
            const std::uint16_t shop = (k > 0 && rng.f() < 0.2) ? shop_weights.pick(rng) : home;
            const Referral ref = arrival(rng, k > 0);
            const auto& sel = selection[shop];
            session.clear();
            auto add = [&](core::EventType type, std::uint32_t product) {
                GenEvent e;
                e.at = t;
                e.visitor = v;
                e.product = product;
                e.shop = shop;
                e.type = type;
                e.channel = ref.channel;
                e.hop = ref.hop;
                e.campaign = ref.campaign;
                session.push_back(e);
                t += rng.between(15'000, 150'000);
            };
            add(core::EventType::Visit, 0);
            const double u = rng.f();
            const int views = u < 0.30 ? 0 : u < 0.55 ? 1 : u < 0.75 ? 2 : u < 0.88 ? 3 : u < 0.96 ? 4 : 5;
            std::vector<std::uint32_t> viewed;
            for (int i = 0; i < views; ++i) {
                viewed.push_back(sel[static_cast<std::size_t>(rng.below(static_cast<int>(sel.size())))]);
                add(core::EventType::ProductView, viewed.back() + 1);
            }
            if (rng.f() < 0.06) add(core::EventType::Share, viewed.empty() ? 0 : viewed.back() + 1);
            if (!viewed.empty() && rng.f() < 0.30) {
                std::vector<std::uint32_t> cart{viewed[static_cast<std::size_t>(rng.below(static_cast<int>(viewed.size())))]};
                if (rng.f() < 0.25) {
                    const std::uint32_t second = viewed[static_cast<std::size_t>(rng.below(static_cast<int>(viewed.size())))];
                    if (second != cart[0]) cart.push_back(second);
                }
                for (auto p : cart) add(core::EventType::AddToCart, p + 1);
                if (rng.f() < 0.60) {
                    add(core::EventType::CheckoutStart, 0);
                    if (rng.f() < 0.75) {
                        GenOrder o;
                        o.placed = t;
                        o.visitor = v;
                        o.shop = shop;
                        o.channel = ref.channel;
                        o.hop = ref.hop;
                        o.campaign = ref.campaign;
                        for (auto p : cart) {
                            const double q = rng.f();
                            const int qty = q < 0.70 ? 1 : q < 0.92 ? 2 : 3;
                            o.lines.push_back({p, qty});
                            o.total += out.prices[p] * qty;
                        }
                        pending.push_back({std::move(o), out.events.size() + session.size()});
                        add(core::EventType::OrderPlaced, 0);
                    }
                }
            }
            // The last session may be cut short to give exactly `events`; an order whose
            // order_placed event was cut is not placed.
            const std::size_t room = target - out.events.size();
            if (session.size() > room) {
                session.resize(room);
                while (!pending.empty() && pending.back().event >= out.events.size() + room) pending.pop_back();
            }
            out.events.insert(out.events.end(), session.begin(), session.end());
            // The next session: days later (exponential, mean 9 days), if the visitor comes back at all.
            if (rng.f() < 0.45) break;
            t += static_cast<core::UtcMs>(-std::log(1.0 - rng.f()) * 9.0 * static_cast<double>(kDayMs)) + 30 * kMinute;
        }
    }
    out.visitors = visitor;

    // Time order, as the store would have received them (ties keep generation order).
    std::stable_sort(out.events.begin(), out.events.end(), [](const GenEvent& x, const GenEvent& y) { return x.at < y.at; });
    std::stable_sort(pending.begin(), pending.end(), [](const Pending& x, const Pending& y) { return x.order.placed < y.order.placed; });
    out.orders.reserve(pending.size());
    for (std::size_t i = 0; i < pending.size(); ++i) {
        GenOrder o = std::move(pending[i].order);
        char key[32];
        std::snprintf(key, sizeof key, "sc-order-%08zu", i);
        o.key = key;
        o.id = order_id_for(i, a.seed);
        // What the brand did since: most orders are paid within hours and delivered days later; a
        // few are cancelled before payment, a few refunded. Nothing after the window's end.
        Mix life(a.seed * 1000003ull + i);
        core::UtcMs at = o.placed;
        auto step = [&](core::OrderStatus s, core::UtcMs lo, core::UtcMs hi) {
            const core::UtcMs next = life.between(at + lo, at + hi);
            if (next > out.end) return false;
            at = next;
            o.statuses.push_back(s);
            o.status_at.push_back(at);
            return true;
        };
        if (life.f() < 0.05) {
            step(core::OrderStatus::Cancelled, kHourMs, 48 * kHourMs);
        } else if (step(core::OrderStatus::Paid, 2 * kMinute, 8 * kHourMs)) {
            if (life.f() < 0.01) {
                step(core::OrderStatus::Refunded, kHourMs, 3 * kDayMs);
            } else if (step(core::OrderStatus::Delivered, 2 * kDayMs, 6 * kDayMs) && life.f() < 0.04) {
                step(core::OrderStatus::Refunded, kDayMs, 12 * kDayMs);
            }
        }
        out.orders.push_back(std::move(o));
    }

    auto key = opt.real_passphrase_keys ? core::derive_keypair(w.brands[0].passphrase, out.brand)
                                        : core::derive_keypair_fast(w.brands[0].passphrase, out.brand);
    if (!key) return key.error();
    for (const auto& d : w.documents)
        if (d.kind == "brand" && d.envelope.payload.find("\"" + out.brand + "\"") != std::string::npos)
            if (auto p = core::parse_json(d.envelope.payload, "brand"))
                if (core::string_or(*p, "brand", "") == out.brand && core::string_or(*p, "key", "") != key->pk.b64())
                    return core::make_error("wrong_key", "The brand key derived from the passphrase is not the one in " + out.brand + "'s certificate.");
    sign_statuses(out.orders, *key);
    return out;
}

}  // namespace demo
