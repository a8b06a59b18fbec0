#include "ui/theme.h"

#include <algorithm>
#include <cmath>

namespace ui {

ImU32 rgb(std::uint32_t hex, float alpha) {
    return IM_COL32((hex >> 16) & 255, (hex >> 8) & 255, hex & 255, static_cast<int>(std::clamp(alpha, 0.f, 1.f) * 255));
}

ImU32 mix(ImU32 a, ImU32 b, float t) {
    auto ch = [&](int shift) {
        float x = ((a >> shift) & 255), y = ((b >> shift) & 255);
        return static_cast<ImU32>(std::lround(x + (y - x) * t)) << shift;
    };
    return ch(0) | ch(8) | ch(16) | ch(24);
}

ImU32 with_alpha(ImU32 c, float alpha) {
    return (c & 0x00FFFFFFu) | (static_cast<ImU32>(std::clamp(alpha, 0.f, 1.f) * 255) << 24);
}

namespace {
float luminance(std::uint32_t hex) {
    auto lin = [](float c) { c /= 255.f; return c <= 0.03928f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); };
    return 0.2126f * lin((hex >> 16) & 255) + 0.7152f * lin((hex >> 8) & 255) + 0.0722f * lin(hex & 255);
}
}  // namespace

Palette make_palette(const core::Theme& t) {
    Palette p;
    p.primary = rgb(t.primary);
    p.primary_soft = mix(rgb(t.background), rgb(t.primary), 0.10f);
    p.primary_pressed = mix(rgb(t.primary), IM_COL32(0, 0, 0, 255), 0.15f);
    // White or near-black text on the primary colour, whichever reads better.
    p.on_primary = luminance(t.primary) > 0.45f ? IM_COL32(17, 24, 39, 255) : IM_COL32(255, 255, 255, 255);
    p.accent = rgb(t.accent);
    p.accent_soft = mix(rgb(t.surface), rgb(t.accent), 0.12f);
    p.background = rgb(t.background);
    p.surface = rgb(t.surface);
    p.surface_alt = mix(rgb(t.surface), rgb(t.text), 0.04f);
    p.text = rgb(t.text);
    p.muted = mix(rgb(t.text), rgb(t.surface), 0.42f);
    p.faint = mix(rgb(t.text), rgb(t.surface), 0.65f);
    p.border = mix(rgb(t.text), rgb(t.surface), 0.88f);
    p.danger = IM_COL32(185, 28, 28, 255);
    p.danger_soft = IM_COL32(254, 242, 242, 255);
    p.success = IM_COL32(21, 128, 61, 255);
    p.success_soft = IM_COL32(240, 253, 244, 255);
    p.warning_soft = IM_COL32(255, 251, 235, 255);
    p.shadow = IM_COL32(15, 23, 42, 20);
    p.background_rgb = t.background;
    return p;
}

void raise_contrast(Palette& p) {
    p.muted = mix(p.muted, p.text, 0.6f);
    p.faint = mix(p.faint, p.text, 0.6f);
    p.border = mix(p.border, p.text, 0.5f);
}

Palette default_palette() {
    core::Theme t;
    t.primary = 0x1F6F5C;
    t.accent = 0xB45309;
    t.background = 0xF6F4EF;
    t.surface = 0xFFFFFF;
    t.text = 0x1F2937;
    return make_palette(t);
}

void apply_style(const Palette& p, bool phone) {
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowPadding = ImVec2(0, 0);
    s.WindowRounding = 0;
    s.WindowBorderSize = 0;
    s.ChildBorderSize = 0;
    s.ChildRounding = 0;
    s.PopupRounding = 12;
    s.PopupBorderSize = 0;
    s.FramePadding = ImVec2(12, phone ? 12 : 9);
    s.FrameRounding = 10;
    s.FrameBorderSize = 1;
    s.ItemSpacing = ImVec2(8, 8);
    s.ItemInnerSpacing = ImVec2(6, 6);
    s.ScrollbarSize = phone ? 3 : 8;
    s.ScrollbarRounding = 8;
    s.GrabRounding = 8;
    s.TouchExtraPadding = phone ? ImVec2(4, 4) : ImVec2(0, 0);
    s.AntiAliasedLines = true;
    s.AntiAliasedFill = true;
    s.AntiAliasedLinesUseTex = false;
    auto v4 = [](ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); };
    ImVec4* c = s.Colors;
    c[ImGuiCol_Text] = v4(p.text);
    c[ImGuiCol_TextDisabled] = v4(p.faint);
    c[ImGuiCol_WindowBg] = v4(p.background);
    c[ImGuiCol_ChildBg] = v4(with_alpha(p.background, 0));
    c[ImGuiCol_PopupBg] = v4(p.surface);
    c[ImGuiCol_Border] = v4(p.border);
    c[ImGuiCol_FrameBg] = v4(p.surface);
    c[ImGuiCol_FrameBgHovered] = v4(p.surface);
    c[ImGuiCol_FrameBgActive] = v4(p.surface);
    c[ImGuiCol_ScrollbarBg] = v4(with_alpha(p.background, 0));
    c[ImGuiCol_ScrollbarGrab] = v4(with_alpha(p.text, 0.18f));
    c[ImGuiCol_ScrollbarGrabHovered] = v4(with_alpha(p.text, 0.3f));
    c[ImGuiCol_ScrollbarGrabActive] = v4(with_alpha(p.text, 0.4f));
    c[ImGuiCol_TextSelectedBg] = v4(with_alpha(p.primary, 0.25f));
    c[ImGuiCol_NavHighlight] = v4(with_alpha(p.primary, 0.6f));
    c[ImGuiCol_ModalWindowDimBg] = v4(IM_COL32(15, 23, 42, 90));
}

}  // namespace ui
