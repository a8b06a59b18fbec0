#include <doctest/doctest.h>

#include "app/editor_route.h"

using namespace app;

TEST_CASE("distributor links route to the editor's pages") {
    CHECK(parse_editor_route("/d/lily-tea").page == EditorPage::Home);
    CHECK(parse_editor_route("/d/lily-tea").slug == "lily-tea");
    CHECK(parse_editor_route("/d/lily-tea/edit").page == EditorPage::Edit);
    CHECK(parse_editor_route("/d/lily-tea/share").page == EditorPage::Share);
    CHECK(parse_editor_route("/d/lily-tea/team").page == EditorPage::Team);
    CHECK(parse_editor_route("/d/lily-tea/dash?x=1").page == EditorPage::Dash);
    EditorRoute j = parse_editor_route("/d/join?invite=eyJwYXls-_x");
    CHECK(j.page == EditorPage::Join);
    CHECK(j.invite == "eyJwYXls-_x");
    CHECK(parse_editor_route(join_path("ab+c/=")).invite == "ab+c/=");
    for (int p = 0; p < 5; ++p) {
        const auto page = static_cast<EditorPage>(p + 1);
        CHECK(parse_editor_route(editor_path("xiaoyu-tea", page)).page == page);
    }
}

TEST_CASE("broken distributor links say so") {
    CHECK(parse_editor_route("/d").page == EditorPage::Find);  // which shop? (a new device)
    CHECK(parse_editor_route("/d/").page == EditorPage::Find);
    CHECK(parse_editor_route("/d/Not A Slug").page == EditorPage::NotFound);
    CHECK(parse_editor_route("/d/lily-tea/wat").page == EditorPage::NotFound);
    CHECK(parse_editor_route("/d/lily-tea/edit/more").page == EditorPage::NotFound);
    CHECK(parse_editor_route("/s/lily-tea").page == EditorPage::NotFound);
}

TEST_CASE("a distributor's payouts and each payout's statement are part of the dashboard") {
    EditorRoute list = parse_editor_route("/d/lily-tea/payouts");
    CHECK(list.page == EditorPage::Dash);
    CHECK(list.payouts);
    CHECK(list.batch.empty());
    CHECK(list.slug == "lily-tea");
    EditorRoute one = parse_editor_route("/d/lily-tea/payouts/pb_b_huaxi_1795564800000");
    CHECK(one.page == EditorPage::Dash);
    CHECK(one.payouts);
    CHECK(one.batch == "pb_b_huaxi_1795564800000");
    CHECK(parse_editor_route(payouts_path("lily-tea", "pb_b_north-moor_17")).batch == "pb_b_north-moor_17");
    CHECK(payouts_path("lily-tea") == "/d/lily-tea/payouts");
    CHECK(payouts_path("lily-tea", "pb_b_huaxi_1") == "/d/lily-tea/payouts/pb_b_huaxi_1");
    CHECK_FALSE(parse_editor_route("/d/lily-tea/dash").payouts);  // the numbers, not the payouts
    // Not a batch, or one level too deep: not a page.
    CHECK(parse_editor_route("/d/lily-tea/payouts/x%20y").page == EditorPage::NotFound);
    CHECK(parse_editor_route("/d/lily-tea/payouts/o_123").page == EditorPage::NotFound);
    CHECK(parse_editor_route("/d/lily-tea/payouts/pb_b_huaxi_1/csv").page == EditorPage::NotFound);
    CHECK(parse_editor_route("/d/Not A Slug/payouts").page == EditorPage::NotFound);
    CHECK(is_valid_batch_id("pb_b_huaxi_1796169600000"));
    CHECK_FALSE(is_valid_batch_id("pb_"));
    CHECK_FALSE(is_valid_batch_id("pb_b/../x_1"));
}
