// Brand preview: any of the brand's products inside any shop that carries the brand, exactly as a
// consumer sees it, at phone and desktop size side by side; the published release or the brand's
// unpublished draft (composed over the shop's verified documents, never signed until published).
// Desktop: the product and shop pickers on the left, the previews on the right. Phone: two rows that
// open full-screen pickers, the previews below them.
#include <algorithm>
#include <cmath>

#include "ui/console_ui.h"
#include "imgui_internal.h"

namespace ui {

namespace {

std::string preview_path(const app::ConsoleState& c, const std::string& product, const std::string& shop, bool draft) {
    return app::console_preview_path(c.brand, product, shop, draft);
}

const app::BrandShop* find_shop(const app::ConsoleState& c, const std::string& slug) {
    for (const auto& s : c.shops)
        if (s.slug == slug) return &s;
    return nullptr;
}

void pick_product(Ui& ui, const std::string& id) {
    const app::ConsoleState& c = ui.state.console;
    ui.emit(app::Navigate{preview_path(c, id, c.preview_shop, c.preview_draft), true});
    emit_console(ui, app::OpenPicker{0});
}

void pick_shop(Ui& ui, const std::string& slug) {
    const app::ConsoleState& c = ui.state.console;
    ui.emit(app::Navigate{preview_path(c, c.preview_product, slug, c.preview_draft), true});
    emit_console(ui, app::OpenPicker{0});
}

void product_picker(Ui& ui, float x, float w, float h) {
    app::ConsoleState& c = console_buffers(ui);
    if (picker_search(ui, "find-product", c.product_query, "Find a product: name or id", w)) emit_console(ui, app::SearchProducts{});
    ImGui::Dummy(ImVec2(0, 4));
    product_rows(ui, x, w, h, c.preview_product, [&](const std::string& id) { pick_product(ui, id); });
}

void shop_picker(Ui& ui, float x, float w, float h) {
    app::ConsoleState& c = console_buffers(ui);
    if (picker_search(ui, "find-shop", c.shop_query, "Find a shop: name or address", w)) emit_console(ui, app::SearchShops{});
    ImGui::Dummy(ImVec2(0, 4));
    shop_rows(ui, x, w, h, c.preview_shop, [&](const std::string& slug) { pick_shop(ui, slug); });
}

// Published or draft, and what is being shown, in words.
void mode_and_caption(Ui& ui, float x, float w) {
    const app::ConsoleState& c = ui.state.console;
    const core::Product* p = c.published ? core::draft_product(*c.published, c.history.current(), c.preview_product) : nullptr;
    const std::string shop_name = c.shop.view ? c.shop.view->shop.manifest.identity.name
                                  : find_shop(c, c.preview_shop) ? find_shop(c, c.preview_shop)->name
                                                                  : c.preview_shop;
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    const std::string published = ui.tf("Published (version {})", c.published ? std::to_string(c.published->version) : "0");
    const std::string draft = c.changed.empty() ? std::string(ui.t("Draft (no changes yet)"))
                                                : ui.tf("Draft ({})", ui.count(static_cast<long>(c.changed.size()), "change", "changes"));
    if (chip(ui, "mode-published", published, !c.preview_draft)) ui.emit(app::Navigate{preview_path(c, c.preview_product, c.preview_shop, false), true});
    ImGui::SameLine(0, 8);
    if (chip(ui, "mode-draft", draft, c.preview_draft)) ui.emit(app::Navigate{preview_path(c, c.preview_product, c.preview_shop, true), true});
    ImGui::Dummy(ImVec2(0, 2));
    if (p) {
        const std::string caption = p->title + "  ·  " + shop_name + "  ·  " +
                                    ui.t(c.preview_draft ? "as customers will see it after you publish" : "as customers see it now");
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        text_block(ui, Font::Body, ui.pal.text, caption, w);
        ui.canvas.expose("preview-caption", caption, cp, ImVec2(cp.x + w, ImGui::GetCursorScreenPos().y));
    }
    if (c.shop.view && !c.shop.view->find(c.preview_product) && p) {
        ImGui::Dummy(ImVec2(0, 2));
        message_box(ui, "not-carried",
                    ui.tf("{} does not carry this product: its owner picked the products it shows. Pick another shop, or see what "
                          "customers see when they open this product's link there.", shop_name),
                    w, false);
    }
    ImGui::Dummy(ImVec2(0, 6));
}

void phone_summary_row(Ui& ui, const char* id, const char* what, const std::string& value, int which, float x, float w) {
    const ImVec2 p(x, ImGui::GetCursorScreenPos().y);
    const float h = 56;
    ImGui::SetCursorScreenPos(p);
    ImGui::PushID(id);
    if (ImGui::InvisibleButton("##row", ImVec2(w, h))) emit_console(ui, app::OpenPicker{which});
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.pal.surface, 12);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), ui.pal.border, 12);
    draw_text(ui, Font::Small, ImVec2(p.x + 14, p.y + 8), ui.pal.muted, ui.t(what));
    draw_text_clamped(ui, Font::Strong, ImVec2(p.x + 14, p.y + 27), w - 50, 1, ui.pal.text, value);
    draw_icon(dl, Icon::ChevronRight, ImVec2(p.x + w - 20, p.y + h * 0.5f), 18, ui.pal.muted);
    ui.canvas.expose("picker-row", value, p, ImVec2(p.x + w, p.y + h), what);
    ImGui::SetCursorScreenPos(ImVec2(x, p.y + h + 8));
    ImGui::Dummy(ImVec2(w, 0));
}

