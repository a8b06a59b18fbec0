// Shop home: the distributor's header (banner, avatar, name, greeting, contact) in their theme, the
// directory of brands and categories the shop carries, search, featured products in the
// distributor's order, and the product grid. The grid draws (and loads images for) only the rows
// on screen, so a 3,000-product shop scrolls like a 30-product one.
#include <algorithm>
#include <cmath>
#include <set>

#include "core/money.h"
#include "imgui_internal.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

namespace {

// Search results are recomputed only when what is asked changes.
// Keyed on the view's revision, never its address: a draft in the editor's preview changes a view
// in place, and a stale list of indexes would point past its items.
struct FilterCache {
    std::uint64_t revision = 0;
    std::string category, query, brand;
    std::vector<std::size_t> items;
};

const std::vector<std::size_t>& filtered(const core::ShopView& view, const std::string& category, const std::string& query,
                                         const std::string& brand) {
    static FilterCache cache;
    if (cache.revision != view.revision || cache.category != category || cache.query != query || cache.brand != brand) {
        cache.revision = view.revision;
        cache.category = category;
        cache.query = query;
        cache.brand = brand;
        cache.items = core::search_shop(view, category, query, brand);
    }
    return cache.items;
}

// The brand a shop page is about: the one in the URL, or the one whose catalog has the category.
const core::BrandSection* brand_in_focus(const core::ShopView& view, const app::Route& route) {
    for (const auto& b : view.brands)
        if (b.release && (b.cert.brand == route.brand || (!route.category.empty() && b.release->category(route.category))))
            return &b;
    return nullptr;
}

void header(Ui& ui, const core::ShopView& view, const Frame& f) {
    const auto& id = view.shop.manifest.identity;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float banner_h = ui.phone ? 150 : 230;
    const float bx = ui.phone ? 0 : f.content_x;
    const float bw = ui.phone ? ui.width : f.content_w;
    const float by = origin.y + (ui.phone ? 0 : 16);
    if (!id.banner.empty()) image(ui, id.banner, ImVec2(bx, by), ImVec2(bx + bw, by + banner_h), ui.phone ? 0 : 16);
    else dl->AddRectFilledMultiColor(ImVec2(bx, by), ImVec2(bx + bw, by + banner_h), ui.pal.primary, ui.pal.accent, ui.pal.accent, ui.pal.primary);

    const float ar = ui.phone ? 38 : 48;
    const float ax = f.content_x + (ui.phone ? 0 : 24) + ar;
    const float ay = by + banner_h;
    avatar(ui, id.avatar, id.name, ImVec2(ax, ay), ar, ui.pal.background);
    float y = ay + ar + 12;
    const float text_x = f.content_x + (ui.phone ? 0 : 24);
    const float text_w = f.content_w - (ui.phone ? 0 : 48);
    const ImVec2 ns = text_size(ui, Font::Display, id.name, text_w);
    draw_text(ui, Font::Display, ImVec2(text_x, y), ui.pal.text, id.name, text_w);
    ui.canvas.expose("shop-title", id.name, ImVec2(text_x, y), ImVec2(text_x + ns.x, y + ns.y));
    y += ns.y + 6;
    // Who runs it: the person in the enrollment, so consumers know whose shop this is.
    std::string person;
    for (const auto& [brand, chain] : view.shop.chains)
        if (!chain.empty()) person = chain.front().name;
    if (!person.empty()) {
        std::string brands;
        for (const auto& b : view.brands) brands += (brands.empty() ? "" : ", ") + b.cert.name;
        const std::string line = person + " · " + brands;
        draw_text(ui, Font::Small, ImVec2(text_x, y), ui.pal.muted, line, text_w);
        y += text_size(ui, Font::Small, line, text_w).y + 10;
    }
    if (!id.greeting.empty()) {
        const ImVec2 gs = text_size(ui, Font::Body, id.greeting, text_w);
        draw_text(ui, Font::Body, ImVec2(text_x, y), ui.pal.text, id.greeting, text_w);
        ui.canvas.expose("greeting", id.greeting, ImVec2(text_x, y), ImVec2(text_x + gs.x, y + gs.y));
        y += gs.y + 10;
    }
    if (!id.contact.empty()) {
        // Tapping the contact copies it: people paste it into their chat app.
        const ImVec2 cs = text_size(ui, Font::Small, id.contact);
        const ImVec2 cmin(text_x, y), cmax(text_x + cs.x + 44, y + 32);
        ImGui::SetCursorScreenPos(cmin);
        if (ImGui::InvisibleButton("##contact", ImVec2(cmax.x - cmin.x, cmax.y - cmin.y)))
            ui.emit(app::CopyText{id.contact, "Contact copied"});
        if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        dl->AddRectFilled(cmin, cmax, ui.pal.primary_soft, 16);
        draw_text(ui, Font::Small, ImVec2(cmin.x + 12, cmin.y + (32 - cs.y) * 0.5f), ui.pal.text, id.contact);
        draw_icon(dl, Icon::Copy, ImVec2(cmax.x - 16, cmin.y + 16), 14, ui.pal.muted);
        ui.canvas.expose("contact", id.contact, cmin, cmax);
        y += 32 + 8;
    }
    ImGui::SetCursorScreenPos(ImVec2(f.content_x, y + 8));
}

void directory_chips(Ui& ui, const core::ShopView& view, const Frame& f) {
    const auto& route = ui.state.route;
    const std::string& slug = view.shop.manifest.slug;
    struct ChipDef {
        std::string id, label, path;
        bool brand = false;  // a brand's chip: brands come first, on a line of their own
    };
    // The directory: with one brand, its categories; with several, the brands first, then the
    // categories of the brand in focus. Categories are listed only when the shop has products in
    // them. Worked out when the view or the focus changes, not per frame (3,000 items add up).
    const core::BrandSection* focus = brand_in_focus(view, route);
    static std::uint64_t chips_for = 0;
    static const core::BrandSection* chips_focus = nullptr;
    static std::vector<ChipDef> chips;
    if (chips_for != view.revision || chips_focus != focus) {
        chips_for = view.revision;
        chips_focus = focus;
        chips.assign(1, ChipDef{"all", "All", app::shop_path(slug)});  // chip() translates "All"
        std::size_t verified = 0;
        for (const auto& b : view.brands) verified += b.release ? 1 : 0;
        for (const auto& b : view.brands) {
            if (!b.release) continue;
            if (verified > 1) chips.push_back({"brand:" + b.cert.brand, b.cert.name, app::shop_brand_path(slug, b.cert.brand), true});
            if (verified > 1 && &b != focus) continue;
            std::set<std::string> used;
            for (const auto& item : view.items)
                if (item.brand == &b) used.insert(item.product->category);
            for (const auto& c : b.release->categories)
                if (used.count(c.id)) chips.push_back({c.id, c.name, app::category_path(slug, c.id)});
        }
    }
    auto selected = [&](const ChipDef& c) {
        if (c.brand) return focus && c.id == "brand:" + focus->cert.brand;
        if (c.id == "all") return route.category.empty() && route.brand.empty();
        return route.category == c.id;
    };
    auto draw = [&](const ChipDef& c) {
        if (chip(ui, c.id.c_str(), c.label, selected(c))) ui.emit(app::Navigate{c.path});
    };
    const float row_h = ui.phone ? 38 : 34;
    if (ui.phone) {
        // One row that scrolls sideways under the thumb.
        ImGui::SetCursorScreenPos(ImVec2(0, ImGui::GetCursorScreenPos().y));
        ImGui::BeginChild("##chips", ImVec2(ui.width, row_h + 2), false,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_HorizontalScrollbar);
        ImGui::SetCursorPos(ImVec2(f.content_x, 0));
        for (std::size_t i = 0; i < chips.size(); ++i) {
            if (i) ImGui::SameLine(0, chips[i].brand || !chips[i - 1].brand ? 8 : 20);  // a gap after the brands
            draw(chips[i]);
        }
        ImGui::SameLine(0, f.content_x);
        ImGui::Dummy(ImVec2(1, 1));
        ImGui::EndChild();
    } else {
        float x = f.content_x, y = ImGui::GetCursorScreenPos().y;
        for (std::size_t i = 0; i < chips.size(); ++i) {
            const float w = text_size(ui, Font::Body, ui.t(chips[i].label.c_str())).x + 28;
            // The brands on their own line, the focused brand's categories under them.
            const bool new_line = i > 0 && !chips[i].brand && chips[i - 1].brand;
            if (new_line || x + w > f.content_x + f.content_w) {
                x = f.content_x;
                y += row_h + 8;
            }
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            draw(chips[i]);
            x += w + 8;
        }
        ImGui::SetCursorScreenPos(ImVec2(f.content_x, y + row_h));
    }
    ImGui::Dummy(ImVec2(0, 6));
}

void search_box(Ui& ui, const core::ShopView& view, const Frame& f) {
    static std::string text;
    static std::string synced_path;
    const auto& route = ui.state.route;
    if (synced_path != route.path) {  // the URL is the truth: follow it on navigation and Back
        text = route.query;
        synced_path = route.path;
    }
    ImGui::SetCursorScreenPos(ImVec2(f.content_x, ImGui::GetCursorScreenPos().y));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(40, ui.phone ? 12 : 10));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 22);
    const bool edited = text_field(ui, "search", "", text, ui.tf("Search {}", view.shop.manifest.identity.name),
                                   platform::InputMode::Search, f.content_w);
    ImGui::PopStyleVar(2);
    draw_icon(ImGui::GetWindowDrawList(), Icon::Search, ImVec2(pos.x + 22, pos.y + (ui.phone ? 22 : 19)), 18, ui.pal.muted);
    if (edited) {
        // Search as you type; the URL follows without piling up history entries.
        std::string path = text.empty() ? (route.category.empty() ? app::shop_path(view.shop.manifest.slug)
                                                                   : app::category_path(view.shop.manifest.slug, route.category))
                                        : app::search_path(view.shop.manifest.slug, text);
        synced_path = path;
        ui.emit(app::Navigate{path, true});
    }
    ImGui::Dummy(ImVec2(0, 10));
}

