// dynshop_core: the domain's rules for the Python store (serve.py), built from src/core by the
// same CMake as the app and the tests (pybind11, Debian's pybind11-dev, for /usr/bin/python3).
//
// [SECTION] Errors      core::Error -> dynshop_core.CoreError(code, message)
// [SECTION] JSON        nlohmann::json <-> Python objects
// [SECTION] Policy      parse (every check of policy_problems), defaults, the split of one order
// [SECTION] Customers   referral fields, contact checks, binding (one touch, or a million replayed)
// [SECTION] Article     a brand article's rules (parse, markup, limits, products of the release)
// [SECTION] Enrollment  who may enroll whom: the recruit's own consent (core::check_consent)
// [SECTION] Settlement  a ledger the store fills from its orders; batches, checks, balances, CSV,
//                       statements and the compact ledger the browser reads
//
// The store keeps what has state (SQL, idempotency, uniqueness, HTTP statuses and their wording);
// every rule that decides who is paid what, or whether a document is acceptable, is called here so
// it exists once. Payload texts cross the boundary as the exact signed JSON text.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/analytics/insight.h"
#include "core/catalog/article.h"
#include "core/catalog/catalog.h"
#include "core/json.h"
#include "core/ledger/commission.h"
#include "core/ledger/settlement.h"
#include "core/money.h"
#include "core/orders/checkout.h"
#include "core/orders/status_change.h"
#include "core/referral/binding.h"
#include "core/referral/link.h"
#include "core/shop/invite.h"
#include "core/shop/shop.h"
#include "core/shop/shop_words.h"
#include "core/shop/slug.h"
#include "core/trust/trust.h"

namespace py = pybind11;

