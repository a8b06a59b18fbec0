// Scale activity: a season of shoppers in the scale world, for the benchmarks (issue 2 item 6).
// gen_demo --scale writes it next to the scale documents; serve.py --import-activity loads it.
//
// [SECTION] Options    how many events, the seed, the window
// [SECTION] Activity   events and orders in time order, and their lines in the store's shapes
// [SECTION] Builder    build_scale_activity
//
// What is generated (deterministic: the same options give the same bytes):
//   visitors arrive at a shop of the scale world (busy shops get more of them) through a qr, share
//   or link referral (with campaigns and hops) or directly, and come back in later sessions, now and
//   then to another shop. A session is a visit, product views of that shop's selection, sometimes a
//   share, and for some an add to cart -> checkout start -> order placed. Every order_placed event
//   has its order: the cart's lines priced from the signed release (integer minor units), the
//   visitor's contact (one phone per visitor, so repeat buyers are one customer), the session's
//   referral, and the status changes the brand signed since (paid, delivered, refunded, cancelled).
//
// Lines, one JSON object each (DIR/events.ndjson, DIR/orders.ndjson):
//   event  {"id","type","shop","product","visitor","channel","campaign","hop","at"}: an item of
//          POST /api/events, exactly as the app sends it (the store resolves distributor and brands)
//   order  {"id","placed_ms","order": <a POST /api/orders body>, "statuses": [{"envelope"}...]}:
//          the order as placed at placed_ms under the store's order id "id"; each status change is
//          a POST /api/orders/<id>/status body, signed by the brand's key.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/analytics/dashboard.h"
#include "core/json.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"
#include "core/trust/trust.h"
#include "demo_world.h"

namespace demo {

// [SECTION] Options
// The activity ends here (2026-10-19 UTC), before any machine that runs the benchmarks: the store
// would replace a time more than ten minutes ahead of its own clock with the time it received it.
constexpr core::UtcMs kActivityEnd = 1792500000000;

struct ActivityOptions {
    long events = 1'000'000;  // exactly this many events (the orders follow from them)
    int days = 90;            // the window ends at `end`
    core::UtcMs end = kActivityEnd;  // gen_demo --activity-end: e.g. today, so that "the last 7 days" hold traffic
    std::uint64_t seed = 2026;
};

// [SECTION] Activity
struct GenEvent {
    core::UtcMs at = 0;
    std::uint32_t visitor = 0;
    std::uint32_t product = 0;  // index + 1 into ScaleActivity::products; 0 = none
    std::uint16_t shop = 0;     // index into ScaleActivity::shops
    core::EventType type = core::EventType::Visit;
    core::Channel channel = core::Channel::Direct;
    std::uint8_t hop = 0, campaign = 0;  // campaign: index + 1 into campaign names; 0 = none
};

struct GenLine {
    std::uint32_t product = 0;  // index into ScaleActivity::products
    int qty = 1;
};

struct GenOrder {
    std::string id, key;
    core::UtcMs placed = 0;
    std::uint32_t visitor = 0;
    std::uint16_t shop = 0;
    core::Channel channel = core::Channel::Direct;
    std::uint8_t hop = 0, campaign = 0;
    std::vector<GenLine> lines;
    core::Minor total = 0;
    std::vector<core::OrderStatus> statuses;  // after "placed", in order
    std::vector<core::UtcMs> status_at;
    std::vector<core::Envelope> envelopes;    // the brand-signed status changes
};

struct ScaleActivity {
    std::string brand, currency;
    std::vector<std::string> shops;      // slugs
    std::vector<std::string> products;   // ids in the signed release
    std::vector<core::Minor> prices;     // by product index
    std::vector<GenEvent> events;        // in time order; event i has id event_id(i)
    std::vector<GenOrder> orders;        // in time order
    long visitors = 0, sessions = 0;
    core::UtcMs start = 0, end = 0;

    static std::string event_id(std::size_t i);
    std::string visitor_id(std::uint32_t v) const;
    void append_event_line(std::string& out, std::size_t i) const;  // with the newline
    std::string order_line(std::size_t i) const;                     // with the newline
    core::Json summary() const;
};

// [SECTION] Builder
// The scale world's first brand, its release and its shops (the manifests' selections) are what the
// activity uses; status changes are signed with the brand's key, derived from its passphrase as the
// world derived it (options.real_passphrase_keys).
core::Result<ScaleActivity> build_scale_activity(const World& world, const Options& options, const ActivityOptions& activity);

}  // namespace demo
