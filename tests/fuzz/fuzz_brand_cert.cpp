// fuzz_brand_cert: raw bytes -> core::parse_json -> core::parse_brand_cert (a brand's certificate, as
// the store hands it to every shop visitor). The same text signed by the platform root and opened
// the product's way (open_brand_cert) must give the same answer; a certificate written back
// (brand_cert_to_json) must read back unchanged.
#include "core/catalog/catalog.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(fuzz::text(data, size));
    auto doc = core::parse_json(text, "brand certificate");
    if (!doc) return 0;
    auto cert = core::parse_brand_cert(*doc);

    const auto& k = fuzz::keys();
    auto opened = core::open_brand_cert(core::sign_envelope(text, k.root), k.root.pk);
    FUZZ_CHECK(opened.ok() == cert.ok());
    if (!cert) return 0;

    auto back = core::parse_brand_cert(core::brand_cert_to_json(*cert));
    FUZZ_CHECK(back.ok());
    FUZZ_CHECK(back->brand == cert->brand && back->name == cert->name && back->key == cert->key &&
               back->locale == cert->locale && back->currency == cert->currency && back->issued_ms == cert->issued_ms);
    return 0;
}
