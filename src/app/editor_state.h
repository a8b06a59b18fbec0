// EditorState: what the editor screens draw from (part of AppState).
#pragma once

namespace app {

struct EditorState {
    bool active = false;
};

}  // namespace app
