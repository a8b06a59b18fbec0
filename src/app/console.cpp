#include "app/console.h"
#include "app/activity_feed.h"
#include "app/picture_upload.h"
#include "app/send_document.h"
#include "app/store_answer.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "core/media/image.h"
#include "core/orders/status_change.h"
#include "core/text.h"
#include "core/trust/request_auth.h"

namespace app {

using core::Json;

namespace {
constexpr double kOrdersPollMs = 10000;
// Off the Orders page, the orders placed in the last minutes and after: enough to tell new ones
// (order notices) without loading the brand's whole history on every page.
constexpr std::int64_t kRecentWindowMs = 10 * 60 * 1000;
constexpr std::size_t kPickerRows = 40;
constexpr int kProductImageSide = 1200;

core::Result<core::Release> release_from_answer(const platform::Response& r, const core::BrandCert& cert) {
    auto doc = core::parse_json(r.view(), "catalog release");
    if (!doc) return doc.error();
    auto env = core::Envelope::from_json(*doc);
    if (!env) return env.error();
    return core::open_release(*env, cert);
}
}  // namespace

void ConsoleController::notice(const std::string& text) { s_.toast = {text, platform::now_ms() + 2600}; }

// [SECTION] Routing ------------------------------------------------------------------------------

void ConsoleController::on_route() {
    ConsoleState& c = s_.console;
    c.active = true;
    c.route = parse_console_route(s_.route.path);
    if (c.route.brand.empty()) return;
    if (c.brand != c.route.brand || c.load == ConsoleLoad::Failed) open_brand(c.route.brand);
    else go_to_page();
}

void ConsoleController::replace_path(const std::string& path) {
    if (path == s_.route.path) return;
    platform::replace_url(path);
    s_.route = parse_route(path);
    s_.console.route = parse_console_route(path);
}

void ConsoleController::open_brand(const std::string& brand) {
    ConsoleState& c = s_.console;
    const ConsoleRoute route = c.route;
    const int data_version = c.data_version;
    c = ConsoleState{};
    c.active = true;
    c.route = route;
    c.data_version = data_version + 1;
    c.brand = brand;
    c.load = ConsoleLoad::Loading;
    brand_in_ = key_in_ = false;
    stored_key_.reset();
    const int gen = ++gen_;
    platform::set_title("Brand console");
    platform::storage_get("key:" + brand, [this, gen](std::optional<std::string> text) {
        if (gen != gen_) return;
        if (text) stored_key_ = core::key_from_seed_b64(*text);
        key_in_ = true;
        key_and_brand_ready();
    });
    platform::fetch("GET", "/api/brands/" + core::percent_encode(brand), "", [this, gen](platform::Response r) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        auto done = [&](ConsoleLoad status, const std::string& error) {
            c.load = status;
            c.load_error = error;
            brand_in_ = true;
            key_and_brand_ready();
        };
        if (r.status == 404) return done(ConsoleLoad::NotFound, "There is no brand \"" + c.brand + "\" on this platform.");
        if (!r.ok()) return done(ConsoleLoad::Failed, server_message(r, "The brand could not be loaded (HTTP " + std::to_string(r.status) + ")."));
        auto doc = core::parse_json(r.view(), "brand");
        const Json* b = doc ? core::get_object(*doc, "brand") : nullptr;
        auto env = b ? core::Envelope::from_json(*b) : core::Result<core::Envelope>(core::make_error("x", "x"));
        auto cert = env && s_.root ? core::open_brand_cert(*env, *s_.root) : core::Result<core::BrandCert>(core::make_error("x", "x"));
        if (!cert || cert->brand != c.brand)
            return done(ConsoleLoad::Refused, "The brand's certificate did not verify against the platform's key, so this console "
                                              "will not sign anything for it.");
        c.cert = *cert;
        if (const Json* pol = core::get_object(*doc, "policy"))
            if (auto penv = core::Envelope::from_json(*pol))
                if (auto p = core::open_policy(*penv, *cert)) c.policy = *p;
        platform::set_title(cert->name);
        bump_data();
        fetch_release(gen_);
    });
}

void ConsoleController::fetch_release(int gen) {
    ConsoleState& c = s_.console;
    platform::fetch("GET", "/api/releases/" + core::percent_encode(c.brand), "", [this, gen](platform::Response r) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        if (r.status == 404) {
            c.load = ConsoleLoad::NotFound;
            c.load_error = c.cert->name + " has not published a catalog here yet.";
        } else if (!r.ok()) {
            c.load = ConsoleLoad::Failed;
            c.load_error = server_message(r, "The catalog could not be loaded (HTTP " + std::to_string(r.status) + ").");
        } else if (auto rel = release_from_answer(r, *c.cert); !rel) {
            c.load = ConsoleLoad::Refused;
            c.load_error = "The catalog the store holds for " + c.cert->name + " did not verify: " + rel.error().message;
        } else {
            set_published(std::move(*rel));
            c.history.reset(core::ReleaseDraft{c.published->version, {}});
            c.load = ConsoleLoad::Ready;
        }
        brand_in_ = true;
        key_and_brand_ready();
    });
}

void ConsoleController::set_published(core::Release release) {
    ConsoleState& c = s_.console;
    c.published = std::move(release);
    c.published->reindex();
    c.product_index.clear();
    c.product_index.reserve(c.published->products.size());
    for (const auto& p : c.published->products) {
        const core::Category* cat = c.published->category(p.category);
        c.product_index.add(p.title + " " + p.subtitle + " " + p.id + " " + (cat ? cat->name : std::string()));
    }
    search_products();
    bump_data();
}

