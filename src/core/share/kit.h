// Share kit: the links a distributor hands out, one per channel (QR poster, chat share, copied
// link) and optionally per campaign (a brand article) or product. Each link names the shop, so the
// traffic it brings is theirs; the channel and campaign ride along for the dashboard.
#pragma once
#include <string>

#include "core/referral/link.h"
#include "core/result.h"

namespace core {

struct ShareTarget {
    std::string slug;
    std::string product;   // "" = the shop's front page
    Channel channel = Channel::Link;
    std::string campaign;  // "" = none
    std::string article;   // "" = none; else the brand article's page in this shop, the article its campaign
};

// "/s/<slug>[/p/<product> | /a/<article>]?ch=<channel>[&c=<campaign>]" (hop 0: the distributor's own
// link). An article's link carries the article's id as its campaign (issue 15: what each article
// did is counted by it), whatever campaign was typed.
std::string share_path(const ShareTarget& t);
// A campaign id goes into links and analytics: 1-64 of [A-Za-z0-9_-], or empty for none.
Result<bool> check_campaign(const std::string& campaign);

}  // namespace core
