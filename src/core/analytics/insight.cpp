#include "core/analytics/insight.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/orders/cart.h"
#include "core/varint.h"

namespace core {

// [SECTION] Activity -----------------------------------------------------------------------------

std::uint32_t BrandActivity::distributor(const std::string& id) {
    auto [it, added] = distributor_ids_.try_emplace(id, static_cast<std::uint32_t>(distributors.size()));
    if (added) {
        BrandDistributor d;
        d.id = id;
        distributors.push_back(std::move(d));
    }
    return it->second;
}

const std::uint32_t* BrandActivity::find_distributor(const std::string& id) const {
    auto it = distributor_ids_.find(id);
    return it == distributor_ids_.end() ? nullptr : &it->second;
}

std::uint16_t BrandActivity::campaign(const std::string& name) {
    if (name.empty()) return 0;
    auto it = campaign_ids_.find(name);
    if (it != campaign_ids_.end()) return it->second;
    if (campaigns.size() >= 65534) return 0;  // beyond that, counted with no campaign
    campaigns.push_back(name);
    const auto id = static_cast<std::uint16_t>(campaigns.size());
    campaign_ids_.emplace(name, id);
    return id;
}

std::uint32_t BrandActivity::visitor(const std::string& id) {
    if (id.empty()) return 0;
    auto [it, added] = visitor_ids_.try_emplace(id, visitors + 1);
    if (added) ++visitors;
    return it->second;
}

BrandActivity brand_activity_of(const Activity& act, const std::vector<BrandDistributor>& known) {
    BrandActivity a;
    for (const auto& k : known) {
        const std::uint32_t i = a.distributor(k.id);
        if (i + 1 != a.distributors.size()) continue;  // named twice: the first one stands
        a.distributors[i] = k;
        if (a.distributors[i].parent >= static_cast<std::int32_t>(known.size())) a.distributors[i].parent = -1;
    }
    for (const auto& e : act.events) {
        BrandEvent be;
        be.at = e.at;
        be.visitor = a.visitor(act.str(e.visitor));
        be.distributor = a.distributor(act.str(e.distributor));
        be.campaign = a.campaign(act.str(e.campaign));
        be.type = e.type;
        be.channel = e.channel;
        be.hop = e.hop;
        a.events.push_back(be);
    }
    for (const auto& o : act.orders) {
        BrandOrder bo;
        bo.at = o.placed_ms;
        bo.distributor = a.distributor(o.shop_distributor);
        bo.campaign = a.campaign(o.campaign);
        bo.status = o.status;
        bo.channel = o.channel;
        bo.hop = o.hop;
        bo.total = o.total;
        a.orders.push_back(bo);
    }
    // A distributor whose shop had traffic or orders has one.
    for (const auto& e : a.events) a.distributors[e.distributor].shop = true;
    for (const auto& o : a.orders) a.distributors[o.distributor].shop = true;
    std::stable_sort(a.events.begin(), a.events.end(), [](const BrandEvent& x, const BrandEvent& y) { return x.at < y.at; });
    std::stable_sort(a.orders.begin(), a.orders.end(), [](const BrandOrder& x, const BrandOrder& y) { return x.at < y.at; });
    return a;
}

// [SECTION] Codec --------------------------------------------------------------------------------

std::string encode_brand_activity(const BrandActivity& a) {
    std::string out = "DSA1";
    out.reserve(64 + a.events.size() * 9 + a.orders.size() * 12 + a.distributors.size() * 32);
    put_string(out, a.brand);
    put_string(out, a.currency);
    put_varint(out, a.distributors.size());
    for (const auto& d : a.distributors) {
        put_string(out, d.id);
        put_string(out, d.name);
        put_string(out, d.slug);
        put_varint(out, static_cast<std::uint64_t>(d.parent + 1));
        put_varint(out, static_cast<std::uint64_t>(std::max(0, d.level)) * 2 + (d.shop ? 1 : 0));
        put_varint(out, static_cast<std::uint64_t>(std::max<UtcMs>(0, d.joined_ms)));
    }
    put_varint(out, a.campaigns.size());
    for (const auto& c : a.campaigns) put_string(out, c);
    put_varint(out, a.visitors);
    put_varint(out, a.events.size());
    UtcMs prev = 0;
    for (const auto& e : a.events) {
        put_signed(out, e.at - prev);
        prev = e.at;
        put_varint(out, e.distributor);
        put_varint(out, e.visitor);
        // type (3 bits), channel (2 bits), hop capped at 7 (3 bits) in one byte; the real hop above 6 follows.
        const unsigned hop = std::min<unsigned>(e.hop, 7);
        out += static_cast<char>((static_cast<unsigned>(e.type) & 7) | ((static_cast<unsigned>(e.channel) & 3) << 3) | (hop << 5));
        if (hop == 7) put_varint(out, e.hop);
        put_varint(out, e.campaign);
    }
    put_varint(out, a.orders.size());
    prev = 0;
    for (const auto& o : a.orders) {
        put_signed(out, o.at - prev);
        prev = o.at;
        put_varint(out, o.distributor);
        put_varint(out, o.visitor);
        out += static_cast<char>((static_cast<unsigned>(o.status) & 7) | ((static_cast<unsigned>(o.channel) & 3) << 3));
        put_varint(out, o.hop);
        put_varint(out, o.campaign);
        put_varint(out, static_cast<std::uint64_t>(std::max<Minor>(0, o.total)));
    }
    return out;
}

namespace {
// The next time of a delta-coded column: false (and `at` unchanged) when the step or the time it
// leads to is outside 1970..9999, which no store writes (found by tests/fuzz/fuzz_brand_activity:
// the running sum of steps overflowed).
bool next_time(VarintReader& r, UtcMs& at) {
    const std::int64_t step = r.signed_varint();
    if (!r.ok) return true;  // cut short: the caller's check at the end of the record says so
    if (step < -kMaxUtcMs || step > kMaxUtcMs || at + step < 0 || at + step > kMaxUtcMs) return false;
    at += step;
    return true;
}
}  // namespace

Result<BrandActivity> decode_brand_activity(std::string_view bytes) {
    auto bad = [](const std::string& m) { return make_error("bad_activity", "The brand's activity could not be read: " + m + "."); };
    if (bytes.size() < 4 || bytes.substr(0, 4) != "DSA1") return bad("it is not an activity file (or another version of one)");
    VarintReader r{bytes, 4};
    BrandActivity a;
    a.brand = r.string(256);
    a.currency = r.string(16);
    const std::uint64_t nd = r.varint();
    if (!r.ok || nd > bytes.size()) return bad("its header is cut short");
    for (std::uint64_t i = 0; i < nd && r.ok; ++i) {
        const std::string id = r.string(256);
        if (!r.ok) break;
        if (a.distributor(id) != i) return bad("a distributor is named twice");
        BrandDistributor& d = a.distributors.back();
        d.name = r.string(1024);
        d.slug = r.string(256);
        const std::uint64_t parent = r.varint();
        const std::uint64_t ls = r.varint();
        d.level = static_cast<int>(std::min<std::uint64_t>(ls / 2, 1000));
        d.shop = ls & 1;
        const std::uint64_t joined = r.varint();
        // A recruiter past the list (its index - 1 could overflow an int) and a join time outside
        // 1970..9999 (the reports do date arithmetic on it) are refused, like the event times below.
        if (r.ok && (parent > nd || joined > static_cast<std::uint64_t>(kMaxUtcMs))) return bad("a distributor is damaged");
        d.parent = static_cast<std::int32_t>(parent) - 1;
        d.joined_ms = static_cast<UtcMs>(joined);
    }
    if (!r.ok) return bad("its distributors are cut short");
    for (const auto& d : a.distributors)
        if (d.parent >= static_cast<std::int32_t>(a.distributors.size())) return bad("a distributor's recruiter is unknown");
    const std::uint64_t nc = r.varint();
    if (!r.ok || nc > 65534) return bad("its campaigns are damaged");
    for (std::uint64_t i = 0; i < nc && r.ok; ++i)
        if (a.campaign(r.string(1024)) != i + 1) return bad("a campaign is named twice");
    a.visitors = static_cast<std::uint32_t>(r.varint());
    const std::uint64_t ne = r.varint();
    if (!r.ok || ne > bytes.size()) return bad("its events are cut short");
    a.events.reserve(ne);
    UtcMs at = 0;
    for (std::uint64_t i = 0; i < ne && r.ok; ++i) {
        BrandEvent e;
        if (!next_time(r, at)) return bad("event " + std::to_string(i + 1) + " has a time out of range");
        e.at = at;
        e.distributor = static_cast<std::uint32_t>(r.varint());
        e.visitor = static_cast<std::uint32_t>(r.varint());
        if (r.pos >= bytes.size()) {
            r.ok = false;
            break;
        }
        const auto f = static_cast<unsigned char>(bytes[r.pos++]);
        e.type = static_cast<EventType>(std::min(f & 7u, static_cast<unsigned>(EventType::Other)));
        e.channel = static_cast<Channel>((f >> 3) & 3);
        const unsigned hop = f >> 5;
        e.hop = static_cast<std::uint8_t>(hop == 7 ? std::min<std::uint64_t>(r.varint(), 255) : hop);
        e.campaign = static_cast<std::uint16_t>(r.varint());
        if (e.distributor >= a.distributors.size() || e.visitor > a.visitors || e.campaign > a.campaigns.size())
            return bad("event " + std::to_string(i + 1) + " is damaged");
        a.events.push_back(e);
    }
    const std::uint64_t no = r.varint();
    if (!r.ok || no > bytes.size()) return bad("its orders are cut short");
    a.orders.reserve(no);
    at = 0;
    for (std::uint64_t i = 0; i < no && r.ok; ++i) {
        BrandOrder o;
        if (!next_time(r, at)) return bad("order " + std::to_string(i + 1) + " has a time out of range");
        o.at = at;
        o.distributor = static_cast<std::uint32_t>(r.varint());
        o.visitor = static_cast<std::uint32_t>(r.varint());
        if (r.pos >= bytes.size()) {
            r.ok = false;
            break;
        }
        const auto f = static_cast<unsigned char>(bytes[r.pos++]);
        o.status = static_cast<OrderStatus>(std::min(f & 7u, static_cast<unsigned>(OrderStatus::Settled)));
        o.channel = static_cast<Channel>((f >> 3) & 3);
        o.hop = static_cast<std::uint8_t>(std::min<std::uint64_t>(r.varint(), 255));
        o.campaign = static_cast<std::uint16_t>(r.varint());
        const std::uint64_t total = r.varint();
        o.total = static_cast<Minor>(total);
        if (o.distributor >= a.distributors.size() || o.visitor > a.visitors || o.campaign > a.campaigns.size() ||
            total > static_cast<std::uint64_t>(kMaxOrderTotal))  // no order is more: the sales sums stay exact
            return bad("order " + std::to_string(i + 1) + " is damaged");
        a.orders.push_back(o);
    }
    if (!r.ok) return bad("it is cut short");
    if (!r.at_end()) return bad("it has bytes after its last order");
    return a;
}

// [SECTION] Cube ---------------------------------------------------------------------------------

namespace {
std::int32_t day_of(UtcMs t) { return static_cast<std::int32_t>(day_index(t)); }
bool counted_sale(OrderStatus s) { return s != OrderStatus::Cancelled && s != OrderStatus::Refunded; }
std::uint8_t hop_bucket(std::uint8_t hop) { return hop >= 3 ? 3 : hop; }
}  // namespace

Cube build_cube(const BrandActivity& a) {
    Cube c;
    const std::size_t nd = a.distributors.size();
    c.last_visit.assign(nd, 0);
    c.last_scan.assign(nd, 0);
    std::map<std::pair<std::int32_t, std::uint32_t>, DayCell> days;
    std::map<std::tuple<std::int32_t, std::uint16_t, std::uint32_t, int, std::uint8_t>, ReachCell> reach;
    auto day_cell = [&](std::int32_t day, std::uint32_t d) -> DayCell& {
        DayCell& cell = days[{day, d}];
        cell.day = day;
        cell.distributor = d;
        return cell;
    };
    auto reach_cell = [&](std::int32_t day, std::uint16_t campaign, std::uint32_t d, Channel ch, std::uint8_t hop) -> ReachCell& {
        ReachCell& cell = reach[{day, campaign, d, static_cast<int>(ch), hop_bucket(hop)}];
        cell.day = day;
        cell.campaign = campaign;
        cell.distributor = d;
        cell.channel = ch;
        cell.hop = hop_bucket(hop);
        return cell;
    };
    for (const BrandEvent& e : a.events) {
        const std::int32_t day = day_of(e.at);
        DayCell& cell = day_cell(day, e.distributor);
        switch (e.type) {
            case EventType::Visit: {
                ++cell.visits;
                c.last_visit[e.distributor] = std::max(c.last_visit[e.distributor], e.at);
                if (e.channel == Channel::Qr) {
                    ++cell.qr_scans;
                    c.last_scan[e.distributor] = std::max(c.last_scan[e.distributor], e.at);
                }
                ReachCell& rc = reach_cell(day, e.campaign, e.distributor, e.channel, e.hop);
                ++rc.visits;
                rc.furthest = std::max(rc.furthest, e.hop);
                break;
            }
            case EventType::ProductView: {
                // A product view belongs to the campaign and link of the visit it happened in (what
                // an article's readers looked at), not to the reach: only visits travel.
                ++cell.views;
                ++reach_cell(day, e.campaign, e.distributor, e.channel, e.hop).views;
                break;
            }
            case EventType::AddToCart: ++cell.carts; break;
            case EventType::CheckoutStart: ++cell.checkouts; break;
            case EventType::Share: ++cell.shares; break;
            default: break;
        }
    }
    for (const BrandOrder& o : a.orders) {
        const std::int32_t day = day_of(o.at);
        DayCell& cell = day_cell(day, o.distributor);
        ++cell.orders;
        if (counted_sale(o.status)) cell.sales += o.total;
        ReachCell& rc = reach_cell(day, o.campaign, o.distributor, o.channel, o.hop);
        ++rc.orders;
        if (counted_sale(o.status)) rc.sales += o.total;
    }
    c.days.reserve(days.size());
    for (auto& [k, v] : days) c.days.push_back(v);
    c.reach.reserve(reach.size());
    for (auto& [k, v] : reach) c.reach.push_back(v);
    // Each shared link (distributor, campaign, channel) gets an index, in that order, so that a date
    // range adds its cells up in arrays (a map per report cost 20 ms over a million events).
    std::map<std::tuple<std::uint32_t, std::uint16_t, int>, std::uint32_t> links;
    for (const ReachCell& rc : c.reach)
        if (rc.channel != Channel::Direct) links.emplace(std::make_tuple(rc.distributor, rc.campaign, static_cast<int>(rc.channel)), 0);
    for (auto& [k, v] : links) v = c.links++;
    for (ReachCell& rc : c.reach)
        if (rc.channel != Channel::Direct) rc.link = links[std::make_tuple(rc.distributor, rc.campaign, static_cast<int>(rc.channel))];
    c.campaigns = static_cast<std::uint32_t>(a.campaigns.size()) + 1;
    // Teams add up from the deepest level: the order does not depend on the range.
    c.by_level.resize(nd);
    for (std::uint32_t i = 0; i < nd; ++i) c.by_level[i] = i;
    std::stable_sort(c.by_level.begin(), c.by_level.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return a.distributors[x].level > a.distributors[y].level; });
    if (!c.days.empty()) {
        c.first_day = c.days.front().day;
        c.last_day = c.days.back().day;
    }
    return c;
}

