// Order status page (/o/<id>?t=<token>): the consumer's receipt — number, how to pay (as the
// store snapshotted the brand's method at placement) and what happens next, status, what was
// ordered — and the lookup by order number and phone when the link is lost.
#include <algorithm>

#include "core/money.h"
#include "core/orders/payment.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

namespace {

const char* status_words(const std::string& s) {
    if (s == "placed") return "Placed";
    if (s == "paid") return "Paid";
    if (s == "delivered") return "Delivered";
    if (s == "refunded") return "Refunded";
    if (s == "cancelled") return "Cancelled";
    return "Placed";
}

void timeline(Ui& ui, const app::Receipt& r, float x, float w) {
    const char* steps[] = {"placed", "paid", "delivered"};
    const bool ended = r.status == "refunded" || r.status == "cancelled";
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y = ImGui::GetCursorScreenPos().y + 14;
    const float step_w = (w - 40) / 2;
    int reached = 0;
    for (int i = 0; i < 3; ++i)
        for (const auto& h : r.history)
            if (h.status == steps[i]) reached = std::max(reached, i);
    for (int i = 0; i < 3; ++i) {
        const float cx = x + 20 + i * step_w;
        if (i < 2) dl->AddLine(ImVec2(cx, y), ImVec2(cx + step_w, y), i < reached ? ui.pal.primary : ui.pal.border, 3);
    }
    for (int i = 0; i < 3; ++i) {
        const float cx = x + 20 + i * step_w;
        const bool done = i <= reached && !(ended && i > reached);
        dl->AddCircleFilled(ImVec2(cx, y), 10, done ? ui.pal.primary : ui.pal.surface, 24);
        dl->AddCircle(ImVec2(cx, y), 10, done ? ui.pal.primary : ui.pal.border, 24, 2);
        if (done) draw_icon(dl, Icon::Check, ImVec2(cx, y), 12, ui.pal.on_primary);
        const std::string label = ui.t(status_words(steps[i]));
        const ImVec2 ls = text_size(ui, Font::Small, label);
        draw_text(ui, Font::Small, ImVec2(cx - ls.x * 0.5f, y + 16), done ? ui.pal.text : ui.pal.faint, label);
        for (const auto& h : r.history)
            if (h.status == steps[i]) {
                const std::string when = core::format_date(h.at);
                const ImVec2 ws = text_size(ui, Font::Small, when);
                draw_text(ui, Font::Small, ImVec2(cx - ws.x * 0.5f, y + 34), ui.pal.muted, when);
            }
    }
    ImGui::Dummy(ImVec2(w, 70));
    if (ended) {
        const std::string note = ui.t(status_words(r.status));
        text_block(ui, Font::Strong, ui.pal.danger, note, w);
    }
}

// One detail of how to pay: its name, the value as text, and a button that copies the value. On
// a phone the name sits above the value, so an account number keeps to one line.
void pay_detail(Ui& ui, const char* english_key, const std::string& value, const std::string& copy, float x, float w) {
    const float key_w = ui.phone ? 0 : 120;
    const float copy_w = copy.empty() ? 0 : (ui.phone ? 68 : 72);
    const float vw = w - key_w - copy_w - (copy.empty() ? 0 : 10);
    const std::string key = ui.t(english_key);
    const ImVec2 p(x, ImGui::GetCursorScreenPos().y);
    const ImVec2 vs = text_size(ui, Font::Strong, value, vw);
    const float key_h = ui.phone ? text_size(ui, Font::Small, key, vw).y + 2 : 0;
    const float btn_h = ui.phone ? space::touch : 32;
    const float h = std::max(key_h + vs.y, copy.empty() ? 0.f : btn_h);
    const float ty = p.y + (h - key_h - vs.y) * 0.5f;
    if (ui.phone) draw_text(ui, Font::Small, ImVec2(p.x, ty), ui.pal.muted, key, vw);
    else draw_text(ui, Font::Small, ImVec2(p.x, ty + 2), ui.pal.muted, key, key_w - 8);
    draw_text(ui, Font::Strong, ImVec2(p.x + key_w, ty + key_h), ui.pal.text, value, vw);
    ui.canvas.expose("payment-detail", key + ": " + value, p, ImVec2(p.x + w, p.y + h), english_key);
    if (!copy.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(p.x + w - copy_w, p.y + (h - btn_h) * 0.5f));
        if (button(ui, (std::string("copy-") + english_key).c_str(), "Copy", ButtonKind::Secondary, ImVec2(copy_w, btn_h)))
            ui.emit(app::CopyText{copy, ui.tf("{} copied", key)});
    }
    ImGui::SetCursorScreenPos(ImVec2(x, p.y + h + 8));
}

