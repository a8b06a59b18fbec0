// Provenance (/o/<id>/why?as=<slug or brand>): who earns from an order and why — the binding
// rule the brand's policy applied, the recruiting chain, the first and last touch, and the
// commission split. Only the brand and the distributors on the chain can load it (signed request).
#include <algorithm>
#include <functional>

#include "core/catalog/catalog.h"  // percent_text
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
    const ImVec2 tp = ImGui::GetCursorScreenPos();
    text_block(ui, Font::Strong, ui.pal.text, ui.t(title.c_str()), w - 32);
    ui.canvas.expose("card-title", ui.t(title.c_str()), tp, ImVec2(tp.x + w - 32, ImGui::GetCursorScreenPos().y));
    ImGui::Dummy(ImVec2(0, 2));
    body(w - 32);
    ImGui::EndGroup();
    const float h = ImGui::GetCursorScreenPos().y - top.y + 10;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(top, ImVec2(x + w, top.y + h), ui.pal.surface, 14);
    dl->ChannelsMerge();
    // (the card by its English title, for tests; no height: a screen reader has its heading above)
    ui.canvas.expose("provenance-card", title, top, ImVec2(x + w, top.y));
    ImGui::SetCursorScreenPos(ImVec2(x, top.y + h + 12));
}

void row(Ui& ui, const std::string& left, const std::string& right, float w, ImU32 color = 0) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 rs = text_size(ui, Font::Strong, right);
    draw_text_clamped(ui, Font::Body, p, w - rs.x - 12, 1, ui.pal.muted, left);
    draw_text(ui, Font::Strong, ImVec2(p.x + w - rs.x, p.y), color ? color : ui.pal.text, right);
    ui.canvas.expose("provenance-row", left + ": " + right, p, ImVec2(p.x + w, p.y + 22));
    ImGui::Dummy(ImVec2(w, 24));
}

// A block of words, read by a screen reader where it is drawn.
void words(Ui& ui, Font font, ImU32 color, const std::string& text, float w) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    text_block(ui, font, color, text, w);
    ui.canvas.expose("provenance-text", text, p, ImVec2(p.x + w, ImGui::GetCursorScreenPos().y));
}

// [SECTION] Words: the page speaks the order's language (the brand's), as its receipt does. The
// core's sentences (binding.cpp, commission.cpp) are English for the CLI and the logs: in English
// they are shown as they are; translated, one sentence per rule says the same from the record.

std::string mode_words(const Ui& ui, const Json& binding) {
    const std::string mode = core::string_or(binding, "mode", "permanent");
    if (mode == "window") return ui.tf("window ({} days)", std::to_string(core::int_or(binding, "days", 0)));
    if (mode == "last") return ui.t("last link followed");
    return ui.t("permanent");
}

std::string rule_words(const Ui& ui, const std::string& rule) {
    if (rule == "bound") return ui.t("bound");
    if (rule == "kept") return ui.t("kept");
    if (rule == "rebound") return ui.t("rebound");
    if (rule == "renewed_after_lapse") return ui.t("renewed after lapse");
    if (rule == "self_referral") return ui.t("self-referral");
    if (rule == "inactive_distributor") return ui.t("inactive distributor");
    return rule;
}

std::string binding_words(const Ui& ui, const Json& b) {
    if (ui.lang == Lang::En) return core::string_or(b, "explanation", "");
    const std::string rule = core::string_or(b, "rule", ""), mode = core::string_or(b, "mode", "permanent");
    if (rule == "bound") return ui.t("First visit through this distributor: the customer is bound to them.");
    if (rule == "renewed_after_lapse")
        return ui.tf("The earlier binding lapsed after {} days without an order; this visit binds the customer anew.",
                     std::to_string(core::int_or(b, "days", 0)));
    if (rule == "rebound") return ui.t("The brand binds customers to the last referral link they followed.");
    if (rule == "self_referral")
        return ui.t("A distributor visiting their own shop is not bound to themselves (the brand does not allow self-referral).");
    if (rule == "inactive_distributor") return ui.t("The link's distributor is not active, so it binds no one.");
    if (core::string_or(b, "bound_distributor", "") == core::string_or(b, "shop_distributor", ""))
        return ui.t("The customer is already bound to this distributor.");
    return ui.t(mode == "permanent" ? "Existing customers stay with the distributor who first brought them (permanent binding)."
                                    : "The customer's binding is still within its window, so it stays.");
}

