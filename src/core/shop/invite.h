// Invites: how a brand or a distributor recruits. The inviter signs
//   {"type":"invite","brand","parent","level","id","expires_ms","max_uses","parent_slug","parent_name"}
// ("parent" is the inviter's distributor id, "" for the brand; the last two only help the
// invitee's screen say who invited them) and hands it out as a link, /d/join?invite=<token>, the
// token being the envelope's JSON text in base64url. The new distributor's enrollment carries the
// envelope and is signed by their own key (see shop.h); the store counts the uses.
#pragma once
#include <string>

#include "core/result.h"
#include "core/shop/shop.h"
#include "core/time.h"
#include "core/trust/trust.h"

namespace core {

struct Invite {
    std::string brand, parent, id, parent_slug, parent_name;
    int level = 1;
    UtcMs expires_ms = 0;
    int max_uses = 1;
    Envelope envelope;  // as signed (set by make_invite and parse_invite_token)
};

constexpr UtcMs kInviteLifetimeMs = 14LL * 24 * 60 * 60 * 1000;
constexpr int kInviteMaxUses = 50;

Invite make_invite(Invite fields, const KeyPair& inviter);
// An invite's signed payload, read as the one form that both the join screen (parse_invite_token)
// and every enrollment under it (check_consent, in the browser's chain check and the store) accept:
// "type" "invite", "brand" and "id" non-empty strings, "parent" a string that is empty exactly when
// "level" is 1 (the brand invites), "level" and "max_uses" whole numbers of at least 1, "expires_ms" a
// whole number; "parent_slug" and "parent_name" optional. Refused as bad_invite with what is wrong
// (tests/vectors/invite.json). The envelope is left to the caller.
Result<Invite> invite_from_payload(const Json& payload);
std::string invite_token(const Envelope& env);
// Decodes a token from a link; the signature is not checked here (verify_invite does).
Result<Invite> parse_invite_token(const std::string& token);
// An invite is good until its expires_ms: at that moment it has expired (the join screen, an
// enrollment made under it and the store's count of its uses all ask this).
bool invite_expired(UtcMs expires_ms, UtcMs now);
// Signed by `inviter` (the parent's enrollment key, or the brand's key for level 1) and unexpired.
Result<bool> verify_invite(const Invite& invite, const PublicKey& inviter, UtcMs now);
// The new distributor's enrollment under an invite, ready to sign with their own key.
Enrollment enrollment_from_invite(const Invite& invite, const std::string& distributor, const std::string& slug,
                                  const std::string& name, const PublicKey& key, UtcMs now);
// Whether a distributor at `level` may recruit under a brand allowing `max_levels`.
bool may_recruit(int level, int max_levels);

std::string to_base64url(std::string_view bytes);
Result<std::string> from_base64url(std::string_view text);

}  // namespace core