// How to pay this order and what happens next; once the brand marks it paid, that it is paid.
void how_to_pay(Ui& ui, const app::Receipt& r, float x, float w) {
    if (!r.payment) return;  // an order placed before orders carried their method
    const bool paid = core::order_is_paid(r.status);
    if (!paid && r.status != "placed") return;  // refunded or cancelled: nothing to pay
    const core::PaymentMethod& m = r.payment->method;
    const std::string amount = core::format_money(r.total, r.currency);
    const std::string reference = r.payment->reference.empty() ? r.number : r.payment->reference;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 card(x, ImGui::GetCursorScreenPos().y);
    const float pad = 16, iw = w - 2 * pad;
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(card.x + pad, card.y + pad));
    ImGui::BeginGroup();
    const char* title = paid ? "Paid"
                        : m.kind == core::PaymentMethod::Bank ? "Pay by bank transfer"
                        : m.kind == core::PaymentMethod::Link ? "Pay on the brand's own page"
                                                              : "Pay on delivery";
    if (paid) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddCircleFilled(ImVec2(p.x + 12, p.y + 12), 12, ui.pal.success, 24);
        draw_icon(dl, Icon::Check, ImVec2(p.x + 12, p.y + 12), 14, IM_COL32(255, 255, 255, 255));
        draw_text(ui, Font::Title, ImVec2(p.x + 34, p.y), ui.pal.text, ui.t(title));
        ImGui::Dummy(ImVec2(iw, text_size(ui, Font::Title, ui.t(title)).y + 6));
        const std::string said = ui.t("The brand has marked this order paid. There is nothing more to pay.");
        text_block(ui, Font::Body, ui.pal.text, said, iw);
        ui.canvas.expose("payment-status", said, card, ImVec2(card.x + w, ImGui::GetCursorScreenPos().y), "paid");
    } else {
        text_block(ui, Font::Title, ui.pal.text, ui.t(title), iw);
        ImGui::Dummy(ImVec2(0, 2));
        std::string next;
        // What to do, in one sentence, above the details it needs.
        auto how = [&](const std::string& text) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            text_block(ui, Font::Body, ui.pal.text, text, iw);
            ui.canvas.expose("payment-how", text, p, ImVec2(p.x + iw, ImGui::GetCursorScreenPos().y), core::payment_kind_name(m.kind));
        };
        if (m.kind == core::PaymentMethod::Cod) {
            how(ui.t("Pay the courier when your parcel arrives."));
            ImGui::Dummy(ImVec2(0, 8));
            pay_detail(ui, "Amount", amount, "", card.x + pad, iw);
            next = ui.t("Nothing to pay now. The brand marks the order paid once the courier has your payment.");
        } else if (m.kind == core::PaymentMethod::Bank) {
            how(ui.tf("Transfer {} to this account:", amount));
            ImGui::Dummy(ImVec2(0, 8));
            pay_detail(ui, "Account holder", m.account_name, "", card.x + pad, iw);
            if (!m.bank.empty()) pay_detail(ui, "Bank", m.bank, "", card.x + pad, iw);
            pay_detail(ui, "Account", m.account, m.account, card.x + pad, iw);
            pay_detail(ui, "Amount", amount, core::decimal_amount(r.total, r.currency), card.x + pad, iw);
            pay_detail(ui, "Reference", reference, reference, card.x + pad, iw);
            next = ui.tf("Use {} as the reference; the brand marks the order paid when the transfer arrives.", reference);
        } else {
            how(ui.tf("Pay {} on the brand's own payment page:", amount));
            ImGui::Dummy(ImVec2(0, 6));
            const std::string host = core::payment_link_host(m.url);
            const std::string name = m.label.empty() || m.label == host ? host : m.label + " · " + host;
            const ImVec2 np = ImGui::GetCursorScreenPos();
            text_block(ui, Font::Strong, ui.pal.primary, name, iw);
            ui.canvas.expose("payment-detail", name, np, ImVec2(np.x + iw, ImGui::GetCursorScreenPos().y), "Page");
            ImGui::Dummy(ImVec2(0, 8));
            ImGui::SetCursorScreenPos(ImVec2(card.x + pad, ImGui::GetCursorScreenPos().y));
            if (button(ui, "pay-link", "Open the payment page", ButtonKind::Primary, ImVec2(iw, 48)))
                ui.emit(app::OrderAction{app::OpenPaymentPage{m.url}});
            ImGui::Dummy(ImVec2(0, 8));
            pay_detail(ui, "Reference", reference, reference, card.x + pad, iw);
            next = ui.t("Come back here to see it marked paid.");
        }
        ImGui::Dummy(ImVec2(0, 2));
        const ImVec2 xp(card.x + pad, ImGui::GetCursorScreenPos().y);
        ImGui::SetCursorScreenPos(xp);
        text_block(ui, Font::Body, ui.pal.muted, next, iw);
        ui.canvas.expose("payment-next", next, xp, ImVec2(xp.x + iw, ImGui::GetCursorScreenPos().y), core::payment_kind_name(m.kind));
    }
    ImGui::EndGroup();
    const float card_h = ImGui::GetItemRectMax().y - card.y + pad;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(card, ImVec2(card.x + w, card.y + card_h), paid ? ui.pal.success_soft : ui.pal.surface, 14);
    if (!paid) dl->AddRect(card, ImVec2(card.x + w, card.y + card_h), ui.pal.primary, 14, 0, 1.5f);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(x, card.y + card_h + 16));
}

