#include "core/shop/shop.h"

#include "core/shop/invite.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "core/for_size.h"
#include "core/referral/link.h"
#include "core/text.h"

namespace core {

// [SECTION] Enrollment ---------------------------------------------------------------------------

// Every form rule of an enrollment (the store calls this too: tests/vectors/enrollment.json). Who may
// enroll whom is verify_link's. Claiming an address is not reading one: the platform's reserved words
// (is_reserved_slug, tests/vectors/slugs.json) are checked where a shop is made (the editor, the store),
// and whether an id or address is taken is the store's.
CORE_FOR_SIZE Result<Enrollment> parse_enrollment(const Json& p) {
    auto bad = [](const std::string& what) { return make_error("bad_document", what); };
    if (string_or(p, "type", "") != "enrollment") return bad("This is not an enrollment.");
    Enrollment e;
    for (const auto& [field, out] : {std::pair{"brand", &e.brand}, std::pair{"distributor", &e.distributor}, std::pair{"slug", &e.slug}}) {
        auto v = get_string(p, field);
        if (!v || v->empty()) return bad(std::string("The enrollment lacks \"") + field + "\" (a text).");
        *out = *v;
    }
    if (!is_valid_id(e.distributor)) return bad("A distributor id is 1-64 letters, digits, '_' or '-'.");
    auto name = p.contains("name") ? get_string(p, "name") : std::optional<std::string>();
    if (!name) return bad("The enrollment lacks \"name\" (a text).");
    if (utf8_length(*name) > kMaxNameChars) return bad("The enrollment's \"name\" is longer than 120 characters.");
    e.name = *name;
    auto key = get_string(p, "key");
    if (!key || key->empty()) return bad("The enrollment lacks \"key\" (a text).");
    auto pk = PublicKey::from_b64(*key);
    if (!pk) return bad("The enrollment's \"key\" is not a base64 Ed25519 public key.");
    e.key = *pk;
    if (p.contains("parent") && !p["parent"].is_string())
        return bad("The enrollment's \"parent\" must be a distributor id, or \"\" when the brand enrolls.");
    e.parent = string_or(p, "parent", "");
    if (e.parent == e.distributor) return make_error("bad_parent", "A distributor cannot recruit themselves.");
    // A level is a place in a recruiting chain (a few deep; no chain is a million deep).
    std::int64_t level = 0;
    for (const auto& [field, least, most, out] : {std::tuple{"level", std::int64_t{1}, std::int64_t{1'000'000}, &level},
                                                  std::tuple{"issued_ms", std::int64_t{0}, kMaxUtcMs, &e.issued_ms}}) {
        auto v = get_int(p, field);
        const std::string at = std::string("The enrollment's \"") + field + "\" must ";
        if (!v) return bad(at + "be a whole number.");
        if (*v < least) return bad(at + "be at least " + std::to_string(least) + ".");
        if (*v > most) return bad(at + "be at most " + std::to_string(most) + ".");
        *out = *v;
    }
    e.level = static_cast<int>(level);
    if (p.contains("active") && !p["active"].is_boolean()) return bad("The enrollment's \"active\" must be true or false.");
    e.active = get_bool(p, "active").value_or(true);
    if (!is_valid_slug(e.slug))
        return make_error("bad_slug", "The shop address \"" + e.slug +
                                          "\" is not valid: use 3-32 lowercase letters, digits or dashes, not starting or ending with a dash.");
    if (p.contains("invite")) {
        if (!p["invite"].is_object()) return bad("An enrollment's invite is not a signed envelope.");
        e.invite = p["invite"];
    }
    if (p.contains("consent")) {
        if (!p["consent"].is_object()) return bad("An enrollment's consent is not a signed envelope.");
        e.consent = p["consent"];
    }
    return e;
}

Json enrollment_to_json(const Enrollment& e) {
    Json j{{"type", "enrollment"}, {"brand", e.brand},   {"distributor", e.distributor}, {"slug", e.slug},
           {"name", e.name},       {"key", e.key.b64()}, {"parent", e.parent},           {"level", e.level},
           {"issued_ms", e.issued_ms}, {"active", e.active}};
    if (e.invite.is_object()) j["invite"] = e.invite;
    if (e.consent.is_object()) j["consent"] = e.consent;
    return j;
}

namespace {
const char* const kAskForConsent =
    "An enrollment needs the recruit's own signature: send them an invite link; they accept it with their own key.";

// (a) of check_consent: the recruit signed it, carrying an invite its parent signed for exactly this
// brand, parent and level, and made it before the invite expired. (How often an invite was used, and
// whether it has expired by the store's clock, only the store can tell: serve.py checks both when
// the enrollment is written.)
Result<Consent> check_invited(const Envelope& link, const Enrollment& e, const PublicKey& parent_key) {
    auto invite = Envelope::from_json(e.invite);
    if (!invite) return make_error("bad_invite", "The invite in this enrollment is not a signed envelope.");
    auto inviter = PublicKey::from_b64(invite->key);
    if (!inviter || !(*inviter == parent_key))
        return make_error("forged_invite", e.parent.empty()
                                               ? "The invite is not signed by the brand, so it cannot enroll anyone under it."
                                               : "The invite is not signed by the recruiting distributor \"" + e.parent +
                                                     "\", so it cannot enroll anyone under them.");
    auto ip = open_envelope(*invite, &parent_key);
    if (!ip) return make_error("bad_invite", "The invite's signature does not match its content: it was changed after it was signed.");
    auto inv = invite_from_payload(*ip);
    if (!inv) return inv.error();
    if (inv->brand != e.brand || inv->parent != e.parent || inv->level != e.level)
        return make_error("bad_invite", "The invite is for brand " + inv->brand + ", parent \"" + inv->parent + "\", level " +
                                            std::to_string(inv->level) + "; this enrollment is for brand " + e.brand + ", parent \"" +
                                            e.parent + "\", level " + std::to_string(e.level) + ".");
    if (invite_expired(inv->expires_ms, e.issued_ms))
        return make_error("invite_expired", "This enrollment was made after its invite expired; ask for a new invite.");
    if (!open_envelope(link, &e.key))
        return make_error("wrong_signer", "An enrollment that carries an invite must be signed by the new distributor's own key "
                                          "(the key it enrolls). Sign it with that key.");
    return Consent::Invited;
}
}  // namespace

Result<Consent> check_consent(const Envelope& link, const Enrollment& e, const PublicKey& parent_key) {
    auto signer = PublicKey::from_b64(link.key);
    const bool by_recruit = signer && *signer == e.key;
    const bool by_parent = signer && *signer == parent_key && !by_recruit;
    if (!e.consent.is_object()) {
        if (by_parent)
            return make_error("consent_required", std::string(kAskForConsent) +
                                                      " (A change its recruiter signs, such as a deactivation, carries the "
                                                      "recruit's own enrollment as \"consent\".)");
        if (!e.invite.is_object())
            return by_recruit ? make_error("consent_required", kAskForConsent)
                              : make_error("wrong_signer", "An enrollment must be signed by the recruit's own key, carrying "
                                                           "the invite of the one who recruits them (the brand for level 1).");
        return check_invited(link, e, parent_key);
    }
    // (b) the parent's update, carrying the recruit's own invited enrollment.
    const Error bad = make_error("bad_consent",
                                 "The consent this enrollment carries is not the recruit's own enrollment under this parent: carry "
                                 "the distributor's invited enrollment (for this brand, parent and level) as \"consent\".");
    auto c_env = Envelope::from_json(e.consent);
    if (!c_env) return bad;
    auto cp = parse_json(c_env->payload, "consent");
    if (!cp || !cp->is_object()) return bad;
    auto c = parse_enrollment(*cp);
    if (!c || c->consent.is_object()) return bad;
    if (c->brand != e.brand || c->distributor != e.distributor || c->slug != e.slug || !(c->key == e.key) ||
        c->parent != e.parent || c->level != e.level || c->issued_ms > e.issued_ms)
        return bad;
    auto invited = check_invited(*c_env, *c, parent_key);
    if (!invited) return make_error("bad_consent", "The consent this enrollment carries is not valid: " + invited.error().message);
    if (!open_envelope(link, &parent_key))
        return make_error("wrong_signer", e.parent.empty() ? "A change to a level-1 enrollment must be signed by the brand's key."
                                                           : "A change to an enrollment must be signed by the one who recruited them "
                                                             "(the parent's key).");
    return Consent::Carried;
}

bool consented_link(const Envelope& link, const Enrollment& e, const PublicKey& parent_key) {
    return check_consent(link, e, parent_key).ok();
}

Result<std::vector<Enrollment>> verify_chain(const std::string& distributor, const EnrollmentDocs& docs,
                                             const BrandCert& brand, int max_levels) {
    std::vector<Enrollment> chain;
    std::set<std::string> seen;
    std::string current = distributor;
    // First pass: parse each link (untrusted) so we know which key must have signed it.
    std::vector<std::pair<Envelope, Enrollment>> links;
    for (;;) {
        if (!seen.insert(current).second)
            return make_error("broken_chain", "The recruiting chain loops back on itself.");
        if (static_cast<int>(seen.size()) > max_levels)
            return make_error("broken_chain", "The recruiting chain is deeper than the brand allows.");
        auto it = docs.find(current);
        if (it == docs.end())
            return make_error("broken_chain", "The enrollment of a distributor in this shop's chain is missing.");
        auto key = PublicKey::from_b64(it->second.key);
        if (!key) return key.error();
        // Parse without trusting: the signature is checked once we know the parent's key.
        auto payload = parse_json(it->second.payload, "enrollment");
        if (!payload) return payload.error();
        auto e = parse_enrollment(*payload);
        if (!e) return e.error();
        if (e->distributor != current || e->brand != brand.brand)
            return make_error("broken_chain", "An enrollment names another distributor or brand than expected.");
        links.emplace_back(it->second, *e);
        if (e->parent.empty()) break;
        current = e->parent;
    }
    // Second pass: each link signed by its parent (the next link), the last by the brand.
    for (std::size_t i = 0; i < links.size(); ++i) {
        const PublicKey& signer = (i + 1 < links.size()) ? links[i + 1].second.key : brand.key;
        if (!consented_link(links[i].first, links[i].second, signer))
            return make_error("forged_enrollment", "The enrollment of \"" + links[i].second.name +
                                                       "\" is not signed by them under an invite of the one who recruited them.");
        const Enrollment& e = links[i].second;
        const int expected_level = static_cast<int>(links.size() - i);
        if (e.level != expected_level)
            return make_error("broken_chain", "An enrollment claims a level that does not match its chain.");
        if (!e.active)
            return make_error("inactive_distributor", "\"" + e.name + "\" is no longer an active distributor of this brand.");
        chain.push_back(e);
    }
    return chain;
}

// [SECTION] ShopBundle ---------------------------------------------------------------------------

Result<ShopBundle> parse_shop_bundle(const Json& doc) {
    ShopBundle b;
    const Json* manifest = get_object(doc, "manifest");
    if (!manifest) return make_error("bad_document", "The shop has no manifest.");
    auto env = Envelope::from_json(*manifest);
    if (!env) return env.error();
    b.manifest = std::move(*env);
    auto read_map = [](const Json* obj, std::map<std::string, Envelope>& out) -> bool {
        if (!obj) return true;
        for (auto it = obj->begin(); it != obj->end(); ++it) {
            auto e = Envelope::from_json(it.value());
            if (!e) return false;
            out.emplace(it.key(), std::move(*e));  // (a release's payload is megabytes)
        }
        return true;
    };
    if (!read_map(get_object(doc, "brands"), b.brands) || !read_map(get_object(doc, "releases"), b.releases) ||
        !read_map(get_object(doc, "policies"), b.policies))
        return make_error("not_an_envelope", "A brand document in this shop is not signed.");
    if (const Json* releases = get_object(doc, "releases"))
        for (auto it = releases->begin(); it != releases->end(); ++it)
            if (it->is_object() && it->contains("hashes")) {
                if (get_string(*it, "hashes") != std::optional<std::string>("left_out"))
                    return make_error("bad_document", "A catalog in this shop came in a form this app does not know.");
                b.hashes_left_out.insert(it.key());
            }
    if (const Json* enr = get_object(doc, "enrollments"))
        for (auto it = enr->begin(); it != enr->end(); ++it) {
            EnrollmentDocs docs;
            if (!it->is_object() || !read_map(&it.value(), docs))
                return make_error("not_an_envelope", "An enrollment in this shop is not signed.");
            b.enrollments.emplace(it.key(), std::move(docs));
        }
    return b;
}

Result<VerifiedShop> verify_shop(const ShopBundle& bundle, const std::map<std::string, BrandCert>& brands) {
    // The manifest names its signer; whether that signer is the shop's distributor is what the
    // enrollment chains decide.
    auto claimed_key = PublicKey::from_b64(bundle.manifest.key);
    if (!claimed_key) return claimed_key.error();
    auto payload = open_envelope(bundle.manifest);
    if (!payload)
        return make_error("forged_manifest", "This shop's page is not signed by its distributor, so it is not shown.");
    auto manifest = parse_manifest(*payload);
    if (!manifest) return manifest.error();
    VerifiedShop shop;
    for (const auto& brand_id : manifest->brands) {
        auto cert = brands.find(brand_id);
        if (cert == brands.end())
            return make_error("broken_chain", "The shop carries a brand whose certificate is missing.");
        auto docs = bundle.enrollments.find(brand_id);
        if (docs == bundle.enrollments.end())
            return make_error("broken_chain", "The shop's distributor has no enrollment with " + cert->second.name + ".");
        int max_levels = 3;
        if (auto pol = bundle.policies.find(brand_id); pol != bundle.policies.end())
            if (auto p = open_policy(pol->second, cert->second)) max_levels = p->max_levels;
        auto chain = verify_chain(manifest->distributor, docs->second, cert->second, max_levels);
        if (!chain) return chain.error();
        const Enrollment& self = chain->front();
        if (!(self.key == *claimed_key))
            return make_error("forged_manifest", "This shop's page is signed by someone other than its distributor.");
        if (self.slug != manifest->slug)
            return make_error("forged_manifest", "This shop's page claims an address its distributor was not given.");
        shop.chains.emplace(brand_id, std::move(*chain));
    }
    shop.manifest = std::move(*manifest);
    return shop;
}

// [SECTION] ShopView -----------------------------------------------------------------------------

ShopListing shop_listing(const std::vector<std::string>& selection, const std::vector<std::string>& featured,
                         const std::vector<std::vector<std::string_view>>& catalogs) {
    std::vector<std::unordered_map<std::string_view, std::size_t>> index(catalogs.size());
    for (std::size_t b = 0; b < catalogs.size(); ++b)
        for (std::size_t p = 0; p < catalogs[b].size(); ++p) index[b].emplace(catalogs[b][p], p);
    return shop_listing(selection, featured, catalogs, [&](std::size_t b, std::string_view id) {
        auto it = index[b].find(id);
        return it == index[b].end() ? catalogs[b].size() : it->second;
    });
}

void compose_items(ShopView& view) {
    // Every change of what a view lists gets a new revision: caches key on it, not on the
    // view's address (the editor's drafts change a view in place).
    static std::uint64_t revisions = 0;
    view.revision = ++revisions;
    view.items.clear();
    const ShopManifest& m = view.shop.manifest;
    std::vector<std::vector<std::string_view>> catalogs(view.brands.size());
    for (std::size_t b = 0; b < view.brands.size(); ++b)
        if (view.brands[b].release)
            for (const auto& p : view.brands[b].release->products) catalogs[b].push_back(p.id);
    ShopListing listing = shop_listing(m.products, m.featured, catalogs, [&](std::size_t b, std::string_view id) {
        const Release* r = view.brands[b].release ? &*view.brands[b].release : nullptr;
        const Product* p = r ? r->find(std::string(id)) : nullptr;
        return p ? static_cast<std::size_t>(p - r->products.data()) : catalogs[b].size();
    });
    view.items.reserve(listing.items.size());
    for (const auto& e : listing.items) {
        ShopItem item;
        item.brand = &view.brands[e.brand];
        item.product = &item.brand->release->products[e.product];
        if (auto n = m.notes.find(item.product->id); n != m.notes.end()) item.note = n->second;
        view.items.push_back(std::move(item));
    }
    for (std::size_t i : listing.featured) view.items[i].featured = true;
    view.featured = std::move(listing.featured);
}

const ShopItem* ShopView::find(const std::string& product_id) const {
    for (const auto& item : items)
        if (item.product->id == product_id) return &item;
    return nullptr;
}

const BrandSection* ShopView::brand(const std::string& brand_id) const {
    for (const auto& b : brands)
        if (b.cert.brand == brand_id) return &b;
    return nullptr;
}

// [SECTION] Opening a shop, in pieces or at once ---------------------------------------------------

ShopOpening::ShopOpening(std::string_view text, const PublicKey& root, std::string requested_slug, const ReleaseSeals* verified)
    : text_(text), root_(root), slug_(std::move(requested_slug)), verified_(verified) {}

ShopOpening::ShopOpening(const ShopBundle& bundle, const PublicKey& root, std::string requested_slug, const ReleaseSeals* verified)
    : bundle_(&bundle), root_(root), slug_(std::move(requested_slug)), verified_(verified), phase_(Phase::Shop) {}

bool ShopOpening::step(std::chrono::steady_clock::time_point deadline) {
    do {
        switch (phase_) {
            case Phase::Parse: parse(deadline); break;
            case Phase::Shop: verify(); break;
            case Phase::Releases: open_next_release(deadline); break;
            case Phase::Items:
                compose_items(view_);
                phase_ = Phase::Done;
                break;
            case Phase::Done: return true;
        }
    } while (phase_ != Phase::Done && std::chrono::steady_clock::now() < deadline);
    return phase_ == Phase::Done;
}

void ShopOpening::refuse(Error e) {
    error_ = std::move(e);
    phase_ = Phase::Done;
}

void ShopOpening::parse(std::chrono::steady_clock::time_point deadline) {
    // The answer is objects of envelopes, whose strings are most of its bytes: read as such when it is
    // (ObjectsOfStringsReading, in pieces), by the usual parser otherwise (in one). The same document
    // either way.
    if (!reading_) reading_ = std::make_unique<ObjectsOfStringsReading>(text_);
    if (reading_->step(deadline) == ObjectsOfStringsReading::Status::Reading) return;
    auto doc = reading_->status() == ObjectsOfStringsReading::Status::Done ? Result<Json>(reading_->take())
                                                                            : parse_json(text_, "shop");
    reading_.reset();
    if (!doc) return refuse(doc.error());
    auto bundle = parse_shop_bundle(*doc);
    if (!bundle) return refuse(bundle.error());
    own_ = std::move(*bundle);
    bundle_ = &own_;
    text_ = {};  // the envelopes hold their own copies now
    phase_ = Phase::Shop;
}

void ShopOpening::verify() {
    std::map<std::string, BrandCert> certs;
    for (const auto& [id, env] : bundle_->brands) {
        auto cert = open_brand_cert(env, root_);
        if (!cert) return refuse(cert.error());
        if (cert->brand != id) return refuse(make_error("forged_brand", "A brand certificate is filed under another brand."));
        certs.emplace(id, *cert);
    }
    auto shop = verify_shop(*bundle_, certs);
    if (!shop) return refuse(shop.error());
    if (!slug_.empty() && shop->manifest.slug != slug_)
        return refuse(make_error("wrong_shop", "The store answered with another shop (\"" + shop->manifest.slug +
                                                   "\") for the address /s/" + slug_ + ", so nothing of it is shown."));
    view_.shop = std::move(*shop);
    view_.brands.reserve(view_.shop.manifest.brands.size());  // items and openings point into this vector
    for (const auto& brand_id : view_.shop.manifest.brands) {
        BrandSection section;
        section.cert = certs.at(brand_id);
        if (bundle_->releases.find(brand_id) == bundle_->releases.end())
            section.release_error = make_error("missing_release", "No catalog has been published by " + section.cert.name + " yet.");
        if (auto pol = bundle_->policies.find(brand_id); pol != bundle_->policies.end())
            if (auto p = open_policy(pol->second, section.cert)) section.policy = std::move(*p);
        view_.brands.push_back(std::move(section));
    }
    phase_ = Phase::Releases;
}

// One piece of the current brand's release, or the next brand's start. A release that fails keeps
// its section, with the error, so the screen can say which brand could not be verified.
void ShopOpening::open_next_release(std::chrono::steady_clock::time_point deadline) {
    if (brand_ == view_.brands.size()) {
        phase_ = Phase::Items;
        return;
    }
    BrandSection& section = view_.brands[brand_];
    auto rel = bundle_->releases.find(section.cert.brand);
    if (rel == bundle_->releases.end()) {
        ++brand_;
        return;
    }
    if (!release_)
        release_ = std::make_unique<ReleaseOpening>(rel->second, section.cert, verified_,
                                                    bundle_->hashes_left_out.count(section.cert.brand) > 0);
    if (!release_->step(deadline)) return;
    read_before_ += release_->products_read();
    if (auto r = release_->take()) {
        section.release = std::move(*r);
        section.remembered = release_->remembered();
    } else {
        section.release_error = r.error();
    }
    release_.reset();
    ++brand_;
}

std::size_t ShopOpening::products_read() const { return read_before_ + (release_ ? release_->products_read() : 0); }

std::size_t ShopOpening::products_total() const {
    return read_before_ + (release_ ? release_->products_total() : 0);
}

Result<ShopView> ShopOpening::take() {
    if (error_) return *error_;
    return std::move(view_);
}

bool ShopOpening::remember(const ShopView& view, ReleaseSeals& seals) const {
    const std::string before = seals.text;
    for (const auto& section : view.brands)
        if (section.release)
            if (auto rel = bundle_->releases.find(section.cert.brand); rel != bundle_->releases.end())
                seals.remember(release_seal(rel->second, section.cert));
    return seals.text != before;
}

Result<ShopView> compose_shop(const ShopBundle& bundle, const PublicKey& root, const std::string& requested_slug,
                              const ReleaseSeals* verified) {
    ShopOpening opening(bundle, root, requested_slug, verified);
    opening.step(std::chrono::steady_clock::time_point::max());
    return opening.take();
}

CORE_FOR_SIZE Result<ShopView> open_shop(std::string_view text, const PublicKey& root, const std::string& requested_slug,
                                         ReleaseSeals& seals, bool& seals_changed) {
    ShopOpening opening(text, root, requested_slug, &seals);
    opening.step(std::chrono::steady_clock::time_point::max());
    auto view = opening.take();
    seals_changed = view && opening.remember(*view, seals);
    return view;
}

}  // namespace core

