// The distributor's insight (part of EditorController, see editor.h): their team's QR scans (the
// ground promoters below them: scans per day, campaigns scanned, last scan, who has gone quiet) and
// how far their own links travelled, by the core's insight functions over the dashboard's activity.
//
// [SECTION] Compute    the activity in the brand's columns, placed on the team the store lists; the cube
// [SECTION] Range      the scans of the chosen days; who has had no scan for N days
// [SECTION] Actions and test state
#include <algorithm>
#include <map>
#include <type_traits>

#include "app/editor.h"

namespace app {

using core::Json;

// [SECTION] Compute ------------------------------------------------------------------------------

// Worked out on the pages that show it (Team, Dashboard), again whenever the activity or the team
// arrives; elsewhere only marked stale, so a poll for order notices costs no more than before.
void EditorController::insight_changed() {
    EditorState& e = s_.editor;
    e.insight.ready = false;
    if (e.route.page == EditorPage::Team || e.route.page == EditorPage::Dash) compute_insight();
}

void EditorController::compute_insight() {
    EditorState& e = s_.editor;
    TeamInsight& in = e.insight;
    if (e.dash.status != EditorLoad::Ready && e.dash.activity.events.empty() && e.dash.activity.orders.empty()) return;
    const double t0 = platform::now_ms();
    // The team as the store lists it (a member of two brands' teams once, where they first appear).
    std::vector<core::BrandDistributor> known;
    std::map<std::string, std::int32_t> at;
    std::vector<std::string> parents;
    for (const auto& m : e.team.members) {
        if (at.count(m.distributor)) continue;
        at[m.distributor] = static_cast<std::int32_t>(known.size());
        core::BrandDistributor d;
        d.id = m.distributor;
        d.name = m.name;
        d.slug = m.slug;
        d.level = m.level;
        known.push_back(std::move(d));
        parents.push_back(m.parent);
    }
    for (std::size_t i = 0; i < known.size(); ++i) {
        auto p = at.find(parents[i]);
        known[i].parent = p == at.end() ? -1 : p->second;
    }
    std::string picked = in.picked < in.activity.distributors.size() ? in.activity.distributors[in.picked].id : std::string();
    in.activity = core::brand_activity_of(e.dash.activity, known);
    in.cube = core::build_cube(in.activity);
    const std::uint32_t* self = in.activity.find_distributor(e.distributor);
    in.self = self ? *self : UINT32_MAX;
    in.downline.clear();
    if (self)
        for (std::uint32_t i : core::team_of(in.activity, *self))
            if (i != *self) in.downline.push_back(i);
    const std::uint32_t* p = picked.empty() ? nullptr : in.activity.find_distributor(picked);
    in.picked = p ? *p : UINT32_MAX;
    const std::int32_t today = static_cast<std::int32_t>(core::day_index(platform::utc_ms()));
    in.reach = self ? core::reach_of(in.cube, *self, std::min(in.cube.first_day, today), std::max(today, in.cube.last_day))
                    : core::LinksReach{};
    insight_range();
    in.compute_ms = platform::now_ms() - t0;
    in.ready = true;
    bump_data();
}

// [SECTION] Range --------------------------------------------------------------------------------

void EditorController::insight_range() {
    TeamInsight& in = s_.editor.insight;
    const std::int32_t today = static_cast<std::int32_t>(core::day_index(platform::utc_ms()));
    in.to_day = std::max(today, in.cube.last_day);
    in.from_day = in.to_day - std::max(1, in.range_days) + 1;
    const core::Report r = core::report(in.cube, in.activity, in.from_day, in.to_day);
    in.team_scans = in.self < r.teams.size() ? r.teams[in.self].qr_scans : 0;
    auto member = [&](std::uint32_t i) {
        MemberScans m;
        m.index = i;
        m.scans = i < r.distributors.size() ? r.distributors[i].qr_scans : 0;
        m.last_scan = i < in.cube.last_scan.size() ? in.cube.last_scan[i] : 0;
        m.campaigns = core::scanned_campaigns(in.cube, i, in.from_day, in.to_day);
        return m;
    };
    in.members.clear();
    if (in.self != UINT32_MAX) in.members.push_back(member(in.self));
    std::vector<MemberScans> below;
    for (std::uint32_t i : in.downline) below.push_back(member(i));
    std::stable_sort(below.begin(), below.end(), [](const MemberScans& a, const MemberScans& b) {
        return a.scans != b.scans ? a.scans > b.scans : a.last_scan > b.last_scan;
    });
    in.members.insert(in.members.end(), below.begin(), below.end());
    // Quiet among the downline only (an empty `among` would mean every shop in the activity).
    in.quiet = in.downline.empty() ? std::vector<std::uint32_t>{}
                                   : core::quiet(in.cube, in.activity, platform::utc_ms(), in.quiet_days, true, in.downline);
    in.days = in.picked < in.activity.distributors.size() ? core::scans_per_day(in.cube, in.picked, in.from_day, in.to_day) : r.daily;
}

// [SECTION] Actions and test state ---------------------------------------------------------------

bool EditorController::handle_insight(const EditorAction& action) {
    TeamInsight& in = s_.editor.insight;
    bool handled = true;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, SetScanRange>) {
                in.range_days = std::clamp(a.days, 1, 365);
                if (in.ready) insight_range();
            } else if constexpr (std::is_same_v<T, SetScanQuietDays>) {
                in.quiet_days = std::clamp(a.days, 1, 365);
                if (in.ready) insight_range();
            } else if constexpr (std::is_same_v<T, PickScanMember>) {
                const std::uint32_t* i = a.distributor.empty() ? nullptr : in.activity.find_distributor(a.distributor);
                in.picked = i ? *i : UINT32_MAX;
                if (in.ready) insight_range();
            } else {
                handled = false;
            }
        },
        action.what);
    return handled;
}

