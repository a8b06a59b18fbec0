// Images a distributor uploads (avatar, banner) and the pictures the app makes (posters): decoding
// with every size check before any pixel is touched, cropping and scaling, PNG/JPEG encoding.
//
// [SECTION] Raster     RGBA pixels, top row first
// [SECTION] Decode     bytes -> Raster, refusing what is not an image, too big a file, too many pixels
// [SECTION] Crop       the crop a person chose (zoom and centre) as a pixel rectangle; crop + scale
// [SECTION] Encode     PNG and JPEG (stb_image_write)
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace core {

// [SECTION] Raster
struct Raster {
    int w = 0, h = 0;
    std::vector<std::uint8_t> rgba;  // w*h*4
    Raster() = default;
    Raster(int width, int height, std::uint32_t rgb = 0xFFFFFF);
    bool empty() const { return w <= 0 || h <= 0; }
    std::uint8_t* px(int x, int y) { return rgba.data() + (static_cast<std::size_t>(y) * w + x) * 4; }
    const std::uint8_t* px(int x, int y) const { return rgba.data() + (static_cast<std::size_t>(y) * w + x) * 4; }
};

// [SECTION] Decode
constexpr std::size_t kMaxUploadBytes = 12u << 20;  // a phone photo is 2-6 MB
constexpr int kMaxUploadSide = 8192;
constexpr long kMaxUploadPixels = 40'000'000;

// Checks the size of the file, then the header (stbi_info: type and dimensions), and only then
// decodes. Every refusal says what was wrong with this file in words a person understands.
Result<Raster> decode_image(std::span<const std::uint8_t> bytes);
std::string format_bytes(std::size_t n);  // "50.0 MB", "812 KB"
// Width and height from a PNG (IHDR) or JPEG (SOF) header, without decoding; {0, 0} if neither.
struct Dimensions {
    long w = 0, h = 0;
};
Dimensions sniff_dimensions(std::span<const std::uint8_t> bytes);

// [SECTION] Crop
struct PixelRect {
    int x = 0, y = 0, w = 0, h = 0;
};
// The crop of aspect `aspect` (w/h) a person framed: zoom 1 is the largest such rectangle inside
// the image, zoom 2 half as wide; (cx, cy) is its centre in 0..1 of the image, moved as needed to
// keep the rectangle inside.
PixelRect crop_rect(int image_w, int image_h, float aspect, float zoom, float cx, float cy);
// Area-averaged crop and scale (down or up) to out_w x out_h.
Raster crop_scale(const Raster& src, PixelRect r, int out_w, int out_h);

// [SECTION] Encode
std::vector<std::uint8_t> encode_png(const Raster& img);
std::vector<std::uint8_t> encode_jpeg(const Raster& img, int quality = 88);

}  // namespace core