namespace core {

std::vector<std::size_t> search_shop(const ShopView& view, const std::string& category, const std::string& query,
                                     const std::string& brand) {
    std::vector<std::string> words;
    {
        const std::string folded = fold_for_search(query);
        std::size_t start = 0;
        while (start < folded.size()) {
            std::size_t end = folded.find(' ', start);
            if (end == std::string::npos) end = folded.size();
            if (end > start) words.push_back(folded.substr(start, end - start));
            start = end + 1;
        }
    }
    std::vector<std::size_t> out;
    out.reserve(view.items.size());
    for (std::size_t i = 0; i < view.items.size(); ++i) {
        const ShopItem& item = view.items[i];
        const Product& p = *item.product;
        if (!category.empty() && p.category != category) continue;
        if (!brand.empty() && (!item.brand || item.brand->cert.brand != brand)) continue;
        if (!words.empty()) {
            std::string hay = p.title + " " + p.subtitle;
            if (item.brand) {
                hay += " " + item.brand->cert.name;
                if (item.brand->release)
                    if (const Category* c = item.brand->release->category(p.category)) hay += " " + c->name;
            }
            hay = fold_for_search(hay);
            bool all = true;
            for (const auto& w : words) all = all && hay.find(w) != std::string::npos;
            if (!all) continue;
        }
        out.push_back(i);
    }
    return out;
}

}  // namespace core
