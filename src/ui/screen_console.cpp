// The brand console: which page the /console/ route asks for, and the pieces every page shares
// (bars and tabs, pickers, the draft toolbar, the live previews, the conflict dialog).
//
// [SECTION] Bars        top bar with the brand and its tabs; the phone's bottom tab bar
// [SECTION] Toolbar     undo, redo, draft status, publish
// [SECTION] Pickers     search fields and rows for products and shops (only the matches shown)
// [SECTION] Previews    phone and desktop, the real consumer screens (ui::Preview)
// [SECTION] Dialogs     a title, words and buttons over the dimmed page; a release published by someone else meanwhile
// [SECTION] Dispatch
#include <algorithm>
#include <cmath>

#include "core/money.h"
#include "imgui_internal.h"
#include "ui/console_ui.h"
#include "ui/order_notices_ui.h"

namespace ui {

namespace {
struct Tab {
    const char* label;
    app::ConsolePage page;
    const char* phone_label = nullptr;  // a shorter word for the phone's bottom bar, where needed
};
const Tab kTabs[] = {{"Preview", app::ConsolePage::Preview},
                     {"Catalog", app::ConsolePage::Catalog},
                     {"Orders", app::ConsolePage::Orders},
                     {"Settlement", app::ConsolePage::Settlement, "Money"},
                     {"Policy", app::ConsolePage::Policy},
                     {"Articles", app::ConsolePage::Articles},
                     {"Insight", app::ConsolePage::Insight},
                     {"Audit", app::ConsolePage::Audit}};

std::string tab_path(const app::ConsoleState& c, app::ConsolePage page) {
    if (page == app::ConsolePage::Preview)
        return app::console_preview_path(c.brand, c.preview_product, c.preview_shop, c.preview_draft && !c.changed.empty());
    return app::console_path(c.brand, page);
}

void tab_icon(ImDrawList* dl, app::ConsolePage page, ImVec2 c, float size, ImU32 col) {
    switch (page) {
        case app::ConsolePage::Preview: {
            // A phone beside a screen.
            const float s = size / 24.f;
            dl->AddRect(ImVec2(c.x - 10 * s, c.y - 7 * s), ImVec2(c.x + 5 * s, c.y + 5 * s), col, 2 * s, 0, 1.8f);
            dl->AddRectFilled(ImVec2(c.x + 2 * s, c.y - 3 * s), ImVec2(c.x + 10 * s, c.y + 9 * s), IM_COL32_WHITE, 2 * s);
            dl->AddRect(ImVec2(c.x + 2 * s, c.y - 3 * s), ImVec2(c.x + 10 * s, c.y + 9 * s), col, 2 * s, 0, 1.8f);
            break;
        }
        case app::ConsolePage::Catalog: draw_editor_icon(dl, EditorIcon::Pencil, c, size, col); break;
        case app::ConsolePage::Audit: {
            // A shield with a check mark: every shop verified.
            const float s = size / 24.f;
            dl->PathLineTo(ImVec2(c.x, c.y - 10 * s));
            dl->PathLineTo(ImVec2(c.x + 8.5f * s, c.y - 6.5f * s));
            dl->PathBezierCubicCurveTo(ImVec2(c.x + 8.5f * s, c.y + 3 * s), ImVec2(c.x + 5 * s, c.y + 8 * s), ImVec2(c.x, c.y + 10.5f * s));
            dl->PathBezierCubicCurveTo(ImVec2(c.x - 5 * s, c.y + 8 * s), ImVec2(c.x - 8.5f * s, c.y + 3 * s), ImVec2(c.x - 8.5f * s, c.y - 6.5f * s));
            dl->PathStroke(col, ImDrawFlags_Closed, 1.8f);
            dl->PathLineTo(ImVec2(c.x - 4 * s, c.y + 0.5f * s));
            dl->PathLineTo(ImVec2(c.x - 1 * s, c.y + 3.5f * s));
            dl->PathLineTo(ImVec2(c.x + 4.5f * s, c.y - 3 * s));
            dl->PathStroke(col, 0, 1.8f);
            break;
        }
        case app::ConsolePage::Insight: {
            // Three bars rising.
            const float s = size / 24.f;
            for (int k = 0; k < 3; ++k) {
                const float x0 = c.x - 9 * s + k * 7 * s, h = (6 + 5 * k) * s;
                dl->AddRectFilled(ImVec2(x0, c.y + 9 * s - h), ImVec2(x0 + 4.5f * s, c.y + 9 * s), col, 1.5f * s);
            }
            break;
        }
        case app::ConsolePage::Policy: {
            // A page with lines: the rules.
            const float s = size / 24.f;
            dl->AddRect(ImVec2(c.x - 8 * s, c.y - 10 * s), ImVec2(c.x + 8 * s, c.y + 10 * s), col, 2 * s, 0, 1.8f);
            for (int k = -1; k <= 1; ++k) dl->AddLine(ImVec2(c.x - 4 * s, c.y + k * 4.5f * s), ImVec2(c.x + 4 * s, c.y + k * 4.5f * s), col, 1.8f);
            break;
        }
        case app::ConsolePage::Articles: {
            // A page with a picture and lines of text.
            const float s = size / 24.f;
            dl->AddRect(ImVec2(c.x - 9 * s, c.y - 10 * s), ImVec2(c.x + 9 * s, c.y + 10 * s), col, 2 * s, 0, 1.8f);
            dl->AddRectFilled(ImVec2(c.x - 5.5f * s, c.y - 6.5f * s), ImVec2(c.x + 5.5f * s, c.y - 1 * s), col, 1 * s);
            for (int k = 0; k < 2; ++k) dl->AddLine(ImVec2(c.x - 5.5f * s, c.y + (3 + k * 3.5f) * s), ImVec2(c.x + 5.5f * s, c.y + (3 + k * 3.5f) * s), col, 1.6f);
            break;
        }
        case app::ConsolePage::Settlement: {
            // A banknote.
            const float s = size / 24.f;
            dl->AddRect(ImVec2(c.x - 11 * s, c.y - 7 * s), ImVec2(c.x + 11 * s, c.y + 7 * s), col, 2.5f * s, 0, 1.8f);
            dl->AddCircle(c, 3.5f * s, col, 16, 1.8f);
            dl->AddCircleFilled(ImVec2(c.x - 7 * s, c.y), 1.3f * s, col);
            dl->AddCircleFilled(ImVec2(c.x + 7 * s, c.y), 1.3f * s, col);
            break;
        }
        default: draw_icon(dl, Icon::Cart, c, size, col); break;
    }
}
}  // namespace

// [SECTION] Bars ---------------------------------------------------------------------------------

namespace {
// The console's tabs as the bars draw them: which is open, the orders' unread badge, and a dot on
// the catalog while a draft differs from what is published.
std::vector<WorkspaceTab> console_tabs(const app::ConsoleState& c) {
    std::vector<WorkspaceTab> tabs;
    for (const Tab& t : kTabs)
        tabs.push_back({t.label, t.phone_label, c.route.page == t.page,
                        t.page == app::ConsolePage::Orders ? c.orders.notices.unread : 0,
                        t.page == app::ConsolePage::Catalog && !c.changed.empty()});
    return tabs;
}

void open_tab(Ui& ui, const app::ConsoleState& c, const Tab& t) {
    ui.emit(app::Navigate{tab_path(c, t.page)});
    if (c.route.page == t.page && t.page == app::ConsolePage::Orders) emit_console(ui, app::NewOrdersSeen{});
}
}  // namespace

void console_top_bar(Ui& ui, const ConsoleFrame& f) {
    const app::ConsoleState& c = ui.state.console;
    const std::string name = c.cert ? c.cert->name : c.brand;
    const std::string sub = ui.t("Brand console");
    const float tabs_x = workspace_bar(ui, f, ui.phone ? f.w - 44 : 220, core::ImageRef{}, name,
                                       sub + (c.published ? "  ·  " + ui.tf("catalog version {}", std::to_string(c.published->version)) : ""),
                                       "console-brand");
    if (ui.phone || c.key_status != app::KeyStatus::Ready) return;
    if (int i = workspace_top_tabs(ui, f, tabs_x, console_tabs(c)); i >= 0) open_tab(ui, c, kTabs[i]);
    const float cy = f.top * 0.5f;
    const std::string so = ui.t("Sign out");
    const float sw = text_size(ui, Font::Strong, so).x + 28;
    ImGui::SetCursorScreenPos(ImVec2(f.x + f.w - sw, cy - 20));
    if (button(ui, "signout", "Sign out", ButtonKind::Ghost, ImVec2(sw, 40))) emit_console(ui, app::BrandSignOut{});
}

void console_tab_bar(Ui& ui, const ConsoleFrame& f) {
    if (!ui.phone) return;
    const app::ConsoleState& c = ui.state.console;
    const int i = workspace_bottom_tabs(ui, f, console_tabs(c), [](ImDrawList* dl, std::size_t k, ImVec2 at, float size, ImU32 col) {
        tab_icon(dl, kTabs[k].page, at, size, col);
    });
    if (i >= 0) open_tab(ui, c, kTabs[i]);
}

// [SECTION] Toolbar ------------------------------------------------------------------------------

void draft_toolbar(Ui& ui, float x, float w) {
    const app::ConsoleState& c = ui.state.console;
    const bool dirty = !c.changed.empty();
    const std::int64_t next = c.published ? c.published->version + 1 : 1;
    DraftBar bar;
    bar.can_undo = c.history.can_undo();
    bar.can_redo = c.history.can_redo();
    bar.dirty = bar.can_publish = dirty;
    bar.publishing = c.publishing.busy();
    bar.publish_label = ui.tf("Publish version {}", std::to_string(next));
    if (dirty) {
        bar.status = ui.count(static_cast<long>(c.changed.size()), "product changed", "products changed") + " · " +
                     (c.saving.saved ? ui.t("draft saved on this device") : ui.t("saving…"));
    } else {
        bar.status = ui.tf("No unpublished changes: version {} is live", c.published ? std::to_string(c.published->version) : "0");
    }
    bar.undo = app::ConsoleAction{app::ConsoleUndo{}};
    bar.redo = app::ConsoleAction{app::ConsoleRedo{}};
    bar.publish = app::ConsoleAction{app::PublishRelease{}};
    draft_bar(ui, x, w, bar);
    if (!c.publishing.error.empty()) message_box(ui, "publish-error", ui.t(c.publishing.error.c_str()), w, true);
    if (c.publishing.version > 0 && !dirty)
        message_box(ui, "published", ui.tf("Published version {}: every shop shows it now.", std::to_string(c.publishing.version)), w, false);
    if (c.restored_draft && dirty) message_box(ui, "restored", ui.t("Your unpublished changes from last time are back."), w, false);
    ImGui::Dummy(ImVec2(w, 2));
}

// [SECTION] Pickers ------------------------------------------------------------------------------

bool picker_search(Ui& ui, const char* id, std::string& query, const char* placeholder, float w) {
    const ImVec2 sp = ImGui::GetCursorScreenPos();
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(40, ui.phone ? 12 : 10));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 22);
    const bool changed = text_field(ui, id, "", query, placeholder, platform::InputMode::Search, w);
    ImGui::PopStyleVar(2);
    draw_icon(ImGui::GetWindowDrawList(), Icon::Search, ImVec2(sp.x + 22, sp.y + (ui.phone ? 22 : 19)), 18, ui.pal.muted);
    return changed;
}

