// The editor: the distributor's draft on the left (identity, pictures, look, featured products and
// their order, personal notes), the live preview on the right, phone and desktop side by side,
// drawn by the real consumer screens. Brand content is shown locked. Undo/redo, autosave, publish,
// and a conflict (published from another device) that is shown, never silently overwritten.
//
// [SECTION] Toolbar     undo, redo, draft status, publish
// [SECTION] Identity    banner, avatar, name, greeting, contact
// [SECTION] Look        theme presets, layout
// [SECTION] Featured    drag to reorder
// [SECTION] Products    feature, personal notes; the brand's content locked
// [SECTION] Key         key file backup
// [SECTION] Dialogs     picture framing, conflict
// [SECTION] Page        layout at phone and desktop sizes, previews
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/money.h"
#include "core/text.h"
#include "imgui_internal.h"
#include "ui/editor_ui.h"
#include "ui/preview.h"

namespace ui {

namespace {

const char* field_word(const std::string& f) {
    if (f == "name") return "Shop name";
    if (f == "greeting") return "Greeting";
    if (f == "contact") return "Contact";
    if (f == "avatar") return "Profile picture";
    if (f == "banner") return "Banner";
    if (f == "theme") return "Colours and layout";
    if (f == "featured") return "Featured products";
    if (f == "notes") return "Notes";
    if (f == "products") return "Product selection";
    return "Brands";
}

// [SECTION] Toolbar ------------------------------------------------------------------------------

void toolbar(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const bool dirty = !core::same_content(e.history.current(), e.published);
    DraftBar bar;
    bar.can_undo = e.history.can_undo();
    bar.can_redo = e.history.can_redo();
    bar.dirty = bar.can_publish = dirty;
    bar.publishing = e.publishing.busy();
    bar.publish_label = ui.t("Publish");
    bar.status = dirty ? (e.saving.saved ? ui.t("Draft saved on this device") : ui.t("Saving draft…")) : ui.t("Your shop shows this version");
    bar.undo = app::EditorAction{app::Undo{}};
    bar.redo = app::EditorAction{app::Redo{}};
    bar.publish = app::EditorAction{app::Publish{}};
    draft_bar(ui, x, w, bar);
    if (!e.publishing.error.empty()) message_box(ui, "publish-error", e.publishing.error, w, true);
    if (e.restored_draft && dirty) message_box(ui, "restored", ui.t("Your unpublished changes from last time are back."), w, false);
    ImGui::Dummy(ImVec2(w, 2));
}

// [SECTION] Identity -----------------------------------------------------------------------------

void identity(Ui& ui, float x, float w) {
    app::EditorState& e = editor_buffers(ui);
    const core::ShopManifest& m = e.history.current();
    card_begin(ui, "Your shop", x, w);
    const float iw = w - 32;
    // Banner, with the avatar overlapping it as the shop shows them.
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float bh = std::round(iw / 3.f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!m.identity.banner.empty()) image(ui, m.identity.banner, p, ImVec2(p.x + iw, p.y + bh), 10);
    else dl->AddRectFilledMultiColor(p, ImVec2(p.x + iw, p.y + bh), ui.pal.primary, ui.pal.accent, ui.pal.accent, ui.pal.primary);
    ui.canvas.expose("banner", m.identity.banner.src.empty() ? "no banner" : m.identity.banner.src, p, ImVec2(p.x + iw, p.y + bh));
    ui.canvas.describe(ui.t("Banner"));  // (a screen reader says what it is, not its file's address)
    const float cbw = ui.phone ? 120 : 136;
    ImGui::SetCursorScreenPos(ImVec2(p.x + iw - cbw - 8, p.y + 8));
    if (button(ui, "banner", "Change banner", ButtonKind::Secondary, ImVec2(cbw, 36)))
        emit_editor(ui, app::PickImage{core::ImageSlot::Banner});
    const float ar = 34;
    const ImVec2 ac(p.x + 16 + ar, p.y + bh);
    avatar(ui, m.identity.avatar, m.identity.name, ac, ar, ui.pal.surface);
    ui.canvas.expose("avatar", m.identity.avatar.src.empty() ? "no avatar" : m.identity.avatar.src, ImVec2(ac.x - ar, ac.y - ar),
                     ImVec2(ac.x + ar, ac.y + ar));
    ui.canvas.describe(ui.t("Profile picture"));
    ImGui::SetCursorScreenPos(ImVec2(ac.x + ar + 12, p.y + bh + 6));
    if (button(ui, "avatar", "Change picture", ButtonKind::Ghost, ImVec2(ui.phone ? 136 : 150, 36)))
        emit_editor(ui, app::PickImage{core::ImageSlot::Avatar});
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + bh + ar + 14));
    if (!e.upload.error.empty()) {
        message_box(ui, "upload-error", e.upload.error, iw, true);
        ImGui::Dummy(ImVec2(0, 4));
    }
    hint(ui, ui.t("PNG or JPEG up to 12 MB. You frame it before it is used."), iw);
    ImGui::Dummy(ImVec2(0, 6));
    auto err = [&](const char* k) {
        auto it = e.field_errors.find(k);
        return it == e.field_errors.end() ? std::string() : std::string(ui.t(it->second.c_str()));
    };
    if (text_field(ui, "name", "Shop name", e.fields.name, "e.g. Lily's Tea House", platform::InputMode::Text, iw, false, err("name")))
        emit_editor(ui, app::EditText{core::TextField::Name, e.fields.name});
    ImGui::Dummy(ImVec2(0, 4));
    if (text_field(ui, "greeting", "Greeting", e.fields.greeting, "A few words to your customers", platform::InputMode::Text, iw, true,
                   err("greeting")))
        emit_editor(ui, app::EditText{core::TextField::Greeting, e.fields.greeting});
    ImGui::Dummy(ImVec2(0, 4));
    if (text_field(ui, "contact", "Contact", e.fields.contact, "WeChat, WhatsApp or phone", platform::InputMode::Text, iw, false,
                   err("contact")))
        emit_editor(ui, app::EditText{core::TextField::Contact, e.fields.contact});
    card_end(ui);
}

