// The demo and scale worlds that gen_demo writes, built in-process at a tiny image size with fast
// key derivation: every shop must compose against the root key, every product must carry images
// that exist, and the documents must come in an order a store can load one by one. The scale
// activity (events and orders over the scale world) and the scale ledger are checked here too, at a
// small size.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/catalog/article.h"
#include "core/orders/status_change.h"
#include "demo/demo_world.h"
#include "demo/scale_activity.h"
#include "demo/scale_ledger.h"

namespace {

demo::Options quick_options() {
    demo::Options o;
    o.assets = DYNSHOP_ASSETS_DIR;  // the source tree's assets/ (CMake)
    o.image_scale = 0.04f;  // 32 px gallery images: enough to encode real JPEGs, fast under wasm
    o.real_passphrase_keys = false;
    o.scale_products = 120;
    o.scale_categories = 6;
    o.scale_l1 = 10;
    o.scale_l2 = 30;
    o.scale_l3 = 40;
    o.scale_shops = 5;
    o.scale_image_pool = 4;
    return o;
}

const demo::World& demo_world() {
    static const demo::World w = [] {
        auto r = demo::build_demo_world(quick_options());
        REQUIRE_MESSAGE(r.ok(), r.error().message);
        return std::move(r.value());
    }();
    return w;
}

bool is_hex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string payload_string(const demo::Document& d, const char* key) {
    auto p = core::parse_json(d.envelope.payload, "document");
    return p ? core::string_or(*p, key, "") : "";
}

}  // namespace

TEST_CASE("every demo shop composes against the platform root key") {
    const demo::World& w = demo_world();
    CHECK(w.brands.size() == 2);
    CHECK(w.products >= 55);
    CHECK(w.shops.size() == 10);
    auto problems = demo::verify_world(w);
    for (const auto& p : problems) MESSAGE(p);
    CHECK(problems.empty());
    REQUIRE(w.bundles.size() == w.shops.size());
    for (const auto& shop : w.shops) {
        auto view = core::compose_shop(w.bundles.at(shop.slug), w.root.pk);
        REQUIRE_MESSAGE(view.ok(), (shop.slug + ": " + view.error().message));
        CHECK(view->shop.manifest.slug == shop.slug);
        CHECK(view->shop.manifest.brands == shop.brands);
        for (const auto& [brand, chain] : view->shop.chains) {
            CHECK(chain.front().distributor == shop.distributor);
            CHECK(chain.back().parent.empty());  // the chain reaches the brand
            for (const auto& link : chain) CHECK(link.invite.is_object());  // each recruit accepted an invite
        }
        CHECK(view->featured.size() >= 3);
        CHECK(view->featured.size() <= 5);
        int notes = 0;
        for (const auto& item : view->items) notes += item.note.empty() ? 0 : 1;
        CHECK(notes >= 2);
        CHECK(notes <= 5);
    }
}

TEST_CASE("the demo tree is three levels deep and one shop carries two brands") {
    const demo::World& w = demo_world();
    std::set<int> levels;
    const demo::ShopInfo* lily = nullptr;
    for (const auto& s : w.shops) {
        levels.insert(s.level);
        if (s.slug == "lily-tea") lily = &s;
    }
    CHECK(levels == std::set<int>{1, 2, 3});
    REQUIRE(lily != nullptr);
    CHECK(lily->brands == std::vector<std::string>{"b_huaxi", "b_northmoor"});
    auto view = core::compose_shop(w.bundles.at("lily-tea"), w.root.pk);
    REQUIRE(view.ok());
    CHECK(view->shop.chains.size() == 2);
    bool both = false, seen_huaxi = false;
    for (const auto& item : view->items) {
        if (item.brand->cert.brand == "b_huaxi") seen_huaxi = true;
        if (item.brand->cert.brand == "b_northmoor" && seen_huaxi) both = true;
    }
    CHECK(both);
}

