// dynshop audit: every shop a store lists, checked from a terminal against the platform's root key
// the way a consumer's browser checks it (core::audit_shop), trusting nothing from the host but the
// documents' signatures.
//
//   dynshop audit --url URL --root-key BASE64 [--brand BRAND] [--jobs N] [--gzip yes|no]
//
// Steps: the shop list (GET /api/directory, then per brand GET /api/directory?brand=B); each brand's
// certificate (GET /api/brands/B, verified against the root key given) and current release
// (GET /api/releases/B, verified against the certificate); then every shop's bundle
// (GET /api/shops/<slug>), fetched by N workers in parallel (one connection each, default 4), audited
// against every brand that lists it. Prints one line per shop that is not fine,
//   slug<TAB>status<TAB>reason
// (status: stale, missing_products, forged, wrong_shop, unreadable, or unchecked when the host did not
// answer for it), then one JSON line
//   {"shops": N, "ok": N, "refused": N, "unchecked": N, "shops_per_s": X}
// Exit status: 0 every shop is fine, 1 some shop is not, 2 the host stopped answering part-way (the
// shops it could not check are named on stderr and as "unchecked" lines), 3 usage.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli.h"
#include "cli/http.h"

#include <curl/curl.h>
#include "core/audit/audit.h"
#include "core/json.h"
#include "core/referral/link.h"

namespace cli {

namespace {

constexpr int kGiveUpAfter = 3;  // shops in a row with no answer: the host has stopped answering

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// One line per shop: no tab or line break from a shop's own words may split it.
std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

bool host_failed(const Response& r) { return r.status == 0 || r.status >= 500; }

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

// One worker's connection for the shop bundles (an easy handle each, kept alive between shops).
// A bundle carries the brand's whole release (megabytes): over a network it comes gzipped; on this
// machine's loopback uncompressed, since the store gzips each bundle anew whenever its answer cache
// cannot hold them all, which costs it more than sending the bytes.
class BundleFetcher {
public:
    BundleFetcher(const std::string& base, bool gzip) : base_(base), gzip_(gzip), curl_(curl_easy_init()) {}
    ~BundleFetcher() {
        if (curl_) curl_easy_cleanup(curl_);
    }
    BundleFetcher(const BundleFetcher&) = delete;
    BundleFetcher& operator=(const BundleFetcher&) = delete;
    Response get(const std::string& path) {
        Response r;
        if (!curl_) {
            r.error = "libcurl could not start";
            return r;
        }
        const std::string url = base_ + path;
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &r.body);
        curl_easy_setopt(curl_, CURLOPT_ACCEPT_ENCODING, gzip_ ? "" : "identity");
        curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 10L);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 120L);
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        const CURLcode rc = curl_easy_perform(curl_);
        if (rc == CURLE_OK) curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &r.status);
        else r.error = curl_easy_strerror(rc);
        return r;
    }

private:
    std::string base_;
    bool gzip_;
    CURL* curl_;
};

bool loopback(const std::string& url) {
    for (const char* host : {"://localhost", "://127.", "://[::1]"})
        if (url.find(host) != std::string::npos && url.find(host) < 8) return true;
    return false;
}

// A brand as the root key vouches for it: its certificate and current release, verified; or why not.
struct BrandCheck {
    std::string id;
    std::vector<std::string> slugs;  // the shops the store lists under it
    bool verified = false;
    bool unanswered = false;         // the host did not answer for its documents
    std::string problem;             // why its shops cannot be trusted
    core::AuditBrand brand;
    core::Envelope release_env;
};

// Worst first, "unchecked" between fine and the rest: a shop nobody could look at is not fine.
enum class Outcome { Ok, Refused, Unchecked };

struct ShopResult {
    std::string slug;
    Outcome outcome = Outcome::Ok;
    core::AuditStatus status = core::AuditStatus::Ok;
    std::string reason;
};

core::Result<core::Json> get_json(Http& http, const std::string& path, const std::string& what, bool& unanswered) {
    Response r = http.get(path);
    unanswered = host_failed(r);
    if (r.status != 200) return core::make_error("http", what + ": " + describe_failure(r));
    auto j = core::parse_json(r.body, what);
    if (!j) return j.error();
    return j;
}

