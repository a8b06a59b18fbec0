// Links: what a shared URL says about where a visitor came from.
//
// [SECTION] Url        path + query, percent-decoded, with limits so hostile input stays small
// [SECTION] Referral   channel (qr, share, link; none = direct), campaign, hop
//
// A forged or truncated referral parameter is ignored, never an error: the visit simply counts
// as direct. Only the shop in the path decides whose traffic it is.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {

// [SECTION] Url
struct Url {
    std::vector<std::string> segments;  // "/s/lily/p/x" -> {"s","lily","p","x"}
    std::map<std::string, std::string> query;

    std::string param(const std::string& key) const {
        auto it = query.find(key);
        return it == query.end() ? std::string() : it->second;
    }
};

constexpr std::size_t kMaxUrlBytes = 4096;
constexpr std::size_t kMaxSlugBytes = 64;
constexpr std::size_t kMaxCampaignBytes = 64;
constexpr int kMaxHop = 99;

// "/s/lily/p/x?ch=qr" or a full "https://host/s/..." (scheme and host are dropped).
Url parse_url(std::string_view text);
std::string percent_decode(std::string_view s);
std::string percent_encode(std::string_view s);

// A slug a person can type and a URL can carry: 3-32 of [a-z0-9-], not starting or ending with '-'.
bool is_valid_slug(std::string_view slug);
// Ids in paths: 1-64 of [A-Za-z0-9_-].
bool is_valid_id(std::string_view id);

// [SECTION] Referral
enum class Channel { Direct, Qr, Share, Link };

const char* channel_name(Channel c);
std::optional<Channel> parse_channel(std::string_view name);

struct Referral {
    Channel channel = Channel::Direct;
    std::string campaign;  // brand article or campaign id, optional
    int hop = 0;           // 0 = the distributor's own link; each re-share adds one

    bool operator==(const Referral& o) const { return channel == o.channel && campaign == o.campaign && hop == o.hop; }
};

// Reads ch / c / h from a URL; anything malformed yields Direct with no campaign and hop 0.
Referral parse_referral(const Url& url);
// The same from the three values as text (the store's events and orders carry them as fields): a
// missing, unknown or direct channel is Direct; with a valid one, a malformed campaign is "" and a
// malformed hop 0, each on its own.
Referral referral_from(std::string_view channel, std::string_view campaign, std::string_view hop);
// The query string for a referral ("?ch=share&c=spring&h=2"), empty for Direct.
std::string format_referral(const Referral& r);
// The link a visitor shares onward from inside a shop: same shop, channel share, hop + 1.
Referral onward(const Referral& arrived);

}  // namespace core
