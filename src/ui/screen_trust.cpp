// The host's store answers with another platform's documents (its /trust.json names another root
// than the one built into the app): a full-screen explanation instead of anything the store sent,
// on every route. Nothing of the shop is known, not even its language: the page says it in English
// and in Chinese, the demo platform's two languages.
#include <algorithm>
#include <cmath>

#include "core/trust/pin.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

namespace {
constexpr const char* kTitle = "This site's store answers with another platform's documents";
constexpr const char* kBody =
    "This app trusts only the platform it was built for. The store behind this address says its shops, products and "
    "prices are signed by another platform's root key, so none of it is shown here.";
constexpr const char* kWhat =
    "If a link brought you here, the shop it names is not on this platform. If you run this site, serve the app built "
    "for this store, or seed the store with this platform's documents.";

// A title and its paragraphs, wrapped to w, centred as a block; returns the height used.
float block(Ui& ui, Lang lang, float x, float y, float w, bool draw) {
    const std::string title = tr(lang, kTitle), body = tr(lang, kBody), what = tr(lang, kWhat);
    const ImVec2 ts = text_size(ui, Font::Title, title, w), bs = text_size(ui, Font::Body, body, w),
                 ws = text_size(ui, Font::Body, what, w);
    if (draw) {
        draw_text(ui, Font::Title, ImVec2(x, y), ui.pal.text, title, w);
        ui.canvas.expose("trust-refused", title, ImVec2(x, y), ImVec2(x + w, y + ts.y), lang == Lang::En ? kTitle : "");
        draw_text(ui, Font::Body, ImVec2(x, y + ts.y + 12), ui.pal.text, body, w);
        ui.canvas.expose("trust-why", body, ImVec2(x, y + ts.y + 12), ImVec2(x + w, y + ts.y + 12 + bs.y));
        const float wy = y + ts.y + 12 + bs.y + 10;
        draw_text(ui, Font::Body, ImVec2(x, wy), ui.pal.muted, what, w);
        ui.canvas.expose("trust-what", what, ImVec2(x, wy), ImVec2(x + w, wy + ws.y));
    }
    return ts.y + 12 + bs.y + 10 + ws.y;
}
}  // namespace

void show_foreign_store(Ui& ui) {
    const app::AppState& st = ui.state;
    const bool phone = ui.phone;
    const float w = std::min(ui.width - (phone ? 40.f : 64.f), 560.f);
    const float x = std::floor((ui.width - w) * 0.5f);
    const std::string ours = st.root ? st.root->b64() : std::string();
    const std::string mine = core::key_fingerprint(ours), theirs = core::key_fingerprint(st.foreign_root);
    std::string keys;
    for (Lang lang : {Lang::En, Lang::Zh})
        keys += (keys.empty() ? "" : "\n") + tr_fmt(lang, "This app's platform key: {}", mine) + "\n" +
                tr_fmt(lang, "The key this store names: {}", theirs);
    const float en_h = block(ui, Lang::En, x, 0, w, false), zh_h = block(ui, Lang::Zh, x, 0, w, false);
    const ImVec2 ks = text_size(ui, Font::Small, keys, w - 32);
    const float total = 64 + 24 + en_h + 28 + zh_h + 28 + ks.y + 28;

    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    ImGui::BeginChild("##foreign-store", ImVec2(ui.width, ui.height), false, ImGuiWindowFlags_NoBackground);
    const float top = ImGui::GetCursorScreenPos().y;
    float y = top + std::max(phone ? 28.f : 48.f, (ui.height - total) * 0.4f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // A warning, not a fault of the person's device: the danger colours of the palette.
    dl->AddCircleFilled(ImVec2(x + 32, y + 32), 32, ui.pal.danger_soft, 48);
    draw_icon(dl, Icon::Alert, ImVec2(x + 32, y + 32), 30, ui.pal.danger);
    y += 64 + 24;
    block(ui, Lang::En, x, y, w, true);
    y += en_h + 14;
    dl->AddLine(ImVec2(x, y), ImVec2(x + w, y), ui.pal.border);
    y += 14;
    block(ui, Lang::Zh, x, y, w, true);
    y += zh_h + 28;
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + ks.y + 28), ui.pal.surface_alt, 10);
    draw_text(ui, Font::Small, ImVec2(x + 16, y + 14), ui.pal.muted, keys, w - 32);
    ui.canvas.expose("trust-keys", keys, ImVec2(x, y), ImVec2(x + w, y + ks.y + 28));
    y += ks.y + 28 + 28;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ImGui::Dummy(ImVec2(w, 1));
    ImGui::EndChild();
}

}  // namespace ui
