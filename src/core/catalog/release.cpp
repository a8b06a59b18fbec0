// Releases: a brand's signed catalog, opened on every shop's first visit (3,000 products in one
// payload), so built for speed: parsing, per-product content hashes (from the signed bytes when they
// are canonical), writing.
#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "core/catalog/catalog.h"
#include "core/catalog/reading.h"
#include "core/text.h"

namespace core {

using namespace catalog_reading;

const Product* Release::find(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &products[it->second];
}

const Category* Release::category(const std::string& id) const {
    for (const auto& c : categories)
        if (c.id == id) return &c;
    return nullptr;
}

bool Release::reindex() {
    index_.clear();
    index_.reserve(products.size());
    for (std::size_t i = 0; i < products.size(); ++i) index_.emplace(products[i].id, i);
    return index_.size() == products.size();
}

std::string product_content_hash(const Json& product) {
    if (!product.is_object()) return sha256_hex(dump_json(product));
    // The product minus "hash", written as dump_json writes an object (keys in order, no spaces),
    // without copying the product to erase it: a 3,000-product release is opened on a phone.
    std::string text = "{";
    for (auto it = product.begin(); it != product.end(); ++it) {
        if (it.key() == "hash") continue;
        if (text.size() > 1) text += ',';
        text += dump_json(Json(it.key()));
        text += ':';
        text += dump_json(it.value());
    }
    text += '}';
    return sha256_hex(text);
}

namespace {
// A product's content hash from the bytes it was signed in, when they are dump_json's form (every
// signer of this product writes it so): the hash product_content_hash computes, without parsing and
// writing the product again. nullopt when the text is in any other form.
std::optional<std::string> content_hash_of_text(std::string_view product_text) {
    auto members = canonical_members(product_text);
    if (!members) return std::nullopt;
    std::string text = "{";
    text.reserve(product_text.size());
    for (const auto& m : *members) {
        if (m.key == "hash") continue;
        if (text.size() > 1) text += ',';
        text += m.text;
    }
    text += '}';
    return sha256_hex(text);
}

// Whether a product's "hash" is its content hash; `signed_text`, when not empty, is the product as
// signed (hashed from those bytes when they are canonical).
bool product_hash_matches(const Json& product, std::string_view signed_text);
}  // namespace

std::optional<std::size_t> content_hash_mismatch(const Json& payload, std::string_view payload_text) {
    const Json* products = get_array(payload, "products");
    if (!products) return std::nullopt;
    // The products as signed, when the whole payload is canonical (then its keys are unique, so its
    // "products" is the one parsed); otherwise every product is dumped again.
    std::vector<std::string_view> signed_text;
    if (auto top = canonical_members(payload_text))
        for (const auto& m : *top)
            if (m.key == "products")
                if (auto elements = canonical_elements(m.text.substr(m.key.size() + 3)))
                    signed_text = std::move(*elements);
    if (signed_text.size() != products->size()) signed_text.clear();
    for (std::size_t i = 0; i < products->size(); ++i)
        if (!product_hash_matches((*products)[i], signed_text.empty() ? std::string_view() : signed_text[i])) return i;
    return std::nullopt;
}

namespace {
bool product_hash_matches(const Json& product, std::string_view signed_text) {
    const Json* claimed = product.is_object() && product.contains("hash") ? &product["hash"] : nullptr;
    if (!claimed || !claimed->is_string() || claimed->get_ref<const std::string&>().empty()) return false;
    std::optional<std::string> actual;
    if (!signed_text.empty()) actual = content_hash_of_text(signed_text);
    if (!actual) actual = product_content_hash(product);
    return *actual == claimed->get_ref<const std::string&>();
}
}  // namespace

Json product_to_json(const Product& p) {
    auto img = [](const ImageRef& r) { return Json{{"src", r.src}, {"sha256", r.sha256}, {"w", r.w}, {"h", r.h}}; };
    Json specs = Json::array();
    for (const auto& s : p.specs) specs.push_back({{"name", s.name}, {"value", s.value}});
    Json images = Json::array();
    for (const auto& i : p.images) images.push_back(img(i));
    Json j = {{"id", p.id},       {"category", p.category}, {"title", p.title},  {"subtitle", p.subtitle},
              {"description", p.description}, {"specs", specs}, {"price", p.price}, {"list_price", p.list_price},
              {"images", images}};
    if (!p.thumb.empty()) j["thumb"] = img(p.thumb);
    j["hash"] = product_content_hash(j);
    return j;
}

Json release_to_json(const Release& r) {
    Json cats = Json::array();
    for (const auto& c : r.categories) cats.push_back({{"id", c.id}, {"name", c.name}});
    Json products = Json::array();
    for (const auto& p : r.products) products.push_back(product_to_json(p));
    return Json{{"type", "release"},   {"brand", r.brand},   {"version", r.version},     {"created_ms", r.created_ms},
                {"currency", r.currency}, {"locale", r.locale}, {"categories", cats}, {"products", products}};
}

namespace {
// The release without its products: type, brand, version, currency, locale, categories, and that
// "products" is a list.
Result<Release> parse_release_head(const Json& p) {
    if (string_or(p, "type", "") != "release") return bad("This is not a catalog release.");
    Release r;
    r.brand = string_or(p, "brand", "");
    r.version = get_int(p, "version").value_or(0);
    r.created_ms = int_or(p, "created_ms", 0);
    r.currency = string_or(p, "currency", "USD");
    r.locale = string_or(p, "locale", "en");
    if (r.brand.empty() || r.version <= 0) return bad("The release lacks a brand or version.");
    if (auto wrong = misfit(p, {{"currency", Kind::Text}, {"locale", Kind::Text}, {"created_ms", Kind::Whole}, {"categories", Kind::List}},
                            "The release's ");
        !wrong.empty())
        return bad(wrong);
    if (r.created_ms < 0) return bad("The release's \"created_ms\" must not be negative.");
    if (const Json* cats = get_array(p, "categories"))
        for (const auto& c : *cats) {
            auto id = get_string(c, "id");
            if (!id) return bad("A category has no id.");
            if (auto wrong = misfit(c, {{"name", Kind::Text}}, "Category " + *id + ": "); !wrong.empty()) return bad(wrong);
            r.categories.push_back({*id, string_or(c, "name", *id)});
        }
    if (!get_array(p, "products")) return bad("The release has no product list.");
    return r;
}

Result<Product> parse_product(const Json& j, const std::string& brand) {
    Product prod;
    if (!j.is_object()) return bad("A product in the release is not an object.");
    auto id = get_string(j, "id");
    auto title = get_string(j, "title");
    auto price = get_int(j, "price");
    if (!id || id->empty()) return bad("A product lacks an id.");
    if (utf8_length(*id) > kMaxIdChars) return bad("A product id is longer than 128 characters.");
    if (!title) return bad("Product " + *id + " lacks a title.");
    if (!price || *price < 0) return bad("Product " + *id + " lacks a valid price (whole minor units).");
    if (*price > kMaxPrice) return bad("Product " + *id + " has a price too high to be real. Check the number.");
    if (auto wrong = misfit(j, {{"category", Kind::Text}, {"subtitle", Kind::Text}, {"description", Kind::Text}},
                            "Product " + *id + ": ");
        !wrong.empty())
        return bad(wrong);
    if (j.contains("list_price")) {
        auto list = get_int(j, "list_price");
        if (!list || *list < 0 || *list > kMaxPrice)
            return bad("Product " + *id + " has a list price that is not whole minor units between 0 and 100 million.");
    }
    prod.id = *id;
    prod.brand = brand;
    prod.title = *title;
    prod.price = *price;
    prod.category = string_or(j, "category", "");
    prod.subtitle = string_or(j, "subtitle", "");
    prod.description = string_or(j, "description", "");
    prod.list_price = int_or(j, "list_price", 0);
    prod.hash = string_or(j, "hash", "");
    // specs, images and thumb: one lookup each, kind checked there (3,000 products on a phone).
    auto member = [&j](const char* key) -> const Json* {
        auto it = j.find(key);
        return it == j.end() ? nullptr : &*it;
    };
    const Json* specs = member("specs");
    const Json* images = member("images");
    const Json* thumb = member("thumb");
    if (const char* wrong = specs && !specs->is_array()     ? "\"specs\" must be a list."
                            : images && !images->is_array() ? "\"images\" must be a list."
                            : thumb && !thumb->is_object()  ? "\"thumb\" must be an object."
                                                            : nullptr)
        return bad("Product " + *id + ": " + wrong);
    if (specs)
        for (const auto& s : *specs) {
            if (!s.is_object()) return bad("Product " + *id + " has a spec that is not {\"name\", \"value\"}.");
            if (auto wrong = misfit(s, {{"name", Kind::Text}, {"value", Kind::Text}}, "Product " + *id + ", a spec: ");
                !wrong.empty())
                return bad(wrong);
            prod.specs.push_back({string_or(s, "name", ""), string_or(s, "value", "")});
        }
    if (images)
        for (const auto& i : *images) {
            ImageRef ref;
            if (!parse_image(i, ref)) return bad("Product " + prod.id + " has a malformed image reference.");
            prod.images.push_back(std::move(ref));
        }
    if (thumb)
        if (!parse_image(*thumb, prod.thumb)) return bad("Product " + prod.id + " has a malformed thumbnail.");
    return prod;
}

// After the products: an id twice is refused (find() would answer the first).
std::optional<Error> index_products(Release& r) {
    if (!r.reindex())
        for (const auto& prod : r.products)
            if (r.find(prod.id) != &prod) return bad("Product id \"" + prod.id + "\" appears twice in the release.");
    return std::nullopt;
}
}  // namespace

Result<Release> parse_release(const Json& p) {
    auto r = parse_release_head(p);
    if (!r) return r.error();
    const Json& products = *get_array(p, "products");
    r->products.reserve(products.size());
    for (const auto& j : products) {
        auto prod = parse_product(j, r->brand);
        if (!prod) return prod.error();
        r->products.push_back(std::move(*prod));
    }
    if (auto wrong = index_products(*r)) return *wrong;
    return r;
}

// The list is its stored text, one seal a line (a seal is base64, a dot and base64, never a line
// break): no JSON and no vector of strings, whose code would cost this consumer download 2 KB.
namespace {
template <class Fn>
void each_line(std::string_view text, Fn fn) {
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        if (end > 0 && !fn(text.substr(0, end))) return;
        text.remove_prefix(std::min(end + 1, text.size()));
    }
}
}  // namespace

