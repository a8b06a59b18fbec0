// OrderAction: what the order screens ask for; carried out by OrderController.
#pragma once
#include <string>
#include <variant>

namespace app {

struct LookupOrder {};    // with OrderState::lookup_number / lookup_phone
struct RetryPending {};   // try sending queued orders now

struct OrderAction {
    std::variant<LookupOrder, RetryPending> what;
};

}  // namespace app
