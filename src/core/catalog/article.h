// Article: what a brand writes besides its catalog, to be shared by every distributor under their
// own shop (issue 15). Signed and locked like a release: the browser shows an article only when the
// brand's key signed it, and a distributor's own words (their note) stay apart from it.
//
// [SECTION] Document   the payload schema
// [SECTION] Types      Article, ArticleBlock, ShareMaterial
// [SECTION] Rules      limits, no markup, product cards against the brand's release
// [SECTION] Parsing    payload <-> types; opening a signed article; a brand's set of articles
//
//   article {"type":"article","brand":id,"id":aid,"version":n,"created_ms":t,"title":s,
//            "summary":s,"cover":img,"share_text":s,"retired":false,
//            "blocks":[{"kind":"p","text":s} | {"kind":"h","text":s}
//                      | {"kind":"img","image":img,"alt":s} | {"kind":"product","product":pid}],
//            "materials":[{"text":s,"image":img-or-absent,"product":pid-or-""}]}
//                                                               signed by the brand key
//   "id" is also the campaign of every link that shares the article (core/referral/link.h), so it
//   follows the campaign id's alphabet. "version" grows with every edit, as a release's does;
//   "retired": true takes the article off every shop (links to it say it was withdrawn).
//   "materials": ready-made share texts and pictures for distributors (per product or for the
//   article's campaign), copied or downloaded from the editor's share kit.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/catalog.h"

namespace core {

// [SECTION] Types
struct ArticleBlock {
    enum Kind { Paragraph, Heading, Picture, ProductCard } kind = Paragraph;
    std::string text;     // Paragraph, Heading; Picture: its alt text
    ImageRef image;       // Picture
    std::string product;  // ProductCard: a product id of the brand's release
};

struct ShareMaterial {
    std::string text;     // a suggested share text, in the brand's words
    ImageRef image;       // optional picture to post with it
    std::string product;  // "" = for the article itself; else the product it is about
};

struct Article {
    std::string brand, id, title, summary, share_text;
    std::int64_t version = 0;
    UtcMs created_ms = 0;
    ImageRef cover;
    bool retired = false;
    std::vector<ArticleBlock> blocks;
    std::vector<ShareMaterial> materials;

    // Every product the article names (cards and materials), each once, in order.
    std::vector<std::string> products() const;
};

// [SECTION] Rules
constexpr std::size_t kMaxArticleIdBytes = 48;
constexpr std::size_t kMaxArticleTitleBytes = 160;
constexpr std::size_t kMaxArticleSummaryBytes = 400;
constexpr std::size_t kMaxShareTextBytes = 600;
constexpr std::size_t kMaxParagraphBytes = 4000;
constexpr std::size_t kMaxHeadingBytes = 200;
constexpr std::size_t kMaxAltBytes = 300;
constexpr std::size_t kMaxArticleBlocks = 120;
constexpr std::size_t kMaxShareMaterials = 30;
constexpr std::size_t kMaxArticlesPerBrand = 50;  // current (not retired) articles a brand may have

// True when the text carries something a browser would read as markup: a tag or comment opening
// ("<" followed by a letter, "/", "!" or "?"), or a script address ("javascript:", any case). The
// brand's words are drawn as text everywhere, but the same words go into the store's HTML pages and
// into chats: refused when written, not only escaped when shown.
bool has_markup(std::string_view text);

// An article id: 1-48 of a-z, 0-9 and "-", starting with a letter or digit (it is a path segment
// and a campaign id).
bool is_article_id(std::string_view id);

struct ArticleProblem {
    std::string field;    // "title", "summary", "share_text", "cover", "blocks.<i>", "materials.<i>", "id"
    std::string message;  // in plain words, for the brand
};
// Every problem of an article, in field order: the console shows them before signing; parse_article
// refuses the first. release: the brand's current release (product cards and materials must name
// its products), or null to skip that check.
std::vector<ArticleProblem> article_problems(const Article& a, const Release* release);
// The products the article names that the release does not have (each once).
std::vector<std::string> missing_products(const Article& a, const Release& release);

// The distributor's note on an article lives in their manifest's "notes" under this key (beside the
// notes on products, which are keyed by product id): their words, shown apart from the brand's.
inline std::string article_note_key(const std::string& article_id) { return "article:" + article_id; }

// [SECTION] Parsing
// Every field's type and every limit of article_problems (without the release).
Result<Article> parse_article(const Json& payload);
Json article_to_json(const Article& a);
// Signature by the brand's key, the brand named, parse_article's rules.
Result<Article> open_article(const Envelope& env, const BrandCert& brand);

// A brand's current articles as the store answers GET /api/brands/<brand>/articles:
// {"articles":[<envelope>, ...]}. Each is opened on its own: a forged or broken one is left out
// and named in `refused` (the rest still show); retired ones are left out (kept with keep_retired:
// the brand's console lists them); one per id, its highest version; newest first.
struct ArticleSet {
    std::vector<Article> articles;
    std::vector<Error> refused;
    const Article* find(const std::string& id) const;
};
ArticleSet open_articles(const Json& answer, const BrandCert& brand, bool keep_retired = false);

}  // namespace core
