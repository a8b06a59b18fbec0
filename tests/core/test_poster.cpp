// Share kit: links per channel and campaign, the poster's layout, and a poster whose QR code holds
// the shop's link module for module.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "core/share/kit.h"
#include "core/share/poster.h"

using namespace core;

TEST_CASE("share links name the shop, the channel and the campaign") {
    CHECK(share_path({"lily-tea", "", Channel::Qr, ""}) == "/s/lily-tea?ch=qr");
    CHECK(share_path({"lily-tea", "", Channel::Share, "spring-tea"}) == "/s/lily-tea?ch=share&c=spring-tea");
    CHECK(share_path({"lily-tea", "p_hx_003", Channel::Link, ""}) == "/s/lily-tea/p/p_hx_003?ch=link");
    CHECK(share_path({"lily-tea", "", Channel::Direct, "x"}) == "/s/lily-tea");
    // A brand article shared from the kit: its page in this shop, the article its campaign.
    CHECK(share_path({"lily-tea", "", Channel::Share, "typed", "spring-longjing"}) == "/s/lily-tea/a/spring-longjing?ch=share&c=spring-longjing");
    CHECK(share_path({"lily-tea", "p_hx_003", Channel::Qr, "", "spring-longjing"}) == "/s/lily-tea/a/spring-longjing?ch=qr&c=spring-longjing");
    // What the link says is what a visit through it is counted as.
    Referral r = parse_referral(parse_url(share_path({"ava-glow", "", Channel::Qr, "may_post"})));
    CHECK(r.channel == Channel::Qr);
    CHECK(r.campaign == "may_post");
    CHECK(r.hop == 0);
    CHECK(check_campaign("").ok());
    CHECK(check_campaign("spring_2026-a").ok());
    CHECK_FALSE(check_campaign("spring tea").ok());
    CHECK_FALSE(check_campaign(std::string(65, 'a')).ok());
}

TEST_CASE("the poster layout keeps everything inside, apart, and the QR code scannable") {
    for (int modules : {21, 25, 29, 33, 37, 41, 45}) {
        for (bool product : {true, false}) {
            CAPTURE(modules);
            CAPTURE(product);
            PosterLayout l = layout_poster(modules, product);
            CHECK(l.card.inside(l.canvas));
            for (const Box& b : {l.name, l.byline, l.greeting, l.qr, l.qr_caption}) CHECK(b.inside(l.card));
            CHECK(l.avatar.inside(l.canvas));
            CHECK_FALSE(l.name.overlaps(l.avatar));
            CHECK_FALSE(l.greeting.overlaps(l.qr));
            CHECK_FALSE(l.qr.overlaps(l.qr_caption));
            if (product) {
                CHECK(l.product_image.inside(l.card));
                CHECK_FALSE(l.product_image.overlaps(l.qr));
                CHECK_FALSE(l.product_text.overlaps(l.product_image));
            }
            // Whole-pixel modules, big enough for a phone camera at arm's length, 4-module quiet zone.
            CHECK(l.qr_module >= 7);
            CHECK(l.qr_quiet == 4 * l.qr_module);
            CHECK(l.qr.w == modules * l.qr_module + 2 * l.qr_quiet);
        }
    }
}

TEST_CASE("a rendered poster carries the QR code of the link, module for module") {
    const std::string link = "https://shops.example/s/lily-tea?ch=qr&c=spring";
    auto qr = make_qr(link);
    REQUIRE(qr.ok());
    auto read = [](const char* path) {
        std::ifstream in(path, std::ios::binary);
        return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
    };
    // The system fonts the build subsets (fonts-inter, fonts-droid-fallback); without them the
    // poster still renders, only without text.
    auto regular = read("/usr/share/fonts/opentype/inter/Inter-Regular.otf");
    auto bold = read("/usr/share/fonts/opentype/inter/Inter-SemiBold.otf");
    TextRaster text(regular, bold, {});
    PosterContent c;
    c.name = "Lily's Tea House";
    c.byline = "Lily Wang · Huaxi Tea";
    c.greeting = "Fresh spring tea, picked for you.";
    c.product_title = "West Lake Longjing";
    c.product_price = "¥128.00";
    c.caption = "Scan to open my shop";
    c.link_text = link;
    c.qr = *qr;
    Raster p = render_poster(c, text);
    REQUIRE(p.w == kPosterW);
    REQUIRE(p.h == kPosterH);
    const PosterLayout l = layout_poster(qr->size, true);
    int mismatches = 0;
    for (int my = 0; my < qr->size; ++my)
        for (int mx = 0; mx < qr->size; ++mx) {
            // Sample the centre of each module.
            const int x = l.qr.x + l.qr_quiet + mx * l.qr_module + l.qr_module / 2;
            const int y = l.qr.y + l.qr_quiet + my * l.qr_module + l.qr_module / 2;
            const bool dark = p.px(x, y)[0] < 128;
            mismatches += dark != qr->at(mx, my);
        }
    CHECK(mismatches == 0);
    // The quiet zone is white all round.
    for (int i = 0; i < l.qr.w; ++i) {
        CHECK(p.px(l.qr.x + i, l.qr.y + 1)[0] == 255);
        CHECK(p.px(l.qr.x + 1, l.qr.y + i)[0] == 255);
    }
    if (!regular.empty()) {
        // Text was drawn in the name box (some dark pixels on the white card).
        int dark = 0;
        for (int y = l.name.y; y < l.name.bottom(); ++y)
            for (int x = l.name.x; x < l.name.right(); ++x) dark += p.px(x, y)[0] < 100;
        CHECK(dark > 500);
        CHECK(text.wrap("one two three four five six seven", 40, false, 200, 2).size() == 2);
        CHECK(text.wrap("one two three four five six seven", 40, false, 200, 2).back().find("…") != std::string::npos);
        // A long link with no spaces breaks between characters, every line within the width.
        const auto lines = text.wrap(link, 28, false, 300, 4);
        CHECK(lines.size() >= 2);
        std::string joined;
        for (const auto& l : lines) {
            CHECK(text.width(l, 28, false) <= 300.f);
            joined += l;
        }
        CHECK(joined == link);
    }
    auto png = encode_png(p);
    CHECK(png.size() > 10000);
}
