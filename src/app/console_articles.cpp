// The console's Articles tab (part of ConsoleController, see console.h): what the brand writes
// besides its catalog (issue 15), signed like a release.
//
// [SECTION] List       the brand's articles from the store (each opened against the brand's key,
//                      withdrawn ones included) and the drafts kept on this device, as one list
// [SECTION] Draft      the open article: the form the screen edits, one undo history, the core's
//                      problems after every edit, autosave "article-drafts:<brand>"
// [SECTION] Preview    the draft inside a shop of the brand, loaded as the release preview loads it
// [SECTION] Publish    the next version signed here and written naming the version it replaces;
//                      withdrawing (the next version, retired); a version published meanwhile
// [SECTION] Actions and test state
#include <algorithm>
#include <type_traits>

#include "app/console.h"
#include "app/send_document.h"
#include "app/store_answer.h"

namespace app {

using core::Json;

namespace {

// "new-" and the time in base 36: a key for an article that has no id of its own yet.
std::string new_key(std::int64_t now) {
    std::string digits;
    auto n = static_cast<std::uint64_t>(now);
    do {
        const int d = static_cast<int>(n % 36);
        digits.insert(digits.begin(), static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10));
        n /= 36;
    } while (n);
    return "new-" + digits;
}

// "blocks.3" -> 3 of kind "blocks"; false for anything else.
bool indexed(const std::string& target, const char* kind, std::size_t& index) {
    const std::string prefix = std::string(kind) + ".";
    if (target.rfind(prefix, 0) != 0 || target.size() == prefix.size()) return false;
    index = 0;
    for (std::size_t i = prefix.size(); i < target.size(); ++i) {
        if (target[i] < '0' || target[i] > '9' || index > 100000) return false;
        index = index * 10 + static_cast<std::size_t>(target[i] - '0');
    }
    return true;
}

core::ImageRef* picture_at(core::Article& a, const std::string& target) {
    std::size_t i = 0;
    if (target == "cover") return &a.cover;
    if (indexed(target, "blocks", i) && i < a.blocks.size() && a.blocks[i].kind == core::ArticleBlock::Picture) return &a.blocks[i].image;
    if (indexed(target, "materials", i) && i < a.materials.size()) return &a.materials[i].image;
    return nullptr;
}

std::string* product_at(core::Article& a, const std::string& target) {
    std::size_t i = 0;
    if (indexed(target, "blocks", i) && i < a.blocks.size() && a.blocks[i].kind == core::ArticleBlock::ProductCard) return &a.blocks[i].product;
    if (indexed(target, "materials", i) && i < a.materials.size()) return &a.materials[i].product;
    return nullptr;
}
}  // namespace

// [SECTION] List -----------------------------------------------------------------------------------

void ConsoleController::open_articles_page() {
    ConsoleState& c = s_.console;
    ConsoleArticles& ar = c.articles;
    if (ar.status == ConsoleLoad::Idle || ar.status == ConsoleLoad::Failed) fetch_articles();
    // The route's article opens once the store's list and this device's drafts are in.
    const std::string key = c.route.article;
    if (key.empty()) {
        ar.open.clear();
        ar.picking.clear();
    } else if (key != ar.open && ar.drafts_in && ar.status != ConsoleLoad::Loading && ar.status != ConsoleLoad::Idle) {
        open_article_draft(key);
    }
    if (!ar.open.empty()) sync_article_preview();
}

