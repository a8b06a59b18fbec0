// The brand's release draft (src/core/catalog/release_draft.h): edits of one product's brand content
// and why they are refused, typed prices to minor units, the draft over the published release,
// preparing and signing the next version (what serve.py and consumers' browsers check), rebasing
// over a version published meanwhile, and undo/redo with its autosave form.
#include <doctest/doctest.h>

#include "core/catalog/release_draft.h"
#include "fixtures.h"

using namespace core;

namespace {
ImageRef img(char c, int w = 800, int h = 800) { return {"/img/" + std::string(64, c) + ".jpg", std::string(64, c), w, h}; }

ReleaseDraft edit_title(const Release& pub, const ReleaseDraft& d, const std::string& id, const std::string& title) {
    ReleaseDraft next = d;
    Product p = *draft_product(pub, d, id);
    REQUIRE(set_product_text(p, ProductText::Title, title).ok());
    put_product(pub, next, p);
    return next;
}
}  // namespace

// [SECTION] Edits --------------------------------------------------------------------------------

TEST_CASE("product text: titles are one non-empty line of at most 120 characters; refusals change nothing") {
    fixtures::World w;
    Product p = w.release.products[0];
    CHECK(set_product_text(p, ProductText::Title, "明前龙井 250g").value());
    CHECK_FALSE(set_product_text(p, ProductText::Title, "明前龙井 250g").value());  // unchanged
    std::string zh;
    for (int i = 0; i < 120; ++i) zh += "茶";
    CHECK(set_product_text(p, ProductText::Title, zh).ok());  // 120 characters, 360 bytes
    for (const std::string& bad : {zh + "茶", std::string("   "), std::string(""), std::string("two\nlines"), std::string("bad \xC3\x28")}) {
        CAPTURE(bad);
        auto r = set_product_text(p, ProductText::Title, bad);
        CHECK_FALSE(r.ok());
        CHECK_FALSE(r.error().message.empty());
        CHECK(p.title == zh);
    }
    CHECK(set_product_text(p, ProductText::Title, zh + "茶").error().code == "too_long");
    CHECK(set_product_text(p, ProductText::Title, " ").error().code == "no_title");

    CHECK(set_product_text(p, ProductText::Subtitle, "").value() == false);  // it was empty already
    CHECK(set_product_text(p, ProductText::Subtitle, std::string(200, 's')).value());
    CHECK_FALSE(set_product_text(p, ProductText::Subtitle, std::string(201, 's')).ok());
    CHECK(set_product_text(p, ProductText::Description, std::string(kMaxDescriptionBytes, 'd')).value());
    CHECK_FALSE(set_product_text(p, ProductText::Description, std::string(kMaxDescriptionBytes + 1, 'd')).ok());
    CHECK(p.description.size() == kMaxDescriptionBytes);
    CHECK(set_product_text(p, ProductText::Description, "第一段\n第二段").value());  // a description may have lines
}

TEST_CASE("prices and list prices: never negative, a list price is more than the price or none") {
    fixtures::World w;
    Product p = w.release.products[0];  // price 12800
    CHECK(set_list_price(p, 15800).value());
    CHECK_FALSE(set_list_price(p, 15800).value());
    auto low = set_list_price(p, 12800);  // equal to the price is not a discount
    CHECK_FALSE(low.ok());
    CHECK(low.error().code == "bad_list_price");
    CHECK(p.list_price == 15800);
    // The price must stay under the list price.
    auto high = set_price(p, 16000);
    CHECK_FALSE(high.ok());
    CHECK(p.price == 12800);
    CHECK(set_price(p, 9900).value());
    CHECK_FALSE(set_price(p, -1).ok());
    CHECK_FALSE(set_price(p, kMaxPrice + 1).ok());
    CHECK(set_list_price(p, 0).value());  // cleared: no discount shown
    CHECK(set_price(p, 20000).value());   // now free to go up
    CHECK(set_price(p, 0).value());       // a free sample is a price
    CHECK_FALSE(set_list_price(p, -5).ok());
}

