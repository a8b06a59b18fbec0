#include "ui/renderer.h"

#include <GLES3/gl3.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "platform/platform.h"
#include "shaders.h"

namespace ui {

namespace {
constexpr GLenum kCompletionStatus = 0x91B1;  // COMPLETION_STATUS_KHR (KHR_parallel_shader_compile)

GLuint compile(GLenum type, const char* src) {
    GLuint s = glCreateShader(type);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);  // not asked about here: asking waits for it (see Renderer::poll)
    return s;
}

void log_shader(GLuint s) {
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (ok) return;
    char log[1024];
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    std::fprintf(stderr, "shader compile failed: %s\n", log);
}
}  // namespace

bool Renderer::init() {
    vs_ = compile(GL_VERTEX_SHADER, kShader_ui_vert);
    fs_ = compile(GL_FRAGMENT_SHADER, kShader_ui_frag);
    if (!vs_ || !fs_) return false;
    program_ = glCreateProgram();
    glAttachShader(program_, vs_);
    glAttachShader(program_, fs_);
    glBindAttribLocation(program_, 0, "a_position");
    glBindAttribLocation(program_, 1, "a_uv");
    glBindAttribLocation(program_, 2, "a_color");
    glLinkProgram(program_);
    state_ = State::Compiling;
    return true;
}

Renderer::State Renderer::poll() {
    if (state_ != State::Compiling) return state_;
    // With KHR_parallel_shader_compile the question "done yet?" does not wait; without it, the
    // link status below waits for the compile, as every WebGL renderer's first frame does.
    if (platform::shaders_compile_in_background()) {
        GLint done = 0;
        glGetProgramiv(program_, kCompletionStatus, &done);
        if (!done) return state_;
    }
    GLint ok = 0;
    glGetProgramiv(program_, GL_LINK_STATUS, &ok);
    if (!ok) {
        log_shader(vs_);
        log_shader(fs_);
    }
    glDeleteShader(vs_);
    glDeleteShader(fs_);
    vs_ = fs_ = 0;
    if (!ok) return state_ = State::Failed;
    u_projection_ = glGetUniformLocation(program_, "u_projection");
    u_texture_ = glGetUniformLocation(program_, "u_texture");
    u_alpha_only_ = glGetUniformLocation(program_, "u_alpha_only");

    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_);
    glGenBuffers(1, &ibo_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)IM_OFFSETOF(ImDrawVert, pos));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)IM_OFFSETOF(ImDrawVert, uv));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), (void*)IM_OFFSETOF(ImDrawVert, col));
    glBindVertexArray(0);
    return state_ = State::Ready;
}

void Renderer::render(ImDrawData* data, int fb_width, int fb_height, std::uint32_t clear_rgb) {
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(((clear_rgb >> 16) & 255) / 255.f, ((clear_rgb >> 8) & 255) / 255.f, (clear_rgb & 255) / 255.f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!data || fb_width <= 0 || fb_height <= 0) return;

    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_SCISSOR_TEST);

    const float L = data->DisplayPos.x, R = data->DisplayPos.x + data->DisplaySize.x;
    const float T = data->DisplayPos.y, B = data->DisplayPos.y + data->DisplaySize.y;
    const float ortho[16] = {2.f / (R - L), 0, 0, 0, 0, 2.f / (T - B), 0, 0, 0, 0, -1, 0,
                             (R + L) / (L - R), (T + B) / (B - T), 0, 1};
    glUseProgram(program_);
    glUniformMatrix4fv(u_projection_, 1, GL_FALSE, ortho);
    glUniform1i(u_texture_, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo_);

    const ImVec2 clip_off = data->DisplayPos;
    const ImVec2 scale = data->FramebufferScale;
    GLuint bound = ~0u;
    for (int n = 0; n < data->CmdListsCount; ++n) {
        const ImDrawList* list = data->CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER, list->VtxBuffer.Size * sizeof(ImDrawVert), list->VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, list->IdxBuffer.Size * sizeof(ImDrawIdx), list->IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                cmd.UserCallback(list, &cmd);
                continue;
            }
            const float x0 = (cmd.ClipRect.x - clip_off.x) * scale.x, y0 = (cmd.ClipRect.y - clip_off.y) * scale.y;
            const float x1 = (cmd.ClipRect.z - clip_off.x) * scale.x, y1 = (cmd.ClipRect.w - clip_off.y) * scale.y;
            if (x1 <= x0 || y1 <= y0) continue;
            glScissor((int)x0, (int)(fb_height - y1), (int)(x1 - x0), (int)(y1 - y0));
            GLuint tex = (GLuint)(intptr_t)cmd.GetTexID();
            if (tex != bound) {
                glBindTexture(GL_TEXTURE_2D, tex);
                glUniform1i(u_alpha_only_, tex == font_tex_ ? 1 : 0);
                bound = tex;
            }
            glDrawElements(GL_TRIANGLES, (GLsizei)cmd.ElemCount, sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                           (void*)(intptr_t)(cmd.IdxOffset * sizeof(ImDrawIdx)));
        }
    }
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(0);
}

