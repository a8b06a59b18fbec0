// The console's article editor (issue 15): an article as a draft, its id suggested from the title
// until the first version is published, blocks and materials edited within the limits, the next
// version prepared only when the core finds no problem, withdrawing, and the autosave form.
#include <doctest/doctest.h>

#include "core/catalog/article_draft.h"
#include "fixtures.h"

using namespace core;

TEST_CASE("article draft: the id follows the title until the brand types one or publishes") {
    CHECK(suggest_article_id("Spring Longjing: the first cup!", {}) == "spring-longjing-the-first-cup");
    CHECK(suggest_article_id("  --Tea 2026--  ", {}) == "tea-2026");
    CHECK(suggest_article_id("明前龙井", {}) == "article");
    CHECK(suggest_article_id("明前龙井 Longjing", {"longjing", "longjing-2"}) == "longjing-3");
    CHECK(suggest_article_id(std::string(200, 'a'), {}).size() <= kMaxArticleIdBytes);
    CHECK(is_article_id(suggest_article_id("Ünïcode & Co.", {})));

    ArticleDraft d = new_article_draft("b_tea");
    CHECK(d.article.brand == "b_tea");
    REQUIRE(d.article.blocks.size() == 1);
    d.article.title = "Green Tea Guide";
    title_changed(d, {});
    CHECK(d.article.id == "green-tea-guide");
    d.id_typed = true;
    d.article.id = "guide";
    d.article.title = "Another title";
    title_changed(d, {});
    CHECK(d.article.id == "guide");

    Article published = d.article;
    published.version = 3;
    ArticleDraft next = draft_of(published);
    CHECK_FALSE(id_editable(next));
    next.id_typed = false;
    next.article.title = "Renamed";
    title_changed(next, {});
    CHECK(next.article.id == "guide");  // in every shared link: never changes once published
}

TEST_CASE("article draft: blocks added, moved and removed within the limits") {
    Article a;
    CHECK(add_block(a, ArticleBlock::Heading));
    CHECK(add_block(a, ArticleBlock::Paragraph));
    CHECK(add_block(a, ArticleBlock::ProductCard));
    CHECK(move_block(a, 2, -1));
    CHECK(a.blocks[1].kind == ArticleBlock::ProductCard);
    CHECK_FALSE(move_block(a, 0, -1));
    CHECK_FALSE(move_block(a, 2, +1));
    CHECK_FALSE(move_block(a, 7, +1));
    CHECK(remove_block(a, 0));
    CHECK(a.blocks.front().kind == ArticleBlock::ProductCard);
    CHECK_FALSE(remove_block(a, 5));
    while (a.blocks.size() < kMaxArticleBlocks) add_block(a, ArticleBlock::Paragraph);
    CHECK_FALSE(add_block(a, ArticleBlock::Paragraph));
    CHECK(add_material(a));
    CHECK(add_material(a));
    a.materials[0].text = "first";
    CHECK(move_material(a, 0, +1));
    CHECK(a.materials[1].text == "first");
    CHECK(remove_material(a, 1));
    CHECK(a.materials.size() == 1);
}

TEST_CASE("article draft: prepared for signing only without problems; withdrawn as the next version") {
    fixtures::World w;
    ArticleDraft d = new_article_draft(w.cert.brand);
    d.article.title = "<b>Spring</b> tea";
    title_changed(d, {});
    d.article.blocks[0].text = "Picked before Qingming.";
    add_block(d.article, ArticleBlock::ProductCard);
    d.article.blocks[1].product = w.release.products.front().id;
    auto refused = prepare_article(d, &w.release, 1000);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("markup") != std::string::npos);
    d.article.title = "Spring tea";
    auto a = prepare_article(d, &w.release, 1000);
    REQUIRE(a.ok());
    CHECK(a->version == 1);
    CHECK(a->created_ms == 1000);
    CHECK(a->id == "b-spring-b-tea");  // suggested while the title was typed; publishing keeps it
    auto opened = open_article(sign_envelope(dump_json(article_to_json(*a)), w.brand_key), w.cert);
    REQUIRE(opened.ok());
    d.article.blocks[1].product = "no-such-product";
    CHECK_FALSE(prepare_article(d, &w.release, 1000).ok());

    const Article gone = withdrawn_article(*opened, 2000);
    CHECK(gone.version == 2);
    CHECK(gone.retired);
    CHECK(article_problems(gone, &w.release).empty());
    ArticleDraft again = draft_of(gone);
    CHECK_FALSE(again.article.retired);
    CHECK(again.base_version == 2);
}

TEST_CASE("article draft: the autosave form keeps what cannot be published yet") {
    ArticleDraft d = new_article_draft("b_tea");
    d.article.title = "<script>";
    d.article.blocks.push_back({ArticleBlock::Picture, "alt", {}, ""});
    d.article.blocks.push_back({ArticleBlock::ProductCard, "", {}, ""});
    d.article.materials.push_back({"", {"/img/x.jpg", "x", 10, 10}, "p1"});
    d.base_version = 4;
    d.id_typed = true;
    auto back = article_draft_from_json(parse_json(dump_json(article_draft_to_json(d)), "draft").value(), "b_tea");
    REQUIRE(back.ok());
    CHECK(*back == d);
    CHECK(back->article.blocks[1].kind == ArticleBlock::Picture);
    CHECK(back->article.materials[0].image.w == 10);
    CHECK_FALSE(article_draft_from_json(Json::array(), "b_tea").ok());
    // The undo history takes drafts: typing in one field is one step.
    ArticleHistory h(new_article_draft("b_tea"));
    ArticleDraft x = h.current();
    x.article.title = "S";
    CHECK(h.record(x, "title", 10));
    x.article.title = "Sp";
    CHECK(h.record(x, "title", 20));
    CHECK(h.size() == 2);
    CHECK_FALSE(h.record(x, "title", 30));
}