void receipt(Ui& ui, const app::Receipt& r, float x, float w) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 28));
    const ImVec2 c(x + w * 0.5f, ImGui::GetCursorScreenPos().y + 30);
    dl->AddCircleFilled(c, 30, ui.pal.success_soft, 48);
    draw_icon(dl, Icon::Check, c, 30, ui.pal.success);
    ImGui::Dummy(ImVec2(w, 72));
    const std::string title = ui.t("Thank you, your order is placed");
    const ImVec2 ts = text_size(ui, Font::Title, title, w);
    const ImVec2 hp(x + (w - ts.x) * 0.5f, ImGui::GetCursorScreenPos().y);
    draw_text(ui, Font::Title, hp, ui.pal.text, title, w);
    // The receipt's heading: a screen reader hears it first, and the keyboard lands on it.
    ui.canvas.expose("page-title", title, hp, ImVec2(hp.x + ts.x, hp.y + ts.y), "Thank you, your order is placed");
    ImGui::Dummy(ImVec2(w, ts.y + 6));
    const std::string number = ui.tf("Order number {}", r.number);
    const ImVec2 ns = text_size(ui, Font::Strong, number);
    const ImVec2 np(x + (w - ns.x) * 0.5f, ImGui::GetCursorScreenPos().y);
    draw_text(ui, Font::Strong, np, ui.pal.primary, number);
    ui.canvas.expose("order-number", r.number, np, ImVec2(np.x + ns.x, np.y + ns.y));
    ImGui::Dummy(ImVec2(w, ns.y + 4));
    const std::string keep = ui.t("Keep this number: with it and your phone number you can look the order up again.");
    const ImVec2 ks = text_size(ui, Font::Small, keep, w);
    const ImVec2 kp(x + (w - ks.x) * 0.5f, ImGui::GetCursorScreenPos().y);
    draw_text(ui, Font::Small, kp, ui.pal.muted, keep, w);
    ui.canvas.expose("receipt-note", keep, kp, ImVec2(kp.x + ks.x, kp.y + ks.y));
    ImGui::Dummy(ImVec2(w, ks.y + 18));
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    how_to_pay(ui, r, x, w);

    // Card: status and lines.
    const ImVec2 card(x, ImGui::GetCursorScreenPos().y);
    const float pad = 16;
    // The card's background is drawn once its height is known, on a channel beneath the content.
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(card.x + pad, card.y + pad));
    ImGui::BeginGroup();
    const std::string st = ui.tf("Status: {}", ui.t(status_words(r.status)));
    text_block(ui, Font::Strong, ui.pal.text, st, w - 2 * pad);
    ui.canvas.expose("order-status", r.status, card, ImVec2(card.x + w, card.y + 40));
    timeline(ui, r, card.x + pad, w - 2 * pad);
    for (const auto& l : r.lines) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const std::string left = l.title + "  × " + std::to_string(l.quantity);
        const std::string right = core::format_money(l.total, r.currency);
        const ImVec2 rs = text_size(ui, Font::Body, right);
        draw_text_clamped(ui, Font::Body, p, w - 2 * pad - rs.x - 12, 2, ui.pal.text, left);
        draw_text(ui, Font::Body, ImVec2(p.x + w - 2 * pad - rs.x, p.y), ui.pal.text, right);
        ui.canvas.expose("order-line", l.title, p, ImVec2(p.x + w - 2 * pad, p.y + 22));
        ImGui::Dummy(ImVec2(w - 2 * pad, 26));
    }
    const ImVec2 tp = ImGui::GetCursorScreenPos();
    dl->AddLine(tp, ImVec2(tp.x + w - 2 * pad, tp.y), ui.pal.border);
    const std::string total = core::format_money(r.total, r.currency);
    const ImVec2 tts = text_size(ui, Font::Title, total);
    draw_text(ui, Font::Body, ImVec2(tp.x, tp.y + 12), ui.pal.muted, ui.t("Total"));
    draw_text(ui, Font::Title, ImVec2(tp.x + w - 2 * pad - tts.x, tp.y + 9), ui.pal.text, total);
    ui.canvas.expose("order-total", total, tp, ImVec2(tp.x + w, tp.y + 40));
    ImGui::Dummy(ImVec2(w - 2 * pad, 44));
    ImGui::EndGroup();
    const float card_h = ImGui::GetCursorScreenPos().y - card.y + pad;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(card, ImVec2(card.x + w, card.y + card_h), ui.pal.surface, 14);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(x, card.y + card_h + 16));
    if (!r.shop.empty()) {
        if (button(ui, "back-to-shop", "Back to the shop", ButtonKind::Secondary, ImVec2(w, 46)))
            ui.emit(app::Navigate{app::shop_path(r.shop)});
    }
    ImGui::Dummy(ImVec2(w, 10));
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));  // the column, not the window's edge
    if (button(ui, "copy-number", "Copy order number", ButtonKind::Ghost, ImVec2(w, 40)))
        ui.emit(app::CopyText{r.number, "Copied"});
}

