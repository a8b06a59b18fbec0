// Payouts: what the brands paid this distributor. On the dashboard, the money per brand (paid, on
// its way, settleable, pending, clawback owed) and the newest payouts; /d/<slug>/payouts lists them
// all, and /d/<slug>/payouts/<batch> is one payout's statement: the orders and levels behind it, the
// refunds it deducted, gross − clawback = amount, and the CSV to download. Every number is the
// store's (computed by the core over the brand's ledger); this screen only lays them out.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/money.h"
#include "core/time.h"
#include "ui/editor_ui.h"

namespace ui {

namespace {

std::string minus_money(std::int64_t amount, const std::string& currency) {
    return amount == 0 ? core::format_money(0, currency) : "\u2212" + core::format_money(std::llabs(amount), currency);
}

// "Paid", "On its way", "Returned": the line's status in words, and its colours.
struct StatusLook {
    const char* word;
    ImU32 fg, bg;
};
StatusLook status_look(const Ui& ui, const std::string& status) {
    if (status == "paid") return {"Paid out", ui.pal.success, ui.pal.success_soft};
    if (status == "failed") return {"Returned", ui.pal.danger, ui.pal.danger_soft};
    return {"On its way", mix(ui.pal.text, rgb(0xB45309), 0.8f), ui.pal.warning_soft};
}

// A small rounded label; returns its width. Drawn with its right edge at `right` when right_align.
float status_pill(Ui& ui, ImVec2 pos, const std::string& status, bool right_align) {
    const StatusLook look = status_look(ui, status);
    const std::string text = ui.t(look.word);
    const ImVec2 ts = text_size(ui, Font::Small, text);
    const float w = ts.x + 16, h = ts.y + 6;
    const ImVec2 p(right_align ? pos.x - w : pos.x, pos.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), look.bg, h * 0.5f);
    draw_text(ui, Font::Small, ImVec2(p.x + 8, p.y + 3), look.fg, text);
    return w;
}

std::string payouts_count(const Ui& ui, long n) { return n == 1 ? std::string(ui.t("1 payout")) : ui.tf("{} payouts", std::to_string(n)); }

std::string level_words(const Ui& ui, int level) {
    return level <= 1 ? std::string(ui.t("Sold in your shop")) : ui.tf("Sold by your team, level {}", std::to_string(level));
}

// One amount row of the money card: label, amount at the right, and what it means underneath.
void money_row(Ui& ui, const char* kind, const std::string& brand, const char* label, const std::string& value, ImU32 value_color,
               const std::string& explain, float iw) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 vs = text_size(ui, Font::Title, value);
    draw_text(ui, Font::Strong, ImVec2(p.x, p.y + 2), ui.pal.text, ui.t(label));
    draw_text(ui, Font::Title, ImVec2(p.x + iw - vs.x, p.y - 1), value_color, value);
    ImGui::Dummy(ImVec2(iw, 24));
    if (!explain.empty()) hint(ui, explain, iw);
    ui.canvas.expose(kind, value, p, ImVec2(p.x + iw, ImGui::GetCursorScreenPos().y), brand);
    ImGui::Dummy(ImVec2(0, 10));
}

const app::Payout* latest_of(const app::PayoutsState& p, const std::string& brand) {
    for (const auto& x : p.payouts)
        if (x.brand == brand) return &x;
    return nullptr;
}

