// fuzz_csv: the core writes CSV (it reads none): the bank's payout CSV (core::payout_csv) and a
// payee's statement (core::statement_csv), from a batch and names, accounts and order ids that come
// from distributors and the store. The fuzzer's bytes become those strings and numbers
// (FuzzedDataProvider); the CSV is read back with a strict RFC 4180 reader here, which must find
// the header and one row per line, every field as it was written, and no text field a spreadsheet
// would run as a formula (a leading = + - @ tab or CR gets a ' in front).
#include <fuzzer/FuzzedDataProvider.h>

#include <optional>
#include <unordered_map>
#include <vector>

#include "core/ledger/settlement.h"
#include "fuzz.h"

namespace {
using Row = std::vector<std::string>;

// RFC 4180: fields separated by commas, rows ended by \n; a quoted field may hold anything, with ""
// for a quote; an unquoted one may not hold a quote, a comma, CR or LF. nullopt: not such a CSV.
std::optional<std::vector<Row>> read_csv(const std::string& s) {
    std::vector<Row> rows;
    Row row;
    std::string field;
    std::size_t i = 0;
    bool row_open = false;
    while (i < s.size()) {
        row_open = true;
        if (s[i] == '"') {
            ++i;
            for (;;) {
                if (i >= s.size()) return std::nullopt;  // unterminated quote
                if (s[i] == '"') {
                    if (i + 1 < s.size() && s[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += s[i++];
            }
            if (i < s.size() && s[i] != ',' && s[i] != '\n') return std::nullopt;  // text after a closing quote
        } else {
            while (i < s.size() && s[i] != ',' && s[i] != '\n') {
                if (s[i] == '"' || s[i] == '\r') return std::nullopt;
                field += s[i++];
            }
        }
        row.push_back(std::move(field));
        field.clear();
        if (i < s.size() && s[i] == ',') {
            ++i;
            if (i == s.size()) return std::nullopt;  // a row cut after a comma
            continue;
        }
        if (i < s.size()) ++i;  // the newline
        rows.push_back(std::move(row));
        row.clear();
        row_open = false;
    }
    if (row_open) return std::nullopt;  // the last row has no newline
    return rows;
}

// What csv_field promises a spreadsheet sees for a text value.
std::string as_written(const std::string& v) {
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) return "'" + v;
    return v;
}

bool formula_safe(const std::string& f) {
    return f.empty() || !(f[0] == '=' || f[0] == '+' || f[0] == '-' || f[0] == '@' || f[0] == '\t' || f[0] == '\r');
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    core::PayoutBatch batch;
    batch.id = in.ConsumeRandomLengthString(64);
    batch.currency = in.ConsumeBool() ? "JPY" : in.ConsumeRandomLengthString(8);
    std::unordered_map<std::string, core::PayeeInfo> payees;
    const int n = in.ConsumeIntegralInRange(0, 8);
    for (int i = 0; i < n; ++i) {
        core::PayoutLine line;
        line.payee = in.ConsumeRandomLengthString(32);
        line.gross = in.ConsumeIntegralInRange<core::Minor>(0, 1'000'000'000'000);
        line.clawback = in.ConsumeIntegralInRange<core::Minor>(0, line.gross);
        line.amount = line.gross - line.clawback;
        line.shares = in.ConsumeIntegralInRange<long>(0, 1'000'000);
        if (in.ConsumeBool()) payees[line.payee] = {in.ConsumeRandomLengthString(64), in.ConsumeRandomLengthString(64)};
        batch.lines.push_back(std::move(line));
    }

    const std::string csv = core::payout_csv(batch, payees);
    auto rows = read_csv(csv);
    FUZZ_CHECK(rows.has_value());
    FUZZ_CHECK(rows->size() == batch.lines.size() + 1);
    FUZZ_CHECK((*rows)[0].size() == 11);
    for (std::size_t i = 0; i < batch.lines.size(); ++i) {
        const Row& r = (*rows)[i + 1];
        const core::PayoutLine& l = batch.lines[i];
        auto it = payees.find(l.payee);
        const core::PayeeInfo info = it == payees.end() ? core::PayeeInfo{} : it->second;
        FUZZ_CHECK(r.size() == 11);
        FUZZ_CHECK(r[0] == as_written(batch.id) && r[1] == as_written(batch.id + ":" + std::to_string(i + 1)) &&
                   r[2] == as_written(l.payee) && r[3] == as_written(info.name) && r[4] == as_written(info.account) &&
                   r[5] == as_written(batch.currency));
        FUZZ_CHECK(r[6] == std::to_string(l.amount) && r[8] == std::to_string(l.gross) && r[9] == std::to_string(l.clawback) &&
                   r[10] == std::to_string(l.shares));
        for (int c = 0; c < 6; ++c) FUZZ_CHECK(formula_safe(r[c]));
    }

    core::Statement st;
    st.batch = batch.id;
    st.payee = in.ConsumeRandomLengthString(32);
    st.currency = batch.currency;
    const int m = in.ConsumeIntegralInRange(0, 8);
    for (int i = 0; i < m; ++i) {
        core::StatementEntry e;
        e.kind = in.ConsumeBool() ? core::StatementEntry::Share : core::StatementEntry::Clawback;
        e.order = in.ConsumeRandomLengthString(32);
        e.level = in.ConsumeIntegralInRange(0, 9);
        e.amount = in.ConsumeIntegralInRange<core::Minor>(0, 1'000'000'000'000);
        e.placed_ms = in.ConsumeIntegralInRange<core::UtcMs>(0, 4'102'444'800'000);  // up to 2100
        e.delivered_ms = in.ConsumeBool() ? 0 : e.placed_ms + 86'400'000;
        e.voided_ms = in.ConsumeBool() ? 0 : e.placed_ms + 2 * 86'400'000;
        st.entries.push_back(std::move(e));
    }
    const std::string scsv = core::statement_csv(st);
    auto srows = read_csv(scsv);
    FUZZ_CHECK(srows.has_value());
    FUZZ_CHECK(srows->size() == st.entries.size() + 1);
    for (std::size_t i = 0; i < st.entries.size(); ++i) {
        const Row& r = (*srows)[i + 1];
        FUZZ_CHECK(r.size() == 10);
        FUZZ_CHECK(r[0] == as_written(st.batch) && r[1] == as_written(st.payee) && r[3] == as_written(st.entries[i].order));
        for (int c : {0, 1, 3, 7, 8, 9}) FUZZ_CHECK(formula_safe(r[c]));
    }
    return 0;
}