void ConsoleController::key_and_brand_ready() {
    ConsoleState& c = s_.console;
    if (!brand_in_ || !key_in_) return;
    if (c.load != ConsoleLoad::Ready) {
        c.key_status = KeyStatus::Missing;
        return;
    }
    if (stored_key_ && adopt_key(*stored_key_, "")) return;
    c.key_status = KeyStatus::Missing;
}

void ConsoleController::go_to_page() {
    ConsoleState& c = s_.console;
    if (c.key_status != KeyStatus::Ready) return;
    if (c.route.page == ConsolePage::Home) replace_path(console_path(c.brand, ConsolePage::Preview));
    c.picker_open = 0;
    switch (c.route.page) {
        case ConsolePage::Preview: sync_preview(); break;
        case ConsolePage::Catalog:
            sync_fields();
            sync_preview();  // the catalog's live preview shows the product being edited, as a draft
            break;
        case ConsolePage::Orders:
            c.orders.notices.unread = 0;  // opening the Orders page shows the orders that arrived
            if (c.orders.since > 0) {
                // Only a recent window was loaded (for notices): the page lists the whole activity.
                ConsoleOrders& o = c.orders;
                o.activity = core::Activity{};
                o.since = 0;
                ++o.feed;
                o.fetching = false;
                o.status = ConsoleLoad::Idle;
                core::activity_replaced(o.notices.arrivals);
            }
            if (c.orders.status == ConsoleLoad::Idle) fetch_orders();
            break;
        case ConsolePage::Policy: open_policy_editor(); break;
        case ConsolePage::Audit: open_audit(); break;
        case ConsolePage::Articles: open_articles_page(); break;
        case ConsolePage::Insight:
            if (c.insight.status == ConsoleLoad::Idle || c.insight.status == ConsoleLoad::Failed) fetch_insight();
            // The articles name their campaigns (an article's id is the campaign of its links).
            if (c.articles.status == ConsoleLoad::Idle) fetch_articles();
            break;
        case ConsolePage::Settlement:
            if (c.settlement.cutoff_text.empty()) c.settlement.cutoff_text = core::format_date(platform::utc_ms());
            if (c.settlement.status == ConsoleLoad::Idle || c.settlement.status == ConsoleLoad::Failed) fetch_settlement();
            break;
        default: break;
    }
    // New orders are noticed on every page: off the Orders page only the recent ones are polled.
    if (c.orders.status == ConsoleLoad::Idle) {
        c.orders.since = platform::utc_ms() - kRecentWindowMs;
        fetch_orders();
    }
    if (c.cert) platform::set_title(c.cert->name);
}

// [SECTION] Keys ---------------------------------------------------------------------------------

void ConsoleController::derive_now() {
    ConsoleState& c = s_.console;
    sign_in_with_passphrase(c.sign_in, c.key_status, c.brand, [this](const core::KeyPair& kp) { return adopt_key(kp, "Signed in on this device"); },
                            "That passphrase does not open this brand's console. Check it (it is case-sensitive) or use the key file.");
}

bool ConsoleController::adopt_key(const core::KeyPair& kp, const std::string& how) {
    ConsoleState& c = s_.console;
    if (!c.cert || !(kp.pk == c.cert->key)) return false;
    c.key = kp;
    c.key_status = KeyStatus::Ready;
    c.sign_in = KeySignIn{};
    if (!how.empty()) {
        // Stored under the brand id: the provenance page (/o/<id>/why?as=<brand>) signs with it too.
        platform::storage_put("key:" + c.brand, core::seed_b64(kp));
        notice(how);
    }
    restore_draft();
    restore_article_drafts();
    fetch_shops();
    go_to_page();
    return true;
}

// [SECTION] Pickers ------------------------------------------------------------------------------

void ConsoleController::fetch_shops() {
    ConsoleState& c = s_.console;
    if (c.shops_status == ConsoleLoad::Loading || c.shops_status == ConsoleLoad::Ready) return;
    c.shops_status = ConsoleLoad::Loading;
    const int gen = gen_;
    platform::fetch("GET", "/api/directory?brand=" + core::percent_encode(c.brand), "", [this, gen](platform::Response r) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        auto doc = r.ok() ? core::parse_json(r.view(), "shop list") : core::Result<Json>(core::make_error("x", "x"));
        const Json* shops = doc ? core::get_array(*doc, "shops") : nullptr;
        if (!shops) {
            c.shops_status = ConsoleLoad::Failed;
            c.shops_error = server_message(r, "The brand's shops could not be loaded.");
            return;
        }
        c.shops.clear();
        c.shop_index.clear();
        c.shops.reserve(shops->size());
        c.shop_index.reserve(shops->size());
        for (const auto& sh : *shops) {
            BrandShop b;
            b.slug = core::string_or(sh, "slug", "");
            if (!core::is_valid_slug(b.slug)) continue;
            b.name = core::string_or(sh, "name", b.slug);
            b.level = static_cast<int>(core::int_or(sh, "level", 1));
            if (const Json* av = core::get_object(sh, "avatar")) {
                b.avatar.src = core::string_or(*av, "src", "");
                b.avatar.sha256 = core::string_or(*av, "sha256", "");
            }
            c.shop_index.add(b.name + " " + b.slug);
            c.shops.push_back(std::move(b));
        }
        c.shops_status = ConsoleLoad::Ready;
        search_shops();
        bump_data();
        if (c.route.page == ConsolePage::Preview || c.route.page == ConsolePage::Catalog) sync_preview();
        if (c.route.page == ConsolePage::Policy) load_example_shop();
        if (c.route.page == ConsolePage::Articles) sync_article_preview();
    });
}

void ConsoleController::search_products() {
    ConsoleState& c = s_.console;
    c.product_matches = c.product_index.search(c.product_query, kPickerRows);
}

