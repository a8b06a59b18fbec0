// Return visits: releases remembered by their seal (core::ReleaseSeals, catalog.h) skip the content
// hashes and nothing else. Written from the side of whoever serves the shop: a remembered seal must not
// let other bytes, another brand's key or a refused release through.
#include <doctest/doctest.h>

#include <algorithm>

#include "fixtures.h"

using namespace core;

namespace {
// The release with product 1's title changed after hashing, signed by the brand: refused on a first visit.
Envelope badly_hashed(const fixtures::World& w) {
    Json doc = release_to_json(w.release);
    doc["products"][1]["title"] = "changed after hashing";
    return sign_envelope(dump_json(doc), w.brand_key);
}
}  // namespace

TEST_CASE("a remembered release opens the same, and only its content hashes are skipped") {
    fixtures::World w;
    const Envelope env = w.signed_release();
    ReleaseSeals seals;
    seals.remember(release_seal(env, w.cert));
    auto first = open_release(env, w.cert);
    auto again = open_release(env, w.cert, &seals);
    REQUIRE(first.ok());
    REQUIRE(again.ok());
    CHECK(dump_json(release_to_json(*again)) == dump_json(release_to_json(*first)));

    // The skip is real: a signed release whose hash is wrong opens only when its own seal is remembered
    // (it never is: only a release that passed every check is), and is refused under any other seal.
    const Envelope bad = badly_hashed(w);
    CHECK(open_release(bad, w.cert, &seals).error().code == "bad_content_hash");
    ReleaseSeals its_own;
    its_own.remember(release_seal(bad, w.cert));
    CHECK(open_release(bad, w.cert, &its_own).ok());
}

TEST_CASE("a remembered seal does not carry other bytes, another key or another brand") {
    fixtures::World w;
    Envelope env = w.signed_release();
    ReleaseSeals seals;
    seals.remember(release_seal(env, w.cert));

    Envelope cut = env;  // the same signature over a cut price
    const auto pos = cut.payload.find("12800");
    REQUIRE(pos != std::string::npos);
    cut.payload.replace(pos, 5, "00100");
    CHECK(open_release(cut, w.cert, &seals).error().code == "unverified_release");

    // The same payload signed by another key, offered under a certificate naming that key: the seal
    // names the key too, so it is not the remembered one, and the hashes are checked (they pass: the
    // check that refuses it is the brand's key, shown below).
    KeyPair mallory = KeyPair::from_label("mallory");
    Envelope theirs = sign_envelope(env.payload, mallory);
    BrandCert forged = w.cert;
    forged.key = mallory.pk;
    CHECK_FALSE(seals.contains(release_seal(theirs, forged)));
    CHECK(open_release(theirs, w.cert, &seals).error().code == "unverified_release");

    // A seal carried to a certificate of another brand id: refused by the brand check, not skipped past it.
    BrandCert other = w.cert;
    other.brand = "b_other";
    CHECK(open_release(env, other, &seals).error().code == "unverified_release");
}

TEST_CASE("the remembered list keeps the newest seals once each, one a line") {
    ReleaseSeals seals;
    for (int i = 0; i < 40; ++i) seals.remember("k." + std::to_string(i));
    CHECK(seals.size() == ReleaseSeals::kKept);
    CHECK(seals.text.rfind("k.39\n", 0) == 0);  // newest first
    CHECK(seals.contains("k.8"));
    CHECK_FALSE(seals.contains("k.7"));          // the oldest went
    CHECK_FALSE(seals.contains("k."));           // whole lines only
    CHECK_FALSE(seals.contains("k.3"));
    seals.remember("k.20");
    CHECK(seals.text.rfind("k.20\nk.39\n", 0) == 0);
    CHECK(seals.size() == ReleaseSeals::kKept);
    CHECK(seals.text.find("\nk.20\n") == std::string::npos);  // once
    CHECK(seals.contains("k.8"));

    CHECK(ReleaseSeals::parse(seals.text).text == seals.text);
    CHECK(ReleaseSeals::parse("").size() == 0);
    CHECK(ReleaseSeals::parse("\n\n").size() == 0);
    CHECK(ReleaseSeals::parse("a\n\nb").text == "a\nb\n");
    // Whatever else the storage holds (an older form, junk) is lines that match no seal.
    CHECK_FALSE(ReleaseSeals::parse("[\"k.39\"]").contains("k.39"));
    std::string many;
    for (int i = 0; i < 100; ++i) many += "s" + std::to_string(i) + "\n";
    CHECK(ReleaseSeals::parse(many).size() == ReleaseSeals::kKept);
}

TEST_CASE("a shop remembers the releases it opened, and opens the same from them") {
    fixtures::World w;
    const ShopBundle b = w.bundle();
    const std::string text = fixtures::shop_bundle_text(b);
    ReleaseSeals seals;
    bool changed = false;
    auto first = open_shop(text, w.root.pk, "", seals, changed);
    REQUIRE(first.ok());
    CHECK(changed);
    CHECK_FALSE(first->brands.front().remembered);
    REQUIRE(seals.size() == 1);
    CHECK(seals.contains(release_seal(b.releases.at("b_tea"), w.cert)));
    auto again = open_shop(text, w.root.pk, "", seals, changed);
    REQUIRE(again.ok());
    CHECK_FALSE(changed);  // nothing new to store
    CHECK(again->brands.front().remembered);
    REQUIRE(again->items.size() == first->items.size());
    for (std::size_t i = 0; i < first->items.size(); ++i) CHECK(again->items[i].product->hash == first->items[i].product->hash);

    // A refused release is not remembered, and a refused shop leaves the list as it was.
    ShopBundle bad = b;
    bad.releases["b_tea"] = badly_hashed(w);
    ReleaseSeals none;
    auto refused = open_shop(fixtures::shop_bundle_text(bad), w.root.pk, "", none, changed);
    REQUIRE(refused.ok());  // the shop opens; its catalogue carries the error
    CHECK(refused->brands.front().release_error.code == "bad_content_hash");
    CHECK_FALSE(changed);
    CHECK(none.size() == 0);
    CHECK_FALSE(open_shop(text, w.root.pk, "someone-else", seals, changed).ok());
    CHECK_FALSE(changed);
    CHECK(seals.size() == 1);
    CHECK(open_shop("{not json", w.root.pk, "", seals, changed).error().code == "malformed_json");
}