TEST_CASE("every demo product has a thumbnail and 2-3 gallery images that were generated") {
    const demo::World& w = demo_world();
    std::size_t checked = 0;
    for (const auto& d : w.documents) {
        if (d.kind != "release") continue;
        auto brand_doc = std::find_if(w.documents.begin(), w.documents.end(), [&](const demo::Document& b) {
            return b.kind == "brand" && payload_string(b, "brand") == payload_string(d, "brand");
        });
        REQUIRE(brand_doc != w.documents.end());
        auto cert = core::open_brand_cert(brand_doc->envelope, w.root.pk);
        REQUIRE(cert.ok());
        auto rel = core::open_release(d.envelope, *cert);
        REQUIRE_MESSAGE(rel.ok(), rel.error().message);
        CHECK(rel->version == 1);
        for (const auto& p : rel->products) {
            CHECK(!p.title.empty());
            CHECK(!p.description.empty());
            CHECK(p.specs.size() >= 3);
            CHECK(p.specs.size() <= 5);
            CHECK(p.price > 0);
            CHECK((p.list_price == 0 || p.list_price > p.price));
            CHECK(p.images.size() >= 2);
            CHECK(p.images.size() <= 3);
            std::vector<core::ImageRef> refs = p.images;
            refs.push_back(p.thumb);
            for (const auto& img : refs) {
                REQUIRE(is_hex64(img.sha256));
                CHECK(img.src == "/img/" + img.sha256 + ".jpg");
                auto it = w.images.find(img.sha256);
                REQUIRE(it != w.images.end());
                const auto& bytes = it->second.bytes;
                CHECK(core::sha256_hex(std::span<const std::uint8_t>(bytes.data(), bytes.size())) == img.sha256);
                CHECK(bytes.size() > 100);
                CHECK(bytes[0] == 0xFF);  // JPEG SOI
                CHECK(bytes[1] == 0xD8);
            }
            ++checked;
        }
    }
    CHECK(checked == w.products);
}

TEST_CASE("demo documents come in dependency order, parents before children") {
    const demo::World& w = demo_world();
    const std::vector<std::string> rank = {"brand", "policy", "release", "enrollment", "manifest", "article"};
    std::size_t last = 0;
    std::set<std::string> enrolled;  // brand/distributor
    for (const auto& d : w.documents) {
        auto r = std::find(rank.begin(), rank.end(), d.kind);
        REQUIRE(r != rank.end());
        std::size_t idx = static_cast<std::size_t>(r - rank.begin());
        CHECK(idx >= last);
        last = idx;
        if (d.kind == "enrollment") {
            std::string brand = payload_string(d, "brand"), parent = payload_string(d, "parent");
            if (!parent.empty()) CHECK(enrolled.count(brand + "/" + parent) == 1);
            enrolled.insert(brand + "/" + payload_string(d, "distributor"));
        }
    }
    // The JSON lines file holds exactly these documents.
    std::string jsonl = w.documents_jsonl();
    std::size_t lines = static_cast<std::size_t>(std::count(jsonl.begin(), jsonl.end(), '\n'));
    CHECK(lines == w.documents.size());
    auto first = core::parse_json(jsonl.substr(0, jsonl.find('\n')), "line");
    REQUIRE(first.ok());
    CHECK(core::string_or(*first, "kind", "") == "brand");
    REQUIRE(core::get_object(*first, "envelope") != nullptr);
    CHECK(core::Envelope::from_json(*core::get_object(*first, "envelope")).ok());
}

TEST_CASE("each demo brand has two articles: real pictures, cards of its own products, share materials") {
    const demo::World& w = demo_world();
    REQUIRE(w.articles.size() == w.brands.size());
    std::size_t documents = 0;
    for (const auto& d : w.documents) documents += d.kind == "article" ? 1 : 0;
    CHECK(documents == 2 * w.brands.size());
    for (const auto& b : w.brands) {
        REQUIRE(w.articles.count(b.id) == 1);
        const auto& envelopes = w.articles.at(b.id);
        CHECK(envelopes.size() == 2);
        for (const auto& env : envelopes) {
            auto p = core::parse_json(env.payload, "article");
            REQUIRE(p.ok());
            auto a = core::parse_article(*p);
            REQUIRE_MESSAGE(a.ok(), a.error().message);
            CHECK(a->brand == b.id);
            CHECK_FALSE(a->share_text.empty());
            CHECK_FALSE(a->summary.empty());
            CHECK(a->materials.size() >= 2);
            CHECK(a->materials.size() <= 3);
            CHECK(a->products().size() >= 3);
            CHECK(w.images.count(a->cover.sha256) == 1);
            CHECK(a->cover.w > a->cover.h);  // a wide cover for link previews
        }
    }
    // verify_world opens each against its brand's certificate and release (no problems: first test case).
}