void lookup(Ui& ui, float x, float w) {
    auto& o = const_cast<app::OrderState&>(ui.state.orders);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 32));
    ImGui::BeginGroup();
    section_title(ui, "Find your order", "", w);
    text_block(ui, Font::Small, ui.pal.muted, ui.t("Enter the order number from your receipt and the phone number you ordered with."), w);
    ImGui::Dummy(ImVec2(0, 8));
    text_field(ui, "number", "Order number", o.lookup_number, "DS-20261123-000123", platform::InputMode::Text, w);
    ImGui::Dummy(ImVec2(0, 6));
    text_field(ui, "phone", "Phone", o.lookup_phone, "e.g. 138 0013 8000", platform::InputMode::Tel, w, false, o.lookup_error);
    ImGui::Dummy(ImVec2(0, 12));
    if (button(ui, "find", "Find my order", ButtonKind::Primary, ImVec2(w, 48))) ui.emit(app::OrderAction{app::LookupOrder{}});
    if (!o.receipts.empty()) {
        ImGui::Dummy(ImVec2(0, 20));
        section_title(ui, "Orders from this device", "", w);
        for (const auto& r : o.receipts) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::PushID(r.id.c_str());
            const bool clicked = ImGui::InvisibleButton("##receipt", ImVec2(w, 52));
            ImGui::PopID();
            ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + 52), ui.pal.surface, 10);
            draw_text(ui, Font::Strong, ImVec2(p.x + 12, p.y + 8), ui.pal.text, r.number);
            draw_text(ui, Font::Small, ImVec2(p.x + 12, p.y + 29), ui.pal.muted,
                      core::format_date(r.placed_ms) + " · " + ui.t(status_words(r.status)));
            const std::string total = core::format_money(r.total, r.currency);
            const ImVec2 ts = text_size(ui, Font::Strong, total);
            draw_text(ui, Font::Strong, ImVec2(p.x + w - 12 - ts.x, p.y + 16), ui.pal.text, total);
            ui.canvas.expose("receipt", r.number, p, ImVec2(p.x + w, p.y + 52));
            if (clicked) ui.emit(app::Navigate{app::order_path(r.id, r.token)});
            ImGui::Dummy(ImVec2(0, 2));
        }
    }
    ImGui::EndGroup();
}

}  // namespace

