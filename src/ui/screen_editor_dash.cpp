// Dashboard: visits by channel and campaign, the funnel (visit, product view, cart, checkout,
// order), orders, the money per brand (paid, on its way, settleable, pending, clawback owed) and
// the payouts with their statements (screen_editor_payouts.cpp), bound customers, and lost
// customers (no order for N days) with how to reach them; how far the distributor's own links
// travelled (visits by hop, orders from re-shares). Traffic and orders come from core/analytics over
// the activity; money comes from the store's statements (the core's balances over each brand's
// ledger); this screen only lays them out.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/catalog/policy_form.h"
#include "core/money.h"
#include "ui/chart.h"
#include "ui/editor_ui.h"
#include "ui/order_notices_ui.h"

namespace ui {

namespace {

// Amounts in each currency they occur in; nothing shows as zero in the shop's own currency.
std::string g_currency;
std::string money(const core::Amounts& a) {
    std::string out;
    for (const auto& [cur, amount] : a)
        if (amount != 0) out += (out.empty() ? "" : " + ") + core::format_money(amount, cur);
    return out.empty() ? core::format_money(0, g_currency) : out;
}

// Amounts of different currencies are never added: one line each.
std::vector<std::string> money_lines(const core::Amounts& a) {
    std::vector<std::string> out;
    for (const auto& [cur, amount] : a)
        if (amount != 0) out.push_back(core::format_money(amount, cur));
    if (out.empty()) out.push_back(core::format_money(0, g_currency));
    return out;
}

void tile(Ui& ui, const char* kind, ImVec2 p, float w, const std::string& label, const std::vector<std::string>& values, const std::string& sub) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float h = 104;
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.pal.surface, 14);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), ui.pal.border, 14);
    draw_text(ui, Font::Small, ImVec2(p.x + 16, p.y + 14), ui.pal.muted, ui.t(label.c_str()));
    ImGui::PushClipRect(p, ImVec2(p.x + w - 8, p.y + h), true);
    std::string value;
    if (values.size() == 1) {
        draw_text(ui, Font::Display, ImVec2(p.x + 16, p.y + 36), ui.pal.text, values[0]);
        value = values[0];
    } else {  // two currencies: two smaller lines
        for (std::size_t i = 0; i < values.size() && i < 2; ++i) {
            draw_text(ui, Font::Title, ImVec2(p.x + 16, p.y + 32 + 22 * i), ui.pal.text, values[i]);
            value += (value.empty() ? "" : " + ") + values[i];
        }
    }
    ImGui::PopClipRect();
    draw_text_clamped(ui, Font::Small, ImVec2(p.x + 16, p.y + (values.size() == 1 ? 74 : 80)), w - 32, 1, ui.pal.muted, sub);
    ui.canvas.expose(kind, value, p, ImVec2(p.x + w, p.y + h), label);
}
void tile(Ui& ui, const char* kind, ImVec2 p, float w, const std::string& label, const std::string& value, const std::string& sub) {
    tile(ui, kind, p, w, label, std::vector<std::string>{value}, sub);
}

void tiles(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const core::Dashboard& n = e.dash.numbers;
    const int cols = ui.phone ? 2 : 4;
    const float gap = ui.phone ? 10 : 16;
    const float tw = (w - gap * (cols - 1)) / cols;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    auto at = [&](int i) { return ImVec2(x + (i % cols) * (tw + gap), p0.y + (i / cols) * (104 + gap)); };
    tile(ui, "stat-visits", at(0), tw, "Visits", std::to_string(n.visits), ui.count(n.visitors, "visitor", "visitors"));
    tile(ui, "stat-orders", at(1), tw, "Orders", std::to_string(n.orders), money(n.revenue));
    // Commission: the store's balances (from the payouts' statements) once they are in.
    if (e.payouts.status == app::EditorLoad::Ready && !e.payouts.brands.empty()) {
        core::Amounts pending, settleable;
        for (const auto& b : e.payouts.brands) {
            pending[b.currency] += b.pending;
            settleable[b.currency] += b.settleable;
        }
        tile(ui, "stat-commission", at(2), tw, "Commission to come", money_lines(pending), ui.tf("{} ready to pay out", money(settleable)));
    } else {
        tile(ui, "stat-commission", at(2), tw, "Commission to come", money_lines(n.pending), ui.tf("{} ready to pay out", money(n.settleable)));
    }
    tile(ui, "stat-customers", at(3), tw, "Your customers", std::to_string(n.bound.size()),
         ui.tf("{} not back for a while", std::to_string(n.lost.size())));
    ImGui::SetCursorScreenPos(ImVec2(x, p0.y + ((4 + cols - 1) / cols) * (104 + gap)));
    ImGui::Dummy(ImVec2(w, 0));
}