// [SECTION] Look ---------------------------------------------------------------------------------

void look(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const core::Theme& cur = e.history.current().theme;
    card_begin(ui, "Look", x, w);
    const float iw = w - 32;
    hint(ui, ui.t("Colours"), iw, ui.pal.text);
    ImGui::Dummy(ImVec2(0, 2));
    const auto& presets = core::theme_presets();
    const float sw = ui.phone ? 50 : 56;
    const int per_row = std::max(1, static_cast<int>((iw + 8) / (sw + 8)));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const core::ThemePreset* active = core::find_preset(cur);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < presets.size(); ++i) {
        const auto& pr = presets[i];
        const ImVec2 p(p0.x + (i % per_row) * (sw + 8), p0.y + (i / per_row) * (sw + 26));
        ImGui::SetCursorScreenPos(p);
        ImGui::PushID(pr.id.c_str());
        if (ImGui::InvisibleButton("##preset", ImVec2(sw, sw + 18))) {
            core::Theme t = pr.theme;
            t.layout = cur.layout;
            emit_editor(ui, app::SetTheme{t});
        }
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        const ImVec2 c(p.x + sw * 0.5f, p.y + sw * 0.5f - 4);
        const float r = sw * 0.36f;
        dl->AddCircleFilled(c, r, rgb(pr.theme.primary), 32);
        dl->PathArcTo(c, r, -0.25f * IM_PI, 0.75f * IM_PI, 16);
        dl->PathFillConvex(rgb(pr.theme.accent));
        if (&pr == active) dl->AddCircle(c, r + 4, ui.pal.text, 32, 2.f);
        const std::string name = ui.t(pr.name.c_str());
        const ImVec2 ns = text_size(ui, Font::Small, name);
        draw_text(ui, Font::Small, ImVec2(c.x - std::min(ns.x, sw + 6) * 0.5f, p.y + sw - 2), &pr == active ? ui.pal.text : ui.pal.muted, name);
        ui.canvas.expose("theme", name, p, ImVec2(p.x + sw, p.y + sw + 18), pr.name);
    }
    const int rows = static_cast<int>((presets.size() + per_row - 1) / per_row);
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + rows * (sw + 26)));
    // Or a main colour of their own on top of the chosen colours (kept readable by the core).
    hint(ui, ui.t("Main colour"), iw, ui.pal.text);
    ImGui::Dummy(ImVec2(0, 2));
    {
        const float d = 44;  // a touch target
        const int per = std::max(1, static_cast<int>((iw + 8) / (d + 8)));
        const ImVec2 q0 = ImGui::GetCursorScreenPos();
        const auto& colours = core::main_colour_choices();
        for (std::size_t i = 0; i < colours.size(); ++i) {
            const core::Theme t = core::with_main_colour(cur, colours[i]);
            const ImVec2 q(q0.x + (i % per) * (d + 8), q0.y + (i / per) * (d + 8));
            ImGui::SetCursorScreenPos(q);
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::InvisibleButton("##colour", ImVec2(d, d))) emit_editor(ui, app::SetTheme{t});
            if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            ImGui::PopID();
            const ImVec2 c(q.x + d * 0.5f, q.y + d * 0.5f);
            dl->AddCircleFilled(c, d * 0.36f, rgb(t.primary), 32);
            if (t.primary == cur.primary) dl->AddCircle(c, d * 0.36f + 4, ui.pal.text, 32, 2.f);
            char hex[8];
            std::snprintf(hex, sizeof hex, "#%06X", static_cast<unsigned>(t.primary));
            ui.canvas.expose("main-colour", hex, q, ImVec2(q.x + d, q.y + d));
        }
        const int crow = static_cast<int>((colours.size() + per - 1) / per);
        ImGui::SetCursorScreenPos(ImVec2(q0.x, q0.y + crow * (d + 8) + 4));
    }
    hint(ui, ui.t("Product layout"), iw, ui.pal.text);
    ImGui::Dummy(ImVec2(0, 2));
    const char* layouts[][2] = {{"grid", "Grid"}, {"list", "List"}, {"showcase", "Showcase"}};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine(0, 8);
        if (chip(ui, layouts[i][0], layouts[i][1], cur.layout == layouts[i][0])) {
            core::Theme t = cur;
            t.layout = layouts[i][0];
            emit_editor(ui, app::SetTheme{t});
        }
    }
    card_end(ui);
}