void ConsoleController::search_shops() {
    ConsoleState& c = s_.console;
    c.shop_matches = c.shop_index.search(c.shop_query, kPickerRows);
}

// [SECTION] Preview ------------------------------------------------------------------------------

void ConsoleController::sync_preview() {
    ConsoleState& c = s_.console;
    if (!c.published) return;
    const bool catalog = c.route.page == ConsolePage::Catalog;
    std::string product = c.route.product;
    auto_product_ = false;
    if (product.empty() || !core::draft_product(*c.published, c.history.current(), product)) {
        product = catalog && !c.preview_product.empty() ? c.preview_product
                : !c.changed.empty()                     ? c.changed.front()
                : !c.published->products.empty()         ? c.published->products.front().id
                                                         : "";
        auto_product_ = !catalog;
    }
    std::string shop = catalog ? c.preview_shop : c.route.shop;
    // A shop nobody asked for by name may give way to one that carries the product.
    auto_shop_ = catalog || c.route.shop.empty();
    if (product != tries_for_) {
        tries_for_ = product;
        shop_tries_ = 0;
    }
    if (shop.empty() && c.shops_status == ConsoleLoad::Ready && !c.shops.empty()) shop = c.shops.front().slug;
    c.preview_product = product;
    if (!shop.empty()) c.preview_shop = shop;
    c.preview_draft = catalog || c.route.draft;
    if (!catalog && !shop.empty() && (c.route.product != product || c.route.shop != shop))
        replace_path(console_preview_path(c.brand, product, shop, c.route.draft));
    if (c.preview_shop.empty()) return;
    if (c.shop.slug != c.preview_shop || c.shop.status == ConsoleLoad::Failed) load_preview_shop(c.preview_shop);
    else if (!fit_preview()) refresh_preview_view();
}

bool ConsoleController::fit_preview() {
    ConsoleState& c = s_.console;
    PreviewShop& ps = c.shop;
    if (ps.status != ConsoleLoad::Ready || !ps.view || ps.view->find(c.preview_product)) return false;
    const bool preview_page = c.route.page == ConsolePage::Preview;
    if (auto_product_) {
        // No product was asked for: show the first of the brand's products this shop carries.
        for (const auto& item : ps.view->items)
            if (item.product && item.product->brand == c.brand) {
                c.preview_product = tries_for_ = item.product->id;
                if (preview_page) replace_path(console_preview_path(c.brand, c.preview_product, c.preview_shop, c.route.draft));
                refresh_preview_view();
                return true;
            }
        return false;
    }
    // No shop was asked for: try the next ones in the list (a few, so a product no shop carries
    // ends on the first shop, which then says it does not carry it).
    if (!auto_shop_ || c.shops.empty()) return false;
    constexpr int kShopTries = 8;
    if (++shop_tries_ >= std::min<int>(kShopTries, static_cast<int>(c.shops.size()))) {
        if (c.preview_shop != c.shops.front().slug) {
            c.preview_shop = c.shops.front().slug;
            if (preview_page) replace_path(console_preview_path(c.brand, c.preview_product, c.preview_shop, c.route.draft));
            load_preview_shop(c.preview_shop);
            return true;
        }
        return false;
    }
    std::size_t at = 0;
    for (std::size_t i = 0; i < c.shops.size(); ++i)
        if (c.shops[i].slug == c.preview_shop) at = i;
    c.preview_shop = c.shops[(at + 1) % c.shops.size()].slug;
    if (preview_page) replace_path(console_preview_path(c.brand, c.preview_product, c.preview_shop, c.route.draft));
    load_preview_shop(c.preview_shop);
    return true;
}

void ConsoleController::load_preview_shop(const std::string& slug) {
    ConsoleState& c = s_.console;
    c.shop = PreviewShop{};
    c.shop.slug = slug;
    c.shop.status = ConsoleLoad::Loading;
    const int gen = gen_, sgen = ++shop_gen_;
    platform::fetch("GET", "/api/shops/" + core::percent_encode(slug), "", [this, gen, sgen](platform::Response r) {
        if (gen != gen_ || sgen != shop_gen_) return;
        ConsoleState& c = s_.console;
        PreviewShop& ps = c.shop;
        if (r.status == 404) {
            ps.status = ConsoleLoad::NotFound;
            ps.error = "There is no shop at /s/" + ps.slug + ".";
            return;
        }
        if (!r.ok()) {
            ps.status = ConsoleLoad::Failed;
            ps.error = server_message(r, "The shop could not be loaded (HTTP " + std::to_string(r.status) + ").");
            return;
        }
        auto doc = core::parse_json(r.view(), "shop");
        auto bundle = doc ? core::parse_shop_bundle(*doc) : core::Result<core::ShopBundle>(doc.error());
        auto view = bundle ? core::compose_shop(*bundle, *s_.root, ps.slug) : core::Result<core::ShopView>(bundle.error());
        if (!view) {
            // Refused exactly as a consumer's browser refuses it.
            ps.status = ConsoleLoad::Refused;
            ps.error = view.error().message;
            return;
        }
        const core::BrandSection* section = view->brand(c.brand);
        if (!section) {
            ps.status = ConsoleLoad::Refused;
            ps.error = "This shop does not carry " + c.cert->name + ".";
            return;
        }
        if (section->release) ps.shop_release = *section->release;
        ps.view = std::make_unique<core::ShopView>(std::move(*view));
        ps.status = ConsoleLoad::Ready;
        bump_data();
        if (fit_preview()) return;
        refresh_preview_view();
    });
}

