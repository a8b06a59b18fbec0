// The platform's root key is pinned: built into the app for a build (CMake's DYNSHOP_ROOT_KEY, a
// generated header), never taken from the host. Every document is verified against the pinned key.
// The host is still asked which root its store was seeded with (GET /trust.json), only so that a
// store of another platform is refused by name, loudly, instead of as a pile of failed signatures.
#pragma once
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/trust/trust.h"

namespace core {

// The key the build was given (base64 Ed25519 public key): an error when the build has none or
// a broken one, so such a build refuses to show anything.
Result<PublicKey> pinned_root(std::string_view b64);

enum class HostRoot {
    Same,     // the host's store names the pinned root
    Other,    // it names another platform's root: refuse everything it sends
    Unknown,  // no answer, or one that names no key: verify against the pinned key as always
};

struct HostRootCheck {
    HostRoot verdict = HostRoot::Unknown;
    std::string host_key;  // the root the host named (base64), when it named one
};

// `trust_json` is the body of the host's /trust.json ({"root_key": "<base64>"}), empty when it
// did not answer.
HostRootCheck check_host_root(const PublicKey& pinned, std::string_view trust_json);

// A short fingerprint of a key for people to compare: the first 8 characters of its base64.
std::string key_fingerprint(const std::string& b64);

}  // namespace core
