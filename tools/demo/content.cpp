// The demo's content from assets/demo/ (see content.h).
//
// [SECTION] Reading   a file's JSON, fields checked by type; the first problem names file and field
// [SECTION] Names     the lower-case names of kinds, styles, hair, blocks, payment and binding
// [SECTION] Brands    huaxi.json, northmoor.json
// [SECTION] Shops     shops.json
// [SECTION] Scale     scale.json
//
// Reading never aborts (the build has no exceptions and nlohmann aborts on a type mismatch): each
// value's type is checked before it is taken, and a wrong one becomes the error the caller returns.
// Unknown fields are refused too, so a misspelt optional field is not silently ignored.
#include "content.h"

#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <iterator>

#include "core/json.h"

namespace demo {

const BrandSeed* Content::brand(const std::string& id) const {
    for (const auto& b : brands)
        if (b.id == id) return &b;
    return nullptr;
}

namespace {

using core::Json;

// [SECTION] Reading --------------------------------------------------------------------------------

// One file being read: remembers the first problem ("FILE: FIELD: what is wrong") and hands back
// defaults after it, so the loaders read straight through and check once at the end.
class In {
public:
    explicit In(std::string file) : file_(std::move(file)) {}

    const std::string& problem() const { return problem_; }
    bool ok() const { return problem_.empty(); }
    void fail(const std::string& field, const std::string& what) {
        if (problem_.empty()) problem_ = file_ + ": " + (field.empty() ? "" : field + ": ") + what;
    }

    // The file's JSON, or null after a problem (missing, unreadable, malformed).
    Json load() {
        std::ifstream f(file_, std::ios::binary);
        if (!f) {
            fail("", "cannot open the file (is --assets the folder that holds demo/?)");
            return Json();
        }
        std::string text{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
        auto j = core::parse_json(text, "file");
        if (!j) {
            fail("", j.error().message);
            return Json();
        }
        if (!j->is_object()) fail("", "expected an object at the top");
        return std::move(*j);
    }

    // Refuses fields the reader does not know.
    void known(const Json& obj, const std::string& path, std::initializer_list<const char*> keys) {
        if (!obj.is_object()) return;
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool found = false;
            for (const char* k : keys) found = found || it.key() == k;
            if (!found) fail(join(path, it.key()), "unknown field");
        }
    }

    const Json* field(const Json& obj, const std::string& path, const char* key, bool required = true) {
        if (!obj.is_object()) {
            fail(path, "expected an object");
            return nullptr;
        }
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) fail(join(path, key), "missing");
            return nullptr;
        }
        return &*it;
    }

    std::string str(const Json& obj, const std::string& path, const char* key, bool required = true) {
        const Json* v = field(obj, path, key, required);
        if (!v) return "";
        if (!v->is_string()) {
            fail(join(path, key), "expected a string");
            return "";
        }
        return v->get_ref<const std::string&>();
    }

    std::int64_t integer(const Json& obj, const std::string& path, const char* key, bool required = true, std::int64_t fallback = 0) {
        const Json* v = field(obj, path, key, required);
        if (!v) return fallback;
        if (!v->is_number_integer()) {
            fail(join(path, key), "expected a whole number");
            return fallback;
        }
        return v->get<std::int64_t>();
    }

    // A number as the painter uses it (float). Written with a few decimals, as the C++ literal was.
    float number(const Json& obj, const std::string& path, const char* key) {
        const Json* v = field(obj, path, key);
        if (!v) return 0.f;
        if (!v->is_number()) {
            fail(join(path, key), "expected a number");
            return 0.f;
        }
        return static_cast<float>(v->get<double>());
    }

    bool boolean(const Json& obj, const std::string& path, const char* key, bool required = true) {
        const Json* v = field(obj, path, key, required);
        if (!v) return false;
        if (!v->is_boolean()) {
            fail(join(path, key), "expected true or false");
            return false;
        }
        return v->get<bool>();
    }