void ConsoleController::refresh_preview_view() {
    ConsoleState& c = s_.console;
    PreviewShop& ps = c.shop;
    if (ps.status != ConsoleLoad::Ready || !ps.view || !c.published) return;
    if (c.preview_draft) {
        if (ps.showing_draft && ps.draft_revision == c.revision) return;
        // The draft over the verified release: shown, never signed until published.
        core::apply_draft_release(*ps.view, core::compose_release(*c.published, c.history.current()));
        ps.showing_draft = true;
        ps.draft_revision = c.revision;
    } else if (ps.showing_draft) {
        if (ps.shop_release) core::apply_draft_release(*ps.view, *ps.shop_release);
        ps.showing_draft = false;
    }
}

// [SECTION] Draft --------------------------------------------------------------------------------

void ConsoleController::restore_draft() {
    ConsoleState& c = s_.console;
    const int gen = gen_;
    platform::storage_get("release-draft:" + c.brand, [this, gen](std::optional<std::string> text) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        if (!text || !c.published) return draft_changed(true, false);
        auto doc = core::parse_json(*text, "saved draft");
        auto hist = doc ? core::ReleaseHistory::from_json(doc->value("history", Json::object()), c.brand)
                        : core::Result<core::ReleaseHistory>(doc.error());
        if (!hist) return draft_changed(true, false);
        const std::int64_t base = hist->current().base_version;
        if (base == c.published->version) {
            c.history = std::move(*hist);
            c.restored_draft = !core::changed_products(*c.published, c.history.current()).empty();
            return draft_changed(true, false);
        }
        if (base > c.published->version || hist->current().products.empty()) return draft_changed(true, false);
        // Unpublished work from before another version was published: show what happened, as a conflict.
        const core::ReleaseDraft draft = hist->current();
        platform::fetch("GET", "/api/releases/" + core::percent_encode(c.brand) + "/" + std::to_string(base), "",
                        [this, gen, draft](platform::Response r) {
            if (gen != gen_) return;
            ConsoleState& c = s_.console;
            auto old = r.ok() ? release_from_answer(r, *c.cert) : core::Result<core::Release>(core::make_error("x", "x"));
            if (!old) return draft_changed(true, false);
            c.history.reset(draft);
            open_conflict(*old, *c.published, true);
            draft_changed(true, false);
        });
    });
}

void ConsoleController::draft_changed(bool resync, bool save) {
    ConsoleState& c = s_.console;
    ++c.revision;
    if (c.published) c.changed = core::changed_products(*c.published, c.history.current());
    if (resync) sync_fields();
    refresh_preview_view();
    bump_data();
    if (save) c.saving.changed();
}

void ConsoleController::save_draft() {
    ConsoleState& c = s_.console;
    if (c.brand.empty() || c.key_status != KeyStatus::Ready) return;
    Json doc = {{"history", c.history.to_json()}, {"saved_ms", platform::utc_ms()}};
    save_draft_text(c.saving, "release-draft:" + c.brand, core::dump_json(doc), still_current(),
                    [this](const std::string& text) { notice(text); });
}

void ConsoleController::sync_fields() {
    ConsoleState& c = s_.console;
    ProductFields& f = c.fields;
    const std::string pid = c.route.page == ConsolePage::Catalog ? c.route.product : f.product;
    if (f.product != pid) c.field_errors.clear();
    f = ProductFields{};
    f.product = pid;
    f.synced_revision = c.revision;
    if (!c.published || pid.empty()) return;
    const core::Product* p = core::draft_product(*c.published, c.history.current(), pid);
    if (!p) return;
    const std::string& cur = c.published->currency;
    f.title = p->title;
    f.subtitle = p->subtitle;
    f.description = p->description;
    f.price = core::price_text(p->price, cur);
    f.list_price = core::price_text(p->list_price, cur, true);
    f.specs = p->specs;
    c.field_errors.clear();
}

void ConsoleController::record(const core::ReleaseDraft& next, const std::string& group, bool resync) {
    ConsoleState& c = s_.console;
    if (c.history.record(next, group, platform::utc_ms())) draft_changed(resync);
}

void ConsoleController::edit_product(const std::string& product, const std::string& field,
                                     const std::function<core::Result<bool>(core::Product&)>& fn, bool resync) {
    ConsoleState& c = s_.console;
    if (!c.published) return;
    const core::Product* cur = core::draft_product(*c.published, c.history.current(), product);
    if (!cur) return;
    core::Product p = *cur;
    auto r = fn(p);
    if (!r) {
        // The field keeps what the person typed; the draft keeps its last good value.
        c.field_errors[field] = r.error().message;
        return;
    }
    c.field_errors.erase(field);
    core::ReleaseDraft d = c.history.current();
    if (core::put_product(*c.published, d, p)) record(d, product + ":" + field, resync);
}

// [SECTION] Publish ------------------------------------------------------------------------------

void ConsoleController::publish() {
    ConsoleState& c = s_.console;
    if (!c.key || !c.published || !c.cert || c.publishing.busy()) return;
    if (!c.field_errors.empty()) return c.publishing.fail("Some fields hold values that cannot be published (marked in red). Fix them first.");
    auto rel = core::prepare_release(*c.published, c.history.current(), platform::utc_ms());
    if (!rel) return c.publishing.fail(rel.error().message);
    const core::Envelope env = core::sign_envelope(core::dump_json(core::release_to_json(*rel)), *c.key);
    // What consumers' browsers will check, checked here first.
    auto opened = core::open_release(env, *c.cert);
    if (!opened) return c.publishing.fail("The signed release did not verify, so it was not sent: " + opened.error().message);
    publish_document(c.publishing, env, c.published->version, "Publishing failed ({http}). Your draft is kept.", still_current(),
                     [this, signed_release = std::move(*opened)] {
        ConsoleState& c = s_.console;
        c.conflict = ReleaseConflict{};
        c.restored_draft = false;
        c.publishing.stored(signed_release.version, "Published version " + std::to_string(signed_release.version));
        set_published(signed_release);
        c.history.reset(core::ReleaseDraft{signed_release.version, {}});
        // The shop in the preview serves the new release now (the draft view is re-applied below).
        if (c.shop.status == ConsoleLoad::Ready) {
            c.shop.shop_release = signed_release;
            core::apply_draft_release(*c.shop.view, signed_release);
            c.shop.showing_draft = false;
        }
        draft_changed(true);
        save_draft();
        notice("Published: every shop shows the new version now");
    }, [this] { load_conflict(); });
}

