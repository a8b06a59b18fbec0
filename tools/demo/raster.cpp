// The demo painter's raster output and label lettering (see paint.h). Neither compiles a library of
// its own: JPEG goes through core::encode_jpeg and glyphs through core::GlyphFont, so the stb
// implementations exist once, in dynshop_core.
//
// [SECTION] Raster      Canvas -> JPEG bytes
// [SECTION] Lettering   code points, measuring, lines and columns of glyphs, bars when fonts are missing
#include "paint.h"

#include "core/media/image.h"

namespace demo {

// [SECTION] Raster ---------------------------------------------------------------------------------

// The canvas's dithered 8-bit pixels as an opaque core::Raster: the core flattens alpha onto white,
// which leaves opaque pixels exactly as they are, so these are the bytes stb_image_write makes of
// the RGB rows directly.
std::vector<std::uint8_t> encode_jpeg(const Canvas& cv, std::uint32_t seed, int quality) {
    auto rgb = cv.rgb8(seed);
    core::Raster img;
    img.w = cv.width();
    img.h = cv.height();
    img.rgba.resize(static_cast<std::size_t>(img.w) * img.h * 4);
    for (std::size_t i = 0, j = 0; j < rgb.size(); i += 4, j += 3) {
        img.rgba[i] = rgb[j];
        img.rgba[i + 1] = rgb[j + 1];
        img.rgba[i + 2] = rgb[j + 2];
        img.rgba[i + 3] = 255;
    }
    return core::encode_jpeg(img, quality);
}

// [SECTION] Lettering ------------------------------------------------------------------------------

std::vector<std::uint32_t> utf8_codepoints(std::string_view s) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = 0;
        int n = 0;
        if (c < 0x80) { cp = c; n = 1; }
        else if ((c >> 5) == 6) { cp = c & 0x1F; n = 2; }
        else if ((c >> 4) == 14) { cp = c & 0x0F; n = 3; }
        else { cp = c & 0x07; n = 4; }
        for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

bool Letterer::available(std::string_view text, Face face) const {
    if (!fonts_) return false;
    for (auto cp : utf8_codepoints(text))
        if (!pick(cp, face)) return false;
    return true;
}

float Letterer::measure(std::string_view text, float size, Face face, float tracking) const {
    float w = 0;
    auto cps = utf8_codepoints(text);
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const core::GlyphFont* f = pick(cps[i], face);
        if (!f) continue;
        float scale = f->scale_for_em(size);
        w += f->advance(cps[i]) * scale + (i + 1 < cps.size() ? tracking * size : 0.f);
    }
    return w;
}

bool Letterer::line(Canvas& cv, std::string_view text, float cx, float baseline, float size, Face face, RGB col, float alpha,
                    float tracking, float max_width, float squash) const {
    if (!available(text, face)) return false;
    float w = measure(text, size, face, tracking);
    if (max_width > 0 && w > max_width) {
        size *= max_width / w;
        w = max_width;
    }
    float pen = cx - w * 0.5f;
    auto cps = utf8_codepoints(text);
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const core::GlyphFont* f = pick(cps[i], face);
        float scale = f->scale_for_em(size);
        glyph(cv, *f, cps[i], pen, baseline, size, col, alpha, squash);
        pen += f->advance(cps[i]) * scale + tracking * size;
    }
    return true;
}

bool Letterer::column(Canvas& cv, std::string_view text, float cx, float top, float size, RGB col, float alpha, float gap) const {
    if (!available(text, Face::Serif)) return false;
    float y = top + size * 0.86f;
    for (auto cp : utf8_codepoints(text)) {
        const core::GlyphFont* f = pick(cp, Face::Serif);
        float scale = f->scale_for_em(size);
        glyph(cv, *f, cp, cx - f->advance(cp) * scale * 0.5f, y, size, col, alpha);
        y += size * (1.f + gap);
    }
    return true;
}

// Latin from the face asked for; CJK (and whatever else it lacks) from the CJK font, then sans.
const core::GlyphFont* Letterer::pick(std::uint32_t cp, Face face) const {
    if (!fonts_) return nullptr;
    const core::GlyphFont& first = face == Face::Serif ? fonts_->serif : fonts_->sans;
    if (cp < 0x2E80 && first.has(cp)) return &first;
    if (fonts_->cjk.has(cp)) return &fonts_->cjk;
    if (fonts_->sans.has(cp)) return &fonts_->sans;
    return nullptr;
}

// One glyph at its subpixel position, its coverage mixed into the canvas.
void Letterer::glyph(Canvas& cv, const core::GlyphFont& f, std::uint32_t cp, float pen_x, float baseline, float size, RGB col,
                     float alpha, float squash) const {
    float scale = f.scale_for_em(size * cv.scale());
    float scale_y = scale * squash;
    V2 origin = cv.to_pixel({pen_x, baseline});
    float fx = std::floor(origin.x), fy = std::floor(origin.y);
    const core::GlyphFont::Bitmap bmp = f.render(cp, scale, scale_y, origin.x - fx, origin.y - fy);
    const int gw = bmp.w, gh = bmp.h;
    if (gw <= 0 || gh <= 0) return;
    for (int y = 0; y < gh; ++y)
        for (int x = 0; x < gw; ++x) {
            int X = static_cast<int>(fx) + bmp.x0 + x, Y = static_cast<int>(fy) + bmp.y0 + y;
            if (X < 0 || Y < 0 || X >= cv.width() || Y >= cv.height()) continue;
            float a = bmp.alpha[static_cast<std::size_t>(y) * gw + x] / 255.f * alpha;
            if (a <= 0) continue;
            RGB& c = cv.pixel(X, Y);
            c = mix(c, col, a);
        }
}

// Label lettering with a graceful fallback: thin rounded bars where words would be.
void text_or_bars(Canvas& cv, const Letterer& lt, std::string_view text, float cx, float baseline, float size, Face face,
                  RGB col, float alpha, float tracking, float max_width, float squash) {
    if (text.empty()) return;
    if (lt.line(cv, text, cx, baseline, size, face, col, alpha, tracking, max_width, squash)) return;
    float w = std::min(max_width > 0 ? max_width : 1e9f, size * 0.55f * static_cast<float>(utf8_codepoints(text).size()));
    float h = size * 0.32f * squash;
    V2 c{cx, baseline - size * 0.32f * squash};
    cv.solid(around(c, w * 0.5f, h), [&](V2 p) { return sd_box(p, c, {w * 0.5f, h * 0.5f}, h * 0.5f); }, col, alpha * 0.8f);
}

}  // namespace demo
