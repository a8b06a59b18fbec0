// The brand's integrity audit (/console/<brand>/audit): every shop that carries the brand, checked in
// this browser as a consumer's browser checks it. While it runs: how far it got; then what it found,
// a status per shop in colour and in words, chips to filter by status (with their counts), search, and
// one tap from a shop to that shop in the preview. Only the rows on screen are drawn.
//
// [SECTION] Words     statuses and findings in the brand's language
// [SECTION] Pieces    status pill, progress, the verdict, chips
// [SECTION] Page
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui_internal.h"
#include "ui/console_ui.h"

namespace ui {

namespace {

// [SECTION] Words --------------------------------------------------------------------------------

constexpr ImU32 kAmber = IM_COL32(180, 83, 9, 255);

struct Look {
    const char* word;  // English, translated with ui.t
    ImU32 fg, bg;
};

Look look_of(const Ui& ui, const app::AuditRow& r) {
    switch (r.state) {
        case app::AuditRowState::Waiting: return {"Waiting", ui.pal.muted, ui.pal.surface_alt};
        case app::AuditRowState::Checking: return {"Checking…", ui.pal.muted, ui.pal.surface_alt};
        case app::AuditRowState::Unchecked: return {"Not checked", ui.pal.muted, ui.pal.surface_alt};
        case app::AuditRowState::Done: break;
    }
    switch (r.result.status) {
        case core::AuditStatus::Ok: return {"Fine", ui.pal.success, ui.pal.success_soft};
        case core::AuditStatus::Stale: return {"Old catalog", kAmber, ui.pal.warning_soft};
        case core::AuditStatus::MissingProducts: return {"Missing products", kAmber, ui.pal.warning_soft};
        case core::AuditStatus::Forged: return {"Forged", ui.pal.danger, ui.pal.danger_soft};
        case core::AuditStatus::WrongShop: return {"Wrong shop", ui.pal.danger, ui.pal.danger_soft};
        case core::AuditStatus::Unreadable: return {"Damaged", ui.pal.danger, ui.pal.danger_soft};
    }
    return {"Waiting", ui.pal.muted, ui.pal.surface_alt};
}

// A finding in the brand's language. In English the core's own sentence says it best (it names the
// documents, versions and addresses); translated, a sentence per kind with its one detail.
std::string finding_words(const Ui& ui, const app::AuditRow& r, const core::AuditFinding& f) {
    if (ui.lang == Lang::En) return f.message;
    const core::ShopAudit& a = r.result;
    if (f.code == "stale_release") return ui.tf("Shows catalog version {}, not the current one.", std::to_string(a.release_version));
    if (f.code == "no_release") return ui.t("Shows no catalog of the brand.");
    if (f.code == "missing_products") {
        std::string ids;
        for (std::size_t i = 0; i < a.missing_products.size() && i < 6; ++i) ids += (i ? ", " : "") + a.missing_products[i];
        if (a.missing_products.size() > 6) ids += ", …";
        return ui.tf("Lists products the current catalog no longer has: {}.", ids);
    }
    if (f.code == "forged_manifest") return ui.t("Its page was altered after its distributor signed it, or signed by someone else.");
    if (f.code == "forged_enrollment") return ui.t("An enrollment in its recruiting chain is not signed by the recruiter.");
    if (f.code == "inactive_distributor") return ui.t("A distributor in its recruiting chain is no longer active.");
    if (f.code == "broken_chain") return ui.t("Its recruiting chain is broken.");
    if (f.code == "forged_release") return ui.t("The catalog it serves was altered after the brand signed it.");
    if (f.code == "forged_brand") return ui.t("A brand certificate in it is not the platform's.");
    if (f.code == "wrong_shop") return ui.tf("The store answers its address with another shop: {}.", "/s/" + a.served_slug);
    if (f.code == "not_carried") return ui.t("Its signed page does not carry the brand.");
    return ui.t("The store's answer for it is damaged.");
}

std::string reason_words(const Ui& ui, const app::AuditRow& r) {
    switch (r.state) {
        case app::AuditRowState::Waiting:
        case app::AuditRowState::Checking: return "";
        case app::AuditRowState::Unchecked: return ui.t("The store did not answer for this shop: check again later.");
        case app::AuditRowState::Done: break;
    }
    if (r.result.ok()) return ui.tf("Exactly as signed; shows catalog version {}.", std::to_string(r.result.release_version));
    std::string out;
    for (const auto& f : r.result.findings) out += (out.empty() ? "" : " ") + finding_words(ui, r, f);
    return out;
}

// [SECTION] Pieces -------------------------------------------------------------------------------

// A status in colour and in words; returns its width.
float status_pill(Ui& ui, ImVec2 p, const app::AuditRow& r) {
    const Look lk = look_of(ui, r);
    const std::string label = ui.t(lk.word);
    const ImVec2 ts = text_size(ui, Font::Small, label);
    const float h = ts.y + 8, w = ts.x + 30;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), lk.bg, h * 0.5f);
    dl->AddCircleFilled(ImVec2(p.x + 12, p.y + h * 0.5f), 4, lk.fg);
    draw_text(ui, Font::Small, ImVec2(p.x + 21, p.y + 4), lk.fg, label);
    const std::string status = r.state == app::AuditRowState::Done ? core::audit_status_name(r.result.status)
                             : r.state == app::AuditRowState::Unchecked ? "unchecked" : "waiting";
    ui.canvas.expose("audit-status", status, p, ImVec2(p.x + w, p.y + h), r.slug);
    return w;
}

