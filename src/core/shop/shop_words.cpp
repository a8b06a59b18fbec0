#include "core/shop/shop_words.h"

#include <array>

namespace core {

namespace {
constexpr std::array kWords{
    ShopWord{"no_products", "No products yet.", "店里暂时还没有商品。"},
    ShopWord{"not_in_shop_title", "This product isn't in {shop}'s shop (any more)", "这件商品不在{shop}（或已下架）"},
    ShopWord{"not_in_shop", "This product isn't in this shop (any more). Here is what the shop has:",
             "这件商品不在这家店里（或已下架）。看看店里现有的商品："},
    ShopWord{"sold_by", "Sold by {shop}, content verified by {brand}.", "由{shop}销售，商品内容经{brand}签名验证。"},
    // Above a distributor's own words on a product or an article, apart from the brand's content.
    ShopWord{"note_from", "A note from {shop}", "{shop}的推荐语"},
    ShopWord{"shop_description", "{shop}'s shop", "{shop}的小店"},
    ShopWord{"brand_title", "{brand} — shops and products", "{brand} — 店铺与商品"},
    ShopWord{"brand_description", "Shops of {brand}'s distributors, with products {brand} signs and locks.",
             "{brand}的分销店铺，商品内容由{brand}签名锁定。"},
    ShopWord{"brand_count", "{n} shops carry {brand}.", "共有 {n} 家店铺销售{brand}。"},
    ShopWord{"articles", "Articles", "文章"},
    ShopWord{"article_by", "Written by {brand}, shared by {shop}.", "{brand}撰文，{shop}分享。"},
    ShopWord{"article_gone_title", "This article isn't in {shop}'s shop (any more)", "这篇文章不在{shop}（或已撤下）"},
    ShopWord{"article_gone", "This article was withdrawn, or the link is mistyped.", "这篇文章已撤下，或链接有误。"},
    ShopWord{"back_to_shop", "Go to {shop}'s shop", "去{shop}逛逛"},
};
}  // namespace

std::span<const ShopWord> shop_words() { return kWords; }

std::string shop_word(std::string_view key, std::string_view lang,
                      std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
    const bool zh = lang.substr(0, 2) == "zh";
    std::string out(key);
    for (const ShopWord& w : kWords)
        if (key == w.key) out = zh ? w.zh : w.en;
    // Each {name} once from the left; a value is never searched again (a shop called "{brand}" stays).
    std::string filled;
    for (std::size_t i = 0; i < out.size();) {
        bool done = false;
        if (out[i] == '{')
            for (const auto& [name, value] : values)
                if (out.compare(i + 1, name.size(), name) == 0 && i + 1 + name.size() < out.size() && out[i + 1 + name.size()] == '}') {
                    filled += value;
                    i += name.size() + 2;
                    done = true;
                    break;
                }
        if (!done) filled += out[i++];
    }
    return filled;
}

}  // namespace core