void check_brand(Http& http, BrandCheck& b, const core::PublicKey& root) {
    bool unanswered = false;
    auto info = get_json(http, "/api/brands/" + core::percent_encode(b.id), "the brand " + b.id, unanswered);
    if (!info) {
        b.unanswered = unanswered;
        b.problem = info.error().message;
        return;
    }
    const core::Json* cert_json = core::get_object(*info, "brand");
    auto env = cert_json ? core::Envelope::from_json(*cert_json) : core::Result<core::Envelope>(core::make_error("x", "x"));
    auto cert = env ? core::open_brand_cert(*env, root) : core::Result<core::BrandCert>(core::make_error("x", "x"));
    if (!cert || cert->brand != b.id) {
        b.problem = "the certificate the store holds for brand " + b.id + " is not signed by the platform's root key";
        return;
    }
    Response r = http.get("/api/releases/" + core::percent_encode(b.id));
    if (r.status != 200) {
        b.unanswered = host_failed(r);
        b.problem = cert->name + "'s current catalog: " + describe_failure(r);
        return;
    }
    auto rel_env = core::Envelope::parse(r.body);
    auto rel = rel_env ? core::open_release(*rel_env, *cert) : core::Result<core::Release>(rel_env.error());
    if (!rel) {
        b.problem = "the current catalog the store holds for " + cert->name + " is not what it signed: " + rel.error().message;
        return;
    }
    rel->reindex();
    b.brand.root = root;
    b.brand.cert = *cert;
    b.brand.current = std::move(*rel);
    b.release_env = *rel_env;
    b.verified = true;
    // The brand's earlier releases: which products it ever had (a shop of several brands lists them
    // all in one list). Without every one of them, such products are checked against each brand.
    b.brand.history_known = true;
    for (std::int64_t v = 1; v < b.brand.current.version && b.brand.history_known; ++v) {
        Response old = http.get("/api/releases/" + core::percent_encode(b.id) + "/" + std::to_string(v));
        auto env = old.status == 200 ? core::Envelope::parse(old.body) : core::Result<core::Envelope>(core::make_error("x", "x"));
        auto opened = env ? core::open_release(*env, *cert) : core::Result<core::Release>(env.error());
        if (opened) core::note_earlier_release(b.brand, *opened);
        else b.brand.history_known = false;
    }
}

std::vector<std::string> slugs_of(const core::Json& dir) {
    std::vector<std::string> out;
    if (const core::Json* shops = core::get_array(dir, "shops"))
        for (const auto& s : *shops) {
            const std::string slug = core::string_or(s, "slug", "");
            if (core::is_valid_slug(slug)) out.push_back(slug);
        }
    return out;
}

int usage() {
    std::fprintf(stderr, "usage: dynshop audit --url URL --root-key BASE64 [--brand BRAND] [--jobs N] [--gzip yes|no]\n"
                         "       the root key is the platform's public key (build/demo/trust.json: \"root_key\");\n"
                         "       --jobs: connections fetching shops at once (default 4); --gzip: bundles gzipped (default: yes,\n"
                         "       except on this machine's loopback)\n");
    return 3;
}

}  // namespace

