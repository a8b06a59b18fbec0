// What every fuzz target shares: the bytes as text, a check that stops the run with a message (a
// failed check is a crash to libFuzzer, kept and replayed like one), and the keys the harness signs
// with.
//
// Signatures: a fuzzer cannot forge an Ed25519 signature, so a target that only fed the product's
// own path (signed envelope -> open_* -> parse_*) would stop at "bad signature" and never reach the
// parser. The targets therefore call each parser directly on the mutated document, and, where the
// product receives it signed, also sign the mutated text with a key the harness holds and open it
// the product's way: same parser, reached through the envelope, the signer check and what follows.
// The keys are derived from fixed labels (KeyPair::from_label), so the seeds make_seeds writes with
// them verify here.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/trust/trust.h"

namespace fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
    return std::string_view(reinterpret_cast<const char*>(data), size);
}

// A broken rule: print what and where, then abort (libFuzzer saves the input as a crash).
[[noreturn]] inline void fail(const char* what, const char* file, int line) {
    std::fprintf(stderr, "\nfuzz check failed: %s (%s:%d)\n", what, file, line);
    std::abort();
}
#define FUZZ_CHECK(cond) ((cond) ? (void)0 : ::fuzz::fail(#cond, __FILE__, __LINE__))

// The harness's keys: the platform root, one brand, three distributors (levels 1-3).
struct Keyring {
    core::KeyPair root = core::KeyPair::from_label("fuzz-root");
    core::KeyPair brand = core::KeyPair::from_label("fuzz-brand");
    core::KeyPair d1 = core::KeyPair::from_label("fuzz-d1");
    core::KeyPair d2 = core::KeyPair::from_label("fuzz-d2");
    core::KeyPair d3 = core::KeyPair::from_label("fuzz-d3");

    // The pair whose public key is `b64`, or nullptr when the harness does not hold it.
    const core::KeyPair* find(const std::string& b64) const {
        for (const core::KeyPair* k : {&root, &brand, &d1, &d2, &d3})
            if (k->pk.b64() == b64) return k;
        return nullptr;
    }
};

inline const Keyring& keys() {
    static const Keyring k;
    return k;
}

// The envelope as it would be had its named signer signed its payload (unchanged when the harness
// does not hold that key: it stays as forged as the fuzzer made it).
inline core::Envelope resigned(const core::Envelope& env) {
    if (const core::KeyPair* k = keys().find(env.key)) return core::sign_envelope(env.payload, *k);
    return env;
}

}  // namespace fuzz
