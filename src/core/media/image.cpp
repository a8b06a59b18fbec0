#include "core/media/image.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

// stb's implementations are compiled here with static linkage, so the app's own copies (images.cpp,
// fonts.cpp) never clash with these.
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_NO_FAILURE_STRINGS
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stb/stb_image.h>
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace core {

Raster::Raster(int width, int height, std::uint32_t rgb) : w(width), h(height) {
    rgba.resize(static_cast<std::size_t>(std::max(0, w)) * std::max(0, h) * 4);
    for (std::size_t i = 0; i < rgba.size(); i += 4) {
        rgba[i] = (rgb >> 16) & 255;
        rgba[i + 1] = (rgb >> 8) & 255;
        rgba[i + 2] = rgb & 255;
        rgba[i + 3] = 255;
    }
}

std::string format_bytes(std::size_t n) {
    char buf[32];
    if (n >= (1u << 20)) std::snprintf(buf, sizeof buf, "%.1f MB", n / 1048576.0);
    else if (n >= 1024) std::snprintf(buf, sizeof buf, "%zu KB", n / 1024);
    else std::snprintf(buf, sizeof buf, "%zu bytes", n);
    return buf;
}

// [SECTION] Decode --------------------------------------------------------------------------------

Dimensions sniff_dimensions(std::span<const std::uint8_t> b) {
    auto be32 = [&](std::size_t i) { return (long(b[i]) << 24) | (long(b[i + 1]) << 16) | (long(b[i + 2]) << 8) | long(b[i + 3]); };
    static const std::uint8_t png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (b.size() >= 24 && std::equal(png, png + 8, b.begin()) && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')
        return {be32(16), be32(20)};
    if (b.size() >= 4 && b[0] == 0xFF && b[1] == 0xD8) {
        std::size_t i = 2;
        while (i + 9 < b.size()) {
            if (b[i] != 0xFF) break;
            const std::uint8_t m = b[i + 1];
            if (m == 0xFF) { ++i; continue; }
            const std::size_t len = (std::size_t(b[i + 2]) << 8) | b[i + 3];
            const bool sof = (m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC;
            if (sof) return {(long(b[i + 7]) << 8) | b[i + 8], (long(b[i + 5]) << 8) | b[i + 6]};
            if (len < 2) break;
            i += 2 + len;
        }
    }
    return {};
}

namespace {
// stb_image 2.27 (Debian 12's libstb) trusts a JPEG's Huffman tables in two ways that fuzzing
// (tests/fuzz/fuzz_image) turned into memory errors: it builds a table from its 16 code counts
// without checking that they add up to at most 256 symbols, and writes past the table when they do
// (a heap overflow); and a scan may use a table no DHT segment defined, which stb_image then reads
// uninitialised (its decoder struct is not zeroed; the codes looked up in it index far outside it).
// stb_image 2.28 refuses both. Until the system's copy does, the file is refused here first: the
// segments are walked the way stb_image reads them (markers found by scanning for 0xFF, as
// stb_image does between segments and after a scan), and a table of more than 256 symbols, or a
// scan using a table not defined before it, makes the file damaged.
bool jpeg_huffman_tables_ok(std::span<const std::uint8_t> b) {
    auto at = [&](std::size_t i) -> unsigned { return i < b.size() ? b[i] : 0u; };  // stb reads 0 past the end
    bool defined[2][4] = {};  // [DC, AC][table id]
    bool progressive = false;
    std::size_t i = 1;  // after the first 0xFF (of SOI, maybe after fill bytes)
    while (i + 1 < b.size()) {
        if (b[i] != 0xFF) { ++i; continue; }
        const unsigned m = b[i + 1];
        if (m == 0xFF) { ++i; continue; }                                                          // fill byte
        if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD9)) { i += 2; continue; }              // no length
        const std::size_t len = (std::size_t(at(i + 2)) << 8) | at(i + 3);
        if (m == 0xC0 || m == 0xC1 || m == 0xC2) progressive = m == 0xC2;  // the frames stb_image decodes
        if (m == 0xC4) {
            std::size_t pos = i + 4;
            long left = static_cast<long>(len) - 2;
            while (left > 0 && pos < b.size()) {
                unsigned n = 0;
                for (std::size_t k = 1; k <= 16; ++k) n += at(pos + k);
                if (n > 256) return false;
                const unsigned tc = at(pos) >> 4, th = at(pos) & 15;
                if (tc <= 1 && th <= 3) defined[tc][th] = true;
                pos += 17 + n;
                left -= 17 + static_cast<long>(n);
            }
        }
        if (m == 0xDA) {  // a scan: the tables its components use (DC for a first DC scan, AC unless progressive DC)
            const unsigned ns = at(i + 4);
            const unsigned ss = at(i + 5 + 2 * ns), se = at(i + 6 + 2 * ns);
            for (unsigned k = 0; k < ns; ++k) {
                const unsigned td = at(i + 6 + 2 * k) >> 4, ta = at(i + 6 + 2 * k) & 15;
                if (ss == 0 && td <= 3 && !defined[0][td]) return false;
                if ((!progressive || se != 0) && ta <= 3 && !defined[1][ta]) return false;
            }
        }
        i += 2 + std::max<std::size_t>(len, 2);
    }
    return true;
}

// stb_image 2.27 also grows its buffer for a PNG IDAT chunk to the length the chunk declares
// before it reads the chunk: a 149-byte file declaring a 1 GB chunk had it allocate 2 GB (found by
// tests/fuzz/fuzz_image). A chunk cannot be longer than what is left of the file, so such a file is
// refused first: every chunk's declared length is checked the way stb_image walks them (length,
// type, data, CRC), up to IEND.
const std::uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
bool png_chunks_fit(std::span<const std::uint8_t> b) {
    std::size_t i = 8;  // after the signature
    while (i + 8 <= b.size()) {
        const std::size_t len = (std::size_t(b[i]) << 24) | (std::size_t(b[i + 1]) << 16) | (std::size_t(b[i + 2]) << 8) | b[i + 3];
        if (len > b.size() - i - 8) return false;
        if (b[i + 4] == 'I' && b[i + 5] == 'E' && b[i + 6] == 'N' && b[i + 7] == 'D') return true;
        i += 12 + len;  // length, type, data, CRC
    }
    return true;  // cut short: stb_image finds that out by itself, without a large allocation
}
}  // namespace

Result<Raster> decode_image(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) return make_error("empty_file", "This file is empty.");
    if (bytes.size() > kMaxUploadBytes)
        return make_error("file_too_large", "This file is " + format_bytes(bytes.size()) +
                                                "; pick an image under 12 MB (a photo from a phone camera is fine).");
    const Dimensions dim = sniff_dimensions(bytes);
    auto too_many = [](long w, long h) {
        return make_error("too_many_pixels", "This image is " + std::to_string(w) + " x " + std::to_string(h) +
                                                 " pixels; images up to 8192 pixels a side are accepted.");
    };
    if (dim.w > kMaxUploadSide || dim.h > kMaxUploadSide || dim.w * dim.h > kMaxUploadPixels) return too_many(dim.w, dim.h);
    if ((bytes[0] == 0xFF && !jpeg_huffman_tables_ok(bytes)) ||  // stb_image takes FF (FF...) D8 as a JPEG
        (bytes.size() >= 8 && std::equal(kPngSignature, kPngSignature + 8, bytes.begin()) && !png_chunks_fit(bytes)))
        return make_error("damaged_image", "This image is damaged and could not be read.");
    int w = 0, h = 0, comp = 0;
    const int len = static_cast<int>(bytes.size());
    if (!stbi_info_from_memory(bytes.data(), len, &w, &h, &comp))
        return make_error("not_an_image", "This file is not a PNG or JPEG image, or it is damaged.");
    if (w <= 0 || h <= 0 || w > kMaxUploadSide || h > kMaxUploadSide || static_cast<long>(w) * h > kMaxUploadPixels)
        return too_many(w, h);
    unsigned char* px = stbi_load_from_memory(bytes.data(), len, &w, &h, &comp, 4);
    if (!px) return make_error("damaged_image", "This image is damaged and could not be read.");
    Raster r;
    r.w = w;
    r.h = h;
    r.rgba.assign(px, px + static_cast<std::size_t>(w) * h * 4);
    stbi_image_free(px);
    return r;
}

