// The demo and scale worlds (see demo_world.h). Compiled into gen_demo and into the domain tests by
// #include, so it has no target of its own.
//
// [SECTION] Third party   stb_image_write (JPEG) and stb_truetype (label lettering), static
// [SECTION] Raster        a small anti-aliased painter: signed distances, coverage, lighting
// [SECTION] Lettering     text on labels with stb_truetype, or abstract marks without fonts
// [SECTION] Objects       tea tins, pouches, teapots, bottles, candles... drawn as product shots
// [SECTION] Scenes        backdrops, props, gallery variants, avatars, banners
// [SECTION] Content       the two demo brands' catalogs and the distributors' shops
// [SECTION] Demo world    signing everything in dependency order
// [SECTION] Scale world   3,000 SKUs and 20,000 distributors
// [SECTION] Output        documents.jsonl, demo.json, charset, verification
#include "demo_world.h"

#include "core/catalog/article.h"

#include "core/shop/invite.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <set>
#include <string_view>
#if !defined(__EMSCRIPTEN__)
#include <atomic>
#include <thread>
#endif

// [SECTION] Third party ----------------------------------------------------------------------------
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#endif
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb/stb_truetype.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace demo {
namespace {

using core::Json;

// [SECTION] Raster ---------------------------------------------------------------------------------

struct V2 {
    float x = 0, y = 0;
};
inline V2 operator+(V2 a, V2 b) { return {a.x + b.x, a.y + b.y}; }
inline V2 operator-(V2 a, V2 b) { return {a.x - b.x, a.y - b.y}; }
inline V2 operator*(V2 a, float k) { return {a.x * k, a.y * k}; }
inline float dot(V2 a, V2 b) { return a.x * b.x + a.y * b.y; }
inline float len(V2 a) { return std::sqrt(a.x * a.x + a.y * a.y); }
inline float clampf(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }
inline float sat(float v) { return clampf(v, 0.f, 1.f); }
inline float smooth(float e0, float e1, float x) {
    float t = sat((x - e0) / (e1 - e0));
    return t * t * (3.f - 2.f * t);
}
inline float lerp(float a, float b, float t) { return a + (b - a) * t; }
inline float sq_x(float d, float r) { return (d / r) * (d / r); }
inline V2 rot(V2 p, float a) {
    float c = std::cos(a), s = std::sin(a);
    return {c * p.x - s * p.y, s * p.x + c * p.y};
}
constexpr float kPi = 3.14159265f;

struct RGB {
    float r = 0, g = 0, b = 0;
};
inline RGB operator+(RGB a, RGB b) { return {a.r + b.r, a.g + b.g, a.b + b.b}; }
inline RGB operator*(RGB a, float k) { return {a.r * k, a.g * k, a.b * k}; }
inline RGB operator*(RGB a, RGB b) { return {a.r * b.r, a.g * b.g, a.b * b.b}; }
inline RGB mix(RGB a, RGB b, float t) { return {lerp(a.r, b.r, t), lerp(a.g, b.g, t), lerp(a.b, b.b, t)}; }
inline RGB hexc(std::uint32_t v) {
    return {((v >> 16) & 255) / 255.f, ((v >> 8) & 255) / 255.f, (v & 255) / 255.f};
}
const RGB kWhite{1, 1, 1}, kBlack{0, 0, 0};
inline RGB tint(RGB c, float t) { return t >= 0 ? mix(c, kWhite, t) : mix(c, RGB{c.r * 0.35f, c.g * 0.3f, c.b * 0.32f}, -t); }
inline float luma(RGB c) { return 0.299f * c.r + 0.587f * c.g + 0.114f * c.b; }
inline RGB desat(RGB c, float t) {
    float l = luma(c);
    return mix(c, RGB{l, l, l}, t);
}

// Signed distances (negative inside), in the painter's virtual units.
inline float sd_circle(V2 p, V2 c, float r) { return len(p - c) - r; }
inline float sd_box(V2 p, V2 c, V2 half, float r = 0) {
    V2 q{std::fabs(p.x - c.x) - half.x + r, std::fabs(p.y - c.y) - half.y + r};
    V2 m{std::max(q.x, 0.f), std::max(q.y, 0.f)};
    return len(m) + std::min(std::max(q.x, q.y), 0.f) - r;
}
inline float sd_ellipse(V2 p, V2 c, V2 r) {
    V2 q = p - c;
    float k0 = std::sqrt((q.x * q.x) / (r.x * r.x) + (q.y * q.y) / (r.y * r.y));
    float k1 = std::sqrt((q.x * q.x) / (r.x * r.x * r.x * r.x) + (q.y * q.y) / (r.y * r.y * r.y * r.y));
    if (k1 < 1e-9f) return -std::min(r.x, r.y);
    return k0 * (k0 - 1.f) / k1;
}
inline float sd_segment(V2 p, V2 a, V2 b, float r) {
    V2 pa = p - a, ba = b - a;
    float h = sat(dot(pa, ba) / dot(ba, ba));
    return len(pa - ba * h) - r;
}
// A segment whose radius changes from ra (at a) to rb (at b).
inline float sd_taper(V2 p, V2 a, V2 b, float ra, float rb) {
    V2 pa = p - a, ba = b - a;
    float h = sat(dot(pa, ba) / dot(ba, ba));
    return len(pa - ba * h) - lerp(ra, rb, h);
}
float sd_poly(V2 p, const V2* v, int n) {
    float d = dot(p - v[0], p - v[0]);
    float s = 1.f;
    for (int i = 0, j = n - 1; i < n; j = i, i++) {
        V2 e = v[j] - v[i], w = p - v[i];
        V2 b = w - e * sat(dot(w, e) / dot(e, e));
        d = std::min(d, dot(b, b));
        bool c1 = p.y >= v[i].y, c2 = p.y < v[j].y, c3 = e.x * w.y > e.y * w.x;
        if ((c1 && c2 && c3) || (!c1 && !c2 && !c3)) s = -s;
    }
    return s * std::sqrt(d);
}
// A leaf (two circle arcs meeting in points) centred at c, half-length hl, half-width hw, turned by a.
inline float sd_leaf(V2 p, V2 c, float hl, float hw, float a) {
    V2 q = rot(p - c, -a);
    float r = (hl * hl + hw * hw) / (2.f * hw);
    return std::max(len(q - V2{0, r - hw}), len(q + V2{0, r - hw})) - r;
}
inline float smin(float a, float b, float k) {
    float h = sat(0.5f + 0.5f * (b - a) / k);
    return lerp(b, a, h) - k * h * (1.f - h);
}

struct Rect {
    float x0, y0, x1, y1;
};
inline Rect around(V2 c, float rx, float ry) { return {c.x - rx, c.y - ry, c.x + rx, c.y + ry}; }
inline Rect unite(Rect a, Rect b) {
    return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// Deterministic hash noise.
inline std::uint32_t hash_u32(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}
inline float hash01(std::uint32_t a, std::uint32_t b = 0) { return (hash_u32(a * 0x9E3779B1u + hash_u32(b)) & 0xFFFFFF) / 16777216.f; }

// The painter: an RGB float buffer seen through a view onto virtual units (1000 across at zoom 1).
class Canvas {
public:
    Canvas(int w, int h) : w_(w), h_(h), px_(static_cast<std::size_t>(w) * h) { view(1.f, {500.f, 500.f * h / w}); }

    void view(float zoom, V2 focus) {
        s_ = w_ / 1000.f * zoom;
        ox_ = focus.x - w_ * 0.5f / s_;
        oy_ = focus.y - h_ * 0.5f / s_;
    }
    float px() const { return 1.f / s_; }  // one pixel in virtual units
    float scale() const { return s_; }
    int width() const { return w_; }
    int height() const { return h_; }
    V2 at(int x, int y) const { return {ox_ + (x + 0.5f) / s_, oy_ + (y + 0.5f) / s_}; }
    RGB& pixel(int x, int y) { return px_[static_cast<std::size_t>(y) * w_ + x]; }
    V2 to_pixel(V2 v) const { return {(v.x - ox_) * s_, (v.y - oy_) * s_}; }

    template <class Fn>
    void each(Rect bb, Fn fn) {
        int x0 = std::max(0, static_cast<int>(std::floor((bb.x0 - ox_) * s_)) - 2);
        int y0 = std::max(0, static_cast<int>(std::floor((bb.y0 - oy_) * s_)) - 2);
        int x1 = std::min(w_ - 1, static_cast<int>(std::ceil((bb.x1 - ox_) * s_)) + 2);
        int y1 = std::min(h_ - 1, static_cast<int>(std::ceil((bb.y1 - oy_) * s_)) + 2);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) fn(at(x, y), pixel(x, y));
    }
    template <class Fn>
    void all(Fn fn) {
        each({ox_, oy_, ox_ + w_ / s_, oy_ + h_ / s_}, fn);
    }

    // Fills the shape (sdf < 0) with paint(p), anti-aliased by analytic coverage.
    template <class Sdf, class Paint>
    void fill(Rect bb, Sdf sdf, Paint paint, float alpha = 1.f) {
        each(bb, [&](V2 p, RGB& c) {
            float cov = sat(0.5f - sdf(p) * s_) * alpha;
            if (cov <= 0.f) return;
            c = mix(c, paint(p), cov);
        });
    }
    template <class Sdf>
    void solid(Rect bb, Sdf sdf, RGB col, float alpha = 1.f) {
        fill(bb, sdf, [&](V2) { return col; }, alpha);
    }
    // A blurred shape: coverage falls off over `blur` virtual units either side of the edge.
    template <class Sdf>
    void soft(Rect bb, Sdf sdf, float blur, RGB col, float alpha) {
        bb = {bb.x0 - blur, bb.y0 - blur, bb.x1 + blur, bb.y1 + blur};
        float b = std::max(blur, px());
        each(bb, [&](V2 p, RGB& c) {
            float cov = (1.f - smooth(-b, b, sdf(p))) * alpha;
            if (cov <= 0.f) return;
            c = mix(c, col, cov);
        });
    }
    // Relights a shape: colour = colour * mul + add, both from fn(p), weighted by coverage.
    template <class Sdf, class Fn>
    void light(Rect bb, Sdf sdf, Fn fn) {
        each(bb, [&](V2 p, RGB& c) {
            float cov = sat(0.5f - sdf(p) * s_);
            if (cov <= 0.f) return;
            RGB mul, add;
            fn(p, mul, add);
            RGB lit = c * mul + add;
            c = mix(c, lit, cov);
        });
    }
    // Additive glow around a point.
    void glow(V2 c, float r, RGB col, float a) {
        each(around(c, r, r), [&](V2 p, RGB& px) {
            float d = len(p - c) / r;
            if (d >= 1.f) return;
            float k = (1.f - d) * (1.f - d) * a;
            px = px + col * k;
        });
    }

    std::vector<std::uint8_t> rgb8(std::uint32_t seed) const {
        std::vector<std::uint8_t> out(static_cast<std::size_t>(w_) * h_ * 3);
        for (int y = 0; y < h_; ++y)
            for (int x = 0; x < w_; ++x) {
                const RGB& c = px_[static_cast<std::size_t>(y) * w_ + x];
                // A half-step of dither keeps soft gradients from banding.
                float d = hash01(seed + static_cast<std::uint32_t>(y) * 7919u, static_cast<std::uint32_t>(x)) - 0.5f;
                auto q = [&](float v) {
                    return static_cast<std::uint8_t>(clampf(sat(v) * 255.f + d * 0.9f + 0.5f, 0.f, 255.f));
                };
                std::size_t i = (static_cast<std::size_t>(y) * w_ + x) * 3;
                out[i] = q(c.r);
                out[i + 1] = q(c.g);
                out[i + 2] = q(c.b);
            }
        return out;
    }

private:
    int w_, h_;
    float s_ = 1, ox_ = 0, oy_ = 0;
    std::vector<RGB> px_;
};

std::vector<std::uint8_t> encode_jpeg(const Canvas& cv, std::uint32_t seed, int quality = 86) {
    auto rgb = cv.rgb8(seed);
    std::vector<std::uint8_t> out;
    stbi_write_jpg_to_func(
        [](void* ctx, void* data, int size) {
            auto* v = static_cast<std::vector<std::uint8_t>*>(ctx);
            auto* b = static_cast<std::uint8_t*>(data);
            v->insert(v->end(), b, b + size);
        },
        &out, cv.width(), cv.height(), 3, rgb.data(), quality);
    return out;
}

// Lighting helpers. `side` is where the key light comes from: -1 left, +1 right.
// Across a vertical cylinder, t runs from -1 (left edge) to +1 (right edge).
inline void cyl_light(float t, float side, float gloss, RGB& mul, RGB& add, float spec_width = 0.13f) {
    t = clampf(t, -1.f, 1.f);
    float nz = std::sqrt(std::max(0.f, 1.f - t * t));
    float lx = 0.62f * side, lz = 0.78f;
    float wrap = 0.5f + 0.5f * (t * lx + nz * lz);
    float k = 0.52f + 0.58f * wrap;
    k *= 1.f - 0.22f * std::pow(std::fabs(t), 6.f);  // edges fall away
    mul = {k, k, k * 0.985f};
    // Highlight where the half vector meets the surface, plus a faint bounce on the far edge.
    float th = 0.36f * side;
    float spec = std::exp(-(t - th) * (t - th) / (spec_width * spec_width)) * gloss;
    float bounce = std::exp(-(t + 0.86f * side) * (t + 0.86f * side) / 0.004f) * gloss * 0.25f;
    float a = spec + bounce;
    add = {a, a, a * 0.98f};
}
// An ellipsoid-ish surface: normal from the position inside an ellipse with radii r around c.
inline void dome_light(V2 p, V2 c, V2 r, float side, float gloss, float shininess, RGB& mul, RGB& add) {
    float nx = clampf((p.x - c.x) / r.x, -1.f, 1.f), ny = clampf((p.y - c.y) / r.y, -1.f, 1.f);
    float nn = nx * nx + ny * ny;
    if (nn > 1.f) {
        float k = 1.f / std::sqrt(nn);
        nx *= k;
        ny *= k;
        nn = 1.f;
    }
    float nz = std::sqrt(std::max(0.f, 1.f - nn));
    float lx = 0.5f * side, ly = -0.55f, lz = 0.67f;
    float wrap = 0.5f + 0.5f * (nx * lx + ny * ly + nz * lz);
    float k = 0.45f + 0.65f * wrap;
    mul = {k, k, k * 0.985f};
    float hx = lx, hy = ly, hz = lz + 1.f;
    float hl = std::sqrt(hx * hx + hy * hy + hz * hz);
    float ndh = std::max(0.f, (nx * hx + ny * hy + nz * hz) / hl);
    float spec = std::pow(ndh, shininess) * gloss;
    float fres = std::pow(1.f - nz, 3.f) * gloss * 0.18f;
    add = {spec + fres, spec + fres, (spec + fres) * 0.98f};
}

// [SECTION] Lettering ------------------------------------------------------------------------------

struct Font {
    stbtt_fontinfo info{};
    bool ok = false;
    bool init(const std::vector<std::uint8_t>& bytes) {
        if (bytes.empty()) return false;
        int off = stbtt_GetFontOffsetForIndex(bytes.data(), 0);
        ok = off >= 0 && stbtt_InitFont(&info, bytes.data(), off) != 0;
        return ok;
    }
};

struct Fonts {
    Font sans, serif, cjk;
};

enum class Face { Sans, Serif };

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

class Letterer {
public:
    explicit Letterer(const Fonts* fonts) : fonts_(fonts) {}

    bool available(std::string_view text, Face face) const {
        if (!fonts_) return false;
        for (auto cp : utf8_codepoints(text))
            if (!pick(cp, face)) return false;
        return true;
    }

    // Width of a line in virtual units at em size `size`.
    float measure(std::string_view text, float size, Face face, float tracking) const {
        float w = 0;
        auto cps = utf8_codepoints(text);
        for (std::size_t i = 0; i < cps.size(); ++i) {
            const Font* f = pick(cps[i], face);
            if (!f) continue;
            float scale = stbtt_ScaleForMappingEmToPixels(&f->info, size);
            int adv = 0, lsb = 0;
            stbtt_GetCodepointHMetrics(&f->info, static_cast<int>(cps[i]), &adv, &lsb);
            w += adv * scale + (i + 1 < cps.size() ? tracking * size : 0.f);
        }
        return w;
    }

    // Draws one line centred on cx with its baseline at `baseline` (virtual units). Returns false
    // when fonts are missing, so callers can draw abstract marks instead.
    bool line(Canvas& cv, std::string_view text, float cx, float baseline, float size, Face face, RGB col,
              float alpha = 1.f, float tracking = 0.f, float max_width = 0.f, float squash = 1.f) const {
        if (!available(text, face)) return false;
        float w = measure(text, size, face, tracking);
        if (max_width > 0 && w > max_width) {
            size *= max_width / w;
            w = max_width;
        }
        float pen = cx - w * 0.5f;
        auto cps = utf8_codepoints(text);
        for (std::size_t i = 0; i < cps.size(); ++i) {
            const Font* f = pick(cps[i], face);
            float scale = stbtt_ScaleForMappingEmToPixels(&f->info, size);
            glyph(cv, *f, cps[i], pen, baseline, size, col, alpha, squash);
            int adv = 0, lsb = 0;
            stbtt_GetCodepointHMetrics(&f->info, static_cast<int>(cps[i]), &adv, &lsb);
            pen += adv * scale + tracking * size;
        }
        return true;
    }

    // Characters stacked top to bottom, centred on cx, the first one's top at `top`.
    bool column(Canvas& cv, std::string_view text, float cx, float top, float size, RGB col, float alpha = 1.f,
                float gap = 0.12f) const {
        if (!available(text, Face::Serif)) return false;
        float y = top + size * 0.86f;
        for (auto cp : utf8_codepoints(text)) {
            const Font* f = pick(cp, Face::Serif);
            float scale = stbtt_ScaleForMappingEmToPixels(&f->info, size);
            int adv = 0, lsb = 0;
            stbtt_GetCodepointHMetrics(&f->info, static_cast<int>(cp), &adv, &lsb);
            glyph(cv, *f, cp, cx - adv * scale * 0.5f, y, size, col, alpha);
            y += size * (1.f + gap);
        }
        return true;
    }

private:
    const Font* pick(std::uint32_t cp, Face face) const {
        if (!fonts_) return nullptr;
        const Font& first = face == Face::Serif ? fonts_->serif : fonts_->sans;
        if (cp < 0x2E80 && first.ok && stbtt_FindGlyphIndex(&first.info, static_cast<int>(cp)) != 0) return &first;
        if (fonts_->cjk.ok && stbtt_FindGlyphIndex(&fonts_->cjk.info, static_cast<int>(cp)) != 0) return &fonts_->cjk;
        if (fonts_->sans.ok && stbtt_FindGlyphIndex(&fonts_->sans.info, static_cast<int>(cp)) != 0) return &fonts_->sans;
        return nullptr;
    }

    void glyph(Canvas& cv, const Font& f, std::uint32_t cp, float pen_x, float baseline, float size, RGB col,
               float alpha, float squash = 1.f) const {
        float scale = stbtt_ScaleForMappingEmToPixels(&f.info, size * cv.scale());
        float scale_y = scale * squash;
        V2 origin = cv.to_pixel({pen_x, baseline});
        float fx = std::floor(origin.x), fy = std::floor(origin.y);
        int x0, y0, x1, y1;
        stbtt_GetCodepointBitmapBoxSubpixel(&f.info, static_cast<int>(cp), scale, scale_y, origin.x - fx, origin.y - fy,
                                            &x0, &y0, &x1, &y1);
        int gw = x1 - x0, gh = y1 - y0;
        if (gw <= 0 || gh <= 0) return;
        std::vector<unsigned char> bmp(static_cast<std::size_t>(gw) * gh);
        stbtt_MakeCodepointBitmapSubpixel(&f.info, bmp.data(), gw, gh, gw, scale, scale_y, origin.x - fx, origin.y - fy,
                                          static_cast<int>(cp));
        for (int y = 0; y < gh; ++y)
            for (int x = 0; x < gw; ++x) {
                int X = static_cast<int>(fx) + x0 + x, Y = static_cast<int>(fy) + y0 + y;
                if (X < 0 || Y < 0 || X >= cv.width() || Y >= cv.height()) continue;
                float a = bmp[static_cast<std::size_t>(y) * gw + x] / 255.f * alpha;
                if (a <= 0) continue;
                RGB& c = cv.pixel(X, Y);
                c = mix(c, col, a);
            }
    }

    const Fonts* fonts_;
};

// Label lettering with a graceful fallback: thin rounded bars where words would be.
void text_or_bars(Canvas& cv, const Letterer& lt, std::string_view text, float cx, float baseline, float size, Face face,
                  RGB col, float alpha, float tracking, float max_width, float squash = 1.f) {
    if (text.empty()) return;
    if (lt.line(cv, text, cx, baseline, size, face, col, alpha, tracking, max_width, squash)) return;
    float w = std::min(max_width > 0 ? max_width : 1e9f, size * 0.55f * static_cast<float>(utf8_codepoints(text).size()));
    float h = size * 0.32f * squash;
    V2 c{cx, baseline - size * 0.32f * squash};
    cv.solid(around(c, w * 0.5f, h), [&](V2 p) { return sd_box(p, c, {w * 0.5f, h * 0.5f}, h * 0.5f); }, col, alpha * 0.8f);
}


// [SECTION] Objects --------------------------------------------------------------------------------

enum class Kind {
    Tin, Pouch, Carton, Jar, GlassJar, Cake, Teapot, Gaiwan, Cups, Pitcher, GiftBox,
    Dropper, Pump, Spray, Tube, Soap, Candle, CeramicCandle, Taper, Diffuser, FlatTin
};

// How a product looks: its object, colours and label words.
struct Look {
    Kind kind = Kind::Tin;
    RGB body, lid, label, ink, accent, content;
    float gloss = 0.3f;
    std::string big, small, brand, seal;
    bool cjk = false;  // big label words stacked vertically
};

// Where it stands: centre x, floor contact y, scale, key light side (-1 left, +1 right).
struct Stage {
    float cx = 500, base = 800, k = 1, side = -1;
};

const RGB kShadow{0.16f, 0.12f, 0.1f};

// Contact shadow, ambient occlusion and a long soft cast shadow away from the light.
void ground_shadow(Canvas& cv, float cx, float base, float hw, float height, float side, float strength = 1.f) {
    float dx = -side * height * 0.55f, dy = height * 0.16f;
    V2 q[4] = {{cx - hw * 0.9f, base}, {cx + hw * 0.9f, base}, {cx + hw * 0.7f + dx, base - dy}, {cx - hw * 0.7f + dx, base - dy}};
    Rect bb = unite(around({cx, base}, hw, 10), around({cx + dx, base - dy}, hw, 10));
    cv.soft(bb, [&](V2 p) { return sd_poly(p, q, 4); }, hw * 0.35f, kShadow, 0.13f * strength);
    V2 c{cx, base - 2.f};
    cv.soft(around(c, hw * 1.3f, hw * 0.3f), [&](V2 p) { return sd_ellipse(p, c, {hw * 1.15f, hw * 0.16f + 6.f}); },
            hw * 0.22f, kShadow, 0.22f * strength);
    cv.soft(around(c, hw, hw * 0.2f), [&](V2 p) { return sd_ellipse(p, c, {hw * 0.98f, hw * 0.07f + 3.f}); }, 5.f,
            kShadow, 0.42f * strength);
}

// Value noise in [0,1] for textures (tea leaves, salts, clay).
float vnoise(V2 p, std::uint32_t seed) {
    float ix = std::floor(p.x), iy = std::floor(p.y);
    float fx = p.x - ix, fy = p.y - iy;
    auto h = [&](float x, float y) {
        return hash01(static_cast<std::uint32_t>(static_cast<int>(x) * 73856093) ^ seed,
                      static_cast<std::uint32_t>(static_cast<int>(y) * 19349663));
    };
    float ux = fx * fx * (3 - 2 * fx), uy = fy * fy * (3 - 2 * fy);
    return lerp(lerp(h(ix, iy), h(ix + 1, iy), ux), lerp(h(ix, iy + 1), h(ix + 1, iy + 1), ux), uy);
}
float fbm(V2 p, std::uint32_t seed) { return 0.6f * vnoise(p, seed) + 0.3f * vnoise(p * 2.1f, seed + 7) + 0.1f * vnoise(p * 4.3f, seed + 13); }

// A heap of small pieces (tea leaves, or salt crystals) as seen through glass or a window:
// returns a tint for the pixel, dark in the gaps between pieces.
float pile(V2 p, float cell, std::uint32_t seed, bool leaves) {
    float gx = std::floor(p.x / cell), gy = std::floor(p.y / cell);
    float best = 1e9f, shade = 0.5f;
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
            auto cx = static_cast<std::uint32_t>(static_cast<int>(gx) + dx + 100000);
            auto cy = static_cast<std::uint32_t>(static_cast<int>(gy) + dy + 100000);
            float h1 = hash01(cx * 7u + seed, cy), h2 = hash01(cx * 13u + seed, cy * 3u + 1u), h3 = hash01(cx + seed * 5u, cy * 11u + 7u);
            V2 c{(gx + dx + 0.5f + (h1 - 0.5f) * 0.9f) * cell, (gy + dy + 0.5f + (h2 - 0.5f) * 0.9f) * cell};
            float ang = h3 * kPi;
            float d = leaves ? sd_leaf(p, c, cell * 0.8f, cell * 0.3f, ang)
                             : sd_box(rot(p - c, -ang), {0, 0}, {cell * 0.42f, cell * 0.34f}, cell * 0.12f);
            if (d < best) {
                best = d;
                shade = hash01(cx * 31u + seed, cy * 17u + 5u);
            }
        }
    float inside = 1.f - smooth(-cell * 0.06f, cell * 0.06f, best);
    float edge = std::exp(-sq_x(best + cell * 0.1f, cell * 0.08f));
    return lerp(-0.4f, (shade - 0.5f) * 0.5f + 0.04f, inside) + edge * 0.12f * inside;
}

// Label words inside a w x h area centred on c. Vertical CJK when the label is tall enough.
void label_art(Canvas& cv, const Letterer& lt, const Look& L, V2 c, float w, float h, float squash = 1.f) {
    float brand_size = std::min(h * 0.13f, w * 0.11f);
    if (L.cjk && h > w * 0.8f && !L.big.empty()) {
        auto n = static_cast<float>(utf8_codepoints(L.big).size());
        float size = std::min(w * 0.5f, h * 0.64f / (n * 1.1f));
        float top = c.y - (n * size * 1.1f) * 0.5f + brand_size * 0.55f;
        if (!lt.column(cv, L.big, c.x, top, size, L.ink, 0.95f, 0.1f))
            text_or_bars(cv, lt, L.big, c.x, c.y + size * 0.3f, size, Face::Serif, L.ink, 0.9f, 0, w * 0.8f);
        text_or_bars(cv, lt, L.brand, c.x, c.y - h * 0.5f + brand_size * 1.35f, brand_size, Face::Sans, L.ink, 0.85f, 0.12f, w * 0.8f);
        if (!L.seal.empty()) {
            float sz = std::min(w * 0.2f, h * 0.12f);
            V2 sc{c.x + w * 0.3f, c.y + h * 0.5f - sz * 1.0f};
            cv.solid(around(sc, sz, sz), [&](V2 p) { return sd_box(p, sc, {sz * 0.5f, sz * 0.5f}, sz * 0.12f); }, L.accent, 0.92f);
            lt.line(cv, L.seal, sc.x, sc.y + sz * 0.3f, sz * 0.72f, Face::Serif, L.label, 0.95f);
        }
        return;
    }
    float big_size = std::min(h * 0.3f, w * 0.24f);
    float y = c.y - h * 0.5f;
    float gap = (h - brand_size - big_size - (L.small.empty() ? 0 : brand_size)) / 4.f;
    y += gap + brand_size;
    text_or_bars(cv, lt, L.brand, c.x, y, brand_size, Face::Sans, L.ink, 0.85f, L.cjk ? 0.1f : 0.22f, w * 0.86f, squash);
    // A thin rule between brand and name.
    V2 rc{c.x, y + gap * 0.6f};
    float rw = w * 0.12f, rh = std::max(1.2f, h * 0.006f);
    cv.solid(around(rc, rw, rh * 2), [&](V2 p) { return sd_box(p, rc, {rw, rh * 0.5f}); }, L.accent, 0.8f);
    y += gap + big_size;
    text_or_bars(cv, lt, L.big, c.x, y, big_size, Face::Serif, L.ink, 0.95f, L.cjk ? 0.05f : 0.04f, w * 0.9f, squash);
    if (!L.small.empty()) {
        y += gap + brand_size;
        text_or_bars(cv, lt, L.small, c.x, y, brand_size * 0.95f, Face::Sans, L.ink, 0.8f, L.cjk ? 0.08f : 0.2f, w * 0.86f, squash);
    }
}

// A vertical cylinder seen from slightly above: body from the top ellipse centre yt to the bottom
// ellipse centre yb, half-width hw, ellipse half-height ry.
struct Cyl {
    float cx, yt, yb, hw, ry;
    float sd(V2 p) const {
        return std::min(sd_box(p, {cx, (yt + yb) * 0.5f}, {hw, (yb - yt) * 0.5f}), sd_ellipse(p, {cx, yb}, {hw, ry}));
    }
    float sd_top(V2 p) const { return sd_ellipse(p, {cx, yt}, {hw, ry}); }
    Rect bb() const { return {cx - hw, yt - ry, cx + hw, yb + ry}; }
    float t(V2 p) const { return (p.x - cx) / hw; }
    float curve(float x) const {  // how far the front of the surface sags below a level at x
        float t = (x - cx) / hw;
        return ry * std::sqrt(std::max(0.f, 1.f - t * t));
    }
};

void light_cyl(Canvas& cv, const Cyl& c, float side, float gloss, float spec_width = 0.13f) {
    cv.light(c.bb(), [&](V2 p) { return c.sd(p); }, [&](V2 p, RGB& m, RGB& a) { cyl_light(c.t(p), side, gloss, m, a, spec_width); });
}

// The top face of a cylinder (lid, rim): lighter at the back, a soft rim.
void cyl_top(Canvas& cv, const Cyl& c, RGB col, float side, float gloss) {
    cv.fill(c.bb(), [&](V2 p) { return c.sd_top(p); }, [&](V2 p) {
        float v = (p.y - (c.yt - c.ry)) / (2 * c.ry);
        float u = (p.x - c.cx) / c.hw;
        return tint(col, 0.16f - 0.1f * v - 0.06f * u * side * 0.5f);
    });
    V2 ctr{c.cx, c.yt};
    cv.fill(c.bb(), [&](V2 p) { return std::fabs(sd_ellipse(p, ctr, {c.hw * 0.9f, c.ry * 0.86f})) - 1.6f; },
            [&](V2) { return tint(col, -0.12f); }, 0.45f);
    float g = gloss;
    cv.light(c.bb(), [&](V2 p) { return c.sd_top(p); }, [&](V2 p, RGB& m, RGB& a) {
        m = {1, 1, 1};
        float u = (p.x - c.cx) / c.hw + side * 0.35f;
        float v = (p.y - c.yt) / c.ry + 0.3f;
        float s = std::exp(-(u * u * 3 + v * v * 2)) * g * 0.35f;
        a = {s, s, s};
    });
}

void draw_tin(Canvas& cv, const Letterer& lt, const Look& L, Stage s, float wmul = 1.f, float hmul = 1.f) {
    float k = s.k, hw = 118 * k * wmul, H = 330 * k * hmul, ry = hw * 0.2f;
    Cyl body{s.cx, s.base - ry - H, s.base - ry, hw, ry};
    ground_shadow(cv, s.cx, s.base - ry * 0.4f, hw, H, s.side);
    cv.solid(body.bb(), [&](V2 p) { return body.sd(p); }, L.body);
    // Label band that follows the curve of the tin.
    float lid_h = 74 * k * hmul;
    float a = body.yt + lid_h + 26 * k, b = body.yb - 24 * k;
    auto band = [&](V2 p) {
        float cu = body.curve(p.x);
        return std::max(body.sd(p), std::max(a + cu - p.y, p.y - (b + cu)));
    };
    cv.solid(body.bb(), band, L.label);
    for (float y : {a + 9 * k, b - 9 * k}) {
        cv.solid(body.bb(), [&](V2 p) { return std::max(body.sd(p), std::fabs(p.y - y - body.curve(p.x)) - 1.6f * k); }, L.accent, 0.9f);
    }
    label_art(cv, lt, L, {s.cx, (a + b) * 0.5f + ry * 0.9f}, hw * 1.5f, (b - a) - 30 * k);
    light_cyl(cv, body, s.side, L.gloss);
    // Lid: a slightly wider cylinder on top, with a soft shadow on the body below it.
    Cyl lid{s.cx, body.yt, body.yt + lid_h, hw + 4 * k, ry * (hw + 4 * k) / hw};
    cv.soft(body.bb(), [&](V2 p) { return std::max(lid.sd(p - V2{0, 7 * k}), body.sd(p)); }, 7 * k, kShadow, 0.35f);
    cv.solid(lid.bb(), [&](V2 p) { return lid.sd(p); }, L.lid);
    cv.solid(lid.bb(), [&](V2 p) { return std::max(lid.sd(p), std::fabs(p.y - (lid.yb - 12 * k) - lid.curve(p.x)) - 1.5f * k); },
             tint(L.lid, -0.25f), 0.5f);
    light_cyl(cv, lid, s.side, L.gloss * 1.2f);
    cyl_top(cv, lid, L.lid, s.side, L.gloss);
}

void draw_flat_tin(Canvas& cv, const Letterer& lt, const Look& L, Stage s) {
    float k = s.k, hw = 125 * k, ry = hw * 0.42f, H = 50 * k;
    Cyl c{s.cx, s.base - ry - H, s.base - ry, hw, ry};
    ground_shadow(cv, s.cx, s.base - ry * 0.5f, hw, H + ry, s.side);
    cv.solid(c.bb(), [&](V2 p) { return c.sd(p); }, L.lid);
    cv.solid(c.bb(), [&](V2 p) { return std::max(c.sd(p), std::fabs(p.y - (c.yt + H * 0.55f) - c.curve(p.x)) - 1.4f * k); },
             tint(L.lid, -0.3f), 0.5f);
    light_cyl(cv, c, s.side, L.gloss * 1.3f);
    cyl_top(cv, c, L.lid, s.side, L.gloss);
    // Printed paper disc on the lid.
    V2 tc{s.cx, c.yt};
    V2 r{hw * 0.74f, ry * 0.74f};
    cv.solid(c.bb(), [&](V2 p) { return sd_ellipse(p, tc, r); }, L.label);
    cv.solid(c.bb(), [&](V2 p) { return std::fabs(sd_ellipse(p, tc, {r.x * 0.88f, r.y * 0.88f})) - 1.4f * k; }, L.accent, 0.8f);
    float squash = ry / hw;
    float big = r.x * 0.36f;
    text_or_bars(cv, lt, L.brand, tc.x, tc.y - r.y * 0.32f, big * 0.34f, Face::Sans, L.ink, 0.85f, 0.2f, r.x * 1.2f, squash);
    text_or_bars(cv, lt, L.big, tc.x, tc.y + big * 0.34f * squash, big, Face::Serif, L.ink, 0.95f, 0.02f, r.x * 1.5f, squash);
    text_or_bars(cv, lt, L.small, tc.x, tc.y + r.y * 0.62f, big * 0.3f, Face::Sans, L.ink, 0.8f, 0.2f, r.x * 1.1f, squash);
}

void draw_pouch(Canvas& cv, const Letterer& lt, const Look& L, Stage s, std::uint32_t seed) {
    float k = s.k, hwt = 128 * k, hwb = 140 * k, H = 400 * k, top = s.base - H, r = 16 * k;
    V2 q[4] = {{s.cx - hwt + r, top + r}, {s.cx + hwt - r, top + r}, {s.cx + hwb - r, s.base - r}, {s.cx - hwb + r, s.base - r}};
    auto sd = [&](V2 p) { return sd_poly(p, q, 4) - r; };
    Rect bb{s.cx - hwb, top, s.cx + hwb, s.base};
    ground_shadow(cv, s.cx, s.base - 3 * k, hwb * 0.96f, H, s.side);
    cv.solid(bb, sd, L.body);
    // Heat-sealed top with crimp ridges, and a zip line.
    float seal = 40 * k, period = 7 * k;
    float ridge_amp = 0.09f * sat(period * cv.scale() / 3.f - 0.6f);
    cv.fill(bb, [&](V2 p) { return std::max(sd(p), p.y - (top + seal)); }, [&](V2 p) {
        return tint(L.body, -0.1f + ridge_amp * std::cos(p.x / period * 2 * kPi));
    });
    cv.solid(bb, [&](V2 p) { return std::max(sd(p), std::fabs(p.y - (top + seal + 20 * k)) - 2.2f * k); }, tint(L.body, -0.25f), 0.55f);
    // A window onto the tea (or whatever is inside), lower half.
    V2 wc{s.cx, s.base - 100 * k};
    V2 wh{hwb * 0.58f, 52 * k};
    auto win = [&](V2 p) { return sd_box(p, wc, wh, 24 * k); };
    bool light_content = luma(L.content) > 0.6f;
    cv.fill(bb, win, [&](V2 p) {
        float n = fbm(p * (0.05f / k), seed);
        return tint(L.content, pile(p, (light_content ? 13.f : 15.f) * k, seed, !light_content) * (light_content ? 0.4f : 1.f) + (n - 0.5f) * 0.2f);
    });
    cv.light(bb, win, [&](V2 p, RGB& m, RGB& a) {
        m = {0.92f, 0.92f, 0.92f};
        float t = (p.x - wc.x) / wh.x;
        float sh = std::exp(-(t + 0.5f * -s.side) * (t + 0.5f * -s.side) * 18.f) * 0.18f;
        a = {sh, sh, sh};
    });
    cv.solid(bb, [&](V2 p) { return std::fabs(win(p)) - 1.5f * k; }, tint(L.body, -0.2f), 0.5f);
    // Paper label.
    V2 lc{s.cx, top + 175 * k};
    V2 lh{hwt * 0.74f, 88 * k};
    cv.solid(bb, [&](V2 p) { return sd_box(p, lc, lh, 8 * k); }, L.label);
    label_art(cv, lt, L, lc, lh.x * 2 * 0.92f, lh.y * 2 * 0.9f);
    // Pillow lighting: rounder at the sides, a crease shadow at the bottom gusset.
    cv.light(bb, sd, [&](V2 p, RGB& m, RGB& a) {
        float f = (p.y - top) / H;
        float hw = lerp(hwt, hwb, f);
        float t = (p.x - s.cx) / hw;
        float tt = t * std::fabs(t) * 0.95f;
        cyl_light(tt, s.side, L.gloss * 0.8f, m, a, 0.22f);
        float g = 1.f - 0.16f * smooth(s.base - 46 * k, s.base, p.y + 10 * k * (1 - t * t)) - 0.08f * smooth(top + 30 * k, top, p.y);
        m = m * g;
    });
}

// A box seen three-quarters: front face, one side face (away from the light), top face.
struct BoxGeo {
    float x0, x1, y0, y1;  // front face
    V2 depth;              // from front to back on screen
    V2 top(float u, float v) const { return V2{lerp(x0, x1, u), y0} + depth * v; }
    float edge_x(float dirx) const { return dirx > 0 ? x1 : x0; }
};

BoxGeo box_geo(Stage s, float fw, float fh, float sw, float sdp) {
    float dirx = -s.side;
    BoxGeo g;
    g.x0 = s.cx - fw * 0.5f - dirx * sw * 0.5f;
    g.x1 = g.x0 + fw;
    g.y1 = s.base;
    g.y0 = s.base - fh;
    g.depth = {dirx * sw, -sdp};
    return g;
}

void draw_box_faces(Canvas& cv, const BoxGeo& g, RGB col, float side, float r_front = 0.f) {
    float dirx = -side;
    float ex = g.edge_x(dirx);
    V2 sq[4] = {{ex, g.y0}, V2{ex, g.y0} + g.depth, V2{ex, g.y1} + g.depth, {ex, g.y1}};
    V2 tq[4] = {{g.x0, g.y0}, {g.x1, g.y0}, V2{g.x1, g.y0} + g.depth, V2{g.x0, g.y0} + g.depth};
    Rect bb = unite({g.x0, g.y0, g.x1, g.y1}, {g.x0 + g.depth.x, g.y0 + g.depth.y, g.x1 + g.depth.x, g.y1 + g.depth.y});
    cv.fill(bb, [&](V2 p) { return sd_poly(p, sq, 4); }, [&](V2 p) {
        float v = (p.y - g.y0) / (g.y1 - g.y0);
        return tint(col, -0.3f - 0.06f * v);
    });
    cv.fill(bb, [&](V2 p) { return sd_poly(p, tq, 4); }, [&](V2 p) {
        float v = (g.y0 - p.y) / std::max(1.f, -g.depth.y);
        return tint(col, 0.14f - 0.06f * v);
    });
    V2 fc{(g.x0 + g.x1) * 0.5f, (g.y0 + g.y1) * 0.5f};
    V2 fh{(g.x1 - g.x0) * 0.5f, (g.y1 - g.y0) * 0.5f};
    cv.fill(bb, [&](V2 p) { return sd_box(p, fc, fh, r_front); }, [&](V2 p) {
        float u = (p.x - g.x0) / (g.x1 - g.x0);
        float v = (p.y - g.y0) / (g.y1 - g.y0);
        float toward = side < 0 ? 1 - u : u;
        return tint(col, 0.02f + 0.05f * toward - 0.07f * v);
    });
    // Catch-light along the front edges.
    cv.solid(bb, [&](V2 p) { return sd_segment(p, {g.x0, g.y0}, {g.x1, g.y0}, 1.2f); }, tint(col, 0.45f), 0.6f);
    cv.solid(bb, [&](V2 p) { return sd_segment(p, {ex, g.y0}, {ex, g.y1}, 1.0f); }, tint(col, 0.3f), 0.5f);
}

void draw_carton(Canvas& cv, const Letterer& lt, const Look& L, Stage s) {
    float k = s.k;
    BoxGeo g = box_geo(s, 220 * k, 300 * k, 70 * k, 42 * k);
    ground_shadow(cv, s.cx, s.base - 8 * k, 150 * k, 300 * k, s.side);
    draw_box_faces(cv, g, L.body, s.side);
    // A paper panel across the front with the name, and a band of accent colour at the base.
    float fw = g.x1 - g.x0;
    V2 pc{(g.x0 + g.x1) * 0.5f, g.y0 + 130 * k};
    V2 ph{fw * 0.4f, 95 * k};
    cv.solid({g.x0, g.y0, g.x1, g.y1}, [&](V2 p) { return sd_box(p, pc, ph, 6 * k); }, L.label);
    label_art(cv, lt, L, pc, ph.x * 2 * 0.92f, ph.y * 2 * 0.92f);
    V2 bc{pc.x, g.y1 - 28 * k};
    cv.solid({g.x0, g.y0, g.x1, g.y1}, [&](V2 p) { return sd_box(p, bc, {fw * 0.5f, 10 * k}); }, L.accent, 0.9f);
    // Little leaf emblem.
    V2 ec{pc.x, g.y1 - 66 * k};
    cv.solid(around(ec, 30 * k, 30 * k), [&](V2 p) { return sd_leaf(p, ec, 15 * k, 6 * k, -0.6f); }, L.accent, 0.85f);
}

// Ribbon on a gift box: bands on the front, top and side, and a bow.
void draw_gift_box(Canvas& cv, const Letterer& lt, const Look& L, Stage s) {
    float k = s.k, dirx = -s.side;
    BoxGeo base = box_geo(s, 330 * k, 170 * k, 100 * k, 58 * k);
    ground_shadow(cv, s.cx, s.base - 10 * k, 200 * k, 200 * k, s.side);
    draw_box_faces(cv, base, L.body, s.side);
    // Lid: a slightly larger, shallower box sitting on top.
    Stage ls = s;
    ls.base = base.y0 + 46 * k;
    BoxGeo lid = box_geo(ls, 342 * k, 50 * k, 100 * k, 58 * k);
    lid.x0 = base.x0 - 6 * k;
    lid.x1 = base.x1 + 6 * k;
    Rect all = unite({base.x0, base.y0, base.x1, base.y1}, {lid.x0 + lid.depth.x, lid.y0 + lid.depth.y - 80 * k, lid.x1 + lid.depth.x, lid.y1});
    all = {all.x0 - 30 * k, all.y0 - 40 * k, all.x1 + 30 * k, all.y1};
    cv.soft(all, [&](V2 p) { return sd_box(p, {(base.x0 + base.x1) * 0.5f, lid.y1 + 2 * k}, {(base.x1 - base.x0) * 0.5f, 5 * k}); },
            6 * k, kShadow, 0.35f);
    draw_box_faces(cv, lid, L.lid, s.side);
    RGB rib = L.accent;
    float rw = 22 * k;
    float midx = (base.x0 + base.x1) * 0.5f;
    auto band_paint = [&](V2 p) { return tint(rib, 0.04f * std::sin(p.y * 0.2f / k)); };
    // Front bands (base and lid).
    cv.fill(all, [&](V2 p) { return std::max(std::fabs(p.x - midx) - rw, std::max(lid.y0 - p.y, p.y - base.y1)); }, band_paint);
    // Top face: one band front-to-back, one side-to-side.
    auto quad = [&](V2 a, V2 b, V2 c, V2 d, RGB col) {
        V2 q[4] = {a, b, c, d};
        cv.solid(all, [&](V2 p) { return sd_poly(p, q, 4); }, col);
    };
    float u0 = 0.5f - rw / (lid.x1 - lid.x0), u1 = 0.5f + rw / (lid.x1 - lid.x0);
    RGB top_rib = tint(rib, 0.12f);
    quad(lid.top(u0, 0), lid.top(u1, 0), lid.top(u1, 1), lid.top(u0, 1), top_rib);
    float v0 = 0.5f - rw / (330 * k), v1 = 0.5f + rw / (330 * k);
    quad(lid.top(0, v0), lid.top(1, v0), lid.top(1, v1), lid.top(0, v1), top_rib);
    // Side face band.
    float ex = lid.edge_x(dirx);
    V2 sa = V2{ex, lid.y0} + lid.depth * v0, sb = V2{ex, lid.y0} + lid.depth * v1;
    quad(sa, sb, V2{sb.x, base.y1 + lid.depth.y * v1}, V2{sa.x, base.y1 + lid.depth.y * v0}, tint(rib, -0.28f));
    // Bow at the centre of the top.
    V2 bc = lid.top(0.5f, 0.5f);
    RGB bow = tint(rib, 0.05f);
    for (int side_i = -1; side_i <= 1; side_i += 2) {
        V2 lc = bc + V2{side_i * 48.f * k, -24 * k};
        float ang = side_i * -0.45f;
        auto loop = [&](V2 p) {
            V2 q = rot(p - lc, -ang);
            return std::max(sd_ellipse(q, {0, 0}, {56 * k, 30 * k}), -sd_ellipse(q - V2{side_i * 6.f * k, 2 * k}, {0, 0}, {34 * k, 12 * k}));
        };
        cv.soft(around(lc, 70 * k, 50 * k), [&](V2 p) { return loop(p - V2{-s.side * 6 * k, 8 * k}); }, 8 * k, kShadow, 0.25f);
        cv.solid(around(lc, 70 * k, 50 * k), loop, bow);
        cv.light(around(lc, 70 * k, 50 * k), loop, [&](V2 p, RGB& m, RGB& a) { dome_light(p, lc, {60 * k, 34 * k}, s.side, 0.25f, 20, m, a); });
        // Tails.
        V2 t0 = bc + V2{side_i * 6.f * k, 4 * k}, t1 = bc + V2{side_i * 58.f * k, 46 * k};
        cv.solid(around(bc, 80 * k, 70 * k), [&](V2 p) { return sd_taper(p, t0, t1, 9 * k, 12 * k); }, tint(rib, -0.08f));
    }
    cv.solid(around(bc, 20 * k, 20 * k), [&](V2 p) { return sd_ellipse(p, bc, {17 * k, 14 * k}); }, tint(rib, 0.1f));
    cv.light(around(bc, 20 * k, 20 * k), [&](V2 p) { return sd_ellipse(p, bc, {17 * k, 14 * k}); },
             [&](V2 p, RGB& m, RGB& a) { dome_light(p, bc, {17 * k, 14 * k}, s.side, 0.3f, 20, m, a); });
    // A small gift tag on the front of the base with the name.
    V2 tc{midx + (rw + 62 * k) * (s.side < 0 ? 1.f : -1.f), (base.y0 + base.y1) * 0.5f + 30 * k};
    V2 th{52 * k, 34 * k};
    cv.soft(around(tc, th.x, th.y), [&](V2 p) { return sd_box(p - V2{0, 4 * k}, tc, th, 5 * k); }, 4 * k, kShadow, 0.3f);
    cv.solid(around(tc, th.x, th.y), [&](V2 p) { return sd_box(p, tc, th, 5 * k); }, L.label);
    Look tag = L;
    tag.small.clear();
    label_art(cv, lt, tag, tc, th.x * 1.8f, th.y * 1.8f);
}

void draw_jar(Canvas& cv, const Letterer& lt, const Look& L, Stage s, bool glass, std::uint32_t seed, float wmul = 1.f) {
    float k = s.k, hw = 130 * k * wmul, H = 235 * k, ry = hw * 0.2f, lid_h = 58 * k;
    Cyl body{s.cx, s.base - ry - H, s.base - ry, hw, ry};
    ground_shadow(cv, s.cx, s.base - ry * 0.4f, hw, H + lid_h, s.side);
    if (glass) {
        // Contents behind the glass, then the glass itself: a veil, sharp highlights, bright rims.
        float inset = 8 * k;
        float level = body.yt + 30 * k;
        auto content = [&](V2 p) { return std::max(body.sd(p) + inset, level + body.curve(p.x) * 0.6f - p.y); };
        cv.fill(body.bb(), [&](V2 p) { return body.sd(p); }, [&](V2 p) { return tint(L.content, 0.5f - 0.1f * body.t(p)); }, 0.5f);
        bool light_content = luma(L.content) > 0.6f;
        cv.fill(body.bb(), content, [&](V2 p) {
            float n = fbm(p * (0.05f / k), seed);
            return tint(L.content, pile(p, (light_content ? 12.f : 15.f) * k, seed, !light_content) * (light_content ? 0.45f : 1.f) + (n - 0.5f) * 0.2f);
        });
        cv.light(body.bb(), content, [&](V2 p, RGB& m, RGB& a) { cyl_light(body.t(p) * 0.9f, s.side, 0.f, m, a); });
        cv.light(body.bb(), [&](V2 p) { return body.sd(p); }, [&](V2 p, RGB& m, RGB& a) {
            float t = body.t(p);
            float rim = std::pow(std::fabs(t), 10.f) * 0.35f;
            float h1 = std::exp(-(t + 0.55f * -s.side) * (t + 0.55f * -s.side) / 0.004f) * 0.55f;
            float h2 = std::exp(-(t - 0.72f * -s.side) * (t - 0.72f * -s.side) / 0.002f) * 0.25f;
            m = {0.96f, 0.97f, 0.97f};
            float v = rim + h1 + h2;
            a = {v, v, v};
        });
    } else {
        cv.solid(body.bb(), [&](V2 p) { return body.sd(p); }, L.body);
    }
    float a = body.yt + lid_h + 14 * k, b = body.yb - 30 * k;
    auto band = [&](V2 p) {
        float cu = body.curve(p.x);
        return std::max(body.sd(p), std::max(a + cu - p.y, p.y - (b + cu)));
    };
    cv.solid(body.bb(), band, L.label);
    label_art(cv, lt, L, {s.cx, (a + b) * 0.5f + ry * 0.9f}, hw * 1.45f, (b - a) - 8 * k);
    if (!glass) light_cyl(cv, body, s.side, L.gloss);
    else cv.light(body.bb(), band, [&](V2 p, RGB& m, RGB& ad) { cyl_light(body.t(p), s.side, 0.1f, m, ad); });
    Cyl lid{s.cx, body.yt - 6 * k, body.yt + lid_h - 6 * k, hw + 3 * k, ry * (hw + 3 * k) / hw};
    cv.soft(body.bb(), [&](V2 p) { return std::max(lid.sd(p - V2{0, 6 * k}), body.sd(p)); }, 6 * k, kShadow, 0.3f);
    cv.solid(lid.bb(), [&](V2 p) { return lid.sd(p); }, L.lid);
    // Ribbed metal lids; smooth wooden or ceramic ones.
    float period = 9 * k;
    float amp = 0.06f * sat(period * cv.scale() / 3.f - 0.6f);
    cv.light(lid.bb(), [&](V2 p) { return lid.sd(p); }, [&](V2 p, RGB& m, RGB& ad) {
        cyl_light(lid.t(p), s.side, L.gloss * 1.2f, m, ad);
        float rib = 1.f + amp * std::cos(std::asin(clampf(lid.t(p), -1, 1)) * hw / period * 2.f);
        m = m * rib;
    });
    cyl_top(cv, lid, L.lid, s.side, L.gloss);
}

void draw_cake(Canvas& cv, const Letterer& lt, const Look& L, Stage s) {
    float k = s.k, rx = 235 * k, ry = 98 * k, th = 36 * k;
    Cyl c{s.cx, s.base - ry - th, s.base - ry, rx, ry};
    ground_shadow(cv, s.cx, s.base - ry * 0.7f, rx * 0.95f, 90 * k, s.side, 0.9f);
    cv.solid(c.bb(), [&](V2 p) { return c.sd(p); }, tint(L.body, -0.1f));
    light_cyl(cv, c, s.side, 0.05f);
    // Wrapping paper pleats converge at the centre of the top.
    V2 tc{s.cx, c.yt};
    cv.fill(c.bb(), [&](V2 p) { return c.sd_top(p); }, [&](V2 p) {
        V2 q{(p.x - tc.x) / rx, (p.y - tc.y) / ry};
        float r = len(q), ang = std::atan2(q.y, q.x);
        float pleat = std::cos(ang * 26.f) * 0.05f * smooth(0.45f, 1.f, r);
        return tint(L.body, 0.06f + pleat - 0.05f * q.y);
    });
    cv.solid(c.bb(), [&](V2 p) { return sd_ellipse(p, tc, {rx * 0.14f, ry * 0.14f}); }, tint(L.body, -0.08f), 0.6f);
    // The printed stamp: a ring and the name, squashed onto the tilted top.
    float squash = ry / rx;
    cv.solid(c.bb(), [&](V2 p) { return std::fabs(sd_ellipse(p, tc, {rx * 0.62f, ry * 0.62f})) - 2.2f * k; }, L.accent, 0.85f);
    cv.solid(c.bb(), [&](V2 p) { return std::fabs(sd_ellipse(p, tc, {rx * 0.56f, ry * 0.56f})) - 1.0f * k; }, L.accent, 0.7f);
    text_or_bars(cv, lt, L.big, tc.x, tc.y + 34 * k * squash + 6 * k, 78 * k, Face::Serif, L.accent, 0.9f, 0.1f, rx * 0.8f, squash);
    text_or_bars(cv, lt, L.brand, tc.x, tc.y - ry * 0.32f, 22 * k, Face::Sans, L.accent, 0.8f, 0.2f, rx * 0.6f, squash);
    text_or_bars(cv, lt, L.small, tc.x, tc.y + ry * 0.44f, 20 * k, Face::Sans, L.accent, 0.8f, 0.2f, rx * 0.6f, squash);
    cv.light(c.bb(), [&](V2 p) { return c.sd_top(p); }, [&](V2 p, RGB& m, RGB& a) {
        float u = (p.x - tc.x) / rx + s.side * 0.3f;
        float g = 1.02f - 0.08f * u * u;
        m = {g, g, g};
        a = {0, 0, 0};
    });
}

// A bowl: the lower part of an ellipse, cut at the rim line and at the foot.
struct Bowl {
    V2 c;      // rim centre
    V2 r;      // half-width, depth
    float foot_y;
    float sd(V2 p) const { return std::max(std::max(sd_ellipse(p, c, r), c.y - p.y), p.y - foot_y); }
    Rect bb() const { return {c.x - r.x, c.y - r.y * 0.3f, c.x + r.x, foot_y + 2}; }
};

void draw_cup(Canvas& cv, const Look& L, Stage s, std::uint32_t seed, bool with_tea = true) {
    float k = s.k;
    Bowl b{{s.cx, s.base - 108 * k}, {86 * k, 126 * k}, s.base - 8 * k};
    ground_shadow(cv, s.cx, s.base - 4 * k, 70 * k, 110 * k, s.side);
    // Foot ring.
    cv.solid(around({s.cx, s.base - 8 * k}, 40 * k, 12 * k), [&](V2 p) { return sd_box(p, {s.cx, s.base - 7 * k}, {36 * k, 7 * k}, 3 * k); },
             tint(L.body, -0.15f));
    cv.fill(b.bb(), [&](V2 p) { return b.sd(p); }, [&](V2 p) {
        float sp = hash01(static_cast<std::uint32_t>(p.x / (3 * k)) + seed, static_cast<std::uint32_t>(p.y / (3 * k)));
        float glaze = smooth(-4 * k, 4 * k, (b.c.y + 42 * k + 8 * k * std::sin(p.x * 0.08f / k)) - p.y);
        RGB c = mix(L.body, L.lid, glaze);
        return tint(c, sp > 0.93f ? -0.25f : 0.f);
    });
    cv.light(b.bb(), [&](V2 p) { return b.sd(p); }, [&](V2 p, RGB& m, RGB& a) {
        dome_light(p, {b.c.x, b.c.y + 10 * k}, {b.r.x, b.r.y * 0.9f}, s.side, L.gloss, 40, m, a);
    });
    // Rim and the tea inside.
    V2 rr{b.r.x, 22 * k};
    cv.solid(b.bb(), [&](V2 p) { return sd_ellipse(p, b.c, rr); }, tint(L.lid, 0.1f));
    cv.solid(b.bb(), [&](V2 p) { return sd_ellipse(p, b.c + V2{0, 2 * k}, {rr.x - 7 * k, rr.y - 5 * k}); }, tint(L.lid, -0.1f));
    if (with_tea) {
        V2 tc = b.c + V2{0, 6 * k};
        V2 tr{rr.x - 13 * k, rr.y - 8 * k};
        cv.fill(b.bb(), [&](V2 p) { return sd_ellipse(p, tc, tr); }, [&](V2 p) {
            float v = (p.y - tc.y) / tr.y;
            return tint(L.content, -0.15f + 0.2f * v);
        });
        V2 hc = tc + V2{s.side * tr.x * 0.35f, -tr.y * 0.2f};
        cv.soft(b.bb(), [&](V2 p) { return sd_ellipse(p, hc, {tr.x * 0.25f, tr.y * 0.18f}); }, 4 * k, kWhite, 0.35f);
    }
}

void draw_teapot(Canvas& cv, const Look& L, Stage s) {
    float k = s.k;
    V2 c{s.cx, s.base - 122 * k};
    V2 r{168 * k, 120 * k};
    float cut = s.base - 14 * k;
    ground_shadow(cv, s.cx, s.base - 4 * k, 150 * k, 300 * k, s.side);
    auto body = [&](V2 p) { return std::max(sd_ellipse(p, c, r), p.y - cut); };
    Rect all{c.x - 290 * k, c.y - 220 * k, c.x + 290 * k, s.base};
    // Handle on one side, spout on the other (facing away from the light keeps the body lit).
    float hs = s.side < 0 ? 1.f : -1.f;  // handle side
    V2 hc{c.x + hs * 192 * k, c.y - 8 * k};
    auto handle = [&](V2 p) {
        return std::max(std::fabs(len(p - hc) - 66 * k) - 13 * k, hs * (c.x + hs * 138 * k - p.x));
    };
    cv.solid(all, handle, L.body);
    cv.light(all, handle, [&](V2 p, RGB& m, RGB& a) {
        V2 d = p - hc;
        float rr = len(d);
        float t = clampf((rr - 66 * k) / (13 * k), -1, 1);
        cyl_light(t * hs * 0.8f, s.side, L.gloss, m, a, 0.3f);
    });
    // Spout: a tapering curve.
    V2 p0{c.x - hs * 128 * k, c.y + 30 * k}, p1{c.x - hs * 232 * k, c.y + 12 * k}, p2{c.x - hs * 262 * k, c.y - 100 * k};
    auto spout = [&](V2 p) {
        float d = 1e9f;
        V2 prev = p0;
        for (int i = 1; i <= 10; ++i) {
            float t = i / 10.f;
            V2 q = p0 * ((1 - t) * (1 - t)) + p1 * (2 * (1 - t) * t) + p2 * (t * t);
            float ta = (i - 1) / 10.f;
            d = std::min(d, sd_taper(p, prev, q, lerp(36 * k, 13 * k, ta), lerp(36 * k, 13 * k, t)));
            prev = q;
        }
        return d;
    };
    cv.solid(all, spout, L.body);
    cv.light(all, spout, [&](V2 p, RGB& m, RGB& a) {
        float t = clampf((p.y - (c.y - 30 * k)) / (120 * k), -1, 1);
        cyl_light(-t * hs * 0.6f + (p.x - p2.x) / (300 * k) * 0.3f, s.side, L.gloss * 0.8f, m, a, 0.2f);
    });
    cv.solid(around(p2, 20 * k, 20 * k), [&](V2 p) { return sd_ellipse(p, p2 + V2{0, 2 * k}, {11 * k, 5 * k}); }, tint(L.body, -0.5f));
    // Body, foot, lid, knob.
    cv.solid({c.x - r.x, s.base - 20 * k, c.x + r.x, s.base}, [&](V2 p) { return sd_box(p, {c.x, s.base - 8 * k}, {88 * k, 8 * k}, 3 * k); },
             tint(L.body, -0.25f));
    cv.solid(all, body, L.body);
    cv.light(all, body, [&](V2 p, RGB& m, RGB& a) { dome_light(p, c, r, s.side, L.gloss, 50, m, a); });
    float rim_y = c.y - r.y * 0.8f;
    float rim_rx = r.x * 0.6f;
    V2 rc{c.x, rim_y};
    cv.solid(all, [&](V2 p) { return sd_ellipse(p, rc, {rim_rx, 15 * k}); }, tint(L.body, -0.2f));
    auto lid = [&](V2 p) { return std::min(std::max(sd_ellipse(p, rc - V2{0, 2 * k}, {rim_rx - 8 * k, 48 * k}), p.y - (rim_y - 2 * k)),
                                            sd_ellipse(p, rc - V2{0, 2 * k}, {rim_rx - 8 * k, 11 * k})); };
    cv.solid(all, lid, tint(L.body, 0.04f));
    cv.light(all, lid, [&](V2 p, RGB& m, RGB& a) { dome_light(p, rc, {rim_rx - 8 * k, 50 * k}, s.side, L.gloss, 40, m, a); });
    V2 kc{c.x, rim_y - 56 * k};
    auto knob = [&](V2 p) { return std::min(sd_ellipse(p, kc, {17 * k, 13 * k}), sd_box(p, kc + V2{0, 9 * k}, {8 * k, 9 * k})); };
    cv.solid(all, knob, L.accent);
    cv.light(all, knob, [&](V2 p, RGB& m, RGB& a) { dome_light(p, kc, {17 * k, 13 * k}, s.side, L.gloss, 30, m, a); });
}

void draw_gaiwan(Canvas& cv, const Look& L, Stage s) {
    float k = s.k;
    V2 sc{s.cx, s.base - 20 * k};
    ground_shadow(cv, s.cx, s.base - 6 * k, 180 * k, 60 * k, s.side);
    Rect all{s.cx - 200 * k, s.base - 400 * k, s.cx + 200 * k, s.base};
    cv.solid(all, [&](V2 p) { return sd_ellipse(p, sc + V2{0, 10 * k}, {172 * k, 40 * k}); }, tint(L.body, -0.2f));
    cv.solid(all, [&](V2 p) { return sd_ellipse(p, sc, {190 * k, 44 * k}); }, L.body);
    cv.light(all, [&](V2 p) { return sd_ellipse(p, sc, {190 * k, 44 * k}); }, [&](V2 p, RGB& m, RGB& a) {
        dome_light(p, sc, {200 * k, 60 * k}, s.side, L.gloss * 0.6f, 30, m, a);
    });
    cv.solid(all, [&](V2 p) { return std::fabs(sd_ellipse(p, sc, {170 * k, 37 * k})) - 1.4f * k; }, L.accent, 0.8f);
    Bowl b{{s.cx, s.base - 170 * k}, {132 * k, 150 * k}, s.base - 30 * k};
    cv.soft(all, [&](V2 p) { return sd_ellipse(p, sc - V2{0, 4 * k}, {70 * k, 14 * k}); }, 10 * k, kShadow, 0.4f);
    cv.solid(all, [&](V2 p) { return b.sd(p); }, L.body);
    cv.solid(all, [&](V2 p) {
        return std::max(b.sd(p), std::fabs(p.y - (b.c.y + 46 * k) - 18 * k * std::sqrt(std::max(0.f, 1 - sq_x(p.x - s.cx, 130 * k)))) - 2.4f * k);
    }, L.accent, 0.85f);
    cv.light(all, [&](V2 p) { return b.sd(p); }, [&](V2 p, RGB& m, RGB& a) {
        dome_light(p, b.c + V2{0, 20 * k}, {b.r.x, b.r.y}, s.side, L.gloss, 60, m, a);
    });
    // Lid: flared rim and dome with a knob.
    V2 lc{s.cx, b.c.y - 4 * k};
    cv.solid(all, [&](V2 p) { return sd_ellipse(p, lc, {140 * k, 20 * k}); }, L.body);
    auto dome = [&](V2 p) { return std::max(sd_ellipse(p, lc, {120 * k, 66 * k}), p.y - lc.y); };
    cv.solid(all, dome, L.body);
    cv.solid(all, [&](V2 p) {
        return std::max(dome(p), std::fabs(p.y - (lc.y - 22 * k)) - 2.2f * k);
    }, L.accent, 0.85f);
    cv.light(all, [&](V2 p) { return std::min(dome(p), sd_ellipse(p, lc, {140 * k, 20 * k})); }, [&](V2 p, RGB& m, RGB& a) {
        dome_light(p, lc, {130 * k, 70 * k}, s.side, L.gloss, 60, m, a);
    });
    V2 kc{s.cx, lc.y - 74 * k};
    auto knob = [&](V2 p) { return std::min(sd_ellipse(p, kc, {26 * k, 9 * k}), sd_box(p, kc + V2{0, 8 * k}, {13 * k, 9 * k}, 2 * k)); };
    cv.solid(all, knob, L.body);
    cv.light(all, knob, [&](V2 p, RGB& m, RGB& a) { dome_light(p, kc, {26 * k, 14 * k}, s.side, L.gloss, 30, m, a); });
}

void draw_pitcher(Canvas& cv, const Look& L, Stage s) {
    float k = s.k, hwb = 96 * k, hwt = 108 * k, H = 250 * k, ry = 20 * k;
    float top = s.base - H;
    ground_shadow(cv, s.cx, s.base - 6 * k, hwb, H, s.side, 0.7f);
    auto hw_at = [&](float y) { return lerp(hwt, hwb, sat((y - top) / H)); };
    float sp = -s.side;  // spout on the side away from the light
    V2 q[5] = {{s.cx - hwt, top}, {s.cx + hwt, top}, {s.cx + hwb, s.base - ry}, {s.cx - hwb, s.base - ry}, {s.cx - hwt, top}};
    auto body = [&](V2 p) {
        float d = std::min(sd_poly(p, q, 4), sd_ellipse(p, {s.cx, s.base - ry}, {hwb, ry}));
        V2 lip{s.cx + sp * (hwt + 8 * k), top - 4 * k};
        return std::min(d, sd_taper(p, {s.cx + sp * (hwt - 30 * k), top + 10 * k}, lip, 12 * k, 4 * k));
    };
    Rect bb{s.cx - hwt - 30 * k, top - ry, s.cx + hwt + 30 * k, s.base};
    // Tea inside: up to two thirds, its surface an ellipse.
    float level = top + H * 0.34f;
    auto tea = [&](V2 p) {
        float hw = hw_at(p.y) - 7 * k;
        float d = std::max(std::fabs(p.x - s.cx) - hw, level - p.y);
        return std::max(std::min(d, sd_ellipse(p, {s.cx, level}, {hw_at(level) - 7 * k, ry * 0.8f})), p.y - (s.base - ry));
    };
    cv.fill(bb, body, [&](V2) { return tint(L.body, 0.2f); }, 0.35f);
    cv.fill(bb, tea, [&](V2 p) { return tint(L.content, -0.1f + 0.25f * sat((p.y - level) / H)); });
    cv.fill(bb, [&](V2 p) { return std::max(tea(p), sd_ellipse(p, {s.cx, level}, {hw_at(level) - 7 * k, ry * 0.8f})); },
            [&](V2) { return tint(L.content, 0.25f); });
    cv.fill(bb, [&](V2 p) { return sd_ellipse(p, {s.cx, s.base - ry}, {hwb - 6 * k, ry * 0.7f}); }, [&](V2) { return tint(L.content, -0.3f); }, 0.6f);
    cv.light(bb, body, [&](V2 p, RGB& m, RGB& a) {
        float t = (p.x - s.cx) / hw_at(p.y);
        float rim = std::pow(std::fabs(clampf(t, -1, 1)), 12.f) * 0.45f;
        float h1 = std::exp(-(t + 0.6f * -s.side) * (t + 0.6f * -s.side) / 0.003f) * 0.6f;
        float h2 = std::exp(-(t - 0.75f * -s.side) * (t - 0.75f * -s.side) / 0.0015f) * 0.3f;
        m = {0.97f, 0.98f, 0.98f};
        float v = rim + h1 + h2;
        a = {v, v, v};
    });
    cv.solid(bb, [&](V2 p) { return std::fabs(sd_ellipse(p, {s.cx, top}, {hwt, ry})) - 2.2f * k; }, kWhite, 0.55f);
}

enum class Cap { Dropper, Pump, Spray, Screw };

void draw_bottle(Canvas& cv, const Letterer& lt, const Look& L, Stage s, Cap cap, float hmul = 1.f, float wmul = 1.f) {
    float k = s.k;
    float hw = (cap == Cap::Dropper ? 78 : 92) * k * wmul;
    float Hb = (cap == Cap::Dropper ? 215 : 300) * k * hmul;
    float neck_hw = (cap == Cap::Dropper ? 26 : 30) * k, neck_h = 34 * k;
    float ry = hw * 0.16f;
    float body_top = s.base - Hb;
    Rect bb{s.cx - hw - 80 * k, body_top - 260 * k, s.cx + hw + 80 * k, s.base};
    ground_shadow(cv, s.cx, s.base - ry * 0.4f, hw, Hb + 120 * k, s.side);
    Cyl lower{s.cx, body_top + 40 * k, s.base - ry, hw, ry};
    auto body = [&](V2 p) {
        float b = std::min(lower.sd(p), sd_box(p, {s.cx, body_top + 60 * k}, {hw, 60 * k}, 30 * k));
        float n = sd_box(p, {s.cx, body_top - neck_h * 0.5f + 10 * k}, {neck_hw, neck_h * 0.5f + 10 * k});
        return smin(b, n, 18 * k);
    };
    cv.solid(bb, body, L.body);
    // Label.
    float a = body_top + Hb * 0.24f, b = s.base - Hb * 0.16f;
    float lry = hw * 0.14f;
    auto band = [&](V2 p) {
        float t = (p.x - s.cx) / hw;
        float cu = lry * std::sqrt(std::max(0.f, 1 - t * t));
        return std::max(std::fabs(p.x - s.cx) - hw * 0.999f, std::max(a + cu - p.y, p.y - (b + cu)));
    };
    cv.solid(bb, [&](V2 p) { return std::max(band(p), body(p)); }, L.label);
    label_art(cv, lt, L, {s.cx, (a + b) * 0.5f + lry * 0.9f}, hw * 1.5f, (b - a) * 0.92f);
    cv.light(bb, body, [&](V2 p, RGB& m, RGB& ad) {
        float t = (p.x - s.cx) / hw;
        bool on_label = band(p) < 0;
        cyl_light(t, s.side, on_label ? L.gloss * 0.25f : L.gloss, m, ad, on_label ? 0.2f : 0.08f);
        // Shoulder: darker as the glass turns away near the neck.
        float sh = smooth(body_top + 40 * k, body_top - 10 * k, p.y);
        m = m * (1.f - 0.12f * sh);
    });
    // Caps.
    float ct = body_top - neck_h + 6 * k;  // top of the neck
    RGB capc = L.lid;
    auto lit_cap = [&](auto sdf, V2 c, V2 r, float gloss) {
        cv.solid(bb, sdf, capc);
        cv.light(bb, sdf, [&](V2 p, RGB& m, RGB& ad) { cyl_light((p.x - c.x) / r.x, s.side, gloss, m, ad, 0.12f); });
    };
    if (cap == Cap::Dropper) {
        V2 cc{s.cx, ct - 22 * k};
        lit_cap([&](V2 p) { return sd_box(p, cc, {neck_hw + 8 * k, 30 * k}, 3 * k); }, cc, {neck_hw + 8 * k, 30 * k}, 0.5f);
        V2 bc{s.cx, ct - 92 * k};
        auto bulb = [&](V2 p) { return smin(sd_ellipse(p, bc, {neck_hw * 0.9f, 46 * k}), sd_box(p, bc + V2{0, 30 * k}, {neck_hw * 0.7f, 20 * k}), 8 * k); };
        RGB bulbc = tint(L.lid, -0.15f);
        cv.solid(bb, bulb, bulbc);
        cv.light(bb, bulb, [&](V2 p, RGB& m, RGB& ad) { dome_light(p, bc, {neck_hw * 0.9f, 50 * k}, s.side, 0.2f, 12, m, ad); });
    } else if (cap == Cap::Pump) {
        V2 cc{s.cx, ct - 16 * k};
        lit_cap([&](V2 p) { return sd_box(p, cc, {neck_hw + 10 * k, 24 * k}, 4 * k); }, cc, {neck_hw + 10 * k, 24 * k}, 0.4f);
        V2 st{s.cx, ct - 60 * k};
        lit_cap([&](V2 p) { return sd_box(p, st, {10 * k, 24 * k}); }, st, {10 * k, 24 * k}, 0.3f);
        V2 hc{s.cx, ct - 92 * k};
        float dir = -s.side;
        auto head = [&](V2 p) {
            return std::min(sd_box(p, hc, {40 * k, 14 * k}, 10 * k), sd_taper(p, hc, hc + V2{dir * 78 * k, 6 * k}, 11 * k, 7 * k));
        };
        lit_cap(head, hc, {44 * k, 14 * k}, 0.35f);
    } else if (cap == Cap::Spray) {
        V2 cc{s.cx, ct - 16 * k};
        lit_cap([&](V2 p) { return sd_box(p, cc, {neck_hw + 10 * k, 24 * k}, 4 * k); }, cc, {neck_hw + 10 * k, 24 * k}, 0.4f);
        V2 ac{s.cx, ct - 72 * k};
        lit_cap([&](V2 p) { return sd_box(p, ac, {neck_hw + 2 * k, 36 * k}, 12 * k); }, ac, {neck_hw + 2 * k, 36 * k}, 0.35f);
        V2 nc{s.cx - s.side * (neck_hw - 6 * k), ac.y - 14 * k};
        cv.solid(bb, [&](V2 p) { return sd_circle(p, nc, 4.5f * k); }, tint(L.lid, -0.5f));
    } else {
        V2 cc{s.cx, ct - 30 * k};
        lit_cap([&](V2 p) { return sd_box(p, cc, {neck_hw + 12 * k, 40 * k}, 5 * k); }, cc, {neck_hw + 12 * k, 40 * k}, 0.45f);
    }
}

void draw_tube(Canvas& cv, const Letterer& lt, const Look& L, Stage s) {
    float k = s.k;
    float cap_h = 62 * k, cap_hw = 56 * k;
    float top = s.base - 400 * k;
    ground_shadow(cv, s.cx, s.base - 4 * k, cap_hw * 1.1f, 400 * k, s.side);
    Rect bb{s.cx - 120 * k, top - 10 * k, s.cx + 120 * k, s.base};
    // Cap at the bottom (the tube stands on it).
    Cyl cap{s.cx, s.base - cap_h - 8 * k, s.base - 8 * k, cap_hw, 8 * k};
    cv.solid(cap.bb(), [&](V2 p) { return cap.sd(p); }, L.lid);
    light_cyl(cv, cap, s.side, 0.4f);
    float y0 = s.base - cap_h - 4 * k, y1 = top + 30 * k;
    auto hw_at = [&](float y) { return lerp(62 * k, 104 * k, sat((y0 - y) / (y0 - y1))); };
    V2 q[4] = {{s.cx - 62 * k, y0}, {s.cx + 62 * k, y0}, {s.cx + 104 * k, y1}, {s.cx - 104 * k, y1}};
    auto body = [&](V2 p) { return sd_poly(p, q, 4) - 2 * k; };
    cv.solid(bb, body, L.body);
    // Crimped seal.
    V2 sc{s.cx, top + 16 * k};
    auto seal = [&](V2 p) { return sd_box(p, sc, {106 * k, 16 * k}, 2 * k); };
    float period = 5 * k;
    float amp = 0.08f * sat(period * cv.scale() / 3.f - 0.6f);
    cv.fill(bb, seal, [&](V2 p) { return tint(L.body, -0.04f + amp * std::cos(p.y / period * 2 * kPi)); });
    // Label area.
    V2 lc{s.cx, (y0 + y1) * 0.5f - 10 * k};
    label_art(cv, lt, L, lc, 140 * k, 200 * k);
    cv.light(bb, [&](V2 p) { return std::min(body(p), seal(p)); }, [&](V2 p, RGB& m, RGB& a) {
        float hw = p.y < y1 ? 106 * k : hw_at(p.y);
        float t = (p.x - s.cx) / hw;
        cyl_light(t * (0.7f + 0.3f * sat((p.y - y1) / (y0 - y1))), s.side, L.gloss, m, a, 0.16f);
    });
}

void draw_soap(Canvas& cv, const Letterer& lt, const Look& L, Stage s) {
    float k = s.k;
    // A bar is its top face (a rounded rectangle seen at an angle) swept down by its height.
    auto bar = [&](V2 c, float w, float h, float depth, bool top_bar) {
        float squash = 0.42f;
        auto top = [&](V2 p) {
            V2 q{p.x - c.x, (p.y - c.y) / squash};
            return sd_box(q, {0, 0}, {w * 0.5f, depth * 0.5f}, 34 * k) * squash;
        };
        float ty = depth * 0.5f * squash;  // front edge of the top face below its centre
        auto sides = [&](V2 p) { return std::min(top(p - V2{0, h}), sd_box(p, {c.x, c.y + h * 0.5f}, {w * 0.5f, h * 0.5f})); };
        Rect bb{c.x - w, c.y - depth, c.x + w, c.y + h + depth};
        cv.fill(bb, sides, [&](V2 p) {
            float v = (p.y - c.y - ty) / h;
            return tint(L.body, -0.1f - 0.1f * v);
        });
        cv.light(bb, sides, [&](V2 p, RGB& m, RGB& a) {
            cyl_light((p.x - c.x) / (w * 0.5f) * 0.6f, s.side, 0.06f, m, a, 0.3f);
            float e = std::exp(-sq_x(p.y - (c.y + ty + 4 * k + std::sqrt(std::max(0.f, 1 - sq_x(p.x - c.x, w * 0.5f))) * 0), 5 * k)) * 0.06f;
            a = a + RGB{e, e, e};
        });
        cv.fill(bb, top, [&](V2 p) {
            float u = (p.x - c.x) / w;
            float v = (p.y - c.y) / (depth * squash);
            return tint(L.body, 0.1f - 0.08f * u * -s.side - 0.05f * v);
        });
        if (top_bar) {
            V2 er{w * 0.3f, depth * 0.3f * squash};
            cv.solid(bb, [&](V2 p) { return std::fabs(sd_ellipse(p, c, er)) - 1.8f * k; }, tint(L.body, -0.18f), 0.6f);
            cv.solid(bb, [&](V2 p) { return std::fabs(sd_ellipse(p, c + V2{0, 2.5f * k}, er)) - 1.2f * k; }, tint(L.body, 0.35f), 0.5f);
            text_or_bars(cv, lt, L.big, c.x, c.y + 12 * k * squash, 34 * k, Face::Serif, tint(L.body, -0.3f), 0.6f, 0.05f, er.x * 1.6f, squash * 1.2f);
            // A paper band around the bar.
            float bx = c.x + w * 0.3f * s.side;
            auto band = [&](V2 p) { return std::max(std::fabs(p.x - bx) - 24 * k, std::min(top(p), sides(p))); };
            cv.solid(bb, band, L.label);
            cv.light(bb, band, [&](V2 p, RGB& m, RGB& a) {
                float g = top(p) < 0 ? 1.04f : 0.86f - 0.08f * (p.y - c.y - ty) / h;
                m = {g, g, g};
                a = {0, 0, 0};
            });
            cv.solid(bb, [&](V2 p) { return std::max(std::fabs(p.x - bx) - 24 * k, std::fabs(p.y - (c.y + ty + h * 0.5f)) - 8 * k); }, L.accent, 0.7f);
        }
    };
    ground_shadow(cv, s.cx, s.base - 4 * k, 150 * k, 150 * k, s.side);
    float h1 = 78 * k, d1 = 150 * k, sq = 0.42f;
    V2 c1{s.cx, s.base - h1 - d1 * 0.5f * sq};
    bar(c1, 300 * k, h1, d1, false);
    float h2 = 72 * k, d2 = 135 * k;
    V2 c2{s.cx + s.side * 14 * k, c1.y - h2 + (d1 - d2) * 0.1f * sq};
    cv.soft({c2.x - 160 * k, c2.y, c2.x + 160 * k, c2.y + 120 * k}, [&](V2 p) { return sd_box(p, {c2.x - s.side * 8 * k, c2.y + h2 + 6 * k}, {130 * k, 20 * k}, 20 * k); },
            10 * k, kShadow, 0.3f);
    bar(c2, 270 * k, h2, d2, true);
}

void flame(Canvas& cv, V2 base, float k) {
    V2 c = base + V2{0, -26 * k};
    auto f = [&](V2 p) { return smin(sd_ellipse(p, c, {10 * k, 16 * k}), sd_segment(p, c, c + V2{1 * k, -34 * k}, 1.f * k), 9 * k); };
    cv.glow(c, 190 * k, RGB{1.f, 0.62f, 0.25f}, 0.16f);
    cv.glow(c, 60 * k, RGB{1.f, 0.8f, 0.45f}, 0.25f);
    cv.fill(around(c, 20 * k, 50 * k), f, [&](V2 p) {
        float v = sat((p.y - (c.y - 40 * k)) / (56 * k));
        return mix(RGB{1.f, 0.62f, 0.18f}, RGB{1.f, 0.96f, 0.82f}, smooth(0.2f, 0.8f, v));
    });
    cv.soft(around(c, 10 * k, 10 * k), [&](V2 p) { return sd_ellipse(p, c + V2{0, 8 * k}, {4 * k, 6 * k}); }, 3 * k, RGB{0.35f, 0.45f, 0.95f}, 0.5f);
    cv.solid(around(base, 4 * k, 14 * k), [&](V2 p) { return sd_segment(p, base, base + V2{0.5f * k, -12 * k}, 1.4f * k); }, RGB{0.15f, 0.1f, 0.08f});
}

void draw_candle(Canvas& cv, const Letterer& lt, const Look& L, Stage s, bool ceramic, bool lit = true) {
    float k = s.k, hw = 124 * k, H = 232 * k, ry = hw * 0.21f;
    Cyl body{s.cx, s.base - ry - H, s.base - ry, hw, ry};
    ground_shadow(cv, s.cx, s.base - ry * 0.4f, hw, H, s.side);
    cv.fill(body.bb(), [&](V2 p) { return body.sd(p); }, [&](V2 p) {
        float v = (p.y - body.yt) / H;
        return tint(L.body, ceramic ? 0.f : -0.05f + 0.1f * v);
    });
    // Rim: the glass edge, and the wax a little lower inside.
    Cyl wax{s.cx, body.yt + 16 * k, body.yb, hw - 10 * k, ry * (hw - 10 * k) / hw};
    float a = body.yt + H * 0.3f, b = body.yb - H * 0.16f;
    auto band = [&](V2 p) {
        float cu = body.curve(p.x);
        return std::max(std::max(body.sd(p), std::fabs(p.x - s.cx) - hw * 0.78f), std::max(a + cu - p.y, p.y - (b + cu)));
    };
    cv.solid(body.bb(), band, L.label);
    label_art(cv, lt, L, {s.cx, (a + b) * 0.5f + ry * 0.9f}, hw * 1.35f, (b - a) * 0.9f);
    cv.light(body.bb(), [&](V2 p) { return body.sd(p); }, [&](V2 p, RGB& m, RGB& ad) {
        bool on_label = band(p) < 0;
        cyl_light(body.t(p), s.side, on_label ? 0.08f : L.gloss, m, ad, ceramic || on_label ? 0.2f : 0.07f);
    });
    cv.solid(body.bb(), [&](V2 p) { return body.sd_top(p); }, tint(L.body, ceramic ? 0.12f : 0.25f));
    cv.fill(body.bb(), [&](V2 p) { return wax.sd_top(p); }, [&](V2 p) {
        float v = (p.y - (wax.yt - wax.ry)) / (2 * wax.ry);
        return tint(L.content, -0.22f + 0.26f * v);
    });
    cv.solid(body.bb(), [&](V2 p) { return std::fabs(body.sd_top(p)) - 1.3f * k; }, kWhite, 0.35f);
    V2 wick{s.cx, wax.yt};
    if (lit) flame(cv, wick, k);
    else cv.solid(around(wick, 4 * k, 16 * k), [&](V2 p) { return sd_segment(p, wick, wick + V2{2 * k, -14 * k}, 1.5f * k); }, RGB{0.15f, 0.1f, 0.08f});
}

void draw_tapers(Canvas& cv, const Look& L, Stage s) {
    float k = s.k;
    for (int i = 0; i < 2; ++i) {
        float x = s.cx + (i == 0 ? -70.f : 70.f) * k;
        float base = s.base - (i == 0 ? 0.f : 26.f) * k;
        float H = (i == 0 ? 470.f : 440.f) * k;
        ground_shadow(cv, x, base - 4 * k, 58 * k, 140 * k, s.side, 0.7f);
        // Brass holder: a dish and a cup.
        Cyl dish{x, base - 14 * k - 6 * k, base - 14 * k, 60 * k, 14 * k};
        cv.solid(dish.bb(), [&](V2 p) { return dish.sd(p); }, L.lid);
        light_cyl(cv, dish, s.side, 0.6f);
        cyl_top(cv, dish, L.lid, s.side, 0.5f);
        Cyl cup{x, base - 70 * k, base - 22 * k, 24 * k, 6 * k};
        cv.solid(cup.bb(), [&](V2 p) { return cup.sd(p); }, L.lid);
        light_cyl(cv, cup, s.side, 0.7f);
        Cyl c{x, base - 70 * k - H + 130 * k, base - 70 * k, 17 * k, 4 * k};
        auto cs = [&](V2 p) { return std::min(c.sd(p), sd_ellipse(p, {x, c.yt}, {17 * k, 7 * k})); };
        cv.solid(c.bb(), cs, L.body);
        cv.light(c.bb(), cs, [&](V2 p, RGB& m, RGB& a) { cyl_light(c.t(p), s.side, 0.15f, m, a, 0.25f); });
        cyl_top(cv, cup, L.lid, s.side, 0.4f);
        cv.solid(c.bb(), [&](V2 p) { return sd_box(p, {x, base - 70 * k}, {26 * k, 4 * k}, 2 * k); }, tint(L.lid, 0.2f));
        flame(cv, {x, c.yt - 4 * k}, k * 0.9f);
    }
}

void draw_diffuser(Canvas& cv, const Letterer& lt, const Look& L, Stage s) {
    float k = s.k, hw = 92 * k, H = 190 * k;
    float top = s.base - H;
    ground_shadow(cv, s.cx, s.base - 4 * k, hw, H + 200 * k, s.side);
    V2 neck{s.cx, top - 26 * k};
    // Reeds fanning out of the neck.
    for (int i = 0; i < 8; ++i) {
        float ang = (-0.42f + 0.84f * i / 7.f) + (hash01(static_cast<std::uint32_t>(i), 17) - 0.5f) * 0.08f;
        float l = (330 + 70 * hash01(static_cast<std::uint32_t>(i), 5)) * k;
        V2 e = neck + V2{std::sin(ang) * l, -std::cos(ang) * l};
        RGB rc = tint(L.accent, (hash01(static_cast<std::uint32_t>(i), 9) - 0.5f) * 0.2f);
        Rect bb = unite(around(neck, 6 * k, 6 * k), around(e, 6 * k, 6 * k));
        cv.solid(bb, [&](V2 p) { return sd_segment(p, neck + V2{0, 30 * k}, e, 2.8f * k); }, rc);
    }
    Rect bb{s.cx - hw, top - 60 * k, s.cx + hw, s.base};
    auto body = [&](V2 p) {
        return smin(sd_box(p, {s.cx, top + H * 0.5f}, {hw, H * 0.5f}, 34 * k), sd_box(p, neck + V2{0, 20 * k}, {22 * k, 24 * k}), 14 * k);
    };
    float level = top + H * 0.42f;
    cv.fill(bb, body, [&](V2) { return tint(L.body, 0.55f); }, 0.45f);
    cv.fill(bb, [&](V2 p) { return std::max(body(p) + 8 * k, level - p.y); }, [&](V2 p) { return tint(L.content, -0.05f + 0.1f * (p.y - level) / H); }, 0.9f);
    float a = top + H * 0.5f, b = s.base - H * 0.14f;
    cv.solid(bb, [&](V2 p) { return std::max(body(p) + 14 * k, std::max(a - p.y, p.y - b)); }, L.label);
    label_art(cv, lt, L, {s.cx, (a + b) * 0.5f}, hw * 1.5f, (b - a) * 0.95f);
    cv.light(bb, body, [&](V2 p, RGB& m, RGB& ad) {
        float t = (p.x - s.cx) / hw;
        float rim = std::pow(std::fabs(clampf(t, -1, 1)), 12.f) * 0.3f;
        cyl_light(t, s.side, 0.45f, m, ad, 0.06f);
        m = m * 0.5f + RGB{0.5f, 0.5f, 0.5f};
        ad = ad + RGB{rim, rim, rim};
    });
    V2 cc = neck + V2{0, 2 * k};
    cv.solid(around(cc, 40 * k, 20 * k), [&](V2 p) { return sd_box(p, cc, {27 * k, 12 * k}, 3 * k); }, L.lid);
    cv.light(around(cc, 40 * k, 20 * k), [&](V2 p) { return sd_box(p, cc, {27 * k, 12 * k}, 3 * k); },
             [&](V2 p, RGB& m, RGB& ad) { cyl_light((p.x - cc.x) / (27 * k), s.side, 0.6f, m, ad, 0.12f); });
}

// Draws a look on a stage. Returns the object's rough height (for close-ups).
float object_height(Kind kind) {
    switch (kind) {
        case Kind::Tin: return 380;
        case Kind::Pouch: return 400;
        case Kind::Carton: return 340;
        case Kind::Jar: case Kind::GlassJar: return 300;
        case Kind::Cake: return 230;
        case Kind::Teapot: return 300;
        case Kind::Gaiwan: return 330;
        case Kind::Cups: return 240;
        case Kind::Pitcher: return 270;
        case Kind::GiftBox: return 320;
        case Kind::Dropper: return 420;
        case Kind::Pump: case Kind::Spray: return 460;
        case Kind::Tube: return 400;
        case Kind::Soap: return 260;
        case Kind::Candle: case Kind::CeramicCandle: return 330;
        case Kind::Taper: return 560;
        case Kind::Diffuser: return 560;
        case Kind::FlatTin: return 170;
    }
    return 300;
}

// Where a close-up should look, as a fraction of the height above the floor.
float label_height(Kind kind) {
    switch (kind) {
        case Kind::Tin: return 0.45f;
        case Kind::Pouch: return 0.56f;
        case Kind::Carton: return 0.62f;
        case Kind::Jar: case Kind::GlassJar: return 0.48f;
        case Kind::Cake: return 0.5f;
        case Kind::Teapot: return 0.55f;
        case Kind::Gaiwan: return 0.55f;
        case Kind::Cups: return 0.5f;
        case Kind::Pitcher: return 0.5f;
        case Kind::GiftBox: return 0.62f;
        case Kind::Dropper: return 0.3f;
        case Kind::Pump: case Kind::Spray: return 0.33f;
        case Kind::Tube: return 0.5f;
        case Kind::Soap: return 0.62f;
        case Kind::Candle: case Kind::CeramicCandle: return 0.48f;
        case Kind::Taper: return 0.75f;
        case Kind::Diffuser: return 0.22f;
        case Kind::FlatTin: return 0.55f;
    }
    return 0.5f;
}

void draw_object(Canvas& cv, const Letterer& lt, const Look& L, Stage s, std::uint32_t seed) {
    switch (L.kind) {
        case Kind::Tin: draw_tin(cv, lt, L, s); break;
        case Kind::Pouch: draw_pouch(cv, lt, L, s, seed); break;
        case Kind::Carton: draw_carton(cv, lt, L, s); break;
        case Kind::Jar: draw_jar(cv, lt, L, s, false, seed); break;
        case Kind::GlassJar: draw_jar(cv, lt, L, s, true, seed); break;
        case Kind::Cake: draw_cake(cv, lt, L, s); break;
        case Kind::Teapot: draw_teapot(cv, L, s); break;
        case Kind::Gaiwan: draw_gaiwan(cv, L, s); break;
        case Kind::Cups: {
            Stage back = s;
            back.cx = s.cx + 95 * s.k * -s.side;
            back.base = s.base - 40 * s.k;
            back.k = s.k * 0.9f;
            draw_cup(cv, L, back, seed + 1);
            Stage front = s;
            front.cx = s.cx - 70 * s.k * -s.side;
            front.base = s.base + 10 * s.k;
            draw_cup(cv, L, front, seed + 2);
            break;
        }
        case Kind::Pitcher: draw_pitcher(cv, L, s); break;
        case Kind::GiftBox: draw_gift_box(cv, lt, L, s); break;
        case Kind::Dropper: draw_bottle(cv, lt, L, s, Cap::Dropper); break;
        case Kind::Pump: draw_bottle(cv, lt, L, s, Cap::Pump); break;
        case Kind::Spray: draw_bottle(cv, lt, L, s, Cap::Spray, 0.85f, 0.85f); break;
        case Kind::Tube: draw_tube(cv, lt, L, s); break;
        case Kind::Soap: draw_soap(cv, lt, L, s); break;
        case Kind::Candle: draw_candle(cv, lt, L, s, false); break;
        case Kind::CeramicCandle: draw_candle(cv, lt, L, s, true); break;
        case Kind::Taper: draw_tapers(cv, L, s); break;
        case Kind::Diffuser: draw_diffuser(cv, lt, L, s); break;
        case Kind::FlatTin: {
            Stage a = s;
            a.cx = s.cx + 70 * s.k * s.side;
            a.base = s.base - 60 * s.k;
            a.k = s.k * 0.92f;
            draw_flat_tin(cv, lt, L, a);
            Stage b = s;
            b.cx = s.cx - 40 * s.k * s.side;
            draw_flat_tin(cv, lt, L, b);
            break;
        }
    }
}

// [SECTION] Scenes ---------------------------------------------------------------------------------

struct Rng {
    std::uint64_t s;
    explicit Rng(std::uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 0x1234567ull) {}
    std::uint64_t next() {  // splitmix64
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    float f() { return static_cast<float>(next() >> 40) / 16777216.f; }
    float range(float a, float b) { return a + (b - a) * f(); }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

enum class Deco { Plain, Arch, Disc, Window, Podium };

struct Backdrop {
    RGB wall, floor, deco;
};

// Returns the floor contact y for an object standing at the centre (raised by a podium).
float draw_backdrop(Canvas& cv, const Backdrop& b, Deco deco, float horizon, float side, float focus_x, Rng& rng) {
    cv.all([&](V2 p, RGB& c) {
        float lightx = side < 0 ? 0.f : 1000.f;
        float glowk = std::exp(-((p.x - lightx) * (p.x - lightx) + (p.y - 150) * (p.y - 150)) / (2 * 520.f * 520.f));
        if (p.y < horizon) {
            float v = p.y / horizon;
            c = tint(b.wall, 0.08f - 0.1f * v + 0.1f * glowk);
        } else {
            float f = (p.y - horizon) / 400.f;
            c = tint(b.floor, 0.05f - 0.1f * f + 0.05f * glowk);
        }
        float occl = std::exp(-sq_x(p.y - horizon, 22.f));
        c = c * (1.f - 0.07f * occl);
    });
    float base = 800;
    switch (deco) {
        case Deco::Plain: break;
        case Deco::Arch: {
            float ax = focus_x + rng.range(-40, 40), aw = rng.range(170, 220), at = rng.range(150, 230);
            auto arch = [&](V2 p) {
                return std::min(sd_box(p, {ax, (at + aw + horizon) * 0.5f}, {aw, (horizon - at - aw) * 0.5f}), sd_circle(p, {ax, at + aw}, aw));
            };
            Rect bb{ax - aw, at, ax + aw, horizon};
            cv.soft(bb, [&](V2 p) { return arch(p - V2{-side * 14, 6}); }, 16, kShadow, 0.1f);
            cv.fill(bb, [&](V2 p) { return std::max(arch(p), p.y - horizon); }, [&](V2 p) { return tint(b.deco, 0.06f - 0.08f * p.y / horizon); });
            break;
        }
        case Deco::Disc: {
            V2 c{focus_x + rng.range(-90, 90), rng.range(330, 420)};
            float r = rng.range(200, 260);
            cv.fill(around(c, r, r), [&](V2 p) { return std::max(sd_circle(p, c, r), p.y - horizon); },
                    [&](V2 p) { return tint(b.deco, 0.05f - 0.06f * (p.y - c.y) / r); });
            break;
        }
        case Deco::Window: {
            // Soft light falling through a window: slanted bright panes on wall and floor.
            float slant = side < 0 ? 0.45f : -0.45f;
            float x0 = rng.range(80, 260);
            for (int i = 0; i < 3; ++i) {
                float cx = x0 + i * 170.f + (side < 0 ? 0 : 200);
                V2 q[4] = {{cx, -50}, {cx + 120, -50}, {cx + 120 + 1100 * slant, 1050}, {cx + 1100 * slant, 1050}};
                cv.soft({-200, -60, 1300, 1060}, [&](V2 p) { return sd_poly(p, q, 4); }, 26, kWhite, 0.09f);
            }
            break;
        }
        case Deco::Podium: {
            float hw = rng.range(250, 290), top = horizon + rng.range(120, 150), ry = hw * 0.2f;
            Cyl pod{focus_x, top, 1100, hw, ry};
            cv.soft(pod.bb(), [&](V2 p) { return pod.sd(p - V2{-side * 30, 0}); }, 40, kShadow, 0.12f);
            cv.fill(pod.bb(), [&](V2 p) { return pod.sd(p); }, [&](V2) { return tint(b.deco, -0.02f); });
            light_cyl(cv, pod, side, 0.03f, 0.3f);
            cv.fill(pod.bb(), [&](V2 p) { return pod.sd_top(p); }, [&](V2 p) { return tint(b.deco, 0.12f - 0.05f * (p.y - top) / ry); });
            base = top + ry * 0.45f;
            break;
        }
    }
    return base;
}

void finish(Canvas& cv) {
    // Gentle vignette.
    float cx = cv.width() * 0.5f, cy = cv.height() * 0.5f;
    float rr = cx * cx + cy * cy;
    for (int y = 0; y < cv.height(); ++y)
        for (int x = 0; x < cv.width(); ++x) {
            float d = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / rr;
            RGB& c = cv.pixel(x, y);
            c = c * (1.f - 0.14f * d * d);
        }
}

// Dried tea leaves scattered on the floor.
void scatter_leaves(Canvas& cv, Rng& rng, V2 c, float spread, int n, RGB col, float k = 1.f) {
    for (int i = 0; i < n; ++i) {
        V2 p{c.x + rng.range(-spread, spread), c.y + rng.range(-spread * 0.25f, spread * 0.25f)};
        float a = rng.range(0, kPi), hl = rng.range(14, 24) * k, hw = rng.range(4.5f, 7.5f) * k;
        RGB lc = tint(col, rng.range(-0.25f, 0.15f));
        Rect bb = around(p, hl + 8, hl + 8);
        cv.soft(bb, [&](V2 q) { return sd_leaf(q - V2{2, 4}, p, hl, hw, a); }, 3, kShadow, 0.3f);
        cv.solid(bb, [&](V2 q) { return sd_leaf(q, p, hl, hw, a); }, lc);
        V2 d{std::cos(a), std::sin(a)};
        cv.solid(bb, [&](V2 q) { return sd_segment(q, p - d * (hl * 0.8f), p + d * (hl * 0.8f), 0.6f * k); }, tint(lc, 0.25f), 0.6f);
    }
}

// A fresh sprig: a curved stem with leaves on alternate sides.
void sprig(Canvas& cv, Rng& rng, V2 start, float ang, float length, RGB leaf, bool round_leaves, float k = 1.f) {
    V2 dir{std::sin(ang), -std::cos(ang)};
    V2 nrm{-dir.y, dir.x};
    float bend = rng.range(-0.25f, 0.25f);
    auto at = [&](float t) { return start + dir * (length * t) + nrm * (bend * length * t * t); };
    Rect bb = around(start + dir * (length * 0.5f), length * 0.7f, length * 0.7f);
    cv.soft(bb, [&](V2 p) {
        float d = 1e9f;
        for (int i = 0; i < 8; ++i) d = std::min(d, sd_segment(p - V2{6, 10}, at(i / 8.f), at((i + 1) / 8.f), 2.f * k));
        return d;
    }, 6, kShadow, 0.12f);
    RGB stem = tint(leaf, -0.25f);
    for (int i = 0; i < 8; ++i) {
        V2 a = at(i / 8.f), b = at((i + 1) / 8.f);
        cv.solid(around((a + b) * 0.5f, length * 0.1f + 6, length * 0.1f + 6), [&](V2 p) { return sd_segment(p, a, b, lerp(3.2f, 1.6f, i / 8.f) * k); }, stem);
    }
    int n = round_leaves ? 9 : 6;
    for (int i = 0; i < n; ++i) {
        float t = 0.15f + 0.85f * (i + 0.5f) / n;
        V2 p = at(t);
        float side = (i % 2) ? 1.f : -1.f;
        float la = std::atan2(dir.y, dir.x) + side * rng.range(0.6f, 1.0f);
        float sz = lerp(1.f, 0.6f, t) * k;
        RGB lc = tint(leaf, rng.range(-0.1f, 0.12f));
        if (round_leaves) {
            float r = rng.range(18, 24) * sz;
            V2 c = p + V2{std::cos(la), std::sin(la)} * (r * 0.9f);
            cv.soft(around(c, r + 12, r + 12), [&](V2 q) { return sd_circle(q - V2{5, 8}, c, r); }, 6, kShadow, 0.16f);
            cv.solid(around(c, r + 2, r + 2), [&](V2 q) { return sd_circle(q, c, r); }, lc);
            cv.light(around(c, r + 2, r + 2), [&](V2 q) { return sd_circle(q, c, r); }, [&](V2 q, RGB& m, RGB& a) { dome_light(q, c, {r, r}, -1, 0.1f, 8, m, a); });
        } else {
            float hl = rng.range(34, 46) * sz, hw = hl * 0.36f;
            V2 c = p + V2{std::cos(la), std::sin(la)} * (hl * 0.95f);
            Rect lb = around(c, hl + 12, hl + 12);
            cv.soft(lb, [&](V2 q) { return sd_leaf(q - V2{5, 8}, c, hl, hw, la); }, 6, kShadow, 0.16f);
            cv.fill(lb, [&](V2 q) { return sd_leaf(q, c, hl, hw, la); }, [&](V2 q) {
                V2 l = rot(q - c, -la);
                return tint(lc, 0.12f * (l.y / hw) + 0.05f);
            });
            V2 d{std::cos(la), std::sin(la)};
            cv.solid(lb, [&](V2 q) { return sd_segment(q, c - d * (hl * 0.85f), c + d * (hl * 0.8f), 0.9f * k); }, tint(lc, 0.3f), 0.6f);
        }
    }
}

void pebbles(Canvas& cv, Rng& rng, V2 c, RGB col, int n = 3) {
    for (int i = 0; i < n; ++i) {
        V2 p = c + V2{rng.range(-70, 70) + i * 30.f, rng.range(-12, 12)};
        V2 r{rng.range(26, 44), 0};
        r.y = r.x * rng.range(0.5f, 0.62f);
        RGB pc = tint(col, rng.range(-0.15f, 0.15f));
        cv.soft(around(p, r.x + 20, r.y + 20), [&](V2 q) { return sd_ellipse(q - V2{4, 5}, p, r); }, 6, kShadow, 0.35f);
        cv.solid(around(p, r.x, r.y), [&](V2 q) { return sd_ellipse(q, p, r); }, pc);
        cv.light(around(p, r.x, r.y), [&](V2 q) { return sd_ellipse(q, p, r); }, [&](V2 q, RGB& m, RGB& a) { dome_light(q, p - V2{0, r.y * 0.3f}, r, -1, 0.12f, 10, m, a); });
    }
}

void petals(Canvas& cv, Rng& rng, V2 c, float spread, RGB col, int n) {
    for (int i = 0; i < n; ++i) {
        V2 p{c.x + rng.range(-spread, spread), c.y + rng.range(-spread * 0.22f, spread * 0.22f)};
        float a = rng.range(0, kPi);
        V2 r{rng.range(11, 16), rng.range(7, 10)};
        RGB pc = tint(col, rng.range(-0.1f, 0.15f));
        cv.soft(around(p, 26, 26), [&](V2 q) { return sd_ellipse(rot(q - p - V2{2, 3}, -a), {0, 0}, r); }, 3, kShadow, 0.2f);
        cv.fill(around(p, 20, 20), [&](V2 q) { return sd_ellipse(rot(q - p, -a), {0, 0}, r); }, [&](V2 q) {
            return tint(pc, 0.15f * sat(1 - len(q - p) / r.x));
        });
    }
}

enum class Style { Tea, Botanic };

struct ProductArt {
    Look look;
    Style style = Style::Tea;
    std::vector<Backdrop> backdrops;  // the brand's palette of sets
};

// Gallery variants: 0 hero, 1 styled with props from the other side, 2 close-up on the label.
void render_product(Canvas& cv, const Letterer& lt, const ProductArt& art, int variant, std::uint32_t seed) {
    Rng rng(seed * 31u + static_cast<std::uint32_t>(variant) * 1009u + 7u);
    const Look& L = art.look;
    std::size_t nb = art.backdrops.size();
    const Backdrop& bd = art.backdrops[(seed + static_cast<std::uint32_t>(variant) * 2u) % nb];
    float side = ((seed >> 1) % 2 == 0 ? -1.f : 1.f) * (variant == 1 ? -1.f : 1.f);
    float h = object_height(L.kind);
    float horizon = 600 + rng.range(-30, 30);
    float kscale = std::min(1.55f, 600.f / h);
    if (variant == 2) {
        bool labelled = !(L.kind == Kind::Teapot || L.kind == Kind::Gaiwan || L.kind == Kind::Cups ||
                          L.kind == Kind::Pitcher || L.kind == Kind::Taper);
        float zoom = labelled ? 1.7f : 1.3f;
        float base = 820;
        float fy = base - h * kscale * label_height(L.kind);
        cv.view(zoom, {500 + rng.range(-20, 20), fy});
        draw_backdrop(cv, bd, Deco::Plain, horizon + 80, side, 500, rng);
        draw_object(cv, lt, L, {500, base, kscale, side}, seed);
        cv.view(1.f, {500, 500});
        finish(cv);
        return;
    }
    Deco deco;
    if (variant == 0) {
        const Deco options[] = {Deco::Arch, Deco::Podium, Deco::Disc, Deco::Podium, Deco::Arch, Deco::Plain};
        deco = options[seed % 6];
    } else {
        deco = (seed % 2) ? Deco::Window : Deco::Plain;
    }
    float cx = variant == 0 ? 500 : 500 + side * 70;
    float base = draw_backdrop(cv, bd, deco, horizon, side, cx, rng);
    if (deco != Deco::Podium) base = horizon + 215 + rng.range(-10, 10);
    float k = kscale * (deco == Deco::Podium ? 0.92f : 1.f) * (variant == 1 ? 0.9f : 1.f);
    // Props behind the object.
    if (variant == 1) {
        V2 pp{cx - side * 290, base - 30};
        if (art.style == Style::Tea) {
            if (L.kind != Kind::Cups && L.kind != Kind::Teapot && L.kind != Kind::Gaiwan) {
                Look cup = L;
                cup.body = hexc(0xE9E1D3);
                cup.lid = hexc(0xF7F3EA);
                cup.gloss = 0.35f;
                draw_cup(cv, cup, {pp.x, pp.y + 60, 0.8f, side}, seed + 3);
            } else {
                sprig(cv, rng, {pp.x + 40, pp.y + 70}, side * 0.9f, 260, hexc(0x5E8C4A), false);
            }
        } else {
            sprig(cv, rng, {pp.x - side * 30, pp.y + 80}, -side * 0.3f, 330, hexc(0x8FA99A), true);
        }
    }
    draw_object(cv, lt, L, {cx, base, k, side}, seed);
    // Props in front.
    if (art.style == Style::Tea) {
        if (variant == 1 || deco != Deco::Podium)
            scatter_leaves(cv, rng, {cx + side * 190, base + 70}, 90, 7 + rng.below(6), L.kind == Kind::Cups || L.kind == Kind::Teapot ? hexc(0x4E5A2E) : L.content);
        if (variant == 0 && deco != Deco::Podium) sprig(cv, rng, {cx - side * 300, base + 90}, side * 1.1f, 220, hexc(0x5E8C4A), false);
    } else {
        if (deco != Deco::Podium) pebbles(cv, rng, {cx + side * 250, base + 40}, hexc(0xB8AEA2), 2 + rng.below(2));
        const std::uint32_t petal_colours[] = {0xE8A9A0, 0xF2C6A0, 0xD9C3E6, 0xF4E1A6};
        RGB petal = hexc(petal_colours[(seed / 3) % 4]);
        if (variant == 0 && deco != Deco::Podium) petals(cv, rng, {cx - side * 250, base + 70}, 80, petal, 6);
        if (variant == 1) petals(cv, rng, {cx + side * 200, base + 95}, 70, petal, 5);
    }
    finish(cv);
}

// A friendly, abstract portrait on a colour.
struct AvatarArt {
    RGB bg, skin, hair, shirt, accent;
    int hair_style = 0;  // 0 long, 1 short, 2 bun, 3 bob
    bool glasses = false;
};

void render_avatar(Canvas& cv, const AvatarArt& a) {
    cv.all([&](V2 p, RGB& c) {
        float d = len(p - V2{350, 250}) / 900.f;
        c = tint(a.bg, 0.14f - 0.22f * d);
    });
    // Soft decorative circle behind the head.
    cv.solid({0, 0, 1000, 1000}, [&](V2 p) { return sd_circle(p, {500, 470}, 330); }, tint(a.bg, 0.22f), 0.7f);
    V2 head{500, 440};
    V2 hr{128, 150};
    // Hair behind the head.
    // Below the chin only the strands beside the neck show, so long hair never reads as a beard.
    auto chin_gap = [&](V2 p) { return -sd_box(p, {500, 700}, {88, 150}, 40); };
    if (a.hair_style == 0) {
        cv.solid({250, 240, 750, 900}, [&](V2 p) {
            return std::max(std::min(sd_ellipse(p, head + V2{0, -10}, {168, 178}), sd_box(p, {500, 600}, {165, 180}, 70)), chin_gap(p));
        }, a.hair);
    } else if (a.hair_style == 3) {
        cv.solid({250, 240, 750, 900}, [&](V2 p) {
            return std::max(std::min(sd_ellipse(p, head + V2{0, -8}, {162, 172}), sd_box(p, {500, 500}, {162, 72}, 40)), chin_gap(p));
        }, a.hair);
    } else if (a.hair_style == 2) {
        cv.solid({350, 150, 650, 400}, [&](V2 p) { return sd_circle(p, {500, 255}, 80); }, a.hair);
    }
    // Shoulders and neck.
    auto body = [&](V2 p) { return sd_box(p, {500, 1000}, {270, 230}, 170); };
    cv.solid({200, 700, 800, 1000}, [&](V2 p) { return sd_box(p, {500, 640}, {44, 80}, 30); }, tint(a.skin, -0.12f));
    cv.fill({200, 760, 800, 1000}, body, [&](V2 p) { return tint(a.shirt, 0.06f - 0.1f * (p.y - 770) / 230); });
    cv.solid({200, 760, 800, 1000}, [&](V2 p) { return std::max(body(p), sd_ellipse(p, {500, 772}, {70, 46})); }, tint(a.skin, -0.05f));
    cv.solid({200, 760, 800, 1000}, [&](V2 p) { return std::max(body(p), std::fabs(sd_ellipse(p, {500, 772}, {70, 46})) - 7); }, a.accent, 0.9f);
    // Face.
    cv.fill({300, 250, 700, 650}, [&](V2 p) { return sd_ellipse(p, head, hr); }, [&](V2 p) { return tint(a.skin, 0.05f - 0.06f * (p.y - head.y) / hr.y); });
    // Ears.
    for (float sx : {-1.f, 1.f})
        cv.solid({300, 400, 700, 520}, [&](V2 p) { return sd_ellipse(p, {500 + sx * 126, 460}, {20, 30}); }, tint(a.skin, -0.05f));
    // Hair on top.
    if (a.hair_style == 1) {
        cv.solid({300, 230, 700, 480}, [&](V2 p) { return std::max(sd_ellipse(p, head + V2{0, -18}, {140, 150}), p.y - (370 + 40 * std::sin((p.x - 360) / 90))); }, a.hair);
    } else {
        cv.solid({300, 230, 700, 480}, [&](V2 p) {
            float fringe = 370 + 38 * std::sin((p.x - 380) / 70.f) * (a.hair_style == 3 ? 0.3f : 1.f);
            return std::max(sd_ellipse(p, head + V2{0, -14}, {146, 160}), p.y - fringe);
        }, a.hair);
    }
    // Eyes, cheeks, smile.
    RGB ink = tint(a.hair, -0.5f);
    for (float sx : {-1.f, 1.f}) {
        V2 e{500 + sx * 50, 470};
        cv.solid(around(e, 16, 16), [&](V2 p) { return sd_ellipse(p, e, {10, 13}); }, ink);
        cv.solid(around(e, 16, 16), [&](V2 p) { return sd_circle(p, e + V2{3, -4}, 3.5f); }, kWhite, 0.9f);
        V2 ch{500 + sx * 78, 530};
        cv.soft(around(ch, 40, 30), [&](V2 p) { return sd_ellipse(p, ch, {26, 16}); }, 10, hexc(0xF08C8C), 0.35f);
    }
    cv.solid({440, 520, 560, 590}, [&](V2 p) {
        V2 c{500, 520};
        return std::max(std::fabs(len(p - c) - 44) - 5.5f, c.y + 20 - p.y);
    }, tint(ink, 0.2f));
    if (a.glasses) {
        for (float sx : {-1.f, 1.f})
            cv.solid({380, 420, 620, 520}, [&](V2 p) { return std::fabs(sd_box(p, {500 + sx * 52, 470}, {40, 32}, 14)) - 4; }, ink, 0.9f);
        cv.solid({480, 450, 520, 480}, [&](V2 p) { return sd_segment(p, {490, 466}, {510, 466}, 3.5f); }, ink, 0.9f);
    }
    finish(cv);
}

// A wide landscape: sky, sun, layered hills; tea terraces or botanical leaves in front.
struct BannerArt {
    RGB sky_top, sky_bottom, sun, far, mid, near;
    Style style = Style::Tea;
    float sun_x = 760;
};

void render_banner(Canvas& cv, const BannerArt& b, std::uint32_t seed) {
    Rng rng(seed);
    float H = 1000.f * cv.height() / cv.width();  // virtual height (333 for 1200x400)
    V2 sun{b.sun_x, H * 0.36f};
    cv.all([&](V2 p, RGB& c) {
        float v = p.y / H;
        c = mix(b.sky_top, b.sky_bottom, smooth(0.f, 0.8f, v));
        float g = std::exp(-len(p - sun) / 160.f);
        c = mix(c, tint(b.sun, 0.5f), g * 0.55f);
    });
    cv.solid({sun.x - 50, sun.y - 50, sun.x + 50, sun.y + 50}, [&](V2 p) { return sd_circle(p, sun, 30); }, tint(b.sun, 0.4f), 0.95f);
    // Hills: ridgelines from sums of sines; farther layers fade into the sky.
    struct Layer { float y, amp, freq; RGB col; };
    float ph[4];
    for (float& x : ph) x = rng.range(0, 6.28f);
    Layer layers[4] = {{H * 0.50f, 26, 0.006f, b.far},
                       {H * 0.60f, 22, 0.009f, mix(b.far, b.mid, 0.5f)},
                       {H * 0.70f, 20, 0.007f, b.mid},
                       {H * 0.84f, 16, 0.005f, b.near}};
    for (int i = 0; i < 4; ++i) {
        const Layer& L = layers[i];
        auto ridge = [&](float x) {
            return L.y - L.amp * std::sin(x * L.freq + ph[i]) - L.amp * 0.45f * std::sin(x * L.freq * 2.7f + ph[(i + 1) % 4]) -
                   L.amp * 0.15f * std::sin(x * L.freq * 7.1f + ph[(i + 2) % 4]);
        };
        auto sd = [&](V2 p) { return ridge(p.x) - p.y; };
        float haze = (3 - i) * 0.12f;
        cv.fill({0, 0, 1000, H}, sd, [&](V2 p) {
            float d = (p.y - ridge(p.x)) / H;
            RGB c = mix(L.col, b.sky_bottom, haze);
            return tint(c, 0.05f - 0.25f * d);
        });
        if (b.style == Style::Tea && i >= 2) {
            // Terraces: rows of tea bushes that follow the ridge.
            float spacing = i == 2 ? 9.f : 13.f;
            cv.light({0, 0, 1000, H}, sd, [&](V2 p, RGB& m, RGB& a) {
                float u = (p.y - ridge(p.x)) / spacing;
                float f = u - std::floor(u);
                float row = smooth(0.0f, 0.35f, f) * (1 - smooth(0.65f, 1.f, f));
                float bump = 0.5f + 0.5f * std::sin(p.x * (i == 2 ? 1.1f : 0.8f));
                float k = 0.86f + 0.2f * row + 0.04f * bump * row;
                m = {k, k * 1.02f, k};
                a = {0, 0, 0};
            });
        }
        if (i == 1) {
            // Mist between the layers.
            cv.all([&](V2 p, RGB& c) {
                float m = std::exp(-sq_x(p.y - (L.y + 12), 18.f)) * (0.5f + 0.5f * std::sin(p.x * 0.01f + ph[0]));
                c = mix(c, tint(b.sky_bottom, 0.35f), m * 0.45f);
            });
        }
    }
    // Foreground.
    if (b.style == Style::Tea) {
        for (int i = 0; i < 2; ++i) {
            float x = i == 0 ? rng.range(30, 120) : rng.range(880, 970);
            sprig(cv, rng, {x, H + 10}, (i == 0 ? 0.35f : -0.35f), 150, tint(b.near, -0.1f), false, 0.8f);
        }
    } else {
        for (int i = 0; i < 5; ++i) {
            float x = i < 3 ? rng.range(0, 140) : rng.range(860, 1000);
            float ang = (i < 3 ? 1.f : -1.f) * rng.range(0.1f, 0.6f);
            sprig(cv, rng, {x, H + 20}, ang, rng.range(130, 200), tint(b.near, rng.range(-0.2f, 0.1f)), i % 2 == 0, 0.8f);
        }
        for (int i = 0; i < 9; ++i) {
            V2 c{rng.f() < 0.5f ? rng.range(60, 200) : rng.range(800, 950), rng.range(H * 0.62f, H * 0.95f)};
            float r = rng.range(4, 7);
            cv.solid(around(c, 10, 10), [&](V2 p) { return sd_circle(p, c, r); }, tint(b.sun, 0.2f), 0.9f);
        }
    }
}

// [SECTION] Content --------------------------------------------------------------------------------
// All product and shop text below is original writing for this demo.

struct SpecSeed {
    const char* name;
    const char* value;
};

struct ProductSeed {
    const char* category;
    const char* title;
    const char* subtitle;
    const char* description;
    std::vector<SpecSeed> specs;
    core::Minor price, list_price;
    Kind kind;
    std::uint32_t body, lid, accent, content;
    float gloss;
    const char* big;
    const char* small;
};

struct BrandSeed {
    const char* id;
    const char* name;
    const char* locale;
    const char* currency;
    const char* id_prefix;  // product ids: p_<prefix>_001
    std::vector<core::Category> categories;
    const std::vector<ProductSeed>* products;
    // Label look shared by the brand's packaging.
    const char* label_brand;
    const char* seal;
    std::uint32_t label, ink;
    Style style;
    std::vector<Backdrop> backdrops;
};

const std::vector<ProductSeed>& huaxi_products() {
    static const std::vector<ProductSeed> v = {
        // 绿茶
        {"green", "明前西湖龙井 · 特级", "清明前手工炒制，鲜爽带豆花香",
         "采自清明前的一芽一叶，由制茶师傅在铁锅里手工青锅、辉锅，干茶扁平光润。冲泡后汤色嫩绿明亮，入口鲜爽，回味带着淡淡的豆花香。建议用80°C左右的水，玻璃杯下投，看茶叶慢慢舒展。",
         {{"产地", "浙江杭州"}, {"净含量", "100克"}, {"等级", "特级"}, {"采摘", "2026年清明前"}, {"储存", "密封冷藏"}},
         26800, 32800, Kind::Tin, 0x7FA36B, 0xC9B27A, 0xB23A2E, 0x6B7A3A, 0.35f, "龙井", "明前特级"},
        {"green", "湄潭翠芽", "高山早春芽头，栗香悠长",
         "湄潭茶区海拔高、云雾多，早春的芽头格外饱满。我们只取单芽和一芽一叶初展，炒出的干茶扁平翠绿。茶汤栗香明显，非常耐泡，第三泡依然鲜甜。",
         {{"产地", "贵州湄潭"}, {"净含量", "150克"}, {"等级", "一级"}, {"冲泡水温", "80–85°C"}},
         16800, 0, Kind::Tin, 0x3F7D5C, 0xE9D8A6, 0xC0392B, 0x5C6E34, 0.3f, "翠芽", "湄潭"},
        {"green", "都匀毛尖", "卷曲如螺，白毫满披",
         "都匀毛尖条索紧细卷曲，满身白毫，是贵州名茶里的老牌代表。汤色黄绿清亮，滋味鲜浓，带一点嫩栗香。办公桌上放一罐，下午泡上一杯正好提神。",
         {{"产地", "贵州都匀"}, {"净含量", "100克"}, {"等级", "特级"}, {"保质期", "18个月"}},
         19800, 23800, Kind::GlassJar, 0x9DBF8E, 0x3F5E3A, 0xA8322D, 0x7D8C4A, 0.3f, "毛尖", "都匀"},
        {"green", "黄山毛峰", "兰花香清雅，像春天的山野",
         "芽叶肥壮匀齐，形似雀舌，冲泡后有清雅的兰花香。口感鲜醇回甘，苦涩很轻，第一次喝绿茶的朋友也容易接受。",
         {{"产地", "安徽黄山"}, {"净含量", "125克"}, {"等级", "一级"}, {"冲泡水温", "85°C"}},
         13800, 0, Kind::Pouch, 0xC9D8B6, 0x5B7F4A, 0x5B7F4A, 0x6F7F3C, 0.2f, "毛峰", "黄山"},
        {"green", "洞庭碧螺春", "花果香浓郁，一嫩三鲜",
         "碧螺春条索纤细，卷曲成螺，白毫隐翠。茶树与果树间种，茶汤里带着自然的花果香。第一泡香气最高，建议先闻再喝。",
         {{"产地", "江苏苏州"}, {"净含量", "100克"}, {"等级", "特级"}, {"采摘", "春分前后"}},
         21800, 25800, Kind::Tin, 0x8FC0B0, 0xDCE6E0, 0x2F6B5E, 0x6E8A48, 0.4f, "碧螺春", "洞庭"},
        {"green", "日常口粮绿茶 · 家庭装", "五百克分十小袋，清爽不苦涩",
         "给每天都离不开绿茶的人准备的大份量。选用春茶中后期的鲜叶，滋味清爽，价格实在。分装成十个小袋，打开一袋喝一袋，不怕受潮。",
         {{"产地", "贵州"}, {"净含量", "500克（50克×10袋）"}, {"等级", "二级"}, {"适合", "热泡、冷泡"}},
         9800, 0, Kind::Pouch, 0xCDB48A, 0x4E7D47, 0x4E7D47, 0x5E6B30, 0.12f, "口粮茶", "家庭装"},
        {"green", "冷泡绿茶三角包", "一瓶矿泉水，一包就够",
         "专为冷泡调配的绿茶三角包，放进常温矿泉水里两小时就能喝。茶汤清甜，没有热泡的苦涩，放进冰箱冷藏更好喝。每包独立包装，出门随身带一包。",
         {{"净含量", "60克（3克×20包）"}, {"冲泡方式", "冷泡2小时或热泡3分钟"}, {"原料", "绿茶"}, {"保质期", "12个月"}},
         5900, 6900, Kind::Carton, 0xA8D5C2, 0x1F6F5C, 0x1F6F5C, 0x5E7A3A, 0.2f, "冷泡", "绿茶三角包"},
        // 红茶
        {"black", "遵义红 · 金芽", "蜜香甜润，汤色红亮",
         "遵义红选用高山茶园的春芽，经萎凋、揉捻、发酵、烘干精制而成。干茶金毫显露，汤色红艳透亮，蜜香甜润。冬天加一点热牛奶，就是一杯很暖的奶茶。",
         {{"产地", "贵州遵义"}, {"净含量", "120克"}, {"等级", "特级"}, {"冲泡水温", "90°C"}},
         18800, 22800, Kind::Tin, 0xA8322D, 0xD9B46A, 0x7A1E1A, 0x5A3020, 0.4f, "遵义红", "金芽"},
        {"black", "正山小种 · 松烟香", "传统烟熏工艺，桂圆般的甜",
         "按传统做法用松木烟熏焙，带有独特的松烟香，细品还有桂圆干一样的甜味。汤色橙红，口感醇厚顺滑。下雨天围炉煮一壶，满屋都是香气。",
         {{"产地", "福建武夷山"}, {"净含量", "150克"}, {"工艺", "传统烟熏"}, {"保质期", "36个月"}},
         15800, 0, Kind::Tin, 0x4A3228, 0xC9A24A, 0xB5432F, 0x3E2A1E, 0.3f, "小种", "松烟香"},
        {"black", "滇红金丝", "大叶种单芽，金毫满披",
         "选用云南大叶种的单芽制作，干茶满披金毫，像一根根金丝。汤色金红，滋味浓醇，带着焦糖和红薯般的香甜。可以多泡几次，每一泡都有变化。",
         {{"产地", "云南凤庆"}, {"净含量", "100克"}, {"等级", "特级"}, {"冲泡水温", "90–95°C"}},
         22800, 26800, Kind::GlassJar, 0xC98B3E, 0x6B2A1A, 0x9A2A1E, 0xB07A35, 0.3f, "滇红", "金丝"},
        {"black", "祁门红茶", "花果蜜糖交织的祁门香",
         "祁门红茶以特有的“祁门香”著称，香气里有花香、果香，也有蜜糖的甜。汤色红艳，滋味鲜醇。可以清饮，也适合做下午茶配点心。",
         {{"产地", "安徽祁门"}, {"净含量", "125克"}, {"等级", "一级"}, {"保质期", "24个月"}},
         16800, 0, Kind::Tin, 0x7A2E3B, 0xE6D2B0, 0x7A2E3B, 0x4A2A20, 0.35f, "祁红", "祁门"},
        {"black", "早餐红茶茶包", "浓郁醇厚，适合加奶",
         "几种红茶拼配而成，茶汤浓郁，加奶也不会被盖住味道。一包泡一大杯，三分钟出汤，匆忙的早晨也能喝上一杯好茶。",
         {{"净含量", "50克（2.5克×20包）"}, {"原料", "红茶"}, {"冲泡方式", "沸水3分钟"}, {"保质期", "24个月"}},
         4900, 0, Kind::Carton, 0xB5432F, 0xF3E3C3, 0xE0A93B, 0x4A2A20, 0.2f, "早餐红茶", "茶包"},
        {"black", "新会陈皮红茶", "三年陈皮配高山红茶",
         "选用存放三年以上的新会陈皮，和高山红茶一起拼配。陈皮的清香和红茶的甜润很合拍，饭后喝一杯，肠胃都觉得舒服。",
         {{"净含量", "100克"}, {"原料", "红茶、陈皮"}, {"产地", "贵州、广东新会"}, {"保质期", "24个月"}},
         12800, 14800, Kind::Jar, 0xD9822B, 0x6B4A2F, 0x8A3A1A, 0x5A3020, 0.3f, "陈皮红", "新会"},
        // 乌龙
        {"oolong", "安溪铁观音 · 清香型", "兰花香高扬，七泡有余香",
         "清香型铁观音轻发酵、轻焙火，颗粒紧结，色泽砂绿。兰花香高扬，汤色金黄明亮，入口鲜活回甘。用盖碗冲泡，七泡之后仍有余香。",
         {{"产地", "福建安溪"}, {"净含量", "252克（7克×36泡）"}, {"香型", "清香型"}, {"等级", "一级"}},
         17800, 19800, Kind::Tin, 0x6E9C7E, 0xD8C9A0, 0xA8322D, 0x4F6A35, 0.35f, "观音", "清香型"},
        {"oolong", "武夷大红袍", "岩骨花香，焙火醇厚",
         "武夷山岩茶的代表，生长在岩缝之间的茶树带来独特的“岩韵”。经过足火焙制，香气沉稳，带着熟果和焦糖香。建议用沸水快出汤，慢慢品它的层次。",
         {{"产地", "福建武夷山"}, {"净含量", "200克"}, {"焙火", "足火"}, {"保质期", "36个月"}},
         29800, 35800, Kind::Tin, 0x2E2522, 0xC9A24A, 0xB23A2E, 0x3A2A1E, 0.45f, "大红袍", "武夷岩茶"},
        {"oolong", "凤凰单丛 · 蜜兰香", "一泡一泡变幻的蜜兰香",
         "凤凰单丛以香型丰富闻名，这款蜜兰香兼有蜂蜜的甜和兰花的幽香。茶汤橙黄，滋味浓而不涩，喉韵悠长。",
         {{"产地", "广东潮州"}, {"净含量", "150克"}, {"香型", "蜜兰香"}, {"冲泡水温", "100°C"}},
         24800, 0, Kind::Tin, 0xE2B05A, 0x5A3A1E, 0x8A3A1A, 0x4A3A22, 0.35f, "单丛", "蜜兰香"},
        {"oolong", "冻顶乌龙", "半球形颗粒，熟果甜香",
         "冻顶乌龙中度发酵、中度焙火，颗粒卷成半球形。香气是成熟果子的甜香，汤色金黄偏琥珀，口感圆润。放凉一点再喝，甜味更明显。",
         {{"产地", "台湾南投"}, {"净含量", "150克"}, {"焙火", "中火"}, {"等级", "一级"}},
         19800, 0, Kind::Pouch, 0x8C6A3F, 0xF1E2C2, 0xB5432F, 0x4E5A2A, 0.2f, "冻顶", "乌龙"},
        {"oolong", "东方美人", "蜜香与熟果香，小绿叶蝉的礼物",
         "茶园里的小绿叶蝉叮咬过嫩芽后，茶叶会产生独特的蜜香。东方美人干茶白、绿、黄、红、褐五色相间，汤色像琥珀，喝起来有蜂蜜和熟果的味道。",
         {{"产地", "台湾新竹"}, {"净含量", "75克"}, {"发酵", "重发酵"}, {"冲泡水温", "85°C"}},
         32800, 38800, Kind::GlassJar, 0xB86B4B, 0x3A2A22, 0xB86B4B, 0x8A5A32, 0.3f, "东方美人", "新竹"},
        {"oolong", "桂花乌龙", "秋天的桂花，窨进乌龙里",
         "用新鲜金桂和轻焙乌龙一起窨制，桂花香甜而不腻，乌龙的茶底让香气更持久。冷泡热泡都好喝，是很多人的第一杯乌龙茶。",
         {{"净含量", "60克（5克×12包）"}, {"原料", "乌龙茶、桂花"}, {"冲泡方式", "热泡或冷泡"}, {"保质期", "18个月"}},
         9800, 0, Kind::Carton, 0xF2C14E, 0x6B4A1F, 0x6B4A1F, 0x6A5A2A, 0.2f, "桂花乌龙", "茶包"},
        // 白茶
        {"white", "白毫银针", "满披白毫，清甜如蜜",
         "只采春天第一批肥壮的单芽，不炒不揉，日光萎凋后慢慢干燥。芽头挺直，满披白毫，像一根根银针。汤色浅杏黄，滋味清甜，带毫香和淡淡的蜜香。",
         {{"产地", "福建福鼎"}, {"净含量", "100克"}, {"等级", "特级"}, {"年份", "2026年春"}},
         36800, 42800, Kind::Tin, 0xCFCBC2, 0x8E9AA2, 0x5F6B73, 0xB8B49A, 0.5f, "银针", "白毫"},
        {"white", "白牡丹", "绿叶夹银毫，形似花朵",
         "一芽两叶，叶片舒展，绿叶之间夹着银白的芽毫，冲泡后像一朵朵小花。花香和毫香交织，滋味鲜爽，适合刚开始喝白茶的朋友。",
         {{"产地", "福建福鼎"}, {"净含量", "100克"}, {"等级", "一级"}, {"冲泡水温", "90°C"}},
         16800, 0, Kind::Pouch, 0xE7E1D3, 0x7A8C6E, 0x7A8C6E, 0x8A8A62, 0.15f, "白牡丹", "福鼎"},
        {"white", "寿眉茶饼 · 350克", "能喝也能存的老白茶",
         "寿眉叶片较大，压成茶饼便于保存，放上几年滋味会越来越醇厚，出现枣香和药香。可以直接撬一块冲泡，也可以放进壶里煮着喝。",
         {{"产地", "福建福鼎"}, {"净含量", "350克"}, {"形态", "紧压茶饼"}, {"年份", "2024年"}, {"储存", "常温、干燥、避光"}},
         26800, 0, Kind::Cake, 0xF3EEE2, 0xF3EEE2, 0xB23A2E, 0x7A6A4A, 0.1f, "寿眉", "二〇二四"},
        {"white", "白茶小方片", "一片一泡，出差也方便",
         "把白茶压成5克的小方片，一片刚好一泡，不用撬、不用称。单片独立包装，放在包里、抽屉里都很方便。煮着喝尤其香甜。",
         {{"净含量", "100克（5克×20片）"}, {"产地", "福建福鼎"}, {"原料", "寿眉"}, {"储存", "常温、干燥"}},
         12800, 14800, Kind::Carton, 0xE9E2D0, 0x8A6E4B, 0x8A6E4B, 0x8A7A5A, 0.2f, "小方片", "白茶"},
        // 茶具
        {"teaware", "天青釉小茶壶", "温润如玉，一人一壶刚好",
         "手工拉坯成型，施以天青色釉，釉面温润，有细小的开片。容量约180毫升，一个人或两个人喝茶刚好。壶嘴出水顺畅，断水干净。",
         {{"容量", "约180毫升"}, {"材质", "陶瓷"}, {"工艺", "手工拉坯"}, {"产地", "江西景德镇"}},
         26800, 32800, Kind::Teapot, 0x9FC2BA, 0x9FC2BA, 0x7FA39B, 0x6B4A20, 0.55f, "", ""},
        {"teaware", "白瓷盖碗", "泡什么茶都合适的百搭盖碗",
         "高白瓷胎，薄而透光，能清楚看到茶汤的颜色。碗沿外翻，拿起来不烫手。绿茶、乌龙、白茶都能用它冲泡，是入门茶具的首选。",
         {{"容量", "约150毫升"}, {"材质", "高白瓷"}, {"适合", "绿茶、乌龙、白茶"}, {"清洁", "可用洗碗机"}},
         8800, 0, Kind::Gaiwan, 0xF4F2EC, 0xF4F2EC, 0x3E6A8A, 0x9A7A30, 0.5f, "", ""},
        {"teaware", "粗陶品茗杯 · 两只装", "手捏的温度，每只都不一样",
         "手工捏制的粗陶小杯，外壁保留了泥土的质感，内壁施白釉，方便看茶汤颜色。每一只的形状和釉色都略有不同，配成一对送人也很合适。",
         {{"容量", "每只约60毫升"}, {"材质", "粗陶"}, {"数量", "2只"}, {"工艺", "手工捏制"}},
         6800, 0, Kind::Cups, 0x9C7B5E, 0xE8E0D0, 0x9C7B5E, 0xA86A2A, 0.3f, "", ""},
        {"teaware", "便携旅行茶具", "一壶两杯，装进一个布袋",
         "一把快客杯壶加两只小杯，收进棉麻布袋里只有巴掌大。出差、露营、去公园都能泡一壶好茶。壶内有滤网，倒出来的茶汤干净清澈。",
         {{"组成", "一壶两杯、收纳袋"}, {"材质", "陶瓷、棉麻"}, {"壶容量", "约200毫升"}},
         15800, 19800, Kind::Teapot, 0x33414E, 0x33414E, 0xC9A24A, 0x6B4A20, 0.6f, "", ""},
        {"teaware", "玻璃公道杯", "看得见茶汤的颜色",
         "耐热高硼硅玻璃，壁薄透亮，能看清每一泡茶汤的颜色变化。出水口经过打磨，倒茶不挂水。容量够分四小杯。",
         {{"容量", "约250毫升"}, {"材质", "高硼硅玻璃"}, {"耐温", "-20°C至150°C"}},
         4800, 0, Kind::Pitcher, 0xE9F1F0, 0xE9F1F0, 0xC07A2C, 0xC0802C, 0.5f, "", ""},
        // 礼盒
        {"gift", "春茶三味礼盒", "龙井、翠芽、碧螺春，一盒尝遍春天",
         "把三款人气春茶装进一个礼盒：明前龙井、湄潭翠芽和洞庭碧螺春，每款50克。盒子用再生纸制作，配一张冲泡小卡片。送给爱喝绿茶的长辈和朋友最合适。",
         {{"内含", "龙井、翠芽、碧螺春各50克"}, {"包装", "再生纸礼盒"}, {"附赠", "冲泡卡片、礼品袋"}},
         39800, 46800, Kind::GiftBox, 0x6F9A6B, 0x7FA87A, 0xF1E2B0, 0x5E6B30, 0.2f, "春茶三味", ""},
        {"gift", "红茶臻选礼盒", "遵义红与滇红金丝，暖意满满",
         "两款我们最喜欢的红茶：蜜香的遵义红和金毫满披的滇红金丝，各装一罐。红色礼盒配金色丝带，逢年过节拿得出手。",
         {{"内含", "遵义红80克、滇红金丝80克"}, {"包装", "硬质礼盒"}, {"附赠", "礼品袋"}},
         32800, 0, Kind::GiftBox, 0xA3302B, 0xB23A33, 0xE6C170, 0x5A3020, 0.2f, "红茶臻选", ""},
        {"gift", "一人茶席套装", "一壶一杯一罐茶，开启喝茶生活",
         "给想开始喝茶、又不知道从哪里开始的人：一把天青釉小茶壶、一只粗陶杯、一罐50克铁观音，再加一块棉麻茶巾。打开就能泡。",
         {{"内含", "茶壶、品茗杯、铁观音50克、茶巾"}, {"包装", "木纹礼盒"}, {"适合", "送礼、自用"}},
         45800, 52800, Kind::GiftBox, 0xC8A886, 0xD2B694, 0x3F5A4A, 0x5E6B30, 0.2f, "一人茶席", ""},
        {"gift", "中秋月圆礼盒", "白茶饼配桂花乌龙，团圆时候喝",
         "圆圆的寿眉小饼象征团圆，再配一盒桂花乌龙，正好在赏月时泡上一壶。礼盒印着月亮和桂枝，拆开以后也可以用来收纳。",
         {{"内含", "寿眉小饼100克、桂花乌龙60克"}, {"包装", "月亮图案礼盒"}, {"附赠", "手提礼袋"}},
         36800, 0, Kind::GiftBox, 0x2E3B5E, 0x34446A, 0xE9C46A, 0x5E6B30, 0.25f, "中秋月圆", ""},
    };
    return v;
}

const std::vector<ProductSeed>& northmoor_products() {
    static const std::vector<ProductSeed> v = {
        // Skincare
        {"skincare", "Moorland Rose Face Oil", "Rosehip and damask rose for dry, tired skin",
         "A silky blend of cold-pressed rosehip, jojoba and a whisper of damask rose. Three drops pressed into damp skin at night leave it soft and calm by morning. Bottled in amber glass to keep the oils fresh.",
         {{"Size", "30 ml"}, {"Skin type", "Dry, normal"}, {"Key ingredients", "Rosehip, jojoba, rose"}, {"Made", "In small batches"}},
         3800, 4400, Kind::Dropper, 0x9A5524, 0x2A2624, 0xC98B6B, 0, 0.55f, "Face Oil", "MOORLAND ROSE · 30 ML"},
        {"skincare", "Oat & Calendula Gentle Cleanser", "A soft cream wash for every day",
         "A low-foam cream cleanser with colloidal oat and calendula that lifts the day away without that tight feeling. Massage onto dry skin, then rinse with warm water. Gentle enough for morning and night.",
         {{"Size", "150 ml"}, {"Skin type", "All, including sensitive"}, {"Key ingredients", "Oat, calendula, glycerin"}, {"Fragrance", "Unscented"}},
         2400, 0, Kind::Pump, 0xEFE6D6, 0xD9CDB8, 0xC98B3E, 0, 0.25f, "Cleanser", "OAT & CALENDULA"},
        {"skincare", "Sea Buckthorn Glow Serum", "Vitamin-rich brightening for dull days",
         "Sea buckthorn berry oil and a gentle vitamin C give a natural, lit-from-within look. The texture is light and sinks in quickly, so it layers well under moisturiser. Use in the morning and remember your sunscreen.",
         {{"Size", "30 ml"}, {"Skin type", "Dull, uneven"}, {"Key ingredients", "Sea buckthorn, vitamin C, squalane"}, {"Use", "Morning"}},
         4200, 4800, Kind::Dropper, 0x7A3E1C, 0xC9A24A, 0xE08A2E, 0, 0.55f, "Glow Serum", "SEA BUCKTHORN · 30 ML"},
        {"skincare", "Heather Honey Night Cream", "Rich overnight comfort in a glass jar",
         "Heather honey, shea butter and evening primrose oil wrap skin in comfort while you sleep. A little goes a long way: warm a pea-sized amount between your fingertips first. Wake up to skin that feels fed.",
         {{"Size", "50 ml"}, {"Skin type", "Dry, mature"}, {"Key ingredients", "Honey, shea, evening primrose"}, {"Use", "Night"}},
         3600, 0, Kind::Jar, 0xF2ECE2, 0xC9A45A, 0xB07D3A, 0, 0.4f, "Night Cream", "HEATHER HONEY"},
        {"skincare", "Cucumber & Mint Toning Mist", "A cool spritz for hot afternoons",
         "A refreshing mist of cucumber water, spearmint and aloe that wakes up tired skin in a second. Spray after cleansing, over make-up or whenever you need a breath of air. Keep it in the fridge in summer.",
         {{"Size", "100 ml"}, {"Skin type", "All"}, {"Key ingredients", "Cucumber, spearmint, aloe"}, {"Fragrance", "Fresh mint"}},
         2000, 0, Kind::Spray, 0x7FB79A, 0xF4F4F0, 0x3E7A5E, 0, 0.55f, "Toning Mist", "CUCUMBER & MINT"},
        {"skincare", "Chamomile Eye Balm", "Soothing care for the thin skin around eyes",
         "A soft balm of chamomile, cucumber seed oil and green tea. Tap a tiny amount under the eyes with your ring finger. Morning puffiness looks calmer within minutes.",
         {{"Size", "15 ml"}, {"Key ingredients", "Chamomile, green tea, cucumber seed"}, {"Use", "Morning and night"}},
         2600, 0, Kind::FlatTin, 0xD8C48A, 0xCDB77A, 0x7C8F5A, 0, 0.55f, "Eye Balm", "CHAMOMILE"},
        {"skincare", "Wild Thyme Lip Salve", "A pocket tin for chapped lips",
         "Beeswax, sunflower oil and a hint of wild thyme in a little tin that lives in every coat pocket. Melts on contact and stays put through cold walks. The thyme gives a clean herbal scent.",
         {{"Size", "15 g"}, {"Key ingredients", "Beeswax, sunflower, thyme"}, {"Packaging", "Recyclable tin"}},
         900, 0, Kind::FlatTin, 0xB9C4A0, 0xA9B58E, 0x3F4A2E, 0, 0.55f, "Lip Salve", "WILD THYME"},
        {"skincare", "Rosehip Hand Cream", "Fast-absorbing, never greasy",
         "Rosehip and shea soften hands that work hard, and the light texture means you can type straight after. The tube fits in a bag or a desk drawer. A soft rose and geranium scent lingers for a while.",
         {{"Size", "75 ml"}, {"Key ingredients", "Rosehip, shea, geranium"}, {"Finish", "Non-greasy"}},
         1600, 1800, Kind::Tube, 0xE8B4B0, 0xF4EEE8, 0x7A3B3B, 0, 0.35f, "Hand Cream", "ROSEHIP · 75 ML"},
        {"skincare", "Nettle & Green Clay Mask", "A weekly reset for busy skin",
         "French green clay and nettle extract draw out the week's grime while aloe keeps skin from drying out. Smooth on a thin layer, wait ten minutes, then rinse with a warm cloth. Best once or twice a week.",
         {{"Size", "60 ml"}, {"Skin type", "Oily, combination"}, {"Key ingredients", "Green clay, nettle, aloe"}, {"Use", "1–2 times a week"}},
         2800, 0, Kind::Jar, 0x7E9A6A, 0xEDE5D5, 0x3F5A35, 0, 0.35f, "Clay Mask", "NETTLE & GREEN CLAY"},
        // Bath & Body
        {"bath", "Highland Pine Bath Salts", "Mineral soak with pine and juniper",
         "Coarse sea salt and magnesium flakes scented with Scots pine and juniper berry. Pour a good handful under running water and soak for twenty minutes. Smells like a walk in the woods after rain.",
         {{"Size", "400 g"}, {"Key ingredients", "Sea salt, magnesium, pine oil"}, {"Scent", "Pine, juniper"}},
         2200, 0, Kind::GlassJar, 0xE8EEE8, 0x4A3A2C, 0x3E5F4B, 0xE4E8E2, 0.4f, "Bath Salts", "HIGHLAND PINE"},
        {"bath", "Lavender Oat Milk Soak", "A creamy bath for restless evenings",
         "Finely milled oats, coconut milk powder and lavender turn the bath silky and soft. Tip in half a pouch and swirl. It is our favourite way to end a long week.",
         {{"Size", "300 g"}, {"Key ingredients", "Oat, coconut milk, lavender"}, {"Scent", "Lavender"}},
         1800, 0, Kind::Pouch, 0xB7A6D1, 0xB7A6D1, 0x4A3B63, 0xE8E0D0, 0.2f, "Oat Milk Soak", "LAVENDER"},
        {"bath", "Seaweed & Birch Body Wash", "A fresh, coastal everyday wash",
         "A gentle plant-based wash with bladderwrack seaweed and birch leaf. It lathers softly, rinses clean and leaves a fresh green scent. Large enough to share with the whole household.",
         {{"Size", "300 ml"}, {"Key ingredients", "Seaweed, birch, aloe"}, {"Scent", "Sea air, green"}},
         1900, 0, Kind::Pump, 0x3F6E78, 0xF1EDE4, 0x3F6E78, 0, 0.45f, "Body Wash", "SEAWEED & BIRCH"},
        {"bath", "Goat Milk & Honey Soap", "Creamy cold-process bar",
         "Made with fresh goat milk and local honey, cured for six weeks so it lasts and lathers well. The bar is mild and creamy enough for faces too. Keep it on a draining dish between uses.",
         {{"Weight", "110 g"}, {"Method", "Cold process"}, {"Key ingredients", "Goat milk, honey, olive oil"}},
         800, 0, Kind::Soap, 0xF0DDB8, 0xF0DDB8, 0xC28A3B, 0, 0.1f, "Goat Milk", "HONEY"},
        {"bath", "Charcoal & Peppermint Soap", "Deep-cleaning bar with a cool finish",
         "Activated charcoal helps clear oily skin, while peppermint leaves a cool, tingly finish. A good bar for after the garden or the gym. Hand-cut, so each bar is slightly different.",
         {{"Weight", "110 g"}, {"Method", "Cold process"}, {"Key ingredients", "Charcoal, peppermint, shea"}},
         800, 0, Kind::Soap, 0x4A4A4E, 0x4A4A4E, 0x8FC1A9, 0, 0.1f, "Charcoal", "PEPPERMINT"},
        {"bath", "Eucalyptus Shower Steamers", "Six tablets that turn a shower into a spa",
         "Place one tablet on the shower floor away from the direct stream and breathe in as it fizzes. Eucalyptus and menthol open the airways on cold mornings. Each box holds six individually wrapped steamers.",
         {{"Contents", "6 × 25 g"}, {"Key ingredients", "Eucalyptus, menthol"}, {"Scent", "Eucalyptus"}},
         1600, 2000, Kind::Carton, 0xBFDCCF, 0xBFDCCF, 0x2F6B5A, 0, 0.2f, "Steamers", "EUCALYPTUS"},
        {"bath", "Juniper Sugar Body Scrub", "Polishes and softens in one step",
         "Fine cane sugar in a rich base of sweet almond and sunflower oil, scented with juniper and bergamot. Massage onto damp skin in the shower and rinse; no lotion needed after. Leaves a soft glow and a crisp scent.",
         {{"Size", "250 g"}, {"Key ingredients", "Cane sugar, almond oil, juniper"}, {"Scent", "Juniper, bergamot"}},
         2600, 0, Kind::GlassJar, 0xE0D6E8, 0x5B6B8C, 0x5B6B8C, 0xDCC9B0, 0.4f, "Body Scrub", "JUNIPER"},
        // Candles & Home
        {"candles", "Peat Fire & Cedar Candle", "Smoky, woody, like a cottage hearth",
         "Notes of smoked cedar, peat and a little vanilla, poured into a reusable glass tumbler. The soy and coconut wax burns clean and slowly. Light it on a cold night and draw the curtains.",
         {{"Size", "220 g"}, {"Burn time", "About 45 hours"}, {"Wax", "Soy and coconut"}, {"Wick", "Cotton"}},
         3400, 0, Kind::Candle, 0x4A3A2E, 0x4A3A2E, 0xB07D4A, 0xEFE6D6, 0.5f, "Peat Fire", "CEDAR · 220 G"},
        {"candles", "Morning Fog Candle", "Soft linen, sea salt and white tea",
         "A quiet, airy scent for reading corners and bathrooms: white tea, sea salt and clean linen. Poured by hand into frosted glass. It fills a room without shouting.",
         {{"Size", "220 g"}, {"Burn time", "About 45 hours"}, {"Wax", "Soy and coconut"}, {"Scent", "White tea, sea salt"}},
         3400, 0, Kind::Candle, 0xC9D2D6, 0xC9D2D6, 0x5E6E78, 0xF4F0E8, 0.35f, "Morning Fog", "WHITE TEA · 220 G"},
        {"candles", "Bramble & Blackcurrant Candle", "Jammy berries and green leaves",
         "Ripe blackcurrant, bramble leaf and a touch of rhubarb, like picking fruit at the end of summer. Deep plum glass makes a lovely glow when lit. Our best-selling candle two years running.",
         {{"Size", "220 g"}, {"Burn time", "About 45 hours"}, {"Wax", "Soy and coconut"}, {"Scent", "Blackcurrant, bramble"}},
         3400, 3800, Kind::Candle, 0x5B2A45, 0x5B2A45, 0xA8577A, 0xF0E2E6, 0.5f, "Bramble", "BLACKCURRANT · 220 G"},
        {"candles", "Linen Line Candle", "Fresh cotton drying in the breeze",
         "Crisp cotton, lily of the valley and a little lemon peel. A bright, clean scent for kitchens and entryways. The ceramic vessel makes a good plant pot after the last burn.",
         {{"Size", "180 g"}, {"Burn time", "About 38 hours"}, {"Vessel", "Ceramic"}, {"Scent", "Cotton, lily, lemon"}},
         3000, 0, Kind::CeramicCandle, 0xEFEBE3, 0xEFEBE3, 0x8AA3B5, 0xF7F3EA, 0.2f, "Linen Line", "COTTON · 180 G"},
        {"candles", "Travel Candle Trio", "Three little tins for weekends away",
         "Peat Fire, Morning Fog and Bramble in three lidded tins that slip into any bag. Each burns for about twelve hours. Good for hotel rooms, tents and friends who need a small present.",
         {{"Contents", "3 × 60 g"}, {"Burn time", "About 12 hours each"}, {"Wax", "Soy and coconut"}},
         2800, 0, Kind::FlatTin, 0xB8B2A8, 0xB0AAA0, 0x4A4A48, 0, 0.6f, "Candle Trio", "TRAVEL · 3 × 60 G"},
        {"candles", "Beeswax Taper Pair", "Hand-dipped, honey-scented, dripless",
         "Two tall tapers dipped by hand in pure beeswax, which gives them a warm honey colour and scent. They burn slowly and barely drip. Made for long dinners.",
         {{"Height", "25 cm"}, {"Burn time", "About 8 hours each"}, {"Wax", "Pure beeswax"}, {"Contents", "2 tapers"}},
         1800, 0, Kind::Taper, 0xE3B04B, 0xB08A4A, 0x8C6A4A, 0, 0.3f, "", ""},
        {"candles", "Fig Leaf Reed Diffuser", "Green fig and warm wood, without a flame",
         "A flameless way to scent a room: green fig, fig leaf and a soft woody base. Flip the reeds once a week to refresh the scent. Lasts about three months in a small room.",
         {{"Size", "100 ml"}, {"Lasts", "About 3 months"}, {"Contents", "Bottle, 8 rattan reeds"}, {"Scent", "Fig, wood"}},
         4000, 0, Kind::Diffuser, 0x8FAA7E, 0x2E2E2C, 0xC9A46A, 0x9AA86A, 0.4f, "Fig Leaf", "REED DIFFUSER"},
        // Gift Sets
        {"gifts", "The Slow Sunday Box", "Face oil, bath salts and a candle",
         "Everything for an unhurried Sunday: Moorland Rose Face Oil, Highland Pine Bath Salts and a Morning Fog candle. Packed in a keepsake box with tissue and a handwritten-style card. Costs a little less than buying the three on their own.",
         {{"Contents", "Face oil 30 ml, bath salts 400 g, candle 220 g"}, {"Packaging", "Keepsake box"}, {"Gift note", "Included"}},
         7800, 9200, Kind::GiftBox, 0xD9C2B0, 0xE2CDBC, 0x6B4E3D, 0, 0.2f, "Slow Sunday", ""},
        {"gifts", "Little Glow Kit", "Serum, mist and lip salve to try",
         "Travel sizes of three of our most-loved everyday things: Sea Buckthorn Glow Serum, Cucumber & Mint Mist and Wild Thyme Lip Salve. The easiest way to try the range. Fits in a carry-on bag.",
         {{"Contents", "Serum 10 ml, mist 30 ml, lip salve 15 g"}, {"Packaging", "Recycled card box"}, {"Good for", "Trying the range"}},
         4500, 0, Kind::GiftBox, 0xF2B680, 0xF5C294, 0x8A4B2A, 0, 0.2f, "Little Glow", ""},
        {"gifts", "Hand Care Duo", "Hand cream and soap bar, ready to give",
         "Our Rosehip Hand Cream with a Goat Milk & Honey Soap, tied with cotton ribbon. A thoughtful little thank-you for a teacher, a neighbour or yourself.",
         {{"Contents", "Hand cream 75 ml, soap 110 g"}, {"Packaging", "Card box, cotton ribbon"}, {"Scent", "Rose, honey"}},
         3000, 0, Kind::GiftBox, 0xE8C6C4, 0xEDD2D0, 0x7A3B3B, 0, 0.2f, "Hand Care", ""},
        {"gifts", "Candlelit Bath Set", "Bath soak, scrub and a candle",
         "Lavender Oat Milk Soak, Juniper Body Scrub and a Bramble & Blackcurrant candle in one box. Run a bath, light the candle and put your phone in another room. Wrapped and ready to give.",
         {{"Contents", "Soak 300 g, scrub 250 g, candle 220 g"}, {"Packaging", "Keepsake box"}, {"Gift note", "Included"}},
         6400, 7400, Kind::GiftBox, 0x5B3A5E, 0x684468, 0xE6C9A8, 0, 0.25f, "Candlelit Bath", ""},
        {"gifts", "Weekend Away Set", "Five travel minis in a linen pouch",
         "Cleanser, body wash, hand cream, lip salve and a travel candle, all in travel sizes, zipped into a washable linen pouch. Every bottle meets carry-on liquid rules. The pouch is yours to keep for the next trip.",
         {{"Contents", "5 travel minis, linen pouch"}, {"Liquids", "Each under 100 ml"}, {"Packaging", "Linen pouch"}},
         5200, 0, Kind::Pouch, 0xCBBFA8, 0xCBBFA8, 0x445A4E, 0xB8AC94, 0.1f, "Weekend Away", "TRAVEL SET"},
    };
    return v;
}

const std::vector<BrandSeed>& brand_seeds() {
    static const std::vector<BrandSeed> v = {
        {"b_huaxi", "花溪茶园", "zh-CN", "CNY", "hx",
         {{"green", "绿茶"}, {"black", "红茶"}, {"oolong", "乌龙"}, {"white", "白茶"}, {"teaware", "茶具"}, {"gift", "礼盒"}},
         &huaxi_products(), "花溪茶园", "溪", 0xF7F1E3, 0x2B2A26, Style::Tea,
         {{hexc(0xEDE6DA), hexc(0xD9CDBA), hexc(0xF6F1E8)},
          {hexc(0xDDE5D8), hexc(0xC5D0BD), hexc(0xEEF2EA)},
          {hexc(0xF0E3D8), hexc(0xDCC7B6), hexc(0xF7EDE4)},
          {hexc(0xE2E4E6), hexc(0xCBC6BE), hexc(0xF2F0EC)},
          {hexc(0xE9E2CF), hexc(0xCFC3A6), hexc(0xF4EFE0)},
          {hexc(0xD8E2DF), hexc(0xBCCBC6), hexc(0xEAF0EE)}}},
        {"b_northmoor", "Northmoor Botanics", "en", "USD", "nm",
         {{"skincare", "Skincare"}, {"bath", "Bath & Body"}, {"candles", "Candles & Home"}, {"gifts", "Gift Sets"}},
         &northmoor_products(), "NORTHMOOR", "", 0xF8F4EC, 0x2A2A28, Style::Botanic,
         {{hexc(0xF0DDD6), hexc(0xDCC4BA), hexc(0xF8ECE6)},
          {hexc(0xE6E9DF), hexc(0xCBD1C0), hexc(0xF3F4EE)},
          {hexc(0xE9E0D4), hexc(0xD2C2AE), hexc(0xF5EFE6)},
          {hexc(0xDCE3E8), hexc(0xC1CBD1), hexc(0xEEF2F4)},
          {hexc(0xE8DFEA), hexc(0xCFC2D2), hexc(0xF4EEF5)},
          {hexc(0xF2E6D0), hexc(0xDDCBAA), hexc(0xFAF3E6)}}},
    };
    return v;
}

struct NoteSeed {
    int product;  // 1-based number within the brand
    const char* brand;
    const char* text;
};

struct ShopSeed {
    const char* slug;
    const char* distributor;
    const char* person;      // display name, also the enrollment name (per brand below)
    const char* person_alt;  // name used in a second brand's enrollment, if any
    const char* shop_name;
    const char* greeting;
    const char* contact;
    std::vector<std::pair<const char*, const char*>> enroll;  // brand -> parent distributor ("" = brand)
    std::uint32_t primary, accent, background, surface, text;
    const char* layout;
    // Selection: "all:<brand>" entries take every product of a brand in category order given by
    // `order`; numbers pick products of a brand (1-based).
    std::vector<std::pair<const char*, std::vector<int>>> products;
    std::vector<std::pair<const char*, int>> featured;
    std::vector<NoteSeed> notes;
    AvatarArt avatar;
    BannerArt banner;
};

const std::vector<ShopSeed>& shop_seeds() {
    static const std::vector<ShopSeed> v = {
        {"lily-tea", "d_lily", "王丽", "Lily Wang", "丽丽茶铺 · Lily's Tea House",
         "你好，我是王丽，在花溪长大，喝了二十年茶。这里的每一款茶和好物我都自己用过，有问题随时微信问我。",
         "WeChat: lily_tea88", {{"b_huaxi", ""}, {"b_northmoor", ""}},
         0xB4532A, 0x2F6B4F, 0xFBF6EF, 0xFFFFFF, 0x2B2118, "grid",
         {{"b_huaxi", {1, 8, 29, 2, 5, 14, 15, 18, 20, 22, 10, 13, 3, 4, 6, 7, 9, 11, 12, 16, 17, 19, 21, 23, 24, 25, 26, 27, 28, 30, 31, 32}},
          {"b_northmoor", {24, 17, 19, 8, 26, 13, 1}}},
         {{"b_huaxi", 1}, {"b_huaxi", 8}, {"b_huaxi", 29}, {"b_northmoor", 24}},
         {{1, "b_huaxi", "我每天早上都喝这款龙井，80度的水泡出来最鲜，第二泡最好喝。"},
          {8, "b_huaxi", "冬天加一点热牛奶，家里孩子们也抢着喝。"},
          {29, "b_huaxi", "送长辈最体面的一盒，去年春节我送出去二十多盒，大家都说好。"},
          {17, "b_northmoor", "晚上看书时点上它，有种坐在壁炉边的感觉，特别安心。"}},
         {hexc(0xF2C9A8), hexc(0xF1CDB3), hexc(0x2B1D16), hexc(0x2F6B4F), hexc(0xF7E7C6), 0, false},
         {hexc(0xF7D9B8), hexc(0xFBEFE0), hexc(0xFFD9A0), hexc(0x9DB89A), hexc(0x6E9A68), hexc(0x3F6E45), Style::Tea, 760}},
        {"mountain-leaf", "d_shan", "赵青山", nullptr, "青山叶子",
         "山里长大的茶，山里人来卖。我只挑自己喝得惯的茶，价格实在，欢迎常来坐坐。",
         "微信：qingshan_leaf", {{"b_huaxi", ""}},
         0x2F6B4F, 0xC8963E, 0xF3F6F0, 0xFFFFFF, 0x1E2B22, "list",
         {{"b_huaxi", {2, 15, 22, 3, 4, 6, 7, 14, 16, 17, 19, 20, 21, 23}}},
         {{"b_huaxi", 2}, {"b_huaxi", 15}, {"b_huaxi", 22}},
         {{2, "b_huaxi", "湄潭翠芽是我们老家的茶，栗香特别明显，耐泡。"},
          {22, "b_huaxi", "这饼我自己存了两片，明年再开一片看看变化。"},
          {6, "b_huaxi", "口粮茶就选它，一小袋能喝一个星期。"}},
         {hexc(0xB8DDC4), hexc(0xD9A985), hexc(0x1F1A17), hexc(0x3E5F4B), hexc(0xE9D8A6), 1, false},
         {hexc(0xBFD8E8), hexc(0xEAF2F0), hexc(0xFFF3C8), hexc(0x8FB0A8), hexc(0x5E8C64), hexc(0x2F5E3A), Style::Tea, 240}},
        {"bo-tea-house", "d_bo", "周博", nullptr, "博哥茶馆",
         "我在小区门口开了一间小茶馆，店里卖的茶在这里也能买到。下班路过，进来喝一杯再走。",
         "微信：bo_teahouse", {{"b_huaxi", "d_shan"}},
         0x5B4636, 0x8AA05B, 0xF7F3EC, 0xFFFDF8, 0x231B14, "grid",
         {{"b_huaxi", {15, 24, 18, 8, 9, 10, 11, 14, 16, 25, 26, 28}}},
         {{"b_huaxi", 15}, {"b_huaxi", 24}, {"b_huaxi", 18}},
         {{15, "b_huaxi", "店里卖得最好的一款，老茶客来了都点它。"},
          {25, "b_huaxi", "新手泡茶从盖碗开始，来店里我教你怎么拿才不烫手。"}},
         {hexc(0xE6C9A0), hexc(0xD7A77F), hexc(0x1A1411), hexc(0x5B4636), hexc(0xC9A24A), 1, true},
         {hexc(0xF0B58A), hexc(0xF8E2C8), hexc(0xFFE0A8), hexc(0xA89A8A), hexc(0x7E8A58), hexc(0x4E5E32), Style::Tea, 520}},
        {"chen-tea-corner", "d_chen", "陈静", nullptr, "陈家茶角",
         "我是陈静，一个爱喝茶的上班族。办公室里泡什么茶、怎么泡才不麻烦，来问我就对了。",
         "微信：chenjing_tea", {{"b_huaxi", "d_lily"}},
         0x7A2E3B, 0xD4A24C, 0xFAF5F0, 0xFFFFFF, 0x2A1A1D, "grid",
         {{"b_huaxi", {7, 12, 23, 6, 1, 3, 8, 19, 25, 28, 26}}},
         {{"b_huaxi", 7}, {"b_huaxi", 12}, {"b_huaxi", 23}},
         {{7, "b_huaxi", "夏天我每天带一瓶冷泡绿茶上班，比喝饮料健康多了。"},
          {23, "b_huaxi", "出差必带，一片一泡，酒店里用烧水壶就能泡。"},
          {12, "b_huaxi", "早上赶时间就靠它，加点牛奶就是奶茶。"}},
         {hexc(0xF3C6CC), hexc(0xF0C8AE), hexc(0x2A1A16), hexc(0x7A2E3B), hexc(0xF3E2B8), 3, false},
         {hexc(0xE8B4B8), hexc(0xFBE8E0), hexc(0xFFE4C4), hexc(0xB8A4A8), hexc(0x8AA07A), hexc(0x55704A), Style::Tea, 700}},
        {"ahmei-tea", "d_ahmei", "林美玲", nullptr, "阿美的茶生活",
         "嗨，我是阿美！喜欢好看的茶具和有心意的礼物。逢年过节不知道送什么，来我这里看看吧。",
         "微信：ahmei_chashenghuo", {{"b_huaxi", "d_lily"}},
         0xC0567A, 0x3E7C7A, 0xFFF6F8, 0xFFFFFF, 0x2E1C24, "showcase",
         {{"b_huaxi", {31, 24, 32, 29, 30, 25, 26, 27, 28, 18, 20}}},
         {{"b_huaxi", 31}, {"b_huaxi", 24}, {"b_huaxi", 32}, {"b_huaxi", 29}},
         {{31, "b_huaxi", "送给刚开始喝茶的闺蜜，她说打开就舍不得放下。"},
          {24, "b_huaxi", "天青色真的很温柔，放在桌上拍照也好看。"},
          {32, "b_huaxi", "中秋礼盒早点订，我可以帮你手写一张贺卡。"}},
         {hexc(0xF9D3DC), hexc(0xF3D0B5), hexc(0x3A2220), hexc(0x3E7C7A), hexc(0xFFF1F4), 2, false},
         {hexc(0xF4C2CF), hexc(0xFDEDEF), hexc(0xFFE8D0), hexc(0xC4B0C0), hexc(0x94B08A), hexc(0x5E7E58), Style::Tea, 300}},
        {"xiaoyu-tea", "d_xiaoyu", "刘晓雨", nullptr, "小雨茶事",
         "大学毕业回到家乡，跟着陈姐学茶。这里的茶都是我喝过觉得好的，希望你也喜欢。",
         "微信：xiaoyu_chashi", {{"b_huaxi", "d_chen"}},
         0x3C6E91, 0xE08E45, 0xF4F7FA, 0xFFFFFF, 0x1B2733, "grid",
         {{"all:b_huaxi", {}}},
         {{"b_huaxi", 8}, {"b_huaxi", 13}, {"b_huaxi", 19}},
         {{13, "b_huaxi", "陈皮红茶是我妈妈的最爱，饭后一杯很舒服。"},
          {19, "b_huaxi", "桂花乌龙冷泡超级香，推荐给第一次喝乌龙的朋友。"},
          {5, "b_huaxi", "碧螺春第一泡先闻香，真的有花果香！"}},
         {hexc(0xBFD9EE), hexc(0xF5D5BE), hexc(0x241A16), hexc(0xE08E45), hexc(0xFFFFFF), 0, true},
         {hexc(0xA8C8E4), hexc(0xEEF3F6), hexc(0xFFF0D8), hexc(0x9AB0C0), hexc(0x7AA08A), hexc(0x47705A), Style::Tea, 820}},
        {"ava-glow", "d_ava", "Ava Thompson", nullptr, "Ava's Glow Edit",
         "Hi, I'm Ava! I've used Northmoor on my own skin for three years, and these are the things I reach for every single day.",
         "Text 555-0134", {{"b_northmoor", ""}},
         0xB85C6E, 0x6A8F6B, 0xFDF7F4, 0xFFFFFF, 0x2D2024, "grid",
         {{"all:b_northmoor", {}}},
         {{"b_northmoor", 1}, {"b_northmoor", 3}, {"b_northmoor", 24}, {"b_northmoor", 4}},
         {{1, "b_northmoor", "My desert-island product. Three drops after my evening shower and my skin drinks it up."},
          {3, "b_northmoor", "Morning glow in a bottle. I wear it under tinted sunscreen."},
          {24, "b_northmoor", "The box I give to every new mum I know."}},
         {hexc(0xF6C8C8), hexc(0xF0C9A8), hexc(0x8A5A32), hexc(0xB85C6E), hexc(0xFFFFFF), 0, false},
         {hexc(0xF4C4C0), hexc(0xFDEEE8), hexc(0xFFE2C8), hexc(0xC8B4B8), hexc(0x9AB09A), hexc(0x5E7A60), Style::Botanic, 250}},
        {"june-botanics", "d_june", "June Okafor", nullptr, "June's Botanicals",
         "Plants, slow mornings and good soap. I pick the gentlest things from Northmoor for sensitive skin like mine.",
         "Text 555-0162", {{"b_northmoor", "d_ava"}},
         0x4E7A5A, 0xD98E5F, 0xF5F7F1, 0xFFFFFF, 0x1F2A22, "showcase",
         {{"b_northmoor", {2, 6, 11, 5, 7, 8, 9, 13, 16, 23, 25}}},
         {{"b_northmoor", 2}, {"b_northmoor", 6}, {"b_northmoor", 11}},
         {{2, "b_northmoor", "The only cleanser that doesn't make my cheeks sting."},
          {11, "b_northmoor", "Half a pouch, a good book, no phone. Bliss."},
          {6, "b_northmoor", "I keep mine in the fridge for puffy Monday mornings."}},
         {hexc(0xCFE3C8), hexc(0x6B4630), hexc(0x1A1412), hexc(0xD98E5F), hexc(0xF6E7B0), 2, false},
         {hexc(0xCFE0D0), hexc(0xF2F5EC), hexc(0xFFF2D0), hexc(0xA8BCA8), hexc(0x7E9E78), hexc(0x3F6044), Style::Botanic, 780}},
        {"sam-home", "d_sam", "Sam Rivera", nullptr, "Sam's Cozy Home",
         "Candles, bath things and small gifts for a home that feels like a hug. Ask me for scent pairings!",
         "Text 555-0178", {{"b_northmoor", "d_ava"}},
         0x3D4F6B, 0xD6A04A, 0xF6F4F0, 0xFFFFFF, 0x1E2430, "list",
         {{"b_northmoor", {17, 19, 21, 18, 20, 22, 23, 10, 12, 14, 15, 27, 28}}},
         {{"b_northmoor", 17}, {"b_northmoor", 19}, {"b_northmoor", 21}},
         {{17, "b_northmoor", "Smells like a cabin weekend. My living room staple from October on."},
          {22, "b_northmoor", "Hand-dipped and they really don't drip. Dinner-party tested."},
          {15, "b_northmoor", "Drop one in the shower on a cold morning. Instant spa."}},
         {hexc(0xC8D3E6), hexc(0xC99A78), hexc(0x3A2A20), hexc(0x3D4F6B), hexc(0xD6A04A), 1, true},
         {hexc(0x9FB2CC), hexc(0xE9ECF0), hexc(0xFFD8A8), hexc(0x8E9CB0), hexc(0x6E8470), hexc(0x3E5248), Style::Botanic, 560}},
        {"ruby-rituals", "d_ruby", "Ruby Chen", nullptr, "Ruby's Rituals",
         "Little rituals make a big difference. These are the products behind my Sunday reset.",
         "Text 555-0191", {{"b_northmoor", "d_june"}},
         0x8E3B5A, 0xC9A26B, 0xFBF5F7, 0xFFFFFF, 0x2A1820, "grid",
         {{"b_northmoor", {24, 27, 9, 1, 4, 10, 16, 18, 20, 26}}},
         {{"b_northmoor", 24}, {"b_northmoor", 27}, {"b_northmoor", 9}},
         {{24, "b_northmoor", "Literally my Sunday: face oil, bath salts, candle. Repeat."},
          {9, "b_northmoor", "Mask plus bath salts is the best twenty minutes of my week."}},
         {hexc(0xE8C8D8), hexc(0xF1D2B8), hexc(0x1C1418), hexc(0x8E3B5A), hexc(0xF4DDE6), 3, false},
         {hexc(0xD8B4C8), hexc(0xF8EBF0), hexc(0xFFE4CC), hexc(0xB8A2B4), hexc(0x9A8A9E), hexc(0x5E4A62), Style::Botanic, 350}},
    };
    return v;
}

// Brand articles (issue 15): what each brand writes for its distributors to share under their own
// shops. Pictures are the brand's own product photographs; each cover is a landscape painted for it.
// The ids are campaigns the demo's history already runs (demo_history.cpp), so the articles open
// with visits and orders behind them.
struct ArticleBlockSeed {
    char kind;         // 'p' paragraph, 'h' heading, 'i' picture of a product, 'c' product card
    const char* text;  // p, h: the text; i: what the picture shows (its alt text); c: unused
    int product = 0;   // i, c: 1-based number within the brand
    int view = 0;      // i: which of the product's gallery pictures
};

struct MaterialSeed {
    const char* text;
    int picture;  // a product whose first gallery picture goes with the text; 0: the article's cover
    int product;  // the product it is about; 0: the article itself
};

struct ArticleSeed {
    const char* brand;
    const char* id;
    int created_hours;  // after kT0
    const char* title;
    const char* summary;
    const char* share_text;
    BannerArt cover;
    std::vector<ArticleBlockSeed> blocks;
    std::vector<MaterialSeed> materials;
};

const std::vector<ArticleSeed>& article_seeds() {
    static const std::vector<ArticleSeed> v = {
        {"b_huaxi", "spring-tea", 72, "明前茶为什么值得等：一杯龙井里的春天",
         "清明前的十几天，决定了一年里最鲜的那口茶。从采摘、炒制到冲泡，带你读懂明前绿茶。",
         "明前茶一年只有这十几天。这篇讲清楚了龙井为什么鲜、在家怎么泡，喜欢绿茶的朋友可以看看。",
         {hexc(0xCFE0D2), hexc(0xF4F1E6), hexc(0xFFE8B8), hexc(0xA9C3AE), hexc(0x7FA582), hexc(0x4E7D55), Style::Tea, 700},
         {{'p', "每年三月下旬，杭州龙井村的茶园里天还没亮就有人上山了。清明前采下的一芽一叶，叫作“明前茶”。这时气温低，芽头长得慢，"
                "积累的氨基酸多，所以茶汤格外鲜爽，几乎没有苦涩。"},
          {'h', "从鲜叶到干茶"},
          {'i', "明前西湖龙井的茶罐与干茶", 1, 1},
          {'p', "鲜叶摊晾几个小时以后，制茶师傅在铁锅里青锅、回潮、辉锅，全凭手感控制锅温，一锅要炒二十多分钟。"
                "一斤特级龙井需要七八万个芽头，这也是明前茶产量少、价格高的原因。"},
          {'c', "", 1},
          {'h', "在家怎么泡才好喝"},
          {'p', "用玻璃杯，先倒三分之一80°C左右的水，放入3克茶叶，轻轻摇一摇闻香，再把水加到七分满。等一两分钟，"
                "茶叶舒展开就可以喝了。不要用刚烧开的水，会把嫩芽烫熟，茶汤发苦。"},
          {'p', "喝不完的茶叶要密封冷藏，取用前先放到室温再开罐，避免受潮。"},
          {'h', "一盒尝遍春天"},
          {'p', "如果想一次比较不同的春茶，春茶三味礼盒里有明前龙井、湄潭翠芽和洞庭碧螺春，每款50克，送人自己喝都合适。"},
          {'c', "", 29},
          {'c', "", 5}},
         {{"今年的明前龙井到了，一芽一叶，80度的水、玻璃杯泡最好看。想尝鲜的朋友找我。", 1, 1},
          {"一盒尝遍春天：龙井、翠芽、碧螺春各50克，送长辈、送朋友都体面。", 29, 29},
          {"春茶季开始了，这篇值得收藏：明前茶为什么值得等，在家怎么泡才好喝。", 0, 0}}},
        {"b_huaxi", "mid-autumn", 120, "中秋送什么茶：三种心意，三个预算",
         "送长辈、送朋友、送自己，中秋茶礼怎么挑？按心意和预算，我们整理了三种选择。",
         "中秋茶礼不知道怎么挑？送长辈、送朋友、送自己，这篇按预算整理好了，直接照着选就行。",
         {hexc(0x2E3B5E), hexc(0xC9B79C), hexc(0xFFF1C8), hexc(0x5A6A86), hexc(0x4A5E5A), hexc(0x2E4A3E), Style::Tea, 300},
         {{'p', "中秋是一年里最讲究团圆的节日。一盒茶不张扬，却能让一家人坐下来慢慢聊天。我们按心意和预算整理了三种选法，"
                "从送长辈到犒劳自己。"},
          {'h', "送长辈：寓意团圆的月圆礼盒"},
          {'p', "圆圆的寿眉小饼象征团圆，再配一盒桂花乌龙，正好在赏月时泡上一壶。老白茶性情温和，晚上喝也不太影响睡眠，"
                "长辈们更容易接受。"},
          {'i', "中秋月圆礼盒", 32, 1},
          {'c', "", 32},
          {'h', "送朋友：红茶臻选礼盒"},
          {'p', "天气转凉，红茶暖胃。遵义红的蜜香和滇红金丝的花果香各有特点，红色礼盒配金色丝带，拿在手里就有节日气氛。"},
          {'c', "", 30},
          {'h', "送自己：一人茶席"},
          {'p', "忙了一年，也给自己留一个安静的晚上。一把天青釉小茶壶、一只粗陶杯、一罐铁观音，再加一块茶巾，打开就能泡。"},
          {'c', "", 31}},
         {{"月圆礼盒：寿眉小饼配桂花乌龙，团圆的时候泡一壶。中秋前下单，节前送到。", 32, 32},
          {"红茶臻选礼盒，遵义红和滇红金丝各一罐，送朋友很有面子。", 30, 30}}},
        {"b_northmoor", "glow-week", 96, "A five-minute evening routine for tired winter skin",
         "Three steps, five minutes, and what each one does: the routine our makers use when the heating is on and "
         "skin feels tight.",
         "Skin feeling tight since the heating came on? This five-minute routine actually fits into a weeknight.",
         {hexc(0xE9D6C8), hexc(0xF7EEE6), hexc(0xFFD9B0), hexc(0xC9B8AC), hexc(0xA89A8C), hexc(0x6E6258), Style::Botanic, 640},
         {{'p', "When the heating comes on, skin loses water faster than it can replace it. The answer is rarely a "
                "twelve-step routine. It is a gentle cleanse, something to hold water in, and an oil to seal it."},
          {'h', "1. Cleanse without stripping"},
          {'p', "A cream cleanser lifts make-up and the day's grime without the squeaky feeling foaming washes leave "
                "behind. Massage it onto dry skin for a minute, then rinse with warm, not hot, water."},
          {'c', "", 2},
          {'h', "2. Mist while skin is still damp"},
          {'p', "Water on the skin evaporates within minutes and takes more water with it. A few sprays of a toning mist "
                "straight after cleansing give the next step something to hold on to."},
          {'c', "", 5},
          {'h', "3. Press in three drops of oil"},
          {'p', "Rosehip oil is rich in the fatty acids dry skin runs short of. Warm three drops between your palms and "
                "press, rather than rub, them over face and neck."},
          {'i', "Moorland Rose Face Oil in its amber bottle", 1, 1},
          {'c', "", 1},
          {'p', "On the driest nights, finish with a pea-sized amount of night cream, warmed between your fingertips."},
          {'c', "", 4}},
         {{"Three drops of rosehip oil, pressed in at night. That's the whole secret.", 1, 1},
          {"A cleanser that doesn't leave your face squeaky. Gentle enough for twice a day.", 2, 2},
          {"Our five-minute winter skin routine, step by step.", 0, 0}}},
        {"b_northmoor", "gift-guide", 132, "The thoughtful gift guide: four presents under $80",
         "Four ideas for people who have everything, from an $18 pair of beeswax tapers to a box made for a slow Sunday.",
         "Stuck for a present? This gift guide has four ideas under $80, and every one of them gets used.",
         {hexc(0x3E4A5E), hexc(0xE8C9A8), hexc(0xFFE2B0), hexc(0x7A7E8E), hexc(0x5E6A62), hexc(0x38463E), Style::Botanic, 820},
         {{'p', "The best presents are the ones people use. Everything below is something our customers buy twice: once "
                "for a friend, and once for themselves."},
          {'h', "For the host"},
          {'p', "A pair of hand-dipped beeswax tapers costs less than a bottle of wine and lasts longer on the table. They "
                "burn slowly, barely drip and smell faintly of honey."},
          {'c', "", 22},
          {'h', "For the friend who needs a night off"},
          {'p', "A lavender oat milk soak, a juniper sugar scrub and our Bramble & Blackcurrant candle, in one box. Run a "
                "bath, light the candle and leave the phone in another room."},
          {'i', "The Candlelit Bath Set in its keepsake box", 27, 1},
          {'c', "", 27},
          {'h', "For someone who travels"},
          {'p', "Five travel minis in a washable linen pouch. Every bottle is under 100 ml, so it goes straight through "
                "airport security."},
          {'c', "", 28},
          {'h', "For the person who has everything"},
          {'p', "Face oil, bath salts and a Morning Fog candle in a keepsake box with a card. It costs a little less than "
                "the three bought on their own."},
          {'c', "", 24}},
         {{"Hand-dipped beeswax tapers, $18 a pair. The easiest host gift there is.", 22, 22},
          {"A bath, a candle and an evening off, all in one box.", 27, 27}}},
    };
    return v;
}

// [SECTION] Demo world -----------------------------------------------------------------------------

constexpr core::UtcMs kT0 = 1795000000000;  // every timestamp is this plus a fixed offset
constexpr core::UtcMs kHour = 3600000;

// Rendering is the slow part: jobs fill pre-sized slots, so threads never change the output.
void run_jobs(std::vector<std::function<void()>>& jobs) {
#if defined(__EMSCRIPTEN__)
    for (auto& j : jobs) j();
#else
    unsigned n = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < n; ++t)
        pool.emplace_back([&] {
            for (std::size_t i = next++; i < jobs.size(); i = next++) jobs[i]();
        });
    for (auto& t : pool) t.join();
#endif
}

int scaled(int px, float scale) { return std::max(8, static_cast<int>(std::lround(px * scale))); }

struct Render {
    int w = 0, h = 0;
    std::vector<std::uint8_t> bytes;
};

core::ImageRef add_image(World& w, Render&& r) {
    std::string sha = core::sha256_hex(std::span<const std::uint8_t>(r.bytes.data(), r.bytes.size()));
    core::ImageRef ref{"/img/" + sha + ".jpg", sha, r.w, r.h};
    auto& slot = w.images[sha];
    if (slot.bytes.empty()) slot = ImageFile{sha, std::move(r.bytes), r.w, r.h};
    return ref;
}

core::Result<core::KeyPair> passphrase_key(const Options& o, const std::string& passphrase, const std::string& salt) {
    return o.real_passphrase_keys ? core::derive_keypair(passphrase, salt) : core::derive_keypair_fast(passphrase, salt);
}

Document sign_doc(const char* kind, const Json& payload, const core::KeyPair& key) {
    return Document{kind, core::sign_envelope(core::dump_json(payload), key)};
}

// An enrollment made the consented way (issue 9, core::check_consent): its parent (the brand for
// level 1) signs an invite for exactly this brand, parent and level, and the recruit signs their
// enrollment, with the invite in it, with their own key. The invite is one-use, unique per brand and
// recruit, and good for the usual two weeks from the enrollment's time.
Document consented_enrollment(const core::Enrollment& e, const core::KeyPair& parent, const core::KeyPair& recruit,
                              const std::string& parent_slug = "", const std::string& parent_name = "") {
    core::Invite f;
    f.brand = e.brand;
    f.parent = e.parent;
    f.level = e.level;
    f.id = "inv_" + e.brand + "_" + e.distributor;
    f.expires_ms = e.issued_ms + core::kInviteLifetimeMs;
    f.max_uses = 1;
    f.parent_slug = parent_slug;
    f.parent_name = parent_name;
    core::Enrollment en = core::enrollment_from_invite(core::make_invite(f, parent), e.distributor, e.slug, e.name, e.key, e.issued_ms);
    en.active = e.active;
    return sign_doc("enrollment", core::enrollment_to_json(en), recruit);
}

std::string product_id(const char* prefix, int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "p_%s_%03d", prefix, n);
    return buf;
}

Look look_for(const BrandSeed& b, const ProductSeed& p) {
    Look L;
    L.kind = p.kind;
    L.body = hexc(p.body);
    L.lid = hexc(p.lid);
    L.accent = hexc(p.accent);
    L.content = p.content ? hexc(p.content) : hexc(0x6B6B3A);
    L.label = hexc(b.label);
    L.ink = hexc(b.ink);
    L.gloss = p.gloss;
    L.big = p.big;
    L.small = p.small;
    L.brand = b.label_brand;
    L.seal = b.seal;
    L.cjk = b.style == Style::Tea;
    // Gift boxes carry a tag in the label colour; lids on tea tins keep their own colour.
    if (p.kind == Kind::GiftBox) L.accent = hexc(p.accent);
    return L;
}

Fonts make_fonts(const Options& o) {
    Fonts f;
    f.sans.init(o.font_sans);
    f.serif.init(o.font_serif);
    f.cjk.init(o.font_cjk);
    return f;
}

// The shop bundle as the store hands it out: the manifest, each brand's certificate, release and
// policy, and the enrollment chain of the shop's distributor in each brand.
core::ShopBundle make_bundle(const core::Envelope& manifest, const std::vector<std::string>& brands,
                             const std::map<std::string, core::Envelope>& certs, const std::map<std::string, core::Envelope>& releases,
                             const std::map<std::string, core::Envelope>& policies,
                             const std::map<std::string, std::map<std::string, std::pair<std::string, core::Envelope>>>& enrollments,
                             const std::string& distributor) {
    core::ShopBundle b;
    b.manifest = manifest;
    for (const auto& brand : brands) {
        b.brands[brand] = certs.at(brand);
        if (auto it = releases.find(brand); it != releases.end()) b.releases[brand] = it->second;
        if (auto it = policies.find(brand); it != policies.end()) b.policies[brand] = it->second;
        const auto& docs = enrollments.at(brand);
        std::string cur = distributor;
        for (int guard = 0; guard < 8 && !cur.empty(); ++guard) {
            auto it = docs.find(cur);
            if (it == docs.end()) break;
            b.enrollments[brand][cur] = it->second.second;
            cur = it->second.first;  // parent
        }
    }
    return b;
}

}  // namespace