// The split's rule from the policy the order was priced under (its levels in basis points).
std::string split_words(const Ui& ui, const Json& p) {
    const Json empty = Json::object();
    const Json& split = p.contains("split") ? p["split"] : empty;
    if (ui.lang == Lang::En) return core::string_or(split, "rule", "");
    const Json& policy = p.contains("policy") ? p["policy"] : empty;
    std::string rates;
    if (const Json* levels = core::get_array(policy, "levels"))
        for (const auto& l : *levels) rates += (rates.empty() ? "" : " / ") + core::percent_text(l.is_number_integer() ? l.get<std::int64_t>() : 0) + "%";
    std::string s = ui.tf("Plan {} by level", rates);
    if (const Json* o = policy.contains("overrides") ? &policy["overrides"] : nullptr; o && o->is_object() && !o->empty())
        s += ui.t(", with product overrides");
    s += ui.t("; each line and level rounded down to the minor unit, the rest to the brand.");
    if (core::get_bool(split, "self_purchase").value_or(false) && !core::get_bool(policy, "allow_self_purchase").value_or(false))
        s += ui.t(" Self-purchase: the seller's own share withheld.");
    return s;
}

// Who a line of the split pays: the seller, then each recruiter up the chain.
std::string payee_words(const Ui& ui, std::int64_t level) {
    if (level == 0) return ui.t("sold it");
    if (level == 1) return ui.t("their recruiter");
    return ui.tf("recruiter {} up", std::to_string(level));
}

std::string touch_text(const Ui& ui, const Json& t) {
    if (!t.is_object()) return "—";
    const std::string channel = core::string_or(t, "channel", "direct");
    const char* said = channel == "qr" ? "QR code" : channel == "share" ? "shared" : channel == "link" ? "link" : "direct";
    std::string s = core::string_or(t, "shop", "") + " · " + ui.t(said);
    const std::string campaign = core::string_or(t, "campaign", "");
    if (!campaign.empty()) s += " · " + campaign;
    const auto hop = core::int_or(t, "hop", 0);
    if (hop > 0) s += " · " + ui.tf("hop {}", std::to_string(hop));
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
    if (const std::string locale = core::string_or(order, "locale", ""); !locale.empty()) ui.lang = lang_for_locale(locale);
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
    words(ui, Font::Small, ui.pal.muted,
               core::format_money(core::int_or(order, "total", 0), currency) + " · " + core::string_or(order, "shop", "") + " · " +
                   core::format_datetime(core::int_or(order, "placed_ms", 0)),
               w);
    ImGui::Dummy(ImVec2(0, 10));
    const Json& binding = p.contains("binding") ? p["binding"] : empty;
    card(ui, "Why this distributor", x, w, [&](float iw) {
        row(ui, ui.t("Binding policy"), mode_words(ui, binding), iw);
        row(ui, ui.t("Rule applied"), rule_words(ui, core::string_or(binding, "rule", "")), iw);
        words(ui, Font::Small, ui.pal.text, binding_words(ui, binding), iw);
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
        words(ui, Font::Small, ui.pal.muted, ui.t("First touch"), iw);
        words(ui, Font::Body, ui.pal.text, touch_text(ui, p.contains("first_touch") ? p["first_touch"] : empty), iw);
        ImGui::Dummy(ImVec2(0, 4));
        words(ui, Font::Small, ui.pal.muted, ui.t("Last touch"), iw);
        words(ui, Font::Body, ui.pal.text, touch_text(ui, p.contains("last_touch") ? p["last_touch"] : empty), iw);
    });
    const Json& split = p.contains("split") ? p["split"] : empty;
    card(ui, "Commission split", x, w, [&](float iw) {
        if (const Json* payees = core::get_array(split, "payees"))
            for (const auto& pay : *payees) {
                const std::string left = core::string_or(pay, "name", core::string_or(pay, "distributor", "")) + " · " +
                                         payee_words(ui, core::int_or(pay, "level", 0));
                const std::string amount = core::format_money(core::int_or(pay, "amount", 0), currency);
                row(ui, left, amount, iw);
                ui.canvas.expose("payee", core::string_or(pay, "distributor", "") + " " + amount, ImGui::GetCursorScreenPos(), ImGui::GetCursorScreenPos());
            }
        row(ui, ui.t("Brand"), core::format_money(core::int_or(split, "brand", 0), currency), iw);
        words(ui, Font::Small, ui.pal.muted, split_words(ui, p), iw);
    });
    ImGui::Dummy(ImVec2(0, 40));
    ImGui::EndChild();
}

}  // namespace ui