void show_order(Ui& ui) {
    const auto& o = ui.state.orders;
    const float w = std::min(ui.width - 32, 520.f);
    const float x = (ui.width - w) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    ImGui::BeginChild(ui.state.route.path.c_str(), ImVec2(ui.width, ui.height), false, ImGuiWindowFlags_NoBackground);
    const float top = ImGui::GetCursorScreenPos().y;  // moves with the scroll
    const bool found = o.page == app::PageStatus::Ready && o.viewing.id == ui.state.route.order;
    if (found && !o.viewing.locale.empty()) ui.lang = lang_for_locale(o.viewing.locale);  // the brand's language
    if (found) {
        receipt(ui, o.viewing, x, w);
    } else if (o.page == app::PageStatus::Loading) {
        ImGui::SetCursorScreenPos(ImVec2(x, top + 80));
        text_block(ui, Font::Body, ui.pal.muted, ui.t("Loading your order…"), w);
        ui.canvas.animate();
    } else {
        if (o.page == app::PageStatus::NotFound || o.page == app::PageStatus::Failed) {
            ImGui::SetCursorScreenPos(ImVec2(x, top + 24));
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const ImVec2 ts = text_size(ui, Font::Small, o.page_error.message, w - 24);
            ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + ts.y + 20), ui.pal.warning_soft, 10);
            draw_text(ui, Font::Small, ImVec2(p.x + 12, p.y + 10), ui.pal.text, o.page_error.message, w - 24);
            ui.canvas.expose("order-error", o.page_error.message, p, ImVec2(p.x + w, p.y + ts.y + 20));
            ImGui::Dummy(ImVec2(w, ts.y + 20));
        }
        lookup(ui, x, w);
    }
    ImGui::Dummy(ImVec2(0, 40));
    ImGui::EndChild();
}

}  // namespace ui
