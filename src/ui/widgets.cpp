#include "ui/widgets.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/money.h"
#include "core/shop/shop_words.h"
#include "core/text.h"
#include "imgui_internal.h"
#include "ui/order_notices_ui.h"
#include "misc/cpp/imgui_stdlib.h"

namespace ui {

// [SECTION] Text -------------------------------------------------------------------------------
// ImGui wraps Chinese text at whatever character overflows, so a line can start with "。" or "，".
// Chinese typesetting never does that: the character before such a mark moves down with it.
// Wrapped text that is not plain ASCII is laid out here, line by line; ASCII keeps ImGui's wrap.

namespace {

bool no_line_start(unsigned c) {
    switch (c) {
        case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F:  // 。，、：；！？
        case 0xFF09: case 0x300D: case 0x300F: case 0x3011: case 0x300B: case 0x3009:              // ）」』】》〉
        case 0x201D: case 0x2019: case 0x2026: case 0xFF0E: case 0x2014:                          // ” ’ … ． —
            return true;
        default: return false;
    }
}

const char* prev_char(const char* s, const char* p) {
    do { --p; } while (p > s && (static_cast<unsigned char>(*p) & 0xC0) == 0x80);
    return p;
}

// Where the line that starts at s ends (the next line starts there), within width.
const char* wrap_at(ImFont* font, float scale, const char* s, const char* end, float width) {
    const char* w = font->CalcWordWrapPositionA(scale, s, end, width);
    if (w <= s) {
        unsigned c = 0;
        w = s + std::max(1, ImTextCharFromUtf8(&c, s, end));
    }
    for (int i = 0; i < 2 && w < end; ++i) {
        unsigned c = 0;
        ImTextCharFromUtf8(&c, w, end);
        if (!no_line_start(c)) break;  // (ASCII punctuation: ImGui already keeps it with its word)
        const char* p = prev_char(s, w);
        if (p <= s) break;
        w = p;
    }
    return w;
}

bool plain_ascii(const std::string& text) {
    for (unsigned char ch : text)
        if (ch >= 0x80) return false;
    return true;
}

// Calls line(begin, end) for each wrapped line; returns the number of lines.
template <class Fn>
int for_each_line(ImFont* font, float scale, const std::string& text, float width, Fn&& line) {
    const char* s = text.c_str();
    const char* end = s + text.size();
    int n = 0;
    while (s < end) {
        const char* w = wrap_at(font, scale, s, end, width);
        const char* line_end = w;
        if (const char* nl = static_cast<const char*>(std::memchr(s, '\n', static_cast<std::size_t>(w - s)))) line_end = nl, w = nl + 1;
        line(s, line_end);
        ++n;
        s = w;
        while (s < end && *s == ' ') ++s;
    }
    return n;
}

}  // namespace

ImVec2 text_size(const Ui& ui, Font f, const std::string& text, float wrap) {
    ImFont* font = ui.font(f);
    const float size = ui.size(f);
    if (wrap <= 0 || plain_ascii(text)) return font->CalcTextSizeA(size, FLT_MAX, wrap, text.c_str(), text.c_str() + text.size());
    float w = 0;
    const int lines = for_each_line(font, size / font->FontSize, text, wrap, [&](const char* b, const char* e) {
        w = std::max(w, font->CalcTextSizeA(size, FLT_MAX, 0, b, e).x);
    });
    return ImVec2(w, std::max(1, lines) * size);
}

void draw_text(const Ui& ui, Font f, ImVec2 pos, ImU32 color, const std::string& text, float wrap) {
    ImFont* font = ui.font(f);
    const float size = ui.size(f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (wrap <= 0 || plain_ascii(text)) {
        dl->AddText(font, size, ImVec2(std::round(pos.x), std::round(pos.y)), color, text.c_str(), text.c_str() + text.size(), wrap);
        return;
    }
    float y = std::round(pos.y);
    for_each_line(font, size / font->FontSize, text, wrap, [&](const char* b, const char* e) {
        dl->AddText(font, size, ImVec2(std::round(pos.x), y), color, b, e);
        y += size;
    });
}

void text_block(const Ui& ui, Font f, ImU32 color, const std::string& text, float width) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size = text_size(ui, f, text, width);
    draw_text(ui, f, pos, color, text, width);
    ImGui::Dummy(ImVec2(width, size.y));
}

float draw_text_clamped(const Ui& ui, Font f, ImVec2 pos, float width, int lines, ImU32 color, const std::string& text) {
    ImFont* font = ui.font(f);
    const float size = ui.size(f);
    const float scale = size / font->FontSize;
    const float line_h = font->FontSize * scale;
    const char* s = text.c_str();
    const char* end = s + text.size();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float y = pos.y;
    for (int line = 0; line < lines && s < end; ++line) {
        const char* wrap = wrap_at(font, scale, s, end, width);
        const char* line_end = wrap;
        // Trim a newline that ends this line.
        const char* nl = static_cast<const char*>(std::memchr(s, '\n', line_end - s));
        if (nl) line_end = nl, wrap = nl + 1;
        if (line == lines - 1 && wrap < end) {
            // Last allowed line and more text follows: end with an ellipsis that fits.
            const char* ellipsis = "…";
            const float ew = font->CalcTextSizeA(size, FLT_MAX, 0, ellipsis).x;
            const char* cut = line_end;
            while (cut > s && font->CalcTextSizeA(size, FLT_MAX, 0, s, cut).x + ew > width) {
                do { --cut; } while (cut > s && (static_cast<unsigned char>(*cut) & 0xC0) == 0x80);
            }
            std::string shown(s, cut);
            while (!shown.empty() && shown.back() == ' ') shown.pop_back();
            shown += ellipsis;
            dl->AddText(font, size, ImVec2(std::round(pos.x), std::round(y)), color, shown.c_str());
        } else {
            dl->AddText(font, size, ImVec2(std::round(pos.x), std::round(y)), color, s, line_end);
        }
        y += line_h;
        s = wrap;
        while (s < end && *s == ' ') ++s;
    }
    return y - pos.y;
}

// [SECTION] Icons ------------------------------------------------------------------------------

void draw_icon(ImDrawList* dl, Icon icon, ImVec2 c, float size, ImU32 col) {
    const float s = size / 24.f;  // icons are designed on a 24-unit grid
    const float w = std::max(1.5f, 1.9f * s);
    auto P = [&](float x, float y) { return ImVec2(c.x + (x - 12) * s, c.y + (y - 12) * s); };
    switch (icon) {
        case Icon::Search:
            dl->AddCircle(P(10.5f, 10.5f), 6.5f * s, col, 24, w);
            dl->AddLine(P(15.5f, 15.5f), P(20, 20), col, w);
            break;
        case Icon::Cart: {
            ImVec2 pts[] = {P(2.5f, 4), P(5.5f, 4), P(7.8f, 15), P(18.5f, 15), P(20.5f, 7.5f), P(6.5f, 7.5f)};
            dl->AddPolyline(pts, 6, col, ImDrawFlags_None, w);
            dl->AddCircleFilled(P(9, 19.5f), 1.6f * s, col, 12);
            dl->AddCircleFilled(P(17, 19.5f), 1.6f * s, col, 12);
            break;
        }
        case Icon::Back: {
            ImVec2 pts[] = {P(15, 5), P(8, 12), P(15, 19)};
            dl->AddPolyline(pts, 3, col, ImDrawFlags_None, w * 1.1f);
            break;
        }
        case Icon::ChevronRight: {
            ImVec2 pts[] = {P(9, 5), P(16, 12), P(9, 19)};
            dl->AddPolyline(pts, 3, col, ImDrawFlags_None, w);
            break;
        }
        case Icon::Share: {
            dl->AddCircle(P(18, 5.5f), 2.6f * s, col, 16, w);
            dl->AddCircle(P(6, 12), 2.6f * s, col, 16, w);
            dl->AddCircle(P(18, 18.5f), 2.6f * s, col, 16, w);
            dl->AddLine(P(8.3f, 10.8f), P(15.7f, 6.7f), col, w);
            dl->AddLine(P(8.3f, 13.2f), P(15.7f, 17.3f), col, w);
            break;
        }
        case Icon::Close:
            dl->AddLine(P(6, 6), P(18, 18), col, w);
            dl->AddLine(P(18, 6), P(6, 18), col, w);
            break;
        case Icon::Plus:
            dl->AddLine(P(12, 5), P(12, 19), col, w);
            dl->AddLine(P(5, 12), P(19, 12), col, w);
            break;
        case Icon::Minus: dl->AddLine(P(5, 12), P(19, 12), col, w); break;
        case Icon::Check: {
            ImVec2 pts[] = {P(5, 12.5f), P(10, 17.5f), P(19, 7)};
            dl->AddPolyline(pts, 3, col, ImDrawFlags_None, w * 1.1f);
            break;
        }
        case Icon::Image: {
            dl->AddRect(P(3, 5), P(21, 19), col, 2 * s, 0, w);
            ImVec2 pts[] = {P(4, 17), P(10, 11), P(14, 15), P(16, 13), P(20, 17)};
            dl->AddPolyline(pts, 5, col, ImDrawFlags_None, w);
            dl->AddCircleFilled(P(16, 9), 1.6f * s, col);
            break;
        }
        case Icon::Shield: {
            ImVec2 pts[] = {P(12, 2.5f), P(20, 5.5f), P(19.2f, 13), P(12, 21.5f), P(4.8f, 13), P(4, 5.5f)};
            dl->AddConvexPolyFilled(pts, 6, col);
            ImVec2 tick[] = {P(8, 12), P(11, 15), P(16.5f, 9)};
            dl->AddPolyline(tick, 3, IM_COL32(255, 255, 255, 255), ImDrawFlags_None, w);
            break;
        }
        case Icon::Store: {
            dl->AddRect(P(4, 10), P(20, 20), col, 1.5f * s, 0, w);
            ImVec2 roof[] = {P(3, 10), P(5, 4), P(19, 4), P(21, 10)};
            dl->AddPolyline(roof, 4, col, ImDrawFlags_Closed, w);
            dl->AddRect(P(10, 14), P(14, 20), col, 0, 0, w);
            break;
        }
        case Icon::Copy:
            dl->AddRect(P(8, 8), P(19, 19), col, 2 * s, 0, w);
            dl->AddRect(P(5, 5), P(16, 16), col, 2 * s, 0, w);
            break;
        case Icon::Alert: {
            dl->AddCircle(c, 9.5f * s, col, 32, w);
            dl->AddLine(P(12, 7), P(12, 13), col, w * 1.1f);
            dl->AddCircleFilled(P(12, 16.5f), 1.3f * s, col);
            break;
        }
    }
}

// [SECTION] Controls ---------------------------------------------------------------------------

void shadow_rect(ImDrawList* dl, ImVec2 min, ImVec2 max, float rounding, ImU32 color, float spread) {
    const int steps = 4;
    const float a = ((color >> 24) & 255) / 255.f;
    for (int i = steps; i >= 1; --i) {
        const float t = static_cast<float>(i) / steps;
        const float grow = spread * t;
        dl->AddRectFilled(ImVec2(min.x - grow * 0.5f, min.y - grow * 0.2f + 1), ImVec2(max.x + grow * 0.5f, max.y + grow),
                          with_alpha(color, a * (1.f - t) * 0.9f), rounding + grow);
    }
}

bool button(Ui& ui, const char* id, const std::string& english, ButtonKind kind, ImVec2 size, bool enabled) {
    const std::string label = ui.t(english.c_str());
    if (ui.phone && size.y < space::touch) size.y = space::touch;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushID(id);
    bool clicked = ImGui::InvisibleButton("##btn", size) && enabled;
    const bool held = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    if (hovered && enabled) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    const float r = std::min(12.f, size.y * 0.5f);
    ImU32 bg = 0, fg = ui.pal.text, border = 0;
    switch (kind) {
        case ButtonKind::Primary:
            bg = held ? ui.pal.primary_pressed : hovered ? mix(ui.pal.primary, IM_COL32(0, 0, 0, 255), 0.07f) : ui.pal.primary;
            fg = ui.pal.on_primary;
            break;
        case ButtonKind::Secondary:
            bg = held ? mix(ui.pal.surface, ui.pal.text, 0.08f) : hovered ? ui.pal.surface_alt : ui.pal.surface;
            border = ui.pal.border;
            break;
        case ButtonKind::Ghost:
            bg = held ? with_alpha(ui.pal.text, 0.08f) : hovered ? with_alpha(ui.pal.text, 0.04f) : 0;
            fg = ui.pal.primary;
            break;
        case ButtonKind::Danger:
            bg = held ? mix(ui.pal.danger, IM_COL32(0, 0, 0, 255), 0.15f) : ui.pal.danger;
            fg = IM_COL32(255, 255, 255, 255);
            break;
    }
    if (!enabled) {
        bg = bg ? mix(bg, ui.pal.surface, 0.55f) : 0;
        fg = mix(fg, ui.pal.surface, 0.45f);
    }
    if (bg) dl->AddRectFilled(pos, max, bg, r);
    if (border) dl->AddRect(pos, max, border, r, 0, 1.f);
    const ImVec2 ts = text_size(ui, Font::Strong, label);
    draw_text(ui, Font::Strong, ImVec2(pos.x + (size.x - ts.x) * 0.5f, pos.y + (size.y - ts.y) * 0.5f), fg, label);
    ui.canvas.expose("button", label, pos, max, english);
    return clicked;
}

bool icon_button(Ui& ui, const char* id, Icon icon, const char* label, float size, int badge) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushID(id);
    bool clicked = ImGui::InvisibleButton("##icon", ImVec2(size, size));
    const bool held = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 c(pos.x + size * 0.5f, pos.y + size * 0.5f);
    if (held || hovered) dl->AddCircleFilled(c, size * 0.45f, with_alpha(ui.pal.text, held ? 0.10f : 0.05f), 32);
    draw_icon(dl, icon, c, 22, ui.pal.text);
    if (badge > 0) {
        std::string n = badge > 99 ? "99+" : std::to_string(badge);
        const ImVec2 ts = text_size(ui, Font::Small, n);
        const float bw = std::max(18.f, ts.x + 10), bh = 18;
        const ImVec2 bmin(c.x + 4, c.y - 16);
        dl->AddRectFilled(bmin, ImVec2(bmin.x + bw, bmin.y + bh), ui.pal.primary, bh * 0.5f);
        draw_text(ui, Font::Small, ImVec2(bmin.x + (bw - ts.x) * 0.5f, bmin.y + (bh - ts.y) * 0.5f - 0.5f), ui.pal.on_primary, n);
    }
    // Named in the page's language (a screen reader says it); the English label stays its id.
    const std::string spoken = ui.t(label);
    ui.canvas.expose("icon", badge > 0 ? spoken + " (" + std::to_string(badge) + ")" : spoken, pos,
                     ImVec2(pos.x + size, pos.y + size), label);
    return clicked;
}

