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
}  // namespace

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
