// Product page: gallery (swipe on phones, thumbnails on desktop), the brand's verified content
// (title, price, description, specs) under a "Verified by <brand>" mark, the distributor's own
// note in a visibly separate, labelled card, and add to cart.
#include <algorithm>
#include <cmath>

#include "core/money.h"
#include "imgui_internal.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

namespace {

// Phone gallery: a horizontally scrolling strip of full-width pages that settles on a page.
void gallery_phone(Ui& ui, const core::Product& p, float width) {
    const float h = width;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const int n = std::max<int>(1, static_cast<int>(p.images.size()));
    ImGui::BeginChild("##gallery", ImVec2(width, h), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_HorizontalScrollbar);
    ImGuiWindow* win = ImGui::GetCurrentWindow();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    for (int i = 0; i < n; ++i) {
        core::ImageRef ref = p.images.empty() ? p.thumb : p.images[i];
        image(ui, ref, ImVec2(o.x + i * width, o.y), ImVec2(o.x + (i + 1) * width, o.y + h), 0);
        ui.canvas.expose("gallery-image", std::to_string(i + 1) + "/" + std::to_string(n),
                         ImVec2(o.x + i * width, o.y), ImVec2(o.x + (i + 1) * width, o.y + h), p.title);
    }
    ImGui::Dummy(ImVec2(width * n, h));
    // Once the finger is off, the strip settles on a page at most one away from the one it rested on
    // (a paging gallery: a quick flick shows the next picture, never skips one): the flick's
    // direction when it was quick, else the page most of the screen shows.
    const float page = std::round(win->Scroll.x / width);
    ui.canvas.pages(win);
    ImGuiStorage* mem = ImGui::GetStateStorage();
    const ImGuiID rest_id = ImGui::GetID("##rest"), goal_id = ImGui::GetID("##goal");
    if (ui.canvas.touch_scrolling()) {
        mem->SetInt(goal_id, -1);
    } else {
        constexpr float kFlick = 0.3f;  // px/ms
        const int rest = mem->GetInt(rest_id, static_cast<int>(page));
        int goal = mem->GetInt(goal_id, -1);
        float vx = 0;
        if (ui.canvas.take_flick(win, &vx) && std::fabs(vx) > kFlick) goal = rest + (vx > 0 ? 1 : -1);
        else if (goal < 0) goal = static_cast<int>(page);
        goal = std::clamp(goal, std::max(0, rest - 1), std::min(n - 1, rest + 1));
        mem->SetInt(goal_id, goal);
        const float target = std::floor(goal * width);
        const float diff = target - win->Scroll.x;
        // ImGui keeps scroll offsets in whole pixels: ease in steps of at least one pixel, then
        // land exactly, so the animation always ends (and the app goes back to idle).
        if (std::fabs(diff) > 1.5f) {
            float step = diff * 0.3f;
            if (std::fabs(step) < 1.f) step = diff > 0 ? 1.f : -1.f;
            ImGui::SetScrollX(win->Scroll.x + step);
            ui.canvas.animate();
        } else {
            if (diff != 0) {
                ImGui::SetScrollX(target);
                ui.canvas.animate();
            }
            mem->SetInt(rest_id, goal);
            mem->SetInt(goal_id, -1);
        }
    }
    ImGui::EndChild();
    if (n > 1) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float dots_w = n * 14.f;
        const float cy = origin.y + h - 16;
        dl->AddRectFilled(ImVec2(origin.x + (width - dots_w) * 0.5f - 8, cy - 9), ImVec2(origin.x + (width + dots_w) * 0.5f + 8, cy + 9),
                          IM_COL32(0, 0, 0, 60), 9);
        for (int i = 0; i < n; ++i)
            dl->AddCircleFilled(ImVec2(origin.x + (width - dots_w) * 0.5f + 7 + i * 14, cy), i == static_cast<int>(page) ? 3.5f : 2.5f,
                                i == static_cast<int>(page) ? IM_COL32_WHITE : IM_COL32(255, 255, 255, 150));
    }
}

