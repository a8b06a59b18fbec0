#include "app/order_notices.h"

#include "app/state.h"
#include "core/money.h"

namespace app {

namespace {
constexpr double kNoticeMs = 6000;
constexpr const char* kSettingKey = "notify-orders";

std::string put_value(std::string text, const std::string& key, const std::string& value) {
    if (auto at = text.find(key); at != std::string::npos) text.replace(at, key.size(), value);
    return text;
}

std::string blocked_message(platform::NotifyPermission p) {
    return p == platform::NotifyPermission::Unsupported
               ? "This browser cannot show notifications: new orders show on this page only."
               : "This browser blocks notifications from this site. Allow them in the site's settings (the icon beside "
                 "the address), then turn this on again.";
}
}  // namespace

void load_notify_setting(AppState& s) {
    s.notify.permission = platform::notification_permission();
    platform::storage_get(kSettingKey, [&s](std::optional<std::string> text) {
        s.notify.wanted = text && *text == "1";
        s.notify.loaded = true;
    });
}

void set_order_notices(AppState& s, bool on) {
    NotifySetting& n = s.notify;
    n.message.clear();
    n.permission = platform::notification_permission();
    if (!on) {
        n.wanted = false;
        platform::storage_put(kSettingKey, "0");
        return;
    }
    auto decided = [&s](platform::NotifyPermission p) {
        NotifySetting& n = s.notify;
        n.asking = false;
        n.permission = p;
        n.wanted = p == platform::NotifyPermission::Granted;
        if (!n.wanted) n.message = blocked_message(p);
        platform::storage_put(kSettingKey, n.wanted ? "1" : "0");
    };
    if (n.permission == platform::NotifyPermission::Default) {
        n.asking = true;
        platform::request_notification_permission(decided);
    } else {
        decided(n.permission);
    }
}

void refresh_notify_permission(AppState& s) { s.notify.permission = platform::notification_permission(); }

int announce_arrivals(AppState& s, OrderNotices& n, const core::Activity& a, core::UtcMs window_from, ui::Lang lang,
                      const std::function<std::string(const std::string&)>& shop_name, const std::string& tag) {
    const std::vector<std::size_t> fresh = core::take_arrivals(n.arrivals, a, window_from);
    if (fresh.empty()) return 0;
    const core::ActivityOrder& o = a.orders[fresh.back()];  // the newest is said; the others counted
    const std::string shop = shop_name(o.shop);
    const std::string amount = core::format_money(o.total, o.currency);
    std::string text = ui::tr(lang, "New order {number} in {shop}: {amount}");
    text = put_value(put_value(put_value(text, "{number}", o.number), "{shop}", shop), "{amount}", amount);
    const int more = static_cast<int>(fresh.size()) - 1;
    if (more > 0) text += " " + put_value(ui::tr(lang, "(+{n} more)"), "{n}", std::to_string(more));
    n.unread += static_cast<int>(fresh.size());
    n.announced += static_cast<int>(fresh.size());
    n.last = text;
    s.toast = {text, platform::now_ms() + kNoticeMs};
    if (s.notify.on()) {
        std::string body = o.number + " · " + amount;
        if (more > 0) body += " " + put_value(ui::tr(lang, "(+{n} more)"), "{n}", std::to_string(more));
        platform::show_notification(put_value(ui::tr(lang, "New order in {shop}"), "{shop}", shop), body, tag);
        ++n.notified;
    }
    return static_cast<int>(fresh.size());
}

}  // namespace app
