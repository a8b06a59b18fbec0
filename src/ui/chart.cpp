#include "ui/chart.h"

#include <algorithm>
#include <cmath>

#include "core/time.h"
#include "ui/i18n.h"
#include "ui/widgets.h"

namespace ui {

namespace {
// A round top for an axis: 1, 2, 5 x 10^n at or above the maximum.
double nice_top(double v) {
    if (v <= 0) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= v) return m * p;
    return 10 * p;
}
std::string short_date(std::int32_t day) {
    const std::string d = core::format_date(static_cast<core::UtcMs>(day) * core::kMsPerDay);
    return d.substr(5);  // MM-DD
}
}  // namespace

float daily_chart(Ui& ui, const std::vector<core::DayPoint>& days, const ChartSpec& spec, float w, float h) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float legend_h = ui.size(Font::Small) + 10, axis_h = ui.size(Font::Small) + 8;
    const float left = 44, right = spec.line ? 44 : 8;
    const ImVec2 a(p.x + left, p.y + legend_h), b(p.x + w - right, p.y + h - axis_h);
    const ImU32 bar_col = spec.bar_color ? spec.bar_color : ui.pal.primary;
    const ImU32 line_col = spec.line_color ? spec.line_color : ui.pal.accent;
    // Legend.
    float lx = p.x + left;
    dl->AddRectFilled(ImVec2(lx, p.y + 4), ImVec2(lx + 12, p.y + 14), bar_col, 3);
    draw_text(ui, Font::Small, ImVec2(lx + 18, p.y), ui.pal.muted, spec.bars_label);
    lx += 30 + text_size(ui, Font::Small, spec.bars_label).x;
    if (spec.line) {
        dl->AddLine(ImVec2(lx, p.y + 9), ImVec2(lx + 14, p.y + 9), line_col, 2.5f);
        draw_text(ui, Font::Small, ImVec2(lx + 20, p.y), ui.pal.muted, spec.line_label);
    }
    double bar_max = 0, line_max = 0, bar_sum = 0, line_sum = 0;
    for (const auto& d : days) {
        const double bv = spec.bars(d), lv = spec.line ? spec.line(d) : 0;
        bar_max = std::max(bar_max, bv);
        line_max = std::max(line_max, lv);
        bar_sum += bv;
        line_sum += lv;
    }
    const double btop = nice_top(bar_max), ltop = nice_top(line_max);
    // Grid and axis values.
    for (int k = 0; k <= 2; ++k) {
        const float y = b.y - (b.y - a.y) * k / 2.f;
        dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), k == 0 ? ui.pal.border : with_alpha(ui.pal.border, 0.6f));
        const std::string bl = spec.bar_value ? spec.bar_value(btop * k / 2) : std::to_string(static_cast<long>(btop * k / 2));
        const ImVec2 bs = text_size(ui, Font::Small, bl);
        draw_text(ui, Font::Small, ImVec2(a.x - 6 - bs.x, y - bs.y * 0.5f), ui.pal.muted, bl);
        if (spec.line) {
            const std::string ll = spec.line_value ? spec.line_value(ltop * k / 2) : std::to_string(static_cast<long>(ltop * k / 2));
            draw_text(ui, Font::Small, ImVec2(b.x + 6, y - ui.size(Font::Small) * 0.5f), line_col, ll);
        }
    }
    const std::size_t n = days.size();
    if (n > 0) {
        const float step = (b.x - a.x) / static_cast<float>(n);
        const float bw = std::max(1.f, step * (step > 6 ? 0.7f : 1.f));
        std::vector<ImVec2> line;
        for (std::size_t i = 0; i < n; ++i) {
            const float cx = a.x + step * (static_cast<float>(i) + 0.5f);
            const double bv = spec.bars(days[i]);
            const float bh = static_cast<float>((b.y - a.y) * bv / btop);
            if (bh > 0) dl->AddRectFilled(ImVec2(cx - bw * 0.5f, b.y - bh), ImVec2(cx + bw * 0.5f, b.y), bar_col, step > 10 ? 2.f : 0.f);
            if (spec.line) line.push_back(ImVec2(cx, b.y - static_cast<float>((b.y - a.y) * spec.line(days[i]) / ltop)));
        }
        // Segment by segment with round joints: a polyline's mitred corners spike past the axis at
        // sharp turns (a busy day between two quiet ones).
        for (std::size_t i = 0; i + 1 < line.size(); ++i) dl->AddLine(line[i], line[i + 1], line_col, 2.f);
        for (const ImVec2& pt : line) dl->AddCircleFilled(pt, line.size() > 40 ? 1.2f : 2.2f, line_col, 8);
        // Dates: first, middle, last.
        const std::size_t marks[] = {0, n / 2, n - 1};
        for (std::size_t m = 0; m < 3; ++m) {
            if (m == 1 && (n < 3)) continue;
            const std::string t = short_date(days[marks[m]].day);
            const ImVec2 ts = text_size(ui, Font::Small, t);
            const float cx = a.x + step * (static_cast<float>(marks[m]) + 0.5f);
            const float x = std::clamp(cx - ts.x * 0.5f, a.x, b.x - ts.x);
            draw_text(ui, Font::Small, ImVec2(x, b.y + 4), ui.pal.muted, t);
        }
        // The day under the pointer.
        ImGui::SetCursorScreenPos(a);
        ImGui::PushID(spec.id);
        ImGui::InvisibleButton("##chart", ImVec2(std::max(1.f, b.x - a.x), std::max(1.f, b.y - a.y)));
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        if (hovered) {
            const float mx = ImGui::GetIO().MousePos.x;
            const std::size_t i = std::min(n - 1, static_cast<std::size_t>(std::max(0.f, (mx - a.x) / step)));
            const float cx = a.x + step * (static_cast<float>(i) + 0.5f);
            dl->AddLine(ImVec2(cx, a.y), ImVec2(cx, b.y), with_alpha(ui.pal.text, 0.35f));
            std::string tip = core::format_date(static_cast<core::UtcMs>(days[i].day) * core::kMsPerDay) + "  ·  " + spec.bars_label + " " +
                              (spec.bar_value ? spec.bar_value(spec.bars(days[i])) : std::to_string(static_cast<long>(spec.bars(days[i]))));
            if (spec.line)
                tip += "  ·  " + spec.line_label + " " +
                       (spec.line_value ? spec.line_value(spec.line(days[i])) : std::to_string(static_cast<long>(spec.line(days[i]))));
            const ImVec2 ts = text_size(ui, Font::Small, tip);
            const float tx = std::clamp(cx - ts.x * 0.5f, p.x, p.x + w - ts.x - 12);
            dl->AddRectFilled(ImVec2(tx, a.y - 2), ImVec2(tx + ts.x + 12, a.y + ts.y + 6), ui.pal.text, 6);
            draw_text(ui, Font::Small, ImVec2(tx + 6, a.y + 1), ui.pal.surface, tip);
        }
    }
    const std::string summary = spec.bars_label + " " + std::to_string(static_cast<long>(bar_sum)) +
                                (spec.line ? ", " + spec.line_label + " " + std::to_string(static_cast<long>(line_sum)) : "") + ", " +
                                std::to_string(n) + " days";
    ui.canvas.expose("chart", summary, p, ImVec2(p.x + w, p.y + h), spec.id);
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 6));
    ImGui::Dummy(ImVec2(w, 0));
    return h + 6;
}

