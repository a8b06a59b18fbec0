// Catalog documents a brand signs besides its releases: brand certificates and policies (commission,
// binding, payment), read, checked and written. Releases, read on every shop's first visit, are in
// release.cpp, built for speed; this file is read once per brand and built for size in the wasm
// build (CORE_FOR_SIZE, core/for_size.h): every byte of it is in a consumer's first download.
#include "core/catalog/catalog.h"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "core/catalog/reading.h"
#include "core/for_size.h"
#include "core/referral/link.h"
#include "core/text.h"

namespace core {

using namespace catalog_reading;

CORE_FOR_SIZE const char* binding_mode_name(BindingMode mode) {
    switch (mode) {
        case BindingMode::Permanent: return "permanent";
        case BindingMode::Window: return "window";
        case BindingMode::Last: return "last";
    }
    return "permanent";
}

std::string percent_text(std::int64_t bp) {
    // A negative rate is shown as one (a policy that has one is refused, in words that must read).
    const std::uint64_t a = bp < 0 ? 0 - static_cast<std::uint64_t>(bp) : static_cast<std::uint64_t>(bp);
    std::string s = (bp < 0 ? "-" : "") + std::to_string(a / 100);
    if (const unsigned f = static_cast<unsigned>(a % 100)) {
        s += '.';
        s += static_cast<char>('0' + f / 10);
        if (f % 10) s += static_cast<char>('0' + f % 10);
    }
    return s;
}

namespace {

// Rates as written: whole numbers; their range and sums are policy_problems' to judge.
CORE_FOR_SIZE bool parse_rates(const Json& arr, std::vector<BasisPoints>& out) {
    if (!arr.is_array() || arr.size() > 16) return false;
    out.clear();
    for (const auto& v : arr) {
        if (!v.is_number_integer()) return false;
        auto bp = v.get<std::int64_t>();
        if (bp < -1'000'000 || bp > 1'000'000) return false;
        out.push_back(static_cast<BasisPoints>(bp));
    }
    return true;
}

std::string percent(std::int64_t bp) { return percent_text(bp) + "%"; }

// One rate set (the plan's levels or a product's override) against the limits.
CORE_FOR_SIZE void rate_problems(const std::vector<BasisPoints>& rates, BasisPoints cap, const std::string& field, const std::string& what,
                   std::vector<PolicyProblem>& out) {
    if (rates.size() > static_cast<std::size_t>(kMaxCommissionLevels)) {
        out.push_back({field, what + " has " + std::to_string(rates.size()) + " levels; at most " +
                                  std::to_string(kMaxCommissionLevels) + " can be paid (regulation and the social platforms' rules)."});
        return;
    }
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < rates.size(); ++i) {
        if (rates[i] < 0 || rates[i] > 10000) {
            out.push_back({field, what + ": level " + std::to_string(i + 1) + " is " + percent(rates[i]) +
                                      "; a rate is between 0% and 100%."});
            return;
        }
        sum += rates[i];
    }
    if (sum > 10000) out.push_back({field, what + " pays " + percent(sum) + " in all, more than the order is worth (100%)."});
    else if (sum > cap) out.push_back({field, what + " pays " + percent(sum) + " in all, above the cap of " + percent(cap) + "."});
}

CORE_FOR_SIZE bool https_url(const std::string& u) {
    if (u.size() < 12 || u.size() > 500 || u.rfind("https://", 0) != 0) return false;
    for (unsigned char c : u)
        if (c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == 0x7F) return false;
    return u.find('.', 8) != std::string::npos;
}

}  // namespace

