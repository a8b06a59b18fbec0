#include <doctest/doctest.h>

#include "core/orders/cart.h"
#include "core/share/qr.h"
#include "fixtures.h"

using namespace core;

TEST_CASE("a release signed by its brand opens with every product") {
    fixtures::World w;
    auto rel = open_release(w.signed_release(), w.cert);
    REQUIRE(rel.ok());
    CHECK(rel->products.size() == 3);
    REQUIRE(rel->find("p1") != nullptr);
    CHECK(rel->find("p1")->price == 13800);
    CHECK(rel->find("nope") == nullptr);
}

TEST_CASE("a tampered release is refused in plain words") {
    fixtures::World w;
    Envelope env = w.signed_release();
    auto pos = env.payload.find("12800");
    REQUIRE(pos != std::string::npos);
    env.payload.replace(pos, 5, "00100");  // someone cuts the price
    auto rel = open_release(env, w.cert);
    CHECK_FALSE(rel.ok());
    CHECK(rel.error().code == "unverified_release");
    CHECK(rel.error().message.find("Huaxi Tea") != std::string::npos);
}

TEST_CASE("a release re-signed by another key is refused even if internally consistent") {
    fixtures::World w;
    Envelope env = sign_envelope(dump_json(release_to_json(w.release)), KeyPair::from_label("mallory"));
    CHECK(open_release(env, w.cert).error().code == "unverified_release");
}

TEST_CASE("a product whose content hash does not match is refused even when signed") {
    fixtures::World w;
    Json doc = release_to_json(w.release);
    doc["products"][1]["title"] = "changed after hashing";
    Envelope env = sign_envelope(dump_json(doc), w.brand_key);
    CHECK(open_release(env, w.cert).error().code == "bad_content_hash");
}

TEST_CASE("a signed release with a price beyond belief or beyond 64 bits is refused, in the browser and the store alike") {
    fixtures::World w;
    for (const char* price : {"18446744073709551616000", "10000000001", "-1"}) {
        Json doc = release_to_json(w.release);
        std::string text = dump_json(doc);
        const std::string was = "\"price\":" + std::to_string(w.release.products[0].price);
        const auto at = text.find(was);
        REQUIRE(at != std::string::npos);
        text.replace(at, was.size(), std::string("\"price\":") + price);
        auto j = parse_json(text, "release");
        REQUIRE(j.ok());
        CHECK_FALSE(parse_release(*j).ok());
    }
    Json doc = release_to_json(w.release);
    doc["products"][0]["list_price"] = "a lot";
    CHECK_FALSE(parse_release(doc).ok());
    doc["products"][0]["list_price"] = kMaxPrice;
    CHECK(parse_release(doc).ok());  // the highest real price is still a price
}

TEST_CASE("a release whose text fields are not text is refused, not read as their fallbacks") {
    fixtures::World w;
    const Json values[] = {5, true, Json::array(), Json::object(), nullptr};
    for (const Json& v : values) {
        Json doc = release_to_json(w.release);
        doc["currency"] = v;
        CHECK_FALSE(parse_release(doc).ok());
        for (const char* field : {"category", "subtitle", "description"}) {
            doc = release_to_json(w.release);
            doc["products"][0][field] = v;
            CHECK_FALSE(parse_release(doc).ok());
        }
        doc = release_to_json(w.release);
        doc["products"][0]["specs"] = Json::array({{{"name", "Weight"}, {"value", v}}});
        CHECK_FALSE(parse_release(doc).ok());
    }
    Json doc = release_to_json(w.release);
    doc["products"][0].erase("subtitle");  // absent is fine: the fallback
    doc.erase("locale");
    CHECK(parse_release(doc).ok());
}