void hop_bars(Ui& ui, const core::CampaignReach& cr, float w) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const char* hops[] = {"first share", "passed on once", "twice", "3+ times"};
    long mx = 1;
    for (long v : cr.visits_by_hop) mx = std::max(mx, v);
    const float cw = (w - 24) / 4;
    for (int h = 0; h < 4; ++h) {
        const float x0 = p.x + h * (cw + 8);
        const float bh = cr.visits_by_hop[h] ? std::max(4.f, 28.f * static_cast<float>(cr.visits_by_hop[h]) / static_cast<float>(mx)) : 0.f;
        dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x0 + cw, p.y + 28), ui.pal.surface_alt, 3);
        if (bh > 0) dl->AddRectFilled(ImVec2(x0, p.y + 28 - bh), ImVec2(x0 + cw, p.y + 28), h == 0 ? ui.pal.primary : ui.pal.accent, 3);
        const std::string label = grouped(cr.visits_by_hop[h]) + " " + ui.t(hops[h]);  // the count first: a narrow column clamps the words
        draw_text_clamped(ui, Font::Small, ImVec2(x0, p.y + 32), cw, 1, ui.pal.muted, label);
    }
    ImGui::Dummy(ImVec2(w, 32 + ui.size(Font::Small) + 6));
}

}  // namespace ui
