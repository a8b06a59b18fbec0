// ImageCache: product and shop images as GPU textures, within a memory budget.
//
// An image is fetched only when a screen asks for it (so a 3,000-item grid costs only what is
// visible), checked against the SHA-256 the signed release or manifest names (a swapped image is
// refused like altered text), then decoded by the browser off the main thread, shrunk if large and
// uploaded (platform::decode_image): no decoder runs in the app's wasm, so a phone's main thread
// never stalls on a photo and a hostile file meets the browser's hardened decoders, not ours.
// Textures not drawn recently are evicted first when the budget is exceeded.
#pragma once
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/catalog/catalog.h"
#include "imgui.h"

namespace ui {

class Renderer;

constexpr int kTextureSide = 1024;                 // larger images are shrunk to this before upload
constexpr std::size_t kMaxImageBytes = 12u << 20;  // a larger file is refused before decoding

enum class ImageState { Loading, Ready, Failed };

struct ImageView {
    ImageState state = ImageState::Loading;
    ImTextureID texture = nullptr;
    int width = 0, height = 0;
    std::string error;
};

class ImageCache {
public:
    ImageCache(Renderer& renderer, std::size_t budget_bytes) : renderer_(renderer), budget_(budget_bytes) {}

    ImageView get(const core::ImageRef& ref);
    // Starts the fetches screens asked for and evicts over budget.
    void end_frame();
    bool busy() const { return inflight_ > 0 || decoding_ > 0 || !wanted_.empty(); }
    void set_on_change(std::function<void()> fn) { on_change_ = std::move(fn); }

    std::size_t bytes_used() const { return used_; }
    std::size_t budget() const { return budget_; }
    int ready_count() const;
    int failed_count() const;
    int fetch_count() const { return fetches_; }

private:
    struct Entry {
        ImageState state = ImageState::Loading;
        ImTextureID texture = nullptr;
        int w = 0, h = 0;
        std::size_t bytes = 0;
        long last_used = 0;
        std::string error, src, sha256;
    };
    void start_wanted();
    void start_fetch(const std::string& sha);
    void decode(Entry& e, const std::vector<std::uint8_t>& bytes);  // its sha256 checked already

    Renderer& renderer_;
    std::size_t budget_, used_ = 0;
    long frame_ = 0;
    int inflight_ = 0, decoding_ = 0, fetches_ = 0;
    bool fetches_posted_ = false;
    std::unordered_map<std::string, Entry> entries_;
    std::deque<std::string> wanted_;
    std::function<void()> on_change_;
};

}  // namespace ui
