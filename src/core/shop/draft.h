// Draft: the distributor's own, not yet signed, version of their shop manifest, and everything the
// editor does to it.
//
// [SECTION] Edits     the only changes the editor can make: identity text, images, theme, featured
//                     products and their order, personal notes. A manifest holds product ids, never
//                     product content, so nothing here can reach a brand's title, images,
//                     description, specs or price.
// [SECTION] Themes    colour and layout presets
// [SECTION] History   undo/redo over manifest snapshots; typing in one field is one step
// [SECTION] Compare   what differs between two manifests (the conflict view names it)
// [SECTION] Compose   a ShopView showing a draft: the signed parts stay verified, only the manifest
//                     (or, for the brand console, a release) is the caller's own work in progress
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "core/history.h"
#include "core/shop/shop.h"
#include "core/time.h"

namespace core {

// [SECTION] Edits
enum class TextField { Name, Greeting, Contact };
enum class ImageSlot { Avatar, Banner };

constexpr std::size_t kMaxFeatured = 12;

// Each returns true when the manifest changed, or an error in plain words (nothing changes then).
Result<bool> set_text(ShopManifest& m, TextField field, const std::string& value);
Result<bool> set_note(ShopManifest& m, const std::string& product, const std::string& text);  // "" removes
bool set_image(ShopManifest& m, ImageSlot slot, const ImageRef& ref);                        // empty ref removes
bool set_theme(ShopManifest& m, const Theme& theme);
// Featured products: add at the end or remove; move keeps every other one in its order.
Result<bool> set_featured(ShopManifest& m, const std::string& product, bool featured);
bool move_featured(ShopManifest& m, std::size_t from, std::size_t to);

// [SECTION] Themes
struct ThemePreset {
    std::string id, name;  // name is English; the UI translates it
    Theme theme;
};
const std::vector<ThemePreset>& theme_presets();
// The preset whose colours match (layout aside), or nullptr for custom colours.
const ThemePreset* find_preset(const Theme& theme);
// Readable text on the colour (WCAG contrast of the primary against white, 3:1 for large UI text).
bool readable_on_white(std::uint32_t rgb);
// WCAG contrast ratio of two colours (1 to 21).
double contrast_ratio(std::uint32_t a, std::uint32_t b);
// A distributor's own main colour on top of a theme: the colour, darkened just enough that white
// text on it and prices in it on the shop's background stay readable (3:1, large UI text).
Theme with_main_colour(const Theme& base, std::uint32_t rgb);
// The colours the editor offers for that (a palette, so shops stay tasteful).
const std::vector<std::uint32_t>& main_colour_choices();

// [SECTION] History
// Two drafts are the same step when they show the same shop (version and time aside).
bool same_content(const ShopManifest& a, const ShopManifest& b);
template <>
inline bool same_state<ShopManifest>(const ShopManifest& a, const ShopManifest& b) {
    return same_content(a, b);
}

// The shop draft's undo history: core::UndoHistory (history.h), with its autosave form.
class EditHistory : public UndoHistory<ShopManifest> {
public:
    using UndoHistory<ShopManifest>::UndoHistory;
    // Autosave: every snapshot and the position, restored exactly.
    Json to_json() const;
    static Result<EditHistory> from_json(const Json& doc);
};

// [SECTION] Compare
// True when two manifests show the same shop (version and updated_ms aside).
bool same_content(const ShopManifest& a, const ShopManifest& b);
// Fields that differ: "name", "greeting", "contact", "avatar", "banner", "theme", "featured",
// "notes", "products", "brands" (in that order).
std::vector<std::string> changed_fields(const ShopManifest& a, const ShopManifest& b);
// A shop a consumer can open: it needs a name. Returns the problem in plain words.
Result<bool> check_publishable(const ShopManifest& m);
// The manifest to sign when publishing a draft over `replaces` (the version it was based on).
ShopManifest prepare_publish(const ShopManifest& draft, std::int64_t replaces, UtcMs now);

// [SECTION] Compose (compose_items, which rebuilds a view's items, is in shop.h)
// Shows `draft` in a view composed from the shop's signed bundle (compose_shop). The draft must be
// the same distributor's, at the same address, with the same brands: the enrollment chains
// verified for the view stay the ones that apply. Cheap enough to run on every keystroke.
Result<bool> apply_draft(ShopView& view, const ShopManifest& draft);
// The brand console's preview: a release the brand is still editing (not yet signed) replaces the
// brand's verified one in the view.
Result<bool> apply_draft_release(ShopView& view, Release draft);

}  // namespace core