namespace {
void more_hint(Ui& ui, std::size_t shown, std::size_t total, float w) {
    if (total > shown)
        hint(ui, ui.tf("Showing the first {}: type to find the others.", std::to_string(shown)), w);
    else if (total == 0)
        hint(ui, ui.t("No match. Try fewer or other words."), w);
}
}  // namespace

void product_rows(Ui& ui, float x, float w, float h, const std::string& selected, const std::function<void(const std::string&)>& pick) {
    const app::ConsoleState& c = ui.state.console;
    if (!c.published) return;
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    ImGui::BeginChild("##product-rows", ImVec2(w, h), false, ImGuiWindowFlags_NoBackground);
    const float row_h = 60;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string& currency = c.published->currency;
    for (std::size_t idx : c.product_matches.shown) {
        const core::Product& pub = c.published->products[idx];
        const core::Product& p = *core::draft_product(*c.published, c.history.current(), pub.id);
        const bool edited = std::find(c.changed.begin(), c.changed.end(), p.id) != c.changed.end();
        const ImVec2 rp = ImGui::GetCursorScreenPos();
        ImGui::PushID(p.id.c_str());
        if (ImGui::InvisibleButton("##pick", ImVec2(w - 8, row_h))) pick(p.id);
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        const bool on = p.id == selected;
        if (on || hovered) dl->AddRectFilled(rp, ImVec2(rp.x + w - 8, rp.y + row_h), on ? ui.pal.primary_soft : ui.pal.surface_alt, 10);
        image(ui, p.thumb.empty() && !p.images.empty() ? p.images.front() : p.thumb, ImVec2(rp.x + 6, rp.y + 8), ImVec2(rp.x + 50, rp.y + 52), 8);
        draw_text_clamped(ui, Font::Body, ImVec2(rp.x + 60, rp.y + 9), w - 8 - 70, 1, ui.pal.text, p.title);
        draw_text(ui, Font::Small, ImVec2(rp.x + 60, rp.y + 33), ui.pal.muted, core::format_money(p.price, currency));
        if (edited) {
            const std::string e = ui.t("Edited");
            const ImVec2 es = text_size(ui, Font::Small, e);
            const ImVec2 ep(rp.x + w - 8 - es.x - 20, rp.y + 32);
            dl->AddRectFilled(ep, ImVec2(ep.x + es.x + 12, ep.y + es.y + 2), ui.pal.accent_soft, 8);
            draw_text(ui, Font::Small, ImVec2(ep.x + 6, ep.y + 1), ui.pal.accent, e);
        }
        ui.canvas.expose("product-pick", p.title, rp, ImVec2(rp.x + w - 8, rp.y + row_h), p.id);
        ImGui::SetCursorScreenPos(ImVec2(rp.x, rp.y + row_h + 2));
    }
    ImGui::Dummy(ImVec2(0, 4));
    more_hint(ui, c.product_matches.shown.size(), c.product_matches.total, w - 16);
    ImGui::Dummy(ImVec2(0, 8));
    ImGui::EndChild();
}

