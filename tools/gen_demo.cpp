// gen_demo: writes the seeded demo world (or, with --scale, the scale data) that serve.py loads.
//
//   gen_demo --out build/demo           two brands, ten shops, generated product photography
//                                       (catalogs, shops and articles from assets/demo/: --assets DIR)
//   gen_demo --scale --out build/scale  3,000 SKUs, 20,000 distributors, 200 shops, and their activity:
//                                       1,000,000 events and the orders they lead to; and a
//                                       1,000,000-order ledger for settlement
//
// Output (deterministic: the same bytes on every run on the same machine and fonts):
//   DIR/trust.json        {"root_key": b64}
//   DIR/documents.jsonl   {"kind", "envelope"} per line, in dependency order
//   DIR/images/<sha>.jpg  every image, named by the SHA-256 of its bytes
//   DIR/demo.json         brands, shops, passphrases (demo)   | DIR/scale.json  counts (scale)
//   DIR/charset.txt       every non-ASCII character in the demo's text (for the font subsets)
//   DIR/activity/         (scale) events.ndjson, orders.ndjson, activity.json: see scale_activity.h;
//                         serve.py --import-activity DIR/activity loads them into a store
//   DIR/ledger/           (scale) orders.ndjson, ledger.json: see scale_ledger.h; bench_settlement reads them
//
//   gen_demo --history build/demo --end MS --out DIR
//                         six weeks of the demo shops' history ending at MS (UTC ms; default now):
//                         DIR/events.ndjson, orders.ndjson, payouts.ndjson, history.json (demo_history.h);
//                         serve.py --import-activity DIR loads them
//
// Every shop is composed and verified against the root key before anything is written.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "demo/demo_history.h"
#include "demo/demo_world.h"
#include "demo/scale_activity.h"
#include "demo/scale_ledger.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::vector<std::uint8_t> read_file(const char* path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return {};
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

bool write_file(const fs::path& path, const void* data, std::size_t size) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) return false;
    f.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    return static_cast<bool>(f);
}

bool write_text(const fs::path& path, const std::string& text) { return write_file(path, text.data(), text.size()); }

