// The screens, one file each. A screen draws from Ui::state and emits Actions; it decides nothing
// about the business (prices, binding, verification all come from core via the Controller).
#pragma once
#include "ui/ui.h"
#include "ui/widgets.h"

namespace ui {

// Layout shared by screens: the content column and the fixed bars.
struct Frame {
    float content_x = 0, content_w = 0;  // the centred column
    float top = 0, bottom = 0;           // heights of the fixed top bar and bottom bar
};
Frame frame_for(const Ui& ui);

void show_app(Ui& ui);  // picks the screen for the route (app_view.cpp)
void loading_view(Ui& ui);  // app_view.cpp: the spinner while something loads

void show_shop_home(Ui& ui, const core::ShopView& view);   // screen_shop_home.cpp
void show_product(Ui& ui, const core::ShopView& view);     // screen_product.cpp
void show_article(Ui& ui, const core::ShopView& view);     // screen_article.cpp
// A brand article inside a shop, the whole page (the shop's bars around it): the article screen, and
// the console's preview of a draft.
void article_page(Ui& ui, const core::ShopView& view, const core::Article& article);
// The article itself, in a column at x of `width`.
void article_body(Ui& ui, const core::ShopView& view, const core::BrandSection& brand, const core::Article& a, float x, float width);
void show_cart(Ui& ui, const core::ShopView& view);        // screen_cart.cpp
void show_checkout(Ui& ui, const core::ShopView& view);    // screen_checkout.cpp
void show_directory(Ui& ui);                               // screen_directory.cpp (home, brand link, unknown shop)
void show_shop_problem(Ui& ui);                            // screen_directory.cpp (refused or failed shop)
void show_placeholder(Ui& ui, const char* title, const char* text);  // screens of later issues
void show_editor(Ui& ui);                                  // screen_editor*.cpp
void show_console(Ui& ui);                                 // screen_console*.cpp
void show_order(Ui& ui);                                   // screen_order.cpp
void show_provenance(Ui& ui);                              // screen_provenance.cpp
void show_foreign_store(Ui& ui);                           // screen_trust.cpp (the host's store is another platform's)

// Chrome (chrome.cpp)
void shop_top_bar(Ui& ui, const core::ShopView& view, bool back, const Frame& f);
void cart_bar(Ui& ui, const core::ShopView& view, const Frame& f);
void toast(Ui& ui);
// A full-page message with an icon, a title, plain-words text and up to two actions.
struct NoticeAction {
    std::string label;
    app::Action action;
};
void notice_page(Ui& ui, Icon icon, const std::string& title, const std::string& text,
                 const std::vector<NoticeAction>& actions, float top = 0);
// Starts/ends the scrolling body between the bars; the child's id is the route path so each page
// keeps its own scroll position when the back button returns to it.
// `id` overrides the route path (the shop home keeps one body while its search query changes,
// so the search field keeps focus as the URL follows each keystroke).
bool begin_body(Ui& ui, const Frame& f, const std::string& id = "");
void end_body();

}  // namespace ui
