#include "core/catalog/article.h"

#include <algorithm>
#include <set>

namespace core {

std::vector<std::string> Article::products() const {
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto add = [&](const std::string& pid) {
        if (!pid.empty() && seen.insert(pid).second) out.push_back(pid);
    };
    for (const auto& b : blocks)
        if (b.kind == ArticleBlock::ProductCard) add(b.product);
    for (const auto& m : materials) add(m.product);
    return out;
}

// [SECTION] Rules -----------------------------------------------------------------------------------

bool has_markup(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '<') continue;
        const char c = text[i + 1];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?') return true;
    }
    static constexpr std::string_view kScheme = "javascript:";
    for (std::size_t i = 0; i + kScheme.size() <= text.size(); ++i) {
        bool same = true;
        for (std::size_t k = 0; k < kScheme.size() && same; ++k) {
            char c = text[i + k];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            same = c == kScheme[k];
        }
        if (same) return true;
    }
    return false;
}

bool is_article_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxArticleIdBytes || id.front() == '-') return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

namespace {

// A picture the browser can fetch and check: a content-addressed path of this store and its hash.
bool good_image(const ImageRef& r) {
    if (r.sha256.size() != 64) return false;
    for (char c : r.sha256)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return r.src.rfind("/img/", 0) == 0 && r.src.find(r.sha256) != std::string::npos && r.src.find("..") == std::string::npos &&
           r.w > 0 && r.h > 0 && r.w <= 16384 && r.h <= 16384;
}

void text_problem(const std::string& text, std::size_t limit, bool required, const std::string& field, const std::string& what,
                  std::vector<ArticleProblem>& out) {
    if (required && text.empty()) {
        out.push_back({field, what + " is empty. Write it, or remove it."});
    } else if (text.size() > limit) {
        out.push_back({field, what + " is " + std::to_string(text.size()) + " bytes long; at most " + std::to_string(limit) +
                                  " fit. Shorten it."});
    } else if (has_markup(text)) {
        out.push_back({field, what + " contains markup (\"<...>\" or a script address). Write plain text: it is shown "
                                     "as written, in the app, in link previews and in chats."});
    }
}

}  // namespace

std::vector<ArticleProblem> article_problems(const Article& a, const Release* release) {
    std::vector<ArticleProblem> out;
    if (!is_article_id(a.id))
        out.push_back({"id", "The article's id \"" + a.id + "\" must be 1 to 48 of a-z, 0-9 and \"-\" (it is part of its link)."});
    text_problem(a.title, kMaxArticleTitleBytes, true, "title", "The title", out);
    text_problem(a.summary, kMaxArticleSummaryBytes, false, "summary", "The summary", out);
    text_problem(a.share_text, kMaxShareTextBytes, false, "share_text", "The suggested share text", out);
    if (!a.cover.empty() && !good_image(a.cover))
        out.push_back({"cover", "The cover is not a picture of this store (/img/<sha256> with its width and height). Upload it again."});
    if (a.blocks.empty()) out.push_back({"blocks", "The article has no paragraphs. Write at least one."});
    if (a.blocks.size() > kMaxArticleBlocks)
        out.push_back({"blocks", "The article has " + std::to_string(a.blocks.size()) + " parts; at most " +
                                     std::to_string(kMaxArticleBlocks) + " fit. Split it into two articles."});
    for (std::size_t i = 0; i < a.blocks.size() && i < kMaxArticleBlocks; ++i) {
        const auto& b = a.blocks[i];
        const std::string field = "blocks." + std::to_string(i);
        const std::string n = std::to_string(i + 1);
        switch (b.kind) {
            case ArticleBlock::Paragraph: text_problem(b.text, kMaxParagraphBytes, true, field, "Paragraph " + n, out); break;
            case ArticleBlock::Heading: text_problem(b.text, kMaxHeadingBytes, true, field, "Heading " + n, out); break;
            case ArticleBlock::Picture:
                if (!good_image(b.image))
                    out.push_back({field, "Picture " + n + " is not a picture of this store. Upload it again."});
                else
                    text_problem(b.text, kMaxAltBytes, false, field, "The description of picture " + n, out);
                break;
            case ArticleBlock::ProductCard:
                if (b.product.empty()) out.push_back({field, "Product card " + n + " names no product. Pick one."});
                break;
        }
    }
    if (a.materials.size() > kMaxShareMaterials)
        out.push_back({"materials", "The article has " + std::to_string(a.materials.size()) + " share materials; at most " +
                                        std::to_string(kMaxShareMaterials) + " fit."});
    for (std::size_t i = 0; i < a.materials.size() && i < kMaxShareMaterials; ++i) {
        const auto& m = a.materials[i];
        const std::string field = "materials." + std::to_string(i);
        text_problem(m.text, kMaxShareTextBytes, true, field, "Share material " + std::to_string(i + 1), out);
        if (!m.image.empty() && !good_image(m.image))
            out.push_back({field, "The picture of share material " + std::to_string(i + 1) + " is not a picture of this store."});
    }
    if (release) {
        for (const auto& pid : missing_products(a, *release))
            out.push_back({"products", "The article names product \"" + pid + "\", which " + (release->brand.empty() ? "the" : "the brand's") +
                                           " current catalog does not have. Pick a product of the catalog, or publish it first."});
    }
    return out;
}

