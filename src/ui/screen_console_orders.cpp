// The brand's orders: every order placed in any of its shops (the brand's activity, signed
// requests), newest first, filtered by status or searched; the next status signed by the brand
// (paid, delivered, refunded, cancelled; refunds and cancellations ask first); and who earns from
// each order (/o/<id>/why?as=<brand>, signed with the same key).
#include <algorithm>
#include <cmath>

#include "core/money.h"
#include "core/orders/status_change.h"
#include "core/text.h"
#include "core/time.h"
#include "imgui_internal.h"
#include "ui/console_ui.h"
#include "ui/order_notices_ui.h"

namespace ui {

namespace {

const char* action_word(core::OrderStatus to) {
    switch (to) {
        case core::OrderStatus::Paid: return "Mark paid";
        case core::OrderStatus::Delivered: return "Mark delivered";
        case core::OrderStatus::Refunded: return "Refund";
        case core::OrderStatus::Cancelled: return "Cancel order";
        default: return "Mark";
    }
}

void status_pill(Ui& ui, ImVec2 p, core::OrderStatus s, const std::string& order) {
    ImU32 bg = ui.pal.warning_soft, fg = ui.pal.text;
    if (s == core::OrderStatus::Paid) bg = ui.pal.primary_soft, fg = ui.pal.primary;
    else if (s == core::OrderStatus::Delivered || s == core::OrderStatus::Settled) bg = ui.pal.success_soft, fg = ui.pal.success;
    else if (s == core::OrderStatus::Refunded || s == core::OrderStatus::Cancelled) bg = ui.pal.danger_soft, fg = ui.pal.danger;
    const std::string label = ui.t(order_status_word(s));
    const ImVec2 ts = text_size(ui, Font::Small, label);
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + ts.x + 16, p.y + ts.y + 6), bg, (ts.y + 6) * 0.5f);
    draw_text(ui, Font::Small, ImVec2(p.x + 8, p.y + 3), fg, label);
    ui.canvas.expose("order-status", core::order_status_name(s), p, ImVec2(p.x + ts.x + 16, p.y + ts.y + 6), order);
}

// The shop's name as the brand's shop list has it (its address when it is not listed).
std::string shop_name(const app::ConsoleState& c, const std::string& slug) {
    for (const auto& s : c.shops)
        if (s.slug == slug) return s.name;
    return "/s/" + slug;
}

bool matches(const core::ActivityOrder& o, const std::string& filter, const std::string& folded_query) {
    if (filter != "all" && filter != core::order_status_name(o.status)) return false;
    if (folded_query.empty()) return true;
    const std::string hay = core::fold_for_search(o.number + " " + o.shop + " " + o.contact_name + " " + o.contact_phone + " " + o.distributor);
    return hay.find(folded_query) != std::string::npos;
}

// The actions an order allows now: the next status, refund or cancel, and who earns.
void order_actions(Ui& ui, const core::ActivityOrder& o, float x, float y, float w, bool compact) {
    const app::ConsoleState& c = ui.state.console;
    const bool busy = c.orders.changing.count(o.id) > 0;
    float bx = x;
    ImGui::PushID(o.id.c_str());
    for (core::OrderStatus to : core::next_statuses(o.status)) {
        const bool risky = to == core::OrderStatus::Refunded || to == core::OrderStatus::Cancelled;
        const std::string label = ui.t(action_word(to));
        const float bw = text_size(ui, Font::Strong, label).x + 26;
        ImGui::SetCursorScreenPos(ImVec2(bx, y));
        ImGui::PushID(static_cast<int>(to));
        if (button(ui, "status", action_word(to), risky ? ButtonKind::Ghost : ButtonKind::Primary, ImVec2(bw, 36), !busy))
            emit_console(ui, app::ChangeOrderStatus{o.id, to, false});
        ui.canvas.describe(label + ", " + o.number);
        ui.canvas.expose("order-action", std::string(action_word(to)) + " " + o.number, ImVec2(bx, y), ImVec2(bx + bw, y + 36),
                         std::string(core::order_status_name(to)) + ":" + o.id);
        ImGui::PopID();
        bx += bw + 8;
    }
    if (busy) ui.canvas.animate();
    const std::string why = ui.t("Who earns");
    const float ww = text_size(ui, Font::Strong, why).x + 26;
    ImGui::SetCursorScreenPos(ImVec2(compact ? bx : x + w - ww, y));
    const bool why_pressed = button(ui, "why", "Who earns", ButtonKind::Secondary, ImVec2(ww, 36));
    ui.canvas.describe(why + ", " + o.number);
    if (why_pressed)
        ui.emit(app::Navigate{app::provenance_path(o.id, c.brand)});
    ui.canvas.expose("order-why", o.number, ImVec2(compact ? bx : x + w - ww, y), ImVec2((compact ? bx : x + w - ww) + ww, y + 36), o.id);
    ImGui::PopID();
}

