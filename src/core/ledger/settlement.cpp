#include "core/ledger/settlement.h"

#include <algorithm>
#include <limits>

#include "core/json.h"
#include "core/orders/cart.h"
#include "core/varint.h"

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

void Ledger::add(const std::string& id, UtcMs placed, UtcMs delivered, UtcMs voided, const std::vector<Payee>& split,
                 int freeze_days) {
    LedgerOrder o;
    o.id = id;
    o.placed_ms = placed;
    o.delivered_ms = delivered;
    o.voided_ms = voided;
    o.freeze_days = freeze_days;
    o.first_share = static_cast<std::uint32_t>(shares.size());
    for (const auto& p : split)
        if (p.amount > 0 && !p.distributor.empty())
            shares.push_back({payee(p.distributor), p.amount, static_cast<std::uint8_t>(std::clamp(p.level, 0, 255))});
    o.share_count = static_cast<std::uint32_t>(shares.size()) - o.first_share;
    orders.push_back(std::move(o));
}

Ledger Ledger::only(const std::string& distributor) const {
    Ledger out;
    out.brand = brand;
    out.currency = currency;
    const PayeeId* want = find_payee(distributor);
    if (!want) return out;
    for (const LedgerOrder& o : orders) {
        std::vector<Payee> mine;
        for (std::uint32_t k = 0; k < o.share_count; ++k) {
            const LedgerShare& s = shares[o.first_share + k];
            if (s.payee == *want) mine.push_back({distributor, s.level, s.amount});
        }
        if (!mine.empty()) out.add(o.id, o.placed_ms, o.delivered_ms, o.voided_ms, mine, o.freeze_days);
    }
    return out;
}

const char* line_status_name(LineStatus s) {
    switch (s) {
        case LineStatus::Paid: return "paid";
        case LineStatus::Failed: return "failed";
        default: return "sent";
    }
}

const PayoutLine* PayoutBatch::line(const std::string& payee) const {
    auto it = std::lower_bound(lines.begin(), lines.end(), payee, [](const PayoutLine& l, const std::string& p) { return l.payee < p; });
    return it != lines.end() && it->payee == payee ? &*it : nullptr;
}
PayoutLine* PayoutBatch::line(const std::string& payee) {
    return const_cast<PayoutLine*>(static_cast<const PayoutBatch*>(this)->line(payee));
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
            if (line.status == LineStatus::Failed) {
                continue;  // the transfer came back: nothing was paid, nothing deducted
            } else if (const PayeeId* p = ledger.find_payee(line.payee)) {
                h.paid_cutoffs[*p].push_back(b.cutoff);
                h.deducted[*p] += line.clawback;
            }
    for (auto& v : h.paid_cutoffs) std::sort(v.begin(), v.end());
    return h;
}

