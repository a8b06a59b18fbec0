// Money: integer minor units (fen, cents), never floating point.
#pragma once
#include <cstdint>
#include <string>

namespace core {

using Minor = std::int64_t;

// How many decimals a currency's minor unit has (ISO 4217): 0 for JPY, KRW, VND, ISK..., 3 for BHD,
// KWD, OMR..., 2 for every other code. The one answer for showing, typing and exporting amounts.
int minor_digits(const std::string& currency);

// "¥128.00", "$12.50", "-$3.05", "¥1,500", "KWD 1.250". Unknown currencies fall back to "EUR 1.00" style.
std::string format_money(Minor amount, const std::string& currency);

// The amount as a bank form, a spreadsheet or a product page's price takes it: "12.34" for 1234 in a
// two-decimal currency, "1234" in JPY, "1.234" in KWD; no symbol, no separators.
std::string decimal_amount(Minor amount, const std::string& currency);

// Rate in basis points (1/100 of a percent): 1000 = 10%. Commission math stays in integers.
using BasisPoints = std::int32_t;

// floor(amount * bp / 10000) for non-negative amounts; the remainder is the caller's to place.
Minor apply_rate_floor(Minor amount, BasisPoints bp);

}  // namespace core
