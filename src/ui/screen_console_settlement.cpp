// The brand's money: what every distributor has earned (pending, settleable, paid, clawed back),
// settled by the core in this browser from the store's ledger; making a payout batch as of a date,
// seen before it is signed; the batches made so far; one batch's lines, marked paid or failed as
// the bank reports, and its CSV for the bank.
//
// [SECTION] Pieces     money tiles, status pills, dialogs
// [SECTION] Balances   /console/<brand>/settlement: totals, a new batch, batches, every payee
// [SECTION] Batch      /console/<brand>/settlement/<batch id>: its lines and their marks
#include <algorithm>
#include <cmath>

#include "core/money.h"
#include "core/time.h"
#include "imgui_internal.h"
#include "ui/console_ui.h"

namespace ui {

namespace {

// [SECTION] Pieces -------------------------------------------------------------------------------

std::string payee_name(const app::ConsoleSettlement& st, const std::string& id) {
    auto it = st.payees.find(id);
    return it == st.payees.end() || it->second.name.empty() ? id : it->second.name;
}

// A figure with its caption, in a bordered tile.
void money_tile(Ui& ui, const char* kind, ImVec2 p, float w, float h, const std::string& label, const std::string& value,
                const std::string& caption, bool strong) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), strong ? ui.pal.primary_soft : ui.pal.surface, 14);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), strong ? ui.pal.primary : ui.pal.border, 14);
    draw_text_clamped(ui, Font::Small, ImVec2(p.x + 14, p.y + 12), w - 28, 1, ui.pal.muted, label);
    draw_text_clamped(ui, Font::Title, ImVec2(p.x + 14, p.y + 32), w - 28, 1, strong ? ui.pal.primary : ui.pal.text, value);
    draw_text_clamped(ui, Font::Small, ImVec2(p.x + 14, p.y + h - 40), w - 28, 2, ui.pal.muted, caption);
    ui.canvas.expose(kind, label + ": " + value, p, ImVec2(p.x + w, p.y + h));
}

void line_pill(Ui& ui, ImVec2 p, core::LineStatus s, const std::string& payee) {
    ImU32 bg = ui.pal.warning_soft, fg = ui.pal.text;
    const char* word = "To confirm";
    if (s == core::LineStatus::Paid) bg = ui.pal.success_soft, fg = ui.pal.success, word = "Transfer arrived";
    else if (s == core::LineStatus::Failed) bg = ui.pal.danger_soft, fg = ui.pal.danger, word = "Transfer failed";
    const std::string label = ui.t(word);
    const ImVec2 ts = text_size(ui, Font::Small, label);
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + ts.x + 16, p.y + ts.y + 6), bg, (ts.y + 6) * 0.5f);
    draw_text(ui, Font::Small, ImVec2(p.x + 8, p.y + 3), fg, label);
    ui.canvas.expose("line-status", core::line_status_name(s), p, ImVec2(p.x + ts.x + 16, p.y + ts.y + 6), payee);
}

void begin_dialog(Ui& ui, const char* id) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    ImGui::SetNextWindowBgAlpha(0.f);
    ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                  ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, ui.height), IM_COL32(15, 23, 42, 110));
}

