// Catalog: what a brand publishes and signs. Brand certificates, policies and releases.
//
// [SECTION] Documents   payload schemas (the signed JSON text inside an Envelope)
// [SECTION] Types       BrandCert, Policy, Category, Product, Release
// [SECTION] Parsing     payload JSON -> types, with errors in plain words
//
// Documents (payload JSON; every one carries "type"):
//   brand    {"type":"brand","brand":id,"name":s,"key":b64,"locale":"zh-CN","currency":"CNY",
//             "issued_ms":t}                                     signed by the platform root key
//   policy   {"type":"policy","brand":id,"version":n,"binding":{"mode":"permanent|window|last",
//             "days":n},"commission":{"levels":[bp,...],"overrides":{pid:[bp,...]},"cap":bp},
//             "freeze_days":7,"min_payout":minor,"allow_self_purchase":false,"max_levels":3,
//             "lost_after_days":30,"payment":[{"kind":"cod"},{"kind":"bank","account_name":s,
//             "account":s,"bank":s},{"kind":"link","url":"https://...","label":s}]}
//                                                                signed by the brand key
//            "cap": the most all levels together may pay on a line (default 10000 = 100%); every
//            rate set (the levels and each override) must add up to at most the cap.
//            "payment": the ways a consumer can pay, in the order checkout offers them (default:
//            pay on delivery only). There is no card form and no payment provider: a bank transfer
//            names the order number as its reference, a link is the brand's own payment page.
//   release  {"type":"release","brand":id,"version":n,"created_ms":t,"currency":"CNY",
//             "locale":"zh-CN","categories":[{"id","name"}],"products":[{"id","category","title",
//             "subtitle","description","specs":[{"name","value"}],"price":minor,"list_price":minor,
//             "images":[{"src","sha256","w","h"}],"thumb":{...},"hash":hex}]}
//                                                                signed by the brand key
// A product's "hash" is SHA-256 of its canonical JSON without the "hash" field (keys sorted, no
// spaces, UTF-8): orders, manifests and audits can name exact content by it.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"
#include "core/trust/trust.h"

namespace core {

// [SECTION] Types
struct BrandCert {
    std::string brand;
    std::string name;
    PublicKey key;
    std::string locale;    // "zh-CN", "en"
    std::string currency;  // ISO 4217
    UtcMs issued_ms = 0;
};

enum class BindingMode { Permanent, Window, Last };

// How a consumer pays, as the brand accepts it.
struct PaymentMethod {
    enum Kind { Cod, Bank, Link } kind = Cod;
    std::string account_name, account, bank;  // Bank: who receives, the account (IBAN or number), the bank
    std::string url, label;                   // Link: the brand's own payment page, https only
};
const char* payment_kind_name(PaymentMethod::Kind k);

struct Policy {
    std::string brand;
    std::int64_t version = 0;
    BindingMode binding = BindingMode::Permanent;
    int binding_days = 0;                                   // for Window
    // A binding is made by an order (the default; undone if the order is cancelled or refunded), or
    // only once the brand marks the order paid ("binding": {"on": "paid"}): an order nobody pays
    // never binds a number to anyone.
    bool bind_on_paid = false;
    std::vector<BasisPoints> levels{1000, 300};             // level 1 = the selling distributor
    std::unordered_map<std::string, std::vector<BasisPoints>> overrides;  // per product
    int freeze_days = 7;
    Minor min_payout = 5000;
    bool allow_self_purchase = false;
    int max_levels = 3;                                     // depth of the distributor tree
    int lost_after_days = 30;
    BasisPoints cap = 10000;                                // all levels together, per line
    std::vector<PaymentMethod> payment{PaymentMethod{}};    // pay on delivery unless the brand says otherwise
};
// The checks a brand's policy must pass, shared by parse_policy (a signed document) and the
// console's editor (before signing): each problem in plain words, in field order. Empty: fine.
struct PolicyProblem {
    std::string field;    // "levels", "overrides.<pid>", "cap", "binding_days", "freeze_days", "min_payout", "payment.<i>"
    std::string message;
};
std::vector<PolicyProblem> policy_problems(const Policy& p);
// Basis points as a percentage's number, the one way rates are written for people: 1050 -> "10.5",
// 1000 -> "10", 25 -> "0.25", -10 -> "-0.1".
std::string percent_text(std::int64_t bp);
constexpr int kMaxCommissionLevels = 3;

struct ImageRef {
    std::string src;     // URL path, content-addressed: /img/<sha256>.jpg
    std::string sha256;  // of the image bytes; checked before the image is shown
    int w = 0, h = 0;
    bool empty() const { return src.empty(); }
};

struct Spec {
    std::string name, value;
};

struct Category {
    std::string id, name;
};

// The highest price a release may carry, in minor units (10^10: 100 million in a two-decimal currency,
// 10 billion yen or won, 10 million dinars): beyond it a price is a typo (and it keeps any order's total far
// from 64-bit overflow). The editor refuses it as it is typed;
// parse_release refuses a signed release that carries it, in the browser and in the store alike.
constexpr Minor kMaxPrice = 100'000'000'00;
constexpr std::size_t kMaxIdChars = 128;  // code points: a product id (and any id a manifest names)
constexpr std::size_t kMaxNameChars = 120;  // code points: a brand's name, a shop's name

struct Product {
    std::string id, brand, category, title, subtitle, description, hash;
    std::vector<Spec> specs;
    Minor price = 0;
    Minor list_price = 0;  // 0 when there is no compare-at price
    std::vector<ImageRef> images;
    ImageRef thumb;
};

struct Release {
    std::string brand;
    std::int64_t version = 0;
    UtcMs created_ms = 0;
    std::string currency, locale;
    std::vector<Category> categories;
    std::vector<Product> products;

