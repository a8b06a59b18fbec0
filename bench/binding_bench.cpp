// Binding resolution over a deterministic stream of touches, natively with core::apply_touch.
// bench/server_bench.py generates the very same events (same splitmix64 stream) into SQLite and
// resolves them with serve.py's mirror; both print a checksum of the bindings they end with, so the
// figure is also a cross-check of the two implementations at scale.
//
//   binding_bench [events] [visitors] [distributors] [seed]
//   binding_bench --touches FILE
// --touches: the events of a store instead (bench/server_bench.py --store writes them from the
// generated scale activity): one "visitor<TAB>distributor<TAB>shop<TAB>channel<TAB>at_ms" line per
// event, in time order; every distributor active.
// prints one line per binding mode:
//   BINDING_CPP mode=<m> events=<n> ms=<resolve time> visitors_bound=<k> rules=<r:n,...> checksum=<sha256>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "core/referral/binding.h"
#include "core/trust/trust.h"

using namespace core;

namespace {

struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

struct Event {
    std::uint32_t visitor, distributor;
    Channel channel;
    UtcMs at;
};

constexpr UtcMs kBase = 1700000000000;
constexpr UtcMs kSpan = 120LL * kMsPerDay;
const Channel kChannels[4] = {Channel::Direct, Channel::Qr, Channel::Share, Channel::Link};

// Keep in step with gen_events() in bench/server_bench.py.
std::vector<Event> generate(std::size_t n, std::uint32_t visitors, std::uint32_t distributors, std::uint64_t seed) {
    SplitMix64 rng{seed};
    std::vector<Event> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t visitor = static_cast<std::uint32_t>(rng.next() % visitors);
        const std::uint64_t r2 = rng.next();
        const std::uint32_t home = static_cast<std::uint32_t>((static_cast<std::uint64_t>(visitor) * 2654435761ull) % distributors);
        const std::uint32_t dist = (r2 % 10 < 7) ? home : static_cast<std::uint32_t>((r2 >> 8) % distributors);
        const Channel ch = kChannels[rng.next() % 4];
        out.push_back({visitor, dist, ch, kBase + static_cast<UtcMs>(i) * kSpan / static_cast<UtcMs>(n)});
    }
    return out;
}

std::string id(const char* fmt, std::uint32_t n) {
    char buf[24];
    std::snprintf(buf, sizeof buf, fmt, n);
    return buf;
}

struct Mode {
    const char* name;
    BindingMode mode;
    int days;
};
const Mode kModes[] = {{"permanent", BindingMode::Permanent, 0}, {"window30", BindingMode::Window, 30}, {"last", BindingMode::Last, 0}};
const char* const kRuleNames[] = {"bound", "kept", "rebound", "renewed_after_lapse", "self_referral", "inactive_distributor"};

std::string rule_text(const long (&counts)[6]) {
    std::string out;
    for (int i = 0; i < 6; ++i)
        if (counts[i]) out += std::string(out.empty() ? "" : ",") + kRuleNames[i] + ":" + std::to_string(counts[i]);
    return out;
}