// The batch the core proposes for the cutoff, before it is signed: who is paid how much.
void proposed_dialog(Ui& ui) {
    const app::ConsoleSettlement& st = ui.state.console.settlement;
    if (!st.proposed) return;
    const core::PayoutBatch& b = *st.proposed;
    begin_dialog(ui, "##batch-proposed");
    const float w = std::min(ui.width - 24, 560.f), x = (ui.width - w) * 0.5f, iw = w - 48;
    const std::string total = core::format_money(b.total, b.currency);
    const std::string title = ui.tf("Pay {}?", ui.count(static_cast<long>(b.lines.size()), "distributor", "distributors") + " " + total);
    std::string body = ui.tf("Everything that became settleable before {} 00:00 UTC and is not paid yet.", core::format_date(b.cutoff));
    if (b.held_back > 0)
        body += " " + ui.tf("{} with less than the minimum payout wait for a later batch.",
                            ui.count(b.held_back, "distributor", "distributors"));
    body += std::string(" ") + ui.t("Once created, download its CSV for your bank, then mark each line paid or failed.");
    const ImVec2 ts = text_size(ui, Font::Title, title, iw), bs = text_size(ui, Font::Body, body, iw);
    const std::size_t shown = std::min<std::size_t>(b.lines.size(), ui.phone ? 4 : 6);
    const float rows_h = shown * 30.f + (b.lines.size() > shown ? 26.f : 0.f);
    const float h = 24 + ts.y + 12 + bs.y + 16 + rows_h + 16 + (st.create_error.empty() ? 0 : 60) + 46 + 24;
    const float y = std::max(12.f, (ui.height - h) * 0.4f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), ui.pal.surface, 16);
    draw_text(ui, Font::Title, ImVec2(x + 24, y + 24), ui.pal.text, title, iw);
    ui.canvas.expose("dialog-title", title, ImVec2(x + 24, y + 24), ImVec2(x + w - 24, y + 24 + ts.y), "Pay the batch");
    if (dialog_card(ui, title, ImVec2(x, y), ImVec2(x + w, y + h)) && !st.creating) emit_console(ui, app::CancelBatch{});
    draw_text(ui, Font::Body, ImVec2(x + 24, y + 36 + ts.y), ui.pal.muted, body, iw);
    float ry = y + 36 + ts.y + bs.y + 16;
    for (std::size_t i = 0; i < shown; ++i) {
        const core::PayoutLine& l = b.lines[i];
        const std::string amount = core::format_money(l.amount, b.currency);
        const ImVec2 as = text_size(ui, Font::Strong, amount);
        draw_text_clamped(ui, Font::Body, ImVec2(x + 24, ry), iw - as.x - 16, 1, ui.pal.text, payee_name(st, l.payee));
        draw_text(ui, Font::Strong, ImVec2(x + 24 + iw - as.x, ry), ui.pal.text, amount);
        ui.canvas.expose("proposed-line", payee_name(st, l.payee) + " " + amount, ImVec2(x + 24, ry), ImVec2(x + 24 + iw, ry + 26), l.payee);
        ry += 30;
    }
    if (b.lines.size() > shown) {
        draw_text(ui, Font::Small, ImVec2(x + 24, ry), ui.pal.muted,
                  ui.tf("and {} more", std::to_string(b.lines.size() - shown)));
        ry += 26;
    }
    ImGui::SetCursorScreenPos(ImVec2(x + 24, ry + 16));
    if (!st.create_error.empty()) message_box(ui, "create-error", ui.t(st.create_error.c_str()), iw, true);
    const float by = ImGui::GetCursorScreenPos().y, bw = (iw - 12) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x + 24, by));
    if (button(ui, "cancel-batch", "Not now", ButtonKind::Secondary, ImVec2(bw, 46), !st.creating)) emit_console(ui, app::CancelBatch{});
    ImGui::SetCursorScreenPos(ImVec2(x + 24 + bw + 12, by));
    if (button(ui, "create-batch", st.creating ? "Signing…" : "Create the batch", ButtonKind::Primary, ImVec2(bw, 46), !st.creating))
        emit_console(ui, app::CreateBatch{});
    ui.canvas.expose("button", ui.t("Create the batch"), ImVec2(x + 24 + bw + 12, by), ImVec2(x + 24 + iw, by + 46), "Create the batch");
    if (st.creating) ui.canvas.animate();
    ImGui::End();
}

// A failed transfer: why, in the bank's words, before it is marked.
void fail_dialog(Ui& ui) {
    const app::ConsoleSettlement& st = ui.state.console.settlement;
    if (!st.confirm) return;
    begin_dialog(ui, "##line-failed");
    const float w = std::min(ui.width - 24, 500.f), x = (ui.width - w) * 0.5f, iw = w - 48;
    const std::string title = ui.tf("The transfer to {} failed?", payee_name(st, st.confirm->payee));
    const std::string body = ui.t("Its amount goes back to their balance and the next batch pays it again. A mark cannot be changed later.");
    const ImVec2 ts = text_size(ui, Font::Title, title, iw), bs = text_size(ui, Font::Body, body, iw);
    const float h = 24 + ts.y + 12 + bs.y + 16 + 84 + 46 + 24;
    const float y = std::max(12.f, (ui.height - h) * 0.35f);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), ui.pal.surface, 16);
    draw_text(ui, Font::Title, ImVec2(x + 24, y + 24), ui.pal.text, title, iw);
    ui.canvas.expose("dialog-title", title, ImVec2(x + 24, y + 24), ImVec2(x + w - 24, y + 24 + ts.y));
    if (dialog_card(ui, title, ImVec2(x, y), ImVec2(x + w, y + h))) emit_console(ui, app::CancelLineMark{});
    draw_text(ui, Font::Body, ImVec2(x + 24, y + 36 + ts.y), ui.pal.muted, body, iw);
    ImGui::SetCursorScreenPos(ImVec2(x + 24, y + 36 + ts.y + bs.y + 16));
    ImGui::BeginGroup();  // the field's lines start at the dialog's edge, not the window's
    text_field(ui, "fail-note", "What the bank said", console_buffers(ui).settlement.fail_note, "e.g. account closed",
               platform::InputMode::Text, iw);
    ImGui::EndGroup();
    const float by = y + h - 24 - 46, bw = (iw - 12) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x + 24, by));
    if (button(ui, "keep-line", "Cancel", ButtonKind::Secondary, ImVec2(bw, 46))) emit_console(ui, app::CancelLineMark{});
    ImGui::SetCursorScreenPos(ImVec2(x + 24 + bw + 12, by));
    if (button(ui, "mark-failed", "Mark failed", ButtonKind::Danger, ImVec2(bw, 46)))
        emit_console(ui, app::MarkPayoutLine{st.confirm->batch, st.confirm->payee, core::LineStatus::Failed, true});
    ImGui::End();
}

