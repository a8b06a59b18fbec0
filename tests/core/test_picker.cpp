// Picker search (src/core/catalog/picker.h): the brand console's product and shop pickers. Every
// word must match, case and full-width forms fold, a few rows are shown while all matches count.
#include <doctest/doctest.h>

#include "core/catalog/picker.h"

using namespace core;

namespace {
PickerIndex index_of(const std::vector<std::string>& texts) {
    PickerIndex ix;
    ix.reserve(texts.size());
    for (const auto& t : texts) ix.add(t);
    return ix;
}
}  // namespace

TEST_CASE("an empty query matches every entry, in order, up to the limit") {
    PickerIndex ix = index_of({"West Lake Longjing p_hx_001 绿茶", "Tieguanyin p_hx_002 乌龙", "Night Serum p_nm_001"});
    CHECK(ix.size() == 3);
    auto all = ix.search("", 10);
    CHECK(all.total == 3);
    CHECK(all.shown == std::vector<std::size_t>{0, 1, 2});
    auto two = ix.search("   ", 2);  // spaces only: no words
    CHECK(two.total == 3);
    CHECK(two.shown == std::vector<std::size_t>{0, 1});
    CHECK(ix.search("", 0).shown.empty());
    CHECK(ix.search("", 0).total == 3);
}

TEST_CASE("every word must occur; case and full-width letters fold; Chinese matches as typed") {
    PickerIndex ix = index_of({"West Lake Longjing p_hx_001 绿茶", "Tieguanyin p_hx_002 乌龙", "Night Serum p_nm_001 Serums",
                               "丽丽茶铺 · Lily's Tea House lily-tea"});
    CHECK(ix.search("longjing", 10).shown == std::vector<std::size_t>{0});
    CHECK(ix.search("LONGJING", 10).shown == std::vector<std::size_t>{0});
    CHECK(ix.search("ＬＯＮＧＪＩＮＧ", 10).shown == std::vector<std::size_t>{0});  // a phone's full-width letters
    CHECK(ix.search("p_hx", 10).total == 2);
    CHECK(ix.search("p_hx 乌龙", 10).shown == std::vector<std::size_t>{1});  // both words
    CHECK(ix.search("p_hx serum", 10).total == 0);                       // one word misses
    CHECK(ix.search("001", 10).shown == std::vector<std::size_t>{0, 2});
    CHECK(ix.search("茶", 10).shown == std::vector<std::size_t>{0, 3});
    CHECK(ix.search("  lily   tea  ", 10).shown == std::vector<std::size_t>{3});  // extra spaces are not words
    CHECK(ix.search("tea lily", 10).shown == std::vector<std::size_t>{3});       // any order
    CHECK(ix.search("zzz", 10).total == 0);
    CHECK(ix.search("zzz", 10).shown.empty());
}

TEST_CASE("a long list shows the first matches and counts them all") {
    PickerIndex ix;
    for (int i = 0; i < 20000; ++i) ix.add("Shop " + std::to_string(i) + (i % 4 == 0 ? " tea" : " skin"));
    auto m = ix.search("tea", 40);
    CHECK(m.total == 5000);
    REQUIRE(m.shown.size() == 40);
    CHECK(m.shown.front() == 0);
    CHECK(m.shown[1] == 4);
    CHECK(m.shown.back() == 39 * 4);
    ix.clear();
    CHECK(ix.size() == 0);
    CHECK(ix.search("", 40).total == 0);
}