    // "#RRGGBB" -> 0xRRGGBB.
    std::uint32_t colour(const Json& obj, const std::string& path, const char* key, bool required = true, std::uint32_t fallback = 0) {
        std::string s = str(obj, path, key, required);
        if (s.empty() && !required) return fallback;
        if (s.size() != 7 || s[0] != '#') {
            if (ok()) fail(join(path, key), "expected a colour \"#RRGGBB\", found \"" + s + "\"");
            return fallback;
        }
        std::uint32_t v = 0;
        for (std::size_t i = 1; i < 7; ++i) {
            char c = s[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                fail(join(path, key), "expected a colour \"#RRGGBB\", found \"" + s + "\"");
                return fallback;
            }
            v = v * 16 + static_cast<std::uint32_t>(d);
        }
        return v;
    }
    RGB rgb(const Json& obj, const std::string& path, const char* key) { return hexc(colour(obj, path, key)); }

    // The array under key (an empty one after a problem), each element with its path.
    const Json& array(const Json& obj, const std::string& path, const char* key, bool required = true) {
        static const Json empty = Json::array();
        const Json* v = field(obj, path, key, required);
        if (!v) return empty;
        if (!v->is_array()) {
            fail(join(path, key), "expected an array");
            return empty;
        }
        return *v;
    }
    const Json& object(const Json& obj, const std::string& path, const char* key) {
        static const Json empty = Json::object();
        const Json* v = field(obj, path, key);
        if (!v) return empty;
        if (!v->is_object()) {
            fail(join(path, key), "expected an object");
            return empty;
        }
        return *v;
    }

    // One of `names` (by position), or -1 with a problem that lists them.
    int name(const Json& obj, const std::string& path, const char* key, std::initializer_list<const char*> names) {
        std::string s = str(obj, path, key);
        if (!ok()) return -1;
        int i = 0;
        std::string list;
        for (const char* n : names) {
            if (s == n) return i;
            list += (i++ ? ", " : "") + std::string(n);
        }
        fail(join(path, key), "\"" + s + "\" is not one of " + list);
        return -1;
    }

    static std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
    static std::string at(const std::string& path, const char* key, std::size_t i) {
        return join(path, key) + "[" + std::to_string(i) + "]";
    }

private:
    std::string file_, problem_;
};

// [SECTION] Names ----------------------------------------------------------------------------------

// In Kind's order.
constexpr std::initializer_list<const char*> kKindNames = {
    "tin", "pouch", "carton", "jar", "glass_jar", "cake", "teapot", "gaiwan", "cups", "pitcher", "gift_box",
    "dropper", "pump", "spray", "tube", "soap", "candle", "ceramic_candle", "taper", "diffuser", "flat_tin"};

Style style_of(In& in, const Json& obj, const std::string& path, const char* key) {
    return in.name(obj, path, key, {"tea", "botanic"}) == 1 ? Style::Botanic : Style::Tea;
}

BannerArt banner_of(In& in, const Json& j, const std::string& path) {
    in.known(j, path, {"sky_top", "sky_bottom", "sun", "far", "mid", "near", "style", "sun_x"});
    BannerArt b;
    b.sky_top = in.rgb(j, path, "sky_top");
    b.sky_bottom = in.rgb(j, path, "sky_bottom");
    b.sun = in.rgb(j, path, "sun");
    b.far = in.rgb(j, path, "far");
    b.mid = in.rgb(j, path, "mid");
    b.near = in.rgb(j, path, "near");
    b.style = style_of(in, j, path, "style");
    b.sun_x = in.number(j, path, "sun_x");
    return b;
}

AvatarArt avatar_of(In& in, const Json& j, const std::string& path) {
    in.known(j, path, {"bg", "skin", "hair", "shirt", "accent", "hair_style", "glasses"});
    AvatarArt a;
    a.bg = in.rgb(j, path, "bg");
    a.skin = in.rgb(j, path, "skin");
    a.hair = in.rgb(j, path, "hair");
    a.shirt = in.rgb(j, path, "shirt");
    a.accent = in.rgb(j, path, "accent");
    a.hair_style = std::max(0, in.name(j, path, "hair_style", {"long", "short", "bun", "bob"}));
    a.glasses = in.boolean(j, path, "glasses");
    return a;
}

// [SECTION] Brands ---------------------------------------------------------------------------------

