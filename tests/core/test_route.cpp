#include <doctest/doctest.h>

#include "app/route.h"

using namespace app;

TEST_CASE("shop links route to their screens with referral attached") {
    Route r = parse_route("/s/lily-tea/p/p_hx_003?ch=qr&c=spring&h=1");
    CHECK(r.screen == Screen::Product);
    CHECK(r.shop == "lily-tea");
    CHECK(r.product == "p_hx_003");
    CHECK(r.referral.channel == core::Channel::Qr);
    CHECK(r.referral.hop == 1);
    CHECK(parse_route("/s/lily-tea").screen == Screen::ShopHome);
    CHECK(parse_route("/s/lily-tea/c/green").category == "green");
    CHECK(parse_route("/s/lily-tea/b/b_northmoor").screen == Screen::ShopHome);
    CHECK(parse_route("/s/lily-tea/b/b_northmoor").brand == "b_northmoor");
    CHECK(shop_brand_path("lily-tea", "b_northmoor") == "/s/lily-tea/b/b_northmoor");
    CHECK(parse_route("/s/lily-tea/search?q=%E9%BE%99").query == "龙");
    CHECK(parse_route("/s/lily-tea/cart").screen == Screen::Cart);
    CHECK(parse_route("/s/lily-tea/checkout").screen == Screen::Checkout);
    // A brand article inside a shop, shared with its id as the campaign.
    Route a = parse_route("/s/lily-tea/a/spring-longjing?ch=share&c=spring-longjing&h=2");
    CHECK(a.screen == Screen::Article);
    CHECK(a.article == "spring-longjing");
    CHECK(a.in_shop());
    CHECK(a.referral.campaign == "spring-longjing");
    CHECK(a.referral.hop == 2);
    CHECK(article_path("lily-tea", "spring-longjing") == "/s/lily-tea/a/spring-longjing");
    CHECK(parse_route("/s/lily-tea/a").screen == Screen::NotFound);
    CHECK(parse_route("/b/b_huaxi").screen == Screen::Brand);
    CHECK(parse_route("/").screen == Screen::Home);
    CHECK(parse_route("").screen == Screen::Home);
}

TEST_CASE("order links carry their token, provenance links whose key signs") {
    Route r = parse_route("/o/o_abc123?t=tok_9");
    CHECK(r.screen == Screen::Order);
    CHECK(r.order == "o_abc123");
    CHECK(r.token == "tok_9");
    Route w = parse_route("/o/o_abc123/why?as=lily-tea");
    CHECK(w.screen == Screen::Provenance);
    CHECK(w.as == "lily-tea");
    CHECK(parse_route("/o/lookup").screen == Screen::Order);
    CHECK(parse_route("/o/bad%20id").screen == Screen::NotFound);
    CHECK(order_path("o_1", "t 1") == "/o/o_1?t=t%201");
}

TEST_CASE("broken links route to a page that says so") {
    CHECK(parse_route("/s/Not A Slug").screen == Screen::NotFound);
    CHECK(parse_route("/s/lily-tea/what/ever").screen == Screen::NotFound);
    CHECK(parse_route("/nowhere").screen == Screen::NotFound);
    CHECK(parse_route("/s/" + std::string(5000, 'a')).screen == Screen::NotFound);
}

TEST_CASE("path builders escape what they embed") {
    CHECK(product_path("lily-tea", "p 1") == "/s/lily-tea/p/p%201");
    CHECK(search_path("lily-tea", "龙井 tea") == "/s/lily-tea/search?q=%E9%BE%99%E4%BA%95%20tea");
    CHECK(parse_route(search_path("lily-tea", "a&b=c")).query == "a&b=c");
}
