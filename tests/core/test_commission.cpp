// Commission splits, driven by the shared vectors serve.py's tests also run.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/ledger/commission.h"

using namespace core;

TEST_CASE("commission splits agree with the shared vectors and always add up") {
    std::ifstream in(std::string(DYNSHOP_SOURCE_DIR) + "/tests/vectors/commission.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = parse_json(ss.str(), "commission vectors");
    REQUIRE(doc.ok());
    const Json* cases = get_array(*doc, "cases");
    REQUIRE(cases != nullptr);
    REQUIRE(cases->size() >= 8);
    for (const auto& c : *cases) {
        CAPTURE(string_or(c, "name", "?"));
        Policy pol;
        pol.levels.clear();
        for (const auto& r : c["levels"]) pol.levels.push_back(static_cast<BasisPoints>(r.get<int>()));
        for (auto it = c["overrides"].begin(); it != c["overrides"].end(); ++it) {
            std::vector<BasisPoints> rates;
            for (const auto& r : it.value()) rates.push_back(static_cast<BasisPoints>(r.get<int>()));
            pol.overrides[it.key()] = rates;
        }
        pol.allow_self_purchase = get_bool(c, "allow_self").value_or(false);
        std::vector<std::string> chain;
        for (const auto& d : c["chain"]) chain.push_back(d.get<std::string>());
        std::vector<PricedLine> lines;
        for (const auto& l : c["lines"])
            lines.push_back({string_or(l, "product", ""), int_or(l, "unit_price", 0), static_cast<int>(int_or(l, "qty", 0))});
        Split s = split_order(lines, chain, pol, get_bool(c, "self").value_or(false));
        const Json& want = c["expect"]["payees"];
        REQUIRE(s.payees.size() == want.size());
        Minor sum = s.brand;
        for (std::size_t i = 0; i < want.size(); ++i) {
            CHECK(s.payees[i].amount == want[i].get<Minor>());
            CHECK(s.payees[i].distributor == chain[i]);
            sum += s.payees[i].amount;
        }
        CHECK(s.brand == int_or(c["expect"], "brand", -1));
        CHECK(sum == s.order_total);
        CHECK_FALSE(s.rule.empty());
    }
}
