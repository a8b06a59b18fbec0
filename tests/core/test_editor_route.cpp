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
