// The distributor's side: which page the /d/ route asks for, and the pieces every page shares
// (bars and tabs, cards, hints, the QR code).
#include <algorithm>
#include <cmath>

#include "core/share/qr.h"
#include "imgui_internal.h"
#include "ui/editor_ui.h"
#include "ui/order_notices_ui.h"

namespace ui {

void draw_editor_icon(ImDrawList* dl, EditorIcon icon, ImVec2 c, float size, ImU32 col) {
    const float s = size / 24.f;
    const float w = std::max(1.5f, 1.9f * s);
    auto P = [&](float x, float y) { return ImVec2(c.x + (x - 12) * s, c.y + (y - 12) * s); };
    switch (icon) {
        case EditorIcon::Undo:
        case EditorIcon::Redo: {
            const float dir = icon == EditorIcon::Undo ? 1.f : -1.f;
            auto Q = [&](float x, float y) { return P(12 + (x - 12) * dir, y); };
            // A hooked arrow: the shaft curves back, the head points where the change goes.
            dl->PathArcTo(Q(13, 14), 6.5f * s, icon == EditorIcon::Undo ? -IM_PI * 0.5f : -IM_PI * 0.5f,
                          icon == EditorIcon::Undo ? IM_PI * 0.5f : -IM_PI * 1.5f, 16);
            dl->PathStroke(col, 0, w);
            dl->AddLine(Q(13, 7.5f), Q(6, 7.5f), col, w);
            ImVec2 head[] = {Q(9, 4.5f), Q(5.5f, 7.5f), Q(9, 10.5f)};
            dl->AddPolyline(head, 3, col, ImDrawFlags_None, w);
            dl->AddLine(Q(13, 20.5f), Q(8, 20.5f), col, w);
            break;
        }
        case EditorIcon::People:
            dl->AddCircle(P(9, 8), 3.3f * s, col, 20, w);
            dl->PathArcTo(P(9, 20), 6.5f * s, IM_PI * 1.08f, IM_PI * 1.92f, 16);
            dl->PathStroke(col, 0, w);
            dl->AddCircle(P(16.5f, 9), 2.7f * s, col, 20, w);
            dl->PathArcTo(P(17, 20), 5.2f * s, IM_PI * 1.15f, IM_PI * 1.85f, 16);
            dl->PathStroke(col, 0, w);
            break;
        case EditorIcon::Chart:
            dl->AddLine(P(4, 20), P(20, 20), col, w);
            dl->AddRectFilled(P(6, 12), P(9, 19), col, 1);
            dl->AddRectFilled(P(10.5f, 7), P(13.5f, 19), col, 1);
            dl->AddRectFilled(P(15, 10), P(18, 19), col, 1);
            break;
        case EditorIcon::Pencil: {
            ImVec2 body[] = {P(5, 19), P(6, 15), P(16, 5), P(19, 8), P(9, 18)};
            dl->AddPolyline(body, 5, col, ImDrawFlags_Closed, w);
            dl->AddLine(P(14, 7), P(17, 10), col, w);
            break;
        }
    }
}

namespace {
struct Tab {
    const char* label;
    app::EditorPage page;
    EditorIcon icon;
};
const Tab kTabs[] = {{"Edit", app::EditorPage::Edit, EditorIcon::Pencil},
                     {"Share", app::EditorPage::Share, EditorIcon::Pencil},
                     {"Team", app::EditorPage::Team, EditorIcon::People},
                     {"Dashboard", app::EditorPage::Dash, EditorIcon::Chart}};

void loading(Ui& ui, const std::string& text) { busy_spinner(ui, ImVec2(ui.width * 0.5f, ui.height * 0.42f), text, 18.f); }
}  // namespace

namespace {
// The editor's tabs as the bars draw them: which is open and the dashboard's unread orders.
std::vector<WorkspaceTab> editor_tabs(const app::EditorState& e) {
    std::vector<WorkspaceTab> tabs;
    for (const Tab& t : kTabs)
        tabs.push_back({t.label, nullptr, e.route.page == t.page, t.page == app::EditorPage::Dash ? e.dash.notices.unread : 0, false});
    return tabs;
}

void open_tab(Ui& ui, const app::EditorState& e, const Tab& t) {
    ui.emit(app::Navigate{app::editor_path(e.slug, t.page)});
    if (e.route.page == t.page && t.page == app::EditorPage::Dash) emit_editor(ui, app::NewOrdersSeen{});
}
}  // namespace

void editor_top_bar(Ui& ui, const EditorFrame& f) {
    const app::EditorState& e = ui.state.editor;
    const core::ShopManifest& m = e.history.current();
    const float tabs_x = workspace_bar(ui, f, ui.phone ? f.w - 44 - 100 : 260, m.identity.avatar, m.identity.name, "/s/" + e.slug,
                                       "editor-shop");
    // "View shop": the live shop as consumers see it.
    const float cy = f.top * 0.5f;
    const std::string view_label = ui.t("View shop");
    const float vw = text_size(ui, Font::Strong, view_label).x + 28;
    ImGui::SetCursorScreenPos(ImVec2(f.x + f.w - vw, cy - 20));
    if (button(ui, "view-shop", "View shop", ButtonKind::Secondary, ImVec2(vw, 40)))
        ui.emit(app::Navigate{app::shop_path(e.slug)});
    if (ui.phone) return;
    // Desktop: the tabs sit in the top bar.
    if (int i = workspace_top_tabs(ui, f, tabs_x, editor_tabs(e)); i >= 0) open_tab(ui, e, kTabs[i]);
}

void editor_tab_bar(Ui& ui, const EditorFrame& f) {
    if (!ui.phone) return;
    const app::EditorState& e = ui.state.editor;
    const int i = workspace_bottom_tabs(ui, f, editor_tabs(e), [](ImDrawList* dl, std::size_t k, ImVec2 at, float size, ImU32 col) {
        if (kTabs[k].page == app::EditorPage::Share) draw_icon(dl, Icon::Share, at, size, col);
        else draw_editor_icon(dl, kTabs[k].icon, at, size, col);
    });
    if (i >= 0) open_tab(ui, e, kTabs[i]);
}

// Cards draw their background after their content (the draw list's channel 0 is behind it).
namespace {
struct CardStack {
    ImVec2 min;
    float w = 0;
    ImDrawList* dl = nullptr;
};
std::vector<CardStack> g_cards;
}  // namespace

void card_begin(Ui& ui, const std::string& title, float x, float w, const std::string& note) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 min(x, ImGui::GetCursorScreenPos().y);
    g_cards.push_back({min, w, dl});
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(x + 16, min.y + 16));
    ImGui::BeginGroup();
    if (!title.empty()) section_title(ui, title, note, w - 32);
}

