// Text drawn into a Raster with stb_truetype (posters): Latin from Inter, everything else from the
// CJK font, wrapped to a width and clamped to a number of lines with an ellipsis.
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

}  // namespace core