TEST_CASE("demo summary and charset cover the people and their words") {
    const demo::World& w = demo_world();
    core::Json demo = w.demo_json();
    CHECK(core::string_or(demo, "root_key", "") == w.root.pk.b64());
    const core::Json* shops = core::get_array(demo, "shops");
    REQUIRE(shops != nullptr);
    CHECK(shops->size() == 10);
    std::string charset = w.charset();
    for (const char* s : {"花", "溪", "茶", "园", "绿", "丽", "·", "°"}) CHECK(charset.find(s) != std::string::npos);
    REQUIRE(!charset.empty());
    CHECK(charset.back() == '\n');
    bool ascii_free = true;
    for (std::size_t i = 0; i + 1 < charset.size(); ++i) ascii_free = ascii_free && static_cast<unsigned char>(charset[i]) >= 0x80;
    CHECK(ascii_free);
}

TEST_CASE("the demo world is the same on every build") {
    auto again = demo::build_demo_world(quick_options());
    REQUIRE(again.ok());
    CHECK(again->documents_jsonl() == demo_world().documents_jsonl());
    CHECK(again->trust_json() == demo_world().trust_json());
}

TEST_CASE("the demo's content comes from assets/demo/, and a folder without it is an error that names the file") {
    demo::Options o = quick_options();
    o.assets = std::string(DYNSHOP_SOURCE_DIR) + "/no-such-assets";
    auto w = demo::build_demo_world(o);
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().message.find("no-such-assets/demo/huaxi.json") != std::string::npos);
    auto s = demo::build_scale_world(o);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("/demo/") != std::string::npos);
}

TEST_CASE("a shop re-signed by someone else is refused") {
    const demo::World& w = demo_world();
    core::ShopBundle b = w.bundles.at("xiaoyu-tea");
    b.manifest = core::sign_envelope(b.manifest.payload, core::KeyPair::from_label("mallory"));
    CHECK_FALSE(core::compose_shop(b, w.root.pk).ok());
}

TEST_CASE("the scale world, at a reduced size, signs a three-level tree that verifies") {
    demo::Options o = quick_options();
    auto w = demo::build_scale_world(o);
    REQUIRE_MESSAGE(w.ok(), w.error().message);
    CHECK(w->products == 120);
    CHECK(w->enrollments == 80);
    auto problems = demo::verify_world(*w);
    for (const auto& p : problems) MESSAGE(p);
    CHECK(problems.empty());
    CHECK(w->shops.size() == 5);
    REQUIRE(w->bundles.count("scale-all") == 1);
    auto view = core::compose_shop(w->bundles.at("scale-all"), w->root.pk);
    REQUIRE(view.ok());
    CHECK(view->items.size() == 120);
    core::Json summary = demo::scale_summary(*w);
    const core::Json* levels = core::get_object(summary, "levels");
    REQUIRE(levels != nullptr);
    CHECK(core::int_or(*levels, "1", 0) == 10);
    CHECK(core::int_or(*levels, "2", 0) == 30);
    CHECK(core::int_or(*levels, "3", 0) == 40);
    CHECK(w->images.size() <= 10);
}

namespace {

const demo::World& small_scale_world() {
    static const demo::World w = [] {
        auto r = demo::build_scale_world(quick_options());
        REQUIRE_MESSAGE(r.ok(), r.error().message);
        return std::move(r.value());
    }();
    return w;
}

std::vector<core::Json> event_lines(const demo::ScaleActivity& a) {
    std::vector<core::Json> out;
    std::string text;
    for (std::size_t i = 0; i < a.events.size(); ++i) {
        text.clear();
        a.append_event_line(text, i);
        REQUIRE(!text.empty());
        REQUIRE(text.back() == '\n');
        auto j = core::parse_json(text, "event");
        REQUIRE(j.ok());
        out.push_back(*j);
    }
    return out;
}

}  // namespace

