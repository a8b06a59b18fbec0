// Theme: the shop's colours (from its signed manifest) turned into a palette and ImGui style.
#pragma once
#include <cstdint>

#include "core/shop/shop.h"
#include "imgui.h"

namespace ui {

struct Palette {
    ImU32 primary, primary_soft, primary_pressed, on_primary;
    ImU32 accent, accent_soft;
    ImU32 background, surface, surface_alt, text, muted, faint, border;
    ImU32 danger, danger_soft, success, success_soft, warning_soft;
    ImU32 shadow;
    std::uint32_t background_rgb;
};

Palette make_palette(const core::Theme& theme);
Palette default_palette();  // the platform's own look (directory, errors)
// prefers-contrast: more: secondary text, faint text and borders moved most of the way to the text
// colour (a shop's own colours stay its own).
void raise_contrast(Palette& p);
void apply_style(const Palette& p, bool phone);

ImU32 rgb(std::uint32_t hex, float alpha = 1.f);
ImU32 mix(ImU32 a, ImU32 b, float t);
ImU32 with_alpha(ImU32 c, float alpha);

// Spacing scale (CSS px) so screens share one rhythm.
namespace space {
constexpr float xs = 4, sm = 8, md = 12, lg = 16, xl = 24, xxl = 32;
constexpr float touch = 44;  // minimum touch target on phones
}  // namespace space

}  // namespace ui
