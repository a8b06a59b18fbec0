// The demo's painter, shared by the files that draw (internal to the demo library): the product
// shots, avatars, banners and article covers are painted here, never copied from anywhere.
//
// [SECTION] Raster      a small anti-aliased painter: signed distances, coverage, lighting (header-only:
//                       the objects and scenes inline it); JPEG through the core (raster.cpp)
// [SECTION] Lettering   label words with the core's glyphs (core::GlyphFont), or abstract marks without
//                       fonts (raster.cpp)
// [SECTION] Objects     what a product is drawn as, and the parts the scenes reuse (objects.cpp)
// [SECTION] Scenes      backdrops, props, gallery variants, avatars, banners (scenes.cpp)
//
// Everything is deterministic: the same arguments give the same pixels, whichever thread paints.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/media/text_raster.h"

namespace demo {

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
inline float sd_poly(V2 p, const V2* v, int n) {
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

// JPEG through the core's encoder (core/media/image.h): stb_image_write is compiled once, there.
std::vector<std::uint8_t> encode_jpeg(const Canvas& cv, std::uint32_t seed, int quality = 86);

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

// The label fonts, as Options carries their bytes (any may be missing).
struct Fonts {
    core::GlyphFont sans, serif, cjk;
};

enum class Face { Sans, Serif };

std::vector<std::uint32_t> utf8_codepoints(std::string_view s);

class Letterer {
public:
    explicit Letterer(const Fonts* fonts) : fonts_(fonts) {}

    bool available(std::string_view text, Face face) const;
    // Width of a line in virtual units at em size `size`.
    float measure(std::string_view text, float size, Face face, float tracking) const;
    // Draws one line centred on cx with its baseline at `baseline` (virtual units). Returns false
    // when fonts are missing, so callers can draw abstract marks instead.
    bool line(Canvas& cv, std::string_view text, float cx, float baseline, float size, Face face, RGB col,
              float alpha = 1.f, float tracking = 0.f, float max_width = 0.f, float squash = 1.f) const;
    // Characters stacked top to bottom, centred on cx, the first one's top at `top`.
    bool column(Canvas& cv, std::string_view text, float cx, float top, float size, RGB col, float alpha = 1.f,
                float gap = 0.12f) const;

private:
    const core::GlyphFont* pick(std::uint32_t cp, Face face) const;
    void glyph(Canvas& cv, const core::GlyphFont& f, std::uint32_t cp, float pen_x, float baseline, float size, RGB col,
               float alpha, float squash = 1.f) const;

    const Fonts* fonts_;
};

// Label lettering with a graceful fallback: thin rounded bars where words would be.
void text_or_bars(Canvas& cv, const Letterer& lt, std::string_view text, float cx, float baseline, float size, Face face,
                  RGB col, float alpha, float tracking, float max_width, float squash = 1.f);

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

void light_cyl(Canvas& cv, const Cyl& c, float side, float gloss, float spec_width = 0.13f);
void draw_cup(Canvas& cv, const Look& L, Stage s, std::uint32_t seed, bool with_tea = true);
// The object's rough height (for close-ups), and where a close-up should look, as a fraction of
// that height above the floor.
float object_height(Kind kind);
float label_height(Kind kind);
void draw_object(Canvas& cv, const Letterer& lt, const Look& L, Stage s, std::uint32_t seed);

// [SECTION] Scenes ---------------------------------------------------------------------------------

// splitmix64 with float helpers: the same stream on every machine.
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

struct Backdrop {
    RGB wall, floor, deco;
};

enum class Style { Tea, Botanic };

struct ProductArt {
    Look look;
    Style style = Style::Tea;
    std::vector<Backdrop> backdrops;  // the brand's palette of sets
};

// A friendly, abstract portrait on a colour.
struct AvatarArt {
    RGB bg, skin, hair, shirt, accent;
    int hair_style = 0;  // 0 long, 1 short, 2 bun, 3 bob
    bool glasses = false;
};

// A wide landscape: sky, sun, layered hills; tea terraces or botanical leaves in front.
struct BannerArt {
    RGB sky_top, sky_bottom, sun, far, mid, near;
    Style style = Style::Tea;
    float sun_x = 760;
};

// Gallery variants: 0 hero, 1 styled with props from the other side, 2 close-up on the label.
void render_product(Canvas& cv, const Letterer& lt, const ProductArt& art, int variant, std::uint32_t seed);
void render_avatar(Canvas& cv, const AvatarArt& a);
void render_banner(Canvas& cv, const BannerArt& b, std::uint32_t seed);
void finish(Canvas& cv);  // the gentle vignette every picture ends with

}  // namespace demo