void ConsoleController::fetch_articles() {
    ConsoleState& c = s_.console;
    ConsoleArticles& ar = c.articles;
    if (!c.cert) return;
    ar.status = ConsoleLoad::Loading;
    const int gen = gen_;
    platform::fetch("GET", "/api/brands/" + core::percent_encode(c.brand) + "/articles", "", [this, gen](platform::Response r) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        ConsoleArticles& ar = c.articles;
        auto doc = r.ok() ? core::parse_json(r.view(), "articles") : core::Result<Json>(core::make_error("http", ""));
        const Json* list = doc ? core::get_array(*doc, "articles") : nullptr;
        if (!list) {
            ar.status = ConsoleLoad::Failed;
            ar.error = server_message(r, "The brand's articles could not be loaded (HTTP " + std::to_string(r.status) + ").");
            return;
        }
        // Each is opened as a shop's browser opens it: signed by the brand's key, or left out and named.
        core::ArticleSet set = core::open_articles(*doc, *c.cert, /*keep_retired=*/true);
        ar.published = set.articles;
        ar.refused.clear();
        for (const auto& e : set.refused) ar.refused.push_back(e.message);
        // The current ones, as shops show them: the dashboards name an article's campaign by its title.
        BrandArticles& shown = s_.articles[c.brand];
        set.articles.erase(std::remove_if(set.articles.begin(), set.articles.end(), [](const core::Article& a) { return a.retired; }),
                           set.articles.end());
        shown.set = std::move(set);
        shown.status = LoadStatus::Ready;
        shown.error = {};
        ar.status = ConsoleLoad::Ready;
        ar.error.clear();
        article_rows();
        bump_data();
        if (c.route.page == ConsolePage::Articles) open_articles_page();
    });
}

void ConsoleController::restore_article_drafts() {
    ConsoleState& c = s_.console;
    const int gen = gen_;
    platform::storage_get("article-drafts:" + c.brand, [this, gen](std::optional<std::string> text) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        ConsoleArticles& ar = c.articles;
        ar.drafts_in = true;
        auto doc = text ? core::parse_json(*text, "saved articles") : core::Result<Json>(core::make_error("none", ""));
        if (const Json* drafts = doc ? core::get_array(*doc, "drafts") : nullptr) {
            for (const auto& j : *drafts) {
                const std::string key = core::string_or(j, "key", "");
                auto d = core::article_draft_from_json(j.value("draft", Json::object()), c.brand);
                if (!core::is_article_id(key) || !d) continue;
                ar.drafts[key] = ArticleDraftEntry{std::move(*d), core::int_or(j, "updated_ms", 0)};
            }
        }
        article_rows();
        bump_data();
        if (c.route.page == ConsolePage::Articles) open_articles_page();
    });
}

const core::Article* ConsoleController::signed_article(const std::string& id) const {
    for (const auto& a : s_.console.articles.published)
        if (a.id == id) return &a;
    return nullptr;
}

std::vector<std::string> ConsoleController::taken_article_ids() const {
    const ConsoleArticles& ar = s_.console.articles;
    std::vector<std::string> ids;
    for (const auto& a : ar.published) ids.push_back(a.id);
    for (const auto& [key, d] : ar.drafts)
        if (key != ar.open && !d.draft.article.id.empty()) ids.push_back(d.draft.article.id);
    return ids;
}

void ConsoleController::article_rows() {
    ConsoleArticles& ar = s_.console.articles;
    ar.rows.clear();
    for (const auto& a : ar.published) {
        ArticleRow row;
        row.key = row.id = a.id;
        row.title = a.title;
        row.status = a.retired ? ArticleStatus::Withdrawn : ArticleStatus::Published;
        row.version = a.version;
        row.updated_ms = a.created_ms;
        if (auto it = ar.drafts.find(a.id); it != ar.drafts.end()) {
            row.draft = true;
            row.title = it->second.draft.article.title;
            row.updated_ms = std::max(row.updated_ms, it->second.updated_ms);
        }
        ar.rows.push_back(std::move(row));
    }
    for (const auto& [key, d] : ar.drafts) {
        if (signed_article(key)) continue;
        ArticleRow row;
        row.key = key;
        row.id = d.draft.article.id;
        row.title = d.draft.article.title;
        row.draft = true;
        row.updated_ms = d.updated_ms;
        ar.rows.push_back(std::move(row));
    }
    std::stable_sort(ar.rows.begin(), ar.rows.end(), [](const ArticleRow& x, const ArticleRow& y) { return x.updated_ms > y.updated_ms; });
}

// [SECTION] Draft ----------------------------------------------------------------------------------

