// The console's Settlement tab (part of ConsoleController, see console.h).
//
// [SECTION] Loading    the brand's batches and payees (JSON), then its ledger (compact binary,
//                      core::decode_ledger), both signed requests; the core balances it at now
// [SECTION] Table      search and sort over every payee (20,000 rows stay instant: only the
//                      visible ones are drawn, the order is computed when the query or sort change)
// [SECTION] Batches    the batch for a cutoff date, made by the core, shown, signed, stored (the store
//                      recomputes it); the bank CSV by the core (byte-identical to the CLI's)
// [SECTION] Marks      a line paid or failed, signed by the brand, once
// [SECTION] Actions and test state
#include <algorithm>
#include <chrono>
#include <type_traits>

#include "app/console.h"
#include "app/store_answer.h"
#include "core/text.h"
#include "core/trust/request_auth.h"

namespace app {

using core::Json;

namespace {
std::string brand_api(const std::string& brand) { return "/api/brands/" + core::percent_encode(brand); }
}  // namespace

// [SECTION] Loading ------------------------------------------------------------------------------

void ConsoleController::fetch_settlement() {
    ConsoleState& c = s_.console;
    ConsoleSettlement& st = c.settlement;
    if (!c.key || st.fetching) return;
    if (st.status != ConsoleLoad::Ready) {
        st.status = ConsoleLoad::Loading;
        st.opened_ms = platform::now_ms();
        st.drawn_ms = 0;
    }
    st.fetching = true;
    const double started = platform::now_ms();
    const std::string path = brand_api(c.brand) + "/payouts";
    const int gen = gen_;
    platform::fetch("GET", path, "", [this, gen, started](platform::Response r) {
        if (gen != gen_) return;
        ConsoleSettlement& st = s_.console.settlement;
        auto fail = [&](const std::string& why) {
            st.fetching = false;
            st.error = why;
            if (st.status != ConsoleLoad::Ready) st.status = ConsoleLoad::Failed;
        };
        if (!r.ok()) return fail(server_message(r, "The payouts could not be loaded (HTTP " + std::to_string(r.status) + ")."));
        auto doc = core::parse_json(r.view(), "payouts");
        if (!doc) return fail(doc.error().message);
        std::vector<core::PayoutBatch> batches;
        if (const Json* list = core::get_array(*doc, "batches"))
            for (const auto& v : *list) {
                auto b = core::parse_payout_batch_view(v);
                if (!b) return fail("A payout batch from the store could not be read: " + b.error().message);
                batches.push_back(std::move(*b));
            }
        std::unordered_map<std::string, core::PayeeInfo> payees;
        if (const Json* p = core::get_object(*doc, "payees"))
            for (auto it = p->begin(); it != p->end(); ++it)
                payees[it.key()] = {core::string_or(it.value(), "name", ""), core::string_or(it.value(), "account", "")};
        st.batches = std::move(batches);
        st.payees = std::move(payees);
        st.options.min_payout = core::int_or(*doc, "min_payout", st.options.min_payout);
        st.options.freeze_days = static_cast<int>(core::int_or(*doc, "freeze_days", st.options.freeze_days));
        st.policy_version = core::int_or(*doc, "policy_version", 0);
        fetch_ledger(gen, started);
    }, "application/json", {{"Authorization", core::sign_request("GET", path, "", *c.key, platform::utc_ms())}});
}

void ConsoleController::fetch_ledger(int gen, double started) {
    ConsoleState& c = s_.console;
    const std::string path = brand_api(c.brand) + "/ledger";
    platform::fetch("GET", path, "", [this, gen, started](platform::Response r) {
        if (gen != gen_) return;
        ConsoleSettlement& st = s_.console.settlement;
        st.fetching = false;
        if (!r.ok()) {
            st.error = server_message(r, "The ledger could not be loaded (HTTP " + std::to_string(r.status) + ").");
            if (st.status != ConsoleLoad::Ready) st.status = ConsoleLoad::Failed;
            return;
        }
        const double fetched = platform::now_ms();
        st.fetch_ms = fetched - started;
        st.ledger_bytes = r.body.size();
        auto ledger = core::decode_ledger(std::string_view(reinterpret_cast<const char*>(r.body.data()), r.body.size()));
        if (!ledger) {
            st.error = ledger.error().message;
            if (st.status != ConsoleLoad::Ready) st.status = ConsoleLoad::Failed;
            return;
        }
        st.ledger = std::move(*ledger);
        st.decode_ms = platform::now_ms() - fetched;
        st.error.clear();
        settle_now();
        st.status = ConsoleLoad::Ready;
        bump_data();
    }, "application/json", {{"Authorization", core::sign_request("GET", path, "", *c.key, platform::utc_ms())}});
}

// Balances at this moment, by the core; then the table's order.
void ConsoleController::settle_now() {
    ConsoleSettlement& st = s_.console.settlement;
    const double t0 = platform::now_ms();
    st.computed_at = platform::utc_ms();
    st.balances = core::compute_balances(st.ledger, st.batches, st.options, st.computed_at);
    st.totals = core::total_balance(st.balances);
    st.balances_ms = platform::now_ms() - t0;
    sort_payees();
}

// [SECTION] Table --------------------------------------------------------------------------------

void ConsoleController::sort_payees() {
    ConsoleSettlement& st = s_.console.settlement;
    const std::string q = core::fold_for_search(st.query);
    auto name_of = [&](std::uint32_t i) -> const std::string& {
        auto it = st.payees.find(st.ledger.payees[i]);
        return it == st.payees.end() || it->second.name.empty() ? st.ledger.payees[i] : it->second.name;
    };
    st.rows.clear();
    for (std::uint32_t i = 0; i < st.ledger.payees.size() && i < st.balances.size(); ++i) {
        if (!q.empty() && core::fold_for_search(name_of(i) + " " + st.ledger.payees[i]).find(q) == std::string::npos) continue;
        st.rows.push_back(i);
    }
    auto key = [&](std::uint32_t i) -> core::Minor {
        const core::PayeeBalance& b = st.balances[i];
        switch (st.sort) {
            case SettleSort::Pending: return b.pending;
            case SettleSort::Paid: return b.paid;
            case SettleSort::Clawback: return b.clawback;
            default: return b.settleable;
        }
    };
    if (st.sort == SettleSort::Name)
        std::stable_sort(st.rows.begin(), st.rows.end(), [&](std::uint32_t a, std::uint32_t b) { return name_of(a) < name_of(b); });
    else
        std::stable_sort(st.rows.begin(), st.rows.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) > key(b); });
}