bool chip(Ui& ui, const char* id, const std::string& english, bool selected) {
    const std::string label = ui.t(english.c_str());
    const ImVec2 ts = text_size(ui, Font::Body, label);
    const ImVec2 size(ts.x + 28, ui.phone ? 38 : 34);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushID(id);
    bool clicked = ImGui::InvisibleButton("##chip", size);
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    if (selected) dl->AddRectFilled(pos, max, ui.pal.text, size.y * 0.5f);
    else {
        dl->AddRectFilled(pos, max, hovered ? ui.pal.surface_alt : ui.pal.surface, size.y * 0.5f);
        dl->AddRect(pos, max, ui.pal.border, size.y * 0.5f);
    }
    draw_text(ui, Font::Body, ImVec2(pos.x + 14, pos.y + (size.y - ts.y) * 0.5f), selected ? ui.pal.surface : ui.pal.text, label);
    ui.canvas.expose("chip", label, pos, max, english);
    return clicked;
}

int stepper(Ui& ui, const char* id, int quantity, int min_value, int max_value) {
    ImGui::PushID(id);
    const float h = ui.phone ? 40 : 34;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float w = h * 3;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(pos, ImVec2(pos.x + w, pos.y + h), ui.pal.border, h * 0.5f);
    int result = quantity;
    ImGui::SetCursorScreenPos(pos);
    if (ImGui::InvisibleButton("minus", ImVec2(h, h)) && quantity > min_value) result = quantity - 1;
    draw_icon(dl, Icon::Minus, ImVec2(pos.x + h * 0.5f, pos.y + h * 0.5f), 16, quantity > min_value ? ui.pal.text : ui.pal.faint);
    ui.canvas.expose("stepper", ui.t("One fewer"), pos, ImVec2(pos.x + h, pos.y + h), "decrease");
    const std::string n = std::to_string(quantity);
    const ImVec2 ts = text_size(ui, Font::Strong, n);
    draw_text(ui, Font::Strong, ImVec2(pos.x + h + (h - ts.x) * 0.5f, pos.y + (h - ts.y) * 0.5f), ui.pal.text, n);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + 2 * h, pos.y));
    if (ImGui::InvisibleButton("plus", ImVec2(h, h)) && quantity < max_value) result = quantity + 1;
    draw_icon(dl, Icon::Plus, ImVec2(pos.x + 2.5f * h, pos.y + h * 0.5f), 16, quantity < max_value ? ui.pal.text : ui.pal.faint);
    ui.canvas.expose("stepper", ui.t("One more"), ImVec2(pos.x + 2 * h, pos.y), ImVec2(pos.x + 3 * h, pos.y + h), "increase");
    ImGui::PopID();
    return result;
}

