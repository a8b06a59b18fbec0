// Money: integer minor units (fen, cents), never floating point.
#pragma once
#include <cstdint>
#include <string>

namespace core {

using Minor = std::int64_t;

// "¥128.00", "$12.50", "-$3.05". Unknown currencies fall back to "EUR 1.00" style.
std::string format_money(Minor amount, const std::string& currency);

// Rate in basis points (1/100 of a percent): 1000 = 10%. Commission math stays in integers.
using BasisPoints = std::int32_t;

// floor(amount * bp / 10000) for non-negative amounts; the remainder is the caller's to place.
Minor apply_rate_floor(Minor amount, BasisPoints bp);

}  // namespace core