// 20000 -> "20,000", as counts read everywhere in the console.
std::string grouped(std::size_t n) {
    std::string d = std::to_string(n), out;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (i && (d.size() - i) % 3 == 0) out += ',';
        out += d[i];
    }
    return out;
}

std::string seconds_text(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ms < 10000 ? "%.1f" : "%.0f", ms / 1000.0);
    return buf;
}

std::string rate_text(double per_s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, per_s < 100 ? "%.1f" : "%.0f", per_s);
    return buf;
}

// While it runs: how many shops so far, a bar, the pace. Once done: the verdict.
void verdict(Ui& ui, const app::ConsoleAudit& au, std::int64_t version, float w) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::size_t total = au.rows.size();
    const bool running = au.status == app::ConsoleLoad::Loading;
    const double end = running ? platform::now_ms() : au.finished_ms;
    const double ms = au.started_ms > 0 ? end - au.started_ms : 0;
    const double rate = ms > 0 ? au.finished * 1000.0 / ms : 0;
    const std::size_t problems = au.summary.refused();
    std::string title, sub;
    ImU32 bg = ui.pal.surface, fg = ui.pal.text, edge = ui.pal.border;
    Icon icon = Icon::Shield;
    if (running) {
        title = total ? ui.tf("Checking {} shops…", grouped(total)) : ui.t("Loading the brand's shops…");
        sub = ui.tf("{} checked", grouped(au.finished) + " / " + grouped(total));
        if (rate > 0) sub += " · " + ui.tf("{} shops a second", rate_text(rate));
        if (problems) sub += " · " + ui.tf("{} need attention so far", grouped(problems));
    } else if (total == 0) {
        title = ui.t("No shop carries the brand yet");
        sub = ui.t("Shops appear here once distributors open them.");
    } else {
        if (problems == 0 && au.unchecked == 0) {
            title = total == 1 ? ui.t("The shop is exactly as signed") : ui.tf("All {} shops are exactly as signed", grouped(total));
            bg = ui.pal.success_soft, fg = ui.pal.success, edge = ui.pal.success;
        } else if (problems) {
            title = ui.tf("{} need attention", ui.count(static_cast<long>(problems), "shop", "shops")) + " · " +
                    ui.tf("{} checked", grouped(au.finished));
            bg = ui.pal.danger_soft, fg = ui.pal.danger, edge = ui.pal.danger, icon = Icon::Alert;
        } else {
            title = ui.tf("The store did not answer for {}", ui.count(static_cast<long>(au.unchecked), "shop", "shops"));
            bg = ui.pal.warning_soft, fg = kAmber, edge = kAmber, icon = Icon::Alert;
        }
        sub = ui.tf("Checked against catalog version {}", std::to_string(version)) + " · " +
              ui.tf("in {} s", seconds_text(ms)) + " · " + ui.tf("{} shops a second", rate_text(rate));
        if (au.unchecked && problems) sub += " · " + ui.tf("{} not checked: the store did not answer", grouped(au.unchecked));
    }
    const float ix = 52, iw = w - ix - 16;
    const ImVec2 ts = text_size(ui, Font::Strong, title, iw), ss = text_size(ui, Font::Small, sub, iw);
    const float bar = running ? 18.f : 0.f;
    const float h = std::max(64.f, 16 + ts.y + 4 + ss.y + bar + 14);
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), bg, 14);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), edge, 14);
    if (running) {
        const ImVec2 c(p.x + 26, p.y + 30);
        const float t = static_cast<float>(ImGui::GetTime());
        dl->PathArcTo(c, 11, t * 6.f, t * 6.f + 4.2f, 24);
        // Turns as answers land (each one draws a frame): no animation of its own, which would draw
        // frames nonstop and slow the very fetches it is waiting for.
        dl->PathStroke(ui.pal.primary, 0, 2.5f);
    } else {
        draw_icon(dl, icon, ImVec2(p.x + 26, p.y + 28), 22, fg);
    }
    draw_text(ui, Font::Strong, ImVec2(p.x + ix, p.y + 14), fg, title, iw);
    draw_text(ui, Font::Small, ImVec2(p.x + ix, p.y + 18 + ts.y), ui.pal.muted, sub, iw);
    if (running && total) {
        const float by = p.y + 18 + ts.y + ss.y + 10, bw = iw;
        dl->AddRectFilled(ImVec2(p.x + ix, by), ImVec2(p.x + ix + bw, by + 6), ui.pal.surface_alt, 3);
        const float done = bw * static_cast<float>(au.finished) / static_cast<float>(total);
        if (done > 0) dl->AddRectFilled(ImVec2(p.x + ix, by), ImVec2(p.x + ix + done, by + 6), ui.pal.primary, 3);
    }
    ui.canvas.expose(running ? "audit-progress" : "audit-verdict", title + " — " + sub, p, ImVec2(p.x + w, p.y + h));
    ImGui::Dummy(ImVec2(w, h));
}