// A payout as a row of a list: brand and date at the left, amount and status at the right.
void payout_row(Ui& ui, const app::Payout& p, float x, float iw, int index) {
    const app::EditorState& e = ui.state.editor;
    ImGui::PushID(index);
    const ImVec2 pos(x, ImGui::GetCursorScreenPos().y);
    const float h = 66;
    ImGui::SetCursorScreenPos(pos);
    const bool clicked = ImGui::InvisibleButton("##payout", ImVec2(iw, h));
    const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + iw, pos.y + h), held ? mix(ui.pal.surface_alt, ui.pal.text, 0.06f)
                                                           : hovered ? mix(ui.pal.surface_alt, ui.pal.text, 0.03f) : ui.pal.surface_alt, 10);
    const std::string amount = core::format_money(p.amount, p.currency);
    const float aw = text_size(ui, Font::Strong, amount).x;
    const float right = pos.x + iw - 34;
    const float text_w = iw - 34 - std::max(aw, 90.f) - 24;
    draw_text_clamped(ui, Font::Strong, ImVec2(pos.x + 14, pos.y + 11), text_w, 1, ui.pal.text, p.brand_name);
    std::string sub = core::format_date(p.created_ms);
    if (!p.entries.empty()) sub += " · " + ui.count(static_cast<long>(p.entries.size()), "order", "orders");
    draw_text_clamped(ui, Font::Small, ImVec2(pos.x + 14, pos.y + 38), text_w, 1, ui.pal.muted, sub);
    draw_text(ui, Font::Strong, ImVec2(right - aw, pos.y + 9), p.status == "failed" ? ui.pal.muted : ui.pal.text, amount);
    status_pill(ui, ImVec2(right, pos.y + 36), p.status, true);
    draw_icon(dl, Icon::ChevronRight, ImVec2(pos.x + iw - 16, pos.y + h * 0.5f), 16, ui.pal.muted);
    ui.canvas.expose("payout", p.brand_name + " " + core::format_date(p.created_ms) + " " + amount + " " + ui.t(status_look(ui, p.status).word),
                     pos, ImVec2(pos.x + iw, pos.y + h), p.batch);
    if (clicked) ui.emit(app::Navigate{app::payouts_path(e.slug, p.batch)});
    ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + h + 8));
    ImGui::Dummy(ImVec2(iw, 0));
    ImGui::PopID();
}

// Nothing paid yet: when the first payout comes, per brand.
void first_payout_hint(Ui& ui, float iw) {
    const app::PayoutsState& p = ui.state.editor.payouts;
    for (const auto& b : p.brands) {
        std::string text = ui.t("Your first payout from {brand} comes when commission from delivered orders has passed its {days}-day refund window and reaches its minimum payout of {min}.");
        auto put = [&](const std::string& key, const std::string& value) {
            if (auto at = text.find(key); at != std::string::npos) text.replace(at, key.size(), value);
        };
        put("{brand}", b.name);
        put("{days}", std::to_string(b.freeze_days));
        put("{min}", core::format_money(b.min_payout, b.currency));
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        hint(ui, text, iw);
        ui.canvas.expose("payouts-empty", text, pos, ImVec2(pos.x + iw, ImGui::GetCursorScreenPos().y), b.brand);
        ImGui::Dummy(ImVec2(0, 6));
    }
}

void loading_or_error(Ui& ui, float iw) {
    const app::PayoutsState& p = ui.state.editor.payouts;
    if (p.status == app::EditorLoad::Failed) message_box(ui, "payouts-error", ui.t(p.error.c_str()), iw, true);
    else {
        hint(ui, ui.t("Loading your payouts…"), iw);
        ui.canvas.animate();
    }
}

// A back link to the list or the dashboard, touch-sized, at the column's edge.
void back_link(Ui& ui, const char* english, const std::string& path) {
    const ImVec2 bp(ImGui::GetCursorScreenPos().x - 6, ImGui::GetCursorScreenPos().y);
    const std::string back = ui.t(english);
    const float bw = text_size(ui, Font::Strong, back).x + 44;
    ImGui::SetCursorScreenPos(bp);
    if (ImGui::InvisibleButton("##back", ImVec2(bw, space::touch))) ui.emit(app::Navigate{path});
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    draw_icon(ImGui::GetWindowDrawList(), Icon::Back, ImVec2(bp.x + 14, bp.y + space::touch * 0.5f), 20, ui.pal.primary);
    draw_text(ui, Font::Strong, ImVec2(bp.x + 30, bp.y + (space::touch - ui.size(Font::Strong)) * 0.5f - 1), ui.pal.primary, back);
    ui.canvas.expose("button", back, bp, ImVec2(bp.x + bw, bp.y + space::touch), english);
    ImGui::SetCursorScreenPos(ImVec2(bp.x + 6, bp.y + space::touch + 4));
}

