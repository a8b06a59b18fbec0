// Order status changes the brand signs: which status may follow which (the store's too, through dynshop_core), and
// the payload the store expects at POST /api/orders/<id>/status:
//   {"type":"order_status","order":id,"status":"paid|delivered|refunded|cancelled","at":<UTC ms>}
// signed with the brand's key (the key in its certificate).
#pragma once
#include <string>
#include <vector>

#include "core/analytics/dashboard.h"
#include "core/json.h"
#include "core/result.h"
#include "core/time.h"

namespace core {

// The statuses that may follow `from`, in the order a brand works through them.
//   placed -> paid | cancelled;  paid -> delivered | refunded;  delivered -> refunded
std::vector<OrderStatus> next_statuses(OrderStatus from);
bool may_follow(OrderStatus from, OrderStatus to);
// The payload text to sign, or an error in words when `to` cannot follow `from`.
Result<std::string> status_change_payload(const std::string& order, OrderStatus from, OrderStatus to, UtcMs at);

}  // namespace core
