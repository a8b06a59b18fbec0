#include "core/orders/status_change.h"

#include <algorithm>

namespace core {

std::vector<OrderStatus> next_statuses(OrderStatus from) {
    switch (from) {
        case OrderStatus::Placed: return {OrderStatus::Paid, OrderStatus::Cancelled};
        case OrderStatus::Paid: return {OrderStatus::Delivered, OrderStatus::Refunded};
        case OrderStatus::Delivered: return {OrderStatus::Refunded};
        default: return {};
    }
}

bool may_follow(OrderStatus from, OrderStatus to) {
    const auto next = next_statuses(from);
    return std::find(next.begin(), next.end(), to) != next.end();
}

Result<std::string> status_change_payload(const std::string& order, OrderStatus from, OrderStatus to, UtcMs at) {
    if (order.empty()) return make_error("no_order", "No order to change.");
    if (!may_follow(from, to))
        return make_error("bad_transition", std::string("An order that is ") + order_status_name(from) + " cannot become " +
                                                order_status_name(to) + ".");
    return dump_json(Json{{"type", "order_status"}, {"order", order}, {"status", order_status_name(to)}, {"at", at}});
}

}  // namespace core
