#include "core/share/kit.h"

namespace core {

std::string share_path(const ShareTarget& t) {
    std::string path = "/s/" + percent_encode(t.slug);
    if (!t.article.empty()) path += "/a/" + percent_encode(t.article);
    else if (!t.product.empty()) path += "/p/" + percent_encode(t.product);
    Referral r;
    r.channel = t.channel;
    r.campaign = t.channel == Channel::Direct ? "" : !t.article.empty() ? t.article : t.campaign;
    r.hop = 0;
    return path + format_referral(r);
}

Result<bool> check_campaign(const std::string& campaign) {
    if (campaign.empty() || is_valid_id(campaign)) return true;
    return make_error("bad_campaign",
                      "A campaign name goes into the link: use letters, digits, '-' or '_' (up to 64), e.g. spring-tea.");
}

}  // namespace core
