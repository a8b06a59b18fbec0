#include "core/analytics/dashboard.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/orders/cart.h"

namespace core {

namespace {
constexpr UtcMs kDayMs = 86'400'000;
}

// [SECTION] Activity -----------------------------------------------------------------------------

StrId Activity::intern(const std::string& s) {
    auto [it, added] = string_ids.try_emplace(s, static_cast<StrId>(strings.size()));
    if (added) strings.push_back(s);
    return it->second;
}

StrId Activity::find(const std::string& s) const {
    auto it = string_ids.find(s);
    return it == string_ids.end() ? 0 : it->second;
}

EventType parse_event_type(std::string_view n) {
    if (n == "visit") return EventType::Visit;
    if (n == "product_view") return EventType::ProductView;
    if (n == "add_to_cart") return EventType::AddToCart;
    if (n == "checkout_start") return EventType::CheckoutStart;
    if (n == "order_placed") return EventType::OrderPlaced;
    if (n == "share") return EventType::Share;
    return EventType::Other;
}

OrderStatus parse_order_status(std::string_view n) {
    if (n == "paid") return OrderStatus::Paid;
    if (n == "delivered") return OrderStatus::Delivered;
    if (n == "refunded") return OrderStatus::Refunded;
    if (n == "cancelled") return OrderStatus::Cancelled;
    if (n == "settled") return OrderStatus::Settled;
    return OrderStatus::Placed;
}

const char* order_status_name(OrderStatus s) {
    switch (s) {
        case OrderStatus::Placed: return "placed";
        case OrderStatus::Paid: return "paid";
        case OrderStatus::Delivered: return "delivered";
        case OrderStatus::Refunded: return "refunded";
        case OrderStatus::Cancelled: return "cancelled";
        case OrderStatus::Settled: return "settled";
    }
    return "placed";
}

Result<bool> merge_activity_page(Activity& into, const Json& page) {
    const Error bad = make_error("bad_activity", "The shop's activity could not be read.");
    if (!page.is_object()) return bad;
    const Json* events = get_array(page, "events");
    const Json* orders = get_array(page, "orders");
    if (!events || !orders) return bad;
    for (const auto& e : *events)
        if (!e.is_object()) return bad;
    // Times outside 1970..9999 and money outside 0..kMaxOrderTotal are no store's: a page carrying
    // them is refused like any malformed one, before the dashboard and the reach views add and
    // subtract them (edge inputs for tests/fuzz/fuzz_activity_page: a status time near the int64
    // limit overflowed the refund window's end, totals near it the revenue sums, and the earliest
    // int64 time day_index).
    auto time_ok = [](UtcMs t) { return t >= 0 && t <= kMaxUtcMs; };
    auto money_ok = [](Minor m) { return m >= 0 && m <= kMaxOrderTotal; };
    if (const Json* statuses = get_array(page, "statuses"))
        for (const auto& s : *statuses)
            if (!time_ok(int_or(s, "at", 0))) return bad;
    // Checked first, so a bad page leaves `into` as it was (strings interned for it are harmless).
    std::vector<ActivityEvent> new_events;
    new_events.reserve(events->size());
    auto text = [](const Json& obj, const char* key) -> const std::string& {
        static const std::string empty;
        auto it = obj.find(key);
        return it != obj.end() && it->is_string() ? it->template get_ref<const std::string&>() : empty;
    };
    for (const auto& e : *events) {
        ActivityEvent ev;
        ev.type = parse_event_type(text(e, "type"));
        ev.channel = parse_channel(text(e, "channel")).value_or(Channel::Direct);
        ev.hop = static_cast<std::uint8_t>(std::clamp<std::int64_t>(int_or(e, "hop", 0), 0, kMaxHop));
        ev.at = int_or(e, "at", 0);
        if (!time_ok(ev.at)) return bad;
        ev.distributor = into.intern(text(e, "distributor"));
        ev.shop = into.intern(text(e, "shop"));
        ev.visitor = into.intern(text(e, "visitor"));
        ev.campaign = into.intern(text(e, "campaign"));
        ev.product = into.intern(text(e, "product"));
        new_events.push_back(ev);
    }
    std::vector<ActivityOrder> new_orders;
    for (const auto& o : *orders) {
        if (!o.is_object()) return bad;
        ActivityOrder ao;
        ao.id = string_or(o, "id", "");
        if (ao.id.empty()) return bad;
        ao.number = string_or(o, "number", "");
        ao.brand = string_or(o, "brand", "");
        ao.shop = string_or(o, "shop", "");
        ao.shop_distributor = string_or(o, "shop_distributor", "");
        ao.distributor = string_or(o, "distributor", "");
        ao.customer = string_or(o, "customer", "");
        ao.currency = string_or(o, "currency", "");
        ao.total = int_or(o, "total", 0);
        ao.placed_ms = int_or(o, "placed_ms", 0);
        ao.status = parse_order_status(string_or(o, "status", "placed"));
        ao.status_ms = int_or(o, "status_ms", ao.placed_ms);
        if (!time_ok(ao.placed_ms) || !time_ok(ao.status_ms) || !money_ok(ao.total)) return bad;
        if (const Json* t = get_object(o, "last_touch")) {
            ao.channel = parse_channel(string_or(*t, "channel", "")).value_or(Channel::Direct);
            ao.campaign = string_or(*t, "campaign", "");
            ao.hop = static_cast<std::uint8_t>(std::clamp<std::int64_t>(int_or(*t, "hop", 0), 0, kMaxHop));
            into.intern(ao.campaign);  // the dashboard finds it by id
        }
        if (const Json* c = get_object(o, "contact")) {
            ao.contact_name = string_or(*c, "name", "");
            ao.contact_phone = string_or(*c, "phone", "");
        }
        if (const Json* split = get_object(o, "split"))
            if (const Json* payees = get_array(*split, "payees"))
                for (const auto& p : *payees)
                    if (p.is_object()) {
                        ao.payees.push_back({string_or(p, "distributor", ""), static_cast<int>(int_or(p, "level", 0)), int_or(p, "amount", 0)});
                        if (!money_ok(ao.payees.back().amount)) return bad;
                    }
        new_orders.push_back(std::move(ao));
    }
    for (auto& ev : new_events) into.events.push_back(std::move(ev));
    for (auto& o : new_orders) {
        auto it = into.order_index.find(o.id);
        if (it != into.order_index.end()) {
            into.orders[it->second] = std::move(o);
        } else {
            into.order_index[o.id] = into.orders.size();
            into.orders.push_back(std::move(o));
        }
    }
    if (const Json* statuses = get_array(page, "statuses"))
        for (const auto& s : *statuses) {
            auto it = into.order_index.find(string_or(s, "order", ""));
            if (it == into.order_index.end()) continue;
            ActivityOrder& o = into.orders[it->second];
            const UtcMs at = int_or(s, "at", 0);
            if (at >= o.status_ms) {
                o.status = parse_order_status(string_or(s, "status", "placed"));
                o.status_ms = at;
            }
        }
    if (const Json* released = get_array(page, "released")) {
        into.released.clear();
        for (const auto& r : *released)
            if (r.is_object()) into.released.insert(string_or(r, "brand", "") + "\n" + string_or(r, "customer", ""));
    }
    into.cursor = string_or(page, "cursor", into.cursor);
    into.more = get_bool(page, "more").value_or(false);
    return true;
}

// [SECTION] Dashboard ----------------------------------------------------------------------------

Dashboard compute_dashboard(const Activity& a, const DashboardOptions& opt) {
    Dashboard d;
    const StrId me = a.find(opt.distributor);
    // Visitor ids are string ids: each funnel step is a byte per string, not a set of strings.
    std::array<std::vector<std::uint8_t>, 5> seen;
    auto step_of = [](EventType t) {
        switch (t) {
            case EventType::Visit: return 0;
            case EventType::ProductView: return 1;
            case EventType::AddToCart: return 2;
            case EventType::CheckoutStart: return 3;
            case EventType::OrderPlaced: return 4;
            default: return -1;
        }
    };
    struct ChannelAcc {
        long visits = 0, orders = 0;
        std::vector<std::uint32_t> visitors;  // sorted and made unique at the end
    };
    std::unordered_map<std::uint64_t, ChannelAcc> by_channel;  // channel << 32 | campaign id
    auto channel_key = [](Channel c, StrId campaign) { return (static_cast<std::uint64_t>(c) << 32) | campaign; };
    std::uint32_t anonymous = 0;  // events without a visitor id each count once
    if (me != 0 || opt.distributor.empty())
        for (const ActivityEvent& e : a.events) {
            if (e.distributor != me || e.at < opt.since) continue;
            const int step = step_of(e.type);
            if (step < 0) continue;
            if (e.visitor == 0) {
                ++d.funnel[step];
                ++anonymous;
            } else {
                auto& s = seen[step];
                if (s.empty()) s.assign(a.strings.size(), 0);
                if (!s[e.visitor]) {
                    s[e.visitor] = 1;
                    ++d.funnel[step];
                }
            }
            if (step == 0) {
                ++d.visits;
                ChannelAcc& c = by_channel[channel_key(e.channel, e.campaign)];
                ++c.visits;
                c.visitors.push_back(e.visitor ? e.visitor : 0x80000000u + anonymous);
            }
        }
    d.visitors = d.funnel[0];

    std::map<std::pair<std::string, std::string>, CustomerRow> customers;  // (brand, customer)
    std::vector<std::pair<const ActivityOrder*, Minor>> recent;              // (order, this distributor's share)
    for (const ActivityOrder& o : a.orders) {
        const bool void_order = o.status == OrderStatus::Cancelled || o.status == OrderStatus::Refunded;
        // Team sales: every order credited to someone in the answer (this distributor and the downline).
        if (!void_order && !o.distributor.empty()) {
            MemberSales& m = d.team[o.distributor];
            ++m.orders;
            m.sales[o.currency] += o.total;
        }
        if (o.placed_ms < opt.since) continue;
        if (o.shop_distributor == opt.distributor) {
            if (void_order) ++d.orders_cancelled;
            else {
                ++d.orders;
                d.revenue[o.currency] += o.total;
                ++by_channel[channel_key(o.channel, a.find(o.campaign))].orders;
            }
        }
        // This distributor's share, whichever level they earn it at.
        Minor mine = 0;
        for (const auto& p : o.payees)
            if (p.distributor == opt.distributor) mine += p.amount;
        if (mine > 0) {
            auto fz = opt.freeze_days.find(o.brand);
            const int freeze = fz == opt.freeze_days.end() ? 7 : fz->second;
            switch (o.status) {
                case OrderStatus::Placed:
                case OrderStatus::Paid: d.pending[o.currency] += mine; break;
                case OrderStatus::Delivered:
                    (opt.now >= o.status_ms + freeze * kDayMs ? d.settleable : d.pending)[o.currency] += mine;
                    break;
                case OrderStatus::Settled: d.paid[o.currency] += mine; break;
                case OrderStatus::Refunded:
                case OrderStatus::Cancelled: d.cancelled[o.currency] += mine; break;
            }
        }
        if (o.shop_distributor == opt.distributor || o.distributor == opt.distributor || mine > 0) recent.push_back({&o, mine});
        // Customers belong to whoever the order was credited to.
        if (o.distributor == opt.distributor && !o.customer.empty()) {
            CustomerRow& c = customers[{o.brand, o.customer}];
            if (c.orders == 0) {
                c.customer = o.customer;
                c.brand = o.brand;
                c.first_order_ms = o.placed_ms;
            }
            if (!void_order) {
                ++c.orders;
                c.spent[o.currency] += o.total;
            }
            if (o.placed_ms >= c.last_order_ms) {
                c.last_order_ms = o.placed_ms;
                if (!o.contact_name.empty()) c.name = o.contact_name;
                if (!o.contact_phone.empty()) c.phone = o.contact_phone;
            }
            c.first_order_ms = std::min(c.first_order_ms, o.placed_ms);
        }
    }
    for (auto& [key, acc] : by_channel) {
        ChannelStat s;
        s.channel = channel_name(static_cast<Channel>(key >> 32));
        s.campaign = a.str(static_cast<StrId>(key & 0xFFFFFFFFu));
        s.visits = acc.visits;
        std::sort(acc.visitors.begin(), acc.visitors.end());
        s.visitors = static_cast<long>(std::unique(acc.visitors.begin(), acc.visitors.end()) - acc.visitors.begin());
        s.orders = acc.orders;
        d.channels.push_back(std::move(s));
    }
    std::sort(d.channels.begin(), d.channels.end(), [](const ChannelStat& x, const ChannelStat& y) {
        if (x.visits != y.visits) return x.visits > y.visits;
        if (x.orders != y.orders) return x.orders > y.orders;
        return x.channel != y.channel ? x.channel < y.channel : x.campaign < y.campaign;
    });
    const UtcMs lost_before = opt.now - static_cast<UtcMs>(opt.lost_after_days) * kDayMs;
    for (auto& [key, c] : customers) {
        if (c.orders == 0) continue;  // only cancelled orders: not a customer
        if (a.released.count(c.brand + "\n" + c.customer)) continue;  // bound to someone else now
        d.bound.push_back(c);
        if (c.last_order_ms < lost_before) d.lost.push_back(c);
    }
    std::sort(d.bound.begin(), d.bound.end(), [](const CustomerRow& x, const CustomerRow& y) { return x.last_order_ms > y.last_order_ms; });
    std::sort(d.lost.begin(), d.lost.end(), [](const CustomerRow& x, const CustomerRow& y) { return x.last_order_ms < y.last_order_ms; });
    const std::size_t keep = std::min(opt.recent, recent.size());
    std::partial_sort(recent.begin(), recent.begin() + static_cast<std::ptrdiff_t>(keep), recent.end(), [](const auto& x, const auto& y) {
        return x.first->placed_ms != y.first->placed_ms ? x.first->placed_ms > y.first->placed_ms : x.first->id > y.first->id;
    });
    for (std::size_t i = 0; i < keep; ++i) d.recent.push_back({*recent[i].first, recent[i].second});
    return d;
}

}  // namespace core
