// The brand's policy: who keeps a customer (binding), what each level of a chain earns (plan,
// per-product overrides, a cap, self-purchase), when money becomes payable (refund window, minimum
// payout), and how customers pay. A worked example splits one order up a real chain of the brand's
// as the brand types; publishing signs the next version, for orders placed after it.
//
// [SECTION] Pieces     switches, field helpers, the toolbar
// [SECTION] Cards      binding, commission, payouts, payment
// [SECTION] Example    one order split up the deepest chain of the brand's shops
// [SECTION] Page
#include <algorithm>
#include <cmath>

#include "core/money.h"
#include "core/text.h"
#include "imgui_internal.h"
#include "ui/console_ui.h"

namespace ui {

namespace {

// [SECTION] Pieces -------------------------------------------------------------------------------

std::string field_error(const Ui& ui, const app::ConsolePolicyEditor& pe, const std::string& field) {
    auto it = pe.read.errors.find(field);
    return it == pe.read.errors.end() ? "" : ui.t(it->second.c_str());
}

// A labelled on/off switch with a line of explanation; true when flipped.
bool switch_row(Ui& ui, const char* id, const std::string& label, const std::string& detail, bool on, float w) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float sw = 46, sh = 26;
    const ImVec2 ds = text_size(ui, Font::Small, detail, w - sw - 16);
    const float h = std::max(44.f, ui.size(Font::Strong) + 6 + ds.y);
    ImGui::PushID(id);
    const bool clicked = ImGui::InvisibleButton("##switch", ImVec2(w, h));
    ImGui::PopID();
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 s0(p.x + w - sw, p.y + 4), s1(p.x + w, p.y + 4 + sh);
    dl->AddRectFilled(s0, s1, on ? ui.pal.primary : ui.pal.border, sh * 0.5f);
    dl->AddCircleFilled(ImVec2(on ? s1.x - sh * 0.5f : s0.x + sh * 0.5f, s0.y + sh * 0.5f), sh * 0.5f - 3, IM_COL32_WHITE, 24);
    draw_text(ui, Font::Strong, p, ui.pal.text, label);
    if (!detail.empty()) draw_text(ui, Font::Small, ImVec2(p.x, p.y + ui.size(Font::Strong) + 6), ui.pal.muted, detail, w - sw - 16);
    ui.canvas.expose_switch(label, on, p, ImVec2(p.x + w, p.y + h), id);
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 8));
    ImGui::Dummy(ImVec2(w, 0));
    return clicked;
}

void edited(Ui& ui, const char* group) { emit_console(ui, app::EditPolicy{group}); }

