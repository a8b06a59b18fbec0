// Article page (/s/<shop>/a/<article>): a brand's article inside a distributor's shop (issue 15).
// The shop's own header and bar around it, the distributor's note above it in a card of its own
// (their words, never mixed with the brand's), the brand's signed text under a "Verified by" mark,
// and product cards that sell in this shop. Sharing it (the top bar's share) sends this shop's
// link with the article as its campaign.
//
// [SECTION] Blocks     paragraph, heading, picture, product card
// [SECTION] Article    cover, title, summary, note, blocks, the fine print
// [SECTION] Screen     finding the article among the shop's brands; loading and not-found states
#include <algorithm>

#include "core/money.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

namespace {

// [SECTION] Blocks ---------------------------------------------------------------------------------

// A picture at its own proportions, the column's width at most; its description read out to the
// test hook (and, with the accessibility issue, to screen readers).
void picture(Ui& ui, const core::ImageRef& ref, const std::string& alt, float x, float width) {
    const float w = std::min(width, static_cast<float>(ref.w > 0 ? ref.w : width));
    const float h = ref.w > 0 && ref.h > 0 ? w * ref.h / ref.w : w * 0.6f;
    const ImVec2 p(x + (width - w) * 0.5f, ImGui::GetCursorScreenPos().y);
    image(ui, ref, p, ImVec2(p.x + w, p.y + h), 12);
    ui.canvas.expose("article-picture", alt, p, ImVec2(p.x + w, p.y + h));
    ImGui::Dummy(ImVec2(width, h));
    if (!alt.empty()) text_block(ui, Font::Small, ui.pal.muted, alt, width);
    ImGui::Dummy(ImVec2(0, 6));
}

// A product of the article, sold in this shop: thumbnail, title, price, add to cart; the card
// opens the product page. A product this shop does not sell says so instead of vanishing.
void product_row(Ui& ui, const core::ShopView& view, const core::BrandSection& brand, const std::string& pid, float x, float width) {
    const core::ShopItem* item = view.find(pid);
    const ImVec2 min(x, ImGui::GetCursorScreenPos().y);
    const float h = ui.phone ? 108 : 120, t = h - 24;
    const ImVec2 max(min.x + width, min.y + h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!item) {
        const core::Product* p = brand.release ? brand.release->find(pid) : nullptr;
        dl->AddRectFilled(min, ImVec2(max.x, min.y + 56), ui.pal.surface_alt, 12);
        const std::string msg = p ? ui.tf("{} is not sold in this shop.", p->title) : std::string(ui.t("This product is no longer sold."));
        draw_text(ui, Font::Small, ImVec2(min.x + 14, min.y + 18), ui.pal.muted, msg, width - 28);
        ui.canvas.expose("article-product-missing", msg, min, ImVec2(max.x, min.y + 56), pid);
        ImGui::Dummy(ImVec2(width, 64));
        return;
    }
    const core::Product& p = *item->product;
    ImGui::SetCursorScreenPos(min);
    ImGui::PushID(pid.c_str());
    const float bw = ui.phone ? 104 : 132;
    const bool open = ImGui::InvisibleButton("##row", ImVec2(width - bw - 16, h));
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    shadow_rect(dl, min, max, 14, ui.pal.shadow, hovered && !ui.phone ? 10 : 4);
    dl->AddRectFilled(min, max, ui.pal.surface, 14);
    image(ui, p.thumb.empty() && !p.images.empty() ? p.images.front() : p.thumb, ImVec2(min.x + 12, min.y + 12),
          ImVec2(min.x + 12 + t, min.y + 12 + t), 10);
    const float tx = min.x + 12 + t + 14, tw = width - (tx - min.x) - bw - 20;
    draw_text_clamped(ui, Font::Strong, ImVec2(tx, min.y + 14), tw, 2, ui.pal.text, p.title);
    if (!p.subtitle.empty() && !ui.phone) draw_text_clamped(ui, Font::Small, ImVec2(tx, min.y + 58), tw, 1, ui.pal.muted, p.subtitle);
    draw_price(ui, ImVec2(tx, max.y - 34), p.price, p.list_price, brand.release->currency, Font::Strong, ui.pal.primary);
    ImGui::SetCursorScreenPos(ImVec2(max.x - bw - 12, min.y + (h - 44) * 0.5f));
    if (button(ui, "add", "Add to cart", ButtonKind::Primary, ImVec2(bw, 44))) ui.emit(app::AddToCart{p.brand, p.id, 1});
    ui.canvas.describe(std::string(ui.t("Add to cart")) + ", " + p.title);  // (one of several on a page)
    ImGui::PopID();
    ui.canvas.expose("article-product", p.title, min, max, pid);
    if (open) ui.emit(app::Navigate{app::product_path(view.shop.manifest.slug, pid)});
    ImGui::SetCursorScreenPos(ImVec2(min.x, max.y));
    ImGui::Dummy(ImVec2(width, 14));
}

}  // namespace

// [SECTION] Article --------------------------------------------------------------------------------

