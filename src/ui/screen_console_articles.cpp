// The article editor: the brand's articles (published, drafts on this device, withdrawn), one article
// written into a draft (id, title, summary, cover, share text, body blocks, share materials) with
// undo/redo and autosave, the core's problems under the fields they are about, Publish (signed with
// the brand key; refused with the reason while there are problems), Withdraw; and the draft inside a
// shop of the brand at phone and desktop size before it is published.
//
// [SECTION] Parts      problems of a field, picture slots with upload progress, small buttons, the product row
// [SECTION] List       the articles with their status; the empty state; New article
// [SECTION] Article    id, title, summary, cover, share text
// [SECTION] Body       blocks: edit, reorder, delete; add a paragraph, heading, picture, product card
// [SECTION] Materials  share texts with an optional picture and product
// [SECTION] Toolbar    undo, redo, status, Publish with its reason; published note and link; withdraw, discard
// [SECTION] Preview    the draft inside a shop, phone and desktop; the shop picker
// [SECTION] Dialogs    withdraw; someone else published meanwhile
// [SECTION] Page
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/money.h"
#include "core/time.h"
#include "ui/console_ui.h"

namespace ui {

namespace {

using app::ConsoleArticles;
using core::ArticleBlock;

// [SECTION] Parts ----------------------------------------------------------------------------------

// The core's sentences about one field ("title", "blocks.2", ...), one after the other.
std::string problems_of(const ConsoleArticles& ar, const std::string& field) {
    std::string out;
    for (const auto& p : ar.problems)
        if (p.field == field) out += (out.empty() ? "" : " ") + p.message;
    return out;
}

void problem_box(Ui& ui, const ConsoleArticles& ar, const std::string& field, float w) {
    const std::string text = problems_of(ar, field);
    if (text.empty()) return;
    message_box(ui, "field-error", text, w, true);
    ImGui::Dummy(ImVec2(0, 2));
}

const char* kind_word(ArticleBlock::Kind k) {
    switch (k) {
        case ArticleBlock::Paragraph: return "Paragraph";
        case ArticleBlock::Heading: return "Heading";
        case ArticleBlock::Picture: return "Picture";
        case ArticleBlock::ProductCard: return "Product card";
    }
    return "Paragraph";
}

// A picture being prepared or sent: what is happening, and a bar that moves while it does.
void upload_progress(Ui& ui, const app::ImageUpload& up, ImVec2 p, float w, float h) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.pal.surface_alt, 12);
    const std::string words = up.bytes == 0 ? std::string(ui.t("Preparing the picture…"))
                                            : ui.tf("Uploading {}…", std::to_string((up.bytes + 1023) / 1024) + " KB");
    const ImVec2 ts = text_size(ui, Font::Small, words);
    draw_text(ui, Font::Small, ImVec2(p.x + (w - ts.x) * 0.5f, p.y + h * 0.5f - ts.y - 2), ui.pal.muted, words);
    const float bw = std::min(w - 40, 220.f), bx = p.x + (w - bw) * 0.5f, by = p.y + h * 0.5f + 8;
    dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + bw, by + 6), ui.pal.border, 3);
    const float t = static_cast<float>(std::fmod(ImGui::GetTime() * 0.9, 1.0));
    const float seg = bw * 0.3f, sx = bx + (bw + seg) * t - seg;
    dl->AddRectFilled(ImVec2(std::max(bx, sx), by), ImVec2(std::min(bx + bw, sx + seg), by + 6), ui.pal.primary, 3);
    ui.canvas.expose("upload-progress", words, p, ImVec2(p.x + w, p.y + h));
    ui.canvas.animate();
}

// A picture of the article (cover, a picture block, a material's): add, replace, remove; the upload's
// progress and error show in its place.
void picture_slot(Ui& ui, const char* id, const core::ImageRef& ref, const std::string& target, float w, float h, const char* add_label) {
    const ConsoleArticles& ar = ui.state.console.articles;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::PushID(id);
    const bool uploading = ar.upload.busy && ar.upload.target == target;
    if (uploading) {
        upload_progress(ui, ar.upload, p, w, h);
        ImGui::Dummy(ImVec2(w, h));
    } else if (ref.empty()) {
        const bool clicked = ImGui::InvisibleButton("##add", ImVec2(w, h));
        const bool hovered = ImGui::IsItemHovered();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), hovered ? ui.pal.primary_soft : ui.pal.surface_alt, 12);
        // A dashed border: the place a picture goes.
        for (float x = p.x + 8; x < p.x + w - 8; x += 12) {
            dl->AddLine(ImVec2(x, p.y), ImVec2(std::min(x + 6, p.x + w - 8), p.y), ui.pal.border, 1.5f);
            dl->AddLine(ImVec2(x, p.y + h), ImVec2(std::min(x + 6, p.x + w - 8), p.y + h), ui.pal.border, 1.5f);
        }
        const std::string label = ui.t(add_label);
        const ImVec2 ts = text_size(ui, Font::Strong, label);
        draw_icon(dl, Icon::Image, ImVec2(p.x + w * 0.5f, p.y + h * 0.5f - 12), 24, ui.pal.primary);
        draw_text(ui, Font::Strong, ImVec2(p.x + (w - ts.x) * 0.5f, p.y + h * 0.5f + 6), ui.pal.primary, label);
        ui.canvas.expose("button", label, p, ImVec2(p.x + w, p.y + h), add_label);
        if (clicked && !ar.upload.busy) emit_console(ui, app::PickArticlePicture{target});
    } else {
        const float iw = std::min(w, h * 16.f / 9.f);
        image(ui, ref, p, ImVec2(p.x + iw, p.y + h), 12);
        ui.canvas.expose("article-image", ref.src, p, ImVec2(p.x + iw, p.y + h), target);
        ui.canvas.describe(ui.t(std::strcmp(id, "cover") == 0 ? "Cover picture" : "Picture"));  // (not its file's address)
        ImGui::Dummy(ImVec2(iw, h));
        ImGui::Dummy(ImVec2(0, 2));
        if (button(ui, "replace", "Replace", ButtonKind::Secondary, ImVec2(120, 40), !ar.upload.busy)) emit_console(ui, app::PickArticlePicture{target});
        ImGui::SameLine(0, 8);
        if (button(ui, "remove", "Remove", ButtonKind::Ghost, ImVec2(110, 40))) emit_console(ui, app::RemoveArticlePicture{target});
    }
    if (!ar.upload.error.empty() && ar.upload.target == target) {
        ImGui::Dummy(ImVec2(0, 2));
        message_box(ui, "upload-error", ar.upload.error, w, true);
    }
    ImGui::PopID();
}

