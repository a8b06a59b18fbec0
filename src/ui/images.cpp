#include "ui/images.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#include <stb/stb_image.h>

#include <algorithm>

#include "core/trust/trust.h"
#include "platform/platform.h"
#include "ui/renderer.h"

namespace ui {

namespace {
constexpr int kMaxInflight = 6;
constexpr double kDecodeBudgetMs = 8;

// Box-filter shrink: good enough for photos going down by 2x-8x, and cheap.
std::vector<unsigned char> shrink(const unsigned char* src, int w, int h, int nw, int nh) {
    std::vector<unsigned char> out(static_cast<std::size_t>(nw) * nh * 4);
    for (int y = 0; y < nh; ++y) {
        const int y0 = y * h / nh, y1 = std::max(y0 + 1, (y + 1) * h / nh);
        for (int x = 0; x < nw; ++x) {
            const int x0 = x * w / nw, x1 = std::max(x0 + 1, (x + 1) * w / nw);
            unsigned sum[4] = {0, 0, 0, 0};
            for (int yy = y0; yy < y1; ++yy)
                for (int xx = x0; xx < x1; ++xx)
                    for (int c = 0; c < 4; ++c) sum[c] += src[(static_cast<std::size_t>(yy) * w + xx) * 4 + c];
            const unsigned n = static_cast<unsigned>((y1 - y0) * (x1 - x0));
            for (int c = 0; c < 4; ++c) out[(static_cast<std::size_t>(y) * nw + x) * 4 + c] = static_cast<unsigned char>(sum[c] / n);
        }
    }
    return out;
}
}  // namespace

ImageCache::Decoded ImageCache::decode(const std::vector<std::uint8_t>& bytes, int max_side) {
    Decoded d;
    if (bytes.empty()) {
        d.error = "The image is empty.";
        return d;
    }
    if (bytes.size() > kMaxImageBytes) {
        d.error = "The image file is larger than 12 MB.";
        return d;
    }
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &comp)) {
        d.error = "This file is not a PNG or JPEG image, or it is damaged.";
        return d;
    }
    if (w <= 0 || h <= 0 || w > kMaxImageSide || h > kMaxImageSide || static_cast<long>(w) * h > kMaxImagePixels) {
        d.error = "The image is " + std::to_string(w) + " x " + std::to_string(h) +
                  " pixels; images up to 8192 pixels a side are accepted.";
        return d;
    }
    unsigned char* px = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &comp, 4);
    if (!px) {
        d.error = "The image is damaged and could not be decoded.";
        return d;
    }
    if (w > max_side || h > max_side) {
        const float s = static_cast<float>(max_side) / std::max(w, h);
        const int nw = std::max(1, static_cast<int>(w * s)), nh = std::max(1, static_cast<int>(h * s));
        d.rgba = shrink(px, w, h, nw, nh);
        d.w = nw;
        d.h = nh;
    } else {
        d.rgba.assign(px, px + static_cast<std::size_t>(w) * h * 4);
        d.w = w;
        d.h = h;
    }
    stbi_image_free(px);
    return d;
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
            decode_queue_.emplace_back(sha, std::move(r.body));
        }
        if (on_change_) on_change_();
    });
}

void ImageCache::end_frame() {
    ++frame_;
    // Fetch what screens asked for, most recent requests first (what is on screen now).
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
    const double start = platform::now_ms();
    bool changed = false;
    while (!decode_queue_.empty() && platform::now_ms() - start < kDecodeBudgetMs) {
        auto [sha, bytes] = std::move(decode_queue_.front());
        decode_queue_.pop_front();
        auto it = entries_.find(sha);
        if (it == entries_.end()) continue;
        Decoded d = decode(bytes, kTextureSide);
        Entry& e = it->second;
        if (!d.error.empty()) {
            e.state = ImageState::Failed;
            e.error = d.error;
        } else {
            e.texture = renderer_.create_texture(d.rgba.data(), d.w, d.h);
            e.w = d.w;
            e.h = d.h;
            e.bytes = static_cast<std::size_t>(d.w) * d.h * 4 * 4 / 3;  // with mipmaps
            e.state = ImageState::Ready;
            used_ += e.bytes;
        }
        changed = true;
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
    if ((changed || !decode_queue_.empty()) && on_change_) on_change_();
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
