#include "ui/order_notices_ui.h"

#include <algorithm>
#include <string>

namespace ui {

void tab_badge(Ui& ui, ImVec2 center, int count) {
    if (count <= 0) return;
    const std::string n = count > 99 ? "99+" : std::to_string(count);
    const ImVec2 ts = text_size(ui, Font::Small, n);
    const float h = 18, w = std::max(h, ts.x + 10);
    const ImVec2 min(center.x - w * 0.5f, center.y - h * 0.5f), max(center.x + w * 0.5f, center.y + h * 0.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(min.x - 2, min.y - 2), ImVec2(max.x + 2, max.y + 2), ui.pal.surface, h * 0.5f + 2);
    dl->AddRectFilled(min, max, ui.pal.danger, h * 0.5f);
    draw_text(ui, Font::Small, ImVec2(center.x - ts.x * 0.5f, center.y - ts.y * 0.5f - 0.5f), IM_COL32_WHITE, n);
    ui.canvas.expose("tab-badge", ui.tf("New orders: {}", std::to_string(count)), min, max, "new-orders");
}

bool order_notice_switch(Ui& ui, float w) {
    const app::NotifySetting& n = ui.state.notify;
    const bool on = n.on();
    const std::string label = ui.t("Tell me about new orders");
    std::string detail;
    if (n.asking) detail = ui.t("Answer your browser's question to turn this on.");
    else if (!n.message.empty()) detail = ui.t(n.message.c_str());
    else if (on) detail = ui.t("A notification appears when an order is placed, while this page is open.");
    else detail = ui.t("Get a notification from your browser when an order is placed, while this page is open.");
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float sw = 46, sh = 26;
    const ImVec2 ds = text_size(ui, Font::Small, detail, w - sw - 16);
    const float h = std::max(44.f, ui.size(Font::Strong) + 6 + ds.y);
    ImGui::PushID("notify-orders");
    const bool clicked = ImGui::InvisibleButton("##switch", ImVec2(w, h));
    ImGui::PopID();
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 s0(p.x + w - sw, p.y + 4), s1(p.x + w, p.y + 4 + sh);
    dl->AddRectFilled(s0, s1, on ? ui.pal.primary : ui.pal.border, sh * 0.5f);
    dl->AddCircleFilled(ImVec2(on ? s1.x - sh * 0.5f : s0.x + sh * 0.5f, s0.y + sh * 0.5f), sh * 0.5f - 3, IM_COL32_WHITE, 24);
    draw_text(ui, Font::Strong, p, ui.pal.text, label, w - sw - 16);
    draw_text(ui, Font::Small, ImVec2(p.x, p.y + ui.size(Font::Strong) + 6), n.message.empty() ? ui.pal.muted : ui.pal.danger, detail,
              w - sw - 16);
    ui.canvas.expose_switch(label, on, p, ImVec2(p.x + w, p.y + h), "notify-orders");
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 8));
    ImGui::Dummy(ImVec2(w, 0));
    return clicked && !n.asking;
}

}  // namespace ui