void ConsoleController::open_article_draft(const std::string& key) {
    ConsoleState& c = s_.console;
    ConsoleArticles& ar = c.articles;
    ar.open = key;
    ar.picking.clear();
    ar.upload = ImageUpload{};
    ar.publishing.error.clear();
    ar.confirm_withdraw = false;
    ar.conflict = ArticleConflict{};
    ar.publishing.forget_stored();
    if (auto it = ar.drafts.find(key); it != ar.drafts.end()) ar.form = it->second.draft;
    else if (const core::Article* a = signed_article(key)) ar.form = core::draft_of(*a);
    else ar.form = core::new_article_draft(c.brand);  // a new one (also when its draft was never saved)
    // A draft made before this article was published from another device names the version it edits:
    // publishing it says someone else published first, and offers their version.
    ar.history.reset(ar.form);
    article_form_changed(false);
}

// The screen changed ar.form (or an action did): one undo step per field typed in.
void ConsoleController::article_edited(const std::string& group, bool id_typed) {
    ConsoleArticles& ar = s_.console.articles;
    if (ar.open.empty()) return;
    if (id_typed && core::id_editable(ar.form)) ar.form.id_typed = true;
    if (group == "title") core::title_changed(ar.form, taken_article_ids());
    if (ar.history.record(ar.form, group, platform::utc_ms())) article_form_changed(true);
}

void ConsoleController::article_form_changed(bool save) {
    ConsoleState& c = s_.console;
    ConsoleArticles& ar = c.articles;
    ++ar.revision;
    const core::Article& a = ar.form.article;
    ar.problems = core::article_problems(a, c.published ? &*c.published : nullptr);
    // An article the brand has not published yet cannot take the id of one it has: the store would
    // refuse it as a stale write.
    if (ar.form.base_version == 0 && !a.id.empty() && signed_article(a.id))
        ar.problems.insert(ar.problems.begin(),
                           {"id", "The brand already has an article with the id \"" + a.id + "\". Pick another id: it is part of the link."});
    const core::Article* pub = ar.form.base_version > 0 ? signed_article(a.id) : nullptr;
    ar.changed = pub ? !(pub->version == ar.form.base_version && core::same_article(core::draft_of(*pub).article, a))
                     : !(ar.form == core::new_article_draft(c.brand));
    if (!ar.changed) ar.drafts.erase(ar.open);
    else ar.drafts[ar.open] = ArticleDraftEntry{ar.form, platform::utc_ms()};
    if (ar.changed) ar.publishing.forget_stored();
    article_link();
    article_rows();
    bump_data();
    if (save) {
        ar.publishing.error.clear();
        ar.saving.changed();
    }
}

void ConsoleController::save_article_drafts() {
    ConsoleState& c = s_.console;
    ConsoleArticles& ar = c.articles;
    ar.saving.saved = true;  // a draft that may not be saved yet waits for the next change
    if (c.brand.empty() || c.key_status != KeyStatus::Ready || !ar.drafts_in) return;
    Json drafts = Json::array();
    for (const auto& [key, d] : ar.drafts)
        drafts.push_back({{"key", key}, {"updated_ms", d.updated_ms}, {"draft", core::article_draft_to_json(d.draft)}});
    save_draft_text(ar.saving, "article-drafts:" + c.brand, core::dump_json(Json{{"drafts", drafts}, {"saved_ms", platform::utc_ms()}}),
                    still_current(), [this](const std::string& text) { notice(text); });
}

void ConsoleController::articles_tick(double now) {
    ConsoleArticles& ar = s_.console.articles;
    if (ar.saving.due(now)) save_article_drafts();
}

// [SECTION] Preview --------------------------------------------------------------------------------

// The published article's address in the shop it is previewed in (each shop has its own).
void ConsoleController::article_link() {
    ConsoleState& c = s_.console;
    ConsoleArticles& ar = c.articles;
    const core::Article* pub = ar.form.base_version > 0 ? signed_article(ar.form.article.id) : nullptr;
    ar.link = pub && !pub->retired && !c.preview_shop.empty() ? platform::origin() + article_path(c.preview_shop, pub->id) : "";
}