UtcMs settleable_from(const LedgerOrder& o, int freeze_days) {
    const int days = o.freeze_days >= 0 ? o.freeze_days : freeze_days;
    return o.delivered_ms > 0 ? o.delivered_ms + static_cast<UtcMs>(days) * kDayMs : kNever;
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

// The same walk with the order and the cutoff of the batch that paid the share (kNever: none).
template <class Fn>
void for_each_share_paid(const Ledger& ledger, const History& h, int freeze_days, Fn&& fn) {
    for (const LedgerOrder& o : ledger.orders) {
        const UtcMs from = settleable_from(o, freeze_days);
        for (std::uint32_t k = 0; k < o.share_count; ++k) {
            const LedgerShare& s = ledger.shares[o.first_share + k];
            fn(o, s, paid_at(h, s.payee, o, from));
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
    batch.min_payout = options.min_payout;
    batch.id = "pb_" + ledger.brand + "_" + std::to_string(cutoff);
    for (PayeeId p = 0; p < ledger.payees.size(); ++p) {
        const Minor owed = std::max<Minor>(0, booked[p] - h.deducted[p]);
        if (gross[p] == 0) continue;  // nothing new: what they owe waits for their next payout
        const Minor net = gross[p] - owed;
        if (net < options.min_payout || net <= 0) {
            ++batch.held_back;
            continue;
        }
        PayoutLine line;
        line.payee = ledger.payees[p];
        line.gross = gross[p];
        line.clawback = owed;
        line.amount = net;
        line.shares = count[p];
        batch.lines.push_back(std::move(line));
        batch.total += net;
    }
    std::sort(batch.lines.begin(), batch.lines.end(), [](const PayoutLine& a, const PayoutLine& b) { return a.payee < b.payee; });
    return batch;
}

// [SECTION] CSV ----------------------------------------------------------------------------------

std::string csv_field(const std::string& v) {
    std::string s = v;
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) s = "'" + s;
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

std::string payout_csv(const PayoutBatch& batch, const std::unordered_map<std::string, PayeeInfo>& payees) {
    std::string out = "batch,line,payee,name,account,currency,amount_minor,amount,gross_minor,clawback_minor,shares\n";
    const PayeeInfo none;
    std::size_t n = 0;
    for (const auto& l : batch.lines) {
        auto it = payees.find(l.payee);
        const PayeeInfo& info = it == payees.end() ? none : it->second;
        out += csv_field(batch.id) + ',' + csv_field(batch.id + ":" + std::to_string(++n)) + ',' + csv_field(l.payee) + ',' +
               csv_field(info.name) + ',' + csv_field(info.account) + ',' + csv_field(batch.currency) + ',' +
               std::to_string(l.amount) + ',' + decimal_amount(l.amount, batch.currency) + ',' + std::to_string(l.gross) + ',' +
               std::to_string(l.clawback) + ',' + std::to_string(l.shares) + "\n";
    }
    return out;
}

PayeeBalance total_balance(const std::vector<PayeeBalance>& balances) {
    PayeeBalance t;
    for (const auto& b : balances) {
        t.pending += b.pending;
        t.settleable += b.settleable;
        t.paid += b.paid;
        t.clawback += b.clawback;
        t.cancelled += b.cancelled;
    }
    return t;
}

// [SECTION] Lines --------------------------------------------------------------------------------

std::string ledger_order_line(const Ledger& ledger, std::size_t i) {
    const LedgerOrder& o = ledger.orders[i];
    Json payees = Json::array();
    for (std::uint32_t k = 0; k < o.share_count; ++k) {
        const LedgerShare& s = ledger.shares[o.first_share + k];
        // Levels follow the order of the payees (seller first), as split_order lists them; a share
        // left out before this one (a zero amount: a seller buying for themselves) would shift the
        // levels after it, so a level that is not the payee's position is written as a third item
        // (found by tests/fuzz/fuzz_ledger_line: read back, a recruiter became the seller).
        Json payee = Json::array({ledger.payees[s.payee], s.amount});
        if (s.level != k) payee.push_back(s.level);
        payees.push_back(std::move(payee));
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
        if (!p.is_array() || p.size() < 2 || p.size() > 3 || !p[0].is_string() || !p[1].is_number_integer()) return false;
        int level = static_cast<int>(split.size());
        if (p.size() == 3) {
            if (!p[2].is_number_integer() || p[2].get<std::int64_t>() < 0 || p[2].get<std::int64_t>() > 255) return false;
            level = static_cast<int>(p[2].get<std::int64_t>());
        }
        split.push_back({p[0].get<std::string>(), level, p[1].get<Minor>()});
        if (split.back().amount < 0) return false;
    }
    ledger.add(id, int_or(j, "placed", 0), int_or(j, "delivered", 0), int_or(j, "voided", 0), split);
    return true;
}

// [SECTION] Documents ----------------------------------------------------------------------------

Json payout_batch_to_json(const PayoutBatch& b) {
    Json lines = Json::array();
    for (const auto& l : b.lines)
        lines.push_back({{"payee", l.payee}, {"gross", l.gross}, {"clawback", l.clawback}, {"amount", l.amount}, {"shares", l.shares}});
    return Json{{"type", "payout_batch"}, {"brand", b.brand},   {"id", b.id},           {"cutoff", b.cutoff},
                {"currency", b.currency}, {"min_payout", b.min_payout}, {"total", b.total}, {"held_back", b.held_back},
                {"created_ms", b.created_ms}, {"lines", lines}};
}

namespace {
bool get_minor(const Json& j, const char* key, Minor& out, bool non_negative = true) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return false;
    out = it->get<Minor>();
    return !non_negative || out >= 0;
}
}  // namespace

Result<PayoutBatch> parse_payout_batch(const Json& p) {
    auto bad = [](const std::string& m) { return make_error("bad_batch", m); };
    if (!p.is_object() || string_or(p, "type", "") != "payout_batch") return bad("This is not a payout batch.");
    PayoutBatch b;
    b.brand = string_or(p, "brand", "");
    b.id = string_or(p, "id", "");
    b.currency = string_or(p, "currency", "");
    if (b.brand.empty() || b.id.empty() || b.currency.empty()) return bad("A payout batch names its brand, id and currency.");
    Minor held = 0;
    if (!get_minor(p, "cutoff", b.cutoff) || !get_minor(p, "total", b.total) || !get_minor(p, "min_payout", b.min_payout) ||
        !get_minor(p, "held_back", held) || !get_minor(p, "created_ms", b.created_ms))
        return bad("A payout batch's cutoff, total, min_payout, held_back and created_ms are whole numbers, not below zero.");
    b.held_back = static_cast<long>(held);
    const Json* lines = get_array(p, "lines");
    if (!lines) return bad("A payout batch lists its lines.");
    Minor sum = 0;
    for (const auto& l : *lines) {
        PayoutLine line;
        Minor shares = 0;
        if (!l.is_object() || !get_minor(l, "gross", line.gross) || !get_minor(l, "clawback", line.clawback) ||
            !get_minor(l, "amount", line.amount) || !get_minor(l, "shares", shares))
            return bad("Each line is {payee, gross, clawback, amount, shares} in whole minor units.");
        line.payee = string_or(l, "payee", "");
        line.shares = static_cast<long>(shares);
        if (line.payee.empty()) return bad("A line names its payee.");
        if (line.amount != line.gross - line.clawback || line.amount <= 0)
            return bad("Line " + line.payee + ": the amount must be the gross less the clawback, above zero.");
        if (!b.lines.empty() && !(b.lines.back().payee < line.payee)) return bad("Lines come once per payee, in payee order.");
        if (sum > std::numeric_limits<Minor>::max() - line.amount) return bad("The lines add up beyond what can be counted.");
        sum += line.amount;
        b.lines.push_back(std::move(line));
    }
    if (sum != b.total) return bad("The lines add up to " + std::to_string(sum) + ", not the total " + std::to_string(b.total) + ".");
    return b;
}

Result<PayoutBatch> parse_payout_batch_view(const Json& view) {
    auto b = parse_payout_batch(view);
    if (!b) return b;
    const Json* lines = get_array(view, "lines");
    for (std::size_t i = 0; i < b->lines.size(); ++i) {
        const Json& l = (*lines)[i];
        const std::string status = string_or(l, "status", "sent");
        b->lines[i].status = status == "paid" ? LineStatus::Paid : status == "failed" ? LineStatus::Failed : LineStatus::Sent;
        b->lines[i].status_ms = int_or(l, "status_ms", 0);
        b->lines[i].note = string_or(l, "note", "");
    }
    return b;
}

std::optional<Error> check_batch_matches(const PayoutBatch& want, const PayoutBatch& got) {
    auto differ = [](const std::string& what) {
        return make_error("batch_mismatch", "This batch does not match the store's ledger: " + what +
                                                ". Refresh the balances and make the batch again.");
    };
    if (got.id != want.id) return differ("its id should be " + want.id);
    if (got.brand != want.brand || got.currency != want.currency) return differ("another brand or currency");
    if (got.cutoff != want.cutoff) return differ("another cutoff");
    if (got.min_payout != want.min_payout) return differ("the minimum payout is " + std::to_string(want.min_payout));
    if (got.lines.size() != want.lines.size())
        return differ(std::to_string(want.lines.size()) + " payees are due, not " + std::to_string(got.lines.size()));
    for (std::size_t i = 0; i < want.lines.size(); ++i) {
        const PayoutLine &a = want.lines[i], &b = got.lines[i];
        if (a.payee != b.payee) return differ("payee " + a.payee + " is due where the batch has " + b.payee);
        if (a.gross != b.gross || a.clawback != b.clawback || a.amount != b.amount || a.shares != b.shares)
            return differ("the line of " + a.payee + " should be " + std::to_string(a.amount) + " (" + std::to_string(a.shares) +
                          " shares, " + std::to_string(a.clawback) + " clawed back)");
    }
    if (got.total != want.total || got.held_back != want.held_back) return differ("its totals");
    return std::nullopt;
}

Json line_mark_to_json(const LineMark& m) {
    return Json{{"type", "payout_line"}, {"brand", m.brand}, {"batch", m.batch},   {"payee", m.payee},
                {"status", line_status_name(m.status)},       {"at", m.at},         {"note", m.note}};
}

Result<LineMark> parse_line_mark(const Json& p) {
    auto bad = [](const std::string& m) { return make_error("bad_line_mark", m); };
    if (!p.is_object() || string_or(p, "type", "") != "payout_line") return bad("This is not a payout line mark.");
    LineMark m;
    m.brand = string_or(p, "brand", "");
    m.batch = string_or(p, "batch", "");
    m.payee = string_or(p, "payee", "");
    m.note = string_or(p, "note", "");
    const std::string status = string_or(p, "status", "");
    if (status == "paid") m.status = LineStatus::Paid;
    else if (status == "failed") m.status = LineStatus::Failed;
    else return bad("A line is marked \"paid\" or \"failed\".");
    if (m.brand.empty() || m.batch.empty() || m.payee.empty()) return bad("A line mark names the brand, the batch and the payee.");
    if (!get_minor(p, "at", m.at)) return bad("A line mark says when (\"at\", UTC ms).");
    if (m.note.size() > 500) return bad("The note is too long (500 bytes at most).");
    return m;
}

std::optional<Error> check_line_mark(const PayoutLine& line, LineStatus next) {
    if (line.status == LineStatus::Sent) return std::nullopt;
    if (line.status == next)
        return make_error("line_already_marked", "This line is already marked " + std::string(line_status_name(next)) + ".");
    return make_error("line_already_marked", "This line was marked " + std::string(line_status_name(line.status)) +
                                                 "; a mark is final. A failed transfer goes back to the balance and is paid by the next batch.");
}

void apply_line_mark(std::vector<PayoutBatch>& batches, const LineMark& mark) {
    for (auto& b : batches) {
        if (b.id != mark.batch || b.brand != mark.brand) continue;
        PayoutLine* l = b.line(mark.payee);
        if (!l || check_line_mark(*l, mark.status)) return;
        l->status = mark.status;
        l->status_ms = mark.at;
        l->note = mark.note;
        return;
    }
}

// [SECTION] Codec --------------------------------------------------------------------------------

std::string encode_ledger(const Ledger& l) {
    std::string out = "DSL1";
    out.reserve(16 + l.orders.size() * 12 + l.shares.size() * 6);
    put_string(out, l.brand);
    put_string(out, l.currency);
    put_varint(out, l.payees.size());
    for (const auto& p : l.payees) put_string(out, p);
    put_varint(out, l.orders.size());
    UtcMs prev = 0;
    for (const LedgerOrder& o : l.orders) {
        put_signed(out, o.placed_ms - prev);
        prev = o.placed_ms;
        put_varint(out, o.delivered_ms > 0 ? static_cast<std::uint64_t>(o.delivered_ms - o.placed_ms) * 2 + 1 : 0);
        put_varint(out, o.voided_ms > 0 ? static_cast<std::uint64_t>(o.voided_ms - o.placed_ms) * 2 + 1 : 0);
        put_varint(out, static_cast<std::uint64_t>(o.freeze_days + 1));
        put_varint(out, o.share_count);
        for (std::uint32_t k = 0; k < o.share_count; ++k) {
            const LedgerShare& s = l.shares[o.first_share + k];
            put_varint(out, s.payee);
            put_varint(out, s.level);
            put_varint(out, static_cast<std::uint64_t>(s.amount));
        }
    }
    return out;
}

Result<Ledger> decode_ledger(std::string_view bytes) {
    auto bad = [](const std::string& m) { return make_error("bad_ledger", "The ledger could not be read: " + m + "."); };
    if (bytes.size() < 4 || bytes.substr(0, 4) != "DSL1") return bad("it is not a ledger (or another version of one)");
    VarintReader r{bytes, 4};
    Ledger l;
    l.brand = r.string(256);
    l.currency = r.string(16);
    const std::uint64_t payees = r.varint();
    if (!r.ok || payees > bytes.size()) return bad("its header is cut short");
    l.payees.reserve(payees);
    for (std::uint64_t i = 0; i < payees && r.ok; ++i) l.payee(r.string(256));
    if (l.payees.size() != payees) return bad("a payee is named twice");
    const std::uint64_t orders = r.varint();
    if (!r.ok || orders > bytes.size()) return bad("its payees are cut short");
    l.orders.reserve(orders);
    UtcMs placed = 0;
    for (std::uint64_t i = 0; i < orders && r.ok; ++i) {
        LedgerOrder o;
        const std::int64_t step = r.signed_varint();
        const std::uint64_t d = r.varint(), v = r.varint(), freeze = r.varint();
        const std::uint64_t n = r.varint();
        if (!r.ok || n > 255) return bad("order " + std::to_string(i + 1) + " is damaged");
        // Times outside 1970..9999 and a refund window longer than any policy can have (read_policy
        // stops at 100,000 days) are refused before any arithmetic on them: no store writes them, and
        // the sums below and in the balances would overflow (found by tests/fuzz/fuzz_ledger).
        if (step < -kMaxUtcMs || step > kMaxUtcMs || placed + step < 0 || placed + step > kMaxUtcMs ||
            d / 2 > static_cast<std::uint64_t>(kMaxUtcMs - (placed + step)) ||
            v / 2 > static_cast<std::uint64_t>(kMaxUtcMs - (placed + step)) || freeze > 100'001)
            return bad("order " + std::to_string(i + 1) + " has a time or refund window out of range");
        placed += step;
        o.placed_ms = placed;
        o.delivered_ms = d ? placed + static_cast<UtcMs>(d / 2) : 0;
        o.voided_ms = v ? placed + static_cast<UtcMs>(v / 2) : 0;
        o.freeze_days = static_cast<std::int32_t>(freeze) - 1;
        o.first_share = static_cast<std::uint32_t>(l.shares.size());
        for (std::uint64_t k = 0; k < n; ++k) {
            LedgerShare s;
            const std::uint64_t payee = r.varint(), level = r.varint(), amount = r.varint();
            // A share is at most its order's total: larger ones would overflow the balances' sums.
            if (!r.ok || payee >= payees || level > 255 || amount > static_cast<std::uint64_t>(kMaxOrderTotal))
                return bad("order " + std::to_string(i + 1) + " has a damaged share");
            s.payee = static_cast<PayeeId>(payee);
            s.level = static_cast<std::uint8_t>(level);
            s.amount = static_cast<Minor>(amount);
            l.shares.push_back(s);
        }
        o.share_count = static_cast<std::uint32_t>(n);
        l.orders.push_back(std::move(o));
    }
    if (!r.ok) return bad("it is cut short");
    if (r.pos != bytes.size()) return bad("it has bytes after its last order");
    return l;
}

// [SECTION] Statements ---------------------------------------------------------------------------

Statement statement_of(const Ledger& ledger, const std::vector<PayoutBatch>& batches, const SettlementOptions& options,
                       std::size_t index, const std::string& payee) {
    Statement st;
    st.payee = payee;
    st.currency = ledger.currency;
    if (index >= batches.size()) return st;
    const PayoutBatch& batch = batches[index];
    st.batch = batch.id;
    st.cutoff = batch.cutoff;
    st.line = batch.line(payee);
    const PayeeId* who = ledger.find_payee(payee);
    if (!st.line || !who || st.line->status == LineStatus::Failed) return st;
    // The payee's previous payout that went through: refunds booked after it are what this one deducts.
    UtcMs previous = std::numeric_limits<UtcMs>::min();
    for (std::size_t i = 0; i < index; ++i)
        if (const PayoutLine* l = batches[i].line(payee); l && l->status != LineStatus::Failed)
            previous = std::max(previous, batches[i].cutoff);
    const History h = history_of(ledger, batches);
    std::vector<StatementEntry> shares, refunds;
    for_each_share_paid(ledger, h, options.freeze_days, [&](const LedgerOrder& o, const LedgerShare& s, UtcMs paid) {
        if (s.payee != *who) return;
        StatementEntry e{StatementEntry::Share, o.id, s.level, s.amount, o.placed_ms, o.delivered_ms, o.voided_ms};
        if (paid == batch.cutoff) {
            shares.push_back(e);
            st.gross += s.amount;
        } else if (paid != kNever && paid < batch.cutoff && o.voided_ms > previous && o.voided_ms <= batch.cutoff) {
            e.kind = StatementEntry::Clawback;
            refunds.push_back(e);
            st.clawback += s.amount;
        }
    });
    st.entries = std::move(shares);
    st.entries.insert(st.entries.end(), refunds.begin(), refunds.end());
    return st;
}

std::string statement_csv(const Statement& st) {
    std::string out = "batch,payee,kind,order,level,amount_minor,amount,placed,delivered,refunded\n";
    auto when = [](UtcMs t) { return t > 0 ? format_datetime(t) : std::string(); };
    for (const auto& e : st.entries) {
        const Minor signed_amount = e.kind == StatementEntry::Clawback ? -e.amount : e.amount;
        out += csv_field(st.batch) + ',' + csv_field(st.payee) + ',' + (e.kind == StatementEntry::Share ? "share" : "clawback") + ',' +
               csv_field(e.order) + ',' + std::to_string(e.level + 1) + ',' + std::to_string(signed_amount) + ',' +
               decimal_amount(signed_amount, st.currency) + ',' + csv_field(when(e.placed_ms)) + ',' + csv_field(when(e.delivered_ms)) +
               ',' + csv_field(when(e.voided_ms)) + "\n";
    }
    return out;
}

}  // namespace core