// The policy the brand signs (core::Policy's defaults for what the file leaves out).
core::Policy policy_of(In& in, const Json& j, const std::string& path) {
    in.known(j, path, {"binding", "binding_days", "levels", "freeze_days", "min_payout", "max_levels", "payment"});
    core::Policy p;
    int mode = in.name(j, path, "binding", {"permanent", "window", "last"});
    p.binding = mode == 1 ? core::BindingMode::Window : mode == 2 ? core::BindingMode::Last : core::BindingMode::Permanent;
    p.binding_days = static_cast<int>(in.integer(j, path, "binding_days", p.binding == core::BindingMode::Window));
    p.levels.clear();
    const Json& levels = in.array(j, path, "levels");
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (!levels[i].is_number_integer()) in.fail(In::at(path, "levels", i), "expected basis points (a whole number)");
        else p.levels.push_back(static_cast<core::BasisPoints>(levels[i].get<std::int64_t>()));
    }
    p.freeze_days = static_cast<int>(in.integer(j, path, "freeze_days"));
    p.min_payout = in.integer(j, path, "min_payout");
    p.max_levels = static_cast<int>(in.integer(j, path, "max_levels", false, p.max_levels));
    p.payment.clear();
    const Json& payment = in.array(j, path, "payment");
    for (std::size_t i = 0; i < payment.size(); ++i) {
        const std::string at = In::at(path, "payment", i);
        const Json& m = payment[i];
        in.known(m, at, {"kind", "account_name", "bank", "account", "url", "label"});
        core::PaymentMethod pm;
        int kind = in.name(m, at, "kind", {"cod", "bank", "link"});
        if (kind == 1) {
            pm.kind = core::PaymentMethod::Bank;
            pm.account_name = in.str(m, at, "account_name");
            pm.bank = in.str(m, at, "bank");
            pm.account = in.str(m, at, "account");
        } else if (kind == 2) {
            pm.kind = core::PaymentMethod::Link;
            pm.url = in.str(m, at, "url");
            pm.label = in.str(m, at, "label");
        }
        p.payment.push_back(std::move(pm));
    }
    return p;
}

ProductSeed product_of(In& in, const Json& j, const std::string& path) {
    in.known(j, path, {"category", "title", "subtitle", "description", "specs", "price", "list_price", "kind", "colours", "gloss", "label"});
    ProductSeed p;
    p.category = in.str(j, path, "category");
    p.title = in.str(j, path, "title");
    p.subtitle = in.str(j, path, "subtitle");
    p.description = in.str(j, path, "description");
    const Json& specs = in.array(j, path, "specs");
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const Json& s = specs[i];
        if (!s.is_array() || s.size() != 2 || !s[0].is_string() || !s[1].is_string()) {
            in.fail(In::at(path, "specs", i), "expected [name, value], two strings");
            continue;
        }
        p.specs.push_back({s[0].get<std::string>(), s[1].get<std::string>()});
    }
    p.price = in.integer(j, path, "price");
    p.list_price = in.integer(j, path, "list_price", false);
    p.kind = static_cast<Kind>(std::max(0, in.name(j, path, "kind", kKindNames)));
    const std::string cpath = In::join(path, "colours");
    const Json& colours = in.object(j, path, "colours");
    in.known(colours, cpath, {"body", "lid", "accent", "content"});
    p.body = in.colour(colours, cpath, "body");
    p.lid = in.colour(colours, cpath, "lid");
    p.accent = in.colour(colours, cpath, "accent");
    p.content = in.colour(colours, cpath, "content", false, 0x6B6B3A);  // dried leaves when not said
    p.gloss = in.number(j, path, "gloss");
    const std::string lpath = In::join(path, "label");
    const Json& label = in.object(j, path, "label");
    in.known(label, lpath, {"big", "small"});
    p.big = in.str(label, lpath, "big");
    p.small = in.str(label, lpath, "small");
    return p;
}

