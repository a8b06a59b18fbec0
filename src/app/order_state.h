// OrderState: events waiting to be sent, orders placed from this browser, the order being viewed.
#pragma once

namespace app {

struct OrderState {
    bool active = false;
};

}  // namespace app
