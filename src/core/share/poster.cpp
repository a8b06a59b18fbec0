#include "core/share/poster.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"

namespace core {

// [SECTION] Layout --------------------------------------------------------------------------------

PosterLayout layout_poster(int modules, bool has_product) {
    PosterLayout l;
    l.canvas = {0, 0, kPosterW, kPosterH};
    l.banner = {0, 0, kPosterW, 620};
    l.card = {56, 500, kPosterW - 112, kPosterH - 500 - 56};
    l.avatar = {kPosterW / 2 - 124, 500 - 124, 248, 248};
    const int inner_x = l.card.x + 56, inner_w = l.card.w - 112;
    l.name = {inner_x, l.avatar.bottom() + 28, inner_w, 168};
    l.byline = {inner_x, l.name.bottom() + 4, inner_w, 52};
    l.greeting = {inner_x, l.byline.bottom() + 20, inner_w, 104};
    int y = l.greeting.bottom() + 36;
    if (has_product) {
        l.product_image = {inner_x, y, 340, 340};
        l.product_text = {inner_x + 340 + 40, y, inner_w - 340 - 40, 340};
        y = l.product_image.bottom() + 48;
    }
    // QR: the largest whole-pixel module that fits, with a 4-module quiet zone.
    const int qr_space = std::min(440, l.card.bottom() - 56 - y);
    modules = std::max(modules, 21);
    l.qr_module = std::max(1, qr_space / (modules + 8));
    l.qr_quiet = 4 * l.qr_module;
    const int qr_side = modules * l.qr_module + 2 * l.qr_quiet;
    l.qr = {inner_x, y, qr_side, qr_side};
    l.qr_caption = {inner_x + qr_side + 40, y, inner_x + inner_w - (inner_x + qr_side + 40), qr_side};
    return l;
}

// [SECTION] Render --------------------------------------------------------------------------------

namespace {
void fill(Raster& r, Box b, std::uint32_t rgb) {
    const std::uint8_t c[3] = {static_cast<std::uint8_t>((rgb >> 16) & 255), static_cast<std::uint8_t>((rgb >> 8) & 255),
                               static_cast<std::uint8_t>(rgb & 255)};
    for (int y = std::max(0, b.y); y < std::min(r.h, b.bottom()); ++y)
        for (int x = std::max(0, b.x); x < std::min(r.w, b.right()); ++x) {
            std::uint8_t* p = r.px(x, y);
            p[0] = c[0];
            p[1] = c[1];
            p[2] = c[2];
            p[3] = 255;
        }
}

// Coverage of a pixel by a rounded rectangle (radius rad), 0..1, with a one-pixel soft edge.
float rounded_cover(const Box& b, float rad, int x, int y) {
    const float px = x + 0.5f, py = y + 0.5f;
    const float cx = std::clamp(px, b.x + rad, b.right() - rad), cy = std::clamp(py, b.y + rad, b.bottom() - rad);
    const float d = std::hypot(px - cx, py - cy);
    return std::clamp(rad - d + 0.5f, 0.f, 1.f);
}

void blend(std::uint8_t* p, const std::uint8_t* c, float a) {
    for (int i = 0; i < 3; ++i) p[i] = static_cast<std::uint8_t>(std::lround(c[i] * a + p[i] * (1 - a)));
    p[3] = 255;
}

void fill_rounded(Raster& r, Box b, float rad, std::uint32_t rgb) {
    const std::uint8_t c[3] = {static_cast<std::uint8_t>((rgb >> 16) & 255), static_cast<std::uint8_t>((rgb >> 8) & 255),
                               static_cast<std::uint8_t>(rgb & 255)};
    for (int y = std::max(0, b.y); y < std::min(r.h, b.bottom()); ++y)
        for (int x = std::max(0, b.x); x < std::min(r.w, b.right()); ++x) {
            const float a = rounded_cover(b, rad, x, y);
            if (a > 0) blend(r.px(x, y), c, a);
        }
}

// Cover-fit an image into a box (cropped to the box's aspect), optionally masked to a circle or
// rounded corners.
void draw_image(Raster& r, const Raster& img, Box b, float rad, bool circle) {
    if (img.empty() || b.w <= 0 || b.h <= 0) return;
    PixelRect crop = crop_rect(img.w, img.h, static_cast<float>(b.w) / b.h, 1.f, 0.5f, 0.5f);
    Raster scaled = crop_scale(img, crop, b.w, b.h);
    for (int y = 0; y < b.h; ++y) {
        const int py = b.y + y;
        if (py < 0 || py >= r.h) continue;
        for (int x = 0; x < b.w; ++x) {
            const int pxx = b.x + x;
            if (pxx < 0 || pxx >= r.w) continue;
            float a = 1;
            if (circle) {
                const float dx = x + 0.5f - b.w * 0.5f, dy = y + 0.5f - b.h * 0.5f;
                a = std::clamp(b.w * 0.5f - std::hypot(dx, dy) + 0.5f, 0.f, 1.f);
            } else if (rad > 0) {
                a = rounded_cover(b, rad, pxx, py);
            }
            const std::uint8_t* s = scaled.px(x, y);
            a *= s[3] / 255.f;
            if (a > 0) blend(r.px(pxx, py), s, a);
        }
    }
}

std::uint32_t mix_rgb(std::uint32_t a, std::uint32_t b, float t) {
    std::uint32_t out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        const float x = (a >> sh) & 255, y = (b >> sh) & 255;
        out |= static_cast<std::uint32_t>(std::lround(x + (y - x) * t)) << sh;
    }
    return out;
}

void centered_lines(Raster& r, const TextRaster& t, const std::vector<std::string>& lines, Box b, float px, bool bold,
                    std::uint32_t rgb) {
    float y = b.y;
    for (const auto& line : lines) {
        const float w = t.width(line, px, bold);
        t.draw(r, b.x + (b.w - w) * 0.5f, y, line, px, bold, rgb);
        y += t.line_height(px);
    }
}
}  // namespace

