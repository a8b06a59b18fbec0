// Checkout: no account, only what delivery needs (name, phone, address), validated with messages
// that say what to fix. Fields work with the phone keyboard (tel keypad for the number) and IMEs.
// How to pay: for each brand in the cart (each brand's order is separate) the ways its verified
// policy accepts, each saying plainly what happens; no card form, no payment provider.
#include <algorithm>

#include "core/money.h"
#include "core/orders/payment.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

namespace {

const char* method_title(const core::PaymentMethod& m) {
    switch (m.kind) {
        case core::PaymentMethod::Bank: return "Bank transfer";
        case core::PaymentMethod::Link: return "Pay on the brand's own page";
        default: return "Pay on delivery";
    }
}

const char* method_id(const core::PaymentMethod& m) {
    switch (m.kind) {
        case core::PaymentMethod::Bank: return "payment-bank";
        case core::PaymentMethod::Link: return "payment-link";
        default: return "payment-cod";
    }
}

struct Row {
    std::string key, value;
};

// Label on the left, the value (real text, wrapped) on the right. Returns the height the rows take.
float detail_rows(const Ui& ui, const std::vector<Row>& rows, ImVec2 p, float w, bool draw) {
    const float key_w = ui.phone ? 92 : 118;
    float y = p.y;
    for (const auto& r : rows) {
        const ImVec2 vs = text_size(ui, Font::Body, r.value, w - key_w);
        if (draw) {
            draw_text(ui, Font::Small, ImVec2(p.x, y + 2), ui.pal.muted, r.key, key_w - 8);
            draw_text(ui, Font::Body, ImVec2(p.x + key_w, y), ui.pal.text, r.value, w - key_w);
        }
        y += std::max(vs.y, text_size(ui, Font::Small, r.key, key_w - 8).y) + 6;
    }
    return y - p.y;
}

// One way to pay, as a radio card. Returns true when tapped.
bool payment_option(Ui& ui, const std::string& brand, const core::PaymentMethod& m, bool selected, float w) {
    const float pad = 14, text_x = 46;
    const float tw = w - text_x - pad;
    const std::string title = ui.t(method_title(m));
    std::string line;
    std::vector<Row> rows;
    std::string link_name;
    if (m.kind == core::PaymentMethod::Cod) {
        line = ui.t("Pay the courier when your parcel arrives.");
    } else if (m.kind == core::PaymentMethod::Bank) {
        line = ui.t("After placing the order, transfer the amount to the brand's account:");
        rows = {{ui.t("Account holder"), m.account_name}};
        if (!m.bank.empty()) rows.push_back({ui.t("Bank"), m.bank});
        rows.push_back({ui.t("Account"), m.account});
        rows.push_back({ui.t("Reference"), ui.t("Your order number (you get it after placing the order)")});
    } else {
        line = ui.t("After placing the order, you pay on the brand's own page:");
        const std::string host = core::payment_link_host(m.url);
        link_name = m.label.empty() || m.label == host ? host : m.label + " · " + host;
    }
    const ImVec2 title_s = text_size(ui, Font::Strong, title, tw);
    const ImVec2 line_s = text_size(ui, Font::Small, line, tw);
    float h = pad + title_s.y + 4 + line_s.y;
    if (!rows.empty()) h += 10 + detail_rows(ui, rows, ImVec2(0, 0), tw, false) - 6;
    if (!link_name.empty()) h += 6 + text_size(ui, Font::Strong, link_name, tw).y;
    h = std::max(h + pad, ui.phone ? 56.f : 52.f);

    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushID(brand.c_str());
    ImGui::PushID(method_id(m));
    const bool clicked = ImGui::InvisibleButton("##pay", ImVec2(w, h));
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    ImGui::PopID();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + w, pos.y + h);
    dl->AddRectFilled(pos, max, selected ? ui.pal.primary_soft : hovered ? ui.pal.surface_alt : ui.pal.surface, 12);
    dl->AddRect(pos, max, selected ? ui.pal.primary : ui.pal.border, 12, 0, selected ? 2.f : 1.f);
    const ImVec2 dot(pos.x + 24, pos.y + pad + title_s.y * 0.5f);
    dl->AddCircleFilled(dot, 10, ui.pal.surface, 24);
    dl->AddCircle(dot, 10, selected ? ui.pal.primary : ui.pal.faint, 24, 2);
    if (selected) dl->AddCircleFilled(dot, 5.5f, ui.pal.primary, 16);
    float y = pos.y + pad;
    draw_text(ui, Font::Strong, ImVec2(pos.x + text_x, y), ui.pal.text, title, tw);
    y += title_s.y + 4;
    draw_text(ui, Font::Small, ImVec2(pos.x + text_x, y), ui.pal.muted, line, tw);
    y += line_s.y;
    std::string spoken = title + ". " + line;
    if (!rows.empty()) {
        y += 10;
        detail_rows(ui, rows, ImVec2(pos.x + text_x, y), tw, true);
        for (const auto& r : rows) spoken += " " + r.key + ": " + r.value + ".";
    }
    if (!link_name.empty()) {
        draw_text(ui, Font::Strong, ImVec2(pos.x + text_x, y + 6), ui.pal.primary, link_name, tw);
        spoken += " " + link_name;
    }
    ui.canvas.expose("payment-option", spoken, pos, max, std::string(method_id(m)) + ":" + brand);
    if (selected) ui.canvas.expose("payment-chosen", title, pos, max, std::string(method_id(m)) + ":" + brand);
    return clicked;
}

}  // namespace

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
    const std::string notice = form.notice.empty() ? std::string() : std::string(ui.t(form.notice.c_str()));
    // Phones keep the button in a bar at the bottom (with what went wrong just above it), so it is
    // never scrolled away below the ways to pay.
    const float notice_h = ui.phone && !notice.empty() ? text_size(ui, Font::Small, notice, f.content_w - 24).y + 20 + 10 : 0;
    f.bottom = ui.phone ? 76 + notice_h : 0;
    // The methods each brand's verified policy accepts, and the one that will be used.
    auto policy_of = [&](const std::string& brand) {
        const core::BrandSection* b = view.brand(brand);
        return b && b->policy ? *b->policy : core::Policy{};
    };
    auto chosen_kind = [&](const std::string& brand) {
        auto c = ui.state.orders.payment_choice.find(brand);
        return c == ui.state.orders.payment_choice.end() ? std::string() : c->second;
    };

    bool waiting = false;
    for (const auto& p : ui.state.orders.pending) waiting = waiting || p.shop == slug;
    auto place_button = [&](float w) {
        if (waiting && ui.state.orders.sending_order) {
            button(ui, "place", "Placing your order…", ButtonKind::Primary, ImVec2(w, 48), false);
            ui.canvas.animate();
        } else if (waiting) {
            // Saved but not acknowledged (offline or server down): it goes by itself; this sends now.
            if (button(ui, "place", "Send my order now", ButtonKind::Primary, ImVec2(w, 48)))
                ui.emit(app::OrderAction{app::RetryPending{}});
        } else if (button(ui, "place", "Place order", ButtonKind::Primary, ImVec2(w, 48))) {
            ui.emit(app::SubmitCheckout{});
        }
    };
    auto notice_box = [&](ImVec2 p, float w) {
        const ImVec2 ts = text_size(ui, Font::Small, notice, w - 24);
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + ts.y + 20), ui.pal.warning_soft, 10);
        draw_text(ui, Font::Small, ImVec2(p.x + 12, p.y + 10), ui.pal.text, notice, w - 24);
        ui.canvas.expose("checkout-notice", notice, p, ImVec2(p.x + w, p.y + ts.y + 20), form.notice);
        return ts.y + 20;
    };

    if (begin_body(ui, f)) {
        // Desktop: delivery on the left, how to pay and the summary on the right. Phone: one column.
        const bool two = !ui.phone && f.content_w >= 900;
        const float gap = 40;
        const float lw = ui.phone ? f.content_w : two ? 500.f : std::min(f.content_w, 560.f);
        const float rw = two ? 440.f : lw;
        const float lx = ui.phone ? f.content_x : two ? std::floor((ui.width - lw - gap - rw) * 0.5f) : std::floor((ui.width - lw) * 0.5f);
        const float rx = two ? lx + lw + gap : lx;
        const float top = ImGui::GetCursorScreenPos().y + 20;

        ImGui::SetCursorScreenPos(ImVec2(lx, top));
        ImGui::BeginGroup();
        section_title(ui, "Delivery details", "", lw);
        text_block(ui, Font::Small, ui.pal.muted, ui.t("No account needed. We only ask for what the courier needs."), lw);
        ImGui::Dummy(ImVec2(0, 8));
        const auto& e = form.attempted ? form.errors : core::ContactErrors{};
        text_field(ui, "name", "Name", form.form.name, "Who receives the parcel", platform::InputMode::Text, lw, false, ui.t(e.name.c_str()));
        ImGui::Dummy(ImVec2(0, 6));
        text_field(ui, "phone", "Phone", form.form.phone, "e.g. 138 0013 8000", platform::InputMode::Tel, lw, false, ui.t(e.phone.c_str()));
        ImGui::Dummy(ImVec2(0, 6));
        text_field(ui, "address", "Address", form.form.address, "Street, building, city", platform::InputMode::Text, lw, true, ui.t(e.address.c_str()));
        ImGui::EndGroup();
        float bottom = ImGui::GetItemRectMax().y;

        ImGui::SetCursorScreenPos(ImVec2(rx, two ? top : bottom + 22));
        ImGui::BeginGroup();
        section_title(ui, "How to pay", "", rw);
        if (q.brands.size() > 1)
            text_block(ui, Font::Small, ui.pal.muted, ui.t("Each brand ships and bills its own order: choose how to pay each one."), rw);
        else
            text_block(ui, Font::Small, ui.pal.muted, ui.t("No card details are asked for here. Choose how you will pay the brand:"), rw);
        for (const auto& bq : q.brands) {
            const core::BrandSection* brand = view.brand(bq.brand);
            const core::Policy policy = policy_of(bq.brand);
            const core::PaymentMethod chosen = core::choose_payment(policy, chosen_kind(bq.brand));
            if (q.brands.size() > 1) {
                ImGui::Dummy(ImVec2(0, 6));
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const std::string name = brand ? brand->cert.name : bq.brand;
                const std::string amount = core::format_money(bq.subtotal, bq.currency);
                draw_text(ui, Font::Strong, p, ui.pal.text, name);
                const ImVec2 as = text_size(ui, Font::Strong, amount);
                draw_text(ui, Font::Strong, ImVec2(p.x + rw - as.x, p.y), ui.pal.text, amount);
                ImGui::Dummy(ImVec2(rw, text_size(ui, Font::Strong, name).y + 6));
            }
            for (const auto& m : core::payment_options(policy)) {
                if (payment_option(ui, bq.brand, m, m.kind == chosen.kind, rw))
                    ui.emit(app::OrderAction{app::ChoosePayment{bq.brand, core::payment_kind_name(m.kind)}});
            }
        }
        ImGui::Dummy(ImVec2(0, 18));
        section_title(ui, "Order summary", "", rw);
        for (const auto& bq : q.brands) {
            const core::BrandSection* brand = view.brand(bq.brand);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const std::string left = (brand ? brand->cert.name : bq.brand) + " · " +
                                     ui.count(static_cast<long>(bq.lines.size()), "product", "products");
            const std::string right = core::format_money(bq.subtotal, bq.currency);
            const std::string how = ui.t(method_title(core::choose_payment(policy_of(bq.brand), chosen_kind(bq.brand))));
            const ImVec2 rs = text_size(ui, Font::Strong, right);
            draw_text_clamped(ui, Font::Body, p, rw - rs.x - 12, 1, ui.pal.text, left);
            draw_text(ui, Font::Strong, ImVec2(p.x + rw - rs.x, p.y), ui.pal.text, right);
            draw_text(ui, Font::Small, ImVec2(p.x, p.y + 24), ui.pal.muted, how);
            ui.canvas.expose("summary", left + " " + right + " · " + how, p, ImVec2(p.x + rw, p.y + 44));
            ImGui::Dummy(ImVec2(rw, 48));
        }
        if (!ui.phone) {
            ImGui::Dummy(ImVec2(0, 8));
            place_button(rw);
            if (!notice.empty()) {
                ImGui::Dummy(ImVec2(0, 6));
                const float h = notice_box(ImGui::GetCursorScreenPos(), rw);
                ImGui::Dummy(ImVec2(rw, h));
            }
        }
        ImGui::EndGroup();
        bottom = std::max(bottom, ImGui::GetItemRectMax().y);
        ImGui::SetCursorScreenPos(ImVec2(lx, bottom));
        ImGui::Dummy(ImVec2(0, 40));
    }
    end_body();
    shop_top_bar(ui, view, true, f);
    if (ui.phone) {
        float y = ui.height - f.bottom;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(ImVec2(0, y), ImVec2(ui.width, ui.height), ui.pal.surface);
        dl->AddLine(ImVec2(0, y), ImVec2(ui.width, y), ui.pal.border);
        if (!notice.empty()) y += notice_box(ImVec2(f.content_x, y + 10), f.content_w) + 10;
        ImGui::SetCursorScreenPos(ImVec2(f.content_x, y + 14));
        place_button(f.content_w);
    }
}

}  // namespace ui
