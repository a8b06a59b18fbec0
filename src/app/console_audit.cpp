// The console's Audit tab (part of ConsoleController, see console.h): every shop that carries the
// brand, its bundle fetched from the store and verified in this browser exactly as a consumer's
// browser verifies it, against the platform's root key, the brand's certificate and its current
// release (core::audit_shop).
//
// [SECTION] Running   the shop list, the brand's earlier releases (which products it ever had), then
//                     the shops, a few fetches at a time; counts added as each result lands
// [SECTION] List      filter and search over every shop, worst first (counting sort, no per-frame work)
// [SECTION] Actions and test state
#include <algorithm>
#include <type_traits>

#include "app/console.h"
#include "app/store_answer.h"
#include "core/referral/link.h"
#include "core/text.h"

namespace app {

using core::Json;

namespace {
constexpr std::size_t kParallelFetches = 6;  // shop bundles in flight at once
constexpr double kListEveryMs = 250;          // while running, the list's order is recomputed at most this often
constexpr std::size_t kTestRows = 60;

using ShopList = std::vector<std::pair<std::string, std::string>>;  // slug, name

ShopList shops_from_directory(const Json& doc) {
    ShopList out;
    if (const Json* shops = core::get_array(doc, "shops"))
        for (const auto& sh : *shops) {
            std::string slug = core::string_or(sh, "slug", "");
            if (!core::is_valid_slug(slug)) continue;
            std::string name = core::string_or(sh, "name", slug);
            out.emplace_back(std::move(slug), std::move(name));
        }
    return out;
}

bool host_failed(const platform::Response& r) { return r.status == 0 || r.status >= 500; }

// Worse first: what the list shows at the top.
int rank(const AuditRow& r) {
    switch (r.state) {
        case AuditRowState::Waiting: return 0;
        case AuditRowState::Checking: return 1;
        case AuditRowState::Unchecked: return 3;
        case AuditRowState::Done:
            return r.result.status == core::AuditStatus::Ok ? 2 : 3 + static_cast<int>(r.result.status);
    }
    return 0;
}
constexpr int kRanks = 3 + static_cast<int>(core::kAuditStatusCount);

bool matches(const AuditRow& r, const std::string& filter) {
    if (filter == "all") return true;
    if (filter == "unchecked") return r.state == AuditRowState::Unchecked;
    if (filter == "problems")
        return r.state == AuditRowState::Unchecked || (r.state == AuditRowState::Done && !r.result.ok());
    auto status = core::parse_audit_status(filter);
    return status && r.state == AuditRowState::Done && r.result.status == *status;
}
}  // namespace

// [SECTION] Running ------------------------------------------------------------------------------

void ConsoleController::open_audit() {
    ConsoleState& c = s_.console;
    ConsoleAudit& au = c.audit;
    // Results stay until "check again", unless the brand published another release since: then
    // every shop is checked against the new one.
    if (au.status == ConsoleLoad::Ready && au.brand && c.published && au.brand->current.version != c.published->version)
        au.status = ConsoleLoad::Idle;
    if (au.status != ConsoleLoad::Idle || !c.published || !c.cert || !s_.root) return;
    if (c.shops_status == ConsoleLoad::Ready) {
        ShopList shops;
        shops.reserve(c.shops.size());
        for (const auto& s : c.shops) shops.emplace_back(s.slug, s.name);
        return run_audit(shops);
    }
    // The console asked for its shop list when it opened and it has not come yet: ask too, and take
    // whichever answer is here first.
    au.status = ConsoleLoad::Loading;
    const int gen = gen_, run = ++au.run;
    au.started_ms = platform::now_ms();
    platform::fetch("GET", "/api/directory?brand=" + core::percent_encode(c.brand), "", [this, gen, run](platform::Response r) {
        if (gen != gen_ || run != s_.console.audit.run) return;
        ConsoleState& c = s_.console;
        ShopList shops;
        if (c.shops_status == ConsoleLoad::Ready) {
            for (const auto& s : c.shops) shops.emplace_back(s.slug, s.name);
        } else {
            auto doc = r.ok() ? core::parse_json(r.view(), "shop list") : core::Result<Json>(core::make_error("x", "x"));
            if (!doc || !core::get_array(*doc, "shops")) {
                c.audit.status = ConsoleLoad::Failed;
                c.audit.error = server_message(r, "The brand's shops could not be loaded (HTTP " + std::to_string(r.status) + ").");
                return;
            }
            shops = shops_from_directory(*doc);
        }
        run_audit(shops);
    });
}

void ConsoleController::run_audit(const ShopList& shops) {
    ConsoleState& c = s_.console;
    ConsoleAudit& au = c.audit;
    const int run = au.run + 1;
    const std::string filter = au.filter, query = au.query;
    au = ConsoleAudit{};
    au.run = run;
    au.filter = filter;
    au.query = query;
    au.status = ConsoleLoad::Loading;
    au.started_ms = platform::now_ms();
    au.rows.resize(shops.size());
    for (std::size_t i = 0; i < shops.size(); ++i) {
        AuditRow& row = au.rows[i];
        row.slug = shops[i].first;
        row.name = shops[i].second;
        row.haystack = core::fold_for_search(row.name + " " + row.slug);
    }
    // What a consumer's browser checks against: the platform's root, the brand's certificate and
    // its current release (both verified when the console opened).
    au.brand = std::make_unique<core::AuditBrand>();
    au.brand->root = *s_.root;
    au.brand->cert = *c.cert;
    au.brand->current = *c.published;
    au.brand->current.reindex();
    au.cache = std::make_unique<core::AuditCache>();
    audit_rows(true);
    audit_history(run, c.published->version);
}

// The products the brand ever had, from its earlier releases (a shop of several brands lists every
// brand's products in one list; an id no carried brand has now is this brand's only if it once had it).
void ConsoleController::audit_history(int run, std::int64_t version) {
    ConsoleAudit& au = s_.console.audit;
    if (version <= 1) {
        au.brand->history_known = true;
        return audit_more();
    }
    auto pending = std::make_shared<std::int64_t>(version - 1);
    auto known = std::make_shared<bool>(true);
    const int gen = gen_;
    for (std::int64_t v = 1; v < version; ++v) {
        const std::string path = "/api/releases/" + core::percent_encode(s_.console.brand) + "/" + std::to_string(v);
        platform::fetch("GET", path, "", [this, gen, run, pending, known](platform::Response r) {
            if (gen != gen_ || run != s_.console.audit.run) return;
            ConsoleState& c = s_.console;
            ConsoleAudit& au = c.audit;
            auto doc = r.ok() ? core::parse_json(r.view(), "catalog release") : core::Result<Json>(core::make_error("x", "x"));
            auto env = doc ? core::Envelope::from_json(*doc) : core::Result<core::Envelope>(doc.error());
            auto rel = env ? core::open_release(*env, *c.cert) : core::Result<core::Release>(env.error());
            if (rel) core::note_earlier_release(*au.brand, *rel);
            else *known = false;
            if (--*pending > 0) return;
            au.brand->history_known = *known;
            audit_more();
        });
    }
}

void ConsoleController::audit_more() {
    ConsoleState& c = s_.console;
    ConsoleAudit& au = c.audit;
    const int gen = gen_, run = au.run;
    while (au.in_flight < kParallelFetches && au.next < au.rows.size()) {
        const std::size_t k = au.next++;
        au.rows[k].state = AuditRowState::Checking;
        ++au.in_flight;
        platform::fetch("GET", "/api/shops/" + core::percent_encode(au.rows[k].slug), "", [this, gen, run, k](platform::Response r) {
            if (gen != gen_ || run != s_.console.audit.run) return;
            audit_answer(k, r);
        });
    }
    if (au.in_flight == 0 && au.next >= au.rows.size() && au.status == ConsoleLoad::Loading) {
        au.status = ConsoleLoad::Ready;
        au.finished_ms = platform::now_ms();
        audit_rows(true);
    }
}

void ConsoleController::audit_answer(std::size_t k, const platform::Response& r) {
    ConsoleAudit& au = s_.console.audit;
    --au.in_flight;
    AuditRow& row = au.rows[k];
    if (host_failed(r)) {
        row.state = AuditRowState::Unchecked;
        row.why_unchecked = r.status == 0 ? "The store did not answer." : "The store failed to answer (HTTP " + std::to_string(r.status) + ").";
        ++au.unchecked;
    } else {
        if (r.ok()) {
            const std::string_view text(reinterpret_cast<const char*>(r.body.data()), r.body.size());
            const double t0 = platform::now_ms();
            row.result = core::audit_shop(*au.brand, row.slug, text, au.cache.get());
            au.work_ms += platform::now_ms() - t0;
            au.bytes += r.body.size();
        } else {
            // The store lists the shop under the brand but will not hand it over.
            row.result = core::ShopAudit{};
            row.result.slug = row.slug;
            row.result.status = core::AuditStatus::Unreadable;
            row.result.findings.push_back({core::AuditStatus::Unreadable, "unreadable",
                                           "The store lists this shop but answered HTTP " + std::to_string(r.status) + ": " +
                                               server_message(r, "no shop")});
        }
        row.state = AuditRowState::Done;
        au.summary.add(row.result.status);
    }
    ++au.finished;
    audit_more();
    audit_rows(false);
}

// [SECTION] List ---------------------------------------------------------------------------------

void ConsoleController::audit_rows(bool now) {
    ConsoleAudit& au = s_.console.audit;
    const double t = platform::now_ms();
    if (!now && t - au.shown_at_ms < kListEveryMs) return;
    au.shown_at_ms = t;
    const std::string q = core::fold_for_search(core::trim(au.query));
    // Counting sort by rank, worst first, the shop list's order within a rank.
    std::vector<std::uint32_t> count(kRanks + 1, 0);
    std::vector<std::uint8_t> ranks(au.rows.size(), 0xFF);
    for (std::size_t i = 0; i < au.rows.size(); ++i) {
        const AuditRow& r = au.rows[i];
        if (!matches(r, au.filter)) continue;
        if (!q.empty() && r.haystack.find(q) == std::string::npos) continue;
        ranks[i] = static_cast<std::uint8_t>(kRanks - 1 - rank(r));
        ++count[ranks[i] + 1];
    }
    for (int k = 0; k < kRanks; ++k) count[k + 1] += count[k];
    au.shown.assign(count[kRanks], 0);
    for (std::size_t i = 0; i < au.rows.size(); ++i)
        if (ranks[i] != 0xFF) au.shown[count[ranks[i]]++] = static_cast<std::uint32_t>(i);
}

// [SECTION] Actions and test state ---------------------------------------------------------------

bool ConsoleController::handle_audit(const ConsoleAction& action) {
    ConsoleAudit& au = s_.console.audit;
    bool handled = true;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, RunAudit>) {
                if (au.status == ConsoleLoad::Loading) return;
                au.status = ConsoleLoad::Idle;
                open_audit();
            } else if constexpr (std::is_same_v<T, SetAuditFilter>) {
                au.filter = a.filter;
                audit_rows(true);
            } else if constexpr (std::is_same_v<T, SearchAudit>) {
                audit_rows(true);
            } else {
                handled = false;
            }
        },
        action.what);
    return handled;
}

