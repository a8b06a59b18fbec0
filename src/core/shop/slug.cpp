#include "core/shop/slug.h"

#include <algorithm>

#include "core/referral/link.h"

namespace core {

const std::vector<std::string>& reserved_slugs() {
    // Must match serve.py RESERVED_SLUGS (tests/vectors/slugs.json checks both).
    static const std::vector<std::string> words = {
        "admin", "api",   "s",     "b",      "d",       "o",     "console", "img",   "fonts",    "static",
        "www",   "help",  "support", "app",  "assets",  "login", "logout",  "signin", "signup",  "official",
        "platform", "root", "system", "null", "undefined", "join"};
    return words;
}

bool is_reserved_slug(std::string_view slug) {
    const auto& w = reserved_slugs();
    return std::find(w.begin(), w.end(), slug) != w.end();
}

SlugCheck check_slug(std::string_view slug) {
    SlugCheck c;
    if (slug.size() < 3) {
        c.code = "too_short";
        c.message = "A shop address needs at least 3 characters.";
        return c;
    }
    if (slug.size() > 32) {
        c.code = "too_long";
        c.message = "A shop address can have at most 32 characters.";
        return c;
    }
    for (char ch : slug)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) {
            c.code = "bad_characters";
            c.message = "Use only lowercase letters a-z, digits and dashes: the address goes into links.";
            return c;
        }
    if (slug.front() == '-' || slug.back() == '-') {
        c.code = "dash_at_end";
        c.message = "A shop address cannot start or end with a dash.";
        return c;
    }
    if (is_reserved_slug(slug)) {
        c.code = "reserved";
        c.message = "This address is reserved for the platform; pick another.";
        return c;
    }
    c.ok = is_valid_slug(slug);
    c.code = c.ok ? "ok" : "bad_characters";
    if (!c.ok) c.message = "This is not a valid shop address.";
    return c;
}

std::string suggest_slug(std::string_view name) {
    std::string out;
    bool dash = false;
    for (char ch : name) {
        const unsigned char u = static_cast<unsigned char>(ch);
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (dash && !out.empty()) out += '-';
            out += ch;
            dash = false;
        } else if (ch >= 'A' && ch <= 'Z') {
            if (dash && !out.empty()) out += '-';
            out += static_cast<char>(ch - 'A' + 'a');
            dash = false;
        } else if (ch == '\'' || u >= 0x80) {
            // apostrophes vanish ("Lily's" -> "lilys"); non-ASCII bytes are skipped
            if (u >= 0x80) dash = !out.empty();
        } else {
            dash = !out.empty();
        }
        if (out.size() >= 32) break;
    }
    while (out.size() > 32) out.pop_back();
    while (!out.empty() && out.back() == '-') out.pop_back();
    if (out.empty()) return out;
    if (out.size() < 3) out += "-shop";
    if (is_reserved_slug(out)) out += "-shop";
    return out;
}

}  // namespace core
