// A small signed world for the domain tests: platform root, a brand, its release and policy, a
// three-level distributor chain (each recruit enrolled under their parent's invite) and the level-3
// distributor's shop.
#pragma once
#include "core/catalog/catalog.h"
#include "core/shop/shop.h"

namespace fixtures {

using namespace core;

// An enrollment as its recruit makes it (the only way a new one is valid, core::check_consent): the
// parent (the brand for level 1) signs an invite for exactly its brand, parent and level; the recruit
// signs the enrollment, the invite in it, with their own key.
inline Envelope invited(Enrollment e, const KeyPair& parent, const KeyPair& recruit, UtcMs expires_ms = 1900000000000) {
    Json inv{{"type", "invite"}, {"brand", e.brand}, {"parent", e.parent}, {"level", e.level}, {"id", "inv_" + e.distributor},
             {"expires_ms", expires_ms}, {"max_uses", 1}};
    e.invite = sign_envelope(dump_json(inv), parent).to_json();
    return sign_envelope(dump_json(enrollment_to_json(e)), recruit);
}

// A change the parent signs (deactivate, rename), carrying the recruit's own invited enrollment.
inline Envelope carried(Enrollment e, const Envelope& consent, const KeyPair& parent) {
    e.invite = nullptr;
    e.consent = consent.to_json();
    return sign_envelope(dump_json(enrollment_to_json(e)), parent);
}

struct World {
    KeyPair root = KeyPair::from_label("test-root");
    KeyPair brand_key = KeyPair::from_label("test-brand");
    KeyPair d1 = KeyPair::from_label("test-d1"), d2 = KeyPair::from_label("test-d2"), d3 = KeyPair::from_label("test-d3");
    BrandCert cert;
    Release release;
    Policy policy;
    Enrollment e1, e2, e3;
    ShopManifest manifest;

    World() {
        cert = BrandCert{"b_tea", "Huaxi Tea", brand_key.pk, "zh-CN", "CNY", 1700000000000};
        release.brand = "b_tea";
        release.version = 3;
        release.created_ms = 1700000000000;
        release.currency = "CNY";
        release.locale = "zh-CN";
        release.categories = {{"green", "绿茶"}, {"oolong", "乌龙"}};
        for (int i = 0; i < 3; ++i) {
            Product p;
            p.id = "p" + std::to_string(i);
            p.brand = "b_tea";
            p.category = i < 2 ? "green" : "oolong";
            p.title = "龙井 " + std::to_string(i);
            p.description = "明前龙井，产自西湖。";
            p.specs = {{"净含量", "250g"}};
            p.price = 12800 + i * 1000;
            p.images = {{"/img/" + std::string(64, 'a') + ".jpg", std::string(64, 'a'), 640, 640}};
            release.products.push_back(p);
        }
        release.reindex();
        policy.brand = "b_tea";
        policy.version = 1;
        e1 = Enrollment{"b_tea", "d1", "anna", "Anna", "", d1.pk, 1, 1700000000000, true};
        e2 = Enrollment{"b_tea", "d2", "bo-li", "Bo Li", "d1", d2.pk, 2, 1700000000000, true};
        e3 = Enrollment{"b_tea", "d3", "chen", "Chen", "d2", d3.pk, 3, 1700000000000, true};
        manifest.distributor = "d3";
        manifest.slug = "chen";
        manifest.version = 1;
        manifest.identity.name = "Chen's tea corner";
        manifest.identity.greeting = "欢迎!";
        manifest.brands = {"b_tea"};
        manifest.products = {"p2", "p0"};
        manifest.featured = {"p2"};
        manifest.notes = {{"p0", "My favourite"}};
    }

    Envelope signed_release() const { return sign_envelope(dump_json(release_to_json(release)), brand_key); }

    ShopBundle bundle() const {
        ShopBundle b;
        b.manifest = sign_envelope(dump_json(manifest_to_json(manifest)), d3);
        b.brands["b_tea"] = sign_envelope(dump_json(brand_cert_to_json(cert)), root);
        b.releases["b_tea"] = signed_release();
        b.policies["b_tea"] = sign_envelope(dump_json(policy_to_json(policy)), brand_key);
        b.enrollments["b_tea"]["d1"] = invited(e1, brand_key, d1);
        b.enrollments["b_tea"]["d2"] = invited(e2, d1, d2);
        b.enrollments["b_tea"]["d3"] = invited(e3, d2, d3);
        return b;
    }
};

// The bundle as the store sends it (what parse_shop_bundle reads).
inline std::string shop_bundle_text(const ShopBundle& b) {
    auto docs = [](const std::map<std::string, Envelope>& m) {
        Json out = Json::object();
        for (const auto& [k, env] : m) out[k] = env.to_json();
        return out;
    };
    Json enrollments = Json::object();
    for (const auto& [brand, chain] : b.enrollments) enrollments[brand] = docs(chain);
    Json releases = docs(b.releases);
    for (const auto& brand : b.hashes_left_out)
        if (releases.contains(brand)) releases[brand]["hashes"] = "left_out";
    return dump_json(Json{{"manifest", b.manifest.to_json()}, {"enrollments", enrollments}, {"brands", docs(b.brands)},
                          {"releases", releases}, {"policies", docs(b.policies)}});
}

}  // namespace fixtures
