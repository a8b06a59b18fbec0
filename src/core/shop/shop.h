// Shop: who a distributor is (Enrollment), what their shop looks like (ShopManifest), and what a
// consumer sees when both are put together with the brands' releases (ShopView).
//
// [SECTION] Documents     enrollment and manifest payloads
// [SECTION] Enrollment    the recruiting chain, verified link by link up to the brand
// [SECTION] ShopManifest  identity, theme, selection, notes: ids only, never product content
// [SECTION] ShopView      release + manifest, composed for the screens
//
//   enrollment {"type":"enrollment","brand":id,"distributor":id,"slug":s,"name":s,"key":b64,
//               "parent":id-or-"","level":n,"issued_ms":t,"active":true}
//               valid only with the recruit's own consent (see consented_link), in one of two forms:
//               (a) invited: carries "invite": <envelope of {"type":"invite","brand","parent","level",
//                   "id","expires_ms","max_uses"} signed by the parent's key (the brand's for level 1)>
//                   and is signed by the new distributor's own key (the invite's expiry against the
//                   clock, and its uses, are checked by the store, which counts them);
//               (b) an update (deactivate, reactivate, rename) signed by the parent's key (the brand's
//                   for level 1), carrying "consent": <the recruit's own invited enrollment envelope,
//                   (a), for the same brand, distributor, slug, key, parent and level>.
//               An enrollment the parent signed alone (no consent) is refused: anyone could otherwise
//               enroll someone else's key under themselves.
//   manifest   {"type":"manifest","distributor":id,"slug":s,"version":n,"updated_ms":t,
//               "identity":{"name","greeting","contact","avatar":img,"banner":img},
//               "theme":{"primary","accent","background","surface","text":"#rrggbb",
//               "layout":"grid|list|showcase"},"brands":[id],"products":[pid],
//               "featured":[pid],"notes":{pid:s}}        signed by the distributor's key.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"

namespace core {

// [SECTION] Enrollment
struct Enrollment {
    std::string brand, distributor, slug, name, parent;  // parent "" = enrolled by the brand
    PublicKey key;
    int level = 1;
    UtcMs issued_ms = 0;
    bool active = true;
    Json invite = nullptr;   // the parent's signed invite envelope, or null
    Json consent = nullptr;  // on a parent-signed update: the recruit's own invited enrollment envelope, or null
};

Result<Enrollment> parse_enrollment(const Json& payload);
Json enrollment_to_json(const Enrollment& e);

// Documents by distributor id, for one brand, as the store handed them over (untrusted).
using EnrollmentDocs = std::map<std::string, Envelope>;

// The one rule of who may enroll whom: `link` (the signed document of enrollment `e`) is valid under
// the parent whose key is `parent_key` (the parent distributor's enrollment key, or the brand's key
// for level 1) only with the recruit's own signature over it:
//   (a) "invited": signed by e.key, carrying an invite parent_key signed for exactly e's brand,
//       parent and level ({"type":"invite", an "id", "expires_ms", "max_uses" >= 1}), and issued
//       no later than the invite's expiry;
//   (b) "carried": signed by parent_key (an update: deactivate, reactivate, rename), carrying as
//       "consent" the recruit's own enrollment envelope that passes (a) against parent_key and names
//       the same brand, distributor, slug, key, parent and level, issued no later than this one.
// Anything else (the parent's signature alone, above all) is refused, with an error whose code is
// one of consent_required, wrong_signer, bad_invite, forged_invite, invite_expired, bad_consent.
// Used by verify_chain (the browser) and by the store (serve.py, through dynshop_core), which adds
// what only it can know: the clock and the invite's uses.
enum class Consent { Invited, Carried };
Result<Consent> check_consent(const Envelope& link, const Enrollment& e, const PublicKey& parent_key);
bool consented_link(const Envelope& link, const Enrollment& e, const PublicKey& parent_key);

// Walks from `distributor` up to the brand: every link consented (consented_link) under its
// parent's key, levels consistent, no loops, every member active, depth within max_levels. Returns
// the chain, distributor first, level-1 distributor last.
Result<std::vector<Enrollment>> verify_chain(const std::string& distributor, const EnrollmentDocs& docs,
                                             const BrandCert& brand, int max_levels);

// [SECTION] ShopManifest
struct Theme {
    std::uint32_t primary = 0xC2410C, accent = 0x0F766E, background = 0xFAF7F2, surface = 0xFFFFFF, text = 0x1F2937;
    std::string layout = "grid";  // grid | list | showcase
};

struct Identity {
    std::string name, greeting, contact;
    ImageRef avatar, banner;
};

struct ShopManifest {
    std::string distributor, slug;
    std::int64_t version = 0;
    UtcMs updated_ms = 0;
    Identity identity;
    Theme theme;
    std::vector<std::string> brands;
    std::vector<std::string> products;  // selection in display order; empty = every product
    std::vector<std::string> featured;
    std::map<std::string, std::string> notes;
};

// A manifest's limits, as the editor enforces them while typing and parse_manifest on every signed
// manifest, in the browser and in the store alike (dynshop_core.manifest_problem).
constexpr std::size_t kMaxNoteBytes = 600;
constexpr std::size_t kMaxGreetingBytes = 400;
constexpr std::size_t kMaxContactChars = 200;   // code points
constexpr std::size_t kMaxThemeTextChars = 64;  // any theme field (colours are 7)

// Reads a signed manifest's payload. Refuses, naming the first problem in words a person can act
// on: product content ("manifest_has_content": a field outside the list, a note or id that is not
// text), and anything else malformed ("bad_document": lengths above, colours, duplicate brands...).
Result<ShopManifest> parse_manifest(const Json& payload);
Json manifest_to_json(const ShopManifest& m);
std::string theme_color_hex(std::uint32_t rgb);
std::optional<std::uint32_t> parse_color(const std::string& hex);

struct VerifiedShop {
    ShopManifest manifest;
    std::map<std::string, std::vector<Enrollment>> chains;  // by brand
};

// Everything the store returns for one shop, untrusted until verified.
struct ShopBundle {
    Envelope manifest;
    std::map<std::string, EnrollmentDocs> enrollments;  // brand -> distributor -> doc
    std::map<std::string, Envelope> brands;             // brand certs
    std::map<std::string, Envelope> releases;           // current release per brand
    // Brands whose release came packed: its products' content hashes left out on the way (marked
    // "hashes":"left_out" in the answer; see leave_out_content_hashes). Opened with them put back.
    std::set<std::string> hashes_left_out;
    std::map<std::string, Envelope> policies;
};

Result<ShopBundle> parse_shop_bundle(const Json& doc);

// Verifies the manifest against the distributor's enrollment in each brand it carries.
// A shop is refused whole if its manifest or any chain fails: a consumer must never see a shop
// that is not what its distributor and their brands signed.
Result<VerifiedShop> verify_shop(const ShopBundle& bundle, const std::map<std::string, BrandCert>& brands);

// [SECTION] ShopView
struct BrandSection {
    BrandCert cert;
    std::optional<Release> release;  // empty when the release failed verification
    std::optional<Policy> policy;
    Error release_error;
    bool remembered = false;  // opened on a remembered seal: its content hashes were checked on an earlier visit
};

struct ShopItem {
    const Product* product = nullptr;
    const BrandSection* brand = nullptr;
    std::string note;  // the distributor's words, shown apart from the brand's
    bool featured = false;
};

struct ShopView {
    // Items point into `brands`, so a view moves but never copies.
    ShopView() = default;
    ShopView(ShopView&&) = default;
    ShopView& operator=(ShopView&&) = default;
    ShopView(const ShopView&) = delete;
    ShopView& operator=(const ShopView&) = delete;

