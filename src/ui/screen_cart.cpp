// Cart: lines grouped by brand (each brand becomes its own order at checkout), quantities, totals
// in integer minor units priced from the signed releases, and the way to checkout.
#include <algorithm>

#include "core/money.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

void show_cart(Ui& ui, const core::ShopView& view) {
    Frame f = frame_for(ui);
    const std::string& slug = view.shop.manifest.slug;
    auto it = ui.state.session.carts.find(slug);
    const core::Cart empty;
    const core::Cart& cart = it == ui.state.session.carts.end() ? empty : it->second;
    std::map<std::string, const core::Release*> releases;
    for (const auto& b : view.brands)
        if (b.release) releases[b.cert.brand] = &*b.release;
    const core::Quote q = core::price_cart(cart, releases);
    f.bottom = cart.empty() ? 0 : (ui.phone ? 76 : 0);

    if (begin_body(ui, f)) {
        if (cart.empty()) {
            notice_page(ui, Icon::Cart, "Your cart is empty", ui.tf("Browse {} and add something you like.", view.shop.manifest.identity.name),
                        {{"Continue shopping", app::Navigate{app::shop_path(slug)}}});
        } else {
            const float w = ui.phone ? f.content_w : std::min(f.content_w, 760.f);
            const float x = ui.phone ? f.content_x : (ui.width - w) * 0.5f;
            ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 20));
            section_title(ui, "Your cart", ui.count(cart.count(), "item", "items"), w);
            ImDrawList* dl = ImGui::GetWindowDrawList();
            for (const auto& bq : q.brands) {
                const core::BrandSection* brand = view.brand(bq.brand);
                ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 8));
                const ImVec2 card = ImGui::GetCursorScreenPos();
                const float line_h = ui.phone ? 96 : 92;
                const float card_h = 44 + bq.lines.size() * line_h + 44;
                dl->AddRectFilled(card, ImVec2(card.x + w, card.y + card_h), ui.pal.surface, 14);
                draw_text(ui, Font::Strong, ImVec2(card.x + 16, card.y + 14), ui.pal.text, brand ? brand->cert.name : bq.brand);
                float y = card.y + 44;
                for (const auto& line : bq.lines) {
                    const core::Product* p = releases.at(bq.brand)->find(line.product);
                    dl->AddLine(ImVec2(card.x + 16, y), ImVec2(card.x + w - 16, y), ui.pal.border);
                    const float t = 64;
                    image(ui, p->thumb.empty() && !p->images.empty() ? p->images.front() : p->thumb,
                          ImVec2(card.x + 16, y + 14), ImVec2(card.x + 16 + t, y + 14 + t), 10);
                    const float tx = card.x + 16 + t + 12;
                    const float tw = w - (tx - card.x) - 16;
                    draw_text_clamped(ui, Font::Body, ImVec2(tx, y + 12), tw - (ui.phone ? 0 : 130), ui.phone ? 1 : 2, ui.pal.text, p->title);
                    draw_text(ui, Font::Small, ImVec2(tx, y + (ui.phone ? 34 : 54)), ui.pal.muted,
                              ui.tf("{} each", core::format_money(line.unit_price, bq.currency)));
                    ui.canvas.expose("cart-line", p->title, ImVec2(card.x, y), ImVec2(card.x + w, y + line_h));
                    ImGui::SetCursorScreenPos(ImVec2(ui.phone ? tx : card.x + w - 16 - 120 - 130, y + (ui.phone ? 50 : 26)));
                    ImGui::PushID(p->id.c_str());
                    const int next = stepper(ui, "qty", line.quantity, 0, core::kMaxLineQuantity);
                    ImGui::PopID();
                    if (next != line.quantity) ui.emit(app::SetQuantity{p->id, next});
                    const std::string total = core::format_money(line.total, bq.currency);
                    const ImVec2 ts = text_size(ui, Font::Strong, total);
                    draw_text(ui, Font::Strong, ImVec2(card.x + w - 16 - ts.x, y + (ui.phone ? 60 : 34)), ui.pal.text, total);
                    y += line_h;
                }
                dl->AddLine(ImVec2(card.x + 16, y), ImVec2(card.x + w - 16, y), ui.pal.border);
                const std::string sub = core::format_money(bq.subtotal, bq.currency);
                const ImVec2 ss = text_size(ui, Font::Title, sub);
                draw_text(ui, Font::Body, ImVec2(card.x + 16, y + 13), ui.pal.muted, ui.t("Subtotal"));
                draw_text(ui, Font::Title, ImVec2(card.x + w - 16 - ss.x, y + 10), ui.pal.text, sub);
                ui.canvas.expose("subtotal", sub, ImVec2(card.x, y), ImVec2(card.x + w, y + 44));
                ImGui::SetCursorScreenPos(card);
                ImGui::Dummy(ImVec2(w, card_h + 8));
            }
            if (!q.unavailable.empty()) {
                ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
                text_block(ui, Font::Small, ui.pal.danger,
                           ui.tf("{} item(s) are no longer sold by their brand and will not be ordered.", std::to_string(q.unavailable.size())), w);
            }
            if (q.brands.size() > 1) {
                ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
                text_block(ui, Font::Small, ui.pal.muted, ui.t("Each brand ships and bills its own order."), w);
            }
            if (!ui.phone) {
                ImGui::SetCursorScreenPos(ImVec2(x + w - 260, ImGui::GetCursorScreenPos().y + 8));
                if (button(ui, "checkout", "Checkout", ButtonKind::Primary, ImVec2(260, 48)))
                    ui.emit(app::Navigate{app::checkout_path(slug)});
            }
            ImGui::Dummy(ImVec2(0, 32));
        }
    }
    end_body();
    shop_top_bar(ui, view, true, f);
    if (ui.phone && !cart.empty()) {
        const float y = ui.height - f.bottom;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(ImVec2(0, y), ImVec2(ui.width, ui.height), ui.pal.surface);
        dl->AddLine(ImVec2(0, y), ImVec2(ui.width, y), ui.pal.border);
        ImGui::SetCursorScreenPos(ImVec2(f.content_x, y + 14));
        if (button(ui, "checkout", "Checkout", ButtonKind::Primary, ImVec2(f.content_w, 48)))
            ui.emit(app::Navigate{app::checkout_path(slug)});
    }
}

}  // namespace ui
