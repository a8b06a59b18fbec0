// The distributor's draft: edits that cannot reach brand content, undo/redo history (and its
// autosave form), what changed between two manifests, and a draft shown in a verified view.
#include <doctest/doctest.h>

#include "core/shop/draft.h"
#include "fixtures.h"

using namespace core;

TEST_CASE("edits change identity, theme, featured and notes, and refuse what the store would refuse") {
    fixtures::World w;
    ShopManifest m = w.manifest;
    CHECK(set_text(m, TextField::Name, "Chen's new corner").value());
    CHECK_FALSE(set_text(m, TextField::Name, "Chen's new corner").value());  // unchanged
    CHECK(m.identity.name == "Chen's new corner");
    // 120 code points is fine even when that is 360 bytes of Chinese; 121 is not.
    std::string zh;
    for (int i = 0; i < 120; ++i) zh += "茶";
    CHECK(set_text(m, TextField::Name, zh).ok());
    auto too_long = set_text(m, TextField::Name, zh + "茶");
    CHECK_FALSE(too_long.ok());
    CHECK(too_long.error().code == "too_long");
    CHECK(m.identity.name == zh);  // a refused edit changes nothing
    CHECK_FALSE(set_text(m, TextField::Greeting, std::string(401, 'a')).ok());
    CHECK(set_text(m, TextField::Greeting, std::string(400, 'a')).ok());
    CHECK_FALSE(set_text(m, TextField::Contact, std::string(201, 'a')).ok());

    CHECK(set_note(m, "p2", "Brew at 80°C").value());
    CHECK(m.notes.at("p2") == "Brew at 80°C");
    CHECK_FALSE(set_note(m, "p2", std::string(601, 'x')).ok());
    CHECK(set_note(m, "p2", "").value());
    CHECK(m.notes.count("p2") == 0);

    m.featured.clear();
    for (int i = 0; i < 12; ++i) CHECK(set_featured(m, "p" + std::to_string(i), true).value());
    CHECK_FALSE(set_featured(m, "p_extra", true).ok());
    CHECK_FALSE(set_featured(m, "p3", true).value());  // already featured
    CHECK(set_featured(m, "p3", false).value());
    CHECK(m.featured.size() == 11);
    m.featured = {"a", "b", "c", "d"};
    CHECK(move_featured(m, 0, 2));
    CHECK(m.featured == std::vector<std::string>{"b", "c", "a", "d"});
    CHECK(move_featured(m, 3, 0));
    CHECK(m.featured == std::vector<std::string>{"d", "b", "c", "a"});
    CHECK_FALSE(move_featured(m, 1, 1));
    CHECK_FALSE(move_featured(m, 0, 4));

    Theme t = theme_presets()[1].theme;
    t.layout = "showcase";
    CHECK(set_theme(m, t));
    CHECK(find_preset(m.theme) == &theme_presets()[1]);
    t.layout = "carousel";  // unknown layouts fall back to the grid
    CHECK(set_theme(m, t));
    CHECK(m.theme.layout == "grid");
    for (const auto& p : theme_presets()) {
        CAPTURE(p.id);
        CHECK(readable_on_white(p.theme.primary));
    }
    CHECK_FALSE(readable_on_white(0xFDE68A));
    CHECK(contrast_ratio(0x000000, 0xFFFFFF) == doctest::Approx(21.0));
    CHECK(contrast_ratio(0x777777, 0x777777) == doctest::Approx(1.0));
    // A main colour of the distributor's own: kept when it reads well, darkened when it does not.
    const Theme base = theme_presets()[0].theme;
    CHECK(with_main_colour(base, 0x1D4ED8).primary == 0x1D4ED8);
    const Theme pale = with_main_colour(base, 0xFDE68A);  // pale yellow: unreadable as is
    CHECK(pale.primary != 0xFDE68A);
    CHECK(contrast_ratio(pale.primary, 0xFFFFFF) >= 3.0);
    CHECK(contrast_ratio(pale.primary, base.background) >= 3.0);
    CHECK(pale.accent == base.accent);
    CHECK(pale.background == base.background);
    for (auto c : main_colour_choices()) {
        CAPTURE(c);
        const Theme t = with_main_colour(base, c);
        CHECK(contrast_ratio(t.primary, base.background) >= 3.0);
        CHECK(readable_on_white(t.primary));
    }

    // Whatever was edited, the manifest still only holds ids: the store's rule holds.
    auto back = parse_manifest(manifest_to_json(m));
    REQUIRE(back.ok());
    CHECK(same_content(*back, m));
}

