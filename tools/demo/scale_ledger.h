// Scale ledger: a million orders of the scale world's brand as settlement sees them, for the
// settlement benchmark (issue 2 item 6: "1,000,000 orders and events"; PRODUCT.md: a million
// orders for 20,000 distributors settled in about a second, in the browser).
//
// [SECTION] Options    how many orders, the seed, the window
// [SECTION] Builder    build_scale_ledger
//
// Each order is credited to one of the world's 20,000 distributors (busy ones get more: a
// Zipf-like choice), holds 1-3 lines priced from the signed release, and is split up that
// distributor's recruiting chain with the brand's signed policy (core::split_order). Its life:
// most are delivered a few days after they are placed; some are refunded (before or after the
// refund window) or cancelled; the newest are still on their way. Deterministic: the same options
// give the same bytes. gen_demo writes it as DIR/ledger/orders.ndjson (core::ledger_order_line).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/ledger/settlement.h"
#include "core/result.h"
#include "demo_world.h"

namespace demo {

// [SECTION] Options
struct LedgerOptions {
    long orders = 1'000'000;
    int days = 120;        // placed over this many days before kLedgerEnd
    std::uint64_t seed = 11;
};
constexpr core::UtcMs kLedgerEnd = 1792500000000;  // 2026-10-19, like the scale activity

// [SECTION] Builder
struct ScaleLedger {
    core::Ledger ledger;
    core::SettlementOptions settle;                       // from the brand's signed policy
    std::unordered_map<std::string, std::string> names;   // distributor id -> name (for the CSV)
    long delivered = 0, refunded = 0, cancelled = 0, open = 0;  // refunded: delivered, then refunded
};

core::Result<ScaleLedger> build_scale_ledger(const World& world, const LedgerOptions& options);

}  // namespace demo
