// Recruiting: an invite link for sub-distributors (as deep as the brand allows), and the team as a
// tree with each member's sales; the team's QR scans (per day, per member with the campaigns scanned
// and the last scan) and who has had no scan for N days, as EditorController worked them out.
#include <algorithm>
#include <functional>
#include <set>

#include "core/money.h"
#include "core/time.h"
#include "ui/chart.h"
#include "ui/editor_ui.h"

namespace ui {

namespace {

void invite_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const core::ShopView& v = *e.view;
    card_begin(ui, "Invite someone to open a shop", x, w);
    const float iw = w - 32;
    hint(ui, ui.t("The person you invite opens a shop of their own under you. What they sell earns you the recruiter's share "
                  "the brand's plan sets. An invite works for 14 days and up to 50 people."),
         iw);
    ImGui::Dummy(ImVec2(0, 8));
    for (const auto& b : v.brands) {
        auto chain = v.shop.chains.find(b.cert.brand);
        const int level = chain != v.shop.chains.end() && !chain->second.empty() ? chain->second.front().level : 1;
        const int max_levels = b.policy ? b.policy->max_levels : 3;
        const bool can = core::may_recruit(level, max_levels);
        const std::string line = b.cert.name + " · " + ui.tf("you are at level {}", std::to_string(level)) + " " +
                                 ui.tf("of {}", std::to_string(max_levels));
        hint(ui, line, iw, ui.pal.text);
        ImGui::PushID(b.cert.brand.c_str());
        if (can) {
            if (button(ui, "invite", ui.tf("Make an invite link for {}", b.cert.name), ButtonKind::Primary, ImVec2(iw, 46)))
                emit_editor(ui, app::CreateInvite{b.cert.brand});
        } else {
            hint(ui, ui.tf("{} allows this many levels, so people you invite could not open a shop under you.", b.cert.name), iw,
                 ui.pal.muted);
        }
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 8));
    }
    if (!e.team.invite_error.empty()) message_box(ui, "invite-error", e.team.invite_error, iw, true);
    if (!e.team.invite_link.empty()) {
        const ImVec2 lp = ImGui::GetCursorScreenPos();
        const ImVec2 ls = text_size(ui, Font::Small, e.team.invite_link, iw - 24);
        const float shown_h = std::min(ls.y, ui.size(Font::Small) * 3.2f);
        ImGui::GetWindowDrawList()->AddRectFilled(lp, ImVec2(lp.x + iw, lp.y + shown_h + 20), ui.pal.surface_alt, 10);
        draw_text_clamped(ui, Font::Small, ImVec2(lp.x + 12, lp.y + 10), iw - 24, 3, ui.pal.text, e.team.invite_link);
        ui.canvas.expose("invite-link", e.team.invite_link, lp, ImVec2(lp.x + iw, lp.y + shown_h + 20));
        ImGui::Dummy(ImVec2(iw, shown_h + 28));
        const float bw = ui.phone ? (iw - 8) * 0.5f : 180;
        if (button(ui, "copy-invite", "Copy invite link", ButtonKind::Primary, ImVec2(bw, 46)))
            ui.emit(app::CopyText{e.team.invite_link, "Invite link copied"});
        ImGui::SameLine(0, 8);
        if (button(ui, "share-invite", "Share…", ButtonKind::Secondary, ImVec2(bw, 46)))
            ui.emit(app::ShareLink{ui.t("Open your own shop"), e.team.invite_link});
    }
    card_end(ui);
}