void funnel_card(Ui& ui, float x, float w) {
    const core::Dashboard& n = ui.state.editor.dash.numbers;
    card_begin(ui, "From visit to order", x, w);
    const float iw = w - 32;
    hint(ui, ui.t("People (not page views) who got to each step in your shop."), iw);
    ImGui::Dummy(ImVec2(0, 6));
    const char* steps[] = {"Visited", "Viewed a product", "Added to cart", "Started checkout", "Ordered"};
    const long top = std::max(1L, n.funnel[0]);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 5; ++i) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float bar_w = iw * static_cast<float>(n.funnel[i]) / top;
        dl->AddRectFilled(p, ImVec2(p.x + iw, p.y + 36), ui.pal.surface_alt, 8);
        if (n.funnel[i] > 0) dl->AddRectFilled(p, ImVec2(p.x + std::max(8.f, bar_w), p.y + 36), with_alpha(ui.pal.primary, 0.22f + 0.12f * i), 8);
        draw_text(ui, Font::Body, ImVec2(p.x + 12, p.y + 9), ui.pal.text, ui.t(steps[i]));
        std::string right = std::to_string(n.funnel[i]);
        if (i > 0 && n.funnel[i - 1] > 0) {
            char pct[16];
            std::snprintf(pct, sizeof pct, "  %.0f%%", 100.0 * n.funnel[i] / n.funnel[i - 1]);
            right += pct;
        }
        const ImVec2 rs = text_size(ui, Font::Strong, right);
        draw_text(ui, Font::Strong, ImVec2(p.x + iw - rs.x - 12, p.y + 9), ui.pal.text, right);
        ui.canvas.expose("funnel-step", std::string(steps[i]) + ": " + std::to_string(n.funnel[i]), p, ImVec2(p.x + iw, p.y + 36), steps[i]);
        ImGui::Dummy(ImVec2(iw, 36));
    }
    card_end(ui);
}

void channels_card(Ui& ui, float x, float w) {
    const core::Dashboard& n = ui.state.editor.dash.numbers;
    card_begin(ui, "Visits by channel and campaign", x, w);
    const float iw = w - 32;
    if (n.channels.empty()) {
        hint(ui, ui.t("No visits yet. Share your link or QR code from the Share tab: visits show up here within seconds."), iw);
        card_end(ui);
        return;
    }
    const float c1 = iw * 0.5f, c2 = iw * 0.68f, c3 = iw * 0.84f;
    const ImVec2 hp = ImGui::GetCursorScreenPos();
    draw_text(ui, Font::Small, hp, ui.pal.muted, ui.t("Channel"));
    draw_text(ui, Font::Small, ImVec2(hp.x + c1, hp.y), ui.pal.muted, ui.t("Visits"));
    draw_text(ui, Font::Small, ImVec2(hp.x + c2, hp.y), ui.pal.muted, ui.t("People"));
    draw_text(ui, Font::Small, ImVec2(hp.x + c3, hp.y), ui.pal.muted, ui.t("Orders"));
    ImGui::Dummy(ImVec2(iw, 22));
    const char* names[][2] = {{"qr", "QR code"}, {"share", "Chat share"}, {"link", "Copied link"}, {"direct", "Direct"}};
    int shown = 0;
    for (const auto& c : n.channels) {
        if (++shown > 12) break;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const char* name = c.channel.c_str();
        for (auto& nm : names)
            if (c.channel == nm[0]) name = nm[1];
        std::string label = ui.t(name);
        if (!c.campaign.empty()) label += " · " + campaign_label(ui, c.campaign);
        ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y - 4), ImVec2(p.x + iw, p.y - 4), ui.pal.border);
        draw_text_clamped(ui, Font::Body, p, c1 - 8, 1, ui.pal.text, label);
        draw_text(ui, Font::Strong, ImVec2(p.x + c1, p.y), ui.pal.text, std::to_string(c.visits));
        draw_text(ui, Font::Body, ImVec2(p.x + c2, p.y), ui.pal.text, std::to_string(c.visitors));
        draw_text(ui, Font::Body, ImVec2(p.x + c3, p.y), ui.pal.text, std::to_string(c.orders));
        ui.canvas.expose("channel-row", c.channel + (c.campaign.empty() ? "" : "/" + c.campaign) + " " + std::to_string(c.visits), p,
                         ImVec2(p.x + iw, p.y + 24));
        ImGui::Dummy(ImVec2(iw, 28));
    }
    card_end(ui);
}