core::Result<World> build_demo_world(const Options& opt) {
    World w;
    w.root = core::KeyPair::from_label("dynshop-demo-root");
    Fonts fonts = make_fonts(opt);
    Letterer lt(&fonts);
    const auto& brands = brand_seeds();
    const auto& shops = shop_seeds();

    // Keys first: Argon2id for every brand and shop, as the browser would derive them.
    std::map<std::string, core::KeyPair> brand_keys, shop_keys;
    for (const auto& b : brands) {
        auto k = passphrase_key(opt, std::string("demo-") + b.id + "-2026", b.id);
        if (!k) return k.error();
        brand_keys.emplace(b.id, *k);
    }
    for (const auto& s : shops) {
        auto k = passphrase_key(opt, std::string("demo-") + s.slug + "-2026", s.slug);
        if (!k) return k.error();
        shop_keys.emplace(s.distributor, *k);
    }

    // Images: every gallery view, thumbnail, avatar and banner is a job.
    struct ProductSlot {
        std::vector<Render> gallery;
        Render thumb;
    };
    std::vector<std::vector<ProductSlot>> product_renders(brands.size());
    std::vector<Render> avatars(shops.size()), banners(shops.size());
    const auto& articles = article_seeds();
    std::vector<Render> covers(articles.size());
    std::vector<std::function<void()>> jobs;
    std::uint32_t global = 0;
    for (std::size_t bi = 0; bi < brands.size(); ++bi) {
        const BrandSeed& b = brands[bi];
        product_renders[bi].resize(b.products->size());
        for (std::size_t pi = 0; pi < b.products->size(); ++pi, ++global) {
            ProductArt art{look_for(b, (*b.products)[pi]), b.style, b.backdrops};
            std::uint32_t seed = 101u + global * 13u;
            int views = (global % 5 == 1 || global % 5 == 3) ? 2 : 3;
            ProductSlot& slot = product_renders[bi][pi];
            slot.gallery.resize(static_cast<std::size_t>(views));
            for (int v = 0; v < views; ++v)
                jobs.push_back([&, art, seed, v, slot_ptr = &slot] {
                    int px = scaled(800, opt.image_scale);
                    Canvas cv(px, px);
                    render_product(cv, lt, art, v, seed);
                    slot_ptr->gallery[static_cast<std::size_t>(v)] = Render{px, px, encode_jpeg(cv, seed + static_cast<std::uint32_t>(v))};
                });
            jobs.push_back([&, art, seed, slot_ptr = &slot] {
                int px = scaled(320, opt.image_scale);
                Canvas cv(px, px);
                render_product(cv, lt, art, 0, seed);
                slot_ptr->thumb = Render{px, px, encode_jpeg(cv, seed + 77u)};
            });
        }
    }
    for (std::size_t si = 0; si < shops.size(); ++si) {
        jobs.push_back([&, si] {
            int px = scaled(256, opt.image_scale);
            Canvas cv(px, px);
            render_avatar(cv, shops[si].avatar);
            avatars[si] = Render{px, px, encode_jpeg(cv, 900u + static_cast<std::uint32_t>(si))};
        });
        jobs.push_back([&, si] {
            int pw = scaled(1200, opt.image_scale), ph = scaled(400, opt.image_scale);
            Canvas cv(pw, ph);
            render_banner(cv, shops[si].banner, 500u + static_cast<std::uint32_t>(si) * 7u);
            finish(cv);
            banners[si] = Render{pw, ph, encode_jpeg(cv, 700u + static_cast<std::uint32_t>(si))};
        });
    }
    for (std::size_t ai = 0; ai < articles.size(); ++ai) {
        jobs.push_back([&, ai] {  // 1200x630: the size link previews show best
            int pw = scaled(1200, opt.image_scale), ph = scaled(630, opt.image_scale);
            Canvas cv(pw, ph);
            render_banner(cv, articles[ai].cover, 1300u + static_cast<std::uint32_t>(ai) * 11u);
            finish(cv);
            covers[ai] = Render{pw, ph, encode_jpeg(cv, 1400u + static_cast<std::uint32_t>(ai))};
        });
    }
    run_jobs(jobs);

    // Brands: certificates (root), policies and releases (brand key).
    std::map<std::string, core::Envelope> certs, releases, policies;
    std::vector<Document> brand_docs, policy_docs, release_docs;
    std::map<std::string, std::vector<std::string>> products_by_brand;  // ids in release order
    std::map<std::string, core::Release> release_of;                    // as signed, for the articles
    for (std::size_t bi = 0; bi < brands.size(); ++bi) {
        const BrandSeed& b = brands[bi];
        const core::KeyPair& key = brand_keys.at(b.id);
        core::BrandCert cert{b.id, b.name, key.pk, b.locale, b.currency, kT0};
        brand_docs.push_back(sign_doc("brand", core::brand_cert_to_json(cert), w.root));
        certs[b.id] = brand_docs.back().envelope;

        core::Policy pol;
        pol.brand = b.id;
        pol.version = 1;
        if (std::string_view(b.id) == "b_huaxi") {
            pol.binding = core::BindingMode::Permanent;
            pol.levels = {1000, 300};
            pol.freeze_days = 7;
            pol.min_payout = 5000;
            // Pay the courier, or transfer to the brand's company account (a made-up number).
            core::PaymentMethod bank;
            bank.kind = core::PaymentMethod::Bank;
            bank.account_name = "杭州花溪茶园有限公司";
            bank.bank = "中国工商银行杭州西湖支行";
            bank.account = "6222 0212 0200 3817 465";
            pol.payment = {core::PaymentMethod{}, bank};
        } else {
            pol.binding = core::BindingMode::Window;
            pol.binding_days = 30;
            pol.levels = {1200, 400, 100};
            pol.freeze_days = 14;
            pol.min_payout = 2000;
            // The brand's own checkout page (the demo only names it: nothing is paid here), or a
            // transfer to its US account (made-up routing and account numbers).
            core::PaymentMethod link;
            link.kind = core::PaymentMethod::Link;
            link.url = "https://pay.northmoor.example/checkout";
            link.label = "Northmoor checkout";
            core::PaymentMethod bank;
            bank.kind = core::PaymentMethod::Bank;
            bank.account_name = "Northmoor Botanics LLC";
            bank.bank = "Harbor Lane Bank, Portland OR · routing 323070381";
            bank.account = "4401 2278 9035";
            pol.payment = {link, bank};
        }
        pol.max_levels = 3;
        policy_docs.push_back(sign_doc("policy", core::policy_to_json(pol), key));
        policies[b.id] = policy_docs.back().envelope;

        core::Release rel;
        rel.brand = b.id;
        rel.version = 1;
        rel.created_ms = kT0 + 24 * kHour;
        rel.currency = b.currency;
        rel.locale = b.locale;
        rel.categories = b.categories;
        for (std::size_t pi = 0; pi < b.products->size(); ++pi) {
            const ProductSeed& ps = (*b.products)[pi];
            core::Product p;
            p.id = product_id(b.id_prefix, static_cast<int>(pi + 1));
            p.brand = b.id;
            p.category = ps.category;
            p.title = ps.title;
            p.subtitle = ps.subtitle;
            p.description = ps.description;
            for (const auto& s : ps.specs) p.specs.push_back({s.name, s.value});
            p.price = ps.price;
            p.list_price = ps.list_price;
            ProductSlot& slot = product_renders[bi][pi];
            for (auto& g : slot.gallery) p.images.push_back(add_image(w, std::move(g)));
            p.thumb = add_image(w, std::move(slot.thumb));
            products_by_brand[b.id].push_back(p.id);
            rel.products.push_back(std::move(p));
        }
        rel.reindex();
        release_of[b.id] = rel;
        w.products += rel.products.size();
        release_docs.push_back(sign_doc("release", core::release_to_json(rel), key));
        releases[b.id] = release_docs.back().envelope;
        w.brands.push_back(BrandInfo{b.id, b.name, std::string("demo-") + b.id + "-2026", rel.products.size()});
    }

    // Enrollments, parent first within each brand.
    std::map<std::string, std::map<std::string, std::pair<std::string, core::Envelope>>> enrollments;  // brand -> id -> (parent, doc)
    std::map<std::string, std::map<std::string, int>> levels;  // brand -> id -> level
    std::map<std::string, std::string> slug_of;
    for (const auto& s : shops) slug_of[s.distributor] = s.slug;
    std::vector<Document> enrollment_docs;
    int issued = 0;
    for (const auto& b : brands) {
        for (int level = 1; level <= 3; ++level)
            for (const auto& s : shops)
                for (const auto& [brand, parent] : s.enroll) {
                    if (std::string_view(brand) != b.id) continue;
                    int lv = parent[0] == 0 ? 1 : levels[b.id].count(parent) ? levels[b.id][parent] + 1 : 99;
                    if (lv != level) continue;
                    levels[b.id][s.distributor] = lv;
                    bool second = s.enroll.size() > 1 && std::string_view(s.enroll[0].first) != b.id && s.person_alt;
                    core::Enrollment e{b.id, s.distributor, s.slug, second ? s.person_alt : s.person, parent,
                                       shop_keys.at(s.distributor).pk, lv, kT0 + 48 * kHour + issued++ * 3 * kHour, true};
                    const core::KeyPair& signer = parent[0] == 0 ? brand_keys.at(b.id) : shop_keys.at(parent);
                    enrollment_docs.push_back(consented_enrollment(e, signer, shop_keys.at(s.distributor),
                                                                   parent[0] == 0 ? "" : slug_of.at(parent)));
                    enrollments[b.id][s.distributor] = {parent, enrollment_docs.back().envelope};
                }
    }
    for (const auto& s : shops)
        for (const auto& [brand, parent] : s.enroll)
            if (!levels[brand].count(s.distributor))
                return core::make_error("demo_tree", std::string("The demo shop ") + s.slug + " has no path to its brand.");
    w.enrollments = enrollment_docs.size();

    // Manifests.
    std::vector<Document> manifest_docs;
    for (std::size_t si = 0; si < shops.size(); ++si) {
        const ShopSeed& s = shops[si];
        core::ShopManifest m;
        m.distributor = s.distributor;
        m.slug = s.slug;
        m.version = 1;
        m.updated_ms = kT0 + 6 * 24 * kHour + static_cast<core::UtcMs>(si) * kHour;
        m.identity.name = s.shop_name;
        m.identity.greeting = s.greeting;
        m.identity.contact = s.contact;
        m.identity.avatar = add_image(w, std::move(avatars[si]));
        m.identity.banner = add_image(w, std::move(banners[si]));
        m.theme.primary = s.primary;
        m.theme.accent = s.accent;
        m.theme.background = s.background;
        m.theme.surface = s.surface;
        m.theme.text = s.text;
        m.theme.layout = s.layout;
        for (const auto& [brand, parent] : s.enroll) m.brands.push_back(brand);
        auto prefix = [&](std::string_view brand) {
            for (const auto& b : brands)
                if (brand == b.id) return b.id_prefix;
            return "";
        };
        for (const auto& [sel, nums] : s.products) {
            std::string_view key = sel;
            if (key.substr(0, 4) == "all:") {
                // Every product of the brand, in the distributor's own category order (reversed).
                std::string brand(key.substr(4));
                const BrandSeed* bs = nullptr;
                for (const auto& b : brands)
                    if (brand == b.id) bs = &b;
                for (auto cat = bs->categories.rbegin(); cat != bs->categories.rend(); ++cat)
                    for (std::size_t pi = 0; pi < bs->products->size(); ++pi)
                        if ((*bs->products)[pi].category == cat->id) m.products.push_back(product_id(bs->id_prefix, static_cast<int>(pi + 1)));
            } else {
                for (int n : nums) m.products.push_back(product_id(prefix(key), n));
            }
        }
        for (const auto& [brand, n] : s.featured) m.featured.push_back(product_id(prefix(brand), n));
        for (const auto& note : s.notes) m.notes[product_id(prefix(note.brand), note.product)] = note.text;
        manifest_docs.push_back(sign_doc("manifest", core::manifest_to_json(m), shop_keys.at(s.distributor)));

        w.bundles[s.slug] = make_bundle(manifest_docs.back().envelope, m.brands, certs, releases, policies, enrollments, s.distributor);
        ShopInfo info;
        info.slug = s.slug;
        info.name = s.shop_name;
        info.distributor = s.distributor;
        info.person = s.person_alt ? std::string(s.person) + " / " + s.person_alt : s.person;
        info.brands = m.brands;
        info.level = levels[s.enroll[0].first][s.distributor];
        info.parent = s.enroll[0].second[0] ? slug_of[s.enroll[0].second] : "";
        info.passphrase = std::string("demo-") + s.slug + "-2026";
        w.shops.push_back(info);
    }

    // Articles, signed by their brands and checked as the store and the browsers will check them.
    std::vector<Document> article_docs;
    for (std::size_t ai = 0; ai < articles.size(); ++ai) {
        const ArticleSeed& as = articles[ai];
        const BrandSeed* bs = nullptr;
        for (const auto& b : brands)
            if (std::string_view(as.brand) == b.id) bs = &b;
        const core::Release& rel = release_of.at(as.brand);
        auto product = [&](int n) { return product_id(bs->id_prefix, n); };
        auto picture = [&](int n, int view) {
            const core::Product* p = rel.find(product(n));
            return p && view < static_cast<int>(p->images.size()) ? p->images[static_cast<std::size_t>(view)] : core::ImageRef{};
        };
        core::Article a;
        a.brand = as.brand;
        a.id = as.id;
        a.version = 1;
        a.created_ms = kT0 + as.created_hours * kHour;
        a.title = as.title;
        a.summary = as.summary;
        a.share_text = as.share_text;
        a.cover = add_image(w, std::move(covers[ai]));
        for (const auto& bl : as.blocks) {
            core::ArticleBlock block;
            block.kind = bl.kind == 'p' ? core::ArticleBlock::Paragraph
                         : bl.kind == 'h' ? core::ArticleBlock::Heading
                         : bl.kind == 'i' ? core::ArticleBlock::Picture
                                          : core::ArticleBlock::ProductCard;
            if (bl.kind != 'c') block.text = bl.text;
            if (bl.kind == 'i') block.image = picture(bl.product, bl.view);
            if (bl.kind == 'c') block.product = product(bl.product);
            a.blocks.push_back(std::move(block));
        }
        for (const auto& ms : as.materials)
            a.materials.push_back({ms.text, ms.picture ? picture(ms.picture, 0) : a.cover, ms.product ? product(ms.product) : ""});
        auto problems = core::article_problems(a, &rel);
        if (!problems.empty())
            return core::make_error("demo_article", std::string("The demo article ") + as.id + ": " + problems.front().message);
        article_docs.push_back(sign_doc("article", core::article_to_json(a), brand_keys.at(as.brand)));
        w.articles[as.brand].push_back(article_docs.back().envelope);
    }

    for (auto* docs : {&brand_docs, &policy_docs, &release_docs, &enrollment_docs, &manifest_docs, &article_docs})
        for (auto& d : *docs) w.documents.push_back(std::move(d));
    return w;
}