void shop_rows(Ui& ui, float x, float w, float h, const std::string& selected, const std::function<void(const std::string&)>& pick) {
    const app::ConsoleState& c = ui.state.console;
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    ImGui::BeginChild("##shop-rows", ImVec2(w, h), false, ImGuiWindowFlags_NoBackground);
    if (c.shops_status == app::ConsoleLoad::Loading || c.shops_status == app::ConsoleLoad::Idle) {
        hint(ui, ui.t("Loading the brand's shops…"), w - 16);
    } else if (c.shops_status != app::ConsoleLoad::Ready) {
        message_box(ui, "shops-error", c.shops_error, w - 16, true);
    }
    const float row_h = 54;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t idx : c.shop_matches.shown) {
        const app::BrandShop& s = c.shops[idx];
        const ImVec2 rp = ImGui::GetCursorScreenPos();
        ImGui::PushID(s.slug.c_str());
        if (ImGui::InvisibleButton("##pick", ImVec2(w - 8, row_h))) pick(s.slug);
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        const bool on = s.slug == selected;
        if (on || hovered) dl->AddRectFilled(rp, ImVec2(rp.x + w - 8, rp.y + row_h), on ? ui.pal.primary_soft : ui.pal.surface_alt, 10);
        avatar(ui, s.avatar, s.name, ImVec2(rp.x + 26, rp.y + row_h * 0.5f), 18, 0);
        draw_text_clamped(ui, Font::Body, ImVec2(rp.x + 54, rp.y + 7), w - 8 - 62, 1, ui.pal.text, s.name);
        draw_text(ui, Font::Small, ImVec2(rp.x + 54, rp.y + 30), ui.pal.muted, "/s/" + s.slug + "  ·  " + ui.tf("level {}", std::to_string(s.level)));
        ui.canvas.expose("shop-pick", s.name, rp, ImVec2(rp.x + w - 8, rp.y + row_h), s.slug);
        ImGui::SetCursorScreenPos(ImVec2(rp.x, rp.y + row_h + 2));
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (c.shops_status == app::ConsoleLoad::Ready) more_hint(ui, c.shop_matches.shown.size(), c.shop_matches.total, w - 16);
    ImGui::Dummy(ImVec2(0, 8));
    ImGui::EndChild();
}