enum class Glyph { Up, Down, Remove };

// A round button with an arrow or a cross (reordering and removing blocks); `n` numbers it for tests
// ("Move up 2": the second part's).
bool small_button(Ui& ui, const char* id, Glyph g, const char* label, bool enabled, std::size_t n) {
    const float s = ui.phone ? 44 : 36;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(id);
    const bool clicked = ImGui::InvisibleButton("##small", ImVec2(s, s)) && enabled;
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    if (hovered && enabled) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 c(p.x + s * 0.5f, p.y + s * 0.5f);
    if (hovered && enabled) dl->AddCircleFilled(c, s * 0.45f, ui.pal.surface_alt, 24);
    const ImU32 col = enabled ? (g == Glyph::Remove ? ui.pal.danger : ui.pal.text) : ui.pal.faint;
    if (g == Glyph::Remove) {
        draw_icon(dl, Icon::Close, c, 16, col);
    } else {
        const float d = g == Glyph::Up ? -1.f : 1.f;
        dl->PathLineTo(ImVec2(c.x - 6, c.y - 3 * d));
        dl->PathLineTo(ImVec2(c.x, c.y + 3 * d));
        dl->PathLineTo(ImVec2(c.x + 6, c.y - 3 * d));
        dl->PathStroke(col, 0, 2.f);
    }
    ui.canvas.expose("icon", ui.t(label), p, ImVec2(p.x + s, p.y + s), std::string(label) + " " + std::to_string(n));
    return clicked;
}

// The product a card or a material names: picture, title, price (from the brand's published catalog).
void product_row(Ui& ui, const std::string& id, float w) {
    const app::ConsoleState& c = ui.state.console;
    const core::Product* p = c.published ? c.published->find(id) : nullptr;
    const ImVec2 rp = ImGui::GetCursorScreenPos();
    const float h = 60;
    ImGui::GetWindowDrawList()->AddRectFilled(rp, ImVec2(rp.x + w, rp.y + h), ui.pal.surface_alt, 10);
    if (p) {
        image(ui, p->thumb.empty() && !p->images.empty() ? p->images.front() : p->thumb, ImVec2(rp.x + 8, rp.y + 8), ImVec2(rp.x + 52, rp.y + 52), 8);
        draw_text_clamped(ui, Font::Body, ImVec2(rp.x + 62, rp.y + 9), w - 72, 1, ui.pal.text, p->title);
        draw_text(ui, Font::Small, ImVec2(rp.x + 62, rp.y + 33), ui.pal.muted, core::format_money(p->price, c.published->currency) + "  ·  " + p->id);
    } else {
        draw_text_clamped(ui, Font::Body, ImVec2(rp.x + 12, rp.y + 19), w - 24, 1, ui.pal.danger, ui.tf("Not in the catalog: {}", id));
    }
    ui.canvas.expose("picked-product", p ? p->title : id, rp, ImVec2(rp.x + w, rp.y + h), id);
    ImGui::Dummy(ImVec2(w, h));
}

// Search over the brand's products, opened under the card or material it picks for.
void product_picker(Ui& ui, const std::string& target, float w) {
    app::ConsoleState& c = console_buffers(ui);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + 4));
    if (picker_search(ui, "find-product", c.product_query, "Find a product: name or id", w)) emit_console(ui, app::SearchProducts{});
    ImGui::Dummy(ImVec2(0, 4));
    const float rows = static_cast<float>(std::min<std::size_t>(c.product_matches.shown.size(), 5));
    product_rows(ui, p.x, w, std::max(120.f, rows * 62 + 50), "", [&](const std::string& id) { emit_console(ui, app::SetArticleProduct{target, id}); });
    if (button(ui, "close-picker", "Cancel", ButtonKind::Ghost, ImVec2(120, 40))) emit_console(ui, app::OpenArticleProducts{""});
}

// "3 min ago", "Jan 4": when the article was last changed.
std::string when(const Ui& ui, std::int64_t ms) {
    if (ms <= 0) return "";
    const std::int64_t ago = std::max<std::int64_t>(0, platform::utc_ms() - ms) / 60000;
    if (ago < 1) return ui.t("just now");
    if (ago < 60) return ui.tf("{} min ago", std::to_string(ago));
    if (ago < 24 * 60) return ui.tf("{} h ago", std::to_string(ago / 60));
    return core::format_date(ms);
}

// [SECTION] List -----------------------------------------------------------------------------------

