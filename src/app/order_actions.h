// OrderAction: what the order screens ask for; carried out by OrderController.
#pragma once
#include <string>
#include <variant>

namespace app {

struct LookupOrder {};    // with OrderState::lookup_number / lookup_phone
struct RetryPending {};   // try sending queued orders now
struct ChoosePayment {    // checkout: pay this brand's order this way ("cod", "bank", "link")
    std::string brand, kind;
};
struct OpenPaymentPage {  // the receipt: the brand's own payment page, in a new tab (inside the tap)
    std::string url;
};

struct OrderAction {
    std::variant<LookupOrder, RetryPending, ChoosePayment, OpenPaymentPage> what;
};

}  // namespace app
