// The scenes around the objects (see paint.h): a set with a backdrop and a floor, props from the
// brand's world (tea leaves and sprigs, pebbles and petals), and the pictures that are not product
// shots: avatars, shop banners, article covers.
//
// [SECTION] Sets       backdrops (arch, disc, window light, podium), vignette, props
// [SECTION] Pictures   render_product (gallery variants), render_avatar, render_banner
#include "paint.h"

namespace demo {
namespace {

// [SECTION] Sets -----------------------------------------------------------------------------------

enum class Deco { Plain, Arch, Disc, Window, Podium };

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

}  // namespace

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

namespace {

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

}  // namespace

// [SECTION] Pictures -------------------------------------------------------------------------------

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

}  // namespace demo
