// The demo's content, read from assets/demo/ at run time (internal to the demo library): what the
// two brands sell and write, the distributors' shops, and the scale world's words. Text, prices and
// colours are data a person edits; how they are drawn, signed and checked stays in code.
//
// [SECTION] Brands    catalog (categories, products with text, prices, look), label, sets, policy, articles
// [SECTION] Shops     identity, theme, enrollments, selection, notes, avatar and banner
// [SECTION] Scale     categories and the words the 3,000 SKUs and 20,000 names are made of
// [SECTION] Loading   load_demo_content, load_scale_content
//
// Files (see assets/README.md): DIR/demo/huaxi.json and DIR/demo/northmoor.json (one brand each, in
// that order), DIR/demo/shops.json, DIR/demo/scale.json. Colours are "#RRGGBB", money integer minor
// units, kinds and styles lower-case names. A missing or malformed file, or a field of the wrong
// type, is an error that names the file and the field; nothing is guessed.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/money.h"
#include "core/result.h"
#include "paint.h"

namespace demo {

// [SECTION] Brands
struct SpecSeed {
    std::string name, value;
};

struct ProductSeed {
    std::string category, title, subtitle, description;
    std::vector<SpecSeed> specs;
    core::Minor price = 0, list_price = 0;  // list_price 0: no crossed-out price
    Kind kind = Kind::Tin;
    std::uint32_t body = 0, lid = 0, accent = 0, content = 0;  // content: what shows through glass, tea in a cup
    float gloss = 0.3f;
    std::string big, small;  // label words
};

struct ArticleBlockSeed {
    char kind = 'p';   // 'p' paragraph, 'h' heading, 'i' picture of a product, 'c' product card
    std::string text;  // p, h: the text; i: what the picture shows (its alt text); c: unused
    int product = 0;   // i, c: 1-based number within the brand
    int view = 0;      // i: which of the product's gallery pictures
};

struct MaterialSeed {
    std::string text;
    int picture = 0;  // a product whose first gallery picture goes with the text; 0: the article's cover
    int product = 0;  // the product it is about; 0: the article itself
};

// Brand articles (issue 15): what each brand writes for its distributors to share under their own
// shops. Pictures are the brand's own product photographs; each cover is a landscape painted for it.
// The ids are campaigns the demo's history already runs (demo_history.cpp), so the articles open
// with visits and orders behind them.
struct ArticleSeed {
    std::string brand, id;
    int created_hours = 0;  // after the demo's t0
    std::string title, summary, share_text;
    BannerArt cover;
    std::vector<ArticleBlockSeed> blocks;
    std::vector<MaterialSeed> materials;
};

struct BrandSeed {
    std::string id, name, locale, currency;
    std::string id_prefix;  // product ids: p_<prefix>_001
    std::vector<core::Category> categories;
    std::vector<ProductSeed> products;
    // Label look shared by the brand's packaging.
    std::string label_brand, seal;
    std::uint32_t label = 0, ink = 0;
    Style style = Style::Tea;
    std::vector<Backdrop> backdrops;
    core::Policy policy;  // brand and version are filled in when it is signed
    std::vector<ArticleSeed> articles;
};

// [SECTION] Shops
struct NoteSeed {
    int product = 0;  // 1-based number within the brand
    std::string brand, text;
};

// A shop's selection: every product of a brand (`all`, in the distributor's own category order), or
// the products of a brand by 1-based number.
struct SelectionSeed {
    std::string brand;
    bool all = false;
    std::vector<int> numbers;
};

struct ShopSeed {
    std::string slug, distributor;
    std::string person;      // display name, also the enrollment name (per brand below)
    std::string person_alt;  // name used in a second brand's enrollment, if any ("" = none)
    std::string shop_name, greeting, contact;
    std::vector<std::pair<std::string, std::string>> enroll;  // brand -> parent distributor ("" = brand)
    std::uint32_t primary = 0, accent = 0, background = 0, surface = 0, text = 0;
    std::string layout;
    std::vector<SelectionSeed> products;
    std::vector<std::pair<std::string, int>> featured;
    std::vector<NoteSeed> notes;
    AvatarArt avatar;
    BannerArt banner;
};

struct Content {
    std::vector<BrandSeed> brands;  // in the order their documents are signed
    std::vector<ShopSeed> shops;
    std::vector<ArticleSeed> articles;  // every brand's, brand by brand

    const BrandSeed* brand(const std::string& id) const;
};

// [SECTION] Scale
struct ScaleCategory {
    std::string id, name;
    std::vector<std::string> nouns;
    bool scented = false;  // variants are scents/flavours rather than colours
    core::Minor base_price = 0;
    std::string unit;
};

struct ScaleContent {
    std::string backdrops_of;  // the demo brand whose sets the product shots use
    std::vector<ScaleCategory> categories;
    std::vector<std::string> scents, colours, first_names, last_names, greetings, notes;
};

// [SECTION] Loading
// `assets` is the assets folder (the one holding demo/).
core::Result<Content> load_demo_content(const std::string& assets);
core::Result<ScaleContent> load_scale_content(const std::string& assets);

}  // namespace demo
