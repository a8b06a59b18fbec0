#include "core/trust/trust.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace core {

namespace {
void ensure_sodium() {
    static const bool ready = [] { return sodium_init() >= 0; }();
    (void)ready;
}
}  // namespace

// [SECTION] Hashes ------------------------------------------------------------------------------

std::string to_base64(std::span<const std::uint8_t> data) {
    ensure_sodium();
    std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

Result<std::vector<std::uint8_t>> from_base64(std::string_view text) {
    ensure_sodium();
    std::vector<std::uint8_t> out(text.size() / 4 * 3 + 3);
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size())
        return make_error("bad_base64", "A key or signature is not valid base64.");
    out.resize(len);
    return out;
}

std::string sha256_hex(std::span<const std::uint8_t> data) {
    ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data.data(), data.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string sha256_hex(std::string_view data) {
    return sha256_hex(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

void random_bytes(std::span<std::uint8_t> out) {
    ensure_sodium();
    randombytes_buf(out.data(), out.size());
}

std::string random_id(std::string_view prefix) {
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";  // 32 symbols, no look-alikes
    std::uint8_t raw[16];
    random_bytes(raw);
    std::string id(prefix);
    for (std::uint8_t b : raw) id += alphabet[b & 31];
    return id;
}

// [SECTION] Keys ---------------------------------------------------------------------------------

std::string PublicKey::b64() const { return to_base64(bytes); }

Result<PublicKey> PublicKey::from_b64(std::string_view text) {
    auto raw = from_base64(text);
    if (!raw || raw->size() != 32) return make_error("bad_key", "A public key is malformed.");
    PublicKey key;
    std::memcpy(key.bytes.data(), raw->data(), 32);
    return key;
}

KeyPair KeyPair::generate() {
    ensure_sodium();
    KeyPair kp;
    crypto_sign_keypair(kp.pk.bytes.data(), kp.sk.data());
    return kp;
}

KeyPair KeyPair::from_seed(std::span<const std::uint8_t, 32> seed) {
    ensure_sodium();
    KeyPair kp;
    crypto_sign_seed_keypair(kp.pk.bytes.data(), kp.sk.data(), seed.data());
    return kp;
}

KeyPair KeyPair::from_label(std::string_view label) {
    ensure_sodium();
    std::array<std::uint8_t, 32> seed;
    crypto_hash_sha256(seed.data(), reinterpret_cast<const unsigned char*>(label.data()), label.size());
    return from_seed(seed);
}

std::array<std::uint8_t, 32> KeyPair::seed() const {
    std::array<std::uint8_t, 32> s;
    std::memcpy(s.data(), sk.data(), 32);
    return s;
}

std::string seed_b64(const KeyPair& kp) {
    const auto s = kp.seed();
    return to_base64(s);
}

std::optional<KeyPair> key_from_seed_b64(std::string_view text) {
    auto raw = from_base64(text);
    if (!raw || raw->size() != 32) return std::nullopt;
    std::array<std::uint8_t, 32> seed{};
    std::copy(raw->begin(), raw->end(), seed.begin());
    return KeyPair::from_seed(seed);
}

std::string key_file_text(const KeyPair& kp, const Json& about, std::int64_t created_ms) {
    Json doc = about.is_object() ? about : Json::object();
    doc["type"] = "dynshop-key";
    doc["public_key"] = kp.pk.b64();
    doc["seed"] = seed_b64(kp);
    doc["created_ms"] = created_ms;
    return dump_json(doc);
}

Result<KeyPair> read_key_file(std::string_view text) {
    const auto doc = parse_json(text, "key file");
    if (!doc || !doc->is_object() || string_or(*doc, "type", "") != "dynshop-key")
        return make_error("bad_key_file", "This is not a dynshop key file.");
    auto kp = key_from_seed_b64(string_or(*doc, "seed", ""));
    if (!kp) return make_error("bad_key_file", "This key file holds no key (its seed is not 32 bytes of base64).");
    const std::string named = string_or(*doc, "public_key", "");
    if (!named.empty() && named != kp->pk.b64())
        return make_error("bad_key_file", "This key file is damaged: its seed does not make the public key it names.");
    return *kp;
}

namespace {
Result<KeyPair> derive_with(std::string_view passphrase, std::string_view salt_text, unsigned long long ops, size_t mem) {
    ensure_sodium();
    if (passphrase.size() < kMinPassphraseBytes)
        return make_error("weak_passphrase", "Use a passphrase of at least 8 characters.");
    // The salt must be exactly crypto_pwhash_SALTBYTES: hash the (public) slug down to it.
    unsigned char full[crypto_hash_sha256_BYTES];
    std::string salted = "dynshop-key-v1:" + std::string(salt_text);
    crypto_hash_sha256(full, reinterpret_cast<const unsigned char*>(salted.data()), salted.size());
    std::array<std::uint8_t, 32> seed;
    if (crypto_pwhash(seed.data(), seed.size(), passphrase.data(), passphrase.size(), full, ops, mem,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return make_error("out_of_memory", "Not enough memory to derive the key; close other tabs and try again.");
    return KeyPair::from_seed(seed);
}
}  // namespace

Result<KeyPair> derive_keypair(std::string_view passphrase, std::string_view salt) {
    return derive_with(passphrase, salt, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

Result<KeyPair> derive_keypair_fast(std::string_view passphrase, std::string_view salt) {
    return derive_with(passphrase, salt, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
}

// [SECTION] Envelope -----------------------------------------------------------------------------

Json Envelope::to_json() const { return Json{{"payload", payload}, {"key", key}, {"sig", sig}}; }
std::string Envelope::to_text() const { return dump_json(to_json()); }

Result<Envelope> Envelope::from_json(const Json& doc) {
    auto payload = get_string(doc, "payload");
    auto key = get_string(doc, "key");
    auto sig = get_string(doc, "sig");
    if (!payload || !key || !sig)
        return make_error("not_an_envelope", "The document is not signed (it lacks payload, key or signature).");
    return Envelope{std::move(*payload), std::move(*key), std::move(*sig)};  // a release's payload is megabytes
}

Result<Envelope> Envelope::parse(std::string_view text) {
    auto doc = parse_json(text, "signed document");
    if (!doc) return doc.error();
    return from_json(*doc);
}

Envelope sign_envelope(std::string payload, const KeyPair& signer) {
    ensure_sodium();
    std::array<std::uint8_t, crypto_sign_BYTES> sig;
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
                         signer.sk.data());
    return Envelope{std::move(payload), signer.pk.b64(), to_base64(sig)};
}

bool verify_detached(std::string_view message, std::string_view sig_b64, const PublicKey& key) {
    ensure_sodium();
    auto sig = from_base64(sig_b64);
    if (!sig || sig->size() != crypto_sign_BYTES) return false;
    return crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), key.bytes.data()) == 0;
}

std::optional<Error> check_signature(const Envelope& env, const PublicKey* expected) {
    auto key = PublicKey::from_b64(env.key);
    if (!key) return key.error();
    if (expected && !(*expected == *key))
        return make_error("wrong_signer", "The document was signed by a key that is not allowed to sign it.");
    if (!verify_detached(env.payload, env.sig, *key))
        return make_error("bad_signature", "The document's signature does not match its content.");
    return std::nullopt;
}

Result<Json> parse_signed_payload(std::string_view payload) {
    auto doc = parse_json(payload, "signed document");
    if (!doc) return doc.error();
    if (!doc->is_object()) return make_error("malformed_json", "The signed document is not a JSON object.");
    return doc;
}

Result<Json> open_envelope(const Envelope& env, const PublicKey* expected) {
    if (auto wrong = check_signature(env, expected)) return *wrong;
    return parse_signed_payload(env.payload);
}

}  // namespace core
