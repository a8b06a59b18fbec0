// Invites: a parent (the brand, or a distributor) signs an invite; the new distributor enrolls
// themselves with it, signing their enrollment with their own key. verify_chain accepts such a link
// only when the invite is the parent's, for this brand, parent and level.
#include <doctest/doctest.h>

#include "fixtures.h"

using namespace core;

namespace {
Envelope invite(const KeyPair& signer, const std::string& brand, const std::string& parent, int level) {
    Json p{{"type", "invite"}, {"brand", brand},           {"parent", parent},
           {"level", level},   {"id", "inv_7h3k2m9q"},     {"expires_ms", 1900000000000},
           {"max_uses", 5}};
    return sign_envelope(dump_json(p), signer);
}

// The world's bundle with d2's link replaced by an invited one: enrollment e (carrying `inv`)
// signed by `link_signer`.
ShopBundle with_invited_d2(const fixtures::World& w, const Envelope& inv, const KeyPair& link_signer) {
    Enrollment e = w.e2;
    e.invite = inv.to_json();
    ShopBundle b = w.bundle();
    b.enrollments["b_tea"]["d2"] = sign_envelope(dump_json(enrollment_to_json(e)), link_signer);
    return b;
}
}  // namespace

TEST_CASE("an enrollment carries its invite through parse and back") {
    fixtures::World w;
    Enrollment e = w.e2;
    CHECK_FALSE(enrollment_to_json(e).contains("invite"));  // old documents stay byte-identical
    e.invite = invite(w.d1, "b_tea", "d1", 2).to_json();
    Json j = enrollment_to_json(e);
    REQUIRE(j.contains("invite"));
    auto back = parse_enrollment(j);
    REQUIRE(back.ok());
    CHECK(back->invite == e.invite);
    j["invite"] = "not an envelope";
    CHECK(parse_enrollment(j).error().code == "bad_document");
}

TEST_CASE("a distributor's invite lets the new distributor sign their own enrollment") {
    fixtures::World w;
    auto view = compose_shop(with_invited_d2(w, invite(w.d1, "b_tea", "d1", 2), w.d2), w.root.pk);
    REQUIRE_MESSAGE(view.ok(), view.error().message);
    const auto& chain = view->shop.chains.at("b_tea");
    REQUIRE(chain.size() == 3);
    CHECK(chain[1].distributor == "d2");
    CHECK(chain[1].invite.is_object());
}

TEST_CASE("a brand's invite enrolls a level-1 distributor who signs for themselves") {
    fixtures::World w;
    Enrollment e = w.e1;
    e.invite = invite(w.brand_key, "b_tea", "", 1).to_json();
    ShopBundle b = w.bundle();
    b.enrollments["b_tea"]["d1"] = sign_envelope(dump_json(enrollment_to_json(e)), w.d1);
    auto view = compose_shop(b, w.root.pk);
    REQUIRE_MESSAGE(view.ok(), view.error().message);
    CHECK(view->shop.chains.at("b_tea").back().distributor == "d1");
}

TEST_CASE("the parent's own signature still works with or without an invite") {
    fixtures::World w;
    CHECK(compose_shop(w.bundle(), w.root.pk).ok());
    auto view = compose_shop(with_invited_d2(w, invite(w.d1, "b_tea", "d1", 2), w.d1), w.root.pk);
    CHECK(view.ok());
}

TEST_CASE("forged invites are refused") {
    fixtures::World w;
    const KeyPair mallory = KeyPair::from_label("mallory");
    SUBCASE("an invite signed by a stranger") {
        auto view = compose_shop(with_invited_d2(w, invite(mallory, "b_tea", "d1", 2), w.d2), w.root.pk);
        CHECK(view.error().code == "forged_enrollment");
    }
    SUBCASE("an invite signed by the brand for a distributor's place") {
        auto view = compose_shop(with_invited_d2(w, invite(w.brand_key, "b_tea", "d1", 2), w.d2), w.root.pk);
        CHECK(view.error().code == "forged_enrollment");
    }
    SUBCASE("an invite for another level") {
        auto view = compose_shop(with_invited_d2(w, invite(w.d1, "b_tea", "d1", 3), w.d2), w.root.pk);
        CHECK(view.error().code == "forged_enrollment");
    }
    SUBCASE("an invite for another brand") {
        auto view = compose_shop(with_invited_d2(w, invite(w.d1, "b_other", "d1", 2), w.d2), w.root.pk);
        CHECK(view.error().code == "forged_enrollment");
    }
    SUBCASE("an invite under another parent") {
        auto view = compose_shop(with_invited_d2(w, invite(w.d1, "b_tea", "d3", 2), w.d2), w.root.pk);
        CHECK(view.error().code == "forged_enrollment");
    }
    SUBCASE("a valid invite, but the enrollment signed by someone else") {
        auto view = compose_shop(with_invited_d2(w, invite(w.d1, "b_tea", "d1", 2), mallory), w.root.pk);
        CHECK(view.error().code == "forged_enrollment");
    }
    SUBCASE("an invite whose payload was changed after signing") {
        Envelope inv = invite(w.d1, "b_tea", "d1", 2);
        inv.payload.replace(inv.payload.find("\"max_uses\":5"), 12, "\"max_uses\":9");
        auto view = compose_shop(with_invited_d2(w, inv, w.d2), w.root.pk);
        CHECK(view.error().code == "forged_enrollment");
    }
    SUBCASE("an enrollment made after its invite expired") {
        fixtures::World late;
        late.e2.issued_ms = 1900000000001;  // the invite expires at 1900000000000
        auto view = compose_shop(with_invited_d2(late, invite(late.d1, "b_tea", "d1", 2), late.d2), late.root.pk);
        CHECK(view.error().code == "forged_enrollment");
        late.e2.issued_ms = 1900000000000;  // made at the last moment: fine
        CHECK(compose_shop(with_invited_d2(late, invite(late.d1, "b_tea", "d1", 2), late.d2), late.root.pk).ok());
    }
    SUBCASE("a wrong-type document passed off as an invite") {
        Json p{{"type", "enrollment"}, {"brand", "b_tea"}, {"parent", "d1"}, {"level", 2}};
        auto view = compose_shop(with_invited_d2(w, sign_envelope(dump_json(p), w.d1), w.d2), w.root.pk);
        CHECK(view.error().code == "forged_enrollment");
    }
}
