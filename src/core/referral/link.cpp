#include "core/referral/link.h"

namespace core {

// [SECTION] Url ---------------------------------------------------------------------------------

std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            int hi = hex(s[i + 1]);
            int lo = hex(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i] == '+' ? ' ' : s[i];
    }
    return out;
}

std::string percent_encode(std::string_view s) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

Url parse_url(std::string_view text) {
    Url url;
    if (text.size() > kMaxUrlBytes) text = text.substr(0, kMaxUrlBytes);
    // Drop scheme and host.
    if (auto scheme = text.find("://"); scheme != std::string_view::npos && scheme < 16) {
        auto slash = text.find('/', scheme + 3);
        text = slash == std::string_view::npos ? std::string_view("/") : text.substr(slash);
    }
    if (auto hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);
    std::string_view path = text, query;
    if (auto q = text.find('?'); q != std::string_view::npos) {
        path = text.substr(0, q);
        query = text.substr(q + 1);
    }
    std::size_t start = 0;
    while (start <= path.size() && url.segments.size() < 16) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) url.segments.push_back(percent_decode(path.substr(start, end - start)));
        start = end + 1;
    }
    start = 0;
    while (start < query.size() && url.query.size() < 32) {
        auto end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        auto pair = query.substr(start, end - start);
        auto eq = pair.find('=');
        std::string key = percent_decode(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
        if (!key.empty() && !url.query.count(key)) url.query.emplace(std::move(key), std::move(value));
        start = end + 1;
    }
    return url;
}

bool is_valid_slug(std::string_view slug) {
    if (slug.size() < 3 || slug.size() > 32) return false;
    if (slug.front() == '-' || slug.back() == '-') return false;
    for (char c : slug)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

bool is_valid_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

// [SECTION] Referral ----------------------------------------------------------------------------

const char* channel_name(Channel c) {
    switch (c) {
        case Channel::Qr: return "qr";
        case Channel::Share: return "share";
        case Channel::Link: return "link";
        case Channel::Direct: return "direct";
    }
    return "direct";
}

std::optional<Channel> parse_channel(std::string_view name) {
    if (name == "qr") return Channel::Qr;
    if (name == "share") return Channel::Share;
    if (name == "link") return Channel::Link;
    if (name == "direct") return Channel::Direct;
    return std::nullopt;
}

Referral parse_referral(const Url& url) { return referral_from(url.param("ch"), url.param("c"), url.param("h")); }

Referral referral_from(std::string_view channel, std::string_view campaign, std::string_view hop) {
    Referral r;
    auto ch = parse_channel(channel);
    if (!ch || *ch == Channel::Direct) return r;
    // The rest only counts alongside a valid channel; each part is checked on its own.
    r.channel = *ch;
    if (!campaign.empty() && campaign.size() <= kMaxCampaignBytes && is_valid_id(campaign)) r.campaign = std::string(campaign);
    if (!hop.empty() && hop.size() <= 2) {
        bool digits = true;
        for (char c : hop) digits = digits && c >= '0' && c <= '9';
        if (digits) r.hop = std::stoi(std::string(hop));
    }
    return r;
}

std::string format_referral(const Referral& r) {
    if (r.channel == Channel::Direct) return "";
    std::string q = std::string("?ch=") + channel_name(r.channel);
    if (!r.campaign.empty()) q += "&c=" + percent_encode(r.campaign);
    if (r.hop > 0) q += "&h=" + std::to_string(r.hop);
    return q;
}

Referral onward(const Referral& arrived) {
    Referral r;
    r.channel = Channel::Share;
    r.campaign = arrived.campaign;
    r.hop = arrived.hop + 1 > kMaxHop ? kMaxHop : arrived.hop + 1;
    return r;
}

}  // namespace core
