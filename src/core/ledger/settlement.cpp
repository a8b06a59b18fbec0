#include "core/ledger/settlement.h"

#include <algorithm>
#include <limits>

#include "core/json.h"

namespace core {

// [SECTION] Ledger -------------------------------------------------------------------------------

PayeeId Ledger::payee(const std::string& distributor) {
    auto [it, added] = index_.try_emplace(distributor, static_cast<PayeeId>(payees.size()));
    if (added) payees.push_back(distributor);
    return it->second;
}

const PayeeId* Ledger::find_payee(const std::string& distributor) const {
    auto it = index_.find(distributor);
    return it == index_.end() ? nullptr : &it->second;
}

void Ledger::add(const std::string& id, UtcMs placed, UtcMs delivered, UtcMs voided, const std::vector<Payee>& split) {
    LedgerOrder o;
    o.id = id;
    o.placed_ms = placed;
    o.delivered_ms = delivered;
    o.voided_ms = voided;
    o.first_share = static_cast<std::uint32_t>(shares.size());
    for (const auto& p : split)
        if (p.amount > 0 && !p.distributor.empty()) shares.push_back({payee(p.distributor), p.amount});
    o.share_count = static_cast<std::uint32_t>(shares.size()) - o.first_share;
    orders.push_back(std::move(o));
}

// [SECTION] Share states -------------------------------------------------------------------------

namespace {

constexpr UtcMs kNever = std::numeric_limits<UtcMs>::max();
constexpr UtcMs kDayMs = 86'400'000;

// What the batches made so far say about each payee: the cutoffs of the batches that paid them
// (ascending) and the clawbacks those batches deducted.
struct History {
    std::vector<std::vector<UtcMs>> paid_cutoffs;  // by PayeeId
    std::vector<Minor> deducted;                   // by PayeeId
};

History history_of(const Ledger& ledger, const std::vector<PayoutBatch>& batches) {
    History h;
    h.paid_cutoffs.resize(ledger.payees.size());
    h.deducted.assign(ledger.payees.size(), 0);
    for (const auto& b : batches)
        for (const auto& line : b.lines)
            if (const PayeeId* p = ledger.find_payee(line.payee)) {
                h.paid_cutoffs[*p].push_back(b.cutoff);
                h.deducted[*p] += line.clawback;
            }
    for (auto& v : h.paid_cutoffs) std::sort(v.begin(), v.end());
    return h;
}

UtcMs settleable_from(const LedgerOrder& o, int freeze_days) {
    return o.delivered_ms > 0 ? o.delivered_ms + static_cast<UtcMs>(freeze_days) * kDayMs : kNever;
}

// The cutoff of the batch that paid this share, or kNever. A batch that paid the payee paid every
// share of theirs settleable by its cutoff and not refunded or cancelled by then.
UtcMs paid_at(const History& h, PayeeId payee, const LedgerOrder& o, UtcMs from) {
    if (from == kNever) return kNever;
    const auto& cut = h.paid_cutoffs[payee];
    auto it = std::lower_bound(cut.begin(), cut.end(), from);
    if (it == cut.end()) return kNever;
    if (o.voided_ms != 0 && o.voided_ms <= *it) return kNever;  // voided before it could be paid
    return *it;
}

// What became of each share as of `at`, given the batches so far: fn(share, paid, voided, settleable).
// paid: a batch paid it; voided: refunded or cancelled by `at`; settleable: past the refund window.
template <class Fn>
void for_each_share(const Ledger& ledger, const History& h, int freeze_days, UtcMs at, Fn&& fn) {
    for (const LedgerOrder& o : ledger.orders) {
        const UtcMs from = settleable_from(o, freeze_days);
        const bool voided = o.voided_ms != 0 && o.voided_ms <= at;
        for (std::uint32_t k = 0; k < o.share_count; ++k) {
            const LedgerShare& s = ledger.shares[o.first_share + k];
            fn(s, paid_at(h, s.payee, o, from) != kNever, voided, from <= at);
        }
    }
}

}  // namespace

// [SECTION] Balances -----------------------------------------------------------------------------

std::vector<PayeeBalance> compute_balances(const Ledger& ledger, const std::vector<PayoutBatch>& batches,
                                           const SettlementOptions& options, UtcMs now) {
    const History h = history_of(ledger, batches);
    std::vector<PayeeBalance> out(ledger.payees.size());
    std::vector<Minor> booked(ledger.payees.size(), 0);
    for_each_share(ledger, h, options.freeze_days, now, [&](const LedgerShare& s, bool paid, bool voided, bool settleable) {
        PayeeBalance& b = out[s.payee];
        if (paid) {
            b.paid += s.amount;
            if (voided) booked[s.payee] += s.amount;  // refunded after it was paid
        } else if (voided) {
            b.cancelled += s.amount;
        } else {
            (settleable ? b.settleable : b.pending) += s.amount;
        }
    });
    for (std::size_t p = 0; p < out.size(); ++p) out[p].clawback = std::max<Minor>(0, booked[p] - h.deducted[p]);
    return out;
}

// [SECTION] Batches ------------------------------------------------------------------------------

Result<PayoutBatch> make_payout_batch(const Ledger& ledger, const std::vector<PayoutBatch>& batches,
                                      const SettlementOptions& options, UtcMs cutoff) {
    for (const auto& b : batches)
        if (b.cutoff == cutoff && b.brand == ledger.brand) return b;  // asked again: the same batch
    if (!batches.empty() && cutoff < batches.back().cutoff)
        return make_error("stale_cutoff", "A payout batch up to " + format_datetime(batches.back().cutoff) +
                                              " was already made; a new batch must end later than that.");
    const History h = history_of(ledger, batches);
    std::vector<Minor> gross(ledger.payees.size(), 0), booked(ledger.payees.size(), 0);
    std::vector<long> count(ledger.payees.size(), 0);
    for_each_share(ledger, h, options.freeze_days, cutoff, [&](const LedgerShare& s, bool paid, bool voided, bool settleable) {
        if (paid) {
            if (voided) booked[s.payee] += s.amount;  // to deduct from this payout
        } else if (!voided && settleable) {
            gross[s.payee] += s.amount;
            ++count[s.payee];
        }
    });
    PayoutBatch batch;
    batch.brand = ledger.brand;
    batch.currency = ledger.currency;
    batch.cutoff = cutoff;
    batch.id = "pb_" + ledger.brand + "_" + std::to_string(cutoff);
    for (PayeeId p = 0; p < ledger.payees.size(); ++p) {
        const Minor owed = std::max<Minor>(0, booked[p] - h.deducted[p]);
        if (gross[p] == 0) continue;  // nothing new: what they owe waits for their next payout
        const Minor net = gross[p] - owed;
        if (net < options.min_payout || net <= 0) {
            ++batch.held_back;
            continue;
        }
        batch.lines.push_back({ledger.payees[p], gross[p], owed, net, count[p]});
        batch.total += net;
    }
    std::sort(batch.lines.begin(), batch.lines.end(), [](const PayoutLine& a, const PayoutLine& b) { return a.payee < b.payee; });
    return batch;
}

// [SECTION] CSV ----------------------------------------------------------------------------------

std::string decimal_amount(Minor amount, const std::string& currency) {
    const bool whole = currency == "JPY" || currency == "KRW";
    const bool negative = amount < 0;
    const std::uint64_t a = negative ? static_cast<std::uint64_t>(-(amount + 1)) + 1 : static_cast<std::uint64_t>(amount);
    std::string s = std::to_string(whole ? a : a / 100);
    if (!whole) {
        const unsigned cents = static_cast<unsigned>(a % 100);
        s += '.';
        s += static_cast<char>('0' + cents / 10);
        s += static_cast<char>('0' + cents % 10);
    }
    return negative ? "-" + s : s;
}

namespace {
std::string csv_field(const std::string& v) {
    std::string s = v;
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s = "'" + s;
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}
}  // namespace

std::string payout_csv(const PayoutBatch& batch, const std::unordered_map<std::string, std::string>& names) {
    std::string out = "batch,payee,name,currency,amount_minor,amount,gross_minor,clawback_minor,shares\n";
    for (const auto& l : batch.lines) {
        auto it = names.find(l.payee);
        out += csv_field(batch.id) + ',' + csv_field(l.payee) + ',' + csv_field(it == names.end() ? std::string() : it->second) + ',' +
               csv_field(batch.currency) + ',' + std::to_string(l.amount) + ',' + decimal_amount(l.amount, batch.currency) + ',' +
               std::to_string(l.gross) + ',' + std::to_string(l.clawback) + ',' + std::to_string(l.shares) + "\n";
    }
    return out;
}

// [SECTION] Lines --------------------------------------------------------------------------------

std::string ledger_order_line(const Ledger& ledger, std::size_t i) {
    const LedgerOrder& o = ledger.orders[i];
    Json payees = Json::array();
    for (std::uint32_t k = 0; k < o.share_count; ++k) {
        const LedgerShare& s = ledger.shares[o.first_share + k];
        payees.push_back(Json::array({ledger.payees[s.payee], s.amount}));
    }
    return dump_json(Json{{"id", o.id}, {"placed", o.placed_ms}, {"delivered", o.delivered_ms}, {"voided", o.voided_ms},
                          {"payees", payees}}) +
           "\n";
}

bool add_ledger_order_line(Ledger& ledger, std::string_view line) {
    Json j = Json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return false;
    const std::string id = string_or(j, "id", "");
    const Json* payees = get_array(j, "payees");
    if (id.empty() || !payees) return false;
    std::vector<Payee> split;
    for (const auto& p : *payees) {
        if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_number_integer()) return false;
        split.push_back({p[0].get<std::string>(), static_cast<int>(split.size()), p[1].get<Minor>()});
        if (split.back().amount < 0) return false;
    }
    ledger.add(id, int_or(j, "placed", 0), int_or(j, "delivered", 0), int_or(j, "voided", 0), split);
    return true;
}

}  // namespace core