std::vector<std::string> missing_products(const Article& a, const Release& release) {
    std::vector<std::string> out;
    for (const auto& pid : a.products())
        if (!release.find(pid)) out.push_back(pid);
    return out;
}

// [SECTION] Parsing ---------------------------------------------------------------------------------

namespace {

Error bad(const std::string& what) { return make_error("bad_article", what); }

// A field that may be absent must, when present, be of its kind: the store's pages read the signed
// fields as they are.
bool text_field(const Json& j, const char* key, std::string& out) {
    if (!j.is_object() || !j.contains(key)) return true;
    auto s = get_string(j, key);
    if (!s) return false;
    out = *s;
    return true;
}

bool image_field(const Json& j, const char* key, ImageRef& out) {
    if (!j.is_object() || !j.contains(key) || j[key].is_null()) return true;
    const Json* o = get_object(j, key);
    if (!o) return false;
    auto src = get_string(*o, "src");
    auto sha = get_string(*o, "sha256");
    auto w = get_int(*o, "w");
    auto h = get_int(*o, "h");
    if (!src || !sha || !w || !h || *w < 0 || *h < 0 || *w > 1'000'000 || *h > 1'000'000) return false;
    out.src = *src;
    out.sha256 = *sha;
    out.w = static_cast<int>(*w);
    out.h = static_cast<int>(*h);
    return true;
}

Json image_json(const ImageRef& r) { return Json{{"src", r.src}, {"sha256", r.sha256}, {"w", r.w}, {"h", r.h}}; }

}  // namespace

Result<Article> parse_article(const Json& p) {
    if (string_or(p, "type", "") != "article") return bad("This is not a brand article.");
    Article a;
    auto brand = get_string(p, "brand");
    auto id = get_string(p, "id");
    auto version = get_int(p, "version");
    if (!brand || brand->empty()) return bad("The article names no brand.");
    if (!id) return bad("The article has no id.");
    if (!version || *version <= 0) return bad("The article's \"version\" must be a whole number from 1.");
    a.brand = *brand;
    a.id = *id;
    a.version = *version;
    if (p.contains("created_ms")) {
        auto t = get_int(p, "created_ms");
        if (!t || *t < 0) return bad("The article's \"created_ms\" must be a time in UTC milliseconds.");
        a.created_ms = *t;
    }
    if (!text_field(p, "title", a.title) || !text_field(p, "summary", a.summary) || !text_field(p, "share_text", a.share_text))
        return bad("The article's title, summary and share text must be text.");
    if (!image_field(p, "cover", a.cover)) return bad("The article's cover must be {\"src\", \"sha256\", \"w\", \"h\"}.");
    if (p.contains("retired")) {
        auto r = get_bool(p, "retired");
        if (!r) return bad("The article's \"retired\" must be true or false.");
        a.retired = *r;
    }
    const Json* blocks = get_array(p, "blocks");
    if (!blocks) return bad("The article has no list of \"blocks\".");
    if (blocks->size() > kMaxArticleBlocks)
        return bad("The article has " + std::to_string(blocks->size()) + " parts; at most " + std::to_string(kMaxArticleBlocks) + " fit.");
    for (const auto& j : *blocks) {
        const std::string n = std::to_string(a.blocks.size() + 1);
        if (!j.is_object()) return bad("Part " + n + " of the article is not an object.");
        auto kind = get_string(j, "kind");
        ArticleBlock b;
        if (!kind) return bad("Part " + n + " of the article has no \"kind\".");
        if (*kind == "p" || *kind == "h") {
            b.kind = *kind == "p" ? ArticleBlock::Paragraph : ArticleBlock::Heading;
            auto text = get_string(j, "text");
            if (!text) return bad("Part " + n + " of the article has no text.");
            b.text = *text;
        } else if (*kind == "img") {
            b.kind = ArticleBlock::Picture;
            if (!get_object(j, "image") || !image_field(j, "image", b.image))
                return bad("Picture " + n + " of the article must be {\"image\": {\"src\", \"sha256\", \"w\", \"h\"}, \"alt\"}.");
            if (!text_field(j, "alt", b.text)) return bad("The description of picture " + n + " must be text.");
        } else if (*kind == "product") {
            b.kind = ArticleBlock::ProductCard;
            auto pid = get_string(j, "product");
            if (!pid) return bad("Product card " + n + " names no \"product\".");
            b.product = *pid;
        } else {
            return bad("Part " + n + " of the article is of an unknown kind; the kinds are p, h, img and product.");
        }
        a.blocks.push_back(std::move(b));
    }
    if (p.contains("materials")) {
        const Json* mats = get_array(p, "materials");
        if (!mats) return bad("The article's \"materials\" must be a list.");
        if (mats->size() > kMaxShareMaterials)
            return bad("The article has " + std::to_string(mats->size()) + " share materials; at most " +
                       std::to_string(kMaxShareMaterials) + " fit.");
        for (const auto& j : *mats) {
            ShareMaterial m;
            if (!j.is_object() || !text_field(j, "text", m.text) || !text_field(j, "product", m.product) ||
                !image_field(j, "image", m.image))
                return bad("A share material must be {\"text\", \"image\" (optional), \"product\" (optional)}.");
            a.materials.push_back(std::move(m));
        }
    }
    auto problems = article_problems(a, nullptr);
    if (!problems.empty()) return bad(problems.front().message);
    return a;
}