void status_chip(Ui& ui, const app::ArticleRow& r, ImVec2 p) {
    std::string text;
    ImU32 bg, fg;
    switch (r.status) {
        case app::ArticleStatus::Published:
            text = ui.tf("Published v{}", std::to_string(r.version));
            bg = ui.pal.success_soft;
            fg = ui.pal.success;
            break;
        case app::ArticleStatus::Withdrawn:
            text = ui.tf("Withdrawn (v{})", std::to_string(r.version));
            bg = ui.pal.surface_alt;
            fg = ui.pal.muted;
            break;
        default:
            text = ui.t("Draft, not published");
            bg = ui.pal.accent_soft;
            fg = ui.pal.accent;
            break;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 ts = text_size(ui, Font::Small, text);
    dl->AddRectFilled(p, ImVec2(p.x + ts.x + 16, p.y + ts.y + 6), bg, (ts.y + 6) * 0.5f);
    draw_text(ui, Font::Small, ImVec2(p.x + 8, p.y + 3), fg, text);
    float x = p.x + ts.x + 24;
    if (r.draft && r.status != app::ArticleStatus::Draft) {
        const std::string d = ui.t("Unpublished changes");
        const ImVec2 ds = text_size(ui, Font::Small, d);
        dl->AddRectFilled(ImVec2(x, p.y), ImVec2(x + ds.x + 16, p.y + ds.y + 6), ui.pal.accent_soft, (ds.y + 6) * 0.5f);
        draw_text(ui, Font::Small, ImVec2(x + 8, p.y + 3), ui.pal.accent, d);
    }
}

void article_list(Ui& ui, float x, float w) {
    const app::ConsoleState& c = ui.state.console;
    const ConsoleArticles& ar = c.articles;
    const float iw = w - 32;
    // Title row: what this is, and the way to start.
    const ImVec2 hp = ImGui::GetCursorScreenPos();
    const float bw = ui.phone ? 150 : 170;
    draw_text(ui, Font::Title, ImVec2(x, hp.y + 6), ui.pal.text, ui.t("Articles"));
    ui.canvas.expose("page-title", ui.t("Articles"), hp, ImVec2(x + w - bw, hp.y + 40), "Articles");
    ImGui::SetCursorScreenPos(ImVec2(x + w - bw, hp.y));
    const bool can_add = ar.status == app::ConsoleLoad::Ready && ar.drafts_in;
    if (button(ui, "new-article", "New article", ButtonKind::Primary, ImVec2(bw, 44), can_add)) emit_console(ui, app::NewArticle{});
    ImGui::SetCursorScreenPos(ImVec2(x, hp.y + 52));
    hint(ui, ui.t("Articles travel with every distributor's shop: when they share one, the visits and orders it brings are theirs. "
                  "Write, preview inside a shop, then publish: the brand's key signs it, as it signs the catalog."),
         w);
    ImGui::Dummy(ImVec2(0, 8));
    if (ar.status == app::ConsoleLoad::Loading || ar.status == app::ConsoleLoad::Idle || !ar.drafts_in) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        console_spinner(ui, ImVec2(x + w * 0.5f, p.y + 60), "Loading the brand's articles…");
        ImGui::Dummy(ImVec2(w, 140));
        return;
    }
    if (ar.status == app::ConsoleLoad::Failed) {
        message_box(ui, "articles-error", ar.error, w, true);
        ImGui::Dummy(ImVec2(0, 4));
        if (button(ui, "retry", "Try again", ButtonKind::Secondary, ImVec2(140, 42))) emit_console(ui, app::RefreshArticles{});
        return;
    }
    if (!ar.refused.empty()) {
        message_box(ui, "articles-refused",
                    ui.tf("{} the store holds did not pass the brand's signature check and are not listed.",
                          ui.count(static_cast<long>(ar.refused.size()), "article", "articles")) + " " + ar.refused.front(),
                    w, true);
        ImGui::Dummy(ImVec2(0, 6));
    }
    if (ar.rows.empty()) {
        // The empty state says what an article is for and how to start one.
        card_begin(ui, "", x, w);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddCircleFilled(ImVec2(p.x + iw * 0.5f, p.y + 34), 30, ui.pal.primary_soft, 32);
        draw_icon(dl, Icon::Image, ImVec2(p.x + iw * 0.5f, p.y + 34), 26, ui.pal.primary);
        ImGui::Dummy(ImVec2(iw, 76));
        const std::string title = ui.t("No articles yet");
        const ImVec2 ts = text_size(ui, Font::Title, title);
        draw_text(ui, Font::Title, ImVec2(p.x + (iw - ts.x) * 0.5f, ImGui::GetCursorScreenPos().y), ui.pal.text, title);
        ui.canvas.expose("empty-title", title, ImGui::GetCursorScreenPos(), ImVec2(p.x + iw, ImGui::GetCursorScreenPos().y + ts.y), "No articles yet");
        ImGui::Dummy(ImVec2(iw, ts.y + 8));
        const float tw = std::min(iw, 520.f);
        ImGui::SetCursorScreenPos(ImVec2(p.x + (iw - tw) * 0.5f, ImGui::GetCursorScreenPos().y));
        hint(ui, ui.t("Write about your products: how they are made, how to use them. Add pictures and product cards; distributors share "
                      "the article from their own shop, with your suggested text, and the visits and orders it brings stay theirs."),
             tw);
        ImGui::Dummy(ImVec2(0, 10));
        ImGui::SetCursorScreenPos(ImVec2(p.x + (iw - std::min(iw, 260.f)) * 0.5f, ImGui::GetCursorScreenPos().y));
        if (button(ui, "first-article", "Write the first article", ButtonKind::Primary, ImVec2(std::min(iw, 260.f), 46), can_add))
            emit_console(ui, app::NewArticle{});
        card_end(ui);
        return;
    }
    card_begin(ui, "", x, w);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float row_h = ui.phone ? 84 : 72;
    for (std::size_t i = 0; i < ar.rows.size(); ++i) {
        const app::ArticleRow& r = ar.rows[i];
        const ImVec2 rp = ImGui::GetCursorScreenPos();
        ImGui::PushID(r.key.c_str());
        const bool clicked = ImGui::InvisibleButton("##open", ImVec2(iw, row_h));
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        if (hovered) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            dl->AddRectFilled(ImVec2(rp.x - 8, rp.y), ImVec2(rp.x + iw + 8, rp.y + row_h), ui.pal.surface_alt, 10);
        }
        const std::string title = r.title.empty() ? std::string(ui.t("Untitled article")) : r.title;
        draw_text_clamped(ui, Font::Strong, ImVec2(rp.x, rp.y + 10), iw - 30, 1, r.title.empty() ? ui.pal.muted : ui.pal.text, title);
        const std::string sub = (r.id.empty() ? std::string(ui.t("no id yet")) : "/a/" + r.id) + "  ·  " + ui.tf("updated {}", when(ui, r.updated_ms));
        if (ui.phone) {
            status_chip(ui, r, ImVec2(rp.x, rp.y + 36));
            draw_text_clamped(ui, Font::Small, ImVec2(rp.x, rp.y + 62), iw - 30, 1, ui.pal.muted, sub);
        } else {
            status_chip(ui, r, ImVec2(rp.x, rp.y + 38));
            const float sw = text_size(ui, Font::Small, sub).x;
            draw_text(ui, Font::Small, ImVec2(rp.x + iw - 30 - sw, rp.y + 41), ui.pal.muted, sub);
        }
        draw_icon(dl, Icon::ChevronRight, ImVec2(rp.x + iw - 10, rp.y + row_h * 0.5f), 18, ui.pal.muted);
        ui.canvas.expose("article-row", title, rp, ImVec2(rp.x + iw, rp.y + row_h), r.key);
        if (i + 1 < ar.rows.size()) dl->AddLine(ImVec2(rp.x, rp.y + row_h), ImVec2(rp.x + iw, rp.y + row_h), ui.pal.border);
        if (clicked) ui.emit(app::Navigate{app::console_article_path(c.brand, r.key)});
        ImGui::SetCursorScreenPos(ImVec2(rp.x, rp.y + row_h + 1));
    }
    ImGui::Dummy(ImVec2(iw, 0));
    card_end(ui);
}

