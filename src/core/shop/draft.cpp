#include "core/shop/draft.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/text.h"

namespace core {

// [SECTION] Edits --------------------------------------------------------------------------------

Result<bool> set_text(ShopManifest& m, TextField field, const std::string& value) {
    std::string* target = nullptr;
    switch (field) {
        case TextField::Name:
            if (utf8_length(value) > kMaxNameChars)
                return make_error("too_long", "A shop name can have at most 120 characters.");
            target = &m.identity.name;
            break;
        case TextField::Greeting:
            if (value.size() > kMaxGreetingBytes)
                return make_error("too_long", "The greeting is too long: keep it to a few sentences (400 bytes, about 130 Chinese characters).");
            target = &m.identity.greeting;
            break;
        case TextField::Contact:
            if (utf8_length(value) > kMaxContactChars)
                return make_error("too_long", "The contact can have at most 200 characters.");
            target = &m.identity.contact;
            break;
    }
    if (*target == value) return false;
    *target = value;
    return true;
}

Result<bool> set_note(ShopManifest& m, const std::string& product, const std::string& text) {
    if (product.empty()) return make_error("bad_product", "A note must belong to a product.");
    if (text.size() > kMaxNoteBytes)
        return make_error("too_long", "A note can hold at most 600 bytes (about 200 Chinese characters).");
    auto it = m.notes.find(product);
    if (text.empty()) {
        if (it == m.notes.end()) return false;
        m.notes.erase(it);
        return true;
    }
    if (it != m.notes.end() && it->second == text) return false;
    m.notes[product] = text;
    return true;
}

bool set_image(ShopManifest& m, ImageSlot slot, const ImageRef& ref) {
    ImageRef& target = slot == ImageSlot::Avatar ? m.identity.avatar : m.identity.banner;
    if (target.src == ref.src && target.sha256 == ref.sha256 && target.w == ref.w && target.h == ref.h) return false;
    target = ref;
    return true;
}

bool set_theme(ShopManifest& m, const Theme& t) {
    const Theme& o = m.theme;
    if (o.primary == t.primary && o.accent == t.accent && o.background == t.background && o.surface == t.surface &&
        o.text == t.text && o.layout == t.layout)
        return false;
    m.theme = t;
    if (m.theme.layout != "grid" && m.theme.layout != "list" && m.theme.layout != "showcase") m.theme.layout = "grid";
    return true;
}

Result<bool> set_featured(ShopManifest& m, const std::string& product, bool featured) {
    auto it = std::find(m.featured.begin(), m.featured.end(), product);
    if (!featured) {
        if (it == m.featured.end()) return false;
        m.featured.erase(it);
        return true;
    }
    if (it != m.featured.end()) return false;
    if (m.featured.size() >= kMaxFeatured)
        return make_error("too_many", "A shop can feature up to 12 products; remove one first.");
    m.featured.push_back(product);
    return true;
}

bool move_featured(ShopManifest& m, std::size_t from, std::size_t to) {
    if (from >= m.featured.size() || to >= m.featured.size() || from == to) return false;
    std::string id = m.featured[from];
    m.featured.erase(m.featured.begin() + static_cast<std::ptrdiff_t>(from));
    m.featured.insert(m.featured.begin() + static_cast<std::ptrdiff_t>(to), id);
    return true;
}

// [SECTION] Themes -------------------------------------------------------------------------------

const std::vector<ThemePreset>& theme_presets() {
    auto t = [](std::uint32_t p, std::uint32_t a, std::uint32_t bg, std::uint32_t s, std::uint32_t tx) {
        Theme th;
        th.primary = p;
        th.accent = a;
        th.background = bg;
        th.surface = s;
        th.text = tx;
        return th;
    };
    static const std::vector<ThemePreset> presets = {
        {"persimmon", "Persimmon", t(0xC2410C, 0x0F766E, 0xFAF7F2, 0xFFFFFF, 0x1F2937)},
        {"tea", "Tea garden", t(0x1F6F5C, 0xB45309, 0xF3F6F1, 0xFFFFFF, 0x1C2A24)},
        {"ink", "Ink", t(0x1F2937, 0xB91C1C, 0xF5F5F4, 0xFFFFFF, 0x111827)},
        {"rose", "Rose", t(0xBE185D, 0x7C3AED, 0xFDF4F7, 0xFFFFFF, 0x2A1F2D)},
        {"ocean", "Ocean", t(0x0E7490, 0xEA580C, 0xF0F6F8, 0xFFFFFF, 0x1E293B)},
        {"plum", "Plum", t(0x6D28D9, 0xD97706, 0xF7F5FC, 0xFFFFFF, 0x1F1B2E)},
    };
    return presets;
}

const ThemePreset* find_preset(const Theme& th) {
    for (const auto& p : theme_presets())
        if (p.theme.primary == th.primary && p.theme.accent == th.accent && p.theme.background == th.background &&
            p.theme.surface == th.surface && p.theme.text == th.text)
            return &p;
    return nullptr;
}

namespace {
double luminance(std::uint32_t rgb) {
    auto lin = [](double c) {
        c /= 255.0;
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin((rgb >> 16) & 255) + 0.7152 * lin((rgb >> 8) & 255) + 0.0722 * lin(rgb & 255);
}
}  // namespace

double contrast_ratio(std::uint32_t a, std::uint32_t b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool readable_on_white(std::uint32_t rgb) { return contrast_ratio(rgb, 0xFFFFFF) >= 3.0; }

Theme with_main_colour(const Theme& base, std::uint32_t rgb) {
    Theme t = base;
    std::uint32_t c = rgb & 0xFFFFFF;
    // Darken by 6% steps (each channel) until it reads on white and on the background.
    for (int i = 0; i < 40 && !(contrast_ratio(c, 0xFFFFFF) >= 3.0 && contrast_ratio(c, base.background) >= 3.0); ++i) {
        auto ch = [&](int shift) { return static_cast<std::uint32_t>(((c >> shift) & 255) * 94 / 100); };
        c = (ch(16) << 16) | (ch(8) << 8) | ch(0);
    }
    t.primary = c;
    return t;
}

const std::vector<std::uint32_t>& main_colour_choices() {
    static const std::vector<std::uint32_t> colours = {0xC2410C, 0xB91C1C, 0xBE185D, 0x9333EA, 0x4F46E5, 0x2563EB,
                                                       0x0E7490, 0x047857, 0x4D7C0F, 0xA16207, 0x78350F, 0x334155};
    return colours;
}

// [SECTION] History ------------------------------------------------------------------------------

Json EditHistory::to_json() const {
    Json saved = Json::array();
    for (const auto& s : states()) saved.push_back(manifest_to_json(s));
    return Json{{"states", saved}, {"position", position()}};
}

Result<EditHistory> EditHistory::from_json(const Json& doc) {
    const Json* states = get_array(doc, "states");
    auto pos = get_int(doc, "position");
    if (!pos) pos = get_int(doc, "pos");  // drafts saved before the histories became one
    if (!states || states->empty() || !pos || *pos < 0 || static_cast<std::size_t>(*pos) >= states->size())
        return make_error("bad_draft", "The saved draft is damaged.");
    std::vector<ShopManifest> drafts;
    for (const auto& s : *states) {
        auto m = parse_manifest(s);
        if (!m) return m.error();
        drafts.push_back(std::move(*m));
    }
    EditHistory h;
    h.restore(std::move(drafts), static_cast<std::size_t>(*pos));
    return h;
}

// [SECTION] Compare ------------------------------------------------------------------------------

std::vector<std::string> changed_fields(const ShopManifest& a, const ShopManifest& b) {
    std::vector<std::string> out;
    auto img_eq = [](const ImageRef& x, const ImageRef& y) { return x.src == y.src && x.sha256 == y.sha256; };
    if (a.identity.name != b.identity.name) out.push_back("name");
    if (a.identity.greeting != b.identity.greeting) out.push_back("greeting");
    if (a.identity.contact != b.identity.contact) out.push_back("contact");
    if (!img_eq(a.identity.avatar, b.identity.avatar)) out.push_back("avatar");
    if (!img_eq(a.identity.banner, b.identity.banner)) out.push_back("banner");
    const Theme &x = a.theme, &y = b.theme;
    if (x.primary != y.primary || x.accent != y.accent || x.background != y.background || x.surface != y.surface ||
        x.text != y.text || x.layout != y.layout)
        out.push_back("theme");
    if (a.featured != b.featured) out.push_back("featured");
    if (a.notes != b.notes) out.push_back("notes");
    if (a.products != b.products) out.push_back("products");
    if (a.brands != b.brands) out.push_back("brands");
    return out;
}

bool same_content(const ShopManifest& a, const ShopManifest& b) {
    return a.distributor == b.distributor && a.slug == b.slug && changed_fields(a, b).empty();
}

Result<bool> check_publishable(const ShopManifest& m) {
    bool blank = true;
    for (char c : m.identity.name) blank = blank && (c == ' ' || c == '\t' || c == '\n');
    if (blank) return make_error("no_name", "Give the shop a name before publishing it.");
    if (m.brands.empty()) return make_error("no_brand", "The shop carries no brand.");
    return true;
}

ShopManifest prepare_publish(const ShopManifest& draft, std::int64_t replaces, UtcMs now) {
    ShopManifest m = draft;
    m.version = replaces + 1;
    m.updated_ms = now;
    return m;
}

// [SECTION] Compose ------------------------------------------------------------------------------

Result<bool> apply_draft(ShopView& view, const ShopManifest& draft) {
    const ShopManifest& signed_one = view.shop.manifest;
    if (draft.distributor != signed_one.distributor || draft.slug != signed_one.slug)
        return make_error("wrong_shop", "This draft belongs to another shop.");
    if (draft.brands != signed_one.brands)
        return make_error("wrong_brands", "A draft cannot change which brands the shop carries.");
    view.shop.manifest = draft;
    compose_items(view);
    return true;
}

Result<bool> apply_draft_release(ShopView& view, Release draft) {
    for (auto& b : view.brands)
        if (b.cert.brand == draft.brand) {
            draft.reindex();
            b.release = std::move(draft);
            b.release_error = Error{};
            compose_items(view);
            return true;
        }
    return make_error("wrong_brand", "This shop does not carry the brand of this release.");
}

}  // namespace core