// [SECTION] Scale world ----------------------------------------------------------------------------

namespace {

struct ScaleCategory {
    const char* id;
    const char* name;
    std::vector<const char*> nouns;
    bool scented;  // variants are scents/flavours rather than colours
    core::Minor base_price;
    const char* unit;
};

const std::vector<ScaleCategory>& scale_categories() {
    static const std::vector<ScaleCategory> v = {
        {"pantry", "Pantry", {"Wildflower Honey", "Sea Salt Flakes", "Olive Oil", "Cider Vinegar", "Maple Syrup", "Granola", "Rolled Oats", "Chili Crisp", "Fruit Jam", "Nut Butter"}, true, 900, "g"},
        {"tea", "Tea & Coffee", {"Breakfast Tea", "Green Tea", "Herbal Tea", "Cold Brew", "Espresso Beans", "Matcha", "Rooibos", "Earl Grey", "Tea Sampler", "Chai Blend"}, true, 1100, "g"},
        {"snacks", "Snacks", {"Crackers", "Chocolate Bar", "Trail Mix", "Dried Fruit", "Rice Crackers", "Biscotti", "Popcorn", "Fruit Leather", "Oat Cookies", "Roasted Nuts"}, true, 500, "g"},
        {"skincare", "Skincare", {"Face Cream", "Cleansing Balm", "Toner", "Serum", "Eye Cream", "Sheet Mask", "Lip Balm", "Day Lotion", "Face Mist", "Night Oil"}, true, 2200, "ml"},
        {"bath", "Bath", {"Bath Salts", "Body Wash", "Soap Bar", "Bath Bomb", "Body Scrub", "Bubble Bath", "Body Oil", "Shower Gel", "Foot Soak", "Body Lotion"}, true, 1200, "ml"},
        {"candles", "Candles", {"Soy Candle", "Pillar Candle", "Tea Lights", "Tin Candle", "Taper Candles", "Jar Candle", "Votive Set", "Wax Melts", "Reed Diffuser", "Room Spray"}, true, 1800, "g"},
        {"kitchen", "Kitchen", {"Tea Towel", "Spoon Set", "Storage Jar", "Cutting Board", "Oven Mitt", "Measuring Cups", "Dish Brush", "Beeswax Wraps", "Spice Tin", "Bread Bag"}, false, 1400, "pc"},
        {"tableware", "Tableware", {"Stoneware Mug", "Dinner Plate", "Pasta Bowl", "Tumbler", "Teapot", "Serving Platter", "Cereal Bowl", "Espresso Cup", "Linen Napkins", "Butter Dish"}, false, 1600, "pc"},
        {"stationery", "Stationery", {"Notebook", "Weekly Planner", "Brush Pens", "Washi Tape", "Greeting Cards", "Pencil Case", "Sticky Notes", "Fountain Pen", "Sketchbook", "Desk Calendar"}, false, 800, "pc"},
        {"toys", "Toys", {"Wooden Blocks", "Jigsaw Puzzle", "Plush Bear", "Stacking Rings", "Crayons", "Play Dough", "Kite", "Card Game", "Marble Run", "Rag Doll"}, false, 1500, "pc"},
        {"pet", "Pet", {"Dog Shampoo", "Cat Treats", "Rope Toy", "Pet Bed", "Grooming Brush", "Paw Balm", "Chew Sticks", "Catnip Mouse", "Food Bowl", "Pet Blanket"}, false, 1000, "pc"},
        {"garden", "Garden", {"Herb Seed Kit", "Terracotta Pot", "Watering Can", "Pruning Shears", "Garden Gloves", "Plant Food", "Bird Feeder", "Seed Tray", "Plant Mister", "Twine Spool"}, false, 1300, "pc"},
        {"baby", "Baby", {"Baby Wash", "Nappy Balm", "Muslin Cloths", "Teething Ring", "Baby Lotion", "Bib Set", "Soft Socks", "Bath Toy", "Sleep Sack", "Baby Oil"}, false, 1200, "pc"},
        {"haircare", "Haircare", {"Shampoo Bar", "Conditioner", "Hair Oil", "Scalp Scrub", "Hair Mask", "Wide Comb", "Dry Shampoo", "Leave-In Spray", "Hair Ties", "Scrunchie"}, true, 1400, "ml"},
        {"fitness", "Fitness", {"Yoga Mat", "Resistance Bands", "Water Bottle", "Foam Roller", "Jump Rope", "Gym Towel", "Muscle Rub", "Energy Bar", "Grip Socks", "Massage Ball"}, false, 1900, "pc"},
        {"travel", "Travel", {"Toiletry Bag", "Packing Cubes", "Neck Pillow", "Travel Bottles", "Eye Mask", "Luggage Tag", "Passport Wallet", "Travel Socks", "Travel Mug", "Laundry Bag"}, false, 1500, "pc"},
        {"fragrance", "Home Fragrance", {"Room Mist", "Incense", "Linen Spray", "Scented Sachet", "Car Diffuser", "Essential Oil", "Pillow Mist", "Potpourri", "Oil Burner", "Diffuser Refill"}, true, 1600, "ml"},
        {"cleaning", "Cleaning", {"All-Purpose Spray", "Dish Soap", "Laundry Powder", "Glass Cleaner", "Scrub Sponge", "Dryer Balls", "Stain Stick", "Floor Wash", "Cleaning Cloths", "Hand Soap Refill"}, true, 700, "ml"},
        {"gifts", "Gifts", {"Gift Box", "Hamper", "Card Set", "Advent Calendar", "Sampler", "Tasting Set", "Celebration Box", "Thank-You Kit", "Pamper Set", "Discovery Box"}, true, 3500, "pc"},
        {"accessories", "Accessories", {"Tote Bag", "Wool Scarf", "Hair Clip", "Card Holder", "Keyring", "Glasses Case", "Bucket Hat", "Canvas Pouch", "Umbrella", "Beanie"}, false, 1700, "pc"},
    };
    return v;
}

const char* const kScents[] = {"Lavender", "Lemon", "Cedar", "Rose", "Mint", "Vanilla", "Ginger", "Fig", "Sea Salt", "Honey",
                                "Oat", "Bergamot", "Sage", "Rosemary", "Coconut", "Cherry", "Orange", "Birch", "Olive", "Plum"};
const char* const kColours[] = {"Sand", "Sage", "Clay", "Ink", "Rose", "Moss", "Oat", "Slate", "Rust", "Cream",
                                "Ocean", "Olive", "Blush", "Charcoal", "Mustard", "Lilac", "Forest", "Stone", "Coral", "Denim"};
const char* const kFirst[] = {"Alex", "Mia", "Noah", "Lina", "Omar", "Grace", "Leo", "Yuki", "Sara", "Ivan", "Nora", "Ben",
                              "Hana", "Luca", "Zoe", "Ravi", "Elena", "Tom", "Aiko", "Jon", "Wei", "Fatima", "Diego", "Amara"};
const char* const kLast[] = {"Smith", "Garcia", "Chen", "Khan", "Novak", "Okafor", "Silva", "Tanaka", "Brown", "Rossi",
                             "Kim", "Haddad", "Moreau", "Li", "Nguyen", "Walsh", "Costa", "Berg", "Patel", "Lopez"};

}  // namespace