namespace {

// Offsets into UTF-8 text in UTF-16 code units (what a DOM input's selection counts) and back.
int utf8_offset(std::string_view s, int units) {
    std::size_t i = 0;
    for (int u = 0; i < s.size() && u < units;) u += core::next_codepoint(s, i) > 0xFFFF ? 2 : 1;
    return static_cast<int>(i);
}

int utf16_offset(std::string_view s) {
    int u = 0;
    for (std::size_t i = 0; i < s.size();) u += core::next_codepoint(s, i) > 0xFFFF ? 2 : 1;
    return u;
}

// The field's node is where the person types (web/semantics.js): what it holds comes here whole, and
// the field becomes it, caret and selection included; every frame the field says where its caret is,
// so a tap that put the caret somewhere puts the node's there too.
struct FieldSync {
    const Canvas::FieldEdit* edit = nullptr;
    int sel_start = -1, sel_end = -1;
};

int field_sync(ImGuiInputTextCallbackData* d) {
    if (d->EventFlag != ImGuiInputTextFlags_CallbackAlways) return 0;
    auto* sync = static_cast<FieldSync*>(d->UserData);
    if (sync->edit) {
        const std::string& v = sync->edit->value;
        // ImGui keeps a wide copy of the text sized for the old value; the new one may have more
        // characters than its bytes grew by (a Chinese name replaced by a Latin one).
        ImGuiInputTextState& state = GImGui->InputTextState;
        const int chars = ImTextCountCharsFromUtf8(v.c_str(), v.c_str() + v.size());
        if (state.TextW.Size < chars + 1) state.TextW.resize(chars + 1);
        d->DeleteChars(0, d->BufTextLen);
        d->InsertChars(0, v.c_str(), v.c_str() + v.size());
        d->SelectionStart = utf8_offset(v, sync->edit->sel_start);
        d->CursorPos = d->SelectionEnd = utf8_offset(v, sync->edit->sel_end);
        sync->edit = nullptr;
    }
    int lo = d->CursorPos, hi = d->CursorPos;
    if (d->SelectionStart != d->SelectionEnd) {
        lo = std::min(d->SelectionStart, d->SelectionEnd);
        hi = std::max(d->SelectionStart, d->SelectionEnd);
    }
    sync->sel_start = utf16_offset(std::string_view(d->Buf, lo));
    sync->sel_end = utf16_offset(std::string_view(d->Buf, hi));
    return 0;
}

// What the browser may fill a field with (addresses, phone numbers, passwords it keeps): by the
// field's id and English label, for the few fields that ask for such things.
const char* autocomplete_of(const char* id, const std::string& label, ImGuiInputTextFlags flags) {
    const std::string i(id);
    if (flags & ImGuiInputTextFlags_Password) return i == "passphrase" ? "current-password" : "new-password";
    if (i == "name" && label == "Name") return "name";
    if (i == "phone" && label == "Phone") return "tel";
    if (i == "address" && label == "Address") return "street-address";
    return "off";
}

}  // namespace

