// Preview: a live, scaled picture of a shop exactly as consumers see it, drawn by the real consumer
// screens (show_shop_home, show_product, article_page) from a ShopView the caller composed (a
// distributor's draft, or a brand's draft release in any shop), and optionally an article in it.
//
// Each Preview has its own Dear ImGui context (sharing the app's font atlas) and its own AppState
// (the route inside the preview, an empty cart), renders at a device's size (a 390x844 phone or a
// 1280x800 desktop) into an offscreen target, and is drawn into the page as an image. Pointer and
// scroll over the image are forwarded, translated, to the preview, so a person can scroll the shop
// and open a product inside it; its Navigate actions stay inside the preview. What the consumer
// screens expose to the test hook is reported in page coordinates with a prefix
// ("preview-phone:product"), so browser tests can check what the preview shows.
#pragma once
#include <string>

#include "app/state.h"
#include "core/catalog/article.h"
#include "ui/renderer.h"
#include "ui/ui.h"

struct ImGuiContext;

namespace ui {

enum class Device { Phone, Desktop };

class Preview {
public:
    explicit Preview(Device device);
    ~Preview();
    Preview(const Preview&) = delete;
    Preview& operator=(const Preview&) = delete;

    static float device_width(Device d) { return d == Device::Phone ? 390.f : 1280.f; }
    static float device_height(Device d) { return d == Device::Phone ? 844.f : 800.f; }
    Device device() const { return device_; }

    // Draws `view` at `pos` scaled to `width` (height follows the device's aspect) in the current
    // window. `prefix` names it for the test hook ("preview-phone:"). With `article`, the shop's
    // front page is that article (its product cards open products inside the preview).
    void show(Ui& ui, const core::ShopView& view, ImVec2 pos, float width, const std::string& prefix,
              const core::Article* article = nullptr);
    // What the preview shows: a shop path (/s/<slug>, /s/<slug>/p/<product>).
    void navigate(const std::string& path);
    const app::Route& route() const { return state_.route; }

private:
    void scroll_by(float x, float y, float dx, float dy);

    Device device_;
    ImGuiContext* ctx_ = nullptr;
    app::AppState state_;
    Renderer::Target target_;
    Renderer* renderer_ = nullptr;
    std::uint32_t styled_for_ = 0xFFFFFFFF;
    bool pressed_inside_ = false;
};

}  // namespace ui
