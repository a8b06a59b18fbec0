// The products as objects (see paint.h): tea tins, pouches, cartons, jars, teapots, bottles, tubes,
// soaps, candles... each drawn on a stage from signed distances, lit from one side, with its label.
//
// [SECTION] Surfaces   contact shadows, noise, heaps of leaves or salt, label layout, cylinders
// [SECTION] Objects    one function per kind of object; draw_object picks by Kind
#include "paint.h"

namespace demo {
namespace {

// [SECTION] Surfaces -------------------------------------------------------------------------------

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

}  // namespace

void light_cyl(Canvas& cv, const Cyl& c, float side, float gloss, float spec_width) {
    cv.light(c.bb(), [&](V2 p) { return c.sd(p); }, [&](V2 p, RGB& m, RGB& a) { cyl_light(c.t(p), side, gloss, m, a, spec_width); });
}

namespace {

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

// [SECTION] Objects --------------------------------------------------------------------------------

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

}  // namespace

void draw_cup(Canvas& cv, const Look& L, Stage s, std::uint32_t seed, bool with_tea) {
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

namespace {

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

}  // namespace

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

}  // namespace demo
