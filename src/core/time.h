// Time: UTC milliseconds since the Unix epoch, everywhere.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

using UtcMs = std::int64_t;
constexpr UtcMs kMsPerDay = 86'400'000;
// 9999-12-31 23:59:59.999 UTC: the latest time anything in the product carries. The decoders of
// the store's compact files refuse times outside 0..kMaxUtcMs, so sums of dates and windows on
// them stay far from 64-bit overflow.
constexpr UtcMs kMaxUtcMs = 253'402'300'799'999;

inline std::int64_t day_index(UtcMs t) { return t >= 0 ? t / kMsPerDay : -((-t + kMsPerDay - 1) / kMsPerDay); }

// "2026-11-23" and "2026-11-23 16:04" (UTC) for display and CSV export.
std::string format_date(UtcMs t);
std::string format_datetime(UtcMs t);
// "2026-11-23" -> 00:00 UTC of that day; nullopt for anything that is not a real date (1970 on).
// A payout batch "as of" a date settles what was settleable when that day began.
std::optional<UtcMs> parse_date(std::string_view text);

}  // namespace core
