// fuzz_link: raw bytes -> core::parse_url -> core::parse_referral (every shared link and QR code a
// visitor opens: the path picks the shop, ch/c/h say where the visit came from). A referral is
// either read or ignored, never an error; whatever is read must survive being written onward
// (format_referral, onward) and read again, and percent_encode must be undone by percent_decode.
#include "core/referral/link.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::text(data, size);
    const core::Url url = core::parse_url(text);
    FUZZ_CHECK(url.segments.size() <= 16 && url.query.size() <= 32);
    for (const auto& s : url.segments) {
        (void)core::is_valid_slug(s);
        (void)core::is_valid_id(s);
        FUZZ_CHECK(core::percent_decode(core::percent_encode(s)) == s);
    }
    const core::Referral r = core::parse_referral(url);
    FUZZ_CHECK(r.hop >= 0 && r.hop <= core::kMaxHop && r.campaign.size() <= core::kMaxCampaignBytes);
    FUZZ_CHECK(core::parse_referral(core::parse_url("/s/shop" + core::format_referral(r))) == r);
    const core::Referral next = core::onward(r);
    FUZZ_CHECK(core::parse_referral(core::parse_url("/s/shop" + core::format_referral(next))) == next);

    const std::string raw(text);
    FUZZ_CHECK(core::percent_decode(core::percent_encode(raw)) == raw);
    return 0;
}
