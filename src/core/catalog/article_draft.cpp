#include "core/catalog/article_draft.h"

#include <algorithm>

namespace core {

// [SECTION] Draft -----------------------------------------------------------------------------------

namespace {
// The content a reader sees: the signed JSON without what publishing sets.
Json content_json(const Article& a) {
    Json j = article_to_json(a);
    j.erase("version");
    j.erase("created_ms");
    return j;
}
}  // namespace

bool same_article(const Article& a, const Article& b) { return content_json(a) == content_json(b); }

bool ArticleDraft::operator==(const ArticleDraft& o) const {
    return base_version == o.base_version && id_typed == o.id_typed && same_article(article, o.article);
}

ArticleDraft new_article_draft(const std::string& brand) {
    ArticleDraft d;
    d.article.brand = brand;
    d.article.blocks.push_back(ArticleBlock{});
    return d;
}

ArticleDraft draft_of(const Article& published) {
    ArticleDraft d;
    d.article = published;
    d.article.retired = false;
    d.base_version = published.version;
    d.id_typed = true;
    return d;
}

std::string suggest_article_id(std::string_view title, const std::vector<std::string>& taken) {
    std::string id;
    bool gap = false;
    for (char ch : title) {
        char c = ch;
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (gap && !id.empty()) id += '-';
            gap = false;
            id += c;
        } else {
            gap = true;
        }
        if (id.size() >= kMaxArticleIdBytes - 3) break;  // room for "-99"
    }
    while (!id.empty() && id.back() == '-') id.pop_back();
    if (id.empty()) id = "article";
    auto is_taken = [&](const std::string& s) { return std::find(taken.begin(), taken.end(), s) != taken.end(); };
    std::string out = id;
    for (int n = 2; is_taken(out) && n < 1000; ++n) out = id + "-" + std::to_string(n);
    return out;
}

bool id_editable(const ArticleDraft& d) { return d.base_version == 0; }

void title_changed(ArticleDraft& d, const std::vector<std::string>& taken) {
    if (!id_editable(d) || d.id_typed) return;
    d.article.id = d.article.title.empty() ? std::string() : suggest_article_id(d.article.title, taken);
}

// [SECTION] Edits -----------------------------------------------------------------------------------

namespace {
template <class T>
bool move_in(std::vector<T>& v, std::size_t index, int by) {
    if (index >= v.size() || (by < 0 && index < static_cast<std::size_t>(-by)) || index + by >= v.size() || by == 0) return false;
    std::swap(v[index], v[index + by]);
    return true;
}

template <class T>
bool remove_in(std::vector<T>& v, std::size_t index) {
    if (index >= v.size()) return false;
    v.erase(v.begin() + static_cast<std::ptrdiff_t>(index));
    return true;
}
}  // namespace

bool add_block(Article& a, ArticleBlock::Kind kind) {
    if (a.blocks.size() >= kMaxArticleBlocks) return false;
    ArticleBlock b;
    b.kind = kind;
    a.blocks.push_back(std::move(b));
    return true;
}

bool move_block(Article& a, std::size_t index, int by) { return move_in(a.blocks, index, by); }
bool remove_block(Article& a, std::size_t index) { return remove_in(a.blocks, index); }

bool add_material(Article& a) {
    if (a.materials.size() >= kMaxShareMaterials) return false;
    a.materials.push_back(ShareMaterial{});
    return true;
}

bool move_material(Article& a, std::size_t index, int by) { return move_in(a.materials, index, by); }
bool remove_material(Article& a, std::size_t index) { return remove_in(a.materials, index); }

// [SECTION] Publish ---------------------------------------------------------------------------------

Result<Article> prepare_article(const ArticleDraft& d, const Release* release, UtcMs now) {
    Article a = d.article;
    a.version = d.base_version + 1;
    a.created_ms = now;
    a.retired = false;
    const auto problems = article_problems(a, release);
    if (!problems.empty()) return make_error("bad_article", problems.front().message);
    return a;
}

Article withdrawn_article(const Article& published, UtcMs now) {
    Article a = published;
    a.version = published.version + 1;
    a.created_ms = now;
    a.retired = true;
    return a;
}

// [SECTION] Saved -----------------------------------------------------------------------------------

namespace {
ImageRef image_or_empty(const Json& j, const char* key) {
    ImageRef r;
    if (const Json* o = get_object(j, key)) {
        r.src = string_or(*o, "src", "");
        r.sha256 = string_or(*o, "sha256", "");
        r.w = static_cast<int>(int_or(*o, "w", 0));
        r.h = static_cast<int>(int_or(*o, "h", 0));
    }
    return r;
}
}  // namespace

Json article_draft_to_json(const ArticleDraft& d) {
    return Json{{"article", article_to_json(d.article)}, {"base_version", d.base_version}, {"id_typed", d.id_typed}};
}

Result<ArticleDraft> article_draft_from_json(const Json& doc, const std::string& brand) {
    const Json* a = doc.is_object() ? get_object(doc, "article") : nullptr;
    if (!a) return make_error("bad_draft", "The saved article draft could not be read.");
    ArticleDraft d;
    d.base_version = std::max<std::int64_t>(0, int_or(doc, "base_version", 0));
    d.id_typed = get_bool(doc, "id_typed").value_or(false);
    Article& art = d.article;
    art.brand = brand;
    art.id = string_or(*a, "id", "");
    art.version = d.base_version;
    art.title = string_or(*a, "title", "");
    art.summary = string_or(*a, "summary", "");
    art.share_text = string_or(*a, "share_text", "");
    art.cover = image_or_empty(*a, "cover");
    if (const Json* blocks = get_array(*a, "blocks")) {
        for (const auto& j : *blocks) {
            if (art.blocks.size() >= kMaxArticleBlocks) break;
            const std::string kind = string_or(j, "kind", "p");
            ArticleBlock b;
            b.kind = kind == "h" ? ArticleBlock::Heading : kind == "img" ? ArticleBlock::Picture
                   : kind == "product" ? ArticleBlock::ProductCard : ArticleBlock::Paragraph;
            b.text = string_or(j, b.kind == ArticleBlock::Picture ? "alt" : "text", "");
            b.image = image_or_empty(j, "image");
            b.product = string_or(j, "product", "");
            art.blocks.push_back(std::move(b));
        }
    }
    if (const Json* mats = get_array(*a, "materials")) {
        for (const auto& j : *mats) {
            if (art.materials.size() >= kMaxShareMaterials) break;
            art.materials.push_back(ShareMaterial{string_or(j, "text", ""), image_or_empty(j, "image"), string_or(j, "product", "")});
        }
    }
    return d;
}

}  // namespace core