namespace {
// A new texture, bound, with the renderer's sampling; level 0 is filled by `fill`, then mipmapped.
template <class Fill>
ImTextureID make_texture(Fill fill) {
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    fill();
    glGenerateMipmap(GL_TEXTURE_2D);
    return (ImTextureID)(intptr_t)tex;
}
}  // namespace

ImTextureID Renderer::create_texture(const std::uint8_t* rgba, int w, int h) {
    return make_texture([&] {
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    });
}

ImTextureID Renderer::create_texture(int picture) {
    return make_texture([&] { platform::upload_picture(picture); });
}

void Renderer::destroy_texture(ImTextureID id) {
    GLuint tex = (GLuint)(intptr_t)id;
    if (tex) glDeleteTextures(1, &tex);
}

void Renderer::set_font_atlas(const std::uint8_t* alpha, int w, int h, int empty_y, int empty_h) {
    if (!font_tex_) glGenTextures(1, &font_tex_);
    glBindTexture(GL_TEXTURE_2D, font_tex_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (empty_h <= 0) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, alpha);
        return;
    }
    // WebGL hands out a new texture cleared: the empty rows cost no copy from the wasm heap.
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, nullptr);
    if (empty_y > 0) glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, empty_y, GL_RED, GL_UNSIGNED_BYTE, alpha);
    const int below = empty_y + empty_h;
    if (below < h)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, below, w, h - below, GL_RED, GL_UNSIGNED_BYTE, alpha + static_cast<std::size_t>(below) * w);
}

void Renderer::update_font_atlas_rows(const std::uint8_t* alpha, int y, int w, int h) {
    if (!font_tex_ || h <= 0) return;
    glBindTexture(GL_TEXTURE_2D, font_tex_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y, w, h, GL_RED, GL_UNSIGNED_BYTE, alpha);
}

ImTextureID Renderer::font_texture() const { return (ImTextureID)(intptr_t)font_tex_; }

bool Renderer::ensure_target(Target& t, int width, int height) {
    width = width < 1 ? 1 : width;
    height = height < 1 ? 1 : height;
    if (t.fbo && t.width == width && t.height == height) return true;
    if (!t.texture) glGenTextures(1, &t.texture);
    glBindTexture(GL_TEXTURE_2D, t.texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    if (!t.fbo) glGenFramebuffers(1, &t.fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.texture, 0);
    const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    t.width = width;
    t.height = height;
    return ok;
}

void Renderer::bind_target(const Target* t) { glBindFramebuffer(GL_FRAMEBUFFER, t ? t->fbo : 0); }

void Renderer::destroy_target(Target& t) {
    if (t.fbo) glDeleteFramebuffers(1, &t.fbo);
    if (t.texture) glDeleteTextures(1, &t.texture);
    t = Target{};
}

void Renderer::read_pixels(int width, int height, std::uint8_t* rgba_out) {
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba_out);
    // GL's rows run bottom-up; images run top-down.
    const std::size_t row = static_cast<std::size_t>(width) * 4;
    std::vector<std::uint8_t> tmp(row);
    for (int y = 0; y < height / 2; ++y) {
        std::uint8_t* a = rgba_out + row * y;
        std::uint8_t* b = rgba_out + row * (height - 1 - y);
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
}

}  // namespace ui
