// Sign in to the brand console on this device: the brand's passphrase (Argon2id over the brand id
// turns it back into the key in the brand's certificate) or the brand's key file.
#include <algorithm>

#include "ui/console_ui.h"

namespace ui {

void show_console_sign_in(Ui& ui) {
    app::ConsoleState& c = console_buffers(ui);
    const ConsoleFrame f = console_frame(ui);
    const float w = std::min(ui.width - 32, 440.f);
    const float x = std::floor((ui.width - w) * 0.5f);
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    ImGui::BeginChild("##console-signin", ImVec2(ui.width, ui.height - f.top), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + (ui.phone ? 28 : 56)));  // follows the child's scroll
    ImGui::BeginGroup();
    const std::string name = c.cert ? c.cert->name : c.brand;
    const ImVec2 a = ImGui::GetCursorScreenPos();
    avatar(ui, core::ImageRef{}, name, ImVec2(a.x + w * 0.5f, a.y + 32), 32, ui.pal.surface);
    ImGui::Dummy(ImVec2(w, 76));
    const ImVec2 ts = text_size(ui, Font::Display, name, w);
    draw_text(ui, Font::Display, ImVec2(x + (w - std::min(ts.x, w)) * 0.5f, ImGui::GetCursorScreenPos().y), ui.pal.text, name, w);
    ImGui::Dummy(ImVec2(w, ts.y + 4));
    const std::string sub = ui.t("Sign in to the brand console");
    const ImVec2 ss = text_size(ui, Font::Body, sub, w);
    const ImVec2 sp = ImGui::GetCursorScreenPos();
    draw_text(ui, Font::Body, ImVec2(x + (w - std::min(ss.x, w)) * 0.5f, sp.y), ui.pal.muted, sub, w);
    ui.canvas.expose("page-title", sub, sp, ImVec2(x + w, sp.y + ss.y), "Sign in to the brand console");
    ImGui::Dummy(ImVec2(w, ss.y + 20));

    card_begin(ui, "", x, w);
    const float iw = w - 32;
    const bool busy = c.key_status == app::BrandKey::Deriving;
    text_field(ui, "passphrase", "Brand passphrase", c.sign_in.passphrase, "The passphrase that makes the brand's key",
               platform::InputMode::Text, iw, false, ui.t(c.sign_in.error.c_str()), ImGuiInputTextFlags_Password);
    if (!busy && ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
        emit_console(ui, app::BrandSignIn{});
    ImGui::Dummy(ImVec2(0, 6));
    if (busy) {
        button(ui, "signin", "Checking the passphrase…", ButtonKind::Primary, ImVec2(iw, 48), false);
        ui.canvas.animate();
    } else if (button(ui, "signin", "Sign in", ButtonKind::Primary, ImVec2(iw, 48))) {
        emit_console(ui, app::BrandSignIn{});
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (button(ui, "keyfile", "Use the brand's key file instead", ButtonKind::Ghost, ImVec2(iw, 44), !busy))
        emit_console(ui, app::BrandKeyFile{});
    card_end(ui);

    card_begin(ui, "What this key does", x, w);
    hint(ui, ui.t("The brand's key signs every catalog release and every order status. It stays in this browser: the platform "
                  "never sees it. Anyone who holds it can publish for the brand, so sign in only on devices you trust."),
         iw);
    card_end(ui);
    ImGui::EndGroup();
    ImGui::EndChild();
}

}  // namespace ui
