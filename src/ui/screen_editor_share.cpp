// Share kit: a link per channel (QR poster, chat share, copied link) and per campaign or product,
// the QR code drawn in the app, a poster to download as PNG, and copy to clipboard.
#include <algorithm>
#include <cmath>

#include "core/share/kit.h"
#include "core/text.h"
#include "ui/editor_ui.h"

namespace ui {

namespace {

core::Channel channel_of(const std::string& name) { return core::parse_channel(name).value_or(core::Channel::Qr); }

void link_card(Ui& ui, float x, float w) {
    app::EditorState& e = editor_buffers(ui);
    const core::ShopView& v = *e.view;
    card_begin(ui, "Your links", x, w);
    const float iw = w - 32;
    hint(ui, ui.t("Every link opens your shop and counts the visit for you. The channel and campaign show up in your dashboard."), iw);
    ImGui::Dummy(ImVec2(0, 6));
    const char* channels[][2] = {{"qr", "QR poster"}, {"share", "Chat share"}, {"link", "Copied link"}};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine(0, 8);
        if (chip(ui, channels[i][0], channels[i][1], e.share.channel == channels[i][0]))
            emit_editor(ui, app::SetShareChannel{channels[i][0]});
    }
    ImGui::Dummy(ImVec2(0, 6));
    text_field(ui, "campaign", "Campaign (optional)", e.share.campaign, "e.g. spring-tea", platform::InputMode::Text, iw, false,
               ui.t(e.share.campaign_error.c_str()));
    auto ok = core::check_campaign(e.share.campaign);
    if (!ok) message_box(ui, "campaign-error", ui.t(ok.error().message.c_str()), iw, true);
    ImGui::Dummy(ImVec2(0, 6));
    hint(ui, ui.t("Link to"), iw, ui.pal.text);
    ImGui::Dummy(ImVec2(0, 2));
    // The front page, or one of the featured products.
    float cx = ImGui::GetCursorScreenPos().x, cy = ImGui::GetCursorScreenPos().y;
    const float x0 = cx, row = ui.phone ? 46 : 42;
    auto place = [&](const std::string& label) {
        const float cw = text_size(ui, Font::Body, label).x + 28;
        if (cx + cw > x0 + iw && cx > x0) {
            cx = x0;
            cy += row;
        }
        ImGui::SetCursorScreenPos(ImVec2(cx, cy));
        cx += cw + 8;
    };
    place(ui.t("Shop front page"));
    if (chip(ui, "front", "Shop front page", e.share.product.empty())) emit_editor(ui, app::SetShareProduct{""});
    for (std::size_t idx : v.featured) {
        const core::Product& p = *v.items[idx].product;
        std::string label = core::truncate_utf8(p.title, 36);
        if (label.size() < p.title.size()) label += "…";
        place(label);
        if (chip(ui, p.id.c_str(), label, e.share.product == p.id)) emit_editor(ui, app::SetShareProduct{p.id});
    }
    ImGui::SetCursorScreenPos(ImVec2(x0, cy + row));
    const bool valid = ok.ok();
    const std::string url = platform::origin() + core::share_path({e.slug, e.share.product, channel_of(e.share.channel),
                                                                   valid ? e.share.campaign : ""});
    const ImVec2 lp = ImGui::GetCursorScreenPos();
    const ImVec2 ls = text_size(ui, Font::Body, url, iw - 24);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(lp, ImVec2(lp.x + iw, lp.y + ls.y + 20), ui.pal.surface_alt, 10);
    draw_text(ui, Font::Body, ImVec2(lp.x + 12, lp.y + 10), ui.pal.text, url, iw - 24);
    ui.canvas.expose("share-link", url, lp, ImVec2(lp.x + iw, lp.y + ls.y + 20));
    ImGui::Dummy(ImVec2(iw, ls.y + 28));
    const float bw = ui.phone ? (iw - 8) * 0.5f : 180;
    if (button(ui, "copy", "Copy link", ButtonKind::Primary, ImVec2(bw, 46), valid)) ui.emit(app::CopyText{url, "Link copied"});
    ImGui::SameLine(0, 8);
    if (button(ui, "share", "Share…", ButtonKind::Secondary, ImVec2(bw, 46), valid))
        ui.emit(app::ShareLink{e.history.current().identity.name, url});
    card_end(ui);
}

void qr_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    card_begin(ui, "QR code and poster", x, w);
    const float iw = w - 32;
    const bool valid = core::check_campaign(e.share.campaign).ok();
    const std::string url =
        platform::origin() + core::share_path({e.slug, e.share.product, core::Channel::Qr, valid ? e.share.campaign : ""});
    hint(ui, ui.t("For print and for people standing next to you: any phone camera opens your shop from it."), iw);
    ImGui::Dummy(ImVec2(0, 8));
    const float side = std::min(iw, ui.phone ? 260.f : 300.f);
    const ImVec2 p(ImGui::GetCursorScreenPos().x + (iw - side) * 0.5f, ImGui::GetCursorScreenPos().y);
    if (!draw_qr_code(ui, url, p, side, "qr")) hint(ui, ui.t("This link is too long for a QR code."), iw, ui.pal.danger);
    ImGui::Dummy(ImVec2(iw, side + 8));
    const std::string caption = url;
    const ImVec2 cs = text_size(ui, Font::Small, caption, iw);
    draw_text(ui, Font::Small, ImVec2(p.x + (side - std::min(cs.x, side)) * 0.5f, ImGui::GetCursorScreenPos().y), ui.pal.muted, caption, side);
    ImGui::Dummy(ImVec2(iw, text_size(ui, Font::Small, caption, side).y + 12));
    const bool busy = e.share.poster_busy;
    if (button(ui, "poster", busy ? "Making your poster…" : "Download poster (PNG)", ButtonKind::Primary, ImVec2(iw, 48), !busy && valid))
        emit_editor(ui, app::DownloadPoster{});
    if (busy) ui.canvas.animate();
    ImGui::Dummy(ImVec2(0, 2));
    hint(ui, ui.t("A 1080x1920 poster: your banner, picture and name, a featured product with its price, and this QR code."), iw);
    card_end(ui);
}

}  // namespace

void show_editor_share(Ui& ui) {
    const app::EditorState& e = ui.state.editor;
    if (!e.view) return;
    const EditorFrame f = editor_frame(ui);
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild("##share", ImVec2(ui.width, ui.height - f.top - f.bottom), false, ImGuiWindowFlags_NoBackground);
    if (ui.phone) {
        ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + 16));
        ImGui::BeginGroup();
        link_card(ui, f.x, f.w);
        qr_card(ui, f.x, f.w);
        ImGui::EndGroup();
    } else {
        const float top = ImGui::GetCursorScreenPos().y + 24;
        const float lw = std::min(620.f, f.w - 420 - 24);
        ImGui::SetCursorScreenPos(ImVec2(f.x, top));
        ImGui::BeginGroup();
        link_card(ui, f.x, lw);
        ImGui::EndGroup();
        ImGui::SetCursorScreenPos(ImVec2(f.x + lw + 24, top));
        ImGui::BeginGroup();
        qr_card(ui, f.x + lw + 24, std::min(420.f, f.w - lw - 24));
        ImGui::EndGroup();
    }
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::EndChild();
    editor_top_bar(ui, f);
    editor_tab_bar(ui, f);
}

}  // namespace ui