void tree_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const app::Team& t = e.team;
    // The count is of people under this distributor, each once (a member of two brands' teams too).
    std::set<std::string> people;
    for (const auto& m : t.members)
        if (m.distributor != e.distributor) people.insert(m.distributor);
    card_begin(ui, "Your team", x, w, t.status == app::EditorLoad::Ready ? ui.count(static_cast<long>(people.size()), "member", "members") : "");
    auto brand_section = [&](const std::string& brand) -> const core::BrandSection* {
        for (const auto& b : e.view->brands)
            if (b.cert.brand == brand) return &b;
        return nullptr;
    };
    auto currency_of = [&](const std::string& brand) {
        const core::BrandSection* b = brand_section(brand);
        return !b ? std::string() : b->release ? b->release->currency : b->cert.currency;
    };
    auto brand_name = [&](const std::string& brand) {
        const core::BrandSection* b = brand_section(brand);
        return b ? b->cert.name : brand;
    };
    const float iw = w - 32;
    if (t.status == app::EditorLoad::Loading || t.status == app::EditorLoad::Idle) {
        hint(ui, ui.t("Loading your team…"), iw);
        ui.canvas.animate();
    } else if (t.status == app::EditorLoad::Failed) {
        message_box(ui, "team-error", t.error, iw, true);
        if (button(ui, "retry", "Try again", ButtonKind::Secondary, ImVec2(160, 44))) emit_editor(ui, app::ReloadTeam{});
    } else {
        // Children by parent within each brand, drawn depth-first with guide lines.
        std::map<std::pair<std::string, std::string>, std::vector<const app::TeamMember*>> kids;
        for (const auto& m : t.members) kids[{m.brand, m.parent}].push_back(&m);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        std::function<void(const app::TeamMember&, int)> row = [&](const app::TeamMember& m, int depth) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float indent = depth * (ui.phone ? 18.f : 28.f);
            const float h = 56;
            if (depth > 0) {
                dl->AddLine(ImVec2(p.x + indent - 12, p.y - 6), ImVec2(p.x + indent - 12, p.y + h * 0.5f), ui.pal.border, 1.5f);
                dl->AddLine(ImVec2(p.x + indent - 12, p.y + h * 0.5f), ImVec2(p.x + indent - 2, p.y + h * 0.5f), ui.pal.border, 1.5f);
            }
            const bool self = m.distributor == e.distributor;
            dl->AddRectFilled(ImVec2(p.x + indent, p.y), ImVec2(p.x + iw, p.y + h), self ? ui.pal.primary_soft : ui.pal.surface_alt, 10);
            core::ImageRef none;
            avatar(ui, none, m.name, ImVec2(p.x + indent + 24, p.y + h * 0.5f), 16, 0);
            const float tx = p.x + indent + 48;
            std::string sales;
            for (const auto& [cur, amount] : m.sales) sales += (sales.empty() ? "" : " + ") + core::format_money(amount, cur);
            if (sales.empty()) sales = core::format_money(0, currency_of(m.brand));
            const std::string right = sales;
            const float rw = text_size(ui, Font::Strong, right).x;
            draw_text_clamped(ui, Font::Strong, ImVec2(tx, p.y + 8), iw - (tx - p.x) - rw - 16, 1, ui.pal.text, m.name);
            const std::string sub = "/s/" + m.slug + " · " + ui.tf("level {}", std::to_string(m.level)) + " · " +
                                    ui.count(m.orders, "order", "orders") + (m.active ? "" : std::string(" · ") + ui.t("inactive"));
            draw_text_clamped(ui, Font::Small, ImVec2(tx, p.y + 30), iw - (tx - p.x) - 8, 1, ui.pal.muted, sub);
            draw_text(ui, Font::Strong, ImVec2(p.x + iw - rw - 12, p.y + 8), ui.pal.text, right);
            ui.canvas.expose("team-member", m.name + " " + right, ImVec2(p.x + indent, p.y), ImVec2(p.x + iw, p.y + h), m.slug);
            ImGui::Dummy(ImVec2(iw, h));
            auto it = kids.find({m.brand, m.distributor});
            if (it != kids.end())
                for (const auto* k : it->second) row(*k, depth + 1);
        };
        // One tree per brand this distributor sells for; with several, each is titled by its brand.
        int roots = 0;
        for (const auto& m : t.members) roots += m.distributor == e.distributor;
        bool any = false;
        for (const auto& m : t.members)
            if (m.distributor == e.distributor) {
                if (roots > 1) {
                    if (any) ImGui::Dummy(ImVec2(0, 8));
                    const ImVec2 bp = ImGui::GetCursorScreenPos();
                    const std::string brand = brand_name(m.brand);
                    draw_text(ui, Font::Strong, bp, ui.pal.muted, brand);
                    ui.canvas.expose("team-brand", brand, bp, ImVec2(bp.x + iw, bp.y + 22), m.brand);
                    ImGui::Dummy(ImVec2(iw, 28));
                }
                row(m, 0);
                any = true;
            }
        if (t.members.size() <= static_cast<std::size_t>(std::max(1, roots)))
            hint(ui, ui.t("Nobody has joined under you yet. Send an invite link to someone who would like a shop of their own."), iw);
        if (!any) hint(ui, ui.t("Your team could not be put together."), iw);
    }
    card_end(ui);
}

std::string member_name(const Ui& ui, const app::EditorState& e, std::uint32_t i) {
    const auto& ds = e.insight.activity.distributors;
    if (i >= ds.size()) return "";
    if (ds[i].id == e.distributor) return ui.t("You");
    return ds[i].name.empty() ? ds[i].slug.empty() ? ds[i].id : ds[i].slug : ds[i].name;
}

std::string last_scan_words(const Ui& ui, core::UtcMs last) {
    return last ? ui.tf("last scan {}", core::format_date(last)) : std::string(ui.t("no scan yet"));
}

