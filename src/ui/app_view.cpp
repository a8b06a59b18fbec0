// The root of every frame: one undecorated full-screen window, the palette of the shop being
// shown, and the screen the route asks for.
#include "app/workspace.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

// Between shops: a quiet spinner, so a slow network never looks like a blank or frozen page.
void loading_view(Ui& ui) {
    const ImVec2 c(ui.width * 0.5f, ui.height * 0.42f);
    const float t = static_cast<float>(ImGui::GetTime());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PathArcTo(c, 18, t * 6.f, t * 6.f + 4.2f, 32);
    dl->PathStroke(ui.pal.primary, 0, 3.f);
    const std::string label = ui.t("Loading…");
    const ImVec2 ts = text_size(ui, Font::Small, label);
    draw_text(ui, Font::Small, ImVec2(c.x - ts.x * 0.5f, c.y + 30), ui.pal.muted, label);
    ui.canvas.expose("loading", label, ImVec2(c.x - 20, c.y - 20), ImVec2(c.x + 20, c.y + 20));
    ui.canvas.animate();
}

void show_app(Ui& ui) {
    const auto& st = ui.state;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    ImGui::Begin("##app", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoScrollbar);
    if (!st.foreign_root.empty()) {  // another platform's store: nothing it sent, on any page
        show_foreign_store(ui);
        ImGui::End();
        return;
    }
    ui.canvas.note_screen(st.route.path.substr(0, st.route.path.find('?')));  // the page, not its search text
    const bool shop_ready = st.shop.status == app::LoadStatus::Ready && st.shop.view && st.shop.slug == st.route.shop;
    switch (st.route.screen) {
        case app::Screen::ShopHome:
        case app::Screen::Product:
        case app::Screen::Article:
        case app::Screen::Cart:
        case app::Screen::Checkout:
            if (shop_ready) {
                const core::ShopView& view = *st.shop.view;
                if (st.route.screen == app::Screen::ShopHome) show_shop_home(ui, view);
                else if (st.route.screen == app::Screen::Product) show_product(ui, view);
                else if (st.route.screen == app::Screen::Article) show_article(ui, view);
                else if (st.route.screen == app::Screen::Cart) show_cart(ui, view);
                else show_checkout(ui, view);
            } else if (st.shop.status == app::LoadStatus::NotFound) {
                show_directory(ui);
            } else if (st.shop.status == app::LoadStatus::Refused || st.shop.status == app::LoadStatus::Failed) {
                show_shop_problem(ui);
            } else {
                loading_view(ui);
            }
            break;
        case app::Screen::Home:
        case app::Screen::Brand:
        case app::Screen::NotFound: show_directory(ui); break;
        case app::Screen::Order: show_order(ui); break;
        case app::Screen::Provenance:  // (opened from the editor and the console: in the full app only)
        case app::Screen::Editor:
        case app::Screen::Console: show_workspace(ui); break;
    }
    toast(ui);
    ImGui::End();
}

}  // namespace ui
