#include "ui/key_sign_in_ui.h"

#include <algorithm>
#include <cmath>

#include "ui/editor_ui.h"
#include "ui/widgets.h"

namespace ui {

ImVec2 centred_line(Ui& ui, Font f, ImU32 color, const std::string& text, float x, float w, float gap) {
    const ImVec2 size = text_size(ui, f, text, w);
    const ImVec2 p(x + (w - std::min(size.x, w)) * 0.5f, ImGui::GetCursorScreenPos().y);
    draw_text(ui, f, p, color, text, w);
    ImGui::Dummy(ImVec2(w, size.y + gap));
    return p;
}

KeySignInChoice key_sign_in_page(Ui& ui, const KeySignInPage& page, app::KeyStatus status, app::KeySignIn& form) {
    KeySignInChoice choice = KeySignInChoice::None;
    const float w = std::min(ui.width - 32, 440.f);
    const float x = std::floor((ui.width - w) * 0.5f);
    ImGui::SetCursorScreenPos(ImVec2(0, page.top));
    ImGui::BeginChild(page.child, ImVec2(ui.width, ui.height - page.top), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + page.gap));  // scrolls with the child
    ImGui::BeginGroup();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    avatar(ui, page.avatar, page.name, ImVec2(a.x + w * 0.5f, a.y + 36), 36, ui.pal.surface);
    ImGui::Dummy(ImVec2(w, 84));
    centred_line(ui, Font::Display, ui.pal.text, page.name, x, w, 4);
    const float sy = centred_line(ui, Font::Body, ui.pal.muted, page.subtitle, x, w, 20).y;
    ui.canvas.expose("page-title", page.subtitle, ImVec2(x, sy), ImVec2(x + w, sy + text_size(ui, Font::Body, page.subtitle, w).y),
                     page.subtitle_id);

    card_begin(ui, "", x, w);
    const float iw = w - 32;
    const bool busy = status == app::KeyStatus::Deriving;
    text_field(ui, "passphrase", page.passphrase_label, form.passphrase, page.passphrase_hint, platform::InputMode::Text, iw, false,
               ui.t(form.error.c_str()), ImGuiInputTextFlags_Password);
    // Enter signs in, as people expect from a password field.
    if (!busy && ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
        choice = KeySignInChoice::Passphrase;
    ImGui::Dummy(ImVec2(0, 6));
    if (busy) {
        button(ui, "signin", page.checking, ButtonKind::Primary, ImVec2(iw, 48), false);
        ui.canvas.animate();
    } else if (button(ui, "signin", "Sign in", ButtonKind::Primary, ImVec2(iw, 48))) {
        choice = KeySignInChoice::Passphrase;
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (button(ui, "keyfile", page.key_file, ButtonKind::Ghost, ImVec2(iw, 44), !busy)) choice = KeySignInChoice::KeyFile;
    card_end(ui);

    card_begin(ui, page.about_title, x, w);
    hint(ui, ui.t(page.about), iw);
    card_end(ui);
    ImGui::EndGroup();
    ImGui::EndChild();
    return choice;
}

}  // namespace ui
