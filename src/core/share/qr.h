// QR codes for share links and posters (qrcodegen), as a plain module grid any renderer can draw.
#pragma once
#include <string>
#include <vector>

#include "core/result.h"

namespace core {

struct QrGrid {
    int size = 0;                  // modules per side
    std::vector<unsigned char> on; // size*size, row-major, 1 = dark
    bool at(int x, int y) const { return x >= 0 && y >= 0 && x < size && y < size && on[y * size + x]; }
};

constexpr std::size_t kMaxQrTextBytes = 1200;

// Error correction M: survives a crease or a smudge on a printed poster.
Result<QrGrid> make_qr(const std::string& text);

}  // namespace core
