// Settlement: commission balances and payout batches, from orders as the store records them.
//
// [SECTION] Ledger     what settlement needs of each order: who earns what, when it was delivered
//                      and whether (and when) it was refunded or cancelled; payees interned
// [SECTION] Balances   per payee: pending (frozen), settleable, paid, clawback owed, cancelled
// [SECTION] Batches    a payout batch as of a cutoff: every payee whose settleable balance, less the
//                      clawbacks they owe, reaches the brand's minimum payout
// [SECTION] CSV        one line per payee for the bank transfer
// [SECTION] Lines      a ledger order as one line of JSON (the scale ledger's file) and back
// [SECTION] Documents  a batch as the brand signs it, the store's check that it is the batch the
//                      ledger gives, and the paid/failed marks on its lines
// [SECTION] Codec      the ledger in a compact binary form: how it travels from the store to the
//                      browser (1,000,000 orders in about 20 MB before compression)
// [SECTION] Statements what one payee's line of one batch was made of: the orders and levels
//                      behind it and the clawbacks it deducted
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
// so a ledger rebuilt from the store's orders and its list of batches gives the same answers. A
// line marked failed (the bank sent the transfer back) paid nothing: its shares are settleable
// again and its clawback is still owed, so the next batch takes them up. Batches are not atomic in
// real banks; each line is its own transfer.
//
// Times are the store's: an order's delivery and its refund or cancellation count from when the
// store learned of them (never earlier), so a status that arrives late cannot rewrite a batch
// already made.
#pragma once
#include <cstdint>
#include <optional>
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
    std::uint8_t level = 0;  // 0 = the seller, 1 = their recruiter, ...
};

struct LedgerOrder {
    std::string id;
    UtcMs placed_ms = 0;
    UtcMs delivered_ms = 0;  // 0: not delivered (yet)
    UtcMs voided_ms = 0;     // refunded or cancelled at; 0: neither
    std::uint32_t first_share = 0, share_count = 0;  // into Ledger::shares
    std::int32_t freeze_days = -1;  // the refund window of the policy it was placed under; -1: the options'
};

struct Ledger {
    std::string brand, currency;
    std::vector<std::string> payees;  // distributor ids; PayeeId indexes this
    std::vector<LedgerOrder> orders;
    std::vector<LedgerShare> shares;

    PayeeId payee(const std::string& distributor);  // interned
    const PayeeId* find_payee(const std::string& distributor) const;
    // An order and its payees' shares (zero amounts are left out).
    void add(const std::string& id, UtcMs placed, UtcMs delivered, UtcMs voided, const std::vector<Payee>& split,
             int freeze_days = -1);
    // Only one payee's shares (a distributor's statement): other payees' shares are left out, which
    // changes nothing for this payee (each payee settles on their own).
    Ledger only(const std::string& distributor) const;

private:
    std::unordered_map<std::string, PayeeId> index_;
};

// [SECTION] Batches
// A line is sent when the batch is made (exported to the bank), then marked paid or failed by the
// brand, once: paid and failed are final.
enum class LineStatus { Sent, Paid, Failed };
const char* line_status_name(LineStatus s);

struct PayoutLine {
    std::string payee;     // distributor id
    Minor gross = 0;       // settleable shares paid by this batch
    Minor clawback = 0;    // owed from refunds after earlier payouts, deducted here
    Minor amount = 0;      // gross - clawback: what is transferred (>= the minimum payout)
    long shares = 0;       // how many shares the gross covers
    LineStatus status = LineStatus::Sent;
    UtcMs status_ms = 0;   // when it was marked paid or failed
    std::string note;      // the bank's reference, or why it failed
};

struct PayoutBatch {
    std::string id;        // "pb_" + brand + "_" + cutoff: the same cutoff is the same batch
    std::string brand, currency;
    UtcMs cutoff = 0;      // shares settleable at or before this moment are in it
    std::vector<PayoutLine> lines;  // by payee id, ascending
    Minor total = 0;       // sum of the lines' amounts
    long held_back = 0;    // payees with new earnings not paid now (below the minimum after what they owe), left for later
    Minor min_payout = 0;  // the minimum it was made with
    UtcMs created_ms = 0;  // when the brand made it (not part of what the ledger decides)

    const PayoutLine* line(const std::string& payee) const;
    PayoutLine* line(const std::string& payee);
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
    int freeze_days = 7;     // for orders that carry no refund window of their own
    Minor min_payout = 5000;
};

// Sums over every payee: what the Settlement tab shows at the bottom of its table.
PayeeBalance total_balance(const std::vector<PayeeBalance>& balances);

// Every payee's balance at `now`, given the batches made so far (oldest first).
std::vector<PayeeBalance> compute_balances(const Ledger& ledger, const std::vector<PayoutBatch>& batches,
                                           const SettlementOptions& options, UtcMs now);

// The batch for `cutoff` after `batches` (oldest first): the one already made for that cutoff if
// there is one (nothing is paid twice), else a new one. A cutoff before the last batch's is refused.
Result<PayoutBatch> make_payout_batch(const Ledger& ledger, const std::vector<PayoutBatch>& batches,
                                      const SettlementOptions& options, UtcMs cutoff);