void featured_strip(Ui& ui, const core::ShopView& view, const Frame& f) {
    if (view.featured.empty()) return;
    ImGui::SetCursorScreenPos(ImVec2(f.content_x, ImGui::GetCursorScreenPos().y + 6));
    section_title(ui, "Picked for you", "", f.content_w);
    const float card_w = ui.phone ? 150 : 200;
    const float img_h = card_w;
    const float card_h = img_h + (ui.phone ? 78 : 84);
    const float y = ImGui::GetCursorScreenPos().y;
    ui.canvas.begin_list("##featured-list", ui.t("Picked for you"), static_cast<int>(view.featured.size()));
    int entry = 0;
    if (ui.phone) {
        ImGui::SetCursorScreenPos(ImVec2(0, y));
        ImGui::BeginChild("##featured", ImVec2(ui.width, card_h + 4), false,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_HorizontalScrollbar);
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        float x = origin.x + f.content_x;
        for (std::size_t idx : view.featured) {
            const core::ShopItem& item = view.items[idx];
            ui.canvas.list_entry(entry++);
            if (product_card(ui, item, ImVec2(x, origin.y), card_w, img_h))
                ui.emit(app::Navigate{app::product_path(view.shop.manifest.slug, item.product->id)});
            x += card_w + 12;
        }
        ImGui::SetCursorScreenPos(ImVec2(x + f.content_x - 12, origin.y));
        ImGui::Dummy(ImVec2(1, card_h));
        ImGui::EndChild();
    } else {
        const int per_row = std::max(1, static_cast<int>((f.content_w + 16) / (card_w + 16)));
        const float w = (f.content_w - (per_row - 1) * 16) / per_row;
        int n = 0;
        for (std::size_t idx : view.featured) {
            if (n >= per_row) break;
            const core::ShopItem& item = view.items[idx];
            ui.canvas.list_entry(entry++);
            if (product_card(ui, item, ImVec2(f.content_x + n * (w + 16), y), w, w * 0.8f))
                ui.emit(app::Navigate{app::product_path(view.shop.manifest.slug, item.product->id)});
            ++n;
        }
        ImGui::SetCursorScreenPos(ImVec2(f.content_x, y));
        ImGui::Dummy(ImVec2(f.content_w, w * 0.8f + 84));
    }
    ui.canvas.end_list();
    ImGui::Dummy(ImVec2(0, 12));
}