bool text_field(Ui& ui, const char* id, const std::string& label, std::string& value, const std::string& placeholder,
                platform::InputMode mode, float width, bool multiline, const std::string& error, ImGuiInputTextFlags flags) {
    ImGui::PushID(id);
    // Typed into its node (or filled in by the browser): an active field takes the edit through its
    // callback (the caret and the selection with it); any other field simply takes the value.
    const ImGuiID field_id = ImGui::GetID("##field");
    Canvas::FieldEdit edit;
    FieldSync sync;
    bool filled = false;
    if (ui.canvas.take_field_edit(field_id, &edit)) {
        if (ImGui::GetActiveID() == field_id) sync.edit = &edit;
        else if (value != edit.value) value = edit.value, filled = true;
    }
    flags |= ImGuiInputTextFlags_CallbackAlways;
    if (!label.empty()) {
        text_block(ui, Font::Strong, ui.pal.text, ui.t(label.c_str()), width);
        ImGui::Dummy(ImVec2(0, 0));
    }
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(error.empty() ? ui.pal.border : ui.pal.danger));
    ImGui::PushFont(ui.font(Font::Body));
    ImGui::SetNextItemWidth(width);
    bool changed;
    if (multiline) {
        // ImGui 1.86 does not wrap multiline input: while the field is not being edited, its text
        // is drawn wrapped on top (the field's own text made transparent), so it reads like a
        // paragraph; editing shows the field as it is.
        const bool editing = ImGui::GetActiveID() == ImGui::GetID("##field");
        const ImVec2 box(width, ui.phone ? 96 : 84);
        if (!editing) {
            // Drawn first on this window; the field's own child window (frame and text made
            // transparent) lies on top and still takes the taps.
            const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + box.x, a.y + box.y);
            const ImGuiStyle& st = ImGui::GetStyle();
            ImDrawList* bg = ImGui::GetWindowDrawList();
            bg->AddRectFilled(a, b, ui.pal.surface, st.FrameRounding);
            ImGui::PushClipRect(ImVec2(a.x + 1, a.y + 1), ImVec2(b.x - 1, b.y - 1), true);
            draw_text(ui, Font::Body, ImVec2(a.x + st.FramePadding.x, a.y + st.FramePadding.y), ui.pal.text, value,
                      box.x - 2 * st.FramePadding.x);
            ImGui::PopClipRect();
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0, 0, 0, 0));
            ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
        }
        changed = ImGui::InputTextMultiline("##field", &value, box, flags, field_sync, &sync);
        if (!editing) ImGui::PopStyleColor(2);
    } else {
        changed = ImGui::InputText("##field", &value, flags, field_sync, &sync);
    }
    changed |= filled;
    const bool active = ImGui::IsItemActive();
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ui.canvas.register_text_field(min, max, mode);
    // Named as drawn (translated); the English label stays its id, for the tests that name it so.
    const std::string& named = label.empty() ? placeholder : label;
    FieldFacts facts;
    facts.id = field_id;
    facts.value = value;
    if (flags & ImGuiInputTextFlags_Password) facts.traits += 'p';
    if (multiline) facts.traits += 'm';
    facts.traits += static_cast<char>('0' + static_cast<int>(mode));
    facts.autocomplete = autocomplete_of(id, label, flags);
    if (active) facts.sel_start = sync.sel_start, facts.sel_end = sync.sel_end;
    ui.canvas.expose_field(ui.t(named.c_str()), min, max, named, std::move(facts));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (active) dl->AddRect(ImVec2(min.x - 1, min.y - 1), ImVec2(max.x + 1, max.y + 1), with_alpha(ui.pal.primary, 0.55f),
                            ImGui::GetStyle().FrameRounding + 1, 0, 2.f);
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    if (value.empty() && !placeholder.empty() && ui.canvas.composition().empty())
        draw_text(ui, Font::Body, ImVec2(min.x + pad.x, min.y + pad.y), ui.pal.faint, ui.t(placeholder.c_str()));
    // The IME's in-progress text (pinyin before a character is chosen) is drawn at the caret, underlined.
    if (active && !ui.canvas.composition().empty()) {
        ImGuiContext& g = *ImGui::GetCurrentContext();
        ImVec2 at = g.PlatformImePos;
        if (at.x <= 0) at = ImVec2(min.x + pad.x, min.y + pad.y);
        const std::string& comp = ui.canvas.composition();
        const ImVec2 cs = text_size(ui, Font::Body, comp);
        dl->AddRectFilled(ImVec2(at.x, at.y), ImVec2(at.x + cs.x + 4, at.y + cs.y), ui.pal.surface);
        draw_text(ui, Font::Body, ImVec2(at.x + 2, at.y), ui.pal.text, comp);
        dl->AddLine(ImVec2(at.x + 2, at.y + cs.y), ImVec2(at.x + 2 + cs.x, at.y + cs.y), ui.pal.text, 1.f);
    }
    ImGui::PopFont();
    ImGui::PopStyleColor();
    if (!error.empty()) {
        ImGui::Dummy(ImVec2(0, 0));
        const ImVec2 ep = ImGui::GetCursorScreenPos();
        text_block(ui, Font::Small, ui.pal.danger, error, width);
        ui.canvas.expose("field-error", error, ep, ImVec2(ep.x + width, ImGui::GetCursorScreenPos().y), label);
    }
    (void)pos;
    ImGui::PopID();
    return changed;
}

