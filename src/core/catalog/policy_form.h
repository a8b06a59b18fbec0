// The brand policy as the console's editor holds it: the text a person typed in each field (a
// percent as "10.5", an amount as "50.00"), turned into a core::Policy with a message for every
// field that does not read, and back. The checks of the policy itself are policy_problems'
// (catalog.h); this only reads what was typed.
//
// [SECTION] Form      the fields, as typed
// [SECTION] Reading   form -> Policy (+ field errors), Policy -> form
// [SECTION] Example   one order split up a chain by the policy being edited (the editor's worked example)
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/ledger/commission.h"
#include "core/result.h"

namespace core {

// [SECTION] Form
struct PolicyForm {
    std::string mode = "permanent";  // permanent | window | last
    std::string window_days;
    std::vector<std::string> levels;  // percent per level, seller first (1-3 of them)
    std::string cap = "100";          // percent
    bool self_purchase = false;
    bool bind_on_paid = false;
    std::vector<std::pair<std::string, std::vector<std::string>>> overrides;  // product id, percent per level
    std::string freeze_days = "7", min_payout, lost_after_days = "30";
    bool cod = true, bank = false, link = false;
    std::string account_name, account, bank_name, url, label;
    std::string max_levels = "3";

    bool operator==(const PolicyForm&) const = default;
};

// [SECTION] Reading
// "10" -> 1000, "10.5" -> 1050, "0.25" -> 25 basis points; at most two decimals, 0 to 100.
Result<BasisPoints> parse_percent(std::string_view text);
// (percent_text, its inverse, is catalog.h's: the policy's own problems are worded with it.)

struct PolicyRead {
    Policy policy;
    std::map<std::string, std::string> errors;  // field -> what to fix ("levels.0", "cap", "overrides.<pid>.1", ...)
};
// The form as a policy for `brand` at `version`, amounts in `currency`. Fields that do not read
// keep the policy's defaults and say why in `errors`; then policy_problems judges the rest (its
// problems are added under their fields too).
PolicyRead read_policy_form(const PolicyForm& form, const std::string& brand, std::int64_t version, const std::string& currency);
PolicyForm policy_form_of(const Policy& policy, const std::string& currency);

// [SECTION] Example
// An order of `quantity` x `product` at `price`, sold by chain.front(), split by the policy.
Split example_split(const Policy& policy, const std::string& product, Minor price, int quantity, const std::vector<std::string>& chain,
                    bool self_purchase = false);

}  // namespace core