// The statement of one payout.
void statement(Ui& ui, const app::Payout& p, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const float iw = w - 32;
    // The payout: who paid, when, how much, where it stands.
    card_begin(ui, "", x, w);
    {
        const ImVec2 top = ImGui::GetCursorScreenPos();
        draw_text_clamped(ui, Font::Strong, top, iw - 130, 1, ui.pal.muted, p.brand_name + " · " + core::format_date(p.created_ms));
        status_pill(ui, ImVec2(top.x + iw, top.y), p.status, true);
        ImGui::Dummy(ImVec2(iw, 26));
        const std::string amount = core::format_money(p.amount, p.currency);
        const ImVec2 ap = ImGui::GetCursorScreenPos();
        draw_text(ui, Font::Display, ap, p.status == "failed" ? ui.pal.muted : ui.pal.text, amount);
        if (p.status == "failed") {  // struck through: this transfer paid nothing
            const ImVec2 as = text_size(ui, Font::Display, amount);
            ImGui::GetWindowDrawList()->AddLine(ImVec2(ap.x - 2, ap.y + as.y * 0.55f), ImVec2(ap.x + as.x + 2, ap.y + as.y * 0.55f), ui.pal.muted, 2);
        }
        ui.canvas.expose("statement-amount", amount, ap, ImVec2(ap.x + iw, ap.y + 34), p.batch);
        ImGui::Dummy(ImVec2(iw, 38));
        hint(ui, ui.tf("For the commission settleable by {}", core::format_date(p.cutoff)), iw);
        ImGui::Dummy(ImVec2(0, 8));
        std::string where;
        if (p.status == "paid") where = ui.tf("Paid on {}", core::format_date(p.status_ms));
        else if (p.status == "sent") where = ui.t("On its way: the brand sent the transfer; your bank has not confirmed it yet.");
        if (!where.empty()) {
            const ImVec2 wp = ImGui::GetCursorScreenPos();
            const bool paid = p.status == "paid";
            if (paid) {  // a green tick: the money arrived
                ImDrawList* dl = ImGui::GetWindowDrawList();
                dl->AddCircleFilled(ImVec2(wp.x + 10, wp.y + 10), 10, ui.pal.success_soft, 20);
                draw_icon(dl, Icon::Check, ImVec2(wp.x + 10, wp.y + 10), 13, ui.pal.success);
                ImGui::SetCursorScreenPos(ImVec2(wp.x + 28, wp.y));
            }
            text_block(ui, Font::Body, ui.pal.text, where, iw - (paid ? 28 : 0));
            ImGui::SetCursorScreenPos(ImVec2(wp.x, ImGui::GetCursorScreenPos().y));
            ui.canvas.expose("statement-status", where, wp, ImVec2(wp.x + iw, ImGui::GetCursorScreenPos().y), p.status);
        }
        if (p.status == "failed") {
            const app::Payout* again = p.repaid_by.empty() ? nullptr : e.payouts.find(p.repaid_by);
            message_box(ui, "statement-failed",
                        again ? ui.tf("The bank returned this transfer, so it paid nothing; its commission was paid again in the payout of {}.",
                                      core::format_date(again->created_ms))
                              : std::string(ui.t("The bank returned this transfer, so it paid nothing. It is paid again in the brand's next payout.")),
                        iw, true);
            if (again) {
                ImGui::Dummy(ImVec2(0, 8));
                if (button(ui, "repaid-by", "Open the payout that paid it", ButtonKind::Secondary, ImVec2(ui.phone ? iw : std::min(iw, 300.f), 44)))
                    ui.emit(app::Navigate{app::payouts_path(e.slug, again->batch)});
            }
        }
        if (!p.note.empty()) {
            ImGui::Dummy(ImVec2(0, 4));
            hint(ui, ui.tf("Note from the brand: {}", p.note), iw);
        }
        ImGui::Dummy(ImVec2(0, 12));
        // gross − clawback = amount
        ImDrawList* dl = ImGui::GetWindowDrawList();
        auto sum_row = [&](const char* kind, const std::string& label, const std::string& value, Font f) {
            const ImVec2 rp = ImGui::GetCursorScreenPos();
            const ImVec2 vs = text_size(ui, f, value);
            draw_text(ui, f == Font::Title ? Font::Strong : Font::Body, ImVec2(rp.x, rp.y + (f == Font::Title ? 2 : 0)), ui.pal.text, label);
            draw_text(ui, f, ImVec2(rp.x + iw - vs.x, rp.y - (f == Font::Title ? 1 : 0)), ui.pal.text, value);
            ui.canvas.expose(kind, value, rp, ImVec2(rp.x + iw, rp.y + 24), label);
            ImGui::Dummy(ImVec2(iw, 28));
        };
        sum_row("statement-gross", ui.tf("Commission ({})", ui.count(p.shares, "order", "orders")), core::format_money(p.gross, p.currency), Font::Body);
        sum_row("statement-clawback", ui.t("Refunds deducted"), minus_money(p.clawback, p.currency), Font::Body);
        const ImVec2 lp = ImGui::GetCursorScreenPos();
        dl->AddLine(ImVec2(lp.x, lp.y - 2), ImVec2(lp.x + iw, lp.y - 2), ui.pal.border);
        ImGui::Dummy(ImVec2(iw, 6));
        sum_row("statement-total", ui.t(p.status == "failed" ? "Transfer (returned)" : "Paid to you"), core::format_money(p.amount, p.currency), Font::Title);
        if (!p.entries.empty() && !p.csv.empty()) {  // a returned transfer has no statement of its own
            ImGui::Dummy(ImVec2(0, 10));
            if (button(ui, "download-csv", "Download CSV", ButtonKind::Secondary, ImVec2(ui.phone ? iw : std::min(iw, 220.f), 44)))
                emit_editor(ui, app::DownloadStatement{p.batch});
            ImGui::Dummy(ImVec2(0, 2));
            hint(ui, ui.t("The statement as a spreadsheet file: every order, level and amount, as the brand's books have them."), iw);
        }
    }
    card_end(ui);

    // The orders behind it.
    int shares = 0, clawbacks = 0;
    for (const auto& en : p.entries) (en.clawback ? clawbacks : shares)++;
    card_begin(ui, "Orders in this payout", x, w, shares ? ui.count(shares, "order", "orders") : "");
    ImGui::Dummy(ImVec2(0, 4));
    if (shares == 0)
        hint(ui, ui.t(p.status == "failed" ? "A returned transfer paid no orders: they are listed in the payout that paid them again."
                                          : "No orders in this payout."),
             iw);
    auto entry_row = [&](const app::StatementEntry& en, int i) {
        ImGui::PushID(i);
        const ImVec2 rp = ImGui::GetCursorScreenPos();
        const std::string amount = en.clawback ? minus_money(en.amount, p.currency) : core::format_money(en.amount, p.currency);
        const float aw = text_size(ui, Font::Strong, amount).x;
        if (i > 0) ImGui::GetWindowDrawList()->AddLine(ImVec2(rp.x, rp.y - 5), ImVec2(rp.x + iw, rp.y - 5), ui.pal.border);
        const std::string number = en.number.empty() ? en.order : en.number;
        draw_text_clamped(ui, Font::Strong, rp, iw - aw - 16, 1, ui.pal.text, number);
        draw_text_clamped(ui, Font::Small, ImVec2(rp.x, rp.y + 22), iw - aw - 16, 1, ui.pal.muted, level_words(ui, en.level));
        draw_text(ui, Font::Strong, ImVec2(rp.x + iw - aw, rp.y + 9), en.clawback ? ui.pal.danger : ui.pal.text, amount);
        ui.canvas.expose(en.clawback ? "statement-clawback-entry" : "statement-entry", number + " " + amount, rp, ImVec2(rp.x + iw, rp.y + 42),
                         std::to_string(en.level));
        ImGui::Dummy(ImVec2(iw, 50));
        ImGui::PopID();
    };
    int i = 0;
    for (const auto& en : p.entries)
        if (!en.clawback) entry_row(en, i++);
    card_end(ui);
    if (clawbacks > 0 || p.clawback > 0) {
        card_begin(ui, "Refunds deducted", x, w);
        hint(ui, ui.t("These orders were refunded after an earlier payout had paid their commission, so this payout took it back."), iw);
        ImGui::Dummy(ImVec2(0, 8));
        i = 0;
        for (const auto& en : p.entries)
            if (en.clawback) entry_row(en, i++);
        card_end(ui);
    }
}

}  // namespace