// Desktop gallery: a large image and clickable thumbnails.
void gallery_desktop(Ui& ui, const core::Product& p, ImVec2 pos, float width) {
    static std::string shown_product;
    static int selected = 0;
    if (shown_product != p.id) {
        shown_product = p.id;
        selected = 0;
    }
    const int n = static_cast<int>(p.images.size());
    const core::ImageRef& main = n ? p.images[std::min(selected, n - 1)] : p.thumb;
    image(ui, main, pos, ImVec2(pos.x + width, pos.y + width), 16);
    ui.canvas.expose("gallery-image", std::to_string(selected + 1) + "/" + std::to_string(std::max(1, n)), pos,
                     ImVec2(pos.x + width, pos.y + width), p.title);
    if (n > 1) {
        const float t = 72;
        for (int i = 0; i < n; ++i) {
            const ImVec2 tmin(pos.x + i * (t + 10), pos.y + width + 12);
            ImGui::SetCursorScreenPos(tmin);
            ImGui::PushID(i);
            if (ImGui::InvisibleButton("##thumb", ImVec2(t, t))) selected = i;
            if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            ImGui::PopID();
            image(ui, p.images[i], tmin, ImVec2(tmin.x + t, tmin.y + t), 10);
            if (i == selected)
                ImGui::GetWindowDrawList()->AddRect(ImVec2(tmin.x - 2, tmin.y - 2), ImVec2(tmin.x + t + 2, tmin.y + t + 2), ui.pal.primary, 12, 0, 2);
        }
    }
}

void specs_table(Ui& ui, const core::Product& p, float width) {
    if (p.specs.empty()) return;
    section_title(ui, "Details", "", width);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float key_w = std::min(140.f, width * 0.36f);
    for (std::size_t i = 0; i < p.specs.size(); ++i) {
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const ImVec2 vs = text_size(ui, Font::Body, p.specs[i].value, width - key_w - 12);
        const float h = std::max(vs.y, 20.f) + 16;
        if (i % 2 == 0) dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + h), ui.pal.surface_alt, 8);
        draw_text(ui, Font::Small, ImVec2(pos.x + 10, pos.y + 9), ui.pal.muted, p.specs[i].name, key_w - 10);
        draw_text(ui, Font::Body, ImVec2(pos.x + key_w + 2, pos.y + 8), ui.pal.text, p.specs[i].value, width - key_w - 12);
        ui.canvas.expose("spec", p.specs[i].name + ": " + p.specs[i].value, pos, ImVec2(pos.x + width, pos.y + h));
        ImGui::Dummy(ImVec2(width, h - ImGui::GetStyle().ItemSpacing.y));
    }
}

void product_info(Ui& ui, const core::ShopView& view, const core::ShopItem& item, float width) {
    const core::Product& p = *item.product;
    const core::BrandSection& brand = *item.brand;
    ImGui::Dummy(ImVec2(0, 4));
    const ImVec2 b = ImGui::GetCursorScreenPos();
    const float bw = verified_badge(ui, b, brand.cert.name);
    (void)bw;
    ImGui::Dummy(ImVec2(width, 30));
    text_block(ui, Font::Display, ui.pal.text, p.title, width);
    ui.canvas.expose("product-title", p.title, b, ImVec2(b.x + width, ImGui::GetCursorScreenPos().y));
    if (!p.subtitle.empty()) text_block(ui, Font::Body, ui.pal.muted, p.subtitle, width);
    ImGui::Dummy(ImVec2(0, 2));
    const ImVec2 pp = ImGui::GetCursorScreenPos();
    draw_price(ui, pp, p.price, p.list_price, brand.release->currency, Font::Display, ui.pal.primary);
    ui.canvas.expose("price", core::format_money(p.price, brand.release->currency), pp, ImVec2(pp.x + 160, pp.y + 30));
    ImGui::Dummy(ImVec2(width, 36));
    if (!item.note.empty()) distributor_note(ui, view, item.note, width);
    ImGui::Dummy(ImVec2(0, 4));
    if (!p.description.empty()) {
        section_title(ui, "About this product", "", width);
        const ImVec2 dp = ImGui::GetCursorScreenPos();
        text_block(ui, Font::Body, ui.pal.text, p.description, width);
        ui.canvas.expose("description", p.description, dp, ImVec2(dp.x + width, ImGui::GetCursorScreenPos().y));
        ImGui::Dummy(ImVec2(0, 12));
    }
    specs_table(ui, p, width);
    ImGui::Dummy(ImVec2(0, 12));
    const std::string fine = ui.tf("Title, images, description, details and price are published by {} and checked against its signature.",
                                   brand.cert.name + " (" + ui.tf("catalog version {}", std::to_string(brand.release->version)) + ")");
    text_block(ui, Font::Small, ui.pal.faint, fine, width);
}

}  // namespace

