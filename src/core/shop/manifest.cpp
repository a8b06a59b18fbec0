// Shop manifests: what a distributor signs about their shop (identity, theme, selection, notes),
// read the same way by the shop, the editor and the store (dynshop_core.manifest_problem).
//
// [SECTION] Colours    theme_color_hex, parse_color
// [SECTION] Reading    each part of a manifest, with the first problem in words a person can act on
// [SECTION] Manifest   parse_manifest, manifest_to_json
//
// Built for size in the wasm build (CORE_FOR_SIZE, core/for_size.h): a shop reads one manifest, and
// every byte of this file is in a consumer's first download.
#include <algorithm>
#include <cstdio>
#include <set>

#include "core/for_size.h"
#include "core/shop/shop.h"
#include "core/text.h"

namespace core {

// [SECTION] Colours ------------------------------------------------------------------------------

CORE_FOR_SIZE std::string theme_color_hex(std::uint32_t rgb) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%06X", rgb & 0xFFFFFFu);
    return buf;
}

CORE_FOR_SIZE std::optional<std::uint32_t> parse_color(const std::string& hex) {
    if (hex.size() != 7 || hex[0] != '#') return std::nullopt;
    std::uint32_t v = 0;
    for (std::size_t i = 1; i < 7; ++i) {
        char c = hex[i];
        int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (d < 0) return std::nullopt;
        v = (v << 4) | static_cast<std::uint32_t>(d);
    }
    return v;
}

// [SECTION] Reading ------------------------------------------------------------------------------

namespace {
Error manifest_error(const std::string& message) { return make_error("bad_document", message); }

CORE_FOR_SIZE Error content_error(const std::string& detail) {
    return make_error("manifest_has_content",
                      "This shop manifest carries product content (" + detail + "). A manifest may only hold product ids; "
                      "titles, images, descriptions, specs and prices come from the brand's release.");
}

// An avatar or banner: {"src", "sha256" (64 characters), "w", "h" (whole numbers when present)}.
CORE_FOR_SIZE std::optional<Error> read_image(const Json& j, const std::string& what, ImageRef& out) {
    auto src = get_string(j, "src");
    auto sha = get_string(j, "sha256");
    if (!j.is_object() || !src || !sha || sha->size() != 64)
        return manifest_error(what + " is not an image reference {\"src\", \"sha256\", \"w\", \"h\"}.");
    for (const char* k : {"w", "h"})
        if (j.contains(k) && !get_int(j, k)) return manifest_error(what + " has a " + k + " that is not a whole number.");
    out.src = *src;
    out.sha256 = *sha;
    out.w = static_cast<int>(int_or(j, "w", 0));
    out.h = static_cast<int>(int_or(j, "h", 0));
    return std::nullopt;
}

// "brands", "products", "featured": absent, or a list of ids (text, at most kMaxIdChars).
CORE_FOR_SIZE std::optional<Error> read_id_list(const Json& p, const char* key, std::vector<std::string>& out) {
    if (!p.contains(key)) return std::nullopt;
    const Json& arr = p[key];
    if (!arr.is_array() || !std::all_of(arr.begin(), arr.end(), [](const Json& v) { return v.is_string(); }))
        return content_error("\"" + std::string(key) + "\" must be a list of ids");
    for (const auto& v : arr) {
        const auto& id = v.get_ref<const std::string&>();
        if (utf8_length(id) > kMaxIdChars)
            return manifest_error("An id in \"" + std::string(key) + "\" is longer than " + std::to_string(kMaxIdChars) + " characters.");
        out.push_back(id);
    }
    return std::nullopt;
}

// A whole number at least `minimum`, or absent when `fallback` is given.
CORE_FOR_SIZE std::optional<Error> read_whole(const Json& p, const char* key, std::int64_t minimum, std::optional<std::int64_t> fallback,
                                std::int64_t& out) {
    if (!p.contains(key) && fallback) {
        out = *fallback;
        return std::nullopt;
    }
    auto v = get_int(p, key);  // not for 2.5, "2", true or beyond 64 bits
    if (!v) return manifest_error("The manifest's \"" + std::string(key) + "\" must be a whole number.");
    if (*v < minimum)
        return manifest_error("The manifest's \"" + std::string(key) + "\" must be at least " + std::to_string(minimum) + ".");
    out = *v;
    return std::nullopt;
}

CORE_FOR_SIZE std::optional<Error> read_identity(const Json& p, Identity& out) {
    if (!p.contains("identity")) return std::nullopt;
    const Json& id = p["identity"];
    if (!id.is_object()) return manifest_error("The manifest's identity must be an object.");
    static const std::set<std::string> keys = {"name", "greeting", "contact", "avatar", "banner"};
    for (auto it = id.begin(); it != id.end(); ++it) {
        if (!keys.count(it.key())) return content_error("unexpected identity field \"" + it.key() + "\"");
        if (it.key() == "avatar" || it.key() == "banner") {
            if (auto e = read_image(it.value(), "The shop's " + it.key(), it.key() == "avatar" ? out.avatar : out.banner)) return e;
        } else if (!it->is_string()) {
            return manifest_error("The shop's \"" + it.key() + "\" must be text.");
        }
    }
    out.name = string_or(id, "name", "");
    out.greeting = string_or(id, "greeting", "");
    out.contact = string_or(id, "contact", "");
    if (utf8_length(out.name) > kMaxNameChars)
        return manifest_error("The shop name is longer than " + std::to_string(kMaxNameChars) + " characters.");
    if (out.greeting.size() > kMaxGreetingBytes)
        return manifest_error("The shop's greeting is longer than " + std::to_string(kMaxGreetingBytes) + " bytes.");
    if (utf8_length(out.contact) > kMaxContactChars)
        return manifest_error("The shop's contact is longer than " + std::to_string(kMaxContactChars) + " characters.");
    return std::nullopt;
}

CORE_FOR_SIZE std::optional<Error> read_theme(const Json& p, Theme& out) {
    if (!p.contains("theme")) return std::nullopt;
    const Json& t = p["theme"];
    if (!t.is_object()) return manifest_error("The manifest's theme must be an object.");
    const std::pair<const char*, std::uint32_t*> colours[] = {
        {"primary", &out.primary}, {"accent", &out.accent}, {"background", &out.background}, {"surface", &out.surface}, {"text", &out.text}};
    for (auto it = t.begin(); it != t.end(); ++it) {
        if (!it->is_string() || utf8_length(it->get_ref<const std::string&>()) > kMaxThemeTextChars)
            return content_error("theme field \"" + it.key() + "\" is not a short text");
        for (const auto& [key, target] : colours)
            if (it.key() == key) {
                auto c = parse_color(it->get_ref<const std::string&>());
                if (!c) return manifest_error("The theme colour \"" + it.key() + "\" is not of the form #RRGGBB.");
                *target = *c;
            }
    }
    // An unknown layout (a newer editor's) shows as the grid rather than refusing the shop.
    out.layout = string_or(t, "layout", "grid");
    if (out.layout != "grid" && out.layout != "list" && out.layout != "showcase") out.layout = "grid";
    return std::nullopt;
}

CORE_FOR_SIZE std::optional<Error> read_notes(const Json& p, std::map<std::string, std::string>& out) {
    if (!p.contains("notes")) return std::nullopt;
    const Json& notes = p["notes"];
    if (!notes.is_object()) return content_error("notes must map product ids to plain text");
    for (auto it = notes.begin(); it != notes.end(); ++it)
        if (!it->is_string()) return content_error("notes must map product ids to plain text");
    for (auto it = notes.begin(); it != notes.end(); ++it) {
        const auto& text = it->get_ref<const std::string&>();
        if (text.size() > kMaxNoteBytes)
            return manifest_error("The note on \"" + it.key() + "\" is longer than " + std::to_string(kMaxNoteBytes) + " bytes.");
        out.emplace(it.key(), text);
    }
    return std::nullopt;
}
}  // namespace

