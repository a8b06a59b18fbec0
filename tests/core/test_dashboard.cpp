// The distributor's dashboard, from activity pages as the store sends them.
#include <doctest/doctest.h>

#include "core/analytics/dashboard.h"

using namespace core;

namespace {
constexpr UtcMs kDay = 86'400'000;
constexpr UtcMs kNow = 1'800'000'000'000;

DashboardOptions options_for(const char* who) {
    DashboardOptions o;
    o.distributor = who;
    o.now = kNow;
    return o;
}

Json ev(const char* type, const char* dist, const char* visitor, const char* channel = "direct", const char* campaign = "",
        UtcMs at = kNow - kDay) {
    return Json{{"id", "e_x"}, {"type", type}, {"shop", "s"}, {"distributor", dist}, {"brands", {"b"}}, {"product", ""},
                {"visitor", visitor}, {"channel", channel}, {"campaign", campaign}, {"hop", 0}, {"at", at}, {"received", at}};
}

Json order(const char* id, const char* shop_dist, const char* credited, const char* customer, Minor total, const char* status,
           UtcMs placed, UtcMs status_at, std::vector<std::pair<const char*, Minor>> payees, const char* channel = "qr",
           const char* campaign = "") {
    Json p = Json::array();
    int level = 0;
    for (auto& [d, a] : payees) p.push_back({{"distributor", d}, {"level", level++}, {"amount", a}});
    return Json{{"id", id},
                {"number", std::string("DS-") + id},
                {"brand", "b"},
                {"shop", "s"},
                {"shop_distributor", shop_dist},
                {"distributor", credited},
                {"currency", "CNY"},
                {"total", total},
                {"lines", Json::array()},
                {"placed_ms", placed},
                {"status", status},
                {"status_ms", status_at},
                {"customer", customer},
                {"binding_rule", "kept"},
                {"first_touch", {{"channel", channel}, {"campaign", campaign}}},
                {"last_touch", {{"channel", channel}, {"campaign", campaign}}},
                {"split", {{"payees", p}, {"brand", 0}, {"rule", ""}}},
                {"contact", {{"name", std::string("Name ") + customer}, {"phone", "13800138000"}}}};
}
}  // namespace

TEST_CASE("the funnel counts distinct visitors per step, in this distributor's shop only") {
    Json page = {{"events", Json::array()}, {"orders", Json::array()}, {"cursor", "5.0.0"}, {"more", false}};
    auto& e = page["events"];
    for (const char* v : {"v_1", "v_2", "v_3", "v_1"}) e.push_back(ev("visit", "me", v, "qr", "spring"));
    e.push_back(ev("visit", "me", "v_4", "share"));
    e.push_back(ev("visit", "me", "", "link"));     // no visitor id: counts once
    e.push_back(ev("visit", "other", "v_9", "qr"));  // a downline member's visit is not mine
    e.push_back(ev("product_view", "me", "v_1"));
    e.push_back(ev("product_view", "me", "v_1"));
    e.push_back(ev("product_view", "me", "v_2"));
    e.push_back(ev("add_to_cart", "me", "v_1"));
    e.push_back(ev("checkout_start", "me", "v_1"));
    e.push_back(ev("order_placed", "me", "v_1"));
    e.push_back(ev("share", "me", "v_1"));
    Activity a;
    REQUIRE(merge_activity_page(a, page).ok());
    CHECK(a.cursor == "5.0.0");
    DashboardOptions opt = options_for("me");
    Dashboard d = compute_dashboard(a, opt);
    CHECK(d.visits == 6);
    CHECK(d.visitors == 5);
    CHECK(d.funnel == std::array<long, 5>{5, 2, 1, 1, 1});
    REQUIRE(d.channels.size() == 3);
    CHECK(d.channels[0].channel == "qr");
    CHECK(d.channels[0].campaign == "spring");
    CHECK(d.channels[0].visits == 4);
    CHECK(d.channels[0].visitors == 3);
    // Events before `since` are left out.
    opt.since = kNow;
    CHECK(compute_dashboard(a, opt).visits == 0);
}

