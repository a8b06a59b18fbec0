// The demo's history (see demo_history.h).
//
// [SECTION] Reading the demo   brands (keys from passphrases), policies, prices, chains, shops
// [SECTION] People             customers who keep to one shop, names in the shop's language
// [SECTION] Days               sessions, events, orders and what became of them
// [SECTION] Money              the ledger, weekly batches, marks, a refund after payout
// [SECTION] Lines              the three NDJSON files
#include "demo_history.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <vector>

#include "core/catalog/article.h"
#include "core/catalog/catalog.h"
#include "core/ledger/commission.h"
#include "core/ledger/settlement.h"
#include "core/orders/status_change.h"
#include "core/shop/shop.h"
#include "core/trust/trust.h"

namespace demo {

namespace {

constexpr core::UtcMs kMin = 60'000;
constexpr core::UtcMs kHour = 3'600'000;
constexpr core::UtcMs kDay = 86'400'000;

// std::mt19937_64's output is fixed by the standard (its distributions are not): raw draws only.
struct Draw {
    std::mt19937_64 g;
    explicit Draw(std::uint64_t seed) : g(seed) {}
    double f() { return static_cast<double>(g() >> 11) / 9007199254740992.0; }
    int below(int n) { return n <= 0 ? 0 : static_cast<int>(g() % static_cast<std::uint64_t>(n)); }
    bool chance(double p) { return f() < p; }
    core::UtcMs between(core::UtcMs lo, core::UtcMs hi) { return hi <= lo ? lo : lo + static_cast<core::UtcMs>(g() % static_cast<std::uint64_t>(hi - lo)); }
    std::string token(int n) {
        static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
        std::string s;
        for (int i = 0; i < n; ++i) s += b32[g() % 32];
        return s;
    }
};

// [SECTION] Reading the demo -----------------------------------------------------------------------

struct BrandData {
    std::string id, currency, locale, name;
    core::KeyPair key;
    core::Policy policy;
    std::vector<std::pair<std::string, core::Minor>> products;  // id, price: release order
    std::map<std::string, std::string> parent;                  // distributor -> parent ("" = the brand)
    std::vector<std::string> campaigns;
    std::set<std::string> articles;  // ids of its current articles: a visit in such a campaign opened the article
};

struct ShopData {
    std::string slug, distributor;
    std::vector<std::string> brands;
    std::set<std::string> selection;  // empty: every product of its brands
    int level = 1;
    bool chinese = true;
};

std::vector<std::string> chain_of(const BrandData& b, const std::string& distributor) {
    std::vector<std::string> chain;
    std::string d = distributor;
    while (!d.empty() && chain.size() < 16) {
        chain.push_back(d);
        auto it = b.parent.find(d);
        if (it == b.parent.end()) break;
        d = it->second;
    }
    return chain;
}

// [SECTION] People ---------------------------------------------------------------------------------

const char* const kZhSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
const char* const kZhGiven[] = {"晓明", "丽华", "建国", "美玲", "志强", "雪", "静", "婷婷", "伟", "芳", "磊", "秀英", "浩然", "欣怡", "子涵", "宇"};
const char* const kZhPlaces[] = {"杭州市西湖区文三路", "上海市徐汇区漕溪北路", "苏州市姑苏区人民路", "南京市鼓楼区中山北路",
                                 "成都市锦江区春熙路", "广州市天河区体育西路", "武汉市武昌区中南路", "北京市朝阳区建国路"};
const char* const kEnFirst[] = {"Olivia", "Noah", "Emma", "Lucas", "Amelia", "Mason", "Harper", "Elijah", "Grace", "Leo", "Zoe", "Isaac"};
const char* const kEnLast[] = {"Bennett", "Hayes", "Foster", "Brooks", "Murphy", "Price", "Sanders", "Ward", "Coleman", "Perry"};
const char* const kEnStreets[] = {"Alder Lane", "Beacon Street", "Cedar Avenue", "Harbor Road", "Juniper Court", "Linden Way"};
const char* const kEnCities[] = {"Portland, OR", "Asheville, NC", "Burlington, VT", "Santa Fe, NM", "Madison, WI", "Boulder, CO"};

struct Customer {
    std::string name, phone, address, visitor;
    int shop = 0;
};

Customer make_customer(Draw& d, int shop, bool chinese, int n) {
    Customer c;
    c.shop = shop;
    char buf[160];
    if (chinese) {
        c.name = std::string(kZhSurnames[d.below(16)]) + kZhGiven[d.below(16)];
        std::snprintf(buf, sizeof buf, "1%d%d %04d %04d", 3 + d.below(6), d.below(10), d.below(10000), 1000 + n);
        c.phone = buf;
        std::snprintf(buf, sizeof buf, "%s%d号%d室", kZhPlaces[d.below(8)], 1 + d.below(300), 101 + d.below(2000));
        c.address = buf;
    } else {
        c.name = std::string(kEnFirst[d.below(12)]) + " " + kEnLast[d.below(10)];
        std::snprintf(buf, sizeof buf, "+1 503 555 %04d", 1000 + n);
        c.phone = buf;
        std::snprintf(buf, sizeof buf, "%d %s, %s", 10 + d.below(990), kEnStreets[d.below(6)], kEnCities[d.below(6)]);
        c.address = buf;
    }
    c.visitor = "v_demo" + d.token(12);
    return c;
}

// [SECTION] Days -----------------------------------------------------------------------------------

struct Event {
    std::string id, type, shop, product, visitor, channel, campaign;
    int hop = 0;
    core::UtcMs at = 0;
};

struct Status {
    core::OrderStatus status;
    core::UtcMs at;
};

struct Order {
    std::string id, key, shop, brand, channel, campaign;
    int hop = 0, customer = 0;
    core::UtcMs placed = 0;
    std::vector<core::PricedLine> lines;
    std::vector<Status> statuses;  // after placed
    core::UtcMs delivered() const {
        for (const auto& s : statuses)
            if (s.status == core::OrderStatus::Delivered) return s.at;
        return 0;
    }
    core::UtcMs voided() const {
        for (const auto& s : statuses)
            if (s.status == core::OrderStatus::Refunded || s.status == core::OrderStatus::Cancelled) return s.at;
        return 0;
    }
};

const char* channel_name(int c) { return c == 0 ? "qr" : c == 1 ? "share" : c == 2 ? "link" : "direct"; }

}  // namespace

core::Json DemoHistory::summary() const {
    return {{"events", event_count},   {"orders", order_count},        {"status_changes", status_count},
            {"batches", batch_count},  {"marks", mark_count},          {"refunded", refunded},
            {"refunded_after_payout", refunded_after_payout}, {"cancelled", cancelled}, {"failed_lines", failed_lines}};
}

core::Result<DemoHistory> build_demo_history(const std::string& documents, const core::Json& demo, const HistoryOptions& opt) {
    if (opt.end <= 0 || opt.days < 7) return core::make_error("history_options", "The history needs an end time and at least 7 days.");
    std::map<std::string, BrandData> brands;
    std::vector<ShopData> shops;

    // Brands' passphrases give their keys (as the console derives them).
    std::map<std::string, std::string> passphrases;
    if (const core::Json* bl = core::get_array(demo, "brands"))
        for (const auto& b : *bl) passphrases[core::string_or(b, "id", "")] = core::string_or(b, "passphrase", "");

    std::istringstream in(documents);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto doc = core::parse_json(line, "documents.jsonl");
        if (!doc) return doc.error();
        const std::string kind = core::string_or(*doc, "kind", "");
        const core::Json* envj = core::get_object(*doc, "envelope");
        if (!envj) continue;
        auto env = core::Envelope::from_json(*envj);
        if (!env) return env.error();
        auto payload = core::parse_json(env->payload, kind);
        if (!payload) return payload.error();
        const core::Json& p = *payload;
        if (kind == "brand") {
            BrandData& b = brands[core::string_or(p, "brand", "")];
            b.id = core::string_or(p, "brand", "");
            b.currency = core::string_or(p, "currency", "");
            b.locale = core::string_or(p, "locale", "");
            b.name = core::string_or(p, "name", "");
            const std::string& pass = passphrases[b.id];
            auto key = opt.fast_keys ? core::derive_keypair_fast(pass, b.id) : core::derive_keypair(pass, b.id);
            if (!key) return key.error();
            if (key->pk.b64() != core::string_or(p, "key", ""))
                return core::make_error("history_keys", "The passphrase in demo.json does not open brand " + b.id + ".");
            b.key = *key;
            b.campaigns = b.locale.rfind("zh", 0) == 0 ? std::vector<std::string>{"spring-tea", "wechat-group", "mid-autumn"}
                                                        : std::vector<std::string>{"glow-week", "gift-guide", "newsletter"};
        } else if (kind == "policy") {
            auto pol = core::parse_policy(p);
            if (!pol) return pol.error();
            brands[pol->brand].policy = *pol;
        } else if (kind == "release") {
            auto rel = core::parse_release(p);
            if (!rel) return rel.error();
            for (const auto& prod : rel->products) brands[rel->brand].products.emplace_back(prod.id, prod.price);
        } else if (kind == "enrollment") {
            auto e = core::parse_enrollment(p);
            if (!e) return e.error();
            brands[e->brand].parent[e->distributor] = e->parent;
        } else if (kind == "article") {
            auto a = core::parse_article(p);
            if (!a) return a.error();
            if (!a->retired) brands[a->brand].articles.insert(a->id);
        } else if (kind == "manifest") {
            auto m = core::parse_manifest(p);
            if (!m) return m.error();
            ShopData s;
            s.slug = m->slug;
            s.distributor = m->distributor;
            s.brands = m->brands;
            s.selection.insert(m->products.begin(), m->products.end());
            shops.push_back(std::move(s));
        }
    }
    if (brands.empty() || shops.empty()) return core::make_error("history_documents", "documents.jsonl holds no brands or shops.");
    for (auto& s : shops) {
        s.chinese = brands[s.brands.front()].locale.rfind("zh", 0) == 0;
        s.level = static_cast<int>(chain_of(brands[s.brands.front()], s.distributor).size());
    }