TEST_CASE("scale activity: exactly N events in time order, in the shape POST /api/events takes, over shops and products that exist") {
    const demo::World& w = small_scale_world();
    demo::Options o = quick_options();
    demo::ActivityOptions ao;
    ao.events = 4000;
    auto a = demo::build_scale_activity(w, o, ao);
    REQUIRE_MESSAGE(a.ok(), a.error().message);
    CHECK(a->events.size() == 4000);
    CHECK(a->orders.size() > 20);              // some sessions end in an order
    CHECK(a->orders.size() < 4000 / 10);       // most do not
    CHECK(a->shops.size() == 5);
    CHECK(a->currency == "USD");
    std::map<std::string, std::set<std::string>> selection;
    for (const auto& s : w.shops) {
        auto m = core::parse_json(w.bundles.at(s.slug).manifest.payload, "manifest");
        REQUIRE(m.ok());
        for (const auto& id : *core::get_array(*m, "products")) selection[s.slug].insert(id.get<std::string>());
    }
    const auto lines = event_lines(*a);
    std::set<std::string> ids, types, channels, visitors;
    std::int64_t last = 0;
    for (const auto& e : lines) {
        ids.insert(core::string_or(e, "id", ""));
        types.insert(core::string_or(e, "type", ""));
        channels.insert(core::string_or(e, "channel", ""));
        visitors.insert(core::string_or(e, "visitor", ""));
        const std::int64_t at = core::int_or(e, "at", 0);
        CHECK(at >= last);
        last = at;
        CHECK(at >= a->start);
        CHECK(at <= a->end);
        const std::string shop = core::string_or(e, "shop", ""), product = core::string_or(e, "product", "");
        REQUIRE(selection.count(shop) == 1);
        if (!product.empty()) CHECK(selection[shop].count(product) == 1);
        const std::string ch = core::string_or(e, "channel", "");
        if (ch == "direct") CHECK(core::string_or(e, "campaign", "x").empty());
        CHECK(core::int_or(e, "hop", -1) >= 0);
        CHECK(core::int_or(e, "hop", 99) <= 3);
    }
    CHECK(ids.size() == 4000);
    CHECK(types == std::set<std::string>{"visit", "product_view", "add_to_cart", "checkout_start", "order_placed", "share"});
    CHECK(channels == std::set<std::string>{"qr", "share", "link", "direct"});
    CHECK(visitors.size() > 300);
    CHECK(a->end <= 1792500000000);  // before the clock of any machine that imports it
}

