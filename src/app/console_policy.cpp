// The console's Policy tab (part of ConsoleController, see console.h).
//
// [SECTION] Form       the current signed policy as a form; every edit recorded (one undo history,
//                      core/history.h) and read into a policy by the core (policy_form.h)
// [SECTION] Example    a shop of the brand with the deepest chain, loaded like the preview's, whose
//                      chain the worked example splits an order up
// [SECTION] Publish    the next version, signed here, written naming the version it replaces; a
//                      version published meanwhile is fetched and the edits stay on top of it
// [SECTION] Actions and test state
#include <algorithm>
#include <type_traits>

#include "app/console.h"
#include "app/send_document.h"
#include "app/store_answer.h"

namespace app {

using core::Json;

namespace {
std::string currency_of(const ConsoleState& c) {
    return c.published ? c.published->currency : c.cert ? c.cert->currency : "";
}
}  // namespace

// [SECTION] Form ---------------------------------------------------------------------------------

void ConsoleController::open_policy_editor() {
    ConsoleState& c = s_.console;
    ConsolePolicyEditor& pe = c.policy_editor;
    if (!pe.loaded) {
        const core::Policy current = c.policy ? *c.policy : core::Policy{};
        pe.base_version = c.policy ? c.policy->version : 0;
        pe.form = core::policy_form_of(current, currency_of(c));
        pe.history.reset(pe.form);
        pe.loaded = true;
        policy_edited("");
    }
    load_example_shop();
}

// The screen changed pe.form (or an action did): one undo step per field typed in, read again.
void ConsoleController::policy_edited(const std::string& group) {
    ConsoleState& c = s_.console;
    ConsolePolicyEditor& pe = c.policy_editor;
    pe.history.record(pe.form, group, platform::utc_ms());
    pe.read = core::read_policy_form(pe.form, c.brand, pe.base_version + 1, currency_of(c));
    const core::PolicyForm signed_form = core::policy_form_of(c.policy ? *c.policy : core::Policy{}, currency_of(c));
    pe.dirty = !(pe.form == signed_form);
    pe.publishing.error.clear();
    if (pe.dirty) pe.publishing.forget_stored();
}

// [SECTION] Example ------------------------------------------------------------------------------

void ConsoleController::load_example_shop() {
    ConsoleState& c = s_.console;
    if (c.shops_status != ConsoleLoad::Ready || c.shops.empty()) {
        if (c.shops_status == ConsoleLoad::Idle) fetch_shops();
        return;
    }
    const BrandShop* deepest = &c.shops.front();
    for (const auto& s : c.shops)
        if (s.level > deepest->level) deepest = &s;
    if (c.shop.status == ConsoleLoad::Ready && c.shop.view) {
        // Any loaded shop at the deepest level will do.
        for (const auto& s : c.shops)
            if (s.slug == c.shop.slug && s.level == deepest->level) return;
    }
    if (c.shop.status == ConsoleLoad::Loading && c.shop.slug == deepest->slug) return;
    c.preview_shop = deepest->slug;
    load_preview_shop(deepest->slug);
}

// [SECTION] Publish ------------------------------------------------------------------------------

void ConsoleController::publish_policy() {
    ConsoleState& c = s_.console;
    ConsolePolicyEditor& pe = c.policy_editor;
    if (!c.key || pe.publishing.busy()) return;
    pe.read = core::read_policy_form(pe.form, c.brand, pe.base_version + 1, currency_of(c));
    if (!pe.read.errors.empty()) return pe.publishing.fail("Fix the fields marked in red first: nothing was published.");
    const core::Policy next = pe.read.policy;
    const core::Envelope env = core::sign_envelope(core::dump_json(core::policy_to_json(next)), *c.key);
    publish_document(pe.publishing, env, pe.base_version, "The policy could not be published ({http}).", still_current(),
                     [this, next] {
        ConsoleState& c = s_.console;
        ConsolePolicyEditor& pe = c.policy_editor;
        c.policy = next;
        pe.base_version = next.version;
        pe.history.reset(pe.form);
        policy_edited("");
        pe.publishing.stored(next.version, "Published policy version " + std::to_string(next.version));
        notice("Policy published: orders placed from now on follow it");
        bump_data();
    }, [this] {
        refetch_policy("The policy was changed on another device meanwhile. Your edits are kept on top of that version: "
                       "look them over and publish again.");
    });
}

// Someone published a policy meanwhile: take theirs as the base, keep the form as typed.
void ConsoleController::refetch_policy(const std::string& why) {
    ConsoleState& c = s_.console;
    const int gen = gen_;
    platform::fetch("GET", "/api/brands/" + core::percent_encode(c.brand), "", [this, gen, why](platform::Response r) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        ConsolePolicyEditor& pe = c.policy_editor;
        auto doc = r.ok() ? core::parse_json(r.view(), "brand") : core::Result<Json>(core::make_error("http", "no answer"));
        if (doc && c.cert)
            if (const Json* pol = core::get_object(*doc, "policy"))
                if (auto env = core::Envelope::from_json(*pol))
                    if (auto p = core::open_policy(*env, *c.cert)) c.policy = *p;
        pe.base_version = c.policy ? c.policy->version : 0;
        policy_edited("");
        pe.publishing.error = why;
    });
}

