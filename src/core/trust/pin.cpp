#include "core/trust/pin.h"

#include "core/json.h"

namespace core {

Result<PublicKey> pinned_root(std::string_view b64) {
    if (b64.empty())
        return make_error("no_pinned_root", "This build of the app was made without the platform's root key, so it cannot "
                                            "verify anything. Build it with tools/build.sh (or pass -DDYNSHOP_ROOT_KEY).");
    auto pk = PublicKey::from_b64(b64);
    if (!pk)
        return make_error("bad_pinned_root", "The platform root key this app was built with is not a valid key, so it cannot "
                                             "verify anything. Rebuild it with the platform's trust.json.");
    return *pk;
}

HostRootCheck check_host_root(const PublicKey& pinned, std::string_view trust_json) {
    HostRootCheck out;
    if (trust_json.empty()) return out;
    auto doc = parse_json(trust_json, "trust settings");
    if (!doc || !doc->is_object()) return out;
    auto named = get_string(*doc, "root_key");
    if (!named || named->empty()) return out;
    out.host_key = *named;
    auto pk = PublicKey::from_b64(*named);
    // A key that is not even a key is not this platform's either.
    out.verdict = pk && *pk == pinned ? HostRoot::Same : HostRoot::Other;
    return out;
}

std::string key_fingerprint(const std::string& b64) { return b64.size() > 8 ? b64.substr(0, 8) + "…" : b64; }

}  // namespace core
