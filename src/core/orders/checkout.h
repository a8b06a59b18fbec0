// Checkout: the contact details asked for at the last step, validated with messages a person can
// act on. The phone number identifies the customer; only its hash is kept where settlement and
// binding need it.
#pragma once
#include <string>

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
// "ph1:" + SHA-256 of the normalised number: the customer key for binding and provenance.
std::string phone_key(const std::string& phone);

}  // namespace core
