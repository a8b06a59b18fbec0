// The demo world (see demo_world.h): two brands, their catalogs, policies and articles, ten shops
// three levels deep, every picture painted; signed in dependency order and checked as a browser
// would check it. The content comes from assets/demo/ (content.h); what is done with it is here.
//
// [SECTION] Shared      jobs, images, keys, signing, consented enrollments, bundles (world_build.h)
// [SECTION] Demo world  signing everything in dependency order
// [SECTION] Output      documents.jsonl, demo.json, charset, verification
#include "demo_world.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string_view>
#if !defined(__EMSCRIPTEN__)
#include <atomic>
#include <thread>
#endif

#include "content.h"
#include "core/text.h"
#include "core/catalog/article.h"
#include "core/shop/invite.h"
#include "world_build.h"

namespace demo {

using core::Json;

// [SECTION] Shared ---------------------------------------------------------------------------------

void run_jobs(std::vector<std::function<void()>>& jobs) {
#if defined(__EMSCRIPTEN__)
    for (auto& j : jobs) j();
#else
    unsigned n = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < n; ++t)
        pool.emplace_back([&] {
            for (std::size_t i = next++; i < jobs.size(); i = next++) jobs[i]();
        });
    for (auto& t : pool) t.join();
#endif
}

int scaled(int px, float scale) { return std::max(8, static_cast<int>(std::lround(px * scale))); }

core::ImageRef add_image(World& w, Render&& r) {
    std::string sha = core::sha256_hex(std::span<const std::uint8_t>(r.bytes.data(), r.bytes.size()));
    core::ImageRef ref{"/img/" + sha + ".jpg", sha, r.w, r.h};
    auto& slot = w.images[sha];
    if (slot.bytes.empty()) slot = ImageFile{sha, std::move(r.bytes), r.w, r.h};
    return ref;
}

Fonts make_fonts(const Options& o) {
    Fonts f;
    f.sans.load(o.font_sans);
    f.serif.load(o.font_serif);
    f.cjk.load(o.font_cjk);
    return f;
}

core::Result<core::KeyPair> passphrase_key(const Options& o, const std::string& passphrase, const std::string& salt) {
    return o.real_passphrase_keys ? core::derive_keypair(passphrase, salt) : core::derive_keypair_fast(passphrase, salt);
}

Document sign_doc(const char* kind, const Json& payload, const core::KeyPair& key) {
    return Document{kind, core::sign_envelope(core::dump_json(payload), key)};
}

// The invite is one-use, unique per brand and recruit, and good for the usual two weeks from the
// enrollment's time.
Document consented_enrollment(const core::Enrollment& e, const core::KeyPair& parent, const core::KeyPair& recruit,
                              const std::string& parent_slug, const std::string& parent_name) {
    core::Invite f;
    f.brand = e.brand;
    f.parent = e.parent;
    f.level = e.level;
    f.id = "inv_" + e.brand + "_" + e.distributor;
    f.expires_ms = e.issued_ms + core::kInviteLifetimeMs;
    f.max_uses = 1;
    f.parent_slug = parent_slug;
    f.parent_name = parent_name;
    core::Enrollment en = core::enrollment_from_invite(core::make_invite(f, parent), e.distributor, e.slug, e.name, e.key, e.issued_ms);
    en.active = e.active;
    return sign_doc("enrollment", core::enrollment_to_json(en), recruit);
}

core::ShopBundle make_bundle(const core::Envelope& manifest, const std::vector<std::string>& brands,
                             const std::map<std::string, core::Envelope>& certs, const std::map<std::string, core::Envelope>& releases,
                             const std::map<std::string, core::Envelope>& policies, const EnrollmentDocs& enrollments,
                             const std::string& distributor) {
    core::ShopBundle b;
    b.manifest = manifest;
    for (const auto& brand : brands) {
        b.brands[brand] = certs.at(brand);
        if (auto it = releases.find(brand); it != releases.end()) b.releases[brand] = it->second;
        if (auto it = policies.find(brand); it != policies.end()) b.policies[brand] = it->second;
        const auto& docs = enrollments.at(brand);
        std::string cur = distributor;
        for (int guard = 0; guard < 8 && !cur.empty(); ++guard) {
            auto it = docs.find(cur);
            if (it == docs.end()) break;
            b.enrollments[brand][cur] = it->second.second;
            cur = it->second.first;  // parent
        }
    }
    return b;
}

