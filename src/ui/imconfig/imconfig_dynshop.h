// Dear ImGui build configuration for the app (IMGUI_USER_CONFIG).
#pragma once
// 32-bit indices: WebGL2 draws them natively and a long product grid never needs VtxOffset.
#define ImDrawIdx unsigned int
#define IMGUI_DISABLE_WIN32_FUNCTIONS
// One stb_truetype in the app: src/ui/fonts.cpp compiles Dear ImGui's copy (and its rect packer) with
// extern linkage and draws most glyphs itself; the atlas builder calls the same functions.
#define IMGUI_DISABLE_STB_TRUETYPE_IMPLEMENTATION
#define IMGUI_DISABLE_STB_RECT_PACK_IMPLEMENTATION