// [SECTION] Featured -----------------------------------------------------------------------------

struct DragState {
    int from = -1;
    float grab_dy = 0;
};
DragState g_drag;

void featured(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const core::ShopView& v = *e.view;
    const auto& ids = e.history.current().featured;
    card_begin(ui, "Featured products", x, w, ui.count(static_cast<long>(ids.size()), "product", "products"));
    const float iw = w - 32;
    if (ids.empty()) {
        hint(ui, ui.t("Feature products below with the star: they lead your shop, in the order you set here."), iw);
        card_end(ui);
        return;
    }
    hint(ui, ui.t(ui.phone ? "Hold a product, then drag it to change the order." : "Drag a product to change the order."), iw);
    ImGui::Dummy(ImVec2(0, 4));
    const float row_h = 60, gap = 6;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiIO& io = ImGui::GetIO();
    int target = -1;
    if (g_drag.from >= 0 && g_drag.from < static_cast<int>(ids.size()))
        target = std::clamp(static_cast<int>(std::floor((io.MousePos.y - g_drag.grab_dy - top.y + row_h * 0.5f) / (row_h + gap))), 0,
                            static_cast<int>(ids.size()) - 1);
    ui.canvas.begin_list("##featured-rows", ui.t("Featured products"), static_cast<int>(ids.size()));
    for (int i = 0; i < static_cast<int>(ids.size()); ++i) {
        ui.canvas.list_entry(i);
        // While dragging, the others make room where the dragged one would land.
        int slot = i;
        if (target >= 0 && i != g_drag.from) {
            if (i > g_drag.from && i <= target) slot = i - 1;
            else if (i < g_drag.from && i >= target) slot = i + 1;
        }
        ImVec2 p(top.x, top.y + slot * (row_h + gap));
        const bool dragged = i == g_drag.from;
        if (dragged) p.y = std::clamp(io.MousePos.y - g_drag.grab_dy, top.y - 8, top.y + (ids.size() - 1) * (row_h + gap) + 8);
        ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + i * (row_h + gap)));
        ImGui::PushID(i);
        ImGui::InvisibleButton("##row", ImVec2(iw - 48, row_h));
        const bool active = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
        if (ImGui::IsItemActivated()) g_drag = {-1, io.MousePos.y - (top.y + i * (row_h + gap))};
        if (active && g_drag.from < 0 && std::fabs(ImGui::GetMouseDragDelta(0, 0).y) > 4) g_drag.from = i;
        if (ImGui::IsItemDeactivated() && g_drag.from == i) {
            if (target >= 0 && target != i) emit_editor(ui, app::MoveFeatured{static_cast<std::size_t>(i), static_cast<std::size_t>(target)});
            g_drag = DragState{};
        }
        if (hovered || active) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetCursorScreenPos(ImVec2(top.x + iw - 44, top.y + i * (row_h + gap) + (row_h - 44) * 0.5f));
        const core::ShopItem* item = v.find(ids[i]);
        const std::string title = item ? item->product->title : ids[i];
        const bool remove = icon_button(ui, "remove", Icon::Close, "Remove from featured");
        ui.canvas.describe(std::string(ui.t("Remove from featured")) + ", " + title);
        ImGui::PopID();
        if (dragged) {
            dl = ImGui::GetForegroundDrawList();
            shadow_rect(dl, p, ImVec2(p.x + iw, p.y + row_h), 10, ui.pal.shadow, 12);
        } else {
            dl = ImGui::GetWindowDrawList();
        }
        dl->AddRectFilled(p, ImVec2(p.x + iw, p.y + row_h), dragged ? ui.pal.surface : ui.pal.surface_alt, 10);
        // Grip.
        for (int d = 0; d < 3; ++d)
            for (int c = 0; c < 2; ++c) dl->AddCircleFilled(ImVec2(p.x + 12 + c * 6, p.y + row_h * 0.5f - 6 + d * 6), 1.6f, ui.pal.faint);
        if (item) {
            const core::Product& pr = *item->product;
            ImDrawList* keep = ImGui::GetWindowDrawList();
            (void)keep;
            if (!dragged) image(ui, pr.thumb.empty() && !pr.images.empty() ? pr.images.front() : pr.thumb, ImVec2(p.x + 28, p.y + 8),
                                ImVec2(p.x + 72, p.y + 52), 8);
        }
        draw_text_clamped(ui, Font::Body, ImVec2(p.x + 82, p.y + (row_h - 40) * 0.5f), iw - 82 - 52, 2, ui.pal.text, title);
        draw_text(ui, Font::Small, ImVec2(p.x + iw - 64, p.y + 4), ui.pal.faint, std::to_string(slot + 1));
        ui.canvas.expose("featured-row", title, p, ImVec2(p.x + iw - 48, p.y + row_h), ids[i]);
        if (remove) emit_editor(ui, app::SetFeatured{ids[i], false});
    }
    ui.canvas.end_list();
    if (g_drag.from >= 0) ui.canvas.animate();
    if (g_drag.from >= 0 && !io.MouseDown[0]) g_drag = DragState{};
    ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + ids.size() * (row_h + gap)));
    ImGui::Dummy(ImVec2(iw, 0));
    card_end(ui);
}

