#include "app/editor.h"

#include "core/text.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "app/activity_feed.h"
#include "app/articles.h"
#include "app/picture_upload.h"
#include "app/send_document.h"
#include "app/store_answer.h"
#include "core/media/image.h"
#include "core/media/text_raster.h"
#include "core/money.h"
#include "core/share/kit.h"
#include "core/share/poster.h"
#include "core/shop/invite.h"
#include "core/shop/slug.h"
#include "core/trust/request_auth.h"
#include "ui/i18n.h"

namespace app {

using core::Json;

namespace {
constexpr double kSlugCheckDelayMs = 350;
constexpr int kCropSourceSide = 2048;

bool is_zh(const std::string& locale) { return locale.rfind("zh", 0) == 0; }
}  // namespace

void EditorController::notice(const std::string& text) { s_.toast = {text, platform::now_ms() + 2600}; }

// [SECTION] Routing ------------------------------------------------------------------------------

void EditorController::on_route() {
    EditorState& e = s_.editor;
    e.active = true;
    e.route = parse_editor_route(s_.route.path);
    if (e.route.page == EditorPage::Join) {
        JoinState& j = e.join;
        if (j.status == EditorLoad::Idle || !j.invite || core::invite_token(j.invite->envelope) != e.route.invite) {
            j = JoinState{};
            j.status = EditorLoad::Loading;
            j.started_ms = platform::now_ms();
            auto inv = core::parse_invite_token(e.route.invite);
            if (!inv) {
                j.status = EditorLoad::Refused;
                j.error = inv.error().message;
                return;
            }
            j.invite = *inv;
            const int gen = ++gen_;
            // Who signed it: the brand (level 1) or the inviting distributor, as the store has them.
            platform::fetch("GET", "/api/brands/" + core::percent_encode(inv->brand), "", [this, gen](platform::Response r) {
                if (gen != gen_) return;
                JoinState& j = s_.editor.join;
                auto fail = [&](const std::string& msg) {
                    j.status = EditorLoad::Refused;
                    j.error = msg;
                };
                if (!r.ok()) return fail(r.status == 404 ? "The brand this invite is for is not on this platform."
                                                         : server_message(r, "The invite could not be checked."));
                auto doc = core::parse_json(r.view(), "brand");
                const Json* b = doc ? core::get_object(*doc, "brand") : nullptr;
                auto env = b ? core::Envelope::from_json(*b) : core::Result<core::Envelope>(core::make_error("x", "x"));
                auto cert = env && s_.root ? core::open_brand_cert(*env, *s_.root) : core::Result<core::BrandCert>(core::make_error("x", "x"));
                if (!cert) return fail("The brand's certificate did not verify, so this invite cannot be trusted.");
                j.brand_name = cert->name;
                j.brand_locale = cert->locale;
                if (const Json* pol = core::get_object(*doc, "policy"))
                    if (auto penv = core::Envelope::from_json(*pol))
                        if (auto p = core::open_policy(*penv, *cert)) j.max_levels = p->max_levels;
                bump_data();
                if (j.invite->level > j.max_levels)
                    return fail(cert->name + " allows " + std::to_string(j.max_levels) +
                                " levels of distributors; this invite would make a level " + std::to_string(j.invite->level) + ".");
                if (j.invite->parent.empty()) {
                    auto ok = core::verify_invite(*j.invite, cert->key, platform::utc_ms());
                    if (!ok) return fail(ok.error().message);
                    j.inviter = cert->name;
                    j.status = EditorLoad::Ready;
                    return;
                }
                // A distributor's invite: their enrollment key, from their verified shop.
                const std::string parent_slug = j.invite->parent_slug;
                if (!core::is_valid_slug(parent_slug)) return fail("This invite does not say which shop it comes from.");
                platform::fetch("GET", "/api/shops/" + parent_slug, "", [this, gen, parent_slug](platform::Response r) {
                    if (gen != gen_) return;
                    JoinState& j = s_.editor.join;
                    auto doc = r.ok() ? core::parse_json(r.view(), "shop") : core::Result<Json>(core::make_error("x", "x"));
                    auto bundle = doc ? core::parse_shop_bundle(*doc) : core::Result<core::ShopBundle>(core::make_error("x", "x"));
                    auto view = bundle && s_.root ? core::compose_shop(*bundle, *s_.root, parent_slug) : core::Result<core::ShopView>(core::make_error("x", "x"));
                    const core::PublicKey* key = nullptr;
                    if (view)
                        if (auto c = view->shop.chains.find(j.invite->brand); c != view->shop.chains.end() && !c->second.empty() &&
                                                                            c->second.front().distributor == j.invite->parent)
                            key = &c->second.front().key;
                    if (!key) {
                        j.status = EditorLoad::Refused;
                        j.error = r.status == 0 ? "You seem to be offline; open the invite again when you are back online."
                                                : "The shop that sent this invite could not be verified, so the invite cannot be used.";
                        return;
                    }
                    auto ok = core::verify_invite(*j.invite, *key, platform::utc_ms());
                    if (!ok) {
                        j.status = EditorLoad::Refused;
                        j.error = ok.error().message;
                        return;
                    }
                    j.inviter = view->shop.manifest.identity.name;
                    j.status = EditorLoad::Ready;
                    bump_data();
                });
            });
        }
        platform::set_title("Open your shop");
        return;
    }
    if (e.route.page == EditorPage::NotFound) return;
    if (e.route.page == EditorPage::Find) {
        platform::set_title("Sign in to your shop");
        return;
    }
    if (e.slug != e.route.slug || e.load == EditorLoad::Failed) open_shop(e.route.slug);
    else go_to_page();
}

void EditorController::open_shop(const std::string& slug) {
    EditorState& e = s_.editor;
    const EditorRoute route = e.route;
    const int data_version = e.data_version;
    JoinState join = std::move(e.join);
    Team keep_team;
    e = EditorState{};
    e.active = true;
    e.route = route;
    e.join = std::move(join);
    e.team = std::move(keep_team);
    e.data_version = data_version + 1;
    e.slug = slug;
    e.load = EditorLoad::Loading;
    e.key_status = KeyStatus::Unknown;
    shop_in_ = key_in_ = false;
    stored_key_.reset();
    const int gen = ++gen_;
    platform::set_title(slug);
    platform::storage_get("key:" + slug, [this, gen](std::optional<std::string> text) {
        if (gen != gen_) return;
        if (text) stored_key_ = core::key_from_seed_b64(*text);
        key_in_ = true;
        key_and_shop_ready();
    });
    fetch_bundle(gen, [this, gen](bool) {
        if (gen != gen_) return;
        shop_in_ = true;
        key_and_shop_ready();
    });
}

void EditorController::fetch_bundle(int gen, std::function<void(bool)> done) {
    const std::string slug = s_.editor.slug;
    platform::fetch("GET", "/api/shops/" + core::percent_encode(slug), "", [this, gen, done](platform::Response r) {
        if (gen != gen_) return;
        EditorState& e = s_.editor;
        if (r.status == 404) {
            e.load = EditorLoad::NotFound;
            e.load_error = core::make_error("unknown_shop", "There is no shop at this address yet.");
            return done(false);
        }
        if (!r.ok()) {
            e.load = EditorLoad::Failed;
            e.load_error = core::make_error("network", server_message(r, "The shop could not be loaded (HTTP " + std::to_string(r.status) + ")."));
            return done(false);
        }
        auto doc = core::parse_json(r.view(), "shop");
        auto bundle = doc ? core::parse_shop_bundle(*doc) : core::Result<core::ShopBundle>(doc.error());
        auto view = bundle ? core::compose_shop(*bundle, *s_.root, e.slug) : core::Result<core::ShopView>(bundle.error());
        if (!view) {
            // Refused exactly as a consumer's browser refuses it (forged, or carrying product content).
            e.load = EditorLoad::Refused;
            e.load_error = view.error();
            // Said in the brand's language, as its consumers are told: from the first brand cert
            // that verifies (the rest of the shop does not).
            e.refused_locale.clear();
            if (bundle && s_.root)
                for (const auto& [brand, env] : bundle->brands)
                    if (auto cert = core::open_brand_cert(env, *s_.root)) {
                        e.refused_locale = cert->locale;
                        break;
                    }
            return done(false);
        }
        e.bundle = std::make_unique<core::ShopBundle>(std::move(*bundle));
        e.published = view->shop.manifest;
        e.view = std::make_unique<core::ShopView>(std::move(*view));
        const auto& chains = e.view->shop.chains;
        if (!chains.empty() && !chains.begin()->second.empty()) {
            const core::Enrollment& self = chains.begin()->second.front();
            e.distributor = self.distributor;
            e.person = self.name;
            e.level = self.level;
        }
        e.load = EditorLoad::Ready;
        // The brands' articles, for the share kit (each shared as this shop's link).
        for (const auto& b : e.view->brands)
            if (s_.articles[b.cert.brand].status != LoadStatus::Ready)
                fetch_articles(s_, b.cert, [this, gen] {
                    if (gen == gen_) bump_data();
                });
        bump_data();
        done(true);
    });
}

const core::PublicKey* EditorController::enrolled_key() const {
    const EditorState& e = s_.editor;
    if (!e.view) return nullptr;
    for (const auto& [brand, chain] : e.view->shop.chains)
        if (!chain.empty()) return &chain.front().key;
    return nullptr;
}

void EditorController::key_and_shop_ready() {
    EditorState& e = s_.editor;
    if (!shop_in_ || !key_in_) return;
    if (e.load != EditorLoad::Ready) {
        e.key_status = KeyStatus::Missing;
        return;
    }
    e.history.reset(e.published);
    e.base_version = e.published.version;
    e.revision = 1;
    if (stored_key_ && adopt_key(*stored_key_, "")) return;
    e.key_status = KeyStatus::Missing;
    if (e.route.page != EditorPage::Home) {
        // Signing in comes first; the page asked for follows once the key is in.
    }
}

bool EditorController::adopt_key(const core::KeyPair& kp, const std::string& how) {
    EditorState& e = s_.editor;
    const core::PublicKey* enrolled = enrolled_key();
    if (!enrolled || !(kp.pk == *enrolled)) return false;
    e.key = kp;
    e.key_status = KeyStatus::Ready;
    e.sign_in = KeySignIn{};
    if (!how.empty()) {
        platform::storage_put("key:" + e.slug, core::seed_b64(kp));
        notice(how);
    }
    restore_draft();
    register_device();
    go_to_page();
    return true;
}

// Signed in on this browser: the store is told it is the distributor's own (their visitor id), so
// an order placed from it in their shop counts as their own purchase under the brand's policy,
// as the signed claim a checkout on this browser carries already does. Nothing waits for it.
void EditorController::register_device() {
    EditorState& e = s_.editor;
    if (!e.key || s_.session.visitor.empty() || e.slug.empty()) return;
    const std::string path = "/api/shops/" + core::percent_encode(e.slug) + "/devices";
    const std::string body = core::dump_json(Json{{"visitor", s_.session.visitor}});
    const std::string auth = core::sign_request("POST", path, body, *e.key, platform::utc_ms());
    platform::fetch("POST", path, body, [](platform::Response) {}, "application/json", {{"Authorization", auth}});
}

void EditorController::go_to_page() {
    EditorState& e = s_.editor;
    if (e.key_status != KeyStatus::Ready) return;
    if (e.route.page == EditorPage::Home) {
        // Signed in: the editor is the distributor's home.
        const std::string path = editor_path(e.slug, EditorPage::Edit);
        platform::replace_url(path);
        s_.route = parse_route(path);
        e.route = parse_editor_route(path);
    }
    if (e.route.page == EditorPage::Team) {
        if (e.team.status == EditorLoad::Idle) load_team();
        fetch_activity();  // the team's QR scans come from the same activity as the dashboard
    }
    if (e.route.page == EditorPage::Dash) {
        e.dash.notices.unread = 0;  // opening the dashboard shows the orders that arrived
        fetch_activity();
        if (e.team.status == EditorLoad::Idle) load_team();
    }
    if ((e.route.page == EditorPage::Team || e.route.page == EditorPage::Dash) && !e.insight.ready) compute_insight();
    // Payouts are polled on every page of the editor (a notice when one arrives); the dashboard
    // asks again whenever it opens.
    if (e.payouts.status == EditorLoad::Idle || e.route.page == EditorPage::Dash) fetch_statements();
    platform::set_title(e.published.identity.name);
}

// [SECTION] Keys ---------------------------------------------------------------------------------

void EditorController::derive_now() {
    EditorState& e = s_.editor;
    sign_in_with_passphrase(e.sign_in, e.key_status, e.slug, [this](const core::KeyPair& kp) { return adopt_key(kp, "Signed in on this device"); },
                            "That passphrase does not open this shop. Check it (it is case-sensitive) or use your key file.");
}

// [SECTION] Draft --------------------------------------------------------------------------------

void EditorController::restore_draft() {
    EditorState& e = s_.editor;
    const int gen = gen_;
    platform::storage_get("draft:" + e.slug, [this, gen](std::optional<std::string> text) {
        if (gen != gen_) return;
        EditorState& e = s_.editor;
        if (text) {
            auto doc = core::parse_json(*text, "saved draft");
            auto hist = doc ? core::EditHistory::from_json(doc->value("history", Json::object()))
                            : core::Result<core::EditHistory>(doc.error());
            const std::int64_t base = doc ? core::int_or(*doc, "base_version", 0) : 0;
            if (hist && hist->current().distributor == e.published.distributor && hist->current().slug == e.published.slug &&
                hist->current().brands == e.published.brands && base > 0) {
                // Unpublished work from before: it comes back as it was, on the version it was based on.
                if (!core::same_content(hist->current(), e.published) || base != e.published.version) {
                    e.history = std::move(*hist);
                    e.base_version = base;
                    e.restored_draft = !core::same_content(e.history.current(), e.published);
                }
            }
        }
        draft_changed(false);
    });
}

void EditorController::draft_changed(bool save) {
    EditorState& e = s_.editor;
    ++e.revision;
    if (e.view) core::apply_draft(*e.view, e.history.current());
    sync_fields();
    bump_data();
    if (save) e.saving.changed();
}

void EditorController::sync_fields() {
    EditorState& e = s_.editor;
    const core::ShopManifest& m = e.history.current();
    e.fields.name = m.identity.name;
    e.fields.greeting = m.identity.greeting;
    e.fields.contact = m.identity.contact;
    e.fields.notes.clear();
    for (const auto& [pid, text] : m.notes) e.fields.notes[pid] = text;
    e.fields.synced_revision = e.revision;
}

void EditorController::save_draft() {
    EditorState& e = s_.editor;
    if (e.slug.empty() || e.key_status != KeyStatus::Ready) return;
    Json doc = {{"base_version", e.base_version}, {"history", e.history.to_json()}, {"saved_ms", platform::utc_ms()}};
    save_draft_text(e.saving, "draft:" + e.slug, core::dump_json(doc), still_current(),
                    [this](const std::string& text) { notice(text); });
}

void EditorController::record(const core::ShopManifest& next, const std::string& group) {
    EditorState& e = s_.editor;
    if (e.history.record(next, group, platform::utc_ms())) draft_changed();
}

// [SECTION] Publish ------------------------------------------------------------------------------

void EditorController::publish(std::int64_t replaces) {
    EditorState& e = s_.editor;
    if (!e.key || e.publishing.busy()) return;
    auto ok = core::check_publishable(e.history.current());
    if (!ok) return e.publishing.fail(ok.error().message);
    const core::ShopManifest m = core::prepare_publish(e.history.current(), replaces, platform::utc_ms());
    const core::Envelope env = core::sign_envelope(core::dump_json(core::manifest_to_json(m)), *e.key);
    publish_document(e.publishing, env, replaces, "Publishing failed ({http}). Your draft is kept.", still_current(),
                     [this, m] {
        EditorState& e = s_.editor;
        e.published = m;
        e.base_version = m.version;
        e.conflict = Conflict{};
        e.restored_draft = false;
        e.publishing.stored(m.version, "Published version " + std::to_string(m.version));
        // The history keeps its steps (undo still works); the draft now equals what is live.
        draft_changed();
        save_draft();
        notice("Published: your shop shows these changes now");
    }, [this] { load_conflict(); });
}

void EditorController::load_conflict() {
    EditorState& e = s_.editor;
    e.conflict = Conflict{};
    e.conflict.open = true;
    e.conflict.loading = true;
    const int gen = gen_;
    platform::fetch("GET", "/api/shops/" + core::percent_encode(e.slug), "", [this, gen](platform::Response r) {
        if (gen != gen_) return;
        EditorState& e = s_.editor;
        e.conflict.loading = false;
        auto doc = r.ok() ? core::parse_json(r.view(), "shop") : core::Result<Json>(core::make_error("network", server_message(r, "")));
        auto bundle = doc ? core::parse_shop_bundle(*doc) : core::Result<core::ShopBundle>(doc.error());
        auto view = bundle ? core::compose_shop(*bundle, *s_.root, e.slug) : core::Result<core::ShopView>(bundle.error());
        if (!view) {
            e.conflict.open = false;
            e.publishing.fail("Your shop was changed from another device, and that version could not be loaded: " + view.error().message);
            return;
        }
        e.conflict.theirs = view->shop.manifest;
        e.conflict.their_version = view->shop.manifest.version;
        e.conflict.fields = core::changed_fields(view->shop.manifest, e.history.current());
        bump_data();
    });
}

// [SECTION] Images -------------------------------------------------------------------------------

void EditorController::on_picked(core::ImageSlot slot, std::string name, platform::Bytes bytes) {
    UploadState& u = s_.editor.upload;
    auto img = read_picked_picture(name, bytes, kCropSourceSide);
    if (!img) {
        u = UploadState{};
        u.slot = slot;
        u.error = img.error().message;
        notice(u.error);
        return;
    }
    const int rev = u.revision + 1;
    u = UploadState{};
    u.open = true;
    u.slot = slot;
    u.file_name = name;
    u.image = std::move(*img);
    u.revision = rev;
}

void EditorController::upload_crop() {
    EditorState& e = s_.editor;
    UploadState& u = e.upload;
    if (!u.open || u.image.empty() || u.uploading) return;
    const bool avatar = u.slot == core::ImageSlot::Avatar;
    const float aspect = avatar ? 1.f : 3.f;
    const core::PixelRect rect = core::crop_rect(u.image.w, u.image.h, aspect, u.zoom, u.cx, u.cy);
    const int out_w = avatar ? 512 : 1500, out_h = avatar ? 512 : 500;
    const core::Raster out = core::crop_scale(u.image, rect, std::min(out_w, std::max(rect.w, out_w / 2)),
                                              std::min(out_h, std::max(rect.h, out_h / 2)));
    if (!e.key) {
        u.error = "Sign in to your shop to upload a picture.";
        return;
    }
    u.uploading = true;
    const core::ImageSlot slot = u.slot;
    upload_picture(core::encode_jpeg(out, 88), *e.key, still_current(),
                   [this, slot](core::Result<core::ImageRef> ref) {
        EditorState& e = s_.editor;
        e.upload.uploading = false;
        if (!ref) {
            e.upload.error = ref.error().message;
            return;
        }
        core::ShopManifest m = e.history.current();
        core::set_image(m, slot, *ref);
        record(m, "");
        e.upload = UploadState{};
        notice(slot == core::ImageSlot::Avatar ? "New profile picture in your draft" : "New banner in your draft");
    });
}

// [SECTION] Share kit ----------------------------------------------------------------------------

// What the poster shows beside the shop: the brand article the kit shares (its cover and title),
// else the product chosen in the kit, else the first featured product, else the first one.
EditorController::PosterSubject EditorController::poster_subject() const {
    const EditorState& e = s_.editor;
    PosterSubject out;
    if (!e.view) return out;
    const core::ShopView& v = *e.view;
    if (!e.share.article.empty())
        for (const auto& [brand, loaded] : s_.articles)
            if (const core::Article* a = loaded.set.find(e.share.article)) {
                out.article = true;
                out.title = a->title;
                out.picture = a->cover;
                // No cover: the article's first picture, else the picture of the first product it shows.
                for (const auto& b : a->blocks) {
                    if (!out.picture.empty()) break;
                    if (b.kind == core::ArticleBlock::Picture) out.picture = b.image;
                    if (b.kind == core::ArticleBlock::ProductCard)
                        if (const core::ShopItem* it = v.find(b.product))
                            out.picture = it->product->images.empty() ? it->product->thumb : it->product->images.front();
                }
                return out;
            }
    const core::ShopItem* item = nullptr;
    if (!e.share.product.empty()) item = v.find(e.share.product);
    if (!item && !v.featured.empty()) item = &v.items[v.featured.front()];
    if (!item && !v.items.empty()) item = &v.items.front();
    if (!item) return out;
    const core::Product& p = *item->product;
    out.title = p.title;
    out.price = core::format_money(p.price, item->brand && item->brand->release ? item->brand->release->currency : "");
    out.picture = p.images.empty() ? p.thumb : p.images.front();
    return out;
}

void EditorController::make_poster() {
    EditorState& e = s_.editor;
    if (!e.view || e.share.poster_busy) return;
    e.share.poster_busy = true;
    poster_parts_.clear();
    const core::ShopView& v = *e.view;
    const core::ShopManifest& m = v.shop.manifest;
    const PosterSubject subject = poster_subject();
    std::vector<std::pair<std::string, std::string>> wanted = {
        {"font:regular", "/fonts/inter-regular.otf"}, {"font:bold", "/fonts/inter-semibold.otf"}, {"font:cjk", "/fonts/cjk-core.ttf"},
        {"font:cjk-ext", "/fonts/cjk-ext.ttf"}};
    std::map<std::string, std::string> hashes;
    auto want_image = [&](const char* key, const core::ImageRef& ref) {
        if (ref.empty()) return;
        wanted.push_back({key, ref.src});
        hashes[key] = ref.sha256;
    };
    want_image("img:banner", m.identity.banner);
    want_image("img:avatar", m.identity.avatar);
    want_image("img:product", subject.picture);
    poster_waiting_ = static_cast<int>(wanted.size());
    const int gen = gen_;
    for (const auto& [key, url] : wanted) {
        const std::string k = key, sha = hashes.count(key) ? hashes[key] : "";
        platform::fetch("GET", url, "", [this, gen, k, sha](platform::Response r) {
            if (gen != gen_) return;
            // An image that does not match the signed hash is left out, like anywhere else.
            if (r.ok() && (sha.empty() || core::sha256_hex(r.body) == sha)) poster_parts_[k] = std::move(r.body);
            if (--poster_waiting_ > 0) return;
            EditorState& e = s_.editor;
            e.share.poster_busy = false;
            if (!e.view) return;
            const core::ShopView& v = *e.view;
            const core::ShopManifest& m = v.shop.manifest;
            const PosterSubject subject = poster_subject();
            auto span = [&](const char* key) {
                auto it = poster_parts_.find(key);
                return it == poster_parts_.end() ? std::span<const std::uint8_t>() : std::span<const std::uint8_t>(it->second);
            };
            auto image = [&](const char* key) -> std::optional<core::Raster> {
                auto s = span(key);
                if (s.empty()) return std::nullopt;
                auto img = core::decode_image(s);
                if (!img) return std::nullopt;
                return std::move(*img);
            };
            core::TextRaster text(span("font:regular"), span("font:bold"), {span("font:cjk"), span("font:cjk-ext")});
            const std::string locale = v.brands.empty() ? "en" : v.brands.front().cert.locale;
            core::PosterContent c;
            c.name = m.identity.name;
            std::string brands;
            for (const auto& b : v.brands) brands += (brands.empty() ? "" : ", ") + b.cert.name;
            c.byline = e.person.empty() ? brands : e.person + " · " + brands;
            c.greeting = m.identity.greeting;
            c.product_title = subject.title;
            c.product_price = subject.price;
            const std::string link = platform::origin() + core::share_path(e.share.target(m.slug, core::Channel::Qr));
            c.caption = subject.article ? (is_zh(locale) ? "扫码阅读全文" : "Scan to read it in my shop")
                                        : (is_zh(locale) ? "扫码进店逛逛" : "Scan to open my shop");
            c.link_text = link;
            c.primary = m.theme.primary;
            c.accent = m.theme.accent;
            c.background = m.theme.background;
            c.text = m.theme.text;
            auto banner = image("img:banner"), avatar = image("img:avatar"), product = image("img:product");
            c.banner = banner ? &*banner : nullptr;
            c.avatar = avatar ? &*avatar : nullptr;
            c.product = product ? &*product : nullptr;
            auto qr = core::make_qr(link);
            if (!qr) {
                notice(qr.error().message);
                return;
            }
            c.qr = *qr;
            const core::Raster poster = core::render_poster(c, text);
            platform::download(m.slug + "-poster.png", "image/png", core::encode_png(poster));
            poster_parts_.clear();
            notice("Poster saved");
        });
    }
}

// [SECTION] Team ---------------------------------------------------------------------------------

void EditorController::load_team() {
    EditorState& e = s_.editor;
    if (!e.key) return;
    e.team.status = EditorLoad::Loading;
    const std::string path = "/api/shops/" + core::percent_encode(e.slug) + "/team";
    const std::string auth = core::sign_request("GET", path, "", *e.key, platform::utc_ms());
    const int gen = gen_;
    platform::fetch("GET", path, "", [this, gen](platform::Response r) {
        if (gen != gen_) return;
        Team& t = s_.editor.team;
        if (!r.ok()) {
            t.status = EditorLoad::Failed;
            t.error = server_message(r, "Your team could not be loaded (HTTP " + std::to_string(r.status) + ").");
            return;
        }
        auto doc = core::parse_json(r.view(), "team");
        t.members.clear();
        if (doc)
            if (const Json* members = core::get_array(*doc, "members"))
                for (const auto& m : *members) {
                    TeamMember tm;
                    tm.brand = core::string_or(m, "brand", "");
                    tm.distributor = core::string_or(m, "distributor", "");
                    tm.parent = core::string_or(m, "parent", "");
                    tm.name = core::string_or(m, "name", "");
                    tm.slug = core::string_or(m, "slug", "");
                    tm.level = static_cast<int>(core::int_or(m, "level", 1));
                    tm.active = core::get_bool(m, "active").value_or(true);
                    tm.orders = core::int_or(m, "orders", 0);
                    if (const Json* sales = core::get_object(m, "sales"))
                        for (auto it = sales->begin(); it != sales->end(); ++it)
                            if (it->is_number_integer()) tm.sales[it.key()] = it->get<std::int64_t>();
                    t.members.push_back(std::move(tm));
                }
        t.status = EditorLoad::Ready;
        bump_data();
        insight_changed();  // the team gives the activity its places (members with no traffic yet too)
    }, "application/json", {{"Authorization", auth}});
}

void EditorController::create_invite(const std::string& brand) {
    EditorState& e = s_.editor;
    Team& t = e.team;
    t.invite_error.clear();
    if (!e.key || !e.view) return;
    const core::BrandSection* b = e.view->brand(brand);
    auto chain = e.view->shop.chains.find(brand);
    if (!b || chain == e.view->shop.chains.end() || chain->second.empty()) {
        t.invite_error = "This shop does not carry that brand.";
        return;
    }
    const int level = chain->second.front().level;
    const int max_levels = b->policy ? b->policy->max_levels : 3;
    if (!core::may_recruit(level, max_levels)) {
        t.invite_error = b->cert.name + " allows " + std::to_string(max_levels) + " levels of distributors, and you are at level " +
                         std::to_string(level) + ", so you cannot recruit for it.";
        return;
    }
    core::Invite f;
    f.brand = brand;
    f.parent = chain->second.front().distributor;
    f.level = level + 1;
    f.id = core::random_id("i_");
    f.expires_ms = platform::utc_ms() + core::kInviteLifetimeMs;
    f.max_uses = core::kInviteMaxUses;
    f.parent_slug = e.slug;
    f.parent_name = e.published.identity.name;
    const core::Invite inv = core::make_invite(f, *e.key);
    t.invite_link = platform::origin() + join_path(core::invite_token(inv.envelope));
    t.invite_brand = brand;
}

// [SECTION] Dashboard ----------------------------------------------------------------------------

namespace {
constexpr double kDashPollMs = 10000;
}

void EditorController::fetch_activity() {
    EditorState& e = s_.editor;
    DashState& d = e.dash;
    if (!e.key || d.fetching) return;
    if (d.status == EditorLoad::Idle) d.status = EditorLoad::Loading;
    // The cursor picks up exactly what arrived since the last page.
    const std::string base = "/api/shops/" + core::percent_encode(e.slug) + "/activity?cursor=";
    const int gen = gen_;
    read_activity<DashState>(
        [this, gen]() { return gen == gen_ ? &s_.editor.dash : nullptr; },
        [base](const core::Activity& a) { return base + a.cursor; }, *e.key, kDashPollMs, "Your numbers could not be loaded",
        nullptr, [this](FeedRead read) {
            DashState& d = s_.editor.dash;
            if (read == FeedRead::Complete) {
                compute_dashboard();
                d.status = EditorLoad::Ready;
                insight_changed();
                announce_orders();
            } else if (read == FeedRead::Unreadable || d.status != EditorLoad::Ready) {
                d.status = EditorLoad::Failed;
            }
        });
}

void EditorController::compute_dashboard() {
    EditorState& e = s_.editor;
    DashState& d = e.dash;
    core::DashboardOptions opt;
    opt.distributor = e.distributor;
    opt.now = platform::utc_ms();
    if (e.view)
        for (const auto& b : e.view->brands)
            if (b.policy) {
                opt.freeze_days[b.cert.brand] = b.policy->freeze_days;
                if (!d.lost_days_set) d.lost_after_days = b.policy->lost_after_days;
            }
    opt.lost_after_days = d.lost_after_days;
    const double t0 = platform::now_ms();
    d.numbers = core::compute_dashboard(d.activity, opt);
    d.compute_ms = platform::now_ms() - t0;
    d.updated_utc = opt.now;
    bump_data();
}

// A new order in the shop or the team since the last poll (none for what was there when the
// dashboard first loaded): a badge on the Dashboard tab, a toast, a notification where allowed.
void EditorController::announce_orders() {
    EditorState& e = s_.editor;
    const ui::Lang lang = e.view && !e.view->brands.empty() ? ui::lang_for_locale(e.view->brands.front().cert.locale) : ui::Lang::En;
    auto shop_name = [&e](const std::string& slug) {
        if (slug == e.slug) return e.published.identity.name;
        for (const auto& m : e.team.members)
            if (m.slug == slug && !m.name.empty()) return m.name;
        return slug;
    };
    if (announce_arrivals(s_, e.dash.notices, e.dash.activity, 0, lang, shop_name, "orders-" + e.slug) > 0 &&
        e.route.page == EditorPage::Dash && s_.route.screen == Screen::Editor)
        platform::request_frame();
}

// [SECTION] Payouts ------------------------------------------------------------------------------

namespace {
constexpr double kPayoutPollMs = 20000;
constexpr double kPayoutNoticeMs = 7000;
}

void EditorController::on_event(const platform::InputEvent& event) {
    // Back on the page after it was hidden (no frames, so no polls, meanwhile): catch up now.
    if (event.kind == platform::EventKind::Visible && s_.editor.payouts.next_poll_ms > 0) platform::request_frame();
}

void EditorController::fetch_statements() {
    EditorState& e = s_.editor;
    PayoutsState& p = e.payouts;
    if (!e.key || p.fetching || e.slug.empty()) return;
    if (p.status == EditorLoad::Idle || (p.status == EditorLoad::Failed && p.brands.empty())) p.status = EditorLoad::Loading;
    p.fetching = true;
    const std::string path = "/api/shops/" + core::percent_encode(e.slug) + "/statements";
    const std::string auth = core::sign_request("GET", path, "", *e.key, platform::utc_ms());
    const int gen = gen_;
    platform::fetch("GET", path, "", [this, gen](platform::Response r) {
        if (gen != gen_) return;
        PayoutsState& p = s_.editor.payouts;
        p.fetching = false;
        p.next_poll_ms = platform::now_ms() + kPayoutPollMs;
        platform::request_frame_in(static_cast<int>(kPayoutPollMs) + 20);
        auto doc = r.ok() ? core::parse_json(r.view(), "statements") : core::Result<Json>(core::make_error("x", "x"));
        if (!doc || !core::get_array(*doc, "brands")) {
            if (p.status != EditorLoad::Ready) p.status = EditorLoad::Failed;
            p.error = !r.ok() ? server_message(r, "Your payouts could not be loaded (HTTP " + std::to_string(r.status) + ").")
                              : "The store's answer about your payouts could not be read.";
            return;
        }
        read_statements(*doc);
    }, "application/json", {{"Authorization", auth}});
}

void EditorController::read_statements(const Json& doc) {
    EditorState& e = s_.editor;
    PayoutsState& p = e.payouts;
    std::vector<BrandMoney> brands;
    std::vector<Payout> payouts;
    for (const auto& b : *core::get_array(doc, "brands")) {
        if (!b.is_object()) continue;
        BrandMoney m;
        m.brand = core::string_or(b, "brand", "");
        m.name = core::string_or(b, "name", m.brand);
        m.currency = core::string_or(b, "currency", "");
        m.min_payout = core::int_or(b, "min_payout", 0);
        m.freeze_days = static_cast<int>(core::int_or(b, "freeze_days", 7));
        if (const Json* bal = core::get_object(b, "balance")) {
            m.pending = core::int_or(*bal, "pending", 0);
            m.settleable = core::int_or(*bal, "settleable", 0);
            m.paid_gross = core::int_or(*bal, "paid", 0);
            m.clawback = core::int_or(*bal, "clawback", 0);
            m.cancelled = core::int_or(*bal, "cancelled", 0);
        }
        const std::size_t first = payouts.size();
        if (const Json* list = core::get_array(b, "payouts"))
            for (const auto& x : *list) {
                if (!x.is_object()) continue;
                Payout po;
                po.brand = m.brand;
                po.brand_name = m.name;
                po.currency = m.currency;
                po.batch = core::string_or(x, "batch", "");
                po.cutoff = core::int_or(x, "cutoff", 0);
                po.created_ms = core::int_or(x, "created_ms", 0);
                if (const Json* line = core::get_object(x, "line")) {
                    po.gross = core::int_or(*line, "gross", 0);
                    po.clawback = core::int_or(*line, "clawback", 0);
                    po.amount = core::int_or(*line, "amount", 0);
                    po.shares = static_cast<long>(core::int_or(*line, "shares", 0));
                    po.status = core::string_or(*line, "status", "sent");
                    po.status_ms = core::int_or(*line, "status_ms", 0);
                    po.note = core::string_or(*line, "note", "");
                }
                if (const Json* entries = core::get_array(x, "entries"))
                    for (const auto& en : *entries) {
                        if (!en.is_object()) continue;
                        StatementEntry se;
                        se.clawback = core::string_or(en, "kind", "share") == "clawback";
                        se.order = core::string_or(en, "order", "");
                        se.number = core::string_or(en, "number", "");
                        se.level = static_cast<int>(core::int_or(en, "level", 1));
                        se.amount = core::int_or(en, "amount", 0);
                        po.entries.push_back(std::move(se));
                    }
                po.entries_gross = core::int_or(x, "gross", 0);
                po.entries_clawback = core::int_or(x, "clawback", 0);
                po.csv = core::string_or(x, "csv", "");
                if (po.batch.empty()) continue;
                if (po.status == "paid") m.paid += po.amount;
                else if (po.status == "failed") m.failed += po.amount;
                else m.on_its_way += po.amount;
                ++m.payouts;
                payouts.push_back(std::move(po));
            }
        // A failed line's commission is paid again by the brand's next batch (the store lists each
        // brand's newest first): say which one.
        for (std::size_t i = first + 1; i < payouts.size(); ++i)
            if (payouts[i].status == "failed") payouts[i].repaid_by = payouts[i - 1].batch;
        brands.push_back(std::move(m));
    }
    std::stable_sort(payouts.begin(), payouts.end(), [](const Payout& a, const Payout& b) {
        return a.created_ms != b.created_ms ? a.created_ms > b.created_ms : a.cutoff > b.cutoff;
    });
    // A notice for what arrived or changed since the last answer (not for what was there when the
    // editor opened): a new line, or a line the brand marked paid or failed. The newest one is said.
    std::string said;
    int more = 0;
    std::map<std::string, std::string> seen;
    for (const auto& po : payouts) {
        seen[po.batch] = po.status;
        if (!p.primed) continue;
        auto it = p.seen.find(po.batch);
        if (it != p.seen.end() && it->second == po.status) continue;
        if (said.empty()) said = payout_notice(po);
        else ++more;
    }
    p.seen = std::move(seen);
    p.primed = true;
    p.brands = std::move(brands);
    p.payouts = std::move(payouts);
    p.status = EditorLoad::Ready;
    p.error.clear();
    p.updated_utc = platform::utc_ms();
    if (!said.empty()) {
        if (more > 0) said += " (+" + std::to_string(more) + ")";
        p.notice = said;
        s_.toast = {said, platform::now_ms() + kPayoutNoticeMs};
    }
    bump_data();
}

std::string EditorController::payout_notice(const Payout& p) const {
    const EditorState& e = s_.editor;
    const ui::Lang lang = e.view && !e.view->brands.empty() ? ui::lang_for_locale(e.view->brands.front().cert.locale) : ui::Lang::En;
    const char* pattern = p.status == "paid"     ? "Payout of {amount} from {brand} was paid"
                          : p.status == "failed" ? "Payout of {amount} from {brand} was returned by the bank: it is paid again in the brand's next payout"
                                                 : "Payout of {amount} from {brand} is on its way";
    std::string text = ui::tr(lang, pattern);
    auto put = [&](const std::string& key, const std::string& value) {
        if (auto at = text.find(key); at != std::string::npos) text.replace(at, key.size(), value);
    };
    put("{amount}", core::format_money(p.amount, p.currency));
    put("{brand}", p.brand_name);
    return text;
}

// [SECTION] Actions ------------------------------------------------------------------------------

void EditorController::handle(const EditorAction& action) {
    EditorState& e = s_.editor;
    if (handle_insight(action)) return;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, FindShop>) {
                const std::string slug = core::shop_address_from_input(e.find.address);
                if (slug.empty()) {
                    e.find.error = e.find.address.empty() ? "Type your shop's address, for example lily-tea."
                                                          : "That is not a shop address. It is the part after /s/ in your shop's link, "
                                                            "for example lily-tea; pasting the whole link works too.";
                    return;
                }
                e.find = FindForm{};
                const std::string path = editor_path(slug, EditorPage::Home);
                platform::push_url(path);
                s_.route = parse_route(path);
                on_route();
            } else if constexpr (std::is_same_v<T, SignInWithPassphrase>) {
                if (e.load != EditorLoad::Ready ||
                    !start_passphrase_sign_in(e.sign_in, e.key_status, "Your passphrase has at least 8 characters."))
                    return;
                derive_at_ = platform::now_ms() + 30;  // after the "Checking…" frame is on screen
                platform::request_frame_in(40);
            } else if constexpr (std::is_same_v<T, RestoreKeyFile>) {
                const int gen = gen_;
                platform::pick_file(".json,application/json", [this, gen](std::string, platform::Bytes bytes) {
                    if (gen != gen_) return;
                    EditorState& e = s_.editor;
                    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
                    auto kp = core::read_key_file(text);
                    if (!kp) {
                        e.sign_in.error = kp.error().message;  // shown in the person's language
                        return;
                    }
                    if (!adopt_key(*kp, "Signed in with your key file")) {
                        auto doc = core::parse_json(text, "key file");  // read above: whose it says it is
                        e.sign_in.error = "This key file belongs to another shop (" + core::string_or(*doc, "slug", "?") + ").";
                    }
                });
            } else if constexpr (std::is_same_v<T, DownloadKeyFile>) {
                if (!e.key) return;
                const std::string text = core::key_file_text(
                    *e.key,
                    {{"slug", e.slug}, {"distributor", e.distributor},
                     {"note", "This file signs for your shop. Keep it private; anyone holding it can change your shop."}},
                    platform::utc_ms());
                platform::download("dynshop-key-" + e.slug + ".json", "application/json", platform::Bytes(text.begin(), text.end()));
                e.key_notice = "Key file saved";
            } else if constexpr (std::is_same_v<T, SignOut>) {
                platform::storage_delete("key:" + e.slug);
                platform::storage_delete("draft:" + e.slug);
                const std::string slug = e.slug;
                e.slug.clear();
                e.route = parse_editor_route("/d/" + slug);
                s_.route = parse_route("/d/" + slug);
                platform::replace_url("/d/" + slug);
                open_shop(slug);
            } else if constexpr (std::is_same_v<T, EditText>) {
                core::ShopManifest m = e.history.current();
                const char* name = a.field == core::TextField::Name ? "name" : a.field == core::TextField::Greeting ? "greeting" : "contact";
                auto r = core::set_text(m, a.field, a.value);
                if (!r) {
                    e.field_errors[name] = r.error().message;
                    sync_fields();
                    return;
                }
                e.field_errors.erase(name);
                record(m, name);
            } else if constexpr (std::is_same_v<T, EditNote>) {
                core::ShopManifest m = e.history.current();
                auto r = core::set_note(m, a.product, a.text);
                const std::string key = "note:" + a.product;
                if (!r) {
                    e.field_errors[key] = r.error().message;
                    sync_fields();
                    return;
                }
                e.field_errors.erase(key);
                record(m, key);
            } else if constexpr (std::is_same_v<T, SetTheme>) {
                core::ShopManifest m = e.history.current();
                if (core::set_theme(m, a.theme)) record(m, "");
            } else if constexpr (std::is_same_v<T, SetFeatured>) {
                core::ShopManifest m = e.history.current();
                auto r = core::set_featured(m, a.product, a.featured);
                if (!r) notice(r.error().message);
                else if (*r) record(m, "");
            } else if constexpr (std::is_same_v<T, MoveFeatured>) {
                core::ShopManifest m = e.history.current();
                if (core::move_featured(m, a.from, a.to)) record(m, "");
            } else if constexpr (std::is_same_v<T, SelectProduct>) {
                e.selected_product = a.product;
            } else if constexpr (std::is_same_v<T, Undo>) {
                if (e.history.undo()) draft_changed();
            } else if constexpr (std::is_same_v<T, Redo>) {
                if (e.history.redo()) draft_changed();
            } else if constexpr (std::is_same_v<T, DiscardDraft>) {
                core::ShopManifest m = e.published;
                m.version = e.history.current().version;
                record(m, "");
                e.restored_draft = false;
            } else if constexpr (std::is_same_v<T, Publish>) {
                publish(e.base_version);
            } else if constexpr (std::is_same_v<T, ResolveConflict>) {
                if (!e.conflict.open || !e.conflict.theirs) return;
                const core::ShopManifest theirs = *e.conflict.theirs;
                e.published = theirs;
                e.base_version = theirs.version;
                e.conflict = Conflict{};
                if (a.keep_mine) {
                    publish(e.base_version);  // this draft, signed again over their version
                } else {
                    record(theirs, "");  // undo brings this draft back
                    e.restored_draft = false;
                    notice("Your draft now shows the version published from your other device");
                }
            } else if constexpr (std::is_same_v<T, PickImage>) {
                const int gen = gen_;
                const core::ImageSlot slot = a.slot;
                e.upload.error.clear();
                platform::pick_file("image/png,image/jpeg", [this, gen, slot](std::string name, platform::Bytes bytes) {
                    if (gen != gen_) return;
                    on_picked(slot, std::move(name), std::move(bytes));
                });
            } else if constexpr (std::is_same_v<T, ConfirmCrop>) {
                upload_crop();
            } else if constexpr (std::is_same_v<T, CancelCrop>) {
                e.upload = UploadState{};
            } else if constexpr (std::is_same_v<T, RemoveImage>) {
                core::ShopManifest m = e.history.current();
                if (core::set_image(m, a.slot, core::ImageRef{})) record(m, "");
            } else if constexpr (std::is_same_v<T, SetShareChannel>) {
                if (core::parse_channel(a.channel)) e.share.channel = a.channel;
            } else if constexpr (std::is_same_v<T, SetShareProduct>) {
                e.share.product = a.product;
                e.share.article.clear();
            } else if constexpr (std::is_same_v<T, SetShareArticle>) {
                e.share.article = a.article;
                e.share.product.clear();
            } else if constexpr (std::is_same_v<T, DownloadPicture>) {
                // The picture as the brand signed it: its bytes must hash to the sha256 in the article.
                platform::fetch("GET", a.image.src, "", [this, a](platform::Response r) {
                    if (!r.ok() || core::sha256_hex(r.body) != a.image.sha256) {
                        s_.toast = {r.ok() ? "The picture did not match the brand's signature." : server_message(r, "The picture could not be downloaded."),
                                    platform::now_ms() + 2400};
                    } else {
                        const bool png = r.body.size() > 4 && r.body[0] == 0x89 && r.body[1] == 'P';
                        platform::download(a.filename + (png ? ".png" : ".jpg"), png ? "image/png" : "image/jpeg", r.body);
                        s_.toast = {"Picture saved", platform::now_ms() + 1800};
                    }
                });
            } else if constexpr (std::is_same_v<T, DownloadPoster>) {
                auto ok = core::check_campaign(e.share.campaign);
                e.share.campaign_error = ok ? "" : ok.error().message;
                if (ok) make_poster();
            } else if constexpr (std::is_same_v<T, CreateInvite>) {
                create_invite(a.brand);
            } else if constexpr (std::is_same_v<T, ReloadTeam>) {
                load_team();
            } else if constexpr (std::is_same_v<T, RefreshDashboard>) {
                fetch_activity();
                fetch_statements();
            } else if constexpr (std::is_same_v<T, DownloadStatement>) {
                const Payout* p = e.payouts.find(a.batch);
                if (!p || p->csv.empty()) return;
                platform::download(e.slug + "-" + p->batch + ".csv", "text/csv;charset=utf-8", platform::Bytes(p->csv.begin(), p->csv.end()));
                notice("Statement saved");
            } else if constexpr (std::is_same_v<T, SetOrderNotices>) {
                set_order_notices(s_, a.on);
            } else if constexpr (std::is_same_v<T, NewOrdersSeen>) {
                e.dash.notices.unread = 0;
            } else if constexpr (std::is_same_v<T, SetLostDays>) {
                e.dash.lost_after_days = std::clamp(a.days, 1, 365);
                e.dash.lost_days_set = true;
                if (e.dash.status == EditorLoad::Ready) compute_dashboard();
            } else if constexpr (std::is_same_v<T, JoinFormChanged>) {
                JoinState& j = e.join;
                if (!j.slug_edited) j.slug = core::suggest_slug(j.shop_name);
                j.errors.erase("slug");
                const core::SlugCheck c = core::check_slug(j.slug);
                if (j.slug.empty()) {
                    j.slug_state = SlugAvailability::Unchecked;
                    j.slug_message.clear();
                } else if (!c.ok) {
                    j.slug_state = SlugAvailability::Taken;
                    j.slug_message = c.message;
                } else if (j.slug != j.checked_slug) {
                    j.slug_state = SlugAvailability::Checking;
                    j.slug_message = "Checking…";
                    j.check_due_ms = platform::now_ms() + kSlugCheckDelayMs;
                    platform::request_frame_in(static_cast<int>(kSlugCheckDelayMs) + 20);
                }
            } else if constexpr (std::is_same_v<T, CreateShop>) {
                JoinState& j = e.join;
                if (j.status != EditorLoad::Ready || j.creating) return;
                j.errors.clear();
                const std::string name = j.shop_name;
                bool blank = true;
                for (char c : name) blank = blank && c == ' ';
                if (blank) j.errors["shop_name"] = "Give your shop a name.";
                else if (core::utf8_length(name) > core::kMaxNameChars) j.errors["shop_name"] = "A shop name can have at most 120 characters.";
                const core::SlugCheck c = core::check_slug(j.slug);
                if (!c.ok) j.errors["slug"] = c.message;
                else if (j.slug_state == SlugAvailability::Taken) j.errors["slug"] = j.slug_message;
                if (j.passphrase.size() < core::kMinPassphraseBytes) j.errors["passphrase"] = "Use a passphrase of at least 8 characters.";
                else if (j.passphrase != j.passphrase2) j.errors["passphrase2"] = "The two passphrases differ.";
                if (!j.errors.empty()) return;
                j.creating = true;
                j.step = "Making your key…";
                derive_at_ = platform::now_ms() + 30;
                platform::request_frame_in(40);
            }
        },
        action.what);
}

