// Chrome shared by the shop screens: the top bar, the cart bar, toasts, full-page notices.
#include <algorithm>

#include "core/money.h"
#include "imgui_internal.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

Frame frame_for(const Ui& ui) {
    Frame f;
    const float margin = ui.phone ? 16 : 32;
    f.content_w = std::min(ui.width - 2 * margin, 1120.f);
    f.content_x = std::floor((ui.width - f.content_w) * 0.5f);
    f.top = ui.phone ? 56 : 64;
    return f;
}

bool begin_body(Ui& ui, const Frame& f, const std::string& id) {
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    const float h = std::max(1.f, ui.height - f.top - f.bottom);
    return ImGui::BeginChild(id.empty() ? ui.state.route.path.c_str() : id.c_str(), ImVec2(ui.width, h), false,
                             ImGuiWindowFlags_NoBackground);
}

void end_body() { ImGui::EndChild(); }

void shop_top_bar(Ui& ui, const core::ShopView& view, bool back, const Frame& f) {
    const auto& m = view.shop.manifest;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, f.top), ui.pal.surface);
    dl->AddLine(ImVec2(0, f.top - 0.5f), ImVec2(ui.width, f.top - 0.5f), ui.pal.border);
    float x = f.content_x - (ui.phone ? 8 : 0);
    const float cy = f.top * 0.5f;
    if (back) {
        ImGui::SetCursorScreenPos(ImVec2(x, cy - space::touch * 0.5f));
        if (icon_button(ui, "back", Icon::Back, "Back")) ui.emit(app::GoBack{});
        x += space::touch + 2;
    } else {
        x += ui.phone ? 8 : 0;
    }
    // Avatar and shop name lead back to the shop's front page.
    const float ar = 16;
    ImGui::SetCursorScreenPos(ImVec2(x, cy - 20));
    const float name_w = std::min(text_size(ui, Font::Strong, m.identity.name).x, f.content_w - 180);
    if (ImGui::InvisibleButton("##home", ImVec2(2 * ar + 10 + name_w, 40))) ui.emit(app::Navigate{app::shop_path(m.slug)});
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    avatar(ui, m.identity.avatar, m.identity.name, ImVec2(x + ar, cy), ar, 0);
    ImGui::PushClipRect(ImVec2(x + 2 * ar + 10, 0), ImVec2(x + 2 * ar + 10 + name_w, f.top), true);
    draw_text(ui, Font::Strong, ImVec2(x + 2 * ar + 10, cy - ui.size(Font::Strong) * 0.62f), ui.pal.text, m.identity.name);
    ImGui::PopClipRect();
    ui.canvas.expose("shop-name", m.identity.name, ImVec2(x, cy - 20), ImVec2(x + 2 * ar + 10 + name_w, cy + 20));

    float rx = f.content_x + f.content_w + (ui.phone ? 8 : 0) - space::touch;
    const core::Cart* cart = nullptr;
    if (auto it = ui.state.session.carts.find(m.slug); it != ui.state.session.carts.end()) cart = &it->second;
    ImGui::SetCursorScreenPos(ImVec2(rx, cy - space::touch * 0.5f));
    if (icon_button(ui, "cart", Icon::Cart, "Cart", space::touch, cart ? cart->count() : 0))
        ui.emit(app::Navigate{app::cart_path(m.slug)});
    rx -= space::touch;
    ImGui::SetCursorScreenPos(ImVec2(rx, cy - space::touch * 0.5f));
    if (icon_button(ui, "share", Icon::Share, "Share")) ui.emit(app::ShareShop{});
}