// [SECTION] Article --------------------------------------------------------------------------------

void article_card(Ui& ui, float x, float w) {
    app::ConsoleState& c = console_buffers(ui);
    ConsoleArticles& ar = c.articles;
    core::Article& a = ar.form.article;
    const float iw = w - 32;
    card_begin(ui, "Article", x, w);
    if (text_field(ui, "title", "Title", a.title, "What the article is about", platform::InputMode::Text, iw, false, problems_of(ar, "title")))
        emit_console(ui, app::EditArticle{"title"});
    ImGui::Dummy(ImVec2(0, 4));
    if (core::id_editable(ar.form)) {
        if (text_field(ui, "id", "Article address", a.id, "made from the title", platform::InputMode::Text, iw, false, problems_of(ar, "id")))
            emit_console(ui, app::EditArticle{"id", true});
        hint(ui, ui.tf("Each shop's link ends in /a/{}. Only a-z, 0-9 and \"-\"; it cannot change once the article is published.",
                       a.id.empty() ? "…" : a.id),
             iw);
    } else {
        text_block(ui, Font::Strong, ui.pal.text, ui.t("Article address"), iw);
        locked_note(ui, ui.tf("/a/{}: fixed since the first version, it is in every link already shared.", a.id), iw);
        problem_box(ui, ar, "id", iw);
    }
    ImGui::Dummy(ImVec2(0, 6));
    if (text_field(ui, "summary", "Summary", a.summary, "Two lines shown under the title and in link previews (optional)",
                   platform::InputMode::Text, iw, true, problems_of(ar, "summary")))
        emit_console(ui, app::EditArticle{"summary"});
    ImGui::Dummy(ImVec2(0, 6));
    text_block(ui, Font::Strong, ui.pal.text, ui.t("Cover picture"), iw);
    picture_slot(ui, "cover", a.cover, "cover", std::min(iw, 420.f), ui.phone ? 170 : 200, "Add a cover picture");
    problem_box(ui, ar, "cover", iw);
    ImGui::Dummy(ImVec2(0, 6));
    if (text_field(ui, "share-text", "Suggested share text", a.share_text, "What distributors post with the link (optional)",
                   platform::InputMode::Text, iw, true, problems_of(ar, "share_text")))
        emit_console(ui, app::EditArticle{"share_text"});
    hint(ui, ui.t("Distributors copy it in one tap from their share kit; their shop's link goes with it."), iw);
    card_end(ui);
}

// [SECTION] Body -----------------------------------------------------------------------------------

void block_editor(Ui& ui, std::size_t i, float w) {
    app::ConsoleState& c = console_buffers(ui);
    ConsoleArticles& ar = c.articles;
    ArticleBlock& b = ar.form.article.blocks[i];
    const std::size_t n = ar.form.article.blocks.size();
    const std::string field = "blocks." + std::to_string(i);
    const std::string errors = problems_of(ar, field);
    ImGui::PushID(("block-" + std::to_string(i)).c_str());  // not the same ids as the materials' fields
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float pad = 12, bw = w - 2 * pad;
    // Header: what the block is, and moving or removing it.
    const float s = ui.phone ? 44 : 36;
    const std::string title = ui.t(kind_word(b.kind));
    draw_text(ui, Font::Strong, ImVec2(p0.x + pad, p0.y + pad + (s - ui.size(Font::Strong)) * 0.5f - 1), ui.pal.muted, title);
    ImGui::SetCursorScreenPos(ImVec2(p0.x + w - pad - 3 * s - 8, p0.y + pad));
    if (small_button(ui, "up", Glyph::Up, "Move up", i > 0, i + 1)) emit_console(ui, app::MoveArticleBlock{i, -1});
    ImGui::SameLine(0, 4);
    if (small_button(ui, "down", Glyph::Down, "Move down", i + 1 < n, i + 1)) emit_console(ui, app::MoveArticleBlock{i, +1});
    ImGui::SameLine(0, 4);
    if (small_button(ui, "remove", Glyph::Remove, "Remove", true, i + 1)) emit_console(ui, app::RemoveArticleBlock{i});
    ImGui::SetCursorScreenPos(ImVec2(p0.x + pad, p0.y + pad + s + 6));
    ImGui::BeginGroup();
    switch (b.kind) {
        case ArticleBlock::Paragraph:
            if (text_field(ui, "text", "", b.text, "Write a paragraph", platform::InputMode::Text, bw, true, errors))
                emit_console(ui, app::EditArticle{field});
            break;
        case ArticleBlock::Heading:
            if (text_field(ui, "text", "", b.text, "A heading", platform::InputMode::Text, bw, false, errors))
                emit_console(ui, app::EditArticle{field});
            break;
        case ArticleBlock::Picture:
            picture_slot(ui, "picture", b.image, field, std::min(bw, 420.f), ui.phone ? 160 : 180, "Add the picture");
            ImGui::Dummy(ImVec2(0, 4));
            if (text_field(ui, "alt", "", b.text, "What the picture shows (for people who cannot see it)", platform::InputMode::Text, bw, false,
                           b.image.empty() ? "" : errors))
                emit_console(ui, app::EditArticle{field});
            if (b.image.empty() && !errors.empty() && !(ar.upload.busy && ar.upload.target == field)) message_box(ui, "field-error", errors, bw, true);
            break;
        case ArticleBlock::ProductCard:
            if (!b.product.empty()) {
                product_row(ui, b.product, bw);
                ImGui::Dummy(ImVec2(0, 2));
            }
            if (ar.picking == field) {
                product_picker(ui, field, bw);
            } else if (button(ui, "pick", b.product.empty() ? "Pick a product" : "Another product", ButtonKind::Secondary,
                              ImVec2(ui.phone ? bw : 200, 42))) {
                emit_console(ui, app::OpenArticleProducts{field});
            }
            if (!errors.empty()) message_box(ui, "field-error", errors, bw, true);
            break;
    }
    ImGui::EndGroup();
    const float bottom = ImGui::GetItemRectMax().y + pad;
    const ImU32 edge = !errors.empty() ? ui.pal.danger : ui.pal.border;
    dl->AddRect(p0, ImVec2(p0.x + w, bottom), edge, 12);
    dl->AddRectFilled(ImVec2(p0.x, p0.y + 10), ImVec2(p0.x + 3, bottom - 10), b.kind == ArticleBlock::ProductCard ? ui.pal.accent : ui.pal.primary, 2);
    ui.canvas.expose("article-block", title, p0, ImVec2(p0.x + w, bottom), std::to_string(i) + ":" + kind_word(b.kind));
    ImGui::SetCursorScreenPos(ImVec2(p0.x, bottom + 10));
    ImGui::Dummy(ImVec2(w, 0));
    ImGui::PopID();
}

