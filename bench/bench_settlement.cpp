// bench_settlement: settling the scale ledger (gen_demo --scale: 1,000,000 orders for 20,000
// distributors), natively and (built as wasm, run under node) the way the browser would.
//
//   bench_settlement [--ledger DIR] [--runs N]        DIR: the scale data's ledger/ (default build/scale/ledger)
//
// Reported (median and min over the runs, ms):
//   load       orders.ndjson -> core::Ledger (JSON per line, payees interned)
//   balances   compute_balances at the end of the window: pending, settleable, paid, clawback, cancelled
//   batches    four weekly payout batches over the last month, each on top of the ones before
//              (the last one is the "settle everyone" moment), then the payout CSV of the last
//   rerun      the last batch asked for again: must be the same batch (idempotent)
// Checks (exit 1 if any fails): every batch's lines add up to its total; the money paid by the batches
// equals the paid buckets of the balances; every share is in exactly one bucket; the re-run is
// identical. A check line (counts and sums) must be the same natively and in wasm.
// Human lines go to stderr, one JSON object to stdout.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/ledger/settlement.h"
#include "timing.h"

namespace {
using bench::Clock;
using bench::ms_since;
using bench::Stat;
using bench::stat;
constexpr core::UtcMs kDay = 86'400'000;

bool read_all(const std::string& path, std::string& out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::ostringstream ss;
    ss << f.rdbuf();
    out = ss.str();
    return true;
}
}  // namespace