bool ReleaseSeals::contains(std::string_view seal) const {
    bool found = false;
    each_line(text, [&](std::string_view line) { return !(found = line == seal); });
    return found;
}

std::size_t ReleaseSeals::size() const {
    std::size_t n = 0;
    each_line(text, [&](std::string_view) { return ++n, true; });
    return n;
}

void ReleaseSeals::remember(std::string_view seal) { *this = parse(std::string(seal) + "\n" + text, seal); }

ReleaseSeals ReleaseSeals::parse(std::string_view stored, std::string_view first) {
    ReleaseSeals out;
    std::size_t kept = 0;
    each_line(stored, [&](std::string_view line) {
        if (line == first && kept > 0) return true;  // remembered again: only its new place counts
        out.text.append(line).push_back('\n');
        return ++kept < kKept;
    });
    return out;
}

std::string release_seal(const Envelope& env, const BrandCert& brand) { return brand.key.b64() + "." + env.sig; }

// [SECTION] Opening, in pieces or at once

ReleaseOpening::ReleaseOpening(const Envelope& env, const BrandCert& brand, const ReleaseSeals* verified)
    : env_(env), brand_(brand) {
    // The signature always covers every byte; the per-product hashes are checked too so a product
    // can be named by its hash elsewhere (orders, audits) and a generator bug cannot slip through,
    // except for a release this browser checked in full before (ReleaseSeals).
    check_hashes_ = !(verified && verified->contains(release_seal(env, brand)));
}