// Chips in a row that scrolls sideways when the phone is narrow.
void day_chips(Ui& ui, const char* id, const char* kind, std::initializer_list<int> days, int current, float w,
               const std::function<void(int)>& pick) {
    ImGui::BeginChild(id, ImVec2(w, ui.phone ? 42 : 38), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    bool first = true;
    for (int d : days) {
        if (!first) ImGui::SameLine(0, 6);
        first = false;
        const std::string label = ui.tf("{} days", std::to_string(d));
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        ImGui::PushID(d);
        if (chip(ui, "days", label, current == d) && current != d) pick(d);
        ImGui::PopID();
        ui.canvas.expose(kind, label, cp, ImVec2(cp.x + 10, cp.y + 30), std::to_string(d));
    }
    ImGui::EndChild();
}

// The team's QR scans: per day (the whole team, or the member tapped), then each member with their
// scans in the range, the campaigns scanned and their last scan.
void scans_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const app::TeamInsight& in = e.insight;
    card_begin(ui, "QR scans in your team", x, w, in.ready ? ui.tf("{} days", std::to_string(in.range_days)) : "");
    const float iw = w - 32;
    if (!in.ready) {
        if (e.dash.status == app::EditorLoad::Failed) message_box(ui, "scans-error", e.dash.error, iw, true);
        else hint(ui, ui.t("Loading your team's scans…"), iw);
        if (e.dash.status != app::EditorLoad::Failed) ui.canvas.animate();
        card_end(ui);
        return;
    }
    hint(ui, ui.t("Each scan is someone opening a shop from a printed QR code: your posters and your team's."), iw);
    ImGui::Dummy(ImVec2(0, 4));
    day_chips(ui, "##scan-range", "scan-range", {7, 30, 90}, in.range_days, iw, [&](int d) { emit_editor(ui, app::SetScanRange{d}); });
    const bool member = in.picked < in.activity.distributors.size();
    const ImVec2 hp = ImGui::GetCursorScreenPos();
    const std::string head = member ? ui.tf("QR scans of {}", member_name(ui, e, in.picked)) : ui.t("The whole team");
    draw_text_clamped(ui, Font::Strong, hp, iw - (member ? 150 : 0), 1, ui.pal.text, head);
    if (member) {
        ImGui::SetCursorScreenPos(ImVec2(hp.x + iw - 140, hp.y - 8));
        if (button(ui, "whole-team", "Whole team", ButtonKind::Secondary, ImVec2(140, 40))) emit_editor(ui, app::PickScanMember{});
        ImGui::SetCursorScreenPos(hp);
    }
    ImGui::Dummy(ImVec2(iw, 30));
    // The chart when there is something to draw; otherwise what to do about it.
    long shown = in.team_scans;
    if (member)
        for (const app::MemberScans& m : in.members)
            if (m.index == in.picked) shown = m.scans;
    if (shown > 0) {
        ChartSpec spec;
        spec.id = "team-scans";
        spec.bars_label = ui.t("QR scans");
        spec.bars = [](const core::DayPoint& d) { return static_cast<double>(d.qr_scans); };
        daily_chart(ui, in.days, spec, iw, ui.phone ? 150 : 170);
    } else if (member) {
        hint(ui, ui.tf("No code of theirs was scanned in these {} days.", std::to_string(in.range_days)), iw);
    } else {
        hint(ui, ui.tf("No QR code in your team was scanned in these {} days. Print your poster from the Share tab, and ask your team to put theirs up.",
                       std::to_string(in.range_days)),
             iw);
    }
    ImGui::Dummy(ImVec2(0, 6));
    // Members: tap one to see their days.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const app::MemberScans& m : in.members) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = 58;
        const std::string& id = in.activity.distributors[m.index].id;
        ImGui::PushID(id.c_str());
        if (ImGui::InvisibleButton("##member", ImVec2(iw, h))) emit_editor(ui, app::PickScanMember{m.index == in.picked ? std::string() : id});
        ImGui::PopID();
        dl->AddRectFilled(p, ImVec2(p.x + iw, p.y + h), m.index == in.picked ? ui.pal.primary_soft : ui.pal.surface_alt, 10);
        const std::string right = ui.tf("{} scans", grouped(m.scans));
        const float rw = text_size(ui, Font::Strong, right).x;
        const std::string name = member_name(ui, e, m.index);
        draw_text_clamped(ui, Font::Strong, ImVec2(p.x + 12, p.y + 8), iw - rw - 36, 1, ui.pal.text, name);
        draw_text(ui, Font::Strong, ImVec2(p.x + iw - rw - 12, p.y + 8), m.scans ? ui.pal.text : ui.pal.muted, right);
        std::string camps;
        for (std::size_t k = 0; k < m.campaigns.size() && k < 3; ++k) {
            const std::string c = m.campaigns[k].first ? in.campaign(m.campaigns[k].first) : std::string(ui.t("shop code"));
            camps += (k ? ", " : "") + c + " " + grouped(m.campaigns[k].second);
        }
        if (m.campaigns.size() > 3) camps += " …";
        const std::string sub = last_scan_words(ui, m.last_scan) + (camps.empty() ? "" : " · " + camps);
        draw_text_clamped(ui, Font::Small, ImVec2(p.x + 12, p.y + 32), iw - 24, 1, ui.pal.muted, sub);
        ui.canvas.expose("scan-member", name + " " + right + " · " + sub, p, ImVec2(p.x + iw, p.y + h), id);
        ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + 6));
        ImGui::Dummy(ImVec2(iw, 0));
    }
    if (in.downline.empty())
        hint(ui, ui.t("When people below you put up their QR codes, their scans show here day by day."), iw);
    card_end(ui);
}