// [SECTION] Previews -----------------------------------------------------------------------------

Preview& console_preview(Device device) {
    static Preview phone(Device::Phone), desktop(Device::Desktop);
    return device == Device::Phone ? phone : desktop;
}

float console_previews(Ui& ui, float x, float y, float w, float max_h, bool phone_only, const core::Article* article, bool article_draft) {
    const app::ConsoleState& c = ui.state.console;
    const float gap = ui.phone ? 12 : 24;
    const float ph_ratio = Preview::device_height(Device::Phone) / Preview::device_width(Device::Phone);
    const float dk_ratio = Preview::device_height(Device::Desktop) / Preview::device_width(Device::Desktop);
    float phone_w, desk_w = 0;
    if (phone_only) {
        phone_w = std::min(w, max_h > 0 ? std::floor((max_h - 22) / ph_ratio) : w);
    } else if (ui.phone) {
        phone_w = std::floor((w - gap) * 0.42f);
        desk_w = w - gap - phone_w;
    } else {
        phone_w = std::min(320.f, std::floor((max_h - 22) / ph_ratio));
        desk_w = std::min(w - gap - phone_w, (max_h - 22) / dk_ratio * 1.6f);
        desk_w = std::max(desk_w, 0.f);
        desk_w = std::min(desk_w, w - gap - phone_w);
    }
    const float tallest = std::max(phone_w * ph_ratio, desk_w * dk_ratio);
    const app::PreviewShop& ps = c.shop;
    if (ps.status != app::ConsoleLoad::Ready || !ps.view) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 a(x, y + 22), b(x + w, y + 22 + std::max(160.f, std::min(tallest, 360.f)));
        dl->AddRectFilled(a, b, ui.pal.surface_alt, 14);
        if (ps.status == app::ConsoleLoad::Loading || (ps.status == app::ConsoleLoad::Idle && !c.preview_shop.empty())) {
            console_spinner(ui, ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f - 20), "Loading the shop…");
        } else {
            const std::string text = ps.status == app::ConsoleLoad::Idle
                                         ? ui.t(article ? "Pick a shop to see the article in it." : "Pick a shop to see the product in it.")
                                         : ps.error;
            ImGui::SetCursorScreenPos(ImVec2(a.x + 16, a.y + 16));
            message_box(ui, "preview-error", text, w - 32, ps.status != app::ConsoleLoad::Idle);
        }
        ImGui::SetCursorScreenPos(ImVec2(x, b.y + 10));
        return b.y + 10 - y;
    }
    // Both previews follow the product being looked at (or open on the article), inside the shop picked.
    static std::string shown;
    const std::string key = ps.view->shop.manifest.slug + "|" + (article ? std::string("|article") : c.preview_product);
    if (shown != key) {
        shown = key;
        const std::string& slug = ps.view->shop.manifest.slug;
        const std::string path = article ? app::shop_path(slug) : app::product_path(slug, c.preview_product);
        console_preview(Device::Phone).navigate(path);
        console_preview(Device::Desktop).navigate(path);
    }
    const float top = y;
    if ((article ? article_draft : ps.showing_draft) && !phone_only) {
        // Nobody mistakes the draft for what customers see: it says so over the previews (on a phone,
        // in a row of its own above the two captions).
        const std::string tag = ui.t("Unpublished draft: only you see this");
        const ImVec2 ts = text_size(ui, Font::Small, tag);
        const ImVec2 tp(ui.phone ? x : x + w - ts.x - 16, y - 3);
        ImGui::GetWindowDrawList()->AddRectFilled(tp, ImVec2(tp.x + ts.x + 16, tp.y + ts.y + 6), ui.pal.accent_soft, (ts.y + 6) * 0.5f);
        draw_text(ui, Font::Small, ImVec2(tp.x + 8, tp.y + 3), ui.pal.accent, tag);
        ui.canvas.expose("draft-tag", tag, tp, ImVec2(tp.x + ts.x + 16, tp.y + ts.y + 6));
        if (ui.phone) y += ts.y + 12;
    }
    draw_text(ui, Font::Small, ImVec2(x, y), ui.pal.muted, ui.t("On a phone"));
    if (!phone_only) draw_text(ui, Font::Small, ImVec2(x + phone_w + gap, y), ui.pal.muted, ui.t("On a desktop"));
    const float py = y + 22;
    console_preview(Device::Phone).show(ui, *ps.view, ImVec2(x, py), phone_w, "preview-phone:", article);
    if (!phone_only && desk_w > 40)
        console_preview(Device::Desktop).show(ui, *ps.view, ImVec2(x + phone_w + gap, py), desk_w, "preview-desktop:", article);
    ImGui::SetCursorScreenPos(ImVec2(x, py + tallest + 10));
    return py + tallest + 10 - top;
}