void ConsoleController::load_conflict() {
    ConsoleState& c = s_.console;
    c.conflict = ReleaseConflict{};
    c.conflict.open = true;
    c.conflict.loading = true;
    const int gen = gen_;
    platform::fetch("GET", "/api/releases/" + core::percent_encode(c.brand), "", [this, gen](platform::Response r) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        auto theirs = r.ok() ? release_from_answer(r, *c.cert)
                             : core::Result<core::Release>(core::make_error("network", server_message(r, "It could not be loaded.")));
        if (!theirs) {
            c.conflict.loading = false;
            c.conflict.error = "Another version was published meanwhile, and it could not be loaded: " + theirs.error().message;
            return;
        }
        open_conflict(*c.published, *theirs, false);
    });
}

void ConsoleController::open_conflict(const core::Release& base, const core::Release& theirs, bool restored) {
    ConsoleState& c = s_.console;
    const core::Rebased rb = core::rebase_draft(base, theirs, c.history.current());
    c.conflict = ReleaseConflict{};
    c.conflict.open = true;
    c.conflict.their_version = theirs.version;
    c.conflict.theirs = theirs;
    c.conflict.base = base;
    c.conflict.both_changed = rb.both_changed;
    c.conflict.dropped = rb.dropped;
    c.conflict.they_changed = rb.they_changed;
    c.conflict.restored = restored;
    bump_data();
}

// [SECTION] Images -------------------------------------------------------------------------------

void ConsoleController::upload_picture(ImageUpload* slot, const std::string& target, std::string name, platform::Bytes bytes,
                                       std::function<void(const core::ImageRef&)> done) {
    *slot = ImageUpload{};
    slot->target = target;
    auto img = read_picked_picture(name, bytes, kProductImageSide);
    if (!img) {
        slot->error = img.error().message;
        return;
    }
    if (!s_.console.key) {
        slot->error = "Sign in with the brand's key to upload a picture.";
        return;
    }
    const auto jpeg = core::encode_jpeg(*img, 88);
    slot->busy = true;
    slot->bytes = jpeg.size();
    app::upload_picture(jpeg, *s_.console.key, still_current(), [slot, done](core::Result<core::ImageRef> ref) {
        slot->busy = false;
        if (!ref) {
            slot->error = ref.error().message;
            return;
        }
        done(*ref);
    });
}

// [SECTION] Orders -------------------------------------------------------------------------------

void ConsoleController::fetch_orders() {
    ConsoleState& c = s_.console;
    ConsoleOrders& o = c.orders;
    if (!c.key || o.fetching) return;
    if (o.status == ConsoleLoad::Idle) o.status = ConsoleLoad::Loading;
    // The cursor picks up exactly what arrived since the last page; off the Orders page, only the
    // recent window (since).
    const std::string base = "/api/brands/" + core::percent_encode(c.brand) + "/activity?cursor=";
    const std::string since = o.since > 0 ? "&since=" + std::to_string(o.since) : "";
    const int gen = gen_, feed = o.feed;
    read_activity<ConsoleOrders>(
        [this, gen, feed]() { return gen == gen_ && feed == s_.console.orders.feed ? &s_.console.orders : nullptr; },
        [base, since](const core::Activity& a) { return base + a.cursor + since; }, *c.key, kOrdersPollMs,
        "The orders could not be loaded", [this] { bump_data(); },
        [this](FeedRead read) {
            ConsoleOrders& o = s_.console.orders;
            if (read == FeedRead::Complete) {
                o.status = ConsoleLoad::Ready;
                announce_orders();
            } else if (read == FeedRead::Unreadable || o.status != ConsoleLoad::Ready) {
                o.status = ConsoleLoad::Failed;
            }
        });
}

// A new order in any of the brand's shops since the last poll (none for what was there when the
// console opened): a badge on the Orders tab, a toast, a notification where allowed.
void ConsoleController::announce_orders() {
    ConsoleState& c = s_.console;
    const ui::Lang lang = c.cert ? ui::lang_for_locale(c.cert->locale) : ui::Lang::En;
    auto shop_name = [&c](const std::string& slug) {
        for (const auto& s : c.shops)
            if (s.slug == slug && !s.name.empty()) return s.name;
        return slug;
    };
    announce_arrivals(s_, c.orders.notices, c.orders.activity, c.orders.since, lang, shop_name, "orders-" + c.brand);
}

