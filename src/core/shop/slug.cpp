#include "core/shop/slug.h"

#include <algorithm>

#include "core/referral/link.h"

namespace core {

namespace {
// A plain array: the shop build checks enrollments' slugs against it, and a vector of strings built
// at start would cost its download half a kilobyte.
constexpr std::string_view kReserved[] = {
    "admin", "api",   "s",     "b",      "d",       "o",     "console", "img",   "fonts",    "static",
    "www",   "help",  "support", "app",  "assets",  "login", "logout",  "signin", "signup",  "official",
    "platform", "root", "system", "null", "undefined", "join"};
}  // namespace

const std::vector<std::string>& reserved_slugs() {
    static const std::vector<std::string> words(std::begin(kReserved), std::end(kReserved));
    return words;
}

bool is_reserved_slug(std::string_view slug) {
    return std::find(std::begin(kReserved), std::end(kReserved), slug) != std::end(kReserved);
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

std::string shop_address_from_input(std::string_view text) {
    auto trim = [](std::string_view t) {
        while (!t.empty() && (t.front() == ' ' || t.front() == '\t' || t.front() == '\n')) t.remove_prefix(1);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\n' || t.back() == '/')) t.remove_suffix(1);
        return t;
    };
    text = trim(text);
    if (text.empty() || text.size() > kMaxUrlBytes) return {};
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (is_valid_slug(lower)) return is_reserved_slug(lower) ? std::string() : lower;  // the address itself
    // A link: /s/<slug>... or /d/<slug>..., with or without a scheme; a host typed without one
    // ("localhost:8000/s/x") is the first segment.
    if (lower.find('/') == std::string::npos) return {};
    if (lower.find("://") == std::string::npos && lower.front() != '/') lower = "/" + lower;
    const auto seg = parse_url(lower).segments;
    for (std::size_t i = 0; i < 2 && i + 1 < seg.size(); ++i)
        if ((seg[i] == "s" || seg[i] == "d") && is_valid_slug(seg[i + 1]) && !is_reserved_slug(seg[i + 1])) return seg[i + 1];
    return {};
}

}  // namespace core
