// Opening a release and a shop in pieces (ReleaseOpening, ShopOpening): the consumer's app opens a
// 3,000-product shop a few milliseconds at a time. Written from the side of whoever serves the shop:
// cutting the work into pieces must not let through anything the whole-document rules refuse, nor
// change which problem is named first. The reference below is those rules composed directly
// (open_envelope, parse_release, the brand, content_hash_mismatch), as open_release read before it
// was built on ReleaseOpening.
#include <doctest/doctest.h>

#include <chrono>

#include "fixtures.h"

using namespace core;

namespace {
using Clock = std::chrono::steady_clock;

Result<Release> reference_open(const Envelope& env, const BrandCert& brand) {
    auto payload = open_envelope(env, &brand.key);
    if (!payload)
        return make_error("unverified_release", "This catalog could not be verified as published by " + brand.name + ": " +
                                                    payload.error().message);
    auto release = parse_release(*payload);
    if (!release) return release.error();
    if (release->brand != brand.brand)
        return make_error("unverified_release", "This catalog names another brand than the one that signed it.");
    if (auto wrong = content_hash_mismatch(*payload, env.payload))
        return make_error("bad_content_hash", "Product \"" + release->products[*wrong].title +
                                                  "\" does not match its content hash, so it cannot be verified.");
    return release;
}

// One piece per step (a deadline already passed), counting the steps.
Result<Release> open_in_pieces(const Envelope& env, const BrandCert& brand, int& steps, const ReleaseSeals* seals = nullptr) {
    ReleaseOpening opening(env, brand, seals);
    std::size_t read = 0;
    steps = 0;
    while (!opening.step(Clock::time_point::min())) {
        ++steps;
        CHECK(opening.products_read() >= read);  // progress never goes back
        read = opening.products_read();
        CHECK(read <= opening.products_total());
        REQUIRE(steps < 100000);
    }
    ++steps;
    return opening.take();
}

std::string outcome(const Result<Release>& r) {
    return r ? "ok " + dump_json(release_to_json(*r)) : r.error().code + ": " + r.error().message;
}

}  // namespace

TEST_CASE("a release opened one piece at a time is the release opened at once, in small pieces") {
    fixtures::World w;
    for (int i = 3; i < 40; ++i) {  // a catalogue worth cutting
        Product p = w.release.products[0];
        p.id = "p" + std::to_string(i);
        p.title = "Tea " + std::to_string(i);
        w.release.products.push_back(p);
    }
    const Envelope env = w.signed_release();
    int steps = 0;
    auto pieces = open_in_pieces(env, w.cert, steps);
    REQUIRE(pieces.ok());
    CHECK(outcome(pieces) == outcome(reference_open(env, w.cert)));
    CHECK(outcome(pieces) == outcome(open_release(env, w.cert)));
    CHECK(pieces->find("p39") != nullptr);
    // The signature, the split, a piece per product and the end: no piece holds more than one product.
    CHECK(steps == static_cast<int>(w.release.products.size()) + 4);
}