TEST_CASE("commission falls into pending, settleable, paid and cancelled by status and freeze period") {
    Json page = {{"events", Json::array()}, {"orders", Json::array()}, {"statuses", Json::array()}};
    auto& o = page["orders"];
    o.push_back(order("o1", "me", "me", "c_a", 10000, "placed", kNow - kDay, kNow - kDay, {{"me", 1000}, {"up", 300}}));
    o.push_back(order("o2", "me", "me", "c_a", 20000, "delivered", kNow - 30 * kDay, kNow - 10 * kDay, {{"me", 2000}, {"up", 600}}));
    o.push_back(order("o3", "me", "me", "c_b", 5000, "delivered", kNow - 3 * kDay, kNow - 2 * kDay, {{"me", 500}}));
    o.push_back(order("o4", "me", "me", "c_b", 7000, "refunded", kNow - 3 * kDay, kNow - kDay, {{"me", 700}}));
    o.push_back(order("o5", "kid", "kid", "c_z", 30000, "settled", kNow - 60 * kDay, kNow - 40 * kDay, {{"kid", 3000}, {"me", 900}},
                      "share", "may"));
    Activity a;
    REQUIRE(merge_activity_page(a, page).ok());
    DashboardOptions opt = options_for("me");
    Dashboard d = compute_dashboard(a, opt);
    CHECK(d.pending.at("CNY") == 1000 + 500);  // placed; delivered 2 days ago is inside the 7-day window
    CHECK(d.settleable.at("CNY") == 2000);       // delivered 10 days ago
    CHECK(d.paid.at("CNY") == 900);              // level 2 on the downline's order, paid out
    CHECK(d.cancelled.at("CNY") == 700);
    CHECK(d.orders == 3);
    CHECK(d.orders_cancelled == 1);
    CHECK(d.revenue.at("CNY") == 35000);
    CHECK(d.team.at("me").orders == 3);
    CHECK(d.team.at("kid").sales.at("CNY") == 30000);
    // A longer freeze keeps the 10-day-old delivery pending.
    opt.freeze_days["b"] = 14;
    Dashboard d14 = compute_dashboard(a, opt);
    CHECK(d14.settleable.count("CNY") == 0);
    CHECK(d14.pending.at("CNY") == 3500);

    // A later page changes a status: the refund of o2 cancels its commission.
    Json later = {{"events", Json::array()}, {"orders", Json::array()},
                  {"statuses", {{{"order", "o2"}, {"status", "refunded"}, {"at", kNow}}}}, {"cursor", "0.0.9"}};
    REQUIRE(merge_activity_page(a, later).ok());
    Dashboard d2 = compute_dashboard(a, options_for("me"));
    CHECK(d2.settleable.count("CNY") == 0);
    CHECK(d2.cancelled.at("CNY") == 2700);
}

TEST_CASE("bound customers and the ones lost after N days, with contact details to follow up") {
    Json page = {{"events", Json::array()}, {"orders", Json::array()}};
    auto& o = page["orders"];
    o.push_back(order("o1", "me", "me", "c_old", 1000, "delivered", kNow - 45 * kDay, kNow - 40 * kDay, {{"me", 100}}));
    o.push_back(order("o2", "me", "me", "c_new", 1000, "paid", kNow - 2 * kDay, kNow - 2 * kDay, {{"me", 100}}));
    o.push_back(order("o3", "me", "me", "c_mid", 1000, "paid", kNow - 31 * kDay, kNow - 31 * kDay, {{"me", 100}}));
    o.push_back(order("o4", "me", "me", "c_mid", 1000, "paid", kNow - 20 * kDay, kNow - 20 * kDay, {{"me", 100}}));
    o.push_back(order("o5", "me", "me", "c_gone", 1000, "cancelled", kNow - 50 * kDay, kNow - 50 * kDay, {{"me", 100}}));
    o.push_back(order("o6", "me", "other", "c_theirs", 1000, "paid", kNow - 60 * kDay, kNow - 60 * kDay, {{"other", 100}}));
    Activity a;
    REQUIRE(merge_activity_page(a, page).ok());
    Dashboard d = compute_dashboard(a, options_for("me"));
    REQUIRE(d.bound.size() == 3);  // c_gone only had a cancelled order; c_theirs is credited to another
    CHECK(d.bound[0].customer == "c_new");
    CHECK(d.bound[1].customer == "c_mid");
    CHECK(d.bound[1].orders == 2);
    REQUIRE(d.lost.size() == 1);
    CHECK(d.lost[0].customer == "c_old");
    CHECK(d.lost[0].name == "Name c_old");
    CHECK(d.lost[0].phone == "13800138000");
    DashboardOptions week = options_for("me");
    week.lost_after_days = 7;
    CHECK(compute_dashboard(a, week).lost.size() == 2);
    // The newest orders sold here or credited here, with this distributor's share of each.
    REQUIRE(d.recent.size() == 6);
    CHECK(d.recent[0].order.id == "o2");
    CHECK(d.recent[0].mine == 100);
    CHECK(d.recent.back().order.id == "o6");  // sold in this shop, credited to another
    CHECK(d.recent.back().mine == 0);
    DashboardOptions two = options_for("me");
    two.recent = 2;
    auto d2 = compute_dashboard(a, two);
    REQUIRE(d2.recent.size() == 2);
    CHECK(d2.recent[1].order.id == "o4");
}