// Label lettering uses the machine's fonts when present (Debian: fonts-inter, fonts-liberation,
// fonts-droid-fallback); without them labels get abstract marks instead of words.
void load_fonts(demo::Options& o) {
    const char* sans[] = {"/usr/share/fonts/opentype/inter/Inter-SemiBold.otf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
    const char* serif[] = {"/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
                           "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"};
    const char* cjk[] = {"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"};
    for (const char* p : sans)
        if (o.font_sans.empty()) o.font_sans = read_file(p);
    for (const char* p : serif)
        if (o.font_serif.empty()) o.font_serif = read_file(p);
    for (const char* p : cjk)
        if (o.font_cjk.empty()) o.font_cjk = read_file(p);
    if (o.font_sans.empty() || o.font_cjk.empty())
        std::fprintf(stderr, "gen_demo: label fonts not found; labels get abstract marks instead of words\n");
}

int usage() {
    std::fprintf(stderr,
                 "usage: gen_demo --out DIR [--assets DIR] [--scale [--activity N] [--activity-end MS] [--ledger N] [--products N] [--distributors N] [--shops N]] [--image-scale F]\n"
                 "  --out DIR          where to write (created if missing)\n"
                 "  --assets DIR       the assets folder whose demo/ holds the brands, shops and scale words (default %s)\n"
                 "  --scale            write the scale data (3,000 SKUs, 20,000 distributors, 200 shops, activity) instead of the demo\n"
                 "  --activity N       scale: N events (default 1000000) and the orders they lead to; 0 = none\n"
                 "  --activity-end MS scale: the activity's 90 days end at MS (UTC ms; default 1792500000000, 2026-10-19)\n"
                 "  --ledger N         scale: N orders as settlement sees them (default 1000000) in DIR/ledger; 0 = none\n"
                 "  --products N       scale: SKUs in the release (default 3000)\n"
                 "  --distributors N   scale: distributors, 10%% level 1, 40%% level 2, 50%% level 3 (default 20000)\n"
                 "  --shops N          scale: distributors with a shop (default 200)\n"
                 "  --image-scale F    multiply image sizes by F (default 1; for quick local runs)\n"
                 "usage: gen_demo --history DEMO_DIR [--end MS] --out DIR\n"
                 "  --history DEMO_DIR six weeks of the demo's history from DEMO_DIR's documents, ending at --end (UTC ms, default now)\n",
                 DYNSHOP_ASSETS_DIR);
    return 2;
}

bool write_world(const demo::World& w, const fs::path& out, std::uint64_t& bytes_written) {
    std::error_code ec;
    fs::create_directories(out / "images", ec);
    if (ec) {
        std::fprintf(stderr, "gen_demo: cannot create %s: %s\n", (out / "images").c_str(), ec.message().c_str());
        return false;
    }
    // Images are content-addressed: keep what is still used, remove what a previous run left.
    std::set<std::string> keep;
    for (const auto& [sha, img] : w.images) keep.insert(sha + ".jpg");
    for (const auto& entry : fs::directory_iterator(out / "images", ec))
        if (entry.path().extension() == ".jpg" && !keep.count(entry.path().filename().string())) fs::remove(entry.path(), ec);
    bytes_written = 0;
    for (const auto& [sha, img] : w.images) {
        fs::path p = out / "images" / (sha + ".jpg");
        bytes_written += img.bytes.size();
        if (fs::exists(p, ec) && fs::file_size(p, ec) == img.bytes.size()) continue;
        if (!write_file(p, img.bytes.data(), img.bytes.size())) {
            std::fprintf(stderr, "gen_demo: cannot write %s\n", p.c_str());
            return false;
        }
    }
    std::string docs = w.documents_jsonl();
    bytes_written += docs.size();
    if (!write_text(out / "documents.jsonl", docs) || !write_text(out / "trust.json", w.trust_json())) {
        std::fprintf(stderr, "gen_demo: cannot write into %s\n", out.c_str());
        return false;
    }
    return true;
}

// DIR/<name>: n lines made by line(buffer, i), streamed through a large buffer into a temporary
// file that takes the name only once it is complete. Adds the bytes written to `bytes`.
template <class Line>
bool stream_lines(const fs::path& dir, const char* name, std::size_t n, std::uint64_t& bytes, Line&& line) {
    std::error_code ec;
    const fs::path tmp = dir / (std::string(name) + ".tmp");
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return false;
    std::string buf;
    buf.reserve(1 << 22);
    bool ok = true;
    for (std::size_t i = 0; i < n && ok; ++i) {
        line(buf, i);
        if (buf.size() >= (1u << 22) - 4096) {
            ok = std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
            bytes += buf.size();
            buf.clear();
        }
    }
    ok = ok && std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
    bytes += buf.size();
    ok = (std::fclose(f) == 0) && ok;
    if (ok) fs::rename(tmp, dir / name, ec);
    return ok && !ec;
}

// DIR/ledger/orders.ndjson (core::ledger_order_line) and ledger.json: brand, currency, the policy's
// freeze days and minimum payout, counts, and the payees' names for the payout CSV.
bool write_ledger(const demo::ScaleLedger& l, const fs::path& dir, std::uint64_t& bytes) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    bytes = 0;
    core::Json names = core::Json::object();
    for (const auto& [id, name] : l.names) names[id] = name;
    const core::Json summary = {{"brand", l.ledger.brand}, {"currency", l.ledger.currency}, {"orders", l.ledger.orders.size()},
                                {"shares", l.ledger.shares.size()}, {"payees", l.ledger.payees.size()},
                                {"delivered", l.delivered}, {"refunded", l.refunded}, {"cancelled", l.cancelled}, {"open", l.open},
                                {"freeze_days", l.settle.freeze_days}, {"min_payout", l.settle.min_payout},
                                {"end_ms", demo::kLedgerEnd}, {"names", names}};
    const bool ok = stream_lines(dir, "orders.ndjson", l.ledger.orders.size(), bytes,
                                 [&](std::string& b, std::size_t i) { b += core::ledger_order_line(l.ledger, i); }) &&
                    write_text(dir / "ledger.json", core::dump_json(summary) + "\n");
    if (!ok) std::fprintf(stderr, "gen_demo: cannot write the ledger into %s\n", dir.c_str());
    return ok;
}

