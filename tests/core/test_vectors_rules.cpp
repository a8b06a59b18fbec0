// Referral fields, money formatting, shop manifests, catalog releases, brand certificates, enrollments and what a shop lists, driven by the shared vectors the store's
// tests also run through dynshop_core (tests/vectors/referral.json, money.json, manifest.json, release.json, brand.json, enrollment.json, shop_listing.json, policy.json): a
// visit, an order, a product page and a shop read the same in the browser and in the store.
#include <doctest/doctest.h>

#include "core/json.h"
#include "core/catalog/release_draft.h"  // parse_price, price_text
#include "core/money.h"
#include "core/referral/link.h"
#include "core/shop/shop.h"
#include "vectors.h"

using namespace core;

namespace {
Json vectors(const char* name) { return fixtures::shared_vectors(name); }

// A document vector file (manifest, release, brand): each case is "base" with "set" replacing fields,
// "drop" removing them, and "product_set"/"product_drop" doing the same to the first product;
// "expect" is ok, or a refusal whose sentence contains "says" (and whose code is "code", when named).
template <class Parse>
void check_document_vectors(const char* name, std::size_t at_least, Parse parse) {
    const Json doc = vectors(name);
    REQUIRE(doc["cases"].size() >= at_least);
    std::size_t refused = 0;
    for (const auto& c : doc["cases"]) {
        const std::string what = string_or(c, "name", "");
        Json payload = fixtures::case_payload(doc["base"], c);
        if (c.contains("product_set") && (!c["product_set"].empty() || !c["product_drop"].empty())) {
            Json& first = payload["products"][0];
            for (auto it = c["product_set"].begin(); it != c["product_set"].end(); ++it) first[it.key()] = it.value();
            for (const auto& k : c["product_drop"]) first.erase(k.get<std::string>());
        }
        const Json& expect = c["expect"];
        auto r = parse(payload);
        if (expect.contains("ok")) {
            CHECK_MESSAGE(r.ok(), what, ": ", r.ok() ? "" : r.error().message);
            continue;
        }
        ++refused;
        REQUIRE_MESSAGE(!r.ok(), what);
        CHECK_MESSAGE(r.error().code == string_or(expect, "code", "bad_document"), what, ": ", r.error().code);
        CHECK_MESSAGE(r.error().message.find(string_or(expect, "says", "?")) != std::string::npos, what, ": ", r.error().message);
    }
    CHECK(refused * 4 >= at_least * 3);  // most cases are refusals
}
}  // namespace

TEST_CASE("referral fields agree with the shared vectors, read from fields and from a link") {
    const Json doc = vectors("referral.json");
    const Json* cases = get_array(doc, "cases");
    REQUIRE(cases != nullptr);
    REQUIRE(cases->size() >= 10);
    int direct = 0, kept = 0;
    for (const auto& c : *cases) {
        const std::string ch = string_or(c, "channel", ""), campaign = string_or(c, "campaign", ""), hop = string_or(c, "hop", "");
        CAPTURE(ch);
        CAPTURE(campaign);
        CAPTURE(hop);
        const Json& want = c["expect"];
        const Referral r = referral_from(ch, campaign, hop);
        CHECK(std::string(channel_name(r.channel)) == string_or(want, "channel", "?"));
        CHECK(r.campaign == string_or(want, "campaign", "?"));
        CHECK(r.hop == int_or(want, "hop", -1));
        // A link carrying the same three says the same.
        const Referral l = parse_referral(parse_url("/s/lily-tea?ch=" + percent_encode(ch) + "&c=" + percent_encode(campaign) +
                                                    "&h=" + percent_encode(hop)));
        CHECK(l == r);
        (r.channel == Channel::Direct ? direct : kept) += 1;
    }
    CHECK(direct >= 3);
    CHECK(kept >= 5);
}