void toolbar(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsolePolicyEditor& pe = c.policy_editor;
    const ImVec2 p(x, ImGui::GetCursorScreenPos().y);
    const float h = 44;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int k = 0; k < 2; ++k) {
        const bool can = k == 0 ? pe.history.can_undo() : pe.history.can_redo();
        const ImVec2 b(p.x + k * (h + 4), p.y);
        ImGui::SetCursorScreenPos(b);
        ImGui::PushID(k);
        const bool clicked = ImGui::InvisibleButton("##policy-history", ImVec2(h, h));
        ImGui::PopID();
        const ImVec2 cc(b.x + h * 0.5f, b.y + h * 0.5f);
        dl->AddCircleFilled(cc, h * 0.46f, ui.pal.surface, 32);
        dl->AddCircle(cc, h * 0.46f, ui.pal.border, 32);
        draw_editor_icon(dl, k == 0 ? EditorIcon::Undo : EditorIcon::Redo, cc, 20, can ? ui.pal.text : ui.pal.faint);
        ui.canvas.expose("icon", ui.t(k == 0 ? "Undo" : "Redo"), b, ImVec2(b.x + h, b.y + h), k == 0 ? "Undo" : "Redo");
        if (clicked && can) {
            if (k == 0) emit_console(ui, app::PolicyUndo{});
            else emit_console(ui, app::PolicyRedo{});
        }
    }
    const std::string label = pe.publishing.busy() ? ui.t("Publishing…") : ui.tf("Publish policy version {}", std::to_string(pe.base_version + 1));
    // Phones: the button gets its own row under undo, redo and the status.
    const float bw = ui.phone ? w : std::max(200.f, text_size(ui, Font::Strong, label).x + 28);
    const std::string status = !pe.dirty ? ui.tf("Version {} is in force: no unpublished changes", std::to_string(pe.base_version))
                               : pe.read.errors.empty() ? ui.t("Unpublished changes: orders follow them once you publish")
                                                        : ui.count(static_cast<long>(pe.read.errors.size()), "field to fix", "fields to fix");
    const float sx = p.x + 2 * h + 16;
    draw_text_clamped(ui, Font::Small, ImVec2(sx, p.y + 5), w - (sx - x) - (ui.phone ? 0 : bw + 8), 2,
                      pe.dirty && !pe.read.errors.empty() ? ui.pal.danger : pe.dirty ? ui.pal.text : ui.pal.muted, status);
    ui.canvas.expose("policy-status", status, ImVec2(sx, p.y), ImVec2(ui.phone ? x + w : x + w - bw - 8, p.y + h));
    const ImVec2 bp(x + w - bw, ui.phone ? p.y + h + 10 : p.y);
    ImGui::SetCursorScreenPos(bp);
    if (button(ui, "publish-policy", label, ButtonKind::Primary, ImVec2(bw, h), pe.dirty && !pe.publishing.busy() && pe.read.errors.empty()))
        emit_console(ui, app::PublishPolicy{});
    ui.canvas.expose("button", label, bp, ImVec2(bp.x + bw, bp.y + h), "Publish policy");
    if (pe.publishing.busy()) ui.canvas.animate();
    ImGui::SetCursorScreenPos(ImVec2(x, bp.y + h + 10));
    if (!pe.publishing.error.empty()) message_box(ui, "policy-error", ui.t(pe.publishing.error.c_str()), w, true);
    if (pe.publishing.version > 0 && !pe.dirty)
        message_box(ui, "policy-published", ui.tf("Published policy version {}: orders placed from now on follow it.",
                                                  std::to_string(pe.publishing.version)), w, false);
    ImGui::Dummy(ImVec2(w, 2));
}

// [SECTION] Cards --------------------------------------------------------------------------------

