// fuzz_ledger_line: raw bytes, one line at a time -> core::add_ledger_order_line (the scale ledger's
// file, an order per line of JSON, as the CLI and the benches read it). Every order read must be
// written back (ledger_order_line) as a line that reads back to the same order, shares and levels.
#include "core/ledger/settlement.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::text(data, size);
    core::Ledger l;
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        (void)core::add_ledger_order_line(l, text.substr(start, end - start));
        start = end + 1;
    }
    core::Ledger back;
    for (std::size_t i = 0; i < l.orders.size(); ++i) {
        const std::string line = core::ledger_order_line(l, i);
        FUZZ_CHECK(!line.empty() && line.back() == '\n');
        FUZZ_CHECK(core::add_ledger_order_line(back, std::string_view(line).substr(0, line.size() - 1)));
        const core::LedgerOrder &a = l.orders[i], &b = back.orders[i];
        FUZZ_CHECK(a.id == b.id && a.placed_ms == b.placed_ms && a.delivered_ms == b.delivered_ms &&
                   a.voided_ms == b.voided_ms && a.share_count == b.share_count);
        for (std::uint32_t k = 0; k < a.share_count; ++k) {
            const core::LedgerShare &x = l.shares[a.first_share + k], &y = back.shares[b.first_share + k];
            FUZZ_CHECK(l.payees[x.payee] == back.payees[y.payee] && x.amount == y.amount && x.level == y.level);
        }
    }
    return 0;
}