TEST_CASE("what a shop lists and features agrees with the shared vectors") {
    const Json doc = vectors("shop_listing.json");
    REQUIRE(doc["cases"].size() >= 10);
    for (const auto& c : doc["cases"]) {
        const std::string what = string_or(c, "name", "");
        std::vector<std::vector<std::string>> owned;
        for (const auto& ids : c["catalogs"]) owned.push_back(ids.get<std::vector<std::string>>());
        std::vector<std::vector<std::string_view>> catalogs;
        for (const auto& ids : owned) catalogs.emplace_back(ids.begin(), ids.end());
        const ShopListing l = shop_listing(c["selection"].get<std::vector<std::string>>(), c["featured"].get<std::vector<std::string>>(), catalogs);
        Json items = Json::array();
        for (const auto& e : l.items) items.push_back(Json::array({e.brand, e.product}));
        CHECK_MESSAGE(items == c["expect"]["items"], what, ": ", dump_json(items));
        CHECK_MESSAGE(Json(l.featured) == c["expect"]["featured"], what, ": ", dump_json(Json(l.featured)));
    }
}

TEST_CASE("money formatting agrees with the shared vectors") {
    const Json doc = vectors("money.json");
    const Json* cases = get_array(doc, "cases");
    REQUIRE(cases != nullptr);
    REQUIRE(cases->size() >= 8);
    for (const auto& c : *cases) {
        const Minor amount = c["amount"].get<Minor>();
        const std::string currency = string_or(c, "currency", "");
        CAPTURE(amount);
        CAPTURE(currency);
        CHECK(format_money(amount, currency) == string_or(c, "format", "?"));
        CHECK(decimal_amount(amount, currency) == string_or(c, "decimal", "?"));
        // A price the brand types back in the console reads as the same amount, with the same decimals.
        if (amount >= 0 && amount <= kMaxPrice) {
            CHECK(price_text(amount, currency) == string_or(c, "decimal", "?"));
            auto typed = parse_price(string_or(c, "decimal", "?"), currency);
            REQUIRE(typed.ok());
            CHECK(*typed == amount);
            // And so does the price as the shop shows it, symbol or code, separators and all.
            auto shown = parse_price(format_money(amount, currency), currency);
            REQUIRE(shown.ok());
            CHECK(*shown == amount);
        }
        // One more decimal than the currency has is refused.
        CHECK_FALSE(parse_price(std::string("1.") + std::string(static_cast<std::size_t>(minor_digits(currency)) + 1, '5'), currency).ok());
    }
}

TEST_CASE("shop manifests are accepted and refused as the shared vectors say") {
    check_document_vectors("manifest.json", 30, [](const Json& p) { return parse_manifest(p); });
}

TEST_CASE("catalog releases are accepted and refused as the shared vectors say") {
    check_document_vectors("release.json", 40, [](const Json& p) { return parse_release(p); });
}

TEST_CASE("brand certificates are accepted and refused as the shared vectors say") {
    check_document_vectors("brand.json", 30, [](const Json& p) { return parse_brand_cert(p); });
}

TEST_CASE("brand policies read, with their defaults, and are refused as the shared vectors say") {
    check_document_vectors("policy.json", 45, [](const Json& p) { return parse_policy(p); });
    // What an accepted policy reads as: every default, in the same words the store's dynshop_core.policy gives.
    const Json doc = vectors("policy.json");
    int read = 0;
    for (const auto& c : doc["cases"]) {
        const Json* want = get_object(c["expect"], "reads");
        if (!want) continue;
        CAPTURE(string_or(c, "name", ""));
        auto p = parse_policy(fixtures::case_payload(doc["base"], c));
        REQUIRE(p.ok());
        const Json j = policy_to_json(*p);
        CHECK(std::string(binding_mode_name(p->binding)) == string_or(*want, "mode", "?"));
        CHECK(p->binding_days == int_or(*want, "days", -1));
        CHECK(p->bind_on_paid == (*want)["bind_on_paid"].get<bool>());
        CHECK(j["commission"]["levels"] == (*want)["levels"]);
        CHECK(j["commission"]["overrides"] == (*want)["overrides"]);
        CHECK(p->cap == int_or(*want, "cap", -1));
        for (const char* k : {"freeze_days", "min_payout", "allow_self_purchase", "max_levels", "lost_after_days"}) CHECK_MESSAGE(j[k] == (*want)[k], k);
        Json kinds = Json::array();
        for (const auto& m : p->payment) kinds.push_back(payment_kind_name(m.kind));
        CHECK(kinds == (*want)["payment"]);
        ++read;
    }
    CHECK(read >= 10);
}

TEST_CASE("enrollments are accepted and refused as the shared vectors say") {
    check_document_vectors("enrollment.json", 30, [](const Json& p) { return parse_enrollment(p); });
}