// [SECTION] Actions and test state ---------------------------------------------------------------

bool ConsoleController::handle_policy(const ConsoleAction& action) {
    ConsoleState& c = s_.console;
    ConsolePolicyEditor& pe = c.policy_editor;
    bool handled = true;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, EditPolicy>) {
                policy_edited(a.group);
            } else if constexpr (std::is_same_v<T, PolicyUndo>) {
                if (pe.history.undo()) {
                    pe.form = pe.history.current();
                    policy_edited("");
                }
            } else if constexpr (std::is_same_v<T, PolicyRedo>) {
                if (pe.history.redo()) {
                    pe.form = pe.history.current();
                    policy_edited("");
                }
            } else if constexpr (std::is_same_v<T, AddPolicyLevel>) {
                if (pe.form.levels.size() < static_cast<std::size_t>(core::kMaxCommissionLevels)) {
                    pe.form.levels.push_back("1");
                    for (auto& [pid, rates] : pe.form.overrides) rates.push_back("0");
                    policy_edited("");
                }
            } else if constexpr (std::is_same_v<T, RemovePolicyLevel>) {
                if (pe.form.levels.size() > 1) {
                    pe.form.levels.pop_back();
                    for (auto& [pid, rates] : pe.form.overrides)
                        if (rates.size() > pe.form.levels.size()) rates.resize(pe.form.levels.size());
                    policy_edited("");
                }
            } else if constexpr (std::is_same_v<T, AddPolicyOverride>) {
                const bool known = c.published && c.published->find(a.product);
                const bool there = std::any_of(pe.form.overrides.begin(), pe.form.overrides.end(),
                                               [&](const auto& o) { return o.first == a.product; });
                if (known && !there) {
                    pe.form.overrides.emplace_back(a.product, pe.form.levels);  // starts from the plan's rates
                    pe.override_query.clear();
                    policy_edited("");
                }
            } else if constexpr (std::is_same_v<T, RemovePolicyOverride>) {
                auto& o = pe.form.overrides;
                o.erase(std::remove_if(o.begin(), o.end(), [&](const auto& x) { return x.first == a.product; }), o.end());
                policy_edited("");
            } else if constexpr (std::is_same_v<T, DiscardPolicyDraft>) {
                pe.form = core::policy_form_of(c.policy ? *c.policy : core::Policy{}, currency_of(c));
                policy_edited("");
            } else if constexpr (std::is_same_v<T, PublishPolicy>) {
                publish_policy();
            } else {
                handled = false;
            }
        },
        action.what);
    return handled;
}

core::Json ConsoleController::policy_test_state() const {
    const ConsoleState& c = s_.console;
    const ConsolePolicyEditor& pe = c.policy_editor;
    Json errors = Json::object();
    for (const auto& [k, v] : pe.read.errors) errors[k] = v;
    return {{"loaded", pe.loaded},
            {"base_version", pe.base_version},
            {"signed_version", c.policy ? c.policy->version : 0},
            {"form", {{"mode", pe.form.mode}, {"levels", pe.form.levels}, {"cap", pe.form.cap}, {"freeze_days", pe.form.freeze_days},
                      {"min_payout", pe.form.min_payout}, {"self_purchase", pe.form.self_purchase}, {"overrides", pe.form.overrides.size()},
                      {"cod", pe.form.cod}, {"bank", pe.form.bank}, {"link", pe.form.link}}},
            {"policy", core::policy_to_json(pe.read.policy)},
            {"errors", errors},
            {"dirty", pe.dirty},
            {"can_undo", pe.history.can_undo()},
            {"can_redo", pe.history.can_redo()},
            {"publishing", pe.publishing.busy()},
            {"publish_error", pe.publishing.error},
            {"published", pe.publishing.last}};
}

}  // namespace app
