// Fonts: Inter (Latin) with a CJK subset merged in, baked at the device pixel ratio so text is
// sharp on every screen, and re-baked between frames when text with new characters arrives.
//
// The build makes two CJK subsets from Debian's DroidSansFallback (tools/make_fonts.py): "core"
// holds every character of the UI and the seeded demo and loads with the app; "extended" holds
// the 6,763 GB2312 hanzi and loads only when text needs a character core lacks (new brand
// content, or what someone types with an IME).
#pragma once
#include <cstdint>
#include <set>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace ui {

class Renderer;

enum class Font { Small, Body, Strong, Title, Display, Count };

class Fonts {
public:
    void set_latin(std::vector<std::uint8_t> regular, std::vector<std::uint8_t> semibold);
    void set_cjk(std::vector<std::uint8_t> ttf, bool extended);
    bool has_extended() const { return extended_; }

    // Remembers characters that will be drawn; returns true if the atlas must be rebuilt.
    // Long-form text (descriptions, notes, greetings) is only ever drawn at the small and body
    // sizes: noting it as body text keeps its characters out of the three large sizes, which is
    // most of the atlas (and of the time it takes to bake) for Chinese content.
    bool note_text(std::string_view utf8, bool body_only = false);
    // True when some noted character is missing from the loaded CJK subset (load extended).
    bool wants_extended() const { return wants_extended_; }

    // Rebuilds the atlas when characters or the pixel ratio changed. Call between frames.
    bool rebuild_if_needed(float pixel_ratio, Renderer& renderer);
    bool ready() const { return built_; }

    ImFont* get(Font f) const { return fonts_[static_cast<int>(f)]; }
    float size(Font f) const;
    int atlas_width() const { return atlas_w_; }
    int atlas_height() const { return atlas_h_; }

private:
    bool covers(unsigned codepoint) const;

    std::vector<std::uint8_t> latin_regular_, latin_semibold_, cjk_;
    std::set<ImWchar> extra_, extra_body_;  // every size; small and body sizes only
    ImFont* fonts_[static_cast<int>(Font::Count)] = {};
    bool dirty_ = true, built_ = false, extended_ = false, wants_extended_ = false;
    float built_ratio_ = 0;
    int atlas_w_ = 0, atlas_h_ = 0;
    void* cjk_info_ = nullptr;  // stbtt_fontinfo for coverage checks
};

}  // namespace ui
