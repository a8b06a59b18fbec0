// ConsoleController: the brand console's part of the one place AppState changes (see controller.h).
//
// [SECTION] Routing     /console/<brand>/...: the brand's certificate and release (verified), the key
// [SECTION] Keys        IndexedDB "key:<brand id>" (base64 seed; the provenance page signs with it too),
//                       passphrase (Argon2id over the brand id), key files
// [SECTION] Pickers     products and shops, searched when a query changes
// [SECTION] Preview     a shop's bundle verified like a consumer's, showing the published or the draft release
// [SECTION] Draft       product edits through core (release_draft.h), undo/redo, autosave "release-draft:<brand>"
// [SECTION] Publish     sign the next release, write it naming the version it replaces; conflicts shown
// [SECTION] Images      pick, decode, scale, upload
// [SECTION] Orders      the brand's activity (signed requests), status changes the brand signs
// [SECTION] Settlement  console_settlement.cpp: the ledger settled in the browser, batches, marks
// [SECTION] Policy      console_policy.cpp: the policy as a form, undo, the worked example, publishing
// [SECTION] Insight     console_insight.cpp: the brand's activity, reports for a range, promoters, reach
// [SECTION] Audit       console_audit.cpp: every shop of the brand verified as a consumer's browser verifies it
// [SECTION] Articles    console_articles.cpp: the brand's articles, drafts kept on this device "article-drafts:<brand>",
//                       the editor's form, undo, problems, pictures, preview inside a shop, publish, withdraw
// [SECTION] Test state
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "app/console_actions.h"
#include "app/state.h"
#include "core/json.h"
#include "platform/platform.h"

namespace app {

class ConsoleController {
public:
    explicit ConsoleController(AppState& state) : s_(state) {}
    void on_route();  // the route entered the console
    void handle(const ConsoleAction& action);
    void on_event(const platform::InputEvent&) {}
    void tick(double now_ms);
    core::Json test_state() const;

private:
    // [SECTION] Routing
    void open_brand(const std::string& brand);
    void fetch_release(int gen);
    void key_and_brand_ready();
    void go_to_page();
    void replace_path(const std::string& path);
    // [SECTION] Keys
    void derive_now();
    bool adopt_key(const core::KeyPair& kp, const std::string& how);
    // [SECTION] Pickers
    void fetch_shops();
    void search_products();
    void search_shops();
    // [SECTION] Preview
    void sync_preview();
    void load_preview_shop(const std::string& slug);
    void refresh_preview_view();
    bool fit_preview();  // the shop does not carry the product: another product or shop, if none was asked for
    // [SECTION] Draft
    void restore_draft();
    void draft_changed(bool resync, bool save = true);
    void save_draft();
    void sync_fields();
    void record(const core::ReleaseDraft& next, const std::string& group, bool resync = false);
    void edit_product(const std::string& product, const std::string& field, const std::function<core::Result<bool>(core::Product&)>& fn,
                      bool resync = false);
    void set_published(core::Release release);
    // [SECTION] Publish
    void publish();
    void load_conflict();
    void open_conflict(const core::Release& base, const core::Release& theirs, bool restored);
    // [SECTION] Images
    // Decodes a picked picture, scales it to fit the store's size, encodes and uploads it signed with
    // the brand key; `slot` shows how far it got and why it failed, `done` gets the store's reference.
    void upload_picture(ImageUpload* slot, const std::string& target, std::string name, platform::Bytes bytes,
                        std::function<void(const core::ImageRef&)> done);
    // [SECTION] Orders
    void fetch_orders();
    void announce_orders();
    void change_status(const std::string& order, core::OrderStatus to);
    // [SECTION] Settlement (console_settlement.cpp)
    void fetch_settlement();
    void fetch_ledger(int gen, double started);
    void settle_now();
    void sort_payees();
    void propose_batch();
    void create_batch();
    void download_batch_csv(const std::string& batch);
    void mark_line(const std::string& batch, const std::string& payee, core::LineStatus status, const std::string& note);
    bool handle_settlement(const ConsoleAction& action);
    core::Json settlement_test_state() const;
    // [SECTION] Policy (console_policy.cpp)
    void open_policy_editor();
    void policy_edited(const std::string& group);
    void publish_policy();
    void refetch_policy(const std::string& why);
    void load_example_shop();
    bool handle_policy(const ConsoleAction& action);
    core::Json policy_test_state() const;
    // [SECTION] Insight (console_insight.cpp)
    void fetch_insight();
    void insight_range();
    void insight_rows();
    void insight_promoter(std::uint32_t distributor);
    bool handle_insight(const ConsoleAction& action);
    core::Json insight_test_state() const;

    // [SECTION] Audit (console_audit.cpp)
    void open_audit();
    void run_audit(const std::vector<std::pair<std::string, std::string>>& shops);
    void audit_history(int run, std::int64_t version);
    void audit_more();
    void audit_answer(std::size_t row, const platform::Response& r);
    void audit_rows(bool now);
    bool handle_audit(const ConsoleAction& action);
    core::Json audit_test_state() const;

    // [SECTION] Articles (console_articles.cpp)
    void open_articles_page();
    void fetch_articles();
    void restore_article_drafts();
    void article_rows();
    void open_article_draft(const std::string& key);
    void article_edited(const std::string& group, bool id_typed);
    void article_form_changed(bool save);
    void save_article_drafts();
    void sync_article_preview();
    void article_link();
    void publish_article(bool withdraw);
    void load_article_conflict();
    std::vector<std::string> taken_article_ids() const;
    const core::Article* signed_article(const std::string& id) const;
    bool handle_articles(const ConsoleAction& action);
    void articles_tick(double now);
    core::Json articles_test_state() const;

    void notice(const std::string& text);
    void bump_data() { ++s_.console.data_version; }

    AppState& s_;
    int gen_ = 0;               // bumps when another brand opens: late answers for the old one are dropped
    // Whether an answer still concerns what asked: true until another one opens (gen_ moves on).
    std::function<bool()> still_current() const { return [this, gen = gen_] { return gen == gen_; }; }
    int shop_gen_ = 0;          // bumps when the preview opens another shop
    bool brand_in_ = false, key_in_ = false;
    std::optional<core::KeyPair> stored_key_;
    double derive_at_ = 0;     // Argon2id runs on the frame after "Checking…" is drawn
    bool auto_product_ = false, auto_shop_ = false;  // the preview's product / shop were not asked for by name
    std::string tries_for_;    // the product fit_preview looks for a shop for
    int shop_tries_ = 0;
};

// Every text the console's screens may draw from loaded data (the font atlas must cover it);
// `long_form` texts (descriptions, notes, messages) are drawn at body sizes only.
void for_each_console_text(const ConsoleState& c, const std::function<void(const std::string&, bool long_form)>& fn);

}  // namespace app
