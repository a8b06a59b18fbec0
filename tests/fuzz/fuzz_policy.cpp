// fuzz_policy: raw bytes -> core::parse_json -> core::read_policy / core::parse_policy (a brand's
// signed policy: commission plan, binding, refund window, ways to pay; the shop, checkout, the store
// and the console all read it) and policy_problems. Signed by the brand and opened the product's way
// (open_policy) it must give parse_policy's answer. A policy written back (policy_to_json, what the
// console signs) must read back to the same policy, through both readers.
#include "core/catalog/catalog.h"
#include "fuzz.h"

namespace {
bool same_payment(const core::PaymentMethod& a, const core::PaymentMethod& b) {
    if (a.kind != b.kind) return false;
    if (a.kind == core::PaymentMethod::Bank) return a.account_name == b.account_name && a.account == b.account && a.bank == b.bank;
    if (a.kind == core::PaymentMethod::Link) return a.url == b.url && a.label == b.label;
    return true;  // pay on delivery carries nothing
}

bool same(const core::Policy& a, const core::Policy& b) {
    if (a.payment.size() != b.payment.size()) return false;
    for (std::size_t i = 0; i < a.payment.size(); ++i)
        if (!same_payment(a.payment[i], b.payment[i])) return false;
    return a.brand == b.brand && a.version == b.version && a.binding == b.binding &&
           (a.binding != core::BindingMode::Window || a.binding_days == b.binding_days) && a.levels == b.levels &&
           a.overrides == b.overrides && a.freeze_days == b.freeze_days && a.min_payout == b.min_payout &&
           a.allow_self_purchase == b.allow_self_purchase && a.max_levels == b.max_levels &&
           a.lost_after_days == b.lost_after_days && a.cap == b.cap;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(fuzz::text(data, size));
    auto doc = core::parse_json(text, "policy");
    if (!doc) return 0;
    auto read = core::read_policy(*doc);
    auto pol = core::parse_policy(*doc);
    FUZZ_CHECK(!pol.ok() || read.ok());
    if (read) {
        FUZZ_CHECK(pol.ok() == core::policy_problems(*read).empty());
        auto back = core::read_policy(core::policy_to_json(*read));
        FUZZ_CHECK(back.ok());
        FUZZ_CHECK(same(*back, *read));
    }

    const auto& k = fuzz::keys();
    core::BrandCert brand;
    brand.brand = pol ? pol->brand : "b_fuzz";
    brand.key = k.brand.pk;
    auto opened = core::open_policy(core::sign_envelope(text, k.brand), brand);
    FUZZ_CHECK(opened.ok() == pol.ok());
    if (pol) {
        auto back = core::parse_policy(core::policy_to_json(*pol));
        FUZZ_CHECK(back.ok());
        FUZZ_CHECK(same(*back, *pol));
    }
    return 0;
}