TEST_CASE("a hostile release gets the same refusal, naming the same problem first, in pieces or at once") {
    fixtures::World w;
    const Json good = release_to_json(w.release);
    auto signed_doc = [&](const Json& doc) { return sign_envelope(dump_json(doc), w.brand_key); };
    std::vector<std::pair<std::string, Envelope>> cases;
    cases.push_back({"as published", signed_doc(good)});
    {
        Envelope e = signed_doc(good);
        e.payload[e.payload.size() / 2] ^= 1;
        cases.push_back({"a byte changed after signing", e});
    }
    cases.push_back({"signed by a stranger", sign_envelope(dump_json(good), KeyPair::from_label("mallory"))});
    {
        Json d = good;
        d["products"][1]["title"] = "changed after hashing";
        cases.push_back({"a product changed after hashing", signed_doc(d)});
    }
    {
        Json d = good;
        d["products"][0]["title"] = "changed after hashing";
        d["products"][2]["price"] = -5;
        cases.push_back({"a bad hash before a malformed product (the malformed product is named)", signed_doc(d)});
    }
    {
        Json d = good;
        d["products"][2] = d["products"][0];
        cases.push_back({"an id twice", signed_doc(d)});
    }
    {
        Json d = good;
        d["products"][1] = 7;
        cases.push_back({"a product that is not an object", signed_doc(d)});
    }
    {
        Json d = good;
        d["products"][1].erase("hash");
        cases.push_back({"a product without its hash", signed_doc(d)});
    }
    {
        Json d = good;
        d["brand"] = "b_other";
        cases.push_back({"another brand's id", signed_doc(d)});
    }
    {
        Json d = good;
        d["products"] = "none";
        cases.push_back({"products that are not a list", signed_doc(d)});
    }
    {
        Json d = good;
        d.erase("products");
        cases.push_back({"no products", signed_doc(d)});
    }
    cases.push_back({"not an object", sign_envelope("[1,2]", w.brand_key)});
    cases.push_back({"not JSON", sign_envelope("{\"type\":\"release\",", w.brand_key)});
    // Not dump_json's form (spaces, keys out of order): read whole, the same answers.
    cases.push_back({"indented", sign_envelope(good.dump(2), w.brand_key)});
    {
        Json d = good;
        d["products"][1]["title"] = "changed after hashing";
        cases.push_back({"indented, a product changed after hashing", sign_envelope(d.dump(1), w.brand_key)});
    }
    {
        // A canonical payload whose products list is canonical but whose second product carries a
        // member the head of the payload repeats: split, each product read alone.
        Json d = good;
        d["products"][0]["type"] = "release";
        cases.push_back({"a product carrying the payload's own keys", signed_doc(d)});
    }
    for (const auto& c : cases) {
        const std::string& name = c.first;
        const Envelope& env = c.second;
        CAPTURE(name);
        int steps = 0;
        const std::string expected = outcome(reference_open(env, w.cert));
        CHECK(outcome(open_in_pieces(env, w.cert, steps)) == expected);
        CHECK(outcome(open_release(env, w.cert)) == expected);
    }
    CHECK(outcome(reference_open(cases[0].second, w.cert)).rfind("ok ", 0) == 0);
}

TEST_CASE("a remembered release skips only the content hashes, in pieces too") {
    fixtures::World w;
    Json d = release_to_json(w.release);
    d["products"][1]["title"] = "changed after hashing";
    const Envelope bad = sign_envelope(dump_json(d), w.brand_key);
    ReleaseSeals seals;
    seals.remember(release_seal(bad, w.cert));  // never happens (only a release that passed is remembered)
    int steps = 0;
    CHECK(open_in_pieces(bad, w.cert, steps, &seals).ok());
    CHECK(open_in_pieces(bad, w.cert, steps).error().code == "bad_content_hash");
    Envelope cut = bad;  // the same signature over other bytes: the seal does not carry it
    cut.payload.replace(cut.payload.find("12800"), 5, "00100");
    CHECK(open_in_pieces(cut, w.cert, steps, &seals).error().code == "unverified_release");
}

