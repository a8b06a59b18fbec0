#include "core/catalog/release_draft.h"

#include <algorithm>
#include <set>

#include "core/text.h"

namespace core {

namespace {
bool blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
    return true;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();)
        if (next_codepoint(s, i) == 0xFFFD) return false;
    return true;
}

bool same_image(const ImageRef& a, const ImageRef& b) { return a.src == b.src && a.sha256 == b.sha256 && a.w == b.w && a.h == b.h; }

}  // namespace

// [SECTION] Edits --------------------------------------------------------------------------------

Result<bool> set_product_text(Product& p, ProductText field, const std::string& value) {
    if (!valid_utf8(value)) return make_error("bad_text", "This text has characters that cannot be shown.");
    switch (field) {
        case ProductText::Title:
            if (blank(value)) return make_error("no_title", "A product needs a title.");
            if (utf8_length(value) > kMaxTitleChars) return make_error("too_long", "A title can have at most 120 characters.");
            if (value.find('\n') != std::string::npos) return make_error("bad_text", "A title is one line.");
            if (p.title == value) return false;
            p.title = value;
            return true;
        case ProductText::Subtitle:
            if (utf8_length(value) > kMaxSubtitleChars) return make_error("too_long", "A subtitle can have at most 200 characters.");
            if (p.subtitle == value) return false;
            p.subtitle = value;
            return true;
        case ProductText::Description:
            if (value.size() > kMaxDescriptionBytes)
                return make_error("too_long", "A description can be at most 8,000 bytes (about 2,600 Chinese characters).");
            if (p.description == value) return false;
            p.description = value;
            return true;
    }
    return false;
}

Result<bool> set_price(Product& p, Minor price) {
    if (price < 0) return make_error("bad_price", "A price cannot be negative.");
    if (price > kMaxPrice) return make_error("bad_price", "That price is too high to be real. Check the number.");
    if (p.list_price != 0 && p.list_price <= price)
        return make_error("bad_price", "The price must be lower than the list price. Change or clear the list price first.");
    if (p.price == price) return false;
    p.price = price;
    return true;
}

Result<bool> set_list_price(Product& p, Minor list_price) {
    if (list_price < 0) return make_error("bad_price", "A list price cannot be negative.");
    if (list_price > kMaxPrice) return make_error("bad_price", "That price is too high to be real. Check the number.");
    if (list_price != 0 && list_price <= p.price)
        return make_error("bad_list_price",
                          "A list price is the higher price before a discount: make it more than the price, or leave it empty.");
    if (p.list_price == list_price) return false;
    p.list_price = list_price;
    return true;
}

Result<bool> set_specs(Product& p, const std::vector<Spec>& specs) {
    std::vector<Spec> kept;
    for (const auto& s : specs) {
        if (blank(s.name) && blank(s.value)) continue;
        if (blank(s.name)) return make_error("no_spec_name", "Each detail needs a name (for example \"Weight\").");
        if (utf8_length(s.name) > kMaxSpecChars || utf8_length(s.value) > kMaxSpecChars)
            return make_error("too_long", "A detail's name and value can have at most 120 characters each.");
        if (!valid_utf8(s.name) || !valid_utf8(s.value)) return make_error("bad_text", "This text has characters that cannot be shown.");
        kept.push_back(s);
    }
    if (kept.size() > kMaxSpecs) return make_error("too_many", "A product can list at most 30 details.");
    bool same = kept.size() == p.specs.size();
    for (std::size_t i = 0; same && i < kept.size(); ++i) same = kept[i].name == p.specs[i].name && kept[i].value == p.specs[i].value;
    if (same) return false;
    p.specs = std::move(kept);
    return true;
}

namespace {
void cover_is_thumb(Product& p) { p.thumb = p.images.empty() ? ImageRef{} : p.images.front(); }
}  // namespace

Result<bool> add_image(Product& p, const ImageRef& image) {
    if (image.src.empty() || image.sha256.size() != 64 || image.w <= 0 || image.h <= 0)
        return make_error("bad_image", "The picture's reference is incomplete; upload it again.");
    if (p.images.size() >= kMaxProductImages) return make_error("too_many", "A product can have at most 12 pictures.");
    for (const auto& i : p.images)
        if (i.sha256 == image.sha256) return false;
    p.images.push_back(image);
    if (p.images.size() == 1) cover_is_thumb(p);
    return true;
}

bool remove_image(Product& p, std::size_t index) {
    if (index >= p.images.size()) return false;
    p.images.erase(p.images.begin() + static_cast<std::ptrdiff_t>(index));
    if (index == 0) cover_is_thumb(p);
    return true;
}

bool make_cover(Product& p, std::size_t index) {
    if (index == 0 || index >= p.images.size()) return false;
    std::rotate(p.images.begin(), p.images.begin() + static_cast<std::ptrdiff_t>(index),
                p.images.begin() + static_cast<std::ptrdiff_t>(index) + 1);
    cover_is_thumb(p);
    return true;
}

