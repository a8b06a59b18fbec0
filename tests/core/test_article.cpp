// Brand articles (issue 15): written, signed and opened as the browser and the store open them; the
// bad input the issue names refused with words a brand can act on.
#include <doctest/doctest.h>

#include "core/catalog/article.h"
#include "fixtures.h"

using namespace core;

namespace {

Article sample() {
    Article a;
    a.brand = "b_tea";
    a.id = "spring-longjing";
    a.version = 1;
    a.created_ms = 1700000000000;
    a.title = "明前龙井：春天的第一杯";
    a.summary = "How the first spring leaves are picked.";
    a.share_text = "这篇讲得真好，店里有货 👇";
    a.cover = {"/img/" + std::string(64, 'c') + ".jpg", std::string(64, 'c'), 1200, 630};
    a.blocks = {{ArticleBlock::Heading, "采摘", {}, ""},
                {ArticleBlock::Paragraph, "Picked before Qingming, 5 < 6 leaves a bud.", {}, ""},
                {ArticleBlock::Picture, "A tea garden", {"/img/" + std::string(64, 'd') + ".jpg", std::string(64, 'd'), 800, 600}, ""},
                {ArticleBlock::ProductCard, "", {}, "p0"}};
    a.materials = {{"Spring is here", {}, ""}, {"My favourite Longjing", {}, "p1"}};
    return a;
}

Envelope sign(const Article& a, const KeyPair& k) { return sign_envelope(dump_json(article_to_json(a)), k); }

}  // namespace

TEST_CASE("article: written, signed by the brand, opened as written") {
    fixtures::World w;
    const Article a = sample();
    auto opened = open_article(sign(a, w.brand_key), w.cert);
    REQUIRE(opened.ok());
    CHECK(opened->title == a.title);
    CHECK(opened->blocks.size() == 4);
    CHECK(opened->blocks[2].kind == ArticleBlock::Picture);
    CHECK(opened->blocks[2].image.w == 800);
    CHECK(opened->blocks[3].product == "p0");
    CHECK(opened->materials.size() == 2);
    CHECK(opened->products() == std::vector<std::string>{"p0", "p1"});
    CHECK(article_problems(*opened, &w.release).empty());
    CHECK(dump_json(article_to_json(*opened)) == dump_json(article_to_json(a)));
}

TEST_CASE("article: signed by anyone but the brand, or naming another brand, is refused") {
    fixtures::World w;
    auto by_distributor = open_article(sign(sample(), w.d1), w.cert);
    REQUIRE_FALSE(by_distributor.ok());
    CHECK(by_distributor.error().code == "unverified_article");
    Article other = sample();
    other.brand = "b_other";
    auto wrong_brand = open_article(sign(other, w.brand_key), w.cert);
    REQUIRE_FALSE(wrong_brand.ok());
    CHECK(wrong_brand.error().code == "unverified_article");
    // Tampered after signing: one word of the payload changed.
    Envelope env = sign(sample(), w.brand_key);
    env.payload.replace(env.payload.find("Picked"), 6, "Bought");
    CHECK_FALSE(open_article(env, w.cert).ok());
}

TEST_CASE("article: markup or a script address in any text is refused, plain comparisons are not") {
    CHECK(has_markup("<script>alert(1)</script>"));
    CHECK(has_markup("hello <img src=x onerror=alert(1)>"));
    CHECK(has_markup("</p>"));
    CHECK(has_markup("<!-- x -->"));
    CHECK(has_markup("visit JavaScript:alert(1)"));
    CHECK_FALSE(has_markup("5 < 6 and 7 > 3"));
    CHECK_FALSE(has_markup("<3 tea"));
    CHECK_FALSE(has_markup("明前龙井 <<好茶>>"));
    fixtures::World w;
    for (int field = 0; field < 5; ++field) {
        Article a = sample();
        const std::string evil = "<b onmouseover=alert(1)>hi</b>";
        if (field == 0) a.title = evil;
        if (field == 1) a.summary = evil;
        if (field == 2) a.share_text = evil;
        if (field == 3) a.blocks[1].text = evil;
        if (field == 4) a.materials[0].text = evil;
        auto opened = open_article(sign(a, w.brand_key), w.cert);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == "bad_article");
        CHECK(opened.error().message.find("markup") != std::string::npos);
    }
}

