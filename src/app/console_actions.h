// ConsoleAction: what the console screens ask for; carried out by ConsoleController.
#pragma once
#include <string>
#include <variant>

namespace app {

struct ConsoleNoop {};

struct ConsoleAction {
    std::variant<ConsoleNoop> what;
};

}  // namespace app
