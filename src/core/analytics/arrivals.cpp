#include "core/analytics/arrivals.h"

namespace core {

std::vector<std::size_t> take_arrivals(OrderArrivals& n, const Activity& a, UtcMs window_from) {
    std::vector<std::size_t> out;
    const std::size_t size = a.orders.size();
    if (n.scanned > size) n.scanned = 0;  // another activity than the one looked at: look at it all
    for (std::size_t i = n.scanned; i < size; ++i) {
        const ActivityOrder& o = a.orders[i];
        // A window is small: its ids are kept, so a whole activity loaded later does not announce them.
        const bool seen = window_from > 0 ? !n.known.insert(o.id).second : n.known.count(o.id) > 0;
        if (!n.primed || seen || o.placed_ms < n.floor) continue;
        out.push_back(i);
    }
    if (!n.primed) {
        n.primed = true;
        n.floor = window_from;
    }
    n.scanned = size;
    return out;
}

void activity_replaced(OrderArrivals& n) { n.scanned = 0; }

}  // namespace core