int main(int argc, char** argv) {
    std::string dir = "build/scale/ledger";
    int runs = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--ledger")) dir = argv[i + 1];
        else if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
    }
    std::string summary_text, orders_text;
    if (!read_all(dir + "/ledger.json", summary_text) || !read_all(dir + "/orders.ndjson", orders_text)) {
        std::fprintf(stderr, "bench_settlement: cannot read %s/ledger.json and orders.ndjson (run gen_demo --scale)\n", dir.c_str());
        return 1;
    }
    auto summary = core::parse_json(summary_text, "ledger.json");
    if (!summary) {
        std::fprintf(stderr, "bench_settlement: %s\n", summary.error().message.c_str());
        return 1;
    }
    core::SettlementOptions opt;
    opt.freeze_days = static_cast<int>(core::int_or(*summary, "freeze_days", 7));
    opt.min_payout = core::int_or(*summary, "min_payout", 5000);
    const core::UtcMs end = core::int_or(*summary, "end_ms", 0);
    std::unordered_map<std::string, core::PayeeInfo> names;
    if (const core::Json* n = core::get_object(*summary, "names"))
        for (auto it = n->begin(); it != n->end(); ++it)
            if (it.value().is_string()) names[it.key()].name = it.value().get<std::string>();

    std::vector<double> t_load, t_bal, t_batches, t_rerun;
    core::Ledger ledger;
    std::vector<core::PayoutBatch> batches;
    std::vector<core::PayeeBalance> balances;
    std::string csv;
    bool ok = true;
    for (int run = 0; run < runs; ++run) {
        auto t0 = Clock::now();
        ledger = core::Ledger{};
        ledger.brand = core::string_or(*summary, "brand", "");
        ledger.currency = core::string_or(*summary, "currency", "");
        ledger.orders.reserve(static_cast<std::size_t>(core::int_or(*summary, "orders", 0)));
        ledger.shares.reserve(static_cast<std::size_t>(core::int_or(*summary, "shares", 0)));
        std::size_t start = 0, bad = 0;
        while (start < orders_text.size()) {
            std::size_t nl = orders_text.find('\n', start);
            if (nl == std::string::npos) nl = orders_text.size();
            if (nl > start && !core::add_ledger_order_line(ledger, std::string_view(orders_text).substr(start, nl - start))) ++bad;
            start = nl + 1;
        }
        t_load.push_back(ms_since(t0));
        if (bad) {
            std::fprintf(stderr, "bench_settlement: %zu lines are not ledger orders\n", bad);
            return 1;
        }
        auto t1 = Clock::now();
        balances = core::compute_balances(ledger, {}, opt, end);
        t_bal.push_back(ms_since(t1));
        auto t2 = Clock::now();
        batches.clear();
        for (int week = 3; week >= 0; --week) {
            auto b = core::make_payout_batch(ledger, batches, opt, end - week * 7 * kDay);
            if (!b) {
                std::fprintf(stderr, "bench_settlement: %s\n", b.error().message.c_str());
                return 1;
            }
            batches.push_back(std::move(*b));
        }
        csv = core::payout_csv(batches.back(), names);
        t_batches.push_back(ms_since(t2));
        auto t3 = Clock::now();
        auto again = core::make_payout_batch(ledger, batches, opt, batches.back().cutoff);
        t_rerun.push_back(ms_since(t3));
        ok = ok && again && again->id == batches.back().id && again->total == batches.back().total &&
             again->lines.size() == batches.back().lines.size();
    }

    // Checks.
    balances = core::compute_balances(ledger, batches, opt, end);
    core::Minor all_shares = 0, paid = 0, pending = 0, settleable = 0, cancelled = 0, owed = 0, batch_gross = 0, batch_net = 0;
    long lines = 0;
    for (const auto& s : ledger.shares) all_shares += s.amount;
    for (const auto& b : balances) {
        paid += b.paid;
        pending += b.pending;
        settleable += b.settleable;
        cancelled += b.cancelled;
        owed += b.clawback;
    }
    for (const auto& b : batches) {
        core::Minor sum = 0;
        for (const auto& l : b.lines) {
            sum += l.amount;
            batch_gross += l.gross;
            ok = ok && l.amount == l.gross - l.clawback && l.amount >= opt.min_payout;
        }
        ok = ok && sum == b.total;
        batch_net += b.total;
        lines += static_cast<long>(b.lines.size());
    }
    ok = ok && paid == batch_gross && paid + pending + settleable + cancelled == all_shares;

    const Stat load = stat(t_load), bal = stat(t_bal), bat = stat(t_batches), rerun = stat(t_rerun);
    std::fprintf(stderr, "bench_settlement: %zu orders, %zu shares, %zu payees (%s)\n", ledger.orders.size(), ledger.shares.size(),
                 ledger.payees.size(), ledger.currency.c_str());
    std::fprintf(stderr, "  load       median %8.1f ms   min %8.1f ms\n", load.median, load.min);
    std::fprintf(stderr, "  balances   median %8.1f ms   min %8.1f ms\n", bal.median, bal.min);
    std::fprintf(stderr, "  4 batches  median %8.1f ms   min %8.1f ms   (+ CSV of %ld lines, %zu bytes)\n", bat.median, bat.min,
                 static_cast<long>(batches.back().lines.size()), csv.size());
    std::fprintf(stderr, "  rerun      median %8.1f ms   min %8.1f ms\n", rerun.median, rerun.min);
    std::fprintf(stderr, "  check: shares %lld = paid %lld + pending %lld + settleable %lld + cancelled %lld; batches paid %lld net of %lld clawed"
                         " back, %ld lines; owed %lld; %s\n",
                 static_cast<long long>(all_shares), static_cast<long long>(paid), static_cast<long long>(pending),
                 static_cast<long long>(settleable), static_cast<long long>(cancelled), static_cast<long long>(batch_net),
                 static_cast<long long>(batch_gross - batch_net), lines, static_cast<long long>(owed), ok ? "ok" : "FAILED");
    core::Json out = {{"orders", ledger.orders.size()}, {"shares", ledger.shares.size()}, {"payees", ledger.payees.size()},
                      {"runs", runs},
                      {"load_ms", {{"median", load.median}, {"min", load.min}}},
                      {"balances_ms", {{"median", bal.median}, {"min", bal.min}}},
                      {"batches_ms", {{"median", bat.median}, {"min", bat.min}}},
                      {"rerun_ms", {{"median", rerun.median}, {"min", rerun.min}}},
                      {"batch_lines", lines}, {"last_batch_lines", batches.back().lines.size()}, {"csv_bytes", csv.size()},
                      {"paid", paid}, {"batch_net", batch_net}, {"owed", owed}, {"ok", ok}};
    std::printf("%s\n", core::dump_json(out).c_str());
    return ok ? 0 : 1;
}
