#include "ui/renderer.h"

#include <cstring>

#include "platform/platform.h"
#include "shaders.h"

namespace ui {

void Renderer::real(float f) {
    std::uint32_t w;
    std::memcpy(&w, &f, sizeof w);
    word(w);
}

void Renderer::bytes(const void* data, std::size_t n) {
    const std::size_t at = stream_.size();
    stream_.resize(at + (n + 3) / 4, 0);
    if (n) std::memcpy(stream_.data() + at, data, n);
}

void Renderer::flush() {
    if (stream_.empty()) return;
    platform::graphics_submit(stream_.data(), stream_.size(), pictures_);
    stream_.clear();
    pictures_.clear();
    // A frame's stream is a few hundred KB; one the size of a font atlas (megabytes) is not kept.
    if (stream_.capacity() > (1u << 20)) stream_.shrink_to_fit();
}

bool Renderer::init() {
    const std::size_t vs = std::strlen(kShader_ui_vert), fs = std::strlen(kShader_ui_frag);
    word(kShaders);
    word(static_cast<std::uint32_t>(vs));
    word(static_cast<std::uint32_t>(fs));
    bytes(kShader_ui_vert, vs);
    bytes(kShader_ui_frag, fs);
    flush();
    state_ = State::Compiling;
    return true;
}

Renderer::State Renderer::poll() {
    if (state_ != State::Compiling) return state_;
    switch (platform::graphics_state()) {
        case platform::GraphicsState::Starting: break;
        case platform::GraphicsState::Ready: state_ = State::Ready; break;
        case platform::GraphicsState::Failed: state_ = State::Failed; break;
    }
    return state_;
}

void Renderer::render(ImDrawData* data, int fb_width, int fb_height, std::uint32_t clear_rgb) {
    int lists = 0;
    if (data && fb_width > 0 && fb_height > 0) lists = data->CmdListsCount;
    word(kDraw);
    word(static_cast<std::uint32_t>(fb_width));
    word(static_cast<std::uint32_t>(fb_height));
    word(clear_rgb);
    word(font_tex_);
    const float L = data ? data->DisplayPos.x : 0, R = data ? data->DisplayPos.x + data->DisplaySize.x : 1;
    const float T = data ? data->DisplayPos.y : 0, B = data ? data->DisplayPos.y + data->DisplaySize.y : 1;
    real(L);
    real(T);
    real(R);
    real(B);
    word(static_cast<std::uint32_t>(lists));
    const ImVec2 clip_off = data ? data->DisplayPos : ImVec2(0, 0);
    const ImVec2 scale = data ? data->FramebufferScale : ImVec2(1, 1);
    for (int n = 0; n < lists; ++n) {
        const ImDrawList* list = data->CmdLists[n];
        word(static_cast<std::uint32_t>(list->VtxBuffer.Size));
        word(static_cast<std::uint32_t>(list->IdxBuffer.Size));
        const std::size_t count_at = stream_.size();
        word(0);  // commands, counted below (empty ones are left out)
        static_assert(sizeof(ImDrawVert) == 20 && sizeof(ImDrawIdx) == 4, "render.js reads this layout");
        bytes(list->VtxBuffer.Data, list->VtxBuffer.Size * sizeof(ImDrawVert));
        bytes(list->IdxBuffer.Data, list->IdxBuffer.Size * sizeof(ImDrawIdx));
        std::uint32_t commands = 0;
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) continue;  // none are used: everything is drawn from the lists
            const float x0 = (cmd.ClipRect.x - clip_off.x) * scale.x, y0 = (cmd.ClipRect.y - clip_off.y) * scale.y;
            const float x1 = (cmd.ClipRect.z - clip_off.x) * scale.x, y1 = (cmd.ClipRect.w - clip_off.y) * scale.y;
            if (x1 <= x0 || y1 <= y0 || cmd.ElemCount == 0) continue;
            word(static_cast<std::uint32_t>(static_cast<int>(x0)));
            word(static_cast<std::uint32_t>(static_cast<int>(fb_height - y1)));  // GL's rows run bottom-up
            word(static_cast<std::uint32_t>(static_cast<int>(x1 - x0)));
            word(static_cast<std::uint32_t>(static_cast<int>(y1 - y0)));
            word(static_cast<std::uint32_t>((intptr_t)cmd.GetTexID()));
            word(cmd.ElemCount);
            word(cmd.IdxOffset);
            ++commands;
        }
        stream_[count_at] = commands;
    }
    if (bound_ == 0) flush();  // a frame on the canvas: the graphics get it, and all before it
}