void binding_card(Ui& ui, app::ConsolePolicyEditor& form_pe, const app::ConsolePolicyEditor& pe, float x, float w) {
    card_begin(ui, ui.t("Who keeps a customer"), x, w);
    const float iw = w - 32;
    const struct {
        const char* mode;
        const char* label;
        const char* text;
    } modes[] = {{"permanent", "For good", "The distributor who first brought a customer keeps them: a link from another distributor changes nothing."},
                 {"window", "For a window", "The distributor keeps the customer for a number of days without an order; each order renews it."},
                 {"last", "Last link", "Each distributor's link a customer follows makes them that distributor's customer."}};
    ImGui::BeginChild("##modes", ImVec2(iw, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine(0, 8);
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        if (chip(ui, modes[i].mode, ui.t(modes[i].label), pe.form.mode == modes[i].mode) && pe.form.mode != modes[i].mode) {
            form_pe.form.mode = modes[i].mode;
            edited(ui, "");
        }
        ui.canvas.expose("binding-mode", modes[i].label, cp, ImVec2(cp.x + 10, cp.y + 30), modes[i].mode);
    }
    ImGui::EndChild();
    for (const auto& m : modes)
        if (pe.form.mode == m.mode) hint(ui, ui.t(m.text), iw);
    if (pe.form.mode == "window") {
        ImGui::Dummy(ImVec2(0, 4));
        if (text_field(ui, "window-days", "Days without an order", form_pe.form.window_days, "30", platform::InputMode::Numeric,
                       ui.phone ? iw : 200, false, field_error(ui, pe, "binding_days")))
            edited(ui, "window_days");
    }
    ImGui::Dummy(ImVec2(0, 8));
    if (switch_row(ui, "bind-on-paid", ui.t("Bind a customer only once their order is paid"),
                   ui.t("On: an order nobody pays never ties a phone number to a distributor. Off: the order binds at once, "
                        "and a cancelled or refunded order undoes it."),
                   pe.form.bind_on_paid, iw)) {
        form_pe.form.bind_on_paid = !pe.form.bind_on_paid;
        edited(ui, "");
    }
    card_end(ui);
}

void commission_card(Ui& ui, const app::ConsoleState& c, app::ConsolePolicyEditor& form_pe, const app::ConsolePolicyEditor& pe, float x, float w) {
    card_begin(ui, ui.t("Commission plan"), x, w, ui.t("percent of each line"));
    const float iw = w - 32;
    hint(ui, ui.t("Level 1 is the distributor whose shop sold the order, level 2 their recruiter, level 3 the recruiter's recruiter. "
                  "Rounding remainders, and every level without someone in it, stay with the brand."),
         iw);
    ImGui::Dummy(ImVec2(0, 6));
    const char* names[] = {"Level 1: the selling distributor", "Level 2: their recruiter", "Level 3: the recruiter's recruiter"};
    const float fw = ui.phone ? iw : std::min(iw, 260.f);
    for (std::size_t i = 0; i < pe.form.levels.size() && i < 3; ++i) {
        ImGui::PushID(static_cast<int>(i));
        const std::string id = "level-" + std::to_string(i + 1);
        if (text_field(ui, id.c_str(), names[i], form_pe.form.levels[i], "10", platform::InputMode::Text, fw, false,
                       field_error(ui, pe, "levels." + std::to_string(i))))
            edited(ui, id.c_str());
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 4));
    }
    const std::string plan_error = field_error(ui, pe, "levels");
    if (!plan_error.empty()) message_box(ui, "plan-error", plan_error, iw, true);
    const float bw = ui.phone ? (iw - 8) * 0.5f : 180;
    const ImVec2 row = ImGui::GetCursorScreenPos();
    if (button(ui, "add-level", "Add a level", ButtonKind::Secondary, ImVec2(bw, 40), pe.form.levels.size() < 3))
        emit_console(ui, app::AddPolicyLevel{});
    ImGui::SetCursorScreenPos(ImVec2(row.x + bw + 8, row.y));
    if (button(ui, "remove-level", "Remove the last level", ButtonKind::Ghost, ImVec2(ui.phone ? bw : 220, 40), pe.form.levels.size() > 1))
        emit_console(ui, app::RemovePolicyLevel{});
    ImGui::SetCursorScreenPos(ImVec2(row.x, row.y + 48));
    hint(ui, ui.t("At most three levels are paid: deeper schemes are restricted by regulation and by the social platforms."), iw);
    ImGui::Dummy(ImVec2(0, 8));
    if (text_field(ui, "cap", "Cap: at most, all levels together", form_pe.form.cap, "100", platform::InputMode::Text, fw, false,
                   field_error(ui, pe, "cap")))
        edited(ui, "cap");
    ImGui::Dummy(ImVec2(0, 8));
    if (switch_row(ui, "self-purchase", ui.t("Distributors earn on their own purchases"),
                   ui.t("Off: a distributor buying in their own shop earns nothing on that order (their upline still earns)."),
                   pe.form.self_purchase, iw)) {
        form_pe.form.self_purchase = !pe.form.self_purchase;
        edited(ui, "");
    }
    // Per-product overrides.
    ImGui::Dummy(ImVec2(0, 4));
    section_title(ui, ui.t("Rates for particular products"), pe.form.overrides.empty() ? "" : std::to_string(pe.form.overrides.size()), iw);
    for (std::size_t k = 0; k < form_pe.form.overrides.size(); ++k) {
        const std::string pid = form_pe.form.overrides[k].first;
        std::vector<std::string>& rates = form_pe.form.overrides[k].second;
        const core::Product* prod = c.published ? c.published->find(pid) : nullptr;
        ImGui::PushID(pid.c_str());
        const ImVec2 op = ImGui::GetCursorScreenPos();
        draw_text_clamped(ui, Font::Strong, op, iw - 110, 1, ui.pal.text, prod ? prod->title : pid);
        ui.canvas.expose("override", prod ? prod->title : pid, op, ImVec2(op.x + iw - 110, op.y + 24), pid);
        ImGui::SetCursorScreenPos(ImVec2(op.x + iw - 100, op.y - 8));
        if (button(ui, "remove-override", "Remove", ButtonKind::Ghost, ImVec2(100, 36))) emit_console(ui, app::RemovePolicyOverride{pid});
        ImGui::SetCursorScreenPos(ImVec2(op.x, op.y + 30));
        const float rw = std::min(120.f, (iw - 16) / 3);
        float bottom = op.y + 30;
        for (std::size_t i = 0; i < rates.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            const ImVec2 fp(op.x + i * (rw + 8), op.y + 30);
            ImGui::SetCursorScreenPos(fp);
            ImGui::BeginGroup();
            const std::string group = "override:" + pid + ":" + std::to_string(i);
            if (text_field(ui, group.c_str(), ui.tf("Level {}", std::to_string(i + 1)), rates[i], "0", platform::InputMode::Text, rw, false,
                           field_error(ui, pe, "overrides." + pid + "." + std::to_string(i))))
                edited(ui, group.c_str());
            ImGui::EndGroup();
            bottom = std::max(bottom, ImGui::GetItemRectMax().y);
            ImGui::PopID();
        }
        ImGui::SetCursorScreenPos(ImVec2(op.x, bottom + 12));
        ImGui::Dummy(ImVec2(iw, 0));
        ImGui::PopID();
    }
    // Adding one: search the catalog, the first matches as chips.
    if (c.published) {
        picker_search(ui, "find-override", form_pe.override_query, "Add a product: name or id", ui.phone ? iw : 320);
        const std::string q = core::fold_for_search(pe.override_query);
        if (!q.empty()) {
            int shown = 0;
            for (const auto& p : c.published->products) {
                if (shown >= 5) break;
                if (core::fold_for_search(p.title + " " + p.id).find(q) == std::string::npos) continue;
                ++shown;
                const ImVec2 rp = ImGui::GetCursorScreenPos();
                ImGui::PushID(p.id.c_str());
                if (ImGui::InvisibleButton("##add-override", ImVec2(iw, 40))) emit_console(ui, app::AddPolicyOverride{p.id});
                const bool hovered = ImGui::IsItemHovered();
                ImGui::PopID();
                if (hovered) ImGui::GetWindowDrawList()->AddRectFilled(rp, ImVec2(rp.x + iw, rp.y + 40), ui.pal.surface_alt, 8);
                draw_icon(ImGui::GetWindowDrawList(), Icon::Plus, ImVec2(rp.x + 14, rp.y + 20), 14, ui.pal.primary);
                draw_text_clamped(ui, Font::Body, ImVec2(rp.x + 32, rp.y + 10), iw - 40, 1, ui.pal.text, p.title);
                ui.canvas.expose("override-pick", p.title, rp, ImVec2(rp.x + iw, rp.y + 40), p.id);
                ImGui::SetCursorScreenPos(ImVec2(rp.x, rp.y + 42));
            }
            if (!shown) hint(ui, ui.t("No match. Try fewer or other words."), iw);
        } else if (pe.form.overrides.empty()) {
            hint(ui, ui.t("Every product pays the plan above. Add a product to give it rates of its own (a launch, a low-margin item)."), iw);
        }
    }
    card_end(ui);
}

