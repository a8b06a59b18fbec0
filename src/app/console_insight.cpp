// The console's Insight tab (part of ConsoleController, see console.h): traffic and sales, ground
// promoters and reach, reported by the core from the brand's activity.
//
// [SECTION] Loading    GET /api/brands/<b>/insight (DSA1, signed), decoded, the cube built once
// [SECTION] Range      a report for the chosen days; the tables and lists that follow from it
// [SECTION] Actions and test state
#include <algorithm>
#include <type_traits>

#include "app/console.h"
#include "app/store_answer.h"
#include "core/text.h"
#include "core/trust/request_auth.h"

namespace app {

using core::Json;

// [SECTION] Loading ------------------------------------------------------------------------------

void ConsoleController::fetch_insight() {
    ConsoleState& c = s_.console;
    ConsoleInsight& in = c.insight;
    if (!c.key || in.fetching) return;
    if (in.status != ConsoleLoad::Ready) {
        in.status = ConsoleLoad::Loading;
        in.opened_ms = platform::now_ms();
        in.drawn_ms = 0;
    }
    in.fetching = true;
    const std::string path = "/api/brands/" + core::percent_encode(c.brand) + "/insight";
    const int gen = gen_;
    const double started = platform::now_ms();
    platform::fetch("GET", path, "", [this, gen, started](platform::Response r) {
        if (gen != gen_) return;
        ConsoleInsight& in = s_.console.insight;
        in.fetching = false;
        if (!r.ok()) {
            in.error = server_message(r, "The brand's activity could not be loaded (HTTP " + std::to_string(r.status) + ").");
            if (in.status != ConsoleLoad::Ready) in.status = ConsoleLoad::Failed;
            return;
        }
        const double t1 = platform::now_ms();
        in.fetch_ms = t1 - started;
        in.bytes = r.body.size();
        auto a = core::decode_brand_activity(std::string_view(reinterpret_cast<const char*>(r.body.data()), r.body.size()));
        if (!a) {
            in.error = a.error().message;
            if (in.status != ConsoleLoad::Ready) in.status = ConsoleLoad::Failed;
            return;
        }
        in.activity = std::move(*a);
        const double t2 = platform::now_ms();
        in.decode_ms = t2 - t1;
        in.cube = core::build_cube(in.activity);
        in.cube_ms = platform::now_ms() - t2;
        in.error.clear();
        insight_range();
        in.status = ConsoleLoad::Ready;
        bump_data();
    }, "application/json", {{"Authorization", core::sign_request("GET", path, "", *c.key, platform::utc_ms())}});
}

// [SECTION] Range --------------------------------------------------------------------------------

// The report for the chosen days (up to today), and everything that follows from it.
void ConsoleController::insight_range() {
    ConsoleInsight& in = s_.console.insight;
    const double t0 = platform::now_ms();
    const std::int32_t today = static_cast<std::int32_t>(core::day_index(platform::utc_ms()));
    in.to_day = std::max(today, in.cube.last_day);
    in.from_day = in.range_days > 0 ? in.to_day - in.range_days + 1 : std::min(in.cube.first_day, in.to_day);
    in.report = core::report(in.cube, in.activity, in.from_day, in.to_day);
    const core::UtcMs now = platform::utc_ms();
    in.quiet_visits = core::quiet(in.cube, in.activity, now, in.quiet_days, false);
    in.quiet_scans = core::quiet(in.cube, in.activity, now, in.scan_quiet_days, true);
    // Promoters: distributors with a shop, most QR scans in the range first.
    in.promoters.clear();
    for (std::uint32_t i = 0; i < in.activity.distributors.size(); ++i)
        if (in.activity.distributors[i].shop) in.promoters.push_back(i);
    const auto& own = in.report.distributors;
    std::stable_sort(in.promoters.begin(), in.promoters.end(), [&](std::uint32_t a, std::uint32_t b) { return own[a].qr_scans > own[b].qr_scans; });
    if (in.promoter == UINT32_MAX && !in.promoters.empty()) in.promoter = in.promoters.front();
    insight_promoter(in.promoter);
    insight_rows();
    in.report_ms = platform::now_ms() - t0;
}

void ConsoleController::insight_rows() {
    ConsoleInsight& in = s_.console.insight;
    const auto& a = in.activity;
    const auto& tot = in.teams ? in.report.teams : in.report.distributors;
    const std::string q = core::fold_for_search(in.query);
    in.rows.clear();
    for (std::uint32_t i = 0; i < a.distributors.size() && i < tot.size(); ++i) {
        const core::BrandDistributor& d = a.distributors[i];
        if (!d.shop && !tot[i].visits && !tot[i].orders) continue;  // nobody to look at
        if (!q.empty() && core::fold_for_search(d.name + " " + d.slug + " " + d.id).find(q) == std::string::npos) continue;
        in.rows.push_back(i);
    }
    auto key = [&](std::uint32_t i) -> double {
        const core::Totals& t = tot[i];
        switch (in.sort) {
            case InsightSort::Visits: return static_cast<double>(t.visits);
            case InsightSort::Orders: return static_cast<double>(t.orders);
            case InsightSort::Conversion: return t.conversion();
            case InsightSort::Scans: return static_cast<double>(t.qr_scans);
            default: return static_cast<double>(t.sales);
        }
    };
    if (in.sort == InsightSort::Name)
        std::stable_sort(in.rows.begin(), in.rows.end(), [&](std::uint32_t x, std::uint32_t y) { return a.distributors[x].name < a.distributors[y].name; });
    else
        std::stable_sort(in.rows.begin(), in.rows.end(), [&](std::uint32_t x, std::uint32_t y) { return key(x) > key(y); });
}

void ConsoleController::insight_promoter(std::uint32_t d) {
    ConsoleInsight& in = s_.console.insight;
    in.promoter = d;
    if (d >= in.activity.distributors.size()) {
        in.promoter_days.clear();
        in.promoter_campaigns.clear();
        return;
    }
    in.promoter_days = core::scans_per_day(in.cube, d, in.from_day, in.to_day);
    in.promoter_campaigns = core::scanned_campaigns(in.cube, d, in.from_day, in.to_day);
}

// [SECTION] Actions and test state ---------------------------------------------------------------

bool ConsoleController::handle_insight(const ConsoleAction& action) {
    ConsoleInsight& in = s_.console.insight;
    bool handled = true;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, RefreshInsight>) {
                fetch_insight();
            } else if constexpr (std::is_same_v<T, SetInsightRange>) {
                in.range_days = std::max(0, a.days);
                if (in.status == ConsoleLoad::Ready) insight_range();
            } else if constexpr (std::is_same_v<T, SortInsight>) {
                in.sort = a.sort;
                insight_rows();
            } else if constexpr (std::is_same_v<T, ShowTeams>) {
                in.teams = a.teams;
                insight_rows();
            } else if constexpr (std::is_same_v<T, SearchInsight>) {
                insight_rows();
            } else if constexpr (std::is_same_v<T, SetQuietDays>) {
                (a.scans ? in.scan_quiet_days : in.quiet_days) = std::clamp(a.days, 1, 365);
                if (in.status == ConsoleLoad::Ready) insight_range();
            } else if constexpr (std::is_same_v<T, PickPromoter>) {
                insight_promoter(a.distributor);
            } else {
                handled = false;
            }
        },
        action.what);
    return handled;
}

