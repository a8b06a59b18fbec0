// bench_release: how long the browser's domain work takes to open a big shop, natively and (built
// as wasm, run under node) the way the app does it.
//
//   bench_release --seed DIR [--shop SLUG] [--runs N] [--json FILE]
//
// DIR is what `gen_demo --scale --out DIR` writes (trust.json, documents.jsonl). The shop bundle is
// assembled from those documents the way serve.py hands it out (manifest, the distributor's
// enrollment chain, brand certificates, current releases and policies), as JSON text. Then, N times
// each (median and min reported, in ms):
//   bundle_parse   JSON text -> ShopBundle (parse_json + parse_shop_bundle), what the app did first
//   bundle_read    the same through read_objects_of_strings, what the app does now (ShopOpening)
//   sig_verify     Ed25519 check of the release payload alone
//   payload_parse  the release payload's JSON text -> Json
//   release_fields the parsed payload -> core::Release (parse_release alone)
//   content_hashes every product's canonical content hash (product_content_hash, 3,000 times)
//   signed_hashes  the same check from the signed bytes (content_hash_mismatch, what open_release does)
//   open_release   signature + parse + every product's content hash (core::open_release)
//   open_return    the same on a return visit: the release's seal remembered (core::ReleaseSeals),
//                  signature + parse, no content hashes
//   verify_first   what verifying costs a first visit: sig_verify + signed_hashes (from the runs above)
//   verify_return  and a return visit: the signature alone (the seal is looked up in a list of 32)
//   put_back       a packed release (its content hashes left out on the way, as the store sends it
//                  for a first visit) -> the payload as signed (core::put_back_content_hashes)
//   open_packed    core::open_release of the packed release: hashes put back, signature, parse
//   verify_packed  what verifying a packed release costs (first and return visits alike):
//                  put_back + sig_verify (the hashes need no check: each is made from its product)
//   open_pieces_packed  open_pieces on the answer as the app now asks for it (?hashes=left_out)
//   compose_shop   the whole shop: certificates, chain, manifest, releases (core::compose_shop)
//   open_pieces    the store's answer opened the way the app opens it: core::ShopOpening in pieces of
//                  8 ms (the app's slice); its pieces, and the longest one (what a phone's page waits for)
//   search_all     core::search_shop with no filter; search_word with a one-word query
// Human lines go to stderr, one JSON object to stdout (and to FILE with --json).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/json.h"
#include "core/shop/shop.h"
#include "core/trust/trust.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

int fail(const std::string& what) {
    std::fprintf(stderr, "bench_release: %s\n", what.c_str());
    return 1;
}

struct Stat {
    double median = 0, min = 0, mean = 0;
    int runs = 0;
};

// Times fn() `runs` times after one untimed warm-up run; fn returns false on a wrong result.
template <class Fn>
bool timed(int runs, Stat& out, Fn fn) {
    if (!fn()) return false;
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        const bool ok = fn();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!ok) return false;
    }
    std::sort(ms.begin(), ms.end());
    out.runs = runs;
    out.min = ms.front();
    out.median = ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
    double sum = 0;
    for (double v : ms) sum += v;
    out.mean = sum / ms.size();
    return true;
}

struct Latest {
    std::int64_t version = -1;
    core::Envelope env;
    core::Json payload;
};

}  // namespace