TEST_CASE("scale activity: every order follows an order_placed event, is priced from the signed release, with brand-signed statuses") {
    const demo::World& w = small_scale_world();
    demo::Options o = quick_options();
    demo::ActivityOptions ao;
    ao.events = 4000;
    auto a = demo::build_scale_activity(w, o, ao);
    REQUIRE_MESSAGE(a.ok(), a.error().message);
    std::map<std::string, core::Minor> prices;
    core::PublicKey brand_key;
    for (const auto& d : w.documents) {
        auto p = core::parse_json(d.envelope.payload, "doc");
        REQUIRE(p.ok());
        if (d.kind == "release")
            for (const auto& prod : *core::get_array(*p, "products")) prices[core::string_or(prod, "id", "")] = core::int_or(prod, "price", -1);
        if (d.kind == "brand") {
            auto k = core::PublicKey::from_b64(core::string_or(*p, "key", ""));
            REQUIRE(k.ok());
            brand_key = *k;
        }
    }
    std::multiset<std::pair<std::string, std::int64_t>> placed_events;  // (visitor, at)
    for (const auto& e : event_lines(*a))
        if (core::string_or(e, "type", "") == "order_placed") placed_events.insert({core::string_or(e, "visitor", ""), core::int_or(e, "at", 0)});
    CHECK(placed_events.size() == a->orders.size());
    std::set<std::string> keys, order_ids, statuses;
    std::map<std::string, std::string> phone_of;  // visitor -> phone: one customer per visitor
    std::int64_t last = 0;
    for (std::size_t i = 0; i < a->orders.size(); ++i) {
        auto line = core::parse_json(a->order_line(i), "order");
        REQUIRE(line.ok());
        const std::string id = core::string_or(*line, "id", "");
        const std::int64_t placed = core::int_or(*line, "placed_ms", 0);
        CHECK(placed >= last);
        last = placed;
        order_ids.insert(id);
        CHECK(id.size() == 18);
        const core::Json* body = core::get_object(*line, "order");
        REQUIRE(body != nullptr);
        keys.insert(core::string_or(*body, "key", ""));
        const std::string visitor = core::string_or(*body, "visitor", "");
        CHECK(placed_events.count({visitor, placed}) >= 1);
        core::Minor total = 0;
        for (const auto& l : *core::get_array(*body, "lines")) {
            REQUIRE(prices.count(core::string_or(l, "product", "")) == 1);
            total += prices[core::string_or(l, "product", "")] * core::int_or(l, "qty", 0);
        }
        CHECK(total > 0);
        CHECK(core::int_or(*body, "client_total", -1) == total);
        const core::Json* contact = core::get_object(*body, "contact");
        REQUIRE(contact != nullptr);
        const std::string phone = core::string_or(*contact, "phone", "");
        auto [it, fresh] = phone_of.emplace(visitor, phone);
        CHECK(it->second == phone);
        CHECK(core::string_or(*contact, "address", "").size() >= 5);
        // Each status change: signed by the brand, for this order, following the one before it.
        core::OrderStatus cur = core::OrderStatus::Placed;
        std::int64_t at = placed;
        for (const auto& st : *core::get_array(*line, "statuses")) {
            auto env = core::Envelope::from_json(*core::get_object(st, "envelope"));
            REQUIRE(env.ok());
            auto p = core::open_envelope(*env, &brand_key);
            REQUIRE(p.ok());
            CHECK(core::string_or(*p, "order", "") == id);
            const core::OrderStatus next = core::parse_order_status(core::string_or(*p, "status", ""));
            CHECK(core::may_follow(cur, next));
            CHECK(core::int_or(*p, "at", 0) >= at);
            CHECK(core::int_or(*p, "at", 0) <= a->end);
            cur = next;
            at = core::int_or(*p, "at", 0);
        }
        statuses.insert(core::order_status_name(cur));
    }
    CHECK(keys.size() == a->orders.size());
    CHECK(order_ids.size() == a->orders.size());
    CHECK(statuses.count("delivered") == 1);
    CHECK(statuses.count("paid") + statuses.count("placed") >= 1);
    core::Json s = a->summary();
    CHECK(core::int_or(s, "events", 0) == 4000);
    CHECK(core::int_or(s, "orders", 0) == static_cast<std::int64_t>(a->orders.size()));
}

TEST_CASE("scale activity: the same options give the same lines; another seed gives others") {
    const demo::World& w = small_scale_world();
    demo::Options o = quick_options();
    demo::ActivityOptions ao;
    ao.events = 600;
    auto a = demo::build_scale_activity(w, o, ao);
    auto b = demo::build_scale_activity(w, o, ao);
    ao.seed = 7;
    auto c = demo::build_scale_activity(w, o, ao);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(c.ok());
    std::string ta, tb, tc;
    for (std::size_t i = 0; i < a->events.size(); ++i) a->append_event_line(ta, i);
    for (std::size_t i = 0; i < b->events.size(); ++i) b->append_event_line(tb, i);
    for (std::size_t i = 0; i < c->events.size(); ++i) c->append_event_line(tc, i);
    CHECK(ta != tc);
    for (std::size_t i = 0; i < a->orders.size(); ++i) ta += a->order_line(i);
    for (std::size_t i = 0; i < b->orders.size(); ++i) tb += b->order_line(i);
    CHECK(ta == tb);
    CHECK(c->events.size() == 600);
}

