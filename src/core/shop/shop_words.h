// The words a shop says in both of its drawings: the store's HTML first paint (src/store/pages.py,
// through dynshop_core.shop_words) and the app's canvas (src/ui). A consumer on a phone reads the first
// and then the second over it, so they are written once, here, in every language a shop speaks.
// Placeholders are named ({shop}, {brand}, {n}) so Python's str.format and shop_word() both fill them.
//
// Index
//   ShopWord      a word's key and its text in English and Chinese
//   shop_words    the table
//   shop_word     one word in a language, its placeholders filled
#pragma once
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace core {

struct ShopWord {
    const char* key;
    const char* en;
    const char* zh;
};

std::span<const ShopWord> shop_words();

// `lang`: a locale or language tag ("zh-CN", "zh", "en-US"...): Chinese for "zh*", English otherwise.
// An unknown key gives the key itself (a missing word shows, it does not crash a page).
std::string shop_word(std::string_view key, std::string_view lang,
                      std::initializer_list<std::pair<std::string_view, std::string_view>> values = {});

}  // namespace core