ImTextureID Renderer::create_texture(const std::uint8_t* rgba, int w, int h) {
    const unsigned id = next_id_++;
    word(kTexture);
    word(id);
    word(static_cast<std::uint32_t>(w));
    word(static_cast<std::uint32_t>(h));
    bytes(rgba, static_cast<std::size_t>(w) * h * 4);
    return (ImTextureID)(intptr_t)id;
}

ImTextureID Renderer::create_texture(int picture) {
    const unsigned id = next_id_++;
    word(kPicture);
    word(id);
    word(static_cast<std::uint32_t>(picture));
    pictures_.push_back(picture);
    return (ImTextureID)(intptr_t)id;
}

void Renderer::destroy_texture(ImTextureID id) {
    const auto tex = static_cast<std::uint32_t>((intptr_t)id);
    if (!tex) return;
    word(kDeleteTexture);
    word(tex);
}

void Renderer::set_font_atlas(const std::uint8_t* alpha, int w, int h, int empty_y, int empty_h) {
    if (!font_tex_) font_tex_ = next_id_++;
    if (empty_h <= 0) empty_y = h, empty_h = 0;
    const int below = empty_y + empty_h;
    word(kFontAtlas);
    word(font_tex_);
    word(static_cast<std::uint32_t>(w));
    word(static_cast<std::uint32_t>(h));
    word(static_cast<std::uint32_t>(empty_y));
    word(static_cast<std::uint32_t>(empty_h));
    // The rows above the empty ones and those below, one after the other: a new texture starts
    // cleared, so the empty rows cost nothing to send.
    const std::size_t above = static_cast<std::size_t>(empty_y) * w;
    const std::size_t under = below < h ? static_cast<std::size_t>(h - below) * w : 0;
    const std::size_t at = stream_.size();
    stream_.resize(at + (above + under + 3) / 4, 0);
    auto* out = reinterpret_cast<std::uint8_t*>(stream_.data() + at);
    if (above) std::memcpy(out, alpha, above);
    if (under) std::memcpy(out + above, alpha + static_cast<std::size_t>(below) * w, under);
}

void Renderer::update_font_atlas_rows(const std::uint8_t* alpha, int y, int w, int h) {
    if (!font_tex_ || h <= 0) return;
    word(kFontRows);
    word(font_tex_);
    word(static_cast<std::uint32_t>(y));
    word(static_cast<std::uint32_t>(w));
    word(static_cast<std::uint32_t>(h));
    bytes(alpha, static_cast<std::size_t>(w) * h);
}

ImTextureID Renderer::font_texture() const { return (ImTextureID)(intptr_t)font_tex_; }

bool Renderer::ensure_target(Target& t, int width, int height) {
    width = width < 1 ? 1 : width;
    height = height < 1 ? 1 : height;
    if (t.texture && t.width == width && t.height == height) return true;
    if (!t.texture) t.texture = next_id_++;
    word(kTarget);
    word(t.texture);
    word(static_cast<std::uint32_t>(width));
    word(static_cast<std::uint32_t>(height));
    t.width = width;
    t.height = height;
    return true;
}

void Renderer::bind_target(const Target* t) {
    bound_ = t ? t->texture : 0;
    word(kBindTarget);
    word(bound_);
}

void Renderer::destroy_target(Target& t) {
    if (t.texture) {
        word(kDeleteTarget);
        word(t.texture);
    }
    t = Target{};
}

}  // namespace ui
