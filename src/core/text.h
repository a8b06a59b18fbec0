// Text helpers over UTF-8: decoding, and the folding search uses (case, full-width forms).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace core {

// Decodes one code point at s[i] and advances i. Malformed bytes yield U+FFFD and advance by one.
std::uint32_t next_codepoint(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, std::uint32_t cp);
// Code points in UTF-8 text (what a person counts as characters, and Python's len()).
std::size_t utf8_length(std::string_view s);

// Lower-cases ASCII and Latin-1, maps full-width ASCII (Ａ-Ｚ, ０-９) to ASCII: what a person
// typing on a phone expects "tea" to find "TEA" and "ｔｅａ".
std::string fold_for_search(std::string_view s);

// Without the spaces (ASCII white space and U+3000, the full-width space) at either end.
std::string trim(std::string_view s);

// Cuts to at most max_bytes without splitting a character.
std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

}  // namespace core
