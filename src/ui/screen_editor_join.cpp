// Onboarding from an invite: a shop name, an address (checked while typing), a passphrase (the key
// is made from it in this browser; what losing it means is said first), and the shop is live.
#include <algorithm>

#include "ui/editor_ui.h"

namespace ui {

void show_editor_join(Ui& ui) {
    app::EditorState& e = editor_buffers(ui);
    app::JoinState& j = e.join;
    if (j.status == app::EditorLoad::Refused) {
        notice_page(ui, Icon::Alert, "This invite cannot be used", j.error, {{"Go to the shops", app::Navigate{"/"}}});
        return;
    }
    if (j.status != app::EditorLoad::Ready) {
        const std::string text = ui.t("Checking your invite…");
        const ImVec2 ts = text_size(ui, Font::Body, text);
        draw_text(ui, Font::Body, ImVec2((ui.width - ts.x) * 0.5f, ui.height * 0.45f), ui.pal.muted, text);
        ui.canvas.expose("loading", text, ImVec2((ui.width - ts.x) * 0.5f, ui.height * 0.45f), ImVec2((ui.width + ts.x) * 0.5f, ui.height * 0.45f + ts.y));
        ui.canvas.animate();
        return;
    }
    const float w = std::min(ui.width - 32, 480.f);
    const float x = std::floor((ui.width - w) * 0.5f);
    const float iw = w - 32;
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    ImGui::BeginChild("##join", ImVec2(ui.width, ui.height), false, ImGuiWindowFlags_NoBackground);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + (ui.phone ? 28 : 56)));
    ImGui::BeginGroup();
    const ImVec2 ic = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddCircleFilled(ImVec2(ic.x + w * 0.5f, ic.y + 30), 30, ui.pal.primary_soft, 40);
    draw_icon(dl, Icon::Store, ImVec2(ic.x + w * 0.5f, ic.y + 30), 28, ui.pal.primary);
    ImGui::Dummy(ImVec2(w, 72));
    const std::string title = ui.t("Open your shop");
    const ImVec2 ts = text_size(ui, Font::Display, title);
    draw_text(ui, Font::Display, ImVec2(x + (w - ts.x) * 0.5f, ImGui::GetCursorScreenPos().y), ui.pal.text, title);
    ui.canvas.expose("page-title", title, ImVec2(x, ImGui::GetCursorScreenPos().y), ImVec2(x + w, ImGui::GetCursorScreenPos().y + ts.y),
                     "Open your shop");
    ImGui::Dummy(ImVec2(w, ts.y + 6));
    const std::string who = j.invite && j.invite->parent.empty() ? ui.tf("{} invites you to sell its products in a shop of your own.", j.brand_name)
                                                                 : ui.tf("{} invites you to open a shop of your own with", j.inviter) + " " + j.brand_name + ".";
    const ImVec2 ws = text_size(ui, Font::Body, who, w);
    draw_text(ui, Font::Body, ImVec2(x + (w - std::min(ws.x, w)) * 0.5f, ImGui::GetCursorScreenPos().y), ui.pal.muted, who, w);
    ui.canvas.expose("invite-from", who, ImVec2(x, ImGui::GetCursorScreenPos().y), ImVec2(x + w, ImGui::GetCursorScreenPos().y + ws.y));
    ImGui::Dummy(ImVec2(w, ws.y + 16));

    auto err = [&](const char* k) {
        auto it = j.errors.find(k);
        return it == j.errors.end() ? std::string() : std::string(ui.t(it->second.c_str()));
    };
    card_begin(ui, "Your shop", x, w);
    if (text_field(ui, "shop-name", "Shop name", j.shop_name, "e.g. Mei's Tea Corner", platform::InputMode::Text, iw, false,
                   err("shop_name")))
        emit_editor(ui, app::JoinFormChanged{});
    ImGui::Dummy(ImVec2(0, 4));
    text_field(ui, "person", "Your name (optional)", j.person, "Shown as the person who runs the shop", platform::InputMode::Text, iw);
    ImGui::Dummy(ImVec2(0, 4));
    const std::string before = j.slug;
    text_field(ui, "slug", "Shop address", j.slug, "letters, digits and dashes", platform::InputMode::Text, iw, false, err("slug"));
    if (j.slug != before) {
        j.slug_edited = true;
        emit_editor(ui, app::JoinFormChanged{});
    }
    if (!j.slug.empty() && err("slug").empty()) {
        const bool bad = j.slug_state == app::SlugAvailability::Taken;
        const bool good = j.slug_state == app::SlugAvailability::Free;
        const std::string msg = ui.t(j.slug_message.c_str());
        const ImVec2 p = ImGui::GetCursorScreenPos();
        draw_text(ui, Font::Small, p, bad ? ui.pal.danger : good ? ui.pal.success : ui.pal.muted, msg, iw);
        ui.canvas.expose("slug-status", msg, p, ImVec2(p.x + iw, p.y + text_size(ui, Font::Small, msg, iw).y), j.slug_message);
        ImGui::Dummy(ImVec2(iw, text_size(ui, Font::Small, msg, iw).y));
    }
    hint(ui, ui.tf("Customers will open {}", platform::origin() + "/s/" + (j.slug.empty() ? "…" : j.slug)), iw);
    card_end(ui);

    card_begin(ui, "Your passphrase", x, w);
    hint(ui, ui.t("Your shop is protected by a key made from this passphrase, here in your browser. You sign in on other devices "
                  "with your shop address and this passphrase. Nobody can reset it, not the brand and not us: if you forget it "
                  "and lose your key file, you cannot change this shop any more. Write it down."),
         iw, ui.pal.text);
    ImGui::Dummy(ImVec2(0, 6));
    text_field(ui, "pass1", "Passphrase", j.passphrase, "At least 8 characters; a short sentence works well", platform::InputMode::Text,
               iw, false, err("passphrase"), ImGuiInputTextFlags_Password);
    ImGui::Dummy(ImVec2(0, 4));
    text_field(ui, "pass2", "Passphrase again", j.passphrase2, "", platform::InputMode::Text, iw, false, err("passphrase2"),
               ImGuiInputTextFlags_Password);
    card_end(ui);

    if (!err("form").empty()) message_box(ui, "join-error", err("form"), w, true);
    if (j.creating) {
        button(ui, "create", j.step, ButtonKind::Primary, ImVec2(w, 52), false);
        ui.canvas.animate();
    } else if (button(ui, "create", "Open my shop", ButtonKind::Primary, ImVec2(w, 52))) {
        emit_editor(ui, app::CreateShop{});
    }
    ImGui::Dummy(ImVec2(0, 8));
    hint(ui, ui.tf("Product content comes from {}: you choose what to feature and add your own words.", j.brand_name), w);
    ImGui::Dummy(ImVec2(0, 32));
    ImGui::EndGroup();
    ImGui::EndChild();
}

}  // namespace ui