// [SECTION] Products -----------------------------------------------------------------------------

void products(Ui& ui, float x, float w) {
    app::EditorState& e = editor_buffers(ui);
    const core::ShopView& v = *e.view;
    const core::ShopManifest& m = e.history.current();
    card_begin(ui, "Products and your notes", x, w, ui.count(static_cast<long>(v.items.size()), "product", "products"));
    const float iw = w - 32;
    std::string brands;
    for (const auto& b : v.brands) brands += (brands.empty() ? "" : ", ") + b.cert.name;
    locked_note(ui, ui.tf("Titles, photos, descriptions, details and prices come from {} and cannot be changed here. Your notes are shown "
                          "next to them, marked as yours.", brands),
                iw);
    ImGui::Dummy(ImVec2(0, 6));
    const ImVec2 sp = ImGui::GetCursorScreenPos();
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(40, ui.phone ? 12 : 10));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 22);
    text_field(ui, "find", "", e.product_filter, "Find a product", platform::InputMode::Search, iw);
    ImGui::PopStyleVar(2);
    draw_icon(ImGui::GetWindowDrawList(), Icon::Search, ImVec2(sp.x + 22, sp.y + (ui.phone ? 22 : 19)), 18, ui.pal.muted);
    ImGui::Dummy(ImVec2(0, 4));
    const auto matches = core::search_shop(v, "", e.product_filter);
    constexpr std::size_t kShown = 40;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::size_t shown = 0;
    int at = -1;  // (its place among the matches)
    ui.canvas.begin_list("##product-rows", ui.t("Products and your notes"), static_cast<int>(matches.size()));
    for (std::size_t idx : matches) {
        ++at;
        if (shown >= kShown && v.items[idx].product->id != e.selected_product) continue;
        ++shown;
        ui.canvas.list_entry(at);
        const core::ShopItem& item = v.items[idx];
        const core::Product& p = *item.product;
        const bool selected = e.selected_product == p.id;
        const bool is_featured = std::find(m.featured.begin(), m.featured.end(), p.id) != m.featured.end();
        const bool has_note = m.notes.count(p.id) > 0;
        const ImVec2 rp = ImGui::GetCursorScreenPos();
        const float row_h = 64;
        ImGui::PushID(p.id.c_str());
        if (ImGui::InvisibleButton("##select", ImVec2(iw - 96, row_h))) emit_editor(ui, app::SelectProduct{selected ? "" : p.id});
        if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (selected) dl->AddRectFilled(rp, ImVec2(rp.x + iw, rp.y + row_h), ui.pal.primary_soft, 10);
        image(ui, p.thumb.empty() && !p.images.empty() ? p.images.front() : p.thumb, ImVec2(rp.x + 6, rp.y + 8), ImVec2(rp.x + 54, rp.y + 56), 8);
        draw_text_clamped(ui, Font::Body, ImVec2(rp.x + 64, rp.y + 8), iw - 64 - 100, 1, ui.pal.text, p.title);
        const std::string currency = item.brand && item.brand->release ? item.brand->release->currency : "";
        std::string sub = core::format_money(p.price, currency);
        if (has_note) sub += "  ·  " + std::string(ui.t("Your note"));
        draw_text(ui, Font::Small, ImVec2(rp.x + 64, rp.y + 34), ui.pal.muted, sub);
        ui.canvas.expose("product-row", p.title, rp, ImVec2(rp.x + iw - 96, rp.y + row_h), p.id);
        ui.canvas.describe(p.title + ", " + sub);
        // Star: feature / unfeature. Pen: the note.
        ImGui::SetCursorScreenPos(ImVec2(rp.x + iw - 92, rp.y + (row_h - 44) * 0.5f));
        if (icon_button(ui, "note", Icon::Copy, "Write a note")) emit_editor(ui, app::SelectProduct{selected ? "" : p.id});
        ui.canvas.describe(std::string(ui.t("Write a note")) + ", " + p.title);
        ImGui::SetCursorScreenPos(ImVec2(rp.x + iw - 46, rp.y + (row_h - 44) * 0.5f));
        const ImVec2 sc(rp.x + iw - 24, rp.y + row_h * 0.5f);
        if (ImGui::InvisibleButton("##star", ImVec2(44, 44))) emit_editor(ui, app::SetFeatured{p.id, !is_featured});
        if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        {
            ImVec2 pts[10];
            for (int k = 0; k < 10; ++k) {
                const float a = -IM_PI / 2 + k * IM_PI / 5;
                const float r = k % 2 == 0 ? 11.f : 4.8f;
                pts[k] = ImVec2(sc.x + std::cos(a) * r, sc.y + std::sin(a) * r);
            }
            if (is_featured) {
                for (int k = 0; k < 10; ++k) dl->AddTriangleFilled(sc, pts[k], pts[(k + 1) % 10], ui.pal.accent);  // a fan
            } else {
                dl->AddPolyline(pts, 10, ui.pal.muted, ImDrawFlags_Closed, 1.6f);
            }
        }
        ui.canvas.expose(is_featured ? "unfeature" : "feature", p.title, ImVec2(sc.x - 22, sc.y - 22), ImVec2(sc.x + 22, sc.y + 22), p.id);
        ui.canvas.describe(std::string(ui.t(is_featured ? "Remove from featured" : "Feature it")) + ", " + p.title);
        ImGui::SetCursorScreenPos(ImVec2(rp.x, rp.y + row_h + 2));
        if (selected) {
            // The brand's words, read-only, then the distributor's own.
            ImGui::SetCursorScreenPos(ImVec2(rp.x + 8, ImGui::GetCursorScreenPos().y + 4));
            ImGui::BeginGroup();
            const float nw = iw - 16;
            if (!p.subtitle.empty()) hint(ui, p.subtitle, nw);
            draw_text_clamped(ui, Font::Small, ImGui::GetCursorScreenPos(), nw, 3, ui.pal.muted, p.description);
            ImGui::Dummy(ImVec2(nw, ui.size(Font::Small) * 3 + 6));
            locked_note(ui, ui.tf("Brand content from {}: locked", item.brand ? item.brand->cert.name : std::string()), nw);
            ImGui::Dummy(ImVec2(0, 4));
            std::string& note = e.fields.notes[p.id];
            auto it = e.field_errors.find("note:" + p.id);
            if (text_field(ui, "note", "Your note on this product", note, "Why you like it, how to use it…", platform::InputMode::Text, nw,
                           true, it == e.field_errors.end() ? "" : ui.t(it->second.c_str())))
                emit_editor(ui, app::EditNote{p.id, note});
            hint(ui, ui.t("Shown on the product page in its own box, signed by you, apart from the brand's description."), nw);
            ImGui::EndGroup();
            ImGui::Dummy(ImVec2(0, 8));
        }
        ImGui::PopID();
    }
    ui.canvas.end_list();
    if (matches.size() > shown)
        hint(ui, ui.tf("Showing {} of the matches: type to find the others.", std::to_string(shown)) + " (" + std::to_string(matches.size()) + ")", iw);
    if (matches.empty()) hint(ui, ui.t("Nothing matches. Try fewer or other words."), iw);
    card_end(ui);
}

