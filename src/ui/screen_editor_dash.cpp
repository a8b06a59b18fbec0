// Dashboard: visits by channel and campaign, the funnel, orders, commission, bound and lost
// customers.
#include "ui/editor_ui.h"

namespace ui {

void show_editor_dash(Ui& ui) {
    const EditorFrame f = editor_frame(ui);
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild("##dash", ImVec2(ui.width, ui.height - f.top - f.bottom), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + 24));
    ImGui::BeginGroup();
    card_begin(ui, "Dashboard", f.x, f.w);
    hint(ui, ui.t("Loading your shop's numbers…"), f.w - 32);
    card_end(ui);
    ImGui::EndGroup();
    ImGui::EndChild();
    editor_top_bar(ui, f);
    editor_tab_bar(ui, f);
}

}  // namespace ui
