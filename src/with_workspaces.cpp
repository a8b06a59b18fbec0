// The full app (app.wasm): the consumer's shop, the distributor's editor and the brand's console.
// Served for /d and /console, and wherever a signed-in person opens the shop from them. See
// src/app/workspace.h; the consumer's build links src/shop_only.cpp instead of this file.
#include <variant>

#include "app/console.h"
#include "app/editor.h"
#include "app/workspace.h"
#include "ui/i18n.h"
#include "ui/screens.h"

namespace app {
namespace {

// A controller (EditorController, ConsoleController) as a Workspace: its own actions (A), its text
// and its data version read from the state it keeps.
template <class Controller, class A>
class ControllerWorkspace final : public Workspace {
public:
    using TextFn = void (*)(const AppState&, const std::function<void(const std::string&, bool)>&);
    using VersionFn = int (*)(const AppState&);
    ControllerWorkspace(AppState& s, TextFn text, VersionFn version) : s_(s), c_(s), text_(text), version_(version) {}
    void on_route() override { c_.on_route(); }
    void handle(const Action& a) override {
        if (const auto* own = std::get_if<A>(&a)) c_.handle(*own);
    }
    void on_event(const platform::InputEvent& e) override { c_.on_event(e); }
    void tick(double now_ms) override { c_.tick(now_ms); }
    core::Json test_state() const override { return c_.test_state(); }
    void for_each_text(const std::function<void(const std::string&, bool)>& fn) const override { text_(s_, fn); }
    int data_version() const override { return version_(s_); }

private:
    AppState& s_;
    Controller c_;
    TextFn text_;
    VersionFn version_;
};

}  // namespace

Workspaces make_workspaces(AppState& state) {
    ui::add_words(ui::console_zh);  // the console's words come with the console
    ui::add_words(ui::editor_zh);   // the editor's, with the editor
    Workspaces w;
    w.editor = std::make_unique<ControllerWorkspace<EditorController, EditorAction>>(
        state,
        [](const AppState& s, const std::function<void(const std::string&, bool)>& fn) {
            for_each_editor_text(s.editor, [&](const std::string& t) { fn(t, false); });
        },
        [](const AppState& s) { return s.editor.data_version; });
    w.console = std::make_unique<ControllerWorkspace<ConsoleController, ConsoleAction>>(
        state, [](const AppState& s, const std::function<void(const std::string&, bool)>& fn) { for_each_console_text(s.console, fn); },
        [](const AppState& s) { return s.console.data_version; });
    return w;
}

}  // namespace app

namespace ui {
void show_workspace(Ui& ui) {
    if (ui.state.route.screen == app::Screen::Editor) show_editor(ui);
    else if (ui.state.route.screen == app::Screen::Provenance) show_provenance(ui);
    else show_console(ui);
}
}  // namespace ui