// The brands' articles, newest first: stories the distributor shares, each opening in this shop.
void articles_strip(Ui& ui, const core::ShopView& view, const Frame& f) {
    struct Entry {
        const core::Article* article;
        const std::string* brand;
    };
    std::vector<Entry> entries;
    for (const auto& b : view.brands) {
        auto it = ui.state.articles.find(b.cert.brand);
        if (it == ui.state.articles.end()) continue;
        for (const auto& a : it->second.set.articles) entries.push_back({&a, &b.cert.name});
    }
    if (entries.empty()) return;
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& x, const Entry& y) { return x.article->created_ms > y.article->created_ms; });
    ImGui::SetCursorScreenPos(ImVec2(f.content_x, ImGui::GetCursorScreenPos().y + 6));
    section_title(ui, "Stories", ui.count(static_cast<long>(entries.size()), "article", "articles"), f.content_w);
    const std::string& slug = view.shop.manifest.slug;
    const float card_w = ui.phone ? std::min(280.f, f.content_w * 0.82f) : 0;
    const float y = ImGui::GetCursorScreenPos().y;
    ui.canvas.begin_list("##stories", ui.t("Stories"), static_cast<int>(entries.size()));
    int entry = 0;
    if (ui.phone) {
        const float card_h = std::floor(card_w * 0.5f) + 112;
        ImGui::SetCursorScreenPos(ImVec2(0, y));
        ImGui::BeginChild("##articles", ImVec2(ui.width, card_h + 4), false,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_HorizontalScrollbar);
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        float x = origin.x + f.content_x;
        for (const auto& e : entries) {
            ui.canvas.list_entry(entry++);
            if (article_card(ui, *e.article, *e.brand, ImVec2(x, origin.y), card_w, card_h))
                ui.emit(app::Navigate{app::article_path(slug, e.article->id)});
            x += card_w + 12;
        }
        ImGui::SetCursorScreenPos(ImVec2(x + f.content_x - 12, origin.y));
        ImGui::Dummy(ImVec2(1, card_h));
        ImGui::EndChild();
    } else {
        const int per_row = std::clamp(static_cast<int>((f.content_w + 16) / 300), 2, 3);
        const float w = (f.content_w - (per_row - 1) * 16) / per_row;
        const float h = std::floor(w * 0.5f) + 116;
        const int n = static_cast<int>(entries.size()), rows = (n + per_row - 1) / per_row;
        for (int i = 0; i < n; ++i) {
            ui.canvas.list_entry(i);
            if (article_card(ui, *entries[i].article, *entries[i].brand,
                             ImVec2(f.content_x + (i % per_row) * (w + 16), y + (i / per_row) * (h + 16)), w, h))
                ui.emit(app::Navigate{app::article_path(slug, entries[i].article->id)});
        }
        ImGui::SetCursorScreenPos(ImVec2(f.content_x, y));
        ImGui::Dummy(ImVec2(f.content_w, rows * (h + 16) - 16));
    }
    ui.canvas.end_list();
    ImGui::Dummy(ImVec2(0, 12));
}