// The envelope did not open (its signature, or a payload that is not a JSON object).
Error ReleaseOpening::unverified(const Error& why) const {
    return make_error("unverified_release", "This catalog could not be verified as published by " + brand_.name + ": " + why.message);
}

void ReleaseOpening::fail(Error e) {
    error_ = std::move(e);
    phase_ = Phase::Done;
}

bool ReleaseOpening::step(std::chrono::steady_clock::time_point deadline) {
    do {
        switch (phase_) {
            case Phase::Signature:
                if (auto wrong = check_signature(env_, &brand_.key)) fail(unverified(*wrong));
                else phase_ = Phase::Split;
                break;
            case Phase::Split: split(); break;
            case Phase::Products: read_product(); break;
            case Phase::Finish: finish(); break;
            case Phase::Done: return true;
        }
    } while (phase_ != Phase::Done && std::chrono::steady_clock::now() < deadline);
    return phase_ == Phase::Done;
}

void ReleaseOpening::split() {
    // A canonical payload is cut into its products without parsing it: the head (everything but the
    // products, with an empty list in their place) is parsed now, each product when its turn comes.
    std::string_view payload = env_.payload;
    std::string head;
    if (auto top = canonical_members(payload))
        for (const auto& m : *top)
            if (m.key == "products")
                if (auto elements = canonical_elements(m.text.substr(m.key.size() + 3))) {
                    texts_ = std::move(*elements);
                    head.assign(payload.substr(0, static_cast<std::size_t>(m.text.data() - payload.data())));
                    head += "\"products\":[]";
                    head.append(payload.substr(static_cast<std::size_t>(m.text.data() + m.text.size() - payload.data())));
                }
    Result<Json> doc = parse_signed_payload(head.empty() ? payload : std::string_view(head));
    if (!doc) return fail(unverified(doc.error()));
    if (head.empty()) whole_ = std::move(*doc);  // not canonical: read from the parsed payload
    auto release = parse_release_head(head.empty() ? whole_ : *doc);
    if (!release) return fail(release.error());
    release_ = std::move(*release);
    if (head.empty()) whole_products_ = get_array(whole_, "products");
    release_.products.reserve(products_total());
    phase_ = Phase::Products;
}