TEST_CASE("details: empty rows are dropped, a value needs a name, at most 30") {
    fixtures::World w;
    Product p = w.release.products[0];
    CHECK_FALSE(set_specs(p, {{"净含量", "250g"}}).value());  // same as before
    CHECK(set_specs(p, {{"净含量", "250g"}, {"", ""}, {"产地", "杭州"}, {" ", "\t"}}).value());
    REQUIRE(p.specs.size() == 2);
    CHECK(p.specs[1].name == "产地");
    auto nameless = set_specs(p, {{"", "250g"}});
    CHECK_FALSE(nameless.ok());
    CHECK(nameless.error().code == "no_spec_name");
    CHECK(p.specs.size() == 2);
    std::vector<Spec> many(31, Spec{"n", "v"});
    CHECK_FALSE(set_specs(p, many).ok());
    many.pop_back();
    CHECK(set_specs(p, many).value());
    CHECK_FALSE(set_specs(p, {{std::string(121, 'x'), "v"}}).ok());
    CHECK(set_specs(p, {}).value());  // no details at all is fine
    CHECK(p.specs.empty());
}

TEST_CASE("pictures: complete references only, no duplicates, at most 12; the cover is the thumbnail") {
    Product p;
    p.id = "p";
    CHECK_FALSE(add_image(p, {"", std::string(64, 'a'), 10, 10}).ok());
    CHECK_FALSE(add_image(p, {"/img/x.jpg", "abc", 10, 10}).ok());
    CHECK_FALSE(add_image(p, {"/img/x.jpg", std::string(64, 'a'), 0, 10}).ok());
    CHECK(p.images.empty());
    CHECK(add_image(p, img('a')).value());
    CHECK(p.thumb.sha256 == img('a').sha256);  // the first picture is the cover
    CHECK_FALSE(add_image(p, img('a')).value());  // the same picture twice
    CHECK(add_image(p, img('b')).value());
    CHECK(add_image(p, img('c')).value());
    CHECK(p.thumb.sha256 == img('a').sha256);
    CHECK(make_cover(p, 2));
    REQUIRE(p.images.size() == 3);
    CHECK(p.images[0].sha256 == img('c').sha256);
    CHECK(p.images[1].sha256 == img('a').sha256);  // the others keep their order
    CHECK(p.images[2].sha256 == img('b').sha256);
    CHECK(p.thumb.sha256 == img('c').sha256);
    CHECK_FALSE(make_cover(p, 0));
    CHECK_FALSE(make_cover(p, 3));
    CHECK(remove_image(p, 0));
    CHECK(p.thumb.sha256 == img('a').sha256);  // the next one is the cover now
    CHECK_FALSE(remove_image(p, 5));
    CHECK(remove_image(p, 1));
    CHECK(remove_image(p, 0));
    CHECK(p.thumb.empty());
    for (char c = 'a'; c < 'a' + 12; ++c) CHECK(add_image(p, img(c)).value());
    auto thirteenth = add_image(p, img('z'));
    CHECK_FALSE(thirteenth.ok());
    CHECK(thirteenth.error().code == "too_many");
}

TEST_CASE("changed_fields names exactly what differs") {
    fixtures::World w;
    const Product a = w.release.products[0];
    Product b = a;
    CHECK(changed_fields(a, b).empty());
    CHECK(same_product(a, b));
    b.title = "x";
    b.price += 1;
    b.images.push_back(img('b'));
    CHECK(changed_fields(a, b) == std::vector<std::string>{"title", "price", "images"});
    b = a;
    b.specs[0].value = "500g";
    b.list_price = 99999;
    CHECK(changed_fields(a, b) == std::vector<std::string>{"specs", "list_price"});
    b = a;
    b.hash = "different";  // the hash is not content
    CHECK(same_product(a, b));
}

// [SECTION] Prices -------------------------------------------------------------------------------