void ConsoleController::change_status(const std::string& order, core::OrderStatus to) {
    ConsoleState& c = s_.console;
    ConsoleOrders& o = c.orders;
    o.change_error.clear();
    auto it = o.activity.order_index.find(order);
    if (!c.key || it == o.activity.order_index.end() || o.changing.count(order)) return;
    const core::ActivityOrder& ao = o.activity.orders[it->second];
    auto payload = core::status_change_payload(order, ao.status, to, platform::utc_ms());
    if (!payload) {
        o.change_error = payload.error().message;
        return;
    }
    const core::Envelope env = core::sign_envelope(*payload, *c.key);
    o.changing[order] = to;
    const int gen = gen_;
    platform::fetch("POST", "/api/orders/" + core::percent_encode(order) + "/status", core::dump_json(Json{{"envelope", env.to_json()}}),
                    [this, gen, order, to](platform::Response r) {
        if (gen != gen_) return;
        ConsoleOrders& o = s_.console.orders;
        o.changing.erase(order);
        if (!r.ok()) {
            o.change_error = server_message(r, "The order's status could not be changed (HTTP " + std::to_string(r.status) + ").");
            if (r.status == 409) fetch_orders();  // someone else changed it: show where it stands
            return;
        }
        auto doc = core::parse_json(r.view(), "status");
        auto it = o.activity.order_index.find(order);
        if (doc && it != o.activity.order_index.end()) {
            core::ActivityOrder& ao = o.activity.orders[it->second];
            ao.status = core::parse_order_status(core::string_or(*doc, "status", core::order_status_name(to)));
            if (const Json* hist = core::get_array(*doc, "history"))
                if (!hist->empty()) ao.status_ms = core::int_or(hist->back(), "at", ao.status_ms);
        }
        notice(to == core::OrderStatus::Paid        ? "Marked paid"
               : to == core::OrderStatus::Delivered ? "Marked delivered"
               : to == core::OrderStatus::Refunded  ? "Order refunded"
                                                    : "Order cancelled");
    });
}

// [SECTION] Actions ------------------------------------------------------------------------------

void ConsoleController::handle(const ConsoleAction& action) {
    ConsoleState& c = s_.console;
    if (handle_settlement(action) || handle_policy(action) || handle_insight(action) || handle_audit(action) || handle_articles(action))
        return;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, BrandSignIn>) {
                if (c.load != ConsoleLoad::Ready ||
                    !start_passphrase_sign_in(c.sign_in, c.key_status, "The brand's passphrase has at least 8 characters."))
                    return;
                derive_at_ = platform::now_ms() + 30;  // after the "Checking…" frame is on screen
                platform::request_frame_in(40);
            } else if constexpr (std::is_same_v<T, BrandKeyFile>) {
                const int gen = gen_;
                platform::pick_file(".json,application/json", [this, gen](std::string, platform::Bytes bytes) {
                    if (gen != gen_) return;
                    ConsoleState& c = s_.console;
                    auto kp = core::read_key_file(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
                    if (!kp) {
                        c.sign_in.error = kp.error().message;
                        return;
                    }
                    if (!adopt_key(*kp, "Signed in with the brand's key file"))
                        c.sign_in.error = "This key file belongs to another brand.";
                });
            } else if constexpr (std::is_same_v<T, SaveBrandKeyFile>) {
                if (!c.key) return;
                const std::string text = core::key_file_text(
                    *c.key, {{"brand", c.brand}, {"note", "This file signs for the brand: catalog releases and order status. Keep it private."}},
                    platform::utc_ms());
                platform::download("dynshop-brand-key-" + c.brand + ".json", "application/json", platform::Bytes(text.begin(), text.end()));
                c.key_notice = "Key file saved";
            } else if constexpr (std::is_same_v<T, BrandSignOut>) {
                platform::storage_delete("key:" + c.brand);
                platform::storage_delete("release-draft:" + c.brand);
                platform::storage_delete("article-drafts:" + c.brand);
                const std::string brand = c.brand;
                c.brand.clear();
                replace_path(console_path(brand, ConsolePage::Home));
                open_brand(brand);
            } else if constexpr (std::is_same_v<T, SearchProducts>) {
                search_products();
            } else if constexpr (std::is_same_v<T, SearchShops>) {
                search_shops();
            } else if constexpr (std::is_same_v<T, OpenPicker>) {
                c.picker_open = a.which;
            } else if constexpr (std::is_same_v<T, EditProductText>) {
                const char* names[] = {"title", "subtitle", "description"};
                const core::ProductText field = a.field;
                const std::string value = a.value;
                edit_product(a.product, names[static_cast<int>(a.field)],
                             [&](core::Product& p) { return core::set_product_text(p, field, value); });
            } else if constexpr (std::is_same_v<T, EditProductPrice>) {
                if (!c.published) return;
                const std::string currency = c.published->currency;
                const bool list = a.list;
                const std::string text = a.text;
                edit_product(a.product, list ? "list_price" : "price", [&](core::Product& p) -> core::Result<bool> {
                    bool blank = true;
                    for (char ch : text) blank = blank && ch == ' ';
                    if (list && blank) return core::set_list_price(p, 0);
                    auto amount = core::parse_price(text, currency);
                    if (!amount) return amount.error();
                    return list ? core::set_list_price(p, *amount) : core::set_price(p, *amount);
                });
                // A price now valid may make the other one valid again.
                if (!c.field_errors.count(list ? "list_price" : "price")) {
                    const std::string other = list ? "price" : "list_price";
                    if (c.field_errors.count(other)) {
                        const std::string t = list ? c.fields.price : c.fields.list_price;
                        handle(ConsoleAction{EditProductPrice{a.product, !list, t}});
                    }
                }
            } else if constexpr (std::is_same_v<T, EditProductSpecs>) {
                const std::vector<core::Spec> specs = a.specs;
                edit_product(a.product, "specs", [&](core::Product& p) { return core::set_specs(p, specs); });
            } else if constexpr (std::is_same_v<T, AddProductImage>) {
                const int gen = gen_;
                const std::string product = a.product;
                c.upload.error.clear();
                platform::pick_file("image/png,image/jpeg", [this, gen, product](std::string name, platform::Bytes bytes) {
                    if (gen != gen_) return;
                    upload_picture(&s_.console.upload, product, std::move(name), std::move(bytes), [this, product](const core::ImageRef& ref) {
                        ConsoleState& c = s_.console;
                        edit_product(product, "images", [&](core::Product& p) { return core::add_image(p, ref); });
                        auto it = c.field_errors.find("images");
                        if (it != c.field_errors.end()) c.upload.error = it->second;
                        else notice("Picture added to the draft");
                    });
                });
            } else if constexpr (std::is_same_v<T, RemoveProductImage>) {
                const std::size_t index = a.index;
                edit_product(a.product, "images", [&](core::Product& p) -> core::Result<bool> { return core::remove_image(p, index); });
            } else if constexpr (std::is_same_v<T, MakeProductCover>) {
                const std::size_t index = a.index;
                edit_product(a.product, "images", [&](core::Product& p) -> core::Result<bool> { return core::make_cover(p, index); });
            } else if constexpr (std::is_same_v<T, RevertProduct>) {
                core::ReleaseDraft d = c.history.current();
                if (d.products.erase(a.product)) record(d, "", true);
            } else if constexpr (std::is_same_v<T, ConsoleUndo>) {
                if (c.history.undo()) draft_changed(true);
            } else if constexpr (std::is_same_v<T, ConsoleRedo>) {
                if (c.history.redo()) draft_changed(true);
            } else if constexpr (std::is_same_v<T, DiscardReleaseDraft>) {
                core::ReleaseDraft d;
                d.base_version = c.history.current().base_version;
                record(d, "", true);
                c.restored_draft = false;
            } else if constexpr (std::is_same_v<T, PublishRelease>) {
                publish();
            } else if constexpr (std::is_same_v<T, ResolveReleaseConflict>) {
                if (!c.conflict.open) return;
                if (!c.conflict.theirs) {
                    c.conflict = ReleaseConflict{};
                    return;
                }
                const core::Release theirs = *c.conflict.theirs;
                core::ReleaseDraft next;
                next.base_version = theirs.version;
                if (a.keep_mine && c.conflict.base) next = core::rebase_draft(*c.conflict.base, theirs, c.history.current()).draft;
                set_published(theirs);
                if (c.shop.status == ConsoleLoad::Ready && c.shop.view) {
                    c.shop.shop_release = theirs;
                    core::apply_draft_release(*c.shop.view, theirs);
                    c.shop.showing_draft = false;
                }
                c.history.reset(next);
                c.conflict = ReleaseConflict{};
                c.restored_draft = false;
                draft_changed(true);
                notice(a.keep_mine ? "Your changes now build on the version published meanwhile. Review, then publish."
                                   : "Your draft was dropped: you now see the published version.");
            } else if constexpr (std::is_same_v<T, SetOrderNotices>) {
                set_order_notices(s_, a.on);
            } else if constexpr (std::is_same_v<T, NewOrdersSeen>) {
                c.orders.notices.unread = 0;
            } else if constexpr (std::is_same_v<T, RefreshOrders>) {
                fetch_orders();
            } else if constexpr (std::is_same_v<T, SetOrderFilter>) {
                c.orders.filter = a.filter;
            } else if constexpr (std::is_same_v<T, ChangeOrderStatus>) {
                const bool risky = a.to == core::OrderStatus::Refunded || a.to == core::OrderStatus::Cancelled;
                if (risky && !a.confirmed) {
                    c.orders.confirm = OrderChange{a.order, a.to};
                    return;
                }
                c.orders.confirm.reset();
                change_status(a.order, a.to);
            } else if constexpr (std::is_same_v<T, CancelOrderChange>) {
                c.orders.confirm.reset();
            }
        },
        action.what);
}

