// Order status changes the brand signs (src/core/orders/status_change.h): which status may follow
// which, driven by the shared vectors serve.py's tests also run (tests/vectors/order_status.json),
// and the signed payload serve.py expects at POST /api/orders/<id>/status.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/orders/status_change.h"
#include "core/trust/trust.h"

using namespace core;

TEST_CASE("which status may follow which agrees with the shared vectors (serve.py runs the same file)") {
    std::ifstream in(std::string(DYNSHOP_SOURCE_DIR) + "/tests/vectors/order_status.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = parse_json(ss.str(), "order status vectors");
    REQUIRE_MESSAGE(doc.ok(), "tests/vectors/order_status.json must be readable");
    const Json* cases = get_array(*doc, "cases");
    REQUIRE(cases != nullptr);
    int allowed = 0, refused = 0;
    for (const auto& c : *cases) {
        const std::string from = string_or(c, "from", "?"), to = string_or(c, "to", "?");
        CAPTURE(from);
        CAPTURE(to);
        const bool want = get_bool(c, "allowed").value_or(false);
        const OrderStatus f = parse_order_status(from), t = parse_order_status(to);
        REQUIRE(std::string(order_status_name(f)) == from);
        REQUIRE(std::string(order_status_name(t)) == to);
        CHECK(may_follow(f, t) == want);
        CHECK(status_change_payload("o_1", f, t, 1).ok() == want);
        (want ? allowed : refused) += 1;
    }
    // Every pair of the five statuses an order goes through is in the file.
    CHECK(allowed + refused == 25);
    CHECK(allowed == 5);
}

TEST_CASE("next statuses come in the order a brand works through them; final statuses have none") {
    CHECK(next_statuses(OrderStatus::Placed) == std::vector<OrderStatus>{OrderStatus::Paid, OrderStatus::Cancelled});
    CHECK(next_statuses(OrderStatus::Paid) == std::vector<OrderStatus>{OrderStatus::Delivered, OrderStatus::Refunded});
    CHECK(next_statuses(OrderStatus::Delivered) == std::vector<OrderStatus>{OrderStatus::Refunded});
    CHECK(next_statuses(OrderStatus::Refunded).empty());
    CHECK(next_statuses(OrderStatus::Cancelled).empty());
    CHECK(next_statuses(OrderStatus::Settled).empty());
    for (OrderStatus from : {OrderStatus::Placed, OrderStatus::Paid, OrderStatus::Delivered})
        for (OrderStatus to : next_statuses(from)) CHECK(may_follow(from, to));
    CHECK_FALSE(may_follow(OrderStatus::Placed, OrderStatus::Placed));
    CHECK_FALSE(may_follow(OrderStatus::Paid, OrderStatus::Placed));
}

TEST_CASE("the payload to sign names the order, the new status and the time; refusals say why") {
    auto p = status_change_payload("o_7Hx2", OrderStatus::Paid, OrderStatus::Delivered, 1763900000123);
    REQUIRE(p.ok());
    auto doc = parse_json(*p, "payload");
    REQUIRE(doc.ok());
    CHECK(string_or(*doc, "type", "") == "order_status");
    CHECK(string_or(*doc, "order", "") == "o_7Hx2");
    CHECK(string_or(*doc, "status", "") == "delivered");
    CHECK(int_or(*doc, "at", 0) == 1763900000123);
    CHECK(doc->size() == 4);
    // Signed by the brand, the envelope carries exactly this text.
    const KeyPair brand = KeyPair::from_label("test-brand");
    const Envelope env = sign_envelope(*p, brand);
    CHECK(env.payload == *p);
    CHECK(open_envelope(env, &brand.pk).ok());

    auto late = status_change_payload("o_7Hx2", OrderStatus::Refunded, OrderStatus::Paid, 1);
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().code == "bad_transition");
    CHECK(late.error().message == "An order that is refunded cannot become paid.");
    auto none = status_change_payload("", OrderStatus::Placed, OrderStatus::Paid, 1);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().code == "no_order");
}
