// Provenance (/o/<id>/why?as=<slug or brand>): who earns from an order and why — the binding
// rule the brand's policy applied, the recruiting chain, the first and last touch, and the
// commission split. Only the brand and the distributors on the chain can load it (signed request).
#include <algorithm>
#include <functional>

#include "core/money.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

namespace {
using core::Json;

void card(Ui& ui, const std::string& title, float x, float w, const std::function<void(float)>& body) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 top(x, ImGui::GetCursorScreenPos().y);
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(x + 16, top.y + 14));
    ImGui::BeginGroup();
    text_block(ui, Font::Strong, ui.pal.text, ui.t(title.c_str()), w - 32);
    ImGui::Dummy(ImVec2(0, 2));
    body(w - 32);
    ImGui::EndGroup();
    const float h = ImGui::GetCursorScreenPos().y - top.y + 10;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(top, ImVec2(x + w, top.y + h), ui.pal.surface, 14);
    dl->ChannelsMerge();
    ui.canvas.expose("provenance-card", title, top, ImVec2(x + w, top.y + h));
    ImGui::SetCursorScreenPos(ImVec2(x, top.y + h + 12));
}

void row(Ui& ui, const std::string& left, const std::string& right, float w, ImU32 color = 0) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 rs = text_size(ui, Font::Strong, right);
    draw_text_clamped(ui, Font::Body, p, w - rs.x - 12, 1, ui.pal.muted, left);
    draw_text(ui, Font::Strong, ImVec2(p.x + w - rs.x, p.y), color ? color : ui.pal.text, right);
    ImGui::Dummy(ImVec2(w, 24));
}

std::string touch_text(const Json& t) {
    if (!t.is_object()) return "—";
    std::string s = core::string_or(t, "shop", "") + " · " + core::string_or(t, "channel", "direct");
    const std::string campaign = core::string_or(t, "campaign", "");
    if (!campaign.empty()) s += " · " + campaign;
    const auto hop = core::int_or(t, "hop", 0);
    if (hop > 0) s += " · hop " + std::to_string(hop);
    const auto at = core::int_or(t, "at", 0);
    if (at > 0) s += " · " + core::format_datetime(at);
    return s;
}
}  // namespace