// [SECTION] Tick ---------------------------------------------------------------------------------

void ConsoleController::tick(double now) {
    ConsoleState& c = s_.console;
    if (!c.active || s_.route.screen != Screen::Console) return;
    if (derive_at_ > 0 && now >= derive_at_) {
        derive_at_ = 0;
        if (c.key_status == KeyStatus::Deriving) derive_now();
    }
    // Orders are polled on every page (notices; the Orders page lists them).
    if (c.key && !c.orders.fetching && c.orders.next_poll_ms > 0) {
        if (now >= c.orders.next_poll_ms) fetch_orders();
        else platform::request_frame_in(static_cast<int>(std::max(100.0, c.orders.next_poll_ms - now)));
    }
    if (c.saving.due(now)) save_draft();
    articles_tick(now);
}

// [SECTION] Test state ---------------------------------------------------------------------------

core::Json ConsoleController::test_state() const {
    const ConsoleState& c = s_.console;
    const char* loads[] = {"idle", "loading", "ready", "not_found", "refused", "failed"};
    Json j = {{"active", c.active},
              {"page", console_page_name(c.route.page)},
              {"brand", c.brand},
              {"name", c.cert ? c.cert->name : ""},
              {"load", loads[static_cast<int>(c.load)]},
              {"load_error", c.load_error},
              {"key", key_status_name(c.key_status)},
              {"sign_in_error", c.sign_in.error},
              {"release_version", c.published ? c.published->version : 0},
              {"products", c.published ? c.published->products.size() : 0},
              {"shops_status", loads[static_cast<int>(c.shops_status)]},
              {"shops", c.shops.size()},
              {"product_matches", {{"shown", c.product_matches.shown.size()}, {"total", c.product_matches.total}}},
              {"shop_matches", {{"shown", c.shop_matches.shown.size()}, {"total", c.shop_matches.total}}},
              {"picker_open", c.picker_open}};
    Json preview = {{"product", c.preview_product}, {"shop", c.preview_shop}, {"draft", c.preview_draft},
                    {"status", loads[static_cast<int>(c.shop.status)]}, {"error", c.shop.error},
                    {"showing_draft", c.shop.showing_draft}};
    if (c.shop.view) {
        const core::ShopItem* item = c.shop.view->find(c.preview_product);
        preview["carries"] = item != nullptr;
        preview["title"] = item ? item->product->title : "";
        preview["note"] = item ? item->note : "";
        preview["shop_name"] = c.shop.view->shop.manifest.identity.name;
    }
    j["preview"] = preview;
    const core::ReleaseDraft& d = c.history.current();
    Json titles = Json::object();
    for (const auto& [id, p] : d.products) titles[id] = p.title;
    j["draft"] = {{"base_version", d.base_version}, {"changed", c.changed}, {"titles", titles},
                  {"can_undo", c.history.can_undo()}, {"can_redo", c.history.can_redo()},
                  {"saved", c.saving.settled()}, {"restored", c.restored_draft},
                  {"revision", c.revision}};
    j["fields"] = {{"product", c.fields.product}, {"title", c.fields.title}, {"price", c.fields.price},
                   {"list_price", c.fields.list_price}, {"specs", c.fields.specs.size()}};
    j["field_errors"] = c.field_errors;
    j["upload"] = {{"busy", c.upload.busy}, {"error", c.upload.error}};
    j["articles"] = articles_test_state();
    j["publish"] = {{"status", c.publishing.status_name()}, {"error", c.publishing.error}, {"last", c.publishing.last}};
    j["conflict"] = {{"open", c.conflict.open}, {"loading", c.conflict.loading}, {"their_version", c.conflict.their_version},
                     {"both_changed", c.conflict.both_changed}, {"they_changed", c.conflict.they_changed},
                     {"dropped", c.conflict.dropped}, {"error", c.conflict.error}};
    Json orders = Json::array();
    for (const auto& o : c.orders.activity.orders)
        orders.push_back({{"id", o.id}, {"number", o.number}, {"shop", o.shop}, {"status", core::order_status_name(o.status)},
                          {"total", o.total}, {"distributor", o.distributor}});
    j["orders"] = {{"status", loads[static_cast<int>(c.orders.status)]}, {"error", c.orders.error}, {"list", orders},
                   {"filter", c.orders.filter}, {"changing", c.orders.changing.size()}, {"change_error", c.orders.change_error},
                   {"confirm", c.orders.confirm ? c.orders.confirm->order : ""}, {"since", c.orders.since}};
    j["notices"] = {{"unread", c.orders.notices.unread}, {"announced", c.orders.notices.announced},
                    {"notified", c.orders.notices.notified}, {"last", c.orders.notices.last}};
    j["settlement"] = settlement_test_state();
    j["policy_editor"] = policy_test_state();
    j["audit"] = audit_test_state();
    j["insight"] = insight_test_state();
    return j;
}

