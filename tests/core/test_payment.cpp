// Payment at checkout (src/core/orders/payment.h): what checkout offers for a brand, which method an
// order is placed with, and the snapshot an order carries.
#include <doctest/doctest.h>

#include "core/orders/payment.h"

using namespace core;

namespace {
PaymentMethod bank_method(const std::string& holder, const std::string& account) {
    PaymentMethod m;
    m.kind = PaymentMethod::Bank;
    m.account_name = holder;
    m.account = account;
    m.bank = "First Bank";
    return m;
}
PaymentMethod link_method(const std::string& url, const std::string& label = "") {
    PaymentMethod m;
    m.kind = PaymentMethod::Link;
    m.url = url;
    m.label = label;
    return m;
}
}  // namespace

TEST_CASE("checkout offers the first method of each kind, in the policy's order") {
    Policy p;
    CHECK(payment_options(p).size() == 1);  // the default: pay on delivery only
    CHECK(payment_options(p).front().kind == PaymentMethod::Cod);
    p.payment = {link_method("https://pay.example.com/x"), bank_method("A", "1"), PaymentMethod{}, bank_method("B", "2")};
    const auto o = payment_options(p);
    REQUIRE(o.size() == 3);
    CHECK(o[0].kind == PaymentMethod::Link);
    CHECK(o[1].account_name == "A");  // the second account is not offered: an order names the kind
    CHECK(o[2].kind == PaymentMethod::Cod);
    p.payment.clear();
    CHECK(payment_options(p).front().kind == PaymentMethod::Cod);
}

TEST_CASE("the chosen kind when the policy offers it, else the policy's first") {
    Policy p;
    p.payment = {PaymentMethod{}, bank_method("Huaxi", "6222")};
    CHECK(choose_payment(p, "bank").account == "6222");
    CHECK(choose_payment(p, "cod").kind == PaymentMethod::Cod);
    CHECK(choose_payment(p, "").kind == PaymentMethod::Cod);      // nothing chosen yet
    CHECK(choose_payment(p, "link").kind == PaymentMethod::Cod);  // not offered (any more)
    CHECK(choose_payment(p, "card").kind == PaymentMethod::Cod);
    CHECK(parse_payment_kind("link") == PaymentMethod::Link);
    CHECK_FALSE(parse_payment_kind("Bank").has_value());
}

TEST_CASE("an order's payment snapshot reads back as it was written; older orders have none") {
    OrderPayment p{bank_method("杭州花溪茶园有限公司", "6222 0212 0000 1234"), "DS-20261201-000042"};
    const Json j = Json{{"id", "o_1"}, {"payment", order_payment_to_json(p)}};
    const auto back = order_payment_from_json(j);
    REQUIRE(back.has_value());
    CHECK(back->method.kind == PaymentMethod::Bank);
    CHECK(back->method.account_name == "杭州花溪茶园有限公司");
    CHECK(back->method.account == "6222 0212 0000 1234");
    CHECK(back->method.bank == "First Bank");
    CHECK(back->reference == "DS-20261201-000042");
    CHECK(string_or(order_payment_to_json(p), "kind", "") == "bank");
    CHECK_FALSE(order_payment_from_json(Json{{"id", "o_1"}}).has_value());
    CHECK_FALSE(order_payment_from_json(Json{{"payment", {{"kind", "card"}}}}).has_value());
    CHECK_FALSE(order_payment_from_json(Json{{"payment", "cod"}}).has_value());
}

TEST_CASE("a payment link is named by its label, else by its host") {
    CHECK(payment_link_name(link_method("https://pay.northmoor.example/checkout", "Northmoor checkout")) == "Northmoor checkout");
    CHECK(payment_link_name(link_method("https://pay.northmoor.example/checkout?o=1")) == "pay.northmoor.example");
    CHECK(payment_link_name(link_method("https://pay.example.com")) == "pay.example.com");
    CHECK(payment_link_name(link_method("https://user@pay.example.com/x")) == "pay.example.com");
    CHECK(payment_link_host("https://pay.northmoor.example/checkout") == "pay.northmoor.example");
    CHECK(payment_link_host("https://pay.example.com#x") == "pay.example.com");
}

TEST_CASE("an order paid or delivered has nothing left to pay") {
    CHECK(order_is_paid("paid"));
    CHECK(order_is_paid("delivered"));
    CHECK_FALSE(order_is_paid("placed"));
    CHECK_FALSE(order_is_paid("refunded"));
    CHECK_FALSE(order_is_paid("cancelled"));
}
