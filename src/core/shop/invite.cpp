#include "core/shop/invite.h"

namespace core {

std::string to_base64url(std::string_view bytes) {
    std::string b = to_base64(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    while (!b.empty() && b.back() == '=') b.pop_back();
    for (char& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return b;
}

Result<std::string> from_base64url(std::string_view text) {
    std::string b(text);
    for (char& c : b) {
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
        else if (c == '+' || c == '/' || c == '=') return make_error("bad_base64", "The link is damaged.");
    }
    while (b.size() % 4) b += '=';
    auto raw = from_base64(b);
    if (!raw) return make_error("bad_base64", "The link is damaged.");
    return std::string(raw->begin(), raw->end());
}

Invite make_invite(Invite f, const KeyPair& inviter) {
    Json p = {{"type", "invite"}, {"brand", f.brand},       {"parent", f.parent},           {"level", f.level},
              {"id", f.id},       {"expires_ms", f.expires_ms}, {"max_uses", f.max_uses}, {"parent_slug", f.parent_slug},
              {"parent_name", f.parent_name}};
    f.envelope = sign_envelope(dump_json(p), inviter);
    return f;
}

std::string invite_token(const Envelope& env) { return to_base64url(env.to_text()); }

Result<Invite> parse_invite_token(const std::string& token) {
    const Error damaged = make_error("bad_invite", "This invite link is damaged or incomplete. Ask for the link again.");
    if (token.empty() || token.size() > 4096) return damaged;
    auto text = from_base64url(token);
    if (!text) return damaged;
    auto env = Envelope::parse(*text);
    if (!env) return damaged;
    auto payload = parse_json(env->payload, "invite");
    if (!payload || !payload->is_object() || string_or(*payload, "type", "") != "invite") return damaged;
    Invite inv;
    inv.brand = string_or(*payload, "brand", "");
    inv.parent = string_or(*payload, "parent", "?");
    inv.id = string_or(*payload, "id", "");
    inv.level = static_cast<int>(int_or(*payload, "level", 0));
    inv.expires_ms = int_or(*payload, "expires_ms", 0);
    inv.max_uses = static_cast<int>(int_or(*payload, "max_uses", 0));
    inv.parent_slug = string_or(*payload, "parent_slug", "");
    inv.parent_name = string_or(*payload, "parent_name", "");
    inv.envelope = *env;
    if (inv.brand.empty() || inv.parent == "?" || inv.id.empty() || inv.level < 1 || inv.max_uses < 1) return damaged;
    if ((inv.parent.empty()) != (inv.level == 1)) return damaged;
    return inv;
}

bool invite_expired(UtcMs expires_ms, UtcMs now) { return expires_ms <= now; }

Result<bool> verify_invite(const Invite& inv, const PublicKey& inviter, UtcMs now) {
    if (!open_envelope(inv.envelope, &inviter))
        return make_error("forged_invite", "This invite is not signed by the one it names, so it cannot be used.");
    if (invite_expired(inv.expires_ms, now)) return make_error("invite_expired", "This invite has expired. Ask for a new link.");
    return true;
}

Enrollment enrollment_from_invite(const Invite& inv, const std::string& distributor, const std::string& slug,
                                  const std::string& name, const PublicKey& key, UtcMs now) {
    Enrollment e;
    e.brand = inv.brand;
    e.distributor = distributor;
    e.slug = slug;
    e.name = name;
    e.parent = inv.parent;
    e.key = key;
    e.level = inv.level;
    e.issued_ms = now;
    e.active = true;
    e.invite = inv.envelope.to_json();
    return e;
}

bool may_recruit(int level, int max_levels) { return level + 1 <= max_levels; }

}  // namespace core
