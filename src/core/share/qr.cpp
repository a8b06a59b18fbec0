#include "core/share/qr.h"

#include "qrcodegen.hpp"

namespace core {

Result<QrGrid> make_qr(const std::string& text) {
    // Version 40-M holds 2331 bytes; staying far below keeps qrcodegen's length error unreachable.
    if (text.empty() || text.size() > kMaxQrTextBytes)
        return make_error("qr_too_long", "This link is too long for a QR code.");
    auto qr = qrcodegen::QrCode::encodeText(text.c_str(), qrcodegen::QrCode::Ecc::MEDIUM);
    QrGrid grid;
    grid.size = qr.getSize();
    grid.on.resize(static_cast<std::size_t>(grid.size) * grid.size);
    for (int y = 0; y < grid.size; ++y)
        for (int x = 0; x < grid.size; ++x) grid.on[y * grid.size + x] = qr.getModule(x, y) ? 1 : 0;
    return grid;
}

}  // namespace core
