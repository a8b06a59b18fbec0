// Insight: a brand's traffic and sales, its ground promoters' QR scans and how far shared posts
// travel, computed in the browser from the brand's whole activity (a million events stay quick).
//
// [SECTION] Activity   the brand's events and orders in columns: distributors (with their recruiter,
//                      level and join date), campaigns and visitors interned; from the store's compact
//                      form (DSA1), or from a distributor's own activity pages
// [SECTION] Codec      DSA1: how the brand's activity travels from the store (9 bytes an event)
// [SECTION] Cube       per day and distributor, and per day, campaign and hop: built once, so that a
//                      new date range is a sum over a few thousand cells, not a pass over every event
// [SECTION] Report     one date range: totals, the day-by-day series, the funnel, channels,
//                      campaigns with their reach (visits by hop), distributors and teams
// [SECTION] Quiet      who has had no visit, or no QR scan, for N days
//
// Counts are events (visits, product views, carts, checkout starts) and orders placed in a shop in
// the range; sales are the totals of those orders not cancelled or refunded, in the brand's currency.
// A team is a distributor and everyone below them in the brand's recruiting tree.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/analytics/dashboard.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"

namespace core {

// [SECTION] Activity
struct BrandDistributor {
    std::string id, name, slug;
    std::int32_t parent = -1;  // index into BrandActivity::distributors; -1: the brand recruited them
    int level = 1;
    UtcMs joined_ms = 0;
    bool shop = false;         // has a published shop (only those can have visits)
};

struct BrandEvent {
    UtcMs at = 0;
    std::uint32_t visitor = 0;      // 0: unknown
    std::uint32_t distributor = 0;  // whose shop
    std::uint16_t campaign = 0;     // 0: none; else index + 1 into campaigns
    EventType type = EventType::Other;
    Channel channel = Channel::Direct;
    std::uint8_t hop = 0;
};

struct BrandOrder {
    UtcMs at = 0;                   // placed
    std::uint32_t visitor = 0;
    std::uint32_t distributor = 0;  // whose shop sold it
    std::uint16_t campaign = 0;
    OrderStatus status = OrderStatus::Placed;
    Channel channel = Channel::Direct;  // the touch before the order
    std::uint8_t hop = 0;
    Minor total = 0;
};

struct BrandActivity {
    std::string brand, currency;
    std::vector<BrandDistributor> distributors;
    std::vector<std::string> campaigns;
    std::vector<BrandEvent> events;  // in time order
    std::vector<BrandOrder> orders;  // in time order
    std::uint32_t visitors = 0;      // distinct visitor ids handed out (1..visitors)