// [SECTION] CSV
// What the bank (or the person typing transfers) needs of a payee: their name and where the money
// goes (bank account, or a contact when the distributor gave no account).
struct PayeeInfo {
    std::string name, account;
};
// "batch,line,payee,name,account,currency,amount_minor,amount,gross_minor,clawback_minor,shares" and
// a line per payee, in payee order; line = "<batch>:<n>" (1-based), a stable reference for the
// transfer. Fields are quoted where CSV needs it, and a field starting with = + - @ (or a tab or
// carriage return) is prefixed with ' so spreadsheets do not run it as a formula. The same batch
// and payees give the same bytes wherever it is made (console, CLI, store).
std::string payout_csv(const PayoutBatch& batch, const std::unordered_map<std::string, PayeeInfo>& payees);
std::string csv_field(const std::string& value);

// (decimal_amount, the CSV's amount column, is money.h's.)

// [SECTION] Lines
// {"id","placed","delivered","voided","payees":[["d_...",amount],...]}: times in UTC ms (0 = not
// delivered / neither refunded nor cancelled), amounts in minor units. A payee's level is its
// position (seller first), or a third item ["d_...",amount,level] where a share before it was left
// out. With the newline.
std::string ledger_order_line(const Ledger& ledger, std::size_t order);
// Adds the order a line describes; false (nothing added) when the line is not one.
bool add_ledger_order_line(Ledger& ledger, std::string_view line);

// [SECTION] Documents
// payout_batch payload (signed by the brand):
//   {"type":"payout_batch","brand":id,"id":"pb_<brand>_<cutoff>","cutoff":ms,"currency":"CNY",
//    "min_payout":minor,"total":minor,"held_back":n,"created_ms":ms,
//    "lines":[{"payee":id,"gross":minor,"clawback":minor,"amount":minor,"shares":n},...]}
// payout_line payload (signed by the brand; marks one line):
//   {"type":"payout_line","brand":id,"batch":id,"payee":id,"status":"paid|failed","at":ms,"note":s}
Json payout_batch_to_json(const PayoutBatch& batch);
Result<PayoutBatch> parse_payout_batch(const Json& payload);
// A batch as the store lists it (GET /api/brands/<b>/payouts): the payload's fields plus each line's
// "status", "status_ms" and "note" from the marks. A signed payload never carries those.
Result<PayoutBatch> parse_payout_batch_view(const Json& view);
// Whether `claimed` is the batch the ledger gives (`computed`): same id, cutoff, minimum, lines and
// totals. The error names the first difference (batch_mismatch).
std::optional<Error> check_batch_matches(const PayoutBatch& computed, const PayoutBatch& claimed);

struct LineMark {
    std::string brand, batch, payee, note;
    LineStatus status = LineStatus::Paid;
    UtcMs at = 0;
};
Json line_mark_to_json(const LineMark& mark);
Result<LineMark> parse_line_mark(const Json& payload);
// A line can be marked once, from sent to paid or failed (line_already_marked otherwise).
std::optional<Error> check_line_mark(const PayoutLine& line, LineStatus next);
// Applies marks to batches (unknown batches or payees and repeated marks are skipped).
void apply_line_mark(std::vector<PayoutBatch>& batches, const LineMark& mark);

// [SECTION] Codec
// "DSL1", brand, currency, payees, then per order: placed (delta from the previous order), delivered
// and voided (0, or 1 + offset from placed), freeze days + 1, share count, and per share payee,
// level and amount; all LEB128 varints (signed ones zigzagged). Order ids are not carried: the
// balances and batches do not need them (statements fetch theirs).
std::string encode_ledger(const Ledger& ledger);
Result<Ledger> decode_ledger(std::string_view bytes);

// [SECTION] Statements
struct StatementEntry {
    enum Kind { Share, Clawback } kind = Share;
    std::string order;
    int level = 0;
    Minor amount = 0;        // a share's amount, or the clawed back share's amount
    UtcMs placed_ms = 0, delivered_ms = 0, voided_ms = 0;
};
struct Statement {
    std::string batch, payee, currency;
    UtcMs cutoff = 0;
    const PayoutLine* line = nullptr;  // into the batch; nullptr when the batch did not pay this payee
    std::vector<StatementEntry> entries;  // the shares the line paid, then the refunds it deducted
    Minor gross = 0, clawback = 0;        // sums of the entries (the line's gross; the refunds booked)
};
// The statement of `payee` in batches[index]: the shares that batch paid them and the refunds of
// earlier-paid shares booked since their previous payout (what the clawback deducted).
Statement statement_of(const Ledger& ledger, const std::vector<PayoutBatch>& batches, const SettlementOptions& options,
                       std::size_t index, const std::string& payee);
// A statement as CSV: "batch,payee,kind,order,level,amount_minor,amount,placed,delivered,refunded".
std::string statement_csv(const Statement& statement);

}  // namespace core
