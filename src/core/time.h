// Time: UTC milliseconds since the Unix epoch, everywhere.
#pragma once
#include <cstdint>
#include <string>

namespace core {

using UtcMs = std::int64_t;
constexpr UtcMs kMsPerDay = 86'400'000;

inline std::int64_t day_index(UtcMs t) { return t >= 0 ? t / kMsPerDay : -((-t + kMsPerDay - 1) / kMsPerDay); }

// "2026-11-23" and "2026-11-23 16:04" (UTC) for display and CSV export.
std::string format_date(UtcMs t);
std::string format_datetime(UtcMs t);

}  // namespace core
