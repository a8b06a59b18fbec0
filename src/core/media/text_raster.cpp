#include "core/media/text_raster.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"

#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stb/stb_truetype.h>
#pragma GCC diagnostic pop

namespace core {

struct TextRaster::Face {
    stbtt_fontinfo info{};
    bool loaded = false;
    float scale_for(float px) const { return stbtt_ScaleForMappingEmToPixels(&info, px); }
    bool has(std::uint32_t cp) const { return loaded && stbtt_FindGlyphIndex(&info, static_cast<int>(cp)) != 0; }
};

namespace {
std::unique_ptr<TextRaster::Face> load(std::span<const std::uint8_t> bytes);
}

TextRaster::TextRaster(std::span<const std::uint8_t> regular, std::span<const std::uint8_t> bold,
                       std::vector<std::span<const std::uint8_t>> fallbacks)
    : regular_(load(regular)), bold_(load(bold)) {
    for (auto f : fallbacks) fallbacks_.push_back(load(f));
}

TextRaster::~TextRaster() = default;

namespace {
std::unique_ptr<TextRaster::Face> load(std::span<const std::uint8_t> bytes) {
    auto f = std::make_unique<TextRaster::Face>();
    if (!bytes.empty()) {
        const int offset = stbtt_GetFontOffsetForIndex(bytes.data(), 0);
        f->loaded = offset >= 0 && stbtt_InitFont(&f->info, bytes.data(), offset) != 0;
    }
    return f;
}

bool is_cjk(std::uint32_t cp) {
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x3000 && cp <= 0x303F);
}
}  // namespace

bool TextRaster::ok() const {
    bool any = regular_->loaded || bold_->loaded;
    for (const auto& f : fallbacks_) any = any || f->loaded;
    return any;
}

const TextRaster::Face* TextRaster::face_for(std::uint32_t cp, bool bold) const {
    const Face* latin = bold && bold_->loaded ? bold_.get() : regular_.get();
    if (latin->has(cp)) return latin;
    for (const auto& f : fallbacks_)
        if (f->has(cp)) return f.get();
    if (regular_->has(cp)) return regular_.get();
    if (latin->loaded) return latin;
    for (const auto& f : fallbacks_)
        if (f->loaded) return f.get();
    return nullptr;
}

float TextRaster::width(const std::string& text, float px, bool bold) const {
    float w = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::uint32_t cp = next_codepoint(text, i);
        const Face* f = face_for(cp, bold);
        if (!f) continue;
        int adv = 0, lsb = 0;
        stbtt_GetCodepointHMetrics(&f->info, static_cast<int>(cp), &adv, &lsb);
        w += adv * f->scale_for(px);
    }
    return w;
}

std::vector<std::string> TextRaster::wrap(const std::string& text, float px, bool bold, float max_width, int max_lines) const {
    // Break opportunities: after a space, and before/after any CJK character.
    std::vector<std::string> tokens;
    std::string cur;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const std::uint32_t cp = next_codepoint(text, i);
        const std::string ch = text.substr(start, i - start);
        if (cp == '\n') {
            if (!cur.empty()) tokens.push_back(cur);
            tokens.push_back("\n");
            cur.clear();
        } else if (is_cjk(cp)) {
            if (!cur.empty()) tokens.push_back(cur);
            tokens.push_back(ch);
            cur.clear();
        } else {
            cur += ch;
            if (cp == ' ') {
                tokens.push_back(cur);
                cur.clear();
            }
        }
    }
    if (!cur.empty()) tokens.push_back(cur);
    // A word wider than the line (a long link) is broken between characters.
    std::vector<std::string> fitted;
    for (auto& tok : tokens) {
        if (tok == "\n" || width(tok, px, bold) <= max_width) {
            fitted.push_back(std::move(tok));
            continue;
        }
        std::string piece;
        for (std::size_t i = 0; i < tok.size();) {
            const std::size_t start = i;
            next_codepoint(tok, i);
            const std::string ch = tok.substr(start, i - start);
            if (!piece.empty() && width(piece + ch, px, bold) > max_width) {
                fitted.push_back(piece);
                piece.clear();
            }
            piece += ch;
        }
        if (!piece.empty()) fitted.push_back(piece);
    }
    tokens.swap(fitted);
    std::vector<std::string> lines;
    std::string line;
    bool cut = false;
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        const std::string& tok = tokens[t];
        if (tok == "\n") {
            lines.push_back(line);
            line.clear();
        } else if (width(line + tok, px, bold) <= max_width || line.empty()) {
            line += tok;
        } else {
            lines.push_back(line);
            line = tok;
        }
        if (static_cast<int>(lines.size()) >= max_lines) {
            cut = t + 1 < tokens.size() || !line.empty();
            break;
        }
    }
    if (!cut && !line.empty()) lines.push_back(line);
    if (static_cast<int>(lines.size()) > max_lines) {
        lines.resize(max_lines);
        cut = true;
    }
    for (auto& l : lines)
        while (!l.empty() && l.back() == ' ') l.pop_back();
    if (cut && !lines.empty()) {
        std::string& last = lines.back();
        const std::string ellipsis = "…";
        while (!last.empty() && width(last + ellipsis, px, bold) > max_width) {
            // Drop one whole character: its continuation bytes, then its lead byte.
            while (!last.empty() && (static_cast<unsigned char>(last.back()) & 0xC0) == 0x80) last.pop_back();
            if (!last.empty()) last.pop_back();
        }
        while (!last.empty() && last.back() == ' ') last.pop_back();
        last += ellipsis;
    }
    return lines;
}

