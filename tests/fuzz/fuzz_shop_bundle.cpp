// fuzz_shop_bundle: raw bytes -> core::parse_json -> core::parse_shop_bundle (everything the store
// returns for one shop: the manifest, the enrollment chains, brand certificates, releases, policies),
// then what the app does with it when a shop opens: compose_shop (every signature, every chain, every
// release and policy parsed and checked), search and lookups on the view. Each envelope whose signer
// the harness holds is re-signed first, so the mutated documents get past their signatures.
#include "core/shop/shop.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto doc = core::parse_json(fuzz::text(data, size), "shop");
    if (!doc) return 0;
    auto bundle = core::parse_shop_bundle(*doc);
    if (!bundle) return 0;

    core::ShopBundle b = std::move(*bundle);
    b.manifest = fuzz::resigned(b.manifest);
    for (auto* docs : {&b.brands, &b.releases, &b.policies})
        for (auto& [id, env] : *docs) env = fuzz::resigned(env);
    for (auto& [brand, docs] : b.enrollments)
        for (auto& [id, env] : docs) env = fuzz::resigned(env);

    auto view = core::compose_shop(b, fuzz::keys().root.pk);
    if (!view) return 0;
    FUZZ_CHECK(view->brands.size() == view->shop.manifest.brands.size());
    for (std::size_t i : view->featured) FUZZ_CHECK(i < view->items.size());
    for (const auto& item : view->items) {
        FUZZ_CHECK(item.product && item.brand);
        FUZZ_CHECK(view->find(item.product->id) != nullptr);
        (void)view->brand(item.brand->cert.brand);
    }
    const std::string category = view->items.empty() ? "" : view->items.front().product->category;
    for (std::size_t i : core::search_shop(*view, category, "", "")) FUZZ_CHECK(i < view->items.size());
    for (std::size_t i : core::search_shop(*view, "", "tea 茶 Green", view->shop.manifest.brands.front()))
        FUZZ_CHECK(i < view->items.size());
    return 0;
}
