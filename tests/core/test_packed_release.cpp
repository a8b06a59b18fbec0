// Releases packed for a shop's first visit: the store leaves out every product's content hash and
// the browser puts it back before checking the signature (core::leave_out_content_hashes,
// put_back_content_hashes, ReleaseOpening with hashes_left_out). Written from the side of whoever
// carries the answer: a packed release must open to exactly what the brand signed or not at all.
//
// [SECTION] Vectors     tests/vectors/packed_release.json (hashes made by Python's hashlib)
// [SECTION] Opening     packed and whole open alike; altered on the way: refused
// [SECTION] Shops       the shop's answer with "hashes":"left_out"; the audit reads it too
#include <doctest/doctest.h>

#include <chrono>

#include "core/audit/audit.h"
#include "fixtures.h"
#include "vectors.h"

using namespace core;

namespace {
using Clock = std::chrono::steady_clock;

std::string outcome(const Result<Release>& r) {
    return r ? "ok " + dump_json(release_to_json(*r)) : r.error().code + ": " + r.error().message;
}

Envelope packed(const Envelope& whole) {
    auto text = leave_out_content_hashes(whole.payload);
    REQUIRE(text.has_value());
    return Envelope{*text, whole.key, whole.sig};
}

// Opened one piece per step, as the app does between frames.
Result<Release> open_packed_in_pieces(const Envelope& env, const BrandCert& brand, int& steps) {
    ReleaseOpening opening(env, brand, nullptr, true);
    std::size_t read = 0;
    steps = 0;
    bool went_back = false;
    while (!opening.step(Clock::time_point::min())) {
        ++steps;
        if (opening.products_read() < read) went_back = true;
        read = opening.products_read();
        CHECK(read <= opening.products_total());
        REQUIRE(steps < 100000);
    }
    CHECK_FALSE(went_back);  // progress never goes back
    return opening.take();
}

fixtures::World bigger_world() {
    fixtures::World w;
    for (int i = 3; i < 30; ++i) {
        Product p = w.release.products[0];
        p.id = "p" + std::to_string(i);
        p.title = "Tea \"" + std::to_string(i) + "\"\n";
        w.release.products.push_back(p);
    }
    w.release.reindex();
    return w;
}
}  // namespace

// [SECTION] Vectors

TEST_CASE("packed releases: the shared vectors") {
    const Json v = fixtures::shared_vectors("packed_release.json");
    REQUIRE(v["cases"].size() >= 10);
    for (const auto& c : v["cases"]) {
        CAPTURE(c["name"].get<std::string>());
        auto got = leave_out_content_hashes(c["payload"].get<std::string>());
        if (c["packed"].is_null()) {
            CHECK_FALSE(got.has_value());
            continue;
        }
        REQUIRE(got.has_value());
        CHECK(*got == c["packed"].get<std::string>());
        CHECK(got->find("\"hash\"") == std::string::npos);
        CHECK(put_back_content_hashes(*got) == std::optional<std::string>(c["payload"].get<std::string>()));
    }
    for (const auto& c : v["put_back"]) {
        CAPTURE(c["name"].get<std::string>());
        auto got = put_back_content_hashes(c["packed"].get<std::string>());
        if (c["whole"].is_null()) CHECK_FALSE(got.has_value());
        else CHECK(got == std::optional<std::string>(c["whole"].get<std::string>()));
    }
}

// [SECTION] Opening

TEST_CASE("a packed release opens to the release as signed, in pieces or at once") {
    fixtures::World w = bigger_world();
    const Envelope whole = w.signed_release();
    const Envelope on_the_way = packed(whole);
    CHECK(on_the_way.payload.size() + w.release.products.size() * 74 == whole.payload.size());  // "hash":"<64 hex>",
    int steps = 0;
    auto pieces = open_packed_in_pieces(on_the_way, w.cert, steps);
    REQUIRE(pieces.ok());
    CHECK(outcome(pieces) == outcome(open_release(whole, w.cert)));
    CHECK(outcome(open_release(on_the_way, w.cert, nullptr, true)) == outcome(pieces));
    for (const auto& p : pieces->products) CHECK(p.hash == product_content_hash(product_to_json(p)));
    // Cut, a piece per product put back, the signature, the split, a piece per product, the end.
    CHECK(steps == 2 * static_cast<int>(w.release.products.size()) + 5);
    // Not remembered: nothing was skipped on a seal's word.
    ReleaseOpening opening(on_the_way, w.cert, nullptr, true);
    opening.step(Clock::time_point::max());
    CHECK_FALSE(opening.remembered());
}

