#include <doctest/doctest.h>

#include "core/trust/trust.h"

using namespace core;

TEST_CASE("an envelope verifies only for its exact payload bytes") {
    KeyPair kp = KeyPair::from_label("alice");
    Envelope env = sign_envelope(R"({"type":"x","n":1})", kp);
    auto opened = open_envelope(env);
    REQUIRE(opened.ok());
    CHECK(int_or(*opened, "n", 0) == 1);

    Envelope tampered = env;
    tampered.payload = R"({"type":"x","n":2})";
    CHECK(open_envelope(tampered).error().code == "bad_signature");

    // Same JSON value, different bytes: still refused, because the bytes are what was signed.
    Envelope respaced = env;
    respaced.payload = R"({"type": "x", "n": 1})";
    CHECK_FALSE(open_envelope(respaced).ok());
}

TEST_CASE("an envelope signed by the wrong key is refused when the signer is pinned") {
    KeyPair alice = KeyPair::from_label("alice"), mallory = KeyPair::from_label("mallory");
    Envelope env = sign_envelope(R"({"type":"x"})", mallory);
    CHECK(open_envelope(env).ok());
    CHECK(open_envelope(env, &alice.pk).error().code == "wrong_signer");
    // Swapping in alice's key without her signature fails the signature check instead.
    env.key = alice.pk.b64();
    CHECK(open_envelope(env, &alice.pk).error().code == "bad_signature");
}

TEST_CASE("malformed envelopes and payloads become errors, not crashes") {
    CHECK(Envelope::parse("{not json").error().code == "malformed_json");
    CHECK(Envelope::parse(R"({"payload":"x"})").error().code == "not_an_envelope");
    CHECK(Envelope::parse(R"({"payload":1,"key":"a","sig":"b"})").error().code == "not_an_envelope");
    Envelope junk{"{}", "!!!notbase64", "AAAA"};
    CHECK(open_envelope(junk).error().code == "bad_key");
    KeyPair kp = KeyPair::from_label("k");
    Envelope not_json = sign_envelope("not json at all", kp);
    CHECK(open_envelope(not_json).error().code == "malformed_json");
}

TEST_CASE("a document nested deeper than any the product writes is refused, not copied until the stack runs out") {
    // Found while writing the JSON fuzz targets (tests/fuzz): 10,000 nested arrays (20 KB) parsed
    // fine, and the first copy of the document overflowed the stack.
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    CHECK(parse_json(deep, "page").error().code == "malformed_json");
    const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    CHECK(parse_json(ok, "page").ok());
    CHECK_FALSE(parse_json("[" + ok + "]", "page").ok());
    // Brackets inside strings are text, not nesting.
    CHECK(parse_json("{\"a\":\"" + std::string(1000, '[') + "\\\"{\"}", "page").ok());
}

TEST_CASE("keys are deterministic from labels and from passphrase + slug") {
    CHECK(KeyPair::from_label("x").pk == KeyPair::from_label("x").pk);
    CHECK_FALSE(KeyPair::from_label("x").pk == KeyPair::from_label("y").pk);
    auto a = derive_keypair_fast("correct horse battery", "lily");
    auto b = derive_keypair_fast("correct horse battery", "lily");
    auto c = derive_keypair_fast("correct horse battery", "lilz");
    REQUIRE(a.ok());
    CHECK(a->pk == b->pk);
    CHECK_FALSE(a->pk == c->pk);
    CHECK(derive_keypair_fast("short", "lily").error().code == "weak_passphrase");
    auto round = PublicKey::from_b64(a->pk.b64());
    REQUIRE(round.ok());
    CHECK(*round == a->pk);
}

TEST_CASE("a key file signs in with its own key and nothing else; a damaged or foreign file is refused") {
    const KeyPair kp = KeyPair::from_label("lily-tea");
    const std::string text = key_file_text(kp, {{"slug", "lily-tea"}, {"note", "keep it"}}, 1764547200000);
    auto read = read_key_file(text);
    REQUIRE(read.ok());
    CHECK(read->pk == kp.pk);
    auto doc = parse_json(text, "key file");
    REQUIRE(doc.ok());
    CHECK(string_or(*doc, "slug", "") == "lily-tea");  // whose key it is, for the person who finds it
    CHECK(string_or(*doc, "public_key", "") == kp.pk.b64());
    CHECK(int_or(*doc, "created_ms", 0) == 1764547200000);
    // What the browser keeps in IndexedDB is the same seed.
    REQUIRE(key_from_seed_b64(seed_b64(kp)).has_value());
    CHECK(key_from_seed_b64(seed_b64(kp))->pk == kp.pk);

    // Someone hands over a file that is not a key, or a key file edited to name another key.
    const std::string seed = seed_b64(kp);
    const std::string other = KeyPair::from_label("xiaoyu-tea").pk.b64();
    for (const std::string bad : {std::string("not json"), std::string("[]"), std::string(R"({"seed":")") + seed + "\"}",
                                  std::string(R"({"type":"dynshop-key"})"), std::string(R"({"type":"dynshop-key","seed":"c2hvcnQ="})"),
                                  std::string(R"({"type":"dynshop-key","seed":42})"),
                                  std::string(R"({"type":"dynshop-key","seed":")") + seed + R"(","public_key":")" + other + "\"}"}) {
        CAPTURE(bad);
        auto r = read_key_file(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "bad_key_file");
    }
    // A file without a public_key (hand-made, or from an older version) is read by its seed alone:
    // whether that key is the shop's or the brand's is the caller's check.
    auto bare = read_key_file(std::string(R"({"type":"dynshop-key","seed":")") + seed + "\"}");
    REQUIRE(bare.ok());
    CHECK(bare->pk == kp.pk);
    CHECK_FALSE(key_from_seed_b64("").has_value());
    CHECK_FALSE(key_from_seed_b64("!!!").has_value());
    CHECK_FALSE(key_from_seed_b64(to_base64(std::vector<std::uint8_t>(31, 7))).has_value());
}

TEST_CASE("sha256 and random ids") {
    CHECK(sha256_hex(std::string_view("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    auto id1 = random_id("o_"), id2 = random_id("o_");
    CHECK(id1.size() == 18);
    CHECK(id1.rfind("o_", 0) == 0);
    CHECK(id1 != id2);
}

#include "core/trust/request_auth.h"

TEST_CASE("a signed request names its key and time and verifies over method, path, time and body") {
    KeyPair kp = KeyPair::from_label("d-lily");
    std::string header = sign_request("GET", "/api/shops/lily-tea/activity?since=0", "", kp, 1795000000000);
    CHECK(header.rfind("Dynshop key=" + kp.pk.b64() + ", ts=1795000000000, sig=", 0) == 0);
    std::string sig = header.substr(header.find("sig=") + 4);
    CHECK(verify_detached(request_auth_text("GET", "/api/shops/lily-tea/activity?since=0", 1795000000000, ""), sig, kp.pk));
    CHECK_FALSE(verify_detached(request_auth_text("GET", "/api/shops/other/activity?since=0", 1795000000000, ""), sig, kp.pk));
    CHECK_FALSE(verify_detached(request_auth_text("GET", "/api/shops/lily-tea/activity?since=0", 1795000000001, ""), sig, kp.pk));
    CHECK(request_auth_text("POST", "/x", 5, "{}") == "POST /x\n5\n" + sha256_hex(std::string_view("{}")));
}
