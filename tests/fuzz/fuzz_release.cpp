// fuzz_release: raw bytes -> core::parse_json -> core::parse_release (a brand's signed catalog: the
// biggest document a shop visitor's browser reads). Signed by the brand and opened the product's way
// (open_release: signer, brand id, every product's content hash) it may only succeed where
// parse_release does. A release written back (release_to_json, what the console signs) must read
// back to the same products and open with its content hashes intact.
#include "core/catalog/catalog.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(fuzz::text(data, size));
    auto doc = core::parse_json(text, "release");
    if (!doc) return 0;
    auto rel = core::parse_release(*doc);

    const auto& k = fuzz::keys();
    core::BrandCert brand;
    brand.brand = rel ? rel->brand : core::string_or(*doc, "brand", "b_fuzz");
    brand.name = "Fuzz";
    brand.key = k.brand.pk;
    auto opened = core::open_release(core::sign_envelope(text, k.brand), brand);
    FUZZ_CHECK(!opened.ok() || rel.ok());
    if (!rel) return 0;

    for (const auto& p : rel->products) {
        FUZZ_CHECK(rel->find(p.id) != nullptr);
        (void)rel->category(p.category);
    }
    const std::string written = core::dump_json(core::release_to_json(*rel));
    auto back = core::parse_release(*core::parse_json(written, "release"));
    FUZZ_CHECK(back.ok());
    FUZZ_CHECK(back->brand == rel->brand && back->version == rel->version && back->products.size() == rel->products.size());
    for (std::size_t i = 0; i < rel->products.size(); ++i) {
        const core::Product &a = rel->products[i], &b = back->products[i];
        FUZZ_CHECK(a.id == b.id && a.title == b.title && a.price == b.price && a.list_price == b.list_price &&
                   a.category == b.category && a.images.size() == b.images.size() && a.specs.size() == b.specs.size());
    }
    FUZZ_CHECK(core::open_release(core::sign_envelope(written, k.brand), brand).ok());
    return 0;
}