void product_grid(Ui& ui, const core::ShopView& view, const std::vector<std::size_t>& items, const Frame& f,
                  const std::string& name) {
    const int cols = ui.phone ? 2 : std::clamp(static_cast<int>(f.content_w / 230), 3, 5);
    const float gap = ui.phone ? 12 : 20;
    const float card_w = std::floor((f.content_w - gap * (cols - 1)) / cols);
    const float img_h = card_w;
    const float row_h = img_h + (ui.phone ? 78 : 84) + gap;
    const int rows = static_cast<int>((items.size() + cols - 1) / cols);
    const float top = ImGui::GetCursorScreenPos().y;
    ClippedRows shown(rows);
    ui.canvas.begin_list("##grid", name, static_cast<int>(items.size()));
    ImGuiListClipper clipper;
    clipper.Begin(rows, row_h);
    while (clipper.Step()) {
        shown.note(clipper);
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const float y = ImGui::GetCursorScreenPos().y;
            for (int c = 0; c < cols; ++c) {
                const std::size_t i = static_cast<std::size_t>(r) * cols + c;
                if (i >= items.size()) break;
                const core::ShopItem& item = view.items[items[i]];
                ui.canvas.list_entry(static_cast<int>(i));
                if (product_card(ui, item, ImVec2(f.content_x + c * (card_w + gap), y), card_w, img_h))
                    ui.emit(app::Navigate{app::product_path(view.shop.manifest.slug, item.product->id)});
            }
            ImGui::SetCursorScreenPos(ImVec2(f.content_x, y));
            ImGui::Dummy(ImVec2(f.content_w, row_h - ImGui::GetStyle().ItemSpacing.y));
        }
    }
    clipper.End();
    // The row before and the row after those on screen are in the mirror without being drawn
    // (Canvas::expose_beyond, product_card clipped): Tab, Shift+Tab and a screen reader's next item
    // go on past the screen's edge, and the page scrolls to where they go.
    const ImVec2 end = ImGui::GetCursorScreenPos();
    shown.each_beyond([&](int r) {
        for (int c = 0; c < cols; ++c) {
            const std::size_t i = static_cast<std::size_t>(r) * cols + c;
            if (i >= items.size()) break;
            ui.canvas.list_entry(static_cast<int>(i));
            product_card(ui, view.items[items[i]], ImVec2(f.content_x + c * (card_w + gap), top + r * row_h), card_w, img_h);
        }
    });
    ui.canvas.end_list();
    ImGui::SetCursorScreenPos(end);
}

}  // namespace