// A filter chip: a dot in the status's colour, its words and its count.
bool count_chip(Ui& ui, const char* id, const char* english, std::size_t n, ImU32 dot, bool selected, ImVec2 p) {
    const std::string label = ui.t(english);
    const std::string num = grouped(n);
    const ImVec2 ls = text_size(ui, Font::Body, label), ns = text_size(ui, Font::Strong, num);
    const float h = ui.phone ? 38 : 34, w = (dot ? 18 : 0) + ls.x + 8 + ns.x + 28;
    ImGui::SetCursorScreenPos(p);
    ImGui::PushID(id);
    const bool clicked = ImGui::InvisibleButton("##chip", ImVec2(w, h));
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(p.x + w, p.y + h);
    if (selected) {
        dl->AddRectFilled(p, max, ui.pal.text, h * 0.5f);
    } else {
        dl->AddRectFilled(p, max, hovered ? ui.pal.surface_alt : ui.pal.surface, h * 0.5f);
        dl->AddRect(p, max, ui.pal.border, h * 0.5f);
    }
    float x = p.x + 14;
    if (dot) {
        dl->AddCircleFilled(ImVec2(x + 4, p.y + h * 0.5f), 4.5f, dot);
        x += 18;
    }
    const ImU32 fg = selected ? ui.pal.surface : ui.pal.text;
    draw_text(ui, Font::Body, ImVec2(x, p.y + (h - ls.y) * 0.5f), fg, label);
    draw_text(ui, Font::Strong, ImVec2(x + ls.x + 8, p.y + (h - ns.y) * 0.5f), selected ? ui.pal.surface : ui.pal.muted, num);
    ui.canvas.expose("audit-chip", label + " " + num, p, max, id);
    return clicked;
}

