// Invites: a parent (the brand, or a distributor) signs an invite; the new distributor enrolls
// themselves with it, signing their enrollment with their own key. verify_chain accepts such a link
// only when the invite is the parent's, for this brand, parent and level; a link the parent signed is
// valid only as an update carrying that consent (core::check_consent).
#include <doctest/doctest.h>

#include "core/shop/invite.h"
#include "fixtures.h"
#include "vectors.h"

using namespace core;

namespace {
Envelope invite(const KeyPair& signer, const std::string& brand, const std::string& parent, int level) {
    Json p{{"type", "invite"}, {"brand", brand},           {"parent", parent},
           {"level", level},   {"id", "inv_7h3k2m9q"},     {"expires_ms", 1900000000000},
           {"max_uses", 5}};
    return sign_envelope(dump_json(p), signer);
}

// The enrollment a signed link says (as verify_chain reads it).
Enrollment read(const Envelope& link) {
    auto e = parse_enrollment(*parse_json(link.payload, "enrollment"));
    REQUIRE(e.ok());
    return *e;
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

// Issue 9, "Recruiting without consent": a parent's signature alone enrolls no one. Each case is what
// an attacker (a distributor, or the brand) would sign; today's chain check must refuse it.
TEST_CASE("a parent-signed enrollment without the recruit's consent is refused") {
    fixtures::World w;
    const KeyPair mallory = KeyPair::from_label("mallory");
    CHECK(compose_shop(w.bundle(), w.root.pk).ok());  // the world as the recruits made it
    SUBCASE("a distributor signs someone else's key under themselves") {
        ShopBundle b = w.bundle();
        b.enrollments["b_tea"]["d2"] = sign_envelope(dump_json(enrollment_to_json(w.e2)), w.d1);
        CHECK(compose_shop(b, w.root.pk).error().code == "forged_enrollment");
        CHECK(check_consent(b.enrollments["b_tea"]["d2"], read(b.enrollments["b_tea"]["d2"]), w.d1.pk).error().code == "consent_required");
        CHECK_FALSE(consented_link(b.enrollments["b_tea"]["d2"], read(b.enrollments["b_tea"]["d2"]), w.d1.pk));
    }
    SUBCASE("the distributor even embeds their own invite, but signs it themselves") {
        Enrollment e = w.e2;
        e.invite = invite(w.d1, "b_tea", "d1", 2).to_json();
        const Envelope link = sign_envelope(dump_json(enrollment_to_json(e)), w.d1);
        CHECK(check_consent(link, read(link), w.d1.pk).error().code == "consent_required");
        CHECK(compose_shop(with_invited_d2(w, invite(w.d1, "b_tea", "d1", 2), w.d1), w.root.pk).error().code == "forged_enrollment");
    }
    SUBCASE("the brand signs a level-1 enrollment of a key that never accepted") {
        ShopBundle b = w.bundle();
        b.enrollments["b_tea"]["d1"] = sign_envelope(dump_json(enrollment_to_json(w.e1)), w.brand_key);
        CHECK(compose_shop(b, w.root.pk).error().code == "forged_enrollment");
        CHECK(check_consent(b.enrollments["b_tea"]["d1"], read(b.enrollments["b_tea"]["d1"]), w.brand_key.pk).error().code == "consent_required");
    }
    SUBCASE("the recruit's own signature without an invite is no consent to a parent") {
        const Envelope link = sign_envelope(dump_json(enrollment_to_json(w.e2)), w.d2);
        CHECK(check_consent(link, read(link), w.d1.pk).error().code == "consent_required");
    }
    SUBCASE("a stranger signs as the brand") {
        const Envelope link = sign_envelope(dump_json(enrollment_to_json(w.e1)), mallory);
        CHECK(check_consent(link, read(link), w.brand_key.pk).error().code == "wrong_signer");
    }
}

TEST_CASE("an invited link is consent, and a parent's update may carry it") {
    fixtures::World w;
    const Envelope d2_own = fixtures::invited(w.e2, w.d1, w.d2);
    CHECK(check_consent(d2_own, read(d2_own), w.d1.pk).value() == Consent::Invited);
    SUBCASE("the parent deactivates the recruit, carrying their enrollment") {
        Enrollment off = w.e2;
        off.active = false;
        off.issued_ms += 1000;
        const Envelope update = fixtures::carried(off, d2_own, w.d1);
        CHECK(check_consent(update, read(update), w.d1.pk).value() == Consent::Carried);
        ShopBundle b = w.bundle();
        b.enrollments["b_tea"]["d2"] = update;
        CHECK(compose_shop(b, w.root.pk).error().code == "inactive_distributor");  // verified, and inactive
    }
    SUBCASE("the brand renames a level-1 distributor, carrying their enrollment") {
        Enrollment renamed = w.e1;
        renamed.name = "Anna L.";
        renamed.issued_ms += 1000;
        ShopBundle b = w.bundle();
        b.enrollments["b_tea"]["d1"] = fixtures::carried(renamed, b.enrollments["b_tea"]["d1"], w.brand_key);
        auto view = compose_shop(b, w.root.pk);
        REQUIRE_MESSAGE(view.ok(), view.error().message);
        CHECK(view->shop.chains.at("b_tea").back().name == "Anna L.");
    }
}

TEST_CASE("a parent's update with a consent that is not this recruit's, under this parent, is refused") {
    fixtures::World w;
    const KeyPair mallory = KeyPair::from_label("mallory");
    const Envelope d2_own = fixtures::invited(w.e2, w.d1, w.d2);
    Enrollment off = w.e2;
    off.active = false;
    off.issued_ms += 1000;
    auto code_of = [&](const Enrollment& e, const Envelope& link) {
        ShopBundle b = w.bundle();
        b.enrollments["b_tea"]["d2"] = link;
        CHECK(compose_shop(b, w.root.pk).error().code == "forged_enrollment");
        return check_consent(link, read(link), w.d1.pk).error().code;
    };
    SUBCASE("consent taken from another distributor") {
        Enrollment other = w.e2;  // d1's other recruit, who did accept
        other.distributor = "d9";
        other.slug = "nine";
        other.key = mallory.pk;
        CHECK(code_of(off, fixtures::carried(off, fixtures::invited(other, w.d1, mallory), w.d1)) == "bad_consent");
    }
    SUBCASE("the recruit's consent, but the parent enrolls another key with it") {
        Enrollment swapped = off;
        swapped.key = mallory.pk;
        CHECK(code_of(swapped, fixtures::carried(swapped, d2_own, w.d1)) == "bad_consent");
    }
    SUBCASE("consent that names another parent or level") {
        Enrollment elsewhere = w.e2;
        elsewhere.parent = "d3";
        elsewhere.level = 4;
        CHECK(code_of(off, fixtures::carried(off, fixtures::invited(elsewhere, w.d1, w.d2), w.d1)) == "bad_consent");
    }
    SUBCASE("consent that is itself only the parent's signature") {
        const Envelope parent_made = sign_envelope(dump_json(enrollment_to_json(w.e2)), w.d1);
        CHECK(code_of(off, fixtures::carried(off, parent_made, w.d1)) == "bad_consent");
    }
    SUBCASE("consent under an invite someone else signed") {
        CHECK(code_of(off, fixtures::carried(off, fixtures::invited(w.e2, mallory, w.d2), w.d1)) == "bad_consent");
    }
    SUBCASE("consent made after the update it is carried in") {
        Enrollment later = w.e2;
        later.issued_ms = off.issued_ms + 1;
        CHECK(code_of(off, fixtures::carried(off, fixtures::invited(later, w.d1, w.d2), w.d1)) == "bad_consent");
    }
    SUBCASE("the recruit's real consent, carried in an update a stranger signs") {
        CHECK(code_of(off, fixtures::carried(off, d2_own, mallory)) == "wrong_signer");
    }
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
        // At the moment it names it has expired (core::invite_expired, as the join screen and the store
        // ask it); a millisecond before is the last moment.
        late.e2.issued_ms = 1900000000000;
        CHECK(compose_shop(with_invited_d2(late, invite(late.d1, "b_tea", "d1", 2), late.d2), late.root.pk).error().code == "forged_enrollment");
        late.e2.issued_ms = 1899999999999;
        CHECK(compose_shop(with_invited_d2(late, invite(late.d1, "b_tea", "d1", 2), late.d2), late.root.pk).ok());
    }
    SUBCASE("a wrong-type document passed off as an invite") {
        Json p{{"type", "enrollment"}, {"brand", "b_tea"}, {"parent", "d1"}, {"level", 2}};
        auto view = compose_shop(with_invited_d2(w, sign_envelope(dump_json(p), w.d1), w.d2), w.root.pk);
        CHECK(view.error().code == "forged_enrollment");
    }
}

// [SECTION] Shared vectors ------------------------------------------------------------------------
// tests/vectors/invite.json: an invite's form and its expiry, read the same by the join screen's
// link, by every enrollment made under it, and by the store (tests/server/test_vectors.py). Each case
// goes through all three ways here: the payload read, the link a parent hands out, and an enrollment
// its recruit signs under it.

namespace {
Json invite_vectors() { return fixtures::shared_vectors("invite.json"); }

// The recruit's own enrollment under `inv` (signed by the parent), made at `issued_ms`, for the
// brand, parent and level the invite names when it names them as an invite would.
Result<Consent> consent_under(const Envelope& inv, const Json& payload, const KeyPair& parent, const KeyPair& recruit, UtcMs issued_ms) {
    Enrollment e;
    e.brand = string_or(payload, "brand", "b_tea");
    e.parent = string_or(payload, "parent", "d_lily");
    e.level = static_cast<int>(get_int(payload, "level").value_or(2));
    e.distributor = "d_new";
    e.slug = "new-tea";
    e.name = "New Tea";
    e.key = recruit.pk;
    e.issued_ms = issued_ms;
    e.invite = inv.to_json();
    const Envelope link = sign_envelope(dump_json(enrollment_to_json(e)), recruit);
    return check_consent(link, e, parent.pk);
}
}  // namespace

TEST_CASE("an invite's form is one rule for the join link, an enrollment under it and the store (shared vectors)") {
    const Json doc = invite_vectors();
    const KeyPair parent = KeyPair::from_label("vector-parent"), recruit = KeyPair::from_label("vector-recruit");
    REQUIRE(doc["cases"].size() >= 30);
    int refused = 0;
    for (const auto& c : doc["cases"]) {
        const std::string what = string_or(c, "name", "");
        CAPTURE(what);
        const Json payload = fixtures::case_payload(doc["base"], c);
        const bool ok = c["expect"].contains("ok");
        const Envelope env = sign_envelope(dump_json(payload), parent);

        auto read = invite_from_payload(payload);
        auto linked = parse_invite_token(invite_token(env));
        const UtcMs issued = get_int(payload, "expires_ms").value_or(1900000000000) - 1;
        auto consent = consent_under(env, payload, parent, recruit, issued);
        if (ok) {
            CHECK_MESSAGE(read.ok(), (read.ok() ? "" : read.error().message));
            REQUIRE(linked.ok());
            CHECK(linked->brand == string_or(payload, "brand", "?"));
            CHECK(linked->parent == string_or(payload, "parent", "?"));
            CHECK(linked->level == int_or(payload, "level", -1));
            CHECK(linked->expires_ms == int_or(payload, "expires_ms", -1));
            CHECK(linked->max_uses == int_or(payload, "max_uses", -1));
            CHECK(linked->parent_name == string_or(payload, "parent_name", ""));
            CHECK(linked->envelope.sig == env.sig);
            CHECK_MESSAGE(consent.ok(), (consent.ok() ? "" : consent.error().message));
            if (consent) CHECK(*consent == Consent::Invited);
            continue;
        }
        ++refused;
        const std::string says = string_or(c["expect"], "says", "?");
        REQUIRE(!read.ok());
        CHECK(read.error().code == "bad_invite");
        CHECK_MESSAGE(read.error().message.find(says) != std::string::npos, read.error().message);
        REQUIRE(!linked.ok());
        CHECK(linked.error().code == "bad_invite");
        CHECK(linked.error().message.find("damaged or incomplete") != std::string::npos);
        REQUIRE(!consent.ok());
        CHECK_MESSAGE(consent.error().code == "bad_invite", consent.error().message);
        // The form is checked before whom it names: the enrollment's refusal says what the payload's does.
        CHECK_MESSAGE(consent.error().message == read.error().message, consent.error().message);
    }
    CHECK(refused >= 25);
}

TEST_CASE("an invite expires at the moment it names, for the join screen and for an enrollment made under it (shared vectors)") {
    const Json doc = invite_vectors();
    const KeyPair parent = KeyPair::from_label("vector-parent"), recruit = KeyPair::from_label("vector-recruit");
    REQUIRE(doc["expiry"].size() >= 5);
    for (const auto& c : doc["expiry"]) {
        CAPTURE(string_or(c, "name", ""));
        const UtcMs expires = int_or(c, "expires_ms", -1), at = int_or(c, "at", -1);
        const bool expired = c["expired"].get<bool>();
        CHECK(invite_expired(expires, at) == expired);
        Json payload = doc["base"];
        payload["expires_ms"] = expires;
        const Envelope env = sign_envelope(dump_json(payload), parent);
        auto linked = parse_invite_token(invite_token(env));
        REQUIRE(linked.ok());
        auto verified = verify_invite(*linked, parent.pk, at);
        CHECK(verified.ok() == !expired);
        if (!verified) CHECK(verified.error().code == "invite_expired");
        auto consent = consent_under(env, payload, parent, recruit, at);
        CHECK(consent.ok() == !expired);
        if (!consent) CHECK(consent.error().code == "invite_expired");
    }
}
