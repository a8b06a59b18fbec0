#include "core/orders/cart.h"

#include <algorithm>

namespace core {

namespace {
int clamp_qty(int q) { return std::max(0, std::min(q, kMaxLineQuantity)); }
}  // namespace

void Cart::add(const std::string& brand, const std::string& product, int quantity) {
    for (auto& line : lines)
        if (line.product == product) {
            line.quantity = std::max(1, clamp_qty(line.quantity + quantity));
            return;
        }
    if (lines.size() >= kMaxCartLines) return;
    lines.push_back({product, brand, std::max(1, clamp_qty(quantity))});
}

void Cart::set_quantity(const std::string& product, int quantity) {
    quantity = clamp_qty(quantity);
    if (quantity == 0) return remove(product);
    for (auto& line : lines)
        if (line.product == product) line.quantity = quantity;
}

void Cart::remove(const std::string& product) {
    lines.erase(std::remove_if(lines.begin(), lines.end(), [&](const CartLine& l) { return l.product == product; }),
                lines.end());
}

int Cart::count() const {
    int n = 0;
    for (const auto& l : lines) n += l.quantity;
    return n;
}

Json Cart::to_json() const {
    Json arr = Json::array();
    for (const auto& l : lines) arr.push_back({{"product", l.product}, {"brand", l.brand}, {"qty", l.quantity}});
    return Json{{"shop", shop}, {"lines", arr}};
}

Result<Cart> Cart::from_json(const Json& doc) {
    if (!doc.is_object()) return make_error("bad_cart", "The saved cart could not be read.");
    Cart cart;
    cart.shop = string_or(doc, "shop", "");
    if (const Json* arr = get_array(doc, "lines"))
        for (const auto& l : *arr) {
            auto product = get_string(l, "product");
            auto brand = get_string(l, "brand");
            auto qty = get_int(l, "qty");
            if (!product || !brand || !qty || *qty < 1) continue;
            cart.add(*brand, *product, static_cast<int>(std::min<std::int64_t>(*qty, kMaxLineQuantity)));
        }
    return cart;
}

Quote price_cart(const Cart& cart, const std::map<std::string, const Release*>& releases) {
    Quote quote;
    for (const auto& line : cart.lines) {
        auto rel = releases.find(line.brand);
        const Product* p = rel == releases.end() || !rel->second ? nullptr : rel->second->find(line.product);
        if (!p) {
            quote.unavailable.push_back(line.product);
            continue;
        }
        auto bq = std::find_if(quote.brands.begin(), quote.brands.end(), [&](const BrandQuote& b) { return b.brand == line.brand; });
        if (bq == quote.brands.end()) {
            quote.brands.push_back({line.brand, rel->second->currency, rel->second->version, {}, 0});
            bq = quote.brands.end() - 1;
        }
        QuoteLine ql{p->id, p->title, p->price, line.quantity, p->price * line.quantity};
        bq->subtotal += ql.total;
        bq->lines.push_back(std::move(ql));
    }
    return quote;
}

}  // namespace core