// [SECTION] Key ----------------------------------------------------------------------------------

void key_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    card_begin(ui, "Your key", x, w);
    const float iw = w - 32;
    hint(ui, ui.t("Your shop's key signs everything you publish. It stays in this browser. Save a key file as a backup, and keep "
                  "your passphrase: with either one you can sign in on another device."),
         iw);
    ImGui::Dummy(ImVec2(0, 6));
    if (button(ui, "keyfile", "Save key file", ButtonKind::Secondary, ImVec2(ui.phone ? iw : 200, 44))) emit_editor(ui, app::DownloadKeyFile{});
    if (!e.key_notice.empty()) {
        ImGui::SameLine(0, 12);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        draw_text(ui, Font::Small, ImVec2(p.x, p.y + 14), ui.pal.success, ui.t(e.key_notice.c_str()));
        ImGui::NewLine();
    }
    ImGui::Dummy(ImVec2(0, 2));
    if (button(ui, "signout", "Sign out on this device", ButtonKind::Ghost, ImVec2(ui.phone ? iw : 220, 44))) emit_editor(ui, app::SignOut{});
    card_end(ui);
}

// [SECTION] Dialogs ------------------------------------------------------------------------------

void dim(Ui& ui) {
    ImGui::GetForegroundDrawList();  // dialogs draw in a popup-like window above the page
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    ImGui::SetNextWindowBgAlpha(0.f);
    ImGui::Begin("##dialog", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, ui.height), IM_COL32(15, 23, 42, 110));
}

