// What the store answered, in words for the screen: its JSON error's message (or code), or what
// to do when there was no answer at all. Shared by the controllers that talk to the store.
#pragma once
#include <string>

#include "core/json.h"
#include "platform/platform.h"

namespace app {

inline std::string server_message(const platform::Response& r, const std::string& fallback) {
    if (r.status == 0) return "You seem to be offline. Nothing was lost: try again when you are back online.";
    if (auto doc = core::parse_json(r.view(), "error"); doc)
        if (const core::Json* e = core::get_object(*doc, "error")) return core::string_or(*e, "message", fallback);
    return fallback;
}

// How long the store asked to wait before trying again (its 429 says "retry_after_s"), in ms; 0 if
// it did not say.
inline double retry_after_ms(const platform::Response& r) {
    if (r.status != 429) return 0;
    if (auto doc = core::parse_json(r.view(), "error"); doc)
        if (const core::Json* e = core::get_object(*doc, "error"))
            return 1000.0 * static_cast<double>(core::int_or(*e, "retry_after_s", 0));
    return 0;
}

inline std::string server_code(const platform::Response& r) {
    if (auto doc = core::parse_json(r.view(), "error"); doc)
        if (const core::Json* e = core::get_object(*doc, "error")) return core::string_or(*e, "code", "");
    return "";
}

}  // namespace app
