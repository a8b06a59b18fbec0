#include <doctest/doctest.h>

#include "core/referral/link.h"

using namespace core;

TEST_CASE("links carry channel, campaign and hop") {
    Url u = parse_url("https://x.test/s/lily/p/p_12?ch=qr&c=spring-tea&h=2");
    REQUIRE(u.segments.size() == 4);
    CHECK(u.segments[1] == "lily");
    Referral r = parse_referral(u);
    CHECK(r.channel == Channel::Qr);
    CHECK(r.campaign == "spring-tea");
    CHECK(r.hop == 2);
    CHECK(format_referral(r) == "?ch=qr&c=spring-tea&h=2");
}

TEST_CASE("forged or truncated referral parameters count as direct or are dropped") {
    CHECK(parse_referral(parse_url("/s/lily?ch=bogus&c=x&h=3")).channel == Channel::Direct);
    CHECK(parse_referral(parse_url("/s/lily?ch=")).channel == Channel::Direct);
    CHECK(parse_referral(parse_url("/s/lily?c=x")).channel == Channel::Direct);
    Referral r = parse_referral(parse_url("/s/lily?ch=share&c=<script>&h=-1"));
    CHECK(r.channel == Channel::Share);
    CHECK(r.campaign.empty());
    CHECK(r.hop == 0);
    CHECK(parse_referral(parse_url("/s/lily?ch=share&h=999999999999")).hop == 0);
    CHECK(parse_referral(parse_url("/s/lily?ch=link&c=" + std::string(200, 'a'))).campaign.empty());
    CHECK(parse_referral(parse_url("/s/lily?ch=qr&h=%")).hop == 0);
}

TEST_CASE("sharing onward keeps the campaign and adds one hop") {
    Referral arrived{Channel::Qr, "spring", 0};
    Referral next = onward(arrived);
    CHECK(next.channel == Channel::Share);
    CHECK(next.campaign == "spring");
    CHECK(next.hop == 1);
    CHECK(onward(Referral{Channel::Share, "", kMaxHop}).hop == kMaxHop);
}

TEST_CASE("urls decode percent escapes and stay bounded") {
    Url u = parse_url("/s/%E8%8A%B1/search?q=%E9%BE%99%E4%BA%95+tea");
    CHECK(u.segments[1] == "花");
    CHECK(u.param("q") == "龙井 tea");
    Url huge = parse_url("/" + std::string(100000, 'a'));
    CHECK(huge.segments[0].size() <= kMaxUrlBytes);
    CHECK(percent_encode("a b/é") == "a%20b%2F%C3%A9");
}

TEST_CASE("slugs are short, lower-case and URL-safe") {
    CHECK(is_valid_slug("lily-tea"));
    CHECK_FALSE(is_valid_slug("Lily"));
    CHECK_FALSE(is_valid_slug("ab"));
    CHECK_FALSE(is_valid_slug("-lily"));
    CHECK_FALSE(is_valid_slug("花花花"));
    CHECK_FALSE(is_valid_slug(std::string(40, 'a')));
    CHECK(is_valid_id("p_12-x"));
    CHECK_FALSE(is_valid_id("p 12"));
}

#include "core/text.h"

TEST_CASE("utf-8 decoding survives malformed bytes") {
    std::string s = "a\xE9\xBE\x99\xFF\xE9";
    std::size_t i = 0;
    CHECK(next_codepoint(s, i) == 'a');
    CHECK(next_codepoint(s, i) == 0x9F99);  // 龙
    CHECK(next_codepoint(s, i) == 0xFFFD);
    CHECK(next_codepoint(s, i) == 0xFFFD);  // truncated sequence at the end
    CHECK(i == s.size());
}

TEST_CASE("search folding matches case and full-width forms") {
    CHECK(fold_for_search("TEA Ｔｅａ 龙井") == "tea tea 龙井");
    CHECK(truncate_utf8("龙井", 4) == "龙");
}
