// Phone normalisation and the customer key, driven by the shared vectors serve.py's tests also run
// (tests/vectors/phone.json): the browser and the store must name the same customer.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/orders/checkout.h"
#include "core/trust/trust.h"

using namespace core;

TEST_CASE("phone normalisation and customer keys agree with the shared vectors") {
    std::ifstream in(std::string(DYNSHOP_SOURCE_DIR) + "/tests/vectors/phone.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = parse_json(ss.str(), "phone vectors");
    REQUIRE_MESSAGE(doc.ok(), "tests/vectors/phone.json must be readable");
    const Json* cases = get_array(*doc, "cases");
    REQUIRE(cases != nullptr);
    REQUIRE(cases->size() >= 15);
    int valid = 0, invalid = 0;
    for (const auto& c : *cases) {
        CAPTURE(string_or(c, "name", "?"));
        const std::string phone = string_or(c, "phone", "");
        CHECK(normalize_phone(phone) == string_or(c, "normalized", "?"));
        CHECK(phone_key(phone) == string_or(c, "key", "?"));
        CHECK(phone_key(phone) == "ph1:" + sha256_hex(normalize_phone(phone)));
        const bool want_valid = get_bool(c, "valid").value_or(false);
        ContactErrors e = validate_contact({"Li Lei", phone, "1 Tea Road, Hangzhou"});
        CHECK(e.phone.empty() == want_valid);
        CHECK(e.name.empty());
        CHECK(e.address.empty());
        (want_valid ? valid : invalid) += 1;
    }
    // The file must exercise both outcomes, or a rule could drift without a case noticing.
    CHECK(valid >= 5);
    CHECK(invalid >= 3);
}

TEST_CASE("one customer however the number is written: E.164 in the brand's region, the shared vectors") {
    std::ifstream in(std::string(DYNSHOP_SOURCE_DIR) + "/tests/vectors/phone.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = parse_json(ss.str(), "phone vectors");
    REQUIRE(doc.ok());
    const Json* cases = get_array(*doc, "customers");
    REQUIRE(cases != nullptr);
    REQUIRE(cases->size() >= 10);
    for (const auto& c : *cases) {
        CAPTURE(string_or(c, "name", "?"));
        const std::string phone = string_or(c, "phone", ""), locale = string_or(c, "locale", "");
        CHECK(e164_phone(phone, phone_region(locale)) == string_or(c, "e164", "?"));
        CHECK(customer_key(phone, locale) == string_or(c, "key", "?"));
    }
    // The escape the rule closes: a bound customer writing their number with a prefix is still them.
    CHECK(customer_key("+86 138 0013 8000", "zh-CN") == customer_key("13800138000", "zh-CN"));
    CHECK(customer_key("0086 13800138000", "zh-CN") == customer_key("138-0013-8000", "zh-CN"));
    CHECK(customer_key("13800138000", "zh-CN") != customer_key("13800138001", "zh-CN"));
    // Two regions read a national number differently: the brand's locale decides.
    CHECK(customer_key("2125550100", "en") != customer_key("2125550100", "zh-CN"));
}

TEST_CASE("a distributor's own numbers in their shop's contact text: the shared vectors") {
    std::ifstream in(std::string(DYNSHOP_SOURCE_DIR) + "/tests/vectors/phone.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = parse_json(ss.str(), "phone vectors");
    REQUIRE(doc.ok());
    const Json* cases = get_array(*doc, "contacts");
    REQUIRE(cases != nullptr);
    REQUIRE(cases->size() >= 8);
    int none = 0;
    for (const auto& c : *cases) {
        CAPTURE(string_or(c, "name", "?"));
        std::vector<std::string> want;
        for (const auto& x : c.at("e164")) want.push_back(x.get<std::string>());
        if (want.empty()) ++none;
        CHECK(contact_phones(string_or(c, "text", ""), string_or(c, "locale", "")) == want);
    }
    CHECK(none >= 3);  // texts with no number must stay numberless, or every buyer would match
    // The customer key of a number in the contact is the key of that number typed at checkout.
    const auto found = contact_phones("微信 lily · 138 0013 8000", "zh-CN");
    REQUIRE(found.size() == 1);
    CHECK(customer_key(found[0], "zh-CN") == customer_key("13800138000", "zh-CN"));
}