void begin_page(Ui& ui, const ConsoleFrame& f, const char* id) {
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild(id, ImVec2(ui.width, ui.height - f.top - f.bottom), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + (ui.phone ? 14 : 24)));
}

// [SECTION] Balances -----------------------------------------------------------------------------

void totals(Ui& ui, const app::ConsoleSettlement& st, const std::string& currency, float x, float w) {
    const core::PayeeBalance& t = st.totals;
    auto m = [&](core::Minor v) { return core::format_money(v, currency); };
    const int cols = ui.phone ? 2 : 4;
    const float gap = ui.phone ? 10 : 16, tw = (w - gap * (cols - 1)) / cols, th = ui.phone ? 118 : 112;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    struct TileData {
        const char* kind;
        const char* label;
        core::Minor value;
        std::string caption;
        bool strong;
    };
    const TileData tiles[] = {
        {"total-settleable", "Settleable now", t.settleable, ui.tf("past the refund window; paid from {} up", m(st.options.min_payout)), true},
        {"total-pending", "Pending", t.pending, ui.tf("until delivery and {} after it", ui.count(st.options.freeze_days, "day", "days")), false},
        {"total-paid", "Paid out", t.paid, ui.t("in payout batches (a failed transfer is not counted)"), false},
        {"total-clawback", "Clawbacks owed", t.clawback, ui.t("refunds after payout, deducted from the next one"), false},
    };
    for (int i = 0; i < 4; ++i) {
        const ImVec2 tp(p.x + (i % cols) * (tw + gap), p.y + (i / cols) * (th + gap));
        money_tile(ui, tiles[i].kind, tp, tw, th, ui.t(tiles[i].label), m(tiles[i].value), tiles[i].caption, tiles[i].strong);
    }
    const int rows = (4 + cols - 1) / cols;
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + rows * th + (rows - 1) * gap + (ui.phone ? 12 : 16)));
    ImGui::Dummy(ImVec2(w, 0));
}

void new_batch_card(Ui& ui, const app::ConsoleSettlement& st, float x, float w) {
    card_begin(ui, ui.t("New payout batch"), x, w);
    const float iw = w - 32;
    hint(ui, ui.t("Pays every distributor whose settleable balance reaches the minimum payout, as of the start of the day you pick "
                  "(UTC). Asking again for a date already paid shows that batch: nobody is paid twice."),
         iw);
    ImGui::Dummy(ImVec2(0, 6));
    const float bw = ui.phone ? iw : 200;
    const float fw = ui.phone ? iw : std::min(260.f, iw - bw - 12);
    const ImVec2 row = ImGui::GetCursorScreenPos();
    text_field(ui, "cutoff", "Cutoff date", console_buffers(ui).settlement.cutoff_text, "YYYY-MM-DD", platform::InputMode::Text, fw, false,
               st.cutoff_error.empty() ? "" : ui.t(st.cutoff_error.c_str()));
    const float field_bottom = ImGui::GetCursorScreenPos().y;
    if (ui.phone) {
        ImGui::Dummy(ImVec2(0, 4));
        if (button(ui, "propose", "Prepare the batch", ButtonKind::Primary, ImVec2(bw, 48), st.status == app::ConsoleLoad::Ready))
            emit_console(ui, app::ProposeBatch{});
    } else {
        const float label_h = ui.size(Font::Small) + 8;
        ImGui::SetCursorScreenPos(ImVec2(row.x + fw + 12, row.y + label_h));
        if (button(ui, "propose", "Prepare the batch", ButtonKind::Primary, ImVec2(bw, 44), st.status == app::ConsoleLoad::Ready))
            emit_console(ui, app::ProposeBatch{});
        ImGui::SetCursorScreenPos(ImVec2(row.x, std::max(field_bottom, row.y + label_h + 44)));
        ImGui::Dummy(ImVec2(iw, 0));
    }
    card_end(ui);
}