// [SECTION] Crop ----------------------------------------------------------------------------------

PixelRect crop_rect(int iw, int ih, float aspect, float zoom, float cx, float cy) {
    PixelRect r;
    if (iw <= 0 || ih <= 0 || !(aspect > 0)) return r;
    zoom = std::clamp(std::isfinite(zoom) ? zoom : 1.f, 1.f, 8.f);
    // Largest rectangle of this aspect inside the image, then shrunk by the zoom.
    float w = static_cast<float>(iw), h = w / aspect;
    if (h > ih) {
        h = static_cast<float>(ih);
        w = h * aspect;
    }
    w /= zoom;
    h /= zoom;
    r.w = std::max(1, static_cast<int>(std::lround(w)));
    r.h = std::max(1, static_cast<int>(std::lround(h)));
    r.w = std::min(r.w, iw);
    r.h = std::min(r.h, ih);
    cx = std::isfinite(cx) ? cx : 0.5f;
    cy = std::isfinite(cy) ? cy : 0.5f;
    r.x = std::clamp(static_cast<int>(std::lround(cx * iw - r.w * 0.5f)), 0, iw - r.w);
    r.y = std::clamp(static_cast<int>(std::lround(cy * ih - r.h * 0.5f)), 0, ih - r.h);
    return r;
}

