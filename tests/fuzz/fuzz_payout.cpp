// fuzz_payout: raw bytes -> core::parse_json -> the payout documents: core::parse_payout_batch (a batch
// the brand signs; the store and the CLI check it), core::parse_payout_batch_view (a batch as the
// store lists it, with its lines' marks, read by the console and the editor) and
// core::parse_line_mark (a line marked paid or failed). Each written back must read back the same;
// a batch matches itself (check_batch_matches); a mark applies to the batch it names once.
#include "core/ledger/settlement.h"
#include "fuzz.h"

namespace {
bool same_lines(const core::PayoutBatch& a, const core::PayoutBatch& b) {
    if (a.lines.size() != b.lines.size()) return false;
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
        const core::PayoutLine &x = a.lines[i], &y = b.lines[i];
        if (x.payee != y.payee || x.gross != y.gross || x.clawback != y.clawback || x.amount != y.amount || x.shares != y.shares)
            return false;
    }
    return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto doc = core::parse_json(fuzz::text(data, size), "payout document");
    if (!doc) return 0;

    auto batch = core::parse_payout_batch(*doc);
    auto view = core::parse_payout_batch_view(*doc);
    FUZZ_CHECK(batch.ok() == view.ok());
    if (batch) {
        auto back = core::parse_payout_batch(core::payout_batch_to_json(*batch));
        FUZZ_CHECK(back.ok());
        FUZZ_CHECK(back->id == batch->id && back->brand == batch->brand && back->currency == batch->currency &&
                   back->cutoff == batch->cutoff && back->total == batch->total && back->held_back == batch->held_back &&
                   back->min_payout == batch->min_payout && back->created_ms == batch->created_ms && same_lines(*back, *batch));
        FUZZ_CHECK(!core::check_batch_matches(*batch, *back).has_value());
        for (const auto& line : batch->lines) FUZZ_CHECK(batch->line(line.payee) == &line);
    }

    auto mark = core::parse_line_mark(*doc);
    if (mark) {
        auto back = core::parse_line_mark(core::line_mark_to_json(*mark));
        FUZZ_CHECK(back.ok());
        FUZZ_CHECK(back->brand == mark->brand && back->batch == mark->batch && back->payee == mark->payee &&
                   back->note == mark->note && back->status == mark->status && back->at == mark->at);
        // Applied to a batch it names: the line takes the mark once, a second mark is refused.
        core::PayoutBatch b;
        b.id = mark->batch;
        b.brand = mark->brand;
        core::PayoutLine line;
        line.payee = mark->payee;
        line.gross = line.amount = 100;
        line.shares = 1;
        b.lines.push_back(line);
        std::vector<core::PayoutBatch> batches{b};
        core::apply_line_mark(batches, *mark);
        FUZZ_CHECK(batches[0].lines[0].status == mark->status && batches[0].lines[0].status_ms == mark->at);
        FUZZ_CHECK(core::check_line_mark(batches[0].lines[0], mark->status).has_value());
    }
    return 0;
}