// [SECTION] Batches ------------------------------------------------------------------------------

void ConsoleController::propose_batch() {
    ConsoleState& c = s_.console;
    ConsoleSettlement& st = c.settlement;
    st.cutoff_error.clear();
    st.create_error.clear();
    const auto cutoff = core::parse_date(core::trim(st.cutoff_text));
    if (!cutoff) {
        st.cutoff_error = "Type the cutoff as a date: YYYY-MM-DD (UTC).";
        return;
    }
    if (*cutoff > platform::utc_ms()) {
        st.cutoff_error = "That date is still to come: a batch pays what is settleable by now. Pick today or earlier.";
        return;
    }
    const double t0 = platform::now_ms();
    auto batch = core::make_payout_batch(st.ledger, st.batches, st.options, *cutoff);
    st.batch_ms = platform::now_ms() - t0;
    if (!batch) {
        st.cutoff_error = batch.error().message;
        return;
    }
    for (const auto& b : st.batches)
        if (b.id == batch->id) {
            // Asked again for a cutoff already paid: that batch, not a new one.
            notice("That cutoff was already paid: here is its batch");
            s_.console.route.batch = b.id;
            replace_path(console_batch_path(c.brand, b.id));
            return;
        }
    if (batch->lines.empty()) {
        st.cutoff_error = batch->held_back > 0
                              ? "Nobody reaches the minimum payout as of that date yet (" + std::to_string(batch->held_back) +
                                    " distributors have smaller balances): nothing to pay."
                              : "Nothing became settleable by that date that is not paid already: nothing to pay.";
        return;
    }
    st.proposed = std::move(*batch);
}