Json article_to_json(const Article& a) {
    Json blocks = Json::array();
    for (const auto& b : a.blocks) {
        switch (b.kind) {
            case ArticleBlock::Paragraph: blocks.push_back({{"kind", "p"}, {"text", b.text}}); break;
            case ArticleBlock::Heading: blocks.push_back({{"kind", "h"}, {"text", b.text}}); break;
            case ArticleBlock::Picture: blocks.push_back({{"kind", "img"}, {"image", image_json(b.image)}, {"alt", b.text}}); break;
            case ArticleBlock::ProductCard: blocks.push_back({{"kind", "product"}, {"product", b.product}}); break;
        }
    }
    Json j{{"type", "article"}, {"brand", a.brand},   {"id", a.id},           {"version", a.version},
           {"created_ms", a.created_ms}, {"title", a.title}, {"summary", a.summary}, {"share_text", a.share_text},
           {"blocks", blocks}};
    if (!a.cover.empty()) j["cover"] = image_json(a.cover);
    if (a.retired) j["retired"] = true;
    if (!a.materials.empty()) {
        Json mats = Json::array();
        for (const auto& m : a.materials) {
            Json mj{{"text", m.text}};
            if (!m.image.empty()) mj["image"] = image_json(m.image);
            if (!m.product.empty()) mj["product"] = m.product;
            mats.push_back(std::move(mj));
        }
        j["materials"] = std::move(mats);
    }
    return j;
}

Result<Article> open_article(const Envelope& env, const BrandCert& brand) {
    auto payload = open_envelope(env, &brand.key);
    if (!payload)
        return make_error("unverified_article", "This article could not be verified as written by " + brand.name + ": " +
                                                    payload.error().message);
    auto a = parse_article(*payload);
    if (!a) return a.error();
    if (a->brand != brand.brand)
        return make_error("unverified_article", "This article names another brand than the one that signed it.");
    return a;
}

const Article* ArticleSet::find(const std::string& id) const {
    for (const auto& a : articles)
        if (a.id == id) return &a;
    return nullptr;
}

ArticleSet open_articles(const Json& answer, const BrandCert& brand, bool keep_retired) {
    ArticleSet set;
    const Json* list = get_array(answer, "articles");
    if (!list) {
        set.refused.push_back(make_error("bad_answer", "The store's list of " + brand.name + "'s articles is not a list."));
        return set;
    }
    for (const auto& j : *list) {
        auto env = Envelope::from_json(j);
        if (!env) {
            set.refused.push_back(env.error());
            continue;
        }
        auto a = open_article(*env, brand);
        if (!a) {
            set.refused.push_back(a.error());
            continue;
        }
        auto same = std::find_if(set.articles.begin(), set.articles.end(), [&](const Article& x) { return x.id == a->id; });
        if (same != set.articles.end()) {
            if (same->version < a->version) *same = std::move(*a);
            continue;
        }
        set.articles.push_back(std::move(*a));
    }
    if (!keep_retired)
        set.articles.erase(std::remove_if(set.articles.begin(), set.articles.end(), [](const Article& a) { return a.retired; }),
                           set.articles.end());
    if (set.articles.size() > kMaxArticlesPerBrand) set.articles.resize(kMaxArticlesPerBrand);
    std::stable_sort(set.articles.begin(), set.articles.end(),
                     [](const Article& x, const Article& y) { return x.created_ms > y.created_ms; });
    return set;
}

}  // namespace core