void batch_list(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsoleSettlement& st = c.settlement;
    card_begin(ui, ui.t("Payout batches"), x, w, st.batches.empty() ? "" : std::to_string(st.batches.size()));
    const float iw = w - 32;
    if (st.batches.empty()) hint(ui, ui.t("No batch yet. Prepare the first one above: it lists who is paid what, for your bank."), iw);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t k = st.batches.size(); k-- > 0;) {
        const core::PayoutBatch& b = st.batches[k];
        long paid = 0, failed = 0, sent = 0;
        for (const auto& l : b.lines) (l.status == core::LineStatus::Paid ? paid : l.status == core::LineStatus::Failed ? failed : sent)++;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ui.phone ? 74 : 58;
        ImGui::PushID(b.id.c_str());
        if (ImGui::InvisibleButton("##batch", ImVec2(iw, h))) ui.emit(app::Navigate{app::console_batch_path(c.brand, b.id)});
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        dl->AddRectFilled(p, ImVec2(p.x + iw, p.y + h), hovered ? ui.pal.surface_alt : ui.pal.surface, 10);
        dl->AddRect(p, ImVec2(p.x + iw, p.y + h), ui.pal.border, 10);
        const std::string title = ui.tf("As of {}", core::format_date(b.cutoff));
        const std::string total = core::format_money(b.total, b.currency);
        draw_text(ui, Font::Strong, ImVec2(p.x + 14, p.y + 10), ui.pal.text, title);
        const ImVec2 tsz = text_size(ui, Font::Strong, total);
        draw_text(ui, Font::Strong, ImVec2(p.x + iw - 14 - tsz.x - (ui.phone ? 0 : 24), p.y + 10), ui.pal.text, total);
        std::string sub = ui.count(static_cast<long>(b.lines.size()), "transfer", "transfers") + " · " + ui.tf("{} paid", std::to_string(paid));
        if (failed) sub += " · " + ui.tf("{} failed", std::to_string(failed));
        if (sent) sub += " · " + ui.tf("{} to confirm", std::to_string(sent));
        draw_text_clamped(ui, Font::Small, ImVec2(p.x + 14, p.y + (ui.phone ? 40 : 34)), iw - 28, 1, failed ? ui.pal.danger : ui.pal.muted, sub);
        if (!ui.phone) draw_icon(dl, Icon::ChevronRight, ImVec2(p.x + iw - 18, p.y + h * 0.5f), 16, ui.pal.muted);
        ui.canvas.expose("batch-row", title + " " + total + " " + sub, p, ImVec2(p.x + iw, p.y + h), b.id);
        ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 8));
    }
    ImGui::Dummy(ImVec2(iw, 0));
    card_end(ui);
}