TEST_CASE("the history undoes and redoes whole steps; typing in one field is one step") {
    fixtures::World w;
    EditHistory h(w.manifest);
    CHECK_FALSE(h.can_undo());
    ShopManifest m = h.current();
    UtcMs t = 1000;
    for (const char* typed : {"H", "He", "Hel", "Hell", "Hello"}) {
        set_text(m, TextField::Greeting, typed);
        CHECK(h.record(m, "greeting", t));
        t += 200;
    }
    CHECK(h.size() == 2);  // base + one merged typing step
    CHECK(h.current().identity.greeting == "Hello");
    set_theme(m, theme_presets()[2].theme);
    CHECK(h.record(m, "theme", t));
    CHECK(h.size() == 3);
    CHECK_FALSE(h.record(m, "theme", t));  // nothing changed
    // A pause in typing starts a new step.
    set_text(m, TextField::Greeting, "Hello!");
    CHECK(h.record(m, "greeting", t + 100));
    set_text(m, TextField::Greeting, "Hello!!");
    CHECK(h.record(m, "greeting", t + 100 + EditHistory::kMergeMs + 1));
    CHECK(h.size() == 5);

    CHECK(h.undo());
    CHECK(h.current().identity.greeting == "Hello!");
    CHECK(h.undo());
    CHECK(h.undo());
    CHECK(h.current().identity.greeting == "Hello");
    CHECK(h.current().theme.primary == w.manifest.theme.primary);
    CHECK(h.undo());
    CHECK(same_content(h.current(), w.manifest));
    CHECK_FALSE(h.undo());
    CHECK(h.redo());
    CHECK(h.current().identity.greeting == "Hello");
    // A new edit after undo drops the redo branch.
    ShopManifest n = h.current();
    set_text(n, TextField::Contact, "WeChat: chen");
    CHECK(h.record(n, "contact", t + 10000));
    CHECK_FALSE(h.can_redo());
    CHECK(h.size() == 3);

    // Typing a field back to what it was removes the step instead of leaving an empty one.
    EditHistory g(w.manifest);
    ShopManifest a = g.current();
    set_text(a, TextField::Contact, "x");
    g.record(a, "contact", 1);
    set_text(a, TextField::Contact, w.manifest.identity.contact);
    g.record(a, "contact", 2);
    CHECK(g.size() == 1);
    CHECK_FALSE(g.can_undo());
}

TEST_CASE("the history survives an autosave round trip, and a damaged save is refused") {
    fixtures::World w;
    EditHistory h(w.manifest);
    ShopManifest m = h.current();
    set_text(m, TextField::Name, "One");
    h.record(m);
    set_text(m, TextField::Name, "Two");
    h.record(m);
    h.undo();
    auto back = EditHistory::from_json(parse_json(dump_json(h.to_json()), "draft").value());
    REQUIRE(back.ok());
    CHECK(back->size() == 3);
    CHECK(back->position() == 1);
    CHECK(back->current().identity.name == "One");
    CHECK(back->redo());
    CHECK(back->current().identity.name == "Two");

    Json bad = h.to_json();
    bad["position"] = 7;
    CHECK_FALSE(EditHistory::from_json(bad).ok());
    // A draft saved before the histories became one ("pos") still comes back.
    Json old = h.to_json();
    old["pos"] = old["position"];
    old.erase("position");
    auto legacy = EditHistory::from_json(old);
    REQUIRE(legacy.ok());
    CHECK(legacy->position() == 1);
    // A saved state carrying product content is refused like a hand-edited manifest.
    Json tampered = h.to_json();
    tampered["states"][0]["title"] = "Cheaper tea";
    auto refused = EditHistory::from_json(tampered);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "manifest_has_content");
}

TEST_CASE("changed fields name what differs, and publishing bumps the version it replaces") {
    fixtures::World w;
    ShopManifest a = w.manifest, b = w.manifest;
    CHECK(changed_fields(a, b).empty());
    set_text(b, TextField::Greeting, "Hi");
    set_note(b, "p2", "new");
    b.theme.layout = "list";
    b.version = 9;
    CHECK(changed_fields(a, b) == std::vector<std::string>{"greeting", "theme", "notes"});
    CHECK_FALSE(same_content(a, b));
    ShopManifest p = prepare_publish(b, 4, 1234);
    CHECK(p.version == 5);
    CHECK(p.updated_ms == 1234);
    CHECK(check_publishable(p).ok());
    set_text(p, TextField::Name, "  ");
    CHECK(check_publishable(p).error().code == "no_name");
}

TEST_CASE("a draft is shown in the verified view; it cannot move to another shop or brand") {
    fixtures::World w;
    auto view = compose_shop(w.bundle(), w.root.pk);
    REQUIRE(view.ok());
    REQUIRE(view->items.size() == 2);
    ShopManifest d = view->shop.manifest;
    set_text(d, TextField::Name, "Draft name");
    set_note(d, "p2", "My pick");
    set_featured(d, "p0", true);
    move_featured(d, 1, 0);
    REQUIRE(apply_draft(*view, d).ok());
    CHECK(view->shop.manifest.identity.name == "Draft name");
    CHECK(view->find("p2")->note == "My pick");
    REQUIRE(view->featured.size() == 2);
    CHECK(view->items[view->featured[0]].product->id == "p0");
    // Brand content comes from the verified release whatever the draft says.
    CHECK(view->find("p0")->product->title == "龙井 0");
    CHECK(view->find("p0")->product->price == 12800);

    ShopManifest other = d;
    other.slug = "someone-else";
    CHECK(apply_draft(*view, other).error().code == "wrong_shop");
    ShopManifest more = d;
    more.brands.push_back("b_other");
    CHECK(apply_draft(*view, more).error().code == "wrong_brands");
    CHECK(view->shop.manifest.identity.name == "Draft name");  // unchanged by refused drafts

    // The console's preview: the brand's unsigned draft release replaces the verified one.
    Release r = w.release;
    r.products[0].title = "龙井 (new photo)";
    r.products[2].price = 99;
    REQUIRE(apply_draft_release(*view, r).ok());
    CHECK(view->find("p0")->product->title == "龙井 (new photo)");
    CHECK(view->find("p2")->product->price == 99);
    CHECK(view->find("p2")->note == "My pick");
    r.brand = "b_nope";
    CHECK_FALSE(apply_draft_release(*view, r).ok());
}
