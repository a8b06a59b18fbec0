// Scale ledger (see scale_ledger.h), part of the demo library. Its randomness is the scale
// activity's (scale_random.h).
#include "scale_ledger.h"

#include <algorithm>
#include <map>

#include "core/ledger/commission.h"
#include "scale_random.h"

namespace demo {

core::Result<ScaleLedger> build_scale_ledger(const World& w, const LedgerOptions& opt) {
    ScaleLedger out;
    if (w.brands.empty()) return core::make_error("no_brand", "The scale world has no brand.");
    if (opt.orders < 0) return core::make_error("bad_size", "The number of orders cannot be negative.");
    const std::string brand = w.brands[0].id;
    out.ledger.brand = brand;

    // The signed release's prices, the signed policy, and the recruiting tree from the enrollments.
    std::vector<core::Minor> prices;
    std::vector<std::string> product_ids;
    core::Policy policy;
    struct Member {
        std::string parent;
    };
    std::map<std::string, Member> members;
    std::vector<std::string> distributors;
    for (const auto& d : w.documents) {
        auto p = core::parse_json(d.envelope.payload, d.kind);
        if (!p || core::string_or(*p, "brand", "") != brand) continue;
        if (d.kind == "release") {
            out.ledger.currency = core::string_or(*p, "currency", "");
            if (const core::Json* arr = core::get_array(*p, "products"))
                for (const auto& prod : *arr) {
                    product_ids.push_back(core::string_or(prod, "id", ""));
                    prices.push_back(core::int_or(prod, "price", 0));
                }
        } else if (d.kind == "policy") {
            if (auto pol = core::parse_policy(*p)) policy = *pol;
        } else if (d.kind == "enrollment") {
            const std::string id = core::string_or(*p, "distributor", "");
            if (id.empty()) continue;
            if (members.emplace(id, Member{core::string_or(*p, "parent", "")}).second) distributors.push_back(id);
            out.names[id] = core::string_or(*p, "name", "");
        }
    }
    if (prices.empty()) return core::make_error("no_release", "The scale world has no release for " + brand + ".");
    if (distributors.empty()) return core::make_error("no_distributors", "The scale world has no distributors.");
    out.settle.freeze_days = policy.freeze_days;
    out.settle.min_payout = policy.min_payout;

    // Each distributor's chain, seller first (at most the plan's levels are paid).
    std::vector<std::vector<std::string>> chains(distributors.size());
    for (std::size_t i = 0; i < distributors.size(); ++i) {
        std::string cur = distributors[i];
        for (int depth = 0; depth < 8 && !cur.empty(); ++depth) {
            chains[i].push_back(cur);
            auto it = members.find(cur);
            cur = it == members.end() ? std::string() : it->second.parent;
        }
    }

    // Busier distributors sell more; the order of the enrollments is shuffled first so the busy
    // ones are spread over every level of the tree.
    std::vector<std::uint32_t> order_of(distributors.size());
    for (std::uint32_t i = 0; i < order_of.size(); ++i) order_of[i] = i;
    Mix shuffle(opt.seed ^ 0x5eed);
    for (std::size_t i = order_of.size(); i > 1; --i) std::swap(order_of[i - 1], order_of[static_cast<std::size_t>(shuffle.below(static_cast<int>(i)))]);
    const Zipf seller(distributors.size());
    Mix r(opt.seed);
    const core::UtcMs start = kLedgerEnd - static_cast<core::UtcMs>(std::max(1, opt.days)) * kDayMs;
    out.ledger.orders.reserve(static_cast<std::size_t>(opt.orders));
    out.ledger.shares.reserve(static_cast<std::size_t>(opt.orders) * 2);
    std::vector<core::PricedLine> lines;
    for (long i = 0; i < opt.orders; ++i) {
        const std::size_t d = order_of[seller.pick(r)];
        const core::UtcMs placed = start + static_cast<core::UtcMs>(static_cast<double>(i) / std::max<long>(1, opt.orders) *
                                                                    static_cast<double>(kLedgerEnd - start)) +
                                   r.below(60'000);
        lines.clear();
        const int n = 1 + (r.f() < 0.3 ? 1 : 0) + (r.f() < 0.1 ? 1 : 0);
        for (int k = 0; k < n; ++k) {
            const auto p = static_cast<std::size_t>(r.below(static_cast<int>(prices.size())));
            lines.push_back({product_ids[p], prices[p], 1 + (r.f() < 0.2 ? 1 : 0)});
        }
        const core::Split split = core::split_order(lines, chains[d], policy, false);
        // Its life: delivered 2-6 days later (unless still on its way at the end of the window);
        // 3% refunded (half of them after the refund window), 2% cancelled before delivery.
        core::UtcMs delivered = placed + 2 * kDayMs + r.below(4 * static_cast<int>(kDayMs / 1000)) * 1000LL;
        core::UtcMs voided = 0;
        const double fate = r.f();
        if (fate < 0.02) {
            voided = placed + r.below(static_cast<int>(kDayMs / 1000)) * 1000LL;
            delivered = 0;
        } else if (fate < 0.05) {
            const bool late = fate >= 0.035;
            voided = delivered + (late ? (policy.freeze_days + 3) * kDayMs : kDayMs) + r.below(3600) * 1000LL;
        }
        // What has happened by the end of the window.
        if (delivered > kLedgerEnd) delivered = 0;
        if (voided > kLedgerEnd) voided = 0;
        if (delivered != 0) {
            ++out.delivered;
            if (voided != 0) ++out.refunded;
        } else if (voided != 0) {
            ++out.cancelled;
        } else {
            ++out.open;
        }
        out.ledger.add("o_s" + std::to_string(i), placed, delivered, voided, split.payees);
    }
    return out;
}

}  // namespace demo