// [SECTION] Demo world -----------------------------------------------------------------------------

namespace {

constexpr core::UtcMs kT0 = 1795000000000;  // every timestamp is this plus a fixed offset

std::string product_id(const std::string& prefix, int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "p_%s_%03d", prefix.c_str(), n);
    return buf;
}

Look look_for(const BrandSeed& b, const ProductSeed& p) {
    Look L;
    L.kind = p.kind;
    L.body = hexc(p.body);
    L.lid = hexc(p.lid);
    L.accent = hexc(p.accent);
    L.content = hexc(p.content);  // the file's, or dried leaves (content.cpp)
    L.label = hexc(b.label);
    L.ink = hexc(b.ink);
    L.gloss = p.gloss;
    L.big = p.big;
    L.small = p.small;
    L.brand = b.label_brand;
    L.seal = b.seal;
    L.cjk = b.style == Style::Tea;
    // Gift boxes carry a tag in the label colour; lids on tea tins keep their own colour.
    if (p.kind == Kind::GiftBox) L.accent = hexc(p.accent);
    return L;
}

}  // namespace

core::Result<World> build_demo_world(const Options& opt) {
    World w;
    w.root = core::KeyPair::from_label("dynshop-demo-root");
    auto content = load_demo_content(opt.assets);
    if (!content) return content.error();
    Fonts fonts = make_fonts(opt);
    Letterer lt(&fonts);
    const auto& brands = content->brands;
    const auto& shops = content->shops;

    // Keys first: Argon2id for every brand and shop, as the browser would derive them.
    std::map<std::string, core::KeyPair> brand_keys, shop_keys;
    for (const auto& b : brands) {
        auto k = passphrase_key(opt, std::string("demo-") + b.id + "-2026", b.id);
        if (!k) return k.error();
        brand_keys.emplace(b.id, *k);
    }
    for (const auto& s : shops) {
        auto k = passphrase_key(opt, std::string("demo-") + s.slug + "-2026", s.slug);
        if (!k) return k.error();
        shop_keys.emplace(s.distributor, *k);
    }

    // Images: every gallery view, thumbnail, avatar and banner is a job.
    struct ProductSlot {
        std::vector<Render> gallery;
        Render thumb;
    };
    std::vector<std::vector<ProductSlot>> product_renders(brands.size());
    std::vector<Render> avatars(shops.size()), banners(shops.size());
    const auto& articles = content->articles;
    std::vector<Render> covers(articles.size());
    std::vector<std::function<void()>> jobs;
    std::uint32_t global = 0;
    for (std::size_t bi = 0; bi < brands.size(); ++bi) {
        const BrandSeed& b = brands[bi];
        product_renders[bi].resize(b.products.size());
        for (std::size_t pi = 0; pi < b.products.size(); ++pi, ++global) {
            ProductArt art{look_for(b, b.products[pi]), b.style, b.backdrops};
            std::uint32_t seed = 101u + global * 13u;
            int views = (global % 5 == 1 || global % 5 == 3) ? 2 : 3;
            ProductSlot& slot = product_renders[bi][pi];
            slot.gallery.resize(static_cast<std::size_t>(views));
            for (int v = 0; v < views; ++v)
                jobs.push_back([&, art, seed, v, slot_ptr = &slot] {
                    int px = scaled(800, opt.image_scale);
                    Canvas cv(px, px);
                    render_product(cv, lt, art, v, seed);
                    slot_ptr->gallery[static_cast<std::size_t>(v)] = Render{px, px, encode_jpeg(cv, seed + static_cast<std::uint32_t>(v))};
                });
            jobs.push_back([&, art, seed, slot_ptr = &slot] {
                int px = scaled(320, opt.image_scale);
                Canvas cv(px, px);
                render_product(cv, lt, art, 0, seed);
                slot_ptr->thumb = Render{px, px, encode_jpeg(cv, seed + 77u)};
            });
        }
    }
    for (std::size_t si = 0; si < shops.size(); ++si) {
        jobs.push_back([&, si] {
            int px = scaled(256, opt.image_scale);
            Canvas cv(px, px);
            render_avatar(cv, shops[si].avatar);
            avatars[si] = Render{px, px, encode_jpeg(cv, 900u + static_cast<std::uint32_t>(si))};
        });
        jobs.push_back([&, si] {
            int pw = scaled(1200, opt.image_scale), ph = scaled(400, opt.image_scale);
            Canvas cv(pw, ph);
            render_banner(cv, shops[si].banner, 500u + static_cast<std::uint32_t>(si) * 7u);
            finish(cv);
            banners[si] = Render{pw, ph, encode_jpeg(cv, 700u + static_cast<std::uint32_t>(si))};
        });
    }
    for (std::size_t ai = 0; ai < articles.size(); ++ai) {
        jobs.push_back([&, ai] {  // 1200x630: the size link previews show best
            int pw = scaled(1200, opt.image_scale), ph = scaled(630, opt.image_scale);
            Canvas cv(pw, ph);
            render_banner(cv, articles[ai].cover, 1300u + static_cast<std::uint32_t>(ai) * 11u);
            finish(cv);
            covers[ai] = Render{pw, ph, encode_jpeg(cv, 1400u + static_cast<std::uint32_t>(ai))};
        });
    }
    run_jobs(jobs);

    // Brands: certificates (root), policies and releases (brand key).
    std::map<std::string, core::Envelope> certs, releases, policies;
    std::vector<Document> brand_docs, policy_docs, release_docs;
    std::map<std::string, std::vector<std::string>> products_by_brand;  // ids in release order
    std::map<std::string, core::Release> release_of;                    // as signed, for the articles
    for (std::size_t bi = 0; bi < brands.size(); ++bi) {
        const BrandSeed& b = brands[bi];
        const core::KeyPair& key = brand_keys.at(b.id);
        core::BrandCert cert{b.id, b.name, key.pk, b.locale, b.currency, kT0};
        brand_docs.push_back(sign_doc("brand", core::brand_cert_to_json(cert), w.root));
        certs[b.id] = brand_docs.back().envelope;

        // The policy as the brand's file says (binding, commission, payout, how customers pay).
        core::Policy pol = b.policy;
        pol.brand = b.id;
        pol.version = 1;
        policy_docs.push_back(sign_doc("policy", core::policy_to_json(pol), key));
        policies[b.id] = policy_docs.back().envelope;

        core::Release rel;
        rel.brand = b.id;
        rel.version = 1;
        rel.created_ms = kT0 + 24 * kHour;
        rel.currency = b.currency;
        rel.locale = b.locale;
        rel.categories = b.categories;
        for (std::size_t pi = 0; pi < b.products.size(); ++pi) {
            const ProductSeed& ps = b.products[pi];
            core::Product p;
            p.id = product_id(b.id_prefix, static_cast<int>(pi + 1));
            p.brand = b.id;
            p.category = ps.category;
            p.title = ps.title;
            p.subtitle = ps.subtitle;
            p.description = ps.description;
            for (const auto& s : ps.specs) p.specs.push_back({s.name, s.value});
            p.price = ps.price;
            p.list_price = ps.list_price;
            ProductSlot& slot = product_renders[bi][pi];
            for (auto& g : slot.gallery) p.images.push_back(add_image(w, std::move(g)));
            p.thumb = add_image(w, std::move(slot.thumb));
            products_by_brand[b.id].push_back(p.id);
            rel.products.push_back(std::move(p));
        }
        rel.reindex();
        release_of[b.id] = rel;
        w.products += rel.products.size();
        release_docs.push_back(sign_doc("release", core::release_to_json(rel), key));
        releases[b.id] = release_docs.back().envelope;
        w.brands.push_back(BrandInfo{b.id, b.name, std::string("demo-") + b.id + "-2026", rel.products.size()});
    }

    // Enrollments, parent first within each brand.
    EnrollmentDocs enrollments;  // brand -> id -> (parent, doc)
    std::map<std::string, std::map<std::string, int>> levels;  // brand -> id -> level
    std::map<std::string, std::string> slug_of;
    for (const auto& s : shops) slug_of[s.distributor] = s.slug;
    std::vector<Document> enrollment_docs;
    int issued = 0;
    for (const auto& b : brands) {
        for (int level = 1; level <= 3; ++level)
            for (const auto& s : shops)
                for (const auto& [brand, parent] : s.enroll) {
                    if (brand != b.id) continue;
                    int lv = parent.empty() ? 1 : levels[b.id].count(parent) ? levels[b.id][parent] + 1 : 99;
                    if (lv != level) continue;
                    levels[b.id][s.distributor] = lv;
                    bool second = s.enroll.size() > 1 && s.enroll[0].first != b.id && !s.person_alt.empty();
                    core::Enrollment e{b.id, s.distributor, s.slug, second ? s.person_alt : s.person, parent,
                                       shop_keys.at(s.distributor).pk, lv, kT0 + 48 * kHour + issued++ * 3 * kHour, true};
                    const core::KeyPair& signer = parent.empty() ? brand_keys.at(b.id) : shop_keys.at(parent);
                    enrollment_docs.push_back(consented_enrollment(e, signer, shop_keys.at(s.distributor),
                                                                   parent.empty() ? "" : slug_of.at(parent)));
                    enrollments[b.id][s.distributor] = {parent, enrollment_docs.back().envelope};
                }
    }
    for (const auto& s : shops)
        for (const auto& [brand, parent] : s.enroll)
            if (!levels[brand].count(s.distributor))
                return core::make_error("demo_tree", std::string("The demo shop ") + s.slug + " has no path to its brand.");
    w.enrollments = enrollment_docs.size();

    // Manifests.
    std::vector<Document> manifest_docs;
    for (std::size_t si = 0; si < shops.size(); ++si) {
        const ShopSeed& s = shops[si];
        core::ShopManifest m;
        m.distributor = s.distributor;
        m.slug = s.slug;
        m.version = 1;
        m.updated_ms = kT0 + 6 * 24 * kHour + static_cast<core::UtcMs>(si) * kHour;
        m.identity.name = s.shop_name;
        m.identity.greeting = s.greeting;
        m.identity.contact = s.contact;
        m.identity.avatar = add_image(w, std::move(avatars[si]));
        m.identity.banner = add_image(w, std::move(banners[si]));
        m.theme.primary = s.primary;
        m.theme.accent = s.accent;
        m.theme.background = s.background;
        m.theme.surface = s.surface;
        m.theme.text = s.text;
        m.theme.layout = s.layout;
        for (const auto& [brand, parent] : s.enroll) m.brands.push_back(brand);
        auto prefix = [&](const std::string& brand) { return content->brand(brand)->id_prefix; };  // checked when loaded
        for (const auto& sel : s.products) {
            if (sel.all) {
                // Every product of the brand, in the distributor's own category order (reversed).
                const BrandSeed* bs = content->brand(sel.brand);
                for (auto cat = bs->categories.rbegin(); cat != bs->categories.rend(); ++cat)
                    for (std::size_t pi = 0; pi < bs->products.size(); ++pi)
                        if (bs->products[pi].category == cat->id) m.products.push_back(product_id(bs->id_prefix, static_cast<int>(pi + 1)));
            } else {
                for (int n : sel.numbers) m.products.push_back(product_id(prefix(sel.brand), n));
            }
        }
        for (const auto& [brand, n] : s.featured) m.featured.push_back(product_id(prefix(brand), n));
        for (const auto& note : s.notes) m.notes[product_id(prefix(note.brand), note.product)] = note.text;
        manifest_docs.push_back(sign_doc("manifest", core::manifest_to_json(m), shop_keys.at(s.distributor)));

        w.bundles[s.slug] = make_bundle(manifest_docs.back().envelope, m.brands, certs, releases, policies, enrollments, s.distributor);
        ShopInfo info;
        info.slug = s.slug;
        info.name = s.shop_name;
        info.distributor = s.distributor;
        info.person = !s.person_alt.empty() ? s.person + " / " + s.person_alt : s.person;
        info.brands = m.brands;
        info.level = levels[s.enroll[0].first][s.distributor];
        info.parent = !s.enroll[0].second.empty() ? slug_of[s.enroll[0].second] : "";
        info.passphrase = std::string("demo-") + s.slug + "-2026";
        w.shops.push_back(info);
    }

    // Articles, signed by their brands and checked as the store and the browsers will check them.
    std::vector<Document> article_docs;
    for (std::size_t ai = 0; ai < articles.size(); ++ai) {
        const ArticleSeed& as = articles[ai];
        const BrandSeed* bs = content->brand(as.brand);
        const core::Release& rel = release_of.at(as.brand);
        auto product = [&](int n) { return product_id(bs->id_prefix, n); };
        auto picture = [&](int n, int view) {
            const core::Product* p = rel.find(product(n));
            return p && view < static_cast<int>(p->images.size()) ? p->images[static_cast<std::size_t>(view)] : core::ImageRef{};
        };
        core::Article a;
        a.brand = as.brand;
        a.id = as.id;
        a.version = 1;
        a.created_ms = kT0 + as.created_hours * kHour;
        a.title = as.title;
        a.summary = as.summary;
        a.share_text = as.share_text;
        a.cover = add_image(w, std::move(covers[ai]));
        for (const auto& bl : as.blocks) {
            core::ArticleBlock block;
            block.kind = bl.kind == 'p' ? core::ArticleBlock::Paragraph
                         : bl.kind == 'h' ? core::ArticleBlock::Heading
                         : bl.kind == 'i' ? core::ArticleBlock::Picture
                                          : core::ArticleBlock::ProductCard;
            if (bl.kind != 'c') block.text = bl.text;
            if (bl.kind == 'i') block.image = picture(bl.product, bl.view);
            if (bl.kind == 'c') block.product = product(bl.product);
            a.blocks.push_back(std::move(block));
        }
        for (const auto& ms : as.materials)
            a.materials.push_back({ms.text, ms.picture ? picture(ms.picture, 0) : a.cover, ms.product ? product(ms.product) : ""});
        auto problems = core::article_problems(a, &rel);
        if (!problems.empty())
            return core::make_error("demo_article", std::string("The demo article ") + as.id + ": " + problems.front().message);
        article_docs.push_back(sign_doc("article", core::article_to_json(a), brand_keys.at(as.brand)));
        w.articles[as.brand].push_back(article_docs.back().envelope);
    }

    for (auto* docs : {&brand_docs, &policy_docs, &release_docs, &enrollment_docs, &manifest_docs, &article_docs})
        for (auto& d : *docs) w.documents.push_back(std::move(d));
    return w;
}

