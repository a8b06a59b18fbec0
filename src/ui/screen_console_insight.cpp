// The brand's insight: traffic and sales per distributor, team, channel and campaign over a date
// range, with the day-by-day chart and the funnel; its ground promoters' QR scans and who has gone
// quiet; how far shared posts travel (visits by hop, re-shares that became orders).
//
// [SECTION] Pieces     the range and view chips, tiles, a bar row
// [SECTION] Traffic    /console/<brand>/insight
// [SECTION] Promoters  /console/<brand>/insight/promoters
// [SECTION] Reach      /console/<brand>/insight/reach
// [SECTION] Page
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/money.h"
#include "core/time.h"
#include "imgui_internal.h"
#include "ui/chart.h"
#include "ui/console_ui.h"

namespace ui {

namespace {

// [SECTION] Pieces -------------------------------------------------------------------------------

std::string name_of(const app::ConsoleInsight& in, std::uint32_t i) {
    if (i >= in.activity.distributors.size()) return "";
    const auto& d = in.activity.distributors[i];
    return d.name.empty() ? d.id : d.name;
}

std::string campaign_name(const Ui& ui, const app::ConsoleInsight& in, std::uint16_t c) {
    return c == 0 ? std::string(ui.t("(no campaign)")) : campaign_label(ui, in.activity.campaigns[c - 1]);
}

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0);
    return buf;
}

void tile(Ui& ui, const char* kind, ImVec2 p, float w, float h, const std::string& label, const std::string& value, const std::string& sub) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.pal.surface, 14);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), ui.pal.border, 14);
    draw_text_clamped(ui, Font::Small, ImVec2(p.x + 14, p.y + 12), w - 28, 1, ui.pal.muted, label);
    draw_text_clamped(ui, Font::Title, ImVec2(p.x + 14, p.y + 32), w - 28, 1, ui.pal.text, value);
    draw_text_clamped(ui, Font::Small, ImVec2(p.x + 14, p.y + h - 26), w - 28, 1, ui.pal.muted, sub);
    ui.canvas.expose(kind, label + ": " + value, p, ImVec2(p.x + w, p.y + h));
}

void tiles(Ui& ui, const std::vector<std::array<std::string, 4>>& t, float x, float w) {
    const int cols = ui.phone ? 2 : static_cast<int>(t.size());
    const float gap = ui.phone ? 10 : 16, tw = (w - gap * (cols - 1)) / cols, th = 100;
    const ImVec2 p(x, ImGui::GetCursorScreenPos().y);
    for (std::size_t i = 0; i < t.size(); ++i)
        tile(ui, t[i][0].c_str(), ImVec2(p.x + (i % cols) * (tw + gap), p.y + (i / cols) * (th + gap)), tw, th, t[i][1], t[i][2], t[i][3]);
    const int rows = static_cast<int>((t.size() + cols - 1) / cols);
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + rows * th + (rows - 1) * gap + (ui.phone ? 12 : 16)));
    ImGui::Dummy(ImVec2(w, 0));
}

// A labelled horizontal bar: the value's share of `max`.
void bar_row(Ui& ui, const char* kind, const std::string& id, const std::string& label, const std::string& value, double frac, float w,
             ImU32 color = 0) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 vs = text_size(ui, Font::Strong, value);
    draw_text_clamped(ui, Font::Body, p, w - vs.x - 12, 1, ui.pal.text, label);
    draw_text(ui, Font::Strong, ImVec2(p.x + w - vs.x, p.y), ui.pal.text, value);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float by = p.y + ui.size(Font::Body) + 8;
    dl->AddRectFilled(ImVec2(p.x, by), ImVec2(p.x + w, by + 6), ui.pal.surface_alt, 3);
    dl->AddRectFilled(ImVec2(p.x, by), ImVec2(p.x + w * static_cast<float>(std::clamp(frac, 0.0, 1.0)), by + 6), color ? color : ui.pal.primary, 3);
    ui.canvas.expose(kind, label + " " + value, p, ImVec2(p.x + w, by + 6), id);
    ImGui::SetCursorScreenPos(ImVec2(p.x, by + 16));
    ImGui::Dummy(ImVec2(w, 0));
}