void crop_dialog(Ui& ui) {
    static ImTextureID texture = nullptr;
    static int texture_rev = -1;
    app::EditorState& e = editor_buffers(ui);
    app::UploadState& u = e.upload;
    if (!u.open) {
        if (texture) ui.canvas.renderer().destroy_texture(texture), texture = nullptr, texture_rev = -1;
        return;
    }
    if (texture_rev != u.revision) {
        if (texture) ui.canvas.renderer().destroy_texture(texture);
        texture = ui.canvas.renderer().create_texture(u.image.rgba.data(), u.image.w, u.image.h);
        texture_rev = u.revision;
    }
    dim(ui);
    const bool avatar_slot = u.slot == core::ImageSlot::Avatar;
    const float w = std::min(ui.width - 24, 520.f);
    const float x = (ui.width - w) * 0.5f;
    const float frame_w = w - 48;
    const float aspect = avatar_slot ? 1.f : 3.f;
    const float frame_h = std::min(frame_w / aspect, ui.height * 0.45f);
    const float fw = frame_h * aspect;
    const float h = 70 + frame_h + 150;
    const float y = std::max(12.f, (ui.height - h) * 0.45f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), ui.pal.surface, 16);
    const std::string title = ui.t(avatar_slot ? "Frame your profile picture" : "Frame your banner");
    draw_text(ui, Font::Title, ImVec2(x + 24, y + 20), ui.pal.text, title);
    ui.canvas.expose("dialog-title", title, ImVec2(x + 24, y + 20), ImVec2(x + w - 24, y + 48), avatar_slot ? "Frame your profile picture" : "Frame your banner");
    if (dialog_card(ui, title, ImVec2(x, y), ImVec2(x + w, y + h)) && !u.uploading) emit_editor(ui, app::CancelCrop{});
    // The framed part of the picture fills the frame; drag moves it, the slider zooms.
    const ImVec2 fp(x + (w - fw) * 0.5f, y + 62);
    const core::PixelRect r = core::crop_rect(u.image.w, u.image.h, aspect, u.zoom, u.cx, u.cy);
    const ImVec2 uv0(static_cast<float>(r.x) / u.image.w, static_cast<float>(r.y) / u.image.h);
    const ImVec2 uv1(static_cast<float>(r.x + r.w) / u.image.w, static_cast<float>(r.y + r.h) / u.image.h);
    dl->AddImage(texture, fp, ImVec2(fp.x + fw, fp.y + frame_h), uv0, uv1);
    if (avatar_slot) {
        // Outside the circle is dimmed: that is what the round avatar leaves out.
        const ImVec2 c(fp.x + fw * 0.5f, fp.y + frame_h * 0.5f);
        dl->PathArcTo(c, fw * 0.5f, 0, 2 * IM_PI, 64);
        dl->PathStroke(IM_COL32_WHITE, ImDrawFlags_Closed, 2.f);
    } else {
        dl->AddRect(fp, ImVec2(fp.x + fw, fp.y + frame_h), IM_COL32_WHITE, 0, 0, 2.f);
    }
    ImGui::SetCursorScreenPos(fp);
    ImGui::InvisibleButton("##frame", ImVec2(fw, frame_h));
    ui.canvas.expose("crop-frame", u.file_name, fp, ImVec2(fp.x + fw, fp.y + frame_h));
    if (ImGui::IsItemActive()) {
        const ImVec2 d = ImGui::GetIO().MouseDelta;
        u.cx = std::clamp(u.cx - d.x / fw * r.w / u.image.w, 0.f, 1.f);
        u.cy = std::clamp(u.cy - d.y / frame_h * r.h / u.image.h, 0.f, 1.f);
    }
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    // Zoom slider.
    const float sy = fp.y + frame_h + 26;
    const float sx0 = x + 64, sx1 = x + w - 64;
    draw_icon(dl, Icon::Minus, ImVec2(x + 40, sy), 16, ui.pal.muted);
    draw_icon(dl, Icon::Plus, ImVec2(x + w - 40, sy), 16, ui.pal.muted);
    dl->AddLine(ImVec2(sx0, sy), ImVec2(sx1, sy), ui.pal.border, 4);
    const float t = (u.zoom - 1.f) / 3.f;
    dl->AddLine(ImVec2(sx0, sy), ImVec2(sx0 + (sx1 - sx0) * t, sy), ui.pal.primary, 4);
    dl->AddCircleFilled(ImVec2(sx0 + (sx1 - sx0) * t, sy), 11, ui.pal.primary, 24);
    ImGui::SetCursorScreenPos(ImVec2(sx0 - 12, sy - 22));
    ImGui::InvisibleButton("##zoom", ImVec2(sx1 - sx0 + 24, 44));
    if (ImGui::IsItemActive()) u.zoom = 1.f + 3.f * std::clamp((ImGui::GetIO().MousePos.x - sx0) / (sx1 - sx0), 0.f, 1.f);
    ui.canvas.expose("zoom", "Zoom", ImVec2(sx0, sy - 22), ImVec2(sx1, sy + 22));
    const float by = sy + 40;
    const float bw = (w - 48 - 12) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x + 24, by));
    if (button(ui, "cancel", "Cancel", ButtonKind::Secondary, ImVec2(bw, 46), !u.uploading)) emit_editor(ui, app::CancelCrop{});
    ImGui::SetCursorScreenPos(ImVec2(x + 24 + bw + 12, by));
    if (button(ui, "use", u.uploading ? "Uploading…" : "Use this picture", ButtonKind::Primary, ImVec2(bw, 46), !u.uploading))
        emit_editor(ui, app::ConfirmCrop{});
    if (u.uploading) ui.canvas.animate();
    ImGui::End();
}

