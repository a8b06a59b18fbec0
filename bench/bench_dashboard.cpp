// bench_dashboard: the distributor dashboard's computation over 1,000,000 events, natively and
// (built as wasm, run under node) the way the browser runs it.
//
//   bench_dashboard [--events N] [--orders N] [--runs N]
//   bench_dashboard --pages FILE [--distributor ID] [--now MS] [--runs N]
//
// --pages: the generated scale activity (gen_demo --scale) as the store pages it: FILE holds the
// answers of GET /api/brands/<brand>/activity or /api/shops/<slug>/activity, one page per line, as
// bench/activity_bench.py saved them from serve.py over the imported store. The dashboard is computed
// for --distributor (default: the one credited with the most orders) at --now (default: the latest
// event or status time in the pages).
//
// Otherwise, synthesized activity for one distributor and their downline: N events (default 1,000,000; 70% in
// the distributor's own shop) from 50,000 visitors over 90 days, across the four channels and a
// dozen campaigns, with a visit -> view -> cart -> checkout -> order funnel; and 20,000 orders
// with splits and statuses. Reported (median and min over the runs, ms):
//   parse      the activity as the store pages it (5,000 events per page) -> Activity
//              (parse_json + merge_activity_page), what the browser does as pages arrive
//   dashboard  compute_dashboard: funnel, channels and campaigns, orders, commission buckets,
//              bound and lost customers, team sales
// Human lines go to stderr, one JSON object to stdout.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/analytics/dashboard.h"
#include "timing.h"

namespace {
using bench::Clock;
using bench::ms_since;
using bench::Stat;
using bench::stat;
constexpr core::UtcMs kDay = 86'400'000;
constexpr core::UtcMs kNow = 1'800'000'000'000;
}  // namespace

// The pages of a file written by bench/activity_bench.py; false when it cannot be read.
bool read_pages(const char* path, std::vector<std::string>& pages) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::string line;
    while (std::getline(f, line))
        if (!line.empty()) pages.push_back(std::move(line));
    return !pages.empty();
}

