// Sign in on this device: the shop's passphrase (Argon2id turns it back into the shop's key) or the
// key backup file. Losing both is explained before it happens. /d first asks which shop (a new
// device knows no address yet).
#include <algorithm>

#include "ui/editor_ui.h"

namespace ui {

namespace {
// A line of text centred in the column at the cursor, then room for it and `gap`; where it was drawn.
ImVec2 centred_line(Ui& ui, Font f, ImU32 color, const std::string& text, float x, float w, float gap) {
    const ImVec2 size = text_size(ui, f, text, w);
    const ImVec2 p(x + (w - std::min(size.x, w)) * 0.5f, ImGui::GetCursorScreenPos().y);
    draw_text(ui, f, p, color, text, w);
    ImGui::Dummy(ImVec2(w, size.y + gap));
    return p;
}
}  // namespace

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
    centred_line(ui, Font::Display, ui.pal.text, m.identity.name, x, w, 4);
    const std::string sub = ui.tf("Sign in to edit {}", "/s/" + e.slug);
    const float sy = centred_line(ui, Font::Body, ui.pal.muted, sub, x, w, 20).y;
    ui.canvas.expose("page-title", sub, ImVec2(x, sy), ImVec2(x + w, sy + text_size(ui, Font::Body, sub, w).y), "Sign in to edit");

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
    const float ty = centred_line(ui, Font::Display, ui.pal.text, title, x, w, 6).y;
    ui.canvas.expose("page-title", title, ImVec2(x, ty), ImVec2(x + w, ty + text_size(ui, Font::Display, title, w).y), "Sign in to your shop");
    centred_line(ui, Font::Body, ui.pal.muted, ui.t("On a new phone or computer: type your shop's address, then your passphrase."), x, w, 20);
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