void draw_qr(Raster& into, const QrGrid& qr, int x, int y, int module, int quiet) {
    fill(into, {x, y, qr.size * module + 2 * quiet, qr.size * module + 2 * quiet}, 0xFFFFFF);
    for (int my = 0; my < qr.size; ++my)
        for (int mx = 0; mx < qr.size; ++mx)
            if (qr.at(mx, my)) fill(into, {x + quiet + mx * module, y + quiet + my * module, module, module}, 0x000000);
}

Raster render_poster(const PosterContent& c, const TextRaster& t) {
    const bool has_product = !c.product_title.empty();
    const PosterLayout l = layout_poster(c.qr.size, has_product);
    Raster r(kPosterW, kPosterH, c.background);
    // Banner: the distributor's picture, or their colours.
    if (c.banner && !c.banner->empty()) {
        draw_image(r, *c.banner, l.banner, 0, false);
    } else {
        for (int y = 0; y < l.banner.h; ++y)
            for (int x = 0; x < l.banner.w; ++x) {
                const std::uint32_t col = mix_rgb(c.primary, c.accent, (x + y * 0.6f) / (l.banner.w + l.banner.h * 0.6f));
                const std::uint8_t cc[3] = {static_cast<std::uint8_t>(col >> 16), static_cast<std::uint8_t>(col >> 8),
                                            static_cast<std::uint8_t>(col)};
                blend(r.px(x, y), cc, 1);
            }
    }
    // The card, with a soft shadow.
    for (int i = 6; i >= 1; --i) {
        Box s = {l.card.x - i * 2, l.card.y - i + 8, l.card.w + i * 4, l.card.h + i * 3};
        for (int y = std::max(0, s.y); y < std::min(r.h, s.bottom()); ++y)
            for (int x = std::max(0, s.x); x < std::min(r.w, s.right()); ++x) {
                const float a = rounded_cover(s, 48 + i * 2.f, x, y) * 0.022f;
                const std::uint8_t black[3] = {15, 23, 42};
                if (a > 0) blend(r.px(x, y), black, a);
            }
    }
    fill_rounded(r, l.card, 48, 0xFFFFFF);
    // Avatar with a white ring.
    Box ring = {l.avatar.x - 14, l.avatar.y - 14, l.avatar.w + 28, l.avatar.h + 28};
    fill_rounded(r, ring, ring.w * 0.5f, 0xFFFFFF);
    if (c.avatar && !c.avatar->empty()) {
        draw_image(r, *c.avatar, l.avatar, 0, true);
    } else {
        fill_rounded(r, l.avatar, l.avatar.w * 0.5f, c.primary);
        std::string initial;
        if (!c.name.empty()) {
            std::size_t i = 0;
            append_utf8(initial, next_codepoint(c.name, i));
        }
        const float w = t.width(initial, 120, true);
        t.draw(r, l.avatar.x + (l.avatar.w - w) * 0.5f, l.avatar.y + (l.avatar.h - t.line_height(120)) * 0.5f, initial, 120,
               true, 0xFFFFFF);
    }
    centered_lines(r, t, t.wrap(c.name, 68, true, static_cast<float>(l.name.w), 2), l.name, 68, true, c.text);
    centered_lines(r, t, t.wrap(c.byline, 34, false, static_cast<float>(l.byline.w), 1), l.byline, 34, false,
                   mix_rgb(c.text, 0xFFFFFF, 0.42f));
    centered_lines(r, t, t.wrap(c.greeting, 40, false, static_cast<float>(l.greeting.w), 2), l.greeting, 40, false, c.text);
    if (has_product) {
        if (c.product && !c.product->empty()) draw_image(r, *c.product, l.product_image, 28, false);
        else fill_rounded(r, l.product_image, 28, mix_rgb(c.background, c.text, 0.06f));
        float y = l.product_text.y + 8;
        for (const auto& line : t.wrap(c.product_title, 44, true, static_cast<float>(l.product_text.w), 3)) {
            t.draw(r, l.product_text.x, y, line, 44, true, c.text);
            y += t.line_height(44);
        }
        t.draw(r, l.product_text.x, y + 16, c.product_price, 60, true, c.primary);
    }
    // QR and what it is for.
    draw_qr(r, c.qr, l.qr.x, l.qr.y, l.qr_module, l.qr_quiet);
    float y = l.qr_caption.y + 24;
    for (const auto& line : t.wrap(c.caption, 46, true, static_cast<float>(l.qr_caption.w), 3)) {
        t.draw(r, l.qr_caption.x, y, line, 46, true, c.text);
        y += t.line_height(46);
    }
    y += 16;
    for (const auto& line : t.wrap(c.link_text, 28, false, static_cast<float>(l.qr_caption.w), 3)) {
        t.draw(r, l.qr_caption.x, y, line, 28, false, mix_rgb(c.text, 0xFFFFFF, 0.35f));
        y += t.line_height(28);
    }
    return r;
}

}  // namespace core