TEST_CASE("a packed release altered on the way is refused, never opened as something else") {
    fixtures::World w = bigger_world();
    const Envelope whole = w.signed_release();
    const Envelope good = packed(whole);
    std::vector<std::pair<std::string, Envelope>> cases;
    auto altered = [&](const std::string& name, const std::string& from, const std::string& to) {
        Envelope e = good;
        const auto at = e.payload.find(from);
        REQUIRE(at != std::string::npos);
        e.payload.replace(at, from.size(), to);
        cases.push_back({name, e});
    };
    altered("a cheaper price", "\"price\":12800", "\"price\":100");
    altered("another title", "Tea \\\"4\\\"", "Tea \\\"5\\\"");
    altered("a hash put in by the carrier", "\"id\":\"p4\"",
            "\"hash\":\"" + product_content_hash(product_to_json(w.release.products[4])) + "\",\"id\":\"p4\"");
    altered("a space", "\"price\":12800", "\"price\": 12800");
    altered("another version", "\"version\":3", "\"version\":4");
    {
        // Two products swapped: each still hashes to itself, the signature sees the order.
        Envelope e = good;
        auto cut_at = [&](const std::string& id) { return e.payload.rfind("{\"category\"", e.payload.find("\"id\":\"" + id + "\"")); };
        const std::size_t a = cut_at("p1"), b = cut_at("p2"), c = cut_at("p3");
        const std::string first = e.payload.substr(a, b - a - 1), second = e.payload.substr(b, c - b - 1);
        e.payload.replace(a, c - a - 1, second + "," + first);
        cases.push_back({"two products swapped", e});
    }
    {
        Envelope e = good;
        const std::size_t at = e.payload.find(",{\"category\"");
        e.payload.erase(at, e.payload.find(",{\"category\"", at + 1) - at);
        cases.push_back({"a product taken out", e});
    }
    cases.push_back({"the whole payload sent as packed", whole});
    cases.push_back({"packed and signed by a stranger", Envelope{good.payload, good.key, sign_envelope(whole.payload, KeyPair::from_label("mallory")).sig}});
    cases.push_back({"not JSON", Envelope{good.payload.substr(0, good.payload.size() / 2), good.key, good.sig}});
    for (const auto& c : cases) {
        const std::string& name = c.first;
        const Envelope& env = c.second;
        CAPTURE(name);
        int steps = 0;
        auto r = open_packed_in_pieces(env, w.cert, steps);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "unverified_release");
        CHECK(outcome(open_release(env, w.cert, nullptr, true)) == outcome(r));
    }
    // And a packed text opened as if it were whole: its signature does not cover it.
    CHECK(open_release(good, w.cert).error().code == "unverified_release");
}

TEST_CASE("only a release that comes back exactly is packed: a wrong hash travels whole and is refused as before") {
    fixtures::World w;
    Json d = release_to_json(w.release);
    d["products"][1]["title"] = "changed after hashing";
    const Envelope bad = sign_envelope(dump_json(d), w.brand_key);
    CHECK_FALSE(leave_out_content_hashes(bad.payload).has_value());
    CHECK(open_release(bad, w.cert).error().code == "bad_content_hash");
    CHECK_FALSE(leave_out_content_hashes(release_to_json(w.release).dump(1)).has_value());
}

// [SECTION] Shops

TEST_CASE("a shop whose release came packed opens as the shop as signed; the audit reads it alike") {
    fixtures::World w = bigger_world();
    ShopBundle whole = w.bundle();
    ShopBundle on_the_way = whole;
    on_the_way.releases["b_tea"] = packed(whole.releases["b_tea"]);
    on_the_way.hashes_left_out.insert("b_tea");
    const std::string text = fixtures::shop_bundle_text(on_the_way);
    CHECK(text.find("\"hashes\":\"left_out\"") != std::string::npos);

    ReleaseSeals seals_whole, seals_packed;
    bool changed = false;
    auto a = open_shop(fixtures::shop_bundle_text(whole), w.root.pk, "chen", seals_whole, changed);
    auto b = open_shop(text, w.root.pk, "chen", seals_packed, changed);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(b->brands.front().release.has_value());
    CHECK(b->brands.front().release_error.code.empty());
    CHECK(dump_json(release_to_json(*a->brands.front().release)) == dump_json(release_to_json(*b->brands.front().release)));
    CHECK(b->items.size() == a->items.size());
    CHECK(seals_packed.text == seals_whole.text);  // the same seal: the same signed release

    // Packed but not marked, or marked but whole: the brand's section says it could not be verified.
    ShopBundle unmarked = on_the_way;
    unmarked.hashes_left_out.clear();
    auto c = open_shop(fixtures::shop_bundle_text(unmarked), w.root.pk, "chen", seals_packed, changed);
    REQUIRE(c.ok());
    CHECK(c->brands.front().release_error.code == "unverified_release");
    ShopBundle marked = whole;
    marked.hashes_left_out.insert("b_tea");
    auto m = open_shop(fixtures::shop_bundle_text(marked), w.root.pk, "chen", seals_packed, changed);
    REQUIRE(m.ok());
    CHECK(m->brands.front().release_error.code == "unverified_release");

    // A form this app does not know is refused whole.
    Json doc = *parse_json(text, "shop");
    doc["releases"]["b_tea"]["hashes"] = "zipped";
    CHECK(parse_shop_bundle(doc).error().code == "bad_document");

    // The audit: the packed shop is found current, and its release opened once for many shops.
    AuditBrand brand{w.root.pk, w.cert, w.release};
    brand.current.reindex();
    AuditCache cache;
    const Json packed_doc = *parse_json(text, "shop");
    const Json whole_doc = *parse_json(fixtures::shop_bundle_text(whole), "shop");
    const ShopAudit from_whole = audit_shop_json(brand, "chen", whole_doc, &cache);
    for (int i = 0; i < 3; ++i) {
        const ShopAudit from_packed = audit_shop_json(brand, "chen", packed_doc, &cache);
        CHECK(from_packed.reason() == from_whole.reason());
        CHECK(from_packed.release_version == 3);
    }
    CHECK(cache.releases_opened == 1);
    Json altered = packed_doc;
    std::string payload = altered["releases"]["b_tea"]["payload"].get<std::string>();
    payload.replace(payload.find("\"price\":12800"), 13, "\"price\":10000");
    altered["releases"]["b_tea"]["payload"] = payload;
    CHECK(audit_shop_json(brand, "chen", altered, &cache).reason().find("not what") != std::string::npos);
    CHECK(audit_shop_json(brand, "chen", packed_doc, &cache).reason() == from_whole.reason());
}