// The scale world's timeline ends before its activity (scale_activity.h) begins: brand and release
// on 2026-06-09, enrollments over the next 24 days, shops from day 26; activity from 2026-07-21.
constexpr core::UtcMs kScaleT0 = 1781000000000;

core::Result<World> build_scale_world(const Options& opt) {
    World w;
    w.root = core::KeyPair::from_label("dynshop-demo-root");
    Fonts fonts = make_fonts(opt);
    Letterer lt(&fonts);
    const std::string brand_id = "b_scale";
    auto brand_key = passphrase_key(opt, "demo-b_scale-2026", brand_id);
    if (!brand_key) return brand_key.error();
    const auto& cats_all = scale_categories();
    std::size_t ncat = std::min<std::size_t>(cats_all.size(), static_cast<std::size_t>(std::max(1, opt.scale_categories)));

    // A small pool of product shots shared by every SKU keeps the data small.
    const Kind pool_kinds[] = {Kind::Tin, Kind::Pouch, Kind::Carton, Kind::Jar, Kind::GlassJar, Kind::GiftBox, Kind::Dropper,
                               Kind::Pump, Kind::Tube, Kind::Soap, Kind::Candle, Kind::FlatTin, Kind::Cups, Kind::Teapot,
                               Kind::Spray, Kind::Diffuser, Kind::CeramicCandle, Kind::Cake, Kind::Gaiwan, Kind::Pitcher};
    const std::uint32_t pool_colours[] = {0x7FA36B, 0xA8322D, 0x3F6E78, 0xE8B4B0, 0xD9822B, 0x5B3A5E, 0xC9D8B6, 0x2E3B5E,
                                          0xB7A6D1, 0xE2B05A, 0x4A3A2E, 0x8FC0B0, 0xCBBFA8, 0x9C7B5E, 0xF2C14E, 0x6E9C7E};
    std::vector<Backdrop> backdrops = brand_seeds()[1].backdrops;
    int pool_n = std::max(1, opt.scale_image_pool);
    std::vector<Render> pool(static_cast<std::size_t>(pool_n));
    std::vector<Render> avatars(4), banners(2);
    std::vector<std::function<void()>> jobs;
    for (int i = 0; i < pool_n; ++i)
        jobs.push_back([&, i] {
            Rng rng(5000u + static_cast<std::uint32_t>(i));
            ProductArt art;
            art.style = i % 2 ? Style::Botanic : Style::Tea;
            art.backdrops = backdrops;
            Look& L = art.look;
            L.kind = pool_kinds[static_cast<std::size_t>(i) % std::size(pool_kinds)];
            L.body = hexc(pool_colours[static_cast<std::size_t>(i * 7) % std::size(pool_colours)]);
            L.lid = i % 3 ? tint(L.body, -0.2f) : hexc(0xC9B27A);
            L.accent = hexc(pool_colours[static_cast<std::size_t>(i * 5 + 3) % std::size(pool_colours)]);
            L.content = hexc(0x8A7A4A);
            L.label = hexc(0xF8F4EC);
            L.ink = hexc(0x2A2A28);
            L.gloss = 0.3f;
            L.brand = "EVERGREEN";
            L.big = cats_all[static_cast<std::size_t>(i) % ncat].name;
            L.small = "MARKET";
            int px = scaled(320, opt.image_scale);
            Canvas cv(px, px);
            render_product(cv, lt, art, i % 3 == 2 ? 2 : (i % 3), 3000u + static_cast<std::uint32_t>(i) * 17u);
            pool[static_cast<std::size_t>(i)] = Render{px, px, encode_jpeg(cv, 3000u + static_cast<std::uint32_t>(i))};
        });
    const auto& shop_art = shop_seeds();
    for (std::size_t i = 0; i < avatars.size(); ++i)
        jobs.push_back([&, i] {
            int px = scaled(256, opt.image_scale);
            Canvas cv(px, px);
            render_avatar(cv, shop_art[(i * 3 + 1) % shop_art.size()].avatar);
            avatars[i] = Render{px, px, encode_jpeg(cv, 8000u + static_cast<std::uint32_t>(i))};
        });
    for (std::size_t i = 0; i < banners.size(); ++i)
        jobs.push_back([&, i] {
            int pw = scaled(1200, opt.image_scale), ph = scaled(400, opt.image_scale);
            Canvas cv(pw, ph);
            render_banner(cv, shop_art[(i * 5 + 2) % shop_art.size()].banner, 8100u + static_cast<std::uint32_t>(i));
            finish(cv);
            banners[i] = Render{pw, ph, encode_jpeg(cv, 8100u + static_cast<std::uint32_t>(i))};
        });
    run_jobs(jobs);
    std::vector<core::ImageRef> pool_refs, avatar_refs, banner_refs;
    for (auto& r : pool) pool_refs.push_back(add_image(w, std::move(r)));
    for (auto& r : avatars) avatar_refs.push_back(add_image(w, std::move(r)));
    for (auto& r : banners) banner_refs.push_back(add_image(w, std::move(r)));

    // Brand, policy, release.
    core::BrandCert cert{brand_id, "Evergreen Market", brand_key->pk, "en", "USD", kScaleT0};
    Document brand_doc = sign_doc("brand", core::brand_cert_to_json(cert), w.root);
    core::Policy pol;
    pol.brand = brand_id;
    pol.version = 1;
    pol.levels = {1000, 300};
    pol.max_levels = 3;
    Document policy_doc = sign_doc("policy", core::policy_to_json(pol), *brand_key);

    core::Release rel;
    rel.brand = brand_id;
    rel.version = 1;
    rel.created_ms = kScaleT0 + 24 * kHour;
    rel.currency = "USD";
    rel.locale = "en";
    for (std::size_t c = 0; c < ncat; ++c) rel.categories.push_back({cats_all[c].id, cats_all[c].name});
    Rng rng(424242);
    int nprod = std::max(1, opt.scale_products);
    for (int i = 0; i < nprod; ++i) {
        const ScaleCategory& cat = cats_all[static_cast<std::size_t>(i) % ncat];
        int j = i / static_cast<int>(ncat);  // index within the category
        int noun_i = j % 10;
        int var_i = (j / 10 + 3 * noun_i) % 20;
        int edition = j / 200;  // more than 200 per category gets an edition number
        const char* variant = cat.scented ? kScents[var_i] : kColours[var_i];
        core::Product p;
        char id[32];
        std::snprintf(id, sizeof id, "p_sc_%05d", i + 1);
        p.id = id;
        p.brand = brand_id;
        p.category = cat.id;
        p.title = std::string(variant) + " " + cat.nouns[static_cast<std::size_t>(noun_i)];
        if (edition > 0) p.title += " No. " + std::to_string(edition + 1);
        p.subtitle = std::string(cat.scented ? "Made with " : "In ") + (cat.scented ? "real " : "") + variant +
                     (cat.scented ? ", small batch" : ", built to last");
        p.description = "Our " + std::string(cat.nouns[static_cast<std::size_t>(noun_i)]) + " in " + variant +
                        ", made for everyday use. Simple, well made and easy to love. Part of the Evergreen " + cat.name + " range.";
        int size = (1 + rng.below(12)) * (std::string_view(cat.unit) == "pc" ? 1 : 25);
        p.specs = {{"Size", std::to_string(size) + " " + cat.unit},
                   {"SKU", "EVM-" + std::to_string(1000 + (i % ncat) * 10 + noun_i) + "-" + std::to_string(10000 + i)},
                   {"Range", cat.name}};
        if (i % 3 == 0) p.specs.push_back({"Origin", i % 2 ? "Portugal" : "Vietnam"});
        p.price = cat.base_price + rng.below(40) * 50;
        p.list_price = (i % 5 == 0) ? p.price + 200 + rng.below(6) * 100 : 0;
        std::size_t a = static_cast<std::size_t>(i * 7 + 3) % pool_refs.size();
        p.thumb = pool_refs[static_cast<std::size_t>(i) % pool_refs.size()];
        p.images.push_back(p.thumb);
        if (i % 2 == 0) p.images.push_back(pool_refs[a]);
        rel.products.push_back(std::move(p));
    }
    rel.reindex();
    Document release_doc = sign_doc("release", core::release_to_json(rel), *brand_key);
    w.products = rel.products.size();
    w.brands.push_back(BrandInfo{brand_id, cert.name, "demo-b_scale-2026", rel.products.size()});

    // 20,000 distributors: L1 enrolled by the brand, L2 under a random L1, L3 under a random L2.
    int n1 = std::max(1, opt.scale_l1), n2 = std::max(0, opt.scale_l2), n3 = std::max(0, opt.scale_l3);
    int total = n1 + n2 + n3;
    struct Member {
        std::string id, slug, name, parent;
        int level;
        core::KeyPair key;
    };
    std::vector<Member> members(static_cast<std::size_t>(total));
    Rng tree(777);
    for (int n = 1; n <= total; ++n) {
        Member& m = members[static_cast<std::size_t>(n - 1)];
        char buf[32];
        std::snprintf(buf, sizeof buf, "sd_%05d", n);
        m.id = buf;
        m.slug = n == 1 ? "scale-all" : "scale-" + std::to_string(n);
        m.name = std::string(kFirst[tree.below(static_cast<int>(std::size(kFirst)))]) + " " + kLast[tree.below(static_cast<int>(std::size(kLast)))];
        m.level = n <= n1 ? 1 : (n <= n1 + n2 ? 2 : 3);
        if (m.level == 2) m.parent = members[static_cast<std::size_t>(tree.below(n1))].id;
        if (m.level == 3) m.parent = members[static_cast<std::size_t>(n1 + tree.below(std::max(1, n2)))].id;
        if (m.level == 3 && n2 == 0) {
            m.level = 2;
            m.parent = members[static_cast<std::size_t>(tree.below(n1))].id;
        }
        m.key = core::KeyPair::from_label("scale-d-" + std::to_string(n));
    }
    std::vector<Document> enrollment_docs(static_cast<std::size_t>(total));
    std::map<std::string, std::size_t> index;
    for (int i = 0; i < total; ++i) index[members[static_cast<std::size_t>(i)].id] = static_cast<std::size_t>(i);
    {
        std::vector<std::function<void()>> sign_jobs;
        int chunks = 8;
        for (int c = 0; c < chunks; ++c)
            sign_jobs.push_back([&, c] {
                for (int i = c; i < total; i += chunks) {
                    const Member& m = members[static_cast<std::size_t>(i)];
                    core::Enrollment e{brand_id, m.id, m.slug, m.name, m.parent, m.key.pk, m.level, kScaleT0 + 10 * 24 * kHour + i * 60000LL, true};
                    const core::KeyPair& signer = m.parent.empty() ? *brand_key : members[index.at(m.parent)].key;
                    enrollment_docs[static_cast<std::size_t>(i)] = consented_enrollment(e, signer, m.key);
                }
            });
        run_jobs(sign_jobs);
    }
    w.enrollments = enrollment_docs.size();
    std::map<std::string, std::map<std::string, std::pair<std::string, core::Envelope>>> enrollments;
    for (int i = 0; i < total; ++i)
        enrollments[brand_id][members[static_cast<std::size_t>(i)].id] = {members[static_cast<std::size_t>(i)].parent,
                                                                          enrollment_docs[static_cast<std::size_t>(i)].envelope};

    // A sample of shops across the levels; the first carries the whole catalog.
    std::vector<Document> manifest_docs;
    int nshops = std::min(std::max(1, opt.scale_shops), total);
    std::map<std::string, core::Envelope> certs{{brand_id, brand_doc.envelope}}, releases{{brand_id, release_doc.envelope}},
        policies{{brand_id, policy_doc.envelope}};
    const char* const greetings[] = {"Welcome to my corner of Evergreen Market. Everything here is something I use at home.",
                                     "Hi! I pick the useful, the pretty and the good value. Message me with any question.",
                                     "Small shop, big catalog. Tell me what you need and I will find it for you."};
    const char* const notes[] = {"A customer favourite, reordered every month.", "I keep one in my bag at all times.",
                                 "Great as a small gift.", "Better than the pricey version I used before."};
    for (int s = 0; s < nshops; ++s) {
        int n = s == 0 ? 1 : 1 + static_cast<int>(static_cast<long long>(s) * (total - 1) / nshops) + 7;
        n = std::min(n, total);
        const Member& m = members[static_cast<std::size_t>(n - 1)];
        core::ShopManifest man;
        man.distributor = m.id;
        man.slug = m.slug;
        man.version = 1;
        man.updated_ms = kScaleT0 + 26 * 24 * kHour + s * 10 * 60000LL;
        man.identity.name = s == 0 ? "Evergreen: Everything" : m.name + "'s Evergreen Shop";
        man.identity.greeting = greetings[s % 3];
        man.identity.contact = "Text 555-" + std::to_string(1000 + n % 9000);
        man.identity.avatar = avatar_refs[static_cast<std::size_t>(s) % avatar_refs.size()];
        man.identity.banner = banner_refs[static_cast<std::size_t>(s) % banner_refs.size()];
        const std::uint32_t primaries[] = {0x2F6B4F, 0xB4532A, 0x3C6E91, 0x8E3B5A, 0x5B4636};
        man.theme.primary = primaries[s % 5];
        man.theme.accent = primaries[(s + 2) % 5];
        man.theme.layout = s % 4 == 3 ? "list" : (s % 7 == 5 ? "showcase" : "grid");
        man.brands = {brand_id};
        Rng pick(9000u + static_cast<std::uint32_t>(s));
        if (s == 0) {
            for (const auto& p : rel.products) man.products.push_back(p.id);
        } else {
            int count = 24 + pick.below(120);
            std::set<int> chosen;
            while (static_cast<int>(chosen.size()) < std::min(count, nprod)) chosen.insert(pick.below(nprod));
            for (int c : chosen) man.products.push_back(rel.products[static_cast<std::size_t>(c)].id);
        }
        for (int f = 0; f < 3 && f < static_cast<int>(man.products.size()); ++f)
            man.featured.push_back(man.products[static_cast<std::size_t>(f * 5) % man.products.size()]);
        for (int k = 0; k < 2 && k < static_cast<int>(man.products.size()); ++k)
            man.notes[man.products[static_cast<std::size_t>(k * 3 + 1) % man.products.size()]] = notes[(s + k) % 4];
        manifest_docs.push_back(sign_doc("manifest", core::manifest_to_json(man), m.key));
        w.bundles[m.slug] = make_bundle(manifest_docs.back().envelope, man.brands, certs, releases, policies, enrollments, m.id);
        ShopInfo info;
        info.slug = m.slug;
        info.name = man.identity.name;
        info.distributor = m.id;
        info.person = m.name;
        info.brands = man.brands;
        info.level = m.level;
        info.parent = m.parent.empty() ? "" : members[index.at(m.parent)].slug;
        w.shops.push_back(info);
    }

    w.documents.push_back(std::move(brand_doc));
    w.documents.push_back(std::move(policy_doc));
    w.documents.push_back(std::move(release_doc));
    for (auto& d : enrollment_docs) w.documents.push_back(std::move(d));  // L1, then L2, then L3
    for (auto& d : manifest_docs) w.documents.push_back(std::move(d));
    return w;
}