void ReleaseOpening::read_product() {
    if (next_ == products_total()) {
        phase_ = Phase::Finish;
        return;
    }
    std::string_view text = texts_.empty() ? std::string_view() : texts_[next_];
    Json parsed;
    if (!text.empty()) {
        auto doc = parse_json(text, "product");  // canonical text is JSON; never trusted blindly
        if (!doc) return fail(doc.error());
        parsed = std::move(*doc);
    }
    const Json& j = text.empty() ? (*whole_products_)[next_] : parsed;
    auto product = parse_product(j, release_.brand);
    if (!product) return fail(product.error());
    if (check_hashes_ && !first_mismatch_ && !product_hash_matches(j, text)) first_mismatch_ = next_;
    release_.products.push_back(std::move(*product));
    ++next_;
}

void ReleaseOpening::finish() {
    if (auto wrong = index_products(release_)) return fail(*wrong);
    if (release_.brand != brand_.brand)
        return fail(make_error("unverified_release", "This catalog names another brand than the one that signed it."));
    if (first_mismatch_)
        return fail(make_error("bad_content_hash", "Product \"" + release_.products[*first_mismatch_].title +
                                                       "\" does not match its content hash, so it cannot be verified."));
    phase_ = Phase::Done;
}

Result<Release> ReleaseOpening::take() {
    if (error_) return *error_;
    return std::move(release_);
}

Result<Release> open_release(const Envelope& env, const BrandCert& brand, const ReleaseSeals* verified) {
    ReleaseOpening opening(env, brand, verified);
    opening.step(std::chrono::steady_clock::time_point::max());
    return opening.take();
}

}  // namespace core
