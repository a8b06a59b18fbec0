#include "core/orders/checkout.h"

#include "core/text.h"
#include "core/trust/trust.h"

namespace core {

namespace {
std::size_t count_chars(const std::string& s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::uint32_t cp = next_codepoint(s, i);
        if (cp != ' ' && cp != '\t' && cp != '\n' && cp != 0x3000) ++n;
    }
    return n;
}
}  // namespace

std::string normalize_phone(const std::string& phone) {
    std::string out;
    for (std::size_t i = 0; i < phone.size();) {
        std::uint32_t cp = next_codepoint(phone, i);
        if (cp >= 0xFF10 && cp <= 0xFF19) cp -= 0xFEE0;  // full-width digits from a CJK keyboard
        if (cp >= '0' && cp <= '9') out += static_cast<char>(cp);
        else if ((cp == '+' || cp == 0xFF0B) && out.empty()) out += '+';
    }
    return out;
}

std::string phone_key(const std::string& phone) { return "ph1:" + sha256_hex(normalize_phone(phone)); }

ContactErrors validate_contact(const ContactForm& f) {
    ContactErrors e;
    const std::size_t name_len = count_chars(f.name);
    if (name_len == 0) e.name = "Enter the name the parcel should be addressed to.";
    else if (f.name.size() > 80) e.name = "That name is too long (80 bytes at most).";
    const std::string phone = normalize_phone(f.phone);
    const std::size_t digits = phone.size() - (phone.rfind('+', 0) == 0 ? 1 : 0);
    if (f.phone.empty()) e.phone = "Enter a phone number so the courier can reach you.";
    else if (digits < 6 || digits > 15) e.phone = "That does not look like a phone number: use 6 to 15 digits.";
    const std::size_t addr_len = count_chars(f.address);
    if (addr_len == 0) e.address = "Enter the delivery address.";
    else if (addr_len < 5) e.address = "Add more detail to the address (street, building, city).";
    else if (f.address.size() > 400) e.address = "That address is too long (400 bytes at most).";
    return e;
}

}  // namespace core
