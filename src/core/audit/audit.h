// Audit: is every shop that carries a brand what the brand, its distributors and the platform signed,
// and does it show the brand's current catalog? The brand console and `dynshop audit` ask this of
// each shop, over the very bundle a consumer's browser would be handed for the shop's address.
//
// [SECTION] Status    ok < stale < missing_products < forged < wrong_shop < unreadable (worst last)
// [SECTION] Audit     one shop's bundle against the platform root, the brand's certificate and its
//                     current release (both verified by the caller); every finding in plain words
// [SECTION] Summary   counts per status
//
// What each status means:
//   ok                nothing found
//   stale             the release this shop would show for the brand is older than the current one
//                     (or it would show none)
//   missing_products  the shop's signed manifest names products the current release no longer has
//   forged            a signature or the recruiting chain fails: the manifest, an enrollment, the
//                     catalog release or a brand certificate the bundle carries (which one is said)
//   wrong_shop        the store answered the address with another shop's documents, or the shop's
//                     signed page does not carry the brand the store lists it under
//   unreadable        the bundle is damaged: not JSON, not signed envelopes, a manifest that cannot be read
// A shop can have several findings; its status is the worst of them.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/shop/shop.h"

namespace core {

// [SECTION] Status
enum class AuditStatus { Ok, Stale, MissingProducts, Forged, WrongShop, Unreadable };
constexpr std::size_t kAuditStatusCount = 6;
const char* audit_status_name(AuditStatus s);  // "ok", "stale", "missing_products", "forged", "wrong_shop", "unreadable"
std::optional<AuditStatus> parse_audit_status(std::string_view name);

// [SECTION] Audit
struct AuditFinding {
    AuditStatus status = AuditStatus::Ok;
    std::string code;     // "stale_release", "no_release", "missing_products", "forged_manifest", "forged_enrollment",
                          // "broken_chain", "inactive_distributor", "forged_release", "forged_brand", "wrong_shop",
                          // "not_carried", "unreadable"
    std::string message;  // for the brand, in plain words
};

struct ShopAudit {
    std::string slug;                    // the address audited (/s/<slug>)
    AuditStatus status = AuditStatus::Ok;
    std::vector<AuditFinding> findings;  // worst first
    std::string name;                    // the shop's name from its manifest ("" when unreadable)
    std::string served_slug;             // the address the documents are for ("" when unreadable)
    std::int64_t release_version = 0;    // the brand's release this shop would show (0: none that verifies)
    std::vector<std::string> missing_products;  // ids the manifest names that the current release lacks

    bool ok() const { return status == AuditStatus::Ok; }
    // Every finding's message, worst first, joined with "; " ("" when ok).
    std::string reason() const;
};

// What the shops are checked against: the platform root, and the brand's certificate and current
// release, both already verified by the caller.
struct AuditBrand {
    PublicKey root;
    BrandCert cert;
    Release current;  // reindexed (find works)
    // The ids of the brand's earlier releases (sorted), when the caller read them all: in a shop of
    // several brands, an id that no carried brand's current catalog has is this brand's only if it
    // once published it. Without them, such an id counts as missing for every brand of the shop.
    bool history_known = false;
    std::vector<std::string> earlier_ids;
};
// Adds an earlier release's ids (opened by the caller) to brand.earlier_ids.
void note_earlier_release(AuditBrand& brand, const Release& earlier);

// Documents verified once and recognised again by their exact bytes (payload, key and signature):
// every shop's bundle carries the same multi-megabyte release, which is opened once. Not shared
// between threads: one cache per worker.
class AuditCache {
public:
    struct OpenedRelease {
        bool ok = false;
        Error error;
        std::int64_t version = 0;
        std::vector<std::string> product_ids;  // sorted
    };
    // `hashes_left_out`: the release came packed (ShopBundle::hashes_left_out); it is recognised by
    // its payload as signed, its hashes put back once per packed text.
    const OpenedRelease& release(const Envelope& env, const BrandCert& cert, bool hashes_left_out = false);
    const Result<BrandCert>& brand(const Envelope& env, const PublicKey& root);
    int max_levels(const Envelope* policy, const BrandCert& cert);  // 3 when there is none that verifies
    // The caller opened this release already (the brand's current one): bundles carrying the same
    // bytes are not opened again.
    void known_release(const Envelope& env, const BrandCert& cert, const Release& opened);

    std::size_t releases_opened = 0;  // how often a release was verified for real (tests, benches)

private:
    template <class T>
    struct Entry {
        std::string payload, key, signer;
        T value;
    };
    std::unordered_map<std::string, Entry<OpenedRelease>> releases_;  // by signature
    std::unordered_map<std::string, std::string> packed_;               // signature -> a packed text of its payload
    std::unordered_map<std::string, Entry<Result<BrandCert>>> brands_;
    std::unordered_map<std::string, Entry<int>> policies_;
};

// Audits one shop's bundle as the store served it for /api/shops/<slug>. A cache makes auditing many
// shops cheap (pass the same one for every shop of an audit); without one, everything is verified.
ShopAudit audit_shop(const AuditBrand& brand, const std::string& slug, std::string_view bundle_text, AuditCache* cache = nullptr);
ShopAudit audit_shop_json(const AuditBrand& brand, const std::string& slug, const Json& bundle_doc, AuditCache* cache = nullptr);
ShopAudit audit_shop(const AuditBrand& brand, const std::string& slug, const ShopBundle& bundle, AuditCache* cache = nullptr);

// [SECTION] Summary
struct AuditSummary {
    std::array<std::size_t, kAuditStatusCount> counts{};
    std::size_t total = 0;
    std::size_t count(AuditStatus s) const { return counts[static_cast<std::size_t>(s)]; }
    std::size_t ok() const { return count(AuditStatus::Ok); }
    std::size_t refused() const { return total - ok(); }  // shops that are not fine
    void add(AuditStatus s) {
        ++counts[static_cast<std::size_t>(s)];
        ++total;
    }
};
AuditSummary summarize_audits(const std::vector<ShopAudit>& audits);

}  // namespace core