void payouts_card(Ui& ui, const app::ConsoleState& c, app::ConsolePolicyEditor& form_pe, const app::ConsolePolicyEditor& pe, float x, float w) {
    card_begin(ui, ui.t("Payouts"), x, w);
    const float iw = w - 32, fw = ui.phone ? iw : std::min(iw, 260.f);
    if (text_field(ui, "freeze-days", "Refund window after delivery (days)", form_pe.form.freeze_days, "7", platform::InputMode::Numeric, fw, false,
                   field_error(ui, pe, "freeze_days")))
        edited(ui, "freeze_days");
    hint(ui, ui.t("Commission stays frozen until the order is delivered and this window has passed; a refund before then cancels it, "
                  "a refund after a payout is clawed back from the next one."),
         iw);
    ImGui::Dummy(ImVec2(0, 8));
    const std::string currency = c.published ? c.published->currency : "";
    if (text_field(ui, "min-payout", ui.tf("Minimum payout ({})", currency), form_pe.form.min_payout, "50.00", platform::InputMode::Text, fw, false,
                   field_error(ui, pe, "min_payout")))
        edited(ui, "min_payout");
    hint(ui, ui.t("Smaller balances wait for a later batch, so a transfer is never worth less than its fee."), iw);
    ImGui::Dummy(ImVec2(0, 8));
    if (text_field(ui, "lost-days", "A customer counts as lost after (days)", form_pe.form.lost_after_days, "30", platform::InputMode::Numeric, fw,
                   false, field_error(ui, pe, "lost_after_days")))
        edited(ui, "lost_after_days");
    card_end(ui);
}

