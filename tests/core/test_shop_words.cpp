// The words a shop says in the store's HTML first paint and again in the app (core::shop_words): one
// table, filled the same way for both (the store reads it through dynshop_core.shop_words).
#include <doctest/doctest.h>

#include <set>

#include "core/shop/shop_words.h"

using namespace core;

TEST_CASE("a shop's shared words: every key in both languages, placeholders filled once") {
    std::set<std::string> keys;
    for (const ShopWord& w : shop_words()) {
        CAPTURE(w.key);
        CHECK(keys.insert(w.key).second);  // one entry a key
        CHECK(std::string(w.en).size() > 0);
        CHECK(std::string(w.zh).size() > 0);
        // The same placeholders in both languages, or one of them would show "{shop}" to a consumer.
        for (const char* ph : {"{shop}", "{brand}", "{n}"})
            CHECK((std::string(w.en).find(ph) == std::string::npos) == (std::string(w.zh).find(ph) == std::string::npos));
    }
    CHECK(keys.count("note_from") == 1);
    CHECK(shop_word("note_from", "en", {{"shop", "Lily's Tea"}}) == "A note from Lily's Tea");
    CHECK(shop_word("note_from", "zh-CN", {{"shop", "莉莉茶铺"}}) == "莉莉茶铺的推荐语");
    CHECK(shop_word("note_from", "zh", {{"shop", "A"}}) == shop_word("note_from", "zh-CN", {{"shop", "A"}}));
    CHECK(shop_word("note_from", "en-US", {{"shop", "A"}}) == "A note from A");
    CHECK(shop_word("brand_count", "en", {{"n", "12"}, {"brand", "Tea Co"}}) == "12 shops carry Tea Co.");
    // A value is not read again: a shop called "{brand}" keeps its name.
    CHECK(shop_word("sold_by", "en", {{"shop", "{brand}"}, {"brand", "Tea Co"}}) == "Sold by {brand}, content verified by Tea Co.");
    // A placeholder given no value stays as written; an unknown key shows itself.
    CHECK(shop_word("sold_by", "en", {{"shop", "Lily"}}) == "Sold by Lily, content verified by {brand}.");
    CHECK(shop_word("no_such_word", "en") == "no_such_word");
}