void payee_table(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsoleSettlement& st = c.settlement;
    const std::string currency = st.ledger.currency;
    section_title(ui, ui.t("Distributors"), ui.tf("{} with commission", std::to_string(st.ledger.payees.size())), w);
    if (picker_search(ui, "find-payee", console_buffers(ui).settlement.query, "Find a distributor: name or id", ui.phone ? w : 340))
        emit_console(ui, app::SearchPayees{});
    ImGui::Dummy(ImVec2(0, 2));
    const struct {
        app::SettleSort sort;
        const char* label;
    } sorts[] = {{app::SettleSort::Settleable, "Settleable"}, {app::SettleSort::Pending, "Pending"}, {app::SettleSort::Paid, "Paid"},
                 {app::SettleSort::Clawback, "Clawbacks"},    {app::SettleSort::Name, "By name"}};
    ImGui::BeginChild("##sorts", ImVec2(w, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    draw_text(ui, Font::Small, ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + 8), ui.pal.muted, ui.t("Sort by"));
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x + text_size(ui, Font::Small, ui.t("Sort by")).x + 10, ImGui::GetCursorScreenPos().y));
    for (int i = 0; i < 5; ++i) {
        if (i) ImGui::SameLine(0, 6);
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        if (chip(ui, sorts[i].label, ui.t(sorts[i].label), st.sort == sorts[i].sort)) emit_console(ui, app::SortPayees{sorts[i].sort});
        ui.canvas.expose("sort", sorts[i].label, cp, ImVec2(cp.x + 10, cp.y + 30), sorts[i].label);
    }
    ImGui::EndChild();
    if (st.rows.empty()) {
        hint(ui, ui.t(st.ledger.payees.empty() ? "Nobody has earned commission yet: it appears here with the first orders in the brand's shops."
                                               : "No distributor matches. Try fewer or other words."),
             w);
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float row_h = ui.phone ? 84 : 52;
    if (!ui.phone) {
        const ImVec2 hp = ImGui::GetCursorScreenPos();
        const float cols[] = {0, w * 0.38f, w * 0.53f, w * 0.68f, w * 0.84f};
        const char* heads[] = {"Distributor", "Settleable", "Pending", "Paid", "Clawbacks owed"};
        for (int i = 0; i < 5; ++i) draw_text(ui, Font::Small, ImVec2(hp.x + 14 + cols[i], hp.y), ui.pal.muted, ui.t(heads[i]));
        ImGui::Dummy(ImVec2(w, 24));
    }
    // Only the rows on screen are drawn: 20,000 distributors scroll as smoothly as twenty.
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(st.rows.size()), row_h + 6);
    ui.canvas.begin_list("##payees", ui.t("Distributors"), static_cast<int>(st.rows.size()));
    while (clip.Step()) {
        for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
            ui.canvas.list_entry(k);
            const std::uint32_t i = st.rows[static_cast<std::size_t>(k)];
            const std::string& id = st.ledger.payees[i];
            const core::PayeeBalance& b = st.balances[i];
            const ImVec2 p = ImGui::GetCursorScreenPos();
            dl->AddRectFilled(p, ImVec2(p.x + w, p.y + row_h), ui.pal.surface, 10);
            dl->AddRect(p, ImVec2(p.x + w, p.y + row_h), ui.pal.border, 10);
            const std::string name = payee_name(st, id);
            auto m = [&](core::Minor v) { return core::format_money(v, currency); };
            const bool due = b.settleable >= st.options.min_payout && b.settleable > b.clawback;
            if (ui.phone) {
                draw_text_clamped(ui, Font::Strong, ImVec2(p.x + 14, p.y + 10), w - 150, 1, ui.pal.text, name);
                const std::string s = m(b.settleable);
                const ImVec2 ss = text_size(ui, Font::Strong, s);
                draw_text(ui, Font::Strong, ImVec2(p.x + w - 14 - ss.x, p.y + 10), due ? ui.pal.primary : ui.pal.text, s);
                draw_text_clamped(ui, Font::Small, ImVec2(p.x + 14, p.y + 36), w - 28, 1, ui.pal.muted,
                                  ui.tf("pending {}", m(b.pending)) + " · " + ui.tf("paid {}", m(b.paid)) +
                                      (b.clawback ? " · " + ui.tf("owes {}", m(b.clawback)) : ""));
                draw_text_clamped(ui, Font::Small, ImVec2(p.x + 14, p.y + 58), w - 28, 1, ui.pal.faint, id);
            } else {
                const float cols[] = {0, w * 0.38f, w * 0.53f, w * 0.68f, w * 0.84f};
                draw_text_clamped(ui, Font::Body, ImVec2(p.x + 14, p.y + 7), cols[1] - 24, 1, ui.pal.text, name);
                draw_text_clamped(ui, Font::Small, ImVec2(p.x + 14, p.y + 29), cols[1] - 24, 1, ui.pal.muted, id);
                draw_text(ui, Font::Strong, ImVec2(p.x + 14 + cols[1], p.y + 15), due ? ui.pal.primary : ui.pal.text, m(b.settleable));
                draw_text(ui, Font::Body, ImVec2(p.x + 14 + cols[2], p.y + 15), ui.pal.text, m(b.pending));
                draw_text(ui, Font::Body, ImVec2(p.x + 14 + cols[3], p.y + 15), ui.pal.text, m(b.paid));
                draw_text(ui, Font::Body, ImVec2(p.x + 14 + cols[4], p.y + 15), b.clawback ? ui.pal.danger : ui.pal.muted, m(b.clawback));
            }
            ui.canvas.expose("payee-row", name + " " + m(b.settleable), p, ImVec2(p.x + w, p.y + row_h), id);
            ImGui::SetCursorScreenPos(p);
            ImGui::Dummy(ImVec2(w, row_h));
        }
    }
    clip.End();
    ui.canvas.end_list();
}