void chips(Ui& ui, const app::ConsoleAudit& au, float x, float w) {
    struct ChipData {
        const char* id;
        const char* word;
        std::size_t n;
        ImU32 dot;
        bool always;
    };
    const core::AuditSummary& s = au.summary;
    const ChipData all[] = {
        {"all", "All", au.rows.size(), 0, true},
        {"problems", "Need attention", s.refused() + au.unchecked, ui.pal.danger, true},
        {"ok", "Fine", s.ok(), ui.pal.success, true},
        {"stale", "Old catalog", s.count(core::AuditStatus::Stale), kAmber, false},
        {"missing_products", "Missing products", s.count(core::AuditStatus::MissingProducts), kAmber, false},
        {"forged", "Forged", s.count(core::AuditStatus::Forged), ui.pal.danger, false},
        {"wrong_shop", "Wrong shop", s.count(core::AuditStatus::WrongShop), ui.pal.danger, false},
        {"unreadable", "Damaged", s.count(core::AuditStatus::Unreadable), ui.pal.danger, false},
        {"unchecked", "Not checked", au.unchecked, ui.pal.muted, false},
    };
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float h = ui.phone ? 38 : 34, gap = 8;
    float cx = start.x, cy = start.y;
    for (const ChipData& c : all) {
        if (!c.always && c.n == 0 && au.filter != c.id) continue;
        const std::string label = ui.t(c.word), num = grouped(c.n);
        const float cw = (c.dot ? 18 : 0) + text_size(ui, Font::Body, label).x + 8 + text_size(ui, Font::Strong, num).x + 28;
        if (cx > start.x && cx + cw > x + w) {
            cx = start.x;
            cy += h + gap;
        }
        if (count_chip(ui, c.id, c.word, c.n, c.dot && c.n == 0 ? ui.pal.faint : c.dot, au.filter == c.id, ImVec2(cx, cy)))
            emit_console(ui, app::SetAuditFilter{au.filter == c.id && au.filter != "all" ? "all" : c.id});
        cx += cw + gap;
    }
    ImGui::SetCursorScreenPos(ImVec2(start.x, cy + h + (ui.phone ? 10 : 12)));
    ImGui::Dummy(ImVec2(w, 0));
}

// [SECTION] Page ---------------------------------------------------------------------------------

