#include "ui/preview.h"

#include <cfloat>
#include <cmath>
#include <type_traits>

#include "imgui_internal.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

Preview::Preview(Device device) : device_(device) {
    state_.booted = true;
    state_.route = app::parse_route("/s/preview");
}

Preview::~Preview() {
    if (renderer_) renderer_->destroy_target(target_);
    if (ctx_) ImGui::DestroyContext(ctx_);
}

void Preview::navigate(const std::string& path) {
    app::Route r = app::parse_route(path);
    if (r.screen != app::Screen::ShopHome && r.screen != app::Screen::Product) return;  // cart, checkout: not previewed
    state_.route = r;
}

void Preview::scroll_by(float x, float y, float dx, float dy) {
    // The innermost window under the point that can scroll that way (as Canvas does for the page).
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const bool horizontal = std::fabs(dx) > std::fabs(dy);
    ImGuiWindow* hit = nullptr;
    for (int i = g.Windows.Size - 1; i >= 0; --i) {
        ImGuiWindow* w = g.Windows[i];
        if (!w->WasActive || w->Hidden) continue;
        if (w->OuterRectClipped.Contains(ImVec2(x, y))) {
            hit = w;
            break;
        }
    }
    for (ImGuiWindow* w = hit; w; w = w->ParentWindow) {
        if (horizontal ? w->ScrollMax.x > 0 : w->ScrollMax.y > 0) {
            if (horizontal) ImGui::SetScrollX(w, ImClamp(w->Scroll.x + dx, 0.f, w->ScrollMax.x));
            else ImGui::SetScrollY(w, ImClamp(w->Scroll.y + dy, 0.f, w->ScrollMax.y));
            return;
        }
    }
}

void Preview::show(Ui& ui, const core::ShopView& view, ImVec2 pos, float width, const std::string& prefix, const core::Article* article) {
    const float dw = device_width(device_), dh = device_height(device_);
    const float scale = width / dw;
    const ImVec2 size(width, std::round(dh * scale));
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    const float dpr = ui.canvas.viewport().pixel_ratio;
    const int fb_w = std::max(1, static_cast<int>(std::lround(size.x * dpr)));
    const int fb_h = std::max(1, static_cast<int>(std::lround(size.y * dpr)));

    // The page's side: the image's place, its pointer state and the scroll it captures.
    ImGui::SetCursorScreenPos(pos);
    ImGui::PushID(prefix.c_str());
    ImGui::InvisibleButton("##preview", size);
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    ui.canvas.capture_scroll(pos, max);
    ImGuiContext* page = ImGui::GetCurrentContext();
    const ImGuiIO& pio = ImGui::GetIO();
    if (pio.MouseClicked[0]) pressed_inside_ = hovered;
    if (!pio.MouseDown[0] && !pio.MouseReleased[0]) pressed_inside_ = false;
    const ImVec2 mouse = pio.MousePos;
    const auto scrolls = ui.canvas.take_captured_scroll(pos, max);
    const float font_scale = pio.FontGlobalScale;
    ImFont* font_default = pio.FontDefault;
    const float dt = pio.DeltaTime;

    if (!ctx_) {
        ctx_ = ImGui::CreateContext(pio.Fonts);
        ImGui::SetCurrentContext(ctx_);
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        io.ConfigInputTextCursorBlink = false;
        renderer_ = &ui.canvas.renderer();
    }
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(dw, dh);
    io.DisplayFramebufferScale = ImVec2(fb_w / dw, fb_h / dh);
    io.DeltaTime = dt > 0 ? dt : 1.f / 60.f;
    io.FontGlobalScale = font_scale;
    io.FontDefault = font_default;
    const bool inside = mouse.x >= pos.x && mouse.y >= pos.y && mouse.x < max.x && mouse.y < max.y;
    io.MousePos = (inside || pressed_inside_) ? ImVec2((mouse.x - pos.x) / scale, (mouse.y - pos.y) / scale)
                                              : ImVec2(-FLT_MAX, -FLT_MAX);
    io.MouseDown[0] = pressed_inside_ && pio.MouseDown[0];
    for (const auto& d : scrolls) scroll_by((d.x - pos.x) / scale, (d.y - pos.y) / scale, d.dx / scale, d.dy / scale);

    Palette pal = make_palette(view.shop.manifest.theme);
    const bool phone = device_ == Device::Phone;
    if (styled_for_ != pal.background_rgb + pal.primary) {
        apply_style(pal, phone);
        styled_for_ = pal.background_rgb + pal.primary;
    }
    if (state_.route.shop != view.shop.manifest.slug) state_.route = app::parse_route(app::shop_path(view.shop.manifest.slug));

    std::vector<app::Action> actions;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(dw, dh));
    ImGui::Begin("##preview", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoScrollbar);
    Ui pui{state_, ui.canvas, ui.images, actions, pal, phone, dw, dh, ui.lang};
    Canvas::ExposeTransform t;
    t.prefix = prefix;
    t.offset = pos;
    t.scale = scale;
    t.clip_min = pos;
    t.clip_max = max;
    // Clip to what the page shows of the image (it may sit in a scrolled panel).
    ImGui::SetCurrentContext(page);
    const ImVec4 clip = ImGui::GetWindowDrawList()->_ClipRectStack.back();
    ImGui::SetCurrentContext(ctx_);
    t.clip_min = ImVec2(std::max(pos.x, clip.x), std::max(pos.y, clip.y));
    t.clip_max = ImVec2(std::min(max.x, clip.z), std::min(max.y, clip.w));
    ui.canvas.push_expose_transform(t);
    if (state_.route.screen == app::Screen::Product) show_product(pui, view);
    else if (article) article_page(pui, view, *article);
    else show_shop_home(pui, view);
    ui.canvas.pop_expose_transform();
    ImGui::End();
    ImGui::Render();
    // Scrolled out of view (the phone editor's fields are below the previews): the picture is not
    // drawn again until it shows; that GPU work (a whole shop at device pixels) is the frame's biggest.
    const bool visible = t.clip_max.x > t.clip_min.x && t.clip_max.y > t.clip_min.y;
    if (visible && renderer_->ensure_target(target_, fb_w, fb_h)) {
        renderer_->bind_target(&target_);
        renderer_->render(ImGui::GetDrawData(), fb_w, fb_h, pal.background_rgb);
        renderer_->bind_target(nullptr);
    }
    ImGui::SetCurrentContext(page);

    // The preview's own navigation stays inside it; buying and sharing are the consumer's.
    for (const auto& a : actions) {
        if (const auto* nav = std::get_if<app::Navigate>(&a)) navigate(nav->path);
        else if (std::holds_alternative<app::GoBack>(a)) navigate(app::shop_path(view.shop.manifest.slug));
    }
    if (!actions.empty()) ui.canvas.invalidate(2);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float r = phone ? 18 * scale * 2.2f : 8;
    shadow_rect(dl, pos, max, r, IM_COL32(15, 23, 42, 40), 14);
    if (target_.id()) dl->AddImageRounded(target_.id(), pos, max, ImVec2(0, 1), ImVec2(1, 0), IM_COL32_WHITE, r);
    dl->AddRect(pos, max, IM_COL32(15, 23, 42, 60), r, 0, 1.f);
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
}

}  // namespace ui