void card_end(Ui& ui) {
    ImGui::EndGroup();
    CardStack c = g_cards.back();
    g_cards.pop_back();
    const float bottom = ImGui::GetItemRectMax().y + 16;
    c.dl->ChannelsSetCurrent(0);
    c.dl->AddRectFilled(c.min, ImVec2(c.min.x + c.w, bottom), ui.pal.surface, 14);
    c.dl->AddRect(c.min, ImVec2(c.min.x + c.w, bottom), ui.pal.border, 14);
    c.dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(c.min.x, bottom + (ui.phone ? 12 : 16)));
    ImGui::Dummy(ImVec2(c.w, 0));
}

void hint(Ui& ui, const std::string& text, float w, ImU32 color) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    text_block(ui, Font::Small, color ? color : ui.pal.muted, text, w);
    ui.canvas.expose("hint", text, p, ImVec2(p.x + w, ImGui::GetCursorScreenPos().y));
}

void locked_note(Ui& ui, const std::string& text, float w) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // A small padlock.
    const ImU32 col = ui.pal.muted;
    dl->AddRect(ImVec2(p.x + 2, p.y + 7), ImVec2(p.x + 12, p.y + 15), col, 2, 0, 1.5f);
    dl->PathArcTo(ImVec2(p.x + 7, p.y + 7), 3.2f, IM_PI, 2 * IM_PI, 10);
    dl->PathStroke(col, 0, 1.5f);
    const ImVec2 ts = text_size(ui, Font::Small, text, w - 20);
    draw_text(ui, Font::Small, ImVec2(p.x + 20, p.y), col, text, w - 20);
    ui.canvas.expose("locked", text, p, ImVec2(p.x + w, p.y + ts.y));
    ImGui::Dummy(ImVec2(w, ts.y));
}

