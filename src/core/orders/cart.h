// Cart and pricing: quantities and totals in integer minor units, priced only from signed releases.
//
// A cart may hold products of several brands; checkout splits it into one order per brand (each
// brand settles its own commissions in its own currency), so totals are per brand.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/json.h"

namespace core {

constexpr int kMaxLineQuantity = 99;
constexpr std::size_t kMaxCartLines = 100;
// The most one order can come to (every line at the highest price and quantity), and so the most
// any share of its commission can be: decoders of the store's compact files refuse more.
constexpr Minor kMaxOrderTotal = kMaxPrice * kMaxLineQuantity * static_cast<Minor>(kMaxCartLines);

struct CartLine {
    std::string product;
    std::string brand;
    int quantity = 1;
};

struct Cart {
    std::string shop;  // slug of the shop the cart was filled in
    std::vector<CartLine> lines;

    // Adds (or increases) a line; quantities clamp to 1..kMaxLineQuantity.
    void add(const std::string& brand, const std::string& product, int quantity = 1);
    void set_quantity(const std::string& product, int quantity);  // 0 removes the line
    void remove(const std::string& product);
    int count() const;  // total items
    bool empty() const { return lines.empty(); }

    Json to_json() const;
    static Result<Cart> from_json(const Json& doc);  // tolerant: drops bad lines, never fails on them
};

struct QuoteLine {
    std::string product, title;
    Minor unit_price = 0;
    int quantity = 0;
    Minor total = 0;
};

struct BrandQuote {
    std::string brand, currency;
    std::int64_t release_version = 0;
    std::vector<QuoteLine> lines;
    Minor subtotal = 0;
};

struct Quote {
    std::vector<BrandQuote> brands;
    std::vector<std::string> unavailable;  // products no longer in the current release
};

// Prices every line from the brand's release. Lines whose product is gone are listed as
// unavailable, never priced from a stale copy.
Quote price_cart(const Cart& cart, const std::map<std::string, const Release*>& releases);

}  // namespace core
