// A draft kept on this device: the editor's shop, the console's release and its articles. A change is
// saved a moment after it is made (not on every keystroke), every save is counted so the test hook can
// say when what was started is done, and the person is told when this browser does not keep drafts.
// Each workspace decides what its draft's text is and when it may be saved (signed in, loaded).
#pragma once
#include <algorithm>
#include <functional>
#include <string>

#include "platform/platform.h"

namespace app {

struct DraftSaving {
    static constexpr double kDelayMs = 600;  // after the last change
    bool saved = true;                       // no change waits to be saved
    double due_ms = 0;                       // when the waiting change is saved
    int started = 0, done = 0;

    void changed() {
        saved = false;
        due_ms = platform::now_ms() + kDelayMs;
    }
    // From the workspace's tick: true when a waiting change is due; otherwise one frame is asked for
    // at its time (no frames in between).
    bool due(double now) const {
        if (saved) return false;
        if (now >= due_ms) return true;
        platform::request_frame_in(static_cast<int>(std::max(16.0, due_ms - now)));
        return false;
    }
    bool settled() const { return saved && done == started; }  // what the test hook calls saved
};

// Puts `text` under `key` in this browser's storage, counted on `saving`. `current` says whether the
// answer still concerns the draft that asked (the workspace's generation); `notice` tells the person
// when the browser does not keep it.
inline void save_draft_text(DraftSaving& saving, const std::string& key, const std::string& text, std::function<bool()> current,
                            std::function<void(const std::string&)> notice) {
    ++saving.started;
    saving.saved = true;
    platform::storage_put(key, text, [&saving, current = std::move(current), notice = std::move(notice)](bool ok) {
        if (!current()) return;
        ++saving.done;
        if (!ok) notice("This browser is not keeping your draft (private mode?). Publish to keep your changes.");
    });
}

}  // namespace app
