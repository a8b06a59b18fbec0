// A brand article drawn inside a shop, as a consumer sees it (issue 15): the shop's own header, the
// brand's verified mark, cover, title and summary, then the body (paragraphs, headings, pictures,
// and product cards that open the product in this shop). The console's previews draw a draft with
// it; the consumer's article screen can draw the page, or the body under its own distributor's note.
#pragma once
#include <string>

#include "core/catalog/article.h"
#include "core/shop/shop.h"
#include "ui/ui.h"

namespace ui {

// The whole page: the shop's top bar over the scrolling article.
void article_page(Ui& ui, const core::ShopView& view, const core::Article& article);
// The article from the cursor down, `w` wide (cover at `w` too); advances the cursor.
void article_body(Ui& ui, const core::ShopView& view, const core::Article& article, float w);

}  // namespace ui
