#include <doctest/doctest.h>

#include "core/money.h"
#include "core/time.h"

using namespace core;

TEST_CASE("format_money shows minor units with the currency symbol and grouping") {
    CHECK(format_money(12800, "CNY") == "¥128.00");
    CHECK(format_money(5, "USD") == "$0.05");
    CHECK(format_money(-305, "USD") == "-$3.05");
    CHECK(format_money(123456789, "CNY") == "¥1,234,567.89");
    CHECK(format_money(100, "CHF") == "CHF 1.00");
    CHECK(format_money(INT64_MIN, "USD").rfind("-$", 0) == 0);
}

TEST_CASE("apply_rate_floor is integer and never rounds up") {
    CHECK(apply_rate_floor(12800, 1000) == 1280);
    CHECK(apply_rate_floor(999, 333) == 33);  // 33.2667 floors
    CHECK(apply_rate_floor(1, 9999) == 0);
    CHECK(apply_rate_floor(-5, 1000) == 0);
}

TEST_CASE("dates are UTC") {
    CHECK(format_date(0) == "1970-01-01");
    CHECK(format_date(1795392000000) == "2026-11-23");
    CHECK(format_datetime(1795392000000 + 3600000 * 16 + 60000 * 4) == "2026-11-23 16:04");
    CHECK(day_index(-1) == -1);
}