    std::uint32_t distributor(const std::string& id);  // interned (a new one joins with no details)
    std::uint16_t campaign(const std::string& name);   // 0 for ""; interned (at most 65,534)
    std::uint32_t visitor(const std::string& id);      // 0 for ""; interned
    const std::uint32_t* find_distributor(const std::string& id) const;

private:
    std::unordered_map<std::string, std::uint32_t> distributor_ids_, visitor_ids_;
    std::unordered_map<std::string, std::uint16_t> campaign_ids_;
};

// A distributor's own activity (their shop and their team, as the editor fetches it) in the same
// columns, so their promoter and reach views are computed by the same code as the brand's.
// `known`: distributors the caller knows from elsewhere (the team as the store lists it), kept at
// their positions (index i is known[i]; parents index into known), so that someone with no traffic
// yet still has a place: never visited, never scanned.
BrandActivity brand_activity_of(const Activity& activity, const std::vector<BrandDistributor>& known = {});

// [SECTION] Codec
// "DSA1", brand, currency, distributors (id, name, slug, parent + 1, level, joined), campaigns,
// visitor count, events (time delta, distributor, visitor, type/channel/hop, campaign), orders
// (time delta, distributor, visitor, status/channel, hop, campaign, total); LEB128 varints.
std::string encode_brand_activity(const BrandActivity& a);
Result<BrandActivity> decode_brand_activity(std::string_view bytes);

// [SECTION] Cube
struct DayCell {
    std::int32_t day = 0;  // day_index
    std::uint32_t distributor = 0;
    std::uint32_t visits = 0, views = 0, carts = 0, checkouts = 0, orders = 0, qr_scans = 0, shares = 0;
    Minor sales = 0;
};

struct ReachCell {
    std::int32_t day = 0;
    std::uint16_t campaign = 0;
    std::uint8_t hop = 0;      // 0, 1, 2, 3 = 3 or more
    Channel channel = Channel::Direct;
    std::uint32_t distributor = 0;
    std::uint32_t visits = 0, views = 0, orders = 0;  // views: product views in a visit from this campaign and link
    Minor sales = 0;            // of its orders not refunded or cancelled
    std::uint8_t furthest = 0;  // the highest hop seen in the cell
    std::uint32_t link = 0;     // shared visits (channel not direct): the index of their link (distributor,
                                // campaign, channel) among Cube::links, so that a range sums into an array
};

struct Cube {
    std::vector<DayCell> days;      // sorted by day, then distributor
    std::vector<ReachCell> reach;   // sorted by day, then campaign, distributor, channel, hop
    std::vector<UtcMs> last_visit, last_scan;  // by distributor, all time (0: never)
    std::int32_t first_day = 0, last_day = -1;
    std::uint32_t links = 0;        // shared links: ReachCell::link is below this, in (distributor, campaign, channel) order
    std::uint32_t campaigns = 0;    // campaigns + 1: ReachCell::campaign is below this
    std::vector<std::uint32_t> by_level;  // distributors deepest level first (how teams add up)
};
Cube build_cube(const BrandActivity& a);

// [SECTION] Report
struct Totals {
    long visits = 0, views = 0, carts = 0, checkouts = 0, orders = 0, qr_scans = 0, shares = 0;
    Minor sales = 0;
    double conversion() const { return visits ? static_cast<double>(orders) / static_cast<double>(visits) : 0.0; }
};

struct DayPoint {
    std::int32_t day = 0;
    long visits = 0, orders = 0, qr_scans = 0;
    Minor sales = 0;
};

struct CampaignReach {
    std::uint16_t campaign = 0;            // 0: visits with no campaign
    long visits = 0, views = 0, orders = 0;  // all of them, direct ones too; views: product views
    Minor sales = 0;                       // its orders' totals, refunded and cancelled ones left out
    std::array<long, 4> visits_by_channel{}, orders_by_channel{};  // by Channel (direct ones too)
    // Reach counts shared visits and orders only (QR code, chat share, copied link): a direct visit
    // was typed or came back by itself.
    std::array<long, 4> visits_by_hop{};   // hop 0, 1, 2, 3 or more
    long orders_first_share = 0, orders_reshared = 0;  // orders whose touch was hop 0, or 1 and more
    int furthest_hop = 0;
};

struct LinkReach {                          // one distributor's link for one campaign and channel
    std::uint32_t distributor = 0;
    std::uint16_t campaign = 0;
    Channel channel = Channel::Direct;
    CampaignReach reach;
};

struct Report {
    std::int32_t from_day = 0, to_day = 0;
    Totals totals;
    std::vector<DayPoint> daily;               // every day of the range, empty days included
    std::array<Totals, 4> channels{};          // by Channel
    std::vector<CampaignReach> campaigns;      // most visits first
    std::vector<LinkReach> links;              // shared links (share, qr, link) with re-shares, most visits first
    std::vector<Totals> distributors;          // by distributor index: their own shop
    std::vector<Totals> teams;                 // by distributor index: them and everyone below them
    std::vector<std::uint32_t> top;            // by sales in the range (then visits), at most 10
    std::vector<std::uint32_t> joined;         // distributors who joined in the range, newest first
};
// The range is whole days, from_day to to_day inclusive (day_index).
Report report(const Cube& cube, const BrandActivity& a, std::int32_t from_day, std::int32_t to_day);

// One distributor's QR scans per day over the range (a promoter's activity).
std::vector<DayPoint> scans_per_day(const Cube& cube, std::uint32_t distributor, std::int32_t from_day, std::int32_t to_day);
// The campaigns a distributor's QR codes were scanned for, in the range: (campaign, scans), most first.
std::vector<std::pair<std::uint16_t, long>> scanned_campaigns(const Cube& cube, std::uint32_t distributor, std::int32_t from_day,
                                                              std::int32_t to_day);

// How far one distributor's links travelled over the range: the campaigns visited through their
// shop from a shared link (QR code, chat share, copied link) with visits by hop, the furthest hop and
// orders from re-shares apart from first shares; each shared link (campaign and channel), passed on
// or not; and all of them added up. Here every count is of shared visits and orders (a direct visit
// was not shared: it is in none of them), so a campaign only ever visited directly is left out.
struct LinksReach {
    CampaignReach total;                   // all of the distributor's links
    std::vector<CampaignReach> campaigns;  // their links per campaign, most visits first
    std::vector<LinkReach> links;          // per campaign and channel, most visits first
};
LinksReach reach_of(const Cube& cube, std::uint32_t distributor, std::int32_t from_day, std::int32_t to_day);

// [SECTION] Quiet
// Distributors among `among` (when empty: every distributor with a shop) with no visit (or, with
// `scans`, no QR scan) in the `days` days before `now`: those never seen first (they have not
// started), then the longest quiet.
std::vector<std::uint32_t> quiet(const Cube& cube, const BrandActivity& a, UtcMs now, int days, bool scans,
                                 const std::vector<std::uint32_t>& among = {});

// The distributor and everyone below them (indices), by the recruiting tree.
std::vector<std::uint32_t> team_of(const BrandActivity& a, std::uint32_t distributor);

}  // namespace core