// [SECTION] Tick ---------------------------------------------------------------------------------

void EditorController::tick(double now) {
    EditorState& e = s_.editor;
    if (!e.active) return;
    if (derive_at_ > 0 && now >= derive_at_) {
        derive_at_ = 0;
        if (e.key_status == KeyStatus::Deriving) {
            derive_now();
        } else if (e.join.creating && e.join.step == "Making your key…") {
            JoinState& j = e.join;
            auto kp = core::derive_keypair(j.passphrase, j.slug);
            if (!kp) {
                j.creating = false;
                j.errors["passphrase"] = kp.error().message;
                return;
            }
            const core::KeyPair key = *kp;
            const std::string distributor = core::random_id("d_");
            const std::string person = j.person.empty() ? j.shop_name : j.person;
            const core::UtcMs now_ms = platform::utc_ms();
            const core::Enrollment en = core::enrollment_from_invite(*j.invite, distributor, j.slug, person, key.pk, now_ms);
            const core::Envelope env = core::sign_envelope(core::dump_json(core::enrollment_to_json(en)), key);
            j.step = "Opening your shop…";
            const int gen = gen_;
            send_document(env, 0, "Your shop could not be opened ({http}).",
                          [this, gen, key, distributor](DocumentSent sent) {
                if (gen != gen_) return;
                JoinState& j = s_.editor.join;
                if (sent.outcome != DocumentSent::Stored) {
                    j.creating = false;
                    if (sent.code == "slug_taken") {
                        j.errors["slug"] = sent.message;
                        j.slug_state = SlugAvailability::Taken;
                        j.slug_message = sent.message;
                    } else {
                        j.errors["form"] = sent.message;
                    }
                    return;
                }
                // The first page of the shop: the brand's products, the name chosen, a greeting.
                core::ShopManifest m;
                m.distributor = distributor;
                m.slug = j.slug;
                m.version = 1;
                m.updated_ms = platform::utc_ms();
                m.identity.name = j.shop_name;
                m.identity.greeting = is_zh(j.brand_locale) ? "欢迎光临我的小店，有问题随时问我！" : "Welcome to my shop! Ask me anything.";
                m.brands = {j.invite->brand};
                const core::Envelope menv = core::sign_envelope(core::dump_json(core::manifest_to_json(m)), key);
                platform::storage_put("key:" + j.slug, core::seed_b64(key));
                send_document(menv, 0, "Your shop's first page could not be published.", [this, gen](DocumentSent sent) {
                    if (gen != gen_) return;
                    JoinState& j = s_.editor.join;
                    j.creating = false;
                    if (sent.outcome != DocumentSent::Stored) {
                        j.errors["form"] = sent.message;
                        return;
                    }
                    const std::string slug = j.slug;
                    j.step = "Your shop is live";
                    j.passphrase.clear();
                    j.passphrase2.clear();
                    const std::string path = editor_path(slug, EditorPage::Edit);
                    platform::push_url(path);
                    s_.route = parse_route(path);
                    on_route();
                    notice("Your shop is live");
                });
            });
        }
    }
    JoinState& j = e.join;
    if (j.slug_state == SlugAvailability::Checking && j.check_due_ms > 0 && now >= j.check_due_ms) {
        j.check_due_ms = 0;
        const std::string slug = j.slug;
        const int gen = gen_;
        platform::fetch("GET", "/api/slugs/" + core::percent_encode(slug), "", [this, gen, slug](platform::Response r) {
            if (gen != gen_) return;
            JoinState& j = s_.editor.join;
            if (j.slug != slug) return;  // the person typed on
            auto doc = r.ok() ? core::parse_json(r.view(), "slug") : core::Result<Json>(core::make_error("x", "x"));
            if (!doc) {
                j.slug_state = SlugAvailability::Unchecked;
                j.slug_message = r.status == 0 ? "Offline: the address will be checked when you create the shop." : "";
                return;
            }
            const bool free = core::get_bool(*doc, "available").value_or(false);
            j.checked_slug = slug;
            j.slug_state = free ? SlugAvailability::Free : SlugAvailability::Taken;
            j.slug_message = free ? "This address is free." : core::string_or(*doc, "reason", "This address is taken.");
        });
    }
    // The activity: polled on the dashboard, and on every page of the editor once the dashboard has
    // loaded it (only what arrived since, for order notices).
    const bool watch = s_.route.screen == Screen::Editor && (e.route.page == EditorPage::Dash || e.dash.status == EditorLoad::Ready);
    if (watch && e.key && !e.dash.fetching && e.dash.next_poll_ms > 0 && now >= e.dash.next_poll_ms)
        fetch_activity();
    else if (watch && e.dash.next_poll_ms > 0)
        platform::request_frame_in(static_cast<int>(std::max(100.0, e.dash.next_poll_ms - now)));
    // Payouts: polled while the editor is on screen (no frames reach here while the page is hidden).
    PayoutsState& po = e.payouts;
    if (s_.route.screen == Screen::Editor && e.key && po.next_poll_ms > 0) {
        if (!po.fetching && now >= po.next_poll_ms) fetch_statements();
        else if (!po.fetching) platform::request_frame_in(static_cast<int>(std::max(100.0, po.next_poll_ms - now)));
    }
    if (e.saving.due(now)) save_draft();
}