// [SECTION] Manifest -----------------------------------------------------------------------------

CORE_FOR_SIZE Result<ShopManifest> parse_manifest(const Json& p) {
    if (string_or(p, "type", "") != "manifest") return manifest_error("This is not a shop manifest.");
    static const std::set<std::string> allowed = {"type", "distributor", "slug", "version", "updated_ms", "identity",
                                                  "theme", "brands", "products", "featured", "notes"};
    for (auto it = p.begin(); it != p.end(); ++it)
        if (!allowed.count(it.key())) return content_error("unexpected field \"" + it.key() + "\"");
    ShopManifest m;
    for (auto [key, field] : {std::pair{"distributor", &m.distributor}, {"slug", &m.slug}}) {
        auto v = get_string(p, key);
        if (!v || v->empty()) return manifest_error("The manifest lacks \"" + std::string(key) + "\" (a text).");
        *field = *v;
    }
    if (auto e = read_whole(p, "version", 1, std::nullopt, m.version)) return *e;
    if (auto e = read_whole(p, "updated_ms", 0, 0, m.updated_ms)) return *e;
    if (auto e = read_identity(p, m.identity)) return *e;
    if (auto e = read_theme(p, m.theme)) return *e;
    for (auto [key, list] : {std::pair{"brands", &m.brands}, {"products", &m.products}, {"featured", &m.featured}})
        if (auto e = read_id_list(p, key, *list)) return *e;
    if (auto e = read_notes(p, m.notes)) return *e;
    if (m.brands.empty()) return manifest_error("The shop carries no brand: list at least one brand id in \"brands\".");
    if (std::set<std::string>(m.brands.begin(), m.brands.end()).size() != m.brands.size())
        return manifest_error("A brand is listed twice in the manifest.");
    return m;
}

CORE_FOR_SIZE Json manifest_to_json(const ShopManifest& m) {
    auto img = [](const ImageRef& r) { return Json{{"src", r.src}, {"sha256", r.sha256}, {"w", r.w}, {"h", r.h}}; };
    Json identity = {{"name", m.identity.name}, {"greeting", m.identity.greeting}, {"contact", m.identity.contact}};
    if (!m.identity.avatar.empty()) identity["avatar"] = img(m.identity.avatar);
    if (!m.identity.banner.empty()) identity["banner"] = img(m.identity.banner);
    Json notes = Json::object();
    for (const auto& [k, v] : m.notes) notes[k] = v;
    return Json{{"type", "manifest"},
                {"distributor", m.distributor},
                {"slug", m.slug},
                {"version", m.version},
                {"updated_ms", m.updated_ms},
                {"identity", identity},
                {"theme",
                 {{"primary", theme_color_hex(m.theme.primary)},
                  {"accent", theme_color_hex(m.theme.accent)},
                  {"background", theme_color_hex(m.theme.background)},
                  {"surface", theme_color_hex(m.theme.surface)},
                  {"text", theme_color_hex(m.theme.text)},
                  {"layout", m.theme.layout}}},
                {"brands", m.brands},
                {"products", m.products},
                {"featured", m.featured},
                {"notes", notes}};
}

}  // namespace core
