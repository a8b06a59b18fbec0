// EditorController: the editor's part of the one place AppState changes (see controller.h).
#pragma once
#include "app/editor_actions.h"
#include "app/state.h"
#include "core/json.h"
#include "platform/platform.h"

namespace app {

class EditorController {
public:
    explicit EditorController(AppState& state) : s_(state) {}
    void on_route();                                   // the route entered the editor
    void handle(const EditorAction& action);
    void on_event(const platform::InputEvent&) {}
    void tick(double) {}
    core::Json test_state() const { return core::Json::object(); }

private:
    AppState& s_;
};

}  // namespace app