// The shop the article is previewed in: the one the preview page names, else the one loaded, else
// the brand's first shop. It shows the published catalog (what the article's product cards open).
void ConsoleController::sync_article_preview() {
    ConsoleState& c = s_.console;
    if (c.route.page != ConsolePage::Articles || c.articles.open.empty()) return;
    std::string shop = c.route.view == "preview" ? c.route.shop : "";
    if (shop.empty()) shop = c.preview_shop;
    if (shop.empty() && c.shops_status == ConsoleLoad::Ready && !c.shops.empty()) shop = c.shops.front().slug;
    if (shop.empty()) return;
    auto_product_ = auto_shop_ = false;  // no product to fit the shop to: the shop asked for stays
    c.preview_draft = false;
    c.preview_shop = shop;
    article_link();
    if (c.shop.slug != shop || c.shop.status == ConsoleLoad::Failed) load_preview_shop(shop);
    else refresh_preview_view();
}

// [SECTION] Publish --------------------------------------------------------------------------------

void ConsoleController::publish_article(bool withdraw) {
    ConsoleState& c = s_.console;
    ConsoleArticles& ar = c.articles;
    if (!c.key || !c.cert || ar.publishing.busy() || ar.open.empty()) return;
    core::Article next;
    std::int64_t replaces = 0;
    if (withdraw) {
        const core::Article* pub = signed_article(ar.form.article.id);
        if (!pub || pub->retired) return;
        next = core::withdrawn_article(*pub, platform::utc_ms());
        replaces = pub->version;
    } else {
        if (!ar.problems.empty()) {
            return ar.publishing.fail("Nothing was published: fix what is marked first.");
        }
        auto a = core::prepare_article(ar.form, c.published ? &*c.published : nullptr, platform::utc_ms());
        if (!a) {
            return ar.publishing.fail(a.error().message);
        }
        next = std::move(*a);
        replaces = ar.form.base_version;
    }
    next.brand = c.brand;
    const core::Envelope env = core::sign_envelope(core::dump_json(core::article_to_json(next)), *c.key);
    // What the shops' browsers will check, checked here first.
    auto opened = core::open_article(env, *c.cert);
    if (!opened) return ar.publishing.fail("The signed article did not verify, so it was not sent: " + opened.error().message);
    ar.confirm_withdraw = false;
    const std::string key = ar.open;
    publish_document(ar.publishing, env, replaces, "The article could not be published ({http}). Your draft is kept.",
                     still_current(), [this, key, withdraw, signed_article_ = std::move(*opened)] {
        ConsoleState& c = s_.console;
        ConsoleArticles& ar = c.articles;
        const core::Article& a = signed_article_;
        auto same = std::find_if(ar.published.begin(), ar.published.end(), [&](const core::Article& x) { return x.id == a.id; });
        if (same != ar.published.end()) ar.published.erase(same);
        ar.published.insert(ar.published.begin(), a);
        ar.drafts.erase(key);
        ar.drafts.erase(a.id);
        if (ar.open == key) {
            ar.open = a.id;
            ar.form = core::draft_of(a);
            ar.history.reset(ar.form);
            article_form_changed(false);
            if (key != a.id) replace_path(console_article_path(c.brand, a.id, c.route.view == "preview", c.route.shop));
        }
        article_rows();
        save_article_drafts();
        ar.withdrew = withdraw;
        ar.publishing.stored(a.version, (withdraw ? "Withdrawn with version " : "Published version ") + std::to_string(a.version));
        notice(withdraw ? "Withdrawn: shops no longer show the article" : "Published: every shop of the brand can show it now");
    }, [this] { load_article_conflict(); });
}

void ConsoleController::load_article_conflict() {
    ConsoleState& c = s_.console;
    ConsoleArticles& ar = c.articles;
    ar.conflict = ArticleConflict{};
    ar.conflict.open = true;
    ar.conflict.loading = true;
    const std::string id = ar.form.article.id;
    const int gen = gen_;
    platform::fetch("GET", "/api/brands/" + core::percent_encode(c.brand) + "/articles", "", [this, gen, id](platform::Response r) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        ArticleConflict& cf = c.articles.conflict;
        cf.loading = false;
        auto doc = r.ok() ? core::parse_json(r.view(), "articles") : core::Result<Json>(core::make_error("http", ""));
        const Json* list = doc ? core::get_array(*doc, "articles") : nullptr;
        if (list)
            for (const auto& j : *list)
                if (auto env = core::Envelope::from_json(j))
                    if (auto a = core::open_article(*env, *c.cert); a && a->id == id && (!cf.theirs || cf.theirs->version < a->version))
                        cf.theirs = std::move(*a);
        if (!cf.theirs) {
            cf.error = "Another version of this article was published meanwhile, and it could not be loaded: " +
                       server_message(r, "try again in a moment.");
            return;
        }
        cf.their_version = cf.theirs->version;
        bump_data();
    });
}

