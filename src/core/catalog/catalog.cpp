#include "core/catalog/catalog.h"

namespace core {

const Product* Release::find(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &products[it->second];
}

const Category* Release::category(const std::string& id) const {
    for (const auto& c : categories)
        if (c.id == id) return &c;
    return nullptr;
}

void Release::reindex() {
    index_.clear();
    index_.reserve(products.size());
    for (std::size_t i = 0; i < products.size(); ++i) index_.emplace(products[i].id, i);
}

const char* binding_mode_name(BindingMode mode) {
    switch (mode) {
        case BindingMode::Permanent: return "permanent";
        case BindingMode::Window: return "window";
        case BindingMode::Last: return "last";
    }
    return "permanent";
}

namespace {

Error bad(const std::string& what) { return make_error("bad_document", what); }

bool parse_image(const Json& j, ImageRef& out) {
    auto src = get_string(j, "src");
    auto sha = get_string(j, "sha256");
    if (!src || !sha || sha->size() != 64) return false;
    out.src = *src;
    out.sha256 = *sha;
    out.w = static_cast<int>(int_or(j, "w", 0));
    out.h = static_cast<int>(int_or(j, "h", 0));
    return true;
}

bool parse_rates(const Json& arr, std::vector<BasisPoints>& out) {
    if (!arr.is_array() || arr.size() > kMaxCommissionLevels) return false;
    out.clear();
    std::int64_t sum = 0;
    for (const auto& v : arr) {
        if (!v.is_number_integer()) return false;
        auto bp = v.get<std::int64_t>();
        if (bp < 0 || bp > 10000) return false;
        sum += bp;
        out.push_back(static_cast<BasisPoints>(bp));
    }
    return sum <= 10000;
}

}  // namespace

Result<BrandCert> parse_brand_cert(const Json& p) {
    if (string_or(p, "type", "") != "brand") return bad("This is not a brand certificate.");
    BrandCert c;
    auto brand = get_string(p, "brand");
    auto key = get_string(p, "key");
    if (!brand || brand->empty() || !key) return bad("The brand certificate lacks an id or key.");
    auto pk = PublicKey::from_b64(*key);
    if (!pk) return pk.error();
    c.brand = *brand;
    c.key = *pk;
    c.name = string_or(p, "name", c.brand);
    c.locale = string_or(p, "locale", "en");
    c.currency = string_or(p, "currency", "USD");
    c.issued_ms = int_or(p, "issued_ms", 0);
    return c;
}

Result<Policy> parse_policy(const Json& p) {
    if (string_or(p, "type", "") != "policy") return bad("This is not a brand policy.");
    Policy pol;
    pol.brand = string_or(p, "brand", "");
    pol.version = int_or(p, "version", 0);
    if (const Json* b = get_object(p, "binding")) {
        std::string mode = string_or(*b, "mode", "permanent");
        if (mode == "permanent") pol.binding = BindingMode::Permanent;
        else if (mode == "window") pol.binding = BindingMode::Window;
        else if (mode == "last") pol.binding = BindingMode::Last;
        else return bad("Unknown binding mode \"" + mode + "\".");
        pol.binding_days = static_cast<int>(int_or(*b, "days", 0));
        if (pol.binding == BindingMode::Window && pol.binding_days <= 0)
            return bad("A window binding needs a number of days above zero.");
    }
    if (const Json* c = get_object(p, "commission")) {
        if (const Json* levels = get_array(*c, "levels"))
            if (!parse_rates(*levels, pol.levels)) return bad("Commission levels must be 0-3 rates that add up to at most 100%.");
        if (const Json* ov = get_object(*c, "overrides"))
            for (auto it = ov->begin(); it != ov->end(); ++it) {
                std::vector<BasisPoints> rates;
                if (!parse_rates(it.value(), rates)) return bad("A per-product commission override is invalid.");
                pol.overrides.emplace(it.key(), std::move(rates));
            }
    }
    pol.freeze_days = static_cast<int>(int_or(p, "freeze_days", 7));
    pol.min_payout = int_or(p, "min_payout", 5000);
    pol.allow_self_purchase = get_bool(p, "allow_self_purchase").value_or(false);
    pol.max_levels = static_cast<int>(int_or(p, "max_levels", 3));
    pol.lost_after_days = static_cast<int>(int_or(p, "lost_after_days", 30));
    if (pol.freeze_days < 0 || pol.min_payout < 0 || pol.max_levels < 1 || pol.lost_after_days < 1)
        return bad("The policy has a negative or zero limit.");
    return pol;
}

std::string product_content_hash(const Json& product) {
    Json copy = product;
    if (copy.is_object()) copy.erase("hash");
    return sha256_hex(dump_json(copy));
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

Json brand_cert_to_json(const BrandCert& c) {
    return Json{{"type", "brand"},     {"brand", c.brand},       {"name", c.name},          {"key", c.key.b64()},
                {"locale", c.locale}, {"currency", c.currency}, {"issued_ms", c.issued_ms}};
}

Json policy_to_json(const Policy& p) {
    Json overrides = Json::object();
    for (const auto& [pid, rates] : p.overrides) overrides[pid] = rates;
    Json binding = {{"mode", binding_mode_name(p.binding)}};
    if (p.binding == BindingMode::Window) binding["days"] = p.binding_days;
    return Json{{"type", "policy"},
                {"brand", p.brand},
                {"version", p.version},
                {"binding", binding},
                {"commission", {{"levels", p.levels}, {"overrides", overrides}}},
                {"freeze_days", p.freeze_days},
                {"min_payout", p.min_payout},
                {"allow_self_purchase", p.allow_self_purchase},
                {"max_levels", p.max_levels},
                {"lost_after_days", p.lost_after_days}};
}

Json release_to_json(const Release& r) {
    Json cats = Json::array();
    for (const auto& c : r.categories) cats.push_back({{"id", c.id}, {"name", c.name}});
    Json products = Json::array();
    for (const auto& p : r.products) products.push_back(product_to_json(p));
    return Json{{"type", "release"},   {"brand", r.brand},   {"version", r.version},     {"created_ms", r.created_ms},
                {"currency", r.currency}, {"locale", r.locale}, {"categories", cats}, {"products", products}};
}

Result<Release> parse_release(const Json& p) {
    if (string_or(p, "type", "") != "release") return bad("This is not a catalog release.");
    Release r;
    r.brand = string_or(p, "brand", "");
    r.version = int_or(p, "version", 0);
    r.created_ms = int_or(p, "created_ms", 0);
    r.currency = string_or(p, "currency", "USD");
    r.locale = string_or(p, "locale", "en");
    if (r.brand.empty() || r.version <= 0) return bad("The release lacks a brand or version.");
    if (const Json* cats = get_array(p, "categories"))
        for (const auto& c : *cats) {
            auto id = get_string(c, "id");
            if (!id) return bad("A category has no id.");
            r.categories.push_back({*id, string_or(c, "name", *id)});
        }
    const Json* products = get_array(p, "products");
    if (!products) return bad("The release has no product list.");
    r.products.reserve(products->size());
    for (const auto& j : *products) {
        Product prod;
        auto id = get_string(j, "id");
        auto title = get_string(j, "title");
        auto price = get_int(j, "price");
        if (!id || id->empty() || !title || !price || *price < 0)
            return bad("A product lacks an id, a title or a valid price.");
        prod.id = *id;
        prod.brand = r.brand;
        prod.title = *title;
        prod.price = *price;
        prod.category = string_or(j, "category", "");
        prod.subtitle = string_or(j, "subtitle", "");
        prod.description = string_or(j, "description", "");
        prod.list_price = int_or(j, "list_price", 0);
        prod.hash = string_or(j, "hash", "");
        if (const Json* specs = get_array(j, "specs"))
            for (const auto& s : *specs) prod.specs.push_back({string_or(s, "name", ""), string_or(s, "value", "")});
        if (const Json* images = get_array(j, "images"))
            for (const auto& i : *images) {
                ImageRef ref;
                if (!parse_image(i, ref)) return bad("Product " + prod.id + " has a malformed image reference.");
                prod.images.push_back(std::move(ref));
            }
        if (const Json* thumb = get_object(j, "thumb"))
            if (!parse_image(*thumb, prod.thumb)) return bad("Product " + prod.id + " has a malformed thumbnail.");
        r.products.push_back(std::move(prod));
    }
    r.reindex();
    if (r.find(r.products.empty() ? "" : r.products.front().id) == nullptr && !r.products.empty())
        return bad("The release's product index is broken.");
    return r;
}

Result<BrandCert> open_brand_cert(const Envelope& env, const PublicKey& root) {
    auto payload = open_envelope(env, &root);
    if (!payload) {
        if (payload.error().code == "wrong_signer" || payload.error().code == "bad_signature")
            return make_error("forged_brand", "The brand's certificate is not signed by the platform.");
        return payload.error();
    }
    return parse_brand_cert(*payload);
}

Result<Release> open_release(const Envelope& env, const BrandCert& brand) {
    auto payload = open_envelope(env, &brand.key);
    if (!payload)
        return make_error("unverified_release", "This catalog could not be verified as published by " + brand.name +
                                                    ": " + payload.error().message);
    auto release = parse_release(*payload);
    if (!release) return release.error();
    if (release->brand != brand.brand)
        return make_error("unverified_release", "This catalog names another brand than the one that signed it.");
    // The signature already covers every byte; the per-product hashes are checked too so a product
    // can be named by its hash elsewhere (orders, audits) and a generator bug cannot slip through.
    const Json& products = (*payload)["products"];
    for (std::size_t i = 0; i < products.size(); ++i) {
        const std::string& claimed = release->products[i].hash;
        if (claimed.empty() || claimed != product_content_hash(products[i]))
            return make_error("bad_content_hash", "Product \"" + release->products[i].title +
                                                      "\" does not match its content hash, so it cannot be verified.");
    }
    return release;
}

Result<Policy> open_policy(const Envelope& env, const BrandCert& brand) {
    auto payload = open_envelope(env, &brand.key);
    if (!payload) return make_error("unverified_policy", "The brand's policy could not be verified.");
    auto pol = parse_policy(*payload);
    if (pol && pol->brand != brand.brand) return make_error("unverified_policy", "The policy names another brand.");
    return pol;
}

}  // namespace core