ArticleSeed article_of(In& in, const Json& j, const std::string& path, const std::string& brand) {
    in.known(j, path, {"id", "created_hours", "title", "summary", "share_text", "cover", "blocks", "materials"});
    ArticleSeed a;
    a.brand = brand;
    a.id = in.str(j, path, "id");
    a.created_hours = static_cast<int>(in.integer(j, path, "created_hours"));
    a.title = in.str(j, path, "title");
    a.summary = in.str(j, path, "summary");
    a.share_text = in.str(j, path, "share_text");
    a.cover = banner_of(in, in.object(j, path, "cover"), In::join(path, "cover"));
    const Json& blocks = in.array(j, path, "blocks");
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const std::string at = In::at(path, "blocks", i);
        const Json& b = blocks[i];
        in.known(b, at, {"kind", "text", "product", "view"});
        ArticleBlockSeed bl;
        int kind = in.name(b, at, "kind", {"paragraph", "heading", "picture", "product"});
        bl.kind = "phic"[std::max(0, kind)];
        if (bl.kind != 'c') bl.text = in.str(b, at, "text");
        if (bl.kind == 'i' || bl.kind == 'c') bl.product = static_cast<int>(in.integer(b, at, "product"));
        if (bl.kind == 'i') bl.view = static_cast<int>(in.integer(b, at, "view"));
        a.blocks.push_back(std::move(bl));
    }
    const Json& materials = in.array(j, path, "materials");
    for (std::size_t i = 0; i < materials.size(); ++i) {
        const std::string at = In::at(path, "materials", i);
        in.known(materials[i], at, {"text", "picture", "product"});
        MaterialSeed m;
        m.text = in.str(materials[i], at, "text");
        m.picture = static_cast<int>(in.integer(materials[i], at, "picture", false));
        m.product = static_cast<int>(in.integer(materials[i], at, "product", false));
        a.materials.push_back(std::move(m));
    }
    return a;
}

BrandSeed brand_of(In& in, const Json& j) {
    in.known(j, "", {"id", "name", "locale", "currency", "id_prefix", "label", "style", "backdrops", "policy", "categories", "products", "articles"});
    BrandSeed b;
    b.id = in.str(j, "", "id");
    b.name = in.str(j, "", "name");
    b.locale = in.str(j, "", "locale");
    b.currency = in.str(j, "", "currency");
    b.id_prefix = in.str(j, "", "id_prefix");
    const Json& label = in.object(j, "", "label");
    in.known(label, "label", {"brand", "seal", "paper", "ink"});
    b.label_brand = in.str(label, "label", "brand");
    b.seal = in.str(label, "label", "seal");
    b.label = in.colour(label, "label", "paper");
    b.ink = in.colour(label, "label", "ink");
    b.style = style_of(in, j, "", "style");
    const Json& backdrops = in.array(j, "", "backdrops");
    for (std::size_t i = 0; i < backdrops.size(); ++i) {
        const std::string at = In::at("", "backdrops", i);
        in.known(backdrops[i], at, {"wall", "floor", "deco"});
        b.backdrops.push_back({in.rgb(backdrops[i], at, "wall"), in.rgb(backdrops[i], at, "floor"), in.rgb(backdrops[i], at, "deco")});
    }
    if (backdrops.empty()) in.fail("backdrops", "a brand needs at least one set");
    b.policy = policy_of(in, in.object(j, "", "policy"), "policy");
    const Json& categories = in.array(j, "", "categories");
    for (std::size_t i = 0; i < categories.size(); ++i) {
        const std::string at = In::at("", "categories", i);
        in.known(categories[i], at, {"id", "name"});
        b.categories.push_back({in.str(categories[i], at, "id"), in.str(categories[i], at, "name")});
    }
    const Json& products = in.array(j, "", "products");
    for (std::size_t i = 0; i < products.size(); ++i) b.products.push_back(product_of(in, products[i], In::at("", "products", i)));
    const Json& articles = in.array(j, "", "articles", false);
    for (std::size_t i = 0; i < articles.size(); ++i) b.articles.push_back(article_of(in, articles[i], In::at("", "articles", i), b.id));
    return b;
}

// [SECTION] Shops ----------------------------------------------------------------------------------