int audit(const Args& args) {
    const std::string url = args.get("--url"), root_b64 = args.get("--root-key"), only = args.get("--brand");
    const std::string jobs_text = args.get("--jobs"), gzip_flag = args.get("--gzip");
    if (url.empty() || root_b64.empty() || (!gzip_flag.empty() && gzip_flag != "yes" && gzip_flag != "no")) return usage();
    int jobs = jobs_text.empty() ? 4 : std::atoi(jobs_text.c_str());
    if (jobs < 1 || jobs > 64) return usage();
    auto root = core::PublicKey::from_b64(root_b64);
    if (!root) {
        std::fprintf(stderr, "dynshop audit: --root-key is not a base64 Ed25519 public key (32 bytes)\n");
        return 3;
    }
    const auto t0 = std::chrono::steady_clock::now();
    Http http(url);

    // The shop list: which brands, and which shops each lists. Nothing here is trusted but as a list
    // of addresses to check.
    std::vector<BrandCheck> brands;
    bool unanswered = false;
    if (only.empty()) {
        auto dir = get_json(http, "/api/directory", "the shop list", unanswered);
        if (!dir) {
            std::fprintf(stderr, "dynshop audit: %s\n", dir.error().message.c_str());
            return unanswered ? 2 : 1;
        }
        if (const core::Json* list = core::get_array(*dir, "brands"))
            for (const auto& b : *list) {
                const std::string id = core::string_or(b, "id", "");
                if (!core::is_valid_id(id)) continue;
                brands.emplace_back();
                brands.back().id = id;
            }
    } else {
        brands.emplace_back();
        brands.back().id = only;
    }
    std::vector<std::string> order;              // every shop once, in the order first listed
    std::map<std::string, std::vector<std::size_t>> listed_by;  // slug -> brands listing it
    for (std::size_t i = 0; i < brands.size(); ++i) {
        BrandCheck& b = brands[i];
        auto dir = get_json(http, "/api/directory?brand=" + core::percent_encode(b.id), "the shops of " + b.id, unanswered);
        if (!dir) {
            std::fprintf(stderr, "dynshop audit: %s\n", dir.error().message.c_str());
            return unanswered ? 2 : 1;
        }
        b.slugs = slugs_of(*dir);
        for (const auto& slug : b.slugs) {
            auto& by = listed_by[slug];
            if (by.empty()) order.push_back(slug);
            by.push_back(i);
        }
        check_brand(http, b, *root);
        if (b.unanswered) {
            std::fprintf(stderr, "dynshop audit: the host stopped answering: %s\n", b.problem.c_str());
            return 2;
        }
    }

    // Every shop, by `jobs` workers with a connection each, as many audits as shops.
    std::vector<ShopResult> results(order.size());
    std::atomic<std::size_t> next{0};
    std::atomic<int> failures_in_a_row{0};
    std::vector<std::unique_ptr<BundleFetcher>> conns;
    const int workers = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(jobs), std::max<std::size_t>(order.size(), 1)));
    const bool gzip = gzip_flag == "yes" || (gzip_flag.empty() && !loopback(http.base()));
    for (int w = 0; w < workers; ++w) conns.push_back(std::make_unique<BundleFetcher>(http.base(), gzip));  // before any thread runs
    auto work = [&](BundleFetcher& conn) {
        core::AuditCache cache;
        for (const auto& b : brands)
            if (b.verified) cache.known_release(b.release_env, b.brand.cert, b.brand.current);
        for (;;) {
            const std::size_t k = next.fetch_add(1);
            if (k >= order.size()) return;
            ShopResult& out = results[k];
            out.slug = order[k];
            if (failures_in_a_row.load() >= kGiveUpAfter) {
                out.outcome = Outcome::Unchecked;
                out.reason = "not asked: the host had stopped answering";
                continue;
            }
            Response r = conn.get("/api/shops/" + core::percent_encode(out.slug));
            if (host_failed(r)) {
                ++failures_in_a_row;
                out.outcome = Outcome::Unchecked;
                out.reason = "the host did not answer for it: " + describe_failure(r);
                continue;
            }
            failures_in_a_row = 0;
            std::vector<std::string> reasons;
            auto refuse = [&](core::AuditStatus s, const std::string& why) {
                out.outcome = Outcome::Refused;
                out.status = std::max(out.status, s);
                if (std::find(reasons.begin(), reasons.end(), why) == reasons.end()) reasons.push_back(why);
            };
            if (r.status != 200) {
                refuse(core::AuditStatus::Unreadable, "the store lists this shop but answered " + describe_failure(r));
            } else {
                auto doc = core::parse_json(r.body, "shop");
                for (std::size_t i : listed_by[out.slug]) {
                    const BrandCheck& b = brands[i];
                    if (!b.verified) {
                        refuse(core::AuditStatus::Forged, b.problem);
                        continue;
                    }
                    const core::ShopAudit a = doc ? core::audit_shop_json(b.brand, out.slug, *doc, &cache)
                                                  : core::audit_shop(b.brand, out.slug, std::string_view(r.body), &cache);
                    if (!a.ok()) refuse(a.status, a.reason());
                }
            }
            for (const auto& why : reasons) out.reason += (out.reason.empty() ? "" : "; ") + why;
        }
    };
    std::vector<std::thread> threads;
    for (int w = 1; w < workers; ++w) threads.emplace_back(work, std::ref(*conns[static_cast<std::size_t>(w)]));
    if (!conns.empty()) work(*conns[0]);
    for (auto& t : threads) t.join();

    std::size_t ok = 0, refused = 0, unchecked = 0;
    std::string not_checked;
    for (const ShopResult& s : results) {
        if (s.outcome == Outcome::Ok) {
            ++ok;
            continue;
        }
        const bool un = s.outcome == Outcome::Unchecked;
        (un ? unchecked : refused)++;
        if (un) not_checked += (not_checked.empty() ? "" : ", ") + s.slug;
        std::printf("%s\t%s\t%s\n", s.slug.c_str(), un ? "unchecked" : core::audit_status_name(s.status), one_line(s.reason).c_str());
    }
    const double secs = seconds_since(t0);
    const std::size_t checked = ok + refused;
    const double rate = secs > 0 ? static_cast<double>(checked) / secs : 0;
    std::printf("{\"shops\": %zu, \"ok\": %zu, \"refused\": %zu, \"unchecked\": %zu, \"shops_per_s\": %.1f, \"seconds\": %.3f, "
                "\"jobs\": %d, \"gzip\": %s}\n",
                results.size(), ok, refused, unchecked, rate, secs, workers, gzip ? "true" : "false");
    std::fflush(stdout);
    if (unchecked) {
        std::fprintf(stderr, "dynshop audit: the host at %s stopped answering; %zu of %zu shops could not be checked: %s\n", url.c_str(),
                     unchecked, results.size(), not_checked.c_str());
        return 2;
    }
    return refused ? 1 : 0;
}

}  // namespace cli
