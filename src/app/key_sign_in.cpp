#include "app/key_sign_in.h"

namespace app {

bool start_passphrase_sign_in(KeySignIn& form, KeyStatus& status, const char* too_short) {
    if (status == KeyStatus::Deriving) return false;
    if (form.passphrase.size() < core::kMinPassphraseBytes) {
        form.error = too_short;
        return false;
    }
    form.error.clear();
    status = KeyStatus::Deriving;
    return true;
}

void sign_in_with_passphrase(KeySignIn& form, KeyStatus& status, std::string_view salt, const AdoptKey& adopt,
                             const char* not_this_key) {
    auto kp = core::derive_keypair(form.passphrase, salt);
    form.passphrase.clear();
    if (kp && adopt(*kp)) return;  // adopt() has signed in (and cleared the form)
    status = KeyStatus::Missing;
    form.error = kp ? not_this_key : kp.error().message;
}

}  // namespace app
