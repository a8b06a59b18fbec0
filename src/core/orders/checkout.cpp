#include "core/orders/checkout.h"

#include <algorithm>

#include <cctype>
#include <utility>

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

PhoneRegion phone_region(const std::string& locale) {
    // Language alone names the country most brands writing it sell in; a region subtag wins.
    std::string lang = locale, region;
    if (const auto dash = locale.find_first_of("-_"); dash != std::string::npos) {
        lang = locale.substr(0, dash);
        region = locale.substr(dash + 1);
    }
    for (auto& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : region) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (region.empty()) {
        static const std::pair<const char*, const char*> by_language[] = {
            {"zh", "CN"}, {"en", "US"}, {"ja", "JP"}, {"ko", "KR"}, {"de", "DE"}, {"fr", "FR"}, {"ms", "MY"}, {"th", "TH"}, {"vi", "VN"}};
        for (const auto& [l, r] : by_language)
            if (lang == l) region = r;
    }
    struct Row {
        const char* region;
        PhoneRegion phone;
    };
    static const Row rows[] = {
        {"CN", {"86", "0", "", 11}},  {"US", {"1", "1", "011", 10}}, {"CA", {"1", "1", "011", 10}}, {"GB", {"44", "0", "", 10}},
        {"AU", {"61", "0", "0011", 9}}, {"TW", {"886", "0", "", 9}}, {"HK", {"852", "", "", 8}},     {"MO", {"853", "", "", 8}},
        {"SG", {"65", "", "", 8}},     {"MY", {"60", "0", "", 10}},  {"TH", {"66", "0", "", 9}},     {"VN", {"84", "0", "", 10}},
        {"JP", {"81", "0", "010", 10}}, {"KR", {"82", "0", "", 10}},  {"DE", {"49", "0", "", 11}},    {"FR", {"33", "0", "", 9}},
    };
    for (const auto& r : rows)
        if (region == r.region) return r.phone;
    return {};
}

std::string e164_phone(const std::string& phone, const PhoneRegion& region) {
    const std::string n = normalize_phone(phone);
    auto starts = [&](const std::string& p) { return !p.empty() && n.size() > p.size() && n.compare(0, p.size(), p) == 0; };
    if (!n.empty() && n[0] == '+') return n;
    if (starts("00")) return "+" + n.substr(2);  // the international prefix most of the world dials
    if (region.code.empty()) return n;           // no region: the number cannot be placed
    if (starts(region.intl)) return "+" + n.substr(region.intl.size());
    // The country code typed without its "+": longer than any national number and starting with it.
    if (starts(region.code) && n.size() - region.code.size() <= 15 - region.code.size() && n.size() > region.max_national &&
        n.size() - region.code.size() >= region.max_national - 1)
        return "+" + n;
    std::string national = starts(region.trunk) ? n.substr(region.trunk.size()) : n;
    if (national.empty()) return n;
    return "+" + region.code + national;
}

std::string customer_key(const std::string& phone, const std::string& brand_locale) {
    return "ph2:" + sha256_hex(e164_phone(phone, phone_region(brand_locale)));
}

std::vector<std::string> contact_phones(std::string_view text, const std::string& brand_locale) {
    const PhoneRegion region = phone_region(brand_locale);
    std::vector<std::string> out;
    // A full-width digit (U+FF10..U+FF19, EF BC 90..99) counts as a digit, as normalize_phone folds it.
    auto digit_len = [&](std::size_t i) -> std::size_t {
        if (i < text.size() && text[i] >= '0' && text[i] <= '9') return 1;
        if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBC &&
            static_cast<unsigned char>(text[i + 2]) >= 0x90 && static_cast<unsigned char>(text[i + 2]) <= 0x99)
            return 3;
        return 0;
    };
    auto joiner = [&](std::size_t i) { return text[i] == ' ' || text[i] == '-' || text[i] == '.' || text[i] == '(' || text[i] == ')'; };
    std::size_t i = 0;
    while (i < text.size()) {
        const bool plus = text[i] == '+' && digit_len(i + 1) > 0;
        if (!plus && digit_len(i) == 0 && text[i] != '(') {
            ++i;
            continue;
        }
        // A run: digits, and joiners that lead to more digits.
        const std::size_t start = i;
        std::size_t end = i + (plus ? 1 : 0), digits = 0, j = end;
        while (j < text.size()) {
            if (const std::size_t d = digit_len(j)) {
                j += d;
                ++digits;
                end = j;
            } else if (joiner(j)) {
                ++j;
            } else {
                break;
            }
        }
        if (digits >= 7 && digits <= 15) {
            const std::string e164 = e164_phone(std::string(text.substr(start, end - start)), region);
            if (std::find(out.begin(), out.end(), e164) == out.end()) out.push_back(e164);
        }
        i = std::max(j, start + 1);
    }
    return out;
}

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
