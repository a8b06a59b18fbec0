// Insight (src/core/analytics/insight.h): a brand's traffic, sales, promoters and reach over any
// date range, from the same numbers whatever the range; the compact form the store sends it in.
#include <doctest/doctest.h>

#include "core/analytics/insight.h"
#include "core/orders/cart.h"

using namespace core;

namespace {
constexpr UtcMs kDay = 86'400'000;
constexpr UtcMs T0 = 1'790'000'000'000;  // 2026-09-21
const std::int32_t D0 = static_cast<std::int32_t>(day_index(T0));

// lily (level 1) recruited chen (2), who recruited xiaoyu (3); shan (1) is on their own; ghost has no shop.
BrandActivity world() {
    BrandActivity a;
    a.brand = "b_huaxi";
    a.currency = "CNY";
    for (const char* id : {"lily", "chen", "xiaoyu", "shan", "ghost"}) a.distributor(id);
    a.distributors[0].level = 1;
    a.distributors[1].level = 2;
    a.distributors[1].parent = 0;
    a.distributors[2].level = 3;
    a.distributors[2].parent = 1;
    a.distributors[3].level = 1;
    a.distributors[4].level = 1;
    for (int i = 0; i < 4; ++i) a.distributors[i].shop = true;
    a.distributors[2].joined_ms = T0 + 5 * kDay;
    auto visit = [&](UtcMs at, const char* d, Channel ch, const char* campaign, int hop, const char* visitor, EventType type = EventType::Visit) {
        BrandEvent e;
        e.at = at;
        e.distributor = a.distributor(d);
        e.visitor = a.visitor(visitor);
        e.campaign = a.campaign(campaign);
        e.channel = ch;
        e.hop = static_cast<std::uint8_t>(hop);
        e.type = type;
        a.events.push_back(e);
    };
    auto order = [&](UtcMs at, const char* d, Channel ch, const char* campaign, int hop, Minor total, OrderStatus s = OrderStatus::Paid) {
        BrandOrder o;
        o.at = at;
        o.distributor = a.distributor(d);
        o.campaign = a.campaign(campaign);
        o.channel = ch;
        o.hop = static_cast<std::uint8_t>(hop);
        o.total = total;
        o.status = s;
        a.orders.push_back(o);
    };
    // Day 0: lily's QR poster is scanned twice; a chat share of "spring" travels two hops.
    visit(T0 + 1000, "lily", Channel::Qr, "spring", 0, "v1");
    visit(T0 + 2000, "lily", Channel::Qr, "spring", 0, "v2");
    visit(T0 + 3000, "lily", Channel::Share, "spring", 0, "v3");
    visit(T0 + 4000, "lily", Channel::Share, "spring", 1, "v4");
    visit(T0 + 5000, "lily", Channel::Share, "spring", 5, "v5");
    visit(T0 + 5500, "lily", Channel::Share, "spring", 5, "v5", EventType::ProductView);
    order(T0 + 6000, "lily", Channel::Share, "spring", 5, 12800);
    // Day 3: chen's own visits, and xiaoyu's; a refunded order in chen's shop is not a sale.
    visit(T0 + 3 * kDay, "chen", Channel::Direct, "", 0, "v6");
    visit(T0 + 3 * kDay + 10, "xiaoyu", Channel::Qr, "autumn", 0, "v7");
    order(T0 + 3 * kDay + 20, "chen", Channel::Direct, "", 0, 5000, OrderStatus::Refunded);
    order(T0 + 3 * kDay + 30, "xiaoyu", Channel::Qr, "autumn", 0, 3000);
    // Day 9: shan.
    visit(T0 + 9 * kDay, "shan", Channel::Link, "", 0, "v8");
    return a;
}
}  // namespace

