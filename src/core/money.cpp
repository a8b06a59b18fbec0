#include "core/money.h"

namespace core {

int minor_digits(const std::string& c) {
    // ISO 4217's currencies whose minor unit is not a hundredth (the funds and metals codes left out).
    static constexpr const char* kNone[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
                                            "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
    static constexpr const char* kThree[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    for (const char* z : kNone)
        if (c == z) return 0;
    for (const char* t : kThree)
        if (c == t) return 3;
    return 2;
}

namespace {
// The magnitude split at the currency's decimal point: whole units and the minor digits, zero-padded.
struct Split {
    bool negative;
    std::string whole, minor;
};
Split split_amount(Minor amount, const std::string& currency) {
    const int digits = minor_digits(currency);
    const bool negative = amount < 0;
    // Work in unsigned to survive INT64_MIN.
    const unsigned long long mag = negative ? 0ULL - static_cast<unsigned long long>(amount) : static_cast<unsigned long long>(amount);
    unsigned long long scale = 1;
    for (int i = 0; i < digits; ++i) scale *= 10;
    std::string minor = digits ? std::to_string(mag % scale) : "";
    minor.insert(0, static_cast<std::size_t>(digits) - minor.size(), '0');
    return {negative, std::to_string(mag / scale), minor};
}
}  // namespace

std::string format_money(Minor amount, const std::string& currency) {
    const char* symbol = nullptr;
    if (currency == "CNY") symbol = "¥";
    else if (currency == "USD") symbol = "$";
    else if (currency == "EUR") symbol = "€";
    else if (currency == "GBP") symbol = "£";
    else if (currency == "JPY") symbol = "¥";
    const Split s = split_amount(amount, currency);
    // Thousands separators make large totals readable in both locales we ship.
    std::string grouped;
    int count = 0;
    for (auto it = s.whole.rbegin(); it != s.whole.rend(); ++it) {
        if (count && count % 3 == 0) grouped.insert(grouped.begin(), ',');
        grouped.insert(grouped.begin(), *it);
        ++count;
    }
    std::string out = s.negative ? "-" : "";
    if (symbol) out += symbol;
    else out += currency + " ";
    out += grouped;
    if (!s.minor.empty()) out += "." + s.minor;
    return out;
}

std::string decimal_amount(Minor amount, const std::string& currency) {
    const Split s = split_amount(amount, currency);
    return (s.negative ? "-" : "") + s.whole + (s.minor.empty() ? "" : "." + s.minor);
}

Minor apply_rate_floor(Minor amount, BasisPoints bp) {
    if (amount <= 0 || bp <= 0) return 0;
    // amount < 2^63 / 10000 for any real order; guard anyway with 128-bit math.
    __int128 product = static_cast<__int128>(amount) * bp;
    return static_cast<Minor>(product / 10000);
}

}  // namespace core
