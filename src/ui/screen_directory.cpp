// The platform's own pages: the brand directory (site root with no shop yet, a brand's generic
// link, an unknown shop address) and the page shown when a shop fails verification or loading.
#include <algorithm>

#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

namespace {
void shop_list(Ui& ui, const std::string& only_brand, float x, float w) {
    const auto& d = ui.state.directory;
    int shown = 0;
    for (const auto& s : d.shops) {
        if (!only_brand.empty() && std::find(s.brands.begin(), s.brands.end(), only_brand) == s.brands.end()) continue;
        const ImVec2 p(x, ImGui::GetCursorScreenPos().y);
        const float h = 76;
        ImGui::SetCursorScreenPos(p);
        ImGui::PushID(s.slug.c_str());
        const bool clicked = ImGui::InvisibleButton("##shop", ImVec2(w, h));
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), hovered ? ui.pal.surface_alt : ui.pal.surface, 14);
        avatar(ui, s.avatar, s.name, ImVec2(p.x + 38, p.y + h * 0.5f), 24, 0);
        draw_text(ui, Font::Strong, ImVec2(p.x + 74, p.y + 16), ui.pal.text, s.name);
        draw_text_clamped(ui, Font::Small, ImVec2(p.x + 74, p.y + 40), w - 110, 1, ui.pal.muted, s.greeting);
        draw_icon(dl, Icon::ChevronRight, ImVec2(p.x + w - 22, p.y + h * 0.5f), 16, ui.pal.faint);
        ui.canvas.expose("directory-shop", s.name, p, ImVec2(p.x + w, p.y + h));
        if (clicked) ui.emit(app::Navigate{app::shop_path(s.slug)});
        ImGui::SetCursorScreenPos(ImVec2(x, p.y + h + 10));
        ++shown;
    }
    ImGui::Dummy(ImVec2(w, 8));
}
}  // namespace

void show_directory(Ui& ui) {
    const auto& st = ui.state;
    const auto& d = st.directory;
    const float w = std::min(ui.width - 32, 640.f);
    const float x = (ui.width - w) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    ImGui::BeginChild(st.route.path.c_str(), ImVec2(ui.width, ui.height), false, ImGuiWindowFlags_NoBackground);
    // From the child's own cursor (it moves with the scroll), never a fixed screen position.
    const float top = ImGui::GetCursorScreenPos().y;
    ImGui::SetCursorScreenPos(ImVec2(x, top + 40));
    ImGui::BeginGroup();
    std::string title = "Shops", intro = "Every shop is run by an independent distributor. Product content is signed by its brand.";
    std::string only_brand;
    if (st.route.screen == app::Screen::NotFound || st.shop.status == app::LoadStatus::NotFound) {
        title = "This shop doesn't exist (any more)";
        intro = "The link may be mistyped, or the shop has closed. These shops are open:";
    } else if (st.route.screen == app::Screen::Brand) {
        only_brand = st.route.brand;
        title = st.route.brand;
        for (const auto& b : d.brands)
            if (b.id == st.route.brand) title = b.name;
        intro = "Pick a shop to buy from. The distributor you choose looks after your orders.";
    }
    text_block(ui, Font::Display, ui.pal.text, title, w);
    ui.canvas.expose("page-title", title, ImVec2(x, top + 40), ImVec2(x + w, top + 80));
    text_block(ui, Font::Body, ui.pal.muted, intro, w);
    ImGui::Dummy(ImVec2(0, 16));
    if (d.status == app::LoadStatus::Loading || d.status == app::LoadStatus::Idle) {
        text_block(ui, Font::Body, ui.pal.muted, ui.t("Loading shops…"), w);
        ui.canvas.animate();
    } else if (d.status != app::LoadStatus::Ready) {
        text_block(ui, Font::Body, ui.pal.danger, d.error.message, w);
        if (button(ui, "retry", "Try again", ButtonKind::Primary, ImVec2(200, 46))) ui.emit(app::Retry{});
    } else if (only_brand.empty()) {
        for (const auto& b : d.brands) {
            section_title(ui, b.name, ui.count(b.shops, "shop", "shops"), w);
            shop_list(ui, b.id, x, w);
        }
    } else {
        shop_list(ui, only_brand, x, w);
    }
    // For the people who run the shops: their way in on a device that has no link yet.
    ImGui::Dummy(ImVec2(0, 12));
    const ImVec2 fp(x, ImGui::GetCursorScreenPos().y);
    const std::string run = ui.t("Run one of these shops?");
    draw_text(ui, Font::Small, ImVec2(fp.x, fp.y + 14), ui.pal.muted, run);
    ImGui::SetCursorScreenPos(ImVec2(fp.x + text_size(ui, Font::Small, run).x + 8, fp.y));
    const float bw = text_size(ui, Font::Strong, ui.t("Sign in to edit yours")).x + 32;
    if (button(ui, "distributor-sign-in", "Sign in to edit yours", ButtonKind::Ghost, ImVec2(bw, 44))) ui.emit(app::Navigate{"/d"});
    ImGui::SetCursorScreenPos(ImVec2(fp.x, fp.y + 52));
    ImGui::Dummy(ImVec2(0, 40));
    ImGui::EndGroup();
    ImGui::EndChild();
}

void show_shop_problem(Ui& ui) {
    const auto& shop = ui.state.shop;
    if (shop.status == app::LoadStatus::Refused) {
        notice_page(ui, Icon::Alert, "This shop could not be verified",
                    shop.error.message + " " + ui.t("To protect you, nothing from it is shown."),
                    {{"See other shops", app::Navigate{"/"}}});
    } else {
        notice_page(ui, Icon::Alert, ui.state.online ? "The shop did not load" : "You are offline", shop.error.message,
                    {{"Try again", app::Retry{}}});
    }
}

void show_placeholder(Ui& ui, const char* title, const char* text) {
    notice_page(ui, Icon::Store, title, text, {{"Go to the shops", app::Navigate{"/"}}});
}

}  // namespace ui
