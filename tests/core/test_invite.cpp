// Invites: a link token that survives URLs, verified against the inviter, and an enrollment under
// it that verify_chain accepts as a link of the chain.
#include <doctest/doctest.h>

#include "core/shop/invite.h"
#include "fixtures.h"

using namespace core;

TEST_CASE("base64url round-trips any bytes without URL-unsafe characters") {
    for (std::string s : {std::string(""), std::string("a"), std::string("ab"), std::string("\xff\xfe\xfd?>~", 6),
                          std::string(100, '\xfb')}) {
        const std::string t = to_base64url(s);
        CHECK(t.find_first_of("+/=") == std::string::npos);
        auto back = from_base64url(t);
        REQUIRE(back.ok());
        CHECK(*back == s);
    }
    CHECK_FALSE(from_base64url("ab+c").ok());
    CHECK_FALSE(from_base64url("a").ok());
}

TEST_CASE("an invite link names who invites, verifies against them, and enrolls under them") {
    fixtures::World w;
    Invite f;
    f.brand = "b_tea";
    f.parent = "d3";
    f.level = 4;
    f.id = "i_test";
    f.expires_ms = 2'000'000'000'000;
    f.max_uses = 5;
    f.parent_slug = "chen";
    f.parent_name = "Chen's tea corner";
    Invite made = make_invite(f, w.d3);
    auto parsed = parse_invite_token(invite_token(made.envelope));
    REQUIRE(parsed.ok());
    CHECK(parsed->parent_name == "Chen's tea corner");
    CHECK(parsed->level == 4);
    CHECK(verify_invite(*parsed, w.d3.pk, 1'900'000'000'000).ok());
    CHECK(verify_invite(*parsed, w.d2.pk, 1'900'000'000'000).error().code == "forged_invite");
    CHECK(verify_invite(*parsed, w.d3.pk, 2'000'000'000'001).error().code == "invite_expired");
    CHECK(parse_invite_token("not-a-token").error().code == "bad_invite");
    CHECK(parse_invite_token(invite_token(made.envelope).substr(0, 40)).error().code == "bad_invite");
    CHECK_FALSE(may_recruit(3, 3));
    CHECK(may_recruit(2, 3));

    // The new distributor signs their own enrollment carrying the invite; the chain verifies
    // (with a brand allowing four levels).
    KeyPair mine = KeyPair::from_label("test-d4");
    Enrollment e = enrollment_from_invite(*parsed, "d4", "dee", "Dee", mine.pk, 1'900'000'000'000);
    ShopBundle b = w.bundle();
    EnrollmentDocs docs = b.enrollments["b_tea"];
    docs["d4"] = sign_envelope(dump_json(enrollment_to_json(e)), mine);
    auto chain = verify_chain("d4", docs, w.cert, 4);
    REQUIRE(chain.ok());
    CHECK(chain->size() == 4);
    CHECK(chain->front().slug == "dee");
    // The same enrollment under a brand allowing three levels is refused.
    CHECK_FALSE(verify_chain("d4", docs, w.cert, 3).ok());
    // An invite signed by someone else does not make the link valid.
    Invite forged = make_invite(f, KeyPair::from_label("stranger"));
    Enrollment e2 = enrollment_from_invite(forged, "d4", "dee", "Dee", mine.pk, 1'900'000'000'000);
    docs["d4"] = sign_envelope(dump_json(enrollment_to_json(e2)), mine);
    CHECK_FALSE(verify_chain("d4", docs, w.cert, 4).ok());
}