void show_shop_home(Ui& ui, const core::ShopView& view) {
    const auto& route = ui.state.route;
    Frame f = frame_for(ui);
    auto cart = ui.state.session.carts.find(view.shop.manifest.slug);
    f.bottom = cart != ui.state.session.carts.end() && !cart->second.empty() ? (ui.phone ? 68 : 72) : 0;
    const bool filtering = !route.category.empty() || !route.query.empty() || !route.brand.empty();

    if (begin_body(ui, f, "/s/" + view.shop.manifest.slug + "/c/" + route.category + "/b/" + route.brand)) {
        header(ui, view, f);
        if (!ui.state.redirect_brand.empty()) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const std::string note = ui.tf("You are shopping with the distributor who first introduced you to {}.", ui.state.redirect_brand);
            const ImVec2 ts = text_size(ui, Font::Small, note, f.content_w - 24);
            ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + f.content_w, p.y + ts.y + 16), ui.pal.accent_soft, 10);
            draw_text(ui, Font::Small, ImVec2(p.x + 12, p.y + 8), ui.pal.text, note, f.content_w - 24);
            ui.canvas.expose("redirect-note", note, p, ImVec2(p.x + f.content_w, p.y + ts.y + 16), "redirect");
            ImGui::Dummy(ImVec2(f.content_w, ts.y + 24));
        }
        for (const auto& b : view.brands)
            if (!b.release) {
                // A brand whose catalog failed verification: its products are not shown, and we say why.
                const ImVec2 p(f.content_x, ImGui::GetCursorScreenPos().y);
                const std::string msg = ui.tf("Products from {} are hidden:", b.cert.name) + " " + error_text(ui.lang, b.release_error);
                const ImVec2 ts = text_size(ui, Font::Small, msg, f.content_w - 48);
                ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + f.content_w, p.y + ts.y + 20), ui.pal.danger_soft, 10);
                draw_icon(ImGui::GetWindowDrawList(), Icon::Alert, ImVec2(p.x + 20, p.y + 10 + ts.y * 0.5f), 18, ui.pal.danger);
                draw_text(ui, Font::Small, ImVec2(p.x + 38, p.y + 10), ui.pal.danger, msg, f.content_w - 48);
                ui.canvas.expose("brand-refused", msg, p, ImVec2(p.x + f.content_w, p.y + ts.y + 20));
                ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + ts.y + 28));
            }
        search_box(ui, view, f);
        directory_chips(ui, view, f);
        const auto& items = filtered(view, route.category, route.query, route.category.empty() ? route.brand : std::string());
        if (!filtering) featured_strip(ui, view, f);
        if (!filtering) articles_strip(ui, view, f);
        ImGui::SetCursorScreenPos(ImVec2(f.content_x, ImGui::GetCursorScreenPos().y + 4));
        std::string title = "All products";
        if (!route.query.empty()) title = ui.tf("Results for \"{}\"", route.query);
        else if (!route.category.empty())
            for (const auto& b : view.brands)
                if (b.release)
                    if (const core::Category* c = b.release->category(route.category)) title = c->name;
        if (route.query.empty() && route.category.empty())
            if (const core::BrandSection* b = brand_in_focus(view, route)) title = ui.tf("All of {}", b->cert.name);
        section_title(ui, title, ui.count(static_cast<long>(items.size()), "product", "products"), f.content_w);
        ImGui::Dummy(ImVec2(0, 4));
        if (items.empty()) {
            const ImVec2 p(f.content_x, ImGui::GetCursorScreenPos().y);
            const std::string msg = ui.t(route.query.empty() ? "No products here yet." : "Nothing matches. Try fewer or other words.");
            draw_text(ui, Font::Body, ImVec2(p.x, p.y + 12), ui.pal.muted, msg);
            ui.canvas.expose("empty", msg, p, ImVec2(p.x + f.content_w, p.y + 40));
            ImGui::Dummy(ImVec2(f.content_w, 60));
        } else {
            product_grid(ui, view, items, f, ui.t(title.c_str()));
        }
        // Footer: whose shop, and that the content is the brand's.
        ImGui::Dummy(ImVec2(0, 16));
        const ImVec2 p(f.content_x, ImGui::GetCursorScreenPos().y);
        const std::string foot = ui.tf("Product content is published and signed by each brand. {} chooses the products and writes the notes.",
                                       view.shop.manifest.identity.name);
        draw_text(ui, Font::Small, p, ui.pal.faint, foot, f.content_w);
        ImGui::Dummy(ImVec2(f.content_w, text_size(ui, Font::Small, foot, f.content_w).y + 28));
    }
    end_body();
    shop_top_bar(ui, view, filtering, f);
    cart_bar(ui, view, f);
}

}  // namespace ui
