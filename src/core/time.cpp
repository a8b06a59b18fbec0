#include "core/time.h"

#include <cstdio>

namespace core {

namespace {
// Howard Hinnant's days-to-civil: exact for the proleptic Gregorian calendar, no time zone tables.
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yy + (m <= 2));
}
// And back: days since 1970-01-01 of a civil date.
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
}  // namespace

std::optional<UtcMs> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int v[3] = {0, 0, 0};
    const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
    for (int k = 0; k < 3; ++k)
        for (int i = 0; i < lens[k]; ++i) {
            const char c = s[starts[k] + i];
            if (c < '0' || c > '9') return std::nullopt;
            v[k] = v[k] * 10 + (c - '0');
        }
    if (v[0] < 1970 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) return std::nullopt;
    const UtcMs t = days_from_civil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2])) * kMsPerDay;
    if (format_date(t) != s) return std::nullopt;  // 2026-02-30 is not a date
    return t;
}

std::string format_date(UtcMs t) {
    int y; unsigned m, d;
    civil_from_days(day_index(t), y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

std::string format_datetime(UtcMs t) {
    const std::int64_t day = day_index(t);
    const std::int64_t ms_in_day = t - day * kMsPerDay;
    const int minutes = static_cast<int>(ms_in_day / 60000);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s %02d:%02d", format_date(t).c_str(), minutes / 60, minutes % 60);
    return buf;
}

}  // namespace core
