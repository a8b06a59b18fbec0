// OrderAction: what the order screens ask for; carried out by OrderController.
#pragma once
#include <variant>

namespace app {

struct OrderNoop {};

struct OrderAction {
    std::variant<OrderNoop> what;
};

}  // namespace app
