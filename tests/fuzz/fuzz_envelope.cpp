// fuzz_envelope: raw bytes -> core::Envelope::parse, as a signed document arrives from the store
// ({"payload","key","sig"}), then open_envelope on it as it is (key and signature decoding, the
// signer check against an expected key, verification). If the harness holds the key it names, the
// payload is also signed for real and opened, so the payload parse behind a good signature runs too.
// An envelope written back (to_text) must parse to the same envelope.
#include "core/trust/trust.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto env = core::Envelope::parse(fuzz::text(data, size));
    if (!env) return 0;
    auto again = core::Envelope::parse(env->to_text());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->payload == env->payload && again->key == env->key && again->sig == env->sig);

    const auto& k = fuzz::keys();
    (void)core::open_envelope(*env);
    (void)core::open_envelope(*env, &k.brand.pk);
    const core::Envelope signed_env = fuzz::resigned(*env);
    auto opened = core::open_envelope(signed_env);
    if (k.find(env->key)) {
        // Signed by the key it names: it opens exactly when its payload is a JSON object.
        auto doc = core::parse_json(env->payload, "payload");
        FUZZ_CHECK(opened.ok() == (doc.ok() && doc->is_object()));
    }
    return 0;
}