void confirm_dialog(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    if (!c.orders.confirm) return;
    const auto it = c.orders.activity.order_index.find(c.orders.confirm->order);
    if (it == c.orders.activity.order_index.end()) return;
    const core::ActivityOrder& o = c.orders.activity.orders[it->second];
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    ImGui::SetNextWindowBgAlpha(0.f);
    ImGui::Begin("##order-confirm", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, ui.height), IM_COL32(15, 23, 42, 110));
    const bool refund = c.orders.confirm->to == core::OrderStatus::Refunded;
    const float w = std::min(ui.width - 24, 480.f), x = (ui.width - w) * 0.5f, iw = w - 48;
    const std::string title = ui.tf(refund ? "Refund order {}?" : "Cancel order {}?", o.number);
    const std::string body = ui.t(refund ? "Its commissions are cancelled, or booked back against the distributors' next balance if they "
                                           "were already settled. This cannot be undone."
                                         : "Nobody earns from a cancelled order. This cannot be undone.");
    const ImVec2 ts = text_size(ui, Font::Title, title, iw), bs = text_size(ui, Font::Body, body, iw);
    const float h = 24 + ts.y + 12 + bs.y + 24 + 46 + 24;
    const float y = std::max(12.f, (ui.height - h) * 0.4f);
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), ui.pal.surface, 16);
    draw_text(ui, Font::Title, ImVec2(x + 24, y + 24), ui.pal.text, title, iw);
    ui.canvas.expose("dialog-title", title, ImVec2(x + 24, y + 24), ImVec2(x + w - 24, y + 24 + ts.y));
    if (dialog_card(ui, title, ImVec2(x, y), ImVec2(x + w, y + h))) emit_console(ui, app::CancelOrderChange{});
    draw_text(ui, Font::Body, ImVec2(x + 24, y + 36 + ts.y), ui.pal.muted, body, iw);
    const float by = y + 36 + ts.y + bs.y + 24, bw = (iw - 12) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x + 24, by));
    if (button(ui, "keep", refund ? "Keep the order" : "Keep it", ButtonKind::Secondary, ImVec2(bw, 46))) emit_console(ui, app::CancelOrderChange{});
    ImGui::SetCursorScreenPos(ImVec2(x + 24 + bw + 12, by));
    if (button(ui, "confirm", refund ? "Refund" : "Cancel the order", ButtonKind::Danger, ImVec2(bw, 46)))
        emit_console(ui, app::ChangeOrderStatus{o.id, c.orders.confirm->to, true});
    ImGui::End();
}

}  // namespace

