// Poster: a 1080x1920 picture a distributor posts in chats and prints (shop identity, a product,
// and the QR code of the shop's link), composed on the CPU into a Raster and saved as PNG.
//
// [SECTION] Layout   where everything goes, in poster pixels (tested: inside, not overlapping, a QR
//                    with whole-pixel modules and its quiet zone)
// [SECTION] Render   draws a layout with images, text (TextRaster) and the QR grid
#pragma once
#include <cstdint>
#include <string>

#include "core/media/image.h"
#include "core/media/text_raster.h"
#include "core/share/qr.h"

namespace core {

struct Box {
    int x = 0, y = 0, w = 0, h = 0;
    int right() const { return x + w; }
    int bottom() const { return y + h; }
    bool inside(const Box& o) const { return x >= o.x && y >= o.y && right() <= o.right() && bottom() <= o.bottom(); }
    bool overlaps(const Box& o) const { return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom(); }
};

// [SECTION] Layout
struct PosterLayout {
    Box canvas, banner, card, avatar, name, byline, greeting, product_image, product_text, qr, qr_caption;
    int qr_module = 0;  // pixels per module
    int qr_quiet = 0;   // pixels of white around the code (at least 4 modules)
};
constexpr int kPosterW = 1080, kPosterH = 1920;
PosterLayout layout_poster(int qr_modules, bool has_product);

// [SECTION] Render
struct PosterContent {
    std::string name, byline, greeting;          // the shop: name, "person · brand", greeting
    std::string product_title, product_price;    // empty title: no product block
    std::string caption, link_text;              // under/next to the QR: call to action, short link
    std::uint32_t primary = 0xC2410C, accent = 0x0F766E, background = 0xFAF7F2, text = 0x1F2937;
    const Raster* banner = nullptr;   // any may be null: a colour or an initial stands in
    const Raster* avatar = nullptr;
    const Raster* product = nullptr;
    QrGrid qr;
};
Raster render_poster(const PosterContent& c, const TextRaster& text);

// Draws a QR grid: dark modules as exact squares of `module` pixels at (x, y), on white including
// the quiet zone (x, y is the quiet zone's corner).
void draw_qr(Raster& into, const QrGrid& qr, int x, int y, int module, int quiet);

}  // namespace core
