// A small chart over ImDrawList (ImPlot is not available here): a day-by-day series as bars, with a
// second series as a line on its own scale, dates along the bottom, a legend, and the value of the
// day under the finger or the mouse. Used by the console's insight and the distributor's team and dashboard.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/analytics/insight.h"
#include "ui/ui.h"

namespace ui {

struct ChartSpec {
    const char* id = "chart";
    std::string bars_label, line_label;                    // legend words (already translated)
    std::function<double(const core::DayPoint&)> bars, line;  // line may be empty
    std::function<std::string(double)> bar_value, line_value;  // how a value reads (counts, money)
    ImU32 bar_color = 0, line_color = 0;
};

// Draws at the cursor, `w` x `h`, and advances the cursor. Returns the height used.
float daily_chart(Ui& ui, const std::vector<core::DayPoint>& days, const ChartSpec& spec, float w, float h);

// How far shared visits travelled: four small bars, visits at hop 0 (the first share), 1, 2 and 3 or
// more, each labelled with its count. Draws at the cursor, `w` wide, and advances the cursor.
void hop_bars(Ui& ui, const core::CampaignReach& reach, float w);

}  // namespace ui
