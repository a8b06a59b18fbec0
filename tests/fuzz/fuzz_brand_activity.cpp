// fuzz_brand_activity: raw bytes -> core::decode_brand_activity (DSA1, the compact form a brand's whole
// activity travels in from the store to the console's insight page), then what the console does
// with it: build_cube, report over its whole range, quiet, team_of, reach_of, scans_per_day.
// Whatever decodes must encode (encode_brand_activity) to bytes that decode to the same encoding.
#include "core/analytics/insight.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto a = core::decode_brand_activity(fuzz::text(data, size));
    if (!a) return 0;
    const std::string bytes = core::encode_brand_activity(*a);
    auto again = core::decode_brand_activity(bytes);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(core::encode_brand_activity(*again) == bytes);

    const core::Cube cube = core::build_cube(*a);
    const core::Report r = core::report(cube, *a, cube.first_day, cube.last_day);
    FUZZ_CHECK(r.distributors.size() == a->distributors.size());
    (void)core::quiet(cube, *a, 1'800'000'000'000, 7, false);
    (void)core::quiet(cube, *a, 1'800'000'000'000, 30, true);
    if (!a->distributors.empty()) {
        for (std::uint32_t i : core::team_of(*a, 0)) FUZZ_CHECK(i < a->distributors.size());
        (void)core::reach_of(cube, 0, cube.first_day, cube.last_day);
        (void)core::scans_per_day(cube, 0, cube.first_day, cube.last_day);
        (void)core::scanned_campaigns(cube, 0, cube.first_day, cube.last_day);
    }
    return 0;
}
