// Settlement: commission balances and payout batches, from orders as the store records them.
//
// [SECTION] Ledger     what settlement needs of each order: who earns what, when it was delivered
//                      and whether (and when) it was refunded or cancelled; payees interned
// [SECTION] Balances   per payee: pending (frozen), settleable, paid, clawback owed, cancelled
// [SECTION] Batches    a payout batch as of a cutoff: every payee whose settleable balance, less the
//                      clawbacks they owe, reaches the brand's minimum payout
// [SECTION] CSV        one line per payee for the bank transfer
// [SECTION] Lines      a ledger order as one line of JSON (the scale ledger's file) and back
//
// The rules (PRODUCT.md, "Commission and settlement"):
//   A share of an order (split_order, commission.h) is frozen until the order is delivered and
//   the refund window (freeze_days) has passed: then it is settleable. A refund or cancellation
//   before the share was paid cancels it; after it was paid, it books a clawback that the payee's
//   next payout deducts. A batch pays each payee everything settleable as of its cutoff that no
//   earlier batch paid, less what they owe, when that is at or above the minimum payout; the rest
//   waits for a later batch. Batches are idempotent: asking again for a cutoff already paid gives
//   that same batch, and no share is ever in two batches. Money stays in integer minor units; a
//   batch's lines add up to its total exactly.
//
// Which batch paid a share follows from the batches themselves (their cutoffs and who they paid),
// so a ledger rebuilt from the store's orders and its list of batches gives the same answers.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ledger/commission.h"
#include "core/result.h"
#include "core/time.h"

namespace core {

// [SECTION] Ledger
using PayeeId = std::uint32_t;

struct LedgerShare {
    PayeeId payee = 0;
    Minor amount = 0;
};

struct LedgerOrder {
    std::string id;
    UtcMs placed_ms = 0;
    UtcMs delivered_ms = 0;  // 0: not delivered (yet)
    UtcMs voided_ms = 0;     // refunded or cancelled at; 0: neither
    std::uint32_t first_share = 0, share_count = 0;  // into Ledger::shares
};

struct Ledger {
    std::string brand, currency;
    std::vector<std::string> payees;  // distributor ids; PayeeId indexes this
    std::vector<LedgerOrder> orders;
    std::vector<LedgerShare> shares;

    PayeeId payee(const std::string& distributor);  // interned
    const PayeeId* find_payee(const std::string& distributor) const;
    // An order and its payees' shares (zero amounts are left out).
    void add(const std::string& id, UtcMs placed, UtcMs delivered, UtcMs voided, const std::vector<Payee>& split);

private:
    std::unordered_map<std::string, PayeeId> index_;
};

// [SECTION] Batches
struct PayoutLine {
    std::string payee;     // distributor id
    Minor gross = 0;       // settleable shares paid by this batch
    Minor clawback = 0;    // owed from refunds after earlier payouts, deducted here
    Minor amount = 0;      // gross - clawback: what is transferred (>= the minimum payout)
    long shares = 0;       // how many shares the gross covers
};

struct PayoutBatch {
    std::string id;        // "pb_" + brand + "_" + cutoff: the same cutoff is the same batch
    std::string brand, currency;
    UtcMs cutoff = 0;      // shares settleable at or before this moment are in it
    std::vector<PayoutLine> lines;  // by payee id, ascending
    Minor total = 0;       // sum of the lines' amounts
    long held_back = 0;    // payees with new earnings not paid now (below the minimum after what they owe), left for later
};

// [SECTION] Balances
struct PayeeBalance {
    Minor pending = 0;     // not delivered yet, or inside the refund window
    Minor settleable = 0;  // past the window and not paid by any batch
    Minor paid = 0;        // paid by a batch (including shares later clawed back)
    Minor clawback = 0;    // still owed: refunded after it was paid, not yet deducted
    Minor cancelled = 0;   // refunded or cancelled before it was paid
};

struct SettlementOptions {
    int freeze_days = 7;
    Minor min_payout = 5000;
};

// Every payee's balance at `now`, given the batches made so far (oldest first).
std::vector<PayeeBalance> compute_balances(const Ledger& ledger, const std::vector<PayoutBatch>& batches,
                                           const SettlementOptions& options, UtcMs now);

// The batch for `cutoff` after `batches` (oldest first): the one already made for that cutoff if
// there is one (nothing is paid twice), else a new one. A cutoff before the last batch's is refused.
Result<PayoutBatch> make_payout_batch(const Ledger& ledger, const std::vector<PayoutBatch>& batches,
                                      const SettlementOptions& options, UtcMs cutoff);

// [SECTION] CSV
// "batch,payee,name,currency,amount_minor,amount,gross_minor,clawback_minor,shares" and a line per
// payee; names by distributor id (empty when unknown). Fields are quoted where CSV needs it, and a
// name starting with = + - @ is prefixed with ' so spreadsheets do not run it as a formula.
std::string payout_csv(const PayoutBatch& batch, const std::unordered_map<std::string, std::string>& names);

// "12.34" for 1234 in a two-decimal currency ("JPY" and "KRW" have none).
std::string decimal_amount(Minor amount, const std::string& currency);

// [SECTION] Lines
// {"id","placed","delivered","voided","payees":[["d_...",amount],...]}: times in UTC ms (0 = not
// delivered / neither refunded nor cancelled), amounts in minor units. With the newline.
std::string ledger_order_line(const Ledger& ledger, std::size_t order);
// Adds the order a line describes; false (nothing added) when the line is not one.
bool add_ledger_order_line(Ledger& ledger, std::string_view line);

}  // namespace core
