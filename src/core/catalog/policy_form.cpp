#include "core/catalog/policy_form.h"

#include <algorithm>
#include <cstdlib>

#include "core/catalog/release_draft.h"
#include "core/text.h"

namespace core {

// [SECTION] Reading ------------------------------------------------------------------------------

Result<BasisPoints> parse_percent(std::string_view typed) {
    std::string s;
    for (std::size_t i = 0; i < typed.size();) {
        const std::uint32_t cp = next_codepoint(typed, i);
        if (cp >= 0xFF10 && cp <= 0xFF19) s += static_cast<char>('0' + (cp - 0xFF10));  // full-width digits
        else if (cp == 0xFF0E || cp == 0x3002) s += '.';
        else if (cp == '%' || cp == 0xFF05 || cp == ' ' || cp == 0x3000) continue;
        else append_utf8(s, cp);
    }
    if (s.empty()) return make_error("no_percent", "Type a rate, for example 10 or 2.5 (percent).");
    std::int64_t whole = 0, frac = 0;
    int frac_digits = 0, digits = 0;
    bool dot = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            if (dot) {
                if (++frac_digits > 2) return make_error("bad_percent", "A rate has at most two decimals, for example 2.75.");
                frac = frac * 10 + (c - '0');
            } else {
                if (++digits > 3) return make_error("bad_percent", "A rate is between 0 and 100 percent.");
                whole = whole * 10 + (c - '0');
            }
        } else if (c == '.' && !dot) {
            dot = true;
        } else if (c == '-') {
            return make_error("bad_percent", "A rate cannot be negative.");
        } else {
            return make_error("bad_percent", "A rate is a number of percent, such as 10 or 2.5.");
        }
    }
    if (digits == 0 && frac_digits == 0) return make_error("bad_percent", "A rate is a number of percent, such as 10 or 2.5.");
    if (frac_digits == 1) frac *= 10;
    const std::int64_t bp = whole * 100 + frac;
    if (bp > 10000) return make_error("bad_percent", "A rate is between 0 and 100 percent.");
    return static_cast<BasisPoints>(bp);
}

namespace {
// A whole number of days (or levels) from `lo` to `hi`.
bool read_count(const std::string& text, int lo, int hi, int& out) {
    const std::string s = trim(text);
    if (s.empty() || s.size() > 6) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi) return false;
    out = v;
    return true;
}
}  // namespace

PolicyRead read_policy_form(const PolicyForm& f, const std::string& brand, std::int64_t version, const std::string& currency) {
    PolicyRead r;
    Policy& p = r.policy;
    p.brand = brand;
    p.version = version;
    p.binding = f.mode == "window" ? BindingMode::Window : f.mode == "last" ? BindingMode::Last : BindingMode::Permanent;
    if (p.binding == BindingMode::Window && !read_count(f.window_days, 1, 3650, p.binding_days))
        r.errors["binding_days"] = "A window is a whole number of days, 1 to 3650.";
    p.levels.clear();
    for (std::size_t i = 0; i < f.levels.size(); ++i) {
        auto bp = parse_percent(f.levels[i]);
        if (!bp) r.errors["levels." + std::to_string(i)] = bp.error().message;
        p.levels.push_back(bp ? *bp : 0);
    }
    if (auto cap = parse_percent(f.cap)) p.cap = *cap;
    else r.errors["cap"] = cap.error().message;
    p.allow_self_purchase = f.self_purchase;
    p.bind_on_paid = f.bind_on_paid;
    for (const auto& [pid, rates] : f.overrides) {
        std::vector<BasisPoints> bps;
        for (std::size_t i = 0; i < rates.size(); ++i) {
            auto bp = parse_percent(rates[i]);
            if (!bp) r.errors["overrides." + pid + "." + std::to_string(i)] = bp.error().message;
            bps.push_back(bp ? *bp : 0);
        }
        p.overrides[pid] = std::move(bps);
    }
    if (!read_count(f.freeze_days, 0, 365, p.freeze_days)) r.errors["freeze_days"] = "The refund window is a whole number of days, 0 to 365.";
    if (auto m = parse_price(f.min_payout, currency)) p.min_payout = *m;
    else r.errors["min_payout"] = m.error().message;
    if (!read_count(f.lost_after_days, 1, 3650, p.lost_after_days))
        r.errors["lost_after_days"] = "A customer is lost after a whole number of days, 1 to 3650.";
    if (!read_count(f.max_levels, 1, 10, p.max_levels)) r.errors["max_levels"] = "A team is 1 to 10 levels deep.";
    p.payment.clear();
    if (f.cod) p.payment.push_back(PaymentMethod{});
    if (f.bank) {
        PaymentMethod m;
        m.kind = PaymentMethod::Bank;
        m.account_name = trim(f.account_name);
        m.account = trim(f.account);
        m.bank = trim(f.bank_name);
        p.payment.push_back(std::move(m));
    }
    if (f.link) {
        PaymentMethod m;
        m.kind = PaymentMethod::Link;
        m.url = trim(f.url);
        m.label = trim(f.label);
        p.payment.push_back(std::move(m));
    }
    // The policy's own rules, under the form's fields (the first problem per field).
    for (const auto& problem : policy_problems(p)) {
        std::string field = problem.field;
        if (field.rfind("payment.", 0) == 0) {
            const std::size_t i = static_cast<std::size_t>(std::atoi(field.c_str() + 8));
            field = i < p.payment.size() ? (p.payment[i].kind == PaymentMethod::Bank ? "bank" : p.payment[i].kind == PaymentMethod::Link ? "link" : "cod")
                                         : "payment";
        }
        if (!r.errors.count(field)) r.errors[field] = problem.message;
    }
    return r;
}

PolicyForm policy_form_of(const Policy& p, const std::string& currency) {
    PolicyForm f;
    f.mode = binding_mode_name(p.binding);
    f.window_days = p.binding == BindingMode::Window ? std::to_string(p.binding_days) : "30";
    for (BasisPoints bp : p.levels) f.levels.push_back(percent_text(bp));
    f.cap = percent_text(p.cap);
    f.self_purchase = p.allow_self_purchase;
    f.bind_on_paid = p.bind_on_paid;
    std::vector<std::string> ids;
    for (const auto& [pid, rates] : p.overrides) ids.push_back(pid);
    std::sort(ids.begin(), ids.end());
    for (const auto& pid : ids) {
        std::vector<std::string> rates;
        for (BasisPoints bp : p.overrides.at(pid)) rates.push_back(percent_text(bp));
        f.overrides.emplace_back(pid, std::move(rates));
    }
    f.freeze_days = std::to_string(p.freeze_days);
    f.min_payout = price_text(p.min_payout, currency);
    f.lost_after_days = std::to_string(p.lost_after_days);
    f.max_levels = std::to_string(p.max_levels);
    f.cod = f.bank = f.link = false;
    for (const auto& m : p.payment) {
        if (m.kind == PaymentMethod::Cod) f.cod = true;
        if (m.kind == PaymentMethod::Bank) {
            f.bank = true;
            f.account_name = m.account_name;
            f.account = m.account;
            f.bank_name = m.bank;
        }
        if (m.kind == PaymentMethod::Link) {
            f.link = true;
            f.url = m.url;
            f.label = m.label;
        }
    }
    return f;
}

// [SECTION] Example ------------------------------------------------------------------------------

Split example_split(const Policy& policy, const std::string& product, Minor price, int quantity, const std::vector<std::string>& chain,
                    bool self_purchase) {
    return split_order({PricedLine{product, price, quantity}}, chain, policy, self_purchase);
}

}  // namespace core