    VerifiedShop shop;
    std::uint64_t revision = 0;      // changes whenever items are recomposed (see compose_items)
    std::vector<BrandSection> brands;
    std::vector<ShopItem> items;     // selection order
    std::vector<std::size_t> featured;  // indexes into items, in the distributor's order

    const ShopItem* find(const std::string& product_id) const;
    const BrandSection* brand(const std::string& brand_id) const;
};

// Items matching a category (empty = all), a search query (folded, every word must match the
// title, subtitle, category or brand name) and a brand (empty = all), as indexes into view.items in
// the shop's order.
std::vector<std::size_t> search_shop(const ShopView& view, const std::string& category, const std::string& query,
                                     const std::string& brand = "");

// What a shop lists, and in which order, wherever it is shown (the app's shop, the store's HTML
// first paint): the manifest's selection in its order, or, when it selects nothing, every product of
// its brands' releases in the brands' and the releases' order; each id once, from the first brand
// whose release carries it; ids no release carries are left out. Featured: the listed items the
// distributor features, in their order, each once. `catalogs[b]` is the ids of the shop's b-th
// brand's release (none for a brand without a verified one). Pinned by tests/vectors/shop_listing.json.
struct ShopListing {
    struct Entry {
        std::size_t brand = 0, product = 0;  // catalogs[brand][product]
    };
    std::vector<Entry> items;
    std::vector<std::size_t> featured;  // indexes into items
};
// find(b, id): where catalogs[b] has id (an index), or anything past its end when it has not. The
// app passes the releases' own indexes (no second index in a phone's download), the store's module
// and the tests the overload below.
template <class Find>
ShopListing shop_listing(const std::vector<std::string>& selection, const std::vector<std::string>& featured,
                         const std::vector<std::vector<std::string_view>>& catalogs, Find find) {
    ShopListing out;
    const std::size_t none = static_cast<std::size_t>(-1);
    auto locate = [&](std::string_view id) -> ShopListing::Entry {  // the first brand carrying id
        for (std::size_t b = 0; b < catalogs.size(); ++b)
            if (const std::size_t p = find(b, id); p < catalogs[b].size()) return {b, p};
        return {none, none};
    };
    std::vector<std::vector<std::size_t>> item_of(catalogs.size());  // where each product is in items
    for (std::size_t b = 0; b < catalogs.size(); ++b) item_of[b].assign(catalogs[b].size(), none);
    auto add = [&](std::string_view id) {
        const ShopListing::Entry e = locate(id);
        if (e.brand == none || item_of[e.brand][e.product] != none) return;
        item_of[e.brand][e.product] = out.items.size();
        out.items.push_back(e);
    };
    if (selection.empty()) {
        for (const auto& ids : catalogs)
            for (std::string_view id : ids) add(id);
    } else {
        for (const auto& id : selection) add(id);
    }
    std::vector<bool> shown(out.items.size());
    for (const auto& id : featured) {
        const ShopListing::Entry e = locate(id);
        const std::size_t i = e.brand == none ? none : item_of[e.brand][e.product];
        if (i == none || shown[i]) continue;
        shown[i] = true;
        out.featured.push_back(i);
    }
    return out;
}
ShopListing shop_listing(const std::vector<std::string>& selection, const std::vector<std::string>& featured,
                         const std::vector<std::vector<std::string_view>>& catalogs);

// (Re)builds items and featured from the manifest and the brands' releases (shop_listing).
void compose_items(ShopView& view);

// Opens each brand's certificate and release and composes the shop. A release that fails keeps
// its BrandSection (with the error) so the screen can say which brand could not be verified.
// requested_slug: the address the bundle was fetched for; a store that answers with another shop's
// (validly signed) documents is refused, or the visit would be credited to that other shop.
// verified: the releases this browser checked in full before (ReleaseSeals, catalog.h).
Result<ShopView> compose_shop(const ShopBundle& bundle, const PublicKey& root, const std::string& requested_slug = "",
                              const ReleaseSeals* verified = nullptr);
// What the app does with the store's answer for a shop: parse_shop_bundle, compose_shop (with the
// releases this browser verified before), and the seal of every release it opened remembered in
// `seals`; `seals_changed` says whether the list is worth storing again. ShopOpening run to its end.
Result<ShopView> open_shop(std::string_view text, const PublicKey& root, const std::string& requested_slug,
                           ReleaseSeals& seals, bool& seals_changed);

// Opening a shop in pieces: what the consumer's app does with the store's answer, a few milliseconds
// at a time between frames, so a 3,000-product shop never holds the page for long (issue 10). The
// answer is read in pieces (ObjectsOfStringsReading), the shop verified (certificates, chains,
// manifest) in one, each brand's release in many (ReleaseOpening), then the items are listed. compose_shop and open_shop are this
// run to its end: the same checks and answers whichever way it is run. Not copied or moved (its
// pieces point into it): hold it by pointer.
class ShopOpening {
public:
    // The store's answer, as open_shop takes it (the text must outlive the opening); `verified` is
    // read, never changed (see remember()).
    ShopOpening(std::string_view text, const PublicKey& root, std::string requested_slug, const ReleaseSeals* verified);
    // A bundle already read, as compose_shop takes it; it must outlive the opening.
    ShopOpening(const ShopBundle& bundle, const PublicKey& root, std::string requested_slug, const ReleaseSeals* verified);
    ShopOpening(const ShopOpening&) = delete;
    ShopOpening& operator=(const ShopOpening&) = delete;