TEST_CASE("a shop opened one piece at a time is the shop opened at once") {
    fixtures::World w;
    ShopBundle b = w.bundle();
    const std::string text = fixtures::shop_bundle_text(b);
    ReleaseSeals seals, seals_at_once;
    bool changed = false;
    auto at_once = open_shop(text, w.root.pk, "chen", seals_at_once, changed);
    REQUIRE(at_once.ok());

    ShopOpening opening(text, w.root.pk, "chen", &seals);
    int steps = 0;
    while (!opening.step(Clock::time_point::min())) REQUIRE(++steps < 10000);
    CHECK(steps > static_cast<int>(w.release.products.size()));
    CHECK(opening.products_read() == w.release.products.size());
    auto view = opening.take();
    REQUIRE(view.ok());
    REQUIRE(view->items.size() == at_once->items.size());
    for (std::size_t i = 0; i < view->items.size(); ++i) {
        CHECK(view->items[i].product->id == at_once->items[i].product->id);
        CHECK(view->items[i].note == at_once->items[i].note);
        CHECK(view->items[i].brand == &view->brands[0]);  // points into its own view, which moved
    }
    CHECK(view->featured == at_once->featured);
    CHECK(opening.remember(*view, seals));
    CHECK(seals.text == seals_at_once.text);

    // Refusals come out the same: another shop's address, a forged manifest, a release that fails
    // (the shop opens, the brand's section carries the error).
    auto refusal = [&](const std::string& t, const std::string& slug) {
        ShopOpening o(t, w.root.pk, slug, nullptr);
        while (!o.step(Clock::time_point::min())) {
        }
        ReleaseSeals none;
        bool c = false;
        auto pieces = o.take();
        auto whole = open_shop(t, w.root.pk, slug, none, c);
        CHECK(pieces.ok() == whole.ok());
        if (!pieces) return pieces.error().code + ": " + pieces.error().message;
        CHECK(pieces->brands.front().release_error.code == whole->brands.front().release_error.code);
        return "opened; release " + pieces->brands.front().release_error.code;
    };
    CHECK(refusal(text, "someone-else").rfind("wrong_shop", 0) == 0);
    ShopBundle forged = b;
    forged.manifest = sign_envelope(forged.manifest.payload, KeyPair::from_label("mallory"));
    CHECK(refusal(fixtures::shop_bundle_text(forged), "chen").rfind("opened", 0) != 0);
    ShopBundle hashed = b;
    Json d = release_to_json(w.release);
    d["products"][1]["title"] = "changed after hashing";
    hashed.releases["b_tea"] = sign_envelope(dump_json(d), w.brand_key);
    CHECK(refusal(fixtures::shop_bundle_text(hashed), "chen") == "opened; release bad_content_hash");
    CHECK(refusal("{not json", "chen").rfind("malformed_json", 0) == 0);
}

TEST_CASE("the shop's answer read as objects of strings is the document parse_json reads, or left to it") {
    fixtures::World w;
    const std::string text = fixtures::shop_bundle_text(w.bundle());
    auto fast = read_objects_of_strings(text);
    REQUIRE(fast.has_value());  // the store's answer takes the fast way
    CHECK(dump_json(*fast) == dump_json(*parse_json(text, "shop")));

    auto same = [](const std::string& t) {
        CAPTURE(t);
        auto f = read_objects_of_strings(t);
        auto slow = parse_json(t, "x");
        if (f) {
            REQUIRE(slow.ok());  // never accepts what parse_json refuses
            CHECK(dump_json(*f) == dump_json(*slow));
        }
        return f.has_value();
    };
    CHECK(same("{}"));
    CHECK(same(" {\"a\" : { \"b\":\"c\\n\\\"\\\\\\/\\b\\f\\r\\t\" } }\n"));
    CHECK(same("{\"a\":\"1\",\"a\":\"2\"}"));  // a key twice: the last, as parse_json
    CHECK(same("{\"中\":\"龙井 é 𝄞\"}"));
    // Given up (parse_json decides): numbers, lists, \u, invalid UTF-8, control characters, junk after.
    for (const char* t : {"{\"a\":1}", "{\"a\":[]}", "{\"a\":\"\\u0041\"}", "{\"a\":\"\xC0\xAF\"}", "{\"a\":\"\xED\xA0\x80\"}",
                          "{\"a\":\"\xF4\x90\x80\x80\"}", "{\"a\":\"x\ty\"}", "{\"a\":\"b\"} x", "{\"a\":\"b\",}", "{\"a\" \"b\"}",
                          "\"a\"", "{\"a\":\"b\"", "{\"a\":\"\\x\"}", "\xEF\xBB\xBF{}", "{\"a\":null}"})
        CHECK_FALSE(same(t));
    std::string deep;
    for (int i = 0; i < 40; ++i) deep += "{\"a\":";
    deep += "\"x\"" + std::string(40, '}');
    CHECK_FALSE(same(deep));
    // Every byte of the answer changed to each of a few troublemakers: either the same document as
    // parse_json's, or left to it.
    int fast_ones = 0;
    const char swaps[] = {'"', '\\', '{', '}', ',', ':', ' ', '\x01', '\x7f', '\x80', '\xC3', '\xE4', '\xF0', 'u', '/'};
    for (std::size_t at = 0; at < text.size(); at += 7)
        for (char c : swaps) {
            std::string t = text;
            t[at] = c;
            auto f = read_objects_of_strings(t);
            if (!f) continue;
            ++fast_ones;
            auto slow = parse_json(t, "x");
            REQUIRE(slow.ok());
            REQUIRE(dump_json(*f) == dump_json(*slow));
        }
    CHECK(fast_ones > 100);
}