void ConsoleController::create_batch() {
    ConsoleState& c = s_.console;
    ConsoleSettlement& st = c.settlement;
    if (!c.key || !st.proposed || st.creating) return;
    core::PayoutBatch b = *st.proposed;
    b.created_ms = platform::utc_ms();
    const core::Envelope env = core::sign_envelope(core::dump_json(core::payout_batch_to_json(b)), *c.key);
    const std::string body = core::dump_json(Json{{"envelope", env.to_json()}});
    const std::string path = brand_api(c.brand) + "/payouts";
    st.creating = true;
    st.create_error.clear();
    const int gen = gen_;
    const std::string id = b.id;
    const double t0 = platform::now_ms();
    platform::fetch("POST", path, body, [this, gen, id, t0](platform::Response r) {
        if (gen != gen_) return;
        ConsoleState& c = s_.console;
        ConsoleSettlement& st = c.settlement;
        st.creating = false;
        st.create_ms = platform::now_ms() - t0;  // signed, sent, recomputed by the store, stored
        const std::string code = server_code(r);
        if (!r.ok() && code != "batch_exists") {
            st.create_error = server_message(r, "The batch could not be stored (HTTP " + std::to_string(r.status) + "). Nothing was paid.");
            if (code == "batch_mismatch" || code == "stale_cutoff") fetch_settlement();  // the ledger moved on: show it
            return;
        }
        st.proposed.reset();
        notice(code == "batch_exists" ? "That cutoff was paid meanwhile: here is its batch" : "Payout batch created: download the CSV for the bank");
        c.route.batch = id;
        replace_path(console_batch_path(c.brand, id));
        fetch_settlement();
    }, "application/json", {{"Authorization", core::sign_request("POST", path, body, *c.key, platform::utc_ms())}});
}

void ConsoleController::download_batch_csv(const std::string& id) {
    ConsoleSettlement& st = s_.console.settlement;
    for (const auto& b : st.batches) {
        if (b.id != id) continue;
        const double t0 = platform::now_ms();
        const std::string csv = core::payout_csv(b, st.payees);
        st.csv_ms = platform::now_ms() - t0;
        platform::download(id + ".csv", "text/csv", platform::Bytes(csv.begin(), csv.end()));
        notice("CSV saved: one line per transfer");
        return;
    }
}

// [SECTION] Marks --------------------------------------------------------------------------------

void ConsoleController::mark_line(const std::string& batch, const std::string& payee, core::LineStatus status, const std::string& note) {
    ConsoleState& c = s_.console;
    ConsoleSettlement& st = c.settlement;
    if (!c.key || st.marking.count(payee)) return;
    core::LineMark m{c.brand, batch, payee, note, status, platform::utc_ms()};
    const core::Envelope env = core::sign_envelope(core::dump_json(core::line_mark_to_json(m)), *c.key);
    const std::string body = core::dump_json(Json{{"envelope", env.to_json()}});
    const std::string path = brand_api(c.brand) + "/payouts/" + core::percent_encode(batch) + "/lines";
    st.marking[payee] = status;
    st.mark_error.clear();
    const int gen = gen_;
    platform::fetch("POST", path, body, [this, gen, m](platform::Response r) {
        if (gen != gen_) return;
        ConsoleSettlement& st = s_.console.settlement;
        st.marking.erase(m.payee);
        if (!r.ok()) {
            st.mark_error = server_message(r, "The line could not be marked (HTTP " + std::to_string(r.status) + ").");
            if (r.status == 409) fetch_settlement();  // marked meanwhile: show where it stands
            return;
        }
        core::apply_line_mark(st.batches, m);
        settle_now();  // a failed transfer is settleable again
        bump_data();
        notice(m.status == core::LineStatus::Paid ? "Marked paid" : "Marked failed: it is paid again in the next batch");
    }, "application/json", {{"Authorization", core::sign_request("POST", path, body, *c.key, platform::utc_ms())}});
}

