// Binding rules, driven by the shared vectors serve.py's tests also run.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/referral/binding.h"
#include "vectors.h"

using namespace core;

namespace {
Json load_vectors() { return fixtures::shared_vectors("binding.json"); }
}  // namespace

TEST_CASE("binding rules agree with the shared vectors") {
    Json doc = load_vectors();
    const Json* cases = get_array(doc, "cases");
    REQUIRE(cases != nullptr);
    REQUIRE(cases->size() >= 10);
    for (const auto& c : *cases) {
        const std::string name = string_or(c, "name", "?");
        CAPTURE(name);
        const Json& pj = c["policy"];
        Policy pol;
        const std::string mode = string_or(pj, "mode", "permanent");
        pol.binding = mode == "last" ? BindingMode::Last : mode == "window" ? BindingMode::Window : BindingMode::Permanent;
        pol.binding_days = static_cast<int>(int_or(pj, "days", 0));
        pol.allow_self_purchase = get_bool(pj, "allow_self_purchase").value_or(false);
        std::optional<Binding> current;
        if (c["current"].is_object()) {
            Binding b;
            b.brand = "b";
            b.distributor = string_or(c["current"], "distributor", "");
            b.bound_ms = int_or(c["current"], "bound_ms", 0);
            b.last_order_ms = int_or(c["current"], "last_order_ms", 0);
            current = b;
        }
        const Json& tj = c["touch"];
        Touch t;
        t.brand = "b";
        t.distributor = string_or(tj, "distributor", "");
        t.referral.channel = parse_channel(string_or(tj, "channel", "direct")).value_or(Channel::Direct);
        t.at = int_or(tj, "at", 0);
        t.by_distributor_self = get_bool(tj, "self").value_or(false);
        t.distributor_active = get_bool(tj, "active").value_or(true);
        BindingOutcome out = apply_touch(current, t, pol);
        CHECK(std::string(out.rule_name()) == string_or(c["expect"], "rule", ""));
        const Json& want = c["expect"]["distributor"];
        if (want.is_null()) CHECK_FALSE(out.binding.has_value());
        else {
            REQUIRE(out.binding.has_value());
            CHECK(out.binding->distributor == want.get<std::string>());
        }
        CHECK_FALSE(out.explanation.empty());
    }
}

TEST_CASE("a policy that says nothing takes the product's defaults: permanent binding, two commission levels") {
    auto pol = parse_policy(Json{{"type", "policy"}, {"brand", "b"}, {"version", 1}});
    REQUIRE(pol.ok());
    CHECK(pol->binding == BindingMode::Permanent);
    CHECK(pol->levels == std::vector<BasisPoints>{1000, 300});
    CHECK(pol->freeze_days == 7);
    CHECK(pol->min_payout == 5000);
    CHECK(pol->lost_after_days == 30);
    CHECK_FALSE(pol->allow_self_purchase);
    // Under the default, another distributor's referral link never takes the customer.
    Binding first{"b", "d1", "shop-1", 1000, 0};
    Touch other{"b", "d2", "shop-2", Referral{Channel::Share, "x", 1}, 5000};
    auto out = apply_touch(first, other, *pol);
    REQUIRE(out.binding.has_value());
    CHECK(out.binding->distributor == "d1");
    CHECK(out.rule == BindingRule::Kept);
    // More than three commission levels cannot be configured.
    CHECK_FALSE(parse_policy(Json{{"type", "policy"}, {"brand", "b"}, {"commission", {{"levels", {100, 100, 100, 100}}}}}).ok());
}

TEST_CASE("a policy field of the wrong kind is refused, not read as its default") {
    const Json base{{"type", "policy"}, {"brand", "b"}, {"version", 1}};
    REQUIRE(parse_policy(base).ok());
    // A signed "14" days is not the default 7; true is not a number; 2**70 is no whole number here.
    auto with = [&](const char* key, Json value) {
        Json p = base;
        p[key] = std::move(value);
        return parse_policy(p);
    };
    CHECK_FALSE(with("freeze_days", "14").ok());
    CHECK(with("freeze_days", "14").error().message.find("freeze_days") != std::string::npos);
    CHECK_FALSE(with("min_payout", true).ok());
    CHECK_FALSE(with("allow_self_purchase", "yes").ok());
    CHECK_FALSE(with("max_levels", nullptr).ok());
    CHECK_FALSE(with("binding", "window").ok());
    CHECK_FALSE(with("binding", Json{{"mode", "window"}, {"days", "30"}}).ok());
    CHECK_FALSE(with("commission", Json{{"levels", "1000"}}).ok());
    CHECK_FALSE(with("commission", Json{{"levels", {1000}}, {"cap", Json::array()}}).ok());
    CHECK_FALSE(with("payment", Json::object()).ok());
    CHECK_FALSE(with("payment", Json::array({{{"kind", "bank"}, {"account_name", "A"}, {"account", 12345678}}})).ok());
    auto huge = parse_json(R"({"type":"policy","brand":"b","version":1,"lost_after_days":1180591620717411303424})", "policy");
    REQUIRE(huge.ok());
    CHECK_FALSE(parse_policy(*huge).ok());
    CHECK(with("freeze_days", 14).ok());
}

TEST_CASE("a binding is made by an order that stands: a void order takes its binding with it") {
    // The order that made the binding is cancelled, nothing else stands: back to what it replaced, or unbound.
    CHECK(binding_after_void(true, false, true) == AfterVoid::Restore);
    CHECK(binding_after_void(true, false, false) == AfterVoid::Unbind);
    // Another order of the customer in that distributor's shop stands: the binding stays.
    CHECK(binding_after_void(true, true, false) == AfterVoid::Keep);
    CHECK(binding_after_void(true, true, true) == AfterVoid::Keep);
    // An order that only followed the binding (it made nothing) changes nothing when voided.
    CHECK(binding_after_void(false, false, false) == AfterVoid::Keep);
    CHECK(std::string(after_void_name(AfterVoid::Unbind)) == "unbind");
}