core::Json ConsoleController::audit_test_state() const {
    const ConsoleAudit& au = s_.console.audit;
    const char* loads[] = {"idle", "loading", "ready", "not_found", "refused", "failed"};
    const char* states[] = {"waiting", "checking", "done", "unchecked"};
    Json counts = Json::object();
    for (std::size_t i = 0; i < core::kAuditStatusCount; ++i)
        counts[core::audit_status_name(static_cast<core::AuditStatus>(i))] = au.summary.counts[i];
    const double end = au.status == ConsoleLoad::Ready ? au.finished_ms : platform::now_ms();
    const double elapsed = au.started_ms > 0 ? end - au.started_ms : 0;
    Json rows = Json::array();
    for (std::size_t k = 0; k < au.shown.size() && k < kTestRows; ++k) {
        const AuditRow& r = au.rows[au.shown[k]];
        Json codes = Json::array();
        for (const auto& f : r.result.findings) codes.push_back(f.code);
        rows.push_back({{"slug", r.slug},
                        {"name", r.name},
                        {"state", states[static_cast<int>(r.state)]},
                        {"status", r.state == AuditRowState::Done ? core::audit_status_name(r.result.status)
                                   : r.state == AuditRowState::Unchecked ? "unchecked" : ""},
                        {"codes", codes},
                        {"reason", r.state == AuditRowState::Unchecked ? r.why_unchecked : r.result.reason()},
                        {"missing", r.result.missing_products},
                        {"release_version", r.result.release_version}});
    }
    return {{"status", loads[static_cast<int>(au.status)]},
            {"error", au.error},
            {"total", au.rows.size()},
            {"finished", au.finished},
            {"in_flight", au.in_flight},
            {"counts", counts},
            {"refused", au.summary.refused()},
            {"unchecked", au.unchecked},
            {"filter", au.filter},
            {"query", au.query},
            {"shown", au.shown.size()},
            {"release_version", au.brand ? au.brand->current.version : 0},
            {"history_known", au.brand ? au.brand->history_known : false},
            {"releases_opened", au.cache ? au.cache->releases_opened : 0},
            {"elapsed_ms", elapsed},
            {"work_ms", au.work_ms},
            {"bytes", au.bytes},
            {"shops_per_s", elapsed > 0 ? static_cast<double>(au.finished) * 1000.0 / elapsed : 0.0},
            {"rows", rows}};
}

}  // namespace app
