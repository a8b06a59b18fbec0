// Trust: signed envelopes, Ed25519 keys, hashes (libsodium).
//
// [SECTION] Keys          PublicKey, KeyPair, seeds and passphrase-derived keys (Argon2id)
// [SECTION] Envelope      {"payload": "<exact JSON text>", "key": b64, "sig": b64}
// [SECTION] Hashes        SHA-256 of content (images, documents), hex
//
// Signing the exact payload text, not a re-serialised object, means no JSON canonicalisation
// bugs: the verifier checks the very bytes the signer saw, then parses them.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace core {

// [SECTION] Keys
struct PublicKey {
    std::array<std::uint8_t, 32> bytes{};
    std::string b64() const;
    static Result<PublicKey> from_b64(std::string_view text);
    bool operator==(const PublicKey& o) const { return bytes == o.bytes; }
};

struct KeyPair {
    PublicKey pk;
    std::array<std::uint8_t, 64> sk{};  // libsodium's secret key: seed followed by the public key

    static KeyPair generate();
    static KeyPair from_seed(std::span<const std::uint8_t, 32> seed);
    // Deterministic demo and test keys: seed = SHA-256(label).
    static KeyPair from_label(std::string_view label);
    std::array<std::uint8_t, 32> seed() const;
};

// A key as a browser keeps it ("key:<id>" in IndexedDB) and a key file carries it: the 32-byte
// Ed25519 seed in base64. Anything else (another length, not base64) is no key.
std::string seed_b64(const KeyPair& kp);
std::optional<KeyPair> key_from_seed_b64(std::string_view text);
// The key file a person saves from the editor or the console and signs in with on another device
// (and `dynshop settle --key-file` reads): {"type": "dynshop-key", "seed", "public_key", ...about}.
// `about` says whose key it is (slug or brand) and what it signs, for the person who finds the file.
std::string key_file_text(const KeyPair& kp, const Json& about, std::int64_t created_ms);
// bad_key_file: not JSON, not of type "dynshop-key", no 32-byte seed, or a public_key that is not
// the seed's (a damaged file). Whose key it is, is the caller's question (the enrollment's key, the
// brand certificate's).
Result<KeyPair> read_key_file(std::string_view text);

// A passphrase has at least this many bytes (derive_keypair refuses shorter ones as weak_passphrase).
inline constexpr std::size_t kMinPassphraseBytes = 8;
// Argon2id (libsodium's crypto_pwhash, moderate limits) over passphrase + salt gives a seed, so a
// distributor can sign in on another device with their slug (the salt) and passphrase.
Result<KeyPair> derive_keypair(std::string_view passphrase, std::string_view salt);
// Cheaper limits for tests and the demo generator; same algorithm.
Result<KeyPair> derive_keypair_fast(std::string_view passphrase, std::string_view salt);

// [SECTION] Envelope
struct Envelope {
    std::string payload;  // the exact JSON text that was signed
    std::string key;      // signer's public key, base64
    std::string sig;      // detached Ed25519 signature over payload bytes, base64

    Json to_json() const;
    std::string to_text() const;
    static Result<Envelope> from_json(const Json& doc);
    static Result<Envelope> parse(std::string_view text);
};

Envelope sign_envelope(std::string payload, const KeyPair& signer);

// Checks the signature (and, when given, that the signer is `expected`), then parses the payload.
Result<Json> open_envelope(const Envelope& env, const PublicKey* expected = nullptr);
// open_envelope's two halves, for a document opened in pieces (ReleaseOpening): the signature
// (nullopt when it verifies), then the payload, which must be a JSON object.
std::optional<Error> check_signature(const Envelope& env, const PublicKey* expected);
Result<Json> parse_signed_payload(std::string_view payload);

bool verify_detached(std::string_view message, std::string_view sig_b64, const PublicKey& key);

// [SECTION] Hashes
std::string sha256_hex(std::span<const std::uint8_t> data);
std::string sha256_hex(std::string_view data);
std::string to_base64(std::span<const std::uint8_t> data);
Result<std::vector<std::uint8_t>> from_base64(std::string_view text);
void random_bytes(std::span<std::uint8_t> out);
// Opaque random id: prefix + 16 base32 characters (80 bits).
std::string random_id(std::string_view prefix);

}  // namespace core