TEST_CASE("the shop's answer read in pieces is the document read at once, wherever the pieces end") {
    fixtures::World w;
    const std::string text = fixtures::shop_bundle_text(w.bundle());
    using Reading = ObjectsOfStringsReading;
    // Read with a look at the clock every `chunk` bytes and a deadline always past: one chunk a step.
    auto pieces = [](const std::string& t, std::size_t chunk, int* steps = nullptr) -> std::optional<Json> {
        Reading r(t, chunk);
        int n = 1;
        while (r.step(std::chrono::steady_clock::time_point::min()) == Reading::Status::Reading && n <= int(t.size()) + 2) ++n;
        REQUIRE(r.status() != Reading::Status::Reading);  // (it ends: a step reads at least a byte)
        if (steps) *steps = n;
        if (r.status() != Reading::Status::Done) return std::nullopt;
        return r.take();
    };
    const std::string whole = dump_json(*read_objects_of_strings(text));
    for (std::size_t chunk : {1, 2, 3, 5, 7, 64, 4096}) {
        CAPTURE(chunk);
        int steps = 0;
        auto doc = pieces(text, chunk, &steps);
        REQUIRE(doc.has_value());
        CHECK(dump_json(*doc) == whole);
        CHECK(steps >= int(text.size() / chunk) / 2);  // it did stop, about once a chunk (escapes go whole)
    }
    // Every case of the test above, and the answer with a troublemaker at every 11th byte: in pieces
    // of 1 and 3 bytes, the same answer as at once (the same document, or given up alike).
    std::vector<std::string> cases = {"{}", " {\"a\" : { \"b\":\"c\\n\\\"\\\\\\/\\b\\f\\r\\t\" } }\n",
                                      "{\"a\":\"1\",\"a\":\"2\"}", "{\"a\":{\"x\":\"1\"},\"a\":\"2\"}", "{\"a\":\"2\",\"a\":{\"x\":\"1\"}}",
                                      "{\"中\":\"龙井 é 𝄞\"}", "{\"a\":1}", "{\"a\":\"\\u0041\"}", "{\"a\":\"\xC0\xAF\"}",
                                      "{\"a\":\"x\ty\"}", "{\"a\":\"b\"} x", "{\"a\":\"b\",}", "\"a\"", "{\"a\":\"b\"", "{\"a\":\"\\", ""};
    const char swaps[] = {'"', '\\', '{', '}', ',', ':', ' ', '\x01', '\xC3', 'u'};
    for (std::size_t at = 0; at < text.size(); at += 11)
        for (char c : swaps) {
            std::string t = text;
            t[at] = c;
            cases.push_back(std::move(t));
        }
    int read = 0;
    for (const std::string& t : cases) {
        auto at_once = read_objects_of_strings(t);
        read += at_once.has_value();
        for (std::size_t chunk : {1, 3}) {
            auto p = pieces(t, chunk);
            REQUIRE(p.has_value() == at_once.has_value());
            if (p) REQUIRE(dump_json(*p) == dump_json(*at_once));
        }
    }
    CHECK(read > 100);
    // A 2 MB string read with the clock's deadline now: a step ends after its first chunk.
    const std::string big = "{\"payload\":\"" + std::string(2 << 20, 'x') + "\"}";
    Reading r(big);
    CHECK(r.step(std::chrono::steady_clock::now()) == Reading::Status::Reading);
    int more = 0;
    while (r.step(std::chrono::steady_clock::now()) == Reading::Status::Reading) ++more;
    CHECK(r.status() == Reading::Status::Done);
    CHECK(more >= 20);  // 2 MB in chunks of 64 KB
    CHECK(r.take()["payload"].get_ref<const std::string&>().size() == std::size_t(2 << 20));
}
