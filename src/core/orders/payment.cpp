#include "core/orders/payment.h"

namespace core {

std::vector<PaymentMethod> payment_options(const Policy& policy) {
    std::vector<PaymentMethod> out;
    for (const auto& m : policy.payment) {
        bool seen = false;
        for (const auto& o : out) seen = seen || o.kind == m.kind;
        if (!seen) out.push_back(m);
    }
    if (out.empty()) out.push_back(PaymentMethod{});  // no method listed reads as pay on delivery
    return out;
}

std::optional<PaymentMethod::Kind> parse_payment_kind(const std::string& name) {
    if (name == "cod") return PaymentMethod::Cod;
    if (name == "bank") return PaymentMethod::Bank;
    if (name == "link") return PaymentMethod::Link;
    return std::nullopt;
}

PaymentMethod choose_payment(const Policy& policy, const std::string& chosen) {
    const std::vector<PaymentMethod> options = payment_options(policy);
    if (const auto kind = parse_payment_kind(chosen))
        for (const auto& m : options)
            if (m.kind == *kind) return m;
    return options.front();
}

std::optional<OrderPayment> order_payment_from_json(const Json& order) {
    const Json* p = get_object(order, "payment");
    if (!p) return std::nullopt;
    const auto kind = parse_payment_kind(string_or(*p, "kind", ""));
    if (!kind) return std::nullopt;
    OrderPayment out;
    out.method.kind = *kind;
    out.method.account_name = string_or(*p, "account_name", "");
    out.method.account = string_or(*p, "account", "");
    out.method.bank = string_or(*p, "bank", "");
    out.method.url = string_or(*p, "url", "");
    out.method.label = string_or(*p, "label", "");
    out.reference = string_or(*p, "reference", "");
    return out;
}

Json order_payment_to_json(const OrderPayment& p) {
    return Json{{"kind", payment_kind_name(p.method.kind)}, {"account_name", p.method.account_name},
                {"account", p.method.account},              {"bank", p.method.bank},
                {"url", p.method.url},                      {"label", p.method.label},
                {"reference", p.reference}};
}

std::string payment_link_name(const PaymentMethod& m) { return m.label.empty() ? payment_link_host(m.url) : m.label; }

std::string payment_link_host(const std::string& url) {
    std::string host = url;
    if (const auto scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
    if (const auto end = host.find_first_of("/?#"); end != std::string::npos) host = host.substr(0, end);
    if (const auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
    return host;
}

bool order_is_paid(const std::string& status) { return status == "paid" || status == "delivered"; }

}  // namespace core