TEST_CASE("a date range adds up the days in it: totals, the day-by-day series, channels, campaigns") {
    const BrandActivity a = world();
    const Cube c = build_cube(a);
    CHECK(c.first_day == D0);
    CHECK(c.last_day == D0 + 9);
    const Report all = report(c, a, D0, D0 + 9);
    CHECK(all.totals.visits == 8);
    CHECK(all.totals.views == 1);
    CHECK(all.totals.orders == 3);
    CHECK(all.totals.sales == 12800 + 3000);  // the refund is not a sale
    CHECK(all.totals.qr_scans == 3);
    REQUIRE(all.daily.size() == 10);
    CHECK(all.daily[0].visits == 5);
    CHECK(all.daily[3].orders == 2);
    CHECK(all.daily[5].visits == 0);  // empty days are in the series
    CHECK(all.channels[static_cast<int>(Channel::Share)].visits == 3);
    CHECK(all.channels[static_cast<int>(Channel::Share)].sales == 12800);
    CHECK(all.channels[static_cast<int>(Channel::Qr)].orders == 1);
    // Per campaign (a brand article's id is its links' campaign): visits, product views, orders and
    // sales, and visits and orders by channel.
    for (const auto& cr : all.campaigns) {
        const std::string name = cr.campaign ? a.campaigns[cr.campaign - 1] : "";
        if (name == "spring") {
            CHECK((cr.visits == 5 && cr.views == 1 && cr.orders == 1 && cr.sales == 12800));
            CHECK(cr.visits_by_channel[static_cast<int>(Channel::Qr)] == 2);
            CHECK(cr.visits_by_channel[static_cast<int>(Channel::Share)] == 3);
            CHECK(cr.visits_by_channel[static_cast<int>(Channel::Direct)] == 0);
            CHECK(cr.orders_by_channel[static_cast<int>(Channel::Share)] == 1);
            CHECK(cr.orders_by_channel[static_cast<int>(Channel::Qr)] == 0);
        }
        if (name.empty()) CHECK((cr.views == 0 && cr.visits_by_channel[static_cast<int>(Channel::Direct)] == 1 &&
                                 cr.visits_by_channel[static_cast<int>(Channel::Link)] == 1));
        if (name == "autumn") CHECK((cr.visits == 1 && cr.orders == 1 && cr.sales == 3000));
        if (name.empty()) CHECK((cr.orders == 1 && cr.sales == 0));  // chen's refunded order: not a sale
    }
    CHECK(all.campaigns.size() == 3);
    // A narrower range sees only its days.
    const Report first = report(c, a, D0, D0 + 2);
    CHECK(first.totals.visits == 5);
    CHECK(first.totals.orders == 1);
    const Report none = report(c, a, D0 + 20, D0 + 25);
    CHECK(none.totals.visits == 0);
    CHECK(none.daily.size() == 6);
    CHECK(none.top.empty());
}

TEST_CASE("campaign reach: visits by hop, the furthest hop, orders from re-shares apart from the first share") {
    const BrandActivity a = world();
    const Report r = report(build_cube(a), a, D0, D0 + 9);
    const CampaignReach* spring = nullptr;
    for (const auto& cr : r.campaigns)
        if (cr.campaign && a.campaigns[cr.campaign - 1] == "spring") spring = &cr;
    REQUIRE(spring);
    CHECK(spring->visits == 5);
    CHECK(spring->visits_by_hop[0] == 3);
    CHECK(spring->visits_by_hop[1] == 1);
    CHECK(spring->visits_by_hop[3] == 1);  // hop 5 counts as 3 or more
    CHECK(spring->furthest_hop == 5);
    CHECK(spring->orders_reshared == 1);
    CHECK(spring->orders_first_share == 0);
    // Lily's shared link is the one that travelled.
    REQUIRE_FALSE(r.links.empty());
    CHECK(r.links[0].distributor == *a.find_distributor("lily"));
    CHECK(r.links[0].channel == Channel::Share);
    CHECK(r.links[0].reach.furthest_hop == 5);
}

TEST_CASE("teams add up the downline; top distributors by sales; who joined in the range") {
    const BrandActivity a = world();
    const Report r = report(build_cube(a), a, D0, D0 + 9);
    const std::uint32_t lily = *a.find_distributor("lily"), chen = *a.find_distributor("chen"), xiaoyu = *a.find_distributor("xiaoyu");
    CHECK(r.distributors[chen].visits == 1);
    CHECK(r.teams[chen].visits == 2);          // chen and xiaoyu
    CHECK(r.teams[chen].sales == 3000);
    CHECK(r.teams[lily].visits == 5 + 2);      // lily's own, chen's team
    CHECK(r.teams[lily].sales == 12800 + 3000);
    REQUIRE(r.top.size() == 4);
    CHECK(r.top[0] == lily);
    CHECK(r.top[1] == xiaoyu);
    REQUIRE(r.joined.size() == 1);
    CHECK(r.joined[0] == xiaoyu);
    const auto team = team_of(a, lily);
    CHECK(team.size() == 3);
}