ShopSeed shop_of(In& in, const Json& j, const std::string& path) {
    in.known(j, path, {"slug", "distributor", "person", "person_alt", "name", "greeting", "contact", "enroll", "theme", "products",
                       "featured", "notes", "avatar", "banner"});
    ShopSeed s;
    s.slug = in.str(j, path, "slug");
    s.distributor = in.str(j, path, "distributor");
    s.person = in.str(j, path, "person");
    s.person_alt = in.str(j, path, "person_alt", false);
    s.shop_name = in.str(j, path, "name");
    s.greeting = in.str(j, path, "greeting");
    s.contact = in.str(j, path, "contact");
    const Json& enroll = in.array(j, path, "enroll");
    for (std::size_t i = 0; i < enroll.size(); ++i) {
        const std::string at = In::at(path, "enroll", i);
        in.known(enroll[i], at, {"brand", "parent"});
        s.enroll.emplace_back(in.str(enroll[i], at, "brand"), in.str(enroll[i], at, "parent", false));
    }
    if (enroll.empty()) in.fail(In::join(path, "enroll"), "a shop needs at least one brand");
    const std::string tpath = In::join(path, "theme");
    const Json& theme = in.object(j, path, "theme");
    in.known(theme, tpath, {"primary", "accent", "background", "surface", "text", "layout"});
    s.primary = in.colour(theme, tpath, "primary");
    s.accent = in.colour(theme, tpath, "accent");
    s.background = in.colour(theme, tpath, "background");
    s.surface = in.colour(theme, tpath, "surface");
    s.text = in.colour(theme, tpath, "text");
    s.layout = in.str(theme, tpath, "layout");
    const Json& products = in.array(j, path, "products");
    for (std::size_t i = 0; i < products.size(); ++i) {
        const std::string at = In::at(path, "products", i);
        const Json& p = products[i];
        in.known(p, at, {"all", "brand", "numbers"});
        SelectionSeed sel;
        if (p.is_object() && p.contains("all")) {
            sel.all = true;
            sel.brand = in.str(p, at, "all");
        } else {
            sel.brand = in.str(p, at, "brand");
            const Json& numbers = in.array(p, at, "numbers");
            for (std::size_t k = 0; k < numbers.size(); ++k) {
                if (!numbers[k].is_number_integer()) in.fail(In::at(at, "numbers", k), "expected a product number");
                else sel.numbers.push_back(static_cast<int>(numbers[k].get<std::int64_t>()));
            }
        }
        s.products.push_back(std::move(sel));
    }
    const Json& featured = in.array(j, path, "featured");
    for (std::size_t i = 0; i < featured.size(); ++i) {
        const std::string at = In::at(path, "featured", i);
        in.known(featured[i], at, {"brand", "product"});
        s.featured.emplace_back(in.str(featured[i], at, "brand"), static_cast<int>(in.integer(featured[i], at, "product")));
    }
    const Json& notes = in.array(j, path, "notes");
    for (std::size_t i = 0; i < notes.size(); ++i) {
        const std::string at = In::at(path, "notes", i);
        in.known(notes[i], at, {"brand", "product", "text"});
        NoteSeed n;
        n.brand = in.str(notes[i], at, "brand");
        n.product = static_cast<int>(in.integer(notes[i], at, "product"));
        n.text = in.str(notes[i], at, "text");
        s.notes.push_back(std::move(n));
    }
    s.avatar = avatar_of(in, in.object(j, path, "avatar"), In::join(path, "avatar"));
    s.banner = banner_of(in, in.object(j, path, "banner"), In::join(path, "banner"));
    return s;
}

// Product numbers are 1-based within their brand; a number past the catalog would sign a shop
// that names a product no release has, so it is refused here, where the file can be named.
void check_numbers(In& in, const Content& c, const ShopSeed& s, std::size_t si) {
    auto check = [&](const std::string& brand, int n, const std::string& at) {
        const BrandSeed* b = c.brand(brand);
        if (!b) in.fail(at, "no brand \"" + brand + "\" in the demo");
        else if (n < 1 || n > static_cast<int>(b->products.size()))
            in.fail(at, "product " + std::to_string(n) + " is not in " + brand + "'s catalog (1-" + std::to_string(b->products.size()) + ")");
    };
    const std::string path = In::at("", "shops", si);
    for (std::size_t i = 0; i < s.enroll.size(); ++i)
        if (!c.brand(s.enroll[i].first)) in.fail(In::at(path, "enroll", i), "no brand \"" + s.enroll[i].first + "\" in the demo");
    for (std::size_t i = 0; i < s.products.size(); ++i) {
        const SelectionSeed& sel = s.products[i];
        if (sel.all && !c.brand(sel.brand)) in.fail(In::at(path, "products", i), "no brand \"" + sel.brand + "\" in the demo");
        for (std::size_t k = 0; k < sel.numbers.size(); ++k) check(sel.brand, sel.numbers[k], In::at(In::at(path, "products", i), "numbers", k));
    }
    for (std::size_t i = 0; i < s.featured.size(); ++i) check(s.featured[i].first, s.featured[i].second, In::at(path, "featured", i));
    for (std::size_t i = 0; i < s.notes.size(); ++i) check(s.notes[i].brand, s.notes[i].product, In::at(path, "notes", i));
}