void phone_picker_overlay(Ui& ui, const ConsoleFrame& f) {
    const app::ConsoleState& c = ui.state.console;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    ImGui::Begin("##console-picker", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, ui.height), ui.pal.background);
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, f.top), ui.pal.surface);
    dl->AddLine(ImVec2(0, f.top - 0.5f), ImVec2(ui.width, f.top - 0.5f), ui.pal.border);
    ImGui::SetCursorScreenPos(ImVec2(f.x - 8, (f.top - space::touch) * 0.5f));
    if (icon_button(ui, "close-picker", Icon::Back, "Back")) emit_console(ui, app::OpenPicker{0});
    const std::string title = ui.t(c.picker_open == 1 ? "Pick a product" : "Pick a shop");
    draw_text(ui, Font::Strong, ImVec2(f.x + 44, f.top * 0.5f - 10), ui.pal.text, title);
    ui.canvas.expose("dialog-title", title, ImVec2(f.x + 44, 8), ImVec2(f.x + f.w, f.top - 8), c.picker_open == 1 ? "Pick a product" : "Pick a shop");
    ImGui::SetCursorScreenPos(ImVec2(f.x, f.top + 12));
    ImGui::BeginGroup();
    const float list_h = ui.height - f.top - 12 - 60;
    if (c.picker_open == 1) product_picker(ui, f.x, f.w, list_h);
    else shop_picker(ui, f.x, f.w, list_h);
    ImGui::EndGroup();
    ImGui::End();
}

}  // namespace

void show_console_preview(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    const ConsoleFrame f = console_frame(ui);
    const float body_h = ui.height - f.top - f.bottom;
    const core::Product* p = c.published ? core::draft_product(*c.published, c.history.current(), c.preview_product) : nullptr;
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    if (ui.phone) {
        ImGui::BeginChild("##console-preview", ImVec2(ui.width, body_h), false, ImGuiWindowFlags_NoBackground);
        ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + 12));  // follows the child's scroll
        ImGui::BeginGroup();
        const app::BrandShop* shop = find_shop(c, c.preview_shop);
        phone_summary_row(ui, "product-row", "Product", p ? p->title : std::string(ui.t("Pick a product")), 1, f.x, f.w);
        phone_summary_row(ui, "shop-row", "Shop", shop ? shop->name : std::string(ui.t("Pick a shop")), 2, f.x, f.w);
        mode_and_caption(ui, f.x, f.w);
        console_previews(ui, f.x, ImGui::GetCursorScreenPos().y, f.w, 0, false);
        hint(ui, ui.t("Drawn by the same code customers' browsers run, from the shop's signed documents. Scroll a preview, or open "
                      "another product in it. A draft shows only here until you publish it."),
             f.w);
        ImGui::Dummy(ImVec2(0, 16));
        ImGui::EndGroup();
        ImGui::EndChild();
        if (c.picker_open) phone_picker_overlay(ui, f);
        return;
    }
    // Desktop: pickers on the left, previews on the right.
    const float left_w = 340;
    const float top = f.top + 20;
    const float list_h = std::floor((body_h - 20 - 2 * 96) * 0.5f);
    ImGui::SetCursorScreenPos(ImVec2(f.x, top));
    ImGui::BeginGroup();
    section_title(ui, ui.t("Product"), ui.count(static_cast<long>(c.published ? c.published->products.size() : 0), "product", "products"), left_w);
    product_picker(ui, f.x, left_w, list_h);
    ImGui::Dummy(ImVec2(0, 6));
    section_title(ui, ui.t("Shop"), ui.count(static_cast<long>(c.shops.size()), "shop", "shops"), left_w);
    shop_picker(ui, f.x, left_w, list_h);
    ImGui::EndGroup();
    const float px = f.x + left_w + 32, pw = f.x + f.w - px;
    ImGui::SetCursorScreenPos(ImVec2(px, top));
    ImGui::BeginGroup();
    mode_and_caption(ui, px, pw);
    const float y = ImGui::GetCursorScreenPos().y;
    console_previews(ui, px, y, pw, ui.height - y - 48, false);
    hint(ui, ui.t("Drawn by the same code customers' browsers run, from the shop's signed documents. Scroll a preview, or open "
                  "another product in it. A draft shows only here until you publish it."),
         pw);
    ImGui::EndGroup();
}

}  // namespace ui