TEST_CASE("promoters: QR scans per day, the campaigns scanned, who has had no scan for a week") {
    const BrandActivity a = world();
    const Cube c = build_cube(a);
    const std::uint32_t lily = *a.find_distributor("lily"), xiaoyu = *a.find_distributor("xiaoyu");
    const auto days = scans_per_day(c, lily, D0, D0 + 6);
    REQUIRE(days.size() == 7);
    CHECK(days[0].qr_scans == 2);
    CHECK(days[1].qr_scans == 0);
    const auto camps = scanned_campaigns(c, xiaoyu, D0, D0 + 9);
    REQUIRE(camps.size() == 1);
    CHECK(a.campaigns[camps[0].first - 1] == "autumn");
    // On day 12: lily scanned on day 0 and xiaoyu on day 3 (quiet for a week); chen and shan never
    // had a scan (first); ghost has no shop (not listed).
    const auto q = quiet(c, a, T0 + 12 * kDay, 7, true);
    REQUIRE(q.size() == 4);
    CHECK(c.last_scan[q[0]] == 0);
    CHECK(c.last_scan[q[1]] == 0);
    CHECK(q[2] == lily);
    CHECK(q[3] == xiaoyu);
    CHECK(quiet(c, a, T0 + 12 * kDay, 7, false).size() == 3);  // shan visited on day 9
    CHECK(quiet(c, a, T0 + 12 * kDay, 7, true, {xiaoyu}).size() == 1);
}

TEST_CASE("scans per day over more than the 4000 days listed: later days are left out, not written past the list") {
    // Found by tests/fuzz/fuzz_brand_activity: a scan past the 4000th day of the range was written
    // past the end of the list.
    BrandActivity a = world();
    const std::uint32_t lily = *a.find_distributor("lily");
    BrandEvent late;
    late.at = T0 + 5000 * kDay;
    late.distributor = lily;
    late.channel = Channel::Qr;
    late.type = EventType::Visit;
    a.events.push_back(late);
    const Cube c = build_cube(a);
    const auto days = scans_per_day(c, lily, D0, D0 + 6000);
    REQUIRE(days.size() == 4000);
    long scans = 0;
    for (const auto& d : days) scans += d.qr_scans;
    CHECK(scans == 2);  // day 0's two; the one on day 5000 is past the list
    CHECK(scans_per_day(c, lily, D0 + 4990, D0 + 5010)[10].qr_scans == 1);
}

