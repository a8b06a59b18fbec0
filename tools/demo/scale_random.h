// The seeded randomness the scale activity and the scale ledger share (internal to the demo
// library): one splitmix64 stream, a Zipf-like choice among shops or sellers, and time units.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/time.h"

namespace demo {

constexpr core::UtcMs kMinute = 60'000;
constexpr core::UtcMs kHourMs = 3'600'000;
constexpr core::UtcMs kDayMs = 86'400'000;

// splitmix64: the same stream on every machine.
struct Mix {
    std::uint64_t s;
    explicit Mix(std::uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 0x51ED270B3A4C1F5Dull) {}
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double f() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }  // [0, 1)
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    core::UtcMs between(core::UtcMs lo, core::UtcMs hi) {
        return hi <= lo ? lo : lo + static_cast<core::UtcMs>(next() % static_cast<std::uint64_t>(hi - lo));
    }
};

// Cumulative weights for a Zipf-like choice: shop s gets weight 1 / (s + 1)^0.8.
struct Zipf {
    std::vector<double> cum;
    explicit Zipf(std::size_t n) {
        double t = 0;
        for (std::size_t s = 0; s < n; ++s) cum.push_back(t += 1.0 / std::pow(static_cast<double>(s + 1), 0.8));
    }
    std::uint16_t pick(Mix& r) const {
        const double x = r.f() * cum.back();
        return static_cast<std::uint16_t>(std::upper_bound(cum.begin(), cum.end(), x) - cum.begin());
    }
};

}  // namespace demo
