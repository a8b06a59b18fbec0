// dynshop settle: the payout batch for a cutoff, made and signed from a terminal the way the brand
// console makes it, through the store's HTTP API; its bank CSV written to a file.
//
//   dynshop settle --url URL --brand BRAND --cutoff YYYY-MM-DD --csv FILE [--key-file FILE]
//
// The brand's key comes from DYNSHOP_PASSPHRASE (Argon2id over the passphrase and the brand id, as
// the console derives it) or from a key file ({"seed": base64}). Steps: the brand's certificate (is
// this key the brand's?), its batches and payees, the compact ledger, the batch by the core, signed
// and posted (the store recomputes it before storing), the CSV by the core. A cutoff already paid
// gives that stored batch again; run twice, the same batch and byte-identical CSV. Prints one JSON
// line {"batch", "lines", "total_minor", "currency", "stored"}; exit 0, or 1 with the reason on stderr.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli/cli.h"
#include "cli/http.h"
#include "core/json.h"
#include "core/ledger/settlement.h"
#include "core/time.h"
#include "core/trust/trust.h"

namespace cli {

namespace {

core::UtcMs now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int fail(const std::string& what) {
    std::fprintf(stderr, "dynshop settle: %s\n", what.c_str());
    return 1;
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::ostringstream ss;
    ss << f.rdbuf();
    out = ss.str();
    return true;
}

core::Result<core::KeyPair> key_from_file(const std::string& path) {
    std::string text;
    if (!read_file(path, text)) return core::make_error("no_key_file", "cannot read the key file " + path);
    auto kp = core::read_key_file(text);
    if (!kp) return core::make_error(kp.error().code, path + ": " + kp.error().message);
    return kp;
}

}  // namespace

int settle(const Args& args) {
    const std::string url = args.get("--url"), brand = args.get("--brand"), cutoff_text = args.get("--cutoff"),
                      csv_path = args.get("--csv"), key_file = args.get("--key-file");
    if (url.empty() || brand.empty() || cutoff_text.empty() || csv_path.empty()) {
        std::fprintf(stderr, "usage: dynshop settle --url URL --brand BRAND --cutoff YYYY-MM-DD --csv FILE [--key-file FILE]\n"
                             "       the brand's passphrase in DYNSHOP_PASSPHRASE, or its key file with --key-file\n");
        return 2;
    }
    const auto cutoff = core::parse_date(cutoff_text);
    if (!cutoff) return fail("--cutoff \"" + cutoff_text + "\" is not a date (YYYY-MM-DD, UTC)");
    if (*cutoff > now_ms()) return fail("the cutoff " + cutoff_text + " is in the future: a batch settles what is settleable by now");

    // The brand's key.
    core::KeyPair key;
    if (!key_file.empty()) {
        auto k = key_from_file(key_file);
        if (!k) return fail(k.error().message);
        key = *k;
    } else {
        const char* pass = std::getenv("DYNSHOP_PASSPHRASE");
        if (!pass || !*pass) return fail("set DYNSHOP_PASSPHRASE to the brand's passphrase, or give --key-file FILE");
        auto k = core::derive_keypair(pass, brand);
        if (!k) return fail(k.error().message);
        key = *k;
    }

    Http http(url);
    // Is this key the brand's? (The store would refuse the signature anyway; say it plainly first.)
    Response r = http.get("/api/brands/" + brand);
    if (r.status != 200) return fail("the brand " + brand + " at " + url + ": " + describe_failure(r));
    auto info = core::parse_json(r.body, "brand");
    if (!info) return fail(info.error().message);
    const core::Json* cert_env = core::get_object(*info, "brand");
    auto env = cert_env ? core::Envelope::from_json(*cert_env) : core::Result<core::Envelope>(core::make_error("x", "no certificate"));
    if (!env) return fail("the store sent no brand certificate for " + brand);
    auto cert = core::parse_json(env->payload, "brand certificate");
    if (!cert || core::string_or(*cert, "key", "") != key.pk.b64())
        return fail(key_file.empty() ? "this passphrase does not open brand " + brand + " (its key is not the brand's)"
                                     : "the key file is not brand " + brand + "'s key");

    // The batches made so far, with their lines' marks, and who the payees are.
    r = http.get("/api/brands/" + brand + "/payouts", &key);
    if (r.status != 200) return fail("the brand's payouts: " + describe_failure(r));
    auto payouts = core::parse_json(r.body, "payouts");
    if (!payouts) return fail(payouts.error().message);
    std::vector<core::PayoutBatch> batches;
    if (const core::Json* list = core::get_array(*payouts, "batches"))
        for (const auto& v : *list) {
            auto b = core::parse_payout_batch_view(v);
            if (!b) return fail("a stored batch could not be read: " + b.error().message);
            batches.push_back(std::move(*b));
        }
    std::unordered_map<std::string, core::PayeeInfo> payees;
    if (const core::Json* p = core::get_object(*payouts, "payees"))
        for (auto it = p->begin(); it != p->end(); ++it)
            payees[it.key()] = {core::string_or(it.value(), "name", ""), core::string_or(it.value(), "account", "")};
    core::SettlementOptions options;
    options.min_payout = core::int_or(*payouts, "min_payout", options.min_payout);
    options.freeze_days = static_cast<int>(core::int_or(*payouts, "freeze_days", options.freeze_days));

    // The batch: the stored one for this cutoff, or a new one from the ledger.
    core::PayoutBatch batch;
    bool stored = false;
    const core::PayoutBatch* existing = nullptr;
    for (const auto& b : batches)
        if (b.cutoff == *cutoff) existing = &b;
    if (existing) {
        batch = *existing;
    } else {
        r = http.get("/api/brands/" + brand + "/ledger", &key);
        if (r.status != 200) return fail("the ledger: " + describe_failure(r));
        auto ledger = core::decode_ledger(r.body);
        if (!ledger) return fail(ledger.error().message);
        auto made = core::make_payout_batch(*ledger, batches, options, *cutoff);
        if (!made) return fail(made.error().message);
        batch = std::move(*made);
        batch.created_ms = now_ms();
    }
    if (!existing && batch.lines.empty()) {
        // Nothing reaches the minimum payout as of this cutoff: no batch to store, an empty CSV.
    } else if (!existing) {
        const core::Envelope signed_batch = core::sign_envelope(core::dump_json(core::payout_batch_to_json(batch)), key);
        r = http.post_json("/api/brands/" + brand + "/payouts", core::dump_json(core::Json{{"envelope", signed_batch.to_json()}}), &key);
        if (r.status == 201) {
            stored = true;
        } else if (r.status == 409) {
            // Someone made this cutoff's batch meanwhile: theirs is the batch.
            auto j = core::Json::parse(r.body, nullptr, false);
            const core::Json* e = j.is_object() ? core::get_object(j, "error") : nullptr;
            const core::Json* theirs = e ? core::get_object(*e, "batch") : nullptr;
            auto b = theirs ? core::parse_payout_batch(*theirs) : core::Result<core::PayoutBatch>(core::make_error("x", "x"));
            if (!b) return fail("the store refused the batch: " + describe_failure(r));
            batch = std::move(*b);
        } else if (r.status != 200) {
            return fail("the store refused the batch: " + describe_failure(r));
        }
    }

    const std::string csv = core::payout_csv(batch, payees);
    {
        std::ofstream out(csv_path, std::ios::binary | std::ios::trunc);
        if (!out || !(out << csv)) return fail("cannot write " + csv_path);
    }
    std::printf("%s\n", core::dump_json(core::Json{{"batch", batch.id},
                                                   {"lines", batch.lines.size()},
                                                   {"total_minor", batch.total},
                                                   {"currency", batch.currency},
                                                   {"cutoff", core::format_date(batch.cutoff)},
                                                   {"held_back", batch.held_back},
                                                   {"stored", stored}})
                            .c_str());
    return 0;
}

}  // namespace cli