void balances_page(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    const app::ConsoleSettlement& st = c.settlement;
    const ConsoleFrame f = console_frame(ui);
    begin_page(ui, f, "##settlement-page");
    ImGui::BeginGroup();
    const float w = f.w;
    // Heading: as of when, the rules, refresh.
    const ImVec2 hp = ImGui::GetCursorScreenPos();
    draw_text(ui, Font::Title, hp, ui.pal.text, ui.t("Settlement"));
    ui.canvas.expose("page-title", ui.t("Settlement"), hp, ImVec2(hp.x + 200, hp.y + 30), "Settlement");
    const std::string refresh = ui.t(st.fetching ? "Refreshing…" : "Refresh");
    const float rw = text_size(ui, Font::Strong, refresh).x + 28, rh = ui.phone ? 34 : 40;
    ImGui::SetCursorScreenPos(ImVec2(hp.x + w - rw, hp.y + (ui.size(Font::Title) - rh) * 0.5f));
    if (button(ui, "refresh", st.fetching ? "Refreshing…" : "Refresh", ButtonKind::Secondary, ImVec2(rw, rh), !st.fetching))
        emit_console(ui, app::RefreshSettlement{});
    ImGui::SetCursorScreenPos(ImVec2(hp.x, hp.y + 40));
    if (st.status == app::ConsoleLoad::Ready) {
        const std::string rules = ui.tf("Balances as of {} UTC", core::format_datetime(st.computed_at)) + " · " +
                                  ui.tf("minimum payout {}", core::format_money(st.options.min_payout, st.ledger.currency)) + " · " +
                                  ui.tf("refund window {}", ui.count(st.options.freeze_days, "day", "days")) + " · " +
                                  ui.count(static_cast<long>(st.ledger.orders.size()), "order", "orders");
        hint(ui, rules, w);
        ImGui::Dummy(ImVec2(0, 8));
    }
    if (!st.error.empty() && st.status == app::ConsoleLoad::Ready) message_box(ui, "settlement-error", ui.t(st.error.c_str()), w, true);
    if (st.status == app::ConsoleLoad::Loading || st.status == app::ConsoleLoad::Idle) {
        ImGui::EndGroup();
        console_spinner(ui, ImVec2(ui.width * 0.5f, hp.y + 160), "Loading the ledger…");
        ImGui::EndChild();
        return;
    }
    if (st.status != app::ConsoleLoad::Ready) {
        message_box(ui, "settlement-error", ui.t(st.error.c_str()), w, true);
        if (button(ui, "retry", "Try again", ButtonKind::Primary, ImVec2(160, 44))) emit_console(ui, app::RefreshSettlement{});
        ImGui::EndGroup();
        ImGui::EndChild();
        return;
    }
    totals(ui, st, st.ledger.currency, f.x, w);
    if (ui.phone) {
        new_batch_card(ui, st, f.x, w);
        batch_list(ui, c, f.x, w);
    } else {
        const float lw = std::floor((w - 16) * 0.5f);
        const ImVec2 top = ImGui::GetCursorScreenPos();
        new_batch_card(ui, st, f.x, lw);
        const float left_bottom = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos(ImVec2(f.x + lw + 16, top.y));
        batch_list(ui, c, f.x + lw + 16, w - lw - 16);
        ImGui::SetCursorScreenPos(ImVec2(f.x, std::max(left_bottom, ImGui::GetCursorScreenPos().y)));
    }
    payee_table(ui, c, f.x, w);
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::EndGroup();
    ImGui::EndChild();
    if (st.drawn_ms == 0) console_buffers(ui).settlement.drawn_ms = platform::now_ms() - st.opened_ms;  // figure: opened -> drawn
    proposed_dialog(ui);
}

// [SECTION] Batch --------------------------------------------------------------------------------