void conflict_dialog(Ui& ui) {
    const app::EditorState& e = ui.state.editor;
    if (!e.conflict.open) return;
    dim(ui);
    const float w = std::min(ui.width - 24, 520.f);
    const float x = (ui.width - w) * 0.5f;
    const float iw = w - 48;
    std::string what;
    for (const auto& f : e.conflict.fields) what += (what.empty() ? "" : ", ") + std::string(ui.t(field_word(f)));
    const std::string title = ui.t("Your shop was changed on another device");
    const std::string body =
        e.conflict.loading ? ui.t("Loading the version published there…")
                           : ui.tf("Version {} was published from another device or tab while you were editing here.",
                                   std::to_string(e.conflict.their_version)) +
                                 " " + (what.empty() ? ui.t("It looks the same as your draft.") : ui.tf("It differs from your draft in: {}.", what));
    const ImVec2 ts = text_size(ui, Font::Title, title, iw), bs = text_size(ui, Font::Body, body, iw);
    const float h = 24 + ts.y + 12 + bs.y + 24 + 2 * 56 + 12;
    const float y = std::max(12.f, (ui.height - h) * 0.4f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), ui.pal.surface, 16);
    draw_text(ui, Font::Title, ImVec2(x + 24, y + 24), ui.pal.text, title, iw);
    ui.canvas.expose("dialog-title", title, ImVec2(x + 24, y + 24), ImVec2(x + w - 24, y + 24 + ts.y), "Your shop was changed on another device");
    dialog_card(ui, title, ImVec2(x, y), ImVec2(x + w, y + h));  // (no Escape: each way out keeps or drops someone's work)
    draw_text(ui, Font::Body, ImVec2(x + 24, y + 36 + ts.y), ui.pal.muted, body, iw);
    ui.canvas.expose("conflict-text", body, ImVec2(x + 24, y + 36 + ts.y), ImVec2(x + w - 24, y + 36 + ts.y + bs.y));
    float by = y + 36 + ts.y + bs.y + 24;
    const bool ready = !e.conflict.loading && e.conflict.theirs;
    ImGui::SetCursorScreenPos(ImVec2(x + 24, by));
    if (button(ui, "keep", "Publish mine on top of it", ButtonKind::Primary, ImVec2(iw, 46), ready))
        emit_editor(ui, app::ResolveConflict{true});
    ImGui::SetCursorScreenPos(ImVec2(x + 24, by + 56));
    if (button(ui, "take", "Use the published version (undo brings mine back)", ButtonKind::Secondary, ImVec2(iw, 46), ready))
        emit_editor(ui, app::ResolveConflict{false});
    if (e.conflict.loading) ui.canvas.animate();
    ImGui::End();
}