// The view chips (traffic, promoters, reach), the range chips, refresh.
void bars(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsoleInsight& in = c.insight;
    const struct {
        const char* view;
        const char* label;
    } views[] = {{"", "Traffic and sales"}, {"promoters", "Promoters"}, {"reach", "Reach"}};
    ImGui::BeginChild("##insight-views", ImVec2(w, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine(0, 8);
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        if (chip(ui, views[i].label, ui.t(views[i].label), c.route.view == views[i].view) && c.route.view != views[i].view)
            ui.emit(app::Navigate{app::console_insight_path(c.brand, views[i].view)});
        ui.canvas.expose("insight-view", views[i].label, cp, ImVec2(cp.x + 10, cp.y + 30), views[i].view[0] ? views[i].view : "traffic");
    }
    ImGui::EndChild();
    const struct {
        int days;
        const char* label;
    } ranges[] = {{7, "7 days"}, {30, "30 days"}, {90, "90 days"}, {0, "All time"}};
    ImGui::BeginChild("##insight-ranges", ImVec2(w, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    for (int i = 0; i < 4; ++i) {
        if (i) ImGui::SameLine(0, 6);
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        if (chip(ui, ranges[i].label, ui.t(ranges[i].label), in.range_days == ranges[i].days)) emit_console(ui, app::SetInsightRange{ranges[i].days});
        ui.canvas.expose("range", ranges[i].label, cp, ImVec2(cp.x + 10, cp.y + 30), std::to_string(ranges[i].days));
    }
    ImGui::EndChild();
    const std::string span = core::format_date(static_cast<core::UtcMs>(in.from_day) * core::kMsPerDay) + " – " +
                             core::format_date(static_cast<core::UtcMs>(in.to_day) * core::kMsPerDay) + " (UTC)";
    hint(ui, span, w);
    ImGui::Dummy(ImVec2(0, 4));
}

// [SECTION] Traffic ------------------------------------------------------------------------------

void distributors_card(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsoleInsight& in = c.insight;
    const std::string& cur = in.activity.currency;
    card_begin(ui, ui.t(in.teams ? "Teams" : "Distributors"), x, w, ui.tf("{} with a shop or sales", std::to_string(in.rows.size())));
    const float iw = w - 32;
    ImGui::BeginChild("##team-switch", ImVec2(iw, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    const ImVec2 c0 = ImGui::GetCursorScreenPos();
    if (chip(ui, "own", ui.t("Their own shop"), !in.teams)) emit_console(ui, app::ShowTeams{false});
    ui.canvas.expose("teams", "own", c0, ImVec2(c0.x + 10, c0.y + 30), "own");
    ImGui::SameLine(0, 6);
    const ImVec2 c1 = ImGui::GetCursorScreenPos();
    if (chip(ui, "team", ui.t("With their team"), in.teams)) emit_console(ui, app::ShowTeams{true});
    ui.canvas.expose("teams", "team", c1, ImVec2(c1.x + 10, c1.y + 30), "team");
    ImGui::EndChild();
    if (picker_search(ui, "find-distributor", console_buffers(ui).insight.query, "Find a distributor: name or address", ui.phone ? iw : 320))
        emit_console(ui, app::SearchInsight{});
    const struct {
        app::InsightSort sort;
        const char* label;
    } sorts[] = {{app::InsightSort::Sales, "Sales"}, {app::InsightSort::Visits, "Visits"}, {app::InsightSort::Orders, "Orders"},
                 {app::InsightSort::Conversion, "Conversion"}, {app::InsightSort::Name, "By name"}};
    ImGui::BeginChild("##insight-sorts", ImVec2(iw, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    for (int i = 0; i < 5; ++i) {
        if (i) ImGui::SameLine(0, 6);
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        if (chip(ui, sorts[i].label, ui.t(sorts[i].label), in.sort == sorts[i].sort)) emit_console(ui, app::SortInsight{sorts[i].sort});
        ui.canvas.expose("insight-sort", sorts[i].label, cp, ImVec2(cp.x + 10, cp.y + 30), sorts[i].label);
    }
    ImGui::EndChild();
    if (in.rows.empty()) hint(ui, ui.t("No distributor matches. Try fewer or other words."), iw);
    const auto& tot = in.teams ? in.report.teams : in.report.distributors;
    const float row_h = ui.phone ? 66 : 48;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Only the rows on screen are drawn: 20,000 distributors scroll like twenty.
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(in.rows.size()), row_h + 4);
    ui.canvas.begin_list("##ranking", ui.t(in.teams ? "Teams" : "Distributors"), static_cast<int>(in.rows.size()));
    while (clip.Step()) {
        for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
            ui.canvas.list_entry(k);
            const std::uint32_t i = in.rows[static_cast<std::size_t>(k)];
            const core::Totals& t = tot[i];
            const auto& d = in.activity.distributors[i];
            const ImVec2 p = ImGui::GetCursorScreenPos();
            if (k % 2 == 0) dl->AddRectFilled(p, ImVec2(p.x + iw, p.y + row_h), ui.pal.surface_alt, 8);
            const std::string rank = std::to_string(k + 1);
            draw_text(ui, Font::Small, ImVec2(p.x + 8, p.y + 8), ui.pal.faint, rank);
            const float nx = p.x + 36;
            const std::string sales = core::format_money(t.sales, cur);
            const std::string line2 = ui.tf("level {}", std::to_string(d.level)) + " · " + ui.count(t.visits, "visit", "visits") + " · " +
                                      ui.count(t.orders, "order", "orders") + " · " + percent(t.conversion());
            const ImVec2 ss = text_size(ui, Font::Strong, sales);
            draw_text_clamped(ui, Font::Body, ImVec2(nx, p.y + 5), iw - 36 - ss.x - 16, 1, ui.pal.text, d.name.empty() ? d.id : d.name);
            draw_text(ui, Font::Strong, ImVec2(p.x + iw - 8 - ss.x, p.y + 5), ui.pal.text, sales);
            draw_text_clamped(ui, Font::Small, ImVec2(nx, p.y + (ui.phone ? 30 : 27)), iw - 44, ui.phone ? 2 : 1, ui.pal.muted, line2);
            ui.canvas.expose("insight-row", (d.name.empty() ? d.id : d.name) + " " + sales, p, ImVec2(p.x + iw, p.y + row_h), d.id);
            ImGui::SetCursorScreenPos(p);
            ImGui::Dummy(ImVec2(iw, row_h));
        }
    }
    clip.End();
    ui.canvas.end_list();
    card_end(ui);
}

void people_card(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsoleInsight& in = c.insight;
    card_begin(ui, ui.t("Who joined, who went quiet"), x, w);
    const float iw = w - 32;
    text_block(ui, Font::Strong, ui.pal.text, ui.tf("Joined in this range: {}", std::to_string(in.report.joined.size())), iw);
    std::string names;
    for (std::size_t k = 0; k < in.report.joined.size() && k < 6; ++k) names += (k ? ", " : "") + name_of(in, in.report.joined[k]);
    if (in.report.joined.size() > 6) names += ", …";
    if (!names.empty()) hint(ui, names, iw);
    ImGui::Dummy(ImVec2(0, 8));
    text_block(ui, Font::Strong, ui.pal.text, ui.tf("No visit for {} days", std::to_string(in.quiet_days)) + ": " +
                                                 std::to_string(in.quiet_visits.size()), iw);
    ImGui::BeginChild("##quiet-days", ImVec2(iw, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    for (int days : {7, 14, 30}) {
        if (days != 7) ImGui::SameLine(0, 6);
        const std::string label = ui.tf("{} days", std::to_string(days));
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        if (chip(ui, label.c_str(), label, in.quiet_days == days)) emit_console(ui, app::SetQuietDays{days, false});
        ui.canvas.expose("quiet-days", std::to_string(days), cp, ImVec2(cp.x + 10, cp.y + 30), std::to_string(days));
    }
    ImGui::EndChild();
    for (std::size_t k = 0; k < in.quiet_visits.size() && k < 8; ++k) {
        const std::uint32_t i = in.quiet_visits[k];
        const core::UtcMs last = i < in.cube.last_visit.size() ? in.cube.last_visit[i] : 0;
        const std::string line = name_of(in, i) + " · " + (last ? ui.tf("last visit {}", core::format_date(last)) : ui.t("no visit yet"));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        draw_text_clamped(ui, Font::Body, p, iw, 1, ui.pal.text, line);
        ui.canvas.expose("quiet-visit", line, p, ImVec2(p.x + iw, p.y + 22), in.activity.distributors[i].id);
        ImGui::Dummy(ImVec2(iw, 26));
    }
    if (in.quiet_visits.size() > 8) hint(ui, ui.tf("and {} more", std::to_string(in.quiet_visits.size() - 8)), iw);
    card_end(ui);
}

void traffic(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsoleInsight& in = c.insight;
    const core::Report& r = in.report;
    const std::string& cur = in.activity.currency;
    tiles(ui,
          {{"insight-visits", ui.t("Visits"), grouped(r.totals.visits), ui.tf("{} QR scans", grouped(r.totals.qr_scans))},
           {"insight-orders", ui.t("Orders"), grouped(r.totals.orders), ui.tf("{} checkouts started", grouped(r.totals.checkouts))},
           {"insight-conversion", ui.t("Conversion"), percent(r.totals.conversion()), ui.t("orders per visit")},
           {"insight-sales", ui.t("Sales"), core::format_money(r.totals.sales, cur), ui.t("refunds and cancellations left out")}},
          x, w);
    // The chart, and the funnel beside it on a desktop.
    const float cw = ui.phone ? w : std::floor(w * 0.64f);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    card_begin(ui, ui.t("Visits and orders per day"), x, cw);
    ChartSpec spec;
    spec.id = "traffic";
    spec.bars_label = ui.t("Visits");
    spec.line_label = ui.t("Orders");
    spec.bars = [](const core::DayPoint& d) { return static_cast<double>(d.visits); };
    spec.line = [](const core::DayPoint& d) { return static_cast<double>(d.orders); };
    daily_chart(ui, r.daily, spec, cw - 32, ui.phone ? 200 : 230);
    card_end(ui);
    const float left_bottom = ImGui::GetCursorScreenPos().y;
    const float fx = ui.phone ? x : x + cw + 16, fw = ui.phone ? w : w - cw - 16;
    if (!ui.phone) ImGui::SetCursorScreenPos(ImVec2(fx, top.y));
    card_begin(ui, ui.t("From visit to order"), fx, fw);
    const long steps[] = {r.totals.visits, r.totals.views, r.totals.carts, r.totals.checkouts, r.totals.orders};
    const char* names[] = {"Visits", "Product views", "Added to cart", "Checkout started", "Orders"};
    for (int i = 0; i < 5; ++i)
        bar_row(ui, "funnel", std::to_string(i), ui.t(names[i]), grouped(steps[i]),
                steps[0] ? static_cast<double>(steps[i]) / static_cast<double>(std::max(steps[0], steps[1])) : 0.0, fw - 32);
    card_end(ui);
    if (!ui.phone) ImGui::SetCursorScreenPos(ImVec2(x, std::max(left_bottom, ImGui::GetCursorScreenPos().y)));
    // Channels and campaigns.
    const float hw = ui.phone ? w : std::floor((w - 16) * 0.5f);
    const ImVec2 row2 = ImGui::GetCursorScreenPos();
    card_begin(ui, ui.t("By channel"), x, hw);
    const char* chs[] = {"Direct", "QR code", "Chat share", "Copied link"};
    const int order[] = {1, 2, 3, 0};
    long ch_max = 1;
    for (const auto& t : r.channels) ch_max = std::max(ch_max, t.visits);
    for (int k : order) {
        const core::Totals& t = r.channels[static_cast<std::size_t>(k)];
        bar_row(ui, "channel", core::channel_name(static_cast<core::Channel>(k)), ui.t(chs[k]),
                ui.count(t.visits, "visit", "visits") + " · " + ui.count(t.orders, "order", "orders") + " · " + core::format_money(t.sales, cur),
                static_cast<double>(t.visits) / static_cast<double>(ch_max), hw - 32);
    }
    card_end(ui);
    const float c_bottom = ImGui::GetCursorScreenPos().y;
    const float kx = ui.phone ? x : x + hw + 16;
    if (!ui.phone) ImGui::SetCursorScreenPos(ImVec2(kx, row2.y));
    card_begin(ui, ui.t("By campaign"), kx, ui.phone ? w : w - hw - 16);
    long camp_max = 1;
    for (const auto& cr : r.campaigns) camp_max = std::max(camp_max, cr.visits);
    std::size_t shown = 0;
    for (const auto& cr : r.campaigns) {
        if (shown++ >= 8) break;
        bar_row(ui, "campaign", cr.campaign ? in.activity.campaigns[cr.campaign - 1] : "", campaign_name(ui, in, cr.campaign),
                ui.count(cr.visits, "visit", "visits") + " · " + ui.count(cr.views, "product view", "product views") + " · " +
                    ui.count(cr.orders, "order", "orders") + " · " + core::format_money(cr.sales, in.activity.currency),
                static_cast<double>(cr.visits) / static_cast<double>(camp_max), (ui.phone ? w : w - hw - 16) - 32, ui.pal.accent);
    }
    if (r.campaigns.empty()) hint(ui, ui.t("No visits in this range."), w - hw - 48);
    card_end(ui);
    if (!ui.phone) ImGui::SetCursorScreenPos(ImVec2(x, std::max(c_bottom, ImGui::GetCursorScreenPos().y)));
    // Top distributors, then every distributor or team; who joined and who went quiet.
    if (ui.phone) {
        people_card(ui, c, x, w);
        distributors_card(ui, c, x, w);
    } else {
        const float dw = std::floor(w * 0.64f);
        const ImVec2 row3 = ImGui::GetCursorScreenPos();
        distributors_card(ui, c, x, dw);
        const float d_bottom = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos(ImVec2(x + dw + 16, row3.y));
        people_card(ui, c, x + dw + 16, w - dw - 16);
        ImGui::SetCursorScreenPos(ImVec2(x, std::max(d_bottom, ImGui::GetCursorScreenPos().y)));
    }
}

// [SECTION] Promoters ----------------------------------------------------------------------------

void promoters(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsoleInsight& in = c.insight;
    const core::Report& r = in.report;
    long active = 0;
    for (std::uint32_t i : in.promoters)
        if (r.distributors[i].qr_scans > 0) ++active;
    tiles(ui,
          {{"promoter-scans", ui.t("QR scans"), grouped(r.totals.qr_scans), ui.t("visits that came from a printed code")},
           {"promoter-active", ui.t("Promoters scanning"), grouped(active), ui.tf("of {} shops", grouped(static_cast<long>(in.promoters.size())))},
           {"promoter-quiet", ui.tf("No scan for {} days", std::to_string(in.scan_quiet_days)), grouped(static_cast<long>(in.quiet_scans.size())),
            ui.t("time to check on them")}},
          x, w);
    // The one promoter picked: scans per day, the campaigns scanned.
    if (in.promoter < in.activity.distributors.size()) {
        card_begin(ui, ui.tf("QR scans of {}", name_of(in, in.promoter)), x, w);
        ChartSpec spec;
        spec.id = "scans";
        spec.bars_label = ui.t("QR scans");
        spec.bars = [](const core::DayPoint& d) { return static_cast<double>(d.qr_scans); };
        daily_chart(ui, in.promoter_days, spec, w - 32, ui.phone ? 160 : 180);
        std::string camps;
        for (std::size_t k = 0; k < in.promoter_campaigns.size() && k < 6; ++k)
            camps += (k ? ", " : "") + campaign_name(ui, in, in.promoter_campaigns[k].first) + " (" + grouped(in.promoter_campaigns[k].second) + ")";
        hint(ui, camps.empty() ? std::string(ui.t("No code of theirs was scanned in this range.")) : ui.tf("Codes scanned: {}", camps), w - 32);
        const core::UtcMs last = in.promoter < in.cube.last_scan.size() ? in.cube.last_scan[in.promoter] : 0;
        hint(ui, last ? ui.tf("Last scan {}", core::format_datetime(last) + " UTC") : std::string(ui.t("Never scanned yet.")), w - 32);
        card_end(ui);
    }
    const float lw = ui.phone ? w : std::floor(w * 0.6f);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    card_begin(ui, ui.t("Promoters by QR scans"), x, lw, ui.t("tap one to see their days"));
    const float iw = lw - 32;
    long best = 1;
    for (std::uint32_t i : in.promoters) best = std::max(best, r.distributors[i].qr_scans);
    const float row_h = 52;
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(in.promoters.size()), row_h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ui.canvas.begin_list("##promoters", ui.t("Promoters by QR scans"), static_cast<int>(in.promoters.size()));
    while (clip.Step()) {
        for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
            ui.canvas.list_entry(k);
            const std::uint32_t i = in.promoters[static_cast<std::size_t>(k)];
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::InvisibleButton("##promoter", ImVec2(iw, row_h - 4))) emit_console(ui, app::PickPromoter{i});
            ImGui::PopID();
            if (i == in.promoter) dl->AddRectFilled(p, ImVec2(p.x + iw, p.y + row_h - 4), ui.pal.primary_soft, 8);
            const core::UtcMs last = i < in.cube.last_scan.size() ? in.cube.last_scan[i] : 0;
            ImGui::SetCursorScreenPos(ImVec2(p.x + 8, p.y + 4));
            bar_row(ui, "promoter", in.activity.distributors[i].id, name_of(in, i),
                    ui.tf("{} scans", grouped(r.distributors[i].qr_scans)) + " · " + (last ? core::format_date(last) : ui.t("never")),
                    static_cast<double>(r.distributors[i].qr_scans) / static_cast<double>(best), iw - 16);
            ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + row_h));
            ImGui::Dummy(ImVec2(iw, 0));
        }
    }
    clip.End();
    ui.canvas.end_list();
    card_end(ui);
    const float l_bottom = ImGui::GetCursorScreenPos().y;
    const float qx = ui.phone ? x : x + lw + 16, qw = ui.phone ? w : w - lw - 16;
    if (!ui.phone) ImGui::SetCursorScreenPos(ImVec2(qx, top.y));
    card_begin(ui, ui.tf("No scan for {} days", std::to_string(in.scan_quiet_days)), qx, qw, std::to_string(in.quiet_scans.size()));
    ImGui::BeginChild("##scan-quiet-days", ImVec2(qw - 32, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    for (int days : {3, 7, 14}) {
        if (days != 3) ImGui::SameLine(0, 6);
        const std::string label = ui.tf("{} days", std::to_string(days));
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        if (chip(ui, label.c_str(), label, in.scan_quiet_days == days)) emit_console(ui, app::SetQuietDays{days, true});
        ui.canvas.expose("scan-quiet-days", std::to_string(days), cp, ImVec2(cp.x + 10, cp.y + 30), std::to_string(days));
    }
    ImGui::EndChild();
    for (std::size_t k = 0; k < in.quiet_scans.size() && k < 12; ++k) {
        const std::uint32_t i = in.quiet_scans[k];
        const core::UtcMs last = i < in.cube.last_scan.size() ? in.cube.last_scan[i] : 0;
        const std::string line = name_of(in, i) + " · " + (last ? ui.tf("last scan {}", core::format_date(last)) : ui.t("no scan yet"));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        draw_text_clamped(ui, Font::Body, p, qw - 32, 1, ui.pal.text, line);
        ui.canvas.expose("quiet-scan", line, p, ImVec2(p.x + qw - 32, p.y + 22), in.activity.distributors[i].id);
        ImGui::Dummy(ImVec2(qw - 32, 26));
    }
    if (in.quiet_scans.size() > 12) hint(ui, ui.tf("and {} more", std::to_string(in.quiet_scans.size() - 12)), qw - 32);
    if (in.quiet_scans.empty()) hint(ui, ui.t("Every promoter's code was scanned recently."), qw - 32, ui.pal.success);
    card_end(ui);
    if (!ui.phone) ImGui::SetCursorScreenPos(ImVec2(x, std::max(l_bottom, ImGui::GetCursorScreenPos().y)));
}

// [SECTION] Reach --------------------------------------------------------------------------------

void reach(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsoleInsight& in = c.insight;
    const core::Report& r = in.report;
    long reshared = 0, first = 0, reshare_visits = 0;
    int furthest = 0;
    for (const auto& cr : r.campaigns) {
        reshared += cr.orders_reshared;
        first += cr.orders_first_share;
        reshare_visits += cr.visits_by_hop[1] + cr.visits_by_hop[2] + cr.visits_by_hop[3];
        furthest = std::max(furthest, cr.furthest_hop);
    }
    tiles(ui,
          {{"reach-reshared-visits", ui.t("Visits from re-shares"), grouped(reshare_visits), ui.t("someone passed the link on")},
           {"reach-furthest", ui.t("Furthest a post travelled"), ui.count(furthest, "hop", "hops"), ui.t("shares of shares")},
           {"reach-orders", ui.t("Orders from re-shares"), grouped(reshared), ui.tf("{} from a first share", grouped(first))}},
          x, w);
    // Each campaign (a brand article's links carry its id): what it did (visits, the products its
    // readers looked at, orders, sales), through which channel, and how far it travelled.
    card_begin(ui, ui.t("Campaigns and articles: what each did"), x, w);
    const char* chs[] = {"Direct", "QR code", "Chat share", "Copied link"};
    for (const auto& cr : r.campaigns) {
        const std::string name = campaign_name(ui, in, cr.campaign);
        const std::string did = ui.count(cr.visits, "visit", "visits") + " · " + ui.count(cr.views, "product view", "product views") + " · " +
                                ui.count(cr.orders, "order", "orders") + " · " + core::format_money(cr.sales, in.activity.currency);
        std::string by;
        for (int k : {1, 2, 3, 0}) {
            const std::size_t ch = static_cast<std::size_t>(k);
            if (!cr.visits_by_channel[ch] && !cr.orders_by_channel[ch]) continue;
            by += (by.empty() ? "" : " · ") + std::string(ui.t(chs[k])) + " " + grouped(cr.visits_by_channel[ch]) + "/" +
                  grouped(cr.orders_by_channel[ch]);
        }
        if (!by.empty()) by = ui.tf("by channel, visits/orders: {}", by);
        const std::string hops = ui.tf("furthest {}", ui.count(cr.furthest_hop, "hop", "hops")) + " · " +
                                 ui.tf("orders: {} from re-shares", grouped(cr.orders_reshared)) + ", " +
                                 ui.tf("{} from a first share", grouped(cr.orders_first_share));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        float y = p.y;
        y += draw_text_clamped(ui, Font::Strong, p, w - 32, 1, ui.pal.text, name) + 4;
        y += draw_text_clamped(ui, Font::Body, ImVec2(p.x, y), w - 32, 2, ui.pal.text, did) + 2;
        if (!by.empty()) y += draw_text_clamped(ui, Font::Small, ImVec2(p.x, y), w - 32, 2, ui.pal.muted, by) + 2;
        y += draw_text_clamped(ui, Font::Small, ImVec2(p.x, y), w - 32, 2, ui.pal.muted, hops);
        ui.canvas.expose("reach-campaign", name + " " + did + " " + by + " " + hops, p, ImVec2(p.x + w - 32, y), cr.campaign ? name : "");
        ImGui::Dummy(ImVec2(w - 32, y - p.y + 8));
        hop_bars(ui, cr, w - 32);
        ImGui::Dummy(ImVec2(0, 8));
    }
    if (r.campaigns.empty()) hint(ui, ui.t("No visits in this range."), w - 32);
    card_end(ui);
    card_begin(ui, ui.t("Shared links that travelled"), x, w, std::to_string(r.links.size()));
    for (std::size_t k = 0; k < r.links.size() && k < 20; ++k) {
        const core::LinkReach& l = r.links[k];
        const std::string who = name_of(in, l.distributor) + " · " + ui.t(chs[static_cast<int>(l.channel)]) + " · " + campaign_name(ui, in, l.campaign);
        const std::string line = ui.count(l.reach.visits, "visit", "visits") + " · " + ui.tf("furthest {}", ui.count(l.reach.furthest_hop, "hop", "hops")) +
                                 " · " + ui.tf("orders: {} from re-shares", grouped(l.reach.orders_reshared));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        draw_text_clamped(ui, Font::Body, p, w - 32, 1, ui.pal.text, who);
        draw_text_clamped(ui, Font::Small, ImVec2(p.x, p.y + 22), w - 32, 1, ui.pal.muted, line);
        ui.canvas.expose("reach-link", who + " " + line, p, ImVec2(p.x + w - 32, p.y + 42), in.activity.distributors[l.distributor].id);
        ImGui::Dummy(ImVec2(w - 32, 48));
    }
    if (r.links.empty()) hint(ui, ui.t("No shared link was passed on in this range."), w - 32);
    card_end(ui);
}

}  // namespace

// [SECTION] Page ---------------------------------------------------------------------------------

void show_console_insight(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    const app::ConsoleInsight& in = c.insight;
    const ConsoleFrame f = console_frame(ui);
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild("##insight-page", ImVec2(ui.width, ui.height - f.top - f.bottom), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + (ui.phone ? 14 : 24)));
    ImGui::BeginGroup();
    const ImVec2 hp = ImGui::GetCursorScreenPos();
    draw_text(ui, Font::Title, hp, ui.pal.text, ui.t("Insight"));
    ui.canvas.expose("page-title", ui.t("Insight"), hp, ImVec2(hp.x + 200, hp.y + 30), "Insight");
    const std::string refresh = ui.t(in.fetching ? "Refreshing…" : "Refresh");
    const float rw = text_size(ui, Font::Strong, refresh).x + 28, rh = ui.phone ? 34 : 40;
    ImGui::SetCursorScreenPos(ImVec2(hp.x + f.w - rw, hp.y + (ui.size(Font::Title) - rh) * 0.5f));
    if (button(ui, "refresh", in.fetching ? "Refreshing…" : "Refresh", ButtonKind::Secondary, ImVec2(rw, rh), !in.fetching))
        emit_console(ui, app::RefreshInsight{});
    ImGui::SetCursorScreenPos(ImVec2(hp.x, hp.y + 44));
    if (in.status == app::ConsoleLoad::Loading || in.status == app::ConsoleLoad::Idle) {
        ImGui::EndGroup();
        console_spinner(ui, ImVec2(ui.width * 0.5f, hp.y + 160), "Loading the brand's activity…");
        ImGui::EndChild();
        return;
    }
    if (in.status != app::ConsoleLoad::Ready) {
        message_box(ui, "insight-error", ui.t(in.error.c_str()), f.w, true);
        if (button(ui, "retry", "Try again", ButtonKind::Primary, ImVec2(160, 44))) emit_console(ui, app::RefreshInsight{});
        ImGui::EndGroup();
        ImGui::EndChild();
        return;
    }
    if (!in.error.empty()) message_box(ui, "insight-error", ui.t(in.error.c_str()), f.w, true);
    bars(ui, c, f.x, f.w);
    if (in.activity.events.empty() && in.activity.orders.empty()) {
        hint(ui, ui.t("No visits yet: they appear here as customers open the brand's shops from shared links and QR codes."), f.w);
    } else if (c.route.view == "promoters") {
        promoters(ui, c, f.x, f.w);
    } else if (c.route.view == "reach") {
        reach(ui, c, f.x, f.w);
    } else {
        traffic(ui, c, f.x, f.w);
    }
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::EndGroup();
    ImGui::EndChild();
    if (in.drawn_ms == 0) console_buffers(ui).insight.drawn_ms = platform::now_ms() - in.opened_ms;  // figure: opened -> drawn
}

}  // namespace ui