void article_body(Ui& ui, const core::ShopView& view, const core::BrandSection& brand, const core::Article& a, float x, float width) {
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
    ImGui::BeginGroup();  // every line of the column starts at x, not at the window's edge
    if (!a.cover.empty()) {
        const float h = std::min(width * (a.cover.h > 0 && a.cover.w > 0 ? static_cast<float>(a.cover.h) / a.cover.w : 0.52f), 420.f);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        image(ui, a.cover, p, ImVec2(p.x + width, p.y + h), 16);
        ui.canvas.expose("article-cover", a.title, p, ImVec2(p.x + width, p.y + h));
        ImGui::Dummy(ImVec2(width, h + 8));
    }
    const ImVec2 b = ImGui::GetCursorScreenPos();
    verified_badge(ui, b, brand.cert.name);
    ImGui::Dummy(ImVec2(width, 30));
    const ImVec2 tp = ImGui::GetCursorScreenPos();
    text_block(ui, Font::Display, ui.pal.text, a.title, width);
    ui.canvas.expose("article-title", a.title, tp, ImVec2(tp.x + width, ImGui::GetCursorScreenPos().y));
    if (!a.summary.empty()) {
        const ImVec2 sp = ImGui::GetCursorScreenPos();
        text_block(ui, Font::Body, ui.pal.muted, a.summary, width);
        ui.canvas.expose("article-summary", a.summary, sp, ImVec2(sp.x + width, ImGui::GetCursorScreenPos().y));
    }
    ImGui::Dummy(ImVec2(0, 8));
    const auto& notes = view.shop.manifest.notes;
    if (auto n = notes.find(core::article_note_key(a.id)); n != notes.end() && !n->second.empty())
        distributor_note(ui, view, n->second, width);
    for (const auto& block : a.blocks) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
        switch (block.kind) {
            case core::ArticleBlock::Heading: {
                ImGui::Dummy(ImVec2(0, 8));
                const ImVec2 hp = ImGui::GetCursorScreenPos();
                text_block(ui, Font::Title, ui.pal.text, block.text, width);
                ui.canvas.expose("article-heading", block.text, hp, ImVec2(hp.x + width, ImGui::GetCursorScreenPos().y));
                ImGui::Dummy(ImVec2(0, 2));
                break;
            }
            case core::ArticleBlock::Paragraph: {
                const ImVec2 pp = ImGui::GetCursorScreenPos();
                text_block(ui, Font::Body, ui.pal.text, block.text, width);
                ui.canvas.expose("article-paragraph", block.text, pp, ImVec2(pp.x + width, ImGui::GetCursorScreenPos().y));
                ImGui::Dummy(ImVec2(0, 8));
                break;
            }
            case core::ArticleBlock::Picture: picture(ui, block.image, block.text, x, width); break;
            case core::ArticleBlock::ProductCard: product_row(ui, view, brand, block.product, x, width); break;
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
    const std::string fine = ui.tf("Written and signed by {}.", brand.cert.name) + " " +
                             ui.tf("{} shares it in this shop; products you buy here are sold by this shop.", view.shop.manifest.identity.name);
    text_block(ui, Font::Small, ui.pal.faint, fine, width);
    ImGui::EndGroup();
}

// [SECTION] Screen ---------------------------------------------------------------------------------

void article_page(Ui& ui, const core::ShopView& view, const core::Article& article) {
    Frame f = frame_for(ui);
    auto cart = ui.state.session.carts.find(view.shop.manifest.slug);
    f.bottom = cart != ui.state.session.carts.end() && !cart->second.empty() ? (ui.phone ? 68 : 72) : 0;
    const core::BrandSection* brand = view.brand(article.brand);
    if (begin_body(ui, f)) {
        // A readable measure on wide screens: about 70 characters a line.
        const float w = std::min(f.content_w, 720.f);
        const float x = f.content_x + (f.content_w - w) * 0.5f;
        ImGui::Dummy(ImVec2(0, ui.phone ? 12 : 24));
        if (brand) article_body(ui, view, *brand, article, x, w);
        ImGui::Dummy(ImVec2(0, 24));
    }
    end_body();
    shop_top_bar(ui, view, true, f);
    cart_bar(ui, view, f);
}

void show_article(Ui& ui, const core::ShopView& view) {
    const auto& route = ui.state.route;
    const core::Article* article = nullptr;
    bool loading = false;
    std::string failed;
    for (const auto& section : view.brands) {
        auto it = ui.state.articles.find(section.cert.brand);
        if (it == ui.state.articles.end() || it->second.status == app::LoadStatus::Loading || it->second.status == app::LoadStatus::Idle) {
            loading = true;
            continue;
        }
        if (it->second.status == app::LoadStatus::Failed) failed = it->second.error.message;
        if (const core::Article* a = it->second.set.find(route.article)) article = a;
    }
    if (article) return article_page(ui, view, *article);
    Frame f = frame_for(ui);
    if (begin_body(ui, f)) {
        if (loading) {
            loading_view(ui);
        } else if (!failed.empty()) {
            notice_page(ui, Icon::Alert, "Could not load the article", failed,
                        {{"Try again", app::Retry{}}, {"See the shop", app::Navigate{app::shop_path(view.shop.manifest.slug)}}});
        } else {
            // Withdrawn, never published, or refused (forged): the brand's words are not shown.
            notice_page(ui, Icon::Search, "This article is not available",
                        ui.tf("The brand may have withdrawn it. {} has more to see.", view.shop.manifest.identity.name),
                        {{"See the shop", app::Navigate{app::shop_path(view.shop.manifest.slug)}}});
        }
    }
    end_body();
    shop_top_bar(ui, view, true, f);
}

}  // namespace ui