TEST_CASE("customers the store says are bound elsewhere now are neither bound nor lost") {
    Json page = {{"events", Json::array()}, {"orders", Json::array()}};
    page["orders"].push_back(order("o1", "me", "me", "c_moved", 1000, "paid", kNow - 45 * kDay, kNow - 45 * kDay, {{"me", 100}}));
    page["orders"].push_back(order("o2", "me", "me", "c_kept", 1000, "paid", kNow - 45 * kDay, kNow - 45 * kDay, {{"me", 100}}));
    page["released"] = Json::array({Json{{"brand", "b"}, {"customer", "c_moved"}}});
    Activity a;
    REQUIRE(merge_activity_page(a, page).ok());
    Dashboard d = compute_dashboard(a, options_for("me"));
    REQUIRE(d.bound.size() == 1);
    CHECK(d.bound[0].customer == "c_kept");
    REQUIRE(d.lost.size() == 1);
    CHECK(d.lost[0].customer == "c_kept");
    CHECK(d.orders == 2);  // their orders still count as this shop's sales
    // A later last page replaces the list: the customer came back.
    Json later = {{"events", Json::array()}, {"orders", Json::array()}, {"released", Json::array()}};
    REQUIRE(merge_activity_page(a, later).ok());
    CHECK(compute_dashboard(a, options_for("me")).bound.size() == 2);
    // A page without the list (more pages to come) keeps it as it is.
    Json first = {{"events", Json::array()}, {"orders", Json::array()}, {"released", Json::array({Json{{"brand", "b"}, {"customer", "c_kept"}}})}};
    REQUIRE(merge_activity_page(a, first).ok());
    REQUIRE(merge_activity_page(a, Json{{"events", Json::array()}, {"orders", Json::array()}, {"more", true}}).ok());
    CHECK(compute_dashboard(a, options_for("me")).bound.size() == 1);
}

TEST_CASE("a malformed activity page changes nothing") {
    Activity a;
    CHECK_FALSE(merge_activity_page(a, Json::array()).ok());
    CHECK_FALSE(merge_activity_page(a, Json{{"events", 1}, {"orders", Json::array()}}).ok());
    Json bad = {{"events", Json::array()}, {"orders", {{{"total", 1}}}}};  // an order without id
    CHECK_FALSE(merge_activity_page(a, bad).ok());
    CHECK(a.orders.empty());
    // Times outside 1970..9999 and amounts no order can reach (edge inputs of tests/fuzz: near the
    // int64 limits they overflowed the dashboard's sums and dates).
    const Json good_order = order("o1", "me", "me", "c1", 1000, "delivered", kNow - kDay, kNow - kDay, {{"me", 100}});
    auto page_with = [&](const char* field, Json value) {
        Json o = good_order;
        o[field] = std::move(value);
        return Json{{"events", Json::array()}, {"orders", Json::array({o})}};
    };
    CHECK(merge_activity_page(a, page_with("total", 1000)).ok());
    CHECK_FALSE(merge_activity_page(a, page_with("total", INT64_MAX)).ok());
    CHECK_FALSE(merge_activity_page(a, page_with("total", -1)).ok());
    CHECK_FALSE(merge_activity_page(a, page_with("status_ms", INT64_MAX)).ok());
    CHECK_FALSE(merge_activity_page(a, page_with("placed_ms", INT64_MIN)).ok());
    Json huge_share = page_with("total", 1000);
    huge_share["orders"][0]["split"]["payees"][0]["amount"] = INT64_MAX;
    CHECK_FALSE(merge_activity_page(a, huge_share).ok());
    Json early = {{"events", {ev("visit", "me", "v1", "qr", "", INT64_MIN)}}, {"orders", Json::array()}};
    CHECK_FALSE(merge_activity_page(a, early).ok());
    Json late_status = {{"events", Json::array()}, {"orders", Json::array()},
                        {"statuses", {{{"order", "o1"}, {"status", "settled"}, {"at", INT64_MAX}}}}};
    CHECK_FALSE(merge_activity_page(a, late_status).ok());
    CHECK(a.orders.size() == 1);
    CHECK(a.orders[0].status == OrderStatus::Delivered);
}