// [SECTION] Report -------------------------------------------------------------------------------

namespace {
void add(Totals& t, const DayCell& c) {
    t.visits += c.visits;
    t.views += c.views;
    t.carts += c.carts;
    t.checkouts += c.checkouts;
    t.orders += c.orders;
    t.qr_scans += c.qr_scans;
    t.shares += c.shares;
    t.sales += c.sales;
}
void add(CampaignReach& r, const ReachCell& c) {
    r.visits += c.visits;
    r.views += c.views;
    r.orders += c.orders;
    r.sales += c.sales;
    r.visits_by_channel[static_cast<std::size_t>(c.channel) & 3] += c.visits;
    r.orders_by_channel[static_cast<std::size_t>(c.channel) & 3] += c.orders;
    if (c.channel == Channel::Direct) return;  // a typed or returning visit was not shared: no reach
    r.visits_by_hop[c.hop] += c.visits;
    (c.hop == 0 ? r.orders_first_share : r.orders_reshared) += c.orders;
    r.furthest_hop = std::max<int>(r.furthest_hop, c.furthest);
}
template <class Cell>
std::pair<typename std::vector<Cell>::const_iterator, typename std::vector<Cell>::const_iterator> in_range(const std::vector<Cell>& cells,
                                                                                                          std::int32_t from, std::int32_t to) {
    auto lo = std::lower_bound(cells.begin(), cells.end(), from, [](const Cell& c, std::int32_t d) { return c.day < d; });
    auto hi = std::upper_bound(lo, cells.end(), to, [](std::int32_t d, const Cell& c) { return d < c.day; });
    return {lo, hi};
}

// Campaigns and shared links summed from the reach cells of a range: everyone's, or one distributor's.
// Arrays by campaign and by link index (Cube::links); `seen` says which ones the range has.
constexpr std::uint32_t kEveryone = UINT32_MAX;
struct ReachSums {
    std::vector<CampaignReach> campaigns;  // by campaign (0: none)
    std::vector<LinkReach> links;          // by link index, in (distributor, campaign, channel) order
    std::vector<char> campaign_seen, link_seen;
};
ReachSums sum_reach(const Cube& cube, std::int32_t from, std::int32_t to, std::uint32_t only) {
    ReachSums s;
    s.campaigns.resize(cube.campaigns);
    s.campaign_seen.assign(cube.campaigns, 0);
    s.links.resize(cube.links);
    s.link_seen.assign(cube.links, 0);
    auto [lo, hi] = in_range(cube.reach, from, to);
    for (auto it = lo; it != hi; ++it) {
        if (only != kEveryone && it->distributor != only) continue;
        if (it->campaign >= s.campaigns.size()) {
            s.campaigns.resize(it->campaign + 1u);
            s.campaign_seen.resize(it->campaign + 1u, 0);
        }
        CampaignReach& cr = s.campaigns[it->campaign];
        cr.campaign = it->campaign;
        s.campaign_seen[it->campaign] = 1;
        add(cr, *it);
        if (it->channel != Channel::Direct && it->link < s.links.size()) {
            LinkReach& lr = s.links[it->link];
            s.link_seen[it->link] = 1;
            lr.distributor = it->distributor;
            lr.campaign = it->campaign;
            lr.channel = it->channel;
            lr.reach.campaign = it->campaign;
            add(lr.reach, *it);
        }
    }
    return s;
}
void by_visits(std::vector<CampaignReach>& v) {
    std::stable_sort(v.begin(), v.end(), [](const CampaignReach& x, const CampaignReach& y) { return x.visits > y.visits; });
}
void by_visits(std::vector<LinkReach>& v) {
    std::stable_sort(v.begin(), v.end(), [](const LinkReach& x, const LinkReach& y) { return x.reach.visits > y.reach.visits; });
}
}  // namespace