// [SECTION] Test state ---------------------------------------------------------------------------

core::Json EditorController::test_state() const {
    const EditorState& e = s_.editor;
    const char* loads[] = {"idle", "loading", "ready", "not_found", "refused", "failed"};
    Json j = {{"active", e.active},
              {"page", editor_page_name(e.route.page)},
              {"slug", e.slug},
              {"load", loads[static_cast<int>(e.load)]},
              {"key", key_status_name(e.key_status)},
              {"sign_in_error", e.sign_in.error},
              {"distributor", e.distributor},
              {"level", e.level},
              {"base_version", e.base_version},
              {"published_version", e.published.version},
              {"revision", e.revision},
              {"can_undo", e.history.can_undo()},
              {"can_redo", e.history.can_redo()},
              {"dirty", !core::same_content(e.history.current(), e.published)},
              {"restored_draft", e.restored_draft},
              {"draft_saved", e.saving.settled()},
              {"publishing", e.publishing.busy()},
              {"publish_error", e.publishing.error},
              {"last_published", e.publishing.last},
              {"conflict", {{"open", e.conflict.open}, {"loading", e.conflict.loading}, {"their_version", e.conflict.their_version},
                            {"fields", e.conflict.fields}}},
              {"upload", {{"open", e.upload.open}, {"error", e.upload.error}, {"uploading", e.upload.uploading},
                          {"w", e.upload.image.w}, {"h", e.upload.image.h}}},
              {"share", {{"channel", e.share.channel}, {"campaign", e.share.campaign}, {"product", e.share.product}, {"article", e.share.article},
                         {"poster_busy", e.share.poster_busy}}},
              {"team", {{"status", loads[static_cast<int>(e.team.status)]}, {"members", e.team.members.size()},
                        {"invite_link", e.team.invite_link}, {"invite_error", e.team.invite_error}}},
              {"join", {{"status", loads[static_cast<int>(e.join.status)]}, {"error", e.join.error}, {"inviter", e.join.inviter},
                        {"brand", e.join.brand_name}, {"slug", e.join.slug}, {"slug_message", e.join.slug_message},
                        {"creating", e.join.creating}, {"step", e.join.step}, {"errors", e.join.errors}}}};
    {
        const core::Dashboard& n = e.dash.numbers;
        Json channels = Json::array();
        for (const auto& c : n.channels)
            channels.push_back({{"channel", c.channel}, {"campaign", c.campaign}, {"visits", c.visits}, {"visitors", c.visitors},
                                {"orders", c.orders}});
        Json lost = Json::array();
        for (const auto& c : n.lost) lost.push_back({{"name", c.name}, {"phone", c.phone}, {"last_order_ms", c.last_order_ms}});
        j["dash"] = {{"status", loads[static_cast<int>(e.dash.status)]}, {"error", e.dash.error}, {"visits", n.visits},
                     {"visitors", n.visitors}, {"funnel", n.funnel}, {"orders", n.orders}, {"revenue", n.revenue},
                     {"pending", n.pending}, {"settleable", n.settleable}, {"paid", n.paid}, {"channels", channels},
                     {"bound", n.bound.size()}, {"lost", lost}, {"lost_after_days", e.dash.lost_after_days},
                     {"events", e.dash.activity.events.size()}, {"compute_ms", e.dash.compute_ms}};
        const OrderNotices& on = e.dash.notices;
        j["notices"] = {{"unread", on.unread}, {"announced", on.announced}, {"notified", on.notified}, {"last", on.last}};
    }
    j["insight"] = insight_test_state();
    {
        const PayoutsState& p = e.payouts;
        Json brands = Json::array(), list = Json::array();
        for (const auto& b : p.brands)
            brands.push_back({{"brand", b.brand}, {"currency", b.currency}, {"pending", b.pending}, {"settleable", b.settleable},
                              {"paid", b.paid}, {"on_its_way", b.on_its_way}, {"failed", b.failed}, {"clawback", b.clawback},
                              {"min_payout", b.min_payout}, {"payouts", b.payouts}});
        for (const auto& x : p.payouts)
            list.push_back({{"batch", x.batch}, {"brand", x.brand}, {"status", x.status}, {"amount", x.amount}, {"entries", x.entries.size()}});
        j["payouts"] = {{"status", loads[static_cast<int>(p.status)]}, {"error", p.error}, {"fetching", p.fetching}, {"brands", brands},
                        {"list", list}, {"view", !e.route.payouts ? "" : e.route.batch.empty() ? "list" : "statement"},
                        {"open", e.route.batch}, {"notice", p.notice}};
    }
    if (!e.load_error.code.empty()) j["load_error"] = {{"code", e.load_error.code}, {"message", e.load_error.message}};
    const core::ShopManifest& m = e.history.current();
    j["draft"] = {{"name", m.identity.name}, {"greeting", m.identity.greeting}, {"contact", m.identity.contact},
                  {"featured", m.featured}, {"notes", m.notes}, {"layout", m.theme.layout},
                  {"primary", core::theme_color_hex(m.theme.primary)}, {"avatar", m.identity.avatar.src},
                  {"banner", m.identity.banner.src}};
    j["field_errors"] = e.field_errors;
    if (!e.slug.empty())
        j["links"] = {{"qr", platform::origin() + core::share_path(e.share.target(e.slug, core::Channel::Qr))},
                      {"share", platform::origin() + core::share_path(e.share.target(e.slug, core::Channel::Share))},
                      {"link", platform::origin() + core::share_path(e.share.target(e.slug, core::Channel::Link))}};
    return j;
}