// [SECTION] Scale ----------------------------------------------------------------------------------

std::vector<std::string> words(In& in, const Json& j, const char* key) {
    std::vector<std::string> out;
    const Json& arr = in.array(j, "", key);
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (!arr[i].is_string()) in.fail(In::at("", key, i), "expected a string");
        else out.push_back(arr[i].get<std::string>());
    }
    if (out.empty()) in.fail(key, "needs at least one entry");
    return out;
}

}  // namespace

core::Result<Content> load_demo_content(const std::string& assets) {
    Content c;
    // The brands in the order their documents are signed (and their products numbered).
    for (const char* file : {"huaxi.json", "northmoor.json"}) {
        In in(assets + "/demo/" + file);
        Json j = in.load();
        if (in.ok()) c.brands.push_back(brand_of(in, j));
        if (!in.ok()) return core::make_error("demo_assets", in.problem());
        for (const auto& a : c.brands.back().articles) c.articles.push_back(a);
    }
    In in(assets + "/demo/shops.json");
    Json j = in.load();
    in.known(j, "", {"shops"});
    const Json& shops = in.array(j, "", "shops");
    for (std::size_t i = 0; i < shops.size() && in.ok(); ++i) {
        c.shops.push_back(shop_of(in, shops[i], In::at("", "shops", i)));
        check_numbers(in, c, c.shops.back(), i);
    }
    if (in.ok() && c.shops.empty()) in.fail("shops", "the demo needs at least one shop");
    if (!in.ok()) return core::make_error("demo_assets", in.problem());
    return c;
}

core::Result<ScaleContent> load_scale_content(const std::string& assets) {
    ScaleContent s;
    In in(assets + "/demo/scale.json");
    Json j = in.load();
    in.known(j, "", {"backdrops_of", "categories", "scents", "colours", "first_names", "last_names", "greetings", "notes"});
    s.backdrops_of = in.str(j, "", "backdrops_of");
    const Json& cats = in.array(j, "", "categories");
    for (std::size_t i = 0; i < cats.size(); ++i) {
        const std::string at = In::at("", "categories", i);
        in.known(cats[i], at, {"id", "name", "nouns", "variants", "base_price", "unit"});
        ScaleCategory c;
        c.id = in.str(cats[i], at, "id");
        c.name = in.str(cats[i], at, "name");
        const Json& nouns = in.array(cats[i], at, "nouns");
        for (std::size_t k = 0; k < nouns.size(); ++k) {
            if (!nouns[k].is_string()) in.fail(In::at(at, "nouns", k), "expected a string");
            else c.nouns.push_back(nouns[k].get<std::string>());
        }
        // The SKU names take noun j % 10: every category has ten.
        if (in.ok() && c.nouns.size() != 10) in.fail(In::join(at, "nouns"), "expected 10 nouns, found " + std::to_string(c.nouns.size()));
        c.scented = in.name(cats[i], at, "variants", {"colours", "scents"}) == 1;
        c.base_price = in.integer(cats[i], at, "base_price");
        c.unit = in.str(cats[i], at, "unit");
        s.categories.push_back(std::move(c));
    }
    if (in.ok() && s.categories.empty()) in.fail("categories", "needs at least one category");
    s.scents = words(in, j, "scents");
    s.colours = words(in, j, "colours");
    // A variant is chosen by (j / 10 + 3 * noun) % 20.
    if (in.ok() && s.scents.size() != 20) in.fail("scents", "expected 20, found " + std::to_string(s.scents.size()));
    if (in.ok() && s.colours.size() != 20) in.fail("colours", "expected 20, found " + std::to_string(s.colours.size()));
    s.first_names = words(in, j, "first_names");
    s.last_names = words(in, j, "last_names");
    s.greetings = words(in, j, "greetings");
    s.notes = words(in, j, "notes");
    if (!in.ok()) return core::make_error("demo_assets", in.problem());
    return s;
}

}  // namespace demo
