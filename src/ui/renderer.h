// Draws Dear ImGui's draw data with WebGL2 (GLSL ES 3.0 from shaders/), and owns GPU textures.
#pragma once
#include <cstdint>

#include "imgui.h"

namespace ui {

class Renderer {
public:
    // Starts compiling shaders/ui.vert + ui.frag; the GL context must be current. The compile runs
    // beside the app's start (the first fetches, the font atlas): poll() says when it is done.
    bool init();
    enum class State { Compiling, Ready, Failed };
    State poll();  // Ready: render() may draw; Failed: this browser's WebGL cannot run the shaders
    void render(ImDrawData* data, int fb_width, int fb_height, std::uint32_t clear_rgb);

    // A texture with the renderer's sampling (linear, mipmapped: grids draw pictures smaller than
    // their pixels; clamped), level 0 from RGBA pixels or from a picture the browser decoded
    // (platform::decode_image, which is then let go).
    ImTextureID create_texture(const std::uint8_t* rgba, int w, int h);
    ImTextureID create_texture(int picture);
    void destroy_texture(ImTextureID id);
    // The font atlas is a one-channel texture; re-created whenever fonts are rebuilt. Rows
    // [empty_y, empty_y + empty_h) start empty and are not uploaded (fonts.h fills them later).
    void set_font_atlas(const std::uint8_t* alpha, int w, int h, int empty_y = 0, int empty_h = 0);
    // Replaces rows [y, y + h) of the atlas (full width): glyphs drawn in after it was made.
    void update_font_atlas_rows(const std::uint8_t* alpha, int y, int w, int h);
    ImTextureID font_texture() const;

    // Offscreen targets (the editor's live preview, posters): a colour texture with a framebuffer.
    // render() draws into the bound target; bind_target(nullptr) returns to the canvas.
    struct Target {
        unsigned fbo = 0, texture = 0;
        int width = 0, height = 0;
        ImTextureID id() const { return (ImTextureID)(intptr_t)texture; }
    };
    bool ensure_target(Target& t, int width, int height);  // (re)allocates when the size changed
    void bind_target(const Target* t);
    void destroy_target(Target& t);
    // Reads the bound target's pixels (RGBA, top row first).
    void read_pixels(int width, int height, std::uint8_t* rgba_out);

private:
    State state_ = State::Compiling;
    unsigned vs_ = 0, fs_ = 0;
    unsigned program_ = 0, vao_ = 0, vbo_ = 0, ibo_ = 0, font_tex_ = 0;
    int u_projection_ = -1, u_texture_ = -1, u_alpha_only_ = -1;
};

}  // namespace ui