// How far the distributor's own links travelled, all time: every shared visit (QR code, chat
// share, copied link) by hop, the furthest hop, and orders from re-shares apart from first shares;
// then per campaign and per link (campaign and channel). The core's reach_of, laid out.
void reach_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const app::TeamInsight& in = e.insight;
    const core::LinksReach& r = in.reach;
    card_begin(ui, "How far your links travelled", x, w, ui.t("all time"));
    const float iw = w - 32;
    if (!in.ready) {
        hint(ui, ui.t("Loading…"), iw);
        ui.canvas.animate();
        card_end(ui);
        return;
    }
    if (r.total.visits == 0 && r.total.orders == 0) {
        hint(ui, ui.t("Nobody has opened a link of yours yet. Share your shop link or QR code from the Share tab: each time someone "
                      "passes it on, it travels one hop further, and you see here how far it went and what it sold."),
             iw);
        ImGui::Dummy(ImVec2(0, 6));
        if (button(ui, "go-share", "Share your shop", ButtonKind::Primary, ImVec2(ui.phone ? iw : 220, 46)))
            ui.emit(app::Navigate{app::editor_path(e.slug, app::EditorPage::Share)});
        card_end(ui);
        return;
    }
    hint(ui, ui.t("Visits from your shared links and codes, by how many times they were passed on before someone opened them."), iw);
    ImGui::Dummy(ImVec2(0, 4));
    // What the links brought (visits, the products looked at, orders, sales), then how far they went.
    auto reach_line = [&](const core::CampaignReach& c) {
        return ui.count(c.visits, "visit", "visits") + " · " + ui.count(c.views, "product view", "product views") + " · " +
               ui.count(c.orders, "order", "orders") + " · " + core::format_money(c.sales, g_currency) + " · " +
               ui.tf("furthest {}", ui.count(c.furthest_hop, "hop", "hops")) + " · " +
               ui.tf("orders: {} from re-shares", grouped(c.orders_reshared)) + " · " + ui.tf("{} from a first share", grouped(c.orders_first_share));
    };
    // All of them.
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const std::string line = reach_line(r.total);
        const float lh = draw_text_clamped(ui, Font::Strong, p, iw, 3, ui.pal.text, line);
        ui.canvas.expose("reach-total", line, p, ImVec2(p.x + iw, p.y + lh));
        ImGui::Dummy(ImVec2(iw, lh + 8));
        hop_bars(ui, r.total, iw);
    }
    auto campaign = [&](std::uint16_t c) { return c ? campaign_label(ui, in.campaign(c)) : std::string(ui.t("Your shop link, no campaign")); };
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!r.campaigns.empty()) {
        ImGui::Dummy(ImVec2(0, 6));
        draw_text(ui, Font::Small, ImGui::GetCursorScreenPos(), ui.pal.muted, ui.t("By campaign"));
        ImGui::Dummy(ImVec2(iw, 22));
    }
    for (const auto& c : r.campaigns) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddLine(ImVec2(p.x, p.y - 4), ImVec2(p.x + iw, p.y - 4), ui.pal.border);
        const std::string name = campaign(c.campaign), line = reach_line(c);
        draw_text_clamped(ui, Font::Strong, ImVec2(p.x, p.y + 4), iw, 1, ui.pal.text, name);
        const float lh = draw_text_clamped(ui, Font::Small, ImVec2(p.x, p.y + 28), iw, 3, ui.pal.muted, line);
        ui.canvas.expose("reach-campaign", name + " " + line, p, ImVec2(p.x + iw, p.y + 28 + lh), in.campaign(c.campaign));
        ImGui::Dummy(ImVec2(iw, 28 + lh + 8));
        hop_bars(ui, c, iw);
        ImGui::Dummy(ImVec2(0, 4));
    }
    // Each link: a campaign through one channel.
    if (!r.links.empty()) {
        ImGui::Dummy(ImVec2(0, 6));
        draw_text(ui, Font::Small, ImGui::GetCursorScreenPos(), ui.pal.muted, ui.t("By link"));
        ImGui::Dummy(ImVec2(iw, 22));
    }
    const char* channels[] = {"Direct", "QR code", "Chat share", "Copied link"};
    int shown = 0;
    for (const auto& l : r.links) {
        if (++shown > 12) break;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const std::string who = std::string(ui.t(channels[static_cast<int>(l.channel) & 3])) + " · " + campaign(l.campaign);
        const std::string line = reach_line(l.reach);
        dl->AddLine(ImVec2(p.x, p.y - 4), ImVec2(p.x + iw, p.y - 4), ui.pal.border);
        draw_text_clamped(ui, Font::Body, ImVec2(p.x, p.y + 2), iw, 1, ui.pal.text, who);
        const float lh = draw_text_clamped(ui, Font::Small, ImVec2(p.x, p.y + 26), iw, 3, ui.pal.muted, line);
        ui.canvas.expose("reach-link", who + " " + line, p, ImVec2(p.x + iw, p.y + 26 + lh),
                         std::string(core::channel_name(l.channel)) + "/" + in.campaign(l.campaign));
        ImGui::Dummy(ImVec2(iw, 26 + lh + 10));
    }
    if (r.links.size() > 12) hint(ui, ui.tf("and {} more", std::to_string(r.links.size() - 12)), iw);
    card_end(ui);
}

