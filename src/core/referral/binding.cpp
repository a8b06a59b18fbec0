#include "core/referral/binding.h"

namespace core {

const char* BindingOutcome::rule_name() const {
    switch (rule) {
        case BindingRule::Bound: return "bound";
        case BindingRule::Kept: return "kept";
        case BindingRule::Rebound: return "rebound";
        case BindingRule::RenewedAfterLapse: return "renewed_after_lapse";
        case BindingRule::SelfReferral: return "self_referral";
        case BindingRule::InactiveDistributor: return "inactive_distributor";
    }
    return "bound";
}

bool binding_lapsed(const Binding& b, const Policy& policy, UtcMs now) {
    if (policy.binding != BindingMode::Window) return false;
    const UtcMs anchor = b.last_order_ms > b.bound_ms ? b.last_order_ms : b.bound_ms;
    return now - anchor > static_cast<UtcMs>(policy.binding_days) * kMsPerDay;
}

BindingOutcome apply_touch(const std::optional<Binding>& current, const Touch& t, const Policy& policy) {
    BindingOutcome out;
    out.binding = current;
    if (!t.distributor_active) {
        out.rule = BindingRule::InactiveDistributor;
        out.explanation = "The link's distributor is not active, so it binds no one.";
        return out;
    }
    if (t.by_distributor_self && !policy.allow_self_purchase) {
        out.rule = BindingRule::SelfReferral;
        out.explanation = "A distributor visiting their own shop is not bound to themselves (the brand does not allow self-referral).";
        return out;
    }
    Binding fresh{t.brand, t.distributor, t.shop, t.at, 0};
    if (!current) {
        out.binding = fresh;
        out.rule = BindingRule::Bound;
        out.explanation = "First visit through this distributor: the customer is bound to them.";
        return out;
    }
    if (binding_lapsed(*current, policy, t.at)) {
        out.binding = fresh;
        out.rule = BindingRule::RenewedAfterLapse;
        out.explanation = "The earlier binding lapsed after " + std::to_string(policy.binding_days) +
                          " days without an order; this visit binds the customer anew.";
        return out;
    }
    if (current->distributor == t.distributor) {
        out.rule = BindingRule::Kept;
        out.explanation = "The customer is already bound to this distributor.";
        return out;
    }
    if (policy.binding == BindingMode::Last && t.referral.channel != Channel::Direct) {
        out.binding = fresh;
        out.rule = BindingRule::Rebound;
        out.explanation = "The brand binds customers to the last referral link they followed.";
        return out;
    }
    out.rule = BindingRule::Kept;
    out.explanation = policy.binding == BindingMode::Permanent
                          ? "Existing customers stay with the distributor who first brought them (permanent binding)."
                          : "The customer's binding is still within its window, so it stays.";
    return out;
}

void record_order(Binding& b, UtcMs at) {
    if (at > b.last_order_ms) b.last_order_ms = at;
}

AfterVoid binding_after_void(bool made_by_the_void_order, bool another_order_stands, bool replaced_one) {
    if (!made_by_the_void_order || another_order_stands) return AfterVoid::Keep;
    return replaced_one ? AfterVoid::Restore : AfterVoid::Unbind;
}

const char* after_void_name(AfterVoid a) {
    switch (a) {
        case AfterVoid::Keep: return "keep";
        case AfterVoid::Restore: return "restore";
        case AfterVoid::Unbind: return "unbind";
    }
    return "keep";
}

}  // namespace core