    // Works until `deadline` has passed (at least one piece); true once finished.
    bool step(std::chrono::steady_clock::time_point deadline);
    bool finished() const { return phase_ == Phase::Done; }
    std::size_t products_read() const;   // progress, over the releases opened so far
    std::size_t products_total() const;
    Result<ShopView> take();  // once finished
    // Puts the seal of every release the view opened in `seals` (open_shop's second half); true when
    // the list changed and is worth storing again. After take(), with its view.
    bool remember(const ShopView& view, ReleaseSeals& seals) const;

private:
    enum class Phase { Parse, Shop, Releases, Items, Done };
    void refuse(Error e);
    void parse(std::chrono::steady_clock::time_point deadline);
    void verify();
    void open_next_release(std::chrono::steady_clock::time_point deadline);

    std::string_view text_;
    std::unique_ptr<ObjectsOfStringsReading> reading_;  // the answer being read, in pieces
    ShopBundle own_;
    const ShopBundle* bundle_ = nullptr;
    PublicKey root_;
    std::string slug_;
    const ReleaseSeals* verified_ = nullptr;
    Phase phase_ = Phase::Parse;
    std::optional<Error> error_;
    ShopView view_;
    std::size_t brand_ = 0;                       // the section whose release is being opened
    std::unique_ptr<ReleaseOpening> release_;
    std::size_t read_before_ = 0;                 // products of the releases already opened
};

}  // namespace core