// [SECTION] Actions and test state ---------------------------------------------------------------

bool ConsoleController::handle_settlement(const ConsoleAction& action) {
    ConsoleSettlement& st = s_.console.settlement;
    bool handled = true;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, RefreshSettlement>) {
                fetch_settlement();
            } else if constexpr (std::is_same_v<T, SearchPayees>) {
                sort_payees();
            } else if constexpr (std::is_same_v<T, SortPayees>) {
                st.sort = a.sort;
                sort_payees();
            } else if constexpr (std::is_same_v<T, ProposeBatch>) {
                propose_batch();
            } else if constexpr (std::is_same_v<T, CancelBatch>) {
                st.proposed.reset();
                st.create_error.clear();
            } else if constexpr (std::is_same_v<T, CreateBatch>) {
                create_batch();
            } else if constexpr (std::is_same_v<T, DownloadBatchCsv>) {
                download_batch_csv(a.batch);
            } else if constexpr (std::is_same_v<T, MarkPayoutLine>) {
                if (a.status == core::LineStatus::Failed && !a.confirmed) {
                    st.confirm = BatchMarkConfirm{a.batch, a.payee, a.status};
                    st.fail_note.clear();
                    return;
                }
                std::string note;
                if (a.status == core::LineStatus::Failed) note = core::trim(st.fail_note);
                st.confirm.reset();
                mark_line(a.batch, a.payee, a.status, note);
            } else if constexpr (std::is_same_v<T, CancelLineMark>) {
                st.confirm.reset();
            } else {
                handled = false;
            }
        },
        action.what);
    return handled;
}

core::Json ConsoleController::settlement_test_state() const {
    const ConsoleSettlement& st = s_.console.settlement;
    const char* loads[] = {"idle", "loading", "ready", "not_found", "refused", "failed"};
    auto money = [](const core::PayeeBalance& b) {
        return Json{{"pending", b.pending}, {"settleable", b.settleable}, {"paid", b.paid}, {"clawback", b.clawback}, {"cancelled", b.cancelled}};
    };
    Json batches = Json::array();
    for (const auto& b : st.batches) {
        Json lines = Json::array();
        for (const auto& l : b.lines)
            lines.push_back({{"payee", l.payee}, {"amount", l.amount}, {"clawback", l.clawback}, {"status", core::line_status_name(l.status)}});
        batches.push_back({{"id", b.id}, {"cutoff", b.cutoff}, {"total", b.total}, {"lines", lines}});
    }
    Json top = Json::array();
    for (std::size_t k = 0; k < st.rows.size() && k < 5; ++k) {
        const std::uint32_t i = st.rows[k];
        top.push_back({{"payee", st.ledger.payees[i]}, {"balance", money(st.balances[i])}});
    }
    return {{"status", loads[static_cast<int>(st.status)]},
            {"fetching", st.fetching},
            {"error", st.error},
            {"orders", st.ledger.orders.size()},
            {"payees", st.ledger.payees.size()},
            {"rows", st.rows.size()},
            {"top", top},
            {"totals", money(st.totals)},
            {"min_payout", st.options.min_payout},
            {"batches", batches},
            {"cutoff_error", st.cutoff_error},
            {"proposed", st.proposed ? Json{{"id", st.proposed->id}, {"lines", st.proposed->lines.size()}, {"total", st.proposed->total},
                                            {"held_back", st.proposed->held_back}}
                                     : Json(nullptr)},
            {"creating", st.creating},
            {"create_error", st.create_error},
            {"marking", st.marking.size()},
            {"mark_error", st.mark_error},
            {"confirm", st.confirm ? st.confirm->payee : ""},
            {"timings", {{"fetch_ms", st.fetch_ms}, {"decode_ms", st.decode_ms}, {"balances_ms", st.balances_ms}, {"drawn_ms", st.drawn_ms},
                         {"batch_ms", st.batch_ms}, {"csv_ms", st.csv_ms}, {"create_ms", st.create_ms},
                         {"ledger_bytes", st.ledger_bytes}}}};
}

}  // namespace app
