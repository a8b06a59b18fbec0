// The console's policy editor reads what the brand types (src/core/catalog/policy_form.h), the
// policy's own rules judge it, and one undo history (src/core/history.h) serves every editor.
#include <doctest/doctest.h>

#include "core/catalog/policy_form.h"
#include "core/history.h"

using namespace core;

TEST_CASE("percent as people type it") {
    CHECK(*parse_percent("10") == 1000);
    CHECK(*parse_percent("10.5") == 1050);
    CHECK(*parse_percent("0.25") == 25);
    CHECK(*parse_percent(" 12 % ") == 1200);
    CHECK(*parse_percent("１０．５％") == 1050);  // a Chinese keyboard
    CHECK(*parse_percent("100") == 10000);
    CHECK_FALSE(parse_percent("100.01").ok());
    CHECK_FALSE(parse_percent("2.755").ok());
    CHECK_FALSE(parse_percent("-3").ok());
    CHECK_FALSE(parse_percent("ten").ok());
    CHECK(parse_percent("").error().code == "no_percent");
    for (BasisPoints bp : {0, 5, 25, 250, 1000, 1050, 9999, 10000}) CHECK(*parse_percent(percent_text(bp)) == bp);
    CHECK(percent_text(1050) == "10.5");
    CHECK(percent_text(1000) == "10");
    CHECK(percent_text(-10) == "-0.1");  // a negative rate reads as one in the policy's refusal
    CHECK(percent_text(-1050) == "-10.5");
}

TEST_CASE("a policy form reads into the policy, and the policy's rules speak under the fields") {
    Policy p;
    p.brand = "b";
    p.version = 3;
    p.binding = BindingMode::Window;
    p.binding_days = 45;
    p.levels = {1200, 400, 100};
    p.overrides["p1"] = {500};
    p.cap = 2000;
    p.freeze_days = 14;
    p.min_payout = 2000;
    PaymentMethod bank;
    bank.kind = PaymentMethod::Bank;
    bank.account_name = "Northmoor Botanics LLC";
    bank.account = "021000021 / 483920117";
    bank.bank = "First Harbor Bank";
    p.payment = {PaymentMethod{}, bank};
    const PolicyForm f = policy_form_of(p, "USD");
    CHECK(f.mode == "window");
    CHECK(f.levels == std::vector<std::string>{"12", "4", "1"});
    CHECK(f.min_payout == "20.00");
    CHECK(f.cod);
    CHECK(f.bank);
    CHECK_FALSE(f.link);
    const PolicyRead back = read_policy_form(f, "b", 4, "USD");
    CHECK(back.errors.empty());
    CHECK(policy_to_json(back.policy)["commission"] == policy_to_json(p)["commission"]);
    CHECK(policy_to_json(back.policy)["payment"] == policy_to_json(p)["payment"]);
    CHECK(back.policy.version == 4);

    // Typed badly, each field says what to fix; the rules of the policy add theirs.
    PolicyForm bad = f;
    bad.levels = {"60", "50"};       // 110% in all
    bad.freeze_days = "two weeks";
    bad.min_payout = "-5";
    bad.overrides = {{"p1", {"abc"}}};
    bad.link = true;
    bad.url = "http://pay.example";   // not https
    bad.window_days = "0";
    const PolicyRead r = read_policy_form(bad, "b", 4, "USD");
    CHECK(r.errors.count("freeze_days"));
    CHECK(r.errors.count("min_payout"));
    CHECK(r.errors.count("overrides.p1.0"));
    CHECK(r.errors.count("binding_days"));
    REQUIRE(r.errors.count("levels"));
    CHECK(r.errors.at("levels").find("110%") != std::string::npos);
    REQUIRE(r.errors.count("link"));
    CHECK(r.errors.at("link").find("https") != std::string::npos);
    // Four levels are refused by the policy's rule (at most three are paid).
    PolicyForm four = f;
    four.levels = {"5", "3", "2", "1"};
    four.cap = "100";
    CHECK(read_policy_form(four, "b", 4, "USD").errors.count("levels"));
    // A cap below the plan.
    PolicyForm capped = f;
    capped.cap = "10";
    CHECK(read_policy_form(capped, "b", 4, "USD").errors.at("levels").find("cap") != std::string::npos);
    // No way to pay at all.
    PolicyForm none = f;
    none.cod = none.bank = none.link = false;
    CHECK(read_policy_form(none, "b", 4, "USD").errors.count("payment"));
}