// [SECTION] On the dashboard ---------------------------------------------------------------------

void dash_money_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const app::PayoutsState& p = e.payouts;
    card_begin(ui, "Your money", x, w);
    const float iw = w - 32;
    if (p.status != app::EditorLoad::Ready) {
        loading_or_error(ui, iw);
        card_end(ui);
        return;
    }
    if (!p.error.empty()) message_box(ui, "payouts-error", p.error, iw, true);
    bool first = true;
    for (const auto& b : p.brands) {
        if (!first) {
            const ImVec2 lp = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddLine(ImVec2(lp.x, lp.y + 2), ImVec2(lp.x + iw, lp.y + 2), ui.pal.border);
            ImGui::Dummy(ImVec2(iw, 14));
        }
        first = false;
        if (p.brands.size() > 1) {
            const ImVec2 hp = ImGui::GetCursorScreenPos();
            draw_text_clamped(ui, Font::Strong, hp, iw - 60, 1, ui.pal.primary, b.name);
            const ImVec2 cs = text_size(ui, Font::Small, b.currency);
            draw_text(ui, Font::Small, ImVec2(hp.x + iw - cs.x, hp.y + 2), ui.pal.muted, b.currency);
            ui.canvas.expose("money-brand", b.name, hp, ImVec2(hp.x + iw, hp.y + 22), b.brand);
            ImGui::Dummy(ImVec2(iw, 30));
        }
        const app::Payout* latest = latest_of(p, b.brand);
        std::string paid_note = b.payouts == 0 ? std::string(ui.t("Nothing paid out yet.")) : payouts_count(ui, b.payouts);
        if (latest && latest->status == "paid") paid_note += " · " + ui.tf("the latest on {}", core::format_date(latest->status_ms));
        money_row(ui, "money-paid", b.brand, "Paid out", core::format_money(b.paid, b.currency), b.paid > 0 ? ui.pal.success : ui.pal.text,
                  paid_note, iw);
        if (b.on_its_way > 0)
            money_row(ui, "money-on-its-way", b.brand, "On its way", core::format_money(b.on_its_way, b.currency), ui.pal.text,
                      ui.t("Sent by the brand; your bank has not confirmed it yet."), iw);
        if (latest && latest->status == "failed") {
            message_box(ui, "money-failed",
                        ui.tf("A transfer of {} came back: the bank returned it; it is paid again in the brand's next payout.",
                              core::format_money(latest->amount, b.currency)),
                        iw, true);
            ImGui::Dummy(ImVec2(0, 10));
        }
        money_row(ui, "money-settleable", b.brand, "Settleable", core::format_money(b.settleable, b.currency), ui.pal.text,
                  ui.tf("In the brand's next payout if it reaches the minimum of {}.", core::format_money(b.min_payout, b.currency)), iw);
        money_row(ui, "money-pending", b.brand, "Pending", core::format_money(b.pending, b.currency), ui.pal.text,
                  ui.tf("Frozen until the order is delivered and the {}-day refund window has passed.", std::to_string(b.freeze_days)), iw);
        if (b.clawback > 0)
            money_row(ui, "money-clawback", b.brand, "Clawback owed", minus_money(b.clawback, b.currency), ui.pal.danger,
                      ui.t("Refunds after payout, deducted from your next payout."), iw);
        if (b.cancelled > 0) {
            hint(ui, ui.tf("Cancelled or refunded before payout: {}", core::format_money(b.cancelled, b.currency)), iw);
            ImGui::Dummy(ImVec2(0, 6));
        }
    }
    card_end(ui);
}