void batch_page(Ui& ui, const std::string& id) {
    const app::ConsoleState& c = ui.state.console;
    const app::ConsoleSettlement& st = c.settlement;
    const ConsoleFrame f = console_frame(ui);
    begin_page(ui, f, "##batch-page");
    ImGui::BeginGroup();
    const float w = f.w;
    // Back to the balances: a link at the column's left edge.
    const ImVec2 back = ImGui::GetCursorScreenPos();
    const std::string back_label = ui.t("Settlement");
    const float back_w = text_size(ui, Font::Strong, back_label).x + 24;
    if (ImGui::InvisibleButton("##back", ImVec2(back_w, 36))) ui.emit(app::Navigate{app::console_batch_path(c.brand, "")});
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    draw_icon(ImGui::GetWindowDrawList(), Icon::Back, ImVec2(back.x + 8, back.y + 18), 16, ui.pal.primary);
    draw_text(ui, Font::Strong, ImVec2(back.x + 22, back.y + 18 - ui.size(Font::Strong) * 0.6f), ui.pal.primary, back_label);
    ui.canvas.expose("icon", "Back", back, ImVec2(back.x + back_w, back.y + 36), "Back");
    ImGui::Dummy(ImVec2(0, 6));
    const core::PayoutBatch* b = nullptr;
    for (const auto& x : st.batches)
        if (x.id == id) b = &x;
    if (!b) {
        if (st.status == app::ConsoleLoad::Ready) message_box(ui, "batch-missing", ui.t("There is no such payout batch for this brand."), w, true);
        else console_spinner(ui, ImVec2(ui.width * 0.5f, back.y + 160), "Loading the ledger…");
        ImGui::EndGroup();
        ImGui::EndChild();
        return;
    }
    long paid = 0, failed = 0, sent = 0;
    core::Minor paid_sum = 0;
    for (const auto& l : b->lines) {
        (l.status == core::LineStatus::Paid ? paid : l.status == core::LineStatus::Failed ? failed : sent)++;
        if (l.status == core::LineStatus::Paid) paid_sum += l.amount;
    }
    const ImVec2 tp = ImGui::GetCursorScreenPos();
    const std::string title = ui.tf("Payout batch as of {}", core::format_date(b->cutoff));
    draw_text(ui, Font::Title, tp, ui.pal.text, title, ui.phone ? w : w - 220);
    ui.canvas.expose("page-title", title, tp, ImVec2(tp.x + w, tp.y + 30), b->id);
    const std::string csv = ui.t("Download CSV");
    const float cw = text_size(ui, Font::Strong, csv).x + 32;
    if (!ui.phone) {
        ImGui::SetCursorScreenPos(ImVec2(tp.x + w - cw, tp.y - 4));
        if (button(ui, "csv", "Download CSV", ButtonKind::Primary, ImVec2(cw, 44))) emit_console(ui, app::DownloadBatchCsv{b->id});
        ui.canvas.expose("button", csv, ImVec2(tp.x + w - cw, tp.y - 4), ImVec2(tp.x + w, tp.y + 40), "Download CSV");
    }
    ImGui::SetCursorScreenPos(ImVec2(tp.x, tp.y + text_size(ui, Font::Title, title, ui.phone ? w : w - 220).y + 8));
    std::string sub = ui.count(static_cast<long>(b->lines.size()), "transfer", "transfers") + " · " + core::format_money(b->total, b->currency) +
                      " · " + ui.tf("made {} UTC", core::format_datetime(b->created_ms));
    hint(ui, sub, w);
    std::string state = ui.tf("{} paid", std::to_string(paid)) + " (" + core::format_money(paid_sum, b->currency) + ")";
    if (failed) state += " · " + ui.tf("{} failed: paid again in the next batch", std::to_string(failed));
    if (sent) state += " · " + ui.tf("{} to confirm", std::to_string(sent));
    hint(ui, state, w, failed ? ui.pal.danger : 0);
    ImGui::Dummy(ImVec2(0, 6));
    if (ui.phone) {
        if (button(ui, "csv", "Download CSV", ButtonKind::Primary, ImVec2(w, 48))) emit_console(ui, app::DownloadBatchCsv{b->id});
        ImGui::Dummy(ImVec2(0, 6));
    }
    if (sent) hint(ui, ui.t("Send each transfer with its line reference from the CSV, then mark it here as your bank reports it."), w);
    if (!st.mark_error.empty()) message_box(ui, "mark-error", ui.t(st.mark_error.c_str()), w, true);
    ImGui::Dummy(ImVec2(0, 8));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float row_h = ui.phone ? 134 : 64;
    std::size_t n = 0;
    for (const auto& l : b->lines) {
        ++n;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(p, ImVec2(p.x + w, p.y + row_h), ui.pal.surface, 12);
        dl->AddRect(p, ImVec2(p.x + w, p.y + row_h), l.status == core::LineStatus::Failed ? ui.pal.danger : ui.pal.border, 12);
        auto it = st.payees.find(l.payee);
        const std::string name = payee_name(st, l.payee);
        const std::string account = it == st.payees.end() ? "" : it->second.account;
        const std::string amount = core::format_money(l.amount, b->currency);
        std::string detail = b->id + ":" + std::to_string(n) + (account.empty() ? "" : "  ·  " + account);
        if (l.clawback) detail += "  ·  " + ui.tf("{} earned", core::format_money(l.gross, b->currency)) + " − " +
                                  ui.tf("{} clawed back", core::format_money(l.clawback, b->currency));
        const bool busy = st.marking.count(l.payee) > 0;
        ImGui::PushID(l.payee.c_str());
        if (ui.phone) {
            draw_text_clamped(ui, Font::Strong, ImVec2(p.x + 14, p.y + 12), w - 140, 1, ui.pal.text, name);
            const ImVec2 as = text_size(ui, Font::Strong, amount);
            draw_text(ui, Font::Strong, ImVec2(p.x + w - 14 - as.x, p.y + 12), ui.pal.text, amount);
            draw_text_clamped(ui, Font::Small, ImVec2(p.x + 14, p.y + 38), w - 28, 2, ui.pal.muted, detail);
            line_pill(ui, ImVec2(p.x + 14, p.y + row_h - 42), l.status, l.payee);
        } else {
            draw_text_clamped(ui, Font::Strong, ImVec2(p.x + 16, p.y + 10), w * 0.3f, 1, ui.pal.text, name);
            draw_text_clamped(ui, Font::Small, ImVec2(p.x + 16, p.y + 36), w * 0.45f, 1, ui.pal.muted, detail);
            draw_text(ui, Font::Strong, ImVec2(p.x + 16 + w * 0.47f, p.y + 20), ui.pal.text, amount);
            line_pill(ui, ImVec2(p.x + 16 + w * 0.6f, p.y + 20), l.status, l.payee);
        }
        const float bx = ui.phone ? p.x + w - 14 : p.x + w - 16;
        const float by = ui.phone ? p.y + row_h - 50 : p.y + (row_h - 40) * 0.5f;
        if (l.status == core::LineStatus::Sent) {
            const std::string pl = ui.t("Mark as paid"), fl = ui.t("Mark as failed");
            const float pw = text_size(ui, Font::Strong, pl).x + 30, fw = text_size(ui, Font::Strong, fl).x + 30;
            ImGui::SetCursorScreenPos(ImVec2(bx - pw - 8 - fw, by));
            if (button(ui, "failed", "Mark as failed", ButtonKind::Ghost, ImVec2(fw, 40), !busy))
                emit_console(ui, app::MarkPayoutLine{b->id, l.payee, core::LineStatus::Failed, false});
            ui.canvas.expose("line-action", "Failed " + name, ImVec2(bx - pw - 8 - fw, by), ImVec2(bx - pw - 8, by + 40), "failed:" + l.payee);
            ImGui::SetCursorScreenPos(ImVec2(bx - pw, by));
            if (button(ui, "paid", "Mark as paid", ButtonKind::Primary, ImVec2(pw, 40), !busy))
                emit_console(ui, app::MarkPayoutLine{b->id, l.payee, core::LineStatus::Paid, false});
            ui.canvas.expose("line-action", "Paid " + name, ImVec2(bx - pw, by), ImVec2(bx, by + 40), "paid:" + l.payee);
            if (busy) ui.canvas.animate();
        } else {
            const std::string when = core::format_date(l.status_ms) + (l.note.empty() ? "" : "  ·  " + l.note);
            const float nw = ui.phone ? w - 130 : w * 0.28f;
            draw_text_clamped(ui, Font::Small, ImVec2(ui.phone ? p.x + 120 : bx - nw, by + 10), nw, 1, ui.pal.muted, when);
        }
        ImGui::PopID();
        ui.canvas.expose("batch-line", name + " " + amount, p, ImVec2(p.x + w, p.y + row_h), l.payee);
        ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + row_h + 8));
    }
    ImGui::Dummy(ImVec2(w, 24));
    ImGui::EndGroup();
    ImGui::EndChild();
    fail_dialog(ui);
}

}  // namespace

void show_console_settlement(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    if (c.route.batch.empty()) balances_page(ui);
    else batch_page(ui, c.route.batch);
}

}  // namespace ui