void draft_bar(Ui& ui, float x, float w, const DraftBar& bar) {
    const ImVec2 p(x, ImGui::GetCursorScreenPos().y);
    const float h = 44;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Undo and redo: round buttons with hooked arrows, faded when there is nothing to do.
    for (int k = 0; k < 2; ++k) {
        const bool can = k == 0 ? bar.can_undo : bar.can_redo;
        const ImVec2 b(p.x + k * (h + 4), p.y);
        ImGui::SetCursorScreenPos(b);
        ImGui::PushID(k);
        const bool clicked = ImGui::InvisibleButton("##history", ImVec2(h, h));
        const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
        ImGui::PopID();
        if (hovered && can) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        const ImVec2 cc(b.x + h * 0.5f, b.y + h * 0.5f);
        dl->AddCircleFilled(cc, h * 0.46f, held && can ? ui.pal.surface_alt : ui.pal.surface, 32);
        dl->AddCircle(cc, h * 0.46f, ui.pal.border, 32);
        draw_editor_icon(dl, k == 0 ? EditorIcon::Undo : EditorIcon::Redo, cc, 20, can ? ui.pal.text : ui.pal.faint);
        ui.canvas.expose("icon", ui.t(k == 0 ? "Undo" : "Redo"), b, ImVec2(b.x + h, b.y + h), k == 0 ? "Undo" : "Redo");
        if (clicked && can) ui.emit(k == 0 ? bar.undo : bar.redo);
    }
    const std::string label = bar.publishing ? ui.t("Publishing…") : bar.publish_label;
    const float bw = std::max(ui.phone ? 120.f : 150.f, text_size(ui, Font::Strong, label).x + 28);
    const float sx = p.x + 2 * h + 16;
    // Centred on the buttons' middle, one line or two.
    const float sw = w - (sx - x) - bw - 8;
    const float sh = std::min(text_size(ui, Font::Small, bar.status, sw).y, ui.size(Font::Small) * 2.4f);
    draw_text_clamped(ui, Font::Small, ImVec2(sx, std::round(p.y + (h - sh) * 0.5f)), sw, 2, bar.dirty ? ui.pal.text : ui.pal.muted,
                      bar.status);
    ui.canvas.expose("draft-status", bar.status, ImVec2(sx, p.y), ImVec2(x + w - bw - 8, p.y + h));
    ImGui::SetCursorScreenPos(ImVec2(x + w - bw, p.y));
    if (button(ui, "publish", label, ButtonKind::Primary, ImVec2(bw, h), bar.can_publish && !bar.publishing)) ui.emit(bar.publish);
    ui.canvas.expose("button", label, ImVec2(x + w - bw, p.y), ImVec2(x + w, p.y + h), "Publish");
    if (bar.publishing) ui.canvas.animate();
    ImGui::SetCursorScreenPos(ImVec2(x, p.y + h + 10));
}

void message_box(Ui& ui, const char* kind, const std::string& text, float w, bool error) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 ts = text_size(ui, Font::Small, text, w - 44);
    const float h = ts.y + 20;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), error ? ui.pal.danger_soft : ui.pal.primary_soft, 10);
    draw_icon(dl, error ? Icon::Alert : Icon::Check, ImVec2(p.x + 18, p.y + 10 + std::min(ts.y, 18.f) * 0.5f), 16,
              error ? ui.pal.danger : ui.pal.primary);
    draw_text(ui, Font::Small, ImVec2(p.x + 34, p.y + 10), error ? ui.pal.danger : ui.pal.text, text, w - 44);
    ui.canvas.expose(kind, text, p, ImVec2(p.x + w, p.y + h));
    ImGui::Dummy(ImVec2(w, h));
}