CORE_FOR_SIZE Result<BrandCert> parse_brand_cert(const Json& p) {
    if (string_or(p, "type", "") != "brand") return bad("This is not a brand certificate.");
    BrandCert c;
    auto brand = get_string(p, "brand");
    auto key = get_string(p, "key");
    if (!brand || brand->empty() || !key) return bad("The brand certificate lacks an id or key.");
    if (!is_valid_id(*brand)) return bad("A brand id is 1-64 letters, digits, '_' or '-'.");
    auto pk = PublicKey::from_b64(*key);
    if (!pk) return bad("The brand certificate's \"key\" is not a base64 Ed25519 public key.");
    c.brand = *brand;
    c.key = *pk;
    // Every field a shop shows or prices with is named by the platform that signs it: no defaults.
    auto name = get_string(p, "name");
    auto locale = get_string(p, "locale");
    auto currency = get_string(p, "currency");
    auto issued = get_int(p, "issued_ms");
    if (!name || name->empty()) return bad("The brand certificate lacks \"name\" (a text).");
    if (utf8_length(*name) > kMaxNameChars) return bad("The brand certificate's \"name\" is longer than 120 characters.");
    if (!locale || locale->empty() || locale->size() > 16)
        return bad("The brand certificate's \"locale\" is not a language tag such as zh-CN or en (1-16 characters).");
    if (!currency || currency->size() != 3 ||
        !std::all_of(currency->begin(), currency->end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
        return bad("The brand's currency must be an ISO 4217 code such as CNY or USD.");
    if (!issued || *issued < 0) return bad("The brand certificate's \"issued_ms\" is not a time (whole UTC milliseconds).");
    c.name = *name;
    c.locale = *locale;
    c.currency = *currency;
    c.issued_ms = *issued;
    return c;
}

CORE_FOR_SIZE Result<Policy> read_policy(const Json& p) {
    if (string_or(p, "type", "") != "policy") return bad("This is not a brand policy.");
    // Only an absent field takes its default; one of another kind is refused (see absent_or).
    using K = Kind;
    std::string wrong = misfit(p, {{"brand", K::Text}, {"version", K::Whole}, {"binding", K::Object}, {"commission", K::Object},
                                   {"freeze_days", K::Whole}, {"min_payout", K::Whole}, {"allow_self_purchase", K::Flag},
                                   {"max_levels", K::Whole}, {"lost_after_days", K::Whole}, {"payment", K::List}},
                               "The policy's ");
    if (const Json* b = get_object(p, "binding"); b && wrong.empty())
        wrong = misfit(*b, {{"mode", K::Text}, {"days", K::Whole}, {"on", K::Text}}, "The policy's binding ");
    if (const Json* c = get_object(p, "commission"); c && wrong.empty())
        wrong = misfit(*c, {{"levels", K::List}, {"overrides", K::Object}, {"cap", K::Whole}}, "The policy's commission ");
    if (const Json* pay = get_array(p, "payment"); pay && wrong.empty())
        for (const auto& m : *pay)
            if (wrong.empty())
                wrong = misfit(m, {{"kind", K::Text}, {"account_name", K::Text}, {"account", K::Text}, {"bank", K::Text},
                                   {"url", K::Text}, {"label", K::Text}},
                               "A payment method's ");
    if (!wrong.empty()) return bad(wrong);
    Policy pol;
    pol.brand = string_or(p, "brand", "");
    pol.version = int_or(p, "version", 0);
    if (const Json* b = get_object(p, "binding")) {
        std::string mode = string_or(*b, "mode", "permanent");
        if (mode == "permanent") pol.binding = BindingMode::Permanent;
        else if (mode == "window") pol.binding = BindingMode::Window;
        else if (mode == "last") pol.binding = BindingMode::Last;
        else return bad("Unknown binding mode \"" + mode + "\".");
        pol.binding_days = static_cast<int>(int_or(*b, "days", 0));
        if (pol.binding == BindingMode::Window && pol.binding_days <= 0)
            return bad("A window binding needs a number of days above zero.");
        const std::string on = string_or(*b, "on", "order");
        if (on != "order" && on != "paid") return bad("A binding is made \"on\" an \"order\" or once it is \"paid\", not \"" + on + "\".");
        pol.bind_on_paid = on == "paid";
    }
    if (const Json* c = get_object(p, "commission")) {
        if (const Json* levels = get_array(*c, "levels"))
            if (!parse_rates(*levels, pol.levels)) return bad("Commission levels must be a list of whole basis points.");
        if (const Json* ov = get_object(*c, "overrides"))
            for (auto it = ov->begin(); it != ov->end(); ++it) {
                std::vector<BasisPoints> rates;
                if (!parse_rates(it.value(), rates)) return bad("The commission override for " + it.key() + " must be a list of whole basis points.");
                pol.overrides.emplace(it.key(), std::move(rates));
            }
        const std::int64_t cap = int_or(*c, "cap", 10000);
        pol.cap = static_cast<BasisPoints>(std::clamp<std::int64_t>(cap, -1, 10001));
    }
    pol.freeze_days = static_cast<int>(std::clamp<std::int64_t>(int_or(p, "freeze_days", 7), -1, 100000));
    pol.min_payout = int_or(p, "min_payout", 5000);
    pol.allow_self_purchase = get_bool(p, "allow_self_purchase").value_or(false);
    pol.max_levels = static_cast<int>(std::clamp<std::int64_t>(int_or(p, "max_levels", 3), 0, 1000));
    pol.lost_after_days = static_cast<int>(std::clamp<std::int64_t>(int_or(p, "lost_after_days", 30), 0, 100000));
    if (const Json* pay = get_array(p, "payment")) {
        pol.payment.clear();
        for (const auto& m : *pay) {
            if (!m.is_object()) return bad("Each payment method is an object with a \"kind\".");
            PaymentMethod pm;
            const std::string kind = string_or(m, "kind", "");
            if (kind == "cod") pm.kind = PaymentMethod::Cod;
            else if (kind == "bank") pm.kind = PaymentMethod::Bank;
            else if (kind == "link") pm.kind = PaymentMethod::Link;
            else return bad("Unknown payment method \"" + kind + "\": pay on delivery (cod), bank transfer (bank) or a payment link (link).");
            pm.account_name = string_or(m, "account_name", "");
            pm.account = string_or(m, "account", "");
            pm.bank = string_or(m, "bank", "");
            pm.url = string_or(m, "url", "");
            pm.label = string_or(m, "label", "");
            pol.payment.push_back(std::move(pm));
        }
    }
    return pol;
}

CORE_FOR_SIZE Result<Policy> parse_policy(const Json& p) {
    auto pol = read_policy(p);
    if (!pol) return pol;
    if (auto problems = policy_problems(*pol); !problems.empty()) return bad(problems.front().message);
    return pol;
}

CORE_FOR_SIZE Json brand_cert_to_json(const BrandCert& c) {
    return Json{{"type", "brand"},     {"brand", c.brand},       {"name", c.name},          {"key", c.key.b64()},
                {"locale", c.locale}, {"currency", c.currency}, {"issued_ms", c.issued_ms}};
}

CORE_FOR_SIZE Json policy_to_json(const Policy& p) {
    Json overrides = Json::object();
    for (const auto& [pid, rates] : p.overrides) overrides[pid] = rates;
    Json binding = {{"mode", binding_mode_name(p.binding)}};
    if (p.binding == BindingMode::Window) binding["days"] = p.binding_days;
    if (p.bind_on_paid) binding["on"] = "paid";  // absent = "order": policies signed before keep their bytes
    Json payment = Json::array();
    for (const auto& m : p.payment) {
        Json j = {{"kind", payment_kind_name(m.kind)}};
        if (m.kind == PaymentMethod::Bank) {
            j["account_name"] = m.account_name;
            j["account"] = m.account;
            j["bank"] = m.bank;
        } else if (m.kind == PaymentMethod::Link) {
            j["url"] = m.url;
            j["label"] = m.label;
        }
        payment.push_back(std::move(j));
    }
    return Json{{"type", "policy"},
                {"brand", p.brand},
                {"version", p.version},
                {"binding", binding},
                {"commission", {{"levels", p.levels}, {"overrides", overrides}, {"cap", p.cap}}},
                {"freeze_days", p.freeze_days},
                {"min_payout", p.min_payout},
                {"allow_self_purchase", p.allow_self_purchase},
                {"max_levels", p.max_levels},
                {"lost_after_days", p.lost_after_days},
                {"payment", payment}};
}

CORE_FOR_SIZE const char* payment_kind_name(PaymentMethod::Kind k) {
    switch (k) {
        case PaymentMethod::Bank: return "bank";
        case PaymentMethod::Link: return "link";
        default: return "cod";
    }
}

CORE_FOR_SIZE std::vector<PolicyProblem> policy_problems(const Policy& p) {
    std::vector<PolicyProblem> out;
    if (p.binding == BindingMode::Window && (p.binding_days <= 0 || p.binding_days > 3650))
        out.push_back({"binding_days", "A window binding lasts 1 to 3650 days without an order."});
    if (p.cap < 0 || p.cap > 10000) out.push_back({"cap", "The cap is between 0% and 100% of a line."});
    rate_problems(p.levels, std::clamp<BasisPoints>(p.cap, 0, 10000), "levels", "The commission plan", out);
    if (p.levels.empty()) out.push_back({"levels", "The commission plan needs at least one level (the selling distributor's)."});
    std::vector<std::string> ids;
    for (const auto& [pid, rates] : p.overrides) ids.push_back(pid);
    std::sort(ids.begin(), ids.end());
    for (const auto& pid : ids)
        rate_problems(p.overrides.at(pid), std::clamp<BasisPoints>(p.cap, 0, 10000), "overrides." + pid, "The override for " + pid, out);
    if (p.freeze_days < 0 || p.freeze_days > 365)
        out.push_back({"freeze_days", "The refund window is 0 to 365 days after delivery."});
    if (p.min_payout < 0 || p.min_payout > 100'000'000'00)
        out.push_back({"min_payout", "The minimum payout is zero or more (and below one hundred million)."});
    if (p.max_levels < 1 || p.max_levels > 10) out.push_back({"max_levels", "A team is 1 to 10 levels deep."});
    if (p.lost_after_days < 1 || p.lost_after_days > 3650)
        out.push_back({"lost_after_days", "A customer counts as lost after 1 to 3650 days without an order."});
    if (p.payment.empty()) out.push_back({"payment", "Accept at least one way to pay."});
    if (p.payment.size() > 8) out.push_back({"payment", "Offer at most 8 ways to pay."});
    for (std::size_t i = 0; i < p.payment.size(); ++i) {
        const PaymentMethod& m = p.payment[i];
        const std::string field = "payment." + std::to_string(i);
        auto too_long = [](const std::string& s, std::size_t n) { return s.size() > n; };
        if (m.kind == PaymentMethod::Bank) {
            if (m.account_name.empty() || m.account.empty())
                out.push_back({field, "A bank transfer needs the account holder's name and the account number."});
            else if (too_long(m.account_name, 200) || too_long(m.account, 64) || too_long(m.bank, 200))
                out.push_back({field, "The bank details are too long."});
        } else if (m.kind == PaymentMethod::Link) {
            if (!https_url(m.url)) out.push_back({field, "A payment link is the brand's own https:// address."});
            else if (too_long(m.label, 80)) out.push_back({field, "The payment link's label is too long (80 bytes at most)."});
        }
        for (std::size_t k = 0; k < i; ++k)
            if (p.payment[k].kind == m.kind && m.kind == PaymentMethod::Cod)
                out.push_back({field, "Pay on delivery is offered twice."});
    }
    return out;
}

CORE_FOR_SIZE Result<BrandCert> open_brand_cert(const Envelope& env, const PublicKey& root) {
    auto payload = open_envelope(env, &root);
    if (!payload) {
        if (payload.error().code == "wrong_signer" || payload.error().code == "bad_signature")
            return make_error("forged_brand", "The brand's certificate is not signed by the platform.");
        return payload.error();
    }
    return parse_brand_cert(*payload);
}

CORE_FOR_SIZE Result<Policy> open_policy(const Envelope& env, const BrandCert& brand) {
    auto payload = open_envelope(env, &brand.key);
    if (!payload) return make_error("unverified_policy", "The brand's policy could not be verified.");
    auto pol = parse_policy(*payload);
    if (pol && pol->brand != brand.brand) return make_error("unverified_policy", "The policy names another brand.");
    return pol;
}

}  // namespace core