// [SECTION] Dialogs ------------------------------------------------------------------------------

namespace {
void dim(Ui& ui) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    ImGui::SetNextWindowBgAlpha(0.f);
    ImGui::Begin("##console-dialog", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, ui.height), IM_COL32(15, 23, 42, 110));
}

std::string product_titles(const app::ConsoleState& c, const std::vector<std::string>& ids, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < max; ++i) {
        const core::Product* p = c.published ? core::draft_product(*c.published, c.history.current(), ids[i]) : nullptr;
        out += (out.empty() ? "" : ", ") + (p ? p->title : ids[i]);
    }
    if (ids.size() > max) out += ", …";
    return out;
}
}  // namespace

void release_conflict_dialog(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    if (!c.conflict.open) return;
    const std::string title = ui.t(c.conflict.restored ? "A new version was published since your last visit" : "Someone else published first");
    std::string body;
    if (c.conflict.loading) {
        body = ui.t("Loading the version published meanwhile…");
    } else if (!c.conflict.error.empty()) {
        body = c.conflict.error;
    } else {
        body = ui.tf("Version {} was published while you were editing, so your draft was not published and nothing was overwritten.",
                     std::to_string(c.conflict.their_version));
        if (!c.conflict.they_changed.empty())
            body += " " + ui.tf("It changed: {}.", product_titles(c, c.conflict.they_changed, 4));
        if (!c.conflict.both_changed.empty())
            body += " " + ui.tf("You both changed: {}. Keeping your changes puts yours on top for those.", product_titles(c, c.conflict.both_changed, 4));
        if (!c.conflict.dropped.empty())
            body += " " + ui.tf("No longer in the catalog, so your edits to them are dropped: {}.", product_titles(c, c.conflict.dropped, 4));
    }
    const bool ready = !c.conflict.loading && c.conflict.theirs;
    console_dialog(ui, title, "Someone else published first", body,
                   {{"keep", "Keep my changes on top of it (publish again after a look)", ButtonKind::Primary, ready,
                     app::ConsoleAction{app::ResolveReleaseConflict{true}}},
                    {"take", ready ? "Drop my draft and take their version" : "Close", ButtonKind::Secondary, ready || !c.conflict.loading,
                     app::ConsoleAction{app::ResolveReleaseConflict{false}}}},
                   c.conflict.loading);
}

