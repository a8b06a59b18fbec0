// Reading signed catalog documents: the helpers the policy and release readers share (catalog.cpp,
// release.cpp). Internal to src/core/catalog.
#pragma once
#include <initializer_list>
#include <string>
#include <utility>

#include "core/catalog/catalog.h"
#include "core/json.h"

namespace core::catalog_reading {

inline Error bad(const std::string& what) { return make_error("bad_document", what); }

// A field a reader falls back on when it is absent must, when present, be of its kind: string_or and
// int_or would read "14" or true as the fallback, so a document would say what its signer never wrote
// (a release in "USD" it did not name, a refund window of 7 days for a signed "14"), and the store's
// pages, which read the signed fields as they are, would fail on them.
enum class Kind { Text, Whole, Flag, Object, List };

inline bool absent_or(const Json& j, const char* key, Kind kind) {
    if (!j.is_object()) return true;
    auto it = j.find(key);
    if (it == j.end()) return true;
    switch (kind) {
        case Kind::Text: return it->is_string();
        case Kind::Whole: return get_int(j, key).has_value();  // 2**70 is read as a float: not whole
        case Kind::Flag: return it->is_boolean();
        case Kind::Object: return it->is_object();
        case Kind::List: return it->is_array();
    }
    return false;
}

// The first field of `fields` in j that is present but not of its kind, in words; empty when none.
inline std::string misfit(const Json& j, std::initializer_list<std::pair<const char*, Kind>> fields, const std::string& where) {
    for (const auto& [key, kind] : fields) {
        if (absent_or(j, key, kind)) continue;
        const char* words = kind == Kind::Text     ? "text"
                            : kind == Kind::Whole  ? "a whole number"
                            : kind == Kind::Flag   ? "true or false"
                            : kind == Kind::Object ? "an object"
                                                   : "a list";
        return where + "\"" + key + "\" must be " + words + ".";
    }
    return "";
}

inline bool parse_image(const Json& j, ImageRef& out) {
    auto src = get_string(j, "src");
    auto sha = get_string(j, "sha256");
    if (!src || !sha || sha->size() != 64) return false;
    out.src = *src;
    out.sha256 = *sha;
    // A size, when given, is a whole number (not 2.5, "800" or true).
    for (auto [key, size] : {std::pair{"w", &out.w}, std::pair{"h", &out.h}}) {
        auto it = j.find(key);
        if (it == j.end()) continue;
        if (!it->is_number_integer()) return false;
        *size = static_cast<int>(it->get<std::int64_t>());
    }
    return true;
}

}  // namespace core::catalog_reading