void payment_card(Ui& ui, app::ConsolePolicyEditor& form_pe, const app::ConsolePolicyEditor& pe, float x, float w) {
    card_begin(ui, ui.t("How customers pay"), x, w);
    const float iw = w - 32;
    hint(ui, ui.t("There is no card form: checkout shows the ways you accept, and the receipt says exactly how to pay."), iw);
    ImGui::Dummy(ImVec2(0, 6));
    const std::string none = field_error(ui, pe, "payment");
    if (!none.empty()) message_box(ui, "payment-error", none, iw, true);
    if (switch_row(ui, "pay-cod", ui.t("Pay on delivery"), ui.t("The courier collects the money."), pe.form.cod, iw)) {
        form_pe.form.cod = !pe.form.cod;
        edited(ui, "");
    }
    if (switch_row(ui, "pay-bank", ui.t("Bank transfer"), ui.t("The customer transfers with the order number as the reference; you mark it paid."),
                   pe.form.bank, iw)) {
        form_pe.form.bank = !pe.form.bank;
        edited(ui, "");
    }
    if (pe.form.bank) {
        const std::string err = field_error(ui, pe, "bank");
        if (text_field(ui, "account-name", "Account holder", form_pe.form.account_name, "", platform::InputMode::Text, iw, false,
                       err.empty() || !pe.form.account_name.empty() ? "" : err))
            edited(ui, "account_name");
        ImGui::Dummy(ImVec2(0, 4));
        if (text_field(ui, "account", "Account number or IBAN", form_pe.form.account, "", platform::InputMode::Text, iw, false,
                       err.empty() || !pe.form.account.empty() ? "" : err))
            edited(ui, "account");
        ImGui::Dummy(ImVec2(0, 4));
        if (text_field(ui, "bank-name", "Bank", form_pe.form.bank_name, "", platform::InputMode::Text, iw)) edited(ui, "bank_name");
        if (!err.empty() && !pe.form.account_name.empty() && !pe.form.account.empty()) message_box(ui, "bank-error", err, iw, true);
        ImGui::Dummy(ImVec2(0, 8));
    }
    if (switch_row(ui, "pay-link", ui.t("Your own payment page"), ui.t("A link to the brand's own checkout page; the receipt opens it."),
                   pe.form.link, iw)) {
        form_pe.form.link = !pe.form.link;
        edited(ui, "");
    }
    if (pe.form.link) {
        if (text_field(ui, "pay-url", "Payment page address", form_pe.form.url, "https://", platform::InputMode::Text, iw, false,
                       field_error(ui, pe, "link")))
            edited(ui, "url");
        ImGui::Dummy(ImVec2(0, 4));
        if (text_field(ui, "pay-label", "Its name on the receipt", form_pe.form.label, "e.g. Pay on our website", platform::InputMode::Text, iw))
            edited(ui, "label");
    }
    card_end(ui);
}

