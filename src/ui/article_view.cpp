// [SECTION] Parts   cover, heading block, picture block, product card
// [SECTION] Body    the brand's verified mark, title, summary, blocks, fine print
// [SECTION] Page    the shop's top bar over the scrolling body
#include "ui/article_view.h"

#include <algorithm>
#include <cmath>

#include "app/route.h"
#include "core/money.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

namespace {

// [SECTION] Parts ----------------------------------------------------------------------------------

// A picture at the column's width, its height from its own shape (kept between 2:1 and 4:5).
void picture(Ui& ui, const core::ImageRef& ref, float w, float rounding, const char* kind, const std::string& label) {
    const float aspect = ref.w > 0 && ref.h > 0 ? static_cast<float>(ref.h) / ref.w : 0.5625f;
    const float h = std::round(w * std::clamp(aspect, 0.5f, 1.25f));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    image(ui, ref, p, ImVec2(p.x + w, p.y + h), rounding);
    ui.canvas.expose(kind, label, p, ImVec2(p.x + w, p.y + h));
    ImGui::Dummy(ImVec2(w, h));
}

const core::Product* release_product(const core::ShopView& view, const std::string& brand, const std::string& id,
                                     const core::BrandSection** section) {
    *section = view.brand(brand);
    return *section && (*section)->release ? (*section)->release->find(id) : nullptr;
}

// A product of the brand's catalog inside the article: picture, title, price; it opens the product
// in this shop. A product this shop does not carry says so (its page tells the consumer too).
void product_block(Ui& ui, const core::ShopView& view, const core::Article& a, const std::string& id, float w) {
    const core::BrandSection* section = nullptr;
    const core::ShopItem* item = view.find(id);
    const core::Product* p = item ? item->product : release_product(view, a.brand, id, &section);
    if (item) section = item->brand;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float h = ui.phone ? 96 : 112, side = h - 20;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::PushID(id.c_str());
    const bool clicked = ImGui::InvisibleButton("##article-product", ImVec2(w, h));
    const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
    ImGui::PopID();
    if (hovered && p) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), held ? ui.pal.surface_alt : ui.pal.surface, 14);
    dl->AddRect(pos, ImVec2(pos.x + w, pos.y + h), ui.pal.border, 14);
    if (!p) {
        draw_text(ui, Font::Body, ImVec2(pos.x + 16, pos.y + h * 0.5f - 10), ui.pal.muted, ui.t("A product of the brand's catalog"));
        ui.canvas.expose("article-product", id, pos, ImVec2(pos.x + w, pos.y + h), id);
        ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + h));
        ImGui::Dummy(ImVec2(w, 0));
        return;
    }
    image(ui, p->thumb.empty() && !p->images.empty() ? p->images.front() : p->thumb, ImVec2(pos.x + 10, pos.y + 10),
          ImVec2(pos.x + 10 + side, pos.y + 10 + side), 10);
    const float tx = pos.x + side + 24, tw = w - side - 24 - 40;
    const float th = draw_text_clamped(ui, Font::Strong, ImVec2(tx, pos.y + 14), tw, 2, ui.pal.text, p->title);
    const std::string currency = section && section->release ? section->release->currency : std::string();
    draw_price(ui, ImVec2(tx, pos.y + 20 + th), p->price, p->list_price, currency, Font::Body, ui.pal.primary);
    if (!item) draw_text(ui, Font::Small, ImVec2(tx, pos.y + h - 26), ui.pal.muted, ui.t("Not in this shop's selection"));
    draw_icon(dl, Icon::ChevronRight, ImVec2(pos.x + w - 22, pos.y + h * 0.5f), 18, ui.pal.muted);
    ui.canvas.expose("article-product", p->title, pos, ImVec2(pos.x + w, pos.y + h), id);
    if (clicked) ui.emit(app::Navigate{app::product_path(view.shop.manifest.slug, id)});
    ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + h));
    ImGui::Dummy(ImVec2(w, 0));
}

}  // namespace

// [SECTION] Body -----------------------------------------------------------------------------------

void article_body(Ui& ui, const core::ShopView& view, const core::Article& a, float w) {
    const core::BrandSection* brand = view.brand(a.brand);
    const std::string brand_name = brand ? brand->cert.name : a.brand;
    const float x = ImGui::GetCursorScreenPos().x;
    auto gap = [](float h) { ImGui::Dummy(ImVec2(0, h)); };
    if (!a.cover.empty()) {
        picture(ui, a.cover, w, ui.phone ? 12 : 16, "article-cover", a.title);
        gap(12);
    }
    const ImVec2 b = ImGui::GetCursorScreenPos();
    verified_badge(ui, b, brand_name);
    ImGui::Dummy(ImVec2(w, 30));
    const ImVec2 tp = ImGui::GetCursorScreenPos();
    text_block(ui, Font::Display, ui.pal.text, a.title, w);
    ui.canvas.expose("article-title", a.title, tp, ImVec2(tp.x + w, ImGui::GetCursorScreenPos().y));
    if (!a.summary.empty()) {
        gap(2);
        const ImVec2 sp = ImGui::GetCursorScreenPos();
        text_block(ui, Font::Body, ui.pal.muted, a.summary, w);
        ui.canvas.expose("article-summary", a.summary, sp, ImVec2(sp.x + w, ImGui::GetCursorScreenPos().y));
    }
    gap(10);
    const float ly = ImGui::GetCursorScreenPos().y;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(x, ly), ImVec2(x + w, ly), ui.pal.border);
    gap(14);
    for (std::size_t i = 0; i < a.blocks.size(); ++i) {
        const core::ArticleBlock& blk = a.blocks[i];
        ImGui::PushID(static_cast<int>(i));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        switch (blk.kind) {
            case core::ArticleBlock::Heading:
                gap(6);
                text_block(ui, Font::Title, ui.pal.text, blk.text, w);
                ui.canvas.expose("article-heading", blk.text, p, ImVec2(p.x + w, ImGui::GetCursorScreenPos().y));
                gap(4);
                break;
            case core::ArticleBlock::Paragraph:
                text_block(ui, Font::Body, ui.pal.text, blk.text, w);
                ui.canvas.expose("article-paragraph", blk.text, p, ImVec2(p.x + w, ImGui::GetCursorScreenPos().y));
                gap(10);
                break;
            case core::ArticleBlock::Picture:
                if (!blk.image.empty()) picture(ui, blk.image, w, 12, "article-picture", blk.text);
                if (!blk.text.empty()) text_block(ui, Font::Small, ui.pal.muted, blk.text, w);
                gap(12);
                break;
            case core::ArticleBlock::ProductCard:
                if (!blk.product.empty()) product_block(ui, view, a, blk.product, w);
                gap(14);
                break;
        }
        ImGui::PopID();
    }
    gap(8);
    text_block(ui, Font::Small, ui.pal.faint,
               ui.tf("Written and signed by {}. Products and prices come from its verified catalog.", brand_name), w);
}

// [SECTION] Page -----------------------------------------------------------------------------------

void article_page(Ui& ui, const core::ShopView& view, const core::Article& article) {
    const Frame f = frame_for(ui);
    if (begin_body(ui, f, "##article")) {
        const float w = ui.phone ? f.content_w : std::min(f.content_w, 720.f);
        const float x = std::floor((ui.width - w) * 0.5f);
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + (ui.phone ? 14 : 28)));
        ImGui::BeginGroup();
        article_body(ui, view, article, w);
        ImGui::Dummy(ImVec2(0, 32));
        ImGui::EndGroup();
    }
    end_body();
    shop_top_bar(ui, view, true, f);
}

}  // namespace ui
