// Binding: which distributor a customer belongs to, per brand, under the brand's policy.
//
// The same rules run in the browser (to show the right shop before any order) and in the store at
// order time (through dynshop_core, src/pycore), where they are authoritative. tests/vectors/binding.json
// pins them, run natively, as wasm and through the Python module.
//
//   permanent   the first distributor keeps the customer; later links never rebind (default)
//   window:N    as permanent, but the binding lapses N days after the later of binding and last
//               order; each order renews it
//   last        every referral link (a non-direct channel) rebinds to its distributor
// Guards: a distributor's own visit binds only if the brand allows self-purchase; an inactive
// distributor never gains a binding.
#pragma once
#include <optional>
#include <string>

#include "core/catalog/catalog.h"
#include "core/referral/link.h"

namespace core {

struct Binding {
    std::string brand, distributor, shop;  // shop = slug
    UtcMs bound_ms = 0;
    UtcMs last_order_ms = 0;
};

struct Touch {
    std::string brand, distributor, shop;
    Referral referral;
    UtcMs at = 0;
    bool by_distributor_self = false;  // the visitor is this distributor
    bool distributor_active = true;
};

enum class BindingRule { Bound, Kept, Rebound, RenewedAfterLapse, SelfReferral, InactiveDistributor };

struct BindingOutcome {
    std::optional<Binding> binding;
    BindingRule rule = BindingRule::Bound;
    const char* rule_name() const;
    std::string explanation;  // a sentence for the provenance view
};

bool binding_lapsed(const Binding& b, const Policy& policy, UtcMs now);
BindingOutcome apply_touch(const std::optional<Binding>& current, const Touch& touch, const Policy& policy);
// An order renews a window binding.
void record_order(Binding& b, UtcMs at);

// A binding is made by a first touch plus an order that stands, never by a void order alone: else
// anyone could order (and never pay) with a stranger's phone number in their own shop and own that
// stranger for good. When the order that made the customer's current binding is cancelled or
// refunded, the binding stands only if another order of the customer placed under it still stands;
// otherwise it goes back to the binding it replaced, or, with none, the customer is unbound again.
enum class AfterVoid { Keep, Restore, Unbind };
AfterVoid binding_after_void(bool made_by_the_void_order, bool another_order_stands, bool replaced_one);
const char* after_void_name(AfterVoid a);

}  // namespace core
