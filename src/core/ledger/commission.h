// Commission: how one order's money splits up the recruiting chain. Integer minor units only.
//
// The rule (the same in serve.py; tests/vectors/commission.json holds the shared cases):
//   For every order line and every configured level i (0 = the selling distributor, 1 = their
//   recruiter, 2 = the recruiter's recruiter), the payee at that level earns
//   floor(line_total x rate_i / 10000), where rate_i comes from the product's override if the
//   brand set one, else from the plan's levels. A level with no payee (the chain is shorter than
//   the plan) earns nothing. Whatever is not paid out, including every rounding remainder, stays
//   with the brand, so the parts always add up to the order total exactly.
//   Self-purchase: when the buyer is the selling distributor and the brand does not allow
//   self-purchase, level 0 earns nothing on that order (the upline still earns theirs).
#pragma once
#include <string>
#include <vector>

#include "core/catalog/catalog.h"

namespace core {

struct PricedLine {
    std::string product;
    Minor unit_price = 0;
    int quantity = 0;
    Minor total() const { return unit_price * quantity; }
};

struct Payee {
    std::string distributor;
    int level = 0;  // 0 = seller
    Minor amount = 0;
};

struct Split {
    Minor order_total = 0;
    std::vector<Payee> payees;  // seller first, then up the chain; zero amounts kept for clarity
    Minor brand = 0;            // the order total minus every payee
    std::string rule;           // a sentence for the provenance view
};

// `chain` lists the seller first, then each recruiter up to level 1.
Split split_order(const std::vector<PricedLine>& lines, const std::vector<std::string>& chain, const Policy& policy,
                  bool self_purchase);

}  // namespace core