void dash_payouts_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const app::PayoutsState& p = e.payouts;
    constexpr std::size_t kShown = 5;
    card_begin(ui, "Payouts", x, w, p.payouts.empty() ? "" : payouts_count(ui, static_cast<long>(p.payouts.size())));
    const float iw = w - 32;
    if (p.status != app::EditorLoad::Ready) {
        loading_or_error(ui, iw);
    } else if (p.payouts.empty()) {
        first_payout_hint(ui, iw);
    } else {
        for (std::size_t i = 0; i < p.payouts.size() && i < kShown; ++i) payout_row(ui, p.payouts[i], ImGui::GetCursorScreenPos().x, iw, static_cast<int>(i));
        if (p.payouts.size() > kShown) {
            ImGui::Dummy(ImVec2(0, 2));
            if (button(ui, "all-payouts", ui.tf("All payouts ({})", std::to_string(p.payouts.size())), ButtonKind::Secondary, ImVec2(iw, 44)))
                ui.emit(app::Navigate{app::payouts_path(e.slug)});
        } else {
            hint(ui, ui.t("Open a payout to see the orders, levels and refunds behind it, and download its statement."), iw);
        }
    }
    card_end(ui);
}

// [SECTION] The payouts pages --------------------------------------------------------------------

void show_editor_payouts(Ui& ui) {
    const app::EditorState& e = ui.state.editor;
    const app::PayoutsState& p = e.payouts;
    const EditorFrame f = editor_frame(ui);
    const float w = std::min(f.w, 760.f);
    const float x = std::floor((ui.width - w) * 0.5f);
    const bool one = !e.route.batch.empty();
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild(one ? "##statement" : "##payouts", ImVec2(ui.width, ui.height - f.top - f.bottom), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + (ui.phone ? 8 : 16)));
    ImGui::BeginGroup();
    if (one) back_link(ui, "All payouts", app::payouts_path(e.slug));
    else back_link(ui, "Your numbers", app::editor_path(e.slug, app::EditorPage::Dash));
    const app::Payout* open = one ? p.find(e.route.batch) : nullptr;
    if (!one) {
        const ImVec2 tp = ImGui::GetCursorScreenPos();
        draw_text(ui, Font::Title, tp, ui.pal.text, ui.t("Payouts"));
        draw_text(ui, Font::Small, ImVec2(tp.x, tp.y + 28), ui.pal.muted, ui.t("From every brand you sell, newest first"));
        ImGui::Dummy(ImVec2(w, 52));
        // What reached the bank, in each currency (never added together).
        std::string paid;
        for (const auto& b : p.brands)
            if (b.paid > 0) paid += (paid.empty() ? "" : " · ") + core::format_money(b.paid, b.currency);
        if (!paid.empty()) {
            const ImVec2 pp = ImGui::GetCursorScreenPos();
            const std::string text = ui.tf("Paid out in all: {}", paid);
            draw_text(ui, Font::Strong, pp, ui.pal.success, text);
            ui.canvas.expose("payouts-paid", text, pp, ImVec2(pp.x + w, pp.y + 22));
            ImGui::Dummy(ImVec2(w, 30));
        }
        ImGui::Dummy(ImVec2(0, 4));
    }
    if (p.status != app::EditorLoad::Ready) {
        loading_or_error(ui, w);
    } else if (one && !open) {
        message_box(ui, "statement-missing", ui.t("This payout is not one of yours, or it is no longer listed."), w, true);
    } else if (one) {
        statement(ui, *open, x, w);
    } else {
        if (!p.error.empty()) message_box(ui, "payouts-error", p.error, w, true);
        card_begin(ui, "", x, w);
        if (p.payouts.empty()) first_payout_hint(ui, w - 32);
        for (std::size_t i = 0; i < p.payouts.size(); ++i) payout_row(ui, p.payouts[i], x + 16, w - 32, static_cast<int>(i));
        card_end(ui);
    }
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::EndGroup();
    ImGui::EndChild();
    editor_top_bar(ui, f);
    editor_tab_bar(ui, f);
}

}  // namespace ui