// DIR/activity/{events,orders}.ndjson, then activity.json.
bool write_activity(const demo::ScaleActivity& a, const fs::path& dir, std::uint64_t& bytes) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    bytes = 0;
    const bool ok =
        stream_lines(dir, "events.ndjson", a.events.size(), bytes, [&](std::string& b, std::size_t i) { a.append_event_line(b, i); }) &&
        stream_lines(dir, "orders.ndjson", a.orders.size(), bytes, [&](std::string& b, std::size_t i) { b += a.order_line(i); }) &&
        write_text(dir / "activity.json", core::dump_json(a.summary()) + "\n");
    if (!ok) std::fprintf(stderr, "gen_demo: cannot write the activity into %s\n", dir.c_str());
    return ok;
}

bool verify(const demo::World& w) {
    auto problems = demo::verify_world(w);
    for (const auto& p : problems) std::fprintf(stderr, "gen_demo: %s\n", p.c_str());
    if (!problems.empty()) std::fprintf(stderr, "gen_demo: %zu problem(s); nothing written\n", problems.size());
    return problems.empty();
}

}  // namespace

// gen_demo --history: the demo's documents and passphrases in, six weeks of history out.
int write_history(const std::string& demo_dir, core::UtcMs end, bool fast_keys, const std::string& out) {
    auto t0 = Clock::now();
    const auto docs = read_file((demo_dir + "/documents.jsonl").c_str());
    const auto demo_text = read_file((demo_dir + "/demo.json").c_str());
    if (docs.empty() || demo_text.empty()) {
        std::fprintf(stderr, "gen_demo: %s holds no documents.jsonl and demo.json (run gen_demo --out %s first)\n", demo_dir.c_str(),
                     demo_dir.c_str());
        return 1;
    }
    auto demo = core::parse_json(std::string(demo_text.begin(), demo_text.end()), "demo.json");
    if (!demo) {
        std::fprintf(stderr, "gen_demo: %s\n", demo.error().message.c_str());
        return 1;
    }
    demo::HistoryOptions ho;
    ho.end = end;
    ho.fast_keys = fast_keys;
    auto h = demo::build_demo_history(std::string(docs.begin(), docs.end()), *demo, ho);
    if (!h) {
        std::fprintf(stderr, "gen_demo: %s\n", h.error().message.c_str());
        return 1;
    }
    std::error_code ec;
    const fs::path dir(out);
    fs::create_directories(dir, ec);
    if (!write_text(dir / "events.ndjson", h->events) || !write_text(dir / "orders.ndjson", h->orders) ||
        !write_text(dir / "payouts.ndjson", h->payouts) || !write_text(dir / "history.json", core::dump_json(h->summary()) + "\n")) {
        std::fprintf(stderr, "gen_demo: cannot write into %s\n", out.c_str());
        return 1;
    }
    std::printf("history: %ld events, %ld orders (%ld status changes: %ld refunded, %ld after payout, %ld cancelled), %ld payout"
                " batches, %ld line marks (%ld failed) ending %s -> %s  [%.1fs]\n",
                h->event_count, h->order_count, h->status_count, h->refunded, h->refunded_after_payout, h->cancelled, h->batch_count,
                h->mark_count, h->failed_lines, core::format_datetime(end).c_str(), out.c_str(), seconds_since(t0));
    return 0;
}

