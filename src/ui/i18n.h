// UI words in the shop's language. English text is the key (gettext style); Chinese shops get the
// Chinese table. Patterns use "{}" for the one value they embed. Brand and distributor content is
// never translated: it is shown exactly as signed.
#pragma once
#include <string>
#include <unordered_map>

#include "core/result.h"

namespace ui {

enum class Lang { En, Zh };

Lang lang_for_locale(const std::string& locale);  // "zh-CN" -> Zh
const char* tr(Lang lang, const char* english);
std::string tr_fmt(Lang lang, const char* english_pattern, const std::string& value);
// 3000 -> "3,000" (counts in every language)
std::string grouped(long n);
// "1 item" / "3 items" / "3 件商品"
std::string tr_count(Lang lang, long n, const char* one, const char* many);
// Every translated string, for the font atlas to cover before anything is drawn in Chinese.
std::string all_translations();
// True once tr, tr_count or error_text gave a Chinese word (the app then notes all_translations).
bool chinese_used();
// A table of more words, added by a build that has the screens using them (the console's words are
// in the full app only: src/with_workspaces.cpp); consulted after the main table.
using WordTable = std::unordered_map<std::string, const char*>;
void add_words(const WordTable& (*table)());
const WordTable& console_zh();  // i18n_console.cpp
const WordTable& editor_zh();   // i18n_editor.cpp
// Why something was refused, in the shop's language: core's messages are English sentences with
// names in them, so other languages get the sentence for the error's code.
std::string error_text(Lang lang, const core::Error& error);

}  // namespace ui
