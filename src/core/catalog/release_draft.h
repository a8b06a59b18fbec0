// ReleaseDraft: the brand's own, not yet signed, next version of its catalog, and everything the
// brand console's release editor does to it. Nothing here signs: a draft becomes a release only when
// the brand publishes it (prepare_release, then the caller signs release_to_json with the brand key).
//
// [SECTION] Edits     one product's brand content: title, subtitle, description, specs, price, list
//                     price, pictures; each edit says in words why it was refused, and changes nothing then
// [SECTION] Prices    what a person types ("128", "128.5", "¥1,280.00") <-> integer minor units
// [SECTION] Draft     the edited products over the published release; compose for preview; publish;
//                     rebase over a version someone else published meanwhile
// [SECTION] History   undo/redo over draft snapshots; typing in one field is one step
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/history.h"
#include "core/json.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"

namespace core {

// [SECTION] Edits
enum class ProductText { Title, Subtitle, Description };

constexpr std::size_t kMaxTitleChars = 120;
constexpr std::size_t kMaxSubtitleChars = 200;
constexpr std::size_t kMaxDescriptionBytes = 8000;
constexpr std::size_t kMaxSpecs = 30;
constexpr std::size_t kMaxSpecChars = 120;
constexpr std::size_t kMaxProductImages = 12;

Result<bool> set_product_text(Product& p, ProductText field, const std::string& value);
Result<bool> set_price(Product& p, Minor price);
// A list price is the higher price before a discount: 0 (none) or more than the price.
Result<bool> set_list_price(Product& p, Minor list_price);
// Rows with a name and a value; rows left wholly empty are dropped, a value without a name is refused.
Result<bool> set_specs(Product& p, const std::vector<Spec>& specs);
// Pictures: the first one is the cover (and the grid's thumbnail).
Result<bool> add_image(Product& p, const ImageRef& image);
bool remove_image(Product& p, std::size_t index);
bool make_cover(Product& p, std::size_t index);
// True when two products show the same content (the content hash aside).
bool same_product(const Product& a, const Product& b);

// [SECTION] Prices
// Parses a typed amount in the currency's major unit into minor units: digits with optional
// thousands commas, at most the currency's decimals (minor_digits: none for JPY), an optional currency symbol or code.
// Full-width digits (a Chinese keyboard) are accepted. Empty text is an error here; callers that
// allow "no price" (the list price) check for empty first.
Result<Minor> parse_price(std::string_view text, const std::string& currency);
// The editable form of an amount: decimal_amount's "128.00", "" for 0 when `zero_empty`.
std::string price_text(Minor amount, const std::string& currency, bool zero_empty = false);

// [SECTION] Draft
struct ReleaseDraft {
    std::int64_t base_version = 0;             // the published version this draft builds on
    std::map<std::string, Product> products;   // edited products, whole content, by id
    bool operator==(const ReleaseDraft& o) const;
};

// The product as the draft shows it (the edited one, else the published one); nullptr if unknown.
const Product* draft_product(const Release& published, const ReleaseDraft& d, const std::string& id);
// Puts an edited product into the draft; edited back to what is published, it leaves the draft.
// Returns false when the draft did not change.
bool put_product(const Release& published, ReleaseDraft& d, const Product& p);
// Ids of the products the draft changes, in the release's order.
std::vector<std::string> changed_products(const Release& published, const ReleaseDraft& d);
// What differs for one product: "title", "subtitle", "description", "specs", "price", "list_price", "images".
std::vector<std::string> changed_fields(const Product& before, const Product& after);

// The release a consumer would see if the draft were published (for previews; unsigned).
Release compose_release(const Release& published, const ReleaseDraft& d);
// The release to sign: version base_version + 1, created now, the draft's products in place.
// Refuses a draft with nothing changed, one based on another version than `published`, and any
// product without a title.
Result<Release> prepare_release(const Release& published, const ReleaseDraft& d, UtcMs now);

// Someone else published `theirs` while this draft was based on `base`: the same edits over theirs.
struct Rebased {
    ReleaseDraft draft;                      // based on theirs.version
    std::vector<std::string> both_changed;   // products this draft and theirs both changed (the draft's wins)
    std::vector<std::string> dropped;        // products of the draft that theirs no longer has
    std::vector<std::string> they_changed;   // products theirs changed (incl. both_changed)
};
Rebased rebase_draft(const Release& base, const Release& theirs, const ReleaseDraft& d);

// Autosave form.
Json release_draft_to_json(const ReleaseDraft& d);
Result<ReleaseDraft> release_draft_from_json(const Json& doc, const std::string& brand);

// [SECTION] History
// The draft's undo history: core::UndoHistory (history.h), with its autosave form.
class ReleaseHistory : public UndoHistory<ReleaseDraft> {
public:
    using UndoHistory<ReleaseDraft>::UndoHistory;
    Json to_json() const;
    static Result<ReleaseHistory> from_json(const Json& doc, const std::string& brand);
};

}  // namespace core