TEST_CASE("typed prices become integer minor units; anything else says how to write one") {
    struct Case {
        const char* text;
        const char* currency;
        Minor want;
    };
    for (const Case& c : {Case{"128", "CNY", 12800}, Case{"128.5", "CNY", 12850}, Case{"128.50", "CNY", 12850},
                          Case{"0.99", "USD", 99}, Case{".5", "USD", 50}, Case{"¥1,280.00", "CNY", 128000}, Case{"￥98", "CNY", 9800},
                          Case{"1 280", "CNY", 128000}, Case{"１２８．５０", "CNY", 12850}, Case{"98元", "CNY", 9800},
                          Case{"$24.00", "USD", 2400}, Case{"USD 24", "USD", 2400}, Case{"1280", "JPY", 1280},
                          Case{"0", "CNY", 0}, Case{"1,000,000.00", "CNY", 100000000}}) {
        CAPTURE(c.text);
        auto r = parse_price(c.text, c.currency);
        REQUIRE(r.ok());
        CHECK(*r == c.want);
    }
    for (const char* bad : {"", "   ", "-5", "12.345", "abc", "12a", "1.2.3", ".", "1,00.0.0", "999999999999.00", "9999999999999"}) {
        CAPTURE(bad);
        auto r = parse_price(bad, "CNY");
        CHECK_FALSE(r.ok());
        CHECK_FALSE(r.error().message.empty());
    }
    CHECK(parse_price("", "CNY").error().code == "no_price");
    CHECK_FALSE(parse_price("12.5", "JPY").ok());  // yen have no decimals
    CHECK_FALSE(parse_price("1000000000.01", "CNY").ok());  // above kMaxPrice
    CHECK(parse_price("100000000", "CNY").value() == kMaxPrice);
}

TEST_CASE("price_text is what the field shows, and reads back to the same amount") {
    CHECK(price_text(12800, "CNY") == "128.00");
    CHECK(price_text(12850, "CNY") == "128.50");
    CHECK(price_text(5, "USD") == "0.05");
    CHECK(price_text(0, "CNY") == "0.00");
    CHECK(price_text(0, "CNY", true).empty());
    CHECK(price_text(1280, "JPY") == "1280");
    CHECK(price_text(-150, "CNY") == "-1.50");
    for (Minor m : {Minor{0}, Minor{1}, Minor{99}, Minor{100}, Minor{12345}, Minor{123456789}, kMaxPrice}) {
        CAPTURE(m);
        CHECK(parse_price(price_text(m, "CNY"), "CNY").value() == m);
    }
}

// [SECTION] Draft --------------------------------------------------------------------------------

TEST_CASE("the draft holds only products that differ from the release; edited back, they leave it") {
    fixtures::World w;
    const Release& pub = w.release;
    ReleaseDraft d{pub.version, {}};
    CHECK(changed_products(pub, d).empty());
    Product p2 = *draft_product(pub, d, "p2");
    REQUIRE(set_product_text(p2, ProductText::Title, "冻顶乌龙").value());
    CHECK(put_product(pub, d, p2));
    CHECK_FALSE(put_product(pub, d, p2));  // the same content again
    Product p0 = *draft_product(pub, d, "p0");
    REQUIRE(set_price(p0, 9900).value());
    CHECK(put_product(pub, d, p0));
    CHECK(changed_products(pub, d) == std::vector<std::string>{"p0", "p2"});  // the release's order
    CHECK(draft_product(pub, d, "p2")->title == "冻顶乌龙");
    CHECK(draft_product(pub, d, "p1") == pub.find("p1"));
    CHECK(draft_product(pub, d, "nope") == nullptr);
    // Back to what is published: it leaves the draft.
    REQUIRE(set_price(p0, 12800).value());
    CHECK(put_product(pub, d, p0));
    CHECK(d.products.count("p0") == 0);
    CHECK(changed_products(pub, d) == std::vector<std::string>{"p2"});
    // A product the release does not have is not invented.
    Product ghost = p2;
    ghost.id = "p_ghost";
    CHECK_FALSE(put_product(pub, d, ghost));
    // Brand and category stay the release's whatever the edited copy says.
    Product moved = p2;
    moved.category = "green";
    moved.brand = "b_other";
    put_product(pub, d, moved);
    CHECK(d.products.at("p2").category == "oolong");
    CHECK(d.products.at("p2").brand == "b_tea");
}

TEST_CASE("compose_release shows the draft over the release without touching the release") {
    fixtures::World w;
    const ReleaseDraft d = edit_title(w.release, ReleaseDraft{w.release.version, {}}, "p1", "雨前龙井");
    const Release shown = compose_release(w.release, d);
    CHECK(shown.find("p1")->title == "雨前龙井");
    CHECK(shown.version == w.release.version);  // unsigned: not a new version
    CHECK(shown.products.size() == w.release.products.size());
    CHECK(w.release.find("p1")->title == "龙井 1");
    CHECK(shown.find("p0")->title == "龙井 0");
}

