// The brand's integrity audit (src/core/audit/audit.h): one shop's bundle, as the store served it
// for an address, against the platform root, the brand's certificate and its current release.
// Every status, a bundle altered after signing, a swapped shop, several findings at once, the
// summary, and the cache that opens the shared release once.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/audit/audit.h"
#include "fixtures.h"

using namespace core;

namespace {

// The bundle as serve.py writes it (GET /api/shops/<slug>).
std::string bundle_text(const ShopBundle& b) {
    Json j = {{"manifest", b.manifest.to_json()}};
    auto map = [](const std::map<std::string, Envelope>& m) {
        Json o = Json::object();
        for (const auto& [k, v] : m) o[k] = v.to_json();
        return o;
    };
    j["brands"] = map(b.brands);
    j["releases"] = map(b.releases);
    j["policies"] = map(b.policies);
    Json enr = Json::object();
    for (const auto& [brand, docs] : b.enrollments) enr[brand] = map(docs);
    j["enrollments"] = enr;
    return dump_json(j);
}

AuditBrand brand_of(const fixtures::World& w) {
    AuditBrand a{w.root.pk, w.cert, w.release};
    a.current.reindex();
    return a;
}

// The brand publishes the next version: `drop` leaves a product out of it.
Release next_release(const fixtures::World& w, const std::string& drop = "") {
    Release r = w.release;
    r.version += 1;
    r.products.erase(std::remove_if(r.products.begin(), r.products.end(), [&](const Product& p) { return p.id == drop; }),
                     r.products.end());
    r.reindex();
    return r;
}

bool has(const ShopAudit& a, const std::string& code) {
    return std::any_of(a.findings.begin(), a.findings.end(), [&](const AuditFinding& f) { return f.code == code; });
}

}  // namespace

TEST_CASE("audit: a shop exactly as signed, showing the current catalog, is ok") {
    fixtures::World w;
    const ShopAudit a = audit_shop(brand_of(w), "chen", bundle_text(w.bundle()));
    CHECK(a.status == AuditStatus::Ok);
    CHECK(a.ok());
    CHECK(a.findings.empty());
    CHECK(a.reason().empty());
    CHECK(a.name == "Chen's tea corner");
    CHECK(a.served_slug == "chen");
    CHECK(a.release_version == 3);
    CHECK(std::string(audit_status_name(a.status)) == "ok");
}

TEST_CASE("audit: stale, the release the shop would show is older than the brand's current one") {
    fixtures::World w;
    AuditBrand brand = brand_of(w);
    brand.current = next_release(w);  // version 4 is current; the store still serves version 3 for this shop
    const ShopAudit a = audit_shop(brand, "chen", bundle_text(w.bundle()));
    CHECK(a.status == AuditStatus::Stale);
    CHECK(a.release_version == 3);
    REQUIRE(a.findings.size() == 1);
    CHECK(a.findings[0].code == "stale_release");
    CHECK(a.reason().find("version 3") != std::string::npos);
    CHECK(a.reason().find("version 4") != std::string::npos);
    SUBCASE("a bundle with no release of the brand at all would show no catalog") {
        auto b = w.bundle();
        b.releases.clear();
        const ShopAudit n = audit_shop(brand, "chen", b);
        CHECK(n.status == AuditStatus::Stale);
        CHECK(has(n, "no_release"));
        CHECK(n.release_version == 0);
    }
}

TEST_CASE("audit: missing_products, the manifest names products the current release no longer has") {
    fixtures::World w;
    // Version 4 drops p2, which Chen's manifest lists first; the store serves version 4.
    const Release v4 = next_release(w, "p2");
    AuditBrand brand = brand_of(w);
    brand.current = v4;
    auto b = w.bundle();
    b.releases["b_tea"] = sign_envelope(dump_json(release_to_json(v4)), w.brand_key);
    const ShopAudit a = audit_shop(brand, "chen", b);
    CHECK(a.status == AuditStatus::MissingProducts);
    CHECK(a.missing_products == std::vector<std::string>{"p2"});
    CHECK(a.release_version == 4);
    CHECK(a.reason().find("p2") != std::string::npos);
    CHECK(a.reason().find("1 product ") != std::string::npos);
    SUBCASE("served the old release too: both findings, the worst first") {
        const ShopAudit s = audit_shop(brand, "chen", w.bundle());
        CHECK(s.status == AuditStatus::MissingProducts);
        REQUIRE(s.findings.size() == 2);
        CHECK(s.findings[0].code == "missing_products");
        CHECK(s.findings[1].code == "stale_release");
    }
    SUBCASE("a shop that shows every product (no selection) misses nothing") {
        w.manifest.products.clear();
        auto all = w.bundle();
        all.releases["b_tea"] = b.releases["b_tea"];
        CHECK(audit_shop(brand, "chen", all).status == AuditStatus::Ok);
    }
}

