// Order notices: a new order reaches an open distributor dashboard (the editor) and an open brand
// console within a poll: an unread badge on the tab that lists orders, a toast, and a system
// notification where the person turned "Tell me about new orders" on and the browser allows it.
// Orders that were there when the page opened are never announced (core/analytics/arrivals.h).
// Both controllers poll with their own fetch code and hand each finished poll to announce_arrivals.
#pragma once
#include <functional>
#include <string>

#include "core/analytics/arrivals.h"
#include "platform/platform.h"
#include "ui/i18n.h"

namespace app {

struct AppState;

// Actions the editor's dashboard and the console's Orders page both emit (each in its own
// EditorAction / ConsoleAction).
struct SetOrderNotices {  // the "Tell me about new orders" switch, inside the tap
    bool on = false;
};
struct NewOrdersSeen {};  // the tab with the badge was tapped while its page is open

// One watcher's view of arrivals (the editor's dashboard; the console).
struct OrderNotices {
    core::OrderArrivals arrivals;
    int unread = 0;      // the badge: orders that arrived since the page listing orders was last opened
    int announced = 0;   // orders announced since this page opened (tests)
    int notified = 0;    // system notifications shown (tests)
    std::string last;    // the last notice said (tests)
};

// The person's choice (IndexedDB "notify-orders") and what the browser allows; one for the app.
struct NotifySetting {
    bool loaded = false;
    bool wanted = false;  // turned on by the person on this device
    bool asking = false;  // the browser's question is open
    platform::NotifyPermission permission = platform::NotifyPermission::Default;
    std::string message;  // why it is not on, when the person tried (blocked, not supported)
    bool on() const { return wanted && permission == platform::NotifyPermission::Granted; }
};

void load_notify_setting(AppState& s);
// The switch: turning it on asks the browser first when it has not been asked (call it inside the
// tap: browsers refuse to ask otherwise). Never called on page load.
void set_order_notices(AppState& s, bool on);
// The page is visible again: the person may have changed the site's permission meanwhile.
void refresh_notify_permission(AppState& s);

// After a poll's last page: announces the orders that arrived since the last look. `window_from`:
// the activity holds only orders placed from then on (0: all). `shop_name` names a shop by slug.
// Returns how many arrived.
int announce_arrivals(AppState& s, OrderNotices& n, const core::Activity& a, core::UtcMs window_from, ui::Lang lang,
                      const std::function<std::string(const std::string& slug)>& shop_name, const std::string& tag);

}  // namespace app
