// Signed requests: how a distributor's or brand's browser proves who asks for private data
// (a shop's activity, an order's provenance) without accounts or passwords on the server.
//
//   Authorization: Dynshop key=<b64 public key>, ts=<UTC ms>, sig=<b64 Ed25519 signature>
//   signed text:   "<METHOD> <path?query>\n<ts>\n<sha256 hex of the body>"
// The server accepts a timestamp within five minutes of its clock and decides from the key
// whether that signer may see the resource (serve.py: check_request_auth).
#pragma once
#include <string>

#include "core/time.h"
#include "core/trust/trust.h"

namespace core {

constexpr UtcMs kRequestAuthWindowMs = 5 * 60 * 1000;

std::string request_auth_text(const std::string& method, const std::string& path_and_query, UtcMs ts,
                              const std::string& body);
// The value of the Authorization header.
std::string sign_request(const std::string& method, const std::string& path_and_query, const std::string& body,
                         const KeyPair& signer, UtcMs ts);

}  // namespace core