void cart_bar(Ui& ui, const core::ShopView& view, const Frame& f) {
    const auto& slug = view.shop.manifest.slug;
    auto it = ui.state.session.carts.find(slug);
    if (it == ui.state.session.carts.end() || it->second.empty()) return;
    std::map<std::string, const core::Release*> releases;
    for (const auto& b : view.brands)
        if (b.release) releases[b.cert.brand] = &*b.release;
    const core::Quote q = core::price_cart(it->second, releases);
    std::string total;
    for (const auto& b : q.brands) total += (total.empty() ? "" : " + ") + core::format_money(b.subtotal, b.currency);
    const float h = f.bottom;
    const float y = ui.height - h;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, y), ImVec2(ui.width, ui.height), ui.pal.surface);
    dl->AddLine(ImVec2(0, y), ImVec2(ui.width, y), ui.pal.border);
    const int count = it->second.count();
    const std::string left = ui.count(count, "item", "items") + " · " + total;
    const float bw = ui.phone ? 132 : 180;
    draw_text(ui, Font::Strong, ImVec2(f.content_x, y + (h - ui.size(Font::Strong)) * 0.5f - 2), ui.pal.text, left);
    ImGui::SetCursorScreenPos(ImVec2(f.content_x + f.content_w - bw, y + (h - 44) * 0.5f));
    if (button(ui, "view-cart", "View cart", ButtonKind::Primary, ImVec2(bw, 44))) ui.emit(app::Navigate{app::cart_path(slug)});
}

void toast(Ui& ui) {
    if (ui.state.toast.text.empty()) return;
    const std::string text = ui.t(ui.state.toast.text.c_str());
    const ImVec2 ts = text_size(ui, Font::Strong, text, ui.width - 80);
    const float w = ts.x + 40, h = ts.y + 24;
    const ImVec2 min((ui.width - w) * 0.5f, ui.height - h - (ui.phone ? 96 : 48));
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->AddRectFilled(min, ImVec2(min.x + w, min.y + h), IM_COL32(17, 24, 39, 235), 12);
    dl->AddText(ui.font(Font::Strong), ui.size(Font::Strong), ImVec2(min.x + 20, min.y + 12), IM_COL32(255, 255, 255, 255),
                text.c_str(), nullptr, ui.width - 80);
    ui.canvas.expose("toast", text, min, ImVec2(min.x + w, min.y + h));
}

void notice_page(Ui& ui, Icon icon, const std::string& english_title, const std::string& text,
                 const std::vector<NoticeAction>& actions, float top) {
    const std::string title = ui.t(english_title.c_str());
    const float w = std::min(ui.width - 48, 460.f);
    const float x = (ui.width - w) * 0.5f;
    const ImVec2 title_size = text_size(ui, Font::Title, title, w);
    const ImVec2 body_size = text_size(ui, Font::Body, text, w);
    const float block = 64 + 20 + title_size.y + 10 + body_size.y + 24 + actions.size() * 56.f;
    float y = std::max(top + 24, top + (ui.height - top - block) * 0.42f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddCircleFilled(ImVec2(ui.width * 0.5f, y + 32), 32, ui.pal.primary_soft, 48);
    draw_icon(dl, icon, ImVec2(ui.width * 0.5f, y + 32), 30, ui.pal.primary);
    y += 64 + 20;
    // Centre each wrapped line block.
    draw_text(ui, Font::Title, ImVec2(x + (w - title_size.x) * 0.5f, y), ui.pal.text, title, w);
    ui.canvas.expose("notice-title", title, ImVec2(x, y), ImVec2(x + w, y + title_size.y), english_title);
    y += title_size.y + 10;
    draw_text(ui, Font::Body, ImVec2(x + (w - body_size.x) * 0.5f, y), ui.pal.muted, text, w);
    ui.canvas.expose("notice-text", text, ImVec2(x, y), ImVec2(x + w, y + body_size.y));
    y += body_size.y + 24;
    int i = 0;
    for (const auto& a : actions) {
        ImGui::SetCursorScreenPos(ImVec2(x + (w - std::min(w, 280.f)) * 0.5f, y));
        ImGui::PushID(i++);
        if (button(ui, "notice-action", a.label, i == 1 ? ButtonKind::Primary : ButtonKind::Secondary, ImVec2(std::min(w, 280.f), 46)))
            ui.emit(a.action);
        ImGui::PopID();
        y += 56;
    }
}

}  // namespace ui