void for_each_editor_text(const EditorState& e, const std::function<void(const std::string&)>& fn) {
    if (const core::ShopView* v = e.view.get()) {
        const auto& m = v->shop.manifest;
        fn(m.identity.name);
        fn(m.identity.greeting);
        fn(m.identity.contact);
        for (const auto& [k, n] : m.notes) fn(n);
        for (const auto& [brand, chain] : v->shop.chains)
            for (const auto& en : chain) fn(en.name);
        for (const auto& b : v->brands) {
            fn(b.cert.name);
            fn(b.release_error.message);
            if (!b.release) continue;
            for (const auto& c : b.release->categories) fn(c.name);
            for (const auto& p : b.release->products) {
                fn(p.title);
                fn(p.subtitle);
                fn(p.description);
                for (const auto& s : p.specs) {
                    fn(s.name);
                    fn(s.value);
                }
            }
        }
    }
    for (const auto& s : e.history.current().notes) fn(s.second);
    fn(e.history.current().identity.name);
    fn(e.history.current().identity.greeting);
    if (e.conflict.theirs) {
        fn(e.conflict.theirs->identity.name);
        fn(e.conflict.theirs->identity.greeting);
    }
    for (const auto& m : e.team.members) fn(m.name);
    for (const auto& c : e.dash.numbers.lost) fn(c.name);
    for (const auto& c : e.dash.numbers.channels) fn(c.campaign);
    for (const auto& c : e.insight.activity.campaigns) fn(c);
    for (const auto& b : e.payouts.brands) fn(b.name);
    for (const auto& p : e.payouts.payouts) fn(p.note);
    fn(e.payouts.notice);
    fn(e.payouts.error);
    fn(e.join.brand_name);
    fn(e.join.inviter);
    fn(e.load_error.message);
}

}  // namespace app
