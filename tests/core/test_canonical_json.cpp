// The canonical reader (core/json.h canonical_members, canonical_elements) and the release check
// built on it (content_hash_mismatch): whichever way a product is hashed, the answer is the one
// product_content_hash gives, and a text that is not dump_json's form is never taken as if it were.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/json.h"
#include "fixtures.h"

using namespace core;

namespace {
bool canonical(const std::string& text) {
    return text.front() == '{' ? canonical_members(text).has_value() : canonical_elements(text).has_value();
}
}  // namespace

TEST_CASE("what dump_json writes is canonical, members and elements as written") {
    Json j = {{"b", {1, -2, 0, "x"}}, {"a", "t\"e\\x\n\t\x01\x7f/中文"}, {"c", {{"n", nullptr}, {"t", true}, {"f", false}}},
              {"d", Json::object()}, {"e", Json::array()}, {"big", 123456789012345678LL}};
    const std::string text = dump_json(j);
    auto members = canonical_members(text);
    REQUIRE(members.has_value());
    REQUIRE(members->size() == 6);
    CHECK((*members)[0].key == "a");
    CHECK((*members)[1].key == "b");
    CHECK((*members)[1].text == "\"b\":[1,-2,0,\"x\"]");
    const std::string b = dump_json(j["b"]);  // the views point into it
    auto elements = canonical_elements(b);
    REQUIRE(elements.has_value());
    CHECK(*elements == std::vector<std::string_view>{"1", "-2", "0", "\"x\""});
}

TEST_CASE("any other form of the same value is not taken as canonical") {
    // Each parses to a value whose dump_json differs from the text.
    for (const char* text : {R"({"b":1,"a":2})", R"({"a":1,"a":2})", R"({"a": 1})", R"({"a":1 })", R"( {"a":1})",
                             R"({"a":"\/"})", R"({"a":"\u0041"})", R"({"a":"\u000a"})", R"({"a":"\u001F"})",
                             R"({"a":1.0})", R"({"a":1e2})", R"({"a":-0})", R"({"a":01})", R"({"a":1234567890123456789})",
                             R"({"\u0061":1})", R"([1, 2])", "{\"a\":\"\xc3\x28\"}", "{\"a\":\"\xe0\x80\xaf\"}",
                             "{\"a\":\"\xed\xa0\x80\"}", R"({"a":1})" " ", R"({"a":1}{"b":2})", R"({"a":tru})", "{"})
        CHECK_MESSAGE(!canonical(text), text);
    // And these are dump_json's own escapes.
    for (const char* text : {R"({"a":"\u0001\b\f\n\r\t\"\\"})", R"(["\u001f"])", R"([])", R"({})", R"([-1,0,true,null])"})
        CHECK_MESSAGE(canonical(text), text);
}

TEST_CASE("a release is checked the same from its signed bytes and from its parsed products") {
    fixtures::World w;
    Json doc = release_to_json(w.release);
    const std::string canonical_text = dump_json(doc);
    REQUIRE(canonical_members(canonical_text).has_value());
    CHECK_FALSE(content_hash_mismatch(doc, canonical_text).has_value());
    // The same release written with spaces (another signer's JSON): read the slow way, same answer.
    const std::string spaced = doc.dump(2);
    CHECK_FALSE(canonical_members(spaced).has_value());
    CHECK_FALSE(content_hash_mismatch(*parse_json(spaced, "release"), spaced).has_value());
    // A product changed after hashing is caught both ways, and named by its index.
    doc["products"][1]["title"] = "changed after hashing";
    CHECK(content_hash_mismatch(doc, dump_json(doc)) == std::optional<std::size_t>(1));
    CHECK(content_hash_mismatch(doc, doc.dump(2)) == std::optional<std::size_t>(1));
    // A hash made over a non-canonical writing of the product (here: a space) is not the content hash,
    // even though it matches those bytes: the bytes are not taken as canonical, so it is refused.
    Json p = release_to_json(w.release);
    std::string product_text = dump_json(p["products"][0]);
    std::string without = "{";
    for (const auto& m : *canonical_members(product_text))
        if (m.key != "hash") without += std::string(without.size() > 1 ? "," : "") + std::string(m.text);
    without += "}";
    std::string spaced_product = without;
    spaced_product.insert(1, " ");
    p["products"][0]["hash"] = sha256_hex(spaced_product);
    CHECK(content_hash_mismatch(p, dump_json(p)) == std::optional<std::size_t>(0));
    // A missing or empty hash is a mismatch.
    Json q = release_to_json(w.release);
    q["products"][2].erase("hash");
    CHECK(content_hash_mismatch(q, dump_json(q)) == std::optional<std::size_t>(2));
}

TEST_CASE("a payload with two product lists is read as the parser reads it") {
    // Duplicate keys are never canonical, so the bytes are not used: the parsed (last) list decides.
    fixtures::World w;
    Json good = release_to_json(w.release);
    Json bad = good;
    bad["products"][0]["title"] = "swapped";
    const std::string g = dump_json(good["products"]), b = dump_json(bad["products"]);
    std::string text = dump_json(good);
    const auto at = text.find("\"products\":");
    REQUIRE(at != std::string::npos);
    text.insert(at, "\"products\":" + g + ",");  // the good list first, then the parsed one
    text.replace(text.rfind(g), g.size(), b);
    auto parsed = parse_json(text, "release");
    REQUIRE(parsed.ok());
    CHECK(content_hash_mismatch(*parsed, text) == std::optional<std::size_t>(0));
}