// [SECTION] Actions and test state -----------------------------------------------------------------

bool ConsoleController::handle_articles(const ConsoleAction& action) {
    ConsoleState& c = s_.console;
    ConsoleArticles& ar = c.articles;
    bool handled = true;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, RefreshArticles>) {
                fetch_articles();
            } else if constexpr (std::is_same_v<T, NewArticle>) {
                // Opened now (the key is made here), with its own entry in the browser's history.
                const std::string path = console_article_path(c.brand, new_key(platform::utc_ms()));
                platform::push_url(path);
                s_.route = parse_route(path);
                c.route = parse_console_route(path);
                open_articles_page();
            } else if constexpr (std::is_same_v<T, EditArticle>) {
                article_edited(a.group, a.id);
            } else if constexpr (std::is_same_v<T, ArticleUndo>) {
                if (ar.history.undo()) {
                    ar.form = ar.history.current();
                    article_form_changed(true);
                }
            } else if constexpr (std::is_same_v<T, ArticleRedo>) {
                if (ar.history.redo()) {
                    ar.form = ar.history.current();
                    article_form_changed(true);
                }
            } else if constexpr (std::is_same_v<T, AddArticleBlock>) {
                if (core::add_block(ar.form.article, a.kind)) {
                    if (a.kind == core::ArticleBlock::ProductCard) ar.picking = "blocks." + std::to_string(ar.form.article.blocks.size() - 1);
                    article_edited("", false);
                }
            } else if constexpr (std::is_same_v<T, MoveArticleBlock>) {
                if (core::move_block(ar.form.article, a.index, a.by)) {
                    ar.picking.clear();
                    article_edited("", false);
                }
            } else if constexpr (std::is_same_v<T, RemoveArticleBlock>) {
                if (core::remove_block(ar.form.article, a.index)) {
                    ar.picking.clear();
                    article_edited("", false);
                }
            } else if constexpr (std::is_same_v<T, AddShareMaterial>) {
                if (core::add_material(ar.form.article)) article_edited("", false);
            } else if constexpr (std::is_same_v<T, RemoveShareMaterial>) {
                if (core::remove_material(ar.form.article, a.index)) {
                    ar.picking.clear();
                    article_edited("", false);
                }
            } else if constexpr (std::is_same_v<T, PickArticlePicture>) {
                const int gen = gen_;
                const std::string target = a.target, key = ar.open;
                ar.upload.error.clear();
                platform::pick_file("image/png,image/jpeg", [this, gen, target, key](std::string name, platform::Bytes bytes) {
                    if (gen != gen_) return;
                    upload_picture(&s_.console.articles.upload, target, std::move(name), std::move(bytes),
                                   [this, target, key](const core::ImageRef& ref) {
                        ConsoleArticles& ar = s_.console.articles;
                        if (ar.open != key) return;  // another article was opened meanwhile
                        core::ImageRef* slot = picture_at(ar.form.article, target);
                        if (!slot) return;
                        *slot = ref;
                        article_edited("", false);
                        notice("Picture added to the draft");
                    });
                });
            } else if constexpr (std::is_same_v<T, RemoveArticlePicture>) {
                if (core::ImageRef* slot = picture_at(ar.form.article, a.target); slot && !slot->empty()) {
                    *slot = core::ImageRef{};
                    article_edited("", false);
                }
            } else if constexpr (std::is_same_v<T, OpenArticleProducts>) {
                ar.picking = a.target;
                c.product_query.clear();
                search_products();
            } else if constexpr (std::is_same_v<T, SetArticleProduct>) {
                if (std::string* slot = product_at(ar.form.article, a.target)) {
                    *slot = a.product;
                    ar.picking.clear();
                    article_edited("", false);
                }
            } else if constexpr (std::is_same_v<T, DiscardArticleDraft>) {
                const core::Article* pub = ar.form.base_version > 0 ? signed_article(ar.form.article.id) : nullptr;
                ar.form = pub ? core::draft_of(*pub) : core::new_article_draft(c.brand);
                ar.picking.clear();
                if (ar.history.record(ar.form, "", platform::utc_ms())) article_form_changed(true);
                notice("Draft discarded (undo brings it back)");
            } else if constexpr (std::is_same_v<T, PublishArticle>) {
                publish_article(false);
            } else if constexpr (std::is_same_v<T, WithdrawArticle>) {
                if (!a.confirmed) ar.confirm_withdraw = true;
                else publish_article(true);
            } else if constexpr (std::is_same_v<T, CancelWithdraw>) {
                ar.confirm_withdraw = false;
            } else if constexpr (std::is_same_v<T, ResolveArticleConflict>) {
                if (!ar.conflict.open) return;
                if (!ar.conflict.theirs) {
                    ar.conflict = ArticleConflict{};
                    return;
                }
                const core::Article theirs = *ar.conflict.theirs;
                auto same = std::find_if(ar.published.begin(), ar.published.end(), [&](const core::Article& x) { return x.id == theirs.id; });
                if (same != ar.published.end()) *same = theirs;
                else ar.published.insert(ar.published.begin(), theirs);
                if (a.keep_mine) {
                    ar.form.base_version = theirs.version;  // this draft now replaces their version
                    ar.form.id_typed = true;
                } else {
                    ar.form = core::draft_of(theirs);
                    ar.drafts.erase(ar.open);
                }
                const std::string old_key = ar.open;
                ar.open = theirs.id;
                if (old_key != theirs.id) {
                    ar.drafts.erase(old_key);
                    replace_path(console_article_path(c.brand, theirs.id));
                }
                ar.history.reset(ar.form);
                ar.conflict = ArticleConflict{};
                article_form_changed(true);
                notice(a.keep_mine ? "Your draft now builds on the version published meanwhile. Review, then publish."
                                   : "You now see the version published meanwhile.");
            } else {
                handled = false;
            }
        },
        action.what);
    return handled;
}

