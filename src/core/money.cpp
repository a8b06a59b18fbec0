#include "core/money.h"

namespace core {

std::string format_money(Minor amount, const std::string& currency) {
    const char* symbol = nullptr;
    if (currency == "CNY") symbol = "¥";
    else if (currency == "USD") symbol = "$";
    else if (currency == "EUR") symbol = "€";
    else if (currency == "GBP") symbol = "£";
    else if (currency == "JPY") symbol = "¥";
    const bool negative = amount < 0;
    // Work in unsigned to survive INT64_MIN.
    unsigned long long mag = negative ? 0ULL - static_cast<unsigned long long>(amount) : static_cast<unsigned long long>(amount);
    const bool no_minor = currency == "JPY";
    std::string whole = std::to_string(no_minor ? mag : mag / 100);
    // Thousands separators make large totals readable in both locales we ship.
    std::string grouped;
    int count = 0;
    for (auto it = whole.rbegin(); it != whole.rend(); ++it) {
        if (count && count % 3 == 0) grouped.insert(grouped.begin(), ',');
        grouped.insert(grouped.begin(), *it);
        ++count;
    }
    std::string out = negative ? "-" : "";
    if (symbol) out += symbol;
    else out += currency + " ";
    out += grouped;
    if (!no_minor) {
        unsigned cents = static_cast<unsigned>(mag % 100);
        out += '.';
        out += static_cast<char>('0' + cents / 10);
        out += static_cast<char>('0' + cents % 10);
    }
    return out;
}

Minor apply_rate_floor(Minor amount, BasisPoints bp) {
    if (amount <= 0 || bp <= 0) return 0;
    // amount < 2^63 / 10000 for any real order; guard anyway with 128-bit math.
    __int128 product = static_cast<__int128>(amount) * bp;
    return static_cast<Minor>(product / 10000);
}

}  // namespace core
