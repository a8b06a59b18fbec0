// Sign in on this device: the shop's passphrase (Argon2id turns it back into the shop's key) or the
// key backup file. Losing both is explained before it happens. /d first asks which shop (a new
// device knows no address yet).
#include <algorithm>

#include "ui/editor_ui.h"

namespace ui {

void show_editor_sign_in(Ui& ui) {
    app::EditorState& e = editor_buffers(ui);
    const core::ShopManifest& m = e.published;
    const float w = std::min(ui.width - 32, 440.f);
    const float x = std::floor((ui.width - w) * 0.5f);
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    ImGui::BeginChild("##signin", ImVec2(ui.width, ui.height), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + (ui.phone ? 40 : 72)));  // scrolls with the child
    ImGui::BeginGroup();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    avatar(ui, m.identity.avatar, m.identity.name, ImVec2(a.x + w * 0.5f, a.y + 36), 36, ui.pal.surface);
    ImGui::Dummy(ImVec2(w, 84));
    const std::string title = m.identity.name;
    const ImVec2 ts = text_size(ui, Font::Display, title, w);
    draw_text(ui, Font::Display, ImVec2(x + (w - std::min(ts.x, w)) * 0.5f, ImGui::GetCursorScreenPos().y), ui.pal.text, title, w);
    ImGui::Dummy(ImVec2(w, ts.y + 4));
    const std::string sub = ui.tf("Sign in to edit {}", "/s/" + e.slug);
    const ImVec2 ss = text_size(ui, Font::Body, sub, w);
    draw_text(ui, Font::Body, ImVec2(x + (w - std::min(ss.x, w)) * 0.5f, ImGui::GetCursorScreenPos().y), ui.pal.muted, sub, w);
    ui.canvas.expose("page-title", sub, ImVec2(x, ImGui::GetCursorScreenPos().y), ImVec2(x + w, ImGui::GetCursorScreenPos().y + ss.y),
                     "Sign in to edit");
    ImGui::Dummy(ImVec2(w, ss.y + 20));

    card_begin(ui, "", x, w);
    const float iw = w - 32;
    const bool busy = e.key_status == app::KeyStatus::Deriving;
    text_field(ui, "passphrase", "Passphrase", e.sign_in.passphrase, "The passphrase you chose when you opened the shop",
               platform::InputMode::Text, iw, false, ui.t(e.sign_in.error.c_str()), ImGuiInputTextFlags_Password);
    // Enter signs in, as people expect from a password field.
    if (!busy && ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
        emit_editor(ui, app::SignInWithPassphrase{});
    ImGui::Dummy(ImVec2(0, 6));
    if (busy) {
        button(ui, "signin", "Checking your passphrase…", ButtonKind::Primary, ImVec2(iw, 48), false);
        ui.canvas.animate();
    } else if (button(ui, "signin", "Sign in", ButtonKind::Primary, ImVec2(iw, 48))) {
        emit_editor(ui, app::SignInWithPassphrase{});
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (button(ui, "keyfile", "Use my key file instead", ButtonKind::Ghost, ImVec2(iw, 44), !busy))
        emit_editor(ui, app::RestoreKeyFile{});
    card_end(ui);

    card_begin(ui, "If you lose your passphrase", x, w);
    hint(ui, ui.t("Your passphrase is the only way to make your shop's key on a new device. Nobody can reset it: not the "
                  "brand, not the platform, because they never see it. Keep it written down somewhere safe, and save a key "
                  "file from the editor (Edit > Your key) as a backup."),
         iw);
    card_end(ui);
    ImGui::EndGroup();
    ImGui::EndChild();
}

void show_editor_find(Ui& ui) {
    app::EditorState& e = editor_buffers(ui);
    const float w = std::min(ui.width - 32, 440.f);
    const float x = std::floor((ui.width - w) * 0.5f);
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    ImGui::BeginChild("##find", ImVec2(ui.width, ui.height), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + (ui.phone ? 48 : 96)));  // scrolls with the child
    ImGui::BeginGroup();
    const std::string title = ui.t("Sign in to your shop");
    const ImVec2 ts = text_size(ui, Font::Display, title, w);
    const float ty = ImGui::GetCursorScreenPos().y;
    draw_text(ui, Font::Display, ImVec2(x + (w - std::min(ts.x, w)) * 0.5f, ty), ui.pal.text, title, w);
    ui.canvas.expose("page-title", title, ImVec2(x, ty), ImVec2(x + w, ty + ts.y), "Sign in to your shop");
    ImGui::Dummy(ImVec2(w, ts.y + 6));
    const std::string sub = ui.t("On a new phone or computer: type your shop's address, then your passphrase.");
    const ImVec2 ss = text_size(ui, Font::Body, sub, w);
    draw_text(ui, Font::Body, ImVec2(x + (w - std::min(ss.x, w)) * 0.5f, ImGui::GetCursorScreenPos().y), ui.pal.muted, sub, w);
    ImGui::Dummy(ImVec2(w, ss.y + 20));
    card_begin(ui, "", x, w);
    const float iw = w - 32;
    text_field(ui, "address", "Your shop's address", e.find.address, "lily-tea, or paste your shop's link",
               platform::InputMode::Text, iw, false, ui.t(e.find.error.c_str()));
    const bool enter = ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
    ImGui::Dummy(ImVec2(0, 6));
    if (button(ui, "continue", "Continue", ButtonKind::Primary, ImVec2(iw, 48)) || enter) emit_editor(ui, app::FindShop{});
    card_end(ui);
    card_begin(ui, "No shop yet?", x, w);
    hint(ui, ui.t("Shops open from an invite link: ask the brand or the distributor who recruited you to send you one."), iw);
    card_end(ui);
    ImGui::EndGroup();
    ImGui::EndChild();
}

}  // namespace ui
