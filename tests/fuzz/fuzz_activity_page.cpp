// fuzz_activity_page: raw bytes -> core::parse_json -> core::merge_activity_page (a page of GET
// /api/shops/<slug>/activity, which the distributor's editor polls: events, orders, status changes,
// released customers), then what the editor computes from it: the dashboard (compute_dashboard) and
// the promoter and reach views (brand_activity_of, build_cube, report, quiet, team_of). A refused
// page must leave the activity as it was; the same page merged twice adds its events again but
// replaces its orders (they are keyed by id).
#include "core/analytics/dashboard.h"
#include "core/analytics/insight.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto doc = core::parse_json(fuzz::text(data, size), "activity");
    if (!doc) return 0;
    core::Activity a;
    if (!core::merge_activity_page(a, *doc)) {
        FUZZ_CHECK(a.events.empty() && a.orders.empty());
        return 0;
    }
    const std::size_t events = a.events.size(), orders = a.orders.size();
    FUZZ_CHECK(core::merge_activity_page(a, *doc).ok());
    FUZZ_CHECK(a.events.size() == 2 * events && a.orders.size() == orders);
    FUZZ_CHECK(a.order_index.size() == a.orders.size());
    for (const auto& [id, i] : a.order_index) FUZZ_CHECK(i < a.orders.size() && a.orders[i].id == id);

    constexpr core::UtcMs now = 1'800'000'000'000;
    core::DashboardOptions opt;
    opt.now = now;
    opt.distributor = a.orders.empty() ? (a.events.empty() ? "" : a.str(a.events.front().distributor)) : a.orders.front().distributor;
    const core::Dashboard d = core::compute_dashboard(a, opt);
    FUZZ_CHECK(d.recent.size() <= opt.recent);

    const core::BrandActivity ba = core::brand_activity_of(a);
    const core::Cube cube = core::build_cube(ba);
    (void)core::report(cube, ba, cube.first_day, cube.last_day);
    (void)core::quiet(cube, ba, now, 7, true);
    if (!ba.distributors.empty()) {
        for (std::uint32_t i : core::team_of(ba, 0)) FUZZ_CHECK(i < ba.distributors.size());
        (void)core::reach_of(cube, 0, cube.first_day, cube.last_day);
    }
    return 0;
}