TEST_CASE("audit: in a shop of two brands, the other brand's products are not missing") {
    fixtures::World w;
    const KeyPair key2 = KeyPair::from_label("test-brand-2");
    const BrandCert cert2{"b_moor", "Northmoor", key2.pk, "en", "USD", 1700000000000};
    Release rel2;
    rel2.brand = "b_moor";
    rel2.version = 1;
    rel2.currency = "USD";
    rel2.locale = "en";
    Product q;
    q.id = "q1";
    q.brand = "b_moor";
    q.title = "Soap";
    q.price = 900;
    rel2.products.push_back(q);
    w.manifest.brands = {"b_tea", "b_moor"};
    w.manifest.products = {"p0", "q1", "gone"};
    auto b = w.bundle();
    Enrollment e{"b_moor", "d3", "chen", "Chen", "", w.d3.pk, 1, 1700000000000, true};
    b.enrollments["b_moor"]["d3"] = fixtures::invited(e, key2, w.d3);
    b.brands["b_moor"] = sign_envelope(dump_json(brand_cert_to_json(cert2)), w.root);
    b.releases["b_moor"] = sign_envelope(dump_json(release_to_json(rel2)), key2);
    const ShopAudit a = audit_shop(brand_of(w), "chen", b);
    CHECK(a.status == AuditStatus::MissingProducts);
    CHECK(a.missing_products == std::vector<std::string>{"gone"});
    SUBCASE("knowing every earlier release of the brand, an id it never published is not its to miss") {
        AuditBrand brand = brand_of(w);
        brand.history_known = true;
        Release v2 = w.release;
        v2.products.push_back(v2.products.front());
        v2.products.back().id = "gone";
        note_earlier_release(brand, v2);
        CHECK(audit_shop(brand, "chen", b).missing_products == std::vector<std::string>{"gone"});
        brand.earlier_ids = {"p0", "p1"};
        CHECK(audit_shop(brand, "chen", b).status == AuditStatus::Ok);
    }
    // The other brand's chain is checked too: a consumer's browser refuses the whole shop if it fails.
    b.enrollments["b_moor"]["d3"] = sign_envelope(dump_json(enrollment_to_json(e)), w.d1);
    const ShopAudit f = audit_shop(brand_of(w), "chen", b);
    CHECK(f.status == AuditStatus::Forged);
    CHECK(has(f, "forged_enrollment"));
    CHECK(f.reason().find("Northmoor") != std::string::npos);
}

TEST_CASE("audit: forged, a bundle altered after signing says which document fails") {
    fixtures::World w;
    const AuditBrand brand = brand_of(w);
    SUBCASE("the manifest's bytes changed, its signature kept") {
        auto b = w.bundle();
        b.manifest.payload.replace(b.manifest.payload.find("Chen's"), 6, "Evil's");
        const ShopAudit a = audit_shop(brand, "chen", bundle_text(b));
        CHECK(a.status == AuditStatus::Forged);
        CHECK(has(a, "forged_manifest"));
        CHECK(a.reason().find("manifest") != std::string::npos);
        CHECK(a.name == "Evil's tea corner");  // what the altered page claims, for the list
    }
    SUBCASE("the manifest re-signed by a stranger") {
        auto b = w.bundle();
        b.manifest = sign_envelope(b.manifest.payload, KeyPair::from_label("mallory"));
        const ShopAudit a = audit_shop(brand, "chen", b);
        CHECK(a.status == AuditStatus::Forged);
        CHECK(has(a, "forged_manifest"));
        CHECK(a.reason().find("someone other than its distributor") != std::string::npos);
    }
    SUBCASE("an enrollment's name changed, its signature kept") {
        auto b = w.bundle();
        Envelope& e2 = b.enrollments["b_tea"]["d2"];
        e2.payload.replace(e2.payload.find("Bo Li"), 5, "Mallo");
        const ShopAudit a = audit_shop(brand, "chen", b);
        CHECK(a.status == AuditStatus::Forged);
        CHECK(has(a, "forged_enrollment"));
        CHECK(a.reason().find("enrollment") != std::string::npos);
    }
    SUBCASE("a link of the chain missing") {
        auto b = w.bundle();
        b.enrollments["b_tea"].erase("d1");
        const ShopAudit a = audit_shop(brand, "chen", b);
        CHECK(a.status == AuditStatus::Forged);
        CHECK(has(a, "broken_chain"));
    }
    SUBCASE("the release's prices cut, the brand's signature kept") {
        auto b = w.bundle();
        Envelope& r = b.releases["b_tea"];
        const auto at = r.payload.find("\"price\":12800");
        REQUIRE(at != std::string::npos);
        r.payload.replace(at, 13, "\"price\":1");
        const ShopAudit a = audit_shop(brand, "chen", bundle_text(b));
        CHECK(a.status == AuditStatus::Forged);
        CHECK(has(a, "forged_release"));
        CHECK(a.release_version == 0);
        CHECK(a.reason().find("Huaxi Tea") != std::string::npos);
    }
    SUBCASE("a brand certificate not signed by the platform") {
        auto b = w.bundle();
        b.brands["b_tea"] = sign_envelope(b.brands["b_tea"].payload, KeyPair::from_label("mallory"));
        const ShopAudit a = audit_shop(brand, "chen", b);
        CHECK(a.status == AuditStatus::Forged);
        CHECK(has(a, "forged_brand"));
    }
}

