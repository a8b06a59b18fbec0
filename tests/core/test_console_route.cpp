// The brand console's URLs (src/app/console_route.h): pages, the preview's product/shop/draft, and
// links that cannot be parsed landing on a page that says so.
#include <doctest/doctest.h>

#include "app/console_route.h"

using namespace app;

TEST_CASE("brand console links route to its pages and back") {
    CHECK(parse_console_route("/console/b_huaxi").page == ConsolePage::Home);
    CHECK(parse_console_route("/console/b_huaxi").brand == "b_huaxi");
    CHECK(parse_console_route("/console/b_huaxi/catalog").page == ConsolePage::Catalog);
    CHECK(parse_console_route("/console/b_huaxi/catalog").product.empty());
    ConsoleRoute c = parse_console_route("/console/b_huaxi/catalog/p_hx_001");
    CHECK(c.page == ConsolePage::Catalog);
    CHECK(c.product == "p_hx_001");
    CHECK(parse_console_route("/console/b_huaxi/orders").page == ConsolePage::Orders);
    ConsoleRoute p = parse_console_route("/console/b_huaxi/preview?p=p_hx_003&s=lily-tea&draft=1");
    CHECK(p.page == ConsolePage::Preview);
    CHECK(p.product == "p_hx_003");
    CHECK(p.shop == "lily-tea");
    CHECK(p.draft);
    CHECK_FALSE(parse_console_route("/console/b_huaxi/preview?p=p_hx_003&s=lily-tea&draft=0").draft);
    // Paths built by the app read back as the same page.
    for (ConsolePage page : {ConsolePage::Home, ConsolePage::Preview, ConsolePage::Catalog, ConsolePage::Orders})
        CHECK(parse_console_route(console_path("b_northmoor", page)).page == page);
    ConsoleRoute back = parse_console_route(console_preview_path("b_huaxi", "p_hx_010", "chen-tea-corner", true));
    CHECK(back.product == "p_hx_010");
    CHECK(back.shop == "chen-tea-corner");
    CHECK(back.draft);
    CHECK(console_preview_path("b_huaxi", "", "", false) == "/console/b_huaxi/preview");
    CHECK(parse_console_route(console_product_path("b_huaxi", "p x/1")).product == "p x/1");
    CHECK(console_product_path("b_huaxi", "") == "/console/b_huaxi/catalog");
    CHECK(std::string(console_page_name(ConsolePage::Orders)) == "orders");
}

TEST_CASE("broken brand console links say so, and bad preview parameters are dropped") {
    CHECK(parse_console_route("/console").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/b_huaxi/wat").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/b_huaxi/orders/x").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/b_huaxi/catalog/p/extra").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/b_huaxi/catalog/" + std::string(129, 'p')).page == ConsolePage::NotFound);
    CHECK(parse_console_route("/s/lily-tea").page == ConsolePage::NotFound);
    ConsoleRoute p = parse_console_route("/console/b_huaxi/preview?p=&s=Not%20A%20Slug");
    CHECK(p.page == ConsolePage::Preview);
    CHECK(p.product.empty());
    CHECK(p.shop.empty());
}

TEST_CASE("the settlement and policy pages, and a payout batch's own page") {
    CHECK(parse_console_route("/console/b_huaxi/settlement").page == ConsolePage::Settlement);
    CHECK(parse_console_route("/console/b_huaxi/settlement").batch.empty());
    ConsoleRoute b = parse_console_route("/console/b_huaxi/settlement/pb_b_huaxi_1796169600000");
    CHECK(b.page == ConsolePage::Settlement);
    CHECK(b.batch == "pb_b_huaxi_1796169600000");
    CHECK(parse_console_route(console_batch_path("b_huaxi", b.batch)).batch == b.batch);
    CHECK(console_batch_path("b_huaxi", "") == "/console/b_huaxi/settlement");
    CHECK(parse_console_route("/console/b_huaxi/settlement/not-a-batch").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/b_huaxi/settlement/pb_x/more").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/b_huaxi/policy").page == ConsolePage::Policy);
    CHECK(parse_console_route("/console/b_huaxi/policy/x").page == ConsolePage::NotFound);
    for (ConsolePage page : {ConsolePage::Settlement, ConsolePage::Policy})
        CHECK(parse_console_route(console_path("b_northmoor", page)).page == page);
    CHECK(std::string(console_page_name(ConsolePage::Settlement)) == "settlement");
}

TEST_CASE("the insight pages: traffic and sales, promoters, reach") {
    CHECK(parse_console_route("/console/b_huaxi/insight").page == ConsolePage::Insight);
    CHECK(parse_console_route("/console/b_huaxi/insight").view.empty());
    CHECK(parse_console_route("/console/b_huaxi/insight/promoters").view == "promoters");
    CHECK(parse_console_route("/console/b_huaxi/insight/reach").view == "reach");
    CHECK(parse_console_route("/console/b_huaxi/insight/other").page == ConsolePage::NotFound);
    CHECK(parse_console_route(console_insight_path("b_huaxi", "reach")).view == "reach");
    CHECK(console_insight_path("b_huaxi", "") == "/console/b_huaxi/insight");
    CHECK(std::string(console_page_name(ConsolePage::Insight)) == "insight");
}

TEST_CASE("the audit page, and one click from a shop's audit to that shop in the preview") {
    CHECK(parse_console_route("/console/b_huaxi/audit").page == ConsolePage::Audit);
    CHECK(parse_console_route("/console/b_huaxi/audit").brand == "b_huaxi");
    CHECK(parse_console_route("/console/b_huaxi/audit/x").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/b_huaxi/audits").page == ConsolePage::NotFound);
    CHECK(console_path("b_northmoor", ConsolePage::Audit) == "/console/b_northmoor/audit");
    CHECK(parse_console_route(console_path("b_northmoor", ConsolePage::Audit)).page == ConsolePage::Audit);
    CHECK(std::string(console_page_name(ConsolePage::Audit)) == "audit");
    ConsoleRoute p = parse_console_route(console_preview_path("b_huaxi", "", "chen-tea-corner", false));
    CHECK(p.page == ConsolePage::Preview);
    CHECK(p.shop == "chen-tea-corner");
    CHECK(p.product.empty());
}

TEST_CASE("brand console: the articles, one being written, and its preview inside a shop") {
    CHECK(parse_console_route("/console/b_huaxi/articles").page == ConsolePage::Articles);
    CHECK(parse_console_route("/console/b_huaxi/articles").article.empty());
    ConsoleRoute a = parse_console_route("/console/b_huaxi/articles/spring-tea");
    CHECK(a.page == ConsolePage::Articles);
    CHECK(a.article == "spring-tea");
    CHECK(a.view.empty());
    ConsoleRoute p = parse_console_route(console_article_path("b_huaxi", "new-k3x9", true, "lily-tea"));
    CHECK(p.page == ConsolePage::Articles);
    CHECK(p.article == "new-k3x9");
    CHECK(p.view == "preview");
    CHECK(p.shop == "lily-tea");
    CHECK(console_article_path("b_huaxi", "") == "/console/b_huaxi/articles");
    CHECK(console_article_path("b_huaxi", "x", true) == "/console/b_huaxi/articles/x/preview");
    CHECK(parse_console_route("/console/b_huaxi/articles/Not_An_Id").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/b_huaxi/articles/x/edit").page == ConsolePage::NotFound);
    CHECK(parse_console_route("/console/b_huaxi/catalog/x/preview").page == ConsolePage::NotFound);
}
