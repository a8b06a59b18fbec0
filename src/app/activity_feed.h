// One signed, paged, polled read of an activity feed: the brand console's orders
// (/api/brands/<brand>/activity) and the distributor's dashboard (/api/shops/<slug>/activity) are
// read the same way, by this. Every page after the feed's cursor is asked for, signed with the
// reader's key, and merged into the feed (core::merge_activity_page) until the store says there is
// no more; the next poll is due `poll_every_ms` after the last answer.
#pragma once
#include <functional>
#include <string>
#include <utility>

#include "app/store_answer.h"
#include "core/analytics/dashboard.h"
#include "core/trust/request_auth.h"
#include "platform/platform.h"

namespace app {

// How a read ended: every page is in; no answer, or the store's error; an answer that is not an
// activity page. The feed's `error` says why in words for the screen.
enum class FeedRead { Complete, Failed, Unreadable };

// `Feed` is the reader's state with core::Activity activity, bool fetching, double next_poll_ms and
// std::string error. `feed()` finds it when an answer arrives (nullptr: the reader has moved on and
// the answer is dropped). `address(activity)` is the next page's path and query (its cursor).
// `on_page` runs after each merged page; `done` once, when the last page is in or a page failed.
template <class Feed>
void read_activity(std::function<Feed*()> feed, std::function<std::string(const core::Activity&)> address,
                   core::KeyPair key, double poll_every_ms, std::string failed_words, std::function<void()> on_page,
                   std::function<void(FeedRead)> done) {
    Feed* f = feed();
    if (!f) return;
    f->fetching = true;
    const std::string path = address(f->activity);
    const std::string auth = core::sign_request("GET", path, "", key, platform::utc_ms());
    platform::fetch("GET", path, "", [=](platform::Response r) {
        Feed* f = feed();
        if (!f) return;
        f->fetching = false;
        f->next_poll_ms = platform::now_ms() + poll_every_ms;
        if (!r.ok()) {
            f->error = server_message(r, failed_words + " (HTTP " + std::to_string(r.status) + ").");
            return done(FeedRead::Failed);
        }
        auto doc = core::parse_json(r.view(), "activity");
        auto merged = doc ? core::merge_activity_page(f->activity, *doc) : core::Result<bool>(doc.error());
        if (!merged) {
            f->error = merged.error().message;
            return done(FeedRead::Unreadable);
        }
        f->error.clear();
        if (on_page) on_page();
        if (f->activity.more)  // the next page now
            return read_activity(feed, address, key, poll_every_ms, failed_words, on_page, done);
        done(FeedRead::Complete);
    }, "application/json", {{"Authorization", auth}});
}

}  // namespace app