std::vector<std::uint32_t> team_of(const BrandActivity& a, std::uint32_t root) {
    std::vector<std::vector<std::uint32_t>> kids(a.distributors.size());
    for (std::uint32_t i = 0; i < a.distributors.size(); ++i)
        if (a.distributors[i].parent >= 0) kids[static_cast<std::size_t>(a.distributors[i].parent)].push_back(i);
    std::vector<std::uint32_t> out{root}, todo{root};
    std::vector<bool> seen(a.distributors.size(), false);
    if (root < seen.size()) seen[root] = true;
    while (!todo.empty()) {
        const std::uint32_t d = todo.back();
        todo.pop_back();
        if (d >= kids.size()) continue;
        for (std::uint32_t k : kids[d])
            if (!seen[k]) {  // a damaged tree with a loop is walked once
                seen[k] = true;
                out.push_back(k);
                todo.push_back(k);
            }
    }
    return out;
}

Report report(const Cube& cube, const BrandActivity& a, std::int32_t from, std::int32_t to) {
    Report r;
    r.from_day = from;
    r.to_day = std::max(from, to);
    const std::size_t nd = a.distributors.size();
    r.distributors.assign(nd, Totals{});
    for (std::int32_t d = r.from_day; d <= r.to_day && r.daily.size() < 4000; ++d) r.daily.push_back(DayPoint{d});
    auto [dlo, dhi] = in_range(cube.days, r.from_day, r.to_day);
    for (auto it = dlo; it != dhi; ++it) {
        add(r.totals, *it);
        if (it->distributor < nd) add(r.distributors[it->distributor], *it);
        const std::size_t k = static_cast<std::size_t>(it->day - r.from_day);
        if (k < r.daily.size()) {
            r.daily[k].visits += it->visits;
            r.daily[k].orders += it->orders;
            r.daily[k].qr_scans += it->qr_scans;
            r.daily[k].sales += it->sales;
        }
    }
    // Channels, campaigns and links, from the reach cells.
    auto [rlo, rhi] = in_range(cube.reach, r.from_day, r.to_day);
    for (auto it = rlo; it != rhi; ++it) {
        Totals& ch = r.channels[static_cast<std::size_t>(it->channel)];
        ch.visits += it->visits;
        ch.orders += it->orders;
    }
    const ReachSums sums = sum_reach(cube, r.from_day, r.to_day, kEveryone);
    for (std::size_t i = 0; i < sums.campaigns.size(); ++i)
        if (sums.campaign_seen[i]) r.campaigns.push_back(sums.campaigns[i]);
    by_visits(r.campaigns);
    for (std::size_t i = 0; i < sums.links.size(); ++i)
        if (sums.link_seen[i] && sums.links[i].reach.furthest_hop > 0) r.links.push_back(sums.links[i]);  // a link somebody passed on
    by_visits(r.links);
    // Channel sales: orders carry their channel; the day cells do not, so add them here.
    for (const BrandOrder& o : a.orders) {
        const std::int32_t day = static_cast<std::int32_t>(day_index(o.at));
        if (day < r.from_day || day > r.to_day || !counted_sale(o.status)) continue;
        r.channels[static_cast<std::size_t>(o.channel)].sales += o.total;
    }
    // Teams: each distributor's totals added to every recruiter above them.
    r.teams = r.distributors;
    std::vector<std::uint32_t> order;
    if (cube.by_level.size() != nd) {  // a cube of another activity: sort here
        order.resize(nd);
        for (std::uint32_t i = 0; i < nd; ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return a.distributors[x].level > a.distributors[y].level; });
    }
    for (std::uint32_t i : cube.by_level.size() == nd ? cube.by_level : order) {
        const std::int32_t p = a.distributors[i].parent;
        if (p < 0 || static_cast<std::size_t>(p) >= nd || a.distributors[static_cast<std::size_t>(p)].level >= a.distributors[i].level) continue;
        Totals& up = r.teams[static_cast<std::size_t>(p)];
        const Totals& t = r.teams[i];
        up.visits += t.visits;
        up.views += t.views;
        up.carts += t.carts;
        up.checkouts += t.checkouts;
        up.orders += t.orders;
        up.qr_scans += t.qr_scans;
        up.shares += t.shares;
        up.sales += t.sales;
    }
    // Top distributors and who joined.
    std::vector<std::uint32_t> active;
    for (std::uint32_t i = 0; i < nd; ++i)
        if (r.distributors[i].visits || r.distributors[i].orders) active.push_back(i);
    std::stable_sort(active.begin(), active.end(), [&](std::uint32_t x, std::uint32_t y) {
        const Totals &a1 = r.distributors[x], &b1 = r.distributors[y];
        return a1.sales != b1.sales ? a1.sales > b1.sales : a1.visits > b1.visits;
    });
    if (active.size() > 10) active.resize(10);
    r.top = std::move(active);
    for (std::uint32_t i = 0; i < nd; ++i) {
        const UtcMs j = a.distributors[i].joined_ms;
        if (j > 0 && day_index(j) >= r.from_day && day_index(j) <= r.to_day) r.joined.push_back(i);
    }
    std::stable_sort(r.joined.begin(), r.joined.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return a.distributors[x].joined_ms > a.distributors[y].joined_ms; });
    return r;
}

