// ConsoleController: the console's part of the one place AppState changes (see controller.h).
#pragma once
#include "app/console_actions.h"
#include "app/state.h"
#include "core/json.h"
#include "platform/platform.h"

namespace app {

class ConsoleController {
public:
    explicit ConsoleController(AppState& state) : s_(state) {}
    void on_route();                                   // the route entered the console
    void handle(const ConsoleAction& action);
    void on_event(const platform::InputEvent&) {}
    void tick(double) {}
    core::Json test_state() const { return core::Json::object(); }

private:
    AppState& s_;
};

}  // namespace app