// Resolution over a store's events (see --touches above).
int run_touches(const char* path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        std::fprintf(stderr, "binding_bench: cannot read %s\n", path);
        return 1;
    }
    std::vector<std::string> visitors, dists, shops;
    std::unordered_map<std::string, std::uint32_t> visitor_ix, dist_ix, shop_ix;
    auto intern = [](std::vector<std::string>& names, std::unordered_map<std::string, std::uint32_t>& ix, std::string&& s) {
        auto [it, fresh] = ix.emplace(s, static_cast<std::uint32_t>(names.size()));
        if (fresh) names.push_back(std::move(s));
        return it->second;
    };
    struct Row {
        std::uint32_t visitor, distributor, shop;
        Channel channel;
        UtcMs at;
    };
    std::vector<Row> rows;
    std::string line;
    while (std::getline(f, line)) {
        std::string field[5];
        std::size_t start = 0;
        for (int k = 0; k < 5; ++k) {
            const std::size_t tab = k < 4 ? line.find('\t', start) : line.size();
            if (tab == std::string::npos) break;
            field[k] = line.substr(start, tab - start);
            start = tab + 1;
        }
        if (field[4].empty()) continue;
        rows.push_back({intern(visitors, visitor_ix, std::move(field[0])), intern(dists, dist_ix, std::move(field[1])),
                        intern(shops, shop_ix, std::move(field[2])), parse_channel(field[3]).value_or(Channel::Direct),
                        std::strtoll(field[4].c_str(), nullptr, 10)});
    }
    // Per visitor, keeping the file's time order within each visitor.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.visitor < b.visitor; });
    for (const Mode& m : kModes) {
        Policy pol;
        pol.brand = "bench";
        pol.binding = m.mode;
        pol.binding_days = m.days;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> bound;
        long rule_counts[6] = {0, 0, 0, 0, 0, 0};
        const auto t0 = std::chrono::steady_clock::now();
        std::optional<Binding> cur;
        std::uint32_t cur_visitor = UINT32_MAX;
        auto flush = [&]() {
            if (cur_visitor != UINT32_MAX && cur) bound.emplace_back(cur_visitor, dist_ix.at(cur->distributor));
        };
        Touch t;
        t.brand = "bench";
        for (const Row& r : rows) {
            if (r.visitor != cur_visitor) {
                flush();
                cur_visitor = r.visitor;
                cur.reset();
            }
            t.distributor = dists[r.distributor];
            t.shop = shops[r.shop];
            t.referral.channel = r.channel;
            t.at = r.at;
            t.distributor_active = true;
            BindingOutcome out = apply_touch(cur, t, pol);
            ++rule_counts[static_cast<int>(out.rule)];
            cur = std::move(out.binding);
        }
        flush();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        std::vector<std::string> out_lines;
        out_lines.reserve(bound.size());
        for (const auto& [v, d] : bound) out_lines.push_back(visitors[v] + " " + dists[d] + "\n");
        std::sort(out_lines.begin(), out_lines.end());
        std::string text;
        for (const auto& l : out_lines) text += l;
        std::printf("BINDING_CPP mode=%s events=%zu ms=%.1f visitors_bound=%zu rules=%s checksum=%s\n", m.name, rows.size(), ms,
                    bound.size(), rule_text(rule_counts).c_str(), sha256_hex(text).c_str());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 2 && !std::strcmp(argv[1], "--touches")) return run_touches(argv[2]);
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const std::uint32_t visitors = argc > 2 ? static_cast<std::uint32_t>(std::atoi(argv[2])) : 100000;
    const std::uint32_t distributors = argc > 3 ? static_cast<std::uint32_t>(std::atoi(argv[3])) : 2000;
    const std::uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 42;

    std::vector<Event> events = generate(n, visitors, distributors, seed);
    // Per visitor, in time order (times are strictly increasing with the index, so this is unique).
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        return a.visitor != b.visitor ? a.visitor < b.visitor : a.at < b.at;
    });
    std::vector<std::string> dist_ids(distributors), shops(distributors);
    std::vector<bool> active(distributors);
    for (std::uint32_t d = 0; d < distributors; ++d) {
        dist_ids[d] = id("d%04u", d);
        shops[d] = id("s%04u", d);
        active[d] = d % 20 != 7;  // 5% inactive, as in server_bench.py
    }

    struct Mode {
        const char* name;
        BindingMode mode;
        int days;
    };
    const Mode modes[] = {{"permanent", BindingMode::Permanent, 0}, {"window30", BindingMode::Window, 30}, {"last", BindingMode::Last, 0}};
    for (const Mode& m : modes) {
        Policy pol;
        pol.brand = "bench";
        pol.binding = m.mode;
        pol.binding_days = m.days;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> bound;  // visitor, distributor index
        bound.reserve(visitors);
        const auto t0 = std::chrono::steady_clock::now();
        std::optional<Binding> cur;
        std::uint32_t cur_visitor = UINT32_MAX;
        long rule_counts[6] = {0, 0, 0, 0, 0, 0};
        auto flush = [&]() {
            if (cur_visitor != UINT32_MAX && cur) {
                const std::uint32_t d = static_cast<std::uint32_t>(std::atoi(cur->distributor.c_str() + 1));
                bound.emplace_back(cur_visitor, d);
            }
        };
        Touch t;
        t.brand = "bench";
        for (const Event& e : events) {
            if (e.visitor != cur_visitor) {
                flush();
                cur_visitor = e.visitor;
                cur.reset();
            }
            t.distributor = dist_ids[e.distributor];
            t.shop = shops[e.distributor];
            t.referral.channel = e.channel;
            t.at = e.at;
            t.distributor_active = active[e.distributor];
            BindingOutcome out = apply_touch(cur, t, pol);
            ++rule_counts[static_cast<int>(out.rule)];
            cur = std::move(out.binding);
        }
        flush();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        std::string lines;
        lines.reserve(bound.size() * 16);
        for (const auto& [v, d] : bound) lines += id("v_%06u", v) + " " + dist_ids[d] + "\n";
        const char* names[] = {"bound", "kept", "rebound", "renewed_after_lapse", "self_referral", "inactive_distributor"};
        std::string rule_text;
        for (int i = 0; i < 6; ++i)
            if (rule_counts[i]) rule_text += std::string(rule_text.empty() ? "" : ",") + names[i] + ":" + std::to_string(rule_counts[i]);
        std::printf("BINDING_CPP mode=%s events=%zu ms=%.1f visitors_bound=%zu rules=%s checksum=%s\n", m.name, n, ms,
                    bound.size(), rule_text.c_str(), sha256_hex(lines).c_str());
    }
    return 0;
}