void audit_list(Ui& ui, const app::ConsoleState& c, float x, float w) {
    const app::ConsoleAudit& au = c.audit;
    if (au.shown.empty()) {
        if (!au.rows.empty())
            hint(ui, ui.t(au.query.empty() ? "No shop has this status." : "No shop matches. Try fewer or other words."), w);
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float row_h = ui.phone ? 104 : 74, gap = 8;
    // Desktop: the status column as wide as the widest status word in the brand's language.
    float pill_col = 0;
    for (const char* word : {"Fine", "Old catalog", "Missing products", "Forged", "Wrong shop", "Damaged", "Not checked", "Checking…"})
        pill_col = std::max(pill_col, text_size(ui, Font::Small, ui.t(word)).x + 30);
    pill_col += 24;
    const float name_w = ui.phone ? w - 28 : std::floor(w * 0.26f);
    const std::string open_label = ui.t("Preview");
    const float open_w = text_size(ui, Font::Strong, open_label).x + 28;
    // Only the rows on screen are drawn: 20,000 shops scroll as smoothly as twenty.
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const int count = static_cast<int>(au.shown.size());
    ClippedRows shown(count);
    ImGuiListClipper clip;
    clip.Begin(count, row_h + gap);
    ui.canvas.begin_list("##audit-rows", ui.t("Shops"), count);
    while (clip.Step()) {
        shown.note(clip);
        for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
            ui.canvas.list_entry(k);
            const app::AuditRow& r = au.rows[au.shown[static_cast<std::size_t>(k)]];
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::PushID(r.slug.c_str());
            const bool clicked = ImGui::InvisibleButton("##row", ImVec2(w, row_h));
            const bool hovered = ImGui::IsItemHovered();
            ImGui::PopID();
            if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            if (clicked) ui.emit(app::Navigate{app::console_preview_path(c.brand, "", r.slug, false)});
            const Look lk = look_of(ui, r);
            const bool bad = r.state == app::AuditRowState::Done && !r.result.ok();
            dl->AddRectFilled(p, ImVec2(p.x + w, p.y + row_h), hovered ? ui.pal.surface_alt : ui.pal.surface, 12);
            dl->AddRect(p, ImVec2(p.x + w, p.y + row_h), bad ? with_alpha(lk.fg, 0.45f) : ui.pal.border, 12);
            if (bad) dl->AddRectFilled(ImVec2(p.x, p.y + 10), ImVec2(p.x + 4, p.y + row_h - 10), lk.fg, 2);
            const std::string reason = reason_words(ui, r);
            const ImU32 reason_col = bad ? ui.pal.text : ui.pal.muted;
            if (ui.phone) {
                const float pw = text_size(ui, Font::Small, ui.t(lk.word)).x + 30;
                draw_text_clamped(ui, Font::Strong, ImVec2(p.x + 16, p.y + 12), w - 32 - pw - 8, 1, ui.pal.text, r.name);
                status_pill(ui, ImVec2(p.x + w - 14 - pw, p.y + 11), r);
                draw_text_clamped(ui, Font::Small, ImVec2(p.x + 16, p.y + 38), w - 32, 1, ui.pal.muted, "/s/" + r.slug);
                draw_text_clamped(ui, Font::Small, ImVec2(p.x + 16, p.y + 60), w - 32, 2, reason_col, reason);
            } else {
                status_pill(ui, ImVec2(p.x + 18, p.y + (row_h - ui.size(Font::Small) - 8) * 0.5f), r);
                const float nx = p.x + 18 + pill_col;
                draw_text_clamped(ui, Font::Strong, ImVec2(nx, p.y + 14), name_w, 1, ui.pal.text, r.name);
                draw_text_clamped(ui, Font::Small, ImVec2(nx, p.y + 40), name_w, 1, ui.pal.muted, "/s/" + r.slug);
                const float rx = nx + name_w + 20, rw = p.x + w - 16 - open_w - 16 - rx;
                draw_text_clamped(ui, Font::Small, ImVec2(rx, p.y + 14), rw, 3, reason_col, reason);
                // The row opens the preview; the button says so.
                const ImVec2 bp(p.x + w - 16 - open_w, p.y + (row_h - 36) * 0.5f);
                dl->AddRectFilled(bp, ImVec2(bp.x + open_w, bp.y + 36), hovered ? ui.pal.primary_soft : ui.pal.surface, 18);
                dl->AddRect(bp, ImVec2(bp.x + open_w, bp.y + 36), ui.pal.border, 18);
                const ImVec2 os = text_size(ui, Font::Strong, open_label);
                draw_text(ui, Font::Strong, ImVec2(bp.x + (open_w - os.x) * 0.5f, bp.y + (36 - os.y) * 0.5f), ui.pal.primary, open_label);
            }
            ui.canvas.expose("audit-row", r.name + " · " + ui.t(lk.word), p, ImVec2(p.x + w, p.y + row_h), r.slug);
            if (!reason.empty()) ui.canvas.expose("audit-reason", reason, p, ImVec2(p.x + w, p.y + row_h), r.slug);
            ImGui::SetCursorScreenPos(p);
            ImGui::Dummy(ImVec2(w, row_h + gap));
        }
    }
    clip.End();
    // The rows just above and below the screen are in the mirror, undrawn: Tab goes on past the edge.
    shown.each_beyond([&](int k) {
        const app::AuditRow& r = au.rows[au.shown[static_cast<std::size_t>(k)]];
        const ImVec2 at(top.x, top.y + k * (row_h + gap));
        ui.canvas.list_entry(k);
        ui.canvas.expose_beyond("audit-row", r.name + " · " + ui.t(look_of(ui, r).word), at, ImVec2(at.x + w, at.y + row_h), r.slug);
    });
    ui.canvas.end_list();
}

}  // namespace

