// Fonts: Inter (Latin) with CJK glyphs from a subset of Droid Sans Fallback, baked at the device
// pixel ratio so text is sharp on every screen.
//
// Dear ImGui's atlas builder makes only the space, its fallback '?' and a room in the atlas; every
// other glyph is drawn into that room by this class, a few milliseconds at a time between frames
// (bake_some): the base ranges always, any other character once text that uses it is noted. A
// Chinese shop's first screen is about 5,700 glyphs in five faces, which as one atlas build was the
// longest task of a first visit on a phone (150-290 ms here); and one character typed with an IME
// used to rebuild the whole atlas, where now it adds its own glyphs.
//
// The build makes two CJK subsets from Debian's DroidSansFallback (tools/make_fonts.py): "core"
// holds every character of the UI and the seeded demo and loads once noted text needs a character
// Inter lacks (an English shop never loads it: 88 KB less on a phone network); "extended" holds
// the 6,763 GB2312 hanzi and loads only when text needs a character core lacks (new brand
// content, or what someone types with an IME).
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string_view>
#include <vector>

#include "imgui.h"

struct stbtt_fontinfo;

namespace ui {

class Renderer;

enum class Font { Small, Body, Strong, Title, Display, Count };

class Fonts {
public:
    Fonts();
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;
    ~Fonts();
    void set_latin(std::vector<std::uint8_t> regular, std::vector<std::uint8_t> semibold);
    void set_cjk(std::vector<std::uint8_t> ttf, bool extended);
    bool has_extended() const { return extended_; }

    // Remembers characters that will be drawn; returns true if the atlas must be rebuilt.
    // Long-form text (descriptions, notes, greetings) is only ever drawn at the small and body
    // sizes: noting it as body text keeps its characters out of the three large sizes, which is
    // most of the atlas (and of the time it takes to bake) for Chinese content.
    bool note_text(std::string_view utf8, bool body_only = false);
    // The screens are about to speak Chinese: the CJK font's punctuation and full-width forms go
    // into the atlas as a whole (screens draw some of them from literals that are never noted).
    void note_chinese_ui();
    // True when noted text needs the CJK font and it is not in yet (load the core subset). Until it
    // is, the fonts are not ready: nothing is drawn with a missing glyph.
    bool wants_cjk() const { return needs_cjk_ && !cjk_info_ && !cjk_given_up_; }
    bool has_cjk() const { return cjk_info_ != nullptr; }
    // The CJK font could not be loaded (offline): draw without it ('?') until new text needs it.
    void cjk_unavailable() { cjk_given_up_ = true; }
    // True when some noted character is missing from the loaded CJK subset (load extended).
    bool wants_extended() const { return wants_extended_; }

    // Rebuilds the atlas (the Latin faces and the room for the rest) when the pixel ratio changed
    // or the room is full. Call between frames.
    bool rebuild_if_needed(float pixel_ratio, Renderer& renderer);
    // Draws noted characters that the atlas lacks into its room for about `budget_ms`; true while
    // some are left (call again in a later task; draw nothing until then).
    bool bake_some(Renderer& renderer, double budget_ms);
    // Built, and every noted character the fonts have is in the atlas.
    bool ready() const { return built_ && !dirty_ && jobs_.empty() && !room_full_ && !wants_cjk(); }

    ImFont* get(Font f) const { return fonts_[static_cast<int>(f)]; }
    float size(Font f) const;
    int atlas_width() const { return atlas_w_; }
    int atlas_height() const { return atlas_h_; }
    // For the test hook and the benchmark: glyphs drawn into the room, in how many pieces, the
    // longest piece and the last atlas build, in ms.
    int glyphs_baked() const { return glyphs_baked_; }
    int builds() const { return builds_; }
    int pending() const { return static_cast<int>(jobs_.size()); }
    int bake_slices() const { return slices_; }
    double longest_slice_ms() const { return longest_slice_ms_; }
    double build_ms() const { return build_ms_; }
    int room_rows() const { return room_h_; }
    int room_rows_used() const { return shelf_y_ + shelf_h_; }

private:
    struct Job {
        int font;
        ImWchar c;
        bool latin;  // from Inter (else from the CJK font)
    };
    bool covers(unsigned codepoint) const;
    void refill();
    bool bake_one(const Job& job);
    int room_rows_wanted(float scale) const;

    std::vector<std::uint8_t> latin_regular_, latin_semibold_, cjk_;
    std::set<ImWchar> extra_, extra_body_;  // every size; small and body sizes only
    ImFont* fonts_[static_cast<int>(Font::Count)] = {};
    bool dirty_ = true, built_ = false, extended_ = false, wants_extended_ = false, latin_dirty_ = true;
    bool needs_cjk_ = false, cjk_given_up_ = false;  // noted text needs the CJK font; it failed to load
    bool chinese_ui_ = false;                        // note_chinese_ui: the CJK ranges are drawn whole
    float built_ratio_ = 0, scale_ = 1;
    int atlas_w_ = 0, atlas_h_ = 0;
    // The room: rows [room_y_, room_y_ + room_h_), columns from room_x_, filled shelf by shelf.
    // stage_ holds the room's rows from stage_y_ on (full atlas width) that the next upload sends:
    // the open shelf and what was drawn since the last piece.
    std::vector<std::uint8_t> stage_;
    int stage_y_ = 0;
    int room_x_ = 0, room_y_ = 0, room_w_ = 0, room_h_ = 0, shelf_x_ = 0, shelf_y_ = 0, shelf_h_ = 0;
    bool room_full_ = false;    // a glyph did not fit: the next rebuild makes a bigger room
    std::vector<Job> jobs_;     // biggest size first, so shelves hold glyphs of one size
    int glyphs_baked_ = 0, slices_ = 0, builds_ = 0;
    double longest_slice_ms_ = 0, build_ms_ = 0;
    // The fonts as stb_truetype reads them: coverage checks and drawing.
    std::unique_ptr<stbtt_fontinfo> cjk_info_, latin_info_[2];  // latin: Inter regular, semibold
    const stbtt_fontinfo* latin_for(int font) const;            // the face's Inter (semibold for bold faces)
};

}  // namespace ui