bool dialog_card(Ui& ui, const std::string& title, ImVec2 min, ImVec2 max) {
    ui.canvas.expose("dialog", title, min, max);
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
}

// [SECTION] Media ------------------------------------------------------------------------------

void image(Ui& ui, const core::ImageRef& ref, ImVec2 min, ImVec2 max, float rounding, ImDrawFlags corners) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Off-screen images cost nothing: not fetched, not decoded.
    const ImVec4 clip = dl->_ClipRectStack.back();
    if (max.y < clip.y || min.y > clip.w || max.x < clip.x || min.x > clip.z) return;
    ImageView v = ui.images.get(ref);
    if (v.state == ImageState::Ready) {
        // Cover fit: crop the texture to the box's aspect ratio.
        const float bw = max.x - min.x, bh = max.y - min.y;
        const float ia = static_cast<float>(v.width) / v.height, ba = bw / bh;
        ImVec2 uv0(0, 0), uv1(1, 1);
        if (ia > ba) {
            const float k = ba / ia;
            uv0.x = (1 - k) * 0.5f;
            uv1.x = 1 - uv0.x;
        } else {
            const float k = ia / ba;
            uv0.y = (1 - k) * 0.5f;
            uv1.y = 1 - uv0.y;
        }
        dl->AddImageRounded(v.texture, min, max, uv0, uv1, IM_COL32_WHITE, rounding, corners);
        return;
    }
    dl->AddRectFilled(min, max, ui.pal.surface_alt, rounding, corners);
    const float icon = std::min(36.f, std::min(max.x - min.x, max.y - min.y) * 0.35f);
    const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
    if (v.state == ImageState::Failed) {
        draw_icon(dl, Icon::Image, c, icon, ui.pal.faint);
        if (max.y - min.y > 120 && max.x - min.x > 160) {
            const std::string msg = v.error.empty() ? ui.t("Image unavailable") : v.error;
            const ImVec2 ts = text_size(ui, Font::Small, msg, max.x - min.x - 24);
            draw_text(ui, Font::Small, ImVec2(c.x - std::min(ts.x, max.x - min.x - 24) * 0.5f, c.y + icon * 0.7f), ui.pal.muted, msg,
                      max.x - min.x - 24);
        }
    } else {
        draw_icon(dl, Icon::Image, c, icon, with_alpha(ui.pal.faint, 0.5f));
    }
}