void team_sales_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const core::Dashboard& n = e.dash.numbers;
    card_begin(ui, "Team sales", x, w);
    const float iw = w - 32;
    std::vector<std::pair<std::string, const core::MemberSales*>> rows;
    for (const auto& [dist, sales] : n.team) rows.push_back({dist, &sales});
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second->orders > b.second->orders; });
    if (rows.empty()) hint(ui, ui.t("No orders in your team yet."), iw);
    for (const auto& [dist, sales] : rows) {
        std::string name = dist == e.distributor ? std::string(ui.t("You")) : dist;
        for (const auto& m : e.team.members)
            if (m.distributor == dist) name = dist == e.distributor ? name : m.name;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const std::string right = money(sales->sales);
        const float rw = text_size(ui, Font::Strong, right).x;
        draw_text_clamped(ui, Font::Body, p, iw - rw - 16, 1, ui.pal.text, name + " · " + ui.count(sales->orders, "order", "orders"));
        draw_text(ui, Font::Strong, ImVec2(p.x + iw - rw, p.y), ui.pal.text, right);
        ui.canvas.expose("team-sales", name + " " + right, p, ImVec2(p.x + iw, p.y + 24));
        ImGui::Dummy(ImVec2(iw, 28));
    }
    card_end(ui);
}

