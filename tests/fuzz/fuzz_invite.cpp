// fuzz_invite: raw bytes -> core::parse_invite_token, as the join page reads /d/join?invite=<token>:
// once with the bytes as the token itself (base64url decoding), once with the bytes as the envelope
// text inside a token (to_base64url first), so the fuzzer also mutates the JSON behind the encoding.
// A parsed invite's token must parse back to the same invite; verify_invite runs against the key the
// envelope names when the harness holds it (re-signed), and against the brand's key.
#include "core/shop/invite.h"
#include "fuzz.h"

namespace {
void check(const std::string& token) {
    auto inv = core::parse_invite_token(token);
    if (!inv) return;
    FUZZ_CHECK(inv->level >= 1 && inv->max_uses >= 1 && !inv->brand.empty() && !inv->id.empty());
    auto again = core::parse_invite_token(core::invite_token(inv->envelope));
    // Written back by dump_json, the envelope's text is never longer than the one read, so the
    // token stays within parse_invite_token's 4096 bytes.
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->brand == inv->brand && again->parent == inv->parent && again->id == inv->id &&
               again->level == inv->level && again->expires_ms == inv->expires_ms && again->max_uses == inv->max_uses &&
               again->parent_slug == inv->parent_slug && again->parent_name == inv->parent_name);
    const auto& k = fuzz::keys();
    (void)core::verify_invite(*inv, k.brand.pk, 1'800'000'000'000);
    core::Invite resigned = *inv;
    resigned.envelope = fuzz::resigned(inv->envelope);
    if (const core::KeyPair* signer = k.find(inv->envelope.key)) {
        auto ok = core::verify_invite(resigned, signer->pk, 0);
        FUZZ_CHECK(ok.ok() == (inv->expires_ms > 0));
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::text(data, size);
    check(std::string(text));
    check(core::to_base64url(text));
    auto raw = core::from_base64url(text);
    if (raw) FUZZ_CHECK(core::from_base64url(core::to_base64url(*raw)).value_or("?") == *raw);
    return 0;
}
