#include "core/shop/invite.h"

#include <algorithm>

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

Result<Invite> invite_from_payload(const Json& p) {
    const auto bad = [](const std::string& what) { return make_error("bad_invite", "The invite " + what + "."); };
    if (!p.is_object() || string_or(p, "type", "") != "invite") return bad("is not {\"type\": \"invite\", ...}");
    const auto brand = get_string(p, "brand"), parent = get_string(p, "parent"), id = get_string(p, "id");
    const auto level = get_int(p, "level"), expires = get_int(p, "expires_ms"), uses = get_int(p, "max_uses");
    if (!brand || brand->empty()) return bad("names no brand");
    if (!id || id->empty()) return bad("has no id");
    if (!parent) return bad("names no parent (\"\" when the brand invites)");
    if (!level || *level < 1) return bad("needs a level of at least 1");
    if (parent->empty() != (*level == 1))
        return bad(parent->empty() ? "has no parent, so it must be the brand's, at level 1"
                                   : "names a parent, so its level must be 2 or more (level 1 is the brand's own)");
    if (!expires) return bad("has no expiry (expires_ms)");
    if (!uses || *uses < 1) return bad("needs max_uses of at least 1");
    const Json* slug = p.contains("parent_slug") ? &p["parent_slug"] : nullptr;
    const Json* name = p.contains("parent_name") ? &p["parent_name"] : nullptr;
    if ((slug && !slug->is_string()) || (name && !name->is_string())) return bad("names its inviter with something other than text");
    Invite inv;
    inv.brand = *brand;
    inv.parent = *parent;
    inv.id = *id;
    inv.level = static_cast<int>(std::min<std::int64_t>(*level, 1 << 20));
    inv.expires_ms = *expires;
    inv.max_uses = static_cast<int>(std::min<std::int64_t>(*uses, 1 << 30));
    inv.parent_slug = slug ? slug->get<std::string>() : "";
    inv.parent_name = name ? name->get<std::string>() : "";
    return inv;
}

Result<Invite> parse_invite_token(const std::string& token) {
    // One sentence for a link, whatever is wrong with it: the person holding it can only ask again.
    const Error damaged = make_error("bad_invite", "This invite link is damaged or incomplete. Ask for the link again.");
    if (token.empty() || token.size() > 4096) return damaged;
    auto text = from_base64url(token);
    if (!text) return damaged;
    auto env = Envelope::parse(*text);
    if (!env) return damaged;
    auto payload = parse_json(env->payload, "invite");
    if (!payload) return damaged;
    auto inv = invite_from_payload(*payload);
    if (!inv) return damaged;
    inv->envelope = *env;
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