// [SECTION] Example ------------------------------------------------------------------------------

void example_card(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsolePolicyEditor& pe = c.policy_editor;
    card_begin(ui, ui.t("Worked example"), x, w, ui.t("updates as you type"));
    const float iw = w - 32;
    const core::ShopView* v = c.shop.status == app::ConsoleLoad::Ready ? c.shop.view.get() : nullptr;
    const core::BrandSection* section = v ? v->brand(c.brand) : nullptr;
    const std::vector<core::Enrollment>* chain_ptr = nullptr;
    if (v)
        if (auto it = v->shop.chains.find(c.brand); it != v->shop.chains.end()) chain_ptr = &it->second;
    const core::ShopItem* item = nullptr;
    if (v && section && section->release)
        for (const auto& it : v->items)
            if (it.brand && it.brand->cert.brand == c.brand) {
                item = &it;
                break;
            }
    if (!v || !chain_ptr || !item) {
        if (c.shop.status == app::ConsoleLoad::Loading || c.shop.status == app::ConsoleLoad::Idle) hint(ui, ui.t("Loading a shop of the brand…"), iw);
        else hint(ui, ui.t("The example needs a shop that carries the brand; it appears once one does."), iw);
        card_end(ui);
        return;
    }
    // A plan that breaks the rules (more than 100%, above the cap) splits nothing: say what to fix.
    for (const auto& [field, message] : pe.read.errors)
        if (field.rfind("levels", 0) == 0 || field.rfind("overrides", 0) == 0 || field == "cap") {
            hint(ui, ui.t("Fix the commission plan to see how an order is split."), iw, ui.pal.danger);
            card_end(ui);
            return;
        }
    const auto& chain = *chain_ptr;
    std::vector<std::string> ids;
    for (const auto& e : chain) ids.push_back(e.distributor);
    const core::Product& p = *item->product;
    const core::Split s = core::example_split(pe.read.policy, p.id, p.price, 1, ids);
    const std::string& currency = section->release->currency;
    auto m = [&](core::Minor v) { return core::format_money(v, currency); };
    text_block(ui, Font::Body, ui.pal.text, ui.tf("An order of {}", p.title + " (" + m(p.price) + ")") + " " +
                                                ui.tf("in {}", v->shop.manifest.identity.name), iw);
    ImGui::Dummy(ImVec2(0, 8));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto row = [&](const std::string& left, const std::string& sub, const std::string& right, bool strong, const char* kind, const std::string& id) {
        const ImVec2 rp = ImGui::GetCursorScreenPos();
        const ImVec2 rs = text_size(ui, Font::Strong, right);
        draw_text_clamped(ui, strong ? Font::Strong : Font::Body, rp, iw - rs.x - 16, 1, ui.pal.text, left);
        if (!sub.empty()) draw_text_clamped(ui, Font::Small, ImVec2(rp.x, rp.y + 22), iw - rs.x - 16, 1, ui.pal.muted, sub);
        draw_text(ui, Font::Strong, ImVec2(rp.x + iw - rs.x, rp.y), strong ? ui.pal.primary : ui.pal.text, right);
        const float h = sub.empty() ? 26 : 46;
        ui.canvas.expose(kind, left + " " + right, rp, ImVec2(rp.x + iw, rp.y + h), id);
        dl->AddLine(ImVec2(rp.x, rp.y + h + 4), ImVec2(rp.x + iw, rp.y + h + 4), ui.pal.border);
        ImGui::SetCursorScreenPos(ImVec2(rp.x, rp.y + h + 10));
    };
    const auto& rates = pe.read.policy.overrides.count(p.id) ? pe.read.policy.overrides.at(p.id) : pe.read.policy.levels;
    for (std::size_t i = 0; i < s.payees.size(); ++i) {
        const core::Payee& py = s.payees[i];
        const core::Enrollment& e = chain[i];
        const std::string rate = i < rates.size() ? core::percent_text(rates[i]) + "%" : "0%";
        row(ui.tf("Level {}", std::to_string(i + 1)) + " · " + e.name, ui.tf("/s/{}", e.slug) + " · " + rate, m(py.amount), false,
            "example-payee", py.distributor);
    }
    row(ui.t("The brand keeps"), ui.t("the rest, rounding included"), m(s.brand), true, "example-brand", "brand");
    ImGui::Dummy(ImVec2(0, 4));
    hint(ui, ui.tf("Orders placed after you publish are split this way; orders placed before keep the split of version {}.",
                   std::to_string(pe.base_version)),
         iw);
    card_end(ui);
}

}  // namespace

