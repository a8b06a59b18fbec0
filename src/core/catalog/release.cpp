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

// [SECTION] Content hashes left out on the way (a shop's first visit)

namespace {
// A canonical payload cut around its products: everything up to the list's "[", the products' texts,
// everything from its "]".
struct ProductsCut {
    std::string_view before, after;
    std::vector<std::string_view> products;
};
std::optional<ProductsCut> cut_products(std::string_view payload) {
    auto top = canonical_members(payload);
    if (!top) return std::nullopt;
    for (const auto& m : *top) {
        if (m.key != "products") continue;
        const std::string_view list = m.text.substr(m.key.size() + 3);
        auto elements = canonical_elements(list);
        if (!elements || list.empty() || list.front() != '[') return std::nullopt;
        const auto open = static_cast<std::size_t>(list.data() - payload.data()) + 1;
        return ProductsCut{payload.substr(0, open), payload.substr(open + list.size() - 2), std::move(*elements)};
    }
    return std::nullopt;
}

// Where "hash" goes in a product cut_products has read (so canonical JSON): before the first key
// that sorts after it, else before the closing brace; npos when the product is not an object or
// already has a "hash". Reads only the members before that point (a product's first keys are
// "category" and "description"): the whole text was checked by the cut.
std::size_t hash_goes_at(std::string_view p) {
    constexpr auto npos = std::string_view::npos;
    if (p.size() < 2 || p.front() != '{') return npos;
    if (p[1] == '}') return 1;
    for (std::size_t i = 1;;) {
        const std::size_t end = p.find('"', i + 1);  // a canonical key is never escaped
        if (p[i] != '"' || end == npos) return npos;
        const std::string_view key = p.substr(i + 1, end - i - 1);
        if (key == "hash") return npos;
        if (key > std::string_view("hash")) return i;
        std::size_t j = end + 2;  // past the quote and the colon: the value
        for (int depth = 0; j < p.size(); ++j) {
            const char c = p[j];
            if (c == '"') {
                for (++j; j < p.size() && p[j] != '"'; ++j)
                    if (p[j] == '\\') ++j;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth-- == 0) break;
            } else if (c == ',' && depth == 0) {
                break;
            }
        }
        if (j >= p.size()) return npos;
        if (p[j] == '}') return j;
        i = j + 1;
    }
}

// A product cut_products has read, as it is signed: with its content hash (what the product's text
// hashes to: the product minus "hash" in dump_json's form) put in where dump_json writes it.
bool append_with_hash(std::string_view product, std::string& out) {
    const std::size_t at = hash_goes_at(product);
    if (at == std::string_view::npos) return false;
    const bool last = product[at] == '}';
    out.append(product.substr(0, at));
    if (last && at > 1) out += ',';
    out += "\"hash\":\"";
    out += sha256_hex(product);
    out += '"';
    if (!last) out += ',';
    out.append(product.substr(at));
    return true;
}
}  // namespace

std::optional<std::string> leave_out_content_hashes(std::string_view payload) {
    auto cut = cut_products(payload);
    if (!cut) return std::nullopt;
    std::string out(cut->before);
    out.reserve(payload.size());
    for (std::size_t i = 0; i < cut->products.size(); ++i) {
        auto members = canonical_members(cut->products[i]);
        if (!members) return std::nullopt;
        const std::size_t start = out.size() + (i ? 1 : 0);
        if (i) out += ',';
        out += '{';
        std::string_view claimed;
        for (const auto& m : *members) {
            if (m.key == "hash") {
                claimed = m.text.substr(7);  // "hash": then the value
                continue;
            }
            if (out.size() > start + 1) out += ',';
            out += m.text;
        }
        out += '}';
        // Put back, this product must come out as it was signed: its hash, a string, is its content's.
        if (claimed.size() != 66 || claimed.substr(1, 64) != sha256_hex(std::string_view(out).substr(start)))
            return std::nullopt;
    }
    out += cut->after;
    return out;
}

std::optional<std::string> put_back_content_hashes(std::string_view packed) {
    auto cut = cut_products(packed);
    if (!cut) return std::nullopt;
    std::string out(cut->before);
    out.reserve(packed.size() + cut->products.size() * 76);
    for (std::size_t i = 0; i < cut->products.size(); ++i) {
        if (i) out += ',';
        if (!append_with_hash(cut->products[i], out)) return std::nullopt;
    }
    out += cut->after;
    return out;
}

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

ReleaseOpening::ReleaseOpening(const Envelope& env, const BrandCert& brand, const ReleaseSeals* verified,
                               bool hashes_left_out)
    : env_(&env), brand_(brand) {
    // The signature always covers every byte; the per-product hashes are checked too so a product
    // can be named by its hash elsewhere (orders, audits) and a generator bug cannot slip through,
    // except for a release this browser checked in full before (ReleaseSeals), and a release whose
    // hashes were left out on the way: each is put back as what its product hashes to.
    remembered_ = verified && verified->contains(release_seal(env, brand));
    check_hashes_ = !remembered_ && !hashes_left_out;
    if (hashes_left_out) phase_ = Phase::Unpack;
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
            case Phase::Unpack: unpack(); break;
            case Phase::PutBack: put_back_hash(); break;
            case Phase::Signature:
                if (auto wrong = check_signature(*env_, &brand_.key)) fail(unverified(*wrong));
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

// A packed release (hashes left out on the way): cut into its products, then each put back with its
// hash, one a piece, into rebuilt_; then opened as the release as signed.
void ReleaseOpening::unpack() {
    auto cut = cut_products(env_->payload);
    if (!cut)
        return fail(unverified(make_error("bad_document", "its products did not arrive in the form they were signed in")));
    rebuilt_.key = env_->key;
    rebuilt_.sig = env_->sig;
    rebuilt_.payload.reserve(env_->payload.size() + cut->products.size() * 76);
    rebuilt_.payload.assign(cut->before);
    packed_after_ = cut->after;
    texts_ = std::move(cut->products);
    spans_.reserve(texts_.size());
    phase_ = Phase::PutBack;
}

void ReleaseOpening::put_back_hash() {
    std::string& out = rebuilt_.payload;
    if (next_ == texts_.size()) {
        // The cut is known: split() takes it instead of reading 3 MB again. The head is everything
        // but the products, their list left empty.
        head_.assign(out, 0, spans_.empty() ? out.size() : spans_.front().first).append(packed_after_);
        out.append(packed_after_);
        for (std::size_t i = 0; i < spans_.size(); ++i) texts_[i] = std::string_view(out).substr(spans_[i].first, spans_[i].second);
        next_ = 0;
        env_ = &rebuilt_;
        phase_ = Phase::Signature;
        return;
    }
    if (next_) out += ',';
    const std::size_t start = out.size();
    if (!append_with_hash(texts_[next_], out))
        return fail(unverified(make_error("bad_document", "its products did not arrive in the form they were signed in")));
    spans_.emplace_back(start, out.size() - start);
    ++next_;
}

void ReleaseOpening::split() {
    // A canonical payload is cut into its products without parsing it: the head (everything but the
    // products, with an empty list in their place) is parsed now, each product when its turn comes.
    std::string_view payload = env_->payload;
    std::string head = std::move(head_);  // put back from a packed release: cut already
    if (!head.empty()) {
    } else if (auto top = canonical_members(payload))
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

Result<Release> open_release(const Envelope& env, const BrandCert& brand, const ReleaseSeals* verified,
                             bool hashes_left_out) {
    ReleaseOpening opening(env, brand, verified, hashes_left_out);
    opening.step(std::chrono::steady_clock::time_point::max());
    return opening.take();
}

}  // namespace core
