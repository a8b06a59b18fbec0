// Widgets shared by the screens: text, buttons, icons, images, prices, fields, chips, cards.
// Drawn with ImDrawList so the shop looks like a shop, not like a debug panel; every clickable
// widget is at least 44 px tall on phones and reports itself to the test hook.
//
// [SECTION] Text       draw_text, wrapped and clamped text
// [SECTION] Icons      simple vector icons
// [SECTION] Controls   button, icon button, chip, stepper, text field, a dialog's card
// [SECTION] Media      image (cover fit, placeholder), avatar
// [SECTION] Commerce   price, verified badge, product card
// [SECTION] Lists      the rows a clipper drew, and the undrawn ones next to them
#pragma once
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "core/analytics/dashboard.h"
#include "core/catalog/article.h"
#include "core/catalog/catalog.h"
#include "core/shop/shop.h"
#include "ui/ui.h"

namespace ui {

// [SECTION] Text
ImVec2 text_size(const Ui& ui, Font f, const std::string& text, float wrap = 0);
void draw_text(const Ui& ui, Font f, ImVec2 pos, ImU32 color, const std::string& text, float wrap = 0);
// Lays out wrapped text at the cursor and advances it.
void text_block(const Ui& ui, Font f, ImU32 color, const std::string& text, float width);
// Draws at most `lines` lines, ending with an ellipsis if cut. Returns the height used.
float draw_text_clamped(const Ui& ui, Font f, ImVec2 pos, float width, int lines, ImU32 color, const std::string& text);

// [SECTION] Icons
enum class Icon { Search, Cart, Back, Share, Close, Plus, Minus, Check, ChevronRight, Image, Shield, Store, Copy, Alert };
void draw_icon(ImDrawList* dl, Icon icon, ImVec2 center, float size, ImU32 color);

// [SECTION] Controls
enum class ButtonKind { Primary, Secondary, Ghost, Danger };
bool button(Ui& ui, const char* id, const std::string& label, ButtonKind kind, ImVec2 size, bool enabled = true);
bool icon_button(Ui& ui, const char* id, Icon icon, const char* label, float size = space::touch, int badge = 0);
bool chip(Ui& ui, const char* id, const std::string& label, bool selected);
// Returns the new quantity (or the same one).
int stepper(Ui& ui, const char* id, int quantity, int min_value, int max_value);
// A labelled field editing `value`. Returns true when edited. The field reports its rectangle so
// a tap on it focuses the hidden textarea (phone keyboard, IME) inside the tap's own event.
bool text_field(Ui& ui, const char* id, const std::string& label, std::string& value, const std::string& placeholder,
                platform::InputMode mode, float width, bool multiline = false, const std::string& error = "",
                ImGuiInputTextFlags flags = 0);

// A modal dialog's card: exposed as one ("dialog": the semantics mirror keeps only what is inside it,
// and says it is a dialog named by its title). Returns true when Escape was pressed: the dialog's
// way out (its "Cancel").
bool dialog_card(Ui& ui, const std::string& title, ImVec2 min, ImVec2 max);

// [SECTION] Media
void image(Ui& ui, const core::ImageRef& ref, ImVec2 min, ImVec2 max, float rounding, ImDrawFlags corners = ImDrawFlags_RoundCornersAll);
void avatar(Ui& ui, const core::ImageRef& ref, const std::string& name, ImVec2 center, float radius, ImU32 ring);

// [SECTION] Commerce
// Returns the price as drawn (what a card's semantic node says).
std::string draw_price(const Ui& ui, ImVec2 pos, core::Minor price, core::Minor list_price, const std::string& currency,
                       Font f, ImU32 color);
float verified_badge(Ui& ui, ImVec2 pos, const std::string& brand_name);  // returns width
bool product_card(Ui& ui, const core::ShopItem& item, ImVec2 min, float width, float image_height);
// The distributor's own words about a product or an article, in a card of their own under their
// name and avatar, labelled as not the brand's.
void distributor_note(Ui& ui, const core::ShopView& view, const std::string& note, float width);
// A campaign as people know it: a brand article's campaign (its id) as "Article: <title>" when the
// article is loaded, any other campaign as typed.
std::string campaign_label(const Ui& ui, const std::string& campaign);
// A brand article's card (cover, title, summary) on the shop home; true when tapped.
bool article_card(Ui& ui, const core::Article& a, const std::string& brand_name, ImVec2 min, float width, float height);
// An order status in words ("Delivered"), English: the caller translates it with ui.t.
const char* order_status_word(core::OrderStatus s);

// Plain section title with optional trailing note ("32 products").
void section_title(Ui& ui, const std::string& title, const std::string& note, float width);
// Draws a soft drop shadow under a rounded rectangle.
void shadow_rect(ImDrawList* dl, ImVec2 min, ImVec2 max, float rounding, ImU32 color, float spread = 6);

// The distributor's editor and the brand's console lay out alike: fixed bars (a top bar; on phones
// a tab bar at the bottom) around a centred content column at most `max_width` wide.
struct WorkspaceFrame {
    float top = 0, bottom = 0;  // fixed bars
    float x = 0, w = 0;         // the content column
};
WorkspaceFrame workspace_frame(const Ui& ui, float max_width);
// A turning arc with a line of text under it (translated here), while a workspace opens or loads.
void busy_spinner(Ui& ui, ImVec2 center, const std::string& text, float radius);
// The left of a workspace's top bar: its surface, an avatar, the name and a line under it (exposed to
// tests as `expose_kind`). Returns where the bar's tabs may start.
float workspace_bar(Ui& ui, const WorkspaceFrame& f, float name_w, const core::ImageRef& picture, const std::string& name,
                    const std::string& line, const char* expose_kind);
// A workspace's tabs: in the top bar from `x` on a desktop (workspace_top_tabs), evenly along the
// bottom on a phone (workspace_bottom_tabs, each with its icon, drawn by `icon`). A tab shows an
// unread count as a badge and `dot` as an accent dot (something not yet published). Each returns
// the index of the tab tapped this frame, or -1.
struct WorkspaceTab {
    const char* label;                // English; translated here, and the test hook's id
    const char* phone_label = nullptr;  // shorter, for the bottom bar; nullptr: label
    bool on = false;
    int unread = 0;
    bool dot = false;
};
int workspace_top_tabs(Ui& ui, const WorkspaceFrame& f, float x, const std::vector<WorkspaceTab>& tabs);
int workspace_bottom_tabs(Ui& ui, const WorkspaceFrame& f, const std::vector<WorkspaceTab>& tabs,
                          const std::function<void(ImDrawList*, std::size_t, ImVec2, float, ImU32)>& icon);

// Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y pressed this frame outside a text field: -1 undo, +1 redo, 0 none.
// Every editor with an undo history takes the same keys.
int undo_shortcut();

// [SECTION] Lists
// The rows a clipper drew over all its steps, and the row just above and just below them: a long
// list puts those two in the mirror undrawn (Canvas::expose_beyond) so Tab and a screen reader's
// next item go on past the screen's edge, and the page scrolls to where they go.
struct ClippedRows {
    explicit ClippedRows(int count) : count(count), from(count) {}
    void note(const ImGuiListClipper& c) { from = std::min(from, c.DisplayStart), to = std::max(to, c.DisplayEnd); }
    // Each of the (at most two) rows beyond, in order.
    template <class F>
    void each_beyond(F&& f) const {
        if (from >= to) return;
        if (from > 0) f(from - 1);
        if (to < count) f(to);
    }
    int count, from, to = 0;
};

}  // namespace ui