namespace {

// [SECTION] Errors --------------------------------------------------------------------------------

struct CoreFailure {
    core::Error error;
};
PyObject* g_core_error = nullptr;

[[noreturn]] void fail(const core::Error& e) { throw CoreFailure{e}; }
[[noreturn]] void fail(const std::string& code, const std::string& message) { fail(core::make_error(code, message)); }

// [SECTION] JSON -----------------------------------------------------------------------------------

py::object to_py(const core::Json& j) {
    switch (j.type()) {
        case core::Json::value_t::null: return py::none();
        case core::Json::value_t::boolean: return py::bool_(j.get<bool>());
        case core::Json::value_t::number_integer: return py::int_(j.get<std::int64_t>());
        case core::Json::value_t::number_unsigned: return py::int_(j.get<std::uint64_t>());
        case core::Json::value_t::number_float: return py::float_(j.get<double>());
        case core::Json::value_t::string: return py::str(j.get_ref<const std::string&>());
        case core::Json::value_t::array: {
            py::list out;
            for (const auto& v : j) out.append(to_py(v));
            return std::move(out);
        }
        case core::Json::value_t::object: {
            py::dict out;
            for (auto it = j.begin(); it != j.end(); ++it) out[py::str(it.key())] = to_py(it.value());
            return std::move(out);
        }
        default: return py::none();
    }
}

core::Json parse_payload(const std::string& text, const char* what) {
    auto j = core::parse_json(text, what);
    if (!j) fail(j.error());
    return std::move(*j);
}

// [SECTION] Policy ---------------------------------------------------------------------------------

core::Policy policy_from_text(const std::string& text) {
    if (text.empty()) return core::Policy{};  // no policy signed: the defaults
    auto p = core::parse_policy(parse_payload(text, "policy"));
    if (!p) fail(p.error().code, p.error().message);
    return std::move(*p);
}

// The policy as the store reads it: the document's fields with every default filled in.
py::object policy_dict(const std::string& text) {
    core::Policy p = policy_from_text(text);
    py::dict d = to_py(core::policy_to_json(p));
    d["mode"] = core::binding_mode_name(p.binding);
    d["days"] = p.binding_days;
    d["bind_on_paid"] = p.bind_on_paid;
    d["levels"] = p.levels;
    d["overrides"] = to_py(core::policy_to_json(p)["commission"]["overrides"]);
    d["cap"] = p.cap;
    d["text"] = core::dump_json(core::policy_to_json(p));  // what split_order and settlement take back
    return std::move(d);
}

py::list policy_problem_list(const std::string& text) {
    py::list out;
    auto j = core::parse_json(text, "policy");
    if (!j) {
        out.append(py::make_tuple("", j.error().message));
        return out;
    }
    auto p = core::read_policy(*j);
    if (!p) {
        out.append(py::make_tuple("", p.error().message));
        return out;
    }
    for (const auto& problem : core::policy_problems(*p)) out.append(py::make_tuple(problem.field, problem.message));
    return out;
}

py::dict split(const std::vector<std::tuple<std::string, core::Minor, int>>& lines, const std::vector<std::string>& chain,
               const std::string& policy_text, bool self_purchase) {
    const core::Policy policy = policy_from_text(policy_text);
    std::vector<core::PricedLine> priced;
    priced.reserve(lines.size());
    for (const auto& [product, unit, qty] : lines) priced.push_back({product, unit, qty});
    const core::Split s = core::split_order(priced, chain, policy, self_purchase);
    py::list payees;
    for (const auto& p : s.payees) {
        py::dict d;
        d["distributor"] = p.distributor;
        d["level"] = p.level;
        d["amount"] = p.amount;
        payees.append(d);
    }
    py::dict out;
    out["order_total"] = s.order_total;
    out["payees"] = payees;
    out["brand"] = s.brand;
    out["rule"] = s.rule;
    return out;
}

// [SECTION] Customers ------------------------------------------------------------------------------
// A binding crosses as the store's row: {"brand","distributor","shop","bound_ms","last_order_ms"};
// a touch as {"brand","distributor","shop","channel","at","self","active"}.

core::Binding binding_of(const py::dict& d) {
    core::Binding b;
    b.brand = d["brand"].cast<std::string>();
    b.distributor = d["distributor"].cast<std::string>();
    b.shop = d.contains("shop") ? d["shop"].cast<std::string>() : std::string();
    b.bound_ms = d["bound_ms"].cast<core::UtcMs>();
    b.last_order_ms = d["last_order_ms"].cast<core::UtcMs>();
    return b;
}

py::dict binding_dict(const core::Binding& b) {
    py::dict d;
    d["brand"] = b.brand;
    d["distributor"] = b.distributor;
    d["shop"] = b.shop;
    d["bound_ms"] = b.bound_ms;
    d["last_order_ms"] = b.last_order_ms;
    return d;
}

core::Touch touch_of(const py::dict& d) {
    core::Touch t;
    t.brand = d["brand"].cast<std::string>();
    t.distributor = d["distributor"].cast<std::string>();
    t.shop = d.contains("shop") ? d["shop"].cast<std::string>() : std::string();
    const std::string channel = d.contains("channel") ? d["channel"].cast<std::string>() : std::string("direct");
    t.referral.channel = core::parse_channel(channel).value_or(core::Channel::Direct);
    t.at = d["at"].cast<core::UtcMs>();
    t.by_distributor_self = d.contains("self") && d["self"].cast<bool>();
    t.distributor_active = !d.contains("active") || d["active"].cast<bool>();
    return t;
}

py::tuple touch_outcome(const py::object& current, const py::dict& touch, const std::string& policy_text) {
    std::optional<core::Binding> now;
    if (!current.is_none()) now = binding_of(current.cast<py::dict>());
    const core::BindingOutcome o = core::apply_touch(now, touch_of(touch), policy_from_text(policy_text));
    if (!o.binding) return py::make_tuple(py::none(), o.rule_name(), o.explanation);
    const core::Binding& b = *o.binding;
    const bool kept = now && b.distributor == now->distributor && b.shop == now->shop && b.bound_ms == now->bound_ms &&
                      b.last_order_ms == now->last_order_ms;
    return py::make_tuple(kept ? current : py::object(binding_dict(b)), o.rule_name(), o.explanation);
}

// Replays touches (visitor, distributor, shop, channel, at) in the order given through apply_touch:
// the binding each visitor ends with, and how often each rule decided.
py::tuple resolve_bindings(const std::vector<std::tuple<std::string, std::string, std::string, std::string, core::UtcMs>>& touches,
                           const std::string& brand, const std::string& policy_text, const std::vector<std::string>& inactive) {
    const core::Policy policy = policy_from_text(policy_text);
    std::unordered_map<std::string, bool> off;
    for (const auto& d : inactive) off[d] = true;
    std::unordered_map<std::string, core::Binding> bindings;
    std::unordered_map<std::string, long> rules;
    core::Touch t;
    t.brand = brand;
    for (const auto& [visitor, distributor, shop, channel, at] : touches) {
        t.distributor = distributor;
        t.shop = shop;
        t.referral.channel = core::parse_channel(channel).value_or(core::Channel::Direct);
        t.at = at;
        t.distributor_active = off.find(distributor) == off.end();
        auto it = bindings.find(visitor);
        std::optional<core::Binding> current;
        if (it != bindings.end()) current = it->second;
        core::BindingOutcome o = core::apply_touch(current, t, policy);
        ++rules[o.rule_name()];
        if (o.binding) bindings[visitor] = std::move(*o.binding);
    }
    py::dict out, counts;
    for (const auto& [visitor, b] : bindings) out[py::str(visitor)] = binding_dict(b);
    for (const auto& [rule, n] : rules) counts[py::str(rule)] = n;
    return py::make_tuple(out, counts);
}

// [SECTION] Settlement -----------------------------------------------------------------------------

// The batches made so far (payload texts, oldest first) with the marks on their lines applied.
std::vector<core::PayoutBatch> batches_from(const std::vector<std::string>& batch_texts, const std::vector<std::string>& mark_texts) {
    std::vector<core::PayoutBatch> out;
    out.reserve(batch_texts.size());
    for (const auto& t : batch_texts) {
        auto b = core::parse_payout_batch(parse_payload(t, "payout batch"));
        if (!b) fail(b.error());
        out.push_back(std::move(*b));
    }
    for (const auto& t : mark_texts) {
        auto m = core::parse_line_mark(parse_payload(t, "payout line mark"));
        if (!m) fail(m.error());
        core::apply_line_mark(out, *m);
    }
    return out;
}

core::SettlementOptions options_of(const std::string& policy_text) {
    const core::Policy p = policy_from_text(policy_text);
    core::SettlementOptions o;
    o.freeze_days = p.freeze_days;
    o.min_payout = p.min_payout;
    return o;
}

py::dict balance_dict(const core::PayeeBalance& b) {
    py::dict d;
    d["pending"] = b.pending;
    d["settleable"] = b.settleable;
    d["paid"] = b.paid;
    d["clawback"] = b.clawback;
    d["cancelled"] = b.cancelled;
    return d;
}

std::unordered_map<std::string, core::PayeeInfo> payee_info(const std::unordered_map<std::string, std::pair<std::string, std::string>>& in) {
    std::unordered_map<std::string, core::PayeeInfo> out;
    for (const auto& [id, na] : in) out[id] = core::PayeeInfo{na.first, na.second};
    return out;
}

// The store's ledger: the core's, plus each order's seq in the store (ascending), so status changes
// read later find their order without a Python dict of a million entries.
struct StoreLedger : core::Ledger {
    std::vector<std::int64_t> seqs;
};

}  // namespace