int main(int argc, char** argv) {
    std::string seed, shop = "scale-all", json_out;
    int runs = 11;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = argv[++i];
        else if (!std::strcmp(argv[i], "--shop") && i + 1 < argc) shop = argv[++i];
        else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json_out = argv[++i];
        else {
            std::fprintf(stderr, "usage: bench_release --seed DIR [--shop SLUG] [--runs N] [--json FILE]\n");
            return 2;
        }
    }
    if (seed.empty()) return fail("--seed DIR is required (a directory written by gen_demo --scale --out DIR)");

    // ---- setup (untimed): index the documents, assemble the bundle as serve.py would -------------
    auto trust = core::parse_json(read_text(seed + "/trust.json"), "trust.json");
    if (!trust) return fail("cannot read " + seed + "/trust.json: " + trust.error().message);
    auto root = core::PublicKey::from_b64(core::string_or(*trust, "root_key", ""));
    if (!root) return fail("trust.json has no usable root_key");

    std::ifstream docs(seed + "/documents.jsonl", std::ios::binary);
    if (!docs) return fail("cannot read " + seed + "/documents.jsonl");
    // (kind, brand, subject) -> newest document; subject is the brand for brand/release/policy,
    // the distributor for enrollments, the slug for manifests.
    std::map<std::string, Latest> latest;
    std::map<std::string, std::string> parent_of;  // brand|distributor -> parent distributor
    std::string line;
    std::size_t lines = 0;
    while (std::getline(docs, line)) {
        if (line.empty()) continue;
        ++lines;
        auto doc = core::parse_json(line, "document line");
        if (!doc) return fail("documents.jsonl line " + std::to_string(lines) + " is not JSON");
        const std::string kind = core::string_or(*doc, "kind", "");
        const core::Json* envj = core::get_object(*doc, "envelope");
        if (!envj) return fail("documents.jsonl line " + std::to_string(lines) + " has no envelope");
        auto env = core::Envelope::from_json(*envj);
        if (!env) return fail("documents.jsonl line " + std::to_string(lines) + ": " + env.error().message);
        auto payload = core::parse_json(env->payload, "payload");
        if (!payload) return fail("documents.jsonl line " + std::to_string(lines) + ": payload is not JSON");
        std::string brand = core::string_or(*payload, "brand", ""), subject = brand;
        if (kind == "enrollment") {
            subject = core::string_or(*payload, "distributor", "");
            parent_of[brand + "|" + subject] = core::string_or(*payload, "parent", "");
        } else if (kind == "manifest") {
            brand = "";
            subject = core::string_or(*payload, "slug", "");
        }
        const std::int64_t version = core::int_or(*payload, "version", 0);
        Latest& l = latest[kind + "|" + brand + "|" + subject];
        if (version >= l.version) {
            l.version = version;
            l.env = std::move(*env);
            l.payload = kind == "release" ? core::Json() : std::move(*payload);  // releases are big
        }
    }
    auto manifest_it = latest.find("manifest||" + shop);
    if (manifest_it == latest.end()) return fail("no manifest for shop \"" + shop + "\" in " + seed);
    const core::Json& manifest = manifest_it->second.payload;
    const std::string distributor = core::string_or(manifest, "distributor", "");
    std::vector<std::string> brands;
    if (const core::Json* arr = core::get_array(manifest, "brands"))
        for (const auto& b : *arr)
            if (b.is_string()) brands.push_back(b.get<std::string>());
    if (brands.empty()) return fail("shop \"" + shop + "\" carries no brand");

    core::Json bundle = {{"manifest", manifest_it->second.env.to_json()}, {"enrollments", core::Json::object()},
                         {"brands", core::Json::object()}, {"releases", core::Json::object()}, {"policies", core::Json::object()}};
    for (const auto& b : brands) {
        core::Json chain = core::Json::object();
        std::string cur = distributor;
        for (int depth = 0; !cur.empty() && depth < 16; ++depth) {
            auto e = latest.find("enrollment|" + b + "|" + cur);
            if (e == latest.end()) break;
            chain[cur] = e->second.env.to_json();
            cur = parent_of[b + "|" + cur];
        }
        bundle["enrollments"][b] = chain;
        for (const char* kind : {"brand", "release", "policy"}) {
            auto it = latest.find(std::string(kind) + "|" + b + "|" + b);
            if (it != latest.end()) bundle[std::string(kind) == "brand" ? "brands" : std::string(kind) + "s"][b] = it->second.env.to_json();
        }
    }
    const std::string bundle_text = core::dump_json(bundle);
    // The answer as the storefront asks for it: every release that can be, packed.
    for (auto it = bundle["releases"].begin(); it != bundle["releases"].end(); ++it)
        if (auto packed = core::leave_out_content_hashes(it.value()["payload"].get<std::string>())) {
            it.value()["payload"] = *packed;
            it.value()["hashes"] = "left_out";
        }
    const std::string packed_bundle_text = core::dump_json(bundle);
    bundle = core::Json();
    latest.clear();

    auto parsed = core::parse_json(bundle_text, "shop");
    auto sb = parsed ? core::parse_shop_bundle(*parsed) : core::Result<core::ShopBundle>(parsed.error());
    if (!sb) return fail("the assembled bundle does not parse: " + sb.error().message);
    const std::string main_brand = brands.front();
    auto cert_env = sb->brands.find(main_brand);
    auto rel_env = sb->releases.find(main_brand);
    if (cert_env == sb->brands.end() || rel_env == sb->releases.end()) return fail("brand " + main_brand + " has no certificate or release");
    auto cert = core::open_brand_cert(cert_env->second, *root);
    if (!cert) return fail("brand certificate: " + cert.error().message);
    const core::Envelope& release = rel_env->second;

    // ---- timed ---------------------------------------------------------------------------------
    std::size_t products = 0, items = 0, found = 0;
    Stat s_bundle, s_read, s_pieces, s_pieces_packed, s_put_back, s_open_packed, s_sig, s_payload, s_fields, s_hashes, s_signed, s_open, s_return, s_compose, s_search_all, s_search_word;
    bool ok = timed(runs, s_bundle, [&] {
        auto d = core::parse_json(bundle_text, "shop");
        return d && core::parse_shop_bundle(*d).ok();
    });
    ok = ok && timed(runs, s_read, [&] {
        auto d = core::read_objects_of_strings(bundle_text);
        return d && core::parse_shop_bundle(*d).ok();
    });
    std::size_t pieces = 0, pieces_packed = 0;
    double longest_piece = 0, longest_piece_packed = 0;
    auto in_pieces = [&](const std::string& text, std::size_t& count, double& longest) {
        using Clock = std::chrono::steady_clock;
        core::ShopOpening opening(text, *root, "", nullptr);
        count = 0;
        longest = 0;
        for (bool done = false; !done;) {
            const auto start = Clock::now();
            done = opening.step(start + std::chrono::milliseconds(8));
            longest = std::max(longest, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            ++count;
        }
        auto view = opening.take();
        return view && !view->brands.empty() && view->brands.front().release.has_value();
    };
    ok = ok && timed(runs, s_pieces, [&] { return in_pieces(bundle_text, pieces, longest_piece); });
    ok = ok && timed(runs, s_pieces_packed, [&] { return in_pieces(packed_bundle_text, pieces_packed, longest_piece_packed); });
    const auto packed_payload = core::leave_out_content_hashes(release.payload);
    if (!packed_payload) return fail("the release cannot be packed (not in dump_json's form, or a wrong hash)");
    const core::Envelope packed{*packed_payload, release.key, release.sig};
    ok = ok && timed(runs, s_put_back, [&] { return core::put_back_content_hashes(packed.payload) == release.payload; });
    ok = ok && timed(runs, s_open_packed, [&] { return core::open_release(packed, *cert, nullptr, true).ok(); });
    ok = ok && timed(runs, s_sig, [&] { return core::verify_detached(release.payload, release.sig, cert->key); });
    ok = ok && timed(runs, s_payload, [&] { return core::parse_json(release.payload, "release").ok(); });
    auto payload_json = core::parse_json(release.payload, "release");
    if (!payload_json) return fail("the release payload does not parse");
    ok = ok && timed(runs, s_fields, [&] { return core::parse_release(*payload_json).ok(); });
    ok = ok && timed(runs, s_hashes, [&] {
        std::size_t n = 0;
        for (const auto& p : (*payload_json)["products"]) n += core::product_content_hash(p).size() == 64;
        return n == (*payload_json)["products"].size();
    });
    ok = ok && timed(runs, s_signed, [&] { return !core::content_hash_mismatch(*payload_json, release.payload); });
    ok = ok && timed(runs, s_open, [&] {
        auto r = core::open_release(release, *cert);
        if (!r) std::fprintf(stderr, "open_release: %s\n", r.error().message.c_str());
        products = r ? r->products.size() : 0;
        return r.ok();
    });
    core::ReleaseSeals seals;
    for (int i = 0; i < static_cast<int>(core::ReleaseSeals::kKept) - 1; ++i) seals.remember("other." + std::to_string(i));
    seals.remember(core::release_seal(release, *cert));
    ok = ok && timed(runs, s_return, [&] { return core::open_release(release, *cert, &seals).ok(); });
    if (!ok) return fail("a timed step failed");
    std::optional<core::ShopView> view;
    ok = timed(runs, s_compose, [&] {
        auto v = core::compose_shop(*sb, *root);
        if (!v) {
            std::fprintf(stderr, "compose_shop: %s\n", v.error().message.c_str());
            return false;
        }
        items = v->items.size();
        view.emplace(std::move(*v));
        return !view->brands.empty() && view->brands.front().release.has_value();
    });
    if (!ok) return fail("compose_shop failed");
    // A word from the middle product's title: a realistic query that matches some, not all.
    std::string word;
    {
        const std::string& title = view->items[view->items.size() / 2].product->title;
        std::size_t sp = title.find(' ');
        word = title.substr(0, sp == std::string::npos ? title.size() : sp);
    }
    ok = timed(runs, s_search_all, [&] { return core::search_shop(*view, "", "").size() == items; }) &&
         timed(runs, s_search_word, [&] {
             found = core::search_shop(*view, "", word).size();
             return found > 0;
         });
    if (!ok) return fail("search_shop failed");

#ifdef __EMSCRIPTEN__
    const char* where = "wasm";
#else
    const char* where = "native";
#endif
    auto line_out = [&](const char* name, const Stat& s) {
        std::fprintf(stderr, "[%s] %-14s median %8.2f ms   min %8.2f ms   (%d runs)\n", where, name, s.median, s.min, s.runs);
    };
    std::fprintf(stderr, "[%s] shop %s: %zu products, bundle %.2f MB, release payload %.2f MB\n", where, shop.c_str(), items,
                 bundle_text.size() / 1e6, release.payload.size() / 1e6);
    line_out("bundle_parse", s_bundle);
    line_out("bundle_read", s_read);
    line_out("open_pieces", s_pieces);
    std::fprintf(stderr, "[%s] open_pieces    %zu pieces of 8 ms, the longest %.2f ms (the last run)\n", where, pieces, longest_piece);
    line_out("open_pieces_packed", s_pieces_packed);
    std::fprintf(stderr, "[%s] open_pieces_packed %zu pieces of 8 ms, the longest %.2f ms (the last run); answer %.2f MB packed\n",
                 where, pieces_packed, longest_piece_packed, packed_bundle_text.size() / 1e6);
    line_out("put_back", s_put_back);
    line_out("open_packed", s_open_packed);
    line_out("sig_verify", s_sig);
    line_out("payload_parse", s_payload);
    line_out("release_fields", s_fields);
    line_out("content_hashes", s_hashes);
    line_out("signed_hashes", s_signed);
    line_out("open_release", s_open);
    line_out("open_return", s_return);
    std::fprintf(stderr, "[%s] verify_first   median %8.2f ms   (sig_verify + signed_hashes)\n", where, s_sig.median + s_signed.median);
    std::fprintf(stderr, "[%s] verify_return  median %8.2f ms   (sig_verify; the seal remembered)\n", where, s_sig.median);
    std::fprintf(stderr, "[%s] verify_packed  median %8.2f ms   (put_back + sig_verify; first and return visits)\n", where,
                 s_put_back.median + s_sig.median);
    line_out("compose_shop", s_compose);
    line_out("search_all", s_search_all);
    line_out("search_word", s_search_word);

    auto js = [](const Stat& s) { return core::Json{{"median_ms", s.median}, {"min_ms", s.min}, {"mean_ms", s.mean}, {"runs", s.runs}}; };
    core::Json out = {{"where", where},
                      {"shop", shop},
                      {"products", products},
                      {"items", items},
                      {"bundle_bytes", bundle_text.size()},
                      {"release_payload_bytes", release.payload.size()},
                      {"search_query", word},
                      {"search_word_matches", found},
                      {"bundle_parse", js(s_bundle)},
                      {"bundle_read", js(s_read)},
                      {"open_pieces", js(s_pieces)},
                      {"open_pieces_count", pieces},
                      {"open_longest_piece_ms", longest_piece},
                      {"sig_verify", js(s_sig)},
                      {"payload_parse", js(s_payload)},
                      {"release_fields", js(s_fields)},
                      {"content_hashes", js(s_hashes)},
                      {"signed_hashes", js(s_signed)},
                      {"open_release", js(s_open)},
                      {"open_return", js(s_return)},
                      {"verify_first_ms", s_sig.median + s_signed.median},
                      {"verify_return_ms", s_sig.median},
                      {"packed_bundle_bytes", packed_bundle_text.size()},
                      {"open_pieces_packed", js(s_pieces_packed)},
                      {"open_pieces_packed_count", pieces_packed},
                      {"open_longest_piece_packed_ms", longest_piece_packed},
                      {"put_back", js(s_put_back)},
                      {"open_packed", js(s_open_packed)},
                      {"verify_packed_ms", s_put_back.median + s_sig.median},
                      {"compose_shop", js(s_compose)},
                      {"search_all", js(s_search_all)},
                      {"search_word", js(s_search_word)}};
    const std::string text = core::dump_json(out);
    std::printf("%s\n", text.c_str());
    if (!json_out.empty()) {
        std::ofstream f(json_out, std::ios::binary | std::ios::trunc);
        f << text << "\n";
        if (!f) return fail("cannot write " + json_out);
    }
    return 0;
}
