// Workspace: a signed-in part of the app that consumers never open: the distributor's editor (/d)
// and the brand's console (/console). Consumers arrive from a shared link on a phone network, so
// their build (shop.wasm) is linked without either: what a consumer downloads holds only what a
// consumer's screens use (issue 10). A route into a workspace the build lacks loads the page anew,
// and serve.py answers /d and /console with the full build (app.wasm).
//
// Which build has which is decided by one file each build links, beside src/main.cpp:
// src/with_workspaces.cpp (both workspaces) and src/shop_only.cpp (none). Nothing else knows.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "app/actions.h"
#include "app/state.h"
#include "core/json.h"
#include "platform/platform.h"

namespace ui {
struct Ui;
}

namespace app {

class Workspace {
public:
    virtual ~Workspace() = default;
    virtual void on_route() = 0;                        // the route entered it
    virtual void handle(const Action& action) = 0;      // its own actions (EditorAction, ConsoleAction)
    virtual void on_event(const platform::InputEvent& event) = 0;
    virtual void tick(double now_ms) = 0;
    virtual core::Json test_state() const = 0;
    // Every text its screens may draw, for the font atlas; bumped with data_version().
    virtual void for_each_text(const std::function<void(const std::string&, bool long_form)>& fn) const = 0;
    virtual int data_version() const = 0;
};

struct Workspaces {
    std::unique_ptr<Workspace> editor, console;
};
Workspaces make_workspaces(AppState& state);

}  // namespace app

namespace ui {
// Draws the workspace the route is in (the screens of editor.h / console.h); in a build without
// it, the page is being replaced by the full app: a loading view until it is.
void show_workspace(Ui& ui);
}  // namespace ui
