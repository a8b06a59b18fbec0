// OrderController: the consumer's side of provenance and orders.
//
// [SECTION] Events      visit, product_view, add_to_cart, checkout_start, order_placed, share:
//                       queued in memory and IndexedDB, sent in batches, retried with backoff
//                       while offline or when the server is down; ids make the server store
//                       each exactly once however often a batch is re-sent
// [SECTION] Orders      one order per brand in the cart, each with an idempotency key that
//                       survives double clicks, retries, reloads and offline spells
// [SECTION] Pages       the receipt (/o/<id>?t=...), lookup by number + phone, and provenance
//                       (/o/<id>/why?as=<slug or brand>, a request signed with that key)
#pragma once
#include <functional>
#include <string>

#include "app/order_actions.h"
#include "app/state.h"
#include "core/json.h"
#include "core/trust/trust.h"
#include "platform/platform.h"

namespace app {

// Every text the order screens draw from data (receipts, the order viewed, the ways to pay of the
// shop's brands), for the font atlas; long_form: drawn only at the small and body sizes.
void for_each_order_text(const AppState& s, const std::function<void(const std::string&, bool long_form)>& fn);

class OrderController {
public:
    explicit OrderController(AppState& state) : s_(state) {}

    void start();  // load the outbox, pending orders and receipts from IndexedDB
    void on_route();
    void handle(const OrderAction& action);
    void on_event(const platform::InputEvent& e);
    void tick(double now_ms);
    core::Json test_state() const;
    std::function<void()> on_session_changed;  // the session (carts, bindings) changed: save it

    // [SECTION] Events
    void track(const std::string& type, const std::string& shop, const std::string& product = "");
    // [SECTION] Orders: places the current shop's cart (validated contact in s_.checkout).
    void submit_checkout();

private:
    void place_cart(const std::string& shop, const std::optional<core::KeyPair>& own_key);
    void flush_events();
    void flush_orders();
    void save_outbox();
    void save_pending();
    void save_receipts();
    void order_answered(const std::string& key, const platform::Response& r);
    void load_order();
    void load_provenance();
    void changed();

    AppState& s_;
    bool loaded_ = false;
};

}  // namespace app