core::Json ConsoleController::articles_test_state() const {
    const ConsoleState& c = s_.console;
    const ConsoleArticles& ar = c.articles;
    const char* loads[] = {"idle", "loading", "ready", "not_found", "refused", "failed"};
    const char* statuses[] = {"draft", "published", "withdrawn"};
    Json rows = Json::array();
    for (const auto& r : ar.rows)
        rows.push_back({{"key", r.key}, {"id", r.id}, {"title", r.title}, {"status", statuses[static_cast<int>(r.status)]},
                        {"version", r.version}, {"draft", r.draft}, {"updated_ms", r.updated_ms}});
    Json problems = Json::array();
    for (const auto& p : ar.problems) problems.push_back({{"field", p.field}, {"message", p.message}});
    return {{"status", loads[static_cast<int>(ar.status)]},
            {"error", ar.error},
            {"refused", ar.refused},
            {"rows", rows},
            {"drafts_in", ar.drafts_in},
            {"open", ar.open},
            {"form", core::article_draft_to_json(ar.form)},
            {"problems", problems},
            {"changed", ar.changed},
            {"can_undo", ar.history.can_undo()},
            {"can_redo", ar.history.can_redo()},
            {"picking", ar.picking},
            {"upload", {{"busy", ar.upload.busy}, {"target", ar.upload.target}, {"error", ar.upload.error}}},
            {"saved", ar.saving.settled()},
            {"publishing", ar.publishing.busy()},
            {"publish_error", ar.publishing.error},
            {"published_note", ar.publishing.last},
            {"link", ar.link},
            {"confirm_withdraw", ar.confirm_withdraw},
            {"conflict", {{"open", ar.conflict.open}, {"loading", ar.conflict.loading}, {"their_version", ar.conflict.their_version},
                          {"error", ar.conflict.error}}}};
}

}  // namespace app