Json scale_summary(const World& w) {
    Json shops = Json::array();
    std::map<int, int> by_level;
    for (const auto& d : w.documents) {
        if (d.kind != "enrollment") continue;
        auto p = core::parse_json(d.envelope.payload, "enrollment");
        if (p) by_level[static_cast<int>(core::int_or(*p, "level", 0))]++;
    }
    for (const auto& s : w.shops) {
        std::size_t nprod = 0;
        if (auto it = w.bundles.find(s.slug); it != w.bundles.end())
            if (auto p = core::parse_json(it->second.manifest.payload, "manifest"))
                if (const Json* arr = core::get_array(*p, "products")) nprod = arr->size();
        shops.push_back({{"slug", s.slug}, {"distributor", s.distributor}, {"level", s.level}, {"parent", s.parent}, {"products", nprod}});
    }
    Json levels = Json::object();
    for (const auto& [lv, n] : by_level) levels[std::to_string(lv)] = n;
    std::size_t categories = 0;
    for (const auto& d : w.documents)
        if (d.kind == "release")
            if (auto p = core::parse_json(d.envelope.payload, "release"))
                if (const Json* arr = core::get_array(*p, "categories")) categories = arr->size();
    return Json{{"root_key", w.root.pk.b64()},
                {"brand", w.brands.empty() ? Json() : Json{{"id", w.brands[0].id}, {"name", w.brands[0].name}, {"passphrase", w.brands[0].passphrase}}},
                {"products", w.products},
                {"categories", categories},
                {"distributors", w.enrollments},
                {"levels", levels},
                {"documents", w.documents.size()},
                {"images", w.images.size()},
                {"image_bytes", w.image_bytes()},
                {"shops", shops}};
}

