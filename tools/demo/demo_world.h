// The demo and scale worlds: every signed document, every generated image, and the summaries the
// README prints, built in memory so gen_demo (which writes them) and the domain tests (which only
// check them) share one code path. This is the public header of the dynshop_demo library
// (tools/demo/): painting (paint.h, raster.cpp, objects.cpp, scenes.cpp), the content read from
// assets/demo/ (content.h), the demo world (demo_world.cpp), the scale world (scale_world.cpp), and
// what is made from them (scale_activity.h, scale_ledger.h, demo_history.h).
//
// [SECTION] Options   where the content is, what to build and how big the images are
// [SECTION] World     the documents, images and people of one build
// [SECTION] Builders  build_demo_world, build_scale_world, verify_world
//
// Deterministic: fixed timestamps, a seeded PRNG, keys derived from fixed labels or passphrases.
// The same inputs (the same assets and the same font files) give the same bytes on every run.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/shop/shop.h"

namespace demo {

// [SECTION] Options
struct Options {
    // The assets folder (the one holding demo/huaxi.json, ...): the brands' catalogs and articles,
    // the shops, the scale world's words. gen_demo takes it from --assets, the tests from the
    // source tree; both default to the path CMake compiles in (DYNSHOP_ASSETS_DIR).
    std::string assets;
    // Image sizes are multiplied by this (1.0 = 800x800 gallery, 320 thumbs, 256 avatars,
    // 1200x400 banners). Tests use a tiny scale; the refs still carry the real pixel sizes.
    float image_scale = 1.0f;
    // true: Argon2id with libsodium's interactive limits (derive_keypair, what the browser uses).
    // false: the same derivation with minimum limits (derive_keypair_fast), for quick tests only.
    bool real_passphrase_keys = true;
    // Font files' bytes for label lettering (optional; without them labels get abstract marks).
    std::vector<std::uint8_t> font_sans, font_serif, font_cjk;
    // Scale world sizes.
    int scale_products = 3000;
    int scale_categories = 20;
    int scale_l1 = 2000, scale_l2 = 8000, scale_l3 = 10000;
    int scale_shops = 200;
    int scale_image_pool = 40;
};

// [SECTION] World
struct Document {
    std::string kind;  // brand | policy | release | enrollment | manifest | article
    core::Envelope envelope;
};

struct ImageFile {
    std::string sha256;
    std::vector<std::uint8_t> bytes;
    int w = 0, h = 0;
};

struct BrandInfo {
    std::string id, name, passphrase;
    std::size_t products = 0;
};

struct ShopInfo {
    std::string slug, name, distributor, person, parent, passphrase;  // parent: the parent shop's slug
    std::vector<std::string> brands;
    int level = 1;
};

struct World {
    core::KeyPair root;
    std::vector<Document> documents;            // dependency order
    std::map<std::string, ImageFile> images;    // by sha256
    std::vector<BrandInfo> brands;
    std::vector<ShopInfo> shops;
    std::map<std::string, core::ShopBundle> bundles;  // by shop slug, as the store would hand them out
    std::map<std::string, std::vector<core::Envelope>> articles;  // by brand, as GET /api/brands/<brand>/articles lists them
    std::size_t products = 0, enrollments = 0;

    std::string documents_jsonl() const;
    std::string trust_json() const;
    core::Json demo_json() const;       // brands, shops, passphrases: what the README prints
    std::string charset() const;        // every distinct non-ASCII character in the demo's text
    std::uint64_t image_bytes() const;
};

// [SECTION] Builders
core::Result<World> build_demo_world(const Options& options);
core::Result<World> build_scale_world(const Options& options);
core::Json scale_summary(const World& world);

// Composes every shop bundle against the root key; returns one line per failure (empty = all good).
std::vector<std::string> verify_world(const World& world);

}  // namespace demo
