// The scale world (see demo_world.h): one brand with 3,000 SKUs, 20,000 distributors three levels
// deep and 200 shops, for the benches and the scale store. Its words (categories, variants, names,
// greetings) come from assets/demo/scale.json, its product shots from a small shared pool painted
// on the sets of a demo brand; everything else is generated from fixed seeds.
//
// [SECTION] Scale world   images, brand, policy, release, enrollments, shops
// [SECTION] Summary       scale.json: counts per level, shops and their sizes
#include "demo_world.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "content.h"
#include "world_build.h"

namespace demo {

using core::Json;

// [SECTION] Scale world ----------------------------------------------------------------------------

// The scale world's timeline ends before its activity (scale_activity.h) begins: brand and release
// on 2026-06-09, enrollments over the next 24 days, shops from day 26; activity from 2026-07-21.
constexpr core::UtcMs kScaleT0 = 1781000000000;

core::Result<World> build_scale_world(const Options& opt) {
    World w;
    w.root = core::KeyPair::from_label("dynshop-demo-root");
    auto content = load_demo_content(opt.assets);
    if (!content) return content.error();
    auto words = load_scale_content(opt.assets);
    if (!words) return words.error();
    const BrandSeed* sets = content->brand(words->backdrops_of);
    if (!sets) return core::make_error("demo_assets", opt.assets + "/demo/scale.json: backdrops_of: no brand \"" + words->backdrops_of + "\" in the demo");
    Fonts fonts = make_fonts(opt);
    Letterer lt(&fonts);
    const std::string brand_id = "b_scale";
    auto brand_key = passphrase_key(opt, "demo-b_scale-2026", brand_id);
    if (!brand_key) return brand_key.error();
    const auto& cats_all = words->categories;
    std::size_t ncat = std::min<std::size_t>(cats_all.size(), static_cast<std::size_t>(std::max(1, opt.scale_categories)));

    // A small pool of product shots shared by every SKU keeps the data small.
    const Kind pool_kinds[] = {Kind::Tin, Kind::Pouch, Kind::Carton, Kind::Jar, Kind::GlassJar, Kind::GiftBox, Kind::Dropper,
                               Kind::Pump, Kind::Tube, Kind::Soap, Kind::Candle, Kind::FlatTin, Kind::Cups, Kind::Teapot,
                               Kind::Spray, Kind::Diffuser, Kind::CeramicCandle, Kind::Cake, Kind::Gaiwan, Kind::Pitcher};
    const std::uint32_t pool_colours[] = {0x7FA36B, 0xA8322D, 0x3F6E78, 0xE8B4B0, 0xD9822B, 0x5B3A5E, 0xC9D8B6, 0x2E3B5E,
                                          0xB7A6D1, 0xE2B05A, 0x4A3A2E, 0x8FC0B0, 0xCBBFA8, 0x9C7B5E, 0xF2C14E, 0x6E9C7E};
    std::vector<Backdrop> backdrops = sets->backdrops;
    int pool_n = std::max(1, opt.scale_image_pool);
    std::vector<Render> pool(static_cast<std::size_t>(pool_n));
    std::vector<Render> avatars(4), banners(2);
    std::vector<std::function<void()>> jobs;
    for (int i = 0; i < pool_n; ++i)
        jobs.push_back([&, i] {
            Rng rng(5000u + static_cast<std::uint32_t>(i));
            ProductArt art;
            art.style = i % 2 ? Style::Botanic : Style::Tea;
            art.backdrops = backdrops;
            Look& L = art.look;
            L.kind = pool_kinds[static_cast<std::size_t>(i) % std::size(pool_kinds)];
            L.body = hexc(pool_colours[static_cast<std::size_t>(i * 7) % std::size(pool_colours)]);
            L.lid = i % 3 ? tint(L.body, -0.2f) : hexc(0xC9B27A);
            L.accent = hexc(pool_colours[static_cast<std::size_t>(i * 5 + 3) % std::size(pool_colours)]);
            L.content = hexc(0x8A7A4A);
            L.label = hexc(0xF8F4EC);
            L.ink = hexc(0x2A2A28);
            L.gloss = 0.3f;
            L.brand = "EVERGREEN";
            L.big = cats_all[static_cast<std::size_t>(i) % ncat].name;
            L.small = "MARKET";
            int px = scaled(320, opt.image_scale);
            Canvas cv(px, px);
            render_product(cv, lt, art, i % 3 == 2 ? 2 : (i % 3), 3000u + static_cast<std::uint32_t>(i) * 17u);
            pool[static_cast<std::size_t>(i)] = Render{px, px, encode_jpeg(cv, 3000u + static_cast<std::uint32_t>(i))};
        });
    const auto& shop_art = content->shops;
    for (std::size_t i = 0; i < avatars.size(); ++i)
        jobs.push_back([&, i] {
            int px = scaled(256, opt.image_scale);
            Canvas cv(px, px);
            render_avatar(cv, shop_art[(i * 3 + 1) % shop_art.size()].avatar);
            avatars[i] = Render{px, px, encode_jpeg(cv, 8000u + static_cast<std::uint32_t>(i))};
        });
    for (std::size_t i = 0; i < banners.size(); ++i)
        jobs.push_back([&, i] {
            int pw = scaled(1200, opt.image_scale), ph = scaled(400, opt.image_scale);
            Canvas cv(pw, ph);
            render_banner(cv, shop_art[(i * 5 + 2) % shop_art.size()].banner, 8100u + static_cast<std::uint32_t>(i));
            finish(cv);
            banners[i] = Render{pw, ph, encode_jpeg(cv, 8100u + static_cast<std::uint32_t>(i))};
        });
    run_jobs(jobs);
    std::vector<core::ImageRef> pool_refs, avatar_refs, banner_refs;
    for (auto& r : pool) pool_refs.push_back(add_image(w, std::move(r)));
    for (auto& r : avatars) avatar_refs.push_back(add_image(w, std::move(r)));
    for (auto& r : banners) banner_refs.push_back(add_image(w, std::move(r)));

    // Brand, policy, release.
    core::BrandCert cert{brand_id, "Evergreen Market", brand_key->pk, "en", "USD", kScaleT0};
    Document brand_doc = sign_doc("brand", core::brand_cert_to_json(cert), w.root);
    core::Policy pol;
    pol.brand = brand_id;
    pol.version = 1;
    pol.levels = {1000, 300};
    pol.max_levels = 3;
    Document policy_doc = sign_doc("policy", core::policy_to_json(pol), *brand_key);

    core::Release rel;
    rel.brand = brand_id;
    rel.version = 1;
    rel.created_ms = kScaleT0 + 24 * kHour;
    rel.currency = "USD";
    rel.locale = "en";
    for (std::size_t c = 0; c < ncat; ++c) rel.categories.push_back({cats_all[c].id, cats_all[c].name});
    Rng rng(424242);
    int nprod = std::max(1, opt.scale_products);
    for (int i = 0; i < nprod; ++i) {
        const ScaleCategory& cat = cats_all[static_cast<std::size_t>(i) % ncat];
        int j = i / static_cast<int>(ncat);  // index within the category
        int noun_i = j % 10;
        int var_i = (j / 10 + 3 * noun_i) % 20;
        int edition = j / 200;  // more than 200 per category gets an edition number
        const std::string& variant = cat.scented ? words->scents[static_cast<std::size_t>(var_i)] : words->colours[static_cast<std::size_t>(var_i)];
        core::Product p;
        char id[32];
        std::snprintf(id, sizeof id, "p_sc_%05d", i + 1);
        p.id = id;
        p.brand = brand_id;
        p.category = cat.id;
        p.title = std::string(variant) + " " + cat.nouns[static_cast<std::size_t>(noun_i)];
        if (edition > 0) p.title += " No. " + std::to_string(edition + 1);
        p.subtitle = std::string(cat.scented ? "Made with " : "In ") + (cat.scented ? "real " : "") + variant +
                     (cat.scented ? ", small batch" : ", built to last");
        p.description = "Our " + std::string(cat.nouns[static_cast<std::size_t>(noun_i)]) + " in " + variant +
                        ", made for everyday use. Simple, well made and easy to love. Part of the Evergreen " + cat.name + " range.";
        int size = (1 + rng.below(12)) * (cat.unit == "pc" ? 1 : 25);
        p.specs = {{"Size", std::to_string(size) + " " + cat.unit},
                   {"SKU", "EVM-" + std::to_string(1000 + (i % ncat) * 10 + noun_i) + "-" + std::to_string(10000 + i)},
                   {"Range", cat.name}};
        if (i % 3 == 0) p.specs.push_back({"Origin", i % 2 ? "Portugal" : "Vietnam"});
        p.price = cat.base_price + rng.below(40) * 50;
        p.list_price = (i % 5 == 0) ? p.price + 200 + rng.below(6) * 100 : 0;
        std::size_t a = static_cast<std::size_t>(i * 7 + 3) % pool_refs.size();
        p.thumb = pool_refs[static_cast<std::size_t>(i) % pool_refs.size()];
        p.images.push_back(p.thumb);
        if (i % 2 == 0) p.images.push_back(pool_refs[a]);
        rel.products.push_back(std::move(p));
    }
    rel.reindex();
    Document release_doc = sign_doc("release", core::release_to_json(rel), *brand_key);
    w.products = rel.products.size();
    w.brands.push_back(BrandInfo{brand_id, cert.name, "demo-b_scale-2026", rel.products.size()});

    // 20,000 distributors: L1 enrolled by the brand, L2 under a random L1, L3 under a random L2.
    int n1 = std::max(1, opt.scale_l1), n2 = std::max(0, opt.scale_l2), n3 = std::max(0, opt.scale_l3);
    int total = n1 + n2 + n3;
    struct Member {
        std::string id, slug, name, parent;
        int level;
        core::KeyPair key;
    };
    std::vector<Member> members(static_cast<std::size_t>(total));
    Rng tree(777);
    for (int n = 1; n <= total; ++n) {
        Member& m = members[static_cast<std::size_t>(n - 1)];
        char buf[32];
        std::snprintf(buf, sizeof buf, "sd_%05d", n);
        m.id = buf;
        m.slug = n == 1 ? "scale-all" : "scale-" + std::to_string(n);
        // The last name is drawn first: that is the order the generator has always drawn them in
        // (once an unsequenced `first + " " + last`), and the scale data's names depend on it.
        const auto& last = words->last_names[static_cast<std::size_t>(tree.below(static_cast<int>(words->last_names.size())))];
        const auto& first = words->first_names[static_cast<std::size_t>(tree.below(static_cast<int>(words->first_names.size())))];
        m.name = first + " " + last;
        m.level = n <= n1 ? 1 : (n <= n1 + n2 ? 2 : 3);
        if (m.level == 2) m.parent = members[static_cast<std::size_t>(tree.below(n1))].id;
        if (m.level == 3) m.parent = members[static_cast<std::size_t>(n1 + tree.below(std::max(1, n2)))].id;
        if (m.level == 3 && n2 == 0) {
            m.level = 2;
            m.parent = members[static_cast<std::size_t>(tree.below(n1))].id;
        }
        m.key = core::KeyPair::from_label("scale-d-" + std::to_string(n));
    }
    std::vector<Document> enrollment_docs(static_cast<std::size_t>(total));
    std::map<std::string, std::size_t> index;
    for (int i = 0; i < total; ++i) index[members[static_cast<std::size_t>(i)].id] = static_cast<std::size_t>(i);
    {
        std::vector<std::function<void()>> sign_jobs;
        int chunks = 8;
        for (int c = 0; c < chunks; ++c)
            sign_jobs.push_back([&, c] {
                for (int i = c; i < total; i += chunks) {
                    const Member& m = members[static_cast<std::size_t>(i)];
                    core::Enrollment e{brand_id, m.id, m.slug, m.name, m.parent, m.key.pk, m.level, kScaleT0 + 10 * 24 * kHour + i * 60000LL, true};
                    const core::KeyPair& signer = m.parent.empty() ? *brand_key : members[index.at(m.parent)].key;
                    enrollment_docs[static_cast<std::size_t>(i)] = consented_enrollment(e, signer, m.key);
                }
            });
        run_jobs(sign_jobs);
    }
    w.enrollments = enrollment_docs.size();
    EnrollmentDocs enrollments;
    for (int i = 0; i < total; ++i)
        enrollments[brand_id][members[static_cast<std::size_t>(i)].id] = {members[static_cast<std::size_t>(i)].parent,
                                                                          enrollment_docs[static_cast<std::size_t>(i)].envelope};

    // A sample of shops across the levels; the first carries the whole catalog.
    std::vector<Document> manifest_docs;
    int nshops = std::min(std::max(1, opt.scale_shops), total);
    std::map<std::string, core::Envelope> certs{{brand_id, brand_doc.envelope}}, releases{{brand_id, release_doc.envelope}},
        policies{{brand_id, policy_doc.envelope}};
    const auto& greetings = words->greetings;
    const auto& notes = words->notes;
    for (int s = 0; s < nshops; ++s) {
        int n = s == 0 ? 1 : 1 + static_cast<int>(static_cast<long long>(s) * (total - 1) / nshops) + 7;
        n = std::min(n, total);
        const Member& m = members[static_cast<std::size_t>(n - 1)];
        core::ShopManifest man;
        man.distributor = m.id;
        man.slug = m.slug;
        man.version = 1;
        man.updated_ms = kScaleT0 + 26 * 24 * kHour + s * 10 * 60000LL;
        man.identity.name = s == 0 ? "Evergreen: Everything" : m.name + "'s Evergreen Shop";
        man.identity.greeting = greetings[static_cast<std::size_t>(s) % greetings.size()];
        man.identity.contact = "Text 555-" + std::to_string(1000 + n % 9000);
        man.identity.avatar = avatar_refs[static_cast<std::size_t>(s) % avatar_refs.size()];
        man.identity.banner = banner_refs[static_cast<std::size_t>(s) % banner_refs.size()];
        const std::uint32_t primaries[] = {0x2F6B4F, 0xB4532A, 0x3C6E91, 0x8E3B5A, 0x5B4636};
        man.theme.primary = primaries[s % 5];
        man.theme.accent = primaries[(s + 2) % 5];
        man.theme.layout = s % 4 == 3 ? "list" : (s % 7 == 5 ? "showcase" : "grid");
        man.brands = {brand_id};
        Rng pick(9000u + static_cast<std::uint32_t>(s));
        if (s == 0) {
            for (const auto& p : rel.products) man.products.push_back(p.id);
        } else {
            int count = 24 + pick.below(120);
            std::set<int> chosen;
            while (static_cast<int>(chosen.size()) < std::min(count, nprod)) chosen.insert(pick.below(nprod));
            for (int c : chosen) man.products.push_back(rel.products[static_cast<std::size_t>(c)].id);
        }
        for (int f = 0; f < 3 && f < static_cast<int>(man.products.size()); ++f)
            man.featured.push_back(man.products[static_cast<std::size_t>(f * 5) % man.products.size()]);
        for (int k = 0; k < 2 && k < static_cast<int>(man.products.size()); ++k)
            man.notes[man.products[static_cast<std::size_t>(k * 3 + 1) % man.products.size()]] = notes[static_cast<std::size_t>(s + k) % notes.size()];
        manifest_docs.push_back(sign_doc("manifest", core::manifest_to_json(man), m.key));
        w.bundles[m.slug] = make_bundle(manifest_docs.back().envelope, man.brands, certs, releases, policies, enrollments, m.id);
        ShopInfo info;
        info.slug = m.slug;
        info.name = man.identity.name;
        info.distributor = m.id;
        info.person = m.name;
        info.brands = man.brands;
        info.level = m.level;
        info.parent = m.parent.empty() ? "" : members[index.at(m.parent)].slug;
        w.shops.push_back(info);
    }

    w.documents.push_back(std::move(brand_doc));
    w.documents.push_back(std::move(policy_doc));
    w.documents.push_back(std::move(release_doc));
    for (auto& d : enrollment_docs) w.documents.push_back(std::move(d));  // L1, then L2, then L3
    for (auto& d : manifest_docs) w.documents.push_back(std::move(d));
    return w;
}

// [SECTION] Summary --------------------------------------------------------------------------------

Json scale_summary(const World& w) {
    Json shops = Json::array();
    std::map<int, int> by_level;
    for (const auto& d : w.documents) {
        if (d.kind != "enrollment") continue;
        auto p = core::parse_json(d.envelope.payload, "enrollment");
        if (p) by_level[static_cast<int>(core::int_or(*p, "level", 0))]++;
    }
    for (const auto& s : w.shops) {
        std::size_t nprod = 0;
        if (auto it = w.bundles.find(s.slug); it != w.bundles.end())
            if (auto p = core::parse_json(it->second.manifest.payload, "manifest"))
                if (const Json* arr = core::get_array(*p, "products")) nprod = arr->size();
        shops.push_back({{"slug", s.slug}, {"distributor", s.distributor}, {"level", s.level}, {"parent", s.parent}, {"products", nprod}});
    }
    Json levels = Json::object();
    for (const auto& [lv, n] : by_level) levels[std::to_string(lv)] = n;
    std::size_t categories = 0;
    for (const auto& d : w.documents)
        if (d.kind == "release")
            if (auto p = core::parse_json(d.envelope.payload, "release"))
                if (const Json* arr = core::get_array(*p, "categories")) categories = arr->size();
    return Json{{"root_key", w.root.pk.b64()},
                {"brand", w.brands.empty() ? Json() : Json{{"id", w.brands[0].id}, {"name", w.brands[0].name}, {"passphrase", w.brands[0].passphrase}}},
                {"products", w.products},
                {"categories", categories},
                {"distributors", w.enrollments},
                {"levels", levels},
                {"documents", w.documents.size()},
                {"images", w.images.size()},
                {"image_bytes", w.image_bytes()},
                {"shops", shops}};
}

}  // namespace demo