// [SECTION] Output ---------------------------------------------------------------------------------

std::string World::documents_jsonl() const {
    std::string out;
    for (const auto& d : documents) {
        out += core::dump_json(Json{{"kind", d.kind}, {"envelope", d.envelope.to_json()}});
        out += '\n';
    }
    return out;
}

std::string World::trust_json() const { return core::dump_json(Json{{"root_key", root.pk.b64()}}) + "\n"; }

Json World::demo_json() const {
    Json b = Json::array(), s = Json::array();
    for (const auto& x : brands) b.push_back({{"id", x.id}, {"name", x.name}, {"passphrase", x.passphrase}});
    for (const auto& x : shops)
        s.push_back({{"slug", x.slug}, {"name", x.name}, {"distributor", x.distributor}, {"person", x.person},
                     {"brands", x.brands}, {"level", x.level}, {"parent", x.parent}, {"passphrase", x.passphrase}});
    return Json{{"root_key", root.pk.b64()}, {"brands", b}, {"shops", s}};
}

namespace {
void collect_chars(const Json& j, std::set<std::uint32_t>& out) {
    auto add = [&](const std::string& s) {
        for (auto cp : utf8_codepoints(s))
            if (cp >= 0x80) out.insert(cp);
    };
    if (j.is_string()) {
        add(j.get_ref<const std::string&>());
    } else if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            add(it.key());
            collect_chars(it.value(), out);
        }
    } else if (j.is_array()) {
        for (const auto& v : j) collect_chars(v, out);
    }
}