void console_dialog(Ui& ui, const std::string& title, const std::string& title_id, const std::string& body,
                    const std::vector<DialogButton>& buttons, bool waiting) {
    dim(ui);
    const float w = std::min(ui.width - 24, 540.f);
    const float x = (ui.width - w) * 0.5f;
    const float iw = w - 48;
    const ImVec2 ts = text_size(ui, Font::Title, title, iw), bs = text_size(ui, Font::Body, body, iw);
    const float h = 24 + ts.y + 12 + bs.y + 24 + static_cast<float>(buttons.size()) * 56 + 12;
    const float y = std::max(12.f, (ui.height - h) * 0.4f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), ui.pal.surface, 16);
    draw_text(ui, Font::Title, ImVec2(x + 24, y + 24), ui.pal.text, title, iw);
    ui.canvas.expose("dialog-title", title, ImVec2(x + 24, y + 24), ImVec2(x + w - 24, y + 24 + ts.y), title_id);
    dialog_card(ui, title, ImVec2(x, y), ImVec2(x + w, y + h));  // (no Escape: each way out keeps or drops someone's work)
    draw_text(ui, Font::Body, ImVec2(x + 24, y + 36 + ts.y), ui.pal.muted, body, iw);
    ui.canvas.expose("conflict-text", body, ImVec2(x + 24, y + 36 + ts.y), ImVec2(x + w - 24, y + 36 + ts.y + bs.y));
    float by = y + 36 + ts.y + bs.y + 24;
    for (const auto& b : buttons) {
        ImGui::SetCursorScreenPos(ImVec2(x + 24, by));
        if (button(ui, b.id, b.label, b.kind, ImVec2(iw, 46), b.enabled)) ui.emit(b.action);
        by += 56;
    }
    if (waiting) ui.canvas.animate();
    ImGui::End();
}