// [SECTION] Output ---------------------------------------------------------------------------------

std::string World::documents_jsonl() const {
    std::string out;
    for (const auto& d : documents) {
        out += core::dump_json(Json{{"kind", d.kind}, {"envelope", d.envelope.to_json()}});
        out += '\n';
    }
    return out;
}

std::string World::trust_json() const { return core::dump_json(Json{{"root_key", root.pk.b64()}}) + "\n"; }

Json World::demo_json() const {
    Json b = Json::array(), s = Json::array();
    for (const auto& x : brands) b.push_back({{"id", x.id}, {"name", x.name}, {"passphrase", x.passphrase}});
    for (const auto& x : shops)
        s.push_back({{"slug", x.slug}, {"name", x.name}, {"distributor", x.distributor}, {"person", x.person},
                     {"brands", x.brands}, {"level", x.level}, {"parent", x.parent}, {"passphrase", x.passphrase}});
    return Json{{"root_key", root.pk.b64()}, {"brands", b}, {"shops", s}};
}

namespace {
void collect_chars(const Json& j, std::set<std::uint32_t>& out) {
    auto add = [&](const std::string& s) {
        for (auto cp : utf8_codepoints(s))
            if (cp >= 0x80) out.insert(cp);
    };
    if (j.is_string()) {
        add(j.get_ref<const std::string&>());
    } else if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            add(it.key());
            collect_chars(it.value(), out);
        }
    } else if (j.is_array()) {
        for (const auto& v : j) collect_chars(v, out);
    }
}

}  // namespace

