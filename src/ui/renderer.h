// Draws Dear ImGui's draw data and owns the textures, by writing what to draw as a stream of commands
// the page's graphics run (web/render.js: WebGL2, GLSL ES 3.0 from shaders/). On the web they run in
// a worker that owns the canvas, so the WebGL context (slow to make on a phone without a GPU driver)
// and the drawing never hold up the page's main thread (platform.h, Graphics).
//
// The stream's words are little-endian 32-bit; bytes (pixels, vertices) are padded to a word. Each
// command is an opcode word and its operands (Op below; render.js reads the same list).
#pragma once
#include <cstdint>
#include <vector>

#include "imgui.h"

namespace ui {

class Renderer {
public:
    // Sends the shaders (shaders/ui.vert + ui.frag) to the graphics, which compile them beside the
    // app's start (the first fetches, the font atlas): poll() says when they are done.
    bool init();
    enum class State { Compiling, Ready, Failed };
    State poll();  // Ready: render() may draw; Failed: this browser's WebGL cannot run the shaders
    // Draws into the bound target (the canvas by default: its buffer takes fb_width x fb_height).
    // Drawing on the canvas sends everything written since the last time to the graphics.
    void render(ImDrawData* data, int fb_width, int fb_height, std::uint32_t clear_rgb);

    // A texture with the renderer's sampling (linear, mipmapped: grids draw pictures smaller than
    // their pixels; clamped), level 0 from RGBA pixels or from a picture the browser decoded
    // (platform::decode_image; it goes to the graphics with the next frame).
    ImTextureID create_texture(const std::uint8_t* rgba, int w, int h);
    ImTextureID create_texture(int picture);
    void destroy_texture(ImTextureID id);
    // The font atlas is a one-channel texture; re-created whenever fonts are rebuilt. Rows
    // [empty_y, empty_y + empty_h) start empty and are not sent (fonts.h fills them later).
    void set_font_atlas(const std::uint8_t* alpha, int w, int h, int empty_y = 0, int empty_h = 0);
    // Replaces rows [y, y + h) of the atlas (full width): glyphs drawn in after it was made.
    void update_font_atlas_rows(const std::uint8_t* alpha, int y, int w, int h);
    ImTextureID font_texture() const;

    // Offscreen targets (the editor's live preview): a colour texture drawn into. render() draws
    // into the bound target; bind_target(nullptr) returns to the canvas. Its rows run bottom-up, as
    // GL's framebuffers do (draw it with v from 1 to 0).
    struct Target {
        unsigned texture = 0;
        int width = 0, height = 0;
        ImTextureID id() const { return (ImTextureID)(intptr_t)texture; }
    };
    bool ensure_target(Target& t, int width, int height);  // (re)allocates when the size changed
    void bind_target(const Target* t);
    void destroy_target(Target& t);

    enum Op : std::uint32_t {
        kShaders = 1,       // vertex length, fragment length, both sources (UTF-8)
        kTexture = 2,       // id, w, h, RGBA pixels
        kPicture = 3,       // id, picture (an ImageBitmap sent beside the stream)
        kDeleteTexture = 4, // id
        kFontAtlas = 5,     // id, w, h, empty_y, empty_h, the rows outside the empty ones
        kFontRows = 6,      // id, y, w, h, rows
        kTarget = 7,        // id, w, h: (re)allocates the texture and its framebuffer
        kBindTarget = 8,    // id (0: the canvas)
        kDeleteTarget = 9,  // id
        kDraw = 10,         // fb_w, fb_h, clear rgb, font texture, L, T, R, B (floats), lists; per
                            // list: vertices, indices, commands, vertices (20 bytes each),
                            // indices (32-bit), commands (scissor x, y, w, h, texture, count, offset)
    };

private:
    void word(std::uint32_t w) { stream_.push_back(w); }
    void real(float f);
    void bytes(const void* data, std::size_t n);
    void flush();

    State state_ = State::Compiling;
    std::vector<std::uint32_t> stream_;
    std::vector<int> pictures_;  // pictures the stream's kPicture commands name
    unsigned next_id_ = 1, font_tex_ = 0, bound_ = 0;
};

}  // namespace ui
