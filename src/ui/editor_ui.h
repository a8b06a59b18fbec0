// The distributor's screens (screen_editor*.cpp) and the pieces they share: the editor's bars and
// tabs, cards, and access to the editor's part of the state.
#pragma once
#include <string>

#include "app/editor_state.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

// Screen-edited buffers live in EditorState, like the checkout form (see editor_state.h).
inline app::EditorState& editor_buffers(Ui& ui) { return const_cast<app::EditorState&>(ui.state.editor); }
inline void emit_editor(Ui& ui, auto what) { ui.emit(app::EditorAction{std::move(what)}); }

using EditorFrame = WorkspaceFrame;
inline EditorFrame editor_frame(const Ui& ui) { return workspace_frame(ui, 1216.f); }

// Bars: the top bar (shop, tabs on desktop) and the phone's bottom tab bar.
void editor_top_bar(Ui& ui, const EditorFrame& f);
void editor_tab_bar(Ui& ui, const EditorFrame& f);

// A white card with a title; content goes between begin and end at the cursor.
void card_begin(Ui& ui, const std::string& title, float x, float w, const std::string& note = "");
void card_end(Ui& ui);
// Small grey text that wraps (help, hints).
void hint(Ui& ui, const std::string& text, float w, ImU32 color = 0);
// A padlock line: what the brand owns and the editor cannot change.
void locked_note(Ui& ui, const std::string& text, float w);
// One row: undo, redo, what the draft holds, and Publish. Every draft has it (the shop's in the
// editor, the release's and the articles' in the console); each fills it in.
struct DraftBar {
    bool can_undo = false, can_redo = false;
    bool dirty = false;                 // the status reads as unpublished work
    bool can_publish = false, publishing = false;
    std::string status, publish_label;  // in the screen's language
    app::Action undo, redo, publish;
};
void draft_bar(Ui& ui, float x, float w, const DraftBar& bar);
// An inline message box (error or info) spanning w.
void message_box(Ui& ui, const char* kind, const std::string& text, float w, bool error);

// The pages, one file each.
void show_editor_sign_in(Ui& ui);  // screen_editor_signin.cpp
void show_editor_find(Ui& ui);     // screen_editor_signin.cpp: /d, the shop's address on a new device
void show_editor_join(Ui& ui);      // screen_editor_join.cpp
void show_editor_edit(Ui& ui);      // screen_editor_edit.cpp
void show_editor_share(Ui& ui);     // screen_editor_share.cpp
void show_editor_team(Ui& ui);      // screen_editor_team.cpp
void show_editor_dash(Ui& ui);      // screen_editor_dash.cpp
void show_editor_payouts(Ui& ui);   // screen_editor_payouts.cpp: /d/<slug>/payouts[/<batch>], the list and a statement
// The dashboard's money per brand (paid, on its way, settleable, pending, clawback) and its newest
// payouts, from the store's statements (screen_editor_payouts.cpp).
void dash_money_card(Ui& ui, float x, float w);
void dash_payouts_card(Ui& ui, float x, float w);

// Icons the editor needs beyond widgets.h's: undo/redo arrows, people, a bar chart, a pencil.
enum class EditorIcon { Undo, Redo, People, Chart, Pencil };
void draw_editor_icon(ImDrawList* dl, EditorIcon icon, ImVec2 center, float size, ImU32 color);

// A QR code drawn as crisp squares (whole device pixels per module), quiet zone included.
// Returns false (and draws nothing) if the text cannot be encoded.
bool draw_qr_code(Ui& ui, const std::string& text, ImVec2 pos, float side, const char* expose_kind);

}  // namespace ui