core::Json EditorController::insight_test_state() const {
    const TeamInsight& in = s_.editor.insight;
    auto id = [&](std::uint32_t i) { return i < in.activity.distributors.size() ? in.activity.distributors[i].id : std::string(); };
    auto reach = [&](const core::CampaignReach& r) {
        return Json{{"campaign", in.campaign(r.campaign)}, {"visits", r.visits}, {"by_hop", r.visits_by_hop}, {"furthest", r.furthest_hop},
                    {"first_share", r.orders_first_share}, {"reshared", r.orders_reshared}, {"views", r.views}, {"orders", r.orders},
                    {"sales", r.sales}, {"by_channel", r.visits_by_channel}, {"orders_by_channel", r.orders_by_channel}};
    };
    Json members = Json::array(), quiet = Json::array(), campaigns = Json::array(), links = Json::array(), days = Json::array();
    for (const auto& m : in.members) {
        Json scanned = Json::array();
        for (const auto& [c, n] : m.campaigns) scanned.push_back({in.campaign(c), n});
        members.push_back({{"id", id(m.index)}, {"scans", m.scans}, {"last_scan", m.last_scan}, {"campaigns", scanned}});
    }
    for (std::uint32_t i : in.quiet) quiet.push_back(id(i));
    for (const auto& d : in.days) days.push_back(d.qr_scans);
    for (const auto& c : in.reach.campaigns) campaigns.push_back(reach(c));
    for (const auto& l : in.reach.links) {
        Json j = reach(l.reach);
        j["campaign"] = in.campaign(l.campaign);
        j["channel"] = core::channel_name(l.channel);
        links.push_back(std::move(j));
    }
    return {{"ready", in.ready},
            {"range_days", in.range_days},
            {"from_day", in.from_day},
            {"to_day", in.to_day},
            {"picked", id(in.picked)},
            {"days", days},
            {"team_scans", in.team_scans},
            {"members", members},
            {"quiet_days", in.quiet_days},
            {"quiet", quiet},
            {"reach", {{"total", reach(in.reach.total)}, {"campaigns", campaigns}, {"links", links}}},
            {"compute_ms", in.compute_ms}};
}

}  // namespace app