TEST_CASE("audit: wrong_shop, the store answered the address with another shop's documents") {
    fixtures::World w;
    // Chen's valid, signed documents served for Anna's address: every signature checks.
    const ShopAudit a = audit_shop(brand_of(w), "anna", bundle_text(w.bundle()));
    CHECK(a.status == AuditStatus::WrongShop);
    CHECK(has(a, "wrong_shop"));
    CHECK(a.served_slug == "chen");
    CHECK(a.reason().find("/s/anna") != std::string::npos);
    CHECK(a.reason().find("/s/chen") != std::string::npos);
    SUBCASE("a shop whose signed page does not carry the brand it is listed under") {
        fixtures::World other;
        AuditBrand brand = brand_of(other);
        brand.cert.brand = "b_other";
        brand.cert.name = "Other";
        brand.current.brand = "b_other";
        const ShopAudit n = audit_shop(brand, "chen", other.bundle());
        CHECK(n.status == AuditStatus::WrongShop);
        CHECK(has(n, "not_carried"));
    }
}

TEST_CASE("audit: unreadable, a damaged bundle") {
    fixtures::World w;
    const AuditBrand brand = brand_of(w);
    CHECK(audit_shop(brand, "chen", std::string_view("<html>502 Bad Gateway</html>")).status == AuditStatus::Unreadable);
    CHECK(audit_shop(brand, "chen", std::string_view("[1,2]")).status == AuditStatus::Unreadable);
    std::string text = bundle_text(w.bundle());
    CHECK(audit_shop(brand, "chen", std::string_view(text).substr(0, text.size() / 2)).status == AuditStatus::Unreadable);
    // The manifest's signature field gone: not an envelope.
    Json doc = Json::parse(text, nullptr, false);
    doc["manifest"].erase("sig");
    const ShopAudit a = audit_shop(brand, "chen", dump_json(doc));
    CHECK(a.status == AuditStatus::Unreadable);
    CHECK(a.findings.size() == 1);
    CHECK(!a.reason().empty());
    // A signed manifest that is not a manifest.
    auto b = w.bundle();
    b.manifest = sign_envelope("{\"type\":\"manifest\"}", w.d3);
    CHECK(audit_shop(brand, "chen", b).status == AuditStatus::Unreadable);
}

TEST_CASE("audit: statuses by name, and a summary of counts per status") {
    for (std::size_t i = 0; i < kAuditStatusCount; ++i) {
        const auto s = static_cast<AuditStatus>(i);
        CHECK(parse_audit_status(audit_status_name(s)) == s);
    }
    CHECK_FALSE(parse_audit_status("fine").has_value());
    fixtures::World w;
    AuditBrand brand = brand_of(w);
    AuditCache cache;
    std::vector<ShopAudit> audits;
    audits.push_back(audit_shop(brand, "chen", bundle_text(w.bundle()), &cache));
    audits.push_back(audit_shop(brand, "chen", bundle_text(w.bundle()), &cache));
    audits.push_back(audit_shop(brand, "anna", bundle_text(w.bundle()), &cache));
    audits.push_back(audit_shop(brand, "bo-li", std::string_view("not json"), &cache));
    const AuditSummary s = summarize_audits(audits);
    CHECK(s.total == 4);
    CHECK(s.ok() == 2);
    CHECK(s.count(AuditStatus::WrongShop) == 1);
    CHECK(s.count(AuditStatus::Unreadable) == 1);
    CHECK(s.count(AuditStatus::Forged) == 0);
    CHECK(s.refused() == 2);
    // Every bundle carried the same release: it was opened once.
    CHECK(cache.releases_opened == 1);
    // An altered copy under the same signature is not taken for the one already opened.
    auto b = w.bundle();
    Envelope& r = b.releases["b_tea"];
    r.payload.replace(r.payload.find("\"price\":12800"), 13, "\"price\":1");
    CHECK(audit_shop(brand, "chen", b, &cache).status == AuditStatus::Forged);
    CHECK(audit_shop(brand, "chen", w.bundle(), &cache).status == AuditStatus::Ok);
}