// The newest orders, each opening "who earns and why" (the provenance page, signed with this shop's key).
void orders_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const core::Dashboard& n = e.dash.numbers;
    card_begin(ui, "Recent orders", x, w);
    const float iw = w - 32;
    if (n.recent.empty()) hint(ui, ui.t("No orders yet. Share your shop: orders show here as they come in."), iw);
    int i = 0;
    for (const auto& r : n.recent) {
        const core::ActivityOrder& o = r.order;
        ImGui::PushID(i++);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = 64;
        const std::string why = ui.t("Who earns");
        const float bw = text_size(ui, Font::Strong, why).x + 26;
        const std::string total = core::format_money(o.total, o.currency);
        const float tw = text_size(ui, Font::Strong, total).x;
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + iw, p.y + h), ui.pal.surface_alt, 10);
        const float text_w = iw - bw - tw - 40;
        draw_text_clamped(ui, Font::Strong, ImVec2(p.x + 12, p.y + 9), text_w, 1, ui.pal.text, o.number);
        std::string sub = core::format_date(o.placed_ms) + " · " + ui.t(order_status_word(o.status));
        if (o.shop_distributor != e.distributor) sub += std::string(" · ") + ui.t("sold by your team");
        if (r.mine > 0) sub += std::string(" · ") + ui.tf("you earn {}", core::format_money(r.mine, o.currency));
        draw_text_clamped(ui, Font::Small, ImVec2(p.x + 12, p.y + 36), text_w, 1, ui.pal.muted, sub);
        draw_text(ui, Font::Strong, ImVec2(p.x + iw - bw - 20 - tw, p.y + 9), ui.pal.text, total);
        ui.canvas.expose("dash-order", o.number, p, ImVec2(p.x + iw, p.y + h), o.id);
        ImGui::SetCursorScreenPos(ImVec2(p.x + iw - bw - 8, p.y + (h - 44) * 0.5f));
        if (button(ui, "why", "Who earns", ButtonKind::Secondary, ImVec2(bw, 44)))
            ui.emit(app::Navigate{app::provenance_path(o.id, e.slug)});
        ui.canvas.expose("dash-order-why", o.number, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), o.id);
        ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 6));
        ImGui::Dummy(ImVec2(iw, 0));
        ImGui::PopID();
    }
    card_end(ui);
}

void lost_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const core::Dashboard& n = e.dash.numbers;
    card_begin(ui, "Customers to contact again", x, w, ui.tf("{} bound to you", std::to_string(n.bound.size())));
    const float iw = w - 32;
    hint(ui, ui.tf("Customers who bought through you but have not ordered for {} days. A friendly message often brings them back.",
                   std::to_string(e.dash.lost_after_days)),
         iw);
    ImGui::Dummy(ImVec2(0, 4));
    for (int days : {14, 30, 60, 90}) {
        ImGui::PushID(days);
        if (chip(ui, "days", ui.tf("{} days", std::to_string(days)), e.dash.lost_after_days == days)) emit_editor(ui, app::SetLostDays{days});
        ImGui::PopID();
        ImGui::SameLine(0, 8);
    }
    ImGui::NewLine();
    ImGui::Dummy(ImVec2(0, 6));
    if (n.lost.empty()) hint(ui, ui.t("Nobody to chase: everyone bought recently."), iw, ui.pal.success);
    const std::int64_t now = e.dash.updated_utc;
    int shown = 0;
    for (const auto& c : n.lost) {
        if (++shown > 50) break;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const long days = static_cast<long>((now - c.last_order_ms) / 86'400'000);
        const std::string who = c.name.empty() ? std::string(ui.t("Customer")) + " " + c.customer.substr(0, 8) : c.name;
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + iw, p.y + 58), ui.pal.surface_alt, 10);
        draw_text_clamped(ui, Font::Strong, ImVec2(p.x + 12, p.y + 8), iw - 150, 1, ui.pal.text, who);
        const std::string sub = (c.phone.empty() ? std::string() : c.phone + " · ") + ui.tf("last order {} days ago", std::to_string(days)) +
                                " · " + ui.count(c.orders, "order", "orders");
        draw_text_clamped(ui, Font::Small, ImVec2(p.x + 12, p.y + 32), iw - 150, 1, ui.pal.muted, sub);
        ui.canvas.expose("lost-customer", who + " " + c.phone, p, ImVec2(p.x + iw, p.y + 58));
        if (!c.phone.empty()) {
            ImGui::SetCursorScreenPos(ImVec2(p.x + iw - 128, p.y + 7));
            ImGui::PushID(shown);
            if (button(ui, "copy-phone", "Copy number", ButtonKind::Secondary, ImVec2(120, 44))) ui.emit(app::CopyText{c.phone, "Number copied"});
            ImGui::PopID();
        }
        ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + 64));
        ImGui::Dummy(ImVec2(iw, 0));
    }
    card_end(ui);
}

