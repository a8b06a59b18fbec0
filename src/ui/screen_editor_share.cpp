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
    if (chip(ui, "front", "Shop front page", e.share.product.empty() && e.share.article.empty())) emit_editor(ui, app::SetShareProduct{""});
    for (std::size_t idx : v.featured) {
        const core::Product& p = *v.items[idx].product;
        std::string label = core::truncate_utf8(p.title, 36);
        if (label.size() < p.title.size()) label += "…";
        place(label);
        if (chip(ui, p.id.c_str(), label, e.share.product == p.id)) emit_editor(ui, app::SetShareProduct{p.id});
    }
    // A brand article chosen below ("QR code for it"): the link opens it in this shop, the article
    // its campaign. (Every article is listed in its own card, so the QR code stays on the first screen.)
    if (!e.share.article.empty())
        for (const auto& [brand, loaded] : ui.state.articles)
            if (const core::Article* a = v.brand(brand) ? loaded.set.find(e.share.article) : nullptr) {
                std::string label = core::truncate_utf8(a->title, 36);
                if (label.size() < a->title.size()) label += "…";
                label = ui.tf("Article: {}", label);
                place(label);
                chip(ui, ("article:" + a->id).c_str(), label, true);
            }
    ImGui::SetCursorScreenPos(ImVec2(x0, cy + row));
    const bool valid = ok.ok() || !e.share.article.empty();
    core::ShareTarget target = e.share.target(e.slug, channel_of(e.share.channel));
    if (!valid && target.article.empty()) target.campaign.clear();
    const std::string url = platform::origin() + core::share_path(target);
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
    core::ShareTarget target = e.share.target(e.slug, core::Channel::Qr);
    if (!valid && target.article.empty()) target.campaign.clear();
    const std::string url = platform::origin() + core::share_path(target);
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
    hint(ui, e.share.article.empty() ? ui.t("A 1080x1920 poster: your banner, picture and name, a featured product with its price, and this QR code.")
                                     : ui.t("A 1080x1920 poster: your banner, picture and name, the article's cover and title, and this QR code."),
         iw);
    card_end(ui);
}