bool draw_qr_code(Ui& ui, const std::string& text, ImVec2 pos, float side, const char* expose_kind) {
    auto qr = core::make_qr(text);
    if (!qr) return false;
    // Whole device pixels per module, so every module edge is sharp and a camera reads it.
    const float dpr = ui.canvas.viewport().pixel_ratio;
    const int n = qr->size + 8;
    const float module_px = std::max(1.f, std::floor(side * dpr / n));
    const float m = module_px / dpr;
    const float total = m * n;
    const ImVec2 o(std::round(pos.x * dpr) / dpr, std::round(pos.y * dpr) / dpr);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + total, o.y + total), IM_COL32_WHITE);
    const ImU32 dark = IM_COL32(0, 0, 0, 255);
    // Horizontal runs of dark modules become one rectangle each.
    for (int y = 0; y < qr->size; ++y) {
        int x = 0;
        while (x < qr->size) {
            if (!qr->at(x, y)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < qr->size && qr->at(end, y)) ++end;
            dl->AddRectFilled(ImVec2(o.x + (4 + x) * m, o.y + (4 + y) * m), ImVec2(o.x + (4 + end) * m, o.y + (5 + y) * m), dark);
            x = end;
        }
    }
    ui.canvas.expose(expose_kind, text, o, ImVec2(o.x + total, o.y + total));
    return true;
}

// [SECTION] Dispatch -----------------------------------------------------------------------------

void show_editor(Ui& ui) {
    const app::EditorState& e = ui.state.editor;
    // Chinese brands get a Chinese editor, as their shops get a Chinese storefront.
    if (e.view && !e.view->brands.empty()) ui.lang = lang_for_locale(e.view->brands.front().cert.locale);
    else if (e.load == app::EditorLoad::Refused && !e.refused_locale.empty()) ui.lang = lang_for_locale(e.refused_locale);
    else if (e.route.page == app::EditorPage::Join && !e.join.brand_locale.empty()) ui.lang = lang_for_locale(e.join.brand_locale);
    if (e.route.page == app::EditorPage::Join) return show_editor_join(ui);
    if (e.route.page == app::EditorPage::Find) return show_editor_find(ui);
    if (e.route.page == app::EditorPage::NotFound) {
        notice_page(ui, Icon::Search, "This page does not exist",
                    ui.t("Distributor pages live at /d/<your shop address>, for example /d/lily-tea."),
                    {{"Go to the shops", app::Navigate{"/"}}});
        return;
    }
    switch (e.load) {
        case app::EditorLoad::Idle:
        case app::EditorLoad::Loading: return loading(ui, "Opening your shop…");
        case app::EditorLoad::NotFound:
            notice_page(ui, Icon::Store, "There is no shop here yet",
                        ui.tf("No shop uses the address {}. To open one, use the invite link your brand or your recruiter sent you.",
                              "/s/" + e.slug),
                        {{"Go to the shops", app::Navigate{"/"}}});
            return;
        case app::EditorLoad::Refused:
            notice_page(ui, Icon::Alert, "Your shop could not be verified",
                        error_text(ui.lang, e.load_error) + " " +
                            ui.t("Consumers see this shop refused too. Ask the platform to restore your last signed version."),
                        {{"Try again", app::Navigate{app::editor_path(e.slug, e.route.page), true}}});
            return;
        case app::EditorLoad::Failed:
            notice_page(ui, Icon::Alert, "The shop did not load", e.load_error.message,
                        {{"Try again", app::Navigate{app::editor_path(e.slug, e.route.page), true}}});
            return;
        case app::EditorLoad::Ready: break;
    }
    if (e.key_status == app::KeyStatus::Unknown) return loading(ui, "Opening your shop…");
    if (e.key_status != app::KeyStatus::Ready) return show_editor_sign_in(ui);
    switch (e.route.page) {
        case app::EditorPage::Share: show_editor_share(ui); break;
        case app::EditorPage::Team: show_editor_team(ui); break;
        case app::EditorPage::Dash: show_editor_dash(ui); break;
        default: show_editor_edit(ui); break;
    }
}

}  // namespace ui
