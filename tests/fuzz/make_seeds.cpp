// make_seeds OUT_DIR: writes the seed corpora (OUT_DIR/<target>/<name>) with the core's own writers,
// so every seed is a document the product really makes: a small release, a policy, a manifest,
// enrollments (one under an invite), a whole shop as the store returns it, invite links, an activity
// page, DSA1 and DSL1 files, payout documents, a PNG and a JPEG. Everything is signed with the
// harness's keys (fuzz.h), so the seeds verify inside the targets. Deterministic: run it again and
// the same bytes come out. tests/fuzz/run.sh --seeds regenerates tests/fuzz/corpus with it.
#include <filesystem>
#include <fstream>

#include "core/analytics/insight.h"
#include "core/catalog/catalog.h"
#include "core/ledger/settlement.h"
#include "core/media/image.h"
#include "core/shop/invite.h"
#include "core/shop/shop.h"
#include "fuzz.h"

namespace fs = std::filesystem;
using namespace core;

namespace {
fs::path out_dir;

void put(const std::string& target, const std::string& name, std::string_view bytes) {
    fs::create_directories(out_dir / target);
    std::ofstream(out_dir / target / name, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
void put(const std::string& target, const std::string& name, const std::vector<std::uint8_t>& bytes) {
    put(target, name, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

constexpr UtcMs kT = 1'795'000'000'000;  // late 2026
constexpr UtcMs kDay = 86'400'000;
const std::string kSha(64, 'a');

BrandCert brand_cert() {
    BrandCert c;
    c.brand = "b_fuzz";
    c.name = "花溪茶园";
    c.key = fuzz::keys().brand.pk;
    c.locale = "zh-CN";
    c.currency = "CNY";
    c.issued_ms = kT;
    return c;
}

Policy policy() {
    Policy p;
    p.brand = "b_fuzz";
    p.version = 2;
    p.binding = BindingMode::Window;
    p.binding_days = 30;
    p.levels = {1000, 300, 100};
    p.overrides["p_oolong"] = {1500, 0};
    p.cap = 2000;
    PaymentMethod bank;
    bank.kind = PaymentMethod::Bank;
    bank.account_name = "Huaxi Tea Co.";
    bank.account = "6222 0200 1234 5678";
    bank.bank = "ICBC";
    PaymentMethod link;
    link.kind = PaymentMethod::Link;
    link.url = "https://pay.example.com/huaxi";
    link.label = "Pay online";
    p.payment = {PaymentMethod{}, bank, link};
    return p;
}

Release release() {
    Release r;
    r.brand = "b_fuzz";
    r.version = 3;
    r.created_ms = kT;
    r.currency = "CNY";
    r.locale = "zh-CN";
    r.categories = {{"c_green", "绿茶"}, {"c_oolong", "Oolong"}};
    Product a;
    a.id = "p_longjing";
    a.brand = r.brand;
    a.category = "c_green";
    a.title = "明前龙井 Longjing";
    a.subtitle = "250 g";
    a.description = "Pan-fired.\nSweet, chestnut.";
    a.specs = {{"Origin", "杭州"}, {"Harvest", "2026-03"}};
    a.price = 12800;
    a.list_price = 15800;
    a.images = {{"/img/" + kSha + ".jpg", kSha, 800, 800}};
    a.thumb = {"/img/" + kSha + ".jpg", kSha, 200, 200};
    Product b;
    b.id = "p_oolong";
    b.brand = r.brand;
    b.category = "c_oolong";
    b.title = "Tieguanyin";
    b.price = 6800;
    r.products = {a, b};
    r.reindex();
    return r;
}

Enrollment enrollment(const std::string& id, const std::string& slug, const std::string& parent, int level, const KeyPair& key) {
    Enrollment e;
    e.brand = "b_fuzz";
    e.distributor = id;
    e.slug = slug;
    e.name = "Shop " + slug;
    e.parent = parent;
    e.key = key.pk;
    e.level = level;
    e.issued_ms = kT + level * kDay;
    return e;
}

ShopManifest manifest() {
    ShopManifest m;
    m.distributor = "d_2";
    m.slug = "lily-tea";
    m.version = 4;
    m.updated_ms = kT + 5 * kDay;
    m.identity.name = "丽丽茶铺 · Lily's";
    m.identity.greeting = "Welcome! 欢迎";
    m.identity.contact = "WeChat lily_tea";
    m.identity.avatar = {"/img/" + kSha + ".jpg", kSha, 256, 256};
    m.theme.layout = "showcase";
    m.theme.primary = 0x0F766E;
    m.brands = {"b_fuzz"};
    m.products = {"p_oolong", "p_longjing"};
    m.featured = {"p_longjing"};
    m.notes["p_oolong"] = "My favourite.";
    return m;
}

std::string text(const Json& j) { return dump_json(j); }
// A string literal with the NUL bytes inside it (and not the one that ends it).
template <std::size_t N>
std::string bin(const char (&s)[N]) {
    return std::string(s, N - 1);
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seeds OUT_DIR\n");
        return 2;
    }
    out_dir = argv[1];
    const auto& k = fuzz::keys();

    // Catalog documents.
    const std::string cert = text(brand_cert_to_json(brand_cert()));
    const std::string pol = text(policy_to_json(policy()));
    const std::string rel = text(release_to_json(release()));
    put("brand_cert", "brand", cert);
    put("policy", "window-bank-link", pol);
    put("policy", "default", text(policy_to_json(Policy{})));
    put("release", "two-products", rel);

    // Enrollments: d_1 under the brand, d_2 under d_1 by invite (self-signed, carrying d_1's invite).
    const Enrollment e1 = enrollment("d_1", "first-tea", "", 1, k.d1);
    Invite inv;
    inv.brand = "b_fuzz";
    inv.parent = "d_1";
    inv.id = "inv_fuzz";
    inv.level = 2;
    inv.expires_ms = kT + 14 * kDay;
    inv.max_uses = 5;
    inv.parent_slug = "first-tea";
    inv.parent_name = "Shop first-tea";
    inv = make_invite(inv, k.d1);
    Enrollment e2 = enrollment_from_invite(inv, "d_2", "lily-tea", "Lily", k.d2.pk, kT + 2 * kDay);
    put("enrollment", "level-1", text(enrollment_to_json(e1)));
    put("enrollment", "invited", text(enrollment_to_json(e2)));
    put("invite", "token", invite_token(inv.envelope));
    put("invite", "envelope-text", inv.envelope.to_text());

    // Manifest, and the whole shop as GET /api/shops/<slug> returns it.
    const std::string man = text(manifest_to_json(manifest()));
    put("manifest", "lily", man);
    Json shop = {{"manifest", sign_envelope(man, k.d2).to_json()},
                 {"brands", {{"b_fuzz", sign_envelope(cert, k.root).to_json()}}},
                 {"releases", {{"b_fuzz", sign_envelope(rel, k.brand).to_json()}}},
                 {"policies", {{"b_fuzz", sign_envelope(pol, k.brand).to_json()}}},
                 {"enrollments",
                  {{"b_fuzz",
                    {{"d_1", sign_envelope(text(enrollment_to_json(e1)), k.brand).to_json()},
                     {"d_2", sign_envelope(text(enrollment_to_json(e2)), k.d2).to_json()}}}}}};
    put("shop_bundle", "lily", text(shop));

    // Envelopes as they travel.
    put("envelope", "brand", sign_envelope(cert, k.root).to_text());
    put("envelope", "enrollment", sign_envelope(text(enrollment_to_json(e1)), k.brand).to_text());
    put("envelope", "forged", Envelope{"{\"type\":\"brand\"}", k.d3.pk.b64(), std::string(86, 'A') + "=="}.to_text());

    // Links.
    put("link", "qr", "/s/lily-tea?ch=qr&c=spring_2026&h=0");
    put("link", "reshare", "https://shop.example.com/s/lily-tea/p/p_oolong?ch=share&c=%E6%98%A5&h=12#top");
    put("link", "join", "/d/join?invite=" + invite_token(inv.envelope).substr(0, 120) + "&x=%zz&+a=b+c");

    // An activity page as the store sends it.
    Json events = Json::array(), orders = Json::array();
    const char* types[] = {"visit", "product_view", "add_to_cart", "checkout_start", "order_placed", "share"};
    for (int i = 0; i < 6; ++i)
        events.push_back({{"id", "e_" + std::to_string(i)}, {"type", types[i]}, {"shop", "lily-tea"}, {"distributor", i < 4 ? "d_2" : "d_3"},
                          {"product", i ? "p_oolong" : ""}, {"visitor", "v_" + std::to_string(i % 3)},
                          {"channel", i % 2 ? "qr" : "share"}, {"campaign", "spring"}, {"hop", i % 3}, {"at", kT + i * kDay}});
    auto order = [&](const char* id, const char* status, Minor total, UtcMs at) {
        return Json{{"id", id}, {"number", std::string("DS-") + id}, {"brand", "b_fuzz"}, {"shop", "lily-tea"},
                    {"shop_distributor", "d_2"}, {"distributor", "d_2"}, {"customer", "c_1"}, {"currency", "CNY"},
                    {"total", total}, {"placed_ms", at}, {"status", status}, {"status_ms", at + kDay},
                    {"last_touch", {{"channel", "qr"}, {"campaign", "spring"}, {"hop", 1}}},
                    {"contact", {{"name", "王"}, {"phone", "13800138000"}}},
                    {"split", {{"payees", {{{"distributor", "d_2"}, {"level", 0}, {"amount", total / 10}},
                                           {{"distributor", "d_1"}, {"level", 1}, {"amount", total / 33}}}}}}};
    };
    orders.push_back(order("o_1", "delivered", 12800, kT + kDay));
    orders.push_back(order("o_2", "refunded", 6800, kT + 2 * kDay));
    Json page = {{"events", events},
                 {"orders", orders},
                 {"statuses", {{{"order", "o_1"}, {"status", "settled"}, {"at", kT + 20 * kDay}}}},
                 {"released", {{{"brand", "b_fuzz"}, {"customer", "c_9"}}}},
                 {"cursor", "6.2.1"},
                 {"more", false}};
    put("activity_page", "page", text(page));
    put("json", "activity-page", text(page));
    put("json", "policy", pol);
    put("json", "numbers", "[0,-1,1.5e300,18446744073709551615,-9223372036854775808,1E-7,true,null,\"\\u00e9\\ud83d\\ude00\"]");
    put("json", "nested", "{\"a\":{\"b\":[[[{\"c\":\"\"}]]]},\"a\":1}");

    // DSA1: a brand's activity.
    Activity act;
    (void)merge_activity_page(act, page);
    BrandActivity ba = brand_activity_of(act, {{"d_1", "First", "first-tea", -1, 1, kT, true},
                                               {"d_2", "Lily", "lily-tea", 0, 2, kT + kDay, true},
                                               {"d_3", "Bo", "bo-tea", 1, 3, kT + 2 * kDay, false}});
    ba.brand = "b_fuzz";
    ba.currency = "CNY";
    put("brand_activity", "small", encode_brand_activity(ba));

    // DSL1 and ledger lines: three orders, one refunded after delivery, one with a zero share.
    Ledger l;
    l.brand = "b_fuzz";
    l.currency = "CNY";
    l.add("o_1", kT, kT + 3 * kDay, 0, {{"d_2", 0, 1280}, {"d_1", 1, 384}});
    l.add("o_2", kT + kDay, kT + 4 * kDay, kT + 30 * kDay, {{"d_2", 0, 680}, {"d_1", 1, 204}, {"d_0", 2, 68}}, 14);
    l.add("o_3", kT + 2 * kDay, 0, 0, {{"d_3", 0, 0}, {"d_2", 1, 99}});
    put("ledger", "three-orders", encode_ledger(l));
    std::string lines;
    for (std::size_t i = 0; i < l.orders.size(); ++i) lines += ledger_order_line(l, i);
    put("ledger_line", "three-orders", lines);

    // Payout documents.
    SettlementOptions opt;
    opt.min_payout = 100;
    auto batch = make_payout_batch(l, {}, opt, kT + 60 * kDay);
    batch->created_ms = kT + 60 * kDay;
    put("payout", "batch", text(payout_batch_to_json(*batch)));
    Json view = payout_batch_to_json(*batch);
    for (auto& line : view["lines"]) line.update({{"status", "failed"}, {"status_ms", kT + 61 * kDay}, {"note", "returned"}});
    put("payout", "view", text(view));
    put("payout", "mark", text(line_mark_to_json({"b_fuzz", batch->id, "d_2", "ref 42", LineStatus::Paid, kT + 61 * kDay})));

    // CSV: bytes the FuzzedDataProvider turns into a batch, lines and names.
    put("csv", "plain", bin("pb_b_fuzz_1795000000000\x08") + "CNY" + std::string(40, '\x02') + "d_1,Lily \"L\"\n=SUM(A1)");
    put("csv", "formula", bin("=cmd|' /C calc'!A0\x10+1\x20@x\x01-1\r\n") + std::string(64, '\xff'));

    // Images: what the editor's own encoders make.
    Raster img(6, 4, 0xC2410C);
    for (int y = 0; y < img.h; ++y)
        for (int x = 0; x < img.w; ++x) img.px(x, y)[1] = static_cast<std::uint8_t>(x * 40 + y * 10);
    put("image", "6x4.png", encode_png(img));
    put("image", "6x4.jpg", encode_jpeg(img, 60));
    return 0;
}