// Your rate and the rules that apply to you, per brand, from the brand's signed policy (the one the
// shop's documents carry, verified like everything else the editor shows).
void earn_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    if (!e.view) return;
    card_begin(ui, "How you earn", x, w);
    const float iw = w - 32;
    bool first = true;
    for (const auto& b : e.view->brands) {
        if (!b.policy) continue;
        const core::Policy& p = *b.policy;
        auto chain = e.view->shop.chains.find(b.cert.brand);
        const int level = chain != e.view->shop.chains.end() && !chain->second.empty() ? chain->second.front().level : 1;
        if (!first) ImGui::Dummy(ImVec2(iw, 8));
        first = false;
        const ImVec2 hp = ImGui::GetCursorScreenPos();
        const std::string head = b.cert.name + " · " + ui.tf("policy version {}", std::to_string(p.version));
        draw_text_clamped(ui, Font::Strong, hp, iw, 1, ui.pal.primary, head);
        ui.canvas.expose("earn-brand", head, hp, ImVec2(hp.x + iw, hp.y + 22), b.cert.brand);
        ImGui::Dummy(ImVec2(iw, 28));
        const char* whose[] = {"On what your shop sells", "On what the people you recruited sell", "On what their recruits sell"};
        for (std::size_t d = 0; d < p.levels.size() && d < 3; ++d) {
            // Below you the team goes as deep as the brand allows (its max levels), not further.
            if (d > 0 && level + static_cast<int>(d) > p.max_levels) break;
            const std::string rate = core::percent_text(p.levels[d]) + "%";
            const ImVec2 rp = ImGui::GetCursorScreenPos();
            const ImVec2 rs = text_size(ui, Font::Strong, rate);
            draw_text_clamped(ui, Font::Body, rp, iw - rs.x - 12, 1, ui.pal.text, ui.t(whose[d]));
            draw_text(ui, Font::Strong, ImVec2(rp.x + iw - rs.x, rp.y), ui.pal.text, rate);
            ui.canvas.expose("earn-rate", std::string(whose[d]) + " " + rate, rp, ImVec2(rp.x + iw, rp.y + 24), std::to_string(d + 1));
            ImGui::Dummy(ImVec2(iw, 28));
        }
        std::string rules;
        if (!p.overrides.empty()) rules += ui.tf("{} products pay rates of their own.", std::to_string(p.overrides.size())) + " ";
        rules += ui.t(p.allow_self_purchase ? "Your own purchases earn like anyone's." : "Your own purchases in your shop earn you nothing.");
        rules += " ";
        rules += p.binding == core::BindingMode::Permanent ? ui.t("A customer you bring stays yours for good.")
                 : p.binding == core::BindingMode::Window
                     ? ui.tf("A customer you bring stays yours while they order at least every {} days.", std::to_string(p.binding_days))
                     : ui.t("A customer is yours until they follow another distributor's link.");
        rules += " " + ui.tf("Paid after delivery and a {}-day refund window, in the brand's payouts", std::to_string(p.freeze_days)) + " " +
                 ui.tf("(from {} up).", core::format_money(p.min_payout, b.cert.currency));
        hint(ui, rules, iw);
    }
    card_end(ui);
}

}  // namespace