void body_card(Ui& ui, float x, float w) {
    const ConsoleArticles& ar = ui.state.console.articles;
    const auto& blocks = ar.form.article.blocks;
    const float iw = w - 32;
    card_begin(ui, "Body", x, w, ui.count(static_cast<long>(blocks.size()), "part", "parts"));
    problem_box(ui, ar, "blocks", iw);
    problem_box(ui, ar, "products", iw);
    for (std::size_t i = 0; i < blocks.size(); ++i) block_editor(ui, i, iw);
    // Adding: the four kinds side by side (two by two on a phone).
    struct Add {
        const char* id;
        const char* label;
        ArticleBlock::Kind kind;
    };
    const Add adds[] = {{"add-paragraph", "Paragraph", ArticleBlock::Paragraph},
                        {"add-heading", "Heading", ArticleBlock::Heading},
                        {"add-picture", "Picture", ArticleBlock::Picture},
                        {"add-product", "Product card", ArticleBlock::ProductCard}};
    text_block(ui, Font::Small, ui.pal.muted, ui.t("Add to the end:"), iw);
    ImGui::Dummy(ImVec2(0, 2));
    const int per_row = ui.phone ? 2 : 4;
    const float gap = 8, bw = std::floor((iw - gap * (per_row - 1)) / per_row);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const bool room = blocks.size() < core::kMaxArticleBlocks;
    for (int k = 0; k < 4; ++k) {
        ImGui::SetCursorScreenPos(ImVec2(p.x + (k % per_row) * (bw + gap), p.y + (k / per_row) * (44 + gap)));
        if (button(ui, adds[k].id, std::string("+ ") + ui.t(adds[k].label), ButtonKind::Secondary, ImVec2(bw, 44), room))
            emit_console(ui, app::AddArticleBlock{adds[k].kind});
        ui.canvas.expose("button", std::string("+ ") + ui.t(adds[k].label), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                         std::string("Add ") + adds[k].label);
    }
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + ((4 + per_row - 1) / per_row) * (44 + gap)));
    ImGui::Dummy(ImVec2(iw, 0));
    card_end(ui);
}

// [SECTION] Materials ------------------------------------------------------------------------------

void materials_card(Ui& ui, float x, float w) {
    app::ConsoleState& c = console_buffers(ui);
    ConsoleArticles& ar = c.articles;
    auto& mats = ar.form.article.materials;
    const float iw = w - 32;
    card_begin(ui, "Share materials", x, w, ui.count(static_cast<long>(mats.size()), "material", "materials"));
    hint(ui, ui.t("Ready-made posts for distributors: a text, a picture if you like, and the product it is about. They download each in one "
                  "tap from their share kit."),
         iw);
    ImGui::Dummy(ImVec2(0, 6));
    problem_box(ui, ar, "materials", iw);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < mats.size(); ++i) {
        core::ShareMaterial& m = mats[i];
        const std::string field = "materials." + std::to_string(i);
        ImGui::PushID(("material-" + std::to_string(i)).c_str());
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const float pad = 12, bw = iw - 2 * pad, s = ui.phone ? 44 : 36;
        draw_text(ui, Font::Strong, ImVec2(p0.x + pad, p0.y + pad + (s - ui.size(Font::Strong)) * 0.5f - 1), ui.pal.muted,
                  ui.tf("Material {}", std::to_string(i + 1)));
        ImGui::SetCursorScreenPos(ImVec2(p0.x + iw - pad - s, p0.y + pad));
        if (small_button(ui, "remove", Glyph::Remove, "Remove material", true, i + 1)) emit_console(ui, app::RemoveShareMaterial{i});
        ImGui::SetCursorScreenPos(ImVec2(p0.x + pad, p0.y + pad + s + 6));
        ImGui::BeginGroup();
        const std::string errors = problems_of(ar, field);
        if (text_field(ui, "text", "", m.text, "A text distributors can post as it is", platform::InputMode::Text, bw, true, errors))
            emit_console(ui, app::EditArticle{field});
        ImGui::Dummy(ImVec2(0, 4));
        picture_slot(ui, "picture", m.image, field, std::min(bw, 320.f), 120, "Add a picture (optional)");
        ImGui::Dummy(ImVec2(0, 4));
        if (!m.product.empty()) {
            product_row(ui, m.product, bw);
            ImGui::Dummy(ImVec2(0, 2));
        }
        if (ar.picking == field) {
            product_picker(ui, field, bw);
        } else {
            if (button(ui, "pick", m.product.empty() ? "About a product (optional)" : "Another product", ButtonKind::Secondary,
                       ImVec2(ui.phone ? bw : 240, 42)))
                emit_console(ui, app::OpenArticleProducts{field});
            if (!m.product.empty()) {
                if (!ui.phone) ImGui::SameLine(0, 8);
                if (button(ui, "no-product", "About the article itself", ButtonKind::Ghost, ImVec2(ui.phone ? bw : 220, 42)))
                    emit_console(ui, app::SetArticleProduct{field, ""});
            }
        }
        ImGui::EndGroup();
        const float bottom = ImGui::GetItemRectMax().y + pad;
        dl->AddRect(p0, ImVec2(p0.x + iw, bottom), errors.empty() ? ui.pal.border : ui.pal.danger, 12);
        ui.canvas.expose("share-material", m.text, p0, ImVec2(p0.x + iw, bottom), std::to_string(i));
        ImGui::SetCursorScreenPos(ImVec2(p0.x, bottom + 10));
        ImGui::Dummy(ImVec2(iw, 0));
        ImGui::PopID();
    }
    if (button(ui, "add-material", "+ Add a share material", ButtonKind::Secondary, ImVec2(ui.phone ? iw : 260, 44),
               mats.size() < core::kMaxShareMaterials))
        emit_console(ui, app::AddShareMaterial{});
    card_end(ui);
}

