// Payment: how a consumer pays for one brand's order, by the methods the brand's signed policy
// accepts (Policy::payment). There is no card form and no payment provider: pay the courier on
// delivery, a bank transfer that names the order number as its reference, or the brand's own
// payment page. An order names the kind it is paid by ("cod", "bank", "link"); the store refuses a
// kind the brand's current policy does not list and snapshots the method's details into the order:
//   "payment": {"kind", "account_name", "account", "bank", "url", "label", "reference": <number>}
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/json.h"

namespace core {

// What checkout offers for a brand: the first method of each kind, in the order the policy lists
// them (an order names only the kind, so a second bank account is not offered). Never empty.
std::vector<PaymentMethod> payment_options(const Policy& policy);
// "cod" | "bank" | "link" -> the kind; anything else: nullopt.
std::optional<PaymentMethod::Kind> parse_payment_kind(const std::string& name);
// The option an order is placed with: the one of kind `chosen` if the policy offers it, else the
// policy's first (no choice made yet, or the policy changed since the choice).
PaymentMethod choose_payment(const Policy& policy, const std::string& chosen);

// The method an order was placed with, as the store snapshotted it.
struct OrderPayment {
    PaymentMethod method;
    std::string reference;  // the order number: what a bank transfer names
};
// order["payment"]; nullopt for an order without one (placed before orders carried it) or with an
// unknown kind.
std::optional<OrderPayment> order_payment_from_json(const Json& order);
Json order_payment_to_json(const OrderPayment& p);
// The host of a link's address ("https://pay.example.com/x" -> "pay.example.com"): where it leads.
std::string payment_link_host(const std::string& url);
// How a payment link is named to the consumer: its label, else the host of its address.
std::string payment_link_name(const PaymentMethod& m);
// Whether the consumer has nothing left to pay: the brand marked the order paid (or delivered).
bool order_is_paid(const std::string& status);

}  // namespace core
