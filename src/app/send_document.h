// Sending a signed document to the store (POST /api/documents), and reading its answer, once for
// every workspace that publishes: the editor's manifest and a new shop's enrollment and first page,
// the console's release, policy and articles. Each caller decides what its state does with the
// three outcomes; the request, the version it replaces and the words for a failure live here.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "app/store_answer.h"
#include "core/json.h"
#include "core/trust/trust.h"
#include "platform/platform.h"

namespace app {

// Where a workspace's publishing of its draft stands (the editor's shop, the console's release).
enum class PublishStatus { Idle, Publishing, Failed };

struct DocumentSent {
    enum Outcome { Stored, Stale, Refused } outcome = Refused;
    std::string code;     // the store's error code ("slug_taken", ...), empty when stored or offline
    std::string message;  // why it was refused, in the store's words or the caller's fallback
};

// `replaces`: the version this document replaces, or 0 for a first version. `fallback`: the
// sentence when the store gave no words of its own; "{http}" in it becomes "HTTP <status>".
// Stale: someone else published over `replaces` meanwhile (409 stale_version).
inline void send_document(const core::Envelope& env, std::int64_t replaces, std::string fallback,
                          std::function<void(DocumentSent)> done) {
    const core::Json body = {{"envelope", env.to_json()}, {"replaces", replaces > 0 ? core::Json(replaces) : core::Json(nullptr)}};
    platform::fetch("POST", "/api/documents", core::dump_json(body),
                    [fallback = std::move(fallback), done = std::move(done)](platform::Response r) {
        DocumentSent sent;
        if (r.ok()) {
            sent.outcome = DocumentSent::Stored;
        } else {
            sent.code = server_code(r);
            sent.outcome = r.status == 409 && sent.code == "stale_version" ? DocumentSent::Stale : DocumentSent::Refused;
            std::string words = fallback;
            if (auto at = words.find("{http}"); at != std::string::npos) words.replace(at, 6, "HTTP " + std::to_string(r.status));
            sent.message = server_message(r, words);
        }
        done(std::move(sent));
    });
}

// The publishing half of a draft (the editor's shop, the console's release, policy and articles):
// where it stands, why it failed, and what was published last, for the screen's banner and the
// test hook. The saving half is DraftSaving.
struct Publishing {
    PublishStatus status = PublishStatus::Idle;
    std::string error;  // why the last publish failed or what the person must do first; empty otherwise
    std::string last;   // "Published version 4", "Withdrawn with version 3": set by the workspace when stored
    std::int64_t version = 0;  // the version `last` speaks of (the screens' banners show it)

    bool busy() const { return status == PublishStatus::Publishing; }
    void stored(std::int64_t v, std::string words) {
        version = v;
        last = std::move(words);
    }
    void forget_stored() {
        version = 0;
        last.clear();
    }
    void fail(std::string why) {
        status = PublishStatus::Failed;
        error = std::move(why);
    }
    const char* status_name() const {
        return status == PublishStatus::Publishing ? "publishing" : status == PublishStatus::Failed ? "failed" : "idle";
    }
};

// Sends a draft's signed document the same way for every draft: `p` shows it publishing, then
// `stored` runs (the workspace takes the new version as its own and sets `p.last`), or `stale` (someone
// published over `replaces` meanwhile: the workspace shows what they published), or `p` fails with
// the store's words (the draft is kept). `current` says whether the answer still concerns the
// workspace that asked (its generation); `p` lives in that workspace's state.
inline void publish_document(Publishing& p, const core::Envelope& env, std::int64_t replaces, std::string fallback,
                             std::function<bool()> current, std::function<void()> stored, std::function<void()> stale) {
    p.status = PublishStatus::Publishing;
    p.error.clear();
    send_document(env, replaces, std::move(fallback),
                  [&p, current = std::move(current), stored = std::move(stored), stale = std::move(stale)](DocumentSent sent) {
        if (!current()) return;
        if (sent.outcome == DocumentSent::Refused) return p.fail(std::move(sent.message));
        p.status = PublishStatus::Idle;
        if (sent.outcome == DocumentSent::Stored) return stored();
        stale();
    });
}

}  // namespace app