// [SECTION] Toolbar --------------------------------------------------------------------------------

const core::Article* signed_version(const app::ConsoleState& c) {
    const ConsoleArticles& ar = c.articles;
    if (ar.form.base_version <= 0) return nullptr;
    for (const auto& a : ar.published)
        if (a.id == ar.form.article.id) return &a;
    return nullptr;
}

void toolbar(Ui& ui, float x, float w) {
    const app::ConsoleState& c = ui.state.console;
    const ConsoleArticles& ar = c.articles;
    const core::Article* pub = signed_version(c);
    const bool withdrawn = pub && pub->retired;
    DraftBar bar;
    bar.can_undo = ar.history.can_undo();
    bar.can_redo = ar.history.can_redo();
    bar.dirty = ar.changed;
    bar.publishing = ar.publishing.busy();
    bar.can_publish = ar.problems.empty() && (ar.changed || withdrawn);
    bar.publish_label = withdrawn && !ar.changed ? std::string(ui.t("Publish again"))
                        : ui.phone                ? std::string(ui.t("Publish"))
                                                  : ui.tf("Publish version {}", std::to_string(ar.form.base_version + 1));
    const bool saving = !ar.saving.settled();
    const std::string saved = saving ? ui.t("saving…") : ui.t("draft saved on this device");
    const std::string v = pub ? std::to_string(pub->version) : "";
    if (ui.phone) {
        // The words that fit beside Publish on a phone.
        bar.status = !pub ? std::string(ui.t("Not published yet")) : ar.changed ? std::string(ui.t("Unpublished changes"))
                   : withdrawn ? ui.tf("Withdrawn (v{})", v) : ui.tf("Published v{}", v);
        if (ar.changed && saving) bar.status += std::string(" · ") + ui.t("saving…");
    } else if (!pub) {
        bar.status = ui.t("New article, not published yet") + std::string(" · ") + (ar.changed ? saved : std::string(ui.t("nothing written yet")));
    } else if (ar.changed) {
        bar.status = ui.tf("Unpublished changes to version {}", v) + " · " + saved;
    } else if (withdrawn) {
        bar.status = ui.tf("Withdrawn with version {}: no shop shows it", v);
    } else {
        bar.status = ui.tf("No unpublished changes: version {} is live", v);
    }
    bar.undo = app::ConsoleAction{app::ArticleUndo{}};
    bar.redo = app::ConsoleAction{app::ArticleRedo{}};
    bar.publish = app::ConsoleAction{app::PublishArticle{}};
    draft_bar(ui, x, w, bar);
    // Publish is refused while the core finds problems: the reason, where the button is.
    if (!ar.problems.empty() && (ar.changed || withdrawn)) {
        const std::string why = ui.tf("Not ready to publish: {}, marked below.",
                                      ui.count(static_cast<long>(ar.problems.size()), "problem", "problems")) +
                                " " + ar.problems.front().message;
        message_box(ui, "publish-blocked", why, w, true);
    }
    if (!ar.publishing.error.empty()) message_box(ui, "publish-error", ui.t(ar.publishing.error.c_str()), w, true);
    if (ar.publishing.version > 0 && !ar.changed) {
        const std::string v = std::to_string(ar.publishing.version);
        const std::string note = (ar.withdrew ? ui.tf("Withdrawn with version {}: no shop shows it", v) : ui.tf("Published version {}.", v)) +
                                 (ar.link.empty() || ar.withdrew ? std::string() : " " + std::string(ui.t("Its address in the previewed shop:")));
        message_box(ui, "published", note, w, false);
        if (!ar.link.empty() && !ar.withdrew) {
            // The address as two lines (host, then the shop's path), never cut in the middle of a word.
            const ImVec2 lp = ImGui::GetCursorScreenPos();
            const float cw = 90, h = 52;
            const std::size_t scheme = ar.link.find("://");
            const std::size_t slash = ar.link.find('/', scheme == std::string::npos ? 0 : scheme + 3);
            const std::string host = slash == std::string::npos ? ar.link : ar.link.substr(0, slash);
            const std::string path = slash == std::string::npos ? std::string() : ar.link.substr(slash);
            ImGui::GetWindowDrawList()->AddRectFilled(lp, ImVec2(lp.x + w, lp.y + h), ui.pal.surface_alt, 10);
            ImGui::PushClipRect(lp, ImVec2(lp.x + w - cw - 8, lp.y + h), true);
            draw_text(ui, Font::Small, ImVec2(lp.x + 12, lp.y + 8), ui.pal.muted, host);
            draw_text(ui, Font::Small, ImVec2(lp.x + 12, lp.y + 27), ui.pal.text, path);
            ImGui::PopClipRect();
            ui.canvas.expose("article-link", ar.link, lp, ImVec2(lp.x + w - cw, lp.y + h));
            ImGui::SetCursorScreenPos(ImVec2(lp.x + w - cw - 4, lp.y + (h - 40) * 0.5f));
            if (button(ui, "copy-link", "Copy", ButtonKind::Ghost, ImVec2(cw, 40))) ui.emit(app::CopyText{ar.link, "Link copied"});
            ImGui::SetCursorScreenPos(ImVec2(lp.x, lp.y + h + 6));
        }
    }
    ImGui::Dummy(ImVec2(w, 4));
}

