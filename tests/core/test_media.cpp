// Uploaded images: refused before decoding when too big or not an image, cropped as framed, and
// encoded to PNG/JPEG that decode back.
#include <doctest/doctest.h>

#include "core/media/image.h"

using namespace core;

namespace {
Raster checker(int w, int h) {
    Raster r(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = r.px(x, y);
            const bool dark = ((x / 8) + (y / 8)) % 2 == 0;
            p[0] = dark ? 20 : 240;
            p[1] = static_cast<std::uint8_t>(x * 255 / std::max(1, w - 1));
            p[2] = static_cast<std::uint8_t>(y * 255 / std::max(1, h - 1));
            p[3] = 255;
        }
    return r;
}
}  // namespace

TEST_CASE("a PNG round-trips exactly; a JPEG comes back close") {
    Raster img = checker(64, 40);
    auto png = encode_png(img);
    REQUIRE(png.size() > 8);
    CHECK(png[1] == 'P');
    auto back = decode_image(png);
    REQUIRE(back.ok());
    CHECK(back->w == 64);
    CHECK(back->h == 40);
    CHECK(back->rgba == img.rgba);
    auto jpg = encode_jpeg(img, 90);
    REQUIRE(jpg.size() > 2);
    CHECK(jpg[0] == 0xFF);
    CHECK(jpg[1] == 0xD8);
    auto j = decode_image(jpg);
    REQUIRE(j.ok());
    CHECK(j->w == 64);
    long diff = 0;
    for (std::size_t i = 0; i < img.rgba.size(); ++i) diff += std::abs(int(img.rgba[i]) - int(j->rgba[i]));
    CHECK(diff / static_cast<long>(img.rgba.size()) < 12);
}

TEST_CASE("files that are not images, too large, or too many pixels are refused with reasons") {
    std::vector<std::uint8_t> text = {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'};
    auto r = decode_image(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "not_an_image");
    CHECK(decode_image(std::vector<std::uint8_t>{}).error().code == "empty_file");

    // 50 MB: refused by its size before anything reads it (the bytes are not even an image).
    std::vector<std::uint8_t> big(50u << 20, 0);
    auto b = decode_image(big);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().code == "file_too_large");
    CHECK(b.error().message.find("50.0 MB") != std::string::npos);

    // A PNG whose header claims 20,000 x 20,000 pixels: refused from the header alone.
    auto png = encode_png(checker(8, 8));
    auto put32 = [&](std::size_t at, std::uint32_t v) {
        png[at] = v >> 24;
        png[at + 1] = (v >> 16) & 255;
        png[at + 2] = (v >> 8) & 255;
        png[at + 3] = v & 255;
    };
    put32(16, 20000);
    put32(20, 20000);
    auto huge = decode_image(png);
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error().code == "too_many_pixels");
    CHECK(huge.error().message.find("20000 x 20000") != std::string::npos);

    // A real header with a truncated body: damaged.
    auto cut = encode_png(checker(32, 32));
    cut.resize(cut.size() / 2);
    auto d = decode_image(cut);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().code == "damaged_image");

    // A JPEG Huffman table counting more than 256 symbols: stb_image 2.27 would write past its
    // tables (found by tests/fuzz/fuzz_image); it is refused as damaged before stb_image reads it.
    // (stb_image would end up refusing it too, after the overflow: the fuzz regressions, replayed
    // under AddressSanitizer, are what catch the overflow itself.)
    auto jpg = encode_jpeg(checker(16, 16));
    REQUIRE(decode_image(jpg).ok());
    std::size_t dht = 2;
    while (dht + 1 < jpg.size() && !(jpg[dht] == 0xFF && jpg[dht + 1] == 0xC4)) ++dht;
    REQUIRE(dht + 21 < jpg.size());
    for (int k = 0; k < 16; ++k) jpg[dht + 5 + k] = 20;  // the table's 16 code counts: 320 symbols
    auto over = decode_image(jpg);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == "damaged_image");
    // A scan using a Huffman table no DHT segment defined: stb_image 2.27 would read the table
    // uninitialised (found by tests/fuzz/fuzz_image); refused as damaged.
    auto undefined = encode_jpeg(checker(16, 16));
    std::size_t sos = 2;
    while (sos + 1 < undefined.size() && !(undefined[sos] == 0xFF && undefined[sos + 1] == 0xDA)) ++sos;
    REQUIRE(sos + 6 < undefined.size());
    undefined[sos + 6] = 0x03;  // the first component's tables: DC 0, AC 3 (never defined)
    auto scan = decode_image(undefined);
    REQUIRE_FALSE(scan.ok());
    CHECK(scan.error().code == "damaged_image");

    // A PNG chunk declaring more bytes than the file has: stb_image 2.27 would allocate what it
    // declares first (2 GB for a 149-byte file, found by tests/fuzz/fuzz_image); refused as damaged
    // before that (the allocation itself is caught by the fuzz regression, under libFuzzer's limit).
    auto small = encode_png(checker(4, 4));
    REQUIRE(decode_image(small).ok());
    std::size_t idat = 8;
    while (idat + 8 <= small.size() && std::string(small.begin() + idat + 4, small.begin() + idat + 8) != "IDAT")
        idat += 12 + ((std::size_t(small[idat]) << 24) | (std::size_t(small[idat + 1]) << 16) | (std::size_t(small[idat + 2]) << 8) | small[idat + 3]);
    REQUIRE(idat + 8 <= small.size());
    small[idat] = 0x40;  // the IDAT chunk's length: 1 GB and more
    auto claims = decode_image(small);
    REQUIRE_FALSE(claims.ok());
    CHECK(claims.error().code == "damaged_image");
}

TEST_CASE("the crop a person frames stays inside the image and keeps its aspect") {
    PixelRect r = crop_rect(1000, 600, 1.f, 1.f, 0.5f, 0.5f);
    CHECK(r.w == 600);
    CHECK(r.h == 600);
    CHECK(r.x == 200);
    CHECK(r.y == 0);
    r = crop_rect(1000, 600, 1.f, 2.f, 0.f, 0.f);  // zoomed in, pushed to the corner
    CHECK(r.w == 300);
    CHECK(r.x == 0);
    CHECK(r.y == 0);
    r = crop_rect(1000, 600, 3.f, 1.f, 1.f, 0.5f);  // a wide banner
    CHECK(r.w == 1000);
    CHECK(r.h == 333);
    CHECK(r.y == 134);
    r = crop_rect(400, 1200, 3.f, 4.f, 0.9f, 0.99f);
    CHECK(r.x + r.w <= 400);
    CHECK(r.y + r.h <= 1200);
    CHECK(r.w == 100);
    r = crop_rect(10, 10, 1.f, 100.f, 0.5f, 0.5f);  // zoom is capped
    CHECK(r.w >= 1);

    Raster img = checker(200, 100);
    Raster out = crop_scale(img, crop_rect(200, 100, 1.f, 1.f, 0.f, 0.5f), 50, 50);
    CHECK(out.w == 50);
    CHECK(out.h == 50);
    // The left-most crop: the green channel (x gradient) stays in the left half of the image.
    CHECK(out.px(49, 25)[1] < 130);
    Raster up = crop_scale(img, {0, 0, 10, 10}, 40, 40);  // upscaling repeats pixels
    CHECK(up.px(0, 0)[0] == img.px(0, 0)[0]);
    CHECK(up.px(39, 39)[3] == 255);
}