TEST_CASE("article: a cover or picture that is not a picture of the store, sizes past the limits") {
    fixtures::World w;
    Article a = sample();
    a.cover = {"https://evil.example/x.jpg", std::string(64, 'c'), 10, 10};
    auto problems = article_problems(a, nullptr);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "cover");
    CHECK_FALSE(parse_article(article_to_json(a)).ok());

    a = sample();
    a.blocks[2].image.sha256 = "not-a-hash";
    CHECK_FALSE(parse_article(article_to_json(a)).ok());

    a = sample();
    a.title = std::string(kMaxArticleTitleBytes + 1, 'x');
    problems = article_problems(a, nullptr);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "title");
    CHECK(problems[0].message.find("Shorten") != std::string::npos);

    a = sample();
    a.blocks.clear();
    CHECK(article_problems(a, nullptr).front().field == "blocks");

    a = sample();
    a.id = "Spring Tea!";
    CHECK(article_problems(a, nullptr).front().field == "id");
    CHECK(is_article_id("spring-2026"));
    CHECK_FALSE(is_article_id("-spring"));
    CHECK_FALSE(is_article_id(std::string(kMaxArticleIdBytes + 1, 'a')));
}

TEST_CASE("article: a product card the brand's release does not have is a problem before signing") {
    fixtures::World w;
    Article a = sample();
    a.blocks.push_back({ArticleBlock::ProductCard, "", {}, "p_gone"});
    auto problems = article_problems(a, &w.release);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "products");
    CHECK(problems[0].message.find("p_gone") != std::string::npos);
    CHECK(missing_products(a, w.release) == std::vector<std::string>{"p_gone"});
    // Parsing alone does not know the release: the store checks it on publish, the browser shows such
    // a card as no longer sold.
    CHECK(parse_article(article_to_json(a)).ok());
}

TEST_CASE("article: wrong types are refused with words, not read as a fallback") {
    Json j = article_to_json(sample());
    Json t = j;
    t["title"] = 5;
    CHECK_FALSE(parse_article(t).ok());
    t = j;
    t["retired"] = "yes";
    CHECK_FALSE(parse_article(t).ok());
    t = j;
    t["blocks"][0]["kind"] = "script";
    CHECK(parse_article(t).error().message.find("unknown kind") != std::string::npos);
    t = j;
    t["version"] = 0;
    CHECK_FALSE(parse_article(t).ok());
    t = j;
    t["cover"] = "cover.jpg";
    CHECK_FALSE(parse_article(t).ok());
    t = j;
    t["materials"] = Json::object();
    CHECK_FALSE(parse_article(t).ok());
}

TEST_CASE("article set: forged ones left out and named, retired ones hidden, newest first") {
    fixtures::World w;
    Article older = sample();
    older.id = "older";
    older.created_ms = 1600000000000;
    Article newer = sample();
    newer.id = "newer";
    newer.created_ms = 1750000000000;
    Article retired = sample();
    retired.id = "gone";
    retired.retired = true;
    Article forged = sample();
    forged.id = "forged";
    Json answer{{"articles", Json::array({sign(older, w.brand_key).to_json(), sign(forged, w.d2).to_json(),
                                          sign(retired, w.brand_key).to_json(), sign(newer, w.brand_key).to_json()})}};
    ArticleSet set = open_articles(answer, w.cert);
    REQUIRE(set.articles.size() == 2);
    CHECK(set.articles[0].id == "newer");
    CHECK(set.articles[1].id == "older");
    CHECK(set.find("older") != nullptr);
    CHECK(set.find("gone") == nullptr);
    REQUIRE(set.refused.size() == 1);
    CHECK(set.refused[0].code == "unverified_article");
    CHECK(open_articles(Json::object(), w.cert).refused.size() == 1);
    // The brand's console keeps the retired ones (it lists them as withdrawn); two versions of one
    // article: the higher one.
    Article newer2 = newer;
    newer2.version = 2;
    newer2.title = "Newer, edited";
    answer["articles"].push_back(sign(newer2, w.brand_key).to_json());
    ArticleSet all = open_articles(answer, w.cert, true);
    REQUIRE(all.articles.size() == 3);
    CHECK(all.find("gone") != nullptr);
    CHECK(all.find("newer")->title == "Newer, edited");
}