int main(int argc, char** argv) {
    std::string out, history_from;
    core::UtcMs history_end = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch()).count();
    bool scale = false, fast_keys = false;
    demo::Options opt;
    opt.assets = DYNSHOP_ASSETS_DIR;  // the source tree's assets/, compiled in by CMake
    demo::ActivityOptions act;
    demo::LedgerOptions led;
    auto count_arg = [&](const char* text, long lo, long hi, long& out) {
        char* end = nullptr;
        const long v = std::strtol(text, &end, 10);
        if (!end || *end || v < lo || v > hi) return false;
        out = v;
        return true;
    };
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--out") && i + 1 < argc) {
            out = argv[++i];
        } else if (!std::strcmp(argv[i], "--assets") && i + 1 < argc) {
            opt.assets = argv[++i];
        } else if (!std::strcmp(argv[i], "--history") && i + 1 < argc) {
            history_from = argv[++i];
        } else if (!std::strcmp(argv[i], "--end") && i + 1 < argc) {
            char* e = nullptr;
            history_end = std::strtoll(argv[++i], &e, 10);
            if (!e || *e || history_end < 1'500'000'000'000) return usage();
        } else if (!std::strcmp(argv[i], "--fast-keys")) {
            fast_keys = true;
        } else if (!std::strcmp(argv[i], "--scale")) {
            scale = true;
        } else if (!std::strcmp(argv[i], "--activity") && i + 1 < argc) {
            if (!count_arg(argv[++i], 0, 100'000'000, act.events)) return usage();
        } else if (!std::strcmp(argv[i], "--activity-end") && i + 1 < argc) {
            char* e = nullptr;
            act.end = std::strtoll(argv[++i], &e, 10);
            if (!e || *e || act.end < 1'500'000'000'000) return usage();
        } else if (!std::strcmp(argv[i], "--ledger") && i + 1 < argc) {
            if (!count_arg(argv[++i], 0, 20'000'000, led.orders)) return usage();
        } else if (!std::strcmp(argv[i], "--products") && i + 1 < argc) {
            long v = 0;
            if (!count_arg(argv[++i], 1, 100'000, v)) return usage();
            opt.scale_products = static_cast<int>(v);
        } else if (!std::strcmp(argv[i], "--distributors") && i + 1 < argc) {
            long v = 0;
            if (!count_arg(argv[++i], 1, 1'000'000, v)) return usage();
            opt.scale_l1 = static_cast<int>(std::max(1L, v / 10));
            opt.scale_l2 = static_cast<int>(v * 4 / 10);
            opt.scale_l3 = static_cast<int>(v - opt.scale_l1 - opt.scale_l2);
            if (opt.scale_l3 < 0) opt.scale_l2 += opt.scale_l3, opt.scale_l3 = 0;
        } else if (!std::strcmp(argv[i], "--shops") && i + 1 < argc) {
            long v = 0;
            if (!count_arg(argv[++i], 1, 65'535, v)) return usage();
            opt.scale_shops = static_cast<int>(v);
        } else if (!std::strcmp(argv[i], "--image-scale") && i + 1 < argc) {
            opt.image_scale = std::strtof(argv[++i], nullptr);
            if (!(opt.image_scale > 0.f && opt.image_scale <= 4.f)) return usage();
        } else {
            return usage();
        }
    }
    if (out.empty()) return usage();
    if (!history_from.empty()) return write_history(history_from, history_end, fast_keys, out);
    load_fonts(opt);
    const fs::path dir(out);
    auto t0 = Clock::now();

    if (!scale) {
        auto world = demo::build_demo_world(opt);
        if (!world) {
            std::fprintf(stderr, "gen_demo: %s\n", world.error().message.c_str());
            return 1;
        }
        double t_build = seconds_since(t0);
        auto t1 = Clock::now();
        if (!verify(*world)) return 1;
        double t_verify = seconds_since(t1);
        std::uint64_t bytes = 0;
        if (!write_world(*world, dir, bytes) || !write_text(dir / "demo.json", core::dump_json(world->demo_json()) + "\n") ||
            !write_text(dir / "charset.txt", world->charset()))
            return 1;
        std::printf("demo: %zu brands, %zu products, %zu shops, %zu enrollments, %zu documents, %zu images (%.2f MB), %.2f MB total"
                    " -> %s  [build %.1fs, verify %.2fs, total %.1fs]\n",
                    world->brands.size(), world->products, world->shops.size(), world->enrollments, world->documents.size(),
                    world->images.size(), world->image_bytes() / 1e6, bytes / 1e6, out.c_str(), t_build, t_verify, seconds_since(t0));
        return 0;
    }

    auto world = demo::build_scale_world(opt);
    if (!world) {
        std::fprintf(stderr, "gen_demo: %s\n", world.error().message.c_str());
        return 1;
    }
    double t_build = seconds_since(t0);
    auto t1 = Clock::now();
    if (!verify(*world)) return 1;
    double t_verify = seconds_since(t1);
    auto t2 = Clock::now();
    std::uint64_t bytes = 0;
    if (!write_world(*world, dir, bytes) || !write_text(dir / "scale.json", core::dump_json(demo::scale_summary(*world)) + "\n")) return 1;
    std::printf("scale: %zu products, %zu distributors, %zu shops, %zu documents, %zu images, %.2f MB total -> %s"
                "  [build+sign %.1fs, verify %.2fs, write %.2fs, total %.1fs]\n",
                world->products, world->enrollments, world->shops.size(), world->documents.size(), world->images.size(), bytes / 1e6,
                out.c_str(), t_build, t_verify, seconds_since(t2), seconds_since(t0));
    std::error_code ec;
    fs::remove_all(dir / "ledger", ec);
    if (led.orders > 0) {
        auto t5 = Clock::now();
        auto ledger = demo::build_scale_ledger(*world, led);
        if (!ledger) {
            std::fprintf(stderr, "gen_demo: %s\n", ledger.error().message.c_str());
            return 1;
        }
        const double t_led = seconds_since(t5);
        std::uint64_t led_bytes = 0;
        if (!write_ledger(*ledger, dir / "ledger", led_bytes)) return 1;
        std::printf("ledger: %zu orders (%ld delivered, %ld refunded, %ld cancelled, %ld on their way), %zu shares for %zu payees,"
                    " %.1f MB -> %s  [generate+split %.1fs]\n",
                    ledger->ledger.orders.size(), ledger->delivered, ledger->refunded, ledger->cancelled, ledger->open,
                    ledger->ledger.shares.size(), ledger->ledger.payees.size(), led_bytes / 1e6, (dir / "ledger").c_str(), t_led);
    }
    fs::remove_all(dir / "activity", ec);
    if (act.events == 0) return 0;
    auto t3 = Clock::now();
    auto activity = demo::build_scale_activity(*world, opt, act);
    if (!activity) {
        std::fprintf(stderr, "gen_demo: %s\n", activity.error().message.c_str());
        return 1;
    }
    double t_act = seconds_since(t3);
    auto t4 = Clock::now();
    std::uint64_t act_bytes = 0;
    if (!write_activity(*activity, dir / "activity", act_bytes)) return 1;
    long changes = 0;
    for (const auto& o : activity->orders) changes += static_cast<long>(o.envelopes.size());
    std::printf("activity: %zu events + %zu orders = %zu (%ld brand-signed status changes), %ld visitors, %ld sessions, %zu shops,"
                " %.1f MB -> %s  [generate+sign %.1fs, write %.1fs]\n",
                activity->events.size(), activity->orders.size(), activity->events.size() + activity->orders.size(), changes,
                activity->visitors, activity->sessions, activity->shops.size(), act_bytes / 1e6, (dir / "activity").c_str(), t_act,
                seconds_since(t4));
    return 0;
}
