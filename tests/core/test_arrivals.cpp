// Orders announced while a dashboard or the brand console is open (core/analytics/arrivals.h).
#include <doctest/doctest.h>

#include "core/analytics/arrivals.h"

using namespace core;

namespace {
constexpr UtcMs kOpen = 1'800'000'000'000;

Json order(const char* id, UtcMs placed) {
    return Json{{"id", id}, {"number", std::string("2026-") + id}, {"brand", "b"}, {"shop", "s"}, {"currency", "CNY"},
                {"total", 12800}, {"placed_ms", placed}, {"status", "placed"}};
}

Json page(std::vector<Json> orders, std::vector<Json> statuses = {}) {
    Json p = {{"events", Json::array()}, {"orders", Json::array()}, {"statuses", Json::array()}, {"cursor", "0.0.0"}, {"more", false}};
    for (auto& o : orders) p["orders"].push_back(o);
    for (auto& s : statuses) p["statuses"].push_back(s);
    return p;
}

std::vector<std::string> ids(const Activity& a, const std::vector<std::size_t>& at) {
    std::vector<std::string> out;
    for (auto i : at) out.push_back(a.orders[i].id);
    return out;
}
}  // namespace

TEST_CASE("orders there when the page opened are not announced; the ones that arrive after are, once") {
    Activity a;
    OrderArrivals n;
    REQUIRE(merge_activity_page(a, page({order("o1", kOpen - 5000), order("o2", kOpen - 4000)})).ok());
    CHECK(take_arrivals(n, a, 0).empty());
    CHECK(n.primed);
    // Nothing new: nothing said.
    REQUIRE(merge_activity_page(a, page({})).ok());
    CHECK(take_arrivals(n, a, 0).empty());
    // A status change of a known order is not a new order.
    REQUIRE(merge_activity_page(a, page({}, {Json{{"order", "o1"}, {"status", "paid"}, {"at", kOpen + 10}}})).ok());
    CHECK(take_arrivals(n, a, 0).empty());
    REQUIRE(merge_activity_page(a, page({order("o3", kOpen + 1000), order("o4", kOpen + 2000)})).ok());
    CHECK(ids(a, take_arrivals(n, a, 0)) == std::vector<std::string>{"o3", "o4"});
    CHECK(take_arrivals(n, a, 0).empty());
}

TEST_CASE("an empty first look still primes: the first order after it is announced") {
    Activity a;
    OrderArrivals n;
    REQUIRE(merge_activity_page(a, page({})).ok());
    CHECK(take_arrivals(n, a, 0).empty());
    REQUIRE(merge_activity_page(a, page({order("o1", kOpen + 1)})).ok());
    CHECK(ids(a, take_arrivals(n, a, 0)) == std::vector<std::string>{"o1"});
}

TEST_CASE("a recent window first, then the whole activity: only what arrived after opening is announced") {
    const UtcMs from = kOpen - 300'000;
    Activity window;
    OrderArrivals n;
    // The window holds an order of the last minutes; older ones are not in it.
    REQUIRE(merge_activity_page(window, page({order("recent", kOpen - 60'000)})).ok());
    CHECK(take_arrivals(n, window, from).empty());
    REQUIRE(merge_activity_page(window, page({order("new1", kOpen + 1000)})).ok());
    CHECK(ids(window, take_arrivals(n, window, from)) == std::vector<std::string>{"new1"});
    // The Orders page opens: the whole activity replaces the window. Old orders, the window's and
    // the one announced are not said again; one placed while the whole activity loaded is.
    Activity whole;
    REQUIRE(merge_activity_page(whole, page({order("old1", kOpen - 86'400'000), order("recent", kOpen - 60'000),
                                             order("new1", kOpen + 1000), order("new2", kOpen + 2000)})).ok());
    activity_replaced(n);
    CHECK(ids(whole, take_arrivals(n, whole, 0)) == std::vector<std::string>{"new2"});
    REQUIRE(merge_activity_page(whole, page({order("new3", kOpen + 3000)})).ok());
    CHECK(ids(whole, take_arrivals(n, whole, 0)) == std::vector<std::string>{"new3"});
}
