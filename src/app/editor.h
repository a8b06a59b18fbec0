// EditorController: the distributor's part of the one place AppState changes (see controller.h).
//
// [SECTION] Routing     /d/<slug>/...: load the shop and the key, sign in, pick the page
// [SECTION] Keys        IndexedDB "key:<slug>" (base64 seed), passphrase (Argon2id), key files
// [SECTION] Draft       edits through core (draft.h), undo/redo, autosave to IndexedDB "draft:<slug>"
// [SECTION] Publish     sign the manifest, write it naming the version it replaces; conflicts shown
// [SECTION] Images      pick, decode and frame (core/media), encode, upload
// [SECTION] Share kit   channel and campaign links, poster (core/share/poster) as PNG
// [SECTION] Team        invites for sub-distributors, the downline
// [SECTION] Dashboard   activity pages (signed requests), numbers from core/analytics
// [SECTION] Insight     the team's QR scans and how far the distributor's links travelled, by the
//                       core's insight over the same activity (editor_insight.cpp)
// [SECTION] Payouts     the store's statements (signed request), polled while the editor is open; a
//                       notice when a payout arrives or is marked paid or failed; statement CSV files
// [SECTION] Test state
#pragma once
#include <functional>
#include <map>

#include "app/editor_actions.h"
#include "app/state.h"
#include "core/json.h"
#include "platform/platform.h"

namespace app {

class EditorController {
public:
    explicit EditorController(AppState& state) : s_(state) {}
    void on_route();  // the route entered the editor
    void handle(const EditorAction& action);
    void on_event(const platform::InputEvent& event);
    void tick(double now_ms);
    core::Json test_state() const;

private:
    // [SECTION] Routing
    void open_shop(const std::string& slug);
    void fetch_bundle(int gen, std::function<void(bool)> done);
    void key_and_shop_ready();
    void go_to_page();
    // [SECTION] Keys
    void derive_now();
    bool adopt_key(const core::KeyPair& kp, const std::string& how);
    const core::PublicKey* enrolled_key() const;
    // [SECTION] Draft
    void restore_draft();
    void draft_changed(bool save = true);
    void save_draft();
    void sync_fields();
    void record(const core::ShopManifest& next, const std::string& group);
    // [SECTION] Publish
    void publish(std::int64_t replaces);
    void load_conflict();
    // [SECTION] Images
    void on_picked(core::ImageSlot slot, std::string name, platform::Bytes bytes);
    void upload_crop();
    // [SECTION] Share kit
    void make_poster();
    struct PosterSubject {
        bool article = false;
        std::string title, price;  // price: "" for an article
        core::ImageRef picture;
    };
    PosterSubject poster_subject() const;
    // [SECTION] Team
    void load_team();
    void register_device();
    void announce_orders();
    void create_invite(const std::string& brand);
    // [SECTION] Dashboard
    void fetch_activity();
    void compute_dashboard();
    // [SECTION] Insight (editor_insight.cpp)
    void insight_changed();
    void compute_insight();
    void insight_range();
    bool handle_insight(const EditorAction& action);
    core::Json insight_test_state() const;
    // [SECTION] Payouts
    void fetch_statements();
    void read_statements(const core::Json& doc);
    std::string payout_notice(const Payout& p) const;

    void notice(const std::string& text);
    void bump_data() { ++s_.editor.data_version; }

    AppState& s_;
    int gen_ = 0;                 // bumps when another shop opens: late answers for the old one are dropped
    // Whether an answer still concerns what asked: true until another one opens (gen_ moves on).
    std::function<bool()> still_current() const { return [this, gen = gen_] { return gen == gen_; }; }
    bool shop_in_ = false, key_in_ = false;
    std::optional<core::KeyPair> stored_key_;
    double derive_at_ = 0;       // Argon2id runs on the frame after "Checking…" is drawn
    std::map<std::string, platform::Bytes> poster_parts_;  // fonts and images the poster waits for
    int poster_waiting_ = 0;
};

// Every text the editor's screens may draw from loaded data (the font atlas must cover it).
void for_each_editor_text(const EditorState& e, const std::function<void(const std::string&)>& fn);

}  // namespace app
