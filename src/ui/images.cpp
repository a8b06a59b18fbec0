#include "ui/images.h"

#include <algorithm>

#include "core/trust/trust.h"
#include "platform/platform.h"
#include "ui/renderer.h"

namespace ui {

namespace {
constexpr int kMaxInflight = 6;
}  // namespace

void ImageCache::decode(Entry& e, const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() > kMaxImageBytes) {
        e.state = ImageState::Failed;
        e.error = "The image file is larger than 12 MB.";
        return;
    }
    ++decoding_;
    platform::decode_image(bytes, kTextureSide, [this, sha = e.sha256](platform::DecodedImage d) {
        --decoding_;
        auto it = entries_.find(sha);
        if (it == entries_.end()) {  // scrolled away and dropped while it was decoded
            platform::drop_picture(d.picture);
            return;
        }
        Entry& e = it->second;
        if (!d.picture) {
            e.state = ImageState::Failed;
            e.error = "The image is damaged and could not be decoded.";
        } else {
            e.texture = renderer_.create_texture(d.picture);
            e.w = d.width;
            e.h = d.height;
            e.bytes = static_cast<std::size_t>(e.w) * e.h * 4 * 4 / 3;  // with mipmaps
            e.state = ImageState::Ready;
            used_ += e.bytes;
        }
        if (on_change_) on_change_();
    });
}

ImageView ImageCache::get(const core::ImageRef& ref) {
    ImageView v;
    if (ref.empty()) {
        v.state = ImageState::Failed;
        v.error = "No image.";
        return v;
    }
    auto [it, inserted] = entries_.try_emplace(ref.sha256);
    Entry& e = it->second;
    e.last_used = frame_;
    if (inserted) {
        e.src = ref.src;
        e.sha256 = ref.sha256;
        wanted_.push_back(ref.sha256);
    }
    v.state = e.state;
    v.texture = e.texture;
    v.width = e.w;
    v.height = e.h;
    v.error = e.error;
    return v;
}

void ImageCache::start_fetch(const std::string& sha) {
    auto it = entries_.find(sha);
    if (it == entries_.end()) return;
    ++inflight_;
    ++fetches_;
    platform::fetch("GET", it->second.src, "", [this, sha](platform::Response r) {
        --inflight_;
        auto it = entries_.find(sha);
        if (it == entries_.end()) return;
        if (!r.ok()) {
            it->second.state = ImageState::Failed;
            it->second.error = r.status == 0 ? "Offline: the image could not be loaded." : "The image is missing.";
        } else if (core::sha256_hex(r.body) != sha) {
            it->second.state = ImageState::Failed;
            it->second.error = "This image does not match the one the brand published.";
        } else {
            decode(it->second, r.body);
        }
        if (on_change_) on_change_();
    });
}

void ImageCache::end_frame() {
    ++frame_;
    // The fetches start in a task after the frame's: a screen full of new pictures asks for six at
    // once, and each request costs the page's main thread (a shop's first frame is its longest).
    if (!fetches_posted_ && inflight_ < kMaxInflight && !wanted_.empty()) {
        fetches_posted_ = true;
        platform::post_task([this] {
            fetches_posted_ = false;
            start_wanted();
        });
    }
    if (used_ > budget_) {
        std::vector<std::pair<long, std::string>> ready;
        for (auto& [sha, e] : entries_)
            if (e.state == ImageState::Ready && e.last_used < frame_ - 1) ready.emplace_back(e.last_used, sha);
        std::sort(ready.begin(), ready.end());
        for (auto& [used, sha] : ready) {
            if (used_ <= budget_ * 3 / 4) break;
            Entry& e = entries_[sha];
            renderer_.destroy_texture(e.texture);
            used_ -= e.bytes;
            entries_.erase(sha);
        }
    }
}

// Fetch what screens asked for, most recent requests first (what is on screen now).
void ImageCache::start_wanted() {
    while (inflight_ < kMaxInflight && !wanted_.empty()) {
        std::string sha = wanted_.back();
        wanted_.pop_back();
        auto it = entries_.find(sha);
        if (it == entries_.end() || it->second.last_used < frame_ - 2) {
            if (it != entries_.end() && it->second.state == ImageState::Loading) entries_.erase(it);  // scrolled away
            continue;
        }
        start_fetch(sha);
    }
}

int ImageCache::ready_count() const {
    int n = 0;
    for (const auto& [k, e] : entries_) n += e.state == ImageState::Ready;
    return n;
}

int ImageCache::failed_count() const {
    int n = 0;
    for (const auto& [k, e] : entries_) n += e.state == ImageState::Failed;
    return n;
}

}  // namespace ui
