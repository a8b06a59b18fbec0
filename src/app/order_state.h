// OrderState: events waiting to be sent, orders waiting to be placed (offline), receipts of orders
// placed from this browser, and the order (or provenance) page being viewed.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/money.h"
#include "core/orders/payment.h"
#include "core/result.h"

namespace app {

struct QueuedEvent {
    std::string id, type, shop, product, channel, campaign;
    int hop = 0;
    std::int64_t at = 0;
};

// An order the consumer submitted that the server has not acknowledged yet. It keeps its
// idempotency key across retries, reloads and offline spells, so it is placed exactly once.
struct PendingOrder {
    std::string key, shop, brand;
    std::string body;  // the exact JSON sent each time
    int attempts = 0;
    std::string error;  // the last failure, in words
};

struct OrderLine {
    std::string product, title;
    core::Minor unit_price = 0, total = 0;
    int quantity = 0;
};

struct StatusStep {
    std::string status;
    std::int64_t at = 0;
};

struct Receipt {
    std::string id, number, token, shop, brand, currency, status;
    std::string locale;  // the brand's ("zh-CN"): the receipt speaks it
    core::Minor total = 0;
    std::int64_t placed_ms = 0;
    std::vector<OrderLine> lines;
    std::vector<StatusStep> history;
    std::optional<core::OrderPayment> payment;  // how to pay, as the store snapshotted it (none: an older order)
};

enum class PageStatus { Idle, Loading, Ready, NotFound, Failed, NeedsKey };

struct OrderState {
    int data_version = 0;  // bumped when receipts or the order being viewed change (their text goes into the font atlas)
    std::vector<QueuedEvent> outbox;
    bool sending_events = false;
    double next_event_try = 0;
    int event_failures = 0;
    long events_sent = 0;

    std::vector<PendingOrder> pending;
    bool sending_order = false;
    bool preparing = false;  // looking up this device's own key before building the orders
    double next_order_try = 0;
    std::vector<Receipt> receipts;  // newest first; kept in IndexedDB
    std::string checkout_key;       // idempotency key of the checkout being submitted
    std::vector<std::string> just_placed;  // order ids placed by the last checkout
    // The way to pay the consumer picked at checkout, by brand ("cod", "bank", "link"); a brand not
    // in here, or whose policy no longer offers the pick, is paid by the first way its policy lists.
    std::map<std::string, std::string> payment_choice;

    // /o/<id>: the receipt page (and lookup by number + phone)
    PageStatus page = PageStatus::Idle;
    Receipt viewing;
    core::Error page_error;
    std::string lookup_number, lookup_phone, lookup_error;

    // /o/<id>/why: who earns and why (signed request by the brand or a distributor on the chain)
    PageStatus provenance_status = PageStatus::Idle;
    core::Json provenance;
    core::Error provenance_error;
};

}  // namespace app
