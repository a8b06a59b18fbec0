// LEB128 varints (signed ones zigzagged) and length-prefixed strings: the compact forms the store
// sends large data in (the ledger, DSL1; a brand's activity, DSA1) are written and read with these.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace core {

inline void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}
inline void put_signed(std::string& out, std::int64_t v) {
    put_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}
inline void put_string(std::string& out, const std::string& s) {
    put_varint(out, s.size());
    out += s;
}

// Reads what the put_ functions wrote; any read past the end or a malformed number clears `ok`
// (and returns 0 or ""), so a caller checks once at the end of a record.
struct VarintReader {
    std::string_view in;
    std::size_t pos = 0;
    bool ok = true;

    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= in.size()) break;
            const auto b = static_cast<unsigned char>(in[pos++]);
            v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) return v;
        }
        ok = false;
        return 0;
    }
    std::int64_t signed_varint() {
        const std::uint64_t z = varint();
        return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
    }
    std::string string(std::size_t max) {
        const std::uint64_t n = varint();
        if (!ok || n > max || n > in.size() - pos) {
            ok = false;
            return {};
        }
        std::string s(in.substr(pos, n));
        pos += n;
        return s;
    }
    bool at_end() const { return pos == in.size(); }
};

}  // namespace core
