// Checkout: the contact details asked for at the last step, validated with messages a person can
// act on. The phone number identifies the customer; only its hash is kept where settlement and
// binding need it.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct ContactForm {
    std::string name, phone, address;
};

struct ContactErrors {
    std::string name, phone, address;  // empty = fine
    bool ok() const { return name.empty() && phone.empty() && address.empty(); }
};

ContactErrors validate_contact(const ContactForm& form);
// Keeps digits and a leading '+'; spaces, dashes, dots and brackets are what people type.
std::string normalize_phone(const std::string& phone);
// "ph1:" + SHA-256 of the normalised number: the customer key of stores made before numbers were
// written in one international form (kept to find their old orders and bindings).
std::string phone_key(const std::string& phone);

// [SECTION] One number, one customer
// The same phone written "+86 138 0013 8000", "0086 13800138000", "13800138000" or "086-138..." is one
// customer: before it becomes a key it is written in E.164 ("+8613800138000"), with the country code
// of the brand's region when the number carries none. Without this, a customer bound for good to
// one distributor "escapes" by writing their number another way.
struct PhoneRegion {
    std::string code;          // country calling code, digits ("86")
    std::string trunk;         // national trunk prefix dropped before the number ("0"; "1" in the US)
    std::string intl;          // international call prefix besides "00" ("011" in North America)
    std::size_t max_national;  // longest national significant number: longer, and starting with the
                               // country code, it is an international number typed without its "+"
};
// The region of a brand's locale ("zh-CN" -> China, "en" and "en-US" -> the US, "en-GB" -> the UK);
// an unknown locale gives an empty code: numbers without a country code are then kept as typed.
PhoneRegion phone_region(const std::string& locale);
// The number in E.164 ("+" and up to 15 digits) when it can be told; else as normalize_phone gives it.
std::string e164_phone(const std::string& phone, const PhoneRegion& region);
// "ph2:" + SHA-256 of e164_phone: the customer key for binding, provenance and order lookup.
std::string customer_key(const std::string& phone, const std::string& brand_locale);

// [SECTION] A distributor's own number
// The phone numbers a free text mentions (a shop's published contact: "WeChat lily_tea / 138 0013
// 8000", "+1 (415) 555-0100"), in E.164 in the brand's region, each once: runs of digits joined by
// spaces, dashes, dots or brackets, an optional leading '+', 7 to 15 digits. The store compares an
// order's number with the credited distributor's own to tell a self-purchase they did not declare.
std::vector<std::string> contact_phones(std::string_view text, const std::string& brand_locale);

}  // namespace core