TEST_CASE("scale ledger: N orders split up real chains by the signed policy, with lives a payout can settle") {
    const demo::World& w = small_scale_world();
    demo::LedgerOptions lo;
    lo.orders = 2000;
    auto l = demo::build_scale_ledger(w, lo);
    REQUIRE_MESSAGE(l.ok(), l.error().message);
    CHECK(l->ledger.orders.size() == 2000);
    CHECK(l->delivered + l->cancelled + l->open == 2000);
    CHECK(l->refunded > 0);
    CHECK(l->cancelled > 0);
    // Every payee is an enrolled distributor, and no order pays more than its levels allow.
    std::set<std::string> enrolled;
    for (const auto& d : w.documents)
        if (d.kind == "enrollment") enrolled.insert(core::string_or(*core::parse_json(d.envelope.payload, "e"), "distributor", ""));
    for (const auto& p : l->ledger.payees) CHECK(enrolled.count(p));
    for (const auto& o : l->ledger.orders) {
        CHECK(o.share_count <= 3);
        CHECK(o.placed_ms <= demo::kLedgerEnd);
        if (o.delivered_ms) CHECK(o.delivered_ms > o.placed_ms);
    }
    CHECK(l->ledger.payees.size() > 40);  // spread over most of the 80 distributors
    // Deterministic, and settleable: a batch at the end pays someone, the sums hold.
    auto again = demo::build_scale_ledger(w, lo);
    REQUIRE(again.ok());
    CHECK(core::ledger_order_line(l->ledger, 1234) == core::ledger_order_line(again->ledger, 1234));
    auto batch = core::make_payout_batch(l->ledger, {}, l->settle, demo::kLedgerEnd);
    REQUIRE(batch.ok());
    CHECK_FALSE(batch->lines.empty());
    core::Minor sum = 0;
    for (const auto& line : batch->lines) sum += line.amount;
    CHECK(sum == batch->total);
}

// The demo's history (tools/demo/demo_history.cpp): what serve.py imports so the demo opens with weeks of
// real numbers. Its payout batches must be exactly what the core makes over the same ledger (the
// store recomputes each one before storing it), with one failed transfer paid by a later batch and
// one refund after payout.
#include <sstream>

#include "demo/demo_history.h"

namespace {
std::vector<core::Json> json_lines(const std::string& text) {
    std::vector<core::Json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        auto j = core::parse_json(line, "line");
        REQUIRE(j.ok());
        out.push_back(std::move(*j));
    }
    return out;
}
}  // namespace

TEST_CASE("the demo's history: orders in every state, batches the ledger gives, a failed line paid later") {
    const demo::World& w = demo_world();
    demo::HistoryOptions ho;
    ho.end = 1'796'200'000'000;  // 2026-12-02
    ho.fast_keys = true;
    auto h = demo::build_demo_history(w.documents_jsonl(), w.demo_json(), ho);
    REQUIRE_MESSAGE(h.ok(), h.error().message);
    CHECK(h->order_count > 100);
    CHECK(h->event_count > 2000);
    CHECK(h->cancelled > 0);
    CHECK(h->refunded > h->refunded_after_payout);
    CHECK(h->refunded_after_payout >= 1);
    CHECK(h->failed_lines >= 1);
    CHECK(h->batch_count >= 4);
    // Visits in an article's campaign read it: an article_view carrying the article's id.
    long article_views = 0;
    for (const auto& e : json_lines(h->events)) {
        if (core::string_or(e, "type", "") != "article_view") continue;
        ++article_views;
        CHECK(core::string_or(e, "product", "") == core::string_or(e, "campaign", ""));
        CHECK(core::string_or(e, "channel", "") != "direct");
    }
    CHECK(article_views > 100);
    // Every line is JSON; nothing is later than the end.
    const auto orders = json_lines(h->orders);
    for (const auto& o : orders) CHECK(core::int_or(o, "placed_ms", 0) < ho.end);
    CHECK(static_cast<long>(orders.size()) == h->order_count);
    // The batches: signed by their brand, lines adding up, and a failed payee paid in a later batch.
    std::map<std::string, std::vector<core::PayoutBatch>> by_brand;
    std::vector<core::LineMark> failed;
    for (const auto& j : json_lines(h->payouts)) {
        const bool batch = j.contains("batch");
        auto env = core::Envelope::from_json(j[batch ? "batch" : "mark"]);
        REQUIRE(env.ok());
        auto payload = core::open_envelope(*env);
        REQUIRE(payload.ok());
        if (batch) {
            auto b = core::parse_payout_batch(*payload);
            REQUIRE(b.ok());
            CHECK(b->cutoff < ho.end);
            by_brand[b->brand].push_back(*b);
        } else {
            auto m = core::parse_line_mark(*payload);
            REQUIRE(m.ok());
            if (m->status == core::LineStatus::Failed) failed.push_back(*m);
        }
    }
    REQUIRE_FALSE(failed.empty());
    bool repaid = false;
    for (const auto& b : by_brand[failed[0].brand])
        if (b.cutoff > by_brand[failed[0].brand].front().cutoff && b.line(failed[0].payee)) repaid = true;
    CHECK(repaid);
}