// [SECTION] Dispatch -----------------------------------------------------------------------------

void show_console(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    // A Chinese brand gets a Chinese console, as its shops get a Chinese storefront.
    if (c.cert) ui.lang = lang_for_locale(c.cert->locale);
    if (c.route.page == app::ConsolePage::NotFound) {
        notice_page(ui, Icon::Search, "This page does not exist",
                    ui.t("The brand console lives at /console/<brand id>, for example /console/b_huaxi."),
                    {{"Go to the shops", app::Navigate{"/"}}});
        return;
    }
    const ConsoleFrame f = console_frame(ui);
    switch (c.load) {
        case app::ConsoleLoad::Idle:
        case app::ConsoleLoad::Loading: return console_spinner(ui, ImVec2(ui.width * 0.5f, ui.height * 0.42f), "Opening the brand console…");
        case app::ConsoleLoad::NotFound:
            notice_page(ui, Icon::Store, "No such brand here", c.load_error, {{"Go to the shops", app::Navigate{"/"}}});
            return;
        case app::ConsoleLoad::Refused:
            notice_page(ui, Icon::Alert, "This brand could not be verified", c.load_error, {{"Go to the shops", app::Navigate{"/"}}});
            return;
        case app::ConsoleLoad::Failed:
            notice_page(ui, Icon::Alert, "The brand console did not load", c.load_error,
                        {{"Try again", app::Navigate{ui.state.route.path, true}}});
            return;
        case app::ConsoleLoad::Ready: break;
    }
    if (c.key_status == app::KeyStatus::Unknown) return console_spinner(ui, ImVec2(ui.width * 0.5f, ui.height * 0.42f), "Opening the brand console…");
    if (c.key_status != app::KeyStatus::Ready) {
        show_console_sign_in(ui);
        console_top_bar(ui, f);
        return;
    }
    switch (c.route.page) {
        case app::ConsolePage::Catalog: show_console_catalog(ui); break;
        case app::ConsolePage::Orders: show_console_orders(ui); break;
        case app::ConsolePage::Settlement: show_console_settlement(ui); break;
        case app::ConsolePage::Policy: show_console_policy(ui); break;
        case app::ConsolePage::Audit: show_console_audit(ui); break;
        case app::ConsolePage::Insight: show_console_insight(ui); break;
        case app::ConsolePage::Articles: show_console_articles(ui); break;
        default: show_console_preview(ui); break;
    }
    console_top_bar(ui, f);
    console_tab_bar(ui, f);
    release_conflict_dialog(ui);
    article_dialogs(ui);
}

}  // namespace ui
