// Signing in with a key, as the distributor's editor and the brand's console both do: the key is
// made again from a passphrase (Argon2id over the shop's slug or the brand's id) or read from a key
// file (core::read_key_file), and kept in this browser. What differs is whose key it must be: the
// shop's enrollment names it, the brand's certificate names it.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "core/trust/trust.h"

namespace app {

// Whose key this browser holds for the shop or the brand.
enum class KeyStatus {
    Unknown,   // still reading IndexedDB
    Missing,   // not signed in on this device
    Deriving,  // Argon2id is turning the passphrase into the key (about a second)
    Ready,     // signed in: the key is the one the enrollment or the certificate names
};

inline const char* key_status_name(KeyStatus s) {
    static const char* names[] = {"unknown", "missing", "deriving", "ready"};
    return names[static_cast<int>(s)];
}

// The sign-in form.
struct KeySignIn {
    std::string passphrase;  // screen-edited
    std::string error;
};

// Takes the key when it is the one expected (and signs in with it); false when it is another.
using AdoptKey = std::function<bool(const core::KeyPair&)>;

// "Sign in" with a passphrase: one too short is refused at once (with `too_short`), before the second
// Argon2id takes; otherwise the form shows "Checking…" (Deriving) and true says to derive a frame later.
bool start_passphrase_sign_in(KeySignIn& form, KeyStatus& status, const char* too_short);

// Argon2id over `salt` (the shop's slug, the brand's id) turns the passphrase into a key for adopt();
// the form says why not otherwise (too weak, or `not_this_key`). The passphrase is not kept either way.
void sign_in_with_passphrase(KeySignIn& form, KeyStatus& status, std::string_view salt, const AdoptKey& adopt,
                             const char* not_this_key);

}  // namespace app
