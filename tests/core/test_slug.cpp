// Shop addresses: the shared vectors (serve.py's tests read the same file) and suggestions.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/shop/slug.h"
#include "core/json.h"

using namespace core;

TEST_CASE("slug checks agree with the shared vectors") {
    std::ifstream in(std::string(DYNSHOP_SOURCE_DIR) + "/tests/vectors/slugs.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = parse_json(ss.str(), "slug vectors");
    REQUIRE(doc.ok());
    const Json* reserved = get_array(*doc, "reserved");
    REQUIRE(reserved != nullptr);
    std::vector<std::string> want;
    for (const auto& r : *reserved) want.push_back(r.get<std::string>());
    CHECK(want == reserved_slugs());
    const Json* cases = get_array(*doc, "cases");
    REQUIRE(cases != nullptr);
    REQUIRE(cases->size() >= 10);
    for (const auto& c : *cases) {
        const std::string slug = string_or(c, "slug", "?");
        CAPTURE(slug);
        SlugCheck r = check_slug(slug);
        CHECK(r.ok == get_bool(c, "ok").value_or(false));
        CHECK(r.code == string_or(c, "code", ""));
        CHECK(r.ok == r.message.empty());
    }
}

TEST_CASE("a slug is suggested from the display name") {
    CHECK(suggest_slug("Lily's Tea House") == "lilys-tea-house");
    CHECK(suggest_slug("丽丽茶铺 · Lily's Tea") == "lilys-tea");
    CHECK(suggest_slug("  Ava   Glow!! ") == "ava-glow");
    CHECK(suggest_slug("丽丽茶铺") == "");
    CHECK(suggest_slug("Jo") == "jo-shop");
    CHECK(suggest_slug("Admin") == "admin-shop");
    const std::string longest = suggest_slug(std::string(80, 'x'));
    CHECK(longest.size() == 32);
    CHECK(check_slug(longest).ok);
    for (const char* name : {"Tea & Co.", "A-B-C", "Shop 24/7", "Ünïcode Tea"}) {
        CAPTURE(name);
        const std::string s = suggest_slug(name);
        CHECK(check_slug(s).ok);
    }
}

TEST_CASE("a shop is found from its address or any link into it") {
    CHECK(shop_address_from_input("lily-tea") == "lily-tea");
    CHECK(shop_address_from_input("  Lily-Tea/ ") == "lily-tea");
    CHECK(shop_address_from_input("/s/lily-tea/p/p_hx_001?ch=qr") == "lily-tea");
    CHECK(shop_address_from_input("https://shop.example.com/s/lily-tea?ch=share&h=2") == "lily-tea");
    CHECK(shop_address_from_input("localhost:8000/s/lily-tea") == "lily-tea");
    CHECK(shop_address_from_input("http://localhost:8000/d/lily-tea/edit") == "lily-tea");
    CHECK(shop_address_from_input("").empty());
    CHECK(shop_address_from_input("丽丽茶铺").empty());
    CHECK(shop_address_from_input("join").empty());  // reserved: not a shop
    CHECK(shop_address_from_input("/d/join?invite=x").empty());
    CHECK(shop_address_from_input("/o/o_123").empty());
    CHECK(shop_address_from_input(std::string(5000, 'a')).empty());
}