bool same_product(const Product& a, const Product& b) { return a.id == b.id && a.category == b.category && changed_fields(a, b).empty(); }

std::vector<std::string> changed_fields(const Product& a, const Product& b) {
    std::vector<std::string> out;
    if (a.title != b.title) out.push_back("title");
    if (a.subtitle != b.subtitle) out.push_back("subtitle");
    if (a.description != b.description) out.push_back("description");
    bool specs = a.specs.size() == b.specs.size();
    for (std::size_t i = 0; specs && i < a.specs.size(); ++i) specs = a.specs[i].name == b.specs[i].name && a.specs[i].value == b.specs[i].value;
    if (!specs) out.push_back("specs");
    if (a.price != b.price) out.push_back("price");
    if (a.list_price != b.list_price) out.push_back("list_price");
    bool images = a.images.size() == b.images.size() && same_image(a.thumb, b.thumb);
    for (std::size_t i = 0; images && i < a.images.size(); ++i) images = same_image(a.images[i], b.images[i]);
    if (!images) out.push_back("images");
    return out;
}

// [SECTION] Prices -------------------------------------------------------------------------------

Result<Minor> parse_price(std::string_view text, const std::string& currency) {
    // Full-width digits, dot and comma become ASCII; spaces go.
    std::string s;
    for (std::size_t i = 0; i < text.size();) {
        const std::uint32_t cp = next_codepoint(text, i);
        if (cp >= 0xFF10 && cp <= 0xFF19) s += static_cast<char>('0' + (cp - 0xFF10));
        else if (cp == 0xFF0E || cp == 0x3002) s += '.';
        else if (cp == 0xFF0C) s += ',';
        else if (cp == ' ' || cp == 0x3000 || cp == 0xA0) continue;
        else append_utf8(s, cp);
    }
    // The symbols people type, and the brand's own currency code ("KWD 12.500", "150000 KRW").
    for (std::string_view pv : {std::string_view("¥"), std::string_view("￥"), std::string_view("$"), std::string_view("€"),
                                std::string_view("£"), std::string_view("₩"), std::string_view("CNY"), std::string_view("USD"),
                                std::string_view("EUR"), std::string_view("GBP"), std::string_view("JPY"), std::string_view("RMB"),
                                std::string_view("元"), std::string_view(currency)}) {
        if (pv.empty()) continue;
        if (s.size() >= pv.size() && std::string_view(s).substr(0, pv.size()) == pv) s.erase(0, pv.size());
        if (s.size() >= pv.size() && std::string_view(s).substr(s.size() - pv.size()) == pv) s.erase(s.size() - pv.size());
    }
    if (s.empty()) return make_error("no_price", "Type a price, for example 128.00.");
    if (s[0] == '-') return make_error("bad_price", "A price cannot be negative.");
    const int decimals = minor_digits(currency);
    Minor whole = 0;
    int digits = 0, frac_digits = 0;
    Minor frac = 0;
    bool dot = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            if (dot) {
                if (++frac_digits > decimals)
                    return make_error("bad_price", decimals == 0   ? "Prices in this currency have no decimals."
                                                   : decimals == 3 ? "A price has at most three decimals, for example 12.500."
                                                                   : "A price has at most two decimals, for example 128.50.");
                frac = frac * 10 + (c - '0');
            } else {
                if (++digits > 12) return make_error("bad_price", "That price is too high to be real. Check the number.");
                whole = whole * 10 + (c - '0');
            }
        } else if (c == ',' && !dot && digits > 0) {
            continue;  // thousands separator
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            return make_error("bad_price", "A price is a number such as 128 or 128.50.");
        }
    }
    if (digits == 0 && frac_digits == 0) return make_error("bad_price", "A price is a number such as 128 or 128.50.");
    for (int k = frac_digits; k < decimals; ++k) frac *= 10;
    Minor scale = 1;
    for (int k = 0; k < decimals; ++k) scale *= 10;
    const Minor amount = whole * scale + frac;
    if (amount > kMaxPrice) return make_error("bad_price", "That price is too high to be real. Check the number.");
    return amount;
}

std::string price_text(Minor amount, const std::string& currency, bool zero_empty) {
    if (zero_empty && amount == 0) return "";
    return decimal_amount(amount, currency);
}

// [SECTION] Draft --------------------------------------------------------------------------------

bool ReleaseDraft::operator==(const ReleaseDraft& o) const {
    if (base_version != o.base_version || products.size() != o.products.size()) return false;
    for (auto a = products.begin(), b = o.products.begin(); a != products.end(); ++a, ++b)
        if (a->first != b->first || !same_product(a->second, b->second)) return false;
    return true;
}

const Product* draft_product(const Release& published, const ReleaseDraft& d, const std::string& id) {
    if (auto it = d.products.find(id); it != d.products.end()) return &it->second;
    return published.find(id);
}

