// The demo and scale worlds that gen_demo writes, built in-process at a tiny image size with fast
// key derivation: every shop must compose against the root key, every product must carry images
// that exist, and the documents must come in an order a store can load one by one.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "../../tools/demo_world.cpp"

namespace {

demo::Options quick_options() {
    demo::Options o;
    o.image_scale = 0.04f;  // 32 px gallery images: enough to encode real JPEGs, fast under wasm
    o.real_passphrase_keys = false;
    o.scale_products = 120;
    o.scale_categories = 6;
    o.scale_l1 = 10;
    o.scale_l2 = 30;
    o.scale_l3 = 40;
    o.scale_shops = 5;
    o.scale_image_pool = 4;
    return o;
}

const demo::World& demo_world() {
    static const demo::World w = [] {
        auto r = demo::build_demo_world(quick_options());
        REQUIRE_MESSAGE(r.ok(), r.error().message);
        return std::move(r.value());
    }();
    return w;
}

bool is_hex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string payload_string(const demo::Document& d, const char* key) {
    auto p = core::parse_json(d.envelope.payload, "document");
    return p ? core::string_or(*p, key, "") : "";
}

}  // namespace

TEST_CASE("every demo shop composes against the platform root key") {
    const demo::World& w = demo_world();
    CHECK(w.brands.size() == 2);
    CHECK(w.products >= 55);
    CHECK(w.shops.size() == 10);
    auto problems = demo::verify_world(w);
    for (const auto& p : problems) MESSAGE(p);
    CHECK(problems.empty());
    REQUIRE(w.bundles.size() == w.shops.size());
    for (const auto& shop : w.shops) {
        auto view = core::compose_shop(w.bundles.at(shop.slug), w.root.pk);
        REQUIRE_MESSAGE(view.ok(), (shop.slug + ": " + view.error().message));
        CHECK(view->shop.manifest.slug == shop.slug);
        CHECK(view->shop.manifest.brands == shop.brands);
        for (const auto& [brand, chain] : view->shop.chains) {
            CHECK(chain.front().distributor == shop.distributor);
            CHECK(chain.back().parent.empty());  // the chain reaches the brand
        }
        CHECK(view->featured.size() >= 3);
        CHECK(view->featured.size() <= 5);
        int notes = 0;
        for (const auto& item : view->items) notes += item.note.empty() ? 0 : 1;
        CHECK(notes >= 2);
        CHECK(notes <= 5);
    }
}

TEST_CASE("the demo tree is three levels deep and one shop carries two brands") {
    const demo::World& w = demo_world();
    std::set<int> levels;
    const demo::ShopInfo* lily = nullptr;
    for (const auto& s : w.shops) {
        levels.insert(s.level);
        if (s.slug == "lily-tea") lily = &s;
    }
    CHECK(levels == std::set<int>{1, 2, 3});
    REQUIRE(lily != nullptr);
    CHECK(lily->brands == std::vector<std::string>{"b_huaxi", "b_northmoor"});
    auto view = core::compose_shop(w.bundles.at("lily-tea"), w.root.pk);
    REQUIRE(view.ok());
    CHECK(view->shop.chains.size() == 2);
    bool both = false, seen_huaxi = false;
    for (const auto& item : view->items) {
        if (item.brand->cert.brand == "b_huaxi") seen_huaxi = true;
        if (item.brand->cert.brand == "b_northmoor" && seen_huaxi) both = true;
    }
    CHECK(both);
}

TEST_CASE("every demo product has a thumbnail and 2-3 gallery images that were generated") {
    const demo::World& w = demo_world();
    std::size_t checked = 0;
    for (const auto& d : w.documents) {
        if (d.kind != "release") continue;
        auto brand_doc = std::find_if(w.documents.begin(), w.documents.end(), [&](const demo::Document& b) {
            return b.kind == "brand" && payload_string(b, "brand") == payload_string(d, "brand");
        });
        REQUIRE(brand_doc != w.documents.end());
        auto cert = core::open_brand_cert(brand_doc->envelope, w.root.pk);
        REQUIRE(cert.ok());
        auto rel = core::open_release(d.envelope, *cert);
        REQUIRE_MESSAGE(rel.ok(), rel.error().message);
        CHECK(rel->version == 1);
        for (const auto& p : rel->products) {
            CHECK(!p.title.empty());
            CHECK(!p.description.empty());
            CHECK(p.specs.size() >= 3);
            CHECK(p.specs.size() <= 5);
            CHECK(p.price > 0);
            CHECK((p.list_price == 0 || p.list_price > p.price));
            CHECK(p.images.size() >= 2);
            CHECK(p.images.size() <= 3);
            std::vector<core::ImageRef> refs = p.images;
            refs.push_back(p.thumb);
            for (const auto& img : refs) {
                REQUIRE(is_hex64(img.sha256));
                CHECK(img.src == "/img/" + img.sha256 + ".jpg");
                auto it = w.images.find(img.sha256);
                REQUIRE(it != w.images.end());
                const auto& bytes = it->second.bytes;
                CHECK(core::sha256_hex(std::span<const std::uint8_t>(bytes.data(), bytes.size())) == img.sha256);
                CHECK(bytes.size() > 100);
                CHECK(bytes[0] == 0xFF);  // JPEG SOI
                CHECK(bytes[1] == 0xD8);
            }
            ++checked;
        }
    }
    CHECK(checked == w.products);
}