void show_console_audit(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    const app::ConsoleAudit& au = c.audit;
    const ConsoleFrame f = console_frame(ui);
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild("##audit-page", ImVec2(ui.width, ui.height - f.top - f.bottom), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + (ui.phone ? 14 : 24)));
    ImGui::BeginGroup();
    const float w = f.w;
    const bool running = au.status == app::ConsoleLoad::Loading;
    // Heading and "check again".
    const ImVec2 hp = ImGui::GetCursorScreenPos();
    const std::string title = ui.t("Integrity audit");
    draw_text(ui, Font::Title, hp, ui.pal.text, title);
    ui.canvas.expose("page-title", title, hp, ImVec2(hp.x + text_size(ui, Font::Title, title).x, hp.y + 30), "Integrity audit");
    const char* again = running ? "Checking…" : "Check again";
    const float rw = text_size(ui, Font::Strong, ui.t(again)).x + 28, rh = ui.phone ? 44 : 40;
    ImGui::SetCursorScreenPos(ImVec2(hp.x + w - rw, hp.y + (ui.size(Font::Title) - rh) * 0.5f));
    if (button(ui, "audit-again", again, ButtonKind::Secondary, ImVec2(rw, rh), !running && au.status != app::ConsoleLoad::Idle))
        emit_console(ui, app::RunAudit{});
    ui.canvas.expose("button", ui.t(again), ImVec2(hp.x + w - rw, hp.y), ImVec2(hp.x + w, hp.y + rh), "Check again");
    ImGui::SetCursorScreenPos(ImVec2(hp.x, hp.y + std::max(ui.size(Font::Title), rh) + 8));
    const std::string brand = c.cert ? c.cert->name : c.brand;
    hint(ui, ui.tf("Every shop that carries {}, checked in this browser the way a customer's browser checks it: each signature up to "
                   "the platform's key, the recruiting chain, and the catalog the shop shows.", brand),
         w);
    ImGui::Dummy(ImVec2(0, ui.phone ? 8 : 12));
    if (au.status == app::ConsoleLoad::Failed) {
        message_box(ui, "audit-error", ui.t(au.error.c_str()), w, true);
        ImGui::Dummy(ImVec2(0, 8));
        if (button(ui, "audit-retry", "Try again", ButtonKind::Primary, ImVec2(160, 44))) emit_console(ui, app::RunAudit{});
    } else if (au.status == app::ConsoleLoad::Idle) {
        console_spinner(ui, ImVec2(ui.width * 0.5f, ImGui::GetCursorScreenPos().y + 80), "Loading the brand's shops…");
    } else {
        verdict(ui, au, c.published ? c.published->version : 0, w);
        ImGui::Dummy(ImVec2(0, ui.phone ? 10 : 14));
        if (!au.rows.empty()) {
            chips(ui, au, f.x, w);
            if (picker_search(ui, "find-audit-shop", console_buffers(ui).audit.query, "Find a shop: name or address", ui.phone ? w : 360))
                emit_console(ui, app::SearchAudit{});
            ImGui::Dummy(ImVec2(0, ui.phone ? 8 : 10));
            audit_list(ui, c, f.x, w);
        }
    }
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::EndGroup();
    ImGui::EndChild();
}

}  // namespace ui
