// fuzz_image: raw bytes -> core::decode_image (an avatar or banner a distributor uploads: size checks,
// the header, then stb_image's PNG/JPEG decoder) and core::sniff_dimensions. A decoded image is then
// cropped and scaled as the editor does (crop_rect, crop_scale), encoded as PNG (encode_png) and
// must decode again at that size.
#include "core/media/image.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    (void)core::sniff_dimensions(bytes);
    auto img = core::decode_image(bytes);
    if (!img) return 0;
    FUZZ_CHECK(img->w > 0 && img->h > 0 && img->rgba.size() == static_cast<std::size_t>(img->w) * img->h * 4);

    const core::PixelRect r = core::crop_rect(img->w, img->h, 1.f, 1.5f, 0.4f, 0.6f);
    const core::Raster small = core::crop_scale(*img, r, 24, 24);
    FUZZ_CHECK(small.w == 24 && small.h == 24 && small.rgba.size() == 24u * 24u * 4u);
    const std::vector<std::uint8_t> png = core::encode_png(small);
    auto again = core::decode_image(png);
    FUZZ_CHECK(again.ok() && again->w == 24 && again->h == 24);
    return 0;
}
