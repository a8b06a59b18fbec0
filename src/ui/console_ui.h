// The brand console's screens (screen_console*.cpp) and the pieces they share: bars and tabs, the
// pickers, the draft toolbar, the live previews, dialogs. Cards, hints and message boxes are the
// distributor editor's (editor_ui.h), so both tools look alike.
#pragma once
#include <functional>
#include <string>

#include "app/console_state.h"
#include "ui/editor_ui.h"
#include "ui/preview.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

// Screen-edited buffers live in ConsoleState, like the checkout form (see console_state.h).
inline app::ConsoleState& console_buffers(Ui& ui) { return const_cast<app::ConsoleState&>(ui.state.console); }
inline void emit_console(Ui& ui, auto what) { ui.emit(app::ConsoleAction{std::move(what)}); }

using ConsoleFrame = WorkspaceFrame;
inline ConsoleFrame console_frame(const Ui& ui) { return workspace_frame(ui, 1280.f); }

void console_top_bar(Ui& ui, const ConsoleFrame& f);
void console_tab_bar(Ui& ui, const ConsoleFrame& f);  // phones: the tabs at the bottom
inline void console_spinner(Ui& ui, ImVec2 center, const std::string& text) { busy_spinner(ui, center, text, 16.f); }

// The release editor's: undo, redo, what the draft holds, and Publish.
void draft_toolbar(Ui& ui, float x, float w);
// Search field over a picker list (returns true when the query changed).
bool picker_search(Ui& ui, const char* id, std::string& query, const char* placeholder, float w);
// Rows of the current product matches; `pick` gets the product id. `h` is the list's height.
void product_rows(Ui& ui, float x, float w, float h, const std::string& selected, const std::function<void(const std::string&)>& pick);
// Rows of the current shop matches; `pick` gets the shop's slug.
void shop_rows(Ui& ui, float x, float w, float h, const std::string& selected, const std::function<void(const std::string&)>& pick);

// The live previews of the shop the console loaded (phone and desktop), showing the console's
// preview product, or `article` (an unpublished draft when `article_draft`); both or only the phone
// one. Returns the height used.
Preview& console_preview(Device device);
float console_previews(Ui& ui, float x, float y, float w, float max_h, bool phone_only, const core::Article* article = nullptr,
                       bool article_draft = false);

// Dialogs drawn over the page: a title (and its English id for tests), words, full-width buttons.
struct DialogButton {
    const char* id;
    std::string label;  // English (translated when drawn)
    ButtonKind kind = ButtonKind::Secondary;
    bool enabled = true;
    app::Action action;
};
void console_dialog(Ui& ui, const std::string& title, const std::string& title_id, const std::string& body,
                    const std::vector<DialogButton>& buttons, bool waiting = false);
void release_conflict_dialog(Ui& ui);

// The pages, one file each.
void show_console_sign_in(Ui& ui);  // screen_console_signin.cpp
void show_console_preview(Ui& ui);  // screen_console_preview.cpp
void show_console_catalog(Ui& ui);  // screen_console_catalog.cpp
void show_console_orders(Ui& ui);   // screen_console_orders.cpp
void show_console_settlement(Ui& ui);  // screen_console_settlement.cpp
void show_console_policy(Ui& ui);      // screen_console_policy.cpp
void show_console_audit(Ui& ui);       // screen_console_audit.cpp
void show_console_insight(Ui& ui);     // screen_console_insight.cpp
void show_console_articles(Ui& ui);    // screen_console_articles.cpp
void article_dialogs(Ui& ui);          // screen_console_articles.cpp: withdraw, someone else published

}  // namespace ui