bool put_product(const Release& published, ReleaseDraft& d, const Product& p) {
    const Product* pub = published.find(p.id);
    if (!pub) return false;  // the editor changes products the release has; it does not invent ids
    auto it = d.products.find(p.id);
    if (same_product(*pub, p)) {
        if (it == d.products.end()) return false;
        d.products.erase(it);
        return true;
    }
    if (it != d.products.end() && same_product(it->second, p)) return false;
    Product copy = p;
    copy.brand = pub->brand;
    copy.category = pub->category;
    d.products[p.id] = std::move(copy);
    return true;
}

std::vector<std::string> changed_products(const Release& published, const ReleaseDraft& d) {
    std::vector<std::string> out;
    if (d.products.empty()) return out;
    for (const auto& p : published.products) {
        auto it = d.products.find(p.id);
        if (it != d.products.end() && !same_product(p, it->second)) out.push_back(p.id);
    }
    return out;
}

Release compose_release(const Release& published, const ReleaseDraft& d) {
    Release r = published;
    if (!d.products.empty())
        for (auto& p : r.products)
            if (auto it = d.products.find(p.id); it != d.products.end()) {
                const std::string hash = p.hash;
                p = it->second;
                p.hash = hash;  // unsigned content: the hash is recomputed when it is published
            }
    r.reindex();
    return r;
}

Result<Release> prepare_release(const Release& published, const ReleaseDraft& d, UtcMs now) {
    if (d.base_version != published.version)
        return make_error("stale_draft", "This draft was made on version " + std::to_string(d.base_version) + ", but version " +
                                             std::to_string(published.version) + " is the one published now.");
    if (changed_products(published, d).empty()) return make_error("no_changes", "The draft has no changes to publish.");
    for (const auto& [id, p] : d.products)
        if (blank(p.title)) return make_error("no_title", "Product " + id + " has no title.");
    Release r = compose_release(published, d);
    r.version = published.version + 1;
    r.created_ms = now;
    // Hashes of the new content: exactly what release_to_json will write and sign.
    for (auto& p : r.products) p.hash = product_content_hash(product_to_json(p));
    r.reindex();
    return r;
}

Rebased rebase_draft(const Release& base, const Release& theirs, const ReleaseDraft& d) {
    Rebased out;
    out.draft.base_version = theirs.version;
    for (const auto& p : theirs.products) {
        const Product* before = base.find(p.id);
        if (!before || !same_product(*before, p)) out.they_changed.push_back(p.id);
    }
    for (const auto& [id, p] : d.products) {
        const Product* now = theirs.find(id);
        if (!now) {
            out.dropped.push_back(id);
            continue;
        }
        const Product* before = base.find(id);
        const bool mine = !before || !same_product(*before, p);
        if (!mine) continue;
        if (std::find(out.they_changed.begin(), out.they_changed.end(), id) != out.they_changed.end()) out.both_changed.push_back(id);
        put_product(theirs, out.draft, p);
    }
    return out;
}

Json release_draft_to_json(const ReleaseDraft& d) {
    Json products = Json::array();
    for (const auto& [id, p] : d.products) products.push_back(product_to_json(p));
    return Json{{"base_version", d.base_version}, {"products", products}};
}

Result<ReleaseDraft> release_draft_from_json(const Json& doc, const std::string& brand) {
    if (!doc.is_object()) return make_error("bad_draft", "The saved draft could not be read.");
    ReleaseDraft d;
    d.base_version = int_or(doc, "base_version", 0);
    if (d.base_version <= 0) return make_error("bad_draft", "The saved draft does not say which version it builds on.");
    const Json* products = get_array(doc, "products");
    if (!products) return make_error("bad_draft", "The saved draft has no product list.");
    // Products parse exactly as a release's do.
    Json rel = {{"type", "release"}, {"brand", brand}, {"version", d.base_version}, {"products", *products}};
    auto r = parse_release(rel);
    if (!r) return make_error("bad_draft", "The saved draft could not be read: " + r.error().message);
    for (auto& p : r->products) d.products[p.id] = std::move(p);
    return d;
}

// [SECTION] History ------------------------------------------------------------------------------

Json ReleaseHistory::to_json() const {
    Json saved = Json::array();
    for (const auto& s : states()) saved.push_back(release_draft_to_json(s));
    return Json{{"states", saved}, {"position", position()}};
}

Result<ReleaseHistory> ReleaseHistory::from_json(const Json& doc, const std::string& brand) {
    const Json* states = doc.is_object() ? get_array(doc, "states") : nullptr;
    if (!states || states->empty()) return make_error("bad_history", "The saved draft history could not be read.");
    std::vector<ReleaseDraft> drafts;
    for (const auto& s : *states) {
        auto d = release_draft_from_json(s, brand);
        if (!d) return d.error();
        drafts.push_back(std::move(*d));
    }
    const std::int64_t pos = int_or(doc, "position", static_cast<std::int64_t>(drafts.size()) - 1);
    ReleaseHistory h;
    if (pos < 0 || !h.restore(std::move(drafts), static_cast<std::size_t>(pos)))
        return make_error("bad_history", "The saved draft history points past its end.");
    return h;
}

}  // namespace core