std::string World::charset() const {
    std::set<std::uint32_t> cps;
    for (const auto& d : documents)
        if (auto p = core::parse_json(d.envelope.payload, "document")) collect_chars(*p, cps);
    collect_chars(demo_json(), cps);
    std::string out;
    for (auto cp : cps) core::append_utf8(out, cp);
    return out + "\n";
}

std::uint64_t World::image_bytes() const {
    std::uint64_t n = 0;
    for (const auto& [sha, img] : images) n += img.bytes.size();
    return n;
}

std::vector<std::string> verify_world(const World& w) {
    auto is_hex64 = [](const std::string& s) {
        return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    };
    // Each shop is composed on its own (the scale world's 200 shops each verify the 3,000-SKU
    // release): one job per shop, problems gathered in slug order.
    std::vector<const std::pair<const std::string, core::ShopBundle>*> shops;
    for (const auto& entry : w.bundles) shops.push_back(&entry);
    std::vector<std::vector<std::string>> found(shops.size());
    std::vector<std::function<void()>> jobs;
    for (std::size_t i = 0; i < shops.size(); ++i)
        jobs.push_back([&, i] {
            const std::string& slug = shops[i]->first;
            std::vector<std::string>& problems = found[i];
            auto check_image = [&](const core::ImageRef& r, const std::string& what) {
                if (!is_hex64(r.sha256) || r.src != "/img/" + r.sha256 + ".jpg" || r.w <= 0 || r.h <= 0)
                    problems.push_back(what + ": malformed image reference");
                else if (!w.images.count(r.sha256))
                    problems.push_back(what + ": image " + r.sha256 + " was not generated");
            };
            auto view = core::compose_shop(shops[i]->second, w.root.pk);
            if (!view) {
                problems.push_back(slug + ": " + view.error().code + ": " + view.error().message);
                return;
            }
            const core::ShopManifest& m = view->shop.manifest;
            for (const auto& section : view->brands)
                if (!section.release) problems.push_back(slug + ": release of " + section.cert.brand + " failed: " + section.release_error.message);
            if (!m.products.empty() && view->items.size() != m.products.size())
                problems.push_back(slug + ": " + std::to_string(m.products.size() - view->items.size()) + " selected products are not in any release");
            if (view->items.empty()) problems.push_back(slug + ": the shop shows no products");
            if (view->featured.size() != m.featured.size()) problems.push_back(slug + ": a featured product is not in the selection");
            for (const auto& [pid, note] : m.notes)
                if (!view->find(pid)) problems.push_back(slug + ": a note is attached to " + pid + ", which the shop does not carry");
            check_image(m.identity.avatar, slug + " avatar");
            check_image(m.identity.banner, slug + " banner");
            for (const auto& item : view->items) {
                const core::Product& p = *item.product;
                if (p.images.empty()) problems.push_back(slug + ": " + p.id + " has no images");
                for (const auto& img : p.images) check_image(img, p.id);
                check_image(p.thumb, p.id + " thumb");
                if (problems.size() > 50) break;
            }
        });
    run_jobs(jobs);
    std::vector<std::string> problems;
    for (auto& f : found) {
        for (auto& p : f) problems.push_back(std::move(p));
        if (problems.size() > 50) break;
    }
    // Each brand's articles, opened as a browser opens them (the brand's certificate and current
    // release from a shop that carries the brand), their pictures generated ones.
    for (const auto& [brand, envelopes] : w.articles) {
        const core::ShopBundle* bundle = nullptr;
        for (const auto& [slug, b] : w.bundles)
            if (b.brands.count(brand) && b.releases.count(brand)) bundle = &b;
        if (!bundle) {
            problems.push_back(brand + ": articles, but no shop carries the brand");
            continue;
        }
        auto cert = core::open_brand_cert(bundle->brands.at(brand), w.root.pk);
        if (!cert) {
            problems.push_back(brand + ": certificate: " + cert.error().message);
            continue;
        }
        auto rel = core::open_release(bundle->releases.at(brand), *cert);
        if (!rel) {
            problems.push_back(brand + ": release: " + rel.error().message);
            continue;
        }
        for (const auto& env : envelopes) {
            auto a = core::open_article(env, *cert);
            if (!a) {
                problems.push_back(brand + ": an article does not open: " + a.error().message);
                continue;
            }
            for (const auto& p : core::article_problems(*a, &*rel)) problems.push_back(brand + "/" + a->id + ": " + p.message);
            std::vector<core::ImageRef> pictures{a->cover};
            for (const auto& b : a->blocks)
                if (b.kind == core::ArticleBlock::Picture) pictures.push_back(b.image);
            for (const auto& m : a->materials)
                if (!m.image.empty()) pictures.push_back(m.image);
            for (const auto& r : pictures)
                if (!is_hex64(r.sha256) || r.src != "/img/" + r.sha256 + ".jpg" || !w.images.count(r.sha256))
                    problems.push_back(brand + "/" + a->id + ": picture " + r.src + " was not generated");
        }
    }
    return problems;
}

}  // namespace demo