float TextRaster::draw(Raster& into, float x, float y, const std::string& text, float px, bool bold, std::uint32_t rgb) const {
    const std::uint8_t cr = (rgb >> 16) & 255, cg = (rgb >> 8) & 255, cb = rgb & 255;
    float pen = x;
    // Baseline from the first loaded face's ascent (all faces at the same pixel size).
    const Face* base = face_for('A', bold);
    if (!base) return 0;
    int asc = 0, desc = 0, gap = 0;
    stbtt_GetFontVMetrics(&base->info, &asc, &desc, &gap);
    const float baseline = y + asc * base->scale_for(px) + (line_height(px) - (asc - desc) * base->scale_for(px)) * 0.5f;
    std::vector<unsigned char> bitmap;
    for (std::size_t i = 0; i < text.size();) {
        const std::uint32_t cp = next_codepoint(text, i);
        const Face* f = face_for(cp, bold);
        if (!f) continue;
        const float s = f->scale_for(px);
        int adv = 0, lsb = 0;
        stbtt_GetCodepointHMetrics(&f->info, static_cast<int>(cp), &adv, &lsb);
        const float shift_x = pen - std::floor(pen);
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetCodepointBitmapBoxSubpixel(&f->info, static_cast<int>(cp), s, s, shift_x, 0, &x0, &y0, &x1, &y1);
        const int gw = x1 - x0, gh = y1 - y0;
        if (gw > 0 && gh > 0) {
            bitmap.assign(static_cast<std::size_t>(gw) * gh, 0);
            stbtt_MakeCodepointBitmapSubpixel(&f->info, bitmap.data(), gw, gh, gw, s, s, shift_x, 0, static_cast<int>(cp));
            const int ox = static_cast<int>(std::floor(pen)) + x0, oy = static_cast<int>(std::lround(baseline)) + y0;
            for (int yy = 0; yy < gh; ++yy) {
                const int py = oy + yy;
                if (py < 0 || py >= into.h) continue;
                for (int xx = 0; xx < gw; ++xx) {
                    const int pxx = ox + xx;
                    if (pxx < 0 || pxx >= into.w) continue;
                    const unsigned a = bitmap[static_cast<std::size_t>(yy) * gw + xx];
                    if (!a) continue;
                    std::uint8_t* d = into.px(pxx, py);
                    d[0] = static_cast<std::uint8_t>((cr * a + d[0] * (255 - a) + 127) / 255);
                    d[1] = static_cast<std::uint8_t>((cg * a + d[1] * (255 - a) + 127) / 255);
                    d[2] = static_cast<std::uint8_t>((cb * a + d[2] * (255 - a) + 127) / 255);
                    d[3] = 255;
                }
            }
        }
        pen += adv * s;
        if (i < text.size()) {
            std::size_t j = i;
            const std::uint32_t next = next_codepoint(text, j);
            if (face_for(next, bold) == f) pen += s * stbtt_GetCodepointKernAdvance(&f->info, static_cast<int>(cp), static_cast<int>(next));
        }
    }
    return pen - x;
}

GlyphFont::GlyphFont() = default;
GlyphFont::~GlyphFont() = default;
GlyphFont::GlyphFont(GlyphFont&&) noexcept = default;
GlyphFont& GlyphFont::operator=(GlyphFont&&) noexcept = default;

bool GlyphFont::load(std::span<const std::uint8_t> bytes) {
    face_ = core::load(bytes);
    return face_->loaded;
}
bool GlyphFont::ok() const { return face_ && face_->loaded; }
bool GlyphFont::has(std::uint32_t cp) const { return face_ && face_->has(cp); }
float GlyphFont::scale_for_em(float px) const { return face_->scale_for(px); }

int GlyphFont::advance(std::uint32_t cp) const {
    int adv = 0, lsb = 0;
    stbtt_GetCodepointHMetrics(&face_->info, static_cast<int>(cp), &adv, &lsb);
    return adv;
}

GlyphFont::Bitmap GlyphFont::render(std::uint32_t cp, float scale_x, float scale_y, float shift_x, float shift_y) const {
    Bitmap b;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    stbtt_GetCodepointBitmapBoxSubpixel(&face_->info, static_cast<int>(cp), scale_x, scale_y, shift_x, shift_y, &x0, &y0, &x1, &y1);
    b.x0 = x0;
    b.y0 = y0;
    if (x1 <= x0 || y1 <= y0) return b;
    b.w = x1 - x0;
    b.h = y1 - y0;
    b.alpha.assign(static_cast<std::size_t>(b.w) * b.h, 0);
    stbtt_MakeCodepointBitmapSubpixel(&face_->info, b.alpha.data(), b.w, b.h, b.w, scale_x, scale_y, shift_x, shift_y,
                                      static_cast<int>(cp));
    return b;
}

}  // namespace core