void show_provenance(Ui& ui) {
    const auto& o = ui.state.orders;
    const float w = std::min(ui.width - 32, 640.f);
    const float x = (ui.width - w) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    ImGui::BeginChild(ui.state.route.path.c_str(), ImVec2(ui.width, ui.height), false, ImGuiWindowFlags_NoBackground);
    const float top = ImGui::GetCursorScreenPos().y;  // moves with the scroll
    if (o.provenance_status != app::PageStatus::Ready) {
        if (o.provenance_status == app::PageStatus::Loading || o.provenance_status == app::PageStatus::Idle) {
            ImGui::SetCursorScreenPos(ImVec2(x, top + 80));
            text_block(ui, Font::Body, ui.pal.muted, ui.t("Loading…"), w);
            ui.canvas.animate();
        } else {
            notice_page(ui, Icon::Shield, "Who earns from this order",
                        o.provenance_error.message.empty() ? ui.t("Sign in as the brand or a distributor on this order's chain.")
                                                           : o.provenance_error.message,
                        {{"Go to the shops", app::Navigate{"/"}}});
        }
        ImGui::EndChild();
        return;
    }
    const Json& p = o.provenance;
    const Json empty = Json::object();
    const Json& order = p.contains("order") ? p["order"] : empty;
    const std::string currency = core::string_or(order, "currency", "");
    // Back to where the person came from (the brand's orders, the distributor's dashboard).
    ImGui::SetCursorScreenPos(ImVec2(std::max(8.f, x - space::touch - 8), top + 18));
    if (icon_button(ui, "back", Icon::Back, "Back")) ui.emit(app::GoBack{});
    const float ty = top + 18 + (space::touch - 28) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(ui.phone ? x + space::touch : x, ty));
    const std::string title = ui.tf("Who earns from order {}", core::string_or(order, "number", ""));
    const float tw = ui.phone ? w - space::touch : w;
    text_block(ui, Font::Title, ui.pal.text, title, tw);
    ui.canvas.expose("page-title", title, ImVec2(x, ty), ImVec2(x + w, ty + 28));
    ImGui::SetCursorScreenPos(ImVec2(ui.phone ? x + space::touch : x, ImGui::GetCursorScreenPos().y));
    text_block(ui, Font::Small, ui.pal.muted,
               core::format_money(core::int_or(order, "total", 0), currency) + " · " + core::string_or(order, "shop", "") + " · " +
                   core::format_datetime(core::int_or(order, "placed_ms", 0)),
               w);
    ImGui::Dummy(ImVec2(0, 10));
    const Json& binding = p.contains("binding") ? p["binding"] : empty;
    card(ui, "Why this distributor", x, w, [&](float iw) {
        std::string mode = core::string_or(binding, "mode", "permanent");
        if (mode == "window") mode += " (" + std::to_string(core::int_or(binding, "days", 0)) + " days)";
        row(ui, ui.t("Binding policy"), mode, iw);
        row(ui, ui.t("Rule applied"), core::string_or(binding, "rule", ""), iw);
        text_block(ui, Font::Small, ui.pal.text, core::string_or(binding, "explanation", ""), iw);
        ui.canvas.expose("binding-rule", core::string_or(binding, "rule", ""), ImGui::GetCursorScreenPos(), ImGui::GetCursorScreenPos());
    });
    card(ui, "Recruiting chain", x, w, [&](float iw) {
        if (const Json* chain = core::get_array(p, "chain"))
            for (const auto& m : *chain) {
                const std::string left = "L" + std::to_string(core::int_or(m, "level", 0)) + "  " + core::string_or(m, "name", "") +
                                         "  (" + core::string_or(m, "slug", "") + ")";
                const bool active = core::get_bool(m, "active").value_or(true);
                row(ui, left, ui.t(active ? "active" : "inactive"), iw, active ? ui.pal.success : ui.pal.danger);
                ui.canvas.expose("chain-member", core::string_or(m, "slug", ""), ImGui::GetCursorScreenPos(), ImGui::GetCursorScreenPos());
            }
    });
    card(ui, "Touches", x, w, [&](float iw) {
        text_block(ui, Font::Small, ui.pal.muted, ui.t("First touch"), iw);
        text_block(ui, Font::Body, ui.pal.text, touch_text(p.contains("first_touch") ? p["first_touch"] : empty), iw);
        ImGui::Dummy(ImVec2(0, 4));
        text_block(ui, Font::Small, ui.pal.muted, ui.t("Last touch"), iw);
        text_block(ui, Font::Body, ui.pal.text, touch_text(p.contains("last_touch") ? p["last_touch"] : empty), iw);
    });
    const Json& split = p.contains("split") ? p["split"] : empty;
    card(ui, "Commission split", x, w, [&](float iw) {
        if (const Json* payees = core::get_array(split, "payees"))
            for (const auto& pay : *payees) {
                const std::string left = "L" + std::to_string(core::int_or(pay, "level", 0) + 1) + "  " + core::string_or(pay, "name", core::string_or(pay, "distributor", ""));
                const std::string amount = core::format_money(core::int_or(pay, "amount", 0), currency);
                row(ui, left, amount, iw);
                ui.canvas.expose("payee", core::string_or(pay, "distributor", "") + " " + amount, ImGui::GetCursorScreenPos(), ImGui::GetCursorScreenPos());
            }
        row(ui, ui.t("Brand"), core::format_money(core::int_or(split, "brand", 0), currency), iw);
        text_block(ui, Font::Small, ui.pal.muted, core::string_or(split, "rule", ""), iw);
    });
    ImGui::Dummy(ImVec2(0, 40));
    ImGui::EndChild();
}

}  // namespace ui