// The brand's articles and share materials: each article's suggested text with this shop's link,
// copied in one tap; each material's text copied and its picture saved in one tap.
void articles_card(Ui& ui, float x, float w) {
    const app::EditorState& e = ui.state.editor;
    const core::ShopView& v = *e.view;
    std::vector<std::pair<const core::Article*, const core::BrandSection*>> list;
    bool loading = false;
    std::string failed;
    for (const auto& b : v.brands) {
        auto it = ui.state.articles.find(b.cert.brand);
        if (it == ui.state.articles.end() || it->second.status == app::LoadStatus::Loading) loading = true;
        else if (it->second.status == app::LoadStatus::Failed) failed = it->second.error.message;
        else
            for (const auto& a : it->second.set.articles) list.push_back({&a, &b});
    }
    card_begin(ui, "Brand articles and materials", x, w, list.empty() ? "" : ui.count(static_cast<long>(list.size()), "article", "articles"));
    const float iw = w - 32;
    if (list.empty()) {
        hint(ui, loading ? ui.t("Loading the brand's articles…")
                 : !failed.empty() ? failed
                                   : ui.t("Your brands have not published articles yet. When they do, each appears here with a text to share and your own link."),
             iw);
        if (loading) ui.canvas.animate();
        card_end(ui);
        return;
    }
    hint(ui, ui.t("Share a brand's article with your own link: whoever opens it reads it in your shop, and what they buy is yours."), iw);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& [a, brand] : list) {
        ImGui::PushID(a->id.c_str());
        ImGui::Dummy(ImVec2(0, 8));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float thumb = ui.phone ? 64 : 76;
        if (!a->cover.empty()) image(ui, a->cover, p, ImVec2(p.x + thumb, p.y + thumb), 10);
        else dl->AddRectFilled(p, ImVec2(p.x + thumb, p.y + thumb), ui.pal.surface_alt, 10);
        const float tx = p.x + thumb + 12, tw = iw - thumb - 12;
        draw_text(ui, Font::Small, ImVec2(tx, p.y), ui.pal.accent, brand->cert.name);
        const float th = draw_text_clamped(ui, Font::Strong, ImVec2(tx, p.y + 20), tw, 2, ui.pal.text, a->title);
        ui.canvas.expose("kit-article", a->title, p, ImVec2(p.x + iw, p.y + std::max(thumb, 20 + th)), a->id);
        ImGui::Dummy(ImVec2(iw, std::max(thumb, 20 + th) + 6));
        const std::string link = platform::origin() + core::share_path({e.slug, "", core::Channel::Share, "", a->id});
        const std::string text = a->share_text.empty() ? a->title : a->share_text;
        const std::string message = text + "\n" + link;
        const ImVec2 mp = ImGui::GetCursorScreenPos();
        const ImVec2 ms = text_size(ui, Font::Small, message, iw - 24);
        dl->AddRectFilled(mp, ImVec2(mp.x + iw, mp.y + ms.y + 18), ui.pal.surface_alt, 10);
        draw_text(ui, Font::Small, ImVec2(mp.x + 12, mp.y + 9), ui.pal.text, message, iw - 24);
        ui.canvas.expose("kit-article-text", message, mp, ImVec2(mp.x + iw, mp.y + ms.y + 18), a->id);
        ImGui::Dummy(ImVec2(iw, ms.y + 24));
        // The distributor's own words above the article in their shop (published with the shop).
        const std::string key = core::article_note_key(a->id);
        std::string& note = editor_buffers(ui).fields.notes[key];
        auto err = e.field_errors.find("note:" + key);
        if (text_field(ui, "article-note", "Your note above it (optional)", note, "Why your customers should read it…", platform::InputMode::Text,
                       iw, true, err == e.field_errors.end() ? "" : ui.t(err->second.c_str())))
            emit_editor(ui, app::EditNote{key, note});
        ImGui::Dummy(ImVec2(0, 4));
        const float bw = ui.phone ? (iw - 8) * 0.5f : 200;
        if (button(ui, "copy-article", "Copy text and link", ButtonKind::Primary, ImVec2(bw, 44)))
            ui.emit(app::CopyText{message, "Text and link copied"});
        ImGui::SameLine(0, 8);
        if (button(ui, "use-article", "QR code for it", ButtonKind::Secondary, ImVec2(bw, 44))) emit_editor(ui, app::SetShareArticle{a->id});
        for (std::size_t i = 0; i < a->materials.size(); ++i) {
            const core::ShareMaterial& m = a->materials[i];
            ImGui::PushID(static_cast<int>(i));
            ImGui::Dummy(ImVec2(0, 6));
            const ImVec2 q = ImGui::GetCursorScreenPos();
            const float side = m.image.empty() ? 0 : 48;
            if (side > 0) image(ui, m.image, q, ImVec2(q.x + side, q.y + side), 8);
            std::string about;
            if (!m.product.empty())
                if (const core::Product* prod = brand->release ? brand->release->find(m.product) : nullptr) about = prod->title;
            const float mx = q.x + (side > 0 ? side + 10 : 0), mw = iw - (mx - q.x) - (ui.phone ? 0 : 230);
            float my = q.y;
            if (!about.empty()) {
                draw_text(ui, Font::Small, ImVec2(mx, my), ui.pal.muted, about, mw);
                my += ui.size(Font::Small) + 4;
            }
            my += draw_text_clamped(ui, Font::Small, ImVec2(mx, my), mw, 4, ui.pal.text, m.text);
            ui.canvas.expose("kit-material", m.text, q, ImVec2(q.x + iw, std::max(my, q.y + side)), a->id);
            float by = std::max(my, q.y + side) + 6;
            float bx = q.x;
            if (!ui.phone) {
                by = q.y;
                bx = q.x + iw - 222;
            }
            ImGui::SetCursorScreenPos(ImVec2(bx, by));
            // A material about a product links to that product in this shop (when the shop sells it),
            // still under the article's campaign: what it sells counts for the article.
            const std::string mlink = !m.product.empty() && v.find(m.product)
                                          ? platform::origin() + core::share_path({e.slug, m.product, core::Channel::Share, a->id, ""})
                                          : link;
            if (button(ui, "copy-material", "Copy text", ButtonKind::Ghost, ImVec2(106, 36)))
                ui.emit(app::CopyText{m.text + "\n" + mlink, "Text and link copied"});
            if (!m.image.empty()) {
                ImGui::SameLine(0, 8);
                if (button(ui, "save-material", "Save picture", ButtonKind::Ghost, ImVec2(108, 36)))
                    emit_editor(ui, app::DownloadPicture{m.image, a->id + "-" + std::to_string(i + 1)});
            }
            ImGui::SetCursorScreenPos(ImVec2(q.x, std::max(by + 40, std::max(my, q.y + side) + 4)));
            ImGui::Dummy(ImVec2(iw, 2));
            ImGui::PopID();
        }
        ImGui::Dummy(ImVec2(0, 4));
        const ImVec2 sep = ImGui::GetCursorScreenPos();
        dl->AddLine(sep, ImVec2(sep.x + iw, sep.y), ui.pal.border);
        ImGui::PopID();
    }
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
        articles_card(ui, f.x, f.w);
        ImGui::EndGroup();
    } else {
        const float top = ImGui::GetCursorScreenPos().y + 24;
        const float lw = std::min(620.f, f.w - 420 - 24);
        ImGui::SetCursorScreenPos(ImVec2(f.x, top));
        ImGui::BeginGroup();
        link_card(ui, f.x, lw);
        articles_card(ui, f.x, lw);
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