void avatar(Ui& ui, const core::ImageRef& ref, const std::string& name, ImVec2 c, float r, ImU32 ring) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (ring) dl->AddCircleFilled(c, r + 3, ring, 48);
    if (!ref.empty()) {
        image(ui, ref, ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), r);
        return;
    }
    dl->AddCircleFilled(c, r, ui.pal.primary, 48);
    std::string initial;
    if (!name.empty()) {
        std::size_t i = 0;
        core::append_utf8(initial, core::next_codepoint(name, i));
    }
    const ImVec2 ts = text_size(ui, Font::Title, initial);
    draw_text(ui, Font::Title, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), ui.pal.on_primary, initial);
}

// [SECTION] Commerce ---------------------------------------------------------------------------

std::string draw_price(const Ui& ui, ImVec2 pos, core::Minor price, core::Minor list_price, const std::string& currency, Font f,
                ImU32 color) {
    const std::string main = core::format_money(price, currency);
    draw_text(ui, f, pos, color, main);
    if (list_price > price) {
        const ImVec2 ms = text_size(ui, f, main);
        const std::string was = core::format_money(list_price, currency);
        const ImVec2 ws = text_size(ui, Font::Small, was);
        const ImVec2 wp(pos.x + ms.x + 6, pos.y + ms.y - ws.y - 1);
        draw_text(ui, Font::Small, wp, ui.pal.faint, was);
        ImGui::GetWindowDrawList()->AddLine(ImVec2(wp.x, wp.y + ws.y * 0.55f), ImVec2(wp.x + ws.x, wp.y + ws.y * 0.55f), ui.pal.faint, 1.f);
    }
    return main;
}

float verified_badge(Ui& ui, ImVec2 pos, const std::string& brand_name) {
    const std::string text = ui.tf("Verified by {}", brand_name);
    const ImVec2 ts = text_size(ui, Font::Small, text);
    const float h = 26, w = ts.x + 34;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), ui.pal.success_soft, h * 0.5f);
    draw_icon(dl, Icon::Shield, ImVec2(pos.x + 15, pos.y + h * 0.5f), 15, ui.pal.success);
    draw_text(ui, Font::Small, ImVec2(pos.x + 26, pos.y + (h - ts.y) * 0.5f), ui.pal.success, text);
    ui.canvas.expose("badge", text, pos, ImVec2(pos.x + w, pos.y + h), "Verified by " + brand_name);
    return w;
}

bool product_card(Ui& ui, const core::ShopItem& item, ImVec2 min, float width, float image_height) {
    const core::Product& p = *item.product;
    const float text_h = ui.phone ? 78 : 84;
    const ImVec2 max(min.x + width, min.y + image_height + text_h);
    ImGui::SetCursorScreenPos(min);
    ImGui::PushID(p.id.c_str());
    const bool clicked = ImGui::InvisibleButton("##card", ImVec2(width, max.y - min.y));
    const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec4 clip = dl->_ClipRectStack.back();
    const std::string& currency = item.brand && item.brand->release ? item.brand->release->currency : std::string("USD");
    if (max.y < clip.y || min.y > clip.w) {
        // Clipped: nothing to draw or load; the mirror still has the card (what it says when drawn).
        ui.canvas.expose_beyond("card-price", core::format_money(p.price, currency), ImVec2(min.x + 10, max.y - 30),
                                ImVec2(max.x - 10, max.y - 8), "", false);
        ui.canvas.expose_beyond("product", p.title, min, max, p.id);
        return clicked;
    }
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const float r = 12;
    if (hovered && !ui.phone) shadow_rect(dl, min, max, r, ui.pal.shadow, 10);
    dl->AddRectFilled(min, max, held ? ui.pal.surface_alt : ui.pal.surface, r);
    image(ui, p.thumb.empty() && !p.images.empty() ? p.images.front() : p.thumb, min, ImVec2(max.x, min.y + image_height), r,
          ImDrawFlags_RoundCornersTop);
    if (!item.note.empty()) {
        // A small tag tells shoppers the distributor wrote something about this one.
        const std::string tag = ui.t("Note");
        const ImVec2 ts = text_size(ui, Font::Small, tag);
        const ImVec2 tmin(min.x + 8, min.y + 8);
        dl->AddRectFilled(tmin, ImVec2(tmin.x + ts.x + 14, tmin.y + ts.y + 6), with_alpha(ui.pal.primary, 0.92f), 6);
        draw_text(ui, Font::Small, ImVec2(tmin.x + 7, tmin.y + 3), ui.pal.on_primary, tag);
    }
    const float pad = 10;
    const float th = draw_text_clamped(ui, Font::Body, ImVec2(min.x + pad, min.y + image_height + 8), width - 2 * pad, 2,
                                       ui.pal.text, p.title);
    (void)th;
    const std::string price = draw_price(ui, ImVec2(min.x + pad, max.y - 30), p.price, p.list_price, currency,
                                         Font::Strong, ui.pal.primary);
    ui.canvas.expose("card-price", price, ImVec2(min.x + pad, max.y - 30),
                     ImVec2(max.x - pad, max.y - 8));
    ui.canvas.expose("product", p.title, min, max, p.id);
    return clicked;
}