PYBIND11_MODULE(dynshop_core, m) {
    m.doc() = "dynshop's domain rules (src/core) for the store";

    g_core_error = PyErr_NewException("dynshop_core.CoreError", PyExc_ValueError, nullptr);
    m.attr("CoreError") = py::handle(g_core_error);
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const CoreFailure& f) {
            py::object args = py::make_tuple(f.error.code, f.error.message);
            PyErr_SetObject(g_core_error, args.ptr());
        }
    });

    // Policy.
    m.def("policy", &policy_dict, py::arg("payload_text"),
          "The brand policy a payload describes, with every default filled in; '' gives the defaults. "
          "Raises CoreError('bad_document', sentence) when the policy breaks a rule (the store's answer to publishing it).");
    m.def("policy_problems", &policy_problem_list, py::arg("payload_text"), "[(field, sentence)]: empty when the policy is fine.");
    // Customers.
    m.def("normalize_phone", &core::normalize_phone, py::arg("phone"), "Digits (full-width folded) and one leading '+'.");
    m.def("phone_key", &core::phone_key, py::arg("phone"), "The old customer key: 'ph1:' + SHA-256 of normalize_phone.");
    m.def(
        "e164_phone", [](const std::string& phone, const std::string& locale) { return core::e164_phone(phone, core::phone_region(locale)); },
        py::arg("phone"), py::arg("brand_locale"), "The number in E.164 when it can be told, in the region of the brand's locale.");
    m.def("customer_key", &core::customer_key, py::arg("phone"), py::arg("brand_locale"),
          "'ph2:' + SHA-256 of the E.164 number: one customer however the number is written.");
    m.def(
        "contact_phones", [](const std::string& text, const std::string& locale) { return core::contact_phones(text, locale); },
        py::arg("text"), py::arg("brand_locale"), "The phone numbers a contact text mentions, in E.164, each once.");

    // Shops and invites.
    m.def("is_valid_slug", [](const std::string& slug) { return core::is_valid_slug(slug); }, py::arg("slug"),
          "A shop address a person can type and a URL can carry: 3-32 of [a-z0-9-], no dash at either end.");
    m.def("is_reserved_slug", [](const std::string& slug) { return core::is_reserved_slug(slug); }, py::arg("slug"),
          "An address the platform keeps for itself.");
    m.def("reserved_slugs", &core::reserved_slugs, "Every address the platform keeps for itself.");
    m.def("invite_expired", &core::invite_expired, py::arg("expires_ms"), py::arg("now"),
          "An invite is good until its expires_ms: at that moment it has expired.");
    m.def(
        "referral",
        [](const std::string& channel, const std::string& campaign, const std::string& hop) {
            const core::Referral r = core::referral_from(channel, campaign, hop);
            return py::make_tuple(core::channel_name(r.channel), r.campaign, r.hop);
        },
        py::arg("channel"), py::arg("campaign"), py::arg("hop"),
        "(channel, campaign, hop) as a shared link's ch / c / h are read: a missing, unknown or direct channel "
        "is ('direct', '', 0); with a valid one, a malformed campaign is '' and a malformed hop 0.");
    m.def(
        "contact_problems",
        [](const std::string& name, const std::string& phone, const std::string& address) {
            const core::ContactErrors e = core::validate_contact(core::ContactForm{name, phone, address});
            py::dict out;
            if (!e.name.empty()) out["name"] = e.name;
            if (!e.phone.empty()) out["phone"] = e.phone;
            if (!e.address.empty()) out["address"] = e.address;
            return out;
        },
        py::arg("name"), py::arg("phone"), py::arg("address"),
        "{field: sentence} for what checkout would refuse, word for word as its screen says; empty: fine.");
    m.def("apply_touch", &touch_outcome, py::arg("current"), py::arg("touch"), py::arg("policy_text"),
          "(binding or None, rule, explanation) after one touch; the current binding itself when it is kept.");
    m.def(
        "binding_lapsed",
        [](const py::dict& binding, const std::string& policy_text, core::UtcMs now) {
            core::Binding b;
            b.bound_ms = binding["bound_ms"].cast<core::UtcMs>();
            b.last_order_ms = binding["last_order_ms"].cast<core::UtcMs>();
            return core::binding_lapsed(b, policy_from_text(policy_text), now);
        },
        py::arg("binding"), py::arg("policy_text"), py::arg("now"), "A window binding past its days without an order.");
    m.def(
        "record_order",
        [](const py::dict& binding, core::UtcMs at) {
            core::Binding b = binding_of(binding);
            core::record_order(b, at);
            binding["last_order_ms"] = b.last_order_ms;
        },
        py::arg("binding"), py::arg("at"), "An order renews a binding: its last order time moves (in place).");
    m.def("resolve_bindings", &resolve_bindings, py::arg("touches"), py::arg("brand"), py::arg("policy_text"), py::arg("inactive"),
          "touches: [(visitor, distributor, shop, channel, at_ms)] in time order. ({visitor: binding}, {rule: count}).");
    m.def(
        "next_statuses",
        [](const std::string& from) {
            std::vector<std::string> out;
            for (auto s : core::next_statuses(core::parse_order_status(from))) out.push_back(core::order_status_name(s));
            return out;
        },
        py::arg("status"), "The statuses a brand may move an order to from this one, in the order it works through them.");
    // A signed document's payload text read as every browser reads it: None, or (code, sentence); the
    // store answers with them (400 for bad_document). Text Python reads but the core does not (1e999, a
    // lone surrogate) no browser reads either.
    auto problem_of = [](auto parse, const char* what) {
        return [parse, what](const std::string& text) -> py::object {
            auto j = core::parse_json(text, what);
            if (!j) return py::make_tuple("bad_document", j.error().message);
            auto r = parse(*j);
            if (!r) return py::make_tuple(r.error().code, r.error().message);
            return py::none();
        };
    };
    m.def("brand_problem", problem_of([](const core::Json& j) { return core::parse_brand_cert(j); }, "brand certificate"),
          py::arg("payload_text"), "None when the brand certificate reads as every browser reads it, else (code, sentence).");
    m.def("release_problem", problem_of([](const core::Json& j) { return core::parse_release(j); }, "release"),
          py::arg("payload_text"), "None when the release reads as every browser reads it, else (code, sentence).");
    m.def("enrollment_problem", problem_of([](const core::Json& j) { return core::parse_enrollment(j); }, "enrollment"),
          py::arg("payload_text"),
          "None when the enrollment reads as every browser reads it, else (code, sentence): 'bad_parent', 'bad_slug', "
          "'reserved_slug', or 'bad_document' for anything else malformed.");
    m.def("manifest_problem", problem_of([](const core::Json& j) { return core::parse_manifest(j); }, "shop manifest"),
          py::arg("payload_text"),
          "None when a shop manifest is one every browser shows, else (code, sentence): 'manifest_has_content' for "
          "product content, 'bad_document' for anything else malformed (lengths, colours, ids, duplicate brands).");
    m.def("is_valid_id", [](const std::string& id) { return core::is_valid_id(id); }, py::arg("id"),
          "An id in a path: 1-64 of [A-Za-z0-9_-] (core::is_valid_id).");
    m.def(
        "content_hash_mismatch",
        [](const std::string& text) -> py::object {
            if (auto wrong = core::content_hash_mismatch(parse_payload(text, "release"), text)) return py::int_(*wrong);
            return py::none();
        },
        py::arg("payload_text"),
        "The index of the release's first product whose \"hash\" is not its content hash, or None. Products "
        "signed in canonical JSON are hashed from the signed bytes.");
    m.def(
        "leave_out_content_hashes",
        [](const std::string& payload) -> py::object {
            if (auto packed = core::leave_out_content_hashes(payload)) return py::str(*packed);
            return py::none();
        },
        py::arg("payload_text"),
        "The release payload with its products' content hashes left out for the way to a browser, which puts "
        "them back (core::leave_out_content_hashes); None when it must travel whole.");
    m.def(
        "put_back_content_hashes",
        [](const std::string& packed) -> py::object {
            if (auto whole = core::put_back_content_hashes(packed)) return py::str(*whole);
            return py::none();
        },
        py::arg("packed_text"), "The payload as signed again (core::put_back_content_hashes), or None.");
    m.def(
        "binding_after_void",
        [](bool made_by_the_void_order, bool another_order_stands, bool replaced_one) {
            return core::after_void_name(core::binding_after_void(made_by_the_void_order, another_order_stands, replaced_one));
        },
        py::arg("made_by_the_void_order"), py::arg("another_order_stands"), py::arg("replaced_one"),
        "'keep', 'restore' (the binding it replaced) or 'unbind': a binding is made by an order that stands.");
    // Article.
    m.def(
        "article",
        [](const std::string& text) {
            auto a = core::parse_article(parse_payload(text, "article"));
            if (!a) fail(a.error());
            return to_py(core::article_to_json(*a));
        },
        py::arg("payload_text"),
        "The article as the browser reads it (its JSON, every field filled in), without looking at the "
        "brand's catalog (a page shows a card whose product left it as no longer sold). Raises "
        "CoreError('bad_article', sentence).");
    m.def(
        "publishable_article",
        [](const std::string& text, const std::optional<std::string>& release_text) {
            auto a = core::parse_article(parse_payload(text, "article"));
            if (!a) fail(a.error());
            // No catalog yet is a release with no products: every product the article names is missing.
            core::Release release;
            if (release_text) {
                auto r = core::parse_release(parse_payload(*release_text, "release"));
                if (!r) fail("no_release", "The brand's current catalog cannot be read: " + r.error().message);
                release = std::move(*r);
            }
            auto missing = core::missing_products(*a, release);
            if (!missing.empty()) {
                if (!release_text)
                    fail("unknown_product", "The article names products (\"" + missing.front() +
                                                "\"), but the brand has not published a catalog here yet. Publish the "
                                                "catalog first, or take the product cards out.");
                fail("unknown_product", "The article names product \"" + missing.front() +
                                            "\", which the brand's current catalog does not have. Pick a product of the "
                                            "catalog, or publish it first.");
            }
            return to_py(core::article_to_json(*a));
        },
        py::arg("payload_text"), py::arg("release_payload_text"),
        "The article as the browser reads it (its JSON, every field filled in), its products checked against "
        "the brand's current release (its payload text; None: the brand has no catalog yet, so it may name no "
        "product). Raises CoreError('bad_article' | 'unknown_product' | 'no_release', sentence).");
    m.def(
        "shop_listing",
        [](const std::vector<std::string>& selection, const std::vector<std::string>& featured,
           const std::vector<std::vector<std::string>>& catalogs) {
            std::vector<std::vector<std::string_view>> views(catalogs.size());
            for (std::size_t b = 0; b < catalogs.size(); ++b) views[b].assign(catalogs[b].begin(), catalogs[b].end());
            const core::ShopListing l = core::shop_listing(selection, featured, views);
            std::vector<std::pair<std::size_t, std::size_t>> items;
            for (const auto& e : l.items) items.emplace_back(e.brand, e.product);
            return std::make_pair(items, l.featured);
        },
        py::arg("selection"), py::arg("featured"), py::arg("catalogs"),
        "What a shop lists, in order, and which of those it features, as every browser composes it: "
        "(items, featured) with items [(brand index, product index)] into catalogs (each brand's release "
        "product ids, [] without one) and featured indexes into items.");
    m.def(
        "shop_words",
        [](const std::string& lang) {
            py::dict d;
            for (const core::ShopWord& w : core::shop_words()) d[w.key] = core::shop_word(w.key, lang);
            return d;
        },
        py::arg("lang"),
        "The words a shop says in its HTML first paint and in the app alike, by key, in the language of `lang` "
        "('zh-CN': Chinese, else English), with {shop}, {brand}, {n} left for str.format.");
    m.def("article_note_key", &core::article_note_key, py::arg("article_id"),
          "Where a distributor's manifest keeps their note on an article (its \"notes\" key).");
    m.def("has_markup", [](const std::string& text) { return core::has_markup(text); }, py::arg("text"),
          "True when text carries a tag, a comment or a script address (the rule articles are held to).");
    // The most current (not retired) articles a brand may have: the store refuses one more.
    m.attr("MAX_ARTICLES_PER_BRAND") = core::kMaxArticlesPerBrand;
    // Enrollment.
    m.def(
        "enrollment_consent",
        [](const std::string& payload, const std::string& key, const std::string& sig, const std::string& parent_key) {
            auto pk = core::PublicKey::from_b64(parent_key);
            if (!pk) fail(pk.error());
            auto e = core::parse_enrollment(parse_payload(payload, "enrollment"));
            if (!e) fail(e.error());
            auto c = core::check_consent(core::Envelope{payload, key, sig}, *e, *pk);
            if (!c) fail(c.error());
            return std::string(*c == core::Consent::Invited ? "invited" : "carried");
        },
        py::arg("payload_text"), py::arg("key"), py::arg("sig"), py::arg("parent_key"),
        "How a signed enrollment carries its recruit's consent under the parent whose key (base64) is given "
        "(the brand's for level 1), the one rule the browser's chain check applies: 'invited' (the recruit "
        "signed it under the parent's invite) or 'carried' (the parent signed an update carrying the "
        "recruit's invited enrollment as \"consent\"). Raises CoreError(code, sentence) otherwise: "
        "consent_required, wrong_signer, bad_invite, forged_invite, invite_expired, bad_consent.");
    m.def("split_order", &split, py::arg("lines"), py::arg("chain"), py::arg("policy_text"), py::arg("self_purchase"),
          "lines: [(product, unit_price, qty)]; chain: seller first. {order_total, payees, brand, rule}.");

    // Settlement.
    py::class_<StoreLedger>(m, "Ledger")
        .def(py::init([](const std::string& brand, const std::string& currency) {
                 StoreLedger l;
                 l.brand = brand;
                 l.currency = currency;
                 return l;
             }),
             py::arg("brand"), py::arg("currency"))
        .def(
            "add",
            [](StoreLedger& l, const std::string& id, core::UtcMs placed, core::UtcMs delivered, core::UtcMs voided,
               const std::vector<std::tuple<std::string, int, core::Minor>>& shares, int freeze_days) {
                std::vector<core::Payee> split;
                split.reserve(shares.size());
                for (const auto& [d, level, amount] : shares) {
                    if (amount < 0) fail("bad_share", "A share is never below zero.");
                    split.push_back({d, level, amount});
                }
                l.add(id, placed, delivered, voided, split, freeze_days);
            },
            py::arg("id"), py::arg("placed"), py::arg("delivered"), py::arg("voided"), py::arg("shares"), py::arg("freeze_days") = -1,
            "An order: times in UTC ms (0 = not delivered / not voided), shares [(distributor, level, amount)].")
        .def(
            "add_share_rows",
            [](StoreLedger& l, const py::iterable& rows) {
                // Rows (order seq, order id, placed, distributor, level, amount, freeze days) in seq
                // order, as the store's query gives them: grouped into orders here, not in Python (a
                // million orders are read in a few seconds instead of many).
                std::size_t added = 0;
                std::int64_t current = -1;
                std::string id;
                core::UtcMs placed = 0;
                int freeze = -1;
                std::vector<core::Payee> shares;
                auto flush = [&] {
                    if (current < 0) return;
                    l.add(id, placed, 0, 0, shares, freeze);
                    l.seqs.push_back(current);
                    ++added;
                    shares.clear();
                };
                for (py::handle h : rows) {
                    const py::tuple r = py::reinterpret_borrow<py::tuple>(h);
                    const std::int64_t seq = r[0].cast<std::int64_t>();
                    if (seq != current) {
                        flush();
                        current = seq;
                        id = r[1].cast<std::string>();
                        placed = r[2].cast<core::UtcMs>();
                        freeze = r[6].cast<int>();
                    }
                    const core::Minor amount = r[5].cast<core::Minor>();
                    if (amount < 0) fail("bad_share", "A share is never below zero.");
                    shares.push_back({r[3].cast<std::string>(), r[4].cast<int>(), amount});
                }
                flush();
                return py::make_tuple(added, l.seqs.empty() ? 0 : l.seqs.back());
            },
            py::arg("rows"), "Adds orders from share rows; returns (orders added, the last order seq).")
        .def(
            "apply_status_rows",
            [](StoreLedger& l, const py::iterable& rows) {
                // Rows (status seq, order seq, status, at) in status order: deliveries and refunds or
                // cancellations of orders in this ledger (others are not the ledger's: no shares).
                std::int64_t last = -1;
                for (py::handle h : rows) {
                    const py::tuple r = py::reinterpret_borrow<py::tuple>(h);
                    last = r[0].cast<std::int64_t>();
                    const std::int64_t oseq = r[1].cast<std::int64_t>();
                    auto it = std::lower_bound(l.seqs.begin(), l.seqs.end(), oseq);
                    if (it == l.seqs.end() || *it != oseq) continue;
                    core::LedgerOrder& o = l.orders[static_cast<std::size_t>(it - l.seqs.begin())];
                    const core::UtcMs at = r[3].cast<core::UtcMs>();
                    if (r[2].cast<std::string>() == "delivered") {
                        if (o.delivered_ms == 0) o.delivered_ms = at;
                    } else if (o.voided_ms == 0) {
                        o.voided_ms = at;
                    }
                }
                return last;
            },
            py::arg("rows"), "Applies status rows; returns the last status seq read (-1: none).")
        .def(
            "settle_times",
            [](StoreLedger& l, std::size_t index, core::UtcMs delivered, core::UtcMs voided) {
                if (index >= l.orders.size()) fail("bad_index", "There is no such order in the ledger.");
                core::LedgerOrder& o = l.orders[index];
                if (delivered > 0 && o.delivered_ms == 0) o.delivered_ms = delivered;  // the first one counts
                if (voided > 0 && o.voided_ms == 0) o.voided_ms = voided;
            },
            py::arg("index"), py::arg("delivered") = 0, py::arg("voided") = 0,
            "Records an order's delivery or refund/cancellation (UTC ms, the store's time); the first of each counts.")
        .def("__len__", [](const StoreLedger& l) { return l.orders.size(); })
        .def_property_readonly("share_count", [](const StoreLedger& l) { return l.shares.size(); })
        .def("encode", [](const StoreLedger& l) { return py::bytes(core::encode_ledger(l)); }, "The compact ledger (DSL1) the browser reads.")
        .def_static(
            "decode",
            [](const py::bytes& data) {
                auto l = core::decode_ledger(std::string_view(data));
                if (!l) fail(l.error());
                StoreLedger out;
                static_cast<core::Ledger&>(out) = std::move(*l);
                return out;
            },
            py::arg("data"), "A ledger from its compact form (what a client of GET /api/brands/<b>/ledger reads).")
        .def(
            "make_batch",
            [](const StoreLedger& l, const std::vector<std::string>& batches, const std::vector<std::string>& marks,
               const std::string& policy_text, core::UtcMs cutoff, core::UtcMs created_ms) {
                auto b = core::make_payout_batch(l, batches_from(batches, marks), options_of(policy_text), cutoff);
                if (!b) fail(b.error());
                if (b->created_ms == 0) b->created_ms = created_ms;
                return core::dump_json(core::payout_batch_to_json(*b));
            },
            py::arg("batches"), py::arg("marks"), py::arg("policy_text"), py::arg("cutoff"), py::arg("created_ms") = 0,
            "The payload of the batch for `cutoff` after `batches` (the stored one if that cutoff was paid).")
        .def(
            "check_batch",
            [](const StoreLedger& l, const std::vector<std::string>& batches, const std::vector<std::string>& marks,
               const std::string& policy_text, const std::string& claimed_text) {
                auto claimed = core::parse_payout_batch(parse_payload(claimed_text, "payout batch"));
                if (!claimed) fail(claimed.error());
                if (claimed->brand != l.brand) fail("batch_mismatch", "This batch is for another brand.");
                auto computed = core::make_payout_batch(l, batches_from(batches, marks), options_of(policy_text), claimed->cutoff);
                if (!computed) fail(computed.error());
                if (auto err = core::check_batch_matches(*computed, *claimed)) fail(*err);
                return to_py(core::payout_batch_to_json(*claimed));
            },
            py::arg("batches"), py::arg("marks"), py::arg("policy_text"), py::arg("claimed_text"),
            "Raises CoreError unless the claimed batch is the one the ledger gives; returns it as a dict.")
        .def(
            "balances",
            [](const StoreLedger& l, const std::vector<std::string>& batches, const std::vector<std::string>& marks,
               const std::string& policy_text, core::UtcMs now) {
                const auto bal = core::compute_balances(l, batches_from(batches, marks), options_of(policy_text), now);
                py::dict out;
                for (std::size_t i = 0; i < bal.size(); ++i) out[py::str(l.payees[i])] = balance_dict(bal[i]);
                return out;
            },
            py::arg("batches"), py::arg("marks"), py::arg("policy_text"), py::arg("now"), "{distributor: {pending, settleable, paid, clawback, cancelled}}.")
        .def(
            "statement",
            [](const StoreLedger& l, const std::vector<std::string>& batches, const std::vector<std::string>& marks,
               const std::string& policy_text, std::size_t index, const std::string& payee) {
                const auto all = batches_from(batches, marks);
                const core::Statement st = core::statement_of(l, all, options_of(policy_text), index, payee);
                py::dict d;
                d["batch"] = st.batch;
                d["gross"] = st.gross;
                d["clawback"] = st.clawback;
                d["csv"] = core::statement_csv(st);
                py::list entries;
                for (const auto& e : st.entries) {
                    py::dict x;
                    x["kind"] = e.kind == core::StatementEntry::Share ? "share" : "clawback";
                    x["order"] = e.order;
                    x["level"] = e.level + 1;
                    x["amount"] = e.amount;
                    entries.append(x);
                }
                d["entries"] = entries;
                return d;
            },
            py::arg("batches"), py::arg("marks"), py::arg("policy_text"), py::arg("index"), py::arg("payee"));

    m.def(
        "check_line_mark",
        [](const std::vector<std::string>& batches, const std::vector<std::string>& marks, const std::string& mark_text) {
            auto mark = core::parse_line_mark(parse_payload(mark_text, "payout line mark"));
            if (!mark) fail(mark.error());
            const auto all = batches_from(batches, marks);
            for (const auto& b : all) {
                if (b.id != mark->batch) continue;
                const core::PayoutLine* line = b.line(mark->payee);
                if (!line) fail("unknown_line", "Batch " + b.id + " has no line for " + mark->payee + ".");
                if (auto err = core::check_line_mark(*line, mark->status)) fail(*err);
                return to_py(core::line_mark_to_json(*mark));
            }
            fail("unknown_batch", "There is no payout batch " + mark->batch + ".");
        },
        py::arg("batches"), py::arg("marks"), py::arg("mark_text"),
        "Raises CoreError unless the mark applies to a line still sent; returns the mark as a dict.");
    m.def(
        "batch_view",
        [](const std::vector<std::string>& batches, const std::vector<std::string>& marks) {
            py::list out;
            for (const auto& b : batches_from(batches, marks)) {
                py::dict d = to_py(core::payout_batch_to_json(b));
                py::list lines = d["lines"];
                for (std::size_t i = 0; i < b.lines.size(); ++i) {
                    py::dict l = lines[i];
                    l["status"] = core::line_status_name(b.lines[i].status);
                    l["status_ms"] = b.lines[i].status_ms;
                    l["note"] = b.lines[i].note;
                }
                out.append(d);
            }
            return out;
        },
        py::arg("batches"), py::arg("marks"), "The batches with their lines' statuses, as dicts.");
    m.def(
        "payout_csv",
        [](const std::string& batch_text, const std::unordered_map<std::string, std::pair<std::string, std::string>>& payees) {
            auto b = core::parse_payout_batch(parse_payload(batch_text, "payout batch"));
            if (!b) fail(b.error());
            return core::payout_csv(*b, payee_info(payees));
        },
        py::arg("batch_text"), py::arg("payees"), "The bank CSV of a batch; payees: {distributor: (name, account)}.");
    m.def("decimal_amount", &core::decimal_amount, py::arg("amount"), py::arg("currency"));
    m.def("format_money", &core::format_money, py::arg("amount"), py::arg("currency"),
          "An amount in minor units as the shop shows it: \"¥128.00\", \"$12.50\", \"EUR 1.00\".");

    // Insight: a brand's activity in the store's memory, brought up to date from its tables and
    // sent to the console compact (DSA1); the reports are the browser's.
    py::class_<core::BrandActivity>(m, "BrandActivity")
        .def(py::init([](const std::string& brand, const std::string& currency) {
                 core::BrandActivity a;
                 a.brand = brand;
                 a.currency = currency;
                 return a;
             }),
             py::arg("brand"), py::arg("currency"))
        .def(
            "set_distributors",
            [](core::BrandActivity& a, const py::iterable& rows) {
                // Rows (id, name, slug, parent id, level, joined, has a shop): the brand's enrollments.
                std::vector<std::pair<std::uint32_t, std::string>> parents;
                for (py::handle h : rows) {
                    const py::tuple r = py::reinterpret_borrow<py::tuple>(h);
                    const std::uint32_t i = a.distributor(r[0].cast<std::string>());
                    core::BrandDistributor& d = a.distributors[i];
                    d.name = r[1].cast<std::string>();
                    d.slug = r[2].cast<std::string>();
                    d.level = r[4].cast<int>();
                    d.joined_ms = r[5].cast<core::UtcMs>();
                    d.shop = r[6].cast<bool>();
                    parents.emplace_back(i, r[3].cast<std::string>());
                }
                for (const auto& [i, parent] : parents)
                    a.distributors[i].parent = parent.empty() ? -1 : static_cast<std::int32_t>(a.distributor(parent));
            },
            py::arg("rows"))
        .def(
            "add_event_rows",
            [](core::BrandActivity& a, const py::iterable& rows) {
                // Rows (seq, type, distributor, visitor, channel, campaign, hop, at) in seq order.
                std::int64_t last = -1;
                for (py::handle h : rows) {
                    const py::tuple r = py::reinterpret_borrow<py::tuple>(h);
                    last = r[0].cast<std::int64_t>();
                    core::BrandEvent e;
                    e.type = core::parse_event_type(r[1].cast<std::string>());
                    e.distributor = a.distributor(r[2].cast<std::string>());
                    e.visitor = a.visitor(r[3].cast<std::string>());
                    e.channel = core::parse_channel(r[4].cast<std::string>()).value_or(core::Channel::Direct);
                    e.campaign = a.campaign(r[5].cast<std::string>());
                    e.hop = static_cast<std::uint8_t>(std::clamp<std::int64_t>(r[6].cast<std::int64_t>(), 0, 255));
                    e.at = r[7].cast<core::UtcMs>();
                    a.events.push_back(e);
                }
                return last;
            },
            py::arg("rows"), "Returns the last event seq read (-1: none).")
        .def(
            "add_order",
            [](core::BrandActivity& a, core::UtcMs at, const std::string& distributor, const std::string& visitor, const std::string& status,
               const std::string& channel, const std::string& campaign, int hop, core::Minor total) {
                core::BrandOrder o;
                o.at = at;
                o.distributor = a.distributor(distributor);
                o.visitor = a.visitor(visitor);
                o.status = core::parse_order_status(status);
                o.channel = core::parse_channel(channel).value_or(core::Channel::Direct);
                o.campaign = a.campaign(campaign);
                o.hop = static_cast<std::uint8_t>(std::clamp(hop, 0, 255));
                o.total = total;
                a.orders.push_back(o);
                return a.orders.size() - 1;
            },
            py::arg("at"), py::arg("distributor"), py::arg("visitor"), py::arg("status"), py::arg("channel"), py::arg("campaign"),
            py::arg("hop"), py::arg("total"), "Adds an order; returns its index (for later status changes).")
        .def(
            "set_order_status",
            [](core::BrandActivity& a, std::size_t index, const std::string& status) {
                if (index < a.orders.size()) a.orders[index].status = core::parse_order_status(status);
            },
            py::arg("index"), py::arg("status"))
        .def_property_readonly("event_count", [](const core::BrandActivity& a) { return a.events.size(); })
        .def_property_readonly("order_count", [](const core::BrandActivity& a) { return a.orders.size(); })
        .def("encode", [](const core::BrandActivity& a) { return py::bytes(core::encode_brand_activity(a)); });
    m.def(
        "derive_seed",
        [](const std::string& passphrase, const std::string& salt) {
            auto kp = core::derive_keypair(passphrase, salt);
            if (!kp) fail(kp.error());
            const auto seed = kp->seed();
            return py::bytes(reinterpret_cast<const char*>(seed.data()), seed.size());
        },
        py::arg("passphrase"), py::arg("salt"),
        "The 32-byte Ed25519 seed a passphrase gives (Argon2id, as the apps derive a brand's or a shop's key).");
}
