// Checkout: no account, only what delivery needs (name, phone, address), validated with messages
// that say what to fix. Fields work with the phone keyboard (tel keypad for the number) and IMEs.
#include "core/money.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

void show_checkout(Ui& ui, const core::ShopView& view) {
    Frame f = frame_for(ui);
    const std::string& slug = view.shop.manifest.slug;
    auto it = ui.state.session.carts.find(slug);
    if (it == ui.state.session.carts.end() || it->second.empty()) {
        if (begin_body(ui, f))
            notice_page(ui, Icon::Cart, "Nothing to check out", ui.t("Your cart is empty."),
                        {{"Continue shopping", app::Navigate{app::shop_path(slug)}}});
        end_body();
        shop_top_bar(ui, view, true, f);
        return;
    }
    std::map<std::string, const core::Release*> releases;
    for (const auto& b : view.brands)
        if (b.release) releases[b.cert.brand] = &*b.release;
    const core::Quote q = core::price_cart(it->second, releases);
    // The form is the one piece of screen-local state the app keeps (AppState::checkout), edited
    // here in place; validation is core's.
    auto& form = const_cast<app::CheckoutState&>(ui.state.checkout);
    if (begin_body(ui, f)) {
        const float w = ui.phone ? f.content_w : std::min(f.content_w, 560.f);
        const float x = ui.phone ? f.content_x : (ui.width - w) * 0.5f;
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 20));
        ImGui::BeginGroup();
        section_title(ui, "Delivery details", "", w);
        text_block(ui, Font::Small, ui.pal.muted, ui.t("No account needed. We only ask for what the courier needs."), w);
        ImGui::Dummy(ImVec2(0, 8));
        const auto& e = form.attempted ? form.errors : core::ContactErrors{};
        text_field(ui, "name", "Name", form.form.name, "Who receives the parcel", platform::InputMode::Text, w, false, e.name);
        ImGui::Dummy(ImVec2(0, 6));
        text_field(ui, "phone", "Phone", form.form.phone, "e.g. 138 0013 8000", platform::InputMode::Tel, w, false, e.phone);
        ImGui::Dummy(ImVec2(0, 6));
        text_field(ui, "address", "Address", form.form.address, "Street, building, city", platform::InputMode::Text, w, true, e.address);
        ImGui::Dummy(ImVec2(0, 14));
        section_title(ui, "Order summary", "", w);
        for (const auto& bq : q.brands) {
            const core::BrandSection* brand = view.brand(bq.brand);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const std::string left = (brand ? brand->cert.name : bq.brand) + " · " +
                                     ui.count(static_cast<long>(bq.lines.size()), "product", "products");
            const std::string right = core::format_money(bq.subtotal, bq.currency);
            draw_text(ui, Font::Body, p, ui.pal.text, left);
            const ImVec2 rs = text_size(ui, Font::Strong, right);
            draw_text(ui, Font::Strong, ImVec2(p.x + w - rs.x, p.y), ui.pal.text, right);
            ui.canvas.expose("summary", left + " " + right, p, ImVec2(p.x + w, p.y + 22));
            ImGui::Dummy(ImVec2(w, 24));
        }
        ImGui::Dummy(ImVec2(0, 10));
        bool waiting = false;
        for (const auto& p : ui.state.orders.pending) waiting = waiting || p.shop == slug;
        if (waiting && ui.state.orders.sending_order) {
            button(ui, "place", "Placing your order…", ButtonKind::Primary, ImVec2(w, 50), false);
            ui.canvas.animate();
        } else if (waiting) {
            // Saved but not acknowledged (offline or server down): it goes by itself; this sends now.
            if (button(ui, "place", "Send my order now", ButtonKind::Primary, ImVec2(w, 50)))
                ui.emit(app::OrderAction{app::RetryPending{}});
        } else if (button(ui, "place", "Place order", ButtonKind::Primary, ImVec2(w, 50))) {
            ui.emit(app::SubmitCheckout{});
        }
        if (!form.notice.empty()) {
            ImGui::Dummy(ImVec2(0, 6));
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const std::string msg = ui.t(form.notice.c_str());
            const ImVec2 ts = text_size(ui, Font::Small, msg, w - 24);
            ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + ts.y + 20), ui.pal.warning_soft, 10);
            draw_text(ui, Font::Small, ImVec2(p.x + 12, p.y + 10), ui.pal.text, msg, w - 24);
            ui.canvas.expose("checkout-notice", msg, p, ImVec2(p.x + w, p.y + ts.y + 20), form.notice);
            ImGui::Dummy(ImVec2(w, ts.y + 20));
        }
        ImGui::Dummy(ImVec2(0, 40 + ui.state.route.path.size() * 0));
        ImGui::EndGroup();
    }
    end_body();
    shop_top_bar(ui, view, true, f);
}

}  // namespace ui