TEST_CASE("prepare_release: the next version, fresh hashes, signed by the brand and opened as consumers open it") {
    fixtures::World w;
    // The published release as consumers have it (hashes filled in by opening it).
    auto opened = open_release(w.signed_release(), w.cert);
    REQUIRE(opened.ok());
    Release pub = *opened;
    pub.reindex();
    ReleaseDraft d{pub.version, {}};
    CHECK(prepare_release(pub, d, 1800000000000).error().code == "no_changes");
    d = edit_title(pub, d, "p2", "冻顶乌龙 · 新茶");
    auto next = prepare_release(pub, d, 1800000000000);
    REQUIRE(next.ok());
    CHECK(next->version == pub.version + 1);
    CHECK(next->created_ms == 1800000000000);
    CHECK(next->find("p2")->title == "冻顶乌龙 · 新茶");
    CHECK(next->find("p2")->hash != pub.find("p2")->hash);   // new content, new hash
    CHECK(next->find("p0")->hash == pub.find("p0")->hash);   // untouched content, same hash
    // Signed with the brand key: it opens (signature, brand, every content hash).
    const Envelope env = sign_envelope(dump_json(release_to_json(*next)), w.brand_key);
    auto back = open_release(env, w.cert);
    REQUIRE(back.ok());
    CHECK(back->version == pub.version + 1);
    CHECK(back->find("p2")->title == "冻顶乌龙 · 新茶");
    // Signed by anyone else, it does not.
    CHECK_FALSE(open_release(sign_envelope(dump_json(release_to_json(*next)), w.d1), w.cert).ok());
    // A draft made on another version is not published over this one.
    ReleaseDraft stale = d;
    stale.base_version = pub.version - 1;
    auto s = prepare_release(pub, stale, 1800000000000);
    CHECK_FALSE(s.ok());
    CHECK(s.error().code == "stale_draft");
}

TEST_CASE("rebase: the draft's edits over a version published meanwhile, saying what both changed and what is gone") {
    fixtures::World w;
    const Release base = w.release;  // version 3
    // Someone published version 4: p0 retitled, p1 removed.
    Release theirs = base;
    theirs.version = 4;
    theirs.products[0].title = "他们的龙井";
    theirs.products.erase(theirs.products.begin() + 1);
    theirs.reindex();
    // This draft, on version 3, changed p0 (both), p1 (gone now) and p2 (only here).
    ReleaseDraft d{base.version, {}};
    d = edit_title(base, d, "p0", "我的龙井");
    d = edit_title(base, d, "p1", "我的雨前");
    Product p2 = *draft_product(base, d, "p2");
    REQUIRE(set_price(p2, 20000).value());
    put_product(base, d, p2);
    const Rebased rb = rebase_draft(base, theirs, d);
    CHECK(rb.draft.base_version == 4);
    CHECK(rb.both_changed == std::vector<std::string>{"p0"});
    CHECK(rb.dropped == std::vector<std::string>{"p1"});
    CHECK(rb.they_changed == std::vector<std::string>{"p0"});
    CHECK(rb.draft.products.at("p0").title == "我的龙井");  // the draft's wins where both changed
    CHECK(rb.draft.products.at("p2").price == 20000);
    CHECK(rb.draft.products.count("p1") == 0);
    auto next = prepare_release(theirs, rb.draft, 1800000000000);
    REQUIRE(next.ok());
    CHECK(next->version == 5);
    CHECK(next->products.size() == 2);
}

TEST_CASE("the autosaved draft reads back; damaged saves are refused in words") {
    fixtures::World w;
    ReleaseDraft d = edit_title(w.release, ReleaseDraft{w.release.version, {}}, "p1", "雨前龙井");
    Product p0 = *draft_product(w.release, d, "p0");
    REQUIRE(add_image(p0, img('f')).value());
    REQUIRE(set_specs(p0, {{"产地", "西湖"}}).value());
    put_product(w.release, d, p0);
    const Json saved = release_draft_to_json(d);
    auto back = release_draft_from_json(parse_json(dump_json(saved), "draft").value(), "b_tea");
    REQUIRE(back.ok());
    CHECK(*back == d);
    CHECK(back->products.at("p0").images.size() == 2);
    CHECK(back->products.at("p0").specs[0].value == "西湖");
    CHECK_FALSE(release_draft_from_json(Json::array(), "b_tea").ok());
    CHECK_FALSE(release_draft_from_json(Json{{"products", Json::array()}}, "b_tea").ok());  // no base version
    CHECK_FALSE(release_draft_from_json(Json{{"base_version", 3}}, "b_tea").ok());        // no products
    Json bad = saved;
    bad["products"][0]["price"] = "cheap";
    CHECK_FALSE(release_draft_from_json(bad, "b_tea").ok());
}