void show_console_orders(Ui& ui) {
    app::ConsoleState& cb = console_buffers(ui);
    const app::ConsoleState& c = ui.state.console;
    const app::ConsoleOrders& o = c.orders;
    const ConsoleFrame f = console_frame(ui);
    const float body_h = ui.height - f.top - f.bottom;
    const std::string currency = c.published ? c.published->currency : "";
    // Newest first, filtered.
    const std::string q = core::fold_for_search(o.query);
    std::vector<std::size_t> rows;
    std::map<std::string, long> counts;
    for (std::size_t i = o.activity.orders.size(); i-- > 0;) {
        const core::ActivityOrder& ao = o.activity.orders[i];
        ++counts[core::order_status_name(ao.status)];
        if (matches(ao, o.filter, q)) rows.push_back(i);
    }
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild("##orders-page", ImVec2(ui.width, body_h), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar |
                                                                        ImGuiWindowFlags_NoScrollWithMouse);
    const float top = f.top + (ui.phone ? 12 : 20);
    ImGui::SetCursorScreenPos(ImVec2(f.x, top));
    ImGui::BeginGroup();
    // Filters: every status, with its count.
    const char* filters[][2] = {{"all", "All"}, {"placed", "Placed"}, {"paid", "Paid"}, {"delivered", "Delivered"},
                                {"refunded", "Refunded"}, {"cancelled", "Cancelled"}};
    ImGui::BeginChild("##filters", ImVec2(f.w, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    for (int i = 0; i < 6; ++i) {
        if (i) ImGui::SameLine(0, 8);
        const long n = i == 0 ? static_cast<long>(o.activity.orders.size()) : counts[filters[i][0]];
        const std::string label = std::string(ui.t(filters[i][1])) + " " + std::to_string(n);
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        if (chip(ui, filters[i][0], label, o.filter == filters[i][0])) emit_console(ui, app::SetOrderFilter{filters[i][0]});
        ui.canvas.expose("order-filter", label, cp, ImVec2(cp.x + 10, cp.y + 30), filters[i][0]);
    }
    ImGui::EndChild();
    ImGui::Dummy(ImVec2(0, 4));
    // Search, and Refresh (new orders also arrive by themselves every few seconds).
    const std::string refresh = ui.t(o.fetching ? "Refreshing…" : "Refresh");
    const float rw = std::max(ui.phone ? 76.f : 120.f, text_size(ui, Font::Strong, refresh).x + 28);
    const float sh = ui.size(Font::Body) + 2 * (ui.phone ? 12 : 10);  // the search field's height (picker_search)
    const float sw = ui.phone ? f.w - rw - 8 : 340;
    const ImVec2 srow = ImGui::GetCursorScreenPos();
    picker_search(ui, "find-order", cb.orders.query, "Order number, shop or customer", sw);
    ImGui::SetCursorScreenPos(ImVec2(srow.x + sw + 8, srow.y));
    if (button(ui, "refresh", o.fetching ? "Refreshing…" : "Refresh", ui.phone ? ButtonKind::Ghost : ButtonKind::Secondary, ImVec2(rw, sh),
               !o.fetching))
        emit_console(ui, app::RefreshOrders{});
    if (!ui.phone) {
        const std::string note = ui.t("New orders appear by themselves every few seconds.");
        draw_text(ui, Font::Small, ImVec2(srow.x + sw + rw + 24, srow.y + (sh - ui.size(Font::Small)) * 0.5f - 1), ui.pal.muted, note);
    }
    ImGui::SetCursorScreenPos(ImVec2(srow.x, srow.y + sh + 10));
    if (order_notice_switch(ui, std::min(f.w, 520.f))) emit_console(ui, app::SetOrderNotices{!ui.state.notify.on()});
    if (!o.change_error.empty()) message_box(ui, "change-error", ui.t(o.change_error.c_str()), f.w, true);
    if (!o.error.empty()) message_box(ui, "orders-error", ui.t(o.error.c_str()), f.w, true);
    ImGui::EndGroup();
    const float list_y = ImGui::GetItemRectMax().y + 8;
    if (o.status == app::ConsoleLoad::Loading || o.status == app::ConsoleLoad::Idle) {
        console_spinner(ui, ImVec2(ui.width * 0.5f, list_y + 80), "Loading the orders…");
        ImGui::EndChild();
        return;
    }
    if (rows.empty()) {
        // An empty state, centred: what will appear here, and when.
        const bool none = o.activity.orders.empty();
        const std::string title = ui.t(none ? "No orders yet" : "No order matches");
        const std::string text = ui.t(none ? "They appear here as customers place them in any of the brand's shops."
                                           : "Try another filter or fewer words.");
        const float tw = std::min(f.w, 420.f);
        const float cx = f.x + f.w * 0.5f, top_y = list_y + (ui.phone ? 56 : 72);
        ImDrawList* edl = ImGui::GetWindowDrawList();
        edl->AddCircleFilled(ImVec2(cx, top_y + 32), 32, ui.pal.surface_alt, 40);
        draw_icon(edl, none ? Icon::Cart : Icon::Search, ImVec2(cx, top_y + 32), 28, ui.pal.muted);
        const ImVec2 ts = text_size(ui, Font::Title, title, tw), bs = text_size(ui, Font::Body, text, tw);
        draw_text(ui, Font::Title, ImVec2(cx - ts.x * 0.5f, top_y + 80), ui.pal.text, title, tw);
        draw_text(ui, Font::Body, ImVec2(cx - std::min(bs.x, tw) * 0.5f, top_y + 88 + ts.y), ui.pal.muted, text, tw);
        ui.canvas.expose("no-orders", title + " " + text, ImVec2(cx - tw * 0.5f, top_y), ImVec2(cx + tw * 0.5f, top_y + 96 + ts.y + bs.y));
        ImGui::EndChild();
        confirm_dialog(ui);
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!ui.phone) {
        // Column titles.
        const float cols[] = {0, 170, 400, 600, 720};
        const char* heads[] = {"Order", "Shop", "Customer", "Total", "Status"};
        for (int i = 0; i < 5; ++i) draw_text(ui, Font::Small, ImVec2(f.x + 16 + cols[i], list_y), ui.pal.muted, ui.t(heads[i]));
    }
    const float lh_top = list_y + (ui.phone ? 0 : 24);
    ImGui::SetCursorScreenPos(ImVec2(f.x, lh_top));
    ImGui::BeginChild("##order-rows", ImVec2(f.w, f.top + body_h - lh_top), false, ImGuiWindowFlags_NoBackground);
    dl = ImGui::GetWindowDrawList();
    const float row_h = ui.phone ? 148 : 72;
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(rows.size()), row_h + ImGui::GetStyle().ItemSpacing.y);
    ui.canvas.begin_list("##orders", ui.t("Orders"), static_cast<int>(rows.size()));
    while (clip.Step()) {
        for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
            const core::ActivityOrder& ao = o.activity.orders[rows[static_cast<std::size_t>(k)]];
            ui.canvas.list_entry(k);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float w = f.w - 8;
            dl->AddRectFilled(p, ImVec2(p.x + w, p.y + row_h), ui.pal.surface, 12);
            dl->AddRect(p, ImVec2(p.x + w, p.y + row_h), ui.pal.border, 12);
            const std::string customer = ao.contact_name.empty() ? ao.customer.substr(0, 10) : ao.contact_name;
            const std::string when = core::format_datetime(ao.placed_ms);
            const std::string total = core::format_money(ao.total, ao.currency.empty() ? currency : ao.currency);
            if (ui.phone) {
                draw_text(ui, Font::Strong, ImVec2(p.x + 14, p.y + 12), ui.pal.text, ao.number);
                const float pill_w = text_size(ui, Font::Small, ui.t(order_status_word(ao.status))).x + 16;
                status_pill(ui, ImVec2(p.x + w - 14 - pill_w, p.y + 12), ao.status, ao.id);
                draw_text(ui, Font::Small, ImVec2(p.x + 14, p.y + 36), ui.pal.muted, when);
                draw_text_clamped(ui, Font::Body, ImVec2(p.x + 14, p.y + 58), w - 130, 1, ui.pal.text, shop_name(c, ao.shop) + "  ·  " + customer);
                const ImVec2 tsz = text_size(ui, Font::Strong, total);
                draw_text(ui, Font::Strong, ImVec2(p.x + w - 14 - tsz.x, p.y + 58), ui.pal.text, total);
                order_actions(ui, ao, p.x + 14, p.y + row_h - 50, w - 28, true);
            } else {
                draw_text(ui, Font::Strong, ImVec2(p.x + 16, p.y + 14), ui.pal.text, ao.number);
                draw_text(ui, Font::Small, ImVec2(p.x + 16, p.y + 40), ui.pal.muted, when);
                draw_text_clamped(ui, Font::Body, ImVec2(p.x + 16 + 170, p.y + 14), 220, 1, ui.pal.text, shop_name(c, ao.shop));
                draw_text_clamped(ui, Font::Small, ImVec2(p.x + 16 + 170, p.y + 40), 220, 1, ui.pal.muted, "/s/" + ao.shop);
                draw_text_clamped(ui, Font::Body, ImVec2(p.x + 16 + 400, p.y + 14), 190, 1, ui.pal.text, customer);
                draw_text(ui, Font::Small, ImVec2(p.x + 16 + 400, p.y + 40), ui.pal.muted, ao.contact_phone);
                draw_text(ui, Font::Strong, ImVec2(p.x + 16 + 600, p.y + 14), ui.pal.text, total);
                status_pill(ui, ImVec2(p.x + 16 + 720, p.y + 14), ao.status, ao.id);
                order_actions(ui, ao, p.x + 16 + 830, p.y + (row_h - 36) * 0.5f, w - 16 - 830 - 12, false);
            }
            ui.canvas.expose("order-row", ao.number, p, ImVec2(p.x + w, p.y + row_h), ao.id);
            // Read as one line: what the row shows, in its order.
            ui.canvas.describe(ao.number + ", " + shop_name(c, ao.shop) + ", " + customer + ", " + total + ", " +
                               ui.t(order_status_word(ao.status)) + ", " + when);
            ImGui::SetCursorScreenPos(p);
            ImGui::Dummy(ImVec2(w, row_h));
        }
    }
    clip.End();
    ui.canvas.end_list();
    ImGui::Dummy(ImVec2(0, 16));
    ImGui::EndChild();
    ImGui::EndChild();
    confirm_dialog(ui);
}

}  // namespace ui