int main(int argc, char** argv) {
    long n_events = 1'000'000, n_orders = 20'000;
    int runs = 5;
    const char* pages_path = nullptr;
    std::string distributor = "d_me";
    core::UtcMs now = kNow;
    bool given_distributor = false, given_now = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--events")) n_events = std::atol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--orders")) n_orders = std::atol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--pages")) pages_path = argv[i + 1];
        else if (!std::strcmp(argv[i], "--distributor")) distributor = argv[i + 1], given_distributor = true;
        else if (!std::strcmp(argv[i], "--now")) now = std::atoll(argv[i + 1]), given_now = true;
    }
    std::vector<std::string> pages;
    if (pages_path) {
        if (!read_pages(pages_path, pages)) {
            std::fprintf(stderr, "bench_dashboard: cannot read pages from %s\n", pages_path);
            return 1;
        }
    }
    std::mt19937_64 rng(42);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const char* channels[] = {"qr", "share", "link", "direct"};
    const char* types[] = {"visit", "product_view", "add_to_cart", "checkout_start", "order_placed"};
    std::vector<std::string> team = {"d_me"};
    for (int i = 0; i < 40; ++i) team.push_back("d_kid" + std::to_string(i));

    // The store's pages, as JSON text.
    long made = 0, order_made = 0;
    while (!pages_path && (made < n_events || order_made < n_orders)) {
        core::Json page = {{"events", core::Json::array()}, {"orders", core::Json::array()}, {"statuses", core::Json::array()}};
        for (int k = 0; k < 5000 && made < n_events; ++k, ++made) {
            const bool mine = pick(10) < 7;
            // A funnel: each step is reached by a fraction of the step before.
            int step = 0;
            while (step < 4 && pick(100) < 35) ++step;
            const int ch = pick(4);
            page["events"].push_back({{"id", "e_" + std::to_string(made)}, {"type", types[step]}, {"shop", mine ? "me" : "kid"},
                                      {"distributor", mine ? team[0] : team[1 + pick(40)]}, {"brands", {"b"}},
                                      {"product", "p_" + std::to_string(pick(3000))}, {"visitor", "v_" + std::to_string(pick(50000))},
                                      {"channel", channels[ch]}, {"campaign", ch < 3 && pick(3) == 0 ? "c" + std::to_string(pick(12)) : ""},
                                      {"hop", pick(3)}, {"at", kNow - pick(90) * kDay - pick(static_cast<int>(kDay))}, {"received", kNow}});
        }
        for (int k = 0; k < 1000 && order_made < n_orders; ++k, ++order_made) {
            const std::string& credited = pick(10) < 6 ? team[0] : team[1 + pick(40)];
            const core::Minor total = 1000 + pick(50000);
            const char* statuses[] = {"placed", "paid", "delivered", "delivered", "refunded", "settled"};
            const core::UtcMs placed = kNow - pick(120) * kDay;
            core::Json payees = {{{"distributor", credited}, {"level", 0}, {"amount", total / 10}}};
            if (credited != team[0]) payees.push_back({{"distributor", team[0]}, {"level", 1}, {"amount", total * 3 / 100}});
            page["orders"].push_back({{"id", "o_" + std::to_string(order_made)}, {"number", "DS-" + std::to_string(order_made)},
                                      {"brand", "b"}, {"shop", "me"}, {"shop_distributor", credited}, {"distributor", credited},
                                      {"currency", "CNY"}, {"total", total}, {"lines", core::Json::array()}, {"placed_ms", placed},
                                      {"status", statuses[pick(6)]}, {"status_ms", placed + pick(20) * kDay},
                                      {"customer", "c_" + std::to_string(pick(8000))},
                                      {"last_touch", {{"channel", channels[pick(4)]}, {"campaign", ""}}},
                                      {"split", {{"payees", payees}, {"brand", 0}, {"rule", ""}}}});
        }
        page["cursor"] = std::to_string(made) + ".0." + std::to_string(order_made);
        page["more"] = made < n_events || order_made < n_orders;
        pages.push_back(core::dump_json(page));
    }
    std::size_t bytes = 0;
    for (const auto& p : pages) bytes += p.size();
    if (!pages_path)
        std::fprintf(stderr, "bench_dashboard: %ld events, %ld orders in %zu pages (%.1f MB of JSON)\n", n_events, n_orders, pages.size(),
                     bytes / 1048576.0);

    std::vector<double> parse_ms, dash_ms;
    core::Activity activity;
    for (int r = 0; r < runs; ++r) {
        core::Activity a;
        a.events.reserve(static_cast<std::size_t>(n_events));
        const auto t0 = Clock::now();
        for (const auto& p : pages) {
            auto doc = core::parse_json(p, "activity");
            if (!doc || !core::merge_activity_page(a, *doc)) {
                std::fprintf(stderr, "bench_dashboard: a page did not parse\n");
                return 1;
            }
        }
        parse_ms.push_back(ms_since(t0));
        if (r == 0) activity = std::move(a);
    }
    if (pages_path) {
        n_events = static_cast<long>(activity.events.size());
        n_orders = static_cast<long>(activity.orders.size());
        std::map<std::string, long> credited;
        core::UtcMs latest = 0;
        for (const auto& e : activity.events) latest = std::max(latest, e.at);
        for (const auto& o : activity.orders) {
            credited[o.distributor]++;
            latest = std::max({latest, o.placed_ms, o.status_ms});
        }
        if (!given_distributor) {
            long best = -1;
            for (const auto& [d, n] : credited)
                if (n > best) best = n, distributor = d;
        }
        if (!given_now) now = latest;
        std::fprintf(stderr, "bench_dashboard: generated activity from %s: %ld events, %ld orders in %zu pages (%.1f MB of JSON); "
                     "dashboard of %s at %lld\n", pages_path, n_events, n_orders, pages.size(), bytes / 1048576.0, distributor.c_str(),
                     static_cast<long long>(now));
    }
    core::DashboardOptions opt;
    opt.distributor = distributor;
    opt.now = now;
    core::Dashboard d;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = Clock::now();
        d = core::compute_dashboard(activity, opt);
        dash_ms.push_back(ms_since(t0));
    }
    const Stat p = stat(parse_ms), s = stat(dash_ms);
    std::fprintf(stderr, "  parse      median %8.1f ms   min %8.1f ms\n", p.median, p.min);
    std::fprintf(stderr, "  dashboard  median %8.1f ms   min %8.1f ms\n", s.median, s.min);
    std::fprintf(stderr, "  check: visits %ld, visitors %ld, funnel %ld/%ld/%ld/%ld/%ld, orders %ld, bound %zu, lost %zu, channels %zu\n",
                 d.visits, d.visitors, d.funnel[0], d.funnel[1], d.funnel[2], d.funnel[3], d.funnel[4], d.orders, d.bound.size(),
                 d.lost.size(), d.channels.size());
    std::printf("{\"source\":\"%s\",\"pages\":%zu,\"distributor\":\"%s\",\"events\":%ld,\"orders\":%ld,\"json_mb\":%.1f,"
                "\"parse_ms\":{\"median\":%.1f,\"min\":%.1f},\"dashboard_ms\":{\"median\":%.1f,\"min\":%.1f},\"visits\":%ld,"
                "\"visitors\":%ld,\"orders_counted\":%ld,\"bound\":%zu,\"lost\":%zu}\n",
                pages_path ? "generated" : "synthetic", pages.size(), distributor.c_str(), n_events, n_orders, bytes / 1048576.0, p.median,
                p.min, s.median, s.min, d.visits, d.visitors, d.orders, d.bound.size(), d.lost.size());
    return 0;
}