TEST_CASE("a verified shop composes in the distributor's order with notes kept apart") {
    fixtures::World w;
    auto view = compose_shop(w.bundle(), w.root.pk);
    REQUIRE_MESSAGE(view.ok(), view.error().message);
    REQUIRE(view->items.size() == 2);
    CHECK(view->items[0].product->id == "p2");
    CHECK(view->items[1].product->id == "p0");
    CHECK(view->items[1].note == "My favourite");
    CHECK(view->items[0].note.empty());
    REQUIRE(view->featured.size() == 1);
    CHECK(view->items[view->featured[0]].product->id == "p2");
    CHECK(view->shop.chains.at("b_tea").size() == 3);
    CHECK(view->shop.chains.at("b_tea").back().distributor == "d1");
}

TEST_CASE("a forged manifest is refused") {
    fixtures::World w;
    auto b = w.bundle();
    b.manifest = sign_envelope(b.manifest.payload, KeyPair::from_label("mallory"));
    CHECK(compose_shop(b, w.root.pk).error().code == "forged_manifest");
    // Tampering with the bytes fails the signature itself.
    auto b2 = w.bundle();
    b2.manifest.payload.replace(b2.manifest.payload.find("Chen's"), 6, "Evil's");
    CHECK(compose_shop(b2, w.root.pk).error().code == "forged_manifest");
}

TEST_CASE("another shop's valid documents served at this address are refused") {
    fixtures::World w;
    auto view = compose_shop(w.bundle(), w.root.pk);
    REQUIRE(view.ok());
    const std::string slug = view->shop.manifest.slug;
    CHECK(compose_shop(w.bundle(), w.root.pk, slug).ok());
    auto wrong = compose_shop(w.bundle(), w.root.pk, "someone-else");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == "wrong_shop");
    CHECK(wrong.error().message.find(slug) != std::string::npos);
}

TEST_CASE("a broken enrollment chain refuses the shop") {
    fixtures::World w;
    SUBCASE("an enrollment signed by someone other than the recruiter") {
        auto b = w.bundle();
        b.enrollments["b_tea"]["d3"] = sign_envelope(dump_json(enrollment_to_json(w.e3)), w.d1);
        CHECK(compose_shop(b, w.root.pk).error().code == "forged_enrollment");
    }
    SUBCASE("a missing link") {
        auto b = w.bundle();
        b.enrollments["b_tea"].erase("d2");
        CHECK(compose_shop(b, w.root.pk).error().code == "broken_chain");
    }
    SUBCASE("a loop") {
        w.e1.parent = "d3";  // d1 claims to be recruited by d3
        auto b = w.bundle();
        CHECK(compose_shop(b, w.root.pk).error().code == "broken_chain");
    }
    SUBCASE("an inactive upline") {
        w.e2.active = false;
        CHECK(compose_shop(w.bundle(), w.root.pk).error().code == "inactive_distributor");
    }
    SUBCASE("deeper than the brand allows") {
        w.policy.max_levels = 2;
        CHECK(compose_shop(w.bundle(), w.root.pk).error().code == "broken_chain");
    }
    SUBCASE("a brand certificate not signed by the platform") {
        auto b = w.bundle();
        b.brands["b_tea"] = sign_envelope(b.brands["b_tea"].payload, KeyPair::from_label("mallory"));
        CHECK(compose_shop(b, w.root.pk).error().code == "forged_brand");
    }
}

TEST_CASE("a manifest carrying product content is refused") {
    fixtures::World w;
    Json m = manifest_to_json(w.manifest);
    SUBCASE("product objects instead of ids") {
        m["products"] = Json::array({Json{{"id", "p0"}, {"title", "Cheap!"}, {"price", 1}}});
    }
    SUBCASE("an extra top-level field") {
        m["prices"] = Json{{"p0", 1}};
    }
    SUBCASE("a note that is not text") {
        m["notes"]["p0"] = Json{{"title", "x"}};
    }
    auto parsed = parse_manifest(m);
    CHECK(parsed.error().code == "manifest_has_content");
}

TEST_CASE("a failed release keeps the shop but shows none of that brand's products") {
    fixtures::World w;
    auto b = w.bundle();
    b.releases["b_tea"].payload[20] = b.releases["b_tea"].payload[20] == 'x' ? 'y' : 'x';
    auto view = compose_shop(b, w.root.pk);
    REQUIRE(view.ok());
    CHECK(view->items.empty());
    CHECK_FALSE(view->brands[0].release.has_value());
    CHECK(view->brands[0].release_error.code == "unverified_release");
}

