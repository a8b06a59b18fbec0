#include "core/trust/request_auth.h"

#include <sodium.h>

namespace core {

std::string request_auth_text(const std::string& method, const std::string& path_and_query, UtcMs ts,
                              const std::string& body) {
    return method + " " + path_and_query + "\n" + std::to_string(ts) + "\n" + sha256_hex(body);
}

std::string sign_request(const std::string& method, const std::string& path_and_query, const std::string& body,
                         const KeyPair& signer, UtcMs ts) {
    const std::string text = request_auth_text(method, path_and_query, ts, body);
    Envelope env = sign_envelope(text, signer);
    return "Dynshop key=" + env.key + ", ts=" + std::to_string(ts) + ", sig=" + env.sig;
}

}  // namespace core
