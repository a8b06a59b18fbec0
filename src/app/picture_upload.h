// A picture a person picked, from the file to the store: read (decoded, shrunk to a workspace's
// size) and uploaded as a signed JPEG. The editor's profile picture and banner, the console's
// product pictures and its articles' pictures all come this way; each workspace decides what it
// crops and where the store's reference goes.
//
// Index
//   read_picked_picture   decode a picked file, fit it within a side; errors name the file
//   upload_picture        sign and send a JPEG; the store's reference or words for what went wrong
#pragma once
#include <algorithm>
#include <functional>
#include <string>
#include <utility>

#include "app/store_answer.h"
#include "core/catalog/catalog.h"
#include "core/json.h"
#include "core/media/image.h"
#include "core/result.h"
#include "core/text.h"
#include "core/trust/request_auth.h"
#include "platform/platform.h"

namespace app {

// `side`: the longest side kept (a 6000 px photo is not sent, nor held, at full size).
inline core::Result<core::Raster> read_picked_picture(const std::string& name, const platform::Bytes& bytes, int side) {
    auto img = core::decode_image(bytes);
    if (!img) return core::make_error(img.error().code, "\"" + core::truncate_utf8(name, 60) + "\": " + img.error().message);
    core::Raster r = std::move(*img);
    if (r.w > side || r.h > side) {
        const float s = static_cast<float>(side) / static_cast<float>(std::max(r.w, r.h));
        r = core::crop_scale(r, {0, 0, r.w, r.h}, std::max(1, static_cast<int>(r.w * s)), std::max(1, static_cast<int>(r.h * s)));
    }
    return r;
}

// Uploads are signed: the store keeps pictures for its distributors and brands only. `current` says
// whether the answer still concerns the workspace that asked (its generation).
inline void upload_picture(const std::vector<std::uint8_t>& jpeg, const core::KeyPair& key, std::function<bool()> current,
                           std::function<void(core::Result<core::ImageRef>)> done) {
    std::string body(jpeg.begin(), jpeg.end());
    const std::string auth = core::sign_request("POST", "/api/images", body, key, platform::utc_ms());
    platform::fetch("POST", "/api/images", body, [current = std::move(current), done = std::move(done)](platform::Response r) {
        if (!current()) return;
        if (!r.ok())
            return done(core::make_error("upload", server_message(r, "The picture could not be uploaded (HTTP " + std::to_string(r.status) + ").")));
        auto doc = core::parse_json(r.view(), "upload");
        core::ImageRef ref;
        if (doc) {
            ref.src = core::string_or(*doc, "src", "");
            ref.sha256 = core::string_or(*doc, "sha256", "");
            ref.w = static_cast<int>(core::int_or(*doc, "w", 0));
            ref.h = static_cast<int>(core::int_or(*doc, "h", 0));
        }
        if (ref.src.empty() || ref.sha256.size() != 64) return done(core::make_error("upload", "The server's answer to the upload could not be read."));
        done(std::move(ref));
    }, "image/jpeg", {{"Authorization", auth}});
}

}  // namespace app