// [SECTION] Page ---------------------------------------------------------------------------------

void show_console_policy(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    app::ConsoleState& cb = console_buffers(ui);
    const app::ConsolePolicyEditor& pe = c.policy_editor;
    const ConsoleFrame f = console_frame(ui);
    if (const int k = undo_shortcut(); k < 0) emit_console(ui, app::PolicyUndo{});
    else if (k > 0) emit_console(ui, app::PolicyRedo{});
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild("##policy-page", ImVec2(ui.width, ui.height - f.top - f.bottom), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + (ui.phone ? 14 : 24)));
    ImGui::BeginGroup();
    if (!pe.loaded) {
        ImGui::EndGroup();
        console_spinner(ui, ImVec2(ui.width * 0.5f, f.top + 160), "Opening the brand console…");
        ImGui::EndChild();
        return;
    }
    const ImVec2 hp = ImGui::GetCursorScreenPos();
    draw_text(ui, Font::Title, hp, ui.pal.text, ui.t("Policy"));
    ui.canvas.expose("page-title", ui.t("Policy"), hp, ImVec2(hp.x + 200, hp.y + 30), "Policy");
    ImGui::SetCursorScreenPos(ImVec2(hp.x, hp.y + 40));
    toolbar(ui, c, f.x, f.w);
    ImGui::Dummy(ImVec2(0, 6));
    if (ui.phone) {
        example_card(ui, c, f.x, f.w);
        binding_card(ui, cb.policy_editor, pe, f.x, f.w);
        commission_card(ui, c, cb.policy_editor, pe, f.x, f.w);
        payouts_card(ui, c, cb.policy_editor, pe, f.x, f.w);
        payment_card(ui, cb.policy_editor, pe, f.x, f.w);
    } else {
        const float lw = std::floor(f.w * 0.58f), rw = f.w - lw - 20;
        const ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos(ImVec2(f.x, top.y));
        ImGui::BeginGroup();
        binding_card(ui, cb.policy_editor, pe, f.x, lw);
        commission_card(ui, c, cb.policy_editor, pe, f.x, lw);
        payouts_card(ui, c, cb.policy_editor, pe, f.x, lw);
        payment_card(ui, cb.policy_editor, pe, f.x, lw);
        ImGui::EndGroup();
        const float left_bottom = ImGui::GetItemRectMax().y;
        // The example stays in view while the form scrolls under it.
        ImGui::SetCursorScreenPos(ImVec2(f.x + lw + 20, std::max(top.y, f.top + 16)));
        ImGui::BeginGroup();
        example_card(ui, c, f.x + lw + 20, rw);
        ImGui::EndGroup();
        ImGui::SetCursorScreenPos(ImVec2(f.x, std::max(left_bottom, ImGui::GetItemRectMax().y) + 8));
    }
    ImGui::Dummy(ImVec2(f.w, 24));
    ImGui::EndGroup();
    ImGui::EndChild();
}

}  // namespace ui