void publishing_card(Ui& ui, float x, float w) {
    const app::ConsoleState& c = ui.state.console;
    const ConsoleArticles& ar = c.articles;
    const core::Article* pub = signed_version(c);
    const float iw = w - 32;
    card_begin(ui, "Preview and publishing", x, w);
    if (button(ui, "preview-article", "See it inside a shop, phone and desktop", ButtonKind::Secondary, ImVec2(ui.phone ? iw : 340, 44)))
        ui.emit(app::Navigate{app::console_article_path(c.brand, ar.open, true, c.preview_shop)});
    ImGui::Dummy(ImVec2(0, 4));
    if (ar.changed) {
        if (button(ui, "discard", pub ? "Discard my changes (undo brings them back)" : "Discard this draft (undo brings it back)", ButtonKind::Ghost,
                   ImVec2(ui.phone ? iw : 360, 40)))
            emit_console(ui, app::DiscardArticleDraft{});
    }
    if (pub && !pub->retired) {
        ImGui::Dummy(ImVec2(0, 6));
        hint(ui, ui.t("Withdrawing takes the article off every shop; links already shared say it was withdrawn. You can publish it again."), iw);
        ImGui::Dummy(ImVec2(0, 2));
        if (button(ui, "withdraw", "Withdraw from every shop", ButtonKind::Danger, ImVec2(ui.phone ? iw : 260, 42), !ar.publishing.busy()))
            emit_console(ui, app::WithdrawArticle{false});
    }
    card_end(ui);
}

// [SECTION] Preview --------------------------------------------------------------------------------

void preview_caption(Ui& ui, float w) {
    const app::ConsoleState& c = ui.state.console;
    const ConsoleArticles& ar = c.articles;
    const std::string shop = c.shop.view ? c.shop.view->shop.manifest.identity.name : c.preview_shop;
    const std::string title = ar.form.article.title.empty() ? std::string(ui.t("Untitled article")) : ar.form.article.title;
    const core::Article* pub = signed_version(c);
    const std::string caption = title + "  ·  " + shop + "  ·  " +
                                ui.t(ar.changed ? "as customers will see it after you publish"
                                     : pub && pub->retired ? "withdrawn: customers see it again if you publish it again"
                                                           : "as customers see it now");
    const ImVec2 cp = ImGui::GetCursorScreenPos();
    text_block(ui, Font::Body, ui.pal.text, caption, w);
    ui.canvas.expose("preview-caption", caption, cp, ImVec2(cp.x + w, ImGui::GetCursorScreenPos().y));
    ImGui::Dummy(ImVec2(0, 6));
}

void back_link(Ui& ui, const char* label, const std::string& path) {
    const ImVec2 bp(ImGui::GetCursorScreenPos().x - 6, ImGui::GetCursorScreenPos().y);
    const std::string back = ui.t(label);
    const float bw = text_size(ui, Font::Strong, back).x + 44;
    ImGui::SetCursorScreenPos(bp);
    ImGui::PushID(label);
    if (ImGui::InvisibleButton("##back", ImVec2(bw, space::touch))) ui.emit(app::Navigate{path});
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImGui::PopID();
    draw_icon(ImGui::GetWindowDrawList(), Icon::Back, ImVec2(bp.x + 14, bp.y + space::touch * 0.5f), 20, ui.pal.primary);
    draw_text(ui, Font::Strong, ImVec2(bp.x + 30, bp.y + (space::touch - ui.size(Font::Strong)) * 0.5f - 1), ui.pal.primary, back);
    ui.canvas.expose("button", back, bp, ImVec2(bp.x + bw, bp.y + space::touch), label);
    ImGui::SetCursorScreenPos(ImVec2(bp.x + 6, bp.y + space::touch + 4));
}

void shop_picker(Ui& ui, float x, float w, float h) {
    app::ConsoleState& c = console_buffers(ui);
    if (picker_search(ui, "find-shop", c.shop_query, "Find a shop: name or address", w)) emit_console(ui, app::SearchShops{});
    ImGui::Dummy(ImVec2(0, 4));
    shop_rows(ui, x, w, h, c.preview_shop, [&](const std::string& slug) {
        ui.emit(app::Navigate{app::console_article_path(c.brand, c.articles.open, true, slug), true});
    });
}

void preview_page(Ui& ui, const ConsoleFrame& f, float body_h) {
    const app::ConsoleState& c = ui.state.console;
    const ConsoleArticles& ar = c.articles;
    const std::string editor = app::console_article_path(c.brand, ar.open);
    if (ui.phone) {
        ImGui::BeginChild("##article-preview", ImVec2(ui.width, body_h), false, ImGuiWindowFlags_NoBackground);
        ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + 8));
        ImGui::BeginGroup();
        back_link(ui, "Back to the article", editor);
        preview_caption(ui, f.w);
        console_previews(ui, f.x, ImGui::GetCursorScreenPos().y, f.w, 0, false, &ar.form.article, ar.changed);
        hint(ui, ui.t("Drawn by the same code customers' browsers run, inside the shop's own page. A draft shows only here until you publish it."), f.w);
        ImGui::Dummy(ImVec2(0, 10));
        section_title(ui, ui.t("Shop"), ui.count(static_cast<long>(c.shops.size()), "shop", "shops"), f.w);
        const float rows = static_cast<float>(std::min<std::size_t>(c.shop_matches.shown.size(), 6));
        shop_picker(ui, f.x, f.w, std::max(140.f, rows * 56 + 50));
        ImGui::Dummy(ImVec2(0, 16));
        ImGui::EndGroup();
        ImGui::EndChild();
        return;
    }
    const float left_w = 320, top = f.top + 20;
    ImGui::SetCursorScreenPos(ImVec2(f.x, top));
    ImGui::BeginGroup();
    back_link(ui, "Back to the article", editor);
    section_title(ui, ui.t("Shop"), ui.count(static_cast<long>(c.shops.size()), "shop", "shops"), left_w);
    shop_picker(ui, f.x, left_w, body_h - 20 - 150);
    ImGui::EndGroup();
    const float px = f.x + left_w + 32, pw = f.x + f.w - px;
    ImGui::SetCursorScreenPos(ImVec2(px, top));
    ImGui::BeginGroup();
    preview_caption(ui, pw);
    const float y = ImGui::GetCursorScreenPos().y;
    console_previews(ui, px, y, pw, ui.height - y - 48, false, &ar.form.article, ar.changed);
    hint(ui, ui.t("Drawn by the same code customers' browsers run, inside the shop's own page. A draft shows only here until you publish it."), pw);
    ImGui::EndGroup();
}