TEST_CASE("cart totals come from the release in integer minor units") {
    fixtures::World w;
    Cart cart;
    cart.add("b_tea", "p0", 2);
    cart.add("b_tea", "p1");
    cart.add("b_tea", "p0", 1);
    cart.add("b_tea", "gone");
    CHECK(cart.count() == 5);
    std::map<std::string, const Release*> rels{{"b_tea", &w.release}};
    Quote q = price_cart(cart, rels);
    REQUIRE(q.brands.size() == 1);
    CHECK(q.brands[0].subtotal == 3 * 12800 + 13800);
    CHECK(q.unavailable == std::vector<std::string>{"gone"});
    cart.set_quantity("p0", 1000);
    CHECK(cart.lines[0].quantity == kMaxLineQuantity);
    cart.set_quantity("p0", 0);
    CHECK(cart.lines.size() == 2);
}

TEST_CASE("a saved cart survives a round trip and drops junk lines") {
    Cart cart;
    cart.shop = "chen";
    cart.add("b_tea", "p0", 3);
    auto back = Cart::from_json(cart.to_json());
    REQUIRE(back.ok());
    CHECK(back->shop == "chen");
    CHECK(back->lines[0].quantity == 3);
    auto junk = Cart::from_json(Json::parse(R"({"lines":[{"product":1},{"product":"p","brand":"b","qty":-4},{"product":"q","brand":"b","qty":2}]})"));
    REQUIRE(junk.ok());
    CHECK(junk->lines.size() == 1);
    CHECK_FALSE(Cart::from_json(Json::array()).ok());
}

TEST_CASE("QR codes encode share links") {
    auto qr = make_qr("https://shop.example/s/chen?ch=qr");
    REQUIRE(qr.ok());
    CHECK(qr->size >= 21);
    CHECK(qr->at(0, 0));   // finder pattern corner is dark
    CHECK_FALSE(qr->at(7, 7));  // separator is light
    CHECK(make_qr(std::string(5000, 'a')).error().code == "qr_too_long");
}

#include "core/orders/checkout.h"

TEST_CASE("checkout contact details are validated with actionable messages") {
    ContactErrors ok = validate_contact({"王丽", "+86 138-0013-8000", "杭州市西湖区龙井路 1 号"});
    CHECK(ok.ok());
    ContactErrors bad = validate_contact({"  ", "12", "abc"});
    CHECK_FALSE(bad.name.empty());
    CHECK(bad.phone.find("6 to 15 digits") != std::string::npos);
    CHECK_FALSE(bad.address.empty());
    CHECK(normalize_phone("＋８６ (138) 0013.8000") == "+8613800138000");
    CHECK(phone_key("138 0013 8000") == phone_key("13800138000"));
    CHECK(phone_key("13800138000").rfind("ph1:", 0) == 0);
}

TEST_CASE("searching a shop matches every word, folded, within a category") {
    fixtures::World w;
    w.manifest.products.clear();  // every product
    auto view = compose_shop(w.bundle(), w.root.pk);
    REQUIRE(view.ok());
    CHECK(search_shop(*view, "", "").size() == 3);
    CHECK(search_shop(*view, "green", "").size() == 2);
    CHECK(search_shop(*view, "", "龙井 2").size() == 1);
    CHECK(search_shop(*view, "", "乌龙").size() == 1);  // category name matches
    CHECK(search_shop(*view, "", "HUAXI").size() == 3);  // brand name, case folded
    CHECK(search_shop(*view, "oolong", "龙井 0").empty());
    // One of the brands the shop carries (the fixture shop carries one).
    const std::string brand = view->brands.front().cert.brand;
    CHECK(search_shop(*view, "", "", brand).size() == 3);
    CHECK(search_shop(*view, "green", "", brand).size() == 2);
    CHECK(search_shop(*view, "", "", "another-brand").empty());
}