    const Product* find(const std::string& id) const;
    const Category* category(const std::string& id) const;
    bool reindex();  // false when an id appears twice (find() then answers the first)

private:
    std::unordered_map<std::string, std::size_t> index_;
};

// [SECTION] Parsing
Result<BrandCert> parse_brand_cert(const Json& payload);
Result<Policy> parse_policy(const Json& payload);
// The policy's fields as written, without policy_problems' limits: the console's editor shows
// every problem at once; everything else uses parse_policy.
Result<Policy> read_policy(const Json& payload);
Result<Release> parse_release(const Json& payload);
// The writing side (generator, brand console): types -> payload JSON, ready to sign.
Json brand_cert_to_json(const BrandCert& c);
Json policy_to_json(const Policy& p);
Json release_to_json(const Release& r);             // every product with its "hash"
Json product_to_json(const Product& p);              // includes "hash"
std::string product_content_hash(const Json& product);  // hash over the product minus "hash"
// The index of the first product of a release payload whose "hash" is missing or is not its content
// hash; nullopt when all match. `payload_text` is the text `payload` was parsed from: products
// already in dump_json's form are hashed from it (a 3,000-product release in a fraction of the time),
// any other form the slow way, with the same answer.
std::optional<std::size_t> content_hash_mismatch(const Json& payload, std::string_view payload_text);

// A release on its way to a shop's first visit. Most of what a 3,000-product release weighs after
// compression is its products' content hashes (64 hex digits each, half of which no compressor can
// take out: 96 KB of a 166 KB answer), and each is what its own product's text hashes to. So the
// store may send a release with them left out and the browser puts them back before it checks the
// signature: the signed bytes are rebuilt exactly, the signature still covers every one of them, and
// a product altered on the way fails it like any other change. Only a payload in dump_json's form
// whose every product carries its right content hash is packed (nullopt otherwise: it travels whole).
std::optional<std::string> leave_out_content_hashes(std::string_view payload);
// The payload as signed again; nullopt when `packed` is not one leave_out_content_hashes writes
// (not canonical, a product that is not an object or still has a "hash").
std::optional<std::string> put_back_content_hashes(std::string_view packed);

// Opens a brand certificate signed by the platform root.
Result<BrandCert> open_brand_cert(const Envelope& env, const PublicKey& root);
// Return visits. A browser remembers the releases it has verified in full by their seal: the brand's
// key and the release's signature. An Ed25519 signature that verifies binds its exact bytes (other
// text under the same signature and key needs a SHA-512 collision), so a release whose seal is
// remembered and whose signature verifies again is the text whose content hashes were checked before;
// they are not checked again (the 3,000-SKU release: about 26 ms of wasm). The signature always is.
// Only a release that passed every check is remembered; the list lives in the browser's own storage,
// which only this site's scripts can write.
struct ReleaseSeals {
    static constexpr std::size_t kKept = 32;  // newest first; a seal is about 135 bytes
    std::string text;                         // one seal a line, as stored
    bool contains(std::string_view seal) const;
    std::size_t size() const;
    void remember(std::string_view seal);     // to the front, once; the oldest beyond kKept go
    // Stored text -> the list: at most kKept lines, and `first` once (where it first appears).
    static ReleaseSeals parse(std::string_view stored, std::string_view first = {});
};
std::string release_seal(const Envelope& env, const BrandCert& brand);

// Opens a release signed by the brand: signature, brand id, and every product's content hash (not
// when `verified` holds its seal, see above). ReleaseOpening run to its end.
// `hashes_left_out`: `env` carries the packed payload (leave_out_content_hashes); the hashes are put
// back first, a few products at a time, then everything is checked as for the payload as signed
// (the hashes themselves need no check: each was made from its product).
Result<Release> open_release(const Envelope& env, const BrandCert& brand, const ReleaseSeals* verified = nullptr,
                             bool hashes_left_out = false);

// Opening a release in pieces. A 3,000-product release is about 90 ms of wasm on this project's
// machine and four times that on a phone: done in one task it holds the page (input, scrolling, the
// HTML first paint's links) that long. step() does a few milliseconds of it at a time: the signature,
// then the payload split into its products (when it is canonical, dump_json's form; otherwise parsed
// whole), then products one by one (parsed, read, hash checked). The checks, their order and their
// answers are open_release's, which is this class run to its end. `env`, `brand` and `verified` must
// outlive the opening.
class ReleaseOpening {
public:
    ReleaseOpening(const Envelope& env, const BrandCert& brand, const ReleaseSeals* verified = nullptr,
                   bool hashes_left_out = false);
    // Not copied or moved: a packed release's pieces point into the opening itself (rebuilt_).
    ReleaseOpening(const ReleaseOpening&) = delete;
    ReleaseOpening& operator=(const ReleaseOpening&) = delete;
    // Works until `deadline` has passed (at least one piece); true once finished.
    bool step(std::chrono::steady_clock::time_point deadline);
    bool finished() const { return phase_ == Phase::Done; }
    std::size_t products_read() const { return phase_ == Phase::PutBack ? 0 : next_; }
    std::size_t products_total() const { return texts_.empty() && whole_products_ ? whole_products_->size() : texts_.size(); }
    bool remembered() const { return remembered_; }  // its seal was remembered: hashes not checked
    Result<Release> take();  // once finished

private:
    enum class Phase { Unpack, PutBack, Signature, Split, Products, Finish, Done };
    Error unverified(const Error& why) const;
    void fail(Error e);
    void unpack();
    void put_back_hash();
    void split();
    void read_product();
    void finish();

    const Envelope* env_;                        // as it came, or rebuilt_ once its hashes are back
    const BrandCert& brand_;
    bool check_hashes_ = true;
    bool remembered_ = false;
    Phase phase_ = Phase::Signature;
    Envelope rebuilt_;                           // a packed release with its hashes put back
    std::string_view packed_after_;              // the packed payload after its products
    std::vector<std::pair<std::size_t, std::size_t>> spans_;  // each product put back, in rebuilt_
    std::string head_;                           // rebuilt_ without its products, for split()
    Release release_;
    Json whole_;                                 // a payload that is not canonical, parsed whole
    const Json* whole_products_ = nullptr;
    std::vector<std::string_view> texts_;        // a canonical payload's products, as signed
    std::size_t next_ = 0;
    std::optional<std::size_t> first_mismatch_;  // reported after every product is read, as before
    std::optional<Error> error_;
};
Result<Policy> open_policy(const Envelope& env, const BrandCert& brand);

const char* binding_mode_name(BindingMode mode);

}  // namespace core
