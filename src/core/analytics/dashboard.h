// Dashboard: a distributor's numbers, computed in the browser from their activity (events and
// orders of their shop and downline, as GET /api/shops/<slug>/activity returns them).
//
// [SECTION] Activity     events, orders and status changes, parsed from the store's pages
// [SECTION] Dashboard    visits by channel and campaign, funnel, orders, commission buckets,
//                        bound and lost customers, sales per team member
//
// Commission buckets for the distributor's share of each order (the brand's plan and freeze
// period decide the amounts and the timing; the store computed the split when the order was placed):
//   pending     the order is placed or paid, or delivered but still inside the refund window
//               (freeze_days after delivery)
//   settleable  delivered, and the refund window has closed: it goes into the next payout
//   paid        paid out in a payout batch (status "settled")
//   cancelled   cancelled or refunded before settlement: nothing is owed (kept apart, not summed)
// Lost customers: customers credited to this distributor whose last order is more than
// lost_after_days (default 30) before now.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/json.h"
#include "core/money.h"
#include "core/referral/link.h"
#include "core/result.h"
#include "core/time.h"

namespace core {

// [SECTION] Activity
enum class EventType : std::uint8_t { Visit, ProductView, AddToCart, CheckoutStart, OrderPlaced, Share, Other };
EventType parse_event_type(std::string_view name);

// Strings repeat a lot across a million events (visitors, distributors, campaigns): an event holds
// ids into the activity's string table, which keeps memory small and the dashboard fast.
using StrId = std::uint32_t;  // 0 = ""

struct ActivityEvent {
    EventType type = EventType::Other;
    Channel channel = Channel::Direct;
    std::uint8_t hop = 0;
    UtcMs at = 0;
    StrId distributor = 0, shop = 0, visitor = 0, campaign = 0, product = 0;
};

enum class OrderStatus : std::uint8_t { Placed, Paid, Delivered, Refunded, Cancelled, Settled };
OrderStatus parse_order_status(std::string_view name);
const char* order_status_name(OrderStatus s);

struct OrderPayee {
    std::string distributor;
    int level = 0;
    Minor amount = 0;
};

struct ActivityOrder {
    std::string id, number, brand, shop, shop_distributor, distributor, customer, currency;
    std::string contact_name, contact_phone;  // only for the distributor's own customers, when the store shares them
    Minor total = 0;
    UtcMs placed_ms = 0, status_ms = 0;
    OrderStatus status = OrderStatus::Placed;
    Channel channel = Channel::Direct;  // of the last touch before the order
    std::string campaign;
    std::uint8_t hop = 0;               // of the last touch: 0 = the first share, 1+ = re-shares
    std::vector<OrderPayee> payees;
};

struct Activity {
    std::vector<std::string> strings{""};
    std::unordered_map<std::string, StrId> string_ids{{"", 0}};
    StrId intern(const std::string& s);
    StrId find(const std::string& s) const;  // 0 if never seen
    const std::string& str(StrId id) const { return strings[id]; }

    std::vector<ActivityEvent> events;
    std::vector<ActivityOrder> orders;
    // Customers who bought through this distributor but are no longer bound to them (rebound under
    // "last", lapsed under window:N): "brand\ncustomer". The store sends the whole list with each
    // last page of a team's activity; it replaces the one before.
    std::set<std::string> released;
    std::string cursor = "0.0.0";  // where the next page starts
    bool more = false;
    std::map<std::string, std::size_t> order_index;  // id -> position in orders
};

// Adds one page of GET .../activity to `into`: new events and orders, and status changes applied to
// orders already known. A malformed page is an error and changes nothing.
Result<bool> merge_activity_page(Activity& into, const Json& page);

// [SECTION] Dashboard
struct DashboardOptions {
    std::string distributor;                 // whose dashboard
    UtcMs now = 0;
    UtcMs since = 0;                         // events and orders before this are left out of counts
    int lost_after_days = 30;
    std::map<std::string, int> freeze_days;  // by brand; 7 where not given
    std::size_t recent = 20;                 // how many of the newest orders to list
};

using Amounts = std::map<std::string, Minor>;  // by currency

struct ChannelStat {
    std::string channel, campaign;
    long visits = 0, visitors = 0, orders = 0;
};

struct CustomerRow {
    std::string customer, brand, name, phone;
    long orders = 0;
    Amounts spent;
    UtcMs first_order_ms = 0, last_order_ms = 0;
};

struct RecentOrder {
    ActivityOrder order;  // a copy: the activity grows under the dashboard while more pages arrive
    Minor mine = 0;       // this distributor's commission on it, at any level
};

struct MemberSales {
    long orders = 0;
    Amounts sales;
};

struct Dashboard {
    long visits = 0, visitors = 0;
    // Distinct visitors at each step: visit, product view, add to cart, checkout, order.
    std::array<long, 5> funnel{};
    std::vector<ChannelStat> channels;  // most visits first
    long orders = 0, orders_cancelled = 0;
    Amounts revenue;                    // of orders in this shop that were not cancelled or refunded
    Amounts pending, settleable, paid, cancelled;
    std::vector<CustomerRow> bound;     // customers bound to this distributor (credited, not released), most recent first
    std::vector<CustomerRow> lost;      // of those, no order for lost_after_days, longest gone first
    std::map<std::string, MemberSales> team;  // by credited distributor (this one and the downline)
    std::vector<RecentOrder> recent;    // the newest orders sold in this shop or credited to this distributor
};

Dashboard compute_dashboard(const Activity& activity, const DashboardOptions& opt);

}  // namespace core