std::vector<DayPoint> scans_per_day(const Cube& cube, std::uint32_t distributor, std::int32_t from, std::int32_t to) {
    std::vector<DayPoint> out;
    for (std::int32_t d = from; d <= to && out.size() < 4000; ++d) out.push_back(DayPoint{d});
    auto [lo, hi] = in_range(cube.days, from, to);
    for (auto it = lo; it != hi; ++it)
        if (it->distributor == distributor) {
            // The list stops at 4000 days (as report's does): a cell past it is not written past
            // the end (found by tests/fuzz/fuzz_brand_activity).
            const std::size_t k = static_cast<std::size_t>(it->day - from);
            if (k >= out.size()) continue;
            DayPoint& p = out[k];
            p.qr_scans += it->qr_scans;
            p.visits += it->visits;
            p.orders += it->orders;
            p.sales += it->sales;
        }
    return out;
}

std::vector<std::pair<std::uint16_t, long>> scanned_campaigns(const Cube& cube, std::uint32_t distributor, std::int32_t from, std::int32_t to) {
    std::map<std::uint16_t, long> by;
    auto [lo, hi] = in_range(cube.reach, from, to);
    for (auto it = lo; it != hi; ++it)
        if (it->distributor == distributor && it->channel == Channel::Qr) by[it->campaign] += it->visits;
    std::vector<std::pair<std::uint16_t, long>> out(by.begin(), by.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    return out;
}

LinksReach reach_of(const Cube& cube, std::uint32_t distributor, std::int32_t from, std::int32_t to) {
    LinksReach out;
    std::map<std::uint16_t, CampaignReach> campaigns;
    auto merge = [](CampaignReach& into, const CampaignReach& r) {
        into.visits += r.visits;
        into.views += r.views;
        into.orders += r.orders;
        into.sales += r.sales;
        for (std::size_t ch = 0; ch < 4; ++ch) {
            into.visits_by_channel[ch] += r.visits_by_channel[ch];
            into.orders_by_channel[ch] += r.orders_by_channel[ch];
        }
        for (std::size_t h = 0; h < 4; ++h) into.visits_by_hop[h] += r.visits_by_hop[h];
        into.orders_first_share += r.orders_first_share;
        into.orders_reshared += r.orders_reshared;
        into.furthest_hop = std::max(into.furthest_hop, r.furthest_hop);
    };
    // From the links alone: a direct visit was not shared, so it is not in any of them.
    const ReachSums sums = sum_reach(cube, from, to, distributor);
    for (std::size_t i = 0; i < sums.links.size(); ++i) {
        if (!sums.link_seen[i]) continue;
        const LinkReach& link = sums.links[i];
        out.links.push_back(link);
        merge(out.total, link.reach);
        CampaignReach& c = campaigns[link.campaign];
        c.campaign = link.campaign;
        merge(c, link.reach);
    }
    for (const auto& [k, c] : campaigns) out.campaigns.push_back(c);
    by_visits(out.campaigns);
    by_visits(out.links);
    return out;
}

// [SECTION] Quiet --------------------------------------------------------------------------------

std::vector<std::uint32_t> quiet(const Cube& cube, const BrandActivity& a, UtcMs now, int days, bool scans,
                                 const std::vector<std::uint32_t>& among) {
    const std::vector<UtcMs>& last = scans ? cube.last_scan : cube.last_visit;
    const UtcMs since = now - static_cast<UtcMs>(days) * kMsPerDay;
    std::vector<std::uint32_t> out;
    auto consider = [&](std::uint32_t i) {
        if (i < last.size() && last[i] < since) out.push_back(i);
    };
    if (among.empty()) {
        for (std::uint32_t i = 0; i < last.size() && i < a.distributors.size(); ++i)
            if (a.distributors[i].shop) consider(i);
    } else {
        for (std::uint32_t i : among) consider(i);
    }
    // Those who have never been seen first (they have not started), then the longest quiet.
    std::stable_sort(out.begin(), out.end(), [&](std::uint32_t x, std::uint32_t y) { return last[x] < last[y]; });
    return out;
}

}  // namespace core
