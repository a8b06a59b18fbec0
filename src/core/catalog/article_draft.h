// ArticleDraft: a brand article as the brand console's article editor holds it, before the brand
// signs it (article.h is the signed document). Nothing here signs: prepare_article makes the next
// version for the caller to sign with the brand key; article_problems (article.h) says what stops it.
//
// [SECTION] Draft     the article as typed, the version it edits, the id suggested from the title
// [SECTION] Edits     body blocks and share materials added, moved, removed (within the limits)
// [SECTION] Publish   the next version to sign; withdrawing (the next version, retired)
// [SECTION] Saved     the autosave form, read leniently: a draft may hold what cannot be published yet
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/article.h"
#include "core/history.h"
#include "core/json.h"
#include "core/result.h"
#include "core/time.h"

namespace core {

// [SECTION] Draft
struct ArticleDraft {
    Article article;                // as typed (brand filled in; version and time set when signed)
    std::int64_t base_version = 0;  // the signed version this draft edits; 0: never published
    bool id_typed = false;          // the brand typed the id: the title no longer suggests it
    bool operator==(const ArticleDraft& o) const;
};
using ArticleHistory = UndoHistory<ArticleDraft>;

// Two articles show the same content (version and time aside).
bool same_article(const Article& a, const Article& b);

// A new article: one empty paragraph to start writing in.
ArticleDraft new_article_draft(const std::string& brand);
// The signed article as a draft of its next version (a withdrawn one comes back unwithdrawn).
ArticleDraft draft_of(const Article& published);

// An id for a title: lowercase a-z and 0-9, other runs of characters as one "-", at most
// kMaxArticleIdBytes; "article" when the title has none of those (a Chinese title); "-2", "-3", ...
// added while the id is one of `taken`.
std::string suggest_article_id(std::string_view title, const std::vector<std::string>& taken);
// The title changed: the id follows it while the draft was never published and the brand has not
// typed an id of its own.
void title_changed(ArticleDraft& d, const std::vector<std::string>& taken);
// The id can change only before the first version is published (it is in every shared link).
bool id_editable(const ArticleDraft& d);

// [SECTION] Edits
// Each returns false (and changes nothing) when the edit is not possible: over a limit, an index
// out of range, a move past either end.
bool add_block(Article& a, ArticleBlock::Kind kind);
bool move_block(Article& a, std::size_t index, int by);  // by -1: up, +1: down
bool remove_block(Article& a, std::size_t index);
bool add_material(Article& a);
bool move_material(Article& a, std::size_t index, int by);
bool remove_material(Article& a, std::size_t index);

// [SECTION] Publish
// The article to sign: the draft's content as version base_version + 1, created `now`, not retired.
// Refuses a draft with any problem (article_problems against `release`, the first one's sentence).
Result<Article> prepare_article(const ArticleDraft& d, const Release* release, UtcMs now);
// The signed article withdrawn: its next version, retired (shops stop showing it, links say so).
Article withdrawn_article(const Article& published, UtcMs now);

// [SECTION] Saved
Json article_draft_to_json(const ArticleDraft& d);
Result<ArticleDraft> article_draft_from_json(const Json& doc, const std::string& brand);

}  // namespace core