void append_utf8(std::string& s, std::uint32_t cp) {
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
}
}  // namespace

std::string World::charset() const {
    std::set<std::uint32_t> cps;
    for (const auto& d : documents)
        if (auto p = core::parse_json(d.envelope.payload, "document")) collect_chars(*p, cps);
    collect_chars(demo_json(), cps);
    std::string out;
    for (auto cp : cps) append_utf8(out, cp);
    return out + "\n";
}

std::uint64_t World::image_bytes() const {
    std::uint64_t n = 0;
    for (const auto& [sha, img] : images) n += img.bytes.size();
    return n;
}

std::vector<std::string> verify_world(const World& w) {
    auto is_hex64 = [](const std::string& s) {
        return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    };
    // Each shop is composed on its own (the scale world's 200 shops each verify the 3,000-SKU
    // release): one job per shop, problems gathered in slug order.
    std::vector<const std::pair<const std::string, core::ShopBundle>*> shops;
    for (const auto& entry : w.bundles) shops.push_back(&entry);
    std::vector<std::vector<std::string>> found(shops.size());
    std::vector<std::function<void()>> jobs;
    for (std::size_t i = 0; i < shops.size(); ++i)
        jobs.push_back([&, i] {
            const std::string& slug = shops[i]->first;
            std::vector<std::string>& problems = found[i];
            auto check_image = [&](const core::ImageRef& r, const std::string& what) {
                if (!is_hex64(r.sha256) || r.src != "/img/" + r.sha256 + ".jpg" || r.w <= 0 || r.h <= 0)
                    problems.push_back(what + ": malformed image reference");
                else if (!w.images.count(r.sha256))
                    problems.push_back(what + ": image " + r.sha256 + " was not generated");
            };
            auto view = core::compose_shop(shops[i]->second, w.root.pk);
            if (!view) {
                problems.push_back(slug + ": " + view.error().code + ": " + view.error().message);
                return;
            }
            const core::ShopManifest& m = view->shop.manifest;
            for (const auto& section : view->brands)
                if (!section.release) problems.push_back(slug + ": release of " + section.cert.brand + " failed: " + section.release_error.message);
            if (!m.products.empty() && view->items.size() != m.products.size())
                problems.push_back(slug + ": " + std::to_string(m.products.size() - view->items.size()) + " selected products are not in any release");
            if (view->items.empty()) problems.push_back(slug + ": the shop shows no products");
            if (view->featured.size() != m.featured.size()) problems.push_back(slug + ": a featured product is not in the selection");
            for (const auto& [pid, note] : m.notes)
                if (!view->find(pid)) problems.push_back(slug + ": a note is attached to " + pid + ", which the shop does not carry");
            check_image(m.identity.avatar, slug + " avatar");
            check_image(m.identity.banner, slug + " banner");
            for (const auto& item : view->items) {
                const core::Product& p = *item.product;
                if (p.images.empty()) problems.push_back(slug + ": " + p.id + " has no images");
                for (const auto& img : p.images) check_image(img, p.id);
                check_image(p.thumb, p.id + " thumb");
                if (problems.size() > 50) break;
            }
        });
    run_jobs(jobs);
    std::vector<std::string> problems;
    for (auto& f : found) {
        for (auto& p : f) problems.push_back(std::move(p));
        if (problems.size() > 50) break;
    }
    // Each brand's articles, opened as a browser opens them (the brand's certificate and current
    // release from a shop that carries the brand), their pictures generated ones.
    for (const auto& [brand, envelopes] : w.articles) {
        const core::ShopBundle* bundle = nullptr;
        for (const auto& [slug, b] : w.bundles)
            if (b.brands.count(brand) && b.releases.count(brand)) bundle = &b;
        if (!bundle) {
            problems.push_back(brand + ": articles, but no shop carries the brand");
            continue;
        }
        auto cert = core::open_brand_cert(bundle->brands.at(brand), w.root.pk);
        if (!cert) {
            problems.push_back(brand + ": certificate: " + cert.error().message);
            continue;
        }
        auto rel = core::open_release(bundle->releases.at(brand), *cert);
        if (!rel) {
            problems.push_back(brand + ": release: " + rel.error().message);
            continue;
        }
        for (const auto& env : envelopes) {
            auto a = core::open_article(env, *cert);
            if (!a) {
                problems.push_back(brand + ": an article does not open: " + a.error().message);
                continue;
            }
            for (const auto& p : core::article_problems(*a, &*rel)) problems.push_back(brand + "/" + a->id + ": " + p.message);
            std::vector<core::ImageRef> pictures{a->cover};
            for (const auto& b : a->blocks)
                if (b.kind == core::ArticleBlock::Picture) pictures.push_back(b.image);
            for (const auto& m : a->materials)
                if (!m.image.empty()) pictures.push_back(m.image);
            for (const auto& r : pictures)
                if (!is_hex64(r.sha256) || r.src != "/img/" + r.sha256 + ".jpg" || !w.images.count(r.sha256))
                    problems.push_back(brand + "/" + a->id + ": picture " + r.src + " was not generated");
        }
    }
    return problems;
}

}  // namespace demo