void show_editor_dash(Ui& ui) {
    const app::EditorState& e = ui.state.editor;
    if (e.route.payouts) return show_editor_payouts(ui);
    g_currency = e.view && !e.view->brands.empty() ? e.view->brands.front().cert.currency : std::string();
    const EditorFrame f = editor_frame(ui);
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild("##dash", ImVec2(ui.width, ui.height - f.top - f.bottom), false, ImGuiWindowFlags_NoBackground);
    const float top = ImGui::GetCursorScreenPos().y + (ui.phone ? 16 : 24);
    ImGui::SetCursorScreenPos(ImVec2(f.x, top));
    ImGui::BeginGroup();
    // Title row: what this is, when it was updated, refresh.
    const ImVec2 tp = ImGui::GetCursorScreenPos();
    draw_text(ui, Font::Title, tp, ui.pal.text, ui.t("Your numbers"));
    std::string sub = ui.t("Your shop and your team, all time");
    if (e.dash.fetching) sub = ui.t("Updating…");
    draw_text(ui, Font::Small, ImVec2(tp.x, tp.y + 28), ui.pal.muted, sub);
    ImGui::SetCursorScreenPos(ImVec2(f.x + f.w - 120, tp.y));
    if (button(ui, "refresh", "Refresh", ButtonKind::Secondary, ImVec2(120, 44), !e.dash.fetching)) emit_editor(ui, app::RefreshDashboard{});
    ImGui::SetCursorScreenPos(ImVec2(f.x, tp.y + 60));
    if (order_notice_switch(ui, std::min(f.w, 520.f))) emit_editor(ui, app::SetOrderNotices{!ui.state.notify.on()});
    if (e.dash.status == app::EditorLoad::Loading || e.dash.status == app::EditorLoad::Idle) {
        hint(ui, ui.t("Loading your shop's numbers…"), f.w);
        ui.canvas.animate();
    } else if (e.dash.status == app::EditorLoad::Failed) {
        message_box(ui, "dash-error", e.dash.error, f.w, true);
    } else {
        if (!e.dash.error.empty()) message_box(ui, "dash-error", e.dash.error, f.w, true);
        tiles(ui, f.x, f.w);
        if (ui.phone) {
            dash_money_card(ui, f.x, f.w);
            earn_card(ui, f.x, f.w);
            dash_payouts_card(ui, f.x, f.w);
            funnel_card(ui, f.x, f.w);
            channels_card(ui, f.x, f.w);
            reach_card(ui, f.x, f.w);
            orders_card(ui, f.x, f.w);
            lost_card(ui, f.x, f.w);
            team_sales_card(ui, f.x, f.w);
        } else {
            const float half = (f.w - 16) * 0.5f;
            const float y = ImGui::GetCursorScreenPos().y;
            ImGui::SetCursorScreenPos(ImVec2(f.x, y));
            ImGui::BeginGroup();
            dash_money_card(ui, f.x, half);
            earn_card(ui, f.x, half);
            funnel_card(ui, f.x, half);
            reach_card(ui, f.x, half);
            team_sales_card(ui, f.x, half);
            ImGui::EndGroup();
            const float left_bottom = ImGui::GetItemRectMax().y;
            ImGui::SetCursorScreenPos(ImVec2(f.x + half + 16, y));
            ImGui::BeginGroup();
            dash_payouts_card(ui, f.x + half + 16, half);
            channels_card(ui, f.x + half + 16, half);
            orders_card(ui, f.x + half + 16, half);
            lost_card(ui, f.x + half + 16, half);
            ImGui::EndGroup();
            ImGui::SetCursorScreenPos(ImVec2(f.x, std::max(left_bottom, ImGui::GetItemRectMax().y) + 8));
        }
    }
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::EndGroup();
    ImGui::EndChild();
    editor_top_bar(ui, f);
    editor_tab_bar(ui, f);
}

}  // namespace ui
