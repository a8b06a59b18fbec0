// Controller: the one place AppState changes. Loads and verifies documents (through core),
// applies the dynamic-shop binding rules, keeps the session in browser storage, and carries out
// the Actions screens emit.
//
// [SECTION] Boot        trust root and session, then the first route
// [SECTION] Routing     navigation, history, the dynamic-shop redirect
// [SECTION] Loading     shop bundles and the directory, verified before anything is shown
// [SECTION] Session     visitor id, bindings and carts in IndexedDB
// [SECTION] Actions
// [SECTION] Test state  what browser tests read back
#pragma once
#include <array>
#include <functional>
#include <string>

#include "app/actions.h"
#include "app/orders.h"
#include "app/state.h"
#include "app/workspace.h"
#include "core/catalog/catalog.h"
#include "core/json.h"
#include "platform/platform.h"

namespace app {

class Controller {
public:
    explicit Controller(AppState& state) : s_(state) {}

    void start();
    void handle(const Action& action);
    void on_event(const platform::InputEvent& e);  // history and connectivity
    void tick(double now_ms);

    // Bumped whenever loaded data changes, so the UI can note new text for the font atlas.
    int data_version() const { return data_version_; }
    std::function<void()> on_change;

    core::Json test_state() const;
    const core::Cart* current_cart() const;

    // The workspaces this build has (src/app/workspace.h): their text for the font atlas, when
    // their data changed since `seen` (one version per workspace, kept by the caller).
    void note_workspace_text(std::array<int, 2>& seen, const std::function<void(const std::string&, bool long_form)>& fn) const;

private:
    // [SECTION] Routing
    void set_route(const std::string& path, bool push, bool replace);
    void load_route();
    void after_shop_loaded();
    // [SECTION] Loading
    void fetch_shop(const std::string& slug);
    void continue_opening(int generation);
    void shop_settled();
    void fetch_directory();
    void fetch_articles(const std::string& brand);
    void track_article_view();
    void maybe_finish_boot();
    // [SECTION] Session
    void load_session();
    void save_session();
    void changed();
    void share_or_copy(const std::string& title, const std::string& url);

    AppState& s_;
    Workspaces workspaces_ = make_workspaces(s_);
    Workspace* workspace(Screen screen) const;  // null: not a workspace's screen, or not in this build
    OrderController orders_{s_};
    int data_version_ = 0;
    int boot_pending_ = 0;
    std::string pending_redirect_from_;
    std::string visited_shop_, tracked_path_;  // what this page load has already reported
    std::string tracked_article_;              // the article path whose view was reported
    core::ReleaseSeals seals_;  // releases this browser verified in full before, read before each shop
    // The shop's answer being opened a few milliseconds at a time (core::ShopOpening), and which
    // fetch it belongs to: a piece posted for an earlier shop does nothing.
    std::unique_ptr<core::ShopOpening> opening_;
    platform::Response opening_answer_;  // the store's answer it reads, kept (not copied) until it is done
    int opening_generation_ = 0;
};

}  // namespace app