// The editor's column: back to the list, the toolbar, the cards.
void editor_form(Ui& ui, float x, float w, const std::string& list) {
    back_link(ui, "All articles", list);
    toolbar(ui, x, w);
    article_card(ui, x, w);
    body_card(ui, x, w);
    materials_card(ui, x, w);
    publishing_card(ui, x, w);
}

}  // namespace

// [SECTION] Dialogs --------------------------------------------------------------------------------

void article_dialogs(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    const ConsoleArticles& ar = c.articles;
    if (c.route.page != app::ConsolePage::Articles || ar.open.empty()) return;
    if (ar.confirm_withdraw) {
        const std::string title = ar.form.article.title;
        console_dialog(ui, ui.t("Withdraw this article?"), "Withdraw this article?",
                       ui.tf("Shops stop showing \"{}\" and links to it say it was withdrawn. The brand's key signs the withdrawal as the next "
                             "version; you can publish the article again later.", title),
                       {{"withdraw-yes", "Withdraw it", ButtonKind::Danger, true, app::ConsoleAction{app::WithdrawArticle{true}}},
                        {"withdraw-no", "Keep it published", ButtonKind::Secondary, true, app::ConsoleAction{app::CancelWithdraw{}}}});
    } else if (ar.conflict.open) {
        std::string body;
        if (ar.conflict.loading) body = ui.t("Loading the version published meanwhile…");
        else if (!ar.conflict.error.empty()) body = ar.conflict.error;
        else
            body = ui.tf("Someone else published version {} of this article while you were editing, so yours was not published and nothing "
                         "was overwritten.", std::to_string(ar.conflict.their_version));
        const bool ready = !ar.conflict.loading && ar.conflict.theirs;
        console_dialog(ui, ui.t("Someone else published first"), "Someone else published first", body,
                       {{"reload", ready ? "Load their version (my draft is dropped)" : "Close", ButtonKind::Primary, ready || !ar.conflict.loading,
                         app::ConsoleAction{app::ResolveArticleConflict{false}}},
                        {"keep", "Keep my draft on top of it (publish again after a look)", ButtonKind::Secondary, ready,
                         app::ConsoleAction{app::ResolveArticleConflict{true}}}},
                       ar.conflict.loading);
    }
}

// [SECTION] Page -----------------------------------------------------------------------------------

void show_console_articles(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    const ConsoleArticles& ar = c.articles;
    const ConsoleFrame f = console_frame(ui);
    const float body_h = ui.height - f.top - f.bottom;
    const bool editing = !c.route.article.empty() && ar.open == c.route.article;
    if (!c.route.article.empty() && !editing) {
        console_spinner(ui, ImVec2(ui.width * 0.5f, f.top + body_h * 0.4f), "Opening the article…");
        return;
    }
    if (editing && !ar.confirm_withdraw && !ar.conflict.open) {
        if (const int k = undo_shortcut(); k < 0) emit_console(ui, app::ArticleUndo{});
        else if (k > 0) emit_console(ui, app::ArticleRedo{});
    }
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    if (editing && c.route.view == "preview") return preview_page(ui, f, body_h);
    const std::string list = app::console_path(c.brand, app::ConsolePage::Articles);
    if (ui.phone || !editing) {
        ImGui::BeginChild(editing ? "##article-form" : "##article-list", ImVec2(ui.width, body_h), false, ImGuiWindowFlags_NoBackground);
        const float w = ui.phone ? f.w : std::min(f.w, 880.f);
        const float x = ui.phone ? f.x : std::floor((ui.width - w) * 0.5f);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + (ui.phone ? 8 : 24)));
        ImGui::BeginGroup();
        if (editing) editor_form(ui, x, w, list);
        else article_list(ui, x, w);
        ImGui::Dummy(ImVec2(0, 16));
        ImGui::EndGroup();
        ImGui::EndChild();
        return;
    }
    // Desktop: the form, and beside it the draft live in a phone inside a shop.
    const float preview_w = 320, gap = 28;
    const float form_w = f.w - preview_w - gap;
    ImGui::SetCursorScreenPos(ImVec2(f.x - 8, f.top));
    ImGui::BeginChild("##article-form", ImVec2(form_w + 16, body_h), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + 16));
    ImGui::BeginGroup();
    editor_form(ui, f.x, form_w, list);
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::EndGroup();
    ImGui::EndChild();
    const float px = f.x + f.w - preview_w, py = f.top + 20;
    ImGui::SetCursorScreenPos(ImVec2(px, py));
    ImGui::BeginGroup();
    const std::string shop = c.shop.view ? c.shop.view->shop.manifest.identity.name : c.preview_shop;
    const core::Article* pub = signed_version(c);
    hint(ui, ar.changed ? ui.tf("Your draft in {}", shop) : pub && pub->retired ? ui.tf("Withdrawn: {} does not show it", shop)
                                                                            : ui.tf("As published, in {}", shop),
         preview_w);
    console_previews(ui, px, ImGui::GetCursorScreenPos().y + 2, preview_w, body_h - 20 - 96, true, &ar.form.article, ar.changed);
    if (button(ui, "preview-article-side", "Phone and desktop, another shop", ButtonKind::Ghost, ImVec2(preview_w, 40)))
        ui.emit(app::Navigate{app::console_article_path(c.brand, ar.open, true, c.preview_shop)});
    ImGui::EndGroup();
}

}  // namespace ui
