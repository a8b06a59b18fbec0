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

class EditorWorkspace final : public Workspace {
public:
    explicit EditorWorkspace(AppState& s) : s_(s), c_(s) {}
    void on_route() override { c_.on_route(); }
    void handle(const Action& a) override {
        if (const auto* e = std::get_if<EditorAction>(&a)) c_.handle(*e);
    }
    void on_event(const platform::InputEvent& e) override { c_.on_event(e); }
    void tick(double now_ms) override { c_.tick(now_ms); }
    core::Json test_state() const override { return c_.test_state(); }
    void for_each_text(const std::function<void(const std::string&, bool)>& fn) const override {
        for_each_editor_text(s_.editor, [&](const std::string& t) { fn(t, false); });
    }
    int data_version() const override { return s_.editor.data_version; }

private:
    AppState& s_;
    EditorController c_;
};

class ConsoleWorkspace final : public Workspace {
public:
    explicit ConsoleWorkspace(AppState& s) : s_(s), c_(s) {}
    void on_route() override { c_.on_route(); }
    void handle(const Action& a) override {
        if (const auto* c = std::get_if<ConsoleAction>(&a)) c_.handle(*c);
    }
    void on_event(const platform::InputEvent& e) override { c_.on_event(e); }
    void tick(double now_ms) override { c_.tick(now_ms); }
    core::Json test_state() const override { return c_.test_state(); }
    void for_each_text(const std::function<void(const std::string&, bool)>& fn) const override { for_each_console_text(s_.console, fn); }
    int data_version() const override { return s_.console.data_version; }

private:
    AppState& s_;
    ConsoleController c_;
};

}  // namespace

Workspaces make_workspaces(AppState& state) {
    ui::add_words(ui::console_zh);  // the console's words come with the console
    Workspaces w;
    w.editor = std::make_unique<EditorWorkspace>(state);
    w.console = std::make_unique<ConsoleWorkspace>(state);
    return w;
}

}  // namespace app

namespace ui {
void show_workspace(Ui& ui) {
    if (ui.state.route.screen == app::Screen::Editor) show_editor(ui);
    else show_console(ui);
}
}  // namespace ui
