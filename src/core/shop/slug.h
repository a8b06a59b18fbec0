// Slugs: the address a distributor picks for their shop (/s/<slug>). The format rule is
// core::is_valid_slug (link.h); this adds the platform's reserved words and the wording a person
// sees while typing one. The store asks the core (dynshop_core.is_reserved_slug); tests/vectors/slugs.json
// holds the cases.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct SlugCheck {
    bool ok = false;
    std::string code;     // "ok", "too_short", "too_long", "bad_characters", "dash_at_end", "reserved"
    std::string message;  // what to show under the field
};

const std::vector<std::string>& reserved_slugs();
bool is_reserved_slug(std::string_view slug);
// Local checks only (format and reserved words); whether another shop has it is the store's answer.
SlugCheck check_slug(std::string_view slug);
// A first suggestion from a display name: ASCII letters and digits kept (lower-cased), everything
// else turns into single dashes; padded to the minimum length with "-shop". May be empty when the
// name has no Latin letters at all (a Chinese name): then the person types one.
std::string suggest_slug(std::string_view name);
// What a distributor types to find their shop on a new device: the address ("lily-tea"), or any
// link into it ("/s/lily-tea/p/x", "https://host/s/lily-tea?ch=qr", "/d/lily-tea/edit"). The slug,
// or an empty string when nothing in it can be a shop address.
std::string shop_address_from_input(std::string_view text);

}  // namespace core
