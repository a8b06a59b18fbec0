// fuzz_manifest: raw bytes -> core::parse_json -> core::parse_manifest (a distributor's signed shop
// page: identity, theme, selection, notes; ids only, never product content). A manifest written
// back (manifest_to_json, what the editor signs) must read back to the same manifest. The signed
// path (verify_shop, with the enrollment chain) is fuzz_shop_bundle's.
#include "core/shop/shop.h"
#include "fuzz.h"

namespace {
bool same_image(const core::ImageRef& a, const core::ImageRef& b) {
    if (a.empty()) return b.empty();  // an image without a src is not written back
    return a.src == b.src && a.sha256 == b.sha256 && a.w == b.w && a.h == b.h;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto doc = core::parse_json(fuzz::text(data, size), "manifest");
    if (!doc) return 0;
    auto m = core::parse_manifest(*doc);
    if (!m) return 0;

    auto back = core::parse_manifest(core::manifest_to_json(*m));
    FUZZ_CHECK(back.ok());
    const core::ShopManifest &a = *m, &b = *back;
    FUZZ_CHECK(a.distributor == b.distributor && a.slug == b.slug && a.version == b.version && a.updated_ms == b.updated_ms);
    FUZZ_CHECK(a.identity.name == b.identity.name && a.identity.greeting == b.identity.greeting &&
               a.identity.contact == b.identity.contact && same_image(a.identity.avatar, b.identity.avatar) &&
               same_image(a.identity.banner, b.identity.banner));
    FUZZ_CHECK(a.theme.primary == b.theme.primary && a.theme.accent == b.theme.accent &&
               a.theme.background == b.theme.background && a.theme.surface == b.theme.surface &&
               a.theme.text == b.theme.text && a.theme.layout == b.theme.layout);
    FUZZ_CHECK(a.brands == b.brands && a.products == b.products && a.featured == b.featured && a.notes == b.notes);
    return 0;
}
