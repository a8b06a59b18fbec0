#include "core/ledger/commission.h"

#include <algorithm>

namespace core {

Split split_order(const std::vector<PricedLine>& lines, const std::vector<std::string>& chain, const Policy& policy,
                  bool self_purchase) {
    Split s;
    const std::size_t levels = std::min<std::size_t>(chain.size(), kMaxCommissionLevels);
    for (std::size_t i = 0; i < levels; ++i) s.payees.push_back({chain[i], static_cast<int>(i), 0});
    bool any_override = false;
    for (const auto& line : lines) {
        const Minor total = line.total();
        s.order_total += total;
        auto ov = policy.overrides.find(line.product);
        const std::vector<BasisPoints>& rates = ov != policy.overrides.end() ? ov->second : policy.levels;
        any_override = any_override || ov != policy.overrides.end();
        for (std::size_t i = 0; i < levels && i < rates.size(); ++i) {
            if (i == 0 && self_purchase && !policy.allow_self_purchase) continue;
            s.payees[i].amount += apply_rate_floor(total, rates[i]);
        }
    }
    Minor paid = 0;
    for (const auto& p : s.payees) paid += p.amount;
    s.brand = s.order_total - paid;
    std::string rates;
    for (std::size_t i = 0; i < policy.levels.size(); ++i)
        rates += (i ? " / " : "") + percent_text(policy.levels[i]) + "%";
    s.rule = "Plan " + rates + " by level" + (any_override ? ", with product overrides" : "") +
             "; each line and level rounded down to the minor unit, the rest to the brand" +
             (self_purchase && !policy.allow_self_purchase ? "; self-purchase: the seller's own share withheld" : "") + ".";
    return s;
}

}  // namespace core
