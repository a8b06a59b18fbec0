// Text drawn into a Raster with stb_truetype (posters): Latin from Inter, everything else from the
// CJK font, wrapped to a width and clamped to a number of lines with an ellipsis. GlyphFont hands out
// one font's metrics and glyph bitmaps to callers that place glyphs themselves (the demo generator's
// product labels), so stb_truetype is compiled once, here.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/media/image.h"

namespace core {

class TextRaster {
public:
    // Font files (TTF/OTF) as loaded; the bytes must outlive this object. Any may be empty. A
    // character missing from the Latin fonts is taken from the first fallback that has it.
    TextRaster(std::span<const std::uint8_t> regular, std::span<const std::uint8_t> bold,
               std::vector<std::span<const std::uint8_t>> fallbacks);
    ~TextRaster();
    TextRaster(const TextRaster&) = delete;
    TextRaster& operator=(const TextRaster&) = delete;

    bool ok() const;  // at least one font loaded
    float width(const std::string& text, float px, bool bold) const;
    // Greedy wrap at spaces (and between CJK characters); the last allowed line ends with "…" if cut.
    std::vector<std::string> wrap(const std::string& text, float px, bool bold, float max_width, int max_lines) const;
    // Draws one line with its top-left at (x, y); returns the width drawn.
    float draw(Raster& into, float x, float y, const std::string& text, float px, bool bold, std::uint32_t rgb) const;
    float line_height(float px) const { return px * 1.3f; }

    struct Face;  // one loaded font (stbtt_fontinfo)

private:
    const Face* face_for(std::uint32_t cp, bool bold) const;
    std::unique_ptr<Face> regular_, bold_;
    std::vector<std::unique_ptr<Face>> fallbacks_;
};

// One font file (index 0) as stb_truetype sees it: units are the font's own until scaled.
class GlyphFont {
public:
    GlyphFont();
    ~GlyphFont();
    GlyphFont(GlyphFont&&) noexcept;
    GlyphFont& operator=(GlyphFont&&) noexcept;

    bool load(std::span<const std::uint8_t> bytes);  // the bytes must outlive this object
    bool ok() const;
    bool has(std::uint32_t cp) const;         // the font has a glyph for cp
    float scale_for_em(float px) const;       // font units -> pixels for an em of px
    int advance(std::uint32_t cp) const;      // advance width in font units
    // The glyph's coverage at the given scales and subpixel shift: (x0, y0) is its top-left
    // relative to the pen on the baseline; w or h 0 for a glyph with no ink (a space).
    struct Bitmap {
        int x0 = 0, y0 = 0, w = 0, h = 0;
        std::vector<std::uint8_t> alpha;  // w*h, top row first
    };
    Bitmap render(std::uint32_t cp, float scale_x, float scale_y, float shift_x, float shift_y) const;

private:
    std::unique_ptr<TextRaster::Face> face_;
};

}  // namespace core