void show_product(Ui& ui, const core::ShopView& view) {
    const auto& route = ui.state.route;
    Frame f = frame_for(ui);
    const core::ShopItem* item = view.find(route.product);
    if (!item) {
        // The product may exist in a brand whose release failed: say that, not "unknown" (if the
        // shop's selection names it, or the shop shows everything its brands sell).
        const auto& sel = view.shop.manifest.products;
        const bool selected = sel.empty() || std::find(sel.begin(), sel.end(), route.product) != sel.end();
        bool hidden_brand = false;
        std::string reason;
        for (const auto& b : view.brands)
            if (!b.release && selected) {
                hidden_brand = true;
                reason = error_text(ui.lang, b.release_error);
            }
        if (begin_body(ui, f)) {
            if (hidden_brand)
                notice_page(ui, Icon::Alert, "This product could not be verified",
                            std::string(ui.t("Its brand's catalog did not pass the signature check, so it is not shown to protect you.")) + " " + reason,
                            {{"Back to the shop", app::Navigate{app::shop_path(view.shop.manifest.slug)}}});
            else
                notice_page(ui, Icon::Search, "This product is not in this shop",
                            ui.tf("It may have been removed by the brand or by {}.", view.shop.manifest.identity.name),
                            {{"See everything in the shop", app::Navigate{app::shop_path(view.shop.manifest.slug)}}});
        }
        end_body();
        shop_top_bar(ui, view, true, f);
        return;
    }
    f.bottom = ui.phone ? 76 : 0;
    if (begin_body(ui, f)) {
        if (ui.phone) {
            gallery_phone(ui, *item->product, ui.width);
            ImGui::SetCursorScreenPos(ImVec2(f.content_x, ImGui::GetCursorScreenPos().y + 8));
            ImGui::BeginGroup();
            product_info(ui, view, *item, f.content_w);
            ImGui::Dummy(ImVec2(0, 24));
            ImGui::EndGroup();
        } else {
            const float top = ImGui::GetCursorScreenPos().y + 28;
            const float gw = std::min(520.f, f.content_w * 0.5f);
            gallery_desktop(ui, *item->product, ImVec2(f.content_x, top), gw);
            const float ix = f.content_x + gw + 48, iw = f.content_w - gw - 48;
            ImGui::SetCursorScreenPos(ImVec2(ix, top));
            ImGui::BeginGroup();
            product_info(ui, view, *item, iw);
            ImGui::Dummy(ImVec2(0, 16));
            ImGui::SetCursorScreenPos(ImVec2(ix, ImGui::GetCursorScreenPos().y));
            if (button(ui, "add", "Add to cart", ButtonKind::Primary, ImVec2(std::min(iw, 320.f), 48)))
                ui.emit(app::AddToCart{item->product->brand, item->product->id, 1});
            ImGui::Dummy(ImVec2(0, 48));
            ImGui::EndGroup();
            ImGui::SetCursorScreenPos(ImVec2(f.content_x, std::max(ImGui::GetCursorScreenPos().y, top + gw + 110)));
            ImGui::Dummy(ImVec2(f.content_w, 24));
        }
    }
    end_body();
    shop_top_bar(ui, view, true, f);
    if (ui.phone) {
        // Fixed action bar within thumb reach.
        const float y = ui.height - f.bottom;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(ImVec2(0, y), ImVec2(ui.width, ui.height), ui.pal.surface);
        dl->AddLine(ImVec2(0, y), ImVec2(ui.width, y), ui.pal.border);
        const float bw = (f.content_w - 12) * 0.5f;
        ImGui::SetCursorScreenPos(ImVec2(f.content_x, y + 14));
        if (button(ui, "add", "Add to cart", ButtonKind::Secondary, ImVec2(bw, 48)))
            ui.emit(app::AddToCart{item->product->brand, item->product->id, 1});
        ImGui::SetCursorScreenPos(ImVec2(f.content_x + bw + 12, y + 14));
        if (button(ui, "buy", "Buy now", ButtonKind::Primary, ImVec2(bw, 48))) {
            ui.emit(app::AddToCart{item->product->brand, item->product->id, 1});
            ui.emit(app::Navigate{app::cart_path(view.shop.manifest.slug)});
        }
    }
}

}  // namespace ui