TEST_CASE("the worked example splits one order up a real chain, the rest to the brand") {
    Policy p;
    p.levels = {1000, 300};
    const Split s = example_split(p, "p_hx_001", 12800, 2, {"d_xiaoyu", "d_chen", "d_lily"});
    CHECK(s.order_total == 25600);
    REQUIRE(s.payees.size() == 3);
    CHECK(s.payees[0].amount == 2560);
    CHECK(s.payees[1].amount == 768);
    CHECK(s.payees[2].amount == 0);  // the plan pays two levels
    CHECK(s.brand == 25600 - 2560 - 768);
}

TEST_CASE("one undo history: typing in a field is one step, typing it back removes the step, redo is dropped by a new edit") {
    UndoHistory<PolicyForm> h(PolicyForm{});
    PolicyForm a = h.current();
    a.cap = "5";
    CHECK(h.record(a, "cap", 1000));
    a.cap = "50";
    CHECK(h.record(a, "cap", 1500));   // the same field within 1.5 s: the same step
    CHECK(h.size() == 2);
    a.cap = "100";                       // back to where the step began: no step at all
    CHECK(h.record(a, "cap", 1900));
    CHECK(h.size() == 1);
    CHECK_FALSE(h.can_undo());
    a.freeze_days = "3";
    CHECK(h.record(a, "freeze", 5000));
    a.self_purchase = true;
    CHECK(h.record(a, "", 5100));
    CHECK(h.undo());
    CHECK_FALSE(h.current().self_purchase);
    CHECK(h.can_redo());
    PolicyForm b = h.current();
    b.mode = "last";
    CHECK(h.record(b, "", 6000));      // a new edit drops the redo
    CHECK_FALSE(h.can_redo());
    CHECK_FALSE(h.record(h.current(), "", 7000));  // nothing new
    for (std::size_t i = 0; i < UndoHistory<PolicyForm>::kMaxSteps + 20; ++i) {
        PolicyForm c = h.current();
        c.min_payout = std::to_string(i);
        h.record(c, "", 10000 + static_cast<UtcMs>(i) * 5000);
    }
    CHECK(h.size() == UndoHistory<PolicyForm>::kMaxSteps + 1);
}

TEST_CASE("a brand may bind customers only once their order is paid: the policy says so, the form edits it") {
    Json p = {{"type", "policy"}, {"brand", "b"}, {"version", 1}, {"binding", {{"mode", "permanent"}, {"on", "paid"}}}};
    auto pol = parse_policy(p);
    REQUIRE(pol.ok());
    CHECK(pol->bind_on_paid);
    CHECK(policy_to_json(*pol)["binding"] == Json{{"mode", "permanent"}, {"on", "paid"}});
    p["binding"]["on"] = "order";
    REQUIRE(parse_policy(p).ok());
    CHECK_FALSE(parse_policy(p)->bind_on_paid);
    // A policy that does not say keeps its bytes: "on" is written only when it is "paid".
    CHECK_FALSE(policy_to_json(*parse_policy(p))["binding"].contains("on"));
    p["binding"]["on"] = "visit";
    CHECK_FALSE(parse_policy(p).ok());
    p["binding"]["on"] = 1;
    CHECK_FALSE(parse_policy(p).ok());
    PolicyForm f = policy_form_of(*pol, "CNY");
    CHECK(f.bind_on_paid);
    CHECK(read_policy_form(f, "b", 2, "CNY").policy.bind_on_paid);
    f.bind_on_paid = false;
    const PolicyRead back = read_policy_form(f, "b", 2, "CNY");
    CHECK(back.errors.empty());
    CHECK_FALSE(back.policy.bind_on_paid);
}