TEST_CASE("demo documents come in dependency order, parents before children") {
    const demo::World& w = demo_world();
    const std::vector<std::string> rank = {"brand", "policy", "release", "enrollment", "manifest"};
    std::size_t last = 0;
    std::set<std::string> enrolled;  // brand/distributor
    for (const auto& d : w.documents) {
        auto r = std::find(rank.begin(), rank.end(), d.kind);
        REQUIRE(r != rank.end());
        std::size_t idx = static_cast<std::size_t>(r - rank.begin());
        CHECK(idx >= last);
        last = idx;
        if (d.kind == "enrollment") {
            std::string brand = payload_string(d, "brand"), parent = payload_string(d, "parent");
            if (!parent.empty()) CHECK(enrolled.count(brand + "/" + parent) == 1);
            enrolled.insert(brand + "/" + payload_string(d, "distributor"));
        }
    }
    // The JSON lines file holds exactly these documents.
    std::string jsonl = w.documents_jsonl();
    std::size_t lines = static_cast<std::size_t>(std::count(jsonl.begin(), jsonl.end(), '\n'));
    CHECK(lines == w.documents.size());
    auto first = core::parse_json(jsonl.substr(0, jsonl.find('\n')), "line");
    REQUIRE(first.ok());
    CHECK(core::string_or(*first, "kind", "") == "brand");
    REQUIRE(core::get_object(*first, "envelope") != nullptr);
    CHECK(core::Envelope::from_json(*core::get_object(*first, "envelope")).ok());
}

TEST_CASE("demo summary and charset cover the people and their words") {
    const demo::World& w = demo_world();
    core::Json demo = w.demo_json();
    CHECK(core::string_or(demo, "root_key", "") == w.root.pk.b64());
    const core::Json* shops = core::get_array(demo, "shops");
    REQUIRE(shops != nullptr);
    CHECK(shops->size() == 10);
    std::string charset = w.charset();
    for (const char* s : {"花", "溪", "茶", "园", "绿", "丽", "·", "°"}) CHECK(charset.find(s) != std::string::npos);
    REQUIRE(!charset.empty());
    CHECK(charset.back() == '\n');
    bool ascii_free = true;
    for (std::size_t i = 0; i + 1 < charset.size(); ++i) ascii_free = ascii_free && static_cast<unsigned char>(charset[i]) >= 0x80;
    CHECK(ascii_free);
}

TEST_CASE("the demo world is the same on every build") {
    auto again = demo::build_demo_world(quick_options());
    REQUIRE(again.ok());
    CHECK(again->documents_jsonl() == demo_world().documents_jsonl());
    CHECK(again->trust_json() == demo_world().trust_json());
}

TEST_CASE("a shop re-signed by someone else is refused") {
    const demo::World& w = demo_world();
    core::ShopBundle b = w.bundles.at("xiaoyu-tea");
    b.manifest = core::sign_envelope(b.manifest.payload, core::KeyPair::from_label("mallory"));
    CHECK_FALSE(core::compose_shop(b, w.root.pk).ok());
}

TEST_CASE("the scale world, at a reduced size, signs a three-level tree that verifies") {
    demo::Options o = quick_options();
    auto w = demo::build_scale_world(o);
    REQUIRE_MESSAGE(w.ok(), w.error().message);
    CHECK(w->products == 120);
    CHECK(w->enrollments == 80);
    auto problems = demo::verify_world(*w);
    for (const auto& p : problems) MESSAGE(p);
    CHECK(problems.empty());
    CHECK(w->shops.size() == 5);
    REQUIRE(w->bundles.count("scale-all") == 1);
    auto view = core::compose_shop(w->bundles.at("scale-all"), w->root.pk);
    REQUIRE(view.ok());
    CHECK(view->items.size() == 120);
    core::Json summary = demo::scale_summary(*w);
    const core::Json* levels = core::get_object(summary, "levels");
    REQUIRE(levels != nullptr);
    CHECK(core::int_or(*levels, "1", 0) == 10);
    CHECK(core::int_or(*levels, "2", 0) == 30);
    CHECK(core::int_or(*levels, "3", 0) == 40);
    CHECK(w->images.size() <= 10);
}
