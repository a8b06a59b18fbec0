// Orders that arrive while someone watches (a distributor's dashboard, the brand console): which
// orders of a polled activity are new since the last look. What was there when the page opened is
// never announced, also when a page that first held only a recent window of the activity later
// loads all of it (the brand console opens its Orders page).
#pragma once
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "core/analytics/dashboard.h"

namespace core {

struct OrderArrivals {
    bool primed = false;          // the first look is done: what it saw was already there
    std::size_t scanned = 0;      // orders of the activity already looked at (new ones are appended)
    UtcMs floor = 0;              // orders placed before this were there before the page opened
    std::set<std::string> known;  // ids looked at while the activity held only a recent window
};

// After a poll's last page. `window_from`: the activity holds only the orders placed from then on
// (0: all of them). Returns the positions in a.orders of the orders that arrived since the last
// look, oldest first (none on the first look).
std::vector<std::size_t> take_arrivals(OrderArrivals& n, const Activity& a, UtcMs window_from);

// The activity is being replaced by another one (the whole activity instead of a window): its
// orders are looked at again, against what the window held.
void activity_replaced(OrderArrivals& n);

}  // namespace core