// Who in the downline has had no scan for N days: those who never had one first (they have not
// started), then the longest quiet.
void quiet_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const app::TeamInsight& in = e.insight;
    if (!in.ready) return;
    card_begin(ui, ui.tf("No scan in {} days", std::to_string(in.quiet_days)), x, w,
               in.downline.empty() ? "" : ui.count(static_cast<long>(in.quiet.size()), "member", "members"));
    const float iw = w - 32;
    if (in.downline.empty()) {
        hint(ui, ui.t("Nobody below you yet. Once someone joins under you, this shows who in your team has not had a QR scan for a while."), iw);
        card_end(ui);
        return;
    }
    day_chips(ui, "##scan-quiet", "scan-quiet-days", {3, 7, 14, 30}, in.quiet_days, iw,
              [&](int d) { emit_editor(ui, app::SetScanQuietDays{d}); });
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::uint32_t i : in.quiet) {
        const core::UtcMs last = i < in.cube.last_scan.size() ? in.cube.last_scan[i] : 0;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const std::string name = member_name(ui, e, i), sub = last_scan_words(ui, last);
        dl->AddCircleFilled(ImVec2(p.x + 6, p.y + 11), 4, last ? ui.pal.accent : ui.pal.danger);
        draw_text_clamped(ui, Font::Body, ImVec2(p.x + 18, p.y), iw * 0.55f - 18, 1, ui.pal.text, name);
        const float sw = text_size(ui, Font::Small, sub).x;
        draw_text(ui, Font::Small, ImVec2(p.x + iw - sw, p.y + 2), ui.pal.muted, sub);
        ui.canvas.expose("scan-quiet", name + " · " + sub, p, ImVec2(p.x + iw, p.y + 24), in.activity.distributors[i].id);
        ImGui::Dummy(ImVec2(iw, 30));
    }
    if (in.quiet.empty())
        hint(ui, ui.tf("Everyone in your team had a scan in the last {} days.", std::to_string(in.quiet_days)), iw, ui.pal.success);
    else
        hint(ui, ui.t("A friendly message or a fresh poster from the Share tab often gets them going again."), iw);
    card_end(ui);
}

}  // namespace

void show_editor_team(Ui& ui) {
    const app::EditorState& e = ui.state.editor;
    if (!e.view) return;
    const EditorFrame f = editor_frame(ui);
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild("##team", ImVec2(ui.width, ui.height - f.top - f.bottom), false, ImGuiWindowFlags_NoBackground);
    const float top = ImGui::GetCursorScreenPos().y + (ui.phone ? 16 : 24);
    if (ui.phone) {
        ImGui::SetCursorScreenPos(ImVec2(f.x, top));
        ImGui::BeginGroup();
        invite_card(ui, f.x, f.w);
        tree_card(ui, f.x, f.w);
        scans_card(ui, f.x, f.w);
        quiet_card(ui, f.x, f.w);
        ImGui::EndGroup();
    } else {
        const float lw = 440;
        ImGui::SetCursorScreenPos(ImVec2(f.x, top));
        ImGui::BeginGroup();
        invite_card(ui, f.x, lw);
        quiet_card(ui, f.x, lw);
        ImGui::EndGroup();
        const float left_bottom = ImGui::GetItemRectMax().y;
        ImGui::SetCursorScreenPos(ImVec2(f.x + lw + 24, top));
        ImGui::BeginGroup();
        tree_card(ui, f.x + lw + 24, f.w - lw - 24);
        scans_card(ui, f.x + lw + 24, f.w - lw - 24);
        ImGui::EndGroup();
        ImGui::SetCursorScreenPos(ImVec2(f.x, std::max(left_bottom, ImGui::GetItemRectMax().y)));
    }
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::EndChild();
    editor_top_bar(ui, f);
    editor_tab_bar(ui, f);
}

}  // namespace ui