void distributor_note(Ui& ui, const core::ShopView& view, const std::string& note, float width) {
    const auto& m = view.shop.manifest;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float pad = 14;
    // The store's first paint says the same over the same note (core::shop_words).
    const std::string who = core::shop_word("note_from", ui.lang == Lang::Zh ? "zh-CN" : "en", {{"shop", m.identity.name}});
    const std::string sub = ui.t("Written by the shop owner, not by the brand");
    const ImVec2 ns = text_size(ui, Font::Body, note, width - 2 * pad);
    const float h = pad + 28 + 6 + ns.y + pad;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), ui.pal.primary_soft, 12);
    dl->AddRectFilled(p, ImVec2(p.x + 4, p.y + h), ui.pal.primary, 12, ImDrawFlags_RoundCornersLeft);
    avatar(ui, m.identity.avatar, m.identity.name, ImVec2(p.x + pad + 14, p.y + pad + 14), 14, 0);
    draw_text(ui, Font::Strong, ImVec2(p.x + pad + 36, p.y + pad - 1), ui.pal.text, who);
    draw_text(ui, Font::Small, ImVec2(p.x + pad + 36, p.y + pad + 16), ui.pal.muted, sub);
    draw_text(ui, Font::Body, ImVec2(p.x + pad, p.y + pad + 34), ui.pal.text, note, width - 2 * pad);
    ui.canvas.expose("distributor-note", note, p, ImVec2(p.x + width, p.y + h));
    ui.canvas.expose("note-heading", who + " · " + sub, p, ImVec2(p.x + width, p.y + pad + 34));
    ImGui::Dummy(ImVec2(width, h + 8));
}

std::string campaign_label(const Ui& ui, const std::string& campaign) {
    for (const auto& [brand, loaded] : ui.state.articles)
        if (const core::Article* a = loaded.set.find(campaign)) return ui.tf("Article: {}", a->title);
    return campaign;
}

bool article_card(Ui& ui, const core::Article& a, const std::string& brand_name, ImVec2 min, float width, float height) {
    const ImVec2 max(min.x + width, min.y + height);
    ImGui::SetCursorScreenPos(min);
    ImGui::PushID(a.id.c_str());
    const bool clicked = ImGui::InvisibleButton("##article", ImVec2(width, height));
    const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec4 clip = dl->_ClipRectStack.back();
    if (max.y < clip.y || min.y > clip.w || max.x < clip.x || min.x > clip.z) return clicked;
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const float r = 14;
    if (hovered && !ui.phone) shadow_rect(dl, min, max, r, ui.pal.shadow, 10);
    dl->AddRectFilled(min, max, held ? ui.pal.surface_alt : ui.pal.surface, r);
    const float img_h = std::floor(width * 0.5f);
    if (!a.cover.empty()) image(ui, a.cover, min, ImVec2(max.x, min.y + img_h), r, ImDrawFlags_RoundCornersTop);
    else dl->AddRectFilledMultiColor(min, ImVec2(max.x, min.y + img_h), ui.pal.primary, ui.pal.accent, ui.pal.accent, ui.pal.primary);
    const float pad = 12;
    float y = min.y + img_h + 10;
    draw_text(ui, Font::Small, ImVec2(min.x + pad, y), ui.pal.accent, brand_name);
    y += ui.size(Font::Small) + 6;
    y += draw_text_clamped(ui, Font::Strong, ImVec2(min.x + pad, y), width - 2 * pad, 2, ui.pal.text, a.title) + 4;
    if (!a.summary.empty() && y + ui.size(Font::Small) < max.y - 8)
        draw_text_clamped(ui, Font::Small, ImVec2(min.x + pad, y), width - 2 * pad,
                          std::max(1, static_cast<int>((max.y - 8 - y) / (ui.size(Font::Small) * 1.35f))), ui.pal.muted, a.summary);
    ui.canvas.expose("article", a.title, min, max, a.id);
    return clicked;
}

WorkspaceFrame workspace_frame(const Ui& ui, float max_width) {
    WorkspaceFrame f;
    f.top = ui.phone ? 56 : 64;
    f.bottom = ui.phone ? 64 : 0;
    const float margin = ui.phone ? 16 : 32;
    f.w = std::min(ui.width - 2 * margin, max_width);
    f.x = std::floor((ui.width - f.w) * 0.5f);
    return f;
}

void busy_spinner(Ui& ui, ImVec2 c, const std::string& text, float radius) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // prefers-reduced-motion: the arc stands still (the words say it is busy).
    const bool still = platform::preferences().reduced_motion;
    const float t = still ? 0.f : static_cast<float>(ImGui::GetTime());
    dl->PathArcTo(c, radius, t * 6.f, t * 6.f + 4.2f, 32);
    dl->PathStroke(ui.pal.primary, 0, 3.f);
    const std::string words = ui.t(text.c_str());
    const ImVec2 ts = text_size(ui, Font::Body, words);
    const float y = c.y + 2 * radius - 2;  // the text clears the arc
    draw_text(ui, Font::Body, ImVec2(c.x - ts.x * 0.5f, y), ui.pal.muted, words);
    ui.canvas.expose("loading", text, ImVec2(c.x - ts.x * 0.5f, y), ImVec2(c.x + ts.x * 0.5f, y + ts.y));
    if (!still) ui.canvas.animate();
}