// [SECTION] Page ---------------------------------------------------------------------------------

Preview& phone_preview() {
    static Preview p(Device::Phone);
    return p;
}
Preview& desktop_preview() {
    static Preview p(Device::Desktop);
    return p;
}

// Keeps the previews on what is being edited: a product whose note is open, else the front page.
void follow_selection(const app::EditorState& e) {
    static std::string shown = "?";
    if (shown == e.selected_product) return;
    shown = e.selected_product;
    const std::string path = e.selected_product.empty() ? app::shop_path(e.slug) : app::product_path(e.slug, e.selected_product);
    phone_preview().navigate(path);
    desktop_preview().navigate(path);
}

void previews(Ui& ui, float x, float y, float w, float max_h) {
    const app::EditorState& e = ui.state.editor;
    follow_selection(e);
    const float gap = ui.phone ? 12 : 24;
    // Phone and desktop side by side: the phone gets its share of the width by height.
    const float ph_ratio = Preview::device_height(Device::Phone) / Preview::device_width(Device::Phone);
    const float dk_ratio = Preview::device_height(Device::Desktop) / Preview::device_width(Device::Desktop);
    float phone_w = ui.phone ? std::floor((w - gap) * 0.44f) : std::min(300.f, std::floor(max_h / ph_ratio));
    float desk_w = w - gap - phone_w;
    if (!ui.phone) desk_w = std::min(desk_w, (max_h - 30) / dk_ratio);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_text(ui, Font::Small, ImVec2(x, y), ui.pal.muted, ui.t("Phone preview"));
    draw_text(ui, Font::Small, ImVec2(x + phone_w + gap, y), ui.pal.muted, ui.t("Desktop preview"));
    (void)dl;
    const float py = y + 22;
    phone_preview().show(ui, *e.view, ImVec2(x, py), phone_w, "preview-phone:");
    desktop_preview().show(ui, *e.view, ImVec2(x + phone_w + gap, py), desk_w, "preview-desktop:");
    const float below = py + std::max(phone_w * ph_ratio, desk_w * dk_ratio) + 10;
    ImGui::SetCursorScreenPos(ImVec2(x, below));
    hint(ui, ui.t("Live preview of your draft, drawn exactly as customers will see it. Scroll it, or open a product in it."), w);
}

}  // namespace

void show_editor_edit(Ui& ui) {
    const app::EditorState& e = ui.state.editor;
    if (!e.view) return;
    const EditorFrame f = editor_frame(ui);
    // Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) when no text field has the keyboard (fields undo their own typing).
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && !io.WantTextInput && !e.conflict.open && !e.upload.open) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) {
            if (io.KeyShift) emit_editor(ui, app::Redo{});
            else emit_editor(ui, app::Undo{});
        } else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false)) emit_editor(ui, app::Redo{});
    }
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    const float body_h = ui.height - f.top - f.bottom;
    if (ui.phone) {
        ImGui::BeginChild("##edit", ImVec2(ui.width, body_h), false, ImGuiWindowFlags_NoBackground);
        ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + 12));
        ImGui::BeginGroup();
        toolbar(ui, f.x, f.w);
        const float py = ImGui::GetCursorScreenPos().y + 4;
        previews(ui, f.x, py, f.w, 0);
        ImGui::Dummy(ImVec2(0, 12));
        identity(ui, f.x, f.w);
        look(ui, f.x, f.w);
        featured(ui, f.x, f.w);
        products(ui, f.x, f.w);
        key_card(ui, f.x, f.w);
        ImGui::Dummy(ImVec2(0, 12));
        ImGui::EndGroup();
        ImGui::EndChild();
    } else {
        const float left_w = 440;
        ImGui::BeginChild("##edit", ImVec2(f.x + left_w + 12, body_h), false, ImGuiWindowFlags_NoBackground);
        ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + 20));
        ImGui::BeginGroup();
        toolbar(ui, f.x, left_w);
        identity(ui, f.x, left_w);
        look(ui, f.x, left_w);
        featured(ui, f.x, left_w);
        products(ui, f.x, left_w);
        key_card(ui, f.x, left_w);
        ImGui::Dummy(ImVec2(0, 20));
        ImGui::EndGroup();
        ImGui::EndChild();
        const float px = f.x + left_w + 32;
        previews(ui, px, f.top + 20, f.x + f.w - px, body_h - 60);
    }
    editor_top_bar(ui, f);
    editor_tab_bar(ui, f);
    crop_dialog(ui);
    conflict_dialog(ui);
}

}  // namespace ui
