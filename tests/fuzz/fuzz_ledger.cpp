// fuzz_ledger: raw bytes -> core::decode_ledger (DSL1, the compact ledger the console's settlement page
// fetches from the store), then what the console does with it: balances (compute_balances), a payout
// batch as of a cutoff (make_payout_batch), a payee's statement and the bank CSV. Whatever decodes
// must encode (encode_ledger) to bytes that decode to the same encoding; a batch's lines add up to
// its total.
#include "core/ledger/settlement.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto l = core::decode_ledger(fuzz::text(data, size));
    if (!l) return 0;
    const std::string bytes = core::encode_ledger(*l);
    auto again = core::decode_ledger(bytes);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(core::encode_ledger(*again) == bytes);

    constexpr core::UtcMs now = 1'800'000'000'000;
    const core::SettlementOptions opt;
    const auto balances = core::compute_balances(*l, {}, opt, now);
    FUZZ_CHECK(balances.size() == l->payees.size());
    (void)core::total_balance(balances);
    auto batch = core::make_payout_batch(*l, {}, opt, now);
    FUZZ_CHECK(batch.ok());
    core::Minor sum = 0;
    for (const auto& line : batch->lines) {
        FUZZ_CHECK(line.amount == line.gross - line.clawback && line.amount >= opt.min_payout);
        sum += line.amount;
    }
    FUZZ_CHECK(sum == batch->total);
    (void)core::payout_csv(*batch, {});
    if (!batch->lines.empty()) {
        const std::vector<core::PayoutBatch> made{*batch};
        const core::Statement st = core::statement_of(*l, made, opt, 0, batch->lines.front().payee);
        FUZZ_CHECK(st.gross == batch->lines.front().gross);
        (void)core::statement_csv(st);
        (void)core::compute_balances(l->only(batch->lines.front().payee), made, opt, now);
    }
    return 0;
}