float workspace_bar(Ui& ui, const WorkspaceFrame& f, float name_w, const core::ImageRef& picture, const std::string& name,
                    const std::string& line, const char* expose_kind) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, f.top), ui.pal.surface);
    dl->AddLine(ImVec2(0, f.top - 0.5f), ImVec2(ui.width, f.top - 0.5f), ui.pal.border);
    const float cy = f.top * 0.5f;
    avatar(ui, picture, name, ImVec2(f.x + 17, cy), 17, 0);
    const float name_x = f.x + 44;
    ImGui::PushClipRect(ImVec2(name_x, 0), ImVec2(name_x + name_w, f.top), true);
    draw_text(ui, Font::Strong, ImVec2(name_x, cy - 19), ui.pal.text, name);
    draw_text(ui, Font::Small, ImVec2(name_x, cy + 1), ui.pal.muted, line);
    ImGui::PopClipRect();
    ui.canvas.expose(expose_kind, name, ImVec2(f.x, cy - 20), ImVec2(name_x + name_w, cy + 20));
    return name_x + name_w + 24;
}

int workspace_top_tabs(Ui& ui, const WorkspaceFrame& f, float x, const std::vector<WorkspaceTab>& tabs) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float cy = f.top * 0.5f;
    int tapped = -1;
    for (std::size_t i = 0; i < tabs.size(); ++i) {
        const WorkspaceTab& t = tabs[i];
        const std::string label = ui.t(t.label);
        const ImVec2 ts = text_size(ui, Font::Strong, label);
        const float w = ts.x + 32;
        ImGui::SetCursorScreenPos(ImVec2(x, 0));
        ImGui::PushID(t.label);
        if (ImGui::InvisibleButton("##tab", ImVec2(w, f.top))) tapped = static_cast<int>(i);
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        draw_text(ui, Font::Strong, ImVec2(x + (w - ts.x) * 0.5f, cy - ts.y * 0.5f), t.on ? ui.pal.primary : (hovered ? ui.pal.text : ui.pal.muted), label);
        if (t.on) dl->AddRectFilled(ImVec2(x + 12, f.top - 3), ImVec2(x + w - 12, f.top), ui.pal.primary, 2);
        if (t.dot) dl->AddCircleFilled(ImVec2(x + w - 12, cy - 9), 4, ui.pal.accent);
        ui.canvas.expose("tab", label, ImVec2(x, 0), ImVec2(x + w, f.top), t.label);
        tab_badge(ui, ImVec2(x + w - 12, cy - 13), t.unread);
        x += w;
    }
    return tapped;
}

int workspace_bottom_tabs(Ui& ui, const WorkspaceFrame& f, const std::vector<WorkspaceTab>& tabs,
                          const std::function<void(ImDrawList*, std::size_t, ImVec2, float, ImU32)>& icon) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y = ui.height - f.bottom;
    dl->AddRectFilled(ImVec2(0, y), ImVec2(ui.width, ui.height), ui.pal.surface);
    dl->AddLine(ImVec2(0, y), ImVec2(ui.width, y), ui.pal.border);
    const float w = ui.width / static_cast<float>(tabs.size());
    int tapped = -1;
    for (std::size_t i = 0; i < tabs.size(); ++i) {
        const WorkspaceTab& t = tabs[i];
        const ImVec2 p(i * w, y);
        ImGui::SetCursorScreenPos(p);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::InvisibleButton("##tab", ImVec2(w, f.bottom))) tapped = static_cast<int>(i);
        ImGui::PopID();
        const ImU32 col = t.on ? ui.pal.primary : ui.pal.muted;
        icon(dl, i, ImVec2(p.x + w * 0.5f, y + 22), 22, col);
        if (t.dot) dl->AddCircleFilled(ImVec2(p.x + w * 0.5f + 14, y + 12), 4, ui.pal.accent);
        const std::string label = ui.t(t.phone_label ? t.phone_label : t.label);
        const ImVec2 ts = text_size(ui, Font::Small, label);
        draw_text(ui, Font::Small, ImVec2(p.x + (w - ts.x) * 0.5f, y + 38), col, label);
        ui.canvas.expose("tab", label, p, ImVec2(p.x + w, y + f.bottom), t.label);
        tab_badge(ui, ImVec2(p.x + w * 0.5f + 16, y + 12), t.unread);
    }
    return tapped;
}

void section_title(Ui& ui, const std::string& english, const std::string& note, float width) {
    const std::string title = ui.t(english.c_str());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 ts = text_size(ui, Font::Title, title);
    draw_text(ui, Font::Title, pos, ui.pal.text, title);
    if (!note.empty()) {
        const ImVec2 ns = text_size(ui, Font::Small, note);
        draw_text(ui, Font::Small, ImVec2(pos.x + width - ns.x, pos.y + ts.y - ns.y - 2), ui.pal.muted, note);
    }
    ImGui::Dummy(ImVec2(width, ts.y + 4));
}

const char* order_status_word(core::OrderStatus s) {
    switch (s) {
        case core::OrderStatus::Placed: return "Placed";
        case core::OrderStatus::Paid: return "Paid";
        case core::OrderStatus::Delivered: return "Delivered";
        case core::OrderStatus::Refunded: return "Refunded";
        case core::OrderStatus::Cancelled: return "Cancelled";
        case core::OrderStatus::Settled: return "Settled";
    }
    return "Placed";
}

int undo_shortcut() {
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.KeyCtrl || io.WantTextInput) return 0;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) return io.KeyShift ? 1 : -1;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false)) return 1;
    return 0;
}

}  // namespace ui
