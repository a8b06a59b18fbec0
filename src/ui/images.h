// ImageCache: product and shop images as GPU textures, within a memory budget.
//
// An image is fetched only when a screen asks for it (so a 3,000-item grid costs only what is
// visible), checked against the SHA-256 the signed release or manifest names (a swapped image is
// refused like altered text), decoded with stb_image, shrunk if large, and uploaded. Textures not
// drawn recently are evicted first when the budget is exceeded.
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

constexpr int kMaxImageSide = 8192;          // refuse anything larger outright
constexpr long kMaxImagePixels = 40'000'000;  // and anything with more pixels than this
constexpr int kTextureSide = 1024;           // larger images are shrunk to this before upload
constexpr std::size_t kMaxImageBytes = 12u << 20;

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
    // Decodes what arrived (a few per frame so scrolling stays smooth) and evicts over budget.
    void end_frame();
    bool busy() const { return inflight_ > 0 || !decode_queue_.empty() || !wanted_.empty(); }
    void set_on_change(std::function<void()> fn) { on_change_ = std::move(fn); }

    // Decodes bytes (PNG/JPEG) into RGBA after the size checks; used for uploads too.
    struct Decoded {
        std::vector<unsigned char> rgba;
        int w = 0, h = 0;
        std::string error;
    };
    static Decoded decode(const std::vector<std::uint8_t>& bytes, int max_side);

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
    void start_fetch(const std::string& sha);

    Renderer& renderer_;
    std::size_t budget_, used_ = 0;
    long frame_ = 0;
    int inflight_ = 0, fetches_ = 0;
    std::unordered_map<std::string, Entry> entries_;
    std::deque<std::string> wanted_;
    std::deque<std::pair<std::string, std::vector<std::uint8_t>>> decode_queue_;
    std::function<void()> on_change_;
};

}  // namespace ui