TEST_CASE("the compact activity carries everything the reports need, and refuses damage") {
    BrandActivity a = world();
    a.distributors[0].name = "王丽";
    a.distributors[0].slug = "lily-tea";
    a.distributors[2].joined_ms = T0 + 5 * kDay;
    const std::string bytes = encode_brand_activity(a);
    CHECK(bytes.size() < 400);
    auto back = decode_brand_activity(bytes);
    REQUIRE(back.ok());
    CHECK(back->distributors.size() == a.distributors.size());
    CHECK(back->distributors[0].name == "王丽");
    CHECK(back->distributors[2].parent == 1);
    CHECK(back->distributors[2].joined_ms == a.distributors[2].joined_ms);
    CHECK(back->distributors[4].shop == false);
    CHECK(back->campaigns == a.campaigns);
    REQUIRE(back->events.size() == a.events.size());
    CHECK(back->events[4].hop == 5);
    CHECK(back->orders[0].total == 12800);
    CHECK(encode_brand_activity(*back) == bytes);
    const Report r1 = report(build_cube(a), a, D0, D0 + 9), r2 = report(build_cube(*back), *back, D0, D0 + 9);
    CHECK(r1.totals.sales == r2.totals.sales);
    CHECK(r1.teams[0].visits == r2.teams[0].visits);
    for (std::size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(decode_brand_activity(std::string_view(bytes).substr(0, n)).ok());
    CHECK_FALSE(decode_brand_activity(bytes + "x").ok());
    CHECK(decode_brand_activity("DSL1").error().code == "bad_activity");
    // Times outside 1970..9999 and order totals above the largest possible order are refused
    // (found by tests/fuzz/fuzz_brand_activity: the running sum of event times overflowed).
    BrandActivity early = a;
    early.events[0].at = -1;
    CHECK_FALSE(decode_brand_activity(encode_brand_activity(early)).ok());
    BrandActivity late = a;
    late.orders.back().at = kMaxUtcMs + 1;
    CHECK_FALSE(decode_brand_activity(encode_brand_activity(late)).ok());
    BrandActivity rich = a;
    rich.orders[0].total = kMaxOrderTotal + 1;
    CHECK_FALSE(decode_brand_activity(encode_brand_activity(rich)).ok());
}

TEST_CASE("a distributor's own activity pages give the same promoter and reach numbers") {
    Activity act;
    ActivityEvent e;
    e.type = EventType::Visit;
    e.channel = Channel::Qr;
    e.at = T0;
    e.distributor = act.intern("d_chen");
    e.visitor = act.intern("v1");
    e.campaign = act.intern("autumn");
    act.events.push_back(e);
    e.at = T0 + kDay;
    e.channel = Channel::Share;
    e.hop = 2;
    act.events.push_back(e);
    const BrandActivity a = brand_activity_of(act);
    const Cube c = build_cube(a);
    const Report r = report(c, a, static_cast<std::int32_t>(day_index(T0)), static_cast<std::int32_t>(day_index(T0)) + 1);
    CHECK(r.totals.qr_scans == 1);
    REQUIRE(r.campaigns.size() == 1);
    CHECK(r.campaigns[0].furthest_hop == 2);
}

TEST_CASE("a distributor's team known from elsewhere has a place before any traffic: never scanned, and quiet") {
    Activity act;
    ActivityEvent e;
    e.type = EventType::Visit;
    e.channel = Channel::Qr;
    e.at = T0;
    e.distributor = act.intern("d_chen");
    e.campaign = act.intern("autumn");
    act.events.push_back(e);
    std::vector<BrandDistributor> team(3);
    team[0].id = "d_lily";
    team[0].name = "王丽";
    team[1].id = "d_chen";
    team[1].parent = 0;
    team[1].level = 2;
    team[2].id = "d_ahmei";  // joined, never had a visit
    team[2].parent = 0;
    team[2].level = 2;
    const BrandActivity a = brand_activity_of(act, team);
    REQUIRE(a.distributors.size() == 3);
    CHECK(*a.find_distributor("d_ahmei") == 2);
    CHECK(a.distributors[0].name == "王丽");
    CHECK(a.distributors[1].shop);         // had traffic
    CHECK_FALSE(a.distributors[2].shop);   // nothing yet
    CHECK(team_of(a, 0).size() == 3);
    const Cube c = build_cube(a);
    CHECK(c.last_scan[1] == T0);
    CHECK(c.last_scan[2] == 0);
    // A week later, among her downline: ahmei never scanned (first), chen scanned 8 days ago.
    const auto q = quiet(c, a, T0 + 8 * kDay, 7, true, {1, 2});
    REQUIRE(q.size() == 2);
    CHECK(q[0] == 2);
    CHECK(q[1] == 1);
    CHECK(quiet(c, a, T0 + 5 * kDay, 7, true, {1, 2}).size() == 1);
}

TEST_CASE("how far one distributor's links travelled: their shared visits by hop, never another's, never a direct visit") {
    const BrandActivity a = world();
    const Cube c = build_cube(a);
    const std::uint32_t lily = *a.find_distributor("lily"), chen = *a.find_distributor("chen"), xiaoyu = *a.find_distributor("xiaoyu");
    const LinksReach r = reach_of(c, lily, D0, D0 + 9);
    CHECK(r.total.visits == 5);  // two QR scans and three chat-share visits of "spring"
    CHECK(r.total.visits_by_hop[0] == 3);
    CHECK(r.total.visits_by_hop[1] == 1);
    CHECK(r.total.visits_by_hop[3] == 1);
    CHECK(r.total.furthest_hop == 5);
    CHECK(r.total.orders_reshared == 1);
    CHECK(r.total.orders_first_share == 0);
    REQUIRE(r.campaigns.size() == 1);
    CHECK(a.campaigns[r.campaigns[0].campaign - 1] == "spring");
    CHECK(r.campaigns[0].visits == 5);
    CHECK(r.campaigns[0].views == 1);  // the product v5 looked at, after coming through a re-share
    CHECK(r.campaigns[0].sales == 12800);
    CHECK(r.campaigns[0].visits_by_channel[static_cast<int>(Channel::Qr)] == 2);
    CHECK(r.total.views == 1);
    // Two links: the chat share (3 visits, travelled 5 hops) first, then the QR poster (2, not passed on).
    REQUIRE(r.links.size() == 2);
    CHECK(r.links[0].channel == Channel::Share);
    CHECK(r.links[0].reach.visits == 3);
    CHECK(r.links[0].reach.furthest_hop == 5);
    CHECK(r.links[1].channel == Channel::Qr);
    CHECK(r.links[1].reach.furthest_hop == 0);
    for (const auto& l : r.links) CHECK(l.distributor == lily);
    // Chen's only visit and order were direct: nothing of his travelled.
    const LinksReach rc = reach_of(c, chen, D0, D0 + 9);
    CHECK(rc.total.visits == 0);
    CHECK(rc.campaigns.empty());
    CHECK(rc.links.empty());
    // Xiaoyu's QR order was a first share; a range before it sees nothing.
    CHECK(reach_of(c, xiaoyu, D0, D0 + 9).total.orders_first_share == 1);
    CHECK(reach_of(c, xiaoyu, D0, D0 + 2).total.visits == 0);
    // The brand's report of the same range still counts everyone's campaigns, direct visits included.
    const Report all = report(c, a, D0, D0 + 9);
    CHECK(all.campaigns.size() == 3);
    CHECK(all.links.size() == 1);
}
