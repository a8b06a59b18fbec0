// ConsoleState: what the console screens draw from (part of AppState).
#pragma once

namespace app {

struct ConsoleState {
    bool active = false;
};

}  // namespace app