    Draw d(opt.seed);
    const core::UtcMs start = opt.end - static_cast<core::UtcMs>(opt.days) * kDay;
    const core::UtcMs last = opt.end - 5 * kMin;  // nothing happens in the very last minutes
    std::vector<Customer> customers;
    std::vector<std::vector<int>> customers_of(shops.size());
    std::vector<Event> events;
    std::vector<Order> orders;
    long event_seq = 0;
    auto add_event = [&](const std::string& type, const ShopData& s, const std::string& product, const std::string& visitor,
                         const std::string& channel, const std::string& campaign, int hop, core::UtcMs at) {
        Event e{"e_demo" + d.token(14), type, s.slug, product, visitor, channel, channel == "direct" ? "" : campaign,
                channel == "direct" ? 0 : hop, at};
        events.push_back(std::move(e));
        ++event_seq;
    };

    // [SECTION] Days: sessions per shop per day, busier at level 1 and at weekends, growing a little.
    for (int day = 0; day < opt.days; ++day) {
        const core::UtcMs day0 = start + static_cast<core::UtcMs>(day) * kDay;
        const int weekday = static_cast<int>(((day0 / kDay) + 4) % 7);  // 1970-01-01 was a Thursday
        const double busy = (weekday == 0 || weekday == 6 ? 1.4 : 1.0) * (0.8 + 0.4 * day / opt.days);
        for (std::size_t si = 0; si < shops.size(); ++si) {
            const ShopData& s = shops[si];
            const double base = s.level == 1 ? 7.0 : s.level == 2 ? 4.5 : 3.5;
            const int sessions = static_cast<int>(base * busy + d.f() * 3);
            for (int k = 0; k < sessions; ++k) {
                core::UtcMs t = day0 + 8 * kHour + d.between(0, 14 * kHour);
                if (t > last - 2 * kHour) continue;
                // Who: a returning customer now and then, else someone new.
                int cust = -1;
                if (!customers_of[si].empty() && d.chance(0.22)) cust = customers_of[si][d.below(static_cast<int>(customers_of[si].size()))];
                const std::string visitor = cust >= 0 ? customers[cust].visitor : "v_demo" + d.token(12);
                const double r = d.f();
                const int ch = cust >= 0 && d.chance(0.7) ? 3 : r < 0.36 ? 0 : r < 0.68 ? 1 : r < 0.82 ? 2 : 3;
                const std::string channel = channel_name(ch);
                const BrandData& brand = brands[s.brands[d.below(static_cast<int>(s.brands.size()))]];
                const std::string campaign = d.chance(0.75) ? brand.campaigns[d.below(3)] : "";
                const int hop = ch == 1 ? (d.chance(0.55) ? 0 : d.chance(0.6) ? 1 : d.chance(0.6) ? 2 : 3) : 0;
                add_event("visit", s, "", visitor, channel, campaign, hop, t);
                // A link that shares an article opens it: its campaign is the article's id. (Its event id
                // is the visit's with a suffix: no draw, so the rest of the history stays as it was.)
                if (ch != 3 && brand.articles.count(campaign)) {
                    events.push_back(events.back());
                    events.back().id += "-a";
                    events.back().type = "article_view";
                    events.back().product = campaign;
                    events.back().at += 4'000;
                    ++event_seq;
                }
                // The brand's products this shop sells.
                std::vector<std::pair<std::string, core::Minor>> sold;
                for (const auto& pp : brand.products)
                    if (s.selection.empty() || s.selection.count(pp.first)) sold.push_back(pp);
                if (sold.empty()) continue;
                const int views = 1 + d.below(4);
                std::vector<int> seen;
                for (int v = 0; v < views; ++v) {
                    t += d.between(20'000, 3 * kMin);
                    const int pi = d.below(static_cast<int>(sold.size()));
                    seen.push_back(pi);
                    add_event("product_view", s, sold[pi].first, visitor, channel, campaign, hop, t);
                }
                if (d.chance(0.09)) add_event("share", s, sold[seen.back()].first, visitor, channel, campaign, hop, t + 30'000);
                if (!d.chance(cust >= 0 ? 0.5 : 0.24)) continue;
                t += d.between(30'000, 2 * kMin);
                add_event("add_to_cart", s, sold[seen.back()].first, visitor, channel, campaign, hop, t);
                if (!d.chance(0.7)) continue;
                t += d.between(30'000, 3 * kMin);
                add_event("checkout_start", s, "", visitor, channel, campaign, hop, t);
                if (!d.chance(0.72)) continue;
                t += d.between(kMin, 4 * kMin);
                if (cust < 0) {
                    customers.push_back(make_customer(d, static_cast<int>(si), s.chinese, static_cast<int>(customers.size())));
                    customers.back().visitor = visitor;
                    cust = static_cast<int>(customers.size()) - 1;
                    customers_of[si].push_back(cust);
                }
                Order o;
                o.id = "o_" + d.token(16);
                o.key = "demo" + d.token(20);
                o.shop = s.slug;
                o.brand = brand.id;
                o.channel = channel;
                o.campaign = ch == 3 ? "" : campaign;
                o.hop = hop;
                o.customer = cust;
                o.placed = t;
                std::set<int> picked(seen.begin(), seen.end());
                if (d.chance(0.3)) picked.insert(d.below(static_cast<int>(sold.size())));
                for (int pi : picked) o.lines.push_back({sold[pi].first, sold[pi].second, 1 + (d.chance(0.25) ? 1 : 0)});
                add_event("order_placed", s, "", visitor, channel, campaign, hop, t);
                // What became of it: paid (or cancelled), delivered, now and then refunded.
                const double fate = d.f();
                if (fate < 0.07) {
                    const core::UtcMs at = t + d.between(2 * kHour, 30 * kHour);
                    if (at < last) o.statuses.push_back({core::OrderStatus::Cancelled, at});
                } else {
                    const core::UtcMs paid = t + d.between(10 * kMin, 10 * kHour);
                    if (paid < last) {
                        o.statuses.push_back({core::OrderStatus::Paid, paid});
                        const core::UtcMs delivered = paid + d.between(2 * kDay, 5 * kDay);
                        if (delivered < last) {
                            o.statuses.push_back({core::OrderStatus::Delivered, delivered});
                            if (fate > 0.95) {  // returned inside the refund window
                                const core::UtcMs refunded = delivered + d.between(kDay, 5 * kDay);
                                if (refunded < last) o.statuses.push_back({core::OrderStatus::Refunded, refunded});
                            }
                        }
                    }
                }
                orders.push_back(std::move(o));
            }
        }
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
    std::sort(orders.begin(), orders.end(), [](const Order& a, const Order& b) { return a.placed < b.placed; });

    // [SECTION] Money: the ledger as the store will split it, then weekly batches per brand.
    DemoHistory h;
    std::map<std::string, std::vector<core::PayoutBatch>> batches_of;
    std::string payouts;
    auto ledger_of = [&](const BrandData& b) {
        core::Ledger l;
        l.brand = b.id;
        l.currency = b.currency;
        for (const auto& o : orders) {
            if (o.brand != b.id) continue;
            const ShopData& s = *std::find_if(shops.begin(), shops.end(), [&](const ShopData& x) { return x.slug == o.shop; });
            const core::Split split = core::split_order(o.lines, chain_of(b, s.distributor), b.policy, false);
            l.add(o.id, o.placed, o.delivered(), o.voided(), split.payees, b.policy.freeze_days);
        }
        return l;
    };
    const core::UtcMs today = core::day_index(opt.end) * kDay;
    for (auto& [bid, b] : brands) {
        core::SettlementOptions so;
        so.freeze_days = b.policy.freeze_days;
        so.min_payout = b.policy.min_payout;
        std::vector<core::PayoutBatch>& made = batches_of[bid];
        bool failed_one = false, refunded_one = false;
        for (int week = 4; week >= 1; --week) {
            const core::UtcMs cutoff = today - static_cast<core::UtcMs>(week) * 7 * kDay;
            if (cutoff <= start) continue;
            core::Ledger l = ledger_of(b);
            auto batch = core::make_payout_batch(l, made, so, cutoff);
            if (!batch) return batch.error();
            if (batch->lines.empty()) continue;
            batch->created_ms = cutoff + 9 * kHour;
            if (batch->created_ms >= last) continue;
            const core::Envelope env = core::sign_envelope(core::dump_json(core::payout_batch_to_json(*batch)), b.key);
            payouts += core::dump_json(core::Json{{"batch", env.to_json()}}) + "\n";
            ++h.batch_count;
            made.push_back(*batch);
            // The transfers go out the next morning; in the first batch one bank returns one.
            std::size_t n = 0;
            for (const auto& line : batch->lines) {
                ++n;
                core::LineMark m{bid, batch->id, line.payee, "", core::LineStatus::Paid, std::min(last, batch->created_ms + 20 * kHour)};
                const bool zh = b.locale.rfind("zh", 0) == 0;
                char note[96];
                std::snprintf(note, sizeof note, zh ? "银行转账 %s 第 %zu 笔" : "Bank transfer %s #%zu", core::format_date(batch->created_ms).c_str(), n);
                m.note = note;
                if (!failed_one && batch->lines.size() >= 2 && n == 2) {
                    m.status = core::LineStatus::Failed;
                    m.note = zh ? "银行退回：收款人户名不符。" : "Returned by the bank: the account name does not match.";
                    failed_one = true;
                    ++h.failed_lines;
                }
                core::apply_line_mark(made, m);
                const core::Envelope menv = core::sign_envelope(core::dump_json(core::line_mark_to_json(m)), b.key);
                payouts += core::dump_json(core::Json{{"mark", menv.to_json()}}) + "\n";
                ++h.mark_count;
            }
            // A customer returns an order whose commission this batch has just paid: the refund is
            // clawed back from that distributor's next payout.
            if (!refunded_one) {
                const core::UtcMs at = batch->created_ms + 2 * kDay;
                Order* pick = nullptr;
                for (auto& o : orders) {
                    if (o.brand != bid || o.voided() || !o.delivered() || o.statuses.back().status != core::OrderStatus::Delivered) continue;
                    if (o.delivered() + static_cast<core::UtcMs>(b.policy.freeze_days) * kDay > cutoff || at >= last) continue;
                    const ShopData& s = *std::find_if(shops.begin(), shops.end(), [&](const ShopData& x) { return x.slug == o.shop; });
                    const core::PayoutLine* line = made.back().line(s.distributor);
                    if (!line || line->status != core::LineStatus::Paid) continue;
                    core::Minor total = 0, best = 0;
                    for (const auto& l : o.lines) total += l.total();
                    if (pick)
                        for (const auto& l : pick->lines) best += l.total();
                    if (!pick || total < best) pick = &o;
                }
                if (pick) {
                    pick->statuses.push_back({core::OrderStatus::Refunded, at});
                    refunded_one = true;
                    ++h.refunded_after_payout;
                }
            }
        }
    }

    // [SECTION] Lines: events, orders with their signed status changes, payouts.
    for (const auto& e : events) {
        h.events += core::dump_json(core::Json{{"id", e.id}, {"type", e.type}, {"shop", e.shop}, {"product", e.product},
                                               {"visitor", e.visitor}, {"channel", e.channel}, {"campaign", e.campaign},
                                               {"hop", e.hop}, {"at", e.at}}) +
                    "\n";
    }
    h.event_count = static_cast<long>(events.size());
    for (const auto& o : orders) {
        const BrandData& b = brands[o.brand];
        const Customer& c = customers[o.customer];
        core::Json lines = core::Json::array();
        core::Minor total = 0;
        for (const auto& l : o.lines) {
            lines.push_back({{"product", l.product}, {"qty", l.quantity}});
            total += l.total();
        }
        core::Json statuses = core::Json::array();
        core::OrderStatus from = core::OrderStatus::Placed;
        for (const auto& st : o.statuses) {
            auto payload = core::status_change_payload(o.id, from, st.status, st.at);
            if (!payload) return payload.error();
            statuses.push_back({{"envelope", core::sign_envelope(*payload, b.key).to_json()}});
            from = st.status;
            ++h.status_count;
            if (st.status == core::OrderStatus::Cancelled) ++h.cancelled;
            if (st.status == core::OrderStatus::Refunded) ++h.refunded;
        }
        const core::Json body = {{"key", o.key},
                                 {"shop", o.shop},
                                 {"brand", o.brand},
                                 {"lines", lines},
                                 {"contact", {{"name", c.name}, {"phone", c.phone}, {"address", c.address}}},
                                 {"visitor", c.visitor},
                                 {"touch", {{"channel", o.channel}, {"campaign", o.campaign}, {"hop", o.hop}}},
                                 {"client_total", total}};
        h.orders += core::dump_json(core::Json{{"id", o.id}, {"placed_ms", o.placed}, {"order", body}, {"statuses", statuses}}) + "\n";
    }
    h.order_count = static_cast<long>(orders.size());
    h.payouts = std::move(payouts);
    return h;
}

}  // namespace demo