// [SECTION] History ------------------------------------------------------------------------------

TEST_CASE("history: typing in one field is one step, undo and redo walk the steps, a new edit drops the redo") {
    fixtures::World w;
    const Release& pub = w.release;
    ReleaseHistory h(ReleaseDraft{pub.version, {}});
    CHECK_FALSE(h.can_undo());
    // Three keystrokes in the title within the merge window: one step.
    ReleaseDraft d = h.current();
    for (const char* t : {"龙", "龙井", "龙井新"}) {
        d = edit_title(pub, d, "p0", t);
        CHECK(h.record(d, "p0:title", 1000));
    }
    CHECK(h.size() == 2);
    CHECK_FALSE(h.record(d, "p0:title", 1100));  // nothing changed
    // Past the merge window, or another field: a new step.
    d = edit_title(pub, d, "p0", "龙井新茶");
    CHECK(h.record(d, "p0:title", 1000 + ReleaseHistory::kMergeMs + 1));
    d = edit_title(pub, d, "p1", "雨前");
    CHECK(h.record(d, "p1:title", 3000));
    CHECK(h.size() == 4);
    CHECK(h.undo());
    CHECK(draft_product(pub, h.current(), "p1")->title == "龙井 1");
    CHECK(draft_product(pub, h.current(), "p0")->title == "龙井新茶");
    CHECK(h.undo());
    CHECK(draft_product(pub, h.current(), "p0")->title == "龙井新");
    CHECK(h.redo());
    CHECK(draft_product(pub, h.current(), "p0")->title == "龙井新茶");
    CHECK(h.can_redo());
    // After an undo, typing again in the same field does not merge into the undone step.
    d = edit_title(pub, h.current(), "p2", "乌龙");
    CHECK(h.record(d, "p2:title", 3100));
    CHECK_FALSE(h.can_redo());
    CHECK(h.size() == 4);
    while (h.undo()) {
    }
    CHECK(h.current().products.empty());
    CHECK_FALSE(h.undo());
}

TEST_CASE("history keeps the last kMaxSteps steps (the one undo history of every editor) and survives its autosave form") {
    fixtures::World w;
    const Release& pub = w.release;
    ReleaseHistory h(ReleaseDraft{pub.version, {}});
    ReleaseDraft d = h.current();
    const int edits = static_cast<int>(ReleaseHistory::kMaxSteps) + 30;
    for (int i = 0; i < edits; ++i) {
        Product p = *draft_product(pub, d, "p0");
        REQUIRE(set_price(p, 10000 + i).ok());
        put_product(pub, d, p);
        h.record(d, "", 0);
    }
    CHECK(h.size() == ReleaseHistory::kMaxSteps + 1);
    int undos = 0;
    while (h.undo()) ++undos;
    CHECK(undos == static_cast<int>(ReleaseHistory::kMaxSteps));
    CHECK(draft_product(pub, h.current(), "p0")->price == 10000 + 29);
    for (int i = 0; i < 40; ++i) h.redo();
    const Json saved = parse_json(dump_json(h.to_json()), "history").value();
    auto back = ReleaseHistory::from_json(saved, "b_tea");
    REQUIRE(back.ok());
    CHECK(back->size() == h.size());
    CHECK(back->current() == h.current());
    CHECK(back->can_redo());
    CHECK(back->redo());
    CHECK(h.redo());
    CHECK(back->current() == h.current());
    Json past_end = saved;
    past_end["position"] = 500;
    CHECK_FALSE(ReleaseHistory::from_json(past_end, "b_tea").ok());
    CHECK_FALSE(ReleaseHistory::from_json(Json{{"states", Json::array()}}, "b_tea").ok());
    CHECK_FALSE(ReleaseHistory::from_json(Json("garbage"), "b_tea").ok());
}