Raster crop_scale(const Raster& src, PixelRect r, int out_w, int out_h) {
    Raster out(out_w, out_h);
    if (src.empty() || out.empty() || r.w <= 0 || r.h <= 0) return out;
    r.x = std::clamp(r.x, 0, src.w - 1);
    r.y = std::clamp(r.y, 0, src.h - 1);
    r.w = std::min(r.w, src.w - r.x);
    r.h = std::min(r.h, src.h - r.y);
    const double sx = static_cast<double>(r.w) / out_w, sy = static_cast<double>(r.h) / out_h;
    for (int y = 0; y < out_h; ++y) {
        // Source span of this output row (at least one source row: upscaling repeats it).
        const double fy0 = r.y + y * sy, fy1 = r.y + (y + 1) * sy;
        int y0 = static_cast<int>(fy0), y1 = std::max(y0 + 1, static_cast<int>(std::ceil(fy1)));
        y1 = std::min(y1, r.y + r.h);
        for (int x = 0; x < out_w; ++x) {
            const double fx0 = r.x + x * sx, fx1 = r.x + (x + 1) * sx;
            int x0 = static_cast<int>(fx0), x1 = std::max(x0 + 1, static_cast<int>(std::ceil(fx1)));
            x1 = std::min(x1, r.x + r.w);
            std::uint64_t sum[4] = {0, 0, 0, 0};
            for (int yy = y0; yy < y1; ++yy) {
                const std::uint8_t* p = src.px(x0, yy);
                for (int xx = x0; xx < x1; ++xx, p += 4)
                    for (int c = 0; c < 4; ++c) sum[c] += p[c];
            }
            const std::uint64_t n = static_cast<std::uint64_t>(y1 - y0) * (x1 - x0);
            std::uint8_t* o = out.px(x, y);
            for (int c = 0; c < 4; ++c) o[c] = static_cast<std::uint8_t>((sum[c] + n / 2) / n);
        }
    }
    return out;
}

// [SECTION] Encode --------------------------------------------------------------------------------

namespace {
void append(void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
    const auto* p = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), p, p + size);
}
}  // namespace

std::vector<std::uint8_t> encode_png(const Raster& img) {
    std::vector<std::uint8_t> out;
    if (img.empty()) return out;
    stbi_write_png_to_func(append, &out, img.w, img.h, 4, img.rgba.data(), img.w * 4);
    return out;
}

std::vector<std::uint8_t> encode_jpeg(const Raster& img, int quality) {
    std::vector<std::uint8_t> out;
    if (img.empty()) return out;
    // JPEG has no alpha: flatten onto white first.
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(img.w) * img.h * 3);
    for (std::size_t i = 0, j = 0; i < img.rgba.size(); i += 4, j += 3) {
        const unsigned a = img.rgba[i + 3];
        for (int c = 0; c < 3; ++c) rgb[j + c] = static_cast<std::uint8_t>((img.rgba[i + c] * a + 255 * (255 - a) + 127) / 255);
    }
    stbi_write_jpg_to_func(append, &out, img.w, img.h, 3, rgb.data(), std::clamp(quality, 1, 100));
    return out;
}

}  // namespace core
