// Sign in on this device: the shop's passphrase (Argon2id turns it back into the shop's key) or the
// key backup file (the page is ui/key_sign_in_ui.h, shared with the brand console). Losing both is
// explained before it happens. /d first asks which shop (a new device knows no address yet).
#include <algorithm>

#include "ui/editor_ui.h"
#include "ui/key_sign_in_ui.h"

namespace ui {

void show_editor_sign_in(Ui& ui) {
    app::EditorState& e = editor_buffers(ui);
    KeySignInPage page;
    page.gap = ui.phone ? 40 : 72;
    page.avatar = e.published.identity.avatar;
    page.name = e.published.identity.name;
    page.subtitle = ui.tf("Sign in to edit {}", "/s/" + e.slug);
    page.subtitle_id = "Sign in to edit";
    page.passphrase_hint = "The passphrase you chose when you opened the shop";
    page.about_title = "If you lose your passphrase";
    page.about = "Your passphrase is the only way to make your shop's key on a new device. Nobody can reset it: not the "
                 "brand, not the platform, because they never see it. Keep it written down somewhere safe, and save a key "
                 "file from the editor (Edit > Your key) as a backup.";
    switch (key_sign_in_page(ui, page, e.key_status, e.sign_in)) {
        case KeySignInChoice::Passphrase: emit_editor(ui, app::SignInWithPassphrase{}); break;
        case KeySignInChoice::KeyFile: emit_editor(ui, app::RestoreKeyFile{}); break;
        case KeySignInChoice::None: break;
    }
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