core::Json ConsoleController::insight_test_state() const {
    const ConsoleInsight& in = s_.console.insight;
    const char* loads[] = {"idle", "loading", "ready", "not_found", "refused", "failed"};
    auto totals = [](const core::Totals& t) {
        return Json{{"visits", t.visits}, {"views", t.views}, {"carts", t.carts}, {"checkouts", t.checkouts},
                    {"orders", t.orders}, {"qr_scans", t.qr_scans}, {"sales", t.sales}};
    };
    auto id = [&](std::uint32_t i) { return i < in.activity.distributors.size() ? in.activity.distributors[i].id : std::string(); };
    Json rows = Json::array();
    for (std::size_t k = 0; k < in.rows.size() && k < 8; ++k) {
        const std::uint32_t i = in.rows[k];
        rows.push_back({{"id", id(i)}, {"totals", totals((in.teams ? in.report.teams : in.report.distributors)[i])}});
    }
    Json campaigns = Json::array();
    for (const auto& cr : in.report.campaigns)
        campaigns.push_back({{"campaign", cr.campaign ? in.activity.campaigns[cr.campaign - 1] : ""}, {"visits", cr.visits},
                             {"orders", cr.orders}, {"by_hop", cr.visits_by_hop}, {"furthest", cr.furthest_hop},
                             {"first_share", cr.orders_first_share}, {"reshared", cr.orders_reshared}, {"views", cr.views},
                             {"sales", cr.sales}, {"by_channel", cr.visits_by_channel}, {"orders_by_channel", cr.orders_by_channel}});
    Json quiet_v = Json::array(), quiet_s = Json::array(), top = Json::array();
    for (std::uint32_t i : in.quiet_visits) quiet_v.push_back(id(i));
    for (std::uint32_t i : in.quiet_scans) quiet_s.push_back(id(i));
    for (std::uint32_t i : in.report.top) top.push_back(id(i));
    long promoter_scans = 0;
    for (const auto& d : in.promoter_days) promoter_scans += d.qr_scans;
    Json channels = Json::array();
    for (const auto& ch : in.report.channels) channels.push_back(totals(ch));
    return {{"status", loads[static_cast<int>(in.status)]},
            {"error", in.error},
            {"events", in.activity.events.size()},
            {"orders", in.activity.orders.size()},
            {"range_days", in.range_days},
            {"from_day", in.from_day},
            {"to_day", in.to_day},
            {"totals", totals(in.report.totals)},
            {"daily", in.report.daily.size()},
            {"channels", channels},
            {"campaigns", campaigns},
            {"links", in.report.links.size()},
            {"rows", rows},
            {"row_count", in.rows.size()},
            {"teams", in.teams},
            {"top", top},
            {"joined", in.report.joined.size()},
            {"quiet_visits", quiet_v},
            {"quiet_scans", quiet_s},
            {"promoter", id(in.promoter)},
            {"promoter_scans", promoter_scans},
            {"promoter_campaigns", in.promoter_campaigns.size()},
            {"timings", {{"fetch_ms", in.fetch_ms}, {"decode_ms", in.decode_ms}, {"cube_ms", in.cube_ms}, {"report_ms", in.report_ms},
                         {"drawn_ms", in.drawn_ms}, {"bytes", in.bytes}}}};
}

}  // namespace app