void for_each_console_text(const ConsoleState& c, const std::function<void(const std::string&, bool)>& fn) {
    if (c.cert) fn(c.cert->name, false);
    fn(c.load_error, true);
    auto product = [&](const core::Product& p) {
        fn(p.title, false);
        fn(p.subtitle, true);
        fn(p.description, true);
        for (const auto& s : p.specs) {
            fn(s.name, true);
            fn(s.value, true);
        }
    };
    if (c.published) {
        for (const auto& cat : c.published->categories) fn(cat.name, false);
        for (const auto& p : c.published->products) product(p);
    }
    for (const auto& [id, p] : c.history.current().products) product(p);
    for (const auto& s : c.shops) fn(s.name, false);
    if (const core::ShopView* v = c.shop.view.get()) {
        const auto& m = v->shop.manifest;
        fn(m.identity.name, false);
        fn(m.identity.greeting, true);
        fn(m.identity.contact, true);
        for (const auto& [k, n] : m.notes) fn(n, true);
        for (const auto& [brand, chain] : v->shop.chains)
            for (const auto& e : chain) fn(e.name, false);
        for (const auto& b : v->brands) {
            fn(b.cert.name, false);
            fn(b.release_error.message, true);
            if (!b.release) continue;
            for (const auto& cat : b.release->categories) fn(cat.name, false);
            for (const auto& p : b.release->products) product(p);
        }
    }
    if (c.conflict.theirs)
        for (const auto& id : c.conflict.they_changed)
            if (const core::Product* p = c.conflict.theirs->find(id)) fn(p->title, false);
    for (const auto& o : c.orders.activity.orders) {
        fn(o.contact_name, true);
        fn(o.shop, false);
    }
    fn(c.shop.error, true);
    fn(c.publishing.error, true);
    for (const auto& [id, p] : c.settlement.payees) {
        fn(p.name, false);
        fn(p.account, true);
    }
    for (const auto& b : c.settlement.batches)
        for (const auto& l : b.lines) fn(l.note, true);
    fn(c.settlement.error, true);
    for (const auto& d : c.insight.activity.distributors) fn(d.name, false);
    for (const auto& cp : c.insight.activity.campaigns) fn(cp, false);
    fn(c.insight.error, true);
    fn(c.settlement.create_error, true);
    fn(c.settlement.mark_error, true);
    auto article = [&](const core::Article& a) {
        fn(a.title, false);
        fn(a.id, false);
        fn(a.summary, true);
        fn(a.share_text, true);
        for (const auto& b : a.blocks) fn(b.text, b.kind != core::ArticleBlock::Heading);
        for (const auto& m : a.materials) fn(m.text, true);
    };
    for (const auto& a : c.articles.published) article(a);
    for (const auto& [key, d] : c.articles.drafts) article(d.draft.article);
    article(c.articles.form.article);
    for (const auto& p : c.articles.problems) fn(p.message, true);
    for (const auto& r : c.articles.refused) fn(r, true);
    fn(c.articles.publishing.error, true);
    fn(c.articles.error, true);
    fn(c.articles.upload.error, true);
}

}  // namespace app
