#include "core/audit/audit.h"

#include <algorithm>
#include <set>

namespace core {

// [SECTION] Status -------------------------------------------------------------------------------

namespace {
constexpr const char* kStatusNames[kAuditStatusCount] = {"ok", "stale", "missing_products", "forged", "wrong_shop", "unreadable"};
}

const char* audit_status_name(AuditStatus s) {
    const auto i = static_cast<std::size_t>(s);
    return i < kAuditStatusCount ? kStatusNames[i] : "unreadable";
}

std::optional<AuditStatus> parse_audit_status(std::string_view name) {
    for (std::size_t i = 0; i < kAuditStatusCount; ++i)
        if (name == kStatusNames[i]) return static_cast<AuditStatus>(i);
    return std::nullopt;
}

std::string ShopAudit::reason() const {
    std::string out;
    for (const auto& f : findings) out += (out.empty() ? "" : "; ") + f.message;
    return out;
}

// [SECTION] Cache --------------------------------------------------------------------------------

const AuditCache::OpenedRelease& AuditCache::release(const Envelope& env, const BrandCert& cert, bool hashes_left_out) {
    if (hashes_left_out) {
        // A packed text seen before under this signature is the payload it was put back to then.
        auto seen = packed_.find(env.sig);
        auto known = releases_.find(env.sig);
        if (seen != packed_.end() && seen->second == env.payload && known != releases_.end() && known->second.key == env.key &&
            known->second.signer == cert.key.b64())
            return known->second.value;
        auto whole = put_back_content_hashes(env.payload);
        if (!whole) {
            static thread_local OpenedRelease refused;
            refused = OpenedRelease{};
            refused.error = make_error("unverified_release", "This catalog could not be verified as published by " + cert.name +
                                                                 ": its products did not arrive in the form they were signed in.");
            return refused;
        }
        const Envelope as_signed{std::move(*whole), env.key, env.sig};
        const OpenedRelease& out = release(as_signed, cert);
        // Only the text that put back to the kept payload stands for it (not an altered copy).
        if (auto kept = releases_.find(env.sig); kept != releases_.end() && kept->second.payload == as_signed.payload)
            packed_[env.sig] = env.payload;
        return out;
    }
    const std::string signer = cert.key.b64();
    auto it = releases_.find(env.sig);
    if (it != releases_.end() && it->second.payload == env.payload && it->second.key == env.key && it->second.signer == signer)
        return it->second.value;
    OpenedRelease out;
    ++releases_opened;
    if (auto r = open_release(env, cert)) {
        out.ok = true;
        out.version = r->version;
        out.product_ids.reserve(r->products.size());
        for (const auto& p : r->products) out.product_ids.push_back(p.id);
        std::sort(out.product_ids.begin(), out.product_ids.end());
    } else {
        out.error = r.error();
    }
    if (it != releases_.end()) {
        // Another document under a signature already seen (an altered copy): answered, not kept.
        static thread_local OpenedRelease scratch;
        scratch = std::move(out);
        return scratch;
    }
    return releases_.emplace(env.sig, Entry<OpenedRelease>{env.payload, env.key, signer, std::move(out)}).first->second.value;
}

void AuditCache::known_release(const Envelope& env, const BrandCert& cert, const Release& opened) {
    OpenedRelease out;
    out.ok = true;
    out.version = opened.version;
    out.product_ids.reserve(opened.products.size());
    for (const auto& p : opened.products) out.product_ids.push_back(p.id);
    std::sort(out.product_ids.begin(), out.product_ids.end());
    releases_[env.sig] = Entry<OpenedRelease>{env.payload, env.key, cert.key.b64(), std::move(out)};
    packed_.erase(env.sig);  // it stood for the entry replaced
}

const Result<BrandCert>& AuditCache::brand(const Envelope& env, const PublicKey& root) {
    const std::string signer = root.b64();
    auto it = brands_.find(env.sig);
    if (it != brands_.end() && it->second.payload == env.payload && it->second.key == env.key && it->second.signer == signer)
        return it->second.value;
    Result<BrandCert> cert = open_brand_cert(env, root);
    if (it != brands_.end()) {
        static thread_local Result<BrandCert> scratch = make_error("", "");
        scratch = std::move(cert);
        return scratch;
    }
    return brands_.emplace(env.sig, Entry<Result<BrandCert>>{env.payload, env.key, signer, std::move(cert)}).first->second.value;
}

int AuditCache::max_levels(const Envelope* policy, const BrandCert& cert) {
    constexpr int kDefault = 3;
    if (!policy) return kDefault;
    const std::string signer = cert.key.b64();
    auto it = policies_.find(policy->sig);
    if (it != policies_.end() && it->second.payload == policy->payload && it->second.key == policy->key && it->second.signer == signer)
        return it->second.value;
    int levels = kDefault;
    if (auto p = open_policy(*policy, cert)) levels = p->max_levels;
    if (it == policies_.end()) policies_.emplace(policy->sig, Entry<int>{policy->payload, policy->key, signer, levels});
    return levels;
}

// [SECTION] Audit --------------------------------------------------------------------------------

void note_earlier_release(AuditBrand& brand, const Release& earlier) {
    for (const auto& p : earlier.products) brand.earlier_ids.push_back(p.id);
    std::sort(brand.earlier_ids.begin(), brand.earlier_ids.end());
    brand.earlier_ids.erase(std::unique(brand.earlier_ids.begin(), brand.earlier_ids.end()), brand.earlier_ids.end());
}

namespace {

struct Findings {
    ShopAudit& a;
    void add(AuditStatus s, std::string code, std::string message) {
        for (const auto& f : a.findings)
            if (f.code == code && f.message == message) return;
        a.findings.push_back(AuditFinding{s, std::move(code), std::move(message)});
    }
    void finish() {
        std::stable_sort(a.findings.begin(), a.findings.end(),
                         [](const AuditFinding& x, const AuditFinding& y) { return x.status > y.status; });
        a.status = a.findings.empty() ? AuditStatus::Ok : a.findings.front().status;
    }
};

ShopAudit unreadable(const std::string& slug, const std::string& message) {
    ShopAudit a;
    a.slug = slug;
    Findings f{a};
    f.add(AuditStatus::Unreadable, "unreadable", message);
    f.finish();
    return a;
}

// "The document is …" inside a sentence: "…: the document is …".
std::string lower_first(std::string s) {
    if (s.size() > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z')) s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

std::string id_list(const std::vector<std::string>& ids, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < max; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > max) out += ", … (" + std::to_string(ids.size() - max) + " more)";
    return out;
}

}  // namespace

ShopAudit audit_shop(const AuditBrand& brand, const std::string& slug, std::string_view bundle_text, AuditCache* cache) {
    auto doc = parse_json(bundle_text, "shop");
    if (!doc || !doc->is_object())
        return unreadable(slug, "The store's answer for /s/" + slug + " is not a readable shop (" +
                                    (doc ? std::string("not a JSON object") : lower_first(doc.error().message)) + ").");
    return audit_shop_json(brand, slug, *doc, cache);
}

ShopAudit audit_shop_json(const AuditBrand& brand, const std::string& slug, const Json& bundle_doc, AuditCache* cache) {
    auto bundle = parse_shop_bundle(bundle_doc);
    if (!bundle) return unreadable(slug, "The store's answer for /s/" + slug + " is damaged: " + lower_first(bundle.error().message));
    return audit_shop(brand, slug, *bundle, cache);
}

ShopAudit audit_shop(const AuditBrand& brand, const std::string& slug, const ShopBundle& bundle, AuditCache* cache) {
    AuditCache local;
    AuditCache& docs = cache ? *cache : local;
    ShopAudit a;
    a.slug = slug;
    Findings f{a};
    const std::string& bid = brand.cert.brand;
    const std::string& bname = brand.cert.name;

    // Brand certificates: a consumer's browser opens every one the bundle carries and refuses the
    // shop if any is not the platform's.
    std::map<std::string, BrandCert> certs;
    for (const auto& [id, env] : bundle.brands) {
        const Result<BrandCert>& cert = docs.brand(env, brand.root);
        if (!cert || cert->brand != id) {
            f.add(AuditStatus::Forged, "forged_brand",
                  "The certificate of brand " + in_quotes(id) + " in this shop's bundle is not signed by the platform.");
            continue;
        }
        if (id == bid && !(cert->key == brand.cert.key))
            f.add(AuditStatus::Forged, "forged_brand",
                  "This shop's bundle carries a certificate for " + bname + " that is not the brand's current one.");
        certs.emplace(id, *cert);
    }
    certs[bid] = brand.cert;  // the brand's own checks use the certificate the caller verified

    // The manifest: signed by the distributor, readable.
    Json payload;
    auto opened = open_envelope(bundle.manifest);
    const bool signed_ok = opened.ok();
    if (signed_ok) {
        payload = std::move(*opened);
    } else {
        auto raw = parse_json(bundle.manifest.payload, "shop manifest");
        if (!raw || !raw->is_object()) {
            f.add(AuditStatus::Unreadable, "unreadable", "The shop's manifest cannot be read: it is not a JSON document.");
            f.finish();
            return a;
        }
        payload = std::move(*raw);
        f.add(AuditStatus::Forged, "forged_manifest",
              opened.error().code == "bad_signature"
                  ? "The shop's page (its manifest) was altered after its distributor signed it: the signature does not match."
                  : "The shop's page (its manifest) is not signed: " + lower_first(opened.error().message));
    }
    auto m = parse_manifest(payload);
    if (!m) {
        f.add(AuditStatus::Unreadable, "unreadable", "The shop's manifest cannot be read: " + lower_first(m.error().message));
        f.finish();
        return a;
    }
    a.name = m->identity.name;
    a.served_slug = m->slug;
    const bool carried = std::find(m->brands.begin(), m->brands.end(), bid) != m->brands.end();
    if (signed_ok && m->slug != slug)
        f.add(AuditStatus::WrongShop, "wrong_shop",
              "The store answered /s/" + slug + " with another shop's documents (" + in_quotes(m->identity.name) + ", /s/" + m->slug +
                  "): a consumer's browser refuses it, and visits would be credited to the wrong shop.");
    if (!carried)
        f.add(AuditStatus::WrongShop, "not_carried",
              "The store lists this shop under " + bname + ", but the shop's signed page does not carry " + bname + ".");

    // The recruiting chain in every brand the shop carries, up to that brand.
    auto manifest_key = PublicKey::from_b64(bundle.manifest.key);
    for (const auto& b : m->brands) {
        auto cert = certs.find(b);
        if (cert == certs.end()) {
            if (!bundle.brands.count(b))
                f.add(AuditStatus::Forged, "forged_brand", "The shop carries brand " + in_quotes(b) + ", but its bundle has no certificate for it.");
            continue;
        }
        const std::string with = b == bid ? "" : " (with " + cert->second.name + ")";
        auto enr = bundle.enrollments.find(b);
        if (enr == bundle.enrollments.end()) {
            f.add(AuditStatus::Forged, "broken_chain", "The shop's distributor has no enrollment with " + cert->second.name + ".");
            continue;
        }
        auto pol = bundle.policies.find(b);
        const int max_levels = docs.max_levels(pol == bundle.policies.end() ? nullptr : &pol->second, cert->second);
        auto chain = verify_chain(m->distributor, enr->second, cert->second, max_levels);
        if (!chain) {
            const std::string& code = chain.error().code;
            const std::string c = code == "forged_enrollment" || code == "inactive_distributor" ? code : "broken_chain";
            f.add(AuditStatus::Forged, c, chain.error().message + with);
            continue;
        }
        const Enrollment& self = chain->front();
        if (manifest_key && !(self.key == *manifest_key))
            f.add(AuditStatus::Forged, "forged_manifest", "The shop's page is signed by someone other than its distributor.");
        if (self.slug != m->slug)
            f.add(AuditStatus::Forged, "forged_manifest",
                  "The shop's page claims the address /s/" + m->slug + ", which its distributor was not given.");
    }

    // The brand's catalog as this shop would show it.
    if (carried) {
        auto rel = bundle.releases.find(bid);
        if (rel == bundle.releases.end()) {
            f.add(AuditStatus::Stale, "no_release",
                  "The shop would show no catalog of " + bname + ": its bundle has no release (the current one is version " +
                      std::to_string(brand.current.version) + ").");
        } else {
            const AuditCache::OpenedRelease& r = docs.release(rel->second, brand.cert, bundle.hashes_left_out.count(bid) > 0);
            if (!r.ok) {
                f.add(AuditStatus::Forged, "forged_release",
                      "The catalog this shop serves for " + bname + " is not what " + bname + " signed: " + lower_first(r.error.message));
            } else {
                a.release_version = r.version;
                if (r.version < brand.current.version)
                    f.add(AuditStatus::Stale, "stale_release",
                          "The shop shows catalog version " + std::to_string(r.version) + "; the current one is version " +
                              std::to_string(brand.current.version) + ".");
            }
        }
    }

    // Products the signed manifest names that the current catalog no longer has. In a shop of
    // several brands, ids another brand's verified release has are that brand's.
    if (signed_ok && carried && !m->products.empty()) {
        std::vector<const std::vector<std::string>*> others;
        for (const auto& b : m->brands) {
            if (b == bid) continue;
            auto cert = certs.find(b);
            auto rel = bundle.releases.find(b);
            if (cert == certs.end() || rel == bundle.releases.end()) continue;
            const AuditCache::OpenedRelease& r = docs.release(rel->second, cert->second, bundle.hashes_left_out.count(b) > 0);
            if (r.ok) others.push_back(&r.product_ids);
        }
        const bool several = m->brands.size() > 1;
        std::set<std::string> seen;
        for (const auto& pid : m->products) {
            if (!seen.insert(pid).second || brand.current.find(pid)) continue;
            bool elsewhere = false;
            for (const auto* ids : others) elsewhere = elsewhere || std::binary_search(ids->begin(), ids->end(), pid);
            if (elsewhere) continue;
            if (several && brand.history_known && !std::binary_search(brand.earlier_ids.begin(), brand.earlier_ids.end(), pid))
                continue;  // never this brand's: another brand of the shop dropped it
            a.missing_products.push_back(pid);
        }
        if (!a.missing_products.empty()) {
            const std::size_t n = a.missing_products.size();
            f.add(AuditStatus::MissingProducts, "missing_products",
                  "The shop lists " + std::to_string(n) + (n == 1 ? " product" : " products") + " that " + bname +
                      "'s current catalog (version " + std::to_string(brand.current.version) + ") no longer has: " +
                      id_list(a.missing_products, 8) + ".");
        }
    }
    f.finish();
    return a;
}

// [SECTION] Summary ------------------------------------------------------------------------------

AuditSummary summarize_audits(const std::vector<ShopAudit>& audits) {
    AuditSummary s;
    for (const auto& a : audits) s.add(a.status);
    return s;
}

}  // namespace core
