// The demo's history: six weeks of a small shop network at work, ending at a given moment (the
// time the demo starts), so every dashboard, console tab and statement shows real numbers the first
// time someone opens it.
//
// [SECTION] Options   when the history ends, how long it is, the seed
// [SECTION] History   the lines serve.py --import-activity reads
// [SECTION] Builder   build_demo_history
//
// Made from the seeded demo's own signed documents (documents.jsonl) and passphrases (demo.json):
//   visitors reach the demo shops by QR code, chat share, copied link or directly, with campaigns
//   (the brands' articles among them: such a visit reads the article, an "article_view" event) and
//   re-shares (hops); some put products in the cart and order. Customers keep to one shop, so
//   the store's binding credits that shop's distributor, and the store's split (the core's) gives
//   the shares this builder also computes. Orders then live: paid, delivered, some refunded inside
//   the refund window, one refunded after it was paid out, some cancelled, the newest still on their
//   way. Weekly payout batches (the core's make_payout_batch over the same ledger, signed by the
//   brand) are paid, with one failed transfer that the next batch pays again.
//
// Lines (serve.py --import-activity DIR imports them through the store's own rules):
//   DIR/events.ndjson   {"id","type","shop","product","visitor","channel","campaign","hop","at"}
//                       ("product" of an "article_view" is the article's id)
//   DIR/orders.ndjson   {"id","placed_ms","order": POST /api/orders body, "statuses": [{"envelope"}]}
//   DIR/payouts.ndjson  {"batch": envelope} and {"mark": envelope}, in the order they happened
// Deterministic for the same documents, options and end time.
#pragma once
#include <cstdint>
#include <string>

#include "core/json.h"
#include "core/result.h"
#include "core/time.h"

namespace demo {

// [SECTION] Options
struct HistoryOptions {
    core::UtcMs end = 0;   // the last moment of history (the demo's "now")
    int days = 42;
    std::uint64_t seed = 11;
    bool fast_keys = false;  // derive the brands' keys with derive_keypair_fast (tests built that way)
};

// [SECTION] History
struct DemoHistory {
    std::string events, orders, payouts;  // NDJSON text of each file
    long event_count = 0, order_count = 0, status_count = 0, batch_count = 0, mark_count = 0;
    long refunded = 0, refunded_after_payout = 0, cancelled = 0, failed_lines = 0;
    core::Json summary() const;
};

// [SECTION] Builder
// documents: the text of documents.jsonl; demo: demo.json (brands' passphrases, shops).
core::Result<DemoHistory> build_demo_history(const std::string& documents, const core::Json& demo, const HistoryOptions& options);

}  // namespace demo
